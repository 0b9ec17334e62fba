/* Classification of regions on standardised indicators: k-means with k-means++ seeding (MacQueen
 * 1967; Arthur and Vassilvitskii 2007), Ward's (1963) minimum-variance hierarchy, and the mean
 * silhouette (Rousseeuw 1987) for choosing the number of classes. docs/regions.md has the details. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "nqpf/global.h"
#include "nqpf/region.h"
#include "region/classify_internal.h"
#include "../util/util.h"

/* Lloyd iterations stop when no label changes or after this many passes. */
#define KMEANS_MAX_ITER 300
/* Ward's n x n merge-cost matrix and O(n^3) search suit regions, not large firm samples. */
#define WARD_MAX_UNITS 5000

static double sqdist(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += (a[j] - b[j]) * (a[j] - b[j]);
    return s;
}

/* Renumbers labels in order of first appearance so that equal partitions print equally. */
static int canonical_labels(size_t *labels, size_t n, size_t k)
{
    size_t map[64], *m = k <= 64 ? map : nqpf__malloc(k, sizeof *m);
    if (!m)
        return NQPF_EINTERNAL;
    for (size_t c = 0; c < k; c++)
        m[c] = NQPF_NONE;
    size_t next = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[labels[i]] == NQPF_NONE)
            m[labels[i]] = next++;
        labels[i] = m[labels[i]];
    }
    if (m != map)
        free(m);
    return NQPF_OK;
}

static double within_ss(const double *x, size_t n, size_t d, const size_t *labels, size_t k, double *centers)
{
    size_t *cnt = calloc(k, sizeof *cnt);
    if (!cnt)
        return NAN;
    memset(centers, 0, k * d * sizeof *centers);
    for (size_t i = 0; i < n; i++) {
        cnt[labels[i]]++;
        for (size_t j = 0; j < d; j++)
            centers[labels[i] * d + j] += x[i * d + j];
    }
    for (size_t c = 0; c < k; c++)
        for (size_t j = 0; j < d; j++)
            centers[c * d + j] = cnt[c] ? centers[c * d + j] / (double)cnt[c] : 0;
    double w = 0;
    for (size_t i = 0; i < n; i++)
        w += sqdist(x + i * d, centers + labels[i] * d, d);
    free(cnt);
    return w;
}

/* One k-means run from k-means++ seeds drawn with r. */
static void kmeans_once(size_t *lab, double *cen, double *dist, size_t *cnt, const double *x, size_t n, size_t d,
                        size_t k, gsl_rng *r)
{
    size_t first = (size_t)gsl_rng_uniform_int(r, n);
    memcpy(cen, x + first * d, d * sizeof *cen);
    for (size_t i = 0; i < n; i++)
        dist[i] = sqdist(x + i * d, cen, d);
    for (size_t c = 1; c < k; c++) {
        double tot = 0;
        for (size_t i = 0; i < n; i++)
            tot += dist[i];
        size_t pick = n - 1;
        if (tot > 0) {
            /* D^2 weighting: the next seed is drawn with probability proportional to its squared
             * distance from the nearest seed so far. */
            double u = gsl_rng_uniform(r) * tot, acc = 0;
            for (size_t i = 0; i < n; i++) {
                acc += dist[i];
                if (u < acc && dist[i] > 0) {
                    pick = i;
                    break;
                }
            }
        } else {
            pick = (size_t)gsl_rng_uniform_int(r, n);
        }
        memcpy(cen + c * d, x + pick * d, d * sizeof *cen);
        for (size_t i = 0; i < n; i++)
            dist[i] = fmin(dist[i], sqdist(x + i * d, cen + c * d, d));
    }
    for (size_t i = 0; i < n; i++)
        lab[i] = NQPF_NONE;
    for (size_t it = 0; it < KMEANS_MAX_ITER; it++) {
        int changed = 0;
        for (size_t i = 0; i < n; i++) {
            size_t best = 0;
            double bd = INFINITY;
            for (size_t c = 0; c < k; c++) {
                double dd = sqdist(x + i * d, cen + c * d, d);
                if (dd < bd)
                    bd = dd, best = c;
            }
            dist[i] = bd;
            if (lab[i] != best)
                lab[i] = best, changed = 1;
        }
        if (!changed)
            break;
        memset(cnt, 0, k * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[lab[i]]++;
        /* An emptied cluster takes the point farthest from its centre, so k classes survive. */
        for (size_t c = 0; c < k; c++) {
            if (cnt[c])
                continue;
            size_t far = NQPF_NONE;
            for (size_t i = 0; i < n; i++)
                if (cnt[lab[i]] > 1 && (far == NQPF_NONE || dist[i] > dist[far]))
                    far = i;
            cnt[lab[far]]--;
            lab[far] = c;
            cnt[c] = 1;
            dist[far] = 0;
        }
        memset(cen, 0, k * d * sizeof *cen);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < d; j++)
                cen[lab[i] * d + j] += x[i * d + j];
        for (size_t c = 0; c < k; c++)
            for (size_t j = 0; j < d; j++)
                cen[c * d + j] /= (double)cnt[c];
    }
}

