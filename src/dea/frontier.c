/* DEA LPs on the LP layer: radial and directional distances, the second-stage max-slack LP, SBM
 * and super-SBM. A workspace keeps one LP per model shape, built when the reference technology
 * changes and otherwise modified in place: for each evaluated point only the model's own columns
 * (the distance variable, ...), right-hand sides and the returns-to-scale row change, and the
 * solver starts from the previous optimal basis.
 *
 * Rows: the m inputs, s good outputs and nb bad outputs, then model rows (the returns-to-scale row
 * sum lambda, free under CRS; SBM's normalisation row). Every variable's row is divided by the mean
 * absolute value of that variable in the reference set, which leaves every score unchanged and
 * keeps the LP well scaled whatever the units of the data.
 *
 * Columns (see nqpf__dea_lpk): the model's own variables, two artificial columns per row, and the
 * lambdas of the candidate set K; colgen.c keeps K (all DMUs, or column generation for large
 * reference sets) and solves. */
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
    if (!*out)
        return NQPF_EINTERNAL;
    (*out)->cg_min_n = NQPF__DEA_CG_MIN_N;
    (*out)->frame_min = NQPF__DEA_FRAME_MIN;
    return NQPF_OK;
}

void nqpf_dea_ws_free(nqpf_dea_ws *ws)
{
    if (!ws)
        return;
    for (int k = 0; k < NQPF__DEA_NLP; k++)
        nqpf__dea_lpk_free(&ws->k[k]);
    free(ws->x);
    free(ws->y);
    free(ws->b);
    free(ws->sc);
    free(ws->a);
    for (int c = 0; c < 2; c++) {
        free(ws->dom[c].dom);
        free(ws->dom[c].nd);
        free(ws->dom[c].a_nd);
        nqpf__dea_frame_free(&ws->frame[c]);
    }
    free(ws->idx);
    free(ws->val);
    free(ws->cand);
    free(ws->cviol);
    free(ws->lam);
    free(ws);
}

void nqpf__dea_ws_restart(nqpf_dea_ws *ws)
{
    for (int k = 0; k < NQPF__DEA_NLP; k++)
        ws->k[k].version = 0;
}

