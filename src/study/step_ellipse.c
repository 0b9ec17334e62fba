/* Study step: ellipse: the centre of gravity by year and the standard deviational ellipse (nqpf
 * ellipse). Everything about the options is the library's: the same nqpf_ellipse_options_parse()
 * serves `nqpf ellipse`. The main table holds the centres and ellipse parameters by year, the table
 * "outline" the ellipses' outlines for the map. */
#include "nqpf/ellipse.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_ellipse_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_ellipse_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_ellipse_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[2] = {NULL, NULL}; /* centres (the main table), outline */
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_ellipse_run(&t[0], &t[1], study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "outline"}, 2);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const ellipse_tables[] = {"outline", NULL};

const study_step_type nqpf__step_ellipse = {"ellipse", "centre of gravity and standard deviational ellipse", NULL,
                                            validate, run, ellipse_tables};
