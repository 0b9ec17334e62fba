/* Envelopment (primal) vs multiplier (dual) form. nqpf solves the envelopment LPs (src/dea/); this
 * test writes the multiplier form of each model by hand and solves it separately with GLPK (its own
 * glp_prob, no nqpf code): by LP duality the optimal values are equal, and an infeasible primal
 * has an unbounded or infeasible dual. Checked on
 *  - the deaR data sets without published numbers (Tone 2001 SBM and CCR, Tone 2002 power plants
 *    radial and SBM super-efficiency, Tone 2003 SBM with an undesirable output, the PFT/NFT
 *    schools CCR, the Illinois electric plants BCC), through nqpf_dea_run();
 *  - 10,000 random problems (deterministic seed) with ties, duplicated DMUs, zeros, and variables
 *    scaled by 10^-6 .. 10^9, through the internal LP functions, for every model, orientation,
 *    returns to scale, super-efficiency and bad-output form. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "dea/dea_internal.h"

/* ---- the multiplier forms --------------------------------------------------------------------- */

typedef enum { M_RADIAL_IN, M_RADIAL_OUT, M_DDF, M_SBM, M_SUPERSBM } mkind;

#define MAXN 80 /* DMUs */
#define MAXV 5  /* variables of one kind */
typedef struct prob {
    size_t n, m, s, nb;
    double x[MAXN * MAXV], y[MAXN * MAXV], b[MAXN * MAXV]; /* row-major like nqpf_dea_ref */
    double x0[MAXV], y0[MAXV], b0[MAXV];
    double gx[MAXV], gy[MAXV], gb[MAXV];
    nqpf_dea_rts rts;
    nqpf_dea_orientation orient;   /* SBM: IN, OUT, NONE */
    int weak_x, weak_y;   /* radial */
    int bad_ineq;         /* DDF */
    size_t excl;          /* NQPF__DEA_NOEXCL or the DMU left out */
    size_t own;           /* the evaluated DMU's index when it is one of the set (a hint) */
} prob;

/* A small dense LP builder on GLPK. */
typedef struct dlp {
    glp_prob *P;
    int nr;
} dlp;

/* adds row sum coef[k] * var[k] (type, lo, hi) */
static void d_row(dlp *d, int len, const int *ind, const double *val, int type, double lo, double hi)
{
    int r = glp_add_rows(d->P, 1), ind1[4 * MAXV + 8];
    double val1[4 * MAXV + 8];
    for (int k = 0; k < len; k++)
        ind1[k + 1] = ind[k], val1[k + 1] = val[k];
    glp_set_row_bnds(d->P, r, type, lo, hi);
    glp_set_mat_row(d->P, r, len, ind1, val1);
    d->nr++;
}

/* The RTS multiplier's bounds, for a primal written as a minimisation (sign +1) or a maximisation
 * (sign -1) of the envelopment variable with the RTS row sum lambda (rel) 1. */
static void rts_bounds(glp_prob *P, int col, nqpf_dea_rts rts, int sign)
{
    switch (rts) {
    case NQPF_DEA_CRS:
        glp_set_col_bnds(P, col, GLP_FX, 0, 0);
        break;
    case NQPF_DEA_VRS:
        glp_set_col_bnds(P, col, GLP_FR, 0, 0);
        break;
    case NQPF_DEA_NIRS:
        glp_set_col_bnds(P, col, sign > 0 ? GLP_UP : GLP_LO, 0, 0);
        break;
    default:
        glp_set_col_bnds(P, col, sign > 0 ? GLP_LO : GLP_UP, 0, 0);
        break;
    }
}

