/* Spatial correlation networks (src/network) against references written here:
 * - the gravity matrix of 3 regions by hand (the distance by the spherical law of cosines, a second
 *   formula for the great circle; the literature's y_ij = k_ij M_i M_j / d^2), the row-mean rule, the
 *   economic distance, and the same through a distance-matrix file;
 * - degree, closeness (UCINET: unreachable at distance N), betweenness (path counting over
 *   Floyd-Warshall distances) and Krackhardt's connectedness, hierarchy and efficiency, by brute
 *   force on small random digraphs, against the library (which computes them with igraph);
 * - CONCOR on graphs with a known block structure;
 * - QAP correlation and MRQAP (Dekker's double semi-partialling) p-values on 5 nodes against the
 *   exact enumeration of all 120 permutations, within 4 sqrt(p(1-p)/reps) (4 Monte Carlo standard
 *   errors), with the observed statistics against an OLS written here;
 * - the 31-province case (tests/data/network): links of 2021 against the same hand formula. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const double R_EARTH = 6371.0, PI = 3.14159265358979323846;

/* Great-circle distance by the spherical law of cosines (not the library's haversine). */
static double arc_km(double lon1, double lat1, double lon2, double lat2)
{
    double r = PI / 180, c = sin(lat1 * r) * sin(lat2 * r) + cos(lat1 * r) * cos(lat2 * r) * cos((lon2 - lon1) * r);
    return R_EARTH * acos(c > 1 ? 1 : c);
}

/* ---- gravity ----------------------------------------------------------------------------- */

static const char three_csv[] = "id,year,lon,lat,P,G,X,g\n"
                                "BJ,2021,116.40,39.90,2189,40270,0.62,18.4\n"
                                "SH,2021,121.47,31.23,2489,43215,0.71,17.4\n"
                                "GZ,2021,113.26,23.13,12684,124370,0.55,9.8\n";

static nqpf_optset *opts(const char *const *kv)
{
    nqpf_optset *s = NULL;
    assert_int_equal(nqpf_optset_new(&s, nqpf_method_find("network"), NQPF_KEYS_STUDY), NQPF_OK);
    for (; *kv; kv += 2)
        if (nqpf_optset_add(s, kv[0], kv[1]))
            fail_msg("%s", nqpf_error_message());
    return s;
}

static void hand_gravity(double y[3][3], int econ)
{
    static const double lon[3] = {116.40, 121.47, 113.26}, lat[3] = {39.90, 31.23, 23.13};
    static const double P[3] = {2189, 2489, 12684}, G[3] = {40270, 43215, 124370}, X[3] = {0.62, 0.71, 0.55};
    static const double g[3] = {18.4, 17.4, 9.8};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            if (i == j) {
                y[i][j] = 0;
                continue;
            }
            double d = arc_km(lon[i], lat[i], lon[j], lat[j]);
            if (econ)
                d /= fabs(g[i] - g[j]);
            y[i][j] = X[i] / (X[i] + X[j]) * cbrt(P[i] * G[i] * X[i]) * cbrt(P[j] * G[j] * X[j]) / (d * d);
        }
}

static void check_links(const nqpf_table *t, double y[3][3])
{
    static const char *const ids[3] = {"BJ", "SH", "GZ"};
    assert_int_equal(nqpf_table_nrows(t), 6);
    size_t jid = 0, jto = nqpf_table_find(t, "to");
    const double *gv = nqpf_table_cnum(t, nqpf_table_find(t, "gravity"));
    const double *lk = nqpf_table_cnum(t, nqpf_table_find(t, "link"));
    assert_non_null(gv);
    assert_non_null(lk);
    for (size_t r = 0; r < 6; r++) {
        int i = -1, j = -1;
        for (int k = 0; k < 3; k++) {
            if (strcmp(nqpf_table_text(t, jid, r), ids[k]) == 0)
                i = k;
            if (strcmp(nqpf_table_text(t, jto, r), ids[k]) == 0)
                j = k;
        }
        assert_true(i >= 0 && j >= 0 && i != j);
        tu_assert_close(gv[r], y[i][j], 1e-9, 0, "gravity");
        /* row mean of two entries: the larger one is the only link of the row */
        int other = 3 - i - j;
        assert_int_equal((int)lk[r], y[i][j] > y[i][other]);
    }
}

