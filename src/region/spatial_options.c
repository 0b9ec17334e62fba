/* The options of method "spatial": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from; the weights options are the fragment it shares with
 * dynamics), the defaults and the rules between options. */
#include <limits.h>
#include <string.h>

#include "methods/methods.h"
#include "nqpf/spatial.h"
#include "region/weights_internal.h"
#include "util/util.h"

static const nqpf_optdef spatial_opts[] = {
    {.key = "var", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "COL", .help = "variable to analyse"},
    NQPF__WEIGHTS_OPTDEFS,
    {.key = "permutations", .type = NQPF_OPT_INT, .arg = "N", .def = "999", .min = 0, .max = 1000000,
     .help = "random permutations for pseudo p-values (0: none); the LISA clusters use the pseudo p-values when "
             "there are permutations"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "12345", .min = 0, .max = 4294967295.0,
     .help = "seed of the permutations (mt19937)"},
    {.key = "local", .type = NQPF_OPT_FLAG, .help = "also local Moran (LISA) per unit and year"},
    {.key = "p_adjust", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "none", .choices = "none|fdr|bonferroni",
     .help = "adjust the LISA p-values for multiple testing over the units of each year: none, fdr "
             "(Benjamini-Hochberg) or bonferroni"},
    {.key = "alpha", .type = NQPF_OPT_NUMBER, .arg = "A", .def = "0.05", .min = 0.0001, .max = 0.5,
     .help = "significance level of the LISA clusters (the cluster column)"},
    {0}};

const nqpf_method nqpf__method_spatial = {"spatial",
                                          "Spatial autocorrelation: global Moran's I and Geary's C per year, local "
                                          "Moran (LISA)",
                                          spatial_opts};

int nqpf_spatial_options_init(nqpf_spatial_options *o, unsigned version)
{
    static const nqpf_spatial_options defaults = NQPF_SPATIAL_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_SPATIAL_OPTIONS_VERSION, "nqpf_spatial_options_init");
}

int nqpf_spatial_options_parse(nqpf_spatial_options *o, const nqpf_optset *set)
{
    long perm, seed;
    int rc;
    if ((rc = nqpf_spatial_options_init(o, NQPF_SPATIAL_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "var", &o->var)) || (rc = nqpf_opt_long(set, "permutations", &perm)) ||
        (rc = nqpf_opt_long(set, "seed", &seed)) || (rc = nqpf_opt_flag(set, "local", &o->local)) ||
        (rc = nqpf__weights_spec_parse(&o->weights, set, 1)))
        return rc;
    int adj;
    if ((rc = nqpf_opt_choice(set, "p_adjust", &adj)) || (rc = nqpf_opt_double(set, "alpha", &o->alpha)))
        return rc;
    o->p_adjust = (enum nqpf_p_adjust)adj;
    o->moran.permutations = (size_t)perm;
    o->moran.seed = (unsigned long)seed;
    return NQPF_OK;
}

int nqpf_weights_options_init(nqpf_weights_options *o, unsigned version)
{
    static const nqpf_weights_options defaults = NQPF_WEIGHTS_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_WEIGHTS_OPTIONS_VERSION,
                              "nqpf_weights_options_init");
}

int nqpf_moran_options_init(nqpf_moran_options *o, unsigned version)
{
    static const nqpf_moran_options defaults = NQPF_MORAN_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_MORAN_OPTIONS_VERSION,
                              "nqpf_moran_options_init");
}
