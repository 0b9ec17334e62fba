/* Spatial weights: edge lists (contiguity) and coordinates (inverse distance, k nearest), stored as
 * compressed rows of raw weights with the style applied on top. See docs/spatial.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/gazetteer.h"
#include "nqpf/io.h"
#include "nqpf/join.h"
#include "nqpf/spatial.h"
#include "../util/util.h"

/* Mean Earth radius (IUGG), km: the usual choice for great-circle distances between regions. */
#define EARTH_RADIUS_KM 6371.0088

struct nqpf_weights {
    size_t n;
    enum nqpf_weights_style style;
    size_t *start; /* n + 1 offsets into nbr/raw/w */
    size_t *nbr;
    double *raw;
    double *w;
};

void nqpf_weights_free(nqpf_weights *w)
{
    if (!w)
        return;
    free(w->start);
    free(w->nbr);
    free(w->raw);
    free(w->w);
    free(w);
}

size_t nqpf_weights_n(const nqpf_weights *w) { return w->n; }

size_t nqpf_weights_row(const nqpf_weights *w, size_t i, const size_t **nbr, const double **wt)
{
    size_t b = w->start[i];
    if (nbr)
        *nbr = w->nbr + b;
    if (wt)
        *wt = w->w + b;
    return w->start[i + 1] - b;
}

size_t nqpf_weights_islands(const nqpf_weights *w)
{
    size_t c = 0;
    for (size_t i = 0; i < w->n; i++)
        c += w->start[i + 1] == w->start[i];
    return c;
}

void nqpf_weights_lag(const nqpf_weights *w, const double *x, double *lag)
{
    for (size_t i = 0; i < w->n; i++) {
        double s = 0;
        for (size_t k = w->start[i]; k < w->start[i + 1]; k++)
            s += w->w[k] * x[w->nbr[k]];
        lag[i] = s;
    }
}

static void apply_style(nqpf_weights *w)
{
    for (size_t i = 0; i < w->n; i++) {
        double s = 0;
        for (size_t k = w->start[i]; k < w->start[i + 1]; k++)
            s += w->raw[k];
        for (size_t k = w->start[i]; k < w->start[i + 1]; k++)
            w->w[k] = w->style == NQPF_WSTYLE_BINARY ? 1.0 : w->raw[k] / s;
    }
}

typedef struct link {
    size_t i, j;
    double raw;
    size_t row; /* source row of the edge (for duplicate messages) */
} link;

static int cmp_link(const void *a, const void *b)
{
    const link *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    return 0;
}

/* Builds the compressed rows from links already sorted by (i, j). Takes no ownership. */
static int build(nqpf_weights **out, size_t n, const link *lk, size_t m, enum nqpf_weights_style style)
{
    nqpf_weights *w = nqpf__calloc(1, sizeof *w);
    if (!w)
        return NQPF_EINTERNAL;
    w->n = n;
    w->style = style;
    w->start = nqpf__calloc(n + 1, sizeof *w->start);
    w->nbr = nqpf__malloc(m ? m : 1, sizeof *w->nbr);
    w->raw = nqpf__malloc(m ? m : 1, sizeof *w->raw);
    w->w = nqpf__malloc(m ? m : 1, sizeof *w->w);
    if (!w->start || !w->nbr || !w->raw || !w->w) {
        nqpf_weights_free(w);
        return NQPF_EINTERNAL;
    }
    for (size_t k = 0; k < m; k++) {
        w->start[lk[k].i + 1]++;
        w->nbr[k] = lk[k].j;
        w->raw[k] = lk[k].raw;
    }
    for (size_t i = 0; i < n; i++)
        w->start[i + 1] += w->start[i];
    apply_style(w);
    *out = w;
    return NQPF_OK;
}

/* Edge-list ids that are no unit id, sorted, each with the unit it names through the gazetteer
 * (NQPF_NONE when none), and the message listing those that name none. */
typedef struct edge_alias {
    char **text;
    size_t *unit;
    size_t n;
    char *message;
} edge_alias;

