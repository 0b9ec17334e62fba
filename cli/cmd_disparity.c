/* nqpf disparity: Gini with Dagum's group decomposition, Theil T and L, coefficient of variation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/region.h"

/* Output options of the command line only (the method's options, groups included, are in its
 * descriptor table, src/region/disparity_options.c). */
static const cli_opt disparity_opts[] = {
    {"groups-out", 0, "PATH", 0, "write the per-group table (one row per year and group) to PATH"},
    {"pairs-out", 0, "PATH", 0, "write the per-pair table (one row per year and pair of groups) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *ov, int grouped)
{
    size_t n = nqpf_table_nrows(ov);
    if (cli_has(a, "quiet") || n == 0)
        return;
    const double *t = nqpf_table_cnum(ov, 0), *g = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini"));
    const double *th = nqpf_table_cnum(ov, nqpf_table_find(ov, "theil_t"));
    fprintf(stderr, "nqpf: disparity: %zu years; Gini %.4f in %.0f, %.4f in %.0f; Theil T %.4f -> %.4f\n", n, g[0],
            t[0], g[n - 1], t[n - 1], th[0], th[n - 1]);
    if (grouped) {
        const double *sw = nqpf_table_cnum(ov, nqpf_table_find(ov, "share_within"));
        const double *sb = nqpf_table_cnum(ov, nqpf_table_find(ov, "share_between_net"));
        const double *st = nqpf_table_cnum(ov, nqpf_table_find(ov, "share_transvariation"));
        fprintf(stderr, "nqpf: Dagum shares in %.0f: within %.1f%%, net between %.1f%%, transvariation %.1f%%\n",
                t[n - 1], 100 * sw[n - 1], 100 * sb[n - 1], 100 * st[n - 1]);
    }
}

static int run_disparity(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *ov = NULL, *gr = NULL, *pr = NULL;
    nqpf_disparity_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_disparity_options_parse(&o, cli_optset(a))))
        goto done;
    int grouped = o.group || o.groups.file || o.group_builtin;
    if ((cli_has(a, "groups-out") || cli_has(a, "pairs-out")) && !grouped) {
        rc = nqpf_error_set(NQPF_EUSAGE, "disparity: --groups-out and --pairs-out need --group, --group-file or "
                                         "--group-builtin");
        goto done;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_disparity(&ov, &gr, &pr, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){ov, gr, pr}, (const char *const[]){"overall", "groups", "pairs"},
                       (const char *const[]){NULL, "groups-out", "pairs-out"}, 3, pv);
    if (!rc)
        summarise(a, ov, grouped);
done:
    nqpf_table_free(ov);
    nqpf_table_free(gr);
    nqpf_table_free(pr);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_disparity_def = {
    "disparity",
    run_disparity,
    "Regional disparity: Gini with Dagum decomposition, Theil T/L, coefficient of variation",
    "disparity DATA --id ID --time T --var X [--group COL | --group-file FILE] [options]",
    "Measures, year by year, the inequality of X across units. Without groups the result has one\n"
    "row per year: n, mean, sd and cv (population standard deviation, divisor n), gini, theil_t\n"
    "(GE(1)) and theil_l (GE(0), mean log deviation; missing when some value is 0).\n"
    "With --group (a text or numeric column) or --group-file (a table mapping ids to groups,\n"
    "optionally through a --via-file code table) it adds\n"
    "the Dagum (1997) decomposition gini = gini_within + gini_between_net + gini_transvariation,\n"
    "their shares of the Gini, and theil_t/theil_l _within and _between (Shorrocks 1980). Two\n"
    "more tables describe the groups and the pairs of groups:\n"
    "  groups  time, group, n, mean, pop_share, income_share, gini (G_jj), theil_t, theil_l,\n"
    "          gini_within_contrib (G_jj p_j s_j; they sum to gini_within)\n"
    "  pairs   time, group_a (the richer), group_b, gini_between (G_jh), d_affluence (D_jh),\n"
    "          between_net_contrib and transvariation_contrib (they sum to gini_between_net and\n"
    "          gini_transvariation)\n"
    "With -o FILE.json or FILE.xlsx all three tables go into FILE (tables/sheets overall, groups,\n"
    "pairs). A CSV holds one table: -o gets the overall table, --groups-out and --pairs-out the\n"
    "others (any of .csv/.json/.xlsx). Rows with a missing X are skipped; a row with X but no group\n"
    "is an error unless --ungrouped skip. Numeric group codes read as text (1 -> \"1\"); a key that\n"
    "appears twice in a group or via file is an error naming both rows (docs/cli.md, Groups).",
    disparity_opts,
    1,
    "Examples:\n"
    "  nqpf disparity tests/data/regions/panel.csv --id id --time year --var y --group zone \\\n"
    "      -o disparity.csv --groups-out groups.csv --pairs-out pairs.csv\n"
    "  nqpf disparity data/pwt91.csv --id countrycode --time year --let 'y_pc=rgdpna/pop' --var y_pc \\\n"
    "      --from 1990 --where 'y_pc > 0' --group-file data/world_regions.csv --group-key iso_a2 \\\n"
    "      --group-col continent --via-file data/iso3_iso2.csv --via-from iso3 --via-to iso2 \\\n"
    "      --ungrouped skip -o continents.xlsx\n"
    "See docs/regions.md for the formulas and the names used by Stata and R."};
