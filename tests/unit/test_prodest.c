/* prodest: production-function estimators (src/parametric/prodest*.c).
 *
 * 1. The Chilean plants of R prodest 0.1.1 (tests/data/prodest, from the package's chilean.rda):
 *    the point estimates of OP, LP, ACF (start 0.5) and Wooldridge against Table 1 of the package
 *    vignette to its 3 printed decimals (|estimate - printed| <= 0.0005, the rounding of the
 *    table), Wooldridge's analytic standard errors likewise; the bootstrap standard errors (20
 *    replications, R's random numbers differ from ours) only to their magnitude: within a factor
 *    of 3 of the printed value (the sd of a standard deviation estimated from 20 draws is about
 *    16% of it, so a factor of 3 is a check of the order only).
 * 2. The first stage against an independent OLS (GSL's SVD least squares, gsl_multifit_linear),
 *    and the second-stage criterion at fixed parameters against an evaluation written here from
 *    the formulas of docs/prodest.md (lags found by (firm, year - 1) in the CSV, the cubic in the
 *    raw lagged omega, fitted by gsl_multifit_linear), to 1e-7 relative.
 * 3. A Monte Carlo with a known data-generating process (documented at mc_panel()) where the
 *    estimators recover the elasticities and OLS overstates the labour elasticity.
 * 4. Bad input: non-positive values for logs, no lags, options. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "nqpf.h"
#include "testutil.h"

static nqpf_panel *chilean(void)
{
    nqpf_table *t = tu_read(tu_source("tests/data/prodest/chilean.csv"));
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "idvar", "timevar"))
        fail_msg("%s", nqpf_error_message());
    return p;
}

static const char *const FREE[] = {"fX1", "fX2"}, *const STATE[] = {"sX"};

static nqpf_prodest_options chile_options(nqpf_prodest_method m)
{
    nqpf_prodest_options o = NQPF_PRODEST_OPTIONS_INIT;
    o.method = m;
    o.output = "Y";
    o.free = FREE, o.nfree = 2;
    o.state = STATE, o.nstate = 1;
    o.proxy = m == NQPF_PRODEST_OP ? "inv" : "pX";
    o.logged = 1;
    o.reps = 0;
    static const double half = 0.5;
    if (m == NQPF_PRODEST_ACF)
        o.start = &half, o.nstart = 1; /* the vignette's theta0 = c(.5, .5, .5) */
    o.wrdg_prodest = 1;               /* prodestWRDG_GMM's form of the first equation */
    return o;
}

static double cell(const nqpf_table *t, const char *col, size_t row)
{
    size_t j = nqpf_table_find(t, col);
    assert_true(j < nqpf_table_ncols(t));
    return nqpf_table_cnum(t, j)[row];
}

/* expected.csv: model,parameter,variable,estimate,std_error_bootstrap,n_obs,... */
static void expected(const char *model, const char *var, double *est, double *se, double *nobs)
{
    nqpf_table *t = tu_read(tu_source("tests/data/prodest/expected.csv"));
    size_t jm = nqpf_table_find(t, "model"), jv = nqpf_table_find(t, "variable");
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (!strcmp(nqpf_table_text(t, jm, i), model) && !strcmp(nqpf_table_text(t, jv, i), var)) {
            *est = cell(t, "estimate", i);
            *se = cell(t, "std_error_bootstrap", i);
            *nobs = cell(t, "n_obs", i);
            nqpf_table_free(t);
            return;
        }
    nqpf_table_free(t);
    fail_msg("no expected row %s %s", model, var);
}

