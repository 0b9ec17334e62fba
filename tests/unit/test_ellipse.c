/* The centre of gravity and the standard deviational ellipse (src/region/ellipse.c) and the Albers
 * projection (src/geo/albers.c), against independent references:
 * - Albers: Snyder (1987), Map Projections - A Working Manual, USGS PP 1395, pp. 291-292, the
 *   numerical examples for the sphere (R = 1: x = 0.2952720, y = 0.2416774, printed to 7 decimals)
 *   and the Clarke 1866 ellipsoid (x = 1885472.7 m, y = 1535925.0 m, printed to 0.1 m), and the
 *   inverse round trip over China;
 * - the ellipse: ArcGIS's documented formulas ("How Standard Deviational Ellipse works", ArcGIS
 *   10.x help: tan(theta) = (A + B) / C, sigma_x = sqrt(2) sqrt(sum (x cos(theta) - y sin(theta))^2
 *   / n), sigma_y = sqrt(2) sqrt(sum (x sin(theta) + y cos(theta))^2 / n), weighted by w / sum w)
 *   written here, and hand-computed point sets (a symmetric cross, points on a line at 30 degrees
 *   from north, two weighted points) where the answers are exact. The sqrt(2) factor is ArcGIS's
 *   (its table of adjustment factors: 1.41 for one standard deviation in two dimensions);
 *   correction none divides every semi-axis by sqrt(2);
 * - the 31 provinces of ../shared/data/cases/province_sde (copied to tests/data/ellipse), year 2021,
 *   weights X and none, in planar degrees and in the Albers plane for China. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/ellipse.h"
#include "testutil.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)

/* ---- the reference formulas of ArcGIS, written independently ------------------------------------- */

typedef struct arc {
    double cx, cy, sx, sy, theta; /* theta in degrees, the y axis clockwise from north */
} arc;

static arc arcgis(const double *x, const double *y, const double *w, size_t n)
{
    arc r;
    double W = 0, X = 0, Y = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1;
        W += wi;
        X += wi * x[i];
        Y += wi * y[i];
    }
    r.cx = X / W;
    r.cy = Y / W;
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1, a = x[i] - r.cx, b = y[i] - r.cy;
        sxx += wi * a * a;
        syy += wi * b * b;
        sxy += wi * a * b;
    }
    double A = sxx - syy, B = sqrt(A * A + 4 * sxy * sxy), C = 2 * sxy;
    double th = atan((A + B) / C);
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1, a = x[i] - r.cx, b = y[i] - r.cy;
        double u = a * cos(th) - b * sin(th), v = a * sin(th) + b * cos(th);
        s1 += wi * u * u;
        s2 += wi * v * v;
    }
    r.sx = sqrt(2.0) * sqrt(s1 / W);
    r.sy = sqrt(2.0) * sqrt(s2 / W);
    r.theta = th / DEG;
    if (r.theta < 0)
        r.theta += 180;
    return r;
}

/* Compares nqpf_sde() with the ArcGIS formulas: the long axis is ArcGIS's sigma_y at its theta. */
static void check_against_arcgis(const double *x, const double *y, const double *w, size_t n, double tol,
                                 const char *what)
{
    arc a = arcgis(x, y, w, n);
    nqpf_sde_result r, r1;
    assert_int_equal(nqpf_sde(&r, x, y, w, n, sqrt(2.0)), NQPF_OK);
    assert_int_equal(nqpf_sde(&r1, x, y, w, n, 1.0), NQPF_OK);
    assert_true(a.sy >= a.sx);
    double scale = fabs(a.sy) + fabs(a.cx) + fabs(a.cy);
    tu_assert_close(r.cx, a.cx, 0, tol * scale, what);
    tu_assert_close(r.cy, a.cy, 0, tol * scale, what);
    tu_assert_close(r.sd_major, a.sy, tol, 0, what);
    tu_assert_close(r.sd_minor, a.sx, tol, tol * a.sy, what);
    double dr = fabs(r.rotation - a.theta);
    if (dr > 90)
        dr = 180 - dr;
    if (dr > 1e-7)
        fail_msg("%s: rotation %.12f, ArcGIS theta %.12f", what, r.rotation, a.theta);
    tu_assert_close(r.area, PI * a.sx * a.sy, tol, tol * a.sy * a.sy, what);
    tu_assert_close(r.shape, a.sx / a.sy, 0, tol, what);
    /* correction none: the same ellipse without sqrt(2) */
    tu_assert_close(r1.sd_major, a.sy / sqrt(2.0), tol, 0, what);
    tu_assert_close(r1.sd_minor, a.sx / sqrt(2.0), tol, tol * a.sy, what);
    tu_assert_close(r1.rotation, r.rotation, 0, 1e-12, what);
}

