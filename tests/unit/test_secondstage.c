/* Second-stage regressions (src/stats/secondstage.c) against an independent maximum-likelihood fit
 * written here: the textbook log-likelihoods of the Tobit (censored at 1, and at 0 and 1) and of the
 * truncated-normal regression (Greene, Econometric Analysis, 7th ed., eqs. 19-13 and 19-6), written
 * with plain GSL normal densities and tail probabilities in (b, log sigma), maximised by the
 * Nelder-Mead simplex (no gradient, no Hessian, restarted until it stops moving). Standard errors
 * are checked against the inverse of a central finite-difference Hessian of that log-likelihood.
 * Data: simulated from known processes, and a real-shaped example (VRS DEA efficiency of 144
 * countries in 2017 from the Penn World Table 9.1 with human capital and export share). Also: the
 * bootstrap of a fixed seed is the same byte for byte for 1 and 3 threads, and options errors are
 * keyed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "testutil.h"

/* ---- the independent fit --------------------------------------------------------------------- */

typedef struct tdata {
    const double *y, *Z;
    size_t n, k;
    int trunc;     /* 1: truncated at lo from below */
    double lo, hi; /* Tobit limits (lo may be -inf) */
} tdata;

/* The textbook log-likelihood in (b, sigma). */
static double ll_text(const tdata *d, const double *b, double s)
{
    double ll = 0;
    for (size_t i = 0; i < d->n; i++) {
        double xb = 0;
        for (size_t j = 0; j < d->k; j++)
            xb += d->Z[i * d->k + j] * b[j];
        if (!d->trunc && d->y[i] >= d->hi)
            ll += log(gsl_cdf_gaussian_Q(d->hi - xb, s)); /* P(y* >= hi) */
        else if (!d->trunc && d->y[i] <= d->lo)
            ll += log(gsl_cdf_gaussian_P(d->lo - xb, s)); /* P(y* <= lo) */
        else {
            ll += log(gsl_ran_gaussian_pdf(d->y[i] - xb, s));
            if (d->trunc)
                ll -= log(gsl_cdf_gaussian_Q(d->lo - xb, s)); /* / P(y* > lo) */
        }
    }
    return ll;
}

static double nm_f(const gsl_vector *u, void *p)
{
    const tdata *d = p;
    double b[16];
    for (size_t j = 0; j < d->k; j++)
        b[j] = gsl_vector_get(u, j);
    double ll = ll_text(d, b, exp(gsl_vector_get(u, d->k)));
    return isfinite(ll) ? -ll : 1e300;
}

/* Nelder-Mead from start (b, sigma); theta receives (b, sigma). */
static void nm_fit(const tdata *d, const double *start, double *theta)
{
    size_t q = d->k + 1;
    gsl_vector *x = gsl_vector_alloc(q), *st = gsl_vector_alloc(q);
    for (size_t j = 0; j < d->k; j++)
        gsl_vector_set(x, j, start[j]);
    gsl_vector_set(x, d->k, log(start[d->k]));
    gsl_multimin_function F = {nm_f, q, (void *)d};
    double prev = INFINITY;
    for (int round = 0; round < 30; round++) {
        gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, q);
        gsl_vector_set_all(st, round == 0 ? 0.1 : 1e-3);
        gsl_multimin_fminimizer_set(m, &F, x, st);
        for (int it = 0; it < 200000; it++) {
            if (gsl_multimin_fminimizer_iterate(m))
                break;
            if (gsl_multimin_fminimizer_size(m) < 1e-12)
                break;
        }
        gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(m));
        double f = gsl_multimin_fminimizer_minimum(m);
        gsl_multimin_fminimizer_free(m);
        if (round > 2 && fabs(prev - f) < 1e-13 * (1 + fabs(f)))
            break;
        prev = f;
    }
    for (size_t j = 0; j < d->k; j++)
        theta[j] = gsl_vector_get(x, j);
    theta[d->k] = exp(gsl_vector_get(x, d->k));
    gsl_vector_free(x);
    gsl_vector_free(st);
}

/* Standard errors from the inverse of the negative central-difference Hessian of ll_text in
 * (b, sigma) at theta (step h = 1e-4 times max(1, |theta_j|)). */
