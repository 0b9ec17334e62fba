/* The sheet: cells of one delimited file or spreadsheet sheet collected row by row into one arena,
 * then turned into a table by the one routine every reader shares (see io_internal.h and the
 * section "Reading data" of docs/data.md, which states every rule applied here). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nqpf/io.h"
#include "io_internal.h"
#include "../util/util.h"

/* Rows are kept in two forms. The first rows (until HEAD_NONBLANK of them are non-blank) keep
 * every cell as text, as a reader gave it: title and header detection read them (the header is
 * always among the first 50 non-blank rows unless the option header_row names a later one). Every
 * later row goes into the body, column by column: one 8-byte slot per cell in a per-column array,
 * holding the cell's value as a double when the cell is a plain decimal that prints back to the
 * same text (see storable()), else a reference to its text in the arena (NaN-boxed), else empty.
 * Nothing is lost: every cell's text can be given back byte for byte, so every decision made from
 * the text (header, footnotes, types, messages) is the one the text alone gives. A numeric
 * column's array becomes the table's column without a copy (compacted in place). */
typedef struct cell {
    uint32_t col; /* 0-based column */
    uint32_t len; /* bytes of text (trimmed) */
    size_t off;   /* offset of the NUL-terminated text in the arena */
} cell;

typedef struct row {
    size_t src_row; /* 1-based row of the file */
    size_t first;   /* index of its first cell */
    size_t ncells;  /* cells stored (increasing columns) */
    size_t width;   /* text: fields of the record; spreadsheet: last non-empty column + 1 */
    size_t used;    /* non-empty cells */
} row;

typedef struct merge {
    size_t r0, c0, r1, c1;
} merge;

enum { HEAD_NONBLANK = 100 };

/* Number formats that print a stored double back as the text it came from (bits of fmt). */
enum { FMT_SHORT = 1u, /* "%.15g": 3.14, 2, 0.5, -0 */
       FMT_SHORT1 = 2u /* "%.15g" plus ".0" when that has no point (pandas): 3.0, 2.5 */ };

/* A column of the body. Slots are indexed by row index (s->rows numbering: head rows first, whose
 * slots are reserved and unused until the column is compacted into a table column). */
typedef struct bcol {
    double *v;      /* NULL until the column's first non-empty body cell */
    size_t filled;  /* slots [nhead, filled) are written; rows from filled on are empty */
    size_t cap;
    uint8_t *dec;   /* decimals of each number slot, once its numbers share no one format */
    unsigned fmt;   /* FMT_* bits every number so far prints with */
    int dec_all;    /* decimals of every number so far: -2 none yet, -1 they differ */
} bcol;

/* Strings made from stored numbers when their text is asked for: blocks that never move. */
typedef struct scratch {
    char **blk;
    size_t nblk, cap, used; /* used: bytes taken in the last block */
    int oom;                /* a string could not be made */
} scratch;
enum { SCRATCH_BLOCK = 65536 };

struct nqpf__sheet {
    char *source;
    enum nqpf__sheet_kind kind;
    char *arena; /* arena[0] = '\0': the text of every empty cell */
    size_t alen, acap;
    cell *cells;
    size_t ncells, ccap;
    row *rows; /* the head: rows 0..nhead-1 */
    size_t nhead, rcap;
    size_t head_nonblank;
    int in_body; /* rows now go into the body */
    bcol *bcols;
    size_t nbcols, bccap;
    uint64_t *bsrc;   /* body row b: src_row << 2 | min(non-empty cells, 3) */
    uint32_t *bwidth; /* body row b: its width (as row.width) */
    size_t nbody, bcap;
    size_t nrows; /* nhead + nbody */
    merge *merges;
    size_t nmerges, mcap;
    size_t cur_first; /* first cell of the row being collected */
    size_t cur_width; /* columns set so far in that row */
    size_t cur_used;  /* its non-empty cells */
    size_t cur_last;  /* its last non-empty column + 1 */
    size_t last_src;  /* src_row of the last ended row (0 = none) */
    scratch *sc; /* strings of stored numbers asked for as text (header, footnotes) */
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return NQPF_OK;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *q = nqpf__realloc(*p, cap2, size);
    if (!q)
        return NQPF_EINTERNAL;
    *p = q;
    *cap = cap2;
    return NQPF_OK;
}

static char *scratch_put(scratch *sc, const char *text, size_t len)
{
    if (len + 1 > SCRATCH_BLOCK)
        return NULL;
    if (!sc->nblk || sc->used + len + 1 > SCRATCH_BLOCK) {
        if (grow((void **)&sc->blk, &sc->cap, sc->nblk + 1, sizeof *sc->blk) != NQPF_OK)
            return NULL;
        if (!(sc->blk[sc->nblk] = nqpf__malloc(SCRATCH_BLOCK, 1)))
            return NULL;
        sc->nblk++;
        sc->used = 0;
    }
    char *p = sc->blk[sc->nblk - 1] + sc->used;
    memcpy(p, text, len);
    p[len] = '\0';
    sc->used += len + 1;
    return p;
}

static void scratch_free(scratch *sc)
{
    for (size_t k = 0; k < sc->nblk; k++)
        free(sc->blk[k]);
    free(sc->blk);
    memset(sc, 0, sizeof *sc);
}

/* ---- slots ----------------------------------------------------------------------------------- */

/* A slot is a number (any double but NaN: no cell is read as NaN) or a quiet NaN whose upper 16
 * bits say what it refers to and whose lower 48 bits give the text's offset in the arena. */
#define BOX_MASK UINT64_C(0xFFFF000000000000)
#define BOX_EMPTY UINT64_C(0x7FF9000000000000)
#define BOX_TEXT UINT64_C(0x7FFA000000000000)
#define BOX_OFF UINT64_C(0x0000FFFFFFFFFFFF)

