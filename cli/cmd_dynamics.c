/* nqpf dynamics: kernel densities per year with their shape, classic and spatial Markov chains. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/dynamics.h"

/* Defined in cmd_spatial.c: builds weights from --weights/--coords and their options. */

static const cli_opt dynamics_opts[] = {
    {"var", 0, "COL", 0, "variable to analyse (required)"},
    {"relative", 0, NULL, 0, "divide X by its unweighted mean in each year first (relative income)"},
    {"grid", 0, "N", 0, "density grid points, common to all years (default 512)"},
    {"bandwidth", 0, "H", 0, "kernel bandwidth (default: Silverman's rule of thumb for each year)"},
    {"classes", 0, "K", 0, "Markov classes from quantile cut-offs (default 5)"},
    {"quantiles", 0, "SCOPE", 0, "yearly (quantiles of each year; default) or pooled (of all years together)"},
    {"cuts", 0, "A,B,C", 0, "fixed cut-offs instead of quantiles: classes (-inf,A], (A,B], (B,C], (C,inf)"},
    {"weights", 0, "FILE", 0, "neighbour list (from,to[,weight]) for the spatial Markov chain"},
    {"coords", 0, "LON,LAT", 0, "distance weights from coordinate columns for the spatial Markov chain"},
    {"knn", 0, "K", 0, "with --coords: the K nearest neighbours (default: inverse distance)"},
    {"power", 0, "P", 0, "with --coords: inverse-distance weight d^-P (default 1)"},
    {"max-distance", 0, "D", 0, "with --coords: inverse-distance links only up to distance D"},
    {"distance", 0, "M", 0, "with --coords: arc (great circle, degrees; default) or euclidean"},
    {"style", 0, "S", 0, "W: row-standardised (default); B: binary"},
    {"density-out", 0, "FILE", 0, "write the density curves (time, x, density) to FILE"},
    {"markov-out", 0, "FILE", 0, "write the Markov chain table to FILE"},
    {"spatial-markov-out", 0, "FILE", 0, "write the spatial Markov table to FILE (needs --weights or --coords)"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *mk, size_t k)
{
    if (cli_has(a, "quiet"))
        return;
    fprintf(stderr, "nqpf: dynamics: Markov transition probabilities (rows: class in t, columns: class in t+1)\n");
    size_t ss = nqpf_table_find(mk, "steady_state"), nn = nqpf_table_find(mk, "n");
    for (size_t i = 0; i < k; i++) {
        char name[32];
        fprintf(stderr, "nqpf:   %zu (n = %4.0f):", i + 1, nqpf_table_cnum(mk, nn)[i]);
        for (size_t j = 0; j < k; j++) {
            snprintf(name, sizeof name, "p_%zu", j + 1);
            fprintf(stderr, " %.3f", nqpf_table_cnum(mk, nqpf_table_find(mk, name))[i]);
        }
        if (ss != NQPF_NONE)
            fprintf(stderr, "   steady state %.3f", nqpf_table_cnum(mk, ss)[i]);
        fputc('\n', stderr);
    }
}

static int run_dynamics(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_weights *w = NULL;
    nqpf_table *shape = NULL, *dens = NULL, *mk = NULL, *smk = NULL;
    nqpf_dynamics_options o = NQPF_DYNAMICS_OPTIONS_INIT;
    char **cutv = NULL;
    size_t ncut = 0;
    double *cuts = NULL;
    static const char *const scopes[] = {"yearly", "pooled", NULL};
    int scope;
    const char *out = cli_get(a, "out");
    int csv = !out || nqpf_format_for_path(out) == NQPF_FMT_CSV;
    int spatial = cli_has(a, "weights") || cli_has(a, "coords");
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "var")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dynamics: --var COL is required");
        goto done;
    }
    if (cli_has(a, "spatial-markov-out") && !spatial) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dynamics: --spatial-markov-out needs --weights FILE or --coords LON,LAT");
        goto done;
    }
    if (cli_has(a, "cuts") && (cli_has(a, "classes") || cli_has(a, "quantiles"))) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dynamics: --cuts fixes the classes; drop --classes/--quantiles");
        goto done;
    }
    if ((rc = cli_get_size(a, "grid", 512, &o.grid)) || (rc = cli_get_double(a, "bandwidth", 0.0, &o.bandwidth)) ||
        (rc = cli_get_size(a, "classes", 5, &o.classes)) || (rc = cli_get_choice(a, "quantiles", scopes, 0, &scope)) ||
        (rc = cli_get_list(a, "cuts", &cutv, &ncut)))
        goto done;
    if (cli_has(a, "bandwidth") && !(o.bandwidth > 0)) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--bandwidth: expected a positive number, found '%s'", cli_get(a, "bandwidth"));
        goto done;
    }
    if (o.grid < 2 || o.grid > 100000) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--grid: expected 2 to 100000 points, found '%s'", cli_get(a, "grid"));
        goto done;
    }
    if (o.classes < 2 || o.classes > 100) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--classes: expected 2 to 100, found '%s'", cli_get(a, "classes"));
        goto done;
    }
    o.scope = scope ? NQPF_CLASS_POOLED : NQPF_CLASS_YEARLY;
    o.relative = cli_has(a, "relative");
    if (ncut) {
        if (!(cuts = calloc(ncut, sizeof *cuts))) {
            rc = nqpf_error_set(NQPF_EINTERNAL, "out of memory");
            goto done;
        }
        for (size_t j = 0; j < ncut; j++)
            if (!nqpf_parse_double(cutv[j], &cuts[j]) || !isfinite(cuts[j]) || (j && !(cuts[j] > cuts[j - 1]))) {
                rc = nqpf_error_set(NQPF_EUSAGE, "--cuts: expected strictly increasing numbers, found '%s'", cutv[j]);
                goto done;
            }
        o.cuts = cuts;
        o.ncuts = ncut;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (spatial && (rc = cli_spatial_weights(a, p, &w, pv)))
        goto done;
    const char *var = cli_get(a, "var");
    nqpf_provenance_set(pv, "var", var);
    nqpf_provenance_set(pv, "classes", ncut ? cli_get(a, "cuts") : scopes[scope]);
    if ((rc = nqpf_dynamics_density(&shape, &dens, p, var, &o)) ||
        (rc = nqpf_dynamics_markov(&mk, spatial ? &smk : NULL, p, var, w, &o)))
        goto done;
    if (cli_has(a, "density-out") && (rc = nqpf_write_table(cli_get(a, "density-out"), dens, pv)))
        goto done;
    if (cli_has(a, "markov-out") && (rc = nqpf_write_table(cli_get(a, "markov-out"), mk, pv)))
        goto done;
    if (cli_has(a, "spatial-markov-out") && (rc = nqpf_write_table(cli_get(a, "spatial-markov-out"), smk, pv)))
        goto done;
    if (csv) {
        rc = cli_write_result(a, shape, pv);
    } else {
        const nqpf_table *ts[] = {shape, mk, dens, smk};
        const char *names[] = {"density_shape", "markov", "density", "spatial_markov"};
        rc = cli_write_results(a, ts, names, smk ? 4 : 3, pv);
    }
    if (!rc)
        summarise(a, mk, ncut ? ncut + 1 : o.classes);
done:
    nqpf_table_free(shape);
    nqpf_table_free(dens);
    nqpf_table_free(mk);
    nqpf_table_free(smk);
    nqpf_weights_free(w);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    free(cutv);
    free(cuts);
    return rc;
}

