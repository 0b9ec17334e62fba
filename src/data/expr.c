/* Recursive-descent parser and tree-walking evaluator for the expression language (see expr.h).
 * Evaluation is per observation so that lag()/lead() can move to a neighbouring observation of
 * the same unit; data sets here are small enough that a tree walk costs nothing noticeable.
 *
 * Values are numbers (double, NaN = missing) or text (UTF-8, NULL = missing). Every node gets its
 * type before anything is evaluated (resolve()): literals and functions have theirs from the
 * grammar, columns from the table. A text column is the one value of two possible types: where a
 * number is needed it is read as numbers (codes such as "000001" are text in the table), elsewhere
 * it is text. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "nqpf/gazetteer.h"
#include "nqpf/options.h"
#include "expr_internal.h"
#include "../util/util.h"

enum kind {
    N_NUM, N_COL, N_STR, N_NEG, N_NOT, N_ADD, N_SUB, N_MUL, N_DIV, N_POW,
    N_LT, N_LE, N_GT, N_GE, N_EQ, N_NE, N_AND, N_OR,
    N_LOG, N_EXP, N_SQRT, N_ABS, N_LAG, N_LEAD,
    /* functions with an argument list (node.args) */
    N_SUBSTR, N_REPLACE, N_SHORTNAME, N_LEN, N_CONCAT, N_IF, N_COALESCE
};

/* Types: a number, a text, or a text column (text, or numbers where a number is needed). */
enum { T_NONE = 0, T_NUM = 1, T_TEXT = 2, T_TCOL = 3 };
/* What the context of a node wants. */
enum { W_ANY, W_NUM, W_TEXT };

typedef struct node {
    enum kind kind;
    double num;
    char *name;         /* column name or string literal */
    struct node *a, *b;
    struct node **args; /* N_SUBSTR ... N_COALESCE */
    size_t nargs;
    size_t pos, len;    /* span in the source, for messages */
    int depth;          /* levels of the tree below and including this node (bounded by MAX_DEPTH) */
    /* resolved at evaluation time */
    int ty;             /* T_NUM, T_TEXT or T_TCOL */
    int textcmp;        /* N_EQ/N_NE: compare as text */
    const double *col;  /* N_COL read as numbers */
    size_t tcol;        /* N_COL: the table column */
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
    int depth; /* current recursion depth of the parser */
} parser;

/* The deepest expression tree, and the deepest parser recursion, accepted. Parsing, resolving,
 * evaluating and freeing recurse along the tree, so this bound keeps the stack small whatever the
 * input (100,000 '(' or '-' signs, or a+(a+(a+...), or a+a+a+... with 100,000 terms). */
#define MAX_DEPTH 256


static void node_free(node *n)
{
    if (!n)
        return;
    node_free(n->a);
    node_free(n->b);
    for (size_t k = 0; k < n->nargs; k++)
        node_free(n->args[k]);
    free(n->args);
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

static node *too_deep(parser *ps);

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
    n->depth = 1 + (a && a->depth > (b ? b->depth : 0) ? a->depth : (b ? b->depth : 0));
    if (n->depth > MAX_DEPTH) {
        node_free(n);
        return too_deep(ps);
    }
    return n;
}

static void skip_ws(parser *ps)
{
    while (isspace((unsigned char)ps->s[ps->i]))
        ps->i++;
}

/* The first @p max bytes of @p s, cut back to a whole UTF-8 character (messages never split one). */
static int utf8_prefix(const char *s, int max)
{
    int n = 0;
    while (n < max && s[n])
        n++;
    if (s[n]) /* cut: step back to the start of a character */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    return n;
}

/* The error for an expression nested deeper than MAX_DEPTH, at the parser's position. */
static node *too_deep(parser *ps)
{
    if (ps->rc == NQPF_OK) {
        int show = utf8_prefix(ps->s, 40);
        ps->rc = nqpf_error_set(NQPF_EUSAGE,
                                "expression '%.*s%s': expression nested deeper than %d levels at character %zu; "
                                "expected at most %d levels (split it into several let steps)",
                                show, ps->s, ps->s[show] ? "..." : "", MAX_DEPTH, ps->i + 1, MAX_DEPTH);
    }
    return NULL;
}

static node *syntax(parser *ps, const char *what)
{
    if (ps->rc == NQPF_OK) {
        if (ps->s[ps->i])
            ps->rc = nqpf_error_set(NQPF_EUSAGE, "expression '%s': %s at character %zu ('%.*s')", ps->s, what,
                                    ps->i + 1, utf8_prefix(ps->s + ps->i, 10), ps->s + ps->i);
        else
            ps->rc = nqpf_error_set(NQPF_EUSAGE, "expression '%s': %s at the end", ps->s, what);
    }
    return NULL;
}

