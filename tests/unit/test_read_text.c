/* Reading text files as yearbook users have them (the sheet layer, src/io/grid.c, and the encodings
 * of src/io/read_csv.c). The reference for tests/data/read/yearbook.csv is the table transcribed by
 * hand from that file below; its GB18030 (CRLF) and UTF-16LE tab-delimited twins were written by
 * Python's csv and codecs modules (tests/data/read/make.py) and must read to the same table, cell
 * by cell. Also: header detection under title rows, multi-row headers (carry right within the
 * parent's span, merged cells), cleaning and its hints, every encoding error with row and column,
 * and messages cut at a whole UTF-8 character. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/io_internal.h"

/* ---- warnings -------------------------------------------------------------------------------- */

typedef struct warnings {
    char text[16][1100];
    size_t n;
} warnings;

static warnings W;

static void on_warn(const char *msg, void *ud)
{
    warnings *w = ud;
    if (w->n < 16)
        snprintf(w->text[w->n], sizeof w->text[0], "%s", msg);
    w->n++;
}

static void warn_start(void)
{
    memset(&W, 0, sizeof W);
    nqpf_set_warning_handler(on_warn, &W);
}

static void warn_stop(void) { nqpf_set_warning_handler(NULL, NULL); }

static void assert_warned(const char *needle)
{
    for (size_t k = 0; k < W.n && k < 16; k++)
        if (strstr(W.text[k], needle))
            return;
    fail_msg("no warning contains '%s' (%zu warnings%s%s)", needle, W.n, W.n ? ", the first: " : "",
             W.n ? W.text[0] : "");
}

/* ---- helpers --------------------------------------------------------------------------------- */

static nqpf_read_options opts(size_t header_row, size_t header_rows)
{
    nqpf_read_options o;
    assert_int_equal(nqpf_read_options_init(&o, NQPF_READ_OPTIONS_VERSION), NQPF_OK);
    o.header_row = header_row;
    o.header_rows = header_rows;
    return o;
}


/* Writes @p n bytes (may hold NULs) to a scratch file; returns its path (static). */
static const char *write_bytes(const char *name, const char *bytes, size_t n)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

static int read_fails(const char *path, const nqpf_read_options *o)
{
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, path, o);
    assert_null(t);
    return rc;
}

/* An independent UTF-8 check (RFC 3629 byte ranges). */
static int utf8_valid(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        size_t n;
        if (*s < 0x80)
            n = 1;
        else if (*s >= 0xC2 && *s <= 0xDF)
            n = 2;
        else if (*s >= 0xE0 && *s <= 0xEF)
            n = 3;
        else if (*s >= 0xF0 && *s <= 0xF4)
            n = 4;
        else
            return 0;
        for (size_t k = 1; k < n; k++)
            if ((s[k] & 0xC0) != 0x80)
                return 0;
        s += n;
    }
    return 1;
}


/* ---- the yearbook file and its twins --------------------------------------------------------- */

static const char *const yb_names[] = {"地区", "年份", "地区生产总值_第一产业", "地区生产总值_第二产业",
                                       "人口_年末常住人口", "人口_出生率（‰）", "备注"};
static const char *const yb_region[] = {"北京市", "北京市", "天津市", "天津市", "河北省", "河北省", "山西省"};
static const double yb_num[7][5] = {
    {2020, 107.6, 5716.4, 2189, 6.98}, {2021, 111.3, 7268.6, 2189, 6.35},   {2020, 210.2, 4804.1, 1387, NAN},
    {2021, 225.4, 5854.7, 1373, NAN},  {2020, 3880.1, 13597.2, NAN, 8.16}, {2021, 4030.3, 16364.2, 7448, NAN},
    {2020, 946.7, 7675.4, NAN, NAN}};
static const size_t yb_rows[] = {5, 6, 7, 9, 10, 11, 12};