static void fd_se(const tdata *d, const double *theta, double *se)
{
    size_t q = d->k + 1;
    gsl_matrix *H = gsl_matrix_alloc(q, q), *inv = gsl_matrix_alloc(q, q);
    gsl_permutation *perm = gsl_permutation_alloc(q);
    double t[17];
    for (size_t a = 0; a < q; a++)
        for (size_t b = 0; b < q; b++) {
            double ha = 1e-4 * fmax(1, fabs(theta[a])), hb = 1e-4 * fmax(1, fabs(theta[b])), f[4];
            for (int c = 0; c < 4; c++) {
                memcpy(t, theta, q * sizeof *t);
                t[a] += (c & 1 ? -ha : ha);
                t[b] += (c & 2 ? -hb : hb);
                f[c] = ll_text(d, t, t[d->k]);
            }
            gsl_matrix_set(H, a, b, -(f[0] - f[1] - f[2] + f[3]) / (4 * ha * hb));
        }
    int sg;
    gsl_linalg_LU_decomp(H, perm, &sg);
    gsl_linalg_LU_invert(H, perm, inv);
    for (size_t j = 0; j < q; j++)
        se[j] = sqrt(gsl_matrix_get(inv, j, j));
    gsl_matrix_free(H);
    gsl_matrix_free(inv);
    gsl_permutation_free(perm);
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* n rows of Z = (z1, z2, 1) with z1 ~ U(0, 1), z2 ~ N(0, 1). */
static double *make_Z(gsl_rng *r, size_t n)
{
    double *Z = malloc(n * 3 * sizeof *Z);
    for (size_t i = 0; i < n; i++) {
        Z[i * 3] = gsl_rng_uniform(r);
        Z[i * 3 + 1] = gsl_ran_gaussian(r, 1);
        Z[i * 3 + 2] = 1;
    }
    return Z;
}

/* Library fit vs Nelder-Mead: estimates to 1e-6; standard errors to 1e-5 relative (the accuracy of
 * the finite-difference Hessian with h = 1e-4); the log-likelihood to 1e-8. */
static void compare(const tdata *d, const double *theta, const double *cov, double ll, const char *what)
{
    size_t q = d->k + 1;
    double nm[17], se[17], start[17] = {0};
    for (size_t j = 0; j < q; j++)
        start[j] = j < d->k ? 0 : 0.5; /* far from the answer: the simplex finds its own way */
    start[d->k - 1] = d->trunc ? d->lo : 0.5;
    nm_fit(d, start, nm);
    fd_se(d, nm, se);
    char ctx[128];
    for (size_t j = 0; j < q; j++) {
        snprintf(ctx, sizeof ctx, "%s: parameter %zu", what, j);
        tu_assert_close(theta[j], nm[j], 1e-6, 1e-6, ctx);
        snprintf(ctx, sizeof ctx, "%s: standard error %zu", what, j);
        tu_assert_close(sqrt(cov[j * q + j]), se[j], 1e-5, 0, ctx);
    }
    tu_assert_close(ll, ll_text(d, nm, nm[d->k]), 1e-10, 1e-8, what);
}

/* ---- Tobit ----------------------------------------------------------------------------------- */

static void test_tobit_simulated(void **state)
{
    (void)state;
    const size_t n = 500, k = 3;
    const double b0[3] = {0.2, -0.05, 0.7}, s0 = 0.15;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12345);
    double *Z = make_Z(r, n), *y = malloc(n * sizeof *y);
    size_t ncens = 0;
    for (size_t i = 0; i < n; i++) {
        double v = b0[0] * Z[i * 3] + b0[1] * Z[i * 3 + 1] + b0[2] + gsl_ran_gaussian(r, s0);
        y[i] = v >= 1 ? 1 : v;
        ncens += v >= 1;
    }
    assert_true(ncens > 10 && ncens < n / 2);
    double theta[4], cov[16], ll;
    assert_int_equal(nqpf_secondstage_tobit(theta, cov, &ll, y, Z, n, k, -INFINITY, 1.0), NQPF_OK);
    tdata d = {y, Z, n, k, 0, -INFINITY, 1.0};
    compare(&d, theta, cov, ll, "tobit ul(1), simulated");
    /* the known process is recovered within 4 standard errors */
    for (size_t j = 0; j < k; j++)
        assert_true(fabs(theta[j] - b0[j]) < 4 * sqrt(cov[j * 4 + j]));
    assert_true(fabs(theta[3] - s0) < 4 * sqrt(cov[15]));

    /* censored at 0 and 1 */
    for (size_t i = 0; i < n; i++) {
        double v = 1.5 * Z[i * 3] - 0.2 * Z[i * 3 + 1] - 0.1 + gsl_ran_gaussian(r, 0.3);
        y[i] = v >= 1 ? 1 : v <= 0 ? 0 : v;
    }
    assert_int_equal(nqpf_secondstage_tobit(theta, cov, &ll, y, Z, n, k, 0.0, 1.0), NQPF_OK);
    tdata d2 = {y, Z, n, k, 0, 0.0, 1.0};
    compare(&d2, theta, cov, ll, "tobit ll(0) ul(1), simulated");
    free(Z);
    free(y);
    gsl_rng_free(r);
}

