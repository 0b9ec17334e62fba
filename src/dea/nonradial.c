/* Non-radial and slacks-based directional distances on the LP layer (docs/dea.md):
 *  - nddf:   the non-radial directional distance function of Zhou, Ang and Wang (2012), as Stata
 *            teddf/gtfpch `nonradial` solve it (Wang, Du and Zhang 2022, Stata Journal 22(1));
 *  - sbmddf: the slacks-based directional distance of Fukuyama and Weber (2009), with bad outputs
 *            as in Färe and Grosskopf (2010).
 * Both use a workspace LP of the same shape as the second-stage slack LP (frontier.c): one own
 * column per variable, holding u_v = amount the variable moves, in the row's scaled units, so that
 * every own column is a unit column (+1 in the input and bad-output rows, -1 in the output rows)
 * whatever the direction. The direction and the weights enter the objective only:
 *   nddf:   beta_v = u_v / (g_v sc_v), objective sum_v w_v beta_v; u_v fixed at 0 where g_v = 0;
 *   sbmddf: s_v = u_v / sc_v, objective sum_v w_v s_v / g_v over the variables with g_v > 0.
 * Rows: the nv variable rows (scaled by the workspace's sc), the returns-to-scale row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "../util/util.h"

void nqpf__dea_nonradial_weights(nqpf_dea_model model, size_t m, size_t s, size_t nb, int mx, int my, int mb,
                                 double *w)
{
    size_t nv = m + s + nb;
    if (model != NQPF_DEA_SBMDDF) {
        for (size_t v = 0; v < nv; v++)
            w[v] = (v < m ? mx : v < m + s ? my : mb) ? 1.0 : 0.0;
        return;
    }
    size_t nin = mx ? m : 0, nout = (my ? s : 0) + (mb ? nb : 0);
    double half = nin && nout ? 0.5 : 1.0;
    for (size_t v = 0; v < nv; v++) {
        int moves = v < m ? mx : v < m + s ? my : mb;
        if (!moves)
            w[v] = 0.0;
        else if (v < m)
            w[v] = half / (double)nin;
        else
            w[v] = half / (double)nout;
    }
}

static int finite_all(const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!isfinite(v[k]))
            return 0;
    return 1;
}

static void nan_fill(double *v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        v[k] = NAN;
}

/* Checks the arguments shared by both models and loads the reference technology. */
static int common_checks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0,
                         const double *b0, const double *g, const double *w, size_t own, const char *who)
{
    int rc;
    if ((rc = nqpf__dea_ws_load(ws, ref)))
        return rc;
    size_t m = ws->m, s = ws->s, nb = ws->nb, nv = m + s + nb;
    if (m == 0 || s == 0)
        return nqpf_error_set(NQPF_EUSAGE, "%s needs at least one input and one output", who);
    if (own != NQPF__DEA_NOEXCL && own >= ws->n)
        return nqpf_error_set(NQPF_EUSAGE, "%s: DMU index out of range", who);
    if (!x0 || !y0 || (nb && !b0) || !g || !w)
        return nqpf_error_set(NQPF_EUSAGE, "%s: NULL point, direction or weights", who);
    if (!finite_all(x0, m) || !finite_all(y0, s) || (nb && !finite_all(b0, nb)))
        return nqpf_error_set(NQPF_EUSAGE, "%s: the evaluated point holds a missing or infinite value", who);
    for (size_t v = 0; v < nv; v++) {
        if (!(isfinite(g[v]) && g[v] >= 0))
            return nqpf_error_set(NQPF_EUSAGE, "%s: direction %zu is negative or not finite", who, v + 1);
        if (!(isfinite(w[v]) && w[v] >= 0))
            return nqpf_error_set(NQPF_EUSAGE, "%s: weight %zu is negative or not finite", who, v + 1);
    }
    return NQPF_OK;
}

static double point_value(const nqpf_dea_ws *ws, const double *x0, const double *y0, const double *b0, size_t v)
{
    return v < ws->m ? x0[v] : v < ws->m + ws->s ? y0[v - ws->m] : b0[v - ws->m - ws->s];
}

/* The LP of kind (NDDF or SBMDDF) for the loaded reference: own unit columns built when fresh. */
static int unit_lp(nqpf_dea_ws *ws, int kind, nqpf__dea_lpk **out)
{
    size_t m = ws->m, s = ws->s, nv = m + ws->s + ws->nb;
    int rc, fresh;
    if ((rc = nqpf__dea_lpk_prepare(ws, kind, nv + 1, nv, nv, out, &fresh)))
        return rc;
    if (fresh) {
        for (size_t v = 0; v < nv; v++) {
            int row = (int)v;
            double c = v >= m && v < m + s ? -1.0 : 1.0;
            if ((rc = nqpf_lp_set_col((*out)->lp, v, 1, &row, &c)))
                return rc;
        }
        nqpf__dea_lpk_set_dir(*out, 1);
    }
    return NQPF_OK;
}

