/* Recursive-descent parser and tree-walking evaluator for the expression language (see expr.h).
 * Evaluation is per observation so that lag()/lead() can move to a neighbouring observation of
 * the same unit; data sets here are small enough that a tree walk costs nothing noticeable. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "../util/util.h"

enum kind {
    N_NUM, N_COL, N_STR, N_NEG, N_NOT, N_ADD, N_SUB, N_MUL, N_DIV, N_POW,
    N_LT, N_LE, N_GT, N_GE, N_EQ, N_NE, N_AND, N_OR,
    N_LOG, N_EXP, N_SQRT, N_ABS, N_LAG, N_LEAD
};

typedef struct node {
    enum kind kind;
    double num;
    char *name;         /* column name or string literal */
    struct node *a, *b;
    size_t pos, len;    /* span in the source, for messages */
    /* resolved at evaluation time */
    const double *col;
    size_t tcol;        /* text column index for string comparisons */
} node;

struct nqpf_expr {
    node *root;
    char *src;
    char **cols;
    size_t ncols;
};

typedef struct parser {
    const char *s;
    size_t i;
    int rc;
} parser;

static void node_free(node *n)
{
    if (!n)
        return;
    node_free(n->a);
    node_free(n->b);
    free(n->name);
    free(n);
}

void nqpf_expr_free(nqpf_expr *e)
{
    if (!e)
        return;
    node_free(e->root);
    for (size_t k = 0; k < e->ncols; k++)
        free(e->cols[k]);
    free(e->cols);
    free(e->src);
    free(e);
}

static node *mk(parser *ps, enum kind k, node *a, node *b, size_t pos)
{
    node *n = nqpf__calloc(1, sizeof *n);
    if (!n) {
        ps->rc = NQPF_EINTERNAL;
        node_free(a);
        node_free(b);
        return NULL;
    }
    n->kind = k;
    n->a = a;
    n->b = b;
    n->pos = pos;
    n->len = ps->i > pos ? ps->i - pos : 1;
    return n;
}

static void skip_ws(parser *ps)
{
    while (isspace((unsigned char)ps->s[ps->i]))
        ps->i++;
}

static node *syntax(parser *ps, const char *what)
{
    if (ps->rc == NQPF_OK) {
        if (ps->s[ps->i])
            ps->rc = nqpf_error_set(NQPF_EUSAGE, "expression '%s': %s at character %zu ('%.10s')", ps->s, what,
                                    ps->i + 1, ps->s + ps->i);
        else
            ps->rc = nqpf_error_set(NQPF_EUSAGE, "expression '%s': %s at the end", ps->s, what);
    }
    return NULL;
}

static int ident_char(unsigned char c) { return isalnum(c) || c == '_' || c == '.' || c >= 0x80; }

static node *parse_or(parser *ps);

static node *parse_primary(parser *ps)
{
    skip_ws(ps);
    size_t pos = ps->i;
    unsigned char c = (unsigned char)ps->s[ps->i];
    if (c == '(') {
        ps->i++;
        node *n = parse_or(ps);
        if (!n)
            return NULL;
        skip_ws(ps);
        if (ps->s[ps->i] != ')') {
            node_free(n);
            return syntax(ps, "expected ')'");
        }
        ps->i++;
        return n;
    }
    if (isdigit(c) || (c == '.' && isdigit((unsigned char)ps->s[ps->i + 1]))) {
        char *end;
        double v = strtod(ps->s + ps->i, &end);
        ps->i = (size_t)(end - ps->s);
        node *n = mk(ps, N_NUM, NULL, NULL, pos);
        if (n)
            n->num = v;
        return n;
    }
    if (c == '"' || c == '\'') {
        char q = (char)c;
        size_t start = ++ps->i;
        while (ps->s[ps->i] && ps->s[ps->i] != q)
            ps->i++;
        if (ps->s[ps->i] != q)
            return syntax(ps, "unterminated string");
        node *n = mk(ps, N_STR, NULL, NULL, pos);
        if (n && !(n->name = nqpf__strndup(ps->s + start, ps->i - start))) {
            ps->rc = NQPF_EINTERNAL;
            node_free(n);
            return NULL;
        }
        ps->i++;
        return n;
    }
    if (c == '`') {
        size_t start = ++ps->i;
        while (ps->s[ps->i] && ps->s[ps->i] != '`')
            ps->i++;
        if (ps->s[ps->i] != '`' || ps->i == start)
            return syntax(ps, "unterminated `column name`");
        node *n = mk(ps, N_COL, NULL, NULL, pos);
        if (n && !(n->name = nqpf__strndup(ps->s + start, ps->i - start))) {
            ps->rc = NQPF_EINTERNAL;
            node_free(n);
            return NULL;
        }
        ps->i++;
        return n;
    }
    if (ident_char(c)) {
        size_t start = ps->i;
        while (ident_char((unsigned char)ps->s[ps->i]))
            ps->i++;
        size_t len = ps->i - start;
        size_t save = ps->i;
        skip_ws(ps);
        if (ps->s[ps->i] == '(') {
            static const struct { const char *name; enum kind k; } fns[] = {
                {"log", N_LOG}, {"ln", N_LOG}, {"exp", N_EXP}, {"sqrt", N_SQRT},
                {"abs", N_ABS}, {"lag", N_LAG}, {"lead", N_LEAD}};
            for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
                if (strlen(fns[f].name) == len && strncmp(fns[f].name, ps->s + start, len) == 0) {
                    ps->i++;
                    node *arg = parse_or(ps);
                    if (!arg)
                        return NULL;
                    skip_ws(ps);
                    if (ps->s[ps->i] != ')') {
                        node_free(arg);
                        return syntax(ps, "expected ')' after the function argument");
                    }
                    ps->i++;
                    return mk(ps, fns[f].k, arg, NULL, pos);
                }
            }
            ps->i = start;
            return syntax(ps, "unknown function (known: log exp sqrt abs lag lead)");
        }
        ps->i = save;
        node *n = mk(ps, N_COL, NULL, NULL, pos);
        if (n && !(n->name = nqpf__strndup(ps->s + start, len))) {
            ps->rc = NQPF_EINTERNAL;
            node_free(n);
            return NULL;
        }
        return n;
    }
    return syntax(ps, "expected a number, a column or '('");
}

