/* Malmquist on threads (issue 16): random panels with ties, duplicated DMUs and gaps give bitwise
 * identical tables on 1, 2 and 3 threads for every measure and frontier type, with a block size small
 * enough that every period splits into several blocks; and the 1-thread distances equal those of an
 * independent envelopment LP built here and solved by plain GLPK (tu_glpk_solve) to 1e-9. */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/malmquist.h"

/* malmquist.c: evaluations per block (0 = the default); not in a header, as it exists for tests. */
void nqpf__malmquist_set_block(size_t n);

enum { NU = 36, NT = 4, M = 2, S = 2, T0 = 2001 };

/* The panel, kept densely for the oracle: observation (u, k) is present when has[u][k]. */
typedef struct panel_data {
    int has[NU][NT];
    double x[NU][NT][M], y[NU][NT][S], b[NU][NT];
} panel_data;

static unsigned long long rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

/* Small integers, so that ties are frequent; unit 1 repeats unit 0 in every period (duplicated
 * DMUs) and some observations are left out (an unbalanced panel; a unit missing in a period loses
 * the pairs involving it). */
static nqpf_panel *make_panel(panel_data *D, unsigned long long seed)
{
    rng_state = seed;
    memset(D, 0, sizeof *D);
    size_t cap = 64 * NU * NT + 64, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv + len, cap - len, "id,t,x1,x2,y1,y2,b,g\n");
    for (int u = 0; u < NU; u++)
        for (int k = 0; k < NT; k++) {
            if (u >= 2 && rnd(9) == 0)
                continue;
            D->has[u][k] = 1;
            for (int i = 0; i < M; i++)
                D->x[u][k][i] = u == 1 ? D->x[0][k][i] : 1 + rnd(9);
            for (int r = 0; r < S; r++)
                D->y[u][k][r] = u == 1 ? D->y[0][k][r] : 1 + rnd(9) + k; /* some technical progress */
            D->b[u][k] = u == 1 ? D->b[0][k] : 1 + rnd(5);
            len += (size_t)snprintf(csv + len, cap - len, "u%02d,%d,%g,%g,%g,%g,%g,%s\n", u, T0 + k, D->x[u][k][0],
                                    D->x[u][k][1], D->y[u][k][0], D->y[u][k][1], D->b[u][k], u % 3 ? "A" : "B");
        }
    nqpf_panel *p = tu_panel_from_text(csv, "id", "t");
    free(csv);
    return p;
}

static nqpf_table *run(const nqpf_panel *p, nqpf_malmquist_options o, unsigned threads, nqpf_malmquist_summary *s)
{
    nqpf_table *t = NULL;
    o.threads = threads;
    if (nqpf_malmquist_run(&t, s, p, &o) != NQPF_OK)
        fail_msg("malmquist (%u threads): %s", threads, nqpf_error_message());
    return t;
}

/* The independent distance of observation (u, k) against the observations of periods [klo, khi]:
 * radial: min theta, sum lambda x <= theta x0, sum lambda y >= y0;
 * directional (direction 0, y, b): max beta, sum lambda x <= x0, sum lambda y >= (1 + beta) y0 and,
 * with the bad output, sum lambda b = (1 - beta) b0 (weak disposability);
 * vrs adds sum lambda = 1. NaN when the LP is not optimal (infeasible mixed-period VRS LPs). */
static double oracle(const panel_data *D, int u, int k, int klo, int khi, int directional, int vrs, int bad)
{
    glp_prob *P = glp_create_prob();
    int n = 0;
    int *ru = malloc(sizeof(int) * NU * NT), *rk = malloc(sizeof(int) * NU * NT);
    assert_true(ru && rk);
    for (int kk = klo; kk <= khi; kk++)
        for (int v = 0; v < NU; v++)
            if (D->has[v][kk]) {
                ru[n] = v;
                rk[n++] = kk;
            }
    int nrow = M + S + (bad ? 1 : 0) + (vrs ? 1 : 0);
    glp_add_cols(P, n + 1);
    for (int j = 1; j <= n; j++)
        glp_set_col_bnds(P, j, GLP_LO, 0, 0);
    glp_set_col_bnds(P, n + 1, GLP_FR, 0, 0);
    glp_set_obj_coef(P, n + 1, 1);
    glp_set_obj_dir(P, directional ? GLP_MAX : GLP_MIN);
    glp_add_rows(P, nrow);
    int *ind = malloc(sizeof(int) * (size_t)(n + 2));
    double *val = malloc(sizeof(double) * (size_t)(n + 2));
    assert_true(ind && val);
    for (int row = 1; row <= nrow; row++) {
        int q = row - 1;
        for (int j = 0; j < n; j++) {
            ind[j + 1] = j + 1;
            val[j + 1] = q < M ? D->x[ru[j]][rk[j]][q] : q < M + S ? D->y[ru[j]][rk[j]][q - M]
                         : bad && q == M + S ? D->b[ru[j]][rk[j]] : 1.0;
        }
        int len = n;
        if (q < M) {
            if (!directional) {
                ind[++len] = n + 1;
                val[len] = -D->x[u][k][q];
            }
            glp_set_row_bnds(P, row, GLP_UP, 0, directional ? D->x[u][k][q] : 0);
        } else if (q < M + S) {
            if (directional) {
                ind[++len] = n + 1;
                val[len] = -D->y[u][k][q - M];
            }
            glp_set_row_bnds(P, row, GLP_LO, D->y[u][k][q - M], 0);
        } else if (bad && q == M + S) {
            ind[++len] = n + 1;
            val[len] = D->b[u][k];
            glp_set_row_bnds(P, row, GLP_FX, D->b[u][k], D->b[u][k]);
        } else {
            glp_set_row_bnds(P, row, GLP_FX, 1, 1);
        }
        glp_set_mat_row(P, row, len, ind, val);
    }
    nqpf_lp_status st;
    double v = tu_glpk_solve(P, 1, &st);
    glp_delete_prob(P);
    free(ind);
    free(val);
    free(ru);
    free(rk);
    return st == NQPF_LP_OPTIMAL ? v : NAN;
}

