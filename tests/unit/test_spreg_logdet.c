/* The log-determinant of spatial regression (src/spreg/logdet.c) against an independent route: the
 * LU decomposition of the dense I - aW (GSL gsl_linalg_LU_lndet / LU_sgndet), and the traces
 * -tr(W (I - aW)^-1) and -tr((W (I - aW)^-1)^2) from GSL's dense inverse for the derivatives. The
 * large-n approximations (Chebyshev, Monte Carlo) are measured against the same LU value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>

#include "testutil.h"
#include "nqpf/spatial.h"
#include "spreg/spreg_internal.h"

static unsigned long long lcg_state;
static double urand(void)
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

/* k nearest neighbours (Euclidean) of n random points in the unit square, row-standardised: not
 * symmetric, so W has complex eigenvalues. */
static nqpf_weights *knn_weights(size_t n, size_t k, unsigned long long seed)
{
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    lcg_state = seed;
    for (size_t i = 0; i < n; i++) {
        x[i] = urand();
        y[i] = urand();
    }
    nqpf_weights_options o = NQPF_WEIGHTS_OPTIONS_INIT;
    o.kind = NQPF_WKIND_KNN;
    o.distance = NQPF_DIST_EUCLIDEAN;
    o.k = k;
    nqpf_weights *w = NULL;
    if (nqpf_weights_from_coords(&w, x, y, NULL, n, &o) != NQPF_OK)
        fail_msg("weights: %s", nqpf_error_message());
    free(x);
    free(y);
    return w;
}

static gsl_matrix *dense_w(const nqpf_weights *w)
{
    size_t n = nqpf_weights_n(w);
    gsl_matrix *m = gsl_matrix_calloc(n, n);
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(m, i, nb[j], wt[j]);
    }
    return m;
}

/* log|det(I - aW)| and its sign, by LU. */
static double lu_logdet(const gsl_matrix *W, double a, int *sign)
{
    size_t n = W->size1;
    gsl_matrix *A = gsl_matrix_alloc(n, n);
    gsl_matrix_memcpy(A, W);
    gsl_matrix_scale(A, -a);
    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(A, i, i, gsl_matrix_get(A, i, i) + 1);
    gsl_permutation *p = gsl_permutation_alloc(n);
    int s;
    gsl_linalg_LU_decomp(A, p, &s);
    double ld = gsl_linalg_LU_lndet(A);
    if (sign)
        *sign = gsl_linalg_LU_sgndet(A, s);
    gsl_permutation_free(p);
    gsl_matrix_free(A);
    return ld;
}

/* -tr(W B) and -tr((W B)^2), B = (I - aW)^-1. */
static void lu_traces(const gsl_matrix *W, double a, double *d1, double *d2)
{
    size_t n = W->size1;
    gsl_matrix *A = gsl_matrix_alloc(n, n), *B = gsl_matrix_alloc(n, n), *C = gsl_matrix_alloc(n, n);
    gsl_matrix_memcpy(A, W);
    gsl_matrix_scale(A, -a);
    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(A, i, i, gsl_matrix_get(A, i, i) + 1);
    gsl_permutation *p = gsl_permutation_alloc(n);
    int s;
    gsl_linalg_LU_decomp(A, p, &s);
    gsl_linalg_LU_invert(A, p, B);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, W, B, 0.0, C); /* C = W B */
    double t1 = 0, t2 = 0;
    for (size_t i = 0; i < n; i++) {
        t1 += gsl_matrix_get(C, i, i);
        for (size_t j = 0; j < n; j++)
            t2 += gsl_matrix_get(C, i, j) * gsl_matrix_get(C, j, i);
    }
    *d1 = -t1;
    *d2 = -t2;
    gsl_permutation_free(p);
    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_matrix_free(C);
}

