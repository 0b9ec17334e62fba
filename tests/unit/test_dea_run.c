/* nqpf_dea_run(): R Benchmarking 0.33 on the US-states panel (../shared/reference/
 * benchmarking_us_states: CRS/VRS/NIRS/NDRS, both orientations, super-efficiency, slacks; 17
 * significant digits, 1e-8 tolerance per its README), frontier choices, threads, statuses, and the
 * messages for bad input. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"

static const char *const us_in[] = {"pcap", "pc", "emp"};
static const char *const us_out[] = {"gsp"};

static nqpf_panel *us_panel(void)
{
    const char *path = tu_shared("data/us_states_produc.csv");
    if (!path)
        return NULL;
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, tu_read(path), "state", "year") != NQPF_OK)
        fail_msg("%s", nqpf_error_message());
    return p;
}

static nqpf_dea_options us_options(void)
{
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = us_in;
    o.ninputs = 3;
    o.outputs = us_out;
    o.noutputs = 1;
    return o;
}

static nqpf_table *run_ok(const nqpf_panel *p, const nqpf_dea_options *o)
{
    nqpf_table *res = NULL;
    if (nqpf_dea_run(&res, p, o, NULL) != NQPF_OK)
        fail_msg("nqpf_dea_run: %s", nqpf_error_message());
    return res;
}

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("no column %s", name);
    return nqpf_table_cnum(t, j);
}

/* Row of the reference table for each of our rows, matched on (state, year). */
static size_t *match_rows(const nqpf_table *res, const nqpf_table *ref)
{
    size_t n = nqpf_table_nrows(res);
    assert_int_equal(n, nqpf_table_nrows(ref));
    size_t rs = nqpf_table_find(ref, "state");
    const double *ry = col(ref, "year"), *yy = col(res, "year");
    size_t *map = malloc(n * sizeof *map);
    for (size_t i = 0; i < n; i++) {
        map[i] = NQPF_NONE;
        for (size_t r = 0; r < n && map[i] == NQPF_NONE; r++)
            if (ry[r] == yy[i] && strcmp(nqpf_table_text(res, 0, i), nqpf_table_text(ref, rs, r)) == 0)
                map[i] = r;
        if (map[i] == NQPF_NONE)
            fail_msg("%s %g not in the reference", nqpf_table_text(res, 0, i), yy[i]);
    }
    return map;
}

static void test_benchmarking_us_states(void **state)
{
    (void)state;
    nqpf_panel *p = us_panel();
    const char *refpath = tu_shared("reference/benchmarking_us_states/dea_by_year.csv");
    if (!p || !refpath)
        skip();
    nqpf_table *ref = tu_read(refpath);
    static const struct {
        const char *refcol, *ourcol;
        nqpf_dea_rts rts;
        nqpf_dea_orientation o;
        int super;
    } runs[] = {
        {"eff_crs_in", "theta", NQPF_DEA_CRS, NQPF_DEA_IN, 0},   {"eff_vrs_in", "theta", NQPF_DEA_VRS, NQPF_DEA_IN, 0},
        {"eff_nirs_in", "theta", NQPF_DEA_NIRS, NQPF_DEA_IN, 0}, {"eff_ndrs_in", "theta", NQPF_DEA_NDRS, NQPF_DEA_IN, 0},
        {"eff_crs_out", "phi", NQPF_DEA_CRS, NQPF_DEA_OUT, 0},   {"eff_vrs_out", "phi", NQPF_DEA_VRS, NQPF_DEA_OUT, 0},
        {"super_crs_in", "te", NQPF_DEA_CRS, NQPF_DEA_IN, 1},
    };
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
        nqpf_dea_options o = us_options();
        o.rts = runs[k].rts;
        o.orientation = runs[k].o;
        o.super = runs[k].super;
        o.slacks = k == 0;
        nqpf_table *res = run_ok(p, &o);
        size_t *map = match_rows(res, ref);
        const double *a = col(res, runs[k].ourcol), *bref = col(ref, runs[k].refcol), *te = col(res, "te");
        for (size_t i = 0; i < nqpf_table_nrows(ref); i++) {
            char ctx[128];
            double b = bref[map[i]];
            snprintf(ctx, sizeof ctx, "%s %s %g", runs[k].refcol, nqpf_table_text(res, 0, i), col(res, "year")[i]);
            tu_assert_close(a[i], b, 1e-8, 0, ctx);
            /* te is in (0, 1] without --super; output orientation reports 1/phi */
            if (!runs[k].super)
                assert_true(te[i] > 0 && te[i] <= 1 + 1e-12);
            if (runs[k].o == NQPF_DEA_OUT)
                tu_assert_close(te[i], 1.0 / b, 1e-8, 0, ctx);
        }
        if (k == 0) {
            /* max-slack second stage: per element, or the sum where alternative optima differ */
            static const char *const sv[] = {"pcap", "pc", "emp", "gsp"};
            for (size_t i = 0; i < nqpf_table_nrows(ref); i++) {
                double s1 = 0, s2 = 0;
                int same = 1;
                for (int v = 0; v < 4; v++) {
                    char cn[32];
                    snprintf(cn, sizeof cn, "slack_%s", sv[v]);
                    double x = col(res, cn)[i], y = col(ref, cn)[map[i]];
                    assert_true(x >= 0);
                    s1 += x;
                    s2 += y;
                    same &= tu_close(x, y, 1e-8, 1e-6);
                }
                if (!same) {
                    char ctx[64];
                    snprintf(ctx, sizeof ctx, "slack sum row %zu", i + 2);
                    tu_assert_close(s1, s2, 1e-8, 1e-6, ctx);
                }
            }
        }
        free(map);
        nqpf_table_free(res);
    }
    nqpf_table_free(ref);
    nqpf_panel_free(p);
}