int nqpf_kmeans(size_t *labels, double *wss, const double *x, size_t n, size_t d, size_t k, unsigned long seed,
                size_t restarts)
{
    if (k == 0 || k > n || restarts == 0)
        return nqpf_error_set(NQPF_EUSAGE, "k-means: expected 1 <= k <= %zu and at least one restart, found k = %zu",
                              n, k);
    nqpf_global_init(); /* GSL reports, never aborts */
    int rc = NQPF_OK;
    size_t *lab = nqpf__malloc(n, sizeof *lab), *cnt = nqpf__malloc(k, sizeof *cnt);
    double *cen = nqpf__malloc(k * d, sizeof *cen), *dist = nqpf__malloc(n, sizeof *dist);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!lab || !cnt || !cen || !dist || !r) {
        rc = nqpf__nomem("the k-means classification");
        goto done;
    }
    gsl_rng_set(r, seed);
    double best = INFINITY;
    for (size_t run = 0; run < restarts; run++) {
        kmeans_once(lab, cen, dist, cnt, x, n, d, k, r);
        double w = within_ss(x, n, d, lab, k, cen);
        if (w < best) {
            best = w;
            memcpy(labels, lab, n * sizeof *lab);
        }
    }
    rc = canonical_labels(labels, n, k);
    if (wss)
        *wss = best;
done:
    free(lab);
    free(cnt);
    free(cen);
    free(dist);
    gsl_rng_free(r);
    return rc;
}

int nqpf_ward(size_t *labels, const double *x, size_t n, size_t d, size_t k)
{
    if (k == 0 || k > n)
        return nqpf_error_set(NQPF_EUSAGE, "Ward clustering: expected 1 <= k <= %zu, found %zu", n, k);
    if (n > WARD_MAX_UNITS)
        return nqpf_error_set(NQPF_EUSAGE, "Ward clustering keeps an n x n matrix and takes O(n^3) steps: at most %d "
                              "units, found %zu (use k-means)", WARD_MAX_UNITS, n);
    /* D[i][j] is the rise in the within sum of squares if clusters i and j merged:
     * n_i n_j / (n_i + n_j) |c_i - c_j|^2, updated by the Lance-Williams formula for Ward. */
    double *D = nqpf__malloc(n * n, sizeof *D);
    size_t *sz = nqpf__malloc(n, sizeof *sz), *rep = nqpf__malloc(n, sizeof *rep);
    if (!D || !sz || !rep) {
        free(D);
        free(sz);
        free(rep);
        return NQPF_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        sz[i] = 1;
        rep[i] = i;
        for (size_t j = 0; j < n; j++)
            D[i * n + j] = 0.5 * sqdist(x + i * d, x + j * d, d);
    }
    for (size_t live = n; live > k; live--) {
        size_t bi = 0, bj = 0;
        double bd = INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (!sz[i])
                continue;
            for (size_t j = i + 1; j < n; j++)
                if (sz[j] && D[i * n + j] < bd)
                    bd = D[i * n + j], bi = i, bj = j;
        }
        double ni = (double)sz[bi], nj = (double)sz[bj];
        for (size_t m = 0; m < n; m++) {
            if (!sz[m] || m == bi || m == bj)
                continue;
            double nm = (double)sz[m];
            double v = ((ni + nm) * D[m * n + bi] + (nj + nm) * D[m * n + bj] - nm * bd) / (ni + nj + nm);
            D[m * n + bi] = D[bi * n + m] = v;
        }
        sz[bi] += sz[bj];
        sz[bj] = 0;
        for (size_t i = 0; i < n; i++)
            if (rep[i] == bj)
                rep[i] = bi;
    }
    for (size_t i = 0; i < n; i++)
        labels[i] = rep[i];
    free(D);
    free(sz);
    free(rep);
    return canonical_labels(labels, n, n);
}