static double box(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static uint64_t unbox(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

enum { SLOT_EMPTY = 0, SLOT_NUM, SLOT_TEXT };

/* What cell @p j of body row index @p i holds: its number in *x or its text in *v. */
static int slot_at(const nqpf__sheet *s, size_t i, size_t j, double *x, const char **v)
{
    if (j >= s->nbcols || !s->bcols[j].v || i >= s->bcols[j].filled)
        return SLOT_EMPTY;
    double d = s->bcols[j].v[i];
    if (!isnan(d)) {
        *x = d;
        return SLOT_NUM;
    }
    uint64_t u = unbox(d);
    if ((u & BOX_MASK) != BOX_TEXT)
        return SLOT_EMPTY;
    *v = s->arena + (size_t)(u & BOX_OFF);
    return SLOT_TEXT;
}

static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10,
                                   1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20};

/* Non-zero when the trimmed cell @p t (@p len bytes) is a plain decimal kept as a double:
 * -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most 15 significant digits (from the first non-zero digit
 * to the end, trailing zeros counted) and at most 20 decimals. Such a text is a number to
 * nqpf_parse_double() and no leading-zero code, and "%.*f" with its decimals prints the double
 * back as the same text: the double is within 2^-53 of the text's value, far less than half a
 * unit of its last digit (15 digits: DBL_DIG). *x is its value, computed as m / 10^dec with both
 * exact (m < 10^15 < 2^53), so one correctly rounded division: the double strtod gives. *dec
 * holds its decimals and *fmt the FMT_* forms that also print it back. */
static int storable(const char *t, size_t len, double *x, int *dec, unsigned *fmt)
{
    size_t p = 0;
    int neg = 0;
    if (len && t[0] == '-') {
        neg = 1;
        p = 1;
    }
    if (p >= len || t[p] < '0' || t[p] > '9')
        return 0;
    if (t[p] == '0' && p + 1 < len && t[p + 1] >= '0' && t[p + 1] <= '9')
        return 0; /* a code such as 01 */
    uint64_t m = 0;
    int sig = 0, lead0 = 0; /* significant digits; zeros after the point before the first of them */
    size_t intlen = 0;
    for (; p < len && t[p] >= '0' && t[p] <= '9'; p++, intlen++) {
        m = m * 10 + (uint64_t)(t[p] - '0');
        if (sig || t[p] != '0')
            sig++;
        if (sig > 15)
            return 0;
    }
    int d = 0, lastzero = 0;
    if (p < len) {
        if (t[p] != '.')
            return 0;
        for (p++; p < len && t[p] >= '0' && t[p] <= '9'; p++, d++) {
            m = m * 10 + (uint64_t)(t[p] - '0');
            if (sig || t[p] != '0')
                sig++;
            else
                lead0++;
            if (sig > 15 || d >= 20)
                return 0;
            lastzero = t[p] == '0';
        }
        if (d == 0 || p != len)
            return 0;
    }
#if FLT_EVAL_METHOD == 0
    double v = (double)m / pow10_tab[d];
#else
    char tmp[64];
    memcpy(tmp, t, len);
    tmp[len] = '\0';
    double v = fabs(strtod(tmp, NULL));
#endif
    *x = neg ? -v : v;
    *dec = d;
    /* %.15g prints fixed notation for exponents -4..14 and drops trailing zeros of a fraction. */
    int int_zero = intlen == 1 && t[neg] == '0';
    int exp_ok = !int_zero || m == 0 || lead0 <= 3;
    unsigned f = 0;
    if (exp_ok && (d == 0 || !lastzero) && !(int_zero && m == 0 && d > 0))
        f |= FMT_SHORT | (d > 0 ? FMT_SHORT1 : 0u);
    if (d == 1 && lastzero && (m == 0 || !int_zero)) /* I.0 with I printed by %.15g */
        f |= FMT_SHORT1;
    *fmt = f;
    return 1;
}

/* The text of the number @p x in slot @p i of column @p c, in @p buf; its length. */
static size_t num_text(const bcol *c, size_t i, double x, char buf[64])
{
    int n;
    if (c->dec)
        n = snprintf(buf, 64, "%.*f", (int)c->dec[i], x);
    else if (c->fmt & FMT_SHORT)
        n = snprintf(buf, 64, "%.15g", x);
    else if (c->fmt & FMT_SHORT1) {
        n = snprintf(buf, 60, "%.15g", x);
        if (n > 0 && !strchr(buf, '.'))
            n += snprintf(buf + n, 4, ".0");
    } else
        n = snprintf(buf, 64, "%.*f", c->dec_all < 0 ? 0 : c->dec_all, x);
    return n > 0 ? (size_t)n : 0;
}

static int bcol_reserve(bcol *c, size_t need)
{
    if (need <= c->cap)
        return NQPF_OK;
    size_t cap = c->cap ? c->cap : 1024;
    while (cap < need)
        cap *= 2;
    double *v = nqpf__realloc(c->v, cap, sizeof *v);
    if (!v)
        return NQPF_EINTERNAL;
    c->v = v;
    if (c->dec) {
        uint8_t *d = nqpf__realloc(c->dec, cap, 1);
        if (!d)
            return NQPF_EINTERNAL;
        c->dec = d;
    }
    c->cap = cap;
    return NQPF_OK;
}

/* Stores the non-empty trimmed cell @p text of column @p col in the body row being collected. */
static int body_cell(nqpf__sheet *s, size_t col, const char *text, size_t len)
{
    if (col >= s->nbcols) {
        if (grow((void **)&s->bcols, &s->bccap, col + 1, sizeof *s->bcols) != NQPF_OK)
            return nqpf__nomem("reading %s", s->source);
        for (size_t j = s->nbcols; j <= col; j++)
            s->bcols[j] = (bcol){NULL, 0, 0, NULL, FMT_SHORT | FMT_SHORT1, -2};
        s->nbcols = col + 1;
    }
    bcol *c = &s->bcols[col];
    size_t i = s->nrows;
    if (bcol_reserve(c, i + 1) != NQPF_OK)
        return nqpf__nomem("reading %s", s->source);
    if (c->filled < s->nhead)
        c->filled = s->nhead;
    for (size_t k = c->filled; k < i; k++)
        c->v[k] = box(BOX_EMPTY);
    c->filled = i + 1;
    double x;
    int d;
    unsigned f;
    if (len <= 40 && storable(text, len, &x, &d, &f)) {
        if (!c->dec && !(c->fmt & f) && c->dec_all != -2 && c->dec_all != d) {
            /* No one format prints every number of the column: keep each one's decimals. */
            uint8_t *dv = nqpf__malloc(c->cap, 1);
            if (!dv)
                return nqpf__nomem("reading %s", s->source);
            char buf[64];
            for (size_t k = s->nhead; k < i; k++) {
                double y = c->v[k];
                if (isnan(y))
                    continue;
                size_t n = num_text(c, k, y, buf);
                const char *pt = memchr(buf, '.', n);
                dv[k] = (uint8_t)(pt ? n - (size_t)(pt - buf) - 1 : 0);
            }
            c->dec = dv;
        }
        c->v[i] = x;
        if (c->dec)
            c->dec[i] = (uint8_t)d;
        c->fmt &= f;
        c->dec_all = (c->dec_all == -2 || c->dec_all == d) ? d : -1;
        return NQPF_OK;
    }
    if (s->alen + len + 1 < s->alen || grow((void **)&s->arena, &s->acap, s->alen + len + 1, 1) != NQPF_OK)
        return nqpf__nomem("reading %s", s->source);
    if ((uint64_t)s->alen > BOX_OFF)
        return nqpf_error_set(NQPF_EDATA, "%s: more than 256 TB of text", s->source);
    c->v[i] = box(BOX_TEXT | (uint64_t)s->alen);
    memcpy(s->arena + s->alen, text, len);
    s->arena[s->alen + len] = '\0';
    s->alen += len + 1;
    return NQPF_OK;
}

nqpf__sheet *nqpf__sheet_new(const char *source, enum nqpf__sheet_kind kind)
{
    nqpf__sheet *s = nqpf__calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->source = nqpf__strdup(source ? source : "");
    s->arena = nqpf__malloc(4096, 1);
    s->sc = nqpf__calloc(1, sizeof *s->sc);
    if (!s->source || !s->arena || !s->sc) {
        nqpf__sheet_free(s);
        return NULL;
    }
    s->acap = 4096;
    s->arena[0] = '\0';
    s->alen = 1;
    return s;
}

void nqpf__sheet_free(nqpf__sheet *s)
{
    if (!s)
        return;
    free(s->source);
    free(s->arena);
    free(s->cells);
    free(s->rows);
    for (size_t j = 0; j < s->nbcols; j++) {
        free(s->bcols[j].v);
        free(s->bcols[j].dec);
    }
    free(s->bcols);
    free(s->bsrc);
    free(s->bwidth);
    free(s->merges);
    if (s->sc)
        scratch_free(s->sc);
    free(s->sc);
    free(s);
}

/* ---- text helpers ---------------------------------------------------------------------------- */

/* Length of a blank at s[0..n): ASCII space or tab, U+3000 ideographic space, U+00A0 no-break space. */
static size_t blank_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[0] == ' ' || u[0] == '\t'))
        return 1;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    return 0;
}