/* The frontier choices agree with each other where they must, and threads change nothing. */
static void test_frontiers_and_threads(void **state)
{
    (void)state;
    nqpf_panel *p = us_panel();
    if (!p)
        skip();
    nqpf_dea_options o = us_options();
    o.rts = NQPF_DEA_VRS;
    nqpf_table *per = run_ok(p, &o);
    o.frontier = NQPF_DEA_FRONTIER_WINDOW;
    o.window = 1;
    nqpf_table *w1 = run_ok(p, &o);
    o.frontier = NQPF_DEA_FRONTIER_SEQUENTIAL;
    nqpf_table *seq = run_ok(p, &o);
    o.frontier = NQPF_DEA_FRONTIER_POOLED;
    nqpf_table *pool = run_ok(p, &o);
    o.frontier = NQPF_DEA_FRONTIER_GLOBAL;
    nqpf_table *glob = run_ok(p, &o);
    o.frontier = NQPF_DEA_FRONTIER_WINDOW;
    o.window = 3;
    nqpf_table *w3 = run_ok(p, &o);
    o.frontier = NQPF_DEA_FRONTIER_PERIOD;
    o.threads = 4;
    o.peers = 1;
    nqpf_table *thr = run_ok(p, &o);
    const double *tp = col(per, "te"), *tw1 = col(w1, "te"), *ts = col(seq, "te"), *tpo = col(pool, "te"),
                 *tg = col(glob, "te"), *tw3 = col(w3, "te"), *tt = col(thr, "te"), *yr = col(per, "year");
    size_t n = nqpf_table_nrows(per), neff_pool = 0;
    for (size_t i = 0; i < n; i++) {
        tu_assert_close(tw1[i], tp[i], 0, 1e-12, "window:1 = period");
        tu_assert_close(tt[i], tp[i], 0, 1e-11, "threads");
        tu_assert_close(tg[i], tpo[i], 0, 1e-12, "global = pooled");
        if (yr[i] == 1970)
            tu_assert_close(ts[i], tp[i], 0, 1e-12, "sequential, first period");
        /* a larger reference set can only lower the score */
        assert_true(ts[i] <= tp[i] + 1e-9);
        assert_true(tw3[i] <= tp[i] + 1e-9);
        assert_true(tpo[i] <= ts[i] + 1e-9);
        assert_true(tpo[i] <= tw3[i] + 1e-9);
        neff_pool += tpo[i] >= 1 - 1e-9;
    }
    assert_true(neff_pool >= 1);
    /* peers across periods are written ID@TIME under pooled frontiers, plain IDs per period */
    size_t jp = nqpf_table_find(thr, "peers");
    assert_true(jp != NQPF_NONE);
    assert_null(strchr(nqpf_table_text(thr, jp, 0), '@'));
    nqpf_table_free(per);
    nqpf_table_free(w1);
    nqpf_table_free(seq);
    nqpf_table_free(pool);
    nqpf_table_free(glob);
    nqpf_table_free(w3);
    nqpf_table_free(thr);
    nqpf_panel_free(p);
}

