/* Production-function estimators with a control function (docs/prodest.md): Olley-Pakes (1996),
 * Levinsohn-Petrin (2003) and Ackerberg-Caves-Frazer (2015) two-step estimators as R's prodest
 * 0.1.1 defines them, with bootstrap standard errors clustered by firm; Wooldridge (2009) is in
 * prodest_wrdg.c.
 *
 * First stage: OLS (Householder QR) of y on a constant, the free inputs and a full second-order
 * polynomial in (state, proxy) (op, lp), or on a full second-order polynomial in (free, state,
 * proxy) (acf). Second stage, on the rows whose firm has the previous year: omega(b) = phi - x b,
 * omega_lag(b) = phi_lag - x_lag b, g = the OLS fit of omega(b) on (1, omega_lag, omega_lag^2,
 * omega_lag^3), xi = omega(b) - g; op/lp minimise sum (y - f b_f - s b_s - g)^2 over b_s, acf
 * minimises (Z'xi)' (Z'Z)^{-1} (Z'xi) / n over (b_f, b_s) with Z = (f_lag, s). The cubic is fitted
 * on omega_lag centred and scaled (the same fitted values, better conditioned). Minimiser: GSL's
 * Nelder-Mead (nmsimplex2) from the first-stage coefficients (or the option start), restarted
 * from its answer until two rounds in a row end at the same criterion; a round ends when the
 * simplex is smaller than 1e-9 or has stayed below 1e-6 for 100 iterations. A search that has not
 * converged after max_iter iterations is an error carrying the iteration log.
 *
 * Bootstrap: each replication draws as many firms as there are, with replacement (a firm drawn
 * twice counts as two firms), from its own generator seeded by (seed, replication), and repeats
 * both stages; the standard error is the standard deviation (n - 1) of the successful
 * replications, as R's prodest (sd(..., na.rm = TRUE)). Replications run on a pool of threads
 * (option threads), each writing its own rows: the output does not depend on the thread count. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "nqpf/global.h"
#include "nqpf/prodest.h"
#include "parametric/prodest_internal.h"
#include "util/pool.h"
#include "util/util.h"

#define PD_BIG 1e300
#define PD_SIZE_TOL 1e-9
#define PD_STALL_SIZE 1e-6
#define PD_STALL 100
#define PD_LOG 6 /* iterations kept for the log of a search that did not converge */

/* ---- linear algebra --------------------------------------------------------------------------- */

size_t nqpf__prodest_npoly2(size_t q) { return q + q * (q - 1) / 2 + q; }

void nqpf__prodest_poly2(double *out, const double *v, size_t q)
{
    size_t k = 0;
    for (size_t j = 0; j < q; j++)
        out[k++] = v[j];
    for (size_t j = 0; j < q; j++)
        for (size_t l = j + 1; l < q; l++)
            out[k++] = v[j] * v[l];
    for (size_t j = 0; j < q; j++)
        out[k++] = v[j] * v[j];
}

int nqpf__prodest_lsq(double *beta, double *fit, double *X, const double *y, size_t n, size_t k)
{
    if (n < k || k == 0)
        return -1;
    double *A = malloc(n * k * sizeof *A), *qy = malloc(n * sizeof *qy), *diag = malloc(k * sizeof *diag);
    int rc = 0;
    if (!A || !qy || !diag) {
        rc = -2;
        goto done;
    }
    /* Column-major copy; Householder reflections applied to A and to qy. */
    double maxnorm = 0;
    for (size_t j = 0; j < k; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            A[j * n + i] = X[i * k + j];
            s += X[i * k + j] * X[i * k + j];
        }
        if (sqrt(s) > maxnorm)
            maxnorm = sqrt(s);
    }
    memcpy(qy, y, n * sizeof *qy);
    for (size_t j = 0; j < k; j++) {
        double *a = A + j * n, norm = 0;
        for (size_t i = j; i < n; i++)
            norm += a[i] * a[i];
        norm = sqrt(norm);
        if (!(norm > 1e-11 * maxnorm)) {
            rc = -1;
            goto done;
        }
        double alpha = a[j] > 0 ? -norm : norm;
        a[j] -= alpha; /* v = a - alpha e_j, stored in a[j..n) */
        double vv = 0;
        for (size_t i = j; i < n; i++)
            vv += a[i] * a[i];
        for (size_t c = j + 1; c < k; c++) {
            double *b = A + c * n, dot = 0;
            for (size_t i = j; i < n; i++)
                dot += a[i] * b[i];
            dot = 2 * dot / vv;
            for (size_t i = j; i < n; i++)
                b[i] -= dot * a[i];
        }
        double dot = 0;
        for (size_t i = j; i < n; i++)
            dot += a[i] * qy[i];
        dot = 2 * dot / vv;
        for (size_t i = j; i < n; i++)
            qy[i] -= dot * a[i];
        diag[j] = alpha;
    }
    /* R is diag on the diagonal and A above it: back-substitution. */
    for (size_t jj = k; jj-- > 0;) {
        double s = qy[jj];
        for (size_t c = jj + 1; c < k; c++)
            s -= A[c * n + jj] * beta[c];
        beta[jj] = s / diag[jj];
    }
    if (fit)
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < k; j++)
                s += X[i * k + j] * beta[j];
            fit[i] = s;
        }
