/* The geographical detector (src/region/geodetector.c) against independent references: a 12-row
 * stratified-variance example whose q, F, lambda, interaction types, Welch t and ecological F are
 * worked out by hand below; the non-central F upper tail against numerical integration of its
 * density written with the confluent hypergeometric function (a route that shares nothing with the
 * Poisson-beta mixture of the code); natural breaks against brute-force enumeration of every
 * partition of small sets; and the NTD example of the R package geodetector (its vignette's printed
 * q, p, interaction q, stratum means and significance matrices). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>

#include "testutil.h"
#include "nqpf/geodetector.h"
#include "nqpf/options.h"

/* Runs the detector on @p t with options KEY=VALUE pairs (NULL-terminated). */
static int run_opts(nqpf_geodetector_result *r, const nqpf_table *t, const char *const *kv)
{
    nqpf_optset *set = NULL;
    nqpf_geodetector_options o;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("geodetector"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (; *kv; kv += 2)
        assert_int_equal(nqpf_optset_add(set, kv[0], kv[1]), NQPF_OK);
    int rc = nqpf_geodetector_options_parse(&o, set);
    if (rc == NQPF_OK)
        rc = nqpf_geodetector_run(r, t, &o);
    nqpf_optset_free(set);
    return rc;
}

static double cell(const nqpf_table *t, const char *col, size_t i)
{
    size_t j = nqpf_table_find(t, col);
    assert_true(j != NQPF_NONE);
    return nqpf_table_cnum(t, j)[i];
}

static const char *tcell(const nqpf_table *t, const char *col, size_t i)
{
    size_t j = nqpf_table_find(t, col);
    assert_true(j != NQPF_NONE);
    return nqpf_table_text(t, j, i);
}

/* The row of @p t whose text columns c1, c2 are v1, v2 (c2 NULL: only c1). */
static size_t find_row(const nqpf_table *t, const char *c1, const char *v1, const char *c2, const char *v2)
{
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (strcmp(tcell(t, c1, i), v1) == 0 && (!c2 || strcmp(tcell(t, c2, i), v2) == 0))
            return i;
    fail_msg("no row %s=%s %s=%s", c1, v1, c2 ? c2 : "", v2 ? v2 : "");
    return 0;
}

/* ---- the hand example ---------------------------------------------------------------------
 * Twelve rows, factors A (1, 2), B (1, 2) and C = "x" where A == B, "y" otherwise:
 *   A=1,B=1: y 1 2 3  (mean 2, SS 2)     A=1,B=2: y 3 5 7   (mean 5, SS 8)
 *   A=2,B=1: y 4 6 8  (mean 6, SS 8)     A=2,B=2: y 8 9 10  (mean 9, SS 2)
 * N = 12, mean 5.5, sum y^2 = 458, SST = 458 - 12 * 5.5^2 = 95.
 * A: strata {1,2,3,3,5,7} (mean 3.5, SS 97 - 6*3.5^2 = 23.5) and {4,6,8,8,9,10} (mean 7.5, SS 23.5):
 *    SSW 47, q = 48/95; F = (12-2) q / (1 (1-q)) = 480/47; lambda = (3.5^2 + 7.5^2 - (sqrt6 (3.5 +
 *    7.5))^2 / 12) / (95/11) = (68.5 - 60.5) * 11 / 95 = 88/95.
 * B: {1,2,3,4,6,8} (mean 4, SS 130 - 96 = 34), {3,5,7,8,9,10} (mean 7, SS 328 - 294 = 34): SSW 68,
 *    q = 27/95.
 * C: x = {1,2,3,8,9,10}, y = {3,5,7,4,6,8}, both with mean 5.5: SSW 95, q = 0.
 * Any two overlaid give the four cells: SSW 20, q = 75/95. A n B: 75/95 = q_A + q_B: independent;
 * A n C and B n C: 75/95 > q + 0: non-linear enhance.
 * Risk A: t = (3.5 - 7.5) / sqrt(4.7/6 + 4.7/6) (each variance 23.5/5 = 4.7), Welch df = 10.
 * Ecological A vs B: F = 12 * 11 * 47 / (12 * 11 * 68) = 47/68 on (11, 11) degrees of freedom. */
static const char hand_csv[] = "y,A,B,C\n"
                               "1,1,1,x\n2,1,1,x\n3,1,1,x\n"
                               "3,1,2,y\n5,1,2,y\n7,1,2,y\n"
                               "4,2,1,y\n6,2,1,y\n8,2,1,y\n"
                               "8,2,2,x\n9,2,2,x\n10,2,2,x\n";

/* Non-central F density: e^(-lambda/2) 1F1((d1+d2)/2; d1/2; lambda d1 x / (2 (d1 x + d2))) times the
 * central F density. */
typedef struct ncf_par {
    double d1, d2, lambda;
} ncf_par;

static double ncf_density(double x, void *vp)
{
    const ncf_par *p = vp;
    if (x <= 0)
        return 0;
    double d1 = p->d1, d2 = p->d2;
    double logc = 0.5 * d1 * log(d1 / d2) + (0.5 * d1 - 1) * log(x) - 0.5 * (d1 + d2) * log1p(d1 * x / d2) -
                  gsl_sf_lnbeta(0.5 * d1, 0.5 * d2);
    double z = p->lambda * d1 * x / (2 * (d1 * x + d2));
    return exp(logc - p->lambda / 2) * gsl_sf_hyperg_1F1(0.5 * (d1 + d2), 0.5 * d1, z);
}

static double ncf_upper_integral(double f, double d1, double d2, double lambda)
{
    ncf_par p = {d1, d2, lambda};
    gsl_function fn = {ncf_density, &p};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(2000);
    double r = NAN, err = NAN;
    assert_int_equal(gsl_integration_qagiu(&fn, f, 1e-14, 1e-11, 2000, w, &r, &err), 0);
    gsl_integration_workspace_free(w);
    return r;
}

static void test_ncf_vs_integration(void **state)
{
    (void)state;
    const double cases[][4] = {{1, 10, 0.926315789, 10.2127660}, {2, 9, 2.5, 1.3}, {4, 180, 12.0, 3.0},
                               {8, 176, 40.0, 6.5}, {6, 178, 0.0, 2.2}, {3, 20, 5.0, 0.4},
                               {1, 5, 30.0, 60.0},  {2, 9, 2.5, 0.05}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double d1 = cases[c][0], d2 = cases[c][1], lam = cases[c][2], f = cases[c][3];
        double want = ncf_upper_integral(f, d1, d2, lam), got = nqpf_ncf_upper(f, d1, d2, lam);
        char ctx[96];
        snprintf(ctx, sizeof ctx, "P(F'(%g,%g;%g) > %g)", d1, d2, lam, f);
        tu_assert_close(got, want, 1e-8, 1e-13, ctx);
    }
    /* lambda = 0 is the central F; invalid arguments give NaN. */
    tu_assert_close(nqpf_ncf_upper(2.0, 3, 12, 0), gsl_cdf_fdist_Q(2.0, 3, 12), 1e-14, 0, "central");
    assert_true(isnan(nqpf_ncf_upper(1, 0, 5, 1)));
    assert_true(isnan(nqpf_ncf_upper(1, 2, 5, -1)));
    assert_true(nqpf_ncf_upper(0, 2, 5, 1) == 1.0);
}

static void test_hand_example(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_write_tmp("geodet_hand.csv", hand_csv));
    nqpf_geodetector_result r;
    const char *const kv[] = {"y", "y", "factors", "A,B,C", "categorical", "A,B", NULL};
    assert_int_equal(run_opts(&r, t, kv), NQPF_OK);
    const nqpf_table *f = r.factor;
    assert_int_equal(nqpf_table_nrows(f), 3);
    tu_assert_close(cell(f, "q", 0), 48.0 / 95, 1e-13, 0, "q_A");
    tu_assert_close(cell(f, "q", 1), 27.0 / 95, 1e-13, 0, "q_B");
    tu_assert_close(cell(f, "q", 2), 0.0, 0, 1e-14, "q_C");
    tu_assert_close(cell(f, "F", 0), 480.0 / 47, 1e-12, 0, "F_A");
    tu_assert_close(cell(f, "lambda", 0), 88.0 / 95, 1e-12, 0, "lambda_A");
    tu_assert_close(cell(f, "ssw", 1), 68.0, 1e-13, 0, "SSW_B");
    assert_true(cell(f, "df1", 0) == 1 && cell(f, "df2", 0) == 10);
    tu_assert_close(cell(f, "p_value", 0), ncf_upper_integral(480.0 / 47, 1, 10, 88.0 / 95), 1e-8, 0, "p_A");
    assert_string_equal(tcell(f, "kind", 2), "categorical"); /* a text column */
    /* Interaction. */
    const nqpf_table *it = r.interaction;
    assert_int_equal(nqpf_table_nrows(it), 3);
    size_t ab = find_row(it, "factor1", "A", "factor2", "B"), ac = find_row(it, "factor1", "A", "factor2", "C");
    tu_assert_close(cell(it, "q12", ab), 75.0 / 95, 1e-13, 0, "q_AB");
    assert_int_equal((int)cell(it, "strata", ab), 4);
    assert_string_equal(tcell(it, "type", ab), "independent");
    assert_string_equal(tcell(it, "type_zh", ab), "独立");
    assert_string_equal(tcell(it, "type", ac), "nonlinear_enhance");
    assert_string_equal(tcell(it, "type_zh", ac), "非线性增强");
    /* Risk: A's two strata. */
    const nqpf_table *rk = r.risk;
    size_t ra = find_row(rk, "factor", "A", NULL, NULL);
    tu_assert_close(cell(rk, "mean_a", ra), 3.5, 1e-14, 0, "mean A=1");
    tu_assert_close(cell(rk, "mean_b", ra), 7.5, 1e-14, 0, "mean A=2");
    tu_assert_close(cell(rk, "t", ra), -4 / sqrt(4.7 / 3), 1e-12, 0, "t A");
    tu_assert_close(cell(rk, "df", ra), 10, 1e-12, 0, "Welch df A");
    tu_assert_close(cell(rk, "p_value", ra), 2 * gsl_cdf_tdist_Q(4 / sqrt(4.7 / 3), 10), 1e-12, 0, "p A");
    assert_string_equal(tcell(rk, "significant", ra), "Y"); /* |t| = 3.20 > t_0.975(10) = 2.23 */
    /* Ecological A vs B. */
    const nqpf_table *ec = r.ecological;
    size_t eab = find_row(ec, "factor1", "A", "factor2", "B");
    tu_assert_close(cell(ec, "F", eab), 47.0 / 68, 1e-13, 0, "F eco");
    tu_assert_close(cell(ec, "p_value", eab), 2 * gsl_cdf_fdist_P(47.0 / 68, 11, 11), 1e-12, 0, "p eco");
    assert_string_equal(tcell(ec, "significant", eab), "N");
    /* Strata: C's labels and means. */
    size_t cx = find_row(r.strata, "factor", "C", "stratum", "x");
    tu_assert_close(cell(r.strata, "mean", cx), 5.5, 1e-14, 0, "mean C=x");
    tu_assert_close(cell(r.strata, "sd", cx), sqrt(77.5 / 5), 1e-13, 0, "sd C=x");
    nqpf_geodetector_result_free(&r);
    nqpf_table_free(t);
}

