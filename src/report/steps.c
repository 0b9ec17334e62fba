/* Step types of study files. Each one checks its keys and columns (validate, before anything runs)
 * and calls the library (run); none computes anything itself, so a study's numbers are exactly
 * those of the individual commands. */
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
#include "report/study_internal.h"
#include "util/util.h"

/* ---- tfp: growth accounting (nqpf tfp) --------------------------------------------------- */

static const char *const tfp_keys[] = {"preset", "output", "inputs", "shares", "method", "base", NULL};
static const char *const tfp_methods[] = {"tornqvist", "solow", NULL};
static const char *const tfp_presets[] = {"pwt", NULL};

/* The Penn World Table 9.1 rule, the same settings as `nqpf tfp --preset pwt` (cli/cmd_tfp.c). */
static const char *const pwt_columns[] = {"rgdpna", "rkna", "emp", "hc", "avh", "labsh", NULL};

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
        if ((rc = nqpf_tfp_preset_pwt(p, &o)))
            return rc;
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

/* A copy of a table owned by a library result object, so that the step output can own it. */
static nqpf_table *copy_table(const nqpf_table *t)
{
    size_t n = nqpf_table_nrows(t);
    size_t *rows = nqpf__malloc(n ? n : 1, sizeof *rows);
    if (!rows)
        return NULL;
    for (size_t i = 0; i < n; i++)
        rows[i] = i;
    nqpf_table *c = nqpf_table_select_rows(t, rows, n);
    free(rows);
    return c;
}

/* Adds a table unless it is NULL (optional outputs); takes ownership. */
static int add_opt(study_step_out *out, const char *suffix, nqpf_table *t)
{
    return t ? study__add_table(out, suffix, t) : NQPF_OK;
}

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
    if (rc || (rc = need_columns(s, cfg, path, "inputs", 1)) || (rc = need_columns(s, cfg, path, "outputs", 1)) ||
        (rc = need_columns(s, cfg, path, "undesirable", 0)))
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

static const study_step_type step_dea = {"dea", "DEA efficiency: radial, SBM, directional distance", dea_keys,
                                         dea_validate, dea_step_run};

/* ---- index: composite index (nqpf index) -------------------------------------------------- */

static const char *const index_keys[] = {"framework", "normalize", "scope", "weights", "aggregate", "impute",
                                         "shift", "gra_zeta", "critic_corr", "strict", "force", "obstacles",
                                         "sensitivity", "seed", "perturb", NULL};
static const char *const index_norms[] = {"minmax", "zscore", "rank", "ratio-mean", "none", NULL};
static const char *const index_scopes[] = {"global", "period", NULL};
static const char *const index_aggs[] = {"sum", "geometric", "topsis", "topsis-vector", "gra", NULL};
static const char *const index_imps[] = {"none", "linear", "carry", "mean", NULL};
static const char *const index_cors[] = {"pearson", "spearman", NULL};
static const char *const index_wnames[] = {"entropy", "critic", "cv", "pca", "equal", "ahp", "fixed", NULL};

/* One weighting method: a name from index_wnames, "ahp:FILE" with FILE relative to the study. */
static int index_method(const nqpf_study *s, const char *path, const char *spec, size_t len,
                        enum nqpf_index_weighting *w, char **ahp)
{
    for (int k = 0; index_wnames[k]; k++) {
        size_t l = strlen(index_wnames[k]);
        if (strncmp(spec, index_wnames[k], l) != 0)
            continue;
        if (l == len && k != NQPF_W_AHP) {
            *w = (enum nqpf_index_weighting)k;
            return NQPF_OK;
        }
        if (k == NQPF_W_AHP && len > l + 1 && spec[l] == ':') {
            char *rel = nqpf__strndup(spec + l + 1, len - l - 1);
            if (!rel)
                return NQPF_EINTERNAL;
            free(*ahp);
            *ahp = study__resolve(s, rel);
            free(rel);
            *w = NQPF_W_AHP;
            return *ahp ? NQPF_OK : NQPF_EINTERNAL;
        }
    }
    return study__err(s, NQPF_EUSAGE, path, "weights",
                      "expected entropy, critic, cv, pca, equal, ahp:FILE or fixed, or two of them joined by + "
                      "(mean) or * (product), found '%s'", spec);
}

