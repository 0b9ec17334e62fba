/* Models nddf (non-radial DDF, Zhou, Ang and Wang 2012) and sbmddf (slacks-based DDF, Fukuyama and
 * Weber 2009), and the Luenberger / Malmquist-Luenberger indices on them. References:
 *  - the Stata teddf and gtfpch results printed in Wang, Du and Zhang (2022), Stata Journal 22(1),
 *    "Measuring technical efficiency and total factor productivity change with undesirable outputs
 *    in Stata", on gtfpch's example data (tests/data/gtfpch/README.md: the logs
 *    ex.teddf.nonr.log.tex, ex.teddf.nonr.weight.log.tex and ex.gtfpch.nonr.log.tex of the article's
 *    sources, github.com/kerrydu/gtfpch, DEAtex_revised_6/), printed to 4 decimals;
 *  - the same LPs written in this file as plain GLPK calls on the raw data (no nqpf code, no
 *    scaling, solved in exact rational arithmetic after the simplex), on 3,000 random problems with
 *    ties, duplicated DMUs, zeros and variables scaled by 10^-6 .. 10^9;
 *  - a small case solved by hand;
 *  - the Luenberger indicator and the ML index on nddf recomputed from distances solved by the
 *    GLPK formulation of this file. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "nqpf/malmquist.h"
#include "dea/dea_internal.h"

/* ---- the independent formulation ------------------------------------------------------------ */

#define MAXN 48
#define MAXV 8

typedef struct prob {
    size_t n, m, s, nb;
    double d[MAXN][MAXV]; /* reference DMUs: inputs, outputs, bad outputs */
    double p[MAXV];       /* evaluated point */
    double g[MAXV];       /* direction (>= 0: the amount each variable moves) */
    double w[MAXV];       /* weights */
    nqpf_dea_rts rts;
    int bad_ineq;
    int sbm;              /* 0: nddf, 1: sbmddf */
    size_t own;
} prob;

/* Solves pr's LP with GLPK directly: nddf max w'beta s.t. sum lambda x_i + beta_i g_i <= x0_i,
 * sum lambda y_r - beta_r g_r >= y0_r, sum lambda b_k + beta_k g_k = b0_k (or <=), beta, lambda >= 0;
 * sbmddf max sum_{g_v > 0} w_v s_v / g_v s.t. sum lambda x + s = x0, sum lambda y - s = y0,
 * sum lambda b + s = b0, s, lambda >= 0; both with the RTS row. Returns the objective; *st the
 * answer as an nqpf_lp_status. */
