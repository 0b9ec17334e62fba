/* The options of method "weights" (nqpf weights: neighbours from a GeoJSON file), the contiguity
 * options that spatial and dynamics share with it, and the matching of feature keys to data ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods.h"
#include "nqpf/gazetteer.h"
#include "nqpf/geojson.h"
#include "nqpf/io.h"
#include "region/geojson_internal.h"
#include "util/util.h"

static const nqpf_optdef weights_opts[] = {
    {.key = "geojson", .type = NQPF_OPT_PATH, .flags = NQPF_OPT_REQUIRED, .arg = "FILE",
     .help = "a GeoJSON FeatureCollection of Polygon/MultiPolygon features"},
    {.key = "key", .type = NQPF_OPT_STRING, .flags = NQPF_OPT_REQUIRED, .arg = "PROPERTY",
     .help = "the feature property that names each region (text or number; unique)"},
    {.key = "contiguity", .type = NQPF_OPT_STRING, .arg = "KIND", .def = "queen",
     .help = "queen (a common boundary point), rook (a common boundary stretch), knn:K (the K nearest "
             "centroids) or distance:D (centroids at most D apart: km for lon/lat, else coordinate units)"},
    {.key = "snap", .type = NQPF_OPT_NUMBER, .arg = "TOL", .min = 0, .max = 1e9,
     .help = "queen/rook: boundaries closer than TOL (coordinate units) touch (default 1e-7 of the "
             "bounding-box diagonal)"},
    {.key = "distance", .type = NQPF_OPT_CHOICE, .arg = "M", .choices = "arc|euclidean",
     .help = "knn/distance: arc (great circle in km) or euclidean (default: arc when the coordinates are "
             "lon/lat degrees)"},
    {0}};

const nqpf_method nqpf__method_weights = {"weights",
                                          "Spatial weights from polygons: queen/rook contiguity, k nearest or "
                                          "distance bands of a GeoJSON file, as an edge list",
                                          weights_opts};

int nqpf__geo_contiguity_from_set(nqpf_contiguity_options *c, const nqpf_optset *set)
{
    const char *kind = NULL;
    int rc, dist;
    nqpf_contiguity_options d = NQPF_CONTIGUITY_OPTIONS_INIT;
    *c = d;
    if ((rc = nqpf_opt_string(set, "contiguity", &kind)) || (rc = nqpf_contiguity_parse(c, kind ? kind : "queen")))
        return rc;
    int band = c->kind == NQPF_CONTIG_KNN || c->kind == NQPF_CONTIG_DISTANCE;
    if (nqpf_optset_has(set, "snap")) {
        if (band)
            return nqpf_opt_error(NQPF_EUSAGE, "snap", "applies to queen and rook contiguity only, not to %s", kind);
        if ((rc = nqpf_opt_double(set, "snap", &c->snap)))
            return rc;
    }
    if (nqpf_optset_has(set, "distance")) {
        if (!band)
            return nqpf_opt_error(NQPF_EUSAGE, "distance", "applies to knn:K and distance:D only, not to %s",
                                  kind ? kind : "queen");
        if ((rc = nqpf_opt_choice(set, "distance", &dist)))
            return rc;
        c->metric = dist ? NQPF_GEO_METRIC_EUCLIDEAN : NQPF_GEO_METRIC_ARC;
    }
    return NQPF_OK;
}

int nqpf_geo_weights_options_init(nqpf_geo_weights_options *o, unsigned version)
{
    static const nqpf_geo_weights_options defaults = NQPF_GEO_WEIGHTS_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_GEO_WEIGHTS_OPTIONS_VERSION,
                              "nqpf_geo_weights_options_init");
}

int nqpf_geo_weights_options_parse(nqpf_geo_weights_options *o, const nqpf_optset *set)
{
    int rc;
    if ((rc = nqpf_geo_weights_options_init(o, NQPF_GEO_WEIGHTS_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_path(set, "geojson", &o->geojson)) || (rc = nqpf_opt_string(set, "key", &o->key)))
        return rc;
    return nqpf__geo_contiguity_from_set(&o->contig, set);
}

int nqpf_geo_edges(nqpf_table **out, const char *path, const char *key, const nqpf_contiguity_options *o)
{
    nqpf_geo *g = NULL;
    *out = NULL;
    int rc = nqpf_geo_read(&g, path, key);
    if (rc == NQPF_OK && (rc = nqpf_geo_neighbours(out, g, o)) == NQPF_OK)
        nqpf_table_set_source(*out, path);
    nqpf_geo_free(g);
    return rc;
}

static int cmp_strp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

int nqpf__geo_edges_to_ids(nqpf_table **edges, const char *const *ids, size_t n)
{
    nqpf_table *e = *edges;
    size_t m = nqpf_table_nrows(e), nk = 0;
    /* The distinct keys of the table, sorted (bsearch finds each cell's). */
    const char **keys = nqpf__malloc(2 * m + 1, sizeof *keys), **tid = NULL, **fv = nqpf__malloc(m + 1, sizeof *fv),
               **tv = nqpf__malloc(m + 1, sizeof *tv);
    nqpf_region_match_result r;
    memset(&r, 0, sizeof r);
    int rc = NQPF_OK;
    nqpf_table *res = NULL;
    if (!keys || !fv || !tv) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t c = 0; c < 2; c++)
            keys[2 * i + c] = nqpf_table_text(e, c, i);
    qsort(keys, 2 * m, sizeof *keys, cmp_strp);
    for (size_t i = 0; i < 2 * m; i++)
        if (nk == 0 || strcmp(keys[nk - 1], keys[i]) != 0)
            keys[nk++] = keys[i];
    if ((rc = nqpf_region_match(&r, ids, n, keys, nk, nqpf_table_source(e))))
        goto done;
    if (r.nunmatched && r.message)
        nqpf_warn("%s", r.message);
    if (r.nexact == r.n - r.nunmatched)
        goto done; /* every matched id is a key as it stands */
    /* key -> the id that matched it (the first such id); keys no id matched stay. */
    if (!(tid = nqpf__calloc(nk + 1, sizeof *tid))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t u = n; u-- > 0;)
        if (r.target[u] != (size_t)-1)
            tid[r.target[u]] = ids[u];
    for (size_t i = 0; i < m; i++)
        for (size_t c = 0; c < 2; c++) {
            const char *k = nqpf_table_text(e, c, i);
            const char **hit = bsearch(&k, keys, nk, sizeof *keys, cmp_strp);
            size_t q = (size_t)(hit - keys);
            (c ? tv : fv)[i] = tid[q] ? tid[q] : k;
        }
    if (!(res = nqpf_table_new(m))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_text(res, "from", fv, NULL)) || (rc = nqpf_table_add_text(res, "to", tv, NULL)))
        goto done;
    nqpf_table_set_source(res, nqpf_table_source(e));
    for (size_t i = 0; i < m; i++)
        nqpf_table_set_src_row(res, i, nqpf_table_src_row(e, i));
    nqpf_table_free(e);
    *edges = res;
    res = NULL;
done:
    nqpf_region_match_free(&r);
    nqpf_table_free(res);
    free(keys);
    free(tid);
    free(fv);
    free(tv);
    return rc;
}