/* Reads the framework and fills the options; validate and run share it. *ahp is malloc'd. */
static int index_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_index_options *o,
                         nqpf_framework **fw, char **ahp)
{
    int rc, norm, scope, agg, imp, cor, strict = 0, force = 0, obst = 0;
    long seed = 1, sens = 0;
    const char *fwrel = NULL, *wspec = NULL;
    *fw = NULL;
    *ahp = NULL;
    if ((rc = study__str(s, cfg, path, "framework", 1, &fwrel)) ||
        (rc = study__choice(s, cfg, path, "normalize", index_norms, 0, &norm)) ||
        (rc = study__choice(s, cfg, path, "scope", index_scopes, 0, &scope)) ||
        (rc = study__choice(s, cfg, path, "aggregate", index_aggs, 0, &agg)) ||
        (rc = study__choice(s, cfg, path, "impute", index_imps, 0, &imp)) ||
        (rc = study__choice(s, cfg, path, "critic_corr", index_cors, 0, &cor)) ||
        (rc = study__num(s, cfg, path, "shift", 0, &o->shift)) ||
        (rc = study__num(s, cfg, path, "gra_zeta", 0, &o->gra_zeta)) ||
        (rc = study__num(s, cfg, path, "perturb", 0, &o->perturb)) ||
        (rc = study__long(s, cfg, path, "sensitivity", 0, &sens)) || (rc = study__long(s, cfg, path, "seed", 0, &seed)) ||
        (rc = study__bool(s, cfg, path, "strict", &strict)) || (rc = study__bool(s, cfg, path, "force", &force)) ||
        (rc = study__bool(s, cfg, path, "obstacles", &obst)) || (rc = study__str(s, cfg, path, "weights", 0, &wspec)))
        return rc;
    if (sens < 0)
        return study__err(s, NQPF_EUSAGE, path, "sensitivity", "expected a non-negative integer");
    if (seed < 0)
        return study__err(s, NQPF_EUSAGE, path, "seed", "expected a non-negative integer");
    if (json_object_get(cfg, "seed") && !sens)
        return study__err(s, NQPF_EUSAGE, path, "seed", "only applies with \"sensitivity\"");
    o->norm = (enum nqpf_index_norm)norm;
    o->scope = (enum nqpf_index_scope)scope;
    o->aggregate = (enum nqpf_index_agg)agg;
    o->impute = (enum nqpf_index_impute)imp;
    o->critic_spearman = cor == 1;
    o->strict = strict;
    o->force = force;
    o->obstacles = obst;
    o->sensitivity = (size_t)sens;
    o->seed = (unsigned long)seed;
    char *fwpath = study__resolve(s, fwrel);
    if (!fwpath)
        return NQPF_EINTERNAL;
    rc = nqpf_framework_read(fw, fwpath);
    free(fwpath);
    if (rc) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        return study__err(s, rc, path, "framework", "%s", msg);
    }
    if (wspec) {
        size_t len = strlen(wspec);
        o->combine = NQPF_COMBINE_NONE;
        for (size_t q = 1; q + 1 < len && o->combine == NQPF_COMBINE_NONE; q++)
            if (wspec[q] == '+' || wspec[q] == '*') {
                enum nqpf_index_weighting a, b;
                if (index_method(s, path, wspec, q, &a, ahp) == NQPF_OK &&
                    index_method(s, path, wspec + q + 1, len - q - 1, &b, ahp) == NQPF_OK) {
                    if (a == b)
                        return study__err(s, NQPF_EUSAGE, path, "weights", "'%s': combine two different methods", wspec);
                    o->weights[0] = a;
                    o->weights[1] = b;
                    o->combine = wspec[q] == '+' ? NQPF_COMBINE_ARITH : NQPF_COMBINE_MULT;
                }
            }
        if (o->combine == NQPF_COMBINE_NONE) {
            if ((rc = index_method(s, path, wspec, len, &o->weights[0], ahp)))
                return rc;
            o->weights[1] = o->weights[0];
        }
        nqpf_error_clear();
    } else {
        /* As `nqpf index`: a framework that types every weight means them. */
        int all = 1;
        for (size_t k = 0; k < nqpf_framework_count(*fw); k++)
            all &= !isnan(nqpf_framework_weight(*fw, k));
        o->weights[0] = o->weights[1] = all ? NQPF_W_FIXED : NQPF_W_ENTROPY;
    }
    o->ahp_path = *ahp;
    return NQPF_OK;
}

