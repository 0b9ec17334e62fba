/* Distribution dynamics: Markov chains against PySAL giddy's published US state income results
 * (../shared/reference/spatial), spatial Markov against a brute-force count, kernel density against
 * a direct sum and its integral. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dynamics.h"

#define NS 48
#define NY 81

/* ---- helpers ------------------------------------------------------------------------------- */

static double cellnum(const nqpf_table *t, const char *name, size_t r)
{
    size_t j = nqpf_table_find(t, name);
    char b[64];
    if (j == NQPF_NONE)
        fail_msg("no column '%s'", name);
    const char *s = nqpf_table_cell_str(t, j, r, b, sizeof b);
    return s[0] ? strtod(s, NULL) : NAN;
}

static const char *celltxt(const nqpf_table *t, const char *name, size_t r)
{
    static char b[256];
    return nqpf_table_cell_str(t, nqpf_table_find(t, name), r, b, sizeof b);
}

/* Incomes of the 48 states (rows) for 1929..2009 (columns) from giddy's usjoin.csv. */
static int load_usjoin(const char *dir, double *y)
{
    char rel[256];
    snprintf(rel, sizeof rel, "reference/spatial/%s/data.csv", dir);
    const char *path = tu_shared(rel);
    if (!path)
        return 0;
    nqpf_table *t = tu_read(path);
    assert_int_equal(nqpf_table_nrows(t), NS);
    for (size_t c = 0; c < NY; c++) {
        char name[16];
        snprintf(name, sizeof name, "%zu", 1929 + c);
        for (size_t s = 0; s < NS; s++)
            y[s * NY + c] = cellnum(t, name, s);
    }
    nqpf_table_free(t);
    return 1;
}

static nqpf_table *load_expected(const char *dir)
{
    char rel[256];
    snprintf(rel, sizeof rel, "reference/spatial/%s/expected.csv", dir);
    return tu_read(tu_shared(rel));
}

static double tol_abs(const char *s)
{
    if (strncmp(s, "abs:", 4) != 0)
        fail_msg("unexpected tolerance '%s'", s);
    return strtod(s + 4, NULL);
}

/* Compares chain @p m with the rows of @p exp whose variant is @p variant; returns how many
 * values were checked. mfpt is skipped when @p skip_mfpt. */
static size_t compare_chain(const nqpf_markov *m, const nqpf_table *exp, const char *variant, int skip_mfpt,
                            double *maxerr)
{
    size_t checked = 0, k = m->k;
    for (size_t r = 0; r < nqpf_table_nrows(exp); r++) {
        if (strcmp(celltxt(exp, "variant", r), variant) != 0)
            continue;
        char q[64];
        snprintf(q, sizeof q, "%s", celltxt(exp, "quantity", r));
        double want = cellnum(exp, "value", r), tol = tol_abs(celltxt(exp, "tol", r));
        size_t i = (size_t)cellnum(exp, "i", r) - 1;
        double jv = cellnum(exp, "j", r);
        size_t j = isnan(jv) ? 0 : (size_t)jv - 1;
        double got;
        if (strcmp(q, "transitions") == 0)
            got = m->counts[i * k + j];
        else if (strcmp(q, "p") == 0)
            got = m->p[i * k + j];
        else if (strcmp(q, "steady_state") == 0)
            /* one row per closed class when j is given (reducible chain) */
            got = isnan(jv) ? (m->nrecurrent == 1 ? m->steady[i] : NAN) : (i < m->nrecurrent ? m->steady[i * k + j] : NAN);
        else if (strcmp(q, "mfpt") == 0) {
            if (skip_mfpt)
                continue;
            got = m->mfpt[i * k + j];
        } else if (strcmp(q, "sojourn_time") == 0)
            got = m->sojourn[i];
        else if (strcmp(q, "prais") == 0)
            got = m->prais[i];
        else
            continue;
        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s %s[%zu,%zu]", variant, q, i + 1, j + 1);
        tu_assert_close(got, want, 0, tol, ctx);
        if (isfinite(want) && fabs(got - want) > *maxerr)
            *maxerr = fabs(got - want);
        checked++;
    }
    return checked;
}

