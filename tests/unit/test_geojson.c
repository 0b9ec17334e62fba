/* GeoJSON outlines and the neighbours they imply (src/region/geojson.c), checked against
 * independent computations written here: a brute-force queen/rook test over every pair of
 * features and every pair of boundary segments (different formulas from the library's hash grid),
 * k nearest and distance bands from centroids computed here (shoelace about the origin, distances
 * by the chord of unit vectors), and hand-made shapes whose answers are known by construction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/geojson.h"
#include "nqpf/spatial.h"

/* ---- the brute-force reference --------------------------------------------------------------- */

typedef struct bseg {
    double ax, ay, bx, by;
} bseg;

/* Every boundary segment of feature i. */
static bseg *segments(const nqpf_geo *g, size_t i, size_t *n)
{
    size_t cap = 0;
    for (size_t r = 0; r < nqpf_geo_nrings(g, i); r++)
        cap += nqpf_geo_ring(g, i, r, NULL);
    bseg *s = calloc(cap + 1, sizeof *s);
    *n = 0;
    for (size_t r = 0; r < nqpf_geo_nrings(g, i); r++) {
        const double *p;
        size_t m = nqpf_geo_ring(g, i, r, &p);
        for (size_t k = 0; k + 1 < m; k++)
            s[(*n)++] = (bseg){p[2 * k], p[2 * k + 1], p[2 * k + 2], p[2 * k + 3]};
    }
    return s;
}

/* Distance from (px, py) to segment s, by the closest point's parameter. */
static double point_segment(double px, double py, const bseg *s)
{
    double vx = s->bx - s->ax, vy = s->by - s->ay, l = vx * vx + vy * vy;
    double t = l > 0 ? ((px - s->ax) * vx + (py - s->ay) * vy) / l : 0;
    t = fmax(0, fmin(1, t));
    return hypot(s->ax + t * vx - px, s->ay + t * vy - py);
}

/* Distance between two segments: 0 when they intersect (solved as a 2 x 2 linear system), else the
 * smallest distance from an end of one to the other. */
static double segment_segment(const bseg *a, const bseg *b)
{
    double rx = a->bx - a->ax, ry = a->by - a->ay, sx = b->bx - b->ax, sy = b->by - b->ay;
    double den = rx * sy - ry * sx;
    if (den != 0) {
        double t = ((b->ax - a->ax) * sy - (b->ay - a->ay) * sx) / den;
        double u = ((b->ax - a->ax) * ry - (b->ay - a->ay) * rx) / den;
        if (t >= 0 && t <= 1 && u >= 0 && u <= 1)
            return 0;
    }
    return fmin(fmin(point_segment(a->ax, a->ay, b), point_segment(a->bx, a->by, b)),
                fmin(point_segment(b->ax, b->ay, a), point_segment(b->bx, b->by, a)));
}

/* The length of the part of segment a that lies in the band of half-width tol around segment b
 * (within tol of b's line and over b's extent), in b's frame: the set of a's parameters s in [0, 1]
 * meeting the linear inequalities |off(s)| <= tol and 0 <= along(s) <= |b|. */
static double band_overlap(const bseg *a, const bseg *b, double tol)
{
    double bl = hypot(b->bx - b->ax, b->by - b->ay);
    if (bl == 0)
        return 0;
    double ux = (b->bx - b->ax) / bl, uy = (b->by - b->ay) / bl;
    double al0 = (a->ax - b->ax) * ux + (a->ay - b->ay) * uy, al1 = (a->bx - b->ax) * ux + (a->by - b->ay) * uy;
    double of0 = -(a->ax - b->ax) * uy + (a->ay - b->ay) * ux, of1 = -(a->bx - b->ax) * uy + (a->by - b->ay) * ux;
    double lo = 0, hi = 1;
    /* c0 + (c1 - c0) s in [lo_v, hi_v] */
    double c[2][2] = {{al0, al1}, {of0, of1}}, lim[2][2] = {{0, bl}, {-tol, tol}};
    for (int k = 0; k < 2; k++) {
        double c0 = c[k][0], d = c[k][1] - c[k][0];
        if (d == 0) {
            if (c0 < lim[k][0] || c0 > lim[k][1])
                return 0;
            continue;
        }
        double s1 = (lim[k][0] - c0) / d, s2 = (lim[k][1] - c0) / d;
        lo = fmax(lo, fmin(s1, s2));
        hi = fmin(hi, fmax(s1, s2));
    }
    return hi > lo ? (hi - lo) * hypot(a->bx - a->ax, a->by - a->ay) : 0;
}