static void test_gravity_three(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(three_csv, "id", "year");
    double y[3][3];
    for (int econ = 0; econ < 2; econ++) {
        const char *kv[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", econ ? "econ" : NULL, "g", NULL};
        nqpf_optset *s = opts(kv);
        nqpf_network_options o;
        nqpf_table *links = NULL;
        assert_int_equal(nqpf_network_options_parse(&o, s), NQPF_OK);
        if (nqpf_network_run(&links, NULL, NULL, NULL, NULL, p, &o))
            fail_msg("%s", nqpf_error_message());
        hand_gravity(y, econ);
        check_links(links, y);
        nqpf_table_free(links);
        nqpf_optset_free(s);
    }
    /* The same through a distance-matrix file (distances from the law of cosines, 17 digits). */
    static const double lon[3] = {116.40, 121.47, 113.26}, lat[3] = {39.90, 31.23, 23.13};
    char text[1024], *w = text;
    static const char *const ids[3] = {"BJ", "SH", "GZ"};
    w += sprintf(w, "id,GZ,BJ,SH\n"); /* columns in another order than the rows */
    for (int i = 0; i < 3; i++) {
        w += sprintf(w, "%s", ids[i]);
        static const int cols[3] = {2, 0, 1};
        for (int c = 0; c < 3; c++)
            w += sprintf(w, ",%.17g", arc_km(lon[i], lat[i], lon[cols[c]], lat[cols[c]]));
        w += sprintf(w, "\n");
    }
    const char *path = tu_write_tmp("dist.csv", text);
    const char *kv[] = {"var", "X", "mass", "P,G", "distance_matrix", path, NULL};
    nqpf_optset *s = opts(kv);
    nqpf_network_options o;
    nqpf_table *links = NULL;
    assert_int_equal(nqpf_network_options_parse(&o, s), NQPF_OK);
    if (nqpf_network_run(&links, NULL, NULL, NULL, NULL, p, &o))
        fail_msg("%s", nqpf_error_message());
    hand_gravity(y, 0);
    check_links(links, y);
    nqpf_table_free(links);
    nqpf_optset_free(s);
    /* A matrix that lacks a region: a data error naming it. */
    const char *bad = tu_write_tmp("dist_bad.csv", "id,BJ,SH\nBJ,0,1000\nSH,1000,0\n");
    const char *kv2[] = {"var", "X", "mass", "P,G", "distance_matrix", bad, NULL};
    s = opts(kv2);
    assert_int_equal(nqpf_network_options_parse(&o, s), NQPF_OK);
    tu_assert_error(nqpf_network_run(&links, NULL, NULL, NULL, NULL, p, &o), NQPF_EDATA, "region 'GZ'");
    nqpf_optset_free(s);
    nqpf_panel_free(p);
}

/* ---- brute-force network measures -------------------------------------------------------- */

static unsigned long lcg_state;
static double lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

#define NMAX 10

typedef struct brute {
    double in[NMAX], out[NMAX], deg[NMAX], cin[NMAX], cout[NMAX], call[NMAX], bet[NMAX];
    double density, connectedness, hierarchy, efficiency;
} brute;

/* Floyd-Warshall on adjacency (directed when sym = 0). INFINITY when unreachable. */
static void floyd(double d[NMAX][NMAX], const unsigned char *a, size_t n, int sym)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            d[i][j] = i == j ? 0 : (a[i * n + j] || (sym && a[j * n + i])) ? 1 : INFINITY;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                if (d[i][k] + d[k][j] < d[i][j])
                    d[i][j] = d[i][k] + d[k][j];
}

