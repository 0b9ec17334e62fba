/* nqpf spatial: global Moran's I and Geary's C per year, and local Moran (LISA) per unit and year.
 * Also defines cli_spatial_weights(), the weights options shared with `nqpf dynamics`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/spatial.h"

/* Used by cmd_dynamics.c as well (the weights options are the same in both commands). */

static const cli_opt spatial_opts[] = {
    {"var", 0, "COL", 0, "variable to analyse (required)"},
    {"weights", 0, "FILE", 0, "neighbour list: CSV with header from,to[,weight] naming ids of --id"},
    {"coords", 0, "LON,LAT", 0, "build distance weights from these coordinate columns instead of --weights"},
    {"knn", 0, "K", 0, "with --coords: the K nearest neighbours (default: inverse distance)"},
    {"power", 0, "P", 0, "with --coords: inverse-distance weight d^-P (default 1)"},
    {"max-distance", 0, "D", 0, "with --coords: inverse-distance links only up to distance D (default: all pairs)"},
    {"distance", 0, "M", 0, "with --coords: arc (great circle in km, degrees; default) or euclidean"},
    {"style", 0, "S", 0, "W: row-standardised (default); B: binary (every link weighs 1)"},
    {"permutations", 0, "N", 0, "random permutations for pseudo p-values (default 0: none)"},
    {"seed", 0, "S", 0, "seed of the permutations (mt19937; default 12345)"},
    {"local", 0, NULL, 0, "also compute local Moran (LISA) per unit and year"},
    {"local-out", 0, "FILE", 0, "write the LISA table to FILE (implies --local; needed for CSV output)"},
    {NULL, 0, NULL, 0, NULL}};

int cli_spatial_weights(cli_args *a, const nqpf_panel *p, nqpf_weights **out, nqpf_provenance *pv)
{
    *out = NULL;
    static const char *const styles[] = {"W", "B", NULL};
    static const char *const dists[] = {"arc", "euclidean", NULL};
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    int style, dist, rc;
    const char *name = cli_args_command(a)->name;
    if ((rc = cli_get_choice(a, "style", styles, 0, &style)) || (rc = cli_get_choice(a, "distance", dists, 0, &dist)))
        return rc;
    wo.style = style ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW;
    wo.distance = dist ? NQPF_DIST_EUCLIDEAN : NQPF_DIST_ARC;
    nqpf_provenance_set(pv, "weights_style", styles[style]);
    if (cli_has(a, "weights") && cli_has(a, "coords"))
        return nqpf_error_set(NQPF_EUSAGE, "%s: give either --weights FILE or --coords LON,LAT, not both", name);
    if (cli_has(a, "weights")) {
        if (cli_has(a, "knn") || cli_has(a, "power") || cli_has(a, "max-distance") || cli_has(a, "distance"))
            return nqpf_error_set(NQPF_EUSAGE, "%s: --knn, --power, --max-distance and --distance need --coords", name);
        nqpf_provenance_set(pv, "weights", cli_get(a, "weights"));
        return nqpf_weights_read_for_panel(out, cli_get(a, "weights"), p, &wo);
    }
    char **cols = NULL;
    size_t nc = 0;
    if ((rc = cli_get_list(a, "coords", &cols, &nc)))
        return rc;
    if (nc != 2) {
        free(cols);
        return nqpf_error_set(NQPF_EUSAGE, "--coords: expected two columns LON,LAT, found %zu", nc);
    }
    if (cli_has(a, "knn")) {
        if (cli_has(a, "power") || cli_has(a, "max-distance")) {
            free(cols);
            return nqpf_error_set(NQPF_EUSAGE, "%s: --power and --max-distance apply to inverse distance, not --knn", name);
        }
        wo.kind = NQPF_WKIND_KNN;
        rc = cli_get_size(a, "knn", 4, &wo.k);
    } else if (!(rc = cli_get_double(a, "power", 1.0, &wo.power)) &&
               !(rc = cli_get_double(a, "max-distance", 0.0, &wo.max_distance))) {
        if (!(wo.power > 0))
            rc = nqpf_error_set(NQPF_EUSAGE, "--power: expected a positive number, found '%s'", cli_get(a, "power"));
        else if (wo.max_distance < 0)
            rc = nqpf_error_set(NQPF_EUSAGE, "--max-distance: expected a non-negative number, found '%s'",
                                cli_get(a, "max-distance"));
    }
    if (!rc) {
        char desc[256];
        if (wo.kind == NQPF_WKIND_KNN)
            snprintf(desc, sizeof desc, "%s,%s knn k=%zu %s", cols[0], cols[1], wo.k, dists[dist]);
        else
            snprintf(desc, sizeof desc, "%s,%s inverse distance power=%g max=%g %s", cols[0], cols[1], wo.power,
                     wo.max_distance, dists[dist]);
        nqpf_provenance_set(pv, "weights", desc);
        rc = nqpf_weights_from_panel_coords(out, p, cols[0], cols[1], &wo);
    }
    free(cols);
    return rc;
}