/* Length of a blank ending at s[n) (the same blanks). */
static size_t blank_before(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && (u[n - 1] == ' ' || u[n - 1] == '\t'))
        return 1;
    if (n >= 3 && u[n - 3] == 0xE3 && u[n - 2] == 0x80 && u[n - 1] == 0x80)
        return 3;
    if (n >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
        return 2;
    return 0;
}

static void trim(const char **text, size_t *len)
{
    size_t k;
    while ((k = blank_at(*text, *len)) > 0) {
        *text += k;
        *len -= k;
    }
    while ((k = blank_before(*text, *len)) > 0)
        *len -= k;
}

int nqpf__sheet_cell(nqpf__sheet *s, size_t col, const char *text, size_t len)
{
    if (col < s->cur_width || col >= UINT32_MAX)
        return nqpf_error_set(NQPF_EINTERNAL, "%s: column %zu set out of order", s->source, col + 1);
    trim(&text, &len);
    if (len >= UINT32_MAX)
        return nqpf_error_set(NQPF_EDATA, "%s: column %zu: a cell of %zu bytes is too long", s->source, col + 1, len);
    s->cur_width = col + 1;
    if (len == 0 && s->kind == NQPF__SHEET_SPREADSHEET)
        return NQPF_OK; /* sparse: an empty cell is the same as an absent one */
    if (s->in_body) {
        if (len == 0)
            return NQPF_OK; /* a slot not written is empty */
        s->cur_used++;
        s->cur_last = col + 1;
        return body_cell(s, col, text, len);
    }
    if (grow((void **)&s->cells, &s->ccap, s->ncells + 1, sizeof *s->cells) != NQPF_OK)
        return NQPF_EINTERNAL;
    cell *c = &s->cells[s->ncells++];
    c->col = (uint32_t)col;
    c->len = (uint32_t)len;
    c->off = 0;
    if (len == 0)
        return NQPF_OK;
    s->cur_used++;
    if (s->alen + len + 1 < s->alen || grow((void **)&s->arena, &s->acap, s->alen + len + 1, 1) != NQPF_OK)
        return nqpf__nomem("reading %s", s->source);
    c->off = s->alen;
    memcpy(s->arena + s->alen, text, len);
    s->arena[s->alen + len] = '\0';
    s->alen += len + 1;
    return NQPF_OK;
}

int nqpf__sheet_end_row(nqpf__sheet *s, size_t src_row)
{
    if (src_row <= s->last_src || src_row > (SIZE_MAX >> 2))
        return nqpf_error_set(NQPF_EINTERNAL, "%s: row %zu ended out of order", s->source, src_row);
    if (s->in_body) {
        size_t width = s->kind == NQPF__SHEET_TEXT ? s->cur_width : s->cur_last;
        if (width > UINT32_MAX)
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu: more than 4294967295 columns", s->source, src_row);
        if (s->nbody == s->bcap) { /* bsrc and bwidth grow together */
            size_t cap = s->bcap ? 2 * s->bcap : 1024;
            uint64_t *bs = nqpf__realloc(s->bsrc, cap, sizeof *bs);
            if (bs)
                s->bsrc = bs;
            uint32_t *bw = bs ? nqpf__realloc(s->bwidth, cap, sizeof *bw) : NULL;
            if (!bw)
                return nqpf__nomem("reading %s", s->source);
            s->bwidth = bw;
            s->bcap = cap;
        }
        s->bsrc[s->nbody] = (uint64_t)src_row << 2 | (uint64_t)(s->cur_used < 3 ? s->cur_used : 3);
        s->bwidth[s->nbody] = (uint32_t)width;
        s->nbody++;
        s->nrows++;
    } else {
        if (grow((void **)&s->rows, &s->rcap, s->nhead + 1, sizeof *s->rows) != NQPF_OK)
            return NQPF_EINTERNAL;
        row *r = &s->rows[s->nhead++];
        s->nrows++;
        r->src_row = src_row;
        r->first = s->cur_first;
        r->ncells = s->ncells - s->cur_first;
        r->used = s->cur_used;
        if (s->kind == NQPF__SHEET_TEXT)
            r->width = s->cur_width;
        else
            r->width = r->ncells ? (size_t)s->cells[s->ncells - 1].col + 1 : 0;
        s->cur_first = s->ncells;
        if (r->used && ++s->head_nonblank >= HEAD_NONBLANK)
            s->in_body = 1;
    }
    s->cur_width = 0;
    s->cur_used = 0;
    s->cur_last = 0;
    s->last_src = src_row;
    return NQPF_OK;
}

int nqpf__sheet_merge(nqpf__sheet *s, size_t r0, size_t c0, size_t r1, size_t c1)
{
    if (r1 < r0 || c1 < c0)
        return nqpf_error_set(NQPF_EINTERNAL, "%s: merged range with its corners swapped", s->source);
    if (grow((void **)&s->merges, &s->mcap, s->nmerges + 1, sizeof *s->merges) != NQPF_OK)
        return NQPF_EINTERNAL;
    s->merges[s->nmerges++] = (merge){r0, c0, r1, c1};
    return NQPF_OK;
}

/* ---- lookups --------------------------------------------------------------------------------- */