int nqpf__dea_nddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                   const double *g, const double *w, nqpf_dea_rts rts, nqpf_dea_bad_mode bad_mode, size_t own,
                   double *value, double *beta, double *slack, nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!ws || !value || !status)
        return nqpf_error_set(NQPF_EUSAGE, "nddf: NULL argument");
    *value = NAN;
    *status = NQPF_LP_FAILED;
    if ((rc = common_checks(ws, ref, x0, y0, b0, g, w, own, "nddf")))
        return rc;
    size_t n = ws->n, m = ws->m, s = ws->s, nv = m + s + ws->nb;
    nan_fill(beta, nv);
    nan_fill(slack, nv);
    nan_fill(lambda, n);
    nqpf__dea_lpk *k;
    if ((rc = unit_lp(ws, NQPF__DEA_LP_NDDF, &k)))
        return rc;
    nqpf_lp *lp = k->lp;
    for (size_t v = 0; v < nv; v++) {
        double rhs = point_value(ws, x0, y0, b0, v) * ws->sc[v];
        if (v < m)
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_UP, 0, rhs);
        else if (v < m + s)
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_LO, rhs, 0);
        else if (bad_mode == NQPF_DEA_BAD_INEQ)
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_UP, 0, rhs);
        else
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FX, rhs, rhs);
        double gs = g[v] * ws->sc[v];
        if (gs > 0 && isfinite(gs)) {
            nqpf_lp_set_col_bnd(lp, v, NQPF_LP_LO, 0, 0);
            nqpf__dea_lpk_set_obj(k, v, w[v] / gs);
        } else {
            nqpf_lp_set_col_bnd(lp, v, NQPF_LP_FX, 0, 0);
            nqpf__dea_lpk_set_obj(k, v, 0.0);
        }
    }
    nqpf__dea_rts_bounds(lp, nv, rts, 1.0);
    /* dominated DMUs may be skipped in pricing unless an equality row (weakly disposable bad
     * outputs) makes a dominated DMU useful */
    k->use_dom = ws->nb && bad_mode != NQPF_DEA_BAD_INEQ ? 0 : rts == NQPF_DEA_CRS ? 2 : 1;
    nqpf_lp_status st;
    if ((rc = nqpf__dea_lpk_solve(ws, k, NQPF__DEA_NOEXCL, own, &st)))
        return rc;
    *status = st;
    if (st != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double obj = 0;
    for (size_t v = 0; v < nv; v++) {
        double gs = g[v] * ws->sc[v];
        double u = nqpf_lp_col_value(lp, v);
        double bv = gs > 0 && isfinite(gs) && u > 1e-11 ? u / gs : 0.0;
        obj += w[v] * bv;
        if (beta)
            beta[v] = bv;
        if (slack) {
            /* what is left between the row's activity and its bound, in data units */
            double act = nqpf_lp_row_value(lp, v), rhs = point_value(ws, x0, y0, b0, v) * ws->sc[v];
            double sl = v >= m && v < m + s ? act - rhs : rhs - act;
            if (v >= m + s && bad_mode != NQPF_DEA_BAD_INEQ)
                sl = 0;
            /* below the solver's tolerance (relative to the variable's mean): zero */
            slack[v] = sl < 1e-9 ? 0.0 : sl / ws->sc[v];
        }
    }
    *value = obj;
    nqpf__dea_lpk_lambda(ws, k, 1.0, lambda);
    return NQPF_OK;
}

