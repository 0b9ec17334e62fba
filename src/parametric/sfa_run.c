/* nqpf_sfa_run(): from a panel and the options of method "sfa" to the frontier's design matrix, the
 * fit (sfa.c), and the three result tables: efficiency, coefficients and the TFP-growth
 * decomposition (Kumbhakar and Lovell 2000, ch. 7; docs/sfa.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "nqpf/global.h"
#include "nqpf/sfa.h"
#include "parametric/sfa_internal.h"
#include "util/util.h"

/* A frontier term: the product of variables a and b (-1: none; index m is the trend). */
typedef struct term {
    int a, b;
    char name[160];
} term;

/* The terms of the frontier in their order: const, inputs, trend, A^2, A*B, trend^2, A*trend. */
static size_t make_terms(term *T, const nqpf_sfa_options *o)
{
    const int m = (int)o->ninputs;
    size_t k = 0;
    T[k++] = (term){-1, -1, "const"};
    for (int j = 0; j < m; j++) {
        T[k] = (term){j, -1, ""};
        snprintf(T[k++].name, sizeof T[0].name, "%s", o->inputs[j]);
    }
    if (o->trend)
        T[k++] = (term){m, -1, "trend"};
    if (o->form == NQPF_SFA_TRANSLOG) {
        for (int j = 0; j < m; j++) {
            T[k] = (term){j, j, ""};
            snprintf(T[k++].name, sizeof T[0].name, "%s^2", o->inputs[j]);
        }
        for (int j = 0; j < m; j++)
            for (int l = j + 1; l < m; l++) {
                T[k] = (term){j, l, ""};
                snprintf(T[k++].name, sizeof T[0].name, "%s*%s", o->inputs[j], o->inputs[l]);
            }
        if (o->trend) {
            T[k++] = (term){m, m, "trend^2"};
            for (int j = 0; j < m; j++) {
                T[k] = (term){j, m, ""};
                snprintf(T[k++].name, sizeof T[0].name, "%s*trend", o->inputs[j]);
            }
        }
    }
    return k;
}

static double term_value(const term *t, const double *v)
{
    return (t->a < 0 ? 1 : v[t->a]) * (t->b < 0 ? 1 : v[t->b]);
}

/* d term / d v_j. */
static double term_deriv(const term *t, const double *v, int j)
{
    if (t->a == j && t->b == j)
        return 2 * v[j];
    if (t->a == j)
        return t->b < 0 ? 1 : v[t->b];
    if (t->b == j)
        return v[t->a];
    return 0;
}

/* The elasticities of the frontier at variables v (m inputs and the trend): eps[0..m) by input and
 * eps[m] = d ln f / dt (technical change). */
static void elasticities(const term *T, size_t k, const double *beta, const double *v, int m, double *eps)
{
    for (int j = 0; j <= m; j++) {
        eps[j] = 0;
        for (size_t c = 0; c < k; c++)
            eps[j] += beta[c] * term_deriv(&T[c], v, j);
    }
}

enum { K_TERMS_MAX = 1 + NQPF__SFA_MAX_INPUTS * 3 + NQPF__SFA_MAX_INPUTS * NQPF__SFA_MAX_INPUTS / 2 + 4 };

typedef struct tab {
    nqpf_table *t;
    int rc;
} tab;

static void add_num(tab *t, const char *name, const double *v)
{
    if (!t->rc)
        t->rc = nqpf_table_add_num(t->t, name, v, NULL);
}

