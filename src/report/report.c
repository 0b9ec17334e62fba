/* report.html: one self-contained page. The charting library (and ECharts GL when a 3-D density
 * surface is drawn), the map outlines, the report's script and style are embedded in the binary
 * (cmake/report_assets.cmake); the study's results go in as a JSON blob that the script turns into
 * sections. Only the map the study uses is embedded (the world map alone is 150 kB, Jiangsu's cities
 * 800 kB). Nothing is fetched when the page is viewed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/report.h"
#include "report/assets.h"
#include "report/report_internal.h"
#include "util/util.h"

static const char *const bundled[] = {"world", "china", "jiangsu", NULL};

static const nqpf__report_asset *asset(const char *name)
{
    for (size_t k = 0; nqpf__report_assets[k].name; k++)
        if (strcmp(nqpf__report_assets[k].name, name) == 0)
            return &nqpf__report_assets[k];
    return NULL;
}

static void put_asset(nqpf__buf *b, const char *name)
{
    const nqpf__report_asset *a = asset(name);
    if (!a) {
        b->failed = 1;
        return;
    }
    nqpf__buf_append(b, (const char *)a->data, a->size);
}

int nqpf__report_map_bundled(const char *name)
{
    for (size_t k = 0; name && bundled[k]; k++)
        if (strcmp(bundled[k], name) == 0)
            return 1;
    return 0;
}

int nqpf__report_map_names(const char *name, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    if (!nqpf__report_map_bundled(name))
        return nqpf_error_set(NQPF_EUSAGE, "map: expected one of world, china, jiangsu, found '%s'", name ? name : "");
    char file[64];
    snprintf(file, sizeof file, "%s.geo.json", name);
    const nqpf__report_asset *a = asset(file);
    json_error_t err;
    json_t *root = a ? json_loadb((const char *)a->data, a->size, 0, &err) : NULL;
    if (!root)
        return nqpf_error_set(NQPF_EINTERNAL, "the embedded map %s cannot be read", file);
    const json_t *f = json_object_get(root, "features");
    size_t m = json_array_size(f);
    char **out = nqpf__calloc(m ? m : 1, sizeof *out);
    int rc = out ? NQPF_OK : NQPF_EINTERNAL;
    for (size_t i = 0; rc == NQPF_OK && i < m; i++) {
        const char *s = json_string_value(json_object_get(json_object_get(json_array_get(f, i), "properties"), "name"));
        if (s && !(out[(*n)++] = nqpf__strdup(s)))
            rc = NQPF_EINTERNAL;
    }
    json_decref(root);
    if (rc) {
        for (size_t i = 0; i < *n; i++)
            free(out[i]);
        free(out);
        *n = 0;
        return rc;
    }
    *names = out;
    return NQPF_OK;
}

/* Appends asset @p name with every '<a href="http' written '<a href=\x22http'. ECharts GL holds two
 * such links (OpenStreetMap, CARTO) inside the single-quoted attribution string of a map layer that
 * the report never uses; a '<a href="' can only stand in a JavaScript string, regular expression or
 * comment, where \x22 is the same '"'. So the page holds no literal link to a network address. */
static void put_asset_nolinks(nqpf__buf *b, const char *name)
{
    const nqpf__report_asset *a = asset(name);
    if (!a) {
        b->failed = 1;
        return;
    }
    static const char pat[] = "<a href=\"http";
    const char *s = (const char *)a->data, *end = s + a->size;
    for (;;) {
        const char *hit = strstr(s, pat); /* the data end with a NUL (assets.h) */
        if (!hit || hit >= end) {
            nqpf__buf_append(b, s, (size_t)(end - s));
            return;
        }
        nqpf__buf_append(b, s, (size_t)(hit - s));
        nqpf__buf_puts(b, "<a href=\\x22http");
        s = hit + sizeof pat - 1;
    }
}

/* Non-zero when the report draws a 3-D kernel density surface: some step of type "dynamics" has a
 * density table. Only then is ECharts GL (640 kB) embedded, so that other reports do not grow. */
static int wants_gl(const char *data_json)
{
    json_error_t err;
    json_t *d = json_loads(data_json, 0, &err);
    const json_t *steps = json_object_get(d, "steps");
    int yes = 0;
    for (size_t k = 0; !yes && k < json_array_size(steps); k++) {
        const json_t *st = json_array_get(steps, k);
        const char *type = json_string_value(json_object_get(st, "type"));
        yes = type && strcmp(type, "dynamics") == 0 && json_object_get(json_object_get(st, "tables"), "density");
    }
    json_decref(d);
    return yes;
}

