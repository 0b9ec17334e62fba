/* Convergence: the library fits by Householder QR (and sweeps unit effects out by demeaning); the
 * tests refit every model from the normal equations inverted by Gauss-Jordan elimination, with the
 * unit effects as explicit dummies, and rebuild the HC1 and cluster-robust sandwiches by hand. A
 * noise-free panel built from a known speed of convergence checks lambda and the half-life. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/region.h"

#define MAXP 40

static unsigned long long lcg_state;
static double urand(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

/* Inverts the p x p matrix a (row-major) in place by Gauss-Jordan with partial pivoting. */
static void gj_invert(double *a, size_t p)
{
    double inv[MAXP * MAXP];
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            inv[i * p + j] = i == j;
    for (size_t c = 0; c < p; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < p; r++)
            if (fabs(a[r * p + c]) > fabs(a[piv * p + c]))
                piv = r;
        for (size_t j = 0; j < p; j++) {
            double t = a[c * p + j];
            a[c * p + j] = a[piv * p + j];
            a[piv * p + j] = t;
            t = inv[c * p + j];
            inv[c * p + j] = inv[piv * p + j];
            inv[piv * p + j] = t;
        }
        double d = a[c * p + c];
        assert_true(fabs(d) > 1e-300);
        for (size_t j = 0; j < p; j++) {
            a[c * p + j] /= d;
            inv[c * p + j] /= d;
        }
        for (size_t r = 0; r < p; r++) {
            if (r == c)
                continue;
            double f = a[r * p + c];
            for (size_t j = 0; j < p; j++) {
                a[r * p + j] -= f * a[c * p + j];
                inv[r * p + j] -= f * inv[c * p + j];
            }
        }
    }
    memcpy(a, inv, p * p * sizeof *a);
}

/* OLS from the normal equations with a sandwich over clusters (cl NULL: one per observation). */
static void ne_fit(const double *X, const double *y, size_t n, size_t p, const size_t *cl, size_t G, double scale,
                   double *b, double *se)
{
    double A[MAXP * MAXP] = {0}, xy[MAXP] = {0}, M[MAXP * MAXP] = {0};
    for (size_t i = 0; i < n; i++)
        for (size_t a = 0; a < p; a++) {
            xy[a] += X[i * p + a] * y[i];
            for (size_t c = 0; c < p; c++)
                A[a * p + c] += X[i * p + a] * X[i * p + c];
        }
    gj_invert(A, p);
    for (size_t a = 0; a < p; a++) {
        b[a] = 0;
        for (size_t c = 0; c < p; c++)
            b[a] += A[a * p + c] * xy[c];
    }
    size_t ng = cl ? G : n;
    double *s = calloc(ng * p, sizeof *s);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        double e = y[i];
        for (size_t a = 0; a < p; a++)
            e -= X[i * p + a] * b[a];
        for (size_t a = 0; a < p; a++)
            s[(cl ? cl[i] : i) * p + a] += X[i * p + a] * e;
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t a = 0; a < p; a++)
            for (size_t c = 0; c < p; c++)
                M[a * p + c] += s[g * p + a] * s[g * p + c];
    free(s);
    for (size_t j = 0; j < p; j++) {
        double v = 0;
        for (size_t a = 0; a < p; a++)
            for (size_t c = 0; c < p; c++)
                v += A[j * p + a] * M[a * p + c] * A[c * p + j];
        se[j] = sqrt(scale * v);
    }
}

static double cell(const nqpf_table *t, const char *model, const char *term, const char *col)
{
    size_t jm = nqpf_table_find(t, "model"), jt = nqpf_table_find(t, "term"), jc = nqpf_table_find(t, col);
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (strcmp(nqpf_table_text(t, jm, i), model) == 0 && strcmp(nqpf_table_text(t, jt, i), term) == 0)
            return nqpf_table_cnum(t, jc)[i];
    fail_msg("no row %s/%s", model, term);
    return NAN;
}

/* A random unbalanced panel: units u0..u(U-1), years 2000..2000+T-1, y > 0, control z; a few
 * observations dropped so that the panel has gaps. */
