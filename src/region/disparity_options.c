/* The options of method "disparity": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between them. The group keys
 * (group, group_file, group_key, group_column, via_file, via_from, via_to) are spelled the same in
 * every front door; in a study the study-level "groups" are the default. */
#include <string.h>

#include "methods/methods.h"
#include "nqpf/gazetteer.h"
#include "nqpf/region.h"
#include "util/util.h"

static const nqpf_optdef disparity_opts[] = {
    {.key = "var", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "X",
     .help = "variable whose inequality is measured (non-negative)"},
    {.key = "group", .type = NQPF_OPT_COLUMN, .arg = "COL",
     .help = "group column of the data (text or numeric codes) for the Dagum and Theil decompositions"},
    {.key = "group_file", .type = NQPF_OPT_PATH, .arg = "FILE",
     .help = "groups from FILE, a table mapping ids (or via codes) to groups, instead of a group column"},
    {.key = "group_key", .type = NQPF_OPT_STRING, .arg = "COL",
     .help = "group file: the column holding the ids or codes (default: the data's id column name)"},
    {.key = "group_column", .type = NQPF_OPT_STRING, .arg = "COL", .def = "group", .cli = "group-col",
     .help = "group file: the column holding the groups"},
    {.key = "via_file", .type = NQPF_OPT_PATH, .arg = "FILE",
     .help = "code table translating the data's ids (via_from) into the group file's keys (via_to), "
             "e.g. ISO3 -> ISO2"},
    {.key = "via_from", .type = NQPF_OPT_STRING, .arg = "COL", .help = "via file: the column holding the data's ids"},
    {.key = "via_to", .type = NQPF_OPT_STRING, .arg = "COL",
     .help = "via file: the column holding the codes looked up in the group file"},
    {.key = "group_builtin", .type = NQPF_OPT_STRING, .arg = "NAME",
     .help = "groups from a built-in grouping of China's provinces or cities (nbs4, belts3, north_south, yangtze, "
             "yellow_river, jjj, yrd, yrd41, prd, jiangsu3; NAME:en for English labels), the data's ids read "
             "through the gazetteer (docs/regions.md)"},
    {.key = "ungrouped", .type = NQPF_OPT_CHOICE, .arg = "A", .def = "error", .choices = "error|skip",
     .help = "observations with a value but no group: an error naming the row, or skip them"},
    {0}};

const nqpf_method nqpf__method_disparity = {
    "disparity", "Regional disparity: Gini with Dagum decomposition, Theil T/L, coefficient of variation",
    disparity_opts};

int nqpf_disparity_options_init(nqpf_disparity_options *o, unsigned version)
{
    static const nqpf_disparity_options defaults = NQPF_DISPARITY_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_DISPARITY_OPTIONS_VERSION, "nqpf_disparity_options_init");
}

int nqpf_disparity_options_parse(nqpf_disparity_options *o, const nqpf_optset *set)
{
    int rc, ungrouped;
    nqpf_group_source *g = &o->groups;
    if ((rc = nqpf_disparity_options_init(o, NQPF_DISPARITY_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "var", &o->var)) || (rc = nqpf_opt_string(set, "group", &o->group)) ||
        (rc = nqpf_opt_path(set, "group_file", &g->file)) || (rc = nqpf_opt_string(set, "group_key", &g->key)) ||
        (rc = nqpf_opt_string(set, "group_column", &g->column)) || (rc = nqpf_opt_path(set, "via_file", &g->via_file)) ||
        (rc = nqpf_opt_string(set, "via_from", &g->via_from)) || (rc = nqpf_opt_string(set, "via_to", &g->via_to)) ||
        (rc = nqpf_opt_choice(set, "ungrouped", &ungrouped)) ||
        (rc = nqpf_opt_string(set, "group_builtin", &o->group_builtin)))
        return rc;
    if (o->group && g->file)
        return nqpf_opt_error(NQPF_EUSAGE, "group_file", "give a group column or a group file, not both");
    if (o->group_builtin && (o->group || g->file))
        return nqpf_opt_error(NQPF_EUSAGE, "group_builtin", "give a built-in grouping, a group column or a group file, "
                              "only one");
    if (o->group_builtin && !nqpf_gazetteer_grouping_find(o->group_builtin)) {
        nqpf_groupmap *m = NULL;
        int brc = nqpf_groupmap_builtin(&m, o->group_builtin);
        nqpf_groupmap_free(m);
        if (brc)
            return nqpf_opt_error(brc, "group_builtin", "%s", nqpf_error_message());
    }
    static const char *const file_keys[] = {"group_key", "group_column", "via_file", NULL};
    for (size_t k = 0; !g->file && file_keys[k]; k++)
        if (nqpf_optset_has(set, file_keys[k]))
            return nqpf_opt_error(NQPF_EUSAGE, file_keys[k], "applies only with a group file");
    if (g->via_file && (!g->via_from || !g->via_to))
        return nqpf_opt_error(NQPF_EUSAGE, g->via_from ? "via_to" : "via_from", "required with a via file");
    if (!g->via_file && (g->via_from || g->via_to))
        return nqpf_opt_error(NQPF_EUSAGE, g->via_from ? "via_from" : "via_to", "applies only with a via file");
    o->skip_ungrouped = ungrouped == 1;
    return NQPF_OK;
}
