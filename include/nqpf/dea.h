/**
 * @file dea.h
 * @brief Data envelopment analysis: radial (CCR/BCC), slacks-based (SBM) and directional (DDF)
 *        models, super-efficiency, slacks, peers, undesirable outputs, and panel frontiers.
 *
 * Every observation of a panel is evaluated against a reference technology built from the panel:
 * its own period (the default), all periods pooled, the periods up to its own (sequential) or a
 * window of periods around its own. A solver's answer that is not an optimum (an infeasible
 * super-efficiency LP, say) is a missing value plus the `status` column, never an error. See
 * docs/dea.md for every LP, the output columns and their names in DEAP, R Benchmarking and MaxDEA.
 */
#ifndef NQPF_DEA_H
#define NQPF_DEA_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The model. */
typedef enum nqpf_dea_model {
    NQPF_DEA_RADIAL = 0, /**< Farrell radial: CCR (Charnes, Cooper, Rhodes 1978), BCC (Banker et al. 1984) */
    NQPF_DEA_SBM = 1,    /**< slacks-based measure (Tone 2001), with undesirable outputs (Tone 2004) */
    NQPF_DEA_DDF = 2,    /**< directional distance function (Chambers, Chung, Färe 1996, 1998) */
    NQPF_DEA_NDDF = 3,   /**< non-radial directional distance function (Zhou, Ang and Wang 2012) */
    NQPF_DEA_SBMDDF = 4, /**< slacks-based directional distance function (Fukuyama and Weber 2009) */
    NQPF_DEA_EBM = 5,    /**< epsilon-based measure (Tone and Tsutsui 2010) */
    NQPF_DEA_FDH = 6     /**< free disposal hull, radial, by enumeration (Deprins, Simar, Tulkens 1984) */
} nqpf_dea_model;

/** Returns to scale of the reference technology. */
typedef enum nqpf_dea_rts {
    NQPF_DEA_CRS = 0,  /**< constant: no constraint on sum lambda */
    NQPF_DEA_VRS = 1,  /**< variable: sum lambda = 1 */
    NQPF_DEA_NIRS = 2, /**< non-increasing: sum lambda <= 1 (Benchmarking's "drs") */
    NQPF_DEA_NDRS = 3  /**< non-decreasing: sum lambda >= 1 (Benchmarking's "irs") */
} nqpf_dea_rts;

/** Orientation (radial and SBM; DDF has none: its direction says what moves). */
typedef enum nqpf_dea_orientation {
    NQPF_DEA_IN = 0,  /**< contract inputs */
    NQPF_DEA_OUT = 1, /**< expand outputs */
    NQPF_DEA_NONE = 2 /**< SBM only: non-oriented (both) */
} nqpf_dea_orientation;

/** Which observations form the reference technology of an observation in period t. */
typedef enum nqpf_dea_frontier {
    NQPF_DEA_FRONTIER_PERIOD = 0,     /**< the observations of period t (contemporaneous) */
    NQPF_DEA_FRONTIER_POOLED = 1,     /**< all observations of all periods (one frontier) */
    NQPF_DEA_FRONTIER_GLOBAL = 2,     /**< the same reference set as POOLED (Pastor and Lovell 2005) */
    NQPF_DEA_FRONTIER_SEQUENTIAL = 3, /**< the observations of periods <= t (Shestalova 2003) */
    NQPF_DEA_FRONTIER_WINDOW = 4      /**< the observations of the `window` periods centred on t */
} nqpf_dea_frontier;

/** One part (inputs, good outputs or bad outputs) of a DDF direction vector. */
typedef enum nqpf_dea_dir {
    NQPF_DEA_DIR_ZERO = 0,     /**< these variables do not move */
    NQPF_DEA_DIR_OBSERVED = 1, /**< the evaluated observation's own values */
    NQPF_DEA_DIR_ONES = 2,     /**< ones */
    NQPF_DEA_DIR_MEAN = 3,     /**< the variable's mean over the observations evaluated together */
    /** the documented default: observed inputs and outputs without bad outputs; with bad outputs
     *  inputs do not move (0) while good and bad outputs move by their observed values */
    NQPF_DEA_DIR_DEFAULT = 4
} nqpf_dea_dir;

/** Disposability of one group of variables in a radial model (DataEnvelopmentAnalysis.jl). */
typedef enum nqpf_dea_disposal {
    NQPF_DEA_STRONG = 0, /**< inequality constraints (the usual free disposability) */
    NQPF_DEA_WEAK = 1    /**< equality constraints: sum lambda x = theta x0, or sum lambda y = phi y0 */
} nqpf_dea_disposal;

