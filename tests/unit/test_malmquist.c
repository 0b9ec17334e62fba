/* Malmquist family: against R Benchmarking (US states) and DataEnvelopmentAnalysis.jl (Malmquist,
 * Malmquist-Luenberger), against an independent multiplier-form (dual) LP solved here with GLPK
 * directly, and by the identities and definitions of each index type. */
#include <glpk.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/malmquist.h"

/* ---------- helpers ---------- */

/* The reference files live in ../shared, which CI may not have: say so, then skip. */
#define SKIP_NO_SHARED()                                                                              \
    do {                                                                                              \
        print_message("skipped: reference data not found (../shared absent)\n");                     \
        skip();                                                                                       \
    } while (0)

static nqpf_panel *load_panel(const char *path, const char *id, const char *time)
{
    nqpf_panel *p = NULL;
    nqpf_table *t = tu_read(path);
    if (nqpf_panel_new(&p, t, id, time) != NQPF_OK)
        fail_msg("panel %s: %s", path, nqpf_error_message());
    return p;
}

static nqpf_table *run(const nqpf_panel *p, const nqpf_malmquist_options *o, nqpf_malmquist_summary *s)
{
    nqpf_table *t = NULL;
    if (nqpf_malmquist_run(&t, s, p, o) != NQPF_OK)
        fail_msg("malmquist: %s", nqpf_error_message());
    return t;
}

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("no column %s", name);
    return nqpf_table_cnum(t, j);
}

/* Row of (id, time) in a result or reference table, NQPF_NONE when absent. */
static size_t find_row(const nqpf_table *t, const char *id, long time)
{
    char b[128];
    const double *tm = nqpf_table_cnum(t, 1);
    for (size_t r = 0; r < nqpf_table_nrows(t); r++)
        if ((long)tm[r] == time && strcmp(nqpf_table_cell_str(t, 0, r, b, sizeof b), id) == 0)
            return r;
    return NQPF_NONE;
}

/* Cell (name, r) as a number, whether the reader made the column numeric or text (a column holding
 * "Inf" is text). */
static double cellnum(const nqpf_table *t, const char *name, size_t r)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("no column %s", name);
    if (!nqpf_table_is_text(t, j))
        return nqpf_table_cnum(t, j)[r];
    const char *s = nqpf_table_text(t, j, r);
    return s ? strtod(s, NULL) : NAN;
}

static double relerr(double a, double b) { return fabs(a - b) / fmax(fabs(b), 1e-300); }

/* Independent Farrell efficiency of (x0, y0) against the n reference DMUs, by the multiplier (dual)
 * form: input orientation max u.y0 + w s.t. v.x0 = 1, u.y_j - v.x_j + w <= 0; output orientation
 * min v.x0 + w s.t. u.y0 = 1, v.x_j - u.y_j + w >= 0 (phi), returning 1/phi; w = 0 under CRS. */
static double dual_eff(size_t n, size_t m, size_t s, const double *X, const double *Y, const double *x0,
                       const double *y0, int out, int vrs)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, out ? GLP_MIN : GLP_MAX);
    size_t nc = m + s + 1; /* v (m), u (s), w */
    glp_add_cols(lp, (int)nc);
    for (size_t k = 0; k < m + s; k++)
        glp_set_col_bnds(lp, (int)k + 1, GLP_LO, 0, 0);
    glp_set_col_bnds(lp, (int)nc, vrs ? GLP_FR : GLP_FX, 0, 0);
    glp_add_rows(lp, (int)n + 1);
    int *ind = malloc((nc + 1) * sizeof *ind);
    double *val = malloc((nc + 1) * sizeof *val);
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < m; i++)
            ind[1 + i] = (int)i + 1, val[1 + i] = out ? X[j * m + i] : -X[j * m + i];
        for (size_t r = 0; r < s; r++)
            ind[1 + m + r] = (int)(m + r) + 1, val[1 + m + r] = out ? -Y[j * s + r] : Y[j * s + r];
        ind[nc] = (int)nc, val[nc] = 1;
        glp_set_mat_row(lp, (int)j + 1, (int)nc, ind, val);
        glp_set_row_bnds(lp, (int)j + 1, out ? GLP_LO : GLP_UP, 0, 0);
    }
    size_t k = 0;
    if (out)
        for (size_t r = 0; r < s; r++)
            ind[1 + k] = (int)(m + r) + 1, val[1 + k] = y0[r], k++;
    else
        for (size_t i = 0; i < m; i++)
            ind[1 + k] = (int)i + 1, val[1 + k] = x0[i], k++;
    glp_set_mat_row(lp, (int)n + 1, (int)k, ind, val);
    glp_set_row_bnds(lp, (int)n + 1, GLP_FX, 1, 1);
    if (out)
        for (size_t i = 0; i < m; i++)
            glp_set_obj_coef(lp, (int)i + 1, x0[i]);
    else
        for (size_t r = 0; r < s; r++)
            glp_set_obj_coef(lp, (int)(m + r) + 1, y0[r]);
    glp_set_obj_coef(lp, (int)nc, 1);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_scale_prob(lp, GLP_SF_AUTO);
    double res = NAN;
    if (glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT)
        res = out ? 1.0 / glp_get_obj_val(lp) : glp_get_obj_val(lp);
    free(ind);
    free(val);
    glp_delete_prob(lp);
    return res;
}

/* A panel's variables as dense matrices, for the independent computations. */
typedef struct dense {
    size_t n, m, s;
    double *X, *Y;
    long *time;
    char **id;
} dense;

static dense to_dense(const nqpf_panel *p, const char *const *in, size_t m, const char *const *outv, size_t s)
{
    dense d;
    d.n = nqpf_panel_nobs(p);
    d.m = m;
    d.s = s;
    d.X = malloc(d.n * m * sizeof *d.X);
    d.Y = malloc(d.n * s * sizeof *d.Y);
    d.time = malloc(d.n * sizeof *d.time);
    d.id = malloc(d.n * sizeof *d.id);
    for (size_t v = 0; v < m + s; v++) {
        const double *c;
        assert_int_equal(nqpf_panel_column(p, v < m ? in[v] : outv[v - m], &c), NQPF_OK);
        for (size_t i = 0; i < d.n; i++) {
            if (v < m)
                d.X[i * m + v] = c[i];
            else
                d.Y[i * s + v - m] = c[i];
        }
    }
    for (size_t i = 0; i < d.n; i++) {
        d.time[i] = nqpf_panel_time(p, i);
        d.id[i] = (char *)nqpf_panel_unit_name(p, nqpf_panel_unit(p, i));
    }
    return d;
}

static void dense_free(dense *d)
{
    free(d->X);
    free(d->Y);
    free(d->time);
    free(d->id);
}

/* Farrell efficiency of observation i against the DMUs whose time lies in [t_lo, t_hi]. */
static double dual_eff_window(const dense *d, size_t i, long t_lo, long t_hi, int out, int vrs)
{
    double *X = malloc(d->n * d->m * sizeof *X), *Y = malloc(d->n * d->s * sizeof *Y);
    size_t n = 0;
    for (size_t j = 0; j < d->n; j++)
        if (d->time[j] >= t_lo && d->time[j] <= t_hi) {
            memcpy(X + n * d->m, d->X + j * d->m, d->m * sizeof *X);
            memcpy(Y + n * d->s, d->Y + j * d->s, d->s * sizeof *Y);
            n++;
        }
    double e = dual_eff(n, d->m, d->s, X, Y, d->X + i * d->m, d->Y + i * d->s, out, vrs);
    free(X);
    free(Y);
    return e;
}

