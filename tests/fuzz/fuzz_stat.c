/* libFuzzer target: the Stata .dta and SPSS .sav/.por readers (ReadStat, and nqpf's header-size cap) through nqpf_read_table(). The first byte picks the format, the rest is the file. */
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
    static const char *const names[] = {"in.dta", "in.sav", "in.por", "in.zsav"};
    const char *path = fuzz_file(names[data[0] & 3], data + 1, size - 1);
    nqpf_table *t = NULL;
    if (nqpf_read_table(&t, path, NULL) == NQPF_OK)
        fuzz_touch(t);
    nqpf_table_free(t);
    nqpf_error_clear();
    return 0;
}