/* ---- hand-computable point sets ------------------------------------------------------------------ */

static void test_cross(void **state)
{
    (void)state;
    /* (+-3, 0), (0, +-1) around (10, 20): var_x = 18/4, var_y = 2/4; with sqrt(2): 3 and 1 exactly */
    const double x[] = {13, 7, 10, 10}, y[] = {20, 20, 21, 19};
    nqpf_sde_result r;
    assert_int_equal(nqpf_sde(&r, x, y, NULL, 4, sqrt(2.0)), NQPF_OK);
    tu_assert_close(r.cx, 10, 0, 1e-14, "cross cx");
    tu_assert_close(r.cy, 20, 0, 1e-14, "cross cy");
    tu_assert_close(r.sd_major, 3, 1e-14, 0, "cross major");
    tu_assert_close(r.sd_minor, 1, 1e-14, 0, "cross minor");
    tu_assert_close(r.rotation, 90, 0, 1e-12, "cross rotation (east-west long axis)");
    tu_assert_close(r.area, 3 * PI, 1e-14, 0, "cross area");
    tu_assert_close(r.shape, 1.0 / 3, 1e-14, 0, "cross shape");
    /* uncorrected: standard deviations 3/sqrt(2) and 1/sqrt(2) */
    assert_int_equal(nqpf_sde(&r, x, y, NULL, 4, 1.0), NQPF_OK);
    tu_assert_close(r.sd_major, 3 / sqrt(2.0), 1e-14, 0, "cross major, no sqrt2");
    tu_assert_close(r.sd_minor, 1 / sqrt(2.0), 1e-14, 0, "cross minor, no sqrt2");
    /* the same cross standing north-south */
    assert_int_equal(nqpf_sde(&r, y, x, NULL, 4, sqrt(2.0)), NQPF_OK);
    tu_assert_close(r.rotation, 0, 0, 1e-12, "north-south cross rotation");
    /* a symmetric square cross is a circle: rotation 0, shape 1 */
    const double qx[] = {1, -1, 0, 0}, qy[] = {0, 0, 1, -1};
    assert_int_equal(nqpf_sde(&r, qx, qy, NULL, 4, sqrt(2.0)), NQPF_OK);
    tu_assert_close(r.sd_major, 1, 1e-14, 0, "circle major");
    tu_assert_close(r.shape, 1, 1e-14, 0, "circle shape");
    tu_assert_close(r.rotation, 0, 0, 0, "circle rotation");
}

static void test_rotated_line(void **state)
{
    (void)state;
    /* t * (sin 30, cos 30), t = -2..2: variance along the line (4 + 1 + 0 + 1 + 4) / 5 = 2; with
     * sqrt(2) the semi-major axis is 2, the semi-minor 0, the rotation 30 degrees from north */
    for (int k = 0; k < 4; k++) {
        double ang = 30.0 + 45.0 * k, x[5], y[5];
        for (int i = 0; i < 5; i++) {
            x[i] = 100 + (i - 2) * sin(ang * DEG);
            y[i] = -50 + (i - 2) * cos(ang * DEG);
        }
        nqpf_sde_result r;
        assert_int_equal(nqpf_sde(&r, x, y, NULL, 5, sqrt(2.0)), NQPF_OK);
        tu_assert_close(r.sd_major, 2, 1e-12, 0, "line major");
        tu_assert_close(r.sd_minor, 0, 0, 1e-6, "line minor");
        tu_assert_close(r.rotation, fmod(ang, 180.0), 0, 1e-9, "line rotation");
        tu_assert_close(r.cx, 100, 0, 1e-12, "line cx");
        tu_assert_close(r.cy, -50, 0, 1e-12, "line cy");
    }
}

