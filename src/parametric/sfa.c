/* Stochastic frontier estimation (docs/sfa.md): the Battese-Coelli (1992) and (1995) likelihoods in
 * FRONTIER 4.1's parameterisation (sigma2, gamma), FRONTIER's starting values (OLS, then a grid
 * over gamma with the intercept and sigma2 adjusted), the maximisation and the predictors.
 *
 * Maximisation: GSL's bfgs2 on -loglik/n in the unconstrained parameters (b, delta, ln sigma2,
 * logit gamma, mu, eta), with a central-difference gradient (step 1e-6 relative: truncation
 * ~1e-12, rounding ~1e-10 on the scale of loglik/n), then Newton steps with a finite-difference
 * Hessian to polish the maximum to a gradient of ~1e-9. The covariance is the inverse of the
 * negative Hessian of loglik in the reported parameters (b, delta, sigma2, gamma, mu, eta) by
 * central second differences; FRONTIER prints the inverse of its DFP direction matrix instead, an
 * approximation of the same matrix, so standard errors agree with FRONTIER's to 2-3 digits only. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>

#include "nqpf/global.h"
#include "nqpf/sfa.h"
#include "parametric/sfa_internal.h"
#include "util/util.h"

/* log Phi(a), stably in both tails. */
static double log_Phi(double a) { return gsl_sf_log_erfc(-a / M_SQRT2) - M_LN2; }

/* ---- the likelihood -------------------------------------------------------------------------- */

typedef struct lk {
    const nqpf_sfa_data *d;
    size_t np, nb, nd;             /* parameters; betas; deltas */
    size_t is2, ig, imu, ieta;     /* positions of sigma2, gamma, mu, eta (SIZE_MAX when fixed) */
    size_t ng, *gstart, *gobs;     /* groups (units for bc92, observations for bc95) */
    double *e;                     /* n residuals */
    double *x, *xp, *xm, *g0, *g1; /* np scratch vectors */
    double *x0, *P;                /* BFGS runs in w with x = x0 + P w (P: np x np preconditioner) */
} lk;

static void lk_free(lk *L)
{
    free(L->gstart);
    free(L->gobs);
    free(L->e);
    free(L->x);
    free(L->xp);
    free(L->xm);
    free(L->g0);
    free(L->g1);
    free(L->x0);
    free(L->P);
    memset(L, 0, sizeof *L);
}

static int lk_init(lk *L, const nqpf_sfa_data *d)
{
    memset(L, 0, sizeof *L);
    L->d = d;
    L->nb = d->k;
    L->nd = d->model == NQPF_SFA_BC95 ? d->nz : 0;
    L->is2 = L->nb + L->nd;
    L->ig = L->is2 + 1;
    L->np = L->ig + 1;
    L->imu = L->ieta = SIZE_MAX;
    if (d->model == NQPF_SFA_BC92 && d->mu)
        L->imu = L->np++;
    if (d->model == NQPF_SFA_BC92 && d->eta)
        L->ieta = L->np++;
    size_t n = d->n, np = L->np;
    int grouped = d->model == NQPF_SFA_BC92 && d->unit;
    L->ng = grouped ? d->nunits : n;
    if (!(L->gstart = nqpf__calloc(L->ng + 2, sizeof *L->gstart)) || !(L->gobs = nqpf__malloc(n + 1, sizeof *L->gobs)) ||
        !(L->e = nqpf__malloc(n + 1, sizeof *L->e)) || !(L->x = nqpf__malloc(np, sizeof(double))) ||
        !(L->xp = nqpf__malloc(np, sizeof(double))) || !(L->xm = nqpf__malloc(np, sizeof(double))) ||
        !(L->g0 = nqpf__malloc(np, sizeof(double))) || !(L->g1 = nqpf__malloc(np, sizeof(double))) ||
        !(L->x0 = nqpf__malloc(np, sizeof(double))) || !(L->P = nqpf__calloc(np * np, sizeof(double)))) {
        lk_free(L);
        return NQPF_EINTERNAL;
    }
    if (!grouped) {
        for (size_t i = 0; i <= n; i++)
            L->gstart[i] = i;
        for (size_t i = 0; i < n; i++)
            L->gobs[i] = i;
        return NQPF_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (d->unit[i] >= d->nunits) {
            lk_free(L);
            return nqpf_error_set(NQPF_EUSAGE, "nqpf_sfa_fit_run: observation %zu: unit %zu out of range (%zu units)",
                                  i, d->unit[i], d->nunits);
        }
        L->gstart[d->unit[i] + 2]++;
    }
    for (size_t g = 0; g < L->ng; g++)
        L->gstart[g + 2] += L->gstart[g + 1];
    for (size_t i = 0; i < n; i++)
        L->gobs[L->gstart[d->unit[i] + 1]++] = i;
    return NQPF_OK;
}

