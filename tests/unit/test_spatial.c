/* Spatial weights, global Moran's I / Geary's C and local Moran: published PySAL esda cases
 * (../shared/reference/spatial), brute-force dense-matrix formulas, and exact moments from complete
 * enumeration of permutations. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/spatial.h"

/* ---- helpers ------------------------------------------------------------------------------- */

typedef struct refcase {
    nqpf_table *data, *edges, *expected;
    char **ids;
    size_t n;
} refcase;

static int load_case(refcase *c, const char *dir)
{
    char rel[256];
    memset(c, 0, sizeof *c);
    snprintf(rel, sizeof rel, "reference/spatial/%s/data.csv", dir);
    const char *path = tu_shared(rel);
    if (!path)
        return 0;
    c->data = tu_read(path);
    snprintf(rel, sizeof rel, "reference/spatial/%s/edges.csv", dir);
    c->edges = tu_read(tu_shared(rel));
    snprintf(rel, sizeof rel, "reference/spatial/%s/expected.csv", dir);
    c->expected = tu_read(tu_shared(rel));
    c->n = nqpf_table_nrows(c->data);
    c->ids = calloc(c->n, sizeof *c->ids);
    size_t idc = nqpf_table_find(c->data, "id");
    assert_true(idc != NQPF_NONE);
    for (size_t i = 0; i < c->n; i++) {
        char b[64];
        c->ids[i] = strdup(nqpf_table_cell_str(c->data, idc, i, b, sizeof b));
    }
    return 1;
}

static void free_case(refcase *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->ids[i]);
    free(c->ids);
    nqpf_table_free(c->data);
    nqpf_table_free(c->edges);
    nqpf_table_free(c->expected);
}

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE || !nqpf_table_cnum(t, j))
        fail_msg("no numeric column '%s'", name);
    return nqpf_table_cnum(t, j);
}

/* Parses "rel:x" / "abs:x". */
static void parse_tol(const char *s, double *rel, double *abs_)
{
    *rel = *abs_ = 0;
    if (strncmp(s, "rel:", 4) == 0)
        *rel = strtod(s + 4, NULL);
    else if (strncmp(s, "abs:", 4) == 0)
        *abs_ = strtod(s + 4, NULL);
    else
        fail_msg("bad tolerance '%s'", s);
}

/* Dense W (after style) from the weights object, for brute-force formulas. */
static double *dense(const nqpf_weights *w)
{
    size_t n = nqpf_weights_n(w);
    double *d = calloc(n * n, sizeof *d);
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t q = 0; q < k; q++)
            d[i * n + nb[q]] = wt[q];
    }
    return d;
}

static double brute_moran(const double *W, const double *x, size_t n)
{
    double mean = 0, num = 0, den = 0, s0 = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        den += (x[i] - mean) * (x[i] - mean);
        for (size_t j = 0; j < n; j++) {
            num += W[i * n + j] * (x[i] - mean) * (x[j] - mean);
            s0 += W[i * n + j];
        }
    }
    return (double)n / s0 * num / den;
}

static double brute_geary(const double *W, const double *x, size_t n)
{
    double mean = 0, num = 0, den = 0, s0 = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        den += (x[i] - mean) * (x[i] - mean);
        for (size_t j = 0; j < n; j++) {
            num += W[i * n + j] * (x[i] - x[j]) * (x[i] - x[j]);
            s0 += W[i * n + j];
        }
    }
    return ((double)n - 1) * num / (2 * s0 * den);
}

static nqpf_weights *case_weights(const refcase *c, enum nqpf_weights_style style)
{
    nqpf_weights_options o = NQPF_WEIGHTS_OPTIONS_INIT;
    o.style = style;
    nqpf_weights *w = NULL;
    if (nqpf_weights_from_edges(&w, c->edges, (const char *const *)c->ids, c->n, &o))
        fail_msg("weights: %s", nqpf_error_message());
    return w;
}

/* ---- published esda cases --------------------------------------------------------------------- */

