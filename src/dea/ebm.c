/* The epsilon-based measure (EBM) of Tone and Tsutsui (2010, EJOR 207(3): 1554-1563; GRIPS
 * Discussion Paper 09-21), with undesirable outputs as the Chinese green-efficiency literature
 * writes it (docs/dea.md, "EBM").
 *
 * Two stages:
 *  1. Parameters (per reference technology): every DMU of the reference set is projected onto the
 *     frontier by the observation-normalised VRS additive model (the paper's eq. 19):
 *       max sum s-_i/x_io + sum s+_r/y_ro + sum sb_p/b_po
 *       s.t. X lambda + s- = x_o, Y lambda - s+ = y_o, B lambda + sb = b_o, sum lambda = 1.
 *     From the projected data of each block (inputs, good outputs, bad outputs) the diversity of
 *     two variables a, b is D = sum_j |c_j - mean c| / (n (max c - min c)) with c_j = ln(b_j/a_j)
 *     (0 when all c_j are equal), their affinity S = 1 - 2 D (eqs. 15-18); rho is the largest
 *     eigenvalue of the block's affinity matrix, w its eigenvector normalised to sum 1 and
 *     epsilon = (k - rho) / (k - 1) for a block of k > 1 variables, 0 for one variable (eqs. 23-26).
 *  2. Scores: the EBM LP of each evaluated DMU (eqs. 6-8 input, 9-11 output, 12-14 non-oriented,
 *     the last by the Charnes-Cooper transformation).
 * Both LPs are built on the LP layer (src/lp/), every variable's row divided by its mean absolute
 * value in the reference set (scores unchanged, LP well scaled for data from 1e-6 to 1e9). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "dea_internal.h"
#include "../util/util.h"

/* log-ratio spreads below this are rounding noise of the first-stage LP: the two variables are
 * proportional (diversity 0) */
#define EBM_SPREAD_TOL 1e-8
/* eigenvalues this close to the largest share its eigenspace (ties: docs/dea.md) */
#define EBM_EIG_TOL 1e-9

static double ref_value(const nqpf_dea_ref *ref, size_t j, size_t v)
{
    size_t m = ref->m, s = ref->s, nb = ref->nb;
    return v < m ? ref->x[j * m + v] : v < m + s ? ref->y[j * s + (v - m)] : ref->b[j * nb + (v - m - s)];
}

/* row scale factors n / sum |value| (1 for a variable that is 0 throughout) */
static void row_scales(const nqpf_dea_ref *ref, double *sc)
{
    size_t nv = ref->m + ref->s + ref->nb;
    for (size_t v = 0; v < nv; v++) {
        double sum = 0;
        for (size_t j = 0; j < ref->n; j++)
            sum += fabs(ref_value(ref, j, v));
        sc[v] = sum > 0 && isfinite(sum) ? (double)ref->n / sum : 1.0;
    }
}

static int check_ref(const nqpf_dea_ref *ref, const char *who)
{
    if (!ref || ref->n == 0 || ref->m == 0 || ref->s == 0 || !ref->x || !ref->y || (ref->nb && !ref->b))
        return nqpf_error_set(NQPF_EUSAGE, "%s: the reference technology needs DMUs, inputs and outputs", who);
    size_t nv = ref->m + ref->s + ref->nb;
    for (size_t j = 0; j < ref->n; j++)
        for (size_t v = 0; v < nv; v++) {
            double d = ref_value(ref, j, v);
            if (!(d > 0) || !isfinite(d))
                return nqpf_error_set(NQPF_EUSAGE, "%s: DMU %zu of the reference set has a value that is not positive "
                                                   "(EBM divides by every input and output)", who, j + 1);
        }
    return NQPF_OK;
}

