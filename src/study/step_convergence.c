/* Study step: convergence: sigma and beta (nqpf convergence). */
#include "nqpf/region.h"
#include "study/study_internal.h"

/* ---- convergence: sigma and beta (nqpf convergence) ---------------------------------------- */

/* Everything about the options (keys, defaults, rules) is the library's: the same
 * nqpf_convergence_options_parse() serves `nqpf convergence`. */
static int conv_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_convergence_options o;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_convergence_options_parse(&o, set));
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

static int conv_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_convergence_options o;
    nqpf_table *sigma = NULL, *beta = NULL;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_convergence_options_parse(&o, set));
    if (rc == NQPF_OK &&
        (rc = study__keyed(s, path, nqpf_convergence(&sigma, &beta, study__panel(s), &o))) == NQPF_OK) {
        if ((rc = study__add_table(out, NULL, beta)) == NQPF_OK)
            rc = study__add_table(out, "sigma", sigma);
        else
            nqpf_table_free(sigma);
    }
    nqpf_optset_free(set);
    return rc;
}

const study_step_type nqpf__step_convergence = {"convergence", "sigma and beta convergence", NULL, conv_validate,
                                                conv_run};
