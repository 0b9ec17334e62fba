/* Writers: CSV round trip of doubles, JSON with provenance and nulls, XLSX read back from its sheet
 * XML, and atomic replacement (a failed write leaves the old file and no temporary behind). */
#include "testutil.h"

#include <dirent.h>
#include <gsl/gsl_rng.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static nqpf_table *sample_table(void)
{
    nqpf_table *t = nqpf_table_new(3);
    const char *ids[] = {"北京", "a,b", NULL};
    const double v[] = {0.1 + 0.2, NAN, -1e-300};
    const double yr[] = {2020, 2021, 2022};
    assert_int_equal(nqpf_table_add_text(t, "地区", ids, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(t, "year", yr, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_add_num(t, "value", v, NULL), NQPF_OK);
    return t;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

static size_t count_temps(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, ".tmp."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static void test_csv_round_trip(void **state)
{
    (void)state;
    /* Random doubles over many magnitudes must read back bit for bit. */
    size_t n = 2000;
    nqpf_table *t = nqpf_table_new(n);
    double *v = malloc(n * sizeof *v);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    for (size_t i = 0; i < n; i++)
        v[i] = (gsl_rng_uniform(r) - 0.5) * pow(10.0, (double)((int)(i % 40) - 20));
    v[7] = NAN;
    assert_int_equal(nqpf_table_add_num(t, "v", v, NULL), NQPF_OK);
    char path[2200];
    snprintf(path, sizeof path, "%s/rt.csv", tu_tmpdir());
    assert_int_equal(nqpf_write_table(path, t, NULL), NQPF_OK);
    nqpf_table *b = tu_read(path);
    const double *w = nqpf_table_cnum(b, 0);
    for (size_t i = 0; i < n; i++)
        if (!(w[i] == v[i] || (isnan(w[i]) && isnan(v[i]))))
            fail_msg("row %zu: wrote %.17g, read %.17g", i, v[i], w[i]);
    gsl_rng_free(r);
    free(v);
    nqpf_table_free(t);
    nqpf_table_free(b);
}

static void test_csv_text_and_missing(void **state)
{
    (void)state;
    nqpf_table *t = sample_table();
    char path[2200];
    snprintf(path, sizeof path, "%s/s.csv", tu_tmpdir());
    assert_int_equal(nqpf_write_table(path, t, NULL), NQPF_OK);
    char *s = slurp(path);
    /* No comment line, quoted delimiter, empty cells for missing values, exact numbers. */
    assert_string_equal(s, "地区,year,value\n北京,2020,0.30000000000000004\n\"a,b\",2021,\n,2022,-1e-300\n");
    free(s);
    nqpf_table_free(t);
}

static void test_json(void **state)
{
    (void)state;
    nqpf_table *t = sample_table();
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_provenance_set(pv, "command_line", "nqpf test");
    nqpf_provenance_set(pv, "input_sha256", "abc");
    char path[2200];
    snprintf(path, sizeof path, "%s/s.json", tu_tmpdir());
    assert_int_equal(nqpf_write_table(path, t, pv), NQPF_OK);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "provenance"), "command_line")), "nqpf test");
    json_t *rows = json_object_get(json_object_get(root, "tables"), "result");
    assert_int_equal(json_array_size(rows), 3);
    json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1), *r2 = json_array_get(rows, 2);
    assert_string_equal(json_string_value(json_object_get(r0, "地区")), "北京");
    assert_true(json_real_value(json_object_get(r0, "value")) == 0.1 + 0.2);
    assert_true(json_is_null(json_object_get(r1, "value")));
    assert_true(json_is_null(json_object_get(r2, "地区")));
    assert_int_equal(json_integer_value(json_object_get(r0, "year")), 2020);
    json_decref(root);
    nqpf_provenance_free(pv);
    nqpf_table_free(t);
}

