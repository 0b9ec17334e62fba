/* Study step: convergence: sigma and beta (nqpf convergence). */
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


/* ---- convergence: sigma and beta (nqpf convergence) ---------------------------------------- */

static const char *const conv_keys[] = {"var", "controls", "panel", NULL};

static int conv_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    const char *var = NULL;
    int rc, panel = 0;
    if ((rc = study__str(s, cfg, path, "var", 1, &var)) || (rc = study__need_column(s, path, "var", var)) ||
        (rc = study__bool(s, cfg, path, "panel", &panel)))
        return rc;
    return study__need_columns(s, cfg, path, "controls", 0);
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

const study_step_type nqpf__step_convergence = {"convergence", "sigma and beta convergence", conv_keys,
                                                 conv_validate, conv_run};

