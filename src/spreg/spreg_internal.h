/* Internal contract between the parts of spatial regression (src/spreg/): the cross-section
 * estimators (spreg.c), the panel fixed/random-effects estimators (panel.c), the log-determinant
 * (logdet.c), the LeSage-Pace effects and the table builder. Every estimator fills one
 * nqpf__spreg_fit; the effects and the output tables are computed from it alone, so that a
 * cross-section SDM and a panel SDM give their results in the same shape. */
#ifndef NQPF_SPREG_INTERNAL_H
#define NQPF_SPREG_INTERNAL_H

#include <stddef.h>

#include "nqpf/spatial.h"
#include "nqpf/spreg.h"

/* One fitted model. Parameter order everywhere (beta, cov): [_cons] x_1..x_k [W*x_1..W*x_k], then
 * rho (SAR, SDM, SAC), then lambda (SEM, SAC). sigma2 is not in cov (its variance is reported on
 * its own in var_sigma2). Arrays are owned by the fit (nqpf__spreg_fit_free()). */
typedef struct nqpf__spreg_fit {
    nqpf_spreg_model model;
    nqpf_spreg_fe fe;     /* NQPF_SPREG_FE_NONE for a cross-section or pooled model */
    size_t N, T;          /* units and periods (cross-section: T = 1) */
    size_t nobs;          /* observations used in the likelihood (N*T; Lee-Yu two-way: N*(T-1)) */
    size_t kx;            /* number of X variables (without the constant) */
    int has_const;        /* 1 when beta starts with _cons */
    size_t nwx;           /* number of lagged X in beta (SDM, SLX: kx; else 0) */
    size_t nb;            /* length of beta = has_const + kx + nwx */
    double *beta;         /* nb */
    double rho;           /* NAN when the model has none */
    double lambda;        /* NAN when the model has none */
    size_t nsp;           /* spatial parameters after beta in cov: 0, 1 or 2 */
    double *cov;          /* (nb + nsp)^2, row-major: asymptotic covariance (inverse information) */
    double sigma2;        /* ML estimate (after the Lee-Yu correction when it was applied) */
    double var_sigma2;    /* its asymptotic variance (NAN when not computed) */
    double loglik;        /* maximised log-likelihood */
    size_t npar;          /* parameters counted in AIC/BIC: nb + nsp + 1 */
    double r2;            /* squared correlation of y and the fitted values (xsmle's R-sq) */
    double *resid;        /* nobs residuals, may be NULL */
    int leeyu;            /* 1 when the Lee-Yu (2010) bias correction was applied */
    double sigma2_mu;     /* panel random effects (panel.c): the variance of the unit effect mu_i
                             (SAR/SDM: s2 (1/theta^2 - 1) / T; SEM: phi s2); NAN otherwise */
} nqpf__spreg_fit;

/* Frees the arrays of f (not f itself) and zeroes it. */
void nqpf__spreg_fit_free(nqpf__spreg_fit *f);

/* Log-determinant log|I - a W| for the weights of one period, prepared once and evaluated many
 * times. Exact: from the eigenvalues of W (LAPACK dgeev; complex pairs handled), for n up to a
 * threshold; large n: an approximation (logdet.c documents it and its error). */
typedef struct nqpf__spreg_logdet nqpf__spreg_logdet;

/* Prepares the log-determinant of w by method m. Errors: NQPF_ENOMEM, NQPF_EINTERNAL when LAPACK
 * fails. */
int nqpf__spreg_logdet_new(nqpf__spreg_logdet **out, const nqpf_weights *w, nqpf_spreg_logdet_method m);
/* log|I - a W| (NAN outside the domain where I - a W is non-singular with positive determinant). */
double nqpf__spreg_logdet_eval(const nqpf__spreg_logdet *ld, double a);
/* d/da log|I - a W| = -tr(W (I - a W)^-1), and the second derivative -tr((W (I - a W)^-1)^2). */
void nqpf__spreg_logdet_deriv(const nqpf__spreg_logdet *ld, double a, double *d1, double *d2);
/* The interval (lo, hi) of a for which I - a W is invertible: (1/min real eigenvalue, 1/max). */
void nqpf__spreg_logdet_bounds(const nqpf__spreg_logdet *ld, double *lo, double *hi);
/* The eigenvalues (real parts, imaginary parts; n each) when the method is exact, else NULL. */
const double *nqpf__spreg_logdet_eigen(const nqpf__spreg_logdet *ld, const double **imag, size_t *n);
void nqpf__spreg_logdet_free(nqpf__spreg_logdet *ld);

/* Added by the cross-section part (logdet.c): logdet auto is exact up to this many units, then
 * Chebyshev; the approximations' order/terms and their number of random probe vectors. */
#define NQPF__SPREG_LOGDET_EXACT_MAX 1500
#define NQPF__SPREG_LOGDET_CHEB_ORDER 40
#define NQPF__SPREG_LOGDET_MC_TERMS 60
#define NQPF__SPREG_LOGDET_PROBES 1024
/* Probes of the Hutchinson trace estimates of the information matrix and the effects (approximate mode). */
#define NQPF__SPREG_TRACE_PROBES 256
/* The method a prepared log-determinant uses (auto resolved to exact or chebyshev). */
nqpf_spreg_logdet_method nqpf__spreg_logdet_method_used(const nqpf__spreg_logdet *ld);