static double glpk_value(const prob *pr, nqpf_lp_status *st)
{
    size_t nv = pr->m + pr->s + pr->nb, n = pr->n;
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MAX);
    glp_add_cols(P, (int)(nv + n));
    glp_add_rows(P, (int)nv + 1);
    for (size_t v = 0; v < nv; v++) {
        int col = (int)v + 1;
        int moves = pr->g[v] > 0;
        if (pr->sbm) {
            glp_set_col_bnds(P, col, GLP_LO, 0, 0);
            glp_set_obj_coef(P, col, moves ? pr->w[v] / pr->g[v] : 0.0);
        } else {
            glp_set_col_bnds(P, col, moves ? GLP_LO : GLP_FX, 0, 0);
            glp_set_obj_coef(P, col, pr->w[v]);
        }
    }
    for (size_t j = 0; j < n; j++)
        glp_set_col_bnds(P, (int)(nv + j) + 1, GLP_LO, 0, 0);
    int ind[MAXN + 2];
    double val[MAXN + 2];
    for (size_t v = 0; v < nv; v++) {
        int row = (int)v + 1, len = 0;
        int is_in = v < pr->m, is_out = v >= pr->m && v < pr->m + pr->s;
        /* own column: the slack (sbmddf) or beta times its direction (nddf) */
        double c = pr->sbm ? 1.0 : pr->g[v];
        ind[++len] = (int)v + 1;
        val[len] = is_out ? -c : c;
        for (size_t j = 0; j < n; j++) {
            ind[++len] = (int)(nv + j) + 1;
            val[len] = pr->d[j][v];
        }
        glp_set_mat_row(P, row, len, ind, val);
        double rhs = pr->p[v];
        if (pr->sbm)
            glp_set_row_bnds(P, row, GLP_FX, rhs, rhs);
        else if (is_in)
            glp_set_row_bnds(P, row, GLP_UP, 0, rhs);
        else if (is_out)
            glp_set_row_bnds(P, row, GLP_LO, rhs, 0);
        else
            glp_set_row_bnds(P, row, pr->bad_ineq ? GLP_UP : GLP_FX, rhs, rhs);
    }
    {
        int len = 0;
        for (size_t j = 0; j < n; j++) {
            ind[++len] = (int)(nv + j) + 1;
            val[len] = 1.0;
        }
        int row = (int)nv + 1;
        glp_set_mat_row(P, row, len, ind, val);
        switch (pr->rts) {
        case NQPF_DEA_VRS:
            glp_set_row_bnds(P, row, GLP_FX, 1, 1);
            break;
        case NQPF_DEA_NIRS:
            glp_set_row_bnds(P, row, GLP_UP, 0, 1);
            break;
        case NQPF_DEA_NDRS:
            glp_set_row_bnds(P, row, GLP_LO, 1, 0);
            break;
        default:
            glp_set_row_bnds(P, row, GLP_FR, 0, 0);
        }
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_scale_prob(P, GLP_SF_AUTO);
    glp_simplex(P, &parm);
    /* exact rational arithmetic from the simplex's basis: the reference does not depend on
     * floating-point tolerances */
    glp_unscale_prob(P);
    glp_exact(P, &parm);
    int gs = glp_get_status(P);
    double obj = glp_get_obj_val(P);
    glp_delete_prob(P);
    *st = gs == GLP_OPT ? NQPF_LP_OPTIMAL : gs == GLP_UNBND ? NQPF_LP_UNBOUNDED
          : gs == GLP_NOFEAS                ? NQPF_LP_INFEASIBLE
                                            : NQPF_LP_FAILED;
    return gs == GLP_OPT ? obj : NAN;
}

