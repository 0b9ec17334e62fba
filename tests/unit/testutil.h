/* Helpers shared by the cmocka unit tests. */
#ifndef NQPF_TESTUTIL_H
#define NQPF_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "nqpf.h"

/* Path of a file of the reference data, rel being relative to ../shared (e.g.
 * "reference/jl_malmquist5/data.csv"), or NULL when it is nowhere: the caller then skips with
 * skip(). A file under reference/ is taken first from the in-tree copy tests/data/<rel> (a small
 * licensed subset, so that a plain clone still asserts reference numbers), then from
 * $NQPF_SHARED_DIR (default ../shared). The returned string is static, valid until the next call. */
const char *tu_shared(const char *rel);

/* 1 when the full reference folder ($NQPF_SHARED_DIR/reference) is present, 0 otherwise. */
int tu_have_shared(void);

/* Path of a file under the source tree (data/, frameworks/, tests/data/...). Static buffer. */
const char *tu_source(const char *rel);

/* A fresh scratch folder for this test program (created on first use). Static buffer. */
const char *tu_tmpdir(void);

/* Reads @p path with @p o (NULL: defaults), failing the test with the library's message on error. */
nqpf_table *tu_read_ok(const char *path, const nqpf_read_options *o);

/* Fails the test (naming @p what) unless @p a and @p b have the same names, types and cells; numbers
 * compared exactly, NaN equal to NaN; with @p same_rows also the same source row of every row. */
void tu_assert_same_table(const nqpf_table *a, const nqpf_table *b, const char *what, int same_rows);

/* Writes text to a file in tu_tmpdir() and returns its path (static buffer). */
const char *tu_write_tmp(const char *name, const char *text);

/* Reads a CSV (or any supported) file into a table; fails the test on error. */
nqpf_table *tu_read(const char *path);

/* Builds a panel from CSV text; fails the test on error. */
nqpf_panel *tu_panel_from_text(const char *csv, const char *id, const char *time);

/* |a - b| <= abs_tol + rel_tol * |b|, with NaN equal to NaN. */
int tu_close(double a, double b, double rel_tol, double abs_tol);

/* Asserts tu_close() and prints both numbers and the context on failure. */
#define tu_assert_close(a, b, rel, abs_, ctx)                                                          \
    do {                                                                                              \
        double tu_a_ = (a), tu_b_ = (b);                                                              \
        if (!tu_close(tu_a_, tu_b_, (rel), (abs_)))                                                   \
            fail_msg("%s: got %.17g, expected %.17g (rel %g, abs %g)", (ctx), tu_a_, tu_b_, (double)(rel), \
                     (double)(abs_));                                                                 \
    } while (0)

/* Asserts that a call returns the given status and that the error message contains needle. */
#define tu_assert_error(call, code, needle)                                                           \
    do {                                                                                              \
        int tu_rc_ = (call);                                                                          \
        if (tu_rc_ != (code))                                                                         \
            fail_msg("expected status %d, got %d (%s)", (int)(code), tu_rc_, nqpf_error_message());   \
        if (!strstr(nqpf_error_message(), (needle)))                                                  \
            fail_msg("error message '%s' lacks '%s'", nqpf_error_message(), (needle));                \
    } while (0)

/* Runs a shell command and returns its exit status (for round trips through external tools). */
int tu_system(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Skips the current test case (cmocka's skip()) and records its name, so that the program can
 * count its skipped cases. */
void tu_skip(const char *file, int line);
#undef skip
#define skip() tu_skip(__FILE__, __LINE__)

/* cmocka_run_group_tests() with case counts: the program prints how many cases passed, failed and
 * were skipped (naming the skipped ones), writes them to $NQPF_TEST_RESULTS/unit_<program>.txt
 * for scripts/test.sh's summary, and returns 77 (ctest's SKIP_RETURN_CODE) when every case was
 * skipped, so that ctest reports the program as skipped rather than passed. */
int tu_run_group_tests(const char *group_name, const struct CMUnitTest *tests, size_t n,
                       CMFixtureFunction group_setup, CMFixtureFunction group_teardown);
#undef cmocka_run_group_tests
#define cmocka_run_group_tests(group_tests, group_setup, group_teardown)                                  \
    tu_run_group_tests(#group_tests, group_tests, sizeof(group_tests) / sizeof((group_tests)[0]), group_setup, \
                       group_teardown)

/* The independent LP oracle of the DEA tests: solves a plain GLPK problem (scaled, advanced basis,
 * simplex, then exact arithmetic when @p exact), sets *st to optimal, infeasible, unbounded or failed
 * and returns the objective (NaN unless optimal). The problem is not deleted. */
#include "lp/lp.h" /* nqpf_lp_status */
struct glp_prob;
double tu_glpk_solve(struct glp_prob *P, int exact, nqpf_lp_status *st);

#endif
