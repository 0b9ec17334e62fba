/* Keys input_prices and output_prices of `nqpf dea`: cost efficiency (Färe, Grosskopf and Lovell
 * 1985; Coelli et al. 2005 ch. 7, DEAP's cost-DEA), revenue efficiency, and Nerlovian profit
 * inefficiency (Chambers, Chung and Färe 1998) with their technical / allocative decompositions.
 * Each observation is priced with its own row's prices against the same reference set as its
 * technical score (period, pooled, sequential or window). docs/dea.md, "Cost, revenue and profit
 * efficiency". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"
#include "nqpf/panel.h"
#include "nqpf/table.h"
#include "deap.h"
#include "../util/util.h"

/* RTS row bounds (row `row` holds sum lambda). */
static void rts_row(nqpf_lp *lp, size_t row, nqpf_dea_rts rts)
{
    switch (rts) {
    case NQPF_DEA_VRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, 1, 1);
        break;
    case NQPF_DEA_NIRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, 1);
        break;
    case NQPF_DEA_NDRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_LO, 1, 0);
        break;
    default:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FREE, 0, 0);
        break;
    }
}

/* The shared body of the cost and revenue LPs. cost = 1: min sum lambda_j (w . x_j) s.t.
 * sum lambda y_rj >= y0_r; cost = 0: max sum lambda_j (p . y_j) s.t. sum lambda x_ij <= x0_i. The
 * constraint rows are divided by their right-hand side (rows with a zero right-hand side: a cost
 * row is then always met and left free; a revenue row forces lambda_j = 0 where x_ij > 0), the
 * objective by its largest coefficient. */
static int price_lp(const nqpf_dea_ref *ref, const double *price, const double *rhs, nqpf_dea_rts rts, int cost,
                    double *value, nqpf_lp_status *status, double *opt)
{
    size_t n = ref->n, k = cost ? ref->s : ref->m, kp = cost ? ref->m : ref->s;
    const double *A = cost ? ref->y : ref->x, *P = cost ? ref->x : ref->y; /* constraint data, priced data */
    nqpf_lp *lp = NULL;
    int *rows = nqpf__malloc(k + 1, sizeof *rows);
    double *vals = nqpf__malloc(k + 1, sizeof *vals), *c = nqpf__malloc(n ? n : 1, sizeof *c);
    int rc = NQPF_EINTERNAL;
    *value = NAN;
    *status = NQPF_LP_FAILED;
    if (!rows || !vals || !c)
        goto done;
    double cmax = 0;
    for (size_t j = 0; j < n; j++) {
        double v = 0;
        for (size_t i = 0; i < kp; i++)
            v += price[i] * P[j * kp + i];
        c[j] = v;
        if (fabs(v) > cmax)
            cmax = fabs(v);
    }
    if (cmax == 0)
        cmax = 1;
    if ((rc = nqpf_lp_new(&lp, k + 1, n)))
        goto done;
    nqpf_lp_set_dir(lp, cost ? NQPF_LP_MIN : NQPF_LP_MAX);
    for (size_t r = 0; r < k; r++) {
        if (rhs[r] > 0)
            nqpf_lp_set_row_bnd(lp, r, cost ? NQPF_LP_LO : NQPF_LP_UP, cost ? 1 : 0, cost ? 0 : 1);
        else
            nqpf_lp_set_row_bnd(lp, r, NQPF_LP_FREE, 0, 0);
    }
    rts_row(lp, k, rts);
    for (size_t j = 0; j < n; j++) {
        size_t len = 0;
        int blocked = 0;
        for (size_t r = 0; r < k; r++) {
            double a = A[j * k + r];
            if (rhs[r] > 0) {
                rows[len] = (int)r;
                vals[len++] = a / rhs[r];
            } else if (!cost && a > 0) {
                blocked = 1;
            }
        }
        rows[len] = (int)k;
        vals[len++] = 1;
        if ((rc = nqpf_lp_set_col(lp, j, len, rows, vals)))
            goto done;
        nqpf_lp_set_obj(lp, j, c[j] / cmax);
        if (blocked)
            nqpf_lp_set_col_bnd(lp, j, NQPF_LP_FX, 0, 0);
    }
    nqpf_lp_scale(lp);
    if ((rc = nqpf_lp_solve(lp, status)))
        goto done;
    if (*status == NQPF_LP_OPTIMAL) {
        /* the value from the lambdas in the data's units (the scaled objective times cmax loses
         * the digits of a badly scaled price vector) */
        double v = 0;
        for (size_t j = 0; j < n; j++)
            v += nqpf_lp_col_value(lp, j) * c[j];
        *value = v;
        for (size_t i = 0; opt && i < kp; i++) {
            double t = 0;
            for (size_t j = 0; j < n; j++)
                t += nqpf_lp_col_value(lp, j) * P[j * kp + i];
            opt[i] = t;
        }
    }
    rc = NQPF_OK;
done:
    if (*status != NQPF_LP_OPTIMAL)
        for (size_t i = 0; opt && i < kp; i++)
            opt[i] = NAN;
    nqpf_lp_free(lp);
    free(rows);
    free(vals);
    free(c);
    return rc;
}

