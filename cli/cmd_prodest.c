/* nqpf prodest: production-function estimation of firm TFP (Olley-Pakes, Levinsohn-Petrin,
 * Ackerberg-Caves-Frazer, Wooldridge). The options are the library's
 * (src/parametric/prodest_options.c); --coef-out is this command's. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/prodest.h"

static const cli_opt pd_cli_opts[] = {
    {"coef-out", 0, "PATH", 0, "write the coefficient table (term, estimate, std_error, method, n_obs) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *t, const nqpf_prodest_summary *s, const nqpf_prodest_options *o)
{
    if (cli_has(a, "quiet"))
        return;
    fprintf(stderr, "nqpf: prodest: %s, %zu observations of %zu firms, %zu with the previous year",
            nqpf_prodest_method_name(o->method), s->nobs, s->nfirms, s->nobs_lag);
    if (o->method != NQPF_PRODEST_WRDG)
        fprintf(stderr, "; second stage: %zu iterations, criterion %.6g; %zu bootstrap replications", s->iterations,
                s->objective, s->reps_ok);
    else
        fprintf(stderr, "; analytic standard errors");
    fputc('\n', stderr);
    size_t jt = nqpf_table_find(t, "term");
    const double *b = nqpf_table_cnum(t, nqpf_table_find(t, "estimate"));
    const double *se = nqpf_table_cnum(t, nqpf_table_find(t, "std_error"));
    for (size_t i = 0; b && se && i < nqpf_table_nrows(t); i++)
        fprintf(stderr, "nqpf: prodest:   %-16s %10.4f  (%.4f)\n", nqpf_table_text(t, jt, i), b[i], se[i]);
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_prodest(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *omega = NULL, *coef = NULL;
    nqpf_prodest_options o;
    nqpf_prodest_summary sum;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_prodest_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_prodest_run(&omega, &coef, &sum, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){omega, coef}, (const char *const[]){"omega", "coef"},
                       (const char *const[]){NULL, "coef-out"}, 2, pv);
    if (!rc)
        summarise(a, coef, &sum, &o);
done:
    nqpf_table_free(omega);
    nqpf_table_free(coef);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_prodest_def = {
    "prodest",
    run_prodest,
    "Firm TFP by production-function estimation (Olley-Pakes, Levinsohn-Petrin, ACF, Wooldridge)",
    "prodest DATA --id FIRM --time T --output Y --free L1,L2 --state K --proxy M --method op|lp|acf|wrdg "
    "[--reps N --seed S] [--logged] [-o omega.csv] [--coef-out FILE]",
    "Estimates y = b_f f + b_s s + omega + e with productivity omega_t = g(omega_{t-1}) + xi_t (g cubic),\n"
    "as R's prodest 0.1.1 (Rovigatti 2017). f: --free inputs (labour), s: --state inputs (capital),\n"
    "--proxy: investment (op) or an intermediate input such as materials (lp, acf, wrdg).\n"
    "  op, lp  first stage: OLS of y on f and a second-order polynomial in (s, proxy) gives b_f;\n"
    "          second stage: b_s minimises the squared xi + e over the rows with the previous year.\n"
    "  acf     first stage: y on a second-order polynomial in (f, s, proxy); second stage: GMM in\n"
    "          (b_f, b_s) on E[xi f_{t-1}] = E[xi s_t] = 0 (--start 0.5 starts every coefficient at 0.5).\n"
    "  wrdg    Wooldridge (2009): both equations in one linear GMM, analytic standard errors;\n"
    "          --wrdg-form prodest restricts the first equation as R prodest 0.1.1 (its published table).\n"
    "op, lp and acf: standard errors from --reps (default 100) bootstrap samples of whole firms,\n"
    "deterministic for --seed. Values are logged by nqpf (values <= 0 are refused) unless --logged.\n"
    "Rows whose firm lacks the previous year (first years, gaps) only enter the first stage.\n"
    "-o gets omega = y - b_f f - b_s s by firm and year (log TFP with the constant and the i.i.d.\n"
    "shock, as prodest's omega()); --coef-out gets term, estimate, std_error, method, n_obs.",
    pd_cli_opts,
    1,
    "Examples:\n"
    "  nqpf prodest tests/data/prodest/chilean.csv --id idvar --time timevar --output Y --free fX1,fX2 \\\n"
    "      --state sX --proxy pX --method lp --logged --reps 20 -o omega.csv --coef-out coef.csv\n"
    "  nqpf prodest tests/data/prodest/chilean.csv --id idvar --time timevar --output Y --free fX1,fX2 \\\n"
    "      --state sX --proxy inv --method op --logged\n"
    "  nqpf prodest tests/data/prodest/chilean.csv --id idvar --time timevar --output Y --free fX1,fX2 \\\n"
    "      --state sX --proxy pX --method acf --logged --start 0.5 --reps 20\n"
    "  nqpf prodest tests/data/prodest/chilean.csv --id idvar --time timevar --output Y --free fX1,fX2 \\\n"
    "      --state sX --proxy pX --method wrdg --logged --coef-out coef.csv\n"
    "See docs/prodest.md for the estimators, their moment conditions and the names in Stata and R."};
