/* The frame of a reference set for pricing (colgen.c): a subset F of the DMUs such that every
 * reference DMU j lies in conv(F) + D (cone: cone(F) + D), where D is the free-disposal cone (more
 * of an input or a bad output, less of a good output). When the LP's variable rows have
 * sign-restricted duals (exactly the LPs for which colgen.c's dominance filter is valid: use_dom
 * != 0), the violation of lambda_j, viol(a) = sign * (prts + sum_v pi_v a_v), is affine in the
 * column a and non-increasing along D, so for a_j = sum_f mu_f a_f + d with sum mu = 1:
 *     viol(a_j) = sum_f mu_f viol(a_f) + sign * pi . d <= max_f viol(a_f),
 * whatever the returns-to-scale row's dual prts (the sum of mu is 1): the convex frame serves
 * CRS, VRS, NIRS and NDRS. The cone frame (mu >= 0 with any sum) needs prts = 0, i.e. CRS (no
 * returns-to-scale row). Hence pricing F alone finds an improving column whenever any DMU has one,
 * and the optimum of the full LP is reached. F must not contain the DMU left out by
 * super-efficiency (it could not stand for the DMUs it spans): then colgen.c prices the skyline.
 * The extreme-efficient DMUs are the smallest such F; any superset is as exact, only slower.
 *
 * Built once per reference set by Dula's BuildHull scheme (J. H. Dula 2011, "An algorithm for data
 * envelopment analysis", INFORMS Journal on Computing 23(2), 284-296), over the skyline of
 * colgen.c's dominance filter (a dominated DMU is spanned whenever its dominator is): each
 * candidate j is tested by the LP
 *     min theta  s.t.  sum_f mu_f a_fv - theta <= a_jv (inputs, bads),
 *                      sum_f mu_f a_fv + theta >= a_jv (good outputs),  [sum_f mu_f = 1],  mu >= 0,
 * whose columns are the frame found so far (output-sensitive: |F| columns, not n). theta <= 0 means
 * j is spanned; theta > 0 gives, through the duals, a hyperplane h(a) = sum_v pi_v a_v (+ pi_sum)
 * with h(a_j) = theta > 0 >= h(a_f) for every f in F; the candidate maximising h is outside
 * conv(F) + D and (when the maximum is unique) extreme: it joins F and j is tested again. Every
 * "spanned" verdict is checked on the LP's own mu (a residual below 1e-12 of the data's scale,
 * three orders below the pricing tolerance), and any doubt puts j itself into F, so that numerical
 * trouble costs speed, never exactness. A candidate that a combination found for an earlier one
 * dominates is settled without an LP (most interior ones are). A work cap (LP columns solved over,
 * candidates scanned) abandons the frame, and pricing falls back to the skyline; so does a skyline of
 * at most ws->frame_min DMUs, where the search would cost more than it saves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "../util/util.h"

#define FRAME_SEP 1e-9    /* theta above this: separated (scaled data are O(1)) */
#define FRAME_RES 1e-12   /* residual of a spanned candidate, relative to 1 + |a_jv| */
#define FRAME_POOL 2048   /* witnesses kept */
/* work (LP columns over all solves, candidates scanned, witness tests / 16) before the frame is
 * abandoned: about 2,048 pricing passes over the skyline, far fewer than the ~2 per evaluated DMU that
 * a large reference set takes, so the cap bounds the loss when the frame turns out large */
#define FRAME_WORK(nc) ((nc) * (size_t)2048 + ((size_t)1 << 24))

void nqpf__dea_ws_set_frame(nqpf_dea_ws *ws, size_t min_nd, size_t work)
{
    ws->frame_min = min_nd;
    ws->frame_work = work;
    ws->frame[0].version = ws->frame[1].version = 0;
}

void nqpf__dea_frame_free(struct nqpf__dea_frame *F)
{
    free(F->f);
    free(F->a_f);
    free(F->in);
    memset(F, 0, sizeof *F);
}

/* Appends candidate q (data column a[v * nc + q]) to F and to the LP as column 1 + |F|. */
static int frame_add(nqpf_dea_ws *ws, nqpf_lp *lp, const double *a, size_t nc, size_t q, size_t *fq, size_t *nf,
                     unsigned char *inF, int cone)
{
    size_t nv = ws->m + ws->s + ws->nb;
    int rc;
    if ((rc = nqpf_lp_add_cols(lp, 1)))
        return rc;
    size_t len = 0;
    for (size_t v = 0; v < nv; v++)
        ws->idx[len] = (int)v, ws->val[len++] = a[v * nc + q];
    if (!cone)
        ws->idx[len] = (int)nv, ws->val[len++] = 1.0;
    if ((rc = nqpf_lp_set_col(lp, 1 + *nf, len, ws->idx, ws->val)))
        return rc;
    fq[(*nf)++] = q;
    inF[q] = 1;
    return NQPF_OK;
}

