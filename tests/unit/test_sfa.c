/* Stochastic frontier (src/parametric/sfa*.c) against independent references:
 *  - FRONTIER 4.1's example EG1 (Cobb-Douglas) and FRONTIER 4.1c's translog EG1 (tests/data/sfa/,
 *    copied from ../shared/reference with their READMEs): OLS, the grid point, the ML estimates,
 *    the log-likelihoods, the LR statistic and the 60 efficiencies to FRONTIER's printed digits;
 *    standard errors against the inverse of a finite-difference Hessian of the likelihood written
 *    in this file (and, reported only, against FRONTIER's DFP-based ones);
 *  - the log-likelihood at fixed parameters against this file's own evaluation of the density as
 *    a numerical integral over u (GSL QAGIU) of prod_t phi_v(e_it + eta_it u) f_u(u), for bc92 with
 *    mu and eta and for bc95;
 *  - a Battese-Coelli (1995) panel simulated from known parameters (fixed seed), recovered within
 *    4 estimated standard errors;
 *  - Kodde and Palm's (1986) Table 1 critical values;
 *  - the decomposition identity tfp = tc + tec + se against this file's own dln y_hat - sum lambda
 *    dln x for a Cobb-Douglas panel with a trend;
 *  - keyed option errors and data errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "nqpf/sfa.h"
#include "testutil.h"

/* ---- the reference files ----------------------------------------------------------------------- */

typedef struct ref {
    nqpf_table *t;
    size_t cs, ci, cq, cr, cc, cv;
} ref;

static ref ref_open(const char *rel)
{
    ref r;
    r.t = tu_read(tu_source(rel));
    r.cs = nqpf_table_find(r.t, "stage");
    r.ci = nqpf_table_find(r.t, "item");
    r.cq = nqpf_table_find(r.t, "quantity");
    r.cr = nqpf_table_find(r.t, "row");
    r.cc = nqpf_table_find(r.t, "col");
    r.cv = nqpf_table_find(r.t, "value");
    assert_true(r.cv != NQPF_NONE && r.cq != NQPF_NONE);
    return r;
}

/* The value of (stage, item, quantity[, row, col]); row/col 0: not compared. */
static double ref_get(const ref *r, const char *stage, const char *item, const char *quantity, int row, int col)
{
    const double *v = nqpf_table_cnum(r->t, r->cv), *rw = nqpf_table_cnum(r->t, r->cr),
                 *cl = nqpf_table_cnum(r->t, r->cc);
    for (size_t i = 0; i < nqpf_table_nrows(r->t); i++) {
        if (strcmp(nqpf_table_text(r->t, r->cs, i), stage) || strcmp(nqpf_table_text(r->t, r->ci, i), item) ||
            strcmp(nqpf_table_text(r->t, r->cq, i), quantity))
            continue;
        if (row && (int)rw[i] != row)
            continue;
        if (col && (int)cl[i] != col)
            continue;
        return v[i];
    }
    fail_msg("reference has no %s/%s/%s/%d/%d", stage, item, quantity, row, col);
    return NAN;
}

/* Loads y and X (constant first) from the named columns of a data file. */
static void load_xy(const char *rel, const char *ycol, const char *const *xcols, size_t kx, double **y, double **X,
                    size_t *n)
{
    nqpf_table *t = tu_read(tu_source(rel));
    *n = nqpf_table_nrows(t);
    size_t k = kx + 1;
    *y = malloc(*n * sizeof **y);
    *X = malloc(*n * k * sizeof **X);
    const double *yc = nqpf_table_cnum(t, nqpf_table_find(t, ycol));
    assert_non_null(yc);
    for (size_t i = 0; i < *n; i++) {
        (*y)[i] = yc[i];
        (*X)[i * k] = 1;
    }
    for (size_t j = 0; j < kx; j++) {
        const double *c = nqpf_table_cnum(t, nqpf_table_find(t, xcols[j]));
        assert_non_null(c);
        for (size_t i = 0; i < *n; i++)
            (*X)[i * k + j + 1] = c[i];
    }
    nqpf_table_free(t);
}

