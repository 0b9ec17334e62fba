/* nqpf network: the spatial correlation network of a variable by the modified gravity model, its
 * Krackhardt measures, centralities, CONCOR blocks and QAP tests. The options are the library's
 * (src/network/network_options.c); the --*-out side files are this command's. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/network.h"

static const cli_opt net_cli_opts[] = {
    {"centrality-out", 0, "PATH", 0, "write the centralities (per region and year) to PATH"},
    {"summary-out", 0, "PATH", 0, "write the whole-network measures (per year) to PATH"},
    {"blocks-out", 0, "PATH", 0, "write the CONCOR blocks, their roles, density and image matrices to PATH"},
    {"qap-out", 0, "PATH", 0, "with --qap: write the QAP correlations and the MRQAP regression to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *s, const nqpf_table *q)
{
    if (cli_has(a, "quiet"))
        return;
    const double *t = nqpf_table_cnum(s, 0), *l = nqpf_table_cnum(s, nqpf_table_find(s, "links"));
    const double *d = nqpf_table_cnum(s, nqpf_table_find(s, "density"));
    const double *h = nqpf_table_cnum(s, nqpf_table_find(s, "hierarchy"));
    const double *e = nqpf_table_cnum(s, nqpf_table_find(s, "efficiency"));
    size_t n = nqpf_table_nrows(s);
    for (size_t i = 0; t && l && d && h && e && i < n; i++)
        fprintf(stderr, "nqpf: network: %.0f: %.0f links, density %.4f, hierarchy %.4f, efficiency %.4f\n", t[i], l[i],
                d[i], h[i], e[i]);
    if (q) {
        size_t ja = nqpf_table_find(q, "analysis"), jt = nqpf_table_find(q, "term");
        const double *b = nqpf_table_cnum(q, nqpf_table_find(q, "estimate"));
        const double *pv = nqpf_table_cnum(q, nqpf_table_find(q, "p_value"));
        for (size_t i = 0; b && pv && i < nqpf_table_nrows(q); i++)
            if (pv[i] == pv[i]) /* the intercept has no permutation p-value */
                fprintf(stderr, "nqpf: network: QAP %-11s %-16s %12.6g  p = %.4f\n", nqpf_table_text(q, ja, i),
                        nqpf_table_text(q, jt, i), b[i], pv[i]);
    }
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_network(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *t[5] = {NULL, NULL, NULL, NULL, NULL};
    nqpf_network_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_network_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (cli_has(a, "qap-out") && !o.qap) {
        rc = nqpf_error_set(NQPF_EUSAGE, "network: --qap-out: needs --qap Y~X1+X2");
        goto done;
    }
    cli_provenance_options(a, pv);
    if ((rc = nqpf_network_run(&t[0], &t[1], &t[2], &t[3], &t[4], p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const *)t,
                       (const char *const[]){"links", "centrality", "summary", "blocks", "qap"},
                       (const char *const[]){NULL, "centrality-out", "summary-out", "blocks-out", "qap-out"},
                       t[4] ? 5 : 4, pv);
    if (!rc)
        summarise(a, t[2], t[4]);
done:
    for (int k = 0; k < 5; k++)
        nqpf_table_free(t[k]);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_network_def = {
    "network",
    run_network,
    "Spatial correlation network: modified gravity model, Krackhardt measures, centralities, blocks, QAP",
    "network DATA --id ID --time T --var X --mass P,G (--coords LON,LAT | --distance-matrix FILE) [options]",
    "Builds, per year, the spatial correlation network of --var X by the modified gravity model\n"
    "  y_ij = k_ij M_i M_j / D_ij^2,  k_ij = X_i/(X_i+X_j),  M_i = (P_i G_i X_i)^(1/3)\n"
    "(M is the geometric mean of the --mass columns and X). D_ij is the great-circle distance in km\n"
    "between --coords (haversine, radius 6371 km) or the value of --distance-matrix (a square\n"
    "matrix: ids in the first column and in the header row); --econ g (per-capita GDP) uses the\n"
    "economic distance D_ij/|g_i - g_j|. Region i links to j (a_ij = 1) when y_ij exceeds the mean\n"
    "of row i (--threshold row_mean, the literature's rule; all_mean: the whole matrix's mean).\n"
    "Output (-o): one row per ordered pair and year (id, time, to, distance, gravity, threshold,\n"
    "link). --summary-out: nodes, links, density, connectedness, hierarchy, efficiency (Krackhardt\n"
    "1994, as UCINET) per year. --centrality-out: in_degree, out_degree, degree (neighbours either\n"
    "way), degree_centrality (100 degree/(N-1)), closeness_in/out/closeness (100 (N-1)/sum of\n"
    "distances, an unreachable region at distance N, as UCINET), betweenness and betweenness_norm\n"
    "(100 b/((N-1)(N-2))). --blocks-out: CONCOR blocks (--concor-depth splits) of the last year (or\n"
    "--year) with their roles (net_beneficial, bilateral_spillover, broker, net_spillover), density\n"
    "and image matrices. --qap Y~X1+X2: QAP correlations and the MRQAP regression (Dekker's double\n"
    "semi-partialling) of matrix Y on X1, X2 for that year; a term is network, gravity, distance or\n"
    "a column C (the matrix |C_i - C_j|); --reps permutations (default 2000), --seed; --qap-out.",
    net_cli_opts,
    1,
    "Examples:\n"
    "  nqpf network tests/data/network/province_network.csv --id id --time year --var X --mass P,G \\\n"
    "      --coords lon,lat --year 2021 -o links.csv --summary-out summary.csv --centrality-out centrality.csv\n"
    "  nqpf network tests/data/network/province_network.csv --id id --time year --var X --mass P,G \\\n"
    "      --coords lon,lat --year 2021 --blocks-out blocks.csv --qap 'network~distance+G' --reps 1000 \\\n"
    "      --qap-out qap.csv -o links.csv\n"
    "See docs/network.md for the formulas, the references and the names of UCINET's columns."};