static int ident_char(unsigned char c) { return isalnum(c) || c == '_' || c == '.' || c >= 0x80; }

static node *parse_or(parser *ps);

/* Functions taking an argument list, with their arity. */
static const struct {
    const char *name;
    enum kind k;
    size_t min, max;
} listfns[] = {{"substr", N_SUBSTR, 2, 3}, {"replace", N_REPLACE, 3, 3}, {"shortname", N_SHORTNAME, 1, 1},
               {"len", N_LEN, 1, 1},       {"concat", N_CONCAT, 1, 64}, {"if", N_IF, 3, 3},
               {"coalesce", N_COALESCE, 1, 64}};

#define KNOWN_FUNCTIONS                                                                                         \
    "log exp sqrt abs lag lead substr replace shortname len concat if coalesce"

static const char *fn_name(enum kind k)
{
    for (size_t f = 0; f < sizeof listfns / sizeof listfns[0]; f++)
        if (listfns[f].k == k)
            return listfns[f].name;
    return "?";
}

/* name( already read up to and including '('; reads "arg, arg, ...)" into a list node. */
static node *parse_args(parser *ps, size_t f, size_t pos)
{
    node *n = mk(ps, listfns[f].k, NULL, NULL, pos);
    if (!n)
        return NULL;
    skip_ws(ps);
    if (ps->s[ps->i] != ')') {
        for (;;) {
            node *arg = parse_or(ps);
            if (!arg) {
                node_free(n);
                return NULL;
            }
            node **na = nqpf__realloc(n->args, n->nargs + 1, sizeof *na);
            if (!na) {
                ps->rc = NQPF_EINTERNAL;
                node_free(arg);
                node_free(n);
                return NULL;
            }
            n->args = na;
            n->args[n->nargs++] = arg;
            if (arg->depth + 1 > n->depth)
                n->depth = arg->depth + 1;
            if (n->depth > MAX_DEPTH) {
                node_free(n);
                return too_deep(ps);
            }
            skip_ws(ps);
            if (ps->s[ps->i] == ',') {
                ps->i++;
                continue;
            }
            break;
        }
    }
    if (ps->s[ps->i] != ')') {
        node_free(n);
        return syntax(ps, "expected ',' or ')' in the argument list");
    }
    ps->i++;
    n->len = ps->i - pos;
    if (n->nargs < listfns[f].min || n->nargs > listfns[f].max) {
        char what[160];
        if (listfns[f].min == listfns[f].max)
            snprintf(what, sizeof what, "%s() takes %zu argument%s, found %zu", listfns[f].name, listfns[f].min,
                     listfns[f].min == 1 ? "" : "s", n->nargs);
        else if (listfns[f].max == 64)
            snprintf(what, sizeof what, "%s() takes at least %zu argument, found none", listfns[f].name,
                     listfns[f].min);
        else
            snprintf(what, sizeof what, "%s() takes %zu to %zu arguments, found %zu", listfns[f].name,
                     listfns[f].min, listfns[f].max, n->nargs);
        node_free(n);
        ps->i = pos;
        return syntax(ps, what);
    }
    return n;
}

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
        if (isinf(v))
            return syntax(ps, "expected a number within the range of a double (at most about 1.8e308), found a "
                              "larger one");
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
            for (size_t f = 0; f < sizeof listfns / sizeof listfns[0]; f++) {
                if (strlen(listfns[f].name) == len && strncmp(listfns[f].name, ps->s + start, len) == 0) {
                    ps->i++;
                    return parse_args(ps, f, pos);
                }
            }
            ps->i = start;
            return syntax(ps, "unknown function (known: " KNOWN_FUNCTIONS ")");
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

static node *parse_unary_at(parser *ps);

/* Every recursion of the parser goes through here: a '(' (parse_or, ..., parse_unary), a function's
 * argument, a sign or '!', the exponent of '^'. So the depth counted here is the nesting level. */
static node *parse_unary(parser *ps)
{
    if (ps->depth >= MAX_DEPTH)
        return too_deep(ps);
    ps->depth++;
    node *n = parse_unary_at(ps);
    ps->depth--;
    return n;
}

