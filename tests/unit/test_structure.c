/* Industrial structure: similarity coefficient, Krugman indices and location quotients against
 * values worked out by hand, and the error classes of long-format input. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <limits.h>

#include "nqpf/options.h"
#include "nqpf/region.h"

#define TOL 1e-14

static nqpf_table *table_from(const char *name, const char *csv)
{
    return tu_read(tu_write_tmp(name, csv));
}

/* Options with the four key columns, the rest at their defaults. */
static nqpf_structure_options keys(const char *region, const char *time, const char *industry, const char *value)
{
    nqpf_structure_options o = NQPF_STRUCTURE_OPTIONS_INIT;
    o.region = region;
    o.time = time;
    o.industry = industry;
    o.value = value;
    return o;
}

static double num(const nqpf_table *t, const char *col, size_t i)
{
    size_t j = nqpf_table_find(t, col);
    assert_true(j != NQPF_NONE);
    return nqpf_table_cnum(t, j)[i];
}

/* Three provinces, three sectors, 2020; C has no agriculture row (an absent row is a zero), and a
 * 2021 where A and B swap structures. */
static const char *const CSV = "prov,year,ind,va\n"
                               "A,2020,agri,10\n"
                               "A,2020,manu,30\n"
                               "A,2020,serv,60\n"
                               "B,2020,agri,20\n"
                               "B,2020,manu,20\n"
                               "B,2020,serv,60\n"
                               "C,2020,manu,50\n"
                               "C,2020,serv,50\n"
                               "A,2021,agri,2\n"
                               "A,2021,manu,2\n"
                               "A,2021,serv,6\n"
                               "B,2021,agri,1\n"
                               "B,2021,manu,3\n"
                               "B,2021,serv,6\n";

static void test_hand(void **state)
{
    (void)state;
    nqpf_table *t = table_from("s.csv", CSV), *reg, *pairs, *lq;
    nqpf_structure_options o = keys("prov", "year", "ind", "va");
    assert_int_equal(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_OK);
    /* Regions table, region-major: A 2020, A 2021, B 2020, B 2021, C 2020. */
    assert_int_equal(nqpf_table_nrows(reg), 5);
    assert_string_equal(nqpf_table_text(reg, 0, 1), "A");
    tu_assert_close(num(reg, "year", 1), 2021, 0, 0, "year");
    /* 2020 shares: A (.1,.3,.6), B (.2,.2,.6), C (0,.5,.5); national (30,100,170)/300. */
    tu_assert_close(num(reg, "total", 0), 100, 0, TOL, "total A");
    /* A vs the rest (B+C = (20,70,110)/200 = (.1,.35,.55)): 0 + .05 + .05. */
    tu_assert_close(num(reg, "krugman_rest", 0), 0.1, 0, TOL, "Krugman rest A");
    /* A vs national (.1, 1/3, 17/30): 0 + 1/30 + 1/30. */
    tu_assert_close(num(reg, "krugman_national", 0), 1.0 / 15, 0, TOL, "Krugman national A");
    /* C vs the rest (A+B = (30,50,120)/200 = (.15,.25,.6)): .15 + .25 + .1. */
    tu_assert_close(num(reg, "krugman_rest", 4), 0.5, 0, TOL, "Krugman rest C");
    /* Pairs 2020: A-B, A-C, B-C; then 2021: A-B. */
    assert_int_equal(nqpf_table_nrows(pairs), 4);
    /* cos(A,B) = .44 / sqrt(.46 * .44); cos(A,C) = (.15 + .3)/sqrt(.46 * .5). */
    tu_assert_close(num(pairs, "similarity", 0), 0.44 / sqrt(0.46 * 0.44), 1e-14, 0, "S_AB");
    tu_assert_close(num(pairs, "similarity", 1), 0.45 / sqrt(0.46 * 0.5), 1e-14, 0, "S_AC");
    tu_assert_close(num(pairs, "krugman", 2), 0.2 + 0.3 + 0.1, 0, TOL, "K_BC");
    /* 2021: A (.2,.2,.6) and B (.1,.3,.6) = 2020's B and A: the same similarity. */
    tu_assert_close(num(pairs, "similarity", 3), num(pairs, "similarity", 0), 1e-15, 0, "S_AB 2021");
    tu_assert_close(num(pairs, "year", 3), 2021, 0, 0, "pair year");
    /* Mean similarity of A in 2020: (S_AB + S_AC)/2; of A in 2021: S_AB (one partner). */
    tu_assert_close(num(reg, "mean_similarity", 0), (num(pairs, "similarity", 0) + num(pairs, "similarity", 1)) / 2,
                    1e-15, 0, "mean similarity");
    tu_assert_close(num(reg, "mean_similarity", 1), num(pairs, "similarity", 3), 1e-15, 0, "mean similarity 2021");
    /* LQ rows: every region-year x industry, region-major. A 2020: .1/.1, .3/(1/3), .6/(17/30). */
    assert_int_equal(nqpf_table_nrows(lq), 5 * 3);
    tu_assert_close(num(lq, "lq", 0), 1, 0, TOL, "LQ A agri");
    tu_assert_close(num(lq, "lq", 1), 0.9, 0, TOL, "LQ A manu");
    tu_assert_close(num(lq, "lq", 2), 0.6 * 30 / 17, 0, TOL, "LQ A serv");
    /* C's absent agriculture row is a zero: share 0, LQ 0. */
    assert_string_equal(nqpf_table_text(lq, 0, 12), "C");
    assert_string_equal(nqpf_table_text(lq, 2, 12), "agri");
    tu_assert_close(num(lq, "va", 12), 0, 0, 0, "C agri value");
    tu_assert_close(num(lq, "lq", 12), 0, 0, 0, "C agri LQ");
    /* The value-weighted mean of a region's LQs against the national shares is 1 (sum_k s_rk =
     * 1 and LQ = s_rk / S_k): sum_k S_k LQ_rk = 1. */
    double s = 0;
    const double nat[3] = {0.1, 1.0 / 3, 17.0 / 30};
    for (size_t k = 0; k < 3; k++)
        s += nat[k] * num(lq, "lq", 6 + k);
    tu_assert_close(s, 1, 0, 1e-14, "LQ identity B");
    nqpf_table_free(reg);
    nqpf_table_free(pairs);
    nqpf_table_free(lq);
    nqpf_table_free(t);
}