static int cmp_text(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void alias_free(edge_alias *a)
{
    for (size_t k = 0; k < a->n; k++)
        free(a->text[k]);
    free(a->text);
    free(a->unit);
    free(a->message);
}

static size_t alias_find(const edge_alias *a, const char *s)
{
    if (!a->n)
        return NQPF_NONE;
    char **hit = bsearch(&s, a->text, a->n, sizeof *a->text, cmp_text);
    return hit ? a->unit[hit - a->text] : NQPF_NONE;
}

static int match_edge_ids(edge_alias *a, const nqpf_table *edges, size_t cf, size_t ct, const nqpf_keyindex *keys,
                          const char *const *ids, size_t n)
{
    size_t m = nqpf_table_nrows(edges), k = 0;
    a->text = nqpf__calloc(2 * m + 1, sizeof *a->text);
    if (!a->text)
        return NQPF_EINTERNAL;
    for (size_t r = 0; r < m; r++)
        for (int side = 0; side < 2; side++) {
            char b[NQPF_CELL_TEXT_SIZE];
            const char *s = nqpf_cell_text(edges, side ? ct : cf, r, b, sizeof b);
            if (s && nqpf_keyindex_find(keys, s, 0) == NQPF_NONE && !(a->text[k++] = nqpf__strdup(s))) {
                a->n = k;
                return NQPF_EINTERNAL;
            }
        }
    qsort(a->text, k, sizeof *a->text, cmp_text);
    size_t u = 0;
    for (size_t i = 0; i < k; i++) {
        if (u && strcmp(a->text[u - 1], a->text[i]) == 0)
            free(a->text[i]);
        else
            a->text[u++] = a->text[i];
    }
    a->n = u;
    if (!u)
        return NQPF_OK;
    if (!(a->unit = nqpf__malloc(u, sizeof *a->unit)))
        return NQPF_EINTERNAL;
    nqpf_region_match_result r;
    int rc = nqpf_region_match(&r, (const char *const *)a->text, u, ids, n, "the data's ids");
    if (rc)
        return rc;
    for (size_t i = 0; i < u; i++)
        a->unit[i] = r.target[i] == (size_t)-1 ? NQPF_NONE : r.target[i];
    a->message = r.message;
    r.message = NULL;
    nqpf_region_match_free(&r);
    return NQPF_OK;
}

/* Names up to five units in a warning about islands. */
static void warn_islands(const nqpf_weights *w, const char *const *ids, const char *what)
{
    size_t c = nqpf_weights_islands(w);
    if (!c)
        return;
    nqpf__buf b = NQPF__BUF_INIT;
    size_t shown = 0;
    for (size_t i = 0; i < w->n && shown < 5; i++)
        if (w->start[i + 1] == w->start[i]) {
            if (ids)
                nqpf__buf_printf(&b, "%s'%s'", shown ? ", " : "", ids[i]);
            else
                nqpf__buf_printf(&b, "%s#%zu", shown ? ", " : "", i + 1);
            shown++;
        }
    nqpf_warn("%s: %zu unit%s without neighbours (islands: %s%s); their local statistics are missing", what, c,
              c == 1 ? "" : "s", b.data ? b.data : "", c > shown ? ", ..." : "");
    nqpf__buf_free(&b);
}

int nqpf_weights_from_edges(nqpf_weights **out, const nqpf_table *edges, const char *const *ids, size_t n,
                            const nqpf_weights_options *o)
{
    *out = NULL;
    nqpf_weights_options def = NQPF_WEIGHTS_OPTIONS_INIT;
    if (!o)
        o = &def;
    const char *src = nqpf_table_source(edges);
    if (!src[0])
        src = "weights";
    size_t cf = nqpf_table_find(edges, "from"), ct = nqpf_table_find(edges, "to"),
           cw = nqpf_table_find(edges, "weight");
    if (cf == NQPF_NONE || ct == NQPF_NONE)
        return nqpf_error_set(NQPF_EDATA, "%s: expected columns 'from' and 'to' (and optionally 'weight'), found no '%s' column",
                              src, cf == NQPF_NONE ? "from" : "to");
    if (n == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: no units to link", src);
    int rc = NQPF_OK;
    size_t m = nqpf_table_nrows(edges), nl = 0, dropped = 0, drop_row = 0;
    char drop_id[128] = "";
    nqpf_keyindex *keys = NULL;
    edge_alias alias = {NULL, NULL, 0, NULL};
    link *lk = nqpf__malloc(m ? m : 1, sizeof *lk);
    unsigned char *seen = nqpf__calloc(n, 1);
    if (!lk || !seen) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* The ids by text (join.h): an id given twice is an error naming both positions. */
    if ((rc = nqpf_keyindex_strings(&keys, ids, n, "unit ids")))
        goto done;
    const double *wv = NULL;
    if (cw != NQPF_NONE && !(wv = nqpf_table_cnum(edges, cw))) {
        /* A text weight column means some cell is not a number: find it for the message. */
        for (size_t r = 0; r < m; r++) {
            const char *s = nqpf_table_text(edges, cw, r);
            double v;
            if (s && !nqpf_parse_double(s, &v)) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'weight': expected a positive number, found '%s'",
                                    src, nqpf_table_src_row(edges, r), s);
                goto done;
            }
        }
    }
    /* Ids of the edge list that are no unit id are read through China's gazetteer (北京 in the list
     * links the unit 北京市, Beijing or 110000 of the data): one match over the distinct ones. */
    if ((rc = match_edge_ids(&alias, edges, cf, ct, keys, ids, n)))
        goto done;
    for (size_t r = 0; r < m; r++) {
        char fb[NQPF_CELL_TEXT_SIZE], tb[NQPF_CELL_TEXT_SIZE];
        size_t row = nqpf_table_src_row(edges, r);
        const char *fs = nqpf_cell_text(edges, cf, r, fb, sizeof fb), *ts = nqpf_cell_text(edges, ct, r, tb, sizeof tb);
        if (!fs || !ts) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a unit id, found an empty cell", src, row,
                                !fs ? "from" : "to");
            goto done;
        }
        if (strcmp(fs, ts) == 0) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: unit '%s' is linked to itself; a unit is never its own neighbour",
                                src, row, fs);
            goto done;
        }
        double v = 1.0;
        if (wv) {
            v = wv[r];
            if (!(v > 0) || !isfinite(v)) {
                char b[40];
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'weight': expected a positive number, found %s", src,
                                    row, isnan(v) ? "an empty cell" : nqpf_format_double(v, b, sizeof b));
                goto done;
            }
        }
        size_t i = nqpf_keyindex_find(keys, fs, 0), j = nqpf_keyindex_find(keys, ts, 0);
        if (i == NQPF_NONE)
            i = alias_find(&alias, fs);
        if (j == NQPF_NONE)
            j = alias_find(&alias, ts);
        if (i != NQPF_NONE && i == j) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: '%s' and '%s' are the same unit '%s'; a unit is never its own neighbour",
                                src, row, fs, ts, ids[i]);
            goto done;
        }
        if (i != NQPF_NONE)
            seen[i] = 1;
        if (j != NQPF_NONE)
            seen[j] = 1;
        if (i == NQPF_NONE || j == NQPF_NONE) {
            if (!dropped++) {
                drop_row = row;
                snprintf(drop_id, sizeof drop_id, "%s", i == NQPF_NONE ? fs : ts);
            }
            continue;
        }
        lk[nl++] = (link){i, j, v, row};
    }
    qsort(lk, nl, sizeof *lk, cmp_link);
    for (size_t k = 1; k < nl; k++)
        if (lk[k].i == lk[k - 1].i && lk[k].j == lk[k - 1].j) {
            size_t r1 = lk[k].row < lk[k - 1].row ? lk[k].row : lk[k - 1].row;
            size_t r2 = lk[k].row < lk[k - 1].row ? lk[k - 1].row : lk[k].row;
            rc = nqpf_error_set(NQPF_EDATA, "%s: rows %zu and %zu: the link '%s' -> '%s' is listed twice", src, r1, r2,
                                ids[lk[k].i], ids[lk[k].j]);
            goto done;
        }
    if (m == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: expected one row per link, found none", src);
        goto done;
    }
    if (nl == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: no link joins two units of the data (%zu rows; first unknown id '%s' in row %zu); "
                            "do the ids in 'from'/'to' match the data's id column?",
                            src, m, drop_id, drop_row);
        goto done;
    }
    if (dropped)
        nqpf_warn("%s: %zu link%s name ids not in the data (first: row %zu, id '%s'); dropped; %s", src, dropped,
                  dropped == 1 ? "" : "s", drop_row, drop_id, alias.message ? alias.message : "");
    size_t absent = 0, first_absent = 0;
    for (size_t i = 0; i < n; i++)
        if (!seen[i] && !absent++)
            first_absent = i;
    if (absent)
        nqpf_warn("%s: %zu data unit%s do not appear in the weights (first: '%s'); treated as islands", src, absent,
                  absent == 1 ? "" : "s", ids[first_absent]);
    if ((rc = build(out, n, lk, nl, o->style)))
        goto done;
    warn_islands(*out, ids, src);
