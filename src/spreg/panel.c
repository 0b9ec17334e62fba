/* Static spatial panel models (docs/spreg_panel.md): fixed-effects SAR, SEM and SDM with unit,
 * period or two-way effects, optionally with the Lee and Yu (2010) transformation approach, and
 * random-effects SAR, SDM and SEM (Elhorst 2014, ch. 3), plus the Hausman test.
 *
 * Fixed effects, plain ML (leeyu = 0): the within ("direct", Elhorst 2014 sec. 3.4) transformation
 *   a* = a - a_bar_i (unit), a - a_bar_t (period), a - a_bar_i - a_bar_t + a_bar (two-way),
 *   applied to y, X, W y and W X (the lags are formed from the raw data, then demeaned), and the
 *   log-likelihood
 *     LL = -NT/2 log(2 pi s2) + T log|I - r W| - e'e / (2 s2).
 *   SEM: e_t = (I - l W)(y*_t - X*_t b) with W applied to the demeaned data.
 * Fixed effects, Lee-Yu (leeyu = 1): the transformation approach of Lee and Yu (2010, J. Econometrics
 *   154, sec. 3 and 4). Individual effects are removed by the orthonormal F_{T,T-1} (the eigenvectors
 *   of I_T - ii'/T for eigenvalue 1), period effects by F_{N,N-1} (needs rows of W summing to 1, so
 *   that J_N W = J_N W J_N). Since F F' = J, every sum of squares equals that of the demeaned data
 *   (after one more J_N projection of SEM's (I - l W) u), and the likelihood is
 *     LL = -n/2 log(2 pi s2) + T' [log|I - r W| - c log(1 - r)] - e'J e / (2 s2),
 *   with T' = T - 1 under unit effects (else T), N' = N - 1 and c = 1 under period effects (else N
 *   and 0), n = N' T'. Unit effects only: b and r are those of the direct approach and s2 is the
 *   direct one times T/(T - 1) (Elhorst's "direct approach" correction); two-way: all differ.
 * The likelihood is concentrated in s2 and b and maximised in the one spatial parameter: a grid of
 * 200 points over the interval where I - a W is invertible, then Brent's root finder on the
 * derivative of the concentrated log-likelihood in the best grid cell (to 1e-13).
 * Covariance: the inverse of the observed information, -H, with H the analytic Hessian of LL in
 *   (b, r or l, s2) at the estimate (what Stata's ml, and so xsmle, estimate numerically; Elhorst's
 *   MATLAB code uses the expected information instead, see docs).
 * Random effects (Elhorst 2014 sec. 3.5; Baltagi 2013): SAR/SDM with a* = a - (1 - th) a_bar_i,
 *   th^2 = s2 / (T s2_mu + s2), LL = -NT/2 log(2 pi s2) + T log|I - r W| + N log th - e'e/(2 s2),
 *   maximised over th by Brent's root finder on the derivative of the profile (inner: the SAR step).
 *   SEM: u = mu + (I - l W)^-1 e, V = T phi I + (B'B)^-1, phi = s2_mu / s2,
 *   LL = -NT/2 log(2 pi s2) - 1/2 log|V| + (T - 1) log|B| - [sum_t |B(r_t - r_bar)|^2 + T r_bar'V^-1 r_bar]/(2 s2)
 *   with V from the eigenvectors of B'B, maximised over (l, log phi) by nested Brent minimisation;
 *   its covariance is the inverse of a central-difference Hessian of LL (random-effects SEM only).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>

#include "spreg/spreg_internal.h"
#include "util/util.h"

#define GRID 200

/* LAPACK (Fortran calling convention): eigenvalues and eigenvectors of a symmetric matrix. */
extern void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                   double *work, const int *lwork, int *info);

/* ---- small dense helpers ------------------------------------------------------------------- */

/* y = W x for one period. */
static void wlag(const nqpf_weights *w, const double *x, double *y)
{
    nqpf_weights_lag(w, x, y);
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* Removes the effects fe from a (N*T, period by period) in place; RANDOM/NONE: nothing. */
static int demean(double *a, size_t N, size_t T, nqpf_spreg_fe fe)
{
    if (fe == NQPF_SPREG_FE_NONE || fe == NQPF_SPREG_FE_RANDOM)
        return NQPF_OK;
    double *ui = nqpf__calloc(N, sizeof *ui), *tt = nqpf__calloc(T, sizeof *tt), g = 0;
    if (!ui || !tt) {
        free(ui);
        free(tt);
        return NQPF_EINTERNAL;
    }
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < N; i++) {
            double v = a[t * N + i];
            ui[i] += v / (double)T;
            tt[t] += v / (double)N;
            g += v;
        }
    g /= (double)(N * T);
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < N; i++) {
            double *v = &a[t * N + i];
            if (fe == NQPF_SPREG_FE_INDIVIDUAL)
                *v -= ui[i];
            else if (fe == NQPF_SPREG_FE_TIME)
                *v -= tt[t];
            else
                *v += g - ui[i] - tt[t];
        }
    free(ui);
    free(tt);
    return NQPF_OK;
}

/* Subtracts each period's mean (the J_N projection) in place. */
static void project_jn(double *a, size_t N, size_t T)
{
    for (size_t t = 0; t < T; t++) {
        double m = 0;
        for (size_t i = 0; i < N; i++)
            m += a[t * N + i];
        m /= (double)N;
        for (size_t i = 0; i < N; i++)
            a[t * N + i] -= m;
    }
}

/* Least squares of nys vectors ys[j] (n each) on the p columns of Z (column-major, n rows):
 * beta[j*p + c]. 0, or NQPF_EDATA when Z'Z is not positive definite. */
static int lsq(const double *Z, size_t p, size_t n, const double *const *ys, size_t nys, double *beta)
{
    gsl_matrix *A = gsl_matrix_alloc(p, p);
    gsl_vector *b = gsl_vector_alloc(p), *x = gsl_vector_alloc(p);
    int rc = NQPF_OK;
    if (!A || !b || !x) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c <= r; c++) {
            double s = dot(Z + r * n, Z + c * n, n);
            gsl_matrix_set(A, r, c, s);
            gsl_matrix_set(A, c, r, s);
        }
    /* Collinearity: a pivot that loses all but 1e-10 of its column's length. */
    double dmin = HUGE_VAL;
    for (size_t r = 0; r < p; r++)
        if (gsl_matrix_get(A, r, r) < dmin)
            dmin = gsl_matrix_get(A, r, r);
    if (!(dmin > 0) || gsl_linalg_cholesky_decomp1(A) != GSL_SUCCESS) {
        rc = NQPF_EDATA;
        goto done;
    }
    for (size_t r = 0; r < p; r++) {
        double l = gsl_matrix_get(A, r, r);
        double full = 0;
        for (size_t c = 0; c <= r; c++)
            full += gsl_matrix_get(A, r, c) * gsl_matrix_get(A, r, c);
        if (!(l * l > 1e-12 * full)) {
            rc = NQPF_EDATA;
            goto done;
        }
    }
    for (size_t j = 0; j < nys; j++) {
        for (size_t r = 0; r < p; r++)
            gsl_vector_set(b, r, dot(Z + r * n, ys[j], n));
        gsl_linalg_cholesky_solve(A, b, x);
        for (size_t r = 0; r < p; r++)
            beta[j * p + r] = gsl_vector_get(x, r);
    }
done:
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return rc;
}

