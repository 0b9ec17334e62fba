/* GeoJSON outlines (FeatureCollection of Polygon/MultiPolygon) and the neighbours they imply:
 * queen and rook contiguity from the boundaries (a hash grid of segments), k nearest and distance
 * bands from area-weighted centroids. See include/nqpf/geojson.h and docs/spatial.md. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/error.h"
#include "nqpf/geojson.h"
#include "nqpf/options.h"
#include "util/util.h"
#include "report/assets.h"

/* Mean Earth radius (IUGG), km, as for coordinate weights (weights.c). */
#define EARTH_RADIUS_KM 6371.0088

typedef struct ring {
    size_t start; /* first point (index into xy / 2) */
    size_t n;     /* points, closed (last == first) */
    int hole;     /* not the first ring of its polygon */
} ring;

struct nqpf_geo {
    size_t n;       /* features */
    char **keys;
    size_t *rstart; /* n + 1 offsets into rings */
    ring *rings;
    size_t nrings;
    double *xy;
    size_t npts, cappts;
    double minx, miny, maxx, maxy;
};

void nqpf_geo_free(nqpf_geo *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        free(g->keys[i]);
    free(g->keys);
    free(g->rstart);
    free(g->rings);
    free(g->xy);
    free(g);
}

size_t nqpf_geo_count(const nqpf_geo *g) { return g->n; }
const char *nqpf_geo_key(const nqpf_geo *g, size_t i) { return g->keys[i]; }
size_t nqpf_geo_nrings(const nqpf_geo *g, size_t i) { return g->rstart[i + 1] - g->rstart[i]; }

size_t nqpf_geo_ring(const nqpf_geo *g, size_t i, size_t r, const double **xy)
{
    const ring *rg = &g->rings[g->rstart[i] + r];
    if (xy)
        *xy = g->xy + 2 * rg->start;
    return rg->n;
}

int nqpf_geo_is_lonlat(const nqpf_geo *g)
{
    return g->minx >= -180 && g->maxx <= 180 && g->miny >= -90 && g->maxy <= 90;
}

double nqpf_geo_diagonal(const nqpf_geo *g) { return hypot(g->maxx - g->minx, g->maxy - g->miny); }

/* ---- reading ------------------------------------------------------------------------------ */

static int add_point(nqpf_geo *g, double x, double y)
{
    if (g->npts == g->cappts) {
        size_t cap = g->cappts ? 2 * g->cappts : 1024;
        double *p = nqpf__realloc(g->xy, 2 * cap, sizeof *p);
        if (!p)
            return NQPF_EINTERNAL;
        g->xy = p;
        g->cappts = cap;
    }
    g->xy[2 * g->npts] = x;
    g->xy[2 * g->npts + 1] = y;
    g->npts++;
    return NQPF_OK;
}

/* Reads one linear ring (an array of positions) of feature fi; closes it when it is not closed. */
static int read_ring(nqpf_geo *g, size_t *capr, const json_t *arr, int hole, const char *src, size_t fi,
                     const char *where)
{
    if (!json_is_array(arr))
        return nqpf_error_set(NQPF_EDATA, "%s: feature %zu, %s: expected an array of [x, y] positions, found %s", src,
                              fi, where, json_is_null(arr) ? "null" : "another JSON value");
    size_t m = json_array_size(arr), start = g->npts, distinct = 0;
    for (size_t k = 0; k < m; k++) {
        const json_t *pos = json_array_get(arr, k), *jx = json_array_get(pos, 0), *jy = json_array_get(pos, 1);
        if (!json_is_array(pos) || !json_is_number(jx) || !json_is_number(jy))
            return nqpf_error_set(NQPF_EDATA, "%s: feature %zu, %s, position %zu: expected [x, y] with two numbers, "
                                  "found %s", src, fi, where, k, json_is_array(pos) ? "a non-number" : "no array");
        double x = json_number_value(jx), y = json_number_value(jy);
        if (!isfinite(x) || !isfinite(y))
            return nqpf_error_set(NQPF_EDATA, "%s: feature %zu, %s, position %zu: expected finite coordinates", src, fi,
                                  where, k);
        /* Repeated consecutive points add nothing to a boundary. */
        if (g->npts > start && g->xy[2 * g->npts - 2] == x && g->xy[2 * g->npts - 1] == y)
            continue;
        if (add_point(g, x, y))
            return NQPF_EINTERNAL;
        distinct++;
        if (x < g->minx)
            g->minx = x;
        if (x > g->maxx)
            g->maxx = x;
        if (y < g->miny)
            g->miny = y;
        if (y > g->maxy)
            g->maxy = y;
    }
    size_t n = g->npts - start;
    int closed = n >= 2 && g->xy[2 * start] == g->xy[2 * g->npts - 2] && g->xy[2 * start + 1] == g->xy[2 * g->npts - 1];
    if (closed)
        distinct--;
    if (distinct < 3)
        return nqpf_error_set(NQPF_EDATA, "%s: feature %zu, %s: expected a ring of at least 3 distinct points, found %zu",
                              src, fi, where, distinct);
    if (!closed && add_point(g, g->xy[2 * start], g->xy[2 * start + 1]))
        return NQPF_EINTERNAL;
    if (g->nrings == *capr) {
        size_t cap = *capr ? 2 * *capr : 64;
        ring *r = nqpf__realloc(g->rings, cap, sizeof *r);
        if (!r)
            return NQPF_EINTERNAL;
        g->rings = r;
        *capr = cap;
    }
    g->rings[g->nrings++] = (ring){start, g->npts - start, hole};
    return NQPF_OK;
}