static node *parse_unary_at(parser *ps)
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
    skip_ws(ps);
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
    skip_ws(ps);
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
    skip_ws(ps);
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
    skip_ws(ps);
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
    skip_ws(ps);
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
    if (!rc)
        rc = collect_cols(e, n->b);
    for (size_t k = 0; k < n->nargs && !rc; k++)
        rc = collect_cols(e, n->args[k]);
    return rc;
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
    parser ps = {e->src, 0, NQPF_OK, 0};
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

/* ------------------------------------------------------------------------------------------ */
/* Types                                                                                        */
/* ------------------------------------------------------------------------------------------ */

typedef struct evalctx {
    const nqpf_expr *e;
    const nqpf_panel *p; /* NULL: a plain table (no lag/lead) */
    const nqpf_table *t;
    int rc;
    double **owned; /* numbers read from text columns of a plain table */
    size_t nowned;
} evalctx;

static const char *where(const evalctx *cx, size_t i, char *buf, size_t size)
{
    if (cx->p)
        return nqpf_panel_where(cx->p, i, buf, size);
    snprintf(buf, size, "%s: row %zu", nqpf_table_source(cx->t), nqpf_table_src_row(cx->t, i));
    return buf;
}

static int column_not_found(const evalctx *cx, const char *name)
{
    if (cx->p) {
        const double *dummy;
        return nqpf_panel_column(cx->p, name, &dummy); /* its message lists the columns */
    }
    nqpf__buf b = NQPF__BUF_INIT;
    size_t nc = nqpf_table_ncols(cx->t);
    for (size_t j = 0; j < nc && j < 15; j++)
        nqpf__buf_printf(&b, "%s%s", j ? ", " : "", nqpf_table_colname(cx->t, j));
    if (nc > 15)
        nqpf__buf_printf(&b, ", ... (%zu in all)", nc);
    int rc = nqpf_error_set(NQPF_EDATA, "%s: column '%s' not found; columns are: %s", nqpf_table_source(cx->t),
                            name, nqpf__buf_cstr(&b));
    nqpf__buf_free(&b);
    return rc;
}

/* The numbers of column @p name (a text column's cells read as numbers). */
static int column_numbers(evalctx *cx, const char *name, size_t j, const double **out)
{
    if (cx->p)
        return nqpf_panel_column(cx->p, name, out);
    if (!nqpf_table_is_text(cx->t, j)) {
        *out = nqpf_table_cnum(cx->t, j);
        return NQPF_OK;
    }
    size_t n = nqpf_table_nrows(cx->t);
    double **no = nqpf__realloc(cx->owned, cx->nowned + 1, sizeof *no);
    if (!no)
        return NQPF_EINTERNAL;
    cx->owned = no;
    double *v = nqpf__malloc(n ? n : 1, sizeof *v);
    if (!v)
        return NQPF_EINTERNAL;
    cx->owned[cx->nowned++] = v;
    for (size_t i = 0; i < n; i++) {
        const char *s = nqpf_table_text(cx->t, j, i);
        v[i] = NAN;
        if (s && *s && !nqpf_parse_double(s, &v[i])) {
            char w[512];
            return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a number, found '%s'",
                                  where(cx, i, w, sizeof w), name, s);
        }
    }
    *out = v;
    return NQPF_OK;
}

/* "number column 'gdp'", "text \"abc\"", "a number" ...: what a node is, for type errors. */
static const char *describe(const evalctx *cx, const node *n, char *buf, size_t size)
{
    if (n->kind == N_COL)
        snprintf(buf, size, "%s column '%s'", n->ty == T_NUM ? "number" : "text", n->name);
    else if (n->kind == N_STR)
        snprintf(buf, size, "the text \"%s\"", n->name);
    else
        snprintf(buf, size, "%s '%.*s'", n->ty == T_NUM ? "the number" : "the text", (int)n->len,
                 cx->e->src + n->pos);
    return buf;
}

static int type_error(evalctx *cx, const char *what, const char *expected, const node *n)
{
    char d[300];
    return cx->rc = nqpf_error_set(NQPF_EUSAGE, "expression '%s': %s: expected %s, found %s", cx->e->src, what,
                                   expected, describe(cx, n, d, sizeof d));
}

static int resolve(evalctx *cx, node *n, int want);

/* A child that must be a number (a text column is read as numbers). */
static int need_num(evalctx *cx, node *n, const char *what)
{
    int t = resolve(cx, n, W_NUM);
    if (t == T_NONE)
        return T_NONE;
    if (t != T_NUM)
        return type_error(cx, what, "a number", n), T_NONE;
    return T_NUM;
}

