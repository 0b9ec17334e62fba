/* Disparity: Gini on hand-checkable cases, the Dagum decomposition against its identity and a
 * brute-force O(n^2) implementation written from the paper's definitions, Theil T/L against
 * their identities and an independent formulation of the between part, and the CLI-facing
 * nqpf_disparity() tables against the array functions. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/region.h"

/* Tolerances: sums of a few thousand terms of order 1 in double precision. */
#define TIGHT 1e-12

static unsigned long long lcg_state;
static double urand(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

static void test_gini_hand(void **state)
{
    (void)state;
    /* Ordered-pair |differences| of 1..4 sum to 20; G = 20 / (2 * 16 * 2.5). */
    const double a[] = {3, 1, 4, 2};
    tu_assert_close(nqpf_gini(a, 4), 0.25, 0, TIGHT, "gini 1..4");
    /* One unit holds everything: G = (n - 1)/n. */
    const double b[] = {0, 0, 7, 0, 0};
    tu_assert_close(nqpf_gini(b, 5), 0.8, 0, TIGHT, "gini concentrated");
    const double c[] = {5, 5, 5};
    tu_assert_close(nqpf_gini(c, 3), 0, 0, TIGHT, "gini equal");
    /* Two values 1 and 3: pairs |1-3| twice = 4; G = 4 / (2 * 4 * 2) = 0.25. */
    const double d[] = {1, 3};
    tu_assert_close(nqpf_gini(d, 2), 0.25, 0, TIGHT, "gini two");
    assert_true(isnan(nqpf_gini(d, 0)));
}

/* Brute force from Dagum (1997): every quantity from its double-sum definition. */
typedef struct brute {
    double g, gw, gnb, gt;
    double gjj[16], gjh[16][16], djh[16][16];
} brute;

static void dagum_brute(brute *b, const double *y, const size_t *grp, size_t n, size_t k)
{
    double mu = 0, mj[16] = {0};
    size_t nj[16] = {0};
    for (size_t i = 0; i < n; i++) {
        mu += y[i];
        mj[grp[i]] += y[i];
        nj[grp[i]]++;
    }
    mu /= (double)n;
    for (size_t j = 0; j < k; j++)
        mj[j] = nj[j] ? mj[j] / (double)nj[j] : NAN;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < n; r++)
            s += fabs(y[i] - y[r]);
    b->g = s / (2.0 * (double)n * (double)n * mu);
    b->gw = b->gnb = b->gt = 0;
    for (size_t j = 0; j < k; j++) {
        if (!nj[j])
            continue;
        double sjj = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t r = 0; r < n; r++)
                if (grp[i] == j && grp[r] == j)
                    sjj += fabs(y[i] - y[r]);
        b->gjj[j] = sjj / (2.0 * (double)nj[j] * (double)nj[j] * mj[j]);
        b->gw += b->gjj[j] * ((double)nj[j] / (double)n) * ((double)nj[j] * mj[j] / ((double)n * mu));
    }
    for (size_t j = 0; j < k; j++)
        for (size_t h = 0; h < k; h++) {
            if (j == h || !nj[j] || !nj[h])
                continue;
            double sjh = 0, d = 0, p = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t r = 0; r < n; r++)
                    if (grp[i] == j && grp[r] == h) {
                        sjh += fabs(y[i] - y[r]);
                        if (y[i] > y[r])
                            d += y[i] - y[r];
                        else
                            p += y[r] - y[i];
                    }
            b->gjh[j][h] = sjh / ((double)nj[j] * (double)nj[h] * (mj[j] + mj[h]));
            /* d_jh and p_jh as the paper's first moments of transvariation, up to 1/(n_j n_h). */
            b->djh[j][h] = (d - p) / (d + p);
            if (mj[j] > mj[h] || (mj[j] == mj[h] && j > h)) {
                double pj = (double)nj[j] / (double)n, ph = (double)nj[h] / (double)n;
                double sj = (double)nj[j] * mj[j] / ((double)n * mu), sh = (double)nj[h] * mj[h] / ((double)n * mu);
                double w = b->gjh[j][h] * (pj * sh + ph * sj);
                b->gnb += w * b->djh[j][h];
                b->gt += w * (1 - b->djh[j][h]);
            }
        }
}