/* Solves the multiplier form of pr; *st is the GLPK answer mapped to nqpf_lp_status. */
static double dual_value(const prob *pr, mkind k, nqpf_lp_status *st, int exact)
{
    size_t n = pr->n, m = pr->m, s = pr->s, nb = pr->nb;
    dlp d = {glp_create_prob(), 0};
    glp_prob *P = d.P;
    int ind[4 * MAXV + 4];
    double val[4 * MAXV + 4];
    /* columns: v (m), u (s), p (nb), w (1), xi (1), z (s) */
    int cv = 1, cu = cv + (int)m, cp = cu + (int)s, cw = cp + (int)nb, cxi = cw + 1, cz = cxi + 1;
    glp_add_cols(P, (int)(m + s + nb + 2 + s));
    for (int c = 1; c <= (int)(m + s + nb + 2 + s); c++)
        glp_set_col_bnds(P, c, GLP_FX, 0, 0); /* unused columns stay at 0 */
    if (k == M_RADIAL_IN) {
        /* max u y0 + w  s.t.  v x0 = 1;  u y_j - v x_j + w <= 0;  v, u >= 0 (free when weak) */
        glp_set_obj_dir(P, GLP_MAX);
        for (size_t i = 0; i < m; i++)
            glp_set_col_bnds(P, cv + (int)i, pr->weak_x ? GLP_FR : GLP_LO, 0, 0);
        for (size_t r = 0; r < s; r++) {
            glp_set_col_bnds(P, cu + (int)r, pr->weak_y ? GLP_FR : GLP_LO, 0, 0);
            glp_set_obj_coef(P, cu + (int)r, pr->y0[r]);
        }
        rts_bounds(P, cw, pr->rts, 1);
        glp_set_obj_coef(P, cw, 1.0);
        int q = 0;
        for (size_t i = 0; i < m; i++)
            ind[q] = cv + (int)i, val[q++] = pr->x0[i];
        d_row(&d, q, ind, val, GLP_FX, 1, 1);
        for (size_t j = 0; j < n; j++) {
            if (j == pr->excl)
                continue;
            q = 0;
            for (size_t r = 0; r < s; r++)
                ind[q] = cu + (int)r, val[q++] = pr->y[j * s + r];
            for (size_t i = 0; i < m; i++)
                ind[q] = cv + (int)i, val[q++] = -pr->x[j * m + i];
            ind[q] = cw, val[q++] = 1.0;
            d_row(&d, q, ind, val, GLP_UP, 0, 0);
        }
    } else if (k == M_RADIAL_OUT || k == M_DDF) {
        /* radial out: min v x0 + w  s.t.  u y0 = 1;  v x_j - u y_j + w >= 0
         * DDF:       min v x0 - u y0 + p b0 + w  s.t.  v gx + u gy + p gb = 1;
         *            v x_j - u y_j + p b_j + w >= 0;  p free (weak disposability) or >= 0 */
        glp_set_obj_dir(P, GLP_MIN);
        for (size_t i = 0; i < m; i++) {
            glp_set_col_bnds(P, cv + (int)i, k == M_RADIAL_OUT && pr->weak_x ? GLP_FR : GLP_LO, 0, 0);
            glp_set_obj_coef(P, cv + (int)i, pr->x0[i]);
        }
        for (size_t r = 0; r < s; r++) {
            glp_set_col_bnds(P, cu + (int)r, k == M_RADIAL_OUT && pr->weak_y ? GLP_FR : GLP_LO, 0, 0);
            if (k == M_DDF)
                glp_set_obj_coef(P, cu + (int)r, -pr->y0[r]);
        }
        for (size_t q2 = 0; k == M_DDF && q2 < nb; q2++) {
            glp_set_col_bnds(P, cp + (int)q2, pr->bad_ineq ? GLP_LO : GLP_FR, 0, 0);
            glp_set_obj_coef(P, cp + (int)q2, pr->b0[q2]);
        }
        rts_bounds(P, cw, pr->rts, -1);
        glp_set_obj_coef(P, cw, 1.0);
        int q = 0;
        if (k == M_RADIAL_OUT) {
            for (size_t r = 0; r < s; r++)
                ind[q] = cu + (int)r, val[q++] = pr->y0[r];
        } else {
            for (size_t i = 0; i < m; i++)
                ind[q] = cv + (int)i, val[q++] = pr->gx[i];
            for (size_t r = 0; r < s; r++)
                ind[q] = cu + (int)r, val[q++] = pr->gy[r];
            for (size_t q2 = 0; q2 < nb; q2++)
                ind[q] = cp + (int)q2, val[q++] = pr->gb[q2];
        }
        d_row(&d, q, ind, val, GLP_FX, 1, 1);
        for (size_t j = 0; j < n; j++) {
            if (j == pr->excl)
                continue;
            q = 0;
            for (size_t i = 0; i < m; i++)
                ind[q] = cv + (int)i, val[q++] = pr->x[j * m + i];
            for (size_t r = 0; r < s; r++)
                ind[q] = cu + (int)r, val[q++] = -pr->y[j * s + r];
            for (size_t q2 = 0; k == M_DDF && q2 < nb; q2++)
                ind[q] = cp + (int)q2, val[q++] = pr->b[j * nb + q2];
            ind[q] = cw, val[q++] = 1.0;
            d_row(&d, q, ind, val, GLP_LO, 0, 0);
        }
    } else {
        /* SBM (Tone 2001, bad outputs as in Tone 2004) and super-SBM (Tone 2002): the dual of the
         * Charnes-Cooper program, max xi s.t. (t) xi - v x0 - u y0 - p b0 [- z y0] - w <= 1,
         * (Lambda_j) v x_j + u y_j + p b_j + w <= 0 and one row per slack. SBM: v, u, p free;
         * super-SBM: v <= 0, u >= 0, p <= 0, z <= 0. */
        int super = k == M_SUPERSBM;
        int use_in = pr->orient != NQPF_DEA_OUT, use_out = pr->orient != NQPF_DEA_IN;
        double S = (double)(s + nb);
        glp_set_obj_dir(P, GLP_MAX);
        glp_set_col_bnds(P, cxi, GLP_FR, 0, 0);
        glp_set_obj_coef(P, cxi, 1.0);
        for (size_t i = 0; i < m; i++)
            glp_set_col_bnds(P, cv + (int)i, super ? GLP_UP : GLP_FR, 0, 0);
        for (size_t r = 0; r < s; r++)
            glp_set_col_bnds(P, cu + (int)r, super ? GLP_LO : GLP_FR, 0, 0);
        for (size_t q2 = 0; q2 < nb; q2++)
            glp_set_col_bnds(P, cp + (int)q2, super ? GLP_UP : GLP_FR, 0, 0);
        for (size_t r = 0; super && r < s; r++)
            glp_set_col_bnds(P, cz + (int)r, GLP_UP, 0, 0);
        rts_bounds(P, cw, pr->rts, 1);
        int q = 0;
        ind[q] = cxi, val[q++] = 1.0;
        for (size_t i = 0; i < m; i++)
            ind[q] = cv + (int)i, val[q++] = -pr->x0[i];
        for (size_t r = 0; r < s; r++)
            ind[q] = cu + (int)r, val[q++] = -pr->y0[r];
        for (size_t q2 = 0; q2 < nb; q2++)
            ind[q] = cp + (int)q2, val[q++] = -pr->b0[q2];
        for (size_t r = 0; super && r < s; r++)
            ind[q] = cz + (int)r, val[q++] = -pr->y0[r];
        ind[q] = cw, val[q++] = -1.0;
        d_row(&d, q, ind, val, GLP_UP, 0, 1);
        for (size_t j = 0; j < n; j++) {
            if (j == pr->excl)
                continue;
            q = 0;
            for (size_t i = 0; i < m; i++)
                ind[q] = cv + (int)i, val[q++] = pr->x[j * m + i];
            for (size_t r = 0; r < s; r++)
                ind[q] = cu + (int)r, val[q++] = pr->y[j * s + r];
            for (size_t q2 = 0; q2 < nb; q2++)
                ind[q] = cp + (int)q2, val[q++] = pr->b[j * nb + q2];
            ind[q] = cw, val[q++] = 1.0;
            d_row(&d, q, ind, val, GLP_UP, 0, 0);
        }
        for (size_t i = 0; i < m; i++) {
            /* S-_i: SBM v_i <= -1/(m x0) (0 when inputs are not in the objective); super -v_i <= 1/(m x0).
             * Oriented super-SBM fixes the other side's slacks at 0 (Tone 2002: ybar = y0 in the input
             * orientation, xbar = x0 in the output orientation): no row for them. */
            if (super && !use_in)
                continue;
            double c = use_in ? 1.0 / ((double)m * pr->x0[i]) : 0.0;
            ind[0] = cv + (int)i;
            val[0] = super ? -1.0 : 1.0;
            d_row(&d, 1, ind, val, GLP_UP, 0, super ? c : -c);
        }
        for (size_t r = 0; r < s; r++) {
            /* S+_r: SBM xi/(S y0) - u_r <= 0; super -xi/(S y0) + u_r + z_r <= 0 */
            if (super && !use_out)
                continue;
            q = 0;
            if (use_out)
                ind[q] = cxi, val[q++] = (super ? -1.0 : 1.0) / (S * pr->y0[r]);
            ind[q] = cu + (int)r, val[q++] = super ? 1.0 : -1.0;
            if (super)
                ind[q] = cz + (int)r, val[q++] = 1.0;
            d_row(&d, q, ind, val, GLP_UP, 0, 0);
        }
        for (size_t q2 = 0; q2 < nb; q2++) {
            /* Sb_q: SBM xi/(S b0) + p_q <= 0; super -xi/(S b0) - p_q <= 0 */
            if (super && !use_out)
                continue;
            q = 0;
            if (use_out)
                ind[q] = cxi, val[q++] = (super ? -1.0 : 1.0) / (S * pr->b0[q2]);
            ind[q] = cp + (int)q2, val[q++] = super ? -1.0 : 1.0;
            d_row(&d, q, ind, val, GLP_UP, 0, 0);
        }
    }
    double v = tu_glpk_solve(P, exact, st);
    glp_delete_prob(P);
    return v;
}