/* ---- truncated regression -------------------------------------------------------------------- */

static void test_truncreg_simulated(void **state)
{
    (void)state;
    const size_t n = 400, k = 3;
    const double b0[3] = {0.5, 0.1, 1.1}, s0 = 0.3;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 777);
    double *Z = make_Z(r, n), *y = malloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) {
        double mu = b0[0] * Z[i * 3] + b0[1] * Z[i * 3 + 1] + b0[2], v;
        do /* rejection: the truncated normal by its definition */
            v = mu + gsl_ran_gaussian(r, s0);
        while (v <= 1);
        y[i] = v;
    }
    double theta[4], cov[16], ll;
    assert_int_equal(nqpf_secondstage_truncreg(theta, cov, &ll, y, Z, n, k, 1.0), NQPF_OK);
    tdata d = {y, Z, n, k, 1, 1.0, INFINITY};
    compare(&d, theta, cov, ll, "truncreg ll(1), simulated");
    for (size_t j = 0; j < k; j++)
        assert_true(fabs(theta[j] - b0[j]) < 4 * sqrt(cov[j * 4 + j]));
    assert_true(fabs(theta[3] - s0) < 4 * sqrt(cov[15]));
    /* an observation at the truncation point is refused */
    y[3] = 1.0;
    tu_assert_error(nqpf_secondstage_truncreg(theta, cov, &ll, y, Z, n, k, 1.0), NQPF_EDATA, "observation 4");
    free(Z);
    free(y);
    gsl_rng_free(r);
}

/* ---- the real-shaped example through nqpf_secondstage_run ------------------------------------ */

static nqpf_panel *pwt_panel(void)
{
    nqpf_table *t = tu_read(tu_source("tests/data/secondstage/pwt2017_te.csv"));
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "countrycode", "year"))
        fail_msg("%s", nqpf_error_message());
    return p;
}

static double cell(const nqpf_table *t, const char *col, size_t row)
{
    size_t j = nqpf_table_find(t, col);
    assert_true(j != (size_t)-1 && j < nqpf_table_ncols(t));
    return nqpf_table_cnum(t, j)[row];
}

/* The panel's te, hc, csh_x as arrays for the independent fit. */
static size_t pwt_arrays(const nqpf_panel *p, double **y, double **Z)
{
    const double *te, *hc, *cx;
    assert_int_equal(nqpf_panel_column(p, "te", &te), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "hc", &hc), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "csh_x", &cx), NQPF_OK);
    size_t n = nqpf_panel_nobs(p);
    *y = malloc(n * sizeof **y);
    *Z = malloc(n * 3 * sizeof **Z);
    for (size_t i = 0; i < n; i++) {
        (*y)[i] = te[i];
        (*Z)[i * 3] = hc[i];
        (*Z)[i * 3 + 1] = cx[i];
        (*Z)[i * 3 + 2] = 1;
    }
    return n;
}

