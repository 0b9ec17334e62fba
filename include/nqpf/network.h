/**
 * @file network.h
 * @brief Spatial correlation networks: the modified gravity model of the NQPF literature, the binary
 *        directed network per year, Krackhardt's whole-network measures, UCINET-style centralities,
 *        a CONCOR block model with the four block roles, and QAP correlation / MRQAP regression.
 *
 * Links: y_ij = k_ij * M_i * M_j / D_ij^2 with k_ij = X_i / (X_i + X_j) and the mass
 * M_i = (P_i * G_i * X_i)^(1/3) (generally the geometric mean of the mass columns and the variable).
 * D_ij is the great-circle distance between the regions' coordinates (haversine, radius 6371 km) or
 * a distance from a matrix file; with an economic-distance column g (per-capita GDP) it becomes
 * D_ij / |g_i - g_j| (Liu, Liu & Sun 2015). a_ij = 1 iff y_ij exceeds the mean of row i's
 * off-diagonal entries. See docs/network.md for the formulas, the references and the columns of
 * UCINET's output.
 */
#ifndef NQPF_NETWORK_H
#define NQPF_NETWORK_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The rule that turns the gravity matrix into the binary network (option "threshold"). */
typedef enum nqpf_network_threshold {
    NQPF_NETWORK_ROW_MEAN = 0, /**< a_ij = 1 iff y_ij > the mean of row i over j != i (the literature's rule) */
    NQPF_NETWORK_ALL_MEAN = 1  /**< a_ij = 1 iff y_ij > the mean of all off-diagonal entries */
} nqpf_network_threshold;

/** The most explanatory matrices of a QAP formula. */
#define NQPF_NETWORK_QAP_MAX 8

/** The version of nqpf_network_options this header describes (nqpf_network_options_init()). */
#define NQPF_NETWORK_OPTIONS_VERSION 1

/** Options for nqpf_network_run(). Initialise with nqpf_network_options_init(). */
typedef struct nqpf_network_options {
    unsigned version;                 /**< NQPF_NETWORK_OPTIONS_VERSION */
    const char *var;                  /**< option "var": the variable X (k_ij and the mass) */
    const char *const *mass;          /**< option "mass": mass columns (P, G); M = (prod mass * X)^(1/(nmass+1)) */
    size_t nmass;
    const char *lon, *lat;            /**< option "coords": longitude, latitude columns (degrees) */
    const char *distance_matrix;      /**< option "distance_matrix": a square matrix file (instead of coords) */
    const char *econ;                 /**< option "econ": per-capita GDP column g; D becomes D / |g_i - g_j| */
    nqpf_network_threshold threshold; /**< option "threshold" */
    long year;                        /**< option "year": the only year computed; 0 = every year */
    long block_year;                  /**< the year of the block model and QAP: "year", else the last year */
    unsigned concor_depth;            /**< option "concor_depth": CONCOR splits (default 2: up to 4 blocks) */
    const char *qap;                  /**< option "qap": "Y~X1+X2" (NULL: none) */
    size_t reps;                      /**< option "reps": QAP permutations (default 2000) */
    unsigned long long seed;          /**< option "seed" (default 1) */
} nqpf_network_options;

/**
 * Sets @p o to the defaults. @p version must be NQPF_NETWORK_OPTIONS_VERSION (NQPF_EUSAGE otherwise).
 */
int nqpf_network_options_init(nqpf_network_options *o, unsigned version);

/**
 * Fills @p o from the options of method "network" in @p set (command line or study step): defaults
 * and rules (coords or distance_matrix, exactly one; reps and seed only with qap). Strings point into
 * @p set, which must outlive @p o. Errors: NQPF_EUSAGE keyed by the option.
 */
int nqpf_network_options_parse(nqpf_network_options *o, const nqpf_optset *set);

/**
 * Great-circle (haversine) distance in km between (@p lon1, @p lat1) and (@p lon2, @p lat2), in
 * degrees, on a sphere of radius 6371 km.
 */
double nqpf_network_haversine(double lon1, double lat1, double lon2, double lat2);

/**
 * The modified gravity matrix: @p y (n x n, row-major) gets y_ij = x_i/(x_i + x_j) * m_i * m_j / d_ij^2
 * for i != j and 0 on the diagonal, from the masses @p m, the variable @p x and the distances @p d
 * (n x n). A distance that is 0 or not finite off the diagonal gives NQPF_EDATA naming i and j; an
 * infinite distance gives y_ij = 0.
 */
