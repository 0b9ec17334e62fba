/* Study steps with spatial weights (spatial, dynamics): the nested form of study files,
 * "weights": {"file", "from", "to", "weight", "via": {"file", "from", "to"}}, is another spelling of
 * the flat keys the library defines once for both front doors (weights, weights_from, weights_to,
 * weights_weight, weights_via, weights_via_from, weights_via_to; src/region/weights_internal.h).
 * This file only respells it; the options are read and the weights built by the library. */
#include <stdio.h>
#include <string.h>

#include "nqpf/spatial.h"
#include "study/study_internal.h"

/* Nested key -> flat key, for "weights" and "weights.via". */
static const char *const nested_keys[][2] = {{"file", "weights"}, {"from", "weights_from"}, {"to", "weights_to"},
                                             {"weight", "weights_weight"}, {"geojson", "geojson"}, {"key", "key"},
                                             {"contiguity", "contiguity"}, {"snap", "snap"}};
static const char *const nested_via_keys[][2] = {
    {"file", "weights_via"}, {"from", "weights_via_from"}, {"to", "weights_via_to"}};

static const char *flat_key(const char *const (*map)[2], size_t n, const char *key)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(map[k][0], key) == 0)
            return map[k][1];
    return NULL;
}

/* Copies the entries of object obj (at PATH.where) into out under their flat names. */
static int flatten(const nqpf_study *s, const json_t *obj, const char *path, const char *where,
                   const char *const (*map)[2], size_t n, json_t *out)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (map == nested_keys && strcmp(key, "via") == 0)
            continue;
        const char *flat = flat_key(map, n, key);
        char sub[96];
        snprintf(sub, sizeof sub, "%s.%s", where, key);
        if (!flat)
            return study__err(s, NQPF_EUSAGE, path, sub, "unknown key (expected one of: %s)",
                              map == nested_keys ? "file, from, to, weight, via, geojson, key, contiguity, snap"
                                                 : "file, from, to");
        if (json_object_get(out, flat))
            return study__err(s, NQPF_EUSAGE, path, sub, "given twice (also as \"%s\")", flat);
        json_object_set(out, flat, v);
    }
    return NQPF_OK;
}

int study__weights_flat(const nqpf_study *s, const json_t *cfg, const char *path, json_t **out)
{
    const json_t *wj = json_object_get(cfg, "weights");
    *out = json_copy((json_t *)cfg);
    if (!*out)
        return NQPF_EINTERNAL;
    if (!json_is_object(wj))
        return NQPF_OK;
    json_object_del(*out, "weights");
    int rc = flatten(s, wj, path, "weights", nested_keys, sizeof nested_keys / sizeof *nested_keys, *out);
    const json_t *vj = json_object_get(wj, "via");
    if (rc == NQPF_OK && vj) {
        if (!json_is_object(vj))
            rc = study__err(s, NQPF_EUSAGE, path, "weights.via", "expected {\"file\": ..., \"from\": ..., \"to\": ...}");
        else
            rc = flatten(s, vj, path, "weights.via", nested_via_keys, sizeof nested_via_keys / sizeof *nested_via_keys,
                         *out);
    }
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int study__weights_keyed(const nqpf_study *s, const json_t *cfg, const char *path, int rc)
{
    const char *key = nqpf_error_key();
    if (rc == NQPF_OK || !key || !json_is_object(json_object_get(cfg, "weights")))
        return study__keyed(s, path, rc);
    /* The study wrote the nested form: name the key as it was written. */
    const char *nested = NULL;
    for (size_t k = 0; k < sizeof nested_keys / sizeof *nested_keys && !nested; k++)
        if (strcmp(nested_keys[k][1], key) == 0)
            nested = nested_keys[k][0];
    for (size_t k = 0; k < sizeof nested_via_keys / sizeof *nested_via_keys && !nested; k++)
        if (strcmp(nested_via_keys[k][1], key) == 0)
            nested = nested_via_keys[k][0];
    if (!nested)
        return study__keyed(s, path, rc);
    char k2[64], text[1024];
    snprintf(k2, sizeof k2, "weights.%s%s", strncmp(key, "weights_via", 11) == 0 ? "via." : "", nested);
    snprintf(text, sizeof text, "%s", nqpf_error_text());
    return study__err(s, rc, path, k2, "%s", text);
}

int study__weights_check(const nqpf_study *s, const json_t *cfg, const char *path, const nqpf_optset *set,
                         const nqpf_weights_spec *w)
{
    nqpf_table *edges = NULL;
    int rc = study__check_columns(s, set, path);
    /* The neighbour list and its id mapping are read now, so that a wrong file or column stops the
     * study before anything runs. */
    if (rc == NQPF_OK && (w->file || w->geojson))
        rc = study__weights_keyed(s, cfg, path, nqpf_weights_edges(&edges, w));
    nqpf_table_free(edges);
    return rc;
}

int study__weights_parse(const nqpf_study *s, const json_t *cfg, const char *path, study_parse_fn parse, void *opts,
                         nqpf_optset **set)
{
    json_t *flat = NULL;
    *set = NULL;
    int rc = study__weights_flat(s, cfg, path, &flat);
    if (rc == NQPF_OK)
        rc = study__optset(s, flat, path, set);
    if (rc == NQPF_OK)
        rc = study__weights_keyed(s, cfg, path, parse(opts, *set));
    json_decref(flat);
    return rc;
}
