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
 * lambdas of the candidate set K. For large reference sets K grows by column generation: after an
 * optimal solve of the restricted LP, every lambda outside K is priced (reduced cost
 * -sum_rows dual * coefficient, since lambdas cost nothing) and the most improving ones enter;
 * when none improves, the restricted optimum is the optimum of the full LP. A restricted LP that is
 * infeasible goes through a first phase that minimises the artificial columns with the same
 * pricing; a positive minimum proves the full LP infeasible. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dea_internal.h"
#include "../util/util.h"

#define PRICE_BATCH 16   /* lambdas entering per pricing pass */
#define PRICE_TOL 1e-9   /* reduced-cost tolerance (rows are scaled to O(1)) */
#define PHASE1_TOL 1e-8  /* sum of artificials above this: infeasible */
#define PRUNE_AGE 32     /* a lambda not basic in this many solves may leave the candidate set */

int nqpf_dea_ws_new(nqpf_dea_ws **out)
{
    if (!out)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_ws_new: NULL argument");
    *out = nqpf__calloc(1, sizeof **out);
    if (!*out)
        return NQPF_EINTERNAL;
    (*out)->cg_min_n = NQPF__DEA_CG_MIN_N;
    return NQPF_OK;
}

static void lpk_free(nqpf__dea_lpk *k)
{
    nqpf_lp_free(k->lp);
    free(k->K);
    free(k->last);
    free(k->pos);
    free(k->obj);
    memset(k, 0, sizeof *k);
}

void nqpf_dea_ws_free(nqpf_dea_ws *ws)
{
    if (!ws)
        return;
    for (int k = 0; k < NQPF__DEA_NLP; k++)
        lpk_free(&ws->k[k]);
    free(ws->x);
    free(ws->y);
    free(ws->b);
    free(ws->sc);
    free(ws->a);
    for (int c = 0; c < 2; c++) {
        free(ws->dom[c].dom);
        free(ws->dom[c].nd);
        free(ws->dom[c].a_nd);
    }
    free(ws->idx);
    free(ws->val);
    free(ws->cand);
    free(ws->cviol);
    free(ws);
}

void nqpf__dea_ws_set_cg(nqpf_dea_ws *ws, size_t min_n)
{
    ws->cg_min_n = min_n;
    /* rebuild every LP at the next call */
    for (int k = 0; k < NQPF__DEA_NLP; k++)
        ws->k[k].version = 0;
}

void nqpf__dea_ws_set_prune(nqpf_dea_ws *ws, size_t cap) { ws->prune_cap = cap; }

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

/* ---- LPs with a candidate set of lambdas ------------------------------------------------------ */

static size_t lam_base(const nqpf__dea_lpk *k) { return k->ne + 2 * k->nrows; }

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
    if ((rc = nqpf_lp_set_col(k->lp, lam_base(k) + k->nk, q, ws->idx, ws->val)))
        return rc;
    k->K[k->nk] = j;
    k->last[k->nk] = k->tick;
    k->pos[j] = k->nk++;
    return NQPF_OK;
}

/* Makes sure ws->k[kind] holds the LP of the loaded reference technology with nrows rows and ne own
 * columns. *fresh is set when it was (re)built: the caller then sets up its own columns and
 * calls lpk_fresh_done(). */
