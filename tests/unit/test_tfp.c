/* Growth-accounting TFP: hand-checkable cases (shares, residual share, Solow vs Törnqvist, chains
 * across gaps, base years) and the Penn World Table's own rtfpna series as the reference. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nqpf_table *run(nqpf_panel *p, nqpf_tfp_options *o)
{
    nqpf_table *t = NULL;
    if (nqpf_tfp_growth_accounting(&t, p, o) != NQPF_OK)
        fail_msg("tfp: %s", nqpf_error_message());
    return t;
}

static const double *col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    assert_int_not_equal(j, NQPF_NONE);
    return nqpf_table_cnum(t, j);
}

static void test_hand_example(void **state)
{
    (void)state;
    /* Y grows 10%, K 5%, L 2% (in logs by construction); labour shares 0.6 then 0.7. */
    char csv[1024];
    snprintf(csv, sizeof csv,
             "id,t,Y,K,L,s\n"
             "a,1,%.17g,%.17g,%.17g,0.6\n"
             "a,2,%.17g,%.17g,%.17g,0.7\n",
             1.0, 1.0, 1.0, exp(0.10), exp(0.05), exp(0.02));
    nqpf_panel *p = tu_panel_from_text(csv, "id", "t");
    const char *inputs[] = {"K", "L"};
    nqpf_tfp_share sh = {"L", "s", 0};
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    o.output = "Y";
    o.inputs = inputs;
    o.ninputs = 2;
    o.shares = &sh;
    o.nshares = 1;
    nqpf_table *t = run(p, &o);
    /* Törnqvist: mean labour share 0.65, capital takes 0.35. */
    double g = 0.10 - 0.65 * 0.02 - 0.35 * 0.05;
    assert_true(isnan(col(t, "tfp_growth")[0]));
    tu_assert_close(col(t, "tfp_growth")[1], g, 1e-14, 1e-15, "tornqvist growth");
    tu_assert_close(col(t, "tfp")[0], 1.0, 0, 0, "level at chain start");
    tu_assert_close(col(t, "tfp")[1], exp(g), 1e-14, 0, "level");
    nqpf_table_free(t);
    /* Solow: each unit's mean share, here also 0.65. A constant share gives the same number. */
    o.method = NQPF_TFP_SOLOW;
    t = run(p, &o);
    tu_assert_close(col(t, "tfp_growth")[1], g, 1e-14, 1e-15, "solow growth");
    nqpf_table_free(t);
    nqpf_tfp_share c = {"L", NULL, 0.65};
    o.shares = &c;
    o.method = NQPF_TFP_TORNQVIST;
    t = run(p, &o);
    tu_assert_close(col(t, "tfp_growth")[1], g, 1e-14, 1e-15, "constant share");
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

static void test_chains_and_base(void **state)
{
    (void)state;
    /* a: 2000-2002, gap, 2004-2005. Y doubles each year, one input constant with share 0.5. */
    nqpf_panel *p = tu_panel_from_text("id,year,Y,X\n"
                                       "a,2000,1,1\na,2001,2,1\na,2002,4,1\na,2004,16,1\na,2005,32,1\n"
                                       "b,2000,1,1\nb,2001,,1\nb,2002,3,1\n",
                                       "id", "year");
    const char *inputs[] = {"X"};
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    o.output = "Y";
    o.inputs = inputs;
    o.ninputs = 1;
    nqpf_table *t = run(p, &o);
    const double *lv = col(t, "tfp"), *g = col(t, "tfp_growth"), *ch = col(t, "chain");
    /* No base: each chain starts at 1. */
    assert_true(lv[0] == 1 && ch[0] == 1 && ch[2] == 1 && ch[3] == 2 && lv[3] == 1);
    tu_assert_close(lv[2], 4, 1e-15, 0, "chain 1 level");
    tu_assert_close(g[4], log(2.0), 1e-15, 0, "growth after gap");
    assert_true(isnan(g[3])); /* across the gap */
    /* b/2001 lacks Y: no level, no chain; b/2002 starts chain 2. */
    assert_true(isnan(lv[6]) && isnan(ch[6]) && ch[7] == 2 && lv[7] == 1);
    nqpf_table_free(t);
    /* Base 2001: only the chain holding 2001 gets levels. */
    o.has_base = 1;
    o.base_year = 2001;
    t = run(p, &o);
    lv = col(t, "tfp");
    tu_assert_close(lv[0], 0.5, 1e-15, 0, "before base");
    tu_assert_close(lv[1], 1, 0, 0, "base");
    assert_true(isnan(lv[3]) && isnan(lv[4]) && isnan(lv[5]) && isnan(lv[7]));
    tu_assert_close(col(t, "tfp_growth")[4], log(2.0), 1e-15, 0, "growth kept");
    nqpf_table_free(t);
    /* A base year without observations would leave every level empty: a data error about option
     * base naming the years present. */
    o.base_year = 2003;
    t = NULL;
    tu_assert_error(nqpf_tfp_growth_accounting(&t, p, &o), NQPF_EDATA,
                    "base: year 2003 is not in panel.csv (its years run from 2000 to 2005)");
    assert_string_equal(nqpf_error_key(), "base");
    o.base_year = 1990;
    tu_assert_error(nqpf_tfp_growth_accounting(&t, p, &o), NQPF_EDATA, "year 1990 is not in panel.csv");
    assert_null(t);
    nqpf_panel_free(p);
}

