/* Stata (.dta) and SPSS (.sav, .zsav, .por) files through ReadStat. Values are turned into their
 * exact shortest decimal strings and go through the same sheet -> table routine as CSV files
 * (src/io/grid.c), so both readers give identical tables for identical data. */
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io_internal.h"
#include "../util/util.h"

typedef struct statctx {
    const char *name;
    char **header;
    size_t ncols;
    char **cells; /* nrows x ncols, row-major */
    size_t nrows, caprows;
    size_t file_size; /* bytes */
    size_t max_ratio; /* a row of v values takes at least v / max_ratio bytes (zsav: compressed) */
    int rc;
    char errmsg[256];
} statctx;

static int on_metadata(readstat_metadata_t *md, void *ctx)
{
    statctx *cx = ctx;
    int rows = readstat_get_row_count(md);
    int vars = readstat_get_var_count(md);
    /* The header's row count is only a claim: a row of V variables takes at least V bytes in a
     * .dta (each value 1 byte or more), a .sav (a value is 8 bytes, or 1 compression code) and a
     * .por (text), so the file's size bounds the rows. A .zsav is deflated: at most 1032 times. A
     * claim beyond that is a damaged or crafted header; nothing is reserved by it. */
    if (rows > 0 && vars > 0) {
        size_t most = cx->file_size / (size_t)vars * cx->max_ratio;
        if ((size_t)rows > most) {
            cx->rc = nqpf_error_set(NQPF_EDATA,
                                    "%s: the header claims %d rows but the file holds at most %zu (%zu bytes, %d "
                                    "variables); the file is damaged or truncated: export it again",
                                    cx->name, rows, most, cx->file_size, vars);
            return READSTAT_HANDLER_ABORT;
        }
        cx->caprows = (size_t)rows;
    }
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *var, const char *val_labels, void *ctx)
{
    (void)val_labels;
    statctx *cx = ctx;
    char **h = nqpf__realloc(cx->header, (size_t)index + 1, sizeof *h);
    if (!h) {
        cx->rc = NQPF_EINTERNAL;
        return READSTAT_HANDLER_ABORT;
    }
    cx->header = h;
    const char *nm = readstat_variable_get_name(var);
    if (!(h[index] = nqpf__strdup(nm ? nm : ""))) {
        cx->rc = NQPF_EINTERNAL;
        return READSTAT_HANDLER_ABORT;
    }
    cx->ncols = (size_t)index + 1;
    return READSTAT_HANDLER_OK;
}

static int ensure_row(statctx *cx, size_t row)
{
    if (row < cx->nrows)
        return NQPF_OK;
    if (row >= cx->caprows || !cx->cells) {
        size_t cap = cx->caprows > row ? cx->caprows : (row + 1) * 2;
        char **c = nqpf__realloc(cx->cells, cap, cx->ncols * sizeof *c);
        if (!c)
            return NQPF_EINTERNAL;
        cx->cells = c;
        cx->caprows = cap;
    }
    for (size_t r = cx->nrows; r <= row; r++)
        for (size_t j = 0; j < cx->ncols; j++)
            cx->cells[r * cx->ncols + j] = NULL;
    cx->nrows = row + 1;
    return NQPF_OK;
}

static int on_value(int obs_index, readstat_variable_t *var, readstat_value_t value, void *ctx)
{
    statctx *cx = ctx;
    size_t j = (size_t)readstat_variable_get_index(var);
    if (obs_index < 0 || j >= cx->ncols || ensure_row(cx, (size_t)obs_index) != NQPF_OK) {
        cx->rc = nqpf_error_code() ? nqpf_error_code() : NQPF_EINTERNAL;
        return READSTAT_HANDLER_ABORT;
    }
    char buf[64];
    const char *s = "";
    if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
        s = readstat_string_value(value);
        if (!s)
            s = "";
    } else if (!readstat_value_is_missing(value, var)) {
        s = nqpf_format_double(readstat_double_value(value), buf, sizeof buf);
    }
    char *copy = nqpf__strdup(s);
    if (!copy) {
        cx->rc = NQPF_EINTERNAL;
        return READSTAT_HANDLER_ABORT;
    }
    cx->cells[(size_t)obs_index * cx->ncols + j] = copy;
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *ctx)
{
    statctx *cx = ctx;
    snprintf(cx->errmsg, sizeof cx->errmsg, "%s", msg);
}

