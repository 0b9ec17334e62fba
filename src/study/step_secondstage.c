/* Study step: secondstage: regression of efficiency on environmental variables (nqpf secondstage).
 * Everything about the options (keys, defaults, rules) is the library's: the same
 * nqpf_secondstage_options_parse() serves `nqpf secondstage`. The efficiency of an earlier dea step
 * comes in by "use": ["dea.te"] (joined as the column te). */
#include "nqpf/secondstage.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_secondstage_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_secondstage_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_secondstage_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[2] = {NULL, NULL}; /* coefficients (the main table), sw2's scores */
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_secondstage_run(&t[0], &t[1], NULL, study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "scores"}, 2);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const secondstage_tables[] = {"scores", NULL};

const study_step_type nqpf__step_secondstage = {"secondstage", "second-stage regression (Tobit, Simar-Wilson)", NULL,
                                                validate, run, secondstage_tables};
