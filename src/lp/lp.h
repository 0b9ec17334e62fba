/* The LP layer: a small internal interface over a linear-programming backend (GLPK is the
 * reference backend). A problem is built once (dimensions fixed at creation), then modified in
 * place (objective, bounds, columns) and re-solved; the backend keeps the last basis, so a
 * re-solve after a small change is warm-started.
 *
 * Rows and columns are 0-based here. A solver's answer (infeasible, unbounded) is a status, not an
 * error: nqpf_lp_solve() returns NQPF_OK with *status set, and an error code only when the call
 * itself failed (out of memory, bad arguments). */
#ifndef NQPF_LP_H
#define NQPF_LP_H

#include <stddef.h>

typedef enum nqpf_lp_status {
    NQPF_LP_OPTIMAL = 0,
    NQPF_LP_INFEASIBLE = 1,
    NQPF_LP_UNBOUNDED = 2,
    NQPF_LP_FAILED = 3 /* the solver gave no answer (numerical trouble) */
} nqpf_lp_status;

/* The text of a status: "optimal", "infeasible", "unbounded", "failed". */
const char *nqpf_lp_status_name(nqpf_lp_status s);

typedef enum nqpf_lp_dir { NQPF_LP_MIN = 0, NQPF_LP_MAX = 1 } nqpf_lp_dir;

/* Bound types of a row (on the row activity) or a column (on the variable). */
typedef enum nqpf_lp_bnd {
    NQPF_LP_FREE = 0, /* -inf < v < inf */
    NQPF_LP_LO = 1,   /* lo <= v */
    NQPF_LP_UP = 2,   /* v <= hi */
    NQPF_LP_DB = 3,   /* lo <= v <= hi */
    NQPF_LP_FX = 4    /* v == lo */
} nqpf_lp_bnd;

typedef struct nqpf_lp nqpf_lp;

/* A problem with @p nrows rows and @p ncols columns, all coefficients 0, rows free, columns
 * >= 0, objective 0, minimisation. The caller frees it with nqpf_lp_free(). */
int nqpf_lp_new(nqpf_lp **out, size_t nrows, size_t ncols);
void nqpf_lp_free(nqpf_lp *lp);
size_t nqpf_lp_nrows(const nqpf_lp *lp);
size_t nqpf_lp_ncols(const nqpf_lp *lp);

void nqpf_lp_set_dir(nqpf_lp *lp, nqpf_lp_dir dir);
void nqpf_lp_set_obj(nqpf_lp *lp, size_t j, double c);
void nqpf_lp_set_row_bnd(nqpf_lp *lp, size_t i, nqpf_lp_bnd type, double lo, double hi);
void nqpf_lp_set_col_bnd(nqpf_lp *lp, size_t j, nqpf_lp_bnd type, double lo, double hi);

/* Appends @p k columns (coefficients 0, bounds >= 0, objective 0) after the last one. */
int nqpf_lp_add_cols(nqpf_lp *lp, size_t k);

/* Deletes the @p k distinct columns cols[0..k); the remaining columns keep their order and are
 * renumbered 0.. ncols-1. The basis is kept when it stays valid. */
int nqpf_lp_del_cols(nqpf_lp *lp, size_t k, const int *cols);

/* Replaces column @p j by the @p len entries (rows[k], vals[k]); rows must be distinct. Zeros
 * are dropped. */
int nqpf_lp_set_col(nqpf_lp *lp, size_t j, size_t len, const int *rows, const double *vals);

/* Replaces row @p i likewise (cols[k], vals[k]). */
int nqpf_lp_set_row(nqpf_lp *lp, size_t i, size_t len, const int *cols, const double *vals);

/* Asks the backend to rescale the matrix (call after loading it, before the first solve; a
 * later column change keeps the scale factors). */
void nqpf_lp_scale(nqpf_lp *lp);

/* Forgets the current basis: the next solve starts from a fresh (advanced) basis. */
void nqpf_lp_reset_basis(nqpf_lp *lp);

/* Solves with the primal simplex (warm-started from the last basis when there is one, dual
 * simplex when the last basis is dual feasible). *status receives the answer. */
int nqpf_lp_solve(nqpf_lp *lp, nqpf_lp_status *status);

/* After an OPTIMAL solve: objective value, column values, row activities, row duals (shadow
 * prices, sign as in GLPK: d obj / d rhs) and reduced costs. */
double nqpf_lp_obj(const nqpf_lp *lp);
double nqpf_lp_col_value(const nqpf_lp *lp, size_t j);
double nqpf_lp_row_value(const nqpf_lp *lp, size_t i);
double nqpf_lp_row_dual(const nqpf_lp *lp, size_t i);
double nqpf_lp_col_dual(const nqpf_lp *lp, size_t j);
/* Non-zero when column j is basic in the last basis. */
int nqpf_lp_col_basic(const nqpf_lp *lp, size_t j);

/* Writes the problem in CPLEX LP format (for debugging). */
int nqpf_lp_write(const nqpf_lp *lp, const char *path);

/* Number of simplex iterations done by this problem so far (for benchmarks). */
long nqpf_lp_iterations(const nqpf_lp *lp);

#endif
