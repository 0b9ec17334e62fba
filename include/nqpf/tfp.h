/**
 * @file tfp.h
 * @brief Total factor productivity by growth accounting (Törnqvist, Solow) and the PWT preset.
 */
#ifndef NQPF_TFP_H
#define NQPF_TFP_H

#include <stddef.h>

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

/** Options for nqpf_tfp_growth_accounting(). */
typedef struct nqpf_tfp_options {
    enum nqpf_tfp_method method;
    const char *output;          /**< output column */
    const char *const *inputs;   /**< input columns */
    size_t ninputs;
    const nqpf_tfp_share *shares; /**< given shares; exactly one input may lack one (residual) */
    size_t nshares;
    int has_base;                /**< non-zero: level = 1 in base_year */
    long base_year;
    /** PWT rule: the input named here is hours-adjusted labour whose hours column is
     *  hours_col; where hours are missing in either year, the growth of hours of unit
     *  hours_fallback_id is used instead. NULL = off. */
    const char *hours_input;
    const char *labour_col;      /**< labour before hours (e.g. emp*hc), used with hours_input */
    const char *hours_col;
    const char *hours_fallback_id;
} nqpf_tfp_options;

#define NQPF_TFP_OPTIONS_INIT {NQPF_TFP_TORNQVIST, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL, NULL}

/**
 * Growth-accounting TFP for every observation of @p p. Result columns after id and time:
 * `tfp` (level, 1 in the base year, or at the start of each chain without a base), `tfp_growth`
 * (log change from t-1; missing in a chain's first year), `chain` (1, 2, ... numbering the unbroken
 * runs of a unit: a missing year or a missing value breaks the chain). With a base year, only the
 * chain containing the base year has levels; the others keep their growth rates but no level,
 * because nothing links them to the base. Output and inputs must be positive where present;
 * shares must lie in [0, 1]. The caller owns @p *out.
 */
int nqpf_tfp_growth_accounting(nqpf_table **out, const nqpf_panel *p, const nqpf_tfp_options *o);

/**
 * Sets @p o to the Penn World Table 9.1 `rtfpna` rule: output rgdpna, inputs rkna and labour
 * emp*hc*avh with share labsh (Törnqvist), the USA's hours growth where avh is missing in either
 * year, base year 2011. Adds the helper column `nqpf_pwt_labour` (= emp*hc) to @p p. The strings
 * @p o points to are static. Errors: the PWT columns missing from @p p (NQPF_EDATA).
 */
int nqpf_tfp_preset_pwt(nqpf_panel *p, nqpf_tfp_options *o);

#ifdef __cplusplus
}
#endif
#endif
