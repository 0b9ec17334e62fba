/* Sigma and beta convergence (Barro and Sala-i-Martin 1992): the cross-sectional dispersion of logs
 * per year, and regressions of growth on the initial log level, cross-section (HC1 standard
 * errors) or panel with unit and year fixed effects (standard errors clustered by unit).
 * docs/regions.md has the formulas. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "nqpf/global.h"
#include "nqpf/region.h"
#include "region/convergence_internal.h"
#include "../util/util.h"

/* A column of R is treated as dependent when its diagonal is below this fraction of the largest
 * one: a relative rank tolerance of the kind LAPACK's rank-revealing routines use. */
#define RANK_TOL 1e-10

/* Least squares by Householder QR (no normal equations, which square the condition number).
 * X is n x p row-major. Fills b (p), e (n residuals) and xtxi ((X'X)^-1 = R^-1 R^-T, p x p).
 * Returns NQPF_EDATA when X does not have full column rank. */
static int ols(const double *X, const double *y, size_t n, size_t p, double *b, double *e, double *xtxi)
{
    int rc = NQPF_OK;
    gsl_matrix *qr = gsl_matrix_alloc(n, p), *r = gsl_matrix_alloc(p, p);
    gsl_vector *tau = gsl_vector_alloc(p), *yv = gsl_vector_alloc(n), *bv = gsl_vector_alloc(p);
    gsl_vector *ev = gsl_vector_alloc(n);
    if (!qr || !r || !tau || !yv || !bv || !ev) {
        rc = nqpf__nomem("the convergence regression");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(qr, i, j, X[i * p + j]);
        gsl_vector_set(yv, i, y[i]);
    }
    if (gsl_linalg_QR_decomp(qr, tau)) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "QR decomposition failed");
        goto done;
    }
    double dmax = 0;
    for (size_t j = 0; j < p; j++)
        dmax = fmax(dmax, fabs(gsl_matrix_get(qr, j, j)));
    for (size_t j = 0; j < p; j++)
        if (!(fabs(gsl_matrix_get(qr, j, j)) > RANK_TOL * dmax)) {
            rc = nqpf_error_set(NQPF_EDATA, "the regressors are collinear (regressor %zu depends on the others)", j + 1);
            goto done;
        }
    if (gsl_linalg_QR_lssolve(qr, tau, yv, bv, ev)) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "least-squares solve failed");
        goto done;
    }
    gsl_matrix_set_zero(r);
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            gsl_matrix_set(r, i, j, gsl_matrix_get(qr, i, j));
    if (gsl_linalg_tri_upper_invert(r)) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "triangular inverse failed");
        goto done;
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t m = (i > j ? i : j); m < p; m++)
                s += gsl_matrix_get(r, i, m) * gsl_matrix_get(r, j, m);
            xtxi[i * p + j] = s;
        }
    for (size_t j = 0; j < p; j++)
        b[j] = gsl_vector_get(bv, j);
    for (size_t i = 0; i < n; i++)
        e[i] = gsl_vector_get(ev, i);
done:
    gsl_matrix_free(qr);
    gsl_matrix_free(r);
    gsl_vector_free(tau);
    gsl_vector_free(yv);
    gsl_vector_free(bv);
    gsl_vector_free(ev);
    return rc;
}

/* Sandwich variance xtxi * M * xtxi * scale, M = sum over clusters of s_g s_g' with
 * s_g = sum_{i in g} x_i e_i. cluster NULL: every observation its own cluster (HC). */
static int sandwich(double *V, const double *X, const double *e, const size_t *cluster, size_t ncl, size_t n,
                    size_t p, const double *xtxi, double scale)
{
    size_t G = cluster ? ncl : n;
    double *s = nqpf__calloc(G * p, sizeof *s), *M = nqpf__calloc(p * p, sizeof *M), *T = nqpf__calloc(p * p, sizeof *T);
    if (!s || !M || !T) {
        free(s);
        free(M);
        free(T);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t g = cluster ? cluster[i] : i;
        for (size_t j = 0; j < p; j++)
            s[g * p + j] += X[i * p + j] * e[i];
    }
    for (size_t g = 0; g < G; g++)
        for (size_t a = 0; a < p; a++)
            for (size_t c = 0; c < p; c++)
                M[a * p + c] += s[g * p + a] * s[g * p + c];
    for (size_t a = 0; a < p; a++)
        for (size_t c = 0; c < p; c++) {
            double acc = 0;
            for (size_t m = 0; m < p; m++)
                acc += xtxi[a * p + m] * M[m * p + c];
            T[a * p + c] = acc;
        }
    for (size_t a = 0; a < p; a++)
        for (size_t c = 0; c < p; c++) {
            double acc = 0;
            for (size_t m = 0; m < p; m++)
                acc += T[a * p + m] * xtxi[m * p + c];
            V[a * p + c] = scale * acc;
        }
    free(s);
    free(M);
    free(T);
    return NQPF_OK;
}