/* The primal through nqpf's internal LP functions. */
static int primal_value(nqpf_dea_ws *ws, const prob *pr, mkind k, double *v, nqpf_lp_status *st)
{
    nqpf_dea_ref ref = {pr->n, pr->m, pr->s, pr->nb, pr->x, pr->y, pr->nb ? pr->b : NULL};
    switch (k) {
    case M_RADIAL_IN:
    case M_RADIAL_OUT:
        return nqpf__dea_radial_ex(ws, &ref, pr->x0, pr->y0, pr->rts, k == M_RADIAL_IN ? NQPF_DEA_IN : NQPF_DEA_OUT,
                                   pr->weak_x, pr->weak_y, pr->excl, pr->own, v, st, NULL);
    case M_DDF:
        return nqpf__dea_ddf_ex(ws, &ref, pr->x0, pr->y0, pr->b0, pr->gx, pr->gy, pr->gb, pr->rts,
                                pr->bad_ineq ? NQPF_DEA_BAD_INEQ : NQPF_DEA_BAD_WEAK, pr->excl, pr->own, v, st, NULL);
    default:
        return nqpf__dea_sbm(ws, &ref, pr->x0, pr->y0, pr->b0, pr->rts, pr->orient, k == M_SUPERSBM, pr->excl,
                             pr->own, v, st,
                             NULL, NULL, NULL, NULL);
    }
}