void nqpf__dea_ws_stats(const nqpf_dea_ws *ws, long *pricing, long *iterations)
{
    long p = 0, it = 0;
    for (int k = 0; k < NQPF__DEA_NLP; k++) {
        p += ws->k[k].npricing;
        if (ws->k[k].lp)
            it += nqpf_lp_iterations(ws->k[k].lp);
    }
    if (pricing)
        *pricing = p;
    if (iterations)
        *iterations = it;
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
    if (ws->version && ws->n == n && ws->m == m && ws->s == s && ws->nb == nb && ws->pin_x == ref->x &&
        ws->pin_y == ref->y && ws->pin_b == (nb ? ref->b : NULL) && (ws->pin_x || ws->pin_y))
        return NQPF_OK; /* pinned: the caller promised the arrays did not change */
    if (ws->version && ws->n == n && ws->m == m && ws->s == s && ws->nb == nb && same_data(ws->x, ref->x, n * m) &&
        same_data(ws->y, ref->y, n * s) && same_data(ws->b, ref->b, n * nb))
        return NQPF_OK;
    ws->pin_x = ws->pin_y = ws->pin_b = NULL;
    if (!all_finite(ref->x, n * m) || !all_finite(ref->y, n * s) || (nb && !all_finite(ref->b, n * nb)))
        return nqpf_error_set(NQPF_EUSAGE, "DEA: the reference technology holds a missing or infinite value");
    int rc;
    if ((rc = copy_into(&ws->x, &ws->cap_x, ref->x, n * m)) || (rc = copy_into(&ws->y, &ws->cap_y, ref->y, n * s)) ||
        (rc = copy_into(&ws->b, &ws->cap_b, nb ? ref->b : NULL, n * nb)))
        return rc;
    size_t nv = m + s + nb;
    if ((rc = ensure_scratch(ws, 4 * nv + 16)))
        return rc;
    ws->degenerate = 0;
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
        if (!(sum > 0))
            ws->degenerate = 1;
    }
    if (n * nv > ws->cap_a) {
        double *a = nqpf__realloc(ws->a, n * nv, sizeof *a);
        if (!a)
            return NQPF_EINTERNAL;
        ws->a = a;
        ws->cap_a = n * nv;
    }
    /* by variable (a[v * n + j]): pricing runs down contiguous columns */
    for (size_t j = 0; j < n; j++) {
        for (size_t v = 0; v < m; v++)
            ws->a[v * n + j] = ws->x[j * m + v] * sc[v];
        for (size_t v = 0; v < s; v++)
            ws->a[(m + v) * n + j] = ws->y[j * s + v] * sc[m + v];
        for (size_t v = 0; v < nb; v++)
            ws->a[(m + s + v) * n + j] = ws->b[j * nb + v] * sc[m + s + v];
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

int nqpf__dea_ws_pin(nqpf_dea_ws *ws, const nqpf_dea_ref *ref)
{
    if (!ref) {
        ws->pin_x = ws->pin_y = ws->pin_b = NULL;
        return NQPF_OK;
    }
    ws->pin_x = ws->pin_y = ws->pin_b = NULL;
    int rc = nqpf__dea_ws_load(ws, ref);
    if (rc)
        return rc;
    ws->pin_x = ref->x;
    ws->pin_y = ref->y;
    ws->pin_b = ref->nb ? ref->b : NULL;
    return NQPF_OK;
}

static void fill_nan(double *v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        v[k] = NAN;
}

double nqpf__dea_dir_value(nqpf_dea_dir d, double own, double mean)
{
    switch (d) {
    case NQPF_DEA_DIR_OBSERVED:
        return own;
    case NQPF_DEA_DIR_ONES:
        return 1.0;
    case NQPF_DEA_DIR_MEAN:
        return mean;
    default:
        return 0.0;
    }
}

void nqpf__dea_rts_bounds(nqpf_lp *lp, size_t row, nqpf_dea_rts rts, double rhs)
{
    switch (rts) {
    case NQPF_DEA_VRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, rhs, rhs);
        break;
    case NQPF_DEA_NIRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, rhs);
        break;
    case NQPF_DEA_NDRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_LO, rhs, 0);
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

static int check_index(const nqpf_dea_ws *ws, size_t exclude, size_t own, const char *who)
{
    if ((exclude != NQPF__DEA_NOEXCL && exclude >= ws->n) || (own != NQPF__DEA_NOEXCL && own >= ws->n))
        return nqpf_error_set(NQPF_EUSAGE, "%s: DMU index out of range", who);
    return NQPF_OK;
}

/* ---- Distances: radial and directional --------------------------------------------------------
 * Own column 0: the distance variable t (free). Rows: nv variable rows, the RTS row. */

static int dist_lp(nqpf_dea_ws *ws, nqpf__dea_lpk **out)
{
    size_t nv = ws->m + ws->s + ws->nb;
    int rc, fresh;
    if ((rc = nqpf__dea_lpk_prepare(ws, NQPF__DEA_LP_DIST, nv + 1, 1, nv, out, &fresh)))
        return rc;
    if (fresh) {
        nqpf__dea_lpk *k = *out;
        nqpf_lp_set_col_bnd(k->lp, 0, NQPF_LP_FREE, 0, 0);
        nqpf__dea_lpk_set_obj(k, 0, 1.0);
        /* a representative distance column for the scaling pass */
        for (size_t v = 0; v < nv; v++) {
            ws->idx[v] = (int)v;
            ws->val[v] = 1.0;
        }
        if ((rc = nqpf_lp_set_col(k->lp, 0, nv, ws->idx, ws->val)))
            return rc;
    }
    return NQPF_OK;
}

/* Sets the distance column from ws->idx/val[0..q), divided by its largest entry c (the column then
 * holds c t, whose objective coefficient is 1/c). Returns c. */
