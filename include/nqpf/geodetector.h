/**
 * @file geodetector.h
 * @brief The geographical detector (Wang et al. 2010, IJGIS 24(1): 107-127; Wang & Xu 2017, Acta
 *        Geographica Sinica 72(1): 116-134): factor, interaction, risk and ecological detectors, with
 *        the discretisation of continuous factors and its optimal choice by q (Song et al. 2020, R `GD`).
 *
 * Factor detector: q = 1 - sum_h N_h sigma_h^2 / (N sigma^2) = 1 - SSW / SST over the strata h of a
 * factor; F = (N - L) q / ((L - 1)(1 - q)) follows a non-central F(L - 1, N - L; lambda) with
 * lambda = [sum_h m_h^2 - (sum_h sqrt(N_h) m_h)^2 / N] / s^2 (Wang, Zhang & Fu 2016, Ecological
 * Indicators 67: 250-256; s^2 the sample variance of y, as the R package geodetector). Interaction
 * detector: q of the strata formed by overlaying two factors, and its type. Risk detector: Welch t
 * tests between the means of y in two strata. Ecological detector: F = N1 (N2 - 1) SSW1 / (N2 (N1 -
 * 1) SSW2). See docs/geodetector.md for the formulas, the treatment of one-observation strata and the
 * names of the same results in the GeoDetector Excel tool and the R packages geodetector and GD.
 */
#ifndef NQPF_GEODETECTOR_H
#define NQPF_GEODETECTOR_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a continuous factor is cut into strata (option "discretize"). */
typedef enum nqpf_geodet_disc {
    NQPF_GEODET_AUTO = 0,      /**< every method below, every number of classes: the largest q (GD::optidisc) */
    NQPF_GEODET_EQUAL = 1,     /**< equal intervals between the minimum and the maximum */
    NQPF_GEODET_QUANTILE = 2,  /**< quantiles (R's type 7) at k/K */
    NQPF_GEODET_NATURAL = 3,   /**< natural breaks: the partition into K runs with least within-class SS (Jenks) */
    NQPF_GEODET_GEOMETRIC = 4, /**< geometric intervals: breaks in geometric progression */
    NQPF_GEODET_SD = 5         /**< standard deviation: breaks at the mean +- multiples of the SD */
} nqpf_geodet_disc;

/** The five interaction types of Wang & Xu (2017). */
typedef enum nqpf_geodet_interaction {
    NQPF_GEODET_NONLINEAR_WEAKEN = 0,  /**< q(X1 n X2) < min(q1, q2): 非线性减弱 */
    NQPF_GEODET_UNI_WEAKEN = 1,        /**< min < q(X1 n X2) < max: 单因子非线性减弱 */
    NQPF_GEODET_BI_ENHANCE = 2,        /**< max < q(X1 n X2) < q1 + q2: 双因子增强 */
    NQPF_GEODET_INDEPENDENT = 3,       /**< q(X1 n X2) = q1 + q2: 独立 */
    NQPF_GEODET_NONLINEAR_ENHANCE = 4  /**< q(X1 n X2) > q1 + q2: 非线性增强 */
} nqpf_geodet_interaction;

/** The version of nqpf_geodetector_options this header describes (nqpf_geodetector_options_init()). */
#define NQPF_GEODETECTOR_OPTIONS_VERSION 1

/** Options for nqpf_geodetector_run(). Initialise with nqpf_geodetector_options_init(). */
typedef struct nqpf_geodetector_options {
    unsigned version;                 /**< NQPF_GEODETECTOR_OPTIONS_VERSION */
    const char *y;                    /**< option "y": the explained variable (numeric) */
    const char *const *factors;       /**< option "factors": the explanatory factors (at least one) */
    size_t nfactors;
    const char *const *categorical;   /**< option "categorical": factors used as given (text columns always are) */
    size_t ncategorical;
    nqpf_geodet_disc discretize;      /**< option "discretize" (default auto) */
    unsigned classes_min, classes_max; /**< option "classes": K or K1..K2 (default 3..7) */
    const char *time;                 /**< the time column (with has_year); NULL: all rows */
    long year;                        /**< option "year": keep rows whose time equals it */
    int has_year;                     /**< whether year was given */
    double alpha;                     /**< option "alpha": significance level of the risk and ecological tests */
    int drop_singletons;              /**< option "singletons": 0 keep (geodetector, Excel), 1 drop (GD) */
    nqpf_missing_policy missing;      /**< option "missing": refuse (default) or drop */
} nqpf_geodetector_options;

/* clang-format off */
#define NQPF_GEODETECTOR_OPTIONS_INIT                                                                   \
    {NQPF_GEODETECTOR_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0, NQPF_GEODET_AUTO, 3, 7, NULL, 0, 0, 0.05, 0, \
     NQPF_MISSING_REFUSE}
/* clang-format on */

/**
 * Sets @p o to the defaults. @p version must be NQPF_GEODETECTOR_OPTIONS_VERSION (NQPF_EUSAGE
 * otherwise, so that a program built against another layout is refused).
 */
int nqpf_geodetector_options_init(nqpf_geodetector_options *o, unsigned version);