/* ---- an independent cross-section likelihood (Aigner, Lovell and Schmidt 1977 form) ---------- */

typedef struct xs {
    const double *y, *X;
    size_t n, k;
} xs;

/* Half-normal normal frontier in (b, sigma2, gamma): lambda = sigma_u / sigma_v,
 * ll = sum ln(2/sigma) + ln phi(e/sigma) + ln Phi(-e lambda / sigma). */
static double xs_ll(const xs *d, const double *th)
{
    double s2 = th[d->k], g = th[d->k + 1], s = sqrt(s2), lam = sqrt(g / (1 - g)), ll = 0;
    for (size_t i = 0; i < d->n; i++) {
        double e = d->y[i];
        for (size_t j = 0; j < d->k; j++)
            e -= d->X[i * d->k + j] * th[j];
        ll += log(2 / s) + log(gsl_ran_ugaussian_pdf(e / s)) + log(gsl_cdf_ugaussian_P(-e * lam / s));
    }
    return ll;
}

/* Battese and Coelli (1988) E[exp(-u) | e] for observation i in the half-normal cross-section:
 * mu_s = -e sigma_u^2 / sigma^2, s_s = sigma_u sigma_v / sigma,
 * TE = Phi(mu_s / s_s - s_s) / Phi(mu_s / s_s) exp(-mu_s + s_s^2 / 2). */
static double xs_te(const xs *d, const double *th, size_t i)
{
    double s2 = th[d->k], g = th[d->k + 1], e = d->y[i];
    for (size_t j = 0; j < d->k; j++)
        e -= d->X[i * d->k + j] * th[j];
    double ms = -e * g, ss = sqrt(g * (1 - g) * s2);
    return gsl_cdf_ugaussian_P(ms / ss - ss) / gsl_cdf_ugaussian_P(ms / ss) * exp(-ms + 0.5 * ss * ss);
}

/* Inverse of the negative central-difference Hessian of xs_ll at th (q = k + 2) into C. */
static void xs_cov(const xs *d, const double *th, double *C)
{
    size_t q = d->k + 2;
    double *w = malloc(q * sizeof *w), h[64];
    gsl_matrix *M = gsl_matrix_alloc(q, q);
    memcpy(w, th, q * sizeof *w);
    for (size_t j = 0; j < q; j++)
        h[j] = 2e-4 * fmax(fabs(th[j]), 0.05);
    for (size_t j = 0; j < q; j++)
        for (size_t l = 0; l <= j; l++) {
            double s[4];
            for (int c = 0; c < 4; c++) {
                memcpy(w, th, q * sizeof *w);
                w[j] += c & 1 ? -h[j] : h[j];
                w[l] += c & 2 ? -h[l] : h[l];
                s[c] = xs_ll(d, w);
            }
            double v = -(s[0] - s[1] - s[2] + s[3]) / (4 * h[j] * h[l]);
            gsl_matrix_set(M, j, l, v);
            gsl_matrix_set(M, l, j, v);
        }
    assert_int_equal(gsl_linalg_cholesky_decomp1(M), 0);
    gsl_linalg_cholesky_invert(M);
    for (size_t j = 0; j < q * q; j++)
        C[j] = M->data[j];
    gsl_matrix_free(M);
    free(w);
}

/* ---- EG1 --------------------------------------------------------------------------------------- */

