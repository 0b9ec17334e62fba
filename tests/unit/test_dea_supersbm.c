/* Super-SBM with undesirable outputs (Tone 2002; with bad outputs as in Li, Fang, Yang, Wang and
 * Hong 2013; docs/dea.md "Super-SBM") against an independently written formulation: the program
 * in the projected point (xbar, ybar, bbar) rather than in slacks, as plain GLPK calls here,
 *   rho = min (1/m) sum xbar_i/x_io / [ (1/(s+q)) (sum ybar_r/y_ro + sum (2 - bbar_p/b_po)) ]
 *   s.t. xbar >= sum_{j != o} lambda_j x_j, ybar <= sum lambda_j y_j, bbar >= sum lambda_j b_j,
 *        xbar >= x_o, 0 <= ybar <= y_o, bbar >= b_o, lambda >= 0 (+ the RTS row),
 * input-oriented: ybar = y_o, bbar = b_o and the numerator only; output-oriented: xbar = x_o and
 * 1 / max of the denominator (a plain LP, no Charnes-Cooper); non-oriented: Charnes-Cooper.
 * Checked on 1,200 random problems (ties, duplicated DMUs, 0 to 2 bad outputs, data from 1e-6 to
 * 1e9), and through nqpf_dea_run() on the deaR data sets of Tone 2002 (power plants) and Tone 2003
 * (one bad output) for every SBM-efficient DMU. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "dea/dea_internal.h"

#define MAXN 14
#define MAXV 4

typedef struct prob {
    size_t n, m, s, nb, excl;
    double x[MAXN * MAXV], y[MAXN * MAXV], b[MAXN * MAXV];
    nqpf_dea_rts rts;
    nqpf_dea_orientation orient;
} prob;

/* The independent program for DMU pr->excl against the others. */
static double glpk_super(const prob *pr, int exact, nqpf_lp_status *st)
{
    size_t n = pr->n, m = pr->m, s = pr->s, nb = pr->nb, o = pr->excl;
    const double *x0 = pr->x + o * m, *y0 = pr->y + o * s, *b0 = pr->b + o * nb;
    int in = pr->orient == NQPF_DEA_IN, out = pr->orient == NQPF_DEA_OUT, cc = pr->orient == NQPF_DEA_NONE;
    double S = (double)(s + nb);
    glp_prob *P = glp_create_prob();
    /* columns: lambda (n; the evaluated one fixed at 0), xbar (m), ybar (s), bbar (nb), t */
    int L = 1, XB = (int)n + 1, YB = XB + (int)m, BB = YB + (int)s, T = BB + (int)nb;
    glp_add_cols(P, T);
    for (int c = 1; c <= T; c++)
        glp_set_col_bnds(P, c, GLP_LO, 0, 0);
    glp_set_col_bnds(P, L + (int)o, GLP_FX, 0, 0);
    /* t: the Charnes-Cooper scale (non-oriented), else 1 */
    glp_set_col_bnds(P, T, cc ? GLP_LO : GLP_FX, cc ? 0 : 1, cc ? 0 : 1);
    int ind[MAXN + 8];
    double val[MAXN + 8];
    for (size_t i = 0; i < m; i++) {
        /* xbar_i - sum lambda x_i >= 0; xbar_i - t x0_i >= 0 (= 0 in the output orientation) */
        int r = glp_add_rows(P, 2), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = -pr->x[j * m + i];
        ind[++q] = XB + (int)i, val[q] = 1;
        glp_set_row_bnds(P, r, GLP_LO, 0, 0);
        glp_set_mat_row(P, r, q, ind, val);
        q = 0;
        ind[++q] = XB + (int)i, val[q] = 1;
        ind[++q] = T, val[q] = -x0[i];
        glp_set_row_bnds(P, r + 1, out ? GLP_FX : GLP_LO, 0, 0);
        glp_set_mat_row(P, r + 1, q, ind, val);
    }
    for (size_t k = 0; k < s; k++) {
        /* sum lambda y - ybar >= 0; t y0 - ybar >= 0 (= 0 in the input orientation) */
        int r = glp_add_rows(P, 2), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = pr->y[j * s + k];
        ind[++q] = YB + (int)k, val[q] = -1;
        glp_set_row_bnds(P, r, GLP_LO, 0, 0);
        glp_set_mat_row(P, r, q, ind, val);
        q = 0;
        ind[++q] = YB + (int)k, val[q] = -1;
        ind[++q] = T, val[q] = y0[k];
        glp_set_row_bnds(P, r + 1, in ? GLP_FX : GLP_LO, 0, 0);
        glp_set_mat_row(P, r + 1, q, ind, val);
    }
    for (size_t k = 0; k < nb; k++) {
        /* bbar - sum lambda b >= 0; bbar - t b0 >= 0 (= 0 in the input orientation) */
        int r = glp_add_rows(P, 2), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = -pr->b[j * nb + k];
        ind[++q] = BB + (int)k, val[q] = 1;
        glp_set_row_bnds(P, r, GLP_LO, 0, 0);
        glp_set_mat_row(P, r, q, ind, val);
        q = 0;
        ind[++q] = BB + (int)k, val[q] = 1;
        ind[++q] = T, val[q] = -b0[k];
        glp_set_row_bnds(P, r + 1, in ? GLP_FX : GLP_LO, 0, 0);
        glp_set_mat_row(P, r + 1, q, ind, val);
    }
    if (pr->rts != NQPF_DEA_CRS) {
        int r = glp_add_rows(P, 1), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = 1;
        ind[++q] = T, val[q] = -1;
        int type = pr->rts == NQPF_DEA_VRS ? GLP_FX : pr->rts == NQPF_DEA_NIRS ? GLP_UP : GLP_LO;
        glp_set_row_bnds(P, r, type, 0, 0);
        glp_set_mat_row(P, r, q, ind, val);
    }
    if (out) {
        /* max (1/S) (sum ybar/y0 + sum (2 - bbar/b0)): the constant 2 q / S added afterwards */
        glp_set_obj_dir(P, GLP_MAX);
        for (size_t k = 0; k < s; k++)
            glp_set_obj_coef(P, YB + (int)k, 1.0 / (S * y0[k]));
        for (size_t k = 0; k < nb; k++)
            glp_set_obj_coef(P, BB + (int)k, -1.0 / (S * b0[k]));
    } else {
        glp_set_obj_dir(P, GLP_MIN);
        for (size_t i = 0; i < m; i++)
            glp_set_obj_coef(P, XB + (int)i, 1.0 / ((double)m * x0[i]));
        if (cc) {
            /* the denominator = 1: (1/S) (sum Ybar/y0 + 2 q t - sum Bbar/b0) = 1 */
            int r = glp_add_rows(P, 1), q = 0;
            for (size_t k = 0; k < s; k++)
                ind[++q] = YB + (int)k, val[q] = 1.0 / (S * y0[k]);
            for (size_t k = 0; k < nb; k++)
                ind[++q] = BB + (int)k, val[q] = -1.0 / (S * b0[k]);
            ind[++q] = T, val[q] = 2.0 * (double)nb / S;
            glp_set_row_bnds(P, r, GLP_FX, 1, 1);
            glp_set_mat_row(P, r, q, ind, val);
        }
    }
    double v = tu_glpk_solve(P, exact, st);
    if (*st == NQPF_LP_OPTIMAL) {
        if (out) {
            double D = v + 2.0 * (double)nb / S;
            if (D > 1e-12)
                v = 1.0 / D;
            else
                *st = NQPF_LP_INFEASIBLE, v = NAN; /* no positive denominator: no measure */
        }
    }
    glp_delete_prob(P);
    return v;
}