static void test_weights(void **state)
{
    (void)state;
    /* (0, 0) weight 3 and (4, 0) weight 1: centre (1, 0), variance (3*1 + 1*9)/4 = 3, major sqrt(6) */
    const double x[] = {0, 4}, y[] = {0, 0}, w[] = {3, 1};
    nqpf_sde_result r;
    assert_int_equal(nqpf_sde(&r, x, y, w, 2, sqrt(2.0)), NQPF_OK);
    tu_assert_close(r.cx, 1, 0, 1e-15, "weighted cx");
    tu_assert_close(r.sd_major, sqrt(6.0), 1e-15, 0, "weighted major");
    tu_assert_close(r.sd_minor, 0, 0, 1e-15, "weighted minor");
    tu_assert_close(r.rotation, 90, 0, 1e-12, "weighted rotation");
    tu_assert_close(r.wsum, 4, 0, 0, "weight sum");
    /* integer weights are repeated points */
    const double rx[] = {0, 0, 0, 4}, ry[] = {0, 0, 0, 0};
    nqpf_sde_result r2;
    assert_int_equal(nqpf_sde(&r2, rx, ry, NULL, 4, sqrt(2.0)), NQPF_OK);
    tu_assert_close(r2.sd_major, r.sd_major, 1e-15, 0, "repeated points");
    /* bad weights */
    const double neg[] = {1, -1}, zero[] = {0, 0};
    tu_assert_error(nqpf_sde(&r, x, y, neg, 2, 1), NQPF_EDATA, "expected a weight >= 0");
    tu_assert_error(nqpf_sde(&r, x, y, zero, 2, 1), NQPF_EDATA, "sum to 0");
    tu_assert_error(nqpf_sde(&r, x, y, NULL, 0, 1), NQPF_EDATA, "at least one point");
}

/* Fixed pseudo-random point clouds (a 64-bit LCG), with and without weights. */
static void test_random_vs_arcgis(void **state)
{
    (void)state;
    unsigned long long s = 12345;
#define RND() ((s = s * 6364136223846793005ULL + 1442695040888963407ULL), (double)(s >> 11) / 9007199254740992.0)
    for (int rep = 0; rep < 50; rep++) {
        size_t n = 3 + (size_t)(RND() * 40);
        double x[64], y[64], w[64], c = RND() * 2 - 1;
        for (size_t i = 0; i < n; i++) {
            double u = RND() * 2 - 1, v = RND() * 2 - 1;
            x[i] = 500 + 300 * u;
            y[i] = 3000 + 100 * v + 200 * c * u; /* correlated, either sign */
            w[i] = 0.1 + RND() * 5;
        }
        check_against_arcgis(x, y, NULL, n, 1e-10, "random, unit weights");
        check_against_arcgis(x, y, w, n, 1e-10, "random, weighted");
    }
#undef RND
}

static void test_compass(void **state)
{
    (void)state;
    const double b[] = {0, 22.4, 22.5, 44, 90, 135, 180, 225, 270, 315, 337.4, 337.5, 359.9, -10};
    const char *en[] = {"N", "N", "NE", "NE", "E", "SE", "S", "SW", "W", "NW", "NW", "N", "N", "N"};
    const char *zh[] = {"北", "北", "东北", "东北", "东", "东南", "南", "西南", "西", "西北", "西北", "北", "北", "北"};
    for (size_t i = 0; i < sizeof b / sizeof *b; i++) {
        assert_string_equal(nqpf_compass8(b[i]), en[i]);
        assert_string_equal(nqpf_compass8_zh(b[i]), zh[i]);
    }
    assert_null(nqpf_compass8(NAN));
}

/* ---- Albers: Snyder's numerical examples and round trips ---------------------------------------- */

static void test_albers_snyder(void **state)
{
    (void)state;
    nqpf_albers pj;
    double x, y, lon, lat;
    /* sphere, R = 1 (Snyder p. 291): printed to 7 decimals */
    assert_int_equal(nqpf_albers_init(&pj, 1.0, 0.0, 23, -96, 29.5, 45.5), NQPF_OK);
    tu_assert_close(pj.n, 0.6028370, 0, 5e-8, "sphere n");
    nqpf_albers_forward(&pj, -75, 35, &x, &y);
    tu_assert_close(x, 0.2952720, 0, 5e-8, "sphere x");
    tu_assert_close(y, 0.2416774, 0, 5e-8, "sphere y");
    nqpf_albers_inverse(&pj, x, y, &lon, &lat);
    tu_assert_close(lon, -75, 0, 1e-10, "sphere inverse lon");
    tu_assert_close(lat, 35, 0, 1e-10, "sphere inverse lat");
    /* Clarke 1866 (Snyder p. 292): a = 6378206.4 m, e^2 = 0.00676866; printed to 0.1 m */
    assert_int_equal(nqpf_albers_init(&pj, 6378206.4, 0.00676866, 23, -96, 29.5, 45.5), NQPF_OK);
    tu_assert_close(pj.n, 0.6029035, 0, 5e-8, "ellipsoid n");
    tu_assert_close(pj.C, 1.3491594, 0, 5e-8, "ellipsoid C");
    tu_assert_close(pj.rho0, 9929079.6, 0, 0.05, "ellipsoid rho0");
    nqpf_albers_forward(&pj, -75, 35, &x, &y);
    tu_assert_close(x, 1885472.7, 0, 0.05, "ellipsoid x");
    tu_assert_close(y, 1535925.0, 0, 0.05, "ellipsoid y");
    /* Snyder's inverse example starts from the printed x, y */
    nqpf_albers_inverse(&pj, 1885472.7, 1535925.0, &lon, &lat);
    tu_assert_close(lon, -75, 0, 1e-6, "ellipsoid inverse lon (from printed x, y)");
    tu_assert_close(lat, 35, 0, 1e-6, "ellipsoid inverse lat (from printed x, y)");
    nqpf_albers_inverse(&pj, x, y, &lon, &lat);
    tu_assert_close(lon, -75, 0, 1e-10, "ellipsoid round trip lon");
    tu_assert_close(lat, 35, 0, 1e-10, "ellipsoid round trip lat");
    /* bad set-ups */
    tu_assert_error(nqpf_albers_init(&pj, 1, 0, 0, 0, 30, -30), NQPF_EUSAGE, "symmetric");
    tu_assert_error(nqpf_albers_init(&pj, -1, 0, 0, 0, 30, 40), NQPF_EUSAGE, "a > 0");
}

