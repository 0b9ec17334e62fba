/* The composite index pipeline: indicators from a framework, imputation, zero-variance screening,
 * normalisation (prepare.c), weights, aggregation level by level up the dimension tree (tree.c),
 * ranks, obstacle degrees (results.c) and the Monte Carlo uncertainty analysis (sensitivity.c).
 * Formulas and sources: docs/index.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

const char *const nqpf_index__norm_names[] = {"minmax", "zscore", "rank", "ratio-mean", "none"};
const char *const nqpf_index__w_names[] = {"entropy", "critic", "cv", "pca", "equal", "ahp", "fixed"};
const char *const nqpf_index__agg_names[] = {"sum", "geometric", "topsis", "topsis-vector", "gra"};
const char *const nqpf_index__impute_names[] = {"none", "linear", "carry", "mean"};

/* ---- weights ---- */

static int one_method(const ctx *c, enum nqpf_index_weighting mth, const double *y, double *w, const wdetail *dt)
{
    size_t n = c->n, m = c->m;
    char wh[512];
    switch (mth) {
    case NQPF_W_ENTROPY:
        for (size_t j = 0; j < m; j++)
            for (size_t i = 0; i < n; i++)
                if (!(y[j * n + i] >= 0))
                    return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s': entropy weights need non-negative "
                                                      "normalised values, found %g (use normalize minmax or a shift)",
                                          nqpf_panel_where(c->p, i, wh, sizeof wh), nqpf_index__ind_id(c, j), y[j * n + i]);
        return nqpf_weights_entropy(w, dt ? dt->q[WD_E] : NULL, dt ? dt->q[WD_D] : NULL, y, n, m);
    case NQPF_W_CRITIC:
        return nqpf_weights_critic(w, dt ? dt->q[WD_SIGMA] : NULL, dt ? dt->q[WD_CONFLICT] : NULL, dt ? dt->q[WD_C] : NULL, NULL, y, n,
                                   m, c->o->critic_spearman);
    case NQPF_W_CV:
        for (size_t j = 0; j < m; j++)
            if (!(nqpf_index__mean(y + j * n, n) > 0))
                return nqpf_error_set(NQPF_EDATA, "indicator '%s': CV weights need a positive mean of the normalised "
                                                  "values (use normalize minmax or ratio-mean)", nqpf_index__ind_id(c, j));
        return nqpf_weights_cv(w, dt ? dt->q[WD_CV] : NULL, y, n, m);
    case NQPF_W_PCA: {
        int rc = nqpf_weights_pca(w, y, n, m);
        if (!rc && dt)
            memcpy(dt->q[WD_PCA], w, m * sizeof *w);
        return rc;
    }
    case NQPF_W_EQUAL:
        for (size_t j = 0; j < m; j++)
            w[j] = 1.0 / (double)m;
        return NQPF_OK;
    case NQPF_W_AHP:
        memcpy(w, c->ahpw, m * sizeof *w);
        if (dt)
            memcpy(dt->q[WD_AHP], w, m * sizeof *w);
        return NQPF_OK;
    case NQPF_W_FIXED: {
        double s = 0;
        for (size_t j = 0; j < m; j++)
            s += c->fixw[j];
        if (!(s > 0))
            return nqpf_error_set(NQPF_EDATA, "%s: the fixed weights sum to zero", nqpf_framework__source(c->fw));
        for (size_t j = 0; j < m; j++)
            w[j] = c->fixw[j] / s;
        return NQPF_OK;
    }
    }
    return nqpf_error_set(NQPF_EINTERNAL, "unknown weighting method");
}

