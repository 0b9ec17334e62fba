/* nqpf coupling: coupling coordination degree of two or more systems (e.g. index dimensions, or
 * NQPF and TFP). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/index.h"
#include "../src/util/util.h"

static const cli_opt coupling_opts[] = {
    {"systems", 0, "A,B[,C]", 0, "columns holding each system's index in [0, 1] (e.g. dimensions written by "
                                 "nqpf index)"},
    {"coef", 0, "a,b[,c]", 0, "coefficients of the comprehensive index T, summing to 1 (default: equal)"},
    {"rescale", 0, NULL, 0, "min-max each system over all observations first (for indices not in [0, 1])"},
    {NULL, 0, NULL, 0, NULL}};

static int run_coupling(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    char **sys = NULL, **coefs = NULL;
    size_t ns = 0, nc = 0;
    double *coef = NULL;
    nqpf_coupling_options o = NQPF_COUPLING_OPTIONS_INIT;
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "systems")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "coupling: --systems A,B[,C] is required");
        goto done;
    }
    if ((rc = cli_get_list(a, "systems", &sys, &ns)) || (rc = cli_get_list(a, "coef", &coefs, &nc)))
        goto done;
    if (ns < 2) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--systems: expected at least 2 columns, found %zu", ns);
        goto done;
    }
    if (coefs) {
        if (nc != ns) {
            rc = nqpf_error_set(NQPF_EUSAGE, "--coef: expected %zu coefficients (one per system), found %zu", ns, nc);
            goto done;
        }
        if (!(coef = nqpf__malloc(nc, sizeof *coef))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t k = 0; k < nc; k++)
            if (!nqpf_parse_double(coefs[k], &coef[k])) {
                rc = nqpf_error_set(NQPF_EUSAGE, "--coef: expected a number, found '%s'", coefs[k]);
                goto done;
            }
    }
    o.systems = (const char *const *)sys;
    o.nsystems = ns;
    o.coef = coef;
    o.rescale = cli_has(a, "rescale");
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    nqpf__buf b = NQPF__BUF_INIT;
    for (size_t k = 0; k < ns; k++)
        nqpf__buf_printf(&b, "%s%s=%.6g", k ? "," : "", sys[k], coef ? coef[k] : 1.0 / (double)ns);
    nqpf_provenance_set(pv, "systems_and_coefficients", b.len ? nqpf__buf_cstr(&b) : "");
    nqpf__buf_free(&b);
    nqpf_provenance_set(pv, "rescale", o.rescale ? "minmax over all observations" : "none");
    nqpf_provenance_set(pv, "coupling_formula", "C = n (prod U)^(1/n) / sum U; T = sum a U; D = sqrt(C T)");
    if ((rc = nqpf_coupling(&res, p, &o)) || (rc = cli_write_result(a, res, pv)))
        goto done;
    if (!cli_has(a, "quiet")) {
        const double *D = nqpf_table_cnum(res, nqpf_table_find(res, "D"));
        size_t n = nqpf_table_nrows(res), k = 0;
        double s = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(D[i]))
                s += D[i], k++;
        const char *en = NULL;
        nqpf_coupling_class(k ? s / (double)k : NAN, NULL, &en);
        fprintf(stderr, "nqpf: coupling: %zu observations, mean coordination degree D = %.4f (%s)\n", n,
                k ? s / (double)k : NAN, en ? en : "n/a");
    }
done:
    nqpf_table_free(res);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    free(sys);
    free(coefs);
    free(coef);
    return rc;
}

const cli_command cmd_coupling_def = {
    "coupling",
    run_coupling,
    "Coupling coordination degree of 2+ systems (C, T, D, ten-grade class)",
    "coupling DATA --id ID --time T --systems A,B[,C] [--coef a,b[,c]] [options]",
    "Coupling coordination model for systems whose indices U_i lie in [0, 1]:\n"
    "  C = n (U_1 ... U_n)^(1/n) / (U_1 + ... + U_n)   coupling degree (geometric / arithmetic mean)\n"
    "  T = a_1 U_1 + ... + a_n U_n                       comprehensive index (--coef, default equal)\n"
    "  D = sqrt(C T)                                      coordination degree\n"
    "Output columns after id and time: C, T, D, grade (1-10) and its conventional class in Chinese and\n"
    "English: class_zh, class_en (extreme disorder [0, 0.1) ... quality coordination [0.9, 1]).",
    coupling_opts,
    1,
    "Examples:\n"
    "  nqpf coupling index.csv --id province --time year --systems laborers,means_of_labor,objects_of_labor\n"
    "  nqpf coupling both.csv --id province --time year --systems nqpf,tfp --rescale --coef 0.5,0.5\n"
    "See docs/index.md for the formulas and the grade table."};
