/* Helpers shared by the step types (step_*.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/dea.h"
#include "nqpf/dynamics.h"
#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "nqpf/malmquist.h"
#include "nqpf/region.h"
#include "nqpf/spatial.h"
#include "nqpf/tfp.h"
#include "study/study_internal.h"
#include "util/util.h"


int study__need_columns(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required)
{
    const char **v = NULL;
    size_t n = 0;
    int rc = study__strlist(s, cfg, path, key, required, &v, &n);
    for (size_t k = 0; k < n && !rc; k++) {
        char sub[48];
        snprintf(sub, sizeof sub, "%s[%zu]", key, k);
        rc = study__need_column(s, path, sub, v[k]);
    }
    free(v);
    return rc;
}

/* A copy of a table owned by a library result object, so that the step output can own it. */
nqpf_table *study__copy_table(const nqpf_table *t)
{
    size_t n = nqpf_table_nrows(t);
    size_t *rows = nqpf__malloc(n ? n : 1, sizeof *rows);
    if (!rows)
        return NULL;
    for (size_t i = 0; i < n; i++)
        rows[i] = i;
    nqpf_table *c = nqpf_table_select_rows(t, rows, n);
    free(rows);
    return c;
}

/* Adds a table unless it is NULL (optional outputs); takes ownership. */
int study__add_opt(study_step_out *out, const char *suffix, nqpf_table *t)
{
    return t ? study__add_table(out, suffix, t) : NQPF_OK;
}


int study__parse(const nqpf_study *s, const json_t *cfg, const char *path, study_parse_fn parse, void *opts,
                 nqpf_optset **set)
{
    int rc = study__optset(s, cfg, path, set);
    if (rc == NQPF_OK)
        rc = study__keyed(s, path, parse(opts, *set));
    if (rc) {
        nqpf_optset_free(*set);
        *set = NULL;
    }
    return rc;
}

int study__validate_method(const nqpf_study *s, const json_t *cfg, const char *path, study_parse_fn parse,
                           void *opts)
{
    nqpf_optset *set = NULL;
    int rc = study__parse(s, cfg, path, parse, opts, &set);
    if (rc == NQPF_OK)
        rc = study__check_columns(s, set, path);
    nqpf_optset_free(set);
    return rc;
}

int study__add_tables(study_step_out *out, nqpf_table *const *tables, const char *const *suffixes, size_t n)
{
    int rc = NQPF_OK;
    for (size_t k = 0; k < n; k++) {
        if (rc)
            nqpf_table_free(tables[k]);
        else if (tables[k])
            rc = study__add_table(out, suffixes[k], tables[k]);
    }
    return rc;
}

int study__check_produced(nqpf_study *s, const study_step_out *out)
{
    /* The main table: suffix NULL, else the first one. */
    const nqpf_table *t = NULL;
    for (size_t k = 0; k < out->n && !t; k++)
        if (!out->tables[k].suffix)
            t = out->tables[k].t;
    if (!t && out->n)
        t = out->tables[0].t;
    if (!t)
        return NQPF_OK;
    /* Result columns: the numeric ones other than the keys and the bookkeeping (the period a pair
     * starts from, a chain's number, a count of observations). A table without any says nothing
     * numeric: not judged. */
    const nqpf_panel *p = study__panel(s);
    const char *id = p ? nqpf_panel_id_col(p) : NULL, *tm = p ? nqpf_panel_time_col(p) : NULL;
    size_t nc = nqpf_table_ncols(t), nr = nqpf_table_nrows(t), ncand = 0;
    nqpf__buf b = NQPF__BUF_INIT;
    for (size_t j = 0; j < nc; j++) {
        const char *name = nqpf_table_colname(t, j);
        if (nqpf_table_is_text(t, j) || (id && strcmp(name, id) == 0) || (tm && strcmp(name, tm) == 0) ||
            strcmp(name, "from") == 0 || strcmp(name, "chain") == 0 || strcmp(name, "n") == 0)
            continue;
        const double *v = nqpf_table_cnum(t, j);
        for (size_t i = 0; i < nr; i++)
            if (!isnan(v[i])) {
                nqpf__buf_free(&b);
                return NQPF_OK;
            }
        if (ncand < 8)
            nqpf__buf_printf(&b, "%s%s", ncand ? ", " : "", name);
        else if (ncand == 8)
            nqpf__buf_puts(&b, ", ...");
        ncand++;
    }
    int rc = NQPF_OK;
    if (ncand && nr == 0)
        rc = nqpf_error_set(NQPF_EDATA, "produced no values: its result table has no rows (check the sample and "
                                        "the columns it reads)");
    else if (ncand)
        rc = nqpf_error_set(NQPF_EDATA,
                            "produced no values: %s %s %s empty in all %zu rows (check the columns it reads for "
                            "empty cells)",
                            ncand == 1 ? "the result column" : "the result columns", nqpf__buf_cstr(&b),
                            ncand == 1 ? "is" : "are", nr);
    nqpf__buf_free(&b);
    return rc;
}
