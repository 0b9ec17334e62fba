/* The log-determinant log|I - a W| of spatial regression's likelihoods (docs/spreg.md, section
 * "Log-determinants").
 *
 * exact      the eigenvalues lambda_j of W (LAPACK dgeev on the dense n x n matrix):
 *            log|I - aW| = sum_j log|1 - a lambda_j|; a complex pair x +- iy contributes
 *            log((1 - a x)^2 + (a y)^2), which is real, so no complex logarithm is needed.
 * chebyshev  Pace and LeSage (2004): log(1 - a x) approximated on [-1, 1] by a Chebyshev series of
 *            order q in x = lambda / r (r: the spectral radius of W), so that
 *            log|I - aW| ~ sum_{j=0..q} c_j(a) tr T_j(W/r) - c_0 n / 2. The traces of T_0, T_1, T_2
 *            are exact (n, tr W / r, 2 tr W^2 / r^2 - n); higher ones are Hutchinson estimates
 *            u' T_j(W/r) u over P Rademacher vectors u, computed by the three-term recurrence on
 *            vectors (never forming a matrix power).
 * mc         Barry and Pace (1999): log|I - aW| = -sum_{k>=1} a^k tr(W^k) / k, truncated at m terms,
 *            with tr W and tr W^2 exact and the others estimated by u' W^k u over the same kind of
 *            vectors.
 * Both approximations draw their vectors from a fixed internal seed (splitmix64), so that a given
 * W always gives the same numbers, whatever the machine or thread count.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spreg/spreg_internal.h"
#include "util/util.h"

/* LAPACK (Fortran calling convention). */
extern void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda, double *wr,
                   double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr, double *work,
                   const int *lwork, int *info);

struct nqpf__spreg_logdet {
    nqpf_spreg_logdet_method method; /* EXACT, CHEBYSHEV or MC (AUTO is resolved) */
    size_t n;
    double lo, hi;   /* the domain of a */
    double *re, *im; /* exact: eigenvalues */
    double r;        /* approximations: the spectral radius bound used to scale W */
    size_t q;        /* chebyshev order, or mc terms */
    double *tr;      /* chebyshev: tr T_j(W/r), j = 0..q; mc: tr W^k, k = 1..q (tr[k-1]) */
};

void nqpf__spreg_fit_free(nqpf__spreg_fit *f)
{
    if (!f)
        return;
    free(f->beta);
    free(f->cov);
    free(f->resid);
    memset(f, 0, sizeof *f);
}

/* y = W x (rows as stored by the weights, after its style). */
static void wmul(const nqpf_weights *w, const double *x, double *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        double s = 0;
        for (size_t j = 0; j < k; j++)
            s += wt[j] * x[nb[j]];
        y[i] = s;
    }
}

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* tr W and tr W^2 = sum_ij w_ij w_ji, exactly from the sparse rows. */
static void exact_traces(const nqpf_weights *w, size_t n, double *t1, double *t2)
{
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t j = 0; j < k; j++) {
            size_t c = nb[j];
            if (c == i) {
                a += wt[j];
                b += wt[j] * wt[j];
                continue;
            }
            const size_t *nb2;
            const double *wt2;
            size_t k2 = nqpf_weights_row(w, c, &nb2, &wt2);
            for (size_t l = 0; l < k2; l++)
                if (nb2[l] == i)
                    b += wt[j] * wt2[l];
        }
    }
    *t1 = a;
    *t2 = b;
}

/* An upper bound on the spectral radius of the non-negative W: the Collatz-Wielandt bound
 * max_i (W x)_i / x_i for a positive x refined by power iteration of (I + W) / 2 (which shares
 * W's Perron vector and has no rival eigenvalue of the same modulus). Never below the true radius. */
