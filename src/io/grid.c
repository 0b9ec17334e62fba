/* The sheet: cells of one delimited file or spreadsheet sheet collected row by row into one arena,
 * then turned into a table by the one routine every reader shares (see io_internal.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "io_internal.h"
#include "../util/util.h"

typedef struct cell {
    uint32_t col; /* 0-based column */
    uint32_t len; /* bytes of text */
    size_t off;   /* offset of the NUL-terminated text in the arena */
} cell;

typedef struct row {
    size_t src_row; /* 1-based row of the file */
    size_t first;   /* index of its first cell */
    size_t ncells;  /* cells stored (increasing columns) */
    size_t width;   /* last column set + 1 */
} row;

typedef struct merge {
    size_t r0, c0, r1, c1;
} merge;

struct nqpf__sheet {
    char *source;
    enum nqpf__sheet_kind kind;
    char *arena; /* arena[0] = '\0': the text of every empty cell */
    size_t alen, acap;
    cell *cells;
    size_t ncells, ccap;
    row *rows;
    size_t nrows, rcap;
    merge *merges;
    size_t nmerges, mcap;
    size_t cur_first;  /* first cell of the row being collected */
    size_t cur_width;  /* its width so far */
    size_t last_src;   /* src_row of the last ended row (0 = none) */
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

nqpf__sheet *nqpf__sheet_new(const char *source, enum nqpf__sheet_kind kind)
{
    nqpf__sheet *s = nqpf__calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->source = nqpf__strdup(source ? source : "");
    s->arena = nqpf__malloc(4096, 1);
    if (!s->source || !s->arena) {
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
    free(s->merges);
    free(s);
}

int nqpf__sheet_cell(nqpf__sheet *s, size_t col, const char *text, size_t len)
{
    if (col < s->cur_width || col >= UINT32_MAX)
        return nqpf_error_set(NQPF_EINTERNAL, "%s: column %zu set out of order", s->source, col + 1);
    if (len >= UINT32_MAX)
        return nqpf_error_set(NQPF_EDATA, "%s: column %zu: a cell of %zu bytes is too long", s->source, col + 1, len);
    s->cur_width = col + 1;
    if (len == 0 && s->kind == NQPF__SHEET_SPREADSHEET)
        return NQPF_OK; /* sparse: an empty cell is the same as an absent one */
    if (grow((void **)&s->cells, &s->ccap, s->ncells + 1, sizeof *s->cells) != NQPF_OK)
        return NQPF_EINTERNAL;
    cell *c = &s->cells[s->ncells++];
    c->col = (uint32_t)col;
    c->len = (uint32_t)len;
    c->off = 0;
    if (len == 0)
        return NQPF_OK;
    if (s->alen + len + 1 < s->alen || grow((void **)&s->arena, &s->acap, s->alen + len + 1, 1) != NQPF_OK)
        return nqpf_error_set(NQPF_EINTERNAL, "out of memory");
    c->off = s->alen;
    memcpy(s->arena + s->alen, text, len);
    s->arena[s->alen + len] = '\0';
    s->alen += len + 1;
    return NQPF_OK;
}

int nqpf__sheet_end_row(nqpf__sheet *s, size_t src_row)
{
    if (src_row <= s->last_src)
        return nqpf_error_set(NQPF_EINTERNAL, "%s: row %zu ended out of order", s->source, src_row);
    if (grow((void **)&s->rows, &s->rcap, s->nrows + 1, sizeof *s->rows) != NQPF_OK)
        return NQPF_EINTERNAL;
    row *r = &s->rows[s->nrows++];
    r->src_row = src_row;
    r->first = s->cur_first;
    r->ncells = s->ncells - s->cur_first;
    r->width = s->cur_width;
    s->cur_first = s->ncells;
    s->cur_width = 0;
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

/* The text of every column 0..w-1 of row @p r into @p out (empty cells ""). */
static void row_texts(const nqpf__sheet *s, const row *r, const char **out, size_t w)
{
    for (size_t j = 0; j < w; j++)
        out[j] = s->arena;
    for (size_t k = 0; k < r->ncells; k++) {
        const cell *c = &s->cells[r->first + k];
        if (c->col < w)
            out[c->col] = s->arena + c->off;
    }
}

static int row_blank(const nqpf__sheet *s, const row *r)
{
    for (size_t k = 0; k < r->ncells; k++)
        if (s->cells[r->first + k].len)
            return 0;
    return 1;
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

/* Codes such as stock tickers ("000001") or region codes ("01") look numeric but lose their
 * meaning as numbers; a column holding one stays text (methods can still read it as numbers). */
static int leading_zero_code(const char *s)
{
    while (*s == ' ' || *s == '-' || *s == '+')
        s++;
    return s[0] == '0' && s[1] >= '0' && s[1] <= '9';
}

int nqpf__sheet_to_table(nqpf__sheet *s, nqpf_table **out, const nqpf_read_options *opts)
{
    *out = NULL;
    const char *src = s->source;
    size_t h = 0; /* index of the header row in s->rows */
    while (!(opts && opts->header_row) && h < s->nrows && s->rows[h].width == 0)
        h++;
    if (opts && opts->header_row) {
        while (h < s->nrows && s->rows[h].src_row < opts->header_row)
            h++;
        if (h == s->nrows || s->rows[h].src_row != opts->header_row)
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu: expected the header row (the option header_row), found an empty row",
                                  src, opts->header_row);
    }
    if (h >= s->nrows)
        return nqpf_error_set(NQPF_EDATA, "%s: empty file, expected a header row", src);
    const row *hr = &s->rows[h];
    size_t ncols = hr->width;
    /* Data rows: those after the header that are not blank; ragged text rows are an error. */
    size_t ndata = 0;
    size_t *data = nqpf__malloc(s->nrows - h, sizeof *data);
    const char **texts = nqpf__malloc(ncols ? ncols : 1, sizeof *texts);
    const char **header = nqpf__malloc(ncols ? ncols : 1, sizeof *header);
    double *num = NULL;
    const char **col = NULL;
    nqpf_table *t = NULL;
    int rc = NQPF_OK;
    if (!data || !texts || !header) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = h + 1; i < s->nrows; i++) {
        const row *r = &s->rows[i];
        if (r->width == 0 || (row_blank(s, r) && (r->width == 1 || s->kind == NQPF__SHEET_SPREADSHEET) && ncols > 1))
            continue;
        if (s->kind == NQPF__SHEET_TEXT && r->width != ncols) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: expected %zu fields as in the header, found %zu", src,
                                r->src_row, ncols, r->width);
            goto done;
        }
        data[ndata++] = i;
    }
    row_texts(s, hr, header, ncols);
    t = nqpf_table_new(ndata);
    num = nqpf__malloc(ndata ? ndata : 1, sizeof *num);
    col = nqpf__malloc(ndata ? ndata : 1, sizeof *col);
    if (!t || !num || !col) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_set_source(t, src)) != NQPF_OK)
        goto done;
    for (size_t i = 0; i < ndata; i++)
        nqpf_table_set_src_row(t, i, s->rows[data[i]].src_row);
    for (size_t j = 0; j < ncols; j++) {
        const char *name = header[j];
        if (!*name) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column %zu: expected a column name, found an empty cell",
                                src, hr->src_row, j + 1);
            goto done;
        }
        if (!valid_utf8((const unsigned char *)name)) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column %zu: the name is not valid UTF-8", src, hr->src_row,
                                j + 1);
            goto done;
        }
        if (nqpf_table_find(t, name) != NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column %zu: duplicate column name '%s'", src, hr->src_row,
                                j + 1, name);
            goto done;
        }
        int numeric = 1;
        for (size_t i = 0; i < ndata; i++) {
            const row *r = &s->rows[data[i]];
            const char *v = s->arena;
            if (j < r->ncells && s->cells[r->first + j].col == j) /* dense rows: cell j is column j */
                v = s->arena + s->cells[r->first + j].off;
            else
                for (size_t k = 0; k < r->ncells; k++)
                    if (s->cells[r->first + k].col == j) {
                        v = s->arena + s->cells[r->first + k].off;
                        break;
                    }
            col[i] = v;
            int na = (*v == '\0');
            for (size_t k = 0; !na && opts && opts->na && opts->na[k]; k++)
                na = strcmp(v, opts->na[k]) == 0;
            if (na) {
                col[i] = NULL;
                num[i] = nqpf__nan();
                continue;
            }
            if (numeric && (!nqpf_parse_double(v, &num[i]) || leading_zero_code(v)))
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
    free(data);
    free(texts);
    free(header);
    free(num);
    free(col);
    return rc;
}
