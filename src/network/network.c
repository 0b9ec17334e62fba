/* nqpf_network_run(): per year the modified gravity matrix, the binary network, its measures and
 * centralities; for the block year the CONCOR blocks with their roles and the QAP tests. The
 * tables' columns are listed in include/nqpf/network.h, the formulas in docs/network.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/network.h"
#include "util/util.h"

/* A growable array of doubles. */
typedef struct dvec {
    double *v;
    size_t n, cap;
} dvec;

static int dpush(dvec *d, double x)
{
    if (d->n == d->cap) {
        size_t c = d->cap ? 2 * d->cap : 64;
        double *v = nqpf__realloc(d->v, c, sizeof *v);
        if (!v)
            return NQPF_EINTERNAL;
        d->v = v;
        d->cap = c;
    }
    d->v[d->n++] = x;
    return NQPF_OK;
}

typedef struct svec {
    size_t *v;
    size_t n, cap;
} svec;

static int spush(svec *d, size_t x)
{
    if (d->n == d->cap) {
        size_t c = d->cap ? 2 * d->cap : 64;
        size_t *v = nqpf__realloc(d->v, c, sizeof *v);
        if (!v)
            return NQPF_EINTERNAL;
        d->v = v;
        d->cap = c;
    }
    d->v[d->n++] = x;
    return NQPF_OK;
}

enum { L_DIST, L_GRAV, L_THR, L_LINK, L_N };
static const char *const link_cols[L_N] = {"distance", "gravity", "threshold", "link"};
enum { C_LON, C_LAT, C_IN, C_OUT, C_DEG, C_DEGC, C_CIN, C_COUT, C_CLO, C_BET, C_BETN, C_BLOCK, C_N };
static const char *const cent_cols[C_N] = {"lon",           "lat",          "in_degree",     "out_degree",
                                           "degree",        "degree_centrality", "closeness_in", "closeness_out",
                                           "closeness",     "betweenness",  "betweenness_norm", "block"};
enum { S_TIME, S_NODES, S_LINKS, S_DENS, S_CONN, S_HIER, S_EFF, S_COMP, S_N };
static const char *const sum_cols[S_N] = {NULL,          "nodes",     "links",      "density",
                                          "connectedness", "hierarchy", "efficiency", "components"};

/* State of one run (everything freed by run_free). */
typedef struct run {
    const nqpf_panel *p;
    const nqpf_network_options *o;
    const double *x, *mass[8], *lon, *lat, *econ;
    double *dm;       /* the distance matrix file, by unit (nunits x nunits), or NULL */
    dvec lk[L_N], ce[C_N], su[S_N];
    svec lobs, lto, cobs;
    nqpf_table *blocks, *qap;
} run;

static void run_free(run *r)
{
    for (int k = 0; k < L_N; k++)
        free(r->lk[k].v);
    for (int k = 0; k < C_N; k++)
        free(r->ce[k].v);
    for (int k = 0; k < S_N; k++)
        free(r->su[k].v);
    free(r->lobs.v);
    free(r->lto.v);
    free(r->cobs.v);
    free(r->dm);
    nqpf_table_free(r->blocks);
    nqpf_table_free(r->qap);
}

