/* The options every command that reads a panel shares ("data"): how the file is read (delimiter,
 * missing markers), the key columns, derived variables and the sample. Defined once here for the
 * command line; study files spell the same keys in their "data", "let" and "sample" sections. */
#include <limits.h>
#include <string.h>

#include "nqpf/io.h"
#include "nqpf/panel.h"
#include "methods/methods.h"
#include "util/util.h"

static const nqpf_optdef data_opts[] = {
    {.key = "id", .type = NQPF_OPT_STRING, .arg = "COL", .help = "column identifying the unit (region, firm, country)"},
    {.key = "time", .type = NQPF_OPT_STRING, .arg = "COL", .help = "column holding the integer time (year)"},
    {.key = "let", .type = NQPF_OPT_STRING, .flags = NQPF_OPT_REPEATABLE, .arg = "NAME=EXPR",
     .help = "derive a column: + - * / ^ ( ) log exp sqrt abs lag(X) lead(X); repeatable"},
    {.key = "where", .type = NQPF_OPT_STRING, .arg = "EXPR",
     .help = "keep rows where EXPR is true, e.g. 'pop > 1 && continent == \"Asia\"'"},
    {.key = "from", .type = NQPF_OPT_INT, .arg = "YEAR", .help = "keep rows with time >= YEAR"},
    {.key = "to", .type = NQPF_OPT_INT, .arg = "YEAR", .help = "keep rows with time <= YEAR"},
    {.key = "delim", .type = NQPF_OPT_STRING, .arg = "C",
     .help = "field delimiter of DATA: ',', ';', '|' or 'tab' (default: detected from the header)"},
    {.key = "na", .type = NQPF_OPT_LIST, .arg = "LIST",
     .help = "extra cell texts meaning missing, comma-separated (e.g. NA,.); empty cells always are"},
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
    if ((rc = nqpf_opt_string(set, "delim", &delim)) || (rc = nqpf_opt_list(set, "na", &ro->na, &n)))
        return rc;
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
