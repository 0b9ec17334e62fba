/* report.html: one self-contained page. The charting library, the map outlines, the report's script
 * and style are embedded in the binary (cmake/report_assets.cmake); the study's results go in as a
 * JSON blob that the script turns into sections. Nothing is fetched when the page is viewed. */
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/report.h"
#include "report/assets.h"
#include "util/util.h"

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

int nqpf_report_write_html(const char *path, const char *data_json, const char *lang)
{
    if (!lang || (strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0))
        return nqpf_error_set(NQPF_EUSAGE, "report language: expected en or zh, found '%s'", lang ? lang : "");
    /* The data blob sits in a JSON script element: "</" is escaped by the writer (JSON_ESCAPE_SLASH),
     * so the blob cannot close the element early. */
    if (strstr(data_json, "</"))
        return nqpf_error_set(NQPF_EINTERNAL, "report data contains '</' (it must be escaped)");
    nqpf__buf b = NQPF__BUF_INIT;
    nqpf__buf_printf(&b,
                     "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"nqpf\">\n<title>nqpf report</title>\n<style>\n",
                     strcmp(lang, "zh") == 0 ? "zh-CN" : "en");
    put_asset(&b, "report.css");
    nqpf__buf_puts(&b, "</style>\n<script>\n");
    put_asset(&b, "echarts.min.js");
    nqpf__buf_puts(&b, "\n</script>\n</head>\n<body>\n<div id=\"app\"></div>\n"
                       "<script type=\"application/json\" id=\"nqpf-geo-world\">");
    put_asset(&b, "world.geo.json");
    nqpf__buf_puts(&b, "</script>\n<script type=\"application/json\" id=\"nqpf-geo-china\">");
    put_asset(&b, "china.geo.json");
    nqpf__buf_puts(&b, "</script>\n<script type=\"application/json\" id=\"nqpf-data\">");
    nqpf__buf_puts(&b, data_json);
    nqpf__buf_puts(&b, "</script>\n<script>\n");
    put_asset(&b, "report.js");
    nqpf__buf_puts(&b, "\n</script>\n</body>\n</html>\n");
    int rc;
    if (b.failed)
        rc = nqpf_error_set(NQPF_EINTERNAL, "out of memory (or a missing embedded asset) while writing %s", path);
    else
        rc = nqpf_write_file_atomic(path, b.data, b.len);
    nqpf__buf_free(&b);
    return rc;
}
