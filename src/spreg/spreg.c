/* Cross-section spatial regression (docs/spreg.md): OLS with Moran's I of the residuals and the LM
 * tests (Anselin 1988; Anselin, Bera, Florax and Yoon 1996), SLX by OLS on [X, WX], and maximum
 * likelihood SAR, SDM, SEM and SAC by their concentrated log-likelihoods (Anselin 1988 ch. 6 and 12;
 * LeSage and Pace 2009 ch. 3-4), with the asymptotic covariance from the analytic (expected)
 * information matrix.
 *
 * Notation: Z = [1, X, WX] (n x nb), A = I - rho W, B = I - lambda W, e = B (A y - Z b). With W's
 * polynomials A^-1, B^-1 and W commuting, the information matrix of (b, rho, lambda, sigma2) is
 *   I_bb = (BZ)'(BZ)/s2, I_brho = (BZ)' g / s2 with g = B W A^-1 Z b, I_blambda = 0,
 *   I_rhorho = g'g/s2 + tr(Wa^2) + tr(Wa'Wa), I_lambdalambda = tr(Wb^2) + tr(Wb'Wb),
 *   I_rholambda = tr(Wa Wb) + tr(Wa Wb'), I_rhos2 = tr(Wa)/s2, I_lambdas2 = tr(Wb)/s2, I_s2s2 = n/(2 s2^2),
 * with Wa = W A^-1 and Wb = W B^-1 (SAR: B = I and no lambda; SEM: A = I and no rho). The traces are
 * exact (dense inverses) when the log-determinant is exact, and Hutchinson estimates (fixed seed)
 * with iterative solves otherwise. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>

#include "spreg/spreg_internal.h"
#include "util/util.h"

extern void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
extern void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda,
                    const int *ipiv, double *b, const int *ldb, int *info);

/* ---- small dense helpers ----------------------------------------------------------------- */

static void wmul(const nqpf_weights *w, const double *x, double *y)
{
    size_t n = nqpf_weights_n(w);
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

/* y = W' x */
static void wtmul(const nqpf_weights *w, const double *x, double *y)
{
    size_t n = nqpf_weights_n(w);
    memset(y, 0, n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t j = 0; j < k; j++)
            y[nb[j]] += wt[j] * x[i];
    }
}

/* Lag of every column of the row-major n x k matrix M into L (transposed product when t). */
static int wmul_cols(const nqpf_weights *w, const double *M, double *L, size_t n, size_t k, int t)
{
    double *a = nqpf__malloc(n, sizeof *a), *b = nqpf__malloc(n, sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return NQPF_EINTERNAL;
    }
    for (size_t c = 0; c < k; c++) {
        for (size_t i = 0; i < n; i++)
            a[i] = M[i * k + c];
        if (t)
            wtmul(w, a, b);
        else
            wmul(w, a, b);
        for (size_t i = 0; i < n; i++)
            L[i * k + c] = b[i];
    }
    free(a);
    free(b);
    return NQPF_OK;
}

/* C = A'B for row-major A (n x p) and B (n x q); C is p x q. */
static void crossprod(double *C, const double *A, const double *B, size_t n, size_t p, size_t q)
{
    memset(C, 0, p * q * sizeof *C);
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < p; a++) {
            double v = A[i * p + a];
            if (v == 0)
                continue;
            for (size_t b = 0; b < q; b++)
                C[a * q + b] += v * B[i * q + b];
        }
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* Inverts the symmetric positive definite k x k matrix S into Si (both row-major) by Cholesky after
 * scaling to unit diagonal; NQPF_EDATA when S is singular to working precision (collinear columns). */
static int spd_inverse(double *Si, const double *S, size_t k)
{
    gsl_matrix *m = gsl_matrix_alloc(k, k);
    double *d = nqpf__malloc(k, sizeof *d);
    if (!m || !d) {
        if (m)
            gsl_matrix_free(m);
        free(d);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < k; i++)
        d[i] = S[i * k + i] > 0 ? 1 / sqrt(S[i * k + i]) : 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(m, i, j, S[i * k + j] * d[i] * d[j]);
    int bad = 0;
    for (size_t i = 0; i < k; i++)
        bad |= d[i] == 0;
    if (!bad && gsl_linalg_cholesky_decomp1(m) == GSL_SUCCESS) {
        double mn = HUGE_VAL, mx = 0;
        for (size_t i = 0; i < k; i++) {
            double v = gsl_matrix_get(m, i, i);
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
        }
        if (mn / mx < 1e-7) /* condition number of the scaled matrix above ~1e14 */
            bad = 1;
        else
            gsl_linalg_cholesky_invert(m);
    } else {
        bad = 1;
    }
    if (!bad)
        for (size_t i = 0; i < k; i++)
            for (size_t j = 0; j < k; j++)
                Si[i * k + j] = gsl_matrix_get(m, i, j) * d[i] * d[j];
    gsl_matrix_free(m);
    free(d);
    return bad ? NQPF_EDATA : NQPF_OK;
}

/* x = S^-1 b for the inverse Si (k x k). */
static void matvec(double *x, const double *Si, const double *b, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++)
            s += Si[i * k + j] * b[j];
        x[i] = s;
    }
}

/* ---- OLS and its spatial diagnostics ------------------------------------------------------ */

