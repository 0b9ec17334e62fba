/* The options of method "malmquist": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between options. The DEA
 * vocabulary (returns to scale, orientation, bad-output mode, direction) is dea's: the same choice
 * lists (dea_internal.h) and the same direction grammar (dea_options.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/malmquist.h"
#include "dea_internal.h"
#include "methods/methods.h"
#include "util/util.h"

/* The frontier types in the order of nqpf_malmquist_type. The study key is "frontier" (as study
 * files have always spelt it); the command keeps its flag --type. */
#define MALM_FRONTIERS "adjacent|fixed-base|global|sequential"

static const nqpf_optdef malm_opts[] = {
    {.key = "inputs", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "X1,X2",
     .help = "input columns"},
    {.key = "outputs", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "Y1,Y2",
     .help = "(good) output columns"},
    {.key = "undesirable", .type = NQPF_OPT_COLUMNS, .arg = "B1,B2",
     .help = "undesirable (bad) outputs: Malmquist-Luenberger index ml mleffch mltech (global ML with the "
             "global frontier), or the Luenberger indicator with luenberger"},
    {.key = "frontier", .type = NQPF_OPT_CHOICE, .cli = "type", .arg = "T", .def = "adjacent",
     .choices = MALM_FRONTIERS,
     .help = "adjacent (frontiers of t-1 and t, geometric mean), fixed-base, global (all periods pooled) or "
             "sequential (all periods up to t)"},
    {.key = "base", .type = NQPF_OPT_INT, .arg = "YEAR",
     .help = "fixed-base: the period whose frontier is the reference (default: the first)"},
    {.key = "orientation", .type = NQPF_OPT_CHOICE, .arg = "O", .def = "in", .choices = NQPF__DEA_ORIENT_IN_OUT,
     .help = "radial index: in or out; under CRS both give the same index"},
    {.key = "decomposition", .type = NQPF_OPT_CHOICE, .arg = "D", .def = "fgnz", .choices = "fgnz|rd",
     .help = "radial index: fgnz (tfpch = effch*techch, CRS technical change) or rd (Ray-Desli: tfpch = "
             "pech*techch*sech, VRS technical change; adjacent and sequential frontiers)"},
    {.key = "cumulative", .type = NQPF_OPT_FLAG,
     .help = "add chained levels <index>_cum: products over the unit's pairs (sums for the Luenberger "
             "indicator)"},
    {.key = "luenberger", .type = NQPF_OPT_FLAG,
     .help = "difference-based Luenberger productivity indicator from directional distances: lpi = "
             "lpi_effch + lpi_techch (> 0 = progress)"},
    {.key = "bad_mode", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "weak", .choices = NQPF__DEA_BAD_MODE_CHOICES,
     .help = "bad outputs: weak (weak disposability, sum lambda b = b - beta gb) or ineq (sum lambda b <= b - "
             "beta gb, as DataEnvelopmentAnalysis.jl)"},
    {.key = "direction", .type = NQPF_OPT_STRING, .arg = "GX,GY[,GB]", .def = "0,y,b",
     .help = "direction of the directional distances: items 0, 1 (ones) or x|y|b (the observed values); or "
             "all-in-one observed, ones; with two items GB stays b"},
    {.key = "distance", .type = NQPF_OPT_CHOICE, .arg = "D", .def = "ddf", .choices = "ddf|nddf|sbmddf",
     .help = "directional measures: the distance function, ddf (radial), nddf (non-radial, Zhou et al. 2012; Stata "
             "gtfpch nonradial) or sbmddf (slacks-based, Fukuyama and Weber 2009)"},
    {.key = "weights", .type = NQPF_OPT_LIST, .arg = "W1,W2,...",
     .help = "distance nddf or sbmddf: weights of the inputs, outputs and undesirable outputs, in that order (gtfpch "
             "wmat); default nddf 1 for every variable that moves, sbmddf 1/(2m) and 1/(2(s+b))"},
    {.key = "rts", .type = NQPF_OPT_CHOICE, .arg = "R", .def = "crs", .choices = NQPF__DEA_RTS_CRS_VRS,
     .help = "directional measures: returns to scale (with vrs mixed-period LPs may be infeasible)"},
    {.key = "group", .type = NQPF_OPT_COLUMN, .arg = "COL",
     .help = "metafrontier index (Oh and Lee 2010) on global frontiers: the column naming each unit's group; the "
             "index is decomposed into efficiency change, best-practice gap change bpc and technology gap change tgc"},
    {.key = "group_via", .type = NQPF_OPT_STRING, .arg = "NAME",
     .help = "metafrontier groups from a built-in grouping of China's provinces or cities (nbs4, belts3, north_south, "
             "...; NAME:en for English labels) instead of a group column"},
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "refuse", .choices = "refuse|drop",
     .help = "an observation with an empty input or output: refuse (an error naming the cell) or drop (left out "
             "with one warning; its unit has no pairs involving that period)"},
    {.key = "threads", .type = NQPF_OPT_INT, .flags = NQPF_OPT_CLI_ONLY, .arg = "N", .def = "1", .min = 0, .max = 256,
     .help = "worker threads (0 = one per CPU); the output does not depend on it"},
    {0}};

