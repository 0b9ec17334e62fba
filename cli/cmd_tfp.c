/* nqpf tfp: growth-accounting TFP (Törnqvist or Solow), with the Penn World Table rule as a preset. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "../src/util/util.h"

static const cli_opt tfp_opts[] = {
    {"output", 0, "COL", 0, "output (real value added or GDP) column"},
    {"inputs", 0, "X1,X2", 0, "input columns (e.g. capital and labour), comma-separated"},
    {"share", 0, "X=COL|X=S", 1, "cost share of input X: a column of shares or a constant; repeatable; "
                                  "the one input without a share takes 1 - the others"},
    {"method", 0, "M", 0, "tornqvist (shares averaged over t-1 and t; default) or solow (each unit's mean share)"},
    {"base", 0, "YEAR", 0, "year in which the tfp level is 1 (default: first year of each unbroken chain)"},
    {"preset", 0, "NAME", 0, "pwt: the Penn World Table 9.1 rtfpna rule (countrycode, year, rgdpna, rkna, "
                             "emp*hc*avh, labsh, USA hours where avh is missing; base 2011)"},
    {NULL, 0, NULL, 0, NULL}};

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
    ustat *us = nqpf__calloc(n ? n : 1, sizeof *us);
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

static int parse_shares(cli_args *a, nqpf_tfp_share **out, size_t *n)
{
    size_t ns;
    const char *const *sv = cli_get_all(a, "share", &ns);
    *out = NULL;
    *n = ns;
    if (!ns)
        return NQPF_OK;
    nqpf_tfp_share *sh = nqpf__calloc(ns, sizeof *sh);
    if (!sh)
        return NQPF_EINTERNAL;
    for (size_t k = 0; k < ns; k++) {
        const char *eq = strchr(sv[k], '=');
        if (!eq || eq == sv[k] || !eq[1]) {
            free(sh);
            return nqpf_error_set(NQPF_EUSAGE, "--share '%s': expected INPUT=COLUMN or INPUT=NUMBER", sv[k]);
        }
        /* The strings live in argv; cut the name off by pointing into a copy kept in the struct. */
        sh[k].input = nqpf__strndup(sv[k], (size_t)(eq - sv[k]));
        if (!sh[k].input) {
            free(sh);
            return NQPF_EINTERNAL;
        }
        double v;
        if (nqpf_parse_double(eq + 1, &v)) {
            sh[k].value = v;
            sh[k].column = NULL;
        } else {
            sh[k].column = eq + 1;
            sh[k].value = NAN;
        }
    }
    *out = sh;
    return NQPF_OK;
}

static void free_shares(nqpf_tfp_share *sh, size_t n)
{
    for (size_t k = 0; sh && k < n; k++)
        free((char *)sh[k].input);
    free(sh);
}

static int run_tfp(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    char **inputs = NULL;
    size_t ninputs = 0, nshares = 0;
    nqpf_tfp_share *shares = NULL;
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    static const char *const methods[] = {"tornqvist", "solow", NULL};
    static const char *const presets[] = {"pwt", NULL};
    int method, preset;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = cli_get_choice(a, "method", methods, 0, &method)) || (rc = cli_get_choice(a, "preset", presets, -1, &preset)))
        goto done;
    o.method = method == 1 ? NQPF_TFP_SOLOW : NQPF_TFP_TORNQVIST;
    if (preset == 0) {
        if (cli_has(a, "output") || cli_has(a, "inputs") || cli_has(a, "share") || cli_has(a, "method")) {
            rc = nqpf_error_set(NQPF_EUSAGE, "tfp: --preset pwt fixes --output, --inputs, --share and --method");
            goto done;
        }
        if ((rc = cli_load_panel(a, "countrycode", "year", &p, pv)))
            goto done;
        if ((rc = nqpf_tfp_preset_pwt(p, &o)))
            goto done;
        nqpf_provenance_set(pv, "preset", "pwt");
    } else {
        if (!cli_has(a, "output") || !cli_has(a, "inputs")) {
            rc = nqpf_error_set(NQPF_EUSAGE, "tfp: --output COL and --inputs X1,X2 are required (or --preset pwt)");
            goto done;
        }
        if ((rc = cli_get_list(a, "inputs", &inputs, &ninputs)) || (rc = parse_shares(a, &shares, &nshares)))
            goto done;
        if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
            goto done;
        o.output = cli_get(a, "output");
        o.inputs = (const char *const *)inputs;
        o.ninputs = ninputs;
        o.shares = shares;
        o.nshares = nshares;
    }
    if (cli_has(a, "base")) {
        long b;
        if ((rc = cli_get_long(a, "base", 0, &b)))
            goto done;
        o.has_base = 1;
        o.base_year = b;
    }
    nqpf_provenance_set(pv, "method", methods[method]);
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
    free(inputs);
    free_shares(shares, nshares);
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
    "              the base year has growth rates but no level (nothing links it to the base).",
    tfp_opts,
    1,
    "Examples:\n"
    "  nqpf tfp data/pwt91.csv --id countrycode --time year --let L=emp*hc*avh \\\n"
    "      --output rgdpna --inputs rkna,L --share L=labsh --base 2011 -o tfp.csv\n"
    "  nqpf tfp data/pwt91.csv --preset pwt -o tfp_pwt.xlsx\n"
    "See docs/tfp.md for the formulas and the Penn World Table reference."};