done:
    alias_free(&alias);
    nqpf_keyindex_free(keys);
    free(lk);
    free(seen);
    return rc;
}

int nqpf_weights_read(nqpf_weights **out, const char *path, const char *const *ids, size_t n,
                      const nqpf_weights_options *o)
{
    *out = NULL;
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, path, NULL);
    if (rc)
        return rc;
    if (!nqpf_table_source(t)[0])
        nqpf_table_set_source(t, path);
    rc = nqpf_weights_from_edges(out, t, ids, n, o);
    nqpf_table_free(t);
    return rc;
}

static double distance(enum nqpf_distance kind, double x1, double y1, double x2, double y2)
{
    if (kind == NQPF_DIST_EUCLIDEAN)
        return hypot(x1 - x2, y1 - y2);
    const double rad = M_PI / 180.0;
    double p1 = y1 * rad, p2 = y2 * rad;
    double dp = (y2 - y1) * rad, dl = (x2 - x1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1)
        a = 1;
    /* Haversine: well conditioned for the short distances between neighbouring regions. */
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a));
}

typedef struct dist_idx {
    double d;
    size_t j;
} dist_idx;

static int cmp_dist(const void *a, const void *b)
{
    const dist_idx *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->j < y->j ? -1 : (x->j > y->j);
}