/* Primal and dual agree; returns 1 when both were optimal. */
static int compare(nqpf_dea_ws *ws, const prob *pr, mkind k, const char *ctx)
{
    double pv, dv, ev = NAN;
    nqpf_lp_status ps, ds;
    if (primal_value(ws, pr, k, &pv, &ps) != NQPF_OK)
        fail_msg("%s: %s", ctx, nqpf_error_message());
    dv = dual_value(pr, k, &ds, 0);
    if (ps == NQPF_LP_OPTIMAL && ds == NQPF_LP_OPTIMAL && tu_close(pv, dv, 1e-8, 1e-10))
        return 1;
    if (ps == NQPF_LP_INFEASIBLE && (ds == NQPF_LP_UNBOUNDED || ds == NQPF_LP_INFEASIBLE))
        return 0;
    if (ps == NQPF_LP_UNBOUNDED && ds == NQPF_LP_INFEASIBLE)
        return 0;
    /* before failing, solve the dual in exact rational arithmetic */
    ev = dual_value(pr, k, &ds, 1);
    if (ps == NQPF_LP_OPTIMAL && ds == NQPF_LP_OPTIMAL && tu_close(pv, ev, 1e-8, 1e-10))
        return 1;
    for (size_t j = 0; j < pr->n; j++) {
        print_message("DMU %zu:", j);
        for (size_t a = 0; a < pr->m; a++)
            print_message(" x%.17g", pr->x[j * pr->m + a]);
        for (size_t a = 0; a < pr->s; a++)
            print_message(" y%.17g", pr->y[j * pr->s + a]);
        for (size_t a = 0; a < pr->nb; a++)
            print_message(" b%.17g", pr->b[j * pr->nb + a]);
        print_message("\n");
    }
    print_message("point:");
    for (size_t a = 0; a < pr->m; a++)
        print_message(" x%.17g", pr->x0[a]);
    for (size_t a = 0; a < pr->s; a++)
        print_message(" y%.17g", pr->y0[a]);
    for (size_t a = 0; a < pr->nb; a++)
        print_message(" b%.17g", pr->b0[a]);
    print_message(" orient %d own %zu g:", (int)pr->orient, pr->own);
    for (size_t a = 0; a < pr->m; a++)
        print_message(" %.17g", pr->gx[a]);
    for (size_t a = 0; a < pr->s; a++)
        print_message(" %.17g", pr->gy[a]);
    for (size_t a = 0; a < pr->nb; a++)
        print_message(" %.17g", pr->gb[a]);
    print_message("\n");
    fail_msg("%s: primal %s %.17g, dual %s %.17g (exact %.17g), model %d rts %d n %zu m %zu s %zu nb %zu excl %zu",
             ctx, nqpf_lp_status_name(ps), pv, nqpf_lp_status_name(ds), dv, ev, (int)k, (int)pr->rts, pr->n, pr->m,
             pr->s, pr->nb, pr->excl);
    return 0;
}

