/* The options of method "classify": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the grammar of k, the defaults and the rules between
 * options. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/region.h"
#include "methods/methods.h"
#include "region/classify_internal.h"
#include "util/util.h"

static const nqpf_optdef classify_opts[] = {
    {.key = "vars", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "A,B,C",
     .help = "indicators to classify on (standardised to z-scores across units)"},
    {.key = "k", .type = NQPF_OPT_STRING, .arg = "K|auto", .def = "auto",
     .help = "number of classes, an integer from 2 to 1000 (and below the number of units), or auto: 2..min(8, "
             "n-1) by mean silhouette"},
    {.key = "method", .type = NQPF_OPT_CHOICE, .arg = "M", .def = "kmeans", .choices = "kmeans|ward",
     .help = "kmeans (k-means++ seeding, best of restarts runs) or ward"},
    {.key = "year", .type = NQPF_OPT_INT, .arg = "Y",
     .help = "classify on the values of year Y (default: each unit's mean over the years)"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "N", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "k-means random seed"},
    {.key = "restarts", .type = NQPF_OPT_INT, .arg = "N", .def = "20", .min = 1, .max = 10000,
     .help = "k-means runs from fresh seeds, the best kept"},
    {.key = "lang", .type = NQPF_OPT_CHOICE, .arg = "L", .def = "en", .choices = "en|zh",
     .help = "language of the class descriptions"},
    {0}};

const nqpf_method nqpf__method_classify = {
    "classify", "Classify regions into types (k-means++ or Ward on z-scores, K by silhouette)", classify_opts};

int nqpf_classify_options_init(nqpf_classify_options *o, unsigned version)
{
    static const nqpf_classify_options defaults = NQPF_CLASSIFY_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_CLASSIFY_OPTIONS_VERSION, "nqpf_classify_options_init");
}

int nqpf__classify_check(const nqpf_classify_options *o)
{
    if (!o->nvars)
        return nqpf_opt_error(NQPF_EUSAGE, "vars", "required: at least one variable");
    for (size_t j = 0; j < o->nvars; j++)
        for (size_t m = 0; m < j; m++)
            if (strcmp(o->vars[j], o->vars[m]) == 0)
                return nqpf_opt_error(NQPF_EUSAGE, "vars", "variable '%s' is listed twice", o->vars[j]);
    if (o->k == 1 || o->k > NQPF__CLASSIFY_MAX_K)
        return nqpf_opt_error(NQPF_EUSAGE, "k", "expected auto or an integer from 2 to %d, found %zu",
                              NQPF__CLASSIFY_MAX_K, o->k);
    return NQPF_OK;
}

/* k: "auto" (0) or a whole number; its range is nqpf__classify_check()'s. */
static int parse_k(const char *text, size_t *k)
{
    if (strcmp(text, "auto") == 0) {
        *k = 0;
        return NQPF_OK;
    }
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end || errno || v < 2 || v > NQPF__CLASSIFY_MAX_K)
        return nqpf_opt_error(NQPF_EUSAGE, "k", "expected auto or an integer from 2 to %d, found '%s'",
                              NQPF__CLASSIFY_MAX_K, text);
    *k = (size_t)v;
    return NQPF_OK;
}

int nqpf_classify_options_parse(nqpf_classify_options *o, const nqpf_optset *set)
{
    int rc, method, lang;
    long seed, restarts;
    const char *k = NULL;
    if ((rc = nqpf_classify_options_init(o, NQPF_CLASSIFY_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_list(set, "vars", &o->vars, &o->nvars)) || (rc = nqpf_opt_string(set, "k", &k)) ||
        (rc = nqpf_opt_choice(set, "method", &method)) || (rc = nqpf_opt_long(set, "year", &o->year)) ||
        (rc = nqpf_opt_long(set, "seed", &seed)) || (rc = nqpf_opt_long(set, "restarts", &restarts)) ||
        (rc = nqpf_opt_choice(set, "lang", &lang)) || (rc = parse_k(k, &o->k)))
        return rc;
    o->method = method == 1 ? NQPF_CLASSIFY_WARD : NQPF_CLASSIFY_KMEANS;
    /* Ward is deterministic: a seed or restarts given with it would be silently ignored. */
    if (o->method == NQPF_CLASSIFY_WARD && (nqpf_optset_has(set, "seed") || nqpf_optset_has(set, "restarts")))
        return nqpf_opt_error(NQPF_EUSAGE, nqpf_optset_has(set, "seed") ? "seed" : "restarts",
                              "applies to method kmeans, not to ward");
    o->has_year = nqpf_optset_has(set, "year");
    o->seed = (unsigned long)seed;
    o->restarts = (size_t)restarts;
    o->lang_zh = lang == 1;
    return nqpf__classify_check(o);
}