static uint64_t rng_state = 0x13198a2e03707344ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static size_t pick(size_t n) { return (size_t)(rnd() % n); }

static void random_prob(prob *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->n = 2 + pick(MAXN - 1);
    pr->m = 1 + pick(3);
    pr->s = 1 + pick(3);
    pr->nb = pick(3);
    pr->orient = (nqpf_dea_orientation)pick(3);
    pr->rts = (nqpf_dea_rts)pick(4);
    int mode = (int)pick(3); /* 0 reals, 1 small integers (ties), 2 one common value */
    size_t nv = pr->m + pr->s + pr->nb;
    double scale[3 * MAXV], cs = pow(10.0, -6.0 + 15.0 * unif());
    int common = pick(2) == 0;
    for (size_t v = 0; v < nv; v++)
        scale[v] = common ? cs : pow(10.0, -6.0 + 15.0 * unif());
    for (size_t j = 0; j < pr->n; j++) {
        for (size_t v = 0; v < nv; v++) {
            double d = (mode == 0 ? 0.5 + 9.5 * unif() : mode == 1 ? (double)(1 + pick(4)) : 3.0) * scale[v];
            if (v < pr->m)
                pr->x[j * pr->m + v] = d;
            else if (v < pr->m + pr->s)
                pr->y[j * pr->s + v - pr->m] = d;
            else
                pr->b[j * pr->nb + v - pr->m - pr->s] = d;
        }
        if (j > 0 && pick(5) == 0) { /* duplicated DMUs */
            size_t src = pick(j);
            memcpy(pr->x + j * pr->m, pr->x + src * pr->m, pr->m * sizeof(double));
            memcpy(pr->y + j * pr->s, pr->y + src * pr->s, pr->s * sizeof(double));
            memcpy(pr->b + j * pr->nb, pr->b + src * pr->nb, pr->nb * sizeof(double));
        }
    }
    pr->excl = pick(pr->n);
}

