/* Metafrontier analysis (docs/dea.md, docs/malmquist.md): the observations of a panel fall into
 * groups (technologies, e.g. East/Central/West) named by a column (option `group`) or a built-in
 * grouping (`group_via`). Nothing here solves an LP: every distance comes from the existing drivers,
 * nqpf_dea_run() and nqpf_malmquist_run(), run once on the whole panel (the metafrontier: every
 * group's observations form the reference set) and once on each group's sub-panel (the group
 * frontier). So every model and frontier of those drivers gets a metafrontier without a second copy of
 * its LPs.
 *
 * - dea (O'Donnell, Rao and Battese 2008): te_group against the group frontier, te_meta against the
 *   metafrontier, the technology gap ratio tgr = te_meta / te_group (<= 1).
 * - malmquist (Oh and Lee 2010, Empirical Economics 38: 47-64; for directional distances Oh 2010,
 *   Energy Economics 32: 146-157): the global index of all groups pooled decomposed into efficiency
 *   change against the contemporaneous group frontier, best-practice gap change (the contemporaneous
 *   group frontier against the group's intertemporal frontier: the group's technical change) and
 *   technology gap change (the group's intertemporal frontier against the global metafrontier). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"
#include "nqpf/gazetteer.h"
#include "nqpf/join.h"
#include "nqpf/malmquist.h"
#include "nqpf/options.h"
#include "dea_internal.h"
#include "../util/util.h"

/* The groups of a panel's observations. */
typedef struct mgroups {
    size_t n;       /* groups */
    char **name;    /* n names, sorted (strcmp) */
    size_t *of;     /* group of each observation */
    size_t *nunits; /* units of each group */
} mgroups;

