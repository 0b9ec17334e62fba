/* Hostile data never crash nqpf or silently change a value (issue 15, first slice): deeply nested
 * expressions are refused with a message (no stack overflow), a NUL byte or an over-long cell in a
 * text file is a data error naming row and column, values beyond the range of a double are data
 * errors (not infinity), "inf"/"nan" texts are not numbers, and framework cells are read whole.
 * The references are independent: the values written into each file (104 must read as 104), and
 * closed forms for the expressions that stay within the depth bound ((-1)^k, k*a). */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes @p n bytes to a temporary file @p name; returns its path. */
static const char *write_bytes(const char *name, const char *bytes, size_t n)
{
    static char path[4][1024];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return p;
}

/* "prefix" + @p reps copies of @p unit + @p mid + @p reps copies of @p close (a new string). */
static char *nest(const char *prefix, const char *unit, size_t reps, const char *mid, const char *close)
{
    size_t lp = strlen(prefix), lu = strlen(unit), lm = strlen(mid), lc = strlen(close);
    char *s = malloc(lp + reps * (lu + lc) + lm + 1);
    assert_non_null(s);
    char *w = s;
    memcpy(w, prefix, lp);
    w += lp;
    for (size_t i = 0; i < reps; i++, w += lu)
        memcpy(w, unit, lu);
    memcpy(w, mid, lm);
    w += lm;
    for (size_t i = 0; i < reps; i++, w += lc)
        memcpy(w, close, lc);
    *w = '\0';
    return s;
}

static nqpf_table *small_table(void)
{
    return tu_read(tu_write_tmp("hostile_small.csv", "id,year,a\nA,2020,2\nB,2020,3\n"));
}

/* ---- 1. expression depth ----------------------------------------------------------------------- */

static void expect_too_deep(const char *expr)
{
    nqpf_expr *e = NULL;
    tu_assert_error(nqpf_expr_parse(&e, expr), NQPF_EUSAGE, "nested deeper than 256 levels at character");
    assert_null(e);
}

static void test_nested_let_depth(void **state)
{
    (void)state;
    const size_t deep = 100000;
    char *s;
    /* 100,000 opening parentheses: refused at the 257th, whose character number is 257. */
    s = nest("", "(", deep, "1", ")");
    nqpf_expr *e = NULL;
    tu_assert_error(nqpf_expr_parse(&e, s), NQPF_EUSAGE, "nested deeper than 256 levels at character 257;");
    free(s);
    /* Unclosed parentheses too (the parser must stop before the end is seen). */
    s = nest("", "(", deep, "", "");
    expect_too_deep(s);
    free(s);
    s = nest("", "-", deep, "1", "");
    expect_too_deep(s);
    free(s);
    s = nest("", "!", deep, "1", "");
    expect_too_deep(s);
    free(s);
    s = nest("", "+", deep, "1", "");
    expect_too_deep(s);
    free(s);
    s = nest("", "a+(", deep, "a", ")");
    expect_too_deep(s);
    free(s);
    s = nest("", "abs(", deep, "a", ")");
    expect_too_deep(s);
    free(s);
    s = nest("", "if(1,", deep, "a", ")");
    expect_too_deep(s);
    free(s);
    s = nest("", "concat('x',", deep, "'y'", ")");
    expect_too_deep(s);
    free(s);
    s = nest("", "2^", deep, "2", "");
    expect_too_deep(s);
    free(s);
    /* A flat chain a+a+...+a of 100,000 terms: no parser recursion, but a tree 100,000 deep that
     * resolving, evaluating and freeing would walk recursively. */
    s = nest("a", "+a", deep, "", "");
    expect_too_deep(s);
    free(s);
    s = nest("a", "*a", deep, "", "");
    expect_too_deep(s);
    free(s);
    s = nest("a", "<a", 1, "", ""); /* sanity: a comparison still parses */
    assert_int_equal(nqpf_expr_parse(&e, s), NQPF_OK);
    nqpf_expr_free(e);
    free(s);
}

/* The same refusal through let and where on a table (the CLI's --let/--where and a study's let and
 * sample.where go through these). */
