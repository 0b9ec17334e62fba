/* Study step: spatial weights, shared by spatial and dynamics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf/dea.h"
#include "nqpf/dynamics.h"
#include "nqpf/expr.h"
#include "nqpf/index.h"
#include "nqpf/io.h"
#include "nqpf/malmquist.h"
#include "nqpf/region.h"
#include "nqpf/spatial.h"
#include "nqpf/tfp.h"
#include "study/study_internal.h"
#include "util/util.h"


/* ---- spatial weights, shared by spatial and dynamics ----------------------------------------- */

static const char *const wfile_keys[] = {"file", "from", "to", "weight", "via", NULL};
static const char *const wvia_keys[] = {"file", "from", "to", NULL};
static const char *const w_styles[] = {"W", "B", NULL};
static const char *const w_dists[] = {"arc", "euclidean", NULL};

static int check_obj_keys(const nqpf_study *s, const json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int ok = 0;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], key) == 0;
        if (!ok)
            return study__err(s, NQPF_EUSAGE, path, key, "unknown key");
    }
    return NQPF_OK;
}

/* Reads the edge list of "weights" {file, from, to[, weight][, via]} and returns a table with
 * columns from, to[, weight] holding the data's ids (recoded through via.file when given: the edge
 * file's codes are looked up in via.to and replaced by via.from; edges with an unknown code are
 * dropped). */
