/* Spatial correlation networks: the gravity matrix and its threshold, Krackhardt's whole-network
 * measures and UCINET-style centralities (through igraph), CONCOR, and QAP / MRQAP permutation
 * tests. The formulas and their sources are in docs/network.md. */
#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "nqpf/network.h"
#include "util/util.h"

#define EARTH_RADIUS 6371.0
#define DEG (3.14159265358979323846 / 180.0)

double nqpf_network_haversine(double lon1, double lat1, double lon2, double lat2)
{
    double p1 = lat1 * DEG, p2 = lat2 * DEG, dp = (lat2 - lat1) * DEG, dl = (lon2 - lon1) * DEG;
    double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (h > 1)
        h = 1;
    return 2 * EARTH_RADIUS * asin(sqrt(h));
}

int nqpf_network_gravity(double *y, const double *m, const double *x, const double *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double dij = d[i * n + j];
            if (i == j) {
                y[i * n + j] = 0;
                continue;
            }
            if (!(dij > 0) || isnan(dij))
                return nqpf_error_set(NQPF_EDATA,
                                      "network: the distance between regions %zu and %zu is %g: expected a positive "
                                      "distance (two regions at the same place, or an empty matrix cell?)",
                                      i + 1, j + 1, dij);
            y[i * n + j] = isinf(dij) ? 0 : x[i] / (x[i] + x[j]) * m[i] * m[j] / (dij * dij);
        }
    return NQPF_OK;
}

void nqpf_network_binarize(unsigned char *a, double *thr, const double *y, size_t n, nqpf_network_threshold rule)
{
    double all = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                all += y[i * n + j];
    all /= (double)(n * (n - 1));
    for (size_t i = 0; i < n; i++) {
        double t = all;
        if (rule == NQPF_NETWORK_ROW_MEAN) {
            t = 0;
            for (size_t j = 0; j < n; j++)
                if (j != i)
                    t += y[i * n + j];
            t /= (double)(n - 1);
        }
        if (thr)
            thr[i] = t;
        for (size_t j = 0; j < n; j++)
            a[i * n + j] = (unsigned char)(i != j && y[i * n + j] > t);
    }
}

/* ---- igraph ------------------------------------------------------------------------------ */

static void igraph_quiet(void)
{
    /* igraph's default error handler aborts: the library must not. Both handlers are per thread
     * in Debian's igraph (thread-local storage), so this is set on every call. */
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

static int make_graph(igraph_t *g, const unsigned char *a, size_t n, igraph_bool_t directed)
{
    igraph_vector_int_t e;
    if (igraph_vector_int_init(&e, 0))
        return nqpf__nomem("the network graph (igraph)");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int on = directed ? a[i * n + j] : (j > i && (a[i * n + j] || a[j * n + i]));
            if (i != j && on &&
                (igraph_vector_int_push_back(&e, (igraph_integer_t)i) ||
                 igraph_vector_int_push_back(&e, (igraph_integer_t)j))) {
                igraph_vector_int_destroy(&e);
                return nqpf__nomem("the network graph (igraph)");
            }
        }
    int rc = igraph_create(g, &e, (igraph_integer_t)n, directed);
    igraph_vector_int_destroy(&e);
    return rc ? nqpf_error_set(NQPF_EINTERNAL, "network: igraph_create failed (%d)", rc) : NQPF_OK;
}

/* Distances (n x n, row-major; unreachable = INFINITY) of @p g in @p mode. */
static int distances(double *dist, const igraph_t *g, size_t n, igraph_neimode_t mode)
{
    igraph_matrix_t m;
    if (igraph_matrix_init(&m, 0, 0))
        return nqpf__nomem("the network graph (igraph)");
    int rc = igraph_distances(g, &m, igraph_vss_all(), igraph_vss_all(), mode);
    if (rc) {
        igraph_matrix_destroy(&m);
        return nqpf_error_set(NQPF_EINTERNAL, "network: igraph_distances failed (%d)", rc);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = MATRIX(m, (igraph_integer_t)i, (igraph_integer_t)j);
            dist[i * n + j] = (v == IGRAPH_INFINITY || !isfinite(v)) ? INFINITY : v;
        }
    igraph_matrix_destroy(&m);
    return NQPF_OK;
}

/* UCINET's closeness: 100 (N-1) / farness, an unreachable node counted at distance N. Row sums
 * (@p by_row) or column sums of @p dist. */
