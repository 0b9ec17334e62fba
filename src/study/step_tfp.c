/* Study step: tfp: growth accounting (nqpf tfp). */
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "nqpf/tfp.h"
#include "study/study_internal.h"

/* Everything about the options (keys, defaults, the PWT preset, shares, rules) is the library's:
 * the same nqpf_tfp_options_parse() serves `nqpf tfp`. */

/* The columns the options name besides the set's COLUMN/COLUMNS options: share columns and the
 * preset's columns (its labour expression included), so that a study fails before anything runs. */
static int tfp_check_more_columns(const nqpf_study *s, const char *path, const nqpf_tfp_options *o)
{
    int rc = NQPF_OK;
    const char *key = o->preset == NQPF_TFP_PRESET_PWT ? "preset" : "shares";
    if (o->preset == NQPF_TFP_PRESET_PWT) {
        if ((rc = study__need_column(s, path, key, o->output)) || (rc = study__need_column(s, path, key, o->hours_col)))
            return rc;
        for (size_t k = 0; k < o->ninputs && !rc; k++)
            if (!o->hours_input || strcmp(o->inputs[k], o->hours_input) != 0)
                rc = study__need_column(s, path, key, o->inputs[k]);
        nqpf_expr *e = NULL;
        if (!rc && (rc = nqpf_expr_parse(&e, o->labour_col)) == NQPF_OK)
            for (size_t k = 0; k < nqpf_expr_ncolumns(e) && !rc; k++)
                rc = study__need_column(s, path, key, nqpf_expr_column(e, k));
        nqpf_expr_free(e);
    }
    for (size_t k = 0; k < o->nshares && !rc; k++)
        if (o->shares[k].column)
            rc = study__need_column(s, path, key, o->shares[k].column);
    for (size_t k = 0; k < o->nshare_items && !rc; k++) {
        const char *v = strchr(o->share_items[k], '=') + 1;
        double x;
        if (!nqpf_parse_double(v, &x))
            rc = study__need_column(s, path, key, v);
    }
    return rc;
}

static int parse(void *o, const nqpf_optset *set) { return nqpf_tfp_options_parse(o, set); }

static int tfp_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_tfp_options o;
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    if (rc == NQPF_OK)
        rc = tfp_check_more_columns(s, path, &o);
    nqpf_optset_free(set);
    return rc;
}

static int tfp_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_tfp_options o;
    nqpf_table *res = NULL;
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_tfp_growth_accounting(&res, study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, &res, (const char *const[]){NULL}, 1);
}

const study_step_type nqpf__step_tfp = {"tfp", "growth-accounting TFP (Törnqvist, Solow, PWT preset)", NULL,
                                        tfp_validate, tfp_run, NULL};
