/**
 * @file malmquist.h
 * @brief Malmquist productivity indices, the Luenberger indicator and the Malmquist-Luenberger index.
 *
 * Every index compares a unit between two consecutive periods of a panel (t-1, t) by DEA distances
 * to frontiers built from the panel itself. The frontier used for each period is chosen by the
 * index type: adjacent (one frontier per period, geometric mean of the two periods' indices, Färe,
 * Grosskopf, Norris and Zhang 1994), fixed-base (the frontier of one base period), global (one
 * frontier from all periods pooled, Pastor and Lovell 2005; Oh 2010) or sequential (the frontier
 * of all periods up to t, Shestalova 2003). See docs/malmquist.md for the formulas and for the
 * mapping of the output columns to DEAP, R Benchmarking, deaR, productivity and Stata gtfpch.
 */
#ifndef NQPF_MALMQUIST_H
#define NQPF_MALMQUIST_H

#include <stddef.h>

#include "nqpf/dea.h"
#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Which frontier each period is measured against. */
typedef enum nqpf_malmquist_type {
    NQPF_MALMQUIST_ADJACENT = 0,   /**< frontiers of t-1 and t, geometric mean (FGNZ 1994) */
    NQPF_MALMQUIST_FIXED_BASE = 1, /**< the frontier of the base period (Berg, Førsund, Jansen 1992) */
    NQPF_MALMQUIST_GLOBAL = 2,     /**< one frontier from all periods pooled (Pastor, Lovell 2005) */
    NQPF_MALMQUIST_SEQUENTIAL = 3  /**< frontier of all periods up to t (Shestalova 2003) */
} nqpf_malmquist_type;

/** What is measured. */
typedef enum nqpf_malmquist_measure {
    /** Malmquist index from radial (Farrell) distances: effch techch pech sech tfpch */
    NQPF_MALMQUIST_RADIAL = 0,
    /** Malmquist-Luenberger ratio index from directional distances: ml mleffch mltech */
    NQPF_MALMQUIST_ML = 1,
    /** Luenberger difference indicator from directional distances: lpi lpi_effch lpi_techch */
    NQPF_MALMQUIST_LUENBERGER = 2
} nqpf_malmquist_measure;

/** Decomposition of the radial Malmquist index. */
typedef enum nqpf_malmquist_decomp {
    /** Färe, Grosskopf, Norris and Zhang (1994): tfpch = effch * techch (CRS), effch = pech * sech */
    NQPF_MALMQUIST_FGNZ = 0,
    /** Ray and Desli (1997): tfpch = pech * techch * sech with techch from VRS distances (adjacent and
     * sequential types only; mixed-period VRS distances may be infeasible) */
    NQPF_MALMQUIST_RD = 1
} nqpf_malmquist_decomp;

/** The distance function of the directional measures (ML, Luenberger). */
typedef enum nqpf_malmquist_distance {
    NQPF_MALMQUIST_DIST_DDF = 0,   /**< radial directional distance (the default) */
    NQPF_MALMQUIST_DIST_NDDF = 1,  /**< non-radial directional distance (Zhou, Ang and Wang 2012; gtfpch nonradial) */
    NQPF_MALMQUIST_DIST_SBMDDF = 2 /**< slacks-based directional distance (Fukuyama and Weber 2009) */
} nqpf_malmquist_distance;

/** The version of nqpf_malmquist_options this header describes (nqpf_malmquist_options_init()). */
#define NQPF_MALMQUIST_OPTIONS_VERSION 4

/**
 * Options for nqpf_malmquist_run(). Initialise with nqpf_malmquist_options_init() (or
 * NQPF_MALMQUIST_OPTIONS_INIT). Returns to scale, orientation, the bad-output mode and the direction
 * use the DEA vocabulary of nqpf/dea.h; the Malmquist indices take a subset of it (noted per field;
 * other values are NQPF_EUSAGE errors keyed by the option).
 */
