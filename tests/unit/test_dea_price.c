/* Cost, revenue and profit efficiency (keys input_prices / output_prices, src/dea/price.c) against
 *  - the cost-efficiency example of Coelli, Rao and Battese (1998, p. 166; DEAP's cost-DEA example
 *    and deaR's Coelli_1998 data): 5 DMUs, 2 inputs, 1 output, prices w = (1, 3), CRS. The expected
 *    numbers are worked by hand below (fractions), not by nqpf;
 *  - the LPs in Färe, Grosskopf and Lovell's form, with the optimal quantities as variables
 *    (min w.x s.t. X lambda <= x, Y lambda >= y0; max p.y s.t. X lambda <= x0, Y lambda >= y;
 *    max p.y - w.x s.t. X lambda <= x, Y lambda >= y, sum lambda = 1; the directional distance
 *    with g = (x0, y0)), written here as plain GLPK calls, on 1,500 random problems each (ties,
 *    duplicated DMUs, zero prices, variables from 1e-6 to 1e9, every returns to scale);
 *  - the options' keyed errors (price counts, orientation, rts) and the data errors (negative or
 *    missing price, naming the row). */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "dea/dea_internal.h"
#include "dea/deap.h"

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("result lacks column %s", name);
    return nqpf_table_cnum(t, j);
}

/* ---- Coelli, Rao and Battese (1998), p. 166 ---------------------------------------------------- */

/* x1, x2, y and the prices w1 = 1, w2 = 3 of the book's example (the same numbers as deaR's
 * Coelli_1998, in ../shared/reference/dear_coelli1998_cost_efficiency/data.csv). */
static const char coelli_csv[] = "dmu,t,input1,input2,output,price_input1,price_input2\n"
                                 "DMU1,1,2,5,1,1,3\nDMU2,1,2,4,2,1,3\nDMU3,1,6,6,3,1,3\nDMU4,1,3,2,1,1,3\n"
                                 "DMU5,1,6,2,2,1,3\n";

/* Worked by hand. One output and CRS: the minimum cost of y0 is y0 times the least cost per unit of
 * output among the DMUs, (x1 + 3 x2) / y = 17, 7, 8, 9, 6, so 6 (DMU5: bundle (3, 1) per unit).
 * Observed costs 17, 14, 24, 9, 12, so CE = 6/17, 12/14, 18/24, 6/9, 12/12. TE (CCR input): per unit
 * of output the DMUs sit at (2, 5), (1, 2), (2, 2), (3, 2), (3, 1); the frontier is the segment
 * (1, 2)-(3, 1) (x2 = 2.5 - x1/2) with free disposal above (1, 2) and right of (3, 1): DMU1's ray
 * meets the vertical part at x1 = 1 (TE 1/2, slack 0.5 in x2), DMU3's ray 2t = 2.5 - t (TE 5/6),
 * DMU4's 2t = 2.5 - 1.5t (TE 5/7). AE = CE / TE. */
static const double coelli_te[5] = {1.0 / 2, 1, 5.0 / 6, 5.0 / 7, 1};
static const double coelli_ce[5] = {6.0 / 17, 12.0 / 14, 18.0 / 24, 6.0 / 9, 1};
static const double coelli_cost[5] = {6, 12, 18, 6, 12};

static void check_coelli(nqpf_panel *p, const char *in1, const char *in2, const char *out, const char *w1,
                         const char *w2, const char *ctx0)
{
    const char *in[] = {in1, in2}, *outs[] = {out}, *w[] = {w1, w2};
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in, o.ninputs = 2, o.outputs = outs, o.noutputs = 1;
    o.prices_x = w, o.nprices_x = 2, o.slacks = 1;
    nqpf_table *res = NULL;
    if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
        fail_msg("%s: %s", ctx0, nqpf_error_message());
    const double *te = col(res, "te"), *ce = col(res, "ce"), *ae = col(res, "ae"), *cm = col(res, "cost_min");
    const double *xo1 = col(res, "x_opt_input1"), *xo2 = col(res, "x_opt_input2");
    for (size_t i = 0; i < 5; i++) {
        char ctx[96];
        snprintf(ctx, sizeof ctx, "%s DMU%zu", ctx0, i + 1);
        tu_assert_close(te[i], coelli_te[i], 1e-12, 0, ctx);
        tu_assert_close(ce[i], coelli_ce[i], 1e-12, 0, ctx);
        tu_assert_close(ae[i], coelli_ce[i] / coelli_te[i], 1e-12, 0, ctx);
        tu_assert_close(cm[i], coelli_cost[i], 1e-12, 0, ctx);
        /* the cost-minimising bundle: DMU5's (3, 1) per unit of output */
        tu_assert_close(xo1[i], coelli_cost[i] / 2, 1e-12, 0, ctx);
        tu_assert_close(xo2[i], coelli_cost[i] / 6, 1e-12, 0, ctx);
    }
    nqpf_table_free(res);
}

