/* The options of method "tfp": its descriptor table (the one definition the CLI, study files, help
 * and docs/options.md are made from), the PWT preset, the reading of shares and the rules between
 * options. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/table.h"
#include "nqpf/tfp.h"
#include "methods/methods.h"
#include "tfp_internal.h"
#include "util/util.h"

static const nqpf_optdef tfp_opts[] = {
    {.key = "preset", .type = NQPF_OPT_CHOICE, .arg = "NAME", .choices = "pwt",
     .help = "pwt: the Penn World Table 9.1 rtfpna rule (rgdpna, rkna, emp*hc*avh with share labsh, USA hours "
             "where avh is missing, base 2011); fixes output, inputs, shares and method"},
    {.key = "output", .type = NQPF_OPT_COLUMN, .arg = "COL",
     .help = "output (real value added or GDP) column (required without a preset)"},
    {.key = "inputs", .type = NQPF_OPT_COLUMNS, .arg = "X1,X2",
     .help = "input columns, e.g. capital and labour (required without a preset)"},
    {.key = "shares", .type = NQPF_OPT_MAP, .arg = "X=COL|X=S", .cli = "share",
     .help = "cost share of input X: a column of shares or a constant in [0, 1] (repeat for more inputs); the one "
             "input without a share takes 1 - the others"},
    {.key = "method", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "tornqvist", .choices = "tornqvist|solow",
     .help = "tornqvist (shares averaged over t-1 and t) or solow (each unit's mean share)"},
    {.key = "base", .type = NQPF_OPT_INT, .arg = "YEAR",
     .help = "year in which the tfp level is 1 (default: the first year of each unbroken chain; 2011 with preset "
             "pwt)"},
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "keep", .choices = "keep|refuse|drop",
     .help = "an observation with an empty output or input: keep (its results are empty and the chain breaks), "
             "refuse (an error naming the cell) or drop (left out of the result, with one warning listing them)"},
    {0}};

const nqpf_method nqpf__method_tfp = {"tfp", "Total factor productivity by growth accounting (Törnqvist, Solow, "
                                             "PWT preset)",
                                      tfp_opts};

int nqpf_tfp_options_init(nqpf_tfp_options *o, unsigned version)
{
    static const nqpf_tfp_options defaults = NQPF_TFP_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_TFP_OPTIONS_VERSION, "nqpf_tfp_options_init");
}

void nqpf__tfp_pwt_rule(nqpf_tfp_options *o)
{
    /* PWT 9.1: labour input = emp * hc * avh; where avh is missing in either year the USA's hours
     * growth stands in (Feenstra, Inklaar and Timmer 2015; PWT 9.1 documentation). */
    static const char *const inputs[] = {"rkna", "labour"};
    static const nqpf_tfp_share share = {"labour", "labsh", 0};
    o->method = NQPF_TFP_TORNQVIST;
    o->output = "rgdpna";
    o->inputs = inputs;
    o->ninputs = 2;
    o->shares = &share;
    o->nshares = 1;
    o->share_items = NULL;
    o->nshare_items = 0;
    o->hours_input = "labour";
    o->labour_col = "emp*hc";
    o->hours_col = "avh";
    o->hours_fallback_id = "USA";
    o->has_base = 1;
    o->base_year = 2011;
    o->preset = NQPF_TFP_PRESET_PWT;
}

int nqpf_tfp_preset_pwt(nqpf_panel *p, nqpf_tfp_options *o)
{
    static const char *const cols[] = {"rgdpna", "rkna", "emp", "hc", "avh", "labsh", NULL};
    for (size_t k = 0; cols[k]; k++)
        if (nqpf_table_find(nqpf_panel_table(p), cols[k]) == NQPF_NONE)
            return nqpf_opt_error(NQPF_EDATA, "preset", "pwt needs column '%s', which %s lacks", cols[k],
                                  nqpf_table_source(nqpf_panel_table(p)));
    nqpf__tfp_pwt_rule(o);
    return NQPF_OK;
}

