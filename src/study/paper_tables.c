/* results.xlsx: every step's long tables, one sheet each (as nqpf_write_tables() writes them), then
 * paper-ready wide sheets with headers in the report language and fixed-decimal number formats
 * (the cells keep full precision; only the display is rounded):
 *   index      region x year of the score, mean and rank of the mean; the indicator system
 *              (level, dimension, sub-dimension, indicator, unit, direction, weight);
 *   tfp        region x year of the tfp level, mean and rank;
 *   malmquist  region x year of tfpch, geometric mean and rank;
 *   disparity  the Dagum table: year, overall Gini, within-group Gini per group, between-group Gini
 *              per pair, contribution rates in %.
 * docs/study.md ("Paper-ready tables") describes the layout. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "io/xlsx_internal.h"
#include "nqpf/io.h"
#include "study/study_internal.h"
#include "util/util.h"

typedef struct {
    nqpf__xlsx *x; /* the workbook and its checks (src/io/xlsx_internal.h) */
    lxw_workbook *wb;
    lxw_format *bold, *f4, *f2, *f0;
    int zh;
    const nqpf_panel *panel;
    const char *label_col;
    const char *path;
} book;

static lxw_worksheet *add_sheet(book *b, const char *name, int *rc)
{
    return nqpf__xlsx_sheet(b->x, name, 0, rc);
}

/* Every sheet here is written row by row in increasing order, as the workbook's constant_memory
 * mode requires (src/io/xlsx_internal.h); a refused cell fails the workbook at its close. */
static void put_num(book *b, lxw_worksheet *ws, size_t r, size_t c, double x, lxw_format *f)
{
    if (isfinite(x))
        nqpf__xlsx_num(b->x, ws, r, c, x, f);
}

static void put_str(book *b, lxw_worksheet *ws, size_t r, size_t c, const char *s, lxw_format *f)
{
    nqpf__xlsx_str(b->x, ws, r, c, s, f);
}

static int long_sheet(book *b, const nqpf_table *t, const char *name)
{
    int rc = NQPF_OK;
    lxw_worksheet *ws = add_sheet(b, name, &rc);
    return ws ? nqpf__xlsx_long_table(b->x, ws, t, name) : rc;
}

/* The region's label from the data's label column (NULL when there is none). */
static const char *region_label(const book *b, const char *id)
{
    if (!b->panel || !b->label_col)
        return NULL;
    const nqpf_table *pt = nqpf_panel_table(b->panel);
    size_t lc = nqpf_table_find(pt, b->label_col);
    if (lc == NQPF_NONE || !nqpf_table_is_text(pt, lc))
        return NULL;
    for (size_t u = 0; u < nqpf_panel_nunits(b->panel); u++)
        if (strcmp(nqpf_panel_unit_name(b->panel, u), id) == 0)
            return nqpf_table_text(pt, lc, nqpf_panel_unit_begin(b->panel, u));
    return NULL;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Region x year of column vcol of the long table t (column 0 the id, column 1 the year), then the
 * mean over the region's years (geometric when geo) and the rank of the mean (1 = highest; ties
 * share the smaller rank; a region without values has neither). */
