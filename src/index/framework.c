/* Indicator frameworks: the CSV a researcher edits (one row per indicator, its dimension path,
 * labels, data column or expression, unit, direction and optional fixed weight), its validation,
 * and the check of its columns against a data panel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "../util/util.h"
#include "index_internal.h"

/* Indicator text fields: the eight of fw_fields (unit_zh and unit_en are optional columns, "" when
 * the file has none). */
#define FW_NFIELDS 8

typedef struct fw_ind {
    char *f[FW_NFIELDS]; /* path, id, label_zh, label_en, column, unit, unit_zh, unit_en */
    int dir;
    double weight;
    size_t row; /* spreadsheet row in the framework file */
} fw_ind;

/* A dimension-label row: path, label_zh, label_en and its row. */
typedef struct fw_dim {
    char *f[3];
    size_t row;
} fw_dim;

struct nqpf_framework {
    char *source;
    fw_ind *ind;
    size_t n;
    fw_dim *dim;
    size_t ndim;
};

static const char *const fw_fields[FW_NFIELDS] = {"path", "id", "label_zh", "label_en", "column", "unit", "unit_zh", "unit_en"};

/* The longest unit, in characters: a unit is a short label for axis titles and table cells. */
#define FW_UNIT_MAX 40

/* Column col[c] of the framework table: the header's eight (0..7), then the optional unit_zh (8) and
 * unit_en (9), NQPF_NONE when absent (read as empty cells). */
#define FW_NCOLS 10

void nqpf_framework_free(nqpf_framework *fw)
{
    if (!fw)
        return;
    for (size_t k = 0; k < fw->n; k++)
        for (int f = 0; f < FW_NFIELDS; f++)
            free(fw->ind[k].f[f]);
    free(fw->ind);
    for (size_t k = 0; k < fw->ndim; k++)
        for (int f = 0; f < 3; f++)
            free(fw->dim[k].f[f]);
    free(fw->dim);
    free(fw->source);
    free(fw);
}

/* Copies s without leading and trailing blanks. */
static char *trimdup(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return nqpf__strndup(s, n);
}

/* Cell (@p i, @p j) whole: a text cell as stored (never cut to a buffer), a number formatted into
 * @p buf (a formatted double needs at most 32 bytes). */
static const char *cell_whole(const nqpf_table *t, size_t j, size_t i, char *buf, size_t bufsize)
{
    if (j == NQPF_NONE)
        return ""; /* an optional column the file does not have */
    if (nqpf_table_is_text(t, j)) {
        const char *v = nqpf_table_text(t, j, i);
        return v ? v : "";
    }
    return nqpf_table_cell_str(t, j, i, buf, bufsize);
}

static int check_path(const char *src, size_t row, const char *path)
{
    size_t n = strlen(path);
    if (n == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'path': expected a dimension path such as "
                                          "'laborers/skills', found an empty cell", src, row);
    if (path[0] == '/' || path[n - 1] == '/' || strstr(path, "//"))
        return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'path': empty dimension in '%s' (a path is "
                                          "names joined by '/')", src, row, path);
    return NQPF_OK;
}

/* A unit cell (unit, unit_zh, unit_en): at most FW_UNIT_MAX characters (UTF-8 code points) on one
 * line, so that it fits an axis title and a table cell. */
static int check_unit(const char *src, size_t row, const char *name, const char *v)
{
    size_t chars = 0, cut = 0;
    for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
        if (*c < 0x20 || *c == 0x7f)
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a unit on one line without control "
                                              "characters, found a line break or control character", src, row, name);
        if ((*c & 0xC0) != 0x80 && ++chars == 25)
            cut = (size_t)((const char *)c - v);
    }
    if (chars > FW_UNIT_MAX)
        return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a unit of at most %d characters (such "
                                          "as '%%', 'km per km2' or '万元/人'), found %zu characters ('%.*s...'); put "
                                          "explanations in label_zh/label_en", src, row, name, FW_UNIT_MAX, chars,
                              (int)cut, v);
    return NQPF_OK;
}

