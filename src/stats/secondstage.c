/* Second-stage regressions of DEA efficiency on environmental variables (docs/secondstage.md):
 * Tobit censored at 1 (and 0), the truncated-normal regression and Simar and Wilson's (2007)
 * algorithms 1 and 2 with their parametric bootstraps.
 *
 * Both likelihoods are maximised in (b, log sigma) by GSL's BFGS2 with the analytic gradient, from
 * OLS starting values; Newton steps with the analytic Hessian in (b, sigma) then polish the maximum
 * (BFGS2 stops at a gradient of about 1e-6; the Newton steps take it to rounding level, so that
 * the estimates do not depend on where the search started). The covariance is the inverse of the
 * negative analytic Hessian at the maximum (the observed information, as Stata's tobit and
 * truncreg by default).
 *
 * The bootstraps draw from their own generator (xoshiro256**) seeded from (seed, loop, replication),
 * so replication r draws the same numbers whichever thread runs it: the output depends on the seed
 * only. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>

#include "nqpf/global.h"
#include "nqpf/secondstage.h"
#include "dea/frontier.h"
#include "dea/dea_internal.h"
#include "stats/stats_internal.h"
#include "util/pool.h"
#include "util/util.h"

/* A score within this of 1 is 1 (LP rounding: an efficient unit's te is 0.9999999999). */
#define SS_ONE_TOL 1e-9

/* ---- the likelihoods ------------------------------------------------------------------------- */

typedef struct ml_data {
    const double *y, *Z; /* n values; n x k row-major */
    size_t n, k;
    int trunc;           /* 1: truncated regression, y > lo; 0: Tobit censored at lo (may be -inf) and hi */
    double lo, hi;
} ml_data;

/* log Phi(a), stably in both tails. */
static double log_Phi(double a) { return gsl_sf_log_erfc(-a / M_SQRT2) - M_LN2; }

/* phi(a) / Phi(a) (the inverse Mills ratio), stably: the normal hazard at -a. */
static double mills(double a) { return gsl_sf_hazard(-a); }

/* The log-likelihood at (beta, sigma); the gradient g (k + 1: beta, sigma) and the Hessian H
 * ((k+1)^2) in (beta, sigma) when not NULL. Formulas in docs/secondstage.md. */
static double ml_eval(const ml_data *d, const double *beta, double sigma, double *g, double *H)
{
    const size_t k = d->k, q = k + 1;
    const double ls = log(sigma), s2 = sigma * sigma;
    double ll = 0;
    if (g)
        memset(g, 0, q * sizeof *g);
    if (H)
        memset(H, 0, q * q * sizeof *H);
    for (size_t i = 0; i < d->n; i++) {
        const double *z = d->Z + i * k;
        double xb = 0;
        for (size_t j = 0; j < k; j++)
            xb += z[j] * beta[j];
        double gb, gs, hbb, hbs, hss; /* per-observation factors: g_b = gb z, H_bb = hbb z z', H_bs = hbs z */
        int censored = 0;
        double cval = 0, sgn = 0;
        if (!d->trunc && d->y[i] >= d->hi) {
            censored = 1, cval = d->hi, sgn = -1;
        } else if (!d->trunc && d->y[i] <= d->lo) {
            censored = 1, cval = d->lo, sgn = 1;
        }
        if (censored) {
            /* log Phi(a), a = sgn (c - xb) / sigma */
            double a = sgn * (cval - xb) / sigma, lam = mills(a), q2 = lam * (a + lam);
            ll += log_Phi(a);
            gb = -lam * sgn / sigma;
            gs = -lam * a / sigma;
            hbb = -q2 / s2;
            hbs = sgn * (lam - a * q2) / s2;
            hss = lam * a * (2 - a * (a + lam)) / s2;
        } else {
            double r = (d->y[i] - xb) / sigma;
            ll += -0.5 * log(2 * M_PI) - ls - 0.5 * r * r;
            gb = r / sigma;
            gs = (r * r - 1) / sigma;
            hbb = -1 / s2;
            hbs = -2 * r / s2;
            hss = (1 - 3 * r * r) / s2;
            if (d->trunc) {
                /* - log Phi(b), b = (xb - lo) / sigma */
                double b = (xb - d->lo) / sigma, lam = mills(b), q2 = lam * (b + lam);
                ll -= log_Phi(b);
                gb += -lam / sigma;
                gs += lam * b / sigma;
                hbb += q2 / s2;
                hbs += lam * (1 - b * (b + lam)) / s2;
                hss += lam * b * (b * (b + lam) - 2) / s2;
            }
        }
        if (g) {
            for (size_t j = 0; j < k; j++)
                g[j] += gb * z[j];
            g[k] += gs;
        }
        if (H) {
            for (size_t j = 0; j < k; j++) {
                for (size_t l = 0; l <= j; l++)
                    H[j * q + l] += hbb * z[j] * z[l];
                H[k * q + j] += hbs * z[j];
            }
            H[k * q + k] += hss;
        }
    }
    if (H)
        for (size_t j = 0; j < q; j++)
            for (size_t l = j + 1; l < q; l++)
                H[j * q + l] = H[l * q + j];
    return ll;
}

/* ---- maximisation ---------------------------------------------------------------------------- */

typedef struct ml_ws {
    size_t q;
    double *g, *H, *beta, *step, *trial;
    gsl_multimin_fdfminimizer *min;
    gsl_vector *x0;
    gsl_matrix *M;
    gsl_vector *v;
} ml_ws;

static void ml_ws_free(ml_ws *w)
{
    if (!w)
        return;
    free(w->g);
    free(w->H);
    free(w->beta);
    free(w->step);
    free(w->trial);
    if (w->min)
        gsl_multimin_fdfminimizer_free(w->min);
    gsl_vector_free(w->x0);
    gsl_matrix_free(w->M);
    gsl_vector_free(w->v);
    memset(w, 0, sizeof *w);
}

static int ml_ws_init(ml_ws *w, size_t k)
{
    size_t q = k + 1;
    memset(w, 0, sizeof *w);
    w->q = q;
    if (!(w->g = nqpf__malloc(q, sizeof *w->g)) || !(w->H = nqpf__malloc(q * q, sizeof *w->H)) ||
        !(w->beta = nqpf__malloc(q, sizeof *w->beta)) || !(w->step = nqpf__malloc(q, sizeof *w->step)) ||
        !(w->trial = nqpf__malloc(q, sizeof *w->trial)))
        goto fail;
    w->min = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, q);
    w->x0 = gsl_vector_alloc(q);
    w->M = gsl_matrix_alloc(q, q);
    w->v = gsl_vector_alloc(q);
    if (w->min && w->x0 && w->M && w->v)
        return NQPF_OK;