/* An option set of method "tfp" from KEY=VALUE pairs as a command line types them. */
static nqpf_optset *tfp_set(const char *const *kv)
{
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("tfp"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (size_t k = 0; kv[k]; k += 2)
        assert_int_equal(nqpf_optset_add(set, kv[k], kv[k + 1]), NQPF_OK);
    return set;
}

static void test_options_parse(void **state)
{
    (void)state;
    nqpf_tfp_options o;
    assert_int_equal(nqpf_tfp_options_init(&o, NQPF_TFP_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(nqpf_tfp_options_init(&o, 0), NQPF_EUSAGE);
    /* A share item is a constant when it reads as a number, else a column; the same growth as the
     * struct form of shares. */
    nqpf_panel *p = tu_panel_from_text("id,year,Y,K,L,s\na,1,1,1,1,0.6\na,2,1.2,1.1,1.05,0.7\na,3,1.3,1.2,1.1,0.65\n",
                                       "id", "year");
    nqpf_optset *set = tfp_set((const char *const[]){"output", "Y", "inputs", "K,L", "shares", "L=s", "method",
                                                     "solow", "base", "2", NULL});
    assert_int_equal(nqpf_tfp_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.version, NQPF_TFP_OPTIONS_VERSION);
    assert_int_equal(o.method, NQPF_TFP_SOLOW);
    assert_int_equal(o.preset, NQPF_TFP_PRESET_NONE);
    assert_true(o.has_base && o.base_year == 2);
    assert_int_equal(o.nshare_items, 1);
    nqpf_table *a = run(p, &o);
    const char *inputs[] = {"K", "L"};
    nqpf_tfp_share sh = {"L", "s", 0};
    nqpf_tfp_options d = NQPF_TFP_OPTIONS_INIT;
    d.method = NQPF_TFP_SOLOW;
    d.output = "Y";
    d.inputs = inputs;
    d.ninputs = 2;
    d.shares = &sh;
    d.nshares = 1;
    d.has_base = 1;
    d.base_year = 2;
    nqpf_table *b = run(p, &d);
    for (size_t i = 0; i < 3; i++) {
        assert_true(col(a, "tfp")[i] == col(b, "tfp")[i]);
        assert_true(isnan(col(a, "tfp_growth")[i]) ? isnan(col(b, "tfp_growth")[i])
                                                   : col(a, "tfp_growth")[i] == col(b, "tfp_growth")[i]);
    }
    nqpf_table_free(a);
    nqpf_table_free(b);
    nqpf_optset_free(set);
    set = tfp_set((const char *const[]){"output", "Y", "inputs", "K,L", "shares", "L=0.6", NULL});
    assert_int_equal(nqpf_tfp_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.method, NQPF_TFP_TORNQVIST);
    assert_false(o.has_base);
    a = run(p, &o);
    /* g = ln(1.2) - 0.6 ln(1.05) - 0.4 ln(1.1) */
    tu_assert_close(col(a, "tfp_growth")[1], log(1.2) - 0.6 * log(1.05) - 0.4 * log(1.1), 1e-14, 1e-15, "constant");
    nqpf_table_free(a);
    nqpf_optset_free(set);
    /* Three inputs, one share: parsing passes (a front end reports missing data first), running
     * names the rule. */
    set = tfp_set((const char *const[]){"output", "Y", "inputs", "K,L,s", "shares", "L=0.5", NULL});
    assert_int_equal(nqpf_tfp_options_parse(&o, set), NQPF_OK);
    tu_assert_error(nqpf_tfp_growth_accounting(&a, p, &o), NQPF_EUSAGE, "shares: 2 inputs have no share");
    nqpf_optset_free(set);
    /* The preset fixes the rule; a base year of its own is allowed. */
    set = tfp_set((const char *const[]){"preset", "pwt", "base", "2000", NULL});
    assert_int_equal(nqpf_tfp_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.preset, NQPF_TFP_PRESET_PWT);
    assert_string_equal(o.output, "rgdpna");
    assert_string_equal(o.hours_col, "avh");
    assert_true(o.has_base && o.base_year == 2000);
    nqpf_optset_free(set);
    /* Errors, each keyed by its option. */
    static const struct {
        const char *kv[9];
        const char *key, *text;
    } bad[] = {
        {{"preset", "pwt", "output", "Y", NULL}, "output", "preset pwt fixes output, inputs, shares and method"},
        {{"preset", "pwt", "method", "solow", NULL}, "method", "preset pwt fixes"},
        {{"inputs", "K", NULL}, "output", "required: the output column (or preset pwt)"},
        {{"output", "Y", NULL}, "inputs", "required: the input columns (or preset pwt)"},
        {{"output", "Y", "inputs", "K,K", NULL}, "inputs", "input 'K' is listed twice"},
        {{"output", "Y", "inputs", "K,L", "shares", "M=0.5", NULL}, "shares", "names 'M', which is not one of the inputs"},
        {{"output", "Y", "inputs", "K,L", "shares", "L=1.5", NULL}, "shares", "L: expected a share in [0, 1], found 1.5"},
        {{"output", "Y", "inputs", "K,L", "shares", "L", NULL}, "shares", "expected NAME=VALUE, found 'L'"},
        {{"output", "Y", "inputs", "K,L", "method", "fisher", NULL}, "method", "expected tornqvist|solow"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        set = tfp_set(bad[c].kv);
        tu_assert_error(nqpf_tfp_options_parse(&o, set), NQPF_EUSAGE, bad[c].text);
        assert_string_equal(nqpf_error_key(), bad[c].key);
        nqpf_optset_free(set);
    }
    /* Two shares for one input (a map given twice). */
    set = tfp_set((const char *const[]){"output", "Y", "inputs", "K,L", "shares", "L=0.5", "shares", "L=s", NULL});
    tu_assert_error(nqpf_tfp_options_parse(&o, set), NQPF_EUSAGE, "shares: input 'L' has two shares");
    nqpf_optset_free(set);
    nqpf_panel_free(p);
}

static void test_errors(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,year,Y,K,L,s\na,1,1,1,1,0.5\na,2,0,1,1,1.5\n", "id", "year");
    const char *inputs[] = {"K", "L"};
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    nqpf_table *t = NULL;
    o.output = "Y";
    o.inputs = inputs;
    o.ninputs = 2;
    tu_assert_error(nqpf_tfp_growth_accounting(&t, p, &o), NQPF_EDATA,
                    "panel.csv: row 3, column 'Y': expected a positive number");
    o.output = "K";
    tu_assert_error(nqpf_tfp_growth_accounting(&t, p, &o), NQPF_EUSAGE, "2 inputs have no share");
    nqpf_tfp_share bad = {"L", "s", 0};
    o.shares = &bad;
    o.nshares = 1;
    tu_assert_error(nqpf_tfp_growth_accounting(&t, p, &o), NQPF_EDATA,
                    "panel.csv: row 3, column 's': expected a share in [0, 1], found 1.5");
    nqpf_tfp_share other = {"M", NULL, 0.5};
    o.shares = &other;
    tu_assert_error(nqpf_tfp_growth_accounting(&t, p, &o), NQPF_EUSAGE, "not one of the inputs");
    assert_null(t);
    nqpf_panel_free(p);
}

/* PWT 9.1 reference: rtfpna is a Törnqvist index (rgdpna; rkna; emp*hc*avh with labsh), 2011 = 1. */
static nqpf_panel *pwt_panel(void)
{
    nqpf_table *t = tu_read(tu_source("data/pwt91.csv"));
    nqpf_panel *p = NULL;
    assert_int_equal(nqpf_panel_new(&p, t, "countrycode", "year"), NQPF_OK);
    return p;
}

static void test_pwt_general_method(void **state)
{
    (void)state;
    nqpf_panel *p = pwt_panel();
    assert_int_equal(nqpf_panel_let(p, "L=emp*hc*avh"), NQPF_OK);
    const char *inputs[] = {"rkna", "L"};
    nqpf_tfp_share sh = {"L", "labsh", 0};
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    o.output = "rgdpna";
    o.inputs = inputs;
    o.ninputs = 2;
    o.shares = &sh;
    o.nshares = 1;
    o.has_base = 1;
    o.base_year = 2011;
    nqpf_table *t = run(p, &o);
    const double *g = col(t, "tfp_growth"), *rt, *avh;
    assert_int_equal(nqpf_panel_column(p, "rtfpna", &rt), NQPF_OK);
    assert_int_equal(nqpf_panel_column(p, "avh", &avh), NQPF_OK);
    size_t checked = 0;
    double worst = 0;
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        size_t j = nqpf_panel_prev(p, i);
        if (j == NQPF_NONE || isnan(rt[i]) || isnan(rt[j]) || isnan(avh[i]) || isnan(avh[j]))
            continue;
        double ref = log(rt[i] / rt[j]);
        double err = fabs(g[i] - ref);
        if (err > worst)
            worst = err;
        if (err > 1e-6)
            fail_msg("%s %ld: tfp_growth %.9g vs log change of rtfpna %.9g", nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)),
                     nqpf_panel_time(p, i), g[i], ref);
        checked++;
    }
    /* Every country-year with hours in both years: 2,943 in PWT 9.1. */
    assert_int_equal(checked, 2943);
    print_message("PWT general method: %zu growth rates, max |error| %.3g\n", checked, worst);
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

static void test_pwt_preset_levels(void **state)
{
    (void)state;
    nqpf_panel *p = pwt_panel();
    nqpf_tfp_options o = NQPF_TFP_OPTIONS_INIT;
    assert_int_equal(nqpf_tfp_preset_pwt(p, &o), NQPF_OK);
    nqpf_table *t = run(p, &o);
    const double *lv = col(t, "tfp"), *rt;
    assert_int_equal(nqpf_panel_column(p, "rtfpna", &rt), NQPF_OK);
    size_t checked = 0;
    double worst = 0;
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        if (isnan(rt[i])) {
            continue;
        }
        double rel = fabs(lv[i] / rt[i] - 1);
        if (!(rel < 1e-6))
            fail_msg("%s %ld: tfp %.9g vs rtfpna %.9g", nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)),
                     nqpf_panel_time(p, i), lv[i], rt[i]);
        if (rel > worst)
            worst = rel;
        checked++;
    }
    assert_int_equal(checked, 6006); /* all published rtfpna values, 117 countries */
    print_message("PWT preset: %zu levels, max relative error %.3g\n", checked, worst);
    /* The preset through the option parser (CLI and study files) gives the same bytes. */
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("tfp"), NQPF_KEYS_PLAIN), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "preset", "pwt"), NQPF_OK);
    nqpf_tfp_options po;
    assert_int_equal(nqpf_tfp_options_parse(&po, set), NQPF_OK);
    nqpf_table *t2 = run(p, &po);
    const double *lv2 = col(t2, "tfp");
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++)
        assert_true(isnan(lv[i]) ? isnan(lv2[i]) : lv[i] == lv2[i]);
    nqpf_table_free(t2);
    nqpf_optset_free(set);
    /* The preset leaves the panel as it was (no helper column). */
    assert_int_equal(nqpf_table_find(nqpf_panel_table(p), "nqpf_pwt_labour"), NQPF_NONE);
    nqpf_table_free(t);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_example),
        cmocka_unit_test(test_chains_and_base),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_options_parse),
        cmocka_unit_test(test_pwt_general_method),
        cmocka_unit_test(test_pwt_preset_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