static int set_dist_col(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t q, double *c)
{
    double mx = 0;
    for (size_t e = 0; e < q; e++)
        if (fabs(ws->val[e]) > mx)
            mx = fabs(ws->val[e]);
    *c = mx > 0 && isfinite(mx) ? mx : 1.0;
    for (size_t e = 0; e < q; e++)
        ws->val[e] /= *c;
    /* an all-zero direction (x0 = 0 input-oriented, y0 = 0 output-oriented, g = 0) empties the
     * column; left basic from the previous point, an empty column made GLPK's factorisation abort
     * the process (bflib/sgf.c "k1 < k2"): start from the slack basis, where it is non-basic */
    if (!(mx > 0))
        nqpf_lp_reset_basis(k->lp);
    nqpf__dea_lpk_set_obj(k, 0, 1.0 / *c);
    return nqpf_lp_set_col(k->lp, 0, q, ws->idx, ws->val);
}

static int solve_dist(nqpf_dea_ws *ws, nqpf__dea_lpk *k, double c, size_t exclude, size_t own, double *value,
                      nqpf_lp_status *status, double *lambda)
{
    nqpf_lp_status st;
    int rc = nqpf__dea_lpk_solve(ws, k, exclude, own, &st);
    if (rc)
        return rc;
    *status = st;
    *value = st == NQPF_LP_OPTIMAL ? nqpf_lp_col_value(k->lp, 0) / c : NAN;
    if (st == NQPF_LP_OPTIMAL)
        nqpf__dea_lpk_lambda(ws, k, 1.0, lambda);
    else
        fill_nan(lambda, ws->n);
    return NQPF_OK;
}

int nqpf__dea_radial_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_dea_rts rts,
                        nqpf_dea_orientation orient, int weak_x, int weak_y, size_t exclude, size_t own, double *value,
                        nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!value || !status)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_radial: NULL result pointer");
    *value = NAN;
    *status = NQPF_LP_FAILED;
    if (orient != NQPF_DEA_IN && orient != NQPF_DEA_OUT)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_radial: orientation must be input or output");
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    if (ws->m == 0 || ws->s == 0)
        return nqpf_error_set(NQPF_EUSAGE, "radial DEA needs at least one input and one output");
    if ((rc = check_index(ws, exclude, own, "nqpf_dea_radial")))
        return rc;
    if ((rc = check_point("x0", x0, ws->m)) || (rc = check_point("y0", y0, ws->s)))
        return rc;
    nqpf__dea_lpk *k;
    if ((rc = dist_lp(ws, &k)))
        return rc;
    nqpf_lp *lp = k->lp;
    size_t m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    size_t q = 0;
    nqpf_lp_bnd bx = weak_x ? NQPF_LP_FX : NQPF_LP_UP, by = weak_y ? NQPF_LP_FX : NQPF_LP_LO;
    if (orient == NQPF_DEA_IN) {
        for (size_t i = 0; i < m; i++) {
            nqpf_lp_set_row_bnd(lp, i, bx, 0, 0);
            ws->idx[q] = (int)i;
            ws->val[q++] = -x0[i] * ws->sc[i];
        }
        for (size_t r = 0; r < s; r++) {
            double rhs = y0[r] * ws->sc[m + r];
            nqpf_lp_set_row_bnd(lp, m + r, by, rhs, rhs);
        }
        nqpf__dea_lpk_set_dir(k, 0);
    } else {
        for (size_t i = 0; i < m; i++) {
            double rhs = x0[i] * ws->sc[i];
            nqpf_lp_set_row_bnd(lp, i, bx, rhs, rhs);
        }
        for (size_t r = 0; r < s; r++) {
            nqpf_lp_set_row_bnd(lp, m + r, by, 0, 0);
            ws->idx[q] = (int)(m + r);
            ws->val[q++] = -y0[r] * ws->sc[m + r];
        }
        nqpf__dea_lpk_set_dir(k, 1);
    }
    for (size_t v = m + s; v < nv; v++)
        nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FREE, 0, 0);
    nqpf__dea_rts_bounds(lp, nv, rts, 1.0);
    double c;
    if ((rc = set_dist_col(ws, k, q, &c)))
        return rc;
    k->use_dom = weak_x || weak_y ? 0 : rts == NQPF_DEA_CRS ? 2 : 1;
    return solve_dist(ws, k, c, exclude, own, value, status, lambda);
}

int nqpf_dea_radial(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_dea_rts rts,
                    nqpf_dea_orientation orient, double *value, nqpf_lp_status *status, double *lambda)
{
    return nqpf__dea_radial_ex(ws, ref, x0, y0, rts, orient, 0, 0, NQPF__DEA_NOEXCL, NQPF__DEA_NOEXCL, value, status,
                               lambda);
}