double nqpf_silhouette(double *s, const double *x, size_t n, size_t d, const size_t *labels, size_t k)
{
    size_t *cnt = calloc(k ? k : 1, sizeof *cnt);
    double *sum = calloc(k ? k : 1, sizeof *sum);
    double mean = NAN;
    if (!cnt || !sum)
        goto done;
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += cnt[labels[i]]++ == 0;
    if (used < 2)
        goto done;
    mean = 0;
    for (size_t i = 0; i < n; i++) {
        memset(sum, 0, k * sizeof *sum);
        for (size_t r = 0; r < n; r++)
            if (r != i)
                sum[labels[r]] += sqrt(sqdist(x + i * d, x + r * d, d));
        double si = 0;
        if (cnt[labels[i]] > 1) {
            double a = sum[labels[i]] / (double)(cnt[labels[i]] - 1), b = INFINITY;
            for (size_t c = 0; c < k; c++)
                if (c != labels[i] && cnt[c])
                    b = fmin(b, sum[c] / (double)cnt[c]);
            double mx = fmax(a, b);
            si = mx > 0 ? (b - a) / mx : 0;
        }
        if (s)
            s[i] = si;
        mean += si;
    }
    mean /= (double)n;
done:
    free(cnt);
    free(sum);
    return mean;
}

/* "A", "A and B", "A, B and C" (English) or "A、B、C" (Chinese) into b. */
static void join_names(nqpf__buf *b, const char *const *names, const size_t *idx, size_t m, int zh)
{
    for (size_t q = 0; q < m; q++) {
        if (q)
            nqpf__buf_puts(b, zh ? "、" : (q + 1 == m ? " and " : ", "));
        nqpf__buf_puts(b, names[idx[q]]);
    }
}

/* The one-line description of a class from its mean z-scores: variables beyond +-strong, most
 * extreme first. */
static char *describe(const double *z, const char *const *names, size_t d, double strong, int zh)
{
    size_t *hi = malloc(d * sizeof *hi), *lo = malloc(d * sizeof *lo), nh = 0, nl = 0;
    nqpf__buf b = NQPF__BUF_INIT;
    char *out = NULL;
    if (!hi || !lo)
        goto done;
    for (size_t j = 0; j < d; j++) {
        if (z[j] > strong)
            hi[nh++] = j;
        else if (z[j] < -strong)
            lo[nl++] = j;
    }
    for (size_t a = 1; a < nh; a++)
        for (size_t c = a; c > 0 && z[hi[c]] > z[hi[c - 1]]; c--) {
            size_t t = hi[c];
            hi[c] = hi[c - 1];
            hi[c - 1] = t;
        }
    for (size_t a = 1; a < nl; a++)
        for (size_t c = a; c > 0 && z[lo[c]] < z[lo[c - 1]]; c--) {
            size_t t = lo[c];
            lo[c] = lo[c - 1];
            lo[c - 1] = t;
        }
    if (!nh && !nl) {
        nqpf__buf_puts(&b, zh ? "各项指标均接近平均水平" : "close to the average in every variable");
    } else {
        if (nh) {
            if (!zh)
                nqpf__buf_puts(&b, "strong in ");
            join_names(&b, names, hi, nh, zh);
            if (zh)
                nqpf__buf_puts(&b, "较强");
        }
        if (nl) {
            if (nh)
                nqpf__buf_puts(&b, zh ? "；" : "; ");
            if (!zh)
                nqpf__buf_puts(&b, "weak in ");
            join_names(&b, names, lo, nl, zh);
            if (zh)
                nqpf__buf_puts(&b, "较弱");
        }
    }
    if (!b.failed)
        out = nqpf__strdup(nqpf__buf_cstr(&b));
done:
    nqpf__buf_free(&b);
    free(hi);
    free(lo);
    return out;
}