static void check_yearbook(const nqpf_table *t)
{
    assert_int_equal(nqpf_table_ncols(t), 7);
    assert_int_equal(nqpf_table_nrows(t), 7);
    for (size_t j = 0; j < 7; j++)
        assert_string_equal(nqpf_table_colname(t, j), yb_names[j]);
    assert_true(nqpf_table_is_text(t, 0));
    assert_true(nqpf_table_is_text(t, 6));
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(nqpf_table_text(t, 0, i), yb_region[i]); /* "天津市 " trimmed */
        assert_int_equal(nqpf_table_src_row(t, i), yb_rows[i]);       /* the blank row 8 counts */
        for (size_t j = 1; j <= 5; j++) {
            assert_false(nqpf_table_is_text(t, j));
            double x = nqpf_table_cnum(t, j)[i], y = yb_num[i][j - 1];
            if (!(x == y || (isnan(x) && isnan(y))))
                fail_msg("column '%s', row %zu: %.17g, expected %.17g", yb_names[j], i, x, y);
        }
        if (i == 3)
            assert_string_equal(nqpf_table_text(t, 6, i), "抽样, 推算");
        else
            assert_null(nqpf_table_text(t, 6, i));
    }
}

static void test_yearbook_utf8(void **state)
{
    (void)state;
    warn_start();
    nqpf_read_options o = opts(3, 2);
    nqpf_table *t = tu_read_ok(tu_source("tests/data/read/yearbook.csv"), &o);
    warn_stop();
    check_yearbook(t);
    assert_int_equal(W.n, 3);
    assert_string_equal(W.text[0], "yearbook.csv: column '人口_年末常住人口': 1 cell '——', 1 cell '－' read as missing "
                                   "(yearbook markers)");
    assert_string_equal(W.text[1], "yearbook.csv: column '人口_出生率（‰）': 1 cell '—', 1 cell '…', 1 cell '……', 1 "
                                   "cell '/' read as missing (yearbook markers)");
    assert_string_equal(W.text[2], "yearbook.csv: rows 14 and 15 after the data: footnotes "
                                   "('注：2021年人口为抽样调查推算数；—表...') left out");
    nqpf_table_free(t);
}

static void test_twins(void **state)
{
    (void)state;
    /* The header's first row detected (below the title rows), two header rows combined. */
    nqpf_read_options o = opts(0, 2);
    nqpf_table *a = tu_read_ok(tu_source("tests/data/read/yearbook.csv"), &o);
    check_yearbook(a);
    const char *twins[] = {"tests/data/read/yearbook_gb18030.csv", "tests/data/read/yearbook_utf16.txt"};
    for (size_t k = 0; k < 2; k++) {
        nqpf_table *b = tu_read_ok(tu_source(twins[k]), &o);
        tu_assert_same_table(b, a, twins[k], 1);
        for (size_t j = 0; j < nqpf_table_ncols(b); j++)
            for (size_t i = 0; i < nqpf_table_nrows(b); i++)
                if (nqpf_table_is_text(b, j) && nqpf_table_text(b, j, i))
                    assert_true(utf8_valid(nqpf_table_text(b, j, i)));
        nqpf_table_free(b);
    }
    /* Forcing the right encoding gives the same table. */
    o.encoding = NQPF_ENC_GB18030;
    nqpf_table *b = tu_read_ok(tu_source(twins[0]), &o);
    tu_assert_same_table(b, a, "gb18030 forced", 1);
    nqpf_table_free(b);
    o.encoding = NQPF_ENC_UTF16;
    b = tu_read_ok(tu_source(twins[1]), &o);
    tu_assert_same_table(b, a, "utf-16 forced", 1);
    nqpf_table_free(b);
    nqpf_table_free(a);
}

/* ---- header detection and combination -------------------------------------------------------- */