static int wide_sheet(book *b, const nqpf_table *t, const char *vcol, const char *name, int geo)
{
    size_t nr = nqpf_table_nrows(t), vc = nqpf_table_find(t, vcol);
    if (vc == NQPF_NONE || nqpf_table_is_text(t, vc) || nqpf_table_ncols(t) < 2 || !nqpf_table_is_text(t, 0) ||
        nqpf_table_is_text(t, 1) || nr == 0)
        return NQPF_OK;
    const double *v = nqpf_table_cnum(t, vc), *yr = nqpf_table_cnum(t, 1);
    long *years = nqpf__calloc(nr, sizeof *years);
    const char **ids = nqpf__calloc(nr, sizeof *ids);
    double *grid = NULL, *mean = NULL;
    size_t ny = 0, nu = 0;
    int rc = NQPF_OK;
    if (!years || !ids) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        const char *id = nqpf_table_text(t, 0, i);
        if (id && (nu == 0 || strcmp(ids[nu - 1], id) != 0)) {
            size_t u = 0;
            while (u < nu && strcmp(ids[u], id) != 0)
                u++;
            if (u == nu)
                ids[nu++] = id;
        }
        if (isfinite(yr[i]))
            years[ny++] = (long)yr[i];
    }
    qsort(years, ny, sizeof *years, cmp_long);
    size_t w = 0;
    for (size_t k = 0; k < ny; k++)
        if (w == 0 || years[w - 1] != years[k])
            years[w++] = years[k];
    ny = w;
    if (!(grid = nqpf__calloc(nu * ny + 1, sizeof *grid)) || !(mean = nqpf__calloc(nu + 1, sizeof *mean))) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    for (size_t k = 0; k < nu * ny; k++)
        grid[k] = NAN;
    for (size_t i = 0; i < nr; i++) {
        const char *id = nqpf_table_text(t, 0, i);
        if (!id || !isfinite(yr[i]))
            continue;
        size_t u = 0;
        while (u < nu && strcmp(ids[u], id) != 0)
            u++;
        long y = (long)yr[i];
        long *p = bsearch(&y, years, ny, sizeof *years, cmp_long);
        if (u < nu && p)
            grid[u * ny + (size_t)(p - years)] = v[i];
    }
    for (size_t u = 0; u < nu; u++) {
        double s = 0;
        size_t n = 0;
        int bad = 0;
        for (size_t k = 0; k < ny; k++) {
            double x = grid[u * ny + k];
            if (!isfinite(x))
                continue;
            if (geo && !(x > 0))
                bad = 1;
            s += geo ? log(x) : x;
            n++;
        }
        mean[u] = (n == 0 || bad) ? NAN : geo ? exp(s / (double)n) : s / (double)n;
    }
    lxw_worksheet *ws = add_sheet(b, name, &rc);
    if (!ws)
        goto out;
    if (nu + 1 > LXW_ROW_MAX || ny + 4 > LXW_COL_MAX) {
        rc = nqpf_error_set(NQPF_EIO, "%s: sheet '%s' has too many rows or columns for a worksheet", b->path, name);
        goto out;
    }
    put_str(b, ws, 0, 0, b->zh ? "代码" : "Code", b->bold);
    put_str(b, ws, 0, 1, b->zh ? "地区" : "Region", b->bold);
    for (size_t k = 0; k < ny; k++) {
        char yb[32];
        snprintf(yb, sizeof yb, "%ld", years[k]);
        put_str(b, ws, 0, k + 2, yb, b->bold);
    }
    put_str(b, ws, 0, ny + 2,
            geo ? (b->zh ? "几何均值" : "Geometric mean") : (b->zh ? "均值" : "Mean"), b->bold);
    put_str(b, ws, 0, ny + 3, b->zh ? "排名" : "Rank", b->bold);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_column(ws, 0, 1, 14, NULL);
    for (size_t u = 0; u < nu; u++) {
        const char *lab = region_label(b, ids[u]);
        put_str(b, ws, u + 1, 0, ids[u], NULL);
        put_str(b, ws, u + 1, 1, lab ? lab : ids[u], b->bold);
        for (size_t k = 0; k < ny; k++)
            put_num(b, ws, u + 1, k + 2, grid[u * ny + k], b->f4);
        put_num(b, ws, u + 1, ny + 2, mean[u], b->f4);
        if (isfinite(mean[u])) {
            size_t rank = 1;
            for (size_t q = 0; q < nu; q++)
                if (isfinite(mean[q]) && mean[q] > mean[u])
                    rank++;
            put_num(b, ws, u + 1, ny + 3, (double)rank, b->f0);
        }
    }
out:
    free(years);
    free(ids);
    free(grid);
    free(mean);
    return rc;
}

