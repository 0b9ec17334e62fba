/* The options of method "dynamics": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from; the weights options are the fragment it shares with
 * spatial), the defaults and the rules between options. */
#include <math.h>
#include <string.h>

#include "methods/methods.h"
#include "nqpf/dynamics.h"
#include "region/weights_internal.h"
#include "util/util.h"

static const nqpf_optdef dynamics_opts[] = {
    {.key = "var", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "COL", .help = "variable to analyse"},
    {.key = "relative", .type = NQPF_OPT_FLAG,
     .help = "divide the variable by its unweighted mean in each year first (relative income)"},
    {.key = "grid", .type = NQPF_OPT_INT, .arg = "N", .def = "512", .min = 2, .max = 100000,
     .help = "density grid points, common to all years"},
    {.key = "bandwidth", .type = NQPF_OPT_NUMBER, .arg = "H",
     .help = "kernel bandwidth, a positive number (default: Silverman's rule of thumb for each year)"},
    {.key = "classes", .type = NQPF_OPT_INT, .arg = "K", .def = "5", .min = 2, .max = 100,
     .help = "Markov classes from quantile cut-offs"},
    {.key = "quantiles", .type = NQPF_OPT_CHOICE, .arg = "SCOPE", .def = "yearly", .choices = "yearly|pooled",
     .help = "quantiles of each year, or of all years pooled"},
    {.key = "cuts", .type = NQPF_OPT_LIST, .arg = "A,B,C",
     .help = "fixed cut-offs instead of quantiles (at most 99, strictly increasing): classes (-inf,A], (A,B], (B,C], "
             "(C,inf)"},
    NQPF__WEIGHTS_OPTDEFS,
    {0}};

const nqpf_method nqpf__method_dynamics = {"dynamics",
                                           "Distribution dynamics: kernel densities, Markov and spatial Markov chains",
                                           dynamics_opts};

int nqpf_dynamics_options_init(nqpf_dynamics_options *o, unsigned version)
{
    static const nqpf_dynamics_options defaults = NQPF_DYNAMICS_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_DYNAMICS_OPTIONS_VERSION, "nqpf_dynamics_options_init");
}

int nqpf_dynamics_options_parse(nqpf_dynamics_options *o, const nqpf_optset *set)
{
    long grid, classes;
    int rc, scope;
    const char *const *cuts = NULL;
    size_t ncuts = 0;
    if ((rc = nqpf_dynamics_options_init(o, NQPF_DYNAMICS_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "var", &o->var)) || (rc = nqpf_opt_flag(set, "relative", &o->relative)) ||
        (rc = nqpf_opt_long(set, "grid", &grid)) || (rc = nqpf_opt_double(set, "bandwidth", &o->bandwidth)) ||
        (rc = nqpf_opt_long(set, "classes", &classes)) || (rc = nqpf_opt_choice(set, "quantiles", &scope)) ||
        (rc = nqpf_opt_list(set, "cuts", &cuts, &ncuts)) || (rc = nqpf__weights_spec_parse(&o->weights, set, 0)))
        return rc;
    if (nqpf_optset_has(set, "bandwidth") && !(o->bandwidth > 0))
        return nqpf_opt_error(NQPF_EUSAGE, "bandwidth", "expected a positive number, found '%s'",
                              nqpf_optset_text(set, "bandwidth"));
    o->grid = (size_t)grid;
    o->classes = (size_t)classes;
    o->scope = scope ? NQPF_CLASS_POOLED : NQPF_CLASS_YEARLY;
    if (!ncuts)
        return NQPF_OK;
    if (nqpf_optset_has(set, "classes") || nqpf_optset_has(set, "quantiles"))
        return nqpf_opt_error(NQPF_EUSAGE, "cuts", "fixes the classes; drop classes and quantiles");
    if (ncuts > NQPF_DYNAMICS_MAX_CUTS)
        return nqpf_opt_error(NQPF_EUSAGE, "cuts", "expected at most %d cut-offs, found %zu", NQPF_DYNAMICS_MAX_CUTS,
                              ncuts);
    for (size_t j = 0; j < ncuts; j++)
        if (!nqpf_parse_double(cuts[j], &o->cut_values[j]) || !isfinite(o->cut_values[j]) ||
            (j && !(o->cut_values[j] > o->cut_values[j - 1])))
            return nqpf_opt_error(NQPF_EUSAGE, "cuts", "expected strictly increasing numbers, found '%s'", cuts[j]);
    o->ncuts = ncuts;
    return NQPF_OK;
}