int nqpf__spreg_ols(double *b, double *e, double *ZtZi, const double *y, const double *Z, size_t n, size_t k)
{
    double *S = nqpf__malloc(k * k, sizeof *S), *zy = nqpf__malloc(k, sizeof *zy);
    if (!S || !zy) {
        free(S);
        free(zy);
        return NQPF_EINTERNAL;
    }
    crossprod(S, Z, Z, n, k, k);
    crossprod(zy, Z, y, n, k, 1);
    int rc = spd_inverse(ZtZi, S, k);
    if (!rc) {
        matvec(b, ZtZi, zy, k);
        for (size_t i = 0; i < n; i++)
            e[i] = y[i] - dot(Z + i * k, b, k);
    }
    free(S);
    free(zy);
    return rc;
}

/* trace of the product of two k x k matrices P Q */
static double trprod(const double *P, const double *Q, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            s += P[i * k + j] * Q[j * k + i];
    return s;
}

int nqpf__spreg_lm_tests(nqpf__spreg_lm *out, const double *y, const double *Z, size_t n, size_t k,
                         const nqpf_weights *w)
{
    int rc = NQPF_EINTERNAL;
    double *b = nqpf__malloc(k, sizeof *b), *e = nqpf__malloc(n, sizeof *e), *Ai = nqpf__malloc(k * k, sizeof *Ai);
    double *WZ = nqpf__malloc(n * k, sizeof *WZ), *WtZ = nqpf__malloc(n * k, sizeof *WtZ);
    double *P = nqpf__malloc(k * k, sizeof *P), *Q = nqpf__malloc(k * k, sizeof *Q), *R = nqpf__malloc(k * k, sizeof *R);
    double *We = nqpf__malloc(n, sizeof *We), *Wy = nqpf__malloc(n, sizeof *Wy), *v = nqpf__malloc(n, sizeof *v);
    double *t1 = nqpf__malloc(k * k, sizeof *t1), *t2 = nqpf__malloc(k * k, sizeof *t2), *kv = nqpf__malloc(k, sizeof *kv);
    double *kv2 = nqpf__malloc(k, sizeof *kv2);
    if (!b || !e || !Ai || !WZ || !WtZ || !P || !Q || !R || !We || !Wy || !v || !t1 || !t2 || !kv || !kv2)
        goto done;
    memset(out, 0, sizeof *out);
    if ((rc = nqpf__spreg_ols(b, e, Ai, y, Z, n, k)))
        goto done;
    if ((rc = wmul_cols(w, Z, WZ, n, k, 0)) || (rc = wmul_cols(w, Z, WtZ, n, k, 1)))
        goto done;
    double ee = dot(e, e, n), s2 = ee / (double)n;
    wmul(w, e, We);
    wmul(w, y, Wy);
    /* traces of W: tr W, tr WW' = sum w_ij^2, tr WW = sum w_ij w_ji, and S0 = sum w_ij */
    double trW = 0, trWWt = 0, trWW = 0, S0 = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t kk = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t j = 0; j < kk; j++) {
            S0 += wt[j];
            trWWt += wt[j] * wt[j];
            if (nb[j] == i)
                trW += wt[j];
            const size_t *nb2;
            const double *wt2;
            size_t k2 = nqpf_weights_row(w, nb[j], &nb2, &wt2);
            for (size_t l = 0; l < k2; l++)
                if (nb2[l] == i)
                    trWW += wt[j] * wt2[l];
        }
    }
    /* P = Z'WZ; Q = (WZ)'(WZ) = Z'W'WZ; R = (W'Z)'(W'Z) = Z'WW'Z; (W'Z)'(WZ) = Z'WWZ in t2 */
    crossprod(P, Z, WZ, n, k, k);
    crossprod(Q, WZ, WZ, n, k, k);
    crossprod(R, WtZ, WtZ, n, k, k);
    crossprod(t2, WtZ, WZ, n, k, k);
    double trMW = trW - trprod(Ai, P, k);
    /* tr(MWMW') = tr WW' - tr(Ai R) - tr(Ai Q) + tr(P Ai P' Ai) */
    double *Pt = t1;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            Pt[i * k + j] = P[j * k + i];
    double *PA = nqpf__malloc(k * k, sizeof *PA), *PtA = nqpf__malloc(k * k, sizeof *PtA);
    if (!PA || !PtA) {
        free(PA);
        free(PtA);
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0, s2b = 0;
            for (size_t l = 0; l < k; l++) {
                s += P[i * k + l] * Ai[l * k + j];
                s2b += Pt[i * k + l] * Ai[l * k + j];
            }
            PA[i * k + j] = s;
            PtA[i * k + j] = s2b;
        }
    double trMWMWt = trWWt - trprod(Ai, R, k) - trprod(Ai, Q, k) + trprod(PA, PtA, k);
    double trMWMW = trWW - 2 * trprod(Ai, t2, k) + trprod(PA, PA, k);
    free(PA);
    free(PtA);
    double nk = (double)(n - k);
    double I = (double)n / S0 * dot(e, We, n) / ee;
    double EI = (double)n / S0 * trMW / nk;
    double VI = ((double)n / S0) * ((double)n / S0) * (trMWMWt + trMWMW + trMW * trMW) / (nk * (nk + 2)) - EI * EI;
    out->moran_i = I;
    out->moran_e = EI;
    out->moran_var = VI;
    out->moran_z = VI > 0 ? (I - EI) / sqrt(VI) : NAN;
    out->moran_p = isfinite(out->moran_z) ? 2 * gsl_cdf_ugaussian_Q(fabs(out->moran_z)) : NAN;
    /* LM tests */
    double T = trWWt + trWW;
    double dl = dot(e, We, n) / s2, dr = dot(e, Wy, n) / s2;
    /* (WZb)' M (WZb) */
    for (size_t i = 0; i < n; i++)
        v[i] = dot(WZ + i * k, b, k);
    crossprod(kv, Z, v, n, k, 1);
    matvec(kv2, Ai, kv, k);
    double vMv = dot(v, v, n) - dot(kv, kv2, k);
    double D = vMv / s2 + T;
    out->lm_err = dl * dl / T;
    out->lm_lag = dr * dr / D;
    out->rlm_err = (dl - T / D * dr) * (dl - T / D * dr) / (T * (1 - T / D));
    out->rlm_lag = (dr - dl) * (dr - dl) / (D - T);
    out->sarma = out->rlm_lag + out->lm_err;
    out->p_lm_err = gsl_cdf_chisq_Q(out->lm_err, 1);
    out->p_lm_lag = gsl_cdf_chisq_Q(out->lm_lag, 1);
    out->p_rlm_err = gsl_cdf_chisq_Q(out->rlm_err, 1);
    out->p_rlm_lag = gsl_cdf_chisq_Q(out->rlm_lag, 1);
    out->p_sarma = gsl_cdf_chisq_Q(out->sarma, 2);
    out->loglik = -0.5 * (double)n * (log(2 * M_PI) + 1 + log(s2));
    out->ee = ee;
    rc = NQPF_OK;
