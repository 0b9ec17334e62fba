/**
 * @file index.h
 * @brief Composite development index: indicator frameworks, normalisation, objective and
 *        subjective weights, aggregation up a dimension tree, Monte Carlo sensitivity, obstacle
 *        degrees, and the coupling coordination model.
 *
 * Matrices passed to the low-level functions are column-major: indicator (criterion) j of
 * observation (alternative) i is x[j * n + i], n observations, m indicators.
 */
#ifndef NQPF_INDEX_H
#define NQPF_INDEX_H

#include <stddef.h>

#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_framework nqpf_framework;

/**
 * Reads a framework CSV with the header `path,id,label_zh,label_en,column,unit,direction,weight`
 * (one row per indicator; `column` is a data column or an expression, `weight` may be empty; rows
 * with an empty `column` and an empty or `-` id declare dimension labels, see
 * nqpf_framework_dimension_label()).
 * Errors (NQPF_EDATA, naming the framework file, row and column): a missing header field, an empty
 * or malformed path (empty segment), an empty or duplicate id, a direction other than + or -, a
 * weight that is not a non-negative number, no indicators. The caller owns @p *out.
 */
int nqpf_framework_read(nqpf_framework **out, const char *path);

/**
 * The label @p field ("label_zh" or "label_en") of dimension @p path (e.g. "laborers/skills") into
 * @p *out, NULL when the framework declares none. A framework declares a dimension's labels with a
 * row whose `column` is empty and whose `id` is empty or `-`: `path` names the dimension, `label_zh`
 * and/or `label_en` carry its labels, and `unit`, `direction` and `weight` stay empty (otherwise
 * nqpf_framework_read() fails naming the row and column; likewise for a path no indicator lies
 * under, a second label row for one dimension, or a row with neither label). Error: NQPF_EUSAGE for
 * another @p field.
 */
int nqpf_framework_dimension_label(const nqpf_framework *fw, const char *path, const char *field, const char **out);

/** Like nqpf_framework_read() from a table already read (@p t is not taken over). */
int nqpf_framework_from_table(nqpf_framework **out, const nqpf_table *t);

/** Frees a framework; NULL is allowed. */
void nqpf_framework_free(nqpf_framework *fw);

/** Number of indicators. */
size_t nqpf_framework_count(const nqpf_framework *fw);

/** Field @p field ("path", "id", "label_zh", "label_en", "column", "unit", "unit_zh", "unit_en") of
 *  indicator @p k ("" when empty; unit_zh and unit_en are optional columns, at most 40 characters). */
const char *nqpf_framework_field(const nqpf_framework *fw, size_t k, const char *field);

/** Direction of indicator @p k: +1 (larger is better) or -1. */
int nqpf_framework_direction(const nqpf_framework *fw, size_t k);

/** Fixed weight of indicator @p k, NaN when the weight cell is empty. */
double nqpf_framework_weight(const nqpf_framework *fw, size_t k);

/**
 * Checks that every indicator's column (or every column its expression names) exists in @p p.
 * Error (NQPF_EDATA): "FRAMEWORK: row R, column 'column': unknown data column 'X' ...".
 */
int nqpf_framework_check(const nqpf_framework *fw, const nqpf_panel *p);

/** Normalisation of indicators. */
enum nqpf_index_norm {
    NQPF_NORM_MINMAX,     /**< (x - min)/(max - min), reversed for '-', plus shift */
    NQPF_NORM_ZSCORE,     /**< (x - mean)/sd (sample sd), sign reversed for '-', plus shift */
    NQPF_NORM_RANK,       /**< average rank 1..n (n = best), plus shift */
    NQPF_NORM_RATIO_MEAN, /**< x/mean ('-': mean/x), positive data only, plus shift */
    NQPF_NORM_NONE        /**< raw values; directions honoured only by topsis and gra */
};

/** Pool over which normalisation, ideal points and GRA extremes are taken. */
enum nqpf_index_scope {
    NQPF_SCOPE_GLOBAL, /**< all years together: scores comparable over time */
    NQPF_SCOPE_PERIOD  /**< each year separately */
};

/** Weighting methods. */
enum nqpf_index_weighting {
    NQPF_W_ENTROPY,
    NQPF_W_CRITIC,
    NQPF_W_CV,
    NQPF_W_PCA,
    NQPF_W_EQUAL,
    NQPF_W_AHP,
    NQPF_W_FIXED
};

/** Aggregation methods, applied at every level of the dimension tree. */
enum nqpf_index_agg {
    NQPF_AGG_SUM,
    NQPF_AGG_GEOMETRIC,
    NQPF_AGG_TOPSIS,        /**< sqrt(sum w_j (x'_j - x_j^+-)^2) on the normalised data */
    NQPF_AGG_TOPSIS_VECTOR, /**< Hwang-Yoon: vector normalisation, distances on w_j r_j */
    NQPF_AGG_GRA            /**< grey relational grade, zeta = gra_zeta, weighted */
};

