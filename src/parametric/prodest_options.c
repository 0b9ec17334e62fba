/* The options of method "prodest": its descriptor table (the one definition the CLI, study files,
 * help and docs/options.md are made from), the defaults and the rules between options. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/prodest.h"
#include "methods/methods.h"
#include "parametric/prodest_internal.h"
#include "util/util.h"

static const nqpf_optdef pd_opts[] = {
    {.key = "method", .type = NQPF_OPT_CHOICE, .flags = NQPF_OPT_REQUIRED, .arg = "M", .choices = "op|lp|acf|wrdg",
     .help = "op (Olley-Pakes 1996, proxy = investment), lp (Levinsohn-Petrin 2003, proxy = materials), acf "
             "(Ackerberg-Caves-Frazer 2015) or wrdg (Wooldridge 2009 one-step GMM)"},
    {.key = "output", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "Y",
     .help = "output column (value added; logged unless logged is set)"},
    {.key = "free", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "L1,L2",
     .help = "free inputs (labour), named as given in the coefficient table"},
    {.key = "state", .type = NQPF_OPT_COLUMNS, .flags = NQPF_OPT_REQUIRED, .arg = "K",
     .help = "state inputs (capital), named as given in the coefficient table"},
    {.key = "proxy", .type = NQPF_OPT_COLUMN, .flags = NQPF_OPT_REQUIRED, .arg = "M",
     .help = "proxy variable: investment (op) or an intermediate input such as materials (lp, acf, wrdg)"},
    {.key = "logged", .type = NQPF_OPT_FLAG,
     .help = "the output, inputs and proxy are already in logs (otherwise nqpf logs them and refuses values <= 0)"},
    {.key = "reps", .type = NQPF_OPT_INT, .arg = "B", .def = "100", .min = 0, .max = 100000,
     .help = "op, lp, acf: bootstrap replications resampling whole firms for the standard errors (0: none)"},
    {.key = "seed", .type = NQPF_OPT_INT, .arg = "S", .def = "1", .min = 0, .max = 4294967295.0,
     .help = "op, lp, acf: seed of the bootstrap (the output depends on it only)"},
    {.key = "start", .type = NQPF_OPT_LIST, .arg = "B1,B2",
     .help = "op, lp, acf: second-stage start values, one number or one per coefficient (acf: free then state; "
             "default: the first-stage OLS coefficients)"},
    {.key = "max_iter", .type = NQPF_OPT_INT, .arg = "N", .def = "5000", .min = 10, .max = 1000000,
     .help = "op, lp, acf: iterations of the second-stage Nelder-Mead minimiser before it counts as not converged"},
    {.key = "wrdg_form", .type = NQPF_OPT_CHOICE, .arg = "F", .def = "wooldridge", .choices = "wooldridge|prodest",
     .help = "wrdg: wooldridge (the first equation's polynomial in state and proxy has its own linear state term, "
             "Wooldridge 2009 eq. 3.3) or prodest (that term is b_s, as R prodest 0.1.1 and its published table)"},
    {.key = "threads", .type = NQPF_OPT_INT, .flags = NQPF_OPT_CLI_ONLY, .arg = "N", .def = "1", .min = 0, .max = 256,
     .help = "worker threads for the bootstrap (0 = one per CPU); the output does not depend on it"},
    {0}};

const nqpf_method nqpf__method_prodest = {"prodest",
                                          "Production-function estimation of firm TFP: Olley-Pakes, Levinsohn-Petrin, "
                                          "Ackerberg-Caves-Frazer, Wooldridge",
                                          pd_opts};

const char *nqpf_prodest_method_name(nqpf_prodest_method m)
{
    static const char *const names[] = {"op", "lp", "acf", "wrdg"};
    return (unsigned)m <= NQPF_PRODEST_WRDG ? names[m] : "?";
}

int nqpf_prodest_options_init(nqpf_prodest_options *o, unsigned version)
{
    static const nqpf_prodest_options defaults = NQPF_PRODEST_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_PRODEST_OPTIONS_VERSION,
                              "nqpf_prodest_options_init");
}

/* The number of second-stage coefficients searched by op/lp (state) or acf (free and state). */
size_t nqpf__prodest_nsearch(const nqpf_prodest_options *o)
{
    return o->method == NQPF_PRODEST_ACF ? o->nfree + o->nstate : o->nstate;
}