static void check_published(nqpf_prodest_method m, const char *model, size_t reps, int se_exact)
{
    nqpf_panel *p = chilean();
    nqpf_prodest_options o = chile_options(m);
    if (m != NQPF_PRODEST_WRDG)
        o.reps = reps, o.seed = 123456;
    nqpf_table *om = NULL, *cf = NULL;
    nqpf_prodest_summary s;
    if (nqpf_prodest_run(&om, &cf, &s, p, &o))
        fail_msg("%s: %s", model, nqpf_error_message());
    assert_int_equal(nqpf_table_nrows(cf), 3);
    assert_int_equal(s.nobs, 2544);
    assert_int_equal(s.nobs_lag, 1944);
    for (size_t r = 0; r < 3; r++) {
        const char *var = nqpf_table_text(cf, nqpf_table_find(cf, "term"), r);
        double est = NAN, se = NAN, nobs = NAN;
        expected(model, var, &est, &se, &nobs);
        char ctx[64];
        snprintf(ctx, sizeof ctx, "%s %s estimate", model, var);
        tu_assert_close(cell(cf, "estimate", r), est, 0, 0.0005 + 1e-12, ctx);
        assert_true(cell(cf, "n_obs", r) == nobs);
        double got = cell(cf, "std_error", r);
        snprintf(ctx, sizeof ctx, "%s %s std_error", model, var);
        if (se_exact)
            tu_assert_close(got, se, 0, 0.0005 + 1e-12, ctx);
        else if (reps)
            if (!(got > se / 3 && got < se * 3))
                fail_msg("%s: %g is not of the published magnitude %g", ctx, got, se);
    }
    /* omega = Y - b fX1 - b fX2 - b sX on every row, as prodest's omega(). */
    const double *Y, *f1, *f2, *k;
    assert_int_equal(nqpf_panel_column(p, "Y", &Y), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "fX1", &f1), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "fX2", &f2), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "sX", &k), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(om), 2544);
    for (size_t i = 0; i < 2544; i++)
        tu_assert_close(cell(om, "omega", i),
                        Y[i] - cell(cf, "estimate", 0) * f1[i] - cell(cf, "estimate", 1) * f2[i] -
                            cell(cf, "estimate", 2) * k[i],
                        1e-12, 1e-12, "omega");
    nqpf_table_free(om);
    nqpf_table_free(cf);
    nqpf_panel_free(p);
}

static void test_chilean_op(void **state) { (void)state; check_published(NQPF_PRODEST_OP, "OP", 20, 0); }
static void test_chilean_lp(void **state) { (void)state; check_published(NQPF_PRODEST_LP, "LP", 20, 0); }
/* ACF: the point estimate from the vignette's start values; the bootstrap is left out here (the ACF
 * bootstrap of the vignette, 20 replications, has standard errors of 0.16-0.21 whose own sampling
 * error is large); the CLI test runs it. */
static void test_chilean_acf(void **state) { (void)state; check_published(NQPF_PRODEST_ACF, "ACF", 0, 0); }
/* Wooldridge: prodestWRDG_GMM's estimates and analytic standard errors, N = 1944. */
static void test_chilean_wrdg(void **state) { (void)state; check_published(NQPF_PRODEST_WRDG, "WRDG_GMM", 0, 1); }

/* ---- independent first stage and criterion ---------------------------------------------------- */

/* OLS by GSL's SVD solver: X n x k row-major. */
static void ols(double *b, double *fit, const double *X, const double *y, size_t n, size_t k)
{
    gsl_matrix *A = gsl_matrix_alloc(n, k), *C = gsl_matrix_alloc(k, k);
    gsl_vector *Y = gsl_vector_alloc(n), *B = gsl_vector_alloc(k);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, k);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(Y, i, y[i]);
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(A, i, j, X[i * k + j]);
    }
    double chisq;
    assert_int_equal(gsl_multifit_linear(A, Y, B, C, &chisq, w), 0);
    for (size_t j = 0; j < k; j++)
        b[j] = gsl_vector_get(B, j);
    for (size_t i = 0; fit && i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++)
            s += X[i * k + j] * b[j];
        fit[i] = s;
    }
    gsl_multifit_linear_free(w);
    gsl_matrix_free(A);
    gsl_matrix_free(C);
    gsl_vector_free(Y);
    gsl_vector_free(B);
}

typedef struct chile {
    size_t n;
    double *id, *year, *Y, *f1, *f2, *k, *m, *inv;
} chile;

