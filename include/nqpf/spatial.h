/**
 * @file spatial.h
 * @brief Spatial weights, global Moran's I and Geary's C, local Moran (LISA).
 *
 * A weights object links n units, numbered 0..n-1 in the order of the ids given when it was
 * built (for a panel: nqpf_panel_unit() order). It keeps the raw link weights (1 for contiguity,
 * the file's `weight` column, or d^-power) and applies the style on demand, so that a subset of
 * units (those with data in a year) can be re-standardised. See docs/spatial.md for the formulas.
 */
#ifndef NQPF_SPATIAL_H
#define NQPF_SPATIAL_H

#include <stddef.h>

#include "nqpf/geojson.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_weights nqpf_weights;

/** How raw link weights are transformed before use. */
enum nqpf_weights_style {
    NQPF_WSTYLE_ROW = 0,  /**< "W": each unit's weights divided by their sum (rows sum to 1) */
    NQPF_WSTYLE_BINARY    /**< "B": every link weighs 1, whatever its raw weight */
};

/** Weights built from coordinates. */
enum nqpf_weights_kind {
    NQPF_WKIND_INVDIST = 0, /**< w_ij = d_ij^-power for every pair within max_distance */
    NQPF_WKIND_KNN          /**< w_ij = 1 for the k nearest units of i (not symmetric) */
};

/** Distance between coordinates. */
enum nqpf_distance {
    NQPF_DIST_ARC = 0,  /**< great-circle (haversine) distance in km; x = longitude, y = latitude in degrees */
    NQPF_DIST_EUCLIDEAN /**< plain Euclidean distance in the units of the coordinates */
};

/** The version of nqpf_weights_options this header describes. */
#define NQPF_WEIGHTS_OPTIONS_VERSION 1

/** Options for building weights; initialise with nqpf_weights_options_init(). */
typedef struct nqpf_weights_options {
    unsigned version;              /**< NQPF_WEIGHTS_OPTIONS_VERSION */
    enum nqpf_weights_style style;
    enum nqpf_weights_kind kind;   /**< coordinates only */
    enum nqpf_distance distance;   /**< coordinates only */
    size_t k;                      /**< neighbours for NQPF_WKIND_KNN (default 4) */
    double power;                  /**< exponent of inverse distance (default 1) */
    double max_distance;           /**< inverse distance: links only up to this distance; 0 = all pairs */
} nqpf_weights_options;

#define NQPF_WEIGHTS_OPTIONS_INIT {NQPF_WEIGHTS_OPTIONS_VERSION, NQPF_WSTYLE_ROW, NQPF_WKIND_INVDIST, NQPF_DIST_ARC, 4, 1.0, 0.0}

/** Sets @p o to the defaults (row-standardised inverse arc distance, k = 4, power 1). @p version
 *  must be NQPF_WEIGHTS_OPTIONS_VERSION (NQPF_EUSAGE otherwise). */
int nqpf_weights_options_init(nqpf_weights_options *o, unsigned version);

struct nqpf_optset;

/**
 * Where a method's spatial weights come from: the options weights, weights_from, weights_to,
 * weights_weight, weights_via, weights_via_from, weights_via_to, coords, knn, power, max_distance,
 * distance and style, which `spatial` and `dynamics` share, and geojson, key, contiguity and snap
 * (neighbours from polygons, geojson.h) (filled by their options_parse functions; the strings
 * belong to the option set they were parsed from). One of @p file, @p xcol and @p geojson is set,
 * or none (no weights).
 */
typedef struct nqpf_weights_spec {
    const char *file;     /**< neighbour list, one row per directed link; NULL: none */
    const char *from;     /**< its column holding the id a link starts from ("from") */
    const char *to;       /**< its column holding the id a link goes to ("to") */
    const char *weight;   /**< its column of link weights; NULL: "weight" when present, else 1 */
    const char *via;      /**< id mapping file for a list coded otherwise than the data; NULL: none */
    const char *via_from; /**< column of @p via holding the data's ids */
    const char *via_to;   /**< column of @p via holding the list's codes */
    const char *xcol;     /**< coordinate columns of the data (longitude, latitude); NULL: none */
    const char *ycol;
    nqpf_weights_options o; /**< style; kind, distance, k, power, max_distance for coordinates */
    const char *geojson;    /**< GeoJSON outlines to build the neighbours from (geojson.h); NULL: none */
    const char *geo_key;    /**< the feature property that names the regions (option key) */
    nqpf_contiguity_options contig; /**< queen/rook/knn/distance, snap, distance metric (options contiguity, snap, distance) */
} nqpf_weights_spec;

#define NQPF_WEIGHTS_SPEC_INIT                                                                                       \
    {NULL, "from", "to", NULL, NULL, NULL, NULL, NULL, NULL, NQPF_WEIGHTS_OPTIONS_INIT, NULL, NULL,                  \
     NQPF_CONTIGUITY_OPTIONS_INIT}

