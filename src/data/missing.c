/* The missing-value policy of the methods that need complete observations (option `missing`):
 * refuse with a message naming the first empty cell, or leave such observations out with one warning
 * that lists them. Dropping builds a new panel from the remaining rows, so a method run on it gives
 * exactly what it gives on a file from which those rows were deleted beforehand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/panel.h"
#include "../util/util.h"

/* How many dropped observations the warning names before it says "and N more". */
#define NAMED_MAX 8
#define NAMED_SHORT 5

int nqpf_panel_apply_missing(nqpf_panel **out, const nqpf_panel *p, const char *const *cols, size_t ncols,
                             nqpf_missing_policy policy, const char *method, const char *const *purposes)
{
    *out = NULL;
    if (policy == NQPF_MISSING_KEEP)
        return NQPF_OK;
    size_t n = nqpf_panel_nobs(p);
    const double **v = nqpf__calloc(ncols ? ncols : 1, sizeof *v);
    size_t *keep = nqpf__malloc(n ? n : 1, sizeof *keep);
    size_t *gone = nqpf__malloc(n ? n : 1, sizeof *gone); /* dropped observation */
    size_t *gcol = nqpf__malloc(n ? n : 1, sizeof *gcol); /* its first empty column */
    size_t nkeep = 0, ngone = 0;
    int rc = NQPF_OK;
    nqpf__buf b = NQPF__BUF_INIT;
    if (!v || !keep || !gone || !gcol) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t c = 0; c < ncols && !rc; c++)
        rc = nqpf_panel_column(p, cols[c], &v[c]);
    if (rc)
        goto done;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        while (c < ncols && !isnan(v[c][i]))
            c++;
        if (c == ncols) {
            keep[nkeep++] = i;
            continue;
        }
        if (policy == NQPF_MISSING_REFUSE) {
            char w[512];
            rc = nqpf_error_set(NQPF_EDATA,
                                "%s, column '%s': expected a value (%s; %s %s, %s %ld), found an empty cell; set the "
                                "option missing: drop to leave such observations out",
                                nqpf_panel_where(p, i, w, sizeof w), cols[c],
                                purposes && purposes[c] ? purposes[c] : "required", nqpf_panel_id_col(p),
                                nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)), nqpf_panel_time_col(p),
                                nqpf_panel_time(p, i));
            goto done;
        }
        gone[ngone] = i;
        gcol[ngone++] = c;
    }
    if (ngone == 0)
        goto done;
    if (nkeep == 0) {
        rc = nqpf_error_set(NQPF_EDATA,
                            "%s: %s: every one of its %zu observations has an empty cell among the columns it needs "
                            "(first: column '%s'), so missing: drop leaves nothing",
                            nqpf_table_source(nqpf_panel_table(p)), method, n, cols[gcol[0]]);
        goto done;
    }
    /* One warning: the count, then every observation when the list is short, else the first few. */
    size_t named = ngone <= NAMED_MAX ? ngone : NAMED_SHORT;
    nqpf__buf_printf(&b, "%s: missing: drop left out %zu observation%s with an empty cell: ", method, ngone,
                     ngone == 1 ? "" : "s");
    for (size_t k = 0; k < named; k++) {
        size_t i = gone[k];
        nqpf__buf_printf(&b, "%s%s %ld (%s)", k ? ", " : "", nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)),
                         nqpf_panel_time(p, i), cols[gcol[k]]);
    }
    if (named < ngone)
        nqpf__buf_printf(&b, ", and %zu more", ngone - named);
    nqpf_table *t = nqpf_table_select_rows(nqpf_panel_table(p), keep, nkeep);
    if (!t) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_panel_new(out, t, nqpf_panel_id_col(p), nqpf_panel_time_col(p))))
        goto done;
    nqpf_warn("%s", nqpf__buf_cstr(&b));
done:
    nqpf__buf_free(&b);
    free(v);
    free(keep);
    free(gone);
    free(gcol);
    return rc;
}
