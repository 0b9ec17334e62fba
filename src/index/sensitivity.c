/* Monte Carlo uncertainty analysis of the index (Saisana et al. 2005): normalisation, weighting,
 * weight noise and aggregation drawn at random around the nominal choice; rank intervals, the
 * rank shift each choice causes alone and its first-order share of the rank variance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "nqpf/global.h"
#include "nqpf/options.h"
#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

/* ---- sensitivity ---- */

static int wspec_eq(wspec a, wspec b)
{
    return a.comb == b.comb && a.a == b.a && (a.comb == NQPF_COMBINE_NONE || a.b == b.b);
}

void nqpf_index__wspec_name(wspec s, char *buf, size_t size)
{
    if (s.comb == NQPF_COMBINE_NONE)
        snprintf(buf, size, "%s", nqpf_index__w_names[s.a]);
    else
        snprintf(buf, size, "%s%c%s", nqpf_index__w_names[s.a], s.comb == NQPF_COMBINE_ARITH ? '+' : '*', nqpf_index__w_names[s.b]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct sens {
    size_t nn, nw, na;
    enum nqpf_index_norm norms[5];
    wspec ws[8];
    enum nqpf_index_agg aggs[5];
    double *Y;   /* nn normalised matrices */
    int *Ydir;
    double *Wt;  /* nn x nw weights */
    int *okw;    /* nn x nw */
    int *ok;     /* nn x nw x na */
    double *W, *S, *score, *rank, *wp;
} sens;

static void sens_free(sens *s)
{
    free(s->Y), free(s->Ydir), free(s->Wt), free(s->okw), free(s->ok);
    free(s->W), free(s->S), free(s->score), free(s->rank), free(s->wp);
}

/* Ranks of one configuration (indices into the level lists) with weights wv. */
static int sens_run(ctx *c, sens *s, size_t a, size_t g, const double *wv, double *rank)
{
    size_t m = c->m;
    const double *x = s->Y + a * m * c->n;
    const int *xd = s->Ydir + a * m;
    enum nqpf_index_agg agg = s->aggs[g];
    if (agg == NQPF_AGG_TOPSIS_VECTOR)
        x = c->raw, xd = c->dir;
    int rc = nqpf_index__aggregate(c, agg, x, xd, wv, s->W, s->S, NULL, NULL);
    if (rc)
        return rc;
    nqpf_index__year_ranks(c, s->S, rank);
    return NQPF_OK;
}

static void perturb(const ctx *c, gsl_rng *rng, const double *w, double *out)
{
    double t = 0;
    for (size_t j = 0; j < c->m; j++) {
        out[j] = w[j] * gsl_ran_flat(rng, 1 - c->o->perturb, 1 + c->o->perturb);
        t += out[j];
    }
    for (size_t j = 0; j < c->m; j++)
        out[j] /= t;
}

int nqpf_index__sensitivity(ctx *c, nqpf_index_result *res, const choice *nom, const double *nom_rank, nqpf_table *t)
{
    size_t n = c->n, m = c->m, N = c->o->sensitivity;
    sens s;
    memset(&s, 0, sizeof s);
    int rc = NQPF_OK;
    gsl_rng *rng = NULL;
    double *R = NULL, *med = NULL, *p05 = NULL, *p95 = NULL, *col = NULL;
    size_t *lev = NULL;
    char buf[256];
    nqpf__buf lv = NQPF__BUF_INIT;

    /* The alternatives of each choice; the nominal one comes first. */
    int allpos = 1;
    for (size_t q = 0; q < m * n; q++)
        allpos &= c->raw[q] > 0;
    enum nqpf_index_norm nc[] = {nom->norm, NQPF_NORM_MINMAX, NQPF_NORM_RANK, NQPF_NORM_RATIO_MEAN};
    for (size_t k = 0; k < 4; k++) {
        int dup = 0;
        for (size_t q = 0; q < s.nn; q++)
            dup |= s.norms[q] == nc[k];
        if (!dup && (nc[k] != NQPF_NORM_RATIO_MEAN || allpos))
            s.norms[s.nn++] = nc[k];
    }
    wspec wc[] = {nom->ws, {NQPF_W_ENTROPY, NQPF_W_ENTROPY, NQPF_COMBINE_NONE}, {NQPF_W_CRITIC, NQPF_W_CRITIC, NQPF_COMBINE_NONE},
                  {NQPF_W_CV, NQPF_W_CV, NQPF_COMBINE_NONE}, {NQPF_W_EQUAL, NQPF_W_EQUAL, NQPF_COMBINE_NONE}};
    for (size_t k = 0; k < 5; k++) {
        int dup = 0;
        for (size_t q = 0; q < s.nw; q++)
            dup |= wspec_eq(s.ws[q], wc[k]);
        if (!dup)
            s.ws[s.nw++] = wc[k];
    }
    enum nqpf_index_agg ac[] = {nom->agg, NQPF_AGG_SUM, NQPF_AGG_GEOMETRIC, NQPF_AGG_TOPSIS, NQPF_AGG_GRA};
    for (size_t k = 0; k < 5; k++) {
        int dup = 0;
        for (size_t q = 0; q < s.na; q++)
            dup |= s.aggs[q] == ac[k];
        if (!dup)
            s.aggs[s.na++] = ac[k];
    }
    if (N > 100000 || N * n > 200000000) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "sensitivity", "%zu: too many replications for %zu observations", N, n);
        goto done;
    }
    if (!(s.Y = nqpf__malloc(s.nn * m * n, sizeof *s.Y)) || !(s.Ydir = nqpf__malloc(s.nn * m, sizeof *s.Ydir)) ||
        !(s.Wt = nqpf__malloc(s.nn * s.nw * m, sizeof *s.Wt)) || !(s.okw = nqpf__calloc(s.nn * s.nw, sizeof *s.okw)) ||
        !(s.ok = nqpf__calloc(s.nn * s.nw * s.na, sizeof *s.ok)) || !(s.W = nqpf__malloc(c->nnodes, sizeof *s.W)) ||
        !(s.S = nqpf__malloc(c->nnodes * n, sizeof *s.S)) || !(s.rank = nqpf__malloc(n, sizeof *s.rank)) ||
        !(s.wp = nqpf__malloc(m, sizeof *s.wp)) || !(R = nqpf__malloc(N * n, sizeof *R)) ||
        !(lev = nqpf__malloc(3 * (N ? N : 1), sizeof *lev)) ||
        !(med = nqpf__malloc(n, sizeof *med)) || !(p05 = nqpf__malloc(n, sizeof *p05)) ||
        !(p95 = nqpf__malloc(n, sizeof *p95)) || !(col = nqpf__malloc(N, sizeof *col))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Which combinations the data support (entropy on z-scores, geometric means of zeros do not):
     * a draw that lands on one of the others is drawn again. */
    size_t nvalid = 0;
    for (size_t a = 0; a < s.nn; a++) {
        if (nqpf_index__normalise(c, s.norms[a], c->o->shift, s.Y + a * m * n, s.Ydir + a * m) != NQPF_OK)
            continue;
        for (size_t b = 0; b < s.nw; b++) {
            if (nqpf_index__weights(c, s.ws[b], s.Y + a * m * n, s.Wt + (a * s.nw + b) * m, NULL) != NQPF_OK)
                continue;
            s.okw[a * s.nw + b] = 1;
            for (size_t g = 0; g < s.na; g++)
                if (sens_run(c, &s, a, g, s.Wt + (a * s.nw + b) * m, s.rank) == NQPF_OK) {
                    s.ok[(a * s.nw + b) * s.na + g] = 1;
                    nvalid++;
                }
        }
    }
    nqpf_error_clear();
    if (!s.ok[0]) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "sensitivity: the nominal configuration failed to rerun");
        goto done;
    }
    nqpf_global_init(); /* GSL reports, never aborts */
    if (!(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
        rc = nqpf__nomem("the sensitivity analysis's random numbers");
        goto done;
    }
    gsl_rng_set(rng, c->o->seed);
    for (size_t r = 0; r < N; r++) {
        size_t a, b, g;
        do {
            a = gsl_rng_uniform_int(rng, s.nn);
            b = gsl_rng_uniform_int(rng, s.nw);
            g = gsl_rng_uniform_int(rng, s.na);
        } while (!s.ok[(a * s.nw + b) * s.na + g]);
        perturb(c, rng, s.Wt + (a * s.nw + b) * m, s.wp);
        if ((rc = sens_run(c, &s, a, g, s.wp, R + r * n)))
            goto done;
        lev[r * 3] = a, lev[r * 3 + 1] = b, lev[r * 3 + 2] = g;
    }
    /* Main effect of each discrete choice: the share of the ranks' Monte Carlo variance explained
     * by the choice's level (between-level variance of the conditional means), pooled over
     * unit-years. A continuous vector (the weight noise) has no levels to group on. */
    double first[4] = {NAN, NAN, NAN, NAN};
    for (int f = 0; f < 3; f++) {
        size_t nl = f == 0 ? s.nn : f == 1 ? s.nw : s.na;
        double between = 0, total = 0, lsum[8], lcnt[8];
        for (size_t i = 0; i < n; i++) {
            double mu = 0, cnt = 0;
            for (size_t l = 0; l < nl; l++)
                lsum[l] = lcnt[l] = 0;
            for (size_t r = 0; r < N; r++) {
                double v = R[r * n + i];
                if (isnan(v))
                    continue;
                mu += v, cnt++;
                lsum[lev[r * 3 + (size_t)f]] += v, lcnt[lev[r * 3 + (size_t)f]]++;
            }
            if (cnt < 1)
                continue;
            mu /= cnt;
            for (size_t r = 0; r < N; r++)
                if (!isnan(R[r * n + i]))
                    total += (R[r * n + i] - mu) * (R[r * n + i] - mu) / cnt;
            for (size_t l = 0; l < nl; l++)
                if (lcnt[l] > 0)
                    between += lcnt[l] / cnt * (lsum[l] / lcnt[l] - mu) * (lsum[l] / lcnt[l] - mu);
        }
        first[f == 2 ? 3 : f] = total > 0 ? between / total : 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t r = 0; r < N; r++)
            if (!isnan(R[r * n + i]))
                col[k++] = R[r * n + i];
        qsort(col, k, sizeof *col, cmp_double);
        med[i] = k ? gsl_stats_quantile_from_sorted_data(col, 1, k, 0.5) : NAN;
        p05[i] = k ? gsl_stats_quantile_from_sorted_data(col, 1, k, 0.05) : NAN;
        p95[i] = k ? gsl_stats_quantile_from_sorted_data(col, 1, k, 0.95) : NAN;
    }
    if ((rc = nqpf_index__add_col(t, "rank_median", med)) || (rc = nqpf_index__add_col(t, "rank_p05", p05)) || (rc = nqpf_index__add_col(t, "rank_p95", p95)))
        goto done;

    /* One choice at a time, the others nominal: how far do the ranks move? */
    static const char *const fname[4] = {"normalisation", "weighting", "weight_perturbation", "aggregation"};
    const char *fl[4] = {NULL, NULL, NULL, NULL};
    double fmean[4], fmx[4], nused[4];
    char *levels[4] = {NULL, NULL, NULL, NULL};
    size_t nd = n;
    for (int f = 0; f < 4; f++) {
        double sum = 0, mx = 0;
        size_t cnt = 0, used = 0;
        size_t K = f == 0 ? s.nn : f == 1 ? s.nw : f == 2 ? (N < 50 ? N : 50) : s.na;
        lv.len = 0;
        if (lv.data)
            lv.data[0] = 0;
        for (size_t k = 0; k < K; k++) {
            size_t a = f == 0 ? k : 0, b = f == 1 ? k : 0, g = f == 3 ? k : 0;
            if (f == 2) {
                perturb(c, rng, s.Wt, s.wp);
            } else {
                if (k == 0 || !s.ok[(a * s.nw + b) * s.na + g])
                    continue;
                memcpy(s.wp, s.Wt + (a * s.nw + b) * m, m * sizeof *s.wp);
            }
            if ((rc = sens_run(c, &s, a, g, s.wp, s.rank)))
                goto done;
            used++;
            if (f == 0)
                nqpf__buf_printf(&lv, "%s%s", lv.len ? "," : "", nqpf_index__norm_names[s.norms[k]]);
            else if (f == 1) {
                nqpf_index__wspec_name(s.ws[k], buf, sizeof buf);
                nqpf__buf_printf(&lv, "%s%s", lv.len ? "," : "", buf);
            } else if (f == 3)
                nqpf__buf_printf(&lv, "%s%s", lv.len ? "," : "", nqpf_index__agg_names[s.aggs[k]]);
            for (size_t i = 0; i < nd; i++)
                if (!isnan(s.rank[i]) && !isnan(nom_rank[i])) {
                    double dlt = fabs(s.rank[i] - nom_rank[i]);
                    sum += dlt, cnt++;
                    mx = fmax(mx, dlt);
                }
        }
        if (f == 2)
            nqpf__buf_printf(&lv, "%zu draws of U(%g, %g)", used, 1 - c->o->perturb, 1 + c->o->perturb);
        if (lv.failed || !(levels[f] = nqpf__strdup(lv.len ? nqpf__buf_cstr(&lv) : "")))
            rc = NQPF_EINTERNAL;
        fmean[f] = cnt ? sum / (double)cnt : NAN;
        fmx[f] = cnt ? mx : NAN;
        nused[f] = (double)used;
        fl[f] = levels[f];
        if (rc)
            break;
    }
    if (!rc) {
        nqpf_table *ft = nqpf_table_new(4);
        if (!ft)
            rc = NQPF_EINTERNAL;
        else if ((rc = nqpf_table_add_text(ft, "factor", fname, NULL)) || (rc = nqpf_table_add_text(ft, "alternatives", fl, NULL)) ||
                 (rc = nqpf_index__add_col(ft, "n_alternatives", nused)) || (rc = nqpf_index__add_col(ft, "mean_abs_rank_shift", fmean)) ||
                 (rc = nqpf_index__add_col(ft, "max_abs_rank_shift", fmx)) || (rc = nqpf_index__add_col(ft, "first_order_share", first)))
            nqpf_table_free(ft);
        else
            res->factors = ft;
        int best = -1;
        for (int f = 0; f < 4; f++)
            if (!isnan(fmean[f]) && (best < 0 || fmean[f] > fmean[best]))
                best = f;
        nqpf_index__note(res, "sensitivity_replications", "%zu", N);
        nqpf_index__note(res, "sensitivity_seed", "%lu", c->o->seed);
        nqpf_index__note(res, "sensitivity_perturbation", "%g", c->o->perturb);
        nqpf_index__note(res, "sensitivity_valid_configurations", "%zu", nvalid);
        for (int f = 0; f < 4; f++) {
            char key[64];
            snprintf(key, sizeof key, "sensitivity_%s", fname[f]);
            nqpf_index__note(res, key, "alternatives %s; mean |rank shift| %.4g, max %.4g; first-order share of rank variance %.4g",
                 fl[f], fmean[f], fmx[f], first[f]);
        }
        nqpf_index__note(res, "sensitivity_most_influential", "%s", best >= 0 ? fname[best] : "none");
    }
    for (int f = 0; f < 4; f++)
        free(levels[f]);
done:
    nqpf__buf_free(&lv);
    gsl_rng_free(rng);
    sens_free(&s);
    free(R), free(med), free(p05), free(p95), free(col), free(lev);
    return rc;
}

