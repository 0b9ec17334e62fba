/* nqpf convergence: sigma convergence per year and absolute/conditional beta convergence. The
 * options are the library's (src/region/convergence_options.c); --sigma-out is this command's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/region.h"

static const cli_opt convergence_opts[] = {
    {"sigma-out", 0, "PATH", 0, "write the sigma table (one row per year) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *beta)
{
    if (cli_has(a, "quiet"))
        return;
    size_t n = nqpf_table_nrows(beta), jt = nqpf_table_find(beta, "term");
    const double *b = nqpf_table_cnum(beta, nqpf_table_find(beta, "estimate"));
    const double *se = nqpf_table_cnum(beta, nqpf_table_find(beta, "std_error"));
    const double *pv = nqpf_table_cnum(beta, nqpf_table_find(beta, "p_value"));
    const double *lam = nqpf_table_cnum(beta, nqpf_table_find(beta, "lambda"));
    const double *hl = nqpf_table_cnum(beta, nqpf_table_find(beta, "half_life"));
    for (size_t i = 0; i < n; i++) {
        const char *term = nqpf_table_text(beta, jt, i);
        if (strcmp(term, "log_initial") != 0 && strcmp(term, "log_lag") != 0)
            continue;
        fprintf(stderr, "nqpf: convergence: %s beta %.5f (se %.5f, p %.4f), lambda %.4f, half-life %.1f years\n",
                nqpf_table_text(beta, 0, i), b[i], se[i], pv[i], lam[i], hl[i]);
    }
}

static int run_convergence(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *sigma = NULL, *beta = NULL;
    nqpf_convergence_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_convergence_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    nqpf_provenance_set(pv, "beta", o.panel ? "panel, unit and year fixed effects, cluster(unit) SE"
                                            : "cross-section, HC1 SE");
    if ((rc = nqpf_convergence(&sigma, &beta, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){beta, sigma}, (const char *const[]){"beta", "sigma"},
                       (const char *const[]){NULL, "sigma-out"}, 2, pv);
    if (!rc)
        summarise(a, beta);
done:
    nqpf_table_free(sigma);
    nqpf_table_free(beta);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_convergence_def = {
    "convergence",
    run_convergence,
    "Sigma and beta convergence (cross-section HC1 or two-way fixed-effects panel)",
    "convergence DATA --id ID --time T --var X [--controls A,B] [--panel] [options]",
    "Sigma convergence: per year, n, mean_log, sd_log (standard deviation of ln X, divisor n-1),\n"
    "cv_log (sd_log / |mean_log|) and cv (coefficient of variation of X itself, divisor n-1).\n"
    "Beta convergence, one row per model and term (model absolute, and conditional with\n"
    "--controls; columns estimate, std_error, t, p_value, df, n_obs, n_units, r2, lambda,\n"
    "half_life, se_type):\n"
    "  cross-section (default): (ln X_iT - ln X_i0)/T = a + b ln X_i0 [+ controls in year 0] over\n"
    "    the first and last year of the data (use --from/--to to choose them), OLS with HC1\n"
    "    robust standard errors, t with n-k df; units lacking either end year are left out.\n"
    "  --panel: ln X_it - ln X_i,t-1 = b ln X_i,t-1 [+ controls at t-1] + unit + year effects,\n"
    "    standard errors clustered by unit (as Stata's xtreg, fe vce(cluster id)), t with G-1 df.\n"
    "lambda = -ln(1 + b T)/T is the speed of convergence (T = 1 for the panel) and half_life =\n"
    "ln 2 / lambda the years needed to close half the gap; both are on the log-level row.\n"
    "With -o FILE.json or FILE.xlsx both tables (beta, sigma) go into FILE; a CSV -o holds the\n"
    "beta table and --sigma-out the sigma table.",
    convergence_opts,
    1,
    "Examples:\n"
    "  nqpf convergence data/pwt91.csv --id countrycode --time year --let 'y=rgdpna/pop' --var y \\\n"
    "      --from 1990 --to 2017 -o beta.csv --sigma-out sigma.csv\n"
    "  nqpf convergence data/pwt91.csv --id countrycode --time year --let 'y=rgdpna/pop' --var y \\\n"
    "      --controls hc --panel --from 2000 -o beta.json\n"
    "See docs/regions.md for the formulas."};