static void check_dagum(const double *y, const size_t *grp, size_t n, size_t k, const char *what)
{
    nqpf_dagum_result r;
    brute b;
    char ctx[128];
    assert_int_equal(nqpf_dagum(&r, y, grp, n, k), NQPF_OK);
    dagum_brute(&b, y, grp, n, k);
    snprintf(ctx, sizeof ctx, "%s: identity", what);
    tu_assert_close(r.within + r.between_net + r.transvar, r.gini, 0, TIGHT, ctx);
    snprintf(ctx, sizeof ctx, "%s: G", what);
    tu_assert_close(r.gini, b.g, TIGHT, TIGHT, ctx);
    tu_assert_close(nqpf_gini(y, n), b.g, TIGHT, TIGHT, ctx);
    snprintf(ctx, sizeof ctx, "%s: Gw", what);
    tu_assert_close(r.within, b.gw, TIGHT, TIGHT, ctx);
    snprintf(ctx, sizeof ctx, "%s: Gnb", what);
    tu_assert_close(r.between_net, b.gnb, TIGHT, TIGHT, ctx);
    snprintf(ctx, sizeof ctx, "%s: Gt", what);
    tu_assert_close(r.transvar, b.gt, TIGHT, TIGHT, ctx);
    for (size_t j = 0; j < k; j++) {
        if (!r.n[j]) {
            assert_true(isnan(r.gjj[j]));
            continue;
        }
        snprintf(ctx, sizeof ctx, "%s: G_%zu%zu", what, j, j);
        tu_assert_close(r.gjj[j], b.gjj[j], TIGHT, TIGHT, ctx);
        for (size_t h = 0; h < k; h++) {
            if (h == j || !r.n[h])
                continue;
            snprintf(ctx, sizeof ctx, "%s: G_%zu%zu", what, j, h);
            tu_assert_close(r.gjh[j * k + h], b.gjh[j][h], TIGHT, TIGHT, ctx);
            snprintf(ctx, sizeof ctx, "%s: D_%zu%zu", what, j, h);
            tu_assert_close(r.djh[j * k + h], b.djh[j][h], TIGHT, TIGHT, ctx);
        }
    }
    nqpf_dagum_result_free(&r);
}

static void test_dagum_random(void **state)
{
    (void)state;
    enum { N = 240 };
    double y[N];
    size_t g[N];
    lcg_state = 20260101;
    /* Overlapping log-normal-ish groups of unequal sizes, with ties from rounding, and group 4 left
     * empty. */
    for (int rep = 0; rep < 5; rep++) {
        size_t k = 5;
        for (size_t i = 0; i < N; i++) {
            double u = urand();
            g[i] = u < 0.1 ? 0 : u < 0.45 ? 1 : u < 0.8 ? 2 : 3;
            y[i] = round(100 * exp(0.3 * (double)g[i] + 0.8 * (urand() - 0.5) * (1 + rep))) / 10;
        }
        char what[32];
        snprintf(what, sizeof what, "random rep %d", rep);
        check_dagum(y, g, N, k, what);
    }
}

static void test_dagum_hand(void **state)
{
    (void)state;
    /* Two groups that do not overlap: no transvariation, D = 1, and the between part is
     * G_12 (p1 s2 + p2 s1). Group 0 = {1, 3}, group 1 = {5, 7}: mean 4; G_12 =
     * (4 + 6 + 2 + 4) / (2 * 2 * (2 + 6)) = 0.5; p = 1/2 each; s0 = 0.25, s1 = 0.75. */
    const double y[] = {1, 3, 5, 7};
    const size_t g[] = {0, 0, 1, 1};
    nqpf_dagum_result r;
    assert_int_equal(nqpf_dagum(&r, y, g, 4, 2), NQPF_OK);
    tu_assert_close(r.gjh[1], 0.5, 0, TIGHT, "G_12");
    tu_assert_close(r.djh[2], 1, 0, TIGHT, "D_21");
    tu_assert_close(r.between_net, 0.5 * (0.5 * 0.75 + 0.5 * 0.25), 0, TIGHT, "Gnb");
    tu_assert_close(r.transvar, 0, 0, TIGHT, "Gt");
    /* Within: G_00 = 4/(2*4*2) = 0.25, G_11 = 4/(2*4*6) = 1/12; Gw = .25*.5*.25 + (1/12)*.5*.75. */
    tu_assert_close(r.within, 0.25 * 0.5 * 0.25 + (1.0 / 12) * 0.5 * 0.75, 0, TIGHT, "Gw");
    /* Overall: sum over ordered pairs 2*(2+4+6+2+4+2) = 40; G = 40/(2*16*4) = 0.3125. */
    tu_assert_close(r.gini, 0.3125, 0, TIGHT, "G");
    nqpf_dagum_result_free(&r);
    size_t bad[] = {0, 0, 2, 1};
    tu_assert_error(nqpf_dagum(&r, y, bad, 4, 2), NQPF_EUSAGE, "group 2");
}

