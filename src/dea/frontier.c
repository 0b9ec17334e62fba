/* DEA distance functions (radial and directional) on the LP layer. A workspace keeps one LP per
 * shape, built when the reference technology changes and otherwise modified in place: for each
 * evaluated point only the column of the distance variable, the right-hand sides and the
 * returns-to-scale row change, and the solver starts from the previous optimal basis.
 *
 * The distance LP has the lambdas in columns 0..n-1 and the distance variable t in column n. Its
 * rows are the m inputs, the s good outputs, the nb bad outputs and the returns-to-scale row
 * (sum lambda; free under CRS). Every variable's row is divided by the mean absolute value of that
 * variable in the reference set, which leaves every distance unchanged and keeps the LP well
 * scaled whatever the units of the data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "../util/util.h"

int nqpf_dea_ws_new(nqpf_dea_ws **out)
{
    if (!out)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_ws_new: NULL argument");
    *out = nqpf__calloc(1, sizeof **out);
    return *out ? NQPF_OK : NQPF_EINTERNAL;
}

void nqpf_dea_ws_free(nqpf_dea_ws *ws)
{
    if (!ws)
        return;
    for (int k = 0; k < NQPF__DEA_NLP; k++)
        nqpf_lp_free(ws->lp[k]);
    free(ws->x);
    free(ws->y);
    free(ws->b);
    free(ws->sc);
    free(ws->idx);
    free(ws->val);
    free(ws);
}

static int all_finite(const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(v[k]))
            return 0;
    return 1;
}

static int same_data(const double *a, const double *b, size_t n)
{
    return n == 0 || (a && b && memcmp(a, b, n * sizeof *a) == 0);
}

static int copy_into(double **dst, size_t *cap, const double *src, size_t n)
{
    if (n > *cap) {
        double *p = nqpf__realloc(*dst, n, sizeof *p);
        if (!p)
            return NQPF_EINTERNAL;
        *dst = p;
        *cap = n;
    }
    if (n)
        memcpy(*dst, src, n * sizeof *src);
    return NQPF_OK;
}

static int ensure_scratch(nqpf_dea_ws *ws, size_t k)
{
    if (k <= ws->cap_scratch)
        return NQPF_OK;
    int *i2 = nqpf__realloc(ws->idx, k, sizeof *i2);
    if (!i2)
        return NQPF_EINTERNAL;
    ws->idx = i2;
    double *v2 = nqpf__realloc(ws->val, k, sizeof *v2);
    if (!v2)
        return NQPF_EINTERNAL;
    ws->val = v2;
    ws->cap_scratch = k;
    return NQPF_OK;
}

int nqpf__dea_ws_load(nqpf_dea_ws *ws, const nqpf_dea_ref *ref)
{
    if (!ws || !ref)
        return nqpf_error_set(NQPF_EUSAGE, "DEA: NULL workspace or reference technology");
    size_t n = ref->n, m = ref->m, s = ref->s, nb = ref->nb;
    if (n == 0 || m + s + nb == 0)
        return nqpf_error_set(NQPF_EUSAGE, "DEA: empty reference technology (%zu DMUs, %zu variables)", n,
                              m + s + nb);
    if (n > (size_t)1 << 28 || m + s + nb > 4096)
        return nqpf_error_set(NQPF_EUSAGE, "DEA: reference technology too large");
    if ((m && !ref->x) || (s && !ref->y) || (nb && !ref->b))
        return nqpf_error_set(NQPF_EUSAGE, "DEA: reference technology lacks its data");
    if (ws->version && ws->n == n && ws->m == m && ws->s == s && ws->nb == nb && same_data(ws->x, ref->x, n * m) &&
        same_data(ws->y, ref->y, n * s) && same_data(ws->b, ref->b, n * nb))
        return NQPF_OK;
    if (!all_finite(ref->x, n * m) || !all_finite(ref->y, n * s) || (nb && !all_finite(ref->b, n * nb)))
        return nqpf_error_set(NQPF_EUSAGE, "DEA: the reference technology holds a missing or infinite value");
    int rc;
    if ((rc = copy_into(&ws->x, &ws->cap_x, ref->x, n * m)) || (rc = copy_into(&ws->y, &ws->cap_y, ref->y, n * s)) ||
        (rc = copy_into(&ws->b, &ws->cap_b, nb ? ref->b : NULL, n * nb)))
        return rc;
    size_t nv = m + s + nb;
    if ((rc = ensure_scratch(ws, n + 2 * nv + 8)))
        return rc;
    double *sc = nqpf__realloc(ws->sc, nv, sizeof *sc);
    if (!sc)
        return NQPF_EINTERNAL;
    ws->sc = sc;
    for (size_t v = 0; v < nv; v++) {
        const double *col = v < m ? ws->x + v : v < m + s ? ws->y + (v - m) : ws->b + (v - m - s);
        size_t stride = v < m ? m : v < m + s ? s : nb;
        double sum = 0;
        for (size_t j = 0; j < n; j++)
            sum += fabs(col[j * stride]);
        sc[v] = sum > 0 && isfinite(sum) ? (double)n / sum : 1.0;
    }
    ws->n = n;
    ws->m = m;
    ws->s = s;
    ws->nb = nb;
    ws->version++;
    if (ws->version == 0)
        ws->version = 1;
    return NQPF_OK;
}

/* The value of variable v (0..m+s+nb) of reference DMU j, scaled. */
static double ref_val(const nqpf_dea_ws *ws, size_t v, size_t j)
{
    size_t m = ws->m, s = ws->s;
    double raw = v < m ? ws->x[j * m + v] : v < m + s ? ws->y[j * s + (v - m)] : ws->b[j * ws->nb + (v - m - s)];
    return raw * ws->sc[v];
}