done:
    free(A);
    free(qy);
    free(diag);
    return rc;
}

/* ---- data ------------------------------------------------------------------------------------- */

static void data_free(pd_data *d)
{
    free(d->y);
    free(d->f);
    free(d->s);
    free(d->m);
    free(d->lag);
    memset(d, 0, sizeof *d);
}

static int data_alloc(pd_data *d, size_t n, size_t nf, size_t ns)
{
    d->n = n, d->nf = nf, d->ns = ns;
    d->y = nqpf__malloc(n + 1, sizeof *d->y);
    d->f = nqpf__malloc(n * nf + 1, sizeof *d->f);
    d->s = nqpf__malloc(n * ns + 1, sizeof *d->s);
    d->m = nqpf__malloc(n + 1, sizeof *d->m);
    d->lag = nqpf__malloc(n + 1, sizeof *d->lag);
    if (!d->y || !d->f || !d->s || !d->m || !d->lag) {
        data_free(d);
        return NQPF_EINTERNAL;
    }
    return NQPF_OK;
}

/* Reads the columns of o from p (logged unless o->logged) in panel order, with the lags. */
static int data_load(pd_data *d, const nqpf_panel *p, const nqpf_prodest_options *o)
{
    const size_t n = nqpf_panel_nobs(p), nf = o->nfree, ns = o->nstate;
    const unsigned flags = NQPF_REQ_COMPLETE | (o->logged ? 0u : NQPF_REQ_POSITIVE);
    const char *purpose = o->logged ? "prodest variable" : "prodest takes its log; if the data are already logs, "
                                                           "set the option logged";
    int rc;
    if ((rc = data_alloc(d, n, nf, ns)))
        return rc;
    const double *col;
    for (size_t c = 0; c < 2 + nf + ns; c++) {
        const char *name = c == 0 ? o->output : c == 1 ? o->proxy : c < 2 + nf ? o->free[c - 2] : o->state[c - 2 - nf];
        if ((rc = nqpf_panel_require(p, name, flags, NULL, 0, purpose, &col))) {
            data_free(d);
            return rc;
        }
        for (size_t i = 0; i < n; i++) {
            double v = o->logged ? col[i] : log(col[i]);
            if (c == 0)
                d->y[i] = v;
            else if (c == 1)
                d->m[i] = v;
            else if (c < 2 + nf)
                d->f[i * nf + (c - 2)] = v;
            else
                d->s[i * ns + (c - 2 - nf)] = v;
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t q = nqpf_panel_prev(p, i);
        d->lag[i] = q == NQPF_NONE ? -1 : (long)q;
    }
    return NQPF_OK;
}

/* ---- first stage ------------------------------------------------------------------------------ */

/* The number of first-stage regressors (constant included). */
static size_t fs_ncoef(const pd_data *d, int acf)
{
    return acf ? 1 + nqpf__prodest_npoly2(d->nf + d->ns + 1) : 1 + d->nf + nqpf__prodest_npoly2(d->ns + 1);
}

/* OLS of y on the first-stage regressors: coef (fs_ncoef), phi (op/lp: fitted - f b_f; acf:
 * fitted) and res (op/lp: y - f b_f; acf: unused, may be NULL). */
static int first_stage(double *coef, double *phi, double *res, const pd_data *d, int acf)
{
    const size_t n = d->n, nf = d->nf, ns = d->ns, k = fs_ncoef(d, acf);
    double *X = nqpf__malloc(n * k + 1, sizeof *X);
    int rc = NQPF_OK;
    if (!X)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        double *row = X + i * k, v[NQPF_PRODEST_MAX_INPUTS + 1];
        size_t q = 0;
        row[0] = 1;
        if (acf) {
            for (size_t j = 0; j < nf; j++)
                v[q++] = d->f[i * nf + j];
        } else {
            for (size_t j = 0; j < nf; j++)
                row[1 + j] = d->f[i * nf + j];
        }
        for (size_t j = 0; j < ns; j++)
            v[q++] = d->s[i * ns + j];
        v[q++] = d->m[i];
        nqpf__prodest_poly2(row + (acf ? 1 : 1 + nf), v, q);
    }
    int lrc = nqpf__prodest_lsq(coef, phi, X, d->y, n, k);
    if (lrc == -2)
        rc = nqpf__nomem("the production function estimate (prodest)");
    else if (lrc)
        rc = nqpf_error_set(NQPF_EDATA,
                            "prodest: the first-stage regressors (constant, free inputs and the second-order "
                            "polynomial in %s) are collinear on %zu rows: check for constant or duplicated columns",
                            acf ? "free, state and proxy" : "state and proxy", n);
    if (!rc && !acf)
        for (size_t i = 0; i < n; i++) {
            double fb = 0;
            for (size_t j = 0; j < nf; j++)
                fb += d->f[i * nf + j] * coef[1 + j];
            phi[i] -= fb;
            res[i] = d->y[i] - fb;
        }
    free(X);
    return rc;
}