static void test_nested_where_depth(void **state)
{
    (void)state;
    nqpf_table *t = small_table();
    char *s = nest("x=", "(", 100000, "a", ")");
    tu_assert_error(nqpf_expr_let(t, s), NQPF_EUSAGE, "nested deeper than 256 levels");
    free(s);
    s = nest("", "-(", 100000, "a", ")");
    tu_assert_error(nqpf_expr_filter(&t, s), NQPF_EUSAGE, "nested deeper than 256 levels");
    free(s);
    assert_non_null(t);
    nqpf_table_free(t);
}

/* Expressions within the bound still compute what they say: (-1)^k * a and k * a. */
static void test_nested_within_depth(void **state)
{
    (void)state;
    nqpf_table *t = small_table();
    char *s = nest("x=", "-(", 200, "a", ")"); /* 200 signs and 200 parentheses: 400 levels, refused */
    tu_assert_error(nqpf_expr_let(t, s), NQPF_EUSAGE, "nested deeper than 256 levels");
    free(s);
    s = nest("x=", "-(", 120, "a", ")"); /* 240 levels: accepted; (-1)^120 = 1 */
    assert_int_equal(nqpf_expr_let(t, s), NQPF_OK);
    free(s);
    s = nest("y=a", "+a", 199, "", ""); /* 200 terms: 200 * a */
    assert_int_equal(nqpf_expr_let(t, s), NQPF_OK);
    free(s);
    s = nest("z=", "abs(", 250, "0-a", ")"); /* |−a| = a */
    assert_int_equal(nqpf_expr_let(t, s), NQPF_OK);
    free(s);
    size_t ja = nqpf_table_find(t, "a"), jx = nqpf_table_find(t, "x"), jy = nqpf_table_find(t, "y"),
           jz = nqpf_table_find(t, "z");
    const double *a = nqpf_table_cnum(t, ja), *x = nqpf_table_cnum(t, jx), *y = nqpf_table_cnum(t, jy),
                 *z = nqpf_table_cnum(t, jz);
    assert_non_null(x);
    assert_non_null(y);
    assert_non_null(z);
    for (size_t i = 0; i < 2; i++) {
        tu_assert_close(x[i], a[i], 0, 0, "(-1)^120 * a");
        tu_assert_close(y[i], 200 * a[i], 1e-15, 0, "200 * a");
        tu_assert_close(z[i], a[i], 0, 0, "abs^250(-a)");
    }
    nqpf_table_free(t);
}

/* ---- 2. NUL bytes and over-long cells ---------------------------------------------------------- */

/* A NUL byte is refused in the decoded text, naming row and column, before it could cut the cell
 * (104 read as 10): in a UTF-8 file, and as U+0000 in a UTF-16 one. */
static void test_nul_byte_in_cell(void **state)
{
    (void)state;
    static const char csv[] = "id,year,x\nA,2020,10\0004\nB,2020,7\n";
    const char *p = write_bytes("hostile_nul.csv", csv, sizeof csv - 1);
    nqpf_table *t = NULL;
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA, "hostile_nul.csv: row 2, column 3: byte 0x00");
    assert_null(t);
    /* In a quoted cell of a later row and column. */
    static const char csv2[] = "id,year,x,y\nA,2020,1,2\nB,2020,3,\"a\000b\"\n";
    p = write_bytes("hostile_nul2.csv", csv2, sizeof csv2 - 1);
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA, "row 3, column 4: byte 0x00");
    /* UTF-16 with the character U+0000 inside a cell: the zero is there after decoding. */
    static const char text[] = "id,year,x\nA,2020,10\0004\n";
    char buf[2 + 2 * sizeof text];
    size_t n = 0;
    buf[n++] = (char)0xFF;
    buf[n++] = (char)0xFE;
    for (size_t i = 0; i + 1 < sizeof text; i++) {
        buf[n++] = text[i];
        buf[n++] = '\0';
    }
    tu_assert_error(nqpf_read_table(&t, write_bytes("hostile_nul16.csv", buf, n), NULL), NQPF_EDATA,
                    "hostile_nul16.csv: row 2, column 3: byte 0x00 is in the text");
    assert_null(t);
}