int nqpf__dea_min_cost(const nqpf_dea_ref *ref, const double *w, const double *y0, nqpf_dea_rts rts, double *value,
                       nqpf_lp_status *status, double *x_opt)
{
    return price_lp(ref, w, y0, rts, 1, value, status, x_opt);
}

int nqpf__dea_max_revenue(const nqpf_dea_ref *ref, const double *pr, const double *x0, nqpf_dea_rts rts,
                          double *value, nqpf_lp_status *status, double *y_opt)
{
    return price_lp(ref, pr, x0, rts, 0, value, status, y_opt);
}

/* The result columns, by observation. */
typedef struct pout {
    double *a, *b, *c, *d, *e; /* cost: ce ae cost_min; revenue: re ae revenue_max; profit: profit
                                  profit_max pe pe_tech pe_alloc */
    double *opt;               /* nobs * (m + s): optimal quantities (x then y) */
} pout;

/* Prices of observation i (cols of the price columns). */
static void obs_prices(const double *const *pc, size_t k, size_t i, double *out)
{
    for (size_t v = 0; v < k; v++)
        out[v] = pc[v][i];
}

int nqpf__dea_price(nqpf_table *res, const nqpf_panel *p, const nqpf_dea_options *o, const double *const *cols,
                    const double *te, const size_t *order, const size_t *pstart, size_t ntimes)
{
    size_t m = o->ninputs, s = o->noutputs, nv = m + s, nobs = nqpf_panel_nobs(p);
    int cost = o->nprices_x && !o->nprices_y, revenue = !o->nprices_x && o->nprices_y, profit = !cost && !revenue;
    const double **pw = NULL, **pp = NULL;
    double *rx = NULL, *ry = NULL, *buf = NULL;
    pout R;
    memset(&R, 0, sizeof R);
    nqpf_dea_ws *ws = NULL;
    int rc = NQPF_EINTERNAL;
    pw = nqpf__calloc(m + 1, sizeof *pw);
    pp = nqpf__calloc(s + 1, sizeof *pp);
    rx = nqpf__malloc(nobs * m + 1, sizeof *rx);
    ry = nqpf__malloc(nobs * s + 1, sizeof *ry);
    buf = nqpf__malloc(4 * nv + 1, sizeof *buf);
    R.a = nqpf__malloc(nobs + 1, sizeof *R.a);
    R.b = nqpf__malloc(nobs + 1, sizeof *R.b);
    R.c = nqpf__malloc(nobs + 1, sizeof *R.c);
    R.d = nqpf__malloc(nobs + 1, sizeof *R.d);
    R.e = nqpf__malloc(nobs + 1, sizeof *R.e);
    R.opt = nqpf__malloc(nobs * nv + 1, sizeof *R.opt);
    if (!pw || !pp || !rx || !ry || !buf || !R.a || !R.b || !R.c || !R.d || !R.e || !R.opt)
        goto done;
    for (size_t i = 0; i < nobs; i++)
        R.a[i] = R.b[i] = R.c[i] = R.d[i] = R.e[i] = NAN;
    for (size_t i = 0; i < nobs * nv; i++)
        R.opt[i] = NAN;
    /* the price columns: present, numbers >= 0, one per input / output (the options' rules) */
    for (size_t v = 0; v < o->nprices_x; v++)
        if ((rc = nqpf_panel_require(p, o->prices_x[v], NQPF_REQ_COMPLETE | NQPF_REQ_NONNEG, NULL, 0,
                                     "DEA input price (option input_prices; prices must be >= 0)", &pw[v])))
            goto done;
    for (size_t v = 0; v < o->nprices_y; v++)
        if ((rc = nqpf_panel_require(p, o->prices_y[v], NQPF_REQ_COMPLETE | NQPF_REQ_NONNEG, NULL, 0,
                                     "DEA output price (option output_prices; prices must be >= 0)", &pp[v])))
            goto done;
    if (profit && (rc = nqpf_dea_ws_new(&ws)))
        goto done;
    rc = NQPF_EINTERNAL;
    double *x0 = buf, *y0 = buf + m, *w = buf + nv, *pr = w + m, *g = buf + 2 * nv;
    int pooled = o->frontier == NQPF_DEA_FRONTIER_POOLED || o->frontier == NQPF_DEA_FRONTIER_GLOBAL;
    size_t ngroups = pooled ? (nobs ? 1 : 0) : ntimes;
    size_t half = o->frontier == NQPF_DEA_FRONTIER_WINDOW ? (o->window - 1) / 2 : 0;
    for (size_t gi = 0; gi < ngroups; gi++) {
        /* the reference periods [rlo, rhi] and evaluated periods [elo, ehi], as nqpf_dea_run() */
        size_t rlo = gi, rhi = gi;
        if (pooled)
            rlo = 0, rhi = ntimes - 1;
        else if (o->frontier == NQPF_DEA_FRONTIER_SEQUENTIAL)
            rlo = 0;
        else if (o->frontier == NQPF_DEA_FRONTIER_WINDOW) {
            rlo = gi >= half ? gi - half : 0;
            rhi = gi + half < ntimes ? gi + half : ntimes - 1;
        }
        size_t nref = 0;
        for (size_t q = pstart[rlo]; q < pstart[rhi + 1]; q++, nref++) {
            size_t i = order[q];
            for (size_t v = 0; v < m; v++)
                rx[nref * m + v] = cols[v][i];
            for (size_t r = 0; r < s; r++)
                ry[nref * s + r] = cols[m + r][i];
        }
        nqpf_dea_ref ref = {nref, m, s, 0, rx, ry, NULL};
        size_t elo = pooled ? 0 : gi, ehi = pooled ? ntimes - 1 : gi;
        for (size_t q = pstart[elo]; q < pstart[ehi + 1]; q++) {
            size_t i = order[q];
            nqpf_lp_status st;
            double val;
            for (size_t v = 0; v < m; v++)
                x0[v] = cols[v][i];
            for (size_t r = 0; r < s; r++)
                y0[r] = cols[m + r][i];
            obs_prices(pw, o->nprices_x, i, w);
            obs_prices(pp, o->nprices_y, i, pr);
            double cobs = 0, robs = 0;
            for (size_t v = 0; v < o->nprices_x; v++)
                cobs += w[v] * x0[v];
            for (size_t r = 0; r < o->nprices_y; r++)
                robs += pr[r] * y0[r];
            double *opt = R.opt + i * nv;
            if (cost) {
                if ((rc = nqpf__dea_min_cost(&ref, w, y0, o->rts, &val, &st, opt)))
                    goto done;
                if (st == NQPF_LP_OPTIMAL) {
                    R.c[i] = val;
                    R.a[i] = cobs > 0 ? val / cobs : NAN;
                    R.b[i] = te[i] > 0 ? R.a[i] / te[i] : NAN;
                }
            } else if (revenue) {
                if ((rc = nqpf__dea_max_revenue(&ref, pr, x0, o->rts, &val, &st, opt + m)))
                    goto done;
                if (st == NQPF_LP_OPTIMAL) {
                    R.c[i] = val;
                    R.a[i] = val > 0 ? robs / val : NAN;
                    R.b[i] = te[i] > 0 ? R.a[i] / te[i] : NAN;
                }
            } else {
                /* VRS (the options' rule): the maximum of a linear function over the convex hull
                 * of the reference DMUs (free disposal only lowers profit at prices >= 0) is
                 * attained at one of them */
                size_t best = (size_t)-1;
                double pmax = -INFINITY;
                for (size_t j = 0; j < nref; j++) {
                    double pj = 0;
                    for (size_t r = 0; r < s; r++)
                        pj += pr[r] * ry[j * s + r];
                    for (size_t v = 0; v < m; v++)
                        pj -= w[v] * rx[j * m + v];
                    if (pj > pmax)
                        pmax = pj, best = j;
                }
                if (best == (size_t)-1)
                    continue;
                double pobs = robs - cobs, norm = robs + cobs;
                R.a[i] = pobs;
                R.b[i] = pmax;
                for (size_t v = 0; v < m; v++)
                    opt[v] = rx[best * m + v];
                for (size_t r = 0; r < s; r++)
                    opt[m + r] = ry[best * s + r];
                if (norm > 0) {
                    R.c[i] = (pmax - pobs) / norm;
                    /* technical part: the directional distance with g = (x0, y0), VRS */
                    for (size_t v = 0; v < nv; v++)
                        g[v] = v < m ? x0[v] : y0[v - m];
                    double beta;
                    if ((rc = nqpf_dea_ddf(ws, &ref, x0, y0, NULL, g, g + m, NULL, NQPF_DEA_VRS, NQPF_DEA_BAD_WEAK,
                                           &beta, &st)))
                        goto done;
                    if (st == NQPF_LP_OPTIMAL) {
                        R.d[i] = beta;
                        R.e[i] = R.c[i] - beta;
                    }
                }
            }
        }
    }
    if (cost)
        rc = nqpf_table_add_num(res, "ce", R.a, NULL) || nqpf_table_add_num(res, "ae", R.b, NULL) ||
             nqpf_table_add_num(res, "cost_min", R.c, NULL);
    else if (revenue)
        rc = nqpf_table_add_num(res, "re", R.a, NULL) || nqpf_table_add_num(res, "ae", R.b, NULL) ||
             nqpf_table_add_num(res, "revenue_max", R.c, NULL);
    else
        rc = nqpf_table_add_num(res, "profit", R.a, NULL) || nqpf_table_add_num(res, "profit_max", R.b, NULL) ||
             nqpf_table_add_num(res, "pe", R.c, NULL) || nqpf_table_add_num(res, "pe_tech", R.d, NULL) ||
             nqpf_table_add_num(res, "pe_alloc", R.e, NULL);
    if (rc) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (o->slacks) {
        double *colv = R.a; /* reused */
        for (size_t v = 0; v < nv && !rc; v++) {
            if ((v < m && revenue) || (v >= m && cost))
                continue;
            char name[512];
            snprintf(name, sizeof name, "%s_opt_%s", v < m ? "x" : "y", v < m ? o->inputs[v] : o->outputs[v - m]);
            for (size_t i = 0; i < nobs; i++)
                colv[i] = R.opt[i * nv + v];
            rc = nqpf_table_add_num(res, name, colv, NULL);
        }
        if (rc)
            goto done;
    }
    rc = NQPF_OK;
done:
    nqpf_dea_ws_free(ws);
    free(pw);
    free(pp);
    free(rx);
    free(ry);
    free(buf);
    free(R.a);
    free(R.b);
    free(R.c);
    free(R.d);
    free(R.e);
    free(R.opt);
    return rc;
}
