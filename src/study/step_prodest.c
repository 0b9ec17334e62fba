/* Study step: prodest: production-function estimation of firm TFP (nqpf prodest). Everything about
 * the options (keys, defaults, rules) is the library's: the same nqpf_prodest_options_parse() serves
 * `nqpf prodest`. The main table is omega (firm-year log TFP); the coefficients are the table
 * "coef". */
#include "nqpf/prodest.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_prodest_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_prodest_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_prodest_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[2] = {NULL, NULL}; /* omega (the main table), coefficients */
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_prodest_run(&t[0], &t[1], NULL, study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "coef"}, 2);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const prodest_tables[] = {"coef", NULL};

const study_step_type nqpf__step_prodest = {"prodest", "production-function TFP (OP, LP, ACF, Wooldridge)", NULL,
                                            validate, run, prodest_tables};