static void check_esda_case(const char *dir, const char *var, enum nqpf_weights_style style, size_t *checked)
{
    refcase c;
    if (!load_case(&c, dir))
        skip();
    nqpf_weights *w = case_weights(&c, style);
    nqpf_moran m;
    assert_int_equal(nqpf_moran_global(&m, w, col(c.data, var), NULL), NQPF_OK);
    size_t jv = nqpf_table_find(c.expected, "variant"), jq = nqpf_table_find(c.expected, "quantity"),
           jt = nqpf_table_find(c.expected, "tol");
    const double *val = col(c.expected, "value");
    double maxrel = 0;
    for (size_t r = 0; r < nqpf_table_nrows(c.expected); r++) {
        const char *variant = nqpf_table_text(c.expected, jv, r), *q = nqpf_table_text(c.expected, jq, r);
        double rel, abs_, got = NAN;
        parse_tol(nqpf_table_text(c.expected, jt, r), &rel, &abs_);
        int two = strstr(variant, "two_tailed") != NULL;
        if (strcmp(q, "I") == 0)
            got = m.i;
        else if (strcmp(q, "EI") == 0)
            got = m.e;
        else if (strcmp(q, "VI_rand") == 0)
            got = m.var_rand;
        else if (strcmp(q, "VI_norm") == 0)
            got = m.var_norm;
        else if (strncmp(q, "p_norm", 6) == 0)
            /* esda's one-tailed p is the upper tail here (z > 0); two-tailed doubles it. */
            got = two ? 2 * m.p_norm : m.p_norm;
        else
            fail_msg("%s: unknown quantity '%s'", dir, q);
        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s %s %s", dir, variant, q);
        tu_assert_close(got, val[r], rel, abs_, ctx);
        if (rel > 0 && fabs(got - val[r]) / fabs(val[r]) > maxrel)
            maxrel = fabs(got - val[r]) / fabs(val[r]);
        (*checked)++;
    }
    print_message("%s: max relative error over the full-precision values %.3g\n", dir, maxrel);
    /* The statistic itself against the dense-matrix definition. */
    double *W = dense(w);
    tu_assert_close(m.i, brute_moran(W, col(c.data, var), c.n), 1e-12, 0, "brute-force I");
    tu_assert_close(m.c, brute_geary(W, col(c.data, var), c.n), 1e-12, 0, "brute-force C");
    free(W);
    nqpf_weights_free(w);
    free_case(&c);
}

static void test_esda_cases(void **state)
{
    (void)state;
    size_t checked = 0;
    check_esda_case("moran_stl_esda", "HR8893", NQPF_WSTYLE_ROW, &checked);
    check_esda_case("moran_sids2_esda", "SIDR74", NQPF_WSTYLE_ROW, &checked);
    check_esda_case("moran_lattice3x3_esda", "y", NQPF_WSTYLE_BINARY, &checked);
    assert_int_equal(checked, 5 + 5 + 4);
}

/* ---- exact moments by complete enumeration ----------------------------------------------------- */

/* Heap's algorithm over all n! arrangements of v, accumulating the first two moments of Moran's I
 * and Geary's C. */
typedef struct moments {
    double si, si2, sc, sc2, count;
} moments;

static void enumerate(double *v, size_t n, const double *W, moments *mo)
{
    size_t c[12] = {0}, i = 1;
    for (;;) {
        double I = brute_moran(W, v, n), C = brute_geary(W, v, n);
        mo->si += I, mo->si2 += I * I, mo->sc += C, mo->sc2 += C * C, mo->count++;
        while (i < n && c[i] >= i)
            c[i++] = 0;
        if (i >= n)
            break;
        size_t j = i % 2 ? c[i] : 0;
        double t = v[j];
        v[j] = v[i];
        v[i] = t;
        c[i]++;
        i = 1;
    }
}