static int index_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_framework *fw = NULL;
    char *ahp = NULL;
    int rc = index_options(s, cfg, path, &o, &fw, &ahp);
    /* Every indicator's column or expression must name columns the data has. */
    for (size_t k = 0; rc == NQPF_OK && k < nqpf_framework_count(fw); k++) {
        const char *src = nqpf_framework_field(fw, k, "column");
        nqpf_expr *e = NULL;
        if ((rc = nqpf_expr_parse(&e, src))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", nqpf_error_message());
            rc = study__err(s, rc, path, "framework", "indicator '%s': %s", nqpf_framework_field(fw, k, "id"), msg);
            break;
        }
        for (size_t c = 0; c < nqpf_expr_ncolumns(e) && !rc; c++) {
            char key[160];
            snprintf(key, sizeof key, "framework (indicator '%s')", nqpf_framework_field(fw, k, "id"));
            rc = study__need_column(s, path, key, nqpf_expr_column(e, c));
        }
        nqpf_expr_free(e);
    }
    if (rc == NQPF_OK && ahp && access(ahp, R_OK) != 0)
        rc = study__err(s, NQPF_EDATA, path, "weights", "cannot read the AHP matrix '%s'", ahp);
    nqpf_framework_free(fw);
    free(ahp);
    return rc;
}

static int index_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_framework *fw = NULL;
    nqpf_index_result *r = NULL;
    char *ahp = NULL;
    int rc = index_options(s, cfg, path, &o, &fw, &ahp);
    if (rc == NQPF_OK)
        rc = nqpf_index_compute(&r, study__panel(s), fw, &o);
    if (rc == NQPF_OK) {
        nqpf_table *sc = copy_table(nqpf_index_result_scores(r)), *w = copy_table(nqpf_index_result_weights(r));
        nqpf_table *f = nqpf_index_result_factors(r) ? copy_table(nqpf_index_result_factors(r)) : NULL;
        if (!sc || !w || (nqpf_index_result_factors(r) && !f)) {
            nqpf_table_free(sc);
            nqpf_table_free(w);
            nqpf_table_free(f);
            rc = NQPF_EINTERNAL;
        } else if ((rc = study__add_table(out, NULL, sc))) {
            nqpf_table_free(w);
            nqpf_table_free(f);
        } else if ((rc = study__add_table(out, "weights", w))) {
            nqpf_table_free(f);
        } else {
            rc = add_opt(out, "sensitivity", f);
        }
    }
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    free(ahp);
    return rc;
}

static const study_step_type step_index = {"index", "composite development index (framework, weights, obstacles)",
                                           index_keys, index_validate, index_run};

/* ---- coupling: coupling coordination degree (nqpf coupling) --------------------------------- */

static const char *const coup_keys[] = {"systems", "coef", "rescale", NULL};

static int coup_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_coupling_options *o,
                        const char ***sys, double **coef)
{
    size_t n = 0;
    int rc, rescale = 0;
    *coef = NULL;
    if ((rc = study__strlist(s, cfg, path, "systems", 1, sys, &n)) || (rc = study__bool(s, cfg, path, "rescale", &rescale)))
        return rc;
    if (n < 2)
        return study__err(s, NQPF_EUSAGE, path, "systems", "expected two or more system columns");
    o->systems = *sys;
    o->nsystems = n;
    o->rescale = rescale;
    const json_t *c = json_object_get(cfg, "coef");
    if (c) {
        double sum = 0;
        if (!json_is_array(c) || json_array_size(c) != n)
            return study__err(s, NQPF_EUSAGE, path, "coef", "expected %zu numbers summing to 1, one per system", n);
        if (!(*coef = nqpf__calloc(n, sizeof **coef)))
            return NQPF_EINTERNAL;
        for (size_t k = 0; k < n; k++) {
            const json_t *v = json_array_get(c, k);
            if (!json_is_number(v) || json_number_value(v) < 0)
                return study__err(s, NQPF_EUSAGE, path, "coef", "expected non-negative numbers");
            sum += (*coef)[k] = json_number_value(v);
        }
        if (fabs(sum - 1) > 1e-9)
            return study__err(s, NQPF_EUSAGE, path, "coef", "the coefficients sum to %g, not 1", sum);
        o->coef = *coef;
    }
    return NQPF_OK;
}