static int read_edges(const nqpf_study *s, const json_t *wj, const char *path, nqpf_table **out)
{
    char wpath[64], vpath[80];
    nqpf_table *e = NULL, *via = NULL, *res = NULL;
    const char *from = "from", *to = "to", *wcol = NULL, *vfrom = NULL, *vto = NULL;
    const char **fv = NULL, **tv = NULL;
    double *wv = NULL;
    char **own = NULL;
    size_t nown = 0;
    int rc;
    *out = NULL;
    snprintf(wpath, sizeof wpath, "%s.weights", path);
    if (!json_is_object(wj))
        return study__err(s, NQPF_EUSAGE, path, "weights", "expected {\"file\": ..., \"from\": ..., \"to\": ...}");
    if ((rc = check_obj_keys(s, wj, wpath, wfile_keys)) || (rc = study__str(s, wj, wpath, "from", 0, &from)) ||
        (rc = study__str(s, wj, wpath, "to", 0, &to)) || (rc = study__str(s, wj, wpath, "weight", 0, &wcol)) ||
        (rc = study__read_aux(s, wj, wpath, &e)) || (rc = study__aux_column(s, e, wpath, "from", from)) ||
        (rc = study__aux_column(s, e, wpath, "to", to)) || (wcol && (rc = study__aux_column(s, e, wpath, "weight", wcol))))
        goto done;
    const json_t *vj = json_object_get(wj, "via");
    size_t jvf = NQPF_NONE, jvt = NQPF_NONE;
    if (vj) {
        snprintf(vpath, sizeof vpath, "%s.via", wpath);
        if (!json_is_object(vj)) {
            rc = study__err(s, NQPF_EUSAGE, wpath, "via", "expected {\"file\": ..., \"from\": ..., \"to\": ...}");
            goto done;
        }
        if ((rc = check_obj_keys(s, vj, vpath, wvia_keys)) || (rc = study__str(s, vj, vpath, "from", 1, &vfrom)) ||
            (rc = study__str(s, vj, vpath, "to", 1, &vto)) || (rc = study__read_aux(s, vj, vpath, &via)) ||
            (rc = study__aux_column(s, via, vpath, "from", vfrom)) || (rc = study__aux_column(s, via, vpath, "to", vto)))
            goto done;
        jvf = nqpf_table_find(via, vfrom);
        jvt = nqpf_table_find(via, vto);
    }
    size_t n = nqpf_table_nrows(e), jf = nqpf_table_find(e, from), jt = nqpf_table_find(e, to);
    size_t jw = wcol ? nqpf_table_find(e, wcol) : NQPF_NONE, m = 0;
    if (!(fv = nqpf__calloc(n ? n : 1, sizeof *fv)) || !(tv = nqpf__calloc(n ? n : 1, sizeof *tv)) ||
        !(wv = nqpf__calloc(n ? n : 1, sizeof *wv)) || !(own = nqpf__calloc(2 * n + 1, sizeof *own))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *ends[2];
        size_t cols[2] = {jf, jt};
        int ok = 1;
        for (int k = 0; k < 2 && ok; k++) {
            char buf[64];
            const char *c = nqpf_table_cell_str(e, cols[k], i, buf, sizeof buf);
            if (nqpf_table_is_text(e, cols[k]))
                c = nqpf_table_text(e, cols[k], i);
            if (!c || !*c) {
                ok = 0;
                break;
            }
            if (via) {
                const char *hit = NULL;
                for (size_t r = 0; r < nqpf_table_nrows(via) && !hit; r++) {
                    char b2[64];
                    const char *code = nqpf_table_is_text(via, jvt) ? nqpf_table_text(via, jvt, r)
                                                                     : nqpf_table_cell_str(via, jvt, r, b2, sizeof b2);
                    if (code && strcmp(code, c) == 0) {
                        hit = nqpf_table_is_text(via, jvf) ? nqpf_table_text(via, jvf, r)
                                                            : nqpf_table_cell_str(via, jvf, r, b2, sizeof b2);
                        if (hit && !(hit = own[nown++] = nqpf__strdup(hit))) {
                            rc = NQPF_EINTERNAL;
                            goto done;
                        }
                    }
                }
                c = hit;
                ok = c && *c;
            } else if (!nqpf_table_is_text(e, cols[k])) {
                if (!(c = own[nown++] = nqpf__strdup(c))) {
                    rc = NQPF_EINTERNAL;
                    goto done;
                }
            }
            ends[k] = c;
        }
        if (!ok)
            continue;
        fv[m] = ends[0];
        tv[m] = ends[1];
        wv[m] = jw != NQPF_NONE ? nqpf_table_cnum(e, jw) ? nqpf_table_cnum(e, jw)[i] : NAN : 1.0;
        m++;
    }
    if (!(res = nqpf_table_new(m)) || (rc = nqpf_table_add_text(res, "from", fv, NULL)) ||
        (rc = nqpf_table_add_text(res, "to", tv, NULL)) || (jw != NQPF_NONE && (rc = nqpf_table_add_num(res, "weight", wv, NULL)))) {
        if (!res)
            rc = NQPF_EINTERNAL;
        goto done;
    }
    nqpf_table_set_source(res, nqpf_table_source(e));
    for (size_t i = 0; i < m; i++)
        nqpf_table_set_src_row(res, i, i + 2);
    *out = res;
    res = NULL;
done:
    for (size_t k = 0; k < nown; k++)
        free(own[k]);
    free(own);
    free(fv);
    free(tv);
    free(wv);
    nqpf_table_free(e);
    nqpf_table_free(via);
    nqpf_table_free(res);
    return rc;
}

static const char *const w_keys_doc = "\"weights\" {file, from, to[, weight][, via]} or \"coords\" [LON, LAT]";