static chile chile_read(void)
{
    nqpf_table *t = tu_read(tu_source("tests/data/prodest/chilean.csv"));
    chile c;
    c.n = nqpf_table_nrows(t);
    double **cols[] = {&c.id, &c.year, &c.Y, &c.f1, &c.f2, &c.k, &c.m, &c.inv};
    const char *names[] = {"idvar", "timevar", "Y", "fX1", "fX2", "sX", "pX", "inv"};
    for (size_t j = 0; j < 8; j++) {
        *cols[j] = malloc(c.n * sizeof(double));
        memcpy(*cols[j], nqpf_table_cnum(t, nqpf_table_find(t, names[j])), c.n * sizeof(double));
    }
    nqpf_table_free(t);
    return c;
}

static void chile_free(chile *c)
{
    free(c->id), free(c->year), free(c->Y), free(c->f1), free(c->f2), free(c->k), free(c->m), free(c->inv);
}

/* Row of (id, year - 1), by a linear search (independent of the panel code), or -1. */
static long lag_of(const chile *c, size_t i)
{
    for (size_t j = 0; j < c->n; j++)
        if (c->id[j] == c->id[i] && c->year[j] == c->year[i] - 1)
            return (long)j;
    return -1;
}

/* First stage written out: op/lp: 1, f1, f2, k, m, k*m, k^2, m^2; acf: 1, f1, f2, k, m, the six
 * products in the order (f1 f2, f1 k, f1 m, f2 k, f2 m, k m), then the four squares. */
static size_t chile_first_stage(const chile *c, int acf, const double *proxy, double *b, double *fit)
{
    size_t k = acf ? 15 : 8, n = c->n;
    double *X = malloc(n * k * sizeof *X);
    for (size_t i = 0; i < n; i++) {
        double *r = X + i * k, f1 = c->f1[i], f2 = c->f2[i], kk = c->k[i], m = proxy[i];
        if (acf) {
            double v[] = {1, f1, f2, kk, m, f1 * f2, f1 * kk, f1 * m, f2 * kk, f2 * m, kk * m, f1 * f1, f2 * f2,
                          kk * kk, m * m};
            memcpy(r, v, sizeof v);
        } else {
            double v[] = {1, f1, f2, kk, m, kk * m, kk * kk, m * m};
            memcpy(r, v, sizeof v);
        }
    }
    ols(b, fit, X, c->Y, n, k);
    free(X);
    return k;
}

static void test_first_stage(void **state)
{
    (void)state;
    nqpf_panel *p = chilean();
    chile c = chile_read();
    for (int mth = 0; mth < 3; mth++) {
        nqpf_prodest_options o = chile_options((nqpf_prodest_method)mth);
        const int acf = mth == NQPF_PRODEST_ACF;
        double b[32], bref[32], *phi = malloc(c.n * sizeof *phi), *fit = malloc(c.n * sizeof *fit);
        size_t k = 0;
        if (nqpf_prodest_first_stage(b, &k, phi, p, &o))
            fail_msg("%s", nqpf_error_message());
        size_t kref = chile_first_stage(&c, acf, mth == NQPF_PRODEST_OP ? c.inv : c.m, bref, fit);
        assert_int_equal(k, kref);
        for (size_t j = 0; j < k; j++)
            tu_assert_close(b[j], bref[j], 1e-7, 1e-9, "first-stage coefficient");
        for (size_t i = 0; i < c.n; i++) {
            double ref = acf ? fit[i] : fit[i] - bref[1] * c.f1[i] - bref[2] * c.f2[i];
            tu_assert_close(phi[i], ref, 1e-9, 1e-9, "phi");
        }
        free(phi);
        free(fit);
    }
    chile_free(&c);
    nqpf_panel_free(p);
}