static int radius_bound(const nqpf_weights *w, size_t n, double *r)
{
    double *x = nqpf__malloc(n, sizeof *x), *y = nqpf__malloc(n, sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = 1;
    double best = HUGE_VAL;
    for (int it = 0; it < 300; it++) {
        wmul(w, x, y, n);
        double ub = 0, rowmax = 0;
        for (size_t i = 0; i < n; i++) {
            if (y[i] / x[i] > ub)
                ub = y[i] / x[i];
        }
        if (ub < best)
            best = ub;
        for (size_t i = 0; i < n; i++) {
            x[i] = 0.5 * (x[i] + y[i]);
            if (x[i] > rowmax)
                rowmax = x[i];
        }
        for (size_t i = 0; i < n; i++) /* keep x positive (islands and sinks decay towards 0) */
            x[i] = x[i] / rowmax + 1e-12;
        if (it > 5 && best - ub < 1e-14 * best && best <= ub * (1 + 1e-12))
            break;
    }
    free(x);
    free(y);
    *r = best > 0 ? best : 1;
    return NQPF_OK;
}

static int prepare_exact(nqpf__spreg_logdet *ld, const nqpf_weights *w)
{
    size_t n = ld->n;
    if (n > 46000)
        return nqpf_error_set(NQPF_EINTERNAL, "the option logdet: exact log-determinant for %zu units is too large "
                                              "(at most 46000); use logdet chebyshev or mc", n);
    double *a = nqpf__calloc(n * n, sizeof *a);
    ld->re = nqpf__malloc(n, sizeof *ld->re);
    ld->im = nqpf__malloc(n, sizeof *ld->im);
    if (!a || !ld->re || !ld->im) {
        free(a);
        return NQPF_EINTERNAL;
    }
    /* Row-major W read as column-major is W', which has the same eigenvalues. */
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t j = 0; j < k; j++)
            a[i * n + nb[j]] += wt[j];
    }
    int ni = (int)n, lwork = -1, info = 0, one = 1;
    double wq = 0, dummy = 0;
    dgeev_("N", "N", &ni, a, &ni, ld->re, ld->im, &dummy, &one, &dummy, &one, &wq, &lwork, &info);
    lwork = info == 0 && wq > 0 ? (int)wq : 4 * ni;
    double *work = nqpf__malloc((size_t)lwork, sizeof *work);
    if (!work) {
        free(a);
        return NQPF_EINTERNAL;
    }
    dgeev_("N", "N", &ni, a, &ni, ld->re, ld->im, &dummy, &one, &dummy, &one, work, &lwork, &info);
    free(work);
    free(a);
    if (info != 0)
        return nqpf_error_set(NQPF_EINTERNAL, "the option logdet: LAPACK dgeev failed on the %zu x %zu weights matrix "
                                              "(info %d); try logdet chebyshev", n, n, info);
    double mn = 0, mx = 0;
    for (size_t j = 0; j < n; j++) {
        if (ld->im[j] != 0)
            continue;
        if (ld->re[j] < mn)
            mn = ld->re[j];
        if (ld->re[j] > mx)
            mx = ld->re[j];
    }
    ld->lo = mn < 0 ? 1 / mn : -HUGE_VAL;
    ld->hi = mx > 0 ? 1 / mx : HUGE_VAL;
    return NQPF_OK;
}

