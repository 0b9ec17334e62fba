/* Bootstrap DEA (src/dea/bootstrap.c, Simar and Wilson 1998):
 *  - the options' rules and keyed errors;
 *  - a fixed seed gives the same result on every run and for 1, 2 and 3 threads, exactly;
 *  - the whole procedure written again here, independently: the counter-based random numbers of
 *    docs/dea.md, the draw from the reflected sample, the smoothing, the variance correction, the
 *    reflection, the pseudo-data, every DMU's envelopment LP as plain GLPK calls, and the
 *    statistics (bias, variance, the SW 2000 interval); te_bc, bias, var, ci_lo and ci_hi must
 *    agree to 1e-8 for CRS/VRS, input/output. */
#include <glpk.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Test data: a panel of n DMUs per period, m inputs, one output, Cobb-Douglas with half-normal
 * inefficiency, from a fixed xorshift stream. */
static uint64_t xs = 88172645463325252ull;
static double unif(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return (double)(xs >> 11) * 0x1.0p-53;
}

static nqpf_panel *make_panel(size_t n, size_t periods, size_t m, uint64_t seed)
{
    xs = seed;
    size_t cap = 64 + n * periods * 120;
    char *csv = malloc(cap), *p = csv;
    p += sprintf(p, "id,t");
    for (size_t i = 0; i < m; i++)
        p += sprintf(p, ",x%zu", i + 1);
    p += sprintf(p, ",y\n");
    for (size_t t = 0; t < periods; t++)
        for (size_t j = 0; j < n; j++) {
            double ly = 0;
            p += sprintf(p, "u%03zu,%zu", j, 2000 + t);
            for (size_t i = 0; i < m; i++) {
                double x = 1 + 9 * unif();
                ly += 0.7 / (double)m * log(x);
                p += sprintf(p, ",%.6f", x);
            }
            double u = fabs(sqrt(-2 * log(unif() + 1e-300)) * cos(6.283185307179586 * unif())) * 0.3;
            p += sprintf(p, ",%.6f\n", exp(ly - u));
        }
    nqpf_panel *pn = tu_panel_from_text(csv, "id", "t");
    free(csv);
    return pn;
}

static nqpf_table *run_boot(const nqpf_panel *p, size_t m, nqpf_dea_rts rts, nqpf_dea_orientation orient, size_t reps,
                            unsigned long long seed, double alpha, unsigned threads)
{
    static const char *const xin[] = {"x1", "x2", "x3"};
    static const char *const yout[] = {"y"};
    nqpf_dea_options o;
    assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
    o.inputs = xin;
    o.ninputs = m;
    o.outputs = yout;
    o.noutputs = 1;
    o.rts = rts;
    o.orientation = orient;
    o.reps = reps;
    o.seed = seed;
    o.alpha = alpha;
    o.threads = threads;
    nqpf_table *t = NULL;
    int rc = nqpf_dea_run(&t, p, &o, NULL);
    if (rc)
        fail_msg("nqpf_dea_run: %s", nqpf_error_message());
    return t;
}

static const double *col(const nqpf_table *t, const char *name)
{
    size_t c = nqpf_table_find(t, name);
    const double *v = nqpf_table_cnum(t, c);
    if (!v)
        fail_msg("no column %s", name);
    return v;
}

/* ---- the options ---- */

static int parse(const char *const *kv, size_t n, nqpf_dea_options *o)
{
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("dea"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "inputs", "x1"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "outputs", "y"), NQPF_OK);
    int rc = NQPF_OK;
    for (size_t k = 0; k + 1 < n && rc == NQPF_OK; k += 2)
        rc = nqpf_optset_add(set, kv[k], kv[k + 1]);
    if (rc == NQPF_OK)
        rc = nqpf_dea_options_parse(o, set);
    nqpf_optset_free(set);
    return rc;
}

