/* Exactness of the large-N path of the DEA LPs (issue 16): column generation forced on tiny
 * reference sets (nqpf__dea_ws_set_cg(ws, 0)), a small pruning cap and a small work cap of the
 * dominance filter, so that pricing, the first phase, pruning, the complete dominance filter and its
 * capped fallback all run, against an independent envelopment LP built here with plain GLPK
 * (tu_glpk_solve in floating point: on degenerate frames the exact optimum of the data rounded to
 * double can differ from every floating-point answer by far more than 1e-9 -- an SBM case of
 * duplicated DMUs on a flat VRS frontier gave 1 exactly and 0.9434 with any simplex in doubles, the
 * two apart by a 4e-16 relative violation of one row). Thousands of random problems with ties, duplicated
 * DMUs, zeros, degenerate frames (every DMU on one ray or one hyperplane) and variables scaled by
 * 1e-3 .. 1e6; colinear and coplanar DMUs on the frontier's faces, a variable zero throughout.
 * Also checks the sparse lambdas (nqpf__dea_ws_lambda) against the dense vector, the dominance
 * filter's records against a pairwise test written here, and the frames that pricing uses (frame.c,
 * built here for every reference set, however small; tiny or no frame budgets on some data sets run
 * the skyline fallback) against feasibility LPs written here. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "dea/frontier.h"
#include "dea/dea_internal.h"

#define MAXN 60
#define MAXV 7 /* m + s + nb <= 3 + 3 + 1 */
#define REL 1e-9

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static double unif(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (double)((rng * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}
static size_t pick(size_t lo, size_t hi) { return lo + (size_t)(unif() * (double)(hi - lo + 1)) % (hi - lo + 1); }

/* One random data set: n DMUs, m inputs, s outputs, nb bad outputs, row-major. kind 0: continuous,
 * 1: small integers (ties), 2: every DMU on one ray (CRS: all efficient), 3: outputs a linear
 * function of the inputs (a flat VRS frontier), 4: most DMUs convex combinations of two or three
 * anchors (colinear and coplanar points on the frontier's faces, efficient but not extreme), 5: one
 * variable zero throughout (when zeros are allowed; else as 0). */
typedef struct data {
    size_t n, m, s, nb;
    int kind, integer, positive;
    double x[MAXN * 3], y[MAXN * 3], b[MAXN];
    double mean[MAXV];
} data;

static void make_data(data *d, int allow_zero)
{
    d->n = pick(5, MAXN);
    d->m = pick(1, 3);
    d->s = pick(1, 3);
    d->nb = 0;
    d->kind = (int)pick(0, 5);
    d->integer = d->kind == 1;
    double scale[MAXV];
    for (size_t v = 0; v < MAXV; v++)
        scale[v] = d->integer ? 1.0 : pow(10.0, -3.0 + 9.0 * unif());
    for (size_t j = 0; j < d->n; j++) {
        double t = 0.5 + 4 * unif();
        for (size_t i = 0; i < d->m; i++) {
            double v = d->integer ? (double)pick(1, 5) : d->kind == 2 ? t * (1 + (double)i) : 0.5 + 9.5 * unif();
            d->x[j * d->m + i] = v * scale[i];
        }
        for (size_t r = 0; r < d->s; r++) {
            double v;
            if (d->integer)
                v = (double)pick(1, 5);
            else if (d->kind == 2)
                v = t * (2 + (double)r);
            else if (d->kind == 3) {
                v = 1;
                for (size_t i = 0; i < d->m; i++)
                    v += (0.3 + 0.1 * (double)r) * d->x[j * d->m + i] / scale[i];
                v *= unif() < 0.5 ? 1.0 : 0.6 + 0.4 * unif(); /* half on the frontier */
            } else
                v = 0.5 + 9.5 * unif();
            d->y[j * d->s + r] = v * scale[d->m + r];
        }
        d->b[j] = (0.5 + 9.5 * unif()) * scale[MAXV - 1];
    }
    if (d->kind == 4) {
        size_t na = pick(2, 3 < d->n ? 3 : d->n), anc[3];
        for (size_t q = 0; q < na; q++)
            anc[q] = pick(0, d->n - 1);
        for (size_t j = 0; j < d->n; j++) {
            if (unif() < 0.2)
                continue;
            /* weights on a random face of the anchors' simplex: sometimes an edge (colinear) */
            double w[3] = {unif(), unif(), unif()}, sum = 0;
            if (na == 3 && unif() < 0.5)
                w[pick(0, 2)] = 0;
            for (size_t q = 0; q < na; q++)
                sum += w[q];
            if (!(sum > 0))
                continue;
            double x[3] = {0}, y[3] = {0}, b = 0;
            for (size_t q = 0; q < na; q++) {
                double c = w[q] / sum;
                for (size_t i = 0; i < d->m; i++)
                    x[i] += c * d->x[anc[q] * d->m + i];
                for (size_t r = 0; r < d->s; r++)
                    y[r] += c * d->y[anc[q] * d->s + r];
                b += c * d->b[anc[q]];
            }
            int anchor = 0;
            for (size_t q = 0; q < na; q++)
                anchor |= anc[q] == j;
            if (anchor)
                continue;
            memcpy(d->x + j * d->m, x, d->m * sizeof *x);
            memcpy(d->y + j * d->s, y, d->s * sizeof *y);
            d->b[j] = b;
        }
    }
    /* duplicated DMUs */
    size_t ndup = pick(0, d->n / 4);
    for (size_t q = 0; q < ndup; q++) {
        size_t a = pick(0, d->n - 1), c = pick(0, d->n - 1);
        memcpy(d->x + c * d->m, d->x + a * d->m, d->m * sizeof *d->x);
        memcpy(d->y + c * d->s, d->y + a * d->s, d->s * sizeof *d->y);
        d->b[c] = d->b[a];
    }
    /* zeros */
    if (allow_zero && unif() < 0.3) {
        size_t nz = pick(1, d->n / 3 + 1);
        for (size_t q = 0; q < nz; q++) {
            size_t j = pick(0, d->n - 1);
            if (unif() < 0.5)
                d->x[j * d->m + pick(0, d->m - 1)] = 0;
            else
                d->y[j * d->s + pick(0, d->s - 1)] = 0;
        }
    }
    if (d->kind == 5 && allow_zero) {
        size_t v = pick(0, d->m + d->s - 1);
        for (size_t j = 0; j < d->n; j++)
            if (v < d->m)
                d->x[j * d->m + v] = 0;
            else
                d->y[j * d->s + v - d->m] = 0;
    }
    d->positive = 1;
    for (size_t k = 0; k < d->n * d->m; k++)
        d->positive &= d->x[k] > 0;
    for (size_t k = 0; k < d->n * d->s; k++)
        d->positive &= d->y[k] > 0;
}

static double val(const data *d, size_t j, size_t v)
{
    return v < d->m ? d->x[j * d->m + v] : v < d->m + d->s ? d->y[j * d->s + v - d->m] : d->b[j];
}

/* ---- The reference LPs: plain GLPK, columns lambda_1..n then the model's own ------------------- */

typedef struct ref_lp {
    glp_prob *P;
    size_t n;
} ref_lp;

/* A new problem with the n lambda columns (lambda_excl fixed at 0), a row per variable of d
 * holding sum_j lambda_j value (bounds set by the caller) and the RTS row sum lambda (rel) rhs, or
 * with tcol > 0 (it must be n + 1, added here) sum lambda - t (rel) rhs; free under CRS. */
static ref_lp ref_new(const data *d, size_t nvar, nqpf_dea_rts rts, size_t excl, int tcol, double rhs)
{
    ref_lp R = {glp_create_prob(), d->n};
    glp_add_cols(R.P, (int)d->n + (tcol > 0));
    for (size_t j = 0; j < d->n; j++)
        glp_set_col_bnds(R.P, (int)j + 1, j == excl ? GLP_FX : GLP_LO, 0, 0);
    glp_add_rows(R.P, (int)nvar + 1);
    int ind[MAXN + 2];
    double vv[MAXN + 2];
    for (size_t v = 0; v < nvar; v++) {
        for (size_t j = 0; j < d->n; j++) {
            ind[j + 1] = (int)j + 1;
            vv[j + 1] = val(d, j, v);
        }
        glp_set_mat_row(R.P, (int)v + 1, (int)d->n, ind, vv);
    }
    for (size_t j = 0; j < d->n; j++) {
        ind[j + 1] = (int)j + 1;
        vv[j + 1] = 1;
    }
    int len = (int)d->n;
    if (tcol > 0) {
        ind[len + 1] = tcol;
        vv[len + 1] = -1;
        len++;
    }
    int row = (int)nvar + 1;
    glp_set_mat_row(R.P, row, len, ind, vv);
    if (rts == NQPF_DEA_VRS)
        glp_set_row_bnds(R.P, row, GLP_FX, rhs, rhs);
    else if (rts == NQPF_DEA_NIRS)
        glp_set_row_bnds(R.P, row, GLP_UP, 0, rhs);
    else if (rts == NQPF_DEA_NDRS)
        glp_set_row_bnds(R.P, row, GLP_LO, rhs, 0);
    else
        glp_set_row_bnds(R.P, row, GLP_FR, 0, 0);
    return R;
}

/* Adds a column with the given entries (rows 1-based) and returns its index. */
static int add_col(ref_lp *R, int type, double lo, double hi, double obj, int cnt, const int *rows, const double *vals)
{
    int c = glp_add_cols(R->P, 1);
    glp_set_col_bnds(R->P, c, type, lo, hi);
    glp_set_obj_coef(R->P, c, obj);
    int ind[MAXV + 4];
    double vv[MAXV + 4];
    for (int e = 0; e < cnt; e++) {
        ind[e + 1] = rows[e];
        vv[e + 1] = vals[e];
    }
    glp_set_mat_col(R->P, c, cnt, ind, vv);
    return c;
}

/* Radial: input min theta s.t. X l <= theta x0, Y l >= y0; output max phi s.t. X l <= x0,
 * Y l >= phi y0. */
static double ref_radial(const data *d, size_t o, nqpf_dea_rts rts, int out, size_t excl, nqpf_lp_status *st)
{
    size_t m = d->m, s = d->s;
    ref_lp R = ref_new(d, m + s, rts, excl, 0, 1.0);
    int rows[MAXV];
    double vals[MAXV];
    int cnt = 0;
    for (size_t i = 0; i < m; i++) {
        glp_set_row_bnds(R.P, (int)i + 1, GLP_UP, 0, out ? val(d, o, i) : 0);
        if (!out)
            rows[cnt] = (int)i + 1, vals[cnt++] = -val(d, o, i);
    }
    for (size_t r = 0; r < s; r++) {
        glp_set_row_bnds(R.P, (int)(m + r) + 1, GLP_LO, out ? 0 : val(d, o, m + r), 0);
        if (out)
            rows[cnt] = (int)(m + r) + 1, vals[cnt++] = -val(d, o, m + r);
    }
    add_col(&R, GLP_FR, 0, 0, 1.0, cnt, rows, vals);
    glp_set_obj_dir(R.P, out ? GLP_MAX : GLP_MIN);
    double v = tu_glpk_solve(R.P, 0, st);
    glp_delete_prob(R.P);
    return v;
}

/* Second stage: max the sum of the slacks (data units) s.t. X l + sx = xt, Y l - sy = yt,
 * B l + sb = bt (sb fixed at 0 unless bad_slack). */
static double ref_slacks(const data *d, const double *t, nqpf_dea_rts rts, int bad_slack, size_t excl,
                         nqpf_lp_status *st)
{
    size_t nv = d->m + d->s + d->nb;
    ref_lp R = ref_new(d, nv, rts, excl, 0, 1.0);
    for (size_t v = 0; v < nv; v++) {
        glp_set_row_bnds(R.P, (int)v + 1, GLP_FX, t[v], t[v]);
        int row = (int)v + 1;
        double c = v >= d->m && v < d->m + d->s ? -1.0 : 1.0;
        int fixed = v >= d->m + d->s && !bad_slack;
        add_col(&R, fixed ? GLP_FX : GLP_LO, 0, 0, 1.0, 1, &row, &c);
    }
    glp_set_obj_dir(R.P, GLP_MAX);
    /* the plain simplex from the standard basis (the targets lie on the frontier, where a rounded
     * score can leave the problem infeasible in exact arithmetic) */
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_scale_prob(R.P, GLP_SF_AUTO);
    glp_std_basis(R.P);
    double v = NAN;
    *st = NQPF_LP_FAILED;
    if (glp_simplex(R.P, &parm) == 0) {
        int gs = glp_get_status(R.P);
        if (gs == GLP_OPT)
            *st = NQPF_LP_OPTIMAL, v = glp_get_obj_val(R.P);
        else if (gs == GLP_NOFEAS)
            *st = NQPF_LP_INFEASIBLE;
        else if (gs == GLP_UNBND)
            *st = NQPF_LP_UNBOUNDED;
    }
    glp_delete_prob(R.P);
    return v;
}

/* Directional distance with one bad output: max beta s.t. X l <= x0 - beta x0, Y l >= y0 + beta y0,
 * B l (= or <=) b0 - beta b0. */
static double ref_ddf(const data *d, size_t o, nqpf_dea_rts rts, int ineq, size_t excl, nqpf_lp_status *st)
{
    size_t nv = d->m + d->s + d->nb;
    ref_lp R = ref_new(d, nv, rts, excl, 0, 1.0);
    int rows[MAXV];
    double vals[MAXV];
    for (size_t v = 0; v < nv; v++) {
        double v0 = val(d, o, v);
        int good = v >= d->m && v < d->m + d->s;
        if (good)
            glp_set_row_bnds(R.P, (int)v + 1, GLP_LO, v0, 0);
        else if (v < d->m || ineq)
            glp_set_row_bnds(R.P, (int)v + 1, GLP_UP, 0, v0);
        else
            glp_set_row_bnds(R.P, (int)v + 1, GLP_FX, v0, v0);
        rows[v] = (int)v + 1;
        vals[v] = good ? -v0 : v0;
    }
    add_col(&R, GLP_FR, 0, 0, 1.0, (int)nv, rows, vals);
    glp_set_obj_dir(R.P, GLP_MAX);
    double v = tu_glpk_solve(R.P, 0, st);
    glp_delete_prob(R.P);
    return v;
}

/* Tone's SBM (2001) by Charnes-Cooper: min t - (1/m) sum Sx/x0 s.t. t + (1/s) sum Sy/y0 = 1,
 * X L + Sx = t x0, Y L - Sy = t y0, sum L - t (rel) 0; input orientation: no output terms in the
 * normalisation, output orientation: no input terms in the objective. */
static double ref_sbm(const data *d, size_t o, nqpf_dea_rts rts, nqpf_dea_orientation orient, nqpf_lp_status *st)
{
    size_t m = d->m, s = d->s, nv = m + s;
    int use_in = orient != NQPF_DEA_OUT, use_out = orient != NQPF_DEA_IN;
    /* the t column is added first after the lambdas: index n + 1 */
    ref_lp R = ref_new(d, nv, rts, NQPF__DEA_NOEXCL, (int)d->n + 1, 0.0);
    int nrm = glp_add_rows(R.P, 1);
    glp_set_row_bnds(R.P, nrm, GLP_FX, 1, 1);
    int rows[MAXV + 2];
    double vals[MAXV + 2];
    for (size_t v = 0; v < nv; v++) {
        glp_set_row_bnds(R.P, (int)v + 1, GLP_FX, 0, 0);
        rows[v] = (int)v + 1;
        vals[v] = -val(d, o, v);
    }
    rows[nv] = nrm;
    vals[nv] = 1;
    rows[nv + 1] = (int)nv + 1; /* the RTS row */
    vals[nv + 1] = -1;
    int tc = (int)d->n + 1, ind[MAXV + 4];
    double tv[MAXV + 4];
    for (size_t e = 0; e < nv + 2; e++) {
        ind[e + 1] = rows[e];
        tv[e + 1] = vals[e];
    }
    glp_set_mat_col(R.P, tc, (int)nv + 2, ind, tv);
    glp_set_col_bnds(R.P, tc, GLP_LO, 0, 0);
    glp_set_obj_coef(R.P, tc, 1.0);
    for (size_t v = 0; v < nv; v++) {
        int good = v >= m;
        int rr[2] = {(int)v + 1, nrm};
        double vv[2] = {good ? -1.0 : 1.0, good ? 1.0 / ((double)s * val(d, o, v)) : 0};
        double obj = !good && use_in ? -1.0 / ((double)m * val(d, o, v)) : 0;
        add_col(&R, GLP_LO, 0, 0, obj, good && use_out ? 2 : 1, rr, vv);
    }
    glp_set_obj_dir(R.P, GLP_MIN);
    double v = tu_glpk_solve(R.P, 0, st);
    glp_delete_prob(R.P);
    return v;
}

/* ---- Checks ------------------------------------------------------------------------------------ */

static size_t nproblems, nskipped;

static void check_value(nqpf_lp_status se, double e, nqpf_lp_status sg, double g, const char *what, size_t ds, size_t o)
{
    char ctx[160];
    snprintf(ctx, sizeof ctx, "%s (data set %zu, DMU %zu)", what, ds, o);
    if (se == NQPF_LP_FAILED) {
        /* the reference gave up: not counted (reported as skipped) */
        nskipped++;
        return;
    }
    if (sg != se)
        fail_msg("%s: status %s, reference %s", ctx, nqpf_lp_status_name(sg), nqpf_lp_status_name(se));
    if (se == NQPF_LP_OPTIMAL)
        tu_assert_close(g, e, REL, 1e-12, ctx);
    nproblems++;
}

/* The sparse lambdas of the last solve equal the dense vector: same non-zeros, by increasing j. */
static void check_sparse(const nqpf_dea_ws *ws, const double *lambda, size_t n)
{
    const nqpf__dea_lam *lam;
    size_t cnt, e = 0;
    if (!nqpf__dea_ws_lambda(ws, &lam, &cnt))
        fail_msg("no sparse lambdas recorded (lam_ok %d, n %zu)", ws->lam_ok, ws->lam_n);
    for (size_t j = 0; j < n; j++) {
        if (lambda[j] == 0)
            continue;
        assert_true(e < cnt);
        assert_int_equal(lam[e].j, j);
        assert_memory_equal(&lam[e].v, &lambda[j], sizeof(double));
        e++;
    }
    assert_int_equal(e, cnt);
}

/* Radial feasibility of the lambdas: X l <= theta x0 (input) or x0, Y l >= y0 or phi y0. */
static void check_radial_lambda(const data *d, size_t o, int out, double score, const double *lambda)
{
    for (size_t v = 0; v < d->m + d->s; v++) {
        double sum = 0, big = 0, mean = 0;
        for (size_t j = 0; j < d->n; j++) {
            sum += lambda[j] * val(d, j, v);
            big += lambda[j] * fabs(val(d, j, v));
            mean += fabs(val(d, j, v)) / (double)d->n;
        }
        double rhs = val(d, o, v) * ((v < d->m) == !out ? score : 1.0);
        /* the solver's tolerance: relative to the row's terms and to the variable's scale */
        double tol = 1e-9 * (big + fabs(val(d, o, v)) + mean);
        if (v < d->m ? sum > rhs + tol : sum < rhs - tol)
            fail_msg("radial lambdas infeasible in row %zu: %.17g vs %.17g", v, sum, rhs);
    }
}

/* Does j's data dominate k's (free disposal; cone: a positive multiple of j), as the filter's
 * comments define it, on the workspace's scaled data? Written independently of colgen.c. */
static int dom_pair(const nqpf_dea_ws *ws, size_t j, size_t k)
{
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    for (size_t v = 0; v < nv; v++) {
        double a = ws->a[v * n + j], b = ws->a[v * n + k];
        int good = v >= ws->m && v < ws->m + ws->s;
        if (good ? a < b : a > b)
            return 0;
    }
    return 1;
}
static int cone_pair(const nqpf_dea_ws *ws, size_t j, size_t k)
{
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    /* alpha in [lo, hi] with alpha a <= b (inputs) and alpha a >= b (outputs), a, b >= 0 here */
    double lo = 0, hi = INFINITY;
    for (size_t v = 0; v < nv; v++) {
        double a = ws->a[v * n + j], b = ws->a[v * n + k];
        int good = v >= ws->m && v < ws->m + ws->s;
        if (a == 0) {
            if (good && b > 0)
                return 0;
            continue;
        }
        if (good)
            lo = fmax(lo, b / a);
        else
            hi = fmin(hi, b / a);
    }
    return lo <= hi && hi > 0;
}

/* Every recorded dominator dominates; with integer data (sort keys exact) and the full work budget,
 * every DMU left to pricing is dominated by no other (except an identical one that is priced). */
static void check_dom(const nqpf_dea_ws *ws, const data *d, int complete)
{
    size_t n = ws->n;
    for (int c = 0; c < 2; c++) {
        const struct nqpf__dea_dom *D = &ws->dom[c];
        if (!D->dom || D->version != ws->version)
            continue;
        for (size_t k = 0; k < n; k++) {
            size_t j = D->dom[k];
            if (j != NQPF__DEA_NOEXCL)
                assert_true(c ? cone_pair(ws, j, k) : dom_pair(ws, j, k));
        }
        if (!complete || c || !d->integer)
            continue;
        for (size_t q = 0; q < D->n_nd; q++) {
            size_t k = D->nd[q];
            for (size_t j = 0; j < n; j++)
                if (j != k && dom_pair(ws, j, k) && !dom_pair(ws, k, j))
                    fail_msg("DMU %zu is left to pricing though %zu dominates it", k, j);
        }
    }
}

/* Is DMU k of the workspace's scaled data in conv(S) + D (cone: cone(S) + D), D the free-disposal
 * cone, with each row relaxed by rel * (1 + |a_kv|)? S: the DMUs with use[j] set. A member of S that
 * dominates k settles it exactly; else a feasibility LP in plain GLPK (no distance variable, unlike
 * frame.c's test) decides, and with verify a feasible answer counts only when its mu, recomputed
 * here in long double, meets every row to within GLPK's feasibility tolerance (1e-7: its vertex can
 * sit that far out on these near-degenerate faces even where an exact combination exists).
 * Floating point: glp_exact declared a point 4e-11 inside a segment infeasible, so it is not used. */
static int spanned(const nqpf_dea_ws *ws, size_t k, const unsigned char *use, int cone, double rel, int verify)
{
    size_t n = ws->n, m = ws->m, s = ws->s, nv = m + s + ws->nb;
    for (size_t j = 0; j < n; j++)
        if (use[j] && (cone ? cone_pair(ws, j, k) : dom_pair(ws, j, k)))
            return 1;
    glp_prob *P = glp_create_prob();
    glp_add_rows(P, (int)nv + 1);
    glp_add_cols(P, (int)n);
    int ind[MAXV + 2];
    double vv[MAXV + 2];
    for (size_t j = 0; j < n; j++) {
        glp_set_col_bnds(P, (int)j + 1, use[j] ? GLP_LO : GLP_FX, 0, 0);
        for (size_t v = 0; v <= nv; v++)
            ind[v + 1] = (int)v + 1, vv[v + 1] = v < nv ? ws->a[v * n + j] : 1.0;
        glp_set_mat_col(P, (int)j + 1, (int)nv + 1, ind, vv);
    }
    for (size_t v = 0; v < nv; v++) {
        double akv = ws->a[v * n + k], r = rel * (1 + fabs(akv));
        if (v >= m && v < m + s)
            glp_set_row_bnds(P, (int)v + 1, GLP_LO, akv - r, 0);
        else
            glp_set_row_bnds(P, (int)v + 1, GLP_UP, 0, akv + r);
    }
    if (cone)
        glp_set_row_bnds(P, (int)nv + 1, GLP_FR, 0, 0);
    else
        glp_set_row_bnds(P, (int)nv + 1, GLP_FX, 1, 1);
    nqpf_lp_status st;
    tu_glpk_solve(P, 0, &st);
    if (st == NQPF_LP_FAILED)
        fail_msg("the feasibility LP of DMU %zu failed", k);
    int ok = st == NQPF_LP_OPTIMAL;
    if (ok && verify) {
        long double sum = 0, c[MAXV] = {0};
        for (size_t j = 0; j < n; j++) {
            double mu = use[j] ? glp_get_col_prim(P, (int)j + 1) : 0;
            if (!(mu > 0))
                continue;
            sum += mu;
            for (size_t v = 0; v < nv; v++)
                c[v] += (long double)mu * ws->a[v * n + j];
        }
        if (!cone && fabsl(sum - 1) > 1e-7)
            ok = 0;
        for (size_t v = 0; v < nv; v++) {
            double akv = ws->a[v * n + k];
            long double ex = v >= m && v < m + s ? akv - c[v] : c[v] - akv;
            if (ex > 1e-7 * (1 + fabs(akv)))
                ok = 0;
        }
    }
    glp_delete_prob(P);
    return ok;
}

static size_t nframes, nframe_members, nframe_fallback;

/* Every frame the workspace built spans every DMU (exactly by dominance, or to GLPK's tolerance,
 * checked on mu in long double; frame.c itself accepts 1e-12) and holds, for each DMU that the
 * others (less its duplicates) do not span even with 1e-8 of slack, that DMU or a duplicate: the
 * extreme-efficient DMUs are all there. Its list is increasing. The scores compared with the plain
 * LP are the exactness test proper. */
static void check_frame(const nqpf_dea_ws *ws)
{
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    unsigned char use[MAXN];
    for (int c = 0; c < 2; c++) {
        const struct nqpf__dea_frame *F = &ws->frame[c];
        if (F->version != ws->version || !F->in)
            continue;
        if (!F->ok) {
            nframe_fallback++;
            continue;
        }
        nframes++;
        nframe_members += F->nf;
        assert_true(F->nf >= 1 && F->nf <= n);
        for (size_t j = 0; j < n; j++)
            use[j] = 0;
        for (size_t q = 0; q < F->nf; q++) {
            assert_true(F->f[q] < n && F->in[F->f[q]]);
            if (q)
                assert_true(F->f[q] > F->f[q - 1]);
            use[F->f[q]] = 1;
        }
        for (size_t k = 0; k < n; k++)
            if (!use[k] && !spanned(ws, k, use, c, 1e-9, 1))
                fail_msg("DMU %zu is not spanned by the %s frame (%zu members)", k, c ? "conic" : "convex", F->nf);
        for (size_t k = 0; k < n; k++) {
            unsigned char others[MAXN];
            int dup_in = use[k];
            for (size_t j = 0; j < n; j++) {
                int same = 1;
                for (size_t v = 0; v < nv; v++)
                    same &= ws->a[v * n + j] == ws->a[v * n + k];
                others[j] = !same;
                dup_in |= same && use[j];
            }
            if (!dup_in && !spanned(ws, k, others, c, 1e-8, 0))
                fail_msg("extreme DMU %zu (no other spans it) is missing from the %s frame", k, c ? "conic" : "convex");
        }
    }
}

/* ---- The cases --------------------------------------------------------------------------------- */

static nqpf_dea_ws *cg_ws(size_t ds)
{
    nqpf_dea_ws *ws;
    assert_int_equal(nqpf_dea_ws_new(&ws), NQPF_OK);
    nqpf__dea_ws_set_cg(ws, 0);
    nqpf__dea_ws_set_prune(ws, 4 + ds % 8);
    /* every third data set: a tiny filter budget, so that the capped fallback prices the rest */
    if (ds % 3 == 2)
        nqpf__dea_ws_set_dom_work(ws, 1 + ds % 40);
    /* every fifth: a tiny frame budget (the frame is abandoned for the skyline); every seventh: none */
    if (ds % 5 == 4)
        nqpf__dea_ws_set_frame(ws, 0, 1 + ds % 13);
    else if (ds % 7 == 6)
        nqpf__dea_ws_set_frame(ws, 0, (size_t)-1);
    else
        nqpf__dea_ws_set_frame(ws, 0, 0);
    return ws;
}

/* Radial CRS/VRS/NIRS/NDRS, input and output, with and without super-efficiency exclusion, and the
 * second-stage slacks at the reference's targets. */
static void test_radial(void **state)
{
    (void)state;
    size_t before = nproblems;
    double lambda[MAXN];
    for (size_t ds = 0; ds < 64; ds++) {
        data d;
        make_data(&d, 1);
        nqpf_dea_ref ref = {d.n, d.m, d.s, 0, d.x, d.y, NULL};
        nqpf_dea_ws *ws = cg_ws(ds);
        size_t neval = pick(3, 6);
        for (size_t q = 0; q < neval; q++) {
            size_t o = pick(0, d.n - 1);
            for (int rts = 0; rts < 4; rts++)
                for (int out = 0; out < 2; out++)
                    for (int super = 0; super < 2; super++) {
                        size_t excl = super ? o : NQPF__DEA_NOEXCL;
                        nqpf_lp_status se, sg;
                        double e = ref_radial(&d, o, (nqpf_dea_rts)rts, out, excl, &se), g;
                        assert_int_equal(nqpf__dea_radial_ex(ws, &ref, d.x + o * d.m, d.y + o * d.s, (nqpf_dea_rts)rts,
                                                             out ? NQPF_DEA_OUT : NQPF_DEA_IN, 0, 0, excl, o, &g, &sg,
                                                             lambda),
                                         NQPF_OK);
                        check_value(se, e, sg, g, super ? "radial super" : "radial", ds, o);
                        if (sg != NQPF_LP_OPTIMAL || se != NQPF_LP_OPTIMAL)
                            continue;
                        check_sparse(ws, lambda, d.n);
                        check_radial_lambda(&d, o, out, g, lambda);
                        /* slacks at the targets of the reference score */
                        double t[MAXV], sl[MAXV];
                        for (size_t v = 0; v < d.m + d.s; v++)
                            t[v] = val(&d, o, v) * ((v < d.m) == !out ? e : 1.0);
                        double es = ref_slacks(&d, t, (nqpf_dea_rts)rts, 0, excl, &se);
                        assert_int_equal(nqpf__dea_slacks(ws, &ref, t, t + d.m, NULL, (nqpf_dea_rts)rts, 0, 0, 0, excl,
                                                          o, sl, sl + d.m, NULL, &sg, lambda),
                                         NQPF_OK);
                        if (se == NQPF_LP_FAILED) {
                            nskipped++;
                            continue;
                        }
                        assert_int_equal(sg, se);
                        if (se != NQPF_LP_OPTIMAL)
                            continue;
                        check_sparse(ws, lambda, d.n);
                        /* nqpf zeroes a slack below 1e-9 of its variable's mean: that much per variable */
                        double gs = 0, tol = 0;
                        for (size_t v = 0; v < d.m + d.s; v++) {
                            double mean = 0;
                            for (size_t j = 0; j < d.n; j++)
                                mean += fabs(val(&d, j, v)) / (double)d.n;
                            gs += sl[v];
                            tol += 1e-9 * mean;
                        }
                        tu_assert_close(gs, es, REL, tol, "radial slack sum");
                        nproblems++;
                    }
        }
        check_dom(ws, &d, ds % 3 != 2);
        check_frame(ws);
        nqpf_dea_ws_free(ws);
    }
    print_message("radial: %zu problems\n", nproblems - before);
}

/* DDF with one bad output (direction: the observed values), weak (equality) and inequality, every
 * RTS, with slacks under the inequality. */
static void test_ddf_bad(void **state)
{
    (void)state;
    size_t before = nproblems;
    double lambda[MAXN];
    for (size_t ds = 0; ds < 64; ds++) {
        data d;
        make_data(&d, 1);
        d.nb = 1;
        nqpf_dea_ref ref = {d.n, d.m, d.s, 1, d.x, d.y, d.b};
        nqpf_dea_ws *ws = cg_ws(ds);
        size_t neval = pick(3, 6);
        for (size_t q = 0; q < neval; q++) {
            size_t o = pick(0, d.n - 1);
            const double *x0 = d.x + o * d.m, *y0 = d.y + o * d.s, *b0 = d.b + o;
            for (int rts = 0; rts < 4; rts++)
                for (int ineq = 0; ineq < 2; ineq++) {
                    nqpf_lp_status se, sg;
                    double e = ref_ddf(&d, o, (nqpf_dea_rts)rts, ineq, NQPF__DEA_NOEXCL, &se), g;
                    assert_int_equal(nqpf__dea_ddf_ex(ws, &ref, x0, y0, b0, x0, y0, b0, (nqpf_dea_rts)rts,
                                                      ineq ? NQPF_DEA_BAD_INEQ : NQPF_DEA_BAD_WEAK, NQPF__DEA_NOEXCL, o,
                                                      &g, &sg, lambda),
                                     NQPF_OK);
                    check_value(se, e, sg, g, ineq ? "ddf bad ineq" : "ddf bad weak", ds, o);
                    if (sg != NQPF_LP_OPTIMAL || se != NQPF_LP_OPTIMAL)
                        continue;
                    check_sparse(ws, lambda, d.n);
                    if (!ineq)
                        continue;
                    double t[MAXV], sl[MAXV];
                    for (size_t v = 0; v < d.m + d.s + 1; v++)
                        t[v] = val(&d, o, v) * (v >= d.m && v < d.m + d.s ? 1 + e : 1 - e);
                    double es = ref_slacks(&d, t, (nqpf_dea_rts)rts, 1, NQPF__DEA_NOEXCL, &se);
                    assert_int_equal(nqpf__dea_slacks(ws, &ref, t, t + d.m, t + d.m + d.s, (nqpf_dea_rts)rts, 0, 0, 1,
                                                      NQPF__DEA_NOEXCL, o, sl, sl + d.m, sl + d.m + d.s, &sg, lambda),
                                     NQPF_OK);
                    if (se == NQPF_LP_FAILED) {
                        nskipped++;
                        continue;
                    }
                    assert_int_equal(sg, se);
                    if (se != NQPF_LP_OPTIMAL)
                        continue;
                    double gs = 0, tol = 0;
                    for (size_t v = 0; v < d.m + d.s + 1; v++) {
                        double mean = 0;
                        for (size_t j = 0; j < d.n; j++)
                            mean += fabs(val(&d, j, v)) / (double)d.n;
                        gs += sl[v];
                        tol += 1e-9 * mean;
                    }
                    tu_assert_close(gs, es, REL, tol, "ddf slack sum");
                    nproblems++;
                }
        }
        check_dom(ws, &d, 0);
        check_frame(ws);
        nqpf_dea_ws_free(ws);
    }
    print_message("ddf with a bad output: %zu problems\n", nproblems - before);
}

/* SBM (non-oriented, input, output) under every RTS; the returned slacks must give the optimal
 * rho (they are one optimal solution). */
static void test_sbm(void **state)
{
    (void)state;
    size_t before = nproblems;
    double lambda[MAXN];
    for (size_t ds = 0; ds < 64; ds++) {
        data d;
        make_data(&d, 0);
        nqpf_dea_ref ref = {d.n, d.m, d.s, 0, d.x, d.y, NULL};
        nqpf_dea_ws *ws = cg_ws(ds);
        size_t neval = pick(3, 6);
        for (size_t q = 0; q < neval; q++) {
            size_t o = pick(0, d.n - 1);
            for (int rts = 0; rts < 4; rts++)
                for (int orient = 0; orient < 3; orient++) {
                    nqpf_lp_status se, sg;
                    double e = ref_sbm(&d, o, (nqpf_dea_rts)rts, (nqpf_dea_orientation)orient, &se), g, sl[MAXV];
                    assert_int_equal(nqpf__dea_sbm(ws, &ref, d.x + o * d.m, d.y + o * d.s, NULL, (nqpf_dea_rts)rts,
                                                   (nqpf_dea_orientation)orient, 0, NQPF__DEA_NOEXCL, o, &g, &sg, sl,
                                                   sl + d.m, NULL, lambda),
                                     NQPF_OK);
                    char what[64];
                    snprintf(what, sizeof what, "sbm rts %d orient %d", rts, orient);
                    check_value(se, e, sg, g, what, ds, o);
                    if (sg != NQPF_LP_OPTIMAL || se != NQPF_LP_OPTIMAL)
                        continue;
                    check_sparse(ws, lambda, d.n);
                    double num = 1, den = 1, tol = 0;
                    for (size_t v = 0; v < d.m + d.s; v++) {
                        double mean = 0, v0 = val(&d, o, v);
                        for (size_t j = 0; j < d.n; j++)
                            mean += fabs(val(&d, j, v)) / (double)d.n;
                        int in = v < d.m;
                        if (in && orient != NQPF_DEA_OUT)
                            num -= sl[v] / ((double)d.m * v0), tol += 1e-9 * mean / v0;
                        if (!in && orient != NQPF_DEA_IN)
                            den += sl[v] / ((double)d.s * v0), tol += 1e-9 * mean / v0;
                    }
                    tu_assert_close(num / den, e, REL, tol, "sbm rho from the slacks");
                }
        }
        check_dom(ws, &d, ds % 3 != 2);
        check_frame(ws);
        nqpf_dea_ws_free(ws);
    }
    print_message("sbm: %zu problems\n", nproblems - before);
}

static void test_total(void **state)
{
    (void)state;
    print_message("%zu problems compared with the plain GLPK LP, %zu skipped (reference failed)\n", nproblems,
                  nskipped);
    print_message("%zu frames checked (%zu members in all), %zu abandoned for the skyline\n", nframes,
                  nframe_members, nframe_fallback);
    assert_true(nproblems >= 10000);
    /* both paths ran: priced frames, and the fallback of a frame search over its budget */
    assert_true(nframes >= 100);
    assert_true(nframe_fallback >= 10);
}

int main(void)
{
    glp_term_out(GLP_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_radial),
        cmocka_unit_test(test_ddf_bad),
        cmocka_unit_test(test_sbm),
        cmocka_unit_test(test_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
