/* libFuzzer target: the spatial weights edge list (nqpf_weights_read: the file through the reader,
 * then nqpf_weights_from_edges: columns from/to/weight, ids matched to a fixed set of units, self
 * links, duplicates, weights, islands), and on success the weights' rows, islands, the spatial lag
 * and a subset. The first byte selects: bit 0 binary weights (else row-standardised), bit 1 only
 * the first 5 ids as the data's units (so that most links name ids not in the data); the rest is
 * the edge list file (.csv). */
#include "fuzz_common.h"

static const char *const ids[] = {"北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "上海市",
                                  "0",      "1",      "2",      "3",      "4",            "5",      "6",
                                  "7",      "8",      "AAA",    "BBB",    "CCC",          "DDD",    "EEE",
                                  "FFF"};
enum { NIDS = sizeof ids / sizeof *ids };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned sel = data[0];
    nqpf_weights_options o;
    nqpf_weights_options_init(&o, NQPF_WEIGHTS_OPTIONS_VERSION);
    o.style = (sel & 1) ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW;
    size_t n = (sel & 2) ? 5 : NIDS;
    nqpf_weights *w = NULL;
    if (nqpf_weights_read(&w, fuzz_file("edges.csv", data + 1, size - 1), ids, n, &o) == NQPF_OK) {
        size_t m = nqpf_weights_n(w);
        if (m != n)
            abort(); /* weights over other units than the data's */
        double x[NIDS], lag[NIDS];
        unsigned char keep[NIDS];
        for (size_t i = 0; i < m; i++) {
            const size_t *nbr;
            const double *wt;
            size_t k = nqpf_weights_row(w, i, &nbr, &wt);
            for (size_t q = 0; q < k; q++)
                if (nbr[q] >= m || nbr[q] == i || !(wt[q] >= 0))
                    abort(); /* a neighbour outside the units, a self link, a negative or NaN weight */
            x[i] = (double)i;
            keep[i] = (unsigned char)(i % 2);
        }
        (void)nqpf_weights_islands(w);
        nqpf_weights_lag(w, x, lag);
        nqpf_weights *sub = NULL;
        if (nqpf_weights_subset(&sub, w, keep) == NQPF_OK)
            nqpf_weights_free(sub);
        nqpf_weights_free(w);
    }
    nqpf_error_clear();
    return 0;
}
