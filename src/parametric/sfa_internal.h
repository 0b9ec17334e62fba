/* Internals of the stochastic frontier (src/parametric/sfa*.c). */
#ifndef NQPF_SFA_INTERNAL_H
#define NQPF_SFA_INTERNAL_H

#include "nqpf/sfa.h"

/* The most inputs and inefficiency variables nqpf_sfa_run() takes. */
#define NQPF__SFA_MAX_INPUTS 12
#define NQPF__SFA_MAX_Z 32

/* The rules between the options of a filled struct (also for programs that fill it by hand):
 * NQPF_EUSAGE keyed by the option at fault. */
int nqpf__sfa_check(const nqpf_sfa_options *o);

/* P(X > c) for the mixed chi-square 0.5 chi2_{df-1} + 0.5 chi2_df (chi2_0: the point mass at 0). */
double nqpf__sfa_mixed_chi2_q(unsigned df, double c);

#endif
