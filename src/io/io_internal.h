/* Shared pieces of the readers and writers. */
#ifndef NQPF_IO_INTERNAL_H
#define NQPF_IO_INTERNAL_H

#include <math.h>
#include <stddef.h>

#include "nqpf/io.h"

static inline double nqpf__nan(void) { return NAN; }

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
int nqpf__read_file(const char *path, char **out, size_t *len);

/* Builds a table from a header and row-major string cells (nrows x ncols), deciding each column's
 * type. Does not take ownership of the strings. */
int nqpf__build_table(nqpf_table **out, const char *path, char **header, size_t ncols, char **cells,
                      size_t nrows, const nqpf_read_options *opts);

int nqpf__read_csv(nqpf_table **out, const char *path, const nqpf_read_options *opts);
int nqpf__read_readstat(nqpf_table **out, const char *path, const nqpf_read_options *opts);

#endif