done:
    free(b);
    free(e);
    free(Ai);
    free(WZ);
    free(WtZ);
    free(P);
    free(Q);
    free(R);
    free(We);
    free(Wy);
    free(v);
    free(t1);
    free(t2);
    free(kv);
    free(kv2);
    return rc;
}

/* ---- solves with I - a W, and the traces of the information matrix --------------------------- */

/* Dense inverse of I - a W (row-major n x n) by LAPACK LU. */
static int dense_inverse(double *out, const nqpf_weights *w, double a)
{
    size_t n = nqpf_weights_n(w);
    double *M = nqpf__calloc(n * n, sizeof *M);
    int *ipiv = nqpf__malloc(n, sizeof *ipiv);
    if (!M || !ipiv) {
        free(M);
        free(ipiv);
        return NQPF_EINTERNAL;
    }
    /* column-major I - aW */
    for (size_t i = 0; i < n; i++) {
        M[i * n + i] = 1;
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t j = 0; j < k; j++)
            M[nb[j] * n + i] -= a * wt[j]; /* (row i, column nb[j]) */
    }
    memset(out, 0, n * n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i * n + i] = 1;
    int ni = (int)n, info = 0;
    dgetrf_(&ni, &ni, M, &ni, ipiv, &info);
    if (info == 0)
        dgetrs_("N", &ni, &ni, M, &ni, ipiv, out, &ni, &info);
    free(M);
    free(ipiv);
    if (info != 0)
        return nqpf_error_set(NQPF_EINTERNAL, "spatial regression: I - %g W is singular (LAPACK info %d)", a, info);
    /* out is column-major inverse; transpose in place to row-major */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double t = out[i * n + j];
            out[i * n + j] = out[j * n + i];
            out[j * n + i] = t;
        }
    return NQPF_OK;
}

/* x = (I - a W)^-1 b by fixed-point iteration x <- b + a W x (|a| below 1/spectral radius). */
static int iter_solve(const nqpf_weights *w, double a, const double *bv, double *x, double *tmp)
{
    size_t n = nqpf_weights_n(w);
    memcpy(x, bv, n * sizeof *x);
    for (int it = 0; it < 20000; it++) {
        wmul(w, x, tmp);
        double d = 0, m = 0;
        for (size_t i = 0; i < n; i++) {
            double v = bv[i] + a * tmp[i];
            d = fmax(d, fabs(v - x[i]));
            m = fmax(m, fabs(v));
            x[i] = v;
        }
        if (d <= 1e-15 * (m > 0 ? m : 1))
            return NQPF_OK;
    }
    return nqpf_error_set(NQPF_EDATA, "spatial regression: (I - %g W) x = b did not converge; use logdet exact", a);
}

int nqpf__spreg_solve(const nqpf_weights *w, const nqpf__spreg_logdet *ld, double a, const double *bv, double *x)
{
    size_t n = nqpf_weights_n(w);
    if (a == 0) {
        memcpy(x, bv, n * sizeof *x);
        return NQPF_OK;
    }
    double *tmp = nqpf__malloc(n, sizeof *tmp);
    if (!tmp)
        return NQPF_EINTERNAL;
    int rc;
    if (nqpf__spreg_logdet_method_used(ld) == NQPF_SPREG_LOGDET_EXACT) {
        /* direct: dense LU of I - aW (column-major), one right-hand side */
        double *M = nqpf__calloc(n * n, sizeof *M);
        int *ipiv = nqpf__malloc(n, sizeof *ipiv);
        rc = M && ipiv ? NQPF_OK : NQPF_EINTERNAL;
        if (!rc) {
            for (size_t i = 0; i < n; i++) {
                M[i * n + i] = 1;
                const size_t *nb;
                const double *wt;
                size_t k = nqpf_weights_row(w, i, &nb, &wt);
                for (size_t j = 0; j < k; j++)
                    M[nb[j] * n + i] -= a * wt[j];
            }
            memcpy(x, bv, n * sizeof *x);
            int ni = (int)n, info = 0, one = 1;
            dgetrf_(&ni, &ni, M, &ni, ipiv, &info);
            if (info == 0)
                dgetrs_("N", &ni, &one, M, &ni, ipiv, x, &ni, &info);
            if (info != 0)
                rc = nqpf_error_set(NQPF_EINTERNAL, "spatial regression: I - %g W is singular (LAPACK info %d)", a,
                                    info);
        }
        free(M);
        free(ipiv);
    } else {
        rc = iter_solve(w, a, bv, x, tmp);
    }
    free(tmp);
    return rc;
}

