/* nqpf spreg: spatial regression (OLS with LM tests, SAR, SEM, SDM, SLX, SAC; panel fixed and
 * random effects) with LeSage-Pace direct, indirect and total effects. The options are the
 * library's (src/spreg/spreg_options.c); --effects-out and --tests-out are this command's. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/spreg.h"

static const cli_opt spreg_cli_opts[] = {
    {"effects-out", 0, "PATH", 0, "write the direct, indirect and total effects to PATH"},
    {"tests-out", 0, "PATH", 0, "write the fit statistics and tests (log-likelihood, AIC, LM tests, ...) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static double tval(const nqpf_table *t, const char *stat)
{
    size_t c = nqpf_table_find(t, "statistic"), v = nqpf_table_find(t, "value");
    for (size_t i = 0; t && i < nqpf_table_nrows(t); i++)
        if (strcmp(nqpf_table_text(t, c, i), stat) == 0)
            return nqpf_table_cnum(t, v)[i];
    return NAN;
}

static void summarise(cli_args *a, const nqpf_table *coef, const nqpf_table *tests, const nqpf_spreg_options *o)
{
    if (cli_has(a, "quiet"))
        return;
    fprintf(stderr, "nqpf: spreg: %s, %g observations, log-likelihood %.6f, AIC %.4f\n", nqpf_spreg_model_name(o->model),
            tval(tests, "nobs"), tval(tests, "loglik"), tval(tests, "aic"));
    size_t je = nqpf_table_find(coef, "equation"), jt = nqpf_table_find(coef, "term");
    const double *b = nqpf_table_cnum(coef, nqpf_table_find(coef, "estimate"));
    const double *se = nqpf_table_cnum(coef, nqpf_table_find(coef, "std_error"));
    for (size_t i = 0; b && se && i < nqpf_table_nrows(coef); i++)
        fprintf(stderr, "nqpf: spreg:   %-8s %-16s %12.6g  (%.6g)\n", nqpf_table_text(coef, je, i),
                nqpf_table_text(coef, jt, i), b[i], se[i]);
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_spreg(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *coef = NULL, *eff = NULL, *tests = NULL;
    nqpf_spreg_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_spreg_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (cli_has(a, "effects-out") && o.model == NQPF_SPREG_OLS) {
        rc = nqpf_error_set(NQPF_EUSAGE, "spreg: --effects-out: model ols has no spatial effects (use sar, sdm, ...)");
        goto done;
    }
    cli_provenance_options(a, pv);
    if ((rc = nqpf_spreg_run(&coef, &eff, &tests, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){coef, eff, tests}, (const char *const[]){"coef", "effects", "tests"},
                       (const char *const[]){NULL, "effects-out", "tests-out"}, 3, pv);
    if (!rc)
        summarise(a, coef, tests, &o);
done:
    nqpf_table_free(coef);
    nqpf_table_free(eff);
    nqpf_table_free(tests);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_spreg_def = {
    "spreg",
    run_spreg,
    "Spatial regression: OLS with LM tests, SAR, SEM, SDM, SLX, SAC, panel effects, LeSage-Pace effects",
    "spreg DATA --id ID --time T --y Y --x X1,X2 --model ols|sar|sem|sdm|slx|sac --weights W.csv [--fe E] "
    "[options]",
    "Fits a spatial regression of --y on --x with the weights W (a neighbour list, coordinates or GeoJSON,\n"
    "as nqpf spatial; row-standardised by default):\n"
    "  ols  y = X b + e, with Moran's I of the residuals and the LM tests (LM-lag, LM-error, robust\n"
    "       forms, SARMA; Anselin 1988, Anselin et al. 1996);\n"
    "  sar  y = rho W y + X b + e;        sem  y = X b + u, u = lambda W u + e;\n"
    "  sdm  y = rho W y + X b + W X t + e (--wx: which x are lagged, default all);\n"
    "  slx  y = X b + W X t + e (OLS);    sac  y = rho W y + X b + u, u = lambda W u + e.\n"
    "ML by the concentrated likelihood; standard errors from the analytic information matrix; the\n"
    "log-determinant is exact (eigenvalues) up to 1500 units, then Chebyshev (--logdet).\n"
    "Data with one period (or --year T) are a cross-section (a constant _cons is added). Panel data\n"
    "over several periods fit sar, sem or sdm with --fe individual|time|twoway (Lee-Yu correction,\n"
    "--leeyu on|off), random, or none (pooled); --hausman with --fe random compares with fixed effects.\n"
    "Output (-o): one row per parameter: model, equation (Main, Wx, Spatial, Variance as Stata xsmle),\n"
    "term, estimate, std_error, z, p_value, ci_lo, ci_hi. --effects-out: the LeSage-Pace average\n"
    "direct, indirect (spillover) and total effect of each x with std_error by simulation (--draws,\n"
    "--seed; the same seed gives the same numbers) or --effects-se delta. --tests-out: n, T, nobs,\n"
    "loglik, aic, bic, r2, sigma2, moran_i/moran_z, lm_lag, lm_error, rlm_lag, rlm_error, sarma,\n"
    "lr_spatial, hausman (statistic, value, df, p_value).",
    spreg_cli_opts,
    1,
    "Examples:\n"
    "  nqpf spreg tests/data/spreg/columbus/data.csv --id id --time year --y CRIME --x INC,HOVAL \\\n"
    "      --model ols --weights tests/data/spreg/columbus/edges.csv --tests-out lm.csv\n"
    "  nqpf spreg tests/data/spreg/columbus/data.csv --id id --time year --y CRIME --x INC,HOVAL \\\n"
    "      --model sdm --weights tests/data/spreg/columbus/edges.csv -o coef.csv --effects-out effects.csv\n"
    "  nqpf spreg tests/data/spreg/columbus/data.csv --id id --time year --y CRIME --x INC,HOVAL \\\n"
    "      --model sar --coords X,Y --distance euclidean --knn 4 --effects-se delta -o coef.csv\n"
    "See docs/spreg.md for the models, the likelihoods, the tests and the names in xsmle, spatialreg and\n"
    "PySAL; docs/spreg_panel.md for the panel models."};
