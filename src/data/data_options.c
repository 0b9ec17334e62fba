/* The options every command that reads a panel shares ("data"): how the file is read (delimiter,
 * missing markers), the key columns, derived variables and the sample. Defined once here for the
 * command line; study files spell the same keys in their "data", "let" and "sample" sections. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/panel.h"
#include "methods/methods.h"
#include "util/util.h"

static const nqpf_optdef data_opts[] = {
    {.key = "id", .type = NQPF_OPT_STRING, .arg = "COL", .help = "column identifying the unit (region, firm, country)"},
    {.key = "time", .type = NQPF_OPT_STRING, .arg = "COL", .help = "column holding the integer time (year)"},
    {.key = "let", .type = NQPF_OPT_STRING, .flags = NQPF_OPT_REPEATABLE, .arg = "NAME=EXPR",
     .help = "derive a column: + - * / ^ ( ) log exp sqrt abs lag(X) lead(X) if(C,A,B) coalesce(A,B), text "
             "substr(S,START,LEN) replace(S,FROM,TO) shortname(S) len(S) concat(A,B); repeatable"},
    {.key = "where", .type = NQPF_OPT_STRING, .arg = "EXPR",
     .help = "keep rows where EXPR is true, e.g. 'pop > 1 && continent == \"Asia\"'"},
    {.key = "from", .type = NQPF_OPT_INT, .arg = "YEAR", .help = "keep rows with time >= YEAR"},
    {.key = "to", .type = NQPF_OPT_INT, .arg = "YEAR", .help = "keep rows with time <= YEAR"},
    {.key = "delim", .type = NQPF_OPT_STRING, .arg = "C",
     .help = "field delimiter of DATA: ',', ';', '|' or 'tab' (default: detected from the header)"},
    {.key = "na", .type = NQPF_OPT_LIST, .arg = "LIST",
     .help = "extra cell texts meaning missing, comma-separated (e.g. NA,.); empty cells and yearbook markers (— － … /) always are"},
    {.key = "sheet", .type = NQPF_OPT_STRING, .arg = "NAME|N",
     .help = "the sheet of an .xlsx/.xls file, by name or 1-based number (default: the first)"},
    {.key = "header_row", .type = NQPF_OPT_STRING, .arg = "N|N-M",
     .help = "the row holding the column names, or rows N..M combined (default: detected below title rows)"},
    {.key = "encoding", .type = NQPF_OPT_CHOICE, .arg = "ENC", .def = "auto",
     .choices = "auto|utf-8|gb18030|gbk|utf-16",
     .help = "text encoding of a delimited file (auto: UTF-8, UTF-16 with BOM, else GB18030; gbk = gb18030)"},
    {.key = "clean", .type = NQPF_OPT_LIST, .arg = "LIST",
     .help = "number cleaning, comma-separated: thousands (1,234), fullwidth (１２３), percent (12% = 0.12)"},
    {0}};

const nqpf_method nqpf__method_data = {"data", "reading a panel: key columns, derived variables, sample", data_opts};

int nqpf_read_options_init(nqpf_read_options *o, unsigned version)
{
    static const nqpf_read_options defaults = NQPF_READ_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_READ_OPTIONS_VERSION,
                              "nqpf_read_options_init");
}

int nqpf_read_options_parse(nqpf_read_options *ro, const nqpf_optset *set)
{
    const char *delim = NULL;
    size_t n;
    int rc = nqpf_read_options_init(ro, NQPF_READ_OPTIONS_VERSION);
    if (rc)
        return rc;
    const char *header = NULL;
    int enc = 0;
    const char *const *clean = NULL;
    size_t nclean = 0;
    if ((rc = nqpf_opt_string(set, "delim", &delim)) || (rc = nqpf_opt_list(set, "na", &ro->na, &n)) ||
        (rc = nqpf_opt_string(set, "sheet", &ro->sheet)) || (rc = nqpf_opt_string(set, "header_row", &header)) ||
        (rc = nqpf_opt_choice(set, "encoding", &enc)) || (rc = nqpf_opt_list(set, "clean", &clean, &nclean)))
        return rc;
    if (ro->sheet && !*ro->sheet)
        return nqpf_opt_error(NQPF_EUSAGE, "sheet", "expected a sheet name or number, found an empty value");
    if (header) {
        /* "N" or "N-M": 1-based rows, M >= N; bounded so that a typo cannot ask for a billion rows. */
        char *end = NULL;
        long a = strtol(header, &end, 10), b = a;
        if (end != header && *end == '-') {
            const char *rest = end + 1;
            b = strtol(rest, &end, 10);
            if (end == rest)
                b = -1;
        }
        if (end == header || *end || a < 1 || b < a || b - a >= 16 || a > 1000000)
            return nqpf_opt_error(NQPF_EUSAGE, "header_row",
                                  "expected a row number N or a range N-M (at most 16 rows), found '%s'", header);
        ro->header_row = (size_t)a;
        ro->header_rows = (size_t)(b - a + 1);
    }
    /* The choices in the table's order: auto|utf-8|gb18030|gbk|utf-16 (gbk is read as GB18030, its superset). */
    static const enum nqpf_encoding encs[] = {NQPF_ENC_AUTO, NQPF_ENC_UTF8, NQPF_ENC_GB18030, NQPF_ENC_GB18030,
                                              NQPF_ENC_UTF16};
    ro->encoding = enc >= 0 && enc < 5 ? encs[enc] : NQPF_ENC_AUTO;
    for (size_t k = 0; k < nclean; k++) {
        if (strcmp(clean[k], "thousands") == 0)
            ro->clean |= NQPF_CLEAN_THOUSANDS;
        else if (strcmp(clean[k], "fullwidth") == 0)
            ro->clean |= NQPF_CLEAN_FULLWIDTH;
        else if (strcmp(clean[k], "percent") == 0)
            ro->clean |= NQPF_CLEAN_PERCENT;
        else
            return nqpf_opt_error(NQPF_EUSAGE, "clean", "expected thousands, fullwidth or percent, found '%s'",
                                  clean[k]);
    }
    if (!delim)
        return NQPF_OK;
    if (strcmp(delim, "tab") == 0 || strcmp(delim, "\\t") == 0 || strcmp(delim, "\t") == 0)
        ro->delim = '\t';
    else if (strlen(delim) == 1 && strchr(",;|", delim[0]))
        ro->delim = delim[0];
    else
        return nqpf_opt_error(NQPF_EUSAGE, "delim", "expected ',', ';', '|' or 'tab', found '%s'", delim);
    return NQPF_OK;
}

