/* Metafrontier DEA (O'Donnell, Rao and Battese 2008) and the metafrontier Malmquist decomposition
 * (Oh and Lee 2010; Oh 2010 for directional distances) on the 30 provinces of the Stata gtfpch
 * example (tests/data/metafrontier/example.csv: inputs K, L, E, output Y, bad output CO2, 2013-2015)
 * with the East/Central/West groups of tests/data/metafrontier/groups.csv.
 *
 * The reference is computed here, independently of nqpf's DEA code: every distance is an envelopment
 * LP written as plain GLPK calls (its own glp_prob) over the reference set the method prescribes:
 * the group's DMUs (group frontier) or every DMU (metafrontier), of the observation's period, of all
 * periods (pooled; the intertemporal and global frontiers of Oh and Lee). The group of each province
 * is read from groups.csv by this test. Checked: te_group, te_meta, tgr = te_meta / te_group and the
 * DDF gap tgi against those LPs (rel. 1e-7: GLPK's simplex tolerances on data from 1e2 to 1e9), tgr
 * <= 1 everywhere and tgr = 1 for a metafrontier-efficient unit of every period; the Malmquist
 * distances and components against the same LPs and the identity index = effch x bpc x tgc (sum for
 * the Luenberger indicator) to 1e-12. Then the keyed errors of the options group and group_via. */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "nqpf/join.h"
#include "nqpf/malmquist.h"
#include "nqpf/options.h"

#define NMAX 128
#define LP_REL 1e-7

/* ---- the data ---------------------------------------------------------------------------------- */

typedef struct data {
    nqpf_panel *p;
    size_t n;
    const double *K, *L, *E, *Y, *C;
    char group[NMAX][16]; /* from groups.csv, read here */
} data;

static void load(data *d)
{
    memset(d, 0, sizeof *d);
    nqpf_table *t = tu_read(tu_source("tests/data/metafrontier/example.csv"));
    assert_int_equal(nqpf_panel_new(&d->p, t, "Province", "year"), NQPF_OK);
    nqpf_table *g = tu_read(tu_source("tests/data/metafrontier/groups.csv"));
    assert_int_equal(nqpf_panel_join(d->p, g, "Province", NULL, (const char *const[]){"group"}, NULL, 1), NQPF_OK);
    d->n = nqpf_panel_nobs(d->p);
    assert_int_equal(d->n, 90);
    assert_int_equal(nqpf_panel_column(d->p, "K", &d->K), NQPF_OK);
    assert_int_equal(nqpf_panel_column(d->p, "L", &d->L), NQPF_OK);
    assert_int_equal(nqpf_panel_column(d->p, "E", &d->E), NQPF_OK);
    assert_int_equal(nqpf_panel_column(d->p, "Y", &d->Y), NQPF_OK);
    assert_int_equal(nqpf_panel_column(d->p, "CO2", &d->C), NQPF_OK);
    /* the groups, straight from the file (not through the panel's join) */
    size_t kp = nqpf_table_find(g, "Province"), kg = nqpf_table_find(g, "group");
    for (size_t i = 0; i < d->n; i++) {
        const char *unit = nqpf_panel_unit_name(d->p, nqpf_panel_unit(d->p, i));
        for (size_t r = 0; r < nqpf_table_nrows(g); r++)
            if (strcmp(nqpf_table_text(g, kp, r), unit) == 0)
                snprintf(d->group[i], sizeof d->group[i], "%s", nqpf_table_text(g, kg, r));
        assert_true(d->group[i][0]);
    }
    nqpf_table_free(g);
}

/* ---- the envelopment LPs, plain GLPK ------------------------------------------------------------ */

typedef enum { LP_RAD_IN, LP_RAD_OUT, LP_DDF } lpkind;

/* The distance of observation i against the reference set ref[0..nref): radial input (theta, min),
 * radial output (phi, max) or the DDF with direction (0, y0, b0) and weakly disposable CO2 (beta,
 * max, free). vrs: sum lambda = 1. Returns the optimum; fails the test when it is not optimal. */