/**
 * Reads the neighbour list of @p w (w->file) into an edge table with text columns `from` and `to`
 * (the data's ids) and, when the list has weights, a `weight` column, keeping the file's row
 * numbers for messages; or, with w->geojson, the edges that nqpf_geo_edges() builds from the
 * outlines (keyed by their property w->geo_key; not yet matched to any data ids). With w->via, every code of the list is replaced by the id that the mapping
 * gives it (the first row whose via_to cell equals it); links with a code the mapping lacks are
 * dropped with one warning. Errors: NQPF_EDATA keyed by the option concerned ("weights",
 * "weights_from", "weights_via_to", ...) for a file that cannot be read or a missing column. The
 * caller owns @p *out.
 */
int nqpf_weights_edges(nqpf_table **out, const nqpf_weights_spec *w);

/**
 * Builds the weights @p w describes over the units of @p p: from its neighbour list or GeoJSON
 * (nqpf_weights_edges(), then nqpf_weights_from_edges(); GeoJSON keys are matched to the unit ids
 * by nqpf_region_match(), so that a feature 苏州市 is the unit 苏州, with one warning listing units
 * no feature matches) or from its coordinate columns
 * (nqpf_weights_from_panel_coords()). @p edges (may be NULL) receives the edge table used (NULL for
 * coordinates); the caller owns it and @p *out. NQPF_EUSAGE when @p w names no weights.
 */
int nqpf_weights_build(nqpf_weights **out, nqpf_table **edges, const nqpf_weights_spec *w, const nqpf_panel *p);

/**
 * Builds weights for the units named @p ids[0..n) from an edge table with columns `from`, `to`
 * and optionally `weight` (positive numbers; default 1), each row one directed link between ids
 * (as text, compared exactly; numeric ids are compared by their shortest decimal form). A link whose
 * end is not among @p ids is dropped with one warning that counts them and names the first (the
 * data may be a subset of the map); a unit of @p ids that appears nowhere in the table becomes an
 * island with a warning. Errors (NQPF_EDATA, naming file, row and column): a missing `from`/`to`
 * column, an empty id, a self-link, a duplicate link, a weight that is not a positive number, or no
 * link at all between units of @p ids. The caller owns @p *out (nqpf_weights_free()).
 */
int nqpf_weights_from_edges(nqpf_weights **out, const nqpf_table *edges, const char *const *ids, size_t n,
                            const nqpf_weights_options *o);

/**
 * Reads an edge list file (CSV, or any format nqpf_read_table() reads) and calls
 * nqpf_weights_from_edges(); read errors name the file and row. The caller owns @p *out.
 */
int nqpf_weights_read(nqpf_weights **out, const char *path, const char *const *ids, size_t n,
                      const nqpf_weights_options *o);

/**
 * Builds distance-based weights for @p n units at coordinates (@p x[i], @p y[i]) (longitude and
 * latitude in degrees for NQPF_DIST_ARC), by inverse distance or k nearest neighbours (ties broken
 * by the lower unit index, so the result is deterministic). Errors: NQPF_EDATA for a missing or
 * out-of-range coordinate or two units at the same place (named by @p ids when not NULL);
 * NQPF_EUSAGE for k >= n or a non-positive power. The caller owns @p *out.
 */
int nqpf_weights_from_coords(nqpf_weights **out, const double *x, const double *y, const char *const *ids,
                             size_t n, const nqpf_weights_options *o);

/** Frees weights; NULL is allowed. */
void nqpf_weights_free(nqpf_weights *w);

/** Number of units. */
size_t nqpf_weights_n(const nqpf_weights *w);

/**
 * The links of unit @p i after the style is applied: stores pointers to its neighbour indices and
 * weights (owned by @p w) and returns their count (0 for an island).
 */
size_t nqpf_weights_row(const nqpf_weights *w, size_t i, const size_t **nbr, const double **wt);

/** Number of islands (units without neighbours). */
size_t nqpf_weights_islands(const nqpf_weights *w);

/**
 * Returns new weights over the units with @p keep[i] non-zero (renumbered in order), keeping only
 * links between kept units and re-applying the style to the raw weights. Units whose neighbours
 * were all dropped become islands. The caller owns @p *out.
 */
int nqpf_weights_subset(nqpf_weights **out, const nqpf_weights *w, const unsigned char *keep);

/** Spatial lag: @p lag[i] = sum_j w_ij x[j] (0 for an island). */
void nqpf_weights_lag(const nqpf_weights *w, const double *x, double *lag);

/** The version of nqpf_moran_options this header describes. */
#define NQPF_MORAN_OPTIONS_VERSION 1

