/* nqpf spatial: global Moran's I and Geary's C per year, and local Moran (LISA) per unit and year.
 * The options, weights included, are the library's (nqpf_spatial_options_parse()). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/spatial.h"

/* Output options of the command line only (the method's options are in its descriptor table,
 * src/region/spatial_options.c). */
static const cli_opt spatial_opts[] = {
    {"local-out", 0, "FILE", 0, "write the LISA table to FILE (implies --local; needed for CSV output)"},
    {NULL, 0, NULL, 0, NULL}};

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
    nqpf_spatial_options o;
    const char *out = cli_get(a, "out");
    int csv = !out || nqpf_format_for_path(out) == NQPF_FMT_CSV;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_spatial_options_parse(&o, cli_optset(a))))
        goto done;
    int local = o.local || cli_has(a, "local-out");
    if (local && csv && !cli_has(a, "local-out")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "spatial: --local with CSV output needs --local-out FILE (or -o FILE.json/.xlsx)");
        goto done;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)) || (rc = nqpf_weights_build(&w, NULL, &o.weights, p)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_spatial_global(&g, p, o.var, w, &o)))
        goto done;
    if (local && (rc = nqpf_spatial_local(&l, p, o.var, w, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){g, l}, (const char *const[]){"global", "local"},
                       (const char *const[]){NULL, "local-out"}, 2, pv);
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
    "spatial DATA --id ID --time T --var X (--weights FILE | --coords LON,LAT | --geojson FILE --key P) [options]",
    "Tests whether neighbouring units have similar values of X, year by year (a cross-section is a\n"
    "panel with one year). Weights come from a neighbour list (--weights: one row per directed link\n"
    "'from,to' of ids, optional 'weight'), from coordinates (inverse distance, or --knn K) or from\n"
    "polygons (--geojson FILE --key PROPERTY --contiguity queen|rook|knn:K|distance:D; see\n"
    "`nqpf weights`), and are row-standardised unless --style B. Links naming ids absent from the data are dropped with a\n"
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
    "  nqpf spatial tests/data/spatial/lattice.csv --id id --time year --var y \\\n"
    "      --weights tests/data/spatial/lattice_edges.csv\n"
    "  nqpf spatial tests/data/spatial/desmith.csv --id id --time year --var z \\\n"
    "      --weights tests/data/spatial/desmith_edges.csv --permutations 999 --seed 1 --local -o /tmp/moran.xlsx\n"
    "  nqpf spatial tests/data/spatial/panel.csv --id region --time year --var tfp --coords lon,lat --knn 4\n"
    "  nqpf spatial data/pwt91.csv --id countrycode --time year --var rgdpna --from 2015 \\\n"
    "      --weights data/world_contiguity.csv --weights-from iso_a2_from --weights-to iso_a2_to \\\n"
    "      --weights-via data/iso3_iso2.csv --weights-via-from iso3 --weights-via-to iso2\n"
    "See docs/spatial.md for the formulas and the mapping to spdep and PySAL."};
