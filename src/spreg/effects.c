/* LeSage and Pace (2009, ch. 2.7 and 4.2) average direct, indirect and total effects (docs/spreg.md).
 *
 * For regressor k with coefficient b_k and spatial-lag coefficient t_k (0 when x_k is not lagged),
 * S_k = (I - rho W)^-1 (I b_k + W t_k) (n x n; SAR and SAC: t_k = 0). Then
 *   direct = tr(S_k)/n = (b_k tr(A^-1) + t_k tr(A^-1 W))/n,
 *   total = 1'S_k 1/n = (b_k 1'A^-1 1 + t_k 1'A^-1 W 1)/n, indirect = total - direct,
 * with A = I - rho W. The traces come from W's eigenvalues when the log-determinant is exact
 * (tr A^-1 = sum 1/(1 - rho l_j), tr A^-1 W = sum l_j/(1 - rho l_j)) and otherwise from the power
 * series sum_k rho^k tr(W^k) with Hutchinson estimates of tr(W^k), k <= 100 (as LeSage and Pace).
 * For a row-standardised W without islands, 1'A^-1 1 = 1'A^-1 W 1 = n/(1 - rho); otherwise they are
 * solved for. SLX: S_k = I b_k + W t_k (no rho); SEM: S_k = I b_k (closed forms, exact SEs).
 *
 * Standard errors: sim draws (b, t, rho) from the normal with the estimates' asymptotic covariance
 * (GSL mt19937 seeded with seed, single thread: the same seed gives the same numbers) and reports the
 * draws' standard deviation; delta uses the gradient of the closed forms above. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "spreg/spreg_internal.h"
#include "util/util.h"

#define POW_TERMS 100

typedef struct effctx {
    const nqpf_weights *w;
    const nqpf__spreg_logdet *ld;
    size_t n;
    const double *re, *im; /* eigenvalues (exact) */
    double *ptr;           /* approx: tr(W^k), k = 0..POW_TERMS + 1 */
    int rowstd;            /* W 1 = 1 */
    double *one, *w1, *x;  /* work vectors for the solves */
} effctx;

/* t0 = tr A^-1, t1 = tr A^-1 W, and their derivatives in rho */
static void traces(const effctx *c, double rho, double *t0, double *t1, double *d0, double *d1)
{
    double a = 0, b = 0, da = 0, db = 0;
    if (c->re) {
        for (size_t j = 0; j < c->n; j++) {
            double lr = c->re[j], li = c->im[j];
            /* 1/(1 - rho l) */
            double dr = 1 - rho * lr, di = -rho * li, m = dr * dr + di * di;
            double qr = dr / m, qi = -di / m;     /* q = 1/(1 - rho l) */
            double q2r = qr * qr - qi * qi, q2i = 2 * qr * qi;
            a += qr;
            b += lr * qr - li * qi;                /* l q */
            da += lr * q2r - li * q2i;             /* l q^2 */
            double l2r = lr * lr - li * li, l2i = 2 * lr * li;
            db += l2r * q2r - l2i * q2i;           /* l^2 q^2 */
        }
    } else {
        double rk = 1, rk1 = 0; /* rho^k, k rho^(k-1) */
        for (size_t k = 0; k <= POW_TERMS; k++) {
            a += rk * c->ptr[k];
            b += rk * c->ptr[k + 1];
            da += rk1 * c->ptr[k];
            db += rk1 * c->ptr[k + 1];
            rk1 = (double)(k + 1) * rk;
            rk *= rho;
        }
    }
    *t0 = a;
    *t1 = b;
    if (d0)
        *d0 = da;
    if (d1)
        *d1 = db;
}