static double lp(const data *d, size_t i, const size_t *ref, size_t nref, lpkind k, int vrs)
{
    const double *X[3] = {d->K, d->L, d->E};
    glp_prob *P = glp_create_prob();
    int nc = (int)nref + 1;
    glp_add_cols(P, nc);
    glp_set_obj_dir(P, k == LP_RAD_IN ? GLP_MIN : GLP_MAX);
    glp_set_col_bnds(P, 1, k == LP_DDF ? GLP_FR : GLP_LO, 0, 0);
    glp_set_obj_coef(P, 1, 1.0);
    for (int j = 2; j <= nc; j++)
        glp_set_col_bnds(P, j, GLP_LO, 0, 0);
    int ind[NMAX + 2];
    double val[NMAX + 2];
    /* inputs: sum lambda x - [theta x0] <= [0 | x0] */
    for (int v = 0; v < 3; v++) {
        int r = glp_add_rows(P, 1);
        for (size_t j = 0; j < nref; j++)
            ind[j + 1] = (int)j + 2, val[j + 1] = X[v][ref[j]];
        ind[nref + 1] = 1;
        val[nref + 1] = k == LP_RAD_IN ? -X[v][i] : 0.0;
        glp_set_mat_row(P, r, (int)nref + 1, ind, val);
        glp_set_row_bnds(P, r, GLP_UP, 0, k == LP_RAD_IN ? 0.0 : X[v][i]);
    }
    /* output: sum lambda y - [phi y0 | beta y0] >= [y0 | 0 | y0] */
    {
        int r = glp_add_rows(P, 1);
        for (size_t j = 0; j < nref; j++)
            ind[j + 1] = (int)j + 2, val[j + 1] = d->Y[ref[j]];
        ind[nref + 1] = 1;
        val[nref + 1] = k == LP_RAD_IN ? 0.0 : -d->Y[i];
        glp_set_mat_row(P, r, (int)nref + 1, ind, val);
        glp_set_row_bnds(P, r, GLP_LO, k == LP_RAD_OUT ? 0.0 : d->Y[i], 0);
    }
    if (k == LP_DDF) { /* sum lambda b + beta b0 = b0 */
        int r = glp_add_rows(P, 1);
        for (size_t j = 0; j < nref; j++)
            ind[j + 1] = (int)j + 2, val[j + 1] = d->C[ref[j]];
        ind[nref + 1] = 1;
        val[nref + 1] = d->C[i];
        glp_set_mat_row(P, r, (int)nref + 1, ind, val);
        glp_set_row_bnds(P, r, GLP_FX, d->C[i], d->C[i]);
    }
    if (vrs) {
        int r = glp_add_rows(P, 1);
        for (size_t j = 0; j < nref; j++)
            ind[j + 1] = (int)j + 2, val[j + 1] = 1.0;
        glp_set_mat_row(P, r, (int)nref, ind, val);
        glp_set_row_bnds(P, r, GLP_FX, 1, 1);
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    glp_scale_prob(P, GLP_SF_AUTO);
    int ret = glp_simplex(P, &parm);
    assert_int_equal(ret, 0);
    assert_int_equal(glp_get_status(P), GLP_OPT);
    double z = glp_get_obj_val(P);
    glp_delete_prob(P);
    return z;
}

/* The observations of group g (NULL: all) in period t (0: every period). */
static size_t refset(const data *d, const char *g, long t, size_t *ref)
{
    size_t n = 0;
    for (size_t j = 0; j < d->n; j++)
        if ((!g || strcmp(d->group[j], g) == 0) && (t == 0 || nqpf_panel_time(d->p, j) == t))
            ref[n++] = j;
    return n;
}

/* ---- helpers ---------------------------------------------------------------------------------- */

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("result lacks column '%s'", name);
    return nqpf_table_cnum(t, j);
}

static size_t colj(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    if (j == NQPF_NONE)
        fail_msg("result lacks column '%s'", name);
    return j;
}

/* The observation of result row r (id in column 0, time in column 1). */
static size_t obs_of(const data *d, const nqpf_table *t, size_t r)
{
    const char *id = nqpf_table_text(t, 0, r);
    long tm = (long)nqpf_table_cnum(t, 1)[r];
    for (size_t i = 0; i < d->n; i++)
        if (nqpf_panel_time(d->p, i) == tm && strcmp(nqpf_panel_unit_name(d->p, nqpf_panel_unit(d->p, i)), id) == 0)
            return i;
    fail_msg("row %zu: no observation %s %ld", r, id, tm);
    return 0;
}

static nqpf_dea_options dea_opts(void)
{
    static const char *const in[] = {"K", "L", "E"}, *const out[] = {"Y"}, *const bad[] = {"CO2"};
    nqpf_dea_options o;
    assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
    o.inputs = in;
    o.ninputs = 3;
    o.outputs = out;
    o.noutputs = 1;
    o.bads = bad;
    o.nbads = 0;
    o.group = "group";
    return o;
}

