/* The index pipeline against hand-checkable examples and against an independent implementation
 * written here as plain formulas over a row-major [observation][indicator] layout, on random
 * panels; the Penn World Table worked example of docs/index.md; AHP against GSL's general
 * eigen-solver; coupling coordination by hand; every bad-input class. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

static const char *const FW_HDR = "path,id,label_zh,label_en,column,unit,direction,weight\n";

static nqpf_framework *fw_text(const char *body)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", FW_HDR, body);
    nqpf_framework *fw = NULL;
    if (nqpf_framework_read(&fw, tu_write_tmp("fw.csv", text)) != NQPF_OK)
        fail_msg("framework: %s", nqpf_error_message());
    return fw;
}

static int fw_error(const char *body, const char *needle)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", FW_HDR, body);
    nqpf_framework *fw = NULL;
    int rc = nqpf_framework_read(&fw, tu_write_tmp("fwbad.csv", text));
    assert_null(fw);
    if (!strstr(nqpf_error_message(), needle))
        fail_msg("message '%s' lacks '%s'", nqpf_error_message(), needle);
    return rc;
}

static double col(const nqpf_table *t, const char *name, size_t i)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("no column %s", name);
    return nqpf_table_cnum(t, j)[i];
}

static double wrow(const nqpf_index_result *r, const char *id, const char *q)
{
    const nqpf_table *w = nqpf_index_result_weights(r);
    for (size_t i = 0; i < nqpf_table_nrows(w); i++)
        if (strcmp(nqpf_table_text(w, 2, i), id) == 0)
            return col(w, q, i);
    fail_msg("no weight row %s", id);
    return NAN;
}

static nqpf_index_result *compute(const nqpf_panel *p, const nqpf_framework *fw, const nqpf_index_options *o)
{
    nqpf_index_result *r = NULL;
    if (nqpf_index_compute(&r, p, fw, o) != NQPF_OK)
        fail_msg("index: %s", nqpf_error_message());
    return r;
}

/* ---- hand-checkable ---- */

/* x1 = 1, 2, 3 and x2 = 1, 1, 4 (both +). Min-max: r1 = 0, 1/2, 1 and r2 = 0, 0, 1. Entropy:
 * p1 = 0, 1/3, 2/3 so e1 = -(1/3 ln 1/3 + 2/3 ln 2/3)/ln 3 and d1 = 1 - e1; p2 = 0, 0, 1 so e2 = 0 and
 * d2 = 1. Scores: w1 r1 + w2 r2 = 0, w1/2, 1. */
