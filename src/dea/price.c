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
    nqpf__dea_rts_bounds(lp, k, rts, 1.0);
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

int nqpf__dea_each_group(const nqpf_panel *p, const nqpf_dea_options *o, const double *const *cols, const size_t *order,
                         const size_t *pstart, size_t ntimes, nqpf__dea_group_fn fn, void *ctx)
{
    size_t m = o->ninputs, s = o->noutputs, nobs = nqpf_panel_nobs(p);
    double *rx = nqpf__malloc(nobs * m + 1, sizeof *rx), *ry = nqpf__malloc(nobs * s + 1, sizeof *ry);
    size_t *refobs = nqpf__malloc(nobs + 1, sizeof *refobs), *evalobs = nqpf__malloc(nobs + 1, sizeof *evalobs);
    int rc = NQPF_EINTERNAL;
    if (!rx || !ry || !refobs || !evalobs)
        goto done;
    int pooled = o->frontier == NQPF_DEA_FRONTIER_POOLED || o->frontier == NQPF_DEA_FRONTIER_GLOBAL;
    size_t ngroups = pooled ? (nobs ? 1 : 0) : ntimes;
    size_t half = o->frontier == NQPF_DEA_FRONTIER_WINDOW ? (o->window - 1) / 2 : 0;
    rc = NQPF_OK;
    for (size_t gi = 0; gi < ngroups && !rc; gi++) {
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
        size_t nref = 0, ne = 0;
        for (size_t q = pstart[rlo]; q < pstart[rhi + 1]; q++, nref++) {
            size_t i = order[q];
            refobs[nref] = i;
            for (size_t v = 0; v < m; v++)
                rx[nref * m + v] = cols[v][i];
            for (size_t r = 0; r < s; r++)
                ry[nref * s + r] = cols[m + r][i];
        }
        size_t elo = pooled ? 0 : gi, ehi = pooled ? ntimes - 1 : gi;
        for (size_t q = pstart[elo]; q < pstart[ehi + 1]; q++)
            evalobs[ne++] = order[q];
        nqpf_dea_ref ref = {nref, m, s, 0, rx, ry, NULL};
        if (ne)
            rc = fn(ctx, &ref, refobs, evalobs, ne);
    }
done:
    free(rx);
    free(ry);
    free(refobs);
    free(evalobs);
    return rc;
}

/* The state of nqpf__dea_price() that the per-group callback needs. */
typedef struct pctx {
    const nqpf_dea_options *o;
    const double *const *cols;
    const double *te;
    const double **pw, **pp; /* price columns */
    int cost, revenue;       /* neither: profit */
    nqpf_dea_ws *ws;         /* profit: the directional distance */
    double *buf;             /* x0, y0 (m + s), w, p (m + s), g (m + s) */
    double *a, *b, *c, *d, *e; /* cost: ce ae cost_min; revenue: re ae revenue_max; profit: profit
                                  profit_max pe pe_tech pe_alloc */
    double *opt;             /* nobs * (m + s): optimal quantities (x then y) */
} pctx;

static int price_group(void *vctx, const nqpf_dea_ref *ref, const size_t *refobs, const size_t *evalobs, size_t ne)
{
    pctx *C = vctx;
    const nqpf_dea_options *o = C->o;
    size_t m = o->ninputs, s = o->noutputs, nv = m + s;
    double *x0 = C->buf, *y0 = x0 + m, *w = C->buf + nv, *pr = w + m, *g = C->buf + 2 * nv;
    int rc;
    (void)refobs;
    for (size_t e = 0; e < ne; e++) {
        size_t i = evalobs[e];
        nqpf_lp_status st;
        double val, cobs = 0, robs = 0;
        for (size_t v = 0; v < m; v++)
            x0[v] = C->cols[v][i];
        for (size_t r = 0; r < s; r++)
            y0[r] = C->cols[m + r][i];
        for (size_t v = 0; v < o->nprices_x; v++)
            w[v] = C->pw[v][i], cobs += w[v] * x0[v];
        for (size_t r = 0; r < o->nprices_y; r++)
            pr[r] = C->pp[r][i], robs += pr[r] * y0[r];
        double *opt = C->opt + i * nv;
        if (C->cost) {
            if ((rc = nqpf__dea_min_cost(ref, w, y0, o->rts, &val, &st, opt)))
                return rc;
            if (st == NQPF_LP_OPTIMAL) {
                C->c[i] = val;
                C->a[i] = cobs > 0 ? val / cobs : NAN;
                C->b[i] = C->te[i] > 0 ? C->a[i] / C->te[i] : NAN;
            }
        } else if (C->revenue) {
            if ((rc = nqpf__dea_max_revenue(ref, pr, x0, o->rts, &val, &st, opt + m)))
                return rc;
            if (st == NQPF_LP_OPTIMAL) {
                C->c[i] = val;
                C->a[i] = val > 0 ? robs / val : NAN;
                C->b[i] = C->te[i] > 0 ? C->a[i] / C->te[i] : NAN;
            }
        } else {
            /* VRS (the options' rule): the maximum of a linear function over the convex hull of the
             * reference DMUs (free disposal only lowers profit at prices >= 0) is attained at one of
             * them */
            size_t best = (size_t)-1;
            double pmax = -INFINITY;
            for (size_t j = 0; j < ref->n; j++) {
                double pj = 0;
                for (size_t r = 0; r < s; r++)
                    pj += pr[r] * ref->y[j * s + r];
                for (size_t v = 0; v < m; v++)
                    pj -= w[v] * ref->x[j * m + v];
                if (pj > pmax)
                    pmax = pj, best = j;
            }
            if (best == (size_t)-1)
                continue;
            double pobs = robs - cobs, norm = robs + cobs;
            C->a[i] = pobs;
            C->b[i] = pmax;
            for (size_t v = 0; v < m; v++)
                opt[v] = ref->x[best * m + v];
            for (size_t r = 0; r < s; r++)
                opt[m + r] = ref->y[best * s + r];
            if (norm > 0) {
                C->c[i] = (pmax - pobs) / norm;
                /* the technical part: the directional distance with g = (x0, y0), VRS */
                for (size_t v = 0; v < nv; v++)
                    g[v] = v < m ? x0[v] : y0[v - m];
                double beta;
                if ((rc = nqpf_dea_ddf(C->ws, ref, x0, y0, NULL, g, g + m, NULL, NQPF_DEA_VRS, NQPF_DEA_BAD_WEAK, &beta,
                                       &st)))
                    return rc;
                if (st == NQPF_LP_OPTIMAL) {
                    C->d[i] = beta;
                    C->e[i] = C->c[i] - beta;
                }
            }
        }
    }
    return NQPF_OK;
}

