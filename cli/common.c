#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../src/util/util.h"

/* Warnings are printed as they come and kept for the --log file. */
static nqpf__buf warnings = NQPF__BUF_INIT;
static int warnings_quiet;

static void on_warning(const char *msg, void *ud)
{
    (void)ud;
    if (!warnings_quiet)
        fprintf(stderr, "nqpf: warning: %s\n", msg);
    nqpf__buf_printf(&warnings, "warning: %s\n", msg);
}

void cli__install_warnings(int quiet)
{
    warnings_quiet = quiet;
    nqpf_set_warning_handler(on_warning, NULL);
}

void cli__free_warnings(void) { nqpf__buf_free(&warnings); }

static int parse_delim(const char *s, char *out)
{
    if (!s) {
        *out = 0;
        return NQPF_OK;
    }
    if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
        *out = '\t';
    else if (strlen(s) == 1 && strchr(",;|", s[0]))
        *out = s[0];
    else
        return nqpf_error_set(NQPF_EUSAGE, "--delim: expected ',', ';', '|' or 'tab', found '%s'", s);
    return NQPF_OK;
}

int cli_load_table(cli_args *a, nqpf_table **out, nqpf_provenance *pv)
{
    *out = NULL;
    const char *name = cli_args_command(a)->name;
    if (cli_npos(a) != 1)
        return nqpf_error_set(NQPF_EUSAGE, "%s: expected one DATA file, found %zu (see 'nqpf %s --help')", name,
                              cli_npos(a), name);
    const char *path = cli_pos(a, 0);
    int rc;
    nqpf_read_options ro = NQPF_READ_OPTIONS_INIT;
    char **na = NULL;
    size_t nna = 0;
    char hex[65];
    if ((rc = parse_delim(cli_get(a, "delim"), &ro.delim)) || (rc = cli_get_list(a, "na", &na, &nna)))
        goto done;
    ro.na = (const char *const *)na;
    if ((rc = nqpf_file_sha256(path, hex)) || (rc = nqpf_read_table(out, path, &ro)))
        goto done;
    if (pv) {
        nqpf_provenance_set(pv, "nqpf_version", nqpf_version());
        nqpf_provenance_set(pv, "command_line", cli_cmdline(a));
        nqpf_provenance_set(pv, "input", path);
        nqpf_provenance_set(pv, "input_sha256", hex);
    }
done:
    free(na);
    return rc;
}

int cli_load_panel(cli_args *a, const char *default_id, const char *default_time, nqpf_panel **out,
                   nqpf_provenance *pv)
{
    *out = NULL;
    const char *name = cli_args_command(a)->name;
    const char *id = cli_get(a, "id") ? cli_get(a, "id") : default_id;
    const char *tm = cli_get(a, "time") ? cli_get(a, "time") : default_time;
    if (!id)
        return nqpf_error_set(NQPF_EUSAGE, "%s: --id COL is required", name);
    if (!tm)
        return nqpf_error_set(NQPF_EUSAGE, "%s: --time COL is required", name);
    long from, to;
    int rc;
    nqpf_table *t = NULL;
    nqpf_panel *p = NULL;
    if ((rc = cli_get_long(a, "from", LONG_MIN, &from)) || (rc = cli_get_long(a, "to", LONG_MAX, &to)))
        return rc;
    if (from > to)
        return nqpf_error_set(NQPF_EUSAGE, "--from %ld is after --to %ld", from, to);
    if ((rc = cli_load_table(a, &t, pv)))
        return rc;
    rc = nqpf_panel_new(&p, t, id, tm);
    t = NULL;
    if (rc)
        goto done;
    size_t nlet;
    const char *const *lets = cli_get_all(a, "let", &nlet);
    for (size_t k = 0; k < nlet; k++)
        if ((rc = nqpf_panel_let(p, lets[k])))
            goto done;
    if (cli_has(a, "where") || cli_has(a, "from") || cli_has(a, "to"))
        if ((rc = nqpf_panel_filter(p, cli_get(a, "where"), from, to)))
            goto done;
    if (pv) {
        nqpf_provenance_set(pv, "id", id);
        nqpf_provenance_set(pv, "time", tm);
        char cnt[64];
        snprintf(cnt, sizeof cnt, "%zu", nqpf_panel_nobs(p));
        nqpf_provenance_set(pv, "observations", cnt);
        snprintf(cnt, sizeof cnt, "%zu", nqpf_panel_nunits(p));
        nqpf_provenance_set(pv, "units", cnt);
    }
    *out = p;
    p = NULL;
done:
    nqpf_panel_free(p);
    return rc;
}

static int write_log(cli_args *a, nqpf_provenance *pv)
{
    const char *log = cli_get(a, "log");
    if (!log)
        return NQPF_OK;
    nqpf__buf b = NQPF__BUF_INIT;
    char when[64];
    time_t now = time(NULL);
    struct tm tmv;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tmv));
    /* The run time goes only to the log, never into a result file, so that results are
     * byte-for-byte reproducible. */
    nqpf__buf_printf(&b, "run_at: %s\n", when);
    for (size_t k = 0; k < nqpf_provenance_count(pv); k++)
        nqpf__buf_printf(&b, "%s: %s\n", nqpf_provenance_key(pv, k), nqpf_provenance_value(pv, k));
    if (warnings.len)
        nqpf__buf_append(&b, warnings.data, warnings.len);
    int rc = b.failed ? NQPF_EINTERNAL : nqpf_write_file_atomic(log, b.data, b.len);
    nqpf__buf_free(&b);
    return rc;
}

int cli_write_results(cli_args *a, const nqpf_table *const *tables, const char *const *names, size_t n,
                      nqpf_provenance *pv)
{
    int rc = nqpf_write_tables(cli_get(a, "out"), tables, names, n, pv);
    if (rc == NQPF_OK)
        rc = write_log(a, pv);
    return rc;
}

int cli_write_result(cli_args *a, const nqpf_table *t, nqpf_provenance *pv)
{
    const char *name = cli_args_command(a)->name;
    return cli_write_results(a, &t, &name, 1, pv);
}

void cli_provenance_options(cli_args *a, nqpf_provenance *pv)
{
    const nqpf_optset *set = cli_optset(a);
    if (!set || !pv)
        return;
    for (const nqpf_optdef *d = nqpf_optset_method(set)->opts; d->key; d++) {
        const char *v = nqpf_optset_text(set, d->key);
        if (v && (d->type != NQPF_OPT_FLAG || nqpf_optset_has(set, d->key)))
            nqpf_provenance_set(pv, d->key, v);
    }
}
