/* Panels and the expression language: key checks, ordering, lag/lead across gaps, filters, and
 * every error class with its message. */
#include "testutil.h"

#include <limits.h>
#include <math.h>
#include <string.h>

static const char *PANEL =
    "id,year,x,y,name\n"
    "b,2001,4,1,beta\n"
    "a,2000,1,2,alpha\n"
    "b,2000,2,0,beta\n"
    "a,2001,2,,alpha\n"
    "a,2003,8,3,alpha\n";

static void test_panel_order_and_navigation(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(PANEL, "id", "year");
    assert_int_equal(nqpf_panel_nobs(p), 5);
    assert_int_equal(nqpf_panel_nunits(p), 2);
    /* Units in first-appearance order, times sorted within a unit. */
    assert_string_equal(nqpf_panel_unit_name(p, 0), "b");
    assert_int_equal(nqpf_panel_time(p, 0), 2000);
    assert_int_equal(nqpf_panel_time(p, 1), 2001);
    assert_int_equal(nqpf_panel_unit_begin(p, 1), 2);
    assert_int_equal(nqpf_panel_prev(p, 1), 0);
    assert_int_equal(nqpf_panel_prev(p, 0), NQPF_NONE);
    /* a: 2000, 2001, 2003 -> 2003 has no t-1. */
    assert_int_equal(nqpf_panel_prev(p, 4), NQPF_NONE);
    assert_int_equal(nqpf_panel_next(p, 3), NQPF_NONE);
    assert_int_equal(nqpf_panel_find(p, 1, 2003), 4);
    assert_int_equal(nqpf_panel_find(p, 1, 2002), NQPF_NONE);
    size_t nt;
    const long *times = nqpf_panel_times(p, &nt);
    assert_int_equal(nt, 3);
    assert_int_equal(times[2], 2003);
    /* Source rows survive the sort: b/2000 was spreadsheet row 4. */
    char w[256];
    assert_string_equal(nqpf_panel_where(p, 0, w, sizeof w), "panel.csv: row 4");
    nqpf_panel_free(p);
}

static void test_panel_key_errors(void **state)
{
    (void)state;
    nqpf_panel *p = NULL;
    tu_assert_error(nqpf_panel_new(&p, tu_read(tu_write_tmp("d.csv", "id,year\na,2000\nb,2000\na,2000\n")), "id", "year"),
                    NQPF_EDATA, "d.csv: rows 2 and 4: duplicate (id, year) key (a, 2000)");
    tu_assert_error(nqpf_panel_new(&p, tu_read(tu_write_tmp("t.csv", "id,year\na,2000\nb,2000.5\n")), "id", "year"),
                    NQPF_EDATA, "t.csv: row 3, column 'year': expected an integer year, found '2000.5'");
    tu_assert_error(nqpf_panel_new(&p, tu_read(tu_write_tmp("t2.csv", "id,year\na,2000\nb,y2k\n")), "id", "year"),
                    NQPF_EDATA, "t2.csv: row 3, column 'year': expected an integer year, found 'y2k'");
    tu_assert_error(nqpf_panel_new(&p, tu_read(tu_write_tmp("t3.csv", "id,year\na,2000\nb,\n")), "id", "year"),
                    NQPF_EDATA, "t3.csv: row 3, column 'year': expected an integer year, found an empty cell");
    tu_assert_error(nqpf_panel_new(&p, tu_read(tu_write_tmp("i.csv", "id,year\n,2000\n")), "id", "year"),
                    NQPF_EDATA, "i.csv: row 2, column 'id': expected an id, found an empty cell");
    tu_assert_error(nqpf_panel_new(&p, tu_read(tu_write_tmp("k.csv", "id,year\na,2000\n")), "code", "year"),
                    NQPF_EDATA, "id column 'code' not found");
    assert_null(p);
}

static void test_require(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(PANEL, "id", "year");
    const double *v;
    tu_assert_error(nqpf_panel_require(p, "y", NQPF_REQ_COMPLETE, NULL, 0, "DEA output", &v), NQPF_EDATA,
                    "panel.csv: row 5, column 'y': expected a value (DEA output), found an empty cell");
    tu_assert_error(nqpf_panel_require(p, "y", NQPF_REQ_POSITIVE, NULL, 0, "logs", &v), NQPF_EDATA,
                    "panel.csv: row 4, column 'y': expected a positive number (logs), found 0");
    tu_assert_error(nqpf_panel_column(p, "name", &v), NQPF_EDATA,
                    "panel.csv: row 4, column 'name': expected a number, found 'beta'");
    tu_assert_error(nqpf_panel_column(p, "gdp", &v), NQPF_EDATA, "column 'gdp' not found; columns are: id, year, x, y, name");
    assert_int_equal(nqpf_panel_require(p, "x", NQPF_REQ_POSITIVE | NQPF_REQ_COMPLETE, NULL, 0, "x", &v), NQPF_OK);
    nqpf_panel_free(p);
}