/* Peers and lambdas reproduce the score: sum lambda x <= theta x0 and sum lambda y >= y0. */
static void test_peers(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,t,x,y\nA,1,2,1\nB,1,4,5\nC,1,8,8\nD,1,12,9\nE,1,6,3\n", "id", "t");
    static const char *const in[] = {"x"}, *const out[] = {"y"};
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = out;
    o.noutputs = 1;
    o.peers = 1;
    nqpf_table *res = run_ok(p, &o);
    size_t jp = nqpf_table_find(res, "peers"), jl = nqpf_table_find(res, "peer_lambdas");
    const double *te = col(res, "te"), *ls = col(res, "lambda_sum");
    /* CRS: B (y/x = 1.25) is the only efficient DMU and everybody's peer */
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(nqpf_table_text(res, jp, i), "B");
        double lam = atof(nqpf_table_text(res, jl, i));
        static const double y[] = {1, 5, 8, 9, 3}, x[] = {2, 4, 8, 12, 6};
        tu_assert_close(lam, y[i] / 5.0, 1e-9, 0, "lambda");
        tu_assert_close(ls[i], lam, 1e-9, 0, "lambda_sum");
        tu_assert_close(te[i], (y[i] / x[i]) / 1.25, 1e-12, 0, "te");
    }
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

typedef struct wlog {
    char text[8192];
    int n;
} wlog;

static void on_warn(const char *msg, void *ud)
{
    wlog *w = ud;
    size_t len = strlen(w->text);
    snprintf(w->text + len, sizeof w->text - len, "%s\n", msg);
    w->n++;
}

static void test_bad_input(void **state)
{
    (void)state;
    static const char *const in2[] = {"x1", "x2"}, *const out1[] = {"y"}, *const bad1[] = {"b"};
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in2;
    o.ninputs = 2;
    o.outputs = out1;
    o.noutputs = 1;
    nqpf_table *res = NULL;
    /* a missing value: error naming the row and column */
    nqpf_panel *p = tu_panel_from_text("id,t,x1,x2,y\nA,1,1,2,3\nB,1,,2,3\nC,1,2,2,4\n", "id", "t");
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "row 3, column 'x1'");
    nqpf_panel_free(p);
    /* a negative input */
    p = tu_panel_from_text("id,t,x1,x2,y\nA,1,1,2,3\nB,1,1,-2,3\nC,1,2,2,4\n", "id", "t");
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "row 3, column 'x2'");
    assert_non_null(strstr(nqpf_error_message(), ">= 0"));
    /* DDF takes negative data */
    o.model = NQPF_DEA_DDF;
    o.gx = o.gy = NQPF_DEA_DIR_ONES;
    res = run_ok(p, &o);
    nqpf_table_free(res);
    o.model = NQPF_DEA_RADIAL;
    o.gx = o.gy = NQPF_DEA_DIR_OBSERVED;
    nqpf_panel_free(p);
    /* all inputs zero: no input-oriented radial measure */
    p = tu_panel_from_text("id,t,x1,x2,y\nA,1,1,2,3\nB,1,0,0,3\nC,1,2,2,4\n", "id", "t");
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "row 3");
    /* SBM divides by inputs: zero is an error; zero outputs are fine for input-oriented SBM */
    o.model = NQPF_DEA_SBM;
    o.orientation = NQPF_DEA_NONE;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "SBM");
    nqpf_panel_free(p);
    o.model = NQPF_DEA_RADIAL;
    o.orientation = NQPF_DEA_IN;
    /* usage errors */
    p = tu_panel_from_text("id,t,x1,x2,y,b\nA,1,1,2,3,1\nB,1,2,1,3,1\nC,1,2,2,4,2\n", "id", "t");
    o.bads = bad1;
    o.nbads = 1;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "undesirable");
    o.nbads = 0;
    o.orientation = NQPF_DEA_NONE;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "orientation");
    o.orientation = NQPF_DEA_IN;
    o.frontier = NQPF_DEA_FRONTIER_WINDOW;
    o.window = 2;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "odd");
    o.frontier = NQPF_DEA_FRONTIER_PERIOD;
    o.model = NQPF_DEA_DDF;
    o.gx = o.gy = NQPF_DEA_DIR_ZERO;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "zero");
    o.model = NQPF_DEA_RADIAL;
    static const char *const dup[] = {"x1", "y"};
    o.inputs = dup;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "'y'");
    o.inputs = in2;
    static const char *const nocol[] = {"nope"};
    o.outputs = nocol;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "nope");
    o.outputs = out1;
    nqpf_panel_free(p);
}