/* Traces for the information matrix at (rho, lambda) (NaN: absent): tAA = tr(Wa'Wa), tBB = tr(Wb'Wb),
 * tAB = tr(Wa Wb), tABt = tr(Wa Wb'). Exact from dense inverses when ld is exact; else Hutchinson. */
typedef struct traces {
    double tA, tA2, tAA, tB, tB2, tBB, tAB, tABt;
} traces;

static int info_traces(traces *t, const nqpf_weights *w, const nqpf__spreg_logdet *ld, double rho, double lam)
{
    size_t n = nqpf_weights_n(w);
    int hasA = !isnan(rho), hasB = !isnan(lam);
    memset(t, 0, sizeof *t);
    double d1, d2;
    if (hasA) {
        nqpf__spreg_logdet_deriv(ld, rho, &d1, &d2);
        t->tA = -d1;
        t->tA2 = -d2;
    }
    if (hasB) {
        nqpf__spreg_logdet_deriv(ld, lam, &d1, &d2);
        t->tB = -d1;
        t->tB2 = -d2;
    }
    int rc = NQPF_OK;
    if (nqpf__spreg_logdet_method_used(ld) == NQPF_SPREG_LOGDET_EXACT) {
        double *Ai = NULL, *Bi = NULL, *Wa = NULL, *Wb = NULL;
        if (hasA) {
            Ai = nqpf__malloc(n * n, sizeof *Ai);
            Wa = nqpf__malloc(n * n, sizeof *Wa);
            if (!Ai || !Wa || (rc = dense_inverse(Ai, w, rho)) || (rc = wmul_cols(w, Ai, Wa, n, n, 0)))
                rc = rc ? rc : NQPF_EINTERNAL;
        }
        if (!rc && hasB) {
            Bi = nqpf__malloc(n * n, sizeof *Bi);
            Wb = nqpf__malloc(n * n, sizeof *Wb);
            if (!Bi || !Wb || (rc = dense_inverse(Bi, w, lam)) || (rc = wmul_cols(w, Bi, Wb, n, n, 0)))
                rc = rc ? rc : NQPF_EINTERNAL;
        }
        if (!rc) {
            for (size_t i = 0; i < n * n; i++) {
                if (hasA)
                    t->tAA += Wa[i] * Wa[i];
                if (hasB)
                    t->tBB += Wb[i] * Wb[i];
                if (hasA && hasB)
                    t->tABt += Wa[i] * Wb[i];
            }
            if (hasA && hasB) {
                const double *re, *im;
                size_t ne;
                re = nqpf__spreg_logdet_eigen(ld, &im, &ne);
                double s = 0;
                for (size_t j = 0; j < ne; j++) {
                    /* lambda^2 / ((1 - rho l)(1 - lam l)), real part summed over all eigenvalues */
                    double ar = 1 - rho * re[j], ai = -rho * im[j], br = 1 - lam * re[j], bi = -lam * im[j];
                    double dr = ar * br - ai * bi, di = ar * bi + ai * br;
                    double nr = re[j] * re[j] - im[j] * im[j], ni = 2 * re[j] * im[j];
                    s += (nr * dr + ni * di) / (dr * dr + di * di);
                }
                t->tAB = s;
            }
        }
        free(Ai);
        free(Bi);
        free(Wa);
        free(Wb);
        return rc;
    }
    /* Hutchinson: Rademacher probes u; E ||Wa u||^2 = tr(Wa'Wa), E (Wa u)'(Wb u) = tr(Wa'Wb) = tr(Wa Wb'),
     * E u' Wa Wb u = tr(Wa Wb). */
    double *u = nqpf__malloc(n, sizeof *u), *x = nqpf__malloc(n, sizeof *x), *tmp = nqpf__malloc(n, sizeof *tmp);
    double *va = nqpf__malloc(n, sizeof *va), *vb = nqpf__malloc(n, sizeof *vb), *vab = nqpf__malloc(n, sizeof *vab);
    if (!u || !x || !tmp || !va || !vb || !vab)
        rc = NQPF_EINTERNAL;
    uint64_t s = 0x5EED5EEDull;
    for (size_t p = 0; p < NQPF__SPREG_TRACE_PROBES && !rc; p++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t z = (s += 0x9E3779B97F4A7C15ull);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            u[i] = ((z ^ (z >> 31)) >> 63) ? 1.0 : -1.0;
        }
        if (hasA) {
            if ((rc = iter_solve(w, rho, u, x, tmp)))
                break;
            wmul(w, x, va);
            t->tAA += dot(va, va, n);
        }
        if (hasB) {
            if ((rc = iter_solve(w, lam, u, x, tmp)))
                break;
            wmul(w, x, vb);
            t->tBB += dot(vb, vb, n);
        }
        if (hasA && hasB) {
            t->tABt += dot(va, vb, n);
            if ((rc = iter_solve(w, rho, vb, x, tmp)))
                break;
            wmul(w, x, vab);
            t->tAB += dot(u, vab, n);
        }
    }
    double P = (double)NQPF__SPREG_TRACE_PROBES;
    t->tAA /= P;
    t->tBB /= P;
    t->tABt /= P;
    t->tAB /= P;
    free(u);
    free(x);
    free(tmp);
    free(va);
    free(vb);
    free(vab);
    return rc;
}

/* ---- the concentrated likelihoods --------------------------------------------------------- */