static void test_albers_china_roundtrip(void **state)
{
    (void)state;
    nqpf_albers pj;
    nqpf_albers_china(&pj);
    double x, y, lon, lat, worst = 0;
    /* the central meridian maps to x = 0; the origin (0 N, 105 E) to (0, 0) */
    nqpf_albers_forward(&pj, 105, 0, &x, &y);
    tu_assert_close(x, 0, 0, 1e-6, "origin x");
    tu_assert_close(y, 0, 0, 1e-6, "origin y");
    for (double la = 15; la <= 55; la += 2.5)
        for (double lo = 70; lo <= 140; lo += 2.5) {
            nqpf_albers_forward(&pj, lo, la, &x, &y);
            nqpf_albers_inverse(&pj, x, y, &lon, &lat);
            worst = fmax(worst, fmax(fabs(lon - lo), fabs(lat - la)));
        }
    if (worst > 1e-9)
        fail_msg("China Albers round trip: worst error %g degrees", worst);
    /* equal area: a 1 x 1 degree cell at 35 N has the ellipsoid's area of that cell (the authalic
     * formula a^2 (1 - e^2)/2 * [q(phi2) - q(phi1)] * dlambda written here from the series-free
     * closed form of the zone area on the ellipsoid, Snyder 3-12) */
    const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), e = sqrt(e2);
    double q[2], px[4], py[4];
    for (int k = 0; k < 2; k++) {
        double s = sin((35.0 + k) * DEG);
        q[k] = (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * log((1 - e * s) / (1 + e * s)));
    }
    double zone = a * a / 2 * (q[1] - q[0]) * (1 * DEG);
    /* the projected cell is bounded by two arcs and two straight meridians: its area is
     * (theta / 2)(rho1^2 - rho2^2) */
    nqpf_albers_forward(&pj, 110, 35, &px[0], &py[0]);
    nqpf_albers_forward(&pj, 111, 35, &px[1], &py[1]);
    nqpf_albers_forward(&pj, 110, 36, &px[2], &py[2]);
    (void)px[3];
    (void)py[3];
    double rho35 = hypot(px[0], pj.rho0 - py[0]), rho36 = hypot(px[2], pj.rho0 - py[2]);
    double theta = pj.n * 1 * DEG;
    tu_assert_close(theta / 2 * (rho35 * rho35 - rho36 * rho36), zone, 1e-9, 0, "Albers is equal-area");
}

/* ---- the method on the 31 provinces ------------------------------------------------------------ */

static nqpf_panel *provinces(void)
{
    nqpf_table *t = tu_read(tu_source("tests/data/ellipse/province_sde.csv"));
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "id", "year"), NQPF_OK);
    return p;
}

static double col(const nqpf_table *t, const char *name, size_t i)
{
    size_t j = nqpf_table_find(t, name);
    if (j == (size_t)-1 || nqpf_table_is_text(t, j))
        fail_msg("no numeric column %s", name);
    return nqpf_table_cnum(t, j)[i];
}

/* The 2021 rows of the provinces: lon, lat, X (in id order). */
static size_t rows2021(double *lon, double *lat, double *w)
{
    nqpf_table *t = tu_read(tu_source("tests/data/ellipse/province_sde.csv"));
    size_t jy = nqpf_table_find(t, "year"), jl = nqpf_table_find(t, "lon"), jb = nqpf_table_find(t, "lat"),
           jx = nqpf_table_find(t, "X"), n = 0;
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (nqpf_table_cnum(t, jy)[i] == 2021) {
            lon[n] = nqpf_table_cnum(t, jl)[i];
            lat[n] = nqpf_table_cnum(t, jb)[i];
            w[n] = nqpf_table_cnum(t, jx)[i];
            n++;
        }
    nqpf_table_free(t);
    return n;
}