static node *parse_unary(parser *ps);

static node *parse_power(parser *ps)
{
    size_t pos = ps->i;
    node *a = parse_primary(ps);
    if (!a)
        return NULL;
    skip_ws(ps);
    if (ps->s[ps->i] == '^') {
        ps->i++;
        node *b = parse_unary(ps); /* right-associative; allows 2^-1 */
        if (!b) {
            node_free(a);
            return NULL;
        }
        return mk(ps, N_POW, a, b, pos);
    }
    return a;
}

static node *parse_unary(parser *ps)
{
    skip_ws(ps);
    size_t pos = ps->i;
    if (ps->s[ps->i] == '-' || (ps->s[ps->i] == '!' && ps->s[ps->i + 1] != '=')) {
        enum kind k = ps->s[ps->i] == '-' ? N_NEG : N_NOT;
        ps->i++;
        node *a = parse_unary(ps);
        return a ? mk(ps, k, a, NULL, pos) : NULL;
    }
    if (ps->s[ps->i] == '+') {
        ps->i++;
        return parse_unary(ps);
    }
    return parse_power(ps);
}

static node *parse_mul(parser *ps)
{
    size_t pos = ps->i;
    node *a = parse_unary(ps);
    while (a) {
        skip_ws(ps);
        char c = ps->s[ps->i];
        if (c != '*' && c != '/')
            break;
        ps->i++;
        node *b = parse_unary(ps);
        if (!b) {
            node_free(a);
            return NULL;
        }
        a = mk(ps, c == '*' ? N_MUL : N_DIV, a, b, pos);
    }
    return a;
}

static node *parse_add(parser *ps)
{
    size_t pos = ps->i;
    node *a = parse_mul(ps);
    while (a) {
        skip_ws(ps);
        char c = ps->s[ps->i];
        if (c != '+' && c != '-')
            break;
        ps->i++;
        node *b = parse_mul(ps);
        if (!b) {
            node_free(a);
            return NULL;
        }
        a = mk(ps, c == '+' ? N_ADD : N_SUB, a, b, pos);
    }
    return a;
}

static node *parse_cmp(parser *ps)
{
    size_t pos = ps->i;
    node *a = parse_add(ps);
    if (!a)
        return NULL;
    skip_ws(ps);
    const char *s = ps->s + ps->i;
    enum kind k;
    size_t w = 2;
    if (strncmp(s, "<=", 2) == 0) k = N_LE;
    else if (strncmp(s, ">=", 2) == 0) k = N_GE;
    else if (strncmp(s, "==", 2) == 0) k = N_EQ;
    else if (strncmp(s, "!=", 2) == 0) k = N_NE;
    else if (*s == '<') { k = N_LT; w = 1; }
    else if (*s == '>') { k = N_GT; w = 1; }
    else if (*s == '=') {
        node_free(a);
        return syntax(ps, "'=' is not a comparison; use '=='");
    } else
        return a;
    ps->i += w;
    node *b = parse_add(ps);
    if (!b) {
        node_free(a);
        return NULL;
    }
    return mk(ps, k, a, b, pos);
}