fail:
    ml_ws_free(w);
    return nqpf__nomem("the second-stage regression's workspace");
}

typedef struct fdf_ctx {
    const ml_data *d;
    ml_ws *w;
} fdf_ctx;

/* The objective of BFGS2: -loglik / n in u = (beta, log sigma). */
static double fdf_f(const gsl_vector *u, void *p)
{
    fdf_ctx *c = p;
    size_t k = c->d->k;
    for (size_t j = 0; j < k; j++)
        c->w->beta[j] = gsl_vector_get(u, j);
    double ls = gsl_vector_get(u, k);
    if (!(fabs(ls) < 700))
        return GSL_POSINF;
    double ll = ml_eval(c->d, c->w->beta, exp(ls), NULL, NULL);
    return isfinite(ll) ? -ll / (double)c->d->n : GSL_POSINF;
}

static void fdf_fdf(const gsl_vector *u, void *p, double *f, gsl_vector *grad)
{
    fdf_ctx *c = p;
    size_t k = c->d->k;
    double nn = (double)c->d->n;
    for (size_t j = 0; j < k; j++)
        c->w->beta[j] = gsl_vector_get(u, j);
    double ls = gsl_vector_get(u, k);
    if (!(fabs(ls) < 700)) {
        *f = GSL_POSINF;
        gsl_vector_set_zero(grad);
        return;
    }
    double sigma = exp(ls), ll = ml_eval(c->d, c->w->beta, sigma, c->w->g, NULL);
    *f = isfinite(ll) ? -ll / nn : GSL_POSINF;
    for (size_t j = 0; j < k; j++)
        gsl_vector_set(grad, j, -c->w->g[j] / nn);
    gsl_vector_set(grad, k, -c->w->g[k] * sigma / nn);
}

static void fdf_df(const gsl_vector *u, void *p, gsl_vector *grad)
{
    double f;
    fdf_fdf(u, p, &f, grad);
}

/* Solves (-H) s = g by Cholesky into w->step; returns 0 when -H is positive definite. With inv,
 * also writes (-H)^-1 into inv. */
static int newton_solve(ml_ws *w, double *inv)
{
    size_t q = w->q;
    for (size_t j = 0; j < q; j++)
        for (size_t l = 0; l < q; l++)
            gsl_matrix_set(w->M, j, l, -w->H[j * q + l]);
    if (gsl_linalg_cholesky_decomp1(w->M) != GSL_SUCCESS)
        return -1;
    for (size_t j = 0; j < q; j++)
        gsl_vector_set(w->v, j, w->g[j]);
    if (gsl_linalg_cholesky_svx(w->M, w->v) != GSL_SUCCESS)
        return -1;
    for (size_t j = 0; j < q; j++)
        w->step[j] = gsl_vector_get(w->v, j);
    if (inv) {
        if (gsl_linalg_cholesky_invert(w->M) != GSL_SUCCESS)
            return -1;
        for (size_t j = 0; j < q; j++)
            for (size_t l = 0; l < q; l++)
                inv[j * q + l] = gsl_matrix_get(w->M, j, l);
    }
    return 0;
}

/* BFGS2 in (beta, log sigma) from theta; theta receives its best point. -1 when the start has no
 * finite likelihood. */
static int ml_bfgs(const ml_data *d, ml_ws *w, double *theta)
{
    const size_t k = d->k, q = k + 1;
    fdf_ctx c = {d, w};
    gsl_multimin_function_fdf F = {fdf_f, fdf_df, fdf_fdf, q, &c};
    for (size_t j = 0; j < k; j++)
        gsl_vector_set(w->x0, j, theta[j]);
    gsl_vector_set(w->x0, k, log(theta[k]));
    if (!isfinite(fdf_f(w->x0, &c)))
        return -1;
    if (gsl_multimin_fdfminimizer_set(w->min, &F, w->x0, 0.1, 0.1) == GSL_SUCCESS) {
        for (int it = 0; it < 500; it++) {
            if (gsl_multimin_fdfminimizer_iterate(w->min) != GSL_SUCCESS)
                break; /* no progress: at (or near) the optimum; Newton takes over */
            if (gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(w->min), 1e-6) == GSL_SUCCESS)
                break;
        }
        const gsl_vector *u = gsl_multimin_fdfminimizer_x(w->min);
        if (isfinite(gsl_multimin_fdfminimizer_minimum(w->min))) {
            for (size_t j = 0; j < k; j++)
                theta[j] = gsl_vector_get(u, j);
            theta[k] = exp(gsl_vector_get(u, k));
        }
    }
    return 0;
}

/* Newton steps with step halving in (beta, sigma) from theta, in place. Returns 0 at a maximum
 * (Newton decrement below 1e-12 and a negative definite Hessian), -1 otherwise. cov and ll as in
 * nqpf_secondstage_tobit(). */
static int ml_newton(const ml_data *d, ml_ws *w, double *theta, double *cov, double *ll_out)
{
    const size_t k = d->k, q = k + 1;
    /* Newton with step halving in (beta, sigma). */
    double ll = ml_eval(d, theta, theta[k], w->g, w->H), dec = INFINITY;
    for (int it = 0; it < 100 && isfinite(ll); it++) {
        if (newton_solve(w, NULL))
            break;
        dec = 0;
        for (size_t j = 0; j < q; j++)
            dec += w->g[j] * w->step[j];
        if (dec < 1e-20 * (1 + fabs(ll)))
            break; /* at rounding level */
        double t = 1, lt = -INFINITY;
        for (int h = 0; h < 60; h++, t *= 0.5) {
            for (size_t j = 0; j < q; j++)
                w->trial[j] = theta[j] + t * w->step[j];
            if (w->trial[k] > 0 && isfinite(lt = ml_eval(d, w->trial, w->trial[k], NULL, NULL)) && lt >= ll)
                break;
            lt = -INFINITY;
        }
        if (!isfinite(lt))
            break;
        int gained = lt > ll;
        memcpy(theta, w->trial, q * sizeof *theta);
        ll = ml_eval(d, theta, theta[k], w->g, w->H);
        if (!gained)
            break; /* a full step that changes nothing: converged */
    }
    if (!isfinite(ll) || newton_solve(w, cov))
        return -1;
    dec = 0;
    for (size_t j = 0; j < q; j++)
        dec += w->g[j] * w->step[j];
    if (!(dec < 1e-12 * (1 + fabs(ll))))
        return -1;
    if (ll_out)
        *ll_out = ll;
    return 0;
}

