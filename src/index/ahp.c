/* AHP weights from a file: a square pairwise-comparison matrix over the indicator ids, or a
 * long table of judgements per dimension (hierarchical AHP). Saaty's eigenvector method itself is
 * nqpf_weights_ahp() in methods.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

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
            names[k] = nqpf_index__ind_id(c, j), ind[k] = j, sub[k] = NQPF_NONE, k++;
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
                nqpf_index__note(res, key, "equal (no judgements in %s)", src);
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
            nqpf_index__note(res, key, "%.10g (lambda_max %.10g)", cr, lam);
            if (cr > 0.1 && !c->o->force) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: dimension '%s': AHP consistency ratio %.4f > 0.1 (lambda_max %.4f); "
                                                "revise the judgements or set force to accept them", src,
                                    v ? vp : "(top level)", cr, lam);
                goto done;
            }
            if (cr > 0.1)
                nqpf_warn("%s: dimension '%s': AHP consistency ratio %.4f > 0.1 accepted (force)", src,
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
    nqpf_index__note(res, "ahp_consistency_ratio", "%.10g (largest over dimensions)", maxcr);
done:
    free(names), free(ind), free(sub), free(A), free(lw), free(nodew), free(used);
    return rc;
}

int nqpf_index__load_ahp(ctx *c, nqpf_index_result *res)
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
    nqpf_index__note(res, "ahp_lambda_max", "%.10g", lam);
    nqpf_index__note(res, "ahp_consistency_ratio", "%.10g", cr);
    if (cr > 0.1 && !c->o->force) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: AHP consistency ratio %.4f > 0.1 (lambda_max %.4f); revise the "
                                        "judgements or set force to accept them", src, cr, lam);
        goto done;
    }
    if (cr > 0.1)
        nqpf_warn("%s: AHP consistency ratio %.4f > 0.1 accepted (force)", src, cr);
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