/* ---- second stage ----------------------------------------------------------------------------- */

typedef struct pd_s2 {
    size_t n, p;             /* rows with a lag; searched coefficients */
    int acf;
    double *X, *LX, *Z;      /* n x p: current inputs, lagged inputs, acf instruments (f_lag, s) */
    double *phi, *lphi, *res;
    double *ZZi;             /* acf: (Z'Z)^{-1}, p x p */
    double *om, *D, *fit, *xi; /* work */
    double g[4];
    size_t evals;
} pd_s2;

static void s2_free(pd_s2 *w)
{
    free(w->X);
    free(w->LX);
    free(w->Z);
    free(w->phi);
    free(w->lphi);
    free(w->res);
    free(w->ZZi);
    free(w->om);
    free(w->D);
    free(w->fit);
    free(w->xi);
    memset(w, 0, sizeof *w);
}

int nqpf__prodest_inverse(double *A, size_t p)
{
    double *B = calloc(p * p + 1, sizeof *B);
    if (!B)
        return -2;
    for (size_t i = 0; i < p; i++)
        B[i * p + i] = 1;
    double scale = 0;
    for (size_t i = 0; i < p * p; i++)
        scale = fmax(scale, fabs(A[i]));
    for (size_t c = 0; c < p; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < p; r++)
            if (fabs(A[r * p + c]) > fabs(A[piv * p + c]))
                piv = r;
        if (!(fabs(A[piv * p + c]) > 1e-13 * scale)) {
            free(B);
            return -1;
        }
        for (size_t j = 0; j < p; j++) {
            double t = A[c * p + j];
            A[c * p + j] = A[piv * p + j], A[piv * p + j] = t;
            t = B[c * p + j];
            B[c * p + j] = B[piv * p + j], B[piv * p + j] = t;
        }
        double dv = A[c * p + c];
        for (size_t j = 0; j < p; j++)
            A[c * p + j] /= dv, B[c * p + j] /= dv;
        for (size_t r = 0; r < p; r++)
            if (r != c) {
                double fct = A[r * p + c];
                for (size_t j = 0; j < p; j++)
                    A[r * p + j] -= fct * A[c * p + j], B[r * p + j] -= fct * B[c * p + j];
            }
    }
    memcpy(A, B, p * p * sizeof *A);
    free(B);
    return 0;
}

