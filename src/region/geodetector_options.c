/* The options of method "geodetector": its descriptor table (the one definition the CLI, study
 * files, help and docs/options.md are made from), the defaults and the rules between options. */
#include <stdlib.h>
#include <string.h>

#include "nqpf/geodetector.h"
#include "methods/methods.h"
#include "util/util.h"

static const nqpf_optdef gd_opts[] = {
    {.key = "y", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "COL",
     .help = "the explained variable Y (numeric)"},
    {.key = "factors", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "X1,X2",
     .help = "the explanatory factors X (continuous ones are discretised, see categorical)"},
    {.key = "categorical", .type = NQPF_OPT_COLUMNS, .arg = "X3",
     .help = "factors whose values are the strata as given (codes, zones); text columns always are"},
    {.key = "discretize", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "auto",
     .choices = "auto|equal|quantile|natural|geometric|sd",
     .help = "how continuous factors are cut: one method, or auto (every method and number of classes, the "
             "largest q, as R GD::optidisc)"},
    {.key = "classes", .type = NQPF_OPT_STRING, .arg = "K|K1..K2", .def = "3..7",
     .help = "the number of classes of a continuous factor, or the range tried (2..20)"},
    {.key = "year", .type = NQPF_OPT_INT, .arg = "YEAR", .min = -100000, .max = 100000,
     .help = "use the rows of this year only (of the time column); default: all rows"},
    {.key = "alpha", .type = NQPF_OPT_NUMBER, .arg = "A", .def = "0.05", .min = 0.0001, .max = 0.5,
     .help = "significance level of the risk (t) and ecological (F) tests"},
    {.key = "singletons", .type = NQPF_OPT_CHOICE, .arg = "S", .def = "keep", .choices = "keep|drop",
     .help = "a stratum with one observation: keep (within variance 0; R geodetector, GeoDetector Excel) or drop "
             "its observation from that stratification (R GD)"},
    {.key = "missing", .type = NQPF_OPT_CHOICE, .arg = "P", .def = "refuse", .choices = "refuse|drop",
     .help = "a row with an empty cell in Y or a factor: refuse (an error naming the cell) or drop (left out, with "
             "one warning)"},
    {0}};

const nqpf_method nqpf__method_geodetector = {
    "geodetector",
    "Geographical detector: factor, interaction, risk and ecological detectors with optimal discretisation",
    gd_opts};

int nqpf_geodetector_options_init(nqpf_geodetector_options *o, unsigned version)
{
    static const nqpf_geodetector_options defaults = NQPF_GEODETECTOR_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_GEODETECTOR_OPTIONS_VERSION,
                              "nqpf_geodetector_options_init");
}

/* "K" or "K1..K2" with 2 <= K1 <= K2 <= 20. */
static int parse_classes(const char *s, unsigned *lo, unsigned *hi)
{
    char *end = NULL;
    long a = strtol(s, &end, 10), b = a;
    if (end != s && strncmp(end, "..", 2) == 0) {
        const char *rest = end + 2;
        b = strtol(rest, &end, 10);
        if (end == rest)
            b = -1;
    }
    if (end == s || *end || a < 2 || b < a || b > 20)
        return nqpf_opt_error(NQPF_EUSAGE, "classes",
                              "expected a number of classes K or a range K1..K2 within 2..20 (e.g. 3..7), found '%s'",
                              s);
    *lo = (unsigned)a;
    *hi = (unsigned)b;
    return NQPF_OK;
}

int nqpf_geodetector_options_parse(nqpf_geodetector_options *o, const nqpf_optset *set)
{
    int rc, disc, single, missing;
    const char *classes = NULL;
    long year = 0;
    if ((rc = nqpf_geodetector_options_init(o, NQPF_GEODETECTOR_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_string(set, "y", &o->y)) || (rc = nqpf_opt_list(set, "factors", &o->factors, &o->nfactors)) ||
        (rc = nqpf_opt_list(set, "categorical", &o->categorical, &o->ncategorical)) ||
        (rc = nqpf_opt_choice(set, "discretize", &disc)) || (rc = nqpf_opt_string(set, "classes", &classes)) ||
        (rc = nqpf_opt_double(set, "alpha", &o->alpha)) || (rc = nqpf_opt_choice(set, "singletons", &single)) ||
        (rc = nqpf_opt_choice(set, "missing", &missing)))
        return rc;
    if (nqpf_optset_has(set, "year")) {
        if ((rc = nqpf_opt_long(set, "year", &year)))
            return rc;
        o->year = year;
        o->has_year = 1;
    }
    o->discretize = (nqpf_geodet_disc)disc;
    o->drop_singletons = single == 1;
    o->missing = missing == 1 ? NQPF_MISSING_DROP : NQPF_MISSING_REFUSE;
    if (classes && (rc = parse_classes(classes, &o->classes_min, &o->classes_max)))
        return rc;
    if (!o->nfactors)
        return nqpf_opt_error(NQPF_EUSAGE, "factors", "needs at least one factor");
    for (size_t i = 0; i < o->nfactors; i++) {
        if (strcmp(o->factors[i], o->y) == 0)
            return nqpf_opt_error(NQPF_EUSAGE, "factors", "'%s' is the explained variable y; a factor must be another "
                                                          "column",
                                  o->y);
        for (size_t j = 0; j < i; j++)
            if (strcmp(o->factors[i], o->factors[j]) == 0)
                return nqpf_opt_error(NQPF_EUSAGE, "factors", "'%s' is listed twice", o->factors[i]);
    }
    for (size_t i = 0; i < o->ncategorical; i++) {
        size_t j = 0;
        while (j < o->nfactors && strcmp(o->categorical[i], o->factors[j]) != 0)
            j++;
        if (j == o->nfactors)
            return nqpf_opt_error(NQPF_EUSAGE, "categorical", "'%s' is not one of the factors; list it in factors too",
                                  o->categorical[i]);
    }
    return NQPF_OK;
}
