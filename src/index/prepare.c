/* Data preparation for the index: scope pools and years, indicator values from columns or
 * expressions, imputation of missing values, the zero-variance screen and normalisation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "nqpf/io.h"
#include "nqpf/join.h"
#include "nqpf/options.h"
#include "nqpf/index.h"
#include "../util/util.h"
#include "index_internal.h"

/* Groups observations by year (ystart/yobs), and by scope pool. */
int nqpf_index__build_groups(ctx *c)
{
    size_t nt;
    const long *times = nqpf_panel_times(c->p, &nt);
    c->nyears = nt;
    int rc = nqpf_panel_by_period(c->p, NULL, 0, &c->yobs, &c->ystart);
    if (rc)
        return rc;
    if (c->o->scope == NQPF_SCOPE_PERIOD) {
        c->ngroups = nt;
        if (!(c->gstart = nqpf__malloc(nt + 1, sizeof *c->gstart)) || !(c->gobs = nqpf__malloc(c->n, sizeof *c->gobs)))
            return NQPF_EINTERNAL;
        memcpy(c->gstart, c->ystart, (nt + 1) * sizeof *c->gstart);
        memcpy(c->gobs, c->yobs, c->n * sizeof *c->gobs);
        for (size_t g = 0; g < nt; g++)
            if (c->gstart[g + 1] - c->gstart[g] < 2)
                return nqpf_opt_error(NQPF_EDATA, "scope", "period needs at least 2 units in every year; %ld has %zu",
                                      times[g], c->gstart[g + 1] - c->gstart[g]);
    } else {
        c->ngroups = 1;
        if (!(c->gstart = nqpf__malloc(2, sizeof *c->gstart)) || !(c->gobs = nqpf__malloc(c->n, sizeof *c->gobs)))
            return NQPF_EINTERNAL;
        c->gstart[0] = 0;
        c->gstart[1] = c->n;
        for (size_t i = 0; i < c->n; i++)
            c->gobs[i] = i;
    }
    return NQPF_OK;
}

/* Evaluates every indicator into all (framework order, nfw x n). */
int nqpf_index__eval_indicators(ctx *c, double *all, size_t nfw)
{
    const nqpf_table *t = nqpf_panel_table(c->p);
    for (size_t k = 0; k < nfw; k++) {
        const char *col = nqpf_framework_field(c->fw, k, "column");
        double *dst = all + k * c->n;
        int rc;
        if (nqpf_table_find(t, col) != NQPF_NONE) {
            const double *v;
            if ((rc = nqpf_panel_column(c->p, col, &v)))
                return rc;
            memcpy(dst, v, c->n * sizeof *dst);
        } else {
            nqpf_expr *e = NULL;
            if ((rc = nqpf_expr_parse(&e, col)))
                return rc;
            rc = nqpf_expr_eval(e, c->p, dst);
            nqpf_expr_free(e);
            if (rc)
                return rc;
        }
    }
    return NQPF_OK;
}

/* Fills the missing values of one indicator (series x, framework index k) or refuses them. */
int nqpf_index__impute(ctx *c, double *x, size_t k, size_t *nimputed)
{
    const char *id = nqpf_framework_field(c->fw, k, "id"), *col = nqpf_framework_field(c->fw, k, "column");
    char w[512], b[40];
    for (size_t i = 0; i < c->n; i++)
        if (isinf(x[i]))
            return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s' (column '%s'): expected a finite number, found %s",
                                  nqpf_panel_where(c->p, i, w, sizeof w), id, col, x[i] > 0 ? "inf" : "-inf");
    for (size_t u = 0; u < nqpf_panel_nunits(c->p); u++) {
        size_t a = nqpf_panel_unit_begin(c->p, u), e = nqpf_panel_unit_end(c->p, u), nobs = 0;
        double sum = 0;
        for (size_t i = a; i < e; i++)
            if (!isnan(x[i]))
                nobs++, sum += x[i];
        if (nobs == e - a)
            continue;
        size_t first = a;
        while (first < e && !isnan(x[first]))
            first++;
        if (c->o->impute == NQPF_IMPUTE_NONE)
            return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s' (column '%s'): missing value; set impute to "
                                              "linear, carry or mean to fill it", nqpf_panel_where(c->p, first, w, sizeof w),
                                  id, col);
        if (nobs == 0)
            return nqpf_error_set(NQPF_EDATA, "indicator '%s' (column '%s') is missing in every year of unit '%s'; "
                                              "nothing to impute from", id, col, nqpf_panel_unit_name(c->p, u));
        for (size_t i = a; i < e; i++) {
            if (!isnan(x[i]))
                continue;
            size_t lo = NQPF_NONE, hi = NQPF_NONE;
            for (size_t q = i; q-- > a;)
                if (!isnan(x[q])) {
                    lo = q;
                    break;
                }
            for (size_t q = i + 1; q < e; q++)
                if (!isnan(x[q])) {
                    hi = q;
                    break;
                }
            double v;
            if (c->o->impute == NQPF_IMPUTE_MEAN)
                v = sum / (double)nobs;
            else if (c->o->impute == NQPF_IMPUTE_CARRY)
                v = lo != NQPF_NONE ? x[lo] : x[hi];
            else if (lo != NQPF_NONE && hi != NQPF_NONE) {
                double t0 = (double)nqpf_panel_time(c->p, lo), t1 = (double)nqpf_panel_time(c->p, hi),
                       t = (double)nqpf_panel_time(c->p, i);
                v = x[lo] + (x[hi] - x[lo]) * (t - t0) / (t1 - t0);
            } else
                v = lo != NQPF_NONE ? x[lo] : x[hi];
            /* A filled cell may serve as lo for the next gap cell; it lies on the same line (or
             * equals the carried value), so the result is as if only observed cells were used. */
            x[i] = v;
            (*nimputed)++;
            nqpf_warn("%s, indicator '%s' (column '%s'): missing, imputed %s (%s)",
                      nqpf_panel_where(c->p, i, w, sizeof w), id, col, nqpf_format_double(v, b, sizeof b),
                      nqpf_index__impute_names[c->o->impute]);
        }
    }
    return NQPF_OK;
}


