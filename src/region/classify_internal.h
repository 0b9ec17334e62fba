/* What classify_options.c and classify.c share: the rules between options that do not depend on
 * the data, checked by the parse function (before a study runs) and by nqpf_classify(). */
#ifndef NQPF_CLASSIFY_INTERNAL_H
#define NQPF_CLASSIFY_INTERNAL_H

#include "nqpf/region.h"

/* The largest fixed number of classes (k); "auto" tries 2..min(8, n-1). */
#define NQPF__CLASSIFY_MAX_K 1000

/* At least one variable, none listed twice (keyed "vars"); k is 0 (auto) or 2..NQPF__CLASSIFY_MAX_K
 * (keyed "k"). Errors: NQPF_EUSAGE. */
int nqpf__classify_check(const nqpf_classify_options *o);

#endif
