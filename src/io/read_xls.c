/* Legacy .xls (BIFF2-BIFF8, [MS-XLS]) reader through FreeXL. FreeXL decodes the workbook's
 * codepage (BIFF8 text is UTF-16; older BIFF uses the CODEPAGE record) and returns UTF-8, and
 * gives dates, date-times and times as ISO text. It does not report merged cells, so an .xls sheet
 * reads as its CSV export would (see docs/excel.md). */
#include <freexl.h>
#include <stdio.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/table.h"
#include "io_internal.h"
#include "../util/util.h"

static const char *freexl_reason(int rc)
{
    switch (rc) {
    case FREEXL_FILE_NOT_FOUND:
        return "the file does not exist or cannot be read";
    case FREEXL_INSUFFICIENT_MEMORY:
        return "not enough memory for reading the workbook; " NQPF__NOMEM_HINT;
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
        return "not an OLE2 compound file (not an Excel 97-2003 workbook)";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return "no Workbook stream (not an Excel workbook, or a password-protected .xlsx)";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR:
        return "a damaged or truncated compound file, or no Excel 97-2003 workbook at all";
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX:
        return "a damaged shared-string table";
    default:
        return "a damaged or unsupported file";
    }
}

/* FreeXL 1.0.6 turns serial numbers into dates with every fourth year a leap year, so from
 * 2100-03-01 on its dates run early (9999-12-31 comes out as 9999-11-01). Up to 2100-02-28 that
 * calendar and Excel's (the Gregorian one, plus the fictitious 1900-02-29) agree. This recovers the
 * serial number from FreeXL's text by FreeXL's rule and converts it again by Excel's; @p text
 * starts "YYYY-MM-DD". */
