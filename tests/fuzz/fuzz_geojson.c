/* libFuzzer target: the GeoJSON reader (nqpf_geo_parse: FeatureCollection, Polygon/MultiPolygon,
 * holes, keys) and, when it reads, the neighbours of its features (queen, and knn:1 on the
 * centroids), as `nqpf weights --geojson` computes them. The input is the file's text. */
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
    nqpf_geo *g = NULL;
    if (nqpf_geo_parse(&g, (const char *)data, size, "fuzz.geojson", "name") == NQPF_OK) {
        for (size_t i = 0; i < nqpf_geo_count(g); i++) {
            double x, y;
            (void)strlen(nqpf_geo_key(g, i));
            nqpf_geo_centroid(g, i, &x, &y);
        }
        /* Neighbours only for small maps: the fuzzer looks for crashes, not for slow big inputs. */
        if (nqpf_geo_count(g) <= 64 && size <= 16384) {
            nqpf_contiguity_options o;
            nqpf_contiguity_options_init(&o, NQPF_CONTIGUITY_OPTIONS_VERSION);
            nqpf_table *e = NULL;
            (void)nqpf_geo_neighbours(&e, g, &o);
            nqpf_table_free(e);
            e = NULL;
            if (nqpf_contiguity_parse(&o, "knn:1") == NQPF_OK && nqpf_geo_count(g) > 1)
                (void)nqpf_geo_neighbours(&e, g, &o);
            nqpf_table_free(e);
        }
        nqpf_geo_free(g);
    }
    nqpf_error_clear();
    return 0;
}
