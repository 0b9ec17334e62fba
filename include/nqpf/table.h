/**
 * @file table.h
 * @brief Column tables: what readers produce and what every method returns.
 *
 * A table has a fixed number of rows and named columns. A column is numeric (double, NaN = missing)
 * or text (NUL-terminated strings, NULL = missing). Each row remembers where it came from (the
 * source file and the 1-based row number a spreadsheet shows, header = row 1) so that errors found
 * long after reading can still name the cell.
 */
#ifndef NQPF_TABLE_H
#define NQPF_TABLE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_table nqpf_table;

/** Index value meaning "no such row or column". */
#define NQPF_NONE ((size_t)-1)

/**
 * Creates an empty table with @p nrows rows and no columns; NULL (with the error set) when out of
 * memory. The caller owns the result and frees it with nqpf_table_free().
 */
nqpf_table *nqpf_table_new(size_t nrows);

/** Frees a table and everything it owns; NULL is allowed. */
void nqpf_table_free(nqpf_table *t);

/** Number of rows. */
size_t nqpf_table_nrows(const nqpf_table *t);

/** Number of columns. */
size_t nqpf_table_ncols(const nqpf_table *t);

/** Name of column @p j (UTF-8). */
const char *nqpf_table_colname(const nqpf_table *t, size_t j);

/** Index of the column named @p name (exact, case-sensitive), or NQPF_NONE. */
size_t nqpf_table_find(const nqpf_table *t, const char *name);

/**
 * Appends a numeric column named @p name, copying @p values (nrows doubles; NULL = all missing).
 * Fails with NQPF_EUSAGE if the name is already taken. On success stores its index in @p *col
 * when @p col is not NULL.
 */
int nqpf_table_add_num(nqpf_table *t, const char *name, const double *values, size_t *col);

/**
 * Appends a text column, copying each string (NULL entries are missing; @p values NULL = all
 * missing). Same name rule and @p col as nqpf_table_add_num().
 */
int nqpf_table_add_text(nqpf_table *t, const char *name, const char *const *values, size_t *col);

/** Non-zero when column @p j is a text column. */
int nqpf_table_is_text(const nqpf_table *t, size_t j);

/** The values of numeric column @p j (writable, nrows long); NULL for a text column. */
double *nqpf_table_num(nqpf_table *t, size_t j);

/** Read-only view of numeric column @p j; NULL for a text column. */
const double *nqpf_table_cnum(const nqpf_table *t, size_t j);

/** Cell (@p i, @p j) of a text column, NULL when missing or when the column is numeric. */
const char *nqpf_table_text(const nqpf_table *t, size_t j, size_t i);

/** Replaces cell (@p i, @p j) of a text column with a copy of @p s (NULL = missing). */
int nqpf_table_set_text(nqpf_table *t, size_t j, size_t i, const char *s);

/**
 * Formats cell (@p i, @p j) into @p buf: numbers in shortest round-trip form, missing as "".
 * Returns @p buf.
 */
const char *nqpf_table_cell_str(const nqpf_table *t, size_t j, size_t i, char *buf, size_t bufsize);

/** Sets the name of the file the rows came from (copied; used in error messages). */
int nqpf_table_set_source(nqpf_table *t, const char *source);

/** The source file name ("" when none). */
const char *nqpf_table_source(const nqpf_table *t);

/** Sets the 1-based source row of row @p i (what a spreadsheet shows; header = 1). */
void nqpf_table_set_src_row(nqpf_table *t, size_t i, size_t src_row);

/** The 1-based source row of row @p i (row i + 2 unless set otherwise). */
size_t nqpf_table_src_row(const nqpf_table *t, size_t i);

/**
 * Returns a new table holding rows @p rows[0..n) of @p t in that order, with their source rows.
 * The caller owns the result.
 */
nqpf_table *nqpf_table_select_rows(const nqpf_table *t, const size_t *rows, size_t n);

/** Removes column @p j. */
void nqpf_table_drop_col(nqpf_table *t, size_t j);

/**
 * Writes the shortest decimal string that reads back to exactly @p x ("" for NaN, "inf"/"-inf"
 * for infinities) into @p buf (at least 32 bytes). Returns @p buf.
 */
char *nqpf_format_double(double x, char *buf, size_t bufsize);

/**
 * Parses a whole cell as a number (leading/trailing blanks allowed). Returns 1 and stores the value
 * on success, 0 when the text is not a number.
 */
int nqpf_parse_double(const char *s, double *out);

#ifdef __cplusplus
}
#endif
#endif
