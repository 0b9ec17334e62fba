/* The internal DEA distance API (src/dea/frontier.h): radial and directional distances against
 * DataEnvelopmentAnalysis.jl's unit-test literals (../shared/reference/jl_fls11_*), and the
 * workspace's reuse across reference technologies. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "dea/frontier.h"
#include "dea/dea_internal.h"

/* The 11-DMU FLS data as a reference technology (row-major x: 2 inputs, y: 1 output). */
typedef struct fls {
    double x[11 * 2], y[11];
    size_t n;
} fls;

static void load_fls(const char *rel, fls *d)
{
    const char *path = tu_shared(rel);
    if (!path)
        skip();
    nqpf_table *t = tu_read(path);
    const double *x1 = nqpf_table_cnum(t, nqpf_table_find(t, "x1"));
    const double *x2 = nqpf_table_cnum(t, nqpf_table_find(t, "x2"));
    const double *y1 = nqpf_table_cnum(t, nqpf_table_find(t, "y1"));
    assert_non_null(x1);
    assert_non_null(x2);
    assert_non_null(y1);
    d->n = nqpf_table_nrows(t);
    assert_int_equal(d->n, 11);
    for (size_t j = 0; j < d->n; j++) {
        d->x[2 * j] = x1[j];
        d->x[2 * j + 1] = x2[j];
        d->y[j] = y1[j];
    }
    nqpf_table_free(t);
}

/* Calls fn(model_id, quantity, dmu, j, value, ud) for every row of an expected.csv. */
typedef void (*row_fn)(const char *model, const char *qty, int dmu, int j, double value, void *ud);

static size_t each_expected(const char *rel, row_fn fn, void *ud)
{
    const char *path = tu_shared(rel);
    if (!path)
        skip();
    nqpf_table *t = tu_read(path);
    size_t cm = nqpf_table_find(t, "model_id"), cq = nqpf_table_find(t, "quantity");
    const double *dmu = nqpf_table_cnum(t, nqpf_table_find(t, "dmu"));
    const double *jj = nqpf_table_cnum(t, nqpf_table_find(t, "j"));
    const double *val = nqpf_table_cnum(t, nqpf_table_find(t, "value"));
    assert_non_null(dmu);
    assert_non_null(val);
    size_t n = nqpf_table_nrows(t);
    for (size_t i = 0; i < n; i++)
        fn(nqpf_table_text(t, cm, i), nqpf_table_text(t, cq, i), (int)dmu[i], (int)jj[i], val[i], ud);
    nqpf_table_free(t);
    return n;
}

typedef struct radial_ctx {
    fls d;
    nqpf_dea_ws *ws;
    size_t checked;
} radial_ctx;

static void radial_row(const char *model, const char *qty, int dmu, int j, double value, void *ud)
{
    radial_ctx *c = ud;
    if (strcmp(qty, "efficiency") != 0 && strcmp(qty, "lambda") != 0)
        return;
    if (strstr(model, "fdh")) /* free disposal hull: enumeration, tested in test_dea_fdh.c */
        return;
    nqpf_dea_rts rts = strstr(model, "_vrs_") ? NQPF_DEA_VRS : NQPF_DEA_CRS;
    nqpf_dea_orientation o = strstr(model, "output") ? NQPF_DEA_OUT : NQPF_DEA_IN;
    nqpf_dea_ref ref = {c->d.n, 2, 1, 0, c->d.x, c->d.y, NULL};
    double v, lambda[11];
    nqpf_lp_status st;
    size_t k = (size_t)dmu - 1;
    assert_int_equal(nqpf_dea_radial(c->ws, &ref, c->d.x + 2 * k, c->d.y + k, rts, o, &v, &st, lambda), NQPF_OK);
    assert_int_equal(st, NQPF_LP_OPTIMAL);
    char ctx[128];
    snprintf(ctx, sizeof ctx, "%s %s dmu %d j %d", model, qty, dmu, j);
    if (strcmp(qty, "efficiency") == 0) {
        tu_assert_close(v, value, 1e-9, 0, ctx);
        c->checked++;
    } else if (j == 1) {
        /* lambda need not be unique (DMU 11 is dominated by DMU 1 with theta = 1 under VRS), so
         * check that ours is feasible and reaches the optimal value instead */
        const double *x0 = c->d.x + 2 * k, *y0 = c->d.y + k;
        double sx[2] = {0, 0}, sy = 0, sl = 0;
        for (size_t q = 0; q < c->d.n; q++) {
            assert_true(lambda[q] >= 0);
            sx[0] += lambda[q] * c->d.x[2 * q];
            sx[1] += lambda[q] * c->d.x[2 * q + 1];
            sy += lambda[q] * c->d.y[q];
            sl += lambda[q];
        }
        double tx = o == NQPF_DEA_IN ? v : 1, ty = o == NQPF_DEA_OUT ? v : 1;
        for (int i = 0; i < 2; i++)
            assert_true(sx[i] <= tx * x0[i] * (1 + 1e-9) + 1e-9);
        assert_true(sy >= ty * y0[0] * (1 - 1e-9) - 1e-9);
        if (rts == NQPF_DEA_VRS)
            tu_assert_close(sl, 1.0, 0, 1e-9, ctx);
        c->checked++;
    }
}

