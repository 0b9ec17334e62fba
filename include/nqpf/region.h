/**
 * @file region.h
 * @brief Regional analysis: disparity (Gini, Dagum decomposition, Theil), sigma/beta convergence,
 * classification (k-means++, Ward, silhouette) and industrial structure (similarity, Krugman,
 * location quotients). Formulas and references are in docs/regions.md.
 */
#ifndef NQPF_REGION_H
#define NQPF_REGION_H

#include <limits.h>
#include <stddef.h>

#include "nqpf/join.h"
#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Disparity                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/**
 * Gini coefficient of @p y[0..n) in the population form sum_i sum_r |y_i - y_r| / (2 n^2 mean)
 * (no n/(n-1) correction, as Dagum 1997, R ineq::Gini and Stata ineqdeco). Returns NaN when n is
 * 0 or the mean is not positive. Values must be present (no NaN).
 */
double nqpf_gini(const double *y, size_t n);

/** Dagum (1997) decomposition of the Gini coefficient by groups; see nqpf_dagum(). */
typedef struct nqpf_dagum_result {
    size_t k;            /**< number of groups (as passed, including empty ones) */
    double gini;         /**< overall Gini G */
    double within;       /**< G_w = sum_j G_jj p_j s_j */
    double between_net;  /**< G_nb = sum_{j>h} G_jh (p_j s_h + p_h s_j) D_jh */
    double transvar;     /**< G_t = sum_{j>h} G_jh (p_j s_h + p_h s_j) (1 - D_jh) */
    size_t *n;           /**< k: group sizes */
    double *mean;        /**< k: group means */
    double *gjj;         /**< k: within-group Gini G_jj (NaN for an empty group) */
    double *gjh;         /**< k*k: between-group Gini G_jh, symmetric; NaN where a group is empty */
    double *djh;         /**< k*k: relative economic affluence D_jh, antisymmetric (D_jh > 0 when
                              mean_j > mean_h); NaN where a group is empty */
} nqpf_dagum_result;

/**
 * Decomposes the Gini of @p y[0..n) over groups @p group[i] in 0..k-1 (Dagum 1997, Empirical
 * Economics 22:515-531): G = G_w + G_nb + G_t exactly. Computed from sorted groups and prefix sums
 * in O(n log n). Values must be present and non-negative with a positive mean. Errors:
 * NQPF_EUSAGE for a group index >= k or n == 0, NQPF_EINTERNAL for memory. The caller frees the
 * result's arrays with nqpf_dagum_result_free().
 */
int nqpf_dagum(nqpf_dagum_result *out, const double *y, const size_t *group, size_t n, size_t k);

/** Frees the arrays of a Dagum result (the struct itself is the caller's); NULL is allowed. */
void nqpf_dagum_result_free(nqpf_dagum_result *r);

/** Theil T (GE(1)) and L (GE(0)) with their within/between-group parts; see nqpf_theil(). */
typedef struct nqpf_theil_result {
    double t, t_within, t_between; /**< T = T_w + T_b */
    double l, l_within, l_between; /**< L = L_w + L_b */
} nqpf_theil_result;

/**
 * Theil T = (1/n) sum (y/mu) ln(y/mu) and Theil L (mean log deviation) = (1/n) sum ln(mu/y) of
 * @p y[0..n), decomposed over @p group (0..k-1; NULL = one group) after Shorrocks (1980):
 * T_w = sum_j s_j T_j, T_b = sum_j s_j ln(mu_j/mu) (s_j income shares), L_w = sum_j p_j L_j,
 * L_b = sum_j p_j ln(mu/mu_j) (p_j population shares). A zero value makes L and its parts NaN
 * (T treats 0 ln 0 as 0). Errors: NQPF_EUSAGE for a negative value, a group >= k or n == 0.
 */
int nqpf_theil(nqpf_theil_result *out, const double *y, const size_t *group, size_t n, size_t k);

/** The version of nqpf_disparity_options this header describes (nqpf_disparity_options_init()). */
#define NQPF_DISPARITY_OPTIONS_VERSION 2

/** Options for nqpf_disparity(); fill with nqpf_disparity_options_init() or
 *  nqpf_disparity_options_parse() (keys in docs/regions.md). */
