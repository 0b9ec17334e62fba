/* nqpf ellipse: the centre of gravity by year, its shift, and the standard deviational ellipse
 * (ArcGIS Directional Distribution). The options are the library's (src/region/ellipse_options.c);
 * --outline-out is this command's. */
#include <math.h>
#include <stdio.h>

#include "commands.h"
#include "nqpf/ellipse.h"

static const cli_opt el_cli_opts[] = {
    {"outline-out", 0, "PATH", 0, "write the ellipses' outlines (time, point, x, y, lon, lat) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *t)
{
    size_t n = nqpf_table_nrows(t);
    if (cli_has(a, "quiet") || n == 0)
        return;
    const double *time = nqpf_table_cnum(t, 0), *lon = nqpf_table_cnum(t, nqpf_table_find(t, "centre_lon"));
    const double *lat = nqpf_table_cnum(t, nqpf_table_find(t, "centre_lat"));
    const double *x = nqpf_table_cnum(t, nqpf_table_find(t, "centre_x"));
    const double *y = nqpf_table_cnum(t, nqpf_table_find(t, "centre_y"));
    const double *rot = nqpf_table_cnum(t, nqpf_table_find(t, "rotation"));
    const double *shape = nqpf_table_cnum(t, nqpf_table_find(t, "shape"));
    const char *unit = nqpf_table_text(t, nqpf_table_find(t, "unit"), 0);
    if (!time || !lon || !lat || !x || !y || !rot || !shape)
        return;
    size_t k = n - 1;
    if (n == 1)
        fprintf(stderr, "nqpf: ellipse: 1 year; centre %.0f: %.4f, %.4f; rotation %.2f degrees, shape %.4f\n", time[0],
                lon[0], lat[0], rot[0], shape[0]);
    else
        fprintf(stderr, "nqpf: ellipse: %zu years; centre %.0f: %.4f, %.4f; centre %.0f: %.4f, %.4f\n", n, time[0],
                lon[0], lat[0], time[k], lon[k], lat[k]);
    if (n > 1) {
        double dx = x[k] - x[0], dy = y[k] - y[0], b = atan2(dx, dy) * 180 / 3.14159265358979323846;
        const char *dir = nqpf_compass8(b < 0 ? b + 360 : b);
        fprintf(stderr, "nqpf: ellipse: the centre moved %.3f %s %s; rotation %.2f -> %.2f degrees, shape %.4f -> %.4f\n",
                hypot(dx, dy), unit ? unit : "", dir && hypot(dx, dy) > 0 ? dir : "(not at all)", rot[0], rot[k],
                shape[0], shape[k]);
    }
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_ellipse(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *centres = NULL, *outline = NULL;
    nqpf_ellipse_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_ellipse_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_ellipse_run(&centres, &outline, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){centres, outline}, (const char *const[]){"centres", "outline"},
                       (const char *const[]){NULL, "outline-out"}, 2, pv);
    if (!rc)
        summarise(a, centres);
done:
    nqpf_table_free(centres);
    nqpf_table_free(outline);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_ellipse_def = {
    "ellipse",
    run_ellipse,
    "Centre of gravity and its path, standard deviational ellipse (ArcGIS Directional Distribution)",
    "ellipse DATA --id ID --time T (--coords LON,LAT | --geojson FILE --key PROP) [--var X] [options]",
    "For each year: the weighted mean centre (centre of gravity) of --var over the regions' points\n"
    "(--coords, longitude and latitude, or the centroids of the outlines in --geojson whose property\n"
    "--key holds the ids; without --var every region weighs 1), its shift from the\n"
    "previous year (distance, bearing clockwise from grid north, compass direction, speed per year),\n"
    "and the standard deviational ellipse: rotation of the long axis clockwise from north (0-180),\n"
    "semi-major and semi-minor standard distances, area and shape (minor/major).\n"
    "The semi-axes are sqrt(2) times the standard deviations along the axes, as ArcGIS's one standard\n"
    "deviation ellipse (--correction none: without sqrt(2), Lefever/Yuill).\n"
    "Everything is computed in a plane: --projection albers (default; WGS 84, standard parallels\n"
    "25 and 47 N, central meridian 105 E, results in km), equirectangular (km) or none (coordinates\n"
    "already projected: --coord-unit m or km; deg treats longitude/latitude as planar degrees).\n"
    "Columns: time, n, weight, centre_lon, centre_lat, centre_x, centre_y, shift, bearing, direction,\n"
    "direction_zh, speed, rotation, sd_major, sd_minor, area, shape, unit. --outline-out writes each\n"
    "year's ellipse as points (time, point, x, y, lon, lat) for drawing.",
    el_cli_opts,
    1,
    "Examples:\n"
    "  nqpf ellipse tests/data/ellipse/province_sde.csv --id id --time year --coords lon,lat --var X\n"
    "  nqpf ellipse tests/data/ellipse/province_sde.csv --id id --time year --coords lon,lat --var X \\\n"
    "      -o centres.csv --outline-out outline.csv\n"
    "  nqpf ellipse tests/data/ellipse/province_sde.csv --id id --time year --coords lon,lat --var X \\\n"
    "      --projection none --coord-unit deg --correction none --from 2021 --to 2021\n"
    "  nqpf ellipse tests/data/ellipse/jiangsu.csv --id city --time year --geojson builtin:jiangsu --key name --var g\n"
    "See docs/ellipse.md for the formulas, the sqrt(2) factor and the names of ArcGIS's fields."};