static const nqpf_table *out_table(const study_step_out *o, const char *suffix)
{
    for (size_t m = 0; m < o->n; m++)
        if (suffix ? (o->tables[m].suffix && strcmp(o->tables[m].suffix, suffix) == 0) : !o->tables[m].suffix)
            return o->tables[m].t;
    return NULL;
}

static double cell(const nqpf_table *t, const char *col, size_t i)
{
    size_t j = nqpf_table_find(t, col);
    return (j == NQPF_NONE || nqpf_table_is_text(t, j)) ? NAN : nqpf_table_cnum(t, j)[i];
}

static const char *tcell(const nqpf_table *t, const char *col, size_t i)
{
    size_t j = nqpf_table_find(t, col);
    return j == NQPF_NONE ? NULL : nqpf_table_text(t, j, i);
}

/* The Dagum table as Chinese papers print it: one row a year. */
static int dagum_sheet(book *b, const study_step_out *o, const char *name)
{
    const nqpf_table *d = out_table(o, NULL), *g = out_table(o, "groups"), *p = out_table(o, "pairs");
    if (!d || !g || !p || nqpf_table_find(d, "gini_within") == NQPF_NONE)
        return NQPF_OK;
    size_t ng = 0, np = 0, gn = nqpf_table_nrows(g), pn = nqpf_table_nrows(p);
    const char **gs = nqpf__calloc(gn + 1, sizeof *gs), **pa = nqpf__calloc(pn + 1, sizeof *pa),
               **pb = nqpf__calloc(pn + 1, sizeof *pb);
    int rc = NQPF_OK;
    if (!gs || !pa || !pb) {
        rc = NQPF_EINTERNAL;
        goto out;
    }
    for (size_t i = 0; i < gn; i++) {
        const char *x = tcell(g, "group", i);
        size_t k = 0;
        while (x && k < ng && strcmp(gs[k], x) != 0)
            k++;
        if (x && k == ng)
            gs[ng++] = x;
    }
    for (size_t i = 0; i < pn; i++) {
        const char *x = tcell(p, "group_a", i), *y = tcell(p, "group_b", i);
        size_t k = 0;
        while (x && y && k < np && !(strcmp(pa[k], x) == 0 && strcmp(pb[k], y) == 0))
            k++;
        if (x && y && k == np) {
            pa[np] = x;
            pb[np++] = y;
        }
    }
    lxw_worksheet *ws = add_sheet(b, name, &rc);
    if (!ws)
        goto out;
    if (ng + np + 5 > LXW_COL_MAX || nqpf_table_nrows(d) + 1 > LXW_ROW_MAX) {
        rc = nqpf_error_set(NQPF_EIO, "%s: sheet '%s' has too many columns for a worksheet", b->path, name);
        goto out;
    }
    size_t c = 0;
    char hb[512];
    put_str(b, ws, 0, c++, b->zh ? "年份" : "Year", b->bold);
    put_str(b, ws, 0, c++, b->zh ? "总体基尼系数" : "Overall Gini", b->bold);
    for (size_t k = 0; k < ng; k++) {
        snprintf(hb, sizeof hb, b->zh ? "组内基尼_%s" : "Within Gini: %s", gs[k]);
        put_str(b, ws, 0, c++, hb, b->bold);
    }
    for (size_t k = 0; k < np; k++) {
        snprintf(hb, sizeof hb, b->zh ? "组间基尼_%s-%s" : "Between Gini: %s-%s", pa[k], pb[k]);
        put_str(b, ws, 0, c++, hb, b->bold);
    }
    put_str(b, ws, 0, c++, b->zh ? "组内贡献率(%)" : "Within contribution (%)", b->bold);
    put_str(b, ws, 0, c++, b->zh ? "组间净值贡献率(%)" : "Between net contribution (%)", b->bold);
    put_str(b, ws, 0, c++, b->zh ? "超变密度贡献率(%)" : "Transvariation contribution (%)", b->bold);
    worksheet_freeze_panes(ws, 1, 1);
    for (size_t i = 0; i < nqpf_table_nrows(d); i++) {
        double y = cell(d, "year", i);
        c = 0;
        put_num(b, ws, i + 1, c++, y, b->f0);
        put_num(b, ws, i + 1, c++, cell(d, "gini", i), b->f4);
        for (size_t k = 0; k < ng; k++, c++)
            for (size_t r = 0; r < gn; r++)
                if (cell(g, "year", r) == y && tcell(g, "group", r) && strcmp(tcell(g, "group", r), gs[k]) == 0)
                    put_num(b, ws, i + 1, c, cell(g, "gini", r), b->f4);
        for (size_t k = 0; k < np; k++, c++)
            for (size_t r = 0; r < pn; r++)
                if (cell(p, "year", r) == y && tcell(p, "group_a", r) && tcell(p, "group_b", r) &&
                    strcmp(tcell(p, "group_a", r), pa[k]) == 0 && strcmp(tcell(p, "group_b", r), pb[k]) == 0)
                    put_num(b, ws, i + 1, c, cell(p, "gini_between", r), b->f4);
        put_num(b, ws, i + 1, c++, 100 * cell(d, "share_within", i), b->f2);
        put_num(b, ws, i + 1, c++, 100 * cell(d, "share_between_net", i), b->f2);
        put_num(b, ws, i + 1, c++, 100 * cell(d, "share_transvariation", i), b->f2);
    }
out:
    free(gs);
    free(pa);
    free(pb);
    return rc;
}

