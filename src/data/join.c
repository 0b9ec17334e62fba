/* Data plumbing (include/nqpf/join.h): cell as key text, key indexes, left joins, id -> group maps
 * and period bucketing. Written once here so that the CLI, study files and every method agree on
 * duplicate keys, numeric codes and missing cells. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/error.h"
#include "nqpf/io.h"
#include "nqpf/join.h"
#include "nqpf/options.h"
#include "util/util.h"
#include "region/gazetteer_internal.h"

const char *nqpf_cell_text(const nqpf_table *t, size_t j, size_t i, char *buf, size_t bufsize)
{
    if (nqpf_table_is_text(t, j)) {
        const char *v = nqpf_table_text(t, j, i);
        return v && *v ? v : NULL;
    }
    double x = nqpf_table_cnum(t, j)[i];
    /* The shortest round-trip form: integers print without ".0", as panel ids from numbers do. */
    return isnan(x) ? NULL : nqpf_format_double(x, buf, bufsize);
}

/* ---- key index ------------------------------------------------------------------------------ */

typedef struct kentry {
    char *key;
    long time;
    size_t row;
} kentry;

struct nqpf_keyindex {
    kentry *e;
    size_t n;
    int timed;
};

static int cmp_kentry(const void *a, const void *b)
{
    const kentry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    /* Equal keys stay in row order, so the first occurrence comes first. */
    return x->row < y->row ? -1 : x->row > y->row;
}

void nqpf_keyindex_free(nqpf_keyindex *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        free(k->e[i].key);
    free(k->e);
    free(k);
}

/* The integer time of row i: 1 when present, 0 when missing, an error when not an integer. */
static int row_time(const nqpf_table *t, size_t j, size_t i, long *out, int *rc)
{
    char buf[NQPF_CELL_TEXT_SIZE];
    const char *s = nqpf_cell_text(t, j, i, buf, sizeof buf);
    double v;
    *rc = NQPF_OK;
    if (!s)
        return 0;
    if (!nqpf_parse_double(s, &v) || v != floor(v) || fabs(v) > 1e15) {
        *rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected an integer time, found '%s'",
                             nqpf_table_source(t), nqpf_table_src_row(t, i), nqpf_table_colname(t, j), s);
        return 0;
    }
    *out = (long)v;
    return 1;
}

/* Sorts the entries and returns the repeated key that comes first in the table (the earliest second
 * occurrence), with its first occurrence in *first; NQPF_NONE when every key is unique. */
static size_t sort_find_repeat(nqpf_keyindex *k, size_t *first)
{
    size_t worst = NQPF_NONE;
    qsort(k->e, k->n, sizeof *k->e, cmp_kentry);
    *first = 0;
    for (size_t i = 1; i < k->n; i++)
        if (strcmp(k->e[i].key, k->e[i - 1].key) == 0 && k->e[i].time == k->e[i - 1].time) {
            size_t f = i - 1;
            while (f > 0 && strcmp(k->e[f - 1].key, k->e[i].key) == 0 && k->e[f - 1].time == k->e[i].time)
                f--;
            if (worst == NQPF_NONE || k->e[i].row < k->e[worst].row)
                worst = i, *first = f;
        }
    return worst;
}

static nqpf_keyindex *keyindex_alloc(size_t m, int timed)
{
    nqpf_keyindex *k = nqpf__calloc(1, sizeof *k);
    if (!k || !(k->e = nqpf__calloc(m ? m : 1, sizeof *k->e))) {
        free(k);
        return NULL;
    }
    k->timed = timed;
    return k;
}

int nqpf_keyindex_new(nqpf_keyindex **out, const nqpf_table *t, size_t key_col, size_t time_col)
{
    *out = NULL;
    size_t m = nqpf_table_nrows(t);
    nqpf_keyindex *k = keyindex_alloc(m, time_col != NQPF_NONE);
    if (!k)
        return NQPF_EINTERNAL;
    int rc = NQPF_OK;
    for (size_t i = 0; i < m; i++) {
        char buf[NQPF_CELL_TEXT_SIZE];
        const char *key = nqpf_cell_text(t, key_col, i, buf, sizeof buf);
        long tm = 0;
        if (!key)
            continue;
        if (k->timed && !row_time(t, time_col, i, &tm, &rc)) {
            if (rc)
                goto fail;
            continue;
        }
        if (!(k->e[k->n].key = nqpf__strdup(key))) {
            rc = NQPF_EINTERNAL;
            goto fail;
        }
        k->e[k->n].time = tm;
        k->e[k->n++].row = i;
    }
    size_t first, worst = sort_find_repeat(k, &first);
    if (worst != NQPF_NONE) {
        const kentry *d = &k->e[worst];
        if (k->timed)
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: id '%s' and %s %ld appear again (first in row %zu)",
                                nqpf_table_source(t), nqpf_table_src_row(t, d->row), d->key,
                                nqpf_table_colname(t, time_col), d->time, nqpf_table_src_row(t, k->e[first].row));
        else
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': '%s' appears again (first in row %zu)",
                                nqpf_table_source(t), nqpf_table_src_row(t, d->row), nqpf_table_colname(t, key_col),
                                d->key, nqpf_table_src_row(t, k->e[first].row));
        goto fail;
    }
    *out = k;
    return NQPF_OK;