static double closeness_of(const double *dist, size_t n, size_t v, int by_row)
{
    double far = 0;
    for (size_t u = 0; u < n; u++) {
        if (u == v)
            continue;
        double d = by_row ? dist[v * n + u] : dist[u * n + v];
        far += isinf(d) ? (double)n : d;
    }
    return 100.0 * (double)(n - 1) / far;
}

int nqpf_network_measures(nqpf_network_whole *w, nqpf_network_node *nodes, const unsigned char *a, size_t n)
{
    if (n < 3)
        return nqpf_error_set(NQPF_EDATA, "network: %zu regions: expected at least 3 for the network measures", n);
    igraph_quiet();
    igraph_t g, u;
    double *dout = nqpf__malloc(n * n, sizeof *dout), *dall = nqpf__malloc(n * n, sizeof *dall);
    int rc = (dout && dall) ? NQPF_OK : NQPF_EINTERNAL, have_g = 0, have_u = 0;
    if (!rc && !(rc = make_graph(&g, a, n, IGRAPH_DIRECTED)))
        have_g = 1;
    if (!rc && !(rc = make_graph(&u, a, n, IGRAPH_UNDIRECTED)))
        have_u = 1;
    if (!rc)
        rc = distances(dout, &g, n, IGRAPH_OUT);
    if (!rc)
        rc = distances(dall, &u, n, IGRAPH_ALL);
    if (!rc && nodes) {
        igraph_vector_t bet;
        if (igraph_vector_init(&bet, 0)) {
            rc = nqpf__nomem("the network graph (igraph)");
        } else if (igraph_betweenness(&g, &bet, igraph_vss_all(), IGRAPH_DIRECTED, NULL)) {
            igraph_vector_destroy(&bet);
            rc = nqpf_error_set(NQPF_EINTERNAL, "network: igraph_betweenness failed");
        } else {
            for (size_t v = 0; v < n; v++) {
                nqpf_network_node *x = &nodes[v];
                memset(x, 0, sizeof *x);
                for (size_t k = 0; k < n; k++) {
                    if (k == v)
                        continue;
                    x->out_degree += a[v * n + k];
                    x->in_degree += a[k * n + v];
                    x->degree += (a[v * n + k] || a[k * n + v]);
                }
                x->degree_centrality = 100.0 * x->degree / (double)(n - 1);
                x->closeness_out = closeness_of(dout, n, v, 1);
                x->closeness_in = closeness_of(dout, n, v, 0);
                x->closeness = closeness_of(dall, n, v, 1);
                x->betweenness = VECTOR(bet)[(igraph_integer_t)v];
                x->betweenness_norm = 100.0 * x->betweenness / ((double)(n - 1) * (double)(n - 2));
            }
            igraph_vector_destroy(&bet);
        }
    }
    if (!rc && w) {
        igraph_vector_int_t memb, csize;
        igraph_integer_t nc = 0;
        int have_m = igraph_vector_int_init(&memb, 0) == IGRAPH_SUCCESS;
        int have_c = have_m && igraph_vector_int_init(&csize, 0) == IGRAPH_SUCCESS;
        if (!have_c || igraph_connected_components(&g, &memb, &csize, &nc, IGRAPH_WEAK)) {
            rc = nqpf__nomem("the network's connected components (igraph)");
        } else {
            memset(w, 0, sizeof *w);
            w->nodes = n;
            size_t und = 0, both = 0, either = 0, apart = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) {
                    w->links += (i != j && a[i * n + j]);
                    if (j <= i)
                        continue;
                    und += (a[i * n + j] || a[j * n + i]);
                    int rij = !isinf(dout[i * n + j]), rji = !isinf(dout[j * n + i]);
                    both += rij && rji;
                    either += rij || rji;
                    apart += VECTOR(memb)[(igraph_integer_t)i] != VECTOR(memb)[(igraph_integer_t)j];
                }
            double pairs = (double)n * (double)(n - 1) / 2;
            w->components = (size_t)nc;
            w->density = (double)w->links / (2 * pairs);
            w->connectedness = 1 - (double)apart / pairs;
            w->hierarchy = either ? 1 - (double)both / (double)either : NAN;
            double maxv = 0;
            for (igraph_integer_t c = 0; c < nc; c++) {
                double s = (double)VECTOR(csize)[c];
                maxv += s * (s - 1) / 2 - (s - 1);
            }
            double excess = (double)und - (double)(n - (size_t)nc);
            w->efficiency = maxv > 0 ? 1 - excess / maxv : NAN;
        }
        if (have_m)
            igraph_vector_int_destroy(&memb);
        if (have_c)
            igraph_vector_int_destroy(&csize);
    }
    if (have_g)
        igraph_destroy(&g);
    if (have_u)
        igraph_destroy(&u);
    free(dout);
    free(dall);
    return rc;
}

