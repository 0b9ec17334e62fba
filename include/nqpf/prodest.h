/**
 * @file prodest.h
 * @brief Firm-level production-function estimators (control-function approach): Olley and Pakes
 *        (1996), Levinsohn and Petrin (2003), Ackerberg, Caves and Frazer (2015) and Wooldridge's
 *        (2009) one-step GMM, as in R's prodest 0.1.1 (Rovigatti 2017).
 *
 * The model is y_it = b_f f_it + b_s s_it + omega_it + e_it with free inputs f (labour), state
 * inputs s (capital), a proxy m (investment for OP, materials for LP/ACF/WRDG) and productivity
 * omega_t = g(omega_{t-1}) + xi_t, g a cubic polynomial. OP/LP: the first stage is OLS of y on a
 * constant, f and a full second-order polynomial in (s, m), which gives b_f and phi = fitted - f b_f;
 * the second stage minimises sum (y - f b_f - s b_s - g(phi_{t-1} - s_{t-1} b_s))^2 over b_s. ACF:
 * the first stage is y on a second-order polynomial in (f, s, m); the second stage is GMM in
 * (b_f, b_s) on E[xi (f_{t-1}, s_t)] = 0 with the weight (Z'Z)^{-1}/n. WRDG: stacked linear GMM of
 * the two equations (Wooldridge 2009, eqs. 3.3-3.4), closed form, with analytic standard errors.
 * See docs/prodest.md for the formulas, the differences with Stata's and R's prodest and the names
 * of their results.
 */
#ifndef NQPF_PRODEST_H
#define NQPF_PRODEST_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The estimator. */
typedef enum nqpf_prodest_method {
    NQPF_PRODEST_OP = 0,  /**< Olley-Pakes (1996): proxy = investment; no exit correction */
    NQPF_PRODEST_LP = 1,  /**< Levinsohn-Petrin (2003): proxy = an intermediate input */
    NQPF_PRODEST_ACF = 2, /**< Ackerberg-Caves-Frazer (2015): free and state coefficients in the second stage */
    NQPF_PRODEST_WRDG = 3 /**< Wooldridge (2009): one-step system GMM, analytic standard errors */
} nqpf_prodest_method;

/** The version of nqpf_prodest_options this header describes (nqpf_prodest_options_init()). */
#define NQPF_PRODEST_OPTIONS_VERSION 1

/** The most free plus state variables. */
#define NQPF_PRODEST_MAX_INPUTS 8

/**
 * Options for nqpf_prodest_run(). Initialise with nqpf_prodest_options_init() (or
 * NQPF_PRODEST_OPTIONS_INIT).
 */
typedef struct nqpf_prodest_options {
    unsigned version;             /**< NQPF_PRODEST_OPTIONS_VERSION */
    nqpf_prodest_method method;   /**< option "method" (required) */
    const char *output;           /**< y: output (value added) column */
    const char *const *free;      /**< free inputs (labour) */
    size_t nfree;
    const char *const *state;     /**< state inputs (capital) */
    size_t nstate;
    const char *proxy;            /**< proxy column (investment for op, materials for lp, acf, wrdg) */
    int logged;                   /**< 1: the columns are already logs; 0 (default): nqpf takes logs */
    size_t reps;                  /**< op, lp, acf: bootstrap replications (resampling firms; default 100; 0 = none) */
    unsigned long long seed;      /**< seed of the bootstrap (default 1) */
    const double *start;          /**< second-stage start values (op/lp: nstate; acf: nfree + nstate); NULL = first stage */
    size_t nstart;                /**< 0, 1 (the same value for every coefficient) or the number of coefficients */
    size_t max_iter;              /**< iterations of the second-stage minimiser (default 5000) */
    int wrdg_prodest;             /**< wrdg: 1 = R prodest 0.1.1's form (the first equation's linear state term is
                                       b_s); 0 (default) = Wooldridge (2009): it belongs to the polynomial */
    unsigned threads;             /**< worker threads of the bootstrap (0 = one per CPU; default 1); the output
                                       does not depend on it */
} nqpf_prodest_options;

/* clang-format off */
#define NQPF_PRODEST_OPTIONS_INIT \
    {NQPF_PRODEST_OPTIONS_VERSION, NQPF_PRODEST_OP, NULL, NULL, 0, NULL, 0, NULL, 0, 100, 1, NULL, 0, 5000, 0, 1}