/* Periods [*lo, *hi] of the frontier that period k is measured against, by type (base: fixed-base's
 * period; k == NT means the global / fixed reference). */
static void frontier_of(nqpf_malmquist_type type, int k, int base, int *lo, int *hi)
{
    if (type == NQPF_MALMQUIST_GLOBAL) {
        *lo = 0;
        *hi = NT - 1;
    } else if (type == NQPF_MALMQUIST_FIXED_BASE) {
        *lo = *hi = base;
    } else if (type == NQPF_MALMQUIST_SEQUENTIAL) {
        *lo = 0;
        *hi = k;
    } else {
        *lo = *hi = k;
    }
}

static int cell_int(const nqpf_table *t, const char *col, size_t r, int skip_prefix)
{
    char buf[64];
    size_t j = nqpf_table_find(t, col);
    if (j == NQPF_NONE)
        fail_msg("no column %s", col);
    const char *s = nqpf_table_cell_str(t, j, r, buf, sizeof buf);
    assert_non_null(s);
    return atoi(s + skip_prefix);
}

static double cell(const nqpf_table *t, const char *col, size_t r)
{
    size_t j = nqpf_table_find(t, col);
    if (j == NQPF_NONE)
        fail_msg("no column %s", col);
    return nqpf_table_cnum(t, j)[r];
}

/* Every distance column of t (1 thread) against the oracle; returns the number of finite values checked
 * (missing ones, from infeasible mixed-period VRS LPs, must be missing in both). */
static size_t check_oracle(const nqpf_table *t, const panel_data *D, const nqpf_malmquist_options *o, int base)
{
    int cross = o->type == NQPF_MALMQUIST_ADJACENT || o->type == NQPF_MALMQUIST_SEQUENTIAL;
    int dirl = o->measure != NQPF_MALMQUIST_RADIAL, bad = o->nbads > 0;
    const char *pf = dirl ? "d" : "e";
    const char *mid0 = cross ? "01" : o->type == NQPF_MALMQUIST_GLOBAL ? "0g" : "0b";
    const char *mid1 = cross ? "10" : o->type == NQPF_MALMQUIST_GLOBAL ? "1g" : "1b";
    size_t nchk = 0;
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        int u = cell_int(t, "id", r, 1), k1 = cell_int(t, "t", r, 0) - T0, k0 = k1 - 1;
        assert_true(u >= 0 && u < NU && k1 >= 1 && k1 < NT && D->has[u][k0] && D->has[u][k1]);
        int lo, hi;
        struct {
            const char *suffix;
            int k, fk, vrs;
        } d[8] = {{"00", k0, k0, 0},   {mid0, k0, k1, 0},     {mid1, k1, k0, 0},     {"11", k1, k1, 0},
                  {"00_vrs", k0, k0, 1}, {"11_vrs", k1, k1, 1}, {"01_vrs", k0, k1, 1}, {"10_vrs", k1, k0, 1}};
        int nd = dirl ? 4 : o->decomposition == NQPF_MALMQUIST_RD ? 8 : 6;
        for (int q = 0; q < nd; q++) {
            char col[16];
            snprintf(col, sizeof col, "%s%s", pf, d[q].suffix);
            int own = q == 0 || q == 3 || q == 4 || q == 5;
            /* own-period distances use the period's frontier in every type (the global and fixed types
             * measure only the two reference distances against their single frontier) */
            if (own && !cross)
                frontier_of(NQPF_MALMQUIST_ADJACENT, d[q].fk, base, &lo, &hi);
            else
                frontier_of(o->type, d[q].fk, base, &lo, &hi);
            int vrs = d[q].vrs || (dirl && o->rts == NQPF_DEA_VRS);
            double want = oracle(D, u, d[q].k, lo, hi, dirl, vrs, bad);
            char ctx[96];
            snprintf(ctx, sizeof ctx, "%s of u%02d, %d", col, u, T0 + k1);
            tu_assert_close(cell(t, col, r), want, 1e-9, 1e-9, ctx);
            nchk += isfinite(want) != 0;
        }
    }
    return nchk;
}