static void test_detect_header(void **state)
{
    (void)state;
    /* Title rows (one cell) above a header of three; a blank line between; a tab file whose title
     * line holds no tab (the delimiter is taken from the first line that has one). */
    nqpf_table *t = tu_read_ok(tu_write_tmp("title.csv", "表1 地区生产总值\n单位：亿元\n\n代码,地区,GDP\n110000,北京,1.5\n"
                                                      "120000,天津,2\n"),
                            NULL);
    assert_int_equal(nqpf_table_ncols(t), 3);
    assert_string_equal(nqpf_table_colname(t, 1), "地区");
    assert_int_equal(nqpf_table_nrows(t), 2);
    assert_int_equal(nqpf_table_src_row(t, 0), 5);
    assert_true(nqpf_table_cnum(t, 2)[1] == 2);
    nqpf_table_free(t);
    t = tu_read_ok(tu_write_tmp("title.tsv", "标题\n\na\tb\n1\t2\n"), NULL);
    assert_int_equal(nqpf_table_ncols(t), 2);
    assert_true(nqpf_table_cnum(t, 1)[0] == 2);
    nqpf_table_free(t);
    /* Two title cells in a table of five are still a title (fewer than ceil(5/2) cells). */
    t = tu_read_ok(tu_write_tmp("two.csv", "表1,单位：亿元,,,\na,b,c,d,e\n1,2,3,4,5\n"), NULL);
    assert_string_equal(nqpf_table_colname(t, 0), "a");
    nqpf_table_free(t);
    /* Names: blanks (ASCII and U+3000) trimmed, an Excel line break inside becomes a space. */
    t = tu_read_ok(tu_write_tmp("names.csv", "\"　地区 \",\"年末\n人口\",\"GDP\r\n(亿元)\"\nx,1,2\n"), NULL);
    assert_string_equal(nqpf_table_colname(t, 0), "地区");
    assert_string_equal(nqpf_table_colname(t, 1), "年末 人口");
    assert_string_equal(nqpf_table_colname(t, 2), "GDP (亿元)");
    nqpf_table_free(t);
}

static void test_three_row_header(void **state)
{
    (void)state;
    /* Hand-derived from the rule: an empty upper cell takes the value to its left unless a row
     * above starts a new cell in that column ('社会' stops '产值' from spreading). */
    nqpf_read_options o = opts(1, 3);
    nqpf_table *t = tu_read_ok(tu_write_tmp("h3.csv", "地区,经济,,社会\n,产值,,\n,一产,二产,人口\nA,1,2,3\n"), &o);
    const char *want[] = {"地区", "经济_产值_一产", "经济_产值_二产", "社会_人口"};
    assert_int_equal(nqpf_table_ncols(t), 4);
    for (size_t j = 0; j < 4; j++)
        assert_string_equal(nqpf_table_colname(t, j), want[j]);
    assert_int_equal(nqpf_table_src_row(t, 0), 4);
    nqpf_table_free(t);
}

static void put(nqpf__sheet *s, size_t col, const char *text)
{
    assert_int_equal(nqpf__sheet_cell(s, col, text, strlen(text)), NQPF_OK);
}