static void brute_force(brute *b, const unsigned char *a, size_t n)
{
    double d[NMAX][NMAX], u[NMAX][NMAX], sigma[NMAX][NMAX];
    floyd(d, a, n, 0);
    floyd(u, a, n, 1);
    /* sigma[s][t]: shortest paths from s to t, counted in order of distance from s */
    for (size_t s = 0; s < n; s++) {
        for (size_t t = 0; t < n; t++)
            sigma[s][t] = s == t ? 1 : 0;
        for (double len = 1; len < (double)n; len++)
            for (size_t t = 0; t < n; t++)
                if (d[s][t] == len)
                    for (size_t v = 0; v < n; v++)
                        if (a[v * n + t] && d[s][v] == len - 1)
                            sigma[s][t] += sigma[s][v];
    }
    memset(b, 0, sizeof *b);
    double links = 0, und = 0, apart = 0, both = 0, either = 0;
    for (size_t v = 0; v < n; v++) {
        double fo = 0, fi = 0, fa = 0;
        for (size_t k = 0; k < n; k++) {
            if (k == v)
                continue;
            b->out[v] += a[v * n + k];
            b->in[v] += a[k * n + v];
            b->deg[v] += a[v * n + k] || a[k * n + v];
            fo += isinf(d[v][k]) ? (double)n : d[v][k];
            fi += isinf(d[k][v]) ? (double)n : d[k][v];
            fa += isinf(u[v][k]) ? (double)n : u[v][k];
        }
        b->cout[v] = 100.0 * (double)(n - 1) / fo;
        b->cin[v] = 100.0 * (double)(n - 1) / fi;
        b->call[v] = 100.0 * (double)(n - 1) / fa;
        for (size_t s = 0; s < n; s++)
            for (size_t t = 0; t < n; t++)
                if (s != t && s != v && t != v && !isinf(d[s][t]) && d[s][v] + d[v][t] == d[s][t])
                    b->bet[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
        links += b->out[v];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            und += a[i * n + j] || a[j * n + i];
            apart += isinf(u[i][j]);
            both += !isinf(d[i][j]) && !isinf(d[j][i]);
            either += !isinf(d[i][j]) || !isinf(d[j][i]);
        }
    /* weak components: smallest member as label */
    double maxv = 0, ncomp = 0;
    for (size_t i = 0; i < n; i++) {
        size_t first = i;
        for (size_t j = 0; j < i; j++)
            if (!isinf(u[i][j])) {
                first = j;
                break;
            }
        if (first != i)
            continue;
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += !isinf(u[i][j]);
        ncomp++;
        maxv += s * (s - 1) / 2 - (s - 1);
    }
    double pairs = (double)n * (double)(n - 1) / 2;
    b->density = links / (2 * pairs);
    b->connectedness = 1 - apart / pairs;
    b->hierarchy = either > 0 ? 1 - both / either : NAN;
    b->efficiency = maxv > 0 ? 1 - (und - ((double)n - ncomp)) / maxv : NAN;
}

static void compare(const unsigned char *a, size_t n, const char *ctx)
{
    brute b;
    brute_force(&b, a, n);
    nqpf_network_whole w;
    nqpf_network_node nodes[NMAX];
    if (nqpf_network_measures(&w, nodes, a, n))
        fail_msg("%s: %s", ctx, nqpf_error_message());
    tu_assert_close(w.density, b.density, 1e-12, 1e-15, ctx);
    tu_assert_close(w.connectedness, b.connectedness, 1e-12, 1e-15, ctx);
    tu_assert_close(w.hierarchy, b.hierarchy, 1e-12, 1e-15, ctx);
    tu_assert_close(w.efficiency, b.efficiency, 1e-12, 1e-15, ctx);
    for (size_t v = 0; v < n; v++) {
        tu_assert_close(nodes[v].in_degree, b.in[v], 0, 0, ctx);
        tu_assert_close(nodes[v].out_degree, b.out[v], 0, 0, ctx);
        tu_assert_close(nodes[v].degree, b.deg[v], 0, 0, ctx);
        tu_assert_close(nodes[v].degree_centrality, 100 * b.deg[v] / (double)(n - 1), 1e-12, 0, ctx);
        tu_assert_close(nodes[v].closeness_in, b.cin[v], 1e-12, 0, ctx);
        tu_assert_close(nodes[v].closeness_out, b.cout[v], 1e-12, 0, ctx);
        tu_assert_close(nodes[v].closeness, b.call[v], 1e-12, 0, ctx);
        tu_assert_close(nodes[v].betweenness, b.bet[v], 1e-12, 1e-12, ctx);
        tu_assert_close(nodes[v].betweenness_norm, 100 * b.bet[v] / ((double)(n - 1) * (double)(n - 2)), 1e-12,
                        1e-12, ctx);
    }
}

static void test_measures_bruteforce(void **state)
{
    (void)state;
    /* A hand-checkable case: the directed path 0 -> 1 -> 2 -> 3. Betweenness of 1: pairs (0,2),
     * (0,3) = 2; of 2: (0,3), (1,3) = 2. Hierarchy 1 (no pair mutually reachable), connectedness 1,
     * efficiency 1 (a tree: no redundant line). */
    unsigned char path[16] = {0};
    path[0 * 4 + 1] = path[1 * 4 + 2] = path[2 * 4 + 3] = 1;
    nqpf_network_whole w;
    nqpf_network_node nd[4];
    assert_int_equal(nqpf_network_measures(&w, nd, path, 4), NQPF_OK);
    assert_true(nd[1].betweenness == 2 && nd[2].betweenness == 2 && nd[0].betweenness == 0);
    assert_true(w.hierarchy == 1 && w.connectedness == 1 && w.efficiency == 1 && w.links == 3);
    compare(path, 4, "path");
    /* Random digraphs: sizes 3..10, densities 0.1..0.7 (some disconnected), 60 graphs. */
    lcg_state = 12345;
    unsigned char a[NMAX * NMAX];
    for (int g = 0; g < 60; g++) {
        size_t n = 3 + (size_t)g % 8;
        double dens = 0.1 + 0.1 * (g % 7);
        for (size_t i = 0; i < n * n; i++)
            a[i] = (unsigned char)(i / n != i % n && lcg() < dens);
        char ctx[64];
        snprintf(ctx, sizeof ctx, "graph %d (n %zu)", g, n);
        compare(a, n, ctx);
    }
}

/* ---- CONCOR ------------------------------------------------------------------------------ */

static void test_concor_blocks(void **state)
{
    (void)state;
    /* 8 nodes in 4 positions {0,1} {2,3} {4,5} {6,7}, each tie of a position going to every member
     * of the target position. Hierarchical image: A and B each tie within themselves and send to C
     * and D; C and D only tie within themselves. The first split must separate senders {A, B} from
     * receivers {C, D}, the second each pair of positions. */
    size_t n = 8, pos[8] = {0, 0, 1, 1, 2, 2, 3, 3};
    int img[4][4] = {{1, 0, 1, 1}, {0, 1, 1, 1}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    unsigned char a[64];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            a[i * n + j] = (unsigned char)(i != j && img[pos[i]][pos[j]]);
    size_t block[8], nb = 0;
    assert_int_equal(nqpf_network_concor(block, &nb, a, n, 1), NQPF_OK);
    assert_int_equal(nb, 2);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(block[i], pos[i] < 2 ? 1 : 2);
    assert_int_equal(nqpf_network_concor(block, &nb, a, n, 2), NQPF_OK);
    assert_int_equal(nb, 4);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(block[i], pos[i] + 1); /* numbered in split order, the first node's side first */
    /* A cycle of positions A->B->C->D->A (A also tied within itself): CONCOR's halves need not be
     * pairs of positions, but structurally equivalent nodes always share a block. */
    int cyc[4][4] = {{1, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {1, 0, 0, 0}};
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            a[i * n + j] = (unsigned char)(i != j && cyc[pos[i]][pos[j]]);
    assert_int_equal(nqpf_network_concor(block, &nb, a, n, 2), NQPF_OK);
    assert_true(nb >= 2 && nb <= 4);
    for (size_t i = 0; i < n; i += 2)
        assert_int_equal(block[i], block[i + 1]);
    /* Two positions of 3 (a core sending to a periphery that only receives), depth 1. */
    size_t m = 6;
    unsigned char c[36] = {0};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < m; j++)
            c[i * m + j] = (unsigned char)(i != j);
    assert_int_equal(nqpf_network_concor(block, &nb, c, m, 1), NQPF_OK);
    assert_int_equal(nb, 2);
    for (size_t i = 0; i < m; i++)
        assert_int_equal(block[i], i < 3 ? 1 : 2);
}

/* ---- QAP --------------------------------------------------------------------------------- */

#define QN 5
#define QC (QN * (QN - 1))

static double corr_of(const double *x, const double *y, size_t len)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (size_t k = 0; k < len; k++)
        mx += x[k], my += y[k];
    mx /= (double)len;
    my /= (double)len;
    for (size_t k = 0; k < len; k++) {
        sxy += (x[k] - mx) * (y[k] - my);
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
    }
    return sxy / sqrt(sxx * syy);
}

/* OLS of y on [1, x1, x2] by Gaussian elimination with partial pivoting; t statistics in t[3]. */
static void ols3(double *beta, double *t, double *r2, const double *y, const double *x1, const double *x2, size_t N)
{
    double A[3][4] = {{0}}, inv[3][3];
    const double *c[3] = {NULL, x1, x2};
    for (size_t r = 0; r < N; r++) {
        double row[3] = {1, x1[r], x2[r]};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++)
                A[i][j] += row[i] * row[j];
            A[i][3] += row[i] * y[r];
        }
    }
    (void)c;
    /* invert the 3x3 by cofactors */
    double M[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            M[i][j] = A[i][j];
    double det = M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
                 M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            int r1 = (j + 1) % 3, r2_ = (j + 2) % 3, c1 = (i + 1) % 3, c2 = (i + 2) % 3;
            inv[i][j] = (M[r1][c1] * M[r2_][c2] - M[r1][c2] * M[r2_][c1]) / det;
        }
    for (int i = 0; i < 3; i++)
        beta[i] = inv[i][0] * A[0][3] + inv[i][1] * A[1][3] + inv[i][2] * A[2][3];
    double rss = 0, my = 0, tss = 0;
    for (size_t r = 0; r < N; r++)
        my += y[r] / (double)N;
    for (size_t r = 0; r < N; r++) {
        double e = y[r] - beta[0] - beta[1] * x1[r] - beta[2] * x2[r];
        rss += e * e;
        tss += (y[r] - my) * (y[r] - my);
    }
    double s2 = rss / (double)(N - 3);
    for (int i = 0; i < 3; i++)
        t[i] = beta[i] / sqrt(s2 * inv[i][i]);
    if (r2)
        *r2 = 1 - rss / tss;
}

