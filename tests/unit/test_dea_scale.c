/* Key scale of `nqpf dea` (src/dea/scale.c): crste, vrste, scale = crste / vrste and rts_type by
 * DEAP's rule (scale-inefficient: drs when the NIRS score equals the VRS score, else irs) against
 *  - DataEnvelopmentAnalysis.jl's CCR and BCC literals on FLS11 (reference/jl_fls11_radial, input
 *    and output orientation; the output literals are phi, te = 1/phi), with the NIRS score of the
 *    label from the radial LP written here as plain GLPK calls;
 *  - R Benchmarking's eff_crs_in, eff_vrs_in and eff_nirs_in (RTS "drs") on the US-states panel,
 *    48 states x 17 years (reference/benchmarking_us_states, ../shared only: GPL data), and its
 *    eff_crs_out / eff_vrs_out for the output-oriented table;
 *  - the options' rules. */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("result lacks column %s", name);
    return nqpf_table_cnum(t, j);
}

/* DEAP's label from three scores (the rule as Coelli 1996 states it), tolerance 1e-7 relative
 * (the references carry 10 or 17 digits). */
static const char *deap_label(double crs, double vrs, double nirs)
{
    if (fabs(crs - vrs) <= 1e-7 * vrs)
        return "crs";
    return fabs(nirs - vrs) <= 1e-7 * vrs ? "drs" : "irs";
}

/* The radial NIRS score of DMU k of (x, y) (n DMUs, m inputs, one output), input (theta) or output
 * (1/phi) orientation: plain GLPK. */
static double nirs_score(const double *x, const double *y, size_t n, size_t m, size_t k, int out)
{
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, out ? GLP_MAX : GLP_MIN);
    int nc = (int)n + 1, c0 = (int)n + 1;
    glp_add_cols(P, nc);
    for (int j = 1; j <= (int)n; j++)
        glp_set_col_bnds(P, j, GLP_LO, 0, 0);
    glp_set_col_bnds(P, c0, GLP_FR, 0, 0);
    glp_set_obj_coef(P, c0, 1);
    int *ind = malloc((n + 2) * sizeof *ind);
    double *v = malloc((n + 2) * sizeof *v);
    for (size_t i = 0; i <= m; i++) { /* m input rows, then the output row */
        int r = glp_add_rows(P, 1), len = 0;
        double d = i < m ? x[k * m + i] : y[k];
        for (size_t j = 0; j < n; j++)
            ind[++len] = (int)j + 1, v[len] = (i < m ? x[j * m + i] : y[j]) / d;
        if (i < m && !out) {
            ind[++len] = c0, v[len] = -1;
            glp_set_row_bnds(P, r, GLP_UP, 0, 0);
        } else if (i < m) {
            glp_set_row_bnds(P, r, GLP_UP, 0, 1);
        } else if (out) {
            ind[++len] = c0, v[len] = -1;
            glp_set_row_bnds(P, r, GLP_LO, 0, 0);
        } else {
            glp_set_row_bnds(P, r, GLP_LO, 1, 0);
        }
        glp_set_mat_row(P, r, len, ind, v);
    }
    int r = glp_add_rows(P, 1), len = 0;
    for (size_t j = 0; j < n; j++)
        ind[++len] = (int)j + 1, v[len] = 1;
    glp_set_mat_row(P, r, len, ind, v);
    glp_set_row_bnds(P, r, GLP_UP, 0, 1);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    if (glp_simplex(P, &parm) != 0 || glp_get_status(P) != GLP_OPT)
        fail_msg("NIRS LP of DMU %zu not solved", k);
    double val = glp_get_obj_val(P);
    glp_delete_prob(P);
    free(ind);
    free(v);
    return out ? 1.0 / val : val;
}

