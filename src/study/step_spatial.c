/* Study step: spatial: Moran's I, Geary's C, LISA (nqpf spatial). Everything about the options
 * (keys, defaults, rules, the weights) is the library's: the same nqpf_spatial_options_parse() and
 * nqpf_weights_build() serve `nqpf spatial`. */
#include "nqpf/spatial.h"
#include "study/study_internal.h"

/* The options of a step: the nested weights form respelt, then the library's parse. */
static int spatial_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **set,
                           nqpf_spatial_options *o)
{
    json_t *flat = NULL;
    *set = NULL;
    int rc = study__weights_flat(s, cfg, path, &flat);
    if (rc == NQPF_OK)
        rc = study__optset(s, flat, path, set);
    if (rc == NQPF_OK)
        rc = study__weights_keyed(s, cfg, path, nqpf_spatial_options_parse(o, *set));
    json_decref(flat);
    return rc;
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
    /* study__add_table() takes the table over even when it fails. */
    rc = study__add_table(out, NULL, g);
    g = NULL;
    if (rc == NQPF_OK)
        rc = study__add_opt(out, "lisa", l);
    l = NULL;
    if (rc == NQPF_OK)
        rc = study__add_opt(out, "edges", edges);
    edges = NULL;
done:
    nqpf_weights_free(w);
    nqpf_table_free(edges);
    nqpf_table_free(g);
    nqpf_table_free(l);
    nqpf_optset_free(set);
    return rc;
}

const study_step_type nqpf__step_spatial = {"spatial", "spatial autocorrelation: Moran's I, Geary's C, LISA", NULL,
                                             spatial_validate, spatial_run};