/* ---- the deaR data sets ------------------------------------------------------------------------ */

/* Loads reference/DIR/data.csv into a single-period (or grouped) panel. */
static nqpf_panel *dear_panel(const char *dir, const char *id, const char *group_col, const char *group_value)
{
    char rel[256];
    snprintf(rel, sizeof rel, "reference/%s/data.csv", dir);
    const char *path = tu_shared(rel);
    if (!path)
        return NULL;
    nqpf_table *t = tu_read(path);
    size_t n = nqpf_table_nrows(t);
    double *per = malloc(n * sizeof *per);
    size_t jg = group_col ? nqpf_table_find(t, group_col) : NQPF_NONE;
    for (size_t i = 0; i < n; i++)
        per[i] = jg == NQPF_NONE ? 1 : strcmp(nqpf_table_text(t, jg, i), group_value) == 0 ? 1 : 2;
    assert_int_equal(nqpf_table_add_num(t, "period", per, NULL), NQPF_OK);
    free(per);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, id, "period") != NQPF_OK)
        fail_msg("%s: %s", dir, nqpf_error_message());
    return p;
}

/* Runs nqpf_dea_run and checks every observation's score against the dual over its period. */
static size_t check_dear(const nqpf_panel *p, const nqpf_dea_options *o, const char *what)
{
    nqpf_table *res = NULL;
    if (nqpf_dea_run(&res, p, o, NULL) != NQPF_OK)
        fail_msg("%s: %s", what, nqpf_error_message());
    const char *sc = o->model == NQPF_DEA_SBM ? "rho" : o->orientation == NQPF_DEA_OUT ? "phi" : "theta";
    const double *score = nqpf_table_cnum(res, nqpf_table_find(res, sc));
    const char *stcol_name = "status";
    size_t jst = nqpf_table_find(res, stcol_name);
    size_t nobs = nqpf_panel_nobs(p), checked = 0;
    const double *cx[MAXV], *cy[MAXV], *cb[MAXV];
    for (size_t i = 0; i < o->ninputs; i++)
        assert_int_equal(nqpf_panel_column(p, o->inputs[i], &cx[i]), NQPF_OK);
    for (size_t r = 0; r < o->noutputs; r++)
        assert_int_equal(nqpf_panel_column(p, o->outputs[r], &cy[r]), NQPF_OK);
    for (size_t q = 0; q < o->nbads; q++)
        assert_int_equal(nqpf_panel_column(p, o->bads[q], &cb[q]), NQPF_OK);
    for (size_t i = 0; i < nobs; i++) {
        prob pr;
        memset(&pr, 0, sizeof pr);
        pr.m = o->ninputs;
        pr.s = o->noutputs;
        pr.nb = o->nbads;
        pr.rts = (nqpf_dea_rts)o->rts;
        pr.orient = o->orientation == NQPF_DEA_OUT ? NQPF_DEA_OUT
                    : o->orientation == NQPF_DEA_IN ? NQPF_DEA_IN
                                                    : NQPF_DEA_NONE;
        pr.excl = NQPF__DEA_NOEXCL;
        pr.own = NQPF__DEA_NOEXCL;
        long t = nqpf_panel_time(p, i);
        for (size_t j = 0; j < nobs; j++) {
            if (nqpf_panel_time(p, j) != t)
                continue;
            assert_true(pr.n < MAXN);
            if (j == i)
                pr.excl = pr.n;
            for (size_t a = 0; a < pr.m; a++)
                pr.x[pr.n * pr.m + a] = cx[a][j];
            for (size_t a = 0; a < pr.s; a++)
                pr.y[pr.n * pr.s + a] = cy[a][j];
            for (size_t a = 0; a < pr.nb; a++)
                pr.b[pr.n * pr.nb + a] = cb[a][j];
            pr.n++;
        }
        for (size_t a = 0; a < pr.m; a++)
            pr.x0[a] = cx[a][i];
        for (size_t a = 0; a < pr.s; a++)
            pr.y0[a] = cy[a][i];
        for (size_t a = 0; a < pr.nb; a++)
            pr.b0[a] = cb[a][i];
        mkind k;
        if (o->model == NQPF_DEA_SBM) {
            k = M_SBM;
            if (o->super) {
                /* super-SBM only where plain SBM is 1 (Tone 2002) */
                size_t keep = pr.excl;
                pr.excl = NQPF__DEA_NOEXCL;
                nqpf_lp_status ds;
                double plain = dual_value(&pr, M_SBM, &ds, 0);
                pr.excl = keep;
                if (ds == NQPF_LP_OPTIMAL && plain >= 1 - 1e-9)
                    k = M_SUPERSBM;
            }
        } else {
            k = o->orientation == NQPF_DEA_OUT ? M_RADIAL_OUT : M_RADIAL_IN;
        }
        if (!o->super)
            pr.excl = NQPF__DEA_NOEXCL;
        nqpf_lp_status ds;
        double dv = dual_value(&pr, k, &ds, 0);
        const char *st = nqpf_table_text(res, jst, i);
        char ctx[256];
        snprintf(ctx, sizeof ctx, "%s: %s (%s)", what, nqpf_table_text(res, 0, i), st);
        if (ds == NQPF_LP_OPTIMAL) {
            assert_string_equal(st, "optimal");
            tu_assert_close(score[i], dv, 1e-9, 1e-12, ctx);
            checked++;
        } else {
            /* dual unbounded or infeasible: the primal is infeasible (or unbounded) */
            if (strcmp(st, "optimal") == 0)
                fail_msg("%s: dual not optimal", ctx);
        }
    }
    nqpf_table_free(res);
    return checked;
}