/* Reads the distance matrix file into r->dm, indexed by panel unit. */
static int read_matrix(run *r)
{
    const char *path = r->o->distance_matrix;
    nqpf_read_options ro;
    nqpf_table *t = NULL;
    int rc = nqpf_read_options_init(&ro, NQPF_READ_OPTIONS_VERSION);
    if (rc || (rc = nqpf_read_table(&t, path, &ro)))
        return rc;
    size_t nu = nqpf_panel_nunits(r->p), nr = nqpf_table_nrows(t), nc = nqpf_table_ncols(t);
    size_t *row = nqpf__malloc(nu, sizeof *row), *col = nqpf__malloc(nu, sizeof *col);
    r->dm = nqpf__malloc(nu * nu, sizeof *r->dm);
    if (!row || !col || !r->dm) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t u = 0; u < nu; u++) {
        const char *name = nqpf_panel_unit_name(r->p, u);
        char buf[64];
        row[u] = col[u] = NQPF_NONE;
        for (size_t i = 0; i < nr; i++)
            if (strcmp(nqpf_table_cell_str(t, 0, i, buf, sizeof buf), name) == 0) {
                row[u] = i;
                break;
            }
        for (size_t j = 1; j < nc; j++)
            if (strcmp(nqpf_table_colname(t, j), name) == 0) {
                col[u] = j;
                break;
            }
        if (row[u] == NQPF_NONE || col[u] == NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s: region '%s' of the data has no %s in the distance matrix: expected the ids in "
                                "the first column and as column names of the header row",
                                path, name, row[u] == NQPF_NONE ? "row (first column)" : "column (header row)");
            goto done;
        }
    }
    for (size_t u = 0; u < nu; u++)
        for (size_t v = 0; v < nu; v++) {
            const double *c = nqpf_table_is_text(t, col[v]) ? NULL : nqpf_table_cnum(t, col[v]);
            double d = c ? c[row[u]] : NAN;
            if (u != v && !(d > 0)) {
                char buf[64];
                rc = nqpf_error_set(NQPF_EDATA,
                                    "%s: row %zu, column '%s': expected a positive distance (from '%s' to '%s'), "
                                    "found '%s'",
                                    path, row[u] + 2, nqpf_table_colname(t, col[v]), nqpf_panel_unit_name(r->p, u),
                                    nqpf_panel_unit_name(r->p, v), nqpf_table_cell_str(t, col[v], row[u], buf, sizeof buf));
                goto done;
            }
            r->dm[u * nu + v] = u == v ? 0 : d;
        }
done:
    free(row);
    free(col);
    nqpf_table_free(t);
    return rc;
}

/* ---- QAP --------------------------------------------------------------------------------- */

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

/* The matrix of term @p name (n x n) for the block year's regions obs[0..n). */
static int term_matrix(double *m, const char *name, const run *r, const size_t *obs, size_t n, const unsigned char *a,
                       const double *y, const double *d)
{
    if (!*name)
        return nqpf_opt_error(NQPF_EUSAGE, "qap", "an empty term in '%s': expected Y~X1+X2", r->o->qap);
    for (size_t i = 0; i < n * n; i++) {
        if (strcmp(name, "network") == 0)
            m[i] = a[i];
        else if (strcmp(name, "gravity") == 0)
            m[i] = y[i];
        else if (strcmp(name, "distance") == 0)
            m[i] = d[i];
        else
            break;
        if (i + 1 == n * n)
            return NQPF_OK;
    }
    const nqpf_table *t = nqpf_panel_table(r->p);
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE || nqpf_table_is_text(t, j))
        return nqpf_opt_error(NQPF_EUSAGE, "qap",
                              "term '%s': expected network, gravity, distance or a numeric column of the data", name);
    const double *c;
    int rc = nqpf_panel_require(r->p, name, NQPF_REQ_COMPLETE, obs, n, "QAP term", &c);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            m[i * n + k] = fabs(c[obs[i]] - c[obs[k]]);
    return NQPF_OK;
}