static void fix_freexl_date(char *text, int date1904)
{
    int y, m, d;
    if (sscanf(text, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 2100 || (y == 2100 && (m < 2 || (m == 2 && d <= 28))))
        return;
    static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    if (m < 1 || m > 12)
        return;
    int base = date1904 ? 1904 : 1900;
    /* days since base-01-01 with every year divisible by 4 a leap year */
    long days = 365L * (y - base) + ((y - 1) / 4 - (base - 1) / 4) + cum[m - 1] + (m > 2 && y % 4 == 0) + d - 1;
    long z; /* days since 1970-01-01 of the true date */
    if (date1904)
        z = days - 24107L; /* 1904-01-01 is day -24107 */
    else
        z = days + 1 - 25569L; /* the serial (days + 1, >= 61 here) counted from 1899-12-30, day -25569 */
    long yy;
    int mm, dd;
    nqpf__civil_from_days(z, &yy, &mm, &dd);
    if (yy < 0 || yy > 9999)
        return;
    char fixed[16];
    snprintf(fixed, sizeof fixed, "%04ld-%02d-%02d", yy, mm, dd);
    memcpy(text, fixed, 10);
}

int nqpf__read_xls(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    *out = NULL;
    const char *file = nqpf__basename(path);
    const void *h = NULL;
    int frc = freexl_open(path, &h);
    if (frc != FREEXL_OK) {
        if (h)
            freexl_close(h);
        if (frc == FREEXL_FILE_NOT_FOUND)
            return nqpf_error_set(NQPF_EDATA, "%s: cannot open: %s", file, freexl_reason(frc));
        return nqpf_error_set(NQPF_EDATA, "%s: expected an Excel 97-2003 workbook (.xls), found %s (FreeXL error %d; "
                                          "open and save it again in Excel, as .xlsx)",
                              file, freexl_reason(frc), frc);
    }
    int rc = NQPF_OK;
    nqpf__sheet *sheet = NULL;
    nqpf__buf src = NQPF__BUF_INIT;
    unsigned int info = 0, nsheets = 0;
    if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: expected an unprotected workbook, found a password-protected one "
                                        "(remove the password in Excel and save it again)",
                            file);
        goto done;
    }
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK || nsheets == 0) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: expected at least one sheet in the workbook, found none", file);
        goto done;
    }
    /* the sheet: by name, else by 1-based number when the text is all digits, else the first */
    const char *want = opts ? opts->sheet : NULL;
    unsigned int which = 0;
    if (want && *want) {
        unsigned int k;
        for (k = 0; k < nsheets; k++) {
            const char *nm = NULL;
            if (freexl_get_worksheet_name(h, (unsigned short)k, &nm) == FREEXL_OK && nm && strcmp(nm, want) == 0)
                break;
        }
        size_t num = 0, digits = strspn(want, "0123456789");
        if (k == nsheets && want[digits] == '\0' && digits <= 6) {
            for (size_t d = 0; d < digits; d++)
                num = num * 10 + (size_t)(want[d] - '0');
            if (num >= 1 && num <= nsheets)
                k = (unsigned int)(num - 1);
        }
        if (k == nsheets) {
            nqpf__buf names = NQPF__BUF_INIT;
            for (unsigned int j = 0; j < nsheets; j++) {
                const char *nm = NULL;
                freexl_get_worksheet_name(h, (unsigned short)j, &nm);
                nqpf__buf_printf(&names, "%s%u '%s'", j ? ", " : "", j + 1, nm ? nm : "");
            }
            rc = nqpf_error_set(NQPF_EDATA, "%s: the option sheet: expected a sheet name or a number from 1 to %u, "
                                            "found '%s'; the sheets are %s",
                                file, nsheets, want, names.data ? names.data : "");
            nqpf__buf_free(&names);
            goto done;
        }
        which = k;
    }
    unsigned int mode = 0;
    int date1904 = freexl_get_info(h, FREEXL_BIFF_DATEMODE, &mode) == FREEXL_OK && mode == FREEXL_BIFF_DATEMODE_1904;
    const char *sheetname = NULL;
    if (freexl_select_active_worksheet(h, (unsigned short)which) != FREEXL_OK ||
        freexl_get_worksheet_name(h, (unsigned short)which, &sheetname) != FREEXL_OK) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: sheet %u cannot be read (a damaged file)", file, which + 1);
        goto done;
    }
    nqpf__buf_printf(&src, "%s[%s]", file, sheetname ? sheetname : "");
    unsigned int nrows = 0;
    unsigned short ncols = 0;
    if (src.failed || !(sheet = nqpf__sheet_new(src.data, NQPF__SHEET_SPREADSHEET))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (freexl_worksheet_dimensions(h, &nrows, &ncols) != FREEXL_OK) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: the sheet's dimensions cannot be read (a damaged file)", src.data);
        goto done;
    }
    for (unsigned int r = 0; r < nrows && rc == NQPF_OK; r++) {
        for (unsigned short c = 0; c < ncols && rc == NQPF_OK; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: row %u, column %u: the cell cannot be read (a damaged file)",
                                    src.data, r + 1, (unsigned)c + 1);
                break;
            }
            char num[40], date[40];
            const char *text = NULL;
            switch (v.type) {
            case FREEXL_CELL_INT:
                snprintf(num, sizeof num, "%d", v.value.int_value);
                text = num;
                break;
            case FREEXL_CELL_DOUBLE:
                text = nqpf_format_double(v.value.double_value, num, sizeof num);
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_TIME:
                text = v.value.text_value;
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
                snprintf(date, sizeof date, "%s", v.value.text_value ? v.value.text_value : "");
                fix_freexl_date(date, date1904);
                text = date;
                break;
            default:
                break;
            }
            if (text && *text)
                rc = nqpf__sheet_cell(sheet, c, text, strlen(text));
        }
        if (rc == NQPF_OK)
            rc = nqpf__sheet_end_row(sheet, (size_t)r + 1);
    }
    if (rc == NQPF_OK)
        rc = nqpf__sheet_to_table(sheet, out, opts);
done:
    nqpf__sheet_free(sheet);
    nqpf__buf_free(&src);
    freexl_close(h);
    return rc;
}
