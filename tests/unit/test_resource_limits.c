/* Resource limits (issue 15, item 3): a .dta header's row count is capped by the file's size before
 * anything is reserved; column lookup by hash agrees with a plain search written here; duplicate
 * column names in a wide header are reported as before (the first duplicate in column order). */
#include "testutil.h"

#include <readstat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct membuf {
    FILE *f;
} membuf;

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
    return (ssize_t)fwrite(data, 1, len, ((membuf *)ctx)->f);
}

/* A three-row .dta (format 118) through ReadStat's writer; returns its path. */
static const char *write_dta(const char *name)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", tu_tmpdir(), name);
    membuf mb = {fopen(path, "wb")};
    assert_non_null(mb.f);
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_bytes);
    readstat_variable_t *vid = readstat_add_variable(w, "province", READSTAT_TYPE_STRING, 16);
    readstat_variable_t *vyr = readstat_add_variable(w, "year", READSTAT_TYPE_INT16, 0);
    readstat_variable_t *vx = readstat_add_variable(w, "gdp", READSTAT_TYPE_DOUBLE, 0);
    assert_int_equal(readstat_begin_writing_dta(w, &mb, 3), READSTAT_OK);
    for (int r = 0; r < 3; r++) {
        readstat_begin_row(w);
        readstat_insert_string_value(w, vid, r ? "Hebei" : "Beijing");
        readstat_insert_int16_value(w, vyr, (int16_t)(2020 + r));
        readstat_insert_double_value(w, vx, 1.5 * r);
        readstat_end_row(w);
    }
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    fclose(mb.f);
    return path;
}

/* Overwrites the 8-byte little-endian row count that follows "<N>" in a format-118 header. */
static void patch_rows(const char *path, uint64_t rows)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    char head[512];
    size_t n = fread(head, 1, sizeof head, f);
    const char *at = NULL;
    for (size_t i = 0; i + 3 <= n && !at; i++)
        if (memcmp(head + i, "<N>", 3) == 0)
            at = head + i + 3;
    assert_non_null(at);
    unsigned char le[8];
    for (int b = 0; b < 8; b++)
        le[b] = (unsigned char)(rows >> (8 * b));
    assert_int_equal(fseek(f, (long)(at - head), SEEK_SET), 0);
    assert_int_equal(fwrite(le, 1, 8, f), 8);
    fclose(f);
}

static void test_dta_header_rows_capped(void **state)
{
    (void)state;
    const char *path = write_dta("claims.dta");
    nqpf_table *t = tu_read(path); /* the honest file reads its three rows */
    assert_int_equal(nqpf_table_nrows(t), 3);
    nqpf_table_free(t);
    patch_rows(path, 100000000u);
    t = NULL;
    /* Before: 10^8 x 3 cell pointers (2.4 GB) were reserved from this claim. Now the claim is
     * checked against the file's size first: a data error naming the file, nothing reserved (under
     * ASan a 2.4 GB reservation would abort the program). */
    tu_assert_error(nqpf_read_table(&t, path, NULL), NQPF_EDATA, "claims.dta: the header claims 100000000 rows");
    assert_non_null(strstr(nqpf_error_message(), "but the file holds at most"));
    assert_null(t);
}

static void test_table_find_hash(void **state)
{
    (void)state;
    enum { N = 5000 };
    nqpf_table *t = nqpf_table_new(2);
    assert_non_null(t);
    char name[32];
    for (size_t j = 0; j < N; j++) {
        snprintf(name, sizeof name, j % 2 ? "c%zu" : "变量%zu", j);
        size_t col;
        assert_int_equal(nqpf_table_add_num(t, name, NULL, &col), NQPF_OK);
        assert_int_equal(col, j);
    }
    /* A name already there is refused, as before. */
    tu_assert_error(nqpf_table_add_num(t, "c1", NULL, NULL), NQPF_EUSAGE, "column 'c1' already exists");
    /* Drop every third column, then every name must be found where a plain search finds it. */
    for (size_t j = N; j-- > 0;)
        if (j % 3 == 0)
            nqpf_table_drop_col(t, j);
    for (size_t j = 0; j < N; j++) {
        snprintf(name, sizeof name, j % 2 ? "c%zu" : "变量%zu", j);
        size_t plain = NQPF_NONE;
        for (size_t k = 0; k < nqpf_table_ncols(t); k++)
            if (strcmp(nqpf_table_colname(t, k), name) == 0)
                plain = k;
        assert_int_equal(nqpf_table_find(t, name), plain);
        assert_int_equal(plain == NQPF_NONE, j % 3 == 0);
    }
    assert_int_equal(nqpf_table_find(t, ""), NQPF_NONE);
    assert_int_equal(nqpf_table_find(t, "c"), NQPF_NONE);
    /* A dropped name can be added again and is found at the end. */
    assert_int_equal(nqpf_table_add_num(t, "c3", NULL, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_find(t, "c3"), nqpf_table_ncols(t) - 1);
    nqpf_table_free(t);
}

static void test_wide_header_duplicates(void **state)
{
    (void)state;
    enum { W = 3000 };
    /* Names n0..n2999 with three duplicates: n2500 again at 2700, n10 at 2900 and n2600 at 2800.
     * The first duplicate in column order is column 2700 (n2500, first at 2500). */
    static char names[W][8];
    for (size_t j = 0; j < W; j++)
        snprintf(names[j], sizeof names[j], "n%zu", j);
    snprintf(names[2700], sizeof names[2700], "n2500");
    snprintf(names[2800], sizeof names[2800], "n2600");
    snprintf(names[2900], sizeof names[2900], "n10");
    size_t cap = (size_t)W * 24 + 64, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    for (size_t j = 0; j < W; j++)
        len += (size_t)snprintf(csv + len, cap - len, "%s%s", j ? "," : "", names[j]);
    len += (size_t)snprintf(csv + len, cap - len, "\n");
    for (size_t j = 0; j < W; j++)
        len += (size_t)snprintf(csv + len, cap - len, "%s%zu", j ? "," : "", j);
    snprintf(csv + len, cap - len, "\n");
    /* The expected pair by the obvious double loop. */
    size_t dj = 0, dm = 0;
    for (size_t j = 0; j < W && !dj; j++)
        for (size_t m = 0; m < j; m++)
            if (strcmp(names[m], names[j]) == 0) {
                dj = j;
                dm = m;
                break;
            }
    assert_int_equal(dj, 2700);
    /* Text files number their columns from 1. */
    char want[256];
    snprintf(want, sizeof want, "duplicate column name '%.7s' (also column %zu)", names[dj], dm + 1);
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, tu_write_tmp("wide_dup.csv", csv), NULL);
    free(csv);
    assert_int_equal(rc, NQPF_EDATA);
    assert_null(t);
    if (!strstr(nqpf_error_message(), want))
        fail_msg("message '%s' lacks '%s'", nqpf_error_message(), want);
    char where[32];
    snprintf(where, sizeof where, "row 1, column %zu:", dj + 1);
    if (!strstr(nqpf_error_message(), where))
        fail_msg("message '%s' lacks '%s'", nqpf_error_message(), where);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dta_header_rows_capped),
        cmocka_unit_test(test_table_find_hash),
        cmocka_unit_test(test_wide_header_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
