/* Files embedded into libnqpf at build time by cmake/report_assets.cmake (ECharts, map outlines, the
 * report's JS and CSS). The table ends with a NULL name; each data array has a trailing NUL that
 * size does not count. */
#ifndef NQPF_REPORT_ASSETS_H
#define NQPF_REPORT_ASSETS_H

#include <stddef.h>

typedef struct nqpf__report_asset {
    const char *name;
    const unsigned char *data;
    size_t size;
} nqpf__report_asset;

extern const nqpf__report_asset nqpf__report_assets[];

#endif
