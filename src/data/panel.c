#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "expr_internal.h"
#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "../util/util.h"

struct nqpf_panel {
    nqpf_table *t;
    char *id_col, *time_col;
    size_t nobs;
    long *time;
    size_t *unit;
    size_t nunits;
    char **unit_names;
    size_t *ubegin; /* nunits + 1 */
    long *times;
    size_t ntimes;
    /* Numbers parsed from text columns whose every cell is numeric (codes like "000001" are kept
     * as text by the reader but may still be used as numbers). */
    char **cache_names;
    double **cache_values;
    size_t ncache;
};

static void cache_clear(nqpf_panel *p)
{
    for (size_t k = 0; k < p->ncache; k++) {
        free(p->cache_names[k]);
        free(p->cache_values[k]);
    }
    free(p->cache_names);
    free(p->cache_values);
    p->cache_names = NULL;
    p->cache_values = NULL;
    p->ncache = 0;
}

typedef struct keyrow {
    const char *id;
    long time;
    size_t row;
} keyrow;

static int cmp_keyrow(const void *a, const void *b)
{
    const keyrow *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->row < y->row ? -1 : (x->row > y->row);
}

typedef struct group {
    size_t first_row; /* first appearance in the input */
    size_t begin, end; /* range in the sorted key array */
} group;

static int cmp_group(const void *a, const void *b)
{
    const group *x = a, *y = b;
    return x->first_row < y->first_row ? -1 : (x->first_row > y->first_row);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : (x > y);
}

static void panel_clear_index(nqpf_panel *p)
{
    free(p->time);
    free(p->unit);
    if (p->unit_names)
        for (size_t u = 0; u < p->nunits; u++)
            free(p->unit_names[u]);
    free(p->unit_names);
    free(p->ubegin);
    free(p->times);
    p->time = NULL;
    p->unit = NULL;
    p->unit_names = NULL;
    p->ubegin = NULL;
    p->times = NULL;
    p->nunits = p->ntimes = p->nobs = 0;
}

void nqpf_panel_free(nqpf_panel *p)
{
    if (!p)
        return;
    panel_clear_index(p);
    cache_clear(p);
    nqpf_table_free(p->t);
    free(p->id_col);
    free(p->time_col);
    free(p);
}

/* Sorts the table by (unit in first-appearance order, time) and builds the index. Takes ownership
 * of t (stored in p->t on success, freed on failure). */