/* ---- Markov against giddy ---------------------------------------------------------------------- */

static void test_markov_yearly_quintiles(void **state)
{
    (void)state;
    static double y[NS * NY], col[NS];
    static int cls[NS * NY], c1[NS];
    if (!load_usjoin("markov_usjoin_yearly_quintiles_giddy", y))
        skip();
    for (size_t t = 0; t < NY; t++) {
        double cuts[4];
        for (size_t s = 0; s < NS; s++)
            col[s] = y[s * NY + t];
        assert_int_equal(nqpf_quantile_cuts(cuts, col, NS, 5), NQPF_OK);
        nqpf_classify_cuts(c1, col, NS, cuts, 4);
        for (size_t s = 0; s < NS; s++)
            cls[s * NY + t] = c1[s];
    }
    nqpf_table *exp = load_expected("markov_usjoin_yearly_quintiles_giddy");
    nqpf_markov *m = NULL;
    double maxerr = 0;
    assert_int_equal(nqpf_markov_estimate(&m, cls, NS, NY, 5), NQPF_OK);
    assert_int_equal(m->nrecurrent, 1);
    assert_int_equal(compare_chain(m, exp, "all_years", 0, &maxerr), 25 + 25 + 5 + 25 + 5 + 5);
    nqpf_markov_free(m);
    /* 1929 -> 1930 only: two closed classes {1} and {4}; first passage times are inf where the
     * target is not reached with certainty. */
    static int c2[NS * 2];
    for (size_t s = 0; s < NS; s++)
        c2[s * 2] = cls[s * NY], c2[s * 2 + 1] = cls[s * NY + 1];
    assert_int_equal(nqpf_markov_estimate(&m, c2, NS, 2, 5), NQPF_OK);
    assert_int_equal(m->nrecurrent, 2);
    assert_int_equal(compare_chain(m, exp, "years_1929_1930", 0, &maxerr), 25 + 25 + 10 + 25 + 5);
    nqpf_markov_free(m);
    print_message("giddy yearly quintiles: 180 values, max abs error %.3g\n", maxerr);
    nqpf_table_free(exp);
}

/* Relative incomes r = y / mean_t(y), pooled quintiles: through the arrays and through a panel. */
static void test_markov_pooled_relative(void **state)
{
    (void)state;
    static double y[NS * NY], r[NS * NY];
    static int cls[NS * NY];
    if (!load_usjoin("markov_usjoin_pooled_relative_quintiles_giddy", y))
        skip();
    for (size_t t = 0; t < NY; t++) {
        double s = 0;
        for (size_t u = 0; u < NS; u++)
            s += y[u * NY + t];
        for (size_t u = 0; u < NS; u++)
            r[u * NY + t] = y[u * NY + t] / (s / NS);
    }
    double cuts[4];
    assert_int_equal(nqpf_quantile_cuts(cuts, r, NS * NY, 5), NQPF_OK);
    nqpf_classify_cuts(cls, r, NS * NY, cuts, 4);
    nqpf_table *exp = load_expected("markov_usjoin_pooled_relative_quintiles_giddy");
    nqpf_markov *m = NULL;
    double maxerr = 0;
    assert_int_equal(nqpf_markov_estimate(&m, cls, NS, NY, 5), NQPF_OK);
    assert_int_equal(compare_chain(m, exp, "pooled_relative", 0, &maxerr), 25 + 5);
    size_t ncut = 0;
    for (size_t q = 0; q < nqpf_table_nrows(exp); q++)
        if (strcmp(celltxt(exp, "quantity", q), "cutoffs") == 0) {
            size_t i = (size_t)cellnum(exp, "i", q) - 1;
            tu_assert_close(cuts[i], cellnum(exp, "value", q), 0, tol_abs(celltxt(exp, "tol", q)), "cutoff");
            ncut++;
        }
    assert_int_equal(ncut, 4);

    /* The same chain through the panel API (long table, --relative, pooled quantiles). */
    size_t cap = 64 + (size_t)NS * NY * 40;
    char *csv = malloc(cap), *e = csv;
    e += sprintf(e, "state,year,pci\n");
    for (size_t u = 0; u < NS; u++)
        for (size_t t = 0; t < NY; t++)
            e += sprintf(e, "s%zu,%zu,%.17g\n", u, 1929 + t, y[u * NY + t]);
    nqpf_panel *p = tu_panel_from_text(csv, "state", "year");
    free(csv);
    nqpf_dynamics_options o = NQPF_DYNAMICS_OPTIONS_INIT;
    o.relative = 1;
    o.scope = NQPF_CLASS_POOLED;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_dynamics_markov(&t, NULL, p, "pci", NULL, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(t), 5);
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = 0; j < 5; j++) {
            char name[16];
            snprintf(name, sizeof name, "count_%zu", j + 1);
            assert_true(cellnum(t, name, i) == m->counts[i * 5 + j]);
            snprintf(name, sizeof name, "mfpt_%zu", j + 1);
            tu_assert_close(cellnum(t, name, i), m->mfpt[i * 5 + j], 1e-12, 0, "mfpt via panel");
        }
        tu_assert_close(cellnum(t, "steady_state", i), m->steady[i], 1e-12, 0, "steady state via panel");
        if (i < 4)
            tu_assert_close(cellnum(t, "upper", i), cuts[i], 1e-15, 0, "upper cut");
    }
    print_message("giddy pooled relative quintiles: 34 values, max abs error %.3g\n", maxerr);
    /* Kemeny-Snell identity: m_ij = 1 + sum_{k != j} p_ik m_kj for i != j. */
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            if (i == j)
                continue;
            double s = 1;
            for (size_t k = 0; k < 5; k++)
                if (k != j)
                    s += m->p[i * 5 + k] * m->mfpt[k * 5 + j];
            tu_assert_close(m->mfpt[i * 5 + j], s, 1e-10, 0, "first-passage recursion");
        }
    nqpf_table_free(t);
    nqpf_panel_free(p);
    nqpf_markov_free(m);
    nqpf_table_free(exp);
}

