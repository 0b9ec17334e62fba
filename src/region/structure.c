/* Industrial structure of regions from long data (region, year, industry, value): the structure
 * similarity coefficient (cosine of industry shares, UNIDO), Krugman's (1991) specialisation index
 * and location quotients. docs/regions.md has the formulas. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/region.h"
#include "../util/util.h"

/* The (year x region x industry) grid is allocated whole; this caps it at about 400 MB. */
#define MAX_CELLS ((size_t)50 * 1000 * 1000)

typedef struct labels {
    const char **name; /* distinct labels in first-appearance order */
    size_t n;
    size_t *of_row;    /* label index of each row */
} labels;

static void labels_free(labels *l)
{
    free((void *)l->name);
    free(l->of_row);
}

/* Reads key column j of t as text labels; numeric cells are formatted into store (40 bytes a row). */
static int read_labels(labels *l, const nqpf_table *t, size_t j, const char *colname, char *store)
{
    size_t n = nqpf_table_nrows(t);
    memset(l, 0, sizeof *l);
    l->name = nqpf__malloc(n ? n : 1, sizeof *l->name);
    l->of_row = nqpf__malloc(n ? n : 1, sizeof *l->of_row);
    if (!l->name || !l->of_row)
        return NQPF_EINTERNAL;
    int text = nqpf_table_is_text(t, j);
    const double *v = text ? NULL : nqpf_table_cnum(t, j);
    for (size_t i = 0; i < n; i++) {
        const char *s = NULL;
        if (text)
            s = nqpf_table_text(t, j, i);
        else if (!isnan(v[i]))
            s = nqpf_format_double(v[i], store + 40 * i, 40);
        if (!s || !s[0])
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a key value, found an empty cell",
                                  nqpf_table_source(t), nqpf_table_src_row(t, i), colname);
        /* Most files list a region's rows together: try the last label before searching. */
        size_t k = NQPF_NONE;
        if (i && strcmp(l->name[l->of_row[i - 1]], s) == 0)
            k = l->of_row[i - 1];
        for (size_t q = 0; k == NQPF_NONE && q < l->n; q++)
            if (strcmp(l->name[q], s) == 0)
                k = q;
        if (k == NQPF_NONE) {
            k = l->n++;
            l->name[k] = s;
        }
        l->of_row[i] = k;
    }
    return NQPF_OK;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static size_t find_col(const nqpf_table *t, const char *name, const char *what, int *rc)
{
    size_t j = name ? nqpf_table_find(t, name) : NQPF_NONE;
    if (!name)
        *rc = nqpf_error_set(NQPF_EUSAGE, "structure: no %s column given", what);
    else if (j == NQPF_NONE)
        *rc = nqpf_error_set(NQPF_EDATA, "column '%s' (%s) not found in %s", name, what, nqpf_table_source(t));
    return j;
}