static void test_radial_fls11(void **state)
{
    (void)state;
    radial_ctx c = {0};
    load_fls("reference/jl_fls11_radial/data.csv", &c.d);
    assert_int_equal(nqpf_dea_ws_new(&c.ws), NQPF_OK);
    each_expected("reference/jl_fls11_radial/expected.csv", radial_row, &c);
    assert_true(c.checked >= 44);
    nqpf_dea_ws_free(c.ws);
}

typedef struct ddf_ctx {
    fls d;
    nqpf_dea_ws *ws;
    size_t checked;
} ddf_ctx;

static void ddf_row(const char *model, const char *qty, int dmu, int j, double value, void *ud)
{
    (void)j;
    ddf_ctx *c = ud;
    if (strcmp(qty, "efficiency") != 0 || strstr(model, "fdh"))
        return;
    nqpf_dea_rts rts = strstr(model, "_vrs_") ? NQPF_DEA_VRS : NQPF_DEA_CRS;
    size_t k = (size_t)dmu - 1;
    double gx[2], gy[1];
    const double *x0 = c->d.x + 2 * k, *y0 = c->d.y + k;
    if (strstr(model, "gobs")) {
        gx[0] = x0[0], gx[1] = x0[1], gy[0] = y0[0];
    } else if (strstr(model, "gones")) {
        gx[0] = gx[1] = gy[0] = 1;
    } else if (strstr(model, "gx_obs_gy_zero")) {
        gx[0] = x0[0], gx[1] = x0[1], gy[0] = 0;
    } else if (strstr(model, "gx_zero_gy_obs")) {
        gx[0] = gx[1] = 0, gy[0] = y0[0];
    } else if (strstr(model, "gmean")) {
        gx[0] = gx[1] = gy[0] = 0;
        for (size_t q = 0; q < c->d.n; q++) {
            gx[0] += c->d.x[2 * q] / (double)c->d.n;
            gx[1] += c->d.x[2 * q + 1] / (double)c->d.n;
            gy[0] += c->d.y[q] / (double)c->d.n;
        }
    } else {
        fail_msg("unknown model %s", model);
    }
    nqpf_dea_ref ref = {c->d.n, 2, 1, 0, c->d.x, c->d.y, NULL};
    double beta;
    nqpf_lp_status st;
    assert_int_equal(nqpf_dea_ddf(c->ws, &ref, x0, y0, NULL, gx, gy, NULL, rts, NQPF_DEA_BAD_WEAK, &beta, &st), NQPF_OK);
    assert_int_equal(st, NQPF_LP_OPTIMAL);
    char ctx[128];
    snprintf(ctx, sizeof ctx, "%s dmu %d", model, dmu);
    tu_assert_close(beta, value, 1e-9, 1e-12, ctx);
    c->checked++;
}

static void test_ddf_fls11(void **state)
{
    (void)state;
    ddf_ctx c = {0};
    load_fls("reference/jl_fls11_ddf/data.csv", &c.d);
    assert_int_equal(nqpf_dea_ws_new(&c.ws), NQPF_OK);
    each_expected("reference/jl_fls11_ddf/expected.csv", ddf_row, &c);
    assert_int_equal(c.checked, 110);
    nqpf_dea_ws_free(c.ws);
}

/* One workspace, two alternating reference technologies and a scaled copy: the distances do not
 * depend on the order of calls or on the units of the data. */