int nqpf__dea_ddf_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *gx, const double *gy, const double *gb, nqpf_dea_rts rts, nqpf_dea_bad_mode bad_mode,
                     size_t exclude, size_t own, double *beta, nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!beta || !status)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_ddf: NULL result pointer");
    *beta = NAN;
    *status = NQPF_LP_FAILED;
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    size_t m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    if ((rc = check_index(ws, exclude, own, "nqpf_dea_ddf")))
        return rc;
    if ((rc = check_point("x0", x0, m)) || (rc = check_point("y0", y0, s)) || (rc = check_point("b0", b0, nb)) ||
        (rc = check_point("gx", gx, m)) || (rc = check_point("gy", gy, s)) || (rc = check_point("gb", gb, nb)))
        return rc;
    nqpf__dea_lpk *k;
    if ((rc = dist_lp(ws, &k)))
        return rc;
    nqpf_lp *lp = k->lp;
    size_t q = 0;
    for (size_t i = 0; i < m; i++) {
        nqpf_lp_set_row_bnd(lp, i, NQPF_LP_UP, 0, x0[i] * ws->sc[i]);
        ws->idx[q] = (int)i;
        ws->val[q++] = gx[i] * ws->sc[i];
    }
    for (size_t r = 0; r < s; r++) {
        nqpf_lp_set_row_bnd(lp, m + r, NQPF_LP_LO, y0[r] * ws->sc[m + r], 0);
        ws->idx[q] = (int)(m + r);
        ws->val[q++] = -gy[r] * ws->sc[m + r];
    }
    for (size_t b = 0; b < nb; b++) {
        size_t row = m + s + b;
        double rhs = b0[b] * ws->sc[row];
        if (bad_mode == NQPF_DEA_BAD_INEQ)
            nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, rhs);
        else
            nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, rhs, rhs);
        ws->idx[q] = (int)row;
        ws->val[q++] = gb[b] * ws->sc[row];
    }
    nqpf__dea_rts_bounds(lp, nv, rts, 1.0);
    double c;
    if ((rc = set_dist_col(ws, k, q, &c)))
        return rc;
    nqpf__dea_lpk_set_dir(k, 1);
    k->use_dom = nb && bad_mode != NQPF_DEA_BAD_INEQ ? 0 : rts == NQPF_DEA_CRS ? 2 : 1;
    return solve_dist(ws, k, c, exclude, own, beta, status, lambda);
}

int nqpf_dea_ddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                 const double *gx, const double *gy, const double *gb, nqpf_dea_rts rts, nqpf_dea_bad_mode bad_mode,
                 double *beta, nqpf_lp_status *status)
{
    return nqpf__dea_ddf_ex(ws, ref, x0, y0, b0, gx, gy, gb, rts, bad_mode, NQPF__DEA_NOEXCL, NQPF__DEA_NOEXCL, beta,
                            status, NULL);
}

/* ---- Second-stage slacks -----------------------------------------------------------------------
 * Own columns: the slacks (m + s + nb, in scaled units). Rows: nv balances, the RTS row. */

