/* The missing-value policy through the library API (nqpf_panel_apply_missing, the `missing` field
 * of the dea, malmquist and tfp options): drop gives, cell for cell, the tables computed on a panel
 * built from the CSV text without those rows (the independent path); refuse names row, unit, time
 * and column; the one warning lists what was dropped. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *FULL = "id,t,x1,x2,y\n"
                          "A,1,2,3,1\nA,2,2.5,3,1.2\nA,3,2.6,3.1,1.5\n"
                          "B,1,3,2,1\nB,2,,2.2,1.1\nB,3,3.2,2.1,1.3\n"
                          "C,1,4,4,2\nC,2,4.1,4.2,2.1\nC,3,4.2,4.1,\n"
                          "D,1,1.5,5,1.1\nD,2,1.6,5.1,1.2\nD,3,1.7,5.3,1.4\n"
                          "E,1,5,1,1.6\nE,2,5.1,1.2,1.7\nE,3,5.3,1.3,1.8\n";
/* FULL without B/2 and C/3, written out by hand. */
static const char *TRIMMED = "id,t,x1,x2,y\n"
                             "A,1,2,3,1\nA,2,2.5,3,1.2\nA,3,2.6,3.1,1.5\n"
                             "B,1,3,2,1\nB,3,3.2,2.1,1.3\n"
                             "C,1,4,4,2\nC,2,4.1,4.2,2.1\n"
                             "D,1,1.5,5,1.1\nD,2,1.6,5.1,1.2\nD,3,1.7,5.3,1.4\n"
                             "E,1,5,1,1.6\nE,2,5.1,1.2,1.7\nE,3,5.3,1.3,1.8\n";

static char warned[1024];
static int nwarn;
static void on_warn(const char *msg, void *ud)
{
    (void)ud;
    snprintf(warned, sizeof warned, "%s", msg);
    nwarn++;
}

/* Two tables with the same columns, rows and cells (numbers bit for bit, NaN = NaN). */
static void assert_same_table(const nqpf_table *a, const nqpf_table *b)
{
    assert_int_equal(nqpf_table_nrows(a), nqpf_table_nrows(b));
    assert_int_equal(nqpf_table_ncols(a), nqpf_table_ncols(b));
    char x[64], y[64];
    for (size_t j = 0; j < nqpf_table_ncols(a); j++) {
        assert_string_equal(nqpf_table_colname(a, j), nqpf_table_colname(b, j));
        for (size_t i = 0; i < nqpf_table_nrows(a); i++)
            if (strcmp(nqpf_table_cell_str(a, j, i, x, sizeof x), nqpf_table_cell_str(b, j, i, y, sizeof y)) != 0)
                fail_msg("column %s row %zu: %s != %s", nqpf_table_colname(a, j), i, x, y);
    }
}

static void test_apply_missing(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(FULL, "id", "t"), *sub = NULL;
    const char *cols[] = {"x1", "x2", "y"};
    const char *why[] = {"an input", "an input", "the output"};
    assert_int_equal(nqpf_panel_apply_missing(&sub, p, cols, 3, NQPF_MISSING_KEEP, "m", why), NQPF_OK);
    assert_null(sub);
    tu_assert_error(nqpf_panel_apply_missing(&sub, p, cols, 3, NQPF_MISSING_REFUSE, "m", why), NQPF_EDATA,
                    "panel.csv: row 6, column 'x1': expected a value (an input; id B, t 2), found an empty cell; set "
                    "the option missing: drop to leave such observations out");
    /* Only complete columns: nothing to do. */
    assert_int_equal(nqpf_panel_apply_missing(&sub, p, cols + 1, 1, NQPF_MISSING_REFUSE, "m", why), NQPF_OK);
    assert_null(sub);
    nwarn = 0;
    nqpf_set_warning_handler(on_warn, NULL);
    assert_int_equal(nqpf_panel_apply_missing(&sub, p, cols, 3, NQPF_MISSING_DROP, "m", why), NQPF_OK);
    nqpf_set_warning_handler(NULL, NULL);
    assert_non_null(sub);
    assert_int_equal(nwarn, 1);
    assert_string_equal(warned, "m: missing: drop left out 2 observations with an empty cell: B 2 (x1), C 3 (y)");
    assert_int_equal(nqpf_panel_nobs(sub), 13);
    /* Source rows survive: C/2 is spreadsheet row 9 of FULL. */
    char w[128];
    assert_string_equal(nqpf_panel_where(sub, 6, w, sizeof w), "panel.csv: row 9");
    nqpf_panel *ref = tu_panel_from_text(TRIMMED, "id", "t");
    assert_same_table(nqpf_panel_table(sub), nqpf_panel_table(ref));
    nqpf_panel_free(ref);
    nqpf_panel_free(sub);
    tu_assert_error(nqpf_panel_apply_missing(&sub, p, (const char *[]){"nosuch"}, 1, NQPF_MISSING_DROP, "m", NULL),
                    NQPF_EDATA, "column 'nosuch' not found");
    nqpf_panel_free(p);
}