static char *make_panel(size_t U, size_t T, unsigned long long seed)
{
    size_t cap = U * T * 80 + 64, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    lcg_state = seed;
    len += (size_t)snprintf(s + len, cap - len, "id,year,y,z\n");
    for (size_t u = 0; u < U; u++) {
        double ly = 1 + 2 * urand();
        for (size_t t = 0; t < T; t++) {
            double z = urand();
            ly = ly + 0.05 - 0.1 * (ly - 2) + 0.02 * z + 0.03 * (urand() - 0.5) + 0.01 * (double)(t % 3);
            if ((u * 7 + t * 3) % 17 == 5)
                continue;
            len += (size_t)snprintf(s + len, cap - len, "u%zu,%zu,%.17g,%.17g\n", u, 2000 + t, exp(ly), z);
        }
    }
    return s;
}

static void test_cross_section(void **state)
{
    (void)state;
    char *csv = make_panel(15, 6, 42);
    nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
    free(csv);
    const double *y, *z;
    assert_int_equal(nqpf_panel_column(p, "y", &y), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "z", &z), NQPF_OK);
    /* Units with both 2000 and 2005 observed. */
    double X[60 * 3], g[60], X2[60 * 2];
    size_t n = 0;
    for (size_t u = 0; u < nqpf_panel_nunits(p); u++) {
        size_t i0 = nqpf_panel_find(p, u, 2000), i1 = nqpf_panel_find(p, u, 2005);
        if (i0 == NQPF_NONE || i1 == NQPF_NONE)
            continue;
        X[n * 3] = X2[n * 2] = 1;
        X[n * 3 + 1] = X2[n * 2 + 1] = log(y[i0]);
        X[n * 3 + 2] = z[i0];
        g[n] = log(y[i1] / y[i0]) / 5;
        n++;
    }
    assert_true(n >= 10 && n < 15);
    double b[3], se[3];
    nqpf_table *sig, *beta;
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    const char *ctl[] = {"z"};
    o.var = "y";
    o.controls = ctl;
    o.ncontrols = 1;
    assert_int_equal(nqpf_convergence(&sig, &beta, p, &o), NQPF_OK);
    ne_fit(X2, g, n, 2, NULL, 0, (double)n / (double)(n - 2), b, se);
    tu_assert_close(cell(beta, "absolute", "const", "estimate"), b[0], 1e-9, 1e-12, "abs const");
    tu_assert_close(cell(beta, "absolute", "log_initial", "estimate"), b[1], 1e-9, 1e-12, "abs beta");
    tu_assert_close(cell(beta, "absolute", "log_initial", "std_error"), se[1], 1e-9, 1e-12, "abs HC1 se");
    tu_assert_close(cell(beta, "absolute", "const", "std_error"), se[0], 1e-9, 1e-12, "abs HC1 se const");
    tu_assert_close(cell(beta, "absolute", "log_initial", "df"), (double)n - 2, 0, 0, "df");
    tu_assert_close(cell(beta, "absolute", "log_initial", "n_obs"), (double)n, 0, 0, "n");
    double lam = -log(1 + 5 * b[1]) / 5;
    tu_assert_close(cell(beta, "absolute", "log_initial", "lambda"), lam, 1e-9, 1e-12, "lambda");
    tu_assert_close(cell(beta, "absolute", "log_initial", "half_life"), log(2.0) / lam, 1e-9, 1e-12, "half-life");
    ne_fit(X, g, n, 3, NULL, 0, (double)n / (double)(n - 3), b, se);
    tu_assert_close(cell(beta, "conditional", "log_initial", "estimate"), b[1], 1e-9, 1e-12, "cond beta");
    tu_assert_close(cell(beta, "conditional", "z", "estimate"), b[2], 1e-9, 1e-12, "cond z");
    tu_assert_close(cell(beta, "conditional", "log_initial", "std_error"), se[1], 1e-9, 1e-12, "cond se");
    tu_assert_close(cell(beta, "conditional", "z", "std_error"), se[2], 1e-9, 1e-12, "cond se z");
    double t = cell(beta, "conditional", "z", "t"), pv = cell(beta, "conditional", "z", "p_value");
    tu_assert_close(t, b[2] / se[2], 1e-9, 1e-12, "t");
    assert_true(pv > 0 && pv < 1);
    nqpf_table_free(sig);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
}

