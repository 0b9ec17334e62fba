/* The matrix-level methods of the composite index: objective weights (entropy, CRITIC, CV, PCA),
 * AHP, TOPSIS (both forms) and grey relational analysis. Every function works on a column-major
 * n x m matrix and knows nothing about panels, so the reference tests can call it directly.
 * Formulas and their sources: docs/index.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "nqpf/global.h"
#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

double nqpf_index__mean(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

double nqpf_index__sd(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double mu = nqpf_index__mean(x, n), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - mu) * (x[i] - mu);
    return sqrt(s / (double)(n - 1));
}

/* Average ranks (1 = smallest), ties sharing the mean of their positions, as Spearman needs. */
typedef struct rk { double v; size_t i; } rk;

static int rk_cmp(const void *a, const void *b)
{
    const rk *x = a, *y = b;
    if (x->v < y->v)
        return -1;
    if (x->v > y->v)
        return 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

int nqpf_index__avg_rank(double *r, const double *x, size_t n)
{
    rk *t = nqpf__malloc(n ? n : 1, sizeof *t);
    if (!t)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < n; i++)
        t[i].v = x[i], t[i].i = i;
    qsort(t, n, sizeof *t, rk_cmp);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && t[b].v == t[a].v)
            b++;
        double avg = (double)(a + 1 + b) / 2.0; /* mean of positions a+1 .. b */
        for (size_t k = a; k < b; k++)
            r[t[k].i] = avg;
        a = b;
    }
    free(t);
    return NQPF_OK;
}

static double pearson(const double *a, const double *b, size_t n)
{
    double ma = nqpf_index__mean(a, n), mb = nqpf_index__mean(b, n), sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / sqrt(saa * sbb);
}

int nqpf_weights_entropy(double *w, double *e, double *d, const double *x, size_t n, size_t m)
{
    if (n < 2 || m < 1)
        return nqpf_error_set(NQPF_EDATA, "entropy weights need at least 2 observations and 1 indicator");
    double dsum = 0;
    for (size_t j = 0; j < m; j++) {
        const double *c = x + j * n;
        double s = 0;
        for (size_t i = 0; i < n; i++) {
            if (!(c[i] >= 0))
                return nqpf_error_set(NQPF_EDATA,
                                      "entropy weights need non-negative values: indicator %zu, observation %zu is %g",
                                      j + 1, i + 1, c[i]);
            s += c[i];
        }
        if (!(s > 0))
            return nqpf_error_set(NQPF_EDATA, "entropy weights: indicator %zu sums to zero", j + 1);
        double h = 0;
        for (size_t i = 0; i < n; i++) {
            double p = c[i] / s;
            if (p > 0) /* 0 ln 0 = 0, the limit */
                h -= p * log(p);
        }
        double ej = h / log((double)n);
        if (e)
            e[j] = ej;
        if (d)
            d[j] = 1 - ej;
        w[j] = 1 - ej;
        dsum += 1 - ej;
    }
    if (!(dsum > 0))
        return nqpf_error_set(NQPF_EDATA, "entropy weights: every indicator has maximal entropy (no divergence)");
    for (size_t j = 0; j < m; j++)
        w[j] /= dsum;
    return NQPF_OK;
}

int nqpf_weights_critic(double *w, double *sigma, double *conflict, double *c, double *one_minus_r,
                        const double *x, size_t n, size_t m, int spearman)
{
    if (n < 2 || m < 1)
        return nqpf_error_set(NQPF_EDATA, "CRITIC weights need at least 2 observations and 1 indicator");
    int rc = NQPF_OK;
    double *rk_ = NULL, *sd = nqpf__malloc(m, sizeof *sd);
    if (!sd)
        return NQPF_EINTERNAL;
    const double *cor = x;
    if (spearman) {
        if (!(rk_ = nqpf__malloc(n * m, sizeof *rk_))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t j = 0; j < m; j++)
            if ((rc = nqpf_index__avg_rank(rk_ + j * n, x + j * n, n)))
                goto done;
        cor = rk_;
    }
    for (size_t j = 0; j < m; j++) {
        sd[j] = nqpf_index__sd(x + j * n, n);
        if (!(sd[j] > 0)) {
            rc = nqpf_error_set(NQPF_EDATA, "CRITIC weights: indicator %zu is constant", j + 1);
            goto done;
        }
    }
    double csum = 0;
    for (size_t j = 0; j < m; j++) {
        double conf = 0;
        for (size_t k = 0; k < m; k++) {
            double r = j == k ? 1.0 : pearson(cor + j * n, cor + k * n, n);
            if (one_minus_r)
                one_minus_r[j * m + k] = 1 - r;
            conf += 1 - r;
        }
        if (sigma)
            sigma[j] = sd[j];
        if (conflict)
            conflict[j] = conf;
        if (c)
            c[j] = sd[j] * conf;
        w[j] = sd[j] * conf;
        csum += w[j];
    }
    if (!(csum > 0)) {
        rc = nqpf_error_set(NQPF_EDATA, "CRITIC weights: the information amounts sum to zero");
        goto done;
    }
    for (size_t j = 0; j < m; j++)
        w[j] /= csum;
done:
    free(sd);
    free(rk_);
    return rc;
}

