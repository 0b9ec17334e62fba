/* Reader tests: RFC 4180 quoting, BOM, delimiters, Chinese headers, missing-value tokens, typing of
 * columns, every reader error class, and a Stata .dta round trip through ReadStat's writer. */
#include "testutil.h"

#include <math.h>
#include <readstat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static nqpf_table *read_text(const char *name, const char *text, const nqpf_read_options *o)
{
    nqpf_table *t = NULL;
    const char *path = tu_write_tmp(name, text);
    if (nqpf_read_table(&t, path, o) != NQPF_OK)
        fail_msg("reading %s: %s", name, nqpf_error_message());
    return t;
}

static int read_error(const char *name, const char *text)
{
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, tu_write_tmp(name, text), NULL);
    assert_null(t);
    return rc;
}

static void test_quoting(void **state)
{
    (void)state;
    /* Embedded delimiter, doubled quote, embedded newline, quoted number. */
    nqpf_table *t = read_text("q.csv",
                              "name,note,v\n"
                              "\"Smith, J\",\"He said \"\"hi\"\"\",\"1.5\"\n"
                              "b,\"two\nlines\",2\n",
                              NULL);
    assert_int_equal(nqpf_table_nrows(t), 2);
    assert_string_equal(nqpf_table_text(t, 0, 0), "Smith, J");
    assert_string_equal(nqpf_table_text(t, 1, 0), "He said \"hi\"");
    assert_string_equal(nqpf_table_text(t, 1, 1), "two\nlines");
    assert_false(nqpf_table_is_text(t, 2));
    assert_true(nqpf_table_cnum(t, 2)[0] == 1.5);
    assert_true(nqpf_table_cnum(t, 2)[1] == 2.0);
    nqpf_table_free(t);
}

static void test_bom_chinese_semicolon(void **state)
{
    (void)state;
    nqpf_table *t = read_text("zh.csv",
                              "\xEF\xBB\xBF" "省份;年份;地区生产总值\n北京;2020;36102.6\n上海;2020;38700.58\n", NULL);
    assert_int_equal(nqpf_table_ncols(t), 3);
    assert_string_equal(nqpf_table_colname(t, 0), "省份");
    assert_string_equal(nqpf_table_colname(t, 2), "地区生产总值");
    assert_int_not_equal(nqpf_table_find(t, "年份"), NQPF_NONE);
    assert_string_equal(nqpf_table_text(t, 0, 1), "上海");
    assert_true(nqpf_table_cnum(t, 2)[1] == 38700.58);
    nqpf_table_free(t);
}

static void test_tab_and_forced_delim(void **state)
{
    (void)state;
    nqpf_table *t = read_text("t.tsv", "a\tb\n1\t2\n", NULL);
    assert_int_equal(nqpf_table_ncols(t), 2);
    nqpf_table_free(t);
    /* Forcing ',' on a semicolon file gives one column named "a;b". */
    nqpf_read_options o = NQPF_READ_OPTIONS_INIT;
    o.delim = ',';
    t = read_text("s.csv", "a;b\n1;2\n", &o);
    assert_int_equal(nqpf_table_ncols(t), 1);
    assert_string_equal(nqpf_table_colname(t, 0), "a;b");
    nqpf_table_free(t);
}

