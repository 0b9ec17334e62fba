/* The options of method "spreg": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between options. The weights
 * options are the ones spatial and dynamics share (region/weights_internal.h). */
#include <string.h>

#include "nqpf/spreg.h"
#include "methods/methods.h"
#include "region/weights_internal.h"
#include "util/util.h"

static const nqpf_optdef spreg_opts[] = {
    {.key = "model", .type = NQPF_OPT_CHOICE, .flags = NQPF_OPT_REQUIRED, .arg = "M",
     .choices = "ols|sar|sem|sdm|slx|sac",
     .help = "ols (with Moran's I and the LM tests), sar (spatial lag), sem (spatial error), sdm (spatial Durbin), "
             "slx (lagged x by OLS) or sac (lag and error)"},
    {.key = "y", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "COL", .help = "the dependent variable"},
    {.key = "x", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "X1,X2",
     .help = "the regressors (a constant _cons is added in a cross-section and a pooled panel)"},
    {.key = "wx", .type = NQPF_OPT_COLUMNS, .arg = "X1,X2",
     .help = "sdm, slx: the regressors whose spatial lag W*x enters (default: all of x)"},
    {.key = "fe", .type = NQPF_OPT_CHOICE, .arg = "E", .def = "none", .choices = "none|individual|time|twoway|random",
     .help = "panel effects: none (cross-section, or pooled panel), individual, time or twoway fixed effects, or "
             "random (unit) effects"},
    {.key = "leeyu", .type = NQPF_OPT_CHOICE, .arg = "on|off", .def = "on", .choices = "on|off",
     .help = "panel fixed effects (individual, twoway): the Lee and Yu (2010) bias correction (Stata xsmle's leeyu is off "
             "by default and corrects individual effects only; see docs/spreg_panel.md)"},
    {.key = "effects_se", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "sim", .choices = "sim|delta",
     .help = "standard errors of the direct, indirect and total effects: sim (LeSage-Pace simulation from the "
             "estimates' asymptotic normal; draws, seed) or delta (delta method)"},
    {.key = "draws", .type = NQPF_OPT_INT, .arg = "D", .def = "1000", .min = 10, .max = NQPF_SPREG_MAX_DRAWS,
     .help = "effects_se sim: simulation draws"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "effects_se sim: seed of the draws (the output depends on it only)"},
    {.key = "logdet", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "auto", .choices = "auto|exact|chebyshev|mc",
     .help = "log|I - rho W|: exact (eigenvalues), chebyshev (Pace-LeSage 2004), mc (Barry-Pace 1999); auto: exact "
             "up to 1500 units, then chebyshev"},
    {.key = "year", .type = NQPF_OPT_INT, .arg = "T", .min = -1000000, .max = 1000000,
     .help = "fit the cross-section of this period of a panel"},
    {.key = "hausman", .type = NQPF_OPT_FLAG,
     .help = "fe random: also fit individual fixed effects and report the Hausman test"},
    NQPF__WEIGHTS_OPTDEFS,
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "refuse", .choices = "refuse|drop",
     .help = "an empty cell in y or x: refuse (an error naming the cell) or drop (cross-section: the unit and its "
             "links leave, with one warning)"},
    {0}};

const nqpf_method nqpf__method_spreg = {"spreg",
                                        "Spatial regression: OLS with LM tests, SAR, SEM, SDM, SLX, SAC, panel fixed "
                                        "and random effects, LeSage-Pace effects",
                                        spreg_opts};

int nqpf_spreg_options_init(nqpf_spreg_options *o, unsigned version)
{
    static const nqpf_spreg_options defaults = NQPF_SPREG_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_SPREG_OPTIONS_VERSION,
                              "nqpf_spreg_options_init");
}

const char *nqpf_spreg_model_name(nqpf_spreg_model m)
{
    static const char *const names[] = {"ols", "sar", "sem", "sdm", "slx", "sac"};
    return (unsigned)m <= NQPF_SPREG_SAC ? names[m] : "?";
}