/* A dimension-label row: empty `column` and an empty or '-' `id` (an indicator always has a
 * column). Its path must be well formed, its direction, weight and unit empty, and it must carry a
 * label. Sets *is_dim and stores the row; errors name the file, row and column. */
static int dimension_row(nqpf_framework *fw, const nqpf_table *t, const size_t *col, size_t i, int *is_dim)
{
    char buf[64];
    const char *src = fw->source;
    *is_dim = 0;
    char *id = trimdup(cell_whole(t, col[1], i, buf, sizeof buf)), *column = id ? trimdup(cell_whole(t, col[4], i, buf, sizeof buf)) : NULL;
    if (!id || !column) {
        free(id);
        return NQPF_EINTERNAL;
    }
    int dim = !column[0] && (!id[0] || strcmp(id, "-") == 0);
    free(id);
    free(column);
    if (!dim)
        return NQPF_OK;
    size_t row = nqpf_table_src_row(t, i);
    static const int other[5] = {5, 6, 7, 8, 9}; /* unit, direction, weight, unit_zh, unit_en */
    static const char *const oname[5] = {"unit", "direction", "weight", "unit_zh", "unit_en"};
    for (int f = 0; f < 5; f++) {
        char *v = trimdup(cell_whole(t, col[other[f]], i, buf, sizeof buf));
        if (!v)
            return NQPF_EINTERNAL;
        int bad = v[0] != 0;
        int rc = bad ? nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected an empty cell on a dimension-label "
                                                  "row (empty id and column), found '%s' (an indicator needs an id and a "
                                                  "column)", src, row, oname[f], v)
                     : NQPF_OK;
        free(v);
        if (rc)
            return rc;
    }
    fw_dim *g = &fw->dim[fw->ndim];
    static const int fld[3] = {0, 2, 3}; /* path, label_zh, label_en */
    for (int f = 0; f < 3; f++)
        if (!(g->f[f] = trimdup(cell_whole(t, col[fld[f]], i, buf, sizeof buf)))) {
            for (int q = 0; q < f; q++)
                free(g->f[q]);
            return NQPF_EINTERNAL;
        }
    g->row = row;
    fw->ndim++;
    *is_dim = 1;
    int rc = check_path(src, row, g->f[0]);
    if (!rc && !g->f[1][0] && !g->f[2][0])
        rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'label_zh': expected a label for dimension '%s' in "
                                        "label_zh or label_en (a row with an empty id and column declares a "
                                        "dimension's labels), found both empty", src, row, g->f[0]);
    return rc;
}

int nqpf_framework_dimension_label(const nqpf_framework *fw, const char *path, const char *field, const char **out)
{
    *out = NULL;
    int f = strcmp(field, "label_zh") == 0 ? 1 : strcmp(field, "label_en") == 0 ? 2 : 0;
    if (!f)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_framework_dimension_label: expected field label_zh or label_en, "
                                           "found '%s'", field);
    for (size_t k = 0; k < fw->ndim; k++)
        if (strcmp(fw->dim[k].f[0], path) == 0) {
            *out = fw->dim[k].f[f][0] ? fw->dim[k].f[f] : NULL;
            break;
        }
    return NQPF_OK;
}