static void run_ok(nqpf_table **coef, const nqpf_panel *p, const char *const *kv)
{
    nqpf_optset *set = NULL;
    nqpf_secondstage_options o;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("secondstage"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (; kv[0]; kv += 2)
        if (nqpf_optset_add(set, kv[0], kv[1]))
            fail_msg("%s", nqpf_error_message());
    if (nqpf_secondstage_options_parse(&o, set) || nqpf_secondstage_run(coef, NULL, NULL, p, &o))
        fail_msg("%s", nqpf_error_message());
    nqpf_optset_free(set);
}

static void test_pwt_tobit(void **state)
{
    (void)state;
    nqpf_panel *p = pwt_panel();
    double *y, *Z;
    size_t n = pwt_arrays(p, &y, &Z), ncens = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] >= 1 - 1e-9)
            y[i] = 1, ncens++;
    nqpf_table *coef = NULL;
    run_ok(&coef, p, (const char *const[]){"method", "tobit", "efficiency", "te", "env", "hc,csh_x", NULL});
    tdata d = {y, Z, n, 3, 0, -INFINITY, 1.0};
    double theta[4], cov[16], se[4];
    for (size_t j = 0; j < 4; j++)
        theta[j] = cell(coef, "estimate", j);
    double ll = cell(coef, "loglik", 0);
    for (size_t j = 0; j < 4; j++) {
        se[j] = cell(coef, "std_error", j);
        for (size_t l = 0; l < 4; l++)
            cov[j * 4 + l] = j == l ? se[j] * se[j] : 0;
    }
    compare(&d, theta, cov, ll, "tobit, PWT 2017");
    assert_int_equal((size_t)cell(coef, "n_obs", 0), n);
    assert_int_equal((size_t)cell(coef, "n_limit", 0), ncens);
    assert_int_equal(ncens, 12);
    /* z, p, Wald interval and information criteria from the estimate and its standard error */
    tu_assert_close(cell(coef, "z", 0), theta[0] / se[0], 1e-14, 0, "z");
    tu_assert_close(cell(coef, "p_value", 0), 2 * gsl_cdf_ugaussian_Q(fabs(theta[0] / se[0])), 1e-12, 1e-300, "p");
    tu_assert_close(cell(coef, "ci_lo", 1), theta[1] - 1.959963984540054 * se[1], 1e-12, 1e-15, "ci_lo");
    tu_assert_close(cell(coef, "aic", 0), -2 * ll + 8, 1e-14, 0, "aic");
    tu_assert_close(cell(coef, "bic", 0), -2 * ll + 4 * log((double)n), 1e-14, 0, "bic");
    size_t jt = nqpf_table_find(coef, "term");
    assert_string_equal(nqpf_table_text(coef, jt, 0), "hc");
    assert_string_equal(nqpf_table_text(coef, jt, 2), "_cons");
    assert_string_equal(nqpf_table_text(coef, jt, 3), "sigma");
    nqpf_table_free(coef);
    free(y);
    free(Z);
    nqpf_panel_free(p);
}

static void test_pwt_sw1(void **state)
{
    (void)state;
    nqpf_panel *p = pwt_panel();
    double *y, *Z;
    size_t n = pwt_arrays(p, &y, &Z), m = 0;
    /* delta = 1/te of the inefficient units */
    for (size_t i = 0; i < n; i++)
        if (y[i] < 1 - 1e-9) {
            y[m] = 1 / y[i];
            memmove(Z + m * 3, Z + i * 3, 3 * sizeof *Z);
            m++;
        }
    nqpf_table *coef = NULL;
    run_ok(&coef, p,
           (const char *const[]){"method", "sw1", "efficiency", "te", "env", "hc,csh_x", "reps", "200", "seed", "3",
                                 NULL});
    tdata d = {y, Z, m, 3, 1, 1.0, INFINITY};
    double start[4] = {0, 0, 2, 1}, nm[4];
    nm_fit(&d, start, nm);
    for (size_t j = 0; j < 4; j++)
        tu_assert_close(cell(coef, "estimate", j), nm[j], 1e-6, 1e-6, "sw1 estimate, PWT 2017");
    tu_assert_close(cell(coef, "loglik", 0), ll_text(&d, nm, nm[3]), 1e-10, 1e-8, "sw1 loglik");
    assert_int_equal((size_t)cell(coef, "n_obs", 0), m);
    assert_int_equal((size_t)cell(coef, "n_limit", 0), n - m);
    assert_int_equal((size_t)cell(coef, "reps", 0), 200);
    for (size_t j = 0; j < 4; j++)
        assert_true(cell(coef, "ci_lo", j) < cell(coef, "ci_hi", j) && cell(coef, "std_error", j) > 0);
    nqpf_table_free(coef);
    free(y);
    free(Z);
    nqpf_panel_free(p);
}