/* A child that must be text (a number column is not: substr(gdp, ...) is a mistake). */
static int need_text(evalctx *cx, node *n, const char *what, const char *ordinal)
{
    int t = resolve(cx, n, W_TEXT);
    if (t == T_NONE)
        return T_NONE;
    if (t == T_NUM) {
        char exp[64];
        snprintf(exp, sizeof exp, "a text %sargument", ordinal);
        return type_error(cx, what, exp, n), T_NONE;
    }
    return T_TEXT;
}

static const char *op_name(enum kind k)
{
    static const char *const ops[] = {[N_NEG] = "unary '-'", [N_NOT] = "'!'", [N_ADD] = "'+'", [N_SUB] = "'-'",
                                      [N_MUL] = "'*'", [N_DIV] = "'/'", [N_POW] = "'^'", [N_LT] = "'<'",
                                      [N_LE] = "'<='", [N_GT] = "'>'", [N_GE] = "'>='", [N_EQ] = "'=='",
                                      [N_NE] = "'!='", [N_AND] = "'&&'", [N_OR] = "'||'", [N_LOG] = "log",
                                      [N_EXP] = "exp", [N_SQRT] = "sqrt", [N_ABS] = "abs"};
    return k < sizeof ops / sizeof ops[0] && ops[k] ? ops[k] : fn_name(k);
}

/* Children that must share one type (if's branches, coalesce's arguments): text when any is text,
 * numbers when any is a number (text columns then read as numbers); a mix is an error. */
static int resolve_same(evalctx *cx, node *self, node **kids, size_t nk, int want)
{
    int any_text = 0, any_num = 0;
    for (size_t k = 0; k < nk; k++) {
        int t = resolve(cx, kids[k], want);
        if (t == T_NONE)
            return T_NONE;
        any_text |= t == T_TEXT;
        any_num |= t == T_NUM;
    }
    if (any_text && any_num) {
        for (size_t k = 0; k < nk; k++)
            if (kids[k]->ty == T_NUM)
                return type_error(cx, fn_name(self->kind), "text like its other arguments", kids[k]), T_NONE;
    }
    if (any_num || want == W_NUM) {
        for (size_t k = 0; k < nk; k++)
            if (kids[k]->ty != T_NUM && need_num(cx, kids[k], fn_name(self->kind)) == T_NONE)
                return T_NONE;
        return T_NUM;
    }
    return T_TEXT;
}