/* The criterion written from docs/prodest.md with the raw cubic (1, w, w^2, w^3). */
static double chile_criterion(const chile *c, int mth, const double *theta)
{
    const int acf = mth == NQPF_PRODEST_ACF;
    const double *proxy = mth == NQPF_PRODEST_OP ? c->inv : c->m;
    double bfs[16], *fit = malloc(c->n * sizeof *fit);
    chile_first_stage(c, acf, proxy, bfs, fit);
    size_t n2 = 0, n = c->n;
    double *om = malloc(n * sizeof *om), *D = malloc(4 * n * sizeof *D), *g = malloc(n * sizeof *g);
    long *rows = malloc(n * sizeof *rows), *lags = malloc(n * sizeof *lags);
    for (size_t i = 0; i < n; i++) {
        long l = lag_of(c, i);
        if (l < 0)
            continue;
        rows[n2] = (long)i, lags[n2] = l;
        double phi, lphi, xb, lxb;
        if (acf) {
            phi = fit[i], lphi = fit[l];
            xb = theta[0] * c->f1[i] + theta[1] * c->f2[i] + theta[2] * c->k[i];
            lxb = theta[0] * c->f1[l] + theta[1] * c->f2[l] + theta[2] * c->k[l];
        } else {
            phi = fit[i] - bfs[1] * c->f1[i] - bfs[2] * c->f2[i];
            lphi = fit[l] - bfs[1] * c->f1[l] - bfs[2] * c->f2[l];
            xb = theta[0] * c->k[i], lxb = theta[0] * c->k[l];
        }
        double w = lphi - lxb;
        om[n2] = phi - xb;
        D[4 * n2] = 1, D[4 * n2 + 1] = w, D[4 * n2 + 2] = w * w, D[4 * n2 + 3] = w * w * w;
        n2++;
    }
    double gb[4];
    ols(gb, g, D, om, n2, 4);
    double crit = 0;
    if (acf) {
        /* (Z'xi)' (Z'Z)^{-1} (Z'xi) / n2, Z = (f1_lag, f2_lag, k): solved by OLS of xi on Z, since
         * m' (Z'Z)^{-1} m = fitted' fitted with m = Z'xi. */
        double *Z = malloc(3 * n2 * sizeof *Z), *xi = malloc(n2 * sizeof *xi), *zf = malloc(n2 * sizeof *zf), bz[3];
        for (size_t r = 0; r < n2; r++) {
            long i = rows[r], l = lags[r];
            Z[3 * r] = c->f1[l], Z[3 * r + 1] = c->f2[l], Z[3 * r + 2] = c->k[i];
            xi[r] = om[r] - g[r];
        }
        ols(bz, zf, Z, xi, n2, 3);
        for (size_t r = 0; r < n2; r++)
            crit += zf[r] * zf[r];
        crit /= (double)n2;
        free(Z), free(xi), free(zf);
    } else {
        for (size_t r = 0; r < n2; r++) {
            long i = rows[r];
            double res = c->Y[i] - bfs[1] * c->f1[i] - bfs[2] * c->f2[i];
            double xi = res - theta[0] * c->k[i] - g[r];
            crit += xi * xi;
        }
    }
    free(fit), free(om), free(D), free(g), free(rows), free(lags);
    return crit;
}

static void test_criterion(void **state)
{
    (void)state;
    nqpf_panel *p = chilean();
    chile c = chile_read();
    const double thetas[3][3] = {{0.1, 0, 0}, {0.25, 0, 0}, {0.5, 0.5, 0.5}};
    for (int mth = 0; mth < 3; mth++) {
        nqpf_prodest_options o = chile_options((nqpf_prodest_method)mth);
        for (int t = 0; t < 3; t++) {
            double th[3];
            memcpy(th, thetas[t], sizeof th);
            if (mth != NQPF_PRODEST_ACF)
                th[0] = thetas[t][0] + 0.05 * t;
            double got = NAN, ref = chile_criterion(&c, mth, th);
            if (nqpf_prodest_objective(&got, p, &o, th))
                fail_msg("%s", nqpf_error_message());
            tu_assert_close(got, ref, 1e-7, 1e-12, "second-stage criterion");
        }
    }
    nqpf_prodest_options o = chile_options(NQPF_PRODEST_WRDG);
    double v, th[3] = {0};
    tu_assert_error(nqpf_prodest_objective(&v, p, &o, th), NQPF_EUSAGE, "closed form");
    chile_free(&c);
    nqpf_panel_free(p);
}

/* ---- Monte Carlo ------------------------------------------------------------------------------ */

