/* The LP layer (src/lp/): statuses, in-place modification with warm starts, and a sequence of
 * random modifications checked against a fresh GLPK problem solved from scratch each time. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "lp/lp.h"

static void test_small(void **state)
{
    (void)state;
    nqpf_lp *lp;
    nqpf_lp_status st;
    /* max x + y s.t. x + 2y <= 4, 3x + y <= 6: optimum (8/5, 6/5), value 14/5 */
    assert_int_equal(nqpf_lp_new(&lp, 2, 2), NQPF_OK);
    int r01[2] = {0, 1};
    double c0[2] = {1, 3}, c1[2] = {2, 1};
    assert_int_equal(nqpf_lp_set_col(lp, 0, 2, r01, c0), NQPF_OK);
    assert_int_equal(nqpf_lp_set_col(lp, 1, 2, r01, c1), NQPF_OK);
    nqpf_lp_set_row_bnd(lp, 0, NQPF_LP_UP, 0, 4);
    nqpf_lp_set_row_bnd(lp, 1, NQPF_LP_UP, 0, 6);
    nqpf_lp_set_obj(lp, 0, 1);
    nqpf_lp_set_obj(lp, 1, 1);
    nqpf_lp_set_dir(lp, NQPF_LP_MAX);
    assert_int_equal(nqpf_lp_solve(lp, &st), NQPF_OK);
    assert_int_equal(st, NQPF_LP_OPTIMAL);
    tu_assert_close(nqpf_lp_obj(lp), 2.8, 1e-12, 0, "obj");
    tu_assert_close(nqpf_lp_col_value(lp, 0), 1.6, 1e-12, 0, "x");
    tu_assert_close(nqpf_lp_col_value(lp, 1), 1.2, 1e-12, 0, "y");
    tu_assert_close(nqpf_lp_row_value(lp, 0), 4, 1e-12, 0, "row");
    /* shadow prices: d obj / d rhs = (0.4, 0.2) */
    tu_assert_close(nqpf_lp_row_dual(lp, 0), 0.4, 1e-12, 0, "dual 0");
    tu_assert_close(nqpf_lp_row_dual(lp, 1), 0.2, 1e-12, 0, "dual 1");
    /* modify a bound and re-solve (warm start) */
    nqpf_lp_set_row_bnd(lp, 1, NQPF_LP_UP, 0, 12);
    assert_int_equal(nqpf_lp_solve(lp, &st), NQPF_OK);
    tu_assert_close(nqpf_lp_obj(lp), 4.0, 1e-12, 0, "obj after change");
    /* infeasible: x + 2y >= 10 with x, y <= 1 */
    nqpf_lp_set_row_bnd(lp, 0, NQPF_LP_LO, 10, 0);
    nqpf_lp_set_col_bnd(lp, 0, NQPF_LP_DB, 0, 1);
    nqpf_lp_set_col_bnd(lp, 1, NQPF_LP_DB, 0, 1);
    assert_int_equal(nqpf_lp_solve(lp, &st), NQPF_OK);
    assert_int_equal(st, NQPF_LP_INFEASIBLE);
    assert_string_equal(nqpf_lp_status_name(st), "infeasible");
    /* unbounded: drop the rows and the upper bounds */
    nqpf_lp_set_row_bnd(lp, 0, NQPF_LP_FREE, 0, 0);
    nqpf_lp_set_row_bnd(lp, 1, NQPF_LP_FREE, 0, 0);
    nqpf_lp_set_col_bnd(lp, 0, NQPF_LP_LO, 0, 0);
    assert_int_equal(nqpf_lp_solve(lp, &st), NQPF_OK);
    assert_int_equal(st, NQPF_LP_UNBOUNDED);
    /* bad arguments are errors */
    double bad = NAN;
    int r0 = 0;
    assert_int_equal(nqpf_lp_set_col(lp, 0, 1, &r0, &bad), NQPF_EINTERNAL);
    assert_int_equal(nqpf_lp_set_col(lp, 5, 1, &r0, c0), NQPF_EINTERNAL);
    assert_string_equal(nqpf_lp_status_name(NQPF_LP_FAILED), "failed");
    assert_string_equal(nqpf_lp_status_name(NQPF_LP_UNBOUNDED), "unbounded");
    assert_string_equal(nqpf_lp_status_name(NQPF_LP_OPTIMAL), "optimal");
    nqpf_lp_free(lp);
}

static uint64_t rs = 12345;
static double unif(void)
{
    rs = rs * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rs >> 11) / 9007199254740992.0;
}

/* A random LP (min c x, A x >= b or <= b, 0 <= x <= u) modified step by step: after each change
 * the LP layer (warm-started) and a fresh glp_prob agree on status and value. */
