/* nqpf_spreg_run(): from a panel and the options to the three result tables (coefficients, effects,
 * tests). The data are read here (one period as a cross-section, or a balanced panel ordered period
 * by period), the weights built over the units, and the fit delegated to spreg.c (cross-section) or
 * panel.c (panels); the effects and tables are made from the fitted-model struct alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "nqpf/global.h"
#include "spreg/spreg_internal.h"
#include "util/util.h"

#define Z975 1.959963984540054

typedef struct rows {
    size_t n, cap;
    const char **a, **b; /* equation / term (coef), variable / effect (effects), statistic (tests) */
    const char **c;      /* method (effects) */
    double *v[8];
    int failed;
} rows;

static void rows_add(rows *r, const char *a, const char *b, const char *c, const double *v, size_t nv)
{
    if (r->failed)
        return;
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 16;
        const char **na = nqpf__realloc(r->a, nc, sizeof *na), **nb = NULL, **ncc = NULL;
        if (na)
            r->a = na;
        nb = na ? nqpf__realloc(r->b, nc, sizeof *nb) : NULL;
        if (nb)
            r->b = nb;
        ncc = nb ? nqpf__realloc(r->c, nc, sizeof *ncc) : NULL;
        if (ncc)
            r->c = ncc;
        int ok = na && nb && ncc;
        for (size_t j = 0; j < 8 && ok; j++) {
            double *nv2 = nqpf__realloc(r->v[j], nc, sizeof *nv2);
            if (!nv2)
                ok = 0;
            else
                r->v[j] = nv2;
        }
        if (!ok) {
            r->failed = 1;
            return;
        }
        r->cap = nc;
    }
    r->a[r->n] = a;
    r->b[r->n] = b;
    r->c[r->n] = c;
    for (size_t j = 0; j < 8; j++)
        r->v[j][r->n] = j < nv ? v[j] : NAN;
    r->n++;
}

static void rows_free(rows *r)
{
    free(r->a);
    free(r->b);
    free(r->c);
    for (size_t j = 0; j < 8; j++)
        free(r->v[j]);
}

/* Table from rows: text columns (names tn[0..ntext)) then numeric ones (vn[0..nnum)). A first text
 * column "model" repeats mname when mname is not NULL. */
static int rows_table(nqpf_table **out, const rows *r, const char *mname, const char *const *tn, size_t ntext,
                      const char *const *vn, size_t nnum)
{
    if (r->failed)
        return NQPF_EINTERNAL;
    nqpf_table *t = nqpf_table_new(r->n);
    const char **m = nqpf__malloc(r->n ? r->n : 1, sizeof *m);
    int rc = t && m ? NQPF_OK : NQPF_EINTERNAL;
    for (size_t i = 0; i < r->n && m; i++)
        m[i] = mname;
    if (!rc && mname)
        rc = nqpf_table_add_text(t, "model", m, NULL);
    const char **cols[3] = {r->a, r->b, r->c};
    for (size_t j = 0; j < ntext && !rc; j++)
        rc = nqpf_table_add_text(t, tn[j], cols[j], NULL);
    for (size_t j = 0; j < nnum && !rc; j++)
        rc = nqpf_table_add_num(t, vn[j], r->v[j], NULL);
    free(m);
    if (rc) {
        nqpf_table_free(t);
        return rc;
    }
    *out = t;
    return NQPF_OK;
}

static void wald(double est, double se, double *v)
{
    v[0] = est;
    v[1] = se;
    v[2] = se > 0 ? est / se : NAN;
    v[3] = se > 0 ? 2 * gsl_cdf_ugaussian_Q(fabs(v[2])) : NAN;
    v[4] = se > 0 ? est - Z975 * se : NAN;
    v[5] = se > 0 ? est + Z975 * se : NAN;
}

/* The data: one period (cross-section) or a balanced panel, y and X ordered period by period. */
typedef struct spdata {
    size_t N, T, kx;
    double *y, *X;
    nqpf_weights *w; /* over the N units used */
    size_t *wxidx;
    size_t nwx;
} spdata;