/* clang-format on */

/**
 * Sets @p o to the defaults. @p version must be NQPF_PRODEST_OPTIONS_VERSION: a program built
 * against another layout gets NQPF_EUSAGE instead of a misread struct.
 */
int nqpf_prodest_options_init(nqpf_prodest_options *o, unsigned version);

/**
 * Fills @p o from the options of method "prodest" in @p set (command line or study step): defaults
 * and the rules between options (reps and seed not with wrdg, start not with wrdg, start's length).
 * The column lists point into @p set, which must outlive @p o. Errors: NQPF_EUSAGE keyed by the
 * option (nqpf_error_key()).
 */
int nqpf_prodest_options_parse(nqpf_prodest_options *o, const nqpf_optset *set);

/** The method's name as the option spells it: "op", "lp", "acf", "wrdg" ("?" out of range). */
const char *nqpf_prodest_method_name(nqpf_prodest_method m);

/** Counts and diagnostics reported by nqpf_prodest_run(). */
typedef struct nqpf_prodest_summary {
    size_t nobs;        /**< observations (all rows; the first stage of op, lp, acf uses them all) */
    size_t nobs_lag;    /**< rows with the previous year of the same firm (the second stage, wrdg) */
    size_t nfirms;      /**< firms */
    size_t nfirms_nolag; /**< firms none of whose rows has the previous year (they drop out of the second stage) */
    size_t iterations;  /**< iterations of the second-stage minimiser (0 for wrdg) */
    double objective;   /**< the second-stage criterion at the estimate (wrdg: the 2SLS criterion) */
    size_t reps_ok;     /**< bootstrap replications whose estimation succeeded */
    size_t reps_failed; /**< replications left out (failed or not converged; a warning says so) */
} nqpf_prodest_summary;

/**
 * Estimates the production function chosen by @p o on @p p. @p *omega gets one row per observation:
 * id, time and omega = y - f b_f - s b_s (log TFP including the constant and the i.i.d. shock, as R
 * prodest's omega() and Stata's predict, omega). @p *coef gets one row per free then state variable,
 * named as given, with the columns term, estimate, std_error (op, lp, acf: the standard deviation
 * of the firm-cluster bootstrap estimates; wrdg: analytic), method and n_obs. Errors: NQPF_EUSAGE for
 * inconsistent options; NQPF_EDATA for a missing or non-numeric column, an empty cell, a value <= 0
 * when logs are taken (naming the row and the column), too few rows with a previous year, collinear
 * regressors, or a second stage that did not converge (the message carries the iteration log). The
 * bootstrap is deterministic for a seed. The caller owns the tables; @p sum may be NULL.
 */
int nqpf_prodest_run(nqpf_table **omega, nqpf_table **coef, nqpf_prodest_summary *sum, const nqpf_panel *p,
                     const nqpf_prodest_options *o);

/**
 * The first stage on @p p (for checks): @p coef (at least 1 + nfree + 2 (nstate + 1) + the
 * pairwise products; NULL allowed) gets the OLS coefficients in the order constant, then for
 * op/lp/wrdg: free, then the polynomial in (state..., proxy); for acf the polynomial in
 * (free..., state..., proxy). The polynomial lists the linear terms, then the products v_j v_l
 * (j < l, in variable order), then the squares. @p *ncoef gets their count. @p phi (nobs values;
 * NULL allowed) gets phi: op/lp/wrdg the fitted value minus f b_f, acf the fitted value. Errors as
 * nqpf_prodest_run().
 */
int nqpf_prodest_first_stage(double *coef, size_t *ncoef, double *phi, const nqpf_panel *p,
                             const nqpf_prodest_options *o);

/**
 * The second-stage criterion of op, lp or acf at @p theta (op/lp: nstate values b_s; acf: nfree +
 * nstate values (b_f, b_s)), with the first stage estimated on @p p: op/lp the sum of squared xi
 * plus e, acf (Z'xi)' (Z'Z)^{-1} (Z'xi) / n with Z = (f_{t-1}, s_t). Stored in @p *value. Errors as
 * nqpf_prodest_run(); NQPF_EUSAGE for wrdg.
 */
int nqpf_prodest_objective(double *value, const nqpf_panel *p, const nqpf_prodest_options *o, const double *theta);

#ifdef __cplusplus
}
#endif
#endif
