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

typedef struct fw_ind {
    char *f[6]; /* path, id, label_zh, label_en, column, unit */
    int dir;
    double weight;
    size_t row; /* spreadsheet row in the framework file */
} fw_ind;

struct nqpf_framework {
    char *source;
    fw_ind *ind;
    size_t n;
};

static const char *const fw_fields[6] = {"path", "id", "label_zh", "label_en", "column", "unit"};

void nqpf_framework_free(nqpf_framework *fw)
{
    if (!fw)
        return;
    for (size_t k = 0; k < fw->n; k++)
        for (int f = 0; f < 6; f++)
            free(fw->ind[k].f[f]);
    free(fw->ind);
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

int nqpf_framework_from_table(nqpf_framework **out, const nqpf_table *t)
{
    *out = NULL;
    const char *src = nqpf_table_source(t);
    if (!src[0])
        src = "framework";
    size_t col[8];
    static const char *const hdr[8] = {"path", "id", "label_zh", "label_en", "column", "unit", "direction", "weight"};
    for (int f = 0; f < 8; f++) {
        col[f] = nqpf_table_find(t, hdr[f]);
        if (col[f] == NQPF_NONE)
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
    for (size_t i = 0; i < n; i++) {
        fw_ind *d = &fw->ind[i];
        fw->n = i + 1; /* counted before filling, so that a failure frees this row too */
        d->row = nqpf_table_src_row(t, i);
        for (int f = 0; f < 6; f++)
            if (!(d->f[f] = trimdup(cell_whole(t, col[f], i, buf, sizeof buf)))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
        if ((rc = check_path(src, d->row, d->f[0])))
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
        char *dir = trimdup(cell_whole(t, col[6], i, buf, sizeof buf));
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
        const char *ws = cell_whole(t, col[7], i, buf, sizeof buf);
        d->weight = NAN;
        if (ws[0] && !(nqpf_parse_double(ws, &d->weight) && d->weight >= 0 && isfinite(d->weight))) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'weight': expected a non-negative number or an "
                                            "empty cell, found '%s'", src, d->row, ws);
            goto done;
        }
    }
    /* An indicator id that is also a dimension path would make two output columns of one name. */
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
    if (rc)
        return rc;
    rc = nqpf_framework_from_table(out, t);
    nqpf_table_free(t);
    return rc;
}

size_t nqpf_framework_count(const nqpf_framework *fw) { return fw->n; }

const char *nqpf_framework_field(const nqpf_framework *fw, size_t k, const char *field)
{
    for (int f = 0; f < 6; f++)
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
