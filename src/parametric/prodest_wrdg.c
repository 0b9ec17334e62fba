/* Wooldridge (2009, Economics Letters 104: 112-114) one-step GMM for the production function, as R
 * prodest 0.1.1's prodestWRDG_GMM (docs/prodest.md).
 *
 * On the rows whose firm has the previous year, two equations share the constant c, b_f and b_s:
 *   (1) y = c + f b_f + s b_s + h(s, m) + e         instruments: 1, f, s, h's terms
 *   (2) y = c + f b_f + s b_s + c2 + p(s_lag, m_lag) + u   instruments: 1, f_lag, s, p's terms
 * where h is the second-order polynomial in (s, m) without its linear s terms (they are s b_s) and
 * p the full second-order polynomial in the lags (its constant is c2). Stacked, with the
 * block-diagonal instrument matrix Z, the estimate is the system 2SLS
 *   b = (X'Z (Z'Z)^{-1} Z'X)^{-1} X'Z (Z'Z)^{-1} Z'y,
 * which is also prodest's second GMM step: its optimal weight is (u'u) Z'Z, a scalar times Z'Z.
 * The covariance is prodest's: (u'u / N) (X'Z (Z'Z)^{-1} Z'X)^{-1}, u the 2N stacked residuals and N
 * the rows (homoskedastic, no clustering). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parametric/prodest_internal.h"
#include "util/util.h"

int nqpf__prodest_wrdg(double *b, double *se, size_t *nused, double *crit, const pd_data *d, int shared_state)
{
    const size_t nf = d->nf, ns = d->ns, np = nqpf__prodest_npoly2(ns + 1);
    /* shared_state (prodest 0.1.1): eq. (1)'s linear state terms are b_s; otherwise they belong to h. */
    const size_t R = 1 + nf + ns, U1 = shared_state ? np - ns : np, U2 = 1 + np, K = R + U1 + U2;
    const size_t q1 = 1 + nf + np, q2 = 1 + nf + ns + np, q = q1 + q2;
    size_t N = 0;
    for (size_t i = 0; i < d->n; i++)
        N += d->lag[i] >= 0;
    *nused = N;
    if (N < q + 1)
        return nqpf_error_set(NQPF_EDATA,
                              "prodest: method wrdg: only %zu rows have the previous year of the same firm; the "
                              "system needs more than %zu (each firm needs two consecutive years)",
                              N, q);
    double *ZZ = nqpf__calloc(q * q, sizeof *ZZ), *A = nqpf__calloc(q * K, sizeof *A);
    double *Zy = nqpf__calloc(q, sizeof *Zy), *ZiA = nqpf__malloc(q * K, sizeof *ZiA);
    double *M = nqpf__calloc(K * K, sizeof *M), *v = nqpf__calloc(K, sizeof *v), *beta = nqpf__calloc(K, sizeof *beta);
    double *Zu = nqpf__calloc(q, sizeof *Zu), *Zi = nqpf__malloc(q * q, sizeof *Zi);
    int rc = NQPF_OK;
    if (!ZZ || !A || !Zy || !ZiA || !M || !v || !beta || !Zu || !Zi) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double x1[192], x2[192], z1[192], z2[192], poly[192], lpoly[192], vv[NQPF_PRODEST_MAX_INPUTS + 1];
    /* One pass builds the cross-products; rows are formed by this helper twice (here and below). */