int nqpf__prodest_check(const nqpf_prodest_options *o)
{
    if (!o || o->version != NQPF_PRODEST_OPTIONS_VERSION)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_prodest_options: version %u, expected %u (initialise with "
                                           "nqpf_prodest_options_init())",
                              o ? o->version : 0u, NQPF_PRODEST_OPTIONS_VERSION);
    if ((unsigned)o->method > NQPF_PRODEST_WRDG)
        return nqpf_opt_error(NQPF_EUSAGE, "method", "expected op, lp, acf or wrdg");
    if (!o->output)
        return nqpf_opt_error(NQPF_EUSAGE, "output", "needs the output column");
    if (!o->nfree)
        return nqpf_opt_error(NQPF_EUSAGE, "free", "needs at least one free input (labour)");
    if (!o->nstate)
        return nqpf_opt_error(NQPF_EUSAGE, "state", "needs at least one state input (capital)");
    if (!o->proxy)
        return nqpf_opt_error(NQPF_EUSAGE, "proxy", "needs the proxy column (investment or materials)");
    if (o->nfree + o->nstate > NQPF_PRODEST_MAX_INPUTS)
        return nqpf_opt_error(NQPF_EUSAGE, o->nfree > o->nstate ? "free" : "state",
                              "at most %d free and state inputs together, found %zu", NQPF_PRODEST_MAX_INPUTS,
                              o->nfree + o->nstate);
    if (o->reps == 1)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "one replication gives no standard error: use 0 or at least 2");
    size_t ns = nqpf__prodest_nsearch(o);
    if (o->nstart && o->nstart != 1 && o->nstart != ns)
        return nqpf_opt_error(NQPF_EUSAGE, "start", "expected 1 or %zu numbers (%s), found %zu", ns,
                              o->method == NQPF_PRODEST_ACF ? "the free then the state coefficients"
                                                            : "the state coefficients",
                              o->nstart);
    if (o->nstart && !o->start)
        return nqpf_opt_error(NQPF_EUSAGE, "start", "nstart is %zu but start is NULL", o->nstart);
    if (o->max_iter < 10)
        return nqpf_opt_error(NQPF_EUSAGE, "max_iter", "expected at least 10 iterations");
    /* Names used twice would give two rows with the same term. */
    const char *all[2 * NQPF_PRODEST_MAX_INPUTS + 2];
    size_t n = 0;
    for (size_t j = 0; j < o->nfree; j++)
        all[n++] = o->free[j];
    for (size_t j = 0; j < o->nstate; j++)
        all[n++] = o->state[j];
    all[n++] = o->proxy;
    all[n++] = o->output;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (strcmp(all[a], all[b]) == 0) {
                const char *key = b < o->nfree ? "free" : b < o->nfree + o->nstate ? "state" : b == n - 2 ? "proxy"
                                                                                                        : "output";
                return nqpf_opt_error(NQPF_EUSAGE, key,
                                      "the column '%s' is named twice among output, free, state and proxy: each "
                                      "variable has one role",
                                      all[a]);
            }
    return NQPF_OK;
}

int nqpf_prodest_options_parse(nqpf_prodest_options *o, const nqpf_optset *set)
{
    int rc, method, logged, form;
    long reps, seed, max_iter, threads;
    const char *const *start = NULL;
    size_t nstart = 0;
    if ((rc = nqpf_prodest_options_init(o, NQPF_PRODEST_OPTIONS_VERSION)) || (rc = nqpf_optset_check(set)) ||
        (rc = nqpf_opt_choice(set, "method", &method)) || (rc = nqpf_opt_string(set, "output", &o->output)) ||
        (rc = nqpf_opt_list(set, "free", &o->free, &o->nfree)) ||
        (rc = nqpf_opt_list(set, "state", &o->state, &o->nstate)) || (rc = nqpf_opt_string(set, "proxy", &o->proxy)) ||
        (rc = nqpf_opt_flag(set, "logged", &logged)) || (rc = nqpf_opt_long(set, "reps", &reps)) ||
        (rc = nqpf_opt_long(set, "seed", &seed)) || (rc = nqpf_opt_list(set, "start", &start, &nstart)) ||
        (rc = nqpf_opt_long(set, "max_iter", &max_iter)) || (rc = nqpf_opt_choice(set, "wrdg_form", &form)) ||
        (rc = nqpf_opt_long(set, "threads", &threads)))
        return rc;
    o->method = (nqpf_prodest_method)method;
    o->logged = logged;
    o->reps = (size_t)reps;
    o->seed = (unsigned long long)seed;
    o->max_iter = (size_t)max_iter;
    o->wrdg_prodest = form == 1;
    o->threads = (unsigned)threads;
    if (o->method != NQPF_PRODEST_WRDG && nqpf_optset_has(set, "wrdg_form"))
        return nqpf_opt_error(NQPF_EUSAGE, "wrdg_form", "applies to method wrdg only, not to %s",
                              nqpf_prodest_method_name(o->method));
    if (o->method == NQPF_PRODEST_WRDG) {
        static const char *const not_wrdg[] = {"reps", "seed", "start", "max_iter", NULL};
        for (const char *const *k = not_wrdg; *k; k++)
            if (nqpf_optset_has(set, *k))
                return nqpf_opt_error(NQPF_EUSAGE, *k,
                                      "applies to op, lp and acf only: wrdg is a closed-form GMM with analytic "
                                      "standard errors");
    }
    if (nstart) {
        double *v = nqpf__optset_keep(set, nstart * sizeof *v);
        if (!v)
            return NQPF_EINTERNAL;
        for (size_t q = 0; q < nstart; q++) {
            char *end;
            v[q] = strtod(start[q], &end);
            if (end == start[q] || *end || !isfinite(v[q]))
                return nqpf_opt_error(NQPF_EUSAGE, "start", "item %zu is '%s': expected a number", q + 1, start[q]);
        }
        o->start = v;
        o->nstart = nstart;
    }
    return nqpf__prodest_check(o);
}
