/* Growth-accounting TFP: Törnqvist (shares averaged over adjacent years) and Solow (constant shares).
 * See docs/tfp.md for the formulas and the Penn World Table rule reproduced by the PWT preset. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/expr.h"
#include "nqpf/tfp.h"
#include "tfp_internal.h"
#include "../util/util.h"

typedef struct input_spec {
    const double *x;       /* input values (NULL for the PWT hours-adjusted labour input) */
    const double *share;   /* share column or NULL */
    double cshare;         /* constant share (or NaN for residual) */
    int residual;
    int pwt_hours;         /* growth from labour_col * hours_col with the fallback rule */
    double *unit_mean;     /* Solow: the unit's mean share for a share column */
} input_spec;

static int check_share(const nqpf_panel *p, const char *col, const double *s)
{
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++) {
        if (!isnan(s[i]) && (s[i] < 0 || s[i] > 1)) {
            char w[512], b[40];
            return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a share in [0, 1], found %s",
                                  nqpf_panel_where(p, i, w, sizeof w), col, nqpf_format_double(s[i], b, sizeof b));
        }
    }
    return NQPF_OK;
}

/* Log growth of the PWT labour input between observations j (t-1) and i (t). */
static double pwt_labour_growth(const nqpf_panel *p, const double *lab, const double *hours, size_t fb_unit,
                                size_t i, size_t j)
{
    if (isnan(lab[i]) || isnan(lab[j]) || !(lab[i] > 0) || !(lab[j] > 0))
        return NAN;
    double g = log(lab[i] / lab[j]);
    if (!isnan(hours[i]) && !isnan(hours[j]) && hours[i] > 0 && hours[j] > 0)
        return g + log(hours[i] / hours[j]);
    /* PWT: without hours in either year, use the reference country's growth of hours. */
    if (fb_unit == NQPF_NONE)
        return NAN;
    size_t fi = nqpf_panel_find(p, fb_unit, nqpf_panel_time(p, i));
    size_t fj = nqpf_panel_find(p, fb_unit, nqpf_panel_time(p, j));
    if (fi == NQPF_NONE || fj == NQPF_NONE || isnan(hours[fi]) || isnan(hours[fj]) || !(hours[fi] > 0) ||
        !(hours[fj] > 0))
        return NAN;
    return g + log(hours[fi] / hours[fj]);
}

/* The labour input before hours: a column, or an expression of columns such as the PWT's emp*hc
 * (evaluated here, so that the panel stays as the caller gave it). *owned is the buffer to free. */
static int labour_values(const nqpf_panel *p, const char *src, const double **out, double **owned)
{
    *owned = NULL;
    if (nqpf_table_find(nqpf_panel_table(p), src) != NQPF_NONE)
        return nqpf_panel_require(p, src, NQPF_REQ_POSITIVE, NULL, 0, "labour input", out);
    nqpf_expr *e = NULL;
    size_t n = nqpf_panel_nobs(p);
    double *v = nqpf__malloc(n ? n : 1, sizeof *v);
    int rc = v ? nqpf_expr_parse(&e, src) : NQPF_EINTERNAL;
    if (rc == NQPF_OK)
        rc = nqpf_expr_eval(e, p, v);
    nqpf_expr_free(e);
    for (size_t i = 0; i < n && rc == NQPF_OK; i++)
        if (!isnan(v[i]) && !(v[i] > 0)) {
            char w[512], b[40];
            rc = nqpf_error_set(NQPF_EDATA, "%s, %s: expected a positive number (labour input), found %s",
                                nqpf_panel_where(p, i, w, sizeof w), src, nqpf_format_double(v[i], b, sizeof b));
        }
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *owned = v;
    return NQPF_OK;
}

/* A base year must be one of the panel's years: otherwise every level would silently be missing. */
static int check_base(const nqpf_panel *p, long year)
{
    size_t nt;
    const long *times = nqpf_panel_times(p, &nt);
    if (nqpf_panel_time_index(p, year) != NQPF_NONE)
        return NQPF_OK;
    if (!nt)
        return nqpf_opt_error(NQPF_EDATA, "base", "year %ld is not in %s, which has no observations", year,
                              nqpf_table_source(nqpf_panel_table(p)));
    return nqpf_opt_error(NQPF_EDATA, "base", "year %ld is not in %s (its years run from %ld to %ld)", year,
                          nqpf_table_source(nqpf_panel_table(p)), times[0], times[nt - 1]);
}

/* A run without a single growth rate has computed nothing: an error naming the columns that are
 * empty throughout, rather than a table of empty cells. */
