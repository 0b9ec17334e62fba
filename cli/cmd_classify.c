/* nqpf classify: k-means++ or Ward clustering of units on standardised indicators. The options are
 * the library's (src/region/classify_options.c); --profiles-out is this command's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "nqpf/region.h"

static const cli_opt classify_opts[] = {
    {"profiles-out", 0, "PATH", 0, "write the class profiles table to PATH"},
    {NULL, 0, NULL, 0, NULL}};

static int run_classify(cli_args *a)
{
    int rc;
    nqpf_provenance *pv = nqpf_provenance_new();
    nqpf_panel *p = NULL;
    nqpf_table *units = NULL, *prof = NULL, *kc = NULL;
    nqpf_classify_options o;
    if (!pv)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_classify_options_parse(&o, cli_optset(a))) || (rc = cli_load_panel(a, NULL, NULL, &p, pv)))
        goto done;
    cli_provenance_options(a, pv);
    if ((rc = nqpf_classify(&units, &prof, &kc, p, &o)))
        goto done;
    rc = cli_write_all(a, (const nqpf_table *const[]){units, prof, kc},
                       (const char *const[]){"units", "profiles", "k_selection"},
                       (const char *const[]){NULL, "profiles-out", NULL}, 3, pv);
    if (!rc && !cli_has(a, "quiet")) {
        size_t K = nqpf_table_nrows(prof), jd = nqpf_table_find(prof, "description");
        const double *cnt = nqpf_table_cnum(prof, nqpf_table_find(prof, "n"));
        fprintf(stderr, "nqpf: classify: %zu units in %zu classes (%s)\n", nqpf_table_nrows(units), K,
                o.method == NQPF_CLASSIFY_WARD ? "ward" : "kmeans");
        for (size_t c = 0; c < K; c++)
            fprintf(stderr, "nqpf:   class %zu (%.0f units): %s\n", c + 1, cnt[c], nqpf_table_text(prof, jd, c));
    }
done:
    nqpf_table_free(units);
    nqpf_table_free(prof);
    nqpf_table_free(kc);
    nqpf_panel_free(p);
    nqpf_provenance_free(pv);
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
    "  nqpf classify data/pwt91.csv --id countrycode --time year --vars hc,labsh,csh_i,csh_x \\\n"
    "      --k auto -o classes.csv --profiles-out profiles.csv\n"
    "  nqpf classify data/pwt91.csv --id countrycode --time year --vars hc,labsh,csh_i --year 2015 \\\n"
    "      --method ward --k 4 --lang zh -o types.xlsx\n"
    "See docs/regions.md for the methods."};