/* The decay factor exp(-eta (t - T)) of observation i. */
static double decay(const nqpf_sfa_data *d, double eta, size_t i)
{
    if (eta == 0)
        return 1;
    double t = d->period ? d->period[i] : 1;
    return exp(-eta * (t - d->last));
}

/* loglik at theta (reported parameters); te and u (n each, may be NULL) get the predictors. */
static double lk_eval(lk *L, const double *theta, double *te, double *u)
{
    const nqpf_sfa_data *d = L->d;
    const double s2 = theta[L->is2], gam = theta[L->ig];
    if (!(s2 > 0) || !(gam > 0 && gam < 1) || !isfinite(s2))
        return NAN;
    const double su = gam * s2, sv = (1 - gam) * s2, sdu = sqrt(su);
    const double mu = L->imu != SIZE_MAX ? theta[L->imu] : 0, eta = L->ieta != SIZE_MAX ? theta[L->ieta] : 0;
    const double ln2pi = log(2 * M_PI);
    for (size_t i = 0; i < d->n; i++) {
        const double *xi = d->X + i * d->k;
        double xb = 0;
        for (size_t j = 0; j < d->k; j++)
            xb += xi[j] * theta[j];
        L->e[i] = d->y[i] - xb;
    }
    double ll = 0;
    for (size_t g = 0; g < L->ng; g++) {
        size_t b = L->gstart[g], end = L->gstart[g + 1];
        if (b == end)
            continue;
        double T = (double)(end - b), S0 = 0, S1 = 0, S2 = 0, m = mu;
        for (size_t r = b; r < end; r++) {
            size_t i = L->gobs[r];
            double h = decay(d, eta, i);
            S0 += L->e[i] * L->e[i];
            S1 += h * L->e[i];
            S2 += h * h;
        }
        if (L->nd) { /* bc95: one observation per group */
            const double *zi = d->Z + L->gobs[b] * d->nz;
            m = 0;
            for (size_t j = 0; j < L->nd; j++)
                m += zi[j] * theta[L->nb + j];
        }
        double D = sv + su * S2, mst = (m * sv - su * S1) / D, s2st = sv * su / D, sst = sqrt(s2st);
        double a = mst / sst;
        ll += -0.5 * T * ln2pi - 0.5 * (T - 1) * log(sv) - 0.5 * log(D) - log_Phi(m / sdu) + log_Phi(a) -
              0.5 * (S0 / sv + m * m / su - a * a);
        if (te || u)
            for (size_t r = b; r < end; r++) {
                size_t i = L->gobs[r];
                double h = decay(d, eta, i);
                if (te)
                    te[i] = exp(log_Phi(a - h * sst) - log_Phi(a) - h * mst + 0.5 * h * h * s2st);
                if (u)
                    u[i] = h * (mst + sst * gsl_sf_hazard(-a));
            }
    }
    return isfinite(ll) ? ll : NAN;
}

