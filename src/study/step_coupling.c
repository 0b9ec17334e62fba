/* Study step: coupling: coupling coordination degree (nqpf coupling). */
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
    return rc ? rc : study__need_columns(s, cfg, path, "systems", 1);
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

const study_step_type nqpf__step_coupling = {"coupling", "coupling coordination degree of two or more systems",
                                              coup_keys, coup_validate, coup_run};

