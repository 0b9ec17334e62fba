/* The spatial-weights options shared by `spatial` and `dynamics` (weights_internal.h has the
 * descriptor fragment): their rules, and the one builder of weights from a neighbour list (with
 * its column names and an optional id mapping) or from coordinates, used by the CLI and study
 * files alike. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/join.h"
#include "region/geojson_internal.h"
#include "region/weights_internal.h"
#include "util/util.h"

/* Options that only make sense with a neighbour list, and with coordinates. */
static const char *const list_only[] = {"weights_from", "weights_to", "weights_weight", "weights_via",
                                        "weights_via_from", "weights_via_to", NULL};
static const char *const coords_only[] = {"knn", "power", "max_distance", "distance", NULL};
static const char *const geojson_only[] = {"key", "contiguity", "snap", NULL};

/* The GeoJSON form: geojson with key (required), contiguity, snap and distance; nothing of the
 * neighbour list or the coordinates. */
static int geojson_spec(nqpf_weights_spec *w, const nqpf_optset *set)
{
    int rc;
    for (size_t k = 0; list_only[k]; k++)
        if (nqpf_optset_has(set, list_only[k]))
            return nqpf_opt_error(NQPF_EUSAGE, list_only[k], "applies to a neighbour list (weights), not to geojson");
    for (size_t k = 0; coords_only[k]; k++)
        if (strcmp(coords_only[k], "distance") != 0 && nqpf_optset_has(set, coords_only[k]))
            return nqpf_opt_error(NQPF_EUSAGE, coords_only[k], "applies to coordinates (coords), not to geojson");
    if (!w->geo_key)
        return nqpf_opt_error(NQPF_EUSAGE, "key", "required with geojson: the feature property that names the regions");
    if ((rc = nqpf__geo_contiguity_from_set(&w->contig, set)))
        return rc;
    /* distance's default (arc) belongs to coordinates: for polygons it is chosen from the data. */
    return NQPF_OK;
}

int nqpf__weights_spec_parse(nqpf_weights_spec *w, const nqpf_optset *set, int required)
{
    nqpf_weights_spec d = NQPF_WEIGHTS_SPEC_INIT;
    const char *const *cc = NULL;
    size_t nc = 0;
    long knn = 0;
    int rc, style, dist;
    *w = d;
    if ((rc = nqpf_opt_path(set, "weights", &w->file)) || (rc = nqpf_opt_string(set, "weights_from", &w->from)) ||
        (rc = nqpf_opt_string(set, "weights_to", &w->to)) || (rc = nqpf_opt_string(set, "weights_weight", &w->weight)) ||
        (rc = nqpf_opt_path(set, "weights_via", &w->via)) ||
        (rc = nqpf_opt_string(set, "weights_via_from", &w->via_from)) ||
        (rc = nqpf_opt_string(set, "weights_via_to", &w->via_to)) || (rc = nqpf_opt_list(set, "coords", &cc, &nc)) ||
        (rc = nqpf_opt_long(set, "knn", &knn)) || (rc = nqpf_opt_double(set, "power", &w->o.power)) ||
        (rc = nqpf_opt_double(set, "max_distance", &w->o.max_distance)) ||
        (rc = nqpf_opt_choice(set, "distance", &dist)) || (rc = nqpf_opt_choice(set, "style", &style)) ||
        (rc = nqpf_opt_path(set, "geojson", &w->geojson)) || (rc = nqpf_opt_string(set, "key", &w->geo_key)))
        return rc;
    w->o.style = style ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW;
    w->o.distance = dist ? NQPF_DIST_EUCLIDEAN : NQPF_DIST_ARC;
    if (w->geojson && (w->file || nc))
        return nqpf_opt_error(NQPF_EUSAGE, "geojson", "give one source of weights: a neighbour list (weights), "
                              "coordinates (coords) or a GeoJSON file (geojson), not several");
    if (w->geojson)
        return geojson_spec(w, set);
    for (size_t k = 0; geojson_only[k]; k++)
        if (nqpf_optset_has(set, geojson_only[k]))
            return nqpf_opt_error(NQPF_EUSAGE, geojson_only[k], "applies to a GeoJSON file (geojson) only");
    if (w->file && nc)
        return nqpf_opt_error(NQPF_EUSAGE, "coords", "give either a neighbour list (weights) or coordinates, not both");
    if (!w->file && !nc) {
        for (size_t k = 0; list_only[k]; k++)
            if (nqpf_optset_has(set, list_only[k]))
                return nqpf_opt_error(NQPF_EUSAGE, list_only[k], "applies to a neighbour list (weights) only");
        for (size_t k = 0; coords_only[k]; k++)
            if (nqpf_optset_has(set, coords_only[k]))
                return nqpf_opt_error(NQPF_EUSAGE, coords_only[k], "applies to coordinates (coords) only");
        if (required)
            return nqpf_opt_error(NQPF_EUSAGE, "weights",
                                  "required: a neighbour list (weights) or two coordinate columns (coords), or "
                                  "polygons (geojson)");
        return nqpf_optset_has(set, "style") ? nqpf_opt_error(NQPF_EUSAGE, "style", "applies to weights only")
                                             : NQPF_OK;
    }
    if (w->file) {
        for (size_t k = 0; coords_only[k]; k++)
            if (nqpf_optset_has(set, coords_only[k]))
                return nqpf_opt_error(NQPF_EUSAGE, coords_only[k], "applies to coordinates (coords) only");
        if (!w->via && (w->via_from || w->via_to))
            return nqpf_opt_error(NQPF_EUSAGE, w->via_from ? "weights_via_from" : "weights_via_to",
                                  "applies to an id mapping (weights_via) only");
        if (w->via && (!w->via_from || !w->via_to))
            return nqpf_opt_error(NQPF_EUSAGE, !w->via_from ? "weights_via_from" : "weights_via_to",
                                  "required with an id mapping (weights_via): its column of %s",
                                  !w->via_from ? "the data's ids" : "the neighbour list's codes");
        return NQPF_OK;
    }
    for (size_t k = 0; list_only[k]; k++)
        if (nqpf_optset_has(set, list_only[k]))
            return nqpf_opt_error(NQPF_EUSAGE, list_only[k], "applies to a neighbour list (weights) only");
    if (nc != 2)
        return nqpf_opt_error(NQPF_EUSAGE, "coords", "expected two columns LON,LAT, found %zu", nc);
    w->xcol = cc[0];
    w->ycol = cc[1];
    if (nqpf_optset_has(set, "knn")) {
        if (nqpf_optset_has(set, "power") || nqpf_optset_has(set, "max_distance"))
            return nqpf_opt_error(NQPF_EUSAGE, "knn", "power and max_distance apply to inverse distance, not to knn");
        w->o.kind = NQPF_WKIND_KNN;
        w->o.k = (size_t)knn;
    } else if (!(w->o.power > 0)) {
        return nqpf_opt_error(NQPF_EUSAGE, "power", "expected a positive number, found '%s'",
                              nqpf_optset_text(set, "power"));
    }
    return NQPF_OK;
}

