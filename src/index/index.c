/* The composite index pipeline: indicators from a framework, imputation, zero-variance screening,
 * normalisation, weights, aggregation level by level up the dimension tree, ranks, obstacle
 * degrees and the Monte Carlo uncertainty analysis. Formulas and sources: docs/index.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "nqpf/expr.h"
#include "nqpf/global.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "../util/util.h"
#include "index_internal.h"

/* A weighting specification: one method or two combined. */
typedef struct wspec {
    enum nqpf_index_weighting a, b;
    enum nqpf_index_combine comb;
} wspec;

/* Quantities behind the weights, kept for --weights-out (NaN where a method was not used). */
enum { WD_E, WD_D, WD_SIGMA, WD_CONFLICT, WD_C, WD_CV, WD_PCA, WD_AHP, WD_IDEAL, WD_ANTI, WDETAIL_N };
typedef struct wdetail {
    double *q[WDETAIL_N];
} wdetail;

typedef struct scored {
    double v;
    size_t i;
} scored;

typedef struct node {
    char *path; /* NULL for the root (the overall score) */
    size_t parent;
    size_t depth;
} node;

typedef struct ctx {
    const nqpf_panel *p;
    const nqpf_framework *fw;
    const nqpf_index_options *o;
    size_t n, m;        /* observations, indicators kept */
    size_t *fk;         /* framework index of kept indicator j */
    int *dir;
    double *raw;        /* m x n, column-major */
    double *fixw;       /* framework weight of kept j (NaN = computed) */
    double *ahpw;       /* AHP weights of the kept indicators, or NULL */
    size_t ngroups, *gstart, *gobs;   /* scope pools */
    size_t nyears, *ystart, *yobs;    /* years, for ranks */
    node *nodes;
    size_t nnodes, *ind_node, *order; /* order: deepest nodes first */
    size_t *pre;                      /* nodes in tree order: parent, then its children */
    double *sub, *sub2, *lw;          /* scratch: n x (m + nnodes), its output, weights */
    int *sdir;
    void *rkbuf;                      /* n scored entries for year_ranks */
} ctx;

struct nqpf_index_result {
    nqpf_table *scores, *weights, *factors;
    double ahp_cr;
    char **keys, **vals;
    size_t nnotes;
};

static const char *const norm_names[] = {"minmax", "zscore", "rank", "ratio-mean", "none"};
static const char *const w_names[] = {"entropy", "critic", "cv", "pca", "equal", "ahp", "fixed"};
static const char *const agg_names[] = {"sum", "geometric", "topsis", "topsis-vector", "gra"};
static const char *const impute_names[] = {"none", "linear", "carry", "mean"};

/* ---- result notes (the provenance of every choice) ---- */

static int note(nqpf_index_result *r, const char *key, const char *fmt, ...) NQPF_PRINTF(3, 4);
static int note(nqpf_index_result *r, const char *key, const char *fmt, ...)
{
    char v[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    for (size_t k = 0; k < r->nnotes; k++)
        if (strcmp(r->keys[k], key) == 0) {
            char *nv = nqpf__strdup(v);
            if (!nv)
                return NQPF_EINTERNAL;
            free(r->vals[k]);
            r->vals[k] = nv;
            return NQPF_OK;
        }
    char **nk = nqpf__realloc(r->keys, r->nnotes + 1, sizeof *nk);
    if (!nk)
        return NQPF_EINTERNAL;
    r->keys = nk;
    char **nv = nqpf__realloc(r->vals, r->nnotes + 1, sizeof *nv);
    if (!nv)
        return NQPF_EINTERNAL;
    r->vals = nv;
    r->keys[r->nnotes] = nqpf__strdup(key);
    r->vals[r->nnotes] = nqpf__strdup(v);
    if (!r->keys[r->nnotes] || !r->vals[r->nnotes]) {
        free(r->keys[r->nnotes]);
        free(r->vals[r->nnotes]);
        return NQPF_EINTERNAL;
    }
    r->nnotes++;
    return NQPF_OK;
}

void nqpf_index_result_free(nqpf_index_result *r)
{
    if (!r)
        return;
    nqpf_table_free(r->scores);
    nqpf_table_free(r->weights);
    nqpf_table_free(r->factors);
    for (size_t k = 0; k < r->nnotes; k++)
        free(r->keys[k]), free(r->vals[k]);
    free(r->keys);
    free(r->vals);
    free(r);
}

const nqpf_table *nqpf_index_result_scores(const nqpf_index_result *r) { return r->scores; }
const nqpf_table *nqpf_index_result_weights(const nqpf_index_result *r) { return r->weights; }
const nqpf_table *nqpf_index_result_factors(const nqpf_index_result *r) { return r->factors; }
double nqpf_index_result_ahp_cr(const nqpf_index_result *r) { return r->ahp_cr; }
size_t nqpf_index_result_nnotes(const nqpf_index_result *r) { return r->nnotes; }
const char *nqpf_index_result_note_key(const nqpf_index_result *r, size_t k) { return r->keys[k]; }
const char *nqpf_index_result_note_value(const nqpf_index_result *r, size_t k) { return r->vals[k]; }

/* ---- context ---- */

static const char *ind_id(const ctx *c, size_t j) { return nqpf_framework_field(c->fw, c->fk[j], "id"); }

static void ctx_free(ctx *c)
{
    free(c->fk);
    free(c->dir);
    free(c->raw);
    free(c->fixw);
    free(c->ahpw);
    free(c->gstart);
    free(c->gobs);
    free(c->ystart);
    free(c->yobs);
    for (size_t v = 0; v < c->nnodes; v++)
        free(c->nodes[v].path);
    free(c->nodes);
    free(c->ind_node);
    free(c->order);
    free(c->pre);
    free(c->sub);
    free(c->sub2);
    free(c->lw);
    free(c->sdir);
    free(c->rkbuf);
}

/* Groups observations by year (ystart/yobs), and by scope pool. */
static int build_groups(ctx *c)
{
    size_t nt;
    const long *times = nqpf_panel_times(c->p, &nt);
    c->nyears = nt;
    if (!(c->ystart = nqpf__calloc(nt + 1, sizeof *c->ystart)) || !(c->yobs = nqpf__malloc(c->n, sizeof *c->yobs)))
        return NQPF_EINTERNAL;
    size_t *ti = nqpf__malloc(c->n ? c->n : 1, sizeof *ti);
    if (!ti)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < c->n; i++) {
        long t = nqpf_panel_time(c->p, i);
        size_t lo = 0, hi = nt;
        while (lo + 1 < hi) {
            size_t mid = (lo + hi) / 2;
            if (times[mid] <= t)
                lo = mid;
            else
                hi = mid;
        }
        ti[i] = lo;
        c->ystart[lo + 1]++;
    }
    for (size_t k = 0; k < nt; k++)
        c->ystart[k + 1] += c->ystart[k];
    size_t *fill = nqpf__calloc(nt ? nt : 1, sizeof *fill);
    if (!fill) {
        free(ti);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < c->n; i++)
        c->yobs[c->ystart[ti[i]] + fill[ti[i]]++] = i;
    free(fill);
    free(ti);
    if (c->o->scope == NQPF_SCOPE_PERIOD) {
        c->ngroups = nt;
        if (!(c->gstart = nqpf__malloc(nt + 1, sizeof *c->gstart)) || !(c->gobs = nqpf__malloc(c->n, sizeof *c->gobs)))
            return NQPF_EINTERNAL;
        memcpy(c->gstart, c->ystart, (nt + 1) * sizeof *c->gstart);
        memcpy(c->gobs, c->yobs, c->n * sizeof *c->gobs);
        for (size_t g = 0; g < nt; g++)
            if (c->gstart[g + 1] - c->gstart[g] < 2)
                return nqpf_error_set(NQPF_EDATA, "--scope period needs at least 2 units in every year; %ld has %zu",
                                      times[g], c->gstart[g + 1] - c->gstart[g]);
    } else {
        c->ngroups = 1;
        if (!(c->gstart = nqpf__malloc(2, sizeof *c->gstart)) || !(c->gobs = nqpf__malloc(c->n, sizeof *c->gobs)))
            return NQPF_EINTERNAL;
        c->gstart[0] = 0;
        c->gstart[1] = c->n;
        for (size_t i = 0; i < c->n; i++)
            c->gobs[i] = i;
    }
    return NQPF_OK;
}

