/* The epsilon-based measure (Tone and Tsutsui 2010, src/dea/ebm.c) against
 *  - the paper's printed numerical examples (tests/data/ebm/README.md: Example 1, Example 2 and the
 *    12 hospitals of Tables 9, 10 and 13, as transcribed from the paper by DEAPack), to the printed
 *    digits;
 *  - an independently written formulation: the EBM LPs as plain GLPK calls in this file (unscaled,
 *    its own variable layout, exact rational simplex when the floating one disagrees) on 1,500
 *    random problems with ties, duplicated DMUs, bad outputs and data from 1e-6 to 1e9, plus a
 *    check that the returned slacks and intensities satisfy the model's constraints and give the
 *    returned score;
 *  - epsilon and the weights from an affinity matrix computed again here, its principal eigenvector
 *    by power iteration (no GSL), on 500 random data sets. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "dea/dea_internal.h"

/* ---- the paper's examples ----------------------------------------------------------------------- */

/* A panel from tests/data/ebm/<name> with a constant time column t = 1. */
static nqpf_panel *ebm_panel(const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "tests/data/ebm/%s", name);
    FILE *f = fopen(tu_source(rel), "r");
    if (!f)
        fail_msg("cannot open %s", rel);
    char line[512], *text = calloc(1, 16384);
    size_t len = 0;
    int first = 1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!*line)
            continue;
        len += (size_t)snprintf(text + len, 16384 - len, "%s,%s\n", line, first ? "t" : "1");
        first = 0;
    }
    fclose(f);
    nqpf_panel *p = tu_panel_from_text(text, "DMU", "t");
    free(text);
    return p;
}