double nqpf_sfa_loglik(const nqpf_sfa_data *d, const double *theta)
{
    lk L;
    if (!d || !theta || lk_init(&L, d))
        return NAN;
    double ll = lk_eval(&L, theta, NULL, NULL);
    lk_free(&L);
    return ll;
}

/* ---- the unconstrained parameters ----------------------------------------------------------- */

/* theta (reported) from x (unconstrained). */
static void to_theta(const lk *L, const double *x, double *theta)
{
    memcpy(theta, x, L->np * sizeof *theta);
    theta[L->is2] = exp(x[L->is2]);
    theta[L->ig] = 1 / (1 + exp(-x[L->ig]));
}

static void to_x(const lk *L, const double *theta, double *x)
{
    memcpy(x, theta, L->np * sizeof *x);
    x[L->is2] = log(theta[L->is2]);
    x[L->ig] = log(theta[L->ig] / (1 - theta[L->ig]));
}

/* The objective: -loglik / n at unconstrained x (+inf where undefined). */
static double obj(lk *L, const double *x)
{
    double th[NQPF_SFA_MAX_PARAMS + 4];
    if (fabs(x[L->is2]) > 700 || fabs(x[L->ig]) > 700)
        return INFINITY;
    to_theta(L, x, th);
    double ll = lk_eval(L, th, NULL, NULL);
    return isfinite(ll) ? -ll / (double)L->d->n : INFINITY;
}

/* Central-difference gradient of obj at x into g; returns obj(x). */
static double obj_grad(lk *L, const double *x, double *g)
{
    double f0 = obj(L, x);
    memcpy(L->xp, x, L->np * sizeof *x);
    for (size_t j = 0; j < L->np; j++) {
        volatile double xj = x[j] + 1e-6 * fmax(1, fabs(x[j]));
        double h = xj - x[j];
        L->xp[j] = x[j] + h;
        double fp = obj(L, L->xp);
        L->xp[j] = x[j] - h;
        double fm = obj(L, L->xp);
        L->xp[j] = x[j];
        g[j] = (fp - fm) / (2 * h);
    }
    return f0;
}

static double max_abs(const double *v, size_t n)
{
    double m = 0;
    for (size_t j = 0; j < n; j++)
        m = fmax(m, fabs(v[j]));
    return m;
}

/* ---- GSL adapters ----------------------------------------------------------------------------- */

/* x = x0 + P w into L->x. */
static void w_to_x(lk *L, const gsl_vector *w)
{
    const size_t q = L->np;
    for (size_t i = 0; i < q; i++) {
        double v = L->x0[i];
        for (size_t j = 0; j < q; j++)
            v += L->P[i * q + j] * gsl_vector_get(w, j);
        L->x[i] = v;
    }
}

static double gsl_f(const gsl_vector *v, void *p)
{
    lk *L = p;
    w_to_x(L, v);
    return obj(L, L->x);
}

/* The gradient in w is P' times the gradient in x. */
static void gsl_fdf(const gsl_vector *v, void *p, double *f, gsl_vector *g)
{
    lk *L = p;
    const size_t q = L->np;
    w_to_x(L, v);
    *f = obj_grad(L, L->x, L->g0);
    for (size_t j = 0; j < q; j++) {
        double s = 0;
        for (size_t i = 0; i < q; i++)
            s += L->P[i * q + j] * L->g0[i];
        gsl_vector_set(g, j, isfinite(s) ? s : 0);
    }
}

static void gsl_df(const gsl_vector *v, void *p, gsl_vector *g)
{
    double f;
    gsl_fdf(v, p, &f, g);
}

/* ---- Hessians --------------------------------------------------------------------------------- */

typedef double (*scalar_fn)(lk *L, const double *v);

static double ll_theta(lk *L, const double *theta) { return lk_eval(L, theta, NULL, NULL); }

/* Central second differences of fn at v (np values) into H (np x np); steps h[]. 0 or an error
 * when a value is not finite. */
