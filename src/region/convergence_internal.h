/* What convergence_options.c and convergence.c share: the rules between options, checked by the
 * parse function (before a study runs) and by nqpf_convergence() (for programs). */
#ifndef NQPF_CONVERGENCE_INTERNAL_H
#define NQPF_CONVERGENCE_INTERNAL_H

#include "nqpf/region.h"

/* A variable is given; no control is listed twice or is the variable. Errors: NQPF_EUSAGE keyed
 * "var" or "controls". */
int nqpf__convergence_check(const nqpf_convergence_options *o);

#endif