/* The label of a weights-table row in the report language (then the other language, then the id). */
static const char *row_label(const book *b, const nqpf_table *w, size_t i)
{
    const char *lab = tcell(w, b->zh ? "label_zh" : "label_en", i);
    if (!lab || !*lab)
        lab = tcell(w, b->zh ? "label_en" : "label_zh", i);
    if (!lab || !*lab)
        lab = tcell(w, "id", i);
    return lab;
}

/* The label of the dimension whose path is the first @p len bytes of @p path (NULL: none). */
static const char *dim_label(const book *b, const nqpf_table *w, const char *path, size_t len)
{
    for (size_t i = 0; i < nqpf_table_nrows(w); i++) {
        const char *lv = tcell(w, "level", i), *p = tcell(w, "path", i);
        if (lv && p && strcmp(lv, "dimension") == 0 && strlen(p) == len && strncmp(p, path, len) == 0)
            return row_label(b, w, i);
    }
    return NULL;
}

/* The indicator system from the index step's weights table, one row per weights row: level, the
 * first-level dimension's label, the second-level dimension's label (when the path has one), the
 * indicator's label (indicator rows), unit, direction (+ or −) and weight. */
static int system_sheet(book *b, const nqpf_table *w, const char *name)
{
    if (!w || nqpf_table_find(w, "level") == NQPF_NONE || nqpf_table_find(w, "weight") == NQPF_NONE ||
        nqpf_table_find(w, "path") == NQPF_NONE)
        return NQPF_OK;
    int rc = NQPF_OK;
    lxw_worksheet *ws = add_sheet(b, name, &rc);
    if (!ws)
        return rc;
    const char *head_zh[] = {"层级", "一级指标", "二级指标", "指标", "单位", "方向", "权重"};
    const char *head_en[] = {"Level", "Dimension", "Sub-dimension", "Indicator", "Unit", "Direction", "Weight"};
    for (size_t j = 0; j < 7; j++)
        put_str(b, ws, 0, j, b->zh ? head_zh[j] : head_en[j], b->bold);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < nqpf_table_nrows(w); i++) {
        const char *level = tcell(w, "level", i), *path = tcell(w, "path", i);
        int ind = level && strcmp(level, "indicator") == 0;
        const char *d1 = NULL, *d2 = NULL;
        if (path) {
            const char *s1 = strchr(path, '/');
            d1 = dim_label(b, w, path, s1 ? (size_t)(s1 - path) : strlen(path));
            if (s1) {
                const char *s2 = strchr(s1 + 1, '/');
                d2 = dim_label(b, w, path, s2 ? (size_t)(s2 - path) : strlen(path));
            }
        }
        /* the unit in the workbook's language (unit_zh / unit_en), else the framework's plain unit */
        const char *unit = tcell(w, b->zh ? "unit_zh" : "unit_en", i);
        if (!unit || !*unit)
            unit = tcell(w, "unit", i);
        const char *cells[5] = {level, d1, d2, ind ? row_label(b, w, i) : NULL, unit};
        for (size_t j = 0; j < 5; j++)
            if (cells[j])
                put_str(b, ws, i + 1, j, cells[j], NULL);
        const char *dir = tcell(w, "direction", i);
        if (dir && *dir)
            put_str(b, ws, i + 1, 5, dir[0] == '-' ? "\xE2\x88\x92" : "+", NULL);
        put_num(b, ws, i + 1, 6, cell(w, "weight", i), b->f4);
    }
    return NQPF_OK;
}