int nqpf_weights_cv(double *w, double *cv, const double *x, size_t n, size_t m)
{
    if (n < 2 || m < 1)
        return nqpf_error_set(NQPF_EDATA, "CV weights need at least 2 observations and 1 indicator");
    double s = 0;
    for (size_t j = 0; j < m; j++) {
        double mu = nqpf_index__mean(x + j * n, n);
        if (!(mu > 0))
            return nqpf_error_set(NQPF_EDATA, "CV weights need a positive mean: indicator %zu has mean %g", j + 1, mu);
        w[j] = nqpf_index__sd(x + j * n, n) / mu;
        if (cv)
            cv[j] = w[j];
        s += w[j];
    }
    if (!(s > 0))
        return nqpf_error_set(NQPF_EDATA, "CV weights: every indicator is constant");
    for (size_t j = 0; j < m; j++)
        w[j] /= s;
    return NQPF_OK;
}

int nqpf_weights_pca(double *w, const double *x, size_t n, size_t m)
{
    if (n < 2 || m < 1)
        return nqpf_error_set(NQPF_EDATA, "PCA weights need at least 2 observations and 1 indicator");
    nqpf_global_init(); /* GSL reports, never aborts */
    int rc = NQPF_OK;
    gsl_matrix *R = gsl_matrix_alloc(m, m), *V = gsl_matrix_alloc(m, m);
    gsl_vector *lam = gsl_vector_alloc(m);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(m);
    if (!R || !V || !lam || !ws) {
        rc = nqpf__nomem("the PCA weights (%zu x %zu correlation matrix)", m, m);
        goto done;
    }
    for (size_t j = 0; j < m; j++) {
        if (!(nqpf_index__sd(x + j * n, n) > 0)) {
            rc = nqpf_error_set(NQPF_EDATA, "PCA weights: indicator %zu is constant", j + 1);
            goto done;
        }
        for (size_t k = 0; k <= j; k++) {
            double r = j == k ? 1.0 : pearson(x + j * n, x + k * n, n);
            gsl_matrix_set(R, j, k, r);
            gsl_matrix_set(R, k, j, r);
        }
    }
    if (gsl_eigen_symmv(R, lam, V, ws) != 0) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "PCA weights: eigen decomposition failed");
        goto done;
    }
    gsl_eigen_symmv_sort(lam, V, GSL_EIGEN_SORT_VAL_DESC);
    /* Kaiser's rule; the first component is always kept so that a strongly correlated set still
     * gets weights. */
    size_t keep = 0;
    while (keep < m && (keep == 0 || gsl_vector_get(lam, keep) >= 1.0))
        keep++;
    double lsum = 0, wsum = 0;
    for (size_t k = 0; k < keep; k++)
        lsum += gsl_vector_get(lam, k);
    for (size_t j = 0; j < m; j++)
        w[j] = 0;
    for (size_t k = 0; k < keep; k++) {
        /* An eigenvector's sign is arbitrary; fix it so results do not depend on the solver. */
        double s = 0;
        for (size_t j = 0; j < m; j++)
            s += gsl_matrix_get(V, j, k);
        double sg = s < 0 ? -1.0 : 1.0;
        for (size_t j = 0; j < m; j++)
            w[j] += gsl_vector_get(lam, k) / lsum * sg * gsl_matrix_get(V, j, k);
    }
    for (size_t j = 0; j < m; j++) {
        w[j] = fabs(w[j]);
        wsum += w[j];
    }
    if (!(wsum > 0)) {
        rc = nqpf_error_set(NQPF_EDATA, "PCA weights: the loadings cancel out");
        goto done;
    }
    for (size_t j = 0; j < m; j++)
        w[j] /= wsum;
done:
    gsl_matrix_free(R);
    gsl_matrix_free(V);
    gsl_vector_free(lam);
    if (ws)
        gsl_eigen_symmv_free(ws);
    return rc;
}

/* Saaty's (1980) random consistency index for n = 1..15. */
static const double saaty_ri[16] = {0,    0,    0,    0.58, 0.90, 1.12, 1.24, 1.32,
                                    1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};