/* nqpf's super-SBM and the independent program agree (status, and value when optimal). */
static int compare(nqpf_dea_ws *ws, const prob *pr, const char *ctx)
{
    nqpf_dea_ref ref = {pr->n, pr->m, pr->s, pr->nb, pr->x, pr->y, pr->nb ? pr->b : NULL};
    size_t o = pr->excl;
    double rho;
    nqpf_lp_status st, gst;
    if (nqpf__dea_sbm(ws, &ref, pr->x + o * pr->m, pr->y + o * pr->s, pr->b + o * pr->nb, pr->rts, pr->orient, 1, o,
                      NQPF__DEA_NOEXCL, &rho, &st, NULL, NULL, NULL, NULL) != NQPF_OK)
        fail_msg("%s: %s", ctx, nqpf_error_message());
    /* a failed optimum without a positive scale t is nqpf's way of saying "no measure" */
    nqpf_lp_status st2 = st == NQPF_LP_FAILED ? NQPF_LP_INFEASIBLE : st;
    double g = glpk_super(pr, 0, &gst);
    if (st2 == gst && (st != NQPF_LP_OPTIMAL || tu_close(rho, g, 1e-8, 1e-10)))
        return st == NQPF_LP_OPTIMAL;
    g = glpk_super(pr, 1, &gst);
    if (st2 != gst)
        fail_msg("%s: nqpf %s (%.17g), independent %s (%.17g)", ctx, nqpf_lp_status_name(st), rho,
                 nqpf_lp_status_name(gst), g);
    if (st == NQPF_LP_OPTIMAL)
        tu_assert_close(rho, g, 1e-8, 1e-10, ctx);
    return st == NQPF_LP_OPTIMAL;
}

