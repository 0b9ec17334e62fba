/* Study step: dynamics: kernel density and Markov chains (nqpf dynamics). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/dea.h"
#include "nqpf/dynamics.h"
#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "nqpf/malmquist.h"
#include "nqpf/region.h"
#include "nqpf/spatial.h"
#include "nqpf/tfp.h"
#include "study/study_internal.h"
#include "util/util.h"


/* ---- dynamics: kernel density and Markov chains (nqpf dynamics) ----------------------------- */

static const char *const dyn_keys[] = {"var", "relative", "grid", "bandwidth", "classes", "quantiles", "cuts",
                                       "weights", "coords", "knn", "power", "max_distance", "distance", "style", NULL};
static const char *const dyn_scopes[] = {"yearly", "pooled", NULL};

static int dyn_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_dynamics_options *o,
                       double **cuts)
{
    long grid = 512, classes = 5;
    int rc, scope, rel = 0;
    *cuts = NULL;
    if ((rc = study__long(s, cfg, path, "grid", 0, &grid)) || (rc = study__num(s, cfg, path, "bandwidth", 0, &o->bandwidth)) ||
        (rc = study__long(s, cfg, path, "classes", 0, &classes)) ||
        (rc = study__choice(s, cfg, path, "quantiles", dyn_scopes, 0, &scope)) ||
        (rc = study__bool(s, cfg, path, "relative", &rel)))
        return rc;
    if (json_object_get(cfg, "bandwidth") && !(o->bandwidth > 0))
        return study__err(s, NQPF_EUSAGE, path, "bandwidth", "expected a positive number");
    if (grid < 2 || grid > 100000)
        return study__err(s, NQPF_EUSAGE, path, "grid", "expected 2 to 100000 points");
    if (classes < 2 || classes > 100)
        return study__err(s, NQPF_EUSAGE, path, "classes", "expected 2 to 100 classes");
    o->grid = (size_t)grid;
    o->classes = (size_t)classes;
    o->scope = scope ? NQPF_CLASS_POOLED : NQPF_CLASS_YEARLY;
    o->relative = rel;
    const json_t *cj = json_object_get(cfg, "cuts");
    if (cj) {
        size_t n = json_array_size(cj);
        if (!json_is_array(cj) || n == 0)
            return study__err(s, NQPF_EUSAGE, path, "cuts", "expected a list of increasing numbers");
        if (!(*cuts = nqpf__calloc(n, sizeof **cuts)))
            return NQPF_EINTERNAL;
        for (size_t k = 0; k < n; k++) {
            const json_t *v = json_array_get(cj, k);
            (*cuts)[k] = json_number_value(v);
            if (!json_is_number(v) || (k && !((*cuts)[k] > (*cuts)[k - 1])))
                return study__err(s, NQPF_EUSAGE, path, "cuts", "expected strictly increasing numbers");
        }
        o->cuts = *cuts;
        o->ncuts = n;
    }
    return NQPF_OK;
}

static int dyn_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_dynamics_options o = NQPF_DYNAMICS_OPTIONS_INIT;
    double *cuts = NULL;
    const char *var = NULL;
    int rc;
    if ((rc = study__str(s, cfg, path, "var", 1, &var)) == NQPF_OK &&
        (rc = study__need_column(s, path, "var", var)) == NQPF_OK && (rc = dyn_options(s, cfg, path, &o, &cuts)) == NQPF_OK)
        rc = study__weights_validate(s, cfg, path, 0);
    free(cuts);
    return rc;
}

static int dyn_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_dynamics_options o = NQPF_DYNAMICS_OPTIONS_INIT;
    double *cuts = NULL;
    nqpf_weights *w = NULL;
    nqpf_table *edges = NULL, *shape = NULL, *dens = NULL, *mk = NULL, *smk = NULL;
    const nqpf_panel *p = study__panel(s);
    const char *var = json_string_value(json_object_get(cfg, "var"));
    int spatial = json_object_get(cfg, "weights") || json_object_get(cfg, "coords");
    int rc = dyn_options(s, cfg, path, &o, &cuts);
    if (rc || (spatial && (rc = study__weights_build(s, cfg, path, p, &w, &edges))) ||
        (rc = nqpf_dynamics_density(&shape, &dens, p, var, &o)) ||
        (rc = nqpf_dynamics_markov(&mk, spatial ? &smk : NULL, p, var, w, &o)))
        goto done;
    nqpf_table *tabs[] = {shape, dens, mk, smk, edges};
    const char *sfx[] = {NULL, "density", "markov", "spatial_markov", "edges"};
    shape = dens = mk = smk = edges = NULL;
    for (size_t k = 0; k < 5; k++) {
        if (rc) {
            nqpf_table_free(tabs[k]);
            continue;
        }
        rc = k == 0 ? study__add_table(out, NULL, tabs[k]) : study__add_opt(out, sfx[k], tabs[k]);
    }
done:
    free(cuts);
    nqpf_weights_free(w);
    nqpf_table_free(edges);
    nqpf_table_free(shape);
    nqpf_table_free(dens);
    nqpf_table_free(mk);
    nqpf_table_free(smk);
    return rc;
}

const study_step_type nqpf__step_dynamics = {"dynamics", "distribution dynamics: kernel density, Markov chains",
                                              dyn_keys, dyn_validate, dyn_run};