int nqpf_index__weights(const ctx *c, wspec ws, const double *y, double *w, const wdetail *dt)
{
    int rc;
    size_t m = c->m;
    if ((rc = one_method(c, ws.a, y, w, dt)))
        return rc;
    if (ws.comb != NQPF_COMBINE_NONE) {
        double *w2 = nqpf__malloc(m, sizeof *w2), s = 0;
        if (!w2)
            return NQPF_EINTERNAL;
        if ((rc = one_method(c, ws.b, y, w2, dt))) {
            free(w2);
            return rc;
        }
        for (size_t j = 0; j < m; j++) {
            w[j] = ws.comb == NQPF_COMBINE_ARITH ? (w[j] + w2[j]) / 2 : w[j] * w2[j];
            s += w[j];
        }
        free(w2);
        if (!(s > 0))
            return nqpf_error_set(NQPF_EDATA, "the combined weights are all zero");
        for (size_t j = 0; j < m; j++)
            w[j] /= s;
    }
    if (ws.a == NQPF_W_FIXED || (ws.comb != NQPF_COMBINE_NONE && ws.b == NQPF_W_FIXED))
        return NQPF_OK;
    /* Weights typed into the framework stay fixed; computed ones share what is left. */
    double F = 0, rest = 0;
    size_t nf = 0;
    for (size_t j = 0; j < m; j++)
        if (!isnan(c->fixw[j]))
            F += c->fixw[j], nf++;
        else
            rest += w[j];
    if (nf == 0)
        return NQPF_OK;
    if (nf == m) {
        for (size_t j = 0; j < m; j++)
            w[j] = c->fixw[j] / F;
        return NQPF_OK;
    }
    if (F > 1 + 1e-12)
        return nqpf_error_set(NQPF_EDATA, "%s: the fixed weights of %zu indicators sum to %g > 1, leaving nothing for "
                                          "the computed ones", nqpf_framework__source(c->fw), nf, F);
    for (size_t j = 0; j < m; j++)
        w[j] = !isnan(c->fixw[j]) ? c->fixw[j] : (rest > 0 ? (1 - F) * w[j] / rest : 0);
    return NQPF_OK;
}


/* ---- aggregation ---- */

/* Total weight of each node (sum of its indicators' weights). */
static void node_weights(const ctx *c, const double *w, double *W)
{
    for (size_t v = 0; v < c->nnodes; v++)
        W[v] = 0;
    for (size_t j = 0; j < c->m; j++)
        for (size_t v = c->ind_node[j]; v != NQPF_NONE; v = c->nodes[v].parent)
            W[v] += w[j];
}

/* Whether node v is indicator j's node or one of its ancestors. */
static int in_node(const ctx *c, size_t j, size_t v)
{
    for (size_t u = c->ind_node[j]; u != NQPF_NONE; u = c->nodes[u].parent)
        if (u == v)
            return 1;
    return 0;
}

/* Flat TOPSIS: every node's score is one TOPSIS over all the indicators below it, with their global
 * weights renormalised within the node; the root's is the literature's entropy-TOPSIS over all
 * indicators. ideal/anti come from the root's run (the points of each indicator over the pool). */
static int aggregate_flat(ctx *c, enum nqpf_index_agg agg, const double *x, const int *xdir, const double *w,
                          const double *W, double *S, double *ideal, double *anti)
{
    size_t n = c->n;
    double *pi = NULL, *pa = NULL;
    if (ideal && c->ngroups == 1 &&
        (!(pi = nqpf__malloc(c->m + c->nnodes, sizeof *pi)) || !(pa = nqpf__malloc(c->m + c->nnodes, sizeof *pa)))) {
        free(pi);
        return NQPF_EINTERNAL;
    }
    int rc = NQPF_OK;
    for (size_t v = 0; v < c->nnodes && rc == NQPF_OK; v++) {
        double tw = W[v];
        if (!(tw > 0)) {
            for (size_t i = 0; i < n; i++)
                S[v * n + i] = NAN;
            continue;
        }
        for (size_t g = 0; g < c->ngroups; g++) {
            const size_t *obs = c->gobs + c->gstart[g];
            size_t ng = c->gstart[g + 1] - c->gstart[g], k = 0;
            for (size_t j = 0; j < c->m; j++) {
                if (!in_node(c, j, v))
                    continue;
                for (size_t q = 0; q < ng; q++)
                    c->sub[k * ng + q] = x[j * n + obs[q]];
                c->lw[k] = w[j] / tw;
                c->sdir[k] = xdir[j];
                k++;
            }
            if ((rc = nqpf_topsis(c->sub2, v == 0 ? pi : NULL, v == 0 ? pa : NULL, c->sub, c->lw, c->sdir, ng, k,
                                  agg == NQPF_AGG_TOPSIS_VECTOR)))
                break;
            if (v == 0 && pi)
                for (size_t j = 0; j < c->m; j++) {
                    /* Hwang-Yoon's points are on w_j r_j; report them on r_j's scale. */
                    double f = agg == NQPF_AGG_TOPSIS_VECTOR && c->lw[j] > 0 ? 1 / c->lw[j] : 1;
                    ideal[j] = pi[j] * f, anti[j] = pa[j] * f;
                }
            for (size_t q = 0; q < ng; q++)
                S[v * n + obs[q]] = c->sub2[q];
        }
    }
    free(pi);
    free(pa);
    return rc;
}