/* Brute-force adjacency (n x n, 1 = neighbours) of the features of g. */
static unsigned char *brute(const nqpf_geo *g, int rook, double tol)
{
    size_t n = nqpf_geo_count(g);
    unsigned char *adj = calloc(n * n, 1);
    bseg **s = calloc(n, sizeof *s);
    size_t *ns = calloc(n, sizeof *ns);
    double (*box)[4] = calloc(n, sizeof *box);
    for (size_t i = 0; i < n; i++) {
        s[i] = segments(g, i, &ns[i]);
        box[i][0] = box[i][1] = INFINITY;
        box[i][2] = box[i][3] = -INFINITY;
        for (size_t k = 0; k < ns[i]; k++) {
            box[i][0] = fmin(box[i][0], fmin(s[i][k].ax, s[i][k].bx));
            box[i][1] = fmin(box[i][1], fmin(s[i][k].ay, s[i][k].by));
            box[i][2] = fmax(box[i][2], fmax(s[i][k].ax, s[i][k].bx));
            box[i][3] = fmax(box[i][3], fmax(s[i][k].ay, s[i][k].by));
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            /* Features whose boxes are further apart than tol cannot touch. */
            if (box[i][0] > box[j][2] + tol || box[j][0] > box[i][2] + tol || box[i][1] > box[j][3] + tol ||
                box[j][1] > box[i][3] + tol)
                continue;
            int hit = 0;
            for (size_t a = 0; a < ns[i] && !hit; a++) {
                const bseg *p = &s[i][a];
                double px0 = fmin(p->ax, p->bx) - tol, px1 = fmax(p->ax, p->bx) + tol;
                double py0 = fmin(p->ay, p->by) - tol, py1 = fmax(p->ay, p->by) + tol;
                /* A segment away from the other feature's box meets none of its segments. */
                if (px1 < box[j][0] || px0 > box[j][2] || py1 < box[j][1] || py0 > box[j][3])
                    continue;
                for (size_t b = 0; b < ns[j] && !hit; b++) {
                    const bseg *q = &s[j][b];
                    if (fmax(q->ax, q->bx) < px0 || fmin(q->ax, q->bx) > px1 || fmax(q->ay, q->by) < py0 ||
                        fmin(q->ay, q->by) > py1)
                        continue;
                    /* Rook: a stretch longer than 100 x tol (the definition in docs/spatial.md). */
                    if (rook)
                        hit = band_overlap(p, q, tol) > 100 * tol || band_overlap(q, p, tol) > 100 * tol;
                    else
                        hit = segment_segment(p, q) <= tol;
                }
            }
            adj[i * n + j] = adj[j * n + i] = (unsigned char)hit;
        }
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
    free(ns);
    free(box);
    return adj;
}

/* The library's edge table as an adjacency matrix over the features' order. */
static unsigned char *from_edges(const nqpf_geo *g, const nqpf_table *t)
{
    size_t n = nqpf_geo_count(g);
    unsigned char *adj = calloc(n * n, 1);
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        const char *f = nqpf_table_text(t, 0, r), *to = nqpf_table_text(t, 1, r);
        size_t i = n, j = n;
        for (size_t k = 0; k < n; k++) {
            if (strcmp(nqpf_geo_key(g, k), f) == 0)
                i = k;
            if (strcmp(nqpf_geo_key(g, k), to) == 0)
                j = k;
        }
        assert_true(i < n && j < n && i != j);
        assert_int_equal(adj[i * n + j], 0); /* no link twice */
        adj[i * n + j] = 1;
    }
    /* Sorted by (from, to) in byte order. */
    for (size_t r = 1; r < nqpf_table_nrows(t); r++) {
        int c = strcmp(nqpf_table_text(t, 0, r - 1), nqpf_table_text(t, 0, r));
        assert_true(c < 0 || (c == 0 && strcmp(nqpf_table_text(t, 1, r - 1), nqpf_table_text(t, 1, r)) < 0));
    }
    return adj;
}

static size_t compare(const nqpf_geo *g, const unsigned char *want, const unsigned char *got, const char *what)
{
    size_t n = nqpf_geo_count(g), links = 0, bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            links += want[i * n + j];
            if (want[i * n + j] != got[i * n + j] && bad++ < 5)
                fprintf(stderr, "%s: %s - %s: brute force %d, nqpf %d\n", what, nqpf_geo_key(g, i), nqpf_geo_key(g, j),
                        want[i * n + j], got[i * n + j]);
        }
    assert_int_equal(bad, 0);
    return links;
}

