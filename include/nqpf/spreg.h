/**
 * @file spreg.h
 * @brief Spatial regression: OLS with spatial diagnostics, cross-section maximum-likelihood SAR,
 *        SEM, SDM, SLX and SAC, static panel models with fixed or random effects (with the Lee and
 *        Yu 2010 bias correction), Hausman test, and LeSage and Pace direct, indirect and total
 *        effects. See docs/spreg.md for the models, the likelihoods and the names of the results in
 *        Stata xsmle, R spatialreg/splm and PySAL spreg.
 */
#ifndef NQPF_SPREG_H
#define NQPF_SPREG_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/spatial.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The model (option "model"; choices in this order: ols|sar|sem|sdm|slx|sac). */
typedef enum nqpf_spreg_model {
    NQPF_SPREG_OLS = 0, /**< y = X b + e, with Moran's I of residuals and the LM tests */
    NQPF_SPREG_SAR = 1, /**< spatial lag: y = rho W y + X b + e */
    NQPF_SPREG_SEM = 2, /**< spatial error: y = X b + u, u = lambda W u + e */
    NQPF_SPREG_SDM = 3, /**< spatial Durbin: y = rho W y + X b + W X theta + e */
    NQPF_SPREG_SLX = 4, /**< y = X b + W X theta + e (OLS) */
    NQPF_SPREG_SAC = 5  /**< y = rho W y + X b + u, u = lambda W u + e */
} nqpf_spreg_model;

/** Panel effects (option "fe"; choices in this order: none|individual|time|twoway|random). */
typedef enum nqpf_spreg_fe {
    NQPF_SPREG_FE_NONE = 0,       /**< cross-section, or pooled panel */
    NQPF_SPREG_FE_INDIVIDUAL = 1, /**< unit fixed effects (within transformation over time) */
    NQPF_SPREG_FE_TIME = 2,       /**< period fixed effects */
    NQPF_SPREG_FE_TWOWAY = 3,     /**< unit and period fixed effects */
    NQPF_SPREG_FE_RANDOM = 4      /**< unit random effects */
} nqpf_spreg_fe;

/** How the effects' standard errors are computed (option "effects_se"; choices sim|delta). */
typedef enum nqpf_spreg_effects_se {
    NQPF_SPREG_SE_SIM = 0,  /**< LeSage and Pace simulation from the asymptotic normal (draws, seed) */
    NQPF_SPREG_SE_DELTA = 1 /**< delta method */
} nqpf_spreg_effects_se;

/** The log-determinant (option "logdet"; choices auto|exact|chebyshev|mc). */
typedef enum nqpf_spreg_logdet_method {
    NQPF_SPREG_LOGDET_AUTO = 0,      /**< exact up to a documented n, then an approximation */
    NQPF_SPREG_LOGDET_EXACT = 1,     /**< from the eigenvalues of W */
    NQPF_SPREG_LOGDET_CHEBYSHEV = 2, /**< Pace and LeSage (2004) Chebyshev approximation */
    NQPF_SPREG_LOGDET_MC = 3         /**< Barry and Pace (1999) Monte Carlo approximation */
} nqpf_spreg_logdet_method;

/** The version of nqpf_spreg_options this header describes (nqpf_spreg_options_init()). */
#define NQPF_SPREG_OPTIONS_VERSION 1

/** The largest number of simulation draws for the effects' standard errors (option "draws"). */
#define NQPF_SPREG_MAX_DRAWS 100000

/**
 * Options for nqpf_spreg_run(). Initialise with nqpf_spreg_options_init() (or
 * NQPF_SPREG_OPTIONS_INIT); nqpf_spreg_options_parse() fills them from method "spreg"'s options.
 */