/* One-observation strata: kept with variance 0 (R geodetector) or dropped (R GD). y = 1 2 3 | 10 11 |
 * 50 in strata a a a b b c. Keep: SST over all 6; SSW = 2 + 0.5 + 0. Drop: the 50 leaves; SST of
 * 1 2 3 10 11 = 235 - 5 * 5.4^2 = 89.2, SSW 2.5. */
static void test_singletons(void **state)
{
    (void)state;
    const double y[] = {1, 2, 3, 10, 11, 50};
    const size_t s[] = {0, 0, 0, 1, 1, 2};
    nqpf_geodet_q q;
    double mean = 77.0 / 6, sst = 0;
    for (size_t i = 0; i < 6; i++)
        sst += (y[i] - mean) * (y[i] - mean);
    assert_int_equal(nqpf_geodetector_q(&q, y, s, 6, 3, 0), NQPF_OK);
    tu_assert_close(q.q, 1 - 2.5 / sst, 1e-13, 0, "keep q");
    assert_true(q.n == 6 && q.strata == 3);
    assert_int_equal(nqpf_geodetector_q(&q, y, s, 6, 3, 1), NQPF_OK);
    tu_assert_close(q.q, 1 - 2.5 / 89.2, 1e-13, 0, "drop q");
    assert_true(q.n == 5 && q.strata == 2);
    /* Constant y and a single stratum are errors. */
    const double yc[] = {1, 1, 1};
    const size_t s0[] = {0, 0, 1};
    tu_assert_error(nqpf_geodetector_q(&q, yc, s0, 3, 2, 0), NQPF_EDATA, "constant");
    tu_assert_error(nqpf_geodetector_q(&q, y, s0, 3, 2, 1), NQPF_EDATA, "fewer than 2 strata");
    /* An overlay of one-observation strata only: dropped, it has no q and no type (not an error). */
    nqpf_table *t = tu_read(tu_write_tmp("geodet_single.csv", "y,A,B\n1,1,1\n2,1,2\n4,1,3\n3,2,1\n5,2,2\n6,2,3\n"));
    nqpf_geodetector_result r;
    const char *const kv[] = {"y", "y", "factors", "A,B", "categorical", "A,B", "singletons", "drop", NULL};
    assert_int_equal(run_opts(&r, t, kv), NQPF_OK);
    assert_true(isnan(cell(r.interaction, "q12", 0)));
    assert_string_equal(tcell(r.interaction, "type", 0), "");
    /* Kept, the same overlay explains everything: q12 = 1. */
    nqpf_geodetector_result_free(&r);
    const char *const kv2[] = {"y", "y", "factors", "A,B", "categorical", "A,B", NULL};
    assert_int_equal(run_opts(&r, t, kv2), NQPF_OK);
    tu_assert_close(cell(r.interaction, "q12", 0), 1, 0, 1e-15, "all singletons kept");
    nqpf_geodetector_result_free(&r);
    nqpf_table_free(t);
}