/** How bad outputs enter a DDF model. */
typedef enum nqpf_dea_bad_mode {
    NQPF_DEA_BAD_WEAK = 0, /**< weak disposability (Färe, Grosskopf): sum lambda b = b0 - beta gb */
    NQPF_DEA_BAD_INEQ = 1  /**< inequality (DataEnvelopmentAnalysis.jl deaenv): sum lambda b <= b0 - beta gb */
} nqpf_dea_bad_mode;

/** The version of nqpf_dea_options this header describes (nqpf_dea_options_init()). */
#define NQPF_DEA_OPTIONS_VERSION 3

/** Options for nqpf_dea_run(). Initialise with nqpf_dea_options_init() (or NQPF_DEA_OPTIONS_INIT). */
typedef struct nqpf_dea_options {
    unsigned version;          /**< NQPF_DEA_OPTIONS_VERSION */
    const char *const *inputs; /**< input column names (at least one) */
    size_t ninputs;
    const char *const *outputs; /**< good output column names (at least one) */
    size_t noutputs;
    const char *const *bads; /**< undesirable output column names (SBM and DDF only) */
    size_t nbads;
    nqpf_dea_model model;
    nqpf_dea_rts rts;
    nqpf_dea_orientation orientation; /**< radial: IN or OUT; SBM: IN, OUT or NONE; ignored by DDF */
    nqpf_dea_frontier frontier;
    size_t window;     /**< WINDOW: number of periods, odd (the window is centred on t) */
    int super;         /**< radial: Andersen-Petersen; SBM: super-SBM (Tone 2002) for SBM-efficient DMUs */
    int slacks;        /**< add slack_<var> columns (radial, DDF: second-stage max-slack sum; SBM: its own) */
    int peers;         /**< add `peers` and `peer_lambdas` columns */
    nqpf_dea_dir gx, gy, gb; /**< DDF direction (default NQPF_DEA_DIR_DEFAULT for all three; docs/dea.md) */
    nqpf_dea_bad_mode bad_mode;     /**< DDF with bad outputs */
    nqpf_dea_disposal dispose_x;    /**< radial: weak input disposability (output orientation) */
    nqpf_dea_disposal dispose_y;    /**< radial: weak output disposability (input orientation) */
    unsigned threads;  /**< worker threads; 0 or 1 = one. The output does not depend on it, byte for
                            byte: DMUs are solved in fixed blocks that each start from a fresh LP */
    /** Called now and then from the calling thread with the DMUs evaluated so far and the total
     *  (for a progress bar); NULL = none. */
    void (*progress)(size_t done, size_t total, void *userdata);
    void *progress_userdata;
    /** Observations with an empty input or output: NQPF_MISSING_REFUSE (default; an error naming the
     *  cell) or NQPF_MISSING_DROP (left out of the reference sets and the result, one warning). */
    nqpf_missing_policy missing;
    /* version 3 */
    /** nddf and sbmddf: weights of the input, good-output and bad-output inefficiencies, in that order
     *  (ninputs + noutputs + nbads values, as Stata teddf's wmat); NULL = the model's default (docs/dea.md) */
    const double *weights;
    size_t nweights;
    /** metafrontier: the column naming each unit's group (its technology); NULL = no metafrontier */
    const char *group;
    /** metafrontier: a built-in grouping that maps each id to its group (nqpf/join.h), instead of a column */
    const char *group_via;
    size_t reps;              /**< bootstrap: replications (0 = no bootstrap) */
    unsigned long long seed;  /**< bootstrap: seed of the random numbers (the output depends on it only) */
    double alpha;             /**< bootstrap: 1 - the confidence level of the intervals (default 0.05) */
    int scale;                /**< add CRS, VRS and scale efficiency with the irs/drs/crs label (DEAP) */
    const char *const *prices_x; /**< cost and profit efficiency: input price columns (one per input) */
    size_t nprices_x;
    const char *const *prices_y; /**< revenue and profit efficiency: output price columns (one per output) */
    size_t nprices_y;
} nqpf_dea_options;

#define NQPF_DEA_OPTIONS_INIT                                                                                \
    {NQPF_DEA_OPTIONS_VERSION, NULL, 0, NULL, 0, NULL, 0, NQPF_DEA_RADIAL, NQPF_DEA_CRS, NQPF_DEA_IN,           \
     NQPF_DEA_FRONTIER_PERIOD, 0, 0, 0, 0, NQPF_DEA_DIR_DEFAULT, NQPF_DEA_DIR_DEFAULT, NQPF_DEA_DIR_DEFAULT,   \
     NQPF_DEA_BAD_WEAK, NQPF_DEA_STRONG, NQPF_DEA_STRONG, 1, NULL, NULL, NQPF_MISSING_REFUSE, NULL, 0, NULL, NULL,  \
     0, 0, 0.05, 0, NULL, 0, NULL, 0}

