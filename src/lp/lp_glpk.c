/* The GLPK backend of the LP layer (the reference backend). One glp_prob per nqpf_lp, built once
 * and modified in place; glp_simplex runs without presolve and without terminal output, starting
 * from the previous basis. */
#include <glpk.h>
#include <math.h>
#include <stdlib.h>

#include "lp.h"
#include "nqpf/global.h"
#include "../util/util.h"

struct nqpf_lp {
    glp_prob *P;
    size_t nrows, ncols;
    int *ind;      /* 1-based scratch index array, max(nrows, ncols) + 1 */
    double *val;   /* 1-based scratch values */
    size_t cap;    /* length of ind and val */
    int has_basis; /* a previous solve left a basis worth reusing */
    long iters;
    glp_smcp parm;
};

const char *nqpf_lp_status_name(nqpf_lp_status s)
{
    switch (s) {
    case NQPF_LP_OPTIMAL:
        return "optimal";
    case NQPF_LP_INFEASIBLE:
        return "infeasible";
    case NQPF_LP_UNBOUNDED:
        return "unbounded";
    default:
        return "failed";
    }
}

int nqpf_lp_new(nqpf_lp **out, size_t nrows, size_t ncols)
{
    *out = NULL;
    if (nrows > (size_t)(1 << 29) || ncols > (size_t)(1 << 29))
        return nqpf_error_set(NQPF_EUSAGE, "LP too large: %zu rows, %zu columns", nrows, ncols);
    nqpf_lp *lp = nqpf__calloc(1, sizeof *lp);
    if (!lp)
        return NQPF_EINTERNAL;
    size_t k = (nrows > ncols ? nrows : ncols) + 1;
    lp->ind = nqpf__malloc(k, sizeof *lp->ind);
    lp->val = nqpf__malloc(k, sizeof *lp->val);
    lp->cap = k;
    if (!lp->ind || !lp->val) {
        nqpf_lp_free(lp);
        return NQPF_EINTERNAL;
    }
    nqpf_global_init(); /* GLPK prints nothing (its settings are per thread) */
    lp->P = glp_create_prob();
    lp->nrows = nrows;
    lp->ncols = ncols;
    if (nrows)
        glp_add_rows(lp->P, (int)nrows);
    if (ncols)
        glp_add_cols(lp->P, (int)ncols);
    for (size_t i = 1; i <= nrows; i++)
        glp_set_row_bnds(lp->P, (int)i, GLP_FR, 0, 0);
    for (size_t j = 1; j <= ncols; j++)
        glp_set_col_bnds(lp->P, (int)j, GLP_LO, 0, 0);
    glp_init_smcp(&lp->parm);
    lp->parm.msg_lev = GLP_MSG_OFF;
    lp->parm.presolve = GLP_OFF;
    lp->parm.meth = GLP_PRIMAL;
    /* Data are row-scaled to O(1) by the callers (and by glp_scale_prob), so tolerances tighter
     * than GLPK's 1e-7 defaults are safe and keep answers accurate to ~1e-10. */
    lp->parm.tol_bnd = 1e-9;
    lp->parm.tol_dj = 1e-9;
    lp->parm.it_lim = 1000000;
    *out = lp;
    return NQPF_OK;
}

void nqpf_lp_free(nqpf_lp *lp)
{
    if (!lp)
        return;
    if (lp->P)
        glp_delete_prob(lp->P);
    free(lp->ind);
    free(lp->val);
    free(lp);
}

size_t nqpf_lp_nrows(const nqpf_lp *lp) { return lp->nrows; }
size_t nqpf_lp_ncols(const nqpf_lp *lp) { return lp->ncols; }

static int grow_scratch(nqpf_lp *lp, size_t k)
{
    if (k <= lp->cap)
        return NQPF_OK;
    int *i2 = nqpf__realloc(lp->ind, k, sizeof *i2);
    if (!i2)
        return NQPF_EINTERNAL;
    lp->ind = i2;
    double *v2 = nqpf__realloc(lp->val, k, sizeof *v2);
    if (!v2)
        return NQPF_EINTERNAL;
    lp->val = v2;
    lp->cap = k;
    return NQPF_OK;
}

int nqpf_lp_add_cols(nqpf_lp *lp, size_t k)
{
    if (k == 0)
        return NQPF_OK;
    if (lp->ncols + k > (size_t)(1 << 29))
        return nqpf_error_set(NQPF_EUSAGE, "LP too large: %zu columns", lp->ncols + k);
    int rc = grow_scratch(lp, (lp->nrows > lp->ncols + k ? lp->nrows : lp->ncols + k) + 1);
    if (rc)
        return rc;
    int first = glp_add_cols(lp->P, (int)k);
    for (size_t j = 0; j < k; j++)
        glp_set_col_bnds(lp->P, first + (int)j, GLP_LO, 0, 0);
    lp->ncols += k;
    return NQPF_OK;
}

int nqpf_lp_del_cols(nqpf_lp *lp, size_t k, const int *cols)
{
    if (k == 0)
        return NQPF_OK;
    for (size_t q = 0; q < k; q++) {
        if (cols[q] < 0 || (size_t)cols[q] >= lp->ncols)
            return nqpf_error_set(NQPF_EINTERNAL, "LP: bad column %d", cols[q]);
        lp->ind[q + 1] = cols[q] + 1;
    }
    glp_del_cols(lp->P, (int)k, lp->ind);
    lp->ncols -= k;
    return NQPF_OK;
}

void nqpf_lp_set_dir(nqpf_lp *lp, nqpf_lp_dir dir) { glp_set_obj_dir(lp->P, dir == NQPF_LP_MAX ? GLP_MAX : GLP_MIN); }