/** How aggregate topsis / topsis-vector treats the dimension tree (option `topsis_scope`). */
enum nqpf_index_topsis_scope {
    NQPF_TOPSIS_FLAT,        /**< one TOPSIS over all indicators with their global weights (entropy-TOPSIS as
                                  the literature computes it); each dimension's score is TOPSIS over the
                                  dimension's own indicators with their weights renormalised */
    NQPF_TOPSIS_HIERARCHICAL /**< TOPSIS at every level on the members' scores: the leader of every year
                                  scores 1 when it leads every dimension (warned through nqpf_warn()) */
};

/** Treatment of missing indicator values. */
enum nqpf_index_impute {
    NQPF_IMPUTE_NONE,   /**< refuse missing values */
    NQPF_IMPUTE_LINEAR, /**< linear in time inside a unit's series, nearest value at its ends */
    NQPF_IMPUTE_CARRY,  /**< last value carried forward (the first one backward at the start) */
    NQPF_IMPUTE_MEAN    /**< the unit's mean over its observed years */
};

/** How two weighting methods are combined. */
enum nqpf_index_combine {
    NQPF_COMBINE_NONE,
    NQPF_COMBINE_ARITH, /**< (w_a + w_b) / 2 */
    NQPF_COMBINE_MULT   /**< w_a w_b / sum_k w_a,k w_b,k */
};

/** The version of nqpf_index_options this header describes (nqpf_index_options_init()). */
#define NQPF_INDEX_OPTIONS_VERSION 1

/** Options for nqpf_index_compute(); fill with nqpf_index_options_init() or
 *  nqpf_index_options_parse(). */
typedef struct nqpf_index_options {
    unsigned version;                    /**< NQPF_INDEX_OPTIONS_VERSION */
    const char *framework;               /**< the framework file (set by the parse function for the front
                                              ends, which read it; nqpf_index_compute() takes the framework) */
    enum nqpf_index_norm norm;
    enum nqpf_index_scope scope;
    double shift;                        /**< added after normalisation (not with NONE) */
    enum nqpf_index_weighting weights[2];
    enum nqpf_index_combine combine;     /**< NONE: only weights[0] is used */
    const char *ahp_path;                /**< pairwise-comparison matrix for NQPF_W_AHP */
    int critic_spearman;                 /**< CRITIC conflict from Spearman instead of Pearson */
    double gra_zeta;                     /**< distinguishing coefficient, default 0.5 */
    enum nqpf_index_agg aggregate;
    enum nqpf_index_impute impute;
    int strict;                          /**< zero-variance indicators are errors, not dropped */
    int force;                           /**< accept AHP consistency ratio > 0.1 */
    int obstacles;                       /**< add obstacle degrees and top-3 obstacles */
    size_t sensitivity;                  /**< Monte Carlo replications (0 = none) */
    unsigned long seed;                  /**< seed of the MT19937 generator */
    double perturb;                      /**< weight perturbation: factor U(1-p, 1+p), default 0.25 */
    enum nqpf_index_topsis_scope topsis_scope; /**< tree treatment of topsis / topsis-vector (default flat) */
} nqpf_index_options;

#define NQPF_INDEX_OPTIONS_INIT                                                                              \
    {NQPF_INDEX_OPTIONS_VERSION, NULL, NQPF_NORM_MINMAX, NQPF_SCOPE_GLOBAL, 0.0, {NQPF_W_ENTROPY, NQPF_W_ENTROPY}, \
     NQPF_COMBINE_NONE, NULL, 0, 0.5, NQPF_AGG_SUM, NQPF_IMPUTE_NONE, 0, 0, 0, 0, 1, 0.25, NQPF_TOPSIS_FLAT}

/** Sets @p o to the defaults (NQPF_INDEX_OPTIONS_INIT); @p version must be
 *  NQPF_INDEX_OPTIONS_VERSION (a program built against another header is refused: NQPF_EUSAGE). */
int nqpf_index_options_init(nqpf_index_options *o, unsigned version);

struct nqpf_optset;
/**
 * Interprets the options of method "index" (src/index/index_options.c) for the CLI and study files
 * alike: the choices and numbers with their defaults; the weights grammar (entropy, critic, cv, pca,
 * equal, fixed or ahp:FILE, or two different ones joined by + for their mean or * for their
 * normalised product; FILE resolves like a PATH option, in a study against its folder); seed only
 * with sensitivity. It reads the framework file: without a weights option, a framework that types
 * every weight means fixed weights (else entropy); and it checks what the framework decides (fixed
 * weights for every indicator, directions that normalize none can honour, a readable AHP file).
 * Strings point into @p set, which must outlive @p o. Errors are keyed (nqpf_error_key()):
 * NQPF_EUSAGE for options, NQPF_EDATA for the framework and AHP files.
 */