/* Builds the second-stage data from d and the first stage (phi, res). */
static int s2_init(pd_s2 *w, const pd_data *d, const double *phi, const double *res, int acf)
{
    const size_t nf = d->nf, ns = d->ns, p = acf ? nf + ns : ns;
    size_t n = 0;
    memset(w, 0, sizeof *w);
    for (size_t i = 0; i < d->n; i++)
        n += d->lag[i] >= 0;
    w->n = n, w->p = p, w->acf = acf;
    if (!(w->X = nqpf__malloc(n * p + 1, sizeof *w->X)) || !(w->LX = nqpf__malloc(n * p + 1, sizeof *w->LX)) ||
        !(w->Z = nqpf__malloc(n * p + 1, sizeof *w->Z)) || !(w->phi = nqpf__malloc(n + 1, sizeof *w->phi)) ||
        !(w->lphi = nqpf__malloc(n + 1, sizeof *w->lphi)) || !(w->res = nqpf__malloc(n + 1, sizeof *w->res)) ||
        !(w->ZZi = nqpf__calloc(p * p + 1, sizeof *w->ZZi)) || !(w->om = nqpf__malloc(n + 1, sizeof *w->om)) ||
        !(w->D = nqpf__malloc(4 * n + 1, sizeof *w->D)) || !(w->fit = nqpf__malloc(n + 1, sizeof *w->fit)) ||
        !(w->xi = nqpf__malloc(n + 1, sizeof *w->xi))) {
        s2_free(w);
        return NQPF_EINTERNAL;
    }
    size_t r = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->lag[i] < 0)
            continue;
        size_t l = (size_t)d->lag[i], c = 0;
        if (acf)
            for (size_t j = 0; j < nf; j++, c++) {
                w->X[r * p + c] = d->f[i * nf + j];
                w->LX[r * p + c] = d->f[l * nf + j];
                w->Z[r * p + c] = d->f[l * nf + j];
            }
        for (size_t j = 0; j < ns; j++, c++) {
            w->X[r * p + c] = d->s[i * ns + j];
            w->LX[r * p + c] = d->s[l * ns + j];
            w->Z[r * p + c] = d->s[i * ns + j];
        }
        w->phi[r] = phi[i];
        w->lphi[r] = phi[l];
        w->res[r] = acf ? 0 : res[i];
        r++;
    }
    if (acf) {
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < p; a++)
                for (size_t b = 0; b < p; b++)
                    w->ZZi[a * p + b] += w->Z[i * p + a] * w->Z[i * p + b];
        int irc = nqpf__prodest_inverse(w->ZZi, p);
        if (irc) {
            s2_free(w);
            return irc == -2 ? NQPF_EINTERNAL
                             : nqpf_error_set(NQPF_EDATA, "prodest: the acf instruments (lagged free inputs and "
                                                          "state inputs) are collinear on the %zu rows with a lag",
                                              n);
        }
    }
    return NQPF_OK;
}

/* The criterion at th (PD_BIG where it cannot be evaluated). */
static double s2_eval(pd_s2 *w, const double *th)
{
    const size_t n = w->n, p = w->p;
    double mean = 0, var = 0;
    w->evals++;
    for (size_t i = 0; i < n; i++) {
        double xb = 0, lxb = 0;
        for (size_t j = 0; j < p; j++)
            xb += w->X[i * p + j] * th[j], lxb += w->LX[i * p + j] * th[j];
        w->om[i] = w->phi[i] - xb;
        w->xi[i] = w->lphi[i] - lxb; /* omega_lag for now */
        mean += w->xi[i];
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        var += (w->xi[i] - mean) * (w->xi[i] - mean);
    double sd = sqrt(var / (double)n);
    if (!isfinite(sd) || !(sd > 0))
        return PD_BIG;
    for (size_t i = 0; i < n; i++) {
        double z = (w->xi[i] - mean) / sd;
        w->D[i * 4] = 1, w->D[i * 4 + 1] = z, w->D[i * 4 + 2] = z * z, w->D[i * 4 + 3] = z * z * z;
    }
    if (nqpf__prodest_lsq(w->g, w->fit, w->D, w->om, n, 4))
        return PD_BIG;
    double crit = 0;
    if (w->acf) {
        double m[2 * NQPF_PRODEST_MAX_INPUTS] = {0};
        for (size_t i = 0; i < n; i++) {
            double xi = w->om[i] - w->fit[i];
            for (size_t j = 0; j < p; j++)
                m[j] += w->Z[i * p + j] * xi;
        }
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++)
                crit += m[a] * w->ZZi[a * p + b] * m[b];
        crit /= (double)n;
    } else {
        for (size_t i = 0; i < n; i++) {
            double xb = 0;
            for (size_t j = 0; j < p; j++)
                xb += w->X[i * p + j] * th[j];
            double xi = w->res[i] - xb - w->fit[i];
            crit += xi * xi;
        }
    }
    return isfinite(crit) ? crit : PD_BIG;
}

static double s2_gsl(const gsl_vector *x, void *params)
{
    pd_s2 *w = params;
    double th[2 * NQPF_PRODEST_MAX_INPUTS];
    for (size_t j = 0; j < w->p; j++)
        th[j] = gsl_vector_get(x, j);
    return s2_eval(w, th);
}

typedef struct pd_log {
    size_t iter[PD_LOG];
    double f[PD_LOG], size[PD_LOG];
    size_t n;
} pd_log;

static void log_add(pd_log *L, size_t it, double f, double size)
{
    size_t k = L->n < PD_LOG ? L->n : PD_LOG - 1;
    if (L->n >= PD_LOG) /* keep the first entry, slide the others */
        for (size_t j = 1; j + 1 < PD_LOG; j++)
            L->iter[j] = L->iter[j + 1], L->f[j] = L->f[j + 1], L->size[j] = L->size[j + 1];
    L->iter[k] = it, L->f[k] = f, L->size[k] = size;
    L->n++;
}

