/* Spreadsheet readers: every sheet of tests/data/excel/yearbook.xlsx (written by openpyxl, an
 * independent writer; see make_fixtures.py) and of its xlwt twin yearbook.xls reads to exactly the
 * table that its CSV twin (written by Python's csv module from the same values) reads to: the same
 * names, types and cells, numbers bit for bit. Dates are checked the same way: the CSV holds the
 * dates Python formatted, the workbook the serial numbers openpyxl (or this test's generator)
 * computed. Also: sheet selection by name and number, the 1904 date system, warnings for error
 * cells and formulas without cached values, files whose bytes differ from their extension, and
 * every error class of a damaged or hostile workbook (message naming file, cell and expectation). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/io_internal.h"
#include "util/util.h"

static const char *fixture(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s", tu_source(name));
    return buf;
}

static nqpf_read_options opts_for(const char *sheet, size_t header_row, size_t header_rows)
{
    nqpf_read_options o;
    assert_int_equal(nqpf_read_options_init(&o, NQPF_READ_OPTIONS_VERSION), NQPF_OK);
    o.sheet = sheet;
    o.header_row = header_row;
    o.header_rows = header_rows;
    return o;
}



/* The sheet @p sheet of @p book against the CSV twin @p csv, read with the same header options. */
static void check_twin(const char *book, const char *sheet, const char *csv, size_t header_row, size_t header_rows)
{
    char bpath[4096], what[256];
    snprintf(bpath, sizeof bpath, "%s", fixture(book));
    nqpf_read_options o = opts_for(sheet, header_row, header_rows);
    nqpf_table *x = tu_read_ok(bpath, &o);
    o.sheet = NULL;
    nqpf_table *c = tu_read_ok(fixture(csv), &o);
    snprintf(what, sizeof what, "%s[%s]", book, sheet ? sheet : "(first)");
    tu_assert_same_table(x, c, what, 0);
    nqpf_table_free(x);
    nqpf_table_free(c);
}

static void test_xlsx_yearbook_table(void **state)
{
    (void)state;
    /* title row merged across A1:F1; header over rows 2-3 with merged cells; "—" markers; numbers
     * stored as text; a styled empty cell at H14 (trailing rows and columns); shared strings */
    check_twin("tests/data/excel/yearbook.xlsx", "地区生产总值", "tests/data/excel/yearbook_1.csv", 2, 2);
    check_twin("tests/data/excel/yearbook.xlsx", NULL, "tests/data/excel/yearbook_1.csv", 2, 2);
    nqpf_read_options o = opts_for(NULL, 2, 2);
    nqpf_table *t = tu_read_ok(fixture("tests/data/excel/yearbook.xlsx"), &o);
    assert_int_equal(nqpf_table_nrows(t), 8);
    assert_int_equal(nqpf_table_ncols(t), 6);
    assert_string_equal(nqpf_table_text(t, 0, 2), "天津市");
    assert_true(nqpf_table_cnum(t, 2)[0] == 36102.6);
    assert_true(isnan(nqpf_table_cnum(t, 4)[3])); /* "—" */
    assert_true(nqpf_table_cnum(t, 4)[0] == 2189); /* stored as text */
    assert_string_equal(nqpf_table_source(t), "yearbook.xlsx[地区生产总值]");
    nqpf_table_free(t);
}

static void test_xlsx_dates_and_second_sheet(void **state)
{
    (void)state;
    check_twin("tests/data/excel/yearbook.xlsx", "人口", "tests/data/excel/yearbook_2.csv", 0, 1);
    nqpf_read_options o = opts_for("人口", 0, 1);
    nqpf_table *t = tu_read_ok(fixture("tests/data/excel/yearbook.xlsx"), &o);
    assert_int_equal(nqpf_table_nrows(t), 5);
    assert_int_equal(nqpf_table_ncols(t), 8);
    assert_string_equal(nqpf_table_text(t, 5, 0), "2022-12-31");
    assert_string_equal(nqpf_table_text(t, 6, 2), "2023-03-02 17:05:59");
    assert_string_equal(nqpf_table_text(t, 7, 1), "2400-02-29");
    assert_false(nqpf_table_is_text(t, 2)); /* a year with the General format stays a number */
    assert_true(nqpf_table_cnum(t, 2)[0] == 2022);
    nqpf_table_free(t);
}