static int do_qap(run *r, long year, const size_t *obs, size_t n, const unsigned char *a, const double *y,
                  const double *d)
{
    char *f = nqpf__strdup(r->o->qap), *names[NQPF_NETWORK_QAP_MAX + 1];
    double *mats = NULL;
    size_t k = 0;
    int rc = f ? NQPF_OK : NQPF_EINTERNAL;
    if (rc)
        return rc;
    char *tilde = strchr(f, '~');
    *tilde = 0;
    names[0] = trim(f);
    for (char *s = tilde + 1; !rc;) {
        char *plus = strchr(s, '+');
        if (plus)
            *plus = 0;
        if (k == NQPF_NETWORK_QAP_MAX)
            rc = nqpf_opt_error(NQPF_EUSAGE, "qap", "more than %d explanatory matrices in '%s'", NQPF_NETWORK_QAP_MAX,
                                r->o->qap);
        else
            names[++k] = trim(s);
        if (!plus)
            break;
        s = plus + 1;
    }
    if (!rc && !(mats = nqpf__malloc((k + 1) * n * n, sizeof *mats)))
        rc = NQPF_EINTERNAL;
    for (size_t c = 0; !rc && c <= k; c++)
        rc = term_matrix(mats + c * n * n, names[c], r, obs, n, a, y, d);
    nqpf_network_qap_result q;
    const double *xs[NQPF_NETWORK_QAP_MAX];
    for (size_t c = 0; c < k; c++)
        xs[c] = mats ? mats + (c + 1) * n * n : NULL;
    if (!rc && (rc = nqpf_network_qap(&q, mats, xs, k, n, r->o->reps, r->o->seed))) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        rc = nqpf_opt_error(rc, "qap", "%s", msg);
    }
    if (!rc) {
        size_t nrow = 2 * k + 1;
        nqpf_table *t = nqpf_table_new(nrow);
        const char *an[2 * NQPF_NETWORK_QAP_MAX + 1], *tn[2 * NQPF_NETWORK_QAP_MAX + 1];
        double col[14][2 * NQPF_NETWORK_QAP_MAX + 1];
        for (size_t i = 0; i < nrow; i++) {
            int corr = i < k;
            size_t c = corr ? i : i - k; /* mrqap: 0 = intercept */
            an[i] = corr ? "correlation" : "mrqap";
            tn[i] = corr ? names[c + 1] : (c == 0 ? "_cons" : names[c]);
            col[0][i] = (double)year;
            col[1][i] = corr ? q.corr[c] : q.beta[c];
            col[2][i] = corr ? NAN : q.std_beta[c];
            col[3][i] = corr ? q.corr_mean[c] : NAN;
            col[4][i] = corr ? q.corr_sd[c] : NAN;
            col[5][i] = corr ? q.corr_p_ge[c] : q.p_ge[c];
            col[6][i] = corr ? q.corr_p_le[c] : q.p_le[c];
            col[7][i] = corr ? q.corr_p[c] : q.p[c];
            col[8][i] = corr ? NAN : q.t[c];
            col[9][i] = corr ? NAN : q.r2;
            col[10][i] = corr ? NAN : q.adj_r2;
            col[11][i] = (double)q.cells;
            col[12][i] = (double)q.reps;
        }
        static const char *const cn[13] = {NULL,   "estimate", "std_estimate", "perm_mean", "perm_sd",
                                           "p_ge", "p_le",     "p_value",      "t",         "r2",
                                           "adj_r2", "cells",  "reps"};
        if (!t || nqpf_table_add_num(t, nqpf_panel_time_col(r->p), col[0], NULL) ||
            nqpf_table_add_text(t, "analysis", an, NULL) || nqpf_table_add_text(t, "term", tn, NULL))
            rc = NQPF_EINTERNAL;
        for (int c = 1; !rc && c < 13; c++)
            rc = nqpf_table_add_num(t, cn[c], col[c], NULL);
        if (rc)
            nqpf_table_free(t);
        else
            r->qap = t;
    }
    free(mats);
    free(f);
    return rc;
}

/* ---- blocks ------------------------------------------------------------------------------ */

