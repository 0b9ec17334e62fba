/* The report inside the library: the maps it can embed and the writer that embeds exactly one. */
#ifndef NQPF_REPORT_INTERNAL_H
#define NQPF_REPORT_INTERNAL_H

#include <stddef.h>

/* Non-zero when @p name is a bundled map (world, china, jiangsu). */
int nqpf__report_map_bundled(const char *name);

/* The feature names (property "name") of bundled map @p name as a malloc'ed array of malloc'ed
 * strings (*n of them); the caller frees each and the array. NQPF_EUSAGE for an unknown map. */
int nqpf__report_map_names(const char *name, char ***names, size_t *n);

/* Writes report.html as nqpf_report_write_html() does, embedding one map: @p map_text (GeoJSON of
 * @p map_len bytes) under the name @p map when map_text is not NULL, else the bundled map @p map,
 * else (map NULL) none. */
int nqpf__report_write(const char *path, const char *data_json, const char *lang, const char *map,
                       const char *map_text, size_t map_len);

#endif