/* tgr <= 1 (+1e-9) everywhere; with per_period, in every period at least one unit on the
 * metafrontier (te_meta = 1, or dv_meta = 0) with tgr = 1 (it is on its group's frontier too). */
static void tgr_properties(const data *d, const nqpf_table *t, int per_period)
{
    const double *tgr = col(t, "tgr"), *tm = col(t, "te_meta");
    /* nddf, sbmddf: on the metafrontier is dv_meta = 0 (their te is not the distance's) */
    const double *dvm = nqpf_table_find(t, "dv_meta") != NQPF_NONE ? col(t, "dv_meta") : NULL;
    size_t ntimes;
    const long *times = nqpf_panel_times(d->p, &ntimes);
    int any_all = 0;
    for (size_t k = 0; k < ntimes; k++) {
        int any = 0;
        for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
            assert_false(isnan(tgr[r]));
            if (tgr[r] > 1 + 1e-9)
                fail_msg("row %zu: tgr %.17g > 1", r, tgr[r]);
            int on_meta = dvm ? fabs(dvm[r]) < 1e-9 : fabs(tm[r] - 1) < 1e-9;
            if (nqpf_table_cnum(t, 1)[r] == times[k] && on_meta && fabs(tgr[r] - 1) < 1e-9)
                any = 1;
        }
        if (per_period && !any)
            fail_msg("period %ld: no unit with te_meta = tgr = 1", times[k]);
        any_all |= any;
    }
    assert_true(any_all);
}

/* ---- dea ---------------------------------------------------------------------------------------- */

/* Radial CRS input orientation, one frontier per period. */
static void test_dea_radial_period(void **state)
{
    (void)state;
    data d;
    load(&d);
    nqpf_dea_options o = dea_opts();
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_dea_run(&t, d.p, &o, NULL), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(t), 90);
    const double *tg = col(t, "te_group"), *tm = col(t, "te_meta"), *tgr = col(t, "tgr"), *te = col(t, "te");
    size_t gj = colj(t, "group");
    size_t ref[NMAX];
    for (size_t r = 0; r < 90; r++) {
        size_t i = obs_of(&d, t, r);
        long year = nqpf_panel_time(d.p, i);
        assert_string_equal(nqpf_table_text(t, gj, r), d.group[i]);
        size_t n = refset(&d, d.group[i], year, ref);
        double g = lp(&d, i, ref, n, LP_RAD_IN, 0);
        n = refset(&d, NULL, year, ref);
        double m = lp(&d, i, ref, n, LP_RAD_IN, 0);
        tu_assert_close(tg[r], g, LP_REL, 1e-12, "te_group");
        tu_assert_close(tm[r], m, LP_REL, 1e-12, "te_meta");
        tu_assert_close(te[r], m, LP_REL, 1e-12, "te (the metafrontier's)");
        tu_assert_close(tgr[r], m / g, LP_REL, 1e-12, "tgr");
    }
    tgr_properties(&d, t, 1);
    nqpf_table_free(t);
    nqpf_panel_free(d.p);
}

/* Radial VRS output orientation, one pooled frontier (all periods): te = 1/phi. */
static void test_dea_radial_pooled_vrs_out(void **state)
{
    (void)state;
    data d;
    load(&d);
    nqpf_dea_options o = dea_opts();
    o.rts = NQPF_DEA_VRS;
    o.orientation = NQPF_DEA_OUT;
    o.frontier = NQPF_DEA_FRONTIER_POOLED;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_dea_run(&t, d.p, &o, NULL), NQPF_OK);
    const double *tg = col(t, "te_group"), *tm = col(t, "te_meta"), *tgr = col(t, "tgr");
    size_t ref[NMAX];
    for (size_t r = 0; r < 90; r++) {
        size_t i = obs_of(&d, t, r);
        size_t n = refset(&d, d.group[i], 0, ref);
        double g = 1 / lp(&d, i, ref, n, LP_RAD_OUT, 1);
        n = refset(&d, NULL, 0, ref);
        double m = 1 / lp(&d, i, ref, n, LP_RAD_OUT, 1);
        tu_assert_close(tg[r], g, LP_REL, 1e-12, "te_group");
        tu_assert_close(tm[r], m, LP_REL, 1e-12, "te_meta");
        tu_assert_close(tgr[r], m / g, LP_REL, 1e-12, "tgr");
    }
    tgr_properties(&d, t, 0);
    nqpf_table_free(t);
    nqpf_panel_free(d.p);
}