/* Evaluates every indicator into all (framework order, nfw x n). */
static int eval_indicators(ctx *c, double *all, size_t nfw)
{
    const nqpf_table *t = nqpf_panel_table(c->p);
    for (size_t k = 0; k < nfw; k++) {
        const char *col = nqpf_framework_field(c->fw, k, "column");
        double *dst = all + k * c->n;
        int rc;
        if (nqpf_table_find(t, col) != NQPF_NONE) {
            const double *v;
            if ((rc = nqpf_panel_column(c->p, col, &v)))
                return rc;
            memcpy(dst, v, c->n * sizeof *dst);
        } else {
            nqpf_expr *e = NULL;
            if ((rc = nqpf_expr_parse(&e, col)))
                return rc;
            rc = nqpf_expr_eval(e, c->p, dst);
            nqpf_expr_free(e);
            if (rc)
                return rc;
        }
    }
    return NQPF_OK;
}

/* Fills the missing values of one indicator (series x, framework index k) or refuses them. */
static int impute(ctx *c, double *x, size_t k, size_t *nimputed)
{
    const char *id = nqpf_framework_field(c->fw, k, "id"), *col = nqpf_framework_field(c->fw, k, "column");
    char w[512], b[40];
    for (size_t i = 0; i < c->n; i++)
        if (isinf(x[i]))
            return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s' (column '%s'): expected a finite number, found %s",
                                  nqpf_panel_where(c->p, i, w, sizeof w), id, col, x[i] > 0 ? "inf" : "-inf");
    for (size_t u = 0; u < nqpf_panel_nunits(c->p); u++) {
        size_t a = nqpf_panel_unit_begin(c->p, u), e = nqpf_panel_unit_end(c->p, u), nobs = 0;
        double sum = 0;
        for (size_t i = a; i < e; i++)
            if (!isnan(x[i]))
                nobs++, sum += x[i];
        if (nobs == e - a)
            continue;
        size_t first = a;
        while (first < e && !isnan(x[first]))
            first++;
        if (c->o->impute == NQPF_IMPUTE_NONE)
            return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s' (column '%s'): missing value; use --impute "
                                              "linear|carry|mean to fill it", nqpf_panel_where(c->p, first, w, sizeof w),
                                  id, col);
        if (nobs == 0)
            return nqpf_error_set(NQPF_EDATA, "indicator '%s' (column '%s') is missing in every year of unit '%s'; "
                                              "nothing to impute from", id, col, nqpf_panel_unit_name(c->p, u));
        for (size_t i = a; i < e; i++) {
            if (!isnan(x[i]))
                continue;
            size_t lo = NQPF_NONE, hi = NQPF_NONE;
            for (size_t q = i; q-- > a;)
                if (!isnan(x[q])) {
                    lo = q;
                    break;
                }
            for (size_t q = i + 1; q < e; q++)
                if (!isnan(x[q])) {
                    hi = q;
                    break;
                }
            double v;
            if (c->o->impute == NQPF_IMPUTE_MEAN)
                v = sum / (double)nobs;
            else if (c->o->impute == NQPF_IMPUTE_CARRY)
                v = lo != NQPF_NONE ? x[lo] : x[hi];
            else if (lo != NQPF_NONE && hi != NQPF_NONE) {
                double t0 = (double)nqpf_panel_time(c->p, lo), t1 = (double)nqpf_panel_time(c->p, hi),
                       t = (double)nqpf_panel_time(c->p, i);
                v = x[lo] + (x[hi] - x[lo]) * (t - t0) / (t1 - t0);
            } else
                v = lo != NQPF_NONE ? x[lo] : x[hi];
            /* A filled cell may serve as lo for the next gap cell; it lies on the same line (or
             * equals the carried value), so the result is as if only observed cells were used. */
            x[i] = v;
            (*nimputed)++;
            nqpf_warn("%s, indicator '%s' (column '%s'): missing, imputed %s (%s)",
                      nqpf_panel_where(c->p, i, w, sizeof w), id, col, nqpf_format_double(v, b, sizeof b),
                      impute_names[c->o->impute]);
        }
    }
    return NQPF_OK;
}

/* Builds the dimension tree from the kept indicators' paths. */
static int add_node(ctx *c, const char *path, size_t len, size_t *out)
{
    for (size_t v = 1; v < c->nnodes; v++)
        if (strlen(c->nodes[v].path) == len && strncmp(c->nodes[v].path, path, len) == 0) {
            *out = v;
            return NQPF_OK;
        }
    node *nn = nqpf__realloc(c->nodes, c->nnodes + 1, sizeof *nn);
    if (!nn)
        return NQPF_EINTERNAL;
    c->nodes = nn;
    node *d = &c->nodes[c->nnodes];
    if (!(d->path = nqpf__strndup(path, len)))
        return NQPF_EINTERNAL;
    const char *slash = NULL;
    for (size_t q = 0; q < len; q++)
        if (path[q] == '/')
            slash = path + q;
    size_t v = c->nnodes++;
    d->depth = 1;
    for (size_t q = 0; q < len; q++)
        d->depth += path[q] == '/';
    if (slash) {
        size_t par;
        int rc = add_node(c, path, (size_t)(slash - path), &par);
        if (rc)
            return rc;
        c->nodes[v].parent = par;
    } else
        c->nodes[v].parent = 0;
    *out = v;
    return NQPF_OK;
}

static void preorder(ctx *c, size_t v, size_t *k)
{
    c->pre[(*k)++] = v;
    for (size_t u = 1; u < c->nnodes; u++)
        if (c->nodes[u].parent == v)
            preorder(c, u, k);
}

static int build_tree(ctx *c)
{
    if (!(c->nodes = nqpf__calloc(1, sizeof *c->nodes)))
        return NQPF_EINTERNAL;
    c->nnodes = 1;
    c->nodes[0].path = NULL;
    c->nodes[0].parent = NQPF_NONE;
    c->nodes[0].depth = 0;
    if (!(c->ind_node = nqpf__malloc(c->m, sizeof *c->ind_node)))
        return NQPF_EINTERNAL;
    for (size_t j = 0; j < c->m; j++) {
        const char *path = nqpf_framework_field(c->fw, c->fk[j], "path");
        int rc = add_node(c, path, strlen(path), &c->ind_node[j]);
        if (rc)
            return rc;
    }
    /* Dimensions whose every indicator was dropped would be silently empty: say so. */
    for (size_t k = 0; k < nqpf_framework_count(c->fw); k++) {
        const char *path = nqpf_framework_field(c->fw, k, "path");
        int found = 0;
        for (size_t v = 1; v < c->nnodes && !found; v++)
            found = strcmp(c->nodes[v].path, path) == 0;
        if (!found)
            return nqpf_error_set(NQPF_EDATA, "%s: dimension '%s' has no indicators left after dropping the "
                                              "zero-variance ones", nqpf_framework__source(c->fw), path);
    }
    if (!(c->order = nqpf__malloc(c->nnodes, sizeof *c->order)))
        return NQPF_EINTERNAL;
    size_t maxd = 0, k = 0;
    for (size_t v = 0; v < c->nnodes; v++)
        maxd = c->nodes[v].depth > maxd ? c->nodes[v].depth : maxd;
    for (size_t d = maxd + 1; d-- > 0;)
        for (size_t v = 0; v < c->nnodes; v++)
            if (c->nodes[v].depth == d)
                c->order[k++] = v;
    if (!(c->pre = nqpf__malloc(c->nnodes, sizeof *c->pre)))
        return NQPF_EINTERNAL;
    k = 0;
    preorder(c, 0, &k);
    size_t cap = c->n * (c->m + c->nnodes);
    if (!(c->sub = nqpf__malloc(cap ? cap : 1, sizeof *c->sub)) || !(c->sub2 = nqpf__malloc(c->n ? c->n : 1, sizeof *c->sub2)) ||
        !(c->lw = nqpf__malloc(c->m + c->nnodes, sizeof *c->lw)) || !(c->sdir = nqpf__malloc(c->m + c->nnodes, sizeof *c->sdir)) ||
        !(c->rkbuf = nqpf__malloc(c->n ? c->n : 1, sizeof(scored))))
        return NQPF_EINTERNAL;
    return NQPF_OK;
}

