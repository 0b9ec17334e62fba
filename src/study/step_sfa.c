/* Study step: sfa: stochastic frontier (nqpf sfa). Everything about the options (keys, defaults,
 * rules) is the library's: the same nqpf_sfa_options_parse() serves `nqpf sfa`. The main table is
 * the efficiency (te, u by id and time); coef and decomposition are its extra tables. */
#include "nqpf/sfa.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_sfa_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_sfa_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_sfa_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[3] = {NULL, NULL, NULL}; /* te (the main table), coef, decomposition */
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_sfa_run(&t[0], &t[1], &t[2], NULL, study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "coef", "decomposition"}, 3);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const sfa_tables[] = {"coef", "decomposition", NULL};

const study_step_type nqpf__step_sfa = {"sfa", "stochastic frontier (Battese-Coelli 1992/1995)", NULL, validate, run,
                                        sfa_tables};