static int lpk_prepare(nqpf_dea_ws *ws, int kind, size_t nrows, size_t ne, size_t rts_row, nqpf__dea_lpk **out,
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
            cols[q] = (int)(lam_base(k) + q);
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

/* After the caller has set its own columns of a fresh LP. */
static void lpk_fresh_done(nqpf__dea_lpk *k) { (void)k; }

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

static void lpk_set_obj(nqpf__dea_lpk *k, size_t col, double c)
{
    k->obj[col] = c;
    nqpf_lp_set_obj(k->lp, col, c);
}

static void lpk_set_dir(nqpf__dea_lpk *k, int maximize)
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
 * Built once per reference set, sort-filter-skyline style: DMUs in decreasing order of a score that
 * a dominator never has lower (ties are duplicates, and the first one dominates the others), each
 * compared with the first DOM_CHECK members of the running non-dominated list; a DMU not found
 * dominated there is simply priced, so the limit costs speed, never correctness. */
#define DOM_CHECK 256
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

/* Does i dominate j (cone: does some alpha * i with alpha > 0)? */
static int dominates(const nqpf_dea_ws *ws, size_t i, size_t j, int cone)
{
    size_t n = ws->n, m = ws->m, s = ws->s, nv = m + s + ws->nb;
    if (!cone) {
        for (size_t v = 0; v < nv; v++) {
            double ai = ws->a[v * n + i], aj = ws->a[v * n + j];
            if (v >= m && v < m + s ? ai < aj : ai > aj)
                return 0;
        }
        return 1;
    }
    /* alpha ai <= aj for inputs and bad outputs, alpha ai >= aj for good outputs: each bounds
     * alpha from below (lo) or above (hi) */
    double lo = 0, hi = INFINITY;
    for (size_t v = 0; v < nv; v++) {
        double ai = ws->a[v * n + i], aj = ws->a[v * n + j];
        int good = v >= m && v < m + s;
        if (ai == 0) {
            if (good ? aj > 0 : aj < 0)
                return 0;
            continue;
        }
        double r = aj / ai;
        /* good: alpha >= r when ai > 0, alpha <= r when ai < 0; inputs the other way round */
        if ((ai > 0) == good) {
            if (r > lo)
                lo = r;
        } else if (r < hi) {
            hi = r;
        }
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
    size_t *sky = nqpf__malloc(DOM_CHECK, sizeof *sky);
    if (!key || !sky) {
        free(key);
        free(sky);
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
    size_t nsky = 0;
    for (size_t q = 0; q < n; q++) {
        size_t j = key[q].j;
        for (size_t t = 0; t < nsky && dom[j] == NQPF__DEA_NOEXCL; t++)
            if (dominates(ws, sky[t], j, cone))
                dom[j] = sky[t];
        if (dom[j] == NQPF__DEA_NOEXCL && nsky < DOM_CHECK)
            sky[nsky++] = j;
    }
    free(key);
    free(sky);
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
    for (size_t c = k->ne; c < lam_base(k); c++) {
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
    for (size_t c = k->ne; c < lam_base(k); c++) {
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
    size_t base = lam_base(k);
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
    size_t base = lam_base(k), cap = ws->prune_cap ? ws->prune_cap : 8 * k->nrows + 64;
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
static int lpk_solve(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t exclude, size_t own, nqpf_lp_status *st)
{
    int rc;
    *st = NQPF_LP_FAILED;
    if ((rc = lpk_prune(ws, k)))
        return rc;
    /* the evaluated DMU seeds an empty candidate set (it makes the first LP feasible); later points
     * find their peers by pricing, so that K stays near the frame of efficient DMUs */
    if (!k->full && k->nk == 0 && own != NQPF__DEA_NOEXCL && own != exclude && own < ws->n &&
        (rc = lpk_add(ws, k, own)))
        return rc;
    size_t xcol = exclude != NQPF__DEA_NOEXCL && k->pos[exclude] != NQPF__DEA_NOEXCL ? lam_base(k) + k->pos[exclude]
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
                nqpf_lp_set_col_bnd(k->lp, lam_base(k) + k->pos[exclude], NQPF_LP_FX, 0, 0);
            nqpf_lp_reset_basis(k->lp);
            rc = lpk_rescale_solve(k, st);
            if (exclude != NQPF__DEA_NOEXCL)
                nqpf_lp_set_col_bnd(k->lp, lam_base(k) + k->pos[exclude], NQPF_LP_LO, 0, 0);
        }
    }
    if (exclude != NQPF__DEA_NOEXCL && k->pos[exclude] != NQPF__DEA_NOEXCL)
        nqpf_lp_set_col_bnd(k->lp, lam_base(k) + k->pos[exclude], NQPF_LP_LO, 0, 0);
    if (!rc && !k->full && *st == NQPF_LP_OPTIMAL)
        lpk_mark(k);
    return rc;
}

static void lpk_lambda(const nqpf_dea_ws *ws, const nqpf__dea_lpk *k, double div, double *lambda)
{
    if (!lambda)
        return;
    for (size_t j = 0; j < ws->n; j++)
        lambda[j] = 0;
    for (size_t q = 0; q < k->nk; q++) {
        double l = nqpf_lp_col_value(k->lp, lam_base(k) + q) / div;
        lambda[k->K[q]] = l < 0 ? 0 : l;
    }
}

static void fill_nan(double *v, size_t n)
{
    for (size_t k = 0; v && k < n; k++)
        v[k] = NAN;
}

static void set_rts_row(nqpf_lp *lp, size_t row, nqpf_rts rts, double rhs)
{
    switch (rts) {
    case NQPF_RTS_VRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, rhs, rhs);
        break;
    case NQPF_RTS_NIRS:
        nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, rhs);
        break;
    case NQPF_RTS_NDRS:
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
    if ((rc = lpk_prepare(ws, NQPF__DEA_LP_DIST, nv + 1, 1, nv, out, &fresh)))
        return rc;
    if (fresh) {
        nqpf__dea_lpk *k = *out;
        nqpf_lp_set_col_bnd(k->lp, 0, NQPF_LP_FREE, 0, 0);
        lpk_set_obj(k, 0, 1.0);
        /* a representative distance column for the scaling pass */
        for (size_t v = 0; v < nv; v++) {
            ws->idx[v] = (int)v;
            ws->val[v] = 1.0;
        }
        if ((rc = nqpf_lp_set_col(k->lp, 0, nv, ws->idx, ws->val)))
            return rc;
        lpk_fresh_done(k);
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
    lpk_set_obj(k, 0, 1.0 / *c);
    return nqpf_lp_set_col(k->lp, 0, q, ws->idx, ws->val);
}

static int solve_dist(nqpf_dea_ws *ws, nqpf__dea_lpk *k, double c, size_t exclude, size_t own, double *value,
                      nqpf_lp_status *status, double *lambda)
{
    nqpf_lp_status st;
    int rc = lpk_solve(ws, k, exclude, own, &st);
    if (rc)
        return rc;
    *status = st;
    *value = st == NQPF_LP_OPTIMAL ? nqpf_lp_col_value(k->lp, 0) / c : NAN;
    if (st == NQPF_LP_OPTIMAL)
        lpk_lambda(ws, k, 1.0, lambda);
    else
        fill_nan(lambda, ws->n);
    return NQPF_OK;
}

int nqpf__dea_radial_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_rts rts,
                        nqpf_orient orient, int weak_x, int weak_y, size_t exclude, size_t own, double *value,
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
    if (orient == NQPF_ORIENT_IN) {
        for (size_t i = 0; i < m; i++) {
            nqpf_lp_set_row_bnd(lp, i, bx, 0, 0);
            ws->idx[q] = (int)i;
            ws->val[q++] = -x0[i] * ws->sc[i];
        }
        for (size_t r = 0; r < s; r++) {
            double rhs = y0[r] * ws->sc[m + r];
            nqpf_lp_set_row_bnd(lp, m + r, by, rhs, rhs);
        }
        lpk_set_dir(k, 0);
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
        lpk_set_dir(k, 1);
    }
    for (size_t v = m + s; v < nv; v++)
        nqpf_lp_set_row_bnd(lp, v, NQPF_LP_FREE, 0, 0);
    set_rts_row(lp, nv, rts, 1.0);
    double c;
    if ((rc = set_dist_col(ws, k, q, &c)))
        return rc;
    k->use_dom = weak_x || weak_y ? 0 : rts == NQPF_RTS_CRS ? 2 : 1;
    return solve_dist(ws, k, c, exclude, own, value, status, lambda);
}

int nqpf_dea_radial(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_rts rts,
                    nqpf_orient orient, double *value, nqpf_lp_status *status, double *lambda)
{
    return nqpf__dea_radial_ex(ws, ref, x0, y0, rts, orient, 0, 0, NQPF__DEA_NOEXCL, NQPF__DEA_NOEXCL, value, status,
                               lambda);
}

int nqpf__dea_ddf_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *gx, const double *gy, const double *gb, nqpf_rts rts, nqpf_bad_mode bad_mode,
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
        if (bad_mode == NQPF_BAD_INEQ)
            nqpf_lp_set_row_bnd(lp, row, NQPF_LP_UP, 0, rhs);
        else
            nqpf_lp_set_row_bnd(lp, row, NQPF_LP_FX, rhs, rhs);
        ws->idx[q] = (int)row;
        ws->val[q++] = gb[b] * ws->sc[row];
    }
    set_rts_row(lp, nv, rts, 1.0);
    double c;
    if ((rc = set_dist_col(ws, k, q, &c)))
        return rc;
    lpk_set_dir(k, 1);
    k->use_dom = nb && bad_mode != NQPF_BAD_INEQ ? 0 : rts == NQPF_RTS_CRS ? 2 : 1;
    return solve_dist(ws, k, c, exclude, own, beta, status, lambda);
}

int nqpf_dea_ddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                 const double *gx, const double *gy, const double *gb, nqpf_rts rts, nqpf_bad_mode bad_mode,
                 double *beta, nqpf_lp_status *status)
{
    return nqpf__dea_ddf_ex(ws, ref, x0, y0, b0, gx, gy, gb, rts, bad_mode, NQPF__DEA_NOEXCL, NQPF__DEA_NOEXCL, beta,
                            status, NULL);
}