/* Appends JSON text for a JSON script element with every "<" written as \u003c (the same string in
 * JSON; in valid JSON "<" can only occur inside a string). Then neither "</script" nor "<!--" (which
 * would make the parser skip the element's real end tag) can occur in the element. */
static void put_json_text(nqpf__buf *b, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '<') {
            nqpf__buf_append(b, s + start, i - start);
            nqpf__buf_puts(b, "\\u003c");
            start = i + 1;
        }
    nqpf__buf_append(b, s + start, len - start);
}

int nqpf__report_write(const char *path, const char *data_json, const char *lang, const char *map,
                       const char *map_text, size_t map_len)
{
    if (!lang || (strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0))
        return nqpf_error_set(NQPF_EUSAGE, "report language: expected en or zh, found '%s'", lang ? lang : "");
    /* The blob must come from a writer that escapes "/" (jansson's JSON_ESCAPE_SLASH, as the study
     * runner does); a raw "</" means the caller did not, and is refused. Every "<" is escaped again
     * below (put_json_text), which also covers "<!--". */
    if (strstr(data_json, "</"))
        return nqpf_error_set(NQPF_EINTERNAL, "report data contains '</' (it must be escaped)");
    if (map && !map_text && !nqpf__report_map_bundled(map))
        return nqpf_error_set(NQPF_EUSAGE, "map: expected one of world, china, jiangsu, found '%s'", map);
    for (const char *c = map; c && *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
            return nqpf_error_set(NQPF_EINTERNAL, "report map name '%s': expected [a-z0-9_-]", map);
    nqpf__buf b = NQPF__BUF_INIT;
    nqpf__buf_printf(&b,
                     "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     /* Content-Security-Policy: the page is one self-contained file, so nothing may be
                      * fetched (default-src 'none'); its own inline script and style run ('unsafe-inline':
                      * hashes would have to be recomputed for every embedded asset, and the data blobs are
                      * JSON elements, never executed); ECharts sets inline styles and may use data: images. */
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
                     "base-uri 'none'; form-action 'none'\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"nqpf\">\n<title>nqpf report</title>\n<style>\n",
                     strcmp(lang, "zh") == 0 ? "zh-CN" : "en");
    put_asset(&b, "report.css");
    nqpf__buf_puts(&b, "</style>\n<script>\n");
    put_asset(&b, "echarts.min.js");
    if (wants_gl(data_json)) {
        nqpf__buf_puts(&b, "\n</script>\n<script>\n");
        put_asset_nolinks(&b, "echarts-gl.min.js");
    }
    nqpf__buf_puts(&b, "\n</script>\n</head>\n<body>\n<div id=\"app\"></div>\n");
    if (map) {
        nqpf__buf_printf(&b, "<script type=\"application/json\" id=\"nqpf-geo-%s\">", map);
        if (map_text) {
            put_json_text(&b, map_text, map_len);
        } else {
            char file[64];
            snprintf(file, sizeof file, "%s.geo.json", map);
            put_asset(&b, file);
        }
        nqpf__buf_puts(&b, "</script>\n");
    }
    nqpf__buf_puts(&b, "<script type=\"application/json\" id=\"nqpf-data\">");
    put_json_text(&b, data_json, strlen(data_json));
    /* The report script is four files that share one function scope (src/report/js/core.js). */
    nqpf__buf_puts(&b, "</script>\n<script>\n(function () {\n'use strict';\n");
    static const char *const parts[] = {"core.js", "sections_a.js", "sections_b.js", "sections_boot.js", "sections_meta.js", "sections_nddf.js", "sections_stage2.js", "sections_network.js", "sections_geodet.js", "sections_deap.js", "sections_ellipse.js", "sections_prodest.js", "sections_spreg.js", "sections_sfa.js", "main.js"};
    for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
        put_asset(&b, parts[k]);
    nqpf__buf_puts(&b, "})();\n</script>\n</body>\n</html>\n");
    int rc;
    if (b.failed)
        rc = nqpf__nomem("writing %s (or an embedded asset is missing from this build)", path);
    else
        rc = nqpf_write_file_atomic(path, b.data, b.len);
    nqpf__buf_free(&b);
    return rc;
}

int nqpf_report_write_html(const char *path, const char *data_json, const char *lang)
{
    /* The bundled map the data name (map.geo), if any. */
    json_error_t err;
    json_t *d = json_loads(data_json, 0, &err);
    const char *geo = json_string_value(json_object_get(json_object_get(d, "map"), "geo"));
    char map[16] = "";
    if (geo && nqpf__report_map_bundled(geo))
        snprintf(map, sizeof map, "%s", geo);
    json_decref(d);
    return nqpf__report_write(path, data_json, lang, map[0] ? map : NULL, NULL, 0);
}