typedef struct conc {
    size_t n, k;
    const nqpf__spreg_logdet *ld;
    /* SAR: e0'e0, e0'eL, eL'eL */
    double e00, e0L, eLL;
    /* SEM / SAC cross products of y-vectors (y, Wy, WWy) and Z, WZ */
    const double *y, *Wy, *WWy, *Z, *WZ;
    double *ZZ, *ZWZ, *WZWZ; /* Z'Z, Z'WZ, (WZ)'(WZ) */
    double *S, *Si, *zv, *bv, *yt;
    int fail;
} conc;

static double sar_conc(double rho, void *vp)
{
    conc *c = vp;
    double ld = nqpf__spreg_logdet_eval(c->ld, rho);
    double ee = c->e00 - 2 * rho * c->e0L + rho * rho * c->eLL;
    if (!isfinite(ld) || !(ee > 0))
        return HUGE_VAL;
    return -(ld - 0.5 * (double)c->n * log(ee / (double)c->n));
}

/* SAC (and SEM with rho = 0): ytilde = B A y, Ztilde = B Z; returns -Lc and leaves b in c->bv. */
static double sac_conc(double rho, double lam, conc *c, double *s2out)
{
    size_t n = c->n, k = c->k;
    double ldr = rho == 0 ? 0 : nqpf__spreg_logdet_eval(c->ld, rho), ldl = nqpf__spreg_logdet_eval(c->ld, lam);
    if (!isfinite(ldr) || !isfinite(ldl))
        return HUGE_VAL;
    /* ytilde = y - rho Wy - lam Wy + rho lam WWy */
    for (size_t i = 0; i < n; i++)
        c->yt[i] = c->y[i] - (rho + lam) * c->Wy[i] + rho * lam * c->WWy[i];
    /* S = (Z - lam WZ)'(Z - lam WZ) */
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            c->S[a * k + b] = c->ZZ[a * k + b] - lam * (c->ZWZ[a * k + b] + c->ZWZ[b * k + a]) + lam * lam * c->WZWZ[a * k + b];
    memset(c->zv, 0, k * sizeof *c->zv);
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < k; a++)
            c->zv[a] += (c->Z[i * k + a] - lam * c->WZ[i * k + a]) * c->yt[i];
    if (spd_inverse(c->Si, c->S, k)) {
        c->fail = 1;
        return HUGE_VAL;
    }
    matvec(c->bv, c->Si, c->zv, k);
    double ee = dot(c->yt, c->yt, n) - dot(c->zv, c->bv, k);
    if (!(ee > 0))
        return HUGE_VAL;
    if (s2out)
        *s2out = ee / (double)n;
    return -(ldr + ldl - 0.5 * (double)n * log(ee / (double)n));
}

static double sem_conc(double lam, void *vp) { return sac_conc(0, lam, vp, NULL); }

/* Minimises f on (lo, hi): a grid of 400 points, then Brent around the best. */
static int min1d(double *xbest, double (*f)(double, void *), void *par, double lo, double hi, const char *what)
{
    const int G = 400;
    double bx = NAN, bf = HUGE_VAL;
    int bi = -1;
    for (int i = 1; i < G; i++) {
        double x = lo + (hi - lo) * i / G, v = f(x, par);
        if (v < bf) {
            bf = v;
            bx = x;
            bi = i;
        }
    }
    if (bi < 0)
        return nqpf_error_set(NQPF_EDATA, "spatial regression: the likelihood of %s is not finite anywhere in (%g, %g)",
                              what, lo, hi);
    double a = lo + (hi - lo) * (bi - 1) / G, b = lo + (hi - lo) * (bi + 1) / G;
    if (bi == 1 || bi == G - 1) {
        /* the maximum lies near an end: shrink towards it */
        if (bi == 1)
            a = lo + (hi - lo) * 1e-9;
        else
            b = hi - (hi - lo) * 1e-9;
    }
    double fa = f(a, par), fb = f(b, par);
    if (!(bf < fa && bf < fb)) {
        *xbest = bx;
        if (bi == 1 || bi == G - 1)
            return nqpf_error_set(NQPF_EDATA, "spatial regression: the likelihood of %s is largest at the end of its "
                                              "interval (%g, %g), near %g; the model does not fit these data (try "
                                              "another model or weights)", what, lo, hi, bx);
        return NQPF_OK;
    }
    gsl_function F = {f, par};
    gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!m)
        return NQPF_EINTERNAL;
    gsl_min_fminimizer_set_with_values(m, &F, bx, bf, a, fa, b, fb);
    for (int it = 0; it < 200; it++) {
        if (gsl_min_fminimizer_iterate(m) != GSL_SUCCESS)
            break;
        double l = gsl_min_fminimizer_x_lower(m), u = gsl_min_fminimizer_x_upper(m);
        if (gsl_min_test_interval(l, u, 1e-13, 0) == GSL_SUCCESS)
            break;
    }
    *xbest = gsl_min_fminimizer_x_minimum(m);
    gsl_min_fminimizer_free(m);
    return NQPF_OK;
}

typedef struct sacpar {
    conc *c;
    double lo, hi;
} sacpar;

static double to_box(double u, double lo, double hi) { return lo + (hi - lo) * 0.5 * (1 + tanh(u)); }
static double from_box(double x, double lo, double hi) { return atanh(2 * (x - lo) / (hi - lo) - 1); }

static double sac_f(const gsl_vector *v, void *vp)
{
    sacpar *sp = vp;
    return sac_conc(to_box(gsl_vector_get(v, 0), sp->lo, sp->hi), to_box(gsl_vector_get(v, 1), sp->lo, sp->hi), sp->c,
                    NULL);
}

