/* Panel-level distribution dynamics: yearly kernel densities on a common grid with their shape,
 * and classic and spatial Markov chains written as result tables. See docs/spatial.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dynamics.h"
#include "../util/util.h"

/* Values of @p var as a units x periods matrix (NaN = missing), relative to each period's mean
 * when asked. */
static int value_matrix(double **out, const nqpf_panel *p, const char *var, int relative)
{
    const double *v;
    int rc = nqpf_panel_column(p, var, &v);
    if (rc)
        return rc;
    size_t nt, nu = nqpf_panel_nunits(p);
    const long *times = nqpf_panel_times(p, &nt);
    double *m = nqpf__malloc(nu * nt > 0 ? nu * nt : 1, sizeof *m);
    if (!m)
        return NQPF_EINTERNAL;
    for (size_t t = 0; t < nt; t++) {
        double s = 0;
        size_t c = 0;
        for (size_t u = 0; u < nu; u++) {
            size_t i = nqpf_panel_find(p, u, times[t]);
            m[u * nt + t] = i == NQPF_NONE ? NAN : v[i];
            if (!isnan(m[u * nt + t]))
                s += m[u * nt + t], c++;
        }
        if (relative && c) {
            double mean = s / (double)c;
            if (!(mean != 0)) {
                free(m);
                return nqpf_error_set(NQPF_EDATA, "'%s' has mean 0 in %s %ld: relative values are undefined", var,
                                      nqpf_panel_time_col(p), times[t]);
            }
            for (size_t u = 0; u < nu; u++)
                m[u * nt + t] /= mean;
        }
    }
    *out = m;
    return NQPF_OK;
}