static int structure_run(nqpf_table **regions, nqpf_table **pairs, nqpf_table **lq, const nqpf_table *t,
                         const nqpf_structure_options *o)
{
    *regions = *pairs = *lq = NULL;
    int rc = NQPF_OK;
    size_t jr = find_col(t, o->region, "region", &rc);
    if (rc)
        return rc;
    size_t jt = find_col(t, o->time, "time", &rc);
    if (rc)
        return rc;
    size_t ji = find_col(t, o->industry, "industry", &rc);
    if (rc)
        return rc;
    size_t jv = find_col(t, o->value, "value", &rc);
    if (rc)
        return rc;
    size_t n = nqpf_table_nrows(t);
    const char *src = nqpf_table_source(t);
    if (n == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: no rows", src);
    if (nqpf_table_is_text(t, jv)) {
        double tmp;
        for (size_t i = 0; i < n; i++) {
            const char *s = nqpf_table_text(t, jv, i);
            if (s && !nqpf_parse_double(s, &tmp))
                return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a number, found '%s'", src,
                                      nqpf_table_src_row(t, i), o->value, s);
        }
    }
    if (nqpf_table_is_text(t, jt)) {
        for (size_t i = 0; i < n; i++) {
            const char *s = nqpf_table_text(t, jt, i);
            double tmp;
            if (s && nqpf_parse_double(s, &tmp))
                continue;
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected an integer year, found '%s'", src,
                                  nqpf_table_src_row(t, i), o->time, s ? s : "");
        }
    }
    const double *tv = nqpf_table_cnum(t, jt), *val = nqpf_table_cnum(t, jv);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        if (isnan(tv[i]) || tv[i] != floor(tv[i]) || fabs(tv[i]) > 1e9)
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected an integer year, found '%s'", src,
                                  nqpf_table_src_row(t, i), o->time, nqpf_format_double(tv[i], buf, sizeof buf));
        if (val[i] < 0)
            return nqpf_error_set(NQPF_EDATA, "%s: row %zu, column '%s': expected a non-negative value, found %s", src,
                                  nqpf_table_src_row(t, i), o->value, nqpf_format_double(val[i], buf, sizeof buf));
    }
    labels L_r = {0}, L_i = {0};
    char *store_r = nqpf__malloc(n, 40), *store_i = nqpf__malloc(n, 40);
    long *years = nqpf__malloc(n, sizeof *years);
    size_t *cell = NULL, *yix = nqpf__malloc(n, sizeof *yix);
    double *X = NULL;
    unsigned char *present = NULL, *bad = NULL;
    nqpf_table *tr = NULL, *tpair = NULL, *tlq = NULL;
    double *r_time = NULL, *r_tot = NULL, *r_kr = NULL, *r_kn = NULL, *r_ms = NULL;
    const char **r_id = NULL;
    double *p_time = NULL, *p_sim = NULL, *p_kr = NULL;
    const char **p_a = NULL, **p_b = NULL;
    double *l_time = NULL, *l_val = NULL, *l_sh = NULL, *l_lq = NULL;
    const char **l_r = NULL, **l_i = NULL;
    double *share = NULL, *nat = NULL, *simsum = NULL;
    size_t *simcnt = NULL;
    if (!store_r || !store_i || !years || !yix) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = read_labels(&L_r, t, jr, o->region, store_r)) || (rc = read_labels(&L_i, t, ji, o->industry, store_i)))
        goto done;
    for (size_t i = 0; i < n; i++)
        years[i] = (long)tv[i];
    qsort(years, n, sizeof *years, cmp_long);
    size_t Y = 0;
    for (size_t i = 0; i < n; i++)
        if (!Y || years[Y - 1] != years[i])
            years[Y++] = years[i];
    for (size_t i = 0; i < n; i++) {
        long *f = bsearch(&(long){(long)tv[i]}, years, Y, sizeof *years, cmp_long);
        yix[i] = (size_t)(f - years);
    }
    size_t R = L_r.n, I = L_i.n;
    if (Y > MAX_CELLS / R / I) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: %zu years x %zu regions x %zu industries is too large a grid", src, Y, R, I);
        goto done;
    }
    size_t NC = Y * R * I, NRY = Y * R;
    if (!(cell = nqpf__malloc(NC, sizeof *cell)) || !(X = nqpf__calloc(NC, sizeof *X)) ||
        !(present = nqpf__calloc(NRY, 1)) || !(bad = nqpf__calloc(NRY, 1))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t c = 0; c < NC; c++)
        cell[c] = NQPF_NONE;
    for (size_t i = 0; i < n; i++) {
        size_t ry = yix[i] * R + L_r.of_row[i], c = ry * I + L_i.of_row[i];
        if (cell[c] != NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: rows %zu and %zu both hold region '%s', industry '%s', %s %ld: expected "
                                "one row per region, industry and year", src, nqpf_table_src_row(t, cell[c]),
                                nqpf_table_src_row(t, i), L_r.name[L_r.of_row[i]], L_i.name[L_i.of_row[i]], o->time,
                                years[yix[i]]);
            goto done;
        }
        cell[c] = i;
        present[ry] = 1;
        if (isnan(val[i]))
            bad[ry] = 1;
        else
            X[c] = val[i];
    }
    size_t nbad = 0, nry = 0, npairs = 0;
    for (size_t ry = 0; ry < NRY; ry++) {
        nry += present[ry];
        nbad += bad[ry];
    }
    if (nbad)
        nqpf_warn("structure: %zu region-years have an empty '%s' cell; their indices are missing and they are left "
                  "out of the national totals", nbad, o->value);
    for (size_t y = 0; y < Y; y++) {
        size_t g = 0;
        for (size_t r = 0; r < R; r++)
            g += present[y * R + r] && !bad[y * R + r];
        npairs += g * (g ? g - 1 : 0) / 2;
    }
    size_t NL = nry * I;
    if (!(share = nqpf__malloc(NC, sizeof *share)) || !(nat = nqpf__malloc(I, sizeof *nat)) ||
        !(simsum = nqpf__calloc(NRY, sizeof *simsum)) || !(simcnt = nqpf__calloc(NRY, sizeof *simcnt)) ||
        !(r_time = nqpf__malloc(nry + 1, sizeof(double))) || !(r_tot = nqpf__malloc(nry + 1, sizeof(double))) ||
        !(r_kr = nqpf__malloc(nry + 1, sizeof(double))) || !(r_kn = nqpf__malloc(nry + 1, sizeof(double))) ||
        !(r_ms = nqpf__malloc(nry + 1, sizeof(double))) || !(r_id = nqpf__malloc(nry + 1, sizeof *r_id)) ||
        !(p_time = nqpf__malloc(npairs + 1, sizeof(double))) || !(p_sim = nqpf__malloc(npairs + 1, sizeof(double))) ||
        !(p_kr = nqpf__malloc(npairs + 1, sizeof(double))) || !(p_a = nqpf__malloc(npairs + 1, sizeof *p_a)) ||
        !(p_b = nqpf__malloc(npairs + 1, sizeof *p_b)) || !(l_time = nqpf__malloc(NL + 1, sizeof(double))) ||
        !(l_val = nqpf__malloc(NL + 1, sizeof(double))) || !(l_sh = nqpf__malloc(NL + 1, sizeof(double))) ||
        !(l_lq = nqpf__malloc(NL + 1, sizeof(double))) || !(l_r = nqpf__malloc(NL + 1, sizeof *l_r)) ||
        !(l_i = nqpf__malloc(NL + 1, sizeof *l_i))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double *kr = nqpf__malloc(NRY, sizeof *kr), *kn = nqpf__malloc(NRY, sizeof *kn), *tot = nqpf__malloc(NRY, sizeof *tot);
    double *natsh = nqpf__malloc(Y * I, sizeof *natsh);
    if (!kr || !kn || !tot || !natsh) {
        free(kr);
        free(kn);
        free(tot);
        free(natsh);
        rc = NQPF_EINTERNAL;
        goto done;
    }
    size_t np = 0;
    for (size_t y = 0; y < Y; y++) {
        double N = 0;
        for (size_t k = 0; k < I; k++)
            nat[k] = 0;
        for (size_t r = 0; r < R; r++) {
            size_t ry = y * R + r;
            double s = 0;
            for (size_t k = 0; k < I; k++)
                s += X[ry * I + k];
            tot[ry] = present[ry] && !bad[ry] ? s : NAN;
            if (!present[ry] || bad[ry])
                continue;
            for (size_t k = 0; k < I; k++)
                nat[k] += X[ry * I + k];
            N += s;
        }
        for (size_t k = 0; k < I; k++)
            natsh[y * I + k] = N > 0 ? nat[k] / N : NAN;
        for (size_t r = 0; r < R; r++) {
            size_t ry = y * R + r;
            kr[ry] = kn[ry] = NAN;
            for (size_t k = 0; k < I; k++)
                share[ry * I + k] = tot[ry] > 0 ? X[ry * I + k] / tot[ry] : NAN;
            if (!(tot[ry] > 0))
                continue;
            double a = 0, b = 0, rest = N - tot[ry];
            for (size_t k = 0; k < I; k++) {
                a += fabs(share[ry * I + k] - (rest > 0 ? (nat[k] - X[ry * I + k]) / rest : NAN));
                b += fabs(share[ry * I + k] - natsh[y * I + k]);
            }
            kr[ry] = a;
            kn[ry] = b;
        }
        for (size_t r = 0; r < R; r++) {
            size_t a = y * R + r;
            if (!present[a] || bad[a])
                continue;
            for (size_t q = r + 1; q < R; q++) {
                size_t b = y * R + q;
                if (!present[b] || bad[b])
                    continue;
                double dot = 0, na = 0, nb = 0, kd = 0;
                for (size_t k = 0; k < I; k++) {
                    double sa = share[a * I + k], sb = share[b * I + k];
                    dot += sa * sb;
                    na += sa * sa;
                    nb += sb * sb;
                    kd += fabs(sa - sb);
                }
                double sim = dot / sqrt(na * nb);
                p_time[np] = (double)years[y];
                p_a[np] = L_r.name[r];
                p_b[np] = L_r.name[q];
                p_sim[np] = sim;
                p_kr[np] = kd;
                np++;
                if (!isnan(sim)) {
                    simsum[a] += sim;
                    simsum[b] += sim;
                    simcnt[a]++;
                    simcnt[b]++;
                }
            }
        }
    }
    /* Region and location-quotient rows, region by region and year by year, like a panel. */
    size_t nr = 0, nl = 0;
    for (size_t r = 0; r < R; r++)
        for (size_t y = 0; y < Y; y++) {
            size_t ry = y * R + r;
            if (!present[ry])
                continue;
            r_id[nr] = L_r.name[r];
            r_time[nr] = (double)years[y];
            r_tot[nr] = tot[ry];
            r_kr[nr] = kr[ry];
            r_kn[nr] = kn[ry];
            r_ms[nr] = simcnt[ry] ? simsum[ry] / (double)simcnt[ry] : NAN;
            nr++;
            for (size_t k = 0; k < I; k++) {
                l_r[nl] = L_r.name[r];
                l_time[nl] = (double)years[y];
                l_i[nl] = L_i.name[k];
                l_val[nl] = bad[ry] ? NAN : X[ry * I + k];
                l_sh[nl] = share[ry * I + k];
                l_lq[nl] = natsh[y * I + k] > 0 ? share[ry * I + k] / natsh[y * I + k] : NAN;
                nl++;
            }
        }
    free(kr);
    free(kn);
    free(tot);
    free(natsh);
    if (!(tr = nqpf_table_new(nr)) || !(tpair = nqpf_table_new(np)) || !(tlq = nqpf_table_new(nl))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_text(tr, o->region, r_id, NULL)) || (rc = nqpf_table_add_num(tr, o->time, r_time, NULL)) ||
        (rc = nqpf_table_add_num(tr, "total", r_tot, NULL)) ||
        (rc = nqpf_table_add_num(tr, "krugman_rest", r_kr, NULL)) ||
        (rc = nqpf_table_add_num(tr, "krugman_national", r_kn, NULL)) ||
        (rc = nqpf_table_add_num(tr, "mean_similarity", r_ms, NULL)) ||
        (rc = nqpf_table_add_num(tpair, o->time, p_time, NULL)) ||
        (rc = nqpf_table_add_text(tpair, "region_a", p_a, NULL)) ||
        (rc = nqpf_table_add_text(tpair, "region_b", p_b, NULL)) ||
        (rc = nqpf_table_add_num(tpair, "similarity", p_sim, NULL)) ||
        (rc = nqpf_table_add_num(tpair, "krugman", p_kr, NULL)) ||
        (rc = nqpf_table_add_text(tlq, o->region, l_r, NULL)) || (rc = nqpf_table_add_num(tlq, o->time, l_time, NULL)) ||
        (rc = nqpf_table_add_text(tlq, o->industry, l_i, NULL)) ||
        (rc = nqpf_table_add_num(tlq, o->value, l_val, NULL)) || (rc = nqpf_table_add_num(tlq, "share", l_sh, NULL)) ||
        (rc = nqpf_table_add_num(tlq, "lq", l_lq, NULL)))
        goto done;
    *regions = tr;
    *pairs = tpair;
    *lq = tlq;
    tr = tpair = tlq = NULL;