static void test_missing_value(void **state)
{
    (void)state;
    /* B's empty manufacturing cell makes B 2020 missing and drops it from the national totals. */
    nqpf_table *t = table_from("m.csv", "prov,year,ind,va\nA,2020,x,1\nA,2020,y,3\nB,2020,x,2\nB,2020,y,\n"
                                        "C,2020,x,3\nC,2020,y,1\n"),
               *reg, *pairs, *lq;
    nqpf_structure_options o = keys("prov", "year", "ind", "va");
    assert_int_equal(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_OK);
    assert_true(isnan(num(reg, "krugman_national", 1)));
    assert_true(isnan(num(reg, "total", 1)));
    /* National without B: (4, 4)/8; A (.25, .75): Krugman national = .25 + .25. */
    tu_assert_close(num(reg, "krugman_national", 0), 0.5, 0, TOL, "A national without B");
    tu_assert_close(num(reg, "krugman_rest", 0), 1.0, 0, TOL, "A rest = C only");
    assert_int_equal(nqpf_table_nrows(pairs), 1); /* only A-C */
    nqpf_table_free(reg);
    nqpf_table_free(pairs);
    nqpf_table_free(lq);
    nqpf_table_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    nqpf_table *reg, *pairs, *lq;
    nqpf_structure_options o = keys("prov", "year", "ind", "va");
    nqpf_table *t = table_from("d.csv", "prov,year,ind,va\nA,2020,x,1\nA,2020,y,3\nA,2020,x,2\n");
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_EDATA,
                    "rows 2 and 4 both hold region 'A', industry 'x', year 2020");
    nqpf_table_free(t);
    t = table_from("n.csv", "prov,year,ind,va\nA,2020,x,1\nA,2020,y,-3\n");
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_EDATA, "row 3, column 'va': expected a non-negative");
    nqpf_table_free(t);
    t = table_from("y.csv", "prov,year,ind,va\nA,2020,x,1\nA,2020.5,y,3\n");
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_EDATA, "row 3, column 'year': expected an integer");
    nqpf_table_free(t);
    t = table_from("k.csv", "prov,year,ind,va\nA,2020,x,1\n,2020,y,3\n");
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_EDATA, "row 3, column 'prov': expected a key");
    nqpf_table_free(t);
    t = table_from("v.csv", "prov,year,ind,va\nA,2020,x,1\nA,2020,y,abc\n");
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_EDATA, "row 3, column 'va': expected a number");
    nqpf_structure_options bad = keys("prov", "year", "sector", "va");
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &bad), NQPF_EDATA, "column 'sector' (industry) not found");
    nqpf_table_free(t);
}

/* The years kept (from, to) and the options as the CLI and study files give them. */
static void test_options(void **state)
{
    (void)state;
    nqpf_table *reg = NULL, *pairs = NULL, *lq = NULL;
    nqpf_table *t = table_from("ind.csv", CSV);
    nqpf_structure_options o = keys("prov", "year", "ind", "va");
    o.from = 2021;
    assert_int_equal(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(reg), 2); /* A and B in 2021 */
    tu_assert_close(num(reg, "year", 0), 2021, 0, 0, "2021 only");
    nqpf_table_free(reg);
    nqpf_table_free(pairs);
    nqpf_table_free(lq);
    o.from = 2030;
    tu_assert_error(nqpf_structure(&reg, &pairs, &lq, t, &o), NQPF_EDATA, "no rows left in the years kept (year from 2030)");
    nqpf_table_free(t);

    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("structure"), NQPF_KEYS_STUDY), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "industry", "ind"), NQPF_OK);
    tu_assert_error(nqpf_structure_options_parse(&o, set), NQPF_EUSAGE, "value: required");
    assert_string_equal(nqpf_error_key(), "value");
    assert_int_equal(nqpf_optset_add(set, "value", "va"), NQPF_OK);
    assert_int_equal(nqpf_optset_add(set, "file", "ind.csv"), NQPF_OK);
    assert_int_equal(nqpf_structure_options_parse(&o, set), NQPF_OK);
    assert_string_equal(o.industry, "ind");
    assert_string_equal(o.value, "va");
    assert_string_equal(o.file, "ind.csv");
    assert_null(o.region); /* the caller's data keys */
    assert_true(o.from == LONG_MIN && o.to == LONG_MAX);
    nqpf_optset_free(set);
    /* file, id and time are study keys: the command line has DATA, --id and --time. */
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("structure"), NQPF_KEYS_CLI), NQPF_OK);
    tu_assert_error(nqpf_optset_add(set, "file", "x.csv"), NQPF_EUSAGE, "unknown key");
    nqpf_optset_free(set);
    tu_assert_error(nqpf_structure_options_init(&o, NQPF_STRUCTURE_OPTIONS_VERSION + 1), NQPF_EUSAGE, "version");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand),
        cmocka_unit_test(test_missing_value),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
