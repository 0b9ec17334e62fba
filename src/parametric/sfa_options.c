/* The options of method "sfa": its descriptor table (the one definition the CLI, study files, help
 * and docs/options.md are made from), the defaults and the rules between options. */
#include <string.h>

#include "nqpf/sfa.h"
#include "methods/methods.h"
#include "parametric/sfa_internal.h"
#include "util/util.h"

static const nqpf_optdef sfa_opts[] = {
    {.key = "output", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "Y",
     .help = "the output column (logged by nqpf unless logged is given)"},
    {.key = "inputs", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "K,L",
     .help = "the input columns (logged by nqpf unless logged is given)"},
    {.key = "form", .type = NQPF_OPT_CHOICE, .arg = "F", .def = "cobb-douglas", .choices = "cobb-douglas|translog",
     .help = "the frontier: cobb-douglas, or translog with (ln A)^2 and ln A ln B terms (no 1/2 factor, as FRONTIER)"},
    {.key = "model", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "bc92", .choices = "bc92|bc95",
     .help = "bc92: Battese-Coelli 1992 u_it = exp(-eta (t - T)) u_i; bc95: Battese-Coelli 1995 u_it ~ N+(z delta, "
             "sigma_u^2)"},
    {.key = "inefficiency", .type = NQPF_OPT_COLUMNS, .arg = "Z1,Z2",
     .help = "bc95: the variables z of the mean of u (used as given, not logged; terms z:NAME)"},
    {.key = "trend", .type = NQPF_OPT_FLAG,
     .help = "a time trend t = time - first time + 1 in the frontier (translog: also t^2 and t ln x); needed for "
             "technical change"},
    {.key = "mu", .type = NQPF_OPT_FLAG,
     .help = "bc92: mu free (truncated-normal u; otherwise half-normal); bc95: the constant of the mean of u "
             "(z:const, FRONTIER's DELTA0)"},
    {.key = "eta", .type = NQPF_OPT_FLAG, .help = "bc92: eta free (time-varying inefficiency; otherwise eta = 0)"},
    {.key = "logged", .type = NQPF_OPT_FLAG, .help = "the output and inputs are already in logs (not logged again)"},
    {.key = "max_iter", .type = NQPF_OPT_INT, .arg = "N", .def = "1000", .min = 1, .max = 1000000,
     .help = "iterations of the likelihood maximiser; when reached without a maximum the run fails"},
    {.key = "verbose", .type = NQPF_OPT_FLAG, .flags = NQPF_OPT_CLI_ONLY,
     .help = "print the maximiser's iteration log to stderr"},
    {0}};

const nqpf_method nqpf__method_sfa = {
    "sfa", "Stochastic frontier: Battese-Coelli 1992 and 1995 models, efficiency and TFP-growth decomposition",
    sfa_opts};

int nqpf_sfa_options_init(nqpf_sfa_options *o, unsigned version)
{
    static const nqpf_sfa_options defaults = NQPF_SFA_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_SFA_OPTIONS_VERSION,
                              "nqpf_sfa_options_init");
}

int nqpf__sfa_check(const nqpf_sfa_options *o)
{
    if (o->version != NQPF_SFA_OPTIONS_VERSION)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_sfa_options: version %u, expected %u (initialise with "
                                           "nqpf_sfa_options_init())",
                              o->version, NQPF_SFA_OPTIONS_VERSION);
    if (!o->output)
        return nqpf_opt_error(NQPF_EUSAGE, "output", "needs the output column");
    if (!o->ninputs)
        return nqpf_opt_error(NQPF_EUSAGE, "inputs", "needs at least one input column");
    if (o->ninputs > NQPF__SFA_MAX_INPUTS)
        return nqpf_opt_error(NQPF_EUSAGE, "inputs", "at most %d inputs, found %zu", NQPF__SFA_MAX_INPUTS,
                              o->ninputs);
    if ((unsigned)o->form > NQPF_SFA_TRANSLOG)
        return nqpf_opt_error(NQPF_EUSAGE, "form", "expected cobb-douglas or translog");
    if ((unsigned)o->model > NQPF_SFA_BC95)
        return nqpf_opt_error(NQPF_EUSAGE, "model", "expected bc92 or bc95");
    if (o->nz > NQPF__SFA_MAX_Z)
        return nqpf_opt_error(NQPF_EUSAGE, "inefficiency", "at most %d variables, found %zu", NQPF__SFA_MAX_Z, o->nz);
    if (o->nz && o->model != NQPF_SFA_BC95)
        return nqpf_opt_error(NQPF_EUSAGE, "inefficiency",
                              "applies to model bc95 only (the inefficiency-effects model); add model: bc95");
    if (o->eta && o->model != NQPF_SFA_BC92)
        return nqpf_opt_error(NQPF_EUSAGE, "eta", "applies to model bc92 only (bc95's u has no decay)");
    if (!o->max_iter)
        return nqpf_opt_error(NQPF_EUSAGE, "max_iter", "expected at least 1 iteration");
    for (size_t j = 0; j < o->ninputs; j++)
        if (strcmp(o->inputs[j], o->output) == 0)
            return nqpf_opt_error(NQPF_EUSAGE, "inputs", "'%s' is also the output; an input must be another column",
                                  o->inputs[j]);
    return NQPF_OK;
}

int nqpf_sfa_options_parse(nqpf_sfa_options *o, const nqpf_optset *set)
{
    int rc, form, model;
    long max_iter;
    if ((rc = nqpf_sfa_options_init(o, NQPF_SFA_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "output", &o->output)) || (rc = nqpf_opt_list(set, "inputs", &o->inputs, &o->ninputs)) ||
        (rc = nqpf_opt_choice(set, "form", &form)) || (rc = nqpf_opt_choice(set, "model", &model)) ||
        (rc = nqpf_opt_list(set, "inefficiency", &o->z, &o->nz)) || (rc = nqpf_opt_flag(set, "trend", &o->trend)) ||
        (rc = nqpf_opt_flag(set, "mu", &o->mu)) || (rc = nqpf_opt_flag(set, "eta", &o->eta)) ||
        (rc = nqpf_opt_flag(set, "logged", &o->logged)) || (rc = nqpf_opt_long(set, "max_iter", &max_iter)))
        return rc;
    o->form = (nqpf_sfa_form)form;
    o->model = (nqpf_sfa_model)model;
    o->max_iter = (size_t)max_iter;
    return nqpf__sfa_check(o);
}
