/* nqpf malmquist: Malmquist productivity index (DEAP decomposition), Luenberger indicator and
 * Malmquist-Luenberger index on adjacent, fixed-base, global or sequential frontiers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/malmquist.h"

static const cli_opt malm_opts[] = {
    {"inputs", 0, "X1,X2", 0, "input columns, comma-separated (required)"},
    {"outputs", 0, "Y1,Y2", 0, "output columns, comma-separated (required)"},
    {"type", 0, "T", 0, "adjacent (default: frontiers of t-1 and t, geometric mean), fixed-base, global "
                        "(all periods pooled) or sequential (all periods up to t)"},
    {"base", 0, "YEAR", 0, "fixed-base: the period whose frontier is the reference (default: the first)"},
    {"orientation", 0, "O", 0, "radial index: in (default) or out; under CRS both give the same index"},
    {"decomposition", 0, "D", 0, "radial index: fgnz (default; tfpch = effch*techch, CRS technical change) or rd "
                                  "(Ray-Desli: tfpch = pech*techch*sech, VRS technical change; adjacent/sequential)"},
    {"cumulative", 0, NULL, 0, "add chained levels <index>_cum: products over the unit's pairs (sums for "
                               "the Luenberger indicator)"},
    {"luenberger", 0, NULL, 0, "difference-based Luenberger productivity indicator from directional "
                               "distances: lpi = lpi_effch + lpi_techch (> 0 = progress)"},
    {"undesirable", 0, "B1,B2", 0, "undesirable (bad) outputs: Malmquist-Luenberger index ml mleffch mltech "
                                   "(global ML with --type global), or the Luenberger indicator with --luenberger"},
    {"bad-mode", 0, "M", 0, "bad outputs: weak (default; weak disposability, sum lambda b = b - beta gb) or "
                            "ineq (sum lambda b <= b - beta gb, as DataEnvelopmentAnalysis.jl)"},
    {"direction", 0, "GX,GY[,GB]", 0, "direction of the directional distances, each 0, 1 or the observed "
                                      "values (x, y, b); default 0,y,b"},
    {"rts", 0, "R", 0, "directional measures: crs (default) or vrs (mixed-period LPs may then be infeasible)"},
    {NULL, 0, NULL, 0, NULL}};

static int parse_dir_item(const char *s, const char *letter, nqpf_malmquist_dir *d)
{
    if (strcmp(s, "0") == 0)
        *d = NQPF_MALMQUIST_DIR_ZERO;
    else if (strcmp(s, "1") == 0)
        *d = NQPF_MALMQUIST_DIR_ONES;
    else if (strcmp(s, letter) == 0 || strcmp(s, "obs") == 0)
        *d = NQPF_MALMQUIST_DIR_OBSERVED;
    else
        return nqpf_error_set(NQPF_EUSAGE, "--direction: expected 0, 1 or %s, found '%s'", letter, s);
    return NQPF_OK;
}

static int parse_direction(cli_args *a, nqpf_malmquist_options *o)
{
    char **items = NULL;
    size_t n = 0;
    int rc = cli_get_list(a, "direction", &items, &n);
    if (rc || !items)
        return rc;
    static const char *const letters[] = {"x", "y", "b"};
    nqpf_malmquist_dir *dst[] = {&o->gx, &o->gy, &o->gb};
    if (n < 2 || n > 3) {
        rc = nqpf_error_set(NQPF_EUSAGE, "--direction: expected GX,GY or GX,GY,GB (e.g. 0,y,b), found %zu items", n);
    } else {
        for (size_t k = 0; k < n && !rc; k++)
            rc = parse_dir_item(items[k], letters[k], dst[k]);
    }
    free(items);
    return rc;
}

static void summarise(cli_args *a, const nqpf_table *t, const nqpf_malmquist_summary *s, const char *index,
                      int additive)
{
    if (cli_has(a, "quiet"))
        return;
    const double *v = nqpf_table_cnum(t, nqpf_table_find(t, index));
    double acc = 0;
    size_t nv = 0;
    for (size_t r = 0; v && r < nqpf_table_nrows(t); r++)
        if (!isnan(v[r]) && (additive || v[r] > 0)) {
            acc += additive ? v[r] : log(v[r]);
            nv++;
        }
    fprintf(stderr, "nqpf: malmquist: %zu units, %zu periods, %zu pairs, %zu LPs", s->nunits, s->nperiods, s->npairs,
            s->nlp);
    if (nv)
        fprintf(stderr, "; %s mean %s %.6g", additive ? "arithmetic" : "geometric", index,
                additive ? acc / (double)nv : exp(acc / (double)nv));
    fputc('\n', stderr);
    if (s->nskipped)
        fprintf(stderr, "nqpf: malmquist: %zu pairs skipped (the id is missing in one of the two periods)\n",
                s->nskipped);
    if (s->nnot_solved)
        fprintf(stderr, "nqpf: malmquist: %zu pairs with an infeasible or unbounded distance (missing values; see "
                        "the status column)\n",
                s->nnot_solved);
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_malmquist(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    char **inputs = NULL, **outputs = NULL, **bads = NULL;
    size_t ni = 0, no = 0, nb = 0;
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    nqpf_malmquist_summary sum;
    static const char *const types[] = {"adjacent", "fixed-base", "global", "sequential", NULL};
    static const char *const orients[] = {"in", "out", NULL};
    static const char *const modes[] = {"weak", "ineq", NULL};
    static const char *const rtss[] = {"crs", "vrs", NULL};
    static const char *const decomps[] = {"fgnz", "rd", NULL};
    int type, orient, mode, rts, decomp;
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "inputs") || !cli_has(a, "outputs")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "malmquist: --inputs X1,X2 and --outputs Y1 are required");
        goto done;
    }
    if ((rc = cli_get_choice(a, "type", types, 0, &type)) ||
        (rc = cli_get_choice(a, "orientation", orients, 0, &orient)) ||
        (rc = cli_get_choice(a, "bad-mode", modes, 0, &mode)) || (rc = cli_get_choice(a, "rts", rtss, 0, &rts)) ||
        (rc = cli_get_choice(a, "decomposition", decomps, 0, &decomp)))
        goto done;
    if ((rc = cli_get_list(a, "inputs", &inputs, &ni)) || (rc = cli_get_list(a, "outputs", &outputs, &no)) ||
        (rc = cli_get_list(a, "undesirable", &bads, &nb)) || (rc = parse_direction(a, &o)))
        goto done;
    o.inputs = (const char *const *)inputs;
    o.ninputs = ni;
    o.outputs = (const char *const *)outputs;
    o.noutputs = no;
    o.bads = (const char *const *)bads;
    o.nbads = nb;
    o.type = (nqpf_malmquist_type)type;
    o.output_orientation = orient == 1;
    o.bad_mode = mode == 1 ? NQPF_MALMQUIST_BAD_INEQ : NQPF_MALMQUIST_BAD_WEAK;
    o.vrs = rts == 1;
    o.cumulative = cli_has(a, "cumulative");
    o.decomposition = decomp == 1 ? NQPF_MALMQUIST_RD : NQPF_MALMQUIST_FGNZ;
    o.measure = cli_has(a, "luenberger") ? NQPF_MALMQUIST_LUENBERGER : nb ? NQPF_MALMQUIST_ML : NQPF_MALMQUIST_RADIAL;
    if (o.measure == NQPF_MALMQUIST_RADIAL &&
        (cli_has(a, "bad-mode") || cli_has(a, "direction") || cli_has(a, "rts"))) {
        rc = nqpf_error_set(NQPF_EUSAGE, "malmquist: --bad-mode, --direction and --rts apply to --luenberger or "
                                         "--undesirable (directional distances) only");
        goto done;
    }
    if (o.measure != NQPF_MALMQUIST_RADIAL && (cli_has(a, "orientation") || cli_has(a, "decomposition"))) {
        rc = nqpf_error_set(NQPF_EUSAGE, "malmquist: --orientation and --decomposition apply to the radial index; "
                                         "directional distances take --direction");
        goto done;
    }
    if (!nb && cli_has(a, "bad-mode")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "malmquist: --bad-mode needs --undesirable");
        goto done;
    }
    if (cli_has(a, "base")) {
        if (o.type != NQPF_MALMQUIST_FIXED_BASE) {
            rc = nqpf_error_set(NQPF_EUSAGE, "malmquist: --base applies to --type fixed-base only");
            goto done;
        }
        if ((rc = cli_get_long(a, "base", 0, &o.base_year)))
            goto done;
        o.has_base = 1;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    static const char *const measures[] = {"malmquist", "malmquist-luenberger", "luenberger"};
    nqpf_provenance_set(pv, "measure", measures[o.measure]);
    nqpf_provenance_set(pv, "type", types[type]);
    if (o.measure == NQPF_MALMQUIST_RADIAL) {
        nqpf_provenance_set(pv, "orientation", orients[orient]);
        nqpf_provenance_set(pv, "decomposition", decomps[decomp]);
    } else {
        nqpf_provenance_set(pv, "rts", rtss[rts]);
        if (nb)
            nqpf_provenance_set(pv, "bad_mode", modes[mode]);
    }
    if ((rc = nqpf_malmquist_run(&res, &sum, p, &o)))
        goto done;
    {
        char buf[64];
        snprintf(buf, sizeof buf, "%zu", sum.npairs);
        nqpf_provenance_set(pv, "pairs", buf);
        snprintf(buf, sizeof buf, "%zu", sum.nskipped);
        nqpf_provenance_set(pv, "skipped_pairs", buf);
        snprintf(buf, sizeof buf, "%zu", sum.nnot_solved);
        nqpf_provenance_set(pv, "pairs_not_solved", buf);
    }
    if ((rc = cli_write_result(a, res, pv)))
        goto done;
    summarise(a, res, &sum,
              o.measure == NQPF_MALMQUIST_RADIAL ? "tfpch" : o.measure == NQPF_MALMQUIST_ML ? "ml" : "lpi",
              o.measure == NQPF_MALMQUIST_LUENBERGER);
done:
    nqpf_table_free(res);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    free(inputs);
    free(outputs);
    free(bads);
    return rc;
}

const cli_command cmd_malmquist_def = {
    "malmquist",
    run_malmquist,
    "Malmquist productivity index, Luenberger indicator, Malmquist-Luenberger (global) index",
    "malmquist DATA --id ID --time T --inputs X1,X2 --outputs Y1 [--type T] [options]",
    "Compares every unit between consecutive periods t-1 and t by DEA distances to frontiers built\n"
    "from the panel: one row per id and later period t (pairs where the id is missing in one of the\n"
    "two periods are skipped and counted). Index values > 1 (Luenberger > 0) mean progress.\n"
    "Radial Malmquist index (default), DEAP's columns:\n"
    "  effch   efficiency change under CRS, e11/e00\n"
    "  techch  technical change (adjacent: geometric mean of the shifts at t-1 and t)\n"
    "  pech    pure efficiency change (VRS), e11_vrs/e00_vrs;  sech = effch/pech  scale change\n"
    "  tfpch   TFP change = effch * techch\n"
    "  (--decomposition rd: techch from VRS distances e01_vrs e10_vrs, sech = tfpch/(pech*techch))\n"
    "  e00 e01 e10 e11  Farrell efficiencies: e_ab = period-a observation (0 = t-1, 1 = t) against\n"
    "          the period-b frontier; fixed-base and global types give e0b e1b / e0g e1g (against\n"
    "          the base / global frontier) instead of e01 e10\n"
    "With --undesirable: ml mleffch mltech and the directional distances d00 d01 d10 d11 (beta).\n"
    "With --luenberger: lpi lpi_effch lpi_techch (differences of directional distances).\n"
    "Also: from (the period t-1), <index>_cum with --cumulative, and status: 'optimal' or which\n"
    "distance LP was infeasible or unbounded (its value and what depends on it are left empty).",
    malm_opts,
    1,
    "Examples:\n"
    "  nqpf malmquist produc.csv --id state --time year --inputs pcap,pc,emp --outputs gsp\n"
    "  nqpf malmquist firms.csv --id firm --time year --inputs k,l --outputs va --type sequential --cumulative\n"
    "  nqpf malmquist prov.csv --id prov --time year --inputs k,l,e --outputs gdp --undesirable co2 --type global\n"
    "See docs/malmquist.md for the formulas, references and the columns of DEAP, Benchmarking and gtfpch."};