static void test_jl_fls11_scale(void **state)
{
    (void)state;
    const char *dpath = tu_shared("reference/jl_fls11_radial/data.csv");
    if (!dpath)
        skip();
    nqpf_table *t = tu_read(dpath), *d = tu_read(dpath);
    size_t n = nqpf_table_nrows(t);
    double *one = malloc(n * sizeof *one);
    for (size_t i = 0; i < n; i++)
        one[i] = 1;
    assert_int_equal(nqpf_table_add_num(t, "period", one, NULL), NQPF_OK);
    free(one);
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "dmu", "period"), NQPF_OK);
    double x[2 * 16], y[16];
    for (size_t j = 0; j < n; j++) {
        x[2 * j] = col(d, "x1")[j];
        x[2 * j + 1] = col(d, "x2")[j];
        y[j] = col(d, "y1")[j];
    }
    nqpf_table *e = tu_read(tu_shared("reference/jl_fls11_radial/expected.csv"));
    size_t cm = nqpf_table_find(e, "model_id"), cq = nqpf_table_find(e, "quantity");
    const double *dmu = col(e, "dmu"), *val = col(e, "value");
    size_t counts[3] = {0, 0, 0};
    for (int out = 0; out < 2; out++) {
        double crs[16], vrs[16];
        for (size_t r = 0; r < nqpf_table_nrows(e); r++) {
            const char *id = nqpf_table_text(e, cm, r);
            if (strcmp(nqpf_table_text(e, cq, r), "efficiency") != 0)
                continue;
            size_t i = (size_t)dmu[r] - 1;
            if (strcmp(id, out ? "radial_crs_output" : "radial_crs_input") == 0)
                crs[i] = out ? 1.0 / val[r] : val[r];
            else if (strcmp(id, out ? "radial_vrs_output" : "radial_vrs_input") == 0)
                vrs[i] = out ? 1.0 / val[r] : val[r];
        }
        static const char *const in[] = {"x1", "x2"}, *const outs[] = {"y1"};
        nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
        o.inputs = in, o.ninputs = 2, o.outputs = outs, o.noutputs = 1;
        o.orientation = out ? NQPF_DEA_OUT : NQPF_DEA_IN, o.rts = NQPF_DEA_VRS, o.scale = 1;
        nqpf_table *res = NULL;
        if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
            fail_msg("scale: %s", nqpf_error_message());
        const double *c = col(res, "crste"), *v = col(res, "vrste"), *se = col(res, "scale"), *te = col(res, "te");
        size_t cl = nqpf_table_find(res, "rts_type");
        for (size_t i = 0; i < n; i++) {
            char ctx[64];
            snprintf(ctx, sizeof ctx, "FLS11 %s DMU %zu", out ? "out" : "in", i + 1);
            tu_assert_close(c[i], crs[i], 1e-9, 0, ctx);
            tu_assert_close(v[i], vrs[i], 1e-9, 0, ctx);
            tu_assert_close(te[i], vrs[i], 1e-9, 0, ctx); /* te keeps the run's rts */
            tu_assert_close(se[i], crs[i] / vrs[i], 1e-9, 0, ctx);
            const char *want = deap_label(crs[i], vrs[i], nirs_score(x, y, n, 2, i, out));
            const char *got = nqpf_table_text(res, cl, i);
            if (!got || strcmp(got, want) != 0)
                fail_msg("%s: rts_type %s, expected %s", ctx, got ? got : "(missing)", want);
            counts[strcmp(want, "crs") == 0 ? 0 : strcmp(want, "drs") == 0 ? 1 : 2]++;
        }
        nqpf_table_free(res);
    }
    /* all three labels occur */
    assert_true(counts[0] > 0 && counts[1] > 0 && counts[2] > 0);
    nqpf_table_free(e);
    nqpf_table_free(d);
    nqpf_panel_free(p);
}

static void test_us_states_scale(void **state)
{
    (void)state;
    const char *rpath = tu_shared("reference/benchmarking_us_states/dea_by_year.csv");
    if (!rpath)
        skip();
    nqpf_table *ref = tu_read(rpath); /* before the next tu_shared(): its buffer is static */
    const char *dpath = tu_shared("data/us_states_produc.csv");
    if (!dpath) {
        nqpf_table_free(ref);
        skip();
    }
    nqpf_table *dt = tu_read(dpath);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, dt, "state", "year") != NQPF_OK)
        fail_msg("panel: %s", nqpf_error_message());
    static const char *const in[] = {"pcap", "pc", "emp"}, *const outs[] = {"gsp"};
    size_t counts[3] = {0, 0, 0}, nref = nqpf_table_nrows(ref);
    size_t cstate = nqpf_table_find(ref, "state");
    const double *year = col(ref, "year");
    for (int out = 0; out < 2; out++) {
        nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
        o.inputs = in, o.ninputs = 3, o.outputs = outs, o.noutputs = 1;
        o.orientation = out ? NQPF_DEA_OUT : NQPF_DEA_IN, o.scale = 1;
        nqpf_table *res = NULL;
        if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
            fail_msg("scale: %s", nqpf_error_message());
        assert_int_equal(nqpf_table_nrows(res), nref);
        const double *c = col(res, "crste"), *v = col(res, "vrste"), *se = col(res, "scale");
        const double *ryear = col(res, "year");
        size_t cl = nqpf_table_find(res, "rts_type"), rid = nqpf_table_find(res, "state");
        const double *bc = col(ref, out ? "eff_crs_out" : "eff_crs_in"), *bv = col(ref, out ? "eff_vrs_out" : "eff_vrs_in");
        const double *bn = col(ref, "eff_nirs_in");
        for (size_t k = 0; k < nref; k++) {
            /* our row of the reference row k, matched on (state, year) */
            size_t i = 0;
            while (i < nref && !(ryear[i] == year[k] &&
                                 strcmp(nqpf_table_text(res, rid, i), nqpf_table_text(ref, cstate, k)) == 0))
                i++;
            if (i == nref)
                fail_msg("%s %.0f not in the result", nqpf_table_text(ref, cstate, k), year[k]);
            double wc = out ? 1.0 / bc[k] : bc[k], wv = out ? 1.0 / bv[k] : bv[k];
            char ctx[96];
            snprintf(ctx, sizeof ctx, "%s %.0f %s", nqpf_table_text(ref, cstate, k), year[k], out ? "out" : "in");
            tu_assert_close(c[i], wc, 1e-8, 0, ctx);
            tu_assert_close(v[i], wv, 1e-8, 0, ctx);
            tu_assert_close(se[i], wc / wv, 1e-8, 0, ctx);
            if (out)
                continue; /* Benchmarking's NIRS score is input-oriented only */
            const char *want = deap_label(bc[k], bv[k], bn[k]);
            const char *got = nqpf_table_text(res, cl, i);
            if (!got || strcmp(got, want) != 0)
                fail_msg("%s: rts_type %s, expected %s", ctx, got ? got : "(missing)", want);
            counts[strcmp(want, "crs") == 0 ? 0 : strcmp(want, "drs") == 0 ? 1 : 2]++;
        }
        nqpf_table_free(res);
    }
    print_message("US states, input: %zu crs, %zu drs, %zu irs\n", counts[0], counts[1], counts[2]);
    assert_true(counts[0] > 0 && counts[1] > 0 && counts[2] > 0);
    nqpf_table_free(ref);
    nqpf_panel_free(p);
}