int nqpf__dea_price(nqpf_table *res, const nqpf_panel *p, const nqpf_dea_options *o, const double *const *cols,
                    const double *te, const size_t *order, const size_t *pstart, size_t ntimes)
{
    size_t m = o->ninputs, s = o->noutputs, nv = m + s, nobs = nqpf_panel_nobs(p);
    pctx C;
    memset(&C, 0, sizeof C);
    C.o = o;
    C.cols = cols;
    C.te = te;
    C.cost = o->nprices_x && !o->nprices_y;
    C.revenue = !o->nprices_x && o->nprices_y;
    int profit = !C.cost && !C.revenue;
    int rc = NQPF_EINTERNAL;
    C.pw = nqpf__calloc(m + 1, sizeof *C.pw);
    C.pp = nqpf__calloc(s + 1, sizeof *C.pp);
    C.buf = nqpf__malloc(3 * nv + 1, sizeof *C.buf);
    C.a = nqpf__malloc(nobs + 1, sizeof *C.a);
    C.b = nqpf__malloc(nobs + 1, sizeof *C.b);
    C.c = nqpf__malloc(nobs + 1, sizeof *C.c);
    C.d = nqpf__malloc(nobs + 1, sizeof *C.d);
    C.e = nqpf__malloc(nobs + 1, sizeof *C.e);
    C.opt = nqpf__malloc(nobs * nv + 1, sizeof *C.opt);
    if (!C.pw || !C.pp || !C.buf || !C.a || !C.b || !C.c || !C.d || !C.e || !C.opt)
        goto done;
    for (size_t i = 0; i < nobs; i++)
        C.a[i] = C.b[i] = C.c[i] = C.d[i] = C.e[i] = NAN;
    for (size_t i = 0; i < nobs * nv; i++)
        C.opt[i] = NAN;
    /* the price columns: present, numbers >= 0, one per input / output (the options' rules) */
    for (size_t v = 0; v < o->nprices_x; v++)
        if ((rc = nqpf_panel_require(p, o->prices_x[v], NQPF_REQ_COMPLETE | NQPF_REQ_NONNEG, NULL, 0,
                                     "DEA input price (option input_prices; prices must be >= 0)", &C.pw[v])))
            goto done;
    for (size_t v = 0; v < o->nprices_y; v++)
        if ((rc = nqpf_panel_require(p, o->prices_y[v], NQPF_REQ_COMPLETE | NQPF_REQ_NONNEG, NULL, 0,
                                     "DEA output price (option output_prices; prices must be >= 0)", &C.pp[v])))
            goto done;
    if (profit && (rc = nqpf_dea_ws_new(&C.ws)))
        goto done;
    if ((rc = nqpf__dea_each_group(p, o, cols, order, pstart, ntimes, price_group, &C)))
        goto done;
    if (C.cost)
        rc = nqpf_table_add_num(res, "ce", C.a, NULL) || nqpf_table_add_num(res, "ae", C.b, NULL) ||
             nqpf_table_add_num(res, "cost_min", C.c, NULL);
    else if (C.revenue)
        rc = nqpf_table_add_num(res, "re", C.a, NULL) || nqpf_table_add_num(res, "ae", C.b, NULL) ||
             nqpf_table_add_num(res, "revenue_max", C.c, NULL);
    else
        rc = nqpf_table_add_num(res, "profit", C.a, NULL) || nqpf_table_add_num(res, "profit_max", C.b, NULL) ||
             nqpf_table_add_num(res, "pe", C.c, NULL) || nqpf_table_add_num(res, "pe_tech", C.d, NULL) ||
             nqpf_table_add_num(res, "pe_alloc", C.e, NULL);
    if (rc) {
        rc = nqpf_error_code() ? nqpf_error_code() : NQPF_EINTERNAL;
        goto done;
    }
    if (o->slacks) {
        double *colv = C.a; /* reused */
        for (size_t v = 0; v < nv && !rc; v++) {
            if ((v < m && C.revenue) || (v >= m && C.cost))
                continue;
            char name[512];
            snprintf(name, sizeof name, "%s_opt_%s", v < m ? "x" : "y", v < m ? o->inputs[v] : o->outputs[v - m]);
            for (size_t i = 0; i < nobs; i++)
                colv[i] = C.opt[i * nv + v];
            rc = nqpf_table_add_num(res, name, colv, NULL);
        }
        if (rc)
            goto done;
    }
    rc = NQPF_OK;
done:
    nqpf_dea_ws_free(C.ws);
    free(C.pw);
    free(C.pp);
    free(C.buf);
    free(C.a);
    free(C.b);
    free(C.c);
    free(C.d);
    free(C.e);
    free(C.opt);
    return rc;
}