/* Nelder-Mead from th (overwritten with the answer), restarted from its answer (step 0.01) until two
 * rounds in a row end at the same criterion (relative 1e-9). A round ends when the simplex is
 * smaller than PD_SIZE_TOL, or has stayed below PD_STALL_SIZE for PD_STALL iterations (a collapsed
 * simplex crawling along a slope, which a fresh simplex escapes). Returns
 * 0 when converged, 1 when not within max_iter iterations (log filled), -1 not enough memory. */
static int s2_minimise(pd_s2 *w, double *th, size_t max_iter, size_t *iters, double *fmin, pd_log *L)
{
    const size_t p = w->p;
    gsl_multimin_function F = {s2_gsl, p, w};
    gsl_vector *x = gsl_vector_alloc(p), *step = gsl_vector_alloc(p);
    gsl_multimin_fminimizer *M = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, p);
    int status = 1;
    size_t it = 0;
    if (!x || !step || !M) {
        status = -1;
        goto done;
    }
    memset(L, 0, sizeof *L);
    double fprev = HUGE_VAL;
    for (int round = 0; round < 50 && it < max_iter; round++) {
        for (size_t j = 0; j < p; j++)
            gsl_vector_set(x, j, th[j]), gsl_vector_set(step, j, round ? 0.01 : 0.1);
        gsl_multimin_fminimizer_set(M, &F, x, step);
        size_t small = 0; /* consecutive iterations with a simplex below PD_STALL_SIZE */
        int ended = 0;
        while (!ended && it < max_iter) {
            it++;
            if (gsl_multimin_fminimizer_iterate(M))
                break;
            double size = gsl_multimin_fminimizer_size(M);
            log_add(L, it, M->fval, size);
            small = size < PD_STALL_SIZE ? small + 1 : 0;
            ended = size < PD_SIZE_TOL || small >= PD_STALL;
        }
        for (size_t j = 0; j < p; j++)
            th[j] = gsl_vector_get(M->x, j);
        *fmin = M->fval;
        if (!ended)
            break;
        if (fabs(fprev - *fmin) <= 1e-9 * fabs(*fmin)) {
            status = 0;
            break;
        }
        fprev = *fmin;
    }
    if (!(*fmin < PD_BIG))
        status = 1;
done:
    *iters = it;
    gsl_multimin_fminimizer_free(M);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return status;
}

/* ---- one estimation --------------------------------------------------------------------------- */

typedef struct pd_fit {
    double b[2 * NQPF_PRODEST_MAX_INPUTS]; /* free then state */
    size_t iters, n2;
    double crit;
    pd_log log;
} pd_fit;

/* Both stages of op/lp/acf on d. Errors: NQPF_EDATA (collinearity, too few rows, no convergence:
 * the message says which; with quiet the message is shorter, for the bootstrap). */
static int estimate(pd_fit *fit, const pd_data *d, const nqpf_prodest_options *o)
{
    const int acf = o->method == NQPF_PRODEST_ACF;
    const size_t n = d->n, k = fs_ncoef(d, acf), nf = d->nf, ns = d->ns;
    double *coef = nqpf__malloc(k, sizeof *coef), *phi = nqpf__malloc(n + 1, sizeof *phi),
           *res = nqpf__malloc(n + 1, sizeof *res);
    pd_s2 w;
    int rc;
    memset(&w, 0, sizeof w);
    if (!coef || !phi || !res) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = first_stage(coef, phi, res, d, acf)) || (rc = s2_init(&w, d, phi, res, acf)))
        goto done;
    fit->n2 = w.n;
    if (w.n < w.p + 5) {
        rc = nqpf_error_set(NQPF_EDATA,
                            "prodest: only %zu rows have the previous year of the same firm; the second stage "
                            "needs at least %zu (each firm needs two consecutive years)",
                            w.n, w.p + 5);
        goto done;
    }
    double th[2 * NQPF_PRODEST_MAX_INPUTS];
    for (size_t j = 0; j < w.p; j++) {
        /* The first-stage coefficient of the same variable: op/lp the state's linear term, acf the
         * free and state linear terms of the polynomial. */
        double fs = acf ? coef[1 + j] : coef[1 + nf + j];
        th[j] = o->nstart == 0 ? fs : o->start[o->nstart == 1 ? 0 : j];
    }
    int st = s2_minimise(&w, th, o->max_iter, &fit->iters, &fit->crit, &fit->log);
    if (st < 0) {
        rc = nqpf__nomem("the production function estimate (prodest)");
        goto done;
    }
    if (st > 0) {
        nqpf__buf b = NQPF__BUF_INIT;
        size_t m = fit->log.n < PD_LOG ? fit->log.n : PD_LOG;
        for (size_t j = 0; j < m; j++)
            nqpf__buf_printf(&b, "%s%zu: %.10g (size %.3g)", j ? "; " : "", fit->log.iter[j], fit->log.f[j],
                             fit->log.size[j]);
        rc = nqpf_error_set(NQPF_EDATA,
                            "prodest: method %s: the second stage did not converge in %zu iterations (the option "
                            "max_iter), iteration: criterion (simplex size): %s; try other start values (the option "
                            "start) or check the proxy",
                            nqpf_prodest_method_name(o->method), fit->iters, m ? nqpf__buf_cstr(&b) : "none");
        nqpf__buf_free(&b);
        goto done;
    }
    if (acf)
        memcpy(fit->b, th, (nf + ns) * sizeof *th);
    else {
        memcpy(fit->b, coef + 1, nf * sizeof *coef);
        memcpy(fit->b + nf, th, ns * sizeof *th);
    }