static void test_sheet_merges_and_letters(void **state)
{
    (void)state;
    /* A spreadsheet-like sheet through the internal API: a title, a two-row header with a merged
     * cell over two rows (地区) and one over two columns (GDP), sparse data rows. */
    nqpf__sheet *s = nqpf__sheet_new("book.xlsx[Sheet1]", NQPF__SHEET_SPREADSHEET);
    assert_non_null(s);
    put(s, 0, "表2");
    assert_int_equal(nqpf__sheet_end_row(s, 1), NQPF_OK);
    put(s, 0, "地区");
    put(s, 1, "GDP");
    put(s, 3, "人口");
    assert_int_equal(nqpf__sheet_end_row(s, 2), NQPF_OK);
    put(s, 1, "一产");
    put(s, 2, "二产");
    put(s, 3, "总数");
    assert_int_equal(nqpf__sheet_end_row(s, 3), NQPF_OK);
    put(s, 0, "北京");
    put(s, 1, "1");
    put(s, 2, "2");
    put(s, 3, "3");
    assert_int_equal(nqpf__sheet_end_row(s, 4), NQPF_OK);
    put(s, 0, "天津");
    put(s, 1, "4");
    assert_int_equal(nqpf__sheet_end_row(s, 6), NQPF_OK); /* row 5 empty, C6 and D6 absent */
    assert_int_equal(nqpf__sheet_merge(s, 2, 0, 3, 0), NQPF_OK);
    assert_int_equal(nqpf__sheet_merge(s, 2, 1, 2, 2), NQPF_OK);
    nqpf_read_options o = opts(2, 2);
    nqpf_table *t = NULL;
    assert_int_equal(nqpf__sheet_to_table(s, &t, &o), NQPF_OK);
    const char *want[] = {"地区", "GDP_一产", "GDP_二产", "人口_总数"};
    assert_int_equal(nqpf_table_ncols(t), 4);
    for (size_t j = 0; j < 4; j++)
        assert_string_equal(nqpf_table_colname(t, j), want[j]);
    assert_int_equal(nqpf_table_nrows(t), 2);
    assert_int_equal(nqpf_table_src_row(t, 1), 6);
    assert_true(nqpf_table_cnum(t, 1)[1] == 4 && isnan(nqpf_table_cnum(t, 2)[1]));
    nqpf_table_free(t);
    /* The same sheet read with one header row: the merge gives column C the name of B; columns are
     * named by letters. Detection finds row 2 (3 cells of at most 4). */
    o = opts(2, 1);
    tu_assert_error(nqpf__sheet_to_table(s, &t, &o), NQPF_EDATA,
                    "book.xlsx[Sheet1]: row 2, column C: duplicate column name 'GDP' (also column B)");
    assert_null(t);
    /* Detected (row 2: 3 cells of at most 4), the merges starting there make the header rows 2-3. */
    o = opts(0, 1);
    assert_int_equal(nqpf__sheet_to_table(s, &t, &o), NQPF_OK);
    for (size_t j = 0; j < 4; j++)
        assert_string_equal(nqpf_table_colname(t, j), want[j]);
    nqpf_table_free(t);
    t = NULL;
    nqpf__sheet_free(s);
    /* Letters past Z. */
    s = nqpf__sheet_new("wide.xlsx[S]", NQPF__SHEET_SPREADSHEET);
    for (size_t j = 0; j < 28; j++) {
        char nm[16];
        snprintf(nm, sizeof nm, "c%zu", j);
        if (j != 26)
            put(s, j, nm);
    }
    assert_int_equal(nqpf__sheet_end_row(s, 1), NQPF_OK);
    o = opts(1, 1);
    tu_assert_error(nqpf__sheet_to_table(s, &t, &o), NQPF_EDATA, "wide.xlsx[S]: row 1, column AA: expected a column name");
    nqpf__sheet_free(s);
}

static void test_header_errors(void **state)
{
    (void)state;
    const char *path = tu_source("tests/data/read/yearbook.csv");
    nqpf_read_options o = opts(30, 1);
    tu_assert_error(read_fails(path, &o), NQPF_EDATA,
                    "yearbook.csv: row 30: expected the header row (the option header_row), found the end of the file "
                    "after row 17");
    o = opts(8, 1);
    tu_assert_error(read_fails(path, &o), NQPF_EDATA,
                    "yearbook.csv: row 8: expected the header row (the option header_row), found an empty row");
    /* One header row given where the names span two: the second-level names are missing, and the
     * message says how to give them. */
    o = opts(3, 1);
    tu_assert_error(read_fails(path, &o), NQPF_EDATA,
                    "yearbook.csv: row 3, column 4: expected a column name, found an empty cell (if the names span "
                    "several rows, give the option header_row: N-M)");
    /* Detected: the gap under 地区生产总值 above filled sub-names makes it a two-row header, the same
     * table as header_row 3-4 given. */
    nqpf_table *det = NULL, *given = NULL;
    o = opts(3, 2);
    assert_int_equal(nqpf_read_table(&det, path, NULL), NQPF_OK);
    assert_int_equal(nqpf_read_table(&given, path, &o), NQPF_OK);
    assert_int_equal(nqpf_table_ncols(det), nqpf_table_ncols(given));
    assert_int_equal(nqpf_table_nrows(det), nqpf_table_nrows(given));
    for (size_t j = 0; j < nqpf_table_ncols(det); j++)
        assert_string_equal(nqpf_table_colname(det, j), nqpf_table_colname(given, j));
    nqpf_table_free(det);
    nqpf_table_free(given);
    /* A ragged row after a detected header names the header row. */
    tu_assert_error(read_fails(tu_write_tmp("rag2.csv", "标题\n\na,b,c\n1,2,3\n4,5\n"), NULL), NQPF_EDATA,
                    "rag2.csv: row 5: expected 3 fields as in the header (row 3), found 2");
}

/* ---- missing markers and cleaning ------------------------------------------------------------ */

