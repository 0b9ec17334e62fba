/* Study step: disparity: Gini, Dagum and Theil decompositions (nqpf disparity). */
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
    if ((rc = study__add_opt(out, "groups", gr))) {
        nqpf_table_free(pr);
        return rc;
    }
    return study__add_opt(out, "pairs", pr);
}

const study_step_type nqpf__step_disparity = {"disparity", "inequality: Gini, Dagum and Theil decompositions",
                                               disp_keys, disp_validate, disp_run};