done:
    s2_free(&w);
    free(coef);
    free(phi);
    free(res);
    return rc;
}

/* ---- bootstrap -------------------------------------------------------------------------------- */

static uint64_t sm64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Replication r: the firms drawn with replacement, stacked as new firms (lags within each copy). */
static int boot_sample(pd_data *b, const pd_data *d, const size_t *fbeg, size_t nfirm, unsigned long long seed,
                       size_t r, size_t *draw)
{
    uint64_t st = (uint64_t)seed * 0xD1B54A32D192ED03ull ^ ((uint64_t)(r + 1) * 0x9E3779B97F4A7C15ull);
    size_t n = 0;
    for (size_t u = 0; u < nfirm; u++) {
        draw[u] = (size_t)((double)(sm64(&st) >> 11) * 0x1.0p-53 * (double)nfirm);
        if (draw[u] >= nfirm)
            draw[u] = nfirm - 1;
        n += fbeg[draw[u] + 1] - fbeg[draw[u]];
    }
    int rc = data_alloc(b, n, d->nf, d->ns);
    if (rc)
        return rc;
    size_t at = 0;
    for (size_t u = 0; u < nfirm; u++) {
        size_t a = fbeg[draw[u]], e = fbeg[draw[u] + 1], base = at;
        for (size_t i = a; i < e; i++, at++) {
            b->y[at] = d->y[i];
            b->m[at] = d->m[i];
            memcpy(b->f + at * d->nf, d->f + i * d->nf, d->nf * sizeof *b->f);
            memcpy(b->s + at * d->ns, d->s + i * d->ns, d->ns * sizeof *b->s);
            /* the lag is a row of the same firm: the same offset inside the copy */
            b->lag[at] = d->lag[i] < 0 ? -1 : (long)(base + ((size_t)d->lag[i] - a));
        }
    }
    return NQPF_OK;
}

/* The bootstrap's work, shared by the participants of a pool: participant t runs replications
 * t, t + stride, ...; each writes only its own rows of est and status. */
typedef struct pd_boot {
    const pd_data *d;
    const size_t *fbeg;
    size_t nfirm, q;
    const nqpf_prodest_options *o;
    double *est;  /* reps x q; NaN where the replication failed */
    int *status;  /* reps: NQPF_OK or the failure's code */
    unsigned stride;
} pd_boot;

static void boot_work(void *ctx, unsigned t)
{
    pd_boot *B = ctx;
    size_t *draw = malloc((B->nfirm + 1) * sizeof *draw);
    for (size_t r = t; r < B->o->reps; r += B->stride) {
        pd_data bd;
        pd_fit bf;
        int rc = draw ? boot_sample(&bd, B->d, B->fbeg, B->nfirm, B->o->seed, r, draw) : NQPF_EINTERNAL;
        if (!rc) {
            rc = estimate(&bf, &bd, B->o);
            data_free(&bd);
        }
        B->status[r] = rc;
        for (size_t j = 0; j < B->q; j++)
            B->est[r * B->q + j] = rc ? NAN : bf.b[j];
    }
    free(draw);
}

static unsigned thread_count(unsigned t)
{
    if (t == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        t = nc > 0 ? (unsigned)nc : 1;
    }
    return t;
}

/* ---- public ----------------------------------------------------------------------------------- */

static int load_checked(pd_data *d, const nqpf_panel *p, const nqpf_prodest_options *o)
{
    int rc;
    nqpf_global_init();
    if (!p)
        return nqpf_error_set(NQPF_EUSAGE, "prodest: no panel");
    if ((rc = nqpf__prodest_check(o)))
        return rc;
    return data_load(d, p, o);
}

