/* Every case in reference/index/ (entropy, CRITIC, TOPSIS in both forms, GRA) run through the full
 * index pipeline with the options that select the README's exact variant, compared with each
 * printed number at the tolerance stated in expected.csv. The JMcDM cases are in the tree
 * (tests/data/reference/index); the others are read from ../shared/reference and skip without it. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Totals over all cases, printed at the end for the record. */
static size_t n_checked, n_cases_run;
static double worst_err, worst_ratio; /* |error| and |error| / tolerance */

typedef struct ref_case {
    const char *dir;
    const char *variant;         /* rows of expected.csv to check */
    enum nqpf_index_norm norm;
    enum nqpf_index_weighting weights;
    enum nqpf_index_agg agg;
    int spearman;
    int use_criteria_weights;    /* framework weights from criteria.csv (fixed) */
    int use_criteria_direction;  /* directions from criteria.csv (else all +) */
} ref_case;

/* Reads data.csv into a one-year panel and writes the framework built from criteria.csv. */
static nqpf_panel *load_case(const ref_case *rc, nqpf_framework **fw)
{
    char rel[256];
    snprintf(rel, sizeof rel, "reference/index/%s/data.csv", rc->dir);
    const char *path = tu_shared(rel);
    if (!path)
        return NULL;
    nqpf_table *t = tu_read(path);
    size_t n = nqpf_table_nrows(t), m = nqpf_table_ncols(t) - 1;
    double *year = calloc(n, sizeof *year);
    for (size_t i = 0; i < n; i++)
        year[i] = 2000;
    assert_int_equal(nqpf_table_add_num(t, "year", year, NULL), NQPF_OK);
    free(year);
    nqpf_table *crit = NULL;
    snprintf(rel, sizeof rel, "reference/index/%s/criteria.csv", rc->dir);
    if (rc->use_criteria_weights || rc->use_criteria_direction)
        crit = tu_read(tu_shared(rel));
    char fwtext[4096] = "path,id,label_zh,label_en,column,unit,direction,weight\n";
    char buf[64];
    for (size_t j = 0; j < m; j++) {
        const char *name = nqpf_table_colname(t, j + 1);
        const char *dir = "+", *w = "";
        if (crit) {
            assert_string_equal(nqpf_table_text(crit, 0, j), name);
            if (rc->use_criteria_direction && strcmp(nqpf_table_text(crit, 1, j), "min") == 0)
                dir = "-";
            if (rc->use_criteria_weights)
                w = nqpf_table_cell_str(crit, 2, j, buf, sizeof buf);
        }
        size_t l = strlen(fwtext);
        snprintf(fwtext + l, sizeof fwtext - l, "all,%s,,,%s,,%s,%s\n", name, name, dir, w);
    }
    nqpf_table_free(crit);
    assert_int_equal(nqpf_framework_read(fw, tu_write_tmp("fw.csv", fwtext)), NQPF_OK);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "alternative", "year") != NQPF_OK)
        fail_msg("%s", nqpf_error_message());
    return p;
}

static double tol_of(const char *tol, double expected)
{
    double x = atof(tol + 4);
    if (strncmp(tol, "abs:", 4) == 0)
        return x;
    assert_true(strncmp(tol, "rel:", 4) == 0);
    return x * fabs(expected);
}

static double num(const nqpf_table *t, const char *col, size_t i)
{
    size_t j = nqpf_table_find(t, col);
    assert_int_not_equal(j, NQPF_NONE);
    return nqpf_table_cnum(t, j)[i];
}

/* The row of the weights table holding indicator k (1-based) of the case. */
static size_t weight_row(const nqpf_table *w, size_t k)
{
    size_t seen = 0;
    for (size_t r = 0; r < nqpf_table_nrows(w); r++)
        if (strcmp(nqpf_table_text(w, 0, r), "indicator") == 0 && ++seen == k)
            return r;
    fail_msg("no indicator %zu in the weights table", k);
    return 0;
}