static double let_value(nqpf_panel *p, const char *assign, size_t i)
{
    if (nqpf_panel_let(p, assign) != NQPF_OK)
        fail_msg("%s: %s", assign, nqpf_error_message());
    char name[64];
    size_t len = strcspn(assign, "=");
    memcpy(name, assign, len);
    name[len] = '\0';
    const double *v;
    assert_int_equal(nqpf_panel_column(p, name, &v), NQPF_OK);
    return v[i];
}

static void test_expressions(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(PANEL, "id", "year");
    /* Observation 0 is b/2000: x = 2, y = 0. Observation 1 is b/2001: x = 4, y = 1. */
    assert_true(let_value(p, "e1=1+2*3", 0) == 7);
    assert_true(let_value(p, "e2=2^3^2", 0) == 512);   /* right-associative */
    assert_true(let_value(p, "e3=-2^2", 0) == -4);     /* power binds tighter than minus */
    assert_true(let_value(p, "e4=(1+2)*3", 0) == 9);
    assert_true(let_value(p, "e5=x*x - 3/x", 0) == 2.5);
    assert_true(let_value(p, "e6=log(exp(x))", 1) == 4);
    assert_true(let_value(p, "e7=sqrt(x) + abs(-x)", 1) == 6);
    assert_true(let_value(p, "e8=x - lag(x)", 1) == 2);
    assert_true(isnan(let_value(p, "e9=lag(x)", 0)));       /* first year */
    assert_true(isnan(let_value(p, "e10=lag(x)", 4)));      /* a/2003 after a gap */
    assert_true(let_value(p, "e11=lead(x)", 2) == 2);       /* a/2000 -> a/2001 */
    assert_true(isnan(let_value(p, "e12=x + y", 3)));       /* missing propagates */
    assert_true(isnan(let_value(p, "e13=x / y", 0)));       /* division by zero: missing */
    assert_true(let_value(p, "e14=x > 1 && y >= 0", 0) == 1);
    assert_true(let_value(p, "e15=name == \"beta\"", 0) == 1);
    assert_true(let_value(p, "e16=`x` * 2", 0) == 4); /* backquoted column name */
    assert_true(let_value(p, "e17=1e-3 * x", 1) == 0.004);
    assert_true(let_value(p, "e18=lag(lag(x))", 1) != let_value(p, "e19=lag(lag(x))", 1)); /* no t-2 for b: NaN != NaN */
    nqpf_panel_free(p);
}

static void test_expression_errors(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(PANEL, "id", "year");
    tu_assert_error(nqpf_panel_let(p, "z=x +"), NQPF_EUSAGE, "expected a number, a column or '(' at the end");
    tu_assert_error(nqpf_panel_let(p, "z=(x"), NQPF_EUSAGE, "expected ')'");
    tu_assert_error(nqpf_panel_let(p, "z=foo(x)"), NQPF_EUSAGE, "unknown function");
    tu_assert_error(nqpf_panel_let(p, "z=x = 1"), NQPF_EUSAGE, "use '=='");
    tu_assert_error(nqpf_panel_let(p, "noequals"), NQPF_EUSAGE, "expected NAME=EXPRESSION");
    tu_assert_error(nqpf_panel_let(p, "year=1"), NQPF_EUSAGE, "cannot replace the key column 'year'");
    tu_assert_error(nqpf_panel_let(p, "z=gdp*2"), NQPF_EDATA, "column 'gdp' not found");
    /* log of zero names the file, the spreadsheet row and the column. */
    tu_assert_error(nqpf_panel_let(p, "z=log(y)"), NQPF_EDATA, "panel.csv: row 4, column 'y': log needs a positive value, found 0");
    tu_assert_error(nqpf_panel_let(p, "z=log(y - 5)"), NQPF_EDATA, "expression 'log(y - 5)': log needs a positive value");
    tu_assert_error(nqpf_panel_let(p, "z=sqrt(0 - x)"), NQPF_EDATA, "sqrt needs a non-negative value");
    nqpf_panel_free(p);
}

static void test_filter(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(PANEL, "id", "year");
    assert_int_equal(nqpf_panel_filter(p, "x >= 2", 2000, 2001), NQPF_OK);
    assert_int_equal(nqpf_panel_nobs(p), 3); /* b/2000, b/2001, a/2001 */
    assert_int_equal(nqpf_panel_nunits(p), 2);
    char w[256];
    assert_string_equal(nqpf_panel_where(p, 2, w, sizeof w), "panel.csv: row 5");
    tu_assert_error(nqpf_panel_filter(p, "x > 100", LONG_MIN, LONG_MAX), NQPF_EDATA, "no rows left");
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panel_order_and_navigation),
        cmocka_unit_test(test_panel_key_errors),
        cmocka_unit_test(test_require),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_expression_errors),
        cmocka_unit_test(test_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
