/**
 * @file geojson.h
 * @brief Region outlines from GeoJSON and the neighbours they imply: queen and rook contiguity,
 *        k nearest centroids and distance bands.
 *
 * A GeoJSON FeatureCollection (RFC 7946) of Polygon and MultiPolygon features is read into
 * features keyed by one of their properties (the `key`, e.g. an adcode or a name). Rings may be
 * unclosed (they are closed), may touch themselves at a vertex, and holes are boundaries like any
 * other ring. Neighbours are computed from the boundaries (queen, rook) or from area-weighted
 * centroids (knn, distance) and returned as an edge table `from,to` that nqpf_weights_from_edges()
 * reads. See docs/spatial.md for the definitions and the snapping tolerance.
 */
#ifndef NQPF_GEOJSON_H
#define NQPF_GEOJSON_H

#include <stddef.h>

#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Features read from a GeoJSON FeatureCollection: keys and rings. Opaque. */
typedef struct nqpf_geo nqpf_geo;

/**
 * Reads the FeatureCollection in file @p path; each feature's id is its property @p key (a string,
 * or a number written in its shortest decimal form). Errors (NQPF_EDATA, naming the file and the
 * feature index, 0-based as in the file): not JSON, not a FeatureCollection, a feature whose
 * geometry is not a Polygon or MultiPolygon (or is null), a ring with fewer than 3 distinct
 * points, a coordinate that is not a finite number, a feature without the key property or with a
 * key that is neither text nor a number, and a key given to two features (both named). A file with
 * no feature is an error too. @p path "builtin:jiangsu" (Jiangsu's 13 prefecture-level cities, key
 * "name" = 苏州市 …, "adcode") reads the outlines compiled into the library. The caller owns @p *out (nqpf_geo_free()).
 */
int nqpf_geo_read(nqpf_geo **out, const char *path, const char *key);

/** As nqpf_geo_read() for GeoJSON text @p text of @p len bytes; @p source names it in messages. */
int nqpf_geo_parse(nqpf_geo **out, const char *text, size_t len, const char *source, const char *key);

/** Frees features; NULL is allowed. */
void nqpf_geo_free(nqpf_geo *g);

/** Number of features. */
size_t nqpf_geo_count(const nqpf_geo *g);

/** The key of feature @p i (owned by @p g). */
const char *nqpf_geo_key(const nqpf_geo *g, size_t i);

/** Number of rings of feature @p i (outer rings and holes of all its parts). */
size_t nqpf_geo_nrings(const nqpf_geo *g, size_t i);

/**
 * Ring @p r of feature @p i: stores a pointer to its points (x0, y0, x1, y1, ...; owned by @p g)
 * and returns their count. The ring is closed: the last point equals the first.
 */
size_t nqpf_geo_ring(const nqpf_geo *g, size_t i, size_t r, const double **xy);

/**
 * The area-weighted centroid of feature @p i over all its parts (planar, in the coordinate units:
 * each polygon's outer ring counts positive, its holes negative); the mean of the vertices for a
 * feature of zero area.
 */
void nqpf_geo_centroid(const nqpf_geo *g, size_t i, double *x, double *y);

/** Non-zero when every coordinate lies within [-180, 180] x [-90, 90] (longitude/latitude degrees). */
int nqpf_geo_is_lonlat(const nqpf_geo *g);

/** The diagonal of the bounding box of all features, in coordinate units. */
double nqpf_geo_diagonal(const nqpf_geo *g);

/** Which neighbours nqpf_geo_neighbours() computes. */
enum nqpf_contiguity {
    NQPF_CONTIG_QUEEN = 0, /**< boundaries share at least one point (within the snapping tolerance) */
    NQPF_CONTIG_ROOK,      /**< boundaries run within the tolerance over more than 100 x the tolerance */
    NQPF_CONTIG_KNN,       /**< the k nearest centroids (directed; ties by key order) */
    NQPF_CONTIG_DISTANCE   /**< centroids at most d apart */
};

/** Distance between centroids for knn and distance bands. */
enum nqpf_geo_metric {
    NQPF_GEO_METRIC_AUTO = 0, /**< arc when nqpf_geo_is_lonlat(), else euclidean */
    NQPF_GEO_METRIC_ARC,      /**< great-circle (haversine) km, coordinates in degrees */
    NQPF_GEO_METRIC_EUCLIDEAN /**< plain Euclidean distance in coordinate units */
};

/** The version of nqpf_contiguity_options this header describes. */
#define NQPF_CONTIGUITY_OPTIONS_VERSION 1