/* DDF with CO2 weakly disposable, direction (0, y, b), per period: te = 1/(1+beta), so
 * tgr = (1 + beta_group) / (1 + beta_meta); tgi = beta_meta - beta_group. */
static void test_dea_ddf_bad(void **state)
{
    (void)state;
    data d;
    load(&d);
    nqpf_dea_options o = dea_opts();
    o.model = NQPF_DEA_DDF;
    o.nbads = 1;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_dea_run(&t, d.p, &o, NULL), NQPF_OK);
    const double *bg = col(t, "beta_group"), *bm = col(t, "beta_meta"), *tgi = col(t, "tgi"), *tgr = col(t, "tgr"),
                 *tg = col(t, "te_group");
    size_t ref[NMAX];
    for (size_t r = 0; r < 90; r++) {
        size_t i = obs_of(&d, t, r);
        long year = nqpf_panel_time(d.p, i);
        size_t n = refset(&d, d.group[i], year, ref);
        double g = lp(&d, i, ref, n, LP_DDF, 0);
        n = refset(&d, NULL, year, ref);
        double m = lp(&d, i, ref, n, LP_DDF, 0);
        tu_assert_close(bg[r], g, LP_REL, 1e-9, "beta_group");
        tu_assert_close(bm[r], m, LP_REL, 1e-9, "beta_meta");
        tu_assert_close(tgi[r], m - g, LP_REL, 1e-9, "tgi");
        tu_assert_close(tg[r], 1 / (1 + g), LP_REL, 1e-9, "te_group");
        tu_assert_close(tgr[r], (1 + g) / (1 + m), LP_REL, 1e-9, "tgr");
        assert_true(tgi[r] >= -1e-9);
    }
    tgr_properties(&d, t, 1);
    nqpf_table_free(t);
    nqpf_panel_free(d.p);
}

/* SBM (non-oriented, CRS) and sequential frontiers: the generic wiring keeps the properties. */
static void test_dea_sbm_properties(void **state)
{
    (void)state;
    data d;
    load(&d);
    nqpf_dea_options o = dea_opts();
    o.model = NQPF_DEA_SBM;
    o.orientation = NQPF_DEA_NONE;
    o.nbads = 1;
    nqpf_table *t = NULL;
    assert_int_equal(nqpf_dea_run(&t, d.p, &o, NULL), NQPF_OK);
    tgr_properties(&d, t, 1);
    nqpf_table_free(t);
    o = dea_opts();
    o.frontier = NQPF_DEA_FRONTIER_SEQUENTIAL;
    assert_int_equal(nqpf_dea_run(&t, d.p, &o, NULL), NQPF_OK);
    tgr_properties(&d, t, 0);
    nqpf_table_free(t);
    /* the non-radial and slacks-based directional distances (their own LPs are checked in their
     * tests): the gap tgi = dv_meta - dv_group >= 0 and tgr = (1 + dv_group) / (1 + dv_meta) */
    const nqpf_dea_model nr[2] = {NQPF_DEA_NDDF, NQPF_DEA_SBMDDF};
    for (int k = 0; k < 2; k++) {
        o = dea_opts();
        o.model = nr[k];
        o.nbads = 1;
        int rc = nqpf_dea_run(&t, d.p, &o, NULL);
        if (rc == NQPF_EUSAGE && strstr(nqpf_error_message(), "model")) /* a build without the model */
            continue;
        assert_int_equal(rc, NQPF_OK);
        tgr_properties(&d, t, 1);
        const double *dg = col(t, "dv_group"), *dm = col(t, "dv_meta"), *tgi = col(t, "tgi"), *tgr = col(t, "tgr");
        for (size_t r = 0; r < 90; r++) {
            assert_true(tgi[r] >= -1e-9);
            tu_assert_close(tgi[r], dm[r] - dg[r], 1e-15, 1e-15, "tgi");
            tu_assert_close(tgr[r], (1 + dg[r]) / (1 + dm[r]), 1e-15, 1e-15, "tgr of dv");
        }
        nqpf_table_free(t);
    }
    nqpf_panel_free(d.p);
}

/* ---- malmquist ---------------------------------------------------------------------------------- */

