#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_shared(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("NQPF_SHARED_DIR");
    if (!dir)
        dir = "../shared";
    snprintf(buf, sizeof buf, "%s/%s", dir, rel);
    if (access(buf, R_OK) != 0)
        return NULL;
    return buf;
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