int nqpf_spreg_options_parse(nqpf_spreg_options *o, const nqpf_optset *set)
{
    int rc, model, fe, leeyu, se, logdet, missing;
    long draws, seed, year;
    if ((rc = nqpf_spreg_options_init(o, NQPF_SPREG_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_choice(set, "model", &model)) || (rc = nqpf_opt_string(set, "y", &o->y)) ||
        (rc = nqpf_opt_list(set, "x", &o->x, &o->nx)) || (rc = nqpf_opt_list(set, "wx", &o->wx, &o->nwx)) ||
        (rc = nqpf_opt_choice(set, "fe", &fe)) || (rc = nqpf_opt_choice(set, "leeyu", &leeyu)) ||
        (rc = nqpf_opt_choice(set, "effects_se", &se)) || (rc = nqpf_opt_long(set, "draws", &draws)) ||
        (rc = nqpf_opt_long(set, "seed", &seed)) || (rc = nqpf_opt_choice(set, "logdet", &logdet)) ||
        (rc = nqpf_opt_long(set, "year", &year)) || (rc = nqpf_opt_flag(set, "hausman", &o->hausman)) ||
        (rc = nqpf_opt_choice(set, "missing", &missing)) || (rc = nqpf__weights_spec_parse(&o->weights, set, 1)))
        return rc;
    o->model = (nqpf_spreg_model)model;
    o->fe = (nqpf_spreg_fe)fe;
    o->leeyu = leeyu == 0;
    o->effects_se = (nqpf_spreg_effects_se)se;
    o->draws = (size_t)draws;
    o->seed = (unsigned long long)seed;
    o->logdet = (nqpf_spreg_logdet_method)logdet;
    o->has_year = nqpf_optset_has(set, "year");
    o->year = o->has_year ? year : 0;
    o->missing = missing == 1 ? NQPF_MISSING_DROP : NQPF_MISSING_REFUSE;
    if (!o->nwx)
        o->wx = NULL;
    if (nqpf_optset_has(set, "wx") && o->model != NQPF_SPREG_SDM && o->model != NQPF_SPREG_SLX)
        return nqpf_opt_error(NQPF_EUSAGE, "wx", "applies to models sdm and slx only, not to %s",
                              nqpf_spreg_model_name(o->model));
    for (size_t i = 0; i < o->nwx; i++) {
        size_t j = 0;
        while (j < o->nx && strcmp(o->x[j], o->wx[i]) != 0)
            j++;
        if (j == o->nx)
            return nqpf_opt_error(NQPF_EUSAGE, "wx", "'%s' is not one of the regressors x; list a subset of x",
                                  o->wx[i]);
    }
    for (size_t i = 0; i < o->nx; i++) {
        if (strcmp(o->x[i], o->y) == 0)
            return nqpf_opt_error(NQPF_EUSAGE, "x", "'%s' is the dependent variable y; leave it out of x", o->x[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(o->x[i], o->x[j]) == 0)
                return nqpf_opt_error(NQPF_EUSAGE, "x", "'%s' is listed twice", o->x[i]);
    }
    if (o->fe != NQPF_SPREG_FE_NONE && (o->model == NQPF_SPREG_OLS || o->model == NQPF_SPREG_SLX ||
                                        o->model == NQPF_SPREG_SAC))
        return nqpf_opt_error(NQPF_EUSAGE, "fe", "panel effects are estimated for models sar, sem and sdm, not %s",
                              nqpf_spreg_model_name(o->model));
    if (o->fe != NQPF_SPREG_FE_NONE && o->has_year)
        return nqpf_opt_error(NQPF_EUSAGE, "year", "fits one period as a cross-section; it cannot go with fe %s",
                              nqpf_optset_text(set, "fe"));
    if (nqpf_optset_has(set, "leeyu") && o->fe != NQPF_SPREG_FE_INDIVIDUAL && o->fe != NQPF_SPREG_FE_TWOWAY)
        return nqpf_opt_error(NQPF_EUSAGE, "leeyu", "applies to fe individual and twoway only");
    if (o->hausman && o->fe != NQPF_SPREG_FE_RANDOM)
        return nqpf_opt_error(NQPF_EUSAGE, "hausman", "compares random with fixed effects: it needs fe random");
    if (o->effects_se == NQPF_SPREG_SE_DELTA && (nqpf_optset_has(set, "draws") || nqpf_optset_has(set, "seed")))
        return nqpf_opt_error(NQPF_EUSAGE, nqpf_optset_has(set, "draws") ? "draws" : "seed",
                              "applies to effects_se sim only, not to delta");
    return NQPF_OK;
}