/* Inverts the m x m matrix a (row-major) in place; 0 or NQPF_EDATA when singular. */
static int invert(double *a, size_t m)
{
    gsl_matrix_view A = gsl_matrix_view_array(a, m, m);
    gsl_matrix *inv = gsl_matrix_alloc(m, m);
    gsl_permutation *pm = gsl_permutation_alloc(m);
    int sg = 0, rc = NQPF_OK;
    if (!inv || !pm)
        rc = NQPF_EINTERNAL;
    else if (gsl_linalg_LU_decomp(&A.matrix, pm, &sg) != GSL_SUCCESS || gsl_linalg_LU_invert(&A.matrix, pm, inv))
        rc = NQPF_EDATA;
    else {
        for (size_t i = 0; i < m; i++)
            if (!isfinite(gsl_matrix_get(inv, i, i)))
                rc = NQPF_EDATA;
        if (!rc)
            gsl_matrix_memcpy(&A.matrix, inv);
    }
    gsl_matrix_free(inv);
    gsl_permutation_free(pm);
    return rc;
}

/* ---- one-dimensional maximisation ---------------------------------------------------------- */

typedef double (*fun1)(double x, void *ctx);

typedef struct {
    fun1 f;
    void *ctx;
    double sign;
} negf;

static double gsl_neg(double x, void *p)
{
    const negf *n = p;
    double v = n->f(x, n->ctx);
    return isfinite(v) ? n->sign * v : 1e300;
}

static double gsl_pos(double x, void *p)
{
    const negf *n = p;
    return n->f(x, n->ctx);
}

/* Maximises f over (lo, hi): the best of `grid` interior points, then, in the cell around it,
 * Brent's root finder on df when df is given and changes sign there, else Brent's minimiser of -f. */
static double maximise(fun1 f, fun1 df, void *ctx, double lo, double hi, int grid)
{
    double best = -HUGE_VAL, xb = NAN, h = (hi - lo) / grid;
    int kb = -1;
    for (int k = 0; k < grid; k++) {
        double x = lo + h * (k + 0.5), v = f(x, ctx);
        if (isfinite(v) && v > best) {
            best = v;
            xb = x;
            kb = k;
        }
    }
    if (kb < 0)
        return NAN;
    double a = kb == 0 ? lo + 1e-9 * h : xb - h, b = kb == grid - 1 ? hi - 1e-9 * h : xb + h;
    negf nf = {f, ctx, -1};
    if (df) {
        nf.f = df;
        double da = df(a, ctx), db = df(b, ctx);
        if (isfinite(da) && isfinite(db) && da > 0 && db < 0) {
            gsl_function F = {gsl_pos, &nf};
            gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
            if (s && gsl_root_fsolver_set(s, &F, a, b) == GSL_SUCCESS) {
                double x = xb;
                for (int it = 0; it < 200; it++) {
                    if (gsl_root_fsolver_iterate(s))
                        break;
                    x = gsl_root_fsolver_root(s);
                    if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 1e-14,
                                               1e-13) == GSL_SUCCESS)
                        break;
                }
                gsl_root_fsolver_free(s);
                return x;
            }
            gsl_root_fsolver_free(s);
        }
        nf.f = f;
    }
    /* Brent's minimiser of -f, from the grid's best point (a maximum at the edge of (lo, hi) ends
     * at the edge). */
    gsl_function F = {gsl_neg, &nf};
    gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    double x = xb;
    double fa = gsl_neg(a, &nf), fb = gsl_neg(b, &nf), fx = gsl_neg(xb, &nf);
    if (s && fx < fa && fx < fb && gsl_min_fminimizer_set_with_values(s, &F, xb, fx, a, fa, b, fb) == GSL_SUCCESS) {
        for (int it = 0; it < 200; it++) {
            if (gsl_min_fminimizer_iterate(s))
                break;
            x = gsl_min_fminimizer_x_minimum(s);
            if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(s), gsl_min_fminimizer_x_upper(s), 1e-13, 1e-12) ==
                GSL_SUCCESS)
                break;
        }
    } else if (fa < fx || fb < fx)
        x = fa < fb ? a : b;
    gsl_min_fminimizer_free(s);
    return x;
}

/* ---- the fixed-effects (and pooled) problem -------------------------------------------------- */

typedef struct pd {
    size_t N, T, n, p;
    const nqpf_weights *w;
    const nqpf__spreg_logdet *ld;
    double neff, teff; /* observations and periods in the likelihood */
    int jn;            /* Lee-Yu with period effects: J_N projection and - log(1 - a) */
    double *y, *wy;    /* transformed y and its lag */
    double *Z, *wZ;    /* p transformed columns (column-major) and, for SEM, their lags */
    /* SAR: the two regressions' residuals and their cross-products */
    double *e0, *e1, *b0, *b1, sa, sb, sc;
    /* SEM scratch */
    double *yb, *Zb, *v, *q, *beta;
    double rss;
} pd;

/* T' [log|I - aW| - c log(1 - a)] and its derivatives. */
static double ldt(const pd *d, double a, double *d1, double *d2)
{
    double v = nqpf__spreg_logdet_eval(d->ld, a);
    double g1 = 0, g2 = 0;
    if (d1 || d2)
        nqpf__spreg_logdet_deriv(d->ld, a, &g1, &g2);
    if (d->jn) {
        v -= log(1 - a);
        g1 += 1 / (1 - a);
        g2 += 1 / ((1 - a) * (1 - a));
    }
    if (d1)
        *d1 = d->teff * g1;
    if (d2)
        *d2 = d->teff * g2;
    return d->teff * v;
}

static double sar_g(double r, void *ctx)
{
    const pd *d = ctx;
    double rss = d->sa - 2 * r * d->sb + r * r * d->sc;
    return ldt(d, r, NULL, NULL) - d->neff / 2 * log(rss);
}

static double sar_dg(double r, void *ctx)
{
    const pd *d = ctx;
    double rss = d->sa - 2 * r * d->sb + r * r * d->sc, d1;
    ldt(d, r, &d1, NULL);
    return d1 - d->neff * (r * d->sc - d->sb) / rss;
}

/* SAR: the regressions of y and Wy on Z. */
static int sar_prepare(pd *d)
{
    const double *ys[2] = {d->y, d->wy};
    double bb[2 * 64];
    int rc = lsq(d->Z, d->p, d->n, ys, 2, bb);
    if (rc)
        return rc;
    memcpy(d->b0, bb, d->p * sizeof *bb);
    memcpy(d->b1, bb + d->p, d->p * sizeof *bb);
    for (size_t o = 0; o < d->n; o++) {
        double z0 = 0, z1 = 0;
        for (size_t c = 0; c < d->p; c++) {
            z0 += d->Z[c * d->n + o] * d->b0[c];
            z1 += d->Z[c * d->n + o] * d->b1[c];
        }
        d->e0[o] = d->y[o] - z0;
        d->e1[o] = d->wy[o] - z1;
    }
    d->sa = dot(d->e0, d->e0, d->n);
    d->sb = dot(d->e0, d->e1, d->n);
    d->sc = dot(d->e1, d->e1, d->n);
    return NQPF_OK;
}

/* SEM at l: yb = P(y - l Wy), Zb = P(Z - l WZ), beta, v = yb - Zb beta, rss. */
static int sem_at(pd *d, double l)
{
    size_t n = d->n;
    for (size_t o = 0; o < n; o++)
        d->yb[o] = d->y[o] - l * d->wy[o];
    for (size_t c = 0; c < d->p; c++)
        for (size_t o = 0; o < n; o++)
            d->Zb[c * n + o] = d->Z[c * n + o] - l * d->wZ[c * n + o];
    if (d->jn) {
        project_jn(d->yb, d->N, d->T);
        for (size_t c = 0; c < d->p; c++)
            project_jn(d->Zb + c * n, d->N, d->T);
    }
    const double *ys[1] = {d->yb};
    int rc = lsq(d->Zb, d->p, n, ys, 1, d->beta);
    if (rc)
        return rc;
    for (size_t o = 0; o < n; o++) {
        double z = 0;
        for (size_t c = 0; c < d->p; c++)
            z += d->Zb[c * n + o] * d->beta[c];
        d->v[o] = d->yb[o] - z;
    }
    d->rss = dot(d->v, d->v, n);
    return NQPF_OK;
}