int nqpf__dea_sbmddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *g, const double *w, nqpf_dea_rts rts, size_t own, double *value, double *beta,
                     double *slack, nqpf_lp_status *status, double *lambda)
{
    int rc;
    if (!ws || !value || !status)
        return nqpf_error_set(NQPF_EUSAGE, "sbmddf: NULL argument");
    *value = NAN;
    *status = NQPF_LP_FAILED;
    if ((rc = common_checks(ws, ref, x0, y0, b0, g, w, own, "sbmddf")))
        return rc;
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    nan_fill(beta, nv);
    nan_fill(slack, nv);
    nan_fill(lambda, n);
    nqpf__dea_lpk *k;
    if ((rc = unit_lp(ws, NQPF__DEA_LP_SBMDDF, &k)))
        return rc;
    nqpf_lp *lp = k->lp;
    for (size_t v = 0; v < nv; v++) {
        double rhs = point_value(ws, x0, y0, b0, v) * ws->sc[v];
        nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FX, rhs, rhs);
        nqpf_lp_set_col_bnd(lp, v, NQPF_LP_LO, 0, 0);
        double gs = g[v] * ws->sc[v];
        nqpf__dea_lpk_set_obj(k, v, gs > 0 && isfinite(gs) ? w[v] / gs : 0.0);
    }
    nqpf__dea_rts_bounds(lp, nv, rts, 1.0);
    /* every row is an inequality (its slack is free): dominated DMUs may be skipped in pricing */
    k->use_dom = rts == NQPF_DEA_CRS ? 2 : 1;
    nqpf_lp_status st;
    if ((rc = nqpf__dea_lpk_solve(ws, k, NQPF__DEA_NOEXCL, own, &st)))
        return rc;
    *status = st;
    if (st != NQPF_LP_OPTIMAL)
        return NQPF_OK;
    double obj = 0;
    for (size_t v = 0; v < nv; v++) {
        double gs = g[v] * ws->sc[v];
        double u = nqpf_lp_col_value(lp, v);
        if (!(u > 1e-11)) /* below the solver's tolerance (u is relative to the variable's mean) */
            u = 0;
        double bv = gs > 0 && isfinite(gs) ? u / gs : 0.0;
        obj += w[v] * bv;
        if (beta)
            beta[v] = bv;
        if (slack) {
            slack[v] = u < 1e-9 ? 0.0 : u / ws->sc[v];
        }
    }
    *value = obj;
    nqpf__dea_lpk_lambda(ws, k, 1.0, lambda);
    return NQPF_OK;
}

/* ---- Glue for nqpf_dea_run() (dea.c) and nqpf_malmquist_run() (malmquist.c) ------------------ */

int nqpf__dea_nonradial_check(const nqpf_dea_options *o)
{
    const char *mname = nqpf_dea_model_name(o->model);
    size_t m = o->ninputs, s = o->noutputs, nb = o->nbads, nv = m + s + nb;
    if (o->super)
        return nqpf_opt_error(NQPF_EUSAGE, "super", "model %s has no super-efficiency form here (use model sbm with "
                                                    "super for super-SBM)", mname);
    if (o->gx == NQPF_DEA_DIR_ZERO && o->gy == NQPF_DEA_DIR_ZERO && (nb == 0 || o->gb == NQPF_DEA_DIR_ZERO))
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "the direction is zero everywhere: nothing can move");
    if (!o->weights && o->nweights)
        return nqpf_opt_error(NQPF_EUSAGE, "weights", "%zu weights announced but none given", o->nweights);
    if (!o->weights)
        return NQPF_OK;
    if (o->nweights != nv)
        return nqpf_opt_error(NQPF_EUSAGE, "weights",
                              "expected %zu numbers (one per input, output and undesirable output: %zu + %zu + %zu), "
                              "found %zu",
                              nv, m, s, nb, o->nweights);
    int any = 0;
    for (size_t v = 0; v < nv; v++) {
        if (!(isfinite(o->weights[v]) && o->weights[v] >= 0))
            return nqpf_opt_error(NQPF_EUSAGE, "weights", "weight %zu is %g: expected a number >= 0", v + 1,
                                  o->weights[v]);
        nqpf_dea_dir d = v < m ? o->gx : v < m + s ? o->gy : o->gb;
        any |= o->weights[v] > 0 && d != NQPF_DEA_DIR_ZERO;
    }
    if (!any)
        return nqpf_opt_error(NQPF_EUSAGE, "weights", "no variable both moves (non-zero direction) and has a "
                                                      "positive weight: the distance would be 0 for every DMU");
    return NQPF_OK;
}