static void test_exact_vs_lu(void **state)
{
    (void)state;
    nqpf_weights *w = knn_weights(60, 4, 7);
    gsl_matrix *W = dense_w(w);
    nqpf__spreg_logdet *ld = NULL;
    assert_int_equal(nqpf__spreg_logdet_new(&ld, w, NQPF_SPREG_LOGDET_EXACT), NQPF_OK);
    assert_int_equal(nqpf__spreg_logdet_method_used(ld), NQPF_SPREG_LOGDET_EXACT);
    const double *im = NULL;
    size_t n = 0;
    const double *re = nqpf__spreg_logdet_eigen(ld, &im, &n);
    assert_non_null(re);
    assert_int_equal(n, 60);
    size_t ncomplex = 0;
    for (size_t j = 0; j < n; j++)
        ncomplex += im[j] != 0;
    assert_true(ncomplex > 0); /* the case exercises complex pairs */
    const double as[] = {-0.95, -0.6, -0.2, 0.0, 0.25, 0.5, 0.8, 0.97};
    for (size_t i = 0; i < sizeof as / sizeof *as; i++) {
        char ctx[64];
        int sg;
        double ref = lu_logdet(W, as[i], &sg);
        assert_int_equal(sg, 1);
        snprintf(ctx, sizeof ctx, "logdet at a = %g", as[i]);
        tu_assert_close(nqpf__spreg_logdet_eval(ld, as[i]), ref, 1e-10, 1e-11, ctx);
        double d1, d2, r1, r2;
        nqpf__spreg_logdet_deriv(ld, as[i], &d1, &d2);
        lu_traces(W, as[i], &r1, &r2);
        snprintf(ctx, sizeof ctx, "first derivative at a = %g", as[i]);
        tu_assert_close(d1, r1, 1e-9, 1e-10, ctx);
        snprintf(ctx, sizeof ctx, "second derivative at a = %g", as[i]);
        tu_assert_close(d2, r2, 1e-9, 1e-10, ctx);
    }
    /* Bounds: row-standardised W has largest eigenvalue 1; at the lower bound a real eigenvalue
     * makes det(I - aW) change sign. */
    double lo, hi;
    nqpf__spreg_logdet_bounds(ld, &lo, &hi);
    tu_assert_close(hi, 1.0, 1e-10, 0, "upper bound");
    assert_true(lo <= -1.0);
    int s_in, s_out;
    lu_logdet(W, lo * (1 - 1e-6), &s_in);
    lu_logdet(W, lo * (1 + 1e-6), &s_out);
    assert_int_equal(s_in, 1);
    assert_int_equal(s_out, -1);
    assert_true(isnan(nqpf__spreg_logdet_eval(ld, hi)));
    assert_true(isnan(nqpf__spreg_logdet_eval(ld, lo * 1.01)));
    nqpf__spreg_logdet_free(ld);
    gsl_matrix_free(W);
    nqpf_weights_free(w);
}

/* Binary (unstandardised) symmetric weights: real eigenvalues, spectral radius above 1. */
static void test_exact_binary(void **state)
{
    (void)state;
    double x[30], y[30];
    for (size_t i = 0; i < 30; i++) {
        x[i] = (double)(i % 6);
        y[i] = (double)(i / 6);
    }
    nqpf_weights_options o = NQPF_WEIGHTS_OPTIONS_INIT;
    o.kind = NQPF_WKIND_INVDIST;
    o.distance = NQPF_DIST_EUCLIDEAN;
    o.max_distance = 1.01; /* rook lattice 6 x 5 */
    o.style = NQPF_WSTYLE_BINARY;
    nqpf_weights *w = NULL;
    assert_int_equal(nqpf_weights_from_coords(&w, x, y, NULL, 30, &o), NQPF_OK);
    gsl_matrix *W = dense_w(w);
    nqpf__spreg_logdet *ld = NULL;
    assert_int_equal(nqpf__spreg_logdet_new(&ld, w, NQPF_SPREG_LOGDET_AUTO), NQPF_OK);
    assert_int_equal(nqpf__spreg_logdet_method_used(ld), NQPF_SPREG_LOGDET_EXACT);
    double lo, hi;
    nqpf__spreg_logdet_bounds(ld, &lo, &hi);
    /* rook lattice 6 x 5: eigenvalues 2cos(pi i/7) + 2cos(pi j/6), the largest 2cos(pi/7)+2cos(pi/6) */
    double lmax = 2 * cos(M_PI / 7) + 2 * cos(M_PI / 6);
    tu_assert_close(hi, 1 / lmax, 1e-10, 0, "upper bound of the lattice");
    tu_assert_close(lo, -1 / lmax, 1e-10, 0, "lower bound of the lattice");
    for (double a = -0.25; a < 0.27; a += 0.05) {
        char ctx[64];
        snprintf(ctx, sizeof ctx, "binary lattice logdet at a = %g", a);
        tu_assert_close(nqpf__spreg_logdet_eval(ld, a), lu_logdet(W, a, NULL), 1e-10, 1e-11, ctx);
    }
    nqpf__spreg_logdet_free(ld);
    gsl_matrix_free(W);
    nqpf_weights_free(w);
}