/** Options for the Moran and Geary statistics; initialise with nqpf_moran_options_init(). */
typedef struct nqpf_moran_options {
    unsigned version;      /**< NQPF_MORAN_OPTIONS_VERSION */
    size_t permutations;   /**< random permutations for pseudo p-values; 0 = none */
    unsigned long seed;    /**< seed of the mt19937 generator used for the permutations */
} nqpf_moran_options;

#define NQPF_MORAN_OPTIONS_INIT {NQPF_MORAN_OPTIONS_VERSION, 0, 12345}

/** Sets @p o to the defaults (no permutations, seed 12345). @p version must be
 *  NQPF_MORAN_OPTIONS_VERSION (NQPF_EUSAGE otherwise). */
int nqpf_moran_options_init(nqpf_moran_options *o, unsigned version);

/** Global Moran's I and Geary's C of one cross-section, with their moments and tests. */
typedef struct nqpf_moran {
    size_t n;           /**< units used */
    double s0;          /**< sum of all weights */
    double i, e, var_norm, var_rand, z_norm, z_rand, p_norm, p_rand;
    double p_sim;       /**< (1 + #{I_perm >= I}) / (permutations + 1); NaN without permutations */
    double c, c_e, c_var_norm, c_var_rand, c_z_norm, c_z_rand, c_p_norm, c_p_rand;
    double c_p_sim;     /**< (1 + #{C_perm <= C}) / (permutations + 1); NaN without permutations */
} nqpf_moran;

/**
 * Computes global Moran's I and Geary's C of @p x[0..n) (no missing values; n = the units of
 * @p w) under the weights' style. Moments follow Cliff and Ord (1981) under normality and
 * randomisation; z = (I - E[I]) / sd and p is one-sided for positive autocorrelation (upper
 * normal tail), as spdep's moran.test default. For Geary, z = (1 - C) / sd so that a positive z
 * also means positive autocorrelation (spdep geary.test). Permutations shuffle x with GSL's
 * mt19937 seeded by @p o->seed (deterministic). Errors: NQPF_EDATA for n < 4, a constant x, or
 * weights without links.
 */
int nqpf_moran_global(nqpf_moran *out, const nqpf_weights *w, const double *x, const nqpf_moran_options *o);

/** LISA quadrant of a unit (value and lag relative to the mean; 0 counts as low). */
enum nqpf_lisa_quadrant { NQPF_LISA_NONE = 0, NQPF_LISA_HH, NQPF_LISA_LH, NQPF_LISA_LL, NQPF_LISA_HL };

/** Name of a quadrant ("HH", "LH", "LL", "HL"; "" for NQPF_LISA_NONE, used for islands). */
const char *nqpf_lisa_quadrant_name(enum nqpf_lisa_quadrant q);

/** Local Moran statistics of one cross-section; arrays of n values, owned by the caller. */
typedef struct nqpf_lisa {
    double *ii;      /**< I_i = (z_i / m2) sum_j w_ij z_j, m2 = sum z^2 / n */
    double *e;       /**< E[I_i] under conditional randomisation */
    double *var;     /**< Var[I_i] under conditional randomisation */
    double *z;       /**< (I_i - E[I_i]) / sqrt(Var[I_i]) */
    double *p_norm;  /**< two-sided normal p-value */
    double *p_sim;   /**< folded conditional-permutation pseudo p (NaN without permutations) */
    double *lag;     /**< spatial lag of z */
    int *quadrant;   /**< enum nqpf_lisa_quadrant */
} nqpf_lisa;

/**
 * Local Moran's I (Anselin 1995) of @p x[0..n) in the conventions of spdep's localmoran(x, listw,
 * conditional = TRUE, mlvar = TRUE, alternative = "two.sided"): variance divisor n for m2, moments
 * conditional on z_i (Sokal, Oden and Thomson 1998). Pseudo p-values permute the other n - 1
 * values around each unit (conditional permutation, GSL mt19937 seeded by @p o->seed) and use
 * the folded rule (1 + min(#{I >= I_i}, #{I <= I_i})) / (N + 1). Islands get I_i = 0 and missing
 * moments. Every array of @p out must hold n values. Errors: NQPF_EDATA for n < 3 or constant x.
 */
int nqpf_moran_local(nqpf_lisa *out, const nqpf_weights *w, const double *x, const nqpf_moran_options *o);

/** The version of nqpf_spatial_options this header describes. */
#define NQPF_SPATIAL_OPTIONS_VERSION 2

/** Multiple-testing adjustment of local p-values (over the units of one period). */
enum nqpf_p_adjust {
    NQPF_P_ADJUST_NONE = 0,   /**< none */
    NQPF_P_ADJUST_FDR,        /**< Benjamini-Hochberg (1995) false discovery rate q-values */
    NQPF_P_ADJUST_BONFERRONI  /**< Bonferroni: min(1, m p) */
};

