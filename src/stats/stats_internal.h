/* Internals of the statistics module (src/stats/): shared by the second stage and its options. */
#ifndef NQPF_STATS_INTERNAL_H
#define NQPF_STATS_INTERNAL_H

#include "nqpf/secondstage.h"

/* The most environmental variables a second-stage regression takes. */
#define NQPF__SS_MAX_ENV 64

/* The rules between the options of a filled struct (also for programs that fill it by hand):
 * NQPF_EUSAGE keyed by the option at fault. */
int nqpf__secondstage_check(const nqpf_secondstage_options *o);

#endif