static void offdiag(double *out, const double *M, const int *pi)
{
    size_t r = 0;
    for (int i = 0; i < QN; i++)
        for (int j = 0; j < QN; j++)
            if (i != j)
                out[r++] = M[pi[i] * QN + pi[j]];
}

static int next_perm(int *p, int n)
{
    int i = n - 2;
    while (i >= 0 && p[i] >= p[i + 1])
        i--;
    if (i < 0)
        return 0;
    int j = n - 1;
    while (p[j] <= p[i])
        j--;
    int s = p[i];
    p[i] = p[j];
    p[j] = s;
    for (int l = i + 1, r = n - 1; l < r; l++, r--)
        s = p[l], p[l] = p[r], p[r] = s;
    return 1;
}

static int geq(double a, double b) { return a >= b - 1e-9 * (1 + fabs(b)); }

static void within_mc(double mc, double exact, size_t reps, const char *what)
{
    double bound = 4 * sqrt(exact * (1 - exact) / (double)reps) + 1e-12;
    if (fabs(mc - exact) > bound)
        fail_msg("%s: Monte Carlo p %.5f, exact %.5f, bound %.5f", what, mc, exact, bound);
}

static void test_qap_exact(void **state)
{
    (void)state;
    double Y[QN * QN], X1[QN * QN], X2[QN * QN];
    lcg_state = 777;
    for (int i = 0; i < QN; i++)
        for (int j = 0; j < QN; j++) {
            X1[i * QN + j] = i == j ? 0 : fabs((double)i - j) + lcg();
            X2[i * QN + j] = i == j ? 0 : lcg() * 3;
            Y[i * QN + j] = i == j ? 0 : 0.8 * X1[i * QN + j] - 0.3 * X2[i * QN + j] + 1.5 * lcg();
        }
    int id[QN] = {0, 1, 2, 3, 4};
    double yv[QC], x1[QC], x2[QC], xp[QC];
    offdiag(yv, Y, id);
    offdiag(x1, X1, id);
    offdiag(x2, X2, id);
    /* observed statistics */
    double r1 = corr_of(yv, x1, QC), r2c = corr_of(yv, x2, QC), beta[3], t[3], r2;
    ols3(beta, t, &r2, yv, x1, x2, QC);
    /* DSP residuals: X1 on [1, X2] and X2 on [1, X1] (as matrices, diagonal 0) */
    double E1[QN * QN] = {0}, E2[QN * QN] = {0};
    {
        double b[3], tt[3], zero[QC] = {0};
        (void)zero;
        /* X1 = a + b X2: two-regressor OLS via ols3 with a duplicate-free design: use x2 and a
         * column of zeros is singular, so do the simple regression in closed form */
        double m1 = 0, m2 = 0, s12 = 0, s22 = 0, s11 = 0;
        for (int r = 0; r < QC; r++)
            m1 += x1[r] / QC, m2 += x2[r] / QC;
        for (int r = 0; r < QC; r++) {
            s12 += (x1[r] - m1) * (x2[r] - m2);
            s22 += (x2[r] - m2) * (x2[r] - m2);
            s11 += (x1[r] - m1) * (x1[r] - m1);
        }
        size_t r = 0;
        for (int i = 0; i < QN; i++)
            for (int j = 0; j < QN; j++)
                if (i != j) {
                    E1[i * QN + j] = (x1[r] - m1) - s12 / s22 * (x2[r] - m2);
                    E2[i * QN + j] = (x2[r] - m2) - s12 / s11 * (x1[r] - m1);
                    r++;
                }
        (void)b;
        (void)tt;
    }
    size_t ge[4] = {0}, le[4] = {0}, ab[4] = {0}, tge[3] = {0}, tle[3] = {0}, tab[3] = {0}, total = 0;
    int p[QN] = {0, 1, 2, 3, 4};
    do {
        total++;
        offdiag(xp, X1, p);
        double r = corr_of(yv, xp, QC);
        ge[0] += geq(r, r1), le[0] += geq(-r, -r1), ab[0] += geq(fabs(r), fabs(r1));
        offdiag(xp, X2, p);
        r = corr_of(yv, xp, QC);
        ge[1] += geq(r, r2c), le[1] += geq(-r, -r2c), ab[1] += geq(fabs(r), fabs(r2c));
        double bb[3], tt[3];
        offdiag(xp, E1, p);
        ols3(bb, tt, NULL, yv, xp, x2, QC);
        tge[1] += geq(tt[1], t[1]), tle[1] += geq(-tt[1], -t[1]), tab[1] += geq(fabs(tt[1]), fabs(t[1]));
        offdiag(xp, E2, p);
        ols3(bb, tt, NULL, yv, x1, xp, QC); /* E2 permuted in X2's place: its t is tt[2] */
        tge[2] += geq(tt[2], t[2]), tle[2] += geq(-tt[2], -t[2]), tab[2] += geq(fabs(tt[2]), fabs(t[2]));
    } while (next_perm(p, QN));
    assert_int_equal(total, 120);
    size_t reps = 20000;
    nqpf_network_qap_result q, q2;
    const double *xs[2] = {X1, X2};
    if (nqpf_network_qap(&q, Y, xs, 2, QN, reps, 42))
        fail_msg("%s", nqpf_error_message());
    /* observed statistics against the OLS written here */
    tu_assert_close(q.corr[0], r1, 1e-10, 1e-12, "r(Y, X1)");
    tu_assert_close(q.corr[1], r2c, 1e-10, 1e-12, "r(Y, X2)");
    for (int k = 0; k < 3; k++) {
        tu_assert_close(q.beta[k], beta[k], 1e-9, 1e-12, "beta");
        tu_assert_close(q.t[k], t[k], 1e-9, 1e-12, "t");
    }
    tu_assert_close(q.r2, r2, 1e-10, 1e-12, "r2");
    double T = (double)total;
    for (int k = 0; k < 2; k++) {
        within_mc(q.corr_p_ge[k], (double)ge[k] / T, reps, "corr p_ge");
        within_mc(q.corr_p_le[k], (double)le[k] / T, reps, "corr p_le");
        within_mc(q.corr_p[k], (double)ab[k] / T, reps, "corr p");
        within_mc(q.p_ge[k + 1], (double)tge[k + 1] / T, reps, "mrqap p_ge");
        within_mc(q.p_le[k + 1], (double)tle[k + 1] / T, reps, "mrqap p_le");
        within_mc(q.p[k + 1], (double)tab[k + 1] / T, reps, "mrqap p");
    }
    /* The exact p-values are not all 0 or 1 (the test has teeth). */
    assert_true(ab[1] > 1 && ab[1] < 119);
    /* Deterministic for a seed; another seed gives other draws. */
    assert_int_equal(nqpf_network_qap(&q2, Y, xs, 2, QN, reps, 42), NQPF_OK);
    assert_memory_equal(q.p, q2.p, sizeof q.p[0] * 3);
    assert_memory_equal(q.corr_p, q2.corr_p, sizeof q.corr_p[0] * 2);
    /* Errors */
    const double *same[2] = {X1, X1};
    tu_assert_error(nqpf_network_qap(&q, Y, same, 2, QN, 10, 1), NQPF_EDATA, "collinear");
    tu_assert_error(nqpf_network_qap(&q, Y, xs, 0, QN, 10, 1), NQPF_EUSAGE, "expected 1 to");
}