/* Reads the rings of one polygon (an array of rings: the outer one, then holes). */
static int read_polygon(nqpf_geo *g, size_t *capr, const json_t *poly, const char *src, size_t fi, size_t part)
{
    char where[64];
    if (!json_is_array(poly) || json_array_size(poly) == 0) {
        snprintf(where, sizeof where, part == (size_t)-1 ? "coordinates" : "polygon %zu", part);
        return nqpf_error_set(NQPF_EDATA, "%s: feature %zu, %s: expected an array of rings (outer ring, then holes)",
                              src, fi, where);
    }
    for (size_t r = 0; r < json_array_size(poly); r++) {
        if (part == (size_t)-1)
            snprintf(where, sizeof where, "ring %zu", r);
        else
            snprintf(where, sizeof where, "polygon %zu, ring %zu", part, r);
        int rc = read_ring(g, capr, json_array_get(poly, r), r > 0, src, fi, where);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

/* The key property of a feature as text into buf; NULL when it is neither text nor a number. */
static const char *key_text(const json_t *v, char *buf, size_t size)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    if (json_is_real(v))
        return nqpf_format_double(json_real_value(v), buf, size);
    return NULL;
}

typedef struct key_idx {
    const char *k;
    size_t i;
} key_idx;

static int cmp_key_idx(const void *a, const void *b)
{
    const key_idx *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

static int from_json(nqpf_geo **out, json_t *root, const char *src, const char *key)
{
    const char *type = json_string_value(json_object_get(root, "type"));
    const json_t *feats = json_object_get(root, "features");
    if (!json_is_object(root) || !type || strcmp(type, "FeatureCollection") != 0 || !json_is_array(feats))
        return nqpf_error_set(NQPF_EDATA, "%s: expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with "
                              "a \"features\" array), found %s%s%s",
                              src, type ? "type '" : (json_is_object(root) ? "an object without one" : "another JSON value"),
                              type ? type : "", type ? "'" : "");
    size_t n = json_array_size(feats), capr = 0;
    if (n == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: expected at least one feature, found an empty FeatureCollection", src);
    nqpf_geo *g = nqpf__calloc(1, sizeof *g);
    if (!g)
        return NQPF_EINTERNAL;
    g->minx = g->miny = INFINITY;
    g->maxx = g->maxy = -INFINITY;
    int rc = NQPF_OK;
    key_idx *ki = NULL;
    if (!(g->keys = nqpf__calloc(n, sizeof *g->keys)) || !(g->rstart = nqpf__calloc(n + 1, sizeof *g->rstart)) ||
        !(ki = nqpf__malloc(n, sizeof *ki))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *f = json_array_get(feats, i), *geom = json_object_get(f, "geometry");
        const json_t *props = json_object_get(f, "properties"), *kv = json_object_get(props, key);
        char kb[64];
        const char *ft = json_string_value(json_object_get(f, "type"));
        if (!json_is_object(f) || !ft || strcmp(ft, "Feature") != 0) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: feature %zu: expected an object with \"type\": \"Feature\", found %s", src,
                                i, ft ? ft : "none");
            goto done;
        }
        const char *k = key_text(kv, kb, sizeof kb);
        if (!k || !k[0]) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: feature %zu: expected a property '%s' (text or a number) to use as its id, "
                                "found %s; is the option key the right property name?",
                                src, i, key, !kv ? "none" : (k ? "an empty text" : "another JSON value"));
            goto done;
        }
        if (!(g->keys[i] = nqpf__strdup(k))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        g->n = i + 1;
        const char *gt = json_string_value(json_object_get(geom, "type"));
        const json_t *coords = json_object_get(geom, "coordinates");
        g->rstart[i] = g->nrings;
        if (gt && strcmp(gt, "Polygon") == 0) {
            rc = read_polygon(g, &capr, coords, src, i, (size_t)-1);
        } else if (gt && strcmp(gt, "MultiPolygon") == 0) {
            if (!json_is_array(coords) || json_array_size(coords) == 0)
                rc = nqpf_error_set(NQPF_EDATA, "%s: feature %zu ('%s'): expected an array of polygons", src, i, k);
            for (size_t p = 0; rc == NQPF_OK && p < json_array_size(coords); p++)
                rc = read_polygon(g, &capr, json_array_get(coords, p), src, i, p);
        } else {
            rc = nqpf_error_set(NQPF_EDATA, "%s: feature %zu ('%s'): expected a Polygon or MultiPolygon geometry, found %s%s%s",
                                src, i, k, gt ? "a " : (geom && !json_is_null(geom) ? "a geometry without a type" : "none"),
                                gt ? gt : "", gt ? "" : "");
        }
        if (rc)
            goto done;
        ki[i] = (key_idx){g->keys[i], i};
    }
    g->rstart[n] = g->nrings;
    qsort(ki, n, sizeof *ki, cmp_key_idx);
    for (size_t i = 1; i < n; i++)
        if (strcmp(ki[i].k, ki[i - 1].k) == 0) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: features %zu and %zu: expected a unique property '%s', found '%s' twice",
                                src, ki[i - 1].i, ki[i].i, key, ki[i].k);
            goto done;
        }