/* ---- normalisation ---- */

static int normalise(const ctx *c, enum nqpf_index_norm norm, double shift, double *y, int *ydir)
{
    double *tmp = c->sub, *rk_ = c->sub2;
    char w[512];
    for (size_t j = 0; j < c->m; j++) {
        ydir[j] = norm == NQPF_NORM_NONE ? c->dir[j] : 1;
        const double *x = c->raw + j * c->n;
        for (size_t g = 0; g < c->ngroups; g++) {
            const size_t *obs = c->gobs + c->gstart[g];
            size_t ng = c->gstart[g + 1] - c->gstart[g];
            double mn = INFINITY, mx = -INFINITY, sum = 0;
            for (size_t q = 0; q < ng; q++) {
                double v = x[obs[q]];
                mn = fmin(mn, v), mx = fmax(mx, v), sum += v;
                tmp[q] = v;
            }
            double mu = sum / (double)ng;
            if (norm == NQPF_NORM_RANK) {
                for (size_t q = 0; q < ng; q++)
                    tmp[q] *= c->dir[j];
                int rc = nqpf_index__avg_rank(rk_, tmp, ng);
                if (rc)
                    return rc;
            }
            double sd = norm == NQPF_NORM_ZSCORE ? nqpf_index__sd(tmp, ng) : 0;
            for (size_t q = 0; q < ng; q++) {
                double v = x[obs[q]], r;
                switch (norm) {
                case NQPF_NORM_MINMAX:
                    r = (c->dir[j] > 0 ? v - mn : mx - v) / (mx - mn) + shift;
                    break;
                case NQPF_NORM_ZSCORE:
                    r = c->dir[j] * (v - mu) / sd + shift;
                    break;
                case NQPF_NORM_RANK:
                    r = rk_[q] + shift;
                    break;
                case NQPF_NORM_RATIO_MEAN:
                    if (!(v > 0))
                        return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s': --normalize ratio-mean needs positive "
                                                          "values, found %g", nqpf_panel_where(c->p, obs[q], w, sizeof w),
                                              ind_id(c, j), v);
                    r = (c->dir[j] > 0 ? v / mu : mu / v) + shift;
                    break;
                default:
                    r = v;
                }
                y[j * c->n + obs[q]] = r;
            }
        }
    }
    return NQPF_OK;
}

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
                                                      "normalised values, found %g (use --normalize minmax or a --shift)",
                                          nqpf_panel_where(c->p, i, wh, sizeof wh), ind_id(c, j), y[j * n + i]);
        return nqpf_weights_entropy(w, dt ? dt->q[WD_E] : NULL, dt ? dt->q[WD_D] : NULL, y, n, m);
    case NQPF_W_CRITIC:
        return nqpf_weights_critic(w, dt ? dt->q[WD_SIGMA] : NULL, dt ? dt->q[WD_CONFLICT] : NULL, dt ? dt->q[WD_C] : NULL, NULL, y, n,
                                   m, c->o->critic_spearman);
    case NQPF_W_CV:
        for (size_t j = 0; j < m; j++)
            if (!(nqpf_index__mean(y + j * n, n) > 0))
                return nqpf_error_set(NQPF_EDATA, "indicator '%s': CV weights need a positive mean of the normalised "
                                                  "values (use --normalize minmax or ratio-mean)", ind_id(c, j));
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

static int compute_weights(const ctx *c, wspec ws, const double *y, double *w, const wdetail *dt)
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

/* Aggregates every node; S (nnodes x n) receives the scores, S[0..n) the overall score.
 * x/xdir are the indicator columns the aggregator sees. ideal/anti (m) get TOPSIS's points of the
 * indicators when the scope is global. */
