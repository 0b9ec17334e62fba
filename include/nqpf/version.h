/** @file version.h @brief nqpf version. */
#ifndef NQPF_VERSION_H
#define NQPF_VERSION_H

#define NQPF_VERSION "0.1.0"

/** The library's version string, e.g. "0.1.0". */
const char *nqpf_version(void);

#endif