/* nqpf's answer for pr (the internal LP functions of nonradial.c). */
static double nqpf_value(nqpf_dea_ws *ws, const prob *pr, nqpf_lp_status *st, double *beta)
{
    double x[MAXN * MAXV], y[MAXN * MAXV], b[MAXN * MAXV + 1];
    size_t m = pr->m, s = pr->s, nb = pr->nb;
    for (size_t j = 0; j < pr->n; j++) {
        for (size_t i = 0; i < m; i++)
            x[j * m + i] = pr->d[j][i];
        for (size_t r = 0; r < s; r++)
            y[j * s + r] = pr->d[j][m + r];
        for (size_t k = 0; k < nb; k++)
            b[j * nb + k] = pr->d[j][m + s + k];
    }
    nqpf_dea_ref ref = {pr->n, m, s, nb, x, y, nb ? b : NULL};
    double value;
    int rc = pr->sbm ? nqpf__dea_sbmddf(ws, &ref, pr->p, pr->p + m, pr->p + m + s, pr->g, pr->w, pr->rts, pr->own,
                                        &value, beta, NULL, st, NULL)
                     : nqpf__dea_nddf(ws, &ref, pr->p, pr->p + m, pr->p + m + s, pr->g, pr->w, pr->rts,
                                      pr->bad_ineq ? NQPF_DEA_BAD_INEQ : NQPF_DEA_BAD_WEAK, pr->own, &value, beta,
                                      NULL, st, NULL);
    if (rc)
        fail_msg("nqpf: %s", nqpf_error_message());
    return value;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static size_t pick(size_t k) { return (size_t)(next_u64() % k); }

static void random_prob(prob *pr, int sbm)
{
    memset(pr, 0, sizeof *pr);
    pr->sbm = sbm;
    pr->m = 1 + pick(3);
    pr->s = 1 + pick(2);
    pr->nb = pick(3);
    pr->n = 2 + pick(30);
    pr->rts = (nqpf_dea_rts)pick(4);
    pr->bad_ineq = (int)pick(2);
    size_t nv = pr->m + pr->s + pr->nb;
    double scale[MAXV];
    for (size_t v = 0; v < nv; v++)
        scale[v] = pow(10.0, (double)pick(16) - 6.0); /* 1e-6 .. 1e9 */
    int ties = pick(3) == 0;
    for (size_t j = 0; j < pr->n; j++) {
        if (j > 0 && pick(6) == 0) { /* a duplicated DMU */
            memcpy(pr->d[j], pr->d[pick(j)], sizeof pr->d[j]);
            continue;
        }
        for (size_t v = 0; v < nv; v++) {
            double u = ties ? (double)(1 + pick(4)) : 0.5 + (double)(next_u64() % 100000) / 10000.0;
            if (pick(25) == 0)
                u = 0; /* zeros */
            pr->d[j][v] = u * scale[v];
        }
    }
    int off = pick(4) == 0;
    size_t e = pick(pr->n);
    for (size_t v = 0; v < nv; v++)
        pr->p[v] = off ? (0.5 + (double)(next_u64() % 1000) / 200.0) * scale[v] : pr->d[e][v];
    pr->own = off ? NQPF__DEA_NOEXCL : e;
    /* directions: observed, ones (in the variable's units), zero; never all zero */
    int moving = 0;
    for (size_t v = 0; v < nv; v++) {
        size_t d = pick(4);
        pr->g[v] = d <= 1 ? pr->p[v] : d == 2 ? scale[v] : 0.0;
        pr->w[v] = pick(5) == 0 ? 0.0 : (double)(1 + pick(8)) / 4.0;
        moving += pr->g[v] > 0 && pr->w[v] > 0;
    }
    if (!moving) {
        pr->g[pr->m] = scale[pr->m];
        pr->w[pr->m] = 1.0;
    }
}

static void check_random(int sbm)
{
    nqpf_dea_ws *ws, *wcg;
    assert_int_equal(nqpf_dea_ws_new(&ws), NQPF_OK);
    assert_int_equal(nqpf_dea_ws_new(&wcg), NQPF_OK);
    nqpf__dea_ws_set_cg(wcg, 0); /* column generation from the first DMU on */
    nqpf__dea_ws_set_prune(wcg, 2);
    size_t total = 1500, optimal = 0, other = 0;
    for (size_t it = 0; it < total; it++) {
        prob pr;
        random_prob(&pr, sbm);
        nqpf_lp_status st_ref, st1, st2;
        double ref = glpk_value(&pr, &st_ref);
        double beta[MAXV];
        double v1 = nqpf_value(ws, &pr, &st1, beta);
        double v2 = nqpf_value(wcg, &pr, &st2, NULL);
        char ctx[96];
        snprintf(ctx, sizeof ctx, "%s random problem %zu (n %zu, rts %d)", sbm ? "sbmddf" : "nddf", it, pr.n,
                 (int)pr.rts);
        if (st_ref != st1 || st_ref != st2)
            fail_msg("%s: status %d / %d, GLPK %d", ctx, (int)st1, (int)st2, (int)st_ref);
        if (st_ref != NQPF_LP_OPTIMAL) {
            other++;
            continue;
        }
        optimal++;
        /* GLPK's exact answer against nqpf's double-precision simplex on scaled rows: 1e-7
         * relative (the simplex's feasibility tolerance), on the objective's own scale */
        tu_assert_close(v1, ref, 1e-7, 1e-9, ctx);
        tu_assert_close(v2, ref, 1e-7, 1e-9, ctx);
        /* the objective is the weighted sum of the reported per-variable inefficiencies */
        double sum = 0;
        for (size_t v = 0; v < pr.m + pr.s + pr.nb; v++) {
            assert_true(beta[v] >= 0);
            sum += pr.w[v] * beta[v];
        }
        tu_assert_close(sum, v1, 1e-12, 1e-12, ctx);
    }
    nqpf_dea_ws_free(ws);
    nqpf_dea_ws_free(wcg);
    print_message("%s: %zu random problems, %zu optimal, %zu infeasible or unbounded\n", sbm ? "sbmddf" : "nddf",
                  total, optimal, other);
    assert_true(optimal > total * 3 / 4);
}

static void test_random_nddf(void **state)
{
    (void)state;
    check_random(0);
}

static void test_random_sbmddf(void **state)
{
    (void)state;
    check_random(1);
}

/* ---- a case by hand -------------------------------------------------------------------------- */

/* One input, one output: A (2, 2), B (4, 2); B against the CRS frontier y = x with g = (x, y).
 * nddf, weights (1, 1): 2 lambda <= 4 (1 - bx), 2 lambda >= 2 (1 + by): bx + by = lambda / 2, largest
 * at lambda = 2: bx = 0, by = 1, Dv = 1. sbmddf, weights (1/2, 1/2): 2 lambda + sx = 4,
 * 2 lambda - sy = 2: objective (sx / 4 + sy / 2) / 2 = lambda / 4, largest at lambda = 2: sx = 0,
 * sy = 2, value 0.5. */
static void test_by_hand(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,t,x,y\nA,1,2,2\nB,1,4,2\n", "id", "t");
    const char *in[] = {"x"}, *out[] = {"y"};
    for (int sbm = 0; sbm < 2; sbm++) {
        nqpf_dea_options o;
        assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
        o.inputs = in;
        o.ninputs = 1;
        o.outputs = out;
        o.noutputs = 1;
        o.model = sbm ? NQPF_DEA_SBMDDF : NQPF_DEA_NDDF;
        nqpf_table *t = NULL;
        if (nqpf_dea_run(&t, p, &o, NULL))
            fail_msg("%s", nqpf_error_message());
        const double *dv = nqpf_table_cnum(t, nqpf_table_find(t, "dv"));
        const double *bx = nqpf_table_cnum(t, nqpf_table_find(t, "beta_x"));
        const double *by = nqpf_table_cnum(t, nqpf_table_find(t, "beta_y"));
        const double *te = nqpf_table_cnum(t, nqpf_table_find(t, "te"));
        assert_non_null(dv);
        tu_assert_close(dv[0], 0.0, 0, 1e-12, "A");
        tu_assert_close(dv[1], sbm ? 0.5 : 1.0, 1e-12, 1e-12, "B dv");
        tu_assert_close(bx[1], 0.0, 0, 1e-12, "B beta_x");
        /* sbmddf reports s / g: sy / y0 = 2 / 2 */
        tu_assert_close(by[1], 1.0, 1e-12, 1e-12, "B beta_y");
        if (sbm) {
            assert_true(isnan(te[1]));
        } else {
            /* te: mean of 1 - beta_x = 1 and 1 / (1 + beta_y) = 0.5 */
            tu_assert_close(te[1], 0.75, 1e-12, 1e-12, "B te");
            tu_assert_close(te[0], 1.0, 1e-12, 1e-12, "A te");
        }
        nqpf_table_free(t);
    }
    nqpf_panel_free(p);
}

/* ---- Stata teddf and gtfpch, as printed in Wang, Du and Zhang (2022) -------------------------- */

static nqpf_panel *gtfpch_example(void)
{
    nqpf_table *t = tu_read(tu_source("tests/data/gtfpch/example.csv"));
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "Province", "year"))
        fail_msg("%s", nqpf_error_message());
    return p;
}