/* Reads the table of option key at path; errors keyed by key. */
static int read_keyed(nqpf_table **out, const char *key, const char *path)
{
    int rc = nqpf_read_table(out, path, NULL);
    if (rc == NQPF_OK) {
        if (!nqpf_table_source(*out)[0])
            nqpf_table_set_source(*out, path);
        return NQPF_OK;
    }
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", nqpf_error_message());
    return nqpf_opt_error(rc, key, "%s", msg);
}

static int column_keyed(const nqpf_table *t, const char *key, const char *name, size_t *j)
{
    *j = nqpf_table_find(t, name);
    if (*j == NQPF_NONE)
        return nqpf_opt_error(NQPF_EDATA, key, "column '%s' not found in %s", name, nqpf_table_source(t));
    return NQPF_OK;
}

int nqpf_weights_edges(nqpf_table **out, const nqpf_weights_spec *w)
{
    nqpf_table *e = NULL, *via = NULL, *res = NULL;
    nqpf_keyindex *vfrom = NULL, *vto = NULL;
    const char **fv = NULL, **tv = NULL, **wtext = NULL;
    char *store = NULL;
    size_t *rows = NULL, jf, jt, jw = NQPF_NONE, jvf = NQPF_NONE, jvt = NQPF_NONE, m = 0, unmapped = 0, first_row = 0;
    char first_code[64] = "";
    int rc;
    *out = NULL;
    if (w->geojson) {
        /* Outlines: the neighbours they imply, keyed by the feature property; errors keyed geojson. */
        if ((rc = nqpf_geo_edges(out, w->geojson, w->geo_key, &w->contig)) && !nqpf_error_key()) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", nqpf_error_message());
            rc = nqpf_opt_error(rc, "geojson", "%s", msg);
        }
        return rc;
    }
    if (!w->file)
        return nqpf_opt_error(NQPF_EUSAGE, "weights", "no neighbour list given");
    if ((rc = read_keyed(&e, "weights", w->file)) || (rc = column_keyed(e, "weights_from", w->from, &jf)) ||
        (rc = column_keyed(e, "weights_to", w->to, &jt)))
        goto done;
    if (w->weight)
        rc = column_keyed(e, "weights_weight", w->weight, &jw);
    else
        jw = nqpf_table_find(e, "weight");
    if (rc || (w->via && ((rc = read_keyed(&via, "weights_via", w->via)) ||
                          (rc = column_keyed(via, "weights_via_from", w->via_from, &jvf)) ||
                          (rc = column_keyed(via, "weights_via_to", w->via_to, &jvt)))))
        goto done;
    /* The mapping is a code table like a group map's via (join.h): each data id and each code in
     * one row only, a repeat being an error that names the file, row and first occurrence. */
    if (via && ((rc = nqpf_keyindex_new(&vfrom, via, jvf, NQPF_NONE)) ||
                (rc = nqpf_keyindex_new(&vto, via, jvt, NQPF_NONE))))
        goto done;
    size_t n = nqpf_table_nrows(e);
    /* Numeric ids are formatted into store: 64 bytes for each end of each row. */
    if (!(fv = nqpf__calloc(n ? n : 1, sizeof *fv)) || !(tv = nqpf__calloc(n ? n : 1, sizeof *tv)) ||
        !(rows = nqpf__calloc(n ? n : 1, sizeof *rows)) || !(store = nqpf__calloc(n ? 2 * n : 1, 64)) ||
        (jw != NQPF_NONE && nqpf_table_is_text(e, jw) && !(wtext = nqpf__calloc(n ? n : 1, sizeof *wtext)))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *ends[2];
        size_t cols[2] = {jf, jt};
        int ok = 1;
        for (int k = 0; k < 2; k++) {
            char *buf = store + 64 * (2 * i + (size_t)k);
            const char *c = nqpf_cell_text(e, cols[k], i, buf, 64);
            if (via) {
                /* A missing code has no id either: the link is dropped like one with an unknown code.
                 * c is not used after the lookup, so its buffer may take a numeric id. */
                size_t r = nqpf_keyindex_find(vto, c, 0);
                const char *hit = r == NQPF_NONE ? NULL : nqpf_cell_text(via, jvf, r, buf, 64);
                if (!hit && ok) {
                    if (!unmapped++) {
                        first_row = nqpf_table_src_row(e, i);
                        snprintf(first_code, sizeof first_code, "%s", c ? c : "");
                    }
                    ok = 0;
                }
                c = hit;
            }
            ends[k] = c ? c : "";
        }
        if (!ok)
            continue;
        fv[m] = ends[0];
        tv[m] = ends[1];
        if (wtext)
            wtext[m] = nqpf_table_text(e, jw, i);
        rows[m++] = i;
    }
    if (unmapped)
        nqpf_warn("%s: %zu link%s with a code absent from %s (first: row %zu, code '%s'); dropped", nqpf_table_source(e),
                  unmapped, unmapped == 1 ? "" : "s", nqpf_table_source(via), first_row, first_code);
    if (!(res = nqpf_table_new(m))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_text(res, "from", fv, NULL)) || (rc = nqpf_table_add_text(res, "to", tv, NULL)))
        goto done;
    if (jw != NQPF_NONE) {
        if (wtext) {
            rc = nqpf_table_add_text(res, "weight", wtext, NULL);
        } else {
            const double *wv = nqpf_table_cnum(e, jw);
            double *x = nqpf__malloc(m ? m : 1, sizeof *x);
            if (!x) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            for (size_t q = 0; q < m; q++)
                x[q] = wv[rows[q]];
            rc = nqpf_table_add_num(res, "weight", x, NULL);
            free(x);
        }
        if (rc)
            goto done;
    }
    nqpf_table_set_source(res, nqpf_table_source(e));
    for (size_t i = 0; i < m; i++)
        nqpf_table_set_src_row(res, i, nqpf_table_src_row(e, rows[i]));
    *out = res;
    res = NULL;
