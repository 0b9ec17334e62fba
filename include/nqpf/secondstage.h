/**
 * @file secondstage.h
 * @brief Second-stage regression of DEA efficiency on environmental variables: Tobit censored at 1
 *        and Simar and Wilson's (2007) truncated regression with bootstrap (algorithms 1 and 2).
 *
 * Tobit: the efficiency score te (in (0, 1]) is regressed on the environmental variables z by
 * maximum likelihood with right-censoring at 1 (Stata `tobit te z, ul(1)`), optionally also
 * left-censored at 0 (`ll(0) ul(1)`). Simar and Wilson (2007, J. Econometrics 136: 31-64): the
 * Farrell score delta >= 1 (delta = 1/te) follows delta_i = z_i b + e_i >= 1 with e_i normal,
 * left-truncated at 1 - z_i b; algorithm 1 fits the truncated regression on the units with
 * delta > 1 and bootstraps it parametrically; algorithm 2 first bias-corrects the DEA scores with a
 * parametric bootstrap of the DEA frontier. See docs/secondstage.md for the formulas, the literature's
 * warnings about Tobit on DEA scores, and the names of the same results in Stata, R and MaxDEA.
 */
#ifndef NQPF_SECONDSTAGE_H
#define NQPF_SECONDSTAGE_H

#include <stddef.h>

#include "nqpf/dea.h"
#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The second-stage estimator. */
typedef enum nqpf_secondstage_method {
    NQPF_SECONDSTAGE_TOBIT = 0, /**< Tobit, censored at 1 (and at 0 with censor both) */
    NQPF_SECONDSTAGE_SW1 = 1,   /**< Simar-Wilson algorithm 1: truncated regression + parametric bootstrap */
    NQPF_SECONDSTAGE_SW2 = 2    /**< Simar-Wilson algorithm 2: bias-corrected DEA scores (double bootstrap) */
} nqpf_secondstage_method;

/** How the efficiency column is read by the Simar-Wilson estimators. */
typedef enum nqpf_secondstage_score {
    NQPF_SECONDSTAGE_SCORE_TE = 0,   /**< te in (0, 1] (nqpf dea, DEAP, MaxDEA); regressed as delta = 1/te */
    NQPF_SECONDSTAGE_SCORE_DELTA = 1 /**< the column already holds the Farrell score delta >= 1 */
} nqpf_secondstage_score;

/** The version of nqpf_secondstage_options this header describes (nqpf_secondstage_options_init()). */
#define NQPF_SECONDSTAGE_OPTIONS_VERSION 1

/**
 * Options for nqpf_secondstage_run(). Initialise with nqpf_secondstage_options_init() (or
 * NQPF_SECONDSTAGE_OPTIONS_INIT).
 */
typedef struct nqpf_secondstage_options {
    unsigned version;                 /**< NQPF_SECONDSTAGE_OPTIONS_VERSION */
    nqpf_secondstage_method method;   /**< option "method" (required) */
    const char *efficiency;           /**< tobit, sw1: the efficiency column; sw2: not used (computed) */
    const char *const *env;           /**< environmental variables z (a constant is added) */
    size_t nenv;
    const char *const *inputs;        /**< sw2: DEA input columns */
    size_t ninputs;
    const char *const *outputs;       /**< sw2: DEA output columns */
    size_t noutputs;
    nqpf_dea_orientation orientation; /**< sw2: NQPF_DEA_IN (default; delta = 1/theta) or NQPF_DEA_OUT (delta = phi) */
    nqpf_dea_rts rts;                 /**< sw2: NQPF_DEA_VRS (default, as Simar and Wilson 2007) or NQPF_DEA_CRS */
    int pooled;                       /**< sw2: one frontier from all periods (default 0: one per period) */
    nqpf_secondstage_score score;     /**< sw1: how the efficiency column is read */
    int censor_both;                  /**< tobit: also left-censored at 0 */
    size_t reps;                      /**< sw1, sw2: bootstrap replications of the regression (default 2000) */
    size_t bias_reps;                 /**< sw2: replications of the bias correction (L1, default 100) */
    unsigned long long seed;          /**< sw1, sw2: seed of the random numbers (default 1) */
    double alpha;                     /**< 1 - confidence level of the intervals (default 0.05) */
    nqpf_missing_policy missing;      /**< empty cells in the columns used: refuse (default) or drop */
    unsigned threads;                 /**< worker threads for the bootstrap; the output does not depend on it */
} nqpf_secondstage_options;