done:
    free(ki);
    if (rc)
        nqpf_geo_free(g);
    else
        *out = g;
    return rc;
}

int nqpf_geo_parse(nqpf_geo **out, const char *text, size_t len, const char *source, const char *key)
{
    *out = NULL;
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    if (!source)
        source = "GeoJSON";
    if (!root)
        return nqpf_error_set(NQPF_EDATA, "%s: line %d, column %d: expected JSON (GeoJSON), found an error: %s", source,
                              err.line, err.column, err.text);
    int rc = from_json(out, root, source, key);
    json_decref(root);
    return rc;
}

/* The bundled outlines that are plain GeoJSON (china.geo.json is ECharts' compressed form). */
static const char *const builtin_maps[] = {"jiangsu", NULL};

static int read_builtin(nqpf_geo **out, const char *path, const char *key)
{
    const char *name = path + 8;
    for (size_t k = 0; builtin_maps[k]; k++) {
        if (strcmp(name, builtin_maps[k]) != 0)
            continue;
        char asset[64];
        snprintf(asset, sizeof asset, "%s.geo.json", name);
        for (const nqpf__report_asset *a = nqpf__report_assets; a->name; a++)
            if (strcmp(a->name, asset) == 0)
                return nqpf_geo_parse(out, (const char *)a->data, a->size, path, key);
    }
    return nqpf_error_set(NQPF_EDATA, "%s: no such bundled map; the bundled outlines are builtin:jiangsu", path);
}

int nqpf_geo_read(nqpf_geo **out, const char *path, const char *key)
{
    *out = NULL;
    if (strncmp(path, "builtin:", 8) == 0)
        return read_builtin(out, path, key);
    FILE *f = fopen(path, "rb");
    if (!f)
        return nqpf_error_set(NQPF_EDATA, "%s: cannot open the GeoJSON file (does it exist?)", path);
    /* Read whole, then parsed from memory: jansson's stream reader goes a character at a time. */
    nqpf__buf b = NQPF__BUF_INIT;
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        nqpf__buf_append(&b, chunk, got);
    int bad = ferror(f);
    fclose(f);
    int rc;
    if (b.failed)
        rc = NQPF_EINTERNAL;
    else if (bad)
        rc = nqpf_error_set(NQPF_EDATA, "%s: the GeoJSON file cannot be read", path);
    else
        rc = nqpf_geo_parse(out, b.data ? b.data : "", b.len, path, key);
    nqpf__buf_free(&b);
    return rc;
}

/* ---- centroids ---------------------------------------------------------------------------- */