static void test_scale_options(void **state)
{
    (void)state;
    nqpf_optset *set = NULL;
    nqpf_dea_options o;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("dea"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "inputs", "x"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "outputs", "y"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "scale", "true"), NQPF_OK);
    assert_int_equal(nqpf_dea_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.scale, 1);
    assert_int_equal(nqpf_optset_add(set, "super", "true"), NQPF_OK);
    tu_assert_error(nqpf_dea_options_parse(&o, set), NQPF_EUSAGE, "does not combine with super");
    assert_string_equal(nqpf_error_key(), "scale");
    nqpf_optset_free(set);
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("dea"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "inputs", "x"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "outputs", "y"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "scale", "true"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "model", "sbm"), NQPF_OK);
    tu_assert_error(nqpf_dea_options_parse(&o, set), NQPF_EUSAGE, "model radial only");
    assert_string_equal(nqpf_error_key(), "scale");
    nqpf_optset_free(set);
}

/* Every frontier: the table equals the te of separate runs of nqpf_dea_run() under CRS, VRS and NIRS
 * (the driver's own LPs and reference sets) on the gtfpch provinces (tests/data/gtfpch). */
static void test_frontiers_vs_runs(void **state)
{
    (void)state;
    nqpf_table *t = tu_read(tu_source("tests/data/gtfpch/example.csv"));
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "Province", "year"), NQPF_OK);
    static const char *const in[] = {"K", "L", "E"}, *const outs[] = {"Y"};
    static const char *const fr[] = {"period", "pooled", "sequential", "window:3"};
    size_t checked = 0;
    for (size_t f = 0; f < 4; f++)
        for (int out = 0; out < 2; out++) {
            nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
            o.inputs = in, o.ninputs = 3, o.outputs = outs, o.noutputs = 1;
            o.orientation = out ? NQPF_DEA_OUT : NQPF_DEA_IN;
            assert_int_equal(nqpf_dea_parse_frontier(fr[f], &o), NQPF_OK);
            nqpf_table *r[3];
            static const nqpf_dea_rts rts[3] = {NQPF_DEA_CRS, NQPF_DEA_VRS, NQPF_DEA_NIRS};
            for (int k = 0; k < 3; k++) {
                o.rts = rts[k];
                if (nqpf_dea_run(&r[k], p, &o, NULL) != NQPF_OK)
                    fail_msg("%s: %s", fr[f], nqpf_error_message());
            }
            o.rts = NQPF_DEA_CRS;
            o.scale = 1;
            nqpf_table *res = NULL;
            if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK)
                fail_msg("%s scale: %s", fr[f], nqpf_error_message());
            const double *c = col(r[0], "te"), *v = col(r[1], "te"), *nirs = col(r[2], "te");
            size_t cl = nqpf_table_find(res, "rts_type");
            for (size_t i = 0; i < nqpf_table_nrows(res); i++) {
                char ctx[64];
                snprintf(ctx, sizeof ctx, "%s %s row %zu", fr[f], out ? "out" : "in", i);
                tu_assert_close(col(res, "crste")[i], c[i], 1e-10, 0, ctx);
                tu_assert_close(col(res, "vrste")[i], v[i], 1e-10, 0, ctx);
                tu_assert_close(col(res, "scale")[i], c[i] / v[i], 1e-10, 0, ctx);
                assert_string_equal(nqpf_table_text(res, cl, i), deap_label(c[i], v[i], nirs[i]));
                checked++;
            }
            for (int k = 0; k < 3; k++)
                nqpf_table_free(r[k]);
            nqpf_table_free(res);
        }
    assert_int_equal(checked, 4 * 2 * 90);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jl_fls11_scale),
        cmocka_unit_test(test_us_states_scale),
        cmocka_unit_test(test_frontiers_vs_runs),
        cmocka_unit_test(test_scale_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