/* Rows of the beta table, filled model by model. */
typedef struct beta_rows {
    size_t n, cap;
    const char **model, **term, **se_type;
    double *c[10];
} beta_rows;

enum { B_EST, B_SE, B_T, B_P, B_DF, B_NOBS, B_NUNITS, B_R2, B_LAMBDA, B_HALF, B_NCOLS };
static const char *const b_names[B_NCOLS] = {"estimate", "std_error", "t", "p_value", "df",
                                             "n_obs", "n_units", "r2", "lambda", "half_life"};

static int beta_add(beta_rows *br, const char *model, const char *term, const char *se_type, const double *v)
{
    if (br->n == br->cap)
        return nqpf_error_set(NQPF_EINTERNAL, "convergence: result table overflow");
    br->model[br->n] = model;
    br->term[br->n] = term;
    br->se_type[br->n] = se_type;
    for (size_t c = 0; c < B_NCOLS; c++)
        br->c[c][br->n] = v[c];
    br->n++;
    return NQPF_OK;
}

/* Reports one fitted model: coefficients listed in terms[0..nterms) are the first nterms of b. */
static int report(beta_rows *br, const char *model, const char *const *terms, size_t nterms, size_t level_term,
                  const double *b, const double *V, size_t p, double df, size_t nobs, size_t nunits, double r2,
                  double horizon, const char *se_type)
{
    for (size_t j = 0; j < nterms; j++) {
        double v[B_NCOLS];
        double se = sqrt(V[j * p + j]);
        v[B_EST] = b[j];
        v[B_SE] = se;
        v[B_T] = b[j] / se;
        v[B_P] = se > 0 ? 2 * gsl_cdf_tdist_Q(fabs(b[j] / se), df) : NAN;
        v[B_DF] = df;
        v[B_NOBS] = (double)nobs;
        v[B_NUNITS] = (double)nunits;
        v[B_R2] = r2;
        v[B_LAMBDA] = v[B_HALF] = NAN;
        if (j == level_term) {
            /* g = a + beta ln y0 with g the mean growth over `horizon` years implies
             * beta = -(1 - exp(-lambda horizon))/horizon. */
            double q = 1 + b[j] * horizon;
            v[B_LAMBDA] = q > 0 ? -log(q) / horizon : NAN;
            v[B_HALF] = v[B_LAMBDA] > 0 ? log(2.0) / v[B_LAMBDA] : NAN;
        }
        int rc = beta_add(br, model, terms[j], se_type, v);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

/* The cross-section model over the panel's first and last year. */
static int fit_cross(beta_rows *br, const nqpf_panel *p, const double *x, const double *const *ctl, size_t nctl,
                     const char *const *ctl_names, const char *model)
{
    size_t nt, nu = nqpf_panel_nunits(p), k = 2 + nctl;
    const long *times = nqpf_panel_times(p, &nt);
    if (nt < 2)
        return nqpf_error_set(NQPF_EDATA, "%s: beta convergence needs at least two years, found %zu",
                              nqpf_table_source(nqpf_panel_table(p)), nt);
    double T = (double)(times[nt - 1] - times[0]);
    double *X = nqpf__malloc(nu * k, sizeof *X), *y = nqpf__malloc(nu, sizeof *y), *e = nqpf__malloc(nu, sizeof *e);
    double *b = nqpf__malloc(k, sizeof *b), *xtxi = nqpf__malloc(k * k, sizeof *xtxi), *V = nqpf__malloc(k * k, sizeof *V);
    const char **terms = nqpf__malloc(k, sizeof *terms);
    int rc = NQPF_OK;
    if (!X || !y || !e || !b || !xtxi || !V || !terms) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    size_t n = 0;
    for (size_t u = 0; u < nu; u++) {
        size_t i0 = nqpf_panel_find(p, u, times[0]), i1 = nqpf_panel_find(p, u, times[nt - 1]);
        if (i0 == NQPF_NONE || i1 == NQPF_NONE || isnan(x[i0]) || isnan(x[i1]))
            continue;
        int ok = 1;
        for (size_t c = 0; c < nctl; c++)
            ok &= !isnan(ctl[c][i0]);
        if (!ok)
            continue;
        X[n * k + 0] = 1;
        X[n * k + 1] = log(x[i0]);
        for (size_t c = 0; c < nctl; c++)
            X[n * k + 2 + c] = ctl[c][i0];
        y[n] = (log(x[i1]) - log(x[i0])) / T;
        n++;
    }
    if (n < nu)
        nqpf_warn("convergence: %zu of %zu units lack a value in %ld or %ld (or a control in %ld) and are left out "
                  "of the cross-section", nu - n, nu, times[0], times[nt - 1], times[0]);
    if (n <= k) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: cross-section beta convergence needs more than %zu units with values "
                            "in %ld and %ld, found %zu", nqpf_table_source(nqpf_panel_table(p)), k, times[0],
                            times[nt - 1], n);
        goto done;
    }
    if ((rc = ols(X, y, n, k, b, e, xtxi)))
        goto done;
    /* HC1: White's sandwich scaled by n/(n - k) (MacKinnon and White 1985), Stata's `robust`. */
    if ((rc = sandwich(V, X, e, NULL, 0, n, k, xtxi, (double)n / (double)(n - k))))
        goto done;
    double ybar = 0, tss = 0, ssr = 0;
    for (size_t i = 0; i < n; i++)
        ybar += y[i];
    ybar /= (double)n;
    for (size_t i = 0; i < n; i++)
        tss += (y[i] - ybar) * (y[i] - ybar), ssr += e[i] * e[i];
    terms[0] = "const";
    terms[1] = "log_initial";
    for (size_t c = 0; c < nctl; c++)
        terms[2 + c] = ctl_names[c];
    rc = report(br, model, terms, k, 1, b, V, k, (double)(n - k), n, n, tss > 0 ? 1 - ssr / tss : NAN, T, "HC1");
done:
    free(X);
    free(y);
    free(e);
    free(b);
    free(xtxi);
    free(V);
    free((void *)terms);
    return rc;
}