int nqpf__dea_ebm_affinity(const double *data, size_t n, size_t k, double *eps, double *w, double *S)
{
    if (!data || !eps || !w || n == 0 || k == 0)
        return nqpf_error_set(NQPF_EUSAGE, "EBM affinity: NULL or empty argument");
    if (k == 1) {
        *eps = 0.0;
        w[0] = 1.0;
        if (S)
            S[0] = 1.0;
        return NQPF_OK;
    }
    for (size_t q = 0; q < n * k; q++)
        if (!(data[q] > 0) || !isfinite(data[q]))
            return nqpf_error_set(NQPF_EUSAGE, "EBM affinity: projected values must be positive");
    gsl_matrix *A = gsl_matrix_alloc(k, k), *V = gsl_matrix_alloc(k, k);
    gsl_vector *ev = gsl_vector_alloc(k);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(k);
    double *c = nqpf__malloc(n, sizeof *c);
    int rc = NQPF_OK;
    if (!A || !V || !ev || !ws || !c) {
        rc = nqpf__nomem("the EBM affinity matrix");
        goto done;
    }
    for (size_t a = 0; a < k; a++) {
        gsl_matrix_set(A, a, a, 1.0);
        for (size_t b = a + 1; b < k; b++) {
            double mean = 0, lo = INFINITY, hi = -INFINITY;
            for (size_t j = 0; j < n; j++) {
                c[j] = log(data[b * n + j] / data[a * n + j]);
                mean += c[j];
                lo = c[j] < lo ? c[j] : lo;
                hi = c[j] > hi ? c[j] : hi;
            }
            mean /= (double)n;
            double D = 0;
            if (hi - lo > EBM_SPREAD_TOL) {
                for (size_t j = 0; j < n; j++)
                    D += fabs(c[j] - mean);
                D /= (double)n * (hi - lo);
            }
            double sab = 1.0 - 2.0 * D;
            gsl_matrix_set(A, a, b, sab);
            gsl_matrix_set(A, b, a, sab);
        }
    }
    if (S)
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++)
                S[a * k + b] = gsl_matrix_get(A, a, b);
    if (gsl_eigen_symmv(A, ev, V, ws) != 0) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "EBM affinity: the eigen decomposition failed");
        goto done;
    }
    gsl_eigen_symmv_sort(ev, V, GSL_EIGEN_SORT_VAL_DESC);
    double rho = gsl_vector_get(ev, 0);
    /* The weights: the principal eigenvector normalised to sum 1. When the largest eigenvalue is
     * repeated (e.g. S = I), its eigenspace has no preferred vector: take the component of the
     * equal-weights vector in it (for a simple eigenvalue this is the principal eigenvector). */
    for (size_t a = 0; a < k; a++)
        w[a] = 0;
    for (size_t e = 0; e < k; e++) {
        if (rho - gsl_vector_get(ev, e) > EBM_EIG_TOL * (fabs(rho) > 1 ? fabs(rho) : 1))
            break;
        double dot = 0;
        for (size_t a = 0; a < k; a++)
            dot += gsl_matrix_get(V, a, e);
        for (size_t a = 0; a < k; a++)
            w[a] += dot * gsl_matrix_get(V, a, e);
    }
    double sum = 0;
    for (size_t a = 0; a < k; a++) {
        if (w[a] < 0) /* S >= 0: the vector is non-negative up to rounding */
            w[a] = 0;
        sum += w[a];
    }
    if (!(sum > 0)) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "EBM affinity: no non-negative principal eigenvector");
        goto done;
    }
    for (size_t a = 0; a < k; a++)
        w[a] /= sum;
    double e = ((double)k - rho) / ((double)k - 1.0);
    *eps = e < 0 ? 0 : e > 1 ? 1 : e;
done:
    gsl_matrix_free(A);
    gsl_matrix_free(V);
    gsl_vector_free(ev);
    if (ws)
        gsl_eigen_symmv_free(ws);
    free(c);
    return rc;
}