/* Makes sure ws->lp[kind] holds an LP with nrows rows and ncols columns whose first n columns are
 * the lambdas of the loaded reference technology (the m + s + nb variable rows first, then 1 in
 * row rts_row). *fresh is set when the LP was (re)loaded, so that the caller sets its own
 * columns. */
static int ensure_lp(nqpf_dea_ws *ws, int kind, size_t nrows, size_t ncols, size_t rts_row, nqpf_lp **out, int *fresh)
{
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    nqpf_lp *lp = ws->lp[kind];
    int rc;
    *fresh = 0;
    if (lp && ws->lp_version[kind] == ws->version) {
        *out = lp;
        return NQPF_OK;
    }
    /* a different shape (even with the same number of rows and columns) starts from a new LP, so
     * that no objective coefficient or bound of another layout survives */
    size_t shape[4] = {n, ws->m, ws->s, ws->nb};
    if (lp && (nqpf_lp_nrows(lp) != nrows || nqpf_lp_ncols(lp) != ncols ||
               memcmp(shape, ws->lp_shape[kind], sizeof shape) != 0)) {
        nqpf_lp_free(lp);
        lp = ws->lp[kind] = NULL;
    }
    if (!lp) {
        if ((rc = nqpf_lp_new(&lp, nrows, ncols)))
            return rc;
        ws->lp[kind] = lp;
        memcpy(ws->lp_shape[kind], shape, sizeof shape);
    }
    for (size_t j = 0; j < n; j++) {
        for (size_t v = 0; v < nv; v++) {
            ws->idx[v] = (int)v;
            ws->val[v] = ref_val(ws, v, j);
        }
        ws->idx[nv] = (int)rts_row;
        ws->val[nv] = 1.0;
        if ((rc = nqpf_lp_set_col(lp, j, nv + 1, ws->idx, ws->val)))
            return rc;
    }
    nqpf_lp_reset_basis(lp);
    ws->lp_version[kind] = ws->version;
    *fresh = 1;
    *out = lp;
    return NQPF_OK;
}