/* The panel model with unit and year effects: the unit effects are swept out by demeaning within
 * units (Frisch-Waugh-Lovell), the year effects enter as demeaned dummies. */
static int fit_panel(beta_rows *br, const nqpf_panel *p, const double *x, const double *const *ctl, size_t nctl,
                     const char *const *ctl_names, const char *model)
{
    size_t nt, nu = nqpf_panel_nunits(p), nobs = nqpf_panel_nobs(p);
    const long *times = nqpf_panel_times(p, &nt);
    int rc = NQPF_OK;
    size_t *use = nqpf__malloc(nobs ? nobs : 1, sizeof *use), *tix = nqpf__malloc(nobs ? nobs : 1, sizeof *tix);
    size_t *cl = nqpf__malloc(nobs ? nobs : 1, sizeof *cl), *ucl = nqpf__malloc(nu ? nu : 1, sizeof *ucl);
    int *year_used = nqpf__calloc(nt ? nt : 1, sizeof *year_used);
    size_t *ycol = nqpf__malloc(nt ? nt : 1, sizeof *ycol);
    double *X = NULL, *y = NULL, *e = NULL, *b = NULL, *xtxi = NULL, *V = NULL;
    const char **terms = nqpf__malloc(1 + nctl, sizeof *terms);
    if (!use || !tix || !cl || !ucl || !year_used || !ycol || !terms) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    size_t n = 0;
    for (size_t i = 0; i < nobs; i++) {
        size_t j = nqpf_panel_prev(p, i);
        if (j == NQPF_NONE || isnan(x[i]) || isnan(x[j]))
            continue;
        int ok = 1;
        for (size_t c = 0; c < nctl; c++)
            ok &= !isnan(ctl[c][j]);
        if (!ok)
            continue;
        size_t lo = 0;
        while (times[lo] != nqpf_panel_time(p, i))
            lo++;
        tix[n] = lo;
        year_used[lo] = 1;
        use[n++] = i;
    }
    /* Year dummies for every used year but the first (collinear with the unit effects). */
    size_t ny = 0;
    int first = 1;
    for (size_t t = 0; t < nt; t++) {
        ycol[t] = NQPF_NONE;
        if (!year_used[t])
            continue;
        if (first) {
            first = 0;
            continue;
        }
        ycol[t] = ny++;
    }
    size_t k = 1 + nctl + ny;
    for (size_t u = 0; u < nu; u++)
        ucl[u] = NQPF_NONE;
    size_t G = 0;
    for (size_t r = 0; r < n; r++) {
        size_t u = nqpf_panel_unit(p, use[r]);
        if (ucl[u] == NQPF_NONE)
            ucl[u] = G++;
        cl[r] = ucl[u];
    }
    if (n <= k + G || G < 2) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: panel beta convergence needs more observations than unit and year "
                            "effects plus regressors (%zu + %zu), found %zu growth rates",
                            nqpf_table_source(nqpf_panel_table(p)), G, k, n);
        goto done;
    }
    if (!(X = nqpf__calloc(n * k, sizeof *X)) || !(y = nqpf__malloc(n, sizeof *y)) || !(e = nqpf__malloc(n, sizeof *e)) ||
        !(b = nqpf__malloc(k, sizeof *b)) || !(xtxi = nqpf__malloc(k * k, sizeof *xtxi)) ||
        !(V = nqpf__malloc(k * k, sizeof *V))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t r = 0; r < n; r++) {
        size_t i = use[r], j = nqpf_panel_prev(p, i);
        y[r] = log(x[i]) - log(x[j]);
        X[r * k] = log(x[j]);
        for (size_t c = 0; c < nctl; c++)
            X[r * k + 1 + c] = ctl[c][j];
        if (ycol[tix[r]] != NQPF_NONE)
            X[r * k + 1 + nctl + ycol[tix[r]]] = 1;
    }
    /* Demean every column and y within clusters (units); used rows of a unit are contiguous. */
    {
        size_t r0 = 0;
        while (r0 < n) {
            size_t r1 = r0;
            while (r1 < n && cl[r1] == cl[r0])
                r1++;
            double cnt = (double)(r1 - r0);
            for (size_t c = 0; c <= k; c++) {
                double s = 0;
                for (size_t r = r0; r < r1; r++)
                    s += c < k ? X[r * k + c] : y[r];
                s /= cnt;
                for (size_t r = r0; r < r1; r++)
                    if (c < k)
                        X[r * k + c] -= s;
                    else
                        y[r] -= s;
            }
            r0 = r1;
        }
    }
    if ((rc = ols(X, y, n, k, b, e, xtxi)))
        goto done;
    /* Stata's xtreg, fe vce(cluster id): the unit effects are nested in the clusters and not counted
     * in K; K counts the slopes, the year dummies and the constant. */
    double K = (double)k + 1, N = (double)n, dG = (double)G;
    if ((rc = sandwich(V, X, e, cl, G, n, k, xtxi, dG / (dG - 1) * (N - 1) / (N - K))))
        goto done;
    double tss = 0, ssr = 0;
    for (size_t r = 0; r < n; r++)
        tss += y[r] * y[r], ssr += e[r] * e[r];
    terms[0] = "log_lag";
    for (size_t c = 0; c < nctl; c++)
        terms[1 + c] = ctl_names[c];
    rc = report(br, model, terms, 1 + nctl, 0, b, V, k, dG - 1, n, G, tss > 0 ? 1 - ssr / tss : NAN, 1.0,
                "cluster(unit)");
