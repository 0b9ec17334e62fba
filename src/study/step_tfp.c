/* Study step: tfp: growth accounting (nqpf tfp). */
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

const study_step_type nqpf__step_tfp = {"tfp", "growth-accounting TFP (Törnqvist, Solow, PWT preset)", tfp_keys,
                                         tfp_validate, tfp_run};


