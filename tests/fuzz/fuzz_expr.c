/* libFuzzer target: the expression language (--let, --where, study let and sample.where): parse,
 * then evaluate on a small table, as nqpf_expr_let() and nqpf_expr_filter() do. The input is the
 * expression; a '=' in it makes it an assignment. */
#include <math.h>

#include "fuzz_common.h"

/* A small table: two units, two years, numbers with a missing cell, and a text column. */
static nqpf_table *small_table(void)
{
    static const double t[] = {2000, 2001, 2000, 2001}, x[] = {1.5, -3, NAN, 0}, y[] = {2, 0, 4e10, -0.5};
    static const char *const id[] = {"A", "A", "B", "B"}, *const name[] = {"a", "b", NULL, "c"};
    nqpf_table *tb = nqpf_table_new(4);
    if (!tb || nqpf_table_add_text(tb, "id", id, NULL) || nqpf_table_add_num(tb, "t", t, NULL) ||
        nqpf_table_add_num(tb, "x", x, NULL) || nqpf_table_add_num(tb, "y", y, NULL) ||
        nqpf_table_add_text(tb, "name", name, NULL))
        abort();
    return tb;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src)
        return 0;
    memcpy(src, data, size);
    src[size] = 0;
    nqpf_expr *e = NULL;
    if (nqpf_expr_parse(&e, src) == NQPF_OK) {
        for (size_t k = 0; k < nqpf_expr_ncolumns(e); k++)
            (void)strlen(nqpf_expr_column(e, k));
        nqpf_expr_free(e);
    }
    nqpf_table *t = small_table();
    {
        if (strchr(src, '='))
            (void)nqpf_expr_let(t, src);
        (void)nqpf_expr_filter(&t, src);
        nqpf_table_free(t);
    }
    nqpf_error_clear();
    free(src);
    return 0;
}
