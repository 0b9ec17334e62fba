/* The options of method "secondstage": its descriptor table (the one definition the CLI, study
 * files, help and docs/options.md are made from), the defaults and the rules between options. The
 * DEA vocabulary of sw2 (orientation, returns to scale) is dea's (dea_internal.h). */
#include <string.h>

#include "nqpf/secondstage.h"
#include "dea/dea_internal.h"
#include "methods/methods.h"
#include "stats/stats_internal.h"
#include "util/util.h"

static const nqpf_optdef ss_opts[] = {
    {.key = "method", .type = NQPF_OPT_CHOICE, .flags = NQPF_OPT_REQUIRED, .arg = "M", .choices = "tobit|sw1|sw2",
     .help = "tobit (censored at 1, Stata tobit ul(1)), sw1 (Simar-Wilson 2007 algorithm 1: truncated regression "
             "with a parametric bootstrap) or sw2 (algorithm 2: bias-corrected DEA scores, double bootstrap)"},
    {.key = "efficiency", .type = NQPF_OPT_COLUMN, .arg = "COL",
     .help = "tobit, sw1: the efficiency column (te of an earlier dea run; sw2 computes its own)"},
    {.key = "env", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "Z1,Z2",
     .help = "environmental variables (a constant _cons is added)"},
    {.key = "inputs", .type = NQPF_OPT_COLUMNS, .arg = "X1,X2", .help = "sw2: DEA input columns"},
    {.key = "outputs", .type = NQPF_OPT_COLUMNS, .arg = "Y1,Y2", .help = "sw2: DEA output columns"},
    {.key = "orientation", .type = NQPF_OPT_CHOICE, .arg = "O", .def = "in", .choices = NQPF__DEA_ORIENT_IN_OUT,
     .help = "sw2: radial DEA orientation; delta = 1/theta (in) or phi (out)"},
    {.key = "rts", .type = NQPF_OPT_CHOICE, .arg = "R", .def = "vrs", .choices = NQPF__DEA_RTS_CRS_VRS,
     .help = "sw2: returns to scale of the DEA (vrs as Simar and Wilson 2007)"},
    {.key = "frontier", .type = NQPF_OPT_CHOICE, .arg = "F", .def = "period", .choices = "period|pooled",
     .help = "sw2: one DEA frontier per period (as nqpf dea) or one from all periods pooled"},
    {.key = "score", .type = NQPF_OPT_CHOICE, .arg = "S", .def = "te", .choices = "te|delta",
     .help = "sw1: the efficiency column holds te in (0, 1] (regressed as delta = 1/te) or delta >= 1"},
    {.key = "censor", .type = NQPF_OPT_CHOICE, .arg = "C", .def = "upper", .choices = "upper|both",
     .help = "tobit: censored at 1 (upper, Stata ul(1)) or also at 0 (both, ll(0) ul(1))"},
    {.key = "reps", .type = NQPF_OPT_INT, .arg = "B", .def = "2000", .min = 2, .max = 1000000,
     .help = "sw1, sw2: bootstrap replications of the truncated regression (L2 in Simar and Wilson 2007)"},
    {.key = "bias_reps", .type = NQPF_OPT_INT, .arg = "B", .def = "100", .min = 2, .max = 100000,
     .help = "sw2: replications of the DEA bias correction (L1 in Simar and Wilson 2007)"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "sw1, sw2: seed of the random numbers (the output depends on it, not on threads)"},
    {.key = "alpha", .type = NQPF_OPT_NUMBER, .arg = "A", .def = "0.05", .min = 0.0001, .max = 0.5,
     .help = "1 - the confidence level of the intervals"},
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "refuse", .choices = "refuse|drop",
     .help = "an observation with an empty cell in a column used: refuse (an error naming the cell) or drop (left "
             "out, with one warning)"},
    {.key = "threads", .type = NQPF_OPT_INT, .flags = NQPF_OPT_CLI_ONLY, .arg = "N", .def = "1", .min = 0, .max = 256,
     .help = "worker threads for the bootstraps (0 = one per CPU); the output does not depend on it"},
    {0}};

const nqpf_method nqpf__method_secondstage = {"secondstage",
                                              "Second-stage regression of efficiency on environmental variables: "
                                              "Tobit, Simar-Wilson algorithms 1 and 2",
                                              ss_opts};

int nqpf_secondstage_options_init(nqpf_secondstage_options *o, unsigned version)
{
    static const nqpf_secondstage_options defaults = NQPF_SECONDSTAGE_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_SECONDSTAGE_OPTIONS_VERSION,
                              "nqpf_secondstage_options_init");
}

/* Refuses each of keys[] that the set has, saying which methods it applies to. */
static int refuse_given(const nqpf_optset *set, const char *const *keys, const char *method, const char *applies)
{
    for (; *keys; keys++)
        if (nqpf_optset_has(set, *keys))
            return nqpf_opt_error(NQPF_EUSAGE, *keys, "applies to method %s only, not to %s", applies, method);
    return NQPF_OK;
}