static int aggregate(ctx *c, enum nqpf_index_agg agg, const double *x, const int *xdir, const double *w,
                     double *W, double *S, double *ideal, double *anti)
{
    size_t n = c->n;
    node_weights(c, w, W);
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
                                                                "normalised values, found %g (use --shift)",
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

static void year_ranks(const ctx *c, const double *s, double *rank)
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

/* One full run of the choices after the raw data: normalise, weigh, aggregate. */
typedef struct choice {
    enum nqpf_index_norm norm;
    wspec ws;
    enum nqpf_index_agg agg;
} choice;

/* ---- AHP file ---- */

static int parse_ratio(const char *s, double *v)
{
    const char *sl = strchr(s, '/');
    if (!sl)
        return nqpf_parse_double(s, v);
    char a[64];
    size_t l = (size_t)(sl - s);
    if (l >= sizeof a)
        return 0;
    memcpy(a, s, l);
    a[l] = 0;
    double x, y;
    if (!nqpf_parse_double(a, &x) || !nqpf_parse_double(sl + 1, &y) || !(y != 0))
        return 0;
    *v = x / y;
    return 1;
}

/* The member (indicator or direct sub-dimension) of node v named s, as an index into the list
 * built by ahp_members, or NQPF_NONE. */
static size_t ahp_members(const ctx *c, size_t v, const char **names, size_t *ind, size_t *sub)
{
    size_t k = 0;
    for (size_t j = 0; j < c->m; j++)
        if (c->ind_node[j] == v)
            names[k] = ind_id(c, j), ind[k] = j, sub[k] = NQPF_NONE, k++;
    for (size_t u = 1; u < c->nnodes; u++)
        if (c->nodes[u].parent == v)
            names[k] = c->nodes[u].path, ind[k] = NQPF_NONE, sub[k] = u, k++;
    return k;
}

/* Hierarchical AHP from a long table `dimension,a,b,value` ("within dimension, a is value times as
 * important as b"; an empty dimension is the top level): one judgement matrix per dimension, local
 * weights multiplied down the tree. A dimension without judgements gets equal local weights. */
static int load_ahp_tree(ctx *c, nqpf_index_result *res, const nqpf_table *t)
{
    const char *src = c->o->ahp_path;
    size_t nr = nqpf_table_nrows(t), cap = c->m + c->nnodes, cd = nqpf_table_find(t, "dimension"),
           ca = nqpf_table_find(t, "a"), cb = nqpf_table_find(t, "b"), cv = nqpf_table_find(t, "value");
    int rc = NQPF_OK;
    const char **names = nqpf__malloc(cap, sizeof *names);
    size_t *ind = nqpf__malloc(cap, sizeof *ind), *sub = nqpf__malloc(cap, sizeof *sub);
    double *A = nqpf__malloc(cap * cap, sizeof *A), *lw = nqpf__malloc(cap, sizeof *lw),
           *nodew = nqpf__malloc(c->nnodes, sizeof *nodew);
    int *used = nqpf__calloc(nr ? nr : 1, sizeof *used);
    char b1[256], b2[256], b3[256], b4[64];
    double maxcr = 0;
    if (!names || !ind || !sub || !A || !lw || !nodew || !used || !(c->ahpw = nqpf__malloc(c->m, sizeof *c->ahpw))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    nodew[0] = 1;
    /* Parents before children: the reverse of the deepest-first order. */
    for (size_t oi = c->nnodes; oi-- > 0;) {
        size_t v = c->order[oi], k = ahp_members(c, v, names, ind, sub), nrows = 0;
        const char *vp = v ? c->nodes[v].path : "";
        for (size_t q = 0; q < k * k; q++)
            A[q] = q % (k + 1) == 0 ? 1.0 : NAN;
        for (size_t r = 0; r < nr; r++) {
            if (strcmp(nqpf_table_cell_str(t, cd, r, b1, sizeof b1), vp) != 0)
                continue;
            used[r] = 1;
            nrows++;
            const char *na = nqpf_table_cell_str(t, ca, r, b2, sizeof b2), *nb = nqpf_table_cell_str(t, cb, r, b3, sizeof b3);
            size_t ia = NQPF_NONE, ib = NQPF_NONE;
            for (size_t q = 0; q < k; q++) {
                if (strcmp(names[q], na) == 0)
                    ia = q;
                if (strcmp(names[q], nb) == 0)
                    ib = q;
            }
            double val;
            if (ia == NQPF_NONE || ib == NQPF_NONE || ia == ib) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: '%s' and '%s' are not two members of dimension '%s'",
                                    src, nqpf_table_src_row(t, r), na, nb, v ? vp : "(top level)");
                goto done;
            }
            if (!parse_ratio(nqpf_table_cell_str(t, cv, r, b4, sizeof b4), &val) || !(val > 0)) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'value': expected a positive number or ratio, "
                                                "found '%s'", src, nqpf_table_src_row(t, r), b4);
                goto done;
            }
            A[ia * k + ib] = val;
            A[ib * k + ia] = 1 / val;
        }
        if (nrows == 0 || k == 1) {
            for (size_t q = 0; q < k; q++)
                lw[q] = 1.0 / (double)k;
            if (k > 1) {
                char key[300];
                snprintf(key, sizeof key, "ahp_local_weights_%s", v ? vp : "top");
                note(res, key, "equal (no judgements in %s)", src);
            }
        } else {
            for (size_t a = 0; a < k; a++)
                for (size_t b = 0; b < k; b++)
                    if (isnan(A[a * k + b])) {
                        rc = nqpf_error_set(NQPF_EDATA, "%s: dimension '%s' lacks the comparison of '%s' and '%s'",
                                            src, v ? vp : "(top level)", names[a], names[b]);
                        goto done;
                    }
            double lam, cr;
            if ((rc = nqpf_weights_ahp(lw, &lam, &cr, A, k))) {
                snprintf(b1, sizeof b1, "%s", nqpf_error_message());
                rc = nqpf_error_set(rc, "%s: dimension '%s': %s", src, v ? vp : "(top level)", b1);
                goto done;
            }
            char key[300];
            snprintf(key, sizeof key, "ahp_consistency_ratio_%s", v ? vp : "top");
            note(res, key, "%.10g (lambda_max %.10g)", cr, lam);
            if (cr > 0.1 && !c->o->force) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: dimension '%s': AHP consistency ratio %.4f > 0.1 (lambda_max %.4f); "
                                                "revise the judgements or accept them with --force", src,
                                    v ? vp : "(top level)", cr, lam);
                goto done;
            }
            if (cr > 0.1)
                nqpf_warn("%s: dimension '%s': AHP consistency ratio %.4f > 0.1 accepted with --force", src,
                          v ? vp : "(top level)", cr);
            maxcr = fmax(maxcr, cr);
        }
        for (size_t q = 0; q < k; q++) {
            if (ind[q] != NQPF_NONE)
                c->ahpw[ind[q]] = nodew[v] * lw[q];
            else
                nodew[sub[q]] = nodew[v] * lw[q];
        }
    }
    for (size_t r = 0; r < nr; r++)
        if (!used[r]) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: '%s' is not a dimension of the framework (empty = top level)",
                                src, nqpf_table_src_row(t, r), nqpf_table_cell_str(t, cd, r, b1, sizeof b1));
            goto done;
        }
    res->ahp_cr = maxcr;
    note(res, "ahp_consistency_ratio", "%.10g (largest over dimensions)", maxcr);
done:
    free(names), free(ind), free(sub), free(A), free(lw), free(nodew), free(used);
    return rc;
}

static int load_ahp(ctx *c, nqpf_index_result *res)
{
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, c->o->ahp_path, NULL);
    if (rc)
        return rc;
    if (nqpf_table_find(t, "dimension") != NQPF_NONE && nqpf_table_find(t, "a") != NQPF_NONE &&
        nqpf_table_find(t, "b") != NQPF_NONE && nqpf_table_find(t, "value") != NQPF_NONE) {
        rc = load_ahp_tree(c, res, t);
        nqpf_table_free(t);
        return rc;
    }
    size_t nfw = nqpf_framework_count(c->fw), nr = nqpf_table_nrows(t);
    double *a = NULL, *wa = NULL;
    size_t *map = NULL;
    const char *src = c->o->ahp_path;
    char buf[128];
    if (nqpf_table_ncols(t) != nr + 1 || nr != nfw) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: expected a %zu x %zu pairwise-comparison matrix (a label column and one "
                                        "column per indicator id), found %zu rows and %zu columns", src, nfw, nfw, nr,
                            nqpf_table_ncols(t));
        goto done;
    }
    if (!(a = nqpf__malloc(nfw * nfw, sizeof *a)) || !(wa = nqpf__malloc(nfw, sizeof *wa)) ||
        !(map = nqpf__malloc(nfw, sizeof *map))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* map[r] = framework index of matrix row/column r; rows and columns must list the same ids. */
    for (size_t r = 0; r < nr; r++) {
        const char *id = nqpf_table_cell_str(t, 0, r, buf, sizeof buf);
        map[r] = NQPF_NONE;
        for (size_t k = 0; k < nfw; k++)
            if (strcmp(nqpf_framework_field(c->fw, k, "id"), id) == 0)
                map[r] = k;
        if (map[r] == NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: '%s' is not an indicator id of the framework", src,
                                nqpf_table_src_row(t, r), id);
            goto done;
        }
        for (size_t q = 0; q < r; q++)
            if (map[q] == map[r]) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu: indicator '%s' appears twice", src, nqpf_table_src_row(t, r), id);
                goto done;
            }
        if (strcmp(nqpf_table_colname(t, r + 1), id) != 0) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: column %zu is '%s' but row %zu is '%s'; list the ids in the same order",
                                src, r + 2, nqpf_table_colname(t, r + 1), nqpf_table_src_row(t, r), id);
            goto done;
        }
    }
    for (size_t r = 0; r < nr; r++)
        for (size_t q = 0; q < nr; q++) {
            const char *s = nqpf_table_cell_str(t, q + 1, r, buf, sizeof buf);
            if (!parse_ratio(s, &a[r * nr + q])) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a number or a ratio such as 1/3, "
                                                "found '%s'", src, nqpf_table_src_row(t, r), nqpf_table_colname(t, q + 1), s);
                goto done;
            }
        }
    double lam, cr;
    if ((rc = nqpf_weights_ahp(wa, &lam, &cr, a, nr))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        rc = nqpf_error_set(rc, "%s: %s", src, msg);
        goto done;
    }
    res->ahp_cr = cr;
    note(res, "ahp_lambda_max", "%.10g", lam);
    note(res, "ahp_consistency_ratio", "%.10g", cr);
    if (cr > 0.1 && !c->o->force) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: AHP consistency ratio %.4f > 0.1 (lambda_max %.4f); revise the "
                                        "judgements or accept them with --force", src, cr, lam);
        goto done;
    }
    if (cr > 0.1)
        nqpf_warn("%s: AHP consistency ratio %.4f > 0.1 accepted with --force", src, cr);
    if (!(c->ahpw = nqpf__malloc(c->m, sizeof *c->ahpw))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double s = 0;
    for (size_t j = 0; j < c->m; j++)
        for (size_t r = 0; r < nr; r++)
            if (map[r] == c->fk[j])
                c->ahpw[j] = wa[r], s += wa[r];
    for (size_t j = 0; j < c->m; j++)
        c->ahpw[j] /= s;
done:
    nqpf_table_free(t);
    free(a);
    free(wa);
    free(map);
    return rc;
}