int nqpf_prodest_first_stage(double *coef, size_t *ncoef, double *phi, const nqpf_panel *p,
                             const nqpf_prodest_options *o)
{
    pd_data d;
    int rc = load_checked(&d, p, o);
    if (rc)
        return rc;
    const int acf = o->method == NQPF_PRODEST_ACF;
    size_t k = fs_ncoef(&d, acf);
    double *c = nqpf__malloc(k, sizeof *c), *ph = nqpf__malloc(d.n + 1, sizeof *ph),
           *res = nqpf__malloc(d.n + 1, sizeof *res);
    if (!c || !ph || !res)
        rc = NQPF_EINTERNAL;
    else if (!(rc = first_stage(c, ph, res, &d, acf))) {
        if (coef)
            memcpy(coef, c, k * sizeof *c);
        if (phi)
            memcpy(phi, ph, d.n * sizeof *ph);
        if (ncoef)
            *ncoef = k;
    }
    free(c);
    free(ph);
    free(res);
    data_free(&d);
    return rc;
}

int nqpf_prodest_objective(double *value, const nqpf_panel *p, const nqpf_prodest_options *o, const double *theta)
{
    if (o && o->version == NQPF_PRODEST_OPTIONS_VERSION && o->method == NQPF_PRODEST_WRDG)
        return nqpf_opt_error(NQPF_EUSAGE, "method", "wrdg has no second-stage criterion (it is a closed form)");
    pd_data d;
    int rc = load_checked(&d, p, o);
    if (rc)
        return rc;
    const int acf = o->method == NQPF_PRODEST_ACF;
    size_t k = fs_ncoef(&d, acf);
    double *c = nqpf__malloc(k, sizeof *c), *ph = nqpf__malloc(d.n + 1, sizeof *ph),
           *res = nqpf__malloc(d.n + 1, sizeof *res);
    pd_s2 w;
    memset(&w, 0, sizeof w);
    if (!c || !ph || !res)
        rc = NQPF_EINTERNAL;
    else if (!(rc = first_stage(c, ph, res, &d, acf)) && !(rc = s2_init(&w, &d, ph, res, acf)))
        *value = s2_eval(&w, theta);
    s2_free(&w);
    free(c);
    free(ph);
    free(res);
    data_free(&d);
    return rc;
}

static int make_tables(nqpf_table **omega, nqpf_table **coef, const nqpf_panel *p, const pd_data *d,
                       const nqpf_prodest_options *o, const double *b, const double *se, size_t nobs_report)
{
    const size_t nf = d->nf, ns = d->ns, q = nf + ns;
    nqpf_table *om = nqpf_panel_result_new(p, NULL, 0), *cf = nqpf_table_new(q);
    double *w = nqpf__malloc(d->n + q + 1, sizeof *w);
    const char **term = nqpf__malloc(q, sizeof *term), **meth = nqpf__malloc(q, sizeof *meth);
    int rc = NQPF_OK;
    if (!om || !cf || !w || !term || !meth) {
        rc = NQPF_EINTERNAL;
        goto fail;
    }
    for (size_t i = 0; i < d->n; i++) {
        double v = d->y[i];
        for (size_t j = 0; j < nf; j++)
            v -= b[j] * d->f[i * nf + j];
        for (size_t j = 0; j < ns; j++)
            v -= b[nf + j] * d->s[i * ns + j];
        w[i] = v;
    }
    if ((rc = nqpf_table_add_num(om, "omega", w, NULL)))
        goto fail;
    for (size_t j = 0; j < q; j++) {
        term[j] = j < nf ? o->free[j] : o->state[j - nf];
        meth[j] = nqpf_prodest_method_name(o->method);
        w[j] = (double)nobs_report;
    }
    if ((rc = nqpf_table_add_text(cf, "term", term, NULL)) || (rc = nqpf_table_add_num(cf, "estimate", b, NULL)) ||
        (rc = nqpf_table_add_num(cf, "std_error", se, NULL)) || (rc = nqpf_table_add_text(cf, "method", meth, NULL)) ||
        (rc = nqpf_table_add_num(cf, "n_obs", w, NULL)))
        goto fail;
    free(w);
    free(term);
    free(meth);
    *omega = om;
    *coef = cf;
    return NQPF_OK;
fail:
    nqpf_table_free(om);
    nqpf_table_free(cf);
    free(w);
    free(term);
    free(meth);
    return rc ? rc : NQPF_EINTERNAL;
}

