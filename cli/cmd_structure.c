/* nqpf structure: industrial structure similarity, Krugman specialisation and location quotients
 * from long data (one row per region, year and industry). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/region.h"

/* Output options of the command line only (the method's options are in its descriptor table,
 * src/region/structure_options.c). */
static const cli_opt structure_opts[] = {
    {"pairs-out", 0, "PATH", 0, "write the region-pair table (similarity, pairwise Krugman) to PATH"},
    {"lq-out", 0, "PATH", 0, "write the location-quotient table (region x industry x year) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static int run_structure(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_table *t = NULL, *reg = NULL, *pairs = NULL, *lq = NULL;
    nqpf_structure_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_structure_options_parse(&o, cli_optset(a))))
        goto done;
    /* The key columns and years are the common data options here (DATA is a long table, not a
     * panel, so --let and --where do not apply). */
    static const char *const req[] = {"id", "time"};
    for (size_t k = 0; k < 2; k++)
        if (!cli_has(a, req[k])) {
            rc = nqpf_error_set(NQPF_EUSAGE, "structure: --%s COL is required", req[k]);
            goto done;
        }
    if (cli_has(a, "let") || cli_has(a, "where")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "structure: --let and --where are not available for long (region x "
                                         "industry) data; prepare the file beforehand");
        goto done;
    }
    o.region = cli_get(a, "id");
    o.time = cli_get(a, "time");
    if ((rc = cli_get_long(a, "from", LONG_MIN, &o.from)) || (rc = cli_get_long(a, "to", LONG_MAX, &o.to)) ||
        (rc = cli_load_table(a, &t, pv)))
        goto done;
    nqpf_provenance_set(pv, "id", o.region);
    nqpf_provenance_set(pv, "time", o.time);
    cli_provenance_options(a, pv);
    if ((rc = nqpf_structure(&reg, &pairs, &lq, t, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){reg, pairs, lq},
                       (const char *const[]){"regions", "pairs", "location_quotients"},
                       (const char *const[]){NULL, "pairs-out", "lq-out"}, 3, pv);
    if (!rc && !cli_has(a, "quiet")) {
        size_t np = nqpf_table_nrows(pairs);
        const double *s = nqpf_table_cnum(pairs, nqpf_table_find(pairs, "similarity"));
        double sum = 0;
        size_t c = 0;
        for (size_t i = 0; i < np; i++)
            if (!isnan(s[i]))
                sum += s[i], c++;
        fprintf(stderr, "nqpf: structure: %zu region-years, %zu region pairs; mean similarity %.4f\n",
                nqpf_table_nrows(reg), np, c ? sum / (double)c : NAN);
    }
done:
    nqpf_table_free(t);
    nqpf_table_free(reg);
    nqpf_table_free(pairs);
    nqpf_table_free(lq);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_structure_def = {
    "structure",
    run_structure,
    "Industrial structure: similarity coefficient, Krugman specialisation, location quotients",
    "structure DATA --id REGION --time T --industry COL --value COL [options]",
    "Reads long data with one row per region, year and industry (a region-year repeats once per\n"
    "industry; a repeated region, industry and year is an error naming both rows). With\n"
    "s_rk = x_rk / sum_k x_rk the share of industry k in region r, per year:\n"
    "  regions   region, time, total, krugman_rest = sum_k |s_rk - share of k in all other\n"
    "            regions|, krugman_national = sum_k |s_rk - national share of k| (both in [0, 2]),\n"
    "            mean_similarity (mean similarity coefficient with the other regions)\n"
    "  pairs     time, region_a, region_b, similarity = sum_k s_ak s_bk / sqrt(sum s_ak^2 sum\n"
    "            s_bk^2) (the UNIDO structure similarity coefficient, 1 = identical structures),\n"
    "            krugman = sum_k |s_ak - s_bk|\n"
    "  lq        region, time, industry, value, share, lq = s_rk / national share of k\n"
    "An absent region-industry row counts as zero. A region-year with an empty value cell gets\n"
    "missing indices and is left out of the national totals. --let and --where are not available\n"
    "here; --from/--to, --delim and --na are. With -o FILE.json or FILE.xlsx all three tables go\n"
    "into FILE (regions, pairs, location_quotients); a CSV -o holds the regions table, and\n"
    "--pairs-out and --lq-out the others.",
    structure_opts,
    1,
    "Examples:\n"
    "  nqpf structure tests/data/regions/industry.csv --id prov --time year --industry ind --value va\n"
    "  nqpf structure tests/data/regions/industry.csv --id prov --time year --industry ind --value va \\\n"
    "      --from 2021 -o /tmp/structure.csv --pairs-out /tmp/similarity.csv --lq-out /tmp/lq.csv\n"
    "See docs/regions.md for the formulas."};