static const char *clean_csv = "地区,gdp,share,fw,mixed,code,note,bad\n"
                               "a,\"1,234.5\",12.5%,１２３．４,1,000001,x,\"1,23\"\n"
                               "b,\"12,345,678\",7%,－５,NA,000002,y,5\n"
                               "c,987,100%,\"１，２３４\",2,000003,z,6\n";

static void test_cleaning_hints(void **state)
{
    (void)state;
    warn_start();
    nqpf_table *t = tu_read_ok(tu_write_tmp("clean.csv", clean_csv), NULL);
    warn_stop();
    for (size_t j = 1; j < 8; j++)
        assert_true(nqpf_table_is_text(t, j)); /* nothing cleaned without the options */
    assert_string_equal(nqpf_table_text(t, 1, 0), "1,234.5");
    assert_warned("clean.csv: column 'gdp': 2 cells such as '1,234.5' (row 2) are numbers with thousands separators; "
                  "read with the option clean: thousands");
    assert_warned("clean.csv: column 'share': 3 cells such as '12.5%' (row 2) are percentages; read with the option "
                  "clean: percent (12.5% reads as 0.125)");
    assert_warned("clean.csv: column 'fw': 3 cells such as '１２３．４' (row 2) are numbers in full-width characters; "
                  "read with the option clean: fullwidth");
    assert_warned("clean.csv: column 'fw': 1 cell such as '１，２３４' (row 4) is a number with thousands separators");
    assert_warned("clean.csv: column 'mixed' stays text: 1 cell such as 'NA' (row 3) is not a number while 2 are; if "
                  "they mean missing, read with the option na: NA");
    assert_int_equal(W.n, 5); /* none for code (leading zeros), note (text) or bad ("1,23" is no number) */
    nqpf_table_free(t);

    const char *na[] = {"NA", NULL};
    nqpf_read_options o = opts(0, 1);
    o.clean = NQPF_CLEAN_THOUSANDS | NQPF_CLEAN_FULLWIDTH | NQPF_CLEAN_PERCENT;
    o.na = na;
    warn_start();
    t = tu_read_ok(tu_write_tmp("clean.csv", clean_csv), &o);
    warn_stop();
    assert_int_equal(W.n, 0);
    const double gdp[] = {1234.5, 12345678, 987}, share[] = {0.125, 0.07, 1}, fw[] = {123.4, -5, 1234};
    for (size_t i = 0; i < 3; i++) {
        assert_true(nqpf_table_cnum(t, 1)[i] == gdp[i]);
        assert_true(nqpf_table_cnum(t, 2)[i] == share[i]);
        assert_true(nqpf_table_cnum(t, 3)[i] == fw[i]);
    }
    assert_true(isnan(nqpf_table_cnum(t, 4)[1]));
    assert_true(nqpf_table_is_text(t, 5)); /* codes stay text */
    assert_true(nqpf_table_is_text(t, 7)); /* "1,23": groups of three only */
    nqpf_table_free(t);
}

static void test_markers(void **state)
{
    (void)state;
    /* "-" alone is a sign, not a marker (it becomes one with the option na); blanks around numbers
     * (ASCII, U+3000) go. */
    warn_start();
    nqpf_table *t = tu_read_ok(tu_write_tmp("dash.csv", "id,v,w\na,1,\"　3 \"\nb,-,—\nc,2,4\n"), NULL);
    warn_stop();
    assert_true(nqpf_table_is_text(t, 1));
    assert_false(nqpf_table_is_text(t, 2));
    assert_true(nqpf_table_cnum(t, 2)[0] == 3 && isnan(nqpf_table_cnum(t, 2)[1]));
    assert_warned("dash.csv: column 'v' stays text: 1 cell such as '-' (row 3) is not a number while 2 are; if they "
                  "mean missing, read with the option na: -");
    assert_warned("dash.csv: column 'w': 1 cell '—' read as missing (yearbook markers)");
    nqpf_table_free(t);
    const char *na[] = {"-", NULL};
    nqpf_read_options o = opts(0, 1);
    o.na = na;
    t = tu_read_ok(tu_write_tmp("dash.csv", "id,v\na,1\nb,-\n"), &o);
    assert_false(nqpf_table_is_text(t, 1));
    assert_true(isnan(nqpf_table_cnum(t, 1)[1]));
    nqpf_table_free(t);
}

