/* Shared pieces of the readers and writers. */
#ifndef NQPF_IO_INTERNAL_H
#define NQPF_IO_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "nqpf/io.h"

static inline double nqpf__nan(void) { return NAN; }

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
int nqpf__read_file(const char *path, char **out, size_t *len);

/* A sheet: the cells of one delimited file or one spreadsheet sheet as UTF-8 text, collected row by
 * row by a reader, then turned into a table by one routine that every format shares (src/io/grid.c):
 * header row chosen or detected below title rows, several header rows combined, merged cells
 * filled, trailing empty rows and columns dropped, blank rows skipped, yearbook missing markers
 * and opts->na read as missing, opts->clean applied, column types inferred. Cells are kept in one
 * arena (not one allocation per cell), so a sheet costs little more than its text. */
typedef struct nqpf__sheet nqpf__sheet;

enum nqpf__sheet_kind {
    NQPF__SHEET_TEXT = 0,  /* delimited text: a data row whose width differs from the header's is an error */
    NQPF__SHEET_SPREADSHEET /* rows are sparse: missing cells are empty */
};

/* A new empty sheet; @p source is the file name used in messages (copied). NULL when out of memory. */
nqpf__sheet *nqpf__sheet_new(const char *source, enum nqpf__sheet_kind kind);
void nqpf__sheet_free(nqpf__sheet *s);
/* Sets cell @p col (0-based) of the current row to @p len bytes of UTF-8 @p text (need not be
 * NUL-terminated). Columns must come in increasing order; skipped columns are empty. */
int nqpf__sheet_cell(nqpf__sheet *s, size_t col, const char *text, size_t len);
/* Ends the current row, which is row @p src_row (1-based) of the file: the number messages give.
 * Rows must come in increasing order; skipped rows are empty. */
int nqpf__sheet_end_row(nqpf__sheet *s, size_t src_row);
/* Records a merged range over rows r0..r1 (1-based, file numbering) and columns c0..c1 (0-based),
 * inclusive: its cells take the value of the top-left cell where they fall in the header. */
int nqpf__sheet_merge(nqpf__sheet *s, size_t r0, size_t c0, size_t r1, size_t c1);
/* Builds the table (see nqpf_read_table()). Errors name the file, the file's row and column
 * (letters for spreadsheets, numbers for text). The numeric columns' arrays are handed to the table
 * (no copy): the sheet can only be freed afterwards, not read again. */
int nqpf__sheet_to_table(nqpf__sheet *s, nqpf_table **out, const nqpf_read_options *opts);

/* Adds numeric column @p name to @p t, taking @p values (t's row count of doubles, from
 * nqpf__malloc) as its array without a copy. On success the table owns @p values; on failure
 * (a duplicate name, no memory) the caller still does. Defined in src/data/table.c. */
int nqpf__table_adopt_num(nqpf_table *t, const char *name, double *values);

/* Days from 1970-01-01 to @p y-@p m-@p d (proleptic Gregorian), and back (src/io/calendar.c). */
long nqpf__days_from_civil(long y, int m, int d);
void nqpf__civil_from_days(long z, long *y, int *m, int *d);

int nqpf__read_csv(nqpf_table **out, const char *path, const nqpf_read_options *opts);
int nqpf__read_xlsx(nqpf_table **out, const char *path, const nqpf_read_options *opts);
int nqpf__read_xls(nqpf_table **out, const char *path, const nqpf_read_options *opts);
int nqpf__read_readstat(nqpf_table **out, const char *path, const nqpf_read_options *opts);

#endif
