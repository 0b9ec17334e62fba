/* Study step: coupling: coupling coordination degree (nqpf coupling). */
#include "nqpf/index.h"
#include "study/study_internal.h"

/* Everything about the options (keys, defaults, grammar, rules) is the library's: the same
 * nqpf_coupling_options_parse() serves `nqpf coupling`. Columns of earlier steps come in by "use". */
static int coup_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_coupling_options o;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_coupling_options_parse(&o, set));
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

static int coup_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_coupling_options o;
    nqpf_table *res = NULL;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_coupling_options_parse(&o, set));
    if (rc == NQPF_OK && (rc = study__keyed(s, path, nqpf_coupling(&res, study__panel(s), &o))) == NQPF_OK)
        rc = study__add_table(out, NULL, res);
    nqpf_optset_free(set);
    return rc;
}

const study_step_type nqpf__step_coupling = {"coupling", "coupling coordination degree of two or more systems", NULL,
                                              coup_validate, coup_run};
