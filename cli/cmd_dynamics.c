/* nqpf dynamics: kernel densities per year with their shape, classic and spatial Markov chains. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/dynamics.h"

/* Output options of the command line only (the method's options are in its descriptor table,
 * src/region/dynamics_options.c). */
static const cli_opt dynamics_opts[] = {
    {"density-out", 0, "FILE", 0, "write the density curves (time, x, density) to FILE"},
    {"markov-out", 0, "FILE", 0, "write the Markov chain table to FILE"},
    {"bounds-out", 0, "FILE", 0, "write the Markov class bounds (per year for yearly quantiles) to FILE"},
    {"spatial-markov-out", 0, "FILE", 0, "write the spatial Markov table to FILE (needs --weights, --coords or --geojson)"},
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
    nqpf_table *shape = NULL, *dens = NULL, *mk = NULL, *smk = NULL, *bnd = NULL;
    nqpf_dynamics_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_dynamics_options_parse(&o, cli_optset(a))))
        goto done;
    int spatial = o.weights.file || o.weights.xcol || o.weights.geojson;
    if (cli_has(a, "spatial-markov-out") && !spatial) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dynamics: --spatial-markov-out needs --weights FILE, --coords LON,LAT or --geojson FILE");
        goto done;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (spatial && (rc = nqpf_weights_build(&w, NULL, &o.weights, p)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_dynamics_density(&shape, &dens, p, o.var, &o)) ||
        (rc = nqpf_dynamics_markov(&mk, spatial ? &smk : NULL, p, o.var, w, &o)) ||
        (rc = nqpf_dynamics_markov_bounds(&bnd, p, o.var, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){shape, mk, dens, smk, bnd},
                       (const char *const[]){"density_shape", "markov", "density", "spatial_markov", "markov_bounds"},
                       (const char *const[]){NULL, "markov-out", "density-out", "spatial-markov-out", "bounds-out"}, 5,
                       pv);
    if (!rc)
        summarise(a, mk, o.ncuts ? o.ncuts + 1 : o.classes);
done:
    nqpf_table_free(shape);
    nqpf_table_free(dens);
    nqpf_table_free(mk);
    nqpf_table_free(smk);
    nqpf_table_free(bnd);
    nqpf_weights_free(w);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
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
    "classified by the same rule (needs --weights, --coords or --geojson).\n"
    "Output (-o, CSV): one row per year: time, n, mean, sd, bandwidth, peaks (local maxima of the\n"
    "density), main_peak, main_peak_density, peak_positions (';'-separated), integral (trapezoid,\n"
    "about 1). Further tables go to --density-out, --markov-out, --spatial-markov-out and\n"
    "--bounds-out, or all into -o FILE.json/.xlsx (tables density_shape, markov, density,\n"
    "spatial_markov, markov_bounds).\n"
    "Markov table, one row per class (classes numbered 1..K): lower, upper (common cut-offs; empty\n"
    "for yearly quantiles), n (transitions out), count_j, p_j, steady_state (ergodic distribution;\n"
    "steady_state_1.. when the chain has several closed classes), sojourn = 1/(1 - p_ii), prais =\n"
    "1 - p_ii, mfpt_j (mean first passage time to j, Kemeny-Snell; the diagonal is the mean\n"
    "recurrence time 1/pi_i). The spatial Markov table adds lag_class before class.\n"
    "Bounds table (--bounds-out): time, class, lower, upper, n (values in the class); one row\n"
    "per class with time empty for fixed cuts and pooled quantiles, one row per year and class\n"
    "for yearly quantiles (type-7 quantiles of that year).",
    dynamics_opts,
    1,
    "Examples:\n"
    "  nqpf dynamics tests/data/spatial/panel.csv --id region --time year --var tfp --relative \\\n"
    "      --quantiles pooled --classes 3 --markov-out /tmp/markov.csv --density-out /tmp/density.csv\n"
    "  nqpf dynamics tests/data/spatial/panel.csv --id region --time year --var tfp --classes 3 \\\n"
    "      --weights tests/data/spatial/lattice_edges.csv --weights-from from --weights-to to -o /tmp/dyn.xlsx\n"
    "  nqpf dynamics tests/data/spatial/panel.csv --id region --time year --var tfp --cuts 0.9,1.1 \\\n"
    "      --coords lon,lat --knn 2 --spatial-markov-out /tmp/spatial_markov.csv\n"
    "See docs/spatial.md for the formulas and the mapping to PySAL giddy."};
