/* nqpf disparity: Gini with Dagum's group decomposition, Theil T and L, coefficient of variation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/region.h"
#include "../src/util/util.h"

/* The column that --group-file adds to the data (a name unlikely to clash with a real column). */
#define FILE_GROUP_COL "nqpf_group_from_file"

static const cli_opt disparity_opts[] = {
    {"var", 0, "X", 0, "variable whose inequality is measured (non-negative)"},
    {"group", 0, "COL", 0, "group column (text or numeric) for the Dagum and Theil decompositions"},
    {"group-file", 0, "FILE", 0, "take the groups from FILE (CSV mapping ids to groups) instead of --group"},
    {"group-key", 0, "COL", 0, "column of --group-file holding the ids (default: the --id column name)"},
    {"group-col", 0, "COL", 0, "column of --group-file holding the groups (default: group)"},
    {"groups-out", 0, "PATH", 0, "write the per-group table (one row per year and group) to PATH"},
    {"pairs-out", 0, "PATH", 0, "write the per-pair table (one row per year and pair of groups) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static int cell_label(const nqpf_table *t, size_t j, size_t i, char *buf, size_t size, const char **out)
{
    *out = nqpf_table_is_text(t, j) ? nqpf_table_text(t, j, i) : nqpf_table_cell_str(t, j, i, buf, size);
    return *out && (*out)[0];
}

/* Adds FILE_GROUP_COL to the panel from the id -> group mapping in --group-file. */
static int attach_group_file(cli_args *a, nqpf_panel *p, nqpf_provenance *pv)
{
    const char *path = cli_get(a, "group-file");
    const char *key = cli_get(a, "group-key") ? cli_get(a, "group-key") : nqpf_panel_id_col(p);
    const char *gcol = cli_get(a, "group-col") ? cli_get(a, "group-col") : "group";
    nqpf_table *g = NULL;
    const char **vals = NULL;
    int rc = nqpf_read_table(&g, path, NULL);
    if (rc)
        return rc;
    size_t jk = nqpf_table_find(g, key), jg = nqpf_table_find(g, gcol), m = nqpf_table_nrows(g);
    size_t n = nqpf_panel_nobs(p);
    if (jk == NQPF_NONE || jg == NQPF_NONE) {
        rc = nqpf_error_set(NQPF_EDATA, "column '%s' not found in %s (set it with --group-%s)",
                            jk == NQPF_NONE ? key : gcol, path, jk == NQPF_NONE ? "key" : "col");
        goto done;
    }
    if (!(vals = nqpf__calloc(n ? n : 1, sizeof *vals))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t r = 0; r < m; r++) {
        char b1[64], b2[64], b3[64], b4[64];
        const char *k1, *g1, *k2, *g2;
        if (!cell_label(g, jk, r, b1, sizeof b1, &k1))
            continue;
        if (!cell_label(g, jg, r, b2, sizeof b2, &g1))
            g1 = "";
        for (size_t s = r + 1; s < m; s++)
            if (cell_label(g, jk, s, b3, sizeof b3, &k2) && strcmp(k1, k2) == 0) {
                if (!cell_label(g, jg, s, b4, sizeof b4, &g2))
                    g2 = "";
                if (strcmp(g1, g2) != 0) {
                    rc = nqpf_error_set(NQPF_EDATA, "%s: rows %zu and %zu give id '%s' two groups ('%s' and '%s')", path,
                                        nqpf_table_src_row(g, r), nqpf_table_src_row(g, s), k1, g1, g2);
                    goto done;
                }
            }
    }
    for (size_t u = 0; u < nqpf_panel_nunits(p); u++) {
        const char *id = nqpf_panel_unit_name(p, u), *grp = NULL;
        char b1[64], b2[64];
        for (size_t r = 0; r < m && !grp; r++) {
            const char *k1;
            if (cell_label(g, jk, r, b1, sizeof b1, &k1) && strcmp(k1, id) == 0)
                if (!cell_label(g, jg, r, b2, sizeof b2, &grp))
                    grp = NULL;
        }
        if (!grp) {
            char w[512];
            rc = nqpf_error_set(NQPF_EDATA, "%s: id '%s' has no group in %s (column '%s', groups in '%s')",
                                nqpf_panel_where(p, nqpf_panel_unit_begin(p, u), w, sizeof w), id, path, key, gcol);
            goto done;
        }
        /* grp may point into b2, which the next unit reuses. */
        for (size_t i = nqpf_panel_unit_begin(p, u); i < nqpf_panel_unit_end(p, u); i++)
            if (!(vals[i] = nqpf__strdup(grp))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
    }
    if ((rc = nqpf_table_add_text(nqpf_panel_table_mut(p), FILE_GROUP_COL, vals, NULL)))
        goto done;
    nqpf_provenance_set(pv, "group_file", path);
done:
    for (size_t i = 0; vals && i < n; i++)
        free((void *)vals[i]);
    free((void *)vals);
    nqpf_table_free(g);
    return rc;
}

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
    nqpf_disparity_options o = NQPF_DISPARITY_OPTIONS_INIT;
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "var")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "disparity: --var X is required");
        goto done;
    }
    if (cli_has(a, "group") && cli_has(a, "group-file")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "disparity: give --group or --group-file, not both");
        goto done;
    }
    if ((cli_has(a, "group-key") || cli_has(a, "group-col")) && !cli_has(a, "group-file")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "disparity: --group-key and --group-col need --group-file");
        goto done;
    }
    int grouped = cli_has(a, "group") || cli_has(a, "group-file");
    if ((cli_has(a, "groups-out") || cli_has(a, "pairs-out")) && !grouped) {
        rc = nqpf_error_set(NQPF_EUSAGE, "disparity: --groups-out and --pairs-out need --group or --group-file");
        goto done;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    o.var = cli_get(a, "var");
    o.group = cli_get(a, "group");
    if (cli_has(a, "group-file")) {
        if ((rc = attach_group_file(a, p, pv)))
            goto done;
        o.group = FILE_GROUP_COL;
    }
    nqpf_provenance_set(pv, "var", o.var);
    if (o.group)
        nqpf_provenance_set(pv, "group", o.group);
    if ((rc = nqpf_disparity(&ov, &gr, &pr, p, &o)))
        goto done;
    const char *out = cli_get(a, "out");
    if (grouped && out && nqpf_format_for_path(out) != NQPF_FMT_CSV) {
        const nqpf_table *tabs[3] = {ov, gr, pr};
        static const char *const names[3] = {"overall", "groups", "pairs"};
        rc = cli_write_results(a, tabs, names, 3, pv);
    } else {
        rc = cli_write_result(a, ov, pv);
    }
    if (!rc && cli_has(a, "groups-out"))
        rc = nqpf_write_table(cli_get(a, "groups-out"), gr, pv);
    if (!rc && cli_has(a, "pairs-out"))
        rc = nqpf_write_table(cli_get(a, "pairs-out"), pr, pv);
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
    "With --group (a text or numeric column) or --group-file (a CSV mapping ids to groups) it adds\n"
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
    "others (any of .csv/.json/.xlsx). Rows with a missing X are skipped.",
    disparity_opts,
    1,
    "Examples:\n"
    "  nqpf disparity us_states_produc.csv --id state --time year --var gsp --group region \\\n"
    "      -o disparity.csv --groups-out groups.csv --pairs-out pairs.csv\n"
    "  nqpf disparity pwt91.csv --id countrycode --time year --let 'y=rgdpna/pop' --var y \\\n"
    "      --group-file iso3_continent.csv --group-key iso3 --group-col continent -o gaps.xlsx\n"
    "See docs/regions.md for the formulas and the names used by Stata and R."};
