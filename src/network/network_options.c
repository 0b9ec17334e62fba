/* The options of method "network": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between options. */
#include <string.h>

#include "nqpf/network.h"
#include "methods/methods.h"
#include "util/util.h"

static const nqpf_optdef net_opts[] = {
    {.key = "var", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "X",
     .help = "the variable whose network is built (e.g. the NQPF index): k_ij = X_i/(X_i+X_j), part of the mass"},
    {.key = "mass", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "P,G",
     .help = "mass columns (population, GDP): M_i = (P_i G_i X_i)^(1/3), the geometric mean of these and X"},
    {.key = "coords", .type = NQPF_OPT_COLUMNS, .arg = "LON,LAT",
     .help = "longitude and latitude columns (degrees): great-circle distance in km (radius 6371)"},
    {.key = "distance_matrix", .type = NQPF_OPT_PATH, .arg = "FILE",
     .help = "a square distance matrix instead of coords: first column the ids, header row the same ids"},
    {.key = "econ", .type = NQPF_OPT_COLUMN, .arg = "G",
     .help = "economic distance: per-capita GDP column g, the distance becomes D_ij / |g_i - g_j|"},
    {.key = "threshold", .type = NQPF_OPT_CHOICE, .arg = "R", .def = "row_mean", .choices = "row_mean|all_mean",
     .help = "a link where y_ij exceeds the mean of row i (row_mean, the literature's rule) or of the whole matrix"},
    {.key = "year", .type = NQPF_OPT_INT, .arg = "Y", .min = -100000, .max = 100000,
     .help = "compute this year only (default: every year; blocks and QAP use the last year)"},
    {.key = "concor_depth", .type = NQPF_OPT_INT, .arg = "D", .def = "2", .min = 1, .max = 4,
     .help = "CONCOR splits of the block model (2: up to 4 blocks)"},
    {.key = "qap", .type = NQPF_OPT_STRING, .arg = "Y~X1+X2",
     .help = "QAP correlation and MRQAP regression of matrix Y on X1, X2, ...: network, gravity, distance or a "
             "column C (the matrix |C_i - C_j|)"},
    {.key = "reps", .type = NQPF_OPT_INT, .arg = "B", .def = "2000", .min = 1, .max = 100000,
     .help = "qap: random permutations (p-values to within 2/sqrt(B))"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "qap: seed of the permutations (the output depends on it only)"},
    {0}};

const nqpf_method nqpf__method_network = {"network",
                                          "Spatial correlation network: modified gravity model, Krackhardt measures, "
                                          "centralities, CONCOR blocks, QAP and MRQAP",
                                          net_opts};

int nqpf_network_options_init(nqpf_network_options *o, unsigned version)
{
    static const nqpf_network_options defaults = {NQPF_NETWORK_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, NULL, NULL,
                                                  NQPF_NETWORK_ROW_MEAN, 0, 0, 2, NULL, 2000, 1};
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_NETWORK_OPTIONS_VERSION,
                              "nqpf_network_options_init");
}

int nqpf_network_options_parse(nqpf_network_options *o, const nqpf_optset *set)
{
    int rc, thr;
    long year = 0, depth, reps, seed;
    const char *const *cc = NULL;
    size_t nc = 0;
    if ((rc = nqpf_network_options_init(o, NQPF_NETWORK_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "var", &o->var)) || (rc = nqpf_opt_list(set, "mass", &o->mass, &o->nmass)) ||
        (rc = nqpf_opt_list(set, "coords", &cc, &nc)) ||
        (rc = nqpf_opt_path(set, "distance_matrix", &o->distance_matrix)) ||
        (rc = nqpf_opt_string(set, "econ", &o->econ)) || (rc = nqpf_opt_choice(set, "threshold", &thr)) ||
        (rc = nqpf_opt_long(set, "year", &year)) || (rc = nqpf_opt_long(set, "concor_depth", &depth)) ||
        (rc = nqpf_opt_string(set, "qap", &o->qap)) || (rc = nqpf_opt_long(set, "reps", &reps)) ||
        (rc = nqpf_opt_long(set, "seed", &seed)))
        return rc;
    o->threshold = (nqpf_network_threshold)thr;
    o->year = nqpf_optset_has(set, "year") ? year : 0;
    o->concor_depth = (unsigned)depth;
    o->reps = (size_t)reps;
    o->seed = (unsigned long long)seed;
    if (nc && nc != 2)
        return nqpf_opt_error(NQPF_EUSAGE, "coords", "expected two columns LON,LAT, found %zu", nc);
    if (nc) {
        o->lon = cc[0];
        o->lat = cc[1];
    }
    if (!nc == !o->distance_matrix)
        return nqpf_opt_error(NQPF_EUSAGE, nc ? "distance_matrix" : "coords",
                              "%s", nc ? "give either coordinates (coords) or a distance matrix, not both"
                                       : "required: the coordinates LON,LAT (coords) or a distance matrix file "
                                         "(distance_matrix)");
    if (o->nmass > 7)
        return nqpf_opt_error(NQPF_EUSAGE, "mass", "at most 7 mass columns, found %zu", o->nmass);
    if (!o->qap) {
        if (nqpf_optset_has(set, "reps"))
            return nqpf_opt_error(NQPF_EUSAGE, "reps", "applies to the QAP tests only: give qap as well");
        if (nqpf_optset_has(set, "seed"))
            return nqpf_opt_error(NQPF_EUSAGE, "seed", "applies to the QAP tests only: give qap as well");
    } else {
        const char *t = strchr(o->qap, '~');
        if (!t || t == o->qap || !t[1] || strchr(t + 1, '~'))
            return nqpf_opt_error(NQPF_EUSAGE, "qap", "expected Y~X1+X2 (one '~', matrices on both sides), found '%s'",
                                  o->qap);
    }
    return NQPF_OK;
}
