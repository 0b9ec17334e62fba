/* nqpf secondstage: regression of DEA efficiency on environmental variables (Tobit censored at 1,
 * Simar-Wilson 2007 algorithms 1 and 2). The options are the library's
 * (src/stats/secondstage_options.c); --scores-out is this command's. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/secondstage.h"

static const cli_opt ss_cli_opts[] = {
    {"scores-out", 0, "PATH", 0, "sw2: write the DEA scores (delta, delta_bc, bias by id and time) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_table *t, const nqpf_secondstage_summary *s,
                      const nqpf_secondstage_options *o)
{
    if (cli_has(a, "quiet"))
        return;
    fprintf(stderr, "nqpf: secondstage: %s, %zu observations (%zu %s), log-likelihood %.6f", 
            nqpf_secondstage_method_name(o->method), s->nobs, s->nlimit,
            o->method == NQPF_SECONDSTAGE_TOBIT ? "censored" : "at delta = 1 left out", s->loglik);
    if (o->method != NQPF_SECONDSTAGE_TOBIT)
        fprintf(stderr, ", %zu bootstrap replications", s->reps_ok);
    fputc('\n', stderr);
    size_t jt = nqpf_table_find(t, "term");
    const double *b = nqpf_table_cnum(t, nqpf_table_find(t, "estimate"));
    const double *lo = nqpf_table_cnum(t, nqpf_table_find(t, "ci_lo"));
    const double *hi = nqpf_table_cnum(t, nqpf_table_find(t, "ci_hi"));
    for (size_t i = 0; b && lo && hi && i < nqpf_table_nrows(t); i++)
        fprintf(stderr, "nqpf: secondstage:   %-16s %12.6g  [%.6g, %.6g]\n", nqpf_table_text(t, jt, i), b[i], lo[i],
                hi[i]);
    if (o->method == NQPF_SECONDSTAGE_TOBIT)
        fprintf(stderr, "nqpf: secondstage: Tobit on DEA scores has no statistical model behind it (Simar and Wilson "
                        "2007): see docs/secondstage.md\n");
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_secondstage(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *coef = NULL, *scores = NULL;
    nqpf_secondstage_options o;
    nqpf_secondstage_summary sum;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_secondstage_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (cli_has(a, "scores-out") && o.method != NQPF_SECONDSTAGE_SW2) {
        rc = nqpf_error_set(NQPF_EUSAGE, "secondstage: --scores-out: applies to method sw2 only");
        goto done;
    }
    cli_provenance_options(a, pv);
    if ((rc = nqpf_secondstage_run(&coef, o.method == NQPF_SECONDSTAGE_SW2 ? &scores : NULL, &sum, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){coef, scores}, (const char *const[]){"coef", "scores"},
                       (const char *const[]){NULL, "scores-out"}, 2, pv);
    if (!rc)
        summarise(a, coef, &sum, &o);
done:
    nqpf_table_free(coef);
    nqpf_table_free(scores);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_secondstage_def = {
    "secondstage",
    run_secondstage,
    "Second-stage regression of efficiency on environmental variables (Tobit, Simar-Wilson)",
    "secondstage DATA --id ID --time T --env Z1,Z2 --method tobit|sw1|sw2 [--efficiency COL | --inputs X "
    "--outputs Y] [options]",
    "Regresses DEA efficiency on environmental variables z (a constant _cons is added):\n"
    "  tobit  te = z b + e, censored at 1 (te >= 1 - 1e-9 counts as 1; Stata tobit te z, ul(1));\n"
    "         --censor both also censors at 0. Standard errors from the analytic Hessian.\n"
    "  sw1    Simar and Wilson (2007) algorithm 1: delta = 1/te >= 1 (--score delta: the column\n"
    "         holds delta) follows delta = z b + e, e normal truncated at 1 - z b; ML on the units\n"
    "         with delta > 1, parametric bootstrap (--reps, default 2000, --seed) for the intervals.\n"
    "  sw2    algorithm 2: radial DEA of --inputs/--outputs (--orientation in: delta = 1/theta;\n"
    "         out: delta = phi; --rts vrs default; one frontier per period or --frontier pooled),\n"
    "         bias correction by --bias-reps DEA replications on pseudo data, then as sw1 on the\n"
    "         bias-corrected scores. --scores-out writes delta, delta_bc and bias by id and time.\n"
    "Sign: sw1/sw2 regress delta >= 1 (larger = less efficient), Tobit regresses te <= 1 (larger =\n"
    "more efficient): coefficients have opposite signs for the same effect.\n"
    "One row per term (the env variables, _cons, sigma): model, term, estimate, std_error (tobit:\n"
    "inverse Hessian; sw: bootstrap), z, p_value (normal), ci_lo, ci_hi (tobit: Wald; sw: the\n"
    "bootstrap interval of Simar and Wilson), loglik, aic, bic, n_obs, n_limit (tobit: censored;\n"
    "sw: units at delta = 1 left out), reps (bootstrap fits used). The same seed gives the same\n"
    "output whatever --threads.",
    ss_cli_opts,
    1,
    "Examples:\n"
    "  nqpf secondstage tests/data/secondstage/pwt2017_te.csv --id countrycode --time year --efficiency te \\\n"
    "      --env hc,csh_x --method tobit\n"
    "  nqpf secondstage tests/data/secondstage/pwt2017_te.csv --id countrycode --time year --efficiency te \\\n"
    "      --env hc,csh_x --method sw1 --reps 2000 --seed 7 -o coef.csv\n"
    "  nqpf secondstage tests/data/secondstage/pwt2017_te.csv --id countrycode --time year --inputs rnna,emp \\\n"
    "      --outputs rgdpna --env hc,csh_x --method sw2 --reps 500 --bias-reps 50 -o coef.csv --scores-out scores.csv\n"
    "See docs/secondstage.md for the models, the literature's warnings and the columns of Stata and R."};