static void run_province(nqpf_table **c, nqpf_table **ol, nqpf_ellipse_projection proj, nqpf_ellipse_unit unit,
                         int weighted, double factor)
{
    nqpf_panel *p = provinces();
    nqpf_ellipse_options o;
    assert_int_equal(nqpf_ellipse_options_init(&o, NQPF_ELLIPSE_OPTIONS_VERSION), NQPF_OK);
    o.lon = "lon";
    o.lat = "lat";
    o.var = weighted ? "X" : NULL;
    o.projection = proj;
    o.coord_unit = unit;
    o.factor = factor;
    int rc = nqpf_ellipse_run(c, ol, p, &o);
    if (rc)
        fail_msg("%s", nqpf_error_message());
    nqpf_panel_free(p);
}

static void test_provinces_degrees(void **state)
{
    (void)state;
    double lon[64], lat[64], w[64];
    size_t n = rows2021(lon, lat, w);
    assert_int_equal(n, 31);
    for (int weighted = 0; weighted < 2; weighted++) {
        nqpf_table *c = NULL, *ol = NULL;
        run_province(&c, &ol, NQPF_ELLIPSE_NONE, NQPF_ELLIPSE_UNIT_DEG, weighted, sqrt(2.0));
        assert_int_equal(nqpf_table_nrows(c), 10);
        size_t i = 9; /* 2021 */
        tu_assert_close(col(c, "year", i), 2021, 0, 0, "year");
        arc a = arcgis(lon, lat, weighted ? w : NULL, n);
        tu_assert_close(col(c, "centre_x", i), a.cx, 1e-13, 0, "deg centre x");
        tu_assert_close(col(c, "centre_y", i), a.cy, 1e-13, 0, "deg centre y");
        tu_assert_close(col(c, "centre_lon", i), a.cx, 1e-13, 0, "deg centre lon");
        tu_assert_close(col(c, "sd_major", i), fmax(a.sx, a.sy), 1e-12, 0, "deg major");
        tu_assert_close(col(c, "sd_minor", i), fmin(a.sx, a.sy), 1e-12, 0, "deg minor");
        tu_assert_close(col(c, "rotation", i), a.theta, 0, 1e-9, "deg rotation");
        assert_string_equal(nqpf_table_text(c, nqpf_table_find(c, "unit"), i), "deg");
        /* the shift from 2020 to 2021 */
        double dx = col(c, "centre_x", 9) - col(c, "centre_x", 8), dy = col(c, "centre_y", 9) - col(c, "centre_y", 8);
        tu_assert_close(col(c, "shift", 9), hypot(dx, dy), 1e-14, 0, "shift");
        tu_assert_close(col(c, "speed", 9), hypot(dx, dy), 1e-14, 0, "speed (one year)");
        assert_true(isnan(col(c, "shift", 0)));
        nqpf_table_free(c);
        nqpf_table_free(ol);
    }
}