static void test_p_value_table(void **state)
{
    (void)state;
    /* The p-value against a Student t tail integrated numerically from the density (Simpson's
     * rule), independent of GSL's incomplete beta function. */
    char *csv = make_panel(14, 3, 5);
    nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
    free(csv);
    nqpf_table *sig, *beta;
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    o.var = "y";
    assert_int_equal(nqpf_convergence(&sig, &beta, p, &o), NQPF_OK);
    double t = cell(beta, "absolute", "log_initial", "t"), df = cell(beta, "absolute", "log_initial", "df");
    double pv = cell(beta, "absolute", "log_initial", "p_value");
    double a = fabs(t), hi = a + 200, h = (hi - a) / 200000, s = 0;
    double c = exp(lgamma((df + 1) / 2) - lgamma(df / 2)) / sqrt(df * acos(-1.0));
    for (int k = 0; k <= 200000; k++) {
        double x = a + k * h, f = c * pow(1 + x * x / df, -(df + 1) / 2);
        s += f * (k == 0 || k == 200000 ? 1 : (k % 2 ? 4 : 2));
    }
    tu_assert_close(pv, 2 * s * h / 3, 1e-6, 1e-9, "p-value");
    nqpf_table_free(sig);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
}

static void test_panel_fe(void **state)
{
    (void)state;
    enum { U = 8, T = 7 };
    char *csv = make_panel(U, T, 99);
    nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
    free(csv);
    const double *y, *z;
    assert_int_equal(nqpf_panel_column(p, "y", &y), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "z", &z), NQPF_OK);
    /* LSDV: [ln y_{t-1}, z_{t-1}, unit dummies (all U), year dummies (2002..2006; 2001 the base)]. */
    size_t P = 2 + U + (T - 2), n = 0;
    static double X[U * T * (2 + U + T)], g[U * T];
    size_t cl[U * T], years_seen[T] = {0};
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        size_t j = nqpf_panel_prev(p, i);
        if (j == NQPF_NONE)
            continue;
        long yr = nqpf_panel_time(p, i);
        years_seen[yr - 2000] = 1;
        double *row = X + n * P;
        memset(row, 0, P * sizeof *row);
        row[0] = log(y[j]);
        row[1] = z[j];
        row[2 + nqpf_panel_unit(p, i)] = 1;
        if (yr > 2001)
            row[2 + U + (size_t)(yr - 2002)] = 1;
        g[n] = log(y[i] / y[j]);
        cl[n] = nqpf_panel_unit(p, i);
        n++;
    }
    assert_true(years_seen[1]); /* 2001 is present, so it is the base year in both fits */
    nqpf_table *sig, *beta;
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    const char *ctl[] = {"z"};
    o.var = "y";
    o.controls = ctl;
    o.ncontrols = 1;
    o.panel = 1;
    assert_int_equal(nqpf_convergence(&sig, &beta, p, &o), NQPF_OK);
    /* xtreg, fe counts K = slopes (2 + 5 year dummies) + constant, not the unit dummies. */
    double N = (double)n, K = 2 + (T - 2) + 1, G = U;
    double b[MAXP], se[MAXP];
    ne_fit(X, g, n, P, cl, U, G / (G - 1) * (N - 1) / (N - K), b, se);
    tu_assert_close(cell(beta, "conditional", "log_lag", "estimate"), b[0], 1e-8, 1e-12, "FE beta");
    tu_assert_close(cell(beta, "conditional", "z", "estimate"), b[1], 1e-8, 1e-12, "FE z");
    tu_assert_close(cell(beta, "conditional", "log_lag", "std_error"), se[0], 1e-8, 1e-12, "cluster se");
    tu_assert_close(cell(beta, "conditional", "z", "std_error"), se[1], 1e-8, 1e-12, "cluster se z");
    tu_assert_close(cell(beta, "conditional", "log_lag", "df"), G - 1, 0, 0, "cluster df");
    tu_assert_close(cell(beta, "conditional", "log_lag", "n_obs"), N, 0, 0, "n_obs");
    tu_assert_close(cell(beta, "conditional", "log_lag", "lambda"), -log(1 + b[0]), 1e-8, 1e-12, "panel lambda");
    /* Absolute: drop the z column. */
    static double X2[U * T * (1 + U + T)];
    for (size_t i = 0; i < n; i++) {
        X2[i * (P - 1)] = X[i * P];
        memcpy(X2 + i * (P - 1) + 1, X + i * P + 2, (P - 2) * sizeof(double));
    }
    K = 1 + (T - 2) + 1;
    ne_fit(X2, g, n, P - 1, cl, U, G / (G - 1) * (N - 1) / (N - K), b, se);
    tu_assert_close(cell(beta, "absolute", "log_lag", "estimate"), b[0], 1e-8, 1e-12, "FE beta abs");
    tu_assert_close(cell(beta, "absolute", "log_lag", "std_error"), se[0], 1e-8, 1e-12, "cluster se abs");
    nqpf_table_free(sig);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
}