static int do_blocks(run *r, long year, const size_t *obs, size_t n, const unsigned char *a, double density,
                     size_t *block)
{
    size_t nb = 0;
    int rc = nqpf_network_concor(block, &nb, a, n, r->o->concor_depth);
    if (rc)
        return rc;
    double *cnt = nqpf__calloc(nb * nb, sizeof *cnt), *sz = nqpf__calloc(nb, sizeof *sz);
    nqpf_table *t = nqpf_table_new(nb);
    char **mem = nqpf__calloc(nb, sizeof *mem);
    double *cols = nqpf__calloc((8 + 2 * nb) * nb, sizeof *cols);
    const char **role = nqpf__calloc(nb, sizeof *role);
    if (!cnt || !sz || !t || !mem || !cols || !role) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        sz[block[i] - 1] += 1;
        for (size_t j = 0; j < n; j++)
            if (i != j && a[i * n + j])
                cnt[(block[i] - 1) * nb + block[j] - 1] += 1;
    }
    for (size_t b = 0; b < nb; b++) {
        nqpf__buf s = NQPF__BUF_INIT;
        for (size_t i = 0; i < n; i++)
            if (block[i] == b + 1)
                nqpf__buf_printf(&s, "%s%s", s.len ? " " : "", nqpf_panel_unit_name(r->p, nqpf_panel_unit(r->p, obs[i])));
        if (s.failed || !(mem[b] = nqpf__strdup(nqpf__buf_cstr(&s))))
            rc = NQPF_EINTERNAL;
        nqpf__buf_free(&s);
        double within = cnt[b * nb + b], sent = 0, recv = 0;
        for (size_t c = 0; c < nb; c++)
            if (c != b) {
                sent += cnt[b * nb + c];
                recv += cnt[c * nb + b];
            }
        double expected = (sz[b] - 1) / (double)(n - 1);
        double actual = within + sent > 0 ? within / (within + sent) : NAN;
        int inside = (isnan(actual) ? 0 : actual) >= expected - 1e-12;
        nqpf_network_role ro = inside ? (recv > sent ? NQPF_ROLE_NET_BENEFICIAL : NQPF_ROLE_BILATERAL)
                                      : (recv > sent ? NQPF_ROLE_BROKER : NQPF_ROLE_NET_SPILLOVER);
        role[b] = nqpf_network_role_name(ro);
        double v[8] = {(double)year, (double)(b + 1), sz[b], within, sent, recv, expected, actual};
        for (int c = 0; c < 8; c++)
            cols[c * nb + b] = v[c];
        for (size_t c = 0; c < nb; c++) {
            double cells = c == b ? sz[b] * (sz[b] - 1) : sz[b] * sz[c];
            double dens = cells > 0 ? cnt[b * nb + c] / cells : NAN;
            cols[(8 + c) * nb + b] = dens;
            cols[(8 + nb + c) * nb + b] = dens > density ? 1 : 0;
        }
    }
    static const char *const cn[8] = {NULL, "block", "n_members", "links_within", "links_sent", "links_received",
                                      "expected_ratio", "actual_ratio"};
    if (!rc && (nqpf_table_add_num(t, nqpf_panel_time_col(r->p), cols, NULL) ||
                nqpf_table_add_num(t, cn[1], cols + nb, NULL) ||
                nqpf_table_add_text(t, "members", (const char *const *)mem, NULL)))
        rc = NQPF_EINTERNAL;
    for (int c = 2; !rc && c < 8; c++)
        rc = nqpf_table_add_num(t, cn[c], cols + (size_t)c * nb, NULL);
    if (!rc)
        rc = nqpf_table_add_text(t, "role", role, NULL);
    for (size_t c = 0; !rc && c < 2 * nb; c++) {
        char name[32];
        snprintf(name, sizeof name, "%s_b%zu", c < nb ? "density" : "image", c % nb + 1);
        rc = nqpf_table_add_num(t, name, cols + (8 + c) * nb, NULL);
    }
    if (!rc) {
        r->blocks = t;
        t = NULL;
    }
done:
    for (size_t b = 0; mem && b < nb; b++)
        free(mem[b]);
    free(mem);
    free(cnt);
    free(sz);
    free(cols);
    free(role);
    nqpf_table_free(t);
    return rc;
}

/* ---- one year ---------------------------------------------------------------------------- */