/** Options of nqpf_geo_neighbours(); initialise with nqpf_contiguity_options_init(). */
typedef struct nqpf_contiguity_options {
    unsigned version;            /**< NQPF_CONTIGUITY_OPTIONS_VERSION */
    enum nqpf_contiguity kind;   /**< default queen */
    size_t k;                    /**< knn: neighbours per feature */
    double d;                    /**< distance: the band (km for arc, coordinate units otherwise) */
    double snap;                 /**< queen/rook tolerance in coordinate units; < 0: 1e-7 x nqpf_geo_diagonal() */
    enum nqpf_geo_metric metric; /**< knn/distance: default auto */
} nqpf_contiguity_options;

#define NQPF_CONTIGUITY_OPTIONS_INIT {NQPF_CONTIGUITY_OPTIONS_VERSION, NQPF_CONTIG_QUEEN, 0, 0.0, -1.0, NQPF_GEO_METRIC_AUTO}

/** Sets @p o to the defaults (queen, automatic tolerance and metric). @p version must be
 *  NQPF_CONTIGUITY_OPTIONS_VERSION (NQPF_EUSAGE otherwise). */
int nqpf_contiguity_options_init(nqpf_contiguity_options *o, unsigned version);

/**
 * Reads the grammar `queen`, `rook`, `knn:K` (K a positive integer) or `distance:D` (D a positive
 * number) into @p o->kind, k and d, leaving the other fields alone. NQPF_EUSAGE keyed "contiguity"
 * (nqpf_error_key()) for anything else.
 */
int nqpf_contiguity_parse(nqpf_contiguity_options *o, const char *text);

/**
 * The neighbours of every feature of @p g as an edge table with text columns `from` and `to`
 * (feature keys), one row per directed link, sorted by (from, to) in byte order of the keys.
 * Queen and rook and distance bands are symmetric (both directions listed); knn lists each feature's
 * k nearest (ties broken by key order), which need not be symmetric. Queen/rook: a bounding-box
 * filter, then a hash grid of the segments of all rings; two segments of different features within
 * the tolerance of each other make the features queen neighbours, two segments that run within the
 * tolerance of each other over a length greater than the tolerance make them rook neighbours.
 * Errors: NQPF_EUSAGE for k not below the number of features or a distance band that is not
 * positive; NQPF_EDATA for two features with the same centroid under knn. The caller owns @p *out.
 */
int nqpf_geo_neighbours(nqpf_table **out, const nqpf_geo *g, const nqpf_contiguity_options *o);

struct nqpf_optset;

/**
 * The edges of nqpf_geo_neighbours() for the GeoJSON file @p path keyed by property @p key (read
 * with nqpf_geo_read()); the table's source is @p path, so that later messages name it. The
 * caller owns @p *out.
 */
int nqpf_geo_edges(nqpf_table **out, const char *path, const char *key, const nqpf_contiguity_options *o);

/** The version of nqpf_geo_weights_options this header describes. */
#define NQPF_GEO_WEIGHTS_OPTIONS_VERSION 1

/** Options of method "weights" (`nqpf weights`): the GeoJSON file, its key and the neighbours. */
typedef struct nqpf_geo_weights_options {
    unsigned version;             /**< NQPF_GEO_WEIGHTS_OPTIONS_VERSION */
    const char *geojson;          /**< the GeoJSON file */
    const char *key;              /**< the property that names the features */
    nqpf_contiguity_options contig;
} nqpf_geo_weights_options;

#define NQPF_GEO_WEIGHTS_OPTIONS_INIT {NQPF_GEO_WEIGHTS_OPTIONS_VERSION, NULL, NULL, NQPF_CONTIGUITY_OPTIONS_INIT}

/** Sets @p o to the defaults; @p version must be NQPF_GEO_WEIGHTS_OPTIONS_VERSION. */
int nqpf_geo_weights_options_init(nqpf_geo_weights_options *o, unsigned version);

/**
 * Fills @p o from the option set of method "weights" (nqpf_method_find("weights"): geojson, key,
 * contiguity, snap, distance), applying the defaults (queen; tolerance 1e-7 of the bounding-box
 * diagonal; distance automatic) and the rules (snap applies to queen and rook, distance to knn and
 * distance bands). Errors: NQPF_EUSAGE keyed by the option. Strings in @p o belong to @p set.
 */
int nqpf_geo_weights_options_parse(nqpf_geo_weights_options *o, const struct nqpf_optset *set);

#ifdef __cplusplus
}
#endif
#endif