/* Queen and rook of file rel (key prop) vs brute force at the default tolerance; returns the link
 * counts (directed) in q and r. */
static void check_file(const char *rel, const char *key, size_t *q, size_t *r)
{
    nqpf_geo *g = NULL;
    assert_int_equal(nqpf_geo_read(&g, tu_source(rel), key), NQPF_OK);
    double tol = 1e-7 * nqpf_geo_diagonal(g);
    for (int rook = 0; rook < 2; rook++) {
        nqpf_contiguity_options o;
        assert_int_equal(nqpf_contiguity_options_init(&o, NQPF_CONTIGUITY_OPTIONS_VERSION), NQPF_OK);
        assert_int_equal(nqpf_contiguity_parse(&o, rook ? "rook" : "queen"), NQPF_OK);
        nqpf_table *t = NULL;
        assert_int_equal(nqpf_geo_neighbours(&t, g, &o), NQPF_OK);
        unsigned char *want = brute(g, rook, tol), *got = from_edges(g, t);
        size_t links = compare(g, want, got, rook ? "rook" : "queen");
        assert_int_equal(links, nqpf_table_nrows(t));
        *(rook ? r : q) = links;
        free(want);
        free(got);
        nqpf_table_free(t);
    }
    nqpf_geo_free(g);
}

static void nc_counties_queen_rook(void **state)
{
    (void)state;
    size_t q, r;
    check_file("tests/data/geo/nc_counties.geojson", "FIPSNO", &q, &r);
    fprintf(stderr, "nc counties: queen %zu links, rook %zu links\n", q, r);
    assert_true(q > r); /* some counties meet at a corner only */
    assert_true(q > 400 && q < 600);
}

/* PySAL's sids2.gal (../shared/reference/spatial/moran_sids2_esda/edges.csv: the same 100 counties,
 * 462 directed links by FIPSNO) is a published neighbour list of these counties; our rook
 * contiguity from the polygons is compared with it link by link. */
static void nc_counties_rook_vs_sids2_gal(void **state)
{
    (void)state;
    const char *path = tu_shared("reference/spatial/moran_sids2_esda/edges.csv");
    if (!path)
        skip();
    nqpf_table *ref = tu_read(path);
    nqpf_geo *g = NULL;
    assert_int_equal(nqpf_geo_read(&g, tu_source("tests/data/geo/nc_counties.geojson"), "FIPSNO"), NQPF_OK);
    size_t n = nqpf_geo_count(g);
    unsigned char *want = calloc(n * n, 1);
    for (size_t r = 0; r < nqpf_table_nrows(ref); r++) {
        char b1[64], b2[64];
        const char *f = nqpf_table_cell_str(ref, 0, r, b1, sizeof b1), *t = nqpf_table_cell_str(ref, 1, r, b2, sizeof b2);
        size_t i = n, j = n;
        for (size_t k = 0; k < n; k++) {
            if (strcmp(nqpf_geo_key(g, k), f) == 0)
                i = k;
            if (strcmp(nqpf_geo_key(g, k), t) == 0)
                j = k;
        }
        assert_true(i < n && j < n);
        want[i * n + j] = 1;
    }
    nqpf_contiguity_options o = NQPF_CONTIGUITY_OPTIONS_INIT;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_contiguity_parse(&o, "rook"), NQPF_OK);
    assert_int_equal(nqpf_geo_neighbours(&t, g, &o), NQPF_OK);
    unsigned char *got = from_edges(g, t);
    assert_int_equal(compare(g, want, got, "rook vs sids2.gal"), 462);
    free(want);
    free(got);
    nqpf_table_free(t);
    nqpf_table_free(ref);
    nqpf_geo_free(g);
}

static void jiangsu_cities_queen_rook(void **state)
{
    (void)state;
    size_t q, r;
    /* Three of the outlines touch themselves at a vertex (tests/data/geo/README.md). */
    check_file("tests/data/geo/jiangsu_cities.geojson", "name", &q, &r);
    fprintf(stderr, "jiangsu cities: queen %zu links, rook %zu links\n", q, r);
    assert_true(q >= r && r > 0);
}

/* ---- hand-made shapes ------------------------------------------------------------------------ */