done:
    free(use);
    free(tix);
    free(cl);
    free(ucl);
    free(year_used);
    free(ycol);
    free(X);
    free(y);
    free(e);
    free(b);
    free(xtxi);
    free(V);
    free((void *)terms);
    return rc;
}

static int sigma_table(nqpf_table **out, const nqpf_panel *p, const double *x)
{
    size_t nt, n = nqpf_panel_nobs(p);
    const long *times = nqpf_panel_times(p, &nt);
    enum { S_T, S_N, S_ML, S_SD, S_CVL, S_CV, S_NC };
    static const char *const names[S_NC] = {NULL, "n", "mean_log", "sd_log", "cv_log", "cv"};
    double *c[S_NC] = {0};
    int rc = NQPF_OK;
    nqpf_table *t = NULL;
    for (size_t j = 0; j < S_NC; j++)
        if (!(c[j] = nqpf__calloc(nt ? nt : 1, sizeof *c[j]))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
    double *s1 = nqpf__calloc(nt ? nt : 1, sizeof *s1), *s2 = nqpf__calloc(nt ? nt : 1, sizeof *s2);
    if (!s1 || !s2) {
        free(s1);
        free(s2);
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Two passes (means, then squared deviations) for accuracy. */
    for (size_t t0 = 0; t0 < nt; t0++)
        c[S_T][t0] = (double)times[t0];
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        size_t t0 = 0;
        while (times[t0] != nqpf_panel_time(p, i))
            t0++;
        c[S_N][t0] += 1;
        c[S_ML][t0] += log(x[i]);
        s1[t0] += x[i];
    }
    for (size_t t0 = 0; t0 < nt; t0++) {
        c[S_ML][t0] /= c[S_N][t0];
        s1[t0] /= c[S_N][t0];
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]))
            continue;
        size_t t0 = 0;
        while (times[t0] != nqpf_panel_time(p, i))
            t0++;
        double dl = log(x[i]) - c[S_ML][t0], dx = x[i] - s1[t0];
        c[S_SD][t0] += dl * dl;
        s2[t0] += dx * dx;
    }
    for (size_t t0 = 0; t0 < nt; t0++) {
        double m = c[S_N][t0];
        if (m < 2) {
            c[S_SD][t0] = c[S_CVL][t0] = c[S_CV][t0] = NAN;
            if (m < 1)
                c[S_ML][t0] = NAN;
            continue;
        }
        c[S_SD][t0] = sqrt(c[S_SD][t0] / (m - 1));
        c[S_CVL][t0] = c[S_ML][t0] != 0 ? c[S_SD][t0] / fabs(c[S_ML][t0]) : NAN;
        c[S_CV][t0] = sqrt(s2[t0] / (m - 1)) / s1[t0];
    }
    free(s1);
    free(s2);
    if (!(t = nqpf_table_new(nt))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_num(t, nqpf_panel_time_col(p), c[S_T], NULL)))
        goto done;
    for (size_t j = 1; j < S_NC; j++)
        if ((rc = nqpf_table_add_num(t, names[j], c[j], NULL)))
            goto done;
    *out = t;
    t = NULL;