static void test_coelli1998_cost(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(coelli_csv, "dmu", "t");
    check_coelli(p, "input1", "input2", "output", "price_input1", "price_input2", "Coelli 1998");
    nqpf_panel_free(p);
}

/* The same through deaR's copy of the data when ../shared is present. */
static void test_dear_coelli1998(void **state)
{
    (void)state;
    const char *path = tu_shared("reference/dear_coelli1998_cost_efficiency/data.csv");
    if (!path)
        skip();
    nqpf_table *t = tu_read(path);
    size_t n = nqpf_table_nrows(t);
    double *one = malloc(n * sizeof *one);
    for (size_t i = 0; i < n; i++)
        one[i] = 1;
    assert_int_equal(nqpf_table_add_num(t, "period", one, NULL), NQPF_OK);
    free(one);
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "dmus", "period"), NQPF_OK);
    check_coelli(p, "input1", "input2", "output", "price_input1", "price_input2", "deaR Coelli_1998");
    nqpf_panel_free(p);
}

/* ---- random problems against the LPs written here --------------------------------------------- */

static uint64_t rng = 0x853c49e6748fea9bull;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static size_t pick(size_t n) { return (size_t)(rnd() % n); }

#define MAXN 14
#define MAXV 3
typedef struct prob {
    size_t n, m, s;
    double x[MAXN * MAXV], y[MAXN * MAXV], x0[MAXV], y0[MAXV], w[MAXV], p[MAXV];
    double sc[2 * MAXV];
    nqpf_dea_rts rts;
} prob;

static void random_prob(prob *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->n = 1 + pick(MAXN);
    pr->m = 1 + pick(MAXV);
    pr->s = 1 + pick(MAXV);
    pr->rts = (nqpf_dea_rts)pick(4);
    int mode = (int)pick(3); /* reals, small integers (ties), integers with zeros */
    for (size_t v = 0; v < pr->m + pr->s; v++)
        pr->sc[v] = pow(10.0, -6.0 + 15.0 * unif());
    for (size_t j = 0; j < pr->n; j++)
        for (size_t v = 0; v < pr->m + pr->s; v++) {
            double d = (mode == 0 ? 0.1 + unif() : (double)(mode == 2 ? pick(4) : 1 + pick(4))) * pr->sc[v];
            if (v < pr->m)
                pr->x[j * pr->m + v] = d;
            else
                pr->y[j * pr->s + v - pr->m] = d;
        }
    if (pr->n > 2 && pick(3) == 0) { /* a duplicated DMU */
        size_t a = pick(pr->n), b = pick(pr->n);
        memcpy(pr->x + b * pr->m, pr->x + a * pr->m, pr->m * sizeof *pr->x);
        memcpy(pr->y + b * pr->s, pr->y + a * pr->s, pr->s * sizeof *pr->y);
    }
    size_t k = pick(pr->n);
    for (size_t i = 0; i < pr->m; i++)
        pr->x0[i] = pick(4) == 0 ? (0.1 + 2 * unif()) * pr->sc[i] : pr->x[k * pr->m + i];
    for (size_t r = 0; r < pr->s; r++)
        pr->y0[r] = pick(4) == 0 ? (0.1 + 2 * unif()) * pr->sc[pr->m + r] : pr->y[k * pr->s + r];
    /* prices: per unit of the variable's scale, so that no variable dominates the value; some 0 */
    for (size_t i = 0; i < pr->m; i++)
        pr->w[i] = pick(5) == 0 ? 0 : (0.5 + unif()) / pr->sc[i];
    for (size_t r = 0; r < pr->s; r++)
        pr->p[r] = pick(5) == 0 ? 0 : (0.5 + unif()) / pr->sc[pr->m + r];
}

