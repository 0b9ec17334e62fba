/* Column generation for DEA LPs over large reference sets. The DEA LPs (frontier.c) keep the
 * lambdas of a candidate set K of reference DMUs: every DMU for a small reference set, and for a
 * large one (more than ws->cg_min_n DMUs) a set that starts with the evaluated DMU and grows by
 * pricing. After an optimal solve of the restricted LP, every lambda outside K is priced (reduced
 * cost -sum_rows dual * coefficient, since lambdas cost nothing) and the most improving ones enter;
 * when none improves, the restricted optimum is the optimum of the full LP. A restricted LP that is
 * infeasible goes through a first phase that minimises the artificial columns with the same
 * pricing; a positive minimum proves the full LP infeasible. Pricing skips DMUs that another
 * dominates (the dominance filter), and lambdas unused for a while leave K (pruning). The optimal
 * lambdas can be non-zero only on K: they are recorded sparse in the workspace (nqpf__dea_lpk_lambda),
 * so that nothing per evaluated DMU costs O(n). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "../util/util.h"

#define PRICE_BATCH 16   /* lambdas entering per pricing pass */
#define PRICE_TOL 1e-9   /* reduced-cost tolerance (rows are scaled to O(1)) */
#define PHASE1_TOL 1e-8  /* sum of artificials above this: infeasible */
#define PRUNE_AGE 32     /* a lambda not basic in this many solves may leave the candidate set */

void nqpf__dea_ws_set_cg(nqpf_dea_ws *ws, size_t min_n)
{
    ws->cg_min_n = min_n;
    /* rebuild every LP at the next call */
    for (int k = 0; k < NQPF__DEA_NLP; k++)
        ws->k[k].version = 0;
}

void nqpf__dea_ws_set_prune(nqpf_dea_ws *ws, size_t cap) { ws->prune_cap = cap; }

void nqpf__dea_ws_set_dom_work(nqpf_dea_ws *ws, size_t work)
{
    ws->dom_work = work;
    /* rebuild the filters (and the frames over them) at the next pricing pass */
    ws->dom[0].version = ws->dom[1].version = 0;
    ws->frame[0].version = ws->frame[1].version = 0;
}

void nqpf__dea_lpk_free(nqpf__dea_lpk *k)
{
    nqpf_lp_free(k->lp);
    free(k->K);
    free(k->last);
    free(k->pos);
    free(k->obj);
    memset(k, 0, sizeof *k);
}

/* Appends the lambda column of reference DMU j to the LP. */
static int lpk_add(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t j)
{
    size_t nv = ws->m + ws->s + ws->nb;
    int rc;
    if ((rc = nqpf_lp_add_cols(k->lp, 1)))
        return rc;
    size_t q = 0, n = ws->n;
    for (size_t v = 0; v < nv; v++)
        ws->idx[q] = (int)v, ws->val[q++] = ws->a[v * n + j];
    ws->idx[q] = (int)k->rts_row;
    ws->val[q++] = 1.0;
    if ((rc = nqpf_lp_set_col(k->lp, nqpf__dea_lam_base(k) + k->nk, q, ws->idx, ws->val)))
        return rc;
    k->K[k->nk] = j;
    k->last[k->nk] = k->tick;
    k->pos[j] = k->nk++;
    return NQPF_OK;
}

/* Makes sure ws->k[kind] holds the LP of the loaded reference technology with nrows rows and ne own
 * columns. *fresh is set when it was (re)built: the caller then sets up its own columns. */