/* A 3 x 3 grid; rook neighbours, plus diagonal ones when queen. */
static nqpf_weights *grid_weights(enum nqpf_weights_style style, int queen_invdist)
{
    double x[9], y[9];
    for (size_t k = 0; k < 9; k++)
        x[k] = (double)(k % 3), y[k] = (double)(k / 3);
    nqpf_weights_options o = NQPF_WEIGHTS_OPTIONS_INIT;
    o.style = style;
    o.distance = NQPF_DIST_EUCLIDEAN;
    o.kind = NQPF_WKIND_INVDIST;
    o.max_distance = queen_invdist ? 1.5 : 1.0;
    o.power = queen_invdist ? 2.0 : 1.0;
    nqpf_weights *w = NULL;
    if (nqpf_weights_from_coords(&w, x, y, NULL, 9, &o))
        fail_msg("grid weights: %s", nqpf_error_message());
    return w;
}

static void test_randomisation_moments_exact(void **state)
{
    (void)state;
    /* Skewed values so that the kurtosis term of the randomisation variance matters. */
    const double vals[9] = {1, 2, 3, 5, 8, 13, 21, 34, 55};
    for (int variant = 0; variant < 3; variant++) {
        /* binary rook (symmetric), row-standardised rook (asymmetric), row-standardised queen
         * with inverse squared distance (unequal asymmetric weights). */
        nqpf_weights *w = grid_weights(variant == 0 ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW, variant == 2);
        double *W = dense(w), v[9];
        memcpy(v, vals, sizeof v);
        nqpf_moran m;
        assert_int_equal(nqpf_moran_global(&m, w, vals, NULL), NQPF_OK);
        moments mo = {0};
        enumerate(v, 9, W, &mo);
        assert_true(mo.count == 362880);
        double ei = mo.si / mo.count, vi = mo.si2 / mo.count - ei * ei;
        double ec = mo.sc / mo.count, vc = mo.sc2 / mo.count - ec * ec;
        tu_assert_close(m.e, ei, 1e-10, 1e-13, "E[I] = mean over all permutations");
        tu_assert_close(m.var_rand, vi, 1e-9, 0, "Var_R[I] = variance over all permutations");
        tu_assert_close(m.c_e, ec, 1e-10, 1e-13, "E[C] = mean over all permutations");
        tu_assert_close(m.c_var_rand, vc, 1e-9, 0, "Var_R[C] = variance over all permutations");
        free(W);
        nqpf_weights_free(w);
    }
}


/* Under normality the ratio R = x'Ax / x'Mx (M = I - 11'/n) is independent of its denominator
 * (Pitman-Koopmans), so E[R^k] = E[(x'Ax)^k] / E[(x'Mx)^k]; for symmetric A with AM = MA = A,
 * E[x'Ax] = tr A, E[(x'Ax)^2] = 2 tr(A^2) + (tr A)^2, and E[(x'Mx)^2] = (n - 1)(n + 1). This
 * independent formulation gives the normality variances of I and C by matrix traces. */
static double ratio_var(const double *A, size_t n)
{
    double t1 = 0, t2 = 0;
    for (size_t i = 0; i < n; i++) {
        t1 += A[i * n + i];
        for (size_t j = 0; j < n; j++)
            t2 += A[i * n + j] * A[j * n + i];
    }
    double e = t1 / ((double)n - 1);
    return (2 * t2 + t1 * t1) / (((double)n - 1) * ((double)n + 1)) - e * e;
}

