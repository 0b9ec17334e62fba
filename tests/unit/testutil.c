#define _GNU_SOURCE /* program_invocation_short_name */
#include "testutil.h"

#include <glpk.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *shared_dir(void)
{
    const char *dir = getenv("NQPF_SHARED_DIR");
    return dir && dir[0] ? dir : "../shared";
}

const char *tu_shared(const char *rel)
{
    static char buf[4096];
    if (strncmp(rel, "reference/", 10) == 0) {
        /* the in-tree copy first (tests/data/reference/, see its README.md) */
        const char *src = getenv("NQPF_SOURCE_DIR");
        snprintf(buf, sizeof buf, "%s/tests/data/%s", src ? src : ".", rel);
        if (access(buf, R_OK) == 0)
            return buf;
    }
    snprintf(buf, sizeof buf, "%s/%s", shared_dir(), rel);
    if (access(buf, R_OK) != 0)
        return NULL;
    return buf;
}

int tu_have_shared(void)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/reference", shared_dir());
    return access(buf, R_OK) == 0;
}

const char *tu_source(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("NQPF_SOURCE_DIR");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : ".", rel);
    return buf;
}

const char *tu_tmpdir(void)
{
    static char buf[2048];
    if (!buf[0]) {
        const char *base = getenv("NQPF_TEST_TMP");
        snprintf(buf, sizeof buf, "%s/unit-%ld", base ? base : "/tmp/nqpf-test", (long)getpid());
        char cmd[2200];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", buf);
        if (system(cmd) != 0)
            fail_msg("cannot create %s", buf);
    }
    return buf;
}

const char *tu_write_tmp(const char *name, const char *text)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(buf, "wb");
    if (!f)
        fail_msg("cannot write %s", buf);
    fputs(text, f);
    fclose(f);
    return buf;
}

nqpf_table *tu_read(const char *path)
{
    nqpf_table *t = NULL;
    int rc = nqpf_read_table(&t, path, NULL);
    if (rc != NQPF_OK)
        fail_msg("reading %s: %s", path, nqpf_error_message());
    return t;
}

nqpf_panel *tu_panel_from_text(const char *csv, const char *id, const char *time)
{
    nqpf_panel *p = NULL;
    nqpf_table *t = tu_read(tu_write_tmp("panel.csv", csv));
    if (nqpf_panel_new(&p, t, id, time) != NQPF_OK)
        fail_msg("panel: %s", nqpf_error_message());
    return p;
}

int tu_close(double a, double b, double rel_tol, double abs_tol)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= abs_tol + rel_tol * fabs(b);
}

int tu_system(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- case counts ----------------------------------------------------------------------------- */

/* The group being run: cmocka runs its cases in order, and calls every case's setup (ours, which
 * then calls the case's own) right before the case, so tu_cur is the index of the running case. */
static const struct CMUnitTest *tu_group;
static size_t tu_ncases, tu_started;
static long tu_cur = -1;
static unsigned char *tu_skipped; /* per case: 1 when it called skip() */
static char (*tu_skip_where)[160];

static int tu_setup_hook(void **state)
{
    tu_cur = (long)tu_started++;
    if (tu_cur >= 0 && (size_t)tu_cur < tu_ncases && tu_group[tu_cur].setup_func)
        return tu_group[tu_cur].setup_func(state);
    return 0;
}

void tu_skip(const char *file, int line)
{
    if (tu_skipped && tu_cur >= 0 && (size_t)tu_cur < tu_ncases) {
        tu_skipped[tu_cur] = 1;
        const char *base = strrchr(file, '/');
        snprintf(tu_skip_where[tu_cur], sizeof tu_skip_where[tu_cur], "%s:%d", base ? base + 1 : file, line);
    }
    _skip(file, line);
}

int tu_run_group_tests(const char *group_name, const struct CMUnitTest *tests, size_t n,
                       CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
    struct CMUnitTest *hooked = calloc(n ? n : 1, sizeof *hooked);
    tu_skipped = calloc(n ? n : 1, 1);
    tu_skip_where = calloc(n ? n : 1, sizeof *tu_skip_where);
    if (!hooked || !tu_skipped || !tu_skip_where) {
        fprintf(stderr, "testutil: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        hooked[i] = tests[i];
        hooked[i].setup_func = tu_setup_hook;
    }
    tu_group = tests;
    tu_ncases = n;
    tu_started = 0;
    tu_cur = -1;
    int failed = _cmocka_run_group_tests(group_name, hooked, n, group_setup, group_teardown);
    tu_cur = -1;

    size_t skipped = 0;
    for (size_t i = 0; i < n; i++)
        skipped += tu_skipped[i];
    /* A case that never started (a failed group setup) counts as failed. */
    size_t ran = tu_started < n ? tu_started : n;
    size_t passed = ran >= (size_t)failed + skipped ? ran - (size_t)failed - skipped : 0;
    size_t nfailed = n - passed - skipped;

    const char *prog = program_invocation_short_name;
    printf("%s: %zu cases: %zu passed, %zu failed, %zu skipped%s\n", prog, n, passed, nfailed, skipped,
           skipped == n && n ? " (all skipped: exit 77)" : "");
    for (size_t i = 0; i < n; i++)
        if (tu_skipped[i])
            printf("  skipped: %s (%s)\n", tests[i].name, tu_skip_where[i]);
    fflush(stdout);

    const char *dir = getenv("NQPF_TEST_RESULTS");
    if (dir && dir[0]) {
        char path[4096];
        snprintf(path, sizeof path, "mkdir -p '%s'", dir);
        if (system(path) != 0)
            fprintf(stderr, "testutil: cannot create %s\n", dir);
        snprintf(path, sizeof path, "%s/unit_%s.txt", dir, prog);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "testutil: cannot write %s: %s\n", path, strerror(errno));
        } else {
            fprintf(f, "test unit/%s\npassed %zu\nfailed %zu\nskipped %zu\n", prog, passed, nfailed, skipped);
            for (size_t i = 0; i < n; i++)
                if (tu_skipped[i])
                    fprintf(f, "skip %s (%s)\n", tests[i].name, tu_skip_where[i]);
            fclose(f);
        }
    }
    free(hooked);
    free(tu_skipped);
    free(tu_skip_where);
    tu_skipped = NULL;
    tu_skip_where = NULL;
    if (failed)
        return failed;
    if (nfailed)
        return 1;
    return n && skipped == n ? 77 : 0;
}

