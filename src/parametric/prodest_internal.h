/* Internal contract of the production-function estimators (src/parametric/prodest*.c). */
#ifndef NQPF_PARAMETRIC_PRODEST_INTERNAL_H
#define NQPF_PARAMETRIC_PRODEST_INTERNAL_H

#include <stddef.h>

#include "nqpf/prodest.h"

/* The rules between options that hold whatever door filled the struct (prodest_options.c). */
int nqpf__prodest_check(const nqpf_prodest_options *o);

/* The number of coefficients the second stage searches: op/lp nstate, acf nfree + nstate. */
size_t nqpf__prodest_nsearch(const nqpf_prodest_options *o);

/* The data of one estimation, in logs: n rows, y, f (n x nf), s (n x ns), m; lag[i] is the row of
 * the same firm one year earlier, or -1. */
typedef struct pd_data {
    size_t n, nf, ns;
    double *y, *f, *s, *m;
    long *lag;
} pd_data;

/* Wooldridge (2009) one-step GMM on d (prodest_wrdg.c): b (nf + ns values: free, state) and their
 * analytic standard errors se; *nused gets the rows with a lag, *crit the 2SLS criterion. With
 * shared_state the first equation's linear state terms are b_s (R prodest 0.1.1); without, they
 * belong to the polynomial h (Wooldridge 2009, eq. 3.3). Errors: NQPF_EDATA (too few rows,
 * collinear instruments or regressors). */
int nqpf__prodest_wrdg(double *b, double *se, size_t *nused, double *crit, const pd_data *d, int shared_state);

/* The number of terms of a full second-order polynomial in q variables (linear, products, squares). */
size_t nqpf__prodest_npoly2(size_t q);

/* Writes the polynomial terms of v[0..q) into out (nqpf__prodest_npoly2(q) values): v_j, then
 * v_j v_l for j < l, then v_j^2. */
void nqpf__prodest_poly2(double *out, const double *v, size_t q);

/* Least squares by Householder QR: X is n x k row-major (overwritten), y n values; beta (k) gets
 * the coefficients, fit (n; NULL allowed) the fitted values. Returns 0, or -1 when X has
 * (numerically) deficient rank. */
int nqpf__prodest_lsq(double *beta, double *fit, double *X, const double *y, size_t n, size_t k);

/* Inverts the p x p matrix A in place (Gauss-Jordan with partial pivoting; p is small). Returns 0,
 * -1 when A is (numerically) singular, -2 out of memory. */
int nqpf__prodest_inverse(double *A, size_t p);

#endif
