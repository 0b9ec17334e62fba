/* Delimited text through libcsv. The file is read whole, its encoding detected (or taken from
 * the option encoding) and converted to UTF-8 with iconv, and the records go row by row into a
 * sheet (src/io/grid.c), which makes the table. See "Reading data" in docs/data.md. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nqpf/io.h"
#include "io_internal.h"
#include "../util/util.h"

#define CSV_MAX_CELL ((size_t)1 << 20) /* 1 MiB of text in one cell, as the .xlsx reader */

typedef struct csvctx {
    nqpf__sheet *sheet;
    const char *name; /* the file name, for messages */
    size_t col; /* fields of the record being collected */
    size_t row; /* rows of the file ended so far: records and blank lines */
    int rc;
} csvctx;

static void on_field(void *field, size_t len, void *data)
{
    csvctx *cx = data;
    if (cx->rc != NQPF_OK)
        return;
    /* A cell over 1 MiB is no yearbook value (NUL bytes never get here: decode() refuses them in
     * the decoded text, naming row and column). */
    if (field && len > CSV_MAX_CELL) {
        cx->rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column %zu: expected at most 1 MiB of text in a cell "
                                            "(Excel's limit is 32,767 characters), found more",
                                cx->name, cx->row + 1, cx->col + 1);
        return;
    }
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

/* Picks the delimiter that occurs most often outside quotes in the first line holding any of them
 * (a title line above the header may hold none). */
static char detect_delim(const char *s, size_t n)
{
    const char cand[3] = {',', '\t', ';'};
    size_t i = 0;
    while (i < n) {
        size_t counts[3] = {0, 0, 0};
        int inq = 0;
        for (; i < n && (inq || (s[i] != '\n' && s[i] != '\r')); i++) {
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
        if (counts[best])
            return cand[best];
        while (i < n && (s[i] == '\n' || s[i] == '\r'))
            i++;
    }
    return ',';
}

int nqpf__read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nqpf_error_set(NQPF_EDATA, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return nqpf_error_set(NQPF_EDATA, "%s: expected a data file, found a folder (name a file inside it)", path);
    }
    nqpf__buf b = NQPF__BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (nqpf__buf_append(&b, chunk, got) != NQPF_OK)
            break;
    int err = ferror(f), saved = errno;
    fclose(f);
    if (b.failed) {
        nqpf__buf_free(&b);
        return NQPF_EINTERNAL;
    }
    if (err) {
        nqpf__buf_free(&b);
        return nqpf_error_set(NQPF_EDATA, "%s: cannot read: %s", path, strerror(saved ? saved : EIO));
    }
    nqpf__buf_cstr(&b);
    *out = b.data;
    *len = b.len;
    return NQPF_OK;
}

/* ---- encodings ------------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..n) (RFC 3629: no overlongs, no surrogates, at most
 * U+10FFFF), or 0 when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Scans @p s for UTF-8: returns the offset of the first invalid byte (n when all is valid) and
 * counts the valid sequences of 3 or 4 bytes (Chinese characters) and the invalid bytes. */
static size_t utf8_scan(const char *s, size_t n, size_t *n_wide, size_t *n_bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t first = n, i = 0;
    *n_wide = *n_bad = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            while (i + 8 <= n) { /* ASCII eight bytes at a time */
                uint64_t w;
                memcpy(&w, u + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            continue;
        }
        size_t k = utf8_seq(u + i, n - i);
        if (k == 0) {
            if (first == n)
                first = i;
            ++*n_bad;
            i++;
            continue;
        }
        if (k >= 3)
            ++*n_wide;
        i += k;
    }
    return first;
}

/* Row and column (1-based) of the end of @p text: rows are counted by line ends outside quotes,
 * columns by delimiters outside quotes (a position for messages). */
static void text_position(const char *text, size_t n, char delim, size_t *row, size_t *col)
{
    int inq = 0;
    *row = *col = 1;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == '"')
            inq = !inq;
        else if (!inq && (c == '\n' || (c == '\r' && (i + 1 == n || text[i + 1] != '\n')))) {
            ++*row;
            *col = 1;
        } else if (!inq && c == delim)
            ++*col;
    }
}

