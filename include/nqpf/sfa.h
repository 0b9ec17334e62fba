/**
 * @file sfa.h
 * @brief Stochastic frontier analysis: maximum-likelihood production frontiers with the Battese
 *        and Coelli (1992) time-varying decay model and the Battese and Coelli (1995)
 *        inefficiency-effects model, in FRONTIER 4.1's parameterisation, with the Battese-Coelli
 *        (1988) efficiency predictor and the TFP-growth decomposition of Kumbhakar and Lovell (2000).
 *
 * ln y_it = x_it b + v_it - u_it, v ~ N(0, sigma_v^2). bc92: u_it = exp(-eta (t - T)) u_i,
 * u_i ~ N+(mu, sigma_u^2); bc95: u_it ~ N+(z_it delta, sigma_u^2). sigma2 = sigma_v^2 + sigma_u^2,
 * gamma = sigma_u^2 / sigma2 (Coelli 1996). See docs/sfa.md for the likelihoods, the starting
 * values, the predictors, the decomposition and the names of the same results in FRONTIER 4.1,
 * Stata sfpanel and R frontier::sfa.
 */
#ifndef NQPF_SFA_H
#define NQPF_SFA_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The functional form of the frontier. */
typedef enum nqpf_sfa_form {
    NQPF_SFA_COBB_DOUGLAS = 0, /**< ln y = b0 + sum b_j ln x_j (+ b_t t) */
    NQPF_SFA_TRANSLOG = 1      /**< plus (ln x_j)^2, ln x_j ln x_k (no 1/2 factor, as FRONTIER), t^2, t ln x_j */
} nqpf_sfa_form;

/** The inefficiency model. */
typedef enum nqpf_sfa_model {
    NQPF_SFA_BC92 = 0, /**< Battese and Coelli (1992): u_it = exp(-eta (t - T)) u_i, u_i ~ N+(mu, sigma_u^2) */
    NQPF_SFA_BC95 = 1  /**< Battese and Coelli (1995): u_it ~ N+(z_it delta, sigma_u^2) */
} nqpf_sfa_model;

/** A line of the maximiser's iteration log (option verbose of the command line); @p ctx as given. */
typedef void (*nqpf_sfa_log_fn)(void *ctx, const char *line);

/** The version of nqpf_sfa_options this header describes (nqpf_sfa_options_init()). */
#define NQPF_SFA_OPTIONS_VERSION 1

/** Options for nqpf_sfa_run(). Initialise with nqpf_sfa_options_init() (or NQPF_SFA_OPTIONS_INIT). */
typedef struct nqpf_sfa_options {
    unsigned version;              /**< NQPF_SFA_OPTIONS_VERSION */
    const char *output;            /**< option "output": the output column (required) */
    const char *const *inputs;     /**< option "inputs": input columns (required) */
    size_t ninputs;
    nqpf_sfa_form form;            /**< option "form" (default Cobb-Douglas) */
    nqpf_sfa_model model;          /**< option "model" (default bc92) */
    const char *const *z;          /**< option "inefficiency": bc95's z variables (used as given, not logged) */
    size_t nz;
    int trend;                     /**< option "trend": a time trend t = time - first time + 1 in the frontier */
    int mu;                        /**< option "mu": bc92: mu free (truncated normal; else 0, half-normal);
                                        bc95: the constant delta0 of the mean (FRONTIER's DELTA0 switch) */
    int eta;                       /**< option "eta": bc92 only: eta free (time-varying u; else 0) */
    int logged;                    /**< option "logged": output and inputs are already logs */
    size_t max_iter;               /**< option "max_iter": iterations of the maximiser (default 1000) */
    nqpf_sfa_log_fn log;           /**< iteration log (NULL: none) */
    void *log_ctx;                 /**< passed to @p log */
} nqpf_sfa_options;

/* clang-format off */
#define NQPF_SFA_OPTIONS_INIT                                                                                  \
    {NQPF_SFA_OPTIONS_VERSION, NULL, NULL, 0, NQPF_SFA_COBB_DOUGLAS, NQPF_SFA_BC92, NULL, 0, 0, 0, 0, 0, 1000, \
     NULL, NULL}
/* clang-format on */

/**
 * Sets @p o to the defaults. @p version must be NQPF_SFA_OPTIONS_VERSION: a program built against
 * another layout gets NQPF_EUSAGE instead of a misread struct.
 */
int nqpf_sfa_options_init(nqpf_sfa_options *o, unsigned version);

/**
 * Fills @p o from the options of method "sfa" in @p set (command line or study step): defaults and
 * the rules between options (inefficiency with bc95 only, eta with bc92 only). The column lists
 * point into @p set, which must outlive @p o. Errors: NQPF_EUSAGE keyed by the option.
 */
int nqpf_sfa_options_parse(nqpf_sfa_options *o, const nqpf_optset *set);

/** The most regressors (frontier terms plus inefficiency variables) nqpf_sfa_fit_run() takes. */
#define NQPF_SFA_MAX_PARAMS 128

/** A model in matrix form for nqpf_sfa_fit_run(). */
typedef struct nqpf_sfa_data {
    size_t n;              /**< observations */
    size_t k;              /**< frontier regressors (the constant included by the caller, if any) */
    const double *y;       /**< n values: ln output */
    const double *X;       /**< n x k, row-major */
    size_t nz;             /**< bc95: columns of Z (the constant included by the caller, if any) */
    const double *Z;       /**< bc95: n x nz, row-major (NULL when nz is 0) */
    size_t nunits;         /**< bc92: units */
    const size_t *unit;    /**< bc92: the unit of each observation, 0..nunits-1 (NULL: each its own) */
    const double *period;  /**< bc92: t of each observation (NULL: all 1) */
    double last;           /**< bc92: T, the last period (eta_it = exp(-eta (t - T))) */
    nqpf_sfa_model model;  /**< NQPF_SFA_BC92 or NQPF_SFA_BC95 */
    int mu;                /**< bc92: mu free */
    int eta;               /**< bc92: eta free */
    size_t max_iter;       /**< iteration cap of the maximiser */
    nqpf_sfa_log_fn log;   /**< iteration log (NULL: none) */
    void *log_ctx;         /**< passed to @p log */
} nqpf_sfa_data;

