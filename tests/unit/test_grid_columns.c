/* The sheet layer's column store (src/io/grid.c): rows after the first 100 non-blank ones are kept
 * per column as doubles where a cell is a plain decimal, else as text. These tests generate random
 * CSV files (numeric and text columns, a text cell that appears only late in a column, numbers in
 * many spellings, missing markers and the option na, title rows, footnotes, quotes, blank lines,
 * CRLF, a UTF-8 byte order mark, GB18030) and compare the table nqpf_read_table() gives with the
 * table the test builds itself from the cells it wrote: the column type from its own rules (every
 * cell that is not missing reads whole with strtod and is no leading-zero code), numbers from
 * strtod (bit for bit: -0 stays -0), text as written (trimmed), source rows counted by the test.
 * Nothing here is computed by the code under test. */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* xorshift64*: the same files on every run. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static int rint_(int n) { return (int)(rnd() % (uint64_t)n); }
static double runif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }

static void quiet(const char *msg, void *ud)
{
    (void)msg;
    (void)ud;
}

enum { MAXC = 9, MAXR = 700, CELLB = 64 };

enum kind { K_SHORT, K_FIXED, K_MIXED, K_PANDAS, K_TEXT, K_LATE_TEXT, K_LATE_CODE, K_INT, NKIND };

typedef struct gen {
    int ncols, nrows;
    char name[MAXC][32];
    char cell[MAXR][MAXC][CELLB]; /* the text written (before quoting and padding) */
    int use_na;                   /* the table is read with the option na below */
} gen;

static const char *const na_list[] = {"NA", "-", "..", "-999", NULL};

/* A number in one of many spellings; *plain_only limits it to the forms a column of kind k has. */
static void number_text(char *b, enum kind k)
{
    double v = (runif() - 0.3) * pow(10, rint_(9) - 3);
    switch (k) {
    case K_SHORT:
        snprintf(b, CELLB, "%.15g", v);
        return;
    case K_FIXED:
        snprintf(b, CELLB, "%.2f", v);
        return;
    case K_PANDAS:
        snprintf(b, CELLB, "%.15g", rint_(3) ? v : floor(v));
        if (!strchr(b, '.') && !strchr(b, 'e'))
            strcat(b, ".0");
        return;
    case K_INT:
        snprintf(b, CELLB, "%d", rint_(200000) - 1000);
        return;
    default:
        break;
    }
    switch (rint_(16)) {
    case 0: snprintf(b, CELLB, "%.*f", rint_(6), v); return;
    case 1: snprintf(b, CELLB, "%.15g", v); return;
    case 2: snprintf(b, CELLB, "%.17g", v); return;        /* 17 digits: kept as text */
    case 3: snprintf(b, CELLB, "%.3e", v); return;         /* exponent: kept as text */
    case 4: snprintf(b, CELLB, "+%.2f", fabs(v)); return;  /* plus sign */
    case 5: snprintf(b, CELLB, ".%d", rint_(1000)); return; /* no leading zero */
    case 6: snprintf(b, CELLB, "%s", rint_(2) ? "-0" : "0.0"); return;
    case 7: snprintf(b, CELLB, "%d.", rint_(100)); return;  /* a point and no decimals */
    case 8: snprintf(b, CELLB, "%.*f", 10 + rint_(11), v / 1e6); return; /* many decimals */
    case 9: snprintf(b, CELLB, "-0.%0*d", 1 + rint_(6), rint_(10)); return;
    case 10: snprintf(b, CELLB, "%.0f", v * 1e6); return;   /* up to 15 digits */
    case 11: snprintf(b, CELLB, "0.000%d", 1 + rint_(99)); return; /* %.15g prints these with e-05 */
    case 12: snprintf(b, CELLB, "%.15g", floor(v)); return;
    case 13: snprintf(b, CELLB, "%.1f", floor(v)); return; /* 3.0 */
    case 14: snprintf(b, CELLB, "123456789012345.%d", rint_(10)); return; /* 16 digits: text */
    default: snprintf(b, CELLB, "%.4f", v); return;
    }
}

