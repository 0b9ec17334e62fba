/* Bootstrap of radial DEA: the smoothed homogeneous bootstrap with reflection of Simar and Wilson
 * (1998, Management Science 44: 49-61), with the interval of Simar and Wilson (2000, Journal of
 * Productivity Analysis 13: 49-78). Called by nqpf_dea_run() (dea.c) after the plain scores, once
 * per reference group (a period, or all observations pooled). docs/dea.md states every formula.
 *
 * Work is split by replication: replication b of a group draws its numbers from a counter-based
 * stream keyed by (seed, b) only, builds its pseudo-sample and solves every DMU of the group in a
 * workspace restarted for it, so its results do not depend on which thread runs it or on how many
 * there are. */
#include <math.h>
#include <glpk.h>
#include <gsl/gsl_cdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"
#include "nqpf/options.h"
#include "dea_internal.h"
#include "../util/pool.h"
#include "../util/util.h"

#define BOOT_MAX_REPS 100000 /* the option's bound (dea_options.c says the same) */
#define BOOT_EFF_TOL 1e-6    /* D - 1 <= this: an efficient DMU, left out of the bandwidth */

int nqpf__dea_bootstrap_check(const nqpf_dea_options *o)
{
    if (!o->reps)
        return NQPF_OK;
    if (o->reps > BOOT_MAX_REPS)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "at most %d replications, found %zu", BOOT_MAX_REPS, o->reps);
    if (o->reps < 2)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap needs at least 2 replications (2000 is usual; 0 "
                                                   "turns it off)");
    if (o->model != NQPF_DEA_RADIAL)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap (Simar and Wilson 1998) is for model radial only, "
                                                   "not model %s", nqpf_dea_model_name(o->model));
    if (o->rts != NQPF_DEA_CRS && o->rts != NQPF_DEA_VRS)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap takes rts crs or vrs, not %s",
                              nqpf_dea_rts_name(o->rts));
    if (o->super)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap does not apply to super-efficiency scores "
                                                   "(drop super)");
    if (o->dispose_x == NQPF_DEA_WEAK || o->dispose_y == NQPF_DEA_WEAK)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap takes the strongly disposable technology only (drop "
                                                   "weak_disposal)");
    if (o->group || o->group_via)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap is not offered with a metafrontier (group, "
                                                   "group_via)");
    if (o->frontier == NQPF_DEA_FRONTIER_SEQUENTIAL || o->frontier == NQPF_DEA_FRONTIER_WINDOW)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "the bootstrap needs the evaluated DMUs to be the reference set: "
                                                   "frontier period, pooled or global, not %s",
                              nqpf_dea_frontier_name(o->frontier));
    if (!(o->alpha > 0 && o->alpha < 0.5))
        return nqpf_opt_error(NQPF_EUSAGE, "alpha", "expected a number in (0, 0.5) (0.05 for 95%% intervals), found %g",
                              o->alpha);
    if ((double)o->reps * o->alpha / 2 < 1)
        return nqpf_opt_error(NQPF_EUSAGE, "reps", "%zu replications are too few for intervals at alpha %g: "
                                                   "reps x alpha / 2 must be at least 1 (e.g. reps %d)",
                              o->reps, o->alpha, (int)ceil(2 / o->alpha));
    return NQPF_OK;
}

/* The random numbers: SplitMix64's finaliser (Steele, Lea and Flood 2014) used as a counter-based
 * generator. Replication b has the key K_b = mix(mix(seed) ^ (b * C2)); its k-th number (k = 0,
 * 1, ...) is mix(K_b + (k + 1) * C1). docs/dea.md repeats this, and the tests rebuild it. */
#define C1 0x9E3779B97F4A7C15ull
#define C2 0xD1B54A32D192ED03ull

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rep_key(unsigned long long seed, size_t b)
{
    return mix64(mix64((uint64_t)seed) ^ ((uint64_t)b * C2));
}

static uint64_t rep_draw(uint64_t key, size_t k)
{
    return mix64(key + ((uint64_t)k + 1) * C1);
}