int nqpf__dea_lpk_prepare(nqpf_dea_ws *ws, int kind, size_t nrows, size_t ne, size_t rts_row, nqpf__dea_lpk **out,
                       int *fresh)
{
    nqpf__dea_lpk *k = &ws->k[kind];
    size_t n = ws->n;
    int rc;
    *out = k;
    *fresh = 0;
    if (k->lp && k->version == ws->version)
        return NQPF_OK;
    size_t shape[4] = {n, ws->m, ws->s, ws->nb};
    if (k->lp && (k->nrows != nrows || k->ne != ne || memcmp(shape, k->shape, sizeof shape) != 0)) {
        nqpf_lp_free(k->lp);
        k->lp = NULL;
    }
    if (!k->lp) {
        /* a new layout: own columns and artificials */
        if ((rc = nqpf_lp_new(&k->lp, nrows, ne + 2 * nrows)))
            return rc;
        double *obj = nqpf__realloc(k->obj, ne ? ne : 1, sizeof *obj);
        if (!obj)
            return NQPF_EINTERNAL;
        k->obj = obj;
        memset(k->obj, 0, (ne ? ne : 1) * sizeof *obj);
        k->ne = ne;
        k->nrows = nrows;
        memcpy(k->shape, shape, sizeof shape);
        for (size_t r = 0; r < nrows; r++) {
            int row = (int)r;
            double plus = 1, minus = -1;
            if ((rc = nqpf_lp_set_col(k->lp, ne + 2 * r, 1, &row, &plus)) ||
                (rc = nqpf_lp_set_col(k->lp, ne + 2 * r + 1, 1, &row, &minus)))
                return rc;
            nqpf_lp_set_col_bnd(k->lp, ne + 2 * r, NQPF_LP_FX, 0, 0);
            nqpf_lp_set_col_bnd(k->lp, ne + 2 * r + 1, NQPF_LP_FX, 0, 0);
        }
        k->nk = 0;
    } else if (k->nk) {
        /* same layout, new data: drop the old lambdas */
        int *cols = nqpf__malloc(k->nk, sizeof *cols);
        if (!cols)
            return NQPF_EINTERNAL;
        for (size_t q = 0; q < k->nk; q++)
            cols[q] = (int)(nqpf__dea_lam_base(k) + q);
        rc = nqpf_lp_del_cols(k->lp, k->nk, cols);
        free(cols);
        if (rc)
            return rc;
        k->nk = 0;
    }
    k->rts_row = rts_row;
    if (n > k->cap_n) {
        size_t *K = nqpf__realloc(k->K, n, sizeof *K), *pos;
        unsigned long *last;
        if (!K)
            return NQPF_EINTERNAL;
        k->K = K;
        if (!(pos = nqpf__realloc(k->pos, n, sizeof *pos)))
            return NQPF_EINTERNAL;
        k->pos = pos;
        if (!(last = nqpf__realloc(k->last, n, sizeof *last)))
            return NQPF_EINTERNAL;
        k->last = last;
        k->cap_n = n;
    }
    if (n > ws->lam_cap) {
        /* the sparse lambdas never outnumber K, hence n: sized here so that recording them cannot fail */
        nqpf__dea_lam *lam = nqpf__realloc(ws->lam, n, sizeof *lam);
        if (!lam)
            return NQPF_EINTERNAL;
        ws->lam = lam;
        ws->lam_cap = n;
    }
    for (size_t j = 0; j < n; j++)
        k->pos[j] = NQPF__DEA_NOEXCL;
    k->full = n <= ws->cg_min_n;
    if (k->full)
        for (size_t j = 0; j < n; j++)
            if ((rc = lpk_add(ws, k, j)))
                return rc;
    nqpf_lp_reset_basis(k->lp);
    k->version = ws->version;
    k->rescale = kind == NQPF__DEA_LP_SBM || kind == NQPF__DEA_LP_SUPERSBM || ws->degenerate;
    *fresh = 1;
    return NQPF_OK;
}

/* Solves, first recomputing GLPK's scale factors where the LP needs it. The rows are scaled to
 * O(1) by the reference data and the distance column is normalised by its largest entry, so the
 * radial, directional and slack LPs are well scaled unless a variable is zero throughout the
 * reference set (its row then holds only the point's own values: a direction far larger than the
 * row's other entries made the unscaled simplex report unbounded). SBM's own columns hold 1/x0 and
 * 1/y0, which can be far from O(1): its LPs are rescaled before every solve. Rescaling is one pass
 * over the LP's coefficients. */
static int lpk_rescale_solve(nqpf__dea_lpk *k, nqpf_lp_status *st)
{
    if (k->rescale)
        nqpf_lp_scale(k->lp);
    return nqpf_lp_solve(k->lp, st);
}

void nqpf__dea_lpk_set_obj(nqpf__dea_lpk *k, size_t col, double c)
{
    k->obj[col] = c;
    nqpf_lp_set_obj(k->lp, col, c);
}

void nqpf__dea_lpk_set_dir(nqpf__dea_lpk *k, int maximize)
{
    k->maximize = maximize;
    nqpf_lp_set_dir(k->lp, maximize ? NQPF_LP_MAX : NQPF_LP_MIN);
}