/* s0 = 1'A^-1 1, s1 = 1'A^-1 W 1 and derivatives */
static int sums(effctx *c, double rho, double *s0, double *s1, double *d0, double *d1)
{
    size_t n = c->n;
    if (c->rowstd) {
        *s0 = *s1 = (double)n / (1 - rho);
        if (d0)
            *d0 = *d1 = (double)n / ((1 - rho) * (1 - rho));
        return NQPF_OK;
    }
    int rc;
    double *v = c->x, *u = nqpf__malloc(n, sizeof *u), *z = nqpf__malloc(n, sizeof *z);
    if (!u || !z) {
        free(u);
        free(z);
        return NQPF_EINTERNAL;
    }
    /* u = A^-1 1, z = A^-1 W 1 */
    if ((rc = nqpf__spreg_solve(c->w, c->ld, rho, c->one, u)) || (rc = nqpf__spreg_solve(c->w, c->ld, rho, c->w1, z)))
        goto done;
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        a += u[i];
        b += z[i];
    }
    *s0 = a;
    *s1 = b;
    if (d0) {
        /* d/drho A^-1 = A^-1 W A^-1: s0' = 1'A^-1 W u, s1' = 1'A^-1 W z */
        nqpf_weights_lag(c->w, u, v);
        if ((rc = nqpf__spreg_solve(c->w, c->ld, rho, v, u)))
            goto done;
        nqpf_weights_lag(c->w, z, v);
        if ((rc = nqpf__spreg_solve(c->w, c->ld, rho, v, z)))
            goto done;
        a = b = 0;
        for (size_t i = 0; i < n; i++) {
            a += u[i];
            b += z[i];
        }
        *d0 = a;
        *d1 = b;
    }
done:
    free(u);
    free(z);
    return rc;
}

/* Effects of one regressor (bk, tk) at rho: out[0..2] direct, indirect, total; grad (may be NULL):
 * d/d(bk, tk, rho) of each, 3 x 3. */
static int eff_one(effctx *c, nqpf_spreg_model model, double bk, double tk, double rho, double *out, double *grad)
{
    double n = (double)c->n;
    if (model == NQPF_SPREG_SEM) {
        out[0] = bk;
        out[1] = 0;
        out[2] = bk;
        if (grad) {
            memset(grad, 0, 9 * sizeof *grad);
            grad[0] = grad[6] = 1;
        }
        return NQPF_OK;
    }
    if (model == NQPF_SPREG_SLX) {
        double trW = 0, s1 = 0;
        for (size_t i = 0; i < c->n; i++) {
            const size_t *nb;
            const double *wt;
            size_t k = nqpf_weights_row(c->w, i, &nb, &wt);
            for (size_t j = 0; j < k; j++) {
                s1 += wt[j];
                if (nb[j] == i)
                    trW += wt[j];
            }
        }
        out[0] = bk + tk * trW / n;
        out[2] = bk + tk * s1 / n;
        out[1] = out[2] - out[0];
        if (grad) {
            memset(grad, 0, 9 * sizeof *grad);
            grad[0] = 1, grad[1] = trW / n;
            grad[6] = 1, grad[7] = s1 / n;
            grad[3] = 0, grad[4] = (s1 - trW) / n;
        }
        return NQPF_OK;
    }
    double t0, t1, dt0, dt1, s0, s1, ds0, ds1;
    traces(c, rho, &t0, &t1, &dt0, &dt1);
    int rc = sums(c, rho, &s0, &s1, grad ? &ds0 : NULL, grad ? &ds1 : NULL);
    if (rc)
        return rc;
    out[0] = (bk * t0 + tk * t1) / n;
    out[2] = (bk * s0 + tk * s1) / n;
    out[1] = out[2] - out[0];
    if (grad) {
        grad[0] = t0 / n, grad[1] = t1 / n, grad[2] = (bk * dt0 + tk * dt1) / n;
        grad[6] = s0 / n, grad[7] = s1 / n, grad[8] = (bk * ds0 + tk * ds1) / n;
        for (int j = 0; j < 3; j++)
            grad[3 + j] = grad[6 + j] - grad[j];
    }
    return NQPF_OK;
}

