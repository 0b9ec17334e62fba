/* nqpf_read_table(): picks the reader by extension; a spreadsheet whose bytes say it is another
 * format than its name (an .xls that is really .xlsx, HTML or delimited text, as some data services
 * write) is read by what it is, with a warning. */
#include <stdio.h>
#include <string.h>

#include "io_internal.h"
#include "../util/util.h"

enum magic { MAGIC_ZIP, MAGIC_OLE, MAGIC_HTML, MAGIC_XML, MAGIC_TEXT, MAGIC_BINARY, MAGIC_UNREADABLE };

/* What the first bytes of @p path hold. */
static enum magic sniff(const char *path)
{
    unsigned char b[4096];
    FILE *f = fopen(path, "rb");
    if (!f)
        return MAGIC_UNREADABLE;
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
        return MAGIC_ZIP;
    if (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return MAGIC_OLE;
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return MAGIC_TEXT; /* UTF-16 with a byte order mark: Excel's "Unicode text" */
    size_t k = (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) ? 3 : 0;
    while (k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n'))
        k++;
    if (memchr(b, 0, n))
        return MAGIC_BINARY;
    if (k < n && b[k] == '<') {
        char head[sizeof b + 1];
        memcpy(head, b + k, n - k);
        head[n - k] = '\0';
        for (char *p = head; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        if (strstr(head, "<html") || strstr(head, "<table") || strstr(head, "<!doctype html"))
            return MAGIC_HTML;
        return MAGIC_XML;
    }
    return MAGIC_TEXT;
}

/* A spreadsheet file (.xlsx, .xlsm, .xls) read by its content. */
static int read_spreadsheet(nqpf_table **out, const char *path, const nqpf_read_options *opts, int is_xls)
{
    const char *name = nqpf__basename(path);
    enum magic m = sniff(path);
    switch (m) {
    case MAGIC_UNREADABLE:
        return is_xls ? nqpf__read_xls(out, path, opts) : nqpf__read_xlsx(out, path, opts); /* their message */
    case MAGIC_ZIP:
        if (is_xls)
            nqpf_warn("%s: the file is an Office Open XML workbook (.xlsx) under an .xls name; read as .xlsx", name);
        return nqpf__read_xlsx(out, path, opts);
    case MAGIC_OLE:
        if (!is_xls)
            nqpf_warn("%s: the file is a legacy Excel workbook (.xls, or a password-protected .xlsx) under an .xlsx "
                      "name; read as .xls",
                      name);
        return nqpf__read_xls(out, path, opts);
    case MAGIC_TEXT:
        nqpf_warn("%s: the file is delimited text under a spreadsheet name (as some data services export); read as "
                  "text",
                  name);
        return nqpf__read_csv(out, path, opts);
    case MAGIC_HTML:
        return nqpf_error_set(NQPF_EDATA, "%s: expected an Excel workbook, found an HTML page under a spreadsheet "
                                          "name (as some data services export): open it in Excel and save it as "
                                          ".xlsx or CSV (UTF-8)",
                              name);
    case MAGIC_XML:
        return nqpf_error_set(NQPF_EDATA, "%s: expected an Excel workbook, found an XML file (an \"XML Spreadsheet "
                                          "2003\"?): open it in Excel and save it as .xlsx or CSV (UTF-8)",
                              name);
    case MAGIC_BINARY:
        break;
    }
    return nqpf_error_set(NQPF_EDATA, "%s: expected an Excel workbook (.xlsx: a zip container; .xls: an OLE2 "
                                      "compound file), found neither",
                          name);
}

int nqpf_read_table(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    *out = NULL;
    int rc;
    if (nqpf__ends_with_ci(path, ".dta") || nqpf__ends_with_ci(path, ".sav") || nqpf__ends_with_ci(path, ".zsav") ||
        nqpf__ends_with_ci(path, ".por"))
        rc = nqpf__read_readstat(out, path, opts);
    else if (nqpf__ends_with_ci(path, ".xlsx") || nqpf__ends_with_ci(path, ".xlsm"))
        rc = read_spreadsheet(out, path, opts, 0);
    else if (nqpf__ends_with_ci(path, ".xls"))
        rc = read_spreadsheet(out, path, opts, 1);
    else
        rc = nqpf__read_csv(out, path, opts);
    /* A memory failure deep in a reader names only the block's size: say what it was for. */
    return nqpf__nomem_context(rc, "reading %s", nqpf__basename(path));
}