/* Aggregates every node; S (nnodes x n) receives the scores, S[0..n) the overall score.
 * x/xdir are the indicator columns the aggregator sees. ideal/anti (m) get TOPSIS's points of the
 * indicators when the scope is global. */
int nqpf_index__aggregate(ctx *c, enum nqpf_index_agg agg, const double *x, const int *xdir, const double *w,
                     double *W, double *S, double *ideal, double *anti)
{
    size_t n = c->n;
    node_weights(c, w, W);
    if ((agg == NQPF_AGG_TOPSIS || agg == NQPF_AGG_TOPSIS_VECTOR) && c->o->topsis_scope == NQPF_TOPSIS_FLAT)
        return aggregate_flat(c, agg, x, xdir, w, W, S, ideal, anti);
    double *pi = NULL, *pa = NULL;
    if (ideal && (agg == NQPF_AGG_TOPSIS || agg == NQPF_AGG_TOPSIS_VECTOR) && c->ngroups == 1) {
        if (!(pi = nqpf__malloc(c->m + c->nnodes, sizeof *pi)) || !(pa = nqpf__malloc(c->m + c->nnodes, sizeof *pa))) {
            free(pi);
            return NQPF_EINTERNAL;
        }
    }
    int rc = NQPF_OK;
    for (size_t oi = 0; oi < c->nnodes; oi++) {
        size_t v = c->order[oi], k = 0;
        double tw = W[v];
        /* A dimension whose only member is one sub-dimension is that sub-dimension: aggregating a
         * single column again (TOPSIS, GRA) would only rescale it. */
        size_t nind = 0, nsub = 0, only = 0;
        for (size_t j = 0; j < c->m; j++)
            nind += c->ind_node[j] == v;
        for (size_t u = 1; u < c->nnodes; u++)
            if (c->nodes[u].parent == v)
                nsub++, only = u;
        if (nind == 0 && nsub == 1) {
            memcpy(S + v * n, S + only * n, n * sizeof *S);
            continue;
        }
        if (!(tw > 0)) {
            for (size_t i = 0; i < n; i++)
                S[v * n + i] = NAN;
            continue;
        }
        for (size_t g = 0; g < c->ngroups; g++) {
            const size_t *obs = c->gobs + c->gstart[g];
            size_t ng = c->gstart[g + 1] - c->gstart[g];
            /* The members: indicators directly in this dimension, then its sub-dimensions. */
            k = 0;
            for (size_t j = 0; j < c->m; j++) {
                if (c->ind_node[j] != v)
                    continue;
                for (size_t q = 0; q < ng; q++)
                    c->sub[k * ng + q] = x[j * n + obs[q]];
                c->lw[k] = w[j] / tw;
                c->sdir[k] = xdir[j];
                k++;
            }
            for (size_t u = 1; u < c->nnodes; u++) {
                if (c->nodes[u].parent != v)
                    continue;
                for (size_t q = 0; q < ng; q++)
                    c->sub[k * ng + q] = S[u * n + obs[q]];
                c->lw[k] = W[u] / tw;
                c->sdir[k] = 1;
                k++;
            }
            double *out = c->sub2;
            switch (agg) {
            case NQPF_AGG_SUM:
            case NQPF_AGG_GEOMETRIC:
                for (size_t q = 0; q < ng; q++) {
                    double s = agg == NQPF_AGG_SUM ? 0 : 1;
                    for (size_t a = 0; a < k; a++) {
                        double val = c->sub[a * ng + q];
                        if (agg == NQPF_AGG_SUM)
                            s += c->lw[a] * val;
                        else if (c->lw[a] > 0) {
                            if (!(val > 0)) {
                                char wh[512];
                                rc = nqpf_error_set(NQPF_EDATA, "%s: geometric aggregation of '%s' needs positive "
                                                                "normalised values, found %g (use a positive shift)",
                                                    nqpf_panel_where(c->p, obs[q], wh, sizeof wh),
                                                    v ? c->nodes[v].path : "score", val);
                                goto done;
                            }
                            s *= pow(val, c->lw[a]);
                        }
                    }
                    out[q] = s;
                }
                break;
            case NQPF_AGG_TOPSIS:
            case NQPF_AGG_TOPSIS_VECTOR:
                if ((rc = nqpf_topsis(out, pi, pa, c->sub, c->lw, c->sdir, ng, k, agg == NQPF_AGG_TOPSIS_VECTOR)))
                    goto done;
                if (pi) {
                    size_t a = 0;
                    for (size_t j = 0; j < c->m; j++)
                        if (c->ind_node[j] == v) {
                            /* Hwang-Yoon's points are on w_j r_j; report them on r_j's scale. */
                            double f = agg == NQPF_AGG_TOPSIS_VECTOR && c->lw[a] > 0 ? 1 / c->lw[a] : 1;
                            ideal[j] = pi[a] * f, anti[j] = pa[a] * f, a++;
                        }
                }
                break;
            case NQPF_AGG_GRA:
                if ((rc = nqpf_gra(out, c->sub, c->lw, c->sdir, ng, k, c->o->gra_zeta)))
                    goto done;
                break;
            }
            for (size_t q = 0; q < ng; q++)
                S[v * n + obs[q]] = out[q];
        }
    }
done:
    free(pi);
    free(pa);
    return rc;
}