static int pow_traces(effctx *c)
{
    size_t n = c->n, K = POW_TERMS + 1;
    c->ptr = nqpf__calloc(K + 1, sizeof *c->ptr);
    double *u = nqpf__malloc(n, sizeof *u), *v = nqpf__malloc(n, sizeof *v), *t = nqpf__malloc(n, sizeof *t);
    if (!c->ptr || !u || !v || !t) {
        free(u);
        free(v);
        free(t);
        return NQPF_EINTERNAL;
    }
    uint64_t s = 0xEFFEC75ull;
    for (size_t p = 0; p < NQPF__SPREG_TRACE_PROBES; p++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t z = (s += 0x9E3779B97F4A7C15ull);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            u[i] = ((z ^ (z >> 31)) >> 63) ? 1.0 : -1.0;
        }
        memcpy(v, u, n * sizeof *u);
        for (size_t k = 1; k <= K; k++) {
            nqpf_weights_lag(c->w, v, t);
            memcpy(v, t, n * sizeof *t);
            double d = 0;
            for (size_t i = 0; i < n; i++)
                d += u[i] * v[i];
            c->ptr[k] += d;
        }
    }
    for (size_t k = 1; k <= K; k++)
        c->ptr[k] /= (double)NQPF__SPREG_TRACE_PROBES;
    /* exact: tr I = n, tr W, tr W^2 */
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(c->w, i, &nb, &wt);
        for (size_t j = 0; j < k; j++) {
            if (nb[j] == i)
                a += wt[j];
            const size_t *nb2;
            const double *wt2;
            size_t k2 = nqpf_weights_row(c->w, nb[j], &nb2, &wt2);
            for (size_t l = 0; l < k2; l++)
                if (nb2[l] == i)
                    b += wt[j] * wt2[l];
        }
    }
    c->ptr[0] = (double)n;
    c->ptr[1] = a;
    c->ptr[2] = b;
    free(u);
    free(v);
    free(t);
    return NQPF_OK;
}

