/* nqpf coupling: coupling coordination degree of two or more systems (e.g. index dimensions, or
 * NQPF and TFP). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/index.h"

/* Data options of the command line only (the method's options are in its descriptor table,
 * src/index/coupling_options.c); a study joins earlier steps' columns with "use" instead. */
static const cli_opt coupling_opts[] = {
    {"with", 0, "FILE", 0, "a second table with the same --id and --time columns whose columns join DATA's "
                           "(e.g. nqpf tfp output beside nqpf index output)"},
    {NULL, 0, NULL, 0, NULL}};

/* Left-joins the systems that FILE has (by id and time) into p. A system in both files would be
 * ambiguous; the join refuses a name p already has. */
static int join_with(cli_args *a, nqpf_panel *p, const nqpf_coupling_options *o, nqpf_provenance *pv)
{
    const char *path = cli_get(a, "with");
    nqpf_table *t = NULL;
    const char *cols[NQPF_COUPLING_MAX_SYSTEMS];
    size_t n = 0;
    char hex[65];
    int rc;
    if ((rc = nqpf_file_sha256(path, hex)) || (rc = nqpf_read_table(&t, path, NULL)))
        return rc;
    nqpf_provenance_set(pv, "with", path);
    nqpf_provenance_set(pv, "with_sha256", hex);
    for (size_t k = 0; k < o->nsystems; k++)
        if (nqpf_table_find(t, o->systems[k]) != NQPF_NONE)
            cols[n++] = o->systems[k];
    rc = nqpf_panel_join(p, t, NULL, nqpf_panel_time_col(p), cols, NULL, n);
    nqpf_table_free(t);
    if (rc == NQPF_EUSAGE)
        return nqpf_error_set(rc, "--with: %s", nqpf_error_message());
    return rc;
}

static int run_coupling(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    nqpf_coupling_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_coupling_options_parse(&o, cli_optset(a))))
        goto done;
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (cli_has(a, "with") && (rc = join_with(a, p, &o, pv)))
        goto done;
    cli_provenance_options(a, pv);
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
    "  nqpf coupling tests/data/study/panel.csv --id unit --time year --systems K,L,Y --rescale\n"
    "  nqpf coupling tests/data/study/panel.csv --id unit --time year --systems K,L --rescale --coef 0.6,0.4\n"
    "Dimensions of an index (nqpf index ... -o index.csv) couple with --systems DIM1,DIM2,DIM3.\n"
    "See docs/index.md for the formulas and the grade table."};
