/* What tfp_options.c and growth.c share: the PWT rule and the one reading of shares. */
#ifndef NQPF_TFP_INTERNAL_H
#define NQPF_TFP_INTERNAL_H

#include "nqpf/tfp.h"

/* Sets the fields of the PWT 9.1 rtfpna rule (static strings); leaves version alone. */
void nqpf__tfp_pwt_rule(nqpf_tfp_options *o);

/* All shares of @p o (`shares` and the INPUT=VALUE `share_items`) as one checked array in one
 * allocation (free(*out)), after checking the inputs and shares together: no input listed twice
 * (keyed "inputs"), every share names one of the inputs, at most once, a constant lies in [0, 1],
 * and, with @p residual_rule, at most one input lacks a share (keyed "shares"). Errors:
 * NQPF_EUSAGE. */
int nqpf__tfp_shares(const nqpf_tfp_options *o, int residual_rule, nqpf_tfp_share **out, size_t *n);

#endif