/* Column @p j of a message: letters for spreadsheets (A, ..., Z, AA, ...), numbers for text. */
static const char *colname(const nqpf__sheet *s, size_t j, char buf[24])
{
    if (s->kind == NQPF__SHEET_TEXT) {
        snprintf(buf, 24, "%zu", j + 1);
        return buf;
    }
    char tmp[24];
    size_t n = 0, k = j + 1;
    while (k > 0 && n < sizeof tmp) {
        tmp[n++] = (char)('A' + (k - 1) % 26);
        k = (k - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* The text of column @p j of head row @p r ("" when empty). */
static const char *head_cell(const nqpf__sheet *s, const row *r, size_t j)
{
    if (j < r->ncells && s->cells[r->first + j].col == j) /* dense rows: cell j is column j */
        return s->arena + s->cells[r->first + j].off;
    for (size_t k = 0; k < r->ncells; k++) {
        const cell *c = &s->cells[r->first + k];
        if (c->col == j)
            return s->arena + c->off;
        if (c->col > j)
            break;
    }
    return s->arena;
}

/* Row index @p i (head rows first, then body rows): its file row, width and non-empty cells
 * (exact in the head; in the body 3 stands for 3 or more, enough for every test made there). */
static size_t rsrc(const nqpf__sheet *s, size_t i)
{
    return i < s->nhead ? s->rows[i].src_row : (size_t)(s->bsrc[i - s->nhead] >> 2);
}

static size_t rwidth(const nqpf__sheet *s, size_t i)
{
    return i < s->nhead ? s->rows[i].width : (size_t)s->bwidth[i - s->nhead];
}

static size_t rused(const nqpf__sheet *s, size_t i)
{
    return i < s->nhead ? s->rows[i].used : (size_t)(s->bsrc[i - s->nhead] & 3u);
}

/* The text of column @p j of row index @p i ("" when empty); a stored number is printed back into
 * the sheet's scratch blocks (the pointer stays valid until the sheet is freed). */
static const char *rcell(const nqpf__sheet *s, size_t i, size_t j)
{
    if (i < s->nhead)
        return head_cell(s, &s->rows[i], j);
    double x;
    const char *v = s->arena;
    int k = slot_at(s, i, j, &x, &v);
    if (k != SLOT_NUM)
        return v;
    char buf[64];
    size_t n = num_text(&s->bcols[j], i, x, buf);
    const char *p = scratch_put(s->sc, buf, n);
    if (!p) {
        s->sc->oom = 1;
        return s->arena;
    }
    return p;
}

/* Index of the row numbered @p src_row, or s->nrows when that row is empty. */
static size_t find_row(const nqpf__sheet *s, size_t src_row)
{
    size_t lo = 0, hi = s->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rsrc(s, mid) < src_row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < s->nrows && rsrc(s, lo) == src_row) ? lo : s->nrows;
}

static const char *cell_at(const nqpf__sheet *s, size_t src_row, size_t j)
{
    size_t i = find_row(s, src_row);
    return i < s->nrows ? rcell(s, i, j) : s->arena;
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

/* ---- numbers, markers, cleaning -------------------------------------------------------------- */

/* Yearbook markers of a missing value: — —— － … …… / */
static const char *const markers[] = {"\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94", "\xEF\xBC\x8D",
                                      "\xE2\x80\xA6", "\xE2\x80\xA6\xE2\x80\xA6", "/"};
enum { NMARKERS = sizeof markers / sizeof *markers };

static int marker_index(const char *v)
{
    unsigned char c = (unsigned char)v[0];
    if (c != 0xE2 && c != 0xEF && c != '/') /* the first bytes of the markers */
        return -1;
    for (int k = 0; k < NMARKERS; k++)
        if (strcmp(v, markers[k]) == 0)
            return k;
    return -1;
}

/* Codes such as stock tickers ("000001") or region codes ("01") look numeric but lose their
 * meaning as numbers; a column holding one stays text (methods can still read it as numbers). */
static int leading_zero_code(const char *s)
{
    while (*s == ' ' || *s == '-' || *s == '+')
        s++;
    return s[0] == '0' && s[1] >= '0' && s[1] <= '9';
}

enum { NUM_NO = 0, NUM_PLAIN, NUM_CLEAN, NUM_CODE, NUM_OVER };

/* Non-zero when @p v is a decimal number beyond the range of a double (1e400, or a number of
 * 400 digits): strtod reads it as +-inf, which nqpf_parse_double refuses. Such a cell is a data
 * error, not a text (NUM_OVER). "inf" and "nan" texts are not numbers at all. */
static int out_of_range(const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    char *end;
    double x = strtod(v, &end);
    if (end == v || !isinf(x))
        return 0;
    for (const char *c = v; c < end; c++)
        if (*c == 'n' || *c == 'N' || *c == 'i' || *c == 'I' || *c == 'x' || *c == 'X')
            return 0;
    while (*end == ' ' || *end == '\t' || *end == '\r')
        end++;
    return *end == '\0';
}

/* "1,234,567.8": digits in well-formed groups of three before an optional fraction. */
static int thousands_ok(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t lead = 0;
    while (s[lead] >= '0' && s[lead] <= '9')
        lead++;
    if (lead < 1 || lead > 3 || s[lead] != ',')
        return 0;
    s += lead;
    while (*s == ',') {
        for (int k = 1; k <= 3; k++)
            if (s[k] < '0' || s[k] > '9')
                return 0;
        s += 4;
    }
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* Classifies the trimmed non-missing cell @p v: a plain number (NUM_PLAIN), a number after the
 * cleaning in *need (NUM_CLEAN; *need holds the NQPF_CLEAN_* bits it takes), a code with a leading
 * zero (NUM_CODE) or not a number (NUM_NO). *out receives the value of a number. */
static int classify(const char *v, double *out, unsigned *need)
{
    *need = 0;
    if (nqpf_parse_double(v, out))
        return leading_zero_code(v) ? NUM_CODE : NUM_PLAIN;
    if (out_of_range(v))
        return NUM_OVER;
    char a[80];
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)v;
    while (*u) {
        if (n + 1 >= sizeof a)
            return NUM_NO;
        if (*u < 0x80) {
            a[n++] = (char)*u++;
            continue;
        }
        /* Full-width forms U+FF01..FF5E are EF BC 81..BF and EF BD 80..9E: ASCII + 0xFEE0. */
        if (u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD) && u[2] >= 0x80 && u[2] <= 0xBF) {
            unsigned cp = 0xF000u | ((unsigned)(u[1] & 0x3F) << 6) | (u[2] & 0x3Fu);
            unsigned c = cp - 0xFEE0u;
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == ',' || c == '%') {
                a[n++] = (char)c;
                *need |= NQPF_CLEAN_FULLWIDTH;
                u += 3;
                continue;
            }
        }
        return NUM_NO;
    }
    a[n] = '\0';
    double scale = 1;
    if (n > 1 && a[n - 1] == '%') {
        a[--n] = '\0';
        *need |= NQPF_CLEAN_PERCENT;
        scale = 100;
    }
    if (strchr(a, ',')) {
        if (!thousands_ok(a))
            return NUM_NO;
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
            if (a[k] != ',')
                a[m++] = a[k];
        a[m] = '\0';
        *need |= NQPF_CLEAN_THOUSANDS;
    }
    if (!*need)
        return NUM_NO;
    if (!nqpf_parse_double(a, out))
        return out_of_range(a) ? NUM_OVER : NUM_NO;
    if (leading_zero_code(a))
        return NUM_CODE;
    *out /= scale;
    return NUM_CLEAN;
}

/* ---- header ---------------------------------------------------------------------------------- */

static int is_blank_row(const nqpf__sheet *s, size_t i) { return rused(s, i) == 0; }

/* Last non-empty column of row index @p i, plus one (0 for a blank row). */
static size_t row_last_used(const nqpf__sheet *s, size_t i)
{
    if (i < s->nhead) {
        const row *r = &s->rows[i];
        for (size_t k = r->ncells; k-- > 0;)
            if (s->cells[r->first + k].len)
                return (size_t)s->cells[r->first + k].col + 1;
        return 0;
    }
    double x;
    const char *v;
    for (size_t j = rwidth(s, i); j-- > 0;)
        if (slot_at(s, i, j, &x, &v) != SLOT_EMPTY)
            return j + 1;
    return 0;
}

/* The header's first row: opts->header_row, or the first row with at least max(1, min(2, W)) and
 * at least ceil(W/2) non-empty cells, W being the most non-empty cells of any of the first 50
 * non-blank rows. */
static int header_start(const nqpf__sheet *s, const nqpf_read_options *opts, size_t *out)
{
    const char *src = s->source;
    if (opts && opts->header_row) {
        size_t i = find_row(s, opts->header_row);
        if (i == s->nrows || is_blank_row(s, i)) {
            size_t last = s->nrows ? rsrc(s, s->nrows - 1) : 0;
            if (opts->header_row > last)
                return nqpf_error_set(NQPF_EDATA,
                                      "%s: row %zu: expected the header row (the option header_row), found the end of "
                                      "the file after row %zu",
                                      src, opts->header_row, last);
            return nqpf_error_set(NQPF_EDATA,
                                  "%s: row %zu: expected the header row (the option header_row), found an empty row",
                                  src, opts->header_row);
        }
        *out = opts->header_row;
        return NQPF_OK;
    }
    size_t w = 0, seen = 0;
    for (size_t i = 0; i < s->nrows && seen < 50; i++)
        if (!is_blank_row(s, i)) {
            seen++;
            if (rused(s, i) > w)
                w = rused(s, i);
        }
    if (w == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: empty file, expected a header row", src);
    size_t need = w < 2 ? 1 : 2, half = (w + 1) / 2;
    if (half > need)
        need = half;
    for (size_t i = 0; i < s->nrows; i++)
        if (rused(s, i) >= need) {
            *out = rsrc(s, i);
            return NQPF_OK;
        }
    return nqpf_error_set(NQPF_EINTERNAL, "%s: no header row found", src); /* unreachable: w is reached */
}

/* With the header row detected (no header_row given): how many rows the names span. A merged cell
 * that starts in the header row and reaches down extends the header to the merge's last row. A
 * merged cell spanning columns there, or (text files carry no merges) an empty name between names
 * above a filled cell of the next row, means that the next row holds sub-names, provided it holds
 * no number. At most 16 rows; a blank row ends the header. */
static size_t auto_header_rows(const nqpf__sheet *s, size_t h0, size_t hi, int *why_merged)
{
    size_t last = h0;
    int sub = 0;
    *why_merged = 0;
    for (size_t m = 0; m < s->nmerges; m++) {
        const merge *g = &s->merges[m];
        if (g->r0 != h0)
            continue;
        if (g->r1 > last)
            last = g->r1;
        if (g->c1 > g->c0)
            sub = 1;
        *why_merged = 1;
    }
    size_t nexti = hi + 1 < s->nrows ? hi + 1 : s->nrows;
    if (!sub && last == h0 && nexti < s->nrows && rsrc(s, nexti) == h0 + 1) {
        size_t lu = row_last_used(s, hi);
        for (size_t j = 1; j < lu && !sub; j++)
            if (!*rcell(s, hi, j) && *rcell(s, nexti, j))
                sub = 1;
    }
    if (sub && last == h0)
        last = h0 + 1;
    if (last - h0 >= 16)
        last = h0 + 15;
    for (size_t src = h0 + 1; src <= last; src++) {
        size_t i = find_row(s, src);
        if (i == s->nrows || is_blank_row(s, i))
            return src - h0;
        /* Rows reached by a vertical merge are header rows whatever they hold; a row guessed from
         * a horizontal merge or a gap must hold names, not numbers. */
        int vertical = 0;
        for (size_t m = 0; m < s->nmerges && !vertical; m++)
            vertical = s->merges[m].r0 == h0 && s->merges[m].r1 >= src;
        if (vertical)
            continue;
        size_t n = i < s->nhead ? s->rows[i].ncells : rwidth(s, i);
        for (size_t k = 0; k < n; k++) {
            double x;
            unsigned need;
            const char *v = s->arena;
            if (i < s->nhead)
                v = s->arena + s->cells[s->rows[i].first + k].off;
            else if (slot_at(s, i, k, &x, &v) == SLOT_NUM)
                return src - h0; /* a stored number is a plain number */
            if (*v && classify(v, &x, &need) != NUM_NO)
                return src - h0;
        }
    }
    return last - h0 + 1;
}

/* Appends @p part (trimmed, inner line breaks as spaces) to the name being built. */
static void name_part(nqpf__buf *b, const char *part, const char **prev)
{
    size_t len = strlen(part);
    trim(&part, &len);
    if (!len)
        return;
    if (*prev && strlen(*prev) == len && memcmp(*prev, part, len) == 0)
        return; /* consecutive identical parts collapse ("地区" merged over two rows) */
    *prev = part;
    if (b->len)
        nqpf__buf_append(b, "_", 1);
    for (size_t k = 0; k < len; k++) {
        if (part[k] == '\r' && k + 1 < len && part[k + 1] == '\n')
            continue;
        char c = (part[k] == '\n' || part[k] == '\r') ? ' ' : part[k];
        nqpf__buf_append(b, &c, 1);
    }
}

/* The names of columns 0..w-1 from header rows h0..h0+k-1 (see docs/data.md): in the upper rows an
 * empty cell takes the value to its left unless a row above starts a new cell in that column;
 * merged ranges are filled with their top-left value; parts are joined with '_'. The names go into
 * one block @p *block (the caller frees both); names[j] point into it. */
static int build_names(const nqpf__sheet *s, size_t h0, size_t k, size_t w, char ***names_out, char **block)
{
    int rc = NQPF_OK;
    const char **fill = nqpf__calloc(k * (w ? w : 1), sizeof *fill);
    unsigned char *start = nqpf__calloc(k * (w ? w : 1), 1);
    size_t *offs = nqpf__malloc(w ? w : 1, sizeof *offs);
    nqpf__buf b = NQPF__BUF_INIT;
    char **names = NULL;
    if (!fill || !start || !offs) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < w; j++) {
            const char *v = cell_at(s, h0 + i, j);
            fill[i * w + j] = v;
            start[i * w + j] = *v != '\0';
        }
    for (size_t m = 0; m < s->nmerges; m++) {
        const merge *g = &s->merges[m];
        if (g->r1 < h0 || g->r0 >= h0 + k || g->c0 >= w)
            continue;
        const char *v = cell_at(s, g->r0, g->c0);
        for (size_t r = g->r0 < h0 ? h0 : g->r0; r <= g->r1 && r < h0 + k; r++)
            for (size_t j = g->c0; j <= g->c1 && j < w; j++) {
                fill[(r - h0) * w + j] = v;
                start[(r - h0) * w + j] = (r == g->r0 || r == h0) && j == g->c0 && *v;
            }
    }
    for (size_t i = 0; i + 1 < k; i++) /* upper rows: carry to the right within the parent's span */
        for (size_t j = 1; j < w; j++) {
            if (*fill[i * w + j])
                continue;
            int parent_starts = 0;
            for (size_t a = 0; a < i && !parent_starts; a++)
                parent_starts = start[a * w + j];
            if (!parent_starts)
                fill[i * w + j] = fill[i * w + j - 1];
        }
    for (size_t j = 0; j < w; j++) {
        offs[j] = b.len;
        const char *prev = NULL;
        nqpf__buf tmp = NQPF__BUF_INIT;
        for (size_t i = 0; i < k; i++)
            name_part(&tmp, fill[i * w + j], &prev);
        if (tmp.len)
            nqpf__buf_append(&b, tmp.data, tmp.len);
        if (tmp.failed)
            b.failed = 1;
        nqpf__buf_free(&tmp);
        nqpf__buf_append(&b, "", 1); /* NUL */
    }
    if (b.failed || !(names = nqpf__malloc(w ? w : 1, sizeof *names))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t j = 0; j < w; j++)
        names[j] = b.data + offs[j];
    *names_out = names;
    *block = b.data;
    b.data = NULL;
done:
    nqpf__buf_free(&b);
    free(fill);
    free(start);
    free(offs);
    return rc;
}

/* ---- footnotes ------------------------------------------------------------------------------- */

static int footnote_start(const char *v)
{
    static const char *const zh[] = {"注", "资料来源", "数据来源", "说明"};
    for (size_t k = 0; k < sizeof zh / sizeof *zh; k++)
        if (strncmp(v, zh[k], strlen(zh[k])) == 0)
            return 1;
    return strncasecmp(v, "note", 4) == 0 || strncasecmp(v, "source", 6) == 0;
}

/* Row index (in s->rows, > @p first) where the trailing footnotes begin, or s->nrows: a footnote
 * row has its only non-empty cell in the first column, beginning with 注, 资料来源, 数据来源, 说明,
 * Note or Source; rows after it (to the end) are blank or hold only a first cell too. */
static size_t footnotes_from(const nqpf__sheet *s, size_t first)
{
    size_t from = s->nrows;
    for (size_t i = s->nrows; i-- > first;) {
        if (is_blank_row(s, i))
            continue;
        if (rused(s, i) != 1 || !*rcell(s, i, 0))
            break;
        if (footnote_start(rcell(s, i, 0)))
            from = i;
    }
    return from;
}

/* ---- the table ------------------------------------------------------------------------------- */

typedef struct colstat {
    size_t n_num, n_bad;        /* numbers (plain or cleanable), not numbers */
    size_t n_need[3];           /* cells needing thousands, fullwidth, percent cleaning */
    const char *ex_need[3];     /* first such cell */
    size_t row_need[3];
    size_t n_marker[NMARKERS];  /* yearbook markers read as missing */
    const char *bad[4];         /* distinct non-numbers (up to 4) */
    size_t nbad_distinct, row_bad;
    int bad_many;               /* more distinct non-numbers than bad[] holds */
    int code;                   /* a leading-zero code */
    int numeric;                /* every non-missing cell is a number under opts->clean */
} colstat;

static void warn_column(const nqpf__sheet *s, const char *name, const colstat *st, const nqpf_read_options *opts)
{
    const char *src = s->source;
    size_t nm = 0;
    for (int k = 0; k < NMARKERS; k++)
        nm += st->n_marker[k];
    if (nm) {
        nqpf__buf b = NQPF__BUF_INIT;
        for (int k = 0; k < NMARKERS; k++)
            if (st->n_marker[k])
                nqpf__buf_printf(&b, "%s%zu cell%s '%s'", b.len ? ", " : "", st->n_marker[k],
                                 st->n_marker[k] == 1 ? "" : "s", markers[k]);
        nqpf_warn("%s: column '%s': %s read as missing (yearbook markers)", src, name, b.failed ? "cells" : nqpf__buf_cstr(&b));
        nqpf__buf_free(&b);
    }
    if (st->numeric || st->code || st->n_num == 0)
        return;
    /* Would the column be numeric with the cleaning or the na texts suggested? */
    if (st->bad_many || st->nbad_distinct > 3 || (st->n_bad && st->n_num <= st->n_bad))
        return;
    for (size_t k = 0; k < st->nbad_distinct; k++)
        if (strchr(st->bad[k], ','))
            return; /* not a text the option na (a comma-separated list) can name */
    static const char *const what[3][2] = {{"a number with thousands separators", "numbers with thousands separators"},
                                           {"a number in full-width characters", "numbers in full-width characters"},
                                           {"a percentage", "percentages"}};
    static const char *const fix[3] = {"thousands", "fullwidth", "percent (12.5% reads as 0.125)"};
    unsigned have = opts ? opts->clean : 0;
    for (int k = 0; k < 3; k++)
        if (st->n_need[k] && !(have & (1u << k)))
            nqpf_warn("%s: column '%s': %zu cell%s such as '%s' (row %zu) %s %s; read with the option clean: %s", src, name,
                      st->n_need[k], st->n_need[k] == 1 ? "" : "s", st->ex_need[k], st->row_need[k],
                      st->n_need[k] == 1 ? "is" : "are", what[k][st->n_need[k] != 1], fix[k]);
    if (st->n_bad) {
        nqpf__buf b = NQPF__BUF_INIT;
        for (size_t k = 0; k < st->nbad_distinct; k++)
            nqpf__buf_printf(&b, "%s%s", k ? "," : "", st->bad[k]);
        nqpf_warn("%s: column '%s' stays text: %zu cell%s such as '%s' (row %zu) %s not a number while %zu %s; if "
                  "they mean missing, read with the option na: %s",
                  src, name, st->n_bad, st->n_bad == 1 ? "" : "s", st->bad[0], st->row_bad, st->n_bad == 1 ? "is" : "are",
                  st->n_num, st->n_num == 1 ? "is" : "are", b.failed ? st->bad[0] : nqpf__buf_cstr(&b));
        nqpf__buf_free(&b);
    }
}

/* "rows 31, 32 and 35" / "row 31" into @p b. */
static void row_list(nqpf__buf *b, const size_t *rows, size_t n)
{
    nqpf__buf_puts(b, n == 1 ? "row " : "rows ");
    for (size_t k = 0; k < n; k++)
        nqpf__buf_printf(b, "%s%zu", k == 0 ? "" : (k + 1 == n ? " and " : ", "), rows[k]);
}

typedef struct named {
    const char *name;
    size_t j;
} named;

static int named_cmp(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->j > y->j) - (x->j < y->j);
}