/* The error for an undecodable byte after the UTF-8 text @p done (ndone bytes) decoded so far. */
static int undecodable(const char *name, const char *done, size_t ndone, const nqpf_read_options *opts,
                       unsigned char byte, const char *what)
{
    size_t row, col;
    char delim = (opts && opts->delim) ? opts->delim : detect_delim(done, ndone);
    text_position(done, ndone, delim, &row, &col);
    return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column %zu: byte 0x%02X %s", name, row, col, byte, what);
}

/* Converts @p in (n bytes) from the iconv encoding @p from to UTF-8 into a new NUL-terminated
 * buffer; @p why says how the encoding was chosen (for messages). */
static int convert(const char *name, const char *in, size_t n, const char *from, const char *why,
                   const nqpf_read_options *opts, char **out, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return nqpf_error_set(NQPF_EINTERNAL, "%s: iconv cannot convert from %s: %s", name, from, strerror(errno));
    size_t cap = 2 * n + 16;
    char *buf = nqpf__malloc(cap, 1);
    if (!buf) {
        iconv_close(cd);
        return NQPF_EINTERNAL;
    }
    char *ip = (char *)in, *op = buf;
    size_t il = n, ol = cap - 1;
    int rc = NQPF_OK;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(op - buf);
            char *b2 = nqpf__realloc(buf, cap, 2);
            if (!b2) {
                rc = NQPF_EINTERNAL;
                break;
            }
            buf = b2;
            cap *= 2;
            op = buf + used;
            ol = cap - 1 - used;
            continue;
        }
        char what[320];
        snprintf(what, sizeof what,
                 "%s %s (%s); give the option encoding (utf-8, gb18030 or utf-16) the file is written in",
                 errno == EINVAL ? "begins a character that the file ends within:" : "is not valid", from, why);
        rc = undecodable(name, buf, (size_t)(op - buf), opts, (unsigned char)*ip, what);
        break;
    }
    iconv_close(cd);
    if (rc != NQPF_OK) {
        free(buf);
        return rc;
    }
    *op = '\0';
    *out = buf;
    *outlen = (size_t)(op - buf);
    return NQPF_OK;
}

static int has_bom8(const char *b, size_t n)
{
    return n >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB && (unsigned char)b[2] == 0xBF;
}

/* Turns the raw bytes of a file into UTF-8 text (see docs/data.md): a byte order mark decides;
 * else valid UTF-8 is UTF-8 and anything else GB18030, unless the option encoding says. *text is
 * either inside @p raw (UTF-8 kept as it is) or the new buffer *owned. */