static void check_eg1(const char *dir, const char *ycol, const char *const *xcols, size_t kx)
{
    char path[256];
    double *y, *X;
    size_t n;
    snprintf(path, sizeof path, "tests/data/sfa/%s/data.csv", dir);
    load_xy(path, ycol, xcols, kx, &y, &X, &n);
    snprintf(path, sizeof path, "tests/data/sfa/%s/expected.csv", dir);
    ref r = ref_open(path);
    const size_t k = kx + 1;
    nqpf_sfa_data d = {n, k, y, X, 0, NULL, 0, NULL, NULL, 1, NQPF_SFA_BC92, 0, 0, 1000, NULL, NULL};
    nqpf_sfa_fit f;
    int rc = nqpf_sfa_fit_run(&f, &d);
    if (rc)
        fail_msg("fit: %s", nqpf_error_message());
    assert_int_equal(f.np, k + 2);
    char item[32];
    /* OLS (rel 1e-7: 8 printed digits) */
    for (size_t j = 0; j < k; j++) {
        snprintf(item, sizeof item, "beta%zu", j);
        tu_assert_close(f.ols[j], ref_get(&r, "ols", item, "coefficient", 0, 0), 1e-7, 0, item);
    }
    tu_assert_close(f.ols[k], ref_get(&r, "ols", "sigma-squared", "coefficient", 0, 0), 1e-7, 0, "ols sigma2");
    tu_assert_close(f.loglik_ols, ref_get(&r, "ols", "loglik", "value", 0, 0), 1e-7, 0, "ols loglik");
    /* the grid point: only for the 4.1 program, whose grid steps by 0.1 like ours (4.1c refines it) */
    double ggam = ref_get(&r, "grid", "gamma", "coefficient", 0, 0);
    if (fabs(ggam * 10 - round(ggam * 10)) < 1e-9) {
        tu_assert_close(f.start[k + 1], ggam, 0, 1e-12, "grid gamma");
        tu_assert_close(f.start[0], ref_get(&r, "grid", "beta0", "coefficient", 0, 0), 1e-7, 0, "grid beta0");
        tu_assert_close(f.start[k], ref_get(&r, "grid", "sigma-squared", "coefficient", 0, 0), 1e-7, 0,
                        "grid sigma2");
        tu_assert_close(f.loglik_start, ref_get(&r, "grid", "loglik", "value", 0, 0), 1e-7, 0, "grid loglik");
    }
    /* ML estimates. FRONTIER stops when the llf and the parameters change by less than 1e-5
     * (relative), so its printed 8 digits are not all converged: the tolerance is that stopping
     * tolerance, 1e-5 relative, and the likelihood written in this file must be at least as high at
     * our estimates as at FRONTIER's printed ones (ours is the maximum, FRONTIER's a point near it). */
    xs xd = {y, X, n, k};
    double fr[16];
    for (size_t j = 0; j < k; j++) {
        snprintf(item, sizeof item, "beta%zu", j);
        fr[j] = ref_get(&r, "mle", item, "coefficient", 0, 0);
    }
    fr[k] = ref_get(&r, "mle", "sigma-squared", "coefficient", 0, 0);
    fr[k + 1] = ref_get(&r, "mle", "gamma", "coefficient", 0, 0);
    printf("# %s: ML estimates, nqpf vs FRONTIER's printed values\n", dir);
    for (size_t j = 0; j < k + 2; j++) {
        printf("#   parameter %zu: nqpf %.10f  FRONTIER %.8g  rel diff %+.2e\n", j, f.theta[j], fr[j],
               f.theta[j] / fr[j] - 1);
        tu_assert_close(f.theta[j], fr[j], 1e-5, 0, "ML estimate");
    }
    printf("#   loglik: nqpf %.10f  FRONTIER printed %.8g; independent loglik at nqpf's %.12f, at FRONTIER's %.12f\n",
           f.loglik, ref_get(&r, "mle", "loglik", "value", 0, 0), xs_ll(&xd, f.theta), xs_ll(&xd, fr));
    assert_true(xs_ll(&xd, f.theta) >= xs_ll(&xd, fr));
    tu_assert_close(f.loglik, ref_get(&r, "mle", "loglik", "value", 0, 0), 1e-6, 0, "loglik");
    tu_assert_close(2 * (f.loglik - f.loglik_ols), ref_get(&r, "mle", "lr_test_one_sided_error", "value", 0, 0), 1e-5,
                    0, "LR");
    /* efficiencies: this file's Battese-Coelli (1988) formula at FRONTIER's printed estimates gives
     * FRONTIER's printed efficiencies (abs 1e-6, 8 printed digits, with parameters rounded to 8
     * digits); at our estimates it gives ours (1e-12); ours and FRONTIER's differ by what their
     * estimates differ (abs 1e-5) */
    double mean = 0, worst = 0;
    for (size_t i = 0; i < n; i++) {
        char ctx[64];
        snprintf(ctx, sizeof ctx, "te of firm %zu", i + 1);
        double want = ref_get(&r, "mle", "technical_efficiency", "value", (int)i + 1, 0);
        tu_assert_close(xs_te(&xd, fr, i), want, 0, 1e-6, ctx);
        tu_assert_close(f.te[i], xs_te(&xd, f.theta, i), 0, 1e-12, ctx);
        tu_assert_close(f.te[i], want, 0, 1e-5, ctx);
        worst = fmax(worst, fabs(f.te[i] - want));
        mean += f.te[i] / (double)n;
        assert_true(f.u[i] > 0);
    }
    printf("#   efficiencies: largest |nqpf - FRONTIER| %.2e\n", worst);
    tu_assert_close(mean, ref_get(&r, "mle", "mean_efficiency", "value", 0, 0), 0, 1e-5, "mean te");
    /* standard errors: our Hessian against this file's own likelihood's Hessian (rel 1e-3: two
     * finite-difference Hessians with different steps); FRONTIER's DFP ones only reported */
    double C[100];
    tu_assert_close(xs_ll(&xd, f.theta), f.loglik, 1e-12, 0, "independent loglik at the estimate");
    xs_cov(&xd, f.theta, C);
    const size_t q = k + 2;
    printf("# %s: standard errors, nqpf (numerical Hessian) vs FRONTIER (DFP matrix)\n", dir);
    for (size_t j = 0; j < q; j++) {
        double se = sqrt(f.cov[j * q + j]), ind = sqrt(C[j * q + j]);
        char ctx[64];
        snprintf(ctx, sizeof ctx, "std error %zu", j);
        tu_assert_close(se, ind, 1e-3, 0, ctx);
        const char *nm = j < k ? (snprintf(item, sizeof item, "beta%zu", j), item) : j == k ? "sigma-squared" : "gamma";
        double sf = ref_get(&r, "mle", nm, "std_error", 0, 0);
        printf("#   %-14s nqpf %.8g  FRONTIER %.8g  rel diff %+.2e\n", nm, se, sf, se / sf - 1);
    }
    nqpf_sfa_fit_free(&f);
    nqpf_table_free(r.t);
    free(y);
    free(X);
}