/* Rank within each year: 1 = highest score; ties share the best rank. */
static int scored_desc(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->v > y->v)
        return -1;
    if (x->v < y->v)
        return 1;
    return (x->i > y->i) - (x->i < y->i);
}

void nqpf_index__year_ranks(const ctx *c, const double *s, double *rank)
{
    scored *buf = (scored *)c->rkbuf;
    for (size_t y = 0; y < c->nyears; y++) {
        const size_t *obs = c->yobs + c->ystart[y];
        size_t ny = c->ystart[y + 1] - c->ystart[y], k = 0;
        for (size_t a = 0; a < ny; a++) {
            if (isnan(s[obs[a]]))
                rank[obs[a]] = NAN;
            else
                buf[k].v = s[obs[a]], buf[k].i = obs[a], k++;
        }
        qsort(buf, k, sizeof *buf, scored_desc);
        for (size_t a = 0; a < k; a++)
            rank[buf[a].i] = (a > 0 && buf[a].v == buf[a - 1].v) ? rank[buf[a - 1].i] : (double)(a + 1);
    }
}


/* ---- the pipeline ---- */

int nqpf_index_compute(nqpf_index_result **out, const nqpf_panel *p, const nqpf_framework *fw,
                       const nqpf_index_options *o)
{
    *out = NULL;
    ctx c;
    memset(&c, 0, sizeof c);
    c.p = p, c.fw = fw, c.o = o, c.n = nqpf_panel_nobs(p);
    size_t nfw = nqpf_framework_count(fw), n = c.n;
    int rc = NQPF_OK;
    double *all = NULL, *y = NULL, *w = NULL, *W = NULL, *S = NULL, *rank = NULL, *dtbuf = NULL;
    int *ydir = NULL;
    nqpf_table *t = NULL;
    wdetail dt;
    nqpf_index_result *res = nqpf__calloc(1, sizeof *res);
    if (!res)
        return NQPF_EINTERNAL;
    res->ahp_cr = NAN;
    choice nom = {o->norm, {o->weights[0], o->combine == NQPF_COMBINE_NONE ? o->weights[0] : o->weights[1], o->combine},
                  o->aggregate};
    int uses_ahp = nom.ws.a == NQPF_W_AHP || (nom.ws.comb && nom.ws.b == NQPF_W_AHP);
    int uses_fixed = nom.ws.a == NQPF_W_FIXED || (nom.ws.comb && nom.ws.b == NQPF_W_FIXED);
    if (n < 2) {
        rc = nqpf_error_set(NQPF_EDATA, "index: %zu observation(s); a composite index needs at least 2", n);
        goto done;
    }
    /* The rules nqpf_index_options_parse() applies, for programs that fill the options themselves. */
    if ((rc = nqpf_index__check_options(o, fw)))
        goto done;
    if ((rc = nqpf_framework_check(fw, p)))
        goto done;
    if (!(all = nqpf__malloc(nfw * n, sizeof *all)) || !(c.fk = nqpf__malloc(nfw, sizeof *c.fk))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_index__eval_indicators(&c, all, nfw)) || (rc = nqpf_index__build_groups(&c)))
        goto done;
    size_t nimp = 0;
    for (size_t k = 0; k < nfw; k++)
        if ((rc = nqpf_index__impute(&c, all + k * n, k, &nimp)))
            goto done;
    if ((rc = nqpf_index__screen(&c, all, res)))
        goto done;
    size_t m = c.m;
    if (!(c.raw = nqpf__malloc(m * n, sizeof *c.raw)) || !(c.dir = nqpf__malloc(m, sizeof *c.dir)) ||
        !(c.fixw = nqpf__malloc(m, sizeof *c.fixw))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t j = 0; j < m; j++) {
        memcpy(c.raw + j * n, all + c.fk[j] * n, n * sizeof *c.raw);
        c.dir[j] = nqpf_framework_direction(fw, c.fk[j]);
        c.fixw[j] = nqpf_framework_weight(fw, c.fk[j]);
    }
    if ((rc = nqpf_index__build_tree(&c)))
        goto done;
    if (uses_ahp && (rc = nqpf_index__load_ahp(&c, res)))
        goto done;

    if (!(y = nqpf__malloc(m * n, sizeof *y)) || !(ydir = nqpf__malloc(m, sizeof *ydir)) ||
        !(w = nqpf__malloc(m, sizeof *w)) || !(W = nqpf__malloc(c.nnodes, sizeof *W)) ||
        !(S = nqpf__malloc(c.nnodes * n, sizeof *S)) || !(rank = nqpf__malloc(n, sizeof *rank)) ||
        !(dtbuf = nqpf__malloc(WDETAIL_N * m, sizeof *dtbuf))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t q = 0; q < WDETAIL_N * m; q++)
        dtbuf[q] = NAN;
    for (int k = 0; k < WDETAIL_N; k++)
        dt.q[k] = dtbuf + (size_t)k * m;
    char wn[64];
    nqpf_index__wspec_name(nom.ws, wn, sizeof wn);
    if ((rc = nqpf_index__normalise(&c, o->norm, o->norm == NQPF_NORM_NONE ? 0.0 : o->shift, y, ydir)) ||
        (rc = nqpf_index__weights(&c, nom.ws, y, w, &dt)))
        goto done;
    {
        size_t nf = 0;
        for (size_t j = 0; j < m; j++)
            nf += !isnan(c.fixw[j]);
        if (nf == m && !uses_fixed)
            nqpf_warn("%s: every indicator has a fixed weight in the framework; the %s weights are not used",
                      nqpf_framework__source(fw), wn);
        else if (nf && !uses_fixed)
            nqpf_warn("%s: %zu of %zu indicators have a fixed weight in the framework; the %s weights share the rest",
                      nqpf_framework__source(fw), nf, m, wn);
    }
    if ((o->aggregate == NQPF_AGG_TOPSIS || o->aggregate == NQPF_AGG_TOPSIS_VECTOR) &&
        o->topsis_scope == NQPF_TOPSIS_HIERARCHICAL)
        nqpf_warn("index: aggregate %s with topsis_scope hierarchical applies TOPSIS at every level of the "
                  "dimension tree, so a region that leads every dimension in a year scores exactly 1; the "
                  "literature's entropy-TOPSIS is one TOPSIS over all indicators: set the option topsis_scope: flat",
                  nqpf_index__agg_names[o->aggregate]);
    if (o->aggregate == NQPF_AGG_TOPSIS_VECTOR)
        rc = nqpf_index__aggregate(&c, o->aggregate, c.raw, c.dir, w, W, S, dt.q[WD_IDEAL], dt.q[WD_ANTI]);
    else
        rc = nqpf_index__aggregate(&c, o->aggregate, y, ydir, w, W, S, dt.q[WD_IDEAL], dt.q[WD_ANTI]);
    if (rc)
        goto done;
    nqpf_index__year_ranks(&c, S, rank);

    if (!(t = nqpf_panel_result_new(p, NULL, 0)) || (rc = nqpf_index__add_col(t, "score", S)))
        goto done;
    for (size_t oi = 0; oi < c.nnodes; oi++) {
        size_t v = c.pre[oi];
        if (v && (rc = nqpf_index__add_col(t, c.nodes[v].path, S + v * n)))
            goto done;
    }
    if ((rc = nqpf_index__add_col(t, "rank", rank)))
        goto done;
    if (o->sensitivity && (rc = nqpf_index__sensitivity(&c, res, &nom, rank, t)))
        goto done;
    if (o->obstacles && (rc = nqpf_index__obstacles(&c, t, w)))
        goto done;
    if ((rc = nqpf_index__weights_table(&c, w, W, &dt, &res->weights)))
        goto done;

    nqpf_index__note(res, "framework", "%s", nqpf_framework__source(fw));
    nqpf_index__note(res, "indicators", "%zu of %zu", m, nfw);
    nqpf_index__note(res, "normalize", "%s", nqpf_index__norm_names[o->norm]);
    nqpf_index__note(res, "scope", "%s", o->scope == NQPF_SCOPE_GLOBAL ? "global" : "period");
    nqpf_index__note(res, "shift", "%g", o->norm == NQPF_NORM_NONE ? 0.0 : o->shift);
    nqpf_index__note(res, "weights", "%s%s%s", wn, uses_ahp ? " from " : "", uses_ahp ? o->ahp_path : "");
    nqpf_index__note(res, "weights_combination", "%s", nom.ws.comb == NQPF_COMBINE_NONE ? "none" :
                                           nom.ws.comb == NQPF_COMBINE_ARITH ? "arithmetic mean" : "multiplicative (normalised product)");
    if (nom.ws.a == NQPF_W_ENTROPY || (nom.ws.comb && nom.ws.b == NQPF_W_ENTROPY))
        nqpf_index__note(res, "entropy_constant", "1/ln(%zu), observations pooled over all years; 0 ln 0 = 0", n);
    if (nom.ws.a == NQPF_W_CRITIC || (nom.ws.comb && nom.ws.b == NQPF_W_CRITIC))
        nqpf_index__note(res, "critic_correlation", "%s; sigma with n - 1", o->critic_spearman ? "spearman" : "pearson");
    nqpf_index__note(res, "aggregate", "%s", nqpf_index__agg_names[o->aggregate]);
    if (o->aggregate == NQPF_AGG_TOPSIS || o->aggregate == NQPF_AGG_TOPSIS_VECTOR)
        nqpf_index__note(res, "topsis_scope", "%s", o->topsis_scope == NQPF_TOPSIS_FLAT ? "flat" : "hierarchical");
    if (o->aggregate == NQPF_AGG_GRA)
        nqpf_index__note(res, "gra_zeta", "%g", o->gra_zeta);
    nqpf_index__note(res, "impute", "%s", nqpf_index__impute_names[o->impute]);
    nqpf_index__note(res, "imputed_cells", "%zu", nimp);
    nqpf_index__note(res, "zero_variance", "%s", o->strict ? "error (strict)" : "drop with a warning");
    nqpf_index__note(res, "obstacles", "%s", o->obstacles ? "yes" : "no");
    res->scores = t;
    t = NULL;
done:
    if (rc) {
        nqpf_index_result_free(res);
        res = NULL;
    }
    *out = res;
    nqpf_table_free(t);
    nqpf_index__ctx_free(&c);
    free(all), free(y), free(ydir), free(w), free(W), free(S), free(rank), free(dtbuf);
    return rc;
}