/* ---- reproducibility ------------------------------------------------------------------------- */

static void test_bootstrap_reproducible(void **state)
{
    (void)state;
    nqpf_panel *p = pwt_panel();
    nqpf_table *a = NULL, *b = NULL, *c = NULL;
    run_ok(&a, p,
           (const char *const[]){"method", "sw1", "efficiency", "te", "env", "hc,csh_x", "reps", "300", "seed", "11",
                                 "threads", "1", NULL});
    run_ok(&b, p,
           (const char *const[]){"method", "sw1", "efficiency", "te", "env", "hc,csh_x", "reps", "300", "seed", "11",
                                 "threads", "3", NULL});
    tu_assert_same_table(a, b, "sw1, 1 vs 3 threads", 0);
    run_ok(&c, p,
           (const char *const[]){"method", "sw1", "efficiency", "te", "env", "hc,csh_x", "reps", "300", "seed", "12",
                                 NULL});
    assert_true(cell(a, "ci_lo", 0) != cell(c, "ci_lo", 0)); /* the seed matters */
    tu_assert_close(cell(a, "estimate", 0), cell(c, "estimate", 0), 0, 0, "the estimate does not depend on the seed");
    nqpf_table_free(a);
    nqpf_table_free(b);
    nqpf_table_free(c);
    /* sw2: DEA bias correction and both bootstraps */
    const char *kv2[] = {"method", "sw2", "inputs", "rnna,emp", "outputs", "rgdpna", "env", "hc,csh_x", "reps", "100",
                         "bias_reps", "20", "seed", "5", "threads", "1", NULL};
    run_ok(&a, p, kv2);
    const char *kv3[] = {"method", "sw2", "inputs", "rnna,emp", "outputs", "rgdpna", "env", "hc,csh_x", "reps", "100",
                         "bias_reps", "20", "seed", "5", "threads", "2", NULL};
    run_ok(&b, p, kv3);
    tu_assert_same_table(a, b, "sw2, 1 vs 2 threads", 0);
    nqpf_table_free(a);
    nqpf_table_free(b);
    nqpf_panel_free(p);
}

/* sw2's first DEA gives the te of the fixture (computed by `nqpf dea --rts vrs`, input orientation):
 * delta = 1/te, and delta_bc >= delta for every unit (the DEA frontier lies inside the true one). */
static void test_sw2_scores(void **state)
{
    (void)state;
    nqpf_panel *p = pwt_panel();
    nqpf_optset *set = NULL;
    nqpf_secondstage_options o;
    nqpf_table *coef = NULL, *sc = NULL;
    const char *kv[] = {"method", "sw2", "inputs", "rnna,emp", "outputs", "rgdpna", "env", "hc,csh_x", "reps", "50",
                        "bias_reps", "20", NULL};
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("secondstage"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (size_t j = 0; kv[j]; j += 2)
        assert_int_equal(nqpf_optset_add(set, kv[j], kv[j + 1]), NQPF_OK);
    assert_int_equal(nqpf_secondstage_options_parse(&o, set), NQPF_OK);
    if (nqpf_secondstage_run(&coef, &sc, NULL, p, &o))
        fail_msg("%s", nqpf_error_message());
    const double *te;
    assert_int_equal(nqpf_panel_column(p, "te", &te), NQPF_OK);
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        double dl = cell(sc, "delta", i), bc = cell(sc, "delta_bc", i);
        tu_assert_close(dl, te[i] >= 1 - 1e-9 ? 1 : 1 / te[i], 1e-9, 0, "sw2 delta = 1/te");
        assert_true(bc >= dl - 1e-12);
    }
    nqpf_table_free(coef);
    nqpf_table_free(sc);
    nqpf_optset_free(set);
    nqpf_panel_free(p);
}

/* ---- option errors --------------------------------------------------------------------------- */

