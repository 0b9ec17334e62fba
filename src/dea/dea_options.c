/* The options of method "dea": its descriptor table (the one definition the CLI, study files, help
 * and docs/options.md are made from), the defaults, the option grammars and the rules between them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "dea_internal.h"
#include "deap.h"
#include "methods/methods.h"
#include "util/util.h"

static const nqpf_optdef dea_opts[] = {
    {.key = "inputs", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "X1,X2",
     .help = "input columns"},
    {.key = "outputs", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "Y1,Y2",
     .help = "(good) output columns"},
    {.key = "undesirable", .type = NQPF_OPT_COLUMNS, .arg = "B1,B2",
     .help = "undesirable (bad) output columns: models ddf, nddf, sbmddf, sbm or ebm"},
    {.key = "model", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "radial",
     .choices = "radial|sbm|ddf|nddf|sbmddf|ebm|fdh",
     .help = "radial (CCR/BCC), sbm (slacks-based, Tone 2001), ddf (directional distance), nddf (non-radial "
             "ddf), sbmddf (slacks-based ddf), ebm (epsilon-based measure) or fdh (free disposal hull)"},
    {.key = "rts", .type = NQPF_OPT_CHOICE, .arg = "R", .def = "crs", .choices = NQPF__DEA_RTS_CHOICES,
     .help = "returns to scale"},
    {.key = "orientation", .type = NQPF_OPT_CHOICE, .arg = "O", .choices = NQPF__DEA_ORIENT_CHOICES,
     .help = "in or out (radial; default in); in, out or none (sbm: default none; ebm: default in); ddf has none"},
    {.key = "frontier", .type = NQPF_OPT_STRING, .arg = "F", .def = "period",
     .help = "reference set: period, pooled, global (= pooled), sequential (periods <= t), window:K (K "
             "periods centred on t, K odd)"},
    {.key = "super", .type = NQPF_OPT_FLAG,
     .help = "super-efficiency: Andersen-Petersen (radial, ddf), super-SBM after Tone 2002 with bad outputs as Li et al. 2013 (sbm)"},
    {.key = "slacks", .type = NQPF_OPT_FLAG,
     .help = "add slack_<var> columns (radial, ddf: second-stage max-slack sum; sbm, ebm: their own slacks)"},
    {.key = "peers", .type = NQPF_OPT_FLAG, .help = "add 'peers' (ids with lambda > 1e-9) and 'peer_lambdas' columns"},
    {.key = "direction", .type = NQPF_OPT_STRING, .arg = "G",
     .help = "ddf, nddf, sbmddf direction for inputs,outputs[,bad]: items 0, x|y|b (observed), 1 (ones), mean; or "
             "all-in-one observed, ones, mean (default ddf x,y, or 0,y,b with bad outputs; nddf, sbmddf observed)"},
    {.key = "bad_mode", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "weak", .choices = NQPF__DEA_BAD_MODE_CHOICES,
     .help = "ddf, nddf: bad outputs weakly disposable (weak: sum lambda b = b0 - beta gb, Chung et al. 1997) or as an "
             "inequality (ineq: <=, DataEnvelopmentAnalysis.jl deaenv)"},
    {.key = "weights", .type = NQPF_OPT_LIST, .arg = "W1,W2,...",
     .help = "nddf, sbmddf: weights of the inefficiencies of the inputs, outputs and undesirable outputs, in that "
             "order (Stata teddf wmat); default nddf 1 for every variable that moves, sbmddf 1/(2m) and 1/(2(s+b))"},
    {.key = "weak_disposal", .type = NQPF_OPT_LIST, .arg = "x|y",
     .help = "radial: weak disposability of inputs (x) and/or outputs (y): equality rows"},
    {.key = "group", .type = NQPF_OPT_COLUMN, .arg = "COL",
     .help = "metafrontier (O'Donnell, Rao and Battese 2008): the column naming each unit's group (technology); adds "
             "group, te_group (group frontier), te_meta (metafrontier) and tgr = te_meta/te_group"},
    {.key = "group_via", .type = NQPF_OPT_STRING, .arg = "NAME",
     .help = "metafrontier groups from a built-in grouping of China's provinces or cities (nbs4, belts3, north_south, "
             "...; NAME:en for English labels) instead of a group column"},
    {.key = "scale", .type = NQPF_OPT_FLAG,
     .help = "radial: add crste, vrste, scale = crste/vrste and rts_type (irs, drs or crs by DEAP's NIRS rule)"},
    {.key = "input_prices", .type = NQPF_OPT_COLUMNS, .arg = "W1,W2",
     .help = "radial: input price columns, one per input in order: adds cost efficiency ce, allocative ae = ce/te, "
             "cost_min (with output_prices: Nerlovian profit inefficiency pe, pe_tech, pe_alloc; rts vrs)"},
    {.key = "output_prices", .type = NQPF_OPT_COLUMNS, .arg = "P1,P2",
     .help = "radial: output price columns, one per output in order: adds revenue efficiency re, allocative ae = re/te, "
             "revenue_max (orientation out)"},
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "refuse", .choices = "refuse|drop",
     .help = "an observation with an empty input or output: refuse (an error naming the cell) or drop (left out, "
             "with one warning listing them)"},
    {.key = "reps", .type = NQPF_OPT_INT, .arg = "B", .def = "0", .min = 0, .max = 100000,
     .help = "bootstrap replications (Simar and Wilson 1998; radial crs/vrs, frontier period or pooled): adds te_bc, "
             "bias, var, ci_lo, ci_hi; 0 = none, 2000 is usual"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "bootstrap: seed of the random numbers (the output depends on it, not on threads)"},
    {.key = "alpha", .type = NQPF_OPT_NUMBER, .arg = "A", .def = "0.05", .min = 0, .max = 0.5,
     .help = "bootstrap: 1 - the confidence level of ci_lo, ci_hi, in (0, 0.5)"},
    {.key = "threads", .type = NQPF_OPT_INT, .flags = NQPF_OPT_CLI_ONLY, .arg = "N", .def = "1", .min = 0, .max = 256,
     .help = "worker threads (0 = one per CPU); the output does not depend on it"},
    {0}};

const nqpf_method nqpf__method_dea = {"dea", "DEA efficiency: radial (CCR/BCC), SBM, directional distance, "
                                             "non-radial DDF, SBM-DDF, EBM, FDH; super-efficiency, "
                                             "metafrontier, bootstrap, scale and cost efficiency",
                                      dea_opts};

int nqpf_dea_options_init(nqpf_dea_options *o, unsigned version)
{
    static const nqpf_dea_options defaults = NQPF_DEA_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_DEA_OPTIONS_VERSION, "nqpf_dea_options_init");
}

void nqpf__dea_resolve_direction(nqpf_dea_options *o)
{
    /* nddf and sbmddf: every part moves by its observed values (Stata teddf's default, -x, y, -b) */
    nqpf_dea_dir all = o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF ? NQPF_DEA_DIR_OBSERVED
                                                                               : NQPF_DEA_DIR_DEFAULT;
    if (all != NQPF_DEA_DIR_DEFAULT) {
        if (o->gx == NQPF_DEA_DIR_DEFAULT)
            o->gx = all;
        if (o->gy == NQPF_DEA_DIR_DEFAULT)
            o->gy = all;
        if (o->gb == NQPF_DEA_DIR_DEFAULT)
            o->gb = o->nbads ? all : NQPF_DEA_DIR_ZERO;
    }
    if (o->gx == NQPF_DEA_DIR_DEFAULT)
        o->gx = o->nbads ? NQPF_DEA_DIR_ZERO : NQPF_DEA_DIR_OBSERVED;
    if (o->gy == NQPF_DEA_DIR_DEFAULT)
        o->gy = NQPF_DEA_DIR_OBSERVED;
    if (o->gb == NQPF_DEA_DIR_DEFAULT)
        o->gb = o->nbads ? NQPF_DEA_DIR_OBSERVED : NQPF_DEA_DIR_ZERO;
}