/* Dominance among the reference DMUs. DMU i dominates j when it uses no more of any input, makes
 * no less of any good output and no more of any bad output. For the LPs whose variable rows have
 * sign-restricted duals (inequality rows, or equality rows with a slack of the right sign: radial
 * and directional distances with strong disposability or bad outputs by the inequality, the
 * max-slack LP without weak disposability, SBM and super-SBM), the reduced cost of lambda_i is
 * then never worse than that of lambda_j, so j need not be priced once i has been (or is in K,
 * where it prices out at an optimum). Under CRS (no returns-to-scale row) the reduced cost is
 * linear in the column, so a scaled DMU alpha * i (alpha > 0) may dominate as well: cone
 * dominance, max_v x_iv / x_jv <= min_r y_ir / y_jr (bad outputs like inputs), which removes most
 * DMUs from pricing. Chains are fine; a chain through the DMU left out by super-efficiency is not,
 * so j whose dominator is the excluded DMU is priced. The first phase (whose duals need not have
 * those signs) prices everything.
 *
 * Built once per reference set, sort-filter-skyline style (Chomicki, Godfrey, Gryz and Liang 2003,
 * "Skyline with presorting", ICDE): DMUs in decreasing order of a score that a dominator never has
 * lower (ties are duplicates, and the first one dominates the others), each compared with every
 * member of the running skyline (the DMUs found non-dominated so far; a dominator of j comes
 * before j, and if it is itself dominated, so is j by its dominator, which is on the skyline). That
 * gives the complete non-dominated set in O(n x |skyline|) pair tests (a strict dominator whose key
 * rounds to j's and whose index is larger comes after j: j then stays on the skyline and is priced,
 * which is slower, never wrong). The skyline can approach n
 * (many variables, anti-correlated data): once DOM_WORK pair tests are spent, the remaining DMUs
 * are compared with the first DOM_CHECK skyline members only, and one not found dominated there is
 * simply priced, so the cap costs speed, never correctness. */
#define DOM_CHECK 256
/* pair tests of the complete filter: about as many as pricing all n DMUs a few thousand times
 * costs multiply-adds, i.e. less than what the filter saves whenever it shrinks the priced set */
#define DOM_WORK(n) ((n) * (size_t)4096 + ((size_t)1 << 26))
typedef struct dom_key {
    double f;
    size_t j;
} dom_key;