/* The distance LP for the loaded reference technology. */
static int dist_lp(nqpf_dea_ws *ws, nqpf_lp **out)
{
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    nqpf_lp *lp;
    int rc, fresh;
    if ((rc = ensure_lp(ws, NQPF__DEA_LP_DIST, nv + 1, n + 1, nv, &lp, &fresh)))
        return rc;
    if (fresh) {
        nqpf_lp_set_col_bnd(lp, n, NQPF_LP_FREE, 0, 0);
        for (size_t j = 0; j < n; j++)
            nqpf_lp_set_obj(lp, j, 0);
        nqpf_lp_set_obj(lp, n, 1.0);
        /* A representative distance column for the scaling pass. */
        for (size_t v = 0; v < nv; v++) {
            ws->idx[v] = (int)v;
            ws->val[v] = 1.0;
        }
        if ((rc = nqpf_lp_set_col(lp, n, nv, ws->idx, ws->val)))
            return rc;
        nqpf_lp_scale(lp);
    }
    *out = lp;
    return NQPF_OK;
}

static void set_rts_row(nqpf_lp *lp, size_t row, nqpf_rts rts)
{
    switch (rts) {
    case NQPF_RTS_VRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, 1, 1);
        break;
    case NQPF_RTS_NIRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, 1);
        break;
    case NQPF_RTS_NDRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_LO, 1, 0);
        break;
    default:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FREE, 0, 0);
        break;
    }
}

static int check_point(const char *what, const double *v, size_t n)
{
    if (n && !v)
        return nqpf_error_set(NQPF_EUSAGE, "DEA: %s is NULL", what);
    if (n && !all_finite(v, n))
        return nqpf_error_set(NQPF_EUSAGE, "DEA: %s holds a missing or infinite value", what);
    return NQPF_OK;
}

/* Solves the distance LP (set up by the caller) with DMU exclude fixed at 0 and reads t and
 * lambda. */
static int solve_dist(nqpf_dea_ws *ws, nqpf_lp *lp, size_t exclude, double *value, nqpf_lp_status *status,
                      double *lambda)
{
    size_t n = ws->n;
    if (exclude != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(lp, exclude, NQPF_LP_FX, 0, 0);
    nqpf_lp_status st;
    int rc = nqpf_lp_solve(lp, &st);
    if (exclude != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(lp, exclude, NQPF_LP_LO, 0, 0);
    if (rc)
        return rc;
    *status = st;
    *value = st == NQPF_LP_OPTIMAL ? nqpf_lp_col_value(lp, n) : NAN;
    if (lambda)
        for (size_t j = 0; j < n; j++) {
            double l = st == NQPF_LP_OPTIMAL ? nqpf_lp_col_value(lp, j) : NAN;
            lambda[j] = l < 0 ? 0 : l;
        }
    return NQPF_OK;
}

int nqpf__dea_radial_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_rts rts,
                        nqpf_orient orient, int weak_x, int weak_y, size_t exclude, double *value,
                        nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!value || !status)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_radial: NULL result pointer");
    *value = NAN;
    *status = NQPF_LP_FAILED;
    if (orient != NQPF_ORIENT_IN && orient != NQPF_ORIENT_OUT)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_radial: orientation must be input or output");
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    if (ws->m == 0 || ws->s == 0)
        return nqpf_error_set(NQPF_EUSAGE, "radial DEA needs at least one input and one output");
    if (exclude != NQPF__DEA_NOEXCL && exclude >= ws->n)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_radial: excluded DMU out of range");
    if ((rc = check_point("x0", x0, ws->m)) || (rc = check_point("y0", y0, ws->s)))
        return rc;
    nqpf_lp *lp;
    if ((rc = dist_lp(ws, &lp)))
        return rc;
    size_t m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    size_t k = 0;
    nqpf_lp_bnd bx = weak_x ? NQPF_LP_FX : NQPF_LP_UP, by = weak_y ? NQPF_LP_FX : NQPF_LP_LO;
    if (orient == NQPF_ORIENT_IN) {
        for (size_t i = 0; i < m; i++) {
            nqpf_lp_set_row_bnd(lp, i, bx, 0, 0);
            ws->idx[k] = (int)i;
            ws->val[k++] = -x0[i] * ws->sc[i];
        }
        for (size_t r = 0; r < s; r++) {
            double rhs = y0[r] * ws->sc[m + r];
            nqpf_lp_set_row_bnd(lp, m + r, by, rhs, rhs);
        }
        nqpf_lp_set_dir(lp, NQPF_LP_MIN);
    } else {
        for (size_t i = 0; i < m; i++) {
            double rhs = x0[i] * ws->sc[i];
            nqpf_lp_set_row_bnd(lp, i, bx, rhs, rhs);
        }
        for (size_t r = 0; r < s; r++) {
            nqpf_lp_set_row_bnd(lp, m + r, by, 0, 0);
            ws->idx[k] = (int)(m + r);
            ws->val[k++] = -y0[r] * ws->sc[m + r];
        }
        nqpf_lp_set_dir(lp, NQPF_LP_MAX);
    }
    for (size_t q = m + s; q < nv; q++)
        nqpf_lp_set_row_bnd(lp, q, NQPF_LP_FREE, 0, 0);
    set_rts_row(lp, nv, rts);
    if ((rc = nqpf_lp_set_col(lp, ws->n, k, ws->idx, ws->val)))
        return rc;
    return solve_dist(ws, lp, exclude, value, status, lambda);
}