int nqpf_network_gravity(double *y, const double *m, const double *x, const double *d, size_t n);

/**
 * The binary network: @p a (n x n) gets 1 where y_ij exceeds its threshold (@p rule), else 0; the
 * diagonal is 0. @p thr (NULL allowed, n values) gets each row's threshold.
 */
void nqpf_network_binarize(unsigned char *a, double *thr, const double *y, size_t n, nqpf_network_threshold rule);

/** Krackhardt's whole-network measures of a binary directed network. */
typedef struct nqpf_network_whole {
    size_t nodes;          /**< N */
    size_t links;          /**< L: directed links */
    double density;        /**< L / (N(N-1)) */
    double connectedness;  /**< 1 - V/(N(N-1)/2), V = unordered pairs in different weak components */
    double hierarchy;      /**< 1 - (pairs reachable both ways)/(pairs reachable at least one way) */
    double efficiency;     /**< 1 - V/max V: V = edges of the symmetrised graph beyond N - c (c weak
                                components), max V = sum over components of (n_c(n_c-1)/2 - (n_c - 1)) */
    size_t components;     /**< c: weak components */
} nqpf_network_whole;

/** Centralities of one node (UCINET conventions; see docs/network.md). */
typedef struct nqpf_network_node {
    double in_degree, out_degree; /**< links received, sent */
    double degree;                /**< other nodes linked either way */
    double degree_centrality;     /**< 100 * degree / (N - 1) */
    double closeness_in;          /**< 100 * (N - 1) / sum of distances from the others (unreachable: N) */
    double closeness_out;         /**< 100 * (N - 1) / sum of distances to the others (unreachable: N) */
    double closeness;             /**< as closeness_out on the symmetrised graph */
    double betweenness;           /**< sum over ordered pairs s != t != v of sigma_st(v)/sigma_st */
    double betweenness_norm;      /**< 100 * betweenness / ((N-1)(N-2)) */
} nqpf_network_node;

/**
 * Whole-network measures (@p w, NULL allowed) and per-node centralities (@p nodes, NULL allowed, n
 * entries) of the binary directed network @p a (n x n, row-major, diagonal ignored), computed with
 * igraph. Errors: NQPF_EINTERNAL (out of memory), NQPF_EDATA for n < 3.
 */
int nqpf_network_measures(nqpf_network_whole *w, nqpf_network_node *nodes, const unsigned char *a, size_t n);

/**
 * CONCOR (Breiger, Boorman & Arabie 1975): each node's profile is its row and its column of @p a
 * (the matrix stacked with its transpose; self-ties left out); correlations of profiles are iterated
 * until every entry is +-1 (1e-10, at most 100 rounds) and the set is split by sign; each part is
 * split again, @p depth times. @p block (n values) gets 1-based block numbers, numbered in the order
 * of the splits (the first node's side first); @p *nblocks gets the number of blocks (at most
 * 2^depth; a part of one node, or whose profiles all correlate +1, is not split). Errors: NQPF_EINTERNAL.
 */
int nqpf_network_concor(size_t *block, size_t *nblocks, const unsigned char *a, size_t n, unsigned depth);

/** The four block roles (Wasserman & Faust 1994; the literature's table). */
typedef enum nqpf_network_role {
    NQPF_ROLE_NET_BENEFICIAL = 0, /**< internal ratio >= expected, receives more outside links than it sends */
    NQPF_ROLE_BILATERAL = 1,      /**< internal ratio >= expected, receives no more than it sends */
    NQPF_ROLE_BROKER = 2,         /**< internal ratio < expected, receives more than it sends */
    NQPF_ROLE_NET_SPILLOVER = 3   /**< internal ratio < expected, receives no more than it sends */
} nqpf_network_role;

/** The role's name: "net_beneficial", "bilateral_spillover", "broker", "net_spillover". */
const char *nqpf_network_role_name(nqpf_network_role r);