static nqpf_table *run_ebm(const nqpf_panel *p, const char *const *in, size_t m, const char *const *out, size_t s,
                           nqpf_dea_orientation orient, nqpf_dea_rts rts)
{
    nqpf_dea_options o;
    assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
    o.model = NQPF_DEA_EBM;
    o.inputs = in;
    o.ninputs = m;
    o.outputs = out;
    o.noutputs = s;
    o.orientation = orient;
    o.rts = rts;
    o.slacks = 1;
    nqpf_table *res = NULL;
    if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
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

/* Half a unit of the printed last digit (3 decimals), plus 1e-6 for the epsilon the paper computed
 * from Table 10's rounded projections (0.529398) where we compute it from the exact projections
 * (0.529420): the scores move by less than 0.15 x 2.2e-5. */
#define PRINTED3 (5e-4 + 1e-6)

static void test_hospitals_table13(void **state)
{
    (void)state;
    nqpf_panel *p = ebm_panel("hospitals.csv");
    static const char *const in[] = {"doctors", "nurses"}, *const out[] = {"outpatients", "inpatients"};
    nqpf_table *res = run_ebm(p, in, 2, out, 2, NQPF_DEA_IN, NQPF_DEA_CRS);
    /* Table 13, EBM-I-C: score, theta, input slacks (doctors, nurses) */
    static const double score[] = {1, 1, 0.868, 0.986, 0.761, 0.771, 0.898, 0.788, 0.931, 0.829, 0.912, 0.946};
    static const double theta[] = {1, 1, 0.885, 1.016, 0.766, 0.846, 0.902, 0.804, 0.960, 0.885, 0.964, 0.958};
    static const double sd[] = {0, 0, 1.644, 3.078, 0.461, 15.696, 0, 1.887, 0, 10.404, 10.328, 0};
    static const double sn[] = {0, 0, 0, 0, 0, 0, 3.349, 0, 27.206, 0, 0, 12.600};
    const double *g = col(res, "gamma"), *te = col(res, "te"), *th = col(res, "theta"), *s1 = col(res, "slack_doctors"),
                 *s2 = col(res, "slack_nurses"), *eps = col(res, "eps_x"), *w1 = col(res, "w_doctors"),
                 *w2 = col(res, "w_nurses"), *o1 = col(res, "slack_outpatients"), *o2 = col(res, "slack_inpatients");
    assert_int_equal(nqpf_table_nrows(res), 12);
    for (size_t i = 0; i < 12; i++) {
        char ctx[64];
        snprintf(ctx, sizeof ctx, "hospital %c", (char)('A' + i));
        tu_assert_close(g[i], score[i], 0, PRINTED3, ctx);
        tu_assert_close(te[i], g[i], 0, 0, ctx);
        tu_assert_close(th[i], theta[i], 0, PRINTED3, ctx);
        tu_assert_close(s1[i], sd[i], 0, PRINTED3, ctx);
        /* L's nurse slack is printed 12.600 where the optimum is 12.60062 (the paper truncates here) */
        tu_assert_close(s2[i], sn[i], 0, i == 11 ? 1e-3 : PRINTED3, ctx);
        /* printed epsilon 0.529, weights 0.5 and 0.5 (Table 11/12) */
        tu_assert_close(eps[i], 0.529, 0, PRINTED3, ctx);
        /* the full-precision epsilon of the eq. 19 chain from the exact Table 9 data, computed
         * independently by DEAPack's oracle (specs/oracles/tone_tsutsui_2010_ebm_ic.md) */
        tu_assert_close(eps[i], 0.529420114320, 0, 1e-11, ctx);
        tu_assert_close(w1[i], 0.5, 0, 1e-12, ctx);
        tu_assert_close(w2[i], 0.5, 0, 1e-12, ctx);
        /* no output surplus in this example */
        tu_assert_close(o1[i], 0, 0, 1e-9, ctx);
        tu_assert_close(o2[i], 0, 0, 1e-9, ctx);
    }
    /* hospital D (p. 21): lambda_A = 18/85, lambda_B = 18/17, theta = 1209/1190 */
    tu_assert_close(th[3], 1209.0 / 1190.0, 1e-12, 0, "D theta");
    tu_assert_close(col(res, "lambda_sum")[3], 18.0 / 85.0 + 18.0 / 17.0, 1e-10, 0, "D lambdas");
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

/* The first stage (eq. 19) reproduces Table 10's projected inputs (2 decimals); the affinity of
 * Table 10's printed inputs is the printed 0.471 (diversity 0.265), epsilon 0.529, weights 0.5. */
static void test_hospitals_table10(void **state)
{
    (void)state;
    nqpf_panel *p = ebm_panel("hospitals.csv");
    nqpf_panel *q = ebm_panel("hospitals_table10_projection.csv");
    static const char *const names[] = {"doctors", "nurses", "outpatients", "inpatients"};
    double x[24], y[24], proj[48], t10[24];
    for (size_t v = 0; v < 4; v++) {
        const double *c;
        assert_int_equal(nqpf_panel_require(p, names[v], NQPF_REQ_COMPLETE, NULL, 0, "test", &c), NQPF_OK);
        for (size_t j = 0; j < 12; j++) {
            if (v < 2)
                x[j * 2 + v] = c[j];
            else
                y[j * 2 + v - 2] = c[j];
        }
        if (v < 2) {
            assert_int_equal(nqpf_panel_require(q, names[v], NQPF_REQ_COMPLETE, NULL, 0, "test", &c), NQPF_OK);
            memcpy(t10 + v * 12, c, 12 * sizeof *c);
        }
    }
    nqpf_dea_ref ref = {12, 2, 2, 0, x, y, NULL};
    assert_int_equal(nqpf__dea_ebm_project(&ref, proj), NQPF_OK);
    for (size_t v = 0; v < 2; v++)
        for (size_t j = 0; j < 12; j++) {
            char ctx[64];
            snprintf(ctx, sizeof ctx, "Table 10 %s of %c", names[v], (char)('A' + j));
            tu_assert_close(proj[v * 12 + j], t10[v * 12 + j], 0, 0.005 + 1e-9, ctx);
        }
    double eps, w[2], S[4];
    assert_int_equal(nqpf__dea_ebm_affinity(t10, 12, 2, &eps, w, S), NQPF_OK);
    tu_assert_close(S[1], 0.471, 0, 5e-4, "affinity (printed)");
    tu_assert_close((1 - S[1]) / 2, 0.265, 0, 5e-4, "diversity (printed)");
    tu_assert_close(S[1], S[2], 0, 0, "symmetric");
    tu_assert_close(eps, 0.529, 0, 5e-4, "epsilon (printed)");
    /* DEAPack's independent computation from the same rounded Table 10 */
    tu_assert_close(S[1], 0.470601976897, 0, 1e-11, "affinity (DEAPack)");
    tu_assert_close(eps, 0.529398023103, 0, 1e-11, "epsilon (DEAPack)");
    tu_assert_close(w[0], 0.5, 0, 1e-12, "w1");
    tu_assert_close(w[1], 0.5, 0, 1e-12, "w2");
    nqpf_panel_free(p);
    nqpf_panel_free(q);
}

/* Example 1: every DMU projects to A = (1, 1), so epsilon = 0 and EBM is CCR: 1, .5, .5, .333,
 * .2, .167 as printed. Example 2: the projections (2,6), (6,3), (6,3), (2,6) give S = I, epsilon
 * 1, the printed weights (0.5, 0.5) and scores 1, 1, 0.8, 0.8. */
static void test_examples_1_2(void **state)
{
    (void)state;
    static const char *const in[] = {"x1", "x2"}, *const out[] = {"y"};
    nqpf_panel *p = ebm_panel("example1.csv");
    nqpf_table *res = run_ebm(p, in, 2, out, 1, NQPF_DEA_IN, NQPF_DEA_CRS);
    static const double e1[] = {1.000, 0.500, 0.500, 0.333, 0.200, 0.167};
    for (size_t i = 0; i < 6; i++) {
        tu_assert_close(col(res, "gamma")[i], e1[i], 0, 5e-4, "example 1 (printed)");
        tu_assert_close(col(res, "eps_x")[i], 0, 0, 1e-12, "example 1 epsilon");
    }
    nqpf_table_free(res);
    nqpf_panel_free(p);
    p = ebm_panel("example2.csv");
    res = run_ebm(p, in, 2, out, 1, NQPF_DEA_IN, NQPF_DEA_CRS);
    static const double e2[] = {1, 1, 0.8, 0.8};
    for (size_t i = 0; i < 4; i++) {
        tu_assert_close(col(res, "gamma")[i], e2[i], 0, 1e-9, "example 2 (printed)");
        tu_assert_close(col(res, "eps_x")[i], 1, 0, 1e-12, "example 2 epsilon");
        tu_assert_close(col(res, "w_x1")[i], 0.5, 0, 1e-12, "example 2 w1");
        tu_assert_close(col(res, "w_x2")[i], 0.5, 0, 1e-12, "example 2 w2");
    }
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

/* ---- random problems: an independent formulation --------------------------------------------- */

#define MAXN 14
#define MAXV 3

typedef struct prob {
    size_t n, m, s, nb;
    double x[MAXN * MAXV], y[MAXN * MAXV], b[MAXN * MAXV];
    double x0[MAXV], y0[MAXV], b0[MAXV];
    double eps[3], w[3 * MAXV];
    nqpf_dea_rts rts;
    nqpf_dea_orientation orient;
} prob;

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static size_t pick(size_t n) { return (size_t)(rnd() % n); }

static void random_weights(double *w, size_t k)
{
    double sum = 0;
    for (size_t a = 0; a < k; a++)
        sum += (w[a] = pick(4) == 0 ? 0.0 : unif());
    if (!(sum > 0)) {
        w[0] = sum = 1;
    }
    for (size_t a = 0; a < k; a++)
        w[a] /= sum;
}

static void random_prob(prob *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->n = 1 + pick(MAXN);
    pr->m = 1 + pick(MAXV);
    pr->s = 1 + pick(MAXV);
    pr->nb = pick(3);
    pr->orient = (nqpf_dea_orientation)pick(3);
    pr->rts = (nqpf_dea_rts)pick(4);
    int mode = (int)pick(3); /* 0 reals, 1 small integers (ties), 2 one common value */
    size_t nv = pr->m + pr->s + pr->nb;
    double scale[3 * MAXV];
    double cs = pow(10.0, -6.0 + 15.0 * unif());
    int common = pick(2) == 0;
    for (size_t v = 0; v < nv; v++)
        scale[v] = common ? cs : pow(10.0, -6.0 + 15.0 * unif());
    for (size_t j = 0; j < pr->n; j++) {
        for (size_t v = 0; v < nv; v++) {
            double d = mode == 0 ? 0.5 + 9.5 * unif() : mode == 1 ? (double)(1 + pick(4)) : 3.0;
            d *= scale[v];
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
    /* a DMU of the set, or a scaled one off the set */
    size_t e = pick(pr->n);
    double fx = 1, fy = 1;
    if (pick(4) == 0) {
        fx = 0.5 + unif();
        fy = 0.5 + unif();
    }
    for (size_t a = 0; a < pr->m; a++)
        pr->x0[a] = pr->x[e * pr->m + a] * fx;
    for (size_t a = 0; a < pr->s; a++)
        pr->y0[a] = pr->y[e * pr->s + a] * fy;
    for (size_t a = 0; a < pr->nb; a++)
        pr->b0[a] = pr->b[e * pr->nb + a] * fy;
    for (int k = 0; k < 3; k++) {
        int c = (int)pick(5);
        /* near 1 rather than 1: with eps = 1 the model has a zero-cost ray (theta and s- = theta x0
         * growing together) that the rounded coefficients eps w / x0 can tilt by 1e-17, unbounded
         * in exact arithmetic; eps = 1 exactly is Example 2's */
        pr->eps[k] = c == 0 ? 0.0 : c == 1 ? 1.0 - 1.0 / 1048576.0 : unif();
    }
    if (!pr->nb)
        pr->eps[2] = 0;
    random_weights(pr->w, pr->m);
    random_weights(pr->w + pr->m, pr->s);
    if (pr->nb)
        random_weights(pr->w + pr->m + pr->s, pr->nb);
}

/* The EBM model written directly from the paper (eqs. 6-14) with the bad outputs of docs/dea.md,
 * as a GLPK problem in the original variables: columns lambda_1..n, theta, eta, s-_i, s+_r, sb_p
 * and, for the non-oriented ratio, the Charnes-Cooper t (all variables multiplied by t = 1 /
 * denominator; sum lambda (rel) t for VRS/NIRS/NDRS). Returns the score (1/optimum for the output
 * orientation). */
static double glpk_ebm(const prob *pr, int exact, nqpf_lp_status *st)
{
    size_t n = pr->n, m = pr->m, s = pr->s, nb = pr->nb;
    int in = pr->orient != NQPF_DEA_OUT, out = pr->orient != NQPF_DEA_IN, no = pr->orient == NQPF_DEA_NONE;
    glp_prob *P = glp_create_prob();
    int L = 1, TH = (int)n + 1, ET = TH + 1, SM = ET + 1, SP = SM + (int)m, SB = SP + (int)s, T = SB + (int)nb;
    glp_add_cols(P, T);
    for (int c = 1; c <= T; c++)
        glp_set_col_bnds(P, c, GLP_LO, 0, 0);
    glp_set_col_bnds(P, TH, in ? GLP_FR : GLP_FX, 0, 0);
    glp_set_col_bnds(P, ET, out ? GLP_FR : GLP_FX, 0, 0);
    int cc = no && pr->rts != NQPF_DEA_CRS;
    if (!cc)
        glp_set_col_bnds(P, T, GLP_FX, 0, 0);
    glp_set_obj_dir(P, pr->orient == NQPF_DEA_OUT ? GLP_MAX : GLP_MIN);
    int ind[MAXN + 8];
    double val[MAXN + 8];
    /* inputs: sum lambda x + s- - theta x0 = 0 (in, none) or sum lambda x <= x0 (out) */
    for (size_t i = 0; i < m; i++) {
        int r = glp_add_rows(P, 1), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = pr->x[j * m + i];
        if (in) {
            ind[++q] = SM + (int)i, val[q] = 1;
            ind[++q] = TH, val[q] = -pr->x0[i];
            glp_set_row_bnds(P, r, GLP_FX, 0, 0);
            glp_set_obj_coef(P, SM + (int)i, -pr->eps[0] * pr->w[i] / pr->x0[i]);
        } else {
            glp_set_row_bnds(P, r, GLP_UP, 0, pr->x0[i]);
        }
        glp_set_mat_row(P, r, q, ind, val);
    }
    /* good outputs: sum lambda y - s+ - eta y0 = 0 (out, none) or sum lambda y >= y0 (in) */
    for (size_t k = 0; k < s; k++) {
        int r = glp_add_rows(P, 1), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = pr->y[j * s + k];
        if (out) {
            ind[++q] = SP + (int)k, val[q] = -1;
            ind[++q] = ET, val[q] = -pr->y0[k];
            glp_set_row_bnds(P, r, GLP_FX, 0, 0);
            if (!no)
                glp_set_obj_coef(P, SP + (int)k, pr->eps[1] * pr->w[m + k] / pr->y0[k]);
        } else {
            glp_set_row_bnds(P, r, GLP_LO, pr->y0[k], 0);
        }
        glp_set_mat_row(P, r, q, ind, val);
    }
    /* bad outputs: sum lambda b + sb - eta b0 = 0 (out, none) or sum lambda b <= b0 (in) */
    for (size_t k = 0; k < nb; k++) {
        int r = glp_add_rows(P, 1), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = pr->b[j * nb + k];
        if (out) {
            ind[++q] = SB + (int)k, val[q] = 1;
            ind[++q] = ET, val[q] = -pr->b0[k];
            glp_set_row_bnds(P, r, GLP_FX, 0, 0);
            if (!no)
                glp_set_obj_coef(P, SB + (int)k, pr->eps[2] * pr->w[m + s + k] / pr->b0[k]);
        } else {
            glp_set_row_bnds(P, r, GLP_UP, 0, pr->b0[k]);
        }
        glp_set_mat_row(P, r, q, ind, val);
    }
    /* slacks of the side that does not move are not variables of the model */
    for (size_t i = 0; !in && i < m; i++)
        glp_set_col_bnds(P, SM + (int)i, GLP_FX, 0, 0);
    for (size_t k = 0; !out && k < s; k++)
        glp_set_col_bnds(P, SP + (int)k, GLP_FX, 0, 0);
    for (size_t k = 0; !out && k < nb; k++)
        glp_set_col_bnds(P, SB + (int)k, GLP_FX, 0, 0);
    if (no) {
        /* the denominator = 1 */
        int r = glp_add_rows(P, 1), q = 0;
        ind[++q] = ET, val[q] = 1;
        for (size_t k = 0; k < s; k++)
            ind[++q] = SP + (int)k, val[q] = pr->eps[1] * pr->w[m + k] / pr->y0[k];
        for (size_t k = 0; k < nb; k++)
            ind[++q] = SB + (int)k, val[q] = pr->eps[2] * pr->w[m + s + k] / pr->b0[k];
        glp_set_row_bnds(P, r, GLP_FX, 1, 1);
        glp_set_mat_row(P, r, q, ind, val);
    }
    glp_set_obj_coef(P, TH, in ? 1 : 0);
    glp_set_obj_coef(P, ET, pr->orient == NQPF_DEA_OUT ? 1 : 0);
    if (pr->rts != NQPF_DEA_CRS) {
        int r = glp_add_rows(P, 1), q = 0;
        for (size_t j = 0; j < n; j++)
            ind[++q] = L + (int)j, val[q] = 1;
        if (cc)
            ind[++q] = T, val[q] = -1;
        double rhs = cc ? 0 : 1;
        int type = pr->rts == NQPF_DEA_VRS ? GLP_FX : pr->rts == NQPF_DEA_NIRS ? GLP_UP : GLP_LO;
        glp_set_row_bnds(P, r, type, rhs, rhs);
        glp_set_mat_row(P, r, q, ind, val);
    }
    double v = tu_glpk_solve(P, exact, st);
    if (*st == NQPF_LP_OPTIMAL) {
        if (pr->orient == NQPF_DEA_OUT)
            v = 1.0 / v;
    }
    glp_delete_prob(P);
    return v;
}

/* The returned solution is feasible and its objective is the returned score. */
static void check_certificate(const prob *pr, double score, double theta, double eta, const double *sx, const double *sy,
                              const double *sb, const double *lambda, const char *ctx)
{
    size_t n = pr->n, m = pr->m, s = pr->s, nb = pr->nb;
    int in = pr->orient != NQPF_DEA_OUT, out = pr->orient != NQPF_DEA_IN;
    for (size_t j = 0; j < n; j++)
        assert_true(lambda[j] >= 0);
    double lsum = 0;
    for (size_t j = 0; j < n; j++)
        lsum += lambda[j];
    if (pr->rts == NQPF_DEA_VRS)
        tu_assert_close(lsum, 1, 1e-7, 1e-7, ctx);
    double num = in ? theta : 1, den = out ? eta : 1;
    for (size_t i = 0; i < m; i++) {
        double xl = 0;
        for (size_t j = 0; j < n; j++)
            xl += lambda[j] * pr->x[j * m + i];
        assert_true(sx[i] >= 0);
        if (in) {
            tu_assert_close(xl + sx[i], theta * pr->x0[i], 1e-6, 1e-7 * (xl + sx[i] + pr->x0[i]), ctx);
            num -= pr->eps[0] * pr->w[i] * sx[i] / pr->x0[i];
        } else {
            assert_true(xl <= pr->x0[i] * (1 + 1e-6));
        }
    }
    for (size_t k = 0; k < s; k++) {
        double yl = 0;
        for (size_t j = 0; j < n; j++)
            yl += lambda[j] * pr->y[j * s + k];
        if (out) {
            tu_assert_close(yl - sy[k], eta * pr->y0[k], 1e-6, 1e-7 * (yl + sy[k] + pr->y0[k]), ctx);
            den += pr->eps[1] * pr->w[m + k] * sy[k] / pr->y0[k];
        } else {
            assert_true(yl >= pr->y0[k] * (1 - 1e-6));
        }
    }
    for (size_t k = 0; k < nb; k++) {
        double bl = 0;
        for (size_t j = 0; j < n; j++)
            bl += lambda[j] * pr->b[j * nb + k];
        if (out) {
            tu_assert_close(bl + sb[k], eta * pr->b0[k], 1e-6, 1e-7 * (bl + sb[k] + pr->b0[k]), ctx);
            den += pr->eps[2] * pr->w[m + s + k] * sb[k] / pr->b0[k];
        } else {
            assert_true(bl <= pr->b0[k] * (1 + 1e-6));
        }
    }
    tu_assert_close(num / den, score, 1e-6, 1e-9, ctx);
}

static void test_random_independent(void **state)
{
    (void)state;
    size_t total = 1500, optimal = 0, by_orient[3] = {0}, with_bads = 0;
    for (size_t it = 0; it < total; it++) {
        prob pr;
        random_prob(&pr);
        char ctx[96];
        snprintf(ctx, sizeof ctx, "random problem %zu (orient %d rts %d n %zu m %zu s %zu nb %zu)", it, (int)pr.orient,
                 (int)pr.rts, pr.n, pr.m, pr.s, pr.nb);
        nqpf_dea_ref ref = {pr.n, pr.m, pr.s, pr.nb, pr.x, pr.y, pr.nb ? pr.b : NULL};
        double score, theta, eta, sx[MAXV], sy[MAXV], sb[MAXV], lambda[MAXN];
        nqpf_lp_status st, gst;
        if (nqpf__dea_ebm(&ref, pr.x0, pr.y0, pr.b0, pr.rts, pr.orient, pr.eps, pr.w, &score, &theta, &eta, &st, sx, sy,
                          sb, lambda) != NQPF_OK)
            fail_msg("%s: %s", ctx, nqpf_error_message());
        double g = glpk_ebm(&pr, 0, &gst);
        if (!(st == gst && (st != NQPF_LP_OPTIMAL || tu_close(score, g, 1e-8, 1e-10)))) {
            g = glpk_ebm(&pr, 1, &gst); /* exact rational arithmetic before failing */
            if (st != gst)
                fail_msg("%s: nqpf %s, GLPK %s", ctx, nqpf_lp_status_name(st), nqpf_lp_status_name(gst));
            if (st == NQPF_LP_OPTIMAL)
                tu_assert_close(score, g, 1e-8, 1e-10, ctx);
        }
        if (st == NQPF_LP_OPTIMAL) {
            optimal++;
            assert_true(score > 0);
            check_certificate(&pr, score, theta, eta, sx, sy, sb, lambda, ctx);
        }
        by_orient[pr.orient]++;
        with_bads += pr.nb > 0;
    }
    for (int k = 0; k < 3; k++)
        assert_true(by_orient[k] > 400);
    assert_true(with_bads > 800);
    assert_true(optimal > total * 3 / 4);
    print_message("EBM vs GLPK: %zu of %zu optimal\n", optimal, total);
}

/* ---- epsilon and weights: power iteration on an affinity matrix computed here ------------------- */

static void test_affinity_power_iteration(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t it = 0; it < 500; it++) {
        size_t n = 2 + pick(30), k = 2 + pick(4);
        double data[32 * 6], S[36];
        int mode = (int)pick(3);
        for (size_t v = 0; v < k; v++) {
            double sc = pow(10.0, -6.0 + 15.0 * unif());
            for (size_t j = 0; j < n; j++)
                data[v * n + j] = sc * (mode == 1 ? (double)(1 + pick(3)) : 0.1 + unif());
            /* a variable proportional to the previous one (affinity 1) */
            if (v > 0 && mode == 2 && pick(2) == 0)
                for (size_t j = 0; j < n; j++)
                    data[v * n + j] = 7.0 * data[(v - 1) * n + j];
        }
        /* S from the paper's formulas, written again */
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++) {
                double c[32], mean = 0, lo = 1e300, hi = -1e300, dev = 0;
                for (size_t j = 0; j < n; j++) {
                    c[j] = log(data[b * n + j]) - log(data[a * n + j]);
                    mean += c[j] / (double)n;
                    lo = fmin(lo, c[j]);
                    hi = fmax(hi, c[j]);
                }
                for (size_t j = 0; j < n; j++)
                    dev += fabs(c[j] - mean);
                S[a * k + b] = hi - lo > 1e-8 ? 1 - 2 * dev / ((double)n * (hi - lo)) : 1;
            }
        /* power iteration from the ones vector: converges to the component of ones in the
         * dominant eigenspace (S >= 0, symmetric) */
        double w[6], w2[6], rho = 0;
        for (size_t a = 0; a < k; a++)
            w[a] = 1;
        for (int iter = 0; iter < 20000; iter++) {
            double nrm = 0;
            for (size_t a = 0; a < k; a++) {
                w2[a] = 0;
                for (size_t b = 0; b < k; b++)
                    w2[a] += S[a * k + b] * w[b];
                nrm += w2[a] * w2[a];
            }
            nrm = sqrt(nrm);
            for (size_t a = 0; a < k; a++)
                w[a] = w2[a] / nrm;
        }
        double num = 0, den = 0;
        for (size_t a = 0; a < k; a++) {
            double sw = 0;
            for (size_t b = 0; b < k; b++)
                sw += S[a * k + b] * w[b];
            num += w[a] * sw;
            den += w[a] * w[a];
        }
        rho = num / den;
        double sum = 0;
        for (size_t a = 0; a < k; a++)
            sum += w[a];
        double eps, wq[6], Sq[36];
        assert_int_equal(nqpf__dea_ebm_affinity(data, n, k, &eps, wq, Sq), NQPF_OK);
        for (size_t q = 0; q < k * k; q++)
            tu_assert_close(Sq[q], S[q], 1e-10, 1e-10, "affinity matrix");
        tu_assert_close(eps, ((double)k - rho) / ((double)k - 1), 1e-9, 1e-9, "epsilon");
        assert_true(eps >= 0 && eps <= 1);
        double wsum = 0;
        for (size_t a = 0; a < k; a++) {
            tu_assert_close(wq[a], w[a] / sum, 1e-7, 1e-7, "weight");
            wsum += wq[a];
        }
        tu_assert_close(wsum, 1, 1e-12, 0, "weights sum to 1");
        checked++;
    }
    /* one variable: epsilon 0, weight 1 */
    double one[3] = {1, 2, 3}, eps, w[1];
    assert_int_equal(nqpf__dea_ebm_affinity(one, 3, 1, &eps, w, NULL), NQPF_OK);
    assert_true(eps == 0 && w[0] == 1);
    assert_int_equal(checked, 500);
}

/* ---- through the front door: refusals --------------------------------------------------------- */

static void test_refusals(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,t,x,y,b\nA,1,1,2,1\nB,1,2,3,1\nC,1,0,1,1\n", "id", "t");
    static const char *const in[] = {"x"}, *const out[] = {"y"}, *const bad[] = {"b"};
    nqpf_dea_options o;
    assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
    o.model = NQPF_DEA_EBM;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = out;
    o.noutputs = 1;
    o.bads = bad;
    o.nbads = 1;
    nqpf_table *res = NULL;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EDATA, "EBM divides by every variable");
    o.super = 1;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "super-SBM");
    assert_string_equal(nqpf_error_key(), "super");
    nqpf_panel_free(p);
    /* the option set: model ebm is available */
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("dea"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "inputs", "x"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "outputs", "y"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "model", "ebm"), NQPF_OK);
    assert_int_equal(nqpf_dea_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.model, NQPF_DEA_EBM);
    nqpf_optset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hospitals_table13),     cmocka_unit_test(test_hospitals_table10),
        cmocka_unit_test(test_examples_1_2),          cmocka_unit_test(test_random_independent),
        cmocka_unit_test(test_affinity_power_iteration), cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