static size_t dense_find(const dense *d, const char *id, long t)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->time[i] == t && strcmp(d->id[i], id) == 0)
            return i;
    return NQPF_NONE;
}

/* ---------- R Benchmarking, US states ---------- */

static void test_benchmarking_us_states(void **state)
{
    (void)state;
    const char *dp = tu_shared("data/us_states_produc.csv");
    if (!dp)
        SKIP_NO_SHARED();
    nqpf_panel *p = load_panel(dp, "state", "year");
    const char *ref = tu_shared("reference/benchmarking_us_states/malmquist_crs_in.csv");
    if (!ref) {
        nqpf_panel_free(p);
        SKIP_NO_SHARED();
    }
    nqpf_table *e = tu_read(ref);
    static const char *const in[] = {"pcap", "pc", "emp"}, *const outv[] = {"gsp"};
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 3;
    o.outputs = outv;
    o.noutputs = 1;
    nqpf_malmquist_summary s;
    nqpf_table *t = run(p, &o, &s);
    assert_int_equal(nqpf_table_nrows(t), nqpf_table_nrows(e));
    assert_int_equal(s.nskipped, 0);
    assert_int_equal(s.nnot_solved, 0);
    static const char *const pairs[][2] = {{"m", "tfpch"}, {"tc", "techch"}, {"ec", "effch"}, {"e00", "e00"},
                                           {"e01", "e01"},  {"e10", "e10"},   {"e11", "e11"},  {"e00_vrs", "e00_vrs"},
                                           {"e11_vrs", "e11_vrs"}};
    double maxerr = 0;
    size_t ncmp = 0;
    const double *pech = col(t, "pech"), *sech = col(t, "sech"), *effch = col(t, "effch");
    for (size_t r = 0; r < nqpf_table_nrows(e); r++) {
        char id[128];
        nqpf_table_cell_str(e, 0, r, id, sizeof id);
        long year = (long)nqpf_table_cnum(e, 1)[r];
        size_t q = find_row(t, id, year);
        if (q == NQPF_NONE)
            fail_msg("no result row for %s %ld", id, year);
        for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
            double want = col(e, pairs[k][0])[r], got = col(t, pairs[k][1])[q];
            char ctx[256];
            snprintf(ctx, sizeof ctx, "%s %ld %s", id, year, pairs[k][0]);
            tu_assert_close(got, want, 1e-8, 0, ctx);
            maxerr = fmax(maxerr, relerr(got, want));
            ncmp++;
        }
        /* DEAP's pech and sech from Benchmarking's VRS efficiencies. */
        double pe = col(e, "e11_vrs")[r] / col(e, "e00_vrs")[r];
        tu_assert_close(pech[q], pe, 1e-8, 0, "pech");
        tu_assert_close(sech[q], col(e, "ec")[r] / pe, 1e-8, 0, "sech");
        tu_assert_close(pech[q] * sech[q], effch[q], 1e-12, 0, "pech*sech");
    }
    print_message("Benchmarking US states: %zu values, max relative error %.3g\n", ncmp, maxerr);
    nqpf_table_free(t);
    nqpf_table_free(e);
    nqpf_panel_free(p);
}

/* ---------- DataEnvelopmentAnalysis.jl ---------- */

/* Compares the rows of a jl expected.csv (selected by run and model_id) with the result columns
 * named for its quantities index/ec/tc. */
static void check_jl(const nqpf_table *e, const char *runname, const char *model, const nqpf_table *t,
                     const char *const names[3], long first_period, double rel, double abs_, size_t *ncmp,
                     double *maxerr)
{
    size_t jr = nqpf_table_find(e, "run"), jm = nqpf_table_find(e, "model_id"), jq = nqpf_table_find(e, "quantity");
    const double *dmu = col(e, "dmu"), *jj = col(e, "j");
    for (size_t r = 0; r < nqpf_table_nrows(e); r++) {
        if (strcmp(nqpf_table_text(e, jr, r), runname) != 0 || strcmp(nqpf_table_text(e, jm, r), model) != 0)
            continue;
        const char *q = nqpf_table_text(e, jq, r);
        int k = strcmp(q, "index") == 0 ? 0 : strcmp(q, "ec") == 0 ? 1 : strcmp(q, "tc") == 0 ? 2 : -1;
        if (k < 0)
            continue;
        char id[32];
        snprintf(id, sizeof id, "%ld", (long)dmu[r]);
        size_t row = find_row(t, id, first_period + (long)jj[r]);
        if (row == NQPF_NONE)
            fail_msg("no row for dmu %s, transition %g", id, jj[r]);
        double got = col(t, names[k])[row];
        char ctx[128];
        snprintf(ctx, sizeof ctx, "%s %s %s dmu %s j %g", runname, model, q, id, jj[r]);
        double want = cellnum(e, "value", r);
        tu_assert_close(got, want, rel, abs_, ctx);
        *maxerr = fmax(*maxerr, fabs(got - want));
        (*ncmp)++;
    }
}

static void test_jl_malmquist5(void **state)
{
    (void)state;
    const char *dp = tu_shared("reference/jl_malmquist5/data.csv");
    if (!dp)
        SKIP_NO_SHARED();
    nqpf_panel *p3 = load_panel(dp, "dmu", "period");
    nqpf_panel *p2 = load_panel(tu_shared("reference/jl_malmquist5/data.csv"), "dmu", "period");
    assert_int_equal(nqpf_panel_filter(p2, NULL, 1, 2), NQPF_OK);
    nqpf_table *e = tu_read(tu_shared("reference/jl_malmquist5/expected.csv"));
    static const char *const in[] = {"x1"}, *const outv[] = {"y1"};
    static const char *const names[3] = {"tfpch", "effch", "techch"};
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = outv;
    o.noutputs = 1;
    size_t n = 0;
    double err2 = 0, err3 = 0;
    nqpf_table *t2 = run(p2, &o, NULL), *t3 = run(p3, &o, NULL);
    check_jl(e, "periods_1_2", "malmquist_crs_input_geomean", t2, names, 1, 1e-9, 0, &n, &err2);
    check_jl(e, "periods_1_3", "malmquist_crs_input_geomean", t3, names, 1, 0, 1e-7, &n, &err3);
    assert_int_equal(n, 45);
    /* The upstream test: under CRS the output-oriented index is the same. */
    o.orientation = NQPF_DEA_OUT;
    nqpf_table *t3o = run(p3, &o, NULL);
    for (size_t r = 0; r < nqpf_table_nrows(t3); r++)
        for (int k = 0; k < 3; k++)
            tu_assert_close(col(t3o, names[k])[r], col(t3, names[k])[r], 1e-9, 0, "output = input orientation");
    print_message("jl_malmquist5: %zu values, max abs error %.3g (2 periods), %.3g (3 periods)\n", n, err2, err3);
    nqpf_table_free(t2);
    nqpf_table_free(t3);
    nqpf_table_free(t3o);
    nqpf_table_free(e);
    nqpf_panel_free(p2);
    nqpf_panel_free(p3);
}