static void normality_variances(const double *W, size_t n, double *vi, double *vc)
{
    double *Ws = calloc(n * n, sizeof *Ws), *A = calloc(n * n, sizeof *A), *B = calloc(n * n, sizeof *B);
    double s0 = 0, *rs = calloc(n, sizeof *rs), *cs = calloc(n, sizeof *cs);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            Ws[i * n + j] = (W[i * n + j] + W[j * n + i]) / 2;
            s0 += W[i * n + j];
            rs[i] += W[i * n + j];
            cs[j] += W[i * n + j];
        }
    /* A = (n / S0) M Ws M: double centring of Ws. */
    double tot = 0, *rm = calloc(n, sizeof *rm);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            rm[i] += Ws[i * n + j] / (double)n;
        tot += rm[i] / (double)n;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            A[i * n + j] = (double)n / s0 * (Ws[i * n + j] - rm[i] - rm[j] + tot);
    /* sum_ij w_ij (x_i - x_j)^2 = x'Bx with B = diag(w_i. + w_.i) - (W + W'); B1 = 0. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            B[i * n + j] = ((double)n - 1) / (2 * s0) * ((i == j ? rs[i] + cs[i] : 0) - 2 * Ws[i * n + j]);
    *vi = ratio_var(A, n);
    *vc = ratio_var(B, n);
    free(Ws), free(A), free(B), free(rs), free(cs), free(rm);
}

static void test_normality_moments_exact(void **state)
{
    (void)state;
    const double vals[9] = {1, 2, 3, 5, 8, 13, 21, 34, 55};
    for (int variant = 0; variant < 3; variant++) {
        nqpf_weights *w = grid_weights(variant == 0 ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW, variant == 2);
        double *W = dense(w), vi, vc;
        nqpf_moran m;
        assert_int_equal(nqpf_moran_global(&m, w, vals, NULL), NQPF_OK);
        normality_variances(W, 9, &vi, &vc);
        tu_assert_close(m.var_norm, vi, 1e-11, 0, "Var_N[I] by traces");
        tu_assert_close(m.c_var_norm, vc, 1e-11, 0, "Var_N[C] by traces");
        free(W);
        nqpf_weights_free(w);
    }
    refcase c;
    if (!load_case(&c, "moran_stl_esda"))
        skip();
    nqpf_weights *w = case_weights(&c, NQPF_WSTYLE_ROW);
    double *W = dense(w), vi, vc;
    nqpf_moran m;
    assert_int_equal(nqpf_moran_global(&m, w, col(c.data, "HR8893"), NULL), NQPF_OK);
    normality_variances(W, c.n, &vi, &vc);
    tu_assert_close(m.var_norm, vi, 1e-10, 0, "St Louis Var_N[I] by traces");
    tu_assert_close(m.c_var_norm, vc, 1e-10, 0, "St Louis Var_N[C] by traces");
    free(W);
    nqpf_weights_free(w);
    free_case(&c);
}

/* ---- LISA ------------------------------------------------------------------------------------ */

typedef struct lisa_buf {
    double v[7][128];
    int q[128];
    nqpf_lisa l;
} lisa_buf;

static nqpf_lisa *lisa_init(lisa_buf *b)
{
    b->l = (nqpf_lisa){b->v[0], b->v[1], b->v[2], b->v[3], b->v[4], b->v[5], b->v[6], b->q};
    return &b->l;
}

static void test_lisa_conditional_moments_exact(void **state)
{
    (void)state;
    const double x[9] = {4, 1, 7, 2, 9, 3, 8, 6, 5};
    nqpf_weights *w = grid_weights(NQPF_WSTYLE_ROW, 1);
    static lisa_buf b;
    nqpf_lisa *l = lisa_init(&b);
    assert_int_equal(nqpf_moran_local(l, w, x, NULL), NQPF_OK);
    double mean = 0, m2 = 0;
    for (size_t i = 0; i < 9; i++)
        mean += x[i] / 9;
    for (size_t i = 0; i < 9; i++)
        m2 += (x[i] - mean) * (x[i] - mean) / 9; /* spdep mlvar = TRUE */
    for (size_t i = 0; i < 9; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        double others[8];
        size_t no = 0;
        for (size_t j = 0; j < 9; j++)
            if (j != i)
                others[no++] = x[j] - mean;
        /* All ordered draws of k values from the other 8: the conditional permutation space. */
        double s = 0, s2 = 0, cnt = 0;
        size_t idx[8];
        for (size_t q = 0; q < k; q++)
            idx[q] = 0;
        for (;;) {
            int distinct = 1;
            for (size_t a = 0; a < k && distinct; a++)
                for (size_t c = a + 1; c < k; c++)
                    if (idx[a] == idx[c])
                        distinct = 0;
            if (distinct) {
                double lag = 0;
                for (size_t q = 0; q < k; q++)
                    lag += wt[q] * others[idx[q]];
                double I = (x[i] - mean) / m2 * lag;
                s += I, s2 += I * I, cnt++;
            }
            size_t q = 0;
            while (q < k && ++idx[q] == 8)
                idx[q++] = 0;
            if (q == k)
                break;
        }
        double e = s / cnt, v = s2 / cnt - e * e;
        char ctx[64];
        snprintf(ctx, sizeof ctx, "unit %zu E[I_i]", i);
        tu_assert_close(l->e[i], e, 1e-10, 1e-12, ctx);
        snprintf(ctx, sizeof ctx, "unit %zu Var[I_i]", i);
        tu_assert_close(l->var[i], v, 1e-9, 1e-12, ctx);
        /* The statistic itself. */
        double lag = 0;
        for (size_t q = 0; q < k; q++)
            lag += wt[q] * (x[nb[q]] - mean);
        tu_assert_close(l->ii[i], (x[i] - mean) / m2 * lag, 1e-12, 1e-14, "I_i");
        tu_assert_close(l->p_norm[i], 2 * (1 - 0.5 * erfc(-fabs(l->z[i]) / sqrt(2))), 1e-9, 1e-12, "p_norm");
    }
    nqpf_weights_free(w);
}