typedef struct config {
    const char *what;
    nqpf_malmquist_type type;
    nqpf_malmquist_measure measure;
    nqpf_malmquist_decomp decomposition;
    nqpf_malmquist_distance distance;
    nqpf_dea_rts rts;
    int bads, base, meta, oracle;
} config;

static const config configs[] = {
    {"radial adjacent fgnz", NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_RADIAL, NQPF_MALMQUIST_FGNZ,
     NQPF_MALMQUIST_DIST_DDF, NQPF_DEA_CRS, 0, 0, 0, 1},
    {"radial adjacent rd", NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_RADIAL, NQPF_MALMQUIST_RD, NQPF_MALMQUIST_DIST_DDF,
     NQPF_DEA_CRS, 0, 0, 0, 1},
    {"radial global", NQPF_MALMQUIST_GLOBAL, NQPF_MALMQUIST_RADIAL, NQPF_MALMQUIST_FGNZ, NQPF_MALMQUIST_DIST_DDF,
     NQPF_DEA_CRS, 0, 0, 0, 1},
    {"radial sequential rd", NQPF_MALMQUIST_SEQUENTIAL, NQPF_MALMQUIST_RADIAL, NQPF_MALMQUIST_RD,
     NQPF_MALMQUIST_DIST_DDF, NQPF_DEA_CRS, 0, 0, 0, 1},
    {"radial fixed-base 2002", NQPF_MALMQUIST_FIXED_BASE, NQPF_MALMQUIST_RADIAL, NQPF_MALMQUIST_FGNZ,
     NQPF_MALMQUIST_DIST_DDF, NQPF_DEA_CRS, 0, 1, 0, 1},
    {"luenberger ddf adjacent vrs", NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_LUENBERGER, NQPF_MALMQUIST_FGNZ,
     NQPF_MALMQUIST_DIST_DDF, NQPF_DEA_VRS, 0, 0, 0, 1},
    {"ml ddf global", NQPF_MALMQUIST_GLOBAL, NQPF_MALMQUIST_ML, NQPF_MALMQUIST_FGNZ, NQPF_MALMQUIST_DIST_DDF,
     NQPF_DEA_CRS, 1, 0, 0, 1},
    {"ml ddf sequential", NQPF_MALMQUIST_SEQUENTIAL, NQPF_MALMQUIST_ML, NQPF_MALMQUIST_FGNZ, NQPF_MALMQUIST_DIST_DDF,
     NQPF_DEA_CRS, 1, 0, 0, 1},
    {"luenberger nddf sequential", NQPF_MALMQUIST_SEQUENTIAL, NQPF_MALMQUIST_LUENBERGER, NQPF_MALMQUIST_FGNZ,
     NQPF_MALMQUIST_DIST_NDDF, NQPF_DEA_CRS, 0, 0, 0, 0},
    {"ml sbmddf fixed-base", NQPF_MALMQUIST_FIXED_BASE, NQPF_MALMQUIST_ML, NQPF_MALMQUIST_FGNZ,
     NQPF_MALMQUIST_DIST_SBMDDF, NQPF_DEA_CRS, 1, 0, 0, 0},
    {"ml nddf adjacent vrs", NQPF_MALMQUIST_ADJACENT, NQPF_MALMQUIST_ML, NQPF_MALMQUIST_FGNZ, NQPF_MALMQUIST_DIST_NDDF,
     NQPF_DEA_VRS, 1, 0, 0, 0},
    {"metafrontier radial global", NQPF_MALMQUIST_GLOBAL, NQPF_MALMQUIST_RADIAL, NQPF_MALMQUIST_FGNZ,
     NQPF_MALMQUIST_DIST_DDF, NQPF_DEA_CRS, 0, 0, 1, 0},
};