/* The coefficient table: term, estimate, std_error, t_ratio, p_value. */
static int coef_table(nqpf_table **out, const term *T, size_t k, const nqpf_sfa_options *o, const nqpf_sfa_fit *f,
                      const nqpf_sfa_summary *s, double lr_p)
{
    const size_t np = f->np, nstat = 9, nr = np + nstat;
    char **names = nqpf__calloc(nr, sizeof *names);
    double *est = nqpf__malloc(nr, sizeof *est), *se = nqpf__malloc(nr, sizeof *se), *tr = nqpf__malloc(nr, sizeof *tr),
           *pv = nqpf__malloc(nr, sizeof *pv);
    tab t = {nqpf_table_new(nr), NQPF_OK};
    if (!names || !est || !se || !tr || !pv || !t.t) {
        t.rc = NQPF_EINTERNAL;
        goto done;
    }
    size_t r = 0;
    for (size_t j = 0; j < k; j++)
        names[r++] = nqpf__strdup(T[j].name);
    if (o->model == NQPF_SFA_BC95) {
        if (o->mu)
            names[r++] = nqpf__strdup("z:const");
        for (size_t j = 0; j < o->nz; j++) {
            size_t len = strlen(o->z[j]) + 3;
            if ((names[r] = nqpf__malloc(len, 1)))
                snprintf(names[r], len, "z:%s", o->z[j]);
            r++;
        }
    }
    names[r++] = nqpf__strdup("sigma2");
    names[r++] = nqpf__strdup("gamma");
    if (o->model == NQPF_SFA_BC92 && o->mu)
        names[r++] = nqpf__strdup("mu");
    if (o->model == NQPF_SFA_BC92 && o->eta)
        names[r++] = nqpf__strdup("eta");
    static const char *const stat[] = {"loglik",   "loglik_ols", "lr_test", "lr_df",     "lr_crit5",
                                       "lr_p_value", "mean_te",  "nobs",    "iterations"};
    const double sv[] = {s->loglik,  s->loglik_ols, s->lr, (double)s->lr_df, s->lr_crit5, lr_p, s->mean_te,
                         (double)s->nobs, (double)s->iterations};
    for (size_t j = 0; j < nstat; j++)
        names[r++] = nqpf__strdup(stat[j]);
    for (size_t j = 0; j < nr; j++)
        if (!names[j]) {
            t.rc = NQPF_EINTERNAL;
            goto done;
        }
    for (size_t j = 0; j < np; j++) {
        est[j] = f->theta[j];
        double v = f->cov[j * np + j];
        se[j] = v > 0 ? sqrt(v) : NAN;
        tr[j] = est[j] / se[j];
        pv[j] = isfinite(tr[j]) ? 2 * gsl_cdf_ugaussian_Q(fabs(tr[j])) : NAN;
    }
    for (size_t j = 0; j < nstat; j++) {
        est[np + j] = sv[j];
        se[np + j] = tr[np + j] = pv[np + j] = NAN;
    }
    if (!(t.rc = nqpf_table_add_text(t.t, "term", (const char *const *)names, NULL))) {
        add_num(&t, "estimate", est);
        add_num(&t, "std_error", se);
        add_num(&t, "t_ratio", tr);
        add_num(&t, "p_value", pv);
    }
done:
    if (names)
        for (size_t j = 0; j < nr; j++)
            free(names[j]);
    free(names);
    free(est);
    free(se);
    free(tr);
    free(pv);
    if (t.rc)
        nqpf_table_free(t.t);
    else
        *out = t.t;
    return t.rc;
}

