/* The dimension tree of an index: one node per dimension path of the kept indicators (the root is
 * the overall score), the orders the pipeline walks it in, and the context's release. */
#include <stdlib.h>
#include <string.h>

#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

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

int nqpf_index__build_tree(ctx *c)
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


void nqpf_index__ctx_free(ctx *c)
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