static const char *const words[] = {"北京", "上海市", "u12", "n/a", "x", "A,B", "say \"hi\"", "two\nlines", "备注", "0x10",
                                    "inf",  "1,234", "12%", "—"};

static void make(gen *g, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    g->ncols = 2 + rint_(MAXC - 1);
    g->nrows = 120 + rint_(MAXR - 120);
    g->use_na = rint_(2);
    enum kind kinds[MAXC];
    int late[MAXC];
    for (int j = 0; j < g->ncols; j++) {
        kinds[j] = (enum kind)rint_(NKIND);
        late[j] = 100 + rint_(g->nrows - 100); /* the one text cell of a late column */
        snprintf(g->name[j], sizeof g->name[j], j % 3 == 1 ? "指标%d" : "c%d", j);
    }
    for (int i = 0; i < g->nrows; i++)
        for (int j = 0; j < g->ncols; j++) {
            char *b = g->cell[i][j];
            enum kind k = kinds[j];
            int r = rint_(100);
            if (r < 3)
                b[0] = '\0';
            else if (r < 5)
                snprintf(b, CELLB, "%s", rint_(2) ? "\xE2\x80\x94" : "/"); /* yearbook markers */
            else if (r < 7 && k != K_TEXT)
                snprintf(b, CELLB, "%s", na_list[rint_(4)]);
            else if (k == K_TEXT)
                snprintf(b, CELLB, "%s", rint_(3) ? words[rint_(sizeof words / sizeof *words)] : "v");
            else if ((k == K_LATE_TEXT || k == K_LATE_CODE) && i == late[j])
                snprintf(b, CELLB, "%s", k == K_LATE_TEXT ? words[rint_(sizeof words / sizeof *words)] : "007");
            else
                number_text(b, k == K_LATE_TEXT || k == K_LATE_CODE ? K_MIXED : k);
        }
}

/* ---- the test's own reading of what it wrote -------------------------------------------------- */

static int blank_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t')
        return 1;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