static void test_missing_and_types(void **state)
{
    (void)state;
    const char *na[] = {"NA", ".", NULL};
    nqpf_read_options o = NQPF_READ_OPTIONS_INIT;
    o.na = na;
    nqpf_table *t = read_text("m.csv", "x,y,z\n1,,a\nNA,2,\n.,3e2,c\n", &o);
    const double *x = nqpf_table_cnum(t, 0), *y = nqpf_table_cnum(t, 1);
    assert_false(nqpf_table_is_text(t, 0));
    assert_true(x[0] == 1 && isnan(x[1]) && isnan(x[2]));
    assert_true(isnan(y[0]) && y[1] == 2 && y[2] == 300);
    assert_true(nqpf_table_is_text(t, 2));
    assert_null(nqpf_table_text(t, 2, 1)); /* empty cell: missing, not "" */
    nqpf_table_free(t);
    /* Codes with leading zeros stay text, yet can still be read as numbers through a panel. */
    t = read_text("codes.csv", "code,year,v\n000001,2020,1\n600519,2020,2\n", NULL);
    assert_true(nqpf_table_is_text(t, 0));
    assert_string_equal(nqpf_table_text(t, 0, 0), "000001");
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "code", "year"), NQPF_OK);
    assert_string_equal(nqpf_panel_unit_name(p, 0), "000001");
    const double *cv;
    assert_int_equal(nqpf_panel_column(p, "code", &cv), NQPF_OK);
    assert_true(cv[0] == 1 && cv[1] == 600519);
    nqpf_panel_free(p);
    /* Without --na, "NA" is text (Namibia's ISO code must survive). */
    t = read_text("m2.csv", "iso,v\nNA,1\nZA,2\n", NULL);
    assert_true(nqpf_table_is_text(t, 0));
    assert_string_equal(nqpf_table_text(t, 0, 0), "NA");
    nqpf_table_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    nqpf_table *t = NULL;
    tu_assert_error(nqpf_read_table(&t, "/nonexistent/data.csv", NULL), NQPF_EDATA, "/nonexistent/data.csv: cannot open");
    tu_assert_error(read_error("rag.csv", "a,b\n1,2\n3\n"), NQPF_EDATA, "rag.csv: row 3: expected 2 fields");
    tu_assert_error(read_error("dup.csv", "a,a\n1,2\n"), NQPF_EDATA, "row 1, column 2: duplicate column name 'a'");
    tu_assert_error(read_error("empty_name.csv", "a,,c\n1,2,3\n"), NQPF_EDATA, "row 1, column 2: expected a column name");
    tu_assert_error(read_error("quote.csv", "a,b\n1,\"x\"y\n"), NQPF_EDATA, "malformed quoting");
    tu_assert_error(read_error("empty.csv", ""), NQPF_EDATA, "empty file");
    /* Not UTF-8, so read as GB18030, where 0xFF is no character either. */
    tu_assert_error(read_error("badutf.csv", "a\xff,b\n1,2\n"), NQPF_EDATA,
                    "badutf.csv: row 1, column 1: byte 0xFF is not valid GB18030 (encoding detected: not UTF-8)");
}

static void test_row_numbers_after_multiline(void **state)
{
    (void)state;
    /* Rows are records as a spreadsheet numbers them, even when a quoted cell spans lines. */
    nqpf_table *t = read_text("rows.csv", "id,year,x\na,2000,\"1\n\"\nb,2000,zz\n", NULL);
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "id", "year"), NQPF_OK);
    const double *x;
    tu_assert_error(nqpf_panel_column(p, "x", &x), NQPF_EDATA, "rows.csv: row 2, column 'x': expected a number, found '1 '");
    nqpf_panel_free(p);
}

typedef struct membuf {
    FILE *f;
} membuf;

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
    return (ssize_t)fwrite(data, 1, len, ((membuf *)ctx)->f);
}

static void test_dta_round_trip(void **state)
{
    (void)state;
    char path[4200];
    snprintf(path, sizeof path, "%s/round.dta", tu_tmpdir());
    membuf mb = {fopen(path, "wb")};
    assert_non_null(mb.f);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_bytes);
    readstat_variable_t *vid = readstat_add_variable(w, "province", READSTAT_TYPE_STRING, 16);
    readstat_variable_t *vyr = readstat_add_variable(w, "year", READSTAT_TYPE_INT16, 0);
    readstat_variable_t *vgdp = readstat_add_variable(w, "gdp", READSTAT_TYPE_DOUBLE, 0);
    assert_int_equal(readstat_begin_writing_dta(w, &mb, 3), READSTAT_OK);
    const char *ids[] = {"Beijing", "Beijing", "Hebei"};
    const int years[] = {2020, 2021, 2020};
    const double gdp[] = {36102.6, 0.1 + 0.2, NAN};
    for (int r = 0; r < 3; r++) {
        readstat_begin_row(w);
        readstat_insert_string_value(w, vid, ids[r]);
        readstat_insert_int16_value(w, vyr, (int16_t)years[r]);
        if (isnan(gdp[r]))
            readstat_insert_missing_value(w, vgdp);
        else
            readstat_insert_double_value(w, vgdp, gdp[r]);
        readstat_end_row(w);
    }
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    fclose(mb.f);

    nqpf_table *t = tu_read(path);
    assert_int_equal(nqpf_table_nrows(t), 3);
    assert_string_equal(nqpf_table_colname(t, 0), "province");
    assert_string_equal(nqpf_table_text(t, 0, 2), "Hebei");
    size_t jg = nqpf_table_find(t, "gdp"), jy = nqpf_table_find(t, "year");
    assert_true(nqpf_table_cnum(t, jy)[1] == 2021);
    /* Doubles come back bit for bit; a Stata missing value is missing. */
    assert_true(nqpf_table_cnum(t, jg)[0] == 36102.6);
    assert_true(nqpf_table_cnum(t, jg)[1] == 0.1 + 0.2);
    assert_true(isnan(nqpf_table_cnum(t, jg)[2]));
    nqpf_table_free(t);
}