int nqpf_dea_parse_frontier(const char *spec, nqpf_dea_options *o)
{
    static const char *const names[] = {"period", "pooled", "global", "sequential", NULL};
    for (int k = 0; names[k]; k++)
        if (strcmp(spec, names[k]) == 0) {
            o->frontier = (nqpf_dea_frontier)k;
            return NQPF_OK;
        }
    if (strncmp(spec, "window:", 7) == 0) {
        char *end;
        long k = strtol(spec + 7, &end, 10);
        if (*end || end == spec + 7 || k < 1 || k % 2 == 0 || k > 100000)
            return nqpf_opt_error(NQPF_EUSAGE, "frontier", "window:K needs an odd K from 1 to 99999 (e.g. window:3), found '%s'",
                                  spec);
        o->frontier = NQPF_DEA_FRONTIER_WINDOW;
        o->window = (size_t)k;
        return NQPF_OK;
    }
    return nqpf_opt_error(NQPF_EUSAGE, "frontier", "expected period|pooled|global|sequential|window:K, found '%s'",
                          spec);
}

static int dir_item(const char *item, char own, int allow_mean, nqpf_dea_dir *d)
{
    if (strcmp(item, "0") == 0 || strcmp(item, "zero") == 0)
        *d = NQPF_DEA_DIR_ZERO;
    else if (strcmp(item, "1") == 0 || strcmp(item, "ones") == 0)
        *d = NQPF_DEA_DIR_ONES;
    else if (allow_mean && strcmp(item, "mean") == 0)
        *d = NQPF_DEA_DIR_MEAN;
    else if ((item[0] == own && item[1] == '\0') || strcmp(item, "observed") == 0)
        *d = NQPF_DEA_DIR_OBSERVED;
    else
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "item '%s' in position '%c': expected 0, %c (observed)%s1 (ones)%s",
                              item, own, own, allow_mean ? ", " : " or ", allow_mean ? " or mean" : "");
    return NQPF_OK;
}