static void trim_copy(const char *s, char *out)
{
    int k;
    while ((k = blank_len(s)) > 0)
        s += k;
    strcpy(out, s);
    size_t n = strlen(out);
    for (;;) {
        if (n >= 1 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
            n--;
        else if (n >= 3 && !memcmp(out + n - 3, "\xE3\x80\x80", 3))
            n -= 3;
        else
            break;
        out[n] = '\0';
    }
}

static int is_missing(const char *t, int use_na)
{
    static const char *const markers[] = {"", "\xE2\x80\x94", "/", NULL};
    for (int k = 0; markers[k]; k++)
        if (!strcmp(t, markers[k]))
            return 1;
    for (int k = 0; use_na && na_list[k]; k++)
        if (!strcmp(t, na_list[k]))
            return 1;
    return 0;
}

/* A number as the reader documents it: strtod reads all of it, no nan/inf/hex, finite, and no
 * leading-zero code such as 007. */
static int is_number(const char *t, double *x)
{
    if (!*t || strpbrk(t, "nNiIxX"))
        return 0;
    char *end;
    errno = 0;
    *x = strtod(t, &end);
    if (end == t || *end || isinf(*x))
        return 0;
    const char *p = t;
    while (*p == '-' || *p == '+')
        p++;
    return !(p[0] == '0' && p[1] >= '0' && p[1] <= '9');
}

/* Writes @p g as a CSV (title, footnotes, padding, quotes, line ends and encoding chosen by @p
 * seed) and returns its path; src_rows[i] is the file row of generated row i. */
static const char *write_csv(const gen *g, uint64_t seed, size_t *first_src, size_t src_rows[MAXR])
{
    rng_state = seed * 31 + 7;
    const char *nl = rint_(2) ? "\r\n" : "\n";
    int enc = rint_(3); /* 0 UTF-8, 1 UTF-8 with BOM, 2 GB18030 */
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
#define PUT(s)                                                                                          \
    do {                                                                                                \
        size_t n_ = strlen(s);                                                                          \
        assert_true(len + n_ + 1 < cap);                                                                \
        memcpy(out + len, (s), n_);                                                                     \
        len += n_;                                                                                      \
    } while (0)
    size_t row = 0;
    if (enc == 1)
        PUT("\xEF\xBB\xBF");
    if (rint_(2)) {
        PUT("表1 各地区主要指标（单位：亿元）");
        PUT(nl);
        PUT(nl);
        row += 2;
    }
    for (int j = 0; j < g->ncols; j++) {
        PUT(j ? "," : "");
        PUT(g->name[j]);
    }
    PUT(nl);
    row++;
    *first_src = row + 1;
    for (int i = 0; i < g->nrows; i++) {
        if (i > 0 && rint_(60) == 0) { /* a blank line: a row of the file, not of the table */
            PUT(nl);
            row++;
        }
        for (int j = 0; j < g->ncols; j++) {
            const char *c = g->cell[i][j];
            PUT(j ? "," : "");
            int pad = rint_(12), quote = strpbrk(c, ",\"\n") || rint_(10) == 0;
            if (quote)
                pad = 3; /* libcsv (strict) takes nothing but blanks around quotes */
            if (pad == 0)
                PUT(" ");
            else if (pad == 1)
                PUT("\xE3\x80\x80"); /* U+3000 */
            if (quote) {
                PUT("\"");
                for (const char *p = c; *p; p++) {
                    char two[3] = {*p, *p == '"' ? '"' : '\0', '\0'};
                    PUT(two);
                }
                PUT("\"");
            } else
                PUT(c);
            if (pad == 2)
                PUT("  ");
        }
        PUT(nl);
        src_rows[i] = ++row;
    }
    if (rint_(2)) {
        PUT("注：数据来源于统计年鉴，“—”表示无数据。");
        PUT(nl);
    }
    out[len] = '\0';
    char name[64];
    snprintf(name, sizeof name, "grid_%llu.csv", (unsigned long long)seed);
    const char *path = tu_write_tmp(name, "");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (enc == 2) {
        iconv_t cd = iconv_open("GB18030", "UTF-8");
        assert_true(cd != (iconv_t)-1);
        size_t ocap = 2 * len + 16, olen = ocap;
        char *conv = malloc(ocap), *ip = out, *op = conv;
        size_t ilen = len;
        assert_true(iconv(cd, &ip, &ilen, &op, &olen) != (size_t)-1);
        iconv_close(cd);
        fwrite(conv, 1, ocap - olen, f);
        free(conv);
    } else
        fwrite(out, 1, len, f);
    fclose(f);
    free(out);
#undef PUT
    return path;
}

/* The table the test expects: data rows are the generated rows with a non-empty cell. */
static void check_file(uint64_t seed)
{
    static gen g;
    make(&g, seed);
    size_t first_src, src_rows[MAXR];
    const char *path = write_csv(&g, seed, &first_src, src_rows);
    nqpf_read_options o;
    nqpf_read_options_init(&o, NQPF_READ_OPTIONS_VERSION);
    if (g.use_na)
        o.na = na_list;
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, path, &o);
    if (rc != NQPF_OK)
        fail_msg("seed %llu: %s", (unsigned long long)seed, nqpf_error_message());
    static char trimmed[MAXR][MAXC][CELLB];
    int keep[MAXR], ndata = 0;
    for (int i = 0; i < g.nrows; i++) {
        keep[i] = 0;
        for (int j = 0; j < g.ncols; j++) {
            trim_copy(g.cell[i][j], trimmed[i][j]);
            keep[i] |= trimmed[i][j][0] != '\0';
        }
        ndata += keep[i];
    }
    if (nqpf_table_nrows(t) != (size_t)ndata || nqpf_table_ncols(t) != (size_t)g.ncols)
        fail_msg("seed %llu: %zu x %zu, expected %d x %d", (unsigned long long)seed, nqpf_table_nrows(t),
                 nqpf_table_ncols(t), ndata, g.ncols);
    for (int j = 0; j < g.ncols; j++) {
        assert_string_equal(nqpf_table_colname(t, j), g.name[j]);
        int numeric = 1;
        double x;
        for (int i = 0; i < g.nrows; i++)
            if (keep[i] && !is_missing(trimmed[i][j], g.use_na) && !is_number(trimmed[i][j], &x))
                numeric = 0;
        if (nqpf_table_is_text(t, j) == numeric)
            fail_msg("seed %llu: column %s: expected a %s column", (unsigned long long)seed, g.name[j],
                     numeric ? "numeric" : "text");
        size_t r = 0;
        for (int i = 0; i < g.nrows; i++) {
            if (!keep[i])
                continue;
            const char *c = trimmed[i][j];
            if (nqpf_table_src_row(t, r) != src_rows[i])
                fail_msg("seed %llu: row %zu from row %zu, expected %zu", (unsigned long long)seed, r,
                         nqpf_table_src_row(t, r), src_rows[i]);
            if (numeric) {
                double got = nqpf_table_cnum(t, j)[r];
                if (is_missing(c, g.use_na)) {
                    if (!isnan(got))
                        fail_msg("seed %llu: %s row %zu: '%s' gave %.17g, expected missing", (unsigned long long)seed,
                                 g.name[j], src_rows[i], c, got);
                } else {
                    assert_true(is_number(c, &x));
                    if (memcmp(&got, &x, sizeof x) != 0)
                        fail_msg("seed %llu: %s row %zu: '%s' gave %.17g, expected %.17g", (unsigned long long)seed,
                                 g.name[j], src_rows[i], c, got, x);
                }
            } else {
                const char *got = nqpf_table_text(t, j, r);
                if (is_missing(c, g.use_na) ? got != NULL : (!got || strcmp(got, c) != 0))
                    fail_msg("seed %llu: %s row %zu: '%s' expected, got '%s'", (unsigned long long)seed, g.name[j],
                             src_rows[i], is_missing(c, g.use_na) ? "(missing)" : c, got ? got : "(missing)");
            }
            r++;
        }
    }
    nqpf_table_free(t);
}