int nqpf_classify(nqpf_table **units, nqpf_table **profiles, nqpf_table **kchoice, const nqpf_panel *p,
                  const nqpf_classify_options *o)
{
    *units = *profiles = *kchoice = NULL;
    size_t d = o->nvars, nu = nqpf_panel_nunits(p);
    int rc = nqpf__classify_check(o);
    if (rc)
        return rc;
    if (o->has_year && nqpf_panel_time_index(p, o->year) == NQPF_NONE) {
        size_t nt;
        const long *times = nqpf_panel_times(p, &nt);
        return nqpf_opt_error(NQPF_EDATA, "year", "no rows in %ld (%s runs from %ld to %ld)", o->year,
                              nqpf_table_source(nqpf_panel_table(p)), nt ? times[0] : 0, nt ? times[nt - 1] : 0);
    }
    const double **col = nqpf__calloc(d, sizeof *col);
    double *raw = nqpf__malloc(nu * d, sizeof *raw), *z = nqpf__malloc(nu * d, sizeof *z);
    double *mu = nqpf__malloc(d, sizeof *mu), *sd = nqpf__malloc(d, sizeof *sd), *sil = nqpf__malloc(nu, sizeof *sil);
    size_t *keep = nqpf__malloc(nu, sizeof *keep), *lab = nqpf__malloc(nu, sizeof *lab);
    size_t *best = nqpf__malloc(nu, sizeof *best);
    double *kc_k = NULL, *kc_s = NULL, *kc_w = NULL;
    nqpf_table *tu = NULL, *tp = NULL, *tk = NULL;
    char **desc = NULL;
    size_t ndesc = 0;
    if (!col || !raw || !z || !mu || !sd || !sil || !keep || !lab || !best) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t j = 0; j < d; j++)
        if ((rc = nqpf_panel_column(p, o->vars[j], &col[j])))
            goto done;
    /* One profile per unit: the chosen year's values or the mean over its years. */
    size_t n = 0;
    for (size_t u = 0; u < nu; u++) {
        int ok = 1;
        for (size_t j = 0; j < d; j++) {
            double v = NAN;
            if (o->has_year) {
                size_t i = nqpf_panel_find(p, u, o->year);
                v = i == NQPF_NONE ? NAN : col[j][i];
            } else {
                double s = 0;
                size_t c = 0;
                for (size_t i = nqpf_panel_unit_begin(p, u); i < nqpf_panel_unit_end(p, u); i++)
                    if (!isnan(col[j][i]))
                        s += col[j][i], c++;
                v = c ? s / (double)c : NAN;
            }
            raw[n * d + j] = v;
            ok &= !isnan(v);
        }
        if (ok)
            keep[n++] = u;
    }
    if (n < nu) {
        if (o->has_year)
            nqpf_warn("classify: %zu of %zu units lack a value in %ld and are left out", nu - n, nu, o->year);
        else
            nqpf_warn("classify: %zu of %zu units have no value of some variable and are left out", nu - n, nu);
    }
    if (n < 3) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: classify needs at least 3 units with all variables present, found %zu",
                            nqpf_table_source(nqpf_panel_table(p)), n);
        goto done;
    }
    if (o->k && (o->k < 2 || o->k >= n)) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "k", "must be between 2 and %zu (one less than the %zu units), found %zu", n - 1,
                            n, o->k);
        goto done;
    }
    for (size_t j = 0; j < d; j++) {
        double s = 0, ss = 0;
        for (size_t i = 0; i < n; i++)
            s += raw[i * d + j];
        mu[j] = s / (double)n;
        for (size_t i = 0; i < n; i++)
            ss += (raw[i * d + j] - mu[j]) * (raw[i * d + j] - mu[j]);
        sd[j] = sqrt(ss / (double)(n - 1));
        if (!(sd[j] > 0)) {
            rc = nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a variable that differs across units, found the "
                                "same value for all %zu", nqpf_table_source(nqpf_panel_table(p)), o->vars[j], n);
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            z[i * d + j] = (raw[i * d + j] - mu[j]) / sd[j];
    }
    size_t k_lo = o->k ? o->k : 2, k_hi = o->k ? o->k : (n - 1 < 8 ? n - 1 : 8), nk = k_hi - k_lo + 1;
    if (!(kc_k = nqpf__malloc(nk, sizeof *kc_k)) || !(kc_s = nqpf__malloc(nk, sizeof *kc_s)) ||
        !(kc_w = nqpf__malloc(nk, sizeof *kc_w))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double best_s = -INFINITY;
    size_t K = k_lo;
    double *cen = nqpf__malloc(k_hi * d, sizeof *cen);
    if (!cen) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t k = k_lo; k <= k_hi; k++) {
        double w;
        if (o->method == NQPF_CLASSIFY_WARD) {
            rc = nqpf_ward(lab, z, n, d, k);
            w = within_ss(z, n, d, lab, k, cen);
        } else {
            rc = nqpf_kmeans(lab, &w, z, n, d, k, o->seed, o->restarts ? o->restarts : 1);
        }
        if (rc) {
            free(cen);
            goto done;
        }
        double s = nqpf_silhouette(NULL, z, n, d, lab, k);
        kc_k[k - k_lo] = (double)k;
        kc_s[k - k_lo] = s;
        kc_w[k - k_lo] = w;
        /* Strictly greater: on a tie the smaller K, the simpler answer, wins. */
        if (k == k_lo || s > best_s) {
            best_s = s;
            K = k;
            memcpy(best, lab, n * sizeof *lab);
        }
    }
    free(cen);
    nqpf_silhouette(sil, z, n, d, best, K);
    /* Units table. */
    {
        const char **ids = nqpf__malloc(n, sizeof *ids);
        double *cls = nqpf__malloc(n, sizeof *cls);
        if (!ids || !cls || !(tu = nqpf_table_new(n))) {
            free((void *)ids);
            free(cls);
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            ids[i] = nqpf_panel_unit_name(p, keep[i]);
            cls[i] = (double)(best[i] + 1);
        }
        if (!(rc = nqpf_table_add_text(tu, nqpf_panel_id_col(p), ids, NULL)) &&
            !(rc = nqpf_table_add_num(tu, "class", cls, NULL)))
            rc = nqpf_table_add_num(tu, "silhouette", sil, NULL);
        free((void *)ids);
        free(cls);
        if (rc)
            goto done;
    }
    /* Profiles table: class means in original units and in z-scores. */
    {
        double *cnt = nqpf__calloc(K, sizeof *cnt), *mraw = nqpf__calloc(K * d, sizeof *mraw);
        double *mz = nqpf__calloc(K * d, sizeof *mz), *cl = nqpf__malloc(K, sizeof *cl), *colv = nqpf__malloc(K, sizeof *colv);
        desc = nqpf__calloc(K, sizeof *desc);
        ndesc = desc ? K : 0;
        char name[512];
        if (!cnt || !mraw || !mz || !cl || !colv || !desc || !(tp = nqpf_table_new(K)))
            rc = NQPF_EINTERNAL;
        for (size_t i = 0; !rc && i < n; i++) {
            cnt[best[i]] += 1;
            for (size_t j = 0; j < d; j++) {
                mraw[best[i] * d + j] += raw[i * d + j];
                mz[best[i] * d + j] += z[i * d + j];
            }
        }
        for (size_t c = 0; !rc && c < K; c++) {
            cl[c] = (double)(c + 1);
            for (size_t j = 0; j < d; j++) {
                mraw[c * d + j] /= cnt[c];
                mz[c * d + j] /= cnt[c];
            }
            if (!(desc[c] = describe(mz + c * d, o->vars, d, o->strong, o->lang_zh)))
                rc = NQPF_EINTERNAL;
        }
        if (!rc)
            rc = nqpf_table_add_num(tp, "class", cl, NULL);
        if (!rc)
            rc = nqpf_table_add_num(tp, "n", cnt, NULL);
        for (int pass = 0; pass < 2 && !rc; pass++)
            for (size_t j = 0; j < d && !rc; j++) {
                snprintf(name, sizeof name, "%s%s", pass ? "z_" : "mean_", o->vars[j]);
                for (size_t c = 0; c < K; c++)
                    colv[c] = (pass ? mz : mraw)[c * d + j];
                rc = nqpf_table_add_num(tp, name, colv, NULL);
            }
        if (!rc)
            rc = nqpf_table_add_text(tp, "description", (const char *const *)desc, NULL);
        free(cnt);
        free(mraw);
        free(mz);
        free(cl);
        free(colv);
        if (rc)
            goto done;
    }
    if (!(tk = nqpf_table_new(nk)) || (rc = nqpf_table_add_num(tk, "k", kc_k, NULL)) ||
        (rc = nqpf_table_add_num(tk, "mean_silhouette", kc_s, NULL)) || (rc = nqpf_table_add_num(tk, "wss", kc_w, NULL))) {
        rc = rc ? rc : NQPF_EINTERNAL;
        goto done;
    }
    *units = tu;
    *profiles = tp;
    *kchoice = tk;
    tu = tp = tk = NULL;
done:
    for (size_t c = 0; c < ndesc; c++)
        free(desc[c]);
    free(desc);
    nqpf_table_free(tu);
    nqpf_table_free(tp);
    nqpf_table_free(tk);
    free((void *)col);
    free(raw);
    free(z);
    free(mu);
    free(sd);
    free(sil);
    free(keep);
    free(lab);
    free(best);
    free(kc_k);
    free(kc_s);
    free(kc_w);
    return rc;
}