static void test_random_modifications(void **state)
{
    (void)state;
    enum { R = 6, C = 9 };
    double A[R][C], b[R], c[C], u[C];
    int type[R];
    for (int i = 0; i < R; i++) {
        for (int j = 0; j < C; j++)
            A[i][j] = unif() < 0.3 ? 0 : floor(unif() * 7) - 2;
        b[i] = floor(unif() * 10) - 3;
        type[i] = unif() < 0.5;
    }
    for (int j = 0; j < C; j++) {
        c[j] = floor(unif() * 9) - 4;
        u[j] = unif() < 0.2 ? INFINITY : 1 + floor(unif() * 5);
    }
    nqpf_lp *lp;
    assert_int_equal(nqpf_lp_new(&lp, R, C), NQPF_OK);
    int rows[R];
    double vals[R];
    for (int i = 0; i < R; i++)
        rows[i] = i;
    size_t optimal = 0;
    for (int step = 0; step < 600; step++) {
        /* change one thing */
        int what = (int)(unif() * 3);
        if (step == 0 || what == 0) {
            int j = (int)(unif() * C);
            for (int i = 0; i < R; i++)
                A[i][j] = unif() < 0.3 ? 0 : floor(unif() * 7) - 2;
        } else if (what == 1) {
            int i = (int)(unif() * R);
            b[i] = floor(unif() * 10) - 3;
            type[i] = unif() < 0.5;
        } else {
            int j = (int)(unif() * C);
            c[j] = floor(unif() * 9) - 4;
        }
        for (int j = 0; j < C; j++) {
            for (int i = 0; i < R; i++)
                vals[i] = A[i][j];
            assert_int_equal(nqpf_lp_set_col(lp, (size_t)j, R, rows, vals), NQPF_OK);
            nqpf_lp_set_obj(lp, (size_t)j, c[j]);
            if (isinf(u[j]))
                nqpf_lp_set_col_bnd(lp, (size_t)j, NQPF_LP_LO, 0, 0);
            else
                nqpf_lp_set_col_bnd(lp, (size_t)j, NQPF_LP_DB, 0, u[j]);
        }
        for (int i = 0; i < R; i++)
            nqpf_lp_set_row_bnd(lp, (size_t)i, type[i] ? NQPF_LP_LO : NQPF_LP_UP, b[i], b[i]);
        nqpf_lp_status st;
        assert_int_equal(nqpf_lp_solve(lp, &st), NQPF_OK);
        /* the oracle: a fresh GLPK problem, default settings */
        glp_prob *P = glp_create_prob();
        glp_add_rows(P, R);
        glp_add_cols(P, C);
        for (int i = 0; i < R; i++)
            glp_set_row_bnds(P, i + 1, type[i] ? GLP_LO : GLP_UP, b[i], b[i]);
        for (int j = 0; j < C; j++) {
            int ind[R + 1];
            double v[R + 1];
            for (int i = 0; i < R; i++)
                ind[i + 1] = i + 1, v[i + 1] = A[i][j];
            glp_set_mat_col(P, j + 1, R, ind, v);
            glp_set_obj_coef(P, j + 1, c[j]);
            if (isinf(u[j]))
                glp_set_col_bnds(P, j + 1, GLP_LO, 0, 0);
            else
                glp_set_col_bnds(P, j + 1, GLP_DB, 0, u[j]);
        }
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.presolve = GLP_ON;
        int ret = glp_simplex(P, &parm);
        nqpf_lp_status want = NQPF_LP_FAILED;
        if (ret == 0 && glp_get_status(P) == GLP_OPT)
            want = NQPF_LP_OPTIMAL;
        else if (ret == GLP_ENOPFS || (ret == 0 && glp_get_status(P) == GLP_NOFEAS))
            want = NQPF_LP_INFEASIBLE;
        else if (ret == GLP_ENODFS || (ret == 0 && glp_get_status(P) == GLP_UNBND))
            want = NQPF_LP_UNBOUNDED;
        char ctx[64];
        snprintf(ctx, sizeof ctx, "step %d", step);
        if (want == NQPF_LP_OPTIMAL) {
            assert_int_equal(st, NQPF_LP_OPTIMAL);
            tu_assert_close(nqpf_lp_obj(lp), glp_get_obj_val(P), 1e-9, 1e-9, ctx);
            optimal++;
        } else if (want == NQPF_LP_INFEASIBLE) {
            assert_int_equal(st, NQPF_LP_INFEASIBLE);
        } else if (want == NQPF_LP_UNBOUNDED) {
            /* presolve reports "no dual feasible solution": primal unbounded or infeasible */
            assert_true(st == NQPF_LP_UNBOUNDED || st == NQPF_LP_INFEASIBLE);
        }
        glp_delete_prob(P);
    }
    assert_true(optimal > 50);
    assert_true(nqpf_lp_iterations(lp) > 0);
    nqpf_lp_free(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_random_modifications),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