static void run_case(const ref_case *rc)
{
    nqpf_framework *fw = NULL;
    nqpf_panel *p = load_case(rc, &fw);
    if (!p) {
        print_message("skipped %s: not in tests/data/reference and ../shared/reference is absent\n", rc->dir);
        skip();
    }
    nqpf_index_options o = NQPF_INDEX_OPTIONS_INIT;
    o.norm = rc->norm;
    o.weights[0] = o.weights[1] = rc->weights;
    o.aggregate = rc->agg;
    o.critic_spearman = rc->spearman;
    nqpf_index_result *r = NULL;
    if (nqpf_index_compute(&r, p, fw, &o) != NQPF_OK)
        fail_msg("%s: %s", rc->dir, nqpf_error_message());
    const nqpf_table *s = nqpf_index_result_scores(r), *w = nqpf_index_result_weights(r);
    char rel[256];
    snprintf(rel, sizeof rel, "reference/index/%s/expected.csv", rc->dir);
    nqpf_table *ex = tu_read(tu_shared(rel));
    size_t checked = 0;
    char ib[32], vb[64], tb[64];
    for (size_t r_ = 0; r_ < nqpf_table_nrows(ex); r_++) {
        if (strcmp(nqpf_table_text(ex, 0, r_), rc->variant) != 0)
            continue;
        const char *q = nqpf_table_text(ex, 1, r_);
        double i = nqpf_table_cnum(ex, 2)[r_];
        nqpf_table_cell_str(ex, 4, r_, vb, sizeof vb);
        nqpf_table_cell_str(ex, 5, r_, tb, sizeof tb);
        double want = atof(vb), tol = tol_of(tb, want), got = NAN;
        if (strcmp(q, "weight") == 0)
            got = num(w, "weight", weight_row(w, (size_t)i));
        else if (strcmp(q, "C_j") == 0)
            got = num(w, "critic_c", weight_row(w, (size_t)i));
        else if (strcmp(q, "ideal") == 0)
            got = num(w, "ideal", weight_row(w, (size_t)i));
        else if (strcmp(q, "anti_ideal") == 0)
            got = num(w, "anti_ideal", weight_row(w, (size_t)i));
        else if (strcmp(q, "closeness") == 0 || strcmp(q, "grade") == 0)
            got = num(s, "all", (size_t)i - 1);
        else if (strcmp(q, "rank") == 0)
            got = num(s, "rank", (size_t)i - 1);
        else if (strcmp(q, "best_index") == 0) {
            got = NAN;
            for (size_t k = 0; k < nqpf_table_nrows(s); k++)
                if (num(s, "rank", k) == 1)
                    got = (double)(k + 1);
        } else if (strcmp(q, "one_minus_r") == 0)
            continue; /* matrix-level check in test_critic_one_minus_r */
        else
            fail_msg("%s: unknown quantity %s", rc->dir, q);
        snprintf(ib, sizeof ib, "%s %s %g", rc->dir, q, i);
        tu_assert_close(got, want, 0, tol, ib);
        worst_err = fmax(worst_err, fabs(got - want));
        if (tol > 0)
            worst_ratio = fmax(worst_ratio, fabs(got - want) / tol);
        checked++;
    }
    assert_true(checked > 0);
    n_checked += checked;
    n_cases_run++;
    nqpf_table_free(ex);
    nqpf_index_result_free(r);
    nqpf_framework_free(fw);
    nqpf_panel_free(p);
}

#define CASE(name, ...)                                                                                \
    static void name(void **state)                                                                     \
    {                                                                                                  \
        (void)state;                                                                                   \
        ref_case rc = {__VA_ARGS__};                                                                   \
        run_case(&rc);                                                                                 \
    }

