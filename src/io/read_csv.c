/* Delimited text through libcsv: the file is read whole, cells are collected as strings, and each
 * column becomes numeric when all its non-missing cells parse as numbers. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "io_internal.h"
#include "../util/util.h"

typedef struct csvctx {
    nqpf__sheet *sheet;
    size_t col;     /* fields of the record being collected */
    size_t row;     /* rows of the file ended so far: records and blank lines */
    int rc;
} csvctx;

static void on_field(void *field, size_t len, void *data)
{
    csvctx *cx = data;
    if (cx->rc != NQPF_OK)
        return;
    cx->rc = nqpf__sheet_cell(cx->sheet, cx->col++, field ? (const char *)field : "", field ? len : 0);
}

static void on_record(int c, void *data)
{
    (void)c;
    csvctx *cx = data;
    if (cx->rc != NQPF_OK)
        return;
    cx->col = 0;
    cx->rc = nqpf__sheet_end_row(cx->sheet, ++cx->row);
}

/* Picks the delimiter that occurs most often outside quotes in the first line. */
static char detect_delim(const char *s, size_t n)
{
    size_t counts[3] = {0, 0, 0};
    const char cand[3] = {',', '\t', ';'};
    int inq = 0;
    for (size_t i = 0; i < n && (inq || (s[i] != '\n' && s[i] != '\r')); i++) {
        if (s[i] == '"')
            inq = !inq;
        else if (!inq)
            for (int k = 0; k < 3; k++)
                if (s[i] == cand[k])
                    counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    return cand[best];
}

static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        int n = (*s < 0x80) ? 0 : ((*s & 0xE0) == 0xC0) ? 1 : ((*s & 0xF0) == 0xE0) ? 2 : ((*s & 0xF8) == 0xF0) ? 3 : -1;
        if (n < 0)
            return 0;
        s++;
        for (int k = 0; k < n; k++, s++)
            if ((*s & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

int nqpf__read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nqpf_error_set(NQPF_EDATA, "%s: cannot open: %s", path, strerror(errno));
    nqpf__buf b = NQPF__BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (nqpf__buf_append(&b, chunk, got) != NQPF_OK)
            break;
    int err = ferror(f);
    fclose(f);
    if (b.failed) {
        nqpf__buf_free(&b);
        return NQPF_EINTERNAL;
    }
    if (err) {
        nqpf__buf_free(&b);
        return nqpf_error_set(NQPF_EDATA, "%s: read error", path);
    }
    nqpf__buf_cstr(&b);
    *out = b.data;
    *len = b.len;
    return NQPF_OK;
}

/* Codes such as stock tickers ("000001") or region codes ("01") look numeric but lose their
 * meaning as numbers; a column holding one stays text (methods can still read it as numbers). */
static int leading_zero_code(const char *s)
{
    while (*s == ' ' || *s == '-' || *s == '+')
        s++;
    return s[0] == '0' && s[1] >= '0' && s[1] <= '9';
}

int nqpf__build_table(nqpf_table **out, const char *path, char **header, size_t ncols, char **cells,
                      size_t nrows, const nqpf_read_options *opts)
{
    int rc = NQPF_OK;
    nqpf_table *t = nqpf_table_new(nrows);
    double *num = nqpf__malloc(nrows, sizeof *num);
    const char **col = nqpf__malloc(nrows, sizeof *col);
    if (!t || !num || !col) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_set_source(t, path)) != NQPF_OK)
        goto done;
    for (size_t j = 0; j < ncols; j++) {
        const char *name = header[j];
        if (!*name) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row 1, column %zu: expected a column name, found an empty cell",
                                path, j + 1);
            goto done;
        }
        if (!valid_utf8((const unsigned char *)name)) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row 1, column %zu: the name is not valid UTF-8", path, j + 1);
            goto done;
        }
        if (nqpf_table_find(t, name) != NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row 1, column %zu: duplicate column name '%s'", path, j + 1, name);
            goto done;
        }
        int numeric = 1;
        for (size_t i = 0; i < nrows; i++) {
            const char *s = cells[i * ncols + j];
            col[i] = s;
            int na = (*s == '\0');
            for (size_t k = 0; !na && opts && opts->na && opts->na[k]; k++)
                na = strcmp(s, opts->na[k]) == 0;
            if (na) {
                col[i] = NULL;
                num[i] = nqpf__nan();
                continue;
            }
            if (numeric && (!nqpf_parse_double(s, &num[i]) || leading_zero_code(s)))
                numeric = 0;
        }
        rc = numeric ? nqpf_table_add_num(t, name, num, NULL) : nqpf_table_add_text(t, name, col, NULL);
        if (rc != NQPF_OK)
            goto done;
    }
    *out = t;
    t = NULL;
done:
    nqpf_table_free(t);
    free(num);
    free(col);
    return rc;
}

int nqpf__read_csv(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = nqpf__read_file(path, &buf, &len);
    if (rc != NQPF_OK)
        return rc;
    const char *name = nqpf__basename(path);
    csvctx cx = {0};
    cx.sheet = nqpf__sheet_new(name, NQPF__SHEET_TEXT);
    if (!cx.sheet) {
        free(buf);
        return NQPF_EINTERNAL;
    }
    size_t off = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        off = 3; /* UTF-8 byte order mark, as Excel writes it */
    char delim = (opts && opts->delim) ? opts->delim : detect_delim(buf + off, len - off);
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(buf);
        nqpf__sheet_free(cx.sheet);
        return nqpf_error_set(NQPF_EINTERNAL, "libcsv initialisation failed");
    }
    csv_set_delim(&parser, (unsigned char)delim);
    /* Fed line by line so that rows are numbered as a spreadsheet shows them: a record is one row
     * (even when a quoted cell spans lines) and a blank line between records is a row too. */
    size_t ended = 0; /* cx.row when the previous line was fed */
    int at_start = 1; /* the previous line ended a record (or nothing was fed yet) */
    for (size_t p = off; p < len && cx.rc == NQPF_OK;) {
        const char *nl = memchr(buf + p, '\n', len - p);
        size_t n = nl ? (size_t)(nl - (buf + p)) + 1 : len - p;
        int blank = (n == 1 && buf[p] == '\n') || (n == 2 && buf[p] == '\r' && buf[p + 1] == '\n');
        if (at_start && blank) {
            p += n;
            cx.rc = nqpf__sheet_end_row(cx.sheet, ++cx.row); /* an empty row */
            ended = cx.row;
            continue;
        }
        if (csv_parse(&parser, buf + p, n, on_field, on_record, &cx) != n && cx.rc == NQPF_OK)
            cx.rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: malformed quoting (%s)", name, cx.row + 1,
                                   csv_strerror(csv_error(&parser)));
        at_start = cx.row != ended;
        ended = cx.row;
        p += n;
    }
    if (cx.rc == NQPF_OK && csv_fini(&parser, on_field, on_record, &cx) != 0 && cx.rc == NQPF_OK)
        cx.rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: unterminated quoted field", name, cx.row + 1);
    csv_free(&parser);
    free(buf);
    rc = cx.rc;
    if (rc == NQPF_OK)
        rc = nqpf__sheet_to_table(cx.sheet, out, opts);
    nqpf__sheet_free(cx.sheet);
    return rc;
}
