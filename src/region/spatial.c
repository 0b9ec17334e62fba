/* Global Moran's I, Geary's C and local Moran (LISA), for one cross-section and year by year over a
 * panel. Moments: Cliff and Ord (1981); local moments conditional on z_i (Sokal, Oden and Thomson
 * 1998) as in spdep's localmoran(conditional = TRUE). See docs/spatial.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "nqpf/global.h"
#include "nqpf/spatial.h"
#include "../util/util.h"

const char *nqpf_lisa_quadrant_name(enum nqpf_lisa_quadrant q)
{
    switch (q) {
    case NQPF_LISA_HH: return "HH";
    case NQPF_LISA_LH: return "LH";
    case NQPF_LISA_LL: return "LL";
    case NQPF_LISA_HL: return "HL";
    default: return "";
    }
}

/* The weight of link i -> j, 0 when absent (rows are sorted by neighbour index). */
static double weight_of(const nqpf_weights *w, size_t i, size_t j)
{
    const size_t *nb;
    const double *wt;
    size_t k = nqpf_weights_row(w, i, &nb, &wt), lo = 0, hi = k;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nb[mid] < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < k && nb[lo] == j ? wt[lo] : 0.0;
}

/* S0, S1, S2 of Cliff and Ord for a possibly asymmetric W. */
static int weight_sums(const nqpf_weights *w, double *s0, double *s1, double *s2)
{
    size_t n = nqpf_weights_n(w);
    double *col = nqpf__calloc(n ? n : 1, sizeof *col), *row = nqpf__calloc(n ? n : 1, sizeof *row);
    if (!col || !row) {
        free(col);
        free(row);
        return NQPF_EINTERNAL;
    }
    double a = 0, b = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        for (size_t q = 0; q < k; q++) {
            double wji = weight_of(w, nb[q], i);
            a += wt[q];
            row[i] += wt[q];
            col[nb[q]] += wt[q];
            /* Each ordered pair (i,j) contributes (w_ij + w_ji)^2; a one-way link stands for both
             * ordered pairs, a two-way link is met again from j. */
            b += wji != 0 ? (wt[q] + wji) * (wt[q] + wji) : 2 * wt[q] * wt[q];
        }
    }
    for (size_t i = 0; i < n; i++)
        c += (row[i] + col[i]) * (row[i] + col[i]);
    *s0 = a;
    *s1 = b / 2;
    *s2 = c;
    free(col);
    free(row);
    return NQPF_OK;
}

/* sum_i z_i (Wz)_i and sum_ij w_ij (z_i - z_j)^2 for one arrangement of z. */
static void cross_products(const nqpf_weights *w, const double *z, double *zwz, double *geary)
{
    size_t n = nqpf_weights_n(w);
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        double l = 0, g = 0;
        for (size_t q = 0; q < k; q++) {
            double d = z[i] - z[nb[q]];
            l += wt[q] * z[nb[q]];
            g += wt[q] * d * d;
        }
        a += z[i] * l;
        b += g;
    }
    *zwz = a;
    *geary = b;
}

static int center(const double *x, size_t n, double *z, double *m2, double *m4)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return nqpf_error_set(NQPF_EDATA, "spatial statistics: value %zu is missing or not finite", i + 1);
        mean += x[i];
    }
    mean /= (double)n;
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        z[i] = x[i] - mean;
        a += z[i] * z[i];
        b += z[i] * z[i] * z[i] * z[i];
    }
    if (!(a > 0))
        return nqpf_error_set(NQPF_EDATA, "spatial statistics: the variable is constant across the %zu units", n);
    *m2 = a;
    *m4 = b;
    return NQPF_OK;
}

