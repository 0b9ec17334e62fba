/* Study step: classify: k-means or Ward classes of units (nqpf classify). Everything about the
 * options (keys, defaults, the grammar of k, rules) is the library's: the same
 * nqpf_classify_options_parse() serves `nqpf classify`. */
#include "nqpf/region.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_classify_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_classify_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_classify_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[3] = {NULL, NULL, NULL};
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_classify(&t[0], &t[1], &t[2], study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc : study__add_tables(out, t, (const char *const[]){NULL, "profiles", "k"}, 3);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const classify_tables[] = {"profiles", "k", NULL};

const study_step_type nqpf__step_classify = {"classify", "classes of units: k-means or Ward on standardised variables", NULL, validate, run, classify_tables};