/* q = P W r with r = y - Z beta (the derivative of v in l, negated). */
static void sem_q(pd *d)
{
    size_t n = d->n;
    for (size_t o = 0; o < n; o++) {
        double z = 0;
        for (size_t c = 0; c < d->p; c++)
            z += d->wZ[c * n + o] * d->beta[c];
        d->q[o] = d->wy[o] - z;
    }
    if (d->jn)
        project_jn(d->q, d->N, d->T);
}

static double sem_g(double l, void *ctx)
{
    pd *d = ctx;
    double v = ldt(d, l, NULL, NULL);
    if (!isfinite(v) || sem_at(d, l))
        return NAN;
    return v - d->neff / 2 * log(d->rss);
}

static double sem_dg(double l, void *ctx)
{
    pd *d = ctx;
    double d1;
    if (!isfinite(ldt(d, l, &d1, NULL)) || sem_at(d, l))
        return NAN;
    sem_q(d);
    return d1 + d->neff * dot(d->v, d->q, d->n) / d->rss;
}

static void domain(const nqpf__spreg_logdet *ld, double *lo, double *hi)
{
    nqpf__spreg_logdet_bounds(ld, lo, hi);
    if (!(*lo > -10))
        *lo = -10;
    if (!(*hi < 10))
        *hi = 10;
}

/* ---- filling the fit ------------------------------------------------------------------------- */

/* Stores cov (the leading m x m block of the inverse of info, which is M x M) and var_sigma2
 * (element [isig][isig]); info is overwritten. */
static int store_cov(nqpf__spreg_fit *f, double *info, size_t M, size_t m, size_t isig)
{
    int rc = invert(info, M);
    if (rc)
        return nqpf_error_set(NQPF_EDATA, "spatial panel %s: the information matrix is singular at the estimate; "
                                          "check the regressors for collinearity",
                              f->model == NQPF_SPREG_SEM ? "SEM" : f->model == NQPF_SPREG_SAR ? "SAR" : "SDM");
    f->cov = nqpf__malloc(m * m, sizeof *f->cov);
    if (!f->cov)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            f->cov[i * m + j] = info[i * M + j];
    f->var_sigma2 = info[isig * M + isig];
    return NQPF_OK;
}

/* yhat_t = (I - r W)^-1 Z_t beta for every period (r = 0: Z beta); y and Z as in d. */
static int reduced_form(double *yhat, const double *Z, size_t p, const double *beta, double r,
                        const nqpf_weights *w, size_t N, size_t T)
{
    size_t n = N * T;
    for (size_t o = 0; o < n; o++) {
        double z = 0;
        for (size_t c = 0; c < p; c++)
            z += Z[c * n + o] * beta[c];
        yhat[o] = z;
    }
    if (r == 0)
        return NQPF_OK;
    if (N > NQPF__SPREG_LOGDET_EXACT_MAX) {
        /* large N: x = b + r W x by fixed-point iteration (converges when |r| times the spectral
         * radius of W is below 1, as for row-standardised W); NAN fit when it does not */
        double *b = nqpf__malloc(N, sizeof *b), *wx = nqpf__malloc(N, sizeof *wx);
        if (!b || !wx) {
            free(b);
            free(wx);
            return NQPF_EINTERNAL;
        }
        for (size_t t = 0; t < T; t++) {
            double *x = yhat + t * N;
            memcpy(b, x, N * sizeof *b);
            int ok = 0;
            for (int it = 0; it < 2000 && !ok; it++) {
                nqpf_weights_lag(w, x, wx);
                double dmax = 0, xmax = 0;
                for (size_t i = 0; i < N; i++) {
                    double v = b[i] + r * wx[i];
                    dmax = fmax(dmax, fabs(v - x[i]));
                    xmax = fmax(xmax, fabs(v));
                    x[i] = v;
                }
                ok = dmax <= 1e-13 * (1 + xmax);
            }
            if (!ok)
                for (size_t i = 0; i < N; i++)
                    x[i] = NAN;
        }
        free(b);
        free(wx);
        return NQPF_OK;
    }
    gsl_matrix *A = gsl_matrix_calloc(N, N);
    gsl_permutation *pm = gsl_permutation_alloc(N);
    gsl_vector *x = gsl_vector_alloc(N);
    int sg, rc = NQPF_OK;
    if (!A || !pm || !x) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < N; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        gsl_matrix_set(A, i, i, 1);
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(A, i, nb[j], gsl_matrix_get(A, i, nb[j]) - r * wt[j]);
    }
    if (gsl_linalg_LU_decomp(A, pm, &sg)) {
        rc = NQPF_EDATA;
        goto done;
    }
    for (size_t t = 0; t < T; t++) {
        gsl_vector_view b = gsl_vector_view_array(yhat + t * N, N);
        gsl_linalg_LU_solve(A, pm, &b.vector, x);
        gsl_vector_memcpy(&b.vector, x);
    }
done:
    gsl_matrix_free(A);
    gsl_permutation_free(pm);
    gsl_vector_free(x);
    return rc;
}

static const char *fe_name(nqpf_spreg_fe fe)
{
    static const char *names[] = {"none", "individual", "time", "twoway", "random"};
    return (unsigned)fe <= 4 ? names[fe] : "?";
}