static int panel_index(nqpf_panel *p, nqpf_table *t)
{
    int rc = NQPF_OK;
    size_t n = nqpf_table_nrows(t);
    const char *src = nqpf_table_source(t);
    keyrow *keys = NULL;
    char **idbuf = NULL;
    group *groups = NULL;
    size_t *order = NULL;
    nqpf_table *sorted = NULL;
    size_t ngroups = 0;

    size_t jid = nqpf_table_find(t, p->id_col), jt = nqpf_table_find(t, p->time_col);
    if (jid == NQPF_NONE) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: id column '%s' not found", src, p->id_col);
        goto done;
    }
    if (jt == NQPF_NONE) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: time column '%s' not found", src, p->time_col);
        goto done;
    }
    if (n == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: no data rows", src);
        goto done;
    }
    keys = nqpf__malloc(n, sizeof *keys);
    idbuf = nqpf__calloc(n, sizeof *idbuf);
    if (!keys || !idbuf) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    const double *tnum = nqpf_table_cnum(t, jt);
    for (size_t i = 0; i < n; i++) {
        size_t srow = nqpf_table_src_row(t, i);
        const char *id;
        char nb[40];
        if (nqpf_table_is_text(t, jid)) {
            id = nqpf_table_text(t, jid, i);
        } else {
            double v = nqpf_table_cnum(t, jid)[i];
            id = isnan(v) ? NULL : nqpf_format_double(v, nb, sizeof nb);
        }
        if (!id || !*id) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected an id, found an empty cell",
                                src, srow, p->id_col);
            goto done;
        }
        if (!(idbuf[i] = nqpf__strdup(id))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        double tv;
        if (nqpf_table_is_text(t, jt)) {
            const char *s = nqpf_table_text(t, jt, i);
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s: row %zu, column '%s': expected an integer year, found '%s'", src, srow,
                                p->time_col, s ? s : "");
            if (!s || !nqpf_parse_double(s, &tv))
                goto done;
            rc = NQPF_OK;
            nqpf_error_clear();
        } else {
            tv = tnum[i];
        }
        if (isnan(tv)) {
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s: row %zu, column '%s': expected an integer year, found an empty cell", src,
                                srow, p->time_col);
            goto done;
        }
        if (tv != floor(tv) || fabs(tv) > 1e9) {
            char b[40];
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected an integer year, found '%s'",
                                src, srow, p->time_col, nqpf_format_double(tv, b, sizeof b));
            goto done;
        }
        keys[i].id = idbuf[i];
        keys[i].time = (long)tv;
        keys[i].row = i;
    }
    qsort(keys, n, sizeof *keys, cmp_keyrow);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(keys[i].id, keys[i - 1].id) == 0 && keys[i].time == keys[i - 1].time) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: rows %zu and %zu: duplicate (%s, %s) key (%s, %ld)", src,
                                nqpf_table_src_row(t, keys[i - 1].row), nqpf_table_src_row(t, keys[i].row),
                                p->id_col, p->time_col, keys[i].id, keys[i].time);
            goto done;
        }
    }
    groups = nqpf__malloc(n, sizeof *groups);
    if (!groups) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(keys[i].id, keys[i - 1].id) != 0) {
            groups[ngroups].begin = i;
            groups[ngroups].first_row = keys[i].row;
            ngroups++;
        } else if (keys[i].row < groups[ngroups - 1].first_row) {
            groups[ngroups - 1].first_row = keys[i].row;
        }
        groups[ngroups - 1].end = i + 1;
    }
    qsort(groups, ngroups, sizeof *groups, cmp_group);

    order = nqpf__malloc(n, sizeof *order);
    p->time = nqpf__malloc(n, sizeof *p->time);
    p->unit = nqpf__malloc(n, sizeof *p->unit);
    p->unit_names = nqpf__calloc(ngroups, sizeof *p->unit_names);
    p->ubegin = nqpf__malloc(ngroups + 1, sizeof *p->ubegin);
    p->times = nqpf__malloc(n, sizeof *p->times);
    if (!order || !p->time || !p->unit || !p->unit_names || !p->ubegin || !p->times) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    p->nunits = ngroups;
    size_t k = 0;
    for (size_t g = 0; g < ngroups; g++) {
        p->ubegin[g] = k;
        if (!(p->unit_names[g] = nqpf__strdup(keys[groups[g].begin].id))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = groups[g].begin; i < groups[g].end; i++, k++) {
            order[k] = keys[i].row;
            p->time[k] = keys[i].time;
            p->unit[k] = g;
            p->times[k] = keys[i].time;
        }
    }
    p->ubegin[ngroups] = n;
    p->nobs = n;
    qsort(p->times, n, sizeof *p->times, cmp_long);
    size_t nt = 0;
    for (size_t i = 0; i < n; i++)
        if (nt == 0 || p->times[nt - 1] != p->times[i])
            p->times[nt++] = p->times[i];
    p->ntimes = nt;

    sorted = nqpf_table_select_rows(t, order, n);
    if (!sorted) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    nqpf_table_free(t);
    t = NULL;
    p->t = sorted;
    sorted = NULL;
done:
    if (rc != NQPF_OK)
        panel_clear_index(p);
    if (idbuf)
        for (size_t i = 0; i < n; i++)
            free(idbuf[i]);
    free(idbuf);
    free(keys);
    free(groups);
    free(order);
    nqpf_table_free(sorted);
    nqpf_table_free(t);
    return rc;
}

int nqpf_panel_new(nqpf_panel **out, nqpf_table *t, const char *id_col, const char *time_col)
{
    *out = NULL;
    nqpf_panel *p = nqpf__calloc(1, sizeof *p);
    if (!p) {
        nqpf_table_free(t);
        return NQPF_EINTERNAL;
    }
    p->id_col = nqpf__strdup(id_col);
    p->time_col = nqpf__strdup(time_col);
    if (!p->id_col || !p->time_col) {
        nqpf_table_free(t);
        nqpf_panel_free(p);
        return NQPF_EINTERNAL;
    }
    int rc = panel_index(p, t);
    if (rc != NQPF_OK) {
        nqpf_panel_free(p);
        return rc;
    }
    *out = p;
    return NQPF_OK;
}