/* The data-generating process (all in logs), firms i = 1..F, years t = 1..T after a burn-in of 20:
 *   omega_it = 0.7 omega_i,t-1 + xi_it,             xi ~ N(0, 0.3^2)
 *   k_it     = 0.8 k_i,t-1 + 0.4 omega_i,t-1 + 0.2 + v_it,  v ~ N(0, 0.2^2)  (chosen at t - 1, plus a
 *              shock unrelated to xi_it)
 *   l_it     = 0.8 omega_it + 0.2 k_it + w_it,      w_it = 0.7 w_i,t-1 + N(0, 0.2^2) (a serially
 *              correlated wage shock, as in ACF's simulations): free, chosen after omega_it is seen,
 *              so corr(l, omega) > 0 and OLS overstates b_l
 *   m_it     = 1 + 1.2 omega_it + 0.6 k_it          (materials: strictly increasing in omega)
 *   inv_it   = 0.5 + 0.9 omega_it + 0.3 k_it        (investment: strictly increasing in omega)
 *   y_it     = 1 + 0.6 l_it + 0.4 k_it + omega_it + e_it,  e ~ N(0, 0.1^2)
 * The proxies invert exactly (the polynomial nests the linear inverse); w gives l variation that
 * is independent of (k, m), as LP's and OP's first stage need, and l_{t-1} is a valid ACF/WRDG
 * instrument because w is independent of xi (its persistence makes l_{t-1} a strong instrument). */
