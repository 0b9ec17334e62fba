/* Coupling coordination model of two or more systems: coupling degree C (geometric over arithmetic
 * mean), comprehensive index T, coordination degree D = sqrt(C T) and its ten-grade class. See
 * docs/index.md for the formulas and the correction of the n-system C that this form follows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/index.h"
#include "nqpf/options.h"
#include "../util/util.h"

static const char *const class_zh[10] = {"极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
                                         "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"};
static const char *const class_en[10] = {"extreme disorder",      "serious disorder",   "moderate disorder",
                                         "mild disorder",         "on the verge of disorder", "barely coordinated",
                                         "primary coordination",  "intermediate coordination", "good coordination",
                                         "quality coordination"};

int nqpf_coupling_class(double d, const char **zh, const char **en)
{
    if (isnan(d)) {
        if (zh)
            *zh = NULL;
        if (en)
            *en = NULL;
        return 0;
    }
    /* Grades are half-open tenths [0, 0.1) ... [0.9, 1]; the small slack keeps 0.3 (computed as
     * 0.29999999999999999) in the grade a reader expects. */
    int g = (int)floor(d * 10 + 1e-9);
    g = g < 0 ? 0 : g > 9 ? 9 : g;
    if (zh)
        *zh = class_zh[g];
    if (en)
        *en = class_en[g];
    return g + 1;
}

int nqpf_coupling(nqpf_table **out, const nqpf_panel *p, const nqpf_coupling_options *o)
{
    *out = NULL;
    size_t n = nqpf_panel_nobs(p), k = o->nsystems;
    if (k < 2)
        return nqpf_error_set(NQPF_EUSAGE, "coupling: expected at least 2 systems, found %zu", k);
    int rc = NQPF_OK;
    double *U = nqpf__malloc(k * (n ? n : 1), sizeof *U), *C = nqpf__malloc(n ? n : 1, sizeof *C),
           *T = nqpf__malloc(n ? n : 1, sizeof *T), *D = nqpf__malloc(n ? n : 1, sizeof *D),
           *G = nqpf__malloc(n ? n : 1, sizeof *G), *a = nqpf__malloc(k, sizeof *a);
    const char **zh = nqpf__calloc(n ? n : 1, sizeof *zh), **en = nqpf__calloc(n ? n : 1, sizeof *en);
    nqpf_table *t = NULL;
    char w[512];
    if (!U || !C || !T || !D || !G || !a || !zh || !en) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (!o->coef && o->ncoef_values && o->ncoef_values != k) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "coef", "expected %zu coefficients (one per system), found %zu", k,
                            o->ncoef_values);
        goto done;
    }
    double asum = 0;
    for (size_t s = 0; s < k; s++) {
        a[s] = o->coef ? o->coef[s] : o->ncoef_values ? o->coef_values[s] : 1.0 / (double)k;
        if (!(a[s] >= 0)) {
            rc = nqpf_error_set(NQPF_EUSAGE, "coupling: coefficient %zu is %g, expected a non-negative number", s + 1, a[s]);
            goto done;
        }
        asum += a[s];
    }
    if (fabs(asum - 1) > 1e-9) {
        rc = nqpf_error_set(NQPF_EUSAGE, "coupling: the coefficients sum to %g, expected 1", asum);
        goto done;
    }
    for (size_t s = 0; s < k; s++) {
        const double *v;
        if ((rc = nqpf_panel_column(p, o->systems[s], &v)))
            goto done;
        double mn = INFINITY, mx = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (!isnan(v[i]))
                mn = fmin(mn, v[i]), mx = fmax(mx, v[i]);
        for (size_t i = 0; i < n; i++) {
            double x = v[i];
            if (o->rescale && !isnan(x))
                x = mx > mn ? (x - mn) / (mx - mn) : NAN;
            if (!isnan(x) && !(x >= 0 && x <= 1)) {
                rc = nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a system index in [0, 1], found %g "
                                                "(option rescale min-maxes each system first)",
                                    nqpf_panel_where(p, i, w, sizeof w), o->systems[s], x);
                goto done;
            }
            U[s * n + i] = x;
        }
        if (o->rescale && !(mx > mn)) {
            rc = nqpf_opt_error(NQPF_EDATA, "rescale", "system '%s' is constant and cannot be min-maxed", o->systems[s]);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double sum = 0, lsum = 0, tt = 0;
        int miss = 0, zero = 0;
        for (size_t s = 0; s < k; s++) {
            double u = U[s * n + i];
            miss |= isnan(u);
            zero |= u == 0;
            sum += u;
            tt += a[s] * u;
            if (u > 0)
                lsum += log(u);
        }
        if (miss) {
            C[i] = T[i] = D[i] = G[i] = NAN;
            continue;
        }
        /* C = geometric mean / arithmetic mean; every system at zero leaves it undefined. */
        C[i] = sum > 0 ? (zero ? 0.0 : exp(lsum / (double)k) / (sum / (double)k)) : NAN;
        T[i] = tt;
        D[i] = isnan(C[i]) ? NAN : sqrt(C[i] * T[i]);
        int g = nqpf_coupling_class(D[i], &zh[i], &en[i]);
        G[i] = g ? (double)g : NAN;
    }
    if (!(t = nqpf_panel_result_new(p, NULL, 0))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_num(t, "C", C, NULL)) || (rc = nqpf_table_add_num(t, "T", T, NULL)) ||
        (rc = nqpf_table_add_num(t, "D", D, NULL)) || (rc = nqpf_table_add_num(t, "grade", G, NULL)) ||
        (rc = nqpf_table_add_text(t, "class_zh", zh, NULL)) || (rc = nqpf_table_add_text(t, "class_en", en, NULL)))
        goto done;
    *out = t;
    t = NULL;
done:
    nqpf_table_free(t);
    free(U), free(C), free(T), free(D), free(G), free(a), free(zh), free(en);
    return rc;
}
