/* The index's results: the result object and its provenance notes, the weights table and the
 * obstacle degrees (Formulas: docs/index.md). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

/* ---- result notes (the provenance of every choice) ---- */

int nqpf_index__note(nqpf_index_result *r, const char *key, const char *fmt, ...)
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

/* ---- tables ---- */

int nqpf_index__add_col(nqpf_table *t, const char *name, const double *v)
{
    return nqpf_table_add_num(t, name, v, NULL);
}

int nqpf_index__weights_table(const ctx *c, const double *w, const double *W, const wdetail *dt, nqpf_table **out)
{
    size_t rows = c->m + c->nnodes - 1;
    nqpf_table *t = nqpf_table_new(rows);
    int rc = NQPF_OK;
    const char **level = nqpf__calloc(rows, sizeof *level), **path = nqpf__calloc(rows, sizeof *path),
               **id = nqpf__calloc(rows, sizeof *id), **lab = nqpf__calloc(rows, sizeof *lab),
               **dirs = nqpf__calloc(rows, sizeof *dirs), **lzh = nqpf__calloc(rows, sizeof *lzh),
               **unit = nqpf__calloc(rows, sizeof *unit), **uzh = nqpf__calloc(rows, sizeof *uzh),
               **uen = nqpf__calloc(rows, sizeof *uen);
    double *gw = nqpf__malloc(rows, sizeof *gw), *lw = nqpf__malloc(rows, sizeof *lw),
           *q = nqpf__malloc(rows * WDETAIL_N, sizeof *q);
    if (!t || !level || !path || !id || !lab || !dirs || !lzh || !unit || !uzh || !uen || !gw || !lw || !q) {
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
        lab[r] = lzh[r] = NULL;
        if ((rc = nqpf_framework_dimension_label(c->fw, c->nodes[v].path, "label_en", &lab[r])) ||
            (rc = nqpf_framework_dimension_label(c->fw, c->nodes[v].path, "label_zh", &lzh[r])))
            goto done;
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
        id[r] = nqpf_index__ind_id(c, j);
        lab[r] = nqpf_framework_field(c->fw, c->fk[j], "label_en");
        lzh[r] = nqpf_framework_field(c->fw, c->fk[j], "label_zh");
        unit[r] = nqpf_framework_field(c->fw, c->fk[j], "unit");
        uzh[r] = nqpf_framework_field(c->fw, c->fk[j], "unit_zh");
        uen[r] = nqpf_framework_field(c->fw, c->fk[j], "unit_en");
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
        (rc = nqpf_table_add_text(t, "direction", dirs, NULL)) || (rc = nqpf_index__add_col(t, "weight", gw)) ||
        (rc = nqpf_index__add_col(t, "local_weight", lw)))
        goto done;
    for (int k = 0; k < WDETAIL_N; k++)
        if ((rc = nqpf_index__add_col(t, qn[k], q + (size_t)k * rows)))
            goto done;
    /* The Chinese label and the unit come last so that the numeric columns keep their places. */
    if ((rc = nqpf_table_add_text(t, "label_zh", lzh, NULL)) || (rc = nqpf_table_add_text(t, "unit", unit, NULL)) ||
        (rc = nqpf_table_add_text(t, "unit_zh", uzh, NULL)) || (rc = nqpf_table_add_text(t, "unit_en", uen, NULL)))
        goto done;
done:
    if (rc)
        nqpf_table_free(t);
    else
        *out = t;
    free(level), free(path), free(id), free(lab), free(dirs), free(lzh), free(unit), free(uzh), free(uen);
    free(gw), free(lw), free(q);
    return rc;
}

/* ---- obstacles ---- */

int nqpf_index__obstacles(ctx *c, nqpf_table *t, const double *w)
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
    /* Deviation is 1 minus the min-max score, whatever the normalisation: the model needs [0, 1]. */
    if ((rc = nqpf_index__normalise(c, NQPF_NORM_MINMAX, 0.0, r01, dd)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < m; j++)
            s += w[j] * (1 - r01[j * n + i]);
        for (size_t j = 0; j < m; j++)
            O[j * n + i] = s > 0 ? 100 * w[j] * (1 - r01[j * n + i]) / s : NAN;
    }
    for (size_t j = 0; j < m; j++) {
        snprintf(name, sizeof name, "obstacle_%s", nqpf_index__ind_id(c, j));
        if ((rc = nqpf_index__add_col(t, name, O + j * n)))
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
        if ((rc = nqpf_index__add_col(t, name, D)))
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
            top[i] = best == NQPF_NONE ? NULL : nqpf_index__ind_id(c, best);
        }
        snprintf(name, sizeof name, "obstacle_top%d", k + 1);
        if ((rc = nqpf_table_add_text(t, name, top, NULL)))
            goto done;
    }
done:
    free(r01), free(O), free(D), free(dd), free(top);
    return rc;
}