static void summarise(cli_args *a, const nqpf_table *g, const nqpf_table *l)
{
    if (cli_has(a, "quiet"))
        return;
    size_t n = nqpf_table_nrows(g);
    const double *t = nqpf_table_cnum(g, 0), *mi = nqpf_table_cnum(g, nqpf_table_find(g, "moran_i")),
                 *mp = nqpf_table_cnum(g, nqpf_table_find(g, "moran_p_norm")),
                 *nn = nqpf_table_cnum(g, nqpf_table_find(g, "n"));
    size_t sig = 0;
    for (size_t i = 0; i < n; i++)
        sig += mp[i] < 0.05;
    fprintf(stderr, "nqpf: spatial: %zu year%s; Moran's I significant (p_norm < 0.05) in %zu\n", n, n == 1 ? "" : "s",
            sig);
    for (size_t i = 0; i < n && i < 3; i++)
        fprintf(stderr, "nqpf:   %.0f: n = %.0f, I = %.4f, p_norm = %.3g\n", t[i], nn[i], mi[i], mp[i]);
    if (n > 3)
        fprintf(stderr, "nqpf:   ... last %.0f: n = %.0f, I = %.4f, p_norm = %.3g\n", t[n - 1], nn[n - 1],
                mi[n - 1], mp[n - 1]);
    const double *isl = nqpf_table_cnum(g, nqpf_table_find(g, "islands"));
    size_t yi = 0;
    double maxi = 0;
    for (size_t i = 0; i < n; i++)
        if (isl[i] > 0)
            yi++, maxi = isl[i] > maxi ? isl[i] : maxi;
    if (yi)
        fprintf(stderr, "nqpf: islands (units without neighbours) in %zu year%s, at most %.0f a year\n", yi,
                yi == 1 ? "" : "s", maxi);
    if (l) {
        size_t q = nqpf_table_find(l, "quadrant"), c[5] = {0};
        static const char *const qn[] = {"HH", "LH", "LL", "HL"};
        for (size_t i = 0; i < nqpf_table_nrows(l); i++) {
            const char *s = nqpf_table_text(l, q, i);
            for (size_t k = 0; s && k < 4; k++)
                c[k] += strcmp(s, qn[k]) == 0;
        }
        fprintf(stderr, "nqpf: LISA quadrants over all years: HH %zu, LH %zu, LL %zu, HL %zu\n", c[0], c[1], c[2],
                c[3]);
    }
}

static int run_spatial(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_weights *w = NULL;
    nqpf_table *g = NULL, *l = NULL;
    nqpf_spatial_options so = NQPF_SPATIAL_OPTIONS_INIT;
    int local = cli_has(a, "local") || cli_has(a, "local-out");
    const char *out = cli_get(a, "out");
    int csv = !out || nqpf_format_for_path(out) == NQPF_FMT_CSV;
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "var")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "spatial: --var COL is required");
        goto done;
    }
    if (!cli_has(a, "weights") && !cli_has(a, "coords")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "spatial: --weights FILE or --coords LON,LAT is required");
        goto done;
    }
    if (local && csv && !cli_has(a, "local-out")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "spatial: --local with CSV output needs --local-out FILE (or -o FILE.json/.xlsx)");
        goto done;
    }
    unsigned long seed;
    long sl;
    if ((rc = cli_get_size(a, "permutations", 0, &so.moran.permutations)) ||
        (rc = cli_get_long(a, "seed", 12345, &sl)))
        goto done;
    if (sl < 0) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--seed: expected a non-negative integer, found '%s'", cli_get(a, "seed"));
        goto done;
    }
    seed = (unsigned long)sl;
    so.moran.seed = seed;
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)) || (rc = cli_spatial_weights(a, p, &w, pv)))
        goto done;
    nqpf_provenance_set(pv, "var", cli_get(a, "var"));
    if (so.moran.permutations) {
        char b[64];
        snprintf(b, sizeof b, "%zu", so.moran.permutations);
        nqpf_provenance_set(pv, "permutations", b);
        snprintf(b, sizeof b, "%lu", seed);
        nqpf_provenance_set(pv, "seed", b);
    }
    if ((rc = nqpf_spatial_global(&g, p, cli_get(a, "var"), w, &so)))
        goto done;
    if (local && (rc = nqpf_spatial_local(&l, p, cli_get(a, "var"), w, &so)))
        goto done;
    if (l && cli_has(a, "local-out") && (rc = nqpf_write_table(cli_get(a, "local-out"), l, pv)))
        goto done;
    if (l && !csv) {
        const nqpf_table *ts[] = {g, l};
        const char *names[] = {"global", "local"};
        rc = cli_write_results(a, ts, names, 2, pv);
    } else {
        rc = cli_write_result(a, g, pv);
    }
    if (!rc)
        summarise(a, g, l);