int nqpf_moran_global(nqpf_moran *out, const nqpf_weights *w, const double *x, const nqpf_moran_options *o)
{
    nqpf_moran_options def = NQPF_MORAN_OPTIONS_INIT;
    if (!o)
        o = &def;
    size_t n = nqpf_weights_n(w);
    /* GSL's default handler aborts on failure (an allocation, say); the library reports instead. */
    nqpf_global_init();
    memset(out, 0, sizeof *out);
    out->n = n;
    if (n < 4)
        return nqpf_error_set(NQPF_EDATA, "global Moran's I needs at least 4 units, found %zu", n);
    double *z = nqpf__malloc(n, sizeof *z);
    gsl_rng *rng = NULL;
    double s0, s1, s2, m2, m4;
    int rc = NQPF_OK;
    if (!z)
        return NQPF_EINTERNAL;
    if ((rc = center(x, n, z, &m2, &m4)) || (rc = weight_sums(w, &s0, &s1, &s2)))
        goto done;
    if (!(s0 > 0)) {
        rc = nqpf_error_set(NQPF_EDATA, "global Moran's I: the weights have no links among the %zu units", n);
        goto done;
    }
    double dn = (double)n, zwz, gsum;
    cross_products(w, z, &zwz, &gsum);
    double s02 = s0 * s0, b2 = dn * m4 / (m2 * m2);
    out->s0 = s0;
    out->i = dn / s0 * zwz / m2;
    out->e = -1.0 / (dn - 1);
    double e2 = out->e * out->e;
    out->var_norm = (dn * dn * s1 - dn * s2 + 3 * s02) / ((dn * dn - 1) * s02) - e2;
    out->var_rand = (dn * ((dn * dn - 3 * dn + 3) * s1 - dn * s2 + 3 * s02) -
                     b2 * ((dn * dn - dn) * s1 - 2 * dn * s2 + 6 * s02)) /
                        ((dn - 1) * (dn - 2) * (dn - 3) * s02) -
                    e2;
    out->z_norm = (out->i - out->e) / sqrt(out->var_norm);
    out->z_rand = (out->i - out->e) / sqrt(out->var_rand);
    out->p_norm = gsl_cdf_ugaussian_Q(out->z_norm);
    out->p_rand = gsl_cdf_ugaussian_Q(out->z_rand);

    out->c = (dn - 1) * gsum / (2 * s0 * m2);
    out->c_e = 1.0;
    out->c_var_norm = ((2 * s1 + s2) * (dn - 1) - 4 * s02) / (2 * (dn + 1) * s02);
    out->c_var_rand = ((dn - 1) * s1 * (dn * dn - 3 * dn + 3 - (dn - 1) * b2) -
                       0.25 * (dn - 1) * s2 * (dn * dn + 3 * dn - 6 - (dn * dn - dn + 2) * b2) +
                       s02 * (dn * dn - 3 - (dn - 1) * (dn - 1) * b2)) /
                      (dn * (dn - 2) * (dn - 3) * s02);
    /* Sign as spdep's geary.test: C < 1 (positive autocorrelation) gives a positive z. */
    out->c_z_norm = (out->c_e - out->c) / sqrt(out->c_var_norm);
    out->c_z_rand = (out->c_e - out->c) / sqrt(out->c_var_rand);
    out->c_p_norm = gsl_cdf_ugaussian_Q(out->c_z_norm);
    out->c_p_rand = gsl_cdf_ugaussian_Q(out->c_z_rand);

    out->p_sim = out->c_p_sim = NAN;
    if (o->permutations) {
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!rng) {
            rc = nqpf__nomem("the spatial autocorrelation permutations");
            goto done;
        }
        gsl_rng_set(rng, o->seed);
        size_t ge = 0, le = 0;
        for (size_t r = 0; r < o->permutations; r++) {
            gsl_ran_shuffle(rng, z, n, sizeof *z);
            double pz, pg;
            cross_products(w, z, &pz, &pg);
            /* The same scale factors as the observed statistics, so that ties compare exactly. */
            ge += dn / s0 * pz / m2 >= out->i;
            le += (dn - 1) * pg / (2 * s0 * m2) <= out->c;
        }
        out->p_sim = (1.0 + (double)ge) / ((double)o->permutations + 1);
        out->c_p_sim = (1.0 + (double)le) / ((double)o->permutations + 1);
    }
done:
    gsl_rng_free(rng);
    free(z);
    return rc;
}