/* UTF-16 holds zero bytes before decoding: the check is on the decoded text, so 104 reads as 104. */
static void test_nul_byte_utf16_ok(void **state)
{
    (void)state;
    static const char text[] = "id,year,x\nA,2020,104\n";
    char buf[2 + 2 * sizeof text];
    size_t n = 0;
    buf[n++] = (char)0xFF;
    buf[n++] = (char)0xFE;
    for (size_t i = 0; i + 1 < sizeof text; i++) {
        buf[n++] = text[i];
        buf[n++] = '\0';
    }
    nqpf_table *t = tu_read(write_bytes("hostile_utf16.csv", buf, n));
    const double *x = nqpf_table_cnum(t, nqpf_table_find(t, "x"));
    assert_non_null(x);
    tu_assert_close(x[0], 104, 0, 0, "UTF-16 cell 104");
    nqpf_table_free(t);
}

static void test_overlong_cell(void **state)
{
    (void)state;
    const size_t mib = (size_t)1 << 20;
    const char *head = "id,year,note\nA,2020,ok\nB,2020,";
    size_t lh = strlen(head);
    char *buf = malloc(lh + mib + 2);
    assert_non_null(buf);
    memcpy(buf, head, lh);
    memset(buf + lh, 'x', mib + 1); /* one byte over */
    buf[lh + mib + 1] = '\n';
    nqpf_table *t = NULL;
    tu_assert_error(nqpf_read_table(&t, write_bytes("hostile_long.csv", buf, lh + mib + 2), NULL), NQPF_EDATA,
                    "hostile_long.csv: row 3, column 3: expected at most 1 MiB of text in a cell");
    assert_null(t);
    /* Exactly 1 MiB is read whole. */
    buf[lh + mib] = '\n';
    t = tu_read(write_bytes("hostile_long_ok.csv", buf, lh + mib + 1));
    const char *v = nqpf_table_text(t, nqpf_table_find(t, "note"), 1);
    assert_non_null(v);
    assert_int_equal(strlen(v), mib);
    nqpf_table_free(t);
    free(buf);
}

/* ---- 3. numbers beyond the range of a double --------------------------------------------------- */

static void test_number_overflow_cell(void **state)
{
    (void)state;
    nqpf_table *t = NULL;
    tu_assert_error(nqpf_read_table(&t, tu_write_tmp("hostile_big.csv", "id,year,x\nA,2020,1\nB,2020,1e400\n"), NULL),
                    NQPF_EDATA, "hostile_big.csv: row 3, column 'x': expected a number within the range of a double");
    assert_null(t);
    tu_assert_error(nqpf_read_table(&t, tu_write_tmp("hostile_big2.csv", "id,year,x\nA,2020,-1e400\nB,2020,1\n"), NULL),
                    NQPF_EDATA, "row 2, column 'x'");
    /* 400 digits, and a cleaned (thousands) number beyond the range. */
    char csv[1200];
    int n = snprintf(csv, sizeof csv, "id,year,x\nA,2020,1");
    for (int k = 0; k < 400; k++)
        csv[n++] = '0';
    snprintf(csv + n, sizeof csv - (size_t)n, "\n");
    tu_assert_error(nqpf_read_table(&t, tu_write_tmp("hostile_digits.csv", csv), NULL), NQPF_EDATA,
                    "row 2, column 'x': expected a number within the range of a double (at most about 1.8e308 in size), found '100000000000000000000000...'");
    tu_assert_error(nqpf_read_table(&t, tu_write_tmp("hostile_pct.csv", "id,year,x\nA,2020,1e400%\n"), NULL), NQPF_EDATA,
                    "row 2, column 'x'");
    /* Underflow is as close as a double gets: 1e-400 reads as 0 (documented). */
    t = tu_read(tu_write_tmp("hostile_small_num.csv", "id,year,x\nA,2020,1e-400\nB,2020,2.5e-310\n"));
    const double *x = nqpf_table_cnum(t, nqpf_table_find(t, "x"));
    assert_non_null(x);
    assert_true(x[0] == 0);
    assert_true(x[1] > 0 && x[1] < DBL_MIN && isfinite(x[1]));
    nqpf_table_free(t);
    /* The parser itself. */
    double v = 7;
    assert_int_equal(nqpf_parse_double("1e400", &v), 0);
    assert_int_equal(nqpf_parse_double("-1e309", &v), 0);
    assert_true(v == 7);
    assert_int_equal(nqpf_parse_double("1e308", &v), 1);
    assert_true(v == 1e308);
}