static int cmp_dom_key(const void *a, const void *b)
{
    const dom_key *x = a, *y = b;
    if (x->f != y->f)
        return x->f > y->f ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* Does the DMU with data ai dominate the one with data aj (cone: does some alpha * ai with
 * alpha > 0)? ai, aj: the nv scaled values, variable by variable. */
static int dominates(const double *ai, const double *aj, size_t m, size_t s, size_t nv, int cone)
{
    if (!cone) {
        for (size_t v = 0; v < m; v++)
            if (ai[v] > aj[v])
                return 0;
        for (size_t v = m; v < m + s; v++)
            if (ai[v] < aj[v])
                return 0;
        for (size_t v = m + s; v < nv; v++)
            if (ai[v] > aj[v])
                return 0;
        return 1;
    }
    /* alpha ai <= aj for inputs and bad outputs, alpha ai >= aj for good outputs: each bounds
     * alpha from below (lo) or above (hi) */
    double lo = 0, hi = INFINITY;
    for (size_t v = 0; v < nv; v++) {
        double a = ai[v], b = aj[v];
        int good = v >= m && v < m + s;
        if (a == 0) {
            if (good ? b > 0 : b < 0)
                return 0;
            continue;
        }
        double r = b / a;
        /* good: alpha >= r when ai > 0, alpha <= r when ai < 0; inputs the other way round */
        if ((a > 0) == good) {
            if (r > lo)
                lo = r;
        } else if (r < hi) {
            hi = r;
        }
        if (lo > hi)
            return 0;
    }
    return lo <= hi && hi > 0;
}

static int build_dom(nqpf_dea_ws *ws, int cone)
{
    struct nqpf__dea_dom *D = &ws->dom[cone];
    size_t n = ws->n, m = ws->m, s = ws->s, nv = m + s + ws->nb;
    if (D->dom && D->version == ws->version)
        return NQPF_OK;
    size_t *dom = nqpf__realloc(D->dom, n, sizeof *dom);
    if (!dom)
        return NQPF_EINTERNAL;
    D->dom = dom;
    dom_key *key = nqpf__malloc(n, sizeof *key);
    size_t *sky = nqpf__malloc(n, sizeof *sky);
    /* the skyline's data row by row (sky_a[t * nv + v]): a pair test reads contiguous memory */
    double *sky_a = nqpf__malloc(n * nv, sizeof *sky_a), *aj = nqpf__malloc(nv, sizeof *aj);
    if (!key || !sky || !sky_a || !aj) {
        free(key);
        free(sky);
        free(sky_a);
        free(aj);
        return NQPF_EINTERNAL;
    }
    for (size_t j = 0; j < n; j++) {
        /* free disposal: outputs minus inputs; cone: the same per unit of the inputs and bads
         * (a dominator's ratio is never lower) */
        double f = 0, in = 0;
        for (size_t v = 0; v < nv; v++) {
            double a = ws->a[v * n + j];
            if (v >= m && v < m + s)
                f += a;
            else
                in += a;
        }
        key[j].f = cone ? (in > 0 ? f / in : INFINITY) : f - in;
        key[j].j = j;
        dom[j] = NQPF__DEA_NOEXCL;
    }
    qsort(key, n, sizeof *key, cmp_dom_key);
    size_t nsky = 0, work = 0, budget = ws->dom_work ? ws->dom_work : DOM_WORK(n), hint = 0;
    for (size_t q = 0; q < n; q++) {
        size_t j = key[q].j;
        for (size_t v = 0; v < nv; v++)
            aj[v] = ws->a[v * n + j];
        size_t lim = work < budget ? nsky : nsky < DOM_CHECK ? nsky : DOM_CHECK;
        /* the last dominator first: neighbours in the order are often dominated by the same DMU */
        if (hint < lim && dominates(sky_a + hint * nv, aj, m, s, nv, cone)) {
            dom[j] = sky[hint];
        } else {
            for (size_t t = 0; t < lim; t++)
                if (dominates(sky_a + t * nv, aj, m, s, nv, cone)) {
                    dom[j] = sky[t];
                    hint = t;
                    break;
                }
        }
        work += lim;
        if (dom[j] == NQPF__DEA_NOEXCL) {
            memcpy(sky_a + nsky * nv, aj, nv * sizeof *aj);
            sky[nsky++] = j;
        }
    }
    free(key);
    free(sky);
    free(sky_a);
    free(aj);
    /* the DMUs that must be priced, with their data copied contiguously */
    size_t nnd = 0;
    for (size_t j = 0; j < n; j++)
        nnd += dom[j] == NQPF__DEA_NOEXCL;
    size_t *nd = nqpf__realloc(D->nd, nnd ? nnd : 1, sizeof *nd);
    if (!nd)
        return NQPF_EINTERNAL;
    D->nd = nd;
    double *and_ = nqpf__realloc(D->a_nd, (nnd ? nnd : 1) * nv, sizeof *and_);
    if (!and_)
        return NQPF_EINTERNAL;
    D->a_nd = and_;
    nnd = 0;
    for (size_t j = 0; j < n; j++)
        if (dom[j] == NQPF__DEA_NOEXCL)
            nd[nnd++] = j;
    for (size_t v = 0; v < nv; v++)
        for (size_t q = 0; q < nnd; q++)
            and_[v * nnd + q] = ws->a[v * n + nd[q]];
    D->n_nd = nnd;
    D->version = ws->version;
    return NQPF_OK;
}

/* The running list of the most violated columns (largest first). */
typedef struct pricer {
    nqpf_dea_ws *ws;
    const nqpf__dea_lpk *k;
    size_t exclude, nc;
    double tol;
} pricer;

static void offer(pricer *pc, size_t j, double viol)
{
    nqpf_dea_ws *ws = pc->ws;
    if (pc->k->pos[j] != NQPF__DEA_NOEXCL || j == pc->exclude)
        return;
    size_t at;
    if (pc->nc < PRICE_BATCH) {
        at = pc->nc++;
    } else {
        if (viol <= ws->cviol[PRICE_BATCH - 1])
            return;
        at = PRICE_BATCH - 1;
    }
    while (at > 0 && ws->cviol[at - 1] < viol) {
        ws->cviol[at] = ws->cviol[at - 1];
        ws->cand[at] = ws->cand[at - 1];
        at--;
    }
    ws->cviol[at] = viol;
    ws->cand[at] = j;
}

/* Prices the cnt DMUs whose scaled data are a[v * stride + q] (q < cnt); map[q] is the DMU index
 * (NULL: q itself). The violation of lambda_j is its reduced cost -(prts + sum_v pi_v a_vj) (its
 * objective coefficient is 0), signed so that positive improves the objective. Blocks of 256
 * DMUs, one variable at a time: straight multiply-adds over contiguous memory. */
static void price_range(pricer *pc, const double *a, size_t stride, const size_t *map, size_t cnt, const double *wsv,
                        double base)
{
    size_t nv = pc->ws->m + pc->ws->s + pc->ws->nb;
    double tmp[256];
    for (size_t j0 = 0; j0 < cnt; j0 += 256) {
        size_t len = cnt - j0 < 256 ? cnt - j0 : 256;
        for (size_t jj = 0; jj < len; jj++)
            tmp[jj] = base;
        for (size_t v = 0; v < nv; v++) {
            const double *av = a + v * stride + j0;
            double w = wsv[v];
            for (size_t jj = 0; jj < len; jj++)
                tmp[jj] += w * av[jj];
        }
        for (size_t jj = 0; jj < len; jj++)
            if (tmp[jj] > pc->tol)
                offer(pc, map ? map[j0 + jj] : j0 + jj, tmp[jj]);
    }
}

/* Prices the lambdas outside K (and other than exclude) under the current duals and adds the most
 * improving ones; *added receives how many. With use_dom (1: free disposal, 2: cone) only the DMUs
 * that no other dominates are priced (see build_dom), plus those dominated by the excluded DMU. */
static int lpk_price(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t exclude, int maximize, int use_dom, size_t *added)
{
    size_t n = ws->n, nv = ws->m + ws->s + ws->nb;
    double w[64], *wv = nv <= 64 ? w : NULL;
    int rc;
    *added = 0;
    k->npricing++;
    if (use_dom && (rc = build_dom(ws, use_dom == 2)))
        return rc;
    /* the frame (frame.c) spans every DMU, hence stands for all of them in pricing, when it could be
     * built and does not hold the excluded DMU; otherwise the skyline is priced */
    const struct nqpf__dea_frame *F = NULL;
    if (use_dom) {
        if ((rc = nqpf__dea_frame_build(ws, use_dom == 2)))
            return rc;
        F = &ws->frame[use_dom == 2];
        if (!F->ok || (exclude != NQPF__DEA_NOEXCL && F->in[exclude]))
            F = NULL;
    }
    if (!ws->cand) {
        ws->cand = nqpf__malloc(PRICE_BATCH, sizeof *ws->cand);
        ws->cviol = nqpf__malloc(PRICE_BATCH, sizeof *ws->cviol);
        if (!ws->cand || !ws->cviol)
            return NQPF_EINTERNAL;
    }
    if (!wv && !(wv = nqpf__malloc(nv, sizeof *wv)))
        return NQPF_EINTERNAL;
    double sign = maximize ? -1.0 : 1.0, tol = 1.0, prts = nqpf_lp_row_dual(k->lp, k->rts_row);
    for (size_t v = 0; v < nv; v++) {
        double pi = nqpf_lp_row_dual(k->lp, v);
        wv[v] = sign * pi;
        tol += fabs(pi);
    }
    pricer pc = {ws, k, exclude, 0, PRICE_TOL * (tol + fabs(prts))};
    if (!use_dom) {
        price_range(&pc, ws->a, n, NULL, n, wv, sign * prts);
    } else if (F) {
        price_range(&pc, F->a_f, F->nf, F->f, F->nf, wv, sign * prts);
    } else {
        const struct nqpf__dea_dom *D = &ws->dom[use_dom == 2];
        price_range(&pc, D->a_nd, D->n_nd, D->nd, D->n_nd, wv, sign * prts);
        if (exclude != NQPF__DEA_NOEXCL)
            for (size_t j = 0; j < n; j++) {
                if (D->dom[j] != exclude)
                    continue;
                double viol = sign * prts;
                for (size_t v = 0; v < nv; v++)
                    viol += wv[v] * ws->a[v * n + j];
                if (viol > pc.tol)
                    offer(&pc, j, viol);
            }
    }
    if (wv != w)
        free(wv);
    for (size_t q = 0; q < pc.nc; q++)
        if ((rc = lpk_add(ws, k, ws->cand[q])))
            return rc;
    *added = pc.nc;
    return NQPF_OK;
}

/* Phase 1 of column generation: is the full LP feasible? Minimises the artificials over K,
 * pricing lambdas in; *feasible receives the answer. The own objective is restored afterwards. */
static int lpk_phase1(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t exclude, int *feasible, nqpf_lp_status *st)
{
    int rc = NQPF_OK, maximize = k->maximize;
    *feasible = 0;
    for (size_t c = 0; c < k->ne; c++)
        nqpf_lp_set_obj(k->lp, c, 0);
    for (size_t c = k->ne; c < nqpf__dea_lam_base(k); c++) {
        nqpf_lp_set_col_bnd(k->lp, c, NQPF_LP_LO, 0, 0);
        nqpf_lp_set_obj(k->lp, c, 1.0);
    }
    nqpf_lp_set_dir(k->lp, NQPF_LP_MIN);
    for (;;) {
        if ((rc = lpk_rescale_solve(k, st)))
            break;
        if (*st != NQPF_LP_OPTIMAL)
            break;
        if (nqpf_lp_obj(k->lp) <= PHASE1_TOL) {
            *feasible = 1;
            break;
        }
        size_t added;
        if ((rc = lpk_price(ws, k, exclude, 0, 0, &added)))
            break;
        if (!added)
            break;
    }
    for (size_t c = k->ne; c < nqpf__dea_lam_base(k); c++) {
        nqpf_lp_set_col_bnd(k->lp, c, NQPF_LP_FX, 0, 0);
        nqpf_lp_set_obj(k->lp, c, 0);
    }
    for (size_t c = 0; c < k->ne; c++)
        nqpf_lp_set_obj(k->lp, c, k->obj[c]);
    nqpf_lp_set_dir(k->lp, maximize ? NQPF_LP_MAX : NQPF_LP_MIN);
    return rc;
}

/* Records which lambdas are basic after an optimal solve. */
static void lpk_mark(nqpf__dea_lpk *k)
{
    size_t base = nqpf__dea_lam_base(k);
    k->tick++;
    for (size_t q = 0; q < k->nk; q++)
        if (nqpf_lp_col_basic(k->lp, base + q))
            k->last[q] = k->tick;
}

/* Keeps the candidate set small: before a solve, the lambdas that have not been basic in the last
 * PRUNE_AGE solves leave the LP once K exceeds a few times the number of rows (they come back by
 * pricing when needed). A smaller LP makes each simplex call cheaper; the answer does not change.
 * Only non-basic columns are removed, so the basis stays valid. */
static int lpk_prune(const nqpf_dea_ws *ws, nqpf__dea_lpk *k)
{
    size_t base = nqpf__dea_lam_base(k), cap = ws->prune_cap ? ws->prune_cap : 8 * k->nrows + 64;
    if (k->full || k->nk <= cap)
        return NQPF_OK;
    size_t nd = 0;
    for (size_t q = 0; q < k->nk; q++)
        nd += k->last[q] + PRUNE_AGE < k->tick && !nqpf_lp_col_basic(k->lp, base + q);
    if (nd < k->nk / 4)
        return NQPF_OK;
    int *cols = nqpf__malloc(nd, sizeof *cols), rc;
    if (!cols)
        return NQPF_EINTERNAL;
    size_t w = 0, d = 0;
    for (size_t q = 0; q < k->nk; q++) {
        if (k->last[q] + PRUNE_AGE < k->tick && !nqpf_lp_col_basic(k->lp, base + q)) {
            cols[d++] = (int)(base + q);
            k->pos[k->K[q]] = NQPF__DEA_NOEXCL;
            continue;
        }
        k->K[w] = k->K[q];
        k->last[w] = k->last[q];
        k->pos[k->K[w]] = w;
        w++;
    }
    rc = nqpf_lp_del_cols(k->lp, d, cols);
    free(cols);
    k->nk = w;
    return rc;
}

/* Solves the LP with DMU exclude left out; with column generation, to the optimum of the full
 * LP. */
int nqpf__dea_lpk_solve(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t exclude, size_t own, nqpf_lp_status *st)
{
    int rc;
    *st = NQPF_LP_FAILED;
    /* the lambdas of an earlier solve must not pass for this one's */
    ws->lam_ok = 0;
    ws->lam_n = 0;
    if ((rc = lpk_prune(ws, k)))
        return rc;
    /* the evaluated DMU seeds an empty candidate set (it makes the first LP feasible); later points
     * find their peers by pricing, so that K stays near the frame of efficient DMUs */
    if (!k->full && k->nk == 0 && own != NQPF__DEA_NOEXCL && own != exclude && own < ws->n &&
        (rc = lpk_add(ws, k, own)))
        return rc;
    size_t xcol = exclude != NQPF__DEA_NOEXCL && k->pos[exclude] != NQPF__DEA_NOEXCL ? nqpf__dea_lam_base(k) + k->pos[exclude]
                                                                                        : NQPF__DEA_NOEXCL;
    if (xcol != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(k->lp, xcol, NQPF_LP_FX, 0, 0);
    rc = lpk_rescale_solve(k, st);
    if (!rc && !k->full && *st == NQPF_LP_INFEASIBLE) {
        int feasible;
        rc = lpk_phase1(ws, k, exclude, &feasible, st);
        if (!rc && *st == NQPF_LP_OPTIMAL)
            *st = NQPF_LP_INFEASIBLE;
        if (!rc && feasible)
            rc = lpk_rescale_solve(k, st);
    }
    while (!rc && !k->full && *st == NQPF_LP_OPTIMAL) {
        size_t added;
        if ((rc = lpk_price(ws, k, exclude, k->maximize, k->use_dom, &added)) || !added)
            break;
        rc = lpk_rescale_solve(k, st);
    }
    if (!rc && !k->full && *st == NQPF_LP_FAILED) {
        /* numerical trouble on the restricted LP: solve the full one */
        for (size_t j = 0; j < ws->n && !rc; j++)
            if (k->pos[j] == NQPF__DEA_NOEXCL)
                rc = lpk_add(ws, k, j);
        if (!rc) {
            k->full = 1;
            if (exclude != NQPF__DEA_NOEXCL)
                nqpf_lp_set_col_bnd(k->lp, nqpf__dea_lam_base(k) + k->pos[exclude], NQPF_LP_FX, 0, 0);
            nqpf_lp_reset_basis(k->lp);
            rc = lpk_rescale_solve(k, st);
            if (exclude != NQPF__DEA_NOEXCL)
                nqpf_lp_set_col_bnd(k->lp, nqpf__dea_lam_base(k) + k->pos[exclude], NQPF_LP_LO, 0, 0);
        }
    }
    if (exclude != NQPF__DEA_NOEXCL && k->pos[exclude] != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(k->lp, nqpf__dea_lam_base(k) + k->pos[exclude], NQPF_LP_LO, 0, 0);
    if (!rc && !k->full && *st == NQPF_LP_OPTIMAL)
        lpk_mark(k);
    return rc;
}

static int cmp_lam(const void *a, const void *b)
{
    const nqpf__dea_lam *x = a, *y = b;
    return x->j < y->j ? -1 : x->j > y->j;
}

void nqpf__dea_lpk_lambda(nqpf_dea_ws *ws, const nqpf__dea_lpk *k, double div, double *lambda)
{
    size_t cnt = 0;
    if (lambda)
        for (size_t j = 0; j < ws->n; j++)
            lambda[j] = 0;
    for (size_t q = 0; q < k->nk; q++) {
        double l = nqpf_lp_col_value(k->lp, nqpf__dea_lam_base(k) + q) / div;
        l = l < 0 ? 0 : l;
        if (lambda)
            lambda[k->K[q]] = l;
        /* the zeros are left out: adding them to a sum or a peer list changes nothing */
        if (l != 0 && cnt < ws->lam_cap)
            ws->lam[cnt++] = (nqpf__dea_lam){k->K[q], l};
    }
    /* K is in the order of entry; by j it reads like the dense vector */
    qsort(ws->lam, cnt, sizeof *ws->lam, cmp_lam);
    ws->lam_n = cnt;
    ws->lam_ok = 1;
}

int nqpf__dea_ws_lambda(const nqpf_dea_ws *ws, const nqpf__dea_lam **lam, size_t *cnt)
{
    *lam = ws->lam;
    *cnt = ws->lam_ok ? ws->lam_n : 0;
    return ws->lam_ok;
}
