/* nqpf dea: data envelopment analysis (radial, SBM, DDF) on a panel, one frontier per period by
 * default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "nqpf/dea.h"
#include "../src/util/util.h"

static const cli_opt dea_opts[] = {
    {"inputs", 0, "X1,X2", 0, "input columns, comma-separated (required)"},
    {"outputs", 0, "Y1,Y2", 0, "output columns, comma-separated (required)"},
    {"undesirable", 0, "B1,B2", 0, "undesirable (bad) output columns: --model ddf or sbm"},
    {"model", 0, "M", 0, "radial (default; CCR/BCC), sbm (slacks-based, Tone 2001) or ddf (directional distance)"},
    {"rts", 0, "R", 0, "returns to scale: crs (default), vrs, nirs or ndrs"},
    {"orientation", 0, "O", 0, "in or out (radial; default in); in, out or none (sbm; default none)"},
    {"super", 0, NULL, 0, "super-efficiency: Andersen-Petersen (radial, ddf), super-SBM after Tone 2002 (sbm)"},
    {"slacks", 0, NULL, 0, "add slack_<var> columns (radial, ddf: second-stage max-slack sum; sbm: its own slacks)"},
    {"peers", 0, NULL, 0, "add 'peers' (ids with lambda > 1e-9) and 'peer_lambdas' columns"},
    {"direction", 0, "G", 0, "ddf direction for inputs,outputs[,bad]: items 0, x|y|b (observed), 1 (ones), "
                             "mean; or all-in-one 'observed', 'ones', 'mean' (default x,y; 0,y,b with bad outputs)"},
    {"bad-ineq", 0, NULL, 0, "ddf: bad outputs as sum lambda b <= b0 - beta gb (DataEnvelopmentAnalysis.jl deaenv) "
                             "instead of weak disposability (equality)"},
    {"weak-disposal", 0, "x|y", 0, "radial: weak disposability of inputs (x) and/or outputs (y): equality rows"},
    {"frontier", 0, "F", 0, "reference set: period (default), pooled, global (= pooled), sequential (periods <= t), "
                            "window:K (K periods centred on t, K odd)"},
    {"threads", 0, "N", 0, "worker threads (default 1; 0 = one per CPU)"},
    {NULL, 0, NULL, 0, NULL}};

static int parse_dir_item(const char *item, char own, nqpf_dea_dir *d)
{
    if (strcmp(item, "0") == 0 || strcmp(item, "zero") == 0)
        *d = NQPF_DEA_DIR_ZERO;
    else if (strcmp(item, "1") == 0 || strcmp(item, "ones") == 0)
        *d = NQPF_DEA_DIR_ONES;
    else if (strcmp(item, "mean") == 0)
        *d = NQPF_DEA_DIR_MEAN;
    else if ((item[0] == own && item[1] == '\0') || strcmp(item, "observed") == 0)
        *d = NQPF_DEA_DIR_OBSERVED;
    else
        return nqpf_error_set(NQPF_EUSAGE,
                              "--direction: item '%s' in position '%c': expected 0, %c (observed), 1 (ones) or mean",
                              item, own, own);
    return NQPF_OK;
}

static int parse_direction(const char *spec, nqpf_dea_options *o)
{
    if (!spec) {
        o->gx = o->nbads ? NQPF_DEA_DIR_ZERO : NQPF_DEA_DIR_OBSERVED;
        o->gy = NQPF_DEA_DIR_OBSERVED;
        o->gb = NQPF_DEA_DIR_OBSERVED;
        return NQPF_OK;
    }
    if (strcmp(spec, "ones") == 0 || strcmp(spec, "mean") == 0 || strcmp(spec, "observed") == 0) {
        nqpf_dea_dir d = spec[0] == 'o' && spec[1] == 'n' ? NQPF_DEA_DIR_ONES
                         : spec[0] == 'm'                 ? NQPF_DEA_DIR_MEAN
                                                          : NQPF_DEA_DIR_OBSERVED;
        o->gx = o->gy = o->gb = d;
        return NQPF_OK;
    }
    size_t n;
    char **items = nqpf__split_list(spec, ',', &n);
    if (!items)
        return nqpf_error_set(NQPF_EUSAGE, "--direction '%s': %s", spec, nqpf_error_message());
    int rc = NQPF_OK;
    if (n < 2 || n > 3)
        rc = nqpf_error_set(NQPF_EUSAGE, "--direction '%s': expected 2 or 3 items (inputs,outputs[,bad outputs])",
                            spec);
    nqpf_dea_dir d[3] = {NQPF_DEA_DIR_ZERO, NQPF_DEA_DIR_ZERO, NQPF_DEA_DIR_ZERO};
    for (size_t k = 0; k < n && k < 3 && rc == NQPF_OK; k++)
        rc = parse_dir_item(items[k], "xyb"[k], &d[k]);
    free(items);
    if (rc)
        return rc;
    if (n == 3 && !o->nbads && d[2] != NQPF_DEA_DIR_ZERO)
        return nqpf_error_set(NQPF_EUSAGE, "--direction '%s': a bad-output direction needs --undesirable", spec);
    o->gx = d[0];
    o->gy = d[1];
    o->gb = d[2];
    return NQPF_OK;
}

static int parse_frontier(const char *spec, nqpf_dea_options *o)
{
    if (!spec)
        return NQPF_OK;
    int rc = nqpf_dea_parse_frontier(spec, o);
    return rc ? nqpf_error_set(rc, "--frontier: %s", nqpf_error_message()) : NQPF_OK;
}

static int parse_weak(const char *spec, nqpf_dea_options *o)
{
    if (!spec)
        return NQPF_OK;
    size_t n;
    char **items = nqpf__split_list(spec, ',', &n);
    if (!items)
        return nqpf_error_set(NQPF_EUSAGE, "--weak-disposal '%s': %s", spec, nqpf_error_message());
    int rc = NQPF_OK;
    for (size_t k = 0; k < n && rc == NQPF_OK; k++) {
        if (strcmp(items[k], "x") == 0)
            o->dispose_x = NQPF_DEA_WEAK;
        else if (strcmp(items[k], "y") == 0)
            o->dispose_y = NQPF_DEA_WEAK;
        else
            rc = nqpf_error_set(NQPF_EUSAGE, "--weak-disposal: expected x, y or x,y, found '%s'", items[k]);
    }
    free(items);
    return rc;
}

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
    char **inputs = NULL, **outputs = NULL, **bads = NULL;
    size_t ni = 0, no = 0, nb = 0;
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    nqpf_dea_summary sum;
    static const char *const models[] = {"radial", "sbm", "ddf", NULL};
    static const char *const rtss[] = {"crs", "vrs", "nirs", "ndrs", NULL};
    static const char *const orients[] = {"in", "out", "none", NULL};
    int model, rts, orient;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = cli_get_choice(a, "model", models, 0, &model)) || (rc = cli_get_choice(a, "rts", rtss, 0, &rts)) ||
        (rc = cli_get_choice(a, "orientation", orients, model == NQPF_DEA_SBM ? 2 : 0, &orient)))
        goto done;
    if (!cli_has(a, "inputs") || !cli_has(a, "outputs")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dea: --inputs X1,... and --outputs Y1,... are required");
        goto done;
    }
    if ((rc = cli_get_list(a, "inputs", &inputs, &ni)) || (rc = cli_get_list(a, "outputs", &outputs, &no)) ||
        (rc = cli_get_list(a, "undesirable", &bads, &nb)))
        goto done;
    o.inputs = (const char *const *)inputs;
    o.ninputs = ni;
    o.outputs = (const char *const *)outputs;
    o.noutputs = no;
    o.bads = (const char *const *)bads;
    o.nbads = nb;
    o.model = (nqpf_dea_model)model;
    o.rts = (nqpf_dea_rts)rts;
    o.orientation = (nqpf_dea_orientation)orient;
    o.super = cli_has(a, "super");
    o.slacks = cli_has(a, "slacks");
    o.peers = cli_has(a, "peers");
    if (o.model == NQPF_DEA_RADIAL && o.orientation == NQPF_DEA_NONE) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dea: --orientation none is for --model sbm; radial takes in or out");
        goto done;
    }
    if (o.model == NQPF_DEA_DDF && cli_has(a, "orientation")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dea: --model ddf has no orientation; --direction says what moves");
        goto done;
    }
    if (o.model != NQPF_DEA_DDF && (cli_has(a, "direction") || cli_has(a, "bad-ineq"))) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dea: --direction and --bad-ineq belong to --model ddf");
        goto done;
    }
    if (cli_has(a, "bad-ineq") && !nb) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dea: --bad-ineq needs --undesirable");
        goto done;
    }
    if (o.model != NQPF_DEA_RADIAL && cli_has(a, "weak-disposal")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "dea: --weak-disposal belongs to --model radial (use --undesirable with "
                                         "--model ddf for weakly disposable bad outputs)");
        goto done;
    }
    o.bad_mode = cli_has(a, "bad-ineq") ? NQPF_DEA_BAD_INEQ : NQPF_DEA_BAD_WEAK;
    if ((rc = parse_direction(cli_get(a, "direction"), &o)) || (rc = parse_frontier(cli_get(a, "frontier"), &o)) ||
        (rc = parse_weak(cli_get(a, "weak-disposal"), &o)))
        goto done;
    size_t threads;
    if ((rc = cli_get_size(a, "threads", 1, &threads)))
        goto done;
    if (threads == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        threads = nc > 0 ? (size_t)nc : 1;
    }
    o.threads = threads > 256 ? 256 : (unsigned)threads;
    o.progress = dea_progress;
    o.progress_userdata = a;
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    nqpf_provenance_set(pv, "model", nqpf_dea_model_name(o.model));
    nqpf_provenance_set(pv, "rts", nqpf_dea_rts_name(o.rts));
    if (o.model != NQPF_DEA_DDF)
        nqpf_provenance_set(pv, "orientation", nqpf_dea_orientation_name(o.orientation));
    nqpf_provenance_set(pv, "frontier", cli_get(a, "frontier") ? cli_get(a, "frontier") : "period");
    nqpf_provenance_set(pv, "inputs", cli_get(a, "inputs"));
    nqpf_provenance_set(pv, "outputs", cli_get(a, "outputs"));
    if (nb)
        nqpf_provenance_set(pv, "undesirable", cli_get(a, "undesirable"));
    if (o.model == NQPF_DEA_DDF) {
        static const char *const dn[] = {"0", "observed", "ones", "mean"};
        char d[128];
        snprintf(d, sizeof d, "%s,%s,%s", dn[o.gx], dn[o.gy], nb ? dn[o.gb] : "0");
        nqpf_provenance_set(pv, "direction", d);
        if (nb)
            nqpf_provenance_set(pv, "bad_outputs", o.bad_mode == NQPF_DEA_BAD_INEQ ? "inequality" : "weak disposability");
    }
    if (o.super)
        nqpf_provenance_set(pv, "super", "yes");
    if ((rc = nqpf_dea_run(&res, p, &o, &sum)))
        goto done;
    if ((rc = cli_write_result(a, res, pv)))
        goto done;
    summarise(a, &o, &sum);
done:
    nqpf_table_free(res);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    free(inputs);
    free(outputs);
    free(bads);
    return rc;
}

const cli_command cmd_dea_def = {
    "dea",
    run_dea,
    "Data envelopment analysis: radial (CCR/BCC), SBM, directional distance; super-efficiency",
    "dea DATA --id ID --time T --inputs X1,X2 --outputs Y1[,Y2] [--undesirable B1] [options]",
    "Evaluates every observation against a frontier built from the data (by default the DMUs of\n"
    "its own period) by linear programming. Output columns after the id and time:\n"
    "  te            efficiency in (0, 1], 1 = on the frontier; radial output orientation reports\n"
    "                1/phi (as DEAP); with --super efficient DMUs get te >= 1\n"
    "  theta | phi   radial: input contraction theta <= 1, or output expansion phi >= 1\n"
    "  rho           sbm: the slacks-based measure (super-SBM value with --super)\n"
    "  beta          ddf: the directional inefficiency beta >= 0; te = 1/(1+beta), or 1-beta when\n"
    "                only inputs move\n"
    "  lambda_sum    sum of the intensity weights (returns-to-scale diagnostics)\n"
    "  status        optimal, infeasible, unbounded or failed (the LP's answer; when not optimal\n"
    "                the scores are empty, e.g. VRS super-efficiency of an extreme DMU)\n"
    "  slack_<var>   with --slacks: input excess / output shortfall / bad-output excess\n"
    "  peers, peer_lambdas   with --peers: ids (ID@TIME across periods) and their lambdas\n"
    "Inputs and outputs must be present (a missing value is an error naming the row); radial needs\n"
    "values >= 0, SBM positive values where it divides by them. Warnings: fewer DMUs than\n"
    "variables in a period, duplicated DMUs, a period with one DMU.",
    dea_opts,
    1,
    "Examples:\n"
    "  nqpf dea produc.csv --id state --time year --inputs pcap,pc,emp --outputs gsp --rts vrs\n"
    "  nqpf dea produc.csv --id state --time year --inputs pcap,pc,emp --outputs gsp --super --slacks\n"
    "  nqpf dea plants.csv --id plant --time year --inputs labour,capital --outputs power \\\n"
    "      --undesirable co2 --model ddf --direction 0,y,b --frontier sequential\n"
    "  nqpf dea data.csv --id firm --time year --inputs x1,x2 --outputs y --model sbm --rts vrs\n"
    "See docs/dea.md for every model's LP and the column names in DEAP, R Benchmarking and MaxDEA."};
