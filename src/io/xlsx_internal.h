/* The XLSX writer's shared pieces: nqpf_write_tables (src/io/write.c) and the study's workbook with
 * paper-ready sheets (src/study/paper_tables.c) write through them, so both get the same output
 * checks (no symbolic link, device or input replaced; a rewritten file keeps its mode), the same
 * atomic temporary file, sheet names and long-table layout. */
#ifndef NQPF_XLSX_INTERNAL_H
#define NQPF_XLSX_INTERNAL_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "nqpf/io.h"

typedef struct nqpf__xlsx {
    lxw_workbook *wb;
    lxw_format *bold; /* header cells */
    const char *path; /* the target (borrowed) */
    char *tmp;        /* the temporary file beside it */
    char *tmpdir;     /* its folder, where libxlsxwriter keeps each sheet's rows until the close */
    int err;          /* the first failed cell write (message set then); later writes are skipped */
} nqpf__xlsx;

/* Checks @p path as every writer does and opens a workbook on a temporary file beside it.
 * NQPF_EIO (message set) when the path is refused or the file cannot be created.
 *
 * The workbook is in libxlsxwriter's constant_memory mode: each row goes to a temporary file in
 * the output's folder as soon as the next row starts, so memory stays that of one row whatever the
 * table's size (without it a 100,000 x 22 table needs some 200 MB, and libxlsxwriter crashes when
 * an allocation fails). The price: every sheet must be written row by row in increasing order
 * (columns within a row in any order), and texts are stored inline (t="inlineStr", which Excel,
 * LibreOffice and nqpf's own reader read) instead of in xl/sharedStrings.xml. */
int nqpf__xlsx_open(nqpf__xlsx *x, const char *path);

/* Write one cell through libxlsxwriter and check its answer: the first refusal (a string over
 * Excel's 32,767 characters, a row written after a later one, memory) is kept in x->err with its
 * message (naming the sheet and cell) and fails nqpf__xlsx_close, so a result never silently lacks
 * a cell. After a failure they do nothing. Return x->err. */
int nqpf__xlsx_str(nqpf__xlsx *x, lxw_worksheet *ws, size_t row, size_t col, const char *s, lxw_format *f);
int nqpf__xlsx_num(nqpf__xlsx *x, lxw_worksheet *ws, size_t row, size_t col, double v, lxw_format *f);

/* Adds a sheet named @p name (made a valid sheet name: at most 31 characters, []:*?/\ replaced by
 * _, UTF-8 kept whole; "table<k+1>" when nothing is left). NULL with *rc set on failure. */
lxw_worksheet *nqpf__xlsx_sheet(nqpf__xlsx *x, const char *name, size_t k, int *rc);

/* Writes @p t as a long table: bold header row (frozen), text and finite numbers as they are. */
int nqpf__xlsx_long_table(nqpf__xlsx *x, lxw_worksheet *ws, const nqpf_table *t, const char *name);

/* Adds the "provenance" sheet (key, value) when @p pv has entries. */
int nqpf__xlsx_provenance(nqpf__xlsx *x, const nqpf_provenance *pv);

/* Closes the workbook; with @p rc == NQPF_OK and no failed cell write moves it into place, else
 * removes it (no partial file is ever left). Returns the first error: NQPF_EIO "could not write
 * PATH: ..." when libxlsxwriter failed, NQPF_EINTERNAL "not enough memory for writing PATH" when
 * it ran out of memory. */
int nqpf__xlsx_close(nqpf__xlsx *x, int rc);

#endif