/** The estimates of nqpf_sfa_fit_run(); free the arrays with nqpf_sfa_fit_free(). */
typedef struct nqpf_sfa_fit {
    size_t np;           /**< parameters: k betas, then nz deltas (bc95), sigma2, gamma, then mu, eta if free (bc92) */
    double *theta;       /**< np estimates in that order */
    double *cov;         /**< np x np: inverse of the negative numerical Hessian of the log-likelihood */
    double loglik;       /**< log-likelihood at the maximum */
    double loglik_ols;   /**< log-likelihood of OLS (gamma = 0, ML variance) */
    double *ols;         /**< k + 1: OLS coefficients and sigma2 = SSE / (n - k) (FRONTIER's first stage) */
    double *start;       /**< np: the starting values after the grid search over gamma */
    double loglik_start; /**< log-likelihood at the starting values */
    size_t iterations;   /**< iterations of the maximiser (BFGS plus Newton polish) */
    double grad_norm;    /**< largest absolute score (derivative of loglik / n) at the end */
    double *te;          /**< n: E[exp(-u_it) | e] (Battese and Coelli 1988) */
    double *u;           /**< n: E[u_it | e] (Jondrow et al. 1982) */
} nqpf_sfa_fit;

/**
 * Fits the stochastic frontier of @p d by maximum likelihood: OLS, a grid search over gamma
 * (0.1, 0.2, .., 0.9) with the intercept and sigma2 adjusted from OLS as in FRONTIER 4.1, then BFGS
 * (GSL's bfgs2, preconditioned by the Hessian at the grid point) in (b, delta, ln sigma2, logit
 * gamma, mu, eta) with a central-difference gradient, and Levenberg-damped Newton steps with a
 * finite-difference Hessian to polish. The constant, if any, must be column 0 of X for the grid's
 * intercept adjustment.
 * On success @p f holds the estimates (the caller frees them with nqpf_sfa_fit_free()). Errors:
 * NQPF_EDATA when n is not larger than the number of parameters, when the regressors are
 * collinear, or when the maximum was not found within max_iter iterations (the message gives the
 * iteration count and the last gradient norm); NQPF_EUSAGE for inconsistent arguments.
 */
int nqpf_sfa_fit_run(nqpf_sfa_fit *f, const nqpf_sfa_data *d);

/** Frees the arrays of @p f (not @p f itself) and zeroes it; NULL allowed. */
void nqpf_sfa_fit_free(nqpf_sfa_fit *f);

/**
 * The log-likelihood of @p d at the parameters @p theta (ordered as nqpf_sfa_fit.theta). NaN when
 * sigma2 <= 0 or gamma is outside (0, 1).
 */
double nqpf_sfa_loglik(const nqpf_sfa_data *d, const double *theta);

/**
 * Kodde and Palm's (1986) critical value at level @p alpha of the mixed chi-square of a one-sided
 * LR test with @p df restrictions, one of them on the boundary (gamma = 0): the c with
 * 0.5 P(chi2_{df-1} > c) + 0.5 P(chi2_df > c) = alpha. NaN when df is 0 or alpha outside (0, 0.5).
 */
double nqpf_sfa_kodde_palm(unsigned df, double alpha);

/** Counts and statistics reported by nqpf_sfa_run(). */
typedef struct nqpf_sfa_summary {
    size_t nobs;       /**< observations */
    size_t nunits;     /**< units */
    size_t iterations; /**< iterations of the maximiser */
    double loglik;     /**< log-likelihood */
    double loglik_ols; /**< OLS log-likelihood */
    double lr;         /**< one-sided LR statistic 2 (loglik - loglik_ols) */
    unsigned lr_df;    /**< its restrictions */
    double lr_crit5;   /**< Kodde-Palm 5% critical value */
    double mean_te;    /**< mean technical efficiency */
} nqpf_sfa_summary;

/**
 * Estimates the frontier of @p o on @p p. @p *te gets one row per observation (id, time, te, u);
 * @p *coef (may be NULL) the rows term, estimate, std_error, t_ratio, p_value: the frontier terms
 * (const, the inputs, trend, A^2, A*B, trend^2, A*trend), z:NAME (bc95), sigma2, gamma, mu, eta (when
 * free), then loglik, loglik_ols, lr_test, lr_df, lr_crit5, lr_p_value, mean_te, nobs, iterations
 * with the value in estimate; @p *decomp (may be NULL) one row per observation that has an earlier
 * one of its unit: tc, tec, se, tfp (per unit of time), rts and dt. Errors: NQPF_EUSAGE for
 * inconsistent options; NQPF_EDATA for a missing or non-numeric column, an empty cell, a value <= 0
 * to be logged (naming row and column), too few observations, collinear regressors or no maximum
 * found. The caller owns the tables; @p sum may be NULL.
 */
int nqpf_sfa_run(nqpf_table **te, nqpf_table **coef, nqpf_table **decomp, nqpf_sfa_summary *sum,
                 const nqpf_panel *p, const nqpf_sfa_options *o);

#ifdef __cplusplus
}
#endif
#endif