/* clang-format off */
#define NQPF_SECONDSTAGE_OPTIONS_INIT                                                                     \
    {NQPF_SECONDSTAGE_OPTIONS_VERSION, NQPF_SECONDSTAGE_TOBIT, NULL, NULL, 0, NULL, 0, NULL, 0, NQPF_DEA_IN, \
     NQPF_DEA_VRS, 0, NQPF_SECONDSTAGE_SCORE_TE, 0, 2000, 100, 1, 0.05, NQPF_MISSING_REFUSE, 1}
/* clang-format on */

/**
 * Sets @p o to the defaults. @p version must be NQPF_SECONDSTAGE_OPTIONS_VERSION: a program built
 * against another layout gets NQPF_EUSAGE instead of a misread struct.
 */
int nqpf_secondstage_options_init(nqpf_secondstage_options *o, unsigned version);

/**
 * Fills @p o from the options of method "secondstage" in @p set (command line or study step):
 * defaults and the rules between options (inputs/outputs only and always with sw2, efficiency with
 * tobit and sw1, censor with tobit, reps/seed with sw1 and sw2). The column lists point into @p set,
 * which must outlive @p o. Errors: NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_secondstage_options_parse(nqpf_secondstage_options *o, const nqpf_optset *set);

/** The method's name as the option spells it: "tobit", "sw1", "sw2" ("?" out of range). */
const char *nqpf_secondstage_method_name(nqpf_secondstage_method m);

/** Counts reported by nqpf_secondstage_run(). */
typedef struct nqpf_secondstage_summary {
    size_t nobs;       /**< observations in the regression */
    size_t nlimit;     /**< tobit: censored observations; sw1, sw2: units with delta = 1 left out */
    size_t reps_ok;    /**< bootstrap replications whose fit converged (the intervals use these) */
    size_t reps_failed; /**< replications whose fit did not converge (left out, with a warning) */
    double loglik;     /**< log-likelihood of the (final) regression */
} nqpf_secondstage_summary;

/**
 * Runs the second-stage regression chosen by @p o on @p p. @p *coef gets one row per term (the
 * environmental variables in order, then `_cons` and `sigma`) with the columns model, term,
 * estimate, std_error (tobit: from the inverse of the analytic Hessian; sw1, sw2: the bootstrap
 * standard deviation), z, p_value (normal), ci_lo, ci_hi (tobit: Wald; sw1, sw2: Simar and Wilson's
 * bootstrap interval), loglik, aic, bic, n_obs, n_limit and reps. With sw2 @p scores (may be NULL)
 * gets the table of DEA scores by id and time (delta, delta_bc, bias); NULL for the other methods.
 * Errors: NQPF_EUSAGE for inconsistent options, NQPF_EDATA for a missing or non-numeric column, an
 * empty cell (under NQPF_MISSING_REFUSE), a score outside its range (te not in (0, 1] with a tolerance
 * of 1e-9, delta < 1), fewer observations than parameters, collinear variables, or a likelihood
 * whose maximum was not found (the message says which). Deterministic for a seed, whatever the
 * thread count. The caller owns the tables; @p sum may be NULL.
 */
int nqpf_secondstage_run(nqpf_table **coef, nqpf_table **scores, nqpf_secondstage_summary *sum,
                         const nqpf_panel *p, const nqpf_secondstage_options *o);

/**
 * Tobit maximum likelihood of @p y (n values) on the @p k columns of @p Z (row-major, n x k, the
 * constant included by the caller) with censoring from above at @p upper (y >= upper is censored)
 * and from below at @p lower (y <= lower; -INFINITY for none). On success @p theta (k + 1 values)
 * holds the coefficients and sigma, @p cov (NULL allowed; (k+1)^2, row-major) the inverse of the
 * negative analytic Hessian in (b, sigma), @p loglik (NULL allowed) the maximum. Errors: NQPF_EDATA
 * when n <= k, when no observation is uncensored, or when the maximum was not found.
 */
int nqpf_secondstage_tobit(double *theta, double *cov, double *loglik, const double *y, const double *Z, size_t n,
                           size_t k, double lower, double upper);

/**
 * Truncated-normal regression (Stata `truncreg, ll(lower)`): maximum likelihood of y_i = Z_i b + e_i,
 * e_i ~ N(0, sigma^2) truncated to y_i > @p lower. Arguments and results as nqpf_secondstage_tobit().
 * Every y must exceed @p lower (NQPF_EDATA otherwise).
 */
int nqpf_secondstage_truncreg(double *theta, double *cov, double *loglik, const double *y, const double *Z, size_t n,
                              size_t k, double lower);

#ifdef __cplusplus
}
#endif
#endif
