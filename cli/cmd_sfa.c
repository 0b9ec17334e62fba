/* nqpf sfa: stochastic frontier (Battese-Coelli 1992 and 1995). The options are the library's
 * (src/parametric/sfa_options.c); --coef-out and --decomp-out are this command's. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/sfa.h"

static const cli_opt sfa_cli_opts[] = {
    {"coef-out", 0, "PATH", 0, "write the coefficient table (term, estimate, std_error, t_ratio, p_value) to PATH"},
    {"decomp-out", 0, "PATH", 0, "write the TFP-growth decomposition (tc, tec, se, tfp, rts, dt by id and time) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "nqpf: %s\n", line);
}

static void summarise(cli_args *a, const nqpf_table *c, const nqpf_sfa_summary *s, const nqpf_sfa_options *o)
{
    if (cli_has(a, "quiet"))
        return;
    fprintf(stderr, "nqpf: sfa: %s %s, %zu observations of %zu units, %zu iterations, log-likelihood %.6f (OLS %.6f)\n",
            o->model == NQPF_SFA_BC95 ? "bc95" : "bc92", o->form == NQPF_SFA_TRANSLOG ? "translog" : "cobb-douglas",
            s->nobs, s->nunits, s->iterations, s->loglik, s->loglik_ols);
    size_t jt = nqpf_table_find(c, "term");
    const double *b = nqpf_table_cnum(c, nqpf_table_find(c, "estimate"));
    const double *se = nqpf_table_cnum(c, nqpf_table_find(c, "std_error"));
    for (size_t i = 0; b && se && i < nqpf_table_nrows(c); i++) {
        const char *t = nqpf_table_text(c, jt, i);
        if (strcmp(t, "loglik") == 0)
            break;
        fprintf(stderr, "nqpf: sfa:   %-20s %12.6g  (%.6g)\n", t, b[i], se[i]);
    }
    fprintf(stderr,
            "nqpf: sfa: one-sided LR test of no inefficiency %.4f, %u restrictions, mixed chi-square 5%% critical "
            "value %.3f (Kodde-Palm 1986): %s; mean efficiency %.4f\n",
            s->lr, s->lr_df, s->lr_crit5, s->lr > s->lr_crit5 ? "inefficiency is significant" : "not significant",
            s->mean_te);
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_sfa(cli_args *a)
{
    int rc, verbose = 0;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *te = NULL, *coef = NULL, *dec = NULL;
    nqpf_sfa_options o;
    nqpf_sfa_summary sum;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_sfa_options_parse(&o, cli_optset(a))) || (rc = nqpf_opt_flag(cli_optset(a), "verbose", &verbose)) ||
        (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (verbose)
        o.log = log_line;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_sfa_run(&te, &coef, &dec, &sum, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){te, coef, dec}, (const char *const[]){"te", "coef", "decomposition"},
                       (const char *const[]){NULL, "coef-out", "decomp-out"}, 3, pv);
    if (!rc)
        summarise(a, coef, &sum, &o);
done:
    nqpf_table_free(te);
    nqpf_table_free(coef);
    nqpf_table_free(dec);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_sfa_def = {
    "sfa",
    run_sfa,
    "Stochastic frontier (Battese-Coelli 1992/1995): efficiency and TFP-growth decomposition",
    "sfa DATA --id ID --time T --output Y --inputs K,L [--form cobb-douglas|translog] [--model bc92|bc95] "
    "[--inefficiency Z1,Z2] [--trend] [--mu] [--eta] [--logged] [-o te.csv] [--coef-out FILE] [--decomp-out FILE]",
    "Maximum-likelihood production frontier ln y_it = x_it b + v_it - u_it, v ~ N(0, sigma_v^2),\n"
    "in FRONTIER 4.1's parameters sigma2 = sigma_v^2 + sigma_u^2 and gamma = sigma_u^2 / sigma2:\n"
    "  bc92  Battese-Coelli (1992): u_it = exp(-eta (t - T)) u_i, u_i ~ N+(mu, sigma_u^2); --mu frees mu\n"
    "        (truncated normal; else half-normal), --eta frees eta (else time-invariant u).\n"
    "  bc95  Battese-Coelli (1995): u_it ~ N+(z_it delta, sigma_u^2) with --inefficiency Z1,Z2 (terms\n"
    "        z:NAME, used as given); --mu adds the constant z:const (FRONTIER's DELTA0).\n"
    "Output and inputs are logged unless --logged; values <= 0 are refused. --form translog adds\n"
    "A^2 and A*B terms (no 1/2 factor, as FRONTIER); --trend adds t = time - first time + 1 (and,\n"
    "for translog, trend^2 and A*trend). Starting values as FRONTIER: OLS, then a grid over gamma\n"
    "0.1..0.9; then BFGS with a numerical gradient and Newton steps. Standard errors from the\n"
    "numerical Hessian (FRONTIER prints its DFP approximation: they agree to 2-3 digits).\n"
    "-o gets te (Battese-Coelli 1988 E[exp(-u)|e]) and u (E[u|e]) by id and time; --coef-out the\n"
    "terms, sigma2, gamma, mu, eta and the rows loglik, loglik_ols, lr_test, lr_df, lr_crit5\n"
    "(Kodde-Palm 5% value of the mixed chi-square), lr_p_value, mean_te, nobs, iterations;\n"
    "--decomp-out the TFP growth per unit of time tfp = tc + tec + se (Kumbhakar-Lovell): technical\n"
    "change, efficiency change, scale effect (without --trend tc is 0). A likelihood whose maximum is\n"
    "not found within --max-iter iterations is an error (exit 3); --verbose prints the iteration log.",
    sfa_cli_opts,
    1,
    "Examples:\n"
    "  nqpf sfa tests/data/sfa/panel.csv --id firm --time year --output output --inputs capital,labour -o te.csv\n"
    "  nqpf sfa tests/data/sfa/panel.csv --id firm --time year --output output --inputs capital,labour --trend --eta \\\n"
    "      -o te.csv --coef-out coef.csv --decomp-out tfp.csv\n"
    "  nqpf sfa tests/data/sfa/panel.csv --id firm --time year --output output --inputs capital,labour --model bc95 \\\n"
    "      --inefficiency z --mu --form translog -o te.csv --coef-out coef.csv\n"
    "See docs/sfa.md for the likelihoods, the predictors, the decomposition and the names in FRONTIER,\n"
    "Stata sfpanel and R frontier."};