static void test_lisa_sums_to_global(void **state)
{
    (void)state;
    refcase c;
    if (!load_case(&c, "moran_stl_esda"))
        skip();
    nqpf_weights *w = case_weights(&c, NQPF_WSTYLE_ROW);
    const double *x = col(c.data, "HR8893");
    static lisa_buf b;
    nqpf_lisa *l = lisa_init(&b);
    nqpf_moran m;
    nqpf_moran_options o = NQPF_MORAN_OPTIONS_INIT;
    o.permutations = 199;
    o.seed = 7;
    assert_int_equal(nqpf_moran_local(l, w, x, &o), NQPF_OK);
    assert_int_equal(nqpf_moran_global(&m, w, x, NULL), NQPF_OK);
    double s = 0;
    size_t quad[5] = {0};
    double mean = 0;
    for (size_t i = 0; i < c.n; i++)
        mean += x[i] / (double)c.n;
    for (size_t i = 0; i < c.n; i++) {
        s += l->ii[i];
        quad[l->quadrant[i]]++;
        /* Quadrant from the signs of z_i and its lag (zero counts as low, as spdep's cut). */
        int hi = x[i] - mean > 0, lhi = l->lag[i] > 0;
        int want = hi ? (lhi ? NQPF_LISA_HH : NQPF_LISA_HL) : (lhi ? NQPF_LISA_LH : NQPF_LISA_LL);
        assert_int_equal(l->quadrant[i], want);
        assert_true(l->p_sim[i] >= 1.0 / 200 && l->p_sim[i] <= 0.5 + 1e-12);
    }
    assert_int_equal(quad[NQPF_LISA_NONE], 0);
    /* Anselin (1995): sum_i I_i = S0 * I when m2 uses divisor n; S0 = n for row-standardised W. */
    tu_assert_close(s / (double)c.n, m.i, 1e-12, 0, "mean local I = global I");
    /* Same seed, same pseudo p-values. */
    static lisa_buf b2;
    nqpf_lisa *l2 = lisa_init(&b2);
    assert_int_equal(nqpf_moran_local(l2, w, x, &o), NQPF_OK);
    assert_memory_equal(l->p_sim, l2->p_sim, c.n * sizeof(double));
    nqpf_weights_free(w);
    free_case(&c);
}

static void test_permutations_deterministic(void **state)
{
    (void)state;
    refcase c;
    if (!load_case(&c, "moran_stl_esda"))
        skip();
    nqpf_weights *w = case_weights(&c, NQPF_WSTYLE_ROW);
    nqpf_moran_options o = NQPF_MORAN_OPTIONS_INIT;
    o.permutations = 999;
    o.seed = 42;
    nqpf_moran a, b;
    assert_int_equal(nqpf_moran_global(&a, w, col(c.data, "HR8893"), &o), NQPF_OK);
    assert_int_equal(nqpf_moran_global(&b, w, col(c.data, "HR8893"), &o), NQPF_OK);
    assert_true(a.p_sim == b.p_sim && a.c_p_sim == b.c_p_sim);
    /* p_sim is a count ratio (1 + k)/1000; with p_norm ~ 1e-4 hardly any permutation beats I. */
    double k = a.p_sim * 1000 - 1;
    assert_true(fabs(k - round(k)) < 1e-9);
    assert_true(a.p_sim <= 0.01);
    nqpf_weights_free(w);
    free_case(&c);
}

