/* Study step: spatial: Moran's I, Geary's C, LISA (nqpf spatial). Everything about the options
 * (keys, defaults, rules, the weights) is the library's: the same nqpf_spatial_options_parse() and
 * nqpf_weights_build() serve `nqpf spatial`. */
#include "nqpf/spatial.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_spatial_options_parse(o, set); }

/* The options of a step: the nested weights form respelt, then the library's parse. */
static int spatial_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **set, nqpf_spatial_options *o)
{
    return study__weights_parse(s, cfg, path, parse, o, set);
}

static int spatial_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_spatial_options o;
    int rc = spatial_options(s, cfg, path, &set, &o);
    if (rc == NQPF_OK)
        rc = study__weights_check(s, cfg, path, set, &o.weights);
    nqpf_optset_free(set);
    return rc;
}

static int spatial_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_spatial_options o;
    nqpf_weights *w = NULL;
    nqpf_table *edges = NULL, *g = NULL, *l = NULL;
    const nqpf_panel *p = study__panel(s);
    int rc = spatial_options(s, cfg, path, &set, &o);
    if (rc || (rc = study__weights_keyed(s, cfg, path, nqpf_weights_build(&w, &edges, &o.weights, p))) ||
        (rc = nqpf_spatial_global(&g, p, o.var, w, &o)) || (o.local && (rc = nqpf_spatial_local(&l, p, o.var, w, &o))))
        goto done;
    rc = study__add_tables(out, (nqpf_table *const[]){g, l, edges}, (const char *const[]){NULL, "lisa", "edges"}, 3);
    g = l = edges = NULL; /* taken over */
done:
    nqpf_weights_free(w);
    nqpf_table_free(edges);
    nqpf_table_free(g);
    nqpf_table_free(l);
    nqpf_optset_free(set);
    return rc;
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const spatial_tables[] = {"lisa", "edges", NULL};

const study_step_type nqpf__step_spatial = {"spatial", "spatial autocorrelation: Moran's I, Geary's C, LISA", NULL,
                                             spatial_validate, spatial_run, spatial_tables};