int nqpf_dynamics_density(nqpf_table **shape, nqpf_table **density, const nqpf_panel *p, const char *var,
                          const nqpf_dynamics_options *o)
{
    *shape = *density = NULL;
    nqpf_dynamics_options def = NQPF_DYNAMICS_OPTIONS_INIT;
    if (!o)
        o = &def;
    if (o->grid < 2)
        return nqpf_error_set(NQPF_EUSAGE, "kernel density: the grid needs at least 2 points, found %zu", o->grid);
    if (o->bandwidth < 0 || !isfinite(o->bandwidth))
        return nqpf_error_set(NQPF_EUSAGE, "kernel density: the bandwidth must be positive");
    size_t nt, nu = nqpf_panel_nunits(p), ng = o->grid;
    const long *times = nqpf_panel_times(p, &nt);
    double *m = NULL, *xs = NULL, *h = NULL, *grid = NULL, *f = NULL, *dt = NULL, *dx = NULL, *df = NULL;
    double *sc[8] = {0};
    char **peaks_txt = NULL;
    size_t *pk = NULL;
    nqpf_table *ts = NULL, *td = NULL;
    int rc = value_matrix(&m, p, var, o->relative);
    if (rc)
        return rc;
    xs = nqpf__malloc(nu ? nu : 1, sizeof *xs);
    h = nqpf__malloc(nt ? nt : 1, sizeof *h);
    grid = nqpf__malloc(ng, sizeof *grid);
    f = nqpf__malloc(ng, sizeof *f);
    pk = nqpf__malloc(ng, sizeof *pk);
    peaks_txt = nqpf__calloc(nt ? nt : 1, sizeof *peaks_txt);
    dt = nqpf__malloc(nt * ng > 0 ? nt * ng : 1, sizeof *dt);
    dx = nqpf__malloc(nt * ng > 0 ? nt * ng : 1, sizeof *dx);
    df = nqpf__malloc(nt * ng > 0 ? nt * ng : 1, sizeof *df);
    for (size_t c = 0; c < 8; c++)
        if (!(sc[c] = nqpf__malloc(nt ? nt : 1, sizeof(double))))
            rc = NQPF_EINTERNAL;
    if (rc || !xs || !h || !grid || !f || !pk || !peaks_txt || !dt || !dx || !df) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t t = 0; t < nt; t++) {
        size_t n = 0;
        for (size_t u = 0; u < nu; u++)
            if (!isnan(m[u * nt + t]))
                xs[n++] = m[u * nt + t];
        h[t] = o->bandwidth > 0 ? o->bandwidth : nqpf_kde_silverman(xs, n);
        if (isnan(h[t]) || n == 0) {
            nqpf_warn("%s %ld: %zu value%s of '%s' cannot give a kernel density (need 2 distinct); left missing",
                      nqpf_panel_time_col(p), times[t], n, n == 1 ? "" : "s", var);
            h[t] = NAN;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if (xs[i] - 3 * h[t] < lo)
                lo = xs[i] - 3 * h[t];
            if (xs[i] + 3 * h[t] > hi)
                hi = xs[i] + 3 * h[t];
        }
    }
    if (!(hi > lo)) {
        rc = nqpf_error_set(NQPF_EDATA, "kernel density: no year of '%s' has two distinct values", var);
        goto done;
    }
    for (size_t g = 0; g < ng; g++)
        grid[g] = lo + (hi - lo) * (double)g / (double)(ng - 1);
    for (size_t t = 0; t < nt; t++) {
        size_t n = 0;
        double s = 0, s2 = 0;
        for (size_t u = 0; u < nu; u++)
            if (!isnan(m[u * nt + t]))
                xs[n++] = m[u * nt + t], s += m[u * nt + t];
        double mean = n ? s / (double)n : NAN;
        for (size_t i = 0; i < n; i++)
            s2 += (xs[i] - mean) * (xs[i] - mean);
        sc[0][t] = (double)times[t];
        sc[1][t] = (double)n;
        sc[2][t] = mean;
        sc[3][t] = n > 1 ? sqrt(s2 / (double)(n - 1)) : NAN;
        sc[4][t] = h[t];
        for (size_t c = 5; c < 8; c++)
            sc[c][t] = NAN;
        if (isnan(h[t])) {
            for (size_t g = 0; g < ng; g++)
                f[g] = NAN;
        } else {
            nqpf_kde_eval(f, grid, ng, xs, n, h[t]);
            size_t np = nqpf_kde_peaks(pk, f, ng), best = 0;
            nqpf__buf b = NQPF__BUF_INIT;
            for (size_t q = 0; q < np; q++) {
                char nb[40];
                nqpf__buf_printf(&b, "%s%s", q ? ";" : "", nqpf_format_double(grid[pk[q]], nb, sizeof nb));
                if (f[pk[q]] > f[pk[best]])
                    best = q;
            }
            if (b.failed) {
                nqpf__buf_free(&b);
                rc = NQPF_EINTERNAL;
                goto done;
            }
            peaks_txt[t] = b.data;
            sc[5][t] = (double)np;
            sc[6][t] = np ? grid[pk[best]] : NAN;
            sc[7][t] = np ? f[pk[best]] : NAN;
        }
        for (size_t g = 0; g < ng; g++) {
            dt[t * ng + g] = (double)times[t];
            dx[t * ng + g] = grid[g];
            df[t * ng + g] = f[g];
        }
    }
    if (!(ts = nqpf_table_new(nt)) || !(td = nqpf_table_new(nt * ng))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    static const char *const snames[] = {NULL, "n", "mean", "sd", "bandwidth", "peaks", "main_peak",
                                         "main_peak_density"};
    for (size_t c = 0; c < 8 && !rc; c++)
        rc = nqpf_table_add_num(ts, c ? snames[c] : nqpf_panel_time_col(p), sc[c], NULL);
    if (!rc)
        rc = nqpf_table_add_text(ts, "peak_positions", (const char *const *)peaks_txt, NULL);
    if (!rc) {
        /* The trapezoid integral over the grid: close to 1 unless mass lies beyond the grid. */
        double *integ = sc[1];
        for (size_t t = 0; t < nt; t++) {
            double s = 0;
            for (size_t g = 0; g + 1 < ng; g++)
                s += 0.5 * (df[t * ng + g] + df[t * ng + g + 1]) * (grid[g + 1] - grid[g]);
            integ[t] = s;
        }
        rc = nqpf_table_add_num(ts, "integral", integ, NULL);
    }
    if (!rc && !(rc = nqpf_table_add_num(td, nqpf_panel_time_col(p), dt, NULL)) &&
        !(rc = nqpf_table_add_num(td, "x", dx, NULL)))
        rc = nqpf_table_add_num(td, "density", df, NULL);
    if (rc)
        goto done;
    *shape = ts;
    *density = td;
    ts = td = NULL;
done:
    for (size_t t = 0; peaks_txt && t < nt; t++)
        free(peaks_txt[t]);
    free(peaks_txt);
    for (size_t c = 0; c < 8; c++)
        free(sc[c]);
    free(m);
    free(xs);
    free(h);
    free(grid);
    free(f);
    free(pk);
    free(dt);
    free(dx);
    free(df);
    nqpf_table_free(ts);
    nqpf_table_free(td);
    return rc;
}

