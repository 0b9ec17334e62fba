/* Study step: index: composite index (nqpf index). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/dea.h"
#include "nqpf/dynamics.h"
#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "nqpf/malmquist.h"
#include "nqpf/region.h"
#include "nqpf/spatial.h"
#include "nqpf/tfp.h"
#include "study/study_internal.h"
#include "util/util.h"


/* ---- index: composite index (nqpf index) -------------------------------------------------- */

static const char *const index_keys[] = {"framework", "normalize", "scope", "weights", "aggregate", "impute",
                                         "shift", "gra_zeta", "critic_corr", "strict", "force", "obstacles",
                                         "sensitivity", "seed", "perturb", NULL};
static const char *const index_norms[] = {"minmax", "zscore", "rank", "ratio-mean", "none", NULL};
static const char *const index_scopes[] = {"global", "period", NULL};
static const char *const index_aggs[] = {"sum", "geometric", "topsis", "topsis-vector", "gra", NULL};
static const char *const index_imps[] = {"none", "linear", "carry", "mean", NULL};
static const char *const index_cors[] = {"pearson", "spearman", NULL};
static const char *const index_wnames[] = {"entropy", "critic", "cv", "pca", "equal", "ahp", "fixed", NULL};

/* One weighting method: a name from index_wnames, "ahp:FILE" with FILE relative to the study. */
static int index_method(const nqpf_study *s, const char *path, const char *spec, size_t len,
                        enum nqpf_index_weighting *w, char **ahp)
{
    for (int k = 0; index_wnames[k]; k++) {
        size_t l = strlen(index_wnames[k]);
        if (strncmp(spec, index_wnames[k], l) != 0)
            continue;
        if (l == len && k != NQPF_W_AHP) {
            *w = (enum nqpf_index_weighting)k;
            return NQPF_OK;
        }
        if (k == NQPF_W_AHP && len > l + 1 && spec[l] == ':') {
            char *rel = nqpf__strndup(spec + l + 1, len - l - 1);
            if (!rel)
                return NQPF_EINTERNAL;
            free(*ahp);
            *ahp = study__resolve(s, rel);
            free(rel);
            *w = NQPF_W_AHP;
            return *ahp ? NQPF_OK : NQPF_EINTERNAL;
        }
    }
    return study__err(s, NQPF_EUSAGE, path, "weights",
                      "expected entropy, critic, cv, pca, equal, ahp:FILE or fixed, or two of them joined by + "
                      "(mean) or * (product), found '%s'", spec);
}

/* Reads the framework and fills the options; validate and run share it. *ahp is malloc'd. */
static int index_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_index_options *o,
                         nqpf_framework **fw, char **ahp)
{
    int rc, norm, scope, agg, imp, cor, strict = 0, force = 0, obst = 0;
    long seed = 1, sens = 0;
    const char *fwrel = NULL, *wspec = NULL;
    *fw = NULL;
    *ahp = NULL;
    if ((rc = study__str(s, cfg, path, "framework", 1, &fwrel)) ||
        (rc = study__choice(s, cfg, path, "normalize", index_norms, 0, &norm)) ||
        (rc = study__choice(s, cfg, path, "scope", index_scopes, 0, &scope)) ||
        (rc = study__choice(s, cfg, path, "aggregate", index_aggs, 0, &agg)) ||
        (rc = study__choice(s, cfg, path, "impute", index_imps, 0, &imp)) ||
        (rc = study__choice(s, cfg, path, "critic_corr", index_cors, 0, &cor)) ||
        (rc = study__num(s, cfg, path, "shift", 0, &o->shift)) ||
        (rc = study__num(s, cfg, path, "gra_zeta", 0, &o->gra_zeta)) ||
        (rc = study__num(s, cfg, path, "perturb", 0, &o->perturb)) ||
        (rc = study__long(s, cfg, path, "sensitivity", 0, &sens)) || (rc = study__long(s, cfg, path, "seed", 0, &seed)) ||
        (rc = study__bool(s, cfg, path, "strict", &strict)) || (rc = study__bool(s, cfg, path, "force", &force)) ||
        (rc = study__bool(s, cfg, path, "obstacles", &obst)) || (rc = study__str(s, cfg, path, "weights", 0, &wspec)))
        return rc;
    if (sens < 0)
        return study__err(s, NQPF_EUSAGE, path, "sensitivity", "expected a non-negative integer");
    if (seed < 0)
        return study__err(s, NQPF_EUSAGE, path, "seed", "expected a non-negative integer");
    if (json_object_get(cfg, "seed") && !sens)
        return study__err(s, NQPF_EUSAGE, path, "seed", "only applies with \"sensitivity\"");
    o->norm = (enum nqpf_index_norm)norm;
    o->scope = (enum nqpf_index_scope)scope;
    o->aggregate = (enum nqpf_index_agg)agg;
    o->impute = (enum nqpf_index_impute)imp;
    o->critic_spearman = cor == 1;
    o->strict = strict;
    o->force = force;
    o->obstacles = obst;
    o->sensitivity = (size_t)sens;
    o->seed = (unsigned long)seed;
    char *fwpath = study__resolve(s, fwrel);
    if (!fwpath)
        return NQPF_EINTERNAL;
    rc = nqpf_framework_read(fw, fwpath);
    free(fwpath);
    if (rc) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        return study__err(s, rc, path, "framework", "%s", msg);
    }
    if (wspec) {
        size_t len = strlen(wspec);
        o->combine = NQPF_COMBINE_NONE;
        for (size_t q = 1; q + 1 < len && o->combine == NQPF_COMBINE_NONE; q++)
            if (wspec[q] == '+' || wspec[q] == '*') {
                enum nqpf_index_weighting a, b;
                if (index_method(s, path, wspec, q, &a, ahp) == NQPF_OK &&
                    index_method(s, path, wspec + q + 1, len - q - 1, &b, ahp) == NQPF_OK) {
                    if (a == b)
                        return study__err(s, NQPF_EUSAGE, path, "weights", "'%s': combine two different methods", wspec);
                    o->weights[0] = a;
                    o->weights[1] = b;
                    o->combine = wspec[q] == '+' ? NQPF_COMBINE_ARITH : NQPF_COMBINE_MULT;
                }
            }
        if (o->combine == NQPF_COMBINE_NONE) {
            if ((rc = index_method(s, path, wspec, len, &o->weights[0], ahp)))
                return rc;
            o->weights[1] = o->weights[0];
        }
        nqpf_error_clear();
    } else {
        /* As `nqpf index`: a framework that types every weight means them. */
        int all = 1;
        for (size_t k = 0; k < nqpf_framework_count(*fw); k++)
            all &= !isnan(nqpf_framework_weight(*fw, k));
        o->weights[0] = o->weights[1] = all ? NQPF_W_FIXED : NQPF_W_ENTROPY;
    }
    o->ahp_path = *ahp;
    return NQPF_OK;
}