/* ---- the 31-province case ---------------------------------------------------------------- */

static void test_provinces(void **state)
{
    (void)state;
    nqpf_table *raw = tu_read(tu_source("tests/data/network/province_network.csv"));
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, raw, "id", "year"), NQPF_OK);
    const char *kv[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", "year", "2021", "qap", "network~distance+G",
                        "reps", "200", NULL};
    nqpf_optset *s = opts(kv);
    nqpf_network_options o;
    assert_int_equal(nqpf_network_options_parse(&o, s), NQPF_OK);
    nqpf_table *l = NULL, *c = NULL, *su = NULL, *b = NULL, *q = NULL;
    if (nqpf_network_run(&l, &c, &su, &b, &q, p, &o))
        fail_msg("%s", nqpf_error_message());
    assert_int_equal(nqpf_table_nrows(l), 31 * 30);
    assert_int_equal(nqpf_table_nrows(c), 31);
    assert_int_equal(nqpf_table_nrows(su), 1);
    assert_non_null(q);
    assert_int_equal(nqpf_table_nrows(q), 2 + 3);
    /* Recompute the 2021 gravity matrix and the row-mean links from the data, by hand. */
    const nqpf_table *t = nqpf_panel_table(p);
    const double *yr = nqpf_table_cnum(t, nqpf_table_find(t, "year")), *lon = nqpf_table_cnum(t, nqpf_table_find(t, "lon"));
    const double *lat = nqpf_table_cnum(t, nqpf_table_find(t, "lat")), *P = nqpf_table_cnum(t, nqpf_table_find(t, "P"));
    const double *G = nqpf_table_cnum(t, nqpf_table_find(t, "G")), *X = nqpf_table_cnum(t, nqpf_table_find(t, "X"));
    size_t rows[31], k = 0;
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (yr[i] == 2021)
            rows[k++] = i;
    assert_int_equal(k, 31);
    double y[31][31], links = 0;
    for (size_t i = 0; i < 31; i++)
        for (size_t j = 0; j < 31; j++) {
            size_t a = rows[i], bb = rows[j];
            double d = arc_km(lon[a], lat[a], lon[bb], lat[bb]);
            y[i][j] = i == j ? 0
                             : X[a] / (X[a] + X[bb]) * cbrt(P[a] * G[a] * X[a]) * cbrt(P[bb] * G[bb] * X[bb]) / (d * d);
        }
    const double *gv = nqpf_table_cnum(l, nqpf_table_find(l, "gravity")), *lk = nqpf_table_cnum(l, nqpf_table_find(l, "link"));
    size_t r = 0;
    for (size_t i = 0; i < 31; i++) {
        double mean = 0;
        for (size_t j = 0; j < 31; j++)
            mean += y[i][j] / 30;
        for (size_t j = 0; j < 31; j++) {
            if (i == j)
                continue;
            tu_assert_close(gv[r], y[i][j], 1e-9, 0, "province gravity");
            assert_int_equal((int)lk[r], y[i][j] > mean);
            links += y[i][j] > mean;
            r++;
        }
    }
    const double *sl = nqpf_table_cnum(su, nqpf_table_find(su, "links"));
    assert_true(sl[0] == links);
    /* blocks: every region in one block, the roles from the four names */
    const double *nm = nqpf_table_cnum(b, nqpf_table_find(b, "n_members"));
    double tot = 0;
    for (size_t i = 0; i < nqpf_table_nrows(b); i++)
        tot += nm[i];
    assert_true(tot == 31);
    nqpf_table_free(l);
    nqpf_table_free(c);
    nqpf_table_free(su);
    nqpf_table_free(b);
    nqpf_table_free(q);
    nqpf_optset_free(s);
    nqpf_panel_free(p);
}