done:
    labels_free(&L_r);
    labels_free(&L_i);
    free(store_r);
    free(store_i);
    free(years);
    free(yix);
    free(cell);
    free(X);
    free(present);
    free(bad);
    nqpf_table_free(tr);
    nqpf_table_free(tpair);
    nqpf_table_free(tlq);
    free(r_time);
    free(r_tot);
    free(r_kr);
    free(r_kn);
    free(r_ms);
    free((void *)r_id);
    free(p_time);
    free(p_sim);
    free(p_kr);
    free((void *)p_a);
    free((void *)p_b);
    free(l_time);
    free(l_val);
    free(l_sh);
    free(l_lq);
    free((void *)l_r);
    free((void *)l_i);
    free(share);
    free(nat);
    free(simsum);
    free(simcnt);
    return rc;
}

int nqpf_structure(nqpf_table **regions, nqpf_table **pairs, nqpf_table **lq, const nqpf_table *t,
                   const nqpf_structure_options *o)
{
    *regions = *pairs = *lq = NULL;
    if (o->from == LONG_MIN && o->to == LONG_MAX)
        return structure_run(regions, pairs, lq, t, o);
    int rc = NQPF_OK;
    size_t jt = find_col(t, o->time, "time", &rc);
    if (rc)
        return rc;
    /* A text time column holds a cell that is no year: the run names it. */
    if (nqpf_table_is_text(t, jt))
        return structure_run(regions, pairs, lq, t, o);
    const double *tv = nqpf_table_cnum(t, jt);
    size_t n = nqpf_table_nrows(t), m = 0;
    size_t *keep = nqpf__malloc(n ? n : 1, sizeof *keep);
    if (!keep)
        return NQPF_EINTERNAL;
    /* Rows without a year stay, so that the run reports them. */
    for (size_t i = 0; i < n; i++)
        if (isnan(tv[i]) || (!(tv[i] < (double)o->from) && !(tv[i] > (double)o->to)))
            keep[m++] = i;
    if (m == 0) {
        char a[32] = "", b[32] = "";
        if (o->from != LONG_MIN)
            snprintf(a, sizeof a, " from %ld", o->from);
        if (o->to != LONG_MAX)
            snprintf(b, sizeof b, " to %ld", o->to);
        free(keep);
        return nqpf_error_set(NQPF_EDATA, "%s: no rows left in the years kept (%s%s%s)", nqpf_table_source(t),
                              o->time, a, b);
    }
    nqpf_table *s = nqpf_table_select_rows(t, keep, m);
    free(keep);
    if (!s)
        return NQPF_EINTERNAL;
    nqpf_table_set_source(s, nqpf_table_source(t));
    rc = structure_run(regions, pairs, lq, s, o);
    nqpf_table_free(s);
    return rc;
}