static int coup_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_coupling_options o = NQPF_COUPLING_OPTIONS_INIT;
    const char **sys = NULL;
    double *coef = NULL;
    int rc = coup_options(s, cfg, path, &o, &sys, &coef);
    free(sys);
    free(coef);
    return rc ? rc : need_columns(s, cfg, path, "systems", 1);
}

static int coup_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_coupling_options o = NQPF_COUPLING_OPTIONS_INIT;
    const char **sys = NULL;
    double *coef = NULL;
    nqpf_table *res = NULL;
    int rc = coup_options(s, cfg, path, &o, &sys, &coef);
    if (rc == NQPF_OK && (rc = nqpf_coupling(&res, study__panel(s), &o)) == NQPF_OK)
        rc = study__add_table(out, NULL, res);
    free(sys);
    free(coef);
    return rc;
}

static const study_step_type step_coupling = {"coupling", "coupling coordination degree of two or more systems",
                                              coup_keys, coup_validate, coup_run};

/* ---- disparity: Gini, Dagum and Theil decompositions (nqpf disparity) ----------------------- */

static const char *const disp_keys[] = {"var", "group", NULL};

/* The group column: the step's "group", else the study's groups (if any). */
static const char *disp_group(const nqpf_study *s, const json_t *cfg)
{
    const char *g = json_string_value(json_object_get(cfg, "group"));
    return g ? g : study__group_column(s);
}

static int disp_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    const char *var = NULL, *group = NULL;
    int rc;
    if ((rc = study__str(s, cfg, path, "var", 1, &var)) || (rc = study__need_column(s, path, "var", var)) ||
        (rc = study__str(s, cfg, path, "group", 0, &group)))
        return rc;
    return group ? study__need_column(s, path, "group", group) : NQPF_OK;
}

static int disp_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_disparity_options o = NQPF_DISPARITY_OPTIONS_INIT;
    nqpf_table *ov = NULL, *gr = NULL, *pr = NULL;
    (void)path;
    o.var = json_string_value(json_object_get(cfg, "var"));
    o.group = disp_group(s, cfg);
    int rc = nqpf_disparity(&ov, &gr, &pr, study__panel(s), &o);
    if (rc)
        return rc;
    if ((rc = study__add_table(out, NULL, ov))) {
        nqpf_table_free(gr);
        nqpf_table_free(pr);
        return rc;
    }
    if ((rc = add_opt(out, "groups", gr))) {
        nqpf_table_free(pr);
        return rc;
    }
    return add_opt(out, "pairs", pr);
}

static const study_step_type step_disparity = {"disparity", "inequality: Gini, Dagum and Theil decompositions",
                                               disp_keys, disp_validate, disp_run};

/* ---- convergence: sigma and beta (nqpf convergence) ---------------------------------------- */

static const char *const conv_keys[] = {"var", "controls", "panel", NULL};

static int conv_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    const char *var = NULL;
    int rc, panel = 0;
    if ((rc = study__str(s, cfg, path, "var", 1, &var)) || (rc = study__need_column(s, path, "var", var)) ||
        (rc = study__bool(s, cfg, path, "panel", &panel)))
        return rc;
    return need_columns(s, cfg, path, "controls", 0);
}

static int conv_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    nqpf_table *sigma = NULL, *beta = NULL;
    const char **ctl = NULL;
    size_t nc = 0;
    int rc, panel = 0;
    if ((rc = study__strlist(s, cfg, path, "controls", 0, &ctl, &nc)) || (rc = study__bool(s, cfg, path, "panel", &panel)))
        return rc;
    o.var = json_string_value(json_object_get(cfg, "var"));
    o.controls = ctl;
    o.ncontrols = nc;
    o.panel = panel;
    rc = nqpf_convergence(&sigma, &beta, study__panel(s), &o);
    free(ctl);
    if (rc)
        return rc;
    if ((rc = study__add_table(out, NULL, beta))) {
        nqpf_table_free(sigma);
        return rc;
    }
    return study__add_table(out, "sigma", sigma);
}