/* The RTS row of lambda columns 1..n. */
static void g_rts(glp_prob *P, int n, nqpf_dea_rts rts)
{
    if (rts == NQPF_DEA_CRS)
        return;
    int r = glp_add_rows(P, 1), ind[MAXN + 1];
    double v[MAXN + 1];
    for (int j = 1; j <= n; j++)
        ind[j] = j, v[j] = 1;
    glp_set_mat_row(P, r, n, ind, v);
    glp_set_row_bnds(P, r, rts == NQPF_DEA_VRS ? GLP_FX : rts == NQPF_DEA_NIRS ? GLP_UP : GLP_LO, 1, 1);
}

/* Solves P; NAN with *st set when not optimal. */
static double g_solve(glp_prob *P, nqpf_lp_status *st)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    glp_scale_prob(P, GLP_SF_AUTO);
    int rc = glp_simplex(P, &parm);
    double v = NAN;
    if (rc == 0 && glp_get_status(P) == GLP_OPT) {
        *st = NQPF_LP_OPTIMAL;
        v = glp_get_obj_val(P);
    } else if (rc == GLP_ENOPFS || glp_get_status(P) == GLP_NOFEAS) {
        *st = NQPF_LP_INFEASIBLE;
    } else if (rc == GLP_ENODFS || glp_get_status(P) == GLP_UNBND) {
        *st = NQPF_LP_UNBOUNDED;
    } else {
        *st = NQPF_LP_FAILED;
    }
    return v;
}

/* Columns: lambda 1..n, then the quantities q_k = (optimal quantity) / scale_k. kind 0: cost,
 * 1: revenue, 2: profit (VRS). Rows are divided by the variable's scale. Returns the value in the
 * data's units. */
static double fgl_value(const prob *pr, int kind, nqpf_lp_status *st)
{
    glp_prob *P = glp_create_prob();
    int n = (int)pr->n, m = (int)pr->m, s = (int)pr->s;
    glp_set_obj_dir(P, kind == 0 ? GLP_MIN : GLP_MAX);
    glp_add_cols(P, n + m + s);
    for (int c = 1; c <= n + m + s; c++)
        glp_set_col_bnds(P, c, GLP_LO, 0, 0);
    int ind[MAXN + 2];
    double v[MAXN + 2];
    for (int i = 0; i < m; i++) {
        int r = glp_add_rows(P, 1), len = 0;
        for (int j = 0; j < n; j++)
            ind[++len] = j + 1, v[len] = pr->x[j * m + i] / pr->sc[i];
        if (kind == 1) { /* X lambda <= x0 */
            glp_set_row_bnds(P, r, GLP_UP, 0, pr->x0[i] / pr->sc[i]);
        } else { /* X lambda - x <= 0 */
            ind[++len] = n + 1 + i, v[len] = -1;
            glp_set_row_bnds(P, r, GLP_UP, 0, 0);
            glp_set_obj_coef(P, n + 1 + i, (kind == 0 ? 1 : -1) * pr->w[i] * pr->sc[i]);
        }
        glp_set_mat_row(P, r, len, ind, v);
    }
    for (int q = 0; q < s; q++) {
        double sc = pr->sc[m + q];
        int r = glp_add_rows(P, 1), len = 0;
        for (int j = 0; j < n; j++)
            ind[++len] = j + 1, v[len] = pr->y[j * s + q] / sc;
        if (kind == 0) { /* Y lambda >= y0 */
            glp_set_row_bnds(P, r, GLP_LO, pr->y0[q] / sc, 0);
        } else { /* Y lambda - y >= 0 */
            ind[++len] = n + m + 1 + q, v[len] = -1;
            glp_set_row_bnds(P, r, GLP_LO, 0, 0);
            glp_set_obj_coef(P, n + m + 1 + q, pr->p[q] * sc);
        }
        glp_set_mat_row(P, r, len, ind, v);
    }
    g_rts(P, n, kind == 2 ? NQPF_DEA_VRS : pr->rts);
    double val = g_solve(P, st);
    glp_delete_prob(P);
    return val;
}