/* ---- tables ---- */

static int add_col(nqpf_table *t, const char *name, const double *v)
{
    return nqpf_table_add_num(t, name, v, NULL);
}

static int build_weights_table(const ctx *c, const double *w, const double *W, const wdetail *dt, nqpf_table **out)
{
    size_t rows = c->m + c->nnodes - 1;
    nqpf_table *t = nqpf_table_new(rows);
    int rc = NQPF_OK;
    const char **level = nqpf__calloc(rows, sizeof *level), **path = nqpf__calloc(rows, sizeof *path),
               **id = nqpf__calloc(rows, sizeof *id), **lab = nqpf__calloc(rows, sizeof *lab),
               **dirs = nqpf__calloc(rows, sizeof *dirs), **lzh = nqpf__calloc(rows, sizeof *lzh),
               **unit = nqpf__calloc(rows, sizeof *unit);
    double *gw = nqpf__malloc(rows, sizeof *gw), *lw = nqpf__malloc(rows, sizeof *lw),
           *q = nqpf__malloc(rows * WDETAIL_N, sizeof *q);
    if (!t || !level || !path || !id || !lab || !dirs || !lzh || !unit || !gw || !lw || !q) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    size_t r = 0;
    /* Dimensions first, top down, then the indicators in framework order. */
    for (size_t oi = 0; oi < c->nnodes; oi++) {
        size_t v = c->pre[oi];
        if (v == 0)
            continue;
        level[r] = "dimension";
        path[r] = c->nodes[v].path;
        id[r] = c->nodes[v].path;
        lab[r] = NULL;
        dirs[r] = NULL;
        gw[r] = W[v] / W[0];
        lw[r] = W[v] / W[c->nodes[v].parent];
        for (int k = 0; k < WDETAIL_N; k++)
            q[k * rows + r] = NAN;
        r++;
    }
    for (size_t j = 0; j < c->m; j++, r++) {
        level[r] = "indicator";
        path[r] = nqpf_framework_field(c->fw, c->fk[j], "path");
        id[r] = ind_id(c, j);
        lab[r] = nqpf_framework_field(c->fw, c->fk[j], "label_en");
        lzh[r] = nqpf_framework_field(c->fw, c->fk[j], "label_zh");
        unit[r] = nqpf_framework_field(c->fw, c->fk[j], "unit");
        dirs[r] = c->dir[j] > 0 ? "+" : "-";
        gw[r] = w[j] / W[0];
        lw[r] = w[j] / W[c->ind_node[j]];
        for (int k = 0; k < WDETAIL_N; k++)
            q[k * rows + r] = dt->q[k][j];
    }
    static const char *const qn[WDETAIL_N] = {"entropy_e", "entropy_d", "critic_sigma", "critic_conflict", "critic_c",
                                              "cv", "pca", "ahp", "ideal", "anti_ideal"};
    if ((rc = nqpf_table_add_text(t, "level", level, NULL)) || (rc = nqpf_table_add_text(t, "path", path, NULL)) ||
        (rc = nqpf_table_add_text(t, "id", id, NULL)) || (rc = nqpf_table_add_text(t, "label_en", lab, NULL)) ||
        (rc = nqpf_table_add_text(t, "direction", dirs, NULL)) || (rc = add_col(t, "weight", gw)) ||
        (rc = add_col(t, "local_weight", lw)))
        goto done;
    for (int k = 0; k < WDETAIL_N; k++)
        if ((rc = add_col(t, qn[k], q + (size_t)k * rows)))
            goto done;
    /* The Chinese label and the unit come last so that the numeric columns keep their places. */
    if ((rc = nqpf_table_add_text(t, "label_zh", lzh, NULL)) || (rc = nqpf_table_add_text(t, "unit", unit, NULL)))
        goto done;
done:
    if (rc)
        nqpf_table_free(t);
    else
        *out = t;
    free(level), free(path), free(id), free(lab), free(dirs), free(lzh), free(unit), free(gw), free(lw), free(q);
    return rc;
}

/* ---- obstacles ---- */

static int add_obstacles(ctx *c, nqpf_table *t, const double *w)
{
    size_t n = c->n, m = c->m;
    int rc = NQPF_OK;
    double *r01 = nqpf__malloc(m * n, sizeof *r01), *O = nqpf__malloc(m * n, sizeof *O),
           *D = nqpf__malloc(n, sizeof *D);
    int *dd = nqpf__malloc(m, sizeof *dd);
    const char **top = nqpf__calloc(n, sizeof *top);
    char name[600];
    if (!r01 || !O || !D || !dd || !top) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Deviation is 1 minus the min-max score, whatever --normalize says: the model needs [0, 1]. */
    if ((rc = normalise(c, NQPF_NORM_MINMAX, 0.0, r01, dd)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < m; j++)
            s += w[j] * (1 - r01[j * n + i]);
        for (size_t j = 0; j < m; j++)
            O[j * n + i] = s > 0 ? 100 * w[j] * (1 - r01[j * n + i]) / s : NAN;
    }
    for (size_t j = 0; j < m; j++) {
        snprintf(name, sizeof name, "obstacle_%s", ind_id(c, j));
        if ((rc = add_col(t, name, O + j * n)))
            goto done;
    }
    for (size_t oi = 0; oi < c->nnodes; oi++) {
        size_t v = c->pre[oi];
        if (v == 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            D[i] = 0;
            for (size_t j = 0; j < m; j++)
                for (size_t u = c->ind_node[j]; u != NQPF_NONE; u = c->nodes[u].parent)
                    if (u == v)
                        D[i] += O[j * n + i];
        }
        snprintf(name, sizeof name, "obstacle_%s", c->nodes[v].path);
        if ((rc = add_col(t, name, D)))
            goto done;
    }
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < n; i++) {
            /* The k-th largest obstacle; ties go to the indicator listed first. An indicator at
             * its best value (obstacle 0) obstructs nothing and is never listed. */
            size_t best = NQPF_NONE;
            for (size_t j = 0; j < m; j++) {
                double v = O[j * n + i];
                if (!(v > 0))
                    continue;
                size_t above = 0;
                for (size_t q = 0; q < m; q++)
                    if (O[q * n + i] > v || (O[q * n + i] == v && q < j))
                        above++;
                if (above == (size_t)k)
                    best = j;
            }
            top[i] = best == NQPF_NONE ? NULL : ind_id(c, best);
        }
        snprintf(name, sizeof name, "obstacle_top%d", k + 1);
        if ((rc = nqpf_table_add_text(t, name, top, NULL)))
            goto done;
    }