int nqpf__dea_nonradial_eval(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_options *o, const double *x0,
                             const double *y0, const double *b0, const double *gmean, size_t own, double *g,
                             double *wt, double *value, double *te, nqpf_lp_status *status, double *beta,
                             double *slack, double *lambda)
{
    size_t m = o->ninputs, s = o->noutputs, nb = o->nbads, nv = m + s + nb;
    for (size_t v = 0; v < nv; v++) {
        nqpf_dea_dir d = v < m ? o->gx : v < m + s ? o->gy : o->gb;
        double val = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
        g[v] = nqpf__dea_dir_value(d, val, gmean ? gmean[v] : 0.0);
    }
    if (o->weights)
        memcpy(wt, o->weights, nv * sizeof *wt);
    else
        nqpf__dea_nonradial_weights(o->model, m, s, nb, o->gx != NQPF_DEA_DIR_ZERO, o->gy != NQPF_DEA_DIR_ZERO,
                                    nb && o->gb != NQPF_DEA_DIR_ZERO, wt);
    int rc;
    *te = NAN;
    if (o->model == NQPF_DEA_NDDF)
        rc = nqpf__dea_nddf(ws, ref, x0, y0, b0, g, wt, o->rts, o->bad_mode, own, value, beta, slack, status, lambda);
    else
        rc = nqpf__dea_sbmddf(ws, ref, x0, y0, b0, g, wt, o->rts, own, value, beta, slack, status, lambda);
    if (rc || *status != NQPF_LP_OPTIMAL || o->model != NQPF_DEA_NDDF || !beta)
        return rc;
    /* te (nddf, observed directions only): the mean over the variables that move with a positive
     * weight of their own efficiency, 1 - beta for an input or bad output and 1 / (1 + beta) for a
     * good output (docs/dea.md) */
    double sum = 0;
    size_t cnt = 0;
    for (size_t v = 0; v < nv; v++) {
        nqpf_dea_dir d = v < m ? o->gx : v < m + s ? o->gy : o->gb;
        if (d == NQPF_DEA_DIR_ZERO || !(wt[v] > 0))
            continue;
        if (d != NQPF_DEA_DIR_OBSERVED)
            return NQPF_OK;
        sum += v >= m && v < m + s ? 1.0 / (1.0 + beta[v]) : 1.0 - beta[v];
        cnt++;
    }
    if (cnt)
        *te = sum / (double)cnt;
    return NQPF_OK;
}

int nqpf__dea_nonradial_columns(nqpf_table *res, const nqpf_dea_options *o, const double *beta, size_t nobs)
{
    size_t m = o->ninputs, s = o->noutputs, nv = m + s + o->nbads;
    double *col = nqpf__malloc(nobs ? nobs : 1, sizeof *col);
    if (!col)
        return NQPF_EINTERNAL;
    int rc = NQPF_OK;
    for (size_t v = 0; v < nv && !rc; v++) {
        const char *name = v < m ? o->inputs[v] : v < m + s ? o->outputs[v - m] : o->bads[v - m - s];
        char cname[512];
        snprintf(cname, sizeof cname, "beta_%s", name);
        for (size_t i = 0; i < nobs; i++)
            col[i] = beta[i * nv + v];
        rc = nqpf_table_add_num(res, cname, col, NULL);
    }
    free(col);
    return rc;
}

int nqpf__malmquist_nonradial(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, int sbm, const double *x0, const double *y0,
                              const double *b0, const nqpf_dea_dir dir[3], const double *weights, nqpf_dea_rts rts,
                              nqpf_dea_bad_mode bad_mode, double *value, nqpf_lp_status *status)
{
    size_t m = ref->m, s = ref->s, nb = ref->nb, nv = m + s + nb;
    double stack[128], *buf = stack;
    if (2 * nv > sizeof stack / sizeof *stack && !(buf = nqpf__malloc(2 * nv, sizeof *buf)))
        return NQPF_EINTERNAL;
    double *g = buf, *w = buf + nv;
    for (size_t v = 0; v < nv; v++) {
        nqpf_dea_dir d = v < m ? dir[0] : v < m + s ? dir[1] : dir[2];
        double val = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
        g[v] = nqpf__dea_dir_value(d, val, 0.0);
    }
    if (weights)
        memcpy(w, weights, nv * sizeof *w);
    else
        nqpf__dea_nonradial_weights(sbm ? NQPF_DEA_SBMDDF : NQPF_DEA_NDDF, m, s, nb, dir[0] != NQPF_DEA_DIR_ZERO,
                                    dir[1] != NQPF_DEA_DIR_ZERO, nb && dir[2] != NQPF_DEA_DIR_ZERO, w);
    int rc = sbm ? nqpf__dea_sbmddf(ws, ref, x0, y0, b0, g, w, rts, NQPF__DEA_NOEXCL, value, NULL, NULL, status, NULL)
                 : nqpf__dea_nddf(ws, ref, x0, y0, b0, g, w, rts, bad_mode, NQPF__DEA_NOEXCL, value, NULL, NULL, status,
                                  NULL);
    if (buf != stack)
        free(buf);
    return rc;
}