static void test_jl_malmluen5(void **state)
{
    (void)state;
    const char *dp = tu_shared("reference/jl_malmluen5/data.csv");
    if (!dp)
        SKIP_NO_SHARED();
    nqpf_panel *p3 = load_panel(dp, "dmu", "period");
    nqpf_panel *p2 = load_panel(tu_shared("reference/jl_malmluen5/data.csv"), "dmu", "period");
    assert_int_equal(nqpf_panel_filter(p2, NULL, 1, 2), NQPF_OK);
    nqpf_table *e = tu_read(tu_shared("reference/jl_malmluen5/expected.csv"));
    static const char *const in[] = {"x1"}, *const outv[] = {"y1"}, *const bad[] = {"b1"};
    static const char *const names[3] = {"ml", "mleffch", "mltech"};
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = outv;
    o.noutputs = 1;
    o.bads = bad;
    o.nbads = 1;
    o.measure = NQPF_MALMQUIST_ML;
    o.bad_mode = NQPF_DEA_BAD_INEQ;
    size_t n = 0;
    double err2 = 0, err3 = 0, errobs = 0;
    nqpf_table *t2 = run(p2, &o, NULL), *t3 = run(p3, &o, NULL);
    check_jl(e, "periods_1_2", "ml_crs_default_g0_gy_gb", t2, names, 1, 1e-9, 0, &n, &err2);
    check_jl(e, "periods_1_3", "ml_crs_default_g0_gy_gb", t3, names, 1, 0, 1e-5, &n, &err3);
    assert_int_equal(n, 45);
    /* Not asserted upstream (a bare expression in the test), 16 digits: the observed direction. */
    o.gx = NQPF_DEA_DIR_OBSERVED;
    size_t nobs = 0;
    nqpf_table *tobs = run(p2, &o, NULL);
    check_jl(e, "periods_1_2", "ml_crs_gobs", tobs, names, 1, 1e-9, 0, &nobs, &errobs);
    assert_int_equal(nobs, 5);
    /* Unasserted upstream: unit directions. DMU 1's period-2 observation reaches the origin of the
     * bad output against the period-1 frontier (1 + beta = 0): DEA.jl prints Inf, nqpf leaves the
     * undefined ratio missing and says why. */
    o.gx = o.gy = o.gb = NQPF_DEA_DIR_ONES;
    size_t nones = 0;
    double errones = 0;
    nqpf_table *tones = run(p2, &o, NULL);
    const double *mlv = col(tones, "ml");
    for (size_t r = 0; r < nqpf_table_nrows(e); r++) {
        if (strcmp(nqpf_table_text(e, nqpf_table_find(e, "model_id"), r), "ml_crs_gones") != 0)
            continue;
        char id[32];
        snprintf(id, sizeof id, "%ld", (long)col(e, "dmu")[r]);
        size_t row = find_row(tones, id, 2);
        double want = cellnum(e, "value", r);
        if (isinf(want)) {
            assert_true(isnan(mlv[row]) && isnan(col(tones, "mltech")[row]));
            assert_non_null(strstr(nqpf_table_text(tones, nqpf_table_find(tones, "status"), row),
                                   "d10: 1 + beta <= 0, ratio undefined"));
        } else {
            tu_assert_close(mlv[row], want, 1e-9, 0, "ml_crs_gones");
            errones = fmax(errones, fabs(mlv[row] - want));
        }
        nones++;
    }
    assert_int_equal(nones, 5);
    nqpf_table_free(tones);
    o.gy = o.gb = NQPF_DEA_DIR_OBSERVED;
    /* Weak disposability is a smaller technology than the inequality form: beta is no larger. */
    o.gx = NQPF_DEA_DIR_ZERO;
    o.bad_mode = NQPF_DEA_BAD_WEAK;
    nqpf_table *tw = run(p3, &o, NULL);
    for (size_t r = 0; r < nqpf_table_nrows(tw); r++) {
        assert_true(col(tw, "d00")[r] <= col(t3, "d00")[r] + 1e-9);
        assert_true(col(tw, "d11")[r] <= col(t3, "d11")[r] + 1e-9);
        tu_assert_close(col(tw, "ml")[r], col(tw, "mleffch")[r] * col(tw, "mltech")[r], 1e-12, 0, "ml = eff*tech");
    }
    print_message("jl_malmluen5: %zu asserted values, max abs error %.3g (2 periods), %.3g (3 periods); "
                  "5 unasserted (observed direction) max abs error %.3g; 4 finite unasserted (unit direction) %.3g\n",
                  n, err2, err3, errobs, errones);
    nqpf_table_free(t2);
    nqpf_table_free(t3);
    nqpf_table_free(tobs);
    nqpf_table_free(tw);
    nqpf_table_free(e);
    nqpf_panel_free(p2);
    nqpf_panel_free(p3);
}

/* ---------- deaR data sets: independent computation and identities ---------- */

/* Checks a radial adjacent result against the dual LPs and DEAP's identities. */
static void check_adjacent_dual(const nqpf_table *t, const dense *d, const long *times, size_t K, int out,
                                size_t *ncmp, double *maxerr)
{
    static const char *const dn[4] = {"e00", "e01", "e10", "e11"};
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        char id[128];
        nqpf_table_cell_str(t, 0, r, id, sizeof id);
        long t1 = (long)nqpf_table_cnum(t, 1)[r], t0 = (long)col(t, "from")[r];
        size_t k1 = 0;
        while (k1 < K && times[k1] != t1)
            k1++;
        assert_true(k1 > 0 && k1 < K && times[k1 - 1] == t0);
        size_t i0 = dense_find(d, id, t0), i1 = dense_find(d, id, t1);
        assert_true(i0 != NQPF_NONE && i1 != NQPF_NONE);
        double e[4] = {dual_eff_window(d, i0, t0, t0, out, 0), dual_eff_window(d, i0, t1, t1, out, 0),
                       dual_eff_window(d, i1, t0, t0, out, 0), dual_eff_window(d, i1, t1, t1, out, 0)};
        for (int k = 0; k < 4; k++) {
            tu_assert_close(col(t, dn[k])[r], e[k], 1e-8, 0, dn[k]);
            *maxerr = fmax(*maxerr, relerr(col(t, dn[k])[r], e[k]));
        }
        double v0 = dual_eff_window(d, i0, t0, t0, out, 1), v1 = dual_eff_window(d, i1, t1, t1, out, 1);
        tu_assert_close(col(t, "e00_vrs")[r], v0, 1e-8, 0, "e00_vrs");
        tu_assert_close(col(t, "e11_vrs")[r], v1, 1e-8, 0, "e11_vrs");
        /* The geometric mean of the two periods' indices, from the dual distances. */
        double m = sqrt((e[2] / e[0]) * (e[3] / e[1]));
        tu_assert_close(col(t, "tfpch")[r], m, 1e-8, 0, "tfpch vs geometric mean");
        tu_assert_close(col(t, "effch")[r], e[3] / e[0], 1e-8, 0, "effch");
        tu_assert_close(col(t, "pech")[r], v1 / v0, 1e-8, 0, "pech");
        tu_assert_close(col(t, "tfpch")[r], col(t, "effch")[r] * col(t, "techch")[r], 1e-12, 0, "tfpch = effch*techch");
        tu_assert_close(col(t, "pech")[r] * col(t, "sech")[r], col(t, "effch")[r], 1e-12, 0, "pech*sech = effch");
        *ncmp += 6;
    }
}

