#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* Warnings are printed as they come and kept for the --log file (a growing text). */
static char *warnings;
static size_t warnings_len;
static int warnings_quiet;

static void on_warning(const char *msg, void *ud)
{
    (void)ud;
    if (!warnings_quiet)
        fprintf(stderr, "nqpf: warning: %s\n", msg);
    size_t add = strlen(msg) + 11;
    char *w = realloc(warnings, warnings_len + add);
    if (!w)
        return; /* the log loses a warning; stderr already has it */
    warnings = w;
    warnings_len += (size_t)snprintf(warnings + warnings_len, add, "warning: %s\n", msg);
}

void cli__install_warnings(int quiet)
{
    warnings_quiet = quiet;
    nqpf_set_warning_handler(on_warning, NULL);
}

void cli__free_warnings(void)
{
    free(warnings);
    warnings = NULL;
    warnings_len = 0;
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
    nqpf_read_options ro;
    char hex[65];
    /* The input is protected: no result of this run may replace it (nqpf_output_protect). */
    if ((rc = nqpf_read_options_parse(&ro, cli_data_optset(a))) || (rc = nqpf_output_protect(path)) ||
        (rc = nqpf_output_check(cli_get(a, "out"))) || (rc = nqpf_file_sha256(path, hex)) ||
        (rc = nqpf_read_table(out, path, &ro)))
        return rc;
    if (pv) {
        nqpf_provenance_set(pv, "nqpf_version", nqpf_version());
        nqpf_provenance_set(pv, "command_line", cli_cmdline(a));
        nqpf_provenance_set(pv, "input", path);
        nqpf_provenance_set(pv, "input_sha256", hex);
    }
    return NQPF_OK;
}

int cli_load_panel(cli_args *a, const char *default_id, const char *default_time, nqpf_panel **out,
                   nqpf_provenance *pv)
{
    nqpf_table *t = NULL;
    nqpf_panel *p = NULL;
    const nqpf_optset *data = cli_data_optset(a);
    *out = NULL;
    /* Missing keys are reported before the file is read. */
    if (!default_id && !nqpf_optset_has(data, "id"))
        return nqpf_opt_error(NQPF_EUSAGE, "id", "required: the column identifying the unit");
    if (!default_time && !nqpf_optset_has(data, "time"))
        return nqpf_opt_error(NQPF_EUSAGE, "time", "required: the column holding the time (year)");
    int rc = cli_load_table(a, &t, pv);
    if (rc == NQPF_OK)
        rc = nqpf_panel_from_options(&p, t, data, default_id, default_time);
    if (rc)
        return rc;
    if (pv) {
        char cnt[64];
        nqpf_provenance_set(pv, "id", nqpf_panel_id_col(p));
        nqpf_provenance_set(pv, "time", nqpf_panel_time_col(p));
        snprintf(cnt, sizeof cnt, "%zu", nqpf_panel_nobs(p));
        nqpf_provenance_set(pv, "observations", cnt);
        snprintf(cnt, sizeof cnt, "%zu", nqpf_panel_nunits(p));
        nqpf_provenance_set(pv, "units", cnt);
    }
    *out = p;
    return NQPF_OK;
}

static int write_log(cli_args *a, nqpf_provenance *pv)
{
    const char *log = cli_get(a, "log");
    if (!log)
        return NQPF_OK;
    char when[64];
    time_t now = time(NULL);
    struct tm tmv;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tmv));
    /* The run time goes only to the log, never into a result file, so that results are
     * byte-for-byte reproducible. */
    size_t cap = strlen(when) + 16 + warnings_len;
    for (size_t k = 0; k < nqpf_provenance_count(pv); k++)
        cap += strlen(nqpf_provenance_key(pv, k)) + strlen(nqpf_provenance_value(pv, k)) + 4;
    char *b = malloc(cap);
    if (!b)
        return nqpf_error_set(NQPF_EINTERNAL, "not enough memory for writing the log; close other programs, or use a "
                                              "machine with more memory");
    size_t len = (size_t)snprintf(b, cap, "run_at: %s\n", when);
    for (size_t k = 0; k < nqpf_provenance_count(pv); k++)
        len += (size_t)snprintf(b + len, cap - len, "%s: %s\n", nqpf_provenance_key(pv, k), nqpf_provenance_value(pv, k));
    if (warnings_len) {
        memcpy(b + len, warnings, warnings_len);
        len += warnings_len;
    }
    int rc = nqpf_write_file_atomic(log, b, len);
    free(b);
    return rc;
}

int cli_write_results(cli_args *a, const nqpf_table *const *tables, const char *const *names, size_t n,
                      nqpf_provenance *pv)
{
    /* Every positional argument is an input: a result must not replace one (the writers check). */
    int rc = NQPF_OK;
    for (size_t k = 0; k < cli_npos(a) && rc == NQPF_OK; k++)
        rc = nqpf_output_protect(cli_pos(a, k));
    if (rc == NQPF_OK)
        rc = nqpf_output_check(cli_get(a, "log"));
    if (rc == NQPF_OK)
        rc = nqpf_write_tables(cli_get(a, "out"), tables, names, n, pv);
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

int cli_write_all(cli_args *a, const nqpf_table *const *tables, const char *const *names, const char *const *side,
                  size_t n, nqpf_provenance *pv)
{
    const nqpf_table *present[16];
    const char *pnames[16];
    size_t np = 0;
    const char *out = cli_get(a, "out");
    int several = out && strcmp(out, "-") != 0 && nqpf_format_for_path(out) != NQPF_FMT_CSV;
    for (size_t k = 0; k < n && np < 16; k++)
        if (tables[k]) {
            present[np] = tables[k];
            pnames[np++] = names[k];
        }
    /* A CSV holds one table; JSON and XLSX hold every table the command made. With only the main
     * table, the sheet is named after the command, as for single-table commands. */
    int rc = several && np > 1 ? cli_write_results(a, present, pnames, np, pv) : cli_write_result(a, tables[0], pv);
    for (size_t k = 1; k < n && rc == NQPF_OK; k++)
        if (side && side[k] && tables[k] && cli_has(a, side[k]))
            rc = nqpf_write_table(cli_get(a, side[k]), tables[k], pv);
    return rc;
}