int nqpf__secondstage_check(const nqpf_secondstage_options *o)
{
    if (o->version != NQPF_SECONDSTAGE_OPTIONS_VERSION)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_secondstage_options: version %u, expected %u (initialise with "
                                           "nqpf_secondstage_options_init())",
                              o->version, NQPF_SECONDSTAGE_OPTIONS_VERSION);
    if ((unsigned)o->method > NQPF_SECONDSTAGE_SW2)
        return nqpf_opt_error(NQPF_EUSAGE, "method", "expected tobit, sw1 or sw2");
    if (!o->nenv)
        return nqpf_opt_error(NQPF_EUSAGE, "env", "needs at least one environmental variable");
    if (o->nenv > NQPF__SS_MAX_ENV)
        return nqpf_opt_error(NQPF_EUSAGE, "env", "at most %d environmental variables, found %zu", NQPF__SS_MAX_ENV,
                              o->nenv);
    if (o->method == NQPF_SECONDSTAGE_SW2) {
        if (!o->ninputs)
            return nqpf_opt_error(NQPF_EUSAGE, "inputs", "method sw2 needs the DEA inputs (and outputs)");
        if (!o->noutputs)
            return nqpf_opt_error(NQPF_EUSAGE, "outputs", "method sw2 needs the DEA outputs (and inputs)");
        if (o->orientation != NQPF_DEA_IN && o->orientation != NQPF_DEA_OUT)
            return nqpf_opt_error(NQPF_EUSAGE, "orientation", "expected in or out");
        if (o->rts != NQPF_DEA_CRS && o->rts != NQPF_DEA_VRS)
            return nqpf_opt_error(NQPF_EUSAGE, "rts", "expected crs or vrs");
    } else if (!o->efficiency) {
        return nqpf_opt_error(NQPF_EUSAGE, "efficiency", "method %s needs the efficiency column",
                              nqpf_secondstage_method_name(o->method));
    }
    if (o->method != NQPF_SECONDSTAGE_TOBIT && (o->reps < 2 || (o->method == NQPF_SECONDSTAGE_SW2 && o->bias_reps < 2)))
        return nqpf_opt_error(NQPF_EUSAGE, o->reps < 2 ? "reps" : "bias_reps", "expected at least 2 replications");
    if (!(o->alpha > 0 && o->alpha < 1))
        return nqpf_opt_error(NQPF_EUSAGE, "alpha", "expected a number in (0, 1)");
    return NQPF_OK;
}

int nqpf_secondstage_options_parse(nqpf_secondstage_options *o, const nqpf_optset *set)
{
    int rc, method, orient, rts, frontier, score, censor, missing;
    long reps, bias_reps, seed, threads;
    if ((rc = nqpf_secondstage_options_init(o, NQPF_SECONDSTAGE_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_choice(set, "method", &method)) || (rc = nqpf_opt_string(set, "efficiency", &o->efficiency)) ||
        (rc = nqpf_opt_list(set, "env", &o->env, &o->nenv)) ||
        (rc = nqpf_opt_list(set, "inputs", &o->inputs, &o->ninputs)) ||
        (rc = nqpf_opt_list(set, "outputs", &o->outputs, &o->noutputs)) ||
        (rc = nqpf_opt_choice(set, "orientation", &orient)) || (rc = nqpf_opt_choice(set, "rts", &rts)) ||
        (rc = nqpf_opt_choice(set, "frontier", &frontier)) || (rc = nqpf_opt_choice(set, "score", &score)) ||
        (rc = nqpf_opt_choice(set, "censor", &censor)) || (rc = nqpf_opt_long(set, "reps", &reps)) ||
        (rc = nqpf_opt_long(set, "bias_reps", &bias_reps)) || (rc = nqpf_opt_long(set, "seed", &seed)) ||
        (rc = nqpf_opt_double(set, "alpha", &o->alpha)) || (rc = nqpf_opt_choice(set, "missing", &missing)) ||
        (rc = nqpf_opt_long(set, "threads", &threads)))
        return rc;
    o->method = (nqpf_secondstage_method)method;
    o->orientation = (nqpf_dea_orientation)orient;
    o->rts = (nqpf_dea_rts)rts;
    o->pooled = frontier == 1;
    o->score = (nqpf_secondstage_score)score;
    o->censor_both = censor == 1;
    o->reps = (size_t)reps;
    o->bias_reps = (size_t)bias_reps;
    o->seed = (unsigned long long)seed;
    o->missing = missing == 1 ? NQPF_MISSING_DROP : NQPF_MISSING_REFUSE;
    o->threads = (unsigned)threads;
    /* Options of another method are refused rather than ignored. */
    const char *name = nqpf_secondstage_method_name(o->method);
    static const char *const sw2_only[] = {"inputs", "outputs", "orientation", "rts", "frontier", "bias_reps", NULL};
    static const char *const boot_only[] = {"reps", "seed", NULL};
    static const char *const tobit_only[] = {"censor", NULL};
    static const char *const sw1_only[] = {"score", NULL};
    if (o->method != NQPF_SECONDSTAGE_SW2 && (rc = refuse_given(set, sw2_only, name, "sw2")))
        return rc;
    if (o->method == NQPF_SECONDSTAGE_TOBIT && (rc = refuse_given(set, boot_only, name, "sw1 or sw2")))
        return rc;
    if (o->method != NQPF_SECONDSTAGE_TOBIT && (rc = refuse_given(set, tobit_only, name, "tobit")))
        return rc;
    if (o->method != NQPF_SECONDSTAGE_SW1 && (rc = refuse_given(set, sw1_only, name, "sw1")))
        return rc;
    if (o->method == NQPF_SECONDSTAGE_SW2 && o->efficiency)
        return nqpf_opt_error(NQPF_EUSAGE, "efficiency",
                              "method sw2 computes the DEA scores from the inputs and outputs; give no efficiency "
                              "column (or use method sw1 with it)");
    return nqpf__secondstage_check(o);
}