int nqpf_weights_from_coords(nqpf_weights **out, const double *x, const double *y, const char *const *ids,
                             size_t n, const nqpf_weights_options *o)
{
    *out = NULL;
    nqpf_weights_options def = NQPF_WEIGHTS_OPTIONS_INIT;
    if (!o)
        o = &def;
    if (n < 2)
        return nqpf_error_set(NQPF_EDATA, "distance weights need at least 2 units, found %zu", n);
    if (o->kind == NQPF_WKIND_KNN && (o->k == 0 || o->k >= n))
        return nqpf_error_set(NQPF_EUSAGE, "k nearest neighbours: k must be between 1 and %zu (units - 1), found %zu",
                              n - 1, o->k);
    if (o->kind == NQPF_WKIND_INVDIST && (!(o->power > 0) || !isfinite(o->power)))
        return nqpf_error_set(NQPF_EUSAGE, "inverse distance: the power must be positive");
    if (!(o->max_distance >= 0))
        return nqpf_error_set(NQPF_EUSAGE, "inverse distance: the maximum distance must be >= 0");
    for (size_t i = 0; i < n; i++) {
        int bad = !isfinite(x[i]) || !isfinite(y[i]);
        if (!bad && o->distance == NQPF_DIST_ARC)
            bad = fabs(y[i]) > 90 || fabs(x[i]) > 360;
        if (bad) {
            char b1[40], b2[40];
            if (ids)
                return nqpf_error_set(NQPF_EDATA, "unit '%s': expected %s coordinates, found (%s, %s)", ids[i],
                                      o->distance == NQPF_DIST_ARC ? "longitude/latitude in degrees" : "finite",
                                      nqpf_format_double(x[i], b1, sizeof b1), nqpf_format_double(y[i], b2, sizeof b2));
            return nqpf_error_set(NQPF_EDATA, "unit %zu: invalid coordinates", i + 1);
        }
    }
    int rc = NQPF_OK;
    size_t cap = o->kind == NQPF_WKIND_KNN ? n * o->k : n * (n - 1);
    link *lk = nqpf__malloc(cap, sizeof *lk);
    dist_idx *di = nqpf__malloc(n, sizeof *di);
    size_t nl = 0;
    if (!lk || !di) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            double d = distance(o->distance, x[i], y[i], x[j], y[j]);
            if (!(d > 0)) {
                rc = ids ? nqpf_error_set(NQPF_EDATA, "units '%s' and '%s' have the same coordinates; distance weights need distinct places",
                                          ids[i < j ? i : j], ids[i < j ? j : i])
                         : nqpf_error_set(NQPF_EDATA, "units %zu and %zu have the same coordinates", i + 1, j + 1);
                goto done;
            }
            di[m++] = (dist_idx){d, j};
        }
        if (o->kind == NQPF_WKIND_KNN) {
            /* Keep the k nearest, then order them by unit index like every other row. */
            qsort(di, m, sizeof *di, cmp_dist);
            for (size_t a = 1; a < o->k; a++)
                for (size_t b = a; b > 0 && di[b].j < di[b - 1].j; b--) {
                    dist_idx t = di[b];
                    di[b] = di[b - 1];
                    di[b - 1] = t;
                }
            for (size_t a = 0; a < o->k; a++)
                lk[nl++] = (link){i, di[a].j, 1.0, 0};
        } else {
            for (size_t a = 0; a < m; a++)
                if (o->max_distance == 0 || di[a].d <= o->max_distance)
                    lk[nl++] = (link){i, di[a].j, pow(di[a].d, -o->power), 0};
        }
    }
    if ((rc = build(out, n, lk, nl, o->style)))
        goto done;
    warn_islands(*out, ids, "distance weights");