static void test_sav_round_trip(void **state)
{
    (void)state;
    /* SPSS comes with ReadStat too: same check through the .sav writer. */
    char path[2200];
    snprintf(path, sizeof path, "%s/round.sav", tu_tmpdir());
    membuf mb = {fopen(path, "wb")};
    assert_non_null(mb.f);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_bytes);
    readstat_variable_t *vid = readstat_add_variable(w, "firm", READSTAT_TYPE_STRING, 8);
    readstat_variable_t *vx = readstat_add_variable(w, "rd", READSTAT_TYPE_DOUBLE, 0);
    assert_int_equal(readstat_begin_writing_sav(w, &mb, 2), READSTAT_OK);
    readstat_begin_row(w);
    readstat_insert_string_value(w, vid, "600519");
    readstat_insert_double_value(w, vx, 1.0 / 3);
    readstat_end_row(w);
    readstat_begin_row(w);
    readstat_insert_string_value(w, vid, "000001");
    readstat_insert_missing_value(w, vx);
    readstat_end_row(w);
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    fclose(mb.f);
    nqpf_table *t = tu_read(path);
    assert_int_equal(nqpf_table_nrows(t), 2);
    size_t jx = nqpf_table_find(t, "rd");
    assert_int_not_equal(jx, NQPF_NONE);
    assert_true(nqpf_table_cnum(t, jx)[0] == 1.0 / 3);
    assert_true(isnan(nqpf_table_cnum(t, jx)[1]));
    nqpf_table_free(t);
}

static void test_dta_matches_csv(void **state)
{
    (void)state;
    /* The gtfpch example ships the same data as .dta and .csv: both readers must agree. */
    const char *dta = tu_shared("data/cases/gtfpch_provinces/example.dta");
    if (!dta)
        skip();
    nqpf_table *a = tu_read(dta);
    nqpf_table *b = tu_read(tu_shared("data/cases/gtfpch_provinces/example.csv"));
    assert_int_equal(nqpf_table_nrows(a), nqpf_table_nrows(b));
    size_t compared = 0;
    for (size_t j = 0; j < nqpf_table_ncols(b); j++) {
        /* The CSV adds a running "row" column the Stata file does not have. */
        size_t ja = nqpf_table_find(a, nqpf_table_colname(b, j));
        if (ja == NQPF_NONE || nqpf_table_is_text(b, j))
            continue;
        for (size_t i = 0; i < nqpf_table_nrows(b); i++) {
            double va = nqpf_table_cnum(a, ja)[i], vb = nqpf_table_cnum(b, j)[i];
            /* .dta holds floats for some variables; the CSV prints the same value in full. */
            tu_assert_close(va, vb, 1e-7, 0, nqpf_table_colname(b, j));
            compared++;
        }
    }
    assert_int_equal(compared, 6 * nqpf_table_nrows(b)); /* year K L E Y CO2 */
    nqpf_table_free(a);
    nqpf_table_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_bom_chinese_semicolon),
        cmocka_unit_test(test_tab_and_forced_delim),
        cmocka_unit_test(test_missing_and_types),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_row_numbers_after_multiline),
        cmocka_unit_test(test_dta_round_trip),
        cmocka_unit_test(test_sav_round_trip),
        cmocka_unit_test(test_dta_matches_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