static int paper_sheets(book *b, const char *type, const char *step, const study_step_out *o)
{
    char nm[128];
    const nqpf_table *main_t = out_table(o, NULL);
    if (strcmp(type, "index") == 0) {
        int rc;
        snprintf(nm, sizeof nm, "%s_%s", step, b->zh ? "综合指数宽表" : "wide");
        if (main_t && (rc = wide_sheet(b, main_t, "score", nm, 0)))
            return rc;
        snprintf(nm, sizeof nm, "%s_%s", step, b->zh ? "指标体系" : "system");
        return system_sheet(b, out_table(o, "weights"), nm);
    }
    if (strcmp(type, "tfp") == 0 && main_t) {
        snprintf(nm, sizeof nm, "%s_%s", step, b->zh ? "宽表" : "wide");
        return wide_sheet(b, main_t, "tfp", nm, 0);
    }
    if (strcmp(type, "malmquist") == 0 && main_t) {
        snprintf(nm, sizeof nm, "%s_%s", step, b->zh ? "宽表" : "wide");
        return wide_sheet(b, main_t, "tfpch", nm, 1);
    }
    if (strcmp(type, "disparity") == 0) {
        snprintf(nm, sizeof nm, "%s_%s", step, b->zh ? "Dagum分解" : "dagum");
        return dagum_sheet(b, o, nm);
    }
    return NQPF_OK;
}

int study__write_workbook(const char *path, const char *lang, const nqpf_panel *panel, const char *label_col,
                          const nqpf_table *const *tables, const char *const *names, size_t n,
                          const char *const *step_types, const char *const *step_names, const study_step_out *outs,
                          size_t nsteps, const nqpf_provenance *pv)
{
    nqpf__xlsx x;
    int rc = nqpf__xlsx_open(&x, path);
    if (rc)
        return rc;
    book b = {0};
    b.x = &x;
    b.wb = x.wb;
    b.zh = lang && strcmp(lang, "zh") == 0;
    b.panel = panel;
    b.label_col = label_col;
    b.path = path;
    b.bold = x.bold;
    b.f4 = workbook_add_format(b.wb);
    b.f2 = workbook_add_format(b.wb);
    b.f0 = workbook_add_format(b.wb);
    if (!b.f4 || !b.f2 || !b.f0)
        return nqpf__xlsx_close(&x, nqpf__nomem("writing %s", path));
    format_set_num_format(b.f4, "0.0000");
    format_set_num_format(b.f2, "0.00");
    format_set_num_format(b.f0, "0");
    for (size_t k = 0; k < n && !rc; k++)
        rc = long_sheet(&b, tables[k], names[k]);
    for (size_t k = 0; k < nsteps && !rc; k++)
        rc = paper_sheets(&b, step_types[k], step_names[k], &outs[k]);
    if (!rc)
        rc = nqpf__xlsx_provenance(&x, pv);
    return nqpf__xlsx_close(&x, rc);
}