static nqpf_panel *mc_panel(size_t F, size_t T, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    size_t n = F * T;
    double *id = malloc(n * sizeof *id), *yr = malloc(n * sizeof *yr), *Y = malloc(n * sizeof *Y),
           *L = malloc(n * sizeof *L), *K = malloc(n * sizeof *K), *M = malloc(n * sizeof *M),
           *I = malloc(n * sizeof *I);
    for (size_t f = 0; f < F; f++) {
        double om = gsl_ran_gaussian(r, 0.3 / sqrt(1 - 0.49)), k = 1.0 + 2.0 * om + gsl_ran_gaussian(r, 0.3);
        double w = gsl_ran_gaussian(r, 0.3 / sqrt(1 - 0.09));
        for (size_t t = 0; t < 20 + T; t++) {
            double knew = 0.8 * k + 0.4 * om + 0.2 + gsl_ran_gaussian(r, 0.2);
            double omnew = 0.7 * om + gsl_ran_gaussian(r, 0.3);
            k = knew, om = omnew;
            w = 0.3 * w + gsl_ran_gaussian(r, 0.3);
            double l = 0.8 * om + 0.2 * k + w;
            double y = 1 + 0.6 * l + 0.4 * k + om + gsl_ran_gaussian(r, 0.1);
            if (t < 20)
                continue;
            size_t i = f * T + (t - 20);
            id[i] = (double)(f + 1), yr[i] = (double)(2000 + t - 20);
            Y[i] = y, L[i] = l, K[i] = k, M[i] = 1 + 1.2 * om + 0.6 * k, I[i] = 0.5 + 0.9 * om + 0.3 * k;
        }
    }
    nqpf_table *tb = nqpf_table_new(n);
    assert_int_equal(nqpf_table_add_num(tb, "firm", id, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(tb, "year", yr, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(tb, "y", Y, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(tb, "l", L, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(tb, "k", K, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(tb, "m", M, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(tb, "inv", I, NULL), NQPF_OK);
    free(id), free(yr), free(Y), free(L), free(K), free(M), free(I);
    gsl_rng_free(r);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, tb, "firm", "year"))
        fail_msg("%s", nqpf_error_message());
    return p;
}

/* Mean over R = 8 samples of 500 firms x 10 years (seeds 1..8) against the truth (0.6, 0.4). The
 * tolerances come from a pilot of 16 samples of this design (seeds 1..16): the sd of one sample's
 * estimate was 0.005 (b_l) and 0.022 (b_k) for op/lp, 0.006 and 0.021 for wrdg, 0.049 and 0.044 for
 * acf, so the mean of 8 has a standard error of at most 0.008 (op, lp, wrdg) and 0.017 (acf); the
 * tolerances are three of those, 0.025 and 0.05. OLS of y on (1, l, k) must overstate b_l by more
 * than 0.1 (it is 1.2 here: l loads on omega). With 200 firms the pilot showed acf b_l 0.035
 * below the truth on average (sd 0.07 per sample): acf needs the larger sample. (In this design
 * op and lp give the same numbers: investment and materials are both linear in (omega, k), so
 * their polynomials span the same space.) */
static void test_monte_carlo(void **state)
{
    (void)state;
    enum { R = 8 };
    static const char *const fl[] = {"l"}, *const sk[] = {"k"};
    double mean[4][2] = {{0}}, ols_bl = 0;
    for (unsigned long s = 1; s <= R; s++) {
        nqpf_panel *p = mc_panel(500, 10, s);
        for (int mth = 0; mth < 4; mth++) {
            nqpf_prodest_options o = NQPF_PRODEST_OPTIONS_INIT;
            o.method = (nqpf_prodest_method)mth;
            o.output = "y", o.free = fl, o.nfree = 1, o.state = sk, o.nstate = 1;
            o.proxy = mth == NQPF_PRODEST_OP ? "inv" : "m";
            o.logged = 1, o.reps = 0;
            nqpf_table *om = NULL, *cf = NULL;
            if (nqpf_prodest_run(&om, &cf, NULL, p, &o))
                fail_msg("%s: %s", nqpf_prodest_method_name(o.method), nqpf_error_message());
            mean[mth][0] += cell(cf, "estimate", 0) / R;
            mean[mth][1] += cell(cf, "estimate", 1) / R;
            nqpf_table_free(om);
            nqpf_table_free(cf);
        }
        /* OLS of y on (1, l, k), written here. */
        const double *y, *l, *k;
        assert_int_equal(nqpf_panel_column(p, "y", &y), NQPF_OK);
        assert_int_equal(nqpf_panel_column(p, "l", &l), NQPF_OK);
        assert_int_equal(nqpf_panel_column(p, "k", &k), NQPF_OK);
        size_t n = nqpf_panel_nobs(p);
        double *X = malloc(3 * n * sizeof *X), b[3];
        for (size_t i = 0; i < n; i++)
            X[3 * i] = 1, X[3 * i + 1] = l[i], X[3 * i + 2] = k[i];
        ols(b, NULL, X, y, n, 3);
        ols_bl += b[1] / R;
        free(X);
        nqpf_panel_free(p);
    }
    for (int mth = 0; mth < 4; mth++) {
        char ctx[64];
        snprintf(ctx, sizeof ctx, "%s b_l", nqpf_prodest_method_name((nqpf_prodest_method)mth));
        const double tol = mth == NQPF_PRODEST_ACF ? 0.05 : 0.025;
        tu_assert_close(mean[mth][0], 0.6, 0, tol, ctx);
        snprintf(ctx, sizeof ctx, "%s b_k", nqpf_prodest_method_name((nqpf_prodest_method)mth));
        tu_assert_close(mean[mth][1], 0.4, 0, tol, ctx);
    }
    if (!(ols_bl > 0.7))
        fail_msg("OLS b_l = %g: expected an upward bias above 0.7 (truth 0.6)", ols_bl);
}

/* ---- bad input -------------------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    nqpf_table *om = NULL, *cf = NULL;
    static const char *const fl[] = {"l"}, *const sk[] = {"k"};
    nqpf_prodest_options o = NQPF_PRODEST_OPTIONS_INIT;
    o.method = NQPF_PRODEST_LP, o.output = "y", o.free = fl, o.nfree = 1, o.state = sk, o.nstate = 1, o.proxy = "m";
    /* A zero cannot be logged: the row and the column are named, and the option logged suggested. */
    nqpf_panel *p = tu_panel_from_text("id,t,y,l,k,m\n1,1,5,2,3,1\n1,2,5,0,3,1\n", "id", "t");
    tu_assert_error(nqpf_prodest_run(&om, &cf, NULL, p, &o), NQPF_EDATA, "row 3, column 'l'");
    assert_non_null(strstr(nqpf_error_message(), "option logged"));
    assert_null(om);
    nqpf_panel_free(p);
    /* No firm with two consecutive years. */
    p = tu_panel_from_text("id,t,y,l,k,m\n1,1,5,2,3,1\n1,3,5,2,3,1\n2,1,4,2,2,1\n", "id", "t");
    o.logged = 1;
    tu_assert_error(nqpf_prodest_run(&om, &cf, NULL, p, &o), NQPF_EDATA, "no row has the previous year");
    nqpf_panel_free(p);
    /* Options. */
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("prodest"), NQPF_KEYS_PLAIN), NQPF_OK);
    const char *kv[][2] = {{"method", "wrdg"}, {"output", "y"}, {"free", "l"}, {"state", "k"}, {"proxy", "m"},
                           {"reps", "10"}};
    for (size_t j = 0; j < 6; j++)
        assert_int_equal(nqpf_optset_add(set, kv[j][0], kv[j][1]), NQPF_OK);
    nqpf_prodest_options po;
    tu_assert_error(nqpf_prodest_options_parse(&po, set), NQPF_EUSAGE, "analytic standard errors");
    assert_string_equal(nqpf_error_key(), "reps");
    nqpf_optset_free(set);
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("prodest"), NQPF_KEYS_PLAIN), NQPF_OK);
    const char *kv2[][2] = {{"method", "acf"}, {"output", "y"}, {"free", "l"}, {"state", "k"}, {"proxy", "k"}};
    for (size_t j = 0; j < 5; j++)
        assert_int_equal(nqpf_optset_add(set, kv2[j][0], kv2[j][1]), NQPF_OK);
    tu_assert_error(nqpf_prodest_options_parse(&po, set), NQPF_EUSAGE, "named twice");
    nqpf_optset_free(set);
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("prodest"), NQPF_KEYS_PLAIN), NQPF_OK);
    const char *kv3[][2] = {{"method", "acf"}, {"output", "y"}, {"free", "l"}, {"state", "k"}, {"proxy", "m"},
                            {"start", "0.5,0.5,0.5"}};
    for (size_t j = 0; j < 6; j++)
        assert_int_equal(nqpf_optset_add(set, kv3[j][0], kv3[j][1]), NQPF_OK);
    tu_assert_error(nqpf_prodest_options_parse(&po, set), NQPF_EUSAGE, "expected 1 or 2 numbers");
    assert_string_equal(nqpf_error_key(), "start");
    nqpf_optset_free(set);
}