static void capture(const char *msg, void *ud)
{
    nqpf__buf *b = ud;
    nqpf__buf_puts(b, msg);
    nqpf__buf_puts(b, "\n");
}

static void test_xlsx_cell_types(void **state)
{
    (void)state;
    nqpf__buf w = NQPF__BUF_INIT;
    nqpf_set_warning_handler(capture, &w);
    check_twin("tests/data/excel/yearbook.xlsx", "类型", "tests/data/excel/yearbook_4.csv", 0, 1);
    check_twin("tests/data/excel/yearbook.xlsx", "4", "tests/data/excel/yearbook_4.csv", 0, 1);
    nqpf_set_warning_handler(NULL, NULL);
    const char *s = w.data ? w.data : "";
    assert_non_null(strstr(s, "yearbook.xlsx[类型]: 3 cells with an Excel error value"));
    assert_non_null(strstr(s, "the first is M2 (#N/A)"));
    assert_non_null(strstr(s, "3 formula cells without a cached value read as missing (the workbook was not "
                              "recalculated"));
    assert_non_null(strstr(s, "the first is N2"));
    nqpf__buf_free(&w);
    /* spot checks beyond the twin: the fictitious 1900-02-29, a surrogate pair, the rich text */
    nqpf_read_options o = opts_for("类型", 0, 1);
    nqpf_table *t = tu_read_ok(fixture("tests/data/excel/yearbook.xlsx"), &o);
    assert_string_equal(nqpf_table_text(t, 2, 2), "1900-02-29");
    assert_string_equal(nqpf_table_text(t, 14, 2), "\xF0\x9F\x98\x80");
    assert_string_equal(nqpf_table_text(t, 15, 0), "富文本");
    assert_true(nqpf_table_cnum(t, 1)[0] == 0.1 + 0.2);
    nqpf_table_free(t);
}

static void test_xlsx_1904(void **state)
{
    (void)state;
    check_twin("tests/data/excel/date1904.xlsx", NULL, "tests/data/excel/date1904.csv", 0, 1);
}

static void test_sheet_selection(void **state)
{
    (void)state;
    const char *book = fixture("tests/data/excel/yearbook.xlsx");
    /* "2" names the third sheet, which is called "2": the name wins over the number */
    nqpf_read_options o = opts_for("2", 0, 1);
    nqpf_table *t = tu_read_ok(book, &o);
    assert_string_equal(nqpf_table_colname(t, 0), "指标");
    nqpf_table_free(t);
    /* "3" is no sheet's name: the third sheet by number */
    o.sheet = "3";
    t = tu_read_ok(book, &o);
    assert_string_equal(nqpf_table_colname(t, 0), "指标");
    nqpf_table_free(t);
    o.sheet = "9";
    tu_assert_error(nqpf_read_table(&t, book, &o), NQPF_EDATA,
                    "yearbook.xlsx: the option sheet: expected a sheet name or a number from 1 to 4, found '9'; the "
                    "sheets are 1 '地区生产总值', 2 '人口', 3 '2', 4 '类型'");
    assert_null(t);
    o.sheet = "GDP";
    tu_assert_error(nqpf_read_table(&t, book, &o), NQPF_EDATA, "found 'GDP'; the sheets are 1 '地区生产总值'");
    /* the same rules for .xls */
    const char *xls = fixture("tests/data/excel/yearbook.xls");
    o.sheet = "2";
    t = tu_read_ok(xls, &o);
    assert_string_equal(nqpf_table_colname(t, 0), "指标");
    nqpf_table_free(t);
    o.sheet = "GDP";
    tu_assert_error(nqpf_read_table(&t, xls, &o), NQPF_EDATA,
                    "yearbook.xls: the option sheet: expected a sheet name or a number from 1 to 4, found 'GDP'; the "
                    "sheets are 1 '地区生产总值', 2 '人口', 3 '2', 4 '类型'");
}

