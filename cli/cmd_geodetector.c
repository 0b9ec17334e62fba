/* nqpf geodetector: the geographical detector (factor, interaction, risk and ecological detectors
 * with the discretisation of continuous factors). The options are the library's
 * (src/region/geodetector_options.c); the side outputs (--interaction-out ...) are this command's. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "nqpf/geodetector.h"

static const cli_opt gd_cli_opts[] = {
    {"interaction-out", 0, "PATH", 0, "write the interaction detector (q of each pair, its type) to PATH"},
    {"risk-out", 0, "PATH", 0, "write the risk detector (Welch t tests between strata) to PATH"},
    {"ecological-out", 0, "PATH", 0, "write the ecological detector (F tests between factors) to PATH"},
    {"discretize-out", 0, "PATH", 0, "write the strata of each factor (breaks, n, mean and sd of Y) to PATH"},
    {"candidates-out", 0, "PATH", 0, "write the q of every discretisation tried (method x classes) to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static void summarise(cli_args *a, const nqpf_geodetector_result *r)
{
    if (cli_has(a, "quiet"))
        return;
    const nqpf_table *f = r->factor;
    size_t jf = nqpf_table_find(f, "factor"), jm = nqpf_table_find(f, "method");
    const double *q = nqpf_table_cnum(f, nqpf_table_find(f, "q")), *p = nqpf_table_cnum(f, nqpf_table_find(f, "p_value"));
    const double *L = nqpf_table_cnum(f, nqpf_table_find(f, "strata"));
    fprintf(stderr, "nqpf: geodetector: %.0f observations, %zu factors\n",
            nqpf_table_cnum(f, nqpf_table_find(f, "n"))[0], nqpf_table_nrows(f));
    for (size_t i = 0; i < nqpf_table_nrows(f); i++)
        fprintf(stderr, "nqpf: geodetector:   %-16s q = %.4f  p = %.4g  (%.0f strata, %s)\n", nqpf_table_text(f, jf, i),
                q[i], p[i], L[i], nqpf_table_text(f, jm, i));
    const nqpf_table *it = r->interaction;
    size_t n = nqpf_table_nrows(it), best = 0;
    const double *q12 = nqpf_table_cnum(it, nqpf_table_find(it, "q12"));
    for (size_t i = 1; i < n; i++)
        if (q12[i] > q12[best])
            best = i;
    if (n)
        fprintf(stderr, "nqpf: geodetector: strongest interaction %s ∩ %s: q = %.4f (%s)\n",
                nqpf_table_text(it, nqpf_table_find(it, "factor1"), best),
                nqpf_table_text(it, nqpf_table_find(it, "factor2"), best), q12[best],
                nqpf_table_text(it, nqpf_table_find(it, "type"), best));
    if (cli_get(a, "out"))
        fprintf(stderr, "nqpf: written to %s\n", cli_get(a, "out"));
}

static int run_geodetector(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *t = NULL;
    nqpf_geodetector_options o;
    nqpf_geodetector_result r = {0};
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_geodetector_options_parse(&o, cli_optset(a))))
        goto done;
    /* With --id the data are a panel (as in a study: --let, --where, --from, --to apply); without it
     * a plain table, whose time column (--time) only serves --year. */
    if (cli_has(a, "id")) {
        if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
            goto done;
        o.time = nqpf_panel_time_col(p);
    } else {
        if (cli_has(a, "let") || cli_has(a, "where") || cli_has(a, "from") || cli_has(a, "to")) {
            rc = nqpf_error_set(NQPF_EUSAGE, "geodetector: --let, --where, --from and --to need --id ID --time T "
                                             "(the data read as a panel)");
            goto done;
        }
        if ((rc = cli_load_table(a, &t, pv)))
            goto done;
        o.time = cli_get(a, "time");
    }
    cli_provenance_options(a, pv);
    if ((rc = nqpf_geodetector_run(&r, p ? nqpf_panel_table(p) : t, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){r.factor, r.interaction, r.risk, r.ecological, r.strata, r.candidates},
                       (const char *const[]){"factor", "interaction", "risk", "ecological", "strata", "candidates"},
                       (const char *const[]){NULL, "interaction-out", "risk-out", "ecological-out", "discretize-out",
                                             "candidates-out"},
                       6, pv);
    if (!rc)
        summarise(a, &r);
done:
    nqpf_geodetector_result_free(&r);
    nqpf_table_free(t);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    return rc;
}

const cli_command cmd_geodetector_def = {
    "geodetector",
    run_geodetector,
    "Geographical detector: q of each factor, interactions, risk and ecological detectors",
    "geodetector DATA --y Y --factors X1,X2 [--categorical X3] [--discretize M] [--classes 3..7] [--time T "
    "--year YEAR] [-o factor.csv] [--interaction-out F] [--risk-out F] [--ecological-out F] [--discretize-out F]",
    "The geographical detector (Wang et al. 2010; Wang and Xu 2017, 地理探测器):\n"
    "  factor       q = 1 - sum_h N_h var_h / (N var) for the strata h of each factor X (how much of Y's\n"
    "               variance X's strata explain), F = (N - L) q / ((L - 1)(1 - q)) and its p-value from\n"
    "               the non-central F(L - 1, N - L; lambda) (Wang, Zhang and Fu 2016, as R geodetector).\n"
    "  interaction  q of each pair of factors overlaid (strata = intersections) and its type:\n"
    "               nonlinear_weaken 非线性减弱, uni_weaken 单因子非线性减弱, bi_enhance 双因子增强,\n"
    "               independent 独立, nonlinear_enhance 非线性增强.\n"
    "  risk         Welch t tests between the means of Y in two strata of a factor (--risk-out).\n"
    "  ecological   F = N1 (N2 - 1) SSW1 / (N2 (N1 - 1) SSW2) between two factors, two-sided (--ecological-out).\n"
    "Text columns and those in --categorical are used as given; other factors are cut into classes by\n"
    "--discretize equal|quantile|natural|geometric|sd, or auto (default: every method and every number\n"
    "of --classes, default 3..7, the largest q, as R GD::optidisc; each class needs 2 observations).\n"
    "--singletons drop leaves out observations alone in their stratum (R GD); keep (default) gives them\n"
    "a variance of 0 (R geodetector, the GeoDetector Excel tool). --time T --year YEAR uses one year of a\n"
    "panel; without --year every row is used. The main table has one row per factor: factor, kind,\n"
    "method, strata, n, q, F, df1, df2, lambda, p_value, ssw. See docs/geodetector.md.",
    gd_cli_opts,
    1,
    "Examples:\n"
    "  nqpf geodetector tests/data/geodetector/CollectData.csv --y incidence \\\n"
    "      --factors watershed,soiltype,elevation --categorical watershed,soiltype,elevation \\\n"
    "      -o factor.csv --interaction-out interaction.csv --risk-out risk.csv --ecological-out ecological.csv\n"
    "  nqpf geodetector tests/data/geodetector/ndvi_40.csv --y NDVIchange \\\n"
    "      --factors Climatezone,Mining,Tempchange,GDP --discretize auto --classes 3..7 \\\n"
    "      -o factor.csv --discretize-out strata.csv --candidates-out candidates.csv\n"
    "  nqpf geodetector tests/data/geodetector/ndvi_40.csv --y NDVIchange --factors Tempchange,Precipitation \\\n"
    "      --discretize natural --classes 5 --singletons drop -o results.xlsx"};