done:
    nqpf_table_free(t);
    for (size_t j = 0; j < S_NC; j++)
        free(c[j]);
    return rc;
}

int nqpf_convergence(nqpf_table **sigma, nqpf_table **beta, const nqpf_panel *p, const nqpf_convergence_options *o)
{
    *sigma = NULL;
    *beta = NULL;
    int rc = nqpf__convergence_check(o);
    if (rc)
        return rc;
    nqpf_global_init();
    const double *x;
    if ((rc = nqpf_panel_require(p, o->var, NQPF_REQ_POSITIVE, NULL, 0, "convergence works on logs", &x)))
        return rc;
    const double **ctl = NULL;
    beta_rows br = {0};
    nqpf_table *tb = NULL, *ts = NULL;
    if (o->ncontrols && !(ctl = nqpf__calloc(o->ncontrols, sizeof *ctl)))
        return NQPF_EINTERNAL;
    for (size_t c = 0; c < o->ncontrols; c++)
        if ((rc = nqpf_panel_column(p, o->controls[c], &ctl[c])))
            goto done;
    br.cap = 2 * (2 + o->ncontrols);
    br.model = nqpf__calloc(br.cap, sizeof *br.model);
    br.term = nqpf__calloc(br.cap, sizeof *br.term);
    br.se_type = nqpf__calloc(br.cap, sizeof *br.se_type);
    for (size_t c = 0; c < B_NCOLS; c++)
        if (!(br.c[c] = nqpf__calloc(br.cap, sizeof(double)))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
    if (!br.model || !br.term || !br.se_type) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = sigma_table(&ts, p, x)))
        goto done;
    for (int m = 0; m < (o->ncontrols ? 2 : 1); m++) {
        const char *model = m ? "conditional" : "absolute";
        size_t nc = m ? o->ncontrols : 0;
        rc = o->panel ? fit_panel(&br, p, x, ctl, nc, o->controls, model)
                      : fit_cross(&br, p, x, ctl, nc, o->controls, model);
        if (rc) {
            if (rc == NQPF_EDATA && !strstr(nqpf_error_message(), "needs")) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s", nqpf_error_message());
                rc = nqpf_error_set(NQPF_EDATA, "%s: %s beta convergence: %s", nqpf_table_source(nqpf_panel_table(p)),
                                    model, msg);
            }
            goto done;
        }
    }
    if (!(tb = nqpf_table_new(br.n))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_text(tb, "model", br.model, NULL)) || (rc = nqpf_table_add_text(tb, "term", br.term, NULL)))
        goto done;
    for (size_t c = 0; c < B_NCOLS; c++)
        if ((rc = nqpf_table_add_num(tb, b_names[c], br.c[c], NULL)))
            goto done;
    if ((rc = nqpf_table_add_text(tb, "se_type", br.se_type, NULL)))
        goto done;
    *sigma = ts;
    *beta = tb;
    ts = tb = NULL;
done:
    nqpf_table_free(ts);
    nqpf_table_free(tb);
    free((void *)ctl);
    free((void *)br.model);
    free((void *)br.term);
    free((void *)br.se_type);
    for (size_t c = 0; c < B_NCOLS; c++)
        free(br.c[c]);
    return rc;
}