/**
 * Fills @p o from the options of method "geodetector" in @p set (command line or study step): the
 * defaults, the grammar of classes (K or K1..K2 within 2..20) and the rules between options. The
 * column lists point into @p set, which must outlive @p o. o->time is left NULL (the caller names the
 * time column). Errors: NQPF_EUSAGE, keyed by the option.
 */
int nqpf_geodetector_options_parse(nqpf_geodetector_options *o, const nqpf_optset *set);

/** The tables of one run; each owned by the caller (nqpf_geodetector_result_free()). */
typedef struct nqpf_geodetector_result {
    nqpf_table *factor;      /**< one row per factor: factor, kind, method, classes, n, q, F, lambda, p_value */
    nqpf_table *interaction; /**< one row per pair: factor1, factor2, q1, q2, q12, strata, type, type_zh */
    nqpf_table *risk;        /**< one row per factor and pair of strata: means, Welch t, df, p_value, significant */
    nqpf_table *ecological;  /**< one row per pair of factors: ssw1, ssw2, F, df1, df2, p_value, significant */
    nqpf_table *strata;      /**< one row per factor and stratum: lower, upper, n, mean, sd of y */
    nqpf_table *candidates;  /**< continuous factors: the q of each method and number of classes tried */
} nqpf_geodetector_result;

/**
 * Runs the four detectors on the rows of @p t (those of year o->year when o->has_year). Continuous
 * factors are discretised as o->discretize says; the strata of a categorical factor are its distinct
 * values. Errors: NQPF_EUSAGE for inconsistent options; NQPF_EDATA for a missing or non-numeric y, an
 * empty cell (under NQPF_MISSING_REFUSE; the message names file, row and column), fewer than 3 rows,
 * a constant y, a factor with fewer than 2 strata, or a continuous factor no method can cut into the
 * classes asked for (every class needs 2 observations). On error @p r holds no tables.
 */
int nqpf_geodetector_run(nqpf_geodetector_result *r, const nqpf_table *t, const nqpf_geodetector_options *o);

/** Frees the tables of @p r and sets them to NULL (NULL allowed). */
void nqpf_geodetector_result_free(nqpf_geodetector_result *r);

/** The statistics of one stratification (nqpf_geodetector_q()). */
typedef struct nqpf_geodet_q {
    double q;        /**< 1 - SSW / SST */
    double F;        /**< (N - L) q / ((L - 1)(1 - q)) */
    double lambda;   /**< non-centrality parameter (Wang, Zhang & Fu 2016) */
    double p_value;  /**< P(F' > F) for F' ~ F(L - 1, N - L; lambda) */
    double ssw, sst; /**< within-strata and total sums of squares */
    size_t n;        /**< observations used (N) */
    size_t strata;   /**< strata used (L) */
} nqpf_geodet_q;

/**
 * The factor detector for @p n values @p y in strata @p s (codes 0..nstrata-1, every code used or
 * not). With @p drop_singletons the observations alone in their stratum are left out (R GD); else
 * they stay in N and SST with a within variance of 0 (R geodetector, GeoDetector Excel). Errors:
 * NQPF_EDATA when fewer than 2 strata or no more observations than strata remain, or y is constant.
 */
int nqpf_geodetector_q(nqpf_geodet_q *out, const double *y, const size_t *s, size_t n, size_t nstrata,
                       int drop_singletons);

/**
 * The upper tail P(X > @p f) of the non-central F distribution with @p df1, @p df2 degrees of freedom
 * and non-centrality @p lambda >= 0, as the Poisson(lambda / 2) mixture of regularised incomplete beta
 * functions, summed from the Poisson mode outwards to a relative error below 1e-14. NaN for invalid
 * arguments.
 */
double nqpf_ncf_upper(double f, double df1, double df2, double lambda);

/**
 * The class breaks of @p x (@p n values, NaN not allowed) by @p method into @p k classes: @p breaks
 * gets k + 1 values, breaks[0] = min and breaks[k] = max; class c holds (breaks[c], breaks[c+1]],
 * the first class also its lower end. NQPF_GEODET_NATURAL is the exact optimum (least within-class
 * sum of squares over all partitions of the sorted values into k runs; Fisher 1958, Jenks 1977): a
 * break is the largest value of its class. Errors: NQPF_EUSAGE for method auto or k < 2; NQPF_EDATA
 * when @p x has fewer than k distinct values.
 */
int nqpf_geodetector_breaks(double *breaks, const double *x, size_t n, nqpf_geodet_disc method, size_t k);

/** The English code of an interaction type ("bi_enhance"; "?" out of range). */
const char *nqpf_geodet_interaction_name(nqpf_geodet_interaction t);

/** The Chinese name of an interaction type ("双因子增强"; "?" out of range). */
const char *nqpf_geodet_interaction_zh(nqpf_geodet_interaction t);

/** Classifies q12 against q1 and q2 (Wang & Xu 2017); equality within 1e-10. */
nqpf_geodet_interaction nqpf_geodet_classify(double q1, double q2, double q12);

#ifdef __cplusplus
}
#endif
#endif