static int prepare_approx(nqpf__spreg_logdet *ld, const nqpf_weights *w)
{
    size_t n = ld->n, q = ld->q;
    int rc = radius_bound(w, n, &ld->r);
    if (rc)
        return rc;
    ld->lo = -1 / ld->r;
    ld->hi = 1 / ld->r;
    size_t ntr = ld->method == NQPF_SPREG_LOGDET_CHEBYSHEV ? q + 1 : q;
    ld->tr = nqpf__calloc(ntr, sizeof *ld->tr);
    double *u = nqpf__malloc(n, sizeof *u), *v0 = nqpf__malloc(n, sizeof *v0), *v1 = nqpf__malloc(n, sizeof *v1),
           *v2 = nqpf__malloc(n, sizeof *v2);
    if (!ld->tr || !u || !v0 || !v1 || !v2) {
        free(u);
        free(v0);
        free(v1);
        free(v2);
        return NQPF_EINTERNAL;
    }
    uint64_t seed = 20040601u; /* fixed: the approximation is a function of W alone */
    double r = ld->r;
    for (size_t p = 0; p < NQPF__SPREG_LOGDET_PROBES; p++) {
        for (size_t i = 0; i < n; i++)
            u[i] = (splitmix64(&seed) >> 63) ? 1.0 : -1.0;
        if (ld->method == NQPF_SPREG_LOGDET_CHEBYSHEV) {
            /* v_0 = u, v_1 = (W/r) u, v_{j+1} = 2 (W/r) v_j - v_{j-1}; estimate u' v_j. */
            memcpy(v0, u, n * sizeof *u);
            wmul(w, u, v1, n);
            for (size_t i = 0; i < n; i++)
                v1[i] /= r;
            for (size_t j = 2; j <= q; j++) {
                wmul(w, v1, v2, n);
                double s = 0;
                for (size_t i = 0; i < n; i++) {
                    v2[i] = 2 * v2[i] / r - v0[i];
                    s += u[i] * v2[i];
                }
                ld->tr[j] += s;
                double *t = v0;
                v0 = v1;
                v1 = v2;
                v2 = t;
            }
        } else {
            memcpy(v0, u, n * sizeof *u);
            for (size_t k = 1; k <= q; k++) {
                wmul(w, v0, v1, n);
                double s = 0;
                for (size_t i = 0; i < n; i++)
                    s += u[i] * v1[i];
                ld->tr[k - 1] += s;
                double *t = v0;
                v0 = v1;
                v1 = t;
            }
        }
    }
    free(u);
    free(v0);
    free(v1);
    free(v2);
    for (size_t j = 0; j < ntr; j++)
        ld->tr[j] /= (double)NQPF__SPREG_LOGDET_PROBES;
    double t1, t2;
    exact_traces(w, n, &t1, &t2);
    if (ld->method == NQPF_SPREG_LOGDET_CHEBYSHEV) {
        ld->tr[0] = (double)n;
        if (q >= 1)
            ld->tr[1] = t1 / r;
        if (q >= 2)
            ld->tr[2] = 2 * t2 / (r * r) - (double)n;
    } else {
        ld->tr[0] = t1;
        if (q >= 2)
            ld->tr[1] = t2;
    }
    return NQPF_OK;
}

int nqpf__spreg_logdet_new(nqpf__spreg_logdet **out, const nqpf_weights *w, nqpf_spreg_logdet_method m)
{
    *out = NULL;
    nqpf__spreg_logdet *ld = nqpf__calloc(1, sizeof *ld);
    if (!ld)
        return NQPF_EINTERNAL;
    ld->n = nqpf_weights_n(w);
    if (m == NQPF_SPREG_LOGDET_AUTO)
        m = ld->n <= NQPF__SPREG_LOGDET_EXACT_MAX ? NQPF_SPREG_LOGDET_EXACT : NQPF_SPREG_LOGDET_CHEBYSHEV;
    ld->method = m;
    ld->q = m == NQPF_SPREG_LOGDET_MC ? NQPF__SPREG_LOGDET_MC_TERMS : NQPF__SPREG_LOGDET_CHEB_ORDER;
    int rc = m == NQPF_SPREG_LOGDET_EXACT ? prepare_exact(ld, w) : prepare_approx(ld, w);
    if (rc) {
        nqpf__spreg_logdet_free(ld);
        return rc;
    }
    *out = ld;
    return NQPF_OK;
}

/* Chebyshev coefficients of f(x) = log(1 - b x) and, when wanted, of f' and f'' in b, on [-1, 1]
 * (b = a r, |b| < 1): c_j = 2/(q+1) sum_k f(x_k) T_j(x_k) at the nodes x_k = cos(pi (k - 1/2)/(q+1)). */
