/* Study step: disparity: Gini, Dagum and Theil decompositions (nqpf disparity). */
#include "nqpf/region.h"
#include "study/study_internal.h"

/* Everything about the options (keys, defaults, group files, rules) is the library's: the same
 * nqpf_disparity_options_parse() serves `nqpf disparity`. The one study-only rule: without a group
 * of its own (group or group_file) the step takes the study's "groups". */
static int disp_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **set,
                        nqpf_disparity_options *o)
{
    int rc = study__optset(s, cfg, path, set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_disparity_options_parse(o, *set));
    if (rc == NQPF_OK && !o->group && !o->groups.file && !o->group_builtin)
        o->group = study__group_column(s);
    return rc;
}

static int disp_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_disparity_options o;
    int rc = disp_options(s, cfg, path, &set, &o);
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

static int disp_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_disparity_options o;
    nqpf_table *t[3] = {NULL, NULL, NULL}; /* overall (main), groups, pairs */
    int rc = disp_options(s, cfg, path, &set, &o);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_disparity(&t[0], &t[1], &t[2], study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "groups", "pairs"}, 3);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const disparity_tables[] = {"groups", "pairs", NULL};

const study_step_type nqpf__step_disparity = {"disparity", "inequality: Gini, Dagum and Theil decompositions", NULL,
                                               disp_validate, disp_run, disparity_tables};