static void test_threads_identical(void **state)
{
    (void)state;
    static const char *const in[] = {"x1", "x2"}, *const out[] = {"y1", "y2"}, *const bads[] = {"b"};
    size_t nchk = 0, nrows = 0;
    panel_data *D = malloc(sizeof *D);
    assert_non_null(D);
    for (unsigned long long seed = 1; seed <= 2; seed++) {
        nqpf_panel *p = make_panel(D, seed * 7919);
        for (size_t c = 0; c < sizeof configs / sizeof configs[0]; c++) {
            const config *cf = &configs[c];
            nqpf_malmquist_options o;
            assert_int_equal(nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
            o.inputs = in;
            o.ninputs = M;
            o.outputs = out;
            o.noutputs = S;
            o.bads = cf->bads ? bads : NULL;
            o.nbads = cf->bads ? 1 : 0;
            o.type = cf->type;
            o.measure = cf->measure;
            o.decomposition = cf->decomposition;
            o.distance = cf->distance;
            o.rts = cf->rts;
            o.has_base = cf->base;
            o.base_year = T0 + 1;
            o.group = cf->meta ? "g" : NULL;
            /* blocks of 5 evaluations: every period (about 32 units) splits into several blocks */
            nqpf__malmquist_set_block(5);
            nqpf_malmquist_summary s1, s2, s3;
            nqpf_table *t1 = run(p, o, 1, &s1), *t2 = run(p, o, 2, &s2), *t3 = run(p, o, 3, &s3);
            char what[128];
            snprintf(what, sizeof what, "%s, seed %llu: 1 vs 2 threads", cf->what, seed);
            tu_assert_same_table(t1, t2, what, 1);
            snprintf(what, sizeof what, "%s, seed %llu: 1 vs 3 threads", cf->what, seed);
            tu_assert_same_table(t1, t3, what, 1);
            assert_int_equal(s1.nlp, s2.nlp);
            assert_int_equal(s1.nlp, s3.nlp);
            assert_int_equal(s1.npairs, s3.npairs);
            assert_true(s1.npairs > 50);
            nrows += nqpf_table_nrows(t1);
            if (cf->oracle)
                nchk += check_oracle(t1, D, &o, 1);
            nqpf__malmquist_set_block(0);
            nqpf_table_free(t1);
            nqpf_table_free(t2);
            nqpf_table_free(t3);
        }
        nqpf_panel_free(p);
    }
    free(D);
    print_message("%zu rows identical on 1, 2 and 3 threads; %zu finite distances equal the GLPK oracle\n", nrows, nchk);
    assert_true(nchk > 2000);
}

/* The block size changes where LPs restart, not which LP each distance solves: the default block size
 * (one block per period here) agrees with blocks of 5 to 1e-9, on threads too. */
static void test_block_size_agrees(void **state)
{
    (void)state;
    static const char *const in[] = {"x1", "x2"}, *const out[] = {"y1", "y2"};
    panel_data *D = malloc(sizeof *D);
    assert_non_null(D);
    nqpf_panel *p = make_panel(D, 31337);
    nqpf_malmquist_options o;
    assert_int_equal(nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
    o.inputs = in;
    o.ninputs = M;
    o.outputs = out;
    o.noutputs = S;
    o.type = NQPF_MALMQUIST_SEQUENTIAL;
    nqpf_table *big = run(p, o, 2, NULL);
    nqpf__malmquist_set_block(3);
    nqpf_table *small = run(p, o, 2, NULL);
    nqpf__malmquist_set_block(0);
    assert_int_equal(nqpf_table_nrows(big), nqpf_table_nrows(small));
    size_t nc = 0;
    for (size_t j = 0; j < nqpf_table_ncols(big); j++) {
        if (nqpf_table_is_text(big, j))
            continue;
        const double *a = nqpf_table_cnum(big, j), *b = nqpf_table_cnum(small, nqpf_table_find(small, nqpf_table_colname(big, j)));
        assert_non_null(b);
        for (size_t r = 0; r < nqpf_table_nrows(big); r++, nc++)
            tu_assert_close(a[r], b[r], 1e-9, 1e-9, nqpf_table_colname(big, j));
    }
    assert_true(nc > 100);
    nqpf_table_free(big);
    nqpf_table_free(small);
    nqpf_panel_free(p);
    free(D);
}

/* threads is a command-line option: a study fixes it (the descriptor says so), and the default is one. */
static void test_threads_option(void **state)
{
    (void)state;
    nqpf_malmquist_options o;
    assert_int_equal(nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(o.threads, 0);
    assert_null(o.progress);
    const nqpf_optdef *d = NULL;
    for (const nqpf_optdef *e = nqpf_method_find("malmquist")->opts; e->key; e++)
        if (strcmp(e->key, "threads") == 0)
            d = e;
    assert_non_null(d);
    assert_true(d->flags & NQPF_OPT_CLI_ONLY);
    assert_int_equal(d->type, NQPF_OPT_INT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_block_size_agrees),
        cmocka_unit_test(test_threads_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
