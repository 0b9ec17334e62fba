/* Model fdh (free disposal hull, src/dea/fdh.c, by enumeration) against
 *  - DataEnvelopmentAnalysis.jl's unit-test literals (reference/jl_fls11_radial, model
 *    radial_fdh_input: dea(X, Y, orient = :Input, rts = :FDH); in tests/data/reference, MIT):
 *    efficiencies rel 1e-9, slacks abs 1e-8, lambdas where the peer is unique;
 *  - the mixed-integer program written here as plain GLPK calls (glp_intopt: lambda binary, sum
 *    lambda = 1), on 1,500 random problems with ties, duplicated DMUs, zeros and variables scaled
 *    from 1e-6 to 1e9, input and output orientation, with and without the evaluated DMU (super);
 *  - the options' rules (rts, orientation, undesirable outputs). */
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

/* ---- jl_fls11_radial ---------------------------------------------------------------------------- */

static void test_jl_fls11_fdh(void **state)
{
    (void)state;
    const char *dpath = tu_shared("reference/jl_fls11_radial/data.csv");
    if (!dpath)
        skip();
    nqpf_table *t = tu_read(dpath);
    size_t n = nqpf_table_nrows(t);
    double *one = malloc(n * sizeof *one);
    for (size_t i = 0; i < n; i++)
        one[i] = 1;
    assert_int_equal(nqpf_table_add_num(t, "period", one, NULL), NQPF_OK);
    free(one);
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "dmu", "period"), NQPF_OK);
    static const char *const in[] = {"x1", "x2"}, *const out[] = {"y1"};
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in, o.ninputs = 2, o.outputs = out, o.noutputs = 1;
    o.model = NQPF_DEA_FDH, o.rts = NQPF_DEA_VRS, o.orientation = NQPF_DEA_IN;
    o.slacks = 1, o.peers = 1;
    nqpf_table *res = NULL;
    if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
        fail_msg("fdh: %s", nqpf_error_message());
    const double *eff = nqpf_table_cnum(res, nqpf_table_find(res, "theta"));
    nqpf_table *d = tu_read(dpath); /* the panel owns t */
    const double *x1 = nqpf_table_cnum(d, nqpf_table_find(d, "x1")), *x2 = nqpf_table_cnum(d, nqpf_table_find(d, "x2"));
    const double *y1 = nqpf_table_cnum(d, nqpf_table_find(d, "y1"));
    size_t cpeer = nqpf_table_find(res, "peers");
    nqpf_table *e = tu_read(tu_shared("reference/jl_fls11_radial/expected.csv"));
    size_t cm = nqpf_table_find(e, "model_id"), cq = nqpf_table_find(e, "quantity");
    const double *dmu = nqpf_table_cnum(e, nqpf_table_find(e, "dmu"));
    const double *jj = nqpf_table_cnum(e, nqpf_table_find(e, "j"));
    const double *val = nqpf_table_cnum(e, nqpf_table_find(e, "value"));
    size_t neff = 0, nslack = 0, nlambda = 0;
    for (size_t r = 0; r < nqpf_table_nrows(e); r++) {
        if (strcmp(nqpf_table_text(e, cm, r), "radial_fdh_input") != 0)
            continue;
        const char *q = nqpf_table_text(e, cq, r);
        size_t i = (size_t)dmu[r] - 1, j = (size_t)jj[r] - 1;
        char ctx[128];
        snprintf(ctx, sizeof ctx, "fdh %s dmu %zu j %zu", q, i + 1, j + 1);
        if (strcmp(q, "efficiency") == 0) {
            tu_assert_close(eff[i], val[r], 1e-9, 1e-12, ctx);
            neff++;
        } else if (strcmp(q, "slack_x") == 0 || strcmp(q, "slack_y") == 0) {
            const char *name = q[6] == 'x' ? (j == 0 ? "slack_x1" : "slack_x2") : "slack_y1";
            tu_assert_close(nqpf_table_cnum(res, nqpf_table_find(res, name))[i], val[r], 0, 1e-8, ctx);
            nslack++;
        } else if (strcmp(q, "lambda") == 0 && val[r] == 1) {
            /* unique peer: no other DMU attains the optimum (counted here by brute force) */
            size_t ties = 0;
            for (size_t k = 0; k < n; k++) {
                if (!(y1[k] >= y1[i]))
                    continue;
                double ratio = fmax(x1[k] / x1[i], x2[k] / x2[i]);
                ties += fabs(ratio - eff[i]) <= 1e-12;
            }
            if (ties != 1)
                continue;
            char want[32];
            snprintf(want, sizeof want, "%zu", j + 1);
            assert_string_equal(nqpf_table_text(res, cpeer, i), want);
            nlambda++;
        }
    }
    assert_int_equal(neff, 11);
    assert_int_equal(nslack, 33);
    assert_true(nlambda >= 2); /* DMUs 5 and 10 at least */
    nqpf_table_free(e);
    nqpf_table_free(res);
    nqpf_panel_free(p);
    nqpf_table_free(d);
}