int nqpf_framework_from_table(nqpf_framework **out, const nqpf_table *t)
{
    *out = NULL;
    const char *src = nqpf_table_source(t);
    if (!src[0])
        src = "framework";
    size_t col[FW_NCOLS];
    static const char *const hdr[FW_NCOLS] = {"path", "id",        "label_zh", "label_en", "column",
                                              "unit", "direction", "weight",   "unit_zh",  "unit_en"};
    for (int f = 0; f < FW_NCOLS; f++) {
        col[f] = nqpf_table_find(t, hdr[f]);
        if (col[f] == NQPF_NONE && f < 8)
            return nqpf_error_set(NQPF_EDATA, "%s: no column '%s'; a framework's header is "
                                              "path,id,label_zh,label_en,column,unit,direction,weight", src, hdr[f]);
    }
    size_t n = nqpf_table_nrows(t);
    if (n == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: the framework has no indicators", src);
    nqpf_framework *fw = nqpf__calloc(1, sizeof *fw);
    if (!fw)
        return NQPF_EINTERNAL;
    int rc = NQPF_OK;
    if (!(fw->source = nqpf__strdup(src)) || !(fw->ind = nqpf__calloc(n, sizeof *fw->ind))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    char buf[64];
    if (!(fw->dim = nqpf__calloc(n, sizeof *fw->dim))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i0 = 0; i0 < n; i0++) {
        int is_dim = 0;
        if ((rc = dimension_row(fw, t, col, i0, &is_dim)))
            goto done;
        if (is_dim)
            continue;
        size_t i = fw->n;
        fw_ind *d = &fw->ind[i];
        fw->n = i + 1; /* counted before filling, so that a failure frees this row too */
        d->row = nqpf_table_src_row(t, i0);
        for (int f = 0; f < FW_NFIELDS; f++)
            if (!(d->f[f] = trimdup(cell_whole(t, col[f < 6 ? f : f + 2], i0, buf, sizeof buf)))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
        if ((rc = check_path(src, d->row, d->f[0])))
            goto done;
        for (int f = 5; f < FW_NFIELDS; f++)
            if ((rc = check_unit(src, d->row, fw_fields[f], d->f[f])))
                goto done;
        if (!d->f[1][0]) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'id': expected an indicator id, found an empty cell",
                                src, d->row);
            goto done;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(fw->ind[k].f[1], d->f[1]) == 0) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'id': duplicate indicator id '%s' (also row %zu)",
                                    src, d->row, d->f[1], fw->ind[k].row);
                goto done;
            }
        if (!d->f[4][0]) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'column': expected a data column or expression "
                                            "for indicator '%s', found an empty cell", src, d->row, d->f[1]);
            goto done;
        }
        char *dir = trimdup(cell_whole(t, col[6], i0, buf, sizeof buf));
        if (!dir) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        int ok = strcmp(dir, "+") == 0 || strcmp(dir, "-") == 0;
        d->dir = dir[0] == '-' ? -1 : 1;
        if (!ok)
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'direction': expected '+' or '-' for indicator "
                                            "'%s', found '%s'", src, d->row, d->f[1], dir);
        free(dir);
        if (rc)
            goto done;
        const char *ws = cell_whole(t, col[7], i0, buf, sizeof buf);
        d->weight = NAN;
        if (ws[0] && !(nqpf_parse_double(ws, &d->weight) && d->weight >= 0 && isfinite(d->weight))) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'weight': expected a non-negative number or an "
                                            "empty cell, found '%s'", src, d->row, ws);
            goto done;
        }
    }
    if (fw->n == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: the framework has no indicators (only dimension-label rows)", src);
        goto done;
    }
    /* A dimension-label row must name a dimension some indicator lies in, once. */
    for (size_t k = 0; k < fw->ndim; k++) {
        const fw_dim *g = &fw->dim[k];
        size_t l = strlen(g->f[0]);
        int found = 0;
        for (size_t i = 0; i < fw->n && !found; i++)
            found = strncmp(fw->ind[i].f[0], g->f[0], l) == 0 && (fw->ind[i].f[0][l] == 0 || fw->ind[i].f[0][l] == '/');
        if (!found) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'path': expected the path of a dimension that holds "
                                            "indicators, found '%s', which no indicator row names (check its spelling, "
                                            "or give the row a column to make it an indicator)", src, g->row, g->f[0]);
            goto done;
        }
        for (size_t q = 0; q < k; q++)
            if (strcmp(fw->dim[q].f[0], g->f[0]) == 0) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'path': expected one label row per dimension, "
                                                "found dimension '%s' again (also row %zu)", src, g->row, g->f[0],
                                    fw->dim[q].row);
                goto done;
            }
    }
    /* An indicator id that is also a dimension path would make two output columns of one name. */
    n = fw->n;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++) {
            const char *p = fw->ind[k].f[0], *id = fw->ind[i].f[1];
            size_t l = strlen(id);
            if (strncmp(p, id, l) == 0 && (p[l] == 0 || p[l] == '/') && !strchr(id, '/')) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'id': indicator id '%s' is also a dimension name",
                                    src, fw->ind[i].row, id);
                goto done;
            }
        }