/* The first column (in column order) whose name an earlier column already has: *dup_j, and the
 * earliest such column *dup_m; SIZE_MAX when the names are distinct. By sorting (n log n), so that
 * 40,000 columns are not 800 million comparisons. */
static int first_duplicate(char **names, size_t w, size_t *dup_j, size_t *dup_m)
{
    *dup_j = *dup_m = SIZE_MAX;
    if (w < 2)
        return NQPF_OK;
    named *v = nqpf__malloc(w, sizeof *v);
    if (!v)
        return NQPF_EINTERNAL;
    for (size_t j = 0; j < w; j++)
        v[j] = (named){names[j], j};
    qsort(v, w, sizeof *v, named_cmp);
    for (size_t a = 0, b; a < w; a = b) {
        for (b = a + 1; b < w && strcmp(v[a].name, v[b].name) == 0; b++)
            ;
        if (b - a >= 2 && v[a + 1].j < *dup_j) {
            *dup_j = v[a + 1].j;
            *dup_m = v[a].j;
        }
    }
    free(v);
    return NQPF_OK;
}

/* Non-zero when row index @p i (between the header and the footnotes) is a data row: blank rows
 * are skipped, but in a one-column text file an empty field is a missing value. */
static int is_data_row(const nqpf__sheet *s, size_t i, size_t text_w)
{
    return !(rwidth(s, i) == 0 || (is_blank_row(s, i) && (s->kind == NQPF__SHEET_SPREADSHEET || text_w > 1)));
}

