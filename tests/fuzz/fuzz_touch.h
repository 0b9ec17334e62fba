/* Reads every cell of a table (fuzz targets): a bad length or an unterminated string shows. */
#ifndef NQPF_FUZZ_TOUCH_H
#define NQPF_FUZZ_TOUCH_H
#include "fuzz_common.h"

static volatile double fuzz_sink;

static void fuzz_touch(const nqpf_table *t)
{
    for (size_t c = 0; c < nqpf_table_ncols(t); c++) {
        (void)strlen(nqpf_table_colname(t, c));
        const double *x = nqpf_table_cnum(t, c);
        double sum = 0;
        for (size_t r = 0; r < nqpf_table_nrows(t); r++) {
            const char *s = nqpf_table_text(t, c, r);
            if (s)
                (void)strlen(s);
            if (x)
                sum += x[r];
        }
        fuzz_sink = sum;
    }
}
#endif