int nqpf_moran_local(nqpf_lisa *out, const nqpf_weights *w, const double *x, const nqpf_moran_options *o)
{
    nqpf_moran_options def = NQPF_MORAN_OPTIONS_INIT;
    if (!o)
        o = &def;
    size_t n = nqpf_weights_n(w);
    nqpf_global_init(); /* failures are reported, never aborted on */
    if (n < 3)
        return nqpf_error_set(NQPF_EDATA, "local Moran needs at least 3 units, found %zu", n);
    double *z = nqpf__malloc(n, sizeof *z);
    size_t *pool = nqpf__malloc(n, sizeof *pool);
    gsl_rng *rng = NULL;
    double m2, m4;
    int rc = NQPF_OK;
    if (!z || !pool) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = center(x, n, z, &m2, &m4)))
        goto done;
    double dn = (double)n;
    /* spdep's mlvar = TRUE: the variance divisor is n, not n - 1. */
    m2 /= dn;
    if (o->permutations) {
        if (!(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
            rc = nqpf__nomem("the spatial autocorrelation permutations");
            goto done;
        }
        gsl_rng_set(rng, o->seed);
    }
    for (size_t i = 0; i < n; i++) {
        const size_t *nb;
        const double *wt;
        size_t k = nqpf_weights_row(w, i, &nb, &wt);
        double lag = 0, wi = 0, wi2 = 0;
        for (size_t q = 0; q < k; q++) {
            lag += wt[q] * z[nb[q]];
            wi += wt[q];
            wi2 += wt[q] * wt[q];
        }
        out->lag[i] = lag;
        out->ii[i] = z[i] / m2 * lag;
        out->p_sim[i] = NAN;
        if (k == 0) {
            out->e[i] = out->var[i] = out->z[i] = out->p_norm[i] = NAN;
            out->quadrant[i] = NQPF_LISA_NONE;
            continue;
        }
        int hi = z[i] > 0, lhi = lag > 0;
        out->quadrant[i] = hi ? (lhi ? NQPF_LISA_HH : NQPF_LISA_HL) : (lhi ? NQPF_LISA_LH : NQPF_LISA_LL);
        double zi2 = z[i] * z[i];
        out->e[i] = -(zi2 * wi) / ((dn - 1) * m2);
        out->var[i] = (zi2 / (m2 * m2)) * (dn / (dn - 2)) * (wi2 - wi * wi / (dn - 1)) * (m2 - zi2 / (dn - 1));
        out->z[i] = out->var[i] > 0 ? (out->ii[i] - out->e[i]) / sqrt(out->var[i]) : NAN;
        out->p_norm[i] = isnan(out->z[i]) ? NAN : 2 * gsl_cdf_ugaussian_Q(fabs(out->z[i]));
        if (rng) {
            /* Conditional permutation: z_i stays, its k neighbours are drawn without replacement
             * from the other n - 1 values by a partial Fisher-Yates shuffle of the pool. */
            size_t m = 0;
            for (size_t j = 0; j < n; j++)
                if (j != i)
                    pool[m++] = j;
            size_t ge = 0;
            for (size_t r = 0; r < o->permutations; r++) {
                double l = 0;
                for (size_t q = 0; q < k; q++) {
                    size_t s = q + (size_t)gsl_rng_uniform_int(rng, (unsigned long)(m - q));
                    size_t t = pool[q];
                    pool[q] = pool[s];
                    pool[s] = t;
                    l += wt[q] * z[pool[q]];
                }
                ge += z[i] / m2 * l >= out->ii[i];
            }
            size_t ext = o->permutations - ge < ge ? o->permutations - ge : ge;
            out->p_sim[i] = (1.0 + (double)ext) / ((double)o->permutations + 1);
        }
    }
done:
    gsl_rng_free(rng);
    free(z);
    free(pool);
    return rc;
}

/* The units (weights order) with a value in year t, their observations and values. */
typedef struct year_slice {
    unsigned char *keep;
    size_t *obs;
    double *x;
    size_t m;
    /* Years with units left out, summarised in one warning after the last year (a long panel
     * would otherwise print one line a year). */
    size_t years_missing, most_missing;
    long first_t, last_t;
    const char *first_unit;
} year_slice;

