/* The options of method "coupling": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between them. */
#include <math.h>
#include <string.h>

#include "methods/methods.h"
#include "nqpf/index.h"
#include "nqpf/options.h"
#include "util/util.h"

static const nqpf_optdef coupling_opts[] = {
    {.key = "systems", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "A,B[,C]",
     .help = "columns holding each system's index in [0, 1] (2 to 32; e.g. dimensions written by nqpf index)"},
    {.key = "coef", .type = NQPF_OPT_LIST, .arg = "a,b[,c]",
     .help = "coefficients of the comprehensive index T, one per system, non-negative, summing to 1 (default: "
             "equal)"},
    {.key = "rescale", .type = NQPF_OPT_FLAG,
     .help = "min-max each system over all observations first (for indices not in [0, 1])"},
    {0}};

const nqpf_method nqpf__method_coupling = {"coupling", "Coupling coordination degree of 2+ systems (C, T, D, "
                                                       "ten-grade class)",
                                           coupling_opts};

int nqpf_coupling_options_init(nqpf_coupling_options *o, unsigned version)
{
    static const nqpf_coupling_options defaults = NQPF_COUPLING_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_COUPLING_OPTIONS_VERSION, "nqpf_coupling_options_init");
}

int nqpf_coupling_options_parse(nqpf_coupling_options *o, const nqpf_optset *set)
{
    int rc;
    const char *const *coef = NULL;
    size_t nc = 0;
    if ((rc = nqpf_coupling_options_init(o, NQPF_COUPLING_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_list(set, "systems", &o->systems, &o->nsystems)) ||
        (rc = nqpf_opt_list(set, "coef", &coef, &nc)) || (rc = nqpf_opt_flag(set, "rescale", &o->rescale)))
        return rc;
    if (o->nsystems < 2 || o->nsystems > NQPF_COUPLING_MAX_SYSTEMS)
        return nqpf_opt_error(NQPF_EUSAGE, "systems", "expected 2 to %d columns, found %zu", NQPF_COUPLING_MAX_SYSTEMS,
                              o->nsystems);
    if (!coef)
        return NQPF_OK;
    if (nc != o->nsystems)
        return nqpf_opt_error(NQPF_EUSAGE, "coef", "expected %zu coefficients (one per system), found %zu",
                              o->nsystems, nc);
    double sum = 0;
    for (size_t k = 0; k < nc; k++) {
        double v;
        if (!nqpf_parse_double(coef[k], &v) || !(v >= 0) || !isfinite(v))
            return nqpf_opt_error(NQPF_EUSAGE, "coef", "expected non-negative numbers, found '%s'", coef[k]);
        o->coef_values[k] = v;
        sum += v;
    }
    if (fabs(sum - 1) > 1e-9)
        return nqpf_opt_error(NQPF_EUSAGE, "coef", "the coefficients sum to %g, expected 1", sum);
    o->ncoef_values = nc;
    return NQPF_OK;
}
