/* nqpf dea: data envelopment analysis (radial, SBM, DDF) on a panel, one frontier per period by
 * default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "nqpf/dea.h"


static void summarise(cli_args *a, const nqpf_dea_options *o, const nqpf_dea_summary *s)
{
    if (cli_has(a, "quiet"))
        return;
    fprintf(stderr, "nqpf: dea: %s %s%s%s, %s frontier: %zu observations, %zu reference set%s, %zu LPs; "
                    "%zu efficient (te >= 1)",
            nqpf_dea_model_name(o->model), nqpf_dea_rts_name(o->rts), o->model == NQPF_DEA_DDF ? "" : " ",
            o->model == NQPF_DEA_DDF ? "" : nqpf_dea_orientation_name(o->orientation),
            nqpf_dea_frontier_name(o->frontier), s->nobs, s->ngroups, s->ngroups == 1 ? "" : "s", s->nlp,
            s->nefficient);
    if (s->ninfeasible || s->nunbounded || s->nfailed)
        fprintf(stderr, "; not optimal: %zu infeasible, %zu unbounded, %zu failed (te missing there)", s->ninfeasible,
                s->nunbounded, s->nfailed);
    fputc('\n', stderr);
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static void dea_progress(size_t done, size_t total, void *ud)
{
    /* The library may report the same count twice (end of a block, end of a period). */
    static size_t last = (size_t)-1;
    if (done == last)
        return;
    last = done;
    cli_progress(ud, "dea", done, total);
}

static int run_dea(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    nqpf_dea_options o;
    nqpf_dea_summary sum;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_dea_options_parse(&o, cli_optset(a))))
        goto done;
    if (o.threads == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        o.threads = nc > 0 ? (nc > 256 ? 256 : (unsigned)nc) : 1;
    }
    o.progress = dea_progress;
    o.progress_userdata = a;
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_dea_run(&res, p, &o, &sum)))
        goto done;
    if ((rc = cli_write_result(a, res, pv)))
        goto done;
    summarise(a, &o, &sum);
done:
    nqpf_table_free(res);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_dea_def = {
    "dea",
    run_dea,
    "Data envelopment analysis: radial, SBM, DDF, non-radial DDF, SBM-DDF, EBM, FDH; metafrontier, "
    "bootstrap, scale and cost efficiency",
    "dea DATA --id ID --time T --inputs X1,X2 --outputs Y1[,Y2] [--undesirable B1] [options]",
    "Evaluates every observation against a frontier built from the data (by default the DMUs of\n"
    "its own period) by linear programming. Output columns after the id and time:\n"
    "  te            efficiency in (0, 1], 1 = on the frontier; radial output orientation reports\n"
    "                1/phi (as DEAP); with --super efficient DMUs get te >= 1\n"
    "  theta | phi   radial: input contraction theta <= 1, or output expansion phi >= 1\n"
    "  rho           sbm: the slacks-based measure (super-SBM value with --super)\n"
    "  beta          ddf: the directional inefficiency beta >= 0; te = 1/(1+beta), or 1-beta when\n"
    "                only inputs move\n"
    "  dv, beta_<var>  nddf, sbmddf: the objective (teddf's Dv) and each variable's inefficiency\n"
    "                (teddf's B_<var>)\n"
    "  gamma | tau | kappa, eps_x, eps_y, eps_b, w_<var>   ebm: the score (input, output,\n"
    "                non-oriented), epsilon per block and the weights (Tone and Tsutsui 2010)\n"
    "  lambda_sum    sum of the intensity weights (returns-to-scale diagnostics)\n"
    "  status        optimal, infeasible, unbounded or failed (the LP's answer; when not optimal\n"
    "                the scores are empty, e.g. VRS super-efficiency of an extreme DMU)\n"
    "  slack_<var>   with --slacks: input excess / output shortfall / bad-output excess\n"
    "  peers, peer_lambdas   with --peers: ids (ID@TIME across periods) and their lambdas\n"
    "  group, te_group, te_meta, tgr   with --group/--group-via: the metafrontier (O'Donnell, Rao\n"
    "                and Battese 2008) and the technology gap ratio (ddf-type: beta/dv and tgi)\n"
    "  te_bc, bias, var, ci_lo, ci_hi  with --reps: Simar-Wilson (1998) bootstrap\n"
    "  crste, vrste, scale, rts_type   with --scale: DEAP's scale table (irs/drs/crs)\n"
    "  ce, ae, cost_min | re, ae, revenue_max | pe, pe_tech, pe_alloc   with --input-prices\n"
    "                and/or --output-prices: cost, revenue or profit efficiency\n"
    "Inputs and outputs must be present (a missing value is an error naming the row); radial needs\n"
    "values >= 0, SBM positive values where it divides by them. Warnings: fewer DMUs than\n"
    "variables in a period, duplicated DMUs, a period with one DMU.",
    NULL,
    1,
    "Examples:\n"
    "  nqpf dea data/pwt91.csv --id countrycode --time year --inputs rkna,emp --outputs rgdpna \\\n"
    "      --from 2015 --where 'rkna > 0 && emp > 0 && rgdpna > 0' --rts vrs\n"
    "  nqpf dea data/pwt91.csv --id countrycode --time year --inputs rkna,emp --outputs rgdpna \\\n"
    "      --from 2015 --where 'rkna > 0 && emp > 0 && rgdpna > 0' --super --slacks\n"
    "  nqpf dea tests/data/study/panel.csv --id unit --time year --inputs K,L --outputs Y \\\n"
    "      --undesirable share --model ddf --direction 0,y,b --frontier sequential\n"
    "  nqpf dea data/pwt91.csv --id countrycode --time year --inputs rkna,emp --outputs rgdpna \\\n"
    "      --from 2015 --where 'rkna > 0 && emp > 0 && rgdpna > 0' --model sbm --rts vrs\n"
    "  nqpf dea tests/data/gtfpch/example.csv --id Province --time year --inputs K,L --outputs Y \\\n"
    "      --undesirable CO2 --model nddf\n"
    "See docs/dea.md for every model's LP and the column names in DEAP, R Benchmarking and MaxDEA."};