const cli_command cmd_dynamics_def = {
    "dynamics",
    run_dynamics,
    "Distribution dynamics: kernel densities, Markov and spatial Markov chains",
    "dynamics DATA --id ID --time T --var X [--classes K | --cuts A,B,C] [--weights FILE] [options]",
    "Describes how the distribution of X moves over time.\n"
    "Kernel density: a Gaussian kernel density of each year's values on one grid shared by all\n"
    "years (from the smallest value minus 3 bandwidths to the largest plus 3), with Silverman's\n"
    "rule-of-thumb bandwidth 0.9 min(sd, IQR/1.34) n^(-1/5) for each year unless --bandwidth.\n"
    "Markov chain: values are put into K classes (quantiles of each year, or of all years pooled,\n"
    "with mapclassify's rule: class j holds values in (q_j, q_j+1]; or fixed --cuts), and every\n"
    "unit's move between consecutive periods is one transition. Spatial Markov (Rey 2001): the\n"
    "same transitions split by the class of the unit's spatial lag (W x) at the start, with the lag\n"
    "classified by the same rule (needs --weights or --coords).\n"
    "Output (-o, CSV): one row per year: time, n, mean, sd, bandwidth, peaks (local maxima of the\n"
    "density), main_peak, main_peak_density, peak_positions (';'-separated), integral (trapezoid,\n"
    "about 1). Further tables go to --density-out, --markov-out and --spatial-markov-out, or all\n"
    "into -o FILE.json/.xlsx (tables density_shape, markov, density, spatial_markov).\n"
    "Markov table, one row per class (classes numbered 1..K): lower, upper (common cut-offs; empty\n"
    "for yearly quantiles), n (transitions out), count_j, p_j, steady_state (ergodic distribution;\n"
    "steady_state_1.. when the chain has several closed classes), sojourn = 1/(1 - p_ii), prais =\n"
    "1 - p_ii, mfpt_j (mean first passage time to j, Kemeny-Snell; the diagonal is the mean\n"
    "recurrence time 1/pi_i). The spatial Markov table adds lag_class before class.",
    dynamics_opts,
    1,
    "Examples:\n"
    "  nqpf dynamics income.csv --id state --time year --var pci --relative --quantiles pooled \\\n"
    "      --markov-out markov.csv --density-out density.csv -o shape.csv\n"
    "  nqpf dynamics prov.csv --id province --time year --var tfp --weights contiguity.csv -o dyn.xlsx\n"
    "See docs/spatial.md for the formulas and the mapping to PySAL giddy."};
