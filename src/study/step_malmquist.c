/* Study step: malmquist: DEA productivity indices (nqpf malmquist). */
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


/* ---- malmquist: DEA productivity indices (nqpf malmquist) ---------------------------------- */

static const char *const malm_keys[] = {"inputs", "outputs", "undesirable", "frontier", "base", "orientation",
                                        "cumulative", "luenberger", "rts", "bad_mode", NULL};
static const char *const malm_types[] = {"adjacent", "fixed-base", "global", "sequential", NULL};
static const char *const malm_orients[] = {"in", "out", NULL};
static const char *const malm_rts[] = {"crs", "vrs", NULL};
static const char *const malm_modes[] = {"weak", "ineq", NULL};

/* Fills the options from the step's keys; used by validate (to catch bad combinations early, the
 * same ones `nqpf malmquist` refuses) and by run. The lists point into the JSON; free them. */
static int malm_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_malmquist_options *o,
                        const char ***in, const char ***outp, const char ***bad)
{
    size_t ni = 0, no = 0, nb = 0;
    int rc, type, orient, rts, mode, cum = 0, lu = 0;
    *in = *outp = *bad = NULL;
    if ((rc = study__strlist(s, cfg, path, "inputs", 1, in, &ni)) ||
        (rc = study__strlist(s, cfg, path, "outputs", 1, outp, &no)) ||
        (rc = study__strlist(s, cfg, path, "undesirable", 0, bad, &nb)) ||
        (rc = study__choice(s, cfg, path, "frontier", malm_types, 0, &type)) ||
        (rc = study__choice(s, cfg, path, "orientation", malm_orients, 0, &orient)) ||
        (rc = study__choice(s, cfg, path, "rts", malm_rts, 0, &rts)) ||
        (rc = study__choice(s, cfg, path, "bad_mode", malm_modes, 0, &mode)) ||
        (rc = study__bool(s, cfg, path, "cumulative", &cum)) || (rc = study__bool(s, cfg, path, "luenberger", &lu)))
        return rc;
    o->inputs = *in;
    o->ninputs = ni;
    o->outputs = *outp;
    o->noutputs = no;
    o->bads = *bad;
    o->nbads = nb;
    o->type = (nqpf_malmquist_type)type;
    o->output_orientation = orient == 1;
    o->vrs = rts == 1;
    o->bad_mode = mode == 1 ? NQPF_MALMQUIST_BAD_INEQ : NQPF_MALMQUIST_BAD_WEAK;
    o->cumulative = cum;
    o->measure = lu ? NQPF_MALMQUIST_LUENBERGER : nb ? NQPF_MALMQUIST_ML : NQPF_MALMQUIST_RADIAL;
    if (o->measure == NQPF_MALMQUIST_RADIAL && (json_object_get(cfg, "rts") || json_object_get(cfg, "bad_mode")))
        return study__err(s, NQPF_EUSAGE, path, json_object_get(cfg, "rts") ? "rts" : "bad_mode",
                          "applies to \"luenberger\" or \"undesirable\" (directional distances) only");
    if (o->measure != NQPF_MALMQUIST_RADIAL && json_object_get(cfg, "orientation"))
        return study__err(s, NQPF_EUSAGE, path, "orientation", "applies to the radial index only");
    if (json_object_get(cfg, "base")) {
        if (o->type != NQPF_MALMQUIST_FIXED_BASE)
            return study__err(s, NQPF_EUSAGE, path, "base", "applies to \"frontier\": \"fixed-base\" only");
        if ((rc = study__long(s, cfg, path, "base", 1, &o->base_year)))
            return rc;
        o->has_base = 1;
    }
    return NQPF_OK;
}

static int malm_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    const char **in, **outp, **bad;
    int rc = malm_options(s, cfg, path, &o, &in, &outp, &bad);
    free(in);
    free(outp);
    free(bad);
    if (rc || (rc = study__need_columns(s, cfg, path, "inputs", 1)) || (rc = study__need_columns(s, cfg, path, "outputs", 1)) ||
        (rc = study__need_columns(s, cfg, path, "undesirable", 0)))
        return rc;
    return NQPF_OK;
}

static int malm_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    const char **in, **outp, **bad;
    nqpf_table *res = NULL;
    int rc = malm_options(s, cfg, path, &o, &in, &outp, &bad);
    if (rc == NQPF_OK && (rc = nqpf_malmquist_run(&res, NULL, study__panel(s), &o)) == NQPF_OK)
        rc = study__add_table(out, NULL, res);
    free(in);
    free(outp);
    free(bad);
    return rc;
}

const study_step_type nqpf__step_malmquist = {"malmquist", "Malmquist, Malmquist-Luenberger and Luenberger indices",
                                               malm_keys, malm_validate, malm_run};

