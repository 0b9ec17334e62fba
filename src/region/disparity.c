/* Inequality across regions: Gini with Dagum's (1997) group decomposition, Theil T and L with the
 * Shorrocks (1980) within/between split, and the coefficient of variation. docs/regions.md has
 * the formulas. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/gazetteer.h"
#include "nqpf/region.h"
#include "../util/util.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sum over ordered pairs of |y_i - y_r| of a sorted array: 2 sum_i y_(i) (2i - n + 1). */
static double sorted_abs_sum(const double *s, size_t n)
{
    double acc = 0;
    for (size_t i = 0; i < n; i++)
        acc += s[i] * (2.0 * (double)i - (double)n + 1.0);
    return 2 * acc;
}

double nqpf_gini(const double *y, size_t n)
{
    if (n == 0)
        return NAN;
    double *s = nqpf__malloc(n, sizeof *s);
    if (!s)
        return NAN;
    memcpy(s, y, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double mu = 0;
    for (size_t i = 0; i < n; i++)
        mu += s[i];
    mu /= (double)n;
    double g = mu > 0 ? sorted_abs_sum(s, n) / (2.0 * (double)n * (double)n * mu) : NAN;
    free(s);
    return g;
}

void nqpf_dagum_result_free(nqpf_dagum_result *r)
{
    if (!r)
        return;
    free(r->n);
    free(r->mean);
    free(r->gjj);
    free(r->gjh);
    free(r->djh);
    r->n = NULL;
    r->mean = r->gjj = r->gjh = r->djh = NULL;
}

/* For sorted groups a and b: the sum over all pairs of (a_i - b_r)_+ in *pos and of |a_i - b_r| in
 * *abs_sum, by walking both in order with prefix sums (O(na + nb)). */
static void cross_sums(const double *a, size_t na, const double *b, size_t nb, double *pos, double *abs_sum)
{
    double btot = 0;
    for (size_t r = 0; r < nb; r++)
        btot += b[r];
    double below = 0, p = 0, s = 0;
    size_t c = 0;
    for (size_t i = 0; i < na; i++) {
        while (c < nb && b[c] < a[i])
            below += b[c++];
        double up = (double)c * a[i] - below;
        p += up;
        s += up + (btot - below) - (double)(nb - c) * a[i];
    }
    *pos = p;
    *abs_sum = s;
}

int nqpf_dagum(nqpf_dagum_result *out, const double *y, const size_t *group, size_t n, size_t k)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || k == 0)
        return nqpf_error_set(NQPF_EUSAGE, "Dagum decomposition: no observations or no groups");
    for (size_t i = 0; i < n; i++)
        if (group[i] >= k)
            return nqpf_error_set(NQPF_EUSAGE, "Dagum decomposition: group %zu of observation %zu is not below %zu",
                                  group[i], i + 1, k);
    int rc = NQPF_OK;
    double *sorted = nqpf__malloc(n, sizeof *sorted);
    size_t *start = nqpf__calloc(k + 1, sizeof *start);
    out->k = k;
    out->n = nqpf__calloc(k, sizeof *out->n);
    out->mean = nqpf__calloc(k, sizeof *out->mean);
    out->gjj = nqpf__calloc(k, sizeof *out->gjj);
    out->gjh = nqpf__calloc(k * k, sizeof *out->gjh);
    out->djh = nqpf__calloc(k * k, sizeof *out->djh);
    if (!sorted || !start || !out->n || !out->mean || !out->gjj || !out->gjh || !out->djh) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* Counting sort by group, then sort each group's values. */
    for (size_t i = 0; i < n; i++)
        out->n[group[i]]++;
    for (size_t j = 0; j < k; j++)
        start[j + 1] = start[j] + out->n[j];
    {
        size_t *fill = nqpf__malloc(k, sizeof *fill);
        if (!fill) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        memcpy(fill, start, k * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            sorted[fill[group[i]]++] = y[i];
        free(fill);
    }
    double total = 0;
    for (size_t j = 0; j < k; j++) {
        double *g = sorted + start[j];
        qsort(g, out->n[j], sizeof *g, cmp_double);
        double sj = 0;
        for (size_t i = 0; i < out->n[j]; i++)
            sj += g[i];
        total += sj;
        out->mean[j] = out->n[j] ? sj / (double)out->n[j] : NAN;
    }
    double mu = total / (double)n, dn = (double)n;
    {
        double *all = nqpf__malloc(n, sizeof *all);
        if (!all) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        memcpy(all, sorted, n * sizeof *all);
        qsort(all, n, sizeof *all, cmp_double);
        out->gini = sorted_abs_sum(all, n) / (2 * dn * dn * mu);
        free(all);
    }
    out->within = out->between_net = out->transvar = 0;
    for (size_t j = 0; j < k; j++) {
        double nj = (double)out->n[j];
        if (!out->n[j]) {
            out->gjj[j] = NAN;
            for (size_t h = 0; h < k; h++)
                out->gjh[j * k + h] = out->gjh[h * k + j] = out->djh[j * k + h] = out->djh[h * k + j] = NAN;
            continue;
        }
        double sjj = sorted_abs_sum(sorted + start[j], out->n[j]);
        /* A group of zeros has no inequality (0/0 in the formula). */
        out->gjj[j] = sjj == 0 ? 0 : sjj / (2 * nj * nj * out->mean[j]);
        double pj = nj / dn, sj = nj * out->mean[j] / (dn * mu);
        out->within += out->gjj[j] * pj * sj;
    }
    for (size_t j = 0; j < k; j++) {
        if (!out->n[j])
            continue;
        out->gjh[j * k + j] = out->gjj[j];
        out->djh[j * k + j] = 0;
        for (size_t h = j + 1; h < k; h++) {
            if (!out->n[h])
                continue;
            double nj = (double)out->n[j], nh = (double)out->n[h];
            double d, s;
            cross_sums(sorted + start[j], out->n[j], sorted + start[h], out->n[h], &d, &s);
            double p = s - d;
            double gjh = s == 0 ? 0 : s / (nj * nh * (out->mean[j] + out->mean[h]));
            /* D_jh = (d_jh - p_jh)/(d_jh + p_jh): the gross economic affluence of j over h net of
             * the transvariation, relative to their sum (both scaled by 1/(n_j n_h), which cancels). */
            double D = s == 0 ? 0 : (d - p) / s;
            out->gjh[j * k + h] = out->gjh[h * k + j] = gjh;
            out->djh[j * k + h] = D;
            out->djh[h * k + j] = -D;
            double w = (nj / dn) * (nh * out->mean[h] / (dn * mu)) + (nh / dn) * (nj * out->mean[j] / (dn * mu));
            double ad = fabs(D);
            out->between_net += gjh * w * ad;
            out->transvar += gjh * w * (1 - ad);
        }
    }
done:
    free(sorted);
    free(start);
    if (rc)
        nqpf_dagum_result_free(out);
    return rc;
}