static int hessian_fd(lk *L, scalar_fn fn, const double *v, const double *h, double *H)
{
    const size_t q = L->np;
    double *w = L->xm;
    double f0 = fn(L, v);
    memcpy(w, v, q * sizeof *w);
    for (size_t j = 0; j < q; j++) {
        w[j] = v[j] + h[j];
        double fp = fn(L, w);
        w[j] = v[j] - h[j];
        double fm = fn(L, w);
        w[j] = v[j];
        H[j * q + j] = (fp - 2 * f0 + fm) / (h[j] * h[j]);
        for (size_t l = 0; l < j; l++) {
            double s[4];
            for (int c = 0; c < 4; c++) {
                w[j] = v[j] + (c & 1 ? -h[j] : h[j]);
                w[l] = v[l] + (c & 2 ? -h[l] : h[l]);
                s[c] = fn(L, w);
            }
            w[j] = v[j];
            w[l] = v[l];
            H[j * q + l] = H[l * q + j] = (s[0] - s[1] - s[2] + s[3]) / (4 * h[j] * h[l]);
        }
    }
    for (size_t j = 0; j < q * q; j++)
        if (!isfinite(H[j]))
            return -1;
    return 0;
}

/* Inverts the symmetric positive definite A (q x q) into B by Cholesky; -1 when not definite. */
static int spd_inverse(const double *A, double *B, size_t q)
{
    gsl_matrix *M = gsl_matrix_alloc(q, q);
    if (!M)
        return -2;
    for (size_t j = 0; j < q * q; j++)
        M->data[j] = A[j];
    int rc = gsl_linalg_cholesky_decomp1(M) ? -1 : gsl_linalg_cholesky_invert(M) ? -1 : 0;
    if (!rc)
        for (size_t j = 0; j < q * q; j++)
            B[j] = M->data[j];
    gsl_matrix_free(M);
    return rc;
}

/* The preconditioner P of BFGS from the Hessian H (q x q) of the objective at the start: P = L^-T
 * with H = L L' when H is positive definite (then w has an identity Hessian at the start), else
 * the diagonal 1 / sqrt(H_jj) (1 where H_jj <= 0). */
static void preconditioner(const double *H, double *P, size_t q)
{
    gsl_matrix *M = gsl_matrix_alloc(q, q);
    memset(P, 0, q * q * sizeof *P);
    int ok = 0;
    if (M) {
        for (size_t j = 0; j < q * q; j++)
            M->data[j] = H[j];
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        ok = gsl_linalg_cholesky_decomp1(M) == 0;
        gsl_set_error_handler(old);
    }
    if (ok) { /* solve L' P = I: P upper triangular */
        for (size_t c = 0; c < q; c++)
            for (size_t i = q; i-- > 0;) {
                double v = i == c ? 1 : 0;
                for (size_t j = i + 1; j < q; j++)
                    v -= gsl_matrix_get(M, j, i) * P[j * q + c];
                P[i * q + c] = v / gsl_matrix_get(M, i, i);
            }
        for (size_t j = 0; j < q * q; j++)
            if (!isfinite(P[j]))
                ok = 0;
    }
    if (!ok) {
        memset(P, 0, q * q * sizeof *P);
        for (size_t j = 0; j < q; j++)
            P[j * q + j] = H[j * q + j] > 1e-12 ? 1 / sqrt(H[j * q + j]) : 1;
    }
    gsl_matrix_free(M);
}

