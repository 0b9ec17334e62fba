/* The options of method "index": its descriptor table (the one definition the CLI, study files, help
 * and docs/options.md are made from), the defaults, the weights grammar and the rules between the
 * options and the framework. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/index.h"
#include "nqpf/options.h"
#include "index_internal.h"
#include "methods/methods.h"
#include "util/util.h"

static const nqpf_optdef index_opts[] = {
    {.key = "framework", .type = NQPF_OPT_PATH, .flags = NQPF_OPT_REQUIRED, .arg = "FILE",
     .help = "indicator framework CSV: path,id,label_zh,label_en,column,unit,direction,weight (templates in "
             "frameworks/)"},
    {.key = "normalize", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "minmax",
     .choices = "minmax|zscore|rank|ratio-mean|none", .help = "normalisation of the indicators (none: raw values)"},
    {.key = "scope", .type = NQPF_OPT_CHOICE, .arg = "S", .def = "global", .choices = "global|period",
     .help = "global: one min/max and ideal point over all years; period: each year on its own"},
    {.key = "shift", .type = NQPF_OPT_NUMBER, .arg = "D", .def = "0",
     .help = "added after normalisation (the literature uses 1e-4 to 0.01)"},
    {.key = "weights", .type = NQPF_OPT_STRING, .arg = "W",
     .help = "entropy, critic, cv, pca, equal, ahp:FILE or fixed; A+B = mean of two methods, A*B = normalised "
             "product (default: fixed when the framework gives every weight, else entropy)"},
    {.key = "critic_corr", .type = NQPF_OPT_CHOICE, .arg = "C", .def = "pearson", .choices = "pearson|spearman",
     .help = "correlation behind the CRITIC conflict"},
    {.key = "aggregate", .type = NQPF_OPT_CHOICE, .arg = "A", .def = "sum",
     .choices = "sum|geometric|topsis|topsis-vector|gra",
     .help = "at every level: weighted sum or geometric mean, topsis (weighted distances on the normalised "
             "data), topsis-vector (Hwang-Yoon), gra (grey relational grade)"},
    {.key = "topsis_scope", .type = NQPF_OPT_CHOICE, .arg = "S", .def = "flat", .choices = "flat|hierarchical",
     .help = "with aggregate topsis or topsis-vector: flat = one TOPSIS over all indicators with their global "
             "weights (entropy-TOPSIS of the literature; a dimension's score is TOPSIS over its own indicators); "
             "hierarchical = TOPSIS at every level (the leader scores 1)"},
    {.key = "gra_zeta", .type = NQPF_OPT_NUMBER, .arg = "Z", .def = "0.5", .min = 0, .max = 1,
     .help = "GRA distinguishing coefficient in (0, 1]"},
    {.key = "impute", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "none", .choices = "none|linear|carry|mean",
     .help = "fill missing values (none: refuse them); every filled cell is logged"},
    {.key = "strict", .type = NQPF_OPT_FLAG,
     .help = "fail on a zero-variance indicator instead of dropping it with a warning"},
    {.key = "force", .type = NQPF_OPT_FLAG,
     .help = "accept an AHP matrix whose consistency ratio exceeds 0.1 (ahp:FILE is a square matrix over the "
             "indicator ids, or a dimension,a,b,value table of judgements per dimension)"},
    {.key = "obstacles", .type = NQPF_OPT_FLAG,
     .help = "add obstacle degrees (%) per indicator and dimension and each row's top 3"},
    {.key = "sensitivity", .type = NQPF_OPT_INT, .arg = "N", .def = "0", .min = 0, .max = 100000,
     .help = "Monte Carlo replications over normalisation, weights, weight noise and aggregation: rank_median, "
             "rank_p05, rank_p95 (0 = none)"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "seed of the sensitivity analysis (MT19937)"},
    {.key = "perturb", .type = NQPF_OPT_NUMBER, .arg = "P", .def = "0.25", .min = 0, .max = 1,
     .help = "sensitivity weight noise: each weight times U(1-P, 1+P), P in [0, 1)"},
    {0}};

const nqpf_method nqpf__method_index = {"index", "composite development index: framework, weights, aggregation, "
                                                 "sensitivity, obstacles",
                                        index_opts};

int nqpf_index_options_init(nqpf_index_options *o, unsigned version)
{
    static const nqpf_index_options defaults = NQPF_INDEX_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_INDEX_OPTIONS_VERSION, "nqpf_index_options_init");
}

/* ---- the weights grammar ---- */

