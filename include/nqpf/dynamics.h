/**
 * @file dynamics.h
 * @brief Distribution dynamics: kernel density, quantile classes, Markov and spatial Markov chains.
 *
 * See docs/spatial.md for the formulas (Silverman 1986; Kemeny and Snell 1976; Rey 2001) and the
 * mapping to PySAL giddy and R.
 */
#ifndef NQPF_DYNAMICS_H
#define NQPF_DYNAMICS_H

#include <stddef.h>

#include "nqpf/panel.h"
#include "nqpf/spatial.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Silverman's (1986, eq. 3.31) rule-of-thumb bandwidth for a Gaussian kernel:
 * 0.9 min(sd, IQR/1.34) n^(-1/5), with sd on n - 1 degrees of freedom and the IQR from type-7
 * quantiles (R's bw.nrd0). Falls back to sd when the IQR is 0. Returns NaN when n < 2 or x is
 * constant.
 */
double nqpf_kde_silverman(const double *x, size_t n);

/** Gaussian kernel density of @p x[0..n) with bandwidth @p h at the @p ng points of @p grid. */
void nqpf_kde_eval(double *f, const double *grid, size_t ng, const double *x, size_t n, double h);

/**
 * Local maxima of a density on a grid (f[g] > f[g-1] and f[g] >= f[g+1]; the ends count when
 * higher than their one neighbour). Stores their indices in @p idx (ng entries suffice) and
 * returns their count.
 */
size_t nqpf_kde_peaks(size_t *idx, const double *f, size_t ng);

/**
 * Quantile cut points with the rule of mapclassify's Quantiles: q_j = the 100 j/k percentile of
 * @p x[0..n) by linear interpolation between order statistics (numpy default, R type 7), for
 * j = 1..k-1, stored in @p cuts[0..k-1). The sample is not modified. Returns NQPF_EDATA when n = 0.
 */
int nqpf_quantile_cuts(double *cuts, const double *x, size_t n, size_t k);

/**
 * Class of every value: the number of distinct cut points strictly below it, so that the
 * classes are (-inf, c_1], (c_1, c_2], ..., (c_last, inf) numbered from 0 and duplicate cut
 * points merge classes (as mapclassify drops them). Missing values get class -1.
 */
void nqpf_classify_cuts(int *cls, const double *x, size_t n, const double *cuts, size_t ncuts);

/** A finite Markov chain estimated from class sequences; arrays row-major, k x k. */
typedef struct nqpf_markov {
    size_t k;          /**< number of classes */
    double *counts;    /**< n_ij: transitions from class i to class j */
    double *p;         /**< p_ij = n_ij / n_i. (a row without transitions stays 0) */
    size_t nrecurrent; /**< closed communicating classes (1 for an ergodic chain; 0 if a row is empty) */
    double *steady;    /**< nrecurrent x k: one stationary distribution per closed class */
    double *mfpt;      /**< mean first passage times, diagonal = mean recurrence time; inf where j is not
                             reached with certainty (reducible chains); NaN if a row is empty */
    double *sojourn;   /**< 1 / (1 - p_ii), inf when p_ii = 1, NaN for an empty row */
    double *prais;     /**< 1 - p_ii (Prais mobility), NaN for an empty row */
} nqpf_markov;

/**
 * Estimates a chain from @p cls (unit-major: cls[u * nperiods + t], values 0..k-1, negative =
 * missing): every unit and consecutive pair of periods with both classes present is one
 * transition. Then computes the steady state(s), mean first passage times (Kemeny and Snell:
 * Z = (I - P + 1 pi')^-1, m_ij = (z_jj - z_ij) / pi_j for an irreducible chain; for a reducible one
 * m_ij solves m_ij = 1 + sum_{k != j} p_ik m_kj over the states that reach j with certainty and is
 * inf elsewhere, as giddy), sojourn times and Prais indices with GSL's LU routines. The caller owns @p *out (nqpf_markov_free()).
 */
int nqpf_markov_estimate(nqpf_markov **out, const int *cls, size_t nunits, size_t nperiods, size_t k);

/**
 * Like nqpf_markov_estimate(), but starting from a k x k matrix of transition counts.
 */
int nqpf_markov_from_counts(nqpf_markov **out, const double *counts, size_t k);

/**
 * Spatial Markov (Rey 2001): @p klag chains, chain l counting only the transitions whose origin
 * (unit u, period t) has a spatial lag in class l (@p lagcls, same layout as @p cls). Stores an
 * array of klag chains in @p *out (free each with nqpf_markov_free(), then the array with free()).
 */
int nqpf_markov_spatial(nqpf_markov ***out, const int *cls, const int *lagcls, size_t nunits, size_t nperiods,
                        size_t k, size_t klag);

/** Frees a chain; NULL is allowed. */
void nqpf_markov_free(nqpf_markov *m);

/** How values are put into classes for the Markov chains. */
enum nqpf_class_scope {
    NQPF_CLASS_YEARLY = 0, /**< quantiles of each year's values */
    NQPF_CLASS_POOLED      /**< quantiles of all years' values together */
};

/** The version of nqpf_dynamics_options this header describes. */
#define NQPF_DYNAMICS_OPTIONS_VERSION 1

/** The most fixed cut-offs (classes - 1; classes go up to 100). */
#define NQPF_DYNAMICS_MAX_CUTS 99

/** Options of method "dynamics" (the panel-level distribution dynamics). */
typedef struct nqpf_dynamics_options {
    unsigned version;        /**< NQPF_DYNAMICS_OPTIONS_VERSION */
    size_t grid;             /**< density grid points (default 512) */
    double bandwidth;        /**< kernel bandwidth; 0 = Silverman's rule for each year */
    size_t classes;          /**< Markov classes for quantile cut-offs (default 5) */
    enum nqpf_class_scope scope;
    const double *cuts;      /**< fixed cut-offs (ascending; classes = ncuts + 1); NULL = quantiles, or
                                  cut_values when ncuts > 0 */
    size_t ncuts;
    int relative;            /**< divide values by the unweighted mean of their year first */
    const char *var;         /**< the variable (option var) */
    double cut_values[NQPF_DYNAMICS_MAX_CUTS]; /**< the cut-offs of option cuts (options_parse leaves
                                  cuts NULL and fills these, so that a copy of the struct stays valid) */
    nqpf_weights_spec weights; /**< weights for the spatial Markov chain (optional) */
} nqpf_dynamics_options;

#define NQPF_DYNAMICS_OPTIONS_INIT                                                                                    \
    {NQPF_DYNAMICS_OPTIONS_VERSION, 512, 0.0, 5, NQPF_CLASS_YEARLY, NULL, 0, 0, NULL, {0}, NQPF_WEIGHTS_SPEC_INIT}

struct nqpf_optset;

/**
 * Initialises @p o with the defaults (as NQPF_DYNAMICS_OPTIONS_INIT). @p version must be
 * NQPF_DYNAMICS_OPTIONS_VERSION (a program built against another header gets NQPF_EUSAGE).
 */
int nqpf_dynamics_options_init(nqpf_dynamics_options *o, unsigned version);

/**
 * Fills @p o from the option set of method "dynamics" (nqpf_method_find("dynamics"): var,
 * relative, grid, bandwidth, classes, quantiles, cuts and the weights options shared with
 * "spatial"), applying the defaults and the rules between options (fixed cuts exclude classes and
 * quantiles; cut-offs strictly increasing; ...). Errors: NQPF_EUSAGE keyed by the option
 * (nqpf_error_key()). Strings in @p o belong to @p set.
 */
int nqpf_dynamics_options_parse(nqpf_dynamics_options *o, const struct nqpf_optset *set);

/**
 * Kernel density of column @p var for every year of @p p on one grid common to all years
 * (from the smallest value minus 3 bandwidths to the largest plus 3). @p *shape has one row per
 * year: time, n, mean, sd, bandwidth, peaks, main_peak, main_peak_density, peak_positions (text,
 * ';'-separated), integral (trapezoid rule over the grid). @p *density has one row per year and
 * grid point: time, x, density. Missing values are skipped. The caller owns both tables.
 */
int nqpf_dynamics_density(nqpf_table **shape, nqpf_table **density, const nqpf_panel *p, const char *var,
                          const nqpf_dynamics_options *o);

/**
 * Classic Markov chain of column @p var over the classes of @p o, pooled over all consecutive
 * periods of @p p, written to @p *markov (one row per origin class: class, lower, upper, n,
 * count_1..count_K, p_1..p_K, steady_state (or steady_state_1.. for a reducible chain), sojourn,
 * prais, mfpt_1..mfpt_K). When @p w is not NULL also the spatial Markov chain conditioned on the
 * class of the spatial lag (W x over the units with a value that year, classified like @p var),
 * written to @p *spatial (lag_class, class, n, count_*, p_*, steady_state, sojourn). The caller
 * owns the tables.
 */
int nqpf_dynamics_markov(nqpf_table **markov, nqpf_table **spatial, const nqpf_panel *p, const char *var,
                         const nqpf_weights *w, const nqpf_dynamics_options *o);

/**
 * The class bounds behind nqpf_dynamics_markov()'s chain, written to @p *bounds: columns time,
 * class (1..K), lower, upper (class = (lower, upper]; lower missing for the first class, upper for
 * the last), n (observations of @p var in the class). Fixed cut-offs and pooled quantiles: one row
 * per class with the common bounds, time missing, n over all periods. Yearly quantiles: one row
 * per period and class with that period's type-7 quantile bounds and counts (bounds missing in a
 * period without values). Repeated cut points merge classes as nqpf_classify_cuts() does: bounds
 * come from the distinct cut points, and a class left unused has missing bounds and n = 0.
 * Errors as nqpf_dynamics_markov(). The caller owns the table.
 */
int nqpf_dynamics_markov_bounds(nqpf_table **bounds, const nqpf_panel *p, const char *var,
                                const nqpf_dynamics_options *o);

#ifdef __cplusplus
}
#endif
#endif