int nqpf__dea_slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *xt, const double *yt, const double *bt,
                     nqpf_dea_rts rts, int weak_x, int weak_y, int bad_slack, size_t exclude, size_t own, double *sx,
                     double *sy, double *sb, nqpf_lp_status *status, double *lambda)
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
    if ((rc = check_index(ws, exclude, own, "DEA slacks")))
        return rc;
    if ((rc = check_point("x target", xt, m)) || (rc = check_point("y target", yt, s)) ||
        (rc = check_point("b target", bt, nb)))
        return rc;
    nqpf__dea_lpk *k;
    int fresh;
    if ((rc = nqpf__dea_lpk_prepare(ws, NQPF__DEA_LP_SLACK, nv + 1, nv, nv, &k, &fresh)))
        return rc;
    nqpf_lp *lp = k->lp;
    if (fresh) {
        for (size_t v = 0; v < nv; v++) {
            int row = (int)v;
            double c = v >= m && v < m + s ? -1.0 : 1.0;
            if ((rc = nqpf_lp_set_col(lp, v, 1, &row, &c)))
                return rc;
            /* maximise the sum of slacks in the data's units: the column holds sc * slack */
            nqpf__dea_lpk_set_obj(k, v, 1.0 / ws->sc[v]);
        }
        nqpf__dea_lpk_set_dir(k, 1);
    }
    for (size_t v = 0; v < nv; v++) {
        double t = v < m ? xt[v] : v < m + s ? yt[v - m] : bt[v - m - s];
        t *= ws->sc[v];
        nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FX, t, t);
        int fix = v < m ? weak_x : v < m + s ? weak_y : !bad_slack;
        if (fix)
            nqpf_lp_set_col_bnd(lp, v, NQPF_LP_FX, 0, 0);
        else
            nqpf_lp_set_col_bnd(lp, v, NQPF_LP_LO, 0, 0);
    }
    nqpf__dea_rts_bounds(lp, nv, rts, 1.0);
    k->use_dom = weak_x || weak_y || (nb && !bad_slack) ? 0 : rts == NQPF_DEA_CRS ? 2 : 1;
    nqpf_lp_status st;
    if ((rc = nqpf__dea_lpk_solve(ws, k, exclude, own, &st)))
        return rc;
    *status = st;
    if (st != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    for (size_t v = 0; v < nv; v++) {
        double sl = nqpf_lp_col_value(lp, v);
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
    nqpf__dea_lpk_lambda(ws, k, 1.0, lambda);
    return NQPF_OK;
}

/* ---- Slacks-based measure ----------------------------------------------------------------------
 * Charnes-Cooper form. Own columns: S- (m), S+ (s), Sb (nb), t. Rows: nv balances, the
 * normalisation row, the RTS row (sum Lambda - t), and for super-SBM s rows S+_r - t y0_r <= 0
 * (the projected outputs stay >= 0).
 *   SBM:       min t - (1/m) sum S-/x0  s.t.  t + 1/(s+nb) (sum S+/y0 + sum Sb/b0) = 1,
 *              X Lambda + S- = t x0,  Y Lambda - S+ = t y0,  B Lambda + Sb = t b0
 *   super-SBM: min t + (1/m) sum S-/x0  s.t.  t - 1/(s+nb) (sum S+/y0 + sum Sb/b0) = 1,
 *              X Lambda - S- <= t x0,  Y Lambda + S+ >= t y0,  B Lambda - Sb <= t b0
 * The input-oriented forms drop the output terms of the normalisation row, the output-oriented
 * forms the input terms of the objective; oriented super-SBM also fixes the other side's slacks at
 * 0 (Tone 2002: ybar = y0, bbar = b0 input-oriented; xbar = x0 output-oriented). */
int nqpf__dea_sbm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                  nqpf_dea_rts rts, nqpf_dea_orientation orient, int super, size_t exclude, size_t own, double *rho,
                  nqpf_lp_status *status, double *sx, double *sy, double *sb, double *lambda)
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
    if ((rc = check_index(ws, exclude, own, "SBM")))
        return rc;
    if ((rc = check_point("x0", x0, m)) || (rc = check_point("y0", y0, s)) || (rc = check_point("b0", b0, nb)))
        return rc;
    int use_in = orient != NQPF_DEA_OUT, use_out = orient != NQPF_DEA_IN;
    for (size_t i = 0; use_in && i < m; i++)
        if (!(x0[i] > 0))
            return nqpf_error_set(NQPF_EUSAGE, "SBM: input %zu of the evaluated DMU is not positive", i + 1);
    for (size_t r = 0; use_out && r < s; r++)
        if (!(y0[r] > 0))
            return nqpf_error_set(NQPF_EUSAGE, "SBM: output %zu of the evaluated DMU is not positive", r + 1);
    for (size_t b = 0; use_out && b < nb; b++)
        if (!(b0[b] > 0))
            return nqpf_error_set(NQPF_EUSAGE, "SBM: bad output %zu of the evaluated DMU is not positive", b + 1);
    int kind = super ? NQPF__DEA_LP_SUPERSBM : NQPF__DEA_LP_SBM;
    size_t tcol = nv, nrm = nv, rtsr = nv + 1, nrows = nv + 2 + (super ? s : 0);
    nqpf__dea_lpk *k;
    int fresh;
    if ((rc = nqpf__dea_lpk_prepare(ws, kind, nrows, nv + 1, rtsr, &k, &fresh)))
        return rc;
    nqpf_lp *lp = k->lp;
    if (fresh) {
        nqpf_lp_set_col_bnd(lp, tcol, NQPF_LP_LO, 0, 0);
        nqpf__dea_lpk_set_dir(k, 0);
        nqpf__dea_lpk_set_obj(k, tcol, 1.0);
        for (size_t v = 0; v < nv; v++)
            nqpf_lp_set_row_bnd(lp, v, super ? (v >= m && v < m + s ? NQPF_LP_LO : NQPF_LP_UP) : NQPF_LP_FX, 0, 0);
        nqpf_lp_set_row_bnd(lp, nrm, NQPF_LP_FX, 1, 1);
        for (size_t r = 0; super && r < s; r++)
            nqpf_lp_set_row_bnd(lp, nv + 2 + r, NQPF_LP_UP, 0, 0);
    }
    /* objective: t +- (1/m) sum S-_i / x0_i (minus for SBM, plus for super-SBM); the normalisation
     * row is written column by column */
    for (size_t i = 0; i < m; i++)
        nqpf__dea_lpk_set_obj(k, i, use_in ? (super ? 1.0 : -1.0) / ((double)m * x0[i] * ws->sc[i]) : 0.0);
    double ssum = (double)(s + nb);
    /* the t column: -v0 in the balance rows, 1 in the normalisation row, -1 in the RTS row, and
     * -y0 in the super-SBM output bound rows */
    size_t q = 0;
    for (size_t v = 0; v < nv; v++) {
        double v0 = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
        ws->idx[q] = (int)v;
        ws->val[q++] = -v0 * ws->sc[v];
    }
    ws->idx[q] = (int)nrm;
    ws->val[q++] = 1.0;
    ws->idx[q] = (int)rtsr;
    ws->val[q++] = -1.0;
    for (size_t r = 0; super && r < s; r++) {
        ws->idx[q] = (int)(nv + 2 + r);
        ws->val[q++] = -y0[r] * ws->sc[m + r];
    }
    if ((rc = nqpf_lp_set_col(lp, tcol, q, ws->idx, ws->val)))
        return rc;
    /* the slack columns: balance row, normalisation row (output terms), super-SBM bound row */
    for (size_t v = 0; v < nv; v++) {
        int rows[3];
        double vals[3];
        size_t e = 0;
        rows[e] = (int)v;
        if (!super)
            vals[e++] = v >= m && v < m + s ? -1.0 : 1.0;
        else
            vals[e++] = v >= m && v < m + s ? 1.0 : -1.0;
        if (use_out && v >= m) {
            double v0 = v < m + s ? y0[v - m] : b0[v - m - s];
            rows[e] = (int)nrm;
            vals[e++] = (super ? -1.0 : 1.0) / (ssum * v0 * ws->sc[v]);
        }
        if (super && v >= m && v < m + s) {
            rows[e] = (int)(nv + 2 + (v - m));
            vals[e++] = 1.0;
        }
        if ((rc = nqpf_lp_set_col(lp, v, e, rows, vals)))
            return rc;
        /* oriented super-SBM (Tone 2002): the other side stays at the DMU's own values (input:
         * ybar = y0 and bbar = b0; output: xbar = x0), so its slacks are fixed at 0 */
        if (super)
            nqpf_lp_set_col_bnd(lp, v, (v < m ? use_in : use_out) ? NQPF_LP_LO : NQPF_LP_FX, 0, 0);
    }
    /* the RTS row is sum Lambda - t (rel) 0 */
    nqpf__dea_rts_bounds(lp, rtsr, rts, 0.0);
    k->use_dom = rts == NQPF_DEA_CRS ? 2 : 1;
    nqpf_lp_status st;
    if ((rc = nqpf__dea_lpk_solve(ws, k, exclude, own, &st)))
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
        double sl = nqpf_lp_col_value(lp, v) / t;
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
    nqpf__dea_lpk_lambda(ws, k, t, lambda);
    return NQPF_OK;
}