static void warn_missing(const year_slice *s, const nqpf_panel *p, const char *var)
{
    if (!s->years_missing)
        return;
    nqpf_warn("%zu %s%s (%ld-%ld) had up to %zu unit%s without a value of '%s' (e.g. '%s'); they were left out of "
              "those years with their links",
              s->years_missing, nqpf_panel_time_col(p), s->years_missing == 1 ? "" : "s", s->first_t, s->last_t,
              s->most_missing, s->most_missing == 1 ? "" : "s", var, s->first_unit);
}

static int slice_year(year_slice *s, const nqpf_panel *p, const double *v, long t, const char *var)
{
    size_t nu = nqpf_panel_nunits(p), missing = 0;
    const char *first = NULL;
    s->m = 0;
    for (size_t u = 0; u < nu; u++) {
        size_t i = nqpf_panel_find(p, u, t);
        s->keep[u] = i != NQPF_NONE && !isnan(v[i]);
        if (s->keep[u]) {
            s->obs[s->m] = i;
            s->x[s->m++] = v[i];
        } else if (!missing++) {
            first = nqpf_panel_unit_name(p, u);
        }
    }
    (void)var;
    if (missing) {
        if (!s->years_missing++) {
            s->first_t = t;
            s->first_unit = first;
        }
        s->last_t = t;
        if (missing > s->most_missing)
            s->most_missing = missing;
    }
    return NQPF_OK;
}

static int check_units(const nqpf_panel *p, const nqpf_weights *w)
{
    if (nqpf_weights_n(w) != nqpf_panel_nunits(p))
        return nqpf_error_set(NQPF_EINTERNAL, "spatial weights cover %zu units but the panel has %zu",
                              nqpf_weights_n(w), nqpf_panel_nunits(p));
    return NQPF_OK;
}

/* Weights for one year's units: the full weights when nobody is missing, else a subset. */
static int year_weights(const nqpf_weights *w, const year_slice *s, nqpf_weights **sub, const nqpf_weights **use)
{
    *sub = NULL;
    *use = w;
    if (s->m == nqpf_weights_n(w))
        return NQPF_OK;
    int rc = nqpf_weights_subset(sub, w, s->keep);
    if (!rc)
        *use = *sub;
    return rc;
}

static const char *const global_cols[] = {
    "moran_i", "moran_e", "moran_var_norm", "moran_var_rand", "moran_z_norm", "moran_z_rand", "moran_p_norm",
    "moran_p_rand", "moran_p_sim", "geary_c", "geary_e", "geary_var_norm", "geary_var_rand", "geary_z_norm",
    "geary_z_rand", "geary_p_norm", "geary_p_rand", "geary_p_sim"};
#define NGLOBAL (sizeof global_cols / sizeof *global_cols)