static const study_step_type step_convergence = {"convergence", "sigma and beta convergence", conv_keys,
                                                 conv_validate, conv_run};

/* ---- classify: k-means or Ward classes of units (nqpf classify) ----------------------------- */

static const char *const class_keys[] = {"vars", "k", "method", "year", "seed", "restarts", "lang", NULL};
static const char *const class_methods[] = {"kmeans", "ward", NULL};
static const char *const class_langs[] = {"en", "zh", NULL};

static int class_options(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_classify_options *o,
                         const char ***vars)
{
    size_t n = 0;
    int rc, method, lang;
    long seed = 1, restarts = 20, year = 0;
    const json_t *k = json_object_get(cfg, "k");
    if ((rc = study__strlist(s, cfg, path, "vars", 1, vars, &n)) ||
        (rc = study__choice(s, cfg, path, "method", class_methods, 0, &method)) ||
        (rc = study__choice(s, cfg, path, "lang", class_langs, 0, &lang)) ||
        (rc = study__long(s, cfg, path, "seed", 0, &seed)) || (rc = study__long(s, cfg, path, "restarts", 0, &restarts)) ||
        (rc = study__long(s, cfg, path, "year", 0, &year)))
        return rc;
    o->vars = *vars;
    o->nvars = n;
    o->method = method ? NQPF_CLASSIFY_WARD : NQPF_CLASSIFY_KMEANS;
    o->lang_zh = lang == 1;
    if (seed < 0 || restarts < 1)
        return study__err(s, NQPF_EUSAGE, path, seed < 0 ? "seed" : "restarts", "expected a positive integer");
    o->seed = (unsigned long)seed;
    o->restarts = (size_t)restarts;
    if (json_object_get(cfg, "year")) {
        o->has_year = 1;
        o->year = year;
    }
    if (k && !(json_is_string(k) && strcmp(json_string_value(k), "auto") == 0)) {
        if (!json_is_integer(k) || json_integer_value(k) < 2)
            return study__err(s, NQPF_EUSAGE, path, "k", "expected \"auto\" or an integer >= 2");
        o->k = (size_t)json_integer_value(k);
    }
    return NQPF_OK;
}

static int class_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_classify_options o = NQPF_CLASSIFY_OPTIONS_INIT;
    const char **vars = NULL;
    int rc = class_options(s, cfg, path, &o, &vars);
    free(vars);
    return rc ? rc : need_columns(s, cfg, path, "vars", 1);
}

static int class_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_classify_options o = NQPF_CLASSIFY_OPTIONS_INIT;
    const char **vars = NULL;
    nqpf_table *u = NULL, *pr = NULL, *kc = NULL;
    int rc = class_options(s, cfg, path, &o, &vars);
    if (rc == NQPF_OK && (rc = nqpf_classify(&u, &pr, &kc, study__panel(s), &o)) == NQPF_OK) {
        rc = study__add_table(out, NULL, u);
        if (rc == NQPF_OK)
            rc = add_opt(out, "profiles", pr);
        else
            nqpf_table_free(pr);
        if (rc == NQPF_OK)
            rc = add_opt(out, "k", kc);
        else
            nqpf_table_free(kc);
    }
    free(vars);
    return rc;
}

static const study_step_type step_classify = {"classify", "classes of units: k-means or Ward on standardised variables",
                                              class_keys, class_validate, class_run};

/* ---- spatial weights, shared by spatial and dynamics ----------------------------------------- */

static const char *const wfile_keys[] = {"file", "from", "to", "weight", "via", NULL};
static const char *const wvia_keys[] = {"file", "from", "to", NULL};
static const char *const w_styles[] = {"W", "B", NULL};
static const char *const w_dists[] = {"arc", "euclidean", NULL};

