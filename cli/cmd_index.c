/* nqpf index: the composite development index over an indicator framework. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/index.h"
#include "../src/util/util.h"

static const cli_opt index_opts[] = {
    {"framework", 0, "FILE", 0, "indicator framework CSV: path,id,label_zh,label_en,column,unit,direction,weight "
                                "(templates in frameworks/)"},
    {"normalize", 0, "M", 0, "minmax (default), zscore, rank, ratio-mean, or none (raw values)"},
    {"scope", 0, "S", 0, "global (default: one min/max and ideal point over all years) or period (each year)"},
    {"shift", 0, "D", 0, "add D after normalisation (default 0; the literature uses 1e-4 to 0.01)"},
    {"weights", 0, "W", 0, "entropy (default), critic, cv, pca, equal, ahp:FILE, fixed; A+B = mean of two "
                           "methods, A*B = normalised product (default fixed when the framework gives every weight)"},
    {"critic-corr", 0, "C", 0, "CRITIC conflict from pearson (default) or spearman correlations"},
    {"aggregate", 0, "A", 0, "sum (default), geometric, topsis (weighted distances on the normalised data), "
                             "topsis-vector (Hwang-Yoon), gra (grey relational grade)"},
    {"gra-zeta", 0, "Z", 0, "GRA distinguishing coefficient (default 0.5)"},
    {"impute", 0, "M", 0, "fill missing values: linear, carry or mean (default: refuse them); every cell is logged"},
    {"strict", 0, NULL, 0, "fail on a zero-variance indicator instead of dropping it with a warning"},
    {"force", 0, NULL, 0, "accept an AHP matrix whose consistency ratio exceeds 0.1 (ahp:FILE is a square matrix "
                         "over the indicator ids, or a dimension,a,b,value table of judgements per dimension)"},
    {"obstacles", 0, NULL, 0, "add obstacle degrees (%) per indicator and dimension and each row's top 3"},
    {"sensitivity", 0, "N", 0, "Monte Carlo over normalisation, weights, weight noise and aggregation: "
                               "rank_median, rank_p05, rank_p95"},
    {"seed", 0, "S", 0, "seed of the sensitivity analysis (default 1)"},
    {"perturb", 0, "P", 0, "sensitivity weight noise: each weight times U(1-P, 1+P) (default 0.25)"},
    {"weights-out", 0, "FILE", 0, "write indicator and dimension weights with entropy e/d, CRITIC sigma/conflict, "
                                  "TOPSIS ideal points"},
    {NULL, 0, NULL, 0, NULL}};

static const char *const w_names[] = {"entropy", "critic", "cv", "pca", "equal", "ahp", "fixed", NULL};

/* Parses one method name at s (length len); ahp carries ":FILE". */
static int parse_method(const char *s, size_t len, enum nqpf_index_weighting *w, char **ahp)
{
    for (int k = 0; w_names[k]; k++) {
        size_t l = strlen(w_names[k]);
        if (len == l && strncmp(s, w_names[k], l) == 0 && k != NQPF_W_AHP) {
            *w = (enum nqpf_index_weighting)k;
            return 1;
        }
    }
    if (len > 4 && strncmp(s, "ahp:", 4) == 0) {
        *w = NQPF_W_AHP;
        free(*ahp);
        *ahp = nqpf__strndup(s + 4, len - 4);
        return *ahp != NULL;
    }
    return 0;
}

static int starts_method(const char *s)
{
    for (int k = 0; w_names[k]; k++) {
        size_t l = strlen(w_names[k]);
        if (strncmp(s, w_names[k], l) == 0 && (s[l] == 0 || (k == NQPF_W_AHP && s[l] == ':')))
            return 1;
    }
    return 0;
}