/* Gives every node its type (and columns their data) for the table at hand; T_NONE on an error. */
static int resolve(evalctx *cx, node *n, int want)
{
    int ta, tb;
    switch (n->kind) {
    case N_NUM:
        return n->ty = T_NUM;
    case N_STR:
        return n->ty = T_TEXT;
    case N_COL: {
        size_t j = nqpf_table_find(cx->t, n->name);
        if (j == NQPF_NONE) {
            cx->rc = column_not_found(cx, n->name);
            return T_NONE;
        }
        n->tcol = j;
        if (nqpf_table_is_text(cx->t, j) && want != W_NUM)
            return n->ty = T_TCOL;
        if ((cx->rc = column_numbers(cx, n->name, j, &n->col)) != NQPF_OK)
            return T_NONE;
        return n->ty = T_NUM;
    }
    case N_LAG:
    case N_LEAD:
        if (!cx->p) {
            cx->rc = nqpf_error_set(NQPF_EUSAGE,
                                    "expression '%s': %s() needs a panel: give the options id and time (the unit and "
                                    "time columns)",
                                    cx->e->src, n->kind == N_LAG ? "lag" : "lead");
            return T_NONE;
        }
        ta = resolve(cx, n->a, want);
        return ta == T_NONE ? T_NONE : (n->ty = ta == T_NUM ? T_NUM : T_TEXT);
    case N_EQ:
    case N_NE:
        if ((ta = resolve(cx, n->a, W_ANY)) == T_NONE || (tb = resolve(cx, n->b, W_ANY)) == T_NONE)
            return T_NONE;
        n->textcmp = 0;
        if (ta == T_TEXT || tb == T_TEXT || (ta == T_TCOL && tb == T_TCOL)) {
            /* Text against text; a number column compares by its cells' text ("2010" == year). */
            node *num = ta == T_NUM ? n->a : tb == T_NUM ? n->b : NULL;
            if (num && num->kind != N_COL)
                return type_error(cx, op_name(n->kind), "text on both sides (or a column)", num), T_NONE;
            n->textcmp = 1;
            return n->ty = T_NUM;
        }
        if ((ta != T_NUM && need_num(cx, n->a, op_name(n->kind)) == T_NONE) ||
            (tb != T_NUM && need_num(cx, n->b, op_name(n->kind)) == T_NONE))
            return T_NONE;
        return n->ty = T_NUM;
    case N_NEG: case N_NOT: case N_LOG: case N_EXP: case N_SQRT: case N_ABS:
        return need_num(cx, n->a, op_name(n->kind)) == T_NONE ? T_NONE : (n->ty = T_NUM);
    case N_ADD: case N_SUB: case N_MUL: case N_DIV: case N_POW: case N_LT: case N_LE: case N_GT: case N_GE:
    case N_AND: case N_OR:
        if (need_num(cx, n->a, op_name(n->kind)) == T_NONE || need_num(cx, n->b, op_name(n->kind)) == T_NONE)
            return T_NONE;
        return n->ty = T_NUM;
    case N_SUBSTR:
        if (need_text(cx, n->args[0], "substr", "first ") == T_NONE ||
            need_num(cx, n->args[1], "substr (start)") == T_NONE ||
            (n->nargs > 2 && need_num(cx, n->args[2], "substr (length)") == T_NONE))
            return T_NONE;
        return n->ty = T_TEXT;
    case N_REPLACE:
        if (need_text(cx, n->args[0], "replace", "first ") == T_NONE ||
            need_text(cx, n->args[1], "replace", "second ") == T_NONE ||
            need_text(cx, n->args[2], "replace", "third ") == T_NONE)
            return T_NONE;
        return n->ty = T_TEXT;
    case N_SHORTNAME:
        return need_text(cx, n->args[0], "shortname", "") == T_NONE ? T_NONE : (n->ty = T_TEXT);
    case N_LEN:
        return need_text(cx, n->args[0], "len", "") == T_NONE ? T_NONE : (n->ty = T_NUM);
    case N_CONCAT:
        for (size_t k = 0; k < n->nargs; k++)
            if (resolve(cx, n->args[k], W_TEXT) == T_NONE)
                return T_NONE;
        return n->ty = T_TEXT;
    case N_IF:
        if (need_num(cx, n->args[0], "if (condition)") == T_NONE)
            return T_NONE;
        ta = resolve_same(cx, n, n->args + 1, 2, want);
        return ta == T_NONE ? T_NONE : (n->ty = ta);
    case N_COALESCE:
        ta = resolve_same(cx, n, n->args, n->nargs, want);
        return ta == T_NONE ? T_NONE : (n->ty = ta);
    }
    return T_NONE;
}

/* ------------------------------------------------------------------------------------------ */
/* Evaluation                                                                                   */
/* ------------------------------------------------------------------------------------------ */

static double domain_error(evalctx *cx, const node *n, const node *arg, size_t i, const char *what, double x)
{
    if (cx->rc == NQPF_OK) {
        char w[512], b[40];
        where(cx, i, w, sizeof w);
        nqpf_format_double(x, b, sizeof b);
        if (arg && arg->kind == N_COL)
            cx->rc = nqpf_error_set(NQPF_EDATA, "%s, column '%s': %s, found %s", w, arg->name, what, b);
        else
            cx->rc = nqpf_error_set(NQPF_EDATA, "%s, expression '%.*s': %s, found %s", w, (int)n->len,
                                    cx->e->src + n->pos, what, b);
    }
    return NAN;
}

static char *oom(evalctx *cx)
{
    if (cx->rc == NQPF_OK)
        cx->rc = NQPF_EINTERNAL;
    return NULL;
}

static double eval(evalctx *cx, const node *n, size_t i);

/* Length of the UTF-8 character starting at @p s (1 for a stray byte: never past the end). */
static size_t char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            return k;
    return n;
}

static size_t count_chars(const char *s)
{
    size_t n = 0;
    while (*s) {
        s += char_len(s);
        n++;
    }
    return n;
}

/* Suffixes of Chinese division names, longest first: the fallback of shortname() for names the
 * gazetteer does not know (districts, counties, towns). */
static const char *const name_suffixes[] = {"特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区",
                                            "自治州", "自治县", "自治旗", "地区", "新区", "林区",
                                            "省", "市", "盟", "县", "区", "旗", "镇", "乡", "街道", NULL};