static void test_random_independent(void **state)
{
    (void)state;
    nqpf_dea_ws *ws;
    assert_int_equal(nqpf_dea_ws_new(&ws), NQPF_OK);
    size_t total = 1200, optimal = 0, by_orient[3] = {0}, with_bads = 0, above1 = 0;
    for (size_t it = 0; it < total; it++) {
        prob pr;
        random_prob(&pr);
        char ctx[128];
        snprintf(ctx, sizeof ctx, "random problem %zu (orient %d rts %d n %zu m %zu s %zu nb %zu)", it, (int)pr.orient,
                 (int)pr.rts, pr.n, pr.m, pr.s, pr.nb);
        if (compare(ws, &pr, ctx)) {
            optimal++;
            nqpf_lp_status gst;
            above1 += glpk_super(&pr, 0, &gst) > 1 + 1e-9;
        }
        by_orient[pr.orient]++;
        with_bads += pr.nb > 0;
    }
    nqpf_dea_ws_free(ws);
    for (int k = 0; k < 3; k++)
        assert_true(by_orient[k] > 300);
    assert_true(with_bads > 600);
    assert_true(optimal > total / 2);
    assert_true(above1 > total / 10); /* super-efficient DMUs (rho > 1) are well represented */
    print_message("super-SBM vs independent: %zu of %zu optimal, %zu above 1\n", optimal, total, above1);
}

/* ---- the deaR data sets through nqpf_dea_run ------------------------------------------------- */

static size_t check_set(const char *dir, const char *const *in, size_t m, const char *const *out, size_t s,
                        const char *const *bad, size_t nb)
{
    char rel[160];
    snprintf(rel, sizeof rel, "reference/%s/data.csv", dir);
    const char *path = tu_shared(rel);
    if (!path)
        return 0;
    nqpf_table *t = tu_read(path);
    size_t n = nqpf_table_nrows(t);
    /* the data with a time column */
    char *csv = calloc(1, 65536);
    size_t len = 0;
    len += (size_t)snprintf(csv + len, 65536 - len, "DMU,t");
    const char *names[12];
    size_t nv = m + s + nb;
    for (size_t v = 0; v < nv; v++) {
        names[v] = v < m ? in[v] : v < m + s ? out[v - m] : bad[v - m - s];
        len += (size_t)snprintf(csv + len, 65536 - len, ",%s", names[v]);
    }
    len += (size_t)snprintf(csv + len, 65536 - len, "\n");
    prob base;
    memset(&base, 0, sizeof base);
    base.n = n, base.m = m, base.s = s, base.nb = nb;
    for (size_t j = 0; j < n; j++) {
        len += (size_t)snprintf(csv + len, 65536 - len, "%s,1", nqpf_table_text(t, nqpf_table_find(t, "DMU"), j));
        for (size_t v = 0; v < nv; v++) {
            double d = nqpf_table_cnum(t, nqpf_table_find(t, names[v]))[j];
            len += (size_t)snprintf(csv + len, 65536 - len, ",%.17g", d);
            if (v < m)
                base.x[j * m + v] = d;
            else if (v < m + s)
                base.y[j * s + v - m] = d;
            else
                base.b[j * nb + v - m - s] = d;
        }
        len += (size_t)snprintf(csv + len, 65536 - len, "\n");
    }
    nqpf_panel *p = tu_panel_from_text(csv, "DMU", "t");
    free(csv);
    size_t checked = 0;
    for (int rts = 0; rts < 2; rts++)
        for (int orient = 0; orient < 3; orient++) {
            nqpf_dea_options o;
            assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
            o.model = NQPF_DEA_SBM;
            o.super = 1;
            o.rts = (nqpf_dea_rts)rts;
            o.orientation = (nqpf_dea_orientation)orient;
            o.inputs = in, o.ninputs = m, o.outputs = out, o.noutputs = s, o.bads = bad, o.nbads = nb;
            nqpf_table *res = NULL;
            if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
                fail_msg("%s: %s", dir, nqpf_error_message());
            const double *te = nqpf_table_cnum(res, nqpf_table_find(res, "te"));
            size_t sc = nqpf_table_find(res, "status");
            for (size_t j = 0; j < n; j++) {
                int optimal = strcmp(nqpf_table_text(res, sc, j), "optimal") == 0;
                /* super-SBM is run for SBM-efficient DMUs: te >= 1, or no measure (VRS) */
                if (optimal && te[j] < 1 - 1e-9)
                    continue;
                prob pr = base;
                pr.excl = j;
                pr.rts = o.rts;
                pr.orient = o.orientation;
                nqpf_lp_status gst;
                double g = glpk_super(&pr, 1, &gst);
                char ctx[128];
                snprintf(ctx, sizeof ctx, "%s rts %d orient %d DMU %zu", dir, rts, orient, j + 1);
                if (!optimal) {
                    if (gst == NQPF_LP_OPTIMAL)
                        fail_msg("%s: nqpf %s, independent optimal %.17g", ctx, nqpf_table_text(res, sc, j), g);
                } else {
                    if (gst != NQPF_LP_OPTIMAL)
                        fail_msg("%s: nqpf %.17g, independent not optimal", ctx, te[j]);
                    tu_assert_close(te[j], g, 1e-9, 0, ctx);
                    assert_true(te[j] >= 1 - 1e-9);
                }
                checked++;
            }
            nqpf_table_free(res);
        }
    nqpf_panel_free(p);
    nqpf_table_free(t);
    return checked;
}