void nqpf_geo_centroid(const nqpf_geo *g, size_t i, double *cx, double *cy)
{
    double a = 0, sx = 0, sy = 0, mx = 0, my = 0;
    size_t nv = 0;
    for (size_t r = g->rstart[i]; r < g->rstart[i + 1]; r++) {
        const ring *rg = &g->rings[r];
        const double *p = g->xy + 2 * rg->start;
        /* Shoelace about the ring's first point (better conditioned for lon/lat far from 0). */
        double ra = 0, rx = 0, ry = 0, x0 = p[0], y0 = p[1];
        for (size_t k = 0; k + 1 < rg->n; k++) {
            double x1 = p[2 * k] - x0, y1 = p[2 * k + 1] - y0, x2 = p[2 * k + 2] - x0, y2 = p[2 * k + 3] - y0;
            double c = x1 * y2 - x2 * y1;
            ra += c;
            rx += (x1 + x2) * c;
            ry += (y1 + y2) * c;
            mx += p[2 * k];
            my += p[2 * k + 1];
            nv++;
        }
        /* Outer rings add, holes subtract, whatever their orientation in the file. */
        double sign = (ra < 0 ? -1.0 : 1.0) * (rg->hole ? -1.0 : 1.0);
        a += sign * ra / 2;
        sx += sign * (rx / 6 + x0 * ra / 2);
        sy += sign * (ry / 6 + y0 * ra / 2);
    }
    if (fabs(a) > 0) {
        *cx = sx / a;
        *cy = sy / a;
    } else {
        *cx = nv ? mx / (double)nv : NAN;
        *cy = nv ? my / (double)nv : NAN;
    }
}

/* ---- options ------------------------------------------------------------------------------ */

int nqpf_contiguity_options_init(nqpf_contiguity_options *o, unsigned version)
{
    static const nqpf_contiguity_options defaults = NQPF_CONTIGUITY_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_CONTIGUITY_OPTIONS_VERSION,
                              "nqpf_contiguity_options_init");
}

int nqpf_contiguity_parse(nqpf_contiguity_options *o, const char *text)
{
    const char *s = text ? text : "";
    char *end;
    if (strcmp(s, "queen") == 0) {
        o->kind = NQPF_CONTIG_QUEEN;
        return NQPF_OK;
    }
    if (strcmp(s, "rook") == 0) {
        o->kind = NQPF_CONTIG_ROOK;
        return NQPF_OK;
    }
    if (strncmp(s, "knn:", 4) == 0) {
        long k = strtol(s + 4, &end, 10);
        if (end != s + 4 && !*end && k >= 1 && k <= 100000) {
            o->kind = NQPF_CONTIG_KNN;
            o->k = (size_t)k;
            return NQPF_OK;
        }
        return nqpf_opt_error(NQPF_EUSAGE, "contiguity", "knn:K needs a whole number K from 1 to 100000 (and below the number of features), found '%s'", s);
    }
    if (strncmp(s, "distance:", 9) == 0) {
        double d;
        if (nqpf_parse_double(s + 9, &d) && d > 0 && isfinite(d)) {
            o->kind = NQPF_CONTIG_DISTANCE;
            o->d = d;
            return NQPF_OK;
        }
        return nqpf_opt_error(NQPF_EUSAGE, "contiguity", "distance:D needs a positive number D, found '%s'", s);
    }
    return nqpf_opt_error(NQPF_EUSAGE, "contiguity", "expected queen, rook, knn:K or distance:D, found '%s'", s);
}

/* ---- neighbours: pairs of features -------------------------------------------------------- */

/* An open-addressing set of feature pairs (i < j). */
typedef struct pairset {
    uint64_t *slot; /* (i + 1) << 32 | (j + 1); 0 = empty */
    size_t cap, n;
} pairset;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static int pairset_has(const pairset *s, uint64_t key)
{
    if (!s->cap)
        return 0;
    for (size_t h = mix64(key) & (s->cap - 1);; h = (h + 1) & (s->cap - 1)) {
        if (s->slot[h] == key)
            return 1;
        if (!s->slot[h])
            return 0;
    }
}

static int pairset_add(pairset *s, uint64_t key)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        uint64_t *ns = nqpf__calloc(cap, sizeof *ns);
        if (!ns)
            return NQPF_EINTERNAL;
        for (size_t k = 0; k < s->cap; k++)
            if (s->slot[k]) {
                size_t h = mix64(s->slot[k]) & (cap - 1);
                while (ns[h])
                    h = (h + 1) & (cap - 1);
                ns[h] = s->slot[k];
            }
        free(s->slot);
        s->slot = ns;
        s->cap = cap;
    }
    size_t h = mix64(key) & (s->cap - 1);
    while (s->slot[h]) {
        if (s->slot[h] == key)
            return NQPF_OK;
        h = (h + 1) & (s->cap - 1);
    }
    s->slot[h] = key;
    s->n++;
    return NQPF_OK;
}