/* The fixed cut-offs of o, or NULL for quantiles (parsed options keep them in cut_values). */
static const double *fixed_cuts(const nqpf_dynamics_options *o)
{
    return o->cuts ? o->cuts : o->ncuts ? o->cut_values : NULL;
}

/* Classes of a units x periods matrix by the rule of @p o; stores the common cut points (fixed
 * or pooled; NULL-free array of k - 1, NaN when yearly) in @p cuts and, when @p ycuts is not NULL
 * and the classes are yearly quantiles, each period's cut points in ycuts[t * (k - 1) + j] (NaN for
 * a period without values). */
static int classify_matrix(int *cls, double *cuts, double *ycuts, const double *m, size_t nu, size_t nt,
                           const nqpf_dynamics_options *o, size_t k, const char *what)
{
    int rc = NQPF_OK;
    double *col = nqpf__malloc(nu * nt > 0 ? nu * nt : 1, sizeof *col), *yc = NULL;
    int *cc = nqpf__malloc(nu ? nu : 1, sizeof *cc);
    if (!col || !cc) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    const double *fixed = fixed_cuts(o);
    if (fixed) {
        memcpy(cuts, fixed, (k - 1) * sizeof *cuts);
    } else if (o->scope == NQPF_CLASS_POOLED) {
        size_t n = 0;
        for (size_t i = 0; i < nu * nt; i++)
            if (!isnan(m[i]))
                col[n++] = m[i];
        if (n == 0) {
            rc = nqpf_error_set(NQPF_EDATA, "Markov classes: %s has no values", what);
            goto done;
        }
        if ((rc = nqpf_quantile_cuts(cuts, col, n, k)))
            goto done;
    }
    if (fixed || o->scope == NQPF_CLASS_POOLED) {
        for (size_t u = 0; u < nu; u++)
            nqpf_classify_cuts(cls + u * nt, m + u * nt, nt, cuts, k - 1);
        goto done;
    }
    if (!(yc = nqpf__malloc(k, sizeof *yc))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t j = 0; j + 1 < k; j++)
        cuts[j] = NAN;
    for (size_t t = 0; t < nt; t++) {
        size_t n = 0;
        for (size_t u = 0; u < nu; u++)
            if (!isnan(m[u * nt + t]))
                col[n++] = m[u * nt + t];
        for (size_t u = 0; u < nu; u++)
            cls[u * nt + t] = -1;
        for (size_t j = 0; ycuts && j + 1 < k; j++)
            ycuts[t * (k - 1) + j] = NAN;
        if (n == 0)
            continue;
        if ((rc = nqpf_quantile_cuts(yc, col, n, k)))
            goto done;
        if (ycuts)
            memcpy(ycuts + t * (k - 1), yc, (k - 1) * sizeof *yc);
        for (size_t u = 0; u < nu; u++) {
            nqpf_classify_cuts(cc + u, m + u * nt + t, 1, yc, k - 1);
            cls[u * nt + t] = cc[u];
        }
    }
done:
    free(col);
    free(cc);
    free(yc);
    return rc;
}