static int decode(const char *name, char *raw, size_t n, const nqpf_read_options *opts, const char **text,
                  size_t *tlen, char **owned)
{
    enum nqpf_encoding enc = opts ? opts->encoding : NQPF_ENC_AUTO;
    const unsigned char *u = (const unsigned char *)raw;
    int le = n >= 2 && u[0] == 0xFF && u[1] == 0xFE, be = n >= 2 && u[0] == 0xFE && u[1] == 0xFF;
    int rc;
    *owned = NULL;
    if (enc == NQPF_ENC_UTF16 || (enc == NQPF_ENC_AUTO && (le || be))) {
        /* Without a byte order mark, little-endian: what Windows writes. */
        size_t off = (le || be) ? 2 : 0;
        if (!off && n > 0 && !memchr(raw, 0, n < 4096 ? n : 4096))
            return nqpf_error_set(NQPF_EDATA,
                                  "%s: row 1, column 1: expected UTF-16 text (the option encoding), found neither a "
                                  "byte order mark nor the zero bytes of UTF-16; give the option encoding: auto",
                                  name);
        rc = convert(name, raw + off, n - off, be ? "UTF-16BE" : "UTF-16LE",
                     enc == NQPF_ENC_UTF16 ? "encoding given by the option encoding" : "encoding detected: byte order mark",
                     opts, owned, tlen);
        if (rc != NQPF_OK)
            return rc;
        *text = *owned;
    } else if (enc == NQPF_ENC_GB18030) {
        size_t wide, bad;
        if (utf8_scan(raw, n, &wide, &bad) == n && wide > 0)
            nqpf_warn("%s: the file is valid UTF-8 but is read as GB18030, as the option encoding says; if the "
                      "names look garbled, give the option encoding: auto",
                      name);
        if ((rc = convert(name, raw, n, "GB18030", "encoding given by the option encoding", opts, owned, tlen)))
            return rc;
        *text = *owned;
    } else {
        size_t off = has_bom8(raw, n) ? 3 : 0; /* as Excel writes it */
        size_t wide, bad;
        size_t first = utf8_scan(raw + off, n - off, &wide, &bad);
        if (first == n - off) {
            *text = raw + off;
            *tlen = n - off;
        } else if (enc == NQPF_ENC_UTF8 || off || wide > 4 * bad) {
            /* Given as UTF-8, or UTF-8 by its byte order mark or by the rest of the file: a damaged
             * byte or a file that mixes encodings, not a GB18030 file. */
            const char *what = enc == NQPF_ENC_UTF8 && (le || be)
                                   ? "is not valid UTF-8 (encoding given by the option encoding): the file begins with "
                                     "the byte order mark of UTF-16; give the option encoding: utf-16 (or auto)"
                               : enc == NQPF_ENC_UTF8
                                   ? "is not valid UTF-8 (encoding given by the option encoding); if the file comes "
                                     "from Excel on Chinese Windows, give the option encoding: gb18030"
                                   : "is not valid UTF-8 (encoding detected: UTF-8, as the rest of the file is); the "
                                     "file is damaged here or mixes encodings: save it again in one encoding, or give "
                                     "the option encoding";
            return undecodable(name, raw + off, first, opts, (unsigned char)raw[off + first], what);
        } else {
            if ((rc = convert(name, raw, n, "GB18030", "encoding detected: not UTF-8", opts, owned, tlen)))
                return rc;
            *text = *owned;
        }
    }
    if (has_bom8(*text, *tlen)) { /* U+FEFF decoded from a UTF-16 or GB18030 byte order mark */
        *text += 3;
        *tlen -= 3;
    }
    const char *nul = memchr(*text, 0, *tlen);
    if (nul) {
        rc = undecodable(name, *text, (size_t)(nul - *text), opts, 0,
                         "is in the text, which a text file never holds; if the file is UTF-16 without a byte "
                         "order mark, give the option encoding: utf-16");
        free(*owned);
        *owned = NULL;
        return rc;
    }
    return NQPF_OK;
}

/* ---- the reader ------------------------------------------------------------------------------ */

int nqpf__read_csv(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    char *raw = NULL, *owned = NULL;
    size_t rawlen = 0, len = 0;
    const char *buf = NULL;
    int rc = nqpf__read_file(path, &raw, &rawlen);
    if (rc != NQPF_OK)
        return rc;
    const char *name = nqpf__basename(path);
    rc = decode(name, raw, rawlen, opts, &buf, &len, &owned);
    if (rc != NQPF_OK) {
        free(raw);
        return rc;
    }
    if (owned) { /* the raw bytes are no longer needed */
        free(raw);
        raw = NULL;
    }
    csvctx cx = {0};
    cx.name = name;
    cx.sheet = nqpf__sheet_new(name, NQPF__SHEET_TEXT);
    if (!cx.sheet) {
        free(raw);
        free(owned);
        return NQPF_EINTERNAL;
    }
    char delim = (opts && opts->delim) ? opts->delim : detect_delim(buf, len);
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(raw);
        free(owned);
        nqpf__sheet_free(cx.sheet);
        return nqpf_error_set(NQPF_EINTERNAL, "libcsv initialisation failed");
    }
    csv_set_delim(&parser, (unsigned char)delim);
    /* libcsv grows a cell's buffer by this many bytes at a time (128 by default): a long cell would
     * cost thousands of reallocations of up to 1 MiB. */
    csv_set_blk_size(&parser, (size_t)1 << 16);
    /* Fed line by line so that rows are numbered as a spreadsheet shows them: a record is one row
     * (even when a quoted cell spans lines) and a blank line between records is a row too. */
    size_t ended = 0; /* cx.row when the previous line was fed */
    int at_start = 1; /* the previous line ended a record (or nothing was fed yet) */
    for (size_t p = 0; p < len && cx.rc == NQPF_OK;) {
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
    free(raw);
    free(owned);
    rc = cx.rc;
    if (rc == NQPF_OK)
        rc = nqpf__sheet_to_table(cx.sheet, out, opts);
    nqpf__sheet_free(cx.sheet);
    return rc;
}
