/* libFuzzer target: the text reader (CSV, TSV, title rows, encodings, the clean options) through
 * nqpf_read_table(). The first byte picks the extension and a few read options; the rest is the file. */
#include "fuzz_touch.h"

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
    uint8_t sel = data[0];
    const char *path = fuzz_file((sel & 1) ? "in.tsv" : "in.csv", data + 1, size - 1);
    nqpf_read_options o;
    nqpf_read_options_init(&o, NQPF_READ_OPTIONS_VERSION);
    if (sel & 2)
        o.header_row = 1 + (sel >> 5);
    if (sel & 4)
        o.header_rows = 2;
    if (sel & 8)
        o.clean = NQPF_CLEAN_THOUSANDS | NQPF_CLEAN_FULLWIDTH | NQPF_CLEAN_PERCENT;
    if (sel & 16)
        o.delim = ';';
    nqpf_table *t = NULL;
    if (nqpf_read_table(&t, path, &o) == NQPF_OK) {
        fuzz_touch(t);
    }
    nqpf_table_free(t);
    nqpf_error_clear();
    return 0;
}