int nqpf_spatial_global(nqpf_table **out, const nqpf_panel *p, const char *var, const nqpf_weights *w,
                        const nqpf_spatial_options *o)
{
    *out = NULL;
    nqpf_spatial_options def = NQPF_SPATIAL_OPTIONS_INIT;
    if (!o)
        o = &def;
    const double *v;
    int rc;
    if ((rc = check_units(p, w)) || (rc = nqpf_panel_column(p, var, &v)))
        return rc;
    size_t nt, nu = nqpf_panel_nunits(p), nok = 0;
    const long *times = nqpf_panel_times(p, &nt);
    /* A table of empty rows would look like a result: too few units is an error, not a warning. */
    if (nu < 4)
        return nqpf_error_set(NQPF_EDATA,
                              "'%s': global Moran's I and Geary's C need at least 4 units, the data have %zu",
                              var, nu);
    char first_fail[512] = "";
    year_slice s = {0};
    double *cols[NGLOBAL + 3] = {0};
    nqpf_table *t = NULL;
    s.keep = nqpf__malloc(nu ? nu : 1, 1);
    s.obs = nqpf__malloc(nu ? nu : 1, sizeof *s.obs);
    s.x = nqpf__malloc(nu ? nu : 1, sizeof *s.x);
    for (size_t c = 0; c < NGLOBAL + 3; c++)
        if (!(cols[c] = nqpf__malloc(nt ? nt : 1, sizeof **cols)))
            rc = NQPF_EINTERNAL;
    if (rc || !s.keep || !s.obs || !s.x) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t y = 0; y < nt; y++) {
        nqpf_weights *sub = NULL;
        const nqpf_weights *use;
        nqpf_moran m;
        if ((rc = slice_year(&s, p, v, times[y], var)) || (rc = year_weights(w, &s, &sub, &use)))
            goto done;
        cols[0][y] = (double)times[y];
        cols[1][y] = (double)s.m;
        cols[2][y] = (double)nqpf_weights_islands(use);
        int mrc = nqpf_moran_global(&m, use, s.x, &o->moran);
        nqpf_weights_free(sub);
        if (mrc == NQPF_EINTERNAL) {
            rc = mrc;
            goto done;
        }
        if (mrc) {
            /* One thin or constant year must not hide the others. */
            if (!first_fail[0])
                snprintf(first_fail, sizeof first_fail, "%s %ld: %s", nqpf_panel_time_col(p), times[y],
                         nqpf_error_message());
            nqpf_warn("%s %ld: %s; statistics left missing", nqpf_panel_time_col(p), times[y], nqpf_error_message());
            nqpf_error_clear();
            for (size_t c = 0; c < NGLOBAL; c++)
                cols[3 + c][y] = NAN;
            continue;
        }
        const double vals[NGLOBAL] = {m.i, m.e, m.var_norm, m.var_rand, m.z_norm, m.z_rand, m.p_norm, m.p_rand,
                                      m.p_sim, m.c, m.c_e, m.c_var_norm, m.c_var_rand, m.c_z_norm, m.c_z_rand,
                                      m.c_p_norm, m.c_p_rand, m.c_p_sim};
        for (size_t c = 0; c < NGLOBAL; c++)
            cols[3 + c][y] = vals[c];
        nok++;
    }
    warn_missing(&s, p, var);
    if (nok == 0 && nt > 0) {
        rc = nqpf_error_set(NQPF_EDATA, "'%s': no year has statistics (first: %s)", var, first_fail);
        goto done;
    }
    if (!(t = nqpf_table_new(nt))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_num(t, nqpf_panel_time_col(p), cols[0], NULL)) ||
        (rc = nqpf_table_add_num(t, "n", cols[1], NULL)) || (rc = nqpf_table_add_num(t, "islands", cols[2], NULL)))
        goto done;
    for (size_t c = 0; c < NGLOBAL; c++) {
        if (!o->moran.permutations && strstr(global_cols[c], "p_sim"))
            continue;
        if ((rc = nqpf_table_add_num(t, global_cols[c], cols[3 + c], NULL)))
            goto done;
    }
    *out = t;
    t = NULL;
done:
    for (size_t c = 0; c < NGLOBAL + 3; c++)
        free(cols[c]);
    free(s.keep);
    free(s.obs);
    free(s.x);
    nqpf_table_free(t);
    return rc;
}

static int cmp_pidx(const void *a, const void *b, void *ctx)
{
    const double *p = ctx;
    double x = p[*(const size_t *)a], y = p[*(const size_t *)b];
    if (x != y)
        return x < y ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1; /* stable: ties keep their order */
}