done:
    free(r01), free(O), free(D), free(dd), free(top);
    return rc;
}

/* ---- sensitivity ---- */

static int wspec_eq(wspec a, wspec b)
{
    return a.comb == b.comb && a.a == b.a && (a.comb == NQPF_COMBINE_NONE || a.b == b.b);
}

static void wspec_name(wspec s, char *buf, size_t size)
{
    if (s.comb == NQPF_COMBINE_NONE)
        snprintf(buf, size, "%s", w_names[s.a]);
    else
        snprintf(buf, size, "%s%c%s", w_names[s.a], s.comb == NQPF_COMBINE_ARITH ? '+' : '*', w_names[s.b]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct sens {
    size_t nn, nw, na;
    enum nqpf_index_norm norms[5];
    wspec ws[8];
    enum nqpf_index_agg aggs[5];
    double *Y;   /* nn normalised matrices */
    int *Ydir;
    double *Wt;  /* nn x nw weights */
    int *okw;    /* nn x nw */
    int *ok;     /* nn x nw x na */
    double *W, *S, *score, *rank, *wp;
} sens;

static void sens_free(sens *s)
{
    free(s->Y), free(s->Ydir), free(s->Wt), free(s->okw), free(s->ok);
    free(s->W), free(s->S), free(s->score), free(s->rank), free(s->wp);
}

/* Ranks of one configuration (indices into the level lists) with weights wv. */
static int sens_run(ctx *c, sens *s, size_t a, size_t g, const double *wv, double *rank)
{
    size_t m = c->m;
    const double *x = s->Y + a * m * c->n;
    const int *xd = s->Ydir + a * m;
    enum nqpf_index_agg agg = s->aggs[g];
    if (agg == NQPF_AGG_TOPSIS_VECTOR)
        x = c->raw, xd = c->dir;
    int rc = aggregate(c, agg, x, xd, wv, s->W, s->S, NULL, NULL);
    if (rc)
        return rc;
    year_ranks(c, s->S, rank);
    return NQPF_OK;
}

static void perturb(const ctx *c, gsl_rng *rng, const double *w, double *out)
{
    double t = 0;
    for (size_t j = 0; j < c->m; j++) {
        out[j] = w[j] * gsl_ran_flat(rng, 1 - c->o->perturb, 1 + c->o->perturb);
        t += out[j];
    }
    for (size_t j = 0; j < c->m; j++)
        out[j] /= t;
}

static int sensitivity(ctx *c, nqpf_index_result *res, const choice *nom, const double *nom_rank, nqpf_table *t)
{
    size_t n = c->n, m = c->m, N = c->o->sensitivity;
    sens s;
    memset(&s, 0, sizeof s);
    int rc = NQPF_OK;
    gsl_rng *rng = NULL;
    double *R = NULL, *med = NULL, *p05 = NULL, *p95 = NULL, *col = NULL;
    size_t *lev = NULL;
    char buf[256];
    nqpf__buf lv = NQPF__BUF_INIT;

    /* The alternatives of each choice; the nominal one comes first. */
    int allpos = 1;
    for (size_t q = 0; q < m * n; q++)
        allpos &= c->raw[q] > 0;
    enum nqpf_index_norm nc[] = {nom->norm, NQPF_NORM_MINMAX, NQPF_NORM_RANK, NQPF_NORM_RATIO_MEAN};
    for (size_t k = 0; k < 4; k++) {
        int dup = 0;
        for (size_t q = 0; q < s.nn; q++)
            dup |= s.norms[q] == nc[k];
        if (!dup && (nc[k] != NQPF_NORM_RATIO_MEAN || allpos))
            s.norms[s.nn++] = nc[k];
    }
    wspec wc[] = {nom->ws, {NQPF_W_ENTROPY, NQPF_W_ENTROPY, NQPF_COMBINE_NONE}, {NQPF_W_CRITIC, NQPF_W_CRITIC, NQPF_COMBINE_NONE},
                  {NQPF_W_CV, NQPF_W_CV, NQPF_COMBINE_NONE}, {NQPF_W_EQUAL, NQPF_W_EQUAL, NQPF_COMBINE_NONE}};
    for (size_t k = 0; k < 5; k++) {
        int dup = 0;
        for (size_t q = 0; q < s.nw; q++)
            dup |= wspec_eq(s.ws[q], wc[k]);
        if (!dup)
            s.ws[s.nw++] = wc[k];
    }
    enum nqpf_index_agg ac[] = {nom->agg, NQPF_AGG_SUM, NQPF_AGG_GEOMETRIC, NQPF_AGG_TOPSIS, NQPF_AGG_GRA};
    for (size_t k = 0; k < 5; k++) {
        int dup = 0;
        for (size_t q = 0; q < s.na; q++)
            dup |= s.aggs[q] == ac[k];
        if (!dup)
            s.aggs[s.na++] = ac[k];
    }
    if (N > 100000 || N * n > 200000000) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--sensitivity %zu: too many replications for %zu observations", N, n);
        goto done;
    }
    if (!(s.Y = nqpf__malloc(s.nn * m * n, sizeof *s.Y)) || !(s.Ydir = nqpf__malloc(s.nn * m, sizeof *s.Ydir)) ||
        !(s.Wt = nqpf__malloc(s.nn * s.nw * m, sizeof *s.Wt)) || !(s.okw = nqpf__calloc(s.nn * s.nw, sizeof *s.okw)) ||
        !(s.ok = nqpf__calloc(s.nn * s.nw * s.na, sizeof *s.ok)) || !(s.W = nqpf__malloc(c->nnodes, sizeof *s.W)) ||
        !(s.S = nqpf__malloc(c->nnodes * n, sizeof *s.S)) || !(s.rank = nqpf__malloc(n, sizeof *s.rank)) ||
        !(s.wp = nqpf__malloc(m, sizeof *s.wp)) || !(R = nqpf__malloc(N * n, sizeof *R)) ||
        !(lev = nqpf__malloc(3 * (N ? N : 1), sizeof *lev)) ||
        !(med = nqpf__malloc(n, sizeof *med)) || !(p05 = nqpf__malloc(n, sizeof *p05)) ||
        !(p95 = nqpf__malloc(n, sizeof *p95)) || !(col = nqpf__malloc(N, sizeof *col))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Which combinations the data support (entropy on z-scores, geometric means of zeros do not):
     * a draw that lands on one of the others is drawn again. */
    size_t nvalid = 0;
    for (size_t a = 0; a < s.nn; a++) {
        if (normalise(c, s.norms[a], c->o->shift, s.Y + a * m * n, s.Ydir + a * m) != NQPF_OK)
            continue;
        for (size_t b = 0; b < s.nw; b++) {
            if (compute_weights(c, s.ws[b], s.Y + a * m * n, s.Wt + (a * s.nw + b) * m, NULL) != NQPF_OK)
                continue;
            s.okw[a * s.nw + b] = 1;
            for (size_t g = 0; g < s.na; g++)
                if (sens_run(c, &s, a, g, s.Wt + (a * s.nw + b) * m, s.rank) == NQPF_OK) {
                    s.ok[(a * s.nw + b) * s.na + g] = 1;
                    nvalid++;
                }
        }
    }
    nqpf_error_clear();
    if (!s.ok[0]) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "sensitivity: the nominal configuration failed to rerun");
        goto done;
    }
    nqpf_global_init(); /* GSL reports, never aborts */
    if (!(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "out of memory");
        goto done;
    }
    gsl_rng_set(rng, c->o->seed);
    for (size_t r = 0; r < N; r++) {
        size_t a, b, g;
        do {
            a = gsl_rng_uniform_int(rng, s.nn);
            b = gsl_rng_uniform_int(rng, s.nw);
            g = gsl_rng_uniform_int(rng, s.na);
        } while (!s.ok[(a * s.nw + b) * s.na + g]);
        perturb(c, rng, s.Wt + (a * s.nw + b) * m, s.wp);
        if ((rc = sens_run(c, &s, a, g, s.wp, R + r * n)))
            goto done;
        lev[r * 3] = a, lev[r * 3 + 1] = b, lev[r * 3 + 2] = g;
    }
    /* Main effect of each discrete choice: the share of the ranks' Monte Carlo variance explained
     * by the choice's level (between-level variance of the conditional means), pooled over
     * unit-years. A continuous vector (the weight noise) has no levels to group on. */
    double first[4] = {NAN, NAN, NAN, NAN};
    for (int f = 0; f < 3; f++) {
        size_t nl = f == 0 ? s.nn : f == 1 ? s.nw : s.na;
        double between = 0, total = 0, lsum[8], lcnt[8];
        for (size_t i = 0; i < n; i++) {
            double mu = 0, cnt = 0;
            for (size_t l = 0; l < nl; l++)
                lsum[l] = lcnt[l] = 0;
            for (size_t r = 0; r < N; r++) {
                double v = R[r * n + i];
                if (isnan(v))
                    continue;
                mu += v, cnt++;
                lsum[lev[r * 3 + (size_t)f]] += v, lcnt[lev[r * 3 + (size_t)f]]++;
            }
            if (cnt < 1)
                continue;
            mu /= cnt;
            for (size_t r = 0; r < N; r++)
                if (!isnan(R[r * n + i]))
                    total += (R[r * n + i] - mu) * (R[r * n + i] - mu) / cnt;
            for (size_t l = 0; l < nl; l++)
                if (lcnt[l] > 0)
                    between += lcnt[l] / cnt * (lsum[l] / lcnt[l] - mu) * (lsum[l] / lcnt[l] - mu);
        }
        first[f == 2 ? 3 : f] = total > 0 ? between / total : 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t r = 0; r < N; r++)
            if (!isnan(R[r * n + i]))
                col[k++] = R[r * n + i];
        qsort(col, k, sizeof *col, cmp_double);
        med[i] = k ? gsl_stats_quantile_from_sorted_data(col, 1, k, 0.5) : NAN;
        p05[i] = k ? gsl_stats_quantile_from_sorted_data(col, 1, k, 0.05) : NAN;
        p95[i] = k ? gsl_stats_quantile_from_sorted_data(col, 1, k, 0.95) : NAN;
    }
    if ((rc = add_col(t, "rank_median", med)) || (rc = add_col(t, "rank_p05", p05)) || (rc = add_col(t, "rank_p95", p95)))
        goto done;

    /* One choice at a time, the others nominal: how far do the ranks move? */
    static const char *const fname[4] = {"normalisation", "weighting", "weight_perturbation", "aggregation"};
    const char *fl[4] = {NULL, NULL, NULL, NULL};
    double fmean[4], fmx[4], nused[4];
    char *levels[4] = {NULL, NULL, NULL, NULL};
    size_t nd = n;
    for (int f = 0; f < 4; f++) {
        double sum = 0, mx = 0;
        size_t cnt = 0, used = 0;
        size_t K = f == 0 ? s.nn : f == 1 ? s.nw : f == 2 ? (N < 50 ? N : 50) : s.na;
        lv.len = 0;
        if (lv.data)
            lv.data[0] = 0;
        for (size_t k = 0; k < K; k++) {
            size_t a = f == 0 ? k : 0, b = f == 1 ? k : 0, g = f == 3 ? k : 0;
            if (f == 2) {
                perturb(c, rng, s.Wt, s.wp);
            } else {
                if (k == 0 || !s.ok[(a * s.nw + b) * s.na + g])
                    continue;
                memcpy(s.wp, s.Wt + (a * s.nw + b) * m, m * sizeof *s.wp);
            }
            if ((rc = sens_run(c, &s, a, g, s.wp, s.rank)))
                goto done;
            used++;
            if (f == 0)
                nqpf__buf_printf(&lv, "%s%s", lv.len ? "," : "", norm_names[s.norms[k]]);
            else if (f == 1) {
                wspec_name(s.ws[k], buf, sizeof buf);
                nqpf__buf_printf(&lv, "%s%s", lv.len ? "," : "", buf);
            } else if (f == 3)
                nqpf__buf_printf(&lv, "%s%s", lv.len ? "," : "", agg_names[s.aggs[k]]);
            for (size_t i = 0; i < nd; i++)
                if (!isnan(s.rank[i]) && !isnan(nom_rank[i])) {
                    double dlt = fabs(s.rank[i] - nom_rank[i]);
                    sum += dlt, cnt++;
                    mx = fmax(mx, dlt);
                }
        }
        if (f == 2)
            nqpf__buf_printf(&lv, "%zu draws of U(%g, %g)", used, 1 - c->o->perturb, 1 + c->o->perturb);
        if (lv.failed || !(levels[f] = nqpf__strdup(lv.len ? nqpf__buf_cstr(&lv) : "")))
            rc = NQPF_EINTERNAL;
        fmean[f] = cnt ? sum / (double)cnt : NAN;
        fmx[f] = cnt ? mx : NAN;
        nused[f] = (double)used;
        fl[f] = levels[f];
        if (rc)
            break;
    }
    if (!rc) {
        nqpf_table *ft = nqpf_table_new(4);
        if (!ft)
            rc = NQPF_EINTERNAL;
        else if ((rc = nqpf_table_add_text(ft, "factor", fname, NULL)) || (rc = nqpf_table_add_text(ft, "alternatives", fl, NULL)) ||
                 (rc = add_col(ft, "n_alternatives", nused)) || (rc = add_col(ft, "mean_abs_rank_shift", fmean)) ||
                 (rc = add_col(ft, "max_abs_rank_shift", fmx)) || (rc = add_col(ft, "first_order_share", first)))
            nqpf_table_free(ft);
        else
            res->factors = ft;
        int best = -1;
        for (int f = 0; f < 4; f++)
            if (!isnan(fmean[f]) && (best < 0 || fmean[f] > fmean[best]))
                best = f;
        note(res, "sensitivity_replications", "%zu", N);
        note(res, "sensitivity_seed", "%lu", c->o->seed);
        note(res, "sensitivity_perturbation", "%g", c->o->perturb);
        note(res, "sensitivity_valid_configurations", "%zu", nvalid);
        for (int f = 0; f < 4; f++) {
            char key[64];
            snprintf(key, sizeof key, "sensitivity_%s", fname[f]);
            note(res, key, "alternatives %s; mean |rank shift| %.4g, max %.4g; first-order share of rank variance %.4g",
                 fl[f], fmean[f], fmx[f], first[f]);
        }
        note(res, "sensitivity_most_influential", "%s", best >= 0 ? fname[best] : "none");
    }
    for (int f = 0; f < 4; f++)
        free(levels[f]);