/* Spatial lag of every (unit, period): W x over the units with a value in that period. */
static int lag_matrix(double *lag, const double *m, size_t nu, size_t nt, const nqpf_weights *w)
{
    int rc = NQPF_OK;
    unsigned char *keep = nqpf__malloc(nu ? nu : 1, 1);
    double *x = nqpf__malloc(nu ? nu : 1, sizeof *x), *l = nqpf__malloc(nu ? nu : 1, sizeof *l);
    if (!keep || !x || !l) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t t = 0; t < nt && !rc; t++) {
        size_t c = 0;
        for (size_t u = 0; u < nu; u++)
            if ((keep[u] = !isnan(m[u * nt + t])))
                x[c++] = m[u * nt + t];
        nqpf_weights *sub = NULL;
        const nqpf_weights *use = w;
        if (c < nu) {
            if ((rc = nqpf_weights_subset(&sub, w, keep)))
                break;
            use = sub;
        }
        nqpf_weights_lag(use, x, l);
        for (size_t u = 0, q = 0; u < nu; u++) {
            lag[u * nt + t] = NAN;
            if (keep[u]) {
                /* An island has no lag and so no lag class. */
                if (nqpf_weights_row(use, q, NULL, NULL) > 0)
                    lag[u * nt + t] = l[q];
                q++;
            }
        }
        nqpf_weights_free(sub);
    }
done:
    free(keep);
    free(x);
    free(l);
    return rc;
}

static double row_total(const nqpf_markov *m, size_t i)
{
    double s = 0;
    for (size_t j = 0; j < m->k; j++)
        s += m->counts[i * m->k + j];
    return s;
}

/* One row per (chain, class): the classic chain alone, or the spatial chain's lag classes. */
static int markov_table(nqpf_table **out, nqpf_markov *const *chains, size_t nchains, const double *cuts, size_t k,
                        int spatial)
{
    size_t nr = nchains * k, maxrec = 1;
    for (size_t c = 0; c < nchains; c++)
        if (chains[c]->nrecurrent > maxrec)
            maxrec = chains[c]->nrecurrent;
    int rc = NQPF_OK;
    nqpf_table *t = nqpf_table_new(nr);
    double *col = nqpf__malloc(nr ? nr : 1, sizeof *col);
    if (!t || !col) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    char name[64];
#define ADD_COL(NAME, EXPR)                                                                                        \
    do {                                                                                                            \
        for (size_t c_ = 0; c_ < nchains; c_++)                                                                     \
            for (size_t i = 0; i < k; i++) {                                                                        \
                const nqpf_markov *mk = chains[c_];                                                                 \
                (void)mk;                                                                                           \
                col[c_ * k + i] = (EXPR);                                                                           \
            }                                                                                                       \
        if ((rc = nqpf_table_add_num(t, (NAME), col, NULL)))                                                        \
            goto done;                                                                                              \
    } while (0)
    if (spatial)
        ADD_COL("lag_class", (double)(c_ + 1));
    ADD_COL("class", (double)(i + 1));
    ADD_COL("lower", i == 0 ? NAN : cuts[i - 1]);
    ADD_COL("upper", i + 1 == k ? NAN : cuts[i]);
    ADD_COL("n", row_total(mk, i));
    for (size_t j = 0; j < k; j++) {
        snprintf(name, sizeof name, "count_%zu", j + 1);
        ADD_COL(name, mk->counts[i * k + j]);
    }
    for (size_t j = 0; j < k; j++) {
        snprintf(name, sizeof name, "p_%zu", j + 1);
        ADD_COL(name, mk->p[i * k + j]);
    }
    if (maxrec == 1) {
        ADD_COL("steady_state", mk->nrecurrent == 1 ? mk->steady[i] : NAN);
    } else {
        for (size_t r = 0; r < maxrec; r++) {
            snprintf(name, sizeof name, "steady_state_%zu", r + 1);
            ADD_COL(name, r < mk->nrecurrent ? mk->steady[r * k + i] : NAN);
        }
    }
    ADD_COL("sojourn", mk->sojourn[i]);
    ADD_COL("prais", mk->prais[i]);
    for (size_t j = 0; j < k; j++) {
        snprintf(name, sizeof name, "mfpt_%zu", j + 1);
        ADD_COL(name, mk->mfpt[i * k + j]);
    }
#undef ADD_COL
    *out = t;
    t = NULL;
done:
    free(col);
    nqpf_table_free(t);
    return rc;
}

