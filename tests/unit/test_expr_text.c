/* Text in the expression language: substr, replace, shortname, len, concat, if, coalesce, text
 * comparisons and text columns made by let, on panels and on plain tables. Expected values are
 * written out by hand from the definitions (docs/expressions.md); character positions are checked
 * against glibc's iconv (UTF-8 -> UTF-32), a decoder independent of the one in expr.c. */
#include "testutil.h"

#include <iconv.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *CSV =
    "id,year,name,gdp,a,b\n"
    "r1,2010,北京市,10,1,\n"
    "r2,2010,内蒙古自治区,20,,2\n"
    "r3,2010,abc,,-1,\n"
    "r4,2010,,5,,\n"
    "r5,2010,新疆维吾尔自治区,7,4,4\n";

/* Applies a let to a fresh panel and returns the panel (fails the test on error). */
static nqpf_panel *with_let(const char *assignment)
{
    nqpf_panel *p = tu_panel_from_text(CSV, "id", "year");
    int rc = nqpf_panel_let(p, assignment);
    if (rc != NQPF_OK)
        fail_msg("let '%s' failed: %s", assignment, nqpf_error_message());
    return p;
}

/* The text of column @p col in row @p i of the panel's table (NULL = missing). */
static const char *cell(const nqpf_panel *p, const char *col, size_t i)
{
    const nqpf_table *t = nqpf_panel_table(p);
    size_t j = nqpf_table_find(t, col);
    assert_true(j != NQPF_NONE);
    assert_true(nqpf_table_is_text(t, j));
    return nqpf_table_text(t, j, i);
}

static double num(const nqpf_panel *p, const char *col, size_t i)
{
    const nqpf_table *t = nqpf_panel_table(p);
    size_t j = nqpf_table_find(t, col);
    assert_true(j != NQPF_NONE);
    assert_false(nqpf_table_is_text(t, j));
    return nqpf_table_cnum(t, j)[i];
}

static void expect_text(const nqpf_panel *p, const char *col, const char *const *want)
{
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        const char *got = cell(p, col, i);
        if (!want[i] ? got != NULL : (!got || strcmp(got, want[i]) != 0))
            fail_msg("row %zu of %s: got '%s', expected '%s'", i, col, got ? got : "(missing)",
                     want[i] ? want[i] : "(missing)");
    }
}

/* Code points of a UTF-8 string by iconv (4 bytes each in UTF-32LE); -1 when iconv fails. */
static long iconv_chars(const char *s)
{
    iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
    if (cd == (iconv_t)-1)
        return -1;
    char out[1024];
    char *in = (char *)s, *o = out;
    size_t inl = strlen(s), outl = sizeof out;
    size_t r = iconv(cd, &in, &inl, &o, &outl);
    iconv_close(cd);
    return r == (size_t)-1 ? -1 : (long)((sizeof out - outl) / 4);
}

static void test_substr(void **state)
{
    (void)state;
    nqpf_panel *p = with_let("s = substr(name, 1, 2)");
    const char *w1[] = {"北京", "内蒙", "ab", NULL, "新疆"};
    expect_text(p, "s", w1);
    nqpf_panel_free(p);

    p = with_let("s = substr(name, 3)");
    const char *w2[] = {"市", "古自治区", "c", NULL, "维吾尔自治区"};
    expect_text(p, "s", w2);
    nqpf_panel_free(p);

    /* Past the end: nothing left, which is a missing cell; a length of 0 likewise. */
    p = with_let("s = substr(name, 7, 2)");
    const char *w3[] = {NULL, NULL, NULL, NULL, "治区"}; /* 新疆维吾尔自治区: 治 is the 7th */
    expect_text(p, "s", w3);
    nqpf_panel_free(p);

    /* Every single-character substring is one code point (iconv), and together they are the text. */
    p = tu_panel_from_text(CSV, "id", "year");
    const char *names[] = {"北京市", "内蒙古自治区", "abc", "新疆维吾尔自治区"};
    for (size_t k = 0; k < 4; k++) {
        long n = iconv_chars(names[k]);
        assert_true(n > 0);
        char whole[256] = "";
        for (long c = 1; c <= n + 1; c++) {
            char let[64];
            snprintf(let, sizeof let, "c%ld = substr(name, %ld, 1)", c, c);
            assert_int_equal(nqpf_panel_let(p, let), NQPF_OK);
            char col[32];
            snprintf(col, sizeof col, "c%ld", c);
            size_t row = k < 3 ? k : 4;
            const char *piece = cell(p, col, row);
            if (c == n + 1) {
                assert_null(piece);
                continue;
            }
            assert_non_null(piece);
            assert_int_equal(iconv_chars(piece), 1);
            strcat(whole, piece);
        }
        assert_string_equal(whole, names[k]);
    }
    nqpf_panel_free(p);

    p = tu_panel_from_text(CSV, "id", "year");
    tu_assert_error(nqpf_panel_let(p, "s = substr(gdp, 1, 2)"), NQPF_EUSAGE,
                    "substr: expected a text first argument, found number column 'gdp'");
    tu_assert_error(nqpf_panel_let(p, "s = substr(name, 0, 2)"), NQPF_EDATA,
                    "panel.csv: row 2, expression 'substr(name, 0, 2)': substr needs a whole start position >= 1");
    tu_assert_error(nqpf_panel_let(p, "s = substr(name, 1, -1)"), NQPF_EDATA, "substr needs a whole length >= 0");
    tu_assert_error(nqpf_panel_let(p, "s = substr(name)"), NQPF_EUSAGE, "substr() takes 2 to 3 arguments, found 1");
    tu_assert_error(nqpf_panel_let(p, "s = substr(name, \"x\")"), NQPF_EUSAGE,
                    "substr (start): expected a number, found the text \"x\"");
    nqpf_panel_free(p);
}

