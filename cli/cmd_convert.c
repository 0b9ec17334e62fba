/* nqpf convert: writes a data file as nqpf reads it (after let and where), to CSV, JSON or XLSX:
 * the quickest way to see what nqpf made of a spreadsheet. The options are the library's "data"
 * options (src/data/data_options.c); without id and time the table is not made a panel. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

/* The output's extension must name a format: a typo should not silently write CSV. */
static int check_out(const char *out)
{
    if (!out)
        return nqpf_error_set(NQPF_EUSAGE, "convert: required: -o OUT.csv, OUT.json or OUT.xlsx (the file to write)");
    if (strcmp(out, "-") == 0)
        return NQPF_OK;
    static const char *const ext[] = {".csv", ".json", ".xlsx", NULL};
    size_t n = strlen(out);
    for (size_t k = 0; ext[k]; k++) {
        size_t m = strlen(ext[k]);
        int same = n > m;
        for (size_t c = 0; same && c < m; c++) {
            char x = out[n - m + c];
            same = (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == ext[k][c];
        }
        if (same)
            return NQPF_OK;
    }
    return nqpf_error_set(NQPF_EUSAGE, "convert: -o %s: expected a file ending in .csv, .json or .xlsx", out);
}

/* One line: rows, columns, and which columns are numbers and which text. */
static void summarise(cli_args *a, const nqpf_table *t)
{
    if (cli_has(a, "quiet"))
        return;
    size_t nc = nqpf_table_ncols(t), nnum = 0;
    for (size_t j = 0; j < nc; j++)
        nnum += !nqpf_table_is_text(t, j);
    fprintf(stderr, "nqpf: convert: %zu rows, %zu columns", nqpf_table_nrows(t), nc);
    for (int text = 0; text < 2; text++) {
        size_t cnt = text ? nc - nnum : nnum, shown = 0;
        if (!cnt)
            continue;
        fprintf(stderr, "; %s (%zu):", text ? "text" : "numeric", cnt);
        for (size_t j = 0; j < nc; j++)
            if (!nqpf_table_is_text(t, j) == !text) {
                if (shown++ == 12) {
                    fprintf(stderr, " ...");
                    break;
                }
                fprintf(stderr, " %s", nqpf_table_colname(t, j));
            }
    }
    fputc('\n', stderr);
}

static int run_convert(cli_args *a)
{
    const nqpf_optset *data = cli_data_optset(a);
    nqpf_provenance *pv = NULL;
    nqpf_table *t = NULL;
    nqpf_panel *p = NULL;
    int rc;
    if ((rc = check_out(cli_get(a, "out"))))
        return rc;
    if (!(pv = nqpf_provenance_new()))
        return NQPF_EINTERNAL;
    if (nqpf_optset_has(data, "id") || nqpf_optset_has(data, "time")) {
        /* A panel: keyed, sorted by unit and time, lag() and lead() available. */
        if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
            goto done;
    } else {
        const char *const *lets = NULL, *where = NULL;
        size_t nlet = 0;
        if (nqpf_optset_has(data, "from") || nqpf_optset_has(data, "to")) {
            rc = nqpf_opt_error(NQPF_EUSAGE, nqpf_optset_has(data, "from") ? "from" : "to",
                                "needs the time column: give the options id and time");
            goto done;
        }
        if ((rc = nqpf_opt_list(data, "let", &lets, &nlet)) || (rc = nqpf_opt_string(data, "where", &where)) ||
            (rc = cli_load_table(a, &t, pv)))
            goto done;
        for (size_t k = 0; k < nlet && !rc; k++)
            rc = nqpf_expr_let(t, lets[k]);
        if (!rc && where)
            rc = nqpf_expr_filter(&t, where);
        if (rc)
            goto done;
    }
    const nqpf_table *out = p ? nqpf_panel_table(p) : t;
    if ((rc = cli_write_result(a, out, pv)))
        goto done;
    summarise(a, out);
done:
    nqpf_table_free(t);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_convert_def = {
    "convert",
    run_convert,
    "Write a data file as nqpf reads it (after --let and --where) to CSV, JSON or XLSX",
    "convert DATA -o OUT.csv|OUT.json|OUT.xlsx [--let NAME=EXPR ...] [--where EXPR] [read options]",
    "Reads DATA with the same reader and options as every other command (--delim, --na, --sheet,\n"
    "--header-row, --encoding, --clean), applies --let and --where, and writes the table exactly as\n"
    "nqpf sees it: text columns stay text, numbers are written in their shortest round-trip form,\n"
    "missing cells are empty (null in JSON). Output is UTF-8. A one-line summary on stderr lists\n"
    "the rows and which columns are numeric and which text.\n"
    "Without --id and --time the rows keep the file's order and lag()/lead() are not available;\n"
    "with both the data are a panel (sorted by unit, then time; duplicate keys are an error) and\n"
    "--from/--to may restrict the years.",
    NULL,
    1,
    "Examples:\n"
    "  nqpf convert examples/jiangsu-cities/cities.csv -o cities.xlsx\n"
    "  nqpf convert examples/jiangsu-cities/cities.csv --let 'full=concat(city, \"市\")' \\\n"
    "      --let 'short=shortname(full)' --where 'year >= 2018' -o view.csv\n"
    "  nqpf convert data/pwt91.csv --id countrycode --time year --let 'g=rgdpna/lag(rgdpna)-1' \\\n"
    "      --where 'countrycode == \"CHN\"' -o china.json\n"
    "See docs/cli.md and docs/expressions.md."};