/* The maximum from theta (in place): BFGS2 then Newton (bfgs_first), or Newton first with BFGS2 as
 * the fallback (the bootstrap's fits, which start at the original estimate, near their maximum). */
static int ml_maximise(const ml_data *d, ml_ws *w, double *theta, double *cov, double *ll_out, int bfgs_first)
{
    if (bfgs_first)
        return ml_bfgs(d, w, theta) ? -1 : ml_newton(d, w, theta, cov, ll_out);
    double start[NQPF__SS_MAX_ENV + 2];
    memcpy(start, theta, (d->k + 1) * sizeof *start);
    if (ml_newton(d, w, theta, cov, ll_out) == 0)
        return 0;
    memcpy(theta, start, (d->k + 1) * sizeof *start);
    return ml_bfgs(d, w, theta) ? -1 : ml_newton(d, w, theta, cov, ll_out);
}

/* OLS of y on Z into theta (coefficients, then the residual standard deviation). -1 when Z'Z is
 * singular. */
static int ols_start(const ml_data *d, ml_ws *w, double *theta)
{
    const size_t k = d->k;
    gsl_matrix *A = gsl_matrix_calloc(k, k);
    gsl_vector *b = gsl_vector_calloc(k);
    int rc = -1;
    if (!A || !b)
        goto done;
    for (size_t i = 0; i < d->n; i++) {
        const double *z = d->Z + i * k;
        for (size_t j = 0; j < k; j++) {
            for (size_t l = 0; l < k; l++)
                *gsl_matrix_ptr(A, j, l) += z[j] * z[l];
            *gsl_vector_ptr(b, j) += z[j] * d->y[i];
        }
    }
    /* A relative pivot check: Cholesky succeeds on nearly singular matrices. */
    double maxdiag = 0;
    for (size_t j = 0; j < k; j++)
        maxdiag = fmax(maxdiag, gsl_matrix_get(A, j, j));
    gsl_matrix *C = gsl_matrix_alloc(k, k);
    if (!C)
        goto done;
    gsl_matrix_memcpy(C, A);
    if (gsl_linalg_cholesky_decomp1(C) == GSL_SUCCESS) {
        rc = 0;
        for (size_t j = 0; j < k; j++) {
            double djj = gsl_matrix_get(C, j, j);
            if (!(djj * djj > 1e-12 * maxdiag))
                rc = -1;
        }
        if (rc == 0 && gsl_linalg_cholesky_svx(C, b) == GSL_SUCCESS) {
            double rss = 0;
            for (size_t j = 0; j < k; j++)
                theta[j] = gsl_vector_get(b, j);
            for (size_t i = 0; i < d->n; i++) {
                double e = d->y[i];
                for (size_t j = 0; j < k; j++)
                    e -= d->Z[i * k + j] * theta[j];
                rss += e * e;
            }
            double s = sqrt(rss / (double)d->n);
            theta[k] = s > 1e-8 ? s : 1e-3;
        } else {
            rc = -1;
        }
    }
    gsl_matrix_free(C);
done:
    gsl_matrix_free(A);
    gsl_vector_free(b);
    (void)w;
    return rc;
}

/* The whole fit: OLS start (unless start is given), BFGS2, Newton. Errors set a message. */
static int ml_fit(const ml_data *d, ml_ws *w, const double *start, double *theta, double *cov, double *ll,
                  const char *what)
{
    if (d->n <= d->k + 1)
        return nqpf_error_set(NQPF_EDATA, "%s: %zu observations for %zu parameters: needs more observations than "
                                          "parameters",
                              what, d->n, d->k + 1);
    if (start)
        memcpy(theta, start, (d->k + 1) * sizeof *theta);
    else if (ols_start(d, w, theta))
        return nqpf_error_set(NQPF_EDATA, "%s: the environmental variables and the constant are collinear (or a "
                                          "variable is constant): drop one",
                              what);
    if (ml_maximise(d, w, theta, cov, ll, 1))
        return nqpf_error_set(NQPF_EDATA, "%s: the maximum of the likelihood was not found (the likelihood may be "
                                          "unbounded: too few observations away from the limit, or a variable that "
                                          "separates them)",
                              what);
    return NQPF_OK;
}

int nqpf_secondstage_tobit(double *theta, double *cov, double *loglik, const double *y, const double *Z, size_t n,
                           size_t k, double lower, double upper)
{
    nqpf_global_init();
    if (!theta || !y || !Z || !k || !(lower < upper))
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_secondstage_tobit: invalid arguments");
    size_t nfree = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] > lower && y[i] < upper)
            nfree++;
    if (!nfree)
        return nqpf_error_set(NQPF_EDATA, "Tobit: every observation is censored (no efficiency score below 1)");
    ml_data d = {y, Z, n, k, 0, lower, upper};
    ml_ws w;
    int rc = ml_ws_init(&w, k);
    if (!rc)
        rc = ml_fit(&d, &w, NULL, theta, cov, loglik, "Tobit");
    ml_ws_free(&w);
    return rc;
}

int nqpf_secondstage_truncreg(double *theta, double *cov, double *loglik, const double *y, const double *Z, size_t n,
                              size_t k, double lower)
{
    nqpf_global_init();
    if (!theta || !y || !Z || !k)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_secondstage_truncreg: invalid arguments");
    for (size_t i = 0; i < n; i++)
        if (!(y[i] > lower))
            return nqpf_error_set(NQPF_EDATA, "truncated regression: observation %zu (%g) is not above the "
                                              "truncation point %g",
                                  i + 1, y[i], lower);
    ml_data d = {y, Z, n, k, 1, lower, INFINITY};
    ml_ws w;
    int rc = ml_ws_init(&w, k);
    if (!rc)
        rc = ml_fit(&d, &w, NULL, theta, cov, loglik, "truncated regression");
    ml_ws_free(&w);
    return rc;
}