static void test_random_csv_tables(void **state)
{
    (void)state;
    nqpf_set_warning_handler(quiet, NULL);
    for (uint64_t seed = 1; seed <= 120; seed++)
        check_file(seed);
}

/* One column of 3,000 numbers spelt every way a decimal can be (1 to 17 digits, 0 to 22 decimals,
 * signs, leading and trailing zeros), read twice: as a numeric column (values bit for bit
 * strtod's) and, with one text cell after them, as a text column (every text as written, so every
 * number kept as a double prints back exactly). */
static void test_number_text_round_trip(void **state)
{
    (void)state;
    nqpf_set_warning_handler(quiet, NULL);
    enum { N = 3000 };
    static char cells[N][48];
    rng_state = 12345;
    for (int i = 0; i < N; i++) {
        char digits[40];
        int nd = 1 + rint_(17), dec = rint_(nd + 6 < 23 ? nd + 6 : 23);
        for (int k = 0; k < nd; k++)
            digits[k] = (char)('0' + rint_(10));
        if (rint_(4) == 0) /* trailing zeros */
            for (int k = nd - 1 - rint_(3); k >= 0 && k < nd; k++)
                digits[k] = '0';
        digits[nd] = '\0';
        char *p = cells[i];
        if (rint_(3) == 0)
            *p++ = '-';
        /* integer part: the digits before the point, without leading zeros ("0" when none) */
        int ip = nd - dec > 0 ? nd - dec : 0;
        int k = 0;
        while (k < ip - 1 && digits[k] == '0')
            k++;
        if (ip == 0)
            *p++ = '0';
        for (; k < ip; k++)
            *p++ = digits[k];
        if (dec > 0) {
            *p++ = '.';
            for (int z = nd; z < dec; z++) /* leading zeros of a small fraction */
                *p++ = '0';
            for (k = ip; k < nd; k++)
                *p++ = digits[k];
        }
        *p = '\0';
    }
    for (int as_text = 0; as_text <= 1; as_text++) {
        size_t cap = (size_t)N * 64 + 64, len = 0;
        char *csv = malloc(cap);
        assert_non_null(csv);
        len += (size_t)snprintf(csv + len, cap - len, "id,v\n");
        for (int i = 0; i < N; i++)
            len += (size_t)snprintf(csv + len, cap - len, "%d,%s\n", i, cells[i]);
        if (as_text)
            len += (size_t)snprintf(csv + len, cap - len, "%d,end\n", N);
        const char *path = tu_write_tmp(as_text ? "round_text.csv" : "round_num.csv", csv);
        free(csv);
        nqpf_table *t = tu_read_ok(path, NULL);
        assert_int_equal(nqpf_table_nrows(t), N + as_text);
        assert_int_equal(nqpf_table_is_text(t, 1), as_text);
        for (int i = 0; i < N; i++) {
            if (as_text) {
                if (strcmp(nqpf_table_text(t, 1, (size_t)i), cells[i]) != 0)
                    fail_msg("row %d: '%s' came back as '%s'", i + 2, cells[i], nqpf_table_text(t, 1, (size_t)i));
            } else {
                double want = strtod(cells[i], NULL), got = nqpf_table_cnum(t, 1)[i];
                if (memcmp(&want, &got, sizeof got) != 0)
                    fail_msg("row %d: '%s' read as %.17g, strtod gives %.17g", i + 2, cells[i], got, want);
            }
        }
        nqpf_table_free(t);
    }
}

