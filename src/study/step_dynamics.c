/* Study step: dynamics: kernel density and Markov chains (nqpf dynamics). Everything about the
 * options (keys, defaults, rules, the weights) is the library's: the same
 * nqpf_dynamics_options_parse() and nqpf_weights_build() serve `nqpf dynamics`. */
#include <stdio.h>

#include "nqpf/dynamics.h"
#include "study/study_internal.h"

static int parse(void *o, const nqpf_optset *set) { return nqpf_dynamics_options_parse(o, set); }

/* The options of a step: the nested weights form respelt, then the library's parse. */
static int dyn_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **set, nqpf_dynamics_options *o)
{
    return study__weights_parse(s, cfg, path, parse, o, set);
}

static int dyn_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_dynamics_options o;
    int rc = dyn_options(s, cfg, path, &set, &o);
    if (rc == NQPF_OK)
        rc = study__weights_check(s, cfg, path, set, &o.weights);
    nqpf_optset_free(set);
    return rc;
}

static int dyn_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_dynamics_options o;
    nqpf_weights *w = NULL;
    nqpf_table *edges = NULL, *shape = NULL, *dens = NULL, *mk = NULL, *smk = NULL, *bnd = NULL;
    const nqpf_panel *p = study__panel(s);
    int rc = dyn_options(s, cfg, path, &set, &o);
    int spatial = rc == NQPF_OK && (o.weights.file || o.weights.xcol || o.weights.geojson);
    if (rc || (spatial && (rc = study__weights_keyed(s, cfg, path, nqpf_weights_build(&w, &edges, &o.weights, p)))) ||
        (rc = nqpf_dynamics_density(&shape, &dens, p, o.var, &o)) ||
        (rc = nqpf_dynamics_markov(&mk, spatial ? &smk : NULL, p, o.var, w, &o)) ||
        (rc = nqpf_dynamics_markov_bounds(&bnd, p, o.var, &o)))
        goto done;
    nqpf_table *tabs[] = {shape, dens, mk, bnd, smk, edges};
    const char *sfx[] = {NULL, "density", "markov", "markov_bounds", "spatial_markov", "edges"};
    shape = dens = mk = bnd = smk = edges = NULL;
    for (size_t k = 0; k < 6; k++) {
        if (rc) {
            nqpf_table_free(tabs[k]);
            continue;
        }
        rc = k == 0 ? study__add_table(out, NULL, tabs[k]) : study__add_opt(out, sfx[k], tabs[k]);
    }
done:
    nqpf_weights_free(w);
    nqpf_table_free(edges);
    nqpf_table_free(shape);
    nqpf_table_free(dens);
    nqpf_table_free(mk);
    nqpf_table_free(bnd);
    nqpf_table_free(smk);
    nqpf_optset_free(set);
    return rc;
}

/* The tables this step hands back besides its main one (study__add_table suffixes). */
static const char *const dynamics_tables[] = {"density", "markov", "markov_bounds", "spatial_markov", "edges", NULL};

const study_step_type nqpf__step_dynamics = {"dynamics", "distribution dynamics: kernel density, Markov chains", NULL,
                                              dyn_validate, dyn_run, dynamics_tables};