static void test_ws_reuse(void **state)
{
    (void)state;
    fls d;
    load_fls("reference/jl_fls11_radial/data.csv", &d);
    double x2[22], y2[11];
    for (size_t k = 0; k < 22; k++)
        x2[k] = d.x[k] * 1e6;
    for (size_t k = 0; k < 11; k++)
        y2[k] = d.y[k] * 1e-4;
    nqpf_dea_ref a = {11, 2, 1, 0, d.x, d.y, NULL}, b = {11, 2, 1, 0, x2, y2, NULL};
    nqpf_dea_ws *w1, *w2;
    assert_int_equal(nqpf_dea_ws_new(&w1), NQPF_OK);
    assert_int_equal(nqpf_dea_ws_new(&w2), NQPF_OK);
    for (int rep = 0; rep < 3; rep++)
        for (size_t k = 0; k < 11; k++)
            for (int rts = 0; rts < 4; rts++)
                for (int o = 0; o < 2; o++) {
                    double v1, v2;
                    nqpf_lp_status s1, s2;
                    assert_int_equal(nqpf_dea_radial(w1, &a, d.x + 2 * k, d.y + k, rts, o, &v1, &s1, NULL), 0);
                    assert_int_equal(nqpf_dea_radial(w1, &b, x2 + 2 * k, y2 + k, rts, o, &v2, &s2, NULL), 0);
                    assert_int_equal(s1, NQPF_LP_OPTIMAL);
                    assert_int_equal(s2, NQPF_LP_OPTIMAL);
                    tu_assert_close(v2, v1, 1e-9, 0, "scaled data");
                    double v3;
                    assert_int_equal(nqpf_dea_radial(w2, &a, d.x + 2 * k, d.y + k, rts, o, &v3, &s1, NULL), 0);
                    tu_assert_close(v3, v1, 1e-12, 0, "second workspace");
                }
    nqpf_dea_ws_free(w1);
    nqpf_dea_ws_free(w2);
}

/* Answers that are not optimal: a point outside the reference technology in the input
 * orientation under VRS can be infeasible; an output-oriented point with zero outputs is
 * unbounded; a zero direction is unbounded (beta can grow without limit). */
static void test_statuses(void **state)
{
    (void)state;
    double x[] = {2, 4, 3}, y[] = {1, 2, 3};
    nqpf_dea_ref ref = {3, 1, 1, 0, x, y, NULL};
    nqpf_dea_ws *ws;
    assert_int_equal(nqpf_dea_ws_new(&ws), NQPF_OK);
    double v, x0 = 1, y0 = 5, zero = 0;
    nqpf_lp_status st;
    /* y0 = 5 above every output: VRS input-oriented infeasible */
    assert_int_equal(nqpf_dea_radial(ws, &ref, &x0, &y0, NQPF_DEA_VRS, NQPF_DEA_IN, &v, &st, NULL), 0);
    assert_int_equal(st, NQPF_LP_INFEASIBLE);
    assert_true(isnan(v));
    /* CRS: feasible (theta = 5/1 / (3/3) ... scaled) */
    assert_int_equal(nqpf_dea_radial(ws, &ref, &x0, &y0, NQPF_DEA_CRS, NQPF_DEA_IN, &v, &st, NULL), 0);
    assert_int_equal(st, NQPF_LP_OPTIMAL);
    tu_assert_close(v, 5.0, 1e-12, 0, "theta outside technology");
    assert_int_equal(nqpf_dea_radial(ws, &ref, &x0, &zero, NQPF_DEA_CRS, NQPF_DEA_OUT, &v, &st, NULL), 0);
    assert_int_equal(st, NQPF_LP_UNBOUNDED);
    double g0 = 0;
    assert_int_equal(nqpf_dea_ddf(ws, &ref, &x[0], &y[0], NULL, &g0, &g0, NULL, NQPF_DEA_CRS, NQPF_DEA_BAD_WEAK, &v, &st), 0);
    assert_int_equal(st, NQPF_LP_UNBOUNDED);
    /* Output orientation, the point itself: phi = 1 for an efficient DMU */
    assert_int_equal(nqpf_dea_radial(ws, &ref, &x[2], &y[2], NQPF_DEA_CRS, NQPF_DEA_OUT, &v, &st, NULL), 0);
    tu_assert_close(v, 1.0, 1e-12, 0, "phi");
    /* Bad arguments are errors */
    double nan_ = NAN;
    tu_assert_error(nqpf_dea_radial(ws, &ref, &nan_, &y0, NQPF_DEA_CRS, NQPF_DEA_IN, &v, &st, NULL), NQPF_EUSAGE,
                    "missing");
    nqpf_dea_ws_free(ws);
}

/* Column generation (used above NQPF__DEA_CG_MIN_N DMUs) and the full LP give the same answers:
 * all 816 observations of the US-states panel as one reference set, every model and RTS. */