/* max beta s.t. X lambda <= (1 - beta) x0, Y lambda >= (1 + beta) y0, sum lambda = 1 (rows divided
 * by the variable's scale). */
static double ddf_value(const prob *pr, nqpf_lp_status *st)
{
    glp_prob *P = glp_create_prob();
    int n = (int)pr->n, m = (int)pr->m, s = (int)pr->s, cb = n + 1;
    glp_set_obj_dir(P, GLP_MAX);
    glp_add_cols(P, n + 1);
    for (int c = 1; c <= n; c++)
        glp_set_col_bnds(P, c, GLP_LO, 0, 0);
    glp_set_col_bnds(P, cb, GLP_FR, 0, 0);
    glp_set_obj_coef(P, cb, 1);
    int ind[MAXN + 2];
    double v[MAXN + 2];
    for (int k = 0; k < m + s; k++) {
        int r = glp_add_rows(P, 1), len = 0;
        double sc = pr->sc[k];
        for (int j = 0; j < n; j++)
            ind[++len] = j + 1, v[len] = (k < m ? pr->x[j * m + k] : pr->y[j * s + k - m]) / sc;
        double d = (k < m ? pr->x0[k] : pr->y0[k - m]) / sc;
        ind[++len] = cb, v[len] = k < m ? d : -d; /* X lambda + beta x0 <= x0; Y lambda - beta y0 >= y0 */
        glp_set_row_bnds(P, r, k < m ? GLP_UP : GLP_LO, d, d);
        glp_set_mat_row(P, r, len, ind, v);
    }
    g_rts(P, n, NQPF_DEA_VRS);
    double val = g_solve(P, st);
    glp_delete_prob(P);
    return val;
}

static void test_cost_revenue_random(void **state)
{
    (void)state;
    size_t nopt = 0, nother = 0;
    for (size_t it = 0; it < 1500; it++) {
        prob pr;
        random_prob(&pr);
        nqpf_dea_ref ref = {pr.n, pr.m, pr.s, 0, pr.x, pr.y, NULL};
        for (int kind = 0; kind < 2; kind++) {
            double val, opt[MAXV];
            nqpf_lp_status st, st2;
            if (kind == 0)
                assert_int_equal(nqpf__dea_min_cost(&ref, pr.w, pr.y0, pr.rts, &val, &st, opt), NQPF_OK);
            else
                assert_int_equal(nqpf__dea_max_revenue(&ref, pr.p, pr.x0, pr.rts, &val, &st, opt), NQPF_OK);
            double want = fgl_value(&pr, kind, &st2);
            char ctx[128];
            snprintf(ctx, sizeof ctx, "random problem %zu, %s, %s, n %zu", it, kind ? "revenue" : "cost",
                     nqpf_dea_rts_name(pr.rts), pr.n);
            if (st != st2)
                fail_msg("%s: status %s, the Färe form says %s", ctx, nqpf_lp_status_name(st), nqpf_lp_status_name(st2));
            if (st != NQPF_LP_OPTIMAL) {
                nother++;
                continue;
            }
            /* values are sums of terms of about 1 (prices per unit of scale): absolute 1e-9 */
            tu_assert_close(val, want, 1e-9, 1e-9, ctx);
            /* the optimal bundle prices at the optimum */
            double pv = 0;
            for (size_t k = 0; k < (kind ? pr.s : pr.m); k++)
                pv += (kind ? pr.p[k] : pr.w[k]) * opt[k];
            tu_assert_close(pv, val, 1e-12, 1e-12, ctx);
            nopt++;
        }
    }
    print_message("cost/revenue: %zu optimal, %zu infeasible or unbounded\n", nopt, nother);
    assert_true(nopt > 2000);
    assert_true(nother > 50);
}

/* Profit (VRS) and the whole driver: random panels of one period, every DMU evaluated, against
 * the Färe form and the directional distance written here. */