static void test_eg1_cobb_douglas(void **state)
{
    (void)state;
    static const char *const x[] = {"ln_capital_eg1dta", "ln_labour_eg1dta"};
    check_eg1("eg1_cd", "ln_output_eg1dta", x, 2);
}

static void test_eg1_translog(void **state)
{
    (void)state;
    static const char *const x[] = {"ln_capital", "ln_labour", "ln_capital_sq", "ln_labour_sq",
                                    "ln_capital_x_ln_labour"};
    check_eg1("eg1_tl", "ln_output", x, 5);
}

/* ---- the likelihood as an integral ------------------------------------------------------------- */

typedef struct integ {
    const double *e, *h; /* residuals and decay factors of one unit */
    size_t T;
    double sv, su, m;
} integ;

static double integrand(double u, void *p)
{
    const integ *g = p;
    double v = gsl_ran_gaussian_pdf(u - g->m, sqrt(g->su)) / gsl_cdf_ugaussian_P(g->m / sqrt(g->su));
    for (size_t t = 0; t < g->T; t++)
        v *= gsl_ran_gaussian_pdf(g->e[t] + g->h[t] * u, sqrt(g->sv));
    return v;
}

static double unit_ll(integ *g)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    double r, err;
    assert_int_equal(gsl_integration_qagiu(&(gsl_function){integrand, g}, 0, 0, 1e-12, 1000, w, &r, &err), 0);
    gsl_integration_workspace_free(w);
    return log(r);
}