/* Entropy: p = x / sum x on the raw matrix (--normalize none), k = 1/ln m. */
CASE(test_entropy_elsayed, "entropy_elsayed2017_pymcdm", "default", NQPF_NORM_NONE, NQPF_W_ENTROPY, NQPF_AGG_SUM, 0, 0, 0)
/* scikit-criteria ignores its criteria's directions and weights; TOPSIS only so that the '-'
 * direction is legal with raw values (the weights do not depend on the aggregation). */
CASE(test_entropy_skcriteria, "entropy_skcriteria_2x2", "default", NQPF_NORM_NONE, NQPF_W_ENTROPY, NQPF_AGG_TOPSIS, 0, 0, 1)
CASE(test_entropy_jmcdm, "entropy_jmcdm_6x8", "default", NQPF_NORM_NONE, NQPF_W_ENTROPY, NQPF_AGG_SUM, 0, 0, 0)
/* CRITIC: min-max (directional) or raw values, Pearson or Spearman. */
CASE(test_critic_diakoulaki, "critic_diakoulaki1995_skcriteria", "scale_pearson", NQPF_NORM_MINMAX, NQPF_W_CRITIC, NQPF_AGG_SUM, 0, 0, 1)
CASE(test_critic_diakoulaki_fn, "critic_diakoulaki1995_skcriteria", "scale_pearson_fn", NQPF_NORM_MINMAX, NQPF_W_CRITIC, NQPF_AGG_SUM, 0, 0, 1)
CASE(test_critic_diakoulaki_noscale, "critic_diakoulaki1995_skcriteria", "noscale_pearson_fn", NQPF_NORM_NONE, NQPF_W_CRITIC, NQPF_AGG_SUM, 0, 0, 1)
CASE(test_critic_diakoulaki_spearman, "critic_diakoulaki1995_skcriteria", "scale_spearman_fn", NQPF_NORM_MINMAX, NQPF_W_CRITIC, NQPF_AGG_SUM, 1, 0, 1)
CASE(test_critic_diakoulaki_noscale_spearman, "critic_diakoulaki1995_skcriteria", "noscale_spearman_fn", NQPF_NORM_NONE, NQPF_W_CRITIC, NQPF_AGG_SUM, 1, 0, 1)
CASE(test_critic_jmcdm, "critic_jmcdm_3x4", "default", NQPF_NORM_MINMAX, NQPF_W_CRITIC, NQPF_AGG_SUM, 0, 0, 1)
CASE(test_critic_tus, "critic_tus_adali2019_pymcdm", "default", NQPF_NORM_MINMAX, NQPF_W_CRITIC, NQPF_AGG_SUM, 0, 0, 0)
/* TOPSIS: Hwang-Yoon vector form, the raw form, and min-max with directions. */
CASE(test_topsis_tzeng_huang, "topsis_tzeng_huang2011_skcriteria", "vector_norm", NQPF_NORM_MINMAX, NQPF_W_FIXED, NQPF_AGG_TOPSIS_VECTOR, 0, 1, 1)
CASE(test_topsis_raw, "topsis_skcriteria_raw_2x3", "no_normalisation", NQPF_NORM_NONE, NQPF_W_FIXED, NQPF_AGG_TOPSIS, 0, 1, 1)
CASE(test_topsis_opricovic, "topsis_opricovic_tzeng2004_pymcdm", "minmax_norm", NQPF_NORM_MINMAX, NQPF_W_FIXED, NQPF_AGG_TOPSIS, 0, 1, 1)
CASE(test_topsis_jmcdm, "topsis_jmcdm_3x4", "vector_norm", NQPF_NORM_MINMAX, NQPF_W_FIXED, NQPF_AGG_TOPSIS_VECTOR, 0, 1, 1)
/* GRA: directional min-max, global deltas, zeta 0.5, weighted grade. */
CASE(test_gra_jmcdm, "gra_jmcdm_5x6", "zeta0.5", NQPF_NORM_MINMAX, NQPF_W_FIXED, NQPF_AGG_GRA, 0, 1, 1)