typedef struct nqpf_disparity_options {
    unsigned version;  /**< NQPF_DISPARITY_OPTIONS_VERSION */
    const char *var;   /**< variable to analyse (non-negative) */
    const char *group; /**< group column (text or numeric), or NULL (see also @c groups) */
    /** groups from a mapping file (id -> group, optionally through a `via` code table) when
     *  groups.file is set; exclusive with @c group. The key defaults to the data's id column. */
    nqpf_group_source groups;
    int skip_ungrouped; /**< 1: observations without a group are left out; 0: they are an error */
    /** a built-in grouping of China's provinces or cities (nqpf_groupmap_builtin(): "nbs4",
     *  "jjj:en", ...), or NULL; exclusive with @c group and @c groups.file */
    const char *group_builtin;
} nqpf_disparity_options;

#define NQPF_DISPARITY_OPTIONS_INIT                                                                        \
    {NQPF_DISPARITY_OPTIONS_VERSION, NULL, NULL, {NULL, NULL, NULL, NULL, NULL, NULL}, 0, NULL}

/** Sets @p o to the defaults; @p version must be NQPF_DISPARITY_OPTIONS_VERSION. */
int nqpf_disparity_options_init(nqpf_disparity_options *o, unsigned version);

/**
 * Interprets the options of method "disparity" (src/region/disparity_options.c: var, group,
 * group_file, group_key, group_column, via_file, via_from, via_to, group_builtin, ungrouped) for the CLI and study
 * files alike: defaults, and the rules between them (a group column or a group file, not both; the
 * mapping keys need a group file; a via file needs via_from and via_to). Strings point into @p set,
 * which must outlive @p o. Errors are keyed (nqpf_error_key()).
 */
int nqpf_disparity_options_parse(nqpf_disparity_options *o, const nqpf_optset *set);

/**
 * Per-year inequality of @p o->var over the units of @p p. @p *overall: one row per year (time,
 * n, mean, sd, cv, gini, theil_t, theil_l and, with groups, gini_within, gini_between_net,
 * gini_transvariation, their shares, theil_t_within/between and theil_l_within/between). With
 * groups (a column, or a mapping file read here with nqpf_groupmap_read()), @p *groups gets one row
 * per year and group (n, mean, pop_share, income_share, gini, theil_t, theil_l,
 * gini_within_contrib) and @p *pairs one row per year and pair of groups (group_a has the higher
 * mean: gini_between, d_affluence, between_net_contrib, transvariation_contrib); both are NULL
 * without groups. Group labels are key text (nqpf_cell_text(): numeric codes 1, 2 read as "1",
 * "2"). Observations with a missing value are skipped; a missing group where the value is present
 * is an NQPF_EDATA error naming the row (unless skip_ungrouped), as is a negative value. The caller
 * owns the tables.
 */
int nqpf_disparity(nqpf_table **overall, nqpf_table **groups, nqpf_table **pairs, const nqpf_panel *p,
                   const nqpf_disparity_options *o);

/* ------------------------------------------------------------------------------------------ */
/* Convergence                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/** The version of nqpf_convergence_options this header describes (nqpf_convergence_options_init()). */
#define NQPF_CONVERGENCE_OPTIONS_VERSION 1

/** Options for nqpf_convergence(). Initialise with nqpf_convergence_options_init() (or
 *  NQPF_CONVERGENCE_OPTIONS_INIT). */
typedef struct nqpf_convergence_options {
    unsigned version;               /**< NQPF_CONVERGENCE_OPTIONS_VERSION */
    const char *var;                /**< variable (positive; analysed in logs) */
    const char *const *controls;    /**< control columns for conditional beta, or NULL */
    size_t ncontrols;
    int panel;                      /**< 0: cross-section over the whole period; 1: panel, two-way FE */
} nqpf_convergence_options;

#define NQPF_CONVERGENCE_OPTIONS_INIT {NQPF_CONVERGENCE_OPTIONS_VERSION, NULL, NULL, 0, 0}

/**
 * Initialises @p o to the defaults (no controls, cross-section). @p version must be
 * NQPF_CONVERGENCE_OPTIONS_VERSION. Errors: NQPF_EUSAGE (NULL @p o, unknown version).
 */
int nqpf_convergence_options_init(nqpf_convergence_options *o, unsigned version);