static size_t find_row(const nqpf_table *t, const char *id, long year, size_t idcol, size_t ycol)
{
    const double *yr = nqpf_table_cnum(t, ycol);
    for (size_t i = 0; i < nqpf_table_nrows(t); i++) {
        const char *s = nqpf_table_text(t, idcol, i);
        if (s && strcmp(s, id) == 0 && yr[i] == (double)year)
            return i;
    }
    fail_msg("row %s %ld not found", id, year);
    return 0;
}

/* teddf K L = Y: CO2, dmu(Province) time(year) nonr [wmat((.5,.5,1,1))]: Dv B_K B_L B_Y B_CO2. */
static const struct {
    const char *id;
    long year;
    double v[2][5]; /* [0] default weights (1 1 1 1), [1] weights (.5 .5 1 1) */
} teddf_rows[] = {
    {"Anhui", 2013, {{1.6710, 0.4594, 0.7225, 0.0000, 0.4890}, {1.1480, 0.0000, 0.4867, 0.8499, 0.0548}}},
    {"Anhui", 2014, {{1.7823, 0.5293, 0.7198, 0.0000, 0.5331}, {1.3351, 0.0000, 0.4047, 1.1247, 0.0081}}},
    {"Anhui", 2015, {{1.8210, 0.5827, 0.7181, 0.0000, 0.5202}, {1.3577, 0.0000, 0.3305, 1.1924, 0.0000}}},
    {"Beijing", 2013, {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}}},
    {"Beijing", 2014, {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}}},
    {"Beijing", 2015, {{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}}},
    {"Yunnan", 2013, {{1.7617, 0.4480, 0.7814, 0.0000, 0.5323}, {1.2663, 0.0000, 0.6040, 0.8117, 0.1526}}},
    {"Yunnan", 2014, {{1.8300, 0.5165, 0.7834, 0.0000, 0.5301}, {1.3723, 0.0000, 0.5520, 1.0682, 0.0281}}},
    {"Yunnan", 2015, {{1.8184, 0.5696, 0.7790, 0.0000, 0.4698}, {1.2843, 0.0000, 0.4933, 1.0377, 0.0000}}},
    {"Zhejiang", 2013, {{0.8887, 0.2696, 0.4386, 0.0000, 0.1805}, {0.5346, 0.2696, 0.4386, 0.0000, 0.1805}}},
    {"Zhejiang", 2014, {{1.0078, 0.3364, 0.4375, 0.0000, 0.2340}, {0.6209, 0.3364, 0.4375, 0.0000, 0.2340}}},
    {"Zhejiang", 2015, {{1.0589, 0.3912, 0.4368, 0.0000, 0.2309}, {0.6449, 0.3912, 0.4368, 0.0000, 0.2309}}},
};