fail:
    nqpf_keyindex_free(k);
    return rc;
}

int nqpf_keyindex_strings(nqpf_keyindex **out, const char *const *keys, size_t n, const char *what)
{
    *out = NULL;
    nqpf_keyindex *k = keyindex_alloc(n, 0);
    if (!k)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        if (!keys[i] || !*keys[i])
            continue;
        if (!(k->e[k->n].key = nqpf__strdup(keys[i]))) {
            nqpf_keyindex_free(k);
            return NQPF_EINTERNAL;
        }
        k->e[k->n++].row = i;
    }
    size_t first, worst = sort_find_repeat(k, &first);
    if (worst != NQPF_NONE) {
        if (!what)
            what = "keys";
        int rc = nqpf_error_set(NQPF_EDATA, "%s[%zu]: '%s' appears again (first in %s[%zu])", what, k->e[worst].row,
                                k->e[worst].key, what, k->e[first].row);
        nqpf_keyindex_free(k);
        return rc;
    }
    *out = k;
    return NQPF_OK;
}

size_t nqpf_keyindex_find(const nqpf_keyindex *k, const char *key, long time)
{
    if (!k || !key)
        return NQPF_NONE;
    kentry probe = {(char *)key, k->timed ? time : 0, 0};
    size_t lo = 0, hi = k->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(k->e[mid].key, probe.key);
        if (c == 0 && k->e[mid].time != probe.time)
            c = k->e[mid].time < probe.time ? -1 : 1;
        if (c == 0)
            return k->e[mid].row;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NQPF_NONE;
}

/* ---- left join ------------------------------------------------------------------------------ */

int nqpf_panel_join(nqpf_panel *p, const nqpf_table *t, const char *key, const char *time, const char *const *cols,
                    const char *const *as, size_t n)
{
    nqpf_table *pt = nqpf_panel_table_mut(p);
    const char *kname = key ? key : nqpf_panel_id_col(p);
    size_t jk = nqpf_table_find(t, kname), jt = time ? nqpf_table_find(t, time) : NQPF_NONE;
    if (jk == NQPF_NONE || (time && jt == NQPF_NONE))
        return nqpf_error_set(NQPF_EDATA, "column '%s' not found in %s", jk == NQPF_NONE ? kname : time,
                              nqpf_table_source(t));
    for (size_t c = 0; c < n; c++) {
        const char *name = as && as[c] ? as[c] : cols[c];
        if (nqpf_table_find(t, cols[c]) == NQPF_NONE)
            return nqpf_error_set(NQPF_EDATA, "column '%s' not found in %s", cols[c], nqpf_table_source(t));
        if (nqpf_table_find(pt, name) != NQPF_NONE)
            return nqpf_error_set(NQPF_EUSAGE, "column '%s' is in both %s and %s; rename one of them", name,
                                  nqpf_table_source(pt), nqpf_table_source(t));
    }
    nqpf_keyindex *k = NULL;
    size_t nobs = nqpf_panel_nobs(p);
    size_t *row = nqpf__malloc(nobs ? nobs : 1, sizeof *row);
    double *v = nqpf__malloc(nobs ? nobs : 1, sizeof *v);
    const char **s = nqpf__calloc(nobs ? nobs : 1, sizeof *s);
    int rc = row && v && s ? nqpf_keyindex_new(&k, t, jk, jt) : NQPF_EINTERNAL;
    for (size_t i = 0; rc == NQPF_OK && i < nobs; i++)
        row[i] = nqpf_keyindex_find(k, nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)), nqpf_panel_time(p, i));
    for (size_t c = 0; rc == NQPF_OK && c < n; c++) {
        size_t j = nqpf_table_find(t, cols[c]);
        const char *name = as && as[c] ? as[c] : cols[c];
        if (nqpf_table_is_text(t, j)) {
            for (size_t i = 0; i < nobs; i++)
                s[i] = row[i] == NQPF_NONE ? NULL : nqpf_table_text(t, j, row[i]);
            rc = nqpf_table_add_text(pt, name, s, NULL);
        } else {
            const double *x = nqpf_table_cnum(t, j);
            for (size_t i = 0; i < nobs; i++)
                v[i] = row[i] == NQPF_NONE ? NAN : x[row[i]];
            rc = nqpf_table_add_num(pt, name, v, NULL);
        }
    }
    nqpf_keyindex_free(k);
    free(row);
    free(v);
    free((void *)s);
    return rc;
}