enum { CELL_NA = 100, CELL_NUM, CELL_TEXT };

/* Data cell of row index @p ri, column @p j: CELL_NA when missing (empty, a text of the option na,
 * or a yearbook marker: *mk its index), CELL_NUM for a stored number (*x), else CELL_TEXT (*v).
 * Head rows are walked with cursor[ri] (cells come in increasing columns: linear per column). */
static int data_cell(const nqpf__sheet *s, size_t ri, size_t j, size_t *cursor, const nqpf_read_options *opts,
                     int na_num, double *x, const char **v, int *mk, char buf[64])
{
    *mk = -1;
    *v = s->arena;
    int k;
    if (ri < s->nhead) {
        const row *r = &s->rows[ri];
        while (cursor[ri] < r->ncells && s->cells[r->first + cursor[ri]].col < j)
            cursor[ri]++;
        if (cursor[ri] < r->ncells && s->cells[r->first + cursor[ri]].col == j)
            *v = s->arena + s->cells[r->first + cursor[ri]].off;
        k = **v ? SLOT_TEXT : SLOT_EMPTY;
    } else
        k = slot_at(s, ri, j, x, v);
    if (k == SLOT_EMPTY)
        return CELL_NA;
    if (k == SLOT_NUM) {
        if (na_num) {
            num_text(&s->bcols[j], ri, *x, buf);
            for (size_t q = 0; opts->na[q]; q++)
                if (strcmp(buf, opts->na[q]) == 0)
                    return CELL_NA;
        }
        return CELL_NUM;
    }
    for (size_t q = 0; opts && opts->na && opts->na[q]; q++)
        if (strcmp(*v, opts->na[q]) == 0)
            return CELL_NA;
    if ((*mk = marker_index(*v)) >= 0)
        return CELL_NA;
    return CELL_TEXT;
}