/* Fixed effects (and pooled: fe NONE with a constant). */
static int fit_fe(nqpf__spreg_fit *f, pd *d, const double *yraw, const double *Zraw)
{
    size_t n = d->n, p = d->p;
    int sem = f->model == NQPF_SPREG_SEM;
    double lo, hi;
    domain(d->ld, &lo, &hi);
    double a, sig;
    size_t M = p + 2, m = p + 1;
    double *info = nqpf__calloc(M * M, sizeof *info);
    if (!info)
        return NQPF_EINTERNAL;
    int rc;
    if (!sem) {
        if ((rc = sar_prepare(d)))
            goto collinear;
        a = maximise(sar_g, sar_dg, d, lo, hi, GRID);
        if (!isfinite(a)) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial panel: the log-likelihood has no finite value for any rho");
            goto out;
        }
        for (size_t c = 0; c < p; c++)
            f->beta[c] = d->b0[c] - a * d->b1[c];
        double *e = d->e0;
        for (size_t o = 0; o < n; o++)
            e[o] = d->e0[o] - a * d->e1[o];
        double rss = dot(e, e, n);
        sig = rss / d->neff;
        double d2, ldv = ldt(d, a, NULL, &d2);
        f->loglik = -d->neff / 2 * (log(2 * M_PI * sig) + 1) + ldv;
        /* -Hessian in (beta, rho, s2) */
        for (size_t r = 0; r < p; r++) {
            for (size_t c = 0; c < p; c++)
                info[r * M + c] = dot(d->Z + r * n, d->Z + c * n, n) / sig;
            info[r * M + p] = info[p * M + r] = dot(d->Z + r * n, d->wy, n) / sig;
            info[r * M + p + 1] = info[(p + 1) * M + r] = dot(d->Z + r * n, e, n) / (sig * sig);
        }
        info[p * M + p] = -d2 + dot(d->wy, d->wy, n) / sig;
        info[p * M + p + 1] = info[(p + 1) * M + p] = dot(d->wy, e, n) / (sig * sig);
        info[(p + 1) * M + p + 1] = -d->neff / (2 * sig * sig) + rss / (sig * sig * sig);
        f->rho = a;
    } else {
        if ((rc = sem_at(d, 0)))
            goto collinear;
        a = maximise(sem_g, sem_dg, d, lo, hi, GRID);
        if (!isfinite(a) || (rc = sem_at(d, a))) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial panel: the log-likelihood has no finite value for any lambda");
            goto out;
        }
        sem_q(d);
        memcpy(f->beta, d->beta, p * sizeof *d->beta);
        sig = d->rss / d->neff;
        double d2, ldv = ldt(d, a, NULL, &d2);
        f->loglik = -d->neff / 2 * (log(2 * M_PI * sig) + 1) + ldv;
        /* P W Z for the cross terms (wZ is replaced: it is not needed any more) */
        if (d->jn)
            for (size_t c = 0; c < p; c++)
                project_jn(d->wZ + c * n, d->N, d->T);
        for (size_t r = 0; r < p; r++) {
            for (size_t c = 0; c < p; c++)
                info[r * M + c] = dot(d->Zb + r * n, d->Zb + c * n, n) / sig;
            double x = (dot(d->wZ + r * n, d->v, n) + dot(d->Zb + r * n, d->q, n)) / sig;
            info[r * M + p] = info[p * M + r] = x;
            info[r * M + p + 1] = info[(p + 1) * M + r] = dot(d->Zb + r * n, d->v, n) / (sig * sig);
        }
        info[p * M + p] = -d2 + dot(d->q, d->q, n) / sig;
        info[p * M + p + 1] = info[(p + 1) * M + p] = dot(d->q, d->v, n) / (sig * sig);
        info[(p + 1) * M + p + 1] = -d->neff / (2 * sig * sig) + d->rss / (sig * sig * sig);
        f->lambda = a;
    }
    f->sigma2 = sig;
    if ((rc = store_cov(f, info, M, m, p + 1)))
        goto out;
    /* R^2: squared correlation of the transformed y and the reduced-form fit of the transformed
     * regressors (the untransformed ones when pooled) */
    double *yhat = nqpf__malloc(n, sizeof *yhat);
    if (!yhat) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    if ((rc = reduced_form(yhat, Zraw, p, f->beta, sem ? 0 : a, d->w, d->N, d->T))) {
        free(yhat);
        rc = nqpf_error_set(NQPF_EDATA, "spatial panel: I - rho W is singular at the estimate");
        goto out;
    }
    f->r2 = nqpf__spreg_corr2(yraw, yhat, n);
    free(yhat);
    if (!f->leeyu) {
        f->resid = nqpf__malloc(n, sizeof *f->resid);
        if (!f->resid) {
            rc = NQPF_EINTERNAL;
            goto out;
        }
        memcpy(f->resid, sem ? d->v : d->e0, n * sizeof *f->resid);
    }
    rc = NQPF_OK;
    goto out;
collinear:
    if (rc == NQPF_EDATA)
        rc = nqpf_error_set(NQPF_EDATA, "spatial panel with fe %s: the regressors are collinear after the "
                                        "transformation (a variable constant over time under individual effects, "
                                        "or over units under time effects?); drop it",
                            fe_name(f->fe));
out:
    free(info);
    return rc;
}

/* ---- random effects: SAR and SDM ------------------------------------------------------------ */

typedef struct reff {
    pd *d;
    const double *y, *wy, *Z; /* raw data (Z with the constant) */
    double *my, *mwy, *mZ;     /* unit means */
    double rho;                /* the inner estimate at the last theta */
} reff;

/* Transforms the raw data with theta into d->y, d->wy, d->Z. */
static void re_transform(reff *r, double th)
{
    pd *d = r->d;
    size_t N = d->N, n = d->n;
    for (size_t o = 0; o < n; o++) {
        size_t i = o % N;
        d->y[o] = r->y[o] - (1 - th) * r->my[i];
        d->wy[o] = r->wy[o] - (1 - th) * r->mwy[i];
        for (size_t c = 0; c < d->p; c++)
            d->Z[c * n + o] = r->Z[c * n + o] - (1 - th) * r->mZ[c * N + i];
    }
}

/* Inner SAR at theta: rho, and e0 := e (residual), returns rss; NAN on failure. */
static double re_inner(reff *r, double th)
{
    pd *d = r->d;
    double lo, hi;
    re_transform(r, th);
    if (sar_prepare(d))
        return NAN;
    domain(d->ld, &lo, &hi);
    double a = maximise(sar_g, sar_dg, d, lo, hi, GRID);
    r->rho = a;
    return d->sa - 2 * a * d->sb + a * a * d->sc;
}

static double re_h(double th, void *ctx)
{
    reff *r = ctx;
    if (!(th > 0 && th <= 1))
        return NAN;
    double rss = re_inner(r, th);
    pd *d = r->d;
    return ldt(d, r->rho, NULL, NULL) - d->neff / 2 * log(rss) + (double)d->N * log(th);
}

/* The unit means of the residual of the untransformed model, replicated (ebar). */
static void re_ebar(const reff *r, const double *beta, double rho, double *ebar)
{
    const pd *d = r->d;
    for (size_t o = 0; o < d->n; o++) {
        size_t i = o % d->N;
        double z = 0;
        for (size_t c = 0; c < d->p; c++)
            z += r->mZ[c * d->N + i] * beta[c];
        ebar[o] = r->my[i] - rho * r->mwy[i] - z;
    }
}

static double re_dh(double th, void *ctx)
{
    reff *r = ctx;
    if (!(th > 0 && th <= 1))
        return NAN;
    double rss = re_inner(r, th);
    pd *d = r->d;
    double beta[64];
    for (size_t c = 0; c < d->p; c++)
        beta[c] = d->b0[c] - r->rho * d->b1[c];
    double s = 0;
    for (size_t o = 0; o < d->n; o++) {
        size_t i = o % d->N;
        double z = 0;
        for (size_t c = 0; c < d->p; c++)
            z += r->mZ[c * d->N + i] * beta[c];
        double eb = r->my[i] - r->rho * r->mwy[i] - z;
        s += (d->e0[o] - r->rho * d->e1[o]) * eb;
    }
    return (double)d->N / th - d->neff * s / rss;
}