/**
 * Sets @p o to the defaults (radial CRS input-oriented, one frontier per period, the default DDF
 * direction, one thread). @p version must be NQPF_DEA_OPTIONS_VERSION: a program built against
 * another layout gets NQPF_EUSAGE instead of a silently misread struct.
 */
int nqpf_dea_options_init(nqpf_dea_options *o, unsigned version);

/**
 * Fills @p o from the options of method "dea" in @p set (command line or study step): defaults,
 * the grammar of `direction`, `frontier` and `weak_disposal`, and the rules between options
 * (e.g. `orientation` does not apply to model ddf). The column lists point into @p set, which must
 * outlive @p o. Errors: NQPF_EUSAGE, keyed by the option (nqpf_error_key()).
 */
int nqpf_dea_options_parse(nqpf_dea_options *o, const nqpf_optset *set);

/** Counts reported by nqpf_dea_run() (may be NULL). */
typedef struct nqpf_dea_summary {
    size_t nobs;        /**< observations evaluated */
    size_t ngroups;     /**< reference technologies built (periods, or 1 when pooled) */
    size_t nlp;         /**< LPs solved */
    size_t nefficient;  /**< observations with te >= 1 - 1e-9 */
    size_t noptimal, ninfeasible, nunbounded, nfailed; /**< statuses */
} nqpf_dea_summary;

/**
 * Evaluates every observation of @p p. The result (owned by the caller) has one row per
 * observation in panel order: the id and time columns, then
 *  - `te`: efficiency in (0, 1] (1 = efficient) without `super`; radial input: theta; radial
 *    output: 1/phi (as DEAP); SBM: rho; DDF: see docs/dea.md (missing for directions without a
 *    ratio reading). With `super`, efficient DMUs get te >= 1.
 *  - radial: `theta` (input) or `phi` (output, phi >= 1); SBM: `rho`; DDF: `beta` (>= 0); NDDF and
 *    SBMDDF: `dv` (the weighted distance, Stata teddf's Dv) followed, after `status`, by
 *    `beta_<var>` for every input, output and bad output (teddf's B_<var>; SBMDDF: slack / direction);
 *  - `lambda_sum`: sum of the intensity weights (returns-to-scale diagnostics);
 *  - `status`: optimal, infeasible, unbounded or failed (the LP's answer; other columns are
 *    missing unless optimal);
 *  - with `slacks`: `slack_<var>` for every input, output and bad output;
 *  - with `peers`: `peers` (ids of the DMUs with lambda > 1e-9, separated by ';'; "ID@TIME" when
 *    the frontier spans several periods) and `peer_lambdas` (their lambdas, same order).
 * With `missing` = NQPF_MISSING_DROP, observations with an empty input or output are left out
 * (nqpf_panel_apply_missing()): the result is the one for the panel without them.
 * Errors: NQPF_EUSAGE for inconsistent options, NQPF_EDATA for a missing value (row, unit, time and
 * column named) under NQPF_MISSING_REFUSE, a value the model cannot take (negative data; zero inputs in SBM; row named), a missing column.
 * Warnings (nqpf_warn): fewer DMUs than inputs + outputs in a reference set, duplicated DMUs
 * (identical data in one period), a period with a single DMU.
 */
int nqpf_dea_run(nqpf_table **out, const nqpf_panel *p, const nqpf_dea_options *o, nqpf_dea_summary *summary);

/**
 * Parses a frontier specification as the CLI and study files spell it: "period", "pooled", "global",
 * "sequential" or "window:K" (K odd, the K periods centred on t). Sets @p o->frontier and, for a
 * window, @p o->window. Errors: NQPF_EUSAGE with a message naming the accepted forms.
 */
int nqpf_dea_parse_frontier(const char *spec, nqpf_dea_options *o);

/** Names used in options and output: "radial", "crs", "in", "period", ... */
const char *nqpf_dea_model_name(nqpf_dea_model m);
const char *nqpf_dea_rts_name(nqpf_dea_rts r);
const char *nqpf_dea_orientation_name(nqpf_dea_orientation o);
const char *nqpf_dea_frontier_name(nqpf_dea_frontier f);

#ifdef __cplusplus
}
#endif
#endif