static void test_classify(void **state)
{
    (void)state;
    assert_int_equal(nqpf_geodet_classify(0.4, 0.5, 0.3), NQPF_GEODET_NONLINEAR_WEAKEN);
    assert_int_equal(nqpf_geodet_classify(0.4, 0.5, 0.45), NQPF_GEODET_UNI_WEAKEN);
    assert_int_equal(nqpf_geodet_classify(0.4, 0.5, 0.6), NQPF_GEODET_BI_ENHANCE);
    assert_int_equal(nqpf_geodet_classify(0.4, 0.5, 0.9), NQPF_GEODET_INDEPENDENT);
    assert_int_equal(nqpf_geodet_classify(0.4, 0.5, 0.95), NQPF_GEODET_NONLINEAR_ENHANCE);
    assert_string_equal(nqpf_geodet_interaction_zh(NQPF_GEODET_NONLINEAR_WEAKEN), "非线性减弱");
    assert_string_equal(nqpf_geodet_interaction_zh(NQPF_GEODET_UNI_WEAKEN), "单因子非线性减弱");
    assert_string_equal(nqpf_geodet_interaction_zh(NQPF_GEODET_BI_ENHANCE), "双因子增强");
}

/* Breaks by hand: x = 1 2 3 10 11 12 20 21 22 (mean 34/3... see each case). */
static void test_breaks_by_hand(void **state)
{
    (void)state;
    const double x[] = {12, 1, 21, 2, 3, 10, 11, 20, 22};
    double b[8];
    assert_int_equal(nqpf_geodetector_breaks(b, x, 9, NQPF_GEODET_EQUAL, 3), NQPF_OK);
    tu_assert_close(b[1], 8, 1e-15, 0, "equal b1");
    tu_assert_close(b[2], 15, 1e-15, 0, "equal b2");
    /* Type 7 quantiles of the sorted values: h = 8/3 -> 3 + (2/3) 7; h = 16/3 -> 12 + (1/3) 8. */
    assert_int_equal(nqpf_geodetector_breaks(b, x, 9, NQPF_GEODET_QUANTILE, 3), NQPF_OK);
    tu_assert_close(b[1], 3 + 14.0 / 3, 1e-14, 0, "quantile b1");
    tu_assert_close(b[2], 12 + 8.0 / 3, 1e-14, 0, "quantile b2");
    assert_int_equal(nqpf_geodetector_breaks(b, x, 9, NQPF_GEODET_NATURAL, 3), NQPF_OK);
    assert_true(b[0] == 1 && b[1] == 3 && b[2] == 12 && b[3] == 22);
    /* Geometric on 1..16 in 2 classes: 1, 4, 16; with a zero the values shift to start at 1. */
    const double g[] = {1, 16, 5};
    assert_int_equal(nqpf_geodetector_breaks(b, g, 3, NQPF_GEODET_GEOMETRIC, 2), NQPF_OK);
    tu_assert_close(b[1], 4, 1e-14, 0, "geometric");
    const double g0[] = {0, 15, 5};
    assert_int_equal(nqpf_geodetector_breaks(b, g0, 3, NQPF_GEODET_GEOMETRIC, 2), NQPF_OK);
    tu_assert_close(b[1], 3, 1e-14, 0, "geometric shifted");
    /* SD, 4 classes (width 1 SD): mean 34/3... x has mean 102/9 and breaks mean - sd, mean, mean + sd. */
    double mean = 102.0 / 9, ss = 0;
    for (size_t i = 0; i < 9; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double sd = sqrt(ss / 8);
    assert_int_equal(nqpf_geodetector_breaks(b, x, 9, NQPF_GEODET_SD, 4), NQPF_OK);
    tu_assert_close(b[1], mean - sd, 1e-13, 0, "sd b1");
    tu_assert_close(b[2], mean, 1e-13, 0, "sd b2");
    tu_assert_close(b[3], mean + sd, 1e-13, 0, "sd b3");
    tu_assert_error(nqpf_geodetector_breaks(b, g, 3, NQPF_GEODET_NATURAL, 4), NQPF_EDATA, "3 distinct values");
}

/* Within-class sum of squares of the sorted values v split at the given class ends. */
static double ssw_of(const double *v, size_t n, const double *breaks, size_t k)
{
    double tot = 0;
    for (size_t c = 0; c < k; c++) {
        double s = 0, s2 = 0, m = 0;
        for (size_t i = 0; i < n; i++) {
            int in = c == 0 ? v[i] <= breaks[1] : (v[i] > breaks[c] && v[i] <= breaks[c + 1]);
            if (in)
                s += v[i], s2 += v[i] * v[i], m += 1;
        }
        if (m > 0)
            tot += s2 - s * s / m;
    }
    return tot;
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The least SSW over every split of the distinct sorted values u[0..m) into k runs (cut masks). */
static double brute_min(const double *v, size_t n, const double *u, size_t m, size_t k)
{
    double best = INFINITY, br[12];
    for (unsigned mask = 0; mask < (1u << (m - 1)); mask++) {
        if ((size_t)__builtin_popcount(mask) != k - 1)
            continue;
        size_t c = 1;
        br[0] = u[0];
        for (size_t i = 0; i + 1 < m; i++)
            if (mask & (1u << i))
                br[c++] = u[i];
        br[k] = u[m - 1];
        double s = ssw_of(v, n, br, k);
        if (s < best)
            best = s;
    }
    return best;
}

static void test_jenks_brute_force(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20240517);
    for (int rep = 0; rep < 300; rep++) {
        size_t n = 4 + gsl_rng_uniform_int(g, 8); /* 4..11 values, ties from a coarse grid */
        double v[12], u[12], b[6];
        for (size_t i = 0; i < n; i++)
            v[i] = (double)gsl_rng_uniform_int(g, rep % 2 ? 12 : 1000) + (rep % 3 ? 0 : gsl_rng_uniform(g));
        qsort(v, n, sizeof v[0], cmpd);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!m || v[i] != u[m - 1])
                u[m++] = v[i];
        for (size_t k = 2; k <= 5 && k <= m; k++) {
            assert_int_equal(nqpf_geodetector_breaks(b, v, n, NQPF_GEODET_NATURAL, k), NQPF_OK);
            double got = ssw_of(v, n, b, k), want = brute_min(v, n, u, m, k);
            char ctx[64];
            snprintf(ctx, sizeof ctx, "rep %d n %zu k %zu", rep, n, k);
            tu_assert_close(got, want, 1e-10, 1e-9, ctx);
        }
    }
    gsl_rng_free(g);
}