static void test_profit_random(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t it = 0; it < 300; it++) {
        prob pr;
        random_prob(&pr);
        if (pr.n < 2)
            pr.n = 2;
        /* the driver needs a positive input per DMU (radial input te) */
        for (size_t j = 0; j < pr.n; j++)
            if (pr.x[j * pr.m] == 0)
                pr.x[j * pr.m] = pr.sc[0];
        char csv[8192];
        size_t len = (size_t)snprintf(csv, sizeof csv, "id,t");
        for (size_t i = 0; i < pr.m; i++)
            len += (size_t)snprintf(csv + len, sizeof csv - len, ",x%zu,w%zu", i, i);
        for (size_t r = 0; r < pr.s; r++)
            len += (size_t)snprintf(csv + len, sizeof csv - len, ",y%zu,p%zu", r, r);
        for (size_t j = 0; j < pr.n; j++) {
            len += (size_t)snprintf(csv + len, sizeof csv - len, "\nd%zu,1", j);
            for (size_t i = 0; i < pr.m; i++)
                len += (size_t)snprintf(csv + len, sizeof csv - len, ",%.17g,%.17g", pr.x[j * pr.m + i], pr.w[i]);
            for (size_t r = 0; r < pr.s; r++)
                len += (size_t)snprintf(csv + len, sizeof csv - len, ",%.17g,%.17g", pr.y[j * pr.s + r], pr.p[r]);
        }
        snprintf(csv + len, sizeof csv - len, "\n");
        nqpf_panel *p = tu_panel_from_text(csv, "id", "t");
        char *names[4 * MAXV];
        for (size_t k = 0; k < 4 * MAXV; k++)
            names[k] = malloc(8);
        for (size_t i = 0; i < MAXV; i++) {
            snprintf(names[i], 8, "x%zu", i);
            snprintf(names[MAXV + i], 8, "w%zu", i);
            snprintf(names[2 * MAXV + i], 8, "y%zu", i);
            snprintf(names[3 * MAXV + i], 8, "p%zu", i);
        }
        nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
        o.inputs = (const char *const *)names, o.ninputs = pr.m;
        o.prices_x = (const char *const *)names + MAXV, o.nprices_x = pr.m;
        o.outputs = (const char *const *)names + 2 * MAXV, o.noutputs = pr.s;
        o.prices_y = (const char *const *)names + 3 * MAXV, o.nprices_y = pr.s;
        o.rts = NQPF_DEA_VRS;
        nqpf_table *res = NULL;
        nqpf_set_warning_handler(NULL, NULL);
        if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
            fail_msg("panel %zu: %s", it, nqpf_error_message());
        const double *pmax = col(res, "profit_max"), *pobs = col(res, "profit"), *pe = col(res, "pe");
        const double *pt = col(res, "pe_tech"), *pa = col(res, "pe_alloc");
        for (size_t j = 0; j < pr.n; j++) {
            memcpy(pr.x0, pr.x + j * pr.m, pr.m * sizeof *pr.x0);
            memcpy(pr.y0, pr.y + j * pr.s, pr.s * sizeof *pr.y0);
            char ctx[96];
            snprintf(ctx, sizeof ctx, "panel %zu DMU %zu", it, j);
            nqpf_lp_status st;
            double want = fgl_value(&pr, 2, &st);
            assert_int_equal(st, NQPF_LP_OPTIMAL);
            tu_assert_close(pmax[j], want, 1e-9, 1e-9, ctx);
            double po = 0, norm = 0;
            for (size_t r = 0; r < pr.s; r++)
                po += pr.p[r] * pr.y0[r], norm += pr.p[r] * pr.y0[r];
            for (size_t i = 0; i < pr.m; i++)
                po -= pr.w[i] * pr.x0[i], norm += pr.w[i] * pr.x0[i];
            tu_assert_close(pobs[j], po, 1e-12, 1e-12, ctx);
            if (norm > 0) {
                tu_assert_close(pe[j], (want - po) / norm, 1e-9, 1e-9, ctx);
                double beta = ddf_value(&pr, &st);
                assert_int_equal(st, NQPF_LP_OPTIMAL);
                tu_assert_close(pt[j], beta, 1e-9, 1e-9, ctx);
                tu_assert_close(pa[j], (want - po) / norm - beta, 1e-9, 1e-9, ctx);
                /* Nerlovian: the allocative part is >= 0 */
                assert_true(pa[j] > -1e-9);
            } else {
                assert_true(isnan(pe[j]));
            }
            checked++;
        }
        nqpf_table_free(res);
        nqpf_panel_free(p);
        for (size_t k = 0; k < 4 * MAXV; k++)
            free(names[k]);
    }
    print_message("profit: %zu DMUs checked\n", checked);
    assert_true(checked >= 1000);
}