int nqpf__spreg_effects(double *est, double *se, const nqpf__spreg_fit *f, const size_t *wxidx,
                        const nqpf_weights *w, const nqpf__spreg_logdet *ld, nqpf_spreg_effects_se method,
                        size_t draws, unsigned long long seed)
{
    size_t kx = f->kx, q = f->nb + f->nsp;
    nqpf_spreg_model model = f->model;
    if (model == NQPF_SPREG_OLS)
        return nqpf_error_set(NQPF_EUSAGE, "spatial regression: OLS has no spatial effects");
    effctx c;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.ld = ld;
    c.n = nqpf_weights_n(w);
    int rc = NQPF_EINTERNAL;
    c.one = nqpf__malloc(c.n, sizeof *c.one);
    c.w1 = nqpf__malloc(c.n, sizeof *c.w1);
    c.x = nqpf__malloc(c.n, sizeof *c.x);
    double *L = NULL, *theta = NULL, *z = NULL, *sum = NULL, *sum2 = NULL;
    gsl_rng *r = NULL;
    gsl_matrix *ch = NULL;
    if (!c.one || !c.w1 || !c.x)
        goto done;
    for (size_t i = 0; i < c.n; i++)
        c.one[i] = 1;
    nqpf_weights_lag(w, c.one, c.w1);
    c.rowstd = 1;
    for (size_t i = 0; i < c.n; i++)
        if (fabs(c.w1[i] - 1) > 1e-12)
            c.rowstd = 0;
    int hasrho = model == NQPF_SPREG_SAR || model == NQPF_SPREG_SDM || model == NQPF_SPREG_SAC;
    if (hasrho) {
        c.re = nqpf__spreg_logdet_eigen(ld, &c.im, NULL);
        if (!c.re && (rc = pow_traces(&c)))
            goto done;
    }
    /* index of b_k, t_k (or none) and rho in the parameter vector */
    size_t ir = f->nb;
    size_t *it = nqpf__malloc(kx ? kx : 1, sizeof *it);
    double *theta0 = nqpf__malloc(q + 1, sizeof *theta0);
    if (!it || !theta0) {
        free(it);
        free(theta0);
        goto done;
    }
    for (size_t k = 0; k < kx; k++) {
        it[k] = (size_t)-1;
        for (size_t c2 = 0; c2 < f->nwx; c2++)
            if ((wxidx ? wxidx[c2] : c2) == k)
                it[k] = (size_t)f->has_const + kx + c2;
    }
#define BK(v, k) ((v)[(size_t)f->has_const + (k)])
#define TK(v, k) (it[k] == (size_t)-1 ? 0.0 : (v)[it[k]])
#define RHO(v) (hasrho ? (v)[ir] : 0.0)
    for (size_t k = 0; k < kx; k++) {
        double *pb = theta0;
        memcpy(pb, f->beta, f->nb * sizeof *pb);
        if (hasrho)
            pb[ir] = f->rho;
        double grad[9];
        if ((rc = eff_one(&c, model, BK(pb, k), TK(pb, k), RHO(pb), est + 3 * k,
                          method == NQPF_SPREG_SE_DELTA || model == NQPF_SPREG_SEM || model == NQPF_SPREG_SLX ? grad
                                                                                                             : NULL)))
            goto done_it;
        if (method == NQPF_SPREG_SE_DELTA || model == NQPF_SPREG_SEM || model == NQPF_SPREG_SLX) {
            /* g' V g over the parameters (b_k, t_k, rho) */
            size_t idx[3] = {(size_t)f->has_const + k, it[k], hasrho ? ir : (size_t)-1};
            for (int e = 0; e < 3; e++) {
                double v = 0;
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        if (idx[a] != (size_t)-1 && idx[b] != (size_t)-1)
                            v += grad[3 * e + a] * grad[3 * e + b] * f->cov[idx[a] * q + idx[b]];
                se[3 * k + e] = v > 0 ? sqrt(v) : (model == NQPF_SPREG_SEM && e == 1 ? NAN : 0);
            }
        }
    }
    if (method == NQPF_SPREG_SE_SIM && model != NQPF_SPREG_SEM && model != NQPF_SPREG_SLX) {
        /* draws from N(theta_hat, cov) */
        ch = gsl_matrix_alloc(q, q);
        theta = nqpf__malloc(q, sizeof *theta);
        z = nqpf__malloc(q, sizeof *z);
        sum = nqpf__calloc(3 * kx, sizeof *sum);
        sum2 = nqpf__calloc(3 * kx, sizeof *sum2);
        r = gsl_rng_alloc(gsl_rng_mt19937);
        if (!ch || !theta || !z || !sum || !sum2 || !r) {
            rc = NQPF_EINTERNAL;
            goto done_it;
        }
        for (size_t a = 0; a < q; a++)
            for (size_t b = 0; b < q; b++)
                gsl_matrix_set(ch, a, b, f->cov[a * q + b]);
        if (gsl_linalg_cholesky_decomp1(ch) != GSL_SUCCESS) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial regression: the covariance of the estimates is not positive "
                                            "definite, so the effects cannot be simulated; use effects_se delta");
            goto done_it;
        }
        gsl_rng_set(r, (unsigned long)seed);
        double lo, hi;
        nqpf__spreg_logdet_bounds(ld, &lo, &hi);
        double *mean = nqpf__malloc(q, sizeof *mean), *eff = nqpf__malloc(3 * kx + 3, sizeof *eff);
        if (!mean || !eff) {
            free(mean);
            free(eff);
            rc = NQPF_EINTERNAL;
            goto done_it;
        }
        memcpy(mean, f->beta, f->nb * sizeof *mean);
        if (hasrho)
            mean[ir] = f->rho;
        if (f->nsp == 2 || (!hasrho && f->nsp == 1))
            mean[q - 1] = f->lambda;
        size_t got = 0, tries = 0;
        while (got < draws && tries < 20 * draws) {
            tries++;
            for (size_t a = 0; a < q; a++)
                z[a] = gsl_ran_gaussian_ziggurat(r, 1.0);
            for (size_t a = 0; a < q; a++) {
                double s = mean[a];
                for (size_t b = 0; b <= a; b++)
                    s += gsl_matrix_get(ch, a, b) * z[b];
                theta[a] = s;
            }
            if (hasrho && !(theta[ir] > lo && theta[ir] < hi))
                continue; /* a draw outside the stable interval of rho is redrawn */
            for (size_t k = 0; k < kx && !rc; k++)
                rc = eff_one(&c, model, BK(theta, k), TK(theta, k), RHO(theta), eff + 3 * k, NULL);
            if (rc)
                break;
            for (size_t j = 0; j < 3 * kx; j++) {
                double d = eff[j] - est[j];
                sum[j] += d;
                sum2[j] += d * d;
            }
            got++;
        }
        free(mean);
        free(eff);
        if (rc)
            goto done_it;
        if (got < 2) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial regression: the simulation of the effects found no draw of rho "
                                            "inside its interval; use effects_se delta");
            goto done_it;
        }
        for (size_t j = 0; j < 3 * kx; j++) {
            double m = sum[j] / (double)got;
            se[j] = sqrt(fmax(0, (sum2[j] - (double)got * m * m) / (double)(got - 1)));
        }
    }
    rc = NQPF_OK;
#undef BK
#undef TK
#undef RHO
done_it:
    free(it);
    free(theta0);
done:
    free(c.one);
    free(c.w1);
    free(c.x);
    free(c.ptr);
    free(L);
    free(theta);
    free(z);
    free(sum);
    free(sum2);
    if (r)
        gsl_rng_free(r);
    if (ch)
        gsl_matrix_free(ch);
    return rc;
}