static void test_xls_twin(void **state)
{
    (void)state;
    /* FreeXL gives no merged cells, so the .xls reads as the CSV export does */
    check_twin("tests/data/excel/yearbook.xls", "人口", "tests/data/excel/yearbook_2.csv", 0, 1);
    check_twin("tests/data/excel/yearbook.xls", "2", "tests/data/excel/yearbook_3.csv", 0, 1);
    check_twin("tests/data/excel/yearbook.xls", "类型", "tests/data/excel/yearbook_4.csv", 0, 1);
    check_twin("tests/data/excel/yearbook.xls", "地区生产总值", "tests/data/excel/yearbook_1.csv", 2, 2);
}

/* ---- damaged and hostile workbooks: a copy of yearbook.xlsx with one part replaced ------------ */

static const char *with_part(const char *name, const char *part, const char *xml)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    assert_int_equal(tu_system("cp '%s' '%s'", fixture("tests/data/excel/yearbook.xlsx"), path), 0);
    int err = 0;
    zip_t *z = zip_open(path, 0, &err);
    assert_non_null(z);
    char *copy = strdup(xml);
    zip_source_t *src = zip_source_buffer(z, copy, strlen(copy), 1);
    assert_non_null(src);
    assert_true(zip_file_add(z, part, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) >= 0);
    assert_int_equal(zip_close(z), 0);
    return path;
}

#define SHEET_HEAD "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"

