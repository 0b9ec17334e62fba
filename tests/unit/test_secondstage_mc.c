/* Coverage of Simar and Wilson's (2007) algorithm 1 bootstrap intervals on a known process: a small
 * Monte Carlo. Each trial draws n units from
 *     delta_i = b0 + b1 z_i + e_i,  z_i ~ N(2, 2^2),  e_i ~ N(0, 1) left-truncated at 1 - b0 - b1 z_i,
 * b0 = b1 = 0.5 (so every delta_i > 1, the model of the paper's algorithm 1 with the true scores
 * observed), runs `secondstage` method sw1 on them, and counts how often the 95% interval covers the
 * true b0, b1 and sigma. With the default 60 trials of n = 400 and 99 replications each count must
 * be at least 52 of 60 (binomial(60, 0.95): mean 57, sd 1.7, so 52 is 3 sd below). Smaller samples
 * cover less than the nominal 95% (docs/secondstage.md: 0.89-0.92 at n = 100 in 500 trials), so the
 * check uses n = 400, where the interval comes closer (0.92-0.94 in 500 trials). NQPF_SS_MC_TRIALS, NQPF_SS_MC_N and
 * NQPF_SS_MC_REPS change the design; the larger runs in docs/secondstage.md were made that way.
 * The draws here use GSL's generator and rejection sampling, independent of the library's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "testutil.h"

static long env_long(const char *name, long def)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : def;
}

static void test_sw1_coverage(void **state)
{
    (void)state;
    const long trials = env_long("NQPF_SS_MC_TRIALS", 60), n = env_long("NQPF_SS_MC_N", 400),
               reps = env_long("NQPF_SS_MC_REPS", 99);
    const double b0 = 0.5, b1 = 0.5, s0 = 1;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20070131);
    long cover[3] = {0, 0, 0};
    double width[3] = {0, 0, 0};
    char *csv = malloc((size_t)n * 64 + 64), num[32];
    for (long t = 0; t < trials; t++) {
        size_t len = (size_t)sprintf(csv, "id,year,delta,z\n");
        for (long i = 0; i < n; i++) {
            double z = 2 + gsl_ran_gaussian(r, 2), mu = b0 + b1 * z, d;
            do
                d = mu + gsl_ran_gaussian(r, s0);
            while (d <= 1);
            len += (size_t)sprintf(csv + len, "u%ld,2000,%.17g,%.17g\n", i, d, z);
        }
        nqpf_panel *p = tu_panel_from_text(csv, "id", "year");
        nqpf_optset *set = NULL;
        nqpf_secondstage_options o;
        nqpf_table *coef = NULL;
        snprintf(num, sizeof num, "%ld", reps);
        if (nqpf_optset_new(&set, nqpf_method_find("secondstage"), NQPF_KEYS_PLAIN) ||
            nqpf_optset_add(set, "method", "sw1") || nqpf_optset_add(set, "efficiency", "delta") ||
            nqpf_optset_add(set, "score", "delta") || nqpf_optset_add(set, "env", "z") ||
            nqpf_optset_add(set, "reps", num) || nqpf_secondstage_options_parse(&o, set))
            fail_msg("%s", nqpf_error_message());
        o.seed = (unsigned long long)t + 1;
        if (nqpf_secondstage_run(&coef, NULL, NULL, p, &o))
            fail_msg("trial %ld: %s", t, nqpf_error_message());
        const double *lo = nqpf_table_cnum(coef, nqpf_table_find(coef, "ci_lo"));
        const double *hi = nqpf_table_cnum(coef, nqpf_table_find(coef, "ci_hi"));
        const double truth[3] = {b1, b0, s0}; /* rows: z, _cons, sigma */
        for (int j = 0; j < 3; j++) {
            cover[j] += lo[j] <= truth[j] && truth[j] <= hi[j];
            width[j] += hi[j] - lo[j];
        }
        nqpf_table_free(coef);
        nqpf_optset_free(set);
        nqpf_panel_free(p);
    }
    printf("sw1 coverage of the 95%% intervals over %ld trials (n = %ld, %ld replications): b1 %.3f, b0 %.3f, "
           "sigma %.3f; mean widths %.4f %.4f %.4f\n",
           trials, n, reps, (double)cover[0] / (double)trials, (double)cover[1] / (double)trials,
           (double)cover[2] / (double)trials, width[0] / (double)trials, width[1] / (double)trials,
           width[2] / (double)trials);
    if (trials == 60 && n == 400 && reps == 99)
        for (int j = 0; j < 3; j++)
            if (cover[j] < 52)
                fail_msg("parameter %d: covered in %ld of 60 trials, expected at least 52", j, cover[j]);
    free(csv);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_sw1_coverage)};
    return tu_run_group_tests("secondstage_mc", tests, 1, NULL, NULL);
}
