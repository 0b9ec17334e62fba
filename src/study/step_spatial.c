/* Study step: spatial: Moran's I, Geary's C, LISA (nqpf spatial). */
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


/* ---- spatial: Moran's I, Geary's C, LISA (nqpf spatial) ------------------------------------- */

static const char *const spatial_keys[] = {"var", "weights", "coords", "knn", "power", "max_distance", "distance",
                                           "style", "permutations", "seed", "local", NULL};

static int spatial_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    const char *var = NULL;
    long perm = 0, seed = 0;
    int rc, local = 0;
    if ((rc = study__str(s, cfg, path, "var", 1, &var)) || (rc = study__need_column(s, path, "var", var)) ||
        (rc = study__long(s, cfg, path, "permutations", 0, &perm)) || (rc = study__long(s, cfg, path, "seed", 0, &seed)) ||
        (rc = study__bool(s, cfg, path, "local", &local)))
        return rc;
    if (perm < 0 || seed < 0)
        return study__err(s, NQPF_EUSAGE, path, perm < 0 ? "permutations" : "seed", "expected a non-negative integer");
    return study__weights_validate(s, cfg, path, 1);
}

static int spatial_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_spatial_options so = NQPF_SPATIAL_OPTIONS_INIT;
    nqpf_weights *w = NULL;
    nqpf_table *edges = NULL, *g = NULL, *l = NULL;
    const nqpf_panel *p = study__panel(s);
    const char *var = json_string_value(json_object_get(cfg, "var"));
    long perm = 0, seed = (long)so.moran.seed;
    int rc, local = 0;
    if ((rc = study__long(s, cfg, path, "permutations", 0, &perm)) || (rc = study__long(s, cfg, path, "seed", 0, &seed)) ||
        (rc = study__bool(s, cfg, path, "local", &local)))
        return rc;
    so.moran.permutations = (size_t)perm;
    so.moran.seed = (unsigned long)seed;
    if ((rc = study__weights_build(s, cfg, path, p, &w, &edges)) || (rc = nqpf_spatial_global(&g, p, var, w, &so)) ||
        (local && (rc = nqpf_spatial_local(&l, p, var, w, &so))))
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
    return rc;
}

const study_step_type nqpf__step_spatial = {"spatial", "spatial autocorrelation: Moran's I, Geary's C, LISA",
                                             spatial_keys, spatial_validate, spatial_run};