static void test_provinces_albers(void **state)
{
    (void)state;
    double lon[64], lat[64], w[64], x[64], y[64];
    size_t n = rows2021(lon, lat, w);
    nqpf_albers pj;
    nqpf_albers_china(&pj);
    for (size_t i = 0; i < n; i++) {
        nqpf_albers_forward(&pj, lon[i], lat[i], &x[i], &y[i]);
        x[i] /= 1000;
        y[i] /= 1000;
    }
    for (int weighted = 0; weighted < 2; weighted++) {
        nqpf_table *c = NULL, *ol = NULL;
        run_province(&c, &ol, NQPF_ELLIPSE_ALBERS, NQPF_ELLIPSE_UNIT_M, weighted, sqrt(2.0));
        size_t i = 9;
        arc a = arcgis(x, y, weighted ? w : NULL, n);
        tu_assert_close(col(c, "centre_x", i), a.cx, 1e-12, 1e-9, "albers centre x");
        tu_assert_close(col(c, "centre_y", i), a.cy, 1e-12, 1e-9, "albers centre y");
        tu_assert_close(col(c, "sd_major", i), a.sy, 1e-12, 0, "albers major (km)");
        tu_assert_close(col(c, "sd_minor", i), a.sx, 1e-12, 0, "albers minor (km)");
        tu_assert_close(col(c, "rotation", i), a.theta, 0, 1e-9, "albers rotation");
        tu_assert_close(col(c, "area", i), PI * a.sx * a.sy, 1e-12, 0, "albers area (km2)");
        double clon, clat;
        nqpf_albers_inverse(&pj, a.cx * 1000, a.cy * 1000, &clon, &clat);
        tu_assert_close(col(c, "centre_lon", i), clon, 0, 1e-9, "albers centre lon");
        tu_assert_close(col(c, "centre_lat", i), clat, 0, 1e-9, "albers centre lat");
        /* plausible: the centre of 31 provincial capitals lies in central China */
        assert_true(clon > 108 && clon < 116 && clat > 28 && clat < 35);
        /* every outline point lies on the ellipse, and its lon/lat projects back onto it */
        double sr = sin(a.theta * DEG), cr = cos(a.theta * DEG);
        size_t K = nqpf_table_nrows(ol) / 10;
        assert_int_equal(K, 72);
        for (size_t k = 0; k < K; k++) {
            size_t r = 9 * K + k;
            double px = col(ol, "x", r) - a.cx, py = col(ol, "y", r) - a.cy;
            double u = px * sr + py * cr, v = px * cr - py * sr;
            tu_assert_close(u * u / (a.sy * a.sy) + v * v / (a.sx * a.sx), 1, 1e-9, 0, "outline on the ellipse");
            double bx, by;
            nqpf_albers_forward(&pj, col(ol, "lon", r), col(ol, "lat", r), &bx, &by);
            tu_assert_close(bx / 1000, col(ol, "x", r), 0, 1e-9, "outline lon/lat back to x");
            tu_assert_close(by / 1000, col(ol, "y", r), 0, 1e-9, "outline lon/lat back to y");
        }
        /* bearing and compass of the last shift, from the centres */
        double dx = col(c, "centre_x", 9) - col(c, "centre_x", 8), dy = col(c, "centre_y", 9) - col(c, "centre_y", 8);
        if (hypot(dx, dy) > 0) {
            double b = atan2(dx, dy) / DEG;
            tu_assert_close(col(c, "bearing", 9), b < 0 ? b + 360 : b, 0, 1e-9, "bearing");
            assert_string_equal(nqpf_table_text(c, nqpf_table_find(c, "direction"), 9), nqpf_compass8(b));
        }
        nqpf_table_free(c);
        nqpf_table_free(ol);
    }
    /* the uncorrected form is the corrected one over sqrt(2) */
    nqpf_table *c1 = NULL, *c2 = NULL;
    run_province(&c1, NULL, NQPF_ELLIPSE_ALBERS, NQPF_ELLIPSE_UNIT_M, 1, sqrt(2.0));
    run_province(&c2, NULL, NQPF_ELLIPSE_ALBERS, NQPF_ELLIPSE_UNIT_M, 1, 1.0);
    for (size_t i = 0; i < 10; i++) {
        tu_assert_close(col(c2, "sd_major", i) * sqrt(2.0), col(c1, "sd_major", i), 1e-14, 0, "no sqrt2 major");
        tu_assert_close(col(c2, "area", i) * 2, col(c1, "area", i), 1e-14, 0, "no sqrt2 area");
    }
    nqpf_table_free(c1);
    nqpf_table_free(c2);
}

/* The shared case itself, where present (the in-tree copy must be identical to it). */
static void test_shared_copy(void **state)
{
    (void)state;
    const char *path = tu_shared("data/cases/province_sde/data.csv");
    if (!path)
        skip();
    nqpf_table *a = tu_read(path), *b = tu_read(tu_source("tests/data/ellipse/province_sde.csv"));
    tu_assert_same_table(a, b, "province_sde copy", 0);
    nqpf_table_free(a);
    nqpf_table_free(b);
}