static void test_loglik_integral(void **state)
{
    (void)state;
    /* bc92: 4 units, unbalanced periods 1..5, 1 regressor + constant, mu and eta free */
    enum { N = 14 };
    const size_t unit[N] = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3};
    const double per[N] = {1, 2, 3, 4, 5, 2, 3, 5, 1, 2, 4, 5, 4, 5};
    double y[N], X[2 * N], Z[2 * N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    for (size_t i = 0; i < N; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = gsl_rng_uniform(rng) * 2;
        y[i] = 1 + 0.6 * X[2 * i + 1] + gsl_ran_gaussian(rng, 0.3) - fabs(gsl_ran_gaussian(rng, 0.4));
        Z[2 * i] = 1;
        Z[2 * i + 1] = gsl_rng_uniform(rng);
    }
    gsl_rng_free(rng);
    const double th92[] = {0.9, 0.55, 0.3, 0.6, 0.15, 0.08}; /* b0 b1 sigma2 gamma mu eta */
    nqpf_sfa_data d = {N, 2, y, X, 0, NULL, 4, unit, per, 5, NQPF_SFA_BC92, 1, 1, 100, NULL, NULL};
    double ll = 0;
    for (size_t u = 0; u < 4; u++) {
        double e[N], h[N];
        size_t T = 0;
        for (size_t i = 0; i < N; i++)
            if (unit[i] == u) {
                e[T] = y[i] - th92[0] - th92[1] * X[2 * i + 1];
                h[T++] = exp(-th92[5] * (per[i] - 5));
            }
        integ g = {e, h, T, (1 - th92[3]) * th92[2], th92[3] * th92[2], th92[4]};
        ll += unit_ll(&g);
    }
    tu_assert_close(nqpf_sfa_loglik(&d, th92), ll, 1e-9, 0, "bc92 loglik at fixed parameters");
    /* bc95: each observation's u ~ N+(delta0 + delta1 z, sigma_u^2) */
    const double th95[] = {0.9, 0.55, -0.1, 0.7, 0.25, 0.5}; /* b0 b1 d0 d1 sigma2 gamma */
    nqpf_sfa_data d95 = {N, 2, y, X, 2, Z, 0, NULL, NULL, 1, NQPF_SFA_BC95, 0, 0, 100, NULL, NULL};
    ll = 0;
    for (size_t i = 0; i < N; i++) {
        double e = y[i] - th95[0] - th95[1] * X[2 * i + 1], h = 1;
        integ g = {&e, &h, 1, (1 - th95[5]) * th95[4], th95[5] * th95[4], th95[2] + th95[3] * Z[2 * i + 1]};
        ll += unit_ll(&g);
    }
    tu_assert_close(nqpf_sfa_loglik(&d95, th95), ll, 1e-9, 0, "bc95 loglik at fixed parameters");
    /* out of the parameter space */
    const double bad[] = {0.9, 0.55, -0.1, 0.7, 0.25, 1.0};
    assert_true(isnan(nqpf_sfa_loglik(&d95, bad)));
}

/* ---- Kodde and Palm (1986), Table 1, alpha = 0.05 (and 0.01 for df 1) ------------------------- */

static void test_kodde_palm(void **state)
{
    (void)state;
    static const double c05[] = {2.706, 5.138, 7.045, 8.761, 10.371, 11.911, 13.401, 14.853, 16.274, 17.670};
    for (unsigned df = 1; df <= 10; df++)
        tu_assert_close(nqpf_sfa_kodde_palm(df, 0.05), c05[df - 1], 0, 6e-4, "Kodde-Palm 5%");
    tu_assert_close(nqpf_sfa_kodde_palm(1, 0.01), 5.412, 0, 6e-4, "Kodde-Palm 1%, df 1");
    assert_true(isnan(nqpf_sfa_kodde_palm(0, 0.05)));
}

/* ---- BC95 Monte Carlo -------------------------------------------------------------------------- */

/* ln y = 1 + 0.35 ln K + 0.55 ln L + v - u, v ~ N(0, 0.15^2), u ~ N+(0.1 + 0.5 z, 0.25^2), z ~ U(0,1),
 * ln K, ln L ~ U(0, 3): 100 firms x 10 years. */