/* ---- id -> group maps ----------------------------------------------------------------------- */

typedef struct gentry {
    char *id, *group, *where;
} gentry;

struct nqpf_groupmap {
    gentry *e;
    size_t n, cap;
    int sorted;
    char *source;
    /* gazetteer fallback (src/region/gazetteer.c), built on first need: the division each entry's id
     * names, read at the level of the map's ids */
    const nqpf_division **gdiv;
    int gready;
};

int nqpf_groupmap_new(nqpf_groupmap **out)
{
    *out = nqpf__calloc(1, sizeof **out);
    if (!*out)
        return NQPF_EINTERNAL;
    (*out)->sorted = 1;
    return NQPF_OK;
}

void nqpf_groupmap_free(nqpf_groupmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->e[i].id);
        free(m->e[i].group);
        free(m->e[i].where);
    }
    free(m->e);
    free(m->source);
    free((void *)m->gdiv);
    free(m);
}

static int push_group(nqpf_groupmap *m, const char *id, const char *group, const char *where)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        gentry *ne = nqpf__realloc(m->e, cap, sizeof *ne);
        if (!ne)
            return NQPF_EINTERNAL;
        m->e = ne;
        m->cap = cap;
    }
    gentry *g = &m->e[m->n];
    g->id = nqpf__strdup(id);
    g->group = nqpf__strdup(group);
    g->where = where ? nqpf__strdup(where) : NULL;
    if (!g->id || !g->group || (where && !g->where)) {
        free(g->id), free(g->group), free(g->where);
        return NQPF_EINTERNAL;
    }
    m->n++;
    m->sorted = m->n < 2 || (m->sorted && strcmp(m->e[m->n - 2].id, id) < 0);
    m->gready = 0;
    return NQPF_OK;
}

static int cmp_gentry(const void *a, const void *b) { return strcmp(((const gentry *)a)->id, ((const gentry *)b)->id); }

int nqpf_groupmap_add(nqpf_groupmap *m, const char *id, const char *group, const char *where)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->e[i].id, id) == 0)
            return nqpf_error_set(NQPF_EDATA, "%s: '%s' appears again (first in %s)", where ? where : "group map", id,
                                  m->e[i].where ? m->e[i].where : "the map");
    return push_group(m, id, group, where);
}

static const char *find_exact(const nqpf_groupmap *m, const char *id)
{
    if (!m->sorted) {
        /* Sorting once is invisible to callers: the map's contents do not change. */
        nqpf_groupmap *mm = (nqpf_groupmap *)m;
        qsort(mm->e, mm->n, sizeof *mm->e, cmp_gentry);
        mm->sorted = 1;
        mm->gready = 0;
    }
    gentry probe = {(char *)id, NULL, NULL};
    const gentry *g = bsearch(&probe, m->e, m->n, sizeof *m->e, cmp_gentry);
    return g ? g->group : NULL;
}

/* The gazetteer fallback: @p id read at @p level (NQPF_GAZ_ANY: the level of the map's ids) names a
 * division; the entry naming the same division gives the group, else the entry naming its province
 * (a city takes its province's group when the map has no row for the city). */