/* ---- encodings ------------------------------------------------------------------------------- */

static void test_encodings(void **state)
{
    (void)state;
    /* The bug: an ASCII header over a GBK body was taken as UTF-8 and gave invalid cells. */
    static const char gbk_body[] = "id,year,v\n\xB1\xB1\xBE\xA9,2020,1\n\xC9\xCF\xBA\xA3,2020,2\n";
    nqpf_table *t = tu_read_ok(write_bytes("gbk_body.csv", gbk_body, sizeof gbk_body - 1), NULL);
    assert_string_equal(nqpf_table_text(t, 0, 0), "北京");
    assert_string_equal(nqpf_table_text(t, 0, 1), "上海");
    nqpf_table_free(t);
    /* UTF-16BE with its byte order mark: "地,v\n中,1\n". */
    static const char be[] = "\xFE\xFF\x57\x30\x00,\x00v\x00\n\x4E\x2D\x00,\x00\x31\x00\n";
    t = tu_read_ok(write_bytes("be.csv", be, sizeof be - 1), NULL);
    assert_string_equal(nqpf_table_colname(t, 0), "地");
    assert_string_equal(nqpf_table_text(t, 0, 0), "中");
    nqpf_table_free(t);
    /* A UTF-8 byte order mark with CRLF. */
    t = tu_read_ok(tu_write_tmp("bom.csv", "\xEF\xBB\xBF" "地区,v\r\n北京,1\r\n\r\n上海,2\r\n"), NULL);
    assert_string_equal(nqpf_table_colname(t, 0), "地区");
    assert_int_equal(nqpf_table_nrows(t), 2);
    assert_int_equal(nqpf_table_src_row(t, 1), 4);
    nqpf_table_free(t);
    /* Forcing GB18030 on a UTF-8 file is honoured, with a warning. */
    nqpf_read_options o = opts(0, 1);
    o.encoding = NQPF_ENC_GB18030;
    warn_start();
    t = tu_read_ok(tu_write_tmp("u8.csv", "a,b\n中文,1\n"), &o);
    warn_stop();
    assert_true(utf8_valid(nqpf_table_text(t, 0, 0)));
    assert_string_not_equal(nqpf_table_text(t, 0, 0), "中文");
    assert_warned("u8.csv: the file is valid UTF-8 but is read as GB18030, as the option encoding says");
    nqpf_table_free(t);
}

