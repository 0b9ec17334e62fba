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
} nqpf__xlsx;

/* Checks @p path as every writer does and opens a workbook on a temporary file beside it.
 * NQPF_EIO (message set) when the path is refused or the file cannot be created. */
int nqpf__xlsx_open(nqpf__xlsx *x, const char *path);

/* Adds a sheet named @p name (made a valid sheet name: at most 31 characters, []:*?/\ replaced by
 * _, UTF-8 kept whole; "table<k+1>" when nothing is left). NULL with *rc set on failure. */
lxw_worksheet *nqpf__xlsx_sheet(nqpf__xlsx *x, const char *name, size_t k, int *rc);

/* Writes @p t as a long table: bold header row (frozen), text and finite numbers as they are. */
int nqpf__xlsx_long_table(nqpf__xlsx *x, lxw_worksheet *ws, const nqpf_table *t, const char *name);

/* Adds the "provenance" sheet (key, value) when @p pv has entries. */
int nqpf__xlsx_provenance(nqpf__xlsx *x, const nqpf_provenance *pv);

/* Closes the workbook; with @p rc == NQPF_OK moves it into place, else removes it. Returns the
 * first error. */
int nqpf__xlsx_close(nqpf__xlsx *x, int rc);

#endif
