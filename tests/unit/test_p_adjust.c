/* nqpf_p_adjust against a Benjamini-Hochberg and a Bonferroni example worked by hand (below), with a
 * tie, a missing p-value and the cap at 1. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nqpf/error.h"
#include "nqpf/spatial.h"

/* m = 8 defined p-values (the NaN is not a test). Sorted: 0.005 0.01 0.03 0.04 0.04 0.2 0.5 0.9;
 * m p_(r) / r = 0.04 0.04 0.08 0.08 0.064 0.26667 0.571429 0.9; the running minimum from the top
 * gives q_(r) = 0.04 0.04 0.064 0.064 0.064 0.266667 0.571429 0.9 (both 0.04s share 0.064). */
static const double p[9] = {0.01, 0.04, NAN, 0.03, 0.005, 0.5, 0.2, 0.04, 0.9};
static const double bh[9] = {0.04, 0.064, NAN, 0.064, 0.04, 4.0 / 7.0, 1.6 / 6.0, 0.064, 0.9};
/* Bonferroni: min(1, 8 p). */
static const double bonf[9] = {0.08, 0.32, NAN, 0.24, 0.04, 1, 1, 0.32, 1};

static void expect(const double *got, const double *want)
{
    for (size_t i = 0; i < 9; i++) {
        if (isnan(want[i]))
            assert_true(isnan(got[i]));
        else
            assert_true(fabs(got[i] - want[i]) < 1e-12);
    }
}

static void test_bh(void **state)
{
    (void)state;
    double q[9];
    assert_int_equal(nqpf_p_adjust(q, p, 9, NQPF_P_ADJUST_FDR), NQPF_OK);
    expect(q, bh);
    /* In place. */
    double r[9];
    for (size_t i = 0; i < 9; i++)
        r[i] = p[i];
    assert_int_equal(nqpf_p_adjust(r, r, 9, NQPF_P_ADJUST_FDR), NQPF_OK);
    expect(r, bh);
}

static void test_bonferroni_and_none(void **state)
{
    (void)state;
    double q[9];
    assert_int_equal(nqpf_p_adjust(q, p, 9, NQPF_P_ADJUST_BONFERRONI), NQPF_OK);
    expect(q, bonf);
    assert_int_equal(nqpf_p_adjust(q, p, 9, NQPF_P_ADJUST_NONE), NQPF_OK);
    expect(q, p);
}

static void test_all_missing(void **state)
{
    (void)state;
    double x[2] = {NAN, NAN}, q[2];
    assert_int_equal(nqpf_p_adjust(q, x, 2, NQPF_P_ADJUST_FDR), NQPF_OK);
    assert_true(isnan(q[0]) && isnan(q[1]));
    assert_int_equal(nqpf_p_adjust(q, x, 0, NQPF_P_ADJUST_FDR), NQPF_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bh), cmocka_unit_test(test_bonferroni_and_none),
                                       cmocka_unit_test(test_all_missing)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