done:
    free(lk);
    free(di);
    return rc;
}

int nqpf_weights_subset(nqpf_weights **out, const nqpf_weights *w, const unsigned char *keep)
{
    *out = NULL;
    size_t n = w->n, m = 0, nl = 0;
    size_t *map = nqpf__malloc(n ? n : 1, sizeof *map);
    link *lk = nqpf__malloc(w->start[n] ? w->start[n] : 1, sizeof *lk);
    int rc = NQPF_OK;
    if (!map || !lk) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        map[i] = keep[i] ? m++ : NQPF_NONE;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        for (size_t k = w->start[i]; k < w->start[i + 1]; k++)
            if (keep[w->nbr[k]])
                lk[nl++] = (link){map[i], map[w->nbr[k]], w->raw[k], 0};
    }
    rc = build(out, m, lk, nl, w->style);
done:
    free(map);
    free(lk);
    return rc;
}

int nqpf_weights_read_for_panel(nqpf_weights **out, const char *path, const nqpf_panel *p,
                                const nqpf_weights_options *o)
{
    *out = NULL;
    size_t n = nqpf_panel_nunits(p);
    const char **ids = nqpf__malloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return NQPF_EINTERNAL;
    for (size_t u = 0; u < n; u++)
        ids[u] = nqpf_panel_unit_name(p, u);
    int rc = nqpf_weights_read(out, path, ids, n, o);
    free(ids);
    return rc;
}

int nqpf_weights_from_panel_coords(nqpf_weights **out, const nqpf_panel *p, const char *xcol, const char *ycol,
                                   const nqpf_weights_options *o)
{
    *out = NULL;
    const double *xv, *yv;
    int rc;
    if ((rc = nqpf_panel_column(p, xcol, &xv)) || (rc = nqpf_panel_column(p, ycol, &yv)))
        return rc;
    size_t n = nqpf_panel_nunits(p);
    const char **ids = nqpf__malloc(n ? n : 1, sizeof *ids);
    double *x = nqpf__malloc(n ? n : 1, sizeof *x), *y = nqpf__malloc(n ? n : 1, sizeof *y);
    if (!ids || !x || !y) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t u = 0; u < n; u++) {
        ids[u] = nqpf_panel_unit_name(p, u);
        x[u] = y[u] = NAN;
        for (size_t i = nqpf_panel_unit_begin(p, u); i < nqpf_panel_unit_end(p, u); i++)
            if (!isnan(xv[i]) && !isnan(yv[i])) {
                x[u] = xv[i];
                y[u] = yv[i];
                break;
            }
        if (isnan(x[u])) {
            char wb[512];
            rc = nqpf_error_set(NQPF_EDATA, "%s: unit '%s' has no row with both coordinates '%s' and '%s'",
                                nqpf_panel_where(p, nqpf_panel_unit_begin(p, u), wb, sizeof wb), ids[u], xcol, ycol);
            goto done;
        }
    }
    rc = nqpf_weights_from_coords(out, x, y, ids, n, o);
done:
    free(ids);
    free(x);
    free(y);
    return rc;
}