int nqpf__dea_ebm_project(const nqpf_dea_ref *ref, double *proj)
{
    int rc;
    if ((rc = check_ref(ref, "EBM projection")))
        return rc;
    if (!proj)
        return nqpf_error_set(NQPF_EUSAGE, "EBM projection: NULL result");
    size_t n = ref->n, m = ref->m, s = ref->s, nv = m + s + ref->nb;
    double *sc = nqpf__malloc(nv, sizeof *sc);
    int *idx = nqpf__malloc(nv + 1, sizeof *idx);
    double *val = nqpf__malloc(nv + 1, sizeof *val);
    nqpf_lp *lp = NULL;
    if (!sc || !idx || !val || (rc = nqpf_lp_new(&lp, nv + 1, n + nv))) {
        rc = rc ? rc : nqpf__nomem("the EBM projection");
        goto done;
    }
    row_scales(ref, sc);
    /* columns 0..n-1 lambda, n + v the scaled slack of variable v; rows 0..nv-1, nv: sum lambda = 1 */
    for (size_t j = 0; j < n; j++) {
        for (size_t v = 0; v < nv; v++) {
            idx[v] = (int)v;
            val[v] = ref_value(ref, j, v) * sc[v];
        }
        idx[nv] = (int)nv;
        val[nv] = 1.0;
        if ((rc = nqpf_lp_set_col(lp, j, nv + 1, idx, val)))
            goto done;
    }
    for (size_t v = 0; v < nv; v++) {
        int row = (int)v;
        double c = v >= m && v < m + s ? -1.0 : 1.0;
        if ((rc = nqpf_lp_set_col(lp, n + v, 1, &row, &c)))
            goto done;
    }
    nqpf_lp_set_row_bnd(lp, nv, NQPF_LP_FX, 1, 1);
    nqpf_lp_set_dir(lp, NQPF_LP_MAX);
    nqpf_lp_scale(lp);
    for (size_t o = 0; o < n; o++) {
        for (size_t v = 0; v < nv; v++) {
            double v0 = ref_value(ref, o, v);
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FX, v0 * sc[v], v0 * sc[v]);
            nqpf_lp_set_obj(lp, n + v, 1.0 / (v0 * sc[v]));
        }
        nqpf_lp_status st;
        if ((rc = nqpf_lp_solve(lp, &st)))
            goto done;
        for (size_t v = 0; v < nv; v++) {
            double t = 0;
            if (st == NQPF_LP_OPTIMAL) {
                /* the projection as the frontier point X lambda (positive as a convex combination) */
                for (size_t j = 0; j < n; j++) {
                    double l = nqpf_lp_col_value(lp, j);
                    if (l > 0)
                        t += l * ref_value(ref, j, v);
                }
            }
            /* no optimum (numerical trouble): the observed point stands for itself */
            proj[v * n + o] = st == NQPF_LP_OPTIMAL && t > 0 ? t : ref_value(ref, o, v);
        }
    }
done:
    nqpf_lp_free(lp);
    free(sc);
    free(idx);
    free(val);
    return rc;
}

int nqpf__dea_ebm_params(const nqpf_dea_ref *ref, double eps[3], double *w)
{
    int rc;
    if ((rc = check_ref(ref, "EBM")))
        return rc;
    if (!eps || !w)
        return nqpf_error_set(NQPF_EUSAGE, "EBM: NULL result");
    size_t n = ref->n, m = ref->m, s = ref->s, nb = ref->nb, nv = m + s + nb;
    double *proj = nqpf__malloc(n * nv, sizeof *proj);
    if (!proj)
        return nqpf__nomem("the EBM workspace");
    rc = nqpf__dea_ebm_project(ref, proj);
    if (!rc)
        rc = nqpf__dea_ebm_affinity(proj, n, m, &eps[0], w, NULL);
    if (!rc)
        rc = nqpf__dea_ebm_affinity(proj + n * m, n, s, &eps[1], w + m, NULL);
    if (!rc && nb)
        rc = nqpf__dea_ebm_affinity(proj + n * (m + s), n, nb, &eps[2], w + m + s, NULL);
    if (!rc && !nb)
        eps[2] = 0;
    free(proj);
    return rc;
}