static void test_bad_input(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,year,lon,lat,w\na,1,100,30,1\nb,1,110,95,2\n", "id", "year");
    nqpf_ellipse_options o;
    nqpf_table *c = NULL, *ol = NULL;
    nqpf_ellipse_options_init(&o, NQPF_ELLIPSE_OPTIONS_VERSION);
    o.lon = "lon";
    o.lat = "lat";
    o.var = "w";
    tu_assert_error(nqpf_ellipse_run(&c, &ol, p, &o), NQPF_EDATA, "expected a latitude in [-90, 90]");
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,lon,lat,w\na,1,100,30,-1\nb,1,110,35,2\n", "id", "year");
    tu_assert_error(nqpf_ellipse_run(&c, &ol, p, &o), NQPF_EDATA, "w");
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,lon,lat,w\na,1,100,30,0\nb,1,110,35,0\n", "id", "year");
    tu_assert_error(nqpf_ellipse_run(&c, &ol, p, &o), NQPF_EDATA, "sum to 0");
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,lon,lat,w\na,1,,,1\nb,1,110,35,2\n", "id", "year");
    tu_assert_error(nqpf_ellipse_run(&c, &ol, p, &o), NQPF_EDATA, "no row with both coordinates");
    nqpf_panel_free(p);
    /* missing drop: a region without a weight is left out of that year only */
    p = tu_panel_from_text("id,year,lon,lat,w\na,1,100,30,\na,2,100,30,1\nb,1,110,35,2\nb,2,110,35,1\n", "id", "year");
    tu_assert_error(nqpf_ellipse_run(&c, &ol, p, &o), NQPF_EDATA, "missing");
    o.missing = NQPF_MISSING_DROP;
    assert_int_equal(nqpf_ellipse_run(&c, &ol, p, &o), NQPF_OK);
    tu_assert_close(col(c, "n", 0), 1, 0, 0, "dropped region");
    tu_assert_close(col(c, "n", 1), 2, 0, 0, "kept region");
    nqpf_table_free(c);
    nqpf_table_free(ol);
    nqpf_panel_free(p);
}

/* Points from outlines: the centroids of squares (hand-known) give the same tables as the same
 * points given as columns; the built-in Jiangsu outlines; regions without a feature, projected
 * outlines under a projection and key without geojson are refused. */
static void test_geojson(void **state)
{
    (void)state;
    char gj[1024], proj[1024];
    snprintf(gj, sizeof gj, "%s", tu_write_tmp("squares.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"A\"}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[[100, 30], [101, 30], [101, 31], [100, 31], [100, 30]]]}},"
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"B\"}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[[110, 35], [112, 35], [112, 36], [110, 36], [110, 35]]]}},"
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"C\"}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[[104, 24], [108, 24], [108, 28], [104, 28], [104, 24]]]}}]}"));
    /* centroids (100.5, 30.5), (111, 35.5), (106, 26) */
    nqpf_panel *pg = tu_panel_from_text("id,year,w\nA,1,1\nA,2,2\nB,1,3\nB,2,1\nC,1,2\nC,2,2\n", "id", "year");
    nqpf_panel *pc = tu_panel_from_text("id,year,w,lon,lat\nA,1,1,100.5,30.5\nA,2,2,100.5,30.5\nB,1,3,111,35.5\n"
                                        "B,2,1,111,35.5\nC,1,2,106,26\nC,2,2,106,26\n", "id", "year");
    nqpf_ellipse_options og, oc;
    nqpf_ellipse_options_init(&og, NQPF_ELLIPSE_OPTIONS_VERSION);
    nqpf_ellipse_options_init(&oc, NQPF_ELLIPSE_OPTIONS_VERSION);
    og.var = oc.var = "w";
    og.geojson = gj;
    og.geo_key = "name";
    oc.lon = "lon";
    oc.lat = "lat";
    nqpf_table *cg = NULL, *lg = NULL, *cc = NULL, *lc = NULL;
    if (nqpf_ellipse_run(&cg, &lg, pg, &og) || nqpf_ellipse_run(&cc, &lc, pc, &oc))
        fail_msg("%s", nqpf_error_message());
    tu_assert_same_table(cg, cc, "centres from outlines vs columns", 0);
    tu_assert_same_table(lg, lc, "outline from outlines vs columns", 0);
    /* year 1 in planar degrees, by hand: weights 1, 3, 2 -> centre ((100.5 + 333 + 212) / 6, ...) */
    og.projection = NQPF_ELLIPSE_NONE;
    og.coord_unit = NQPF_ELLIPSE_UNIT_DEG;
    nqpf_table_free(cg);
    nqpf_table_free(lg);
    assert_int_equal(nqpf_ellipse_run(&cg, NULL, pg, &og), NQPF_OK);
    lg = NULL;
    tu_assert_close(col(cg, "centre_x", 0), (100.5 + 3 * 111 + 2 * 106) / 6, 1e-14, 0, "centroid centre x");
    tu_assert_close(col(cg, "centre_y", 0), (30.5 + 3 * 35.5 + 2 * 26) / 6, 1e-14, 0, "centroid centre y");
    nqpf_table_free(cg);
    nqpf_table_free(cc);
    nqpf_table_free(lc);
    /* errors */
    nqpf_panel *pd = tu_panel_from_text("id,year,w\nA,1,1\nD,1,1\n", "id", "year");
    og.projection = NQPF_ELLIPSE_ALBERS;
    tu_assert_error(nqpf_ellipse_run(&cg, NULL, pd, &og), NQPF_EDATA, "region 'D' has no feature whose property 'name'");
    snprintf(proj, sizeof proj, "%s", tu_write_tmp("projected.geojson",
        "{\"type\": \"FeatureCollection\", \"features\": ["
        "{\"type\": \"Feature\", \"properties\": {\"name\": \"A\"}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[[500000, 3000000], [501000, 3000000], [501000, 3001000], [500000, 3000000]]]}}]}"));
    og.geojson = proj;
    tu_assert_error(nqpf_ellipse_run(&cg, NULL, pg, &og), NQPF_EDATA, "expected outlines in longitude/latitude");
    nqpf_panel_free(pd);
    nqpf_panel_free(pg);
    nqpf_panel_free(pc);
    /* the built-in Jiangsu outlines: 13 cities, the centre inside Jiangsu */
    nqpf_geo *g = NULL;
    assert_int_equal(nqpf_geo_read(&g, "builtin:jiangsu", "name"), NQPF_OK);
    char csv[4096] = "id,year\n";
    for (size_t f = 0; f < nqpf_geo_count(g); f++) {
        strcat(csv, nqpf_geo_key(g, f));
        strcat(csv, ",2020\n");
    }
    nqpf_panel *pj = tu_panel_from_text(csv, "id", "year");
    og.geojson = "builtin:jiangsu";
    og.var = NULL;
    if (nqpf_ellipse_run(&cg, NULL, pj, &og))
        fail_msg("%s", nqpf_error_message());
    tu_assert_close(col(cg, "n", 0), 13, 0, 0, "13 cities");
    assert_true(col(cg, "centre_lon", 0) > 118 && col(cg, "centre_lon", 0) < 121);
    assert_true(col(cg, "centre_lat", 0) > 31.5 && col(cg, "centre_lat", 0) < 34);
    nqpf_table_free(cg);
    nqpf_panel_free(pj);
    nqpf_geo_free(g);
}

