/* Study step: dea: efficiency scores (nqpf dea). Everything about the options (keys, defaults,
 * grammar, rules) is the library's: the same nqpf_dea_options_parse() serves `nqpf dea`. */
#include "nqpf/dea.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_dea_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_dea_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_dea_options o;
    nqpf_optset *set = NULL;
    nqpf_table *res = NULL;
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_dea_run(&res, study__panel(s), &o, NULL));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, &res, (const char *const[]){NULL}, 1);
}

const study_step_type nqpf__step_dea = {"dea", "DEA efficiency: radial, SBM, directional distance", NULL, validate, run, NULL};
