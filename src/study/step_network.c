/* Study step: network: the spatial correlation network of a variable (nqpf network). Everything
 * about the options (keys, defaults, the qap grammar, rules) is the library's: the same
 * nqpf_network_options_parse() serves `nqpf network`. The main table is the links; centrality,
 * summary, blocks and (with qap) qap are extra tables. */
#include "nqpf/network.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_network_options_parse(o, set); }

static int validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_network_options o;
    return study__validate_method(s, cfg, path, parse, &o);
}

static int run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_network_options o;
    nqpf_optset *set = NULL;
    nqpf_table *t[5] = {NULL, NULL, NULL, NULL, NULL};
    int rc = study__parse(s, cfg, path, parse, &o, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_network_run(&t[0], &t[1], &t[2], &t[3], &t[4], study__panel(s), &o));
    nqpf_optset_free(set);
    return rc ? rc
              : study__add_tables(out, t, (const char *const[]){NULL, "centrality", "summary", "blocks", "qap"}, 5);
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const network_tables[] = {"centrality", "summary", "blocks", "qap", NULL};

const study_step_type nqpf__step_network = {"network", "spatial correlation network (gravity model, QAP)", NULL,
                                            validate, run, network_tables};