static node *parse_and(parser *ps)
{
    size_t pos = ps->i;
    node *a = parse_cmp(ps);
    while (a) {
        skip_ws(ps);
        if (strncmp(ps->s + ps->i, "&&", 2) != 0)
            break;
        ps->i += 2;
        node *b = parse_cmp(ps);
        if (!b) {
            node_free(a);
            return NULL;
        }
        a = mk(ps, N_AND, a, b, pos);
    }
    return a;
}

static node *parse_or(parser *ps)
{
    size_t pos = ps->i;
    node *a = parse_and(ps);
    while (a) {
        skip_ws(ps);
        if (strncmp(ps->s + ps->i, "||", 2) != 0)
            break;
        ps->i += 2;
        node *b = parse_and(ps);
        if (!b) {
            node_free(a);
            return NULL;
        }
        a = mk(ps, N_OR, a, b, pos);
    }
    return a;
}

static int collect_cols(nqpf_expr *e, const node *n)
{
    if (!n)
        return NQPF_OK;
    if (n->kind == N_COL) {
        for (size_t k = 0; k < e->ncols; k++)
            if (strcmp(e->cols[k], n->name) == 0)
                return NQPF_OK;
        char **c = nqpf__realloc(e->cols, e->ncols + 1, sizeof *c);
        if (!c)
            return NQPF_EINTERNAL;
        e->cols = c;
        if (!(e->cols[e->ncols] = nqpf__strdup(n->name)))
            return NQPF_EINTERNAL;
        e->ncols++;
    }
    int rc = collect_cols(e, n->a);
    return rc ? rc : collect_cols(e, n->b);
}

int nqpf_expr_parse(nqpf_expr **out, const char *src)
{
    *out = NULL;
    nqpf_expr *e = nqpf__calloc(1, sizeof *e);
    if (!e)
        return NQPF_EINTERNAL;
    if (!(e->src = nqpf__strdup(src))) {
        free(e);
        return NQPF_EINTERNAL;
    }
    parser ps = {e->src, 0, NQPF_OK};
    skip_ws(&ps);
    if (!ps.s[ps.i]) {
        nqpf_expr_free(e);
        return nqpf_error_set(NQPF_EUSAGE, "empty expression");
    }
    e->root = parse_or(&ps);
    if (e->root) {
        skip_ws(&ps);
        if (ps.s[ps.i])
            syntax(&ps, "unexpected text");
    }
    if (ps.rc == NQPF_OK && !e->root)
        ps.rc = NQPF_EINTERNAL;
    if (ps.rc == NQPF_OK)
        ps.rc = collect_cols(e, e->root);
    if (ps.rc != NQPF_OK) {
        nqpf_expr_free(e);
        return ps.rc;
    }
    *out = e;
    return NQPF_OK;
}

size_t nqpf_expr_ncolumns(const nqpf_expr *e) { return e->ncols; }
const char *nqpf_expr_column(const nqpf_expr *e, size_t k) { return e->cols[k]; }

typedef struct evalctx {
    const nqpf_expr *e;
    const nqpf_panel *p;
    int rc;
} evalctx;

static int resolve(evalctx *cx, node *n)
{
    if (!n)
        return NQPF_OK;
    if (n->kind == N_EQ || n->kind == N_NE) {
        node *col = NULL, *str = NULL;
        if (n->a->kind == N_COL && n->b->kind == N_STR)
            col = n->a, str = n->b;
        else if (n->b->kind == N_COL && n->a->kind == N_STR)
            col = n->b, str = n->a;
        if (col) {
            const nqpf_table *t = nqpf_panel_table(cx->p);
            size_t j = nqpf_table_find(t, col->name);
            if (j == NQPF_NONE) {
                const double *dummy;
                return nqpf_panel_column(cx->p, col->name, &dummy);
            }
            col->tcol = j;
            col->col = NULL;
            (void)str;
            return NQPF_OK;
        }
    }
    if (n->kind == N_STR)
        return nqpf_error_set(NQPF_EUSAGE, "expression '%s': a string can only be compared with == or != to a column",
                              cx->e->src);
    if (n->kind == N_COL) {
        int rc = nqpf_panel_column(cx->p, n->name, &n->col);
        if (rc != NQPF_OK)
            return rc;
        return NQPF_OK;
    }
    int rc = resolve(cx, n->a);
    return rc ? rc : resolve(cx, n->b);
}