static int check_some_growth(const nqpf_panel *p, const nqpf_tfp_options *o, const double *y, const input_spec *in,
                             const double *growth)
{
    size_t n = nqpf_panel_nobs(p);
    for (size_t i = 0; i < n; i++)
        if (!isnan(growth[i]))
            return NQPF_OK;
    nqpf__buf b = NQPF__BUF_INIT;
    size_t nempty = 0;
    for (size_t k = 0; k <= o->ninputs; k++) {
        const double *v = k == 0 ? y : in[k - 1].x;
        if (!v)
            continue;
        size_t c = 0;
        while (c < n && isnan(v[c]))
            c++;
        if (c == n)
            nqpf__buf_printf(&b, "%s'%s'", nempty++ ? ", " : "", k == 0 ? o->output : o->inputs[k - 1]);
    }
    int rc;
    if (nempty)
        rc = nqpf_error_set(NQPF_EDATA, "%s: tfp computed no value: %s %s empty in every row",
                            nqpf_table_source(nqpf_panel_table(p)), nempty == 1 ? "column" : "columns",
                            nqpf__buf_cstr(&b));
    else
        rc = nqpf_error_set(NQPF_EDATA,
                            "%s: tfp computed no value: no unit has the output, every input and its shares in two "
                            "consecutive years",
                            nqpf_table_source(nqpf_panel_table(p)));
    nqpf__buf_free(&b);
    return rc;
}

