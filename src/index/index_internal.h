/* Internal helpers shared by the index sources (not part of the public API). */
#ifndef NQPF_INDEX_INTERNAL_H
#define NQPF_INDEX_INTERNAL_H

#include <stddef.h>

/* Relative slack allowed in an AHP matrix's reciprocity (a_ij * a_ji = 1) and unit diagonal:
 * people type 1/3 as 0.33, which is 1% off. */
#define NQPF_AHP_RECIPROCAL_TOL 0.011

/* Mean and sample standard deviation (n - 1) of x[0..n). */
double nqpf_index__mean(const double *x, size_t n);
double nqpf_index__sd(const double *x, size_t n);

/* Average ranks (1 = smallest; ties share the mean position) of x[0..n) into r. */
int nqpf_index__avg_rank(double *r, const double *x, size_t n);

/* The framework file and the spreadsheet row of indicator k, for messages. */
struct nqpf_framework;
const char *nqpf_framework__source(const struct nqpf_framework *fw);
size_t nqpf_framework__row(const struct nqpf_framework *fw, size_t k);

#endif