/* Theil T and L straight from their definitions. */
static double theil_t(const double *y, size_t n)
{
    double mu = 0, s = 0;
    for (size_t i = 0; i < n; i++)
        mu += y[i];
    mu /= (double)n;
    for (size_t i = 0; i < n; i++)
        if (y[i] > 0)
            s += y[i] / mu * log(y[i] / mu);
    return s / (double)n;
}

static double theil_l(const double *y, size_t n)
{
    double mu = 0, s = 0;
    for (size_t i = 0; i < n; i++)
        mu += y[i];
    mu /= (double)n;
    for (size_t i = 0; i < n; i++)
        s += log(mu / y[i]);
    return s / (double)n;
}

static void test_theil(void **state)
{
    (void)state;
    enum { N = 150 };
    double y[N], smooth[N], mj[3] = {0};
    size_t g[N], nj[3] = {0};
    lcg_state = 7;
    for (size_t i = 0; i < N; i++) {
        g[i] = i % 3;
        y[i] = exp((double)g[i] * 0.4 + urand());
        mj[g[i]] += y[i];
        nj[g[i]]++;
    }
    for (size_t j = 0; j < 3; j++)
        mj[j] /= (double)nj[j];
    for (size_t i = 0; i < N; i++)
        smooth[i] = mj[g[i]];
    nqpf_theil_result r;
    assert_int_equal(nqpf_theil(&r, y, g, N, 3), NQPF_OK);
    tu_assert_close(r.t, theil_t(y, N), TIGHT, TIGHT, "T");
    tu_assert_close(r.l, theil_l(y, N), TIGHT, TIGHT, "L");
    tu_assert_close(r.t_within + r.t_between, r.t, 0, TIGHT, "T identity");
    tu_assert_close(r.l_within + r.l_between, r.l, 0, TIGHT, "L identity");
    /* The between part is the index of the distribution where everyone has their group's mean. */
    tu_assert_close(r.t_between, theil_t(smooth, N), TIGHT, TIGHT, "T between");
    tu_assert_close(r.l_between, theil_l(smooth, N), TIGHT, TIGHT, "L between");
    /* Within parts from each group's own index. */
    double tw = 0, lw = 0, tot = 0;
    for (size_t i = 0; i < N; i++)
        tot += y[i];
    for (size_t j = 0; j < 3; j++) {
        double sub[N];
        size_t m = 0;
        for (size_t i = 0; i < N; i++)
            if (g[i] == j)
                sub[m++] = y[i];
        tw += (mj[j] * (double)m / tot) * theil_t(sub, m);
        lw += ((double)m / N) * theil_l(sub, m);
    }
    tu_assert_close(r.t_within, tw, TIGHT, TIGHT, "T within");
    tu_assert_close(r.l_within, lw, TIGHT, TIGHT, "L within");
    /* Hand case {1, 1, 1, 5}: mean 2; T = (3 * 0.5 ln 0.5 + 2.5 ln 2.5)/4, L = (3 ln 2 + ln 0.4)/4. */
    const double h[] = {1, 1, 1, 5};
    assert_int_equal(nqpf_theil(&r, h, NULL, 4, 1), NQPF_OK);
    tu_assert_close(r.t, (1.5 * log(0.5) + 2.5 * log(2.5)) / 4, 0, TIGHT, "T hand");
    tu_assert_close(r.l, (3 * log(2.0) + log(0.4)) / 4, 0, TIGHT, "L hand");
    /* A zero: T keeps 0 ln 0 = 0, L is undefined. */
    const double z[] = {0, 2, 4};
    assert_int_equal(nqpf_theil(&r, z, NULL, 3, 1), NQPF_OK);
    tu_assert_close(r.t, (1.0 * log(1.0) + 2.0 * log(2.0)) / 3, 0, TIGHT, "T with zero");
    assert_true(isnan(r.l));
    const double neg[] = {1, -1};
    tu_assert_error(nqpf_theil(&r, neg, NULL, 2, 1), NQPF_EUSAGE, "negative");
}