static int parse_weights(const char *spec, nqpf_index_options *o, char **ahp)
{
    size_t len = strlen(spec);
    /* The separator is the first + or * followed by a method name, so that an AHP file name
     * may itself contain those characters. */
    for (size_t q = 1; q + 1 < len; q++)
        if ((spec[q] == '+' || spec[q] == '*') && starts_method(spec + q + 1)) {
            if (parse_method(spec, q, &o->weights[0], ahp) && parse_method(spec + q + 1, len - q - 1, &o->weights[1], ahp)) {
                o->combine = spec[q] == '+' ? NQPF_COMBINE_ARITH : NQPF_COMBINE_MULT;
                if (o->weights[0] == o->weights[1])
                    return nqpf_error_set(NQPF_EUSAGE, "--weights '%s': combine two different methods", spec);
                return NQPF_OK;
            }
            break;
        }
    if (parse_method(spec, len, &o->weights[0], ahp)) {
        o->combine = NQPF_COMBINE_NONE;
        o->weights[1] = o->weights[0];
        return NQPF_OK;
    }
    return nqpf_error_set(NQPF_EUSAGE, "--weights '%s': expected entropy, critic, cv, pca, equal, ahp:FILE or fixed, "
                                       "or two of them joined by + (mean) or * (product)", spec);
}

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
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    char *ahp = NULL;
    static const char *const norms[] = {"minmax", "zscore", "rank", "ratio-mean", "none", NULL};
    static const char *const scopes[] = {"global", "period", NULL};
    static const char *const aggs[] = {"sum", "geometric", "topsis", "topsis-vector", "gra", NULL};
    static const char *const imps[] = {"none", "linear", "carry", "mean", NULL};
    static const char *const cors[] = {"pearson", "spearman", NULL};
    int norm, scope, agg, imp, cor;
    long seed;
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "framework")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "index: --framework FILE is required (templates in frameworks/)");
        goto done;
    }
    if ((rc = cli_get_choice(a, "normalize", norms, 0, &norm)) || (rc = cli_get_choice(a, "scope", scopes, 0, &scope)) ||
        (rc = cli_get_choice(a, "aggregate", aggs, 0, &agg)) || (rc = cli_get_choice(a, "impute", imps, 0, &imp)) ||
        (rc = cli_get_choice(a, "critic-corr", cors, 0, &cor)) || (rc = cli_get_double(a, "shift", 0.0, &o.shift)) ||
        (rc = cli_get_double(a, "gra-zeta", 0.5, &o.gra_zeta)) || (rc = cli_get_double(a, "perturb", 0.25, &o.perturb)) ||
        (rc = cli_get_size(a, "sensitivity", 0, &o.sensitivity)) || (rc = cli_get_long(a, "seed", 1, &seed)))
        goto done;
    if (seed < 0) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--seed: expected a non-negative integer, found %ld", seed);
        goto done;
    }
    if (cli_has(a, "seed") && !cli_has(a, "sensitivity")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "index: --seed only applies to --sensitivity N");
        goto done;
    }
    o.norm = (enum nqpf_index_norm)norm;
    o.scope = (enum nqpf_index_scope)scope;
    o.aggregate = (enum nqpf_index_agg)agg;
    o.impute = (enum nqpf_index_impute)imp;
    o.critic_spearman = cor == 1;
    o.seed = (unsigned long)seed;
    o.strict = cli_has(a, "strict");
    o.force = cli_has(a, "force");
    o.obstacles = cli_has(a, "obstacles");
    if ((rc = nqpf_framework_read(&fw, cli_get(a, "framework"))))
        goto done;
    if (cli_has(a, "weights")) {
        if ((rc = parse_weights(cli_get(a, "weights"), &o, &ahp)))
            goto done;
    } else {
        /* A framework that types every weight means them: default to fixed. */
        int all = 1;
        for (size_t k = 0; k < nqpf_framework_count(fw); k++)
            all &= !isnan(nqpf_framework_weight(fw, k));
        o.weights[0] = o.weights[1] = all ? NQPF_W_FIXED : NQPF_W_ENTROPY;
    }
    o.ahp_path = ahp;
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    char hex[65];
    if ((rc = nqpf_file_sha256(cli_get(a, "framework"), hex)))
        goto done;
    nqpf_provenance_set(pv, "framework_sha256", hex);
    if (ahp && (rc = nqpf_file_sha256(ahp, hex)) == NQPF_OK)
        nqpf_provenance_set(pv, "ahp_sha256", hex);
    if (rc)
        goto done;
    if ((rc = nqpf_index_compute(&r, p, fw, &o)))
        goto done;
    for (size_t k = 0; k < nqpf_index_result_nnotes(r); k++)
        nqpf_provenance_set(pv, nqpf_index_result_note_key(r, k), nqpf_index_result_note_value(r, k));
    if (cli_get(a, "weights-out") &&
        (rc = nqpf_write_table(cli_get(a, "weights-out"), nqpf_index_result_weights(r), pv)))
        goto done;
    const char *outp = cli_get(a, "out");
    if (outp && strcmp(outp, "-") != 0 && nqpf_format_for_path(outp) != NQPF_FMT_CSV) {
        /* JSON and XLSX hold several tables: keep the weights and the factors beside the scores. */
        const nqpf_table *tabs[3] = {nqpf_index_result_scores(r), nqpf_index_result_weights(r),
                                     nqpf_index_result_factors(r)};
        const char *names[3] = {"index", "weights", "sensitivity"};
        rc = cli_write_results(a, tabs, names, tabs[2] ? 3 : 2, pv);
    } else
        rc = cli_write_result(a, nqpf_index_result_scores(r), pv);
    if (rc)
        goto done;
    summarise(a, r, p);
done:
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    free(ahp);
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
    "  nqpf index prov.csv --id province --time year --framework frameworks/provincial.csv \\\n"
    "      --weights entropy+critic --aggregate topsis --shift 0.0001 --obstacles --sensitivity 500 --seed 7\n"
    "See docs/index.md (formulas, peer-tool names) and docs/frameworks.md (the templates)."};