int nqpf_index_options_parse(nqpf_index_options *o, const struct nqpf_optset *set);

typedef struct nqpf_index_result nqpf_index_result;

/**
 * Computes the composite index of @p p over framework @p fw. Indicators are evaluated (columns or
 * expressions), checked for missing values (imputed and listed through nqpf_warn() when
 * o->impute asks), zero-variance indicators are dropped with a warning (an error with o->strict),
 * normalised, weighted and aggregated level by level up the dimension tree (weights renormalised
 * within each dimension; a dimension's weight is the sum of its members'). Errors: NQPF_EDATA for
 * data problems, NQPF_EUSAGE for option combinations that cannot work. The caller owns @p *out.
 */
int nqpf_index_compute(nqpf_index_result **out, const nqpf_panel *p, const nqpf_framework *fw,
                       const nqpf_index_options *o);

/** Frees a result; NULL is allowed. */
void nqpf_index_result_free(nqpf_index_result *r);

/**
 * The scores: id, time, `score`, one column per dimension named by its path, `rank` (1 = best
 * within the year); with sensitivity `rank_median`, `rank_p05`, `rank_p95`; with obstacles
 * `obstacle_<id>` per indicator, `obstacle_<path>` per dimension and `obstacle_top1..3`.
 * Owned by the result.
 */
const nqpf_table *nqpf_index_result_scores(const nqpf_index_result *r);

/**
 * The weights: one row per indicator and dimension (`level`, `path`, `id`, `label_en` (a
 * dimension's from its label row, else empty),
 * `direction`, `weight` = share of the total, `local_weight` = share within the parent) and the
 * methods' intermediate quantities (`entropy_e`, `entropy_d`, `critic_sigma`, `critic_conflict`,
 * `critic_c`, `cv`, `pca`, `ahp`, `ideal`, `anti_ideal`), then `label_zh` and `unit`. Owned by the
 * result.
 */
const nqpf_table *nqpf_index_result_weights(const nqpf_index_result *r);

/**
 * The sensitivity factors: one row per methodological choice (`factor`, `alternatives`,
 * `n_alternatives`), the mean and maximum absolute rank shift it causes alone
 * (`mean_abs_rank_shift`, `max_abs_rank_shift`) and the share of the Monte Carlo rank variance
 * its level explains (`first_order_share`; NaN for the weight noise). NULL without sensitivity.
 * Owned by the result.
 */
const nqpf_table *nqpf_index_result_factors(const nqpf_index_result *r);

/** The AHP consistency ratio (NaN when AHP was not used). */
double nqpf_index_result_ahp_cr(const nqpf_index_result *r);

/** Number of provenance entries recorded (choices made and values derived) and entry @p k. */
size_t nqpf_index_result_nnotes(const nqpf_index_result *r);
const char *nqpf_index_result_note_key(const nqpf_index_result *r, size_t k);
const char *nqpf_index_result_note_value(const nqpf_index_result *r, size_t k);

/**
 * Entropy weights of the n x m matrix @p x (column-major, non-negative): p_ij = x_ij / sum_i x_ij,
 * e_j = -(1/ln n) sum_i p_ij ln p_ij with 0 ln 0 = 0, d_j = 1 - e_j, w_j = d_j / sum d. @p e and
 * @p d may be NULL. Errors: a negative value or a zero column sum (NQPF_EDATA, naming indicator
 * j + 1 and observation i + 1), n < 2.
 */
int nqpf_weights_entropy(double *w, double *e, double *d, const double *x, size_t n, size_t m);

/**
 * CRITIC weights (Diakoulaki et al. 1995): sigma_j = sample standard deviation of column j,
 * r_jk = Pearson (or, with @p spearman, Spearman) correlation, conflict_j = sum_k (1 - r_jk),
 * C_j = sigma_j conflict_j, w_j = C_j / sum C. @p sigma, @p conflict, @p c may be NULL;
 * @p one_minus_r (m x m, may be NULL) receives 1 - r. Errors: a constant column, n < 2.
 */
int nqpf_weights_critic(double *w, double *sigma, double *conflict, double *c, double *one_minus_r,
                        const double *x, size_t n, size_t m, int spearman);

/** Coefficient-of-variation weights: cv_j = sd_j / mean_j (sample sd), w = cv / sum cv. */
int nqpf_weights_cv(double *w, double *cv, const double *x, size_t n, size_t m);