int nqpf_dea_radial(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_rts rts,
                    nqpf_orient orient, double *value, nqpf_lp_status *status, double *lambda)
{
    return nqpf__dea_radial_ex(ws, ref, x0, y0, rts, orient, 0, 0, NQPF__DEA_NOEXCL, value, status, lambda);
}

int nqpf__dea_ddf_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *gx, const double *gy, const double *gb, nqpf_rts rts, nqpf_bad_mode bad_mode,
                     size_t exclude, double *beta, nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!beta || !status)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_ddf: NULL result pointer");
    *beta = NAN;
    *status = NQPF_LP_FAILED;
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    size_t m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    if (exclude != NQPF__DEA_NOEXCL && exclude >= ws->n)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_ddf: excluded DMU out of range");
    if ((rc = check_point("x0", x0, m)) || (rc = check_point("y0", y0, s)) || (rc = check_point("b0", b0, nb)) ||
        (rc = check_point("gx", gx, m)) || (rc = check_point("gy", gy, s)) || (rc = check_point("gb", gb, nb)))
        return rc;
    nqpf_lp *lp;
    if ((rc = dist_lp(ws, &lp)))
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        nqpf_lp_set_row_bnd(lp, i, NQPF_LP_UP, 0, x0[i] * ws->sc[i]);
        ws->idx[k] = (int)i;
        ws->val[k++] = gx[i] * ws->sc[i];
    }
    for (size_t r = 0; r < s; r++) {
        nqpf_lp_set_row_bnd(lp, m + r, NQPF_LP_LO, y0[r] * ws->sc[m + r], 0);
        ws->idx[k] = (int)(m + r);
        ws->val[k++] = -gy[r] * ws->sc[m + r];
    }
    for (size_t q = 0; q < nb; q++) {
        size_t row = m + s + q;
        double rhs = b0[q] * ws->sc[row];
        if (bad_mode == NQPF_BAD_INEQ)
            nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, rhs);
        else
            nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, rhs, rhs);
        ws->idx[k] = (int)row;
        ws->val[k++] = gb[q] * ws->sc[row];
    }
    set_rts_row(lp, nv, rts);
    if ((rc = nqpf_lp_set_col(lp, ws->n, k, ws->idx, ws->val)))
        return rc;
    nqpf_lp_set_dir(lp, NQPF_LP_MAX);
    return solve_dist(ws, lp, exclude, beta, status, lambda);
}