/* ---- Second-stage slacks -----------------------------------------------------------------------
 * Own columns: the slacks (m + s + nb, in scaled units). Rows: nv balances, the RTS row. */

int nqpf__dea_slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *xt, const double *yt, const double *bt,
                     nqpf_rts rts, int weak_x, int weak_y, int bad_slack, size_t exclude, size_t own, double *sx,
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
    if ((rc = lpk_prepare(ws, NQPF__DEA_LP_SLACK, nv + 1, nv, nv, &k, &fresh)))
        return rc;
    nqpf_lp *lp = k->lp;
    if (fresh) {
        for (size_t v = 0; v < nv; v++) {
            int row = (int)v;
            double c = v >= m && v < m + s ? -1.0 : 1.0;
            if ((rc = nqpf_lp_set_col(lp, v, 1, &row, &c)))
                return rc;
            /* maximise the sum of slacks in the data's units: the column holds sc * slack */
            lpk_set_obj(k, v, 1.0 / ws->sc[v]);
        }
        lpk_set_dir(k, 1);
        lpk_fresh_done(k);
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
    set_rts_row(lp, nv, rts, 1.0);
    k->use_dom = weak_x || weak_y || (nb && !bad_slack) ? 0 : rts == NQPF_RTS_CRS ? 2 : 1;
    nqpf_lp_status st;
    if ((rc = lpk_solve(ws, k, exclude, own, &st)))
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
    lpk_lambda(ws, k, 1.0, lambda);
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
 * forms the input terms of the objective. */
int nqpf__dea_sbm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                  nqpf_rts rts, nqpf_orient orient, int super, size_t exclude, size_t own, double *rho,
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
    int use_in = orient != NQPF_ORIENT_OUT, use_out = orient != NQPF_ORIENT_IN;
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
    if ((rc = lpk_prepare(ws, kind, nrows, nv + 1, rtsr, &k, &fresh)))
        return rc;
    nqpf_lp *lp = k->lp;
    if (fresh) {
        nqpf_lp_set_col_bnd(lp, tcol, NQPF_LP_LO, 0, 0);
        lpk_set_dir(k, 0);
        lpk_set_obj(k, tcol, 1.0);
        for (size_t v = 0; v < nv; v++)
            nqpf_lp_set_row_bnd(lp, v, super ? (v >= m && v < m + s ? NQPF_LP_LO : NQPF_LP_UP) : NQPF_LP_FX, 0, 0);
        nqpf_lp_set_row_bnd(lp, nrm, NQPF_LP_FX, 1, 1);
        for (size_t r = 0; super && r < s; r++)
            nqpf_lp_set_row_bnd(lp, nv + 2 + r, NQPF_LP_UP, 0, 0);
    }
    /* objective: t +- (1/m) sum S-_i / x0_i (minus for SBM, plus for super-SBM); the normalisation
     * row is written column by column */
    for (size_t i = 0; i < m; i++)
        lpk_set_obj(k, i, use_in ? (super ? 1.0 : -1.0) / ((double)m * x0[i] * ws->sc[i]) : 0.0);
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
    }
    if (fresh)
        lpk_fresh_done(k);
    /* the RTS row is sum Lambda - t (rel) 0 */
    set_rts_row(lp, rtsr, rts, 0.0);
    k->use_dom = rts == NQPF_RTS_CRS ? 2 : 1;
    nqpf_lp_status st;
    if ((rc = lpk_solve(ws, k, exclude, own, &st)))
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
    lpk_lambda(ws, k, t, lambda);
    return NQPF_OK;
}