static void test_replace_len_concat(void **state)
{
    (void)state;
    nqpf_panel *p = with_let("s = replace(name, \"自治区\", \"\")");
    const char *w1[] = {"北京市", "内蒙古", "abc", NULL, "新疆维吾尔"};
    expect_text(p, "s", w1);
    assert_int_equal(nqpf_panel_let(p, "t = replace(\"a.b.c\", \".\", \"--\")"), NQPF_OK);
    assert_string_equal(cell(p, "t", 0), "a--b--c");
    /* Every occurrence, left to right, without rescanning what was put in. */
    assert_int_equal(nqpf_panel_let(p, "t = replace(\"aaa\", \"a\", \"aa\")"), NQPF_OK);
    assert_string_equal(cell(p, "t", 0), "aaaaaa");
    tu_assert_error(nqpf_panel_let(p, "t = replace(name, \"\", \"x\")"), NQPF_EDATA,
                    "replace needs a non-empty text to replace");
    nqpf_panel_free(p);

    p = with_let("n = len(name)");
    assert_true(num(p, "n", 0) == 3);
    assert_true(num(p, "n", 1) == 6);
    assert_true(num(p, "n", 2) == 3);
    assert_true(isnan(num(p, "n", 3)));
    assert_true(num(p, "n", 4) == 8);
    nqpf_panel_free(p);

    /* Numbers join in shortest round-trip form; a missing part makes the whole missing. */
    p = with_let("s = concat(name, \"-\", year, \"/\", gdp / 4)");
    const char *w2[] = {"北京市-2010/2.5", "内蒙古自治区-2010/5", NULL, NULL, "新疆维吾尔自治区-2010/1.75"};
    expect_text(p, "s", w2);
    nqpf_panel_free(p);
}

static void test_shortname(void **state)
{
    (void)state;
    nqpf_panel *p = with_let("s = shortname(name)");
    const char *w1[] = {"北京", "内蒙古", "abc", NULL, "新疆"};
    expect_text(p, "s", w1);
    nqpf_panel_free(p);

    /* Cities through the gazetteer; names it does not know lose one suffix when two characters
     * remain (海淀区 -> 海淀, but 沛县 stays). */
    const char *csv = "id,year,n\n"
                      "1,2010,苏州市\n2,2010,延边朝鲜族自治州\n3,2010,海淀区\n4,2010,沛县\n5,2010,Beijing\n"
                      "6,2010,浦东新区\n7,2010, 河北省 \n";
    p = tu_panel_from_text(csv, "id", "year");
    assert_int_equal(nqpf_panel_let(p, "s = shortname(n)"), NQPF_OK);
    const char *w2[] = {"苏州", "延边", "海淀", "沛县", "北京", "浦东", "河北"};
    expect_text(p, "s", w2);
    /* shortname feeds comparisons: the join key of the China map is the short name. */
    assert_int_equal(nqpf_panel_let(p, "bj = shortname(n) == \"北京\""), NQPF_OK);
    assert_true(num(p, "bj", 0) == 0);
    assert_true(num(p, "bj", 4) == 1);
    tu_assert_error(nqpf_panel_let(p, "s = shortname(year)"), NQPF_EUSAGE,
                    "shortname: expected a text argument, found number column 'year'");
    nqpf_panel_free(p);
}