/* The number of Markov classes of @p o, after checking the fixed cut-offs. */
static int class_count(const nqpf_dynamics_options *o, size_t *k)
{
    const double *fixed = fixed_cuts(o);
    *k = fixed ? o->ncuts + 1 : o->classes;
    if (*k < 2)
        return nqpf_error_set(NQPF_EUSAGE, "Markov chain: need at least 2 classes, found %zu", *k);
    if (!o->cuts && o->ncuts > NQPF_DYNAMICS_MAX_CUTS)
        return nqpf_error_set(NQPF_EUSAGE, "Markov chain: at most %d cut-offs, found %zu", NQPF_DYNAMICS_MAX_CUTS,
                              o->ncuts);
    for (size_t j = 1; fixed && j < o->ncuts; j++)
        if (!(fixed[j] > fixed[j - 1]))
            return nqpf_error_set(NQPF_EUSAGE, "Markov chain: cut-offs must be strictly increasing");
    return NQPF_OK;
}

int nqpf_dynamics_markov(nqpf_table **markov, nqpf_table **spatial, const nqpf_panel *p, const char *var,
                         const nqpf_weights *w, const nqpf_dynamics_options *o)
{
    *markov = NULL;
    if (spatial)
        *spatial = NULL;
    nqpf_dynamics_options def = NQPF_DYNAMICS_OPTIONS_INIT;
    if (!o)
        o = &def;
    size_t k;
    int rc0 = class_count(o, &k);
    if (rc0)
        return rc0;
    if (w && nqpf_weights_n(w) != nqpf_panel_nunits(p))
        return nqpf_error_set(NQPF_EINTERNAL, "spatial weights cover %zu units but the panel has %zu",
                              nqpf_weights_n(w), nqpf_panel_nunits(p));
    size_t nt, nu = nqpf_panel_nunits(p);
    nqpf_panel_times(p, &nt);
    double *m = NULL, *lag = NULL, *cuts = NULL, *lcuts = NULL;
    int *cls = NULL, *lcls = NULL;
    nqpf_markov *mk = NULL, **sm = NULL;
    nqpf_table *t = NULL;
    int rc = value_matrix(&m, p, var, o->relative);
    if (rc)
        return rc;
    if (nt < 2) {
        rc = nqpf_error_set(NQPF_EDATA, "Markov chain: '%s' needs at least 2 periods, found %zu", var, nt);
        goto done;
    }
    cls = nqpf__malloc(nu * nt > 0 ? nu * nt : 1, sizeof *cls);
    cuts = nqpf__malloc(k, sizeof *cuts);
    if (!cls || !cuts) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = classify_matrix(cls, cuts, NULL, m, nu, nt, o, k, var)) || (rc = nqpf_markov_estimate(&mk, cls, nu, nt, k)))
        goto done;
    if ((rc = markov_table(&t, &mk, 1, cuts, k, 0)))
        goto done;
    if (mk->nrecurrent == 0)
        nqpf_warn("Markov chain of '%s': some class is never left or never entered from any observation; no steady state",
                  var);
    else if (mk->nrecurrent > 1)
        nqpf_warn("Markov chain of '%s' is reducible (%zu closed classes): one steady state per closed class; "
                  "first passage times are inf where a class is not reached for certain",
                  var, mk->nrecurrent);
    if (w && spatial) {
        lag = nqpf__malloc(nu * nt > 0 ? nu * nt : 1, sizeof *lag);
        lcls = nqpf__malloc(nu * nt > 0 ? nu * nt : 1, sizeof *lcls);
        lcuts = nqpf__malloc(k, sizeof *lcuts);
        if (!lag || !lcls || !lcuts) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        if ((rc = lag_matrix(lag, m, nu, nt, w)) ||
            (rc = classify_matrix(lcls, lcuts, NULL, lag, nu, nt, o, k, "the spatial lag")) ||
            (rc = nqpf_markov_spatial(&sm, cls, lcls, nu, nt, k, k)) ||
            (rc = markov_table(spatial, sm, k, cuts, k, 1)))
            goto done;
    }
    *markov = t;
    t = NULL;
done:
    if (sm)
        for (size_t l = 0; l < k; l++)
            nqpf_markov_free(sm[l]);
    free(sm);
    nqpf_markov_free(mk);
    nqpf_table_free(t);
    free(m);
    free(lag);
    free(cuts);
    free(lcuts);
    free(cls);
    free(lcls);
    return rc;
}