int nqpf__read_readstat(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    statctx cx = {0};
    cx.name = nqpf__basename(path);
    readstat_parser_t *parser = readstat_parser_init();
    if (!parser)
        return nqpf_error_set(NQPF_EINTERNAL, "ReadStat initialisation failed");
    readstat_set_metadata_handler(parser, on_metadata);
    readstat_set_variable_handler(parser, on_variable);
    readstat_set_value_handler(parser, on_value);
    readstat_set_error_handler(parser, on_error);
    FILE *probe = fopen(path, "rb");
    int rc = NQPF_OK;
    nqpf__sheet *sheet = NULL;
    if (!probe) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: cannot open: no such file or not readable", path);
        goto done;
    }
    fclose(probe);
    struct stat st;
    cx.file_size = stat(path, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
    cx.max_ratio = nqpf__ends_with_ci(path, ".zsav") ? 1032 : 1;
    readstat_error_t err;
    if (nqpf__ends_with_ci(path, ".dta"))
        err = readstat_parse_dta(parser, path, &cx);
    else if (nqpf__ends_with_ci(path, ".por"))
        err = readstat_parse_por(parser, path, &cx);
    else
        err = readstat_parse_sav(parser, path, &cx);
    if (cx.rc != NQPF_OK) {
        rc = cx.rc;
        goto done;
    }
    if (err != READSTAT_OK) {
        rc = nqpf_error_set(NQPF_EDATA,
                            "%s: expected a %s file, found one ReadStat cannot read: %s%s%s (a damaged or "
                            "truncated copy? export it again from Stata or SPSS)",
                            cx.name,
                            nqpf__ends_with_ci(path, ".dta")   ? "Stata .dta"
                            : nqpf__ends_with_ci(path, ".por") ? "SPSS .por"
                                                               : "SPSS .sav",
                            readstat_error_message(err), cx.errmsg[0] ? ": " : "", cx.errmsg);
        goto done;
    }
    /* Cells ReadStat never reported (should not happen) are missing. */
    for (size_t k = 0; k < cx.nrows * cx.ncols; k++)
        if (!cx.cells[k] && !(cx.cells[k] = nqpf__strdup(""))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
    /* The same sheet -> table routine as every other format: the variable names are row 1, the
     * observations rows 2, 3, ... (so a .dta and its CSV export give identical tables). */
    if (!(sheet = nqpf__sheet_new(cx.name, NQPF__SHEET_TEXT))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t j = 0; j < cx.ncols && rc == NQPF_OK; j++)
        rc = nqpf__sheet_cell(sheet, j, cx.header[j], strlen(cx.header[j]));
    if (rc == NQPF_OK)
        rc = nqpf__sheet_end_row(sheet, 1);
    for (size_t i = 0; i < cx.nrows && rc == NQPF_OK; i++) {
        for (size_t j = 0; j < cx.ncols && rc == NQPF_OK; j++) {
            const char *v = cx.cells[i * cx.ncols + j];
            rc = nqpf__sheet_cell(sheet, j, v, strlen(v));
        }
        if (rc == NQPF_OK)
            rc = nqpf__sheet_end_row(sheet, i + 2);
    }
    if (rc == NQPF_OK) {
        nqpf_read_options ro = NQPF_READ_OPTIONS_INIT;
        if (opts)
            ro = *opts;
        ro.header_row = 1; /* the variable names; no title rows in a data set */
        ro.header_rows = 1;
        rc = nqpf__sheet_to_table(sheet, out, &ro);
    }
done:
    nqpf__sheet_free(sheet);
    readstat_parser_free(parser);
    for (size_t j = 0; j < cx.ncols; j++)
        free(cx.header[j]);
    free(cx.header);
    for (size_t k = 0; k < cx.nrows * cx.ncols; k++)
        free(cx.cells[k]);
    free(cx.cells);
    return rc;
}