static void test_dear_grifell_lovell(void **state)
{
    (void)state;
    const char *dp = tu_shared("reference/dear_grifell_lovell1999_malmquist/data.csv");
    if (!dp)
        SKIP_NO_SHARED();
    nqpf_panel *p = load_panel(dp, "DMU", "Year");
    static const char *const in[] = {"X"}, *const outv[] = {"Y"};
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = outv;
    o.noutputs = 1;
    o.orientation = NQPF_DEA_OUT;
    nqpf_table *t = run(p, &o, NULL);
    assert_int_equal(nqpf_table_nrows(t), 8);
    dense d = to_dense(p, in, 1, outv, 1);
    size_t K, n = 0;
    double err = 0;
    const long *times = nqpf_panel_times(p, &K);
    check_adjacent_dual(t, &d, times, K, 1, &n, &err);
    /* Ray-Desli: the same index, technical change from the mixed-period VRS distances. */
    o.decomposition = NQPF_MALMQUIST_RD;
    nqpf_table *trd = run(p, &o, NULL);
    for (size_t r = 0; r < nqpf_table_nrows(trd); r++) {
        char id[32];
        nqpf_table_cell_str(trd, 0, r, id, sizeof id);
        size_t i0 = dense_find(&d, id, 1), i1 = dense_find(&d, id, 2);
        double w01 = dual_eff_window(&d, i0, 2, 2, 1, 1), w10 = dual_eff_window(&d, i1, 1, 1, 1, 1);
        tu_assert_close(col(trd, "e01_vrs")[r], w01, 1e-8, 0, "e01_vrs");
        tu_assert_close(col(trd, "e10_vrs")[r], w10, 1e-8, 0, "e10_vrs");
        double v00 = col(trd, "e00_vrs")[r], v11 = col(trd, "e11_vrs")[r];
        tu_assert_close(col(trd, "techch")[r], sqrt((w10 / v11) * (v00 / w01)), 1e-8, 0, "RD techch");
        tu_assert_close(col(trd, "tfpch")[r], col(t, "tfpch")[r], 1e-12, 0, "RD tfpch = FGNZ tfpch");
        tu_assert_close(col(trd, "pech")[r] * col(trd, "techch")[r] * col(trd, "sech")[r], col(trd, "tfpch")[r], 1e-12,
                        0, "RD identity");
        n += 2;
    }
    nqpf_table_free(trd);
    print_message("Grifell-Lovell (output, VRS pech, FGNZ and RD): %zu distances vs dual LP, max rel error %.3g\n", n,
                  err);
    dense_free(&d);
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

static nqpf_panel *wang_lan(void)
{
    const char *dp = tu_shared("reference/dear_economy_wang_lan2011_malmquist/data.csv");
    return dp ? load_panel(dp, "DMUs", "Period") : NULL;
}

static const char *const wl_in[] = {"Capital", "Labor"}, *const wl_out[] = {"GIOV"};

static nqpf_malmquist_options wl_options(void)
{
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = wl_in;
    o.ninputs = 2;
    o.outputs = wl_out;
    o.noutputs = 1;
    return o;
}

static void test_dear_wang_lan(void **state)
{
    (void)state;
    nqpf_panel *p = wang_lan();
    if (!p)
        SKIP_NO_SHARED();
    nqpf_malmquist_options o = wl_options();
    o.cumulative = 1;
    nqpf_table *t = run(p, &o, NULL);
    assert_int_equal(nqpf_table_nrows(t), 31 * 4);
    dense d = to_dense(p, wl_in, 2, wl_out, 1);
    size_t K, n = 0;
    double err = 0;
    const long *times = nqpf_panel_times(p, &K);
    check_adjacent_dual(t, &d, times, K, 0, &n, &err);
    /* Under CRS the input- and output-oriented Malmquist indices and their parts coincide. */
    o.orientation = NQPF_DEA_OUT;
    nqpf_table *to = run(p, &o, NULL);
    static const char *const same[] = {"tfpch", "effch", "techch", "e00", "e01", "e10", "e11"};
    for (size_t r = 0; r < nqpf_table_nrows(t); r++)
        for (size_t k = 0; k < sizeof same / sizeof same[0]; k++)
            tu_assert_close(col(to, same[k])[r], col(t, same[k])[r], 1e-8, 0, same[k]);
    /* Chained levels are the running products within each unit. */
    const double *tf = col(t, "tfpch"), *cum = col(t, "tfpch_cum"), *ec = col(t, "effch"), *ecc = col(t, "effch_cum");
    double prod = 1, prod_e = 1;
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        if (r == 0 || strcmp(nqpf_table_text(t, 0, r), nqpf_table_text(t, 0, r - 1)) != 0)
            prod = 1, prod_e = 1;
        prod *= tf[r];
        prod_e *= ec[r];
        tu_assert_close(cum[r], prod, 1e-12, 0, "tfpch_cum");
        tu_assert_close(ecc[r], prod_e, 1e-12, 0, "effch_cum");
    }
    print_message("Wang-Lan (input CRS): %zu distances vs dual LP, max rel error %.3g; in = out on %zu rows\n", n, err,
                  nqpf_table_nrows(t));
    dense_free(&d);
    nqpf_table_free(t);
    nqpf_table_free(to);
    nqpf_panel_free(p);
}

/* ---------- the other frontier types, by their definitions ---------- */

static void test_global_type(void **state)
{
    (void)state;
    nqpf_panel *p = wang_lan();
    if (!p)
        SKIP_NO_SHARED();
    nqpf_malmquist_options o = wl_options();
    nqpf_table *ta = run(p, &o, NULL);
    o.type = NQPF_MALMQUIST_GLOBAL;
    o.cumulative = 1;
    nqpf_table *t = run(p, &o, NULL);
    dense d = to_dense(p, wl_in, 2, wl_out, 1);
    size_t K;
    const long *times = nqpf_panel_times(p, &K);
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        char id[128];
        nqpf_table_cell_str(t, 0, r, id, sizeof id);
        long t1 = (long)nqpf_table_cnum(t, 1)[r], t0 = (long)col(t, "from")[r];
        size_t i0 = dense_find(&d, id, t0), i1 = dense_find(&d, id, t1);
        /* Global frontier: the pooled data of all periods. */
        double g0 = dual_eff_window(&d, i0, times[0], times[K - 1], 0, 0);
        double g1 = dual_eff_window(&d, i1, times[0], times[K - 1], 0, 0);
        tu_assert_close(col(t, "e0g")[r], g0, 1e-8, 0, "e0g");
        tu_assert_close(col(t, "e1g")[r], g1, 1e-8, 0, "e1g");
        tu_assert_close(col(t, "tfpch")[r], g1 / g0, 1e-8, 0, "global tfpch = e1g/e0g");
        /* Efficiency change is contemporaneous, as in the adjacent index. */
        tu_assert_close(col(t, "effch")[r], col(ta, "effch")[r], 1e-12, 0, "effch");
        tu_assert_close(col(t, "techch")[r], (g1 / col(t, "e11")[r]) / (g0 / col(t, "e00")[r]), 1e-8, 0, "techch");
        /* Global efficiency never exceeds contemporaneous efficiency. */
        assert_true(g0 <= col(t, "e00")[r] + 1e-9 && g1 <= col(t, "e11")[r] + 1e-9);
        /* The global index is circular: its chain equals the ratio of the end points. */
        size_t ifirst = dense_find(&d, id, times[0]);
        tu_assert_close(col(t, "tfpch_cum")[r], g1 / dual_eff_window(&d, ifirst, times[0], times[K - 1], 0, 0), 1e-8,
                        0, "circularity");
    }
    dense_free(&d);
    nqpf_table_free(t);
    nqpf_table_free(ta);
    nqpf_panel_free(p);
}

