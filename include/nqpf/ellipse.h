/**
 * @file ellipse.h
 * @brief The centre of gravity (weighted mean centre) of a variable over regions, its path from year
 *        to year, and the standard deviational ellipse (ArcGIS "Directional Distribution"), computed
 *        in a projected plane (Albers equal-area conic for China by default).
 *
 * For each year t the regions' points (x_i, y_i) in the plane, with weights w_i (the variable, or 1),
 * give the mean centre X = sum w x / sum w, Y = sum w y / sum w and the weighted covariance
 * S = sum w (dx, dy)'(dx, dy) / sum w. The ellipse's semi-axes are f * sqrt(eigenvalues of S), with
 * f = sqrt(2) by default: ArcGIS's "one standard deviation" for two-dimensional data includes this
 * factor (its adjustment table: 1.41 for one standard deviation); f = 1 is the uncorrected form of
 * Lefever (1926) and Yuill (1971). The rotation is the angle of the long axis clockwise from (grid)
 * north, in [0, 180) degrees, as ArcGIS's Rotation field. See docs/ellipse.md.
 */
#ifndef NQPF_ELLIPSE_H
#define NQPF_ELLIPSE_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the Albers equal-area conic projection (Snyder 1987, pp. 98-103) ---------------------------- */

/** The constants of one Albers equal-area conic projection on an ellipsoid (or a sphere). */
typedef struct nqpf_albers {
    double a;    /**< semi-major axis (the unit of x and y) */
    double e2;   /**< eccentricity squared (0: a sphere of radius a) */
    double lon0; /**< central meridian, degrees */
    double n, C, rho0;
} nqpf_albers;

/**
 * Sets up @p pj for the ellipsoid (@p a, @p e2) with origin latitude @p lat0, central meridian
 * @p lon0 and standard parallels @p lat1 and @p lat2 (degrees). Errors (NQPF_EUSAGE): a <= 0, e2 not
 * in [0, 1), a parallel outside (-90, 90), or lat1 = -lat2 (the cone degenerates).
 */
int nqpf_albers_init(nqpf_albers *pj, double a, double e2, double lat0, double lon0, double lat1, double lat2);

/** Sets up the common Albers projection for China: WGS 84, lat0 = 0, lon0 = 105, parallels 25 and 47 N, metres. */
void nqpf_albers_china(nqpf_albers *pj);

/** Projects (@p lon, @p lat) in degrees to (@p *x, @p *y) in the unit of a (Snyder eqs. 14-1 to 14-4, 3-12). */
void nqpf_albers_forward(const nqpf_albers *pj, double lon, double lat, double *x, double *y);

/**
 * The inverse of nqpf_albers_forward(): (@p x, @p y) to degrees; latitude by Snyder's iteration (3-16)
 * to 1e-12 radians. Points beyond the pole get NaN.
 */
void nqpf_albers_inverse(const nqpf_albers *pj, double x, double y, double *lon, double *lat);

/* ---- the standard deviational ellipse of one point set ------------------------------------------ */

/** The mean centre and standard deviational ellipse of one set of points (nqpf_sde()). */
typedef struct nqpf_sde_result {
    double cx, cy;     /**< the weighted mean centre */
    double sd_major;   /**< semi-major axis: factor * sqrt(largest eigenvalue of the weighted covariance) */
    double sd_minor;   /**< semi-minor axis */
    double rotation;   /**< the long axis, degrees clockwise from north (+y), in [0, 180); 0 for a circle */
    double area;       /**< pi * sd_major * sd_minor */
    double shape;      /**< sd_minor / sd_major (1 for a circle; NaN when sd_major = 0) */
    double wsum;       /**< the total weight */
} nqpf_sde_result;

/**
 * The weighted mean centre and standard deviational ellipse of the @p n points (@p x, @p y) with
 * weights @p w (NULL: all 1), semi-axes scaled by @p factor (sqrt(2) for ArcGIS's one standard
 * deviation, 1 for the uncorrected form). Errors (NQPF_EDATA): n = 0, a weight that is negative or
 * not finite, a total weight of 0.
 */
int nqpf_sde(nqpf_sde_result *r, const double *x, const double *y, const double *w, size_t n, double factor);

/** The compass point of a bearing (degrees clockwise from north): "N", "NE", ..., "NW" (45-degree sectors centred on each). */
const char *nqpf_compass8(double bearing);

/** The Chinese name of the compass point of a bearing: 北, 东北, 东, 东南, 南, 西南, 西, 西北. */
const char *nqpf_compass8_zh(double bearing);

/* ---- the method ------------------------------------------------------------------------------ */