static double domain_error(evalctx *cx, const node *n, size_t i, const char *what, double x)
{
    if (cx->rc == NQPF_OK) {
        char w[512], b[40];
        nqpf_panel_where(cx->p, i, w, sizeof w);
        nqpf_format_double(x, b, sizeof b);
        if (n->a->kind == N_COL)
            cx->rc = nqpf_error_set(NQPF_EDATA, "%s, column '%s': %s, found %s", w, n->a->name, what, b);
        else
            cx->rc = nqpf_error_set(NQPF_EDATA, "%s, expression '%.*s': %s, found %s", w, (int)n->len,
                                    cx->e->src + n->pos, what, b);
    }
    return NAN;
}

static double cell_text_eq(evalctx *cx, const node *col, const node *str, size_t i)
{
    const nqpf_table *t = nqpf_panel_table(cx->p);
    char buf[64];
    const char *s = nqpf_table_is_text(t, col->tcol) ? nqpf_table_text(t, col->tcol, i)
                                                     : nqpf_table_cell_str(t, col->tcol, i, buf, sizeof buf);
    if (!s)
        return NAN;
    return strcmp(s, str->name) == 0;
}

static double eval(evalctx *cx, const node *n, size_t i)
{
    double a, b;
    switch (n->kind) {
    case N_NUM: return n->num;
    case N_COL: return n->col[i];
    case N_STR: return NAN;
    case N_NEG: return -eval(cx, n->a, i);
    case N_NOT: a = eval(cx, n->a, i); return isnan(a) ? NAN : (a == 0);
    case N_LAG: {
        size_t j = nqpf_panel_prev(cx->p, i);
        return j == NQPF_NONE ? NAN : eval(cx, n->a, j);
    }
    case N_LEAD: {
        size_t j = nqpf_panel_next(cx->p, i);
        return j == NQPF_NONE ? NAN : eval(cx, n->a, j);
    }
    case N_LOG:
        a = eval(cx, n->a, i);
        if (isnan(a)) return NAN;
        if (!(a > 0)) return domain_error(cx, n, i, "log needs a positive value", a);
        return log(a);
    case N_EXP: return exp(eval(cx, n->a, i));
    case N_SQRT:
        a = eval(cx, n->a, i);
        if (isnan(a)) return NAN;
        if (a < 0) return domain_error(cx, n, i, "sqrt needs a non-negative value", a);
        return sqrt(a);
    case N_ABS: return fabs(eval(cx, n->a, i));
    case N_EQ:
    case N_NE:
        if ((n->a->kind == N_COL && n->b->kind == N_STR) || (n->a->kind == N_STR && n->b->kind == N_COL)) {
            double r = n->a->kind == N_COL ? cell_text_eq(cx, n->a, n->b, i) : cell_text_eq(cx, n->b, n->a, i);
            return isnan(r) ? NAN : (n->kind == N_EQ ? r : !r);
        }
        break;
    default: break;
    }
    a = eval(cx, n->a, i);
    b = eval(cx, n->b, i);
    if (n->kind == N_AND || n->kind == N_OR) {
        /* Missing propagates, except where the other side decides the answer. */
        if (n->kind == N_AND && ((!isnan(a) && a == 0) || (!isnan(b) && b == 0))) return 0;
        if (n->kind == N_OR && ((!isnan(a) && a != 0) || (!isnan(b) && b != 0))) return 1;
        if (isnan(a) || isnan(b)) return NAN;
        return n->kind == N_AND ? 1 : 0;
    }
    if (isnan(a) || isnan(b))
        return NAN;
    switch (n->kind) {
    case N_ADD: return a + b;
    case N_SUB: return a - b;
    case N_MUL: return a * b;
    case N_DIV: return b == 0 ? NAN : a / b; /* x/0 has no value: missing, as in Stata */
    case N_POW: return pow(a, b);
    case N_LT: return a < b;
    case N_LE: return a <= b;
    case N_GT: return a > b;
    case N_GE: return a >= b;
    case N_EQ: return a == b;
    case N_NE: return a != b;
    default: return NAN;
    }
}

int nqpf_expr_eval(const nqpf_expr *e, const nqpf_panel *p, double *out)
{
    evalctx cx = {e, p, NQPF_OK};
    int rc = resolve(&cx, e->root);
    if (rc != NQPF_OK)
        return rc;
    size_t n = nqpf_panel_nobs(p);
    for (size_t i = 0; i < n && cx.rc == NQPF_OK; i++) {
        double v = eval(&cx, e->root, i);
        /* Infinity or NaN from overflow is not a value anyone can use: keep it missing. */
        out[i] = isfinite(v) ? v : NAN;
    }
    return cx.rc;
}