static void cheb_eval(const nqpf__spreg_logdet *ld, double b, double *v, double *d1, double *d2)
{
    size_t q = ld->q, nn = q + 1;
    double s0 = 0, s1 = 0, s2 = 0;
    for (size_t j = 0; j <= q; j++) {
        double c0 = 0, c1 = 0, c2 = 0;
        for (size_t k = 1; k <= nn; k++) {
            double th = M_PI * ((double)k - 0.5) / (double)nn, x = cos(th), tj = cos((double)j * th);
            double den = 1 - b * x;
            c0 += log(den) * tj;
            c1 += -x / den * tj;
            c2 += -x * x / (den * den) * tj;
        }
        double f = 2.0 / (double)nn, wgt = j == 0 ? 0.5 : 1.0;
        s0 += wgt * f * c0 * ld->tr[j];
        s1 += wgt * f * c1 * ld->tr[j];
        s2 += wgt * f * c2 * ld->tr[j];
    }
    if (v)
        *v = s0;
    if (d1)
        *d1 = s1 * ld->r; /* db/da = r */
    if (d2)
        *d2 = s2 * ld->r * ld->r;
}

double nqpf__spreg_logdet_eval(const nqpf__spreg_logdet *ld, double a)
{
    if (!(a > ld->lo && a < ld->hi))
        return NAN;
    double s = 0;
    switch (ld->method) {
    case NQPF_SPREG_LOGDET_EXACT:
        for (size_t j = 0; j < ld->n; j++) {
            double x = 1 - a * ld->re[j], y = a * ld->im[j];
            s += y == 0 ? log(fabs(x)) : 0.5 * log(x * x + y * y);
        }
        return s;
    case NQPF_SPREG_LOGDET_CHEBYSHEV:
        cheb_eval(ld, a * ld->r, &s, NULL, NULL);
        return s;
    default: {
        double ak = 1;
        for (size_t k = 1; k <= ld->q; k++) {
            ak *= a;
            s -= ak * ld->tr[k - 1] / (double)k;
        }
        return s;
    }
    }
}

void nqpf__spreg_logdet_deriv(const nqpf__spreg_logdet *ld, double a, double *d1, double *d2)
{
    double s1 = 0, s2 = 0;
    switch (ld->method) {
    case NQPF_SPREG_LOGDET_EXACT:
        for (size_t j = 0; j < ld->n; j++) {
            /* g = l / (1 - a l) in real arithmetic; s1 -= Re g, s2 -= Re g^2 */
            double lr = ld->re[j], li = ld->im[j], dr = 1 - a * lr, di = -a * li, m = dr * dr + di * di;
            double gr = (lr * dr + li * di) / m, gi = (li * dr - lr * di) / m;
            s1 -= gr;
            s2 -= gr * gr - gi * gi;
        }
        break;
    case NQPF_SPREG_LOGDET_CHEBYSHEV:
        cheb_eval(ld, a * ld->r, NULL, &s1, &s2);
        break;
    default: {
        double ak1 = 1, ak2 = 1; /* a^(k-1), a^(k-2) */
        for (size_t k = 1; k <= ld->q; k++) {
            s1 -= ak1 * ld->tr[k - 1];
            if (k >= 2) {
                s2 -= (double)(k - 1) * ak2 * ld->tr[k - 1];
                ak2 *= a;
            }
            ak1 *= a;
        }
        break;
    }
    }
    if (d1)
        *d1 = s1;
    if (d2)
        *d2 = s2;
}

void nqpf__spreg_logdet_bounds(const nqpf__spreg_logdet *ld, double *lo, double *hi)
{
    *lo = ld->lo;
    *hi = ld->hi;
}

const double *nqpf__spreg_logdet_eigen(const nqpf__spreg_logdet *ld, const double **imag, size_t *n)
{
    if (ld->method != NQPF_SPREG_LOGDET_EXACT) {
        if (imag)
            *imag = NULL;
        if (n)
            *n = 0;
        return NULL;
    }
    if (imag)
        *imag = ld->im;
    if (n)
        *n = ld->n;
    return ld->re;
}

nqpf_spreg_logdet_method nqpf__spreg_logdet_method_used(const nqpf__spreg_logdet *ld)
{
    return ld->method;
}

void nqpf__spreg_logdet_free(nqpf__spreg_logdet *ld)
{
    if (!ld)
        return;
    free(ld->re);
    free(ld->im);
    free(ld->tr);
    free(ld);
}