/* Solves A s = b (q x q, general) by LU; -1 when singular. */
static int lu_solve(const double *A, const double *b, double *s, size_t q)
{
    gsl_matrix *M = gsl_matrix_alloc(q, q);
    gsl_permutation *P = gsl_permutation_alloc(q);
    gsl_vector *B = gsl_vector_alloc(q), *S = gsl_vector_alloc(q);
    int sg, rc = -1;
    if (M && P && B && S) {
        for (size_t j = 0; j < q * q; j++)
            M->data[j] = A[j];
        for (size_t j = 0; j < q; j++)
            gsl_vector_set(B, j, b[j]);
        if (!gsl_linalg_LU_decomp(M, P, &sg) && !gsl_linalg_LU_solve(M, P, B, S)) {
            rc = 0;
            for (size_t j = 0; j < q; j++)
                if (!isfinite(s[j] = gsl_vector_get(S, j)))
                    rc = -1;
        }
    }
    gsl_matrix_free(M);
    gsl_permutation_free(P);
    gsl_vector_free(B);
    gsl_vector_free(S);
    return rc;
}

/* ---- OLS and the grid -------------------------------------------------------------------------- */

/* OLS of y on X: b (k), s2 = SSE / (n - k), loglik with the ML variance. -1: rank deficient. */
static int ols(const nqpf_sfa_data *d, double *b, double *s2, double *ll)
{
    const size_t n = d->n, k = d->k;
    gsl_matrix *X = gsl_matrix_alloc(n, k), *C = gsl_matrix_alloc(k, k);
    gsl_vector *y = gsl_vector_alloc(n), *c = gsl_vector_alloc(k);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, k);
    int rc = -2;
    if (X && C && y && c && w) {
        for (size_t i = 0; i < n; i++) {
            gsl_vector_set(y, i, d->y[i]);
            for (size_t j = 0; j < k; j++)
                gsl_matrix_set(X, i, j, d->X[i * k + j]);
        }
        double chisq;
        size_t rank = 0;
        rc = -1;
        if (!gsl_multifit_linear_tsvd(X, y, 1e-12, c, C, &chisq, &rank, w) && rank == k) {
            for (size_t j = 0; j < k; j++)
                b[j] = gsl_vector_get(c, j);
            double sse = 0;
            for (size_t i = 0; i < n; i++) {
                double r = d->y[i];
                for (size_t j = 0; j < k; j++)
                    r -= d->X[i * k + j] * b[j];
                sse += r * r;
            }
            *s2 = sse / (double)(n - k);
            *ll = -0.5 * (double)n * (log(2 * M_PI) + log(sse / (double)n) + 1);
            rc = 0;
        }
    }
    gsl_matrix_free(X);
    gsl_matrix_free(C);
    gsl_vector_free(y);
    gsl_vector_free(c);
    if (w)
        gsl_multifit_linear_free(w);
    return rc;
}

/* Whether column 0 of X is the constant 1. */
static int has_const(const nqpf_sfa_data *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->X[i * d->k] != 1)
            return 0;
    return d->k > 0;
}

/* FRONTIER's grid: for gamma = 0.1 .. 0.9, sigma2 = s2_ols (n - k) / n / (1 - 2 gamma / pi) and
 * b0 = b0_ols + sqrt(2 gamma sigma2 / pi), the other betas at OLS, delta, mu, eta at 0; the best
 * point by loglik into theta. */
static double grid(lk *L, const double *b, double s2ols, double *theta)
{
    const nqpf_sfa_data *d = L->d;
    double best = -INFINITY, th[NQPF_SFA_MAX_PARAMS + 4];
    int c0 = has_const(d);
    for (int s = 1; s <= 9; s++) {
        double gam = s / 10.0, s2 = s2ols * (double)(d->n - d->k) / (double)d->n / (1 - 2 * gam / M_PI);
        memset(th, 0, L->np * sizeof *th);
        memcpy(th, b, d->k * sizeof *th);
        if (c0)
            th[0] = b[0] + sqrt(2 * gam * s2 / M_PI);
        th[L->is2] = s2;
        th[L->ig] = gam;
        double ll = lk_eval(L, th, NULL, NULL);
        if (isfinite(ll) && ll > best) {
            best = ll;
            memcpy(theta, th, L->np * sizeof *th);
        }
    }
    return best;
}