/* A: [0,2]x[0,1]; B: [1,3]x[1,2] (shares y = 1 over x in [1, 2], no common vertex); C: [2,3]x[-1,0]
 * (touches A at the corner (2, 0) only); D: [0,2]x[-1,-1e-6] (1e-6 below A's bottom edge), given as
 * an unclosed ring; E: a ring touching itself at (5, 5) (a bow tie made of two triangles), far from
 * the others; F: [10,14]^2 with a hole [11,12]^2, G: the square [11,12]^2 inside that hole. */
static const char *shapes =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"A\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[0,0],[2,0],[2,1],[0,1],[0,0]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[1,1],[3,1],[3,2],[1,2],[1,1]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"C\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":"
    "[[[[2,-1],[3,-1],[3,0],[2,0],[2,-1]]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"D\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[0,-1],[2,-1],[2,-0.000001],[0,-0.000001]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"E\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[4,4],[5,5],[6,4],[6,6],[5,5],[4,6],[4,4]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"F\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[10,10],[14,10],[14,14],[10,14],[10,10]],[[11,11],[11,12],[12,12],[12,11],[11,11]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"G\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[11,11],[12,11],[12,12],[11,12]]]}}]}";

static char *links_text(const nqpf_table *t)
{
    static char buf[1024];
    buf[0] = 0;
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        strcat(buf, nqpf_table_text(t, 0, r));
        strcat(buf, nqpf_table_text(t, 1, r));
        strcat(buf, " ");
    }
    return buf;
}

static char *neighbours(const nqpf_geo *g, const char *kind, double snap)
{
    nqpf_contiguity_options o = NQPF_CONTIGUITY_OPTIONS_INIT;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_contiguity_parse(&o, kind), NQPF_OK);
    o.snap = snap;
    assert_int_equal(nqpf_geo_neighbours(&t, g, &o), NQPF_OK);
    char *s = links_text(t);
    nqpf_table_free(t);
    return s;
}

static void hand_made_shapes(void **state)
{
    (void)state;
    nqpf_geo *g = NULL;
    assert_int_equal(nqpf_geo_parse(&g, shapes, strlen(shapes), "shapes", "id"), NQPF_OK);
    assert_int_equal(nqpf_geo_count(g), 7);
    /* The unclosed rings were closed. */
    const double *p;
    size_t m = nqpf_geo_ring(g, 3, 0, &p);
    assert_int_equal(m, 5);
    assert_true(p[0] == p[8] && p[1] == p[9]);
    /* Exact (snap 0): A-B rook (overlap without a shared vertex), A-C queen only, C-D rook (x = 2),
     * F-G through the hole; the bow tie E touches nothing. */
    assert_string_equal(neighbours(g, "queen", 0), "AB AC BA CA CD DC FG GF ");
    assert_string_equal(neighbours(g, "rook", 0), "AB BA CD DC FG GF ");
    /* The default tolerance, 1e-7 of the diagonal (about 2e-6 here), closes the 1e-6 gap to D. */
    assert_string_equal(neighbours(g, "queen", -1), "AB AC AD BA CA CD DA DC FG GF ");
    assert_string_equal(neighbours(g, "rook", -1), "AB AD BA CD DA DC FG GF ");
    /* The hole's area is taken out of F's centroid: (16 (12, 12) - 1 (11.5, 11.5)) / 15. */
    double x, y;
    nqpf_geo_centroid(g, 5, &x, &y);
    assert_true(fabs(x - (16 * 12.0 - 11.5) / 15) < 1e-12 && fabs(y - (16 * 12.0 - 11.5) / 15) < 1e-12);
    assert_true(nqpf_geo_is_lonlat(g));
    nqpf_geo_free(g);
}

/* ---- knn and distance bands against centroids and distances computed here ------------------- */

static void centroid_here(const nqpf_geo *g, size_t i, double *cx, double *cy)
{
    double a = 0, sx = 0, sy = 0;
    for (size_t r = 0; r < nqpf_geo_nrings(g, i); r++) {
        const double *p;
        size_t m = nqpf_geo_ring(g, i, r, &p);
        double ra = 0, rx = 0, ry = 0;
        for (size_t k = 0; k + 1 < m; k++) {
            double c = p[2 * k] * p[2 * k + 3] - p[2 * k + 2] * p[2 * k + 1];
            ra += c / 2;
            rx += (p[2 * k] + p[2 * k + 2]) * c / 6;
            ry += (p[2 * k + 1] + p[2 * k + 3]) * c / 6;
        }
        /* The first ring of each part is its outer ring; GeoJSON holes are the later rings of a
         * part. These files have no holes, so every ring is an outer ring: orientation-free. */
        double sg = ra < 0 ? -1 : 1;
        a += sg * ra;
        sx += sg * rx;
        sy += sg * ry;
    }
    *cx = sx / a;
    *cy = sy / a;
}

