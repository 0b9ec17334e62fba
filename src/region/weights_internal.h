/* The spatial-weights options shared by the methods that take weights (spatial, dynamics): one
 * descriptor fragment that their tables include, one parse function and one builder
 * (nqpf_weights_build(), weights_options.c), so that the CLI and study files of both methods read
 * the same keys the same way. */
#ifndef NQPF_REGION_WEIGHTS_INTERNAL_H
#define NQPF_REGION_WEIGHTS_INTERNAL_H

#include "nqpf/options.h"
#include "nqpf/spatial.h"

/* The weights options, to be written inside a method's nqpf_optdef table. */
#define NQPF__WEIGHTS_OPTDEFS                                                                                        \
    {.key = "weights", .type = NQPF_OPT_PATH, .arg = "FILE",                                                         \
     .help = "neighbour list: a table with one row per directed link between ids (columns weights_from, "            \
             "weights_to, optional weights_weight)"},                                                                 \
        {.key = "weights_from", .type = NQPF_OPT_STRING, .arg = "COL", .def = "from",                                 \
         .help = "column of the neighbour list holding the id a link starts from"},                                   \
        {.key = "weights_to", .type = NQPF_OPT_STRING, .arg = "COL", .def = "to",                                     \
         .help = "column of the neighbour list holding the id a link goes to"},                                       \
        {.key = "weights_weight", .type = NQPF_OPT_STRING, .arg = "COL",                                              \
         .help = "column of positive link weights (default: 'weight' when the list has it, else 1 for every link)"},  \
        {.key = "weights_via", .type = NQPF_OPT_PATH, .arg = "FILE",                                                  \
         .help = "id mapping for a neighbour list coded otherwise than the data: a table with weights_via_from (the " \
                 "data's ids) and weights_via_to (the list's codes)"},                                                \
        {.key = "weights_via_from", .type = NQPF_OPT_STRING, .arg = "COL",                                            \
         .help = "column of the id mapping holding the data's ids"},                                                  \
        {.key = "weights_via_to", .type = NQPF_OPT_STRING, .arg = "COL",                                              \
         .help = "column of the id mapping holding the neighbour list's codes"},                                      \
        {.key = "geojson", .type = NQPF_OPT_PATH, .arg = "FILE",                                                      \
         .help = "neighbours from the polygons of a GeoJSON FeatureCollection instead of a neighbour list (key, "     \
                 "contiguity, snap); builtin:jiangsu for the bundled outlines"},                                                                                \
        {.key = "key", .type = NQPF_OPT_STRING, .arg = "PROPERTY",                                                    \
         .help = "geojson: the feature property naming the regions (matched to the ids: 苏州市 = 苏州)"},            \
        {.key = "contiguity", .type = NQPF_OPT_STRING, .arg = "KIND",                                                 \
         .help = "geojson: queen (default), rook, knn:K or distance:D (centroids; km for lon/lat)"},                  \
        {.key = "snap", .type = NQPF_OPT_NUMBER, .arg = "TOL", .min = 0, .max = 1e9,                                  \
         .help = "geojson queen/rook: boundaries closer than TOL touch (default 1e-7 of the bounding-box diagonal)"}, \
        {.key = "coords", .type = NQPF_OPT_COLUMNS, .arg = "LON,LAT",                                                 \
         .help = "distance weights from these two coordinate columns instead of a neighbour list"},                   \
        {.key = "knn", .type = NQPF_OPT_INT, .arg = "K", .min = 1, .max = 10000,                                      \
         .help = "coordinates: the K nearest neighbours (default: inverse distance)"},                                \
        {.key = "power", .type = NQPF_OPT_NUMBER, .arg = "P", .def = "1", .min = 0, .max = 100,                       \
         .help = "coordinates: inverse-distance weight d^-P (P > 0)"},                                                \
        {.key = "max_distance", .type = NQPF_OPT_NUMBER, .arg = "D", .def = "0", .min = 0, .max = 1e9,                \
         .help = "coordinates: inverse-distance links only up to distance D (0: all pairs)"},                         \
        {.key = "distance", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "arc", .choices = "arc|euclidean",            \
         .help = "coordinates, and geojson knn/distance: arc (great circle in km, degrees) or euclidean (geojson: "   \
                 "arc when the outlines are lon/lat, unless given)"},                                      \
        {.key = "style", .type = NQPF_OPT_CHOICE, .arg = "S", .def = "W", .choices = "W|B",                           \
         .help = "W: row-standardised; B: binary (every link weighs 1)"}

/* Reads the weights options of a set into w (defaults for the absent ones) and applies their rules;
 * keyed NQPF_EUSAGE errors. required: whether the method needs weights (an error naming "weights"
 * when neither a neighbour list nor coordinates are given). */
int nqpf__weights_spec_parse(nqpf_weights_spec *w, const nqpf_optset *set, int required);

#endif