static int check_obj_keys(const nqpf_study *s, const json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int ok = 0;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], key) == 0;
        if (!ok)
            return study__err(s, NQPF_EUSAGE, path, key, "unknown key");
    }
    return NQPF_OK;
}

/* Reads the edge list of "weights" {file, from, to[, weight][, via]} and returns a table with
 * columns from, to[, weight] holding the data's ids (recoded through via.file when given: the edge
 * file's codes are looked up in via.to and replaced by via.from; edges with an unknown code are
 * dropped). */
static int read_edges(const nqpf_study *s, const json_t *wj, const char *path, nqpf_table **out)
{
    char wpath[64], vpath[80];
    nqpf_table *e = NULL, *via = NULL, *res = NULL;
    const char *from = "from", *to = "to", *wcol = NULL, *vfrom = NULL, *vto = NULL;
    const char **fv = NULL, **tv = NULL;
    double *wv = NULL;
    char **own = NULL;
    size_t nown = 0;
    int rc;
    *out = NULL;
    snprintf(wpath, sizeof wpath, "%s.weights", path);
    if (!json_is_object(wj))
        return study__err(s, NQPF_EUSAGE, path, "weights", "expected {\"file\": ..., \"from\": ..., \"to\": ...}");
    if ((rc = check_obj_keys(s, wj, wpath, wfile_keys)) || (rc = study__str(s, wj, wpath, "from", 0, &from)) ||
        (rc = study__str(s, wj, wpath, "to", 0, &to)) || (rc = study__str(s, wj, wpath, "weight", 0, &wcol)) ||
        (rc = study__read_aux(s, wj, wpath, &e)) || (rc = study__aux_column(s, e, wpath, "from", from)) ||
        (rc = study__aux_column(s, e, wpath, "to", to)) || (wcol && (rc = study__aux_column(s, e, wpath, "weight", wcol))))
        goto done;
    const json_t *vj = json_object_get(wj, "via");
    size_t jvf = NQPF_NONE, jvt = NQPF_NONE;
    if (vj) {
        snprintf(vpath, sizeof vpath, "%s.via", wpath);
        if (!json_is_object(vj)) {
            rc = study__err(s, NQPF_EUSAGE, wpath, "via", "expected {\"file\": ..., \"from\": ..., \"to\": ...}");
            goto done;
        }
        if ((rc = check_obj_keys(s, vj, vpath, wvia_keys)) || (rc = study__str(s, vj, vpath, "from", 1, &vfrom)) ||
            (rc = study__str(s, vj, vpath, "to", 1, &vto)) || (rc = study__read_aux(s, vj, vpath, &via)) ||
            (rc = study__aux_column(s, via, vpath, "from", vfrom)) || (rc = study__aux_column(s, via, vpath, "to", vto)))
            goto done;
        jvf = nqpf_table_find(via, vfrom);
        jvt = nqpf_table_find(via, vto);
    }
    size_t n = nqpf_table_nrows(e), jf = nqpf_table_find(e, from), jt = nqpf_table_find(e, to);
    size_t jw = wcol ? nqpf_table_find(e, wcol) : NQPF_NONE, m = 0;
    if (!(fv = nqpf__calloc(n ? n : 1, sizeof *fv)) || !(tv = nqpf__calloc(n ? n : 1, sizeof *tv)) ||
        !(wv = nqpf__calloc(n ? n : 1, sizeof *wv)) || !(own = nqpf__calloc(2 * n + 1, sizeof *own))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *ends[2];
        size_t cols[2] = {jf, jt};
        int ok = 1;
        for (int k = 0; k < 2 && ok; k++) {
            char buf[64];
            const char *c = nqpf_table_cell_str(e, cols[k], i, buf, sizeof buf);
            if (nqpf_table_is_text(e, cols[k]))
                c = nqpf_table_text(e, cols[k], i);
            if (!c || !*c) {
                ok = 0;
                break;
            }
            if (via) {
                const char *hit = NULL;
                for (size_t r = 0; r < nqpf_table_nrows(via) && !hit; r++) {
                    char b2[64];
                    const char *code = nqpf_table_is_text(via, jvt) ? nqpf_table_text(via, jvt, r)
                                                                     : nqpf_table_cell_str(via, jvt, r, b2, sizeof b2);
                    if (code && strcmp(code, c) == 0) {
                        hit = nqpf_table_is_text(via, jvf) ? nqpf_table_text(via, jvf, r)
                                                            : nqpf_table_cell_str(via, jvf, r, b2, sizeof b2);
                        if (hit && !(hit = own[nown++] = nqpf__strdup(hit))) {
                            rc = NQPF_EINTERNAL;
                            goto done;
                        }
                    }
                }
                c = hit;
                ok = c && *c;
            } else if (!nqpf_table_is_text(e, cols[k])) {
                if (!(c = own[nown++] = nqpf__strdup(c))) {
                    rc = NQPF_EINTERNAL;
                    goto done;
                }
            }
            ends[k] = c;
        }
        if (!ok)
            continue;
        fv[m] = ends[0];
        tv[m] = ends[1];
        wv[m] = jw != NQPF_NONE ? nqpf_table_cnum(e, jw) ? nqpf_table_cnum(e, jw)[i] : NAN : 1.0;
        m++;
    }
    if (!(res = nqpf_table_new(m)) || (rc = nqpf_table_add_text(res, "from", fv, NULL)) ||
        (rc = nqpf_table_add_text(res, "to", tv, NULL)) || (jw != NQPF_NONE && (rc = nqpf_table_add_num(res, "weight", wv, NULL)))) {
        if (!res)
            rc = NQPF_EINTERNAL;
        goto done;
    }
    nqpf_table_set_source(res, nqpf_table_source(e));
    for (size_t i = 0; i < m; i++)
        nqpf_table_set_src_row(res, i, i + 2);
    *out = res;
    res = NULL;
done:
    for (size_t k = 0; k < nown; k++)
        free(own[k]);
    free(own);
    free(fv);
    free(tv);
    free(wv);
    nqpf_table_free(e);
    nqpf_table_free(via);
    nqpf_table_free(res);
    return rc;
}