/* ---- random numbers -------------------------------------------------------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The generator of replication r of bootstrap loop `loop` (1, 2, 3) for a seed. */
static void rng_seed(rng *g, unsigned long long seed, unsigned loop, size_t r)
{
    uint64_t x = (uint64_t)seed;
    uint64_t a = splitmix64(&x);
    x = a ^ ((uint64_t)loop * 0xD1B54A32D192ED03ull) ^ ((uint64_t)r * 0xA0761D6478BD642Full);
    for (int j = 0; j < 4; j++)
        g->s[j] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoshiro256** (Blackman and Vigna 2018). */
static uint64_t rng_next(rng *g)
{
    uint64_t *s = g->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

/* Uniform on (0, 1). */
static double rng_unif(rng *g) { return ((double)(rng_next(g) >> 11) + 0.5) * 0x1.0p-53; }

/* e ~ N(0, sigma^2) conditioned on e > a, by inversion (one uniform per draw): e = sigma Q^-1(u Q(a/sigma)).
 * Beyond the reach of Q (a/sigma > 37) the excess over a is exponential with rate a/sigma^2 to
 * within 1e-3. */
static double draw_tail(rng *g, double a, double sigma)
{
    double s = a / sigma, u = rng_unif(g), qs = gsl_cdf_ugaussian_Q(s);
    if (qs > 1e-300)
        return sigma * gsl_cdf_ugaussian_Qinv(u * qs);
    return sigma * (s - log(u) / s);
}

/* ---- the parametric bootstrap of the truncated regression ------------------------------------ */

typedef struct boot {
    const double *Z; /* m x k */
    size_t m, k;
    const double *theta; /* the estimate the pseudo data come from (and the start of every fit) */
    size_t reps;
    unsigned long long seed;
    unsigned loop;
    unsigned nthreads;
    double *est; /* reps x (k + 1); NaN rows: fits that failed */
    int err;     /* not enough memory in a participant */
} boot;

static void boot_work(void *ctx, unsigned t)
{
    boot *B = ctx;
    const size_t k = B->k, q = k + 1;
    double *y = nqpf__malloc(B->m ? B->m : 1, sizeof *y), *mu = nqpf__malloc(B->m ? B->m : 1, sizeof *mu);
    ml_ws w;
    if (!y || !mu || ml_ws_init(&w, k)) {
        free(y);
        free(mu);
        B->err = 1;
        return;
    }
    for (size_t i = 0; i < B->m; i++) {
        mu[i] = 0;
        for (size_t j = 0; j < k; j++)
            mu[i] += B->Z[i * k + j] * B->theta[j];
    }
    ml_data d = {y, B->Z, B->m, k, 1, 1.0, INFINITY};
    for (size_t r = t; r < B->reps; r += B->nthreads) {
        rng g;
        rng_seed(&g, B->seed, B->loop, r);
        for (size_t i = 0; i < B->m; i++) {
            y[i] = mu[i] + draw_tail(&g, 1.0 - mu[i], B->theta[k]);
            if (!(y[i] > 1.0)) /* rounding at the very limit */
                y[i] = nextafter(1.0, 2.0);
        }
        double *e = B->est + r * q;
        memcpy(e, B->theta, q * sizeof *e);
        if (ml_maximise(&d, &w, e, NULL, NULL, 0))
            for (size_t j = 0; j < q; j++)
                e[j] = NAN;
    }
    ml_ws_free(&w);
    free(y);
    free(mu);
}

static void glpk_exit(void *ctx, unsigned t)
{
    (void)ctx;
    (void)t;
    glp_free_env();
}

/* Runs B's replications on nthreads participants. */
static int run_pool(nqpf__pool_fn fn, void *ctx, unsigned nthreads, unsigned *used)
{
    nqpf__pool *P = NULL;
    int rc;
    if (nthreads <= 1) {
        *used = 1;
        fn(ctx, 0);
        return NQPF_OK;
    }
    if ((rc = nqpf__pool_new(&P, nthreads, fn, glpk_exit, ctx)))
        return rc;
    *used = nqpf__pool_size(P);
    nqpf__pool_run(P);
    nqpf__pool_free(P);
    return NQPF_OK;
}

static unsigned thread_count(unsigned t)
{
    if (t == 0) {
        long nc = 1;
#ifdef _SC_NPROCESSORS_ONLN
        nc = sysconf(_SC_NPROCESSORS_ONLN);
#endif
        t = nc > 0 ? (unsigned)nc : 1;
    }
    return t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The quantile of sorted v[0..n) at probability p (type 7, as R's default quantile()). */
static double quantile(const double *v, size_t n, double p)
{
    if (!n)
        return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* Bootstrap summaries of parameter j: standard deviation and Simar and Wilson's (2007, step 4 of
 * algorithm 1) interval [est - q(1 - alpha/2), est - q(alpha/2)] of the differences est* - est. */
static void boot_summary(const boot *B, size_t j, double alpha, double *buf, size_t *nok, double *sd, double *lo,
                         double *hi)
{
    const size_t q = B->k + 1;
    size_t n = 0;
    double mean = 0;
    for (size_t r = 0; r < B->reps; r++) {
        double v = B->est[r * q + j];
        if (isnan(v))
            continue;
        buf[n++] = v - B->theta[j];
    }
    *nok = n;
    if (n < 2) {
        *sd = *lo = *hi = NAN;
        return;
    }
    for (size_t r = 0; r < n; r++)
        mean += buf[r];
    mean /= (double)n;
    double ss = 0;
    for (size_t r = 0; r < n; r++)
        ss += (buf[r] - mean) * (buf[r] - mean);
    *sd = sqrt(ss / (double)(n - 1));
    qsort(buf, n, sizeof *buf, cmp_double);
    *lo = B->theta[j] - quantile(buf, n, 1 - alpha / 2);
    *hi = B->theta[j] - quantile(buf, n, alpha / 2);
}

/* ---- the driver ------------------------------------------------------------------------------ */

/* The regression's data: rows of the panel used, y and Z (env..., 1). */
typedef struct reg {
    size_t n, k;
    size_t *obs;
    double *y, *Z;
} reg;

static void reg_free(reg *r)
{
    free(r->obs);
    free(r->y);
    free(r->Z);
    memset(r, 0, sizeof *r);
}

static int reg_alloc(reg *r, size_t n, size_t k)
{
    memset(r, 0, sizeof *r);
    r->k = k;
    if (!(r->obs = nqpf__malloc(n ? n : 1, sizeof *r->obs)) || !(r->y = nqpf__malloc(n ? n : 1, sizeof *r->y)) ||
        !(r->Z = nqpf__malloc((n ? n : 1) * k, sizeof *r->Z))) {
        reg_free(r);
        return NQPF_EINTERNAL;
    }
    return NQPF_OK;
}

static void reg_add(reg *r, size_t obs, double y, const double *const *env, size_t nenv)
{
    r->obs[r->n] = obs;
    r->y[r->n] = y;
    for (size_t j = 0; j < nenv; j++)
        r->Z[r->n * r->k + j] = env[j][obs];
    r->Z[r->n * r->k + nenv] = 1;
    r->n++;
}

/* The coefficient table's rows. */
typedef struct coef_rows {
    size_t nrows;
    const char **term;
    double *c[13];
} coef_rows;

enum { C_EST, C_SE, C_Z, C_P, C_LO, C_HI, C_LL, C_AIC, C_BIC, C_N, C_LIMIT, C_REPS, C_NCOLS };
static const char *const coef_names[C_NCOLS] = {"estimate", "std_error", "z",     "p_value", "ci_lo", "ci_hi",
                                                "loglik",   "aic",       "bic",   "n_obs",   "n_limit", "reps"};

static int coef_table(nqpf_table **out, const nqpf_secondstage_options *o, const double *theta, const double *se,
                      const double *lo, const double *hi, double ll, size_t n, size_t nlimit, size_t reps)
{
    const size_t k = o->nenv + 1, q = k + 1;
    nqpf_table *t = nqpf_table_new(q);
    const char **term = nqpf__malloc(q, sizeof *term), **model = nqpf__malloc(q, sizeof *model);
    double *col = nqpf__malloc(q, sizeof *col);
    int rc = NQPF_EINTERNAL;
    if (!t || !term || !model || !col)
        goto done;
    for (size_t j = 0; j < q; j++) {
        term[j] = j < o->nenv ? o->env[j] : j == o->nenv ? "_cons" : "sigma";
        model[j] = nqpf_secondstage_method_name(o->method);
    }
    if ((rc = nqpf_table_add_text(t, "model", model, NULL)) || (rc = nqpf_table_add_text(t, "term", term, NULL)))
        goto done;
    double npar = (double)q;
    for (int c = 0; c < C_NCOLS; c++) {
        for (size_t j = 0; j < q; j++) {
            double v = NAN, z = se[j] > 0 ? theta[j] / se[j] : NAN;
            switch (c) {
            case C_EST: v = theta[j]; break;
            case C_SE: v = se[j]; break;
            case C_Z: v = j < k ? z : NAN; break;
            case C_P: v = j < k && isfinite(z) ? 2 * gsl_cdf_ugaussian_Q(fabs(z)) : NAN; break;
            case C_LO: v = lo[j]; break;
            case C_HI: v = hi[j]; break;
            case C_LL: v = ll; break;
            case C_AIC: v = -2 * ll + 2 * npar; break;
            case C_BIC: v = -2 * ll + npar * log((double)n); break;
            case C_N: v = (double)n; break;
            case C_LIMIT: v = (double)nlimit; break;
            case C_REPS: v = (double)reps; break;
            }
            col[j] = v;
        }
        if ((rc = nqpf_table_add_num(t, coef_names[c], col, NULL)))
            goto done;
    }
    *out = t;
    t = NULL;
    rc = NQPF_OK;
done:
    if (rc == NQPF_EINTERNAL && !nqpf_error_message()[0])
        nqpf__nomem("the second-stage regression");
    nqpf_table_free(t);
    free(term);
    free(model);
    free(col);
    return rc;
}

/* The truncated regression on r and its bootstrap (loop `loop`): coefficient table. */
static int sw_regress(nqpf_table **out, nqpf_secondstage_summary *sum, const reg *r, size_t nlimit,
                      const nqpf_secondstage_options *o, unsigned loop, const char *what)
{
    const size_t k = r->k, q = k + 1;
    double theta[NQPF__SS_MAX_ENV + 2], cov[(NQPF__SS_MAX_ENV + 2) * (NQPF__SS_MAX_ENV + 2)], se[NQPF__SS_MAX_ENV + 2], lo[NQPF__SS_MAX_ENV + 2], hi[NQPF__SS_MAX_ENV + 2], ll = NAN;
    ml_data d = {r->y, r->Z, r->n, k, 1, 1.0, INFINITY};
    ml_ws w;
    int rc;
    if ((rc = ml_ws_init(&w, k)))
        return rc;
    rc = ml_fit(&d, &w, NULL, theta, cov, &ll, what);
    ml_ws_free(&w);
    if (rc)
        return rc;
    boot B = {r->Z, r->n, k, theta, o->reps, o->seed, loop, 1, NULL, 0};
    double *buf = NULL;
    if (!(B.est = nqpf__malloc(o->reps * q, sizeof *B.est)) || !(buf = nqpf__malloc(o->reps, sizeof *buf))) {
        free(B.est);
        return NQPF_EINTERNAL;
    }
    unsigned want = thread_count(o->threads);
    if (want > o->reps)
        want = (unsigned)o->reps;
    B.nthreads = want;
    if ((rc = run_pool(boot_work, &B, want, &B.nthreads)))
        goto done;
    if (B.err) {
        rc = nqpf__nomem("the second-stage bootstrap");
        goto done;
    }
    size_t nok = 0;
    for (size_t j = 0; j < q; j++)
        boot_summary(&B, j, o->alpha, buf, &nok, &se[j], &lo[j], &hi[j]);
    if (nok < o->reps)
        nqpf_warn("secondstage: %zu of %zu bootstrap fits did not converge and are left out of the intervals",
                  o->reps - nok, o->reps);
    if (sum) {
        sum->nobs = r->n;
        sum->nlimit = nlimit;
        sum->reps_ok = nok;
        sum->reps_failed = o->reps - nok;
        sum->loglik = ll;
    }
    rc = coef_table(out, o, theta, se, lo, hi, ll, r->n, nlimit, nok);
done:
    free(B.est);
    free(buf);
    return rc;
}

static int tobit_run(nqpf_table **out, nqpf_secondstage_summary *sum, const reg *r, const nqpf_secondstage_options *o)
{
    const size_t k = r->k, q = k + 1;
    double theta[NQPF__SS_MAX_ENV + 2], cov[(NQPF__SS_MAX_ENV + 2) * (NQPF__SS_MAX_ENV + 2)], se[NQPF__SS_MAX_ENV + 2], lo[NQPF__SS_MAX_ENV + 2], hi[NQPF__SS_MAX_ENV + 2], ll = NAN;
    double lower = o->censor_both ? 0.0 : -INFINITY;
    /* Scores within SS_ONE_TOL of a limit are at the limit. */
    double *y = nqpf__malloc(r->n ? r->n : 1, sizeof *y);
    size_t ncens = 0, nfree = 0;
    if (!y)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < r->n; i++) {
        y[i] = r->y[i];
        if (y[i] >= 1 - SS_ONE_TOL)
            y[i] = 1, ncens++;
        else if (o->censor_both && y[i] <= SS_ONE_TOL)
            y[i] = 0, ncens++;
        else
            nfree++;
    }
    int rc;
    if (!nfree) {
        free(y);
        return nqpf_error_set(NQPF_EDATA, "Tobit: every observation is censored (no efficiency score below 1)");
    }
    ml_data d = {y, r->Z, r->n, k, 0, lower, 1.0};
    ml_ws w;
    if ((rc = ml_ws_init(&w, k))) {
        free(y);
        return rc;
    }
    rc = ml_fit(&d, &w, NULL, theta, cov, &ll, "Tobit");
    ml_ws_free(&w);
    free(y);
    if (rc)
        return rc;
    double zc = gsl_cdf_ugaussian_Qinv(o->alpha / 2);
    for (size_t j = 0; j < q; j++) {
        se[j] = sqrt(cov[j * q + j]);
        lo[j] = theta[j] - zc * se[j];
        hi[j] = theta[j] + zc * se[j];
    }
    if (sum) {
        sum->nobs = r->n;
        sum->nlimit = ncens;
        sum->reps_ok = sum->reps_failed = 0;
        sum->loglik = ll;
    }
    return coef_table(out, o, theta, se, lo, hi, ll, r->n, ncens, 0);
}

/* ---- algorithm 2: the bias correction by the DEA bootstrap ----------------------------------- */

typedef struct sw2 {
    size_t n, m, s;     /* observations, inputs, outputs */
    const double *x, *y; /* n x m, n x s (row-major, panel order of the used observations) */
    size_t ngroups;
    const size_t *gstart, *gobs; /* frontier groups: obs gobs[gstart[g] .. gstart[g+1]) */
    const double *delta; /* DEA scores delta-hat >= 1 */
    const double *mu;    /* z_i beta-hat */
    double sigma;
    nqpf_dea_rts rts;
    nqpf_dea_orientation orient;
    size_t reps;
    unsigned long long seed;
    unsigned nthreads;
    double *dstar; /* reps x n: delta-hat* of replication b; NaN where the LP failed */
    int err;
} sw2;

/* Farrell delta >= 1 from the radial value: 1/theta (input) or phi (output). */
static double to_delta(nqpf_dea_orientation o, double v) { return o == NQPF_DEA_OUT ? v : 1 / v; }

static void sw2_work(void *ctx, unsigned t)
{
    sw2 *S = ctx;
    size_t n = S->n, m = S->m, s = S->s, cap = 0;
    for (size_t g = 0; g < S->ngroups; g++)
        if (S->gstart[g + 1] - S->gstart[g] > cap)
            cap = S->gstart[g + 1] - S->gstart[g];
    double *xs = nqpf__malloc(cap * m + 1, sizeof *xs), *ys = nqpf__malloc(cap * s + 1, sizeof *ys);
    double *dst = nqpf__malloc(n + 1, sizeof *dst);
    nqpf_dea_ws *ws = NULL;
    if (!xs || !ys || !dst || nqpf_dea_ws_new(&ws)) {
        S->err = 1;
        goto done;
    }
    for (size_t b = t; b < S->reps; b += S->nthreads) {
        rng g;
        rng_seed(&g, S->seed, 2, b);
        /* pseudo scores delta*_i for every observation, in order */
        for (size_t i = 0; i < n; i++) {
            dst[i] = S->mu[i] + draw_tail(&g, 1.0 - S->mu[i], S->sigma);
            if (!(dst[i] >= 1.0))
                dst[i] = 1.0;
        }
        double *out = S->dstar + b * n;
        for (size_t gr = 0; gr < S->ngroups; gr++) {
            size_t a = S->gstart[gr], e = S->gstart[gr + 1], nn = e - a;
            for (size_t jj = 0; jj < nn; jj++) {
                size_t i = S->gobs[a + jj];
                /* x* = x delta* / delta-hat (input), y* = y delta-hat / delta* (output) */
                double fx = S->orient == NQPF_DEA_OUT ? 1 : dst[i] / S->delta[i];
                double fy = S->orient == NQPF_DEA_OUT ? S->delta[i] / dst[i] : 1;
                for (size_t v = 0; v < m; v++)
                    xs[jj * m + v] = S->x[i * m + v] * fx;
                for (size_t v = 0; v < s; v++)
                    ys[jj * s + v] = S->y[i * s + v] * fy;
            }
            nqpf_dea_ref ref = {nn, m, s, 0, xs, ys, NULL};
            /* every (replication, frontier) starts from a freshly built LP: the result does not
             * depend on which thread ran what before */
            nqpf__dea_ws_restart(ws);
            for (size_t jj = 0; jj < nn; jj++) {
                size_t i = S->gobs[a + jj];
                double v = NAN;
                nqpf_lp_status st;
                if (nqpf_dea_radial(ws, &ref, S->x + i * m, S->y + i * s, S->rts, S->orient, &v, &st, NULL) ||
                    st != NQPF_LP_OPTIMAL)
                    v = NAN;
                out[i] = isnan(v) ? NAN : to_delta(S->orient, v);
            }
        }
    }
done:
    nqpf_dea_ws_free(ws);
    free(xs);
    free(ys);
    free(dst);
}

/* ---- the run --------------------------------------------------------------------------------- */

const char *nqpf_secondstage_method_name(nqpf_secondstage_method m)
{
    switch (m) {
    case NQPF_SECONDSTAGE_TOBIT:
        return "tobit";
    case NQPF_SECONDSTAGE_SW1:
        return "sw1";
    case NQPF_SECONDSTAGE_SW2:
        return "sw2";
    }
    return "?";
}

/* Frontier groups of the observations obs[0..n) (indices into the regression arrays 0..n-1):
 * by period, or one group (pooled). */
static int make_groups(const nqpf_panel *p, const size_t *obs, size_t n, int pooled, size_t **gstart, size_t **gobs,
                       size_t *ngroups)
{
    size_t nt = 0;
    const long *times = nqpf_panel_times(p, &nt);
    (void)times;
    size_t G = pooled ? 1 : nt;
    size_t *st = nqpf__calloc(G + 1, sizeof *st), *go = nqpf__malloc(n ? n : 1, sizeof *go);
    if (!st || !go) {
        free(st);
        free(go);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t g = pooled ? 0 : nqpf_panel_time_index(p, nqpf_panel_time(p, obs[i]));
        st[g + 1]++;
    }
    for (size_t g = 0; g < G; g++)
        st[g + 1] += st[g];
    size_t *fill = nqpf__malloc(G ? G : 1, sizeof *fill);
    if (!fill) {
        free(st);
        free(go);
        return NQPF_EINTERNAL;
    }
    memcpy(fill, st, G * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        size_t g = pooled ? 0 : nqpf_panel_time_index(p, nqpf_panel_time(p, obs[i]));
        go[fill[g]++] = i;
    }
    free(fill);
    *gstart = st;
    *gobs = go;
    *ngroups = G;
    return NQPF_OK;
}

static int sw2_run(nqpf_table **coef, nqpf_table **scores, nqpf_secondstage_summary *sum, const nqpf_panel *p,
                   const nqpf_secondstage_options *o, const double *const *env)
{
    const size_t N = nqpf_panel_nobs(p), m = o->ninputs, s = o->noutputs, k = o->nenv + 1, q = k + 1;
    double *x = nqpf__malloc(N * m + 1, sizeof *x), *y = nqpf__malloc(N * s + 1, sizeof *y);
    double *delta = nqpf__malloc(N + 1, sizeof *delta), *mu = nqpf__malloc(N + 1, sizeof *mu);
    double *dbc = nqpf__malloc(N + 1, sizeof *dbc), *bias = nqpf__malloc(N + 1, sizeof *bias);
    size_t *gstart = NULL, *gobs = NULL, ngroups = 0, *all = nqpf__malloc(N + 1, sizeof *all);
    nqpf_dea_ws *ws = NULL;
    sw2 S;
    reg r1 = {0}, r2 = {0};
    nqpf_table *sc = NULL;
    int rc = NQPF_EINTERNAL;
    memset(&S, 0, sizeof S);
    if (!x || !y || !delta || !mu || !dbc || !bias || !all)
        goto done;
    for (size_t v = 0; v < m + s; v++) {
        const double *c;
        const char *name = v < m ? o->inputs[v] : o->outputs[v - m];
        if ((rc = nqpf_panel_require(p, name, NQPF_REQ_COMPLETE | NQPF_REQ_POSITIVE, NULL, 0,
                                     v < m ? "DEA input" : "DEA output", &c)))
            goto done;
        for (size_t i = 0; i < N; i++) {
            if (v < m)
                x[i * m + v] = c[i];
            else
                y[i * s + (v - m)] = c[i];
        }
    }
    for (size_t i = 0; i < N; i++)
        all[i] = i;
    if ((rc = make_groups(p, all, N, o->pooled, &gstart, &gobs, &ngroups)))
        goto done;
    /* step 1: the DEA scores, one frontier per group, each from a fresh LP (thread independent) */
    if ((rc = nqpf_dea_ws_new(&ws)))
        goto done;
    for (size_t g = 0; g < ngroups; g++) {
        size_t a = gstart[g], e = gstart[g + 1], nn = e - a;
        double *xs = nqpf__malloc(nn * m + 1, sizeof *xs), *ys = nqpf__malloc(nn * s + 1, sizeof *ys);
        if (!xs || !ys) {
            free(xs);
            free(ys);
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t jj = 0; jj < nn; jj++) {
            memcpy(xs + jj * m, x + gobs[a + jj] * m, m * sizeof *xs);
            memcpy(ys + jj * s, y + gobs[a + jj] * s, s * sizeof *ys);
        }
        nqpf_dea_ref ref = {nn, m, s, 0, xs, ys, NULL};
        nqpf__dea_ws_restart(ws);
        for (size_t jj = 0; jj < nn && !rc; jj++) {
            size_t i = gobs[a + jj];
            double v = NAN;
            nqpf_lp_status st;
            if ((rc = nqpf_dea_radial(ws, &ref, x + i * m, y + i * s, o->rts, o->orientation, &v, &st, NULL)))
                break;
            if (st != NQPF_LP_OPTIMAL) {
                char where[256];
                rc = nqpf_error_set(NQPF_EDATA, "%s: the DEA score of %s %ld has no optimal solution (%s)",
                                    nqpf_panel_where(p, i, where, sizeof where),
                                    nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)), nqpf_panel_time(p, i),
                                    nqpf_lp_status_name(st));
                break;
            }
            delta[i] = to_delta(o->orientation, v);
            if (delta[i] < 1 + SS_ONE_TOL)
                delta[i] = 1;
        }
        free(xs);
        free(ys);
        if (rc)
            goto done;
    }
    /* step 2: truncated regression on the units with delta > 1 */
    if ((rc = reg_alloc(&r1, N, k)) || (rc = reg_alloc(&r2, N, k)))
        goto done;
    for (size_t i = 0; i < N; i++)
        if (delta[i] > 1)
            reg_add(&r1, i, delta[i], env, o->nenv);
    double th[NQPF__SS_MAX_ENV + 2], ll;
    {
        ml_data d = {r1.y, r1.Z, r1.n, k, 1, 1.0, INFINITY};
        ml_ws w;
        if ((rc = ml_ws_init(&w, k)))
            goto done;
        rc = ml_fit(&d, &w, NULL, th, NULL, &ll, "Simar-Wilson algorithm 2, step 2 (truncated regression of the DEA "
                                                 "scores)");
        ml_ws_free(&w);
        if (rc)
            goto done;
    }
    for (size_t i = 0; i < N; i++) {
        mu[i] = th[k - 1];
        for (size_t j = 0; j + 1 < k; j++)
            mu[i] += env[j][i] * th[j];
    }
    /* steps 3-4: L1 replications of the DEA on pseudo data, the bias-corrected scores */
    S = (sw2){N, m, s, x, y, ngroups, gstart, gobs, delta, mu, th[k], o->rts, o->orientation, o->bias_reps, o->seed,
              1, NULL, 0};
    if (!(S.dstar = nqpf__malloc(o->bias_reps * N, sizeof *S.dstar))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    unsigned want = thread_count(o->threads);
    if (want > o->bias_reps)
        want = (unsigned)o->bias_reps;
    S.nthreads = want;
    if ((rc = run_pool(sw2_work, &S, want, &S.nthreads)))
        goto done;
    if (S.err) {
        rc = nqpf__nomem("the second-stage DEA bootstrap (Simar-Wilson algorithm 2)");
        goto done;
    }
    size_t nlimit = 0;
    for (size_t i = 0; i < N; i++) {
        double acc = 0;
        size_t nb = 0;
        for (size_t b = 0; b < o->bias_reps; b++)
            if (!isnan(S.dstar[b * N + i]))
                acc += S.dstar[b * N + i], nb++;
        bias[i] = nb ? acc / (double)nb - delta[i] : NAN;
        dbc[i] = nb ? delta[i] - bias[i] : NAN;
        if (dbc[i] > 1)
            reg_add(&r2, i, dbc[i], env, o->nenv);
        else
            nlimit++;
    }
    /* steps 5-7: the truncated regression of the bias-corrected scores and its bootstrap */
    if ((rc = sw_regress(coef, sum, &r2, nlimit, o, 3,
                         "Simar-Wilson algorithm 2, step 5 (truncated regression of the bias-corrected scores)")))
        goto done;
    if (scores) {
        if (!(sc = nqpf_panel_result_new(p, NULL, 0)) || (rc = nqpf_table_add_num(sc, "delta", delta, NULL)) ||
            (rc = nqpf_table_add_num(sc, "delta_bc", dbc, NULL)) || (rc = nqpf_table_add_num(sc, "bias", bias, NULL))) {
            rc = rc ? rc : NQPF_EINTERNAL;
            goto done;
        }
        *scores = sc;
        sc = NULL;
    }
    rc = NQPF_OK;
    (void)q;
done:
    if (rc == NQPF_EINTERNAL && !nqpf_error_message()[0])
        nqpf__nomem("the second-stage regression");
    if (rc && *coef) {
        nqpf_table_free(*coef);
        *coef = NULL;
    }
    nqpf_table_free(sc);
    nqpf_dea_ws_free(ws);
    free(S.dstar);
    reg_free(&r1);
    reg_free(&r2);
    free(x);
    free(y);
    free(delta);
    free(mu);
    free(dbc);
    free(bias);
    free(gstart);
    free(gobs);
    free(all);
    return rc;
}

int nqpf_secondstage_run(nqpf_table **coef, nqpf_table **scores, nqpf_secondstage_summary *sum, const nqpf_panel *p,
                         const nqpf_secondstage_options *o)
{
    int rc;
    if (!coef || !p || !o)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_secondstage_run: NULL argument");
    *coef = NULL;
    if (scores)
        *scores = NULL;
    nqpf_global_init();
    if ((rc = nqpf__secondstage_check(o)))
        return rc;
    /* the columns used, for the missing policy */
    size_t nc = 0;
    const char **cols = nqpf__malloc(o->ninputs + o->noutputs + o->nenv + 1, sizeof *cols);
    if (!cols)
        return NQPF_EINTERNAL;
    if (o->method != NQPF_SECONDSTAGE_SW2)
        cols[nc++] = o->efficiency;
    else {
        for (size_t j = 0; j < o->ninputs; j++)
            cols[nc++] = o->inputs[j];
        for (size_t j = 0; j < o->noutputs; j++)
            cols[nc++] = o->outputs[j];
    }
    for (size_t j = 0; j < o->nenv; j++)
        cols[nc++] = o->env[j];
    nqpf_panel *kept = NULL;
    rc = nqpf_panel_apply_missing(&kept, p, cols, nc, o->missing, "secondstage", NULL);
    free(cols);
    if (rc)
        return rc;
    const nqpf_panel *P = kept ? kept : p;
    const size_t N = nqpf_panel_nobs(P), k = o->nenv + 1;
    const double *env[NQPF__SS_MAX_ENV], *eff = NULL;
    reg r = {0};
    for (size_t j = 0; j < o->nenv && !rc; j++)
        rc = nqpf_panel_require(P, o->env[j], NQPF_REQ_COMPLETE, NULL, 0, "environmental variable", &env[j]);
    if (rc)
        goto done;
    if (o->method == NQPF_SECONDSTAGE_SW2) {
        rc = sw2_run(coef, scores, sum, P, o, env);
        goto done;
    }
    if ((rc = nqpf_panel_require(P, o->efficiency, NQPF_REQ_COMPLETE, NULL, 0, "efficiency score", &eff)) ||
        (rc = reg_alloc(&r, N, k)))
        goto done;
    size_t nlimit = 0;
    for (size_t i = 0; i < N && !rc; i++) {
        double v = eff[i];
        char where[256];
        const char *bad = NULL;
        if (o->method == NQPF_SECONDSTAGE_TOBIT) {
            if (!isfinite(v))
                bad = "a finite efficiency score";
        } else if (o->score == NQPF_SECONDSTAGE_SCORE_TE) {
            if (!(v > 0 && v <= 1 + SS_ONE_TOL))
                bad = "an efficiency score te in (0, 1] (super-efficiency scores above 1 do not fit the truncated "
                      "model; for a column that holds delta >= 1 give the option score: delta)";
            else
                v = 1 / v;
        } else if (!(v >= 1 - SS_ONE_TOL)) {
            bad = "a Farrell score delta >= 1 (for te in (0, 1] give the option score: te)";
        }
        if (bad) {
            rc = nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected %s, found %.17g (%s %ld)",
                                nqpf_panel_where(P, i, where, sizeof where), o->efficiency, bad, eff[i],
                                nqpf_panel_unit_name(P, nqpf_panel_unit(P, i)), nqpf_panel_time(P, i));
            break;
        }
        if (o->method == NQPF_SECONDSTAGE_TOBIT)
            reg_add(&r, i, v, env, o->nenv);
        else if (v > 1 + SS_ONE_TOL)
            reg_add(&r, i, v, env, o->nenv);
        else
            nlimit++;
    }
    if (rc)
        goto done;
    if (o->method == NQPF_SECONDSTAGE_TOBIT)
        rc = tobit_run(coef, sum, &r, o);
    else
        rc = sw_regress(coef, sum, &r, nlimit, o, 1,
                        "Simar-Wilson algorithm 1 (truncated regression of the units with delta > 1)");
done:
    if (rc == NQPF_EINTERNAL && !nqpf_error_message()[0])
        nqpf__nomem("the second-stage regression");
    reg_free(&r);
    nqpf_panel_free(kept);
    return rc;
}
