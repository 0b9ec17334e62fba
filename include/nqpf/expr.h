/**
 * @file expr.h
 * @brief The small expression language of --let, --where and framework columns.
 *
 * Grammar: numbers, column names (letters, digits, '_', '.', any non-ASCII UTF-8; or `backquoted`),
 * + - * / ^ (right-associative power), unary minus, parentheses, comparisons < <= > >= == != and
 * logical && || ! (true = 1, false = 0), functions log exp sqrt abs, lag(X) and lead(X) (one period
 * within a unit). Any missing operand gives a missing result; log of a value <= 0 and sqrt of a
 * negative value are data errors naming the row, never NaN.
 */
#ifndef NQPF_EXPR_H
#define NQPF_EXPR_H

#include <stddef.h>

#include "nqpf/panel.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_expr nqpf_expr;

/**
 * Parses @p src. Syntax errors are NQPF_EUSAGE with the character position. The caller owns
 * @p *out (nqpf_expr_free()).
 */
int nqpf_expr_parse(nqpf_expr **out, const char *src);

/** Frees a parsed expression; NULL is allowed. */
void nqpf_expr_free(nqpf_expr *e);

/**
 * Evaluates @p e for every observation of @p p into @p out (nobs doubles). Unknown columns and
 * domain errors (log of <= 0) are NQPF_EDATA errors naming file, row and column.
 */
int nqpf_expr_eval(const nqpf_expr *e, const nqpf_panel *p, double *out);

/** Number of distinct column names @p e refers to, and the k-th of them. */
size_t nqpf_expr_ncolumns(const nqpf_expr *e);
const char *nqpf_expr_column(const nqpf_expr *e, size_t k);

#ifdef __cplusplus
}
#endif
#endif