static void test_encoding_errors(void **state)
{
    (void)state;
    /* GBK with a byte no GB18030 character has, at row 3, column 3. */
    static const char bad_gbk[] = "\xB5\xD8\xC7\xF8,year,v\n\xB1\xB1\xBE\xA9,2020,1\n\xC9\xCF\xBA\xA3,2020,\xFF\n";
    const char *p = write_bytes("bad_gbk.csv", bad_gbk, sizeof bad_gbk - 1);
    tu_assert_error(read_fails(p, NULL), NQPF_EDATA,
                    "bad_gbk.csv: row 3, column 3: byte 0xFF is not valid GB18030 (encoding detected: not UTF-8); "
                    "give the option encoding");
    /* The same file given as UTF-8: the first GBK byte, row 1, column 1. */
    nqpf_read_options o = opts(0, 1);
    o.encoding = NQPF_ENC_UTF8;
    tu_assert_error(read_fails(p, &o), NQPF_EDATA,
                    "bad_gbk.csv: row 1, column 1: byte 0xB5 is not valid UTF-8 (encoding given by the option "
                    "encoding); if the file comes from Excel on Chinese Windows, give the option encoding: gb18030");
    /* A UTF-8 file damaged in one byte (quoted newline before it: rows are records). */
    static const char damaged[] = "地区,说明,值\n北京市,\"第一行\n第二行\",1\n天津市,河北省\xFF,2\n上海市,江苏省,3\n";
    tu_assert_error(read_fails(write_bytes("damaged.csv", damaged, sizeof damaged - 1), NULL), NQPF_EDATA,
                    "damaged.csv: row 3, column 2: byte 0xFF is not valid UTF-8 (encoding detected: UTF-8, as the rest "
                    "of the file is)");
    /* Zero bytes: UTF-16 without a byte order mark. */
    static const char nul[] = "a\0,\0b\0\n\0";
    tu_assert_error(read_fails(write_bytes("nul.csv", nul, sizeof nul - 1), NULL), NQPF_EDATA,
                    "nul.csv: row 1, column 1: byte 0x00 is in the text");
    /* ... which the option reads. */
    o.encoding = NQPF_ENC_UTF16;
    nqpf_table *t = tu_read_ok(write_bytes("nul.csv", nul, sizeof nul - 1), &o);
    assert_string_equal(nqpf_table_colname(t, 1), "b");
    nqpf_table_free(t);
    /* UTF-16 forced on a file that is not. */
    tu_assert_error(read_fails(tu_write_tmp("notu16.csv", "a,b\n1,2\n"), &o), NQPF_EDATA,
                    "notu16.csv: row 1, column 1: expected UTF-16 text (the option encoding)");
    /* UTF-16 cut in a character, and a lone surrogate. */
    static const char odd[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0" "2";
    tu_assert_error(read_fails(write_bytes("odd.csv", odd, sizeof odd - 1), NULL), NQPF_EDATA,
                    "odd.csv: row 2, column 2: byte 0x32 begins a character that the file ends within: UTF-16LE "
                    "(encoding detected: byte order mark)");
    static const char sur[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\x00\xD8" "2\0\n\0";
    tu_assert_error(read_fails(write_bytes("sur.csv", sur, sizeof sur - 1), NULL), NQPF_EDATA,
                    "sur.csv: row 2, column 2: byte 0x00 is not valid UTF-16LE (encoding detected: byte order mark)");
}

/* ---- messages cut at whole characters -------------------------------------------------------- */

static void test_message_truncation(void **state)
{
    (void)state;
    /* "x" then 500 three-byte characters: the 1024-byte buffer ends inside a character. */
    char big[1 + 500 * 3 + 1];
    big[0] = 'x';
    for (size_t k = 0; k < 500; k++)
        memcpy(big + 1 + 3 * k, "中", 3);
    big[sizeof big - 1] = '\0';
    nqpf_error_set(NQPF_EDATA, "%s", big);
    const char *m = nqpf_error_message();
    assert_true(utf8_valid(m));
    assert_int_equal(strlen(m), 1 + 3 * 340); /* 1023 bytes fit: the 341st character would be cut */
    assert_memory_equal(m, big, strlen(m));
    warn_start();
    nqpf_warn("%s", big);
    warn_stop();
    assert_int_equal(W.n, 1);
    assert_true(utf8_valid(W.text[0]));
    assert_int_equal(strlen(W.text[0]), 1 + 3 * 340);
    /* A four-byte character cut the same way; a message that fits is untouched. */
    char b4[1 + 300 * 4 + 1];
    b4[0] = 'y';
    for (size_t k = 0; k < 300; k++)
        memcpy(b4 + 1 + 4 * k, "\xF0\xA0\x80\x80", 4); /* U+20000 */
    b4[1 + 4 * 254] = '\0';                            /* 1017 bytes: fits */
    nqpf_error_set(NQPF_EDATA, "%s", b4);
    assert_string_equal(nqpf_error_message(), b4);
    memcpy(b4 + 1 + 4 * 254, "\xF0\xA0\x80\x80", 4);
    b4[1 + 4 * 300] = '\0'; /* 1201 bytes: 1023 end 2 bytes into the 256th character */
    nqpf_error_set(NQPF_EDATA, "%s", b4);
    assert_true(utf8_valid(nqpf_error_message()));
    assert_int_equal(strlen(nqpf_error_message()), 1 + 4 * 255);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yearbook_utf8),    cmocka_unit_test(test_twins),
        cmocka_unit_test(test_detect_header),    cmocka_unit_test(test_three_row_header),
        cmocka_unit_test(test_sheet_merges_and_letters), cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_cleaning_hints),   cmocka_unit_test(test_markers),
        cmocka_unit_test(test_encodings),        cmocka_unit_test(test_encoding_errors),
        cmocka_unit_test(test_message_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