/* A small merge sort of indices by p (qsort_r is not C17; n is the number of units of one year). */
static void sort_idx(size_t *idx, size_t *tmp, size_t n, const double *p)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_idx(idx, tmp, h, p);
    sort_idx(idx + h, tmp, n - h, p);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_pidx(&idx[j], &idx[i], (void *)p) < 0 ? idx[j++] : idx[i++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

int nqpf_p_adjust(double *out, const double *p, size_t n, enum nqpf_p_adjust method)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += !isnan(p[i]);
    if (method == NQPF_P_ADJUST_NONE || m == 0) {
        if (out != p)
            memcpy(out, p, n * sizeof *out);
        return NQPF_OK;
    }
    if (method == NQPF_P_ADJUST_BONFERRONI) {
        for (size_t i = 0; i < n; i++)
            out[i] = isnan(p[i]) ? NAN : fmin(1.0, (double)m * p[i]);
        return NQPF_OK;
    }
    size_t *idx = nqpf__malloc(m, sizeof *idx), *tmp = nqpf__malloc(m, sizeof *tmp);
    double *q = nqpf__malloc(m, sizeof *q);
    if (!idx || !tmp || !q) {
        free(idx);
        free(tmp);
        free(q);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0, k = 0; i < n; i++)
        if (!isnan(p[i]))
            idx[k++] = i;
    sort_idx(idx, tmp, m, p);
    /* Step-up: from the largest p down, q_(r) = min(q_(r+1), m p_(r) / r), capped at 1. */
    double run = 1.0;
    for (size_t r = m; r-- > 0;) {
        double v = (double)m * p[idx[r]] / (double)(r + 1);
        run = fmin(run, v);
        q[r] = run;
    }
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i]))
            out[i] = NAN;
    for (size_t r = 0; r < m; r++)
        out[idx[r]] = q[r];
    free(idx);
    free(tmp);
    free(q);
    return NQPF_OK;
}

/* The GeoDa significance classes of a (possibly adjusted) p-value. */
static const char *sig_level(double p)
{
    return p < 0.001 ? "0.001" : p < 0.01 ? "0.01" : p < 0.05 ? "0.05" : "ns";
}