/* ---- the MIP, written independently ------------------------------------------------------------- */

#define MAXN 16
#define MAXV 3
typedef struct prob {
    size_t n, m, s;
    double x[MAXN * MAXV], y[MAXN * MAXV];
    double x0[MAXV], y0[MAXV];
    int out;       /* orientation out */
    size_t excl;   /* DMU left out or (size_t)-1 */
} prob;

/* min theta (input) / max phi (output) over the FDH technology as a MIP: lambda binary, sum 1.
 * Rows are divided by the evaluated point's value (a zero value: the row divided by its largest
 * coefficient, right-hand side 0). Returns NAN when infeasible. */
static double mip_value(const prob *pr)
{
    glp_prob *P = glp_create_prob();
    int n = (int)pr->n, ntheta = n + 1;
    glp_set_obj_dir(P, pr->out ? GLP_MAX : GLP_MIN);
    glp_add_cols(P, n + 1);
    for (int j = 1; j <= n; j++) {
        glp_set_col_kind(P, j, GLP_BV);
        if ((size_t)(j - 1) == pr->excl)
            glp_set_col_bnds(P, j, GLP_FX, 0, 0);
    }
    glp_set_col_bnds(P, ntheta, GLP_FR, 0, 0);
    glp_set_obj_coef(P, ntheta, 1);
    int ind[MAXN + 2];
    double v[MAXN + 2];
    /* inputs */
    for (size_t i = 0; i < pr->m; i++) {
        int r = glp_add_rows(P, 1), len = 0;
        double d = pr->x0[i], mx = 0;
        for (int j = 0; j < n; j++)
            mx = fmax(mx, pr->x[j * pr->m + i]);
        double div = d > 0 ? d : (mx > 0 ? mx : 1);
        for (int j = 0; j < n; j++)
            ind[++len] = j + 1, v[len] = pr->x[j * pr->m + i] / div;
        if (!pr->out && d > 0) {
            ind[++len] = ntheta, v[len] = -1; /* X lambda / x0 - theta <= 0 */
            glp_set_row_bnds(P, r, GLP_UP, 0, 0);
        } else {
            glp_set_row_bnds(P, r, GLP_UP, 0, d > 0 ? 1 : 0);
        }
        glp_set_mat_row(P, r, len, ind, v);
    }
    for (size_t q = 0; q < pr->s; q++) {
        int r = glp_add_rows(P, 1), len = 0;
        double d = pr->y0[q], mx = 0;
        for (int j = 0; j < n; j++)
            mx = fmax(mx, pr->y[j * pr->s + q]);
        double div = d > 0 ? d : (mx > 0 ? mx : 1);
        for (int j = 0; j < n; j++)
            ind[++len] = j + 1, v[len] = pr->y[j * pr->s + q] / div;
        if (pr->out && d > 0) {
            ind[++len] = ntheta, v[len] = -1; /* Y lambda / y0 - phi >= 0 */
            glp_set_row_bnds(P, r, GLP_LO, 0, 0);
        } else {
            glp_set_row_bnds(P, r, GLP_LO, d > 0 ? 1 : 0, 0);
        }
        glp_set_mat_row(P, r, len, ind, v);
    }
    int r = glp_add_rows(P, 1), len = 0;
    for (int j = 0; j < n; j++)
        ind[++len] = j + 1, v[len] = 1;
    glp_set_mat_row(P, r, len, ind, v);
    glp_set_row_bnds(P, r, GLP_FX, 1, 1);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_int = 1e-9;
    parm.tol_obj = 1e-12;
    int rc = glp_intopt(P, &parm);
    double out = NAN;
    if (rc == 0 && glp_mip_status(P) == GLP_OPT)
        out = glp_mip_obj_val(P);
    else if (rc != GLP_ENOPFS && rc != GLP_ENODFS && !(rc == 0 && glp_mip_status(P) == GLP_NOFEAS))
        fail_msg("glp_intopt failed (%d, status %d)", rc, glp_mip_status(P));
    glp_delete_prob(P);
    return out;
}

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static size_t pick(size_t n) { return (size_t)(rnd() % n); }

