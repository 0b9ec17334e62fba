/* libFuzzer target: the index framework file (nqpf_framework_read: header, paths, directions,
 * weights, expressions in 'column'). The input is the CSV file. */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nqpf_framework *fw = NULL;
    if (nqpf_framework_read(&fw, fuzz_file("fw.csv", data, size)) == NQPF_OK)
        nqpf_framework_free(fw);
    nqpf_error_clear();
    return 0;
}