int nqpf_tfp_growth_accounting(nqpf_table **out, const nqpf_panel *p, const nqpf_tfp_options *o)
{
    *out = NULL;
    int rc = NQPF_OK;
    size_t n = nqpf_panel_nobs(p), K = o->ninputs;
    input_spec *in = NULL;
    nqpf_tfp_share *shares = NULL;
    size_t nshares = 0;
    double *growth = NULL, *level = NULL, *chain = NULL, *cum = NULL, *lab_owned = NULL;
    const double *y, *lab = NULL, *hours = NULL;
    size_t fb_unit = NQPF_NONE;
    nqpf_table *t = NULL;

    if (!o->output)
        return nqpf_opt_error(NQPF_EUSAGE, "output", "required: the output column");
    if (K == 0)
        return nqpf_opt_error(NQPF_EUSAGE, "inputs", "required: at least one input column");
    if (o->missing != NQPF_MISSING_KEEP) {
        /* The output and the inputs given as columns (the PWT hours-adjusted labour input has a
         * fallback for its hours and is not checked). drop: the result for the panel without them. */
        const char **names = nqpf__malloc(2 * (K + 1), sizeof *names);
        size_t nn = 0;
        if (!names)
            return NQPF_EINTERNAL;
        const char **why = names + K + 1;
        why[nn] = "TFP output";
        names[nn++] = o->output;
        for (size_t k = 0; k < K; k++)
            if (!o->hours_input || strcmp(o->inputs[k], o->hours_input) != 0) {
                why[nn] = "TFP input";
                names[nn++] = o->inputs[k];
            }
        nqpf_panel *sub = NULL;
        rc = nqpf_panel_apply_missing(&sub, p, names, nn, o->missing, "tfp", why);
        free(names);
        if (rc || sub) {
            nqpf_tfp_options o2 = *o;
            o2.missing = NQPF_MISSING_KEEP;
            if (!rc)
                rc = nqpf_tfp_growth_accounting(out, sub, &o2);
            nqpf_panel_free(sub);
            return rc;
        }
    }
    if ((rc = nqpf_panel_require(p, o->output, NQPF_REQ_POSITIVE, NULL, 0, "output must be positive for logs", &y)) ||
        (rc = nqpf__tfp_shares(o, 1, &shares, &nshares)) || (o->has_base && (rc = check_base(p, o->base_year))))
        goto done;
    if (!(in = nqpf__calloc(K, sizeof *in))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t k = 0; k < K; k++) {
        in[k].cshare = NAN;
        if (o->hours_input && strcmp(o->inputs[k], o->hours_input) == 0) {
            in[k].pwt_hours = 1;
            if ((rc = labour_values(p, o->labour_col, &lab, &lab_owned)) ||
                (rc = nqpf_panel_require(p, o->hours_col, NQPF_REQ_POSITIVE, NULL, 0, "hours worked", &hours)))
                goto done;
        } else if ((rc = nqpf_panel_require(p, o->inputs[k], NQPF_REQ_POSITIVE, NULL, 0,
                                            "inputs must be positive for logs", &in[k].x))) {
            goto done;
        }
        /* nqpf__tfp_shares() has checked that shares name inputs, once each, within [0, 1]. */
        in[k].residual = 1;
        for (size_t s = 0; s < nshares; s++) {
            if (strcmp(shares[s].input, o->inputs[k]) != 0)
                continue;
            in[k].residual = 0;
            if (shares[s].column) {
                if ((rc = nqpf_panel_column(p, shares[s].column, &in[k].share)) ||
                    (rc = check_share(p, shares[s].column, in[k].share)))
                    goto done;
            } else {
                in[k].cshare = shares[s].value;
            }
        }
    }
    if (o->hours_fallback_id) {
        for (size_t u = 0; u < nqpf_panel_nunits(p); u++)
            if (strcmp(nqpf_panel_unit_name(p, u), o->hours_fallback_id) == 0)
                fb_unit = u;
        if (fb_unit == NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: the hours reference unit '%s' is not in the data",
                                nqpf_table_source(nqpf_panel_table(p)), o->hours_fallback_id);
            goto done;
        }
    }
    if (o->method == NQPF_TFP_SOLOW) {
        for (size_t k = 0; k < K; k++) {
            if (!in[k].share)
                continue;
            if (!(in[k].unit_mean = nqpf__malloc(nqpf_panel_nunits(p), sizeof(double)))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            for (size_t u = 0; u < nqpf_panel_nunits(p); u++) {
                double s = 0;
                size_t c = 0;
                for (size_t i = nqpf_panel_unit_begin(p, u); i < nqpf_panel_unit_end(p, u); i++)
                    if (!isnan(in[k].share[i]))
                        s += in[k].share[i], c++;
                in[k].unit_mean[u] = c ? s / (double)c : NAN;
            }
        }
    }

    growth = nqpf__malloc(n, sizeof *growth);
    level = nqpf__malloc(n, sizeof *level);
    chain = nqpf__malloc(n, sizeof *chain);
    cum = nqpf__malloc(n, sizeof *cum);
    if (!growth || !level || !chain || !cum) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        growth[i] = level[i] = chain[i] = cum[i] = NAN;
        size_t j = nqpf_panel_prev(p, i);
        if (j == NQPF_NONE || isnan(y[i]) || isnan(y[j]))
            continue;
        double g = log(y[i] / y[j]), given = 0;
        size_t resid = NQPF_NONE;
        double gres = NAN;
        for (size_t k = 0; k < K && !isnan(g); k++) {
            double gx = in[k].pwt_hours ? pwt_labour_growth(p, lab, hours, fb_unit, i, j)
                                        : log(in[k].x[i] / in[k].x[j]);
            if (isnan(gx)) {
                g = NAN;
                break;
            }
            if (in[k].residual) {
                resid = k;
                gres = gx;
                continue;
            }
            double s;
            if (!in[k].share)
                s = in[k].cshare;
            else if (o->method == NQPF_TFP_SOLOW)
                s = in[k].unit_mean[nqpf_panel_unit(p, i)];
            else
                s = 0.5 * (in[k].share[i] + in[k].share[j]);
            if (isnan(s)) {
                g = NAN;
                break;
            }
            given += s;
            g -= s * gx;
        }
        if (isnan(g))
            continue;
        if (resid != NQPF_NONE) {
            if (given > 1 + 1e-12) {
                char w[512];
                rc = nqpf_error_set(NQPF_EDATA, "%s: the given shares add up to %.6g > 1, leaving no share for '%s'",
                                    nqpf_panel_where(p, i, w, sizeof w), given, o->inputs[resid]);
                goto done;
            }
            g -= (1 - given) * gres;
        }
        growth[i] = g;
    }
    /* An observation belongs to a chain when its own data are usable: it links to the previous year
     * when that year's growth could be computed. */
    for (size_t u = 0; u < nqpf_panel_nunits(p); u++) {
        double chain_no = 0;
        size_t b = nqpf_panel_unit_begin(p, u), e = nqpf_panel_unit_end(p, u);
        for (size_t i = b; i < e; i++) {
            int usable = !isnan(y[i]);
            for (size_t k = 0; k < K && usable; k++)
                usable = in[k].pwt_hours ? !isnan(lab[i]) : !isnan(in[k].x[i]);
            if (!usable && isnan(growth[i]))
                continue;
            if (isnan(growth[i]) || i == b || isnan(chain[i - 1])) {
                chain_no += 1;
                cum[i] = 0;
            } else {
                cum[i] = cum[i - 1] + growth[i];
            }
            chain[i] = chain_no;
        }
        for (size_t i = b; i < e;) {
            if (isnan(chain[i])) {
                i++;
                continue;
            }
            size_t c_end = i + 1;
            while (c_end < e && chain[c_end] == chain[i])
                c_end++;
            double ref = NAN;
            if (o->has_base) {
                for (size_t m = i; m < c_end; m++)
                    if (nqpf_panel_time(p, m) == o->base_year)
                        ref = cum[m];
            } else {
                ref = cum[i];
            }
            for (size_t m = i; m < c_end; m++)
                level[m] = isnan(ref) ? NAN : exp(cum[m] - ref);
            i = c_end;
        }
    }
    if ((rc = check_some_growth(p, o, y, in, growth)))
        goto done;
    if (!(t = nqpf_panel_result_new(p, NULL, 0)) || (rc = nqpf_table_add_num(t, "tfp", level, NULL)) ||
        (rc = nqpf_table_add_num(t, "tfp_growth", growth, NULL)) || (rc = nqpf_table_add_num(t, "chain", chain, NULL))) {
        if (rc == NQPF_OK)
            rc = NQPF_EINTERNAL;
        goto done;
    }
    *out = t;
    t = NULL;
done:
    free(shares);
    free(lab_owned);
    if (in)
        for (size_t k = 0; k < K; k++)
            free(in[k].unit_mean);
    free(in);
    free(growth);
    free(level);
    free(chain);
    free(cum);
    nqpf_table_free(t);
    return rc;
}