static void random_prob(prob *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->n = 1 + pick(MAXN);
    pr->m = 1 + pick(MAXV);
    pr->s = 1 + pick(MAXV);
    pr->out = (int)pick(2);
    int mode = (int)pick(3); /* reals, small integers (ties), integers with zeros */
    size_t nv = pr->m + pr->s;
    double sc[2 * MAXV];
    for (size_t v = 0; v < nv; v++)
        sc[v] = pow(10.0, -6.0 + 15.0 * unif());
    for (size_t j = 0; j < pr->n; j++)
        for (size_t v = 0; v < nv; v++) {
            double d = mode == 0 ? 0.1 + unif() : (double)(mode == 2 ? pick(4) : 1 + pick(4));
            d *= sc[v];
            if (v < pr->m)
                pr->x[j * pr->m + v] = d;
            else
                pr->y[j * pr->s + v - pr->m] = d;
        }
    /* duplicated DMUs */
    if (pr->n > 2 && pick(3) == 0) {
        size_t a = pick(pr->n), b = pick(pr->n);
        memcpy(pr->x + b * pr->m, pr->x + a * pr->m, pr->m * sizeof *pr->x);
        memcpy(pr->y + b * pr->s, pr->y + a * pr->s, pr->s * sizeof *pr->y);
    }
    /* the evaluated point: one of the DMUs (maybe left out: super-efficiency) or a random point */
    size_t k = pick(pr->n);
    pr->excl = (size_t)-1;
    if (pick(4) == 0) {
        for (size_t i = 0; i < pr->m; i++)
            pr->x0[i] = (0.1 + 2 * unif()) * sc[i];
        for (size_t r = 0; r < pr->s; r++)
            pr->y0[r] = (0.1 + 2 * unif()) * sc[pr->m + r];
    } else {
        memcpy(pr->x0, pr->x + k * pr->m, pr->m * sizeof *pr->x0);
        memcpy(pr->y0, pr->y + k * pr->s, pr->s * sizeof *pr->y0);
        if (pick(3) == 0)
            pr->excl = k;
    }
    /* the driver refuses a point whose inputs (in) or outputs (out) are all 0 */
    if (!pr->out && pr->x0[0] == 0)
        pr->x0[0] = sc[0];
    if (pr->out && pr->y0[0] == 0)
        pr->y0[0] = sc[pr->m];
}