static const char *const w_keys_doc = "\"weights\" {file, from, to[, weight][, via]} or \"coords\" [LON, LAT]";

/* Validates the weights keys of a step; required: whether a step must have weights. */
static int weights_validate(const nqpf_study *s, const json_t *cfg, const char *path, int required)
{
    const json_t *wj = json_object_get(cfg, "weights");
    const char **cc = NULL;
    size_t nc = 0;
    int rc, style, dist;
    long knn = 4;
    double power = 1, maxd = 0;
    if ((rc = study__choice(s, cfg, path, "style", w_styles, 0, &style)) ||
        (rc = study__choice(s, cfg, path, "distance", w_dists, 0, &dist)) ||
        (rc = study__long(s, cfg, path, "knn", 0, &knn)) || (rc = study__num(s, cfg, path, "power", 0, &power)) ||
        (rc = study__num(s, cfg, path, "max_distance", 0, &maxd)) ||
        (rc = study__strlist(s, cfg, path, "coords", 0, &cc, &nc)))
        return rc;
    free(cc);
    if (wj && nc)
        return study__err(s, NQPF_EUSAGE, path, "coords", "give either \"weights\" or \"coords\", not both");
    if (!wj && !nc) {
        if (required)
            return study__err(s, NQPF_EUSAGE, path, "weights", "required: %s", w_keys_doc);
        return NQPF_OK;
    }
    if (wj) {
        static const char *const coord_only[] = {"knn", "power", "max_distance", "distance", NULL};
        for (size_t k = 0; coord_only[k]; k++)
            if (json_object_get(cfg, coord_only[k]))
                return study__err(s, NQPF_EUSAGE, path, coord_only[k], "applies to \"coords\" only");
        nqpf_table *e = NULL;
        rc = read_edges(s, wj, path, &e);
        nqpf_table_free(e);
        return rc;
    }
    if (nc != 2)
        return study__err(s, NQPF_EUSAGE, path, "coords", "expected two columns [LON, LAT], found %zu", nc);
    if (json_object_get(cfg, "knn") && (json_object_get(cfg, "power") || json_object_get(cfg, "max_distance")))
        return study__err(s, NQPF_EUSAGE, path, "knn", "\"power\" and \"max_distance\" apply to inverse distance, not \"knn\"");
    if (!(power > 0))
        return study__err(s, NQPF_EUSAGE, path, "power", "expected a positive number");
    if (maxd < 0 || knn < 1)
        return study__err(s, NQPF_EUSAGE, path, maxd < 0 ? "max_distance" : "knn", "expected a positive number");
    return need_columns(s, cfg, path, "coords", 1);
}