static void mgroups_free(mgroups *G)
{
    for (size_t g = 0; g < G->n; g++)
        free(G->name[g]);
    free(G->name);
    free(G->of);
    free(G->nunits);
    memset(G, 0, sizeof *G);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int nqpf__meta_check_options(const char *group, const char *group_via)
{
    if (group && !*group)
        return nqpf_opt_error(NQPF_EUSAGE, "group", "expected a column name, found an empty text");
    if (group && group_via)
        return nqpf_opt_error(NQPF_EUSAGE, "group_via", "give a group column (group) or a built-in grouping (group_via), "
                                                        "not both");
    if (group_via) {
        nqpf_groupmap *m = NULL;
        int rc = nqpf_groupmap_builtin(&m, group_via);
        nqpf_groupmap_free(m);
        if (rc)
            return nqpf_opt_error(rc, "group_via", "%s", nqpf_error_message());
    }
    return NQPF_OK;
}

/* The group label of every observation, from the column `group` or the built-in grouping
 * `group_via`; then the checks: every observation has a group, a unit keeps its group over time, and
 * every group has at least two units (in every period when per_period). */
static int resolve_groups(mgroups *G, const nqpf_panel *p, const char *group, const char *group_via, int per_period)
{
    const nqpf_table *t = nqpf_panel_table(p);
    size_t nobs = nqpf_panel_nobs(p), nunits = nqpf_panel_nunits(p), ntimes;
    const char *key = group ? "group" : "group_via";
    const char **lab = NULL;
    char (*buf)[NQPF_CELL_TEXT_SIZE] = NULL;
    nqpf_groupmap *map = NULL;
    size_t col = NQPF_NONE;
    char where[512];
    int rc = nqpf__meta_check_options(group, group_via);
    memset(G, 0, sizeof *G);
    if (rc)
        return rc;
    if (group) {
        col = nqpf_table_find(t, group);
        if (col == NQPF_NONE)
            return nqpf_opt_error(NQPF_EDATA, "group", "column '%s' not found in %s (the column naming each unit's "
                                                       "group, e.g. East/Central/West)",
                                  group, nqpf__basename(nqpf_table_source(t)));
        if (!(lab = nqpf__calloc(nobs ? nobs : 1, sizeof *lab)) || !(buf = nqpf__malloc(nobs ? nobs : 1, sizeof *buf))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t i = 0; i < nobs; i++)
            lab[i] = nqpf_cell_text(t, col, i, buf[i], sizeof buf[i]);
    } else {
        if ((rc = nqpf_groupmap_builtin(&map, group_via)) || (rc = nqpf_groupmap_labels(map, p, &lab))) {
            rc = nqpf_opt_error(rc, "group_via", "%s", nqpf_error_message());
            goto done;
        }
    }
    for (size_t i = 0; i < nobs; i++)
        if (!lab[i]) {
            const char *unit = nqpf_panel_unit_name(p, nqpf_panel_unit(p, i));
            if (group)
                rc = nqpf_opt_error(NQPF_EDATA, "group", "%s: unit '%s' in %ld has no group (column '%s' is empty); fill "
                                                         "in its group or leave the unit out with where",
                                    nqpf_panel_where(p, i, where, sizeof where), unit, nqpf_panel_time(p, i), group);
            else
                rc = nqpf_opt_error(NQPF_EDATA, "group_via", "unit '%s' is not a member of the built-in grouping '%s' "
                                                             "(no match in the gazetteer); leave it out with where or give "
                                                             "a group column instead",
                                    unit, group_via);
            goto done;
        }
    /* a unit's technology does not change over time */
    for (size_t u = 0; u < nunits; u++) {
        size_t b = nqpf_panel_unit_begin(p, u), e = nqpf_panel_unit_end(p, u);
        for (size_t i = b + 1; i < e; i++)
            if (strcmp(lab[i], lab[b]) != 0) {
                rc = nqpf_opt_error(NQPF_EDATA, key, "%s: unit '%s' is in group '%s' in %ld but in '%s' in %ld; a unit "
                                                     "belongs to one group (technology) in every period",
                                    nqpf_panel_where(p, i, where, sizeof where), nqpf_panel_unit_name(p, u), lab[b],
                                    nqpf_panel_time(p, b), lab[i], nqpf_panel_time(p, i));
                goto done;
            }
    }
    /* distinct groups, sorted */
    rc = NQPF_EINTERNAL;
    if (!(G->name = nqpf__calloc(nunits ? nunits : 1, sizeof *G->name)) || !(G->of = nqpf__malloc(nobs ? nobs : 1, sizeof *G->of)))
        goto done;
    for (size_t u = 0; u < nunits; u++) {
        const char *l = lab[nqpf_panel_unit_begin(p, u)];
        size_t g = 0;
        while (g < G->n && strcmp(G->name[g], l) != 0)
            g++;
        if (g == G->n && !(G->name[G->n++] = nqpf__strdup(l)))
            goto done;
    }
    qsort(G->name, G->n, sizeof *G->name, cmp_str);
    if (!(G->nunits = nqpf__calloc(G->n ? G->n : 1, sizeof *G->nunits)))
        goto done;
    for (size_t u = 0; u < nunits; u++) {
        size_t b = nqpf_panel_unit_begin(p, u), e = nqpf_panel_unit_end(p, u), g = 0;
        while (strcmp(G->name[g], lab[b]) != 0)
            g++;
        G->nunits[g]++;
        for (size_t i = b; i < e; i++)
            G->of[i] = g;
    }
    rc = NQPF_OK;
    for (size_t g = 0; g < G->n && !rc; g++)
        if (G->nunits[g] < 2) {
            size_t i = 0;
            while (G->of[i] != g)
                i++;
            rc = nqpf_opt_error(NQPF_EDATA, key, "group '%s' has a single unit ('%s'); a group frontier needs at least "
                                                 "two units (merge the group into another one)",
                                G->name[g], nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)));
        }
    if (!rc && G->n < 2)
        rc = nqpf_opt_error(NQPF_EDATA, key, "every unit is in group '%s'; a metafrontier compares at least two groups",
                            G->n ? G->name[0] : "");
    if (!rc && per_period) {
        const long *times = nqpf_panel_times(p, &ntimes);
        for (size_t g = 0; g < G->n && !rc; g++)
            for (size_t k = 0; k < ntimes && !rc; k++) {
                size_t cnt = 0, last = 0;
                for (size_t i = 0; i < nobs; i++)
                    if (G->of[i] == g && nqpf_panel_time(p, i) == times[k])
                        cnt++, last = i;
                if (cnt == 1)
                    rc = nqpf_opt_error(NQPF_EDATA, key, "%s: group '%s' has a single unit ('%s') in %ld; its group "
                                                         "frontier of that period needs at least two units (merge the "
                                                         "group into another one or leave the period out)",
                                        nqpf_panel_where(p, last, where, sizeof where), G->name[g],
                                        nqpf_panel_unit_name(p, nqpf_panel_unit(p, last)), times[k]);
            }
    }