int nqpf_prodest_run(nqpf_table **omega, nqpf_table **coef, nqpf_prodest_summary *sum, const nqpf_panel *p,
                     const nqpf_prodest_options *o)
{
    if (!omega || !coef)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_prodest_run: omega and coef must not be NULL");
    *omega = NULL, *coef = NULL;
    pd_data d;
    int rc = load_checked(&d, p, o);
    if (rc)
        return rc;
    nqpf_prodest_summary S;
    memset(&S, 0, sizeof S);
    const size_t nf = d.nf, ns = d.ns, q = nf + ns, nfirm = nqpf_panel_nunits(p);
    S.nobs = d.n;
    S.nfirms = nfirm;
    size_t *fbeg = nqpf__malloc(nfirm + 1, sizeof *fbeg);
    double b[2 * NQPF_PRODEST_MAX_INPUTS], se[2 * NQPF_PRODEST_MAX_INPUTS], *boot = NULL;
    int *bstat = NULL;
    if (!fbeg) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t u = 0; u < nfirm; u++) {
        size_t a = nqpf_panel_unit_begin(p, u), e = nqpf_panel_unit_end(p, u), with = 0;
        fbeg[u] = a;
        for (size_t i = a; i < e; i++)
            with += d.lag[i] >= 0;
        S.nobs_lag += with;
        S.nfirms_nolag += with == 0;
        if (u + 1 == nfirm)
            fbeg[nfirm] = e;
        else if (nqpf_panel_unit_begin(p, u + 1) != e) {
            rc = nqpf_error_set(NQPF_EINTERNAL, "prodest: the panel's firms are not contiguous");
            goto done;
        }
    }
    if (S.nobs_lag == 0) {
        rc = nqpf_error_set(NQPF_EDATA,
                            "prodest: no row has the previous year of the same firm (%zu firms, %zu rows): the "
                            "estimators need lags, so each firm needs at least two consecutive years",
                            nfirm, d.n);
        goto done;
    }
    if (S.nfirms_nolag)
        nqpf_warn("prodest: %zu of %zu firms have no two consecutive years and drop out of the %s; %zu of %zu rows "
                  "have the previous year",
                  S.nfirms_nolag, nfirm, o->method == NQPF_PRODEST_WRDG ? "estimation" : "second stage", S.nobs_lag,
                  d.n);
    if (o->method == NQPF_PRODEST_WRDG) {
        size_t nused = 0;
        if ((rc = nqpf__prodest_wrdg(b, se, &nused, &S.objective, &d, o->wrdg_prodest)))
            goto done;
        rc = make_tables(omega, coef, p, &d, o, b, se, nused);
        goto done;
    }
    pd_fit fit;
    if ((rc = estimate(&fit, &d, o)))
        goto done;
    memcpy(b, fit.b, q * sizeof *b);
    S.iterations = fit.iters;
    S.objective = fit.crit;
    for (size_t j = 0; j < q; j++)
        se[j] = NAN;
    if (o->reps >= 2) {
        if (!(boot = nqpf__malloc(o->reps * q, sizeof *boot)) || !(bstat = nqpf__malloc(o->reps, sizeof *bstat))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        pd_boot B = {&d, fbeg, nfirm, q, o, boot, bstat, 1};
        unsigned want = thread_count(o->threads);
        nqpf__pool *P = NULL;
        if (want > 1 && (rc = nqpf__pool_new(&P, want, boot_work, NULL, &B)))
            goto done;
        if (P) {
            B.stride = nqpf__pool_size(P);
            nqpf__pool_run(P);
            nqpf__pool_free(P);
        } else {
            boot_work(&B, 0);
        }
        for (size_t r = 0; r < o->reps; r++) {
            if (bstat[r] == NQPF_EINTERNAL) {
                rc = nqpf__nomem("the prodest bootstrap");
                goto done;
            }
            if (bstat[r])
                S.reps_failed++;
            else
                S.reps_ok++;
        }
        nqpf_error_clear();
        if (S.reps_failed)
            nqpf_warn("prodest: %zu of %zu bootstrap replications failed (collinear first stage, too few lags or no "
                      "convergence) and are left out of the standard errors",
                      S.reps_failed, o->reps);
        for (size_t j = 0; j < q; j++) {
            double m = 0, v = 0;
            for (size_t r = 0; r < o->reps; r++)
                if (!isnan(boot[r * q + j]))
                    m += boot[r * q + j];
            m /= (double)S.reps_ok;
            for (size_t r = 0; r < o->reps; r++)
                if (!isnan(boot[r * q + j]))
                    v += (boot[r * q + j] - m) * (boot[r * q + j] - m);
            se[j] = S.reps_ok >= 2 ? sqrt(v / (double)(S.reps_ok - 1)) : NAN;
        }
    }
    rc = make_tables(omega, coef, p, &d, o, b, se, d.n);
done:
    if (!rc && sum)
        *sum = S;
    free(boot);
    free(bstat);
    free(fbeg);
    data_free(&d);
    return rc;
}