done:
    nqpf__buf_free(&lv);
    gsl_rng_free(rng);
    sens_free(&s);
    free(R), free(med), free(p05), free(p95), free(col), free(lev);
    return rc;
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
    if (uses_ahp && !o->ahp_path) {
        rc = nqpf_error_set(NQPF_EUSAGE, "index: AHP weights need a pairwise-comparison file (--weights ahp:FILE)");
        goto done;
    }
    if (!(o->gra_zeta > 0 && o->gra_zeta <= 1)) {
        rc = nqpf_error_set(NQPF_EUSAGE, "index: the GRA distinguishing coefficient must lie in (0, 1], found %g", o->gra_zeta);
        goto done;
    }
    if (!(o->perturb >= 0 && o->perturb < 1)) {
        rc = nqpf_error_set(NQPF_EUSAGE, "index: the weight perturbation must lie in [0, 1), found %g", o->perturb);
        goto done;
    }
    if (!isfinite(o->shift)) {
        rc = nqpf_error_set(NQPF_EUSAGE, "index: --shift must be a finite number");
        goto done;
    }
    if (uses_fixed)
        for (size_t k = 0; k < nfw; k++)
            if (isnan(nqpf_framework_weight(fw, k))) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %zu, column 'weight': --weights fixed needs a weight for "
                                                "every indicator; '%s' has none", nqpf_framework__source(fw),
                                    nqpf_framework__row(fw, k), nqpf_framework_field(fw, k, "id"));
                goto done;
            }
    if (o->norm == NQPF_NORM_NONE && (o->aggregate == NQPF_AGG_SUM || o->aggregate == NQPF_AGG_GEOMETRIC))
        for (size_t k = 0; k < nfw; k++)
            if (nqpf_framework_direction(fw, k) < 0) {
                rc = nqpf_error_set(NQPF_EUSAGE, "index: indicator '%s' has direction '-', which --normalize none "
                                                 "cannot honour with --aggregate %s (use minmax, or topsis/gra)",
                                    nqpf_framework_field(fw, k, "id"), agg_names[o->aggregate]);
                goto done;
            }
    if ((rc = nqpf_framework_check(fw, p)))
        goto done;
    if (!(all = nqpf__malloc(nfw * n, sizeof *all)) || !(c.fk = nqpf__malloc(nfw, sizeof *c.fk))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = eval_indicators(&c, all, nfw)) || (rc = build_groups(&c)))
        goto done;
    size_t nimp = 0;
    for (size_t k = 0; k < nfw; k++)
        if ((rc = impute(&c, all + k * n, k, &nimp)))
            goto done;
    /* Zero variance within a pool leaves min-max undefined and entropy maximal: drop or refuse. */
    nqpf__buf dropped = NQPF__BUF_INIT;
    for (size_t k = 0; k < nfw; k++) {
        const double *x = all + k * n;
        size_t bad = NQPF_NONE;
        for (size_t g = 0; g < c.ngroups && bad == NQPF_NONE; g++) {
            double mn = INFINITY, mx = -INFINITY;
            for (size_t q = c.gstart[g]; q < c.gstart[g + 1]; q++)
                mn = fmin(mn, x[c.gobs[q]]), mx = fmax(mx, x[c.gobs[q]]);
            if (!(mx > mn))
                bad = g;
        }
        if (bad == NQPF_NONE) {
            c.fk[c.m++] = k;
            continue;
        }
        char when[64] = "";
        if (o->scope == NQPF_SCOPE_PERIOD)
            snprintf(when, sizeof when, " in %ld", nqpf_panel_time(p, c.gobs[c.gstart[bad]]));
        const char *id = nqpf_framework_field(fw, k, "id");
        if (o->strict) {
            nqpf__buf_free(&dropped);
            rc = nqpf_error_set(NQPF_EDATA, "indicator '%s' (column '%s') has zero variance%s; weights and "
                                            "normalisation are undefined (without --strict it is dropped)", id,
                                nqpf_framework_field(fw, k, "column"), when);
            goto done;
        }
        nqpf_warn("indicator '%s' (column '%s') has zero variance%s: dropped", id, nqpf_framework_field(fw, k, "column"),
                  when);
        nqpf__buf_printf(&dropped, "%s%s", dropped.len ? "," : "", id);
    }
    if (dropped.len)
        note(res, "dropped_zero_variance", "%s", nqpf__buf_cstr(&dropped));
    nqpf__buf_free(&dropped);
    if (c.m == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "index: every indicator has zero variance");
        goto done;
    }
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
    if ((rc = build_tree(&c)))
        goto done;
    if (uses_ahp && (rc = load_ahp(&c, res)))
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
    wspec_name(nom.ws, wn, sizeof wn);
    if ((rc = normalise(&c, o->norm, o->norm == NQPF_NORM_NONE ? 0.0 : o->shift, y, ydir)) ||
        (rc = compute_weights(&c, nom.ws, y, w, &dt)))
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
    if (o->aggregate == NQPF_AGG_TOPSIS_VECTOR)
        rc = aggregate(&c, o->aggregate, c.raw, c.dir, w, W, S, dt.q[WD_IDEAL], dt.q[WD_ANTI]);
    else
        rc = aggregate(&c, o->aggregate, y, ydir, w, W, S, dt.q[WD_IDEAL], dt.q[WD_ANTI]);
    if (rc)
        goto done;
    year_ranks(&c, S, rank);

    if (!(t = nqpf_panel_result_new(p, NULL, 0)) || (rc = add_col(t, "score", S)))
        goto done;
    for (size_t oi = 0; oi < c.nnodes; oi++) {
        size_t v = c.pre[oi];
        if (v && (rc = add_col(t, c.nodes[v].path, S + v * n)))
            goto done;
    }
    if ((rc = add_col(t, "rank", rank)))
        goto done;
    if (o->sensitivity && (rc = sensitivity(&c, res, &nom, rank, t)))
        goto done;
    if (o->obstacles && (rc = add_obstacles(&c, t, w)))
        goto done;
    if ((rc = build_weights_table(&c, w, W, &dt, &res->weights)))
        goto done;

    note(res, "framework", "%s", nqpf_framework__source(fw));
    note(res, "indicators", "%zu of %zu", m, nfw);
    note(res, "normalize", "%s", norm_names[o->norm]);
    note(res, "scope", "%s", o->scope == NQPF_SCOPE_GLOBAL ? "global" : "period");
    note(res, "shift", "%g", o->norm == NQPF_NORM_NONE ? 0.0 : o->shift);
    note(res, "weights", "%s%s%s", wn, uses_ahp ? " from " : "", uses_ahp ? o->ahp_path : "");
    note(res, "weights_combination", "%s", nom.ws.comb == NQPF_COMBINE_NONE ? "none" :
                                           nom.ws.comb == NQPF_COMBINE_ARITH ? "arithmetic mean" : "multiplicative (normalised product)");
    if (nom.ws.a == NQPF_W_ENTROPY || (nom.ws.comb && nom.ws.b == NQPF_W_ENTROPY))
        note(res, "entropy_constant", "1/ln(%zu), observations pooled over all years; 0 ln 0 = 0", n);
    if (nom.ws.a == NQPF_W_CRITIC || (nom.ws.comb && nom.ws.b == NQPF_W_CRITIC))
        note(res, "critic_correlation", "%s; sigma with n - 1", o->critic_spearman ? "spearman" : "pearson");
    note(res, "aggregate", "%s", agg_names[o->aggregate]);
    if (o->aggregate == NQPF_AGG_GRA)
        note(res, "gra_zeta", "%g", o->gra_zeta);
    note(res, "impute", "%s", impute_names[o->impute]);
    note(res, "imputed_cells", "%zu", nimp);
    note(res, "zero_variance", "%s", o->strict ? "error (--strict)" : "drop with a warning");
    note(res, "obstacles", "%s", o->obstacles ? "yes" : "no");
    res->scores = t;
    t = NULL;
done:
    if (rc) {
        nqpf_index_result_free(res);
        res = NULL;
    }
    *out = res;
    nqpf_table_free(t);
    ctx_free(&c);
    free(all), free(y), free(ydir), free(w), free(W), free(S), free(rank), free(dtbuf);
    return rc;
}
