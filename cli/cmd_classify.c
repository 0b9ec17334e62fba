/* nqpf classify: k-means++ or Ward clustering of units on standardised indicators. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/region.h"

static const cli_opt classify_opts[] = {
    {"vars", 0, "A,B,C", 0, "indicators to classify on (standardised to z-scores across units)"},
    {"k", 0, "K|auto", 0, "number of classes, or auto: 2..min(8, n-1) by mean silhouette (default auto)"},
    {"method", 0, "M", 0, "kmeans (k-means++ seeding, best of --restarts; default) or ward"},
    {"year", 0, "Y", 0, "classify on the values of year Y (default: each unit's mean over the years)"},
    {"seed", 0, "N", 0, "k-means random seed (default 1)"},
    {"restarts", 0, "N", 0, "k-means runs from fresh seeds, the best kept (default 20)"},
    {"lang", 0, "L", 0, "language of the class descriptions: en (default) or zh"},
    {"profiles-out", 0, "PATH", 0, "write the class profiles table to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static int run_classify(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *units = NULL, *prof = NULL, *kc = NULL;
    char **vars = NULL;
    size_t nvars = 0;
    nqpf_classify_options o = NQPF_CLASSIFY_OPTIONS_INIT;
    static const char *const methods[] = {"kmeans", "ward", NULL};
    static const char *const langs[] = {"en", "zh", NULL};
    int method, lang;
    if (!pv)
        return NQPF_EINTERNAL;
    if (!cli_has(a, "vars")) {
        rc = nqpf_error_set(NQPF_EUSAGE, "classify: --vars A,B,... is required");
        goto done;
    }
    if ((rc = cli_get_list(a, "vars", &vars, &nvars)) || (rc = cli_get_choice(a, "method", methods, 0, &method)) ||
        (rc = cli_get_choice(a, "lang", langs, 0, &lang)))
        goto done;
    const char *k = cli_get(a, "k");
    if (k && strcmp(k, "auto") != 0) {
        if ((rc = cli_get_size(a, "k", 0, &o.k)))
            goto done;
        if (o.k < 2) {
            rc = nqpf_error_set(NQPF_EUSAGE, "--k: expected auto or an integer of at least 2, found '%s'", k);
            goto done;
        }
    }
    long seed;
    if ((rc = cli_get_long(a, "seed", 1, &seed)) || (rc = cli_get_size(a, "restarts", 20, &o.restarts)))
        goto done;
    if (seed < 0 || o.restarts < 1) {
        rc = nqpf_error_set(NQPF_EUSAGE, "classify: --seed must be >= 0 and --restarts >= 1");
        goto done;
    }
    if (method == 1 && (cli_has(a, "seed") || cli_has(a, "restarts"))) {
        rc = nqpf_error_set(NQPF_EUSAGE, "classify: --seed and --restarts apply to k-means, not to Ward");
        goto done;
    }
    o.seed = (unsigned long)seed;
    if (cli_has(a, "year")) {
        if ((rc = cli_get_long(a, "year", 0, &o.year)))
            goto done;
        o.has_year = 1;
    }
    if ((rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    if (o.has_year) {
        size_t nt;
        const long *times = nqpf_panel_times(p, &nt);
        int found = 0;
        for (size_t t = 0; t < nt; t++)
            found |= times[t] == o.year;
        if (!found) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: --year %ld: no rows in that year (the data run from %ld to %ld)",
                                cli_pos(a, 0), o.year, nt ? times[0] : 0, nt ? times[nt - 1] : 0);
            goto done;
        }
    }
    o.vars = (const char *const *)vars;
    o.nvars = nvars;
    o.method = method ? NQPF_CLASSIFY_WARD : NQPF_CLASSIFY_KMEANS;
    o.lang_zh = lang == 1;
    nqpf_provenance_set(pv, "vars", cli_get(a, "vars"));
    nqpf_provenance_set(pv, "method", methods[method]);
    nqpf_provenance_set(pv, "k", k ? k : "auto");
    if (method == 0) {
        char b[64];
        snprintf(b, sizeof b, "%lu", o.seed);
        nqpf_provenance_set(pv, "seed", b);
        snprintf(b, sizeof b, "%zu", o.restarts);
        nqpf_provenance_set(pv, "restarts", b);
    }
    if ((rc = nqpf_classify(&units, &prof, &kc, p, &o)))
        goto done;
    const char *out = cli_get(a, "out");
    if (out && nqpf_format_for_path(out) != NQPF_FMT_CSV) {
        const nqpf_table *tabs[3] = {units, prof, kc};
        static const char *const names[3] = {"units", "profiles", "k_selection"};
        rc = cli_write_results(a, tabs, names, 3, pv);
    } else {
        rc = cli_write_result(a, units, pv);
    }
    if (!rc && cli_has(a, "profiles-out"))
        rc = nqpf_write_table(cli_get(a, "profiles-out"), prof, pv);
    if (!rc && !cli_has(a, "quiet")) {
        size_t K = nqpf_table_nrows(prof), jd = nqpf_table_find(prof, "description");
        const double *cnt = nqpf_table_cnum(prof, nqpf_table_find(prof, "n"));
        fprintf(stderr, "nqpf: classify: %zu units in %zu classes (%s)\n", nqpf_table_nrows(units), K, methods[method]);
        for (size_t c = 0; c < K; c++)
            fprintf(stderr, "nqpf:   class %zu (%.0f units): %s\n", c + 1, cnt[c], nqpf_table_text(prof, jd, c));
    }
done:
    nqpf_table_free(units);
    nqpf_table_free(prof);
    nqpf_table_free(kc);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
    free(vars);
    return rc;
}

const cli_command cmd_classify_def = {
    "classify",
    run_classify,
    "Classify regions into types (k-means++ or Ward on z-scores, K by silhouette)",
    "classify DATA --id ID --time T --vars A,B,C [--k K|auto] [--method kmeans|ward] [options]",
    "Groups units by their profile on the --vars indicators: each unit's mean over the years (or\n"
    "its values in --year Y), standardised to z-scores across units (divisor n-1). k-means starts\n"
    "from k-means++ seeds (GSL mt19937, --seed) and keeps the best of --restarts runs by the within\n"
    "sum of squares; Ward merges the pair of clusters that raises it least. --k auto tries\n"
    "K = 2..min(8, n-1) and keeps the highest mean silhouette (the smaller K on a tie). Units with\n"
    "a missing indicator are left out with a warning. Tables:\n"
    "  units        id, class (1..K, numbered by first appearance), silhouette\n"
    "  profiles     class, n, mean_A... (original units), z_A... (mean z-scores), description:\n"
    "               'strong in A and B; weak in C' naming the indicators with a class mean beyond\n"
    "               +-0.5 standard deviations (with --lang zh: 'A、B较强；C较弱')\n"
    "  k_selection  k, mean_silhouette, wss for every K tried\n"
    "With -o FILE.json or FILE.xlsx all three go into FILE; a CSV -o holds the units table and\n"
    "--profiles-out the profiles. The same data, options and seed always give the same classes.",
    classify_opts,
    1,
    "Examples:\n"
    "  nqpf classify us_states_produc.csv --id state --time year --vars pcap,pc,emp,unemp \\\n"
    "      --k auto -o classes.csv --profiles-out profiles.csv\n"
    "  nqpf classify data.csv --id province --time year --vars rd,patents,broadband --year 2020 \\\n"
    "      --method ward --k 4 --lang zh -o types.xlsx\n"
    "See docs/regions.md for the methods."};