static void nan_fill(double *v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        v[k] = NAN;
}

int nqpf__dea_ebm(const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0, nqpf_dea_rts rts,
                  nqpf_dea_orientation orient, const double eps[3], const double *w, double *score, double *theta,
                  double *eta, nqpf_lp_status *status, double *sx, double *sy, double *sb, double *lambda)
{
    int rc;
    if (!score || !status || !eps || !w)
        return nqpf_error_set(NQPF_EUSAGE, "EBM: NULL argument");
    *score = NAN;
    *status = NQPF_LP_FAILED;
    if (theta)
        *theta = NAN;
    if (eta)
        *eta = NAN;
    if (!ref || ref->n == 0 || ref->m == 0 || ref->s == 0 || !ref->x || !ref->y || (ref->nb && !ref->b))
        return nqpf_error_set(NQPF_EUSAGE, "EBM: the reference technology needs DMUs, inputs and outputs");
    size_t n = ref->n, m = ref->m, s = ref->s, nb = ref->nb, nv = m + s + nb;
    nan_fill(sx, m);
    nan_fill(sy, s);
    nan_fill(sb, nb);
    nan_fill(lambda, n);
    if (!x0 || !y0 || (nb && !b0))
        return nqpf_error_set(NQPF_EUSAGE, "EBM: NULL evaluated point");
    for (size_t v = 0; v < nv; v++) {
        double d = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
        if (!(d > 0) || !isfinite(d))
            return nqpf_error_set(NQPF_EUSAGE, "EBM: variable %zu of the evaluated DMU is not positive", v + 1);
    }
    for (int e = 0; e < 3; e++)
        if (!(eps[e] >= 0 && eps[e] <= 1))
            return nqpf_error_set(NQPF_EUSAGE, "EBM: epsilon must lie in [0, 1]");
    int in = orient != NQPF_DEA_OUT, out = orient != NQPF_DEA_IN;
    /* columns: lambda (n), theta, eta, the scaled slacks (nv), t; rows: nv variables, normalisation, RTS */
    size_t cth = n, cet = n + 1, csl = n + 2, ct = n + 2 + nv, nrm = nv, rtsr = nv + 1;
    double *sc = nqpf__malloc(nv, sizeof *sc);
    int *idx = nqpf__malloc(nv + 2, sizeof *idx);
    double *val = nqpf__malloc(nv + 2, sizeof *val);
    nqpf_lp *lp = NULL;
    rc = NQPF_OK;
    if (!sc || !idx || !val || (rc = nqpf_lp_new(&lp, nv + 2, n + 3 + nv))) {
        rc = rc ? rc : nqpf__nomem("the EBM workspace");
        goto done;
    }
    row_scales(ref, sc);
    for (size_t j = 0; j < n; j++) {
        for (size_t v = 0; v < nv; v++) {
            idx[v] = (int)v;
            val[v] = ref_value(ref, j, v) * sc[v];
        }
        idx[nv] = (int)rtsr;
        val[nv] = 1.0;
        if ((rc = nqpf_lp_set_col(lp, j, nv + 1, idx, val)))
            goto done;
    }
    /* theta: -x0 in the input rows (input and non-oriented); eta: -y0, -b0 in the output rows
     * (output and non-oriented), 1 in the normalisation row (non-oriented) */
    size_t q = 0;
    for (size_t i = 0; in && i < m; i++) {
        idx[q] = (int)i;
        val[q++] = -x0[i] * sc[i];
    }
    if ((rc = nqpf_lp_set_col(lp, cth, q, idx, val)))
        goto done;
    q = 0;
    for (size_t v = m; out && v < nv; v++) {
        idx[q] = (int)v;
        val[q++] = -(v < m + s ? y0[v - m] : b0[v - m - s]) * sc[v];
    }
    if (orient == NQPF_DEA_NONE) {
        idx[q] = (int)nrm;
        val[q++] = 1.0;
    }
    if ((rc = nqpf_lp_set_col(lp, cet, q, idx, val)))
        goto done;
    nqpf_lp_set_col_bnd(lp, cth, in ? NQPF_LP_FREE : NQPF_LP_FX, 0, 0);
    nqpf_lp_set_col_bnd(lp, cet, out ? NQPF_LP_FREE : NQPF_LP_FX, 0, 0);
    /* slacks: the objective terms eps w s / v0 (input side in the numerator, output side in the
     * denominator, i.e. the normalisation row when non-oriented) */
    for (size_t v = 0; v < nv; v++) {
        int isin = v < m, isbad = v >= m + s;
        double v0 = isin ? x0[v] : !isbad ? y0[v - m] : b0[v - m - s];
        double e = isin ? eps[0] : !isbad ? eps[1] : eps[2];
        double coef = e * w[v] / (v0 * sc[v]);
        int rows[2];
        double vals[2];
        size_t k = 0;
        rows[k] = (int)v;
        vals[k++] = v >= m && v < m + s ? -1.0 : 1.0;
        int active = isin ? in : out;
        if (!isin && orient == NQPF_DEA_NONE && coef != 0) {
            rows[k] = (int)nrm;
            vals[k++] = coef;
        }
        if ((rc = nqpf_lp_set_col(lp, csl + v, k, rows, vals)))
            goto done;
        nqpf_lp_set_col_bnd(lp, csl + v, active ? NQPF_LP_LO : NQPF_LP_FX, 0, 0);
        if (orient == NQPF_DEA_OUT)
            nqpf_lp_set_obj(lp, csl + v, isin ? 0.0 : coef);
        else
            nqpf_lp_set_obj(lp, csl + v, isin ? -coef : 0.0);
    }
    /* rows */
    for (size_t v = 0; v < nv; v++) {
        int isin = v < m, isgood = v >= m && v < m + s;
        double rhs = (isin ? x0[v] : isgood ? y0[v - m] : b0[v - m - s]) * sc[v];
        if (isin ? in : out)
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FX, 0, 0);
        else if (isgood)
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_LO, rhs, 0); /* Y lambda >= y0 */
        else
            nqpf_lp_set_row_bnd(lp, v, NQPF_LP_UP, 0, rhs); /* X lambda <= x0, B lambda <= b0 */
    }
    nqpf_lp_set_row_bnd(lp, nrm, orient == NQPF_DEA_NONE ? NQPF_LP_FX : NQPF_LP_FREE, 1, 1);
    /* the RTS row: sum lambda (rel) 1, or sum lambda - t (rel) 0 after the Charnes-Cooper
     * transformation of the non-oriented ratio */
    int cc = orient == NQPF_DEA_NONE && rts != NQPF_DEA_CRS;
    if (cc) {
        int row = (int)rtsr;
        double c = -1.0;
        if ((rc = nqpf_lp_set_col(lp, ct, 1, &row, &c)))
            goto done;
    }
    nqpf_lp_set_col_bnd(lp, ct, cc ? NQPF_LP_LO : NQPF_LP_FX, 0, 0);
    nqpf__dea_rts_bounds(lp, rtsr, rts, cc ? 0.0 : 1.0);
    nqpf_lp_set_obj(lp, cth, orient == NQPF_DEA_OUT ? 0.0 : 1.0);
    nqpf_lp_set_obj(lp, cet, orient == NQPF_DEA_OUT ? 1.0 : 0.0);
    nqpf_lp_set_dir(lp, orient == NQPF_DEA_OUT ? NQPF_LP_MAX : NQPF_LP_MIN);
    nqpf_lp_scale(lp);
    nqpf_lp_status st;
    if ((rc = nqpf_lp_solve(lp, &st)))
        goto done;
    *status = st;
    if (st != NQPF_LP_OPTIMAL)
        goto done;
    /* t = 0 (possible under NIRS/NDRS, where the ratio's scale is free): the scaled solution is a
     * solution of the same value; report it as it is */
    double obj = nqpf_lp_obj(lp), t = cc ? nqpf_lp_col_value(lp, ct) : 1.0;
    if (!(t > 1e-12))
        t = 1.0;
    if (orient == NQPF_DEA_OUT && !(obj > 0)) {
        *status = NQPF_LP_FAILED;
        goto done;
    }
    *score = orient == NQPF_DEA_OUT ? 1.0 / obj : obj;
    if (theta && in)
        *theta = nqpf_lp_col_value(lp, cth) / t;
    if (eta && out)
        *eta = nqpf_lp_col_value(lp, cet) / t;
    for (size_t v = 0; v < nv; v++) {
        double sl = nqpf_lp_col_value(lp, csl + v) / t;
        sl = sl < 1e-9 ? 0 : sl / sc[v];
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
    for (size_t j = 0; lambda && j < n; j++) {
        double l = nqpf_lp_col_value(lp, j) / t;
        lambda[j] = l > 1e-12 ? l : 0;
    }
done:
    nqpf_lp_free(lp);
    free(sc);
    free(idx);
    free(val);
    return rc;
}