static int fit_re_sar(nqpf__spreg_fit *f, pd *d, const double *yraw, const double *wyraw, const double *Zraw)
{
    size_t N = d->N, n = d->n, p = d->p;
    reff r = {d, yraw, wyraw, Zraw, NULL, NULL, NULL, NAN};
    r.my = nqpf__calloc(N, sizeof *r.my);
    r.mwy = nqpf__calloc(N, sizeof *r.mwy);
    r.mZ = nqpf__calloc(N * p, sizeof *r.mZ);
    size_t M = p + 3, m = p + 1;
    double *info = nqpf__calloc(M * M, sizeof *info), *ebar = nqpf__malloc(n, sizeof *ebar);
    double *J = nqpf__malloc(n * M, sizeof *J);
    int rc = NQPF_OK;
    if (!r.my || !r.mwy || !r.mZ || !info || !ebar || !J) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    for (size_t o = 0; o < n; o++) {
        size_t i = o % N;
        r.my[i] += yraw[o] / (double)d->T;
        r.mwy[i] += wyraw[o] / (double)d->T;
        for (size_t c = 0; c < p; c++)
            r.mZ[c * N + i] += Zraw[c * n + o] / (double)d->T;
    }
    re_transform(&r, 1);
    if (sar_prepare(d)) {
        rc = nqpf_error_set(NQPF_EDATA, "spatial panel with random effects: the regressors are collinear; drop one");
        goto out;
    }
    /* theta in (0, 1]: a maximum at 1 means no unit effect (sigma2_mu = 0) */
    double th;
    if (re_dh(1, &r) >= 0)
        th = 1;
    else
        th = maximise(re_h, re_dh, &r, 1e-6, 1, 40);
    if (!isfinite(th) || !isfinite(re_inner(&r, th))) {
        rc = nqpf_error_set(NQPF_EDATA, "spatial panel with random effects: the log-likelihood has no maximum");
        goto out;
    }
    double a = r.rho;
    for (size_t c = 0; c < p; c++)
        f->beta[c] = d->b0[c] - a * d->b1[c];
    double *e = d->e0;
    for (size_t o = 0; o < n; o++)
        e[o] -= a * d->e1[o];
    double rss = dot(e, e, n), sig = rss / d->neff, d2;
    double ldv = ldt(d, a, NULL, &d2);
    f->loglik = -d->neff / 2 * (log(2 * M_PI * sig) + 1) + ldv + (double)N * log(th);
    f->rho = a;
    f->sigma2 = sig;
    f->sigma2_mu = sig * (1 / (th * th) - 1) / (double)d->T;
    /* Observed information in (beta, rho, theta, s2): e = y' - rho Wy' - Z' beta (' = transformed),
     * J = de/d(beta, rho, theta) = [-Z', -Wy', ebar]; the only second derivatives of e are
     * d2e/dtheta dbeta = -Zbar and d2e/dtheta drho = -Wybar. */
    re_ebar(&r, f->beta, a, ebar);
    for (size_t c = 0; c < p; c++)
        for (size_t o = 0; o < n; o++)
            J[c * n + o] = -d->Z[c * n + o];
    for (size_t o = 0; o < n; o++) {
        J[p * n + o] = -d->wy[o];
        J[(p + 1) * n + o] = ebar[o];
    }
    size_t K = p + 2; /* beta, rho, theta */
    for (size_t i = 0; i < K; i++)
        for (size_t j = 0; j < K; j++)
            info[i * M + j] = dot(J + i * n, J + j * n, n) / sig;
    double s_rho = 0, s_beta[64] = {0};
    for (size_t o = 0; o < n; o++) {
        size_t i = o % N;
        s_rho += e[o] * -r.mwy[i];
        for (size_t c = 0; c < p; c++)
            s_beta[c] += e[o] * -r.mZ[c * N + i];
    }
    for (size_t c = 0; c < p; c++)
        info[c * M + p + 1] = info[(p + 1) * M + c] = info[c * M + p + 1] + s_beta[c] / sig;
    info[p * M + p + 1] = info[(p + 1) * M + p] = info[p * M + p + 1] + s_rho / sig;
    info[p * M + p] -= d2;
    info[(p + 1) * M + p + 1] += (double)N / (th * th);
    for (size_t i = 0; i < K; i++)
        info[i * M + K] = info[K * M + i] = -dot(e, J + i * n, n) / (sig * sig);
    info[K * M + K] = -d->neff / (2 * sig * sig) + rss / (sig * sig * sig);
    if ((rc = store_cov(f, info, M, m, K)))
        goto out;
    /* R^2 on the untransformed data (reduced form with the constant) */
    if ((rc = reduced_form(ebar, Zraw, p, f->beta, a, d->w, N, d->T))) {
        rc = nqpf_error_set(NQPF_EDATA, "spatial panel: I - rho W is singular at the estimate");
        goto out;
    }
    f->r2 = nqpf__spreg_corr2(yraw, ebar, n);
    f->resid = nqpf__malloc(n, sizeof *f->resid);
    if (!f->resid) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    for (size_t o = 0; o < n; o++) { /* the composite residual y - rho Wy - Z beta */
        double z = 0;
        for (size_t c = 0; c < p; c++)
            z += Zraw[c * n + o] * f->beta[c];
        f->resid[o] = yraw[o] - a * wyraw[o] - z;
    }
out:
    free(r.my);
    free(r.mwy);
    free(r.mZ);
    free(info);
    free(ebar);
    free(J);
    return rc;
}

/* ---- random effects: SEM ------------------------------------------------------------------- */

typedef struct rs {
    size_t N, T, n, p;
    const nqpf_weights *w;
    const nqpf__spreg_logdet *ld;
    const double *y, *Z;   /* raw (Z with the constant) */
    double *ybar, *Zbar;   /* unit means (N, N*p) */
    double *dy, *dZ;       /* deviations from unit means (n, n*p) */
    double *Bdy, *BdZ, *tmp;
    double *A, *ev, *work; /* B'B, then its eigenvectors (column-major, LAPACK dsyev); eigenvalues */
    int lwork;
    size_t *ri;            /* one row of B: columns and values */
    double *rv;
    int ready;             /* prepared for lam */
    double *qy, *qZ;       /* Q'ybar, Q'Zbar (N, N*p) */
    double *A0, *c0;       /* within cross-products (p*p, p) and dy'B'B dy */
    double s0;
    double lam;            /* the lambda prepared */
    double ldB;            /* log|B| */
    double beta[64], Q_min; /* at the last phi */
    double psi;            /* log phi at the inner optimum */
} rs;

/* Prepares everything that depends on lambda alone (cached: nothing to do for the same lambda). */
static int rs_prepare(rs *s, double l)
{
    size_t N = s->N, n = s->n, p = s->p;
    if (s->ready && l == s->lam)
        return NQPF_OK;
    s->ready = 0;
    s->lam = l;
    s->ldB = nqpf__spreg_logdet_eval(s->ld, l);
    if (!isfinite(s->ldB))
        return NQPF_EDATA;
    /* B x per period */
    for (size_t t = 0; t < s->T; t++) {
        wlag(s->w, s->dy + t * N, s->tmp);
        for (size_t i = 0; i < N; i++)
            s->Bdy[t * N + i] = s->dy[t * N + i] - l * s->tmp[i];
        for (size_t c = 0; c < p; c++) {
            wlag(s->w, s->dZ + c * n + t * N, s->tmp);
            for (size_t i = 0; i < N; i++)
                s->BdZ[c * n + t * N + i] = s->dZ[c * n + t * N + i] - l * s->tmp[i];
        }
    }
    for (size_t r = 0; r < p; r++) {
        for (size_t c = 0; c < p; c++)
            s->A0[r * p + c] = dot(s->BdZ + r * n, s->BdZ + c * n, n);
        s->c0[r] = dot(s->BdZ + r * n, s->Bdy, n);
    }
    s->s0 = dot(s->Bdy, s->Bdy, n);
    /* B'B = sum over the rows b_i of B of b_i b_i' (sparse rows), then B'B = Q D Q' */
    memset(s->A, 0, N * N * sizeof *s->A);
    for (size_t i = 0; i < N; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(s->w, i, &nb, &wt), m = 0;
        s->ri[m] = i;
        s->rv[m++] = 1;
        for (size_t j = 0; j < k; j++) {
            if (nb[j] == i)
                s->rv[0] -= l * wt[j];
            else {
                s->ri[m] = nb[j];
                s->rv[m++] = -l * wt[j];
            }
        }
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                s->A[s->ri[a] * N + s->ri[b]] += s->rv[a] * s->rv[b];
    }
    int ni = (int)N, info = 0;
    dsyev_("V", "U", &ni, s->A, &ni, s->ev, s->work, &s->lwork, &info);
    if (info != 0)
        return nqpf_error_set(NQPF_EINTERNAL, "spatial panel SEM with random effects: LAPACK dsyev failed (info %d)",
                              info);
    for (size_t j = 0; j < N; j++) { /* eigenvector j: A[j*N .. j*N + N) */
        const double *q = s->A + j * N;
        s->qy[j] = dot(q, s->ybar, N);
        for (size_t c = 0; c < p; c++)
            s->qZ[c * N + j] = dot(q, s->Zbar + c * N, N);
    }
    s->ready = 1;
    return NQPF_OK;
}

