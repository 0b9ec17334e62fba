/* nqpf weights: neighbours from the polygons of a GeoJSON file, written as an edge list. The
 * options are the library's (method "weights", src/region/geojson_options.c). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/geojson.h"

/* Output options of the command line only. */
static const cli_opt weights_cli_opts[] = {
    {"out", 'o', "PATH", 0, "write the edge list to PATH: .csv, .json or .xlsx by extension (default: CSV on stdout)"},
    {NULL, 0, NULL, 0, NULL}};

static int run_weights(cli_args *a)
{
    int rc;
    nqpf_geo_weights_options o;
    nqpf_table *e = NULL;
    nqpf_provenance *pv = nqpf_provenance_new();
    if (!pv)
        return NQPF_EINTERNAL;
    if (cli_npos(a) > 0) {
        rc = nqpf_error_set(NQPF_EUSAGE, "weights: unexpected argument '%s' (the outlines come with --geojson FILE)",
                            cli_pos(a, 0));
        goto done;
    }
    if ((rc = nqpf_geo_weights_options_parse(&o, cli_optset(a))) ||
        (rc = nqpf_geo_edges(&e, o.geojson, o.key, &o.contig)))
        goto done;
    char hex[65];
    nqpf_provenance_set(pv, "nqpf_version", nqpf_version());
    nqpf_provenance_set(pv, "command_line", cli_cmdline(a));
    nqpf_provenance_set(pv, "input", o.geojson);
    if (nqpf_file_sha256(o.geojson, hex) == NQPF_OK)
        nqpf_provenance_set(pv, "input_sha256", hex);
    cli_provenance_options(a, pv);
    if ((rc = cli_write_result(a, e, pv)))
        goto done;
    if (!cli_has(a, "quiet")) {
        size_t m = nqpf_table_nrows(e), nf = 0;
        /* Regions with at least one link: the distinct 'from' keys (the table is sorted by them). */
        for (size_t i = 0; i < m; i++)
            nf += i == 0 || strcmp(nqpf_table_text(e, 0, i), nqpf_table_text(e, 0, i - 1)) != 0;
        fprintf(stderr, "nqpf: weights: %zu directed links among %zu regions with neighbours (%s)\n", m, nf,
                nqpf_optset_text(cli_optset(a), "contiguity"));
    }
done:
    nqpf_table_free(e);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_weights_def = {
    "weights",
    run_weights,
    "Spatial weights from polygons: queen/rook contiguity, k nearest or distance bands of a GeoJSON file, as an edge list",
    "weights --geojson FILE --key PROPERTY [--contiguity queen|rook|knn:K|distance:D] [--snap TOL] [-o edges.csv]",
    "Reads a GeoJSON FeatureCollection of Polygon and MultiPolygon features (holes allowed; unclosed\n"
    "rings are closed; rings that touch themselves are fine) and writes who neighbours whom as an\n"
    "edge list 'from,to' of the features' --key property, one row per directed link, sorted:\n"
    "  queen        the boundaries share at least one point\n"
    "  rook         the boundaries share a stretch (longer than 100 x the tolerance), also when the\n"
    "               two outlines do not have the same vertices along it\n"
    "  knn:K        each region's K nearest regions by centroid (directed, not symmetric; ties by key)\n"
    "  distance:D   regions whose centroids are at most D apart (km when the coordinates are lon/lat\n"
    "               degrees, else coordinate units; --distance arc|euclidean to say which)\n"
    "Boundaries closer than the tolerance count as touching: --snap TOL in coordinate units, by default\n"
    "1e-7 of the diagonal of the bounding box of all features (about 1 m for China's counties).\n"
    "Centroids are area-weighted over all parts of a feature (holes subtracted), planar in the\n"
    "coordinates. The list is what `nqpf spatial --weights` reads; spatial and dynamics also take the\n"
    "GeoJSON directly (--geojson FILE --key PROPERTY --contiguity ...).",
    weights_cli_opts,
    0,
    "Examples:\n"
    "  nqpf weights --geojson tests/data/geo/nc_counties.geojson --key FIPSNO -o nc_queen.csv\n"
    "  nqpf weights --geojson tests/data/geo/jiangsu_cities.geojson --key name --contiguity rook\n"
    "  nqpf weights --geojson tests/data/geo/nc_counties.geojson --key NAME --contiguity distance:50\n"
    "See docs/spatial.md (definitions, tolerance, centroids)."};