/* JMcDM's 1 - R matrix, from the matrix-level CRITIC on a min-max matrix built here by hand. */
static void test_critic_one_minus_r(void **state)
{
    (void)state;
    const char *dp = tu_shared("reference/index/critic_jmcdm_3x4/data.csv");
    if (!dp) {
        print_message("skipped: critic_jmcdm_3x4 is not in tests/data/reference and ../shared/reference is absent\n");
        skip();
    }
    nqpf_table *t = tu_read(dp);
    nqpf_table *ex = tu_read(tu_shared("reference/index/critic_jmcdm_3x4/expected.csv"));
    const int dir[4] = {1, 1, -1, 1};
    double x[12], w[4], omr[16];
    for (size_t j = 0; j < 4; j++) {
        const double *c = nqpf_table_cnum(t, j + 1);
        double mn = fmin(c[0], fmin(c[1], c[2])), mx = fmax(c[0], fmax(c[1], c[2]));
        for (size_t i = 0; i < 3; i++)
            x[j * 3 + i] = dir[j] > 0 ? (c[i] - mn) / (mx - mn) : (mx - c[i]) / (mx - mn);
    }
    assert_int_equal(nqpf_weights_critic(w, NULL, NULL, NULL, omr, x, 3, 4, 0), NQPF_OK);
    size_t checked = 0;
    char vb[64], tb[64], ctx[64];
    for (size_t r = 0; r < nqpf_table_nrows(ex); r++) {
        if (strcmp(nqpf_table_text(ex, 1, r), "one_minus_r") != 0)
            continue;
        size_t i = (size_t)nqpf_table_cnum(ex, 2)[r], j = (size_t)nqpf_table_cnum(ex, 3)[r];
        nqpf_table_cell_str(ex, 4, r, vb, sizeof vb);
        nqpf_table_cell_str(ex, 5, r, tb, sizeof tb);
        double want = atof(vb), got = omr[(i - 1) * 4 + (j - 1)];
        snprintf(ctx, sizeof ctx, "1 - r (%zu, %zu)", i, j);
        tu_assert_close(got, want, 0, tol_of(tb, want), ctx);
        worst_err = fmax(worst_err, fabs(got - want));
        worst_ratio = fmax(worst_ratio, fabs(got - want) / tol_of(tb, want));
        checked++;
    }
    assert_int_equal(checked, 16);
    n_checked += checked;
    n_cases_run++;
    nqpf_table_free(t);
    nqpf_table_free(ex);
}

/* The cases above that compare numbers (all but this one). */
#define N_REF_CASES 16

static void test_summary(void **state)
{
    (void)state;
    if (n_cases_run < N_REF_CASES) {
        print_message("skipped: %zu of %d cases ran (%zu numbers checked); the total needs all of them\n",
                      n_cases_run, N_REF_CASES, n_checked);
        skip();
    }
    print_message("reference numbers checked: %zu, largest absolute error %.3g, largest error / tolerance %.3g\n",
                  n_checked, worst_err, worst_ratio);
    assert_true(n_checked >= 91);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entropy_elsayed),      cmocka_unit_test(test_entropy_skcriteria),
        cmocka_unit_test(test_entropy_jmcdm),        cmocka_unit_test(test_critic_diakoulaki),
        cmocka_unit_test(test_critic_diakoulaki_fn), cmocka_unit_test(test_critic_diakoulaki_noscale),
        cmocka_unit_test(test_critic_diakoulaki_spearman), cmocka_unit_test(test_critic_diakoulaki_noscale_spearman),
        cmocka_unit_test(test_critic_jmcdm),         cmocka_unit_test(test_critic_tus),
        cmocka_unit_test(test_topsis_tzeng_huang),   cmocka_unit_test(test_topsis_raw),
        cmocka_unit_test(test_topsis_opricovic),     cmocka_unit_test(test_topsis_jmcdm),
        cmocka_unit_test(test_gra_jmcdm),            cmocka_unit_test(test_critic_one_minus_r),
        cmocka_unit_test(test_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
