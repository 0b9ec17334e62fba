/* The centre of gravity and the standard deviational ellipse (nqpf ellipse): the regions' points are
 * projected to a plane (src/geo/albers.c, or equirectangular, or taken as planar), and for each year
 * the weighted mean centre, its shift from the previous year and the ellipse (eigen-decomposition of
 * the weighted 2x2 covariance, semi-axes scaled by sqrt(2) as ArcGIS's Directional Distribution) are
 * computed there; centres and outlines go back to longitude/latitude by the inverse projection. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/ellipse.h"
#include "nqpf/error.h"
#include "nqpf/geojson.h"
#include "util/util.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define EARTH_KM 6371.0088 /* IUGG mean radius */

int nqpf_sde(nqpf_sde_result *r, const double *x, const double *y, const double *w, size_t n, double factor)
{
    double W = 0, sx = 0, sy = 0;
    memset(r, 0, sizeof *r);
    if (!n)
        return nqpf_error_set(NQPF_EDATA, "standard deviational ellipse: expected at least one point, found none");
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (!(wi >= 0) || !isfinite(wi))
            return nqpf_error_set(NQPF_EDATA, "standard deviational ellipse: point %zu: expected a weight >= 0, found %g",
                                  i + 1, wi);
        W += wi;
        sx += wi * x[i];
        sy += wi * y[i];
    }
    if (!(W > 0))
        return nqpf_error_set(NQPF_EDATA, "standard deviational ellipse: the weights sum to 0; give positive weights");
    r->wsum = W;
    r->cx = sx / W;
    r->cy = sy / W;
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0, dx = x[i] - r->cx, dy = y[i] - r->cy;
        sxx += wi * dx * dx;
        syy += wi * dy * dy;
        sxy += wi * dx * dy;
    }
    sxx /= W;
    syy /= W;
    sxy /= W;
    double m = (sxx + syy) / 2, d = hypot((sxx - syy) / 2, sxy);
    double l1 = m + d, l2 = m - d > 0 ? m - d : 0;
    r->sd_major = factor * sqrt(l1);
    r->sd_minor = factor * sqrt(l2);
    if (d <= 1e-14 * m || !(l1 > 0))
        r->rotation = 0; /* a circle (or one point): no direction */
    else {
        /* the long axis makes the angle alpha with +x (counter-clockwise); clockwise from +y is 90 - alpha */
        double alpha = 0.5 * atan2(2 * sxy, sxx - syy) / DEG;
        double rot = fmod(90.0 - alpha, 180.0);
        if (rot < 0)
            rot += 180;
        r->rotation = rot >= 180 ? 0 : rot;
    }
    r->area = PI * r->sd_major * r->sd_minor;
    r->shape = r->sd_major > 0 ? r->sd_minor / r->sd_major : NAN;
    return NQPF_OK;
}

static int compass_index(double bearing)
{
    double b = fmod(bearing, 360.0);
    if (b < 0)
        b += 360;
    return (int)floor((b + 22.5) / 45.0) % 8;
}

