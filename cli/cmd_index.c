/* nqpf index: the composite development index over an indicator framework. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/index.h"

/* Output files of the command line only (the method's options are in its descriptor table,
 * src/index/index_options.c); a study writes the weights table as <step>_weights.csv. */
static const cli_opt index_opts[] = {
    {"weights-out", 0, "FILE", 0, "write indicator and dimension weights with entropy e/d, CRITIC sigma/conflict, "
                                  "TOPSIS ideal points"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_index_result *r, const nqpf_panel *p)
{
    if (cli_has(a, "quiet"))
        return;
    const nqpf_table *t = nqpf_index_result_scores(r);
    size_t n = nqpf_table_nrows(t), nt;
    const long *times = nqpf_panel_times(p, &nt);
    const double *rank = nqpf_table_cnum(t, nqpf_table_find(t, "rank"));
    const double *score = nqpf_table_cnum(t, nqpf_table_find(t, "score"));
    const nqpf_table *wt = nqpf_index_result_weights(r);
    size_t nind = 0;
    for (size_t i = 0; i < nqpf_table_nrows(wt); i++)
        nind += strcmp(nqpf_table_text(wt, 0, i), "indicator") == 0;
    fprintf(stderr, "nqpf: index: %zu units, %zu years, %zu indicators\n", nqpf_panel_nunits(p), nt, nind);
    if (nt) {
        long last = times[nt - 1];
        fprintf(stderr, "nqpf: top in %ld:", last);
        for (int k = 1; k <= 3; k++)
            for (size_t i = 0; i < n; i++)
                if (nqpf_panel_time(p, i) == last && rank[i] == k) {
                    fprintf(stderr, " %d. %s (%.4f)", k, nqpf_table_text(t, 0, i), score[i]);
                    break;
                }
        fputc('\n', stderr);
    }
    if (!isnan(nqpf_index_result_ahp_cr(r)))
        fprintf(stderr, "nqpf: AHP consistency ratio %.4f (%s 0.1)\n", nqpf_index_result_ahp_cr(r),
                nqpf_index_result_ahp_cr(r) <= 0.1 ? "<=" : ">");
    for (size_t k = 0; k < nqpf_index_result_nnotes(r); k++)
        if (strcmp(nqpf_index_result_note_key(r, k), "sensitivity_most_influential") == 0)
            fprintf(stderr, "nqpf: the choice that moves ranks most: %s\n", nqpf_index_result_note_value(r, k));
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_index(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_framework *fw = NULL;
    nqpf_index_result *r = NULL;
    nqpf_index_options o;
    char hex[65];
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_index_options_parse(&o, cli_optset(a))) || (rc = nqpf_framework_read(&fw, o.framework)) ||
        (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_file_sha256(o.framework, hex)))
        goto done;
    nqpf_provenance_set(pv, "framework_sha256", hex);
    if (o.ahp_path) {
        if ((rc = nqpf_file_sha256(o.ahp_path, hex)))
            goto done;
        nqpf_provenance_set(pv, "ahp_sha256", hex);
    }
    if ((rc = nqpf_index_compute(&r, p, fw, &o)))
        goto done;
    for (size_t k = 0; k < nqpf_index_result_nnotes(r); k++)
        nqpf_provenance_set(pv, nqpf_index_result_note_key(r, k), nqpf_index_result_note_value(r, k));
    /* JSON and XLSX hold several tables: the weights and the factors beside the scores. */
    rc = cli_write_all(a,
                       (const nqpf_table *const[]){nqpf_index_result_scores(r), nqpf_index_result_weights(r),
                                                   nqpf_index_result_factors(r)},
                       (const char *const[]){"index", "weights", "sensitivity"},
                       (const char *const[]){NULL, "weights-out", NULL}, 3, pv);
    if (rc)
        goto done;
    summarise(a, r, p);
done:
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_index_def = {
    "index",
    run_index,
    "Composite NQPF development index: framework, weights, aggregation, sensitivity, obstacles",
    "index DATA --id ID --time T --framework FILE [options]",
    "Builds a composite index from an indicator framework (one CSV row per indicator: dimension path,\n"
    "id, labels, data column or expression, unit, direction +/-, optional fixed weight). Indicators are\n"
    "normalised (--normalize, over all years with --scope global or each year with --scope period),\n"
    "weighted (--weights; weights typed in the framework stay fixed) and aggregated level by level up\n"
    "the dimension tree: weights are renormalised within each dimension and a dimension weighs the sum\n"
    "of its indicators' weights. Missing values are refused unless --impute fills them; zero-variance\n"
    "indicators are dropped with a warning (an error with --strict). Output columns after id and time:\n"
    "  score              the overall index\n"
    "  <path>             one column per dimension, e.g. laborers, laborers/skills\n"
    "  rank               1 = highest score within the year (ties share the better rank)\n"
    "  rank_median, rank_p05, rank_p95   with --sensitivity: the Monte Carlo rank distribution\n"
    "  obstacle_<id>, obstacle_<path>, obstacle_top1..3   with --obstacles: obstacle degree in %\n"
    "JSON and XLSX outputs also hold the weights table and the sensitivity factors.",
    index_opts,
    1,
    "Examples:\n"
    "  nqpf index data/pwt91.csv --id countrycode --time year --from 2000 --to 2017 --where 'ctfp > 0' \\\n"
    "      --framework frameworks/world_pwt.csv --weights-out weights.csv -o pwt_index.csv\n"
    "  nqpf index data/pwt91.csv --id countrycode --time year --from 2000 --to 2017 --where 'ctfp > 0' \\\n"
    "      --framework frameworks/world_pwt.csv --weights entropy+critic --aggregate topsis --shift 0.0001 \\\n"
    "      --obstacles --sensitivity 100 --seed 7 -o pwt_topsis.xlsx\n"
    "  nqpf index tests/data/study/panel.csv --id unit --time year --framework tests/data/study/framework.csv \\\n"
    "      --normalize rank --weights 'critic*equal' --aggregate gra --gra-zeta 0.3 --scope period\n"
    "AHP weights (--weights ahp:FILE, e.g. frameworks/provincial_ahp.csv for frameworks/provincial.csv) take a\n"
    "square matrix over the indicator ids or a dimension,a,b,value table of judgements per dimension.\n"
    "See docs/index.md (formulas, peer-tool names) and docs/frameworks.md (the templates)."};