static nqpf_malmquist_options malm_opts(nqpf_malmquist_measure measure)
{
    static const char *const in[] = {"K", "L", "E"}, *const out[] = {"Y"}, *const bad[] = {"CO2"};
    nqpf_malmquist_options o;
    assert_int_equal(nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
    o.inputs = in;
    o.ninputs = 3;
    o.outputs = out;
    o.noutputs = 1;
    o.measure = measure;
    if (measure != NQPF_MALMQUIST_RADIAL) {
        o.bads = bad;
        o.nbads = 1;
    }
    o.type = NQPF_MALMQUIST_GLOBAL;
    o.group = "group";
    o.cumulative = 1;
    return o;
}

static void check_malmquist(nqpf_malmquist_measure measure)
{
    data d;
    load(&d);
    nqpf_malmquist_options o = malm_opts(measure);
    nqpf_table *t = NULL;
    nqpf_malmquist_summary sum;
    assert_int_equal(nqpf_malmquist_run(&t, &sum, d.p, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(t), 60);
    int radial = measure == NQPF_MALMQUIST_RADIAL, add = measure == NQPF_MALMQUIST_LUENBERGER;
    const char *const *nm = radial ? (const char *const[]){"tfpch", "effch", "bpc", "tgc"}
                            : add  ? (const char *const[]){"lpi", "lpi_effch", "lpi_bpc", "lpi_tgc"}
                                   : (const char *const[]){"ml", "mleffch", "bpc", "tgc"};
    const char *const *dn = radial ? (const char *const[]){"e00", "e11", "e0i", "e1i", "e0g", "e1g"}
                                   : (const char *const[]){"d00", "d11", "d0i", "d1i", "d0g", "d1g"};
    const double *ix = col(t, nm[0]), *ef = col(t, nm[1]), *bp = col(t, nm[2]), *tg = col(t, nm[3]);
    const double *dist[6];
    for (int k = 0; k < 6; k++)
        dist[k] = col(t, dn[k]);
    const double *from = col(t, "from");
    char cum[32];
    snprintf(cum, sizeof cum, "%s_cum", nm[0]);
    const double *ixc = col(t, cum);
    size_t st = colj(t, "status");
    lpkind kind = radial ? LP_RAD_IN : LP_DDF;
    size_t ref[NMAX];
    for (size_t r = 0; r < 60; r++) {
        size_t i1 = obs_of(&d, t, r);
        long y1 = nqpf_panel_time(d.p, i1), y0 = (long)from[r];
        assert_int_equal(y0, y1 - 1);
        size_t i0 = nqpf_panel_find(d.p, nqpf_panel_unit(d.p, i1), y0);
        const char *g = d.group[i1];
        double v[6];
        size_t n = refset(&d, g, y0, ref);
        v[0] = lp(&d, i0, ref, n, kind, 0); /* contemporaneous group frontier, t-1 */
        n = refset(&d, g, y1, ref);
        v[1] = lp(&d, i1, ref, n, kind, 0); /* ... t */
        n = refset(&d, g, 0, ref);
        v[2] = lp(&d, i0, ref, n, kind, 0); /* intertemporal group frontier */
        v[3] = lp(&d, i1, ref, n, kind, 0);
        n = refset(&d, NULL, 0, ref);
        v[4] = lp(&d, i0, ref, n, kind, 0); /* global metafrontier */
        v[5] = lp(&d, i1, ref, n, kind, 0);
        for (int k = 0; k < 6; k++)
            tu_assert_close(dist[k][r], v[k], LP_REL, radial ? 1e-12 : 1e-9, dn[k]);
        assert_string_equal(nqpf_table_text(t, st, r), "optimal");
        double e[4];
        if (radial) {
            e[0] = v[5] / v[4];
            e[1] = v[1] / v[0];
            e[2] = (v[3] / v[1]) / (v[2] / v[0]);
            e[3] = (v[5] / v[3]) / (v[4] / v[2]);
        } else if (add) {
            e[0] = v[4] - v[5];
            e[1] = v[0] - v[1];
            e[2] = (v[2] - v[0]) - (v[3] - v[1]);
            e[3] = (v[4] - v[2]) - (v[5] - v[3]);
        } else {
            e[0] = (1 + v[4]) / (1 + v[5]);
            e[1] = (1 + v[0]) / (1 + v[1]);
            e[2] = ((1 + v[2]) / (1 + v[0])) / ((1 + v[3]) / (1 + v[1]));
            e[3] = ((1 + v[4]) / (1 + v[2])) / ((1 + v[5]) / (1 + v[3]));
        }
        /* components from independent distances (differences of nearly equal betas: absolute 1e-7) */
        tu_assert_close(ix[r], e[0], 1e-6, 1e-7, nm[0]);
        tu_assert_close(ef[r], e[1], 1e-6, 1e-7, nm[1]);
        tu_assert_close(bp[r], e[2], 1e-6, 1e-7, nm[2]);
        tu_assert_close(tg[r], e[3], 1e-6, 1e-7, nm[3]);
        /* the identity: index = effch x bpc x tgc (lpi = sum) */
        tu_assert_close(ix[r], add ? ef[r] + bp[r] + tg[r] : ef[r] * bp[r] * tg[r], 1e-12, 1e-14, "identity");
        /* chained level: balanced panel 2013-2015, so the 2015 row chains two pairs */
        if (y1 == 2014)
            tu_assert_close(ixc[r], ix[r], 1e-15, 0, "cumulative, first pair");
        else
            tu_assert_close(ixc[r], add ? ix[r - 1] + ix[r] : ix[r - 1] * ix[r], 1e-14, 1e-15, "cumulative");
    }
    /* the index itself is the global index of all groups pooled: the plain global run's */
    nqpf_malmquist_options po = o;
    po.group = NULL;
    po.cumulative = 0;
    nqpf_table *pt = NULL;
    assert_int_equal(nqpf_malmquist_run(&pt, NULL, d.p, &po), NQPF_OK);
    const double *pix = col(pt, nm[0]);
    for (size_t r = 0; r < 60; r++)
        tu_assert_close(ix[r], pix[r], 1e-15, 1e-15, "index = plain global index");
    nqpf_table_free(pt);
    nqpf_table_free(t);
    nqpf_panel_free(d.p);
}

static void test_malmquist_radial(void **state)
{
    (void)state;
    check_malmquist(NQPF_MALMQUIST_RADIAL);
}

static void test_malmquist_ml(void **state)
{
    (void)state;
    check_malmquist(NQPF_MALMQUIST_ML);
}

static void test_malmquist_luenberger(void **state)
{
    (void)state;
    check_malmquist(NQPF_MALMQUIST_LUENBERGER);
}

/* The non-radial and slacks-based distances (their LPs are checked in their own tests) go through
 * the same two runs: the identity holds and the index is the plain global index of all groups. */
static void test_malmquist_other_distances(void **state)
{
    (void)state;
    data d;
    load(&d);
    const nqpf_malmquist_distance dist[2] = {NQPF_MALMQUIST_DIST_NDDF, NQPF_MALMQUIST_DIST_SBMDDF};
    for (int k = 0; k < 2; k++) {
        nqpf_malmquist_options o = malm_opts(NQPF_MALMQUIST_LUENBERGER);
        o.distance = dist[k];
        o.cumulative = 0;
        nqpf_table *t = NULL, *pt = NULL;
        int rc = nqpf_malmquist_run(&t, NULL, d.p, &o);
        if (rc == NQPF_EUSAGE) /* a build without that distance */
            continue;
        assert_int_equal(rc, NQPF_OK);
        o.group = NULL;
        assert_int_equal(nqpf_malmquist_run(&pt, NULL, d.p, &o), NQPF_OK);
        const double *ix = col(t, "lpi"), *ef = col(t, "lpi_effch"), *bp = col(t, "lpi_bpc"), *tg = col(t, "lpi_tgc"),
                     *pix = col(pt, "lpi"), *d0g = col(t, "d0g"), *pd0g = col(pt, "d0g");
        assert_int_equal(nqpf_table_nrows(t), 60);
        for (size_t r = 0; r < 60; r++) {
            tu_assert_close(ix[r], ef[r] + bp[r] + tg[r], 1e-12, 1e-14, "identity");
            tu_assert_close(ix[r], pix[r], 1e-15, 1e-15, "lpi = plain global lpi");
            tu_assert_close(d0g[r], pd0g[r], 1e-15, 1e-15, "d0g = plain global d0g");
        }
        nqpf_table_free(t);
        nqpf_table_free(pt);
    }
    nqpf_panel_free(d.p);
}

/* ---- errors and options ------------------------------------------------------------------------- */

static const char *small =
    "unit,year,x,y,g\n"
    "a,2001,2,1,A\na,2002,3,2,A\nb,2001,4,3,A\nb,2002,5,3,A\n"
    "c,2001,3,1,B\nc,2002,2,2,B\nd,2001,6,2,B\nd,2002,4,3,B\n";

static void test_errors(void **state)
{
    (void)state;
    static const char *const in[] = {"x"}, *const out[] = {"y"};
    nqpf_dea_options o;
    nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION);
    o.inputs = in;
    o.ninputs = 1;
    o.outputs = out;
    o.noutputs = 1;
    nqpf_table *t = NULL;
    nqpf_panel *p = tu_panel_from_text(small, "unit", "year");
    o.group = "g";
    assert_int_equal(nqpf_dea_run(&t, p, &o, NULL), NQPF_OK);
    nqpf_table_free(t);
    t = NULL;
    /* unknown column */
    o.group = "region";
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EDATA, "column 'region' not found");
    assert_string_equal(nqpf_error_key(), "group");
    /* both sources */
    o.group = "g";
    o.group_via = "nbs4";
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EUSAGE, "not both");
    assert_string_equal(nqpf_error_key(), "group_via");
    /* a unit outside a built-in grouping */
    o.group = NULL;
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EDATA, "unit 'a' is not a member of the built-in grouping 'nbs4'");
    assert_string_equal(nqpf_error_key(), "group_via");
    o.group = "g";
    o.group_via = NULL;
    nqpf_panel_free(p);
    /* a unit whose group changes */
    p = tu_panel_from_text("unit,year,x,y,g\na,2001,2,1,A\na,2002,3,2,B\nb,2001,4,3,A\nb,2002,5,3,A\n"
                           "c,2001,3,1,B\nc,2002,2,2,B\nd,2001,6,2,B\nd,2002,4,3,B\n",
                           "unit", "year");
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EDATA, "unit 'a' is in group 'A' in 2001 but in 'B' in 2002");
    assert_string_equal(nqpf_error_key(), "group");
    nqpf_panel_free(p);
    /* a group with a single unit */
    p = tu_panel_from_text("unit,year,x,y,g\na,2001,2,1,A\na,2002,3,2,A\nb,2001,4,3,A\nb,2002,5,3,A\n"
                           "c,2001,3,1,A\nc,2002,2,2,A\nd,2001,6,2,B\nd,2002,4,3,B\n",
                           "unit", "year");
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EDATA, "group 'B' has a single unit ('d')");
    assert_string_equal(nqpf_error_key(), "group");
    nqpf_panel_free(p);
    /* an empty group cell */
    p = tu_panel_from_text("unit,year,x,y,g\na,2001,2,1,A\na,2002,3,2,\nb,2001,4,3,A\nb,2002,5,3,A\n"
                           "c,2001,3,1,B\nc,2002,2,2,B\nd,2001,6,2,B\nd,2002,4,3,B\n",
                           "unit", "year");
    tu_assert_error(nqpf_dea_run(&t, p, &o, NULL), NQPF_EDATA, "unit 'a' in 2002 has no group");
    nqpf_panel_free(p);
    /* malmquist: a group with one unit in a period; and the frontier must be global */
    p = tu_panel_from_text("unit,year,x,y,g\na,2001,2,1,A\na,2002,3,2,A\nb,2001,4,3,A\nb,2002,5,3,A\n"
                           "c,2001,3,1,B\nc,2002,2,2,B\nd,2002,4,3,B\n",
                           "unit", "year");
    nqpf_malmquist_options mo;
    nqpf_malmquist_options_init(&mo, NQPF_MALMQUIST_OPTIONS_VERSION);
    mo.inputs = in;
    mo.ninputs = 1;
    mo.outputs = out;
    mo.noutputs = 1;
    mo.group = "g";
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &mo), NQPF_EUSAGE, "measured on global frontiers");
    assert_string_equal(nqpf_error_key(), "group");
    mo.type = NQPF_MALMQUIST_GLOBAL;
    tu_assert_error(nqpf_malmquist_run(&t, NULL, p, &mo), NQPF_EDATA, "group 'B' has a single unit ('c') in 2001");
    assert_string_equal(nqpf_error_key(), "group");
    nqpf_panel_free(p);
    assert_null(t);
}