static void test_column_generation(void **state)
{
    (void)state;
    const char *path = tu_shared("data/us_states_produc.csv");
    if (!path)
        skip();
    nqpf_table *t = tu_read(path);
    size_t n = nqpf_table_nrows(t);
    static const char *const vars[] = {"pcap", "pc", "emp", "gsp"};
    double *x = malloc(n * 3 * sizeof *x), *y = malloc(n * sizeof *y), lf[1000], lc[1000];
    assert_true(n <= 1000);
    for (int v = 0; v < 4; v++) {
        const double *c = nqpf_table_cnum(t, nqpf_table_find(t, vars[v]));
        for (size_t j = 0; j < n; j++) {
            if (v < 3)
                x[j * 3 + v] = c[j];
            else
                y[j] = c[j];
        }
    }
    nqpf_table_free(t);
    nqpf_dea_ref ref = {n, 3, 1, 0, x, y, NULL};
    nqpf_dea_ws *full, *cg;
    assert_int_equal(nqpf_dea_ws_new(&full), NQPF_OK);
    assert_int_equal(nqpf_dea_ws_new(&cg), NQPF_OK);
    nqpf__dea_ws_set_cg(full, (size_t)-1);
    nqpf__dea_ws_set_cg(cg, 0);
    nqpf__dea_ws_set_prune(cg, 20);
    size_t checked = 0;
    for (size_t j = 0; j < n; j += 3) {
        int rts = (int)(j / 3 % 4);
        const double *x0 = x + 3 * j, *y0 = y + j;
        double a, b;
        nqpf_lp_status sa, sb;
        char ctx[64];
        for (int o = 0; o < 2; o++) {
            /* every third DMU, alternately with and without itself (super-efficiency) */
            size_t excl = (j / 3) % 2 ? j : NQPF__DEA_NOEXCL;
            assert_int_equal(nqpf__dea_radial_ex(full, &ref, x0, y0, rts, o, 0, 0, excl, j, &a, &sa, lf), NQPF_OK);
            assert_int_equal(nqpf__dea_radial_ex(cg, &ref, x0, y0, rts, o, 0, 0, excl, j, &b, &sb, lc), NQPF_OK);
            snprintf(ctx, sizeof ctx, "radial dmu %zu rts %d orient %d", j, rts, o);
            assert_int_equal(sa, sb);
            tu_assert_close(b, a, 1e-9, 0, ctx);
            if (sa == NQPF_LP_OPTIMAL) {
                /* second stage at the targets: the same maximal slack sum */
                double xt[3], yt[1], s1[4], s2[4];
                for (int i = 0; i < 3; i++)
                    xt[i] = o == 0 ? a * x0[i] : x0[i];
                yt[0] = o == 1 ? a * y0[0] : y0[0];
                assert_int_equal(nqpf__dea_slacks(full, &ref, xt, yt, NULL, rts, 0, 0, 0, excl, j, s1, s1 + 3, NULL, &sa, NULL), 0);
                assert_int_equal(nqpf__dea_slacks(cg, &ref, xt, yt, NULL, rts, 0, 0, 0, excl, j, s2, s2 + 3, NULL, &sb, NULL), 0);
                assert_int_equal(sa, sb);
                tu_assert_close(s2[0] + s2[1] + s2[2] + s2[3], s1[0] + s1[1] + s1[2] + s1[3], 1e-7, 1e-6, "slack sum");
            }
            checked++;
        }
        double g[4] = {x0[0], x0[1], x0[2], y0[0]};
        assert_int_equal(nqpf__dea_ddf_ex(full, &ref, x0, y0, NULL, g, g + 3, NULL, rts, NQPF_DEA_BAD_WEAK, NQPF__DEA_NOEXCL, j, &a, &sa, NULL), 0);
        assert_int_equal(nqpf__dea_ddf_ex(cg, &ref, x0, y0, NULL, g, g + 3, NULL, rts, NQPF_DEA_BAD_WEAK, NQPF__DEA_NOEXCL, j, &b, &sb, NULL), 0);
        assert_int_equal(sa, sb);
        tu_assert_close(b, a, 1e-9, 1e-12, "ddf");
        for (int o = 0; o < 3; o++) {
            int super = (j / 3) % 5 == 0;
            size_t excl = super ? j : NQPF__DEA_NOEXCL;
            assert_int_equal(nqpf__dea_sbm(full, &ref, x0, y0, NULL, rts, o, super, excl, j, &a, &sa, NULL, NULL, NULL, NULL), 0);
            assert_int_equal(nqpf__dea_sbm(cg, &ref, x0, y0, NULL, rts, o, super, excl, j, &b, &sb, NULL, NULL, NULL, NULL), 0);
            snprintf(ctx, sizeof ctx, "sbm dmu %zu rts %d orient %d super %d", j, rts, o, super);
            assert_int_equal(sa, sb);
            tu_assert_close(b, a, 1e-9, 0, ctx);
        }
    }
    long pricing;
    nqpf__dea_ws_stats(cg, &pricing, NULL);
    assert_true(pricing > 0);
    assert_true(checked >= 500);
    nqpf_dea_ws_free(full);
    nqpf_dea_ws_free(cg);
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_radial_fls11),
        cmocka_unit_test(test_ddf_fls11),
        cmocka_unit_test(test_ws_reuse),
        cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_column_generation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