done:
    free(fv);
    free(tv);
    free(wtext);
    free(rows);
    free(store);
    nqpf_keyindex_free(vfrom);
    nqpf_keyindex_free(vto);
    nqpf_table_free(e);
    nqpf_table_free(via);
    nqpf_table_free(res);
    return rc;
}

int nqpf_weights_build(nqpf_weights **out, nqpf_table **edges, const nqpf_weights_spec *w, const nqpf_panel *p)
{
    *out = NULL;
    if (edges)
        *edges = NULL;
    if (w->xcol)
        return nqpf_weights_from_panel_coords(out, p, w->xcol, w->ycol, &w->o);
    nqpf_table *e = NULL;
    int rc = nqpf_weights_edges(&e, w);
    if (rc)
        return rc;
    size_t nu = nqpf_panel_nunits(p);
    const char **ids = nqpf__malloc(nu ? nu : 1, sizeof *ids);
    if (!ids)
        rc = NQPF_EINTERNAL;
    for (size_t u = 0; u < nu && ids; u++)
        ids[u] = nqpf_panel_unit_name(p, u);
    /* Feature keys to the data's ids (苏州市 -> 苏州), one warning for ids without a feature. */
    if (rc == NQPF_OK && w->geojson)
        rc = nqpf__geo_edges_to_ids(&e, ids, nu);
    if (rc == NQPF_OK)
        rc = nqpf_weights_from_edges(out, e, ids, nu, &w->o);
    free(ids);
    if (rc == NQPF_OK && edges)
        *edges = e;
    else
        nqpf_table_free(e);
    return rc;
}