static const char *find_gazetteer(const nqpf_groupmap *m, const char *id, int level)
{
    nqpf_groupmap *mm = (nqpf_groupmap *)m;
    if (!mm->gready) {
        const char **ids = nqpf__malloc(m->n ? m->n : 1, sizeof *ids);
        const nqpf_division **d = nqpf__realloc((void *)mm->gdiv, m->n ? m->n : 1, sizeof *d);
        if (!ids || !d) {
            free(ids);
            if (d)
                mm->gdiv = d;
            return NULL;
        }
        mm->gdiv = d;
        for (size_t i = 0; i < m->n; i++)
            ids[i] = m->e[i].id;
        int mlevel = nqpf__gaz_majority(ids, m->n), amb;
        for (size_t i = 0; i < m->n; i++)
            d[i] = nqpf__gaz_resolve(ids[i], mlevel, &amb);
        free(ids);
        mm->gready = 1;
    }
    int amb;
    const nqpf_division *want = nqpf__gaz_resolve(id, level, &amb);
    if (!want)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (m->gdiv[i] == want)
            return m->e[i].group;
    for (size_t i = 0; want->parent && i < m->n; i++)
        if (m->gdiv[i] && m->gdiv[i]->code == want->parent)
            return m->e[i].group;
    return NULL;
}

const char *nqpf_groupmap_find(const nqpf_groupmap *m, const char *id)
{
    if (!m || !id)
        return NULL;
    const char *g = find_exact(m, id);
    return g ? g : find_gazetteer(m, id, NQPF_GAZ_ANY);
}

const char *nqpf_groupmap_source(const nqpf_groupmap *m) { return m && m->source ? m->source : ""; }

int nqpf_groupmap_from_tables(nqpf_groupmap **out, const nqpf_table *g, size_t key_col, size_t group_col,
                              const nqpf_table *via, size_t via_from, size_t via_to)
{
    nqpf_keyindex *kg = NULL, *kv = NULL;
    nqpf_groupmap *m = NULL;
    int rc;
    *out = NULL;
    if ((rc = nqpf_groupmap_new(&m)) || (rc = nqpf_keyindex_new(&kg, g, key_col, NQPF_NONE)) ||
        (via && (rc = nqpf_keyindex_new(&kv, via, via_from, NQPF_NONE))))
        goto done;
    const nqpf_table *ids = via ? via : g;
    size_t jid = via ? via_from : key_col;
    for (size_t r = 0; r < nqpf_table_nrows(ids) && !rc; r++) {
        char b1[NQPF_CELL_TEXT_SIZE], b2[NQPF_CELL_TEXT_SIZE], b3[NQPF_CELL_TEXT_SIZE];
        const char *id = nqpf_cell_text(ids, jid, r, b1, sizeof b1);
        size_t gr = r;
        if (!id)
            continue;
        if (via) {
            const char *code = nqpf_cell_text(via, via_to, r, b2, sizeof b2);
            if ((gr = nqpf_keyindex_find(kg, code, 0)) == NQPF_NONE)
                continue;
        }
        const char *grp = nqpf_cell_text(g, group_col, gr, b3, sizeof b3);
        if (grp)
            rc = push_group(m, id, grp, NULL);
    }
    nqpf__buf b = NQPF__BUF_INIT;
    nqpf__buf_puts(&b, nqpf__basename(nqpf_table_source(g)));
    if (via)
        nqpf__buf_printf(&b, " via %s", nqpf__basename(nqpf_table_source(via)));
    if (!rc && (b.failed || !(m->source = nqpf__strdup(nqpf__buf_cstr(&b)))))
        rc = NQPF_EINTERNAL;
    nqpf__buf_free(&b);
done:
    nqpf_keyindex_free(kg);
    nqpf_keyindex_free(kv);
    if (rc)
        nqpf_groupmap_free(m);
    else
        *out = m;
    return rc;
}

/* Reads a mapping file; errors keyed by the option naming it. */
static int read_keyed(const char *path, const char *key, nqpf_table **t)
{
    int rc = nqpf_read_table(t, path, NULL);
    if (rc) {
        char msg[900];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        return nqpf_opt_error(rc, key, "%s", msg);
    }
    return NQPF_OK;
}

static int need_col(const nqpf_table *t, const char *name, const char *key, size_t *j)
{
    *j = nqpf_table_find(t, name);
    if (*j == NQPF_NONE)
        return nqpf_opt_error(NQPF_EDATA, key, "column '%s' not found in %s", name, nqpf_table_source(t));
    return NQPF_OK;
}