typedef struct nqpf_spreg_options {
    unsigned version;                 /**< NQPF_SPREG_OPTIONS_VERSION */
    nqpf_spreg_model model;           /**< option "model" (required) */
    const char *y;                    /**< option "y": the dependent variable */
    const char *const *x;             /**< option "x": the regressors (a constant _cons is added in a cross-section) */
    size_t nx;
    const char *const *wx;            /**< option "wx": the regressors lagged in SDM and SLX (NULL: all of x) */
    size_t nwx;
    nqpf_spreg_fe fe;                 /**< option "fe": panel effects (none: cross-section or pooled) */
    int leeyu;                        /**< option "leeyu": Lee and Yu (2010) bias correction for panels (default 1) */
    nqpf_spreg_effects_se effects_se; /**< option "effects_se": sim (default) or delta */
    size_t draws;                     /**< option "draws": simulation draws (default 1000) */
    unsigned long long seed;          /**< option "seed": seed of the simulation (default 1) */
    nqpf_spreg_logdet_method logdet;  /**< option "logdet" (default auto) */
    long year;                        /**< option "year": the period used as a cross-section */
    int has_year;                     /**< 1 when year was given */
    int hausman;                      /**< option "hausman": Hausman test of random against fixed effects */
    nqpf_weights_spec weights;        /**< the weights options (required) */
    nqpf_missing_policy missing;      /**< option "missing": refuse (default) or drop */
} nqpf_spreg_options;

/* clang-format off */
#define NQPF_SPREG_OPTIONS_INIT                                                                           \
    {NQPF_SPREG_OPTIONS_VERSION, NQPF_SPREG_SAR, NULL, NULL, 0, NULL, 0, NQPF_SPREG_FE_NONE, 1,           \
     NQPF_SPREG_SE_SIM, 1000, 1, NQPF_SPREG_LOGDET_AUTO, 0, 0, 0, NQPF_WEIGHTS_SPEC_INIT, NQPF_MISSING_REFUSE}
/* clang-format on */

/**
 * Sets @p o to the defaults. @p version must be NQPF_SPREG_OPTIONS_VERSION: a program built
 * against another layout gets NQPF_EUSAGE instead of a misread struct.
 */
int nqpf_spreg_options_init(nqpf_spreg_options *o, unsigned version);

/**
 * Fills @p o from the options of method "spreg" in @p set (command line or study step): defaults and
 * the rules between options (wx only with sdm and slx; fe, leeyu and hausman only with a panel model;
 * draws and seed with effects_se sim). Strings point into @p set, which must outlive @p o. Errors:
 * NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_spreg_options_parse(nqpf_spreg_options *o, const nqpf_optset *set);

/** The model's name as the option spells it ("ols", "sar", ...; "?" out of range). */
const char *nqpf_spreg_model_name(nqpf_spreg_model m);

/**
 * Fits the spatial regression @p o describes on @p p, with the weights of o->weights built over the
 * panel's units. A panel with one period (or the period o->year) is a cross-section; a panel with
 * several periods and fe none is a pooled panel; fe individual, time, twoway or random are the static
 * panel models. Results (owned by the caller; @p effects and @p tests may be NULL):
 * - @p coef: one row per parameter, columns model, equation (Main, Wx, Spatial, Variance as Stata
 *   xsmle), term, estimate, std_error, z, p_value, ci_lo, ci_hi (95% Wald);
 * - @p effects: SAR, SDM, SAC, SLX and SEM: LeSage and Pace (2009) average direct, indirect and total
 *   effects of every x: columns variable, effect, estimate, std_error, z, p_value, method (sim or
 *   delta; closed forms for SEM and SLX); NULL for OLS;
 * - @p tests: columns statistic, value, df, p_value: n, T, nobs, loglik, aic, bic, r2, sigma2, the
 *   Moran's I of OLS residuals (moran_i with its expectation, variance and z), lm_lag, lm_error,
 *   rlm_lag, rlm_error, sarma (Anselin 1988, Anselin et al. 1996; on the OLS of y on the model's
 *   regressors), lr_spatial (likelihood ratio against that OLS) and, with hausman, the Hausman test.
 * Errors: NQPF_EUSAGE for inconsistent options; NQPF_EDATA for a missing column or cell (under
 * missing refuse), weights with islands or units without data, fewer observations than parameters,
 * collinear regressors, or a likelihood whose maximum was not found (the message says which);
 * NQPF_EINTERNAL when memory runs out or LAPACK fails.
 */
int nqpf_spreg_run(nqpf_table **coef, nqpf_table **effects, nqpf_table **tests, const nqpf_panel *p,
                   const nqpf_spreg_options *o);

#ifdef __cplusplus
}
#endif
#endif