/* ---- CONCOR ------------------------------------------------------------------------------ */

/* Pearson correlation of x and y (len values); 0 when either is constant. */
static double pearson(const double *x, const double *y, size_t len)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (size_t k = 0; k < len; k++) {
        mx += x[k];
        my += y[k];
    }
    mx /= (double)len;
    my /= (double)len;
    for (size_t k = 0; k < len; k++) {
        sxy += (x[k] - mx) * (y[k] - my);
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
    }
    return (sxx > 0 && syy > 0) ? sxy / sqrt(sxx * syy) : 0;
}

/* Splits members m[0..s) in place: the first *s1 go with m[0]. Returns 0 when no split happened. */
static int concor_split(size_t *m, size_t s, size_t *s1, const unsigned char *a, size_t n, double *c, double *c2,
                        double *px, double *py, size_t *tmp)
{
    *s1 = s;
    if (s < 2)
        return 0;
    /* Initial correlations of the stacked profiles (row and column), self-ties of both nodes left out. */
    for (size_t p = 0; p < s; p++)
        for (size_t q = 0; q < s; q++) {
            if (p == q) {
                c[p * s + q] = 1;
                continue;
            }
            size_t i = m[p], j = m[q], len = 0;
            for (size_t k = 0; k < n; k++) {
                if (k == i || k == j)
                    continue;
                px[len] = a[i * n + k];
                py[len++] = a[j * n + k];
                px[len] = a[k * n + i];
                py[len++] = a[k * n + j];
            }
            c[p * s + q] = len > 1 ? pearson(px, py, len) : 0;
        }
    for (int round = 0; round < 100; round++) {
        int done = 1;
        for (size_t k = 0; k < s * s && done; k++)
            done = fabs(fabs(c[k]) - 1) < 1e-10;
        if (done)
            break;
        for (size_t p = 0; p < s; p++)
            for (size_t q = 0; q < s; q++) {
                for (size_t r = 0; r < s; r++) {
                    px[r] = c[r * s + p];
                    py[r] = c[r * s + q];
                }
                c2[p * s + q] = p == q ? 1 : pearson(px, py, s);
            }
        memcpy(c, c2, s * s * sizeof *c);
    }
    size_t k1 = 0, k2 = 0;
    for (size_t p = 0; p < s; p++)
        if (c[p * s] > 0)
            m[k1++] = m[p];
        else
            tmp[k2++] = m[p];
    memcpy(m + k1, tmp, k2 * sizeof *m);
    *s1 = k1;
    return k2 > 0;
}

int nqpf_network_concor(size_t *block, size_t *nblocks, const unsigned char *a, size_t n, unsigned depth)
{
    size_t *m = nqpf__malloc(n, sizeof *m), *tmp = nqpf__malloc(n, sizeof *tmp);
    size_t *bstart = nqpf__malloc(n + 1, sizeof *bstart), *bnew = nqpf__malloc(n + 1, sizeof *bnew);
    double *c = nqpf__malloc(n * n, sizeof *c), *c2 = nqpf__malloc(n * n, sizeof *c2);
    double *px = nqpf__malloc(2 * n + 2, sizeof *px), *py = nqpf__malloc(2 * n + 2, sizeof *py);
    int rc = NQPF_OK;
    if (!m || !tmp || !bstart || !bnew || !c || !c2 || !px || !py) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Parts are contiguous ranges of m: [bstart[b], bstart[b+1]). */
    for (size_t i = 0; i < n; i++)
        m[i] = i;
    size_t nb = 1;
    bstart[0] = 0;
    bstart[1] = n;
    for (unsigned d = 0; d < depth; d++) {
        size_t nn = 0;
        for (size_t b = 0; b < nb; b++) {
            size_t lo = bstart[b], s = bstart[b + 1] - lo, s1;
            bnew[nn++] = lo;
            if (concor_split(m + lo, s, &s1, a, n, c, c2, px, py, tmp))
                bnew[nn++] = lo + s1;
        }
        bnew[nn] = n;
        memcpy(bstart, bnew, (nn + 1) * sizeof *bstart);
        nb = nn;
    }
    for (size_t b = 0; b < nb; b++)
        for (size_t k = bstart[b]; k < bstart[b + 1]; k++)
            block[m[k]] = b + 1;
    *nblocks = nb;
done:
    free(m);
    free(tmp);
    free(bstart);
    free(bnew);
    free(c);
    free(c2);
    free(px);
    free(py);
    return rc;
}

