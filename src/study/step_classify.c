/* Study step: classify: k-means or Ward classes of units (nqpf classify). */
#include "nqpf/region.h"
#include "study/study_internal.h"

/* ---- classify: k-means or Ward classes of units (nqpf classify) ----------------------------- */

/* Everything about the options (keys, defaults, the grammar of k, rules) is the library's: the same
 * nqpf_classify_options_parse() serves `nqpf classify`. */
static int class_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_classify_options o;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_classify_options_parse(&o, set));
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

static int class_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_classify_options o;
    nqpf_table *u = NULL, *pr = NULL, *kc = NULL;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_classify_options_parse(&o, set));
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_classify(&u, &pr, &kc, study__panel(s), &o));
    if (rc == NQPF_OK) {
        rc = study__add_table(out, NULL, u);
        if (rc == NQPF_OK)
            rc = study__add_opt(out, "profiles", pr);
        else
            nqpf_table_free(pr);
        if (rc == NQPF_OK)
            rc = study__add_opt(out, "k", kc);
        else
            nqpf_table_free(kc);
    }
    nqpf_optset_free(set);
    return rc;
}

const study_step_type nqpf__step_classify = {"classify", "classes of units: k-means or Ward on standardised variables",
                                             NULL, class_validate, class_run};