/* Type-7 quantile (linear interpolation between order statistics) of sorted v[0..n). */
static double quantile7(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One group's bootstrap, shared by the workers. */
typedef struct boot {
    const nqpf_dea_options *o;
    size_t n, m, s;          /* DMUs of the group with a radial measure, inputs, outputs */
    const double *x, *y;     /* their data, row-major */
    const double *dhat;      /* D = 1/te >= 1 (Shephard input distance, or Farrell output phi) */
    double h, shrink;        /* bandwidth, 1/sqrt(1 + h^2/sigma^2) */
    double *dstar;           /* reps x n: D of DMU k against replication b's pseudo-sample */
} boot;

typedef struct bworker {
    boot *B;
    nqpf_dea_ws *ws;
    double *px, *py;         /* pseudo-sample (n x m, n x s) */
    double *beta;            /* n draws */
    size_t cap;              /* n the buffers hold */
    int rc;
    char msg[1024];
} bworker;

typedef struct bteam {
    boot *B;
    bworker *wk;
    unsigned nthreads;
} bteam;

static int worker_prepare(bworker *w, size_t n, size_t m, size_t s)
{
    if (!w->ws && nqpf_dea_ws_new(&w->ws))
        return NQPF_EINTERNAL;
    if (n > w->cap) {
        free(w->px);
        free(w->py);
        free(w->beta);
        w->px = nqpf__malloc(n * m, sizeof *w->px);
        w->py = nqpf__malloc(n * s, sizeof *w->py);
        w->beta = nqpf__malloc(n, sizeof *w->beta);
        w->cap = 0;
        if (!w->px || !w->py || !w->beta)
            return NQPF_EINTERNAL;
        w->cap = n;
    }
    return NQPF_OK;
}

/* Replication b: draw, smooth, rescale, reflect (SW 1998), build the pseudo-sample and evaluate
 * every DMU of the group against it. */
static int replicate(bworker *w, size_t b)
{
    boot *B = w->B;
    const nqpf_dea_options *o = B->o;
    size_t n = B->n, m = B->m, s = B->s;
    uint64_t key = rep_key(o->seed, b);
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        /* beta from the reflected sample {D_j} u {2 - D_j} */
        double u = (double)(rep_draw(key, 2 * i) >> 11) * 0x1.0p-53;
        size_t j = (size_t)(u * (double)(2 * n));
        if (j >= 2 * n)
            j = 2 * n - 1;
        w->beta[i] = j < n ? B->dhat[j] : 2.0 - B->dhat[j - n];
        mean += w->beta[i];
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double u = ((double)(rep_draw(key, 2 * i + 1) >> 11) + 0.5) * 0x1.0p-53;
        double eps = gsl_cdf_ugaussian_Pinv(u);
        double d = mean + B->shrink * (w->beta[i] + B->h * eps - mean);
        if (d < 1)
            d = 2.0 - d;
        /* project DMU i onto the estimated frontier, then move it away by d */
        double f = d / B->dhat[i];
        for (size_t v = 0; v < m; v++)
            w->px[i * m + v] = o->orientation == NQPF_DEA_IN ? B->x[i * m + v] * f : B->x[i * m + v];
        for (size_t r = 0; r < s; r++)
            w->py[i * s + r] = o->orientation == NQPF_DEA_OUT ? B->y[i * s + r] / f : B->y[i * s + r];
    }
    nqpf_dea_ref ref = {n, m, s, 0, w->px, w->py, NULL};
    int rc = nqpf__dea_ws_pin(w->ws, &ref);
    if (rc)
        return rc;
    nqpf__dea_ws_restart(w->ws);
    double *out = B->dstar + b * n;
    for (size_t k = 0; k < n; k++) {
        double val;
        nqpf_lp_status st;
        rc = nqpf__dea_radial_ex(w->ws, &ref, B->x + k * m, B->y + k * s, o->rts, o->orientation, 0, 0,
                                 NQPF__DEA_NOEXCL, NQPF__DEA_NOEXCL, &val, &st, NULL);
        if (rc)
            return rc;
        /* input: D = 1/theta; output: D = phi */
        out[k] = st != NQPF_LP_OPTIMAL ? NAN : o->orientation == NQPF_DEA_IN ? 1.0 / val : val;
    }
    return NQPF_OK;
}

static void team_work(void *ctx, unsigned t)
{
    bteam *T = ctx;
    bworker *w = &T->wk[t];
    boot *B = T->B;
    w->rc = worker_prepare(w, B->n, B->m, B->s);
    for (size_t b = t; b < B->o->reps && w->rc == NQPF_OK; b += T->nthreads)
        w->rc = replicate(w, b);
    if (w->rc)
        snprintf(w->msg, sizeof w->msg, "%s", nqpf_error_message());
}

static void worker_release(bworker *w)
{
    nqpf_dea_ws_free(w->ws);
    free(w->px);
    free(w->py);
    free(w->beta);
    memset(w, 0, sizeof *w);
}

static void team_thread_exit(void *ctx, unsigned t)
{
    bteam *T = ctx;
    worker_release(&T->wk[t]);
    glp_free_env();
}