/* Non-convergence is an error with the iteration log, never a silent estimate. */
static void test_not_converged(void **state)
{
    (void)state;
    nqpf_panel *p = chilean();
    nqpf_prodest_options o = chile_options(NQPF_PRODEST_ACF);
    o.max_iter = 10;
    nqpf_table *om = NULL, *cf = NULL;
    tu_assert_error(nqpf_prodest_run(&om, &cf, NULL, p, &o), NQPF_EDATA, "did not converge in 10 iterations");
    assert_non_null(strstr(nqpf_error_message(), "10: "));
    assert_null(cf);
    nqpf_panel_free(p);
}

/* The same seed gives the same bootstrap. */
static void test_bootstrap_reproducible(void **state)
{
    (void)state;
    nqpf_panel *p = chilean();
    nqpf_prodest_options o = chile_options(NQPF_PRODEST_LP);
    o.reps = 5, o.seed = 9;
    nqpf_table *om1 = NULL, *cf1 = NULL, *om2 = NULL, *cf2 = NULL;
    assert_int_equal(nqpf_prodest_run(&om1, &cf1, NULL, p, &o), NQPF_OK);
    assert_int_equal(nqpf_prodest_run(&om2, &cf2, NULL, p, &o), NQPF_OK);
    for (size_t r = 0; r < 3; r++) {
        assert_true(cell(cf1, "std_error", r) == cell(cf2, "std_error", r));
        assert_true(cell(cf1, "std_error", r) > 0);
    }
    nqpf_table_free(om1), nqpf_table_free(cf1), nqpf_table_free(om2), nqpf_table_free(cf2);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chilean_op),        cmocka_unit_test(test_chilean_lp),
        cmocka_unit_test(test_chilean_acf),       cmocka_unit_test(test_chilean_wrdg),
        cmocka_unit_test(test_first_stage),       cmocka_unit_test(test_criterion),
        cmocka_unit_test(test_monte_carlo),       cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_not_converged),     cmocka_unit_test(test_bootstrap_reproducible),
    };
    return tu_run_group_tests("prodest", tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