/* Noise-free Barro-style data: ln y_iT - ln y_i0 = T (a + b ln y_i0) with b from a chosen lambda,
 * so that the regression recovers lambda = 2% a year and the half-life ln 2 / 0.02 = 34.66 years. */
static void test_known_speed(void **state)
{
    (void)state;
    double lambda = 0.02, T = 20, bcoef = -(1 - exp(-lambda * T)) / T, a = 0.05;
    char csv[4096];
    size_t len = (size_t)snprintf(csv, sizeof csv, "id,year,y\n");
    for (int u = 0; u < 10; u++) {
        double l0 = 6 + 0.37 * u;
        len += (size_t)snprintf(csv + len, sizeof csv - len, "r%d,1990,%.17g\nr%d,2010,%.17g\n", u, exp(l0), u,
                                exp(l0 + T * (a + bcoef * l0)));
    }
    nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
    nqpf_table *sig, *beta;
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    o.var = "y";
    assert_int_equal(nqpf_convergence(&sig, &beta, p, &o), NQPF_OK);
    tu_assert_close(cell(beta, "absolute", "log_initial", "estimate"), bcoef, 1e-9, 1e-13, "beta");
    tu_assert_close(cell(beta, "absolute", "log_initial", "lambda"), 0.02, 1e-8, 1e-12, "lambda");
    tu_assert_close(cell(beta, "absolute", "log_initial", "half_life"), 34.657359027997266, 1e-8, 1e-10, "half-life");
    tu_assert_close(cell(beta, "absolute", "log_initial", "r2"), 1, 0, 1e-12, "r2");
    /* Sigma: logs in 1990 are 6 + 0.37u, u = 0..9: sd = 0.37 * sd(0..9) = 0.37 * sqrt(55/6). */
    const double *sd = nqpf_table_cnum(sig, nqpf_table_find(sig, "sd_log"));
    const double *ml = nqpf_table_cnum(sig, nqpf_table_find(sig, "mean_log"));
    tu_assert_close(sd[0], 0.37 * sqrt(55.0 / 6), 1e-12, 1e-14, "sigma 1990");
    tu_assert_close(ml[0], 6 + 0.37 * 4.5, 1e-12, 0, "mean log 1990");
    /* 2010 logs: l0 (1 + T b) + T a, so the sd shrinks by the factor exp(-lambda T). */
    tu_assert_close(sd[1], 0.37 * sqrt(55.0 / 6) * exp(-lambda * T), 1e-10, 1e-14, "sigma 2010");
    nqpf_table_free(sig);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
}

static void test_sigma_hand(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,year,y\na,1,1\nb,1,2\nc,1,4\na,2,1\n", "id", "year");
    nqpf_table *sig, *beta;
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    o.var = "y";
    /* Only one unit has both years: too few for a regression. */
    tu_assert_error(nqpf_convergence(&sig, &beta, p, &o), NQPF_EDATA, "needs more than 2 units");
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,y\na,1,1\nb,1,2\nc,1,4\nd,1,8\na,2,1\nb,2,3\nc,2,5\nd,2,6\n", "id", "year");
    assert_int_equal(nqpf_convergence(&sig, &beta, p, &o), NQPF_OK);
    /* Year 1 logs: 0, ln2, 2ln2, 3ln2: mean 1.5 ln2, sd (n-1) = ln2 sqrt(5/3). Levels 1,2,4,8:
     * mean 3.75, sd = sqrt((7.5625+3.0625+0.0625+18.0625)/3). */
    const double *sd = nqpf_table_cnum(sig, nqpf_table_find(sig, "sd_log"));
    const double *cvl = nqpf_table_cnum(sig, nqpf_table_find(sig, "cv_log"));
    const double *cv = nqpf_table_cnum(sig, nqpf_table_find(sig, "cv"));
    tu_assert_close(sd[0], log(2.0) * sqrt(5.0 / 3), 1e-13, 0, "sd_log");
    tu_assert_close(cvl[0], sqrt(5.0 / 3) / 1.5, 1e-13, 0, "cv_log");
    tu_assert_close(cv[0], sqrt(28.75 / 3) / 3.75, 1e-13, 0, "cv");
    nqpf_table_free(sig);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
}