static int do_year(run *r, long year)
{
    const nqpf_panel *p = r->p;
    const nqpf_network_options *o = r->o;
    size_t nu = nqpf_panel_nunits(p), n = 0;
    size_t *obs = nqpf__malloc(nu, sizeof *obs), *unit = nqpf__malloc(nu, sizeof *unit);
    int rc = (obs && unit) ? NQPF_OK : NQPF_EINTERNAL;
    for (size_t u = 0; !rc && u < nu; u++) {
        size_t i = nqpf_panel_find(p, u, year);
        if (i != NQPF_NONE) {
            unit[n] = u;
            obs[n++] = i;
        }
    }
    if (!rc && n < 3)
        rc = nqpf_error_set(NQPF_EDATA, "network: year %ld has %zu regions: expected at least 3", year, n);
    double *m = NULL, *xv = NULL, *d = NULL, *y = NULL, *thr = NULL;
    unsigned char *a = NULL;
    nqpf_network_node *nodes = NULL;
    size_t *block = NULL;
    if (!rc) {
        m = nqpf__malloc(n, sizeof *m);
        xv = nqpf__malloc(n, sizeof *xv);
        thr = nqpf__malloc(n, sizeof *thr);
        d = nqpf__malloc(n * n, sizeof *d);
        y = nqpf__malloc(n * n, sizeof *y);
        a = nqpf__malloc(n * n, sizeof *a);
        nodes = nqpf__malloc(n, sizeof *nodes);
        block = nqpf__malloc(n, sizeof *block);
        if (!m || !xv || !thr || !d || !y || !a || !nodes || !block)
            rc = NQPF_EINTERNAL;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        double lg = log(r->x[obs[i]]);
        for (size_t c = 0; c < o->nmass; c++)
            lg += log(r->mass[c][obs[i]]);
        m[i] = exp(lg / (double)(o->nmass + 1));
        xv[i] = r->x[obs[i]];
        for (size_t j = 0; j < n; j++) {
            double dij = r->dm ? r->dm[unit[i] * nu + unit[j]]
                               : nqpf_network_haversine(r->lon[obs[i]], r->lat[obs[i]], r->lon[obs[j]], r->lat[obs[j]]);
            if (i == j)
                dij = 0;
            else if (!(dij > 0)) {
                char w1[96], w2[96];
                rc = nqpf_error_set(NQPF_EDATA,
                                    "network: %s and %s: regions '%s' and '%s' are at distance 0 in %ld: expected "
                                    "distinct coordinates",
                                    nqpf_panel_where(p, obs[i], w1, sizeof w1), nqpf_panel_where(p, obs[j], w2, sizeof w2),
                                    nqpf_panel_unit_name(p, unit[i]), nqpf_panel_unit_name(p, unit[j]), year);
                break;
            } else if (r->econ) {
                double gd = fabs(r->econ[obs[i]] - r->econ[obs[j]]);
                dij = gd > 0 ? dij / gd : INFINITY;
            }
            d[i * n + j] = dij;
        }
    }
    if (!rc)
        rc = nqpf_network_gravity(y, m, xv, d, n);
    if (!rc) {
        nqpf_network_binarize(a, thr, y, n, o->threshold);
        nqpf_network_whole w;
        rc = nqpf_network_measures(&w, nodes, a, n);
        int is_block = year == o->block_year;
        if (!rc && is_block)
            rc = do_blocks(r, year, obs, n, a, w.density, block);
        if (!rc && is_block && o->qap)
            rc = do_qap(r, year, obs, n, a, y, d);
        for (size_t i = 0; !rc && i < n; i++) {
            for (size_t j = 0; !rc && j < n; j++) {
                if (i == j)
                    continue;
                double v[L_N] = {d[i * n + j], y[i * n + j], thr[i], a[i * n + j]};
                rc = spush(&r->lobs, obs[i]) || spush(&r->lto, unit[j]);
                for (int c = 0; !rc && c < L_N; c++)
                    rc = dpush(&r->lk[c], v[c]);
            }
            const nqpf_network_node *x = &nodes[i];
            double v[C_N] = {r->lon ? r->lon[obs[i]] : NAN, r->lat ? r->lat[obs[i]] : NAN, x->in_degree,
                             x->out_degree, x->degree, x->degree_centrality, x->closeness_in, x->closeness_out,
                             x->closeness, x->betweenness, x->betweenness_norm, is_block ? (double)block[i] : NAN};
            rc = rc ? rc : spush(&r->cobs, obs[i]);
            for (int c = 0; !rc && c < C_N; c++)
                rc = dpush(&r->ce[c], v[c]);
        }
        double s[S_N] = {(double)year, (double)w.nodes, (double)w.links, w.density, w.connectedness,
                         w.hierarchy, w.efficiency, (double)w.components};
        for (int c = 0; !rc && c < S_N; c++)
            rc = dpush(&r->su[c], s[c]);
    }
    free(obs);
    free(unit);
    free(m);
    free(xv);
    free(thr);
    free(d);
    free(y);
    free(a);
    free(nodes);
    free(block);
    return rc;
}