static double chord_km(double lon1, double lat1, double lon2, double lat2)
{
    double d = M_PI / 180;
    double x1 = cos(lat1 * d) * cos(lon1 * d), y1 = cos(lat1 * d) * sin(lon1 * d), z1 = sin(lat1 * d);
    double x2 = cos(lat2 * d) * cos(lon2 * d), y2 = cos(lat2 * d) * sin(lon2 * d), z2 = sin(lat2 * d);
    double c = sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2) + (z1 - z2) * (z1 - z2));
    return 2 * 6371.0088 * asin(c / 2);
}

static void knn_and_distance(void **state)
{
    (void)state;
    nqpf_geo *g = NULL;
    assert_int_equal(nqpf_geo_read(&g, tu_source("tests/data/geo/nc_counties.geojson"), "FIPSNO"), NQPF_OK);
    size_t n = nqpf_geo_count(g);
    assert_int_equal(n, 100);
    assert_true(nqpf_geo_is_lonlat(g));
    double *cx = calloc(n, sizeof *cx), *cy = calloc(n, sizeof *cy), *dd = calloc(n * n, sizeof *dd);
    for (size_t i = 0; i < n; i++) {
        double lx, ly;
        centroid_here(g, i, &cx[i], &cy[i]);
        nqpf_geo_centroid(g, i, &lx, &ly);
        assert_true(fabs(lx - cx[i]) < 1e-9 && fabs(ly - cy[i]) < 1e-9);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            dd[i * n + j] = chord_km(cx[i], cy[i], cx[j], cy[j]);
    /* knn:4: the 4 smallest distances of each county, ties by key (none occur at this precision). */
    unsigned char *want = calloc(n * n, 1);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 4; k++) {
            size_t best = n;
            for (size_t j = 0; j < n; j++)
                if (j != i && !want[i * n + j] &&
                    (best == n || dd[i * n + j] < dd[i * n + best] ||
                     (dd[i * n + j] == dd[i * n + best] && strcmp(nqpf_geo_key(g, j), nqpf_geo_key(g, best)) < 0)))
                    best = j;
            want[i * n + best] = 1;
        }
    nqpf_contiguity_options o = NQPF_CONTIGUITY_OPTIONS_INIT;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_contiguity_parse(&o, "knn:4"), NQPF_OK);
    assert_int_equal(nqpf_geo_neighbours(&t, g, &o), NQPF_OK);
    unsigned char *got = from_edges(g, t);
    assert_int_equal(compare(g, want, got, "knn:4"), 400);
    free(got);
    nqpf_table_free(t);
    /* distance:50 (km): every pair of centroids at most 50 km apart; no pair lies within 1 m of the
     * band's edge, so rounding cannot decide. */
    memset(want, 0, n * n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            assert_true(fabs(dd[i * n + j] - 50) > 1e-3);
            want[i * n + j] = dd[i * n + j] <= 50;
        }
    assert_int_equal(nqpf_contiguity_parse(&o, "distance:50"), NQPF_OK);
    assert_int_equal(nqpf_geo_neighbours(&t, g, &o), NQPF_OK);
    got = from_edges(g, t);
    size_t links = compare(g, want, got, "distance:50");
    fprintf(stderr, "nc counties: distance:50 km gives %zu links\n", links);
    assert_true(links > 0);
    free(got);
    nqpf_table_free(t);
    free(want);
    free(cx);
    free(cy);
    free(dd);
    nqpf_geo_free(g);
}

/* ---- weights built from the edges give the same Moran's I as a hand-typed list --------------- */

