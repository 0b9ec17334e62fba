/**
 * @file report.h
 * @brief The self-contained HTML report: ECharts, map outlines, script and data in one file.
 */
#ifndef NQPF_REPORT_H
#define NQPF_REPORT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Writes report.html to @p path atomically: one UTF-8 file that embeds the charting library, the
 * outlines of the bundled map that @p data_json names in map.geo (world, china or jiangsu; none
 * otherwise), the report script and @p data_json (the study's results, in the schema
 * described in docs/report.md), so that it opens with no network. @p lang is "en" or "zh" and
 * selects the labels. Errors: NQPF_EUSAGE for an unknown language, NQPF_EIO when the file cannot be
 * written.
 */
int nqpf_report_write_html(const char *path, const char *data_json, const char *lang);

#ifdef __cplusplus
}
#endif
#endif
