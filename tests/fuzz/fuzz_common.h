/* Shared by the libFuzzer targets (tests/fuzz, built with -DNQPF_FUZZ=ON, run by scripts/fuzz.sh):
 * the readers take paths, so each input is written to a file in a private folder first; warnings
 * are swallowed (the library never prints, but its default handler would go to stderr). */
#ifndef NQPF_FUZZ_COMMON_H
#define NQPF_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char fuzz_dir[64];

static void fuzz_quiet(const char *message, void *userdata)
{
    (void)message;
    (void)userdata;
}

/* Makes the private folder (once) and silences warnings. */
static inline void fuzz_setup(void)
{
    if (fuzz_dir[0])
        return;
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/nqpf-fuzz-XXXXXX");
    if (!mkdtemp(fuzz_dir))
        abort();
    nqpf_set_warning_handler(fuzz_quiet, NULL);
}

/* Writes data to FOLDER/name and returns the path (static buffer). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return path;
}

#endif
