/* Step types of study files. Each one checks its keys and columns (validate, before anything runs)
 * and calls the library (run); none computes anything itself, so a study's numbers are exactly
 * those of the individual commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/malmquist.h"
#include "nqpf/tfp.h"
#include "report/study_internal.h"
#include "util/util.h"

/* ---- tfp: growth accounting (nqpf tfp) --------------------------------------------------- */

static const char *const tfp_keys[] = {"preset", "output", "inputs", "shares", "method", "base", NULL};
static const char *const tfp_methods[] = {"tornqvist", "solow", NULL};
static const char *const tfp_presets[] = {"pwt", NULL};

/* The Penn World Table 9.1 rule, the same settings as `nqpf tfp --preset pwt` (cli/cmd_tfp.c). */
static const char *const pwt_columns[] = {"rgdpna", "rkna", "emp", "hc", "avh", "labsh", NULL};
static const char *const pwt_inputs[] = {"rkna", "labour"};
static const nqpf_tfp_share pwt_share = {"labour", "labsh", 0};

static int tfp_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    int rc, preset, method;
    if ((rc = study__choice(s, cfg, path, "preset", tfp_presets, -1, &preset)) ||
        (rc = study__choice(s, cfg, path, "method", tfp_methods, 0, &method)))
        return rc;
    long base;
    if ((rc = study__long(s, cfg, path, "base", 0, &base)))
        return rc;
    if (preset == 0) {
        static const char *const fixed[] = {"output", "inputs", "shares", "method", NULL};
        for (size_t k = 0; fixed[k]; k++)
            if (json_object_get(cfg, fixed[k]))
                return study__err(s, NQPF_EUSAGE, path, fixed[k], "\"preset\": \"pwt\" fixes output, inputs, shares and method");
        for (size_t k = 0; pwt_columns[k]; k++)
            if ((rc = study__need_column(s, path, "preset", pwt_columns[k])))
                return rc;
        return NQPF_OK;
    }
    const char *output = NULL;
    const char **inputs = NULL;
    size_t ni = 0;
    if ((rc = study__str(s, cfg, path, "output", 1, &output)) || (rc = study__need_column(s, path, "output", output)) ||
        (rc = study__strlist(s, cfg, path, "inputs", 1, &inputs, &ni)))
        return rc;
    for (size_t k = 0; k < ni && !rc; k++) {
        char key[32];
        snprintf(key, sizeof key, "inputs[%zu]", k);
        rc = study__need_column(s, path, key, inputs[k]);
    }
    free(inputs);
    if (rc)
        return rc;
    const json_t *sh = json_object_get(cfg, "shares");
    if (sh) {
        if (!json_is_object(sh))
            return study__err(s, NQPF_EUSAGE, path, "shares", "expected {\"INPUT\": \"COLUMN\" or NUMBER, ...}");
        const char *in;
        const json_t *v;
        json_object_foreach((json_t *)sh, in, v)
        {
            char key[160];
            snprintf(key, sizeof key, "shares.%s", in);
            if (json_is_string(v)) {
                if ((rc = study__need_column(s, path, key, json_string_value(v))))
                    return rc;
            } else if (!json_is_number(v)) {
                return study__err(s, NQPF_EUSAGE, path, key, "expected a share column name or a number");
            }
        }
    }
    return NQPF_OK;
}

static int tfp_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    nqpf_panel *p = study__panel(s);
    const char **inputs = NULL;
    nqpf_tfp_share *shares = NULL;
    nqpf_table *res = NULL;
    size_t ni = 0;
    int rc, preset, method;
    long base = 0;
    if ((rc = study__choice(s, cfg, path, "preset", tfp_presets, -1, &preset)) ||
        (rc = study__choice(s, cfg, path, "method", tfp_methods, 0, &method)))
        return rc;
    o.method = method == 1 ? NQPF_TFP_SOLOW : NQPF_TFP_TORNQVIST;
    if (preset == 0) {
        if ((rc = nqpf_panel_let(p, "nqpf_pwt_labour=emp*hc")))
            return rc;
        o.output = "rgdpna";
        o.inputs = pwt_inputs;
        o.ninputs = 2;
        o.shares = &pwt_share;
        o.nshares = 1;
        o.hours_input = "labour";
        o.labour_col = "nqpf_pwt_labour";
        o.hours_col = "avh";
        o.hours_fallback_id = "USA";
        o.has_base = 1;
        o.base_year = 2011;
    } else {
        if ((rc = study__str(s, cfg, path, "output", 1, &o.output)) ||
            (rc = study__strlist(s, cfg, path, "inputs", 1, &inputs, &ni)))
            goto done;
        o.inputs = inputs;
        o.ninputs = ni;
        const json_t *sh = json_object_get(cfg, "shares");
        size_t ns = json_object_size(sh), k = 0;
        if (ns) {
            if (!(shares = nqpf__calloc(ns, sizeof *shares))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            const char *in;
            const json_t *v;
            json_object_foreach((json_t *)sh, in, v)
            {
                shares[k].input = in;
                shares[k].column = json_is_string(v) ? json_string_value(v) : NULL;
                shares[k].value = json_is_string(v) ? NAN : json_number_value(v);
                k++;
            }
        }
        o.shares = shares;
        o.nshares = ns;
    }
    if (json_object_get(cfg, "base")) {
        if ((rc = study__long(s, cfg, path, "base", 1, &base)))
            goto done;
        o.has_base = 1;
        o.base_year = base;
    }
    if ((rc = nqpf_tfp_growth_accounting(&res, p, &o)))
        goto done;
    rc = study__add_table(out, NULL, res);
done:
    free(inputs);
    free(shares);
    return rc;
}

static const study_step_type step_tfp = {"tfp", "growth-accounting TFP (Törnqvist, Solow, PWT preset)", tfp_keys,
                                         tfp_validate, tfp_run};


/* ---- malmquist: DEA productivity indices (nqpf malmquist) ---------------------------------- */

static const char *const malm_keys[] = {"inputs", "outputs", "undesirable", "frontier", "base", "orientation",
                                        "cumulative", "luenberger", "rts", "bad_mode", NULL};
static const char *const malm_types[] = {"adjacent", "fixed-base", "global", "sequential", NULL};
static const char *const malm_orients[] = {"in", "out", NULL};
static const char *const malm_rts[] = {"crs", "vrs", NULL};
static const char *const malm_modes[] = {"weak", "ineq", NULL};

static int need_columns(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required)
{
    const char **v = NULL;
    size_t n = 0;
    int rc = study__strlist(s, cfg, path, key, required, &v, &n);
    for (size_t k = 0; k < n && !rc; k++) {
        char sub[48];
        snprintf(sub, sizeof sub, "%s[%zu]", key, k);
        rc = study__need_column(s, path, sub, v[k]);
    }
    free(v);
    return rc;
}

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
    if (rc || (rc = need_columns(s, cfg, path, "inputs", 1)) || (rc = need_columns(s, cfg, path, "outputs", 1)) ||
        (rc = need_columns(s, cfg, path, "undesirable", 0)))
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

static const study_step_type step_malmquist = {"malmquist", "Malmquist, Malmquist-Luenberger and Luenberger indices",
                                               malm_keys, malm_validate, malm_run};

/* ---- the table --------------------------------------------------------------------------- */

const study_step_type *const nqpf__study_steps[] = {&step_tfp, &step_malmquist, NULL};