int nqpf_theil(nqpf_theil_result *out, const double *y, const size_t *group, size_t n, size_t k)
{
    if (n == 0)
        return nqpf_error_set(NQPF_EUSAGE, "Theil index: no observations");
    if (!group)
        k = 1;
    double *sum = nqpf__calloc(k, sizeof *sum), *tj = nqpf__calloc(k, sizeof *tj), *lj = nqpf__calloc(k, sizeof *lj);
    size_t *cnt = nqpf__calloc(k, sizeof *cnt);
    int rc = NQPF_OK, has_zero = 0;
    if (!sum || !tj || !lj || !cnt) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = group ? group[i] : 0;
        if (g >= k) {
            rc = nqpf_error_set(NQPF_EUSAGE, "Theil index: group %zu of observation %zu is not below %zu", g, i + 1, k);
            goto done;
        }
        if (!(y[i] >= 0)) {
            rc = nqpf_error_set(NQPF_EUSAGE, "Theil index: observation %zu is negative or missing", i + 1);
            goto done;
        }
        has_zero |= y[i] == 0;
        sum[g] += y[i];
        cnt[g]++;
        total += y[i];
    }
    double mu = total / (double)n;
    /* Each group's T and L relative to its own mean. */
    for (size_t i = 0; i < n; i++) {
        size_t g = group ? group[i] : 0;
        double mj = sum[g] / (double)cnt[g];
        if (y[i] > 0)
            tj[g] += (y[i] / mj) * log(y[i] / mj);
        if (!has_zero)
            lj[g] += log(mj / y[i]);
    }
    *out = (nqpf_theil_result){0, 0, 0, 0, 0, 0};
    for (size_t g = 0; g < k; g++) {
        if (!cnt[g])
            continue;
        double ng = (double)cnt[g], mj = sum[g] / ng;
        double pj = ng / (double)n, sj = sum[g] / total;
        out->t_within += sj * (tj[g] / ng);
        if (mj > 0)
            out->t_between += sj * log(mj / mu);
        out->l_within += pj * (lj[g] / ng);
        out->l_between += pj * log(mu / mj);
    }
    out->t = out->t_within + out->t_between;
    if (has_zero)
        out->l = out->l_within = out->l_between = NAN;
    else
        out->l = out->l_within + out->l_between;
    if (!(mu > 0))
        *out = (nqpf_theil_result){NAN, NAN, NAN, NAN, NAN, NAN};