/**
 * Fills @p o from the option set @p set of method "convergence" (the keys of `nqpf convergence`
 * and study steps of type convergence: var, controls, panel), applying the defaults and the rules:
 * var is required, no control is listed twice or is the variable itself. Strings in @p o belong
 * to @p set. Errors: NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_convergence_options_parse(nqpf_convergence_options *o, const nqpf_optset *set);

/**
 * Sigma and beta convergence of @p o->var. @p *sigma: one row per year (time, n, mean_log, sd_log
 * (n - 1 divisor), cv_log = sd_log / |mean_log|, cv (of levels, n - 1 divisor)). @p *beta: one row
 * per model and term (model "absolute" or "conditional", term "const", "log_initial" or
 * "log_lag", and each control; estimate, std_error, t, p_value, df, n_obs, n_units, r2, se_type,
 * and lambda and half_life on the level row). Cross-section: g_i = (ln y_iT - ln y_i0)/T on
 * ln y_i0 (and the controls in the first year) with HC1 standard errors; units lacking either end
 * year are left out. Panel: ln y_it - ln y_i,t-1 on ln y_i,t-1 (and controls at t-1) with unit
 * and year fixed effects, standard errors clustered by unit (G/(G-1) (N-1)/(N-K), t with G-1
 * df). lambda = -ln(1 + beta T)/T (T = 1 in the panel), half_life = ln 2 / lambda. Errors
 * (NQPF_EDATA): a non-positive value (row named), too few observations, a singular design;
 * (NQPF_EUSAGE, keyed "var" or "controls"): the option rules of nqpf_convergence_options_parse().
 * The caller owns the tables.
 */
int nqpf_convergence(nqpf_table **sigma, nqpf_table **beta, const nqpf_panel *p,
                     const nqpf_convergence_options *o);

/* ------------------------------------------------------------------------------------------ */
/* Classification                                                                              */
/* ------------------------------------------------------------------------------------------ */

/**
 * k-means (Lloyd iterations after k-means++ seeding, Arthur and Vassilvitskii 2007) of the rows
 * of @p x (n x d, row-major) into @p k clusters, best of @p restarts runs by within-cluster sum
 * of squares, random numbers from GSL's mt19937 seeded with @p seed. Labels 0..k-1 are numbered
 * in order of first appearance among the rows, so the result depends only on the data and the
 * seed. Stores the within sum of squares in @p *wss when not NULL. Errors: NQPF_EUSAGE when
 * k == 0, k > n or restarts == 0.
 */
int nqpf_kmeans(size_t *labels, double *wss, const double *x, size_t n, size_t d, size_t k,
                unsigned long seed, size_t restarts);

/**
 * Ward (1963) agglomerative clustering of the rows of @p x (n x d) cut at @p k clusters: each
 * step merges the two clusters whose union raises the within sum of squares least (ties: the pair
 * with the smallest indices). Labels numbered in order of first appearance. Errors
 * (NQPF_EUSAGE): k == 0, k > n, or n above 5000 (the n x n cost matrix and O(n^3) search).
 */
int nqpf_ward(size_t *labels, const double *x, size_t n, size_t d, size_t k);

/**
 * Silhouette widths (Rousseeuw 1987) with Euclidean distances: s_i = (b_i - a_i)/max(a_i, b_i),
 * 0 for a unit alone in its cluster. Fills @p s (n values) when not NULL and returns the mean,
 * or NaN when fewer than 2 clusters are used.
 */
double nqpf_silhouette(double *s, const double *x, size_t n, size_t d, const size_t *labels, size_t k);

/** Clustering method of nqpf_classify(). */
enum nqpf_classify_method { NQPF_CLASSIFY_KMEANS, NQPF_CLASSIFY_WARD };

/** The version of nqpf_classify_options this header describes (nqpf_classify_options_init()). */
#define NQPF_CLASSIFY_OPTIONS_VERSION 1

/** Options for nqpf_classify(). Initialise with nqpf_classify_options_init() (or
 *  NQPF_CLASSIFY_OPTIONS_INIT). */
typedef struct nqpf_classify_options {
    unsigned version;         /**< NQPF_CLASSIFY_OPTIONS_VERSION */
    const char *const *vars;  /**< variables, standardised before clustering */
    size_t nvars;
    size_t k;                 /**< number of classes; 0 = choose 2..min(8, n-1) by mean silhouette */
    enum nqpf_classify_method method;
    int has_year;             /**< non-zero: use the values of `year`; else each unit's mean */
    long year;
    unsigned long seed;       /**< k-means seed */
    size_t restarts;          /**< k-means restarts (default 20) */
    int lang_zh;              /**< class descriptions in Chinese */
    double strong;            /**< |class mean z| beyond this is called strong/weak (default 0.5) */
} nqpf_classify_options;

#define NQPF_CLASSIFY_OPTIONS_INIT {NQPF_CLASSIFY_OPTIONS_VERSION, NULL, 0, 0, NQPF_CLASSIFY_KMEANS, 0, 0, 1, 20, 0, 0.5}

/**
 * Initialises @p o to the defaults (k chosen by silhouette, k-means with seed 1 and 20 restarts,
 * each unit's mean, English descriptions). @p version must be NQPF_CLASSIFY_OPTIONS_VERSION.
 * Errors: NQPF_EUSAGE (NULL @p o, unknown version).
 */