done:
    nqpf_table_free(g);
    nqpf_table_free(l);
    nqpf_weights_free(w);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_spatial_def = {
    "spatial",
    run_spatial,
    "Spatial autocorrelation: global Moran's I and Geary's C per year, local Moran (LISA)",
    "spatial DATA --id ID --time T --var X (--weights FILE | --coords LON,LAT) [options]",
    "Tests whether neighbouring units have similar values of X, year by year (a cross-section is a\n"
    "panel with one year). Weights come from a neighbour list (--weights: one row per directed link\n"
    "'from,to' of ids, optional 'weight') or from coordinates (inverse distance, or --knn K), and\n"
    "are row-standardised unless --style B. Links naming ids absent from the data are dropped with a\n"
    "warning; data units absent from the weights, and units without neighbours, are islands (a\n"
    "warning, not an error). Units with a missing X in a year are left out of that year together\n"
    "with their links, and the weights are re-standardised over the rest.\n"
    "Output, one row per year after the time column: n, islands, then\n"
    "  moran_i moran_e moran_var_norm moran_var_rand moran_z_norm moran_z_rand moran_p_norm\n"
    "  moran_p_rand [moran_p_sim]   Moran's I, E[I] = -1/(n-1), variances under normality and\n"
    "                               randomisation (Cliff-Ord), z, one-sided p for positive\n"
    "                               autocorrelation (upper tail, spdep's default)\n"
    "  geary_c geary_e geary_var_norm geary_var_rand geary_z_norm geary_z_rand geary_p_norm\n"
    "  geary_p_rand [geary_p_sim]   Geary's C, z = (1 - C)/sd so that z > 0 means positive\n"
    "                               autocorrelation (spdep's geary.test)\n"
    "With --permutations N: moran_p_sim = (1 + #{I_perm >= I})/(N + 1) and geary_p_sim =\n"
    "(1 + #{C_perm <= C})/(N + 1), from N random permutations (mt19937, --seed).\n"
    "With --local: a table per unit and year with value, lag (W x), lisa_i, lisa_e, lisa_var,\n"
    "lisa_z, lisa_p_norm (two-sided), [lisa_p_sim], quadrant (HH/LH/LL/HL; empty for islands) and\n"
    "neighbours: spdep's localmoran(conditional = TRUE, mlvar = TRUE): m2 = sum(z^2)/n, moments\n"
    "conditional on z_i. lisa_p_sim permutes the other n - 1 values around each unit (folded:\n"
    "(1 + min(#{I_perm >= I_i}, #{I_perm < I_i}))/(N + 1)). The LISA table goes to --local-out\n"
    "FILE, or into -o FILE.json/.xlsx as a second table 'local' beside 'global'.",
    spatial_opts,
    1,
    "Examples:\n"
    "  nqpf spatial stl.csv --id id --time year --var HR8893 --weights stl_edges.csv\n"
    "  nqpf spatial prov.csv --id province --time year --var tfp --weights contiguity.csv \\\n"
    "      --permutations 999 --seed 1 --local -o moran.xlsx\n"
    "  nqpf spatial prov.csv --id province --time year --var tfp --coords lon,lat --knn 4\n"
    "See docs/spatial.md for the formulas and the mapping to spdep and PySAL."};
