/* Memory failures say "not enough memory for WHAT (about N MB); close other programs, or use a
 * machine with more memory" (src/util/error.c, nqpf__nomem) and keep exit code 4: the helper's
 * message, the size it takes from a failed allocation wrapper, and the wrappers themselves. The
 * same messages from the command line under a memory limit: tests/cli/memory_messages.sh. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* The ASan runtime aborts on an impossible allocation unless told to return NULL as malloc does;
 * the wrappers' NULL path is what is tested here. (An unused function without ASan.) */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

#define HINT "; close other programs, or use a machine with more memory"

static void test_message_without_size(void **state)
{
    (void)state;
    nqpf_error_clear();
    assert_int_equal(nqpf__nomem("reading %s", "民生.csv"), NQPF_EINTERNAL);
    assert_int_equal(nqpf_error_code(), NQPF_EINTERNAL);
    assert_string_equal(nqpf_error_message(), "not enough memory for reading 民生.csv" HINT);
}

static void test_message_with_size(void **state)
{
    (void)state;
    /* The size is written as a person reads it, from the bytes noted (decimal megabytes). */
    struct {
        size_t bytes;
        const char *want;
    } cases[] = {
        {500, "not enough memory for the DEA workspace (less than 1 MB)" HINT},
        {120000000, "not enough memory for the DEA workspace (about 120 MB)" HINT},
        {999400000, "not enough memory for the DEA workspace (about 999 MB)" HINT},
        {2400000000u, "not enough memory for the DEA workspace (about 2.4 GB)" HINT},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        nqpf__nomem_size(cases[k].bytes);
        assert_int_equal(nqpf__nomem("the DEA workspace"), NQPF_EINTERNAL);
        assert_string_equal(nqpf_error_message(), cases[k].want);
    }
    /* A noted size is used once: the next failure without one has no size. */
    nqpf__nomem("writing %s", "out.xlsx");
    assert_string_equal(nqpf_error_message(), "not enough memory for writing out.xlsx" HINT);
}

static void test_wrappers(void **state)
{
    (void)state;
    /* No machine has SIZE_MAX / 2 bytes: malloc answers NULL. */
    size_t huge = SIZE_MAX / 2;
    char want[200];
    void *p = nqpf__malloc(huge, 1);
    assert_null(p);
    assert_int_equal(nqpf_error_code(), NQPF_EINTERNAL);
    snprintf(want, sizeof want, "not enough memory for a block of %zu bytes (about %.1f GB)" HINT, huge,
             (double)huge / 1e9);
    assert_string_equal(nqpf_error_message(), want);
    assert_null(strstr(nqpf_error_message(), "out of memory"));
    /* A caller naming what it was doing reuses the wrapper's size. */
    nqpf__nomem("reading %s", "big.csv");
    snprintf(want, sizeof want, "not enough memory for reading big.csv (about %.1f GB)" HINT, (double)huge / 1e9);
    assert_string_equal(nqpf_error_message(), want);

    nqpf_error_clear();
    assert_null(nqpf__calloc(huge, 1));
    assert_non_null(strstr(nqpf_error_message(), "not enough memory for a block of "));
    nqpf_error_clear();
    char *q = nqpf__malloc(16, 1);
    assert_non_null(q);
    assert_null(nqpf__realloc(q, huge, 1)); /* q is kept on failure, as realloc keeps it */
    assert_non_null(strstr(nqpf_error_message(), "not enough memory for a block of "));
    free(q);
    /* An overflowing count is a different error, not a memory shortage. */
    assert_null(nqpf__malloc(SIZE_MAX, 2));
    assert_non_null(strstr(nqpf_error_message(), "overflows"));
}

/* An entry point names what a wrapper's block was for; any other error passes unchanged. */
static void test_context(void **state)
{
    (void)state;
    size_t huge = SIZE_MAX / 2;
    char want[200];
    assert_null(nqpf__malloc(huge, 1));
    assert_int_equal(nqpf__nomem_context(NQPF_EINTERNAL, "reading %s", "big.csv"), NQPF_EINTERNAL);
    snprintf(want, sizeof want, "not enough memory for reading big.csv (about %.1f GB)" HINT, (double)huge / 1e9);
    assert_string_equal(nqpf_error_message(), want);
    /* Already named: an outer entry point leaves it. */
    assert_int_equal(nqpf__nomem_context(NQPF_EINTERNAL, "writing %s", "out.csv"), NQPF_EINTERNAL);
    assert_string_equal(nqpf_error_message(), want);
    nqpf_error_set(NQPF_EDATA, "a.csv: row 2, column 3: expected a number");
    assert_int_equal(nqpf__nomem_context(NQPF_EDATA, "reading %s", "a.csv"), NQPF_EDATA);
    assert_string_equal(nqpf_error_message(), "a.csv: row 2, column 3: expected a number");
    assert_int_equal(nqpf__nomem_context(NQPF_OK, "reading %s", "a.csv"), NQPF_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_without_size),
        cmocka_unit_test(test_message_with_size),
        cmocka_unit_test(test_wrappers),
        cmocka_unit_test(test_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
