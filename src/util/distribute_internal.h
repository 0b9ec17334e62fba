/* The library's side of include/nqpf/distribute.h: who this process is and the one collective the
 * drivers use. No domain knowledge lives here; what is exchanged is the caller's business. */
#ifndef NQPF_UTIL_DISTRIBUTE_INTERNAL_H
#define NQPF_UTIL_DISTRIBUTE_INTERNAL_H

#include <stddef.h>

/* This process's rank (0 when no distributor is installed) and the number of processes (1). */
int nqpf__dist_rank(void);
int nqpf__dist_size(void);

/* Collective over all ranks: every rank contributes @p n bytes at @p mine (a different n per rank
 * is fine); on success *all (malloc'd, the caller frees it) holds every rank's bytes in rank order
 * and counts[r] (an array of nqpf__dist_size() entries the caller provides) says how many came
 * from rank r. Two rounds: the sizes, then the bytes. With one process it is a copy. Errors:
 * NQPF_EINTERNAL (memory, or the allgather callback failed; the message says which). */
int nqpf__dist_allgather(const void *mine, size_t n, void **all, size_t *counts);

/* The exchange after each rank has done its share of some work: every rank sends its status @p rc
 * (with this thread's error message when not OK), a count @p nlp (LPs solved) and its results,
 * data[0..n). On every rank the return value is then the same: NQPF_OK, or the lowest failing
 * rank's status with its message. On success *nlp_total is the sum of the counts, *all (the
 * caller frees it) holds what was received and part[r], len[r] (arrays of nqpf__dist_size()
 * entries the caller provides) say where rank r's results lie in it. A rank that runs out of
 * memory packing its results still takes part, sending the failure. */
int nqpf__dist_share(int rc, size_t nlp, const void *data, size_t n, size_t *nlp_total, void **all,
                     const char **part, size_t *len);

#endif