const char *nqpf_network_role_name(nqpf_network_role r)
{
    switch (r) {
    case NQPF_ROLE_NET_BENEFICIAL: return "net_beneficial";
    case NQPF_ROLE_BILATERAL: return "bilateral_spillover";
    case NQPF_ROLE_BROKER: return "broker";
    case NQPF_ROLE_NET_SPILLOVER: return "net_spillover";
    }
    return "?";
}

/* ---- QAP --------------------------------------------------------------------------------- */

#define QP (NQPF_NETWORK_QAP_MAX + 1)

/* OLS of y on the columns cols[0..p) (N values each; cols[0] is the constant when the caller puts
 * it there) by the normal equations with column scaling. t[0..p) gets the t statistics, beta the
 * coefficients (NULL allowed), *rss the residual sum of squares. Returns -1 when X'X is singular. */
static int ols(double *t, double *beta, double *rss, const double *y, const double *const *cols, size_t p, size_t N)
{
    double sc[QP], xtx[QP * QP], xty[QP], L[QP * QP], inv[QP * QP], b[QP];
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        for (size_t r = 0; r < N; r++)
            s += cols[j][r] * cols[j][r];
        sc[j] = s > 0 ? 1 / sqrt(s) : 0;
        if (!(s > 0))
            return -1;
    }
    for (size_t j = 0; j < p; j++) {
        double sy = 0;
        for (size_t r = 0; r < N; r++)
            sy += cols[j][r] * y[r];
        xty[j] = sy * sc[j];
        for (size_t l = 0; l <= j; l++) {
            double s = 0;
            for (size_t r = 0; r < N; r++)
                s += cols[j][r] * cols[l][r];
            xtx[j * p + l] = xtx[l * p + j] = s * sc[j] * sc[l];
        }
    }
    /* Cholesky X'X = L L' (X'X scaled to a unit diagonal, so 1e-12 is a relative pivot bound). */
    memset(L, 0, sizeof L);
    for (size_t j = 0; j < p; j++) {
        double s = xtx[j * p + j];
        for (size_t k = 0; k < j; k++)
            s -= L[j * p + k] * L[j * p + k];
        if (!(s > 1e-12))
            return -1;
        L[j * p + j] = sqrt(s);
        for (size_t i = j + 1; i < p; i++) {
            double v = xtx[i * p + j];
            for (size_t k = 0; k < j; k++)
                v -= L[i * p + k] * L[j * p + k];
            L[i * p + j] = v / L[j * p + j];
        }
    }
    /* inverse column by column */
    for (size_t c = 0; c < p; c++) {
        double z[QP];
        for (size_t i = 0; i < p; i++) {
            double v = i == c ? 1 : 0;
            for (size_t k = 0; k < i; k++)
                v -= L[i * p + k] * z[k];
            z[i] = v / L[i * p + i];
        }
        for (size_t i = p; i-- > 0;) {
            double v = z[i];
            for (size_t k = i + 1; k < p; k++)
                v -= L[k * p + i] * inv[k * p + c];
            inv[i * p + c] = v / L[i * p + i];
        }
    }
    for (size_t j = 0; j < p; j++) {
        double s = 0;
        for (size_t l = 0; l < p; l++)
            s += inv[j * p + l] * xty[l];
        b[j] = s;
    }
    double r2 = 0;
    for (size_t r = 0; r < N; r++) {
        double f = 0;
        for (size_t j = 0; j < p; j++)
            f += cols[j][r] * b[j] * sc[j];
        r2 += (y[r] - f) * (y[r] - f);
    }
    double s2 = r2 / (double)(N - p);
    for (size_t j = 0; j < p; j++) {
        double se = sqrt(s2 * inv[j * p + j]);
        t[j] = se > 0 ? b[j] / se : (b[j] == 0 ? 0 : copysign(INFINITY, b[j]));
        if (beta)
            beta[j] = b[j] * sc[j];
    }
    if (rss)
        *rss = r2;
    return 0;
}

