/* The geographical detector (Wang et al. 2010; Wang & Xu 2017): factor, interaction, risk and
 * ecological detectors, the non-central F test of q (Wang, Zhang & Fu 2016) and the discretisation
 * of continuous factors with its optimal choice by q (Song et al. 2020, R GD::optidisc). The
 * formulas and the choices where the R packages differ are in docs/geodetector.md. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "nqpf/geodetector.h"
#include "nqpf/global.h"
#include "util/util.h"

/* ---- the non-central F ------------------------------------------------------------------- */

double nqpf_ncf_upper(double f, double df1, double df2, double lambda)
{
    if (!(df1 > 0) || !(df2 > 0) || !(lambda >= 0) || isnan(f) || !isfinite(df1) || !isfinite(df2) ||
        !isfinite(lambda))
        return NAN;
    if (f <= 0)
        return 1.0;
    if (isinf(f))
        return 0.0;
    if (lambda == 0)
        return gsl_cdf_fdist_Q(f, df1, df2);
    /* P(F > f) = sum_j Pois(j; mu) Q_beta(x; df1/2 + j, df2/2), x = df1 f / (df1 f + df2), mu = lambda/2.
     * Q_beta grows with j, so upward terms are at most the Poisson weights, whose remaining sum past j
     * is below w_j r / (1 - r) with r = mu / (j + 1); downward terms are at most w_j Q_j. */
    double mu = lambda / 2, x = df1 * f / (df1 * f + df2), a = df1 / 2, b = df2 / 2;
    double m = floor(mu);
    double wm = exp(-mu + m * log(mu) - gsl_sf_lngamma(m + 1));
    double sum = 0;
    double w = wm;
    for (double j = m; j < m + 1e7; j++) {
        double term = w * gsl_cdf_beta_Q(x, a + j, b);
        sum += term;
        double r = mu / (j + 1);
        if (r < 1 && w * r / (1 - r) <= 1e-15 * sum)
            break;
        if (w == 0 && j > m)
            break;
        w *= r;
    }
    w = wm;
    for (double j = m; j > 0;) {
        w *= j / mu;
        j--;
        double qj = gsl_cdf_beta_Q(x, a + j, b);
        sum += w * qj;
        /* The remaining weights, below the mode, sum to at most w j / (mu - j + 1) (geometric bound). */
        double rest = w * j / (mu - j + 1 > 1 ? mu - j + 1 : 1);
        if (rest * qj <= 1e-15 * sum || w == 0)
            break;
    }
    return sum > 1 ? 1 : sum;
}

/* ---- the q statistic --------------------------------------------------------------------- */

int nqpf_geodetector_q(nqpf_geodet_q *out, const double *y, const size_t *s, size_t n, size_t nstrata,
                       int drop_singletons)
{
    nqpf_geodet_q r = {NAN, NAN, NAN, NAN, NAN, NAN, 0, 0};
    size_t *cnt = nqpf__calloc(nstrata ? nstrata : 1, sizeof *cnt);
    double *mean = nqpf__calloc(nstrata ? nstrata : 1, sizeof *mean);
    double *ss = nqpf__calloc(nstrata ? nstrata : 1, sizeof *ss);
    int rc = NQPF_OK;
    if (!cnt || !mean || !ss) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        cnt[s[i]]++;
    /* Means and within sums of squares by Welford's update (stable for large values). */
    size_t *seen = nqpf__calloc(nstrata ? nstrata : 1, sizeof *seen);
    if (!seen) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double gmean = 0, sst = 0;
    size_t N = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = s[i];
        if (drop_singletons && cnt[h] < 2)
            continue;
        seen[h]++;
        double d = y[i] - mean[h];
        mean[h] += d / (double)seen[h];
        ss[h] += d * (y[i] - mean[h]);
        N++;
        double g = y[i] - gmean;
        gmean += g / (double)N;
        sst += g * (y[i] - gmean);
    }
    free(seen);
    size_t L = 0;
    double ssw = 0, m2 = 0, msq = 0;
    for (size_t h = 0; h < nstrata; h++) {
        if (!cnt[h] || (drop_singletons && cnt[h] < 2))
            continue;
        L++;
        ssw += ss[h];
        m2 += mean[h] * mean[h];
        msq += sqrt((double)cnt[h]) * mean[h];
    }
    r.n = N;
    r.strata = L;
    if (L < 2) {
        rc = nqpf_error_set(NQPF_EDATA, "fewer than 2 strata%s", drop_singletons ? " with 2 or more observations" : "");
        goto done;
    }
    if (!(sst > 0)) {
        rc = nqpf_error_set(NQPF_EDATA, "y is constant: q is not defined");
        goto done;
    }
    r.ssw = ssw;
    r.sst = sst;
    r.q = 1 - ssw / sst;
    if (r.q < 0) /* rounding only: SSW <= SST */
        r.q = 0;
    if (N > L) {
        double s2 = sst / (double)(N - 1);
        r.lambda = (m2 - msq * msq / (double)N) / s2;
        if (r.lambda < 0)
            r.lambda = 0;
        r.F = r.q >= 1 ? INFINITY : (double)(N - L) * r.q / ((double)(L - 1) * (1 - r.q));
        r.p_value = nqpf_ncf_upper(r.F, (double)(L - 1), (double)(N - L), r.lambda);
    }