static uint64_t pair_key(size_t i, size_t j)
{
    size_t a = i < j ? i : j, b = i < j ? j : i;
    return ((uint64_t)(a + 1) << 32) | (uint64_t)(b + 1);
}

/* ---- neighbours: segment geometry --------------------------------------------------------- */

static double orient(double ax, double ay, double bx, double by, double cx, double cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Squared distance from point p to segment ab. */
static double pt_seg2(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;
    if (l2 > 0) {
        t = ((px - ax) * dx + (py - ay) * dy) / l2;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
    }
    double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return ex * ex + ey * ey;
}

/* Whether segments p0p1 and q0q1 come within tol of each other (touch or cross included). */
static int seg_near(const double *p, const double *q, double tol)
{
    double o1 = orient(p[0], p[1], p[2], p[3], q[0], q[1]), o2 = orient(p[0], p[1], p[2], p[3], q[2], q[3]);
    double o3 = orient(q[0], q[1], q[2], q[3], p[0], p[1]), o4 = orient(q[0], q[1], q[2], q[3], p[2], p[3]);
    if (((o1 < 0 && o2 > 0) || (o1 > 0 && o2 < 0)) && ((o3 < 0 && o4 > 0) || (o3 > 0 && o4 < 0)))
        return 1;
    double t2 = tol * tol;
    return pt_seg2(q[0], q[1], p[0], p[1], p[2], p[3]) <= t2 || pt_seg2(q[2], q[3], p[0], p[1], p[2], p[3]) <= t2 ||
           pt_seg2(p[0], p[1], q[0], q[1], q[2], q[3]) <= t2 || pt_seg2(p[2], p[3], q[0], q[1], q[2], q[3]) <= t2;
}

/* Rook needs the boundaries to run within tol of each other over more than ROOK_MIN x tol: at the
 * scale of tol alone, two edges that meet at a shared vertex at an acute angle theta stay within tol
 * of each other over tol / tan(theta), which exceeds tol for every theta below 45 degrees. With
 * 100 x tol only edges meeting at less than about 0.6 degrees (slivers) could be mistaken. */
#define ROOK_MIN 100.0

/* Whether segments p0p1 and q0q1 run within tol of each other over a length greater than
 * ROOK_MIN x tol: q is clipped to the stretch of p's line that p covers; the clipped part must be
 * that long and both its ends within tol of p's line (q is straight, so then all of it is). */
static int seg_overlap(const double *p, const double *q, double tol)
{
    double dx = p[2] - p[0], dy = p[3] - p[1], len = hypot(dx, dy);
    double minlen = ROOK_MIN * tol;
    if (!(len > minlen))
        return 0;
    double ux = dx / len, uy = dy / len;
    double t0 = (q[0] - p[0]) * ux + (q[1] - p[1]) * uy, t1 = (q[2] - p[0]) * ux + (q[3] - p[1]) * uy;
    double n0 = (q[0] - p[0]) * uy - (q[1] - p[1]) * ux, n1 = (q[2] - p[0]) * uy - (q[3] - p[1]) * ux;
    if (t0 == t1)
        return 0;
    double lo = t0 < t1 ? t0 : t1, hi = t0 < t1 ? t1 : t0;
    if (lo < 0)
        lo = 0;
    if (hi > len)
        hi = len;
    if (!(hi - lo > minlen))
        return 0;
    /* q's offset from p's line at the ends of the overlap, by linear interpolation along q. */
    double a = n0 + (n1 - n0) * (lo - t0) / (t1 - t0), b = n0 + (n1 - n0) * (hi - t0) / (t1 - t0);
    return fabs(a) <= tol && fabs(b) <= tol;
}

/* ---- neighbours: the hash grid of segments ------------------------------------------------ */

typedef struct seg {
    size_t f;  /* feature */
    size_t p;  /* first point (index into xy / 2); the segment is p, p + 1 */
} seg;

typedef struct grid {
    double x0, y0, cs, tol;
    size_t nb;       /* buckets */
    size_t *count;   /* nb + 1 offsets */
    size_t *entries; /* segment indices */
    int fill;        /* 0: counting pass, 1: filling pass */
} grid;

static size_t cell_hash(int64_t cx, int64_t cy, size_t nb)
{
    return (size_t)(mix64(((uint64_t)cx << 32) ^ (uint64_t)(cy & 0xffffffff) ^ ((uint64_t)cy << 17)) % nb);
}

static void grid_put(grid *gr, int64_t cx, int64_t cy, size_t s)
{
    size_t h = cell_hash(cx, cy, gr->nb);
    if (gr->fill)
        gr->entries[gr->count[h]++] = s;
    else
        gr->count[h + 1]++;
}

/* Puts segment s into every cell its tol-widened box meets; a long segment walks its cells (each
 * sample with its 3 x 3 block: the tol-band is narrower than a cell). */
static void grid_segment(grid *gr, const double *a, size_t s)
{
    double mnx = fmin(a[0], a[2]) - gr->tol, mxx = fmax(a[0], a[2]) + gr->tol;
    double mny = fmin(a[1], a[3]) - gr->tol, mxy = fmax(a[1], a[3]) + gr->tol;
    int64_t cx0 = (int64_t)floor((mnx - gr->x0) / gr->cs), cx1 = (int64_t)floor((mxx - gr->x0) / gr->cs);
    int64_t cy0 = (int64_t)floor((mny - gr->y0) / gr->cs), cy1 = (int64_t)floor((mxy - gr->y0) / gr->cs);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) <= 16) {
        for (int64_t cx = cx0; cx <= cx1; cx++)
            for (int64_t cy = cy0; cy <= cy1; cy++)
                grid_put(gr, cx, cy, s);
        return;
    }
    double len = hypot(a[2] - a[0], a[3] - a[1]);
    size_t steps = (size_t)ceil(2 * len / gr->cs) + 1;
    int64_t lastx = INT64_MIN, lasty = INT64_MIN;
    for (size_t k = 0; k <= steps; k++) {
        double t = (double)k / (double)steps;
        int64_t cx = (int64_t)floor((a[0] + t * (a[2] - a[0]) - gr->x0) / gr->cs);
        int64_t cy = (int64_t)floor((a[1] + t * (a[3] - a[1]) - gr->y0) / gr->cs);
        if (cx == lastx && cy == lasty)
            continue;
        lastx = cx;
        lasty = cy;
        for (int64_t dx = -1; dx <= 1; dx++)
            for (int64_t dy = -1; dy <= 1; dy++)
                grid_put(gr, cx + dx, cy + dy, s);
    }
}