static void spdata_free(spdata *d)
{
    free(d->y);
    free(d->X);
    free(d->wxidx);
    nqpf_weights_free(d->w);
}

static int load(spdata *d, const nqpf_panel *p, const nqpf_spreg_options *o, int *cross)
{
    int rc;
    memset(d, 0, sizeof *d);
    size_t nu = nqpf_panel_nunits(p), nt = 0;
    const long *times = nqpf_panel_times(p, &nt);
    const double *y = NULL, **x = nqpf__calloc(o->nx, sizeof *x);
    if (!x)
        return NQPF_EINTERNAL;
    if ((rc = nqpf_panel_column(p, o->y, &y)))
        goto done;
    for (size_t j = 0; j < o->nx && !rc; j++)
        rc = nqpf_panel_column(p, o->x[j], &x[j]);
    if (rc)
        goto done;
    nqpf_weights *wall = NULL;
    if ((rc = nqpf_weights_build(&wall, NULL, &o->weights, p)))
        goto done;
    d->kx = o->nx;
    *cross = o->has_year || nt == 1;
    if (*cross) {
        long t0 = o->has_year ? o->year : times[0];
        if (o->has_year && nqpf_panel_time_index(p, t0) == NQPF_NONE) {
            nqpf_weights_free(wall);
            rc = nqpf_opt_error(NQPF_EUSAGE, "year", "no observation has time %ld (the data run from %ld to %ld)", t0,
                                times[0], times[nt - 1]);
            goto done;
        }
        unsigned char *keep = nqpf__calloc(nu ? nu : 1, 1);
        size_t *obs = nqpf__malloc(nu ? nu : 1, sizeof *obs), kept = 0, first_missing = NQPF_NONE;
        if (!keep || !obs) {
            free(keep);
            free(obs);
            nqpf_weights_free(wall);
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t u = 0; u < nu; u++) {
            size_t i = nqpf_panel_find(p, u, t0);
            int ok = i != NQPF_NONE && isfinite(y[i]);
            for (size_t j = 0; j < o->nx && ok; j++)
                ok = isfinite(x[j][i]);
            if (ok) {
                keep[u] = 1;
                obs[kept++] = i;
            } else if (first_missing == NQPF_NONE) {
                first_missing = u;
            }
        }
        if (first_missing != NQPF_NONE && o->missing == NQPF_MISSING_REFUSE) {
            rc = nqpf_error_set(NQPF_EDATA, "spatial regression: unit '%s' has no complete observation of %s and x in "
                                            "period %ld; every unit of the weights needs one (or give the option "
                                            "missing: drop to leave such units and their links out)",
                                nqpf_panel_unit_name(p, first_missing), o->y, t0);
        } else if (first_missing != NQPF_NONE) {
            nqpf_warn("spreg: %zu of %zu units have no complete observation in period %ld (the first: '%s'); they "
                      "and their links are left out", nu - kept, nu, t0, nqpf_panel_unit_name(p, first_missing));
            rc = nqpf_weights_subset(&d->w, wall, keep);
        } else {
            d->w = wall;
            wall = NULL;
        }
        nqpf_weights_free(wall);
        free(keep);
        if (!rc) {
            d->N = kept;
            d->T = 1;
            d->y = nqpf__malloc(kept ? kept : 1, sizeof *d->y);
            d->X = nqpf__malloc(kept * o->nx + 1, sizeof *d->X);
            if (!d->y || !d->X)
                rc = NQPF_EINTERNAL;
            for (size_t u = 0; u < kept && !rc; u++) {
                d->y[u] = y[obs[u]];
                for (size_t j = 0; j < o->nx; j++)
                    d->X[u * o->nx + j] = x[j][obs[u]];
            }
        }
        free(obs);
    } else {
        d->w = wall;
        d->N = nu;
        d->T = nt;
        d->y = nqpf__malloc(nu * nt, sizeof *d->y);
        d->X = nqpf__malloc(nu * nt * o->nx + 1, sizeof *d->X);
        if (!d->y || !d->X)
            rc = NQPF_EINTERNAL;
        for (size_t t = 0; t < nt && !rc; t++)
            for (size_t u = 0; u < nu && !rc; u++) {
                size_t i = nqpf_panel_find(p, u, times[t]);
                int ok = i != NQPF_NONE && isfinite(y[i]);
                for (size_t j = 0; j < o->nx && ok; j++)
                    ok = isfinite(x[j][i]);
                if (!ok) {
                    rc = nqpf_error_set(NQPF_EDATA, "spatial panel: unit '%s' has no complete observation of %s and x "
                                                    "in period %ld; the panel models need a balanced panel (fill the "
                                                    "gap, or give the option year to fit one period)",
                                        nqpf_panel_unit_name(p, u), o->y, times[t]);
                    break;
                }
                d->y[t * nu + u] = y[i];
                for (size_t j = 0; j < o->nx; j++)
                    d->X[(t * nu + u) * o->nx + j] = x[j][i];
            }
    }
    if (rc)
        goto done;
    /* lagged columns */
    d->nwx = (o->model == NQPF_SPREG_SDM || o->model == NQPF_SPREG_SLX) ? (o->wx ? o->nwx : o->nx) : 0;
    d->wxidx = nqpf__malloc(d->nwx + 1, sizeof *d->wxidx);
    if (!d->wxidx) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t c = 0; c < d->nwx; c++) {
        size_t j = c;
        if (o->wx)
            for (j = 0; j < o->nx && strcmp(o->x[j], o->wx[c]) != 0; j++)
                ;
        d->wxidx[c] = j;
    }
    if (nqpf_weights_islands(d->w))
        nqpf_warn("spreg: %zu units have no neighbours (islands): their spatial lags are 0",
                  nqpf_weights_islands(d->w));
