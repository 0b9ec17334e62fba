/* nqpf malmquist: Malmquist productivity index (DEAP decomposition), Luenberger indicator and
 * Malmquist-Luenberger index on adjacent, fixed-base, global or sequential frontiers. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "nqpf/malmquist.h"

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

static void malm_progress(size_t done, size_t total, void *ud)
{
    /* The library may report the same count twice (end of the last block, end of the run). */
    static size_t last = (size_t)-1;
    if (done == last)
        return;
    last = done;
    cli_progress(ud, "malmquist", done, total);
}

static int run_malmquist(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *res = NULL;
    nqpf_malmquist_options o;
    nqpf_malmquist_summary sum;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_malmquist_options_parse(&o, cli_optset(a))))
        goto done;
    if (o.threads == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        o.threads = nc > 0 ? (nc > 256 ? 256 : (unsigned)nc) : 1;
    }
    o.progress = malm_progress;
    o.progress_userdata = a;
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    nqpf_provenance_set(pv, "measure", nqpf_malmquist_measure_name(o.measure));
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
    NULL,
    1,
    "Examples:\n"
    "  nqpf malmquist data/pwt91.csv --id countrycode --time year --inputs rkna,emp --outputs rgdpna \\\n"
    "      --from 2000 --where 'rkna > 0 && emp > 0 && rgdpna > 0'\n"
    "  nqpf malmquist data/pwt91.csv --id countrycode --time year --inputs rkna,emp --outputs rgdpna \\\n"
    "      --from 2000 --where 'rkna > 0 && emp > 0 && rgdpna > 0' --type sequential --cumulative\n"
    "  nqpf malmquist data/pwt91.csv --id countrycode --time year --inputs rkna,emp --outputs rgdpna \\\n"
    "      --from 2010 --where 'rkna > 0 && emp > 0 && rgdpna > 0' --luenberger --rts vrs\n"
    "  nqpf malmquist tests/data/study/panel.csv --id unit --time year --inputs K,L --outputs Y \\\n"
    "      --undesirable share --type global\n"
    "See docs/malmquist.md for the formulas, references and the columns of DEAP, Benchmarking and gtfpch."};