/* The example of the R package geodetector 1.0-5 (its vignette's printed output). */
static void test_ntd_published(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_source("tests/data/geodetector/CollectData.csv"));
    nqpf_geodetector_result r;
    const char *const kv[] = {"y", "incidence", "factors", "watershed,soiltype,elevation", "categorical",
                              "watershed,soiltype,elevation", NULL};
    assert_int_equal(run_opts(&r, t, kv), NQPF_OK);
    const nqpf_table *f = r.factor;
    /* q-statistic and p-value, to the printed digits. */
    const double q[] = {0.6377737, 0.3857168, 0.6067087}, p[] = {0.0001169914, 0.3632363, 0.04080407};
    /* R's pf(..., ncp) computes the lower tail by AS 226 / pnbeta with an absolute error bound errmax =
     * 1e-9 and returns 1 minus it: the printed p-values are exact to 1e-9 plus their rounding (half a
     * unit of the last printed digit), not to every printed digit. nqpf's p is checked to 1e-9 of the
     * numerical integration of the density (independent of both). */
    const double pdig[] = {5e-11, 5e-8, 5e-9};
    for (size_t k = 0; k < 3; k++) {
        tu_assert_close(cell(f, "q", k), q[k], 0, 5e-8, "NTD q");
        double want = ncf_upper_integral(cell(f, "F", k), cell(f, "df1", k), cell(f, "df2", k), cell(f, "lambda", k));
        tu_assert_close(cell(f, "p_value", k), want, 1e-9, 1e-15, "NTD p vs integration");
        tu_assert_close(cell(f, "p_value", k), p[k], 0, 1e-9 + pdig[k], "NTD p vs geodetector");
    }
    /* Interaction q (printed to 15 digits). */
    tu_assert_close(cell(r.interaction, "q12", find_row(r.interaction, "factor1", "watershed", "factor2", "soiltype")),
                    0.735680548139531, 0, 5e-15, "q watershed n soiltype");
    tu_assert_close(cell(r.interaction, "q12", find_row(r.interaction, "factor1", "watershed", "factor2", "elevation")),
                    0.71359677853471, 0, 5e-14, "q watershed n elevation");
    tu_assert_close(cell(r.interaction, "q12", find_row(r.interaction, "factor1", "soiltype", "factor2", "elevation")),
                    0.663523698335635, 0, 5e-15, "q soiltype n elevation");
    /* Risk detector: stratum means (printed to 7 significant digits). */
    const double msoil[] = {6.340000, 6.687500, 6.583279, 5.843810, 6.347073};
    for (size_t h = 0; h < 5; h++) {
        char lab[8];
        snprintf(lab, sizeof lab, "%zu", h + 1);
        tu_assert_close(cell(r.strata, "mean", find_row(r.strata, "factor", "soiltype", "stratum", lab)), msoil[h], 0,
                        5e-7, "soiltype mean");
    }
    /* The printed significance matrix of soiltype (upper triangle, row-major: 1-2 1-3 1-4 1-5 2-3 ...). */
    const char *const sig_soil = "YYYNNYYYYY";
    const char *const sig_elev = "YYYYYYNYYYYYYYYYYYYYY";
    const char *const sig_ws = "YYYYYYYY" "YNYYYYY" "YYYNNN" "YYYYY" "NYYY" "YYY" "NN" "Y";
    const char *const names[] = {"soiltype", "elevation", "watershed"};
    const char *const sig[] = {sig_soil, sig_elev, sig_ws};
    const size_t L[] = {5, 7, 9};
    for (size_t k = 0; k < 3; k++) {
        size_t idx = 0;
        for (size_t a = 1; a <= L[k]; a++)
            for (size_t b = a + 1; b <= L[k]; b++, idx++) {
                char la[8], lb[8];
                snprintf(la, sizeof la, "%zu", a);
                snprintf(lb, sizeof lb, "%zu", b);
                size_t row = find_row(r.risk, "stratum_a", la, "stratum_b", lb);
                /* find_row finds the first factor's row; search within the factor instead. */
                for (size_t i = 0; i < nqpf_table_nrows(r.risk); i++)
                    if (strcmp(tcell(r.risk, "factor", i), names[k]) == 0 &&
                        strcmp(tcell(r.risk, "stratum_a", i), la) == 0 && strcmp(tcell(r.risk, "stratum_b", i), lb) == 0)
                        row = i;
                char want[2] = {sig[k][idx], 0};
                if (strcmp(tcell(r.risk, "significant", row), want) != 0)
                    fail_msg("%s %s-%s: significant %s, published %s (t %g, df %g)", names[k], la, lb,
                             tcell(r.risk, "significant", row), want, cell(r.risk, "t", row), cell(r.risk, "df", row));
            }
    }
    /* Ecological detector: soiltype differs from watershed and elevation; watershed and elevation do not. */
    assert_string_equal(tcell(r.ecological, "significant", find_row(r.ecological, "factor1", "watershed", "factor2",
                                                                    "soiltype")),
                        "Y");
    assert_string_equal(tcell(r.ecological, "significant", find_row(r.ecological, "factor1", "soiltype", "factor2",
                                                                    "elevation")),
                        "Y");
    assert_string_equal(tcell(r.ecological, "significant", find_row(r.ecological, "factor1", "watershed", "factor2",
                                                                    "elevation")),
                        "N");
    nqpf_geodetector_result_free(&r);
    nqpf_table_free(t);
}