/* Concentrated log-likelihood (without constants) at the prepared lambda and log phi = psi; sets
 * beta and Q_min. */
static double rs_g(double psi, void *ctx)
{
    rs *s = ctx;
    size_t N = s->N, p = s->p;
    double phi = exp(psi), T = (double)s->T;
    double A[64 * 64], c[64], ldv = 0;
    memcpy(A, s->A0, p * p * sizeof *A);
    memcpy(c, s->c0, p * sizeof *c);
    double sy = s->s0;
    for (size_t j = 0; j < N; j++) {
        double d = s->ev[j];
        if (!(d > 0))
            return NAN;
        double om = T * d / (T * phi * d + 1); /* T times the eigenvalue of V^-1 */
        ldv += log(T * phi + 1 / d);
        for (size_t r = 0; r < p; r++) {
            for (size_t k = 0; k < p; k++)
                A[r * p + k] += om * s->qZ[r * N + j] * s->qZ[k * N + j];
            c[r] += om * s->qZ[r * N + j] * s->qy[j];
        }
        sy += om * s->qy[j] * s->qy[j];
    }
    gsl_matrix_view Am = gsl_matrix_view_array(A, p, p);
    gsl_vector_view cv = gsl_vector_view_array(c, p);
    gsl_vector_view bv = gsl_vector_view_array(s->beta, p);
    if (gsl_linalg_cholesky_decomp1(&Am.matrix) || gsl_linalg_cholesky_solve(&Am.matrix, &cv.vector, &bv.vector))
        return NAN;
    /* the minimum of the quadratic form: sy - c'beta at the solution of A beta = c (cholesky_solve keeps c) */
    double cb = 0;
    for (size_t r = 0; r < p; r++)
        cb += c[r] * s->beta[r];
    s->Q_min = sy - cb;
    if (!(s->Q_min > 0))
        return NAN;
    return -(double)s->n / 2 * log(s->Q_min) - 0.5 * ldv + (T - 1) * s->ldB;
}

static double rs_outer(double l, void *ctx)
{
    rs *s = ctx;
    if (rs_prepare(s, l))
        return NAN;
    double psi = maximise(rs_g, NULL, s, -20, 12, 32);
    s->psi = psi;
    return rs_g(psi, s);
}

/* The full log-likelihood at (beta, lambda, phi, s2) (x of length p + 3). */
static double rs_full(rs *s, const double *x)
{
    size_t N = s->N, n = s->n, p = s->p;
    double l = x[p], phi = x[p + 1], sig = x[p + 2], T = (double)s->T;
    if (!(phi >= 0) || !(sig > 0) || rs_prepare(s, l))
        return NAN;
    double q = 0;
    /* within part: |B(dy - dZ b)|^2 */
    for (size_t o = 0; o < n; o++) {
        double z = s->Bdy[o];
        for (size_t c = 0; c < p; c++)
            z -= s->BdZ[c * n + o] * x[c];
        q += z * z;
    }
    double ldv = 0;
    for (size_t j = 0; j < N; j++) {
        double d = s->ev[j], z = s->qy[j];
        for (size_t c = 0; c < p; c++)
            z -= s->qZ[c * N + j] * x[c];
        q += T * d / (T * phi * d + 1) * z * z;
        ldv += log(T * phi + 1 / d);
    }
    return -(double)n / 2 * log(2 * M_PI * sig) - 0.5 * ldv + (T - 1) * s->ldB - q / (2 * sig);
}

static int fit_re_sem(nqpf__spreg_fit *f, size_t N, size_t T, size_t p, const double *y, const double *Z,
                      const nqpf_weights *w, const nqpf__spreg_logdet *ld)
{
    size_t n = N * T;
    rs s = {.N = N, .T = T, .n = n, .p = p, .w = w, .ld = ld, .y = y, .Z = Z};
    int rc = NQPF_OK;
    size_t M = p + 3;
    double *H = nqpf__calloc(M * M, sizeof *H);
    s.ybar = nqpf__calloc(N, sizeof *s.ybar);
    s.Zbar = nqpf__calloc(N * p, sizeof *s.Zbar);
    s.dy = nqpf__malloc(n, sizeof *s.dy);
    s.dZ = nqpf__malloc(n * p, sizeof *s.dZ);
    s.Bdy = nqpf__malloc(n, sizeof *s.Bdy);
    s.BdZ = nqpf__malloc(n * p, sizeof *s.BdZ);
    s.tmp = nqpf__malloc(N, sizeof *s.tmp);
    s.qy = nqpf__malloc(N, sizeof *s.qy);
    s.qZ = nqpf__malloc(N * p, sizeof *s.qZ);
    s.A0 = nqpf__malloc(p * p, sizeof *s.A0);
    s.c0 = nqpf__malloc(p, sizeof *s.c0);
    s.A = nqpf__malloc(N * N, sizeof *s.A);
    s.ev = nqpf__malloc(N, sizeof *s.ev);
    s.ri = nqpf__malloc(N + 1, sizeof *s.ri);
    s.rv = nqpf__malloc(N + 1, sizeof *s.rv);
    if (!H || !s.ybar || !s.Zbar || !s.dy || !s.dZ || !s.Bdy || !s.BdZ || !s.tmp || !s.qy || !s.qZ || !s.A0 ||
        !s.c0 || !s.A || !s.ev || !s.ri || !s.rv) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    { /* LAPACK workspace query */
        int ni = (int)N, info = 0, q = -1;
        double wq = 0;
        dsyev_("V", "U", &ni, s.A, &ni, s.ev, &wq, &q, &info);
        s.lwork = info == 0 && wq >= 3 * (double)N ? (int)wq : 3 * ni;
        s.work = nqpf__malloc((size_t)s.lwork, sizeof *s.work);
        if (!s.work) {
            rc = NQPF_EINTERNAL;
            goto out;
        }
    }
    for (size_t o = 0; o < n; o++) {
        size_t i = o % N;
        s.ybar[i] += y[o] / (double)T;
        for (size_t c = 0; c < p; c++)
            s.Zbar[c * N + i] += Z[c * n + o] / (double)T;
    }
    for (size_t o = 0; o < n; o++) {
        size_t i = o % N;
        s.dy[o] = y[o] - s.ybar[i];
        for (size_t c = 0; c < p; c++)
            s.dZ[c * n + o] = Z[c * n + o] - s.Zbar[c * N + i];
    }
    double lo, hi;
    domain(ld, &lo, &hi);
    double l = maximise(rs_outer, NULL, &s, lo, hi, 24);
    if (!isfinite(l) || !isfinite(rs_outer(l, &s))) {
        rc = nqpf_error_set(NQPF_EDATA, "spatial panel SEM with random effects: the log-likelihood has no maximum "
                                        "(collinear regressors?)");
        goto out;
    }
    double phi = exp(s.psi), sig = s.Q_min / (double)n;
    if (s.psi <= -20 + 1e-6)
        phi = 0;
    memcpy(f->beta, s.beta, p * sizeof *f->beta);
    f->lambda = l;
    f->sigma2 = sig;
    f->sigma2_mu = phi * sig;
    double x[64 + 3];
    memcpy(x, s.beta, p * sizeof *x);
    x[p] = l;
    x[p + 1] = phi;
    x[p + 2] = sig;
    f->loglik = rs_full(&s, x);
    /* Central-difference Hessian of the full log-likelihood, steps 1e-4 of each parameter's size */
    double h[64 + 3], f0 = f->loglik;
    for (size_t i = 0; i < M; i++)
        h[i] = 1e-4 * fmax(fabs(x[i]), i == p + 2 ? sig : 1e-2);
    for (size_t i = 0; i < M; i++)
        for (size_t j = i; j < M; j++) {
            double v;
            double xi = x[i], xj = x[j];
            if (i == j) {
                x[i] = xi + h[i];
                double fp = rs_full(&s, x);
                x[i] = xi - h[i];
                double fm = rs_full(&s, x);
                x[i] = xi;
                v = (fp - 2 * f0 + fm) / (h[i] * h[i]);
            } else {
                double fpp, fpm, fmp, fmm;
                x[i] = xi + h[i], x[j] = xj + h[j];
                fpp = rs_full(&s, x);
                x[j] = xj - h[j];
                fpm = rs_full(&s, x);
                x[i] = xi - h[i];
                fmm = rs_full(&s, x);
                x[j] = xj + h[j];
                fmp = rs_full(&s, x);
                x[i] = xi, x[j] = xj;
                v = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
            }
            /* phi at 0: the step below 0 is outside the domain (NaN, handled below) */
            H[i * M + j] = H[j * M + i] = -v;
        }
    /* With phi on its boundary (0) its row is not a regular information row: drop it (fix phi). */
    if (phi == 0 || !isfinite(H[(p + 1) * M + p + 1])) {
        for (size_t i = 0; i < M; i++)
            H[(p + 1) * M + i] = H[i * M + p + 1] = 0;
        H[(p + 1) * M + p + 1] = 1;
    }
    if ((rc = store_cov(f, H, M, p + 1, p + 2)))
        goto out;
    double *yhat = nqpf__malloc(n, sizeof *yhat);
    f->resid = nqpf__malloc(n, sizeof *f->resid);
    if (!yhat || !f->resid) {
        free(yhat);
        rc = NQPF_EINTERNAL;
        goto out;
    }
    reduced_form(yhat, Z, p, f->beta, 0, w, N, T);
    f->r2 = nqpf__spreg_corr2(y, yhat, n);
    for (size_t o = 0; o < n; o++)
        f->resid[o] = y[o] - yhat[o];
    free(yhat);
out:
    free(H);
    free(s.ybar);
    free(s.Zbar);
    free(s.dy);
    free(s.dZ);
    free(s.Bdy);
    free(s.BdZ);
    free(s.tmp);
    free(s.qy);
    free(s.qZ);
    free(s.A0);
    free(s.c0);
    free(s.A);
    free(s.ev);
    free(s.work);
    free(s.ri);
    free(s.rv);
    return rc;
}