/* Validates the weights keys of a step; required: whether a step must have weights. */
int study__weights_validate(const nqpf_study *s, const json_t *cfg, const char *path, int required)
{
    const json_t *wj = json_object_get(cfg, "weights");
    const char **cc = NULL;
    size_t nc = 0;
    int rc, style, dist;
    long knn = 4;
    double power = 1, maxd = 0;
    if ((rc = study__choice(s, cfg, path, "style", w_styles, 0, &style)) ||
        (rc = study__choice(s, cfg, path, "distance", w_dists, 0, &dist)) ||
        (rc = study__long(s, cfg, path, "knn", 0, &knn)) || (rc = study__num(s, cfg, path, "power", 0, &power)) ||
        (rc = study__num(s, cfg, path, "max_distance", 0, &maxd)) ||
        (rc = study__strlist(s, cfg, path, "coords", 0, &cc, &nc)))
        return rc;
    free(cc);
    if (wj && nc)
        return study__err(s, NQPF_EUSAGE, path, "coords", "give either \"weights\" or \"coords\", not both");
    if (!wj && !nc) {
        if (required)
            return study__err(s, NQPF_EUSAGE, path, "weights", "required: %s", w_keys_doc);
        return NQPF_OK;
    }
    if (wj) {
        static const char *const coord_only[] = {"knn", "power", "max_distance", "distance", NULL};
        for (size_t k = 0; coord_only[k]; k++)
            if (json_object_get(cfg, coord_only[k]))
                return study__err(s, NQPF_EUSAGE, path, coord_only[k], "applies to \"coords\" only");
        nqpf_table *e = NULL;
        rc = read_edges(s, wj, path, &e);
        nqpf_table_free(e);
        return rc;
    }
    if (nc != 2)
        return study__err(s, NQPF_EUSAGE, path, "coords", "expected two columns [LON, LAT], found %zu", nc);
    if (json_object_get(cfg, "knn") && (json_object_get(cfg, "power") || json_object_get(cfg, "max_distance")))
        return study__err(s, NQPF_EUSAGE, path, "knn", "\"power\" and \"max_distance\" apply to inverse distance, not \"knn\"");
    if (!(power > 0))
        return study__err(s, NQPF_EUSAGE, path, "power", "expected a positive number");
    if (maxd < 0 || knn < 1)
        return study__err(s, NQPF_EUSAGE, path, maxd < 0 ? "max_distance" : "knn", "expected a positive number");
    return study__need_columns(s, cfg, path, "coords", 1);
}

/* Builds the weights over the units of p; *edges receives the edge list used (NULL for coords). */
int study__weights_build(const nqpf_study *s, const json_t *cfg, const char *path, const nqpf_panel *p,
                         nqpf_weights **w, nqpf_table **edges)
{
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    int rc, style, dist;
    long knn = 4;
    *w = NULL;
    *edges = NULL;
    if ((rc = study__choice(s, cfg, path, "style", w_styles, 0, &style)) ||
        (rc = study__choice(s, cfg, path, "distance", w_dists, 0, &dist)) ||
        (rc = study__long(s, cfg, path, "knn", 0, &knn)) || (rc = study__num(s, cfg, path, "power", 0, &wo.power)) ||
        (rc = study__num(s, cfg, path, "max_distance", 0, &wo.max_distance)))
        return rc;
    wo.style = style ? NQPF_WSTYLE_BINARY : NQPF_WSTYLE_ROW;
    wo.distance = dist ? NQPF_DIST_EUCLIDEAN : NQPF_DIST_ARC;
    const json_t *wj = json_object_get(cfg, "weights");
    if (wj) {
        size_t nu = nqpf_panel_nunits(p);
        const char **ids = nqpf__calloc(nu ? nu : 1, sizeof *ids);
        if (!ids)
            return NQPF_EINTERNAL;
        for (size_t u = 0; u < nu; u++)
            ids[u] = nqpf_panel_unit_name(p, u);
        if ((rc = read_edges(s, wj, path, edges)) == NQPF_OK)
            rc = nqpf_weights_from_edges(w, *edges, ids, nu, &wo);
        free(ids);
        return rc;
    }
    const json_t *cc = json_object_get(cfg, "coords");
    if (json_object_get(cfg, "knn")) {
        wo.kind = NQPF_WKIND_KNN;
        wo.k = (size_t)knn;
    }
    return nqpf_weights_from_panel_coords(w, p, json_string_value(json_array_get(cc, 0)),
                                          json_string_value(json_array_get(cc, 1)), &wo);
}