/* Whether s starts with a whole method name: a name alone, or "ahp:". */
static int starts_method(const char *s)
{
    for (int k = 0; k <= NQPF_W_FIXED; k++) {
        size_t l = strlen(nqpf_index__w_names[k]);
        if (strncmp(s, nqpf_index__w_names[k], l) == 0 && (s[l] == 0 || (k == NQPF_W_AHP && s[l] == ':')))
            return 1;
    }
    return 0;
}

/* One method at s (length len): a name, or ahp:FILE with FILE resolved and kept by the set. Returns
 * 1 when it is one; 0 when not; -1 on an error (out of memory). */
static int one_method(const nqpf_optset *set, const char *s, size_t len, enum nqpf_index_weighting *w,
                      const char **ahp)
{
    for (int k = 0; k <= NQPF_W_FIXED; k++) {
        size_t l = strlen(nqpf_index__w_names[k]);
        if (k != NQPF_W_AHP && len == l && strncmp(s, nqpf_index__w_names[k], l) == 0) {
            *w = (enum nqpf_index_weighting)k;
            return 1;
        }
    }
    if (len > 4 && strncmp(s, "ahp:", 4) == 0) {
        *w = NQPF_W_AHP;
        return nqpf_opt_subpath(set, "weights", s + 4, len - 4, ahp) == NQPF_OK ? 1 : -1;
    }
    return 0;
}

/* "M" or "A+B" / "A*B". The separator is the first + or * followed by a method name, so that an
 * AHP file name may itself contain those characters. */
static int parse_weights(const nqpf_optset *set, const char *spec, nqpf_index_options *o)
{
    size_t len = strlen(spec);
    int a = 0, b = 0;
    for (size_t q = 1; q + 1 < len; q++)
        if ((spec[q] == '+' || spec[q] == '*') && starts_method(spec + q + 1)) {
            if ((a = one_method(set, spec, q, &o->weights[0], &o->ahp_path)) == 1 &&
                (b = one_method(set, spec + q + 1, len - q - 1, &o->weights[1], &o->ahp_path)) == 1) {
                if (o->weights[0] == o->weights[1])
                    return nqpf_opt_error(NQPF_EUSAGE, "weights", "'%s': combine two different methods", spec);
                o->combine = spec[q] == '+' ? NQPF_COMBINE_ARITH : NQPF_COMBINE_MULT;
                return NQPF_OK;
            }
            break;
        }
    if (a < 0 || b < 0)
        return NQPF_EINTERNAL;
    o->ahp_path = NULL;
    if ((a = one_method(set, spec, len, &o->weights[0], &o->ahp_path)) == 1) {
        o->combine = NQPF_COMBINE_NONE;
        o->weights[1] = o->weights[0];
        return NQPF_OK;
    }
    if (a < 0)
        return NQPF_EINTERNAL;
    return nqpf_opt_error(NQPF_EUSAGE, "weights", "expected entropy, critic, cv, pca, equal, ahp:FILE or fixed, or two "
                                                  "of them joined by + (mean) or * (product), found '%s'", spec);
}

/* ---- rules ---- */

int nqpf_index__check_options(const nqpf_index_options *o, const nqpf_framework *fw)
{
    int uses_ahp = o->weights[0] == NQPF_W_AHP || (o->combine && o->weights[1] == NQPF_W_AHP);
    int uses_fixed = o->weights[0] == NQPF_W_FIXED || (o->combine && o->weights[1] == NQPF_W_FIXED);
    size_t nfw = nqpf_framework_count(fw);
    if (uses_ahp && !o->ahp_path)
        return nqpf_opt_error(NQPF_EUSAGE, "weights", "AHP weights need a pairwise-comparison file (ahp:FILE)");
    if (!(o->gra_zeta > 0 && o->gra_zeta <= 1))
        return nqpf_opt_error(NQPF_EUSAGE, "gra_zeta", "the GRA distinguishing coefficient must lie in (0, 1], found %g",
                              o->gra_zeta);
    if (!(o->perturb >= 0 && o->perturb < 1))
        return nqpf_opt_error(NQPF_EUSAGE, "perturb", "the weight perturbation must lie in [0, 1), found %g", o->perturb);
    if (o->topsis_scope != NQPF_TOPSIS_FLAT && o->topsis_scope != NQPF_TOPSIS_HIERARCHICAL)
        return nqpf_opt_error(NQPF_EUSAGE, "topsis_scope", "expected flat or hierarchical, found value %d",
                              (int)o->topsis_scope);
    if (!isfinite(o->shift))
        return nqpf_opt_error(NQPF_EUSAGE, "shift", "must be a finite number");
    if (uses_fixed)
        for (size_t k = 0; k < nfw; k++)
            if (isnan(nqpf_framework_weight(fw, k)))
                return nqpf_opt_error(NQPF_EDATA, "weights", "%s: row %zu, column 'weight': fixed weights need a "
                                                             "weight for every indicator; '%s' has none",
                                      nqpf_framework__source(fw), nqpf_framework__row(fw, k),
                                      nqpf_framework_field(fw, k, "id"));
    if (o->norm == NQPF_NORM_NONE && (o->aggregate == NQPF_AGG_SUM || o->aggregate == NQPF_AGG_GEOMETRIC))
        for (size_t k = 0; k < nfw; k++)
            if (nqpf_framework_direction(fw, k) < 0)
                return nqpf_opt_error(NQPF_EUSAGE, "normalize", "indicator '%s' has direction '-', which normalize none "
                                                                "cannot honour with aggregate %s (use minmax, or "
                                                                "aggregate topsis or gra)",
                                      nqpf_framework_field(fw, k, "id"), nqpf_index__agg_names[o->aggregate]);
    return NQPF_OK;
}

