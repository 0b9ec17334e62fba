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
    {"with", 0, "FILE", 0, "a second table with the same --id and --time columns whose columns join DATA's "
                           "(e.g. nqpf tfp output beside nqpf index output)"},
    {NULL, 0, NULL, 0, NULL}};

/* Adds the numeric columns of FILE (keyed like p) to p, matching rows by id text and time. A name
 * present in both is left as in DATA, unless it is one of the systems: then it is ambiguous. */
static int join_with(cli_args *a, nqpf_panel *p, char **sys, size_t ns, nqpf_provenance *pv)
{
    const char *path = cli_get(a, "with");
    nqpf_table *t = NULL;
    nqpf_panel *q = NULL;
    double *v = NULL;
    char hex[65];
    int rc;
    if ((rc = nqpf_file_sha256(path, hex)) || (rc = nqpf_read_table(&t, path, NULL)))
        return rc;
    if ((rc = nqpf_panel_new(&q, t, nqpf_panel_id_col(p), nqpf_panel_time_col(p))))
        return rc;
    nqpf_provenance_set(pv, "with", path);
    nqpf_provenance_set(pv, "with_sha256", hex);
    size_t n = nqpf_panel_nobs(p), nu = nqpf_panel_nunits(p), nq = nqpf_panel_nunits(q);
    size_t *umap = nqpf__malloc(nu ? nu : 1, sizeof *umap);
    if (!umap || !(v = nqpf__malloc(n ? n : 1, sizeof *v))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t u = 0; u < nu; u++) {
        umap[u] = NQPF_NONE;
        for (size_t w = 0; w < nq && umap[u] == NQPF_NONE; w++)
            if (strcmp(nqpf_panel_unit_name(p, u), nqpf_panel_unit_name(q, w)) == 0)
                umap[u] = w;
    }
    const nqpf_table *qt = nqpf_panel_table(q);
    nqpf_table *pt = nqpf_panel_table_mut(p);
    for (size_t j = 0; j < nqpf_table_ncols(qt); j++) {
        const char *name = nqpf_table_colname(qt, j);
        if (nqpf_table_is_text(qt, j) || strcmp(name, nqpf_panel_id_col(p)) == 0 ||
            strcmp(name, nqpf_panel_time_col(p)) == 0)
            continue;
        if (nqpf_table_find(pt, name) != NQPF_NONE) {
            for (size_t k = 0; k < ns; k++)
                if (strcmp(sys[k], name) == 0) {
                    rc = nqpf_error_set(NQPF_EUSAGE, "--with: column '%s' is in both %s and %s; rename one of them",
                                        name, cli_pos(a, 0), path);
                    goto done;
                }
            continue;
        }
        const double *src = nqpf_table_cnum(qt, j);
        for (size_t i = 0; i < n; i++) {
            size_t w = umap[nqpf_panel_unit(p, i)];
            size_t r = w == NQPF_NONE ? NQPF_NONE : nqpf_panel_find(q, w, nqpf_panel_time(p, i));
            v[i] = r == NQPF_NONE ? NAN : src[r];
        }
        if ((rc = nqpf_table_add_num(pt, name, v, NULL)))
            goto done;
    }
done:
    free(umap);
    free(v);
    nqpf_panel_free(q);
    return rc;
}

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
    if (cli_has(a, "with") && (rc = join_with(a, p, sys, ns, pv)))
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
    "English: class_zh, class_en (extreme disorder [0, 0.1) ... quality coordination [0.9, 1]).\n"
    "Systems may be dimensions of one index, or two indices joined with --with (rows are matched by\n"
    "id and time; a row missing from the --with file gets empty results).",
    coupling_opts,
    1,
    "Examples:\n"
    "  nqpf coupling index.csv --id province --time year --systems laborers,means_of_labor,objects_of_labor\n"
    "  nqpf coupling index.csv --with tfp.csv --id countrycode --time year --systems score,tfp --rescale\n"
    "See docs/index.md for the formulas and the grade table."};