/**
 * Adjusts the @p n p-values @p p into @p out (NaN entries are left NaN and not counted in m, the
 * number of tests): NONE copies, BONFERRONI gives min(1, m p), FDR gives the Benjamini-Hochberg
 * q-values q_(i) = min over j >= i of min(1, m p_(j) / j) for the ascending order p_(1) <= ... <=
 * p_(m) (R's p.adjust(method = "BH")). @p out may equal @p p. Returns NQPF_EINTERNAL when memory
 * runs out.
 */
int nqpf_p_adjust(double *out, const double *p, size_t n, enum nqpf_p_adjust method);

/** Options of method "spatial" (the panel-level spatial statistics). */
typedef struct nqpf_spatial_options {
    unsigned version;          /**< NQPF_SPATIAL_OPTIONS_VERSION */
    nqpf_moran_options moran;  /**< permutations and seed */
    const char *var;           /**< the variable (option var) */
    int local;                 /**< also local Moran (option local) */
    nqpf_weights_spec weights; /**< the weights (required) */
    enum nqpf_p_adjust p_adjust; /**< multiple-testing adjustment of the LISA p-values (option p_adjust) */
    double alpha;              /**< significance level of the LISA clusters (option alpha, default 0.05) */
} nqpf_spatial_options;

/* The defaults are the descriptor's: 999 permutations (GeoDa's and PySAL's default), seed 12345. */
#define NQPF_SPATIAL_OPTIONS_INIT                                                                              \
    {NQPF_SPATIAL_OPTIONS_VERSION, {NQPF_MORAN_OPTIONS_VERSION, 999, 12345}, NULL, 0, NQPF_WEIGHTS_SPEC_INIT, \
     NQPF_P_ADJUST_NONE, 0.05}

/**
 * Initialises @p o with the defaults (as NQPF_SPATIAL_OPTIONS_INIT). @p version must be
 * NQPF_SPATIAL_OPTIONS_VERSION (a program built against another header gets NQPF_EUSAGE).
 */
int nqpf_spatial_options_init(nqpf_spatial_options *o, unsigned version);

/**
 * Fills @p o from the option set of method "spatial" (nqpf_method_find("spatial"): var,
 * permutations, seed, local and the weights options), applying the defaults and the rules between
 * options (a neighbour list or coordinates, not both; the coordinate options need coords; ...).
 * Errors: NQPF_EUSAGE keyed by the option (nqpf_error_key()). Strings in @p o belong to @p set.
 */
int nqpf_spatial_options_parse(nqpf_spatial_options *o, const struct nqpf_optset *set);

/**
 * Global Moran's I and Geary's C of column @p var for every year of @p p, with weights @p w over
 * the panel's units (nqpf_panel_unit() order). Units with a missing value in a year are left out of
 * that year together with their links (one warning per year) and the style is re-applied. Result:
 * one row per year (time column, then n, islands, moran_i moran_e moran_var_norm moran_var_rand
 * moran_z_norm moran_z_rand moran_p_norm moran_p_rand [moran_p_sim], geary_c geary_e ...). A year
 * too thin for the statistics gets missing values and a warning; NQPF_EDATA when the panel has
 * fewer than 4 units or no year has statistics. The caller owns @p *out.
 */
int nqpf_spatial_global(nqpf_table **out, const nqpf_panel *p, const char *var, const nqpf_weights *w,
                        const nqpf_spatial_options *o);

/**
 * Local Moran of column @p var for every unit and year of @p p (same missing-value rule as
 * nqpf_spatial_global()). Result: id, time, value, lag, lisa_i, lisa_e, lisa_var, lisa_z, lisa_p_norm,
 * [lisa_p_sim], quadrant, neighbours. NQPF_EDATA when the panel has fewer than 3 units. The caller
 * owns @p *out.
 */
int nqpf_spatial_local(nqpf_table **out, const nqpf_panel *p, const char *var, const nqpf_weights *w,
                       const nqpf_spatial_options *o);

/**
 * Builds weights for the units of @p p from its coordinate columns @p xcol and @p ycol (each unit's
 * first observation with both present; a unit without coordinates is an NQPF_EDATA error naming
 * it). The caller owns @p *out.
 */
int nqpf_weights_from_panel_coords(nqpf_weights **out, const nqpf_panel *p, const char *xcol, const char *ycol,
                                   const nqpf_weights_options *o);

/**
 * Reads an edge list for the units of @p p (see nqpf_weights_from_edges()). The caller owns @p *out.
 */
int nqpf_weights_read_for_panel(nqpf_weights **out, const char *path, const nqpf_panel *p,
                                const nqpf_weights_options *o);

#ifdef __cplusplus
}
#endif
#endif