static void test_dea_malmquist_drop(void **state)
{
    (void)state;
    nqpf_set_warning_handler(NULL, NULL);
    nqpf_panel *p = tu_panel_from_text(FULL, "id", "t"), *ref = tu_panel_from_text(TRIMMED, "id", "t");
    static const char *const in[] = {"x1", "x2"}, *const out[] = {"y"};
    for (int model = 0; model < 3; model++) {
        nqpf_dea_options o;
        assert_int_equal(nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION), NQPF_OK);
        assert_int_equal(o.missing, NQPF_MISSING_REFUSE);
        o.inputs = in;
        o.ninputs = 2;
        o.outputs = out;
        o.noutputs = 1;
        o.model = (nqpf_dea_model)model;
        o.orientation = model == NQPF_DEA_SBM ? NQPF_DEA_NONE : NQPF_DEA_IN;
        o.frontier = model == 1 ? NQPF_DEA_FRONTIER_POOLED : NQPF_DEA_FRONTIER_PERIOD;
        nqpf_table *a = NULL, *b = NULL;
        tu_assert_error(nqpf_dea_run(&a, p, &o, NULL), NQPF_EDATA, "(DEA input; id B, t 2)");
        o.missing = NQPF_MISSING_DROP;
        nqpf_dea_summary s;
        assert_int_equal(nqpf_dea_run(&a, p, &o, &s), NQPF_OK);
        assert_int_equal(s.nobs, 13);
        o.missing = NQPF_MISSING_REFUSE;
        assert_int_equal(nqpf_dea_run(&b, ref, &o, NULL), NQPF_OK);
        assert_same_table(a, b);
        nqpf_table_free(a);
        nqpf_table_free(b);
    }
    nqpf_malmquist_options m;
    assert_int_equal(nqpf_malmquist_options_init(&m, NQPF_MALMQUIST_OPTIONS_VERSION), NQPF_OK);
    m.inputs = in;
    m.ninputs = 2;
    m.outputs = out;
    m.noutputs = 1;
    nqpf_table *a = NULL, *b = NULL;
    tu_assert_error(nqpf_malmquist_run(&a, NULL, p, &m), NQPF_EDATA, "(Malmquist input; id B, t 2)");
    m.missing = NQPF_MISSING_DROP;
    nqpf_malmquist_summary sa, sb;
    assert_int_equal(nqpf_malmquist_run(&a, &sa, p, &m), NQPF_OK);
    m.missing = NQPF_MISSING_REFUSE;
    assert_int_equal(nqpf_malmquist_run(&b, &sb, ref, &m), NQPF_OK);
    assert_same_table(a, b);
    /* B lacks period 2 and C period 3: 10 possible pairs, 3 not formed. */
    assert_int_equal(sa.npairs, 7);
    assert_int_equal(sa.nskipped, 3);
    assert_int_equal(sb.nskipped, 3);
    nqpf_table_free(a);
    nqpf_table_free(b);
    nqpf_panel_free(p);
    nqpf_panel_free(ref);
}

static void test_tfp_policies(void **state)
{
    (void)state;
    nqpf_set_warning_handler(NULL, NULL);
    const char *full = "id,year,Y,K,L\na,2000,1,1,1\na,2001,1.1,1.05,1.02\na,2002,1.2,,1.03\n"
                       "a,2003,1.3,1.15,1.04\na,2004,1.45,1.2,1.05\nb,2000,2,1,1\nb,2001,2.2,1.1,1\n";
    const char *trimmed = "id,year,Y,K,L\na,2000,1,1,1\na,2001,1.1,1.05,1.02\n"
                          "a,2003,1.3,1.15,1.04\na,2004,1.45,1.2,1.05\nb,2000,2,1,1\nb,2001,2.2,1.1,1\n";
    nqpf_panel *p = tu_panel_from_text(full, "id", "year"), *ref = tu_panel_from_text(trimmed, "id", "year");
    static const char *const in[] = {"K", "L"};
    static const nqpf_tfp_share sh = {"L", NULL, 0.6};
    nqpf_tfp_options o;
    assert_int_equal(nqpf_tfp_options_init(&o, NQPF_TFP_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(o.missing, NQPF_MISSING_KEEP);
    o.output = "Y";
    o.inputs = in;
    o.ninputs = 2;
    o.shares = &sh;
    o.nshares = 1;
    nqpf_table *keep = NULL, *drop = NULL, *b = NULL;
    assert_int_equal(nqpf_tfp_growth_accounting(&keep, p, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(keep), 7);
    o.missing = NQPF_MISSING_REFUSE;
    tu_assert_error(nqpf_tfp_growth_accounting(&drop, p, &o), NQPF_EDATA,
                    "panel.csv: row 4, column 'K': expected a value (TFP input; id a, year 2002)");
    o.missing = NQPF_MISSING_DROP;
    assert_int_equal(nqpf_tfp_growth_accounting(&drop, p, &o), NQPF_OK);
    o.missing = NQPF_MISSING_KEEP;
    assert_int_equal(nqpf_tfp_growth_accounting(&b, ref, &o), NQPF_OK);
    assert_same_table(drop, b);
    /* keep = drop plus the dropped row, whose results are empty. */
    size_t rows[] = {0, 1, 3, 4, 5, 6};
    nqpf_table *keep6 = nqpf_table_select_rows(keep, rows, 6);
    assert_same_table(keep6, drop);
    for (size_t j = 2; j < 5; j++)
        assert_true(isnan(nqpf_table_cnum(keep, j)[2]));
    nqpf_table_free(keep6);
    nqpf_table_free(keep);
    nqpf_table_free(drop);
    nqpf_table_free(b);

    /* Nothing computable is an error naming the empty column. */
    nqpf_panel *e = tu_panel_from_text("id,year,Y,K,L\na,2000,1,,1\na,2001,1.1,,1\n", "id", "year");
    tu_assert_error(nqpf_tfp_growth_accounting(&b, e, &o), NQPF_EDATA, "tfp computed no value: column 'K' empty in every row");
    assert_null(b);
    nqpf_panel_free(e);
    nqpf_panel_free(p);
    nqpf_panel_free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apply_missing),
        cmocka_unit_test(test_dea_malmquist_drop),
        cmocka_unit_test(test_tfp_policies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