int nqpf_groupmap_read(nqpf_groupmap **out, const nqpf_group_source *src, const char *default_key)
{
    nqpf_table *g = NULL, *via = NULL;
    size_t jk, jg, jf = NQPF_NONE, jt = NQPF_NONE;
    int rc;
    *out = NULL;
    if (!src || !src->file)
        return nqpf_opt_error(NQPF_EUSAGE, "group_file", "no mapping file given");
    const char *key = src->key ? src->key : default_key, *col = src->column ? src->column : "group";
    if (!key)
        return nqpf_opt_error(NQPF_EUSAGE, "group_key", "no key column given");
    if ((rc = read_keyed(src->file, "group_file", &g)) || (rc = need_col(g, key, "group_key", &jk)) ||
        (rc = need_col(g, col, "group_column", &jg)))
        goto done;
    if (src->via_file) {
        if (!src->via_from || !src->via_to) {
            rc = nqpf_opt_error(NQPF_EUSAGE, src->via_from ? "via_to" : "via_from", "required with a via file");
            goto done;
        }
        if ((rc = read_keyed(src->via_file, "via_file", &via)) || (rc = need_col(via, src->via_from, "via_from", &jf)) ||
            (rc = need_col(via, src->via_to, "via_to", &jt)))
            goto done;
    }
    rc = nqpf_groupmap_from_tables(out, g, jk, jg, via, jf, jt);
done:
    nqpf_table_free(g);
    nqpf_table_free(via);
    return rc;
}

int nqpf_groupmap_labels(const nqpf_groupmap *m, const nqpf_panel *p, const char ***labels)
{
    size_t n = nqpf_panel_nobs(p);
    *labels = nqpf__calloc(n ? n : 1, sizeof **labels);
    if (!*labels)
        return NQPF_EINTERNAL;
    /* Ids absent from the map are read through the gazetteer at the level of the data's ids (吉林 is
     * the city in a city panel, the province in a province panel). */
    size_t nu = nqpf_panel_nunits(p);
    const char **names = nqpf__malloc(nu ? nu : 1, sizeof *names);
    if (!names) {
        free((void *)*labels);
        *labels = NULL;
        return NQPF_EINTERNAL;
    }
    for (size_t u = 0; u < nu; u++)
        names[u] = nqpf_panel_unit_name(p, u);
    int level = -1;
    for (size_t u = 0; u < nu; u++) {
        const char *g = find_exact(m, names[u]);
        if (!g) {
            if (level < 0)
                level = nqpf__gaz_majority(names, nu);
            g = find_gazetteer(m, names[u], level);
        }
        for (size_t i = nqpf_panel_unit_begin(p, u); i < nqpf_panel_unit_end(p, u); i++)
            (*labels)[i] = g;
    }
    free(names);
    return NQPF_OK;
}

int nqpf_panel_add_groups(nqpf_panel *p, const nqpf_groupmap *m, const char *name)
{
    const char **lab = NULL;
    nqpf_table *t = nqpf_panel_table_mut(p);
    if (nqpf_table_find(t, name) != NQPF_NONE)
        return nqpf_error_set(NQPF_EUSAGE, "'%s' is already a column of %s; choose another name for the groups", name,
                              nqpf_table_source(t));
    int rc = nqpf_groupmap_labels(m, p, &lab);
    if (rc == NQPF_OK)
        rc = nqpf_table_add_text(t, name, lab, NULL);
    free((void *)lab);
    return rc;
}

/* ---- period bucketing ----------------------------------------------------------------------- */

int nqpf_panel_by_period(const nqpf_panel *p, const size_t *obs, size_t n, size_t **order, size_t **start)
{
    size_t nt;
    nqpf_panel_times(p, &nt);
    if (!obs)
        n = nqpf_panel_nobs(p);
    size_t *o = nqpf__malloc(n ? n : 1, sizeof *o), *s = nqpf__calloc(nt + 1, sizeof *s),
           *fill = nqpf__malloc(nt ? nt : 1, sizeof *fill);
    *order = *start = NULL;
    if (!o || !s || !fill) {
        free(o), free(s), free(fill);
        return NQPF_EINTERNAL;
    }
    /* A counting sort: stable, so panel order survives within a period. */
    for (size_t q = 0; q < n; q++)
        s[nqpf_panel_time_index(p, nqpf_panel_time(p, obs ? obs[q] : q)) + 1]++;
    for (size_t t = 0; t < nt; t++)
        s[t + 1] += s[t];
    memcpy(fill, s, nt * sizeof *fill);
    for (size_t q = 0; q < n; q++) {
        size_t i = obs ? obs[q] : q;
        o[fill[nqpf_panel_time_index(p, nqpf_panel_time(p, i))]++] = i;
    }
    free(fill);
    *order = o;
    *start = s;
    return NQPF_OK;
}