done:
    if (rc)
        nqpf_framework_free(fw);
    else
        *out = fw;
    return rc;
}

int nqpf_framework_read(nqpf_framework **out, const char *path)
{
    *out = NULL;
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, path, NULL);
    if (rc == NQPF_EDATA && !nqpf__ends_with_ci(path, ".xlsx") && !nqpf__ends_with_ci(path, ".xls")) {
        /* A text framework whose first line is not the header was read with an indicator as the
         * header ("duplicate column name"): say what the first line must be. */
        FILE *f = fopen(path, "rb");
        char line[512] = "";
        if (f) {
            if (!fgets(line, sizeof line, f))
                line[0] = 0;
            fclose(f);
        }
        const unsigned char *u = (const unsigned char *)line;
        const char *l = u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? line + 3 : line;
        size_t n = strcspn(l, "\r\n");
        if (f && strncmp(l, "path", 4) != 0 && strncmp(l, "\"path\"", 6) != 0)
            return nqpf_error_set(NQPF_EDATA, "%s: row 1: expected the header path,id,label_zh,label_en,column,unit,"
                                              "direction,weight, found '%.*s' (a framework file starts with its "
                                              "header row; add it)", nqpf__basename(path), (int)(n > 120 ? 120 : n), l);
    }
    if (rc)
        return rc;
    rc = nqpf_framework_from_table(out, t);
    nqpf_table_free(t);
    return rc;
}

size_t nqpf_framework_count(const nqpf_framework *fw) { return fw->n; }

const char *nqpf_framework_field(const nqpf_framework *fw, size_t k, const char *field)
{
    for (int f = 0; f < FW_NFIELDS; f++)
        if (strcmp(field, fw_fields[f]) == 0)
            return fw->ind[k].f[f];
    return NULL;
}

int nqpf_framework_direction(const nqpf_framework *fw, size_t k) { return fw->ind[k].dir; }

double nqpf_framework_weight(const nqpf_framework *fw, size_t k) { return fw->ind[k].weight; }

/* Internal: the framework file and the spreadsheet row of indicator k, for messages. */
const char *nqpf_framework__source(const nqpf_framework *fw) { return fw->source; }
size_t nqpf_framework__row(const nqpf_framework *fw, size_t k) { return fw->ind[k].row; }

int nqpf_framework_check(const nqpf_framework *fw, const nqpf_panel *p)
{
    const nqpf_table *t = nqpf_panel_table(p);
    for (size_t k = 0; k < fw->n; k++) {
        const fw_ind *d = &fw->ind[k];
        if (nqpf_table_find(t, d->f[4]) != NQPF_NONE)
            continue;
        nqpf_expr *e = NULL;
        int rc = nqpf_expr_parse(&e, d->f[4]);
        if (rc)
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'column': '%s' is neither a column of %s nor a "
                                              "valid expression (%s)", fw->source, d->row, d->f[4],
                                  nqpf_table_source(t), nqpf_error_message());
        for (size_t c = 0; c < nqpf_expr_ncolumns(e); c++)
            if (nqpf_table_find(t, nqpf_expr_column(e, c)) == NQPF_NONE) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'column': unknown data column '%s' for "
                                                "indicator '%s' (not in %s)", fw->source, d->row,
                                    nqpf_expr_column(e, c), d->f[1], nqpf_table_source(t));
                break;
            }
        nqpf_expr_free(e);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}