static void edges_feed_weights(void **state)
{
    (void)state;
    nqpf_geo *g = NULL;
    assert_int_equal(nqpf_geo_parse(&g, shapes, strlen(shapes), "shapes", "id"), NQPF_OK);
    nqpf_contiguity_options o = NQPF_CONTIGUITY_OPTIONS_INIT;
    nqpf_table *t = NULL;
    o.snap = 0;
    assert_int_equal(nqpf_geo_neighbours(&t, g, &o), NQPF_OK);
    const char *ids[] = {"A", "B", "C", "F", "G"};
    nqpf_weights *w = NULL;
    assert_int_equal(nqpf_weights_from_edges(&w, t, ids, 5, NULL), NQPF_OK);
    const size_t *nb;
    assert_int_equal(nqpf_weights_row(w, 0, &nb, NULL), 2); /* A: B, C */
    assert_int_equal(nb[0], 1);
    assert_int_equal(nb[1], 2);
    assert_int_equal(nqpf_weights_row(w, 3, &nb, NULL), 1); /* F: G */
    assert_int_equal(nb[0], 4);
    nqpf_weights_free(w);
    nqpf_table_free(t);
    nqpf_geo_free(g);
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void errors(void **state)
{
    (void)state;
    nqpf_geo *g = NULL;
    const char *fc1 = "{\"type\":\"FeatureCollection\",\"features\":[";
    char buf[2048];
    tu_assert_error(nqpf_geo_parse(&g, "{\"type\":\"Feature\"}", 18, "x.geojson", "id"), NQPF_EDATA,
                    "x.geojson: expected a GeoJSON FeatureCollection");
    tu_assert_error(nqpf_geo_parse(&g, "[1,", 3, "x.geojson", "id"), NQPF_EDATA, "x.geojson: line 1");
    snprintf(buf, sizeof buf, "%s]}", fc1);
    tu_assert_error(nqpf_geo_parse(&g, buf, strlen(buf), "x.geojson", "id"), NQPF_EDATA, "empty FeatureCollection");
    const char *sq = "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}";
    snprintf(buf, sizeof buf,
             "%s{\"type\":\"Feature\",\"properties\":{\"id\":1},%s,{\"type\":\"Feature\",\"properties\":{\"id\":2},"
             "\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}]}", fc1, sq);
    tu_assert_error(nqpf_geo_parse(&g, buf, strlen(buf), "x.geojson", "id"), NQPF_EDATA,
                    "x.geojson: feature 1 ('2'): expected a Polygon or MultiPolygon geometry, found a Point");
    snprintf(buf, sizeof buf, "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"a\"},%s]}", fc1, sq);
    tu_assert_error(nqpf_geo_parse(&g, buf, strlen(buf), "x.geojson", "id"), NQPF_EDATA,
                    "x.geojson: feature 0: expected a property 'id'");
    snprintf(buf, sizeof buf, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},%s,{\"type\":\"Feature\","
             "\"properties\":{\"id\":\"a\"},%s]}", fc1, sq, sq);
    tu_assert_error(nqpf_geo_parse(&g, buf, strlen(buf), "x.geojson", "id"), NQPF_EDATA,
                    "x.geojson: features 0 and 1: expected a unique property 'id', found 'a' twice");
    snprintf(buf, sizeof buf, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[[[0,0],[1,0],[0,0]]]}}]}", fc1);
    tu_assert_error(nqpf_geo_parse(&g, buf, strlen(buf), "x.geojson", "id"), NQPF_EDATA,
                    "feature 0, ring 0: expected a ring of at least 3 distinct points, found 2");
    tu_assert_error(nqpf_geo_read(&g, "/nonexistent/x.geojson", "id"), NQPF_EDATA, "/nonexistent/x.geojson: cannot open");
    assert_null(g);
    nqpf_contiguity_options o = NQPF_CONTIGUITY_OPTIONS_INIT;
    tu_assert_error(nqpf_contiguity_parse(&o, "bishop"), NQPF_EUSAGE, "expected queen, rook, knn:K or distance:D, found 'bishop'");
    assert_string_equal(nqpf_error_key(), "contiguity");
    tu_assert_error(nqpf_contiguity_parse(&o, "knn:0"), NQPF_EUSAGE, "knn:K needs a whole number K from 1 to 100000");
    tu_assert_error(nqpf_contiguity_parse(&o, "distance:-1"), NQPF_EUSAGE, "distance:D needs a positive number D");
    assert_int_equal(nqpf_geo_parse(&g, shapes, strlen(shapes), "shapes", "id"), NQPF_OK);
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_contiguity_parse(&o, "knn:7"), NQPF_OK);
    tu_assert_error(nqpf_geo_neighbours(&t, g, &o), NQPF_EUSAGE, "K must be between 1 and 6");
    nqpf_geo_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_made_shapes), cmocka_unit_test(nc_counties_queen_rook),
        cmocka_unit_test(nc_counties_rook_vs_sids2_gal),
        cmocka_unit_test(jiangsu_cities_queen_rook), cmocka_unit_test(knn_and_distance),
        cmocka_unit_test(edges_feed_weights), cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