/**
 * Principal-component weights: on the correlation matrix, keep the components with eigenvalue
 * >= 1 (at least one), w_j proportional to |sum_k lambda_k u_jk| / sum_k lambda_k over the kept
 * components (eigenvectors u_k signed so that their elements sum to a positive number).
 */
int nqpf_weights_pca(double *w, const double *x, size_t n, size_t m);

/**
 * AHP weights (Saaty 1980) from the m x m row-major pairwise-comparison matrix @p a: principal
 * right eigenvector normalised to sum 1, lambda_max, CI = (lambda_max - m)/(m - 1), CR = CI/RI
 * (Saaty's random index; CR = 0 for m <= 2). Errors: m > 15, a non-positive entry, a_ji != 1/a_ij.
 */
int nqpf_weights_ahp(double *w, double *lambda_max, double *cr, const double *a, size_t m);

/**
 * TOPSIS closeness D- / (D+ + D-) of each of n observations over m criteria with weights @p w
 * (sum 1) and directions @p dir (+1/-1; the ideal is the column maximum for +1). @p vector
 * selects Hwang-Yoon (x / sqrt(sum x^2), distances on w_j r_j); otherwise distances are
 * sqrt(sum w_j (x_j - x_j^*)^2) on @p x as given. @p ideal and @p anti (m each) may be NULL.
 */
int nqpf_topsis(double *closeness, double *ideal, double *anti, const double *x, const double *w, const int *dir,
                size_t n, size_t m, int vector);

/**
 * Grey relational grade: reference = best value of each column (by @p dir), deviation
 * |ref - x|, global Delta min/max over the matrix, coefficient (Dmin + zeta Dmax)/(D + zeta Dmax),
 * grade = sum_j w_j coefficient_ij.
 */
int nqpf_gra(double *grade, const double *x, const double *w, const int *dir, size_t n, size_t m, double zeta);

/** The version of nqpf_coupling_options this header describes (nqpf_coupling_options_init()). */
#define NQPF_COUPLING_OPTIONS_VERSION 1

/** The most systems nqpf_coupling_options_parse() accepts. */
#define NQPF_COUPLING_MAX_SYSTEMS 32

/** Options for nqpf_coupling(); fill with nqpf_coupling_options_init() or nqpf_coupling_options_parse(). */
typedef struct nqpf_coupling_options {
    unsigned version;           /**< NQPF_COUPLING_OPTIONS_VERSION */
    const char *const *systems; /**< columns holding each system's index, values in [0, 1] */
    size_t nsystems;            /**< 2 or more */
    const double *coef;         /**< coefficients of T (sum 1); NULL = @c coef_values when set, else equal */
    int rescale;                /**< min-max each system over all observations first */
    /** coefficients stored by nqpf_coupling_options_parse() (a copy of the struct keeps them, where
     *  a pointer into it would dangle); used when @c coef is NULL and @c ncoef_values is not 0 */
    double coef_values[NQPF_COUPLING_MAX_SYSTEMS];
    size_t ncoef_values;
} nqpf_coupling_options;

#define NQPF_COUPLING_OPTIONS_INIT {NQPF_COUPLING_OPTIONS_VERSION, NULL, 0, NULL, 0, {0}, 0}

/** Sets @p o to the defaults; @p version must be NQPF_COUPLING_OPTIONS_VERSION. */
int nqpf_coupling_options_init(nqpf_coupling_options *o, unsigned version);

struct nqpf_optset;
/**
 * Interprets the options of method "coupling" (src/index/coupling_options.c: systems, coef,
 * rescale) for the CLI and study files alike: 2 to NQPF_COUPLING_MAX_SYSTEMS systems, one
 * non-negative coefficient per system summing to 1. Strings point into @p set, which must outlive
 * @p o. Errors are keyed (nqpf_error_key()).
 */
int nqpf_coupling_options_parse(nqpf_coupling_options *o, const struct nqpf_optset *set);

/**
 * Coupling coordination model: C = n (prod U_i)^(1/n) / sum U_i (geometric over arithmetic mean),
 * T = sum a_i U_i, D = sqrt(C T), and the ten-grade class of D (1 = extreme disorder [0, 0.1) ...
 * 10 = quality coordination [0.9, 1]). Result columns after id and time: `C`, `T`, `D`, `grade`,
 * `class_zh`, `class_en`. Errors: a value outside [0, 1] without rescale (naming the cell). The
 * caller owns @p *out.
 */
int nqpf_coupling(nqpf_table **out, const nqpf_panel *p, const nqpf_coupling_options *o);

/** The ten-grade class of a coordination degree @p d: grade 1..10 and its names (static). */
int nqpf_coupling_class(double d, const char **zh, const char **en);

#ifdef __cplusplus
}
#endif
#endif