/* Sample standard deviation and interquartile range (type 7) of v[0..n), which it sorts. */
static void spread(double *v, size_t n, double *sd, double *iqr)
{
    double mean = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        mean += v[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    *sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    qsort(v, n, sizeof *v, cmp_double);
    *iqr = quantile7(v, n, 0.75) - quantile7(v, n, 0.25);
}

/* The bandwidth and the variance correction of one group (docs/dea.md): Silverman's (1986, eq.
 * 3.31) rule on the reflected sample of the inefficient DMUs, h = 0.9 min(sd, IQR/1.34) (2n')^(-1/5)
 * 2^(1/5); shrink = 1/sqrt(1 + h^2/sigma^2) with sigma^2 the variance of the whole reflected sample
 * about its mean 1. Returns 0 when there is nothing to smooth (h = 0). */
static int bandwidth(const double *dhat, size_t n, double *h, double *shrink)
{
    double *r = nqpf__malloc(2 * n + 1, sizeof *r);
    if (!r)
        return NQPF_EINTERNAL;
    size_t n1 = 0;
    double var = 0;
    for (size_t i = 0; i < n; i++) {
        var += 2 * (dhat[i] - 1) * (dhat[i] - 1);
        if (dhat[i] - 1 > BOOT_EFF_TOL) {
            r[n1++] = dhat[i];
            r[n1++] = 2 - dhat[i];
        }
    }
    var /= (double)(2 * n);
    *h = 0;
    if (n1 >= 4) {
        double sd, iqr;
        spread(r, n1, &sd, &iqr);
        double a = iqr > 0 && iqr / 1.34 < sd ? iqr / 1.34 : sd;
        *h = 0.9 * a * pow((double)n1, -0.2) * pow(2.0, 0.2);
    }
    *shrink = var > 0 ? 1 / sqrt(1 + *h * *h / var) : 1;
    free(r);
    return NQPF_OK;
}

/* Statistics of DMU k from its replications; writes the five result columns at row i. */
static void summarise(const boot *B, size_t k, double *work, double alpha, double *te_bc, double *bias, double *var,
                      double *lo, double *hi, int *advised)
{
    size_t reps = B->o->reps, nv = 0;
    double dmean = 0, tmean = 0;
    for (size_t b = 0; b < reps; b++) {
        double d = B->dstar[b * B->n + k];
        if (isfinite(d) && d > 0) {
            work[nv++] = d;
            dmean += d;
            tmean += 1 / d;
        }
    }
    *te_bc = *bias = *var = *lo = *hi = NAN;
    *advised = -1;
    if (nv < 2)
        return;
    dmean /= (double)nv;
    tmean /= (double)nv;
    double dvar = 0, tvar = 0;
    for (size_t q = 0; q < nv; q++) {
        dvar += (work[q] - dmean) * (work[q] - dmean);
        tvar += (1 / work[q] - tmean) * (1 / work[q] - tmean);
    }
    dvar /= (double)(nv - 1);
    tvar /= (double)(nv - 1);
    double d = B->dhat[k], dbias = dmean - d, dbc = d - dbias;
    qsort(work, nv, sizeof *work, cmp_double);
    double qlo = quantile7(work, nv, alpha / 2), qhi = quantile7(work, nv, 1 - alpha / 2);
    /* SW 2000: (D* - D) given the sample mimics (D - D_true); D_true lies in
     * [2D - q(1 - alpha/2), 2D - q(alpha/2)] */
    double dlo = 2 * d - qhi, dhi = 2 * d - qlo;
    *te_bc = 1 / dbc;
    *bias = 1 / d - *te_bc;
    *var = tvar;
    *lo = 1 / dhi;
    *hi = 1 / dlo;
    *advised = dbias * dbias > dvar / 3;
}

int nqpf__dea_bootstrap(nqpf_table *res, const nqpf_panel *p, const nqpf_dea_options *o, const double *const *cols,
                        const double *te, const size_t *order, const size_t *pstart, size_t ntimes)
{
    int rc = nqpf__dea_bootstrap_check(o);
    if (rc || !o->reps)
        return rc;
    size_t nobs = nqpf_panel_nobs(p), m = o->ninputs, s = o->noutputs;
    int pooled = o->frontier == NQPF_DEA_FRONTIER_POOLED || o->frontier == NQPF_DEA_FRONTIER_GLOBAL;
    size_t ngroups = pooled ? (nobs ? 1 : 0) : ntimes;
    unsigned nthreads = o->threads ? o->threads : 1;
    if (nthreads > 256)
        nthreads = 256;
    double *out = nqpf__malloc(5 * nobs + 1, sizeof *out);
    double *gx = nqpf__malloc(nobs * m + 1, sizeof *gx), *gy = nqpf__malloc(nobs * s + 1, sizeof *gy);
    double *dhat = nqpf__malloc(nobs + 1, sizeof *dhat);
    size_t *gobs = nqpf__malloc(nobs + 1, sizeof *gobs);
    double *work = nqpf__malloc(o->reps + 1, sizeof *work);
    size_t maxg = 0;
    for (size_t g = 0; g < ngroups; g++) {
        size_t cnt = pooled ? nobs : pstart[g + 1] - pstart[g];
        maxg = cnt > maxg ? cnt : maxg;
    }
    double *dstar = nqpf__malloc(o->reps * maxg + 1, sizeof *dstar);
    if (!dstar) {
        free(out), free(gx), free(gy), free(dhat), free(gobs), free(work);
        return nqpf_opt_error(NQPF_EINTERNAL, "reps", "%zu replications of %zu DMUs need %.1f GiB to keep every "
                                                      "replication's scores: use fewer replications",
                              o->reps, maxg, (double)o->reps * (double)maxg * 8 / 1073741824.0);
    }
    bteam T = {0};
    nqpf__pool *pool = NULL;
    boot B = {0};
    size_t nskip = 0, nnot = 0, nest = 0, nsmooth0 = 0;
    rc = NQPF_EINTERNAL;
    if (!out || !gx || !gy || !dhat || !gobs || !work || !dstar)
        goto done;
    for (size_t i = 0; i < 5 * nobs; i++)
        out[i] = NAN;
    if (!(T.wk = nqpf__calloc(nthreads, sizeof *T.wk)))
        goto done;
    T.B = &B;
    if ((rc = nqpf__pool_new(&pool, nthreads, team_work, team_thread_exit, &T)))
        goto done;
    T.nthreads = nqpf__pool_size(pool);
    for (unsigned t = 0; t < T.nthreads; t++)
        T.wk[t].B = &B;
    for (size_t g = 0; g < ngroups; g++) {
        size_t lo = pooled ? 0 : pstart[g], hi = pooled ? nobs : pstart[g + 1], n = 0;
        for (size_t q = lo; q < hi; q++) {
            size_t i = order[q];
            /* a DMU without a finite radial measure cannot be projected onto the frontier */
            if (!(te[i] > 0 && isfinite(te[i]))) {
                nskip++;
                continue;
            }
            gobs[n] = i;
            dhat[n] = 1 / te[i];
            for (size_t v = 0; v < m; v++)
                gx[n * m + v] = cols[v][i];
            for (size_t r = 0; r < s; r++)
                gy[n * s + r] = cols[m + r][i];
            n++;
        }
        if (n < 2) {
            nskip += n;
            continue;
        }
        B.o = o;
        B.n = n;
        B.m = m;
        B.s = s;
        B.x = gx;
        B.y = gy;
        B.dhat = dhat;
        B.dstar = dstar;
        if ((rc = bandwidth(dhat, n, &B.h, &B.shrink)))
            goto done;
        if (B.h == 0)
            nsmooth0++;
        if (T.nthreads > 1)
            nqpf__pool_run(pool);
        else
            team_work(&T, 0);
        for (unsigned t = 0; t < T.nthreads; t++)
            if (T.wk[t].rc) {
                rc = nqpf_error_set(T.wk[t].rc, "%s", T.wk[t].msg);
                goto done;
            }
        for (size_t k = 0; k < n; k++) {
            size_t i = gobs[k];
            int adv;
            summarise(&B, k, work, o->alpha, &out[i], &out[nobs + i], &out[2 * nobs + i], &out[3 * nobs + i],
                      &out[4 * nobs + i], &adv);
            if (adv >= 0) {
                nest++;
                nnot += adv == 0;
            }
        }
    }
    static const char *const names[] = {"te_bc", "bias", "var", "ci_lo", "ci_hi"};
    for (int c = 0; c < 5; c++)
        if ((rc = nqpf_table_add_num(res, names[c], out + (size_t)c * nobs, NULL)))
            goto done;
    if (nskip)
        nqpf_warn("dea: bootstrap: %zu observation%s without a positive finite efficiency (or alone in %s reference "
                  "set) %s no bootstrap columns",
                  nskip, nskip == 1 ? "" : "s", nskip == 1 ? "its" : "their", nskip == 1 ? "has" : "have");
    if (nsmooth0)
        nqpf_warn("dea: bootstrap: %zu reference set%s fewer than 2 inefficient DMUs, so the draws were not "
                  "smoothed (bandwidth 0); the intervals there are unreliable",
                  nsmooth0, nsmooth0 == 1 ? " has" : "s have");
    if (nnot)
        nqpf_warn("dea: bootstrap: for %zu of %zu DMUs bias^2 < var/3, where the bias-corrected te_bc is likely "
                  "less accurate than te (Simar and Wilson 2000): report te with its interval there",
                  nnot, nest);
    rc = NQPF_OK;
done:
    if (pool)
        nqpf__pool_free(pool);
    if (T.wk) {
        worker_release(&T.wk[0]);
        free(T.wk);
    }
    free(out);
    free(gx);
    free(gy);
    free(dhat);
    free(gobs);
    free(work);
    free(dstar);
    return rc;
}