int nqpf_weights_ahp(double *w, double *lambda_max, double *cr, const double *a, size_t m)
{
    if (m < 1 || m > 15)
        return nqpf_error_set(NQPF_EUSAGE, "AHP: %zu criteria; the random index is tabulated for 1 to 15", m);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++) {
            double v = a[i * m + j], t = a[j * m + i];
            if (!(v > 0))
                return nqpf_error_set(NQPF_EDATA, "AHP: entry (%zu, %zu) is %g, expected a positive number", i + 1,
                                      j + 1, v);
            if (i == j && fabs(v - 1) > NQPF_AHP_RECIPROCAL_TOL)
                return nqpf_error_set(NQPF_EDATA, "AHP: diagonal entry %zu is %g, expected 1", i + 1, v);
            if (fabs(v * t - 1) > NQPF_AHP_RECIPROCAL_TOL)
                return nqpf_error_set(NQPF_EDATA, "AHP: entries (%zu, %zu) = %g and (%zu, %zu) = %g are not reciprocal",
                                      i + 1, j + 1, v, j + 1, i + 1, t);
        }
    double *y = nqpf__malloc(m, sizeof *y);
    if (!y)
        return NQPF_EINTERNAL;
    /* Power iteration: a positive matrix has a unique positive Perron vector, to which it converges
     * from the uniform start. */
    for (size_t i = 0; i < m; i++)
        w[i] = 1.0 / (double)m;
    for (int it = 0; it < 10000; it++) {
        double s = 0, delta = 0;
        for (size_t i = 0; i < m; i++) {
            y[i] = 0;
            for (size_t j = 0; j < m; j++)
                y[i] += a[i * m + j] * w[j];
            s += y[i];
        }
        for (size_t i = 0; i < m; i++) {
            y[i] /= s;
            delta = fmax(delta, fabs(y[i] - w[i]));
            w[i] = y[i];
        }
        if (delta < 1e-15)
            break;
    }
    double lam = 0;
    for (size_t i = 0; i < m; i++) {
        double r = 0;
        for (size_t j = 0; j < m; j++)
            r += a[i * m + j] * w[j];
        lam += r / w[i];
    }
    lam /= (double)m;
    free(y);
    if (lambda_max)
        *lambda_max = lam;
    if (cr)
        *cr = m <= 2 ? 0.0 : ((lam - (double)m) / (double)(m - 1)) / saaty_ri[m];
    return NQPF_OK;
}

int nqpf_topsis(double *closeness, double *ideal, double *anti, const double *x, const double *w, const int *dir,
                size_t n, size_t m, int vector)
{
    double *pos = nqpf__malloc(m, sizeof *pos), *neg = nqpf__malloc(m, sizeof *neg),
           *scale = nqpf__malloc(m, sizeof *scale);
    if (!pos || !neg || !scale) {
        free(pos), free(neg), free(scale);
        return NQPF_EINTERNAL;
    }
    for (size_t j = 0; j < m; j++) {
        const double *c = x + j * n;
        double ss = 0, mx = -INFINITY, mn = INFINITY;
        for (size_t i = 0; i < n; i++) {
            ss += c[i] * c[i];
            mx = fmax(mx, c[i]);
            mn = fmin(mn, c[i]);
        }
        /* Hwang-Yoon multiplies the vector-normalised column by w_j; the literature's form keeps
         * the column and weights the squared differences instead. */
        scale[j] = vector ? (ss > 0 ? w[j] / sqrt(ss) : 0.0) : 1.0;
        pos[j] = (dir[j] > 0 ? mx : mn) * scale[j];
        neg[j] = (dir[j] > 0 ? mn : mx) * scale[j];
        if (ideal)
            ideal[j] = pos[j];
        if (anti)
            anti[j] = neg[j];
    }
    for (size_t i = 0; i < n; i++) {
        double dp = 0, dn = 0;
        for (size_t j = 0; j < m; j++) {
            double v = x[j * n + i] * scale[j], f = vector ? 1.0 : w[j];
            dp += f * (v - pos[j]) * (v - pos[j]);
            dn += f * (v - neg[j]) * (v - neg[j]);
        }
        dp = sqrt(dp);
        dn = sqrt(dn);
        closeness[i] = dp + dn > 0 ? dn / (dp + dn) : NAN;
    }
    free(pos), free(neg), free(scale);
    return NQPF_OK;
}

int nqpf_gra(double *grade, const double *x, const double *w, const int *dir, size_t n, size_t m, double zeta)
{
    double *ref = nqpf__malloc(m, sizeof *ref);
    if (!ref)
        return NQPF_EINTERNAL;
    double dmin = INFINITY, dmax = -INFINITY;
    for (size_t j = 0; j < m; j++) {
        double mx = -INFINITY, mn = INFINITY;
        for (size_t i = 0; i < n; i++)
            mx = fmax(mx, x[j * n + i]), mn = fmin(mn, x[j * n + i]);
        ref[j] = dir[j] > 0 ? mx : mn;
        for (size_t i = 0; i < n; i++) {
            double dl = fabs(ref[j] - x[j * n + i]);
            dmin = fmin(dmin, dl);
            dmax = fmax(dmax, dl);
        }
    }
    for (size_t i = 0; i < n; i++) {
        double g = 0;
        for (size_t j = 0; j < m; j++) {
            double dl = fabs(ref[j] - x[j * n + i]);
            /* All deviations zero: every observation is the reference, fully related. */
            double xi = dmax > 0 ? (dmin + zeta * dmax) / (dl + zeta * dmax) : 1.0;
            g += w[j] * xi;
        }
        grade[i] = g;
    }
    free(ref);
    return NQPF_OK;
}