done:
    if (rc)
        mgroups_free(G);
    free((void *)lab); /* with group_via the labels point into the map */
    free(buf);
    nqpf_groupmap_free(map);
    return rc;
}

/* The panel of group g's observations (the caller frees it). */
static int group_panel(nqpf_panel **out, const nqpf_panel *p, const mgroups *G, size_t g)
{
    size_t nobs = nqpf_panel_nobs(p), n = 0;
    size_t *rows = nqpf__malloc(nobs ? nobs : 1, sizeof *rows);
    if (!rows)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < nobs; i++)
        if (G->of[i] == g)
            rows[n++] = i;
    nqpf_table *t = nqpf_table_select_rows(nqpf_panel_table(p), rows, n);
    free(rows);
    if (!t)
        return NQPF_EINTERNAL;
    return nqpf_panel_new(out, t, nqpf_panel_id_col(p), nqpf_panel_time_col(p));
}

/* Maps the rows of a result table (id text in column 0, time in column 1) to observations of p. */
static int rows_to_obs(const nqpf_table *r, const nqpf_panel *p, const nqpf_keyindex *units, size_t *obs)
{
    const double *tm = nqpf_table_cnum(r, 1);
    for (size_t k = 0; k < nqpf_table_nrows(r); k++) {
        const char *id = nqpf_table_text(r, 0, k);
        size_t u = id ? nqpf_keyindex_find(units, id, 0) : NQPF_NONE;
        obs[k] = u == NQPF_NONE || !tm ? NQPF_NONE : nqpf_panel_find(p, u, (long)tm[k]);
        if (obs[k] == NQPF_NONE)
            return nqpf_error_set(NQPF_EINTERNAL, "metafrontier: a result row names no observation of the data");
    }
    return NQPF_OK;
}

static int unit_index(nqpf_keyindex **out, const nqpf_panel *p)
{
    size_t nu = nqpf_panel_nunits(p);
    const char **names = nqpf__malloc(nu ? nu : 1, sizeof *names);
    if (!names)
        return NQPF_EINTERNAL;
    for (size_t u = 0; u < nu; u++)
        names[u] = nqpf_panel_unit_name(p, u);
    int rc = nqpf_keyindex_strings(out, names, nu, "ids");
    free(names);
    return rc;
}

static const double *num_col(const nqpf_table *t, const char *name)
{
    size_t j = nqpf_table_find(t, name);
    return j == NQPF_NONE || nqpf_table_is_text(t, j) ? NULL : nqpf_table_cnum(t, j);
}

/* ------------------------------------------------------------------------------------------ */
/* dea                                                                                         */
/* ------------------------------------------------------------------------------------------ */

/* Progress over the metafrontier run and the group runs together (2 x nobs DMUs). */
typedef struct meta_progress {
    void (*cb)(size_t, size_t, void *);
    void *ud;
    size_t offset, total;
} meta_progress;

static void progress_relay(size_t done, size_t total, void *ud)
{
    meta_progress *mp = ud;
    (void)total;
    mp->cb(mp->offset + done, mp->total, mp->ud);
}