static char *shortname(evalctx *cx, const char *s)
{
    const char *g = nqpf_gazetteer_shortname(s);
    if (g) {
        char *r = nqpf__strdup(g);
        return r ? r : oom(cx);
    }
    /* Trim blanks, then strip one known suffix when at least two characters remain. */
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
        len--;
    for (size_t k = 0; name_suffixes[k]; k++) {
        size_t sl = strlen(name_suffixes[k]);
        if (len > sl && memcmp(s + len - sl, name_suffixes[k], sl) == 0) {
            char *stem = nqpf__strndup(s, len - sl);
            if (!stem)
                return oom(cx);
            if (count_chars(stem) >= 2)
                return stem;
            free(stem);
            break;
        }
    }
    char *r = nqpf__strndup(s, len);
    return r ? r : oom(cx);
}

/* The value of a text-typed node (or a number node, formatted) for observation @p i: a new string
 * the caller frees, or NULL when missing (or on an error, with cx->rc set). */
static char *eval_text(evalctx *cx, const node *n, size_t i)
{
    if (cx->rc)
        return NULL;
    char *r = NULL;
    switch (n->kind) {
    case N_STR:
        return (r = nqpf__strdup(n->name)) ? r : oom(cx);
    case N_COL:
        if (n->ty != T_NUM) {
            const char *s = nqpf_table_text(cx->t, n->tcol, i);
            return !s ? NULL : (r = nqpf__strdup(s)) ? r : oom(cx);
        }
        break;
    case N_LAG:
    case N_LEAD: {
        size_t j = n->kind == N_LAG ? nqpf_panel_prev(cx->p, i) : nqpf_panel_next(cx->p, i);
        return j == NQPF_NONE ? NULL : eval_text(cx, n->a, j);
    }
    case N_IF: {
        double c = eval(cx, n->args[0], i);
        return isnan(c) ? NULL : eval_text(cx, n->args[c != 0 ? 1 : 2], i);
    }
    case N_COALESCE:
        for (size_t k = 0; k < n->nargs; k++)
            if ((r = eval_text(cx, n->args[k], i)) || cx->rc)
                return r;
        return NULL;
    case N_SHORTNAME: {
        char *s = eval_text(cx, n->args[0], i);
        if (!s)
            return NULL;
        r = shortname(cx, s);
        free(s);
        return r;
    }
    case N_CONCAT: {
        nqpf__buf b = NQPF__BUF_INIT;
        for (size_t k = 0; k < n->nargs; k++) {
            char *s = eval_text(cx, n->args[k], i);
            if (!s) { /* any missing part: the whole is missing */
                nqpf__buf_free(&b);
                return NULL;
            }
            nqpf__buf_puts(&b, s);
            free(s);
        }
        r = nqpf__strdup(nqpf__buf_cstr(&b) ? nqpf__buf_cstr(&b) : "");
        int failed = b.failed;
        nqpf__buf_free(&b);
        if (failed) {
            free(r);
            return oom(cx);
        }
        return r ? r : oom(cx);
    }
    case N_SUBSTR: {
        double start = eval(cx, n->args[1], i);
        double count = n->nargs > 2 ? eval(cx, n->args[2], i) : INFINITY;
        if (isnan(start) || isnan(count) || cx->rc)
            return NULL;
        if (!(start >= 1) || start != floor(start) || start > 1e9) {
            domain_error(cx, n, NULL, i, "substr needs a whole start position >= 1 (1 = the first character)",
                         start);
            return NULL;
        }
        if (!(count >= 0) || (isfinite(count) && count != floor(count))) {
            domain_error(cx, n, NULL, i, "substr needs a whole length >= 0", count);
            return NULL;
        }
        char *s = eval_text(cx, n->args[0], i);
        if (!s)
            return NULL;
        /* Positions count characters (UTF-8 code points), never bytes. */
        const char *b = s;
        for (double k = 1; k < start && *b; k++)
            b += char_len(b);
        const char *e = b;
        for (double k = 0; k < count && *e; k++)
            e += char_len(e);
        r = nqpf__strndup(b, (size_t)(e - b));
        free(s);
        return r ? r : oom(cx);
    }
    case N_REPLACE: {
        char *s = eval_text(cx, n->args[0], i);
        char *from = s ? eval_text(cx, n->args[1], i) : NULL;
        char *to = from ? eval_text(cx, n->args[2], i) : NULL;
        if (!to) {
            free(s);
            free(from);
            return NULL;
        }
        if (!*from) {
            if (cx->rc == NQPF_OK) {
                char w[512];
                cx->rc = nqpf_error_set(NQPF_EDATA, "%s, expression '%.*s': replace needs a non-empty text to "
                                                    "replace, found an empty one",
                                        where(cx, i, w, sizeof w), (int)n->len, cx->e->src + n->pos);
            }
        } else {
            nqpf__buf b = NQPF__BUF_INIT;
            size_t fl = strlen(from);
            const char *p = s, *hit;
            while ((hit = strstr(p, from))) {
                nqpf__buf_append(&b, p, (size_t)(hit - p));
                nqpf__buf_puts(&b, to);
                p = hit + fl;
            }
            nqpf__buf_puts(&b, p);
            r = b.failed ? NULL : nqpf__strdup(nqpf__buf_cstr(&b) ? nqpf__buf_cstr(&b) : "");
            if (!r)
                oom(cx);
            nqpf__buf_free(&b);
        }
        free(s);
        free(from);
        free(to);
        return r;
    }
    default:
        break;
    }
    /* A number where text is wanted (concat, a comparison with a number column): its shortest
     * round-trip form. */
    double v = eval(cx, n, i);
    if (isnan(v) || !isfinite(v))
        return NULL;
    char buf[40];
    nqpf_format_double(v, buf, sizeof buf);
    return (r = nqpf__strdup(buf)) ? r : oom(cx);
}