static void test_xlsx(void **state)
{
    (void)state;
    if (tu_system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    nqpf_table *t = sample_table();
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_provenance_set(pv, "nqpf_version", nqpf_version());
    char path[2200], sheet[2400], prov[2400];
    snprintf(path, sizeof path, "%s/s.xlsx", tu_tmpdir());
    assert_int_equal(nqpf_write_table(path, t, pv), NQPF_OK);
    snprintf(sheet, sizeof sheet, "%s/sheet1.xml", tu_tmpdir());
    snprintf(prov, sizeof prov, "%s/sheet2.xml", tu_tmpdir());
    assert_int_equal(tu_system("unzip -p '%s' xl/worksheets/sheet1.xml > '%s'", path, sheet), 0);
    assert_int_equal(tu_system("unzip -p '%s' xl/worksheets/sheet2.xml > '%s'", path, prov), 0); /* provenance */
    char *x = slurp(sheet), *s = slurp(prov);
    /* Numbers are cells of their own; Excel keeps 15-17 significant digits. */
    assert_non_null(strstr(x, "<c r=\"B2\"><v>2020</v></c>"));
    assert_non_null(strstr(x, "<c r=\"C2\"><v>0.3"));
    assert_null(strstr(x, "r=\"C3\"")); /* missing value: no cell at all */
    /* The workbook is written in constant memory (src/io/xlsx_internal.h): texts are inline
     * strings in the sheet, the form of ECMA-376 18.3.1.53 that Excel reads, with no shared
     * string table. */
    assert_non_null(strstr(x, "<c r=\"A2\" t=\"inlineStr\"><is><t>北京</t></is></c>"));
    assert_non_null(strstr(x, "<t>a,b</t>"));
    assert_non_null(strstr(s, nqpf_version()));
    assert_int_not_equal(tu_system("unzip -l '%s' | grep -q 'xl/sharedStrings.xml'", path), 0);
    free(x);
    free(s);
    /* nqpf's own reader takes the inline strings back (the first sheet). */
    nqpf_read_options ro;
    assert_int_equal(nqpf_read_options_init(&ro, NQPF_READ_OPTIONS_VERSION), NQPF_OK);
    nqpf_table *back = NULL;
    assert_int_equal(nqpf_read_table(&back, path, &ro), NQPF_OK);
    size_t jc = nqpf_table_find(back, "地区");
    assert_true(jc != NQPF_NONE && nqpf_table_is_text(back, jc));
    assert_int_equal(nqpf_table_nrows(back), 3);
    assert_string_equal(nqpf_table_text(back, jc, 0), "北京");
    assert_string_equal(nqpf_table_text(back, jc, 1), "a,b");
    nqpf_table_free(back);
    nqpf_provenance_free(pv);
    nqpf_table_free(t);
}

static void test_atomic(void **state)
{
    (void)state;
    nqpf_table *t = sample_table();
    char dir[2200], path[2300], blocker[2300];
    snprintf(dir, sizeof dir, "%s/atomic", tu_tmpdir());
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/keep.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("old contents\n", f);
    fclose(f);
    /* A CSV cannot hold two tables: refused before anything is written. */
    const nqpf_table *two[] = {t, t};
    const char *names[] = {"a", "b"};
    tu_assert_error(nqpf_write_tables(path, two, names, 2, NULL), NQPF_EUSAGE, "a CSV file holds one table");
    char *s = slurp(path);
    assert_string_equal(s, "old contents\n");
    free(s);
    /* A target that cannot be replaced (a folder) fails after writing: the temporary is removed. */
    snprintf(blocker, sizeof blocker, "%s/blocked.csv", dir);
    mkdir(blocker, 0777);
    tu_assert_error(nqpf_write_table(blocker, t, NULL), NQPF_EIO, "cannot replace the file");
    snprintf(blocker, sizeof blocker, "%s/blocked.xlsx", dir);
    mkdir(blocker, 0777);
    tu_assert_error(nqpf_write_table(blocker, t, NULL), NQPF_EIO, "cannot replace the file");
    assert_int_equal(count_temps(dir), 0);
    /* A folder that does not exist. */
    tu_assert_error(nqpf_write_table("/nonexistent-nqpf-dir/x.csv", t, NULL), NQPF_EIO, "cannot create a file there");
    /* Success replaces the file completely and leaves nothing else. */
    assert_int_equal(nqpf_write_table(path, t, NULL), NQPF_OK);
    s = slurp(path);
    assert_non_null(strstr(s, "北京"));
    free(s);
    assert_int_equal(count_temps(dir), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true((st.st_mode & 0444) != 0); /* readable like a normal file, not mkstemp's 0600 */
    nqpf_table_free(t);
}

static void test_format_double(void **state)
{
    (void)state;
    char b[40];
    assert_string_equal(nqpf_format_double(0.1, b, sizeof b), "0.1");
    assert_string_equal(nqpf_format_double(1.0 / 3, b, sizeof b), "0.3333333333333333");
    assert_string_equal(nqpf_format_double(2011, b, sizeof b), "2011");
    assert_string_equal(nqpf_format_double(NAN, b, sizeof b), "");
    assert_string_equal(nqpf_format_double(-0.0, b, sizeof b), "0");
    double x;
    assert_true(nqpf_parse_double(" 1.5 ", &x) && x == 1.5);
    assert_false(nqpf_parse_double("nan", &x));
    assert_false(nqpf_parse_double("0x10", &x));
    assert_false(nqpf_parse_double("1,5", &x));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_round_trip), cmocka_unit_test(test_csv_text_and_missing),
        cmocka_unit_test(test_json),           cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_atomic),         cmocka_unit_test(test_format_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