static char *bc95_csv(unsigned long seed, size_t nf, size_t nt)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    size_t cap = 160 * nf * nt + 64, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "firm,year,y,k,l,z\n");
    for (size_t f = 0; f < nf; f++)
        for (size_t t = 0; t < nt; t++) {
            double lk = 3 * gsl_rng_uniform(rng), ll = 3 * gsl_rng_uniform(rng), z = gsl_rng_uniform(rng);
            double m = 0.1 + 0.5 * z, u;
            do
                u = m + gsl_ran_gaussian(rng, 0.25);
            while (u < 0);
            double ly = 1 + 0.35 * lk + 0.55 * ll + gsl_ran_gaussian(rng, 0.15) - u;
            len += (size_t)snprintf(s + len, cap - len, "f%zu,%zu,%.17g,%.17g,%.17g,%.17g\n", f, 2000 + t, exp(ly),
                                    exp(lk), exp(ll), z);
        }
    gsl_rng_free(rng);
    return s;
}

static nqpf_optset *sfa_set(const char *const *kv)
{
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("sfa"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (; *kv; kv += 2)
        if (nqpf_optset_add(set, kv[0], kv[1]))
            fail_msg("option %s: %s", kv[0], nqpf_error_message());
    return set;
}

static double coef_of(const nqpf_table *c, const char *term, const char *col)
{
    size_t jt = nqpf_table_find(c, "term"), jc = nqpf_table_find(c, col);
    for (size_t i = 0; i < nqpf_table_nrows(c); i++)
        if (strcmp(nqpf_table_text(c, jt, i), term) == 0)
            return nqpf_table_cnum(c, jc)[i];
    fail_msg("no term %s", term);
    return NAN;
}

static void test_bc95_monte_carlo(void **state)
{
    (void)state;
    char *csv = bc95_csv(2024, 100, 10);
    nqpf_panel *p = tu_panel_from_text(csv, "firm", "year");
    free(csv);
    static const char *const kv[] = {"output", "y", "inputs", "k,l", "model", "bc95", "inefficiency", "z", "mu", "true",
                                     NULL};
    nqpf_optset *set = sfa_set(kv);
    nqpf_sfa_options o;
    assert_int_equal(nqpf_sfa_options_parse(&o, set), NQPF_OK);
    nqpf_table *te = NULL, *coef = NULL;
    nqpf_sfa_summary s;
    int rc = nqpf_sfa_run(&te, &coef, NULL, &s, p, &o);
    if (rc)
        fail_msg("%s", nqpf_error_message());
    /* true values; sigma2 = 0.15^2 + 0.25^2, gamma = 0.0625 / sigma2. Tolerance: 4 estimated
     * standard errors (a correct estimator fails one such check with probability ~6e-5). */
    const double s2 = 0.15 * 0.15 + 0.25 * 0.25;
    struct {
        const char *t;
        double v;
    } truth[] = {{"const", 1},       {"k", 0.35},   {"l", 0.55},          {"z:const", 0.1},
                 {"z:z", 0.5},       {"sigma2", s2}, {"gamma", 0.0625 / s2}};
    for (size_t j = 0; j < sizeof truth / sizeof truth[0]; j++) {
        double est = coef_of(coef, truth[j].t, "estimate"), se = coef_of(coef, truth[j].t, "std_error");
        printf("# bc95 MC: %-8s true %.4f estimate %.4f s.e. %.4f\n", truth[j].t, truth[j].v, est, se);
        assert_true(se > 0 && se < 0.5);
        if (!(fabs(est - truth[j].v) < 4 * se))
            fail_msg("%s: estimate %g, true %g, s.e. %g", truth[j].t, est, truth[j].v, se);
    }
    /* the LR test: 3 restrictions (gamma, delta0, delta1), Kodde-Palm 5% value 7.045 */
    assert_int_equal(s.lr_df, 3);
    tu_assert_close(s.lr_crit5, 7.045, 0, 6e-4, "critical value");
    assert_true(s.lr > s.lr_crit5);
    tu_assert_close(coef_of(coef, "lr_test", "estimate"), s.lr, 0, 0, "lr row");
    /* efficiencies in (0, 1) */
    const double *tv = nqpf_table_cnum(te, nqpf_table_find(te, "te"));
    for (size_t i = 0; i < nqpf_table_nrows(te); i++)
        assert_true(tv[i] > 0 && tv[i] < 1);
    nqpf_table_free(te);
    nqpf_table_free(coef);
    nqpf_optset_free(set);
    nqpf_panel_free(p);
}

/* ---- the decomposition ------------------------------------------------------------------------- */

static void test_decomposition_identity(void **state)
{
    (void)state;
    /* a bc92 panel with technical change 2% a year and eta free: 40 firms x 6 years */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    size_t cap = 160 * 40 * 6 + 64, len = 0;
    char *csv = malloc(cap);
    len += (size_t)snprintf(csv + len, cap - len, "firm,year,y,k,l\n");
    for (int f = 0; f < 40; f++) {
        double ui = fabs(gsl_ran_gaussian(rng, 0.3));
        for (int t = 1; t <= 6; t++) {
            double lk = 1 + 2 * gsl_rng_uniform(rng) + 0.05 * t, ll = 1 + 2 * gsl_rng_uniform(rng);
            double ly = 0.5 + 0.4 * lk + 0.7 * ll + 0.02 * t + gsl_ran_gaussian(rng, 0.1) - exp(-0.05 * (t - 6)) * ui;
            len += (size_t)snprintf(csv + len, cap - len, "F%d,%d,%.17g,%.17g,%.17g\n", f, 2010 + t, exp(ly),
                                    exp(lk), exp(ll));
        }
    }
    gsl_rng_free(rng);
    nqpf_panel *p = tu_panel_from_text(csv, "firm", "year");
    free(csv);
    static const char *const kv[] = {"output", "y", "inputs", "k,l", "trend", "true", "eta", "true", NULL};
    nqpf_optset *set = sfa_set(kv);
    nqpf_sfa_options o;
    assert_int_equal(nqpf_sfa_options_parse(&o, set), NQPF_OK);
    nqpf_table *te = NULL, *coef = NULL, *dec = NULL;
    int rc = nqpf_sfa_run(&te, &coef, &dec, NULL, p, &o);
    if (rc)
        fail_msg("%s", nqpf_error_message());
    double b0 = coef_of(coef, "const", "estimate"), bk = coef_of(coef, "k", "estimate"),
           bl = coef_of(coef, "l", "estimate"), bt = coef_of(coef, "trend", "estimate");
    double rts = bk + bl, lk_ = bk / rts, ll_ = bl / rts;
    const double *Y, *K, *L;
    assert_int_equal(nqpf_panel_column(p, "y", &Y), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "k", &K), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "l", &L), NQPF_OK);
    const double *tev = nqpf_table_cnum(te, nqpf_table_find(te, "te"));
    const double *tc = nqpf_table_cnum(dec, nqpf_table_find(dec, "tc")),
                 *tec = nqpf_table_cnum(dec, nqpf_table_find(dec, "tec")),
                 *se = nqpf_table_cnum(dec, nqpf_table_find(dec, "se")),
                 *tfp = nqpf_table_cnum(dec, nqpf_table_find(dec, "tfp"));
    assert_int_equal(nqpf_table_nrows(dec), 40 * 5);
    /* y_hat = frontier + ln te (noise-free output); tfp growth = dy_hat - sum_j (b_j / RTS) dln x_j */
    size_t r = 0;
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        if (i == nqpf_panel_unit_begin(p, nqpf_panel_unit(p, i)))
            continue;
        size_t h = i - 1;
        double t1 = (double)(nqpf_panel_time(p, i) - 2010), t0 = (double)(nqpf_panel_time(p, h) - 2010);
        double yh1 = b0 + bk * log(K[i]) + bl * log(L[i]) + bt * t1 + log(tev[i]);
        double yh0 = b0 + bk * log(K[h]) + bl * log(L[h]) + bt * t0 + log(tev[h]);
        double want = (yh1 - yh0) - lk_ * (log(K[i]) - log(K[h])) - ll_ * (log(L[i]) - log(L[h]));
        tu_assert_close(tfp[r], want, 0, 1e-12, "tfp growth = dy_hat - sum lambda dx");
        tu_assert_close(tc[r] + tec[r] + se[r], want, 0, 1e-12, "tc + tec + se");
        tu_assert_close(tc[r], bt, 0, 1e-14, "tc = trend coefficient");
        r++;
    }
    (void)Y;
    nqpf_table_free(te);
    nqpf_table_free(coef);
    nqpf_table_free(dec);
    nqpf_optset_free(set);
    nqpf_panel_free(p);
}