const char *nqpf_compass8(double bearing)
{
    static const char *const en[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
    return isfinite(bearing) ? en[compass_index(bearing)] : NULL;
}

const char *nqpf_compass8_zh(double bearing)
{
    static const char *const zh[] = {"北", "东北", "东", "东南", "南", "西南", "西", "西北"};
    return isfinite(bearing) ? zh[compass_index(bearing)] : NULL;
}

/* ---- the plane --------------------------------------------------------------------------------- */

typedef struct plane {
    nqpf_ellipse_projection proj;
    nqpf_albers alb;
    double lon0, coslat; /* equirectangular */
    double to_unit;      /* none: coordinate unit -> output unit */
    int degrees;         /* none: the coordinates are longitude/latitude taken as planar */
} plane;

static void to_plane(const plane *pl, double lon, double lat, double *x, double *y)
{
    switch (pl->proj) {
    case NQPF_ELLIPSE_ALBERS:
        nqpf_albers_forward(&pl->alb, lon, lat, x, y);
        *x /= 1000;
        *y /= 1000;
        return;
    case NQPF_ELLIPSE_EQUIRECT: {
        double dl = fmod(lon - pl->lon0, 360.0);
        if (dl >= 180)
            dl -= 360;
        else if (dl < -180)
            dl += 360;
        *x = EARTH_KM * dl * DEG * pl->coslat;
        *y = EARTH_KM * lat * DEG;
        return;
    }
    case NQPF_ELLIPSE_NONE:
    default:
        *x = lon * pl->to_unit;
        *y = lat * pl->to_unit;
        return;
    }
}

static void from_plane(const plane *pl, double x, double y, double *lon, double *lat)
{
    switch (pl->proj) {
    case NQPF_ELLIPSE_ALBERS:
        nqpf_albers_inverse(&pl->alb, x * 1000, y * 1000, lon, lat);
        return;
    case NQPF_ELLIPSE_EQUIRECT:
        *lon = pl->lon0 + x / (EARTH_KM * pl->coslat) / DEG;
        *lat = y / EARTH_KM / DEG;
        return;
    case NQPF_ELLIPSE_NONE:
    default:
        if (pl->degrees) {
            *lon = x;
            *lat = y;
        } else
            *lon = *lat = NAN;
        return;
    }
}

/* ---- the method -------------------------------------------------------------------------------- */

enum { C_N, C_WEIGHT, C_LON, C_LAT, C_X, C_Y, C_SHIFT, C_BEARING, C_SPEED, C_ROT, C_MAJOR, C_MINOR, C_AREA, C_SHAPE, NC };
static const char *const cnames[NC] = {"n",     "weight",  "centre_lon", "centre_lat", "centre_x", "centre_y", "shift",
                                       "bearing", "speed", "rotation",   "sd_major",   "sd_minor", "area",     "shape"};

int nqpf_ellipse_run(nqpf_table **centres, nqpf_table **outline, const nqpf_panel *p0, const nqpf_ellipse_options *o)
{
    *centres = NULL;
    if (outline)
        *outline = NULL;
    if (!o || o->version != NQPF_ELLIPSE_OPTIONS_VERSION || !((o->lon && o->lat) || (o->geojson && o->geo_key)))
        return nqpf_error_set(NQPF_EUSAGE,
                              "ellipse: expected options from nqpf_ellipse_options_parse() with coords or geojson");
    nqpf_panel *kept = NULL;
    int rc = NQPF_OK;
    if (o->var) {
        const char *const cols[1] = {o->var};
        const char *const purposes[1] = {"ellipse weight"};
        if ((rc = nqpf_panel_apply_missing(&kept, p0, cols, 1, o->missing, "ellipse", purposes)))
            return rc;
    }
    const nqpf_panel *p = kept ? kept : p0;
    const size_t N = nqpf_panel_nobs(p), U = nqpf_panel_nunits(p);
    size_t nt = 0;
    const long *times = nqpf_panel_times(p, &nt);
    const double *lonv = NULL, *latv = NULL, *wv = NULL;
    double *px = NULL, *py = NULL, *ux = NULL, *uy = NULL, *bx = NULL, *by = NULL, *bw = NULL, *cols[NC] = {0};
    double *ot = NULL, *ok = NULL, *ox = NULL, *oy = NULL, *olon = NULL, *olat = NULL, *tcol = NULL;
    const char **dir = NULL, **dirzh = NULL, **unit = NULL;
    size_t *cnt = NULL;
    nqpf_table *tc = NULL, *to = NULL;
    nqpf_geo *geo = NULL;
    char wb[512];
    const char *lon_name = o->geojson ? "centroid x" : o->lon, *lat_name = o->geojson ? "centroid y" : o->lat;
    if (o->geojson) {
        if ((rc = nqpf_geo_read(&geo, o->geojson, o->geo_key)))
            goto done;
        if (o->projection != NQPF_ELLIPSE_NONE && !nqpf_geo_is_lonlat(geo)) {
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s: expected outlines in longitude/latitude degrees for projection %s, found "
                                "coordinates outside [-180, 180] x [-90, 90]; for projected outlines set projection "
                                "none (and coord_unit)",
                                o->geojson, o->projection == NQPF_ELLIPSE_ALBERS ? "albers" : "equirectangular");
            goto done;
        }
    } else if ((rc = nqpf_panel_column(p, o->lon, &lonv)) || (rc = nqpf_panel_column(p, o->lat, &latv)))
        goto done;
    if (o->var && (rc = nqpf_panel_require(p, o->var, NQPF_REQ_NONNEG, NULL, 0, "ellipse weight", &wv)))
        goto done;
    const size_t K = o->outline_points;
    px = nqpf__malloc(N ? N : 1, sizeof *px);
    py = nqpf__malloc(N ? N : 1, sizeof *py);
    ux = nqpf__malloc(U ? U : 1, sizeof *ux);
    uy = nqpf__malloc(U ? U : 1, sizeof *uy);
    bx = nqpf__malloc(N ? N : 1, sizeof *bx);
    by = nqpf__malloc(N ? N : 1, sizeof *by);
    bw = nqpf__malloc(N ? N : 1, sizeof *bw);
    cnt = nqpf__malloc(nt ? nt : 1, sizeof *cnt);
    tcol = nqpf__malloc(nt ? nt : 1, sizeof *tcol);
    dir = nqpf__malloc(nt ? nt : 1, sizeof *dir);
    dirzh = nqpf__malloc(nt ? nt : 1, sizeof *dirzh);
    unit = nqpf__malloc(nt ? nt : 1, sizeof *unit);
    for (size_t j = 0; j < NC; j++)
        if (!(cols[j] = nqpf__malloc(nt ? nt : 1, sizeof *cols[j])))
            rc = NQPF_EINTERNAL;
    if (outline) {
        size_t m = nt * K > 0 ? nt * K : 1;
        ot = nqpf__malloc(m, sizeof *ot);
        ok = nqpf__malloc(m, sizeof *ok);
        ox = nqpf__malloc(m, sizeof *ox);
        oy = nqpf__malloc(m, sizeof *oy);
        olon = nqpf__malloc(m, sizeof *olon);
        olat = nqpf__malloc(m, sizeof *olat);
        if (!ot || !ok || !ox || !oy || !olon || !olat)
            rc = NQPF_EINTERNAL;
    }
    if (rc || !px || !py || !ux || !uy || !bx || !by || !bw || !cnt || !tcol || !dir || !dirzh || !unit) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* each region's fallback coordinates: its first row with both (or its feature's centroid) */
    for (size_t u = 0; u < U && geo; u++) {
        const char *id = nqpf_panel_unit_name(p, u);
        size_t f = 0, nf = nqpf_geo_count(geo);
        while (f < nf && strcmp(nqpf_geo_key(geo, f), id) != 0)
            f++;
        if (f == nf) {
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s: region '%s' has no feature whose property '%s' is '%s' in %s; check the key "
                                "(e.g. name or adcode) and the spelling of the ids",
                                nqpf_panel_where(p, nqpf_panel_unit_begin(p, u), wb, sizeof wb), id, o->geo_key, id,
                                o->geojson);
            goto done;
        }
        nqpf_geo_centroid(geo, f, &ux[u], &uy[u]);
    }
    for (size_t u = 0; u < U && !geo; u++) {
        ux[u] = uy[u] = NAN;
        for (size_t i = nqpf_panel_unit_begin(p, u); i < nqpf_panel_unit_end(p, u); i++)
            if (!isnan(lonv[i]) && !isnan(latv[i])) {
                ux[u] = lonv[i];
                uy[u] = latv[i];
                break;
            }
        if (isnan(ux[u])) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: region '%s' has no row with both coordinates '%s' and '%s'; fill them in",
                                nqpf_panel_where(p, nqpf_panel_unit_begin(p, u), wb, sizeof wb),
                                nqpf_panel_unit_name(p, u), o->lon, o->lat);
            goto done;
        }
    }
    plane pl = {.proj = o->projection, .lon0 = o->lon0, .coslat = 1, .to_unit = 1};
    if (o->projection == NQPF_ELLIPSE_ALBERS) {
        const double f = 1 / 298.257223563;
        if ((rc = nqpf_albers_init(&pl.alb, 6378137.0, f * (2 - f), 0, o->lon0, o->lat1, o->lat2)))
            goto done;
    } else if (o->projection == NQPF_ELLIPSE_NONE) {
        pl.to_unit = o->coord_unit == NQPF_ELLIPSE_UNIT_M ? 0.001 : 1.0;
        pl.degrees = o->coord_unit == NQPF_ELLIPSE_UNIT_DEG;
    }
    double latsum = 0;
    for (size_t i = 0; i < N; i++) {
        size_t u = nqpf_panel_unit(p, i);
        double lo = lonv ? lonv[i] : NAN, la = latv ? latv[i] : NAN;
        if (isnan(lo) || isnan(la)) {
            lo = ux[u];
            la = uy[u];
        }
        if (o->projection != NQPF_ELLIPSE_NONE && !(fabs(la) <= 90 && isfinite(lo))) {
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s, column '%s': expected a latitude in [-90, 90] (and '%s' a finite longitude), found "
                                "%g; are the coordinates swapped or already projected (projection none)?",
                                nqpf_panel_where(p, i, wb, sizeof wb), lat_name, lon_name, la);
            goto done;
        }
        px[i] = lo;
        py[i] = la;
        latsum += la;
    }
    if (o->projection == NQPF_ELLIPSE_EQUIRECT)
        pl.coslat = cos(N ? latsum / (double)N * DEG : 0);
    for (size_t i = 0; i < N; i++)
        to_plane(&pl, px[i], py[i], &px[i], &py[i]);
    const char *un = o->projection == NQPF_ELLIPSE_NONE && o->coord_unit == NQPF_ELLIPSE_UNIT_DEG ? "deg" : "km";
    for (size_t t = 0; t < nt; t++) {
        size_t m = 0;
        for (size_t i = 0; i < N; i++)
            if (nqpf_panel_time(p, i) == times[t]) {
                bx[m] = px[i];
                by[m] = py[i];
                bw[m] = wv ? wv[i] : 1.0;
                m++;
            }
        nqpf_sde_result r;
        if ((rc = nqpf_sde(&r, bx, by, bw, m, o->factor))) {
            rc = nqpf_error_set(rc, "ellipse: %s %ld: the weights '%s' of its %zu regions sum to 0; give a positive "
                                    "weight to at least one region, or leave the year out (option where)",
                                nqpf_panel_time_col(p), times[t], o->var ? o->var : "1", m);
            goto done;
        }
        tcol[t] = (double)times[t];
        cnt[t] = m;
        cols[C_N][t] = (double)m;
        cols[C_WEIGHT][t] = r.wsum;
        cols[C_X][t] = r.cx;
        cols[C_Y][t] = r.cy;
        from_plane(&pl, r.cx, r.cy, &cols[C_LON][t], &cols[C_LAT][t]);
        cols[C_ROT][t] = r.rotation;
        cols[C_MAJOR][t] = r.sd_major;
        cols[C_MINOR][t] = r.sd_minor;
        cols[C_AREA][t] = r.area;
        cols[C_SHAPE][t] = r.shape;
        cols[C_SHIFT][t] = cols[C_BEARING][t] = cols[C_SPEED][t] = NAN;
        dir[t] = dirzh[t] = NULL;
        unit[t] = un;
        if (t > 0) {
            double dx = r.cx - cols[C_X][t - 1], dy = r.cy - cols[C_Y][t - 1], s = hypot(dx, dy);
            cols[C_SHIFT][t] = s;
            cols[C_SPEED][t] = s / (double)(times[t] - times[t - 1]);
            if (s > 0) {
                double b = atan2(dx, dy) / DEG;
                cols[C_BEARING][t] = b < 0 ? b + 360 : b;
                dir[t] = nqpf_compass8(cols[C_BEARING][t]);
                dirzh[t] = nqpf_compass8_zh(cols[C_BEARING][t]);
            }
        }
        if (outline) {
            /* the long axis points along (sin rot, cos rot), the short one along (cos rot, -sin rot) */
            double sr = sin(r.rotation * DEG), cr = cos(r.rotation * DEG);
            for (size_t k = 0; k < K; k++) {
                size_t j = t * K + k;
                double a = 2 * PI * (double)k / (double)K, ca = r.sd_major * cos(a), sa = r.sd_minor * sin(a);
                /* counter-clockwise: from the long axis' end towards the short axis rotated +90 degrees */
                ox[j] = r.cx + ca * sr - sa * cr;
                oy[j] = r.cy + ca * cr + sa * sr;
                ot[j] = (double)times[t];
                ok[j] = (double)k;
                from_plane(&pl, ox[j], oy[j], &olon[j], &olat[j]);
            }
        }
    }
    if (!(tc = nqpf_table_new(nt))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_num(tc, nqpf_panel_time_col(p), tcol, NULL)))
        goto done;
    for (size_t j = 0; j < NC && !rc; j++) {
        rc = nqpf_table_add_num(tc, cnames[j], cols[j], NULL);
        if (!rc && j == C_BEARING)
            rc = nqpf_table_add_text(tc, "direction", dir, NULL) || nqpf_table_add_text(tc, "direction_zh", dirzh, NULL)
                     ? NQPF_EINTERNAL
                     : NQPF_OK;
    }
    if (!rc)
        rc = nqpf_table_add_text(tc, "unit", unit, NULL);
    if (rc)
        goto done;
    if (outline) {
        if (!(to = nqpf_table_new(nt * K))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        if ((rc = nqpf_table_add_num(to, nqpf_panel_time_col(p), ot, NULL)) ||
            (rc = nqpf_table_add_num(to, "point", ok, NULL)) || (rc = nqpf_table_add_num(to, "x", ox, NULL)) ||
            (rc = nqpf_table_add_num(to, "y", oy, NULL)) || (rc = nqpf_table_add_num(to, "lon", olon, NULL)) ||
            (rc = nqpf_table_add_num(to, "lat", olat, NULL)))
            goto done;
    }
    *centres = tc;
    tc = NULL;
    if (outline) {
        *outline = to;
        to = NULL;
    }
done:
    nqpf_table_free(tc);
    nqpf_table_free(to);
    free(px);
    free(py);
    free(ux);
    free(uy);
    free(bx);
    free(by);
    free(bw);
    free(cnt);
    free(tcol);
    free(dir);
    free(dirzh);
    free(unit);
    for (size_t j = 0; j < NC; j++)
        free(cols[j]);
    free(ot);
    free(ok);
    free(ox);
    free(oy);
    free(olon);
    free(olat);
    nqpf_geo_free(geo);
    nqpf_panel_free(kept);
    return rc;
}
