/* Study step: malmquist: DEA productivity indices (nqpf malmquist). */
#include "nqpf/malmquist.h"
#include "study/study_internal.h"

/* Everything about the options (keys, defaults, grammar, rules) is the library's: the same
 * nqpf_malmquist_options_parse() serves `nqpf malmquist`. */
static int malm_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_malmquist_options o;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_malmquist_options_parse(&o, set));
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

static int malm_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_malmquist_options o;
    nqpf_table *res = NULL;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_malmquist_options_parse(&o, set));
    if (rc == NQPF_OK && (rc = nqpf_malmquist_run(&res, NULL, study__panel(s), &o)) == NQPF_OK)
        rc = study__add_table(out, NULL, res);
    nqpf_optset_free(set);
    return rc;
}

const study_step_type nqpf__step_malmquist = {"malmquist", "Malmquist, Malmquist-Luenberger and Luenberger indices",
                                               NULL, malm_validate, malm_run};