typedef struct nqpf_malmquist_options {
    unsigned version;          /**< NQPF_MALMQUIST_OPTIONS_VERSION */
    const char *const *inputs; /**< input column names */
    size_t ninputs;
    const char *const *outputs; /**< (good) output column names */
    size_t noutputs;
    const char *const *bads; /**< undesirable output column names (directional measures only) */
    size_t nbads;
    nqpf_malmquist_type type; /**< option "frontier" (the command's --type) */
    nqpf_malmquist_measure measure;
    nqpf_dea_orientation orientation; /**< radial measure: NQPF_DEA_IN (default) or NQPF_DEA_OUT */
    nqpf_dea_rts rts;                 /**< directional measures: NQPF_DEA_CRS (default) or NQPF_DEA_VRS; the
                                           radial index is measured under CRS (pech uses VRS) */
    nqpf_dea_bad_mode bad_mode;       /**< directional measures with bad outputs */
    /** direction of the directional measures: NQPF_DEA_DIR_ZERO, _OBSERVED or _ONES (default 0, observed
     *  y, observed b) */
    nqpf_dea_dir gx, gy, gb;
    int has_base; /**< fixed-base: 1 when base_year is given (default: the first period) */
    long base_year;
    int cumulative; /**< add chained levels (products; sums for the Luenberger indicator) */
    /** ML measure: a ratio with 1 + beta <= ml_tol (the direction reached the origin of a variable)
     * is undefined and left missing; default 1e-9. */
    double ml_tol;
    nqpf_malmquist_decomp decomposition; /**< radial measure: FGNZ (default) or Ray-Desli */
    /** Observations with an empty input or output: NQPF_MISSING_REFUSE (default; an error naming the
     *  cell) or NQPF_MISSING_DROP (left out, one warning; the pairs of periods involving them are
     *  absent, as for a unit missing from a period of an unbalanced panel). */
    nqpf_missing_policy missing;
    /* version 3 */
    nqpf_malmquist_distance distance; /**< directional measures: the distance function (default DDF) */
    /** nddf and sbmddf distances: weights of the input, good-output and bad-output inefficiencies, in that
     *  order (as Stata teddf's wmat); NULL = the default (docs/malmquist.md) */
    const double *weights;
    size_t nweights;
    /** metafrontier: the column naming each unit's group; NULL = none (Oh and Lee 2010 decomposition) */
    const char *group;
    /** metafrontier: a built-in grouping that maps each id to its group, instead of a column */
    const char *group_via;
    /* version 4 */
    /** worker threads for the distances; 0 or 1 = one (the command resolves its 0 to one per CPU). The
     *  output does not depend on it, byte for byte: the distances are computed in blocks of a fixed
     *  size, each from a freshly built LP, whichever thread runs them. */
    unsigned threads;
    /** called now and then from the calling thread with the distances computed so far and their total
     *  (for a progress bar); NULL = none. May repeat a count. */
    void (*progress)(size_t done, size_t total, void *userdata);
    void *progress_userdata;
} nqpf_malmquist_options;

/* clang-format off */
#define NQPF_MALMQUIST_OPTIONS_INIT                                                                        \
    {NQPF_MALMQUIST_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, 0, NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_RADIAL, \
     NQPF_DEA_IN, NQPF_DEA_CRS, NQPF_DEA_BAD_WEAK, NQPF_DEA_DIR_ZERO, NQPF_DEA_DIR_OBSERVED,                \
     NQPF_DEA_DIR_OBSERVED, 0, 0, 0, 1e-9, NQPF_MALMQUIST_FGNZ, NQPF_MISSING_REFUSE,      \
     NQPF_MALMQUIST_DIST_DDF, NULL, 0, NULL, NULL, 0, NULL, NULL}
/* clang-format on */

/**
 * Sets @p o to the defaults (adjacent frontiers, radial input-oriented index with the FGNZ
 * decomposition; for directional measures CRS, weak disposability of bad outputs and the direction
 * 0,y,b). @p version must be NQPF_MALMQUIST_OPTIONS_VERSION: a program built against another layout
 * gets NQPF_EUSAGE instead of a silently misread struct.
 */
int nqpf_malmquist_options_init(nqpf_malmquist_options *o, unsigned version);

/**
 * Fills @p o from the options of method "malmquist" in @p set (command line or study step):
 * defaults, the measure (radial; Malmquist-Luenberger with `undesirable`; Luenberger with
 * `luenberger`), the grammar of `direction` and the rules between options (e.g. `rts` applies to the
 * directional measures only, `base` to the fixed-base frontier). The column lists point into @p set,
 * which must outlive @p o. Errors: NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_malmquist_options_parse(nqpf_malmquist_options *o, const nqpf_optset *set);

/** The measure's name as provenance records spell it: "malmquist", "malmquist-luenberger" or
 *  "luenberger" ("?" for a value out of range). */
const char *nqpf_malmquist_measure_name(nqpf_malmquist_measure m);

/** Counts reported by nqpf_malmquist_run(). */
typedef struct nqpf_malmquist_summary {
    size_t nperiods;    /**< distinct periods */
    size_t nunits;      /**< distinct ids */
    size_t npairs;      /**< rows written: (id, t-1, t) with the id present in both periods */
    size_t nskipped;    /**< (id, t-1, t) pairs skipped because the id is missing in one of the two periods */
    size_t nnot_solved; /**< rows with at least one distance missing (infeasible, unbounded, undefined) */
    size_t nlp;         /**< linear programs solved */
} nqpf_malmquist_summary;

/**
 * Computes the index chosen by @p o for every unit and every pair of consecutive periods of @p p in
 * which the unit is observed, one row per (id, later period t), in panel order. Columns after the id
 * and time: `from` (the earlier period), the index and its decomposition, the distances they are
 * made of (e.g. e00 e01 e10 e11: observation of period a against the frontier of period b), the
 * chained levels with `cumulative`, and `status` ("optimal", or which distances had an infeasible or
 * unbounded LP; those distances and what depends on them are missing). Errors: NQPF_EUSAGE for
 * inconsistent options, NQPF_EDATA for a missing or non-numeric column, a missing value (under
 * NQPF_MISSING_REFUSE; with NQPF_MISSING_DROP the observation is left out first), data a
 * radial model cannot take (zero or negative; the message names the row), fewer than two periods, a
 * period with a single unit or a base year that is not in the data. Warns when a period has fewer
 * units than inputs plus outputs. The caller owns @p *out; @p sum may be NULL.
 */
int nqpf_malmquist_run(nqpf_table **out, nqpf_malmquist_summary *sum, const nqpf_panel *p,
                       const nqpf_malmquist_options *o);

#ifdef __cplusplus
}
#endif
#endif