static void test_teddf_published(void **state)
{
    (void)state;
    nqpf_panel *p = gtfpch_example();
    const char *in[] = {"K", "L"}, *out[] = {"Y"}, *bad[] = {"CO2"};
    static const double wmat[] = {0.5, 0.5, 1, 1};
    static const char *const cols[] = {"dv", "beta_K", "beta_L", "beta_Y", "beta_CO2"};
    for (int wk = 0; wk < 2; wk++) {
        nqpf_dea_options o;
        assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
        o.inputs = in;
        o.ninputs = 2;
        o.outputs = out;
        o.noutputs = 1;
        o.bads = bad;
        o.nbads = 1;
        o.model = NQPF_DEA_NDDF;
        if (wk) {
            o.weights = wmat;
            o.nweights = 4;
        }
        nqpf_table *t = NULL;
        if (nqpf_dea_run(&t, p, &o, NULL))
            fail_msg("%s", nqpf_error_message());
        for (size_t r = 0; r < sizeof teddf_rows / sizeof *teddf_rows; r++) {
            size_t i = find_row(t, teddf_rows[r].id, teddf_rows[r].year, 0, 1);
            for (int c = 0; c < 5; c++) {
                char ctx[96];
                snprintf(ctx, sizeof ctx, "teddf %s %ld %s (weights %d)", teddf_rows[r].id, teddf_rows[r].year,
                         cols[c], wk);
                /* printed to 4 decimals */
                tu_assert_close(nqpf_table_cnum(t, nqpf_table_find(t, cols[c]))[i], teddf_rows[r].v[wk][c], 0,
                                0.5e-4 + 1e-12, ctx);
            }
        }
        nqpf_table_free(t);
    }
    nqpf_panel_free(p);
}

/* gtfpch K L = Y: CO2, dmu(Province) nonr global: TFPCH TECH TECCH (= lpi lpi_effch lpi_techch). */
static const struct {
    const char *id;
    long year;
    double v[3];
} gtfpch_rows[] = {
    {"Anhui", 2014, {-0.0676, -0.2281, 0.1605}},    {"Anhui", 2015, {0.0214, -0.0597, 0.0811}},
    {"Beijing", 2014, {0.0832, -0.0000, 0.0832}},   {"Beijing", 2015, {0.1705, 0.0000, 0.1705}},
    {"Chongqing", 2014, {0.0175, -0.0564, 0.0738}}, {"Chongqing", 2015, {0.0178, -0.1079, 0.1257}},
    {"Xinjiang", 2014, {-0.2221, -0.3371, 0.1150}}, {"Xinjiang", 2015, {-0.2232, -0.2931, 0.0699}},
    {"Yunnan", 2014, {0.0128, -0.1320, 0.1448}},    {"Yunnan", 2015, {0.1378, 0.0586, 0.0792}},
    {"Zhejiang", 2014, {0.0119, -0.0558, 0.0677}},  {"Zhejiang", 2015, {-0.0092, -0.0996, 0.0903}},
};