static void test_sequential_type(void **state)
{
    (void)state;
    nqpf_panel *p = wang_lan();
    if (!p)
        SKIP_NO_SHARED();
    nqpf_malmquist_options o = wl_options();
    nqpf_table *ta = run(p, &o, NULL);
    o.type = NQPF_MALMQUIST_SEQUENTIAL;
    nqpf_table *t = run(p, &o, NULL);
    dense d = to_dense(p, wl_in, 2, wl_out, 1);
    size_t K;
    const long *times = nqpf_panel_times(p, &K);
    size_t nregress = 0;
    for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
        char id[128];
        nqpf_table_cell_str(t, 0, r, id, sizeof id);
        long t1 = (long)nqpf_table_cnum(t, 1)[r], t0 = (long)col(t, "from")[r];
        size_t i0 = dense_find(&d, id, t0), i1 = dense_find(&d, id, t1);
        /* The sequential frontier of t holds every period up to t. */
        double e[4] = {dual_eff_window(&d, i0, times[0], t0, 0, 0), dual_eff_window(&d, i0, times[0], t1, 0, 0),
                       dual_eff_window(&d, i1, times[0], t0, 0, 0), dual_eff_window(&d, i1, times[0], t1, 0, 0)};
        static const char *const dn[4] = {"e00", "e01", "e10", "e11"};
        for (int k = 0; k < 4; k++)
            tu_assert_close(col(t, dn[k])[r], e[k], 1e-8, 0, dn[k]);
        /* A sequential technology never shrinks, so technical change is never a regress. */
        assert_true(col(t, "techch")[r] >= 1 - 1e-9);
        nregress += col(ta, "techch")[r] < 1;
        /* In the first pair the earlier frontier is the contemporaneous one. */
        if (t0 == times[0]) {
            tu_assert_close(col(t, "e00")[r], col(ta, "e00")[r], 1e-12, 0, "first e00");
            tu_assert_close(col(t, "e10")[r], col(ta, "e10")[r], 1e-12, 0, "first e10");
        }
        tu_assert_close(col(t, "tfpch")[r], col(t, "effch")[r] * col(t, "techch")[r], 1e-12, 0, "identity");
    }
    print_message("sequential: %zu rows, techch >= 1 everywhere (adjacent techch < 1 in %zu rows)\n",
                  nqpf_table_nrows(t), nregress);
    dense_free(&d);
    nqpf_table_free(t);
    nqpf_table_free(ta);
    nqpf_panel_free(p);
}

static void test_fixed_base_type(void **state)
{
    (void)state;
    nqpf_panel *p = wang_lan();
    if (!p)
        SKIP_NO_SHARED();
    nqpf_malmquist_options o = wl_options();
    nqpf_table *ta = run(p, &o, NULL);
    size_t K;
    const long *times = nqpf_panel_times(p, &K);
    o.type = NQPF_MALMQUIST_FIXED_BASE;
    nqpf_table **fb = calloc(K, sizeof *fb);
    for (size_t k = 0; k < K; k++) {
        o.has_base = 1;
        o.base_year = times[k];
        fb[k] = run(p, &o, NULL);
    }
    /* Default base: the first period. */
    o.has_base = 0;
    nqpf_table *fdef = run(p, &o, NULL);
    for (size_t r = 0; r < nqpf_table_nrows(ta); r++) {
        long t1 = (long)nqpf_table_cnum(ta, 1)[r];
        size_t k1 = 0;
        while (times[k1] != t1)
            k1++;
        /* The adjacent index is the geometric mean of the fixed-base indices with bases t-1 and t. */
        double m = sqrt(col(fb[k1 - 1], "tfpch")[r] * col(fb[k1], "tfpch")[r]);
        tu_assert_close(col(ta, "tfpch")[r], m, 1e-9, 0, "adjacent = sqrt(FB(t-1) FB(t))");
        tu_assert_close(col(fb[k1], "effch")[r], col(ta, "effch")[r], 1e-12, 0, "effch");
        /* With base t-1 the distances to the base frontier are e00 and e10 of the adjacent index. */
        tu_assert_close(col(fb[k1 - 1], "e0b")[r], col(ta, "e00")[r], 1e-9, 0, "e0b");
        tu_assert_close(col(fb[k1 - 1], "e1b")[r], col(ta, "e10")[r], 1e-9, 0, "e1b");
        tu_assert_close(col(fdef, "tfpch")[r], col(fb[0], "tfpch")[r], 0, 0, "default base");
    }
    for (size_t k = 0; k < K; k++)
        nqpf_table_free(fb[k]);
    free(fb);
    nqpf_table_free(fdef);
    nqpf_table_free(ta);
    nqpf_panel_free(p);
}

/* ---------- directional measures against the radial ones ---------- */

