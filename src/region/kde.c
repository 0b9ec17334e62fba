/* Gaussian kernel density with Silverman's rule-of-thumb bandwidth, peak finding, and the
 * quantile classes used by the Markov chains (mapclassify's Quantiles rule). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "nqpf/dynamics.h"
#include "../util/util.h"

double nqpf_kde_silverman(const double *x, size_t n)
{
    if (n < 2)
        return NAN;
    double *s = malloc(n * sizeof *s);
    if (!s)
        return NAN;
    memcpy(s, x, n * sizeof *s);
    gsl_sort(s, 1, n);
    /* gsl's quantile_from_sorted_data interpolates at (n - 1) p: R's type 7. */
    double iqr = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.75) - gsl_stats_quantile_from_sorted_data(s, 1, n, 0.25);
    double sd = gsl_stats_sd(s, 1, n);
    free(s);
    double a = iqr > 0 && iqr / 1.34 < sd ? iqr / 1.34 : sd;
    if (!(a > 0))
        return NAN;
    return 0.9 * a * pow((double)n, -0.2);
}

void nqpf_kde_eval(double *f, const double *grid, size_t ng, const double *x, size_t n, double h)
{
    for (size_t g = 0; g < ng; g++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += gsl_ran_ugaussian_pdf((grid[g] - x[i]) / h);
        f[g] = s / ((double)n * h);
    }
}

size_t nqpf_kde_peaks(size_t *idx, const double *f, size_t ng)
{
    size_t c = 0;
    for (size_t g = 0; g < ng; g++) {
        int left = g == 0 || f[g] > f[g - 1];
        int right = g + 1 == ng || f[g] >= f[g + 1];
        /* A plateau counts once, at its left end; a flat density has no peak. */
        if (left && right && ng > 1 && !(g == 0 && g + 1 < ng && f[g] == f[g + 1]))
            idx[c++] = g;
    }
    return c;
}

int nqpf_quantile_cuts(double *cuts, const double *x, size_t n, size_t k)
{
    if (n == 0)
        return nqpf_error_set(NQPF_EDATA, "quantile classes: no values to classify");
    if (k < 2)
        return nqpf_error_set(NQPF_EUSAGE, "quantile classes: need at least 2 classes, found %zu", k);
    double *s = nqpf__malloc(n, sizeof *s);
    if (!s)
        return NQPF_EINTERNAL;
    memcpy(s, x, n * sizeof *s);
    gsl_sort(s, 1, n);
    for (size_t j = 1; j < k; j++)
        cuts[j - 1] = gsl_stats_quantile_from_sorted_data(s, 1, n, (double)j / (double)k);
    free(s);
    return NQPF_OK;
}

void nqpf_classify_cuts(int *cls, const double *x, size_t n, const double *cuts, size_t ncuts)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            cls[i] = -1;
            continue;
        }
        int c = 0;
        for (size_t j = 0; j < ncuts; j++)
            if (cuts[j] < x[i] && (j == 0 || cuts[j] != cuts[j - 1]))
                c++;
        cls[i] = c;
    }
}