typedef struct fbox {
    double x0, y0, x1, y1;
} fbox;

static int contiguity_pairs(pairset *ps, const nqpf_geo *g, int rook, double tol)
{
    int rc = NQPF_OK;
    size_t ns = 0;
    for (size_t r = 0; r < g->nrings; r++)
        ns += g->rings[r].n - 1;
    seg *sg = nqpf__malloc(ns ? ns : 1, sizeof *sg);
    fbox *fb = nqpf__malloc(g->n, sizeof *fb);
    grid gr = {0};
    if (!sg || !fb) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double total = 0;
    ns = 0;
    for (size_t f = 0; f < g->n; f++) {
        fb[f] = (fbox){INFINITY, INFINITY, -INFINITY, -INFINITY};
        for (size_t r = g->rstart[f]; r < g->rstart[f + 1]; r++) {
            const ring *rg = &g->rings[r];
            for (size_t k = 0; k + 1 < rg->n; k++) {
                const double *a = g->xy + 2 * (rg->start + k);
                sg[ns++] = (seg){f, rg->start + k};
                total += hypot(a[2] - a[0], a[3] - a[1]);
                fb[f].x0 = fmin(fb[f].x0, a[0]);
                fb[f].x1 = fmax(fb[f].x1, a[0]);
                fb[f].y0 = fmin(fb[f].y0, a[1]);
                fb[f].y1 = fmax(fb[f].y1, a[1]);
            }
        }
    }
    /* Cells about twice the mean segment length: a few segments per cell. */
    gr.tol = tol;
    gr.cs = 2 * total / (double)(ns ? ns : 1);
    if (!(gr.cs > 4 * tol))
        gr.cs = 4 * tol;
    if (!(gr.cs > 0))
        gr.cs = 1;
    gr.x0 = g->minx;
    gr.y0 = g->miny;
    gr.nb = 2 * ns + 1;
    if (!(gr.count = nqpf__calloc(gr.nb + 1, sizeof *gr.count))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t s = 0; s < ns; s++)
        grid_segment(&gr, g->xy + 2 * sg[s].p, s);
    for (size_t h = 0; h < gr.nb; h++)
        gr.count[h + 1] += gr.count[h];
    if (!(gr.entries = nqpf__malloc(gr.count[gr.nb] ? gr.count[gr.nb] : 1, sizeof *gr.entries))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    gr.fill = 1;
    for (size_t s = 0; s < ns; s++)
        grid_segment(&gr, g->xy + 2 * sg[s].p, s);
    /* The filling pass advanced each start to the next bucket's: bucket h is now
     * [count[h - 1], count[h]) with count[-1] = 0. */
    for (size_t h = 0; h < gr.nb; h++) {
        size_t b = h ? gr.count[h - 1] : 0, e = gr.count[h];
        for (size_t u = b; u < e; u++) {
            const seg *su = &sg[gr.entries[u]];
            const double *a = g->xy + 2 * su->p;
            for (size_t v = u + 1; v < e; v++) {
                const seg *sv = &sg[gr.entries[v]];
                if (sv->f == su->f)
                    continue;
                const fbox *A = &fb[su->f], *B = &fb[sv->f];
                if (A->x0 > B->x1 + tol || B->x0 > A->x1 + tol || A->y0 > B->y1 + tol || B->y0 > A->y1 + tol)
                    continue;
                const double *q = g->xy + 2 * sv->p;
                if (fmin(a[0], a[2]) > fmax(q[0], q[2]) + tol || fmin(q[0], q[2]) > fmax(a[0], a[2]) + tol ||
                    fmin(a[1], a[3]) > fmax(q[1], q[3]) + tol || fmin(q[1], q[3]) > fmax(a[1], a[3]) + tol)
                    continue;
                uint64_t key = pair_key(su->f, sv->f);
                if (pairset_has(ps, key))
                    continue;
                int hit = rook ? (seg_overlap(a, q, tol) || seg_overlap(q, a, tol)) : seg_near(a, q, tol);
                if (hit && (rc = pairset_add(ps, key)))
                    goto done;
            }
        }
    }
done:
    free(sg);
    free(fb);
    free(gr.count);
    free(gr.entries);
    return rc;
}

/* ---- neighbours: centroids ---------------------------------------------------------------- */

static double centroid_distance(enum nqpf_geo_metric m, double x1, double y1, double x2, double y2)
{
    if (m == NQPF_GEO_METRIC_EUCLIDEAN)
        return hypot(x1 - x2, y1 - y2);
    const double rad = M_PI / 180.0;
    double dp = (y2 - y1) * rad, dl = (x2 - x1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(y1 * rad) * cos(y2 * rad) * sin(dl / 2) * sin(dl / 2);
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a > 1 ? 1 : a));
}