const nqpf_table *nqpf_panel_table(const nqpf_panel *p) { return p->t; }
nqpf_table *nqpf_panel_table_mut(nqpf_panel *p) { return p->t; }
size_t nqpf_panel_nobs(const nqpf_panel *p) { return p->nobs; }
size_t nqpf_panel_nunits(const nqpf_panel *p) { return p->nunits; }
size_t nqpf_panel_unit(const nqpf_panel *p, size_t i) { return p->unit[i]; }
const char *nqpf_panel_unit_name(const nqpf_panel *p, size_t u) { return p->unit_names[u]; }
size_t nqpf_panel_unit_begin(const nqpf_panel *p, size_t u) { return p->ubegin[u]; }
size_t nqpf_panel_unit_end(const nqpf_panel *p, size_t u) { return p->ubegin[u + 1]; }
long nqpf_panel_time(const nqpf_panel *p, size_t i) { return p->time[i]; }
const char *nqpf_panel_id_col(const nqpf_panel *p) { return p->id_col; }
const char *nqpf_panel_time_col(const nqpf_panel *p) { return p->time_col; }

const long *nqpf_panel_times(const nqpf_panel *p, size_t *n)
{
    *n = p->ntimes;
    return p->times;
}

size_t nqpf_panel_time_index(const nqpf_panel *p, long t)
{
    size_t lo = 0, hi = p->ntimes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->times[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < p->ntimes && p->times[lo] == t) ? lo : NQPF_NONE;
}

size_t nqpf_panel_find(const nqpf_panel *p, size_t u, long t)
{
    size_t lo = p->ubegin[u], hi = p->ubegin[u + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->time[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < p->ubegin[u + 1] && p->time[lo] == t) ? lo : NQPF_NONE;
}

size_t nqpf_panel_prev(const nqpf_panel *p, size_t i)
{
    size_t u = p->unit[i];
    return (i > p->ubegin[u] && p->time[i - 1] == p->time[i] - 1) ? i - 1 : NQPF_NONE;
}

size_t nqpf_panel_next(const nqpf_panel *p, size_t i)
{
    size_t u = p->unit[i];
    return (i + 1 < p->ubegin[u + 1] && p->time[i + 1] == p->time[i] + 1) ? i + 1 : NQPF_NONE;
}

const char *nqpf_panel_where(const nqpf_panel *p, size_t i, char *buf, size_t bufsize)
{
    snprintf(buf, bufsize, "%s: row %zu", nqpf_table_source(p->t), nqpf_table_src_row(p->t, i));
    return buf;
}

static int column_not_found(const nqpf_panel *p, const char *name)
{
    nqpf__buf b = NQPF__BUF_INIT;
    size_t nc = nqpf_table_ncols(p->t);
    for (size_t j = 0; j < nc && j < 15; j++)
        nqpf__buf_printf(&b, "%s%s", j ? ", " : "", nqpf_table_colname(p->t, j));
    if (nc > 15)
        nqpf__buf_printf(&b, ", ... (%zu in all)", nc);
    int rc = nqpf_error_set(NQPF_EDATA, "%s: column '%s' not found; columns are: %s", nqpf_table_source(p->t),
                            name, nqpf__buf_cstr(&b));
    nqpf__buf_free(&b);
    return rc;
}

int nqpf_panel_column(const nqpf_panel *p, const char *name, const double **out)
{
    size_t j = nqpf_table_find(p->t, name);
    if (j == NQPF_NONE)
        return column_not_found(p, name);
    if (nqpf_table_is_text(p->t, j)) {
        for (size_t k = 0; k < p->ncache; k++)
            if (strcmp(p->cache_names[k], name) == 0) {
                *out = p->cache_values[k];
                return NQPF_OK;
            }
        double *vals = nqpf__malloc(p->nobs, sizeof *vals);
        if (!vals)
            return NQPF_EINTERNAL;
        for (size_t i = 0; i < p->nobs; i++) {
            const char *s = nqpf_table_text(p->t, j, i);
            vals[i] = NAN;
            if (s && *s && !nqpf_parse_double(s, &vals[i])) {
                char w[512];
                free(vals);
                return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a number, found '%s'",
                                      nqpf_panel_where(p, i, w, sizeof w), name, s);
            }
        }
        /* The cache grows by one entry per distinct column: cheap, and freed with the panel. */
        nqpf_panel *mp = (nqpf_panel *)p;
        char **nn = nqpf__realloc(mp->cache_names, mp->ncache + 1, sizeof *nn);
        if (nn)
            mp->cache_names = nn;
        double **nv = nn ? nqpf__realloc(mp->cache_values, mp->ncache + 1, sizeof *nv) : NULL;
        if (nv)
            mp->cache_values = nv;
        char *copy = nv ? nqpf__strdup(name) : NULL;
        if (!copy) {
            free(vals);
            return NQPF_EINTERNAL;
        }
        mp->cache_names[mp->ncache] = copy;
        mp->cache_values[mp->ncache] = vals;
        mp->ncache++;
        *out = vals;
        return NQPF_OK;
    }
    *out = nqpf_table_cnum(p->t, j);
    return NQPF_OK;
}