static void test_hand_entropy_sum(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("u,t,x1,x2\nA,1,1,1\nB,1,2,1\nC,1,3,4\n", "u", "t");
    nqpf_framework *fw = fw_text("d,i1,,,x1,,+,\nd,i2,,,x2,,+,\n");
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_index_result *r = compute(p, fw, &o);
    double e1 = -(log(1.0 / 3) / 3 + 2 * log(2.0 / 3) / 3) / log(3.0), d1 = 1 - e1, w1 = d1 / (d1 + 1), w2 = 1 / (d1 + 1);
    tu_assert_close(wrow(r, "i1", "entropy_e"), e1, 1e-14, 0, "e1");
    tu_assert_close(wrow(r, "i2", "entropy_e"), 0, 0, 1e-15, "e2");
    tu_assert_close(wrow(r, "i1", "entropy_d"), d1, 1e-14, 0, "d1");
    tu_assert_close(wrow(r, "i1", "weight"), w1, 1e-14, 0, "w1");
    tu_assert_close(wrow(r, "i2", "weight"), w2, 1e-14, 0, "w2");
    tu_assert_close(wrow(r, "d", "weight"), 1, 1e-15, 0, "dimension weight");
    const nqpf_table *s = nqpf_index_result_scores(r);
    tu_assert_close(col(s, "score", 0), 0, 0, 1e-15, "score A");
    tu_assert_close(col(s, "score", 1), w1 / 2, 1e-14, 0, "score B");
    tu_assert_close(col(s, "score", 2), 1, 1e-14, 0, "score C");
    assert_true(col(s, "rank", 0) == 3 && col(s, "rank", 1) == 2 && col(s, "rank", 2) == 1);
    nqpf_index_result_free(r);

    /* Obstacles: deviation 1 - r; A's are w1 and w2 (shares w1, w2 of 100), B's w1/2 and w2. */
    o.obstacles = 1;
    r = compute(p, fw, &o);
    s = nqpf_index_result_scores(r);
    tu_assert_close(col(s, "obstacle_i1", 0), 100 * w1, 1e-13, 0, "obstacle A i1");
    tu_assert_close(col(s, "obstacle_i2", 1), 100 * w2 / (w1 / 2 + w2), 1e-13, 0, "obstacle B i2");
    tu_assert_close(col(s, "obstacle_d", 1), 100, 1e-13, 0, "dimension obstacle B");
    assert_true(isnan(col(s, "obstacle_i1", 2))); /* C is best everywhere: nothing obstructs it */
    assert_string_equal(nqpf_table_text(s, nqpf_table_find(s, "obstacle_top1"), 0), w2 > w1 ? "i2" : "i1");
    /* Only positive obstacles are listed: with two indicators top3 stays empty, and C lists none. */
    assert_null(nqpf_table_text(s, nqpf_table_find(s, "obstacle_top3"), 0));
    assert_null(nqpf_table_text(s, nqpf_table_find(s, "obstacle_top1"), 2));
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* A dimension holding an indicator beside a sub-dimension: with equal weights 1/3, a/x = (r1 + r2)/2
 * and a = (1/3) r0 + (2/3) a/x = (r0 + r1 + r2)/3; GRA on the same tree gives a's grade from the
 * coefficients of r0 (weight 1/3) and of a/x's grade (weight 2/3). */
static void test_mixed_dimension(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("u,t,x,y,z\nA,1,1,1,3\nB,1,2,3,2\nC,1,3,2,1\n", "u", "t");
    nqpf_framework *fw = fw_text("a,i0,,,x,,+,\na/x,i1,,,y,,+,\na/x,i2,,,z,,-,\n");
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    o.weights[0] = o.weights[1] = NQPF_W_EQUAL;
    o.obstacles = 1;
    nqpf_index_result *r = compute(p, fw, &o);
    const nqpf_table *s = nqpf_index_result_scores(r);
    /* B is at its best in i1 (obstacle 0): i0 and i2 (deviation 0.5 each) share 100, i1 is not listed. */
    tu_assert_close(col(s, "obstacle_i1", 1), 0, 0, 0, "B obstacle i1");
    tu_assert_close(col(s, "obstacle_i0", 1), 50, 1e-13, 0, "B obstacle i0");
    tu_assert_close(col(s, "obstacle_a/x", 1), 50, 1e-13, 0, "B obstacle a/x");
    assert_string_equal(nqpf_table_text(s, nqpf_table_find(s, "obstacle_top1"), 1), "i0");
    assert_string_equal(nqpf_table_text(s, nqpf_table_find(s, "obstacle_top2"), 1), "i2");
    assert_null(nqpf_table_text(s, nqpf_table_find(s, "obstacle_top3"), 1));
    /* r0 = 0, .5, 1; r1 = 0, 1, .5; r2 (-) = 0, .5, 1. */
    static const double r0[3] = {0, 0.5, 1}, r1[3] = {0, 1, 0.5}, r2[3] = {0, 0.5, 1};
    for (size_t i = 0; i < 3; i++) {
        tu_assert_close(col(s, "a/x", i), (r1[i] + r2[i]) / 2, 1e-15, 1e-15, "a/x");
        tu_assert_close(col(s, "a", i), (r0[i] + r1[i] + r2[i]) / 3, 1e-15, 1e-15, "a");
        tu_assert_close(col(s, "score", i), col(s, "a", i), 0, 0, "score = the only dimension");
    }
    nqpf_index_result_free(r);
    o.aggregate = NQPF_AGG_GRA;
    r = compute(p, fw, &o);
    s = nqpf_index_result_scores(r);
    /* a/x: deviations 1 - r over {r1, r2}, Dmin 0, Dmax 1, so xi = 0.5 / (1.5 - r). */
    double g[3], best = -INFINITY, dmin = INFINITY, dmax = -INFINITY;
    for (size_t q = 0; q < 3; q++) {
        g[q] = (0.5 / (1.5 - r1[q]) + 0.5 / (1.5 - r2[q])) / 2;
        best = fmax(best, g[q]);
    }
    /* a: members r0 (best 1) and the a/x grades (best = their maximum); deltas over both members. */
    for (size_t q = 0; q < 3; q++) {
        dmin = fmin(dmin, fmin(1 - r0[q], best - g[q]));
        dmax = fmax(dmax, fmax(1 - r0[q], best - g[q]));
    }
    for (size_t i = 0; i < 3; i++) {
        double want = (1.0 / 3) * (dmin + 0.5 * dmax) / (1 - r0[i] + 0.5 * dmax) +
                      (2.0 / 3) * (dmin + 0.5 * dmax) / (best - g[i] + 0.5 * dmax);
        tu_assert_close(col(s, "a/x", i), g[i], 1e-14, 0, "GRA a/x");
        tu_assert_close(col(s, "a", i), want, 1e-14, 0, "GRA a");
    }
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* Coupling by hand: U = (0.5, 0.5): C = 1, T = 0.5, D = sqrt(0.5) (grade 8); U = (0.2, 0.8):
 * C = 2 sqrt(0.16) / 1 = 0.8, T = 0.5, D = sqrt(0.4) (grade 7); three systems (0.1, 0.4, 0.9) with
 * coefficients 0.2/0.3/0.5: C = 3 (0.036)^(1/3) / 1.4, T = 0.59. */
static void test_coupling_hand(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("u,t,a,b,c\nA,1,0.5,0.5,0.5\nB,1,0.2,0.8,0.5\nC,1,0.1,0.4,0.9\nD,1,0,0.3,0.2\n",
                                       "u", "t");
    const char *sys2[] = {"a", "b"}, *sys3[] = {"a", "b", "c"};
    nqpf_coupling_options o = NQPF_COUPLING_OPTIONS_INIT;
    o.systems = sys2;
    o.nsystems = 2;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_coupling(&t, p, &o), NQPF_OK);
    tu_assert_close(col(t, "C", 0), 1, 1e-15, 0, "C A");
    tu_assert_close(col(t, "D", 0), sqrt(0.5), 1e-15, 0, "D A");
    assert_true(col(t, "grade", 0) == 8);
    assert_string_equal(nqpf_table_text(t, nqpf_table_find(t, "class_en"), 0), "intermediate coordination");
    assert_string_equal(nqpf_table_text(t, nqpf_table_find(t, "class_zh"), 0), "中级协调");
    tu_assert_close(col(t, "C", 1), 0.8, 1e-15, 0, "C B");
    tu_assert_close(col(t, "T", 1), 0.5, 1e-15, 0, "T B");
    tu_assert_close(col(t, "D", 1), sqrt(0.4), 1e-15, 0, "D B");
    assert_true(col(t, "grade", 1) == 7);
    assert_true(col(t, "C", 3) == 0 && col(t, "grade", 3) == 1);
    nqpf_table_free(t);
    double coef[3] = {0.2, 0.3, 0.5};
    o.systems = sys3;
    o.nsystems = 3;
    o.coef = coef;
    assert_int_equal(nqpf_coupling(&t, p, &o), NQPF_OK);
    tu_assert_close(col(t, "C", 2), 3 * cbrt(0.036) / 1.4, 1e-14, 0, "C three systems");
    tu_assert_close(col(t, "T", 2), 0.59, 1e-14, 0, "T three systems");
    tu_assert_close(col(t, "D", 2), sqrt(3 * cbrt(0.036) / 1.4 * 0.59), 1e-14, 0, "D three systems");
    nqpf_table_free(t);
    /* Every grade boundary: 0.3 is the 4th grade (mild disorder), 1 the 10th. */
    const char *en;
    assert_int_equal(nqpf_coupling_class(0.3, NULL, &en), 4);
    assert_string_equal(en, "mild disorder");
    assert_int_equal(nqpf_coupling_class(0.0999, NULL, &en), 1);
    assert_int_equal(nqpf_coupling_class(1.0, NULL, &en), 10);
    assert_string_equal(en, "quality coordination");
    /* Out of [0, 1] without rescale is a data error naming the cell. */
    nqpf_panel *q = tu_panel_from_text("u,t,a,b\nA,1,0.5,1.5\nB,1,0.2,0.8\n", "u", "t");
    o.systems = sys2;
    o.nsystems = 2;
    o.coef = NULL;
    tu_assert_error(nqpf_coupling(&t, q, &o), NQPF_EDATA, "row 2, column 'b': expected a system index in [0, 1]");
    o.rescale = 1;
    assert_int_equal(nqpf_coupling(&t, q, &o), NQPF_OK);
    tu_assert_close(col(t, "T", 0), 1, 1e-15, 0, "rescaled T"); /* both systems' maxima become 1 */
    tu_assert_close(col(t, "C", 0), 1, 1e-15, 0, "rescaled C");
    nqpf_table_free(t);
    nqpf_panel_free(q);
    nqpf_panel_free(p);
}

/* AHP: a consistent matrix returns its generating weights with CR = 0; Saaty's 3 x 3 example
 * against GSL's non-symmetric eigen-solver. */
static void test_ahp(void **state)
{
    (void)state;
    const double g[4] = {0.4, 0.3, 0.2, 0.1};
    double a[16], w[4], lam, cr;
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            a[i * 4 + j] = g[i] / g[j];
    assert_int_equal(nqpf_weights_ahp(w, &lam, &cr, a, 4), NQPF_OK);
    for (size_t i = 0; i < 4; i++)
        tu_assert_close(w[i], g[i], 1e-12, 0, "consistent AHP weight");
    tu_assert_close(lam, 4, 1e-12, 0, "lambda_max");
    tu_assert_close(cr, 0, 0, 1e-12, "CR");

    double s[9] = {1, 3, 5, 1.0 / 3, 1, 3, 1.0 / 5, 1.0 / 3, 1};
    assert_int_equal(nqpf_weights_ahp(w, &lam, &cr, s, 3), NQPF_OK);
    gsl_matrix *m = gsl_matrix_alloc(3, 3);
    for (size_t i = 0; i < 9; i++)
        m->data[i] = s[i];
    gsl_vector_complex *ev = gsl_vector_complex_alloc(3);
    gsl_matrix_complex *vec = gsl_matrix_complex_alloc(3, 3);
    gsl_eigen_nonsymmv_workspace *ws = gsl_eigen_nonsymmv_alloc(3);
    assert_int_equal(gsl_eigen_nonsymmv(m, ev, vec, ws), 0);
    size_t best = 0;
    for (size_t k = 1; k < 3; k++)
        if (GSL_REAL(gsl_vector_complex_get(ev, k)) > GSL_REAL(gsl_vector_complex_get(ev, best)))
            best = k;
    double ref[3], sum = 0;
    for (size_t i = 0; i < 3; i++)
        sum += ref[i] = GSL_REAL(gsl_matrix_complex_get(vec, i, best));
    for (size_t i = 0; i < 3; i++)
        tu_assert_close(w[i], ref[i] / sum, 1e-10, 0, "Saaty AHP weight");
    double lref = GSL_REAL(gsl_vector_complex_get(ev, best));
    tu_assert_close(lam, lref, 1e-10, 0, "Saaty lambda_max");
    tu_assert_close(cr, (lref - 3) / 2 / 0.58, 1e-9, 0, "Saaty CR (RI 0.58)");
    gsl_eigen_nonsymmv_free(ws);
    gsl_matrix_complex_free(vec);
    gsl_vector_complex_free(ev);
    gsl_matrix_free(m);

    /* Through the pipeline: an inconsistent matrix (CR > 0.1) is refused unless forced. */
    nqpf_panel *p = tu_panel_from_text("u,t,x,y,z\nA,1,1,5,2\nB,1,2,3,3\nC,1,4,1,1\n", "u", "t");
    nqpf_framework *fw = fw_text("d,x,,,x,,+,\nd,y,,,y,,+,\nd,z,,,z,,+,\n");
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    o.weights[0] = o.weights[1] = NQPF_W_AHP;
    o.ahp_path = tu_write_tmp("bad_ahp.csv", "id,x,y,z\nx,1,9,1/9\ny,1/9,1,9\nz,9,1/9,1\n");
    nqpf_index_result *r = NULL;
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "consistency ratio");
    o.force = 1;
    r = compute(p, fw, &o);
    assert_true(nqpf_index_result_ahp_cr(r) > 0.1);
    nqpf_index_result_free(r);
    o.force = 0;
    o.ahp_path = tu_write_tmp("ok_ahp.csv", "id,x,y,z\nx,1,3,5\ny,1/3,1,3\nz,1/5,1/3,1\n");
    r = compute(p, fw, &o);
    tu_assert_close(wrow(r, "x", "weight"), w[0], 1e-12, 0, "pipeline AHP weight");
    tu_assert_close(wrow(r, "x", "ahp"), w[0], 1e-12, 0, "pipeline AHP detail");
    nqpf_index_result_free(r);
    o.ahp_path = tu_write_tmp("ahp_id.csv", "id,x,y,q\nx,1,3,5\ny,1/3,1,3\nq,1/5,1/3,1\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "'q' is not an indicator id");
    /* Hierarchical (long) form, one block per dimension: its error classes. */
    o.ahp_path = tu_write_tmp("ahp_t1.csv", "dimension,a,b,value\nd,x,y,9\nd,y,z,9\nd,x,z,1/9\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "dimension 'd': AHP consistency ratio");
    o.ahp_path = tu_write_tmp("ahp_t2.csv", "dimension,a,b,value\nd,x,y,2\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "dimension 'd' lacks the comparison of 'x' and 'z'");
    o.ahp_path = tu_write_tmp("ahp_t3.csv", "dimension,a,b,value\nq,x,y,2\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "row 2: 'q' is not a dimension");
    o.ahp_path = tu_write_tmp("ahp_t4.csv", "dimension,a,b,value\nd,x,w,2\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "'x' and 'w' are not two members of dimension 'd'");
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* Hierarchical AHP by hand on the tree a = {a/x = {i0, i1}, a/y = {i2}}, b = {i3, i4}: top a:b = 3
 * (0.75, 0.25), in a a/x:a/y = 1/2 (1/3, 2/3), in a/x i0:i1 = 4 (0.8, 0.2), b without judgements
 * (equal). Overall: i0 = 0.75/3 0.8 = 0.2, i1 = 0.05, i2 = 0.5, i3 = i4 = 0.125. */
static const char *const RAND_FW2 = "a/x,i0,,,v0,,+,\na/x,i1,,,v1,,-,\na/y,i2,,,v2,,+,\nb,i3,,,v3,,+,\nb,i4,,,v4,,-,\n";
static nqpf_panel *random_panel(void);
static void make_data(unsigned seed);

static void test_ahp_tree(void **state)
{
    (void)state;
    make_data(2);
    nqpf_panel *p = random_panel();
    nqpf_framework *fw = fw_text(RAND_FW2);
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    o.weights[0] = o.weights[1] = NQPF_W_AHP;
    o.ahp_path = tu_write_tmp("ahp_tree.csv", "dimension,a,b,value\n,a,b,3\na,a/x,a/y,1/2\na/x,i0,i1,4\n");
    nqpf_index_result *r = compute(p, fw, &o);
    static const double want[5] = {0.2, 0.05, 0.5, 0.125, 0.125};
    static const char *const id[5] = {"i0", "i1", "i2", "i3", "i4"};
    for (int j = 0; j < 5; j++) {
        tu_assert_close(wrow(r, id[j], "weight"), want[j], 1e-12, 0, id[j]);
        tu_assert_close(wrow(r, id[j], "ahp"), want[j], 1e-12, 0, id[j]);
    }
    tu_assert_close(wrow(r, "a/x", "local_weight"), 1.0 / 3, 1e-12, 0, "a/x local weight");
    tu_assert_close(nqpf_index_result_ahp_cr(r), 0, 0, 1e-12, "2 x 2 blocks are consistent");
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* ---- the independent implementation ---- */

#define NU 7
#define NT 4
#define NI 5
#define NO (NU * NT)

/* The tree of the random test: a/x = {i0, i1}, a/y = {i2}, b = {i3, i4}, a = {a/x, a/y}. */
static const int DIR[NI] = {1, -1, 1, 1, -1};
static const char *const RAND_FW = "a/x,i0,,,v0,,+,\na/x,i1,,,v1,,-,\na/y,i2,,,v2,,+,\nb,i3,,,v3,,+,\nb,i4,,,v4,,-,\n";

typedef struct ind_opts {
    int norm;   /* 0 minmax, 1 zscore, 2 rank, 3 ratio-mean */
    int period; /* scope */
    double shift;
    int wmethod; /* 0 entropy, 1 critic, 2 cv, 3 equal, 4 entropy+critic, 5 entropy*critic */
    int agg;     /* 0 sum, 1 geometric, 2 topsis (hierarchical), 3 gra, 4 topsis flat (entropy-TOPSIS) */
} ind_opts;

static double X[NO][NI]; /* observation o = unit * NT + year, panel order */

static void make_data(unsigned seed)
{
    unsigned long s = seed * 2654435761ul + 1;
    for (int o = 0; o < NO; o++)
        for (int j = 0; j < NI; j++) {
            s = s * 6364136223846793005ul + 1442695040888963407ul;
            X[o][j] = 1 + 99.0 * (double)(s >> 11) / 9007199254740992.0;
        }
}

static int in_pool(const ind_opts *op, int a, int b) { return !op->period || a % NT == b % NT; }

static void ref_normalise(const ind_opts *op, double Y[NO][NI])
{
    for (int j = 0; j < NI; j++)
        for (int o = 0; o < NO; o++) {
            double mn = INFINITY, mx = -INFINITY, sum = 0, ss = 0, cnt = 0, below = 0, equal = 0;
            for (int q = 0; q < NO; q++)
                if (in_pool(op, o, q)) {
                    double v = X[q][j];
                    mn = fmin(mn, v), mx = fmax(mx, v), sum += v, cnt++;
                    below += DIR[j] * v < DIR[j] * X[o][j];
                    equal += v == X[o][j];
                }
            double mu = sum / cnt;
            for (int q = 0; q < NO; q++)
                if (in_pool(op, o, q))
                    ss += (X[q][j] - mu) * (X[q][j] - mu);
            double v = X[o][j];
            if (op->norm == 0)
                Y[o][j] = (DIR[j] > 0 ? (v - mn) : (mx - v)) / (mx - mn);
            else if (op->norm == 1)
                Y[o][j] = DIR[j] * (v - mu) / sqrt(ss / (cnt - 1));
            else if (op->norm == 3)
                Y[o][j] = DIR[j] > 0 ? v / mu : mu / v;
            else
                Y[o][j] = below + (equal + 1) / 2;
            Y[o][j] += op->shift;
        }
}

static void ref_entropy(double Y[NO][NI], double *w)
{
    double d[NI], ds = 0;
    for (int j = 0; j < NI; j++) {
        double s = 0, h = 0;
        for (int o = 0; o < NO; o++)
            s += Y[o][j];
        for (int o = 0; o < NO; o++)
            if (Y[o][j] > 0)
                h -= Y[o][j] / s * log(Y[o][j] / s);
        d[j] = 1 - h / log((double)NO);
        ds += d[j];
    }
    for (int j = 0; j < NI; j++)
        w[j] = d[j] / ds;
}

static void ref_critic(double Y[NO][NI], double *w)
{
    double mu[NI] = {0}, sd[NI] = {0}, c[NI], cs = 0;
    for (int j = 0; j < NI; j++) {
        for (int o = 0; o < NO; o++)
            mu[j] += Y[o][j] / NO;
        for (int o = 0; o < NO; o++)
            sd[j] += (Y[o][j] - mu[j]) * (Y[o][j] - mu[j]);
        sd[j] = sqrt(sd[j] / (NO - 1));
    }
    for (int j = 0; j < NI; j++) {
        double conf = 0;
        for (int k = 0; k < NI; k++) {
            double cov = 0;
            for (int o = 0; o < NO; o++)
                cov += (Y[o][j] - mu[j]) * (Y[o][k] - mu[k]);
            conf += 1 - cov / (NO - 1) / (sd[j] * sd[k]);
        }
        c[j] = sd[j] * conf;
        cs += c[j];
    }
    for (int j = 0; j < NI; j++)
        w[j] = c[j] / cs;
}

static void ref_weights(const ind_opts *op, double Y[NO][NI], double *w)
{
    double a[NI], b[NI], s = 0;
    switch (op->wmethod) {
    case 0:
        ref_entropy(Y, w);
        return;
    case 1:
        ref_critic(Y, w);
        return;
    case 2:
        for (int j = 0; j < NI; j++) {
            double mu = 0, ss = 0;
            for (int o = 0; o < NO; o++)
                mu += Y[o][j] / NO;
            for (int o = 0; o < NO; o++)
                ss += (Y[o][j] - mu) * (Y[o][j] - mu);
            w[j] = sqrt(ss / (NO - 1)) / mu;
            s += w[j];
        }
        for (int j = 0; j < NI; j++)
            w[j] /= s;
        return;
    case 3:
        for (int j = 0; j < NI; j++)
            w[j] = 1.0 / NI;
        return;
    default:
        ref_entropy(Y, a);
        ref_critic(Y, b);
        for (int j = 0; j < NI; j++)
            s += w[j] = op->wmethod == 4 ? (a[j] + b[j]) / 2 : a[j] * b[j];
        for (int j = 0; j < NI; j++)
            w[j] /= s;
    }
}

/* Aggregates k columns V[o][0..k) with weights lw (sum 1) over the scope pools. */
static void ref_agg(const ind_opts *op, double V[NO][NI], const double *lw, int k, double *out)
{
    for (int o = 0; o < NO; o++) {
        if (op->agg == 0 || op->agg == 1) {
            double s = op->agg == 0 ? 0 : 1;
            for (int a = 0; a < k; a++)
                s = op->agg == 0 ? s + lw[a] * V[o][a] : s * pow(V[o][a], lw[a]);
            out[o] = s;
            continue;
        }
        double best[NI], worst[NI], dmin = INFINITY, dmax = -INFINITY;
        for (int a = 0; a < k; a++) {
            best[a] = -INFINITY, worst[a] = INFINITY;
            for (int q = 0; q < NO; q++)
                if (in_pool(op, o, q))
                    best[a] = fmax(best[a], V[q][a]), worst[a] = fmin(worst[a], V[q][a]);
        }
        if (op->agg == 2 || op->agg == 4) {
            double dp = 0, dn = 0;
            for (int a = 0; a < k; a++) {
                dp += lw[a] * (V[o][a] - best[a]) * (V[o][a] - best[a]);
                dn += lw[a] * (V[o][a] - worst[a]) * (V[o][a] - worst[a]);
            }
            out[o] = sqrt(dn) / (sqrt(dp) + sqrt(dn));
            continue;
        }
        for (int a = 0; a < k; a++)
            for (int q = 0; q < NO; q++)
                if (in_pool(op, o, q)) {
                    dmin = fmin(dmin, best[a] - V[q][a]);
                    dmax = fmax(dmax, best[a] - V[q][a]);
                }
        double g = 0;
        for (int a = 0; a < k; a++)
            g += lw[a] * (dmin + 0.5 * dmax) / (best[a] - V[o][a] + 0.5 * dmax);
        out[o] = g;
    }
}

/* Scores of the nodes: [0] score, [1] a, [2] a/x, [3] a/y, [4] b. */
static void ref_index(const ind_opts *op, double S[5][NO], double *w)
{
    static double Y[NO][NI], V[NO][NI];
    ref_normalise(op, Y);
    ref_weights(op, Y, w);
    double lw[NI];
    if (op->agg == 4) {
        /* Flat TOPSIS: each node is one TOPSIS over all the indicators below it, their global
         * weights renormalised; the score is TOPSIS over all five with w. */
        static const int members[5][NI] = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 1, 0, 0, 0}, {0, 0, 1, 0, 0},
                                           {0, 0, 0, 1, 1}};
        for (int v = 0; v < 5; v++) {
            int k = 0;
            double tw = 0;
            for (int j = 0; j < NI; j++)
                tw += members[v][j] * w[j];
            for (int j = 0; j < NI; j++)
                if (members[v][j]) {
                    for (int o = 0; o < NO; o++)
                        V[o][k] = Y[o][j];
                    lw[k++] = w[j] / tw;
                }
            ref_agg(op, V, lw, k, S[v]);
        }
        return;
    }
    /* a/x */
    for (int o = 0; o < NO; o++)
        V[o][0] = Y[o][0], V[o][1] = Y[o][1];
    lw[0] = w[0] / (w[0] + w[1]), lw[1] = w[1] / (w[0] + w[1]);
    ref_agg(op, V, lw, 2, S[2]);
    /* a/y */
    for (int o = 0; o < NO; o++)
        V[o][0] = Y[o][2];
    lw[0] = 1;
    ref_agg(op, V, lw, 1, S[3]);
    /* b */
    for (int o = 0; o < NO; o++)
        V[o][0] = Y[o][3], V[o][1] = Y[o][4];
    lw[0] = w[3] / (w[3] + w[4]), lw[1] = w[4] / (w[3] + w[4]);
    ref_agg(op, V, lw, 2, S[4]);
    /* a */
    double wa = w[0] + w[1] + w[2];
    for (int o = 0; o < NO; o++)
        V[o][0] = S[2][o], V[o][1] = S[3][o];
    lw[0] = (w[0] + w[1]) / wa, lw[1] = w[2] / wa;
    ref_agg(op, V, lw, 2, S[1]);
    /* score */
    for (int o = 0; o < NO; o++)
        V[o][0] = S[1][o], V[o][1] = S[4][o];
    lw[0] = wa, lw[1] = 1 - wa;
    ref_agg(op, V, lw, 2, S[0]);
}

static nqpf_panel *random_panel(void)
{
    char *csv = malloc(65536);
    size_t l = (size_t)sprintf(csv, "unit,year,v0,v1,v2,v3,v4\n");
    for (int o = 0; o < NO; o++) {
        l += (size_t)sprintf(csv + l, "u%d,%d", o / NT, 2001 + o % NT);
        for (int j = 0; j < NI; j++)
            l += (size_t)sprintf(csv + l, ",%.17g", X[o][j]);
        l += (size_t)sprintf(csv + l, "\n");
    }
    nqpf_panel *p = tu_panel_from_text(csv, "unit", "year");
    free(csv);
    return p;
}

static void test_independent_random(void **state)
{
    (void)state;
    static const ind_opts cases[] = {
        {0, 0, 0, 0, 0},    {0, 1, 0, 0, 0},    {0, 0, 0.01, 1, 2}, {0, 1, 0, 1, 2},    {0, 0, 0, 3, 3},
        {0, 1, 0, 0, 3},    {0, 0, 0.01, 2, 1}, {1, 0, 0, 1, 0},    {2, 0, 0, 3, 0},    {2, 1, 0, 0, 2},
        {0, 0, 0.001, 4, 0}, {0, 0, 0.001, 5, 2}, {1, 1, 0, 1, 2},   {2, 0, 0.5, 2, 1},
        {3, 0, 0, 0, 0},    {3, 1, 0, 2, 1},    {3, 0, 0.1, 4, 3},
        {0, 0, 0, 0, 4},    {0, 1, 0, 0, 4},    {0, 0, 0.01, 4, 4}, {2, 0, 0, 1, 4},
    };
    static const enum nqpf_index_weighting wm[6][2] = {
        {NQPF_W_ENTROPY, NQPF_W_ENTROPY}, {NQPF_W_CRITIC, NQPF_W_CRITIC}, {NQPF_W_CV, NQPF_W_CV},
        {NQPF_W_EQUAL, NQPF_W_EQUAL},     {NQPF_W_ENTROPY, NQPF_W_CRITIC}, {NQPF_W_ENTROPY, NQPF_W_CRITIC}};
    static const enum nqpf_index_agg am[5] = {NQPF_AGG_SUM, NQPF_AGG_GEOMETRIC, NQPF_AGG_TOPSIS, NQPF_AGG_GRA,
                                              NQPF_AGG_TOPSIS};
    static const enum nqpf_index_norm nm[4] = {NQPF_NORM_MINMAX, NQPF_NORM_ZSCORE, NQPF_NORM_RANK,
                                               NQPF_NORM_RATIO_MEAN};
    static const char *const nodes[5] = {"score", "a", "a/x", "a/y", "b"};
    nqpf_framework *fw = fw_text(RAND_FW);
    double maxerr = 0;
    size_t nvals = 0;
    for (unsigned seed = 1; seed <= 5; seed++) {
        make_data(seed);
        nqpf_panel *p = random_panel();
        for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
            const ind_opts *op = &cases[c];
            nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
            o.norm = nm[op->norm];
            o.scope = op->period ? NQPF_SCOPE_PERIOD : NQPF_SCOPE_GLOBAL;
            o.shift = op->shift;
            o.weights[0] = wm[op->wmethod][0];
            o.weights[1] = wm[op->wmethod][1];
            o.combine = op->wmethod == 4 ? NQPF_COMBINE_ARITH : op->wmethod == 5 ? NQPF_COMBINE_MULT : NQPF_COMBINE_NONE;
            o.aggregate = am[op->agg];
            o.topsis_scope = op->agg == 4 ? NQPF_TOPSIS_FLAT : NQPF_TOPSIS_HIERARCHICAL;
            nqpf_index_result *r = compute(p, fw, &o);
            double S[5][NO], w[NI];
            ref_index(op, S, w);
            char ctx[128];
            for (int j = 0; j < NI; j++) {
                char id[8];
                snprintf(id, sizeof id, "i%d", j);
                snprintf(ctx, sizeof ctx, "seed %u case %zu weight %s", seed, c, id);
                double got = wrow(r, id, "weight");
                tu_assert_close(got, w[j], 1e-11, 1e-14, ctx);
                maxerr = fmax(maxerr, fabs(got - w[j]));
                nvals++;
            }
            const nqpf_table *s = nqpf_index_result_scores(r);
            for (int k = 0; k < 5; k++)
                for (int q = 0; q < NO; q++) {
                    snprintf(ctx, sizeof ctx, "seed %u case %zu %s obs %d", seed, c, nodes[k], q);
                    double got = col(s, nodes[k], (size_t)q);
                    tu_assert_close(got, S[k][q], 1e-11, 1e-13, ctx);
                    maxerr = fmax(maxerr, fabs(got - S[k][q]));
                    nvals++;
                }
            /* Ranks within the year: 1 + the number of better scores that year (rank sums tie
             * exactly, so the library's own scores decide, not the independent ones' last bits). */
            for (int q = 0; q < NO; q++) {
                double rk = 1;
                for (int z = 0; z < NO; z++)
                    rk += z % NT == q % NT && col(s, "score", (size_t)z) > col(s, "score", (size_t)q);
                assert_true(col(s, "rank", (size_t)q) == rk);
            }
            nqpf_index_result_free(r);
        }
        nqpf_panel_free(p);
    }
    print_message("independent implementation: %zu values, largest difference %.3g\n", nvals, maxerr);
    nqpf_framework_free(fw);
}

/* TOPSIS both forms against plain formulas on random matrices (the reference cases only cover
 * equal or benefit-only weights for some variants). */
static void test_topsis_forms_random(void **state)
{
    (void)state;
    make_data(11);
    double x[NI * NO], w[NI] = {0.1, 0.3, 0.2, 0.25, 0.15}, cl[NO], ideal[NI], anti[NI];
    for (int j = 0; j < NI; j++)
        for (int o = 0; o < NO; o++)
            x[j * NO + o] = X[o][j];
    for (int vector = 0; vector <= 1; vector++) {
        assert_int_equal(nqpf_topsis(cl, ideal, anti, x, w, DIR, NO, NI, vector), NQPF_OK);
        for (int o = 0; o < NO; o++) {
            double dp = 0, dn = 0;
            for (int j = 0; j < NI; j++) {
                double norm = 0, mx = -INFINITY, mn = INFINITY;
                for (int q = 0; q < NO; q++)
                    norm += X[q][j] * X[q][j], mx = fmax(mx, X[q][j]), mn = fmin(mn, X[q][j]);
                double best = DIR[j] > 0 ? mx : mn, worst = DIR[j] > 0 ? mn : mx, v = X[o][j];
                if (vector) { /* distances on w r, r = x / ||x|| */
                    double f = w[j] / sqrt(norm);
                    dp += pow(f * (v - best), 2), dn += pow(f * (v - worst), 2);
                } else {
                    dp += w[j] * pow(v - best, 2), dn += w[j] * pow(v - worst, 2);
                }
            }
            tu_assert_close(cl[o], sqrt(dn) / (sqrt(dp) + sqrt(dn)), 1e-12, 0, vector ? "topsis-vector" : "topsis");
        }
    }
}

/* The worked example of docs/index.md: Penn World Table 9.1, 2000-2017, countries with a TFP level,
 * frameworks/world_pwt.csv, global min-max, entropy, weighted sum; checked against the plain
 * formulas on the same columns. */
static void test_pwt_worked_example(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_source("data/pwt91.csv"));
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "countrycode", "year"), NQPF_OK);
    assert_int_equal(nqpf_panel_filter(p, "ctfp > 0", 2000, 2017), NQPF_OK);
    nqpf_framework *fw = NULL;
    assert_int_equal(nqpf_framework_read(&fw, tu_source("frameworks/world_pwt.csv")), NQPF_OK);
    assert_int_equal(nqpf_framework_count(fw), 9);
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_index_result *r = compute(p, fw, &o);
    size_t n = nqpf_panel_nobs(p);
    assert_int_equal(n, 2106);
    assert_int_equal(nqpf_panel_nunits(p), 117);
    /* The indicators as plain formulas. */
    const double *c[11];
    static const char *const names[11] = {"hc", "emp", "pop", "labsh", "rnna", "csh_i", "pl_i", "ctfp", "rgdpo", "csh_x", "csh_m"};
    for (int k = 0; k < 11; k++)
        assert_int_equal(nqpf_panel_column(p, names[k], &c[k]), NQPF_OK);
    static const int dir[9] = {1, 1, 1, 1, 1, -1, 1, 1, 1};
    static const int dim[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    double *v = malloc(9 * n * sizeof *v), d[9], ds = 0, w[9];
    for (size_t i = 0; i < n; i++) {
        double row[9] = {c[0][i], c[1][i] / c[2][i], c[3][i], c[4][i] / c[1][i], c[5][i], c[6][i], c[7][i],
                         c[8][i] / c[1][i], c[9][i] - c[10][i]};
        for (int j = 0; j < 9; j++)
            v[j * n + i] = row[j];
    }
    for (int j = 0; j < 9; j++) {
        double mn = INFINITY, mx = -INFINITY, s = 0, h = 0;
        for (size_t i = 0; i < n; i++)
            mn = fmin(mn, v[j * n + i]), mx = fmax(mx, v[j * n + i]);
        for (size_t i = 0; i < n; i++) {
            v[j * n + i] = dir[j] > 0 ? (v[j * n + i] - mn) / (mx - mn) : (mx - v[j * n + i]) / (mx - mn);
            s += v[j * n + i];
        }
        for (size_t i = 0; i < n; i++)
            if (v[j * n + i] > 0)
                h -= v[j * n + i] / s * log(v[j * n + i] / s);
        d[j] = 1 - h / log((double)n);
        ds += d[j];
    }
    for (int j = 0; j < 9; j++)
        w[j] = d[j] / ds;
    const nqpf_table *s = nqpf_index_result_scores(r);
    static const char *const dn[3] = {"laborers", "means_of_labor", "objects_of_labor"};
    double maxerr = 0;
    for (size_t i = 0; i < n; i++) {
        double score = 0;
        for (int k = 0; k < 3; k++) {
            double sk = 0, wk = 0;
            for (int j = 0; j < 9; j++)
                if (dim[j] == k)
                    sk += w[j] * v[j * n + i], wk += w[j];
            double got = col(s, dn[k], i);
            tu_assert_close(got, sk / wk, 1e-11, 1e-14, dn[k]);
            maxerr = fmax(maxerr, fabs(got - sk / wk));
            score += sk;
        }
        tu_assert_close(col(s, "score", i), score, 1e-11, 1e-14, "PWT score");
        maxerr = fmax(maxerr, fabs(col(s, "score", i) - score));
    }
    print_message("PWT worked example: %zu country-years, largest difference %.3g\n", n, maxerr);
    /* What docs/index.md shows: 2017's leaders. */
    for (size_t i = 0; i < n; i++)
        if (nqpf_panel_time(p, i) == 2017 && col(s, "rank", i) == 1)
            assert_string_equal(nqpf_table_text(s, 0, i), "HKG");
    free(v);
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* ---- bad input ---- */

/* Dimension-label rows (empty column, empty or '-' id): read, carried into the weights table's
 * dimension rows, and refused when malformed (each message names the row and column). */
static const char *wtext(const nqpf_index_result *r, const char *id, const char *name)
{
    const nqpf_table *w = nqpf_index_result_weights(r);
    size_t j = nqpf_table_find(w, name);
    assert_int_not_equal(j, NQPF_NONE);
    for (size_t i = 0; i < nqpf_table_nrows(w); i++)
        if (strcmp(nqpf_table_text(w, 2, i), id) == 0) {
            const char *v = nqpf_table_text(w, j, i);
            return v ? v : "";
        }
    fail_msg("no weight row %s", id);
    return NULL;
}

static void test_dimension_labels(void **state)
{
    (void)state;
    nqpf_framework *fw = fw_text("d,,劳动者,Laborers,,,,\n"
                                 "d/e,-,,Sub E,,,,\n"
                                 "d/e,a,甲,A,x,u1,+,\n"
                                 "d,b,乙,B,y,u2,+,\n"
                                 "f,c,丙,C,x*y,u3,-,\n");
    assert_int_equal(nqpf_framework_count(fw), 3);
    const char *l = NULL;
    assert_int_equal(nqpf_framework_dimension_label(fw, "d", "label_zh", &l), NQPF_OK);
    assert_string_equal(l, "劳动者");
    assert_int_equal(nqpf_framework_dimension_label(fw, "d/e", "label_en", &l), NQPF_OK);
    assert_string_equal(l, "Sub E");
    assert_int_equal(nqpf_framework_dimension_label(fw, "d/e", "label_zh", &l), NQPF_OK);
    assert_null(l);
    assert_int_equal(nqpf_framework_dimension_label(fw, "f", "label_en", &l), NQPF_OK);
    assert_null(l);
    assert_int_equal(nqpf_framework_dimension_label(fw, "d", "unit", &l), NQPF_EUSAGE);
    nqpf_panel *p = tu_panel_from_text("u,t,x,y\nA,1,1,2\nB,1,2,1\nC,1,3,5\n", "u", "t");
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    o.weights[0] = o.weights[1] = NQPF_W_EQUAL;
    nqpf_index_result *r = compute(p, fw, &o);
    assert_string_equal(wtext(r, "d", "label_zh"), "劳动者");
    assert_string_equal(wtext(r, "d", "label_en"), "Laborers");
    assert_string_equal(wtext(r, "d/e", "label_en"), "Sub E");
    assert_string_equal(wtext(r, "d/e", "label_zh"), "");
    assert_string_equal(wtext(r, "f", "label_en"), "");
    assert_string_equal(wtext(r, "a", "label_zh"), "甲");
    assert_string_equal(wtext(r, "c", "unit"), "u3");
    /* Equal weights over 3 indicators: d holds a and b, so 2/3. */
    tu_assert_close(wrow(r, "d", "weight"), 2.0 / 3, 1e-15, 0, "d weight");
    nqpf_index_result_free(r);
    nqpf_panel_free(p);
    nqpf_framework_free(fw);

    assert_int_equal(fw_error("d,,劳动者,,,u,,\nd,a,,,x,,+,\n", "row 2, column 'unit': expected an empty cell on a "
                                                               "dimension-label row"), NQPF_EDATA);
    assert_int_equal(fw_error("d,,劳动者,,,,+,\nd,a,,,x,,+,\n", "row 2, column 'direction'"), NQPF_EDATA);
    assert_int_equal(fw_error("d,-,劳动者,,,,,0.5\nd,a,,,x,,+,\n", "row 2, column 'weight'"), NQPF_EDATA);
    assert_int_equal(fw_error("d,a,,,x,,+,\nq,,劳动者,,,,,\n", "row 3, column 'path': expected the path of a dimension "
                                                              "that holds indicators, found 'q'"), NQPF_EDATA);
    assert_int_equal(fw_error("d,a,,,x,,+,\nd,,甲,,,,,\nd,,乙,,,,,\n", "row 4, column 'path': expected one label row "
                                                                     "per dimension, found dimension 'd' again (also row 3)"),
                     NQPF_EDATA);
    assert_int_equal(fw_error("d,a,,,x,,+,\nd,,,,,,,\n", "row 3, column 'label_zh': expected a label for dimension 'd'"),
                     NQPF_EDATA);
    assert_int_equal(fw_error("d/,,甲,,,,,\nd,a,,,x,,+,\n", "row 2, column 'path': empty dimension in 'd/'"), NQPF_EDATA);
    assert_int_equal(fw_error("d,,甲,,,,,\n", "no indicators"), NQPF_EDATA);
    /* An indicator row with an id but no column stays an indicator error. */
    assert_int_equal(fw_error("d,a,,,,,+,\n", "column 'column': expected a data column or expression for indicator 'a'"),
                     NQPF_EDATA);

    /* Every dimension of the bundled frameworks has both labels. */
    static const char *const files[] = {"frameworks/provincial.csv", "frameworks/firm.csv", "frameworks/world_pwt.csv"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        nqpf_framework *b = NULL;
        assert_int_equal(nqpf_framework_read(&b, tu_source(files[f])), NQPF_OK);
        for (size_t k = 0; k < nqpf_framework_count(b); k++) {
            char path[256];
            snprintf(path, sizeof path, "%s", nqpf_framework_field(b, k, "path"));
            for (char *cut = path + strlen(path); cut; cut = strrchr(path, '/')) {
                *cut = 0;
                const char *zh = NULL, *en = NULL;
                char full[256];
                snprintf(full, sizeof full, "%s", path);
                assert_int_equal(nqpf_framework_dimension_label(b, full, "label_zh", &zh), NQPF_OK);
                assert_int_equal(nqpf_framework_dimension_label(b, full, "label_en", &en), NQPF_OK);
                if (!zh || !en)
                    fail_msg("%s: dimension '%s' lacks a label", files[f], full);
                if (!strchr(path, '/'))
                    break;
            }
        }
        nqpf_framework_free(b);
    }
    const char *zh = NULL;
    nqpf_framework *b = NULL;
    assert_int_equal(nqpf_framework_read(&b, tu_source("frameworks/provincial.csv")), NQPF_OK);
    assert_int_equal(nqpf_framework_dimension_label(b, "objects_of_labor", "label_zh", &zh), NQPF_OK);
    assert_string_equal(zh, "劳动对象");
    nqpf_framework_free(b);
}

static void test_framework_errors(void **state)
{
    (void)state;
    assert_int_equal(fw_error("d,a,,,x,,+,\nd,a,,,y,,+,\n", "row 3, column 'id': duplicate indicator id 'a' (also row 2)"),
                     NQPF_EDATA);
    assert_int_equal(fw_error("d,a,,,x,,up,\n", "row 2, column 'direction': expected '+' or '-'"), NQPF_EDATA);
    assert_int_equal(fw_error("d//e,a,,,x,,+,\n", "row 2, column 'path': empty dimension in 'd//e'"), NQPF_EDATA);
    assert_int_equal(fw_error(",a,,,x,,+,\n", "row 2, column 'path'"), NQPF_EDATA);
    assert_int_equal(fw_error("d,a,,,x,,+,-1\n", "column 'weight': expected a non-negative number"), NQPF_EDATA);
    assert_int_equal(fw_error("d,a,,,,,+,\n", "column 'column'"), NQPF_EDATA);
    assert_int_equal(fw_error("d,d,,,x,,+,\n", "also a dimension name"), NQPF_EDATA);
    nqpf_framework *fw = NULL;
    tu_assert_error(nqpf_framework_read(&fw, tu_write_tmp("nohdr.csv", "path,id\nd,a\n")), NQPF_EDATA, "no column 'label_zh'");
    /* Unknown column, plain or inside an expression. */
    nqpf_panel *p = tu_panel_from_text("u,t,x,y\nA,1,1,2\nB,1,2,1\n", "u", "t");
    fw = fw_text("d,a,,,x,,+,\nd,b,,,nosuch,,+,\n");
    tu_assert_error(nqpf_framework_check(fw, p), NQPF_EDATA, "row 3, column 'column': unknown data column 'nosuch'");
    nqpf_framework_free(fw);
    fw = fw_text("d,a,,,x / zz,,+,\n");
    tu_assert_error(nqpf_framework_check(fw, p), NQPF_EDATA, "unknown data column 'zz'");
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

static void test_data_errors(void **state)
{
    (void)state;
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_index_result *r = NULL;
    /* Zero variance: dropped with a warning, an error with --strict; a dimension left empty. */
    nqpf_panel *p = tu_panel_from_text("u,t,x,y,z\nA,1,1,5,2\nB,1,2,5,3\nC,1,4,5,1\n", "u", "t");
    nqpf_framework *fw = fw_text("d,x,,,x,,+,\nd,y,,,y,,+,\ne,z,,,z,,+,\n");
    r = compute(p, fw, &o);
    assert_int_not_equal(nqpf_table_find(nqpf_index_result_scores(r), "d"), NQPF_NONE);
    nqpf_index_result_free(r);
    o.strict = 1;
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "indicator 'y' (column 'y') has zero variance");
    o.strict = 0;
    nqpf_framework_free(fw);
    fw = fw_text("d,x,,,x,,+,\nf,y,,,y,,+,\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "dimension 'f' has no indicators left");
    nqpf_framework_free(fw);
    /* Negative normalised values for entropy; zeros for a geometric mean. */
    fw = fw_text("d,x,,,x,,+,\nd,z,,,z,,+,\n");
    o.norm = NQPF_NORM_ZSCORE;
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "entropy weights need non-negative normalised values");
    o.norm = NQPF_NORM_MINMAX;
    o.aggregate = NQPF_AGG_GEOMETRIC;
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "geometric aggregation of 'd' needs positive");
    o.shift = 0.01;
    r = compute(p, fw, &o);
    nqpf_index_result_free(r);
    o.shift = 0;
    o.aggregate = NQPF_AGG_SUM;
    o.weights[0] = o.weights[1] = NQPF_W_FIXED;
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "fixed weights need a weight for every indicator");
    nqpf_framework_free(fw);
    nqpf_panel_free(p);

    /* Missing values: refused, or imputed (linear in time, carried, unit mean). */
    o = (nqpf_index_options)NQPF_INDEX_OPTIONS_INIT;
    p = tu_panel_from_text("u,t,x,y\nA,1,1,1\nA,2,,2\nA,4,7,3\nA,5,,4\nB,1,2,4\nB,2,3,3\nB,4,5,2\nB,5,6,1\n", "u", "t");
    fw = fw_text("d,x,,,x,,+,\nd,y,,,y,,+,\n");
    tu_assert_error(nqpf_index_compute(&r, p, fw, &o), NQPF_EDATA, "row 3, indicator 'x' (column 'x'): missing value");
    static const enum nqpf_index_impute how[3] = {NQPF_IMPUTE_LINEAR, NQPF_IMPUTE_CARRY, NQPF_IMPUTE_MEAN};
    /* A's x at t = 2 and 5: linear 1 + 6/3 = 3 and 7 (end: nearest); carry 1 and 7; mean 4 and 4.
     * With min-max over x = (1, a2, 7, a5, 2, 3, 5, 6), the score of A in year 2 reveals a2. */
    static const double a2[3] = {3, 1, 4}, a5[3] = {7, 7, 4};
    for (int k = 0; k < 3; k++) {
        o.impute = how[k];
        o.weights[0] = o.weights[1] = NQPF_W_EQUAL;
        r = compute(p, fw, &o);
        const nqpf_table *s = nqpf_index_result_scores(r);
        tu_assert_close(col(s, "score", 1), 0.5 * (a2[k] - 1) / 6 + 0.5 * (2 - 1) / 3.0, 1e-14, 0, "imputed t=2");
        tu_assert_close(col(s, "score", 3), 0.5 * (a5[k] - 1) / 6 + 0.5 * (4 - 1) / 3.0, 1e-14, 0, "imputed t=5");
        int found = 0;
        for (size_t q = 0; q < nqpf_index_result_nnotes(r); q++)
            if (strcmp(nqpf_index_result_note_key(r, q), "imputed_cells") == 0)
                found = strcmp(nqpf_index_result_note_value(r, q), "2") == 0;
        assert_true(found);
        nqpf_index_result_free(r);
    }
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* Sensitivity: same seed, same bytes; the interval brackets the median; four factors reported. */
static void test_sensitivity(void **state)
{
    (void)state;
    make_data(3);
    nqpf_panel *p = random_panel();
    nqpf_framework *fw = fw_text(RAND_FW);
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    o.sensitivity = 200;
    o.seed = 42;
    nqpf_index_result *r1 = compute(p, fw, &o), *r2 = compute(p, fw, &o);
    const nqpf_table *s1 = nqpf_index_result_scores(r1), *s2 = nqpf_index_result_scores(r2);
    for (size_t i = 0; i < NO; i++) {
        double m = col(s1, "rank_median", i), lo = col(s1, "rank_p05", i), hi = col(s1, "rank_p95", i);
        assert_true(lo <= m && m <= hi && lo >= 1 && hi <= NU);
        assert_true(m == col(s2, "rank_median", i) && lo == col(s2, "rank_p05", i) && hi == col(s2, "rank_p95", i));
    }
    const nqpf_table *f = nqpf_index_result_factors(r1);
    assert_non_null(f);
    assert_int_equal(nqpf_table_nrows(f), 4);
    double fs = 0;
    for (size_t k = 0; k < 4; k++) {
        assert_true(col(f, "mean_abs_rank_shift", k) >= 0 && col(f, "max_abs_rank_shift", k) >= col(f, "mean_abs_rank_shift", k));
        double sh = col(f, "first_order_share", k);
        assert_true(k == 2 ? isnan(sh) : (sh >= 0 && sh <= 1));
        fs += k == 2 ? 0 : sh;
    }
    assert_true(fs <= 1); /* independent draws: the main effects explain at most all (up to sampling noise) */
    nqpf_index_result_free(r1);
    nqpf_index_result_free(r2);
    /* No noise and a single choice per factor would leave every rank at its nominal value: with
     * perturbation 0 the weight factor moves nothing. */
    o.perturb = 0;
    r1 = compute(p, fw, &o);
    f = nqpf_index_result_factors(r1);
    assert_true(col(f, "max_abs_rank_shift", 2) == 0);
    nqpf_index_result_free(r1);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

/* The shipped templates parse, their expressions name raw variables, and an index runs on a
 * synthetic panel holding those variables. */
static void template_case(const char *rel, size_t nind, const char *const *dims, const char *ahp)
{
    nqpf_framework *fw = NULL;
    if (nqpf_framework_read(&fw, tu_source(rel)) != NQPF_OK)
        fail_msg("%s: %s", rel, nqpf_error_message());
    assert_int_equal(nqpf_framework_count(fw), nind);
    char names[64][64];
    size_t nn = 0;
    for (size_t k = 0; k < nind; k++) {
        assert_true(nqpf_framework_field(fw, k, "label_zh")[0] && nqpf_framework_field(fw, k, "label_en")[0] &&
                    nqpf_framework_field(fw, k, "unit")[0]);
        nqpf_expr *e = NULL;
        assert_int_equal(nqpf_expr_parse(&e, nqpf_framework_field(fw, k, "column")), NQPF_OK);
        for (size_t c = 0; c < nqpf_expr_ncolumns(e); c++) {
            int seen = 0;
            for (size_t q = 0; q < nn; q++)
                seen |= strcmp(names[q], nqpf_expr_column(e, c)) == 0;
            if (!seen) {
                assert_true(nn < 64);
                snprintf(names[nn++], sizeof names[0], "%s", nqpf_expr_column(e, c));
            }
        }
        nqpf_expr_free(e);
    }
    char *csv = malloc(65536);
    size_t l = (size_t)sprintf(csv, "unit,year");
    for (size_t q = 0; q < nn; q++)
        l += (size_t)sprintf(csv + l, ",%s", names[q]);
    unsigned long st = 7;
    for (int u = 0; u < 6; u++)
        for (int y = 0; y < 3; y++) {
            l += (size_t)sprintf(csv + l, "\nr%d,%d", u, 2020 + y);
            for (size_t q = 0; q < nn; q++) {
                st = st * 6364136223846793005ul + 1442695040888963407ul;
                l += (size_t)sprintf(csv + l, ",%.6f", 1 + (double)(st >> 40) / 16777216.0 * 50);
            }
        }
    nqpf_panel *p = tu_panel_from_text(csv, "unit", "year");
    free(csv);
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    nqpf_index_result *r = compute(p, fw, &o);
    const nqpf_table *s = nqpf_index_result_scores(r);
    for (size_t k = 0; dims[k]; k++)
        assert_int_equal(nqpf_table_find(s, dims[k]), 3 + k);
    for (size_t i = 0; i < nqpf_table_nrows(s); i++)
        assert_true(col(s, "score", i) >= 0 && col(s, "score", i) <= 1);
    nqpf_index_result_free(r);
    if (ahp) {
        /* The example judgements are consistent (CR 0); top level 1:2:1, laborers 6:3:2. */
        o.weights[0] = o.weights[1] = NQPF_W_AHP;
        o.ahp_path = tu_source(ahp);
        r = compute(p, fw, &o);
        tu_assert_close(nqpf_index_result_ahp_cr(r), 0, 0, 1e-9, "template AHP CR");
        tu_assert_close(wrow(r, "laborers", "weight"), 0.25, 1e-12, 0, "AHP laborers");
        tu_assert_close(wrow(r, "laborers/skills", "weight"), 0.25 * 6 / 11, 1e-12, 0, "AHP laborers/skills");
        tu_assert_close(wrow(r, "edu_years", "weight"), 0.25 * 6 / 11 / 3, 1e-12, 0, "AHP edu_years (equal within)");
        nqpf_index_result_free(r);
    }
    nqpf_panel_free(p);
    nqpf_framework_free(fw);
}

static void test_templates(void **state)
{
    (void)state;
    static const char *const prov[] = {"laborers", "laborers/skills", "laborers/productivity", "laborers/structure",
                                       "means_of_labor", NULL};
    static const char *const firm[] = {"laborers", "means_of_labor", "means_of_labor/tangible",
                                       "means_of_labor/intangible", "objects_of_labor", NULL};
    static const char *const pwt[] = {"laborers", "means_of_labor", "objects_of_labor", NULL};
    template_case("frameworks/provincial.csv", 23, prov, "frameworks/provincial_ahp.csv");
    template_case("frameworks/firm.csv", 14, firm, NULL);
    template_case("frameworks/world_pwt.csv", 9, pwt, NULL);
}

/* PCA weights against an independent eigen-solver (cyclic Jacobi rotations, written here) and the
 * formula of docs/index.md; and the 2-indicator case by hand (eigenvalues 1 +- r: only the first is
 * kept, its eigenvector (1, 1)/sqrt 2 gives equal weights). */
static void jacobi(double *A, double *V, int n)
{
    for (int i = 0; i < n * n; i++)
        V[i] = i % (n + 1) == 0;
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++)
                off += A[p * n + q] * A[p * n + q];
        if (off < 1e-30)
            return;
        for (int p = 0; p < n; p++)
            for (int q = p + 1; q < n; q++) {
                if (fabs(A[p * n + q]) < 1e-300)
                    continue;
                double th = (A[q * n + q] - A[p * n + p]) / (2 * A[p * n + q]);
                double t = (th >= 0 ? 1 : -1) / (fabs(th) + sqrt(th * th + 1)), c = 1 / sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < n; k++) { /* A = J^T A J */
                    double akp = A[k * n + p], akq = A[k * n + q];
                    A[k * n + p] = c * akp - s * akq, A[k * n + q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; k++) {
                    double apk = A[p * n + k], aqk = A[q * n + k];
                    A[p * n + k] = c * apk - s * aqk, A[q * n + k] = s * apk + c * aqk;
                }
                for (int k = 0; k < n; k++) {
                    double vkp = V[k * n + p], vkq = V[k * n + q];
                    V[k * n + p] = c * vkp - s * vkq, V[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
}

static void test_pca_weights(void **state)
{
    (void)state;
    double x2[6] = {1, 2, 4, 2, 3, 3}, w[NI];
    assert_int_equal(nqpf_weights_pca(w, x2, 3, 2), NQPF_OK);
    tu_assert_close(w[0], 0.5, 1e-12, 0, "2-indicator PCA");
    for (unsigned seed = 1; seed <= 4; seed++) {
        make_data(seed);
        /* Correlated columns, so that more than one component matters in some seeds. */
        double x[NI * NO], R[NI * NI], V[NI * NI], ref[NI], lsum = 0, wsum = 0;
        for (int o = 0; o < NO; o++)
            for (int j = 0; j < NI; j++)
                x[j * NO + o] = X[o][j] + (j ? 0.7 * X[o][j - 1] : 0);
        for (int j = 0; j < NI; j++)
            for (int k = 0; k < NI; k++) {
                double mj = 0, mk = 0, sjk = 0, sjj = 0, skk = 0;
                for (int o = 0; o < NO; o++)
                    mj += x[j * NO + o] / NO, mk += x[k * NO + o] / NO;
                for (int o = 0; o < NO; o++) {
                    double a = x[j * NO + o] - mj, b = x[k * NO + o] - mk;
                    sjk += a * b, sjj += a * a, skk += b * b;
                }
                R[j * NI + k] = sjk / sqrt(sjj * skk);
            }
        jacobi(R, V, NI);
        int kept[NI], nk = 0;
        for (int k = 0; k < NI; k++)
            kept[k] = 0;
        /* Kaiser: eigenvalues >= 1, at least the largest. */
        int big = 0;
        for (int k = 0; k < NI; k++) {
            if (R[k * NI + k] > R[big * NI + big])
                big = k;
            if (R[k * NI + k] >= 1)
                kept[k] = 1, nk++;
        }
        if (!nk)
            kept[big] = 1;
        for (int k = 0; k < NI; k++)
            if (kept[k])
                lsum += R[k * NI + k];
        for (int j = 0; j < NI; j++)
            ref[j] = 0;
        for (int k = 0; k < NI; k++) {
            if (!kept[k])
                continue;
            double sg = 0;
            for (int j = 0; j < NI; j++)
                sg += V[j * NI + k];
            for (int j = 0; j < NI; j++)
                ref[j] += R[k * NI + k] / lsum * (sg < 0 ? -1 : 1) * V[j * NI + k];
        }
        for (int j = 0; j < NI; j++)
            wsum += ref[j] = fabs(ref[j]);
        assert_int_equal(nqpf_weights_pca(w, x, NO, NI), NQPF_OK);
        for (int j = 0; j < NI; j++)
            tu_assert_close(w[j], ref[j] / wsum, 1e-9, 0, "PCA weight vs Jacobi");
    }
}

/* ---- options: nqpf_index_options_parse() ---- */

/* Parses KEY=VALUE pairs (NULL-terminated) given as on a command line, with base folder dir. */
static int parse_opts(nqpf_index_options *o, nqpf_optset **set, const char *dir, const char *const *kv)
{
    const nqpf_method *m = nqpf_method_find("index");
    assert_non_null(m);
    assert_int_equal(nqpf_optset_new(set, m, NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_set_base_dir(*set, dir), NQPF_OK);
    for (size_t k = 0; kv[k]; k += 2)
        assert_int_equal(nqpf_optset_add(*set, kv[k], kv[k + 1]), NQPF_OK);
    return nqpf_index_options_parse(o, *set);
}

static void parse_error(const char *const *kv, int code, const char *key, const char *needle)
{
    nqpf_optset *set = NULL;
    nqpf_index_options o;
    assert_int_equal(parse_opts(&o, &set, NULL, kv), code);
    if (!nqpf_error_key() || strcmp(nqpf_error_key(), key) != 0)
        fail_msg("error '%s' is not keyed '%s'", nqpf_error_message(), key);
    if (!strstr(nqpf_error_text(), needle))
        fail_msg("error '%s' lacks '%s'", nqpf_error_text(), needle);
    nqpf_optset_free(set);
}

static void test_options_parse(void **state)
{
    (void)state;
    nqpf_index_options o;
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_index_options_init(&o, NQPF_INDEX_OPTIONS_VERSION + 1), NQPF_EUSAGE);
    assert_int_equal(nqpf_index_options_init(&o, NQPF_INDEX_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(o.version, NQPF_INDEX_OPTIONS_VERSION);
    char fw[1024], fixed[1024], ahp[1024];
    snprintf(fw, sizeof fw, "%s", tu_write_tmp("opt_fw.csv", "path,id,label_zh,label_en,column,unit,direction,weight\n"
                                                             "d,x,,,x,,+,\nd,y,,,y,,-,0.5\n"));
    snprintf(fixed, sizeof fixed, "%s", tu_write_tmp("opt_fixed.csv", "path,id,label_zh,label_en,column,unit,direction,weight\n"
                                                                      "d,x,,,x,,+,0.3\nd,y,,,y,,-,0.7\n"));
    snprintf(ahp, sizeof ahp, "%s", tu_write_tmp("opt a+b.csv", "id,x,y\nx,1,3\ny,1/3,1\n"));

    /* Defaults; no weights: entropy, unless the framework types every weight (then fixed). */
    const char *const d1[] = {"framework", fw, NULL};
    assert_int_equal(parse_opts(&o, &set, NULL, d1), NQPF_OK);
    assert_string_equal(o.framework, fw);
    assert_int_equal(o.norm, NQPF_NORM_MINMAX);
    assert_int_equal(o.aggregate, NQPF_AGG_SUM);
    assert_int_equal(o.weights[0], NQPF_W_ENTROPY);
    assert_int_equal(o.combine, NQPF_COMBINE_NONE);
    assert_true(o.gra_zeta == 0.5 && o.perturb == 0.25 && o.seed == 1 && o.sensitivity == 0);
    nqpf_optset_free(set);
    const char *const d2[] = {"framework", fixed, NULL};
    assert_int_equal(parse_opts(&o, &set, NULL, d2), NQPF_OK);
    assert_int_equal(o.weights[0], NQPF_W_FIXED);
    assert_int_equal(o.weights[1], NQPF_W_FIXED);
    nqpf_optset_free(set);
    const char *const d3[] = {"framework", fixed, "weights", "critic", NULL};
    assert_int_equal(parse_opts(&o, &set, NULL, d3), NQPF_OK);
    assert_int_equal(o.weights[0], NQPF_W_CRITIC);
    nqpf_optset_free(set);

    /* Weights forms: A+B, A*B, ahp:FILE where FILE may hold '+' and resolves against the folder. */
    const char *const w1[] = {"framework", fw, "weights", "entropy+critic", "critic_corr", "spearman", NULL};
    assert_int_equal(parse_opts(&o, &set, NULL, w1), NQPF_OK);
    assert_int_equal(o.weights[0], NQPF_W_ENTROPY);
    assert_int_equal(o.weights[1], NQPF_W_CRITIC);
    assert_int_equal(o.combine, NQPF_COMBINE_ARITH);
    assert_int_equal(o.critic_spearman, 1);
    nqpf_optset_free(set);
    const char *const w2[] = {"framework", "opt_fw.csv", "weights", "ahp:opt a+b.csv*cv", "sensitivity", "10",
                              "seed", "7", NULL};
    assert_int_equal(parse_opts(&o, &set, tu_tmpdir(), w2), NQPF_OK);
    assert_int_equal(o.weights[0], NQPF_W_AHP);
    assert_int_equal(o.weights[1], NQPF_W_CV);
    assert_int_equal(o.combine, NQPF_COMBINE_MULT);
    assert_string_equal(o.ahp_path, ahp);
    assert_string_equal(o.framework, fw);
    assert_true(o.sensitivity == 10 && o.seed == 7);
    nqpf_optset_free(set);

    /* Keyed errors. */
    const char *const e1[] = {"framework", fw, "weights", "entropyy", NULL};
    parse_error(e1, NQPF_EUSAGE, "weights", "expected entropy, critic, cv, pca, equal, ahp:FILE or fixed");
    const char *const e2[] = {"framework", fw, "weights", "cv*cv", NULL};
    parse_error(e2, NQPF_EUSAGE, "weights", "'cv*cv': combine two different methods");
    const char *const e3[] = {"framework", fw, "seed", "3", NULL};
    parse_error(e3, NQPF_EUSAGE, "seed", "only applies with sensitivity");
    const char *const e4[] = {"framework", fw, "weights", "fixed", NULL};
    parse_error(e4, NQPF_EDATA, "weights", "fixed weights need a weight for every indicator; 'x' has none");
    const char *const e5[] = {"framework", fw, "normalize", "none", NULL};
    parse_error(e5, NQPF_EUSAGE, "normalize", "indicator 'y' has direction '-', which normalize none cannot honour");
    const char *const e6[] = {"framework", fw, "aggregate", "gra", "gra_zeta", "0", NULL};
    parse_error(e6, NQPF_EUSAGE, "gra_zeta", "must lie in (0, 1], found 0");
    const char *const e7[] = {"framework", fw, "weights", "ahp:no-such.csv", NULL};
    parse_error(e7, NQPF_EDATA, "weights", "cannot read the AHP matrix 'no-such.csv'");
    const char *const e8[] = {"framework", "no-such-framework.csv", NULL};
    parse_error(e8, NQPF_EDATA, "framework", "no-such-framework.csv");
    const char *const e9[] = {"normalize", "rank", NULL};
    parse_error(e9, NQPF_EUSAGE, "framework", "required");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_entropy_sum),    cmocka_unit_test(test_coupling_hand),
        cmocka_unit_test(test_ahp),                 cmocka_unit_test(test_independent_random),
        cmocka_unit_test(test_topsis_forms_random), cmocka_unit_test(test_pwt_worked_example),
        cmocka_unit_test(test_framework_errors),    cmocka_unit_test(test_dimension_labels),    cmocka_unit_test(test_data_errors),
        cmocka_unit_test(test_sensitivity),        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_pca_weights),        cmocka_unit_test(test_ahp_tree),
        cmocka_unit_test(test_mixed_dimension),
        cmocka_unit_test(test_options_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