/* The off-diagonal cells of matrix M (n x n) under node permutation pi, row-major order. */
static void cells_of(double *out, const double *M, const size_t *pi, size_t n)
{
    size_t r = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                out[r++] = M[pi[i] * n + pi[j]];
}

static double sd_of(const double *v, size_t N)
{
    double m = 0, s = 0;
    for (size_t r = 0; r < N; r++)
        m += v[r];
    m /= (double)N;
    for (size_t r = 0; r < N; r++)
        s += (v[r] - m) * (v[r] - m);
    return sqrt(s / (double)(N - 1));
}

/* ge/le with a relative tolerance, so that the identity permutation counts as "as large". */
static int ge_tol(double a, double b) { return a >= b - 1e-9 * (1 + fabs(b)); }

int nqpf_network_qap(nqpf_network_qap_result *res, const double *y, const double *const *x, size_t k, size_t n,
                     size_t reps, unsigned long long seed)
{
    if (!k || k > NQPF_NETWORK_QAP_MAX)
        return nqpf_error_set(NQPF_EUSAGE, "network: QAP with %zu explanatory matrices: expected 1 to %d", k,
                              NQPF_NETWORK_QAP_MAX);
    if (n < 3)
        return nqpf_error_set(NQPF_EDATA, "network: QAP on %zu nodes: expected at least 3", n);
    if (!reps)
        return nqpf_error_set(NQPF_EUSAGE, "network: QAP with 0 permutations: expected reps >= 1");
    size_t N = n * (n - 1), p = k + 1;
    for (size_t c = 0; c <= k; c++)
        for (size_t i = 0; i < n * n; i++) {
            double v = c == 0 ? y[i] : x[c - 1][i];
            if (i / n != i % n && !isfinite(v))
                return nqpf_error_set(NQPF_EDATA, "network: QAP: %s, cell (%zu, %zu) is %g: expected a finite number",
                                      c == 0 ? "the dependent matrix" : "an explanatory matrix", i / n + 1,
                                      i % n + 1, v);
        }
    memset(res, 0, sizeof *res);
    res->k = k;
    res->cells = N;
    res->reps = reps;
    int rc = NQPF_OK;
    double *buf = nqpf__calloc((k + 3) * N, sizeof *buf);
    size_t *pi = nqpf__malloc(n, sizeof *pi), *id = nqpf__malloc(n, sizeof *id);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double *sum = NULL;
    if (!buf || !pi || !id || !rng) {
        rc = nqpf__nomem("the network QAP permutations");
        goto done;
    }
    gsl_rng_set(rng, (unsigned long)seed);
    double *yv = buf, *one = buf + N, *xv[NQPF_NETWORK_QAP_MAX], *perm = buf + (k + 2) * N;
    for (size_t i = 0; i < n; i++)
        id[i] = i;
    cells_of(yv, y, id, n);
    for (size_t r = 0; r < N; r++)
        one[r] = 1;
    for (size_t c = 0; c < k; c++) {
        xv[c] = buf + (2 + c) * N;
        cells_of(xv[c], x[c], id, n);
        if (!(sd_of(xv[c], N) > 0)) {
            rc = nqpf_error_set(NQPF_EDATA, "network: QAP: explanatory matrix %zu is constant off the diagonal: "
                                            "expected a matrix that varies",
                                c + 1);
            goto done;
        }
    }
    if (!(sd_of(yv, N) > 0)) {
        rc = nqpf_error_set(NQPF_EDATA, "network: QAP: the dependent matrix is constant off the diagonal");
        goto done;
    }
    /* Full regression. */
    const double *cols[QP];
    cols[0] = one;
    for (size_t c = 0; c < k; c++)
        cols[c + 1] = xv[c];
    double rss;
    if (ols(res->t, res->beta, &rss, yv, cols, p, N) || N <= p) {
        rc = nqpf_error_set(NQPF_EDATA, "network: QAP: the explanatory matrices are collinear (or too few cells): "
                                        "drop one of them");
        goto done;
    }
    double sdy = sd_of(yv, N), my = 0, tss = 0;
    for (size_t r = 0; r < N; r++)
        my += yv[r];
    my /= (double)N;
    for (size_t r = 0; r < N; r++)
        tss += (yv[r] - my) * (yv[r] - my);
    res->r2 = 1 - rss / tss;
    res->adj_r2 = 1 - (1 - res->r2) * (double)(N - 1) / (double)(N - p);
    res->std_beta[0] = NAN;
    res->p[0] = res->p_ge[0] = res->p_le[0] = NAN;
    for (size_t c = 0; c < k; c++) {
        res->std_beta[c + 1] = res->beta[c + 1] * sd_of(xv[c], N) / sdy;
        res->corr[c] = pearson(yv, xv[c], N);
    }
    /* Residuals of each X on the others (double semi-partialling), stored as matrices (diagonal 0). */
    double *emats = nqpf__calloc(k * n * n, sizeof *emats);
    sum = emats;
    if (!emats) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t c = 0; c < k; c++) {
        const double *oc[QP];
        size_t q = 0;
        oc[q++] = one;
        for (size_t l = 0; l < k; l++)
            if (l != c)
                oc[q++] = xv[l];
        double tt[QP], bb[QP];
        if (ols(tt, bb, NULL, xv[c], oc, q, N)) {
            rc = nqpf_error_set(NQPF_EDATA, "network: QAP: the explanatory matrices are collinear: drop one of them");
            goto done;
        }
        size_t r = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (i == j)
                    continue;
                double f = 0;
                for (size_t l = 0; l < q; l++)
                    f += bb[l] * oc[l][r];
                emats[c * n * n + i * n + j] = xv[c][r] - f;
                r++;
            }
    }
    double csum[NQPF_NETWORK_QAP_MAX] = {0}, csq[NQPF_NETWORK_QAP_MAX] = {0};
    size_t cge[NQPF_NETWORK_QAP_MAX] = {0}, cle[NQPF_NETWORK_QAP_MAX] = {0}, cab[NQPF_NETWORK_QAP_MAX] = {0};
    size_t tge[QP] = {0}, tle[QP] = {0}, tab[QP] = {0};
    for (size_t rep = 0; rep < reps; rep++) {
        for (size_t i = 0; i < n; i++)
            pi[i] = i;
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = (size_t)gsl_rng_uniform_int(rng, (unsigned long)(i + 1)), s = pi[i];
            pi[i] = pi[j];
            pi[j] = s;
        }
        for (size_t c = 0; c < k; c++) {
            /* QAP correlation: X_c permuted. */
            cells_of(perm, x[c], pi, n);
            double r = pearson(yv, perm, N);
            csum[c] += r;
            csq[c] += r * r;
            cge[c] += ge_tol(r, res->corr[c]);
            cle[c] += ge_tol(-r, -res->corr[c]);
            cab[c] += ge_tol(fabs(r), fabs(res->corr[c]));
            /* MRQAP (DSP): the residual of X_c permuted, the other X's in place. */
            cells_of(perm, emats + c * n * n, pi, n);
            const double *oc[QP];
            size_t q = 0;
            oc[q++] = one;
            oc[q++] = perm;
            for (size_t l = 0; l < k; l++)
                if (l != c)
                    oc[q++] = xv[l];
            double tt[QP];
            if (ols(tt, NULL, NULL, yv, oc, q, N)) {
                tt[1] = 0; /* a permuted residual collinear with the others: no association */
            }
            double t0 = res->t[c + 1];
            tge[c + 1] += ge_tol(tt[1], t0);
            tle[c + 1] += ge_tol(-tt[1], -t0);
            tab[c + 1] += ge_tol(fabs(tt[1]), fabs(t0));
        }
    }
    for (size_t c = 0; c < k; c++) {
        double R = (double)reps;
        res->corr_mean[c] = csum[c] / R;
        res->corr_sd[c] = reps > 1 ? sqrt(fmax(0, (csq[c] - csum[c] * csum[c] / R) / (R - 1))) : NAN;
        res->corr_p_ge[c] = (double)cge[c] / R;
        res->corr_p_le[c] = (double)cle[c] / R;
        res->corr_p[c] = (double)cab[c] / R;
        res->p_ge[c + 1] = (double)tge[c + 1] / R;
        res->p_le[c + 1] = (double)tle[c + 1] / R;
        res->p[c + 1] = (double)tab[c + 1] / R;
    }
done:
    free(sum);
    if (rng)
        gsl_rng_free(rng);
    free(buf);
    free(pi);
    free(id);
    return rc;
}