static void test_dear_sets(void **state)
{
    (void)state;
    static const char *const pin[] = {"X1", "X2", "X3", "X4"}, *const pout[] = {"Y1", "Y2"};
    size_t a = check_set("dear_power_plants_tone2002_supereff", pin, 4, pout, 2, NULL, 0);
    static const char *const tin[] = {"x"}, *const tout[] = {"yg"}, *const tbad[] = {"yb"};
    size_t b = check_set("dear_tone2003_sbm_undesirable", tin, 1, tout, 1, tbad, 1);
    if (!a && !b)
        skip();
    print_message("deaR sets: %zu and %zu super-SBM scores checked\n", a, b);
    assert_true(a == 0 || a >= 20);
    assert_true(b == 0 || b >= 6);
}

/* Tone (2002): the input-oriented super-SBM keeps the outputs at their observed values, so an
 * efficient DMU does not score 1 by giving up outputs (the earlier program let the output slacks
 * float and gave every efficient power plant 1). */
static void test_oriented_keeps_other_side(void **state)
{
    (void)state;
    /* two DMUs with one input and one output: B = (2, 1) is the only other DMU when A = (1, 1) is
     * evaluated: input-oriented xbar >= 2 (ybar = 1), rho = 2; output-oriented xbar = 1 allows
     * lambda_B <= 1/2, ybar <= 1/2, rho = 1 / (1/2) = 2 */
    prob pr;
    memset(&pr, 0, sizeof pr);
    pr.n = 2, pr.m = 1, pr.s = 1;
    pr.x[0] = 1, pr.y[0] = 1, pr.x[1] = 2, pr.y[1] = 1;
    pr.excl = 0;
    nqpf_dea_ws *ws;
    assert_int_equal(nqpf_dea_ws_new(&ws), NQPF_OK);
    nqpf_dea_ref ref = {2, 1, 1, 0, pr.x, pr.y, NULL};
    for (int orient = 0; orient < 3; orient++) {
        double rho;
        nqpf_lp_status st;
        assert_int_equal(nqpf__dea_sbm(ws, &ref, pr.x, pr.y, NULL, NQPF_DEA_CRS, (nqpf_dea_orientation)orient, 1, 0,
                                       NQPF__DEA_NOEXCL, &rho, &st, NULL, NULL, NULL, NULL),
                         NQPF_OK);
        assert_int_equal(st, NQPF_LP_OPTIMAL);
        tu_assert_close(rho, 2.0, 1e-12, 0, orient == 0 ? "input" : orient == 1 ? "output" : "non-oriented");
    }
    nqpf_dea_ws_free(ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oriented_keeps_other_side),
        cmocka_unit_test(test_random_independent),
        cmocka_unit_test(test_dear_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