/** The plane the ellipse is computed in (option "projection"). */
typedef enum nqpf_ellipse_projection {
    NQPF_ELLIPSE_ALBERS = 0,  /**< Albers equal-area conic on WGS 84 (parallels, meridian options), km */
    NQPF_ELLIPSE_EQUIRECT = 1, /**< equirectangular on a sphere of 6371.0088 km, scaled at the points' mean latitude, km */
    NQPF_ELLIPSE_NONE = 2     /**< the coordinates are already planar (option coord_unit) */
} nqpf_ellipse_projection;

/** The unit of already-planar coordinates (option "coord_unit", with projection none). */
typedef enum nqpf_ellipse_unit {
    NQPF_ELLIPSE_UNIT_M = 0,  /**< metres (results in km) */
    NQPF_ELLIPSE_UNIT_KM = 1, /**< kilometres */
    NQPF_ELLIPSE_UNIT_DEG = 2 /**< longitude/latitude taken as planar degrees, as a tool on unprojected data does (results in degrees) */
} nqpf_ellipse_unit;

/** The version of nqpf_ellipse_options this header describes (nqpf_ellipse_options_init()). */
#define NQPF_ELLIPSE_OPTIONS_VERSION 1

/** Options for nqpf_ellipse_run(); fill with nqpf_ellipse_options_init() or nqpf_ellipse_options_parse(). */
typedef struct nqpf_ellipse_options {
    unsigned version;                   /**< NQPF_ELLIPSE_OPTIONS_VERSION */
    const char *var;                    /**< option "var": the weights; NULL = every region weighs 1 */
    const char *lon;                    /**< option "coords", first column: longitude (or planar x) */
    const char *lat;                    /**< option "coords", second column: latitude (or planar y) */
    const char *geojson;                /**< option "geojson": points = the centroids of these outlines (instead of coords) */
    const char *geo_key;                /**< option "key": the feature property that names the regions (with geojson) */
    nqpf_ellipse_projection projection; /**< option "projection" (default albers) */
    nqpf_ellipse_unit coord_unit;       /**< option "coord_unit" (projection none only; default m) */
    double lat1, lat2;                  /**< option "parallels": Albers standard parallels (default 25, 47) */
    double lon0;                        /**< option "meridian": central meridian (default 105) */
    double factor;                      /**< option "correction": sqrt(2) (sqrt2, ArcGIS, default) or 1 (none) */
    size_t outline_points;              /**< option "outline_points": vertices of each outline (default 72) */
    nqpf_missing_policy missing;        /**< option "missing": an empty weight cell: refuse (default) or drop */
} nqpf_ellipse_options;

/* clang-format off */
#define NQPF_ELLIPSE_OPTIONS_INIT                                                                          \
    {NQPF_ELLIPSE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NQPF_ELLIPSE_ALBERS, NQPF_ELLIPSE_UNIT_M, 25.0, 47.0, 105.0, \
     1.4142135623730951, 72, NQPF_MISSING_REFUSE}
/* clang-format on */

/** Sets @p o to the defaults; @p version must be NQPF_ELLIPSE_OPTIONS_VERSION (else NQPF_EUSAGE). */
int nqpf_ellipse_options_init(nqpf_ellipse_options *o, unsigned version);

/**
 * Fills @p o from the options of method "ellipse" in @p set (command line or study step): coords
 * must name two columns, or geojson (with key) give outlines instead; parallels two numbers; coord_unit applies to projection none only, and
 * parallels and meridian not to none. The column names point into @p set, which must outlive @p o.
 * Errors: NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_ellipse_options_parse(nqpf_ellipse_options *o, const nqpf_optset *set);

/**
 * Runs the method on @p p. @p *centres gets one row per year (time column under its input name):
 * n (regions used), weight (their total weight), centre_lon, centre_lat (degrees; NaN under
 * projection none with m or km), centre_x, centre_y (the plane, in `unit`), shift (distance from the
 * previous year's centre in the plane), bearing (degrees clockwise from grid north), direction and
 * direction_zh (the compass point), speed (shift per year of the time column), rotation, sd_major,
 * sd_minor, area (unit squared), shape (minor/major) and unit ("km" or "deg"); the first year's
 * shift columns are empty. @p outline (may be NULL) gets the ellipses' outlines: time, point
 * (0..outline_points-1, counter-clockwise from the end of the long axis), x, y (plane), lon, lat.
 * A region's coordinates are its row's, or when empty there its first row's with both; with
 * geojson, the area-weighted centroid (in the file's coordinates, nqpf_geo_centroid()) of the
 * feature whose property key equals the region's id. Errors
 * (NQPF_EDATA): a missing or non-numeric column, a region without coordinates or without a feature,
 * outlines not in longitude/latitude under a projection, a latitude outside
 * [-90, 90] under a projection, a negative weight, an empty weight (missing refuse), a year whose
 * weights sum to 0. The caller owns the tables.
 */
int nqpf_ellipse_run(nqpf_table **centres, nqpf_table **outline, const nqpf_panel *p, const nqpf_ellipse_options *o);

#ifdef __cplusplus
}
#endif
#endif