/* ---- entry point ------------------------------------------------------------------------------ */

int nqpf__spreg_fit_panel(nqpf__spreg_fit *f, const double *y, const double *X, size_t N, size_t T, size_t kx,
                          const nqpf_weights *w, nqpf_spreg_model model, nqpf_spreg_fe fe, int leeyu,
                          nqpf_spreg_logdet_method ldm)
{
    memset(f, 0, sizeof *f);
    f->rho = f->lambda = f->var_sigma2 = f->r2 = f->sigma2_mu = NAN;
    if (model != NQPF_SPREG_SAR && model != NQPF_SPREG_SEM && model != NQPF_SPREG_SDM)
        return nqpf_error_set(NQPF_EUSAGE, "the option model: panel models are sar, sem or sdm");
    if ((unsigned)fe > NQPF_SPREG_FE_RANDOM)
        return nqpf_error_set(NQPF_EUSAGE, "the option fe: expected none, individual, time, twoway or random");
    if (leeyu && (fe == NQPF_SPREG_FE_NONE || fe == NQPF_SPREG_FE_RANDOM))
        return nqpf_error_set(NQPF_EUSAGE, "the option leeyu: the Lee-Yu correction applies to fixed effects only "
                                           "(fe individual, time or twoway), not to fe %s",
                              fe_name(fe));
    if (kx == 0 || kx > 30)
        return nqpf_error_set(NQPF_EUSAGE, "spatial panel: expected 1 to 30 explanatory variables, found %zu", kx);
    if (nqpf_weights_n(w) != N)
        return nqpf_error_set(NQPF_EINTERNAL, "spatial panel: the weights have %zu units, the data %zu",
                              nqpf_weights_n(w), N);
    int has_unit = fe == NQPF_SPREG_FE_INDIVIDUAL || fe == NQPF_SPREG_FE_TWOWAY || fe == NQPF_SPREG_FE_RANDOM;
    int has_time = fe == NQPF_SPREG_FE_TIME || fe == NQPF_SPREG_FE_TWOWAY;
    if (has_unit && T < 2)
        return nqpf_error_set(NQPF_EDATA, "spatial panel with fe %s: fewer periods than 2 (found %zu); use a "
                                          "cross-section model or fe time",
                              fe_name(fe), T);
    if (N < 3)
        return nqpf_error_set(NQPF_EDATA, "spatial panel: fewer units than 3 (found %zu)", N);
    size_t n = N * T;
    for (size_t o = 0; o < n; o++) {
        if (!isfinite(y[o]))
            return nqpf_error_set(NQPF_EDATA, "spatial panel: the dependent variable is missing for unit %zu in "
                                              "period %zu; the panel must be balanced and complete",
                                  o % N + 1, o / N + 1);
        for (size_t j = 0; j < kx; j++)
            if (!isfinite(X[o * kx + j]))
                return nqpf_error_set(NQPF_EDATA, "spatial panel: explanatory variable %zu is missing for unit %zu "
                                                  "in period %zu; the panel must be balanced and complete",
                                      j + 1, o % N + 1, o / N + 1);
    }
    if (leeyu && has_time)
        for (size_t i = 0; i < N; i++) {
            const size_t *nb;
            const double *wt;
            size_t k = nqpf_weights_row(w, i, &nb, &wt);
            double s = 0;
            for (size_t j = 0; j < k; j++)
                s += wt[j];
            if (fabs(s - 1) > 1e-10)
                return nqpf_error_set(NQPF_EDATA, "the option leeyu: with time effects the Lee-Yu transformation needs "
                                                  "weights whose rows sum to 1 (style W, no islands); row %zu sums to "
                                                  "%g",
                                      i + 1, s);
        }
    int sdm = model == NQPF_SPREG_SDM, sem = model == NQPF_SPREG_SEM;
    int cons = fe == NQPF_SPREG_FE_NONE || fe == NQPF_SPREG_FE_RANDOM;
    size_t p = (size_t)cons + kx + (sdm ? kx : 0);
    f->model = model;
    f->fe = fe;
    f->N = N;
    f->T = T;
    f->kx = kx;
    f->has_const = cons;
    f->nwx = sdm ? kx : 0;
    f->nb = p;
    f->nsp = 1;
    f->npar = p + 1 + 1 + (fe == NQPF_SPREG_FE_RANDOM ? 1 : 0);
    f->leeyu = leeyu ? 1 : 0;
    nqpf__spreg_logdet *ld = NULL;
    int rc = nqpf__spreg_logdet_new(&ld, w, ldm);
    if (rc)
        return rc;
    pd d = {.N = N, .T = T, .n = n, .p = p, .w = w, .ld = ld};
    d.teff = (double)(leeyu && has_unit ? T - 1 : T);
    d.neff = d.teff * (double)(leeyu && has_time ? N - 1 : N);
    d.jn = leeyu && has_time;
    f->nobs = (size_t)d.neff;
    f->beta = nqpf__calloc(p, sizeof *f->beta);
    d.y = nqpf__malloc(n, sizeof *d.y);
    d.wy = nqpf__malloc(n, sizeof *d.wy);
    d.Z = nqpf__malloc(n * p, sizeof *d.Z);
    d.wZ = nqpf__malloc(n * p, sizeof *d.wZ);
    d.e0 = nqpf__malloc(n, sizeof *d.e0);
    d.e1 = nqpf__malloc(n, sizeof *d.e1);
    d.b0 = nqpf__malloc(p, sizeof *d.b0);
    d.b1 = nqpf__malloc(p, sizeof *d.b1);
    d.yb = nqpf__malloc(n, sizeof *d.yb);
    d.Zb = nqpf__malloc(n * p, sizeof *d.Zb);
    d.v = nqpf__malloc(n, sizeof *d.v);
    d.q = nqpf__malloc(n, sizeof *d.q);
    d.beta = nqpf__malloc(p, sizeof *d.beta);
    double *yraw = nqpf__malloc(n, sizeof *yraw), *wyraw = nqpf__malloc(n, sizeof *wyraw);
    double *Zraw = nqpf__malloc(n * p, sizeof *Zraw);
    if (!f->beta || !d.y || !d.wy || !d.Z || !d.wZ || !d.e0 || !d.e1 || !d.b0 || !d.b1 || !d.yb || !d.Zb || !d.v ||
        !d.q || !d.beta || !yraw || !wyraw || !Zraw) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    /* raw columns: [1] X [WX]; and W y */
    for (size_t o = 0; o < n; o++) {
        yraw[o] = y[o];
        size_t c = 0;
        if (cons)
            Zraw[c++ * n + o] = 1;
        for (size_t j = 0; j < kx; j++)
            Zraw[(c + j) * n + o] = X[o * kx + j];
    }
    for (size_t t = 0; t < T; t++) {
        wlag(w, yraw + t * N, wyraw + t * N);
        if (sdm)
            for (size_t j = 0; j < kx; j++)
                wlag(w, Zraw + (cons + j) * n + t * N, Zraw + (cons + kx + j) * n + t * N);
    }
    if (fe == NQPF_SPREG_FE_RANDOM && sem) {
        rc = fit_re_sem(f, N, T, p, yraw, Zraw, w, ld);
        f->npar = p + 3;
        goto out;
    }
    if (fe == NQPF_SPREG_FE_RANDOM) {
        rc = fit_re_sar(f, &d, yraw, wyraw, Zraw);
        f->npar = p + 3;
        goto out;
    }
    /* transformed data: the lags of SAR/SDM are demeaned lags of the raw data; SEM lags the
     * demeaned data */
    memcpy(d.y, yraw, n * sizeof *yraw);
    memcpy(d.Z, Zraw, n * p * sizeof *Zraw);
    rc = demean(d.y, N, T, fe);
    for (size_t c = 0; c < p && !rc; c++)
        rc = demean(d.Z + c * n, N, T, fe);
    if (!rc && !sem)
        rc = demean(memcpy(d.wy, wyraw, n * sizeof *wyraw), N, T, fe);
    if (rc)
        goto out;
    for (size_t c = 0; c < p; c++) /* a variable the transformation wipes out (e.g. constant over time) */
        if (!(dot(d.Z + c * n, d.Z + c * n, n) > 1e-24 * dot(Zraw + c * n, Zraw + c * n, n))) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial panel with fe %s: explanatory variable %zu%s has no variation "
                                            "left after removing the effects (it is constant over time within units, "
                                            "or over units within periods) and is collinear with them; drop it",
                                fe_name(fe), c % kx + 1, c >= kx ? " (its spatial lag)" : "");
            goto out;
        }
    if (sem) {
        for (size_t t = 0; t < T; t++) {
            wlag(w, d.y + t * N, d.wy + t * N);
            for (size_t c = 0; c < p; c++)
                wlag(w, d.Z + c * n + t * N, d.wZ + c * n + t * N);
        }
    }
    /* R^2 is computed on the transformed y and regressors */
    rc = fit_fe(f, &d, d.y, d.Z);
