/* Study step: spreg: spatial regression with LM tests and LeSage-Pace effects (nqpf spreg).
 * Everything about the options (keys, defaults, rules) is the library's: the same
 * nqpf_spreg_options_parse() serves `nqpf spreg`. The main table is the coefficients; the effects
 * (none for OLS) and the tests/fit statistics come as the extra tables "effects" and "tests". */
#include "nqpf/spreg.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_spreg_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_spreg_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_spreg_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[3] = {NULL, NULL, NULL}; /* coefficients (the main table), effects, tests */
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_spreg_run(&t[0], &t[1], &t[2], study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "effects", "tests"}, 3);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const spreg_tables[] = {"effects", "tests", NULL};

const study_step_type nqpf__step_spreg = {"spreg", "spatial regression (OLS, SAR, SEM, SDM, SLX, SAC; effects)",
                                          NULL, validate, run, spreg_tables};