int nqpf_classify_options_init(nqpf_classify_options *o, unsigned version);

/**
 * Fills @p o from the option set @p set of method "classify" (the keys of `nqpf classify` and
 * study steps of type classify: vars, k, method, year, seed, restarts, lang), applying the
 * defaults and the rules: k is "auto" or an integer from 2 to 1000; seed and restarts apply to
 * k-means only; no variable is listed twice. Strings in @p o belong to @p set. Errors:
 * NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_classify_options_parse(nqpf_classify_options *o, const nqpf_optset *set);

/**
 * Classifies the units of @p p on standardised variables (z-scores over units, n - 1 divisor).
 * @p *units: id, class (1-based), silhouette. @p *profiles: class, n, then mean_X and z_X per
 * variable, then description (one line naming the strong and weak variables). @p *kchoice: k,
 * mean_silhouette, wss (the within sum of squares on z-scores) for every K tried. Units with a
 * missing variable are left out with a warning. Errors: NQPF_EDATA (too few units, a constant
 * variable; a year with no observation, keyed "year"), NQPF_EUSAGE (k >= number of units, keyed
 * "k"; a variable listed twice, keyed "vars"). The caller owns the tables.
 */
int nqpf_classify(nqpf_table **units, nqpf_table **profiles, nqpf_table **kchoice, const nqpf_panel *p,
                  const nqpf_classify_options *o);

/* ------------------------------------------------------------------------------------------ */
/* Industrial structure                                                                        */
/* ------------------------------------------------------------------------------------------ */

/** The version of nqpf_structure_options this header describes. */
#define NQPF_STRUCTURE_OPTIONS_VERSION 1

/** Options of method "structure" (nqpf_structure()). */
typedef struct nqpf_structure_options {
    unsigned version;     /**< NQPF_STRUCTURE_OPTIONS_VERSION */
    const char *region;   /**< region column (option id) */
    const char *time;     /**< integer time column (option time) */
    const char *industry; /**< industry column (text or numeric) */
    const char *value;    /**< non-negative value column (output, employment) */
    long from, to;        /**< years kept (LONG_MIN, LONG_MAX: all) */
    const char *file;     /**< the long table (option file of study steps; the CLI's DATA); not read by
                               nqpf_structure() */
} nqpf_structure_options;

#define NQPF_STRUCTURE_OPTIONS_INIT {NQPF_STRUCTURE_OPTIONS_VERSION, NULL, NULL, NULL, NULL, LONG_MIN, LONG_MAX, NULL}

struct nqpf_optset;

/**
 * Initialises @p o with the defaults (as NQPF_STRUCTURE_OPTIONS_INIT). @p version must be
 * NQPF_STRUCTURE_OPTIONS_VERSION (a program built against another header gets NQPF_EUSAGE).
 */
int nqpf_structure_options_init(nqpf_structure_options *o, unsigned version);

/**
 * Fills @p o from the option set of method "structure" (nqpf_method_find("structure"): industry,
 * value; in study files also file, id, time, from and to; an absent id or time leaves NULL for the
 * caller to fill from its own data keys, as the CLI does from DATA, --id, --time, --from and
 * --to). Errors: NQPF_EUSAGE keyed
 * by the option (nqpf_error_key()). Strings in @p o belong to @p set.
 */
int nqpf_structure_options_parse(nqpf_structure_options *o, const struct nqpf_optset *set);

/**
 * Industrial structure of long data @p t (one row per region, year and industry). Per year:
 * @p *regions: region, time, total, krugman_rest (sum_k |s_rk - share of k in all other
 * regions|), krugman_national (against all regions including r), mean_similarity (mean cosine
 * similarity with the other regions); @p *pairs: time, region_a, region_b, similarity (cosine of
 * the share vectors, the UNIDO coefficient), krugman (sum_k |s_ak - s_bk|); @p *lq: region, time,
 * industry, value, share, lq (location quotient). An absent row counts as zero; a region-year
 * with an empty value cell gets missing indices and is left out of the national totals. Only the
 * rows with a time in [@p o->from, @p o->to] count. Errors (NQPF_EDATA): a missing column, an empty
 * key cell, a non-integer time, a negative value, a duplicate (region, industry, year) naming both
 * rows, no row left in the years kept. The caller owns the tables.
 */
int nqpf_structure(nqpf_table **regions, nqpf_table **pairs, nqpf_table **lq, const nqpf_table *t,
                   const nqpf_structure_options *o);

#ifdef __cplusplus
}
#endif
#endif