/* A numeric column whose one text cell comes only after 100,000 rows (far into the column
 * store), in the shortest spelling, with two decimals, and in pandas' spelling (3.0). */
static void test_late_text_long_column(void **state)
{
    (void)state;
    nqpf_set_warning_handler(quiet, NULL);
    enum { N = 100000 };
    for (int f = 0; f < 3; f++) {
        size_t cap = (size_t)N * 48 + 64, len = 0;
        char *csv = malloc(cap);
        char(*want)[32] = malloc((size_t)N * sizeof *want);
        assert_non_null(csv);
        assert_non_null(want);
        len += (size_t)snprintf(csv + len, cap - len, "v,w\n");
        rng_state = 99 + (uint64_t)f;
        for (int i = 0; i < N; i++) {
            double v = floor(runif() * 1e6) / (i % 7 ? 100 : 1);
            if (f == 2) {
                snprintf(want[i], 32, "%.15g", v);
                if (!strchr(want[i], '.'))
                    strcat(want[i], ".0");
            } else if (f == 0)
                snprintf(want[i], 32, "%.15g", v);
            else
                snprintf(want[i], 32, "%.2f", v);
            len += (size_t)snprintf(csv + len, cap - len, "%s,%d\n", want[i], i);
        }
        len += (size_t)snprintf(csv + len, cap - len, "late,%d\n", N);
        const char *path = tu_write_tmp("late.csv", csv);
        nqpf_table *t = tu_read_ok(path, NULL);
        assert_true(nqpf_table_is_text(t, 0));
        assert_false(nqpf_table_is_text(t, 1));
        for (int i = 0; i < N; i++)
            if (strcmp(nqpf_table_text(t, 0, (size_t)i), want[i]) != 0)
                fail_msg("format %d row %d: '%s' came back as '%s'", f, i + 2, want[i], nqpf_table_text(t, 0, (size_t)i));
        assert_string_equal(nqpf_table_text(t, 0, N), "late");
        nqpf_table_free(t);
        free(csv);
        free(want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_csv_tables),
        cmocka_unit_test(test_number_text_round_trip),
        cmocka_unit_test(test_late_text_long_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