static const char *const CSV = "id,year,y,grp\n"
                               "a,2000,1,East\n"
                               "a,2001,2,East\n"
                               "b,2000,3,East\n"
                               "b,2001,,East\n"
                               "c,2000,5,West\n"
                               "c,2001,4,West\n"
                               "d,2000,7,West\n"
                               "d,2001,9,West\n"
                               "e,2000,2,Mid\n"
                               "e,2001,6,Mid\n";

static void test_disparity_tables(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(CSV, "id", "year");
    nqpf_table *ov, *gr, *pr;
    nqpf_disparity_options o = NQPF_DISPARITY_OPTIONS_INIT;
    o.var = "y";
    o.group = "grp";
    assert_int_equal(nqpf_disparity(&ov, &gr, &pr, p, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(ov), 2);
    const double *n = nqpf_table_cnum(ov, nqpf_table_find(ov, "n"));
    const double *gini = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini"));
    const double *gw = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini_within"));
    const double *gnb = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini_between_net"));
    const double *gt = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini_transvariation"));
    const double *sw = nqpf_table_cnum(ov, nqpf_table_find(ov, "share_within"));
    const double *cv = nqpf_table_cnum(ov, nqpf_table_find(ov, "cv"));
    assert_int_equal((int)n[0], 5);
    assert_int_equal((int)n[1], 4); /* b's 2001 value is missing */
    /* 2000: values 1,3,5,7,2 with groups E,E,W,W,M. */
    const double y0[] = {1, 3, 5, 7, 2};
    const size_t g0[] = {0, 0, 2, 2, 1};
    brute b;
    dagum_brute(&b, y0, g0, 5, 3);
    tu_assert_close(gini[0], b.g, TIGHT, TIGHT, "table G 2000");
    tu_assert_close(gw[0], b.gw, TIGHT, TIGHT, "table Gw 2000");
    tu_assert_close(gnb[0], b.gnb, TIGHT, TIGHT, "table Gnb 2000");
    tu_assert_close(gt[0], b.gt, TIGHT, TIGHT, "table Gt 2000");
    tu_assert_close(sw[0], b.gw / b.g, TIGHT, TIGHT, "share within");
    /* cv with the population sd: mean 3.6, var = (6.76+0.36+1.96+11.56+2.56)/5 = 4.64. */
    tu_assert_close(cv[0], sqrt(4.64) / 3.6, TIGHT, TIGHT, "cv 2000");
    /* Groups are sorted by name (East, Mid, West); contributions add up to the totals. */
    assert_int_equal(nqpf_table_nrows(gr), 6);
    assert_string_equal(nqpf_table_text(gr, 1, 0), "East");
    assert_string_equal(nqpf_table_text(gr, 1, 1), "Mid");
    const double *gc = nqpf_table_cnum(gr, nqpf_table_find(gr, "gini_within_contrib"));
    const double *gt_ = nqpf_table_cnum(gr, 0);
    double sumw[2] = {0};
    for (size_t i = 0; i < 6; i++)
        sumw[gt_[i] == 2001] += gc[i];
    tu_assert_close(sumw[0], gw[0], 0, TIGHT, "sum of within contributions 2000");
    tu_assert_close(sumw[1], gw[1], 0, TIGHT, "sum of within contributions 2001");
    assert_int_equal(nqpf_table_nrows(pr), 6);
    const double *pt = nqpf_table_cnum(pr, 0);
    const double *nb = nqpf_table_cnum(pr, nqpf_table_find(pr, "between_net_contrib"));
    const double *tv = nqpf_table_cnum(pr, nqpf_table_find(pr, "transvariation_contrib"));
    const double *dd = nqpf_table_cnum(pr, nqpf_table_find(pr, "d_affluence"));
    double snb[2] = {0}, st[2] = {0};
    for (size_t i = 0; i < 6; i++) {
        snb[pt[i] == 2001] += nb[i];
        st[pt[i] == 2001] += tv[i];
        assert_true(dd[i] >= 0 && dd[i] <= 1); /* group_a is the richer one */
    }
    tu_assert_close(snb[0], gnb[0], 0, TIGHT, "sum of net between contributions");
    tu_assert_close(st[1], gt[1], 0, TIGHT, "sum of transvariation contributions");
    /* Pairs in label order (East-Mid, East-West, Mid-West); in East (mean 2) vs West (6) group_a is West. */
    assert_string_equal(nqpf_table_text(pr, 1, 1), "West");
    nqpf_table_free(ov);
    nqpf_table_free(gr);
    nqpf_table_free(pr);
    /* Without groups: no decomposition columns and no group tables. */
    o.group = NULL;
    assert_int_equal(nqpf_disparity(&ov, &gr, &pr, p, &o), NQPF_OK);
    assert_true(gr == NULL && pr == NULL);
    assert_true(nqpf_table_find(ov, "gini_within") == NQPF_NONE);
    tu_assert_close(nqpf_table_cnum(ov, nqpf_table_find(ov, "gini"))[0], b.g, TIGHT, TIGHT, "ungrouped G");
    nqpf_table_free(ov);
    nqpf_panel_free(p);
}

static void test_disparity_errors(void **state)
{
    (void)state;
    nqpf_table *ov, *gr, *pr;
    nqpf_disparity_options o = NQPF_DISPARITY_OPTIONS_INIT;
    o.var = "y";
    o.group = "grp";
    nqpf_panel *p = tu_panel_from_text("id,year,y,grp\na,1,1,E\nb,1,-2,W\n", "id", "year");
    tu_assert_error(nqpf_disparity(&ov, &gr, &pr, p, &o), NQPF_EDATA, "row 3, column 'y': expected a non-negative");
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,y,grp\na,1,1,E\nb,1,2,\n", "id", "year");
    tu_assert_error(nqpf_disparity(&ov, &gr, &pr, p, &o), NQPF_EDATA, "row 3, column 'grp': expected a group");
    o.group = "nope";
    tu_assert_error(nqpf_disparity(&ov, &gr, &pr, p, &o), NQPF_EDATA, "column 'nope' not found");
    nqpf_panel_free(p);
}

/* Real data: US states' gross state product by census region (1-9, numeric groups), 1970-1986. */
static void test_us_states(void **state)
{
    (void)state;
    const char *path = tu_shared("data/us_states_produc.csv");
    if (!path)
        skip();
    nqpf_table *t = tu_read(path);
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "state", "year"), NQPF_OK);
    nqpf_table *ov, *gr, *pr;
    nqpf_disparity_options o = NQPF_DISPARITY_OPTIONS_INIT;
    o.var = "gsp";
    o.group = "region";
    assert_int_equal(nqpf_disparity(&ov, &gr, &pr, p, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(ov), 17);
    const double *gsp, *reg;
    assert_int_equal(nqpf_panel_column(p, "gsp", &gsp), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "region", &reg), NQPF_OK);
    const double *g = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini"));
    const double *gw = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini_within"));
    const double *gnb = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini_between_net"));
    const double *gt = nqpf_table_cnum(ov, nqpf_table_find(ov, "gini_transvariation"));
    double maxerr = 0;
    for (size_t t0 = 0; t0 < 17; t0++) {
        double y[64];
        size_t grp[64], m = 0;
        for (size_t i = 0; i < nqpf_panel_nobs(p); i++)
            if (nqpf_panel_time(p, i) == 1970 + (long)t0) {
                y[m] = gsp[i];
                grp[m++] = (size_t)reg[i] - 1;
            }
        assert_int_equal(m, 48);
        brute b;
        dagum_brute(&b, y, grp, m, 9);
        tu_assert_close(g[t0], b.g, TIGHT, TIGHT, "states G");
        tu_assert_close(gw[t0], b.gw, TIGHT, TIGHT, "states Gw");
        tu_assert_close(gnb[t0], b.gnb, TIGHT, TIGHT, "states Gnb");
        tu_assert_close(gt[t0], b.gt, TIGHT, TIGHT, "states Gt");
        maxerr = fmax(maxerr, fabs(gw[t0] + gnb[t0] + gt[t0] - g[t0]));
    }
    assert_true(maxerr <= 1e-12);
    /* 9 regions in every year: 9 group rows and 36 pairs a year. */
    assert_int_equal(nqpf_table_nrows(gr), 17 * 9);
    assert_int_equal(nqpf_table_nrows(pr), 17 * 36);
    nqpf_table_free(ov);
    nqpf_table_free(gr);
    nqpf_table_free(pr);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gini_hand),        cmocka_unit_test(test_dagum_random),
        cmocka_unit_test(test_dagum_hand),       cmocka_unit_test(test_theil),
        cmocka_unit_test(test_disparity_tables), cmocka_unit_test(test_disparity_errors),
        cmocka_unit_test(test_us_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
