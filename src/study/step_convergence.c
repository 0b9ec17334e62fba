/* Study step: convergence: sigma and beta (nqpf convergence). Everything about the options (keys,
 * defaults, rules) is the library's: the same nqpf_convergence_options_parse() serves
 * `nqpf convergence`. */
#include "nqpf/region.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_convergence_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_convergence_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_convergence_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[2] = {NULL, NULL}; /* beta (the main table), sigma */
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_convergence(&t[1], &t[0], study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "sigma"}, 2);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const convergence_tables[] = {"sigma", NULL};

const study_step_type nqpf__step_convergence = {"convergence", "sigma and beta convergence", NULL, validate, run, convergence_tables};