/* Is candidate j spanned by the LP's mu (conv(F) + D, cone(F) + D), up to FRAME_RES? c receives the
 * combination sum_f mu_f a_f (a point of conv(F), cone(F)): a witness for later candidates. */
static int frame_spanned(const nqpf_dea_ws *ws, const nqpf_lp *lp, const double *a, size_t nc, size_t j,
                         const size_t *fq, size_t nf, int cone, double *cw)
{
    size_t m = ws->m, s = ws->s, nv = m + s + ws->nb;
    double sum = 0;
    for (size_t t = 0; t < nf; t++) {
        double mu = nqpf_lp_col_value(lp, 1 + t);
        sum += mu > 0 ? mu : 0;
    }
    if (!cone && fabs(sum - 1) > FRAME_RES)
        return 0;
    for (size_t v = 0; v < nv; v++) {
        double c = 0, aj = a[v * nc + j];
        for (size_t t = 0; t < nf; t++) {
            double mu = nqpf_lp_col_value(lp, 1 + t);
            if (mu > 0)
                c += mu * a[v * nc + fq[t]];
        }
        int good = v >= m && v < m + s;
        double excess = good ? aj - c : c - aj;
        cw[v] = c;
        if (excess > FRAME_RES * (1 + fabs(aj)))
            return 0;
    }
    return 1;
}

/* Does the witness c (a combination of frame members) dominate candidate data a[v * nc + j]? */
static int witness_dominates(const double *c, const double *a, size_t nc, size_t j, size_t m, size_t s, size_t nv)
{
    for (size_t v = 0; v < nv; v++) {
        double aj = a[v * nc + j];
        if (v >= m && v < m + s ? c[v] < aj : c[v] > aj)
            return 0;
    }
    return 1;
}

static int frame_run(nqpf_dea_ws *ws, const struct nqpf__dea_dom *D, int cone,
                     size_t *fq, unsigned char *inF, double *h, double *pool, int *ok)
{
    size_t m = ws->m, s = ws->s, nv = m + s + ws->nb, nc = D->n_nd, nf = 0;
    const double *a = D->a_nd;
    size_t work = 0, budget = ws->frame_work ? ws->frame_work : FRAME_WORK(nc);
    nqpf_lp *lp = NULL;
    int rc;
    *ok = 0;
    if ((rc = nqpf_lp_new(&lp, nv + !cone, 1)))
        return rc;
    /* theta: free but for a floor that only an interior candidate reaches (then it is spanned) */
    nqpf_lp_set_col_bnd(lp, 0, NQPF_LP_LO, -1.0, 0);
    nqpf_lp_set_obj(lp, 0, 1.0);
    nqpf_lp_set_dir(lp, NQPF_LP_MIN);
    for (size_t v = 0; v < nv; v++)
        ws->idx[v] = (int)v, ws->val[v] = v >= m && v < m + s ? 1.0 : -1.0;
    if ((rc = nqpf_lp_set_col(lp, 0, nv, ws->idx, ws->val)))
        goto out;
    if (!cone)
        nqpf_lp_set_row_bnd(lp, nv, NQPF_LP_FX, 1.0, 1.0);
    /* seed: the candidate with the most outputs net of inputs and bads (any seed is exact) */
    size_t seed = 0;
    double best = -INFINITY;
    for (size_t q = 0; q < nc; q++) {
        double f = 0;
        for (size_t v = 0; v < nv; v++)
            f += (v >= m && v < m + s ? 1.0 : -1.0) * a[v * nc + q];
        if (f > best)
            best = f, seed = q;
    }
    if ((rc = frame_add(ws, lp, a, nc, seed, fq, &nf, inF, cone)))
        goto out;
    /* the combinations that spanned the last FRAME_POOL candidates: most interior candidates are
     * dominated by one of them, which settles them without an LP (a combination is a point of conv(F),
     * cone(F), computed to rounding, as in frame_spanned) */
    size_t npool = 0, next = 0, hint = 0;
    for (size_t j = 0; j < nc; j++) {
        if (inF[j])
            continue;
        int settled = 0;
        if (hint < npool && witness_dominates(pool + hint * nv, a, nc, j, m, s, nv))
            settled = 1;
        for (size_t p = 0; p < npool && !settled; p++)
            if (witness_dominates(pool + p * nv, a, nc, j, m, s, nv))
                settled = 1, hint = p;
        if ((work += npool / 16 + 1) > budget)
            goto out;
        if (settled)
            continue;
        while (!inF[j]) {
            if ((work += nf) > budget)
                goto out; /* *ok = 0: price the skyline */
            for (size_t v = 0; v < nv; v++) {
                double aj = a[v * nc + j];
                if (v >= m && v < m + s)
                    nqpf_lp_set_row_bnd(lp, v, NQPF_LP_LO, aj, 0);
                else
                    nqpf_lp_set_row_bnd(lp, v, NQPF_LP_UP, 0, aj);
            }
            nqpf_lp_status st;
            if ((rc = nqpf_lp_solve(lp, &st)))
                goto out;
            if (st != NQPF_LP_OPTIMAL) {
                /* cannot happen (mu = a seed vertex and theta large is feasible, theta >= -1):
                 * numerical trouble, so take j itself */
                nqpf_lp_reset_basis(lp);
                if ((rc = frame_add(ws, lp, a, nc, j, fq, &nf, inF, cone)))
                    goto out;
                continue;
            }
            double theta = nqpf_lp_obj(lp);
            if (theta <= FRAME_SEP) {
                if (frame_spanned(ws, lp, a, nc, j, fq, nf, cone, pool + next * nv)) {
                    hint = next;
                    next = (next + 1) % FRAME_POOL;
                    npool += npool < FRAME_POOL;
                    break;
                }
                if ((rc = frame_add(ws, lp, a, nc, j, fq, &nf, inF, cone)))
                    goto out;
                continue;
            }
            /* separated: the candidate outside F that maximises h joins F */
            double p0 = cone ? 0 : nqpf_lp_row_dual(lp, nv);
            for (size_t v = 0; v < nv; v++)
                h[v] = nqpf_lp_row_dual(lp, v);
            if ((work += nc) > budget)
                goto out;
            size_t arg = j;
            double hmax = -INFINITY;
            for (size_t q = 0; q < nc; q++) {
                if (inF[q])
                    continue;
                double hq = p0;
                for (size_t v = 0; v < nv; v++)
                    hq += h[v] * a[v * nc + q];
                if (hq > hmax)
                    hmax = hq, arg = q;
            }
            if (!(hmax > 0))
                arg = j; /* the duals disagree with theta: take j itself */
            if ((rc = frame_add(ws, lp, a, nc, arg, fq, &nf, inF, cone)))
                goto out;
        }
    }
    *ok = 1;
out:
    nqpf_lp_free(lp);
    return rc;
}