int nqpf__dea_parse_direction(const char *spec, int allow_mean, nqpf_dea_dir g[3], size_t *nitems)
{
    if (strcmp(spec, "ones") == 0 || strcmp(spec, "observed") == 0 || (allow_mean && strcmp(spec, "mean") == 0)) {
        nqpf_dea_dir d = strcmp(spec, "ones") == 0   ? NQPF_DEA_DIR_ONES
                         : strcmp(spec, "mean") == 0 ? NQPF_DEA_DIR_MEAN
                                                     : NQPF_DEA_DIR_OBSERVED;
        g[0] = g[1] = g[2] = d;
        *nitems = 3;
        return NQPF_OK;
    }
    if (!allow_mean && strcmp(spec, "mean") == 0)
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "'mean' is not offered here: expected observed, ones or items "
                                                        "of 0, 1 and the observed values x|y|b");
    size_t n;
    char **items = nqpf__split_list(spec, ',', &n);
    if (!items)
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "'%s': %s", spec, nqpf_error_message());
    int rc = NQPF_OK;
    if (n < 2 || n > 3)
        rc = nqpf_opt_error(NQPF_EUSAGE, "direction", "'%s': expected 2 or 3 items (inputs,outputs[,bad outputs])",
                            spec);
    nqpf_dea_dir d[3] = {NQPF_DEA_DIR_ZERO, NQPF_DEA_DIR_ZERO, NQPF_DEA_DIR_ZERO};
    for (size_t k = 0; k < n && k < 3 && rc == NQPF_OK; k++)
        rc = dir_item(items[k], "xyb"[k], allow_mean, &d[k]);
    free(items);
    if (rc)
        return rc;
    memcpy(g, d, sizeof d);
    *nitems = n;
    return NQPF_OK;
}

/* Option weights of models nddf and sbmddf: numbers >= 0, one per input, output and undesirable
 * output, kept in storage owned by the set. */