/* ---- the fit ------------------------------------------------------------------------------ */

/* Fills the information matrix of (b, [rho], [lambda], sigma2) and inverts it into f->cov and
 * f->var_sigma2. Z is n x nb. */
static int fill_cov(nqpf__spreg_fit *f, const double *Z, const nqpf_weights *w, const nqpf__spreg_logdet *ld)
{
    size_t n = f->nobs, k = f->nb, hasA = !isnan(f->rho), hasB = !isnan(f->lambda);
    size_t m = k + f->nsp + 1, ir = k, il = k + hasA, is = m - 1;
    double s2 = f->sigma2, rho = hasA ? f->rho : 0, lam = hasB ? f->lambda : 0;
    int rc = NQPF_EINTERNAL;
    double *BZ = nqpf__malloc(n * k, sizeof *BZ), *WZ = nqpf__malloc(n * k, sizeof *WZ);
    double *v = nqpf__malloc(n, sizeof *v), *x = nqpf__malloc(n, sizeof *x), *g = nqpf__malloc(n, sizeof *g);
    double *I = nqpf__calloc(m * m, sizeof *I), *Ii = nqpf__malloc(m * m, sizeof *Ii), *Sb = nqpf__malloc(k * k, sizeof *Sb);
    traces t;
    if (!BZ || !WZ || !v || !x || !g || !I || !Ii || !Sb)
        goto done;
    if ((rc = wmul_cols(w, Z, WZ, n, k, 0)))
        goto done;
    for (size_t i = 0; i < n * k; i++)
        BZ[i] = Z[i] - lam * WZ[i];
    crossprod(Sb, BZ, BZ, n, k, k);
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            I[a * m + b] = Sb[a * k + b] / s2;
    if ((rc = info_traces(&t, w, ld, hasA ? rho : NAN, hasB ? lam : NAN)))
        goto done;
    if (hasA) {
        /* g = B W A^-1 Z b */
        for (size_t i = 0; i < n; i++)
            v[i] = dot(Z + i * k, f->beta, k);
        if ((rc = nqpf__spreg_solve(w, ld, rho, v, x)))
            goto done;
        wmul(w, x, v);
        wmul(w, v, x);
        for (size_t i = 0; i < n; i++)
            g[i] = v[i] - lam * x[i];
        for (size_t a = 0; a < k; a++) {
            double s = 0;
            for (size_t i = 0; i < n; i++)
                s += BZ[i * k + a] * g[i];
            I[a * m + ir] = I[ir * m + a] = s / s2;
        }
        I[ir * m + ir] = dot(g, g, n) / s2 + t.tA2 + t.tAA;
        I[ir * m + is] = I[is * m + ir] = t.tA / s2;
    }
    if (hasB) {
        I[il * m + il] = t.tB2 + t.tBB;
        I[il * m + is] = I[is * m + il] = t.tB / s2;
    }
    if (hasA && hasB)
        I[ir * m + il] = I[il * m + ir] = t.tAB + t.tABt;
    I[is * m + is] = (double)n / (2 * s2 * s2);
    if (spd_inverse(Ii, I, m)) {
        rc = nqpf_error_set(NQPF_EDATA, "spatial regression (%s): the information matrix is singular; the model is "
                                        "not identified on these data (collinear regressors or spatial lags)",
                            nqpf_spreg_model_name(f->model));
        goto done;
    }
    size_t q = k + f->nsp;
    f->cov = nqpf__malloc(q * q, sizeof *f->cov);
    if (!f->cov) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t a = 0; a < q; a++)
        for (size_t b = 0; b < q; b++)
            f->cov[a * q + b] = Ii[a * m + b];
    f->var_sigma2 = Ii[is * m + is];
    rc = NQPF_OK;
done:
    free(BZ);
    free(WZ);
    free(v);
    free(x);
    free(g);
    free(I);
    free(Ii);
    free(Sb);
    return rc;
}

/* Squared correlation of a and b (n each): xsmle's R-sq of y and the fitted values; NAN when either is
 * constant. Shared with panel.c (spreg_internal.h). */
double nqpf__spreg_corr2(const double *a, const double *b, size_t n)
{
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; i++) {
        ma += a[i];
        mb += b[i];
    }
    ma /= (double)n;
    mb /= (double)n;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 && isfinite(sab) ? sab * sab / (saa * sbb) : NAN;
}

int nqpf__spreg_design(double **Zout, const double *X, size_t n, size_t kx, const size_t *wxidx, size_t nwx,
                       const nqpf_weights *w)
{
    size_t nb = 1 + kx + nwx;
    double *Z = nqpf__malloc(n * nb, sizeof *Z), *a = nqpf__malloc(n, sizeof *a), *l = nqpf__malloc(n, sizeof *l);
    if (!Z || !a || !l) {
        free(Z);
        free(a);
        free(l);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        Z[i * nb] = 1;
        for (size_t j = 0; j < kx; j++)
            Z[i * nb + 1 + j] = X[i * kx + j];
    }
    for (size_t c = 0; c < nwx; c++) {
        for (size_t i = 0; i < n; i++)
            a[i] = X[i * kx + wxidx[c]];
        wmul(w, a, l);
        for (size_t i = 0; i < n; i++)
            Z[i * nb + 1 + kx + c] = l[i];
    }
    free(a);
    free(l);
    *Zout = Z;
    return NQPF_OK;
}

