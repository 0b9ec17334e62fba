/* Deterministic mutation fuzzing of the two parsers that read user text: the CSV reader and the
 * expression language. Each mutated input must either parse or fail with a known status and a
 * one-line message; the sanitizer build turns any memory error into a failure. (A libFuzzer target
 * would explore more; this keeps the check inside ctest without extra tooling.) */
#include "testutil.h"

#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *CSV_SEEDS[] = {
    "id,year,x,y\na,2000,1,2\na,2001,\"3\",4\nb,2000,,5\n",
    ("\xEF\xBB\xBF" "省份;年份;值\n北京;2020;1.5\n上海;2021;\"a;b\"\n"),
    "a\tb\n\"x\"\"y\"\t2\n",
    "id,year,v\n000001,2020,1e-300\n600519,2020,-0\n",
};

static const char *EXPR_SEEDS[] = {
    "log(x) + 2*y^2 - lag(x)/lead(y)",
    "x >= 1 && !(y == 2) || name == \"a\"",
    "sqrt(abs(-x)) * `x` - 1e-3",
    "((x))",
};

static void mutate(gsl_rng *r, char *buf, size_t *len, size_t cap)
{
    size_t edits = 1 + gsl_rng_uniform_int(r, 4);
    static const char alphabet[] = ",;\t\"\n\r()+-*/^=<>!&|`'0123456789.eExyzlogaqrt \xE5\x8C\x97\xFF";
    for (size_t e = 0; e < edits; e++) {
        size_t pos = *len ? gsl_rng_uniform_int(r, *len) : 0;
        char c = alphabet[gsl_rng_uniform_int(r, sizeof alphabet - 1)];
        switch (gsl_rng_uniform_int(r, 3)) {
        case 0: /* replace */
            if (*len)
                buf[pos] = c;
            break;
        case 1: /* insert */
            if (*len + 1 < cap) {
                memmove(buf + pos + 1, buf + pos, *len - pos);
                buf[pos] = c;
                (*len)++;
            }
            break;
        default: /* delete */
            if (*len) {
                memmove(buf + pos, buf + pos + 1, *len - pos - 1);
                (*len)--;
            }
        }
    }
    buf[*len] = '\0';
}

static void check_status(int rc)
{
    if (rc == NQPF_OK)
        return;
    if (rc != NQPF_EUSAGE && rc != NQPF_EDATA)
        fail_msg("unexpected status %d: %s", rc, nqpf_error_message());
    if (!nqpf_error_message()[0] || strchr(nqpf_error_message(), '\n'))
        fail_msg("error without a one-line message (status %d)", rc);
}

static void test_fuzz_csv(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2024);
    char buf[512];
    size_t parsed = 0;
    for (int it = 0; it < 1500; it++) {
        const char *seed = CSV_SEEDS[it % (int)(sizeof CSV_SEEDS / sizeof *CSV_SEEDS)];
        size_t len = strlen(seed);
        memcpy(buf, seed, len + 1);
        mutate(r, buf, &len, sizeof buf);
        nqpf_table *t = NULL;
        int rc = nqpf_read_table(&t, tu_write_tmp("fuzz.csv", buf), NULL);
        check_status(rc);
        if (rc == NQPF_OK) {
            parsed++;
            /* Whatever parsed must also survive a panel build and a write. */
            nqpf_panel *p = NULL;
            size_t nc = nqpf_table_ncols(t);
            if (nc >= 2) {
                char idc[256], tc[256];
                snprintf(idc, sizeof idc, "%s", nqpf_table_colname(t, 0));
                snprintf(tc, sizeof tc, "%s", nqpf_table_colname(t, 1));
                check_status(nqpf_panel_new(&p, t, idc, tc));
                t = NULL;
                if (p) {
                    nqpf_table *res = nqpf_panel_result_new(p, NULL, 0);
                    assert_non_null(res);
                    char out[2200];
                    snprintf(out, sizeof out, "%s/fuzz_out.csv", tu_tmpdir());
                    assert_int_equal(nqpf_write_table(out, res, NULL), NQPF_OK);
                    nqpf_table_free(res);
                    nqpf_panel_free(p);
                }
            }
            nqpf_table_free(t);
        }
    }
    print_message("CSV fuzz: 1500 inputs, %zu parsed\n", parsed);
    assert_true(parsed > 100); /* the mutations must not all be rejected */
    gsl_rng_free(r);
}

static void test_fuzz_expr(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text("id,year,x,y,name\na,2000,1,2,a\na,2001,0,-1,b\nb,2000,4,0,c\n", "id", "year");
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    char buf[256], assign[300];
    size_t evaluated = 0;
    for (int it = 0; it < 3000; it++) {
        const char *seed = EXPR_SEEDS[it % (int)(sizeof EXPR_SEEDS / sizeof *EXPR_SEEDS)];
        size_t len = strlen(seed);
        memcpy(buf, seed, len + 1);
        mutate(r, buf, &len, 200);
        snprintf(assign, sizeof assign, "z=%s", buf);
        int rc = nqpf_panel_let(p, assign);
        check_status(rc);
        evaluated += rc == NQPF_OK;
    }
    print_message("expression fuzz: 3000 inputs, %zu evaluated\n", evaluated);
    assert_true(evaluated > 100);
    gsl_rng_free(r);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_csv),
        cmocka_unit_test(test_fuzz_expr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