static void test_option_errors(void **state)
{
    (void)state;
    nqpf_network_options o;
    const char *both[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", "distance_matrix", "d.csv", NULL};
    const char *none[] = {"var", "X", "mass", "P,G", NULL};
    const char *reps[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", "reps", "10", NULL};
    const char *grammar[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", "qap", "network", NULL};
    const char *one[] = {"var", "X", "mass", "P,G", "coords", "lon", NULL};
    struct {
        const char *const *kv;
        const char *key, *needle;
    } cases[] = {{both, "distance_matrix", "not both"},
                 {none, "coords", "required"},
                 {reps, "reps", "give qap"},
                 {grammar, "qap", "expected Y~X1+X2"},
                 {one, "coords", "two columns"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        nqpf_optset *s = opts(cases[k].kv);
        tu_assert_error(nqpf_network_options_parse(&o, s), NQPF_EUSAGE, cases[k].needle);
        assert_string_equal(nqpf_error_key(), cases[k].key);
        nqpf_optset_free(s);
    }
    /* a QAP term that is no matrix and no column */
    nqpf_panel *p = tu_panel_from_text(three_csv, "id", "year");
    const char *kv[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", "qap", "network~nosuch", NULL};
    nqpf_optset *s = opts(kv);
    assert_int_equal(nqpf_network_options_parse(&o, s), NQPF_OK);
    nqpf_table *l = NULL;
    tu_assert_error(nqpf_network_run(&l, NULL, NULL, NULL, NULL, p, &o), NQPF_EUSAGE, "term 'nosuch'");
    nqpf_optset_free(s);
    /* two regions at one place */
    nqpf_panel *p2 = tu_panel_from_text("id,year,lon,lat,P,G,X\nA,1,1,1,1,1,1\nB,1,1,1,1,1,1\nC,1,2,2,1,1,1\n", "id",
                                        "year");
    const char *kv2[] = {"var", "X", "mass", "P,G", "coords", "lon,lat", NULL};
    s = opts(kv2);
    assert_int_equal(nqpf_network_options_parse(&o, s), NQPF_OK);
    tu_assert_error(nqpf_network_run(&l, NULL, NULL, NULL, NULL, p2, &o), NQPF_EDATA, "at distance 0");
    nqpf_optset_free(s);
    nqpf_panel_free(p);
    nqpf_panel_free(p2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gravity_three),  cmocka_unit_test(test_measures_bruteforce),
        cmocka_unit_test(test_concor_blocks),  cmocka_unit_test(test_qap_exact),
        cmocka_unit_test(test_provinces),      cmocka_unit_test(test_option_errors),
    };
    return tu_run_group_tests("network", tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
