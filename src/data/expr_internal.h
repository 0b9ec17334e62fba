/* The expression language's entry points shared inside src/data (not exported). */
#ifndef NQPF_EXPR_INTERNAL_H
#define NQPF_EXPR_INTERNAL_H

#include "nqpf/panel.h"
#include "nqpf/table.h"

/* "NAME=EXPR" over table @p t, which is @p p's table when @p p is not NULL (then lag/lead work and
 * the key columns cannot be replaced): adds or replaces column NAME, numeric or text by the
 * expression's type. Errors are keyed "let". The caller of a panel must drop cached columns. */
int nqpf__expr_let(const nqpf_panel *p, nqpf_table *t, const char *assignment);

#endif