static int parse_weights(const nqpf_optset *set, nqpf_dea_options *o)
{
    const char *const *items = NULL;
    size_t n = 0;
    int rc = nqpf_opt_list(set, "weights", &items, &n);
    if (rc || n == 0)
        return rc;
    if (o->model != NQPF_DEA_NDDF && o->model != NQPF_DEA_SBMDDF)
        return nqpf_opt_error(NQPF_EUSAGE, "weights", "applies to models nddf and sbmddf only");
    size_t nv = o->ninputs + o->noutputs + o->nbads;
    if (n != nv)
        return nqpf_opt_error(NQPF_EUSAGE, "weights",
                              "expected %zu numbers (one per input, output and undesirable output: %zu + %zu + %zu, in "
                              "that order), found %zu",
                              nv, o->ninputs, o->noutputs, o->nbads, n);
    double *w = nqpf__optset_keep(set, n * sizeof *w);
    if (!w)
        return NQPF_EINTERNAL;
    for (size_t k = 0; k < n; k++) {
        char *end;
        double v = strtod(items[k], &end);
        if (end == items[k] || *end || !isfinite(v) || v < 0)
            return nqpf_opt_error(NQPF_EUSAGE, "weights", "item %zu is '%s': expected a number >= 0", k + 1, items[k]);
        w[k] = v;
    }
    o->weights = w;
    o->nweights = n;
    return NQPF_OK;
}

/* dea's direction; absent: NQPF_DEA_DIR_DEFAULT. */
static int parse_direction(const char *spec, nqpf_dea_options *o)
{
    if (!spec)
        return NQPF_OK;
    nqpf_dea_dir d[3];
    size_t n;
    int rc = nqpf__dea_parse_direction(spec, 1, d, &n);
    if (rc)
        return rc;
    if (n == 3 && !o->nbads && d[2] != NQPF_DEA_DIR_ZERO && strchr(spec, ','))
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "'%s': a bad-output direction needs undesirable outputs", spec);
    o->gx = d[0];
    o->gy = d[1];
    o->gb = d[2];
    return NQPF_OK;
}