/** QAP correlation and MRQAP regression results (nqpf_network_qap()). */
typedef struct nqpf_network_qap_result {
    size_t k;                               /**< explanatory matrices */
    size_t cells;                           /**< observations: n(n-1) off-diagonal cells */
    double corr[NQPF_NETWORK_QAP_MAX];      /**< Pearson correlation of Y and X_k over the cells */
    double corr_mean[NQPF_NETWORK_QAP_MAX]; /**< mean of the permuted correlations */
    double corr_sd[NQPF_NETWORK_QAP_MAX];   /**< their standard deviation */
    double corr_p_ge[NQPF_NETWORK_QAP_MAX]; /**< share of permutations with r >= the observed r */
    double corr_p_le[NQPF_NETWORK_QAP_MAX]; /**< share with r <= r */
    double corr_p[NQPF_NETWORK_QAP_MAX];    /**< share with |r| >= |r| (two-sided) */
    double beta[NQPF_NETWORK_QAP_MAX + 1];  /**< MRQAP OLS coefficients: intercept, then X_1..X_k */
    double std_beta[NQPF_NETWORK_QAP_MAX + 1]; /**< standardised: beta * sd(X)/sd(Y) (intercept: NaN) */
    double t[NQPF_NETWORK_QAP_MAX + 1];     /**< OLS t statistics */
    double p_ge[NQPF_NETWORK_QAP_MAX + 1];  /**< Dekker DSP: share of permutations with t >= the observed t */
    double p_le[NQPF_NETWORK_QAP_MAX + 1];  /**< share with t <= t */
    double p[NQPF_NETWORK_QAP_MAX + 1];     /**< share with |t| >= |t| (intercept: NaN) */
    double r2, adj_r2;                      /**< of the MRQAP regression */
    size_t reps;                            /**< permutations */
} nqpf_network_qap_result;

/**
 * QAP correlation of @p y with each of the @p k matrices @p x[0..k) (n x n, row-major; the diagonal
 * is left out) and the MRQAP regression of y on them with Dekker, Krackhardt & Snijders' (2007)
 * double semi-partialling: for X_k the residual of X_k on the other X's is permuted (rows and columns
 * together) and the t statistic of its coefficient recorded. Each of the @p reps permutations is a
 * uniform random permutation of the n nodes (Fisher-Yates, GSL mt19937 seeded with @p seed); the
 * p-values are shares of the permutations (as UCINET; no +1). Deterministic for a seed. Errors:
 * NQPF_EUSAGE for k = 0 or k > NQPF_NETWORK_QAP_MAX, NQPF_EDATA for n < 3, a constant matrix or
 * collinear matrices, a value that is not finite.
 */
int nqpf_network_qap(nqpf_network_qap_result *res, const double *y, const double *const *x, size_t k, size_t n,
                     size_t reps, unsigned long long seed);

/**
 * Runs the whole analysis chosen by @p o on @p p. Tables (the caller owns them; NULL pointers are
 * skipped):
 * - @p links: one row per ordered pair i != j and year: id, time, to, distance (km, or the matrix's
 *   unit; the economic distance with econ), gravity, threshold (row i's threshold), link (0/1);
 * - @p centrality: one row per region and year: id, time, lon, lat (with coords), in_degree,
 *   out_degree, degree, degree_centrality, closeness_in, closeness_out, closeness, betweenness,
 *   betweenness_norm, block (the block of the block year, else empty);
 * - @p summary: one row per year: time, nodes, links, density, connectedness, hierarchy, efficiency,
 *   components;
 * - @p blocks: one row per block of the block year: time, block, members (ids joined by a space),
 *   n_members, links_within, links_sent, links_received (to / from other blocks), expected_ratio,
 *   actual_ratio, role, density_b1.., image_b1..;
 * - @p qap (only with the option qap; else NULL): one row per term: time, analysis (correlation or
 *   mrqap), term, estimate, std_estimate, perm_mean, perm_sd, p_ge, p_le, p_value, r2, adj_r2,
 *   cells, reps.
 * Errors: NQPF_EUSAGE for inconsistent options, NQPF_EDATA for a missing, empty, non-positive (var,
 * mass) or non-numeric cell, a year with fewer than 3 regions, a region the distance matrix lacks,
 * two regions at distance 0, a QAP term that is neither a column nor network/gravity/distance.
 */
int nqpf_network_run(nqpf_table **links, nqpf_table **centrality, nqpf_table **summary, nqpf_table **blocks,
                     nqpf_table **qap, const nqpf_panel *p, const nqpf_network_options *o);

#ifdef __cplusplus
}
#endif
#endif