/* The bounds of classes 0..k-1 from the cut points @p c[0..k-1): the classes of
 * nqpf_classify_cuts() are delimited by the distinct cut points, so class j is (d_j-1, d_j] with
 * d the distinct cuts in order; a class past the last distinct cut + 1 is never used (NaN, NaN). */
static void class_bounds(double *lo, double *hi, const double *c, size_t k)
{
    size_t nd = 0;
    double d[NQPF_DYNAMICS_MAX_CUTS + 1];
    for (size_t j = 0; j + 1 < k; j++)
        if (!isnan(c[j]) && (nd == 0 || c[j] > d[nd - 1]))
            d[nd++] = c[j];
    for (size_t j = 0; j < k; j++) {
        lo[j] = j == 0 || j > nd ? NAN : d[j - 1];
        hi[j] = j >= nd ? NAN : d[j];
    }
}

int nqpf_dynamics_markov_bounds(nqpf_table **bounds, const nqpf_panel *p, const char *var,
                                const nqpf_dynamics_options *o)
{
    *bounds = NULL;
    nqpf_dynamics_options def = NQPF_DYNAMICS_OPTIONS_INIT;
    if (!o)
        o = &def;
    size_t k, nt, nu = nqpf_panel_nunits(p);
    int rc = class_count(o, &k);
    if (rc)
        return rc;
    if (k - 1 > NQPF_DYNAMICS_MAX_CUTS)
        return nqpf_error_set(NQPF_EUSAGE, "Markov chain: at most %d classes, found %zu", NQPF_DYNAMICS_MAX_CUTS + 1,
                              k);
    const long *times = nqpf_panel_times(p, &nt);
    int yearly = !fixed_cuts(o) && o->scope == NQPF_CLASS_YEARLY;
    size_t nper = yearly ? nt : 1, nr = nper * k;
    double *m = NULL, *cuts = NULL, *ycuts = NULL, *col[5] = {0};
    int *cls = NULL;
    nqpf_table *t = NULL;
    if ((rc = value_matrix(&m, p, var, o->relative)))
        return rc;
    cls = nqpf__malloc(nu * nt > 0 ? nu * nt : 1, sizeof *cls);
    cuts = nqpf__malloc(k, sizeof *cuts);
    ycuts = nqpf__malloc(nt * (k - 1) > 0 ? nt * (k - 1) : 1, sizeof *ycuts);
    for (size_t c = 0; c < 5; c++)
        if (!(col[c] = nqpf__malloc(nr ? nr : 1, sizeof(double))))
            rc = NQPF_EINTERNAL;
    if (rc || !cls || !cuts || !ycuts) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = classify_matrix(cls, cuts, yearly ? ycuts : NULL, m, nu, nt, o, k, var)))
        goto done;
    for (size_t q = 0; q < nper; q++) {
        double lo[NQPF_DYNAMICS_MAX_CUTS + 1], hi[NQPF_DYNAMICS_MAX_CUTS + 1];
        class_bounds(lo, hi, yearly ? ycuts + q * (k - 1) : cuts, k);
        for (size_t j = 0; j < k; j++) {
            size_t r = q * k + j, n = 0;
            for (size_t u = 0; u < nu; u++)
                for (size_t tt = yearly ? q : 0; tt < (yearly ? q + 1 : nt); tt++)
                    n += cls[u * nt + tt] == (int)j;
            col[0][r] = yearly ? (double)times[q] : NAN;
            col[1][r] = (double)(j + 1);
            col[2][r] = lo[j];
            col[3][r] = hi[j];
            col[4][r] = (double)n;
        }
    }
    static const char *const names[] = {NULL, "class", "lower", "upper", "n"};
    if (!(t = nqpf_table_new(nr))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t c = 0; c < 5 && !rc; c++)
        rc = nqpf_table_add_num(t, c ? names[c] : nqpf_panel_time_col(p), col[c], NULL);
    if (rc)
        goto done;
    *bounds = t;
    t = NULL;
done:
    for (size_t c = 0; c < 5; c++)
        free(col[c]);
    nqpf_table_free(t);
    free(m);
    free(cls);
    free(cuts);
    free(ycuts);
    return rc;
}