static void test_inf_nan_text_not_numbers(void **state)
{
    (void)state;
    static const char *const words[] = {"inf", "-inf", "INF", "nan", "NaN", "infinity", "Infinity", "0x10"};
    double v = 7;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (nqpf_parse_double(words[k], &v))
            fail_msg("'%s' parsed as the number %g", words[k], v);
    nqpf_table *t = tu_read(tu_write_tmp("hostile_inf.csv", "id,year,x,y\nA,2020,1,inf\nB,2020,nan,2\n"));
    assert_true(nqpf_table_is_text(t, nqpf_table_find(t, "x")));
    assert_true(nqpf_table_is_text(t, nqpf_table_find(t, "y")));
    assert_string_equal(nqpf_table_text(t, nqpf_table_find(t, "y"), 0), "inf");
    nqpf_table_free(t);
}

static void test_let_number_overflow(void **state)
{
    (void)state;
    nqpf_table *t = small_table();
    tu_assert_error(nqpf_expr_let(t, "x=1e400"), NQPF_EUSAGE, "expected a number within the range of a double");
    tu_assert_error(nqpf_expr_let(t, "x=a*2e308"), NQPF_EUSAGE, "at character 3 ('2e308')");
    assert_int_equal(nqpf_expr_let(t, "x=a*1e-400"), NQPF_OK); /* underflow: 0 */
    const double *x = nqpf_table_cnum(t, nqpf_table_find(t, "x"));
    assert_true(x[0] == 0 && x[1] == 0);
    nqpf_table_free(t);
}

/* ---- 4. framework cells read whole --------------------------------------------------------------- */

static void test_framework_long_cell(void **state)
{
    (void)state;
    /* A label of 2,000 bytes (Chinese, 3 bytes a character) and a column expression of 1,200 bytes,
     * both beyond the old 511-byte buffer. */
    char label[2100], expr[1300];
    size_t n = 0;
    for (int k = 0; k < 666; k++) {
        memcpy(label + n, "指", 3);
        n += 3;
    }
    label[n] = '\0';
    n = 0;
    memcpy(expr, "a", 1);
    n = 1;
    for (int k = 0; k < 400; k++) {
        memcpy(expr + n, "+0*", 3);
        n += 3;
    }
    expr[n++] = '1';
    expr[n] = '\0';
    static char csv[4096];
    snprintf(csv, sizeof csv,
             "path,id,label_zh,label_en,column,unit,direction,weight\n"
             "A/B,x1,%s,x one,%s,,+,\n",
             label, expr);
    nqpf_framework *fw = NULL;
    int rc = nqpf_framework_read(&fw, tu_write_tmp("hostile_fw.csv", csv));
    if (rc)
        fail_msg("framework read: %s", nqpf_error_message());
    assert_string_equal(nqpf_framework_field(fw, 0, "label_zh"), label);
    assert_string_equal(nqpf_framework_field(fw, 0, "column"), expr);
    assert_int_equal(strlen(nqpf_framework_field(fw, 0, "column")), 1202);
    nqpf_framework_free(fw);
    /* A long bad direction is reported, not cut into a valid one. */
    static char csv2[2048];
    char dir[700];
    dir[0] = '+';
    memset(dir + 1, ' ', 600);
    memcpy(dir + 601, "x", 2);
    snprintf(csv2, sizeof csv2,
             "path,id,label_zh,label_en,column,unit,direction,weight\n"
             "A/B,x1,l,l,a,,%s,\n",
             dir);
    tu_assert_error(nqpf_framework_read(&fw, tu_write_tmp("hostile_fw2.csv", csv2)), NQPF_EDATA,
                    "row 2, column 'direction': expected '+' or '-'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_let_depth),
        cmocka_unit_test(test_nested_where_depth),
        cmocka_unit_test(test_nested_within_depth),
        cmocka_unit_test(test_nul_byte_in_cell),
        cmocka_unit_test(test_nul_byte_utf16_ok),
        cmocka_unit_test(test_overlong_cell),
        cmocka_unit_test(test_number_overflow_cell),
        cmocka_unit_test(test_inf_nan_text_not_numbers),
        cmocka_unit_test(test_let_number_overflow),
        cmocka_unit_test(test_framework_long_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
