#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/table.h"
#include "../io/io_internal.h"
#include "../util/util.h"

typedef struct column {
    char *name;
    int is_text;
    double *num;
    char **text;
} column;

struct nqpf_table {
    size_t nrows;
    size_t ncols, capcols;
    column *cols;
    size_t *src_row; /* NULL until set: then row i came from spreadsheet row src_row[i] */
    char *source;
    /* Column names by hash (open addressing, linear probing): slot holds column index + 1, 0 is
     * empty; nslots is a power of two at least twice ncols. NULL until the first column. */
    size_t *slots;
    size_t nslots;
};

/* FNV-1a over the name's bytes. */
static size_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return (size_t)h;
}

static void slots_put(size_t *slots, size_t nslots, const char *name, size_t j)
{
    size_t k = name_hash(name) & (nslots - 1);
    while (slots[k])
        k = (k + 1) & (nslots - 1);
    slots[k] = j + 1;
}

/* Rebuilds the hash for @p need columns (at least t->ncols); NQPF_OK or NQPF_EINTERNAL. */
static int slots_rebuild(nqpf_table *t, size_t need)
{
    size_t n = 16;
    while (n < 2 * need)
        n *= 2;
    size_t *slots = nqpf__calloc(n, sizeof *slots);
    if (!slots)
        return NQPF_EINTERNAL;
    for (size_t j = 0; j < t->ncols; j++)
        slots_put(slots, n, t->cols[j].name, j);
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return NQPF_OK;
}

nqpf_table *nqpf_table_new(size_t nrows)
{
    nqpf_table *t = nqpf__calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->nrows = nrows;
    return t;
}

static void column_free(column *c, size_t nrows)
{
    free(c->name);
    free(c->num);
    if (c->text) {
        for (size_t i = 0; i < nrows; i++)
            free(c->text[i]);
        free(c->text);
    }
}

void nqpf_table_free(nqpf_table *t)
{
    if (!t)
        return;
    for (size_t j = 0; j < t->ncols; j++)
        column_free(&t->cols[j], t->nrows);
    free(t->cols);
    free(t->src_row);
    free(t->source);
    free(t->slots);
    free(t);
}

size_t nqpf_table_nrows(const nqpf_table *t) { return t->nrows; }
size_t nqpf_table_ncols(const nqpf_table *t) { return t->ncols; }
const char *nqpf_table_colname(const nqpf_table *t, size_t j) { return t->cols[j].name; }

size_t nqpf_table_find(const nqpf_table *t, const char *name)
{
    if (!t->slots) {
        /* No hash (no columns yet, or it could not be rebuilt for want of memory): search. */
        for (size_t j = 0; j < t->ncols; j++)
            if (strcmp(t->cols[j].name, name) == 0)
                return j;
        return NQPF_NONE;
    }
    for (size_t k = name_hash(name) & (t->nslots - 1); t->slots[k]; k = (k + 1) & (t->nslots - 1))
        if (t->slots[k] - 1 < t->ncols && strcmp(t->cols[t->slots[k] - 1].name, name) == 0)
            return t->slots[k] - 1;
    return NQPF_NONE;
}

static column *add_column(nqpf_table *t, const char *name, size_t *col)
{
    if (nqpf_table_find(t, name) != NQPF_NONE) {
        nqpf_error_set(NQPF_EUSAGE, "column '%s' already exists", name);
        return NULL;
    }
    if (t->ncols == t->capcols) {
        size_t cap = t->capcols ? 2 * t->capcols : 8;
        column *c = nqpf__realloc(t->cols, cap, sizeof *c);
        if (!c)
            return NULL;
        t->cols = c;
        t->capcols = cap;
    }
    if (2 * (t->ncols + 1) > t->nslots && slots_rebuild(t, t->ncols + 1) != NQPF_OK)
        return NULL;
    column *c = &t->cols[t->ncols];
    memset(c, 0, sizeof *c);
    c->name = nqpf__strdup(name);
    if (!c->name)
        return NULL;
    /* Callers count the column (t->ncols++) only once it is complete; the hash points at the
     * slot now, which find() reaches only after the count, so a failed add leaves no trace. */
    slots_put(t->slots, t->nslots, c->name, t->ncols);
    if (col)
        *col = t->ncols;
    return c;
}

int nqpf_table_add_num(nqpf_table *t, const char *name, const double *values, size_t *col)
{
    double *num = nqpf__malloc(t->nrows, sizeof *num);
    if (!num)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < t->nrows; i++)
        num[i] = values ? values[i] : NAN;
    column *c = add_column(t, name, col);
    if (!c) {
        free(num);
        return nqpf_error_code();
    }
    c->num = num;
    t->ncols++;
    return NQPF_OK;
}

/* For the readers (declared in src/io/io_internal.h): the sheet layer hands a numeric column's
 * array over instead of having it copied, which would double the memory of the largest step of
 * reading a file. */
int nqpf__table_adopt_num(nqpf_table *t, const char *name, double *values)
{
    column *c = add_column(t, name, NULL);
    if (!c) {
        int rc = nqpf_error_code();
        return rc != NQPF_OK ? rc : nqpf__nomem("a column of the table");
    }
    c->num = values;
    t->ncols++;
    return NQPF_OK;
}

int nqpf_table_add_text(nqpf_table *t, const char *name, const char *const *values, size_t *col)
{
    char **text = nqpf__calloc(t->nrows ? t->nrows : 1, sizeof *text);
    if (!text)
        return NQPF_EINTERNAL;
    for (size_t i = 0; values && i < t->nrows; i++) {
        if (values[i] && !(text[i] = nqpf__strdup(values[i]))) {
            for (size_t k = 0; k < i; k++)
                free(text[k]);
            free(text);
            return NQPF_EINTERNAL;
        }
    }
    column *c = add_column(t, name, col);
    if (!c) {
        for (size_t k = 0; k < t->nrows; k++)
            free(text[k]);
        free(text);
        return nqpf_error_code();
    }
    c->is_text = 1;
    c->text = text;
    t->ncols++;
    return NQPF_OK;
}