int nqpf_dea_options_parse(nqpf_dea_options *o, const nqpf_optset *set)
{
    int rc, model, rts, orient, mode, missing;
    long threads;
    const char *frontier = NULL, *direction = NULL;
    const char *const *weak = NULL;
    size_t nweak = 0;
    if ((rc = nqpf_dea_options_init(o, NQPF_DEA_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_list(set, "inputs", &o->inputs, &o->ninputs)) ||
        (rc = nqpf_opt_list(set, "outputs", &o->outputs, &o->noutputs)) ||
        (rc = nqpf_opt_list(set, "undesirable", &o->bads, &o->nbads)) || (rc = nqpf_opt_choice(set, "model", &model)) ||
        (rc = nqpf_opt_choice(set, "rts", &rts)) || (rc = nqpf_opt_choice(set, "orientation", &orient)) ||
        (rc = nqpf_opt_string(set, "frontier", &frontier)) || (rc = nqpf_opt_flag(set, "super", &o->super)) ||
        (rc = nqpf_opt_flag(set, "slacks", &o->slacks)) || (rc = nqpf_opt_flag(set, "peers", &o->peers)) ||
        (rc = nqpf_opt_string(set, "direction", &direction)) || (rc = nqpf_opt_choice(set, "bad_mode", &mode)) ||
        (rc = nqpf_opt_list(set, "weak_disposal", &weak, &nweak)) || (rc = nqpf_opt_long(set, "threads", &threads)) ||
        (rc = nqpf_opt_choice(set, "missing", &missing)))
        return rc;
    if ((rc = nqpf_opt_string(set, "group", &o->group)) || (rc = nqpf_opt_string(set, "group_via", &o->group_via)) ||
        (rc = nqpf__meta_check_options(o->group, o->group_via)))
        return rc;
    o->missing = missing == 1 ? NQPF_MISSING_DROP : NQPF_MISSING_REFUSE;
    o->model = (nqpf_dea_model)model;
    o->rts = (nqpf_dea_rts)rts;
    /* fdh is its own technology (sum lambda = 1, binary lambda): rts vrs unless told otherwise,
     * which nqpf__dea_deap_check() refuses */
    if (o->model == NQPF_DEA_FDH && !nqpf_optset_has(set, "rts"))
        o->rts = NQPF_DEA_VRS;
    /* DEAP parity (scale.c, price.c): the scale table and the price columns */
    if ((rc = nqpf_opt_flag(set, "scale", &o->scale)) ||
        (rc = nqpf_opt_list(set, "input_prices", &o->prices_x, &o->nprices_x)) ||
        (rc = nqpf_opt_list(set, "output_prices", &o->prices_y, &o->nprices_y)))
        return rc;
    /* revenue efficiency decomposes into the output-oriented te: that orientation unless told */
    if (orient < 0 && o->nprices_y && !o->nprices_x)
        orient = NQPF_DEA_OUT;
    /* The orientation's default depends on the model: SBM is non-oriented unless told. */
    if (orient < 0)
        orient = o->model == NQPF_DEA_SBM ? NQPF_DEA_NONE : NQPF_DEA_IN;
    o->orientation = (nqpf_dea_orientation)orient;
    int directional = o->model == NQPF_DEA_DDF || o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF;
    if (directional && nqpf_optset_has(set, "orientation"))
        return nqpf_opt_error(NQPF_EUSAGE, "orientation", "model %s has no orientation; its direction says what moves",
                              nqpf_dea_model_name(o->model));
    if (o->model == NQPF_DEA_RADIAL && o->orientation == NQPF_DEA_NONE)
        return nqpf_opt_error(NQPF_EUSAGE, "orientation", "'none' is for model sbm; the radial model takes in or out");
    int has_mode = nqpf_optset_has(set, "bad_mode");
    if (!directional && (direction || has_mode))
        return nqpf_opt_error(NQPF_EUSAGE, direction ? "direction" : "bad_mode",
                              "applies to the directional models ddf, nddf and sbmddf only");
    if (o->model == NQPF_DEA_SBMDDF && has_mode)
        return nqpf_opt_error(NQPF_EUSAGE, "bad_mode", "model sbmddf gives every variable its own slack, so bad "
                                                       "outputs are an inequality (sum lambda b + s_b = b0) already");
    if ((rc = parse_weights(set, o)))
        return rc;
    if (has_mode && !o->nbads)
        return nqpf_opt_error(NQPF_EUSAGE, "bad_mode", "needs undesirable outputs");
    if (nweak && o->model != NQPF_DEA_RADIAL)
        return nqpf_opt_error(NQPF_EUSAGE, "weak_disposal",
                              "applies to model radial only (give bad outputs as undesirable with model ddf for weakly "
                              "disposable bad outputs)");
    for (size_t k = 0; k < nweak; k++) {
        if (strcmp(weak[k], "x") == 0)
            o->dispose_x = NQPF_DEA_WEAK;
        else if (strcmp(weak[k], "y") == 0)
            o->dispose_y = NQPF_DEA_WEAK;
        else
            return nqpf_opt_error(NQPF_EUSAGE, "weak_disposal", "expected x, y or x,y, found '%s'", weak[k]);
    }
    o->bad_mode = (nqpf_dea_bad_mode)mode;
    if ((rc = parse_direction(direction, o)) || (frontier && (rc = nqpf_dea_parse_frontier(frontier, o))))
        return rc;
    long reps, seed;
    if ((rc = nqpf_opt_long(set, "reps", &reps)) || (rc = nqpf_opt_long(set, "seed", &seed)) ||
        (rc = nqpf_opt_double(set, "alpha", &o->alpha)))
        return rc;
    o->reps = (size_t)reps;
    o->seed = (unsigned long long)seed;
    if (!o->reps && (nqpf_optset_has(set, "seed") || nqpf_optset_has(set, "alpha")))
        return nqpf_opt_error(NQPF_EUSAGE, nqpf_optset_has(set, "seed") ? "seed" : "alpha",
                              "only applies with the bootstrap (give reps, e.g. 2000)");
    if ((rc = nqpf__dea_bootstrap_check(o)) || (rc = nqpf__dea_deap_check(o)))
        return rc;
    o->threads = (unsigned)threads;
    return NQPF_OK;
}
