/* The options of method "structure": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from) and its parse function. The data are a long table
 * (region x industry x year), not a panel: on the command line it is DATA with --id, --time,
 * --from and --to (the data options of every command); a study step names its file, key columns
 * and years itself with the same keys, because the study's own data are a panel. */
#include <string.h>

#include "methods/methods.h"
#include "nqpf/region.h"
#include "util/util.h"

static const nqpf_optdef structure_opts[] = {
    {.key = "industry", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "COL",
     .help = "industry (sector) column"},
    {.key = "value", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "COL",
     .help = "value column (value added, output or employment; non-negative)"},
    {.key = "file", .type = NQPF_OPT_PATH, .flags = NQPF_OPT_STUDY_ONLY, .arg = "FILE",
     .help = "the long table, one row per region, year and industry (required in a study, whose data are a "
             "panel)"},
    {.key = "id", .type = NQPF_OPT_STRING, .flags = NQPF_OPT_STUDY_ONLY, .arg = "COL",
     .help = "region column of file (default: the study's data id)"},
    {.key = "time", .type = NQPF_OPT_STRING, .flags = NQPF_OPT_STUDY_ONLY, .arg = "COL",
     .help = "year column of file (default: the study's data time)"},
    {.key = "from", .type = NQPF_OPT_INT, .flags = NQPF_OPT_STUDY_ONLY, .arg = "YEAR", .min = -1e9, .max = 1e9,
     .help = "keep the rows of file with a year >= YEAR"},
    {.key = "to", .type = NQPF_OPT_INT, .flags = NQPF_OPT_STUDY_ONLY, .arg = "YEAR", .min = -1e9, .max = 1e9,
     .help = "keep the rows of file with a year <= YEAR"},
    {0}};

const nqpf_method nqpf__method_structure = {
    "structure", "Industrial structure: similarity coefficient, Krugman specialisation, location quotients",
    structure_opts};

int nqpf_structure_options_init(nqpf_structure_options *o, unsigned version)
{
    static const nqpf_structure_options defaults = NQPF_STRUCTURE_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_STRUCTURE_OPTIONS_VERSION, "nqpf_structure_options_init");
}

int nqpf_structure_options_parse(nqpf_structure_options *o, const nqpf_optset *set)
{
    int rc;
    if ((rc = nqpf_structure_options_init(o, NQPF_STRUCTURE_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "industry", &o->industry)) || (rc = nqpf_opt_string(set, "value", &o->value)) ||
        (rc = nqpf_opt_path(set, "file", &o->file)) || (rc = nqpf_opt_string(set, "id", &o->region)) ||
        (rc = nqpf_opt_string(set, "time", &o->time)))
        return rc;
    if (nqpf_optset_has(set, "from") && (rc = nqpf_opt_long(set, "from", &o->from)))
        return rc;
    if (nqpf_optset_has(set, "to") && (rc = nqpf_opt_long(set, "to", &o->to)))
        return rc;
    return NQPF_OK;
}
