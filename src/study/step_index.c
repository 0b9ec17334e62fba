/* Study step: index: composite index (nqpf index). */
#include <stdint.h>
#include <stdio.h>

#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/options.h"
#include "study/study_internal.h"

/* Everything about the options (keys, defaults, the weights grammar, the rules, fixed weights when
 * the framework types them all) is the library's: the same nqpf_index_options_parse() serves
 * `nqpf index`. The framework path and an AHP file resolve against the study's folder. Then the
 * framework the options name is read; *set must outlive *o. */
static int index_setup(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **set,
                       nqpf_index_options *o, nqpf_framework **fw)
{
    *fw = NULL;
    int rc = study__optset(s, cfg, path, set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_index_options_parse(o, *set));
    if (rc == NQPF_OK && (rc = nqpf_framework_read(fw, o->framework))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        rc = study__err(s, rc, path, "framework", "%s", msg);
    }
    return rc;
}

static int index_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_index_options o;
    nqpf_framework *fw = NULL;
    int rc = index_setup(s, cfg, path, &set, &o, &fw);
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
    nqpf_framework_free(fw);
    nqpf_optset_free(set);
    return rc;
}

static int index_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_index_options o;
    nqpf_framework *fw = NULL;
    nqpf_index_result *r = NULL;
    int rc = index_setup(s, cfg, path, &set, &o, &fw);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_index_compute(&r, study__panel(s), fw, &o));
    /* The report states which TOPSIS form was used: the resolved topsis_scope (the default when the
     * study file left it out) goes into the step's params, which the study copies after the run. */
    if (rc == NQPF_OK && (o.aggregate == NQPF_AGG_TOPSIS || o.aggregate == NQPF_AGG_TOPSIS_VECTOR) &&
        json_is_object(cfg) &&
        json_object_set_new((json_t *)(uintptr_t)cfg, "topsis_scope",
                            json_string(o.topsis_scope == NQPF_TOPSIS_FLAT ? "flat" : "hierarchical")))
        rc = nqpf_error_set(NQPF_EINTERNAL,
                            "not enough memory for the index step of %s; close other programs, or use a machine with "
                            "more memory", path);
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
    nqpf_optset_free(set);
    return rc;
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const index_tables[] = {"weights", "sensitivity", NULL};

const study_step_type nqpf__step_index = {"index", "composite development index (framework, weights, obstacles)",
                                           NULL, index_validate, index_run, index_tables};