int nqpf_spatial_local(nqpf_table **out, const nqpf_panel *p, const char *var, const nqpf_weights *w,
                       const nqpf_spatial_options *o)
{
    *out = NULL;
    nqpf_spatial_options def = NQPF_SPATIAL_OPTIONS_INIT;
    if (!o)
        o = &def;
    const double *v;
    int rc;
    if ((rc = check_units(p, w)) || (rc = nqpf_panel_column(p, var, &v)))
        return rc;
    size_t nt, nu = nqpf_panel_nunits(p), nobs = nqpf_panel_nobs(p);
    if (nu < 3)
        return nqpf_error_set(NQPF_EDATA, "'%s': local Moran's I needs at least 3 units, the data have %zu", var, nu);
    const long *times = nqpf_panel_times(p, &nt);
    enum { C_LAG, C_I, C_E, C_VAR, C_Z, C_P, C_PSIM, C_NB, C_PUSE, C_PADJ, NC };
    static const char *const names[NC] = {"lag", "lisa_i", "lisa_e", "lisa_var", "lisa_z", "lisa_p_norm",
                                          "lisa_p_sim", "neighbours", "lisa_p", "lisa_p_adj"};
    double *res[NC] = {0}, *puse = nqpf__malloc(nu ? nu : 1, sizeof *puse);
    const char **quad = NULL, **cluster = nqpf__calloc(nobs ? nobs : 1, sizeof *cluster),
               **sig = nqpf__calloc(nobs ? nobs : 1, sizeof *sig);
    year_slice s = {0};
    nqpf_lisa l = {0};
    nqpf_table *t = NULL;
    s.keep = nqpf__malloc(nu ? nu : 1, 1);
    s.obs = nqpf__malloc(nu ? nu : 1, sizeof *s.obs);
    s.x = nqpf__malloc(nu ? nu : 1, sizeof *s.x);
    quad = nqpf__calloc(nobs ? nobs : 1, sizeof *quad);
    double **la[] = {&l.ii, &l.e, &l.var, &l.z, &l.p_norm, &l.p_sim, &l.lag};
    for (size_t k = 0; k < sizeof la / sizeof *la; k++)
        if (!(*la[k] = nqpf__malloc(nu ? nu : 1, sizeof(double))))
            rc = NQPF_EINTERNAL;
    l.quadrant = nqpf__malloc(nu ? nu : 1, sizeof *l.quadrant);
    for (size_t c = 0; c < NC; c++) {
        if (!(res[c] = nqpf__malloc(nobs ? nobs : 1, sizeof(double))))
            rc = NQPF_EINTERNAL;
        else
            for (size_t i = 0; i < nobs; i++)
                res[c][i] = NAN;
    }
    if (rc || !s.keep || !s.obs || !s.x || !quad || !l.quadrant || !puse || !cluster || !sig) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t y = 0; y < nt; y++) {
        nqpf_weights *sub = NULL;
        const nqpf_weights *use;
        if ((rc = slice_year(&s, p, v, times[y], var)) || (rc = year_weights(w, &s, &sub, &use)))
            goto done;
        int lrc = nqpf_moran_local(&l, use, s.x, &o->moran);
        if (lrc == NQPF_EINTERNAL) {
            nqpf_weights_free(sub);
            rc = lrc;
            goto done;
        }
        if (lrc) {
            nqpf_warn("%s %ld: %s; local statistics left missing", nqpf_panel_time_col(p), times[y],
                      nqpf_error_message());
            nqpf_error_clear();
            nqpf_weights_free(sub);
            continue;
        }
        /* The table shows the lag of the variable itself (W x), the y axis of a Moran scatter plot
         * in the data's units; the quadrant uses the lag of the deviations, as spdep does. */
        nqpf_weights_lag(use, s.x, l.lag);
        for (size_t k = 0; k < s.m; k++) {
            size_t i = s.obs[k];
            res[C_LAG][i] = l.lag[k];
            res[C_I][i] = l.ii[k];
            res[C_E][i] = l.e[k];
            res[C_VAR][i] = l.var[k];
            res[C_Z][i] = l.z[k];
            res[C_P][i] = l.p_norm[k];
            res[C_PSIM][i] = l.p_sim[k];
            res[C_NB][i] = (double)nqpf_weights_row(use, k, NULL, NULL);
            quad[i] = l.quadrant[k] ? nqpf_lisa_quadrant_name((enum nqpf_lisa_quadrant)l.quadrant[k]) : NULL;
            /* The p the clusters use: the permutation p when there are permutations (as GeoDa and
             * PySAL draw their maps), else the normal approximation; none for a unit without
             * neighbours. */
            puse[k] = res[C_NB][i] > 0 ? (o->moran.permutations ? l.p_sim[k] : l.p_norm[k]) : NAN;
            res[C_PUSE][i] = puse[k];
        }
        if (nqpf_p_adjust(puse, puse, s.m, o->p_adjust)) {
            nqpf_weights_free(sub);
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t k = 0; k < s.m; k++) {
            size_t i = s.obs[k];
            res[C_PADJ][i] = puse[k];
            if (res[C_NB][i] == 0) {
                cluster[i] = sig[i] = "island";
            } else if (!isnan(puse[k])) {
                cluster[i] = puse[k] < o->alpha && quad[i] ? quad[i] : "ns";
                sig[i] = sig_level(puse[k]);
            }
        }
        nqpf_weights_free(sub);
    }
    warn_missing(&s, p, var);
    if (!(t = nqpf_panel_result_new(p, NULL, 0))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_num(t, "value", v, NULL)))
        goto done;
    for (size_t c = 0; c < NC; c++) {
        if (c == C_PSIM && !o->moran.permutations)
            continue;
        if (c == C_NB && (rc = nqpf_table_add_text(t, "quadrant", quad, NULL)))
            goto done;
        if ((rc = nqpf_table_add_num(t, names[c], res[c], NULL)))
            goto done;
    }
    if ((rc = nqpf_table_add_text(t, "cluster", cluster, NULL)) || (rc = nqpf_table_add_text(t, "sig_level", sig, NULL)))
        goto done;
    *out = t;
    t = NULL;
done:
    free(puse);
    free(cluster);
    free(sig);
    for (size_t c = 0; c < NC; c++)
        free(res[c]);
    for (size_t k = 0; k < sizeof la / sizeof *la; k++)
        free(*la[k]);
    free(l.quadrant);
    free(quad);
    free(s.keep);
    free(s.obs);
    free(s.x);
    nqpf_table_free(t);
    return rc;
}
