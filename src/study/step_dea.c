/* Study step: dea: efficiency scores (nqpf dea). */
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


/* ---- dea: efficiency scores (nqpf dea) ------------------------------------------------------ */

static const char *const dea_keys[] = {"inputs", "outputs", "undesirable", "model", "rts", "orientation",
                                       "frontier", "super", "slacks", "peers", "bad_ineq", NULL};
static const char *const dea_models[] = {"radial", "sbm", "ddf", NULL};
static const char *const dea_rtss[] = {"crs", "vrs", "nirs", "ndrs", NULL};
static const char *const dea_orients[] = {"in", "out", "none", NULL};

/* The options of `nqpf dea` (one thread: the scores do not depend on it). Lists point into the JSON. */
static int dea_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_dea_options *o,
                       const char ***in, const char ***outp, const char ***bad)
{
    size_t ni = 0, no = 0, nb = 0;
    int rc, model, rts, orient, sup = 0, sl = 0, pe = 0, ineq = 0;
    const char *fr = NULL;
    *in = *outp = *bad = NULL;
    if ((rc = study__strlist(s, cfg, path, "inputs", 1, in, &ni)) ||
        (rc = study__strlist(s, cfg, path, "outputs", 1, outp, &no)) ||
        (rc = study__strlist(s, cfg, path, "undesirable", 0, bad, &nb)) ||
        (rc = study__choice(s, cfg, path, "model", dea_models, 0, &model)) ||
        (rc = study__choice(s, cfg, path, "rts", dea_rtss, 0, &rts)) ||
        (rc = study__choice(s, cfg, path, "orientation", dea_orients, model == NQPF_DEA_SBM ? 2 : 0, &orient)) ||
        (rc = study__str(s, cfg, path, "frontier", 0, &fr)) || (rc = study__bool(s, cfg, path, "super", &sup)) ||
        (rc = study__bool(s, cfg, path, "slacks", &sl)) || (rc = study__bool(s, cfg, path, "peers", &pe)) ||
        (rc = study__bool(s, cfg, path, "bad_ineq", &ineq)))
        return rc;
    o->inputs = *in;
    o->ninputs = ni;
    o->outputs = *outp;
    o->noutputs = no;
    o->bads = *bad;
    o->nbads = nb;
    o->model = (nqpf_dea_model)model;
    o->rts = (nqpf_dea_rts)rts;
    o->orientation = (nqpf_dea_orientation)orient;
    o->super = sup;
    o->slacks = sl;
    o->peers = pe;
    o->bad_mode = ineq ? NQPF_DEA_BAD_INEQ : NQPF_DEA_BAD_WEAK;
    o->threads = 1;
    if (o->model == NQPF_DEA_RADIAL && o->orientation == NQPF_DEA_NONE)
        return study__err(s, NQPF_EUSAGE, path, "orientation", "\"none\" is for \"model\": \"sbm\"; radial takes in or out");
    if (o->model == NQPF_DEA_DDF && json_object_get(cfg, "orientation"))
        return study__err(s, NQPF_EUSAGE, path, "orientation", "\"model\": \"ddf\" has no orientation");
    if (ineq && !nb)
        return study__err(s, NQPF_EUSAGE, path, "bad_ineq", "needs \"undesirable\"");
    if (ineq && o->model != NQPF_DEA_DDF)
        return study__err(s, NQPF_EUSAGE, path, "bad_ineq", "belongs to \"model\": \"ddf\"");
    if (fr && nqpf_dea_parse_frontier(fr, o) != NQPF_OK)
        return study__err(s, NQPF_EUSAGE, path, "frontier", "%s", nqpf_error_message());
    return NQPF_OK;
}

static int dea_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    const char **in, **outp, **bad;
    int rc = dea_options(s, cfg, path, &o, &in, &outp, &bad);
    free(in);
    free(outp);
    free(bad);
    if (rc || (rc = study__need_columns(s, cfg, path, "inputs", 1)) || (rc = study__need_columns(s, cfg, path, "outputs", 1)) ||
        (rc = study__need_columns(s, cfg, path, "undesirable", 0)))
        return rc;
    return NQPF_OK;
}

static int dea_step_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    const char **in, **outp, **bad;
    nqpf_table *res = NULL;
    int rc = dea_options(s, cfg, path, &o, &in, &outp, &bad);
    if (rc == NQPF_OK && (rc = nqpf_dea_run(&res, study__panel(s), &o, NULL)) == NQPF_OK)
        rc = study__add_table(out, NULL, res);
    free(in);
    free(outp);
    free(bad);
    return rc;
}

const study_step_type nqpf__step_dea = {"dea", "DEA efficiency: radial, SBM, directional distance", dea_keys,
                                         dea_validate, dea_step_run};