#define WRDG_ROWS(i, l)                                                                                              \
    do {                                                                                                             \
        for (size_t j = 0; j < ns; j++)                                                                              \
            vv[j] = d->s[(i) * ns + j];                                                                              \
        vv[ns] = d->m[i];                                                                                            \
        nqpf__prodest_poly2(poly, vv, ns + 1);                                                                       \
        for (size_t j = 0; j < ns; j++)                                                                              \
            vv[j] = d->s[(l) * ns + j];                                                                              \
        vv[ns] = d->m[l];                                                                                            \
        nqpf__prodest_poly2(lpoly, vv, ns + 1);                                                                      \
        memset(x1, 0, K * sizeof *x1);                                                                               \
        memset(x2, 0, K * sizeof *x2);                                                                               \
        x1[0] = x2[0] = z1[0] = z2[0] = 1;                                                                           \
        for (size_t j = 0; j < nf; j++) {                                                                            \
            x1[1 + j] = x2[1 + j] = z1[1 + j] = d->f[(i) * nf + j];                                                  \
            z2[1 + j] = d->f[(l) * nf + j];                                                                          \
        }                                                                                                            \
        for (size_t j = 0; j < ns; j++)                                                                              \
            x2[1 + nf + j] = z2[1 + nf + j] = d->s[(i) * ns + j];                                                    \
        for (size_t j = 0; j < np; j++)                                                                              \
            z1[1 + nf + j] = poly[j];                                                                                \
        for (size_t j = 0; j < ns && shared_state; j++)                                                              \
            x1[1 + nf + j] = d->s[(i) * ns + j];                                                                     \
        for (size_t j = 0; j < U1; j++)                                                                              \
            x1[R + j] = poly[np - U1 + j];                                                                           \
        x2[R + U1] = 1;                                                                                              \
        for (size_t j = 0; j < np; j++)                                                                              \
            x2[R + U1 + 1 + j] = z2[1 + nf + ns + j] = lpoly[j];                                                     \
    } while (0)
    for (size_t i = 0; i < d->n; i++) {
        if (d->lag[i] < 0)
            continue;
        size_t l = (size_t)d->lag[i];
        WRDG_ROWS(i, l);
        for (size_t a = 0; a < q1; a++) {
            for (size_t c = 0; c < q1; c++)
                ZZ[a * q + c] += z1[a] * z1[c];
            for (size_t c = 0; c < K; c++)
                A[a * K + c] += z1[a] * x1[c];
            Zy[a] += z1[a] * d->y[i];
        }
        for (size_t a = 0; a < q2; a++) {
            for (size_t c = 0; c < q2; c++)
                ZZ[(q1 + a) * q + q1 + c] += z2[a] * z2[c];
            for (size_t c = 0; c < K; c++)
                A[(q1 + a) * K + c] += z2[a] * x2[c];
            Zy[q1 + a] += z2[a] * d->y[i];
        }
    }
    memcpy(Zi, ZZ, q * q * sizeof *Zi);
    int irc = nqpf__prodest_inverse(Zi, q);
    if (irc) {
        rc = irc == -2 ? NQPF_EINTERNAL
                       : nqpf_error_set(NQPF_EDATA, "prodest: method wrdg: the instruments (free inputs and their "
                                                    "lags, state, the polynomial in state and proxy and its lag) "
                                                    "are collinear on the %zu rows with a lag",
                                        N);
        goto done;
    }
    for (size_t a = 0; a < q; a++)
        for (size_t c = 0; c < K; c++) {
            double s = 0;
            for (size_t e = 0; e < q; e++)
                s += Zi[a * q + e] * A[e * K + c];
            ZiA[a * K + c] = s;
        }
    for (size_t a = 0; a < K; a++) {
        for (size_t c = 0; c < K; c++) {
            double s = 0;
            for (size_t e = 0; e < q; e++)
                s += A[e * K + a] * ZiA[e * K + c];
            M[a * K + c] = s;
        }
        double s = 0;
        for (size_t e = 0; e < q; e++)
            s += ZiA[e * K + a] * Zy[e];
        v[a] = s;
    }
    irc = nqpf__prodest_inverse(M, K);
    if (irc) {
        rc = irc == -2 ? NQPF_EINTERNAL
                       : nqpf_error_set(NQPF_EDATA, "prodest: method wrdg: the coefficients are not identified (the "
                                                    "regressors are collinear given the instruments) on the %zu rows "
                                                    "with a lag",
                                        N);
        goto done;
    }
    for (size_t a = 0; a < K; a++) {
        double s = 0;
        for (size_t c = 0; c < K; c++)
            s += M[a * K + c] * v[c];
        beta[a] = s;
    }
    double uu = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->lag[i] < 0)
            continue;
        size_t l = (size_t)d->lag[i];
        WRDG_ROWS(i, l);
        double u1 = d->y[i], u2 = d->y[i];
        for (size_t c = 0; c < K; c++)
            u1 -= x1[c] * beta[c], u2 -= x2[c] * beta[c];
        uu += u1 * u1 + u2 * u2;
        for (size_t a = 0; a < q1; a++)
            Zu[a] += z1[a] * u1;
        for (size_t a = 0; a < q2; a++)
            Zu[q1 + a] += z2[a] * u2;
    }
#undef WRDG_ROWS
    double cr = 0;
    for (size_t a = 0; a < q; a++)
        for (size_t c = 0; c < q; c++)
            cr += Zu[a] * Zi[a * q + c] * Zu[c];
    *crit = cr;
    for (size_t j = 0; j < nf + ns; j++) {
        b[j] = beta[1 + j];
        double var = uu / (double)N * M[(1 + j) * K + 1 + j];
        se[j] = var >= 0 ? sqrt(var) : NAN;
    }
done:
    free(ZZ);
    free(A);
    free(Zy);
    free(ZiA);
    free(M);
    free(v);
    free(beta);
    free(Zu);
    free(Zi);
    return rc;
}