int nqpf_network_run(nqpf_table **links, nqpf_table **centrality, nqpf_table **summary, nqpf_table **blocks,
                     nqpf_table **qap, const nqpf_panel *p, const nqpf_network_options *o)
{
    nqpf_table **outs[5] = {links, centrality, summary, blocks, qap};
    for (int k = 0; k < 5; k++)
        if (outs[k])
            *outs[k] = NULL;
    if (!o || o->version != NQPF_NETWORK_OPTIONS_VERSION)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_network_options: initialise with nqpf_network_options_init()");
    if (!o->var)
        return nqpf_opt_error(NQPF_EUSAGE, "var", "required: the variable of the network");
    if (!o->nmass || o->nmass > 7)
        return nqpf_opt_error(NQPF_EUSAGE, "mass", "expected 1 to 7 mass columns, found %zu", o->nmass);
    if (!(o->lon && o->lat) == !o->distance_matrix)
        return nqpf_opt_error(NQPF_EUSAGE, "coords", "expected either coordinates (coords) or a distance matrix");
    if (o->concor_depth < 1 || o->concor_depth > 4)
        return nqpf_opt_error(NQPF_EUSAGE, "concor_depth", "expected 1 to 4, found %u", o->concor_depth);
    run r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.o = o;
    nqpf_network_options oo = *o;
    int rc = nqpf_panel_require(p, o->var, NQPF_REQ_COMPLETE | NQPF_REQ_POSITIVE, NULL, 0, "network variable", &r.x);
    for (size_t c = 0; !rc && c < o->nmass; c++)
        rc = nqpf_panel_require(p, o->mass[c], NQPF_REQ_COMPLETE | NQPF_REQ_POSITIVE, NULL, 0, "network mass",
                                &r.mass[c]);
    if (!rc && o->lon)
        rc = nqpf_panel_require(p, o->lon, NQPF_REQ_COMPLETE, NULL, 0, "longitude", &r.lon);
    if (!rc && o->lat)
        rc = nqpf_panel_require(p, o->lat, NQPF_REQ_COMPLETE, NULL, 0, "latitude", &r.lat);
    if (!rc && o->econ)
        rc = nqpf_panel_require(p, o->econ, NQPF_REQ_COMPLETE, NULL, 0, "economic distance", &r.econ);
    if (!rc && o->distance_matrix)
        rc = read_matrix(&r);
    size_t nt = 0;
    const long *times = nqpf_panel_times(p, &nt);
    if (!rc && o->year && nqpf_panel_time_index(p, o->year) == NQPF_NONE)
        rc = nqpf_opt_error(NQPF_EDATA, "year", "%ld is not a year of the data (%ld to %ld)", o->year, times[0],
                            times[nt - 1]);
    oo.block_year = o->year ? o->year : times[nt - 1];
    r.o = &oo;
    for (size_t k = 0; !rc && k < nt; k++)
        if (!o->year || times[k] == o->year)
            rc = do_year(&r, times[k]);
    nqpf_table *tl = NULL, *tc = NULL, *ts = NULL;
    if (!rc && links) {
        const char **to = nqpf__malloc(r.lto.n ? r.lto.n : 1, sizeof *to);
        tl = nqpf_panel_result_new(p, r.lobs.v, r.lobs.n);
        if (!to || !tl)
            rc = NQPF_EINTERNAL;
        for (size_t i = 0; !rc && i < r.lto.n; i++)
            to[i] = nqpf_panel_unit_name(p, r.lto.v[i]);
        if (!rc)
            rc = nqpf_table_add_text(tl, "to", to, NULL);
        for (int c = 0; !rc && c < L_N; c++)
            rc = nqpf_table_add_num(tl, link_cols[c], r.lk[c].v, NULL);
        free(to);
    }
    if (!rc && centrality) {
        if (!(tc = nqpf_panel_result_new(p, r.cobs.v, r.cobs.n)))
            rc = NQPF_EINTERNAL;
        for (int c = o->lon ? 0 : 2; !rc && c < C_N; c++)
            rc = nqpf_table_add_num(tc, cent_cols[c], r.ce[c].v, NULL);
    }
    if (!rc && summary) {
        if (!(ts = nqpf_table_new(r.su[0].n)))
            rc = NQPF_EINTERNAL;
        for (int c = 0; !rc && c < S_N; c++)
            rc = nqpf_table_add_num(ts, c ? sum_cols[c] : nqpf_panel_time_col(p), r.su[c].v, NULL);
    }
    if (rc) {
        nqpf_table_free(tl);
        nqpf_table_free(tc);
        nqpf_table_free(ts);
        run_free(&r);
        return rc;
    }
    if (links)
        *links = tl;
    if (centrality)
        *centrality = tc;
    if (summary)
        *summary = ts;
    if (blocks) {
        *blocks = r.blocks;
        r.blocks = NULL;
    }
    if (qap) {
        *qap = r.qap;
        r.qap = NULL;
    }
    run_free(&r);
    return NQPF_OK;
}