/* ---- spatial Markov against a brute-force count ------------------------------------------------ */

static double q7(const double *sorted, size_t n, double p)
{
    double h = p * (double)(n - 1);
    size_t lo = (size_t)floor(h);
    return lo + 1 < n ? sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int klass(double v, const double *c)
{
    int k = 0;
    while (k < 4 && v > c[k])
        k++;
    return k;
}

static void test_spatial_markov_brute_force(void **state)
{
    (void)state;
    static double y[NS * NY], r[NS * NY], lag[NS * NY], sorted[NS * NY], W[NS * NS];
    const char *ep = tu_shared("data/cases/spatial_markov_usjoin_giddy/edges.csv");
    if (!ep)
        skip();
    char epath[4096];
    snprintf(epath, sizeof epath, "%s", ep); /* tu_shared's buffer is reused below */
    if (!load_usjoin("markov_usjoin_pooled_relative_quintiles_giddy", y))
        skip();
    nqpf_table *edges = tu_read(epath);
    memset(W, 0, sizeof W);
    for (size_t e = 0; e < nqpf_table_nrows(edges); e++)
        W[(size_t)cellnum(edges, "from", e) * NS + (size_t)cellnum(edges, "to", e)] = 1;
    for (size_t i = 0; i < NS; i++) {
        double s = 0;
        for (size_t j = 0; j < NS; j++)
            s += W[i * NS + j];
        for (size_t j = 0; j < NS; j++)
            W[i * NS + j] = s > 0 ? W[i * NS + j] / s : 0;
    }
    for (size_t t = 0; t < NY; t++) {
        double s = 0;
        for (size_t u = 0; u < NS; u++)
            s += y[u * NY + t];
        for (size_t u = 0; u < NS; u++)
            r[u * NY + t] = y[u * NY + t] / (s / NS);
    }
    for (size_t t = 0; t < NY; t++)
        for (size_t u = 0; u < NS; u++) {
            double l = 0;
            for (size_t v = 0; v < NS; v++)
                l += W[u * NS + v] * r[v * NY + t];
            lag[u * NY + t] = l;
        }
    double cy[4], cl[4];
    memcpy(sorted, r, sizeof sorted);
    qsort(sorted, NS * NY, sizeof *sorted, cmp_d);
    for (size_t k = 0; k < 4; k++)
        cy[k] = q7(sorted, NS * NY, (double)(k + 1) / 5);
    memcpy(sorted, lag, sizeof sorted);
    qsort(sorted, NS * NY, sizeof *sorted, cmp_d);
    for (size_t k = 0; k < 4; k++)
        cl[k] = q7(sorted, NS * NY, (double)(k + 1) / 5);
    static double cnt[5][5][5];
    memset(cnt, 0, sizeof cnt);
    for (size_t u = 0; u < NS; u++)
        for (size_t t = 0; t + 1 < NY; t++)
            cnt[klass(lag[u * NY + t], cl)][klass(r[u * NY + t], cy)][klass(r[u * NY + t + 1], cy)] += 1;

    /* The library, from a long panel whose ids are the row numbers used by edges.csv. */
    size_t cap = 64 + (size_t)NS * NY * 40;
    char *csv = malloc(cap), *e = csv;
    e += sprintf(e, "state,year,pci\n");
    for (size_t u = 0; u < NS; u++)
        for (size_t t = 0; t < NY; t++)
            e += sprintf(e, "%zu,%zu,%.17g\n", u, 1929 + t, y[u * NY + t]);
    nqpf_panel *p = tu_panel_from_text(csv, "state", "year");
    free(csv);
    nqpf_weights *w = NULL;
    assert_int_equal(nqpf_weights_read_for_panel(&w, epath, p, NULL), NQPF_OK);
    nqpf_dynamics_options o = NQPF_DYNAMICS_OPTIONS_INIT;
    o.relative = 1;
    o.scope = NQPF_CLASS_POOLED;
    nqpf_table *mk = NULL, *sm = NULL;
    assert_int_equal(nqpf_dynamics_markov(&mk, &sm, p, "pci", w, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(sm), 25);
    double total = 0;
    for (size_t row = 0; row < 25; row++) {
        size_t l = (size_t)cellnum(sm, "lag_class", row) - 1, i = (size_t)cellnum(sm, "class", row) - 1;
        double n = 0;
        for (size_t j = 0; j < 5; j++)
            n += cnt[l][i][j];
        for (size_t j = 0; j < 5; j++) {
            char name[16];
            snprintf(name, sizeof name, "count_%zu", j + 1);
            assert_true(cellnum(sm, name, row) == cnt[l][i][j]);
            snprintf(name, sizeof name, "p_%zu", j + 1);
            tu_assert_close(cellnum(sm, name, row), n > 0 ? cnt[l][i][j] / n : 0.0, 1e-15, 0, "conditional p");
        }
        total += n;
        assert_true(cellnum(sm, "n", row) == n);
    }
    /* Every transition has exactly one lag class: the conditional counts add up to the chain's. */
    assert_true(total == (double)NS * (NY - 1));
    nqpf_table_free(edges);
    nqpf_table_free(mk);
    nqpf_table_free(sm);
    nqpf_weights_free(w);
    nqpf_panel_free(p);
}

/* ---- kernel density ---------------------------------------------------------------------------- */

static void test_kde(void **state)
{
    (void)state;
    const double x[12] = {0.3, 1.1, 1.4, 2.0, 2.2, 2.9, 7.5, 8.0, 8.1, 8.6, 9.3, 12.0};
    /* Silverman by hand: sd (n - 1) and the type-7 IQR of the sorted sample. */
    double mean = 0, ss = 0;
    for (size_t i = 0; i < 12; i++)
        mean += x[i] / 12;
    for (size_t i = 0; i < 12; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double sd = sqrt(ss / 11);
    double q1 = x[2] + 0.75 * (x[3] - x[2]), q3 = x[8] + 0.25 * (x[9] - x[8]); /* h = 2.75, 8.25 */
    double a = fmin(sd, (q3 - q1) / 1.34), h = 0.9 * a * pow(12, -0.2);
    tu_assert_close(nqpf_kde_silverman(x, 12), h, 1e-14, 0, "Silverman bandwidth");
    assert_true(isnan(nqpf_kde_silverman(x, 1)));
    enum { NG = 2001 };
    static double grid[NG], f[NG];
    for (size_t g = 0; g < NG; g++)
        grid[g] = 0.3 - 10 * h + (11.7 + 20 * h) * (double)g / (NG - 1);
    nqpf_kde_eval(f, grid, NG, x, 12, h);
    double integral = 0, maxdiff = 0;
    for (size_t g = 0; g < NG; g++) {
        double s = 0;
        for (size_t i = 0; i < 12; i++)
            s += exp(-0.5 * pow((grid[g] - x[i]) / h, 2)) / sqrt(2 * M_PI);
        s /= 12 * h;
        if (fabs(s - f[g]) > maxdiff)
            maxdiff = fabs(s - f[g]);
        if (g)
            integral += 0.5 * (f[g] + f[g - 1]) * (grid[g] - grid[g - 1]);
    }
    assert_true(maxdiff < 1e-15);
    /* The grid reaches 10 bandwidths beyond the data: the trapezoid rule is near exact. */
    tu_assert_close(integral, 1.0, 0, 1e-6, "density integrates to 1");
    size_t pk[NG];
    size_t np = nqpf_kde_peaks(pk, f, NG);
    assert_int_equal(np, 2);
    assert_true(grid[pk[0]] > 0.3 && grid[pk[0]] < 2.9);
    assert_true(grid[pk[1]] > 7.5 && grid[pk[1]] < 9.3);
    /* Classes: duplicate cut points merge classes; missing is -1. */
    const double v[5] = {1, 2, 2, 3, NAN}, cuts[3] = {1, 2, 2};
    int c[5];
    nqpf_classify_cuts(c, v, 5, cuts, 3);
    assert_int_equal(c[0], 0);
    assert_int_equal(c[1], 1);
    assert_int_equal(c[3], 2);
    assert_int_equal(c[4], -1);
}

static void test_density_panel(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,year,v\na,1,1\nb,1,2\nc,1,4\nd,1,8\na,2,2\nb,2,2.5\nc,2,3\nd,2,\n", "id",
                                       "year");
    nqpf_dynamics_options o = NQPF_DYNAMICS_OPTIONS_INIT;
    o.grid = 4001;
    nqpf_table *shape = NULL, *dens = NULL;
    assert_int_equal(nqpf_dynamics_density(&shape, &dens, p, "v", &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(shape), 2);
    assert_int_equal(nqpf_table_nrows(dens), 2 * 4001);
    /* The common grid ends 3 bandwidths (of the widest year) beyond the extreme values, so the
     * integral misses exactly the kernel mass outside [lo, hi]. */
    double lo = cellnum(dens, "x", 0), hi = cellnum(dens, "x", 4000);
    const double yv[2][4] = {{1, 2, 4, 8}, {2, 2.5, 3, NAN}};
    for (size_t t = 0; t < 2; t++) {
        double h = cellnum(shape, "bandwidth", t), n = cellnum(shape, "n", t), out = 0;
        for (size_t i = 0; i < (size_t)n; i++)
            out += 0.5 * erfc((yv[t][i] - lo) / h / sqrt(2)) + 0.5 * erfc((hi - yv[t][i]) / h / sqrt(2));
        tu_assert_close(cellnum(shape, "integral", t), 1.0 - out / n, 0, 1e-6, "integral = 1 - mass off the grid");
        assert_true(cellnum(shape, "peaks", t) >= 1);
    }
    assert_true(cellnum(shape, "n", 1) == 3);
    const double two[3] = {2, 2.5, 3};
    tu_assert_close(cellnum(shape, "bandwidth", 1), nqpf_kde_silverman(two, 3), 1e-15, 0, "year 2 bandwidth");
    /* The grid is common: the same x in both years. */
    assert_true(cellnum(dens, "x", 17) == cellnum(dens, "x", 4001 + 17));
    nqpf_table_free(shape);
    nqpf_table_free(dens);
    nqpf_panel_free(p);
}

int main(void)
{
    nqpf_set_warning_handler(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markov_yearly_quintiles),
        cmocka_unit_test(test_markov_pooled_relative),
        cmocka_unit_test(test_spatial_markov_brute_force),
        cmocka_unit_test(test_kde),
        cmocka_unit_test(test_density_panel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