const nqpf_method nqpf__method_malmquist = {"malmquist",
                                            "Malmquist productivity index, Luenberger indicator, "
                                            "Malmquist-Luenberger (global) index",
                                            malm_opts};

int nqpf_malmquist_options_init(nqpf_malmquist_options *o, unsigned version)
{
    static const nqpf_malmquist_options defaults = NQPF_MALMQUIST_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_MALMQUIST_OPTIONS_VERSION, "nqpf_malmquist_options_init");
}

const char *nqpf_malmquist_measure_name(nqpf_malmquist_measure m)
{
    switch (m) {
    case NQPF_MALMQUIST_RADIAL:
        return "malmquist";
    case NQPF_MALMQUIST_ML:
        return "malmquist-luenberger";
    case NQPF_MALMQUIST_LUENBERGER:
        return "luenberger";
    }
    return "?";
}

/* The first of keys[] that the set has, or NULL. */
static const char *first_given(const nqpf_optset *set, const char *const *keys)
{
    for (; *keys; keys++)
        if (nqpf_optset_has(set, *keys))
            return *keys;
    return NULL;
}

int nqpf_malmquist_options_parse(nqpf_malmquist_options *o, const nqpf_optset *set)
{
    int rc, type, orient, decomp, mode, rts, lu, missing;
    long threads;
    const char *direction = NULL;
    if ((rc = nqpf_malmquist_options_init(o, NQPF_MALMQUIST_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_list(set, "inputs", &o->inputs, &o->ninputs)) ||
        (rc = nqpf_opt_list(set, "outputs", &o->outputs, &o->noutputs)) ||
        (rc = nqpf_opt_list(set, "undesirable", &o->bads, &o->nbads)) ||
        (rc = nqpf_opt_choice(set, "frontier", &type)) || (rc = nqpf_opt_choice(set, "orientation", &orient)) ||
        (rc = nqpf_opt_choice(set, "decomposition", &decomp)) || (rc = nqpf_opt_flag(set, "cumulative", &o->cumulative)) ||
        (rc = nqpf_opt_flag(set, "luenberger", &lu)) || (rc = nqpf_opt_choice(set, "bad_mode", &mode)) ||
        (rc = nqpf_opt_string(set, "direction", &direction)) || (rc = nqpf_opt_choice(set, "rts", &rts)) ||
        (rc = nqpf_opt_choice(set, "missing", &missing)) || (rc = nqpf_opt_long(set, "threads", &threads)))
        return rc;
    o->threads = (unsigned)threads; /* 0..256 (the descriptor's range) */
    if ((rc = nqpf_opt_string(set, "group", &o->group)) || (rc = nqpf_opt_string(set, "group_via", &o->group_via)))
        return rc;
    o->missing = missing == 1 ? NQPF_MISSING_DROP : NQPF_MISSING_REFUSE;
    o->type = (nqpf_malmquist_type)type;
    /* the metafrontier index is global: with groups, frontier defaults to global (other values are refused by
     * nqpf__malmquist_meta_check) */
    if ((o->group || o->group_via) && !nqpf_optset_has(set, "frontier"))
        o->type = NQPF_MALMQUIST_GLOBAL;
    o->orientation = (nqpf_dea_orientation)orient;
    o->decomposition = decomp == 1 ? NQPF_MALMQUIST_RD : NQPF_MALMQUIST_FGNZ;
    o->bad_mode = (nqpf_dea_bad_mode)mode;
    o->rts = (nqpf_dea_rts)rts;
    /* The measure follows from the data asked for: bad outputs make the index directional. */
    o->measure = lu ? NQPF_MALMQUIST_LUENBERGER : o->nbads ? NQPF_MALMQUIST_ML : NQPF_MALMQUIST_RADIAL;
    /* Options of the other kind of measure are refused rather than ignored. */
    static const char *const directional_only[] = {"bad_mode", "direction", "rts", "distance", "weights", NULL};
    static const char *const radial_only[] = {"orientation", "decomposition", NULL};
    const char *k;
    if (o->measure == NQPF_MALMQUIST_RADIAL && (k = first_given(set, directional_only)))
        return nqpf_opt_error(NQPF_EUSAGE, k, "applies to the directional distances only (the luenberger indicator, "
                                              "or undesirable outputs)");
    if (o->measure != NQPF_MALMQUIST_RADIAL && (k = first_given(set, radial_only)))
        return nqpf_opt_error(NQPF_EUSAGE, k, "applies to the radial index only; directional distances take a "
                                              "direction");
    if (!o->nbads && nqpf_optset_has(set, "bad_mode"))
        return nqpf_opt_error(NQPF_EUSAGE, "bad_mode", "needs undesirable outputs");
    if (direction) {
        nqpf_dea_dir g[3];
        size_t n;
        if ((rc = nqpf__dea_parse_direction(direction, 0, g, &n)))
            return rc;
        o->gx = g[0];
        o->gy = g[1];
        /* two items leave the bad outputs' part at its default, b (as the command always did) */
        if (n == 3)
            o->gb = g[2];
    }
    {
        /* the distance function and its weights (numbers kept in storage owned by the set) */
        int dist;
        const char *const *items = NULL;
        size_t nw = 0;
        if ((rc = nqpf_opt_choice(set, "distance", &dist)) || (rc = nqpf_opt_list(set, "weights", &items, &nw)))
            return rc;
        o->distance = (nqpf_malmquist_distance)dist;
        if (o->distance == NQPF_MALMQUIST_DIST_SBMDDF && nqpf_optset_has(set, "bad_mode"))
            return nqpf_opt_error(NQPF_EUSAGE, "bad_mode", "distance sbmddf gives every variable its own slack, so "
                                                           "bad outputs are an inequality already");
        if (nw && o->distance == NQPF_MALMQUIST_DIST_DDF)
            return nqpf_opt_error(NQPF_EUSAGE, "weights", "applies to the distances nddf and sbmddf only");
        if (nw) {
            double *w = nqpf__optset_keep(set, nw * sizeof *w);
            if (!w)
                return NQPF_EINTERNAL;
            for (size_t q = 0; q < nw; q++) {
                char *end;
                double v = strtod(items[q], &end);
                if (end == items[q] || *end || !isfinite(v) || v < 0)
                    return nqpf_opt_error(NQPF_EUSAGE, "weights", "item %zu is '%s': expected a number >= 0", q + 1,
                                          items[q]);
                w[q] = v;
            }
            o->weights = w;
            o->nweights = nw;
        }
    }
    if (nqpf_optset_has(set, "base")) {
        if (o->type != NQPF_MALMQUIST_FIXED_BASE)
            return nqpf_opt_error(NQPF_EUSAGE, "base", "applies to the fixed-base frontier only");
        if ((rc = nqpf_opt_long(set, "base", &o->base_year)))
            return rc;
        o->has_base = 1;
    }
    if ((rc = nqpf__malmquist_check(o)))
        return rc;
    return nqpf__malmquist_meta_check(o);
}