int nqpf_panel_from_options(nqpf_panel **out, nqpf_table *t, const nqpf_optset *set, const char *default_id,
                            const char *default_time)
{
    const char *id = NULL, *tm = NULL, *where = NULL;
    const char *const *lets = NULL;
    size_t nlet = 0;
    long from = LONG_MIN, to = LONG_MAX;
    nqpf_panel *p = NULL;
    int rc;
    *out = NULL;
    if ((rc = nqpf_opt_string(set, "id", &id)) || (rc = nqpf_opt_string(set, "time", &tm)) ||
        (rc = nqpf_opt_string(set, "where", &where)) || (rc = nqpf_opt_long(set, "from", &from)) ||
        (rc = nqpf_opt_long(set, "to", &to)) || (rc = nqpf_opt_list(set, "let", &lets, &nlet))) {
        nqpf_table_free(t);
        return rc;
    }
    id = id ? id : default_id;
    tm = tm ? tm : default_time;
    if (!id || !tm) {
        nqpf_table_free(t);
        return nqpf_opt_error(NQPF_EUSAGE, id ? "time" : "id", "required: the %s column", id ? "time" : "unit");
    }
    if (from > to) {
        nqpf_table_free(t);
        return nqpf_opt_error(NQPF_EUSAGE, "from", "%ld is after to %ld", from, to);
    }
    if ((rc = nqpf_panel_new(&p, t, id, tm)))
        return rc;
    for (size_t k = 0; k < nlet && rc == NQPF_OK; k++)
        rc = nqpf_panel_let(p, lets[k]);
    if (rc == NQPF_OK && (where || from != LONG_MIN || to != LONG_MAX))
        rc = nqpf_panel_filter(p, where, from, to);
    if (rc) {
        nqpf_panel_free(p);
        return rc;
    }
    *out = p;
    return NQPF_OK;
}