static void test_dear_sets(void **state)
{
    (void)state;
    if (!tu_shared("reference/dear_tone2001_sbm/data.csv"))
        skip();
    size_t checked = 0;
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    /* Tone (2001): non-oriented SBM, CRS, and the CCR input model of the same example */
    {
        nqpf_panel *p = dear_panel("dear_tone2001_sbm", "DMU", NULL, NULL);
        static const char *const in[] = {"Input1", "Input2"}, *const out[] = {"Output1", "Output2"};
        o.inputs = in, o.ninputs = 2, o.outputs = out, o.noutputs = 2;
        o.model = NQPF_DEA_SBM, o.orientation = NQPF_DEA_NONE, o.rts = NQPF_DEA_CRS;
        checked += check_dear(p, &o, "Tone 2001 SBM");
        o.model = NQPF_DEA_RADIAL, o.orientation = NQPF_DEA_IN;
        checked += check_dear(p, &o, "Tone 2001 CCR");
        nqpf_panel_free(p);
    }
    /* Tone (2002) power plants: radial super-efficiency CRS and VRS, super-SBM input CRS */
    {
        nqpf_panel *p = dear_panel("dear_power_plants_tone2002_supereff", "DMU", NULL, NULL);
        static const char *const in[] = {"X1", "X2", "X3", "X4"}, *const out[] = {"Y1", "Y2"};
        o = (nqpf_dea_options)NQPF_DEA_OPTIONS_INIT;
        o.inputs = in, o.ninputs = 4, o.outputs = out, o.noutputs = 2;
        o.super = 1;
        checked += check_dear(p, &o, "power plants AP CRS");
        o.rts = NQPF_DEA_VRS;
        checked += check_dear(p, &o, "power plants AP VRS");
        o.rts = NQPF_DEA_CRS;
        o.model = NQPF_DEA_SBM, o.orientation = NQPF_DEA_IN;
        checked += check_dear(p, &o, "power plants super-SBM input");
        o.orientation = NQPF_DEA_NONE;
        checked += check_dear(p, &o, "power plants super-SBM");
        nqpf_panel_free(p);
    }
    /* Tone (2003): SBM with an undesirable output, VRS, non-oriented */
    {
        nqpf_panel *p = dear_panel("dear_tone2003_sbm_undesirable", "DMU", NULL, NULL);
        static const char *const in[] = {"x"}, *const out[] = {"yg"}, *const bad[] = {"yb"};
        o = (nqpf_dea_options)NQPF_DEA_OPTIONS_INIT;
        o.inputs = in, o.ninputs = 1, o.outputs = out, o.noutputs = 1, o.bads = bad, o.nbads = 1;
        o.model = NQPF_DEA_SBM, o.orientation = NQPF_DEA_NONE, o.rts = NQPF_DEA_VRS;
        checked += check_dear(p, &o, "Tone 2003 SBM undesirable");
        o.super = 1;
        checked += check_dear(p, &o, "Tone 2003 super-SBM undesirable");
        nqpf_panel_free(p);
    }
    /* Charnes, Cooper & Rhodes (1981): CCR input, PFT and NFT sites on separate frontiers */
    {
        nqpf_panel *p = dear_panel("dear_pft1981_ccr", "Site", "Program", "PFT");
        static const char *const in[] = {"Education", "Occupation", "Parental", "Counseling", "Teachers"};
        static const char *const out[] = {"Reading", "Math", "Coopersmith"};
        o = (nqpf_dea_options)NQPF_DEA_OPTIONS_INIT;
        o.inputs = in, o.ninputs = 5, o.outputs = out, o.noutputs = 3;
        checked += check_dear(p, &o, "PFT/NFT CCR");
        nqpf_panel_free(p);
    }
    /* Simar & Wilson (1998) electric plants: BCC input */
    {
        nqpf_panel *p = dear_panel("dear_electric_plants_vrs", "Plant", NULL, NULL);
        static const char *const in[] = {"Labor", "Fuel", "Capital"}, *const out[] = {"Output"};
        o = (nqpf_dea_options)NQPF_DEA_OPTIONS_INIT;
        o.inputs = in, o.ninputs = 3, o.outputs = out, o.noutputs = 1;
        o.rts = NQPF_DEA_VRS;
        checked += check_dear(p, &o, "electric plants BCC");
        nqpf_panel_free(p);
    }
    /* 5 + 5 + 6 + 6 + 6 + 6 + 9 + 9 + 70 + 19 scores less the infeasible ones */
    assert_true(checked >= 130);
}