static void test_options(void **state)
{
    (void)state;
    nqpf_dea_options o;
    {
        const char *kv[] = {"reps", "2000", "seed", "7", "alpha", "0.1", "rts", "vrs", "orientation", "out"};
        assert_int_equal(parse(kv, 10, &o), NQPF_OK);
        assert_int_equal(o.reps, 2000);
        assert_true(o.seed == 7);
        assert_true(o.alpha == 0.1);
    }
    {
        assert_int_equal(parse(NULL, 0, &o), NQPF_OK);
        assert_int_equal(o.reps, 0);
        assert_true(o.alpha == 0.05);
    }
    static const struct {
        const char *kv[6];
        size_t n;
        const char *key, *needle;
    } bad[] = {
        {{"reps", "100", "model", "sbm"}, 4, "reps", "model radial only"},
        {{"reps", "100", "model", "ddf"}, 4, "reps", "model radial only"},
        {{"reps", "100", "super", "true"}, 4, "reps", "super"},
        {{"reps", "100", "rts", "nirs"}, 4, "reps", "crs or vrs"},
        {{"reps", "100", "frontier", "sequential"}, 4, "reps", "frontier period"},
        {{"reps", "100", "weak_disposal", "x"}, 4, "reps", "weak_disposal"},
        {{"reps", "100", "alpha", "0.5"}, 4, "alpha", "(0, 0.5)"},
        {{"reps", "100", "alpha", "0"}, 4, "alpha", "(0, 0.5)"},
        {{"reps", "100", "alpha", "0.7"}, 4, "alpha", ""},
        {{"reps", "100001"}, 2, "reps", ""},
        {{"reps", "1"}, 2, "reps", "at least 2"},
        {{"reps", "20", "alpha", "0.05"}, 4, "reps", "too few"},
        {{"seed", "3"}, 2, "seed", "only applies with the bootstrap"},
        {{"alpha", "0.1"}, 2, "alpha", "only applies with the bootstrap"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof *bad; c++) {
        int rc = parse(bad[c].kv, bad[c].n, &o);
        if (rc != NQPF_EUSAGE)
            fail_msg("case %zu: expected a usage error, got %d", c, rc);
        assert_string_equal(nqpf_error_key(), bad[c].key);
        if (!strstr(nqpf_error_message(), bad[c].needle))
            fail_msg("case %zu: '%s' lacks '%s'", c, nqpf_error_message(), bad[c].needle);
    }
    /* a library caller's struct is checked by nqpf_dea_run() too */
    nqpf_panel *p = make_panel(10, 1, 1, 5);
    static const char *const xin[] = {"x1"}, *const yout[] = {"y"};
    assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
    o.inputs = xin;
    o.ninputs = 1;
    o.outputs = yout;
    o.noutputs = 1;
    o.reps = 50;
    o.model = NQPF_DEA_SBM;
    nqpf_table *t = NULL;
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EUSAGE, "model radial only");
    assert_string_equal(nqpf_error_key(), "reps");
    assert_null(t);
    nqpf_panel_free(p);
}

/* ---- reproducible, whatever the threads ---- */

static void test_threads_identical(void **state)
{
    (void)state;
    nqpf_panel *p = make_panel(70, 2, 2, 11);
    for (int cfg = 0; cfg < 2; cfg++) {
        nqpf_dea_rts rts = cfg ? NQPF_DEA_VRS : NQPF_DEA_CRS;
        nqpf_dea_orientation orient = cfg ? NQPF_DEA_OUT : NQPF_DEA_IN;
        nqpf_table *a = run_boot(p, 2, rts, orient, 60, 42, 0.1, 1);
        nqpf_table *b = run_boot(p, 2, rts, orient, 60, 42, 0.1, 1);
        nqpf_table *c = run_boot(p, 2, rts, orient, 60, 42, 0.1, 2);
        nqpf_table *d = run_boot(p, 2, rts, orient, 60, 42, 0.1, 3);
        nqpf_table *e = run_boot(p, 2, rts, orient, 60, 43, 0.1, 2);
        tu_assert_same_table(a, b, "same seed, 1 thread, twice", 1);
        tu_assert_same_table(a, c, "1 and 2 threads", 1);
        tu_assert_same_table(a, d, "1 and 3 threads", 1);
        /* byte for byte as written */
        char pa[512], pc[512];
        snprintf(pa, sizeof pa, "%s/boot_a%d.csv", tu_tmpdir(), cfg);
        snprintf(pc, sizeof pc, "%s/boot_c%d.csv", tu_tmpdir(), cfg);
        assert_int_equal(nqpf_write_table(pa, a, NULL), NQPF_OK);
        assert_int_equal(nqpf_write_table(pc, c, NULL), NQPF_OK);
        assert_int_equal(tu_system("cmp -s '%s' '%s'", pa, pc), 0);
        /* the columns exist, are filled, and another seed moves them */
        const double *bc = col(a, "te_bc"), *bc2 = col(e, "te_bc"), *te = col(a, "te");
        const double *lo = col(a, "ci_lo"), *hi = col(a, "ci_hi"), *var = col(a, "var"), *bias = col(a, "bias");
        size_t n = nqpf_table_nrows(a), differ = 0;
        for (size_t i = 0; i < n; i++) {
            assert_true(isfinite(bc[i]) && isfinite(lo[i]) && isfinite(hi[i]) && var[i] >= 0);
            assert_true(lo[i] <= hi[i]);
            tu_assert_close(bias[i], te[i] - bc[i], 1e-12, 1e-15, "bias = te - te_bc");
            differ += bc[i] != bc2[i];
        }
        assert_true(differ > n / 2);
        nqpf_table_free(a);
        nqpf_table_free(b);
        nqpf_table_free(c);
        nqpf_table_free(d);
        nqpf_table_free(e);
    }
    nqpf_panel_free(p);
}