/* ---- errors ------------------------------------------------------------------------------------ */

static void test_errors(void **state)
{
    (void)state;
    nqpf_sfa_options o;
    /* options of the other model are refused, keyed */
    {
        static const char *const kv[] = {"output", "y", "inputs", "k", "inefficiency", "z", NULL};
        nqpf_optset *set = sfa_set(kv);
        tu_assert_error(nqpf_sfa_options_parse(&o, set), NQPF_EUSAGE, "bc95");
        assert_string_equal(nqpf_error_key(), "inefficiency");
        nqpf_optset_free(set);
    }
    {
        static const char *const kv[] = {"output", "y", "inputs", "k", "model", "bc95", "eta", "true", NULL};
        nqpf_optset *set = sfa_set(kv);
        tu_assert_error(nqpf_sfa_options_parse(&o, set), NQPF_EUSAGE, "bc92");
        assert_string_equal(nqpf_error_key(), "eta");
        nqpf_optset_free(set);
    }
    /* a non-positive value names row and column */
    nqpf_panel *p = tu_panel_from_text("id,t,y,k\na,1,2,3\nb,1,3,0\nc,1,4,5\nd,1,5,2\n", "id", "t");
    static const char *const kv[] = {"output", "y", "inputs", "k", NULL};
    nqpf_optset *set = sfa_set(kv);
    assert_int_equal(nqpf_sfa_options_parse(&o, set), NQPF_OK);
    nqpf_table *te = NULL;
    tu_assert_error(nqpf_sfa_run(&te, NULL, NULL, NULL, p, &o), NQPF_EDATA, "column 'k': expected a positive value");
    assert_non_null(strstr(nqpf_error_message(), "row 3"));
    nqpf_panel_free(p);
    /* too few observations: 4 for 4 parameters */
    p = tu_panel_from_text("id,t,y,k\na,1,2,3\nb,1,3,1\nc,1,4,5\nd,1,5,2\n", "id", "t");
    tu_assert_error(nqpf_sfa_run(&te, NULL, NULL, NULL, p, &o), NQPF_EDATA, "4 observations for 4 parameters");
    nqpf_panel_free(p);
    nqpf_optset_free(set);
    /* the iteration cap: no silent estimate */
    char *csv = bc95_csv(5, 30, 3);
    p = tu_panel_from_text(csv, "firm", "year");
    free(csv);
    static const char *const kv2[] = {"output", "y", "inputs", "k,l", "max_iter", "1", NULL};
    set = sfa_set(kv2);
    assert_int_equal(nqpf_sfa_options_parse(&o, set), NQPF_OK);
    tu_assert_error(nqpf_sfa_run(&te, NULL, NULL, NULL, p, &o), NQPF_EDATA, "not found after 1 iterations");
    assert_null(te);
    nqpf_optset_free(set);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eg1_cobb_douglas), cmocka_unit_test(test_eg1_translog),
        cmocka_unit_test(test_loglik_integral),  cmocka_unit_test(test_kodde_palm),
        cmocka_unit_test(test_bc95_monte_carlo), cmocka_unit_test(test_decomposition_identity),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
