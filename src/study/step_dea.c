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

/* Everything about the options (keys, defaults, grammar, rules) is the library's: the same
 * nqpf_dea_options_parse() serves `nqpf dea`. */
static int dea_validate(const nqpf_study *s, const json_t *cfg, const char *path)
{
    nqpf_optset *set = NULL;
    nqpf_dea_options o;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_dea_options_parse(&o, set));
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

static int dea_step_run(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out)
{
    nqpf_optset *set = NULL;
    nqpf_dea_options o;
    nqpf_table *res = NULL;
    int rc = study__optset(s, cfg, path, &set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, nqpf_dea_options_parse(&o, set));
    if (rc == NQPF_OK && (rc = nqpf_dea_run(&res, study__panel(s), &o, NULL)) == NQPF_OK)
        rc = study__add_table(out, NULL, res);
    nqpf_optset_free(set);
    return rc;
}

const study_step_type nqpf__step_dea = {"dea", "DEA efficiency: radial, SBM, directional distance", NULL,
                                        dea_validate, dea_step_run};
