/* The options of method "convergence": its descriptor table (the one definition the CLI, study
 * files, help and docs/options.md are made from), the defaults and the rules between options. */
#include <string.h>

#include "nqpf/region.h"
#include "methods/methods.h"
#include "region/convergence_internal.h"
#include "util/util.h"

static const nqpf_optdef convergence_opts[] = {
    {.key = "var", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "X",
     .help = "variable (positive; analysed in logs)"},
    {.key = "controls", .type = NQPF_OPT_COLUMNS, .arg = "A,B",
     .help = "controls for conditional beta convergence (first-year values; at t-1 in the panel model)"},
    {.key = "panel", .type = NQPF_OPT_FLAG,
     .help = "panel beta: annual growth on the lagged log level with unit and year fixed effects (default: "
             "cross-section over the whole period)"},
    {0}};

const nqpf_method nqpf__method_convergence = {
    "convergence", "Sigma and beta convergence (cross-section HC1 or two-way fixed-effects panel)", convergence_opts};

int nqpf_convergence_options_init(nqpf_convergence_options *o, unsigned version)
{
    static const nqpf_convergence_options defaults = NQPF_CONVERGENCE_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_CONVERGENCE_OPTIONS_VERSION,
                              "nqpf_convergence_options_init");
}

int nqpf__convergence_check(const nqpf_convergence_options *o)
{
    if (!o->var)
        return nqpf_opt_error(NQPF_EUSAGE, "var", "required: the variable to analyse");
    for (size_t c = 0; c < o->ncontrols; c++) {
        for (size_t d = 0; d < c; d++)
            if (strcmp(o->controls[c], o->controls[d]) == 0)
                return nqpf_opt_error(NQPF_EUSAGE, "controls", "control '%s' is listed twice", o->controls[c]);
        if (strcmp(o->controls[c], o->var) == 0)
            return nqpf_opt_error(NQPF_EUSAGE, "controls", "the variable '%s' cannot also be a control", o->var);
    }
    return NQPF_OK;
}

int nqpf_convergence_options_parse(nqpf_convergence_options *o, const nqpf_optset *set)
{
    int rc;
    if ((rc = nqpf_convergence_options_init(o, NQPF_CONVERGENCE_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "var", &o->var)) ||
        (rc = nqpf_opt_list(set, "controls", &o->controls, &o->ncontrols)) ||
        (rc = nqpf_opt_flag(set, "panel", &o->panel)))
        return rc;
    return nqpf__convergence_check(o);
}