static void test_directional_vs_radial(void **state)
{
    (void)state;
    nqpf_panel *p = wang_lan();
    if (!p)
        SKIP_NO_SHARED();
    nqpf_malmquist_options o = wl_options();
    o.orientation = NQPF_DEA_OUT;
    nqpf_table *tr = run(p, &o, NULL);
    o.orientation = NQPF_DEA_IN;
    /* Under CRS with direction (0, y) the directional distance is phi - 1 (Chambers et al. 1996), so
     * the ML index without bad outputs is the output Malmquist index, and the Luenberger indicator
     * follows from the radial distances. */
    o.measure = NQPF_MALMQUIST_ML;
    nqpf_table *tm = run(p, &o, NULL);
    o.measure = NQPF_MALMQUIST_LUENBERGER;
    o.cumulative = 1;
    nqpf_table *tl = run(p, &o, NULL);
    static const char *const e[4] = {"e00", "e01", "e10", "e11"}, *const dn[4] = {"d00", "d01", "d10", "d11"};
    for (size_t r = 0; r < nqpf_table_nrows(tr); r++) {
        double b[4];
        for (int k = 0; k < 4; k++) {
            b[k] = 1 / col(tr, e[k])[r] - 1;
            tu_assert_close(col(tm, dn[k])[r], b[k], 1e-8, 1e-10, dn[k]);
        }
        tu_assert_close(col(tm, "ml")[r], col(tr, "tfpch")[r], 1e-8, 0, "ml = tfpch");
        tu_assert_close(col(tm, "mleffch")[r], col(tr, "effch")[r], 1e-8, 0, "mleffch = effch");
        tu_assert_close(col(tm, "mltech")[r], col(tr, "techch")[r], 1e-8, 0, "mltech = techch");
        double lpi = 0.5 * ((b[0] - b[2]) + (b[1] - b[3]));
        tu_assert_close(col(tl, "lpi")[r], lpi, 1e-7, 1e-9, "lpi");
        tu_assert_close(col(tl, "lpi_effch")[r], b[0] - b[3], 1e-7, 1e-9, "lpi_effch");
        tu_assert_close(col(tl, "lpi")[r], col(tl, "lpi_effch")[r] + col(tl, "lpi_techch")[r], 0, 1e-12,
                        "lpi identity");
    }
    /* Global Luenberger and ML from the global directional distances. */
    o.type = NQPF_MALMQUIST_GLOBAL;
    o.cumulative = 0;
    nqpf_table *tg = run(p, &o, NULL);
    o.measure = NQPF_MALMQUIST_ML;
    nqpf_table *tgm = run(p, &o, NULL);
    for (size_t r = 0; r < nqpf_table_nrows(tg); r++) {
        double d0g = col(tg, "d0g")[r], d1g = col(tg, "d1g")[r];
        tu_assert_close(col(tg, "lpi")[r], d0g - d1g, 0, 1e-12, "global lpi");
        tu_assert_close(col(tg, "lpi_effch")[r], col(tl, "lpi_effch")[r], 0, 1e-12, "global lpi_effch");
        tu_assert_close(col(tgm, "ml")[r], (1 + d0g) / (1 + d1g), 1e-12, 0, "GML");
        tu_assert_close(col(tgm, "mleffch")[r], col(tm, "mleffch")[r], 1e-12, 0, "GML effch");
        tu_assert_close(col(tgm, "ml")[r], col(tgm, "mleffch")[r] * col(tgm, "mltech")[r], 1e-12, 0, "GML identity");
    }
    nqpf_table_free(tr);
    nqpf_table_free(tm);
    nqpf_table_free(tl);
    nqpf_table_free(tg);
    nqpf_table_free(tgm);
    nqpf_panel_free(p);
}

/* ---------- random panels against the dual LP ---------- */

/* Random panels with ties (duplicated units), repeated values and data scaled over several orders
 * of magnitude: every distance of every type against the dual LP on the matching reference set. */
static void test_random_vs_dual(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261123);
    static const char *const xn[] = {"x1", "x2", "x3"}, *const yn[] = {"y1", "y2"};
    size_t ncases = 0, ndist = 0, nrd = 0, nrd_infeasible = 0;
    double maxerr = 0;
    for (int rep = 0; rep < 60; rep++) {
        size_t nu = 3 + gsl_rng_uniform_int(rng, 8), K = 2 + gsl_rng_uniform_int(rng, 3);
        size_t m = 1 + gsl_rng_uniform_int(rng, 3), s = 1 + gsl_rng_uniform_int(rng, 2);
        double scale = pow(10.0, -3.0 + 6.0 * gsl_rng_uniform(rng));
        char *csv = malloc(64 + nu * K * 160);
        size_t len = (size_t)sprintf(csv, "id,t,x1,x2,x3,y1,y2\n");
        double prev[5] = {0};
        for (size_t k = 0; k < K; k++)
            for (size_t u = 0; u < nu; u++) {
                double v[5];
                int dup = u > 0 && gsl_rng_uniform(rng) < 0.15; /* a tie with the previous unit */
                for (int q = 0; q < 5; q++) {
                    v[q] = dup ? prev[q] : scale * (1 + gsl_rng_uniform_int(rng, 9)) * (1 + 0.1 * (double)k * (q >= 3));
                    prev[q] = v[q];
                }
                len += (size_t)sprintf(csv + len, "u%zu,%zu,%.17g,%.17g,%.17g,%.17g,%.17g\n", u, 2000 + k, v[0], v[1],
                                       v[2], v[3], v[4]);
            }
        nqpf_panel *p = tu_panel_from_text(csv, "id", "t");
        free(csv);
        dense d = to_dense(p, xn, m, yn, s);
        for (int type = 0; type < 4; type++) {
            nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
            o.inputs = xn;
            o.ninputs = m;
            o.outputs = yn;
            o.noutputs = s;
            o.type = (nqpf_malmquist_type)type;
            o.orientation = gsl_rng_uniform_int(rng, 2) ? NQPF_DEA_OUT : NQPF_DEA_IN;
            nqpf_table *t = run(p, &o, NULL);
            assert_int_equal(nqpf_table_nrows(t), nu * (K - 1));
            int cross = type == NQPF_MALMQUIST_ADJACENT || type == NQPF_MALMQUIST_SEQUENTIAL;
            int seq = type == NQPF_MALMQUIST_SEQUENTIAL;
            for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
                char id[32];
                nqpf_table_cell_str(t, 0, r, id, sizeof id);
                long t1 = (long)nqpf_table_cnum(t, 1)[r], t0 = t1 - 1;
                size_t i0 = dense_find(&d, id, t0), i1 = dense_find(&d, id, t1);
                long first = 2000, last = 2000 + (long)K - 1;
                double want[6], got[6];
                want[0] = dual_eff_window(&d, i0, seq ? first : t0, t0, o.orientation == NQPF_DEA_OUT, 0);
                want[3] = dual_eff_window(&d, i1, seq ? first : t1, t1, o.orientation == NQPF_DEA_OUT, 0);
                want[4] = dual_eff_window(&d, i0, seq ? first : t0, t0, o.orientation == NQPF_DEA_OUT, 1);
                want[5] = dual_eff_window(&d, i1, seq ? first : t1, t1, o.orientation == NQPF_DEA_OUT, 1);
                if (cross) {
                    want[1] = dual_eff_window(&d, i0, seq ? first : t1, t1, o.orientation == NQPF_DEA_OUT, 0);
                    want[2] = dual_eff_window(&d, i1, seq ? first : t0, t0, o.orientation == NQPF_DEA_OUT, 0);
                } else {
                    /* Global: all periods; fixed-base: the first period (the default base). */
                    long hi = type == NQPF_MALMQUIST_GLOBAL ? last : first;
                    want[1] = dual_eff_window(&d, i0, first, hi, o.orientation == NQPF_DEA_OUT, 0);
                    want[2] = dual_eff_window(&d, i1, first, hi, o.orientation == NQPF_DEA_OUT, 0);
                }
                static const char *const names[4][6] = {
                    {"e00", "e01", "e10", "e11", "e00_vrs", "e11_vrs"},
                    {"e00", "e0b", "e1b", "e11", "e00_vrs", "e11_vrs"},
                    {"e00", "e0g", "e1g", "e11", "e00_vrs", "e11_vrs"},
                    {"e00", "e01", "e10", "e11", "e00_vrs", "e11_vrs"}};
                for (int q = 0; q < 6; q++) {
                    got[q] = col(t, names[type][q])[r];
                    char ctx[96];
                    snprintf(ctx, sizeof ctx, "case %d type %d %s row %zu", rep, type, names[type][q], r);
                    tu_assert_close(got[q], want[q], 1e-7, 0, ctx);
                    maxerr = fmax(maxerr, relerr(got[q], want[q]));
                    ndist++;
                }
                tu_assert_close(col(t, "tfpch")[r], col(t, "effch")[r] * col(t, "techch")[r], 1e-12, 0, "identity");
                if (seq)
                    assert_true(col(t, "techch")[r] >= 1 - 1e-9);
            }
            if (type == NQPF_MALMQUIST_ADJACENT) {
                /* Ray-Desli: mixed-period VRS distances, infeasible where the observation lies
                 * outside the other period's VRS technology (the dual LP is then unbounded). */
                o.decomposition = NQPF_MALMQUIST_RD;
                nqpf_table *trd = run(p, &o, NULL);
                size_t js = nqpf_table_find(trd, "status");
                for (size_t r = 0; r < nqpf_table_nrows(trd); r++) {
                    char id[32];
                    nqpf_table_cell_str(trd, 0, r, id, sizeof id);
                    long t1 = (long)nqpf_table_cnum(trd, 1)[r];
                    size_t i0 = dense_find(&d, id, t1 - 1), i1 = dense_find(&d, id, t1);
                    double w01 = dual_eff_window(&d, i0, t1, t1, o.orientation == NQPF_DEA_OUT, 1);
                    double w10 = dual_eff_window(&d, i1, t1 - 1, t1 - 1, o.orientation == NQPF_DEA_OUT, 1);
                    tu_assert_close(col(trd, "e01_vrs")[r], w01, 1e-7, 0, "e01_vrs");
                    tu_assert_close(col(trd, "e10_vrs")[r], w10, 1e-7, 0, "e10_vrs");
                    const char *st = nqpf_table_text(trd, js, r);
                    assert_int_equal(isnan(w01) || isnan(w10), strcmp(st, "optimal") != 0);
                    if (isnan(w10))
                        assert_non_null(strstr(st, "e10_vrs infeasible"));
                    nrd_infeasible += isnan(w01) || isnan(w10);
                    tu_assert_close(col(trd, "tfpch")[r], col(t, "tfpch")[r], 1e-9, 0, "RD tfpch");
                    nrd++;
                }
                nqpf_table_free(trd);
            }
            nqpf_table_free(t);
            ncases++;
        }
        dense_free(&d);
        nqpf_panel_free(p);
    }
    print_message("random panels: %zu runs, %zu distances vs dual LP, max rel error %.3g; Ray-Desli: %zu pairs, %zu "
                  "with an infeasible VRS distance\n",
                  ncases, ndist, maxerr, nrd, nrd_infeasible);
    assert_true(nrd_infeasible > 0);
    gsl_rng_free(rng);
}