int nqpf_dea_ddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                 const double *gx, const double *gy, const double *gb, nqpf_rts rts, nqpf_bad_mode bad_mode,
                 double *beta, nqpf_lp_status *status)
{
    return nqpf__dea_ddf_ex(ws, ref, x0, y0, b0, gx, gy, gb, rts, bad_mode, NQPF__DEA_NOEXCL, beta, status, NULL);
}

/* ---- Second-stage slacks ---------------------------------------------------------------------
 * Columns: lambda (n), slacks (m + s + nb, in scaled units). Rows: m + s + nb balances, RTS. */

static int read_lambda(const nqpf_lp *lp, size_t n, double div, double *lambda)
{
    if (lambda)
        for (size_t j = 0; j < n; j++) {
            double l = nqpf_lp_col_value(lp, j) / div;
            lambda[j] = l < 0 ? 0 : l;
        }
    return NQPF_OK;
}

static void fill_nan(double *v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        v[k] = NAN;
}

int nqpf__dea_slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *xt, const double *yt, const double *bt,
                     nqpf_rts rts, int weak_x, int weak_y, int bad_slack, size_t exclude, double *sx, double *sy,
                     double *sb, nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!status)
        return nqpf_error_set(NQPF_EUSAGE, "DEA slacks: NULL status");
    *status = NQPF_LP_FAILED;
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    size_t n = ws->n, m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    fill_nan(sx, m);
    fill_nan(sy, s);
    fill_nan(sb, nb);
    fill_nan(lambda, n);
    if (exclude != NQPF__DEA_NOEXCL && exclude >= n)
        return nqpf_error_set(NQPF_EUSAGE, "DEA slacks: excluded DMU out of range");
    if ((rc = check_point("x target", xt, m)) || (rc = check_point("y target", yt, s)) ||
        (rc = check_point("b target", bt, nb)))
        return rc;
    nqpf_lp *lp;
    int fresh;
    if ((rc = ensure_lp(ws, NQPF__DEA_LP_SLACK, nv + 1, n + nv, nv, &lp, &fresh)))
        return rc;
    if (fresh) {
        for (size_t v = 0; v < nv; v++) {
            int row = (int)v;
            double c = v >= m && v < m + s ? -1.0 : 1.0;
            if ((rc = nqpf_lp_set_col(lp, n + v, 1, &row, &c)))
                return rc;
            /* maximise the sum of slacks in the data's units: the column holds sc * slack */
            nqpf_lp_set_obj(lp, n + v, 1.0 / ws->sc[v]);
        }
        nqpf_lp_set_dir(lp, NQPF_LP_MAX);
        nqpf_lp_scale(lp);
    }
    for (size_t v = 0; v < nv; v++) {
        double t = v < m ? xt[v] : v < m + s ? yt[v - m] : bt[v - m - s];
        t *= ws->sc[v];
        nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FX, t, t);
        int fix = v < m ? weak_x : v < m + s ? weak_y : !bad_slack;
        if (fix)
            nqpf_lp_set_col_bnd(lp, n + v, NQPF_LP_FX, 0, 0);
        else
            nqpf_lp_set_col_bnd(lp, n + v, NQPF_LP_LO, 0, 0);
    }
    set_rts_row(lp, nv, rts);
    if (exclude != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(lp, exclude, NQPF_LP_FX, 0, 0);
    nqpf_lp_status st;
    rc = nqpf_lp_solve(lp, &st);
    if (exclude != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(lp, exclude, NQPF_LP_LO, 0, 0);
    if (rc)
        return rc;
    *status = st;
    if (st != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    for (size_t v = 0; v < nv; v++) {
        double sl = nqpf_lp_col_value(lp, n + v);
        /* below the solver's tolerance (relative to the variable's mean): zero */
        sl = sl < 1e-9 ? 0 : sl / ws->sc[v];
        if (v < m) {
            if (sx)
                sx[v] = sl;
        } else if (v < m + s) {
            if (sy)
                sy[v - m] = sl;
        } else if (sb) {
            sb[v - m - s] = sl;
        }
    }
    return read_lambda(lp, n, 1.0, lambda);
}

/* ---- Slacks-based measure --------------------------------------------------------------------
 * Charnes-Cooper form. Columns: Lambda (n), S- (m), S+ (s), Sb (nb), t. Rows: m + s + nb balances,
 * the normalisation row, the RTS row (sum Lambda - t), and for super-SBM s rows S+_r - t y0_r <= 0
 * (the projected outputs stay >= 0). */
int nqpf__dea_sbm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                  nqpf_rts rts, nqpf_orient orient, int super, size_t exclude, double *rho, nqpf_lp_status *status,
                  double *sx, double *sy, double *sb, double *lambda)
{
    int rc;
    if (!rho || !status)
        return nqpf_error_set(NQPF_EUSAGE, "SBM: NULL result pointer");
    *rho = NAN;
    *status = NQPF_LP_FAILED;
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    size_t n = ws->n, m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    fill_nan(sx, m);
    fill_nan(sy, s);
    fill_nan(sb, nb);
    fill_nan(lambda, n);
    if (m == 0 || s + nb == 0)
        return nqpf_error_set(NQPF_EUSAGE, "SBM needs at least one input and one output");
    if (exclude != NQPF__DEA_NOEXCL && exclude >= n)
        return nqpf_error_set(NQPF_EUSAGE, "SBM: excluded DMU out of range");
    if ((rc = check_point("x0", x0, m)) || (rc = check_point("y0", y0, s)) || (rc = check_point("b0", b0, nb)))
        return rc;
    int use_in = orient != NQPF_ORIENT_OUT, use_out = orient != NQPF_ORIENT_IN;
    for (size_t i = 0; use_in && i < m; i++)
        if (!(x0[i] > 0))
            return nqpf_error_set(NQPF_EUSAGE, "SBM: input %zu of the evaluated DMU is not positive", i + 1);
    for (size_t r = 0; use_out && r < s; r++)
        if (!(y0[r] > 0))
            return nqpf_error_set(NQPF_EUSAGE, "SBM: output %zu of the evaluated DMU is not positive", r + 1);
    for (size_t q = 0; use_out && q < nb; q++)
        if (!(b0[q] > 0))
            return nqpf_error_set(NQPF_EUSAGE, "SBM: bad output %zu of the evaluated DMU is not positive", q + 1);
    int kind = super ? NQPF__DEA_LP_SUPERSBM : NQPF__DEA_LP_SBM;
    size_t tcol = n + nv, nrm = nv, rtsr = nv + 1, nrows = nv + 2 + (super ? s : 0);
    nqpf_lp *lp;
    int fresh;
    if ((rc = ensure_lp(ws, kind, nrows, n + nv + 1, rtsr, &lp, &fresh)))
        return rc;
    if (fresh) {
        nqpf_lp_set_col_bnd(lp, tcol, NQPF_LP_LO, 0, 0);
        nqpf_lp_set_dir(lp, NQPF_LP_MIN);
        nqpf_lp_set_obj(lp, tcol, 1.0);
        for (size_t v = 0; v < nv; v++) {
            nqpf_lp_set_row_bnd(lp, v, super ? (v >= m && v < m + s ? NQPF_LP_LO : NQPF_LP_UP) : NQPF_LP_FX, 0, 0);
        }
        nqpf_lp_set_row_bnd(lp, nrm, NQPF_LP_FX, 1, 1);
        for (size_t r = 0; super && r < s; r++)
            nqpf_lp_set_row_bnd(lp, nv + 2 + r, NQPF_LP_UP, 0, 0);
    }
    /* objective: t +- (1/m) sum S-_i / x0_i (minus for SBM, plus for super-SBM); the normalisation
     * row t +- 1/(s+nb) (sum S+_r / y0_r + sum Sb_q / b0_q) = 1 is written column by column */
    for (size_t i = 0; i < m; i++)
        nqpf_lp_set_obj(lp, n + i, use_in ? (super ? 1.0 : -1.0) / ((double)m * x0[i] * ws->sc[i]) : 0.0);
    double ssum = (double)(s + nb);
    size_t k = 0;
    /* the t column: -v0 in the balance rows, 1 in the normalisation row, -1 in the RTS row, and
     * -y0 in the super-SBM output bound rows */
    k = 0;
    for (size_t v = 0; v < nv; v++) {
        double v0 = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
        ws->idx[k] = (int)v;
        ws->val[k++] = -v0 * ws->sc[v];
    }
    ws->idx[k] = (int)nrm;
    ws->val[k++] = 1.0;
    ws->idx[k] = (int)rtsr;
    ws->val[k++] = -1.0;
    for (size_t r = 0; super && r < s; r++) {
        ws->idx[k] = (int)(nv + 2 + r);
        ws->val[k++] = -y0[r] * ws->sc[m + r];
    }
    if ((rc = nqpf_lp_set_col(lp, tcol, k, ws->idx, ws->val)))
        return rc;
    /* slack columns carry the normalisation coefficient and (super) the bound row: rewrite them */
    for (size_t v = 0; v < nv; v++) {
        int rows[3];
        double vals[3];
        size_t q = 0;
        rows[q] = (int)v;
        if (!super)
            vals[q++] = v >= m && v < m + s ? -1.0 : 1.0;
        else
            vals[q++] = v >= m && v < m + s ? 1.0 : -1.0;
        if (use_out && v >= m) {
            double v0 = v < m + s ? y0[v - m] : b0[v - m - s];
            rows[q] = (int)nrm;
            vals[q++] = (super ? -1.0 : 1.0) / (ssum * v0 * ws->sc[v]);
        }
        if (super && v >= m && v < m + s) {
            rows[q] = (int)(nv + 2 + (v - m));
            vals[q++] = 1.0;
        }
        if ((rc = nqpf_lp_set_col(lp, n + v, q, rows, vals)))
            return rc;
    }
    if (fresh)
        nqpf_lp_scale(lp);
    /* the RTS row is sum Lambda - t (rel) 0 */
    switch (rts) {
    case NQPF_RTS_VRS:
        nqpf_lp_set_row_bnd(lp, rtsr, NQPF_LP_FX, 0, 0);
        break;
    case NQPF_RTS_NIRS:
        nqpf_lp_set_row_bnd(lp, rtsr, NQPF_LP_UP, 0, 0);
        break;
    case NQPF_RTS_NDRS:
        nqpf_lp_set_row_bnd(lp, rtsr, NQPF_LP_LO, 0, 0);
        break;
    default:
        nqpf_lp_set_row_bnd(lp, rtsr, NQPF_LP_FREE, 0, 0);
        break;
    }
    if (exclude != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(lp, exclude, NQPF_LP_FX, 0, 0);
    nqpf_lp_status st;
    rc = nqpf_lp_solve(lp, &st);
    if (exclude != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(lp, exclude, NQPF_LP_LO, 0, 0);
    if (rc)
        return rc;
    *status = st;
    if (st != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double t = nqpf_lp_col_value(lp, tcol);
    if (!(t > 0)) {
        *status = NQPF_LP_FAILED;
        return NQPF_OK;
    }
    *rho = nqpf_lp_obj(lp);
    for (size_t v = 0; v < nv; v++) {
        double sl = nqpf_lp_col_value(lp, n + v) / t;
        sl = sl < 1e-9 ? 0 : sl / ws->sc[v];
        if (v < m) {
            if (sx)
                sx[v] = sl;
        } else if (v < m + s) {
            if (sy)
                sy[v - m] = sl;
        } else if (sb) {
            sb[v - m - s] = sl;
        }
    }
    return read_lambda(lp, n, t, lambda);
}