static void test_warnings(void **state)
{
    (void)state;
    static const char *const in2[] = {"x1", "x2"}, *const out1[] = {"y"};
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in2;
    o.ninputs = 2;
    o.outputs = out1;
    o.noutputs = 1;
    wlog w = {{0}, 0};
    nqpf_set_warning_handler(on_warn, &w);
    /* period 1: 2 DMUs for 3 variables; period 2: one DMU; period 3: A and C duplicated */
    nqpf_panel *p = tu_panel_from_text("id,t,x1,x2,y\nA,1,1,2,3\nB,1,2,1,3\nA,2,1,1,1\n"
                                       "A,3,1,2,3\nB,3,2,1,3\nC,3,1,2,3\nD,3,3,3,3\n",
                                       "id", "t");
    o.super = 1;
    nqpf_table *res = run_ok(p, &o);
    nqpf_set_warning_handler(NULL, NULL);
    assert_non_null(strstr(w.text, "period 1: 2 DMUs in the reference set for 3 inputs and outputs"));
    assert_non_null(strstr(w.text, "period 2 has a single DMU ('A')"));
    assert_non_null(strstr(w.text, "duplicated DMU in period 3"));
    assert_non_null(strstr(w.text, "'A'"));
    assert_non_null(strstr(w.text, "'C'"));
    /* panel order: A1 A2 A3 B1 B3 C3 D3. The single DMU's super-efficiency LP has no reference
     * set: infeasible, te missing */
    size_t js = nqpf_table_find(res, "status");
    assert_string_equal(nqpf_table_text(res, js, 1), "infeasible");
    assert_true(isnan(col(res, "te")[1]));
    /* duplicates: super-efficiency 1 (each is the other's peer) */
    tu_assert_close(col(res, "te")[2], 1.0, 1e-9, 0, "duplicate A");
    tu_assert_close(col(res, "te")[5], 1.0, 1e-9, 0, "duplicate C");
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

/* deaR's model_supereff example 2 says input-oriented VRS super-efficiency is infeasible for D4
 * and D6 (reference/dear_power_plants_tone2002_supereff/expected_status.csv). */
static void test_power_plants_status(void **state)
{
    (void)state;
    const char *path = tu_shared("reference/dear_power_plants_tone2002_supereff/data.csv");
    if (!path)
        skip();
    nqpf_table *t = tu_read(path);
    const char *spath = tu_shared("reference/dear_power_plants_tone2002_supereff/expected_status.csv");
    assert_non_null(spath);
    size_t n = nqpf_table_nrows(t);
    double *one = malloc(n * sizeof *one);
    for (size_t i = 0; i < n; i++)
        one[i] = 1;
    assert_int_equal(nqpf_table_add_num(t, "period", one, NULL), NQPF_OK);
    free(one);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "DMU", "period") != NQPF_OK)
        fail_msg("%s", nqpf_error_message());
    static const char *const in[] = {"X1", "X2", "X3", "X4"}, *const out[] = {"Y1", "Y2"};
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 4;
    o.outputs = out;
    o.noutputs = 2;
    o.rts = NQPF_DEA_VRS;
    o.super = 1;
    nqpf_dea_summary sum;
    nqpf_table *res = NULL;
    assert_int_equal(nqpf_dea_run(&res, p, &o, &sum), NQPF_OK);
    nqpf_table *st = tu_read(spath);
    size_t jd = nqpf_table_find(st, "dmu"), je = nqpf_table_find(st, "expected_status");
    size_t js = nqpf_table_find(res, "status");
    size_t ninf = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = nqpf_table_text(res, 0, i), *expect = "optimal";
        for (size_t r = 0; r < nqpf_table_nrows(st); r++)
            if (strcmp(nqpf_table_text(st, jd, r), id) == 0)
                expect = nqpf_table_text(st, je, r);
        if (strcmp(nqpf_table_text(res, js, i), expect) != 0)
            fail_msg("%s: status %s, expected %s", id, nqpf_table_text(res, js, i), expect);
        if (strcmp(expect, "infeasible") == 0) {
            assert_true(isnan(col(res, "te")[i]));
            ninf++;
        }
    }
    assert_int_equal(ninf, 2);
    assert_int_equal(sum.ninfeasible, 2);
    nqpf_table_free(st);
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_benchmarking_us_states),
        cmocka_unit_test(test_frontiers_and_threads),
        cmocka_unit_test(test_peers),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_power_plants_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