int nqpf__spreg_fit_cross(nqpf__spreg_fit *f, const double *y, const double *X, size_t n, size_t kx,
                          const size_t *wxidx, size_t nwx, const nqpf_weights *w, nqpf_spreg_model model,
                          const nqpf__spreg_logdet *ld)
{
    memset(f, 0, sizeof *f);
    if (model != NQPF_SPREG_SDM && model != NQPF_SPREG_SLX)
        nwx = 0;
    size_t nb = 1 + kx + nwx;
    f->model = model;
    f->fe = NQPF_SPREG_FE_NONE;
    f->N = n;
    f->T = 1;
    f->nobs = n;
    f->kx = kx;
    f->has_const = 1;
    f->nwx = nwx;
    f->nb = nb;
    f->rho = f->lambda = NAN;
    f->nsp = model == NQPF_SPREG_SAC ? 2 : (model == NQPF_SPREG_OLS || model == NQPF_SPREG_SLX) ? 0 : 1;
    f->npar = nb + f->nsp + 1;
    f->var_sigma2 = NAN;
    if (n <= nb + f->nsp)
        return nqpf_error_set(NQPF_EDATA, "spatial regression (%s): %zu observations for %zu parameters; it needs more "
                                          "observations than parameters", nqpf_spreg_model_name(model), n, nb + f->nsp + 1);
    int rc = NQPF_EINTERNAL;
    double *Z = NULL, *Wy = nqpf__malloc(n, sizeof *Wy), *WWy = nqpf__malloc(n, sizeof *WWy);
    double *e0 = nqpf__malloc(n, sizeof *e0), *eL = nqpf__malloc(n, sizeof *eL), *Si = nqpf__malloc(nb * nb, sizeof *Si);
    double *b0 = nqpf__malloc(nb, sizeof *b0), *bL = nqpf__malloc(nb, sizeof *bL), *WZ = NULL, *yhat = NULL;
    conc c;
    memset(&c, 0, sizeof c);
    f->beta = nqpf__malloc(nb, sizeof *f->beta);
    f->resid = nqpf__malloc(n, sizeof *f->resid);
    yhat = nqpf__malloc(n, sizeof *yhat);
    if (!Wy || !WWy || !e0 || !eL || !Si || !b0 || !bL || !f->beta || !f->resid || !yhat)
        goto done;
    if ((rc = nqpf__spreg_design(&Z, X, n, kx, wxidx, nwx, w)))
        goto done;
    wmul(w, y, Wy);
    wmul(w, Wy, WWy);
    if ((rc = nqpf__spreg_ols(b0, e0, Si, y, Z, n, nb))) {
        if (rc == NQPF_EDATA)
            rc = nqpf_error_set(NQPF_EDATA, "spatial regression (%s): the regressors%s are collinear (or one is "
                                            "constant); drop one", nqpf_spreg_model_name(model),
                                nwx ? " and their spatial lags W*x" : "");
        goto done;
    }
    double lo, hi;
    nqpf__spreg_logdet_bounds(ld, &lo, &hi);
    lo = fmax(lo, -10.0);
    hi = fmin(hi, 10.0);
    double eps = (hi - lo) * 1e-10;
    lo += eps;
    hi -= eps;
    if (model == NQPF_SPREG_OLS || model == NQPF_SPREG_SLX) {
        memcpy(f->beta, b0, nb * sizeof *b0);
        double ee = dot(e0, e0, n), s2u = ee / (double)(n - nb);
        f->sigma2 = s2u;
        f->var_sigma2 = 2 * s2u * s2u / (double)(n - nb);
        f->cov = nqpf__malloc(nb * nb, sizeof *f->cov);
        if (!f->cov) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = 0; i < nb * nb; i++)
            f->cov[i] = Si[i] * s2u;
        f->loglik = -0.5 * (double)n * (log(2 * M_PI) + 1 + log(ee / (double)n));
        memcpy(f->resid, e0, n * sizeof *e0);
        for (size_t i = 0; i < n; i++)
            yhat[i] = y[i] - e0[i];
        f->r2 = nqpf__spreg_corr2(y, yhat, n);
        rc = NQPF_OK;
        goto done;
    }
    c.n = n;
    c.k = nb;
    c.ld = ld;
    if (model == NQPF_SPREG_SAR || model == NQPF_SPREG_SDM) {
        double *Si2 = nqpf__malloc(nb * nb, sizeof *Si2);
        if (!Si2)
            goto done;
        rc = nqpf__spreg_ols(bL, eL, Si2, Wy, Z, n, nb);
        free(Si2);
        if (rc)
            goto done;
        c.e00 = dot(e0, e0, n);
        c.e0L = dot(e0, eL, n);
        c.eLL = dot(eL, eL, n);
        double rho = 0;
        if ((rc = min1d(&rho, sar_conc, &c, lo, hi, "rho")))
            goto done;
        f->rho = rho;
        for (size_t j = 0; j < nb; j++)
            f->beta[j] = b0[j] - rho * bL[j];
        for (size_t i = 0; i < n; i++)
            f->resid[i] = e0[i] - rho * eL[i];
        double ee = dot(f->resid, f->resid, n);
        f->sigma2 = ee / (double)n;
        f->loglik = -0.5 * (double)n * (log(2 * M_PI) + 1 + log(f->sigma2)) + nqpf__spreg_logdet_eval(ld, rho);
    } else {
        WZ = nqpf__malloc(n * nb, sizeof *WZ);
        c.ZZ = nqpf__malloc(nb * nb, sizeof *c.ZZ);
        c.ZWZ = nqpf__malloc(nb * nb, sizeof *c.ZWZ);
        c.WZWZ = nqpf__malloc(nb * nb, sizeof *c.WZWZ);
        c.S = nqpf__malloc(nb * nb, sizeof *c.S);
        c.Si = nqpf__malloc(nb * nb, sizeof *c.Si);
        c.zv = nqpf__malloc(nb, sizeof *c.zv);
        c.bv = nqpf__malloc(nb, sizeof *c.bv);
        c.yt = nqpf__malloc(n, sizeof *c.yt);
        if (!WZ || !c.ZZ || !c.ZWZ || !c.WZWZ || !c.S || !c.Si || !c.zv || !c.bv || !c.yt) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        if ((rc = wmul_cols(w, Z, WZ, n, nb, 0)))
            goto done;
        crossprod(c.ZZ, Z, Z, n, nb, nb);
        crossprod(c.ZWZ, Z, WZ, n, nb, nb);
        crossprod(c.WZWZ, WZ, WZ, n, nb, nb);
        c.y = y;
        c.Wy = Wy;
        c.WWy = WWy;
        c.Z = Z;
        c.WZ = WZ;
        double rho = 0, lam = 0;
        if (model == NQPF_SPREG_SEM) {
            if ((rc = min1d(&lam, sem_conc, &c, lo, hi, "lambda")))
                goto done;
        } else {
            /* SAC: start from the SAR estimate of rho and lambda = 0 (as spatialreg's sacsarlm) */
            c.e00 = dot(e0, e0, n);
            double *Si2 = nqpf__malloc(nb * nb, sizeof *Si2);
            if (!Si2) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            rc = nqpf__spreg_ols(bL, eL, Si2, Wy, Z, n, nb);
            free(Si2);
            if (rc)
                goto done;
            c.e0L = dot(e0, eL, n);
            c.eLL = dot(eL, eL, n);
            double r0 = 0;
            if ((rc = min1d(&r0, sar_conc, &c, lo, hi, "rho")))
                goto done;
            sacpar sp = {&c, lo, hi};
            gsl_multimin_function F = {sac_f, 2, &sp};
            gsl_vector *x0 = gsl_vector_alloc(2), *st = gsl_vector_alloc(2);
            gsl_multimin_fminimizer *mm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
            if (!x0 || !st || !mm) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            double best = HUGE_VAL, bu0 = from_box(r0, lo, hi), bu1 = from_box(0, lo, hi);
            /* two rounds of the simplex, the second restarted at the first's answer */
            for (int round = 0; round < 3; round++) {
                gsl_vector_set(x0, 0, bu0);
                gsl_vector_set(x0, 1, bu1);
                gsl_vector_set_all(st, round ? 0.05 : 0.3);
                gsl_multimin_fminimizer_set(mm, &F, x0, st);
                for (int it = 0; it < 5000; it++) {
                    if (gsl_multimin_fminimizer_iterate(mm) != GSL_SUCCESS)
                        break;
                    if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(mm), 1e-12) == GSL_SUCCESS)
                        break;
                }
                if (mm->fval < best) {
                    best = mm->fval;
                    bu0 = gsl_vector_get(mm->x, 0);
                    bu1 = gsl_vector_get(mm->x, 1);
                }
            }
            gsl_multimin_fminimizer_free(mm);
            gsl_vector_free(x0);
            gsl_vector_free(st);
            if (!isfinite(best)) {
                rc = nqpf_error_set(NQPF_EDATA, "spatial regression (sac): the likelihood has no finite maximum");
                goto done;
            }
            rho = to_box(bu0, lo, hi);
            lam = to_box(bu1, lo, hi);
            f->rho = rho;
        }
        double s2;
        sac_conc(rho, lam, &c, &s2);
        if (c.fail) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial regression (%s): the regressors are collinear after the spatial "
                                            "filter", nqpf_spreg_model_name(model));
            goto done;
        }
        f->lambda = lam;
        memcpy(f->beta, c.bv, nb * sizeof *c.bv);
        f->sigma2 = s2;
        for (size_t i = 0; i < n; i++)
            f->resid[i] = c.yt[i] - dot(Z + i * nb, c.bv, nb) + lam * dot(WZ + i * nb, c.bv, nb);
        f->loglik = -0.5 * (double)n * (log(2 * M_PI) + 1 + log(s2)) + nqpf__spreg_logdet_eval(ld, lam) +
                    (model == NQPF_SPREG_SAC ? nqpf__spreg_logdet_eval(ld, rho) : 0);
    }
    if ((rc = fill_cov(f, Z, w, ld)))
        goto done;
    /* R2: squared correlation of y with the reduced-form prediction A^-1 Z b (SEM: Z b) */
    for (size_t i = 0; i < n; i++)
        e0[i] = dot(Z + i * nb, f->beta, nb);
    if (!isnan(f->rho)) {
        if ((rc = nqpf__spreg_solve(w, ld, f->rho, e0, yhat)))
            goto done;
    } else {
        memcpy(yhat, e0, n * sizeof *e0);
    }
    f->r2 = nqpf__spreg_corr2(y, yhat, n);
    rc = NQPF_OK;
done:
    free(Z);
    free(Wy);
    free(WWy);
    free(e0);
    free(eL);
    free(Si);
    free(b0);
    free(bL);
    free(WZ);
    free(yhat);
    free(c.ZZ);
    free(c.ZWZ);
    free(c.WZWZ);
    free(c.S);
    free(c.Si);
    free(c.zv);
    free(c.bv);
    free(c.yt);
    if (rc)
        nqpf__spreg_fit_free(f);
    return rc;
}