nqpf_table *tu_read_ok(const char *path, const nqpf_read_options *o)
{
    nqpf_table *t = NULL;
    if (nqpf_read_table(&t, path, o) != NQPF_OK)
        fail_msg("reading %s: %s", path, nqpf_error_message());
    return t;
}

void tu_assert_same_table(const nqpf_table *a, const nqpf_table *b, const char *what, int same_rows)
{
    if (nqpf_table_ncols(a) != nqpf_table_ncols(b) || nqpf_table_nrows(a) != nqpf_table_nrows(b))
        fail_msg("%s: %zu x %zu against %zu x %zu", what, nqpf_table_nrows(a), nqpf_table_ncols(a), nqpf_table_nrows(b),
                 nqpf_table_ncols(b));
    for (size_t j = 0; j < nqpf_table_ncols(a); j++) {
        if (strcmp(nqpf_table_colname(a, j), nqpf_table_colname(b, j)) != 0)
            fail_msg("%s: column %zu is '%s', not '%s'", what, j + 1, nqpf_table_colname(a, j), nqpf_table_colname(b, j));
        if (nqpf_table_is_text(a, j) != nqpf_table_is_text(b, j))
            fail_msg("%s: column '%s' differs in type", what, nqpf_table_colname(a, j));
        for (size_t i = 0; i < nqpf_table_nrows(a); i++) {
            if (same_rows && nqpf_table_src_row(a, i) != nqpf_table_src_row(b, i))
                fail_msg("%s: row %zu comes from row %zu, not %zu", what, i, nqpf_table_src_row(a, i),
                         nqpf_table_src_row(b, i));
            if (nqpf_table_is_text(a, j)) {
                const char *x = nqpf_table_text(a, j, i), *y = nqpf_table_text(b, j, i);
                if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
                    fail_msg("%s: column '%s', row %zu: '%s' against '%s'", what, nqpf_table_colname(a, j), i,
                             x ? x : "(missing)", y ? y : "(missing)");
            } else {
                double x = nqpf_table_cnum(a, j)[i], y = nqpf_table_cnum(b, j)[i];
                if (!(x == y || (isnan(x) && isnan(y))))
                    fail_msg("%s: column '%s', row %zu: %.17g against %.17g", what, nqpf_table_colname(a, j), i, x, y);
            }
        }
    }
}

double tu_glpk_solve(struct glp_prob *P, int exact, nqpf_lp_status *st)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_scale_prob(P, GLP_SF_AUTO);
    glp_adv_basis(P, 0);
    int ret = glp_simplex(P, &parm);
    if (ret == 0 && exact)
        ret = glp_exact(P, &parm);
    *st = NQPF_LP_FAILED;
    if (ret != 0)
        return NAN;
    int gs = glp_get_status(P);
    if (gs == GLP_OPT) {
        *st = NQPF_LP_OPTIMAL;
        return glp_get_obj_val(P);
    }
    if (gs == GLP_NOFEAS)
        *st = NQPF_LP_INFEASIBLE;
    else if (gs == GLP_UNBND)
        *st = NQPF_LP_UNBOUNDED;
    return NAN;
}