/* ---- random problems --------------------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static size_t pick(size_t n) { return (size_t)(rnd() % n); }

/* Fills a random problem of kind k (data that the model accepts). */
static void random_prob(prob *pr, mkind k)
{
    memset(pr, 0, sizeof *pr);
    (void)sizeof(char[MAXV >= 3 ? 1 : -1]);
    int sbm = k == M_SBM || k == M_SUPERSBM;
    pr->n = 1 + pick(12);
    pr->m = 1 + pick(3);
    pr->s = 1 + pick(3);
    pr->nb = (k == M_DDF || sbm) ? pick(3) : 0;
    if (pr->nb > 2)
        pr->nb = 2;
    pr->rts = (nqpf_dea_rts)pick(4);
    int mode = (int)pick(4); /* 0 reals, 1 small integers (ties), 2 with zeros, 3 one common value */
    if (sbm && mode == 2)
        mode = 1;
    size_t nv = pr->m + pr->s + pr->nb;
    double scale[8];
    int common_scale = pick(2) == 0;
    double cs = pow(10.0, -6.0 + 15.0 * unif());
    for (size_t v = 0; v < nv; v++)
        scale[v] = common_scale ? cs : pow(10.0, -6.0 + 15.0 * unif());
    for (size_t j = 0; j < pr->n; j++) {
        for (size_t v = 0; v < nv; v++) {
            double d;
            if (mode == 0)
                d = 0.5 + 9.5 * unif();
            else if (mode == 1)
                d = (double)(1 + pick(4));
            else if (mode == 2)
                d = pick(4) == 0 ? 0.0 : (double)(1 + pick(6));
            else
                d = 3.0;
            d *= scale[v];
            if (v < pr->m)
                pr->x[j * pr->m + v] = d;
            else if (v < pr->m + pr->s)
                pr->y[j * pr->s + (v - pr->m)] = d;
            else
                pr->b[j * pr->nb + (v - pr->m - pr->s)] = d;
        }
        /* duplicated DMUs */
        if (j > 0 && pick(5) == 0) {
            size_t src = pick(j);
            memcpy(pr->x + j * pr->m, pr->x + src * pr->m, pr->m * sizeof(double));
            memcpy(pr->y + j * pr->s, pr->y + src * pr->s, pr->s * sizeof(double));
            memcpy(pr->b + j * pr->nb, pr->b + src * pr->nb, pr->nb * sizeof(double));
        }
    }
    /* the evaluated point: a DMU of the set (with super-efficiency it is left out), or a point
     * off the set (a scaled DMU, as in cross-period Malmquist distances) */
    size_t e = pick(pr->n);
    double fx = 1, fy = 1;
    int off = pick(4) == 0;
    if (off) {
        fx = 0.5 + unif();
        fy = 0.5 + unif();
    }
    for (size_t a = 0; a < pr->m; a++)
        pr->x0[a] = pr->x[e * pr->m + a] * fx;
    for (size_t a = 0; a < pr->s; a++)
        pr->y0[a] = pr->y[e * pr->s + a] * fy;
    for (size_t a = 0; a < pr->nb; a++)
        pr->b0[a] = pr->b[e * pr->nb + a] * fy;
    pr->excl = NQPF__DEA_NOEXCL;
    if (k == M_SUPERSBM || (!off && pick(3) == 0))
        pr->excl = e;
    pr->own = !off && pick(2) == 0 ? e : NQPF__DEA_NOEXCL;
    if (k == M_RADIAL_IN || k == M_RADIAL_OUT) {
        pr->weak_x = pick(6) == 0;
        pr->weak_y = pick(6) == 0;
    }
    if (k == M_DDF) {
        pr->bad_ineq = (int)pick(2);
        /* directions: observed, ones, zero, mean-like constants; never all zero */
        int nz = 0;
        for (size_t v = 0; v < nv; v++) {
            int d = (int)pick(4);
            double own = v < pr->m ? pr->x0[v] : v < pr->m + pr->s ? pr->y0[v - pr->m] : pr->b0[v - pr->m - pr->s];
            double g = d == 0 ? own : d == 1 ? scale[v] : d == 2 ? 0.0 : 2.5 * scale[v];
            nz += g != 0;
            if (v < pr->m)
                pr->gx[v] = g;
            else if (v < pr->m + pr->s)
                pr->gy[v - pr->m] = g;
            else
                pr->gb[v - pr->m - pr->s] = g;
        }
        if (!nz)
            pr->gy[0] = scale[pr->m];
    }
    if (sbm)
        pr->orient = (nqpf_dea_orientation)pick(3);
}