int nqpf__dea_frame_build(nqpf_dea_ws *ws, int cone)
{
    struct nqpf__dea_frame *F = &ws->frame[cone];
    const struct nqpf__dea_dom *D = &ws->dom[cone];
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb, nc = D->n_nd;
    if (F->version == ws->version && F->in)
        return NQPF_OK;
    F->ok = 0;
    F->nf = 0;
    F->version = ws->version;
    if (ws->frame_work == (size_t)-1 || nc == 0 || nc <= ws->frame_min)
        return NQPF_OK;
    size_t *fq = nqpf__malloc(nc, sizeof *fq);
    unsigned char *inF = calloc(nc, 1);
    double *h = nqpf__malloc(nv + 1, sizeof *h), *pool = nqpf__malloc((size_t)FRAME_POOL * nv, sizeof *pool);
    unsigned char *in = nqpf__realloc(F->in, n, 1);
    if (in)
        F->in = in;
    int rc = NQPF_EINTERNAL, ok = 0;
    /* the LP columns take nv + 1 entries from the scratch arrays */
    if (fq && inF && h && pool && in && ws->cap_scratch >= nv + 2)
        rc = frame_run(ws, D, cone, fq, inF, h, pool, &ok);
    if (!rc && ok) {
        size_t nf = 0;
        for (size_t q = 0; q < nc; q++)
            nf += inF[q];
        size_t *f = nqpf__realloc(F->f, nf ? nf : 1, sizeof *f);
        double *af = f ? nqpf__realloc(F->a_f, (nf ? nf : 1) * nv, sizeof *af) : NULL;
        if (f)
            F->f = f;
        if (af)
            F->a_f = af;
        if (!f || !af) {
            rc = NQPF_EINTERNAL;
        } else {
            /* by increasing DMU index (the skyline's order), so that pricing reads like before */
            memset(F->in, 0, n);
            nf = 0;
            for (size_t q = 0; q < nc; q++)
                if (inF[q])
                    F->f[nf] = D->nd[q], F->in[D->nd[q]] = 1, nf++;
            for (size_t v = 0; v < nv; v++)
                for (size_t t = 0; t < nf; t++)
                    F->a_f[v * nf + t] = ws->a[v * n + F->f[t]];
            F->nf = nf;
            F->ok = 1;
        }
    }
    free(fq);
    free(inF);
    free(h);
    free(pool);
    if (rc) {
        /* no frame: the skyline is priced, which is exact; remember the failure for this version */
        F->ok = 0;
        F->nf = 0;
        return rc == NQPF_EINTERNAL ? NQPF_OK : rc;
    }
    return NQPF_OK;
}
