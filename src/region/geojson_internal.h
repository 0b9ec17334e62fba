/* GeoJSON weights inside the library: the contiguity options read from a set (shared by method
 * "weights" and the weights options of spatial and dynamics) and the renaming of feature keys to the
 * data's ids (exact text first, then the gazetteer: 苏州 finds 苏州市). */
#ifndef NQPF_REGION_GEOJSON_INTERNAL_H
#define NQPF_REGION_GEOJSON_INTERNAL_H

#include "nqpf/geojson.h"
#include "nqpf/options.h"

/* Reads contiguity, snap and distance of a set into c (defaults for the absent ones) and applies
 * their rules; keyed NQPF_EUSAGE errors. */
int nqpf__geo_contiguity_from_set(nqpf_contiguity_options *c, const nqpf_optset *set);

/* Renames the `from`/`to` keys of a GeoJSON edge table to the ids ids[0..n) they match
 * (nqpf_region_match()); links between keys that match no id stay as they are (the weights builder
 * drops them with a warning), and one warning lists the ids that match no feature. */
int nqpf__geo_edges_to_ids(nqpf_table **edges, const char *const *ids, size_t n);

#endif