static double eval(evalctx *cx, const node *n, size_t i)
{
    double a, b;
    if (cx->rc)
        return NAN;
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
        if (!(a > 0)) return domain_error(cx, n, n->a, i, "log needs a positive value", a);
        return log(a);
    case N_EXP: return exp(eval(cx, n->a, i));
    case N_SQRT:
        a = eval(cx, n->a, i);
        if (isnan(a)) return NAN;
        if (a < 0) return domain_error(cx, n, n->a, i, "sqrt needs a non-negative value", a);
        return sqrt(a);
    case N_ABS: return fabs(eval(cx, n->a, i));
    case N_EQ:
    case N_NE:
        if (n->textcmp) {
            char *x = eval_text(cx, n->a, i);
            char *y = x ? eval_text(cx, n->b, i) : NULL;
            double r = (x && y) ? (strcmp(x, y) == 0) == (n->kind == N_EQ) : NAN;
            free(x);
            free(y);
            return r;
        }
        break;
    case N_LEN: {
        char *s = eval_text(cx, n->args[0], i);
        a = s ? (double)count_chars(s) : NAN;
        free(s);
        return a;
    }
    case N_IF:
        a = eval(cx, n->args[0], i);
        return isnan(a) ? NAN : eval(cx, n->args[a != 0 ? 1 : 2], i); /* the other branch is not evaluated */
    case N_COALESCE:
        for (size_t k = 0; k < n->nargs; k++)
            if (!isnan(a = eval(cx, n->args[k], i)))
                return a;
        return NAN;
    case N_SUBSTR: case N_REPLACE: case N_SHORTNAME: case N_CONCAT:
        return NAN; /* text: resolve() keeps it out of number contexts */
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

static void ctx_free(evalctx *cx)
{
    for (size_t k = 0; k < cx->nowned; k++)
        free(cx->owned[k]);
    free(cx->owned);
}

int nqpf_expr_eval_rows(const nqpf_expr *e, const nqpf_panel *p, const nqpf_table *t, double *out)
{
    evalctx cx = {e, p, p ? nqpf_panel_table(p) : t, NQPF_OK, NULL, 0};
    if (!cx.t)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_expr_eval_rows: no panel or table");
    int ty = resolve(&cx, e->root, W_NUM);
    if (ty == T_NONE) {
        ctx_free(&cx);
        return cx.rc ? cx.rc : NQPF_EINTERNAL;
    }
    if (ty != T_NUM) {
        ctx_free(&cx);
        return nqpf_error_set(NQPF_EUSAGE, "expression '%s' gives text; a number or a condition is needed here",
                              e->src);
    }
    size_t n = nqpf_table_nrows(cx.t);
    for (size_t i = 0; i < n && cx.rc == NQPF_OK; i++) {
        double v = eval(&cx, e->root, i);
        /* Infinity or NaN from overflow is not a value anyone can use: keep it missing. */
        out[i] = isfinite(v) ? v : NAN;
    }
    ctx_free(&cx);
    return cx.rc;
}

int nqpf_expr_eval(const nqpf_expr *e, const nqpf_panel *p, double *out)
{
    return nqpf_expr_eval_rows(e, p, NULL, out);
}

int nqpf_expr_assign(const nqpf_expr *e, const nqpf_panel *p, nqpf_table *t, const char *name)
{
    evalctx cx = {e, p, t, NQPF_OK, NULL, 0};
    if (p && nqpf_panel_table(p) != t)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_expr_assign: the table is not the panel's");
    size_t n = nqpf_table_nrows(t);
    double *num = NULL;
    char **text = NULL;
    int rc = NQPF_OK;
    int ty = resolve(&cx, e->root, W_ANY);
    if (ty == T_NONE) {
        rc = cx.rc ? cx.rc : NQPF_EINTERNAL;
        goto done;
    }
    if (ty == T_NUM) {
        if (!(num = nqpf__malloc(n ? n : 1, sizeof *num))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = 0; i < n && cx.rc == NQPF_OK; i++) {
            double v = eval(&cx, e->root, i);
            num[i] = isfinite(v) ? v : NAN;
        }
    } else {
        if (!(text = nqpf__calloc(n ? n : 1, sizeof *text))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = 0; i < n && cx.rc == NQPF_OK; i++) {
            text[i] = eval_text(&cx, e->root, i);
            if (text[i] && !*text[i]) { /* an empty text is an empty cell: missing */
                free(text[i]);
                text[i] = NULL;
            }
        }
    }
    if ((rc = cx.rc))
        goto done;
    /* Only now: the expression may read the column it replaces (x = x * 2). */
    size_t j = nqpf_table_find(t, name);
    if (j != NQPF_NONE)
        nqpf_table_drop_col(t, j);
    rc = num ? nqpf_table_add_num(t, name, num, NULL) : nqpf_table_add_text(t, name, (const char *const *)text, NULL);
done:
    ctx_free(&cx);
    free(num);
    if (text)
        for (size_t i = 0; i < n; i++)
            free(text[i]);
    free(text);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* let and where                                                                                */
/* ------------------------------------------------------------------------------------------ */

int nqpf__expr_let(const nqpf_panel *p, nqpf_table *t, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment || eq[1] == '=')
        return nqpf_opt_error(NQPF_EUSAGE, "let", "'%s': expected NAME=EXPRESSION", assignment);
    const char *a = assignment, *b = eq;
    while (*a == ' ')
        a++;
    while (b > a && b[-1] == ' ')
        b--;
    if (b == a)
        return nqpf_opt_error(NQPF_EUSAGE, "let", "'%s': expected NAME=EXPRESSION", assignment);
    char *name = nqpf__strndup(a, (size_t)(b - a));
    if (!name)
        return NQPF_EINTERNAL;
    if (p && (strcmp(name, nqpf_panel_id_col(p)) == 0 || strcmp(name, nqpf_panel_time_col(p)) == 0)) {
        int rc = nqpf_opt_error(NQPF_EUSAGE, "let", "'%s': cannot replace the key column '%s'", assignment, name);
        free(name);
        return rc;
    }
    nqpf_expr *e = NULL;
    int rc = nqpf_expr_parse(&e, eq + 1);
    if (rc == NQPF_OK)
        rc = nqpf_expr_assign(e, p, t, name);
    if (rc != NQPF_OK && rc != NQPF_EINTERNAL)
        nqpf_opt_error(rc, "let", "%s: %s", name, nqpf_error_message());
    free(name);
    nqpf_expr_free(e);
    return rc;
}

int nqpf_expr_let(nqpf_table *t, const char *assignment) { return nqpf__expr_let(NULL, t, assignment); }

int nqpf_expr_filter(nqpf_table **t, const char *where_expr)
{
    nqpf_expr *e = NULL;
    size_t n = nqpf_table_nrows(*t);
    double *v = NULL;
    size_t *keep = NULL, nkeep = 0;
    int rc = nqpf_expr_parse(&e, where_expr);
    if (rc == NQPF_OK && (!(v = nqpf__malloc(n ? n : 1, sizeof *v)) || !(keep = nqpf__malloc(n ? n : 1, sizeof *keep))))
        rc = NQPF_EINTERNAL;
    if (rc == NQPF_OK)
        rc = nqpf_expr_eval_rows(e, NULL, *t, v);
    if (rc != NQPF_OK) {
        if (rc != NQPF_EINTERNAL)
            nqpf_opt_error(rc, "where", "%s", nqpf_error_message());
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && v[i] != 0)
            keep[nkeep++] = i;
    if (nkeep == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: no rows left after the sample restriction (where)",
                            nqpf_table_source(*t));
        goto done;
    }
    if (nkeep < n) {
        nqpf_table *s = nqpf_table_select_rows(*t, keep, nkeep);
        if (!s) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        nqpf_table_free(*t);
        *t = s;
    }
done:
    nqpf_expr_free(e);
    free(v);
    free(keep);
    return rc;
}