static void test_if_coalesce(void **state)
{
    (void)state;
    /* Only the branch taken is evaluated: log(a) is never asked for a <= 0 or missing a. */
    nqpf_panel *p = with_let("l = if(a > 0, log(a), 0)");
    assert_true(num(p, "l", 0) == 0);           /* log(1) */
    assert_true(isnan(num(p, "l", 1)));         /* a missing: the condition is missing */
    assert_true(num(p, "l", 2) == 0);           /* a = -1: the else branch */
    assert_true(isnan(num(p, "l", 3)));
    assert_true(fabs(num(p, "l", 4) - log(4.0)) < 1e-15);
    nqpf_panel_free(p);

    p = with_let("size = if(gdp >= 10, \"big\", \"small\")");
    const char *w1[] = {"big", "big", NULL, "small", "small"};
    expect_text(p, "size", w1);
    tu_assert_error(nqpf_panel_let(p, "z = if(gdp > 1, \"big\", 0)"), NQPF_EUSAGE,
                    "if: expected text like its other arguments, found the number '0'");
    nqpf_panel_free(p);

    p = with_let("c = coalesce(a, b, 0)");
    const double wc[] = {1, 2, -1, 0, 4};
    for (size_t i = 0; i < 5; i++)
        assert_true(num(p, "c", i) == wc[i]);
    assert_int_equal(nqpf_panel_let(p, "t = coalesce(name, \"(none)\")"), NQPF_OK);
    const char *w2[] = {"北京市", "内蒙古自治区", "abc", "(none)", "新疆维吾尔自治区"};
    expect_text(p, "t", w2);
    /* A text column copied is text; one used in arithmetic is read as numbers. */
    assert_int_equal(nqpf_panel_let(p, "copy = name"), NQPF_OK);
    expect_text(p, "copy", (const char *const[]){"北京市", "内蒙古自治区", "abc", NULL, "新疆维吾尔自治区"});
    nqpf_panel_free(p);
}

static void test_text_comparisons(void **state)
{
    (void)state;
    const char *csv = "id,year,code,alt,v\n1,2010,000001,000001,3\n2,2010,000002,2,4\n3,2010,x,x,\n";
    nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
    /* Two text columns compare as text: 000002 != 2. */
    assert_int_equal(nqpf_panel_let(p, "eq = code == alt"), NQPF_OK);
    assert_true(num(p, "eq", 0) == 1);
    assert_true(num(p, "eq", 1) == 0);
    assert_true(num(p, "eq", 2) == 1);
    /* A number column compares with a text literal by its cells' text. */
    assert_int_equal(nqpf_panel_let(p, "y10 = year == \"2010\""), NQPF_OK);
    assert_true(num(p, "y10", 0) == 1);
    tu_assert_error(nqpf_panel_let(p, "z = 3 == \"x\""), NQPF_EUSAGE, "'==': expected text on both sides");
    tu_assert_error(nqpf_panel_let(p, "z = \"x\" + 1"), NQPF_EUSAGE, "'+': expected a number, found the text \"x\"");
    /* A where that gives text is refused. */
    tu_assert_error(nqpf_panel_filter(p, "concat(code, \"a\")", LONG_MIN, LONG_MAX), NQPF_EUSAGE,
                    "gives text; a number or a condition is needed here");
    nqpf_panel_free(p);
}

static void test_plain_table(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_write_tmp("plain.csv", "name,v\n北京市,1\n上海市,\n广东省,3\n"));
    assert_int_equal(nqpf_expr_let(t, "s = shortname(name)"), NQPF_OK);
    assert_int_equal(nqpf_expr_let(t, "w = v * 2"), NQPF_OK);
    size_t js = nqpf_table_find(t, "s"), jw = nqpf_table_find(t, "w");
    assert_string_equal(nqpf_table_text(t, js, 0), "北京");
    assert_string_equal(nqpf_table_text(t, js, 2), "广东");
    assert_true(nqpf_table_cnum(t, jw)[2] == 6);
    assert_true(isnan(nqpf_table_cnum(t, jw)[1]));
    tu_assert_error(nqpf_expr_let(t, "l = lag(v)"), NQPF_EUSAGE, "lag() needs a panel: give the options id and time");
    assert_int_equal(nqpf_error_key() ? strcmp(nqpf_error_key(), "let") : -1, 0);
    assert_int_equal(nqpf_expr_filter(&t, "v > 1 || s == \"北京\""), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(t), 2);
    assert_string_equal(nqpf_table_text(t, js, 1), "广东");
    assert_int_equal(nqpf_table_src_row(t, 1), 4); /* spreadsheet row of 广东省 */
    tu_assert_error(nqpf_expr_filter(&t, "v > 100"), NQPF_EDATA, "no rows left");
    tu_assert_error(nqpf_expr_let(t, "z = nosuch + 1"), NQPF_EDATA, "column 'nosuch' not found; columns are: name, v");
    nqpf_table_free(t);
}

/* A syntax error near Chinese text quotes whole characters only. */
static void test_message_keeps_characters(void **state)
{
    (void)state;
    nqpf_expr *e = NULL;
    tu_assert_error(nqpf_expr_parse(&e, "1 + )名字名字名字"), NQPF_EUSAGE, "at character 5");
    assert_true(iconv_chars(nqpf_error_message()) > 0);
    tu_assert_error(nqpf_expr_parse(&e, "x $名字名字名字名字"), NQPF_EUSAGE, "unexpected text");
    assert_true(iconv_chars(nqpf_error_message()) > 0);
    tu_assert_error(nqpf_expr_parse(&e, "foo(x)"), NQPF_EUSAGE, "substr replace shortname len concat if coalesce");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_substr),
        cmocka_unit_test(test_replace_len_concat),
        cmocka_unit_test(test_shortname),
        cmocka_unit_test(test_if_coalesce),
        cmocka_unit_test(test_text_comparisons),
        cmocka_unit_test(test_plain_table),
        cmocka_unit_test(test_message_keeps_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