/* ---- weights --------------------------------------------------------------------------------- */

static nqpf_table *edges_from(const char *name, const char *csv) { return tu_read(tu_write_tmp(name, csv)); }

static void test_weights_edges_errors(void **state)
{
    (void)state;
    const char *ids[] = {"a", "b", "c", "d"};
    nqpf_weights *w = NULL;
    nqpf_table *t;
    t = edges_from("self.csv", "from,to\na,b\nb,b\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "row 3: unit 'b' is linked to itself");
    nqpf_table_free(t);
    t = edges_from("dup.csv", "from,to\na,b\nb,a\na,b\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "rows 2 and 4");
    nqpf_table_free(t);
    t = edges_from("neg.csv", "from,to,weight\na,b,1\nb,a,-2\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "row 3, column 'weight'");
    nqpf_table_free(t);
    t = edges_from("txt.csv", "from,to,weight\na,b,1\nb,a,heavy\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "found 'heavy'");
    nqpf_table_free(t);
    t = edges_from("cols.csv", "src,dst\na,b\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "expected columns 'from' and 'to'");
    nqpf_table_free(t);
    t = edges_from("none.csv", "from,to\nx,y\ny,x\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "no link joins two units");
    nqpf_table_free(t);
    t = edges_from("empty.csv", "from,to\na,\n");
    tu_assert_error(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_EDATA, "row 2, column 'to'");
    nqpf_table_free(t);
    assert_null(w);
}

static void test_weights_edges_islands_and_unknown(void **state)
{
    (void)state;
    const char *ids[] = {"a", "b", "c", "d"};
    nqpf_weights *w = NULL;
    /* 'z' is not in the data (dropped), 'd' appears nowhere (island), weights row-standardised. */
    nqpf_table *t = edges_from("isl.csv", "from,to,weight\na,b,1\na,c,3\nb,a,1\nc,a,1\nc,z,5\n");
    assert_int_equal(nqpf_weights_from_edges(&w, t, ids, 4, NULL), NQPF_OK);
    assert_int_equal(nqpf_weights_islands(w), 1);
    const size_t *nb;
    const double *wt;
    assert_int_equal(nqpf_weights_row(w, 0, &nb, &wt), 2);
    assert_int_equal(nb[0], 1);
    assert_int_equal(nb[1], 2);
    tu_assert_close(wt[0], 0.25, 1e-15, 0, "w_ab");
    tu_assert_close(wt[1], 0.75, 1e-15, 0, "w_ac");
    assert_int_equal(nqpf_weights_row(w, 3, &nb, &wt), 0);
    double x[4] = {1, 2, 3, 4}, lag[4];
    nqpf_weights_lag(w, x, lag);
    tu_assert_close(lag[0], 0.25 * 2 + 0.75 * 3, 1e-15, 0, "lag a");
    assert_true(lag[3] == 0);
    /* Subset drops c: a keeps only b, re-standardised to 1. */
    unsigned char keep[4] = {1, 1, 0, 1};
    nqpf_weights *s = NULL;
    assert_int_equal(nqpf_weights_subset(&s, w, keep), NQPF_OK);
    assert_int_equal(nqpf_weights_n(s), 3);
    assert_int_equal(nqpf_weights_row(s, 0, &nb, &wt), 1);
    tu_assert_close(wt[0], 1.0, 1e-15, 0, "re-standardised");
    nqpf_weights_free(s);
    nqpf_weights_free(w);
    nqpf_table_free(t);
}

static void test_weights_coords(void **state)
{
    (void)state;
    /* Along the equator and a meridian great-circle distance is proportional to the angle, so
     * inverse-distance weights have exact ratios. */
    double lon[3] = {0, 1, 0}, lat[3] = {0, 0, 3};
    nqpf_weights_options o = NQPF_WEIGHTS_OPTIONS_INIT;
    nqpf_weights *w = NULL;
    const size_t *nb;
    const double *wt;
    assert_int_equal(nqpf_weights_from_coords(&w, lon, lat, NULL, 3, &o), NQPF_OK);
    assert_int_equal(nqpf_weights_row(w, 0, &nb, &wt), 2);
    tu_assert_close(wt[0], 0.75, 1e-12, 0, "1/1 : 1/3 row-standardised");
    tu_assert_close(wt[1], 0.25, 1e-12, 0, "1/3");
    nqpf_weights_free(w);
    /* k nearest on a line, Euclidean; ties go to the lower index. */
    double x[5] = {0, 1, 2, 4, 7}, y[5] = {0, 0, 0, 0, 0};
    o.kind = NQPF_WKIND_KNN;
    o.k = 2;
    o.distance = NQPF_DIST_EUCLIDEAN;
    o.style = NQPF_WSTYLE_BINARY;
    assert_int_equal(nqpf_weights_from_coords(&w, x, y, NULL, 5, &o), NQPF_OK);
    size_t want[5][2] = {{1, 2}, {0, 2}, {0, 1}, {1, 2}, {2, 3}};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(nqpf_weights_row(w, i, &nb, &wt), 2);
        /* brute force: sort the others by (distance, index) */
        assert_int_equal(nb[0], want[i][0]);
        assert_int_equal(nb[1], want[i][1]);
    }
    nqpf_weights_free(w);
    const char *ids[] = {"p", "q", "r"};
    double cx[3] = {0, 1, 0}, cy[3] = {0, 0, 0};
    o.kind = NQPF_WKIND_INVDIST;
    tu_assert_error(nqpf_weights_from_coords(&w, cx, cy, ids, 3, &o), NQPF_EDATA, "units 'p' and 'r' have the same coordinates");
    o.kind = NQPF_WKIND_KNN;
    o.k = 3;
    tu_assert_error(nqpf_weights_from_coords(&w, x, y, NULL, 3, &o), NQPF_EUSAGE, "k must be between 1 and 2");
    double bad[3] = {0, 1, 95};
    o = (nqpf_weights_options)NQPF_WEIGHTS_OPTIONS_INIT;
    tu_assert_error(nqpf_weights_from_coords(&w, cx, bad, ids, 3, &o), NQPF_EDATA, "unit 'r': expected longitude/latitude");
}

/* ---- panel level ----------------------------------------------------------------------------- */

static void test_panel_missing_year(void **state)
{
    (void)state;
    /* Two years on the 3 x 3 lattice; in 2002 unit 4 (the centre) has no value. */
    char csv[2048] = "id,year,v\n";
    const double v1[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, v2[9] = {3, 1, 4, 1, 5, 9, 2, 6, 5};
    for (int y = 0; y < 2; y++)
        for (int i = 0; i < 9; i++) {
            char line[64];
            if (y == 1 && i == 4)
                snprintf(line, sizeof line, "%d,2002,\n", i);
            else
                snprintf(line, sizeof line, "%d,%d,%g\n", i, 2001 + y, y ? v2[i] : v1[i]);
            strcat(csv, line);
        }
    nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
    const char *path = tu_write_tmp("lattice_edges.csv",
                                    "from,to\n0,1\n0,3\n1,0\n1,2\n1,4\n2,1\n2,5\n3,0\n3,4\n3,6\n4,1\n4,3\n4,5\n4,7\n"
                                    "5,2\n5,4\n5,8\n6,3\n6,7\n7,4\n7,6\n7,8\n8,5\n8,7\n");
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    wo.style = NQPF_WSTYLE_BINARY;
    nqpf_weights *w = NULL;
    assert_int_equal(nqpf_weights_read_for_panel(&w, path, p, &wo), NQPF_OK);
    nqpf_table *g = NULL, *l = NULL;
    assert_int_equal(nqpf_spatial_global(&g, p, "v", w, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(g), 2);
    /* 2001 is the esda lattice case: I = 0.5 with binary weights. */
    tu_assert_close(col(g, "moran_i")[0], 0.5, 1e-12, 0, "lattice I");
    tu_assert_close(col(g, "moran_var_norm")[0], 0.053125000000000006, 1e-12, 0, "lattice VI_norm");
    /* 2002 equals a direct computation on the 8 units without the centre and its links. */
    unsigned char keep[9] = {1, 1, 1, 1, 0, 1, 1, 1, 1};
    nqpf_weights *s = NULL;
    assert_int_equal(nqpf_weights_subset(&s, w, keep), NQPF_OK);
    double x8[8] = {3, 1, 4, 1, 9, 2, 6, 5};
    nqpf_moran m;
    assert_int_equal(nqpf_moran_global(&m, s, x8, NULL), NQPF_OK);
    assert_true(col(g, "n")[1] == 8);
    tu_assert_close(col(g, "moran_i")[1], m.i, 1e-15, 0, "subset I");
    tu_assert_close(col(g, "geary_z_rand")[1], m.c_z_rand, 1e-15, 0, "subset Geary z");
    /* The spatial method's default is 999 permutations (GeoDa's and PySAL's). */
    assert_true(nqpf_table_find(g, "moran_p_sim") != NQPF_NONE);
    assert_int_equal(nqpf_spatial_local(&l, p, "v", w, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(l), 18);
    size_t q = nqpf_table_find(l, "quadrant");
    assert_non_null(nqpf_table_text(l, q, 0));
    nqpf_table_free(g);
    nqpf_table_free(l);
    nqpf_weights_free(s);
    nqpf_weights_free(w);
    nqpf_panel_free(p);
}


static void test_degenerate_inputs(void **state)
{
    (void)state;
    nqpf_weights *w = grid_weights(NQPF_WSTYLE_ROW, 0);
    const double flat[9] = {2, 2, 2, 2, 2, 2, 2, 2, 2};
    nqpf_moran m;
    static lisa_buf b;
    tu_assert_error(nqpf_moran_global(&m, w, flat, NULL), NQPF_EDATA, "constant across the 9 units");
    tu_assert_error(nqpf_moran_local(lisa_init(&b), w, flat, NULL), NQPF_EDATA, "constant");
    unsigned char keep[9] = {1, 1, 1, 0, 0, 0, 0, 0, 0};
    nqpf_weights *s = NULL;
    assert_int_equal(nqpf_weights_subset(&s, w, keep), NQPF_OK);
    const double three[3] = {1, 2, 4};
    tu_assert_error(nqpf_moran_global(&m, s, three, NULL), NQPF_EDATA, "at least 4 units, found 3");
    nqpf_weights_free(s);
    /* A thin year does not stop the others: its row is missing, with a warning. */
    nqpf_panel *p = tu_panel_from_text("id,year,v\n0,1,1\n1,1,2\n2,1,3\n3,1,4\n4,1,5\n5,1,6\n6,1,7\n7,1,8\n8,1,9\n"
                                       "0,2,1\n1,2,2\n2,2,3\n",
                                       "id", "year");
    nqpf_table *g = NULL;
    assert_int_equal(nqpf_spatial_global(&g, p, "v", w, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(g), 2);
    assert_false(isnan(col(g, "moran_i")[0]));
    assert_true(isnan(col(g, "moran_i")[1]));
    assert_true(col(g, "n")[1] == 3);
    nqpf_table_free(g);
    nqpf_panel_free(p);
    nqpf_weights_free(w);
}

int main(void)
{
    nqpf_set_warning_handler(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_esda_cases),
        cmocka_unit_test(test_randomisation_moments_exact),
        cmocka_unit_test(test_normality_moments_exact),
        cmocka_unit_test(test_lisa_conditional_moments_exact),
        cmocka_unit_test(test_lisa_sums_to_global),
        cmocka_unit_test(test_permutations_deterministic),
        cmocka_unit_test(test_weights_edges_errors),
        cmocka_unit_test(test_weights_edges_islands_and_unknown),
        cmocka_unit_test(test_weights_coords),
        cmocka_unit_test(test_panel_missing_year),
        cmocka_unit_test(test_degenerate_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