out:
    if (rc)
        nqpf__spreg_fit_free(f);
    nqpf__spreg_logdet_free(ld);
    free(d.y);
    free(d.wy);
    free(d.Z);
    free(d.wZ);
    free(d.e0);
    free(d.e1);
    free(d.b0);
    free(d.b1);
    free(d.yb);
    free(d.Zb);
    free(d.v);
    free(d.q);
    free(d.beta);
    free(yraw);
    free(wyraw);
    free(Zraw);
    return rc;
}

/* ---- Hausman -------------------------------------------------------------------------------- */

int nqpf__spreg_hausman(double *stat, size_t *df, double *p, const nqpf__spreg_fit *fe, const nqpf__spreg_fit *re)
{
    *stat = *p = NAN;
    *df = 0;
    if (!fe->cov || !re->cov || fe->model != re->model || fe->kx != re->kx || fe->nwx != re->nwx ||
        fe->nsp != re->nsp)
        return nqpf_error_set(NQPF_EUSAGE, "Hausman test: the fixed- and random-effects fits must be of the same "
                                           "model with the same variables");
    size_t kf = fe->nb - (size_t)fe->has_const, m = kf + fe->nsp;
    size_t of = (size_t)fe->has_const, orr = (size_t)re->has_const;
    size_t Mf = fe->nb + fe->nsp, Mr = re->nb + re->nsp;
    gsl_matrix *V = gsl_matrix_alloc(m, m);
    gsl_vector *dv = gsl_vector_alloc(m), *x = gsl_vector_alloc(m);
    int rc = NQPF_OK;
    if (!V || !dv || !x) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    /* index k of the shared vector: beta without _cons, then the spatial parameter(s) */
    for (size_t a = 0; a < m; a++) {
        size_t ia = of + a, ja = orr + a;
        double bf = a < kf ? fe->beta[ia] : (fe->model == NQPF_SPREG_SEM ? fe->lambda : fe->rho);
        double br = a < kf ? re->beta[ja] : (re->model == NQPF_SPREG_SEM ? re->lambda : re->rho);
        gsl_vector_set(dv, a, bf - br);
        for (size_t b = 0; b < m; b++)
            gsl_matrix_set(V, a, b, fe->cov[ia * Mf + of + b] - re->cov[ja * Mr + orr + b]);
    }
    if (gsl_linalg_cholesky_decomp1(V) != GSL_SUCCESS) {
        rc = nqpf_error_set(NQPF_EDATA, "Hausman test: the difference of the fixed- and random-effects covariances is "
                                        "not positive definite, so the statistic is not defined (Stata's hausman "
                                        "would report a negative value)");
        goto out;
    }
    gsl_linalg_cholesky_solve(V, dv, x);
    double s = 0;
    for (size_t a = 0; a < m; a++)
        s += gsl_vector_get(dv, a) * gsl_vector_get(x, a);
    *stat = s;
    *df = m;
    *p = gsl_cdf_chisq_Q(s, (double)m);
out:
    gsl_matrix_free(V);
    gsl_vector_free(dv);
    gsl_vector_free(x);
    return rc;
}