static nqpf_optset *set_of(const char *method, const char *const *kv)
{
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find(method), NQPF_KEYS_PLAIN), NQPF_OK);
    for (size_t k = 0; kv[k]; k += 2)
        assert_int_equal(nqpf_optset_add(set, kv[k], kv[k + 1]), NQPF_OK);
    return set;
}

static void test_options(void **state)
{
    (void)state;
    nqpf_dea_options o;
    nqpf_optset *s = set_of("dea", (const char *const[]){"inputs", "K", "outputs", "Y", "group", "region", NULL});
    assert_int_equal(nqpf_dea_options_parse(&o, s), NQPF_OK);
    assert_string_equal(o.group, "region");
    assert_null(o.group_via);
    nqpf_optset_free(s);
    s = set_of("dea", (const char *const[]){"inputs", "K", "outputs", "Y", "group_via", "belts3:en", NULL});
    assert_int_equal(nqpf_dea_options_parse(&o, s), NQPF_OK);
    assert_string_equal(o.group_via, "belts3:en");
    nqpf_optset_free(s);
    s = set_of("dea", (const char *const[]){"inputs", "K", "outputs", "Y", "group_via", "nowhere", NULL});
    assert_int_not_equal(nqpf_dea_options_parse(&o, s), NQPF_OK);
    assert_string_equal(nqpf_error_key(), "group_via");
    nqpf_optset_free(s);
    s = set_of("dea", (const char *const[]){"inputs", "K", "outputs", "Y", "group", "g", "group_via", "nbs4", NULL});
    assert_int_equal(nqpf_dea_options_parse(&o, s), NQPF_EUSAGE);
    assert_string_equal(nqpf_error_key(), "group_via");
    nqpf_optset_free(s);
    /* malmquist: groups make the frontier global unless told; another frontier is refused */
    nqpf_malmquist_options mo;
    s = set_of("malmquist", (const char *const[]){"inputs", "K", "outputs", "Y", "group", "g", NULL});
    assert_int_equal(nqpf_malmquist_options_parse(&mo, s), NQPF_OK);
    assert_int_equal(mo.type, NQPF_MALMQUIST_GLOBAL);
    assert_string_equal(mo.group, "g");
    nqpf_optset_free(s);
    s = set_of("malmquist", (const char *const[]){"inputs", "K", "outputs", "Y", "group", "g", "frontier", "sequential", NULL});
    assert_int_equal(nqpf_malmquist_options_parse(&mo, s), NQPF_EUSAGE);
    assert_string_equal(nqpf_error_key(), "group");
    nqpf_optset_free(s);
}