done:
    free(cnt);
    free(mean);
    free(ss);
    if (rc == NQPF_OK)
        *out = r;
    return rc;
}

/* ---- interaction types ------------------------------------------------------------------- */

nqpf_geodet_interaction nqpf_geodet_classify(double q1, double q2, double q12)
{
    const double eps = 1e-10;
    double lo = q1 < q2 ? q1 : q2, hi = q1 < q2 ? q2 : q1, sum = q1 + q2;
    if (fabs(q12 - sum) <= eps)
        return NQPF_GEODET_INDEPENDENT;
    if (q12 > sum)
        return NQPF_GEODET_NONLINEAR_ENHANCE;
    if (q12 >= hi - eps)
        return NQPF_GEODET_BI_ENHANCE;
    if (q12 > lo + eps)
        return NQPF_GEODET_UNI_WEAKEN;
    return NQPF_GEODET_NONLINEAR_WEAKEN;
}

const char *nqpf_geodet_interaction_name(nqpf_geodet_interaction t)
{
    static const char *const n[] = {"nonlinear_weaken", "uni_weaken", "bi_enhance", "independent",
                                    "nonlinear_enhance"};
    return (unsigned)t <= NQPF_GEODET_NONLINEAR_ENHANCE ? n[t] : "?";
}

const char *nqpf_geodet_interaction_zh(nqpf_geodet_interaction t)
{
    static const char *const n[] = {"非线性减弱", "单因子非线性减弱", "双因子增强", "独立", "非线性增强"};
    return (unsigned)t <= NQPF_GEODET_NONLINEAR_ENHANCE ? n[t] : "?";
}

/* ---- discretisation ---------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Natural breaks on the sorted values v[0..n): the distinct values with their counts, then the
 * exact dynamic programme over runs of distinct values (ties never split). */
static int jenks(double *breaks, const double *v, size_t n, size_t k)
{
    size_t m = 0;
    double *u = nqpf__malloc(n, sizeof *u), *w = nqpf__malloc(n, sizeof *w);
    double *c1 = NULL, *c2 = NULL, *cw = NULL, *D = NULL;
    size_t *B = NULL;
    int rc = NQPF_OK;
    if (!u || !w) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (m && v[i] == u[m - 1])
            w[m - 1] += 1;
        else
            u[m] = v[i], w[m++] = 1;
    }
    if (m < k) {
        rc = nqpf_error_set(NQPF_EDATA, "%zu distinct values cannot form %zu classes", m, k);
        goto done;
    }
    /* Prefix sums of the values centred at their mean (less cancellation in the sums of squares). */
    double centre = 0;
    for (size_t i = 0; i < n; i++)
        centre += v[i];
    centre /= (double)n;
    c1 = nqpf__calloc(m + 1, sizeof *c1);
    c2 = nqpf__calloc(m + 1, sizeof *c2);
    cw = nqpf__calloc(m + 1, sizeof *cw);
    D = nqpf__malloc(k * m, sizeof *D);
    B = nqpf__malloc(k * m, sizeof *B);
    if (!c1 || !c2 || !cw || !D || !B) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < m; i++) {
        double d = u[i] - centre;
        cw[i + 1] = cw[i] + w[i];
        c1[i + 1] = c1[i] + w[i] * d;
        c2[i + 1] = c2[i] + w[i] * d * d;
    }
#define SSQ(a, b) /* sum of squares of distinct values a..b (inclusive) about their mean */                    \
    (c2[(b) + 1] - c2[a] - (c1[(b) + 1] - c1[a]) * (c1[(b) + 1] - c1[a]) / (cw[(b) + 1] - cw[a]))
    for (size_t j = 0; j < m; j++) {
        D[j] = SSQ(0, j);
        B[j] = 0;
    }
    for (size_t c = 1; c < k; c++)
        for (size_t j = c; j < m; j++) {
            /* The last class holds distinct values i..j, the first c classes 0..i-1. */
            double best = INFINITY;
            size_t bi = c;
            for (size_t i = c; i <= j; i++) {
                double val = D[(c - 1) * m + i - 1] + SSQ(i, j);
                if (val < best)
                    best = val, bi = i;
            }
            D[c * m + j] = best;
            B[c * m + j] = bi;
        }
#undef SSQ
    /* Walk back: class c ends at distinct value e. */
    size_t e = m - 1;
    breaks[0] = u[0];
    for (size_t c = k - 1;; c--) {
        breaks[c + 1] = u[e];
        if (c == 0)
            break;
        size_t start = B[c * m + e];
        e = start - 1;
    }
done:
    free(u);
    free(w);
    free(c1);
    free(c2);
    free(cw);
    free(D);
    free(B);
    return rc;
}