/* ---- errors ------------------------------------------------------------------------------------- */

static int parse(nqpf_dea_options *o, nqpf_optset **set, const char *const *kv)
{
    nqpf_optset_free(*set);
    *set = NULL;
    assert_int_equal(nqpf_optset_new(set, nqpf_method_find("dea"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (size_t k = 0; kv[k]; k += 2)
        assert_int_equal(nqpf_optset_add(*set, kv[k], kv[k + 1]), NQPF_OK);
    return nqpf_dea_options_parse(o, *set);
}

static void test_price_errors(void **state)
{
    (void)state;
    nqpf_optset *set = NULL;
    nqpf_dea_options o;
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "input_prices", "w1", NULL};
        tu_assert_error(parse(&o, &set, kv), NQPF_EUSAGE, "expected 2 price columns");
        assert_string_equal(nqpf_error_key(), "input_prices");
    }
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "output_prices", "p1,p2", NULL};
        tu_assert_error(parse(&o, &set, kv), NQPF_EUSAGE, "one per output");
        assert_string_equal(nqpf_error_key(), "output_prices");
    }
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "input_prices", "w1,w2", "orientation", "out", NULL};
        tu_assert_error(parse(&o, &set, kv), NQPF_EUSAGE, "orientation in");
    }
    {
        /* revenue: orientation out by default */
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "output_prices", "p", NULL};
        assert_int_equal(parse(&o, &set, kv), NQPF_OK);
        assert_int_equal(o.orientation, NQPF_DEA_OUT);
        assert_int_equal(o.nprices_y, 1);
    }
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "output_prices", "p", "input_prices", "w1,w2", NULL};
        tu_assert_error(parse(&o, &set, kv), NQPF_EUSAGE, "needs rts vrs");
        assert_string_equal(nqpf_error_key(), "rts");
    }
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "input_prices", "w1,w2", "model", "sbm", NULL};
        tu_assert_error(parse(&o, &set, kv), NQPF_EUSAGE, "model radial only");
    }
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "input_prices", "w1,x2", NULL};
        tu_assert_error(parse(&o, &set, kv), NQPF_EUSAGE, "is a price and an input");
    }
    /* data: a negative price and a missing price name the row and column */
    {
        const char *kv[] = {"inputs", "x1,x2", "outputs", "y", "input_prices", "w1,w2", NULL};
        assert_int_equal(parse(&o, &set, kv), NQPF_OK);
        nqpf_panel *p = tu_panel_from_text("id,t,x1,x2,y,w1,w2\na,1,1,2,1,1,2\nb,1,2,1,1,-1,2\n", "id", "t");
        nqpf_table *res = NULL;
        tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "w1");
        assert_true(strstr(nqpf_error_message(), ">= 0") != NULL);
        nqpf_panel_free(p);
        p = tu_panel_from_text("id,t,x1,x2,y,w1,w2\na,1,1,2,1,1,2\nb,1,2,1,1,1,\n", "id", "t");
        tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "w2");
        nqpf_panel_free(p);
        p = tu_panel_from_text("id,t,x1,x2,y,w1\na,1,1,2,1,1\n", "id", "t");
        tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "w2");
        nqpf_panel_free(p);
    }
    nqpf_optset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coelli1998_cost),
        cmocka_unit_test(test_dear_coelli1998),
        cmocka_unit_test(test_cost_revenue_random),
        cmocka_unit_test(test_profit_random),
        cmocka_unit_test(test_price_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