static void expect_key(const char *const *kv, const char *key, const char *needle)
{
    nqpf_optset *set = NULL;
    nqpf_secondstage_options o;
    int rc = nqpf_optset_new(&set, nqpf_method_find("secondstage"), NQPF_KEYS_PLAIN);
    for (; rc == NQPF_OK && kv[0]; kv += 2)
        rc = nqpf_optset_add(set, kv[0], kv[1]);
    if (rc == NQPF_OK)
        rc = nqpf_secondstage_options_parse(&o, set);
    if (rc != NQPF_EUSAGE)
        fail_msg("expected a usage error about %s, got %d (%s)", key, rc, nqpf_error_message());
    if (!nqpf_error_key() || strcmp(nqpf_error_key(), key) != 0)
        fail_msg("expected key %s, got %s (%s)", key, nqpf_error_key() ? nqpf_error_key() : "none",
                 nqpf_error_message());
    if (!strstr(nqpf_error_text(), needle))
        fail_msg("'%s' lacks '%s'", nqpf_error_text(), needle);
    nqpf_optset_free(set);
}

static void test_option_errors(void **state)
{
    (void)state;
    expect_key((const char *const[]){"efficiency", "te", "env", "z", NULL}, "method", "required");
    expect_key((const char *const[]){"method", "probit", "efficiency", "te", "env", "z", NULL}, "method",
               "tobit|sw1|sw2");
    expect_key((const char *const[]){"method", "tobit", "env", "z", NULL}, "efficiency", "needs the efficiency column");
    expect_key((const char *const[]){"method", "tobit", "efficiency", "te", "env", "z", "reps", "100", NULL}, "reps",
               "applies to method sw1 or sw2 only");
    expect_key((const char *const[]){"method", "sw1", "efficiency", "te", "env", "z", "censor", "both", NULL}, "censor",
               "applies to method tobit only");
    expect_key((const char *const[]){"method", "sw1", "efficiency", "te", "env", "z", "inputs", "K", NULL}, "inputs",
               "applies to method sw2 only");
    expect_key((const char *const[]){"method", "sw2", "env", "z", "outputs", "Y", NULL}, "inputs",
               "needs the DEA inputs");
    expect_key((const char *const[]){"method", "sw2", "env", "z", "inputs", "K", "outputs", "Y", "efficiency", "te",
                                     NULL},
               "efficiency", "computes the DEA scores");
    expect_key((const char *const[]){"method", "sw1", "efficiency", "te", "env", "z", "reps", "1", NULL}, "reps", "");
    expect_key((const char *const[]){"method", "sw1", "efficiency", "te", "env", "z", "alpha", "0.7", NULL}, "alpha",
               "");
}

/* Data errors name the row and column; missing drop leaves the rows out. */
static void test_data_errors(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,t,te,z\na,1,0.5,1\nb,1,1.2,2\nc,1,0.7,3\nd,1,0.9,1\ne,1,,2\n", "id", "t");
    nqpf_optset *set = NULL;
    nqpf_secondstage_options o;
    nqpf_table *coef = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("secondstage"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "method", "sw1"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "efficiency", "te"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "env", "z"), NQPF_OK);
    assert_int_equal(nqpf_secondstage_options_parse(&o, set), NQPF_OK);
    tu_assert_error(nqpf_secondstage_run(&coef, NULL, NULL, p, &o), NQPF_EDATA, "column 'te'");
    assert_true(strstr(nqpf_error_message(), "missing: drop") != NULL);
    o.missing = NQPF_MISSING_DROP;
    tu_assert_error(nqpf_secondstage_run(&coef, NULL, NULL, p, &o), NQPF_EDATA, "row 3, column 'te': expected an "
                                                                                 "efficiency score te in (0, 1]");
    assert_null(coef);
    nqpf_optset_free(set);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tobit_simulated),    cmocka_unit_test(test_truncreg_simulated),
        cmocka_unit_test(test_pwt_tobit),          cmocka_unit_test(test_pwt_sw1),
        cmocka_unit_test(test_bootstrap_reproducible), cmocka_unit_test(test_sw2_scores),
        cmocka_unit_test(test_option_errors),      cmocka_unit_test(test_data_errors),
    };
    return tu_run_group_tests("secondstage", tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