void nqpf_lp_set_obj(nqpf_lp *lp, size_t j, double c) { glp_set_obj_coef(lp->P, (int)j + 1, c); }

static int glp_type(nqpf_lp_bnd t)
{
    switch (t) {
    case NQPF_LP_LO:
        return GLP_LO;
    case NQPF_LP_UP:
        return GLP_UP;
    case NQPF_LP_DB:
        return GLP_DB;
    case NQPF_LP_FX:
        return GLP_FX;
    default:
        return GLP_FR;
    }
}

void nqpf_lp_set_row_bnd(nqpf_lp *lp, size_t i, nqpf_lp_bnd type, double lo, double hi)
{
    int t = glp_type(type);
    if (t == GLP_DB && lo == hi)
        t = GLP_FX;
    glp_set_row_bnds(lp->P, (int)i + 1, t, lo, hi);
}

void nqpf_lp_set_col_bnd(nqpf_lp *lp, size_t j, nqpf_lp_bnd type, double lo, double hi)
{
    int t = glp_type(type);
    if (t == GLP_DB && lo == hi)
        t = GLP_FX;
    glp_set_col_bnds(lp->P, (int)j + 1, t, lo, hi);
}

static int fill(nqpf_lp *lp, size_t len, const int *idx, const double *vals, size_t lim, int *k)
{
    int n = 0;
    for (size_t q = 0; q < len; q++) {
        if (idx[q] < 0 || (size_t)idx[q] >= lim || !isfinite(vals[q]))
            return nqpf_error_set(NQPF_EINTERNAL, "LP: bad coefficient (index %d, value %g)", idx[q], vals[q]);
        if (vals[q] == 0)
            continue;
        n++;
        lp->ind[n] = idx[q] + 1;
        lp->val[n] = vals[q];
    }
    *k = n;
    return NQPF_OK;
}

int nqpf_lp_set_col(nqpf_lp *lp, size_t j, size_t len, const int *rows, const double *vals)
{
    int k = 0, rc;
    if (j >= lp->ncols || len > lp->nrows)
        return nqpf_error_set(NQPF_EINTERNAL, "LP: bad column %zu", j);
    if ((rc = fill(lp, len, rows, vals, lp->nrows, &k)))
        return rc;
    glp_set_mat_col(lp->P, (int)j + 1, k, lp->ind, lp->val);
    return NQPF_OK;
}

int nqpf_lp_set_row(nqpf_lp *lp, size_t i, size_t len, const int *cols, const double *vals)
{
    int k = 0, rc;
    if (i >= lp->nrows || len > lp->ncols)
        return nqpf_error_set(NQPF_EINTERNAL, "LP: bad row %zu", i);
    if ((rc = fill(lp, len, cols, vals, lp->ncols, &k)))
        return rc;
    glp_set_mat_row(lp->P, (int)i + 1, k, lp->ind, lp->val);
    return NQPF_OK;
}

void nqpf_lp_scale(nqpf_lp *lp) { glp_scale_prob(lp->P, GLP_SF_AUTO); }

void nqpf_lp_reset_basis(nqpf_lp *lp) { lp->has_basis = 0; }

int nqpf_lp_solve(nqpf_lp *lp, nqpf_lp_status *status)
{
    *status = NQPF_LP_FAILED;
    if (!lp->has_basis)
        glp_adv_basis(lp->P, 0);
    int ret = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        int it0 = glp_get_it_cnt(lp->P);
        ret = glp_simplex(lp->P, &lp->parm);
        lp->iters += glp_get_it_cnt(lp->P) - it0;
        if (ret == 0)
            break;
        /* A singular or ill-conditioned basis (or a failure): start again from a fresh basis, then
         * from the standard (all-slack) basis. */
        if (attempt == 0)
            glp_adv_basis(lp->P, 0);
        else
            glp_std_basis(lp->P);
    }
    if (ret != 0) {
        lp->has_basis = 0;
        return NQPF_OK;
    }
    lp->has_basis = 1;
    switch (glp_get_status(lp->P)) {
    case GLP_OPT:
        *status = NQPF_LP_OPTIMAL;
        break;
    case GLP_NOFEAS:
        *status = NQPF_LP_INFEASIBLE;
        break;
    case GLP_UNBND:
        *status = NQPF_LP_UNBOUNDED;
        break;
    default:
        *status = NQPF_LP_FAILED;
        lp->has_basis = 0;
        break;
    }
    return NQPF_OK;
}

double nqpf_lp_obj(const nqpf_lp *lp) { return glp_get_obj_val(lp->P); }
double nqpf_lp_col_value(const nqpf_lp *lp, size_t j) { return glp_get_col_prim(lp->P, (int)j + 1); }
double nqpf_lp_row_value(const nqpf_lp *lp, size_t i) { return glp_get_row_prim(lp->P, (int)i + 1); }
double nqpf_lp_row_dual(const nqpf_lp *lp, size_t i) { return glp_get_row_dual(lp->P, (int)i + 1); }
double nqpf_lp_col_dual(const nqpf_lp *lp, size_t j) { return glp_get_col_dual(lp->P, (int)j + 1); }
int nqpf_lp_col_basic(const nqpf_lp *lp, size_t j) { return glp_get_col_stat(lp->P, (int)j + 1) == GLP_BS; }
long nqpf_lp_iterations(const nqpf_lp *lp) { return lp->iters; }

int nqpf_lp_write(const nqpf_lp *lp, const char *path)
{
    if (glp_write_lp(lp->P, NULL, path) != 0)
        return nqpf_error_set(NQPF_EIO, "cannot write the LP to %s", path);
    return NQPF_OK;
}