/* ---- the independent implementation ---- */

static uint64_t ref_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The k-th 64-bit number of replication b (docs/dea.md). */
static uint64_t ref_rand(uint64_t seed, uint64_t b, uint64_t k)
{
    uint64_t key = ref_mix(ref_mix(seed) ^ (b * 0xD1B54A32D192ED03ull));
    return ref_mix(key + (k + 1) * 0x9E3779B97F4A7C15ull);
}

/* Radial measure of (x0, y0) against the n DMUs (X, Y) by a fresh GLPK problem: input orientation
 * min theta s.t. sum l x <= theta x0, sum l y >= y0; output max phi s.t. sum l x <= x0,
 * sum l y >= phi y0; VRS adds sum l = 1. */
static double glpk_radial(size_t n, size_t m, const double *X, const double *Y, const double *x0, double y0, int vrs,
                          int out)
{
    glp_prob *P = glp_create_prob();
    int nr = (int)m + 1 + (vrs ? 1 : 0), nc = (int)n + 1;
    glp_add_rows(P, nr);
    glp_add_cols(P, nc);
    glp_set_obj_dir(P, out ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 1, 1.0);
    glp_set_col_bnds(P, 1, GLP_FR, 0, 0);
    for (int j = 2; j <= nc; j++)
        glp_set_col_bnds(P, j, GLP_LO, 0, 0);
    int *ia = malloc(sizeof(int) * (size_t)(nr * nc + 1)), *ja = malloc(sizeof(int) * (size_t)(nr * nc + 1));
    double *ar = malloc(sizeof(double) * (size_t)(nr * nc + 1));
    int q = 0;
    for (size_t i = 0; i < m; i++) {
        int row = (int)i + 1;
        glp_set_row_bnds(P, row, GLP_UP, 0, out ? x0[i] : 0);
        if (!out) {
            ++q, ia[q] = row, ja[q] = 1, ar[q] = -x0[i];
        }
        for (size_t j = 0; j < n; j++)
            ++q, ia[q] = row, ja[q] = (int)j + 2, ar[q] = X[j * m + i];
    }
    int yrow = (int)m + 1;
    glp_set_row_bnds(P, yrow, GLP_LO, out ? 0 : y0, 0);
    if (out)
        ++q, ia[q] = yrow, ja[q] = 1, ar[q] = -y0;
    for (size_t j = 0; j < n; j++)
        ++q, ia[q] = yrow, ja[q] = (int)j + 2, ar[q] = Y[j];
    if (vrs) {
        glp_set_row_bnds(P, nr, GLP_FX, 1, 1);
        for (size_t j = 0; j < n; j++)
            ++q, ia[q] = nr, ja[q] = (int)j + 2, ar[q] = 1;
    }
    glp_load_matrix(P, q, ia, ja, ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    double v = NAN;
    if (glp_simplex(P, &parm) == 0 && glp_get_status(P) == GLP_OPT)
        v = glp_get_obj_val(P);
    glp_delete_prob(P);
    free(ia);
    free(ja);
    free(ar);
    return v;
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* R's quantile type 7 of sorted v */
static double q7(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    return lo + 1 >= n ? v[n - 1] : v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static void test_independent(void **state)
{
    (void)state;
    const size_t n = 14, m = 2, reps = 20;
    const double alpha = 0.1;
    const uint64_t seed = 2024;
    nqpf_panel *p = make_panel(n, 1, m, 99);
    const double *cx1, *cx2, *cy;
    assert_int_equal(nqpf_panel_column(p, "x1", &cx1), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "x2", &cx2), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "y", &cy), NQPF_OK);
    double X[14 * 2], Y[14];
    for (size_t j = 0; j < n; j++) {
        X[j * m] = cx1[j];
        X[j * m + 1] = cx2[j];
        Y[j] = cy[j];
    }
    for (int cfg = 0; cfg < 4; cfg++) {
        int vrs = cfg & 1, out = cfg >> 1;
        nqpf_table *t = run_boot(p, m, vrs ? NQPF_DEA_VRS : NQPF_DEA_CRS, out ? NQPF_DEA_OUT : NQPF_DEA_IN, reps, seed,
                                 alpha, 1);
        /* the DEA distances D = 1/theta (input) or phi (output) */
        double D[14];
        for (size_t k = 0; k < n; k++)
            D[k] = glpk_radial(n, m, X, Y, X + k * m, Y[k], vrs, out);
        for (size_t k = 0; k < n; k++) {
            if (!out)
                D[k] = 1 / D[k];
            assert_true(D[k] >= 1 - 1e-9);
        }
        /* bandwidth: Silverman's 0.9 min(sd, IQR/1.34) on the reflected inefficient D's, times
         * (2n')^(-1/5) 2^(1/5); variance of the whole reflected sample about 1 */
        double R[28], sig2 = 0;
        size_t nr = 0;
        for (size_t k = 0; k < n; k++) {
            sig2 += (D[k] - 1) * (D[k] - 1);
            if (D[k] > 1 + 1e-6) {
                R[nr++] = D[k];
                R[nr++] = 2 - D[k];
            }
        }
        sig2 /= (double)n;
        double mr = 0, sr = 0;
        for (size_t i = 0; i < nr; i++)
            mr += R[i] / (double)nr;
        for (size_t i = 0; i < nr; i++)
            sr += (R[i] - mr) * (R[i] - mr);
        sr = sqrt(sr / (double)(nr - 1));
        qsort(R, nr, sizeof *R, dcmp);
        double iqr = q7(R, nr, 0.75) - q7(R, nr, 0.25);
        double A = fmin(sr, iqr / 1.34);
        double h = 0.9 * A * pow((double)nr / 2.0, -0.2); /* = 0.9 A n^(-1/5), n inefficient DMUs */
        double shrink = 1 / sqrt(1 + h * h / sig2);
        /* replications */
        double Dstar[20][14];
        for (size_t b = 0; b < reps; b++) {
            double beta[14], bbar = 0, PX[14 * 2], PY[14];
            for (size_t i = 0; i < n; i++) {
                double u = (double)(ref_rand(seed, b, 2 * i) >> 11) / 9007199254740992.0;
                size_t j = (size_t)(u * 2.0 * (double)n);
                beta[i] = j < n ? D[j] : 2 - D[j - n];
                bbar += beta[i];
            }
            bbar /= (double)n;
            for (size_t i = 0; i < n; i++) {
                double eps = gsl_cdf_ugaussian_Pinv(((double)(ref_rand(seed, b, 2 * i + 1) >> 11) + 0.5) /
                                                    9007199254740992.0);
                double d = bbar + (beta[i] + h * eps - bbar) * shrink;
                d = d < 1 ? 2 - d : d;
                /* input: x on the frontier is x / D, moved out by d; output: y D / d */
                for (size_t v = 0; v < m; v++)
                    PX[i * m + v] = out ? X[i * m + v] : X[i * m + v] / D[i] * d;
                PY[i] = out ? Y[i] * D[i] / d : Y[i];
            }
            for (size_t k = 0; k < n; k++) {
                double v = glpk_radial(n, m, PX, PY, X + k * m, Y[k], vrs, out);
                Dstar[b][k] = out ? v : 1 / v;
            }
        }
        const double *te_bc = col(t, "te_bc"), *bias = col(t, "bias"), *var = col(t, "var");
        const double *lo = col(t, "ci_lo"), *hi = col(t, "ci_hi"), *te = col(t, "te");
        for (size_t k = 0; k < n; k++) {
            double s[20], mean = 0, tm = 0, tv = 0;
            for (size_t b = 0; b < reps; b++) {
                s[b] = Dstar[b][k];
                mean += s[b] / (double)reps;
                tm += 1 / s[b] / (double)reps;
            }
            for (size_t b = 0; b < reps; b++)
                tv += (1 / s[b] - tm) * (1 / s[b] - tm) / (double)(reps - 1);
            qsort(s, reps, sizeof *s, dcmp);
            double dbc = 2 * D[k] - mean;
            char ctx[96];
            snprintf(ctx, sizeof ctx, "%s %s DMU %zu", vrs ? "vrs" : "crs", out ? "out" : "in", k);
            tu_assert_close(te[k], 1 / D[k], 1e-9, 0, ctx);
            tu_assert_close(te_bc[k], 1 / dbc, 1e-8, 0, ctx);
            tu_assert_close(bias[k], 1 / D[k] - 1 / dbc, 1e-6, 1e-10, ctx);
            tu_assert_close(var[k], tv, 1e-6, 1e-12, ctx);
            /* SW 2000: [2D - q(1 - a/2), 2D - q(a/2)] for D, inverted for te */
            tu_assert_close(lo[k], 1 / (2 * D[k] - q7(s, reps, alpha / 2)), 1e-8, 0, ctx);
            tu_assert_close(hi[k], 1 / (2 * D[k] - q7(s, reps, 1 - alpha / 2)), 1e-8, 0, ctx);
        }
        nqpf_table_free(t);
    }
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