int nqpf_panel_require(const nqpf_panel *p, const char *name, unsigned flags, const size_t *obs, size_t nobs,
                       const char *purpose, const double **out)
{
    const double *v;
    int rc = nqpf_panel_column(p, name, &v);
    if (rc != NQPF_OK)
        return rc;
    size_t n = obs ? nobs : p->nobs;
    for (size_t k = 0; k < n; k++) {
        size_t i = obs ? obs[k] : k;
        char w[512], b[40];
        if (isnan(v[i])) {
            if (flags & NQPF_REQ_COMPLETE)
                return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a value (%s), found an empty cell",
                                      nqpf_panel_where(p, i, w, sizeof w), name, purpose ? purpose : "required");
            continue;
        }
        if ((flags & NQPF_REQ_POSITIVE) && !(v[i] > 0))
            return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a positive number (%s), found %s",
                                  nqpf_panel_where(p, i, w, sizeof w), name, purpose ? purpose : "required",
                                  nqpf_format_double(v[i], b, sizeof b));
        if ((flags & NQPF_REQ_NONNEG) && !(v[i] >= 0))
            return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a non-negative number (%s), found %s",
                                  nqpf_panel_where(p, i, w, sizeof w), name, purpose ? purpose : "required",
                                  nqpf_format_double(v[i], b, sizeof b));
    }
    *out = v;
    return NQPF_OK;
}

int nqpf_panel_let(nqpf_panel *p, const char *assignment)
{
    /* The expression reads the panel (lag, lead, the cache of numbers from text columns); only
     * afterwards may the cache go: the column it replaces may have been cached. */
    int rc = nqpf__expr_let(p, p->t, assignment);
    cache_clear(p);
    return rc;
}

int nqpf_panel_filter(nqpf_panel *p, const char *where, long from, long to)
{
    int rc = NQPF_OK;
    nqpf_expr *e = NULL;
    double *vals = NULL;
    size_t *keep = NULL, nkeep = 0;
    if (where) {
        if ((rc = nqpf_expr_parse(&e, where)) != NQPF_OK) {
            nqpf_opt_error(rc, "where", "%s", nqpf_error_message());
            goto done;
        }
        if (!(vals = nqpf__malloc(p->nobs, sizeof *vals))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        if ((rc = nqpf_expr_eval(e, p, vals)) != NQPF_OK) {
            nqpf_opt_error(rc, "where", "%s", nqpf_error_message());
            goto done;
        }
    }
    if (!(keep = nqpf__malloc(p->nobs, sizeof *keep))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < p->nobs; i++) {
        if (p->time[i] < from || p->time[i] > to)
            continue;
        if (vals && (isnan(vals[i]) || vals[i] == 0))
            continue;
        keep[nkeep++] = i;
    }
    if (nkeep == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: no rows left after the sample restriction (where, from, to)", nqpf_table_source(p->t));
        goto done;
    }
    if (nkeep < p->nobs) {
        nqpf_table *t = nqpf_table_select_rows(p->t, keep, nkeep);
        if (!t) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        nqpf_table_free(p->t);
        p->t = NULL;
        panel_clear_index(p);
        cache_clear(p);
        rc = panel_index(p, t);
    }
done:
    nqpf_expr_free(e);
    free(vals);
    free(keep);
    return rc;
}

nqpf_table *nqpf_panel_result_new(const nqpf_panel *p, const size_t *obs, size_t n)
{
    if (!obs)
        n = p->nobs;
    nqpf_table *r = nqpf_table_new(n);
    double *tv = nqpf__malloc(n, sizeof *tv);
    const char **ids = nqpf__malloc(n, sizeof *ids);
    if (!r || !tv || !ids)
        goto fail;
    for (size_t k = 0; k < n; k++) {
        size_t i = obs ? obs[k] : k;
        ids[k] = p->unit_names[p->unit[i]];
        tv[k] = (double)p->time[i];
    }
    if (nqpf_table_add_text(r, p->id_col, ids, NULL) != NQPF_OK ||
        nqpf_table_add_num(r, p->time_col, tv, NULL) != NQPF_OK)
        goto fail;
    nqpf_table_set_source(r, nqpf_table_source(p->t));
    for (size_t k = 0; k < n; k++)
        nqpf_table_set_src_row(r, k, nqpf_table_src_row(p->t, obs ? obs[k] : k));
    free(tv);
    free(ids);
    return r;
fail:
    free(tv);
    free(ids);
    nqpf_table_free(r);
    return NULL;
}