/* R's quantile type 7 of the sorted v[0..n). */
static double quantile7(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

int nqpf_geodetector_breaks(double *breaks, const double *x, size_t n, nqpf_geodet_disc method, size_t k)
{
    if (k < 2 || method == NQPF_GEODET_AUTO || (unsigned)method > NQPF_GEODET_SD)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_geodetector_breaks: expected one method and at least 2 classes");
    double *v = nqpf__malloc(n ? n : 1, sizeof *v);
    if (!v)
        return NQPF_EINTERNAL;
    memcpy(v, x, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_double);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (isnan(v[i])) {
            free(v);
            return nqpf_error_set(NQPF_EDATA, "nqpf_geodetector_breaks: missing values");
        } else if (!i || v[i] != v[i - 1]) {
            distinct++;
        }
    if (distinct < k) {
        free(v);
        return nqpf_error_set(NQPF_EDATA, "%zu distinct values cannot form %zu classes", distinct, k);
    }
    double lo = v[0], hi = v[n - 1];
    int rc = NQPF_OK;
    switch (method) {
    case NQPF_GEODET_EQUAL:
        for (size_t c = 0; c <= k; c++)
            breaks[c] = lo + (hi - lo) * (double)c / (double)k;
        break;
    case NQPF_GEODET_QUANTILE:
        for (size_t c = 0; c <= k; c++)
            breaks[c] = quantile7(v, n, (double)c / (double)k);
        break;
    case NQPF_GEODET_NATURAL:
        rc = jenks(breaks, v, n, k);
        break;
    case NQPF_GEODET_GEOMETRIC: {
        /* Breaks (lo + s) r^c - s with r = ((hi + s) / (lo + s))^(1/k); s = 0 when lo > 0, else 1 - lo
         * (so that the shifted minimum is 1). */
        double sh = lo > 0 ? 0 : 1 - lo;
        double r = pow((hi + sh) / (lo + sh), 1.0 / (double)k);
        for (size_t c = 0; c <= k; c++)
            breaks[c] = (lo + sh) * pow(r, (double)c) - sh;
        break;
    }
    case NQPF_GEODET_SD: {
        /* Interior breaks at mean + (c - k/2) d for c = 1..k-1, d = 1 SD for k <= 5, 1/2 SD beyond. */
        double mean = 0, ss = 0;
        for (size_t i = 0; i < n; i++)
            mean += v[i];
        mean /= (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (v[i] - mean) * (v[i] - mean);
        double sd = sqrt(ss / (double)(n - 1)), d = k <= 5 ? sd : sd / 2;
        for (size_t c = 1; c < k; c++)
            breaks[c] = mean + ((double)c - (double)k / 2) * d;
        break;
    }
    default:
        break;
    }
    breaks[0] = lo;
    breaks[k] = hi;
    free(v);
    return rc;
}

/* The class of x among breaks[0..k]: c with breaks[c] < x <= breaks[c+1] (class 0 from breaks[0]). */
static size_t class_of(const double *breaks, size_t k, double x)
{
    size_t a = 0, b = k - 1;
    while (a < b) {
        size_t mid = (a + b) / 2;
        if (x <= breaks[mid + 1])
            b = mid;
        else
            a = mid + 1;
    }
    return a;
}

/* Codes the values of x by the breaks; 0 when a class has fewer than 2 values or the breaks do not
 * increase (the candidate is not usable, as in GD::optidisc), else 1. */
static int apply_breaks(size_t *code, const double *x, size_t n, const double *breaks, size_t k)
{
    for (size_t c = 0; c < k; c++)
        if (!(breaks[c + 1] > breaks[c]))
            return 0;
    size_t cnt[21] = {0};
    for (size_t i = 0; i < n; i++)
        cnt[code[i] = class_of(breaks, k, x[i])]++;
    for (size_t c = 0; c < k; c++)
        if (cnt[c] < 2)
            return 0;
    return 1;
}

/* ---- the run ----------------------------------------------------------------------------- */

static const char *const disc_names[] = {"auto", "equal", "quantile", "natural", "geometric", "sd"};

/* One factor after stratification. */
typedef struct gfactor {
    const char *name;
    int categorical;
    size_t *code;   /* stratum of each used row */
    size_t nstrata;
    char **labels;  /* stratum labels (categorical: the values; continuous: 1..K) */
    double *breaks; /* continuous: K + 1 breaks */
    nqpf_geodet_disc method;
    nqpf_geodet_q q;
} gfactor;

static void gfactor_free(gfactor *f)
{
    free(f->code);
    for (size_t h = 0; f->labels && h < f->nstrata; h++)
        free(f->labels[h]);
    free(f->labels);
    free(f->breaks);
}

/* A growable set of candidate rows (continuous factors). */
typedef struct cand {
    const char **factor;
    const char **method;
    double *classes, *q, *chosen;
    size_t n, cap;
} cand;

static int cand_add(cand *c, const char *factor, const char *method, size_t k, double q)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        void *a = nqpf__realloc(c->factor, cap, sizeof *c->factor), *b = a ? nqpf__realloc(c->method, cap, sizeof *c->method) : NULL;
        if (a)
            c->factor = a;
        if (b)
            c->method = b;
        double *d1 = b ? nqpf__realloc(c->classes, cap, sizeof *d1) : NULL;
        if (d1)
            c->classes = d1;
        double *d2 = d1 ? nqpf__realloc(c->q, cap, sizeof *d2) : NULL;
        if (d2)
            c->q = d2;
        double *d3 = d2 ? nqpf__realloc(c->chosen, cap, sizeof *d3) : NULL;
        if (!d3)
            return NQPF_EINTERNAL;
        c->chosen = d3;
        c->cap = cap;
    }
    c->factor[c->n] = factor;
    c->method[c->n] = method;
    c->classes[c->n] = (double)k;
    c->q[c->n] = q;
    c->chosen[c->n] = 0;
    c->n++;
    return NQPF_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Strata of a categorical factor: its distinct values (numbers in numeric order, texts in byte order). */
static int stratify_categorical(gfactor *f, const nqpf_table *t, size_t col, const size_t *rows, size_t n)
{
    int text = nqpf_table_is_text(t, col);
    char buf[64];
    const char **vals = nqpf__malloc(n ? n : 1, sizeof *vals);
    double *nums = text ? NULL : nqpf__malloc(n ? n : 1, sizeof *nums);
    f->code = nqpf__malloc(n ? n : 1, sizeof *f->code);
    if (!vals || (!text && !nums) || !f->code) {
        free(vals);
        free(nums);
        return NQPF_EINTERNAL;
    }
    size_t m = 0;
    if (text) {
        for (size_t i = 0; i < n; i++)
            vals[i] = nqpf_table_text(t, col, rows[i]);
        qsort(vals, n, sizeof *vals, cmp_str);
        for (size_t i = 0; i < n; i++)
            if (!m || strcmp(vals[i], vals[m - 1]) != 0)
                vals[m++] = vals[i];
    } else {
        const double *x = nqpf_table_cnum(t, col);
        for (size_t i = 0; i < n; i++)
            nums[i] = x[rows[i]];
        qsort(nums, n, sizeof *nums, cmp_double);
        for (size_t i = 0; i < n; i++)
            if (!m || nums[i] != nums[m - 1])
                nums[m++] = nums[i];
    }
    f->nstrata = m;
    f->labels = nqpf__calloc(m ? m : 1, sizeof *f->labels);
    int rc = f->labels ? NQPF_OK : NQPF_EINTERNAL;
    for (size_t h = 0; rc == NQPF_OK && h < m; h++) {
        f->labels[h] = nqpf__strdup(text ? vals[h] : nqpf_format_double(nums[h], buf, sizeof buf));
        if (!f->labels[h])
            rc = NQPF_EINTERNAL;
    }
    /* Codes by binary search in the sorted distinct values. */
    for (size_t i = 0; rc == NQPF_OK && i < n; i++) {
        size_t a = 0, b = m - 1;
        if (text) {
            const char *s = nqpf_table_text(t, col, rows[i]);
            while (a < b) {
                size_t mid = (a + b) / 2;
                if (strcmp(vals[mid], s) < 0)
                    a = mid + 1;
                else
                    b = mid;
            }
        } else {
            double xv = nqpf_table_cnum(t, col)[rows[i]];
            while (a < b) {
                size_t mid = (a + b) / 2;
                if (nums[mid] < xv)
                    a = mid + 1;
                else
                    b = mid;
            }
        }
        f->code[i] = a;
    }
    free(vals);
    free(nums);
    return rc;
}

/* Strata of a continuous factor: the method and number of classes with the largest q among those
 * asked for (every class at least 2 values); ties keep the first in the order equal, quantile,
 * natural, geometric, sd and fewer classes first. */
static int stratify_continuous(gfactor *f, const double *x, const double *y, size_t n, const nqpf_geodetector_options *o,
                               cand *cands)
{
    size_t kmax = o->classes_max;
    double *br = nqpf__malloc(kmax + 1, sizeof *br);
    size_t *code = nqpf__malloc(n ? n : 1, sizeof *code);
    f->code = nqpf__malloc(n ? n : 1, sizeof *f->code);
    f->breaks = nqpf__malloc(kmax + 1, sizeof *f->breaks);
    if (!br || !code || !f->code || !f->breaks) {
        free(br);
        free(code);
        return NQPF_EINTERNAL;
    }
    double best = -1;
    size_t bestk = 0, bestc = 0;
    int rc = NQPF_OK;
    for (int m = NQPF_GEODET_EQUAL; m <= NQPF_GEODET_SD && rc == NQPF_OK; m++) {
        if (o->discretize != NQPF_GEODET_AUTO && (int)o->discretize != m)
            continue;
        for (size_t k = o->classes_min; k <= kmax && rc == NQPF_OK; k++) {
            double qv = NAN;
            if (nqpf_geodetector_breaks(br, x, n, (nqpf_geodet_disc)m, k) == NQPF_OK &&
                apply_breaks(code, x, n, br, k)) {
                nqpf_geodet_q r;
                if (nqpf_geodetector_q(&r, y, code, n, k, 0) == NQPF_OK)
                    qv = r.q;
            }
            if (rc == NQPF_OK && (rc = cand_add(cands, f->name, disc_names[m], k, qv)))
                break;
            if (qv > best) {
                best = qv;
                bestk = k;
                bestc = cands->n - 1;
                f->method = (nqpf_geodet_disc)m;
                memcpy(f->code, code, n * sizeof *code);
                memcpy(f->breaks, br, (k + 1) * sizeof *br);
            }
        }
    }
    nqpf_error_clear();
    free(br);
    free(code);
    if (rc)
        return rc;
    if (!bestk)
        return nqpf_opt_error(NQPF_EDATA, "classes",
                              "factor '%s': no %s%sdiscretisation into %u..%u classes leaves at least 2 observations in "
                              "every class; ask for fewer classes, another method, or list it in categorical",
                              f->name, o->discretize == NQPF_GEODET_AUTO ? "" : disc_names[o->discretize],
                              o->discretize == NQPF_GEODET_AUTO ? "" : " ",
                              o->classes_min, o->classes_max);
    cands->chosen[bestc] = 1;
    f->nstrata = bestk;
    f->labels = nqpf__calloc(bestk, sizeof *f->labels);
    if (!f->labels)
        return NQPF_EINTERNAL;
    for (size_t h = 0; h < bestk; h++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%zu", h + 1);
        if (!(f->labels[h] = nqpf__strdup(buf)))
            return NQPF_EINTERNAL;
    }
    return NQPF_OK;
}

static int is_listed(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* Adds a numeric or text column, recording a failure in *rc. */
static void addn(nqpf_table *t, const char *name, const double *v, int *rc)
{
    if (*rc == NQPF_OK && (!t || nqpf_table_add_num(t, name, v, NULL)))
        *rc = NQPF_EINTERNAL;
}

static void addt(nqpf_table *t, const char *name, const char *const *v, int *rc)
{
    if (*rc == NQPF_OK && (!t || nqpf_table_add_text(t, name, v, NULL)))
        *rc = NQPF_EINTERNAL;
}

/* The rows used: year, complete cells (refuse or drop). */
static int select_rows(size_t **rowsp, size_t *np, const nqpf_table *t, const nqpf_geodetector_options *o,
                       const size_t *cols, size_t ncols)
{
    size_t nr = nqpf_table_nrows(t), n = 0, dropped = 0, first_drop = 0;
    const double *tm = NULL;
    if (o->has_year) {
        size_t jt = o->time ? nqpf_table_find(t, o->time) : NQPF_NONE;
        if (!o->time)
            return nqpf_opt_error(NQPF_EUSAGE, "year", "needs the time column (the data's time key)");
        if (jt == NQPF_NONE || nqpf_table_is_text(t, jt))
            return nqpf_opt_error(NQPF_EDATA, "year", "the time column '%s' is %s", o->time,
                                  jt == NQPF_NONE ? "not in the data" : "not numeric");
        tm = nqpf_table_cnum(t, jt);
    }
    size_t *rows = nqpf__malloc(nr ? nr : 1, sizeof *rows);
    if (!rows)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < nr; i++) {
        if (tm && !(tm[i] == (double)o->year))
            continue;
        size_t bad = NQPF_NONE;
        for (size_t c = 0; c < ncols && bad == NQPF_NONE; c++) {
            if (nqpf_table_is_text(t, cols[c])) {
                const char *s = nqpf_table_text(t, cols[c], i);
                if (!s || !*s)
                    bad = c;
            } else if (isnan(nqpf_table_cnum(t, cols[c])[i])) {
                bad = c;
            }
        }
        if (bad == NQPF_NONE) {
            rows[n++] = i;
            continue;
        }
        if (o->missing == NQPF_MISSING_REFUSE) {
            const char *src = nqpf_table_source(t);
            int rc = nqpf_error_set(NQPF_EDATA,
                                    "%s%srow %zu, column '%s': empty cell; fill it, or use the option missing drop to "
                                    "leave such rows out",
                                    src, *src ? ": " : "", nqpf_table_src_row(t, i),
                                    nqpf_table_colname(t, cols[bad]));
            free(rows);
            return rc;
        }
        if (!dropped++)
            first_drop = i;
    }
    if (dropped)
        nqpf_warn("geodetector: %zu row%s with an empty cell left out (the first: row %zu)", dropped,
                  dropped == 1 ? "" : "s", nqpf_table_src_row(t, first_drop));
    if (n < 3) {
        free(rows);
        if (o->has_year)
            return nqpf_opt_error(NQPF_EDATA, "year", "%zu usable rows in year %ld; the detector needs at least 3", n,
                                  o->year);
        return nqpf_error_set(NQPF_EDATA, "geodetector: %zu usable rows; the detector needs at least 3", n);
    }
    *rowsp = rows;
    *np = n;
    return NQPF_OK;
}

void nqpf_geodetector_result_free(nqpf_geodetector_result *r)
{
    if (!r)
        return;
    nqpf_table_free(r->factor);
    nqpf_table_free(r->interaction);
    nqpf_table_free(r->risk);
    nqpf_table_free(r->ecological);
    nqpf_table_free(r->strata);
    nqpf_table_free(r->candidates);
    memset(r, 0, sizeof *r);
}

static int check_options(const nqpf_geodetector_options *o)
{
    if (!o || o->version != NQPF_GEODETECTOR_OPTIONS_VERSION)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_geodetector_options: version %u, expected %u (initialise with "
                                           "nqpf_geodetector_options_init())",
                              o ? o->version : 0, NQPF_GEODETECTOR_OPTIONS_VERSION);
    if (!o->y)
        return nqpf_opt_error(NQPF_EUSAGE, "y", "required: the explained variable");
    if (!o->nfactors)
        return nqpf_opt_error(NQPF_EUSAGE, "factors", "needs at least one factor");
    if (o->classes_min < 2 || o->classes_max < o->classes_min || o->classes_max > 20)
        return nqpf_opt_error(NQPF_EUSAGE, "classes", "expected a range within 2..20");
    if ((unsigned)o->discretize > NQPF_GEODET_SD)
        return nqpf_opt_error(NQPF_EUSAGE, "discretize", "expected auto, equal, quantile, natural, geometric or sd");
    if (!(o->alpha > 0 && o->alpha < 1))
        return nqpf_opt_error(NQPF_EUSAGE, "alpha", "expected a number in (0, 1)");
    return NQPF_OK;
}

/* Overlays two factors: codes c1 * L2 + c2, renumbered compactly (in that order). */
static int overlay(size_t *out, size_t *nout, const gfactor *a, const gfactor *b, size_t n)
{
    size_t L = a->nstrata * b->nstrata;
    size_t *map = nqpf__malloc(L, sizeof *map);
    if (!map)
        return NQPF_EINTERNAL;
    for (size_t h = 0; h < L; h++)
        map[h] = NQPF_NONE;
    for (size_t i = 0; i < n; i++)
        map[a->code[i] * b->nstrata + b->code[i]] = 0;
    size_t m = 0;
    for (size_t h = 0; h < L; h++)
        if (map[h] != NQPF_NONE)
            map[h] = m++;
    for (size_t i = 0; i < n; i++)
        out[i] = map[a->code[i] * b->nstrata + b->code[i]];
    *nout = m;
    free(map);
    return NQPF_OK;
}

int nqpf_geodetector_run(nqpf_geodetector_result *r, const nqpf_table *t, const nqpf_geodetector_options *o)
{
    int rc;
    if (!r)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_geodetector_run: no result");
    memset(r, 0, sizeof *r);
    if ((rc = nqpf_global_init()) || (rc = check_options(o)))
        return rc;
    size_t nf = o->nfactors;
    size_t *cols = nqpf__malloc(nf + 1, sizeof *cols);
    gfactor *f = nqpf__calloc(nf, sizeof *f);
    size_t *rows = NULL, n = 0, *ov = NULL;
    double *y = NULL, *x = NULL;
    cand cands = {0};
    if (!cols || !f) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Columns: y numeric, factors present. */
    cols[0] = nqpf_table_find(t, o->y);
    if (cols[0] == NQPF_NONE || nqpf_table_is_text(t, cols[0])) {
        rc = nqpf_opt_error(NQPF_EDATA, "y", "column '%s' %s", o->y,
                            cols[0] == NQPF_NONE ? "not found in the data" : "is not numeric");
        goto done;
    }
    for (size_t k = 0; k < nf; k++) {
        cols[k + 1] = nqpf_table_find(t, o->factors[k]);
        if (cols[k + 1] == NQPF_NONE) {
            rc = nqpf_opt_error(NQPF_EDATA, "factors", "column '%s' not found in the data", o->factors[k]);
            goto done;
        }
        f[k].name = o->factors[k];
        f[k].categorical = nqpf_table_is_text(t, cols[k + 1]) || is_listed(o->factors[k], o->categorical, o->ncategorical);
    }
    if ((rc = select_rows(&rows, &n, t, o, cols, nf + 1)))
        goto done;
    y = nqpf__malloc(n, sizeof *y);
    x = nqpf__malloc(n, sizeof *x);
    ov = nqpf__malloc(n, sizeof *ov);
    if (!y || !x || !ov) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        y[i] = nqpf_table_cnum(t, cols[0])[rows[i]];
    {
        size_t i = 1;
        while (i < n && y[i] == y[0])
            i++;
        if (i == n) {
            rc = nqpf_opt_error(NQPF_EDATA, "y", "column '%s' has the same value in all %zu rows used: q is not defined",
                                o->y, n);
            goto done;
        }
    }
    /* Factor detector. */
    for (size_t k = 0; k < nf; k++) {
        if (f[k].categorical) {
            rc = stratify_categorical(&f[k], t, cols[k + 1], rows, n);
        } else {
            for (size_t i = 0; i < n; i++)
                x[i] = nqpf_table_cnum(t, cols[k + 1])[rows[i]];
            rc = stratify_continuous(&f[k], x, y, n, o, &cands);
        }
        if (rc)
            goto done;
        if (2 * f[k].nstrata > n)
            nqpf_warn("geodetector: factor '%s' has %zu strata for %zu observations: its q is close to 1 by "
                      "construction (R geodetector refuses more than N/2 strata); use fewer classes",
                      f[k].name, f[k].nstrata, n);
        if ((rc = nqpf_geodetector_q(&f[k].q, y, f[k].code, n, f[k].nstrata, o->drop_singletons))) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", nqpf_error_message());
            rc = nqpf_opt_error(rc, "factors", "factor '%s': %s", f[k].name, msg);
            goto done;
        }
    }
    /* The factor table. */
    {
        const char **name = nqpf__malloc(nf, sizeof *name), **kind = nqpf__malloc(nf, sizeof *kind),
                   **meth = nqpf__malloc(nf, sizeof *meth);
        double *v = nqpf__malloc(9 * nf, sizeof *v);
        if (!name || !kind || !meth || !v)
            rc = NQPF_EINTERNAL;
        for (size_t k = 0; rc == NQPF_OK && k < nf; k++) {
            name[k] = f[k].name;
            kind[k] = f[k].categorical ? "categorical" : "continuous";
            meth[k] = f[k].categorical ? "given" : disc_names[f[k].method];
            const nqpf_geodet_q *q = &f[k].q;
            double row[9] = {(double)f[k].nstrata, (double)q->n, q->q, q->F, (double)q->strata - 1,
                             (double)q->n - (double)q->strata, q->lambda, q->p_value, q->ssw};
            for (size_t c = 0; c < 9; c++)
                v[c * nf + k] = row[c];
        }
        if (rc == NQPF_OK) {
            r->factor = nqpf_table_new(nf);
            static const char *const vn[] = {"strata", "n", "q", "F", "df1", "df2", "lambda", "p_value", "ssw"};
            addt(r->factor, "factor", name, &rc);
            addt(r->factor, "kind", kind, &rc);
            addt(r->factor, "method", meth, &rc);
            for (size_t c = 0; c < 9; c++)
                addn(r->factor, vn[c], v + c * nf, &rc);
        }
        free(name);
        free(kind);
        free(meth);
        free(v);
        if (rc)
            goto done;
    }
    /* Interaction and ecological detectors: one row per pair. */
    {
        size_t np = nf * (nf - 1) / 2, p = 0;
        const char **f1 = nqpf__malloc(np ? np : 1, sizeof *f1), **f2 = nqpf__malloc(np ? np : 1, sizeof *f2);
        const char **ty = nqpf__malloc(np ? np : 1, sizeof *ty), **tz = nqpf__malloc(np ? np : 1, sizeof *tz);
        const char **sig = nqpf__malloc(np ? np : 1, sizeof *sig);
        double *iv = nqpf__malloc(4 * (np ? np : 1), sizeof *iv), *ev = nqpf__malloc(8 * (np ? np : 1), sizeof *ev);
        if (!f1 || !f2 || !ty || !tz || !sig || !iv || !ev)
            rc = NQPF_EINTERNAL;
        for (size_t a = 0; rc == NQPF_OK && a < nf; a++)
            for (size_t b = a + 1; rc == NQPF_OK && b < nf; b++, p++) {
                size_t L = 0;
                nqpf_geodet_q q12;
                f1[p] = f[a].name;
                f2[p] = f[b].name;
                if ((rc = overlay(ov, &L, &f[a], &f[b], n)))
                    break;
                if ((rc = nqpf_geodetector_q(&q12, y, ov, n, L, o->drop_singletons))) {
                    if (rc != NQPF_EDATA)
                        break;
                    /* With singletons dropped an overlay may keep fewer than 2 strata: no q, no type. */
                    nqpf_error_clear();
                    rc = NQPF_OK;
                    q12.q = NAN;
                    q12.strata = 0;
                    ty[p] = tz[p] = "";
                } else {
                    nqpf_geodet_interaction it = nqpf_geodet_classify(f[a].q.q, f[b].q.q, q12.q);
                    ty[p] = nqpf_geodet_interaction_name(it);
                    tz[p] = nqpf_geodet_interaction_zh(it);
                }
                double irow[4] = {f[a].q.q, f[b].q.q, q12.q, (double)q12.strata};
                for (size_t c = 0; c < 4; c++)
                    iv[c * np + p] = irow[c];
                /* Ecological: F = N1 (N2 - 1) SSW1 / (N2 (N1 - 1) SSW2) ~ F(N1 - 1, N2 - 1); two-sided p. */
                double n1 = (double)f[a].q.n, n2 = (double)f[b].q.n, s1 = f[a].q.ssw, s2 = f[b].q.ssw;
                double F = n1 * (n2 - 1) * s1 / (n2 * (n1 - 1) * s2), pv = NAN;
                if (isfinite(F) && F >= 0) {
                    double up = gsl_cdf_fdist_Q(F, n1 - 1, n2 - 1), lo = gsl_cdf_fdist_P(F, n1 - 1, n2 - 1);
                    pv = 2 * (up < lo ? up : lo);
                    if (pv > 1)
                        pv = 1;
                } else {
                    F = NAN;
                }
                sig[p] = isnan(pv) ? "" : pv < o->alpha ? "Y" : "N";
                double erow[8] = {n1, n2, s1, s2, F, n1 - 1, n2 - 1, pv};
                for (size_t c = 0; c < 8; c++)
                    ev[c * np + p] = erow[c];
            }
        if (rc == NQPF_OK) {
            r->interaction = nqpf_table_new(np);
            addt(r->interaction, "factor1", f1, &rc);
            addt(r->interaction, "factor2", f2, &rc);
            static const char *const in[] = {"q1", "q2", "q12", "strata"};
            for (size_t c = 0; c < 4; c++)
                addn(r->interaction, in[c], iv + c * np, &rc);
            addt(r->interaction, "type", ty, &rc);
            addt(r->interaction, "type_zh", tz, &rc);
            r->ecological = nqpf_table_new(np);
            addt(r->ecological, "factor1", f1, &rc);
            addt(r->ecological, "factor2", f2, &rc);
            static const char *const en[] = {"n1", "n2", "ssw1", "ssw2", "F", "df1", "df2", "p_value"};
            for (size_t c = 0; c < 8; c++)
                addn(r->ecological, en[c], ev + c * np, &rc);
            addt(r->ecological, "significant", sig, &rc);
        }
        free(f1);
        free(f2);
        free(ty);
        free(tz);
        free(sig);
        free(iv);
        free(ev);
        if (rc)
            goto done;
    }
    /* Strata and risk detector. */
    {
        size_t ns = 0, npair = 0;
        for (size_t k = 0; k < nf; k++) {
            ns += f[k].nstrata;
            npair += f[k].nstrata * (f[k].nstrata - 1) / 2;
        }
        const char **sf = nqpf__malloc(ns, sizeof *sf), **sl = nqpf__malloc(ns, sizeof *sl);
        double *sv = nqpf__malloc(5 * ns, sizeof *sv);
        const char **rf = nqpf__malloc(npair ? npair : 1, sizeof *rf), **ra = nqpf__malloc(npair ? npair : 1, sizeof *ra),
                   **rb = nqpf__malloc(npair ? npair : 1, sizeof *rb), **rs = nqpf__malloc(npair ? npair : 1, sizeof *rs);
        double *rv = nqpf__malloc(8 * (npair ? npair : 1), sizeof *rv);
        double *cnt = NULL, *mean = NULL, *var = NULL;
        if (!sf || !sl || !sv || !rf || !ra || !rb || !rs || !rv)
            rc = NQPF_EINTERNAL;
        size_t si = 0, pi = 0;
        for (size_t k = 0; rc == NQPF_OK && k < nf; k++) {
            size_t L = f[k].nstrata;
            cnt = nqpf__calloc(L, sizeof *cnt);
            mean = nqpf__calloc(L, sizeof *mean);
            var = nqpf__calloc(L, sizeof *var);
            if (!cnt || !mean || !var) {
                rc = NQPF_EINTERNAL;
                break;
            }
            for (size_t i = 0; i < n; i++) {
                size_t h = f[k].code[i];
                cnt[h] += 1;
                double d = y[i] - mean[h];
                mean[h] += d / cnt[h];
                var[h] += d * (y[i] - mean[h]);
            }
            for (size_t h = 0; h < L; h++) {
                var[h] = cnt[h] > 1 ? var[h] / (cnt[h] - 1) : NAN;
                sf[si] = f[k].name;
                sl[si] = f[k].labels[h];
                double lo = f[k].categorical ? NAN : f[k].breaks[h], hi = f[k].categorical ? NAN : f[k].breaks[h + 1];
                double row[5] = {lo, hi, cnt[h], cnt[h] ? mean[h] : NAN, sqrt(var[h])};
                for (size_t c = 0; c < 5; c++)
                    sv[c * ns + si] = row[c];
                si++;
            }
            for (size_t a = 0; a < L; a++)
                for (size_t b = a + 1; b < L; b++, pi++) {
                    rf[pi] = f[k].name;
                    ra[pi] = f[k].labels[a];
                    rb[pi] = f[k].labels[b];
                    double t_ = NAN, df = NAN, pv = NAN;
                    if (cnt[a] > 1 && cnt[b] > 1) {
                        double va = var[a] / cnt[a], vb = var[b] / cnt[b], se2 = va + vb;
                        if (se2 > 0) {
                            t_ = (mean[a] - mean[b]) / sqrt(se2);
                            df = se2 * se2 / (va * va / (cnt[a] - 1) + vb * vb / (cnt[b] - 1));
                            pv = 2 * gsl_cdf_tdist_Q(fabs(t_), df);
                            if (pv > 1)
                                pv = 1;
                        }
                    }
                    rs[pi] = isnan(pv) ? "" : pv < o->alpha ? "Y" : "N";
                    double row[8] = {cnt[a], cnt[b], mean[a], mean[b], t_, df, pv, 0};
                    for (size_t c = 0; c < 7; c++)
                        rv[c * (npair ? npair : 1) + pi] = row[c];
                }
            free(cnt);
            free(mean);
            free(var);
            cnt = mean = var = NULL;
        }
        if (rc == NQPF_OK) {
            r->strata = nqpf_table_new(ns);
            addt(r->strata, "factor", sf, &rc);
            addt(r->strata, "stratum", sl, &rc);
            static const char *const sn[] = {"lower", "upper", "n", "mean", "sd"};
            for (size_t c = 0; c < 5; c++)
                addn(r->strata, sn[c], sv + c * ns, &rc);
            r->risk = nqpf_table_new(npair);
            addt(r->risk, "factor", rf, &rc);
            addt(r->risk, "stratum_a", ra, &rc);
            addt(r->risk, "stratum_b", rb, &rc);
            static const char *const rn[] = {"n_a", "n_b", "mean_a", "mean_b", "t", "df", "p_value"};
            for (size_t c = 0; c < 7; c++)
                addn(r->risk, rn[c], rv + c * (npair ? npair : 1), &rc);
            addt(r->risk, "significant", rs, &rc);
        }
        free(cnt);
        free(mean);
        free(var);
        free(sf);
        free(sl);
        free(sv);
        free(rf);
        free(ra);
        free(rb);
        free(rs);
        free(rv);
        if (rc)
            goto done;
    }
    /* Candidates of the discretisation. */
    r->candidates = nqpf_table_new(cands.n);
    addt(r->candidates, "factor", cands.factor, &rc);
    addt(r->candidates, "method", cands.method, &rc);
    addn(r->candidates, "classes", cands.classes, &rc);
    addn(r->candidates, "q", cands.q, &rc);
    addn(r->candidates, "chosen", cands.chosen, &rc);
done:
    if (rc)
        nqpf_geodetector_result_free(r);
    for (size_t k = 0; f && k < nf; k++)
        gfactor_free(&f[k]);
    free(f);
    free(cols);
    free(rows);
    free(y);
    free(x);
    free(ov);
    free(cands.factor);
    free(cands.method);
    free(cands.classes);
    free(cands.q);
    free(cands.chosen);
    return rc;
}