int nqpf__sheet_to_table(nqpf__sheet *s, nqpf_table **out, const nqpf_read_options *opts)
{
    *out = NULL;
    const char *src = s->source;
    char cb[24];
    int rc;
    size_t h0 = 0;
    if (s->nrows == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: empty file, expected a header row", src);
    if ((rc = header_start(s, opts, &h0)) != NQPF_OK)
        return rc;
    size_t k = (opts && opts->header_rows > 1) ? opts->header_rows : 1;
    size_t hi = find_row(s, h0);
    if (!(opts && opts->header_row)) {
        int merged = 0;
        k = auto_header_rows(s, h0, hi, &merged);
        if (k > 1)
            nqpf_warn("%s: the column names span rows %zu-%zu (%s); give the option header_row to choose other rows",
                      src, h0, h0 + k - 1, merged ? "merged header cells" : "names with sub-names below");
    }
    size_t hlast = h0 + k - 1;
    size_t first_data = hi; /* index of the first row after the header */
    while (first_data < s->nrows && rsrc(s, first_data) <= hlast)
        first_data++;
    /* Footnotes only under a header of several columns (in one column they are data). */
    size_t foot = rused(s, hi) > 1 || k > 1 ? footnotes_from(s, first_data) : s->nrows;

    /* Width: text takes the header's fields; a spreadsheet the widest row from the header on. */
    size_t w = rwidth(s, hi);
    if (s->kind == NQPF__SHEET_SPREADSHEET)
        for (size_t i = hi; i < foot; i++)
            if (rwidth(s, i) > w)
                w = rwidth(s, i);
    size_t text_w = w;

    size_t ndata = 0;
    size_t *cursor = NULL;
    char **names = NULL, *block = NULL;
    const char **col = NULL;
    nqpf_table *t = NULL;
    nqpf__buf fb = NQPF__BUF_INIT; /* the footnotes' warning, made before columns are handed over */
    scratch csc = {0};
    for (size_t i = first_data; i < foot; i++) {
        if (!is_data_row(s, i, text_w))
            continue;
        if (s->kind == NQPF__SHEET_TEXT && rwidth(s, i) != text_w) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: expected %zu fields as in the header (row %zu), found %zu",
                                src, rsrc(s, i), text_w, h0, rwidth(s, i));
            goto done;
        }
        ndata++;
    }
    /* Trailing columns with no name and no value are dropped (before names are carried right). */
    {
        size_t last = 0;
        for (size_t i = hi; i < first_data; i++)
            if (row_last_used(s, i) > last)
                last = row_last_used(s, i);
        for (size_t i = first_data; i < foot && i < s->nhead; i++)
            if (is_data_row(s, i, text_w) && row_last_used(s, i) > last)
                last = row_last_used(s, i);
        /* Body rows: the last column (from the right) holding a value in any data row. */
        size_t b0 = first_data > s->nhead ? first_data : s->nhead;
        for (size_t j = w; j-- > last;) {
            int found = 0;
            double x;
            const char *v;
            for (size_t i = b0; i < foot && !found; i++)
                found = is_data_row(s, i, text_w) && slot_at(s, i, j, &x, &v) != SLOT_EMPTY;
            if (found) {
                last = j + 1;
                break;
            }
        }
        if (last < w)
            w = last;
    }
    if ((rc = build_names(s, h0, k, w, &names, &block)) != NQPF_OK)
        goto done;
    char hrows[64];
    if (k == 1)
        snprintf(hrows, sizeof hrows, "row %zu", h0);
    else
        snprintf(hrows, sizeof hrows, "rows %zu-%zu", h0, hlast);
    size_t dup_j = SIZE_MAX, dup_m = SIZE_MAX;
    if ((rc = first_duplicate(names, w, &dup_j, &dup_m)) != NQPF_OK)
        goto done;
    for (size_t j = 0; j < w; j++) {
        if (!*names[j]) {
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s: %s, column %s: expected a column name, found an empty cell (if the names span "
                                "several rows, give the option header_row: N-M)",
                                src, hrows, colname(s, j, cb));
            goto done;
        }
        if (!valid_utf8((const unsigned char *)names[j])) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: %s, column %s: the name is not valid UTF-8", src, hrows,
                                colname(s, j, cb));
            goto done;
        }
        if (j == dup_j) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: %s, column %s: duplicate column name '%s' (also column %s)", src,
                                hrows, colname(s, j, cb), names[j], colname(s, dup_m, (char[24]){0}));
            goto done;
        }
    }
    if (foot < s->nrows) {
        nqpf__buf b = NQPF__BUF_INIT;
        size_t *fr = nqpf__malloc(s->nrows - foot, sizeof *fr), nf = 0;
        if (fr) {
            for (size_t i = foot; i < s->nrows; i++)
                if (!is_blank_row(s, i))
                    fr[nf++] = rsrc(s, i);
            row_list(&b, fr, nf);
            char lead[128];
            const char *v = rcell(s, foot, 0);
            size_t n = 0, chars = 0;
            while (v[n] && chars < 20) { /* its first 20 characters, whole */
                n++;
                while (((unsigned char)v[n] & 0xC0) == 0x80)
                    n++;
                chars++;
            }
            snprintf(lead, sizeof lead, "%.*s%s", (int)n, v, v[n] ? "..." : "");
            nqpf__buf_printf(&fb, "%s: %s after the data: footnotes ('%s') left out", src,
                             b.failed ? "rows" : nqpf__buf_cstr(&b), lead);
        }
        free(fr);
        nqpf__buf_free(&b);
    }
    if (s->sc->oom) {
        rc = nqpf__nomem("reading %s", s->source);
        goto done;
    }
    t = nqpf_table_new(ndata);
    cursor = nqpf__calloc(s->nhead ? s->nhead : 1, sizeof *cursor);
    if (!t || !cursor) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_set_source(t, src)) != NQPF_OK)
        goto done;
    for (size_t i = first_data, n = 0; i < foot; i++)
        if (is_data_row(s, i, text_w))
            nqpf_table_set_src_row(t, n++, rsrc(s, i));
    unsigned clean = opts ? opts->clean : 0;
    /* Can a text of the option na be a stored number? Then stored numbers are compared with it. */
    int na_num = 0;
    for (size_t q = 0; opts && opts->na && opts->na[q]; q++) {
        double x;
        int d;
        unsigned f;
        na_num |= storable(opts->na[q], strlen(opts->na[q]), &x, &d, &f);
    }
    for (size_t j = 0; j < w; j++) {
        colstat st;
        memset(&st, 0, sizeof st);
        st.numeric = 1;
        for (size_t ri = first_data; ri < foot; ri++) {
            if (!is_data_row(s, ri, text_w))
                continue;
            const char *v;
            double x = 0;
            char buf[64];
            int mk = -1;
            int kind = data_cell(s, ri, j, cursor, opts, na_num, &x, &v, &mk, buf);
            if (mk >= 0)
                st.n_marker[mk]++;
            if (kind == CELL_NA)
                continue;
            if (kind == CELL_NUM) {
                st.n_num++;
                continue;
            }
            unsigned need = 0;
            kind = classify(v, &x, &need);
            if (kind == NUM_OVER) {
                int show = 24;
                if (strlen(v) <= (size_t)show)
                    show = (int)strlen(v);
                else
                    while (show > 0 && ((unsigned char)v[show] & 0xC0) == 0x80)
                        show--;
                rc = nqpf_error_set(NQPF_EDATA,
                                    "%s: row %zu, column '%s': expected a number within the range of a double (at "
                                    "most about 1.8e308 in size), found '%.*s%s'; correct the cell",
                                    src, rsrc(s, ri), names[j], show, v, v[show] ? "..." : "");
                goto done;
            }
            if (kind == NUM_CODE) {
                st.code = 1;
                st.numeric = 0;
            } else if (kind == NUM_PLAIN || kind == NUM_CLEAN) {
                st.n_num++;
                for (int b = 0; b < 3; b++)
                    if (need & (1u << b) && st.n_need[b]++ == 0) {
                        st.ex_need[b] = v;
                        st.row_need[b] = rsrc(s, ri);
                    }
                if (need & ~clean)
                    st.numeric = 0;
            } else {
                st.numeric = 0;
                if (st.n_bad++ == 0)
                    st.row_bad = rsrc(s, ri);
                size_t q = 0;
                while (q < st.nbad_distinct && strcmp(st.bad[q], v) != 0)
                    q++;
                if (q == st.nbad_distinct) {
                    if (st.nbad_distinct < 4)
                        st.bad[st.nbad_distinct++] = v;
                    else
                        st.bad_many = 1; /* more than 4 distinct texts: a text column, no hint */
                }
            }
        }
        warn_column(s, names[j], &st, opts);
        bcol *c = j < s->nbcols && s->bcols[j].v ? &s->bcols[j] : NULL;
        if (st.numeric) {
            /* The values go in place into the column's slots (row index ri >= data index i, so a
             * slot is read before it is written), which then become the table's column. */
            double *num = NULL;
            if (c) {
                if (bcol_reserve(c, ndata ? ndata : 1) != NQPF_OK) {
                    rc = nqpf__nomem("reading %s", s->source);
                    goto done;
                }
                num = c->v;
            } else if (!(num = nqpf__malloc(ndata ? ndata : 1, sizeof *num))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            size_t i = 0;
            for (size_t ri = first_data; ri < foot; ri++) {
                if (!is_data_row(s, ri, text_w))
                    continue;
                const char *v;
                double x = 0;
                char buf[64];
                int mk = -1;
                int kind = data_cell(s, ri, j, cursor, opts, na_num, &x, &v, &mk, buf);
                unsigned need;
                if (kind == CELL_NA)
                    x = nqpf__nan();
                else if (kind == CELL_TEXT)
                    classify(v, &x, &need); /* a number: in a numeric column every cell is one */
                num[i++] = x;
            }
            if (c) {
                double *shrunk = nqpf__realloc(num, ndata ? ndata : 1, sizeof *num);
                if (shrunk)
                    num = shrunk;
                free(c->dec);
                *c = (bcol){NULL, 0, 0, NULL, 0, -2};
            }
            if ((rc = nqpf__table_adopt_num(t, names[j], num)) != NQPF_OK) {
                free(num);
                goto done;
            }
        } else {
            if (!col && !(col = nqpf__malloc(ndata ? ndata : 1, sizeof *col))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            size_t i = 0;
            for (size_t ri = first_data; ri < foot; ri++) {
                if (!is_data_row(s, ri, text_w))
                    continue;
                const char *v;
                double x = 0;
                char buf[64];
                int mk = -1;
                int kind = data_cell(s, ri, j, cursor, opts, na_num, &x, &v, &mk, buf);
                if (kind == CELL_NA)
                    v = NULL;
                else if (kind == CELL_NUM) {
                    size_t n = num_text(c, ri, x, buf);
                    if (!(v = scratch_put(&csc, buf, n))) {
                        rc = nqpf__nomem("reading %s", s->source);
                        goto done;
                    }
                }
                col[i++] = v;
            }
            rc = nqpf_table_add_text(t, names[j], col, NULL);
            scratch_free(&csc);
            if (rc != NQPF_OK)
                goto done;
        }
    }
    if (fb.len)
        nqpf_warn("%s", nqpf__buf_cstr(&fb));
    *out = t;
    t = NULL;
done:
    nqpf_table_free(t);
    free(cursor);
    free(block);
    free(names);
    free(col);
    scratch_free(&csc);
    nqpf__buf_free(&fb);
    return rc;
}