int nqpf_index_options_parse(nqpf_index_options *o, const nqpf_optset *set)
{
    int rc, norm, scope, agg, imp, cor, tscope;
    long sens, seed;
    const char *wtext = NULL;
    if ((rc = nqpf_index_options_init(o, NQPF_INDEX_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_path(set, "framework", &o->framework)) || (rc = nqpf_opt_choice(set, "normalize", &norm)) ||
        (rc = nqpf_opt_choice(set, "scope", &scope)) || (rc = nqpf_opt_double(set, "shift", &o->shift)) ||
        (rc = nqpf_opt_string(set, "weights", &wtext)) || (rc = nqpf_opt_choice(set, "critic_corr", &cor)) ||
        (rc = nqpf_opt_choice(set, "aggregate", &agg)) || (rc = nqpf_opt_choice(set, "topsis_scope", &tscope)) || (rc = nqpf_opt_double(set, "gra_zeta", &o->gra_zeta)) ||
        (rc = nqpf_opt_choice(set, "impute", &imp)) || (rc = nqpf_opt_flag(set, "strict", &o->strict)) ||
        (rc = nqpf_opt_flag(set, "force", &o->force)) || (rc = nqpf_opt_flag(set, "obstacles", &o->obstacles)) ||
        (rc = nqpf_opt_long(set, "sensitivity", &sens)) || (rc = nqpf_opt_long(set, "seed", &seed)) ||
        (rc = nqpf_opt_double(set, "perturb", &o->perturb)))
        return rc;
    o->norm = (enum nqpf_index_norm)norm;
    o->scope = (enum nqpf_index_scope)scope;
    o->aggregate = (enum nqpf_index_agg)agg;
    o->topsis_scope = (enum nqpf_index_topsis_scope)tscope;
    if (nqpf_optset_has(set, "topsis_scope") && o->aggregate != NQPF_AGG_TOPSIS && o->aggregate != NQPF_AGG_TOPSIS_VECTOR)
        return nqpf_opt_error(NQPF_EUSAGE, "topsis_scope", "only applies with aggregate topsis or topsis-vector "
                                                           "(found aggregate %s)", nqpf_index__agg_names[o->aggregate]);
    o->impute = (enum nqpf_index_impute)imp;
    o->critic_spearman = cor == 1;
    o->sensitivity = (size_t)sens;
    o->seed = (unsigned long)seed;
    if (nqpf_optset_has(set, "seed") && !sens)
        return nqpf_opt_error(NQPF_EUSAGE, "seed", "only applies with sensitivity (Monte Carlo replications)");
    if (wtext && (rc = parse_weights(set, wtext, o)))
        return rc;
    /* The framework decides the default weights and whether the choices can work with it. */
    nqpf_framework *fw = NULL;
    if ((rc = nqpf_framework_read(&fw, o->framework))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        return nqpf_opt_error(rc, "framework", "%s", msg);
    }
    if (!wtext) {
        /* A framework that types every weight means them. */
        int all = 1;
        for (size_t k = 0; k < nqpf_framework_count(fw); k++)
            all &= !isnan(nqpf_framework_weight(fw, k));
        o->weights[0] = o->weights[1] = all ? NQPF_W_FIXED : NQPF_W_ENTROPY;
    }
    rc = nqpf_index__check_options(o, fw);
    nqpf_framework_free(fw);
    if (rc == NQPF_OK && o->ahp_path && access(o->ahp_path, R_OK) != 0)
        rc = nqpf_opt_error(NQPF_EDATA, "weights", "cannot read the AHP matrix '%s'", o->ahp_path);
    return rc;
}