/* Zero variance within a pool leaves min-max undefined and entropy maximal: drop or refuse. Keeps
 * the other indicators' framework indices in c->fk (c->m of them). */
int nqpf_index__screen(ctx *c, const double *all, nqpf_index_result *res)
{
    const nqpf_framework *fw = c->fw;
    size_t nfw = nqpf_framework_count(fw), n = c->n;
    nqpf__buf dropped = NQPF__BUF_INIT;
    for (size_t k = 0; k < nfw; k++) {
        const double *x = all + k * n;
        size_t bad = NQPF_NONE;
        for (size_t g = 0; g < c->ngroups && bad == NQPF_NONE; g++) {
            double mn = INFINITY, mx = -INFINITY;
            for (size_t q = c->gstart[g]; q < c->gstart[g + 1]; q++)
                mn = fmin(mn, x[c->gobs[q]]), mx = fmax(mx, x[c->gobs[q]]);
            if (!(mx > mn))
                bad = g;
        }
        if (bad == NQPF_NONE) {
            c->fk[c->m++] = k;
            continue;
        }
        char when[64] = "";
        if (c->o->scope == NQPF_SCOPE_PERIOD)
            snprintf(when, sizeof when, " in %ld", nqpf_panel_time(c->p, c->gobs[c->gstart[bad]]));
        const char *id = nqpf_framework_field(fw, k, "id");
        if (c->o->strict) {
            nqpf__buf_free(&dropped);
            return nqpf_error_set(NQPF_EDATA, "indicator '%s' (column '%s') has zero variance%s; weights and "
                                              "normalisation are undefined (without strict it is dropped)", id,
                                  nqpf_framework_field(fw, k, "column"), when);
        }
        nqpf_warn("indicator '%s' (column '%s') has zero variance%s: dropped", id, nqpf_framework_field(fw, k, "column"),
                  when);
        nqpf__buf_printf(&dropped, "%s%s", dropped.len ? "," : "", id);
    }
    if (dropped.len)
        nqpf_index__note(res, "dropped_zero_variance", "%s", nqpf__buf_cstr(&dropped));
    nqpf__buf_free(&dropped);
    if (c->m == 0)
        return nqpf_error_set(NQPF_EDATA, "index: every indicator has zero variance");
    return NQPF_OK;
}

/* ---- normalisation ---- */

int nqpf_index__normalise(const ctx *c, enum nqpf_index_norm norm, double shift, double *y, int *ydir)
{
    double *tmp = c->sub, *rk_ = c->sub2;
    char w[512];
    for (size_t j = 0; j < c->m; j++) {
        ydir[j] = norm == NQPF_NORM_NONE ? c->dir[j] : 1;
        const double *x = c->raw + j * c->n;
        for (size_t g = 0; g < c->ngroups; g++) {
            const size_t *obs = c->gobs + c->gstart[g];
            size_t ng = c->gstart[g + 1] - c->gstart[g];
            double mn = INFINITY, mx = -INFINITY, sum = 0;
            for (size_t q = 0; q < ng; q++) {
                double v = x[obs[q]];
                mn = fmin(mn, v), mx = fmax(mx, v), sum += v;
                tmp[q] = v;
            }
            double mu = sum / (double)ng;
            if (norm == NQPF_NORM_RANK) {
                for (size_t q = 0; q < ng; q++)
                    tmp[q] *= c->dir[j];
                int rc = nqpf_index__avg_rank(rk_, tmp, ng);
                if (rc)
                    return rc;
            }
            double sd = norm == NQPF_NORM_ZSCORE ? nqpf_index__sd(tmp, ng) : 0;
            for (size_t q = 0; q < ng; q++) {
                double v = x[obs[q]], r;
                switch (norm) {
                case NQPF_NORM_MINMAX:
                    r = (c->dir[j] > 0 ? v - mn : mx - v) / (mx - mn) + shift;
                    break;
                case NQPF_NORM_ZSCORE:
                    r = c->dir[j] * (v - mu) / sd + shift;
                    break;
                case NQPF_NORM_RANK:
                    r = rk_[q] + shift;
                    break;
                case NQPF_NORM_RATIO_MEAN:
                    if (!(v > 0))
                        return nqpf_error_set(NQPF_EDATA, "%s, indicator '%s': normalize ratio-mean needs positive "
                                                          "values, found %g", nqpf_panel_where(c->p, obs[q], w, sizeof w),
                                              nqpf_index__ind_id(c, j), v);
                    r = (c->dir[j] > 0 ? v / mu : mu / v) + shift;
                    break;
                default:
                    r = v;
                }
                y[j * c->n + obs[q]] = r;
            }
        }
    }
    return NQPF_OK;
}