/* The approximations on 800 units (kNN, k = 6): their error against the LU value, per unit of n,
 * over a grid of a in [-0.9, 0.9]; the bounds asserted are the ones docs/spreg.md states (the
 * measured maxima are printed). Deterministic: two preparations give identical values. */
static void test_approximations(void **state)
{
    (void)state;
    size_t n = 800;
    nqpf_weights *w = knn_weights(n, 6, 99);
    gsl_matrix *W = dense_w(w);
    nqpf__spreg_logdet *ch = NULL, *mc = NULL, *ch2 = NULL;
    assert_int_equal(nqpf__spreg_logdet_new(&ch, w, NQPF_SPREG_LOGDET_CHEBYSHEV), NQPF_OK);
    assert_int_equal(nqpf__spreg_logdet_new(&ch2, w, NQPF_SPREG_LOGDET_CHEBYSHEV), NQPF_OK);
    assert_int_equal(nqpf__spreg_logdet_new(&mc, w, NQPF_SPREG_LOGDET_MC), NQPF_OK);
    double lo, hi;
    nqpf__spreg_logdet_bounds(ch, &lo, &hi);
    tu_assert_close(hi, 1.0, 1e-9, 0, "approximation upper bound (row-standardised)");
    double ech = 0, emc = 0, ech5 = 0, emc5 = 0, ed1 = 0;
    for (double a = -0.9; a <= 0.9001; a += 0.1) {
        double ref = lu_logdet(W, a, NULL);
        double c = nqpf__spreg_logdet_eval(ch, a), m = nqpf__spreg_logdet_eval(mc, a);
        assert_true(c == nqpf__spreg_logdet_eval(ch2, a)); /* fixed internal seed */
        double e1 = fabs(c - ref) / (double)n, e2 = fabs(m - ref) / (double)n;
        if (e1 > ech)
            ech = e1;
        if (e2 > emc)
            emc = e2;
        if (fabs(a) <= 0.5001) {
            if (e1 > ech5)
                ech5 = e1;
            if (e2 > emc5)
                emc5 = e2;
        }
    }
    for (double a = -0.5; a <= 0.51; a += 0.5) {
        double d1, d2, r1, r2;
        nqpf__spreg_logdet_deriv(ch, a, &d1, &d2);
        lu_traces(W, a, &r1, &r2);
        if (fabs(d1 - r1) / (double)n > ed1)
            ed1 = fabs(d1 - r1) / (double)n;
    }
    printf("# n = %zu kNN(6): max |error| / n over a in [-0.9, 0.9]: chebyshev %.3g, mc %.3g; "
           "over [-0.5, 0.5]: chebyshev %.3g, mc %.3g; chebyshev d/da %.3g\n",
           n, ech, emc, ech5, emc5, ed1);
    assert_true(ech < 2.5e-4);
    assert_true(emc < 2.5e-4);
    assert_true(ech5 < 2.5e-5);
    assert_true(emc5 < 2.5e-5);
    assert_true(ed1 < 2.5e-4);
    nqpf__spreg_logdet_free(ch);
    nqpf__spreg_logdet_free(ch2);
    nqpf__spreg_logdet_free(mc);
    gsl_matrix_free(W);
    nqpf_weights_free(w);
}

static void test_fit_free(void **state)
{
    (void)state;
    nqpf__spreg_fit f;
    memset(&f, 0, sizeof f);
    f.beta = malloc(3 * sizeof *f.beta);
    f.cov = malloc(9 * sizeof *f.cov);
    f.nb = 3;
    nqpf__spreg_fit_free(&f);
    assert_null(f.beta);
    assert_null(f.cov);
    assert_int_equal(f.nb, 0);
    nqpf__spreg_fit_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_vs_lu),
        cmocka_unit_test(test_exact_binary),
        cmocka_unit_test(test_approximations),
        cmocka_unit_test(test_fit_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
