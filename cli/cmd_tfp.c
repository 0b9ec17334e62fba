/* nqpf tfp: growth-accounting TFP (Törnqvist or Solow), with the Penn World Table rule as a preset.
 * The options are the library's (src/tfp/tfp_options.c): this file loads, runs and reports. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/tfp.h"

static int summarise(cli_args *a, const nqpf_table *t)
{
    if (cli_has(a, "quiet"))
        return NQPF_OK;
    size_t n = nqpf_table_nrows(t);
    size_t jl = nqpf_table_find(t, "tfp"), jg = nqpf_table_find(t, "tfp_growth");
    const double *lv = nqpf_table_cnum(t, jl), *g = nqpf_table_cnum(t, jg);
    size_t nl = 0, ng = 0, units = 0;
    double sum = 0;
    /* Average growth per unit, for the leaders and laggards. */
    typedef struct { const char *id; double mean; size_t n; size_t levels; } ustat;
    ustat *us = calloc(n ? n : 1, sizeof *us);
    if (!us)
        return NQPF_EINTERNAL;
    const char *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *id = nqpf_table_text(t, 0, i);
        if (!prev || strcmp(prev, id) != 0) {
            us[units].id = id;
            units++;
            prev = id;
        }
        if (!isnan(lv[i])) {
            nl++;
            us[units - 1].levels++;
        }
        if (!isnan(g[i])) {
            ng++;
            sum += g[i];
            us[units - 1].mean += g[i];
            us[units - 1].n++;
        }
    }
    size_t m = 0, with_levels = 0;
    for (size_t u = 0; u < units; u++)
        with_levels += us[u].levels > 0;
    for (size_t u = 0; u < units; u++)
        if (us[u].n >= 5)
            us[m] = us[u], us[m].mean /= (double)us[m].n, m++;
    for (size_t x = 1; x < m; x++) /* insertion sort: m is small */
        for (size_t y = x; y > 0 && us[y].mean > us[y - 1].mean; y--) {
            ustat tmp = us[y];
            us[y] = us[y - 1];
            us[y - 1] = tmp;
        }
    fprintf(stderr,
            "nqpf: tfp: %zu observations of %zu units; %zu TFP levels for %zu units, %zu growth rates, "
            "mean growth %.2f%% a year\n",
            n, units, nl, with_levels, ng, ng ? 100 * sum / (double)ng : 0.0);
    if (m >= 6) {
        fprintf(stderr, "nqpf: fastest mean TFP growth (units with >= 5 growth rates):");
        for (size_t k = 0; k < 3; k++)
            fprintf(stderr, " %s %+.2f%%", us[k].id, 100 * us[k].mean);
        fprintf(stderr, "\nnqpf: slowest:");
        for (size_t k = m - 3; k < m; k++)
            fprintf(stderr, " %s %+.2f%%", us[k].id, 100 * us[k].mean);
        fputc('\n', stderr);
    }
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
    free(us);
    return NQPF_OK;
}

static int run_tfp(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    nqpf_tfp_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_tfp_options_parse(&o, cli_optset(a))))
        goto done;
    /* PWT files name their panel countrycode and year: the preset needs no --id/--time. */
    if (o.preset == NQPF_TFP_PRESET_PWT)
        rc = cli_load_panel(a, "countrycode", "year", &p, pv);
    else
        rc = cli_load_panel(a, NULL, NULL, &p, pv);
    if (rc)
        goto done;
    cli_provenance_options(a, pv);
    if (o.has_base) {
        char b[32];
        snprintf(b, sizeof b, "%ld", o.base_year);
        nqpf_provenance_set(pv, "base", b);
    }
    if ((rc = nqpf_tfp_growth_accounting(&res, p, &o)))
        goto done;
    if ((rc = cli_write_result(a, res, pv)))
        goto done;
    rc = summarise(a, res);
done:
    nqpf_table_free(res);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_tfp_def = {
    "tfp",
    run_tfp,
    "Total factor productivity by growth accounting (Törnqvist, Solow, PWT preset)",
    "tfp DATA --id ID --time T --output Y --inputs K,L [--share L=COL|L=S] [options]",
    "Computes TFP growth as the output's log change minus the share-weighted log changes of the\n"
    "inputs, and chains it into a level index. Törnqvist weights each input by the average of its\n"
    "cost share in t-1 and t; Solow uses each unit's mean share. The input without --share takes\n"
    "the residual share (constant returns to scale). Output columns after the id and time:\n"
    "  tfp         level index: 1 in --base YEAR, or at the start of each chain without --base\n"
    "  tfp_growth  log change of TFP from t-1 (empty in a chain's first year)\n"
    "  chain       1, 2, ... numbering each unit's unbroken runs of years; a missing year or a\n"
    "              missing value starts a new chain. With --base, a chain that does not contain\n"
    "              the base year has growth rates but no level (nothing links it to the base);\n"
    "              a --base year with no observation at all is a data error naming the years.",
    NULL,
    1,
    "Examples:\n"
    "  nqpf tfp data/pwt91.csv --id countrycode --time year --let L=emp*hc*avh \\\n"
    "      --output rgdpna --inputs rkna,L --share L=labsh --base 2011 -o tfp.csv\n"
    "  nqpf tfp data/pwt91.csv --id countrycode --time year --output rgdpna --inputs rkna,emp \\\n"
    "      --share emp=0.6 --method solow -o tfp_solow.csv\n"
    "  nqpf tfp data/pwt91.csv --preset pwt -o tfp_pwt.xlsx\n"
    "See docs/tfp.md for the formulas and the Penn World Table reference."};
