/* Study step: geodetector: the geographical detector (nqpf geodetector). Everything about the
 * options (keys, defaults, rules) is the library's: the same nqpf_geodetector_options_parse() serves
 * `nqpf geodetector`. The rows are the study's panel (after its let and sample); "year" picks one
 * year of it by the study's time key. */
#include "nqpf/geodetector.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_geodetector_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_geodetector_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_geodetector_options o;
    nqpf_optset *set = NULL;
    nqpf_geodetector_result r = {0};
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK) {
        const nqpf_panel *p = study__panel(s);
        o.time = nqpf_panel_time_col(p);
        rc = study__keyed(s, path, nqpf_geodetector_run(&r, nqpf_panel_table(p), &o));
    }
    nqpf_optset_free(set);
    if (rc)
        return rc;
    /* The factor table is the step's main table; the others are taken over by the study. */
    return study__add_tables(out, (nqpf_table *const[]){r.factor, r.interaction, r.risk, r.ecological, r.strata,
                                                        r.candidates},
                             (const char *const[]){NULL, "interaction", "risk", "ecological", "strata", "candidates"},
                             6);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const geodetector_tables[] = {"interaction", "risk", "ecological", "strata", "candidates", NULL};

const study_step_type nqpf__step_geodetector = {"geodetector", "geographical detector (q, interactions, risk, ecological)",
                                                NULL, validate, run, geodetector_tables};