/* The optimal discretisation picks, for each factor, the candidate with the largest q among those
 * it lists, and the factor table's q is that candidate's (checked again through the breaks). */
static void test_optimal_discretisation(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_source("tests/data/geodetector/ndvi_40.csv"));
    nqpf_geodetector_result r;
    const char *const kv[] = {"y", "NDVIchange", "factors", "Climatezone,Tempchange,GDP", "classes", "3..6", NULL};
    assert_int_equal(run_opts(&r, t, kv), NQPF_OK);
    const nqpf_table *c = r.candidates;
    assert_int_equal(nqpf_table_nrows(c), 2 * 5 * 4);
    for (size_t k = 1; k < 3; k++) {
        const char *name = tcell(r.factor, "factor", k);
        double best = -1, chosen = NAN;
        for (size_t i = 0; i < nqpf_table_nrows(c); i++) {
            if (strcmp(tcell(c, "factor", i), name) != 0)
                continue;
            if (cell(c, "q", i) > best)
                best = cell(c, "q", i);
            if (cell(c, "chosen", i) == 1)
                chosen = cell(c, "q", i);
        }
        tu_assert_close(chosen, best, 0, 0, "chosen = best");
        tu_assert_close(cell(r.factor, "q", k), best, 1e-12, 0, "factor q = best candidate");
    }
    assert_string_equal(tcell(r.factor, "kind", 0), "categorical"); /* Climatezone is text */
    nqpf_geodetector_result_free(&r);
    nqpf_table_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_write_tmp("geodet_err.csv", "y,A,X\n1,1,0.5\n2,1,\n3,2,0.7\n4,2,0.9\n5,3,1.0\n"));
    nqpf_geodetector_result r;
    const char *const k1[] = {"y", "y", "factors", "A,X", "categorical", "A", NULL};
    tu_assert_error(run_opts(&r, t, k1), NQPF_EDATA, "row 3, column 'X': empty cell");
    const char *const k2[] = {"y", "y", "factors", "A,Z", NULL};
    tu_assert_error(run_opts(&r, t, k2), NQPF_EDATA, "column 'Z' not found");
    const char *const k3[] = {"y", "y", "factors", "A", "classes", "1..30", NULL};
    tu_assert_error(run_opts(&r, t, k3), NQPF_EUSAGE, "within 2..20");
    const char *const k4[] = {"y", "y", "factors", "A,y", NULL};
    tu_assert_error(run_opts(&r, t, k4), NQPF_EUSAGE, "is the explained variable");
    const char *const k5[] = {"y", "y", "factors", "A", "categorical", "X", NULL};
    tu_assert_error(run_opts(&r, t, k5), NQPF_EUSAGE, "not one of the factors");
    /* X has 4 values: 3 classes of 2 each are impossible. */
    const char *const k6[] = {"y", "y", "factors", "X", "missing", "drop", NULL};
    tu_assert_error(run_opts(&r, t, k6), NQPF_EDATA, "at least 2 observations in every class");
    assert_null(r.factor);
    nqpf_table_free(t);
    t = tu_read(tu_write_tmp("geodet_const.csv", "y,A\n2,1\n2,1\n2,2\n2,2\n"));
    const char *const k7[] = {"y", "y", "factors", "A", "categorical", "A", NULL};
    tu_assert_error(run_opts(&r, t, k7), NQPF_EDATA, "column 'y' has the same value in all 4 rows used");
    nqpf_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ncf_vs_integration), cmocka_unit_test(test_hand_example),
        cmocka_unit_test(test_singletons),         cmocka_unit_test(test_classify),
        cmocka_unit_test(test_breaks_by_hand),     cmocka_unit_test(test_jenks_brute_force),
        cmocka_unit_test(test_ntd_published),      cmocka_unit_test(test_optimal_discretisation),
        cmocka_unit_test(test_errors),
    };
    return tu_run_group_tests("geodetector", tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