done:
    free(x);
    if (rc)
        spdata_free(d);
    return rc;
}

int nqpf_spreg_run(nqpf_table **coef, nqpf_table **effects, nqpf_table **tests, const nqpf_panel *p,
                   const nqpf_spreg_options *o)
{
    if (!coef || !p || !o)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_spreg_run: NULL argument");
    *coef = NULL;
    if (effects)
        *effects = NULL;
    if (tests)
        *tests = NULL;
    if (o->version != NQPF_SPREG_OPTIONS_VERSION)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_spreg_options: version %u, expected %u (initialise with "
                                           "nqpf_spreg_options_init())", o->version, NQPF_SPREG_OPTIONS_VERSION);
    if (!o->y || !o->nx)
        return nqpf_opt_error(NQPF_EUSAGE, o->y ? "x" : "y", "required");
    nqpf_global_init();
    int rc, cross = 1;
    const char **cols = nqpf__malloc(o->nx + 1, sizeof *cols);
    if (!cols)
        return NQPF_EINTERNAL;
    cols[0] = o->y;
    for (size_t j = 0; j < o->nx; j++)
        cols[j + 1] = o->x[j];
    nqpf_panel *kept = NULL;
    rc = nqpf_panel_apply_missing(&kept, p, cols, o->nx + 1, o->missing, "spreg", NULL);
    free(cols);
    if (rc)
        return rc;
    const nqpf_panel *P = kept ? kept : p;
    spdata d;
    nqpf__spreg_fit f, ffe;
    memset(&f, 0, sizeof f);
    memset(&ffe, 0, sizeof ffe);
    nqpf__spreg_logdet *ld = NULL;
    nqpf__spreg_lm lm;
    int have_lm = 0, have_h = 0;
    double hstat = NAN, hp = NAN;
    size_t hdf = 0;
    rows rc_ = {0}, re_ = {0}, rt_ = {0};
    double *est = NULL, *se = NULL;
    if ((rc = load(&d, P, o, &cross)))
        goto out;
    if (!cross && o->model != NQPF_SPREG_SAR && o->model != NQPF_SPREG_SEM && o->model != NQPF_SPREG_SDM) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "model", "panel data (%zu periods) are fitted with sar, sem or sdm; for %s "
                                                  "give the option year to fit one period",
                            d.T, nqpf_spreg_model_name(o->model));
        goto done;
    }
    if (!cross && o->wx) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "wx", "the panel SDM lags every x; leave wx out (or fit one period with year)");
        goto done;
    }
    if (cross && o->fe != NQPF_SPREG_FE_NONE) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "fe", "the data have one period, so there are no panel effects; give fe none "
                                              "(or a panel with --id and --time over several periods)");
        goto done;
    }
    if ((rc = nqpf__spreg_logdet_new(&ld, d.w, o->logdet)))
        goto done;
    if (cross) {
        if ((rc = nqpf__spreg_fit_cross(&f, d.y, d.X, d.N, d.kx, d.wxidx, d.nwx, d.w, o->model, ld)))
            goto done;
        double *Z = NULL;
        if ((rc = nqpf__spreg_design(&Z, d.X, d.N, d.kx, d.wxidx, d.nwx, d.w)))
            goto done;
        rc = nqpf__spreg_lm_tests(&lm, d.y, Z, d.N, 1 + d.kx + d.nwx, d.w);
        free(Z);
        if (rc)
            goto done;
        have_lm = 1;
    } else {
        int ly = o->leeyu && (o->fe == NQPF_SPREG_FE_INDIVIDUAL || o->fe == NQPF_SPREG_FE_TWOWAY);
        if ((rc = nqpf__spreg_fit_panel(&f, d.y, d.X, d.N, d.T, d.kx, d.w, o->model, o->fe, ly, o->logdet)))
            goto done;
        if (o->hausman) {
            if ((rc = nqpf__spreg_fit_panel(&ffe, d.y, d.X, d.N, d.T, d.kx, d.w, o->model, NQPF_SPREG_FE_INDIVIDUAL,
                                            o->leeyu, o->logdet)) ||
                (rc = nqpf__spreg_hausman(&hstat, &hdf, &hp, &ffe, &f)))
                goto done;
            have_h = 1;
        }
    }
    /* ---- coefficients ---- */
    const char *mname = nqpf_spreg_model_name(o->model);
    size_t q = f.nb + f.nsp;
    double v[8];
    for (size_t j = 0; j < f.nb; j++) {
        const char *eq = "Main", *term;
        if (f.has_const && j == 0)
            term = "_cons";
        else if (j < (size_t)f.has_const + f.kx)
            term = o->x[j - (size_t)f.has_const];
        else {
            eq = "Wx";
            size_t c = j - (size_t)f.has_const - f.kx;
            term = o->x[cross ? d.wxidx[c] : c];
        }
        wald(f.beta[j], sqrt(f.cov[j * q + j]), v);
        rows_add(&rc_, eq, term, NULL, v, 6);
    }
    size_t is = f.nb;
    if (!isnan(f.rho)) {
        wald(f.rho, sqrt(f.cov[is * q + is]), v);
        rows_add(&rc_, "Spatial", "rho", NULL, v, 6);
        is++;
    }
    if (!isnan(f.lambda)) {
        wald(f.lambda, sqrt(f.cov[is * q + is]), v);
        rows_add(&rc_, "Spatial", "lambda", NULL, v, 6);
    }
    wald(f.sigma2, isnan(f.var_sigma2) ? NAN : sqrt(f.var_sigma2), v);
    rows_add(&rc_, "Variance", "sigma2_e", NULL, v, 6);
    {
        static const char *const tn[] = {"equation", "term"};
        static const char *const vn[] = {"estimate", "std_error", "z", "p_value", "ci_lo", "ci_hi"};
        if ((rc = rows_table(coef, &rc_, mname, tn, 2, vn, 6)))
            goto done;
    }
    /* ---- effects ---- */
    if (effects && o->model != NQPF_SPREG_OLS) {
        est = nqpf__calloc(3 * d.kx + 1, sizeof *est);
        se = nqpf__calloc(3 * d.kx + 1, sizeof *se);
        if (!est || !se) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        if ((rc = nqpf__spreg_effects(est, se, &f, cross ? d.wxidx : NULL, d.w, ld, o->effects_se, o->draws,
                                      o->seed)))
            goto done;
        const char *meth = (o->model == NQPF_SPREG_SEM || o->model == NQPF_SPREG_SLX)
                               ? "closed"
                               : (o->effects_se == NQPF_SPREG_SE_SIM ? "sim" : "delta");
        static const char *const en[] = {"direct", "indirect", "total"};
        for (size_t k = 0; k < d.kx; k++)
            for (size_t e = 0; e < 3; e++) {
                wald(est[3 * k + e], se[3 * k + e], v);
                rows_add(&re_, o->x[k], en[e], meth, v, 4);
            }
        static const char *const tn[] = {"variable", "effect", "method"};
        static const char *const vn[] = {"estimate", "std_error", "z", "p_value"};
        if ((rc = rows_table(effects, &re_, mname, tn, 3, vn, 4)))
            goto done;
    }
    /* ---- tests and fit ---- */
    if (tests) {
#define T1(name, val) (v[0] = (val), v[1] = NAN, v[2] = NAN, rows_add(&rt_, name, NULL, NULL, v, 3))
#define T3(name, val, df, pv) (v[0] = (val), v[1] = (df), v[2] = (pv), rows_add(&rt_, name, NULL, NULL, v, 3))
        double nobs = (double)f.nobs, k = (double)f.npar;
        T1("n", (double)f.N);
        T1("T", (double)f.T);
        T1("nobs", nobs);
        T1("loglik", f.loglik);
        T1("aic", -2 * f.loglik + 2 * k);
        T1("bic", -2 * f.loglik + k * log(nobs));
        T1("r2", f.r2);
        T1("sigma2", f.sigma2);
        if (!cross)
            T1("leeyu", (double)f.leeyu);
        if (!cross && o->fe == NQPF_SPREG_FE_RANDOM)
            T1("sigma2_mu", f.sigma2_mu); /* xsmle reports it through lgt_theta / ln_phi */
        if (have_lm) {
            T3("moran_i", lm.moran_i, NAN, lm.moran_p);
            T1("moran_e", lm.moran_e);
            T1("moran_var", lm.moran_var);
            T3("moran_z", lm.moran_z, NAN, lm.moran_p);
            T3("lm_lag", lm.lm_lag, 1, lm.p_lm_lag);
            T3("lm_error", lm.lm_err, 1, lm.p_lm_err);
            T3("rlm_lag", lm.rlm_lag, 1, lm.p_rlm_lag);
            T3("rlm_error", lm.rlm_err, 1, lm.p_rlm_err);
            T3("sarma", lm.sarma, 2, lm.p_sarma);
            if (f.nsp) {
                double lr = 2 * (f.loglik - lm.loglik);
                T3("lr_spatial", lr, (double)f.nsp, gsl_cdf_chisq_Q(fmax(lr, 0), (double)f.nsp));
            }
        }
        if (have_h)
            T3("hausman", hstat, (double)hdf, hp);
#undef T1
#undef T3
        static const char *const tn[] = {"statistic"};
        static const char *const vn[] = {"value", "df", "p_value"};
        if ((rc = rows_table(tests, &rt_, mname, tn, 1, vn, 3)))
            goto done;
    }
done:
    spdata_free(&d);
out:
    nqpf__spreg_logdet_free(ld);
    nqpf__spreg_fit_free(&f);
    nqpf__spreg_fit_free(&ffe);
    rows_free(&rc_);
    rows_free(&re_);
    rows_free(&rt_);
    free(est);
    free(se);
    nqpf_panel_free(kept);
    if (rc) {
        nqpf_table_free(*coef);
        *coef = NULL;
        if (effects) {
            nqpf_table_free(*effects);
            *effects = NULL;
        }
        if (tests) {
            nqpf_table_free(*tests);
            *tests = NULL;
        }
        if (rc == NQPF_EINTERNAL && !nqpf_error_message()[0])
            nqpf__nomem("the spatial regression");
    }
    return rc;
}
