/* libFuzzer target: the .xlsx reader (libzip container, expat XML, shared strings, styles, dates) through nqpf_read_table(). The input is the whole file. */
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
    const char *path = fuzz_file("in.xlsx", data, size);
    nqpf_table *t = NULL;
    if (nqpf_read_table(&t, path, NULL) == NQPF_OK)
        fuzz_touch(t);
    nqpf_table_free(t);
    nqpf_error_clear();
    return 0;
}