/* ---- the fit ---------------------------------------------------------------------------------- */

void nqpf_sfa_fit_free(nqpf_sfa_fit *f)
{
    if (!f)
        return;
    free(f->theta);
    free(f->cov);
    free(f->ols);
    free(f->start);
    free(f->te);
    free(f->u);
    memset(f, 0, sizeof *f);
}

/* One line of the iteration log: the phase, the iteration, loglik, the largest score and the
 * parameters at unconstrained x. */
static void logf_line(lk *L, const char *phase, size_t it, double ll, double gn, const double *x)
{
    const nqpf_sfa_data *d = L->d;
    if (!d->log)
        return;
    nqpf__buf b = NQPF__BUF_INIT;
    double th[NQPF_SFA_MAX_PARAMS + 4];
    to_theta(L, x, th);
    nqpf__buf_printf(&b, "sfa: %s iteration %zu: log-likelihood %.10g", phase, it, ll);
    if (isfinite(gn))
        nqpf__buf_printf(&b, ", largest score %.3g", gn);
    nqpf__buf_puts(&b, "; parameters");
    for (size_t j = 0; j < L->np; j++)
        nqpf__buf_printf(&b, " %.6g", th[j]);
    if (!b.failed)
        d->log(d->log_ctx, nqpf__buf_cstr(&b));
    nqpf__buf_free(&b);
}