static void test_errors(void **state)
{
    (void)state;
    nqpf_table *t = NULL;
    /* malformed XML: the part and the line */
    const char *p = with_part("bad_xml.xlsx", "xl/worksheets/sheet1.xml",
                              SHEET_HEAD "\n<row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "bad_xml.xlsx: xl/worksheets/sheet1.xml: line 2, column ");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA, "expected well-formed XML, found mismatched tag");
    /* a shared string index past the table */
    p = with_part("bad_sst.xlsx", "xl/worksheets/sheet1.xml",
                  SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                             "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>999</v></c></row></sheetData></worksheet>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "bad_sst.xlsx[地区生产总值]: row 2, column B (cell B2): expected a shared string index below 35 "
                    "(the strings the workbook holds), found 999");
    /* a column past XFD */
    p = with_part("bad_col.xlsx", "xl/worksheets/sheet1.xml",
                  SHEET_HEAD "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "bad_col.xlsx[地区生产总值]: row 1, column A (cell A1): expected a cell reference within "
                    "A1:XFD1048576, found 'XFE1'");
    /* a document type declaration (entity expansion) */
    p = with_part("doctype.xlsx", "xl/worksheets/sheet1.xml",
                  "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaaaaaaaa\">]>" SHEET_HEAD
                  "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c></row></sheetData></worksheet>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "doctype.xlsx: xl/worksheets/sheet1.xml: line 1: expected no document type declaration");
    /* rows out of order */
    p = with_part("rows.xlsx", "xl/worksheets/sheet1.xml",
                  SHEET_HEAD "<row r=\"3\"><c r=\"A3\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row>"
                             "</sheetData></worksheet>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "expected rows in increasing order after row 3, found row 2");
    /* cells out of column order */
    p = with_part("cols.xlsx", "xl/worksheets/sheet1.xml",
                  SHEET_HEAD "<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row></sheetData></worksheet>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "cols.xlsx[地区生产总值]: row 1, column B (cell B1): expected cells in increasing column order");
    /* a cell of more than 1 MiB of text */
    size_t big = ((size_t)1 << 20) + 10;
    char *xml = malloc(big + 256);
    assert_non_null(xml);
    int n = snprintf(xml, 256, SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    memset(xml + n, 'a', big);
    strcpy(xml + n + big, "</t></is></c></row></sheetData></worksheet>");
    p = with_part("bigcell.xlsx", "xl/worksheets/sheet1.xml", xml);
    free(xml);
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA,
                    "bigcell.xlsx[地区生产总值]: row 1, column A (cell A1): expected at most 1 MiB of text in a cell");
    /* a workbook without sheets */
    p = with_part("nowb.xlsx", "xl/workbook.xml", "<workbook/>");
    tu_assert_error(nqpf_read_table(&t, p, NULL), NQPF_EDATA, "nowb.xlsx: expected at least one sheet");
    /* not a zip: binary bytes under an .xlsx name; and a truncated zip */
    const char *bin = tu_write_tmp("binary.xlsx", "\x01\x02\x03");
    FILE *f = fopen(bin, "wb");
    fwrite("\x01\x00\x02\x00garbage", 1, 11, f);
    fclose(f);
    tu_assert_error(nqpf_read_table(&t, bin, NULL), NQPF_EDATA,
                    "binary.xlsx: expected an Excel workbook (.xlsx: a zip container; .xls: an OLE2 compound file), "
                    "found neither");
    char trunc[4096];
    snprintf(trunc, sizeof trunc, "%s/truncated.xlsx", tu_tmpdir());
    assert_int_equal(tu_system("head -c 600 '%s' > '%s'", fixture("tests/data/excel/yearbook.xlsx"), trunc), 0);
    tu_assert_error(nqpf_read_table(&t, trunc, NULL), NQPF_EDATA,
                    "truncated.xlsx: expected an Excel .xlsx file (a zip container), found a damaged zip structure");
    tu_assert_error(nqpf__read_xlsx(&t, tu_write_tmp("text.xlsx", "a,b\n1,2\n"), NULL), NQPF_EDATA,
                    "text.xlsx: expected an Excel .xlsx file (a zip container), found no zip structure");
    tu_assert_error(nqpf__read_xls(&t, tu_write_tmp("text.xls", "a,b\n1,2\n"), NULL), NQPF_EDATA,
                    "text.xls: expected an Excel 97-2003 workbook (.xls), found ");
    tu_assert_error(nqpf_read_table(&t, tu_write_tmp("page.xls", "<html><body><table><tr><td>1</td></tr></table>"),
                                    NULL),
                    NQPF_EDATA, "page.xls: expected an Excel workbook, found an HTML page");
    assert_null(t);
}

/* An .xls that is really .xlsx, or really delimited text, is read by its bytes, with a warning. */
static void test_magic(void **state)
{
    (void)state;
    char fake[4096];
    snprintf(fake, sizeof fake, "%s/really_xlsx.xls", tu_tmpdir());
    assert_int_equal(tu_system("cp '%s' '%s'", fixture("tests/data/excel/yearbook.xlsx"), fake), 0);
    nqpf__buf w = NQPF__BUF_INIT;
    nqpf_set_warning_handler(capture, &w);
    nqpf_read_options o = opts_for("人口", 0, 1);
    nqpf_table *a = tu_read_ok(fake, &o);
    nqpf_table *b = tu_read_ok(fixture("tests/data/excel/yearbook.xlsx"), &o);
    tu_assert_same_table(a, b, "really_xlsx.xls", 0);
    nqpf_table_free(a);
    nqpf_table_free(b);
    assert_non_null(strstr(w.data, "really_xlsx.xls: the file is an Office Open XML workbook (.xlsx) under an .xls "
                                   "name; read as .xlsx"));
    const char *txt = tu_write_tmp("export.xls", "地区\t年份\t值\n北京\t2020\t1.5\n");
    a = tu_read_ok(txt, NULL);
    assert_int_equal(nqpf_table_ncols(a), 3);
    assert_true(nqpf_table_cnum(a, 2)[0] == 1.5);
    nqpf_table_free(a);
    nqpf_set_warning_handler(NULL, NULL);
    assert_non_null(strstr(w.data, "export.xls: the file is delimited text under a spreadsheet name"));
    nqpf__buf_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_yearbook_table), cmocka_unit_test(test_xlsx_dates_and_second_sheet),
        cmocka_unit_test(test_xlsx_cell_types),     cmocka_unit_test(test_xlsx_1904),
        cmocka_unit_test(test_sheet_selection),     cmocka_unit_test(test_xls_twin),
        cmocka_unit_test(test_errors),              cmocka_unit_test(test_magic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