static nqpf_table *run_malm(const nqpf_panel *p, nqpf_malmquist_type type, nqpf_malmquist_measure measure)
{
    const char *in[] = {"K", "L"}, *out[] = {"Y"}, *bad[] = {"CO2"};
    nqpf_malmquist_options o;
    assert_int_equal(nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
    o.inputs = in;
    o.ninputs = 2;
    o.outputs = out;
    o.noutputs = 1;
    o.bads = bad;
    o.nbads = 1;
    o.type = type;
    o.measure = measure;
    o.distance = NQPF_MALMQUIST_DIST_NDDF;
    nqpf_table *t = NULL;
    if (nqpf_malmquist_run(&t, NULL, p, &o))
        fail_msg("%s", nqpf_error_message());
    return t;
}

static void test_gtfpch_published(void **state)
{
    (void)state;
    nqpf_panel *p = gtfpch_example();
    nqpf_table *t = run_malm(p, NQPF_MALMQUIST_GLOBAL, NQPF_MALMQUIST_LUENBERGER);
    static const char *const cols[] = {"lpi", "lpi_effch", "lpi_techch"};
    for (size_t r = 0; r < sizeof gtfpch_rows / sizeof *gtfpch_rows; r++) {
        size_t i = find_row(t, gtfpch_rows[r].id, gtfpch_rows[r].year, 0, 1);
        for (int c = 0; c < 3; c++) {
            char ctx[96];
            snprintf(ctx, sizeof ctx, "gtfpch %s %ld %s", gtfpch_rows[r].id, gtfpch_rows[r].year, cols[c]);
            tu_assert_close(nqpf_table_cnum(t, nqpf_table_find(t, cols[c]))[i], gtfpch_rows[r].v[c], 0,
                            0.5e-4 + 1e-12, ctx);
        }
    }
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

/* ---- the indices from independently solved distances ----------------------------------------- */

/* The nddf distance (gtfpch's default direction 0, y, b and weights 0 0 1 1) of row i of the example
 * against the observations of the periods [t0, t1], by the GLPK formulation above. */
static double example_distance(const nqpf_table *t, size_t i, long t0, long t1)
{
    static const char *const vars[] = {"K", "L", "Y", "CO2"};
    prob pr;
    memset(&pr, 0, sizeof pr);
    pr.m = 2;
    pr.s = 1;
    pr.nb = 1;
    pr.rts = NQPF_DEA_CRS;
    const double *yr = nqpf_table_cnum(t, nqpf_table_find(t, "year"));
    for (size_t j = 0; j < nqpf_table_nrows(t); j++) {
        if (yr[j] < (double)t0 || yr[j] > (double)t1)
            continue;
        assert_true(pr.n < MAXN);
        for (int v = 0; v < 4; v++)
            pr.d[pr.n][v] = nqpf_table_cnum(t, nqpf_table_find(t, vars[v]))[j];
        pr.n++;
    }
    for (int v = 0; v < 4; v++) {
        pr.p[v] = nqpf_table_cnum(t, nqpf_table_find(t, vars[v]))[i];
        pr.g[v] = v >= 2 ? pr.p[v] : 0.0;
        pr.w[v] = v >= 2 ? 1.0 : 0.0;
    }
    nqpf_lp_status st;
    double d = glpk_value(&pr, &st);
    assert_int_equal(st, NQPF_LP_OPTIMAL);
    return d;
}

static void test_indices_from_distances(void **state)
{
    (void)state;
    nqpf_panel *p = gtfpch_example();
    const nqpf_table *data = nqpf_panel_table(p);
    /* 30 units in one period fit MAXN; two periods (sequential) do not: adjacent and the ML only */
    nqpf_table *lu = run_malm(p, NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_LUENBERGER);
    nqpf_table *ml = run_malm(p, NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_ML);
    assert_int_equal(nqpf_table_nrows(lu), 60);
    size_t checked = 0;
    for (size_t r = 0; r < nqpf_table_nrows(lu); r += 7) {
        const char *id = nqpf_table_text(lu, 0, r);
        long t1 = (long)nqpf_table_cnum(lu, 1)[r], t0 = t1 - 1;
        size_t i0 = find_row(data, id, t0, nqpf_table_find(data, "Province"), nqpf_table_find(data, "year"));
        size_t i1 = find_row(data, id, t1, nqpf_table_find(data, "Province"), nqpf_table_find(data, "year"));
        double d00 = example_distance(data, i0, t0, t0), d01 = example_distance(data, i0, t1, t1);
        double d10 = example_distance(data, i1, t0, t0), d11 = example_distance(data, i1, t1, t1);
        /* Luenberger (Chambers et al. 1996): effch d00 - d11, techch the mean of the two shifts */
        double eff = d00 - d11, tech = 0.5 * ((d11 - d10) + (d01 - d00));
        char ctx[96];
        snprintf(ctx, sizeof ctx, "%s %ld", id, t1);
        tu_assert_close(nqpf_table_cnum(lu, nqpf_table_find(lu, "lpi_effch"))[r], eff, 1e-7, 1e-9, ctx);
        tu_assert_close(nqpf_table_cnum(lu, nqpf_table_find(lu, "lpi_techch"))[r], tech, 1e-7, 1e-9, ctx);
        tu_assert_close(nqpf_table_cnum(lu, nqpf_table_find(lu, "lpi"))[r], eff + tech, 1e-7, 1e-9, ctx);
        /* ML (Chung et al. 1997) with the nddf distances in place of beta */
        double mleff = (1 + d00) / (1 + d11);
        double mltech = sqrt(((1 + d11) / (1 + d10)) * ((1 + d01) / (1 + d00)));
        size_t rm = find_row(ml, id, t1, 0, 1);
        tu_assert_close(nqpf_table_cnum(ml, nqpf_table_find(ml, "mleffch"))[rm], mleff, 1e-7, 1e-9, ctx);
        tu_assert_close(nqpf_table_cnum(ml, nqpf_table_find(ml, "mltech"))[rm], mltech, 1e-7, 1e-9, ctx);
        tu_assert_close(nqpf_table_cnum(ml, nqpf_table_find(ml, "ml"))[rm], mleff * mltech, 1e-7, 1e-9, ctx);
        checked++;
    }
    assert_true(checked >= 8);
    nqpf_table_free(lu);
    nqpf_table_free(ml);
    nqpf_panel_free(p);
}

/* ---- option rules --------------------------------------------------------------------------- */

static void test_option_errors(void **state)
{
    (void)state;
    nqpf_panel *p = gtfpch_example();
    const char *in[] = {"K", "L"}, *out[] = {"Y"}, *bad[] = {"CO2"};
    nqpf_dea_options o;
    assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
    o.inputs = in;
    o.ninputs = 2;
    o.outputs = out;
    o.noutputs = 1;
    o.bads = bad;
    o.nbads = 1;
    o.model = NQPF_DEA_NDDF;
    static const double three[] = {1, 1, 1}, negative[] = {1, -1, 1, 1}, zero[] = {0, 0, 0, 0};
    nqpf_table *t = NULL;
    o.weights = three;
    o.nweights = 3;
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EUSAGE, "expected 4 numbers");
    assert_string_equal(nqpf_error_key(), "weights");
    o.weights = negative;
    o.nweights = 4;
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EUSAGE, "expected a number >= 0");
    assert_string_equal(nqpf_error_key(), "weights");
    o.weights = zero;
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EUSAGE, "no variable both moves");
    o.weights = NULL;
    o.nweights = 0;
    o.super = 1;
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EUSAGE, "super-efficiency");
    assert_string_equal(nqpf_error_key(), "super");
    assert_null(t);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_teddf_published),
        cmocka_unit_test(test_gtfpch_published),
        cmocka_unit_test(test_indices_from_distances),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_random_nddf),
        cmocka_unit_test(test_random_sbmddf),
    };
    return tu_run_group_tests("dea_nonradial", tests, sizeof tests / sizeof *tests, NULL, NULL);
}
