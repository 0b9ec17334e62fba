/**
 * @file tfp.h
 * @brief Total factor productivity by growth accounting (Törnqvist, Solow) and the PWT preset.
 */
#ifndef NQPF_TFP_H
#define NQPF_TFP_H

#include <stddef.h>

#include "nqpf/options.h"
#include "nqpf/panel.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Index-number formula for the growth of TFP. */
enum nqpf_tfp_method {
    NQPF_TFP_TORNQVIST, /**< shares averaged over the two adjacent years */
    NQPF_TFP_SOLOW      /**< shares held constant within a unit (the unit's mean share) */
};

/** Share of one input: a constant, or a column of shares, or residual (the default). */
typedef struct nqpf_tfp_share {
    const char *input;  /**< input column name this share belongs to */
    const char *column; /**< share column name, or NULL */
    double value;       /**< constant share when column is NULL */
} nqpf_tfp_share;

/** A preset: a published rule that fixes the output, inputs, shares and method. */
enum nqpf_tfp_preset {
    NQPF_TFP_PRESET_NONE = 0, /**< the options say it all */
    NQPF_TFP_PRESET_PWT = 1   /**< Penn World Table 9.1 rtfpna (nqpf_tfp_preset_pwt()) */
};

/** The version of nqpf_tfp_options this header describes (nqpf_tfp_options_init()). */
#define NQPF_TFP_OPTIONS_VERSION 2

/** Options for nqpf_tfp_growth_accounting(). Initialise with nqpf_tfp_options_init() (or
 *  NQPF_TFP_OPTIONS_INIT). */
typedef struct nqpf_tfp_options {
    unsigned version;            /**< NQPF_TFP_OPTIONS_VERSION */
    enum nqpf_tfp_method method;
    const char *output;          /**< output column */
    const char *const *inputs;   /**< input columns */
    size_t ninputs;
    const nqpf_tfp_share *shares; /**< given shares; exactly one input may lack one (residual) */
    size_t nshares;
    /** More shares as the front ends give them: "INPUT=VALUE" items, VALUE a number in [0, 1] (a
     *  constant share) or else the name of a column of shares. Used together with `shares`. */
    const char *const *share_items;
    size_t nshare_items;
    int has_base;                /**< non-zero: level = 1 in base_year */
    long base_year;
    /** PWT rule: the input named here is hours-adjusted labour whose hours column is
     *  hours_col; where hours are missing in either year, the growth of hours of unit
     *  hours_fallback_id is used instead. NULL = off. */
    const char *hours_input;
    const char *labour_col;      /**< labour before hours, used with hours_input: a column, or an
                                      expression of columns (nqpf/expr.h) such as emp*hc */
    const char *hours_col;
    const char *hours_fallback_id;
    enum nqpf_tfp_preset preset; /**< the preset these options came from (informational; the fields
                                      above already hold its rule) */
    /** Observations with an empty output or input (the hours-adjusted PWT labour input is not
     *  checked: its hours have a fallback): NQPF_MISSING_KEEP (default: their results are missing and
     *  the unit's chain breaks there), NQPF_MISSING_REFUSE (an error naming the cell) or
     *  NQPF_MISSING_DROP (left out of the result, one warning). */
    nqpf_missing_policy missing;
} nqpf_tfp_options;

#define NQPF_TFP_OPTIONS_INIT                                                                             \
    {NQPF_TFP_OPTIONS_VERSION, NQPF_TFP_TORNQVIST, NULL, NULL, 0, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL, NULL, \
     NQPF_TFP_PRESET_NONE, NQPF_MISSING_KEEP}

/**
 * Initialises @p o to the defaults (Törnqvist, no shares, no base year). @p version must be
 * NQPF_TFP_OPTIONS_VERSION, so that a program built against another layout of the struct is told
 * instead of misread. Errors: NQPF_EUSAGE (NULL @p o, unknown version).
 */
int nqpf_tfp_options_init(nqpf_tfp_options *o, unsigned version);

/**
 * Fills @p o from the option set @p set of method "tfp" (the same keys as `nqpf tfp` and study
 * steps of type tfp: preset, output, inputs, shares, method, base), applying the defaults and the
 * rules between options: without a preset, output and inputs are required; preset pwt fixes
 * output, inputs, shares and method (nqpf_tfp_preset_pwt()) and allows a base year of its own;
 * each share names one of the inputs, at most once, and a number must lie in [0, 1]. Strings in
 * @p o belong to @p set (or are static): keep the set while @p o is used. Errors: NQPF_EUSAGE,
 * keyed by the option (nqpf_error_key()).
 */
int nqpf_tfp_options_parse(nqpf_tfp_options *o, const nqpf_optset *set);

/**
 * Growth-accounting TFP for every observation of @p p. Result columns after id and time:
 * `tfp` (level, 1 in the base year, or at the start of each chain without a base), `tfp_growth`
 * (log change from t-1; missing in a chain's first year), `chain` (1, 2, ... numbering the unbroken
 * runs of a unit: a missing year or a missing value breaks the chain). With a base year, only the
 * chain containing the base year has levels; the others keep their growth rates but no level,
 * because nothing links them to the base. Output and inputs must be positive where present;
 * shares must lie in [0, 1]. A base year with no observation at all is an NQPF_EDATA error keyed
 * "base" naming the years present. Errors about shares are keyed "shares". A run that computes
 * no growth rate at all (e.g. every input empty, or no unit with two consecutive years) is an
 * NQPF_EDATA error naming the empty columns. With `missing` = NQPF_MISSING_DROP the result is the
 * one for the panel without the observations that have an empty output or input. The caller owns
 * @p *out.
 */
int nqpf_tfp_growth_accounting(nqpf_table **out, const nqpf_panel *p, const nqpf_tfp_options *o);

/**
 * Sets @p o to the Penn World Table 9.1 `rtfpna` rule: output rgdpna, inputs rkna and labour
 * emp*hc*avh with share labsh (Törnqvist), the USA's hours growth where avh is missing in either
 * year, base year 2011 (the same rule as nqpf_tfp_options_parse() with preset pwt). @p p is not
 * changed; the strings @p o points to are static. Errors: a PWT column missing from @p p
 * (NQPF_EDATA, keyed "preset").
 */
int nqpf_tfp_preset_pwt(nqpf_panel *p, nqpf_tfp_options *o);

#ifdef __cplusplus
}
#endif
#endif