int nqpf_table_is_text(const nqpf_table *t, size_t j) { return t->cols[j].is_text; }
double *nqpf_table_num(nqpf_table *t, size_t j) { return t->cols[j].num; }
const double *nqpf_table_cnum(const nqpf_table *t, size_t j) { return t->cols[j].num; }

const char *nqpf_table_text(const nqpf_table *t, size_t j, size_t i)
{
    return t->cols[j].is_text ? t->cols[j].text[i] : NULL;
}

int nqpf_table_set_text(nqpf_table *t, size_t j, size_t i, const char *s)
{
    column *c = &t->cols[j];
    if (!c->is_text)
        return nqpf_error_set(NQPF_EINTERNAL, "column '%s' is not a text column", c->name);
    char *copy = NULL;
    if (s && !(copy = nqpf__strdup(s)))
        return NQPF_EINTERNAL;
    free(c->text[i]);
    c->text[i] = copy;
    return NQPF_OK;
}

char *nqpf_format_double(double x, char *buf, size_t bufsize)
{
    if (isnan(x)) {
        snprintf(buf, bufsize, "%s", "");
        return buf;
    }
    if (isinf(x)) {
        snprintf(buf, bufsize, "%s", x > 0 ? "inf" : "-inf");
        return buf;
    }
    if (x == 0) {
        /* Print -0 as 0: a sign on zero only confuses spreadsheets. */
        snprintf(buf, bufsize, "0");
        return buf;
    }
    /* Shortest of %.15g..%.17g that reads back to the same double. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, bufsize, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

int nqpf_parse_double(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s)
        return 0;
    while (*end == ' ' || *end == '\t' || *end == '\r')
        end++;
    if (*end != '\0')
        return 0;
    /* strtod accepts "nan", "inf" and hex floats; data files should not rely on them. */
    for (const char *c = s; c < end; c++)
        if (*c == 'n' || *c == 'N' || *c == 'i' || *c == 'I' || *c == 'x' || *c == 'X')
            return 0;
    /* Beyond the range of a double (1e400): strtod gives +-inf, which is not the cell's value.
     * Underflow (1e-400) gives 0 or a subnormal number, which is as close as a double gets. */
    if (isinf(v))
        return 0;
    *out = v;
    return 1;
}

const char *nqpf_table_cell_str(const nqpf_table *t, size_t j, size_t i, char *buf, size_t bufsize)
{
    const column *c = &t->cols[j];
    if (c->is_text) {
        snprintf(buf, bufsize, "%s", c->text[i] ? c->text[i] : "");
        return buf;
    }
    return nqpf_format_double(c->num[i], buf, bufsize);
}

int nqpf_table_set_source(nqpf_table *t, const char *source)
{
    char *s = nqpf__strdup(source);
    if (!s)
        return NQPF_EINTERNAL;
    free(t->source);
    t->source = s;
    return NQPF_OK;
}

const char *nqpf_table_source(const nqpf_table *t) { return t->source ? t->source : ""; }

void nqpf_table_set_src_row(nqpf_table *t, size_t i, size_t src_row)
{
    if (!t->src_row) {
        t->src_row = nqpf__malloc(t->nrows, sizeof *t->src_row);
        if (!t->src_row)
            return;
        for (size_t k = 0; k < t->nrows; k++)
            t->src_row[k] = k + 2;
    }
    t->src_row[i] = src_row;
}

size_t nqpf_table_src_row(const nqpf_table *t, size_t i) { return t->src_row ? t->src_row[i] : i + 2; }

nqpf_table *nqpf_table_select_rows(const nqpf_table *t, const size_t *rows, size_t n)
{
    nqpf_table *r = nqpf_table_new(n);
    if (!r)
        return NULL;
    if (t->source && nqpf_table_set_source(r, t->source) != NQPF_OK)
        goto fail;
    r->src_row = nqpf__malloc(n, sizeof *r->src_row);
    if (!r->src_row)
        goto fail;
    for (size_t i = 0; i < n; i++)
        r->src_row[i] = nqpf_table_src_row(t, rows[i]);
    for (size_t j = 0; j < t->ncols; j++) {
        const column *c = &t->cols[j];
        size_t cj;
        if (c->is_text) {
            if (nqpf_table_add_text(r, c->name, NULL, &cj) != NQPF_OK)
                goto fail;
            for (size_t i = 0; i < n; i++)
                if (c->text[rows[i]] && nqpf_table_set_text(r, cj, i, c->text[rows[i]]) != NQPF_OK)
                    goto fail;
        } else {
            if (nqpf_table_add_num(r, c->name, NULL, &cj) != NQPF_OK)
                goto fail;
            for (size_t i = 0; i < n; i++)
                r->cols[cj].num[i] = c->num[rows[i]];
        }
    }
    return r;
fail:
    nqpf_table_free(r);
    return NULL;
}

void nqpf_table_drop_col(nqpf_table *t, size_t j)
{
    column_free(&t->cols[j], t->nrows);
    memmove(&t->cols[j], &t->cols[j + 1], (t->ncols - j - 1) * sizeof *t->cols);
    t->ncols--;
    /* Indices after j moved: rebuild the hash (without it, find() falls back to a search). */
    if (slots_rebuild(t, t->ncols) != NQPF_OK) {
        free(t->slots);
        t->slots = NULL;
        t->nslots = 0;
    }
}