static void test_random_primal_dual(void **state)
{
    (void)state;
    /* one workspace with the full LPs, one with column generation from the first DMU on */
    nqpf_dea_ws *ws, *wcg;
    assert_int_equal(nqpf_dea_ws_new(&ws), NQPF_OK);
    assert_int_equal(nqpf_dea_ws_new(&wcg), NQPF_OK);
    nqpf__dea_ws_set_cg(wcg, 0);
    nqpf__dea_ws_set_prune(wcg, 2); /* lambdas leave the candidate set as soon as they go stale */
    size_t optimal = 0, total = 10000, by_kind[5] = {0};
    for (size_t it = 0; it < total; it++) {
        mkind k = (mkind)pick(5);
        prob pr;
        random_prob(&pr, k);
        char ctx[64];
        snprintf(ctx, sizeof ctx, "random problem %zu", it);
        optimal += (size_t)compare(ws, &pr, k, ctx);
        snprintf(ctx, sizeof ctx, "random problem %zu, column generation", it);
        compare(wcg, &pr, k, ctx);
        by_kind[k]++;
    }
    long pricing;
    nqpf__dea_ws_stats(wcg, &pricing, NULL);
    assert_true(pricing > 10000);
    nqpf_dea_ws_free(ws);
    nqpf_dea_ws_free(wcg);
    for (int k = 0; k < 5; k++)
        assert_true(by_kind[k] > 1500);
    /* most problems have an optimum; the rest exercise the infeasible/unbounded statuses */
    assert_true(optimal > total * 3 / 4);
    print_message("random primal/dual: %zu of %zu optimal\n", optimal, total);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dear_sets),
        cmocka_unit_test(test_random_primal_dual),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
