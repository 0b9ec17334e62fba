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

/**
 * Prints the report @p html_path to the PDF @p pdf_path (A4, from the report's print stylesheet,
 * no header or footer) through headless Chromium: $NQPF_CHROMIUM when set, else chromium,
 * chromium-browser, google-chrome or google-chrome-stable on PATH. Chromium runs without a shell
 * (fork/exec, its own process group, a fresh profile in $TMPDIR) and is killed after 120 s
 * ($NQPF_PDF_TIMEOUT seconds, 1..3600, when set). It prints into a temporary file in the PDF's
 * folder, which is renamed into place only when it holds a PDF; on failure nothing is left
 * behind and an existing @p pdf_path is unchanged. Errors: NQPF_EIO when Chromium is missing
 * (the message says what to install), fails, times out or the file cannot be written.
 */
int nqpf_report_print_pdf(const char *pdf_path, const char *html_path);

#ifdef __cplusplus
}
#endif
#endif