int nqpf__dea_ebm_eval(const nqpf_dea_ref *ref, const nqpf_dea_options *o, const double *x0, const double *y0,
                       const double *b0, const double *par, double *score, nqpf_lp_status *status, double *extra,
                       double *sl, double *lambda)
{
    size_t m = ref->m, s = ref->s, nv = m + s + ref->nb;
    double theta = NAN, eta = NAN;
    int rc = nqpf__dea_ebm(ref, x0, y0, b0, o->rts, o->orientation, par, par + 3, score, &theta, &eta, status, sl,
                           sl ? sl + m : NULL, sl ? sl + m + s : NULL, lambda);
    if (rc)
        return rc;
    extra[0] = theta;
    extra[1] = eta;
    for (size_t k = 0; k < 3 + nv; k++)
        extra[2 + k] = par[k];
    return NQPF_OK;
}

int nqpf__dea_ebm_columns(nqpf_table *res, const nqpf_dea_options *o, const double *extra, size_t nobs)
{
    size_t m = o->ninputs, s = o->noutputs, nb = o->nbads, nv = m + s + nb, stride = NQPF__DEA_EBM_NOUT(nv);
    int in = o->orientation != NQPF_DEA_OUT, out = o->orientation != NQPF_DEA_IN;
    double *col = nqpf__malloc(nobs ? nobs : 1, sizeof *col);
    if (!col)
        return NQPF_EINTERNAL;
    int rc = NQPF_OK;
    /* theta, eta, eps_x, eps_y, eps_b, then w_<var>: only what the orientation uses */
    static const char *const names[] = {"theta", "eta", "eps_x", "eps_y", "eps_b"};
    for (size_t k = 0; k < 5 + nv && !rc; k++) {
        int used;
        char cname[512];
        if (k < 5) {
            used = k == 0 || k == 2 ? in : k == 4 ? out && nb : out;
            snprintf(cname, sizeof cname, "%s", names[k]);
        } else {
            size_t v = k - 5;
            used = v < m ? in : out;
            snprintf(cname, sizeof cname, "w_%s", v < m ? o->inputs[v] : v < m + s ? o->outputs[v - m] : o->bads[v - m - s]);
        }
        if (!used)
            continue;
        for (size_t i = 0; i < nobs; i++)
            col[i] = extra[i * stride + k];
        rc = nqpf_table_add_num(res, cname, col, NULL);
    }
    free(col);
    return rc;
}