int nqpf__dea_metafrontier(nqpf_table **out, const nqpf_panel *p, const nqpf_dea_options *o, nqpf_dea_summary *summary)
{
    size_t nobs = nqpf_panel_nobs(p);
    mgroups G;
    nqpf_table *meta = NULL, *sub_res = NULL;
    nqpf_panel *sub = NULL;
    nqpf_keyindex *units = NULL;
    double *te_group = NULL, *beta_group = NULL, *tgr = NULL, *tgi = NULL;
    size_t *obs = NULL;
    const char **glab = NULL;
    int rc;
    *out = NULL;
    if (o->reps)
        return nqpf_opt_error(NQPF_EUSAGE, "group", "a metafrontier does not combine with the bootstrap (reps) in this "
                                                    "version; run them separately");
    if ((rc = resolve_groups(&G, p, o->group, o->group_via, 0)))
        return rc;
    nqpf_dea_options mo = *o;
    mo.group = mo.group_via = NULL;
    meta_progress mp = {o->progress, o->progress_userdata, 0, 2 * nobs};
    if (o->progress) {
        mo.progress = progress_relay;
        mo.progress_userdata = &mp;
    }
    if ((rc = nqpf_dea_run(&meta, p, &mo, summary)))
        goto done;
    /* the directional models' distance: beta (ddf) or dv (nddf, sbmddf); its gap is tgi */
    const char *dist = num_col(meta, "beta") ? "beta" : num_col(meta, "dv") ? "dv" : NULL;
    const double *te_meta = num_col(meta, "te"), *beta_meta = dist ? num_col(meta, dist) : NULL;
    if (!te_meta) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "metafrontier: the dea result has no te column");
        goto done;
    }
    rc = NQPF_EINTERNAL;
    te_group = nqpf__malloc(nobs + 1, sizeof *te_group);
    beta_group = nqpf__malloc(nobs + 1, sizeof *beta_group);
    tgr = nqpf__malloc(nobs + 1, sizeof *tgr);
    tgi = nqpf__malloc(nobs + 1, sizeof *tgi);
    obs = nqpf__malloc(nobs + 1, sizeof *obs);
    glab = nqpf__malloc(nobs + 1, sizeof *glab);
    if (!te_group || !beta_group || !tgr || !tgi || !obs || !glab)
        goto done;
    for (size_t i = 0; i < nobs; i++) {
        te_group[i] = beta_group[i] = NAN;
        glab[i] = G.name[G.of[i]];
    }
    if ((rc = unit_index(&units, p)))
        goto done;
    mp.offset = nobs;
    for (size_t g = 0; g < G.n; g++) {
        nqpf_dea_summary gs;
        if ((rc = group_panel(&sub, p, &G, g)) || (rc = nqpf_dea_run(&sub_res, sub, &mo, &gs)))
            goto done;
        mp.offset += nqpf_panel_nobs(sub);
        if (summary)
            summary->nlp += gs.nlp;
        const double *te = num_col(sub_res, "te"), *beta = dist ? num_col(sub_res, dist) : NULL;
        if (!te || (rc = rows_to_obs(sub_res, p, units, obs))) {
            rc = rc ? rc : nqpf_error_set(NQPF_EINTERNAL, "metafrontier: the dea result has no te column");
            goto done;
        }
        for (size_t k = 0; k < nqpf_table_nrows(sub_res); k++) {
            te_group[obs[k]] = te[k];
            beta_group[obs[k]] = beta ? beta[k] : NAN;
        }
        nqpf_table_free(sub_res);
        sub_res = NULL;
        nqpf_panel_free(sub);
        sub = NULL;
    }
    /* rows of meta are the panel's observations in panel order (nqpf_dea_run()) */
    for (size_t i = 0; i < nobs; i++) {
        double a = te_meta[i], b = te_group[i];
        tgr[i] = isfinite(a) && isfinite(b) && b > 0 ? a / b : NAN;
        /* nddf and sbmddf: te is not a function of the distance dv alone (nddf averages the variables'
         * own scores; sbmddf has none), so the ratio of (1 + dv), which a larger reference set can only
         * lower, is the gap ratio there (docs/dea.md) */
        if (dist && strcmp(dist, "dv") == 0)
            tgr[i] = isfinite(beta_meta[i]) && isfinite(beta_group[i]) ? (1 + beta_group[i]) / (1 + beta_meta[i]) : NAN;
        tgi[i] = beta_meta ? beta_meta[i] - beta_group[i] : NAN;
    }
    if ((rc = nqpf_table_add_text(meta, "group", glab, NULL)) || (rc = nqpf_table_add_num(meta, "te_group", te_group, NULL)) ||
        (rc = nqpf_table_add_num(meta, "te_meta", te_meta, NULL)) || (rc = nqpf_table_add_num(meta, "tgr", tgr, NULL)))
        goto done;
    if (beta_meta) {
        char ng[16], nm[16];
        snprintf(ng, sizeof ng, "%s_group", dist);
        snprintf(nm, sizeof nm, "%s_meta", dist);
        if ((rc = nqpf_table_add_num(meta, ng, beta_group, NULL)) || (rc = nqpf_table_add_num(meta, nm, beta_meta, NULL)) ||
            (rc = nqpf_table_add_num(meta, "tgi", tgi, NULL)))
            goto done;
    }
    *out = meta;
    meta = NULL;
    rc = NQPF_OK;