/* ---- cross-section estimators (spreg.c), effects (effects.c): added by the cross-section part ---- */

/* OLS of y (n) on Z (row-major n x k): b (k), residuals e (n), (Z'Z)^-1 (k x k). NQPF_EDATA when Z'Z
 * is singular to working precision. */
int nqpf__spreg_ols(double *b, double *e, double *ZtZi, const double *y, const double *Z, size_t n, size_t k);

/* Moran's I of OLS residuals (Cliff-Ord moments for regression residuals, two-sided normal p) and the
 * LM tests of Anselin (1988) and Anselin, Bera, Florax and Yoon (1996) on the OLS of y on Z. */
typedef struct nqpf__spreg_lm {
    double moran_i, moran_e, moran_var, moran_z, moran_p;
    double lm_lag, lm_err, rlm_lag, rlm_err, sarma;
    double p_lm_lag, p_lm_err, p_rlm_lag, p_rlm_err, p_sarma;
    double loglik; /* of the OLS fit (ML variance) */
    double ee;     /* its residual sum of squares */
} nqpf__spreg_lm;
int nqpf__spreg_lm_tests(nqpf__spreg_lm *out, const double *y, const double *Z, size_t n, size_t k,
                         const nqpf_weights *w);

/* x = (I - a W)^-1 b: dense LU when ld is exact, fixed-point iteration otherwise. */
int nqpf__spreg_solve(const nqpf_weights *w, const nqpf__spreg_logdet *ld, double a, const double *bv, double *x);

/* The design Z = [1, X, W X_wx] (n x (1 + kx + nwx), row-major; caller frees). */
int nqpf__spreg_design(double **Z, const double *X, size_t n, size_t kx, const size_t *wxidx, size_t nwx,
                       const nqpf_weights *w);

/* Cross-section fit of model (OLS, SLX, SAR, SDM, SEM, SAC) of y on X (n x kx, no constant; a
 * constant is added), lagging the columns wxidx[0..nwx) of X in SDM and SLX. ld prepared for w. */
int nqpf__spreg_fit_cross(nqpf__spreg_fit *f, const double *y, const double *X, size_t n, size_t kx,
                          const size_t *wxidx, size_t nwx, const nqpf_weights *w, nqpf_spreg_model model,
                          const nqpf__spreg_logdet *ld);

/* LeSage-Pace average effects of each of the f->kx regressors: est and se (3 kx each: direct,
 * indirect, total per regressor), from f (beta, rho, cov), W of one period (N units) and its
 * log-determinant; wxidx maps the lagged columns to x (NULL: the identity, as in panels). SEM and
 * SLX: closed forms with exact SEs. sim: draws from N(estimates, cov), GSL mt19937 seeded with
 * seed. */
int nqpf__spreg_effects(double *est, double *se, const nqpf__spreg_fit *f, const size_t *wxidx,
                        const nqpf_weights *w, const nqpf__spreg_logdet *ld, nqpf_spreg_effects_se method,
                        size_t draws, unsigned long long seed);

/* Panel estimators (panel.c). y and X are ordered period by period: observation t*N + i is unit i
 * (the order of w) in period t; X is row-major (N*T rows, kx columns, no constant). Fits model
 * (SAR, SEM or SDM; SDM lags every X) with effects fe; leeyu applies the Lee and Yu (2010) bias
 * correction (two-way: the orthogonal transformation of the time dimension; individual: sigma2
 * scaled by T/(T-1)). Errors: NQPF_EDATA naming what is wrong (e.g. "fewer periods than 2"),
 * NQPF_ENOMEM, NQPF_EINTERNAL.
 * Added by the panel part (panel.c, docs/spreg_panel.md): leeyu is Lee and Yu's transformation
 * approach, F_{T,T-1} under unit effects and F_{N,N-1} under period effects (fe time too; it needs
 * rows of w summing to 1), so nobs = N'T' with T' = T - 1 under unit effects and N' = N - 1 under
 * period effects (two-way: (N-1)(T-1)); resid is NULL then. Random effects (fe random): beta
 * starts with _cons, npar counts theta/phi, sigma2_mu is set; SEM's covariance is from a numerical
 * Hessian, the others' from the analytic observed information. NQPF_EUSAGE for another model or
 * for leeyu without fixed effects. Out-of-memory is NQPF_EINTERNAL (there is no NQPF_ENOMEM). */
int nqpf__spreg_fit_panel(nqpf__spreg_fit *f, const double *y, const double *X, size_t N, size_t T, size_t kx,
                          const nqpf_weights *w, nqpf_spreg_model model, nqpf_spreg_fe fe, int leeyu,
                          nqpf_spreg_logdet_method ldm);

/* Hausman test of random against fixed (individual) effects for the same model: the statistic, its
 * degrees of freedom and chi-square p value, from the coefficients both fits share (beta without
 * _cons, and the spatial parameters). NQPF_EDATA when the covariance difference is not positive
 * definite (the message says so; Stata's hausman reports a negative statistic instead). */
int nqpf__spreg_hausman(double *stat, size_t *df, double *p, const nqpf__spreg_fit *fe, const nqpf__spreg_fit *re);

/* Squared correlation of a and b (n values each); NAN when either is constant (spreg.c). */
double nqpf__spreg_corr2(const double *a, const double *b, size_t n);

#endif