int nqpf_sfa_run(nqpf_table **te_out, nqpf_table **coef_out, nqpf_table **decomp_out, nqpf_sfa_summary *sum,
                 const nqpf_panel *p, const nqpf_sfa_options *o)
{
    if (!te_out || !p || !o)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_sfa_run: NULL argument");
    *te_out = NULL;
    if (coef_out)
        *coef_out = NULL;
    if (decomp_out)
        *decomp_out = NULL;
    nqpf_global_init();
    int rc = nqpf__sfa_check(o);
    if (rc)
        return rc;
    const size_t n = nqpf_panel_nobs(p), m = o->ninputs;
    const double *ycol, *xcol[NQPF__SFA_MAX_INPUTS], *zcol[NQPF__SFA_MAX_Z];
    term T[K_TERMS_MAX];
    const size_t k = make_terms(T, o), nz = o->model == NQPF_SFA_BC95 ? o->nz + (o->mu ? 1 : 0) : 0;
    if ((rc = nqpf_panel_require(p, o->output, NQPF_REQ_COMPLETE, NULL, 0, "SFA output", &ycol)))
        return rc;
    for (size_t j = 0; j < m; j++)
        if ((rc = nqpf_panel_require(p, o->inputs[j], NQPF_REQ_COMPLETE, NULL, 0, "SFA input", &xcol[j])))
            return rc;
    for (size_t j = 0; j < o->nz; j++)
        if ((rc = nqpf_panel_require(p, o->z[j], NQPF_REQ_COMPLETE, NULL, 0, "inefficiency variable", &zcol[j])))
            return rc;
    /* logs, refusing values <= 0 */
    if (!o->logged)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j <= m; j++) {
                const double v = j == m ? ycol[i] : xcol[j][i];
                if (!(v > 0)) {
                    char where[256];
                    return nqpf_error_set(NQPF_EDATA,
                                          "%s, column '%s': expected a positive value (sfa takes logs of the output "
                                          "and inputs), found %.17g (%s %ld); drop or correct the observation, or "
                                          "give the option logged if the data are already logs",
                                          nqpf_panel_where(p, i, where, sizeof where), j == m ? o->output : o->inputs[j],
                                          v, nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)), nqpf_panel_time(p, i));
                }
            }
    size_t ntimes;
    const long *times = nqpf_panel_times(p, &ntimes);
    const long t0 = ntimes ? times[0] : 0, t1 = ntimes ? times[ntimes - 1] : 0;
    if (o->model == NQPF_SFA_BC92 && o->eta) {
        int any = 0;
        for (size_t u = 0; u < nqpf_panel_nunits(p) && !any; u++)
            any = nqpf_panel_unit_end(p, u) - nqpf_panel_unit_begin(p, u) > 1;
        if (!any)
            return nqpf_opt_error(NQPF_EUSAGE, "eta",
                                  "needs a panel: no unit has more than one period, so the decay eta is not "
                                  "identified (leave eta out for a cross-section)");
    }
    double *y = nqpf__malloc(n + 1, sizeof *y), *X = nqpf__malloc(n * k + 1, sizeof *X),
           *Z = nqpf__malloc(n * nz + 1, sizeof *Z), *per = nqpf__malloc(n + 1, sizeof *per),
           *V = nqpf__malloc(n * (m + 1) + 1, sizeof *V);
    size_t *unit = nqpf__malloc(n + 1, sizeof *unit);
    nqpf_sfa_fit f = {0};
    nqpf_table *te = NULL, *coef = NULL, *dec = NULL;
    size_t *dobs = NULL;
    double *cols = NULL;
    if (!y || !X || !Z || !per || !unit || !V) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double *v = V + i * (m + 1);
        for (size_t j = 0; j < m; j++)
            v[j] = o->logged ? xcol[j][i] : log(xcol[j][i]);
        v[m] = (double)(nqpf_panel_time(p, i) - t0 + 1);
        y[i] = o->logged ? ycol[i] : log(ycol[i]);
        for (size_t c = 0; c < k; c++)
            X[i * k + c] = term_value(&T[c], v);
        size_t c = 0;
        if (nz && o->mu)
            Z[i * nz + c++] = 1;
        for (size_t j = 0; j < o->nz; j++)
            Z[i * nz + c++] = zcol[j][i];
        per[i] = v[m];
        unit[i] = nqpf_panel_unit(p, i);
    }
    nqpf_sfa_data d = {n, k, y, X, nz, nz ? Z : NULL, nqpf_panel_nunits(p), unit, per, (double)(t1 - t0 + 1),
                       o->model, o->mu, o->eta, o->max_iter, o->log, o->log_ctx};
    if ((rc = nqpf_sfa_fit_run(&f, &d)))
        goto done;
    nqpf_sfa_summary s = {0};
    s.nobs = n;
    s.nunits = nqpf_panel_nunits(p);
    s.iterations = f.iterations;
    s.loglik = f.loglik;
    s.loglik_ols = f.loglik_ols;
    s.lr = 2 * (f.loglik - f.loglik_ols);
    s.lr_df = (unsigned)(1 + nz + (o->model == NQPF_SFA_BC92 ? (o->mu ? 1 : 0) + (o->eta ? 1 : 0) : 0));
    s.lr_crit5 = nqpf_sfa_kodde_palm(s.lr_df, 0.05);
    double lr_p = nqpf__sfa_mixed_chi2_q(s.lr_df, s.lr);
    for (size_t i = 0; i < n; i++)
        s.mean_te += f.te[i] / (double)n;
    /* efficiency */
    if (!(te = nqpf_panel_result_new(p, NULL, 0)) || (rc = nqpf_table_add_num(te, "te", f.te, NULL)) ||
        (rc = nqpf_table_add_num(te, "u", f.u, NULL))) {
        rc = rc ? rc : NQPF_EINTERNAL;
        goto done;
    }
    if (coef_out && (rc = coef_table(&coef, T, k, o, &f, &s, lr_p)))
        goto done;
    if (decomp_out) {
        /* one row per observation with an earlier one of its unit (the unit's observations are in
         * time order): averages of the elasticities at both ends, exact for a quadratic ln f */
        size_t nd = 0;
        if (!(dobs = nqpf__malloc(n + 1, sizeof *dobs)) || !(cols = nqpf__malloc(6 * (n + 1), sizeof *cols))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        double e0[NQPF__SFA_MAX_INPUTS + 1], e1[NQPF__SFA_MAX_INPUTS + 1];
        for (size_t i = 0; i < n; i++) {
            size_t u = nqpf_panel_unit(p, i);
            if (i == nqpf_panel_unit_begin(p, u))
                continue;
            size_t h = i - 1;
            const double *v1 = V + i * (m + 1), *v0 = V + h * (m + 1);
            double dt = v1[m] - v0[m];
            elasticities(T, k, f.theta, v0, (int)m, e0);
            elasticities(T, k, f.theta, v1, (int)m, e1);
            double rts = 0, sx = 0;
            for (size_t j = 0; j < m; j++)
                rts += 0.5 * (e0[j] + e1[j]);
            for (size_t j = 0; j < m; j++)
                sx += 0.5 * (e0[j] + e1[j]) / rts * (v1[j] - v0[j]);
            double tc = o->trend ? 0.5 * (e0[m] + e1[m]) * dt : 0;
            double tec = log(f.te[i]) - log(f.te[h]);
            double se = rts != 0 && isfinite(sx) ? (rts - 1) * sx : NAN;
            cols[0 * (n + 1) + nd] = tc / dt;
            cols[1 * (n + 1) + nd] = tec / dt;
            cols[2 * (n + 1) + nd] = se / dt;
            cols[3 * (n + 1) + nd] = (tc + tec + se) / dt;
            cols[4 * (n + 1) + nd] = rts;
            cols[5 * (n + 1) + nd] = dt;
            dobs[nd++] = i;
        }
        static const char *const dn[] = {"tc", "tec", "se", "tfp", "rts", "dt"};
        if (!(dec = nqpf_panel_result_new(p, dobs, nd))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (int c = 0; c < 6 && !rc; c++)
            rc = nqpf_table_add_num(dec, dn[c], cols + (size_t)c * (n + 1), NULL);
        if (rc)
            goto done;
        if (!o->trend)
            nqpf_warn("sfa: no trend in the frontier: technical change tc is 0 by construction and tfp = tec + se "
                      "(give the option trend to estimate technical change)");
    }
    if (sum)
        *sum = s;
    *te_out = te;
    te = NULL;
    if (coef_out)
        *coef_out = coef, coef = NULL;
    if (decomp_out)
        *decomp_out = dec, dec = NULL;
    rc = NQPF_OK;
done:
    if (rc == NQPF_EINTERNAL && !nqpf_error_message()[0])
        nqpf__nomem("the stochastic frontier (sfa)");
    nqpf_table_free(te);
    nqpf_table_free(coef);
    nqpf_table_free(dec);
    nqpf_sfa_fit_free(&f);
    free(y);
    free(X);
    free(Z);
    free(per);
    free(V);
    free(unit);
    free(dobs);
    free(cols);
    return rc;
}