/* Builds the weights over the units of p; *edges receives the edge list used (NULL for coords). */
static int weights_build(const nqpf_study *s, const json_t *cfg, const char *path, const nqpf_panel *p,
                         nqpf_weights **w, nqpf_table **edges)
{
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    int rc, style, dist;
    long knn = 4;
    *w = NULL;
    *edges = NULL;
    if ((rc = study__choice(s, cfg, path, "style", w_styles, 0, &style)) ||
        (rc = study__choice(s, cfg, path, "distance", w_dists, 0, &dist)) ||
        (rc = study__long(s, cfg, path, "knn", 0, &knn)) || (rc = study__num(s, cfg, path, "power", 0, &wo.power)) ||
        (rc = study__num(s, cfg, path, "max_distance", 0, &wo.max_distance)))
        return rc;
    wo.style = style ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW;
    wo.distance = dist ? NQPF_DIST_EUCLIDEAN : NQPF_DIST_ARC;
    const json_t *wj = json_object_get(cfg, "weights");
    if (wj) {
        size_t nu = nqpf_panel_nunits(p);
        const char **ids = nqpf__calloc(nu ? nu : 1, sizeof *ids);
        if (!ids)
            return NQPF_EINTERNAL;
        for (size_t u = 0; u < nu; u++)
            ids[u] = nqpf_panel_unit_name(p, u);
        if ((rc = read_edges(s, wj, path, edges)) == NQPF_OK)
            rc = nqpf_weights_from_edges(w, *edges, ids, nu, &wo);
        free(ids);
        return rc;
    }
    const json_t *cc = json_object_get(cfg, "coords");
    if (json_object_get(cfg, "knn")) {
        wo.kind = NQPF_WKIND_KNN;
        wo.k = (size_t)knn;
    }
    return nqpf_weights_from_panel_coords(w, p, json_string_value(json_array_get(cc, 0)),
                                          json_string_value(json_array_get(cc, 1)), &wo);
}

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
    return weights_validate(s, cfg, path, 1);
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
    if ((rc = weights_build(s, cfg, path, p, &w, &edges)) || (rc = nqpf_spatial_global(&g, p, var, w, &so)) ||
        (local && (rc = nqpf_spatial_local(&l, p, var, w, &so))))
        goto done;
    /* study__add_table() takes the table over even when it fails. */
    rc = study__add_table(out, NULL, g);
    g = NULL;
    if (rc == NQPF_OK)
        rc = add_opt(out, "lisa", l);
    l = NULL;
    if (rc == NQPF_OK)
        rc = add_opt(out, "edges", edges);
    edges = NULL;
done:
    nqpf_weights_free(w);
    nqpf_table_free(edges);
    nqpf_table_free(g);
    nqpf_table_free(l);
    return rc;
}

static const study_step_type step_spatial = {"spatial", "spatial autocorrelation: Moran's I, Geary's C, LISA",
                                             spatial_keys, spatial_validate, spatial_run};

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
        rc = weights_validate(s, cfg, path, 0);
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
    if (rc || (spatial && (rc = weights_build(s, cfg, path, p, &w, &edges))) ||
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
        rc = k == 0 ? study__add_table(out, NULL, tabs[k]) : add_opt(out, sfx[k], tabs[k]);
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

static const study_step_type step_dynamics = {"dynamics", "distribution dynamics: kernel density, Markov chains",
                                              dyn_keys, dyn_validate, dyn_run};

/* ---- the table --------------------------------------------------------------------------- */

const study_step_type *const nqpf__study_steps[] = {&step_tfp,       &step_dea,         &step_malmquist,
                                                     &step_index,     &step_coupling,    &step_disparity,
                                                     &step_convergence, &step_classify,  &step_spatial,
                                                     &step_dynamics,  NULL};