/* The built-in grouping belts3 (1986 three belts) through the gazetteer: the same result as its
 * groups written into a column. */
static void test_group_via(void **state)
{
    (void)state;
    data d;
    load(&d);
    nqpf_groupmap *m = NULL;
    assert_int_equal(nqpf_groupmap_builtin(&m, "belts3:en"), NQPF_OK);
    assert_int_equal(nqpf_panel_add_groups(d.p, m, "belt"), NQPF_OK);
    nqpf_groupmap_free(m);
    nqpf_dea_options o = dea_opts();
    o.group = "belt";
    nqpf_table *a = NULL, *b = NULL;
    assert_int_equal(nqpf_dea_run(&a, d.p, &o, NULL), NQPF_OK);
    o.group = NULL;
    o.group_via = "belts3:en";
    assert_int_equal(nqpf_dea_run(&b, d.p, &o, NULL), NQPF_OK);
    tu_assert_same_table(a, b, "group_via belts3:en vs the column", 1);
    /* Neimenggu (Inner Mongolia) is Central in the 1986 belts, West in groups.csv */
    for (size_t r = 0; r < 90; r++)
        if (strcmp(nqpf_table_text(b, 0, r), "Neimenggu") == 0)
            assert_string_equal(nqpf_table_text(b, colj(b, "group"), r), "Central");
    nqpf_table_free(a);
    nqpf_table_free(b);
    nqpf_panel_free(d.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dea_radial_period),
        cmocka_unit_test(test_dea_radial_pooled_vrs_out),
        cmocka_unit_test(test_dea_ddf_bad),
        cmocka_unit_test(test_dea_sbm_properties),
        cmocka_unit_test(test_malmquist_radial),
        cmocka_unit_test(test_malmquist_ml),
        cmocka_unit_test(test_malmquist_luenberger),
        cmocka_unit_test(test_malmquist_other_distances),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_group_via),
    };
    nqpf_global_init();
    nqpf_set_warning_handler(NULL, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