static int index_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_framework *fw = NULL;
    char *ahp = NULL;
    int rc = index_options(s, cfg, path, &o, &fw, &ahp);
    /* Every indicator's column or expression must name columns the data has. */
    for (size_t k = 0; rc == NQPF_OK && k < nqpf_framework_count(fw); k++) {
        const char *src = nqpf_framework_field(fw, k, "column");
        nqpf_expr *e = NULL;
        if ((rc = nqpf_expr_parse(&e, src))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", nqpf_error_message());
            rc = study__err(s, rc, path, "framework", "indicator '%s': %s", nqpf_framework_field(fw, k, "id"), msg);
            break;
        }
        for (size_t c = 0; c < nqpf_expr_ncolumns(e) && !rc; c++) {
            char key[160];
            snprintf(key, sizeof key, "framework (indicator '%s')", nqpf_framework_field(fw, k, "id"));
            rc = study__need_column(s, path, key, nqpf_expr_column(e, c));
        }
        nqpf_expr_free(e);
    }
    if (rc == NQPF_OK && ahp && access(ahp, R_OK) != 0)
        rc = study__err(s, NQPF_EDATA, path, "weights", "cannot read the AHP matrix '%s'", ahp);
    nqpf_framework_free(fw);
    free(ahp);
    return rc;
}

static int index_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_framework *fw = NULL;
    nqpf_index_result *r = NULL;
    char *ahp = NULL;
    int rc = index_options(s, cfg, path, &o, &fw, &ahp);
    if (rc == NQPF_OK)
        rc = nqpf_index_compute(&r, study__panel(s), fw, &o);
    if (rc == NQPF_OK) {
        nqpf_table *sc = study__copy_table(nqpf_index_result_scores(r)), *w = study__copy_table(nqpf_index_result_weights(r));
        nqpf_table *f = nqpf_index_result_factors(r) ? study__copy_table(nqpf_index_result_factors(r)) : NULL;
        if (!sc || !w || (nqpf_index_result_factors(r) && !f)) {
            nqpf_table_free(sc);
            nqpf_table_free(w);
            nqpf_table_free(f);
            rc = NQPF_EINTERNAL;
        } else if ((rc = study__add_table(out, NULL, sc))) {
            nqpf_table_free(w);
            nqpf_table_free(f);
        } else if ((rc = study__add_table(out, "weights", w))) {
            nqpf_table_free(f);
        } else {
            rc = study__add_opt(out, "sensitivity", f);
        }
    }
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    free(ahp);
    return rc;
}

const study_step_type nqpf__step_index = {"index", "composite development index (framework, weights, obstacles)",
                                           index_keys, index_validate, index_run};