int nqpf_sfa_fit_run(nqpf_sfa_fit *f, const nqpf_sfa_data *d)
{
    if (!f || !d || !d->y || !d->X || (d->model == NQPF_SFA_BC95 && d->nz && !d->Z))
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_sfa_fit_run: NULL argument");
    memset(f, 0, sizeof *f);
    nqpf_global_init();
    if (d->model != NQPF_SFA_BC92 && d->model != NQPF_SFA_BC95)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_sfa_fit_run: unknown model %d", (int)d->model);
    if (!d->k || d->k + d->nz > NQPF_SFA_MAX_PARAMS)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_sfa_fit_run: %zu regressors, expected 1 to %d", d->k + d->nz,
                              NQPF_SFA_MAX_PARAMS);
    lk L;
    int rc = lk_init(&L, d);
    if (rc)
        return rc;
    const size_t q = L.np, n = d->n;
    if (n <= q) {
        lk_free(&L);
        return nqpf_error_set(NQPF_EDATA,
                              "sfa: %zu observations for %zu parameters: the frontier needs more observations than "
                              "parameters (use fewer inputs, Cobb-Douglas instead of translog, or more data)",
                              n, q);
    }
    double *H = nqpf__malloc(q * q, sizeof *H), *hs = nqpf__malloc(q, sizeof *hs), *step = nqpf__malloc(q, sizeof *step);
    gsl_multimin_fdfminimizer *M = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, q);
    gsl_vector *x0 = gsl_vector_alloc(q);
    f->np = q;
    if (!H || !hs || !step || !M || !x0 || !(f->theta = nqpf__malloc(q, sizeof(double))) ||
        !(f->cov = nqpf__malloc(q * q, sizeof(double))) || !(f->ols = nqpf__malloc(d->k + 1, sizeof(double))) ||
        !(f->start = nqpf__malloc(q, sizeof(double))) || !(f->te = nqpf__malloc(n, sizeof(double))) ||
        !(f->u = nqpf__malloc(n, sizeof(double)))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* 1. OLS */
    int orc = ols(d, f->ols, &f->ols[d->k], &f->loglik_ols);
    if (orc) {
        rc = orc == -2 ? nqpf__nomem("the stochastic frontier's OLS start (sfa)")
                       : nqpf_error_set(NQPF_EDATA, "sfa: the frontier's regressors are collinear (OLS has rank below "
                                                    "%zu): drop an input or a term that repeats another",
                                        d->k);
        goto done;
    }
    /* 2. the grid over gamma */
    f->loglik_start = grid(&L, f->ols, f->ols[d->k], f->start);
    if (!isfinite(f->loglik_start)) {
        rc = nqpf_error_set(NQPF_EDATA, "sfa: the log-likelihood is not finite at any starting value of the grid "
                                        "over gamma (check the data for extreme values)");
        goto done;
    }
    to_x(&L, f->start, L.x0);
    logf_line(&L, "grid search over gamma", 0, f->loglik_start, NAN, L.x0);
    /* 3. BFGS on -loglik/n in the unconstrained parameters, preconditioned by the Hessian at the
     * start (the translog's squares and the trend make the problem badly scaled) */
    to_x(&L, f->start, L.x0);
    for (size_t j = 0; j < q; j++)
        hs[j] = 1e-4 * fmax(1, fabs(L.x0[j]));
    if (hessian_fd(&L, obj, L.x0, hs, H))
        for (size_t j = 0; j < q * q; j++)
            H[j] = j % (q + 1) == 0;
    preconditioner(H, L.P, q);
    gsl_vector_set_zero(x0);
    gsl_multimin_function_fdf fn = {gsl_f, gsl_df, gsl_fdf, q, &L};
    gsl_multimin_fdfminimizer_set(M, &fn, x0, 0.1, 0.1);
    size_t it = 0;
    double *x = step; /* reused below as the Newton step; holds x between phases */
    int converged = 0;
    while (it < d->max_iter) {
        it++;
        int st = gsl_multimin_fdfminimizer_iterate(M);
        double gn = 0;
        for (size_t j = 0; j < q; j++)
            gn = fmax(gn, fabs(gsl_vector_get(M->gradient, j)));
        w_to_x(&L, M->x);
        logf_line(&L, "BFGS", it, -M->f * (double)n, gn, L.x);
        if (st || gn < 1e-7)
            break;
    }
    w_to_x(&L, M->x);
    memcpy(x, L.x, q * sizeof *x);
    /* 4. Newton polish (Levenberg-damped where the Hessian is not positive definite) */
    double *g = L.g1, fx = obj_grad(&L, x, g);
    double *xn = nqpf__malloc(q, sizeof *xn), *dx = nqpf__malloc(q, sizeof *dx);
    if (!xn || !dx) {
        free(xn);
        free(dx);
        rc = NQPF_EINTERNAL;
        goto done;
    }
    f->grad_norm = max_abs(g, q);
    while (it < d->max_iter && f->grad_norm > 1e-9) {
        it++;
        for (size_t j = 0; j < q; j++)
            hs[j] = 1e-4 * fmax(1, fabs(x[j]));
        if (hessian_fd(&L, obj, x, hs, H))
            break;
        double dmax = 0, fn_new = INFINITY;
        for (size_t j = 0; j < q; j++)
            dmax = fmax(dmax, fabs(H[j * q + j]));
        /* lambda = 0 first (Newton), then damped towards steepest descent */
        for (double lam = 0; lam <= 1e8 * (dmax + 1e-12) && !(fn_new < fx); lam = lam ? lam * 10 : 1e-6 * (dmax + 1e-12)) {
            for (size_t j = 0; j < q; j++)
                H[j * q + j] += lam;
            int bad = lu_solve(H, g, dx, q);
            for (size_t j = 0; j < q; j++)
                H[j * q + j] -= lam;
            double slope = 0;
            for (size_t j = 0; j < q && !bad; j++)
                slope += g[j] * dx[j];
            if (bad || !(slope > 0))
                continue;
            double t = 1;
            for (int half = 0; half < 20; half++, t /= 2) {
                for (size_t j = 0; j < q; j++)
                    xn[j] = x[j] - t * dx[j];
                fn_new = obj(&L, xn);
                if (fn_new < fx)
                    break;
            }
        }
        if (!(fn_new < fx))
            break;
        memcpy(x, xn, q * sizeof *x);
        fx = obj_grad(&L, x, g);
        f->grad_norm = max_abs(g, q);
        logf_line(&L, "Newton", it, -fx * (double)n, f->grad_norm, x);
    }
    free(xn);
    free(dx);
    f->iterations = it;
    converged = f->grad_norm < 1e-6 && isfinite(fx);
    if (!converged) {
        /* sigma2 running away from its start: the likelihood rises without a maximum */
        to_theta(&L, x, f->theta);
        int diverge = f->theta[L.is2] > 100 * fmax(f->start[L.is2], f->ols[d->k]);
        rc = nqpf_error_set(NQPF_EDATA,
                            "sfa: the maximum of the likelihood was not found after %zu iterations (largest score "
                            "%.3g, log-likelihood %.10g): %s; the verbose option shows the iteration log",
                            it, f->grad_norm, -fx * (double)n,
                            diverge ? "the estimates diverge (sigma2 grows without bound while the mean of u runs to "
                                      "minus infinity, a known degenerate case of the truncated normal): fit without "
                                      "mu (half-normal) or with other inefficiency variables"
                                    : "raise the option max_iter, or simplify the model (fewer terms, mu or eta "
                                      "fixed)");
        goto done;
    }
    to_theta(&L, x, f->theta);
    f->loglik = lk_eval(&L, f->theta, f->te, f->u);
    /* 5. covariance: inverse of -Hessian of loglik in the reported parameters */
    for (size_t j = 0; j < q; j++) {
        double v = f->theta[j];
        hs[j] = 1e-4 * fmax(fabs(v), 1e-2);
        if (j == L.ig)
            hs[j] = fmin(hs[j], 0.25 * fmin(v, 1 - v));
        if (j == L.is2)
            hs[j] = fmin(hs[j], 0.25 * v);
    }
    if (hessian_fd(&L, ll_theta, f->theta, hs, H)) {
        for (size_t j = 0; j < q * q; j++)
            f->cov[j] = NAN;
    } else {
        for (size_t j = 0; j < q * q; j++)
            H[j] = -H[j];
        if (spd_inverse(H, f->cov, q)) {
            for (size_t j = 0; j < q * q; j++)
                f->cov[j] = NAN;
            nqpf_warn("sfa: the Hessian of the log-likelihood is not negative definite at the maximum: no standard "
                      "errors (a parameter may be at its boundary, e.g. gamma near 0 or 1)");
        }
    }
    rc = NQPF_OK;
done:
    if (rc == NQPF_EINTERNAL && !nqpf_error_message()[0])
        nqpf__nomem("the stochastic frontier (sfa)");
    if (rc)
        nqpf_sfa_fit_free(f);
    free(H);
    free(hs);
    free(step);
    if (M)
        gsl_multimin_fdfminimizer_free(M);
    gsl_vector_free(x0);
    lk_free(&L);
    return rc;
}

/* ---- the LR test ------------------------------------------------------------------------------ */

/* P(mixed chi-square > c): 0.5 P(chi2_{df-1} > c) + 0.5 P(chi2_df > c). */
double nqpf__sfa_mixed_chi2_q(unsigned df, double c)
{
    if (!df || !isfinite(c))
        return NAN;
    if (c <= 0)
        return 1;
    double a = df > 1 ? gsl_cdf_chisq_Q(c, df - 1.0) : 0;
    return 0.5 * a + 0.5 * gsl_cdf_chisq_Q(c, (double)df);
}

double nqpf_sfa_kodde_palm(unsigned df, double alpha)
{
    if (!df || !(alpha > 0 && alpha < 0.5))
        return NAN;
    double lo = 0, hi = 1;
    while (nqpf__sfa_mixed_chi2_q(df, hi) > alpha)
        hi *= 2;
    for (int k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
        double mid = 0.5 * (lo + hi);
        if (nqpf__sfa_mixed_chi2_q(df, mid) > alpha)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