static void test_fdh_vs_mip(void **state)
{
    (void)state;
    size_t ninf = 0, nties = 0;
    for (size_t it = 0; it < 1500; it++) {
        prob pr;
        random_prob(&pr);
        nqpf_dea_ref ref = {pr.n, pr.m, pr.s, 0, pr.x, pr.y, NULL};
        double value, lambda[MAXN], sx[MAXV], sy[MAXV];
        nqpf_lp_status st;
        assert_int_equal(nqpf__dea_fdh(&ref, pr.x0, pr.y0, pr.out ? NQPF_DEA_OUT : NQPF_DEA_IN, pr.excl, &value, &st,
                                       lambda, sx, sy),
                         NQPF_OK);
        double want = mip_value(&pr);
        char ctx[96];
        snprintf(ctx, sizeof ctx, "random problem %zu (%s, n %zu)", it, pr.out ? "out" : "in", pr.n);
        if (isnan(want)) {
            if (st != NQPF_LP_INFEASIBLE)
                fail_msg("%s: the MIP is infeasible, fdh says %s (%g)", ctx, nqpf_lp_status_name(st), value);
            ninf++;
            continue;
        }
        if (st != NQPF_LP_OPTIMAL)
            fail_msg("%s: the MIP has %g, fdh says %s", ctx, want, nqpf_lp_status_name(st));
        /* GLPK's MIP works to its feasibility tolerance (1e-7 on the rows divided by x0 / y0) */
        tu_assert_close(value, want, 1e-7, 1e-9, ctx);
        /* the peer is a single DMU with lambda 1 that reaches the target: X lambda <= theta x0, Y lambda >= y0 */
        size_t npeer = 0, peer = 0;
        for (size_t j = 0; j < pr.n; j++)
            if (lambda[j] != 0)
                npeer++, peer = j;
        assert_int_equal(npeer, 1);
        assert_true(peer != pr.excl);
        for (size_t i = 0; i < pr.m; i++) {
            double target = pr.out ? pr.x0[i] : value * pr.x0[i];
            tu_assert_close(pr.x[peer * pr.m + i] + sx[i], target, 1e-12, 0, ctx);
            assert_true(sx[i] >= 0);
        }
        for (size_t r = 0; r < pr.s; r++) {
            double target = pr.out ? value * pr.y0[r] : pr.y0[r];
            tu_assert_close(pr.y[peer * pr.s + r] - sy[r], target, 1e-12, 0, ctx);
            assert_true(sy[r] >= 0);
        }
        nties += pr.n > 1 && (pr.x[0] == pr.x[pr.m] || pr.y[0] == pr.y[pr.s]);
    }
    assert_true(ninf > 20); /* super-efficiency without a dominating DMU happens */
    assert_true(nties > 50);
}

/* ---- options ------------------------------------------------------------------------------------ */

static void test_fdh_options(void **state)
{
    (void)state;
    nqpf_optset *set = NULL;
    nqpf_dea_options o;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("dea"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "inputs", "x1,x2"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "outputs", "y"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "model", "fdh"), NQPF_OK);
    assert_int_equal(nqpf_dea_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.model, NQPF_DEA_FDH);
    assert_int_equal(o.rts, NQPF_DEA_VRS); /* fdh's own technology */
    assert_int_equal(nqpf_optset_add(set, "rts", "crs"), NQPF_OK);
    tu_assert_error(nqpf_dea_options_parse(&o, set), NQPF_EUSAGE, "returns to scale do not apply");
    assert_string_equal(nqpf_error_key(), "rts");
    nqpf_optset_free(set);

    /* a library caller's struct: CRS refused by the run too */
    nqpf_panel *p = tu_panel_from_text("id,t,x,y\na,1,1,1\nb,1,2,3\n", "id", "t");
    static const char *const in[] = {"x"}, *const out[] = {"y"};
    o = (nqpf_dea_options)NQPF_DEA_OPTIONS_INIT;
    o.inputs = in, o.ninputs = 1, o.outputs = out, o.noutputs = 1, o.model = NQPF_DEA_FDH;
    nqpf_table *res = NULL;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "model fdh");
    o.rts = NQPF_DEA_VRS, o.orientation = NQPF_DEA_NONE;
    tu_assert_error(nqpf_dea_run(&res, p, &o, NULL), NQPF_EUSAGE, "in or out");
    /* output orientation and super-efficiency through the driver: b dominates a, a is inside */
    o.orientation = NQPF_DEA_OUT, o.super = 1;
    assert_int_equal(nqpf_dea_run(&res, p, &o, NULL), NQPF_OK);
    const double *phi = nqpf_table_cnum(res, nqpf_table_find(res, "phi"));
    size_t cst = nqpf_table_find(res, "status");
    assert_string_equal(nqpf_table_text(res, cst, 0), "infeasible"); /* a: x 1, nothing else uses <= 1 */
    assert_true(isnan(phi[0]));
    tu_assert_close(phi[1], 1.0 / 3.0, 1e-15, 0, "super-FDH of b (a's output 1 of b's 3)");
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jl_fls11_fdh),
        cmocka_unit_test(test_fdh_vs_mip),
        cmocka_unit_test(test_fdh_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