static void test_errors(void **state)
{
    (void)state;
    nqpf_table *sig, *beta;
    nqpf_convergence_options o = NQPF_CONVERGENCE_OPTIONS_INIT;
    o.var = "y";
    nqpf_panel *p = tu_panel_from_text("id,year,y,k\na,1,1,1\nb,1,0,1\na,2,2,1\nb,2,3,1\n", "id", "year");
    tu_assert_error(nqpf_convergence(&sig, &beta, p, &o), NQPF_EDATA, "row 3, column 'y'");
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,y,k\na,1,1,1\nb,1,2,1\nc,1,3,1\nd,1,5,1\na,2,2,1\nb,2,3,1\nc,2,3,1\nd,2,6,1\n",
                           "id", "year");
    const char *ctl[] = {"k"};
    o.controls = ctl;
    o.ncontrols = 1;
    /* A constant control is collinear with the intercept. */
    tu_assert_error(nqpf_convergence(&sig, &beta, p, &o), NQPF_EDATA, "collinear");
    const char *dup[] = {"y"};
    o.controls = dup;
    tu_assert_error(nqpf_convergence(&sig, &beta, p, &o), NQPF_EUSAGE, "cannot also be a control");
    assert_string_equal(nqpf_error_key(), "controls");
    nqpf_panel_free(p);
}

/* An option set of method "convergence" from KEY=VALUE pairs as a command line types them. */
static nqpf_optset *conv_set(const char *const *kv)
{
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("convergence"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (size_t k = 0; kv[k]; k += 2)
        assert_int_equal(nqpf_optset_add(set, kv[k], kv[k + 1]), NQPF_OK);
    return set;
}

static void test_options_parse(void **state)
{
    (void)state;
    nqpf_convergence_options o;
    assert_int_equal(nqpf_convergence_options_init(&o, NQPF_CONVERGENCE_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(nqpf_convergence_options_init(&o, 7), NQPF_EUSAGE);
    nqpf_optset *set = conv_set((const char *const[]){"var", "y", NULL});
    assert_int_equal(nqpf_convergence_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.version, NQPF_CONVERGENCE_OPTIONS_VERSION);
    assert_string_equal(o.var, "y");
    assert_int_equal(o.ncontrols, 0);
    assert_int_equal(o.panel, 0);
    nqpf_optset_free(set);
    set = conv_set((const char *const[]){"var", "y", "controls", "a,b", "panel", "true", NULL});
    assert_int_equal(nqpf_convergence_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.ncontrols, 2);
    assert_string_equal(o.controls[1], "b");
    assert_int_equal(o.panel, 1);
    nqpf_optset_free(set);
    static const struct {
        const char *kv[5];
        const char *key, *text;
    } bad[] = {
        {{"controls", "a", NULL}, "var", "required"},
        {{"var", "y", "controls", "a,y", NULL}, "controls", "the variable 'y' cannot also be a control"},
        {{"var", "y", "controls", "a,a", NULL}, "controls", "control 'a' is listed twice"},
        {{"var", "y", "panel", "maybe", NULL}, "panel", "expected true or false, found 'maybe'"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        set = conv_set(bad[c].kv);
        tu_assert_error(nqpf_convergence_options_parse(&o, set), NQPF_EUSAGE, bad[c].text);
        assert_string_equal(nqpf_error_key(), bad[c].key);
        nqpf_optset_free(set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cross_section), cmocka_unit_test(test_p_value_table),
        cmocka_unit_test(test_panel_fe),      cmocka_unit_test(test_known_speed),
        cmocka_unit_test(test_sigma_hand),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_options_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