done:
    nqpf_table_free(meta);
    nqpf_table_free(sub_res);
    nqpf_panel_free(sub);
    nqpf_keyindex_free(units);
    mgroups_free(&G);
    free(te_group);
    free(beta_group);
    free(tgr);
    free(tgi);
    free(obs);
    free(glab);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* malmquist                                                                                   */
/* ------------------------------------------------------------------------------------------ */

int nqpf__malmquist_meta_check(const nqpf_malmquist_options *o)
{
    int rc;
    if (!o->group && !o->group_via)
        return NQPF_OK;
    if ((rc = nqpf__meta_check_options(o->group, o->group_via)))
        return rc;
    if (o->type != NQPF_MALMQUIST_GLOBAL)
        return nqpf_opt_error(NQPF_EUSAGE, o->group ? "group" : "group_via",
                              "the metafrontier index (Oh and Lee 2010) is measured on global frontiers: give frontier "
                              "global (or leave frontier out)");
    return NQPF_OK;
}

/* Index columns of the metafrontier decomposition, distances, in the order of the result. */
enum { MI_IDX, MI_EFF, MI_BPC, MI_TGC, MD_00, MD_11, MD_0I, MD_1I, MD_0G, MD_1G, M_NCOL };

int nqpf__malmquist_metafrontier(nqpf_table **out, nqpf_malmquist_summary *sum, const nqpf_panel *p,
                                 const nqpf_malmquist_options *o)
{
    mgroups G;
    nqpf_table *meta = NULL, *sub_res = NULL, *res = NULL;
    nqpf_panel *sub = NULL;
    nqpf_keyindex *units = NULL;
    size_t nobs = nqpf_panel_nobs(p), nrows = 0;
    size_t *obs = NULL, *row_of = NULL, *mobs = NULL;
    double *val = NULL, *col = NULL;
    char **gstat = NULL;
    const char **glab = NULL;
    int rc;
    *out = NULL;
    if ((rc = nqpf__malmquist_meta_check(o)) || (rc = resolve_groups(&G, p, o->group, o->group_via, 1)))
        return rc;
    int radial = o->measure == NQPF_MALMQUIST_RADIAL, additive = o->measure == NQPF_MALMQUIST_LUENBERGER;
    const char *dn = radial ? "e" : "d";
    nqpf_malmquist_options mo = *o;
    mo.group = mo.group_via = NULL;
    mo.cumulative = 0;
    nqpf_malmquist_summary ms;
    if ((rc = nqpf_malmquist_run(&meta, &ms, p, &mo)))
        goto done;
    if (sum)
        *sum = ms;
    nrows = nqpf_table_nrows(meta);
    char n0g[8], n1g[8], n00[8], n11[8];
    snprintf(n0g, sizeof n0g, "%s0g", dn);
    snprintf(n1g, sizeof n1g, "%s1g", dn);
    snprintf(n00, sizeof n00, "%s00", dn);
    snprintf(n11, sizeof n11, "%s11", dn);
    const double *m0g = num_col(meta, n0g), *m1g = num_col(meta, n1g), *mfrom = num_col(meta, "from");
    size_t mst = nqpf_table_find(meta, "status");
    rc = NQPF_EINTERNAL;
    obs = nqpf__malloc(nobs + 1, sizeof *obs);
    mobs = nqpf__malloc(nrows + 1, sizeof *mobs);
    row_of = nqpf__malloc(nobs + 1, sizeof *row_of);
    val = nqpf__malloc((nrows + 1) * M_NCOL, sizeof *val);
    col = nqpf__malloc(nrows + 1, sizeof *col);
    gstat = nqpf__calloc(nrows + 1, sizeof *gstat);
    glab = nqpf__malloc(nrows + 1, sizeof *glab);
    if (!m0g || !m1g || !mfrom || mst == NQPF_NONE || !obs || !mobs || !row_of || !val || !col || !gstat || !glab)
        goto done;
    if ((rc = unit_index(&units, p)) || (rc = rows_to_obs(meta, p, units, mobs)))
        goto done;
    for (size_t i = 0; i < nobs; i++)
        row_of[i] = NQPF_NONE;
    for (size_t r = 0; r < nrows; r++) {
        row_of[mobs[r]] = r;
        for (size_t j = 0; j < M_NCOL; j++)
            val[r * M_NCOL + j] = NAN;
        val[r * M_NCOL + MD_0G] = m0g[r];
        val[r * M_NCOL + MD_1G] = m1g[r];
        glab[r] = G.name[G.of[mobs[r]]];
    }
    for (size_t g = 0; g < G.n; g++) {
        nqpf_malmquist_summary gs;
        if ((rc = group_panel(&sub, p, &G, g)) || (rc = nqpf_malmquist_run(&sub_res, &gs, sub, &mo)))
            goto done;
        if (sum)
            sum->nlp += gs.nlp;
        const double *g00 = num_col(sub_res, n00), *g11 = num_col(sub_res, n11), *g0i = num_col(sub_res, n0g),
                     *g1i = num_col(sub_res, n1g), *gfrom = num_col(sub_res, "from");
        size_t gst = nqpf_table_find(sub_res, "status");
        if (!g00 || !g11 || !g0i || !g1i || !gfrom || gst == NQPF_NONE) {
            rc = nqpf_error_set(NQPF_EINTERNAL, "metafrontier: the malmquist result lacks a distance column");
            goto done;
        }
        if ((rc = rows_to_obs(sub_res, p, units, obs)))
            goto done;
        for (size_t k = 0; k < nqpf_table_nrows(sub_res); k++) {
            size_t r = row_of[obs[k]];
            /* a pair of the group's consecutive periods that are not consecutive in the whole panel
             * (the group lacks a period) has no metafrontier pair */
            if (r == NQPF_NONE || gfrom[k] != mfrom[r])
                continue;
            double *v = val + r * M_NCOL;
            v[MD_00] = g00[k];
            v[MD_11] = g11[k];
            v[MD_0I] = g0i[k];
            v[MD_1I] = g1i[k];
            const char *s = nqpf_table_text(sub_res, gst, k);
            if (s && strcmp(s, "optimal") != 0 && !(gstat[r] = nqpf__strdup(s))) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
        }
        nqpf_table_free(sub_res);
        sub_res = NULL;
        nqpf_panel_free(sub);
        sub = NULL;
    }
    /* the decomposition */
    for (size_t r = 0; r < nrows; r++) {
        double *v = val + r * M_NCOL;
        double d00 = v[MD_00], d11 = v[MD_11], d0i = v[MD_0I], d1i = v[MD_1I], d0g = v[MD_0G], d1g = v[MD_1G];
        if (radial) {
            v[MI_IDX] = d1g / d0g;
            v[MI_EFF] = d11 / d00;
            v[MI_BPC] = (d1i / d11) / (d0i / d00);
            v[MI_TGC] = (d1g / d1i) / (d0g / d0i);
        } else if (additive) {
            v[MI_IDX] = d0g - d1g;
            v[MI_EFF] = d00 - d11;
            v[MI_BPC] = (d0i - d00) - (d1i - d11);
            v[MI_TGC] = (d0g - d0i) - (d1g - d1i);
        } else {
            /* a ratio of (1 + beta) terms is undefined once 1 + beta <= ml_tol (see nqpf_malmquist_options) */
            double a00 = 1 + d00 > o->ml_tol ? 1 + d00 : NAN, a11 = 1 + d11 > o->ml_tol ? 1 + d11 : NAN;
            double a0i = 1 + d0i > o->ml_tol ? 1 + d0i : NAN, a1i = 1 + d1i > o->ml_tol ? 1 + d1i : NAN;
            double a0g = 1 + d0g > o->ml_tol ? 1 + d0g : NAN, a1g = 1 + d1g > o->ml_tol ? 1 + d1g : NAN;
            v[MI_IDX] = a0g / a1g;
            v[MI_EFF] = a00 / a11;
            v[MI_BPC] = (a0i / a00) / (a1i / a11);
            v[MI_TGC] = (a0g / a0i) / (a1g / a1i);
        }
        for (int j = MI_IDX; j <= MI_TGC; j++)
            if (!isfinite(v[j]))
                v[j] = NAN;
    }
    /* the result */
    rc = NQPF_EINTERNAL;
    if (!(res = nqpf_panel_result_new(p, mobs, nrows)))
        goto done;
    static const char *const names[3][4] = {{"tfpch", "effch", "bpc", "tgc"},
                                            {"ml", "mleffch", "bpc", "tgc"},
                                            {"lpi", "lpi_effch", "lpi_bpc", "lpi_tgc"}};
    const char *const *iname = names[radial ? 0 : additive ? 2 : 1];
    static const char *const dsuffix[6] = {"00", "11", "0i", "1i", "0g", "1g"};
    if ((rc = nqpf_table_add_num(res, "from", mfrom, NULL)) || (rc = nqpf_table_add_text(res, "group", glab, NULL)))
        goto done;
    for (size_t j = 0; j < M_NCOL; j++) {
        char name[16];
        if (j <= MI_TGC)
            snprintf(name, sizeof name, "%s", iname[j]);
        else
            snprintf(name, sizeof name, "%s%s", dn, dsuffix[j - MD_00]);
        for (size_t r = 0; r < nrows; r++)
            col[r] = val[r * M_NCOL + j];
        if ((rc = nqpf_table_add_num(res, name, col, NULL)))
            goto done;
    }
    if (o->cumulative) {
        /* chained levels over each unit's consecutive pairs (rows are by unit, then time); a gap (the
         * pair's from is not the previous pair's time) or a missing value breaks the chain */
        const double *tm = nqpf_table_cnum(meta, 1);
        for (size_t j = MI_IDX; j <= MI_TGC; j++) {
            double level = 0;
            for (size_t r = 0; r < nrows; r++) {
                int first = r == 0 || nqpf_panel_unit(p, mobs[r]) != nqpf_panel_unit(p, mobs[r - 1]);
                double x = val[r * M_NCOL + j];
                if (first)
                    level = additive ? 0.0 : 1.0;
                else if (mfrom[r] != tm[r - 1])
                    level = NAN;
                level = additive ? level + x : level * x;
                col[r] = level;
            }
            char name[32];
            snprintf(name, sizeof name, "%s_cum", iname[j]);
            if ((rc = nqpf_table_add_num(res, name, col, NULL)))
                goto done;
        }
    }
    size_t sc;
    if ((rc = nqpf_table_add_text(res, "status", NULL, &sc)))
        goto done;
    for (size_t r = 0; r < nrows; r++) {
        const char *ms_ = nqpf_table_text(meta, mst, r);
        int mok = !ms_ || strcmp(ms_, "optimal") == 0;
        int gmissing = isnan(val[r * M_NCOL + MD_00]) && isnan(val[r * M_NCOL + MD_0I]) && !gstat[r];
        nqpf__buf b = NQPF__BUF_INIT;
        if (!mok)
            nqpf__buf_printf(&b, "metafrontier: %s", ms_);
        if (gstat[r])
            nqpf__buf_printf(&b, "%sgroup frontier: %s", b.len ? "; " : "", gstat[r]);
        else if (gmissing)
            nqpf__buf_printf(&b, "%sgroup frontier: no pair (the group lacks period %.0f)", b.len ? "; " : "", mfrom[r]);
        if (b.failed) {
            nqpf__buf_free(&b);
            rc = NQPF_EINTERNAL;
            goto done;
        }
        rc = nqpf_table_set_text(res, sc, r, b.len ? nqpf__buf_cstr(&b) : "optimal");
        if (sum && b.len && mok)
            sum->nnot_solved++;
        nqpf__buf_free(&b);
        if (rc)
            goto done;
    }
    *out = res;
    res = NULL;
    rc = NQPF_OK;
done:
    nqpf_table_free(res);
    nqpf_table_free(meta);
    nqpf_table_free(sub_res);
    nqpf_panel_free(sub);
    nqpf_keyindex_free(units);
    mgroups_free(&G);
    for (size_t r = 0; gstat && r < nrows; r++)
        free(gstat[r]);
    free(gstat);
    free(glab);
    free(obs);
    free(mobs);
    free(row_of);
    free(val);
    free(col);
    return rc;
}