/* ---------- unbalanced panels, infeasible LPs, bad input ---------- */

static void test_unbalanced_and_infeasible(void **state)
{
    (void)state;
    /* C is missing in 2002; D's 2002 input is below every 2001 input, so under VRS with direction
     * (0, y) it lies outside the 2001 technology: d10 is infeasible. */
    nqpf_panel *p = tu_panel_from_text("id,t,x,y\n"
                                       "A,2001,2,2\nB,2001,4,5\nC,2001,3,2\nD,2001,5,3\n"
                                       "A,2002,2,3\nB,2002,4,5\nD,2002,1,1\n"
                                       "A,2003,2,3\nB,2003,3,5\nC,2003,3,3\nD,2003,4,4\n",
                                       "id", "t");
    static const char *const in[] = {"x"}, *const outv[] = {"y"};
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = outv;
    o.noutputs = 1;
    o.cumulative = 1;
    nqpf_malmquist_summary s;
    nqpf_table *t = run(p, &o, &s);
    assert_int_equal(s.npairs, 6);
    assert_int_equal(s.nskipped, 2);
    assert_int_equal(s.nperiods, 3);
    assert_true(find_row(t, "C", 2002) == NQPF_NONE && find_row(t, "C", 2003) == NQPF_NONE);
    size_t ra = find_row(t, "A", 2003);
    assert_true(ra != NQPF_NONE);
    tu_assert_close(col(t, "tfpch_cum")[ra], col(t, "tfpch")[ra] * col(t, "tfpch")[find_row(t, "A", 2002)], 1e-12, 0,
                    "cum");
    nqpf_table_free(t);

    o.measure = NQPF_MALMQUIST_LUENBERGER;
    o.rts = NQPF_DEA_VRS;
    t = run(p, &o, &s);
    size_t rd = find_row(t, "D", 2002);
    assert_true(rd != NQPF_NONE);
    assert_true(isnan(col(t, "d10")[rd]) && isnan(col(t, "lpi")[rd]) && isnan(col(t, "lpi_cum")[rd]));
    assert_true(!isnan(col(t, "lpi_effch")[rd]));
    size_t js = nqpf_table_find(t, "status");
    assert_string_equal(nqpf_table_text(t, js, rd), "d10 infeasible");
    assert_string_equal(nqpf_table_text(t, js, find_row(t, "A", 2002)), "optimal");
    /* A missing value poisons the chained level from there on. */
    assert_true(isnan(col(t, "lpi_cum")[find_row(t, "D", 2003)]));
    assert_true(s.nnot_solved >= 1);
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

static int nwarn;
static char lastwarn[512];
static void on_warn(const char *msg, void *ud)
{
    (void)ud;
    nwarn++;
    snprintf(lastwarn, sizeof lastwarn, "%s", msg);
}

static void test_bad_input(void **state)
{
    (void)state;
    static const char *const in[] = {"x"}, *const outv[] = {"y"}, *const in2[] = {"x", "y"};
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = outv;
    o.noutputs = 1;
    nqpf_table *t = NULL;
    nqpf_panel *p = tu_panel_from_text("id,t,x,y\nA,1,1,1\nB,1,2,0\nA,2,1,1\nB,2,2,3\n", "id", "t");
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EDATA, "row 3, column 'y': expected a positive number");
    /* Directional measures take zeros. */
    o.measure = NQPF_MALMQUIST_LUENBERGER;
    assert_int_equal(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_OK);
    nqpf_table_free(t);
    t = NULL;
    o.measure = NQPF_MALMQUIST_RADIAL;
    nqpf_panel_free(p);

    p = tu_panel_from_text("id,t,x,y\nA,1,1,1\nB,1,2,3\n", "id", "t");
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EDATA, "at least two periods");
    nqpf_panel_free(p);

    p = tu_panel_from_text("id,t,x,y\nA,1,1,1\nB,1,2,3\nA,2,1,2\n", "id", "t");
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EDATA, "period 2 has a single unit ('A')");
    nqpf_panel_free(p);

    p = tu_panel_from_text("id,t,x,y\nA,1,1,1\nB,1,2,3\nA,2,1,2\nB,2,2,2\n", "id", "t");
    o.type = NQPF_MALMQUIST_FIXED_BASE;
    o.has_base = 1;
    o.base_year = 7;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EDATA, "base year 7 is not a period");
    o.type = NQPF_MALMQUIST_ADJACENT;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "base: applies to the fixed-base frontier only");
    o.has_base = 0;
    o.bads = in;
    o.nbads = 1;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "need a directional measure");
    o.measure = NQPF_MALMQUIST_ML;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "listed twice");
    o.nbads = 0;
    o.gy = NQPF_DEA_DIR_ZERO;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "direction vector is zero");
    assert_string_equal(nqpf_error_key(), "direction");
    /* The DEA vocabulary beyond what the indices take: keyed errors. */
    o.gy = NQPF_DEA_DIR_MEAN;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "direction: each part is 0, the observed values or 1");
    o.gy = NQPF_DEA_DIR_OBSERVED;
    o.rts = NQPF_DEA_NIRS;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "rts: the directional distances take crs or vrs");
    o.rts = NQPF_DEA_CRS;
    o.measure = NQPF_MALMQUIST_RADIAL;
    o.orientation = NQPF_DEA_NONE;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "orientation: the radial index takes in or out");
    o.orientation = NQPF_DEA_IN;
    o.rts = NQPF_DEA_VRS;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "rts: the radial index is measured under CRS");
    o.rts = NQPF_DEA_CRS;
    o.outputs = NULL;
    o.noutputs = 0;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EUSAGE, "at least one output is required");
    assert_string_equal(nqpf_error_key(), "outputs");
    o.outputs = outv;
    o.noutputs = 1;
    static const char *const nosuch[] = {"z"};
    o.inputs = nosuch;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_EDATA, "'z'");
    /* Two units, two variables plus one: weak discrimination is a warning, not an error. */
    o.inputs = in2;
    o.ninputs = 2;
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,t,x,y,z\nA,1,1,1,1\nB,1,2,3,1\nA,2,1,2,2\nB,2,2,2,1\n", "id", "t");
    static const char *const out3[] = {"z"};
    o.outputs = out3;
    nwarn = 0;
    nqpf_set_warning_handler(on_warn, NULL);
    assert_int_equal(nqpf_malmquist_run(&t, NULL, p, &o), NQPF_OK);
    nqpf_set_warning_handler(NULL, NULL);
    assert_int_equal(nwarn, 2);
    assert_non_null(strstr(lastwarn, "fewer than the 3 inputs and outputs"));
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