typedef struct link2 {
    size_t i, j; /* key ranks */
} link2;

static int cmp_link2(const void *a, const void *b)
{
    const link2 *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

typedef struct dist_rank {
    double d;
    size_t r;
} dist_rank;

static int cmp_dist_rank(const void *a, const void *b)
{
    const dist_rank *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->r < y->r ? -1 : x->r > y->r;
}

int nqpf_geo_neighbours(nqpf_table **out, const nqpf_geo *g, const nqpf_contiguity_options *o)
{
    *out = NULL;
    nqpf_contiguity_options def = NQPF_CONTIGUITY_OPTIONS_INIT;
    if (!o)
        o = &def;
    size_t n = g->n, nl = 0, capl = 0;
    if (o->kind == NQPF_CONTIG_KNN && (o->k == 0 || o->k >= n))
        return nqpf_opt_error(NQPF_EUSAGE, "contiguity", "knn:K: K must be between 1 and %zu (features - 1), found %zu",
                              n - 1, o->k);
    if (o->kind == NQPF_CONTIG_DISTANCE && !(o->d > 0 && isfinite(o->d)))
        return nqpf_opt_error(NQPF_EUSAGE, "contiguity", "distance:D: D must be a positive number");
    int rc = NQPF_OK;
    key_idx *ki = nqpf__malloc(n, sizeof *ki);
    size_t *rank = nqpf__malloc(n, sizeof *rank);
    double *cx = nqpf__malloc(n, sizeof *cx), *cy = nqpf__malloc(n, sizeof *cy);
    dist_rank *dr = nqpf__malloc(n, sizeof *dr);
    link2 *lk = NULL;
    const char **fv = NULL, **tv = NULL;
    pairset ps = {0};
    nqpf_table *t = NULL;
    if (!ki || !rank || !cx || !cy || !dr) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Output order and knn ties follow the keys' byte order. */
    for (size_t i = 0; i < n; i++)
        ki[i] = (key_idx){g->keys[i], i};
    qsort(ki, n, sizeof *ki, cmp_key_idx);
    for (size_t r = 0; r < n; r++)
        rank[ki[r].i] = r;
    if (o->kind == NQPF_CONTIG_QUEEN || o->kind == NQPF_CONTIG_ROOK) {
        double tol = o->snap >= 0 ? o->snap : 1e-7 * nqpf_geo_diagonal(g);
        if ((rc = contiguity_pairs(&ps, g, o->kind == NQPF_CONTIG_ROOK, tol)))
            goto done;
        capl = 2 * ps.n;
        if (!(lk = nqpf__malloc(capl ? capl : 1, sizeof *lk))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t h = 0; h < ps.cap; h++)
            if (ps.slot[h]) {
                size_t a = (size_t)(ps.slot[h] >> 32) - 1, b = (size_t)(ps.slot[h] & 0xffffffffu) - 1;
                lk[nl++] = (link2){rank[a], rank[b]};
                lk[nl++] = (link2){rank[b], rank[a]};
            }
    } else {
        enum nqpf_geo_metric m = o->metric;
        if (m == NQPF_GEO_METRIC_AUTO)
            m = nqpf_geo_is_lonlat(g) ? NQPF_GEO_METRIC_ARC : NQPF_GEO_METRIC_EUCLIDEAN;
        if (m == NQPF_GEO_METRIC_ARC && !nqpf_geo_is_lonlat(g)) {
            rc = nqpf_opt_error(NQPF_EUSAGE, "distance", "arc distances need longitude/latitude degrees, but the "
                                "coordinates reach beyond [-180, 180] x [-90, 90]; use euclidean");
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            nqpf_geo_centroid(g, i, &cx[i], &cy[i]);
        capl = o->kind == NQPF_CONTIG_KNN ? n * o->k : 64;
        if (!(lk = nqpf__malloc(capl, sizeof *lk))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            size_t m2 = 0;
            for (size_t j = 0; j < n; j++) {
                if (j == i)
                    continue;
                double d = centroid_distance(m, cx[i], cy[i], cx[j], cy[j]);
                if (o->kind == NQPF_CONTIG_KNN && !(d > 0)) {
                    rc = nqpf_error_set(NQPF_EDATA, "features '%s' and '%s' have the same centroid; k nearest "
                                        "neighbours need distinct places", g->keys[i < j ? i : j], g->keys[i < j ? j : i]);
                    goto done;
                }
                if (o->kind == NQPF_CONTIG_KNN)
                    dr[m2++] = (dist_rank){d, rank[j]};
                else if (d <= o->d) {
                    if (nl == capl) {
                        link2 *nlk = nqpf__realloc(lk, 2 * capl, sizeof *lk);
                        if (!nlk) {
                            rc = NQPF_EINTERNAL;
                            goto done;
                        }
                        lk = nlk;
                        capl *= 2;
                    }
                    lk[nl++] = (link2){rank[i], rank[j]};
                }
            }
            if (o->kind == NQPF_CONTIG_KNN) {
                qsort(dr, m2, sizeof *dr, cmp_dist_rank);
                for (size_t a = 0; a < o->k; a++)
                    lk[nl++] = (link2){rank[i], dr[a].r};
            }
        }
    }
    qsort(lk, nl, sizeof *lk, cmp_link2);
    if (!(fv = nqpf__malloc(nl ? nl : 1, sizeof *fv)) || !(tv = nqpf__malloc(nl ? nl : 1, sizeof *tv)) ||
        !(t = nqpf_table_new(nl))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t k = 0; k < nl; k++) {
        fv[k] = ki[lk[k].i].k;
        tv[k] = ki[lk[k].j].k;
    }
    if ((rc = nqpf_table_add_text(t, "from", fv, NULL)) || (rc = nqpf_table_add_text(t, "to", tv, NULL)))
        goto done;
    for (size_t k = 0; k < nl; k++)
        nqpf_table_set_src_row(t, k, k + 2);
    *out = t;
    t = NULL;
done:
    free(ki);
    free(rank);
    free(cx);
    free(cy);
    free(dr);
    free(lk);
    free(fv);
    free(tv);
    free(ps.slot);
    nqpf_table_free(t);
    return rc;
}