done:
    free(sum);
    free(tj);
    free(lj);
    free(cnt);
    return rc;
}

/* Orders group labels: numerically when both are numbers, else by bytes. */
static int cmp_label(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    double u, v;
    if (nqpf_parse_double(x, &u) && nqpf_parse_double(y, &v) && u != v)
        return (u > v) - (u < v);
    return strcmp(x, y);
}


/* Adds numeric columns names[0..m) with values cols[j][0..nrows) to t. */
static int add_num_cols(nqpf_table *t, const char *const *names, double *const *cols, size_t m)
{
    for (size_t j = 0; j < m; j++) {
        int rc = nqpf_table_add_num(t, names[j], cols[j], NULL);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

enum { OV_N, OV_MEAN, OV_SD, OV_CV, OV_GINI, OV_TT, OV_TL, OV_GW, OV_GNB, OV_GT, OV_SW, OV_SNB, OV_ST, OV_TTW,
       OV_TTB, OV_TLW, OV_TLB, OV_NCOLS };
static const char *const ov_names[OV_NCOLS] = {
    "n", "mean", "sd", "cv", "gini", "theil_t", "theil_l", "gini_within", "gini_between_net",
    "gini_transvariation", "share_within", "share_between_net", "share_transvariation", "theil_t_within",
    "theil_t_between", "theil_l_within", "theil_l_between"};
enum { GR_N, GR_MEAN, GR_PS, GR_IS, GR_GINI, GR_TT, GR_TL, GR_CONTRIB, GR_NCOLS };
static const char *const gr_names[GR_NCOLS] = {"n", "mean", "pop_share", "income_share", "gini",
                                               "theil_t", "theil_l", "gini_within_contrib"};
enum { PR_G, PR_D, PR_NB, PR_T, PR_NCOLS };
static const char *const pr_names[PR_NCOLS] = {"gini_between", "d_affluence", "between_net_contrib",
                                               "transvariation_contrib"};

int nqpf_disparity(nqpf_table **overall, nqpf_table **groups, nqpf_table **pairs, const nqpf_panel *p,
                   const nqpf_disparity_options *o)
{
    *overall = NULL;
    if (groups)
        *groups = NULL;
    if (pairs)
        *pairs = NULL;
    const nqpf_table *tab = nqpf_panel_table(p);
    size_t n = nqpf_panel_nobs(p), nt, k = 1;
    const long *times = nqpf_panel_times(p, &nt);
    const double *x;
    int rc;
    char where[512], buf[64];
    if (!o->var)
        return nqpf_error_set(NQPF_EUSAGE, "disparity: no variable given");
    if ((rc = nqpf_panel_column(p, o->var, &x)))
        return rc;
    size_t nval = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] < 0)
            return nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a non-negative value for inequality "
                                  "measures, found %s", nqpf_panel_where(p, i, where, sizeof where), o->var,
                                  nqpf_format_double(x[i], buf, sizeof buf));
        nval += !isnan(x[i]);
    }
    /* An all-empty variable would give a table of empty cells and exit 0: say so instead. */
    if (nval == 0)
        return nqpf_error_set(NQPF_EDATA, "column '%s' is empty in all %zu rows of %s: expected numbers to measure "
                              "disparity on (check the column name and the sample)", o->var, n,
                              nqpf_table_source(tab));
    size_t gcol = NQPF_NONE;
    if (o->group) {
        gcol = nqpf_table_find(tab, o->group);
        if (gcol == NQPF_NONE)
            return nqpf_error_set(NQPF_EDATA, "column '%s' not found in %s", o->group, nqpf_table_source(tab));
    }
    int grouped = gcol != NQPF_NONE || o->groups.file || o->group_builtin;
    char *numlab = NULL;
    const char **lab = NULL, **labels = NULL;
    size_t *gi = NULL, *order = NULL, *tstart = NULL, *yg = NULL;
    double *yv = NULL, *ov[OV_NCOLS] = {0}, *gv[GR_NCOLS] = {0}, *pv[PR_NCOLS] = {0};
    const char **g_time_lab = NULL, **p_a = NULL, **p_b = NULL;
    double *g_time = NULL, *p_time = NULL, *ov_time = NULL;
    nqpf_table *tov = NULL, *tgr = NULL, *tpr = NULL;
    nqpf_groupmap *gmap = NULL;
    nqpf_dagum_result dr = {0};
    unsigned char *skip = NULL;
    if (!(gi = nqpf__calloc(n ? n : 1, sizeof *gi)) || !(yv = nqpf__malloc(n ? n : 1, sizeof *yv)) ||
        !(yg = nqpf__malloc(n ? n : 1, sizeof *yg)) || !(skip = nqpf__calloc(n ? n : 1, 1))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (grouped) {
        /* Labels per observation: a mapping file's groups, or the group column's cells as key text. */
        if (o->group_builtin) {
            if ((rc = nqpf_groupmap_builtin(&gmap, o->group_builtin))) {
                rc = nqpf_opt_error(rc, "group_builtin", "%s", nqpf_error_message());
                goto done;
            }
            if ((rc = nqpf_groupmap_labels(gmap, p, &lab)))
                goto done;
        } else if (o->groups.file) {
            if ((rc = nqpf_groupmap_read(&gmap, &o->groups, nqpf_panel_id_col(p))) ||
                (rc = nqpf_groupmap_labels(gmap, p, &lab)))
                goto done;
        } else {
            if (!(lab = nqpf__calloc(n ? n : 1, sizeof *lab)) || !(numlab = nqpf__malloc(n ? n : 1, NQPF_CELL_TEXT_SIZE))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            for (size_t i = 0; i < n; i++)
                lab[i] = nqpf_cell_text(tab, gcol, i, numlab + NQPF_CELL_TEXT_SIZE * i, NQPF_CELL_TEXT_SIZE);
        }
        if (!(labels = nqpf__calloc(n ? n : 1, sizeof *labels))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        k = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(x[i]))
                continue;
            if (!lab[i] && o->skip_ungrouped) {
                skip[i] = 1;
                continue;
            }
            if (!lab[i] && gmap && o->group_builtin) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: id '%s' is no member of the built-in grouping '%s' (or no region "
                                    "China's gazetteer knows); set ungrouped to skip to leave such rows out",
                                    nqpf_panel_where(p, i, where, sizeof where),
                                    nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)), o->group_builtin);
                goto done;
            }
            if (!lab[i] && gmap) {
                rc = nqpf_error_set(NQPF_EDATA, "%s: id '%s' has no group in %s (column '%s'); set ungrouped to skip "
                                    "to leave such rows out", nqpf_panel_where(p, i, where, sizeof where),
                                    nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)), nqpf_groupmap_source(gmap),
                                    o->groups.key ? o->groups.key : nqpf_panel_id_col(p));
                goto done;
            }
            if (!lab[i]) {
                rc = nqpf_error_set(NQPF_EDATA, "%s, column '%s': expected a group for a row with a value of '%s', "
                                    "found an empty cell", nqpf_panel_where(p, i, where, sizeof where), o->group,
                                    o->var);
                goto done;
            }
            labels[k++] = lab[i];
        }
        qsort(labels, k, sizeof *labels, cmp_label);
        size_t u = 0;
        for (size_t j = 0; j < k; j++)
            if (u == 0 || strcmp(labels[u - 1], labels[j]) != 0)
                labels[u++] = labels[j];
        k = u;
        for (size_t i = 0; i < n; i++)
            if (lab[i])
                for (size_t j = 0; j < k; j++)
                    if (strcmp(lab[i], labels[j]) == 0) {
                        gi[i] = j;
                        break;
                    }
        if (k == 0)
            k = 1;
    }
    /* Observations bucketed by year (panel order within a year). */
    if ((rc = nqpf_panel_by_period(p, NULL, 0, &order, &tstart)))
        goto done;
    size_t ng_rows = 0, np_rows = 0, nov = grouped ? OV_NCOLS : OV_GW;
    size_t maxg = nt * k, maxp = nt * (k * (k - 1) / 2);
    if (!(ov_time = nqpf__malloc(nt ? nt : 1, sizeof *ov_time))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t c = 0; c < nov; c++)
        if (!(ov[c] = nqpf__malloc(nt ? nt : 1, sizeof *ov[c]))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
    if (grouped) {
        for (size_t c = 0; c < GR_NCOLS; c++)
            if (!(gv[c] = nqpf__malloc(maxg ? maxg : 1, sizeof *gv[c]))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
        for (size_t c = 0; c < PR_NCOLS; c++)
            if (!(pv[c] = nqpf__malloc(maxp ? maxp : 1, sizeof *pv[c]))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
        if (!(g_time = nqpf__malloc(maxg ? maxg : 1, sizeof *g_time)) ||
            !(g_time_lab = nqpf__calloc(maxg ? maxg : 1, sizeof *g_time_lab)) ||
            !(p_time = nqpf__malloc(maxp ? maxp : 1, sizeof *p_time)) ||
            !(p_a = nqpf__calloc(maxp ? maxp : 1, sizeof *p_a)) || !(p_b = nqpf__calloc(maxp ? maxp : 1, sizeof *p_b))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
    }
    for (size_t t = 0; t < nt; t++) {
        size_t m = 0;
        for (size_t q = tstart[t]; q < tstart[t + 1]; q++) {
            size_t i = order[q];
            if (isnan(x[i]) || skip[i])
                continue;
            yv[m] = x[i];
            yg[m] = gi[i];
            m++;
        }
        ov_time[t] = (double)times[t];
        for (size_t c = 0; c < nov; c++)
            ov[c][t] = NAN;
        ov[OV_N][t] = (double)m;
        if (m == 0)
            continue;
        double mu = 0, ss = 0;
        for (size_t j = 0; j < m; j++)
            mu += yv[j];
        mu /= (double)m;
        for (size_t j = 0; j < m; j++)
            ss += (yv[j] - mu) * (yv[j] - mu);
        ov[OV_MEAN][t] = mu;
        ov[OV_SD][t] = sqrt(ss / (double)m);
        ov[OV_CV][t] = mu > 0 ? ov[OV_SD][t] / mu : NAN;
        if (!(mu > 0))
            continue;
        nqpf_theil_result th;
        if ((rc = nqpf_theil(&th, yv, grouped ? yg : NULL, m, k)))
            goto done;
        ov[OV_TT][t] = th.t;
        ov[OV_TL][t] = th.l;
        if (!grouped) {
            ov[OV_GINI][t] = nqpf_gini(yv, m);
            continue;
        }
        ov[OV_TTW][t] = th.t_within;
        ov[OV_TTB][t] = th.t_between;
        ov[OV_TLW][t] = th.l_within;
        ov[OV_TLB][t] = th.l_between;
        if ((rc = nqpf_dagum(&dr, yv, yg, m, k)))
            goto done;
        ov[OV_GINI][t] = dr.gini;
        ov[OV_GW][t] = dr.within;
        ov[OV_GNB][t] = dr.between_net;
        ov[OV_GT][t] = dr.transvar;
        ov[OV_SW][t] = dr.gini > 0 ? dr.within / dr.gini : NAN;
        ov[OV_SNB][t] = dr.gini > 0 ? dr.between_net / dr.gini : NAN;
        ov[OV_ST][t] = dr.gini > 0 ? dr.transvar / dr.gini : NAN;
        double total = mu * (double)m;
        for (size_t j = 0; j < k; j++) {
            if (!dr.n[j])
                continue;
            /* Each group's own Theil indices, from its members. */
            double nj = (double)dr.n[j];
            double *gy = nqpf__malloc(dr.n[j], sizeof *gy);
            if (!gy) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            size_t w = 0;
            for (size_t q = 0; q < m; q++)
                if (yg[q] == j)
                    gy[w++] = yv[q];
            nqpf_theil_result gt;
            rc = nqpf_theil(&gt, gy, NULL, w, 1);
            free(gy);
            if (rc)
                goto done;
            g_time[ng_rows] = (double)times[t];
            g_time_lab[ng_rows] = labels[j];
            gv[GR_N][ng_rows] = nj;
            gv[GR_MEAN][ng_rows] = dr.mean[j];
            gv[GR_PS][ng_rows] = nj / (double)m;
            gv[GR_IS][ng_rows] = nj * dr.mean[j] / total;
            gv[GR_GINI][ng_rows] = dr.gjj[j];
            gv[GR_TT][ng_rows] = gt.t;
            gv[GR_TL][ng_rows] = gt.l;
            gv[GR_CONTRIB][ng_rows] = dr.gjj[j] * (nj / (double)m) * (nj * dr.mean[j] / total);
            ng_rows++;
        }
        for (size_t j = 0; j < k; j++)
            for (size_t h = j + 1; h < k; h++) {
                if (!dr.n[j] || !dr.n[h])
                    continue;
                /* group_a is the richer group so that D >= 0 reads as its affluence over group_b. */
                size_t a = dr.mean[j] >= dr.mean[h] ? j : h, b = a == j ? h : j;
                double na = (double)dr.n[a], nb = (double)dr.n[b];
                double wgt = (na / (double)m) * (nb * dr.mean[b] / total) + (nb / (double)m) * (na * dr.mean[a] / total);
                double G = dr.gjh[a * k + b], D = dr.djh[a * k + b];
                p_time[np_rows] = (double)times[t];
                p_a[np_rows] = labels[a];
                p_b[np_rows] = labels[b];
                pv[PR_G][np_rows] = G;
                pv[PR_D][np_rows] = D;
                pv[PR_NB][np_rows] = G * wgt * D;
                pv[PR_T][np_rows] = G * wgt * (1 - D);
                np_rows++;
            }
        nqpf_dagum_result_free(&dr);
    }
    /* Tables. */
    if (!(tov = nqpf_table_new(nt))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    nqpf_table_set_source(tov, nqpf_table_source(tab));
    if ((rc = nqpf_table_add_num(tov, nqpf_panel_time_col(p), ov_time, NULL)) ||
        (rc = add_num_cols(tov, ov_names, ov, nov)))
        goto done;
    if (grouped) {
        if (!(tgr = nqpf_table_new(ng_rows)) || !(tpr = nqpf_table_new(np_rows))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        if ((rc = nqpf_table_add_num(tgr, nqpf_panel_time_col(p), g_time, NULL)) ||
            (rc = nqpf_table_add_text(tgr, "group", g_time_lab, NULL)) ||
            (rc = add_num_cols(tgr, gr_names, gv, GR_NCOLS)) ||
            (rc = nqpf_table_add_num(tpr, nqpf_panel_time_col(p), p_time, NULL)) ||
            (rc = nqpf_table_add_text(tpr, "group_a", p_a, NULL)) ||
            (rc = nqpf_table_add_text(tpr, "group_b", p_b, NULL)) || (rc = add_num_cols(tpr, pr_names, pv, PR_NCOLS)))
            goto done;
    }
    *overall = tov;
    tov = NULL;
    if (groups)
        *groups = tgr, tgr = NULL;
    if (pairs)
        *pairs = tpr, tpr = NULL;
done:
    nqpf_dagum_result_free(&dr);
    nqpf_table_free(tov);
    nqpf_table_free(tgr);
    nqpf_table_free(tpr);
    for (size_t c = 0; c < OV_NCOLS; c++)
        free(ov[c]);
    for (size_t c = 0; c < GR_NCOLS; c++)
        free(gv[c]);
    for (size_t c = 0; c < PR_NCOLS; c++)
        free(pv[c]);
    free(ov_time);
    free(g_time);
    free((void *)g_time_lab);
    free(p_time);
    free((void *)p_a);
    free((void *)p_b);
    free(numlab);
    free((void *)lab);
    free((void *)labels);
    free(gi);
    free(order);
    free(tstart);
    free(yv);
    free(yg);
    free(skip);
    nqpf_groupmap_free(gmap);
    return rc;
}