/* Fills an option set for method "malmquist" from KEY=VALUE pairs (as typed on a command line) and
 * parses it; returns the parse's code. */
static int parse_opts(nqpf_optset **set, nqpf_malmquist_options *o, const char *const *kv)
{
    assert_int_equal(nqpf_optset_new(set, nqpf_method_find("malmquist"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (; *kv; kv += 2)
        assert_int_equal(nqpf_optset_add(*set, kv[0], kv[1]), NQPF_OK);
    return nqpf_malmquist_options_parse(o, *set);
}

/* nqpf_malmquist_options_parse(): defaults, the measure, the shared DEA vocabulary (a subset of
 * it) and the keyed rules that both front doors share. */
static void test_options(void **state)
{
    (void)state;
    nqpf_optset *set = NULL;
    nqpf_malmquist_options o, def;
    assert_int_equal(nqpf_malmquist_options_init(&def, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION + 1), NQPF_EUSAGE);
    static const char *const plain[] = {"inputs", "k,l", "outputs", "y", NULL};
    assert_int_equal(parse_opts(&set, &o, plain), NQPF_OK);
    assert_int_equal(o.ninputs, 2);
    assert_int_equal(o.measure, NQPF_MALMQUIST_RADIAL);
    assert_int_equal(o.type, def.type);
    assert_int_equal(o.orientation, def.orientation);
    assert_int_equal(o.rts, def.rts);
    assert_int_equal(o.gx, def.gx);
    assert_int_equal(o.gy, def.gy);
    assert_int_equal(o.gb, def.gb);
    assert_int_equal(o.decomposition, def.decomposition);
    nqpf_optset_free(set);

    static const char *const ml[] = {"inputs", "k", "outputs", "y", "undesirable", "b", "frontier", "global",
                                     "rts", "vrs", "bad_mode", "ineq", "direction", "x,y", NULL};
    assert_int_equal(parse_opts(&set, &o, ml), NQPF_OK);
    assert_int_equal(o.measure, NQPF_MALMQUIST_ML);
    assert_int_equal(o.type, NQPF_MALMQUIST_GLOBAL);
    assert_int_equal(o.rts, NQPF_DEA_VRS);
    assert_int_equal(o.bad_mode, NQPF_DEA_BAD_INEQ);
    /* two direction items leave the bad outputs' part at b */
    assert_int_equal(o.gx, NQPF_DEA_DIR_OBSERVED);
    assert_int_equal(o.gb, NQPF_DEA_DIR_OBSERVED);
    nqpf_optset_free(set);

    static const char *const lu[] = {"inputs", "k", "outputs", "y", "luenberger", "true", "direction", "ones",
                                     "frontier", "fixed-base", "base", "2001", NULL};
    assert_int_equal(parse_opts(&set, &o, lu), NQPF_OK);
    assert_int_equal(o.measure, NQPF_MALMQUIST_LUENBERGER);
    assert_int_equal(o.gx, NQPF_DEA_DIR_ONES);
    assert_int_equal(o.has_base, 1);
    assert_int_equal(o.base_year, 2001);
    nqpf_optset_free(set);

    static const struct {
        const char *kv[12];
        const char *key, *text;
    } bad[] = {
        {{"inputs", "k", "outputs", "y", "rts", "vrs"}, "rts", "applies to the directional distances only"},
        {{"inputs", "k", "outputs", "y", "luenberger", "true", "rts", "nirs"}, "rts", "expected crs|vrs, found 'nirs'"},
        {{"inputs", "k", "outputs", "y", "orientation", "none"}, "orientation", "expected in|out, found 'none'"},
        {{"inputs", "k", "outputs", "y", "luenberger", "true", "orientation", "out"}, "orientation",
         "applies to the radial index only"},
        {{"inputs", "k", "outputs", "y", "luenberger", "true", "bad_mode", "ineq"}, "bad_mode",
         "needs undesirable outputs"},
        {{"inputs", "k", "outputs", "y", "luenberger", "true", "direction", "0,mean"}, "direction",
         "item 'mean' in position 'y': expected 0, y (observed) or 1 (ones)"},
        {{"inputs", "k", "outputs", "y", "luenberger", "true", "direction", "mean"}, "direction",
         "'mean' is not offered here"},
        {{"inputs", "k", "outputs", "y", "luenberger", "true", "direction", "0,0"}, "direction",
         "the direction vector is zero"},
        {{"inputs", "k", "outputs", "y", "base", "2001"}, "base", "applies to the fixed-base frontier only"},
        {{"inputs", "k", "outputs", "y", "decomposition", "rd", "frontier", "global"}, "decomposition",
         "adjacent and sequential types"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        int rc = parse_opts(&set, &o, bad[k].kv);
        if (rc != NQPF_EUSAGE || !nqpf_error_key() || strcmp(nqpf_error_key(), bad[k].key) != 0 ||
            !strstr(nqpf_error_text(), bad[k].text))
            fail_msg("case %zu: rc %d, key %s, message '%s'", k, rc, nqpf_error_key() ? nqpf_error_key() : "(none)",
                     nqpf_error_message());
        nqpf_optset_free(set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_benchmarking_us_states),
        cmocka_unit_test(test_jl_malmquist5),
        cmocka_unit_test(test_jl_malmluen5),
        cmocka_unit_test(test_dear_grifell_lovell),
        cmocka_unit_test(test_dear_wang_lan),
        cmocka_unit_test(test_global_type),
        cmocka_unit_test(test_sequential_type),
        cmocka_unit_test(test_fixed_base_type),
        cmocka_unit_test(test_directional_vs_radial),
        cmocka_unit_test(test_random_vs_dual),
        cmocka_unit_test(test_unbalanced_and_infeasible),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