int nqpf__tfp_shares(const nqpf_tfp_options *o, int residual_rule, nqpf_tfp_share **out, size_t *n)
{
    size_t ns = o->nshares + o->nshare_items, text = 0;
    *out = NULL;
    *n = 0;
    for (size_t k = 0; k < o->nshare_items; k++)
        text += strlen(o->share_items[k]) + 1;
    /* The array and the input names cut from the items, in one block. */
    nqpf_tfp_share *sh = nqpf__malloc(1, (ns ? ns : 1) * sizeof *sh + text);
    if (!sh)
        return NQPF_EINTERNAL;
    char *names = (char *)(sh + (ns ? ns : 1));
    for (size_t k = 0; k < o->nshares; k++)
        sh[k] = o->shares[k];
    for (size_t k = 0; k < o->nshare_items; k++) {
        const char *item = o->share_items[k], *eq = strchr(item, '=');
        nqpf_tfp_share *s = &sh[o->nshares + k];
        if (!eq || eq == item || !eq[1]) {
            free(sh);
            return nqpf_opt_error(NQPF_EUSAGE, "shares", "expected INPUT=COLUMN or INPUT=NUMBER, found '%s'", item);
        }
        memcpy(names, item, (size_t)(eq - item));
        names[eq - item] = '\0';
        s->input = names;
        names += eq - item + 1;
        /* A number is a constant share; anything else names a column of shares. */
        if (nqpf_parse_double(eq + 1, &s->value)) {
            s->column = NULL;
        } else {
            s->column = eq + 1;
            s->value = NAN;
        }
    }
    int rc = NQPF_OK;
    for (size_t k = 0; k < o->ninputs && !rc; k++)
        for (size_t m = 0; m < k && !rc; m++)
            if (strcmp(o->inputs[k], o->inputs[m]) == 0)
                rc = nqpf_opt_error(NQPF_EUSAGE, "inputs", "input '%s' is listed twice", o->inputs[k]);
    for (size_t k = 0; k < ns && !rc; k++) {
        int known = 0;
        for (size_t m = 0; m < o->ninputs; m++)
            known |= strcmp(sh[k].input, o->inputs[m]) == 0;
        if (!known)
            rc = nqpf_opt_error(NQPF_EUSAGE, "shares", "names '%s', which is not one of the inputs", sh[k].input);
        else if (!sh[k].column && !(sh[k].value >= 0 && sh[k].value <= 1))
            rc = nqpf_opt_error(NQPF_EUSAGE, "shares", "%s: expected a share in [0, 1], found %.17g", sh[k].input,
                                sh[k].value);
        for (size_t m = 0; m < k && !rc; m++)
            if (strcmp(sh[m].input, sh[k].input) == 0)
                rc = nqpf_opt_error(NQPF_EUSAGE, "shares", "input '%s' has two shares", sh[k].input);
    }
    /* Shares are distinct and name inputs, so the inputs without one are ninputs - ns. Only when
     * running: a front end reports a missing file or column before a share it could not know. */
    if (!rc && residual_rule && ns + 1 < o->ninputs)
        rc = nqpf_opt_error(NQPF_EUSAGE, "shares",
                            "%zu inputs have no share; give a share to all but one input (it takes the residual "
                            "share under constant returns)",
                            o->ninputs - ns);
    if (rc) {
        free(sh);
        return rc;
    }
    *out = sh;
    *n = ns;
    return NQPF_OK;
}

int nqpf_tfp_options_parse(nqpf_tfp_options *o, const nqpf_optset *set)
{
    int rc, preset, method, missing;
    long base = 0;
    if ((rc = nqpf_tfp_options_init(o, NQPF_TFP_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_choice(set, "preset", &preset)) || (rc = nqpf_opt_choice(set, "method", &method)) ||
        (rc = nqpf_opt_long(set, "base", &base)) || (rc = nqpf_opt_choice(set, "missing", &missing)))
        return rc;
    o->missing = missing == 2 ? NQPF_MISSING_DROP : missing == 1 ? NQPF_MISSING_REFUSE : NQPF_MISSING_KEEP;
    if (preset == 0) {
        /* The preset is a whole rule: mixing it with parts of another would give neither. */
        static const char *const fixed[] = {"output", "inputs", "shares", "method", NULL};
        for (size_t k = 0; fixed[k]; k++)
            if (nqpf_optset_has(set, fixed[k]))
                return nqpf_opt_error(NQPF_EUSAGE, fixed[k], "preset pwt fixes output, inputs, shares and method");
        nqpf__tfp_pwt_rule(o);
    } else {
        if (!nqpf_optset_has(set, "output"))
            return nqpf_opt_error(NQPF_EUSAGE, "output", "required: the output column (or preset pwt)");
        if (!nqpf_optset_has(set, "inputs"))
            return nqpf_opt_error(NQPF_EUSAGE, "inputs", "required: the input columns (or preset pwt)");
        o->method = method == 1 ? NQPF_TFP_SOLOW : NQPF_TFP_TORNQVIST;
        if ((rc = nqpf_opt_string(set, "output", &o->output)) ||
            (rc = nqpf_opt_list(set, "inputs", &o->inputs, &o->ninputs)) ||
            (rc = nqpf_opt_list(set, "shares", &o->share_items, &o->nshare_items)))
            return rc;
        /* The same checks as nqpf_tfp_growth_accounting() makes, here so that a study fails
         * before anything runs. */
        nqpf_tfp_share *sh;
        size_t ns;
        if ((rc = nqpf__tfp_shares(o, 0, &sh, &ns)))
            return rc;
        free(sh);
    }
    if (nqpf_optset_has(set, "base")) {
        o->has_base = 1;
        o->base_year = base;
    }
    return NQPF_OK;
}
