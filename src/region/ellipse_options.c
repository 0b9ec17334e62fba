/* The options of method "ellipse": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between options. */
#include <math.h>
#include <string.h>

#include "methods/methods.h"
#include "nqpf/ellipse.h"
#include "util/util.h"

static const nqpf_optdef ellipse_opts[] = {
    {.key = "var", .type = NQPF_OPT_COLUMN, .arg = "COL",
     .help = "the weights (e.g. the NQPF index or GDP), >= 0; without it every region weighs 1"},
    {.key = "coords", .type = NQPF_OPT_COLUMNS, .arg = "LON,LAT",
     .help = "the regions' longitude and latitude columns in degrees (planar x,y with projection none); or geojson"},
    {.key = "geojson", .type = NQPF_OPT_PATH, .arg = "FILE",
     .help = "instead of coords: the regions' points are the area-weighted centroids of these outlines "
             "(builtin:jiangsu for the built-in ones)"},
    {.key = "key", .type = NQPF_OPT_STRING, .arg = "PROP",
     .help = "geojson: the feature property that holds the region ids (e.g. name or adcode)"},
    {.key = "projection", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "albers", .choices = "albers|equirectangular|none",
     .help = "the plane of the computation: albers (equal-area conic on WGS 84, km), equirectangular (sphere, scaled "
             "at the points' mean latitude, km) or none (coordinates already planar)"},
    {.key = "coord_unit", .type = NQPF_OPT_CHOICE, .arg = "U", .def = "m", .choices = "m|km|deg",
     .help = "projection none: the unit of the coordinates (m, km; deg takes longitude/latitude as planar degrees)"},
    {.key = "parallels", .type = NQPF_OPT_LIST, .arg = "LAT1,LAT2", .def = "25,47",
     .help = "albers: the two standard parallels in degrees (25,47: the common Albers for China)"},
    {.key = "meridian", .type = NQPF_OPT_NUMBER, .arg = "LON", .def = "105", .min = -180, .max = 180,
     .help = "albers, equirectangular: the central meridian in degrees"},
    {.key = "correction", .type = NQPF_OPT_CHOICE, .arg = "C", .def = "sqrt2", .choices = "sqrt2|none",
     .help = "semi-axes of one standard deviation times sqrt(2) (sqrt2: as ArcGIS's Directional Distribution) or "
             "not (none: Lefever 1926, Yuill 1971)"},
    {.key = "outline_points", .type = NQPF_OPT_INT, .arg = "K", .def = "72", .min = 8, .max = 3600,
     .help = "vertices of each year's ellipse outline"},
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "refuse", .choices = "refuse|drop",
     .help = "a region-year with an empty weight: refuse (an error naming the cell) or drop (left out that year, "
             "with one warning)"},
    {0}};

const nqpf_method nqpf__method_ellipse = {
    "ellipse", "Centre of gravity and standard deviational ellipse (ArcGIS Directional Distribution) by year",
    ellipse_opts};

int nqpf_ellipse_options_init(nqpf_ellipse_options *o, unsigned version)
{
    static const nqpf_ellipse_options defaults = NQPF_ELLIPSE_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_ELLIPSE_OPTIONS_VERSION,
                              "nqpf_ellipse_options_init");
}

int nqpf_ellipse_options_parse(nqpf_ellipse_options *o, const nqpf_optset *set)
{
    const char *const *cc = NULL, *const *par = NULL;
    size_t nc = 0, np = 0;
    long k;
    int rc, proj, unit, corr, missing;
    /* asked before the reads: reading a list with a default adds it to the set */
    const int has_par = nqpf_optset_has(set, "parallels"), has_mer = nqpf_optset_has(set, "meridian");
    if ((rc = nqpf_ellipse_options_init(o, NQPF_ELLIPSE_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "var", &o->var)) || (rc = nqpf_opt_list(set, "coords", &cc, &nc)) ||
        (rc = nqpf_opt_path(set, "geojson", &o->geojson)) || (rc = nqpf_opt_string(set, "key", &o->geo_key)) ||
        (rc = nqpf_opt_choice(set, "projection", &proj)) || (rc = nqpf_opt_choice(set, "coord_unit", &unit)) ||
        (rc = nqpf_opt_list(set, "parallels", &par, &np)) || (rc = nqpf_opt_double(set, "meridian", &o->lon0)) ||
        (rc = nqpf_opt_choice(set, "correction", &corr)) || (rc = nqpf_opt_long(set, "outline_points", &k)) ||
        (rc = nqpf_opt_choice(set, "missing", &missing)))
        return rc;
    if (o->geojson && nc)
        return nqpf_opt_error(NQPF_EUSAGE, "geojson", "give the points once: coordinate columns (coords) or outlines "
                                                      "(geojson), not both");
    if (o->geojson && !o->geo_key)
        return nqpf_opt_error(NQPF_EUSAGE, "key", "required with geojson: the feature property that names the regions");
    if (!o->geojson && o->geo_key)
        return nqpf_opt_error(NQPF_EUSAGE, "key", "applies to geojson only");
    if (!o->geojson && !nc)
        return nqpf_opt_error(NQPF_EUSAGE, "coords", "required: the longitude and latitude columns (e.g. lon,lat), or "
                                                     "outlines (geojson with key)");
    if (!o->geojson && nc != 2)
        return nqpf_opt_error(NQPF_EUSAGE, "coords", "expected two columns, longitude then latitude (e.g. lon,lat), "
                                                     "found %zu",
                              nc);
    o->lon = nc ? cc[0] : NULL;
    o->lat = nc ? cc[1] : NULL;
    o->projection = (nqpf_ellipse_projection)proj;
    o->coord_unit = (nqpf_ellipse_unit)unit;
    o->factor = corr == 0 ? sqrt(2.0) : 1.0;
    o->outline_points = (size_t)k;
    o->missing = missing ? NQPF_MISSING_DROP : NQPF_MISSING_REFUSE;
    if (nqpf_optset_has(set, "coord_unit") && o->projection != NQPF_ELLIPSE_NONE)
        return nqpf_opt_error(NQPF_EUSAGE, "coord_unit", "applies to projection none only (projected coordinates); "
                                                         "longitude/latitude are in degrees");
    if (o->projection == NQPF_ELLIPSE_NONE && (has_par || has_mer))
        return nqpf_opt_error(NQPF_EUSAGE, has_par ? "parallels" : "meridian",
                              "does not apply to projection none (no projection is done)");
    if (has_par && o->projection != NQPF_ELLIPSE_ALBERS)
        return nqpf_opt_error(NQPF_EUSAGE, "parallels", "applies to projection albers only");
    if (np != 2)
        return nqpf_opt_error(NQPF_EUSAGE, "parallels", "expected two latitudes in degrees (e.g. 25,47), found %zu",
                              np);
    double v[2];
    for (size_t j = 0; j < 2; j++)
        if (!nqpf_parse_double(par[j], &v[j]) || !(fabs(v[j]) < 90))
            return nqpf_opt_error(NQPF_EUSAGE, "parallels", "expected a latitude in (-90, 90), found '%s'", par[j]);
    if (fabs(v[0] + v[1]) < 1e-10)
        return nqpf_opt_error(NQPF_EUSAGE, "parallels",
                              "expected two parallels that are not symmetric about the equator, found %s and %s (the "
                              "cone degenerates); choose two on one side",
                              par[0], par[1]);
    o->lat1 = v[0];
    o->lat2 = v[1];
    return NQPF_OK;
}
