/**
 * @file expr.h
 * @brief The small expression language of --let, --where and framework columns.
 *
 * Grammar: numbers, "text" or 'text' literals, column names (letters, digits, '_', '.', any
 * non-ASCII UTF-8; or `backquoted`), + - * / ^ (right-associative power), unary minus, parentheses,
 * comparisons < <= > >= == != and logical && || ! (true = 1, false = 0), and functions:
 *  - numbers: log (ln) exp sqrt abs; lag(X) and lead(X) (one period within a unit; need a panel);
 *  - text: substr(S, START[, LEN]) (1-based, counting characters = UTF-8 code points, never bytes;
 *    without LEN to the end), replace(S, FROM, TO) (every occurrence; FROM not empty),
 *    shortname(S) (a region's short name: 北京市 -> 北京, 内蒙古自治区 -> 内蒙古, 苏州市 -> 苏州, from
 *    the gazetteer (nqpf/gazetteer.h) when it knows S, else S less one suffix such as 省 市 区 县
 *    自治区 when two characters remain), len(S) (characters), concat(A, B, ...) (numbers written
 *    in shortest round-trip form);
 *  - both: if(COND, A, B) (only the branch taken is evaluated; A and B of one type),
 *    coalesce(A, B, ...) (the first non-missing argument; all of one type).
 *
 * Values are numbers or text. A text column is read as numbers where a number is needed (codes
 * such as "000001"), and as text elsewhere; a number column where text is required (substr(gdp,
 * ...)) is an NQPF_EUSAGE error naming the function and the column. == and != compare text when
 * either side is text (a number column then compares by its cells' text: year == "2010").
 * Any missing operand gives a missing result (a missing COND makes if() missing; concat() with a
 * missing part is missing); an empty text result is missing. log of a value <= 0, sqrt of a
 * negative value and a substr position < 1 are data errors naming the row, never NaN.
 */
#ifndef NQPF_EXPR_H
#define NQPF_EXPR_H

#include <stddef.h>

#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_expr nqpf_expr;

/**
 * Parses @p src. Syntax errors (including a wrong number of function arguments) are NQPF_EUSAGE
 * with the character position. The caller owns @p *out (nqpf_expr_free()).
 */
int nqpf_expr_parse(nqpf_expr **out, const char *src);

/** Frees a parsed expression; NULL is allowed. */
void nqpf_expr_free(nqpf_expr *e);

/**
 * Evaluates @p e for every observation of @p p into @p out (nobs doubles). Unknown columns and
 * domain errors (log of <= 0) are NQPF_EDATA errors naming file, row and column; an expression
 * whose value is text, or a type mismatch, is NQPF_EUSAGE.
 */
int nqpf_expr_eval(const nqpf_expr *e, const nqpf_panel *p, double *out);

/**
 * Like nqpf_expr_eval() over the rows of @p p when it is not NULL, else over the rows of the plain
 * table @p t (then lag() and lead() are NQPF_EUSAGE errors asking for the options id and time).
 * @p out has one double per row.
 */
int nqpf_expr_eval_rows(const nqpf_expr *e, const nqpf_panel *p, const nqpf_table *t, double *out);

/**
 * Evaluates @p e for every row of @p t and stores the result as column @p name of @p t, replacing a
 * column of that name (after evaluation, so that x = x * 2 works): a numeric column when the
 * expression gives numbers, a text column when it gives text (a text column copied as it is, a
 * string function, if() of texts). @p p, when not NULL, is the panel whose table @p t is (for lag()
 * and lead()); NULL evaluates over the plain table. Errors as nqpf_expr_eval_rows().
 */
int nqpf_expr_assign(const nqpf_expr *e, const nqpf_panel *p, nqpf_table *t, const char *name);

/**
 * Applies "NAME=EXPR" to the plain table @p t (nqpf_expr_assign() without a panel). Errors are
 * keyed "let" (nqpf_error_key()), as nqpf_panel_let()'s.
 */
int nqpf_expr_let(nqpf_table *t, const char *assignment);

/**
 * Keeps the rows of the plain table @p *t for which @p where is true (non-zero, not missing),
 * replacing @p *t by a new table when rows go (source rows kept). Errors keyed "where"; no row
 * left is NQPF_EDATA.
 */
int nqpf_expr_filter(nqpf_table **t, const char *where);

/** Number of distinct column names @p e refers to. */
size_t nqpf_expr_ncolumns(const nqpf_expr *e);

/** The @p k-th distinct column name @p e refers to (0 <= k < nqpf_expr_ncolumns()). */
const char *nqpf_expr_column(const nqpf_expr *e, size_t k);

#ifdef __cplusplus
}
#endif
#endif