static void test_options(void **state)
{
    (void)state;
    const nqpf_method *m = nqpf_method_find("ellipse");
    assert_non_null(m);
    struct {
        const char *k1, *v1, *k2, *v2, *key;
    } bad[] = {
        {"coords", "lon", NULL, NULL, "coords"},
        {"coords", "lon,lat", "coord_unit", "km", "coord_unit"},
        {"coords", "lon,lat", "parallels", "25", "parallels"},
        {"coords", "lon,lat", "parallels", "30,-30", "parallels"},
        {"coords", "lon,lat", "projection", "bogus", "projection"},
        {"coords", "lon,lat", "key", "name", "key"},
        {"coords", "lon,lat", "geojson", "x.geojson", "geojson"},
        {"geojson", "x.geojson", NULL, NULL, "key"},
        {"var", "X", NULL, NULL, "coords"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        nqpf_optset *s = NULL;
        nqpf_ellipse_options o;
        assert_int_equal(nqpf_optset_new(&s, m, NQPF_KEYS_PLAIN), NQPF_OK);
        int rc = nqpf_optset_add(s, bad[k].k1, bad[k].v1);
        if (!rc && bad[k].k2)
            rc = nqpf_optset_add(s, bad[k].k2, bad[k].v2);
        if (!rc)
            rc = nqpf_ellipse_options_parse(&o, s);
        assert_int_equal(rc, NQPF_EUSAGE);
        assert_string_equal(nqpf_error_key(), bad[k].key);
        nqpf_optset_free(s);
    }
    nqpf_optset *s = NULL;
    nqpf_ellipse_options o;
    assert_int_equal(nqpf_optset_new(&s, m, NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(s, "coords", "lon,lat"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(s, "correction", "none"), NQPF_OK);
    assert_int_equal(nqpf_ellipse_options_parse(&o, s), NQPF_OK);
    tu_assert_close(o.factor, 1, 0, 0, "correction none");
    tu_assert_close(o.lat1, 25, 0, 0, "default parallel 1");
    tu_assert_close(o.lat2, 47, 0, 0, "default parallel 2");
    tu_assert_close(o.lon0, 105, 0, 0, "default meridian");
    nqpf_optset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cross),
        cmocka_unit_test(test_rotated_line),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_random_vs_arcgis),
        cmocka_unit_test(test_compass),
        cmocka_unit_test(test_albers_snyder),
        cmocka_unit_test(test_albers_china_roundtrip),
        cmocka_unit_test(test_provinces_degrees),
        cmocka_unit_test(test_provinces_albers),
        cmocka_unit_test(test_shared_copy),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_geojson),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
