/* nqpf_dea_run(): the `nqpf dea` driver. Reads the variables of a panel, checks them, forms the
 * reference technology of every group of observations (a period, or all of them), evaluates each
 * observation with the model's LP (frontier.c) and assembles the result table. Work inside a
 * group is split over threads (util/pool.c), each with its own workspace. */
#include <math.h>
#include <glpk.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"
#include "nqpf/join.h"
#include "nqpf/options.h"
#include "dea_internal.h"
#include "deap.h"
#include "../util/distribute_internal.h"
#include "../util/pool.h"
#include "../util/util.h"

#define EFF_TOL 1e-9    /* te >= 1 - EFF_TOL counts as efficient */
#define PEER_TOL 1e-9   /* lambda > PEER_TOL makes a peer */

/* An enum value read from a caller's options struct may hold anything. */
static int in_range(int v, int hi)
{
    volatile int x = v; /* keeps the compiler from assuming the enum's range */
    return x >= 0 && x <= hi;
}

const char *nqpf_dea_model_name(nqpf_dea_model m)
{
    static const char *const names[] = {"radial", "sbm", "ddf", "nddf", "sbmddf", "ebm", "fdh"};
    return in_range((int)m, 6) ? names[m] : "?";
}

const char *nqpf_dea_rts_name(nqpf_dea_rts r)
{
    static const char *const names[] = {"crs", "vrs", "nirs", "ndrs"};
    return in_range((int)r, 3) ? names[r] : "?";
}

const char *nqpf_dea_orientation_name(nqpf_dea_orientation o)
{
    return o == NQPF_DEA_OUT ? "out" : o == NQPF_DEA_NONE ? "none" : "in";
}

const char *nqpf_dea_frontier_name(nqpf_dea_frontier f)
{
    static const char *const names[] = {"period", "pooled", "global", "sequential", "window"};
    return in_range((int)f, 4) ? names[f] : "?";
}

/* Everything the workers share. */
typedef struct job {
    const nqpf_panel *p;
    const nqpf_dea_options *o;
    size_t m, s, nb, nv;
    const double **cols;     /* nv column pointers (panel order) */
    /* the current group */
    nqpf_dea_ref ref;
    const size_t *ref_obs;   /* ref index -> observation */
    const size_t *eval_obs;  /* observations evaluated in this group */
    const size_t *eval_ref;  /* their index in the reference set */
    size_t neval;
    const double *gmean;     /* nv means over the evaluated observations (DDF mean direction) */
    int multi_period;        /* reference set spans several periods: peers are ID@TIME */
    /* results, by observation */
    double *te, *score, *lsum;
    unsigned char *status;
    double *slack;           /* nobs * nv when o->slacks */
    double *nrbeta;          /* nobs * nv: per-variable inefficiencies of nddf and sbmddf (nonradial.c) */
    char **peers, **peer_l;  /* when o->peers */
    double *ebm_par;         /* ebm (ebm.c): eps[3] and the weights of the current reference set */
    double *ebm_out;         /* ebm: nobs * NQPF__DEA_EBM_NOUT(nv): theta, eta, eps, weights */
    size_t nlp;
    _Atomic size_t done;     /* DMUs evaluated so far, all groups (progress) */
    size_t total;
} job;

struct team;
typedef struct worker {
    job *J;
    struct team *team;
    size_t n;         /* eval indices 0..n-1 of the group ... */
    size_t first, step; /* ... of which this worker takes blocks first, first + step, ... */
    nqpf_dea_ws *ws;
    double *buf;      /* scratch: x0 y0 b0 (nv), direction (nv), targets (nv), slacks (nv) */
    double *lambda;   /* ref.n */
    size_t cap, nlp;
    int rc;
    char msg[1024];
} worker;

static void obs_point(const job *J, size_t i, double *x0, double *y0, double *b0)
{
    for (size_t v = 0; v < J->nv; v++) {
        double val = J->cols[v][i];
        if (v < J->m)
            x0[v] = val;
        else if (v < J->m + J->s)
            y0[v - J->m] = val;
        else
            b0[v - J->m - J->s] = val;
    }
}

/* The peers of observation i: the reference DMUs with lambda > PEER_TOL, by increasing index, from
 * the sparse lambdas of the last LP (lam, cnt: nqpf__dea_ws_lambda) or, for the models that write a
 * dense vector (ebm, fdh), from dense (ref.n values; lam is then unused). */
static int make_peers(worker *w, size_t i, const nqpf__dea_lam *lam, size_t cnt, const double *dense)
{
    job *J = w->J;
    const nqpf_panel *p = J->p;
    nqpf__buf ids = NQPF__BUF_INIT, ls = NQPF__BUF_INIT;
    size_t len = dense ? J->ref.n : cnt;
    for (size_t e = 0; e < len; e++) {
        size_t j = dense ? e : lam[e].j;
        double l = dense ? dense[e] : lam[e].v;
        if (!(l > PEER_TOL))
            continue;
        size_t q = J->ref_obs[j];
        if (ids.len) {
            nqpf__buf_puts(&ids, ";");
            nqpf__buf_puts(&ls, ";");
        }
        nqpf__buf_puts(&ids, nqpf_panel_unit_name(p, nqpf_panel_unit(p, q)));
        if (J->multi_period)
            nqpf__buf_printf(&ids, "@%ld", nqpf_panel_time(p, q));
        nqpf__buf_printf(&ls, "%.10g", l);
    }
    if (ids.failed || ls.failed) {
        nqpf__buf_free(&ids);
        nqpf__buf_free(&ls);
        return NQPF_EINTERNAL;
    }
    J->peers[i] = nqpf__strdup(nqpf__buf_cstr(&ids));
    J->peer_l[i] = nqpf__strdup(nqpf__buf_cstr(&ls));
    nqpf__buf_free(&ids);
    nqpf__buf_free(&ls);
    return J->peers[i] && J->peer_l[i] ? NQPF_OK : NQPF_EINTERNAL;
}

/* The sum of the lambdas of the workspace's last LP: the non-zero ones by increasing index
 * (nqpf__dea_ws_lambda), which is bit for bit the sum of the dense vector, in O(|K|) rather than
 * O(n) per DMU. */
static double sum_lambda(const nqpf_dea_ws *ws)
{
    const nqpf__dea_lam *lam;
    size_t cnt;
    double sum = 0;
    nqpf__dea_ws_lambda(ws, &lam, &cnt);
    for (size_t e = 0; e < cnt; e++)
        sum += lam[e].v;
    return sum;
}

/* The same for a dense vector (ebm, whose LP holds every lambda anyway). */
static double sum_dense(const double *lambda, size_t n)
{
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        sum += lambda[j];
    return sum;
}

/* Evaluates one observation (index e of the group). */
static int eval_one(worker *w, size_t e)
{
    job *J = w->J;
    const nqpf_dea_options *o = J->o;
    size_t m = J->m, s = J->s, nb = J->nb, nv = J->nv;
    size_t i = J->eval_obs[e];
    size_t own = J->eval_ref[e], excl = o->super ? own : NQPF__DEA_NOEXCL;
    double *x0 = w->buf, *y0 = x0 + m, *b0 = y0 + s, *g = x0 + nv, *tg = g + nv, *sl = tg + nv;
    /* the LP models record their lambdas sparse in the workspace (read by sum_lambda and at the
     * end); only ebm and fdh fill the dense vector, and dense then points at it */
    double *lambda = w->lambda;
    const double *dense = NULL;
    nqpf_dea_rts rts = o->rts;
    nqpf_lp_status st = NQPF_LP_FAILED, st2;
    double score = NAN, te = NAN, lsum = NAN;
    int rc, have_slacks = 0;
    obs_point(J, i, x0, y0, b0);
    for (size_t v = 0; v < nv; v++)
        sl[v] = NAN;
    if (o->model == NQPF_DEA_RADIAL) {
        nqpf_dea_orientation orient = o->orientation; /* IN or OUT: check_options refuses NONE */
        rc = nqpf__dea_radial_ex(w->ws, &J->ref, x0, y0, rts, orient, o->dispose_x == NQPF_DEA_WEAK,
                                 o->dispose_y == NQPF_DEA_WEAK, excl, own, &score, &st, NULL);
        if (rc)
            return rc;
        w->nlp++;
        if (st == NQPF_LP_OPTIMAL) {
            te = orient == NQPF_DEA_IN ? score : 1.0 / score;
            lsum = sum_lambda(w->ws);
        }
        if (st == NQPF_LP_OPTIMAL && o->slacks) {
            for (size_t v = 0; v < m; v++)
                tg[v] = orient == NQPF_DEA_IN ? score * x0[v] : x0[v];
            for (size_t r = 0; r < s; r++)
                tg[m + r] = orient == NQPF_DEA_OUT ? score * y0[r] : y0[r];
            rc = nqpf__dea_slacks(w->ws, &J->ref, tg, tg + m, NULL, rts, o->dispose_x == NQPF_DEA_WEAK,
                                  o->dispose_y == NQPF_DEA_WEAK, 0, excl, own, sl, sl + m, NULL, &st2, NULL);
            if (rc)
                return rc;
            w->nlp++;
            have_slacks = st2 == NQPF_LP_OPTIMAL;
        }
    } else if (o->model == NQPF_DEA_SBM) {
        nqpf_dea_orientation orient = o->orientation;
        rc = nqpf__dea_sbm(w->ws, &J->ref, x0, y0, b0, rts, orient, 0, NQPF__DEA_NOEXCL, own, &score, &st, sl, sl + m,
                           sl + m + s, NULL);
        if (rc)
            return rc;
        w->nlp++;
        have_slacks = st == NQPF_LP_OPTIMAL;
        if (o->super && st == NQPF_LP_OPTIMAL && score >= 1 - EFF_TOL) {
            rc = nqpf__dea_sbm(w->ws, &J->ref, x0, y0, b0, rts, orient, 1, excl, own, &score, &st, sl, sl + m,
                               sl + m + s, NULL);
            if (rc)
                return rc;
            w->nlp++;
            have_slacks = st == NQPF_LP_OPTIMAL;
        }
        if (st == NQPF_LP_OPTIMAL) {
            te = score;
            lsum = sum_lambda(w->ws);
        }
    } else if (o->model == NQPF_DEA_EBM) {
        dense = lambda;
        if ((rc = nqpf__dea_ebm_eval(&J->ref, o, x0, y0, b0, J->ebm_par, &score, &st,
                                     J->ebm_out + i * NQPF__DEA_EBM_NOUT(nv), sl, lambda)))
            return rc;
        w->nlp++;
        have_slacks = st == NQPF_LP_OPTIMAL;
        if (st == NQPF_LP_OPTIMAL) {
            te = score;
            lsum = sum_dense(lambda, J->ref.n);
        }
    } else if (o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF) {
        if ((rc = nqpf__dea_nonradial_eval(w->ws, &J->ref, o, x0, y0, b0, J->gmean, own, g, x0 + 4 * nv, &score, &te,
                                           &st, J->nrbeta + i * nv, sl, NULL)))
            return rc;
        w->nlp++;
        have_slacks = st == NQPF_LP_OPTIMAL;
        if (st == NQPF_LP_OPTIMAL)
            lsum = sum_lambda(w->ws);
    } else if (o->model == NQPF_DEA_FDH) { /* enumeration, no LP (fdh.c) */
        dense = lambda;
        if ((rc = nqpf__dea_fdh(&J->ref, x0, y0, o->orientation, excl, &score, &st, lambda, o->slacks ? sl : NULL,
                                o->slacks ? sl + m : NULL)))
            return rc;
        have_slacks = st == NQPF_LP_OPTIMAL;
        if (st == NQPF_LP_OPTIMAL) {
            te = o->orientation == NQPF_DEA_OUT ? 1.0 / score : score;
            lsum = 1;
        }
    } else {
        const double *mean = J->gmean;
        for (size_t v = 0; v < nv; v++) {
            nqpf_dea_dir d = v < m ? o->gx : v < m + s ? o->gy : o->gb;
            double val = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
            g[v] = nqpf__dea_dir_value(d, val, mean[v]);
        }
        nqpf_dea_bad_mode bm = o->bad_mode;
        rc = nqpf__dea_ddf_ex(w->ws, &J->ref, x0, y0, b0, g, g + m, g + m + s, rts, bm, excl, own, &score, &st,
                              NULL);
        if (rc)
            return rc;
        w->nlp++;
        if (st == NQPF_LP_OPTIMAL) {
            int only_inputs = o->gy == NQPF_DEA_DIR_ZERO && (nb == 0 || o->gb == NQPF_DEA_DIR_ZERO);
            te = only_inputs ? 1.0 - score : 1.0 / (1.0 + score);
            lsum = sum_lambda(w->ws);
        }
        if (st == NQPF_LP_OPTIMAL && o->slacks) {
            for (size_t v = 0; v < nv; v++) {
                double val = v < m ? x0[v] : v < m + s ? y0[v - m] : b0[v - m - s];
                tg[v] = v >= m && v < m + s ? val + score * g[v] : val - score * g[v];
            }
            rc = nqpf__dea_slacks(w->ws, &J->ref, tg, tg + m, tg + m + s, rts, 0, 0, bm == NQPF_DEA_BAD_INEQ, excl, own, sl,
                                  sl + m, sl + m + s, &st2, NULL);
            if (rc)
                return rc;
            w->nlp++;
            have_slacks = st2 == NQPF_LP_OPTIMAL;
        }
    }
    J->status[i] = (unsigned char)st;
    J->score[i] = st == NQPF_LP_OPTIMAL ? score : NAN;
    J->te[i] = te;
    J->lsum[i] = lsum;
    if (o->slacks && have_slacks)
        for (size_t v = 0; v < nv; v++)
            J->slack[i * nv + v] = sl[v];
    if (o->peers && st == NQPF_LP_OPTIMAL) {
        const nqpf__dea_lam *lam = NULL;
        size_t cnt = 0;
        if (!dense)
            nqpf__dea_ws_lambda(w->ws, &lam, &cnt);
        return make_peers(w, i, lam, cnt, dense);
    }
    return NQPF_OK;
}

/* Checks the values the model cannot take and missing values, naming the row. */
static int fetch_columns(const nqpf_panel *p, const nqpf_dea_options *o, const double **cols)
{
    size_t m = o->ninputs, s = o->noutputs, nb = o->nbads;
    int rc;
    for (size_t v = 0; v < m + s + nb; v++) {
        const char *name = v < m ? o->inputs[v] : v < m + s ? o->outputs[v - m] : o->bads[v - m - s];
        const char *purpose = v < m ? "DEA input" : v < m + s ? "DEA output" : "DEA undesirable output";
        unsigned flags = NQPF_REQ_COMPLETE;
        if (o->model == NQPF_DEA_RADIAL || o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF ||
            o->model == NQPF_DEA_FDH)
            flags |= NQPF_REQ_NONNEG;
        else if (o->model == NQPF_DEA_EBM)
            flags |= NQPF_REQ_POSITIVE;
        else if (o->model == NQPF_DEA_SBM) {
            int in_obj = v < m ? o->orientation != NQPF_DEA_OUT : o->orientation != NQPF_DEA_IN;
            flags |= in_obj ? NQPF_REQ_POSITIVE : NQPF_REQ_NONNEG;
        }
        char buf[160];
        if (o->model == NQPF_DEA_EBM) {
            snprintf(buf, sizeof buf, "%s (EBM divides by every variable: must be > 0)", purpose);
            purpose = buf;
        } else if (o->model == NQPF_DEA_SBM && (flags & NQPF_REQ_POSITIVE)) {
            snprintf(buf, sizeof buf, "%s (SBM divides by it: must be > 0)", purpose);
            purpose = buf;
        } else if (o->model == NQPF_DEA_RADIAL || o->model == NQPF_DEA_FDH) {
            snprintf(buf, sizeof buf, "%s (radial DEA needs values >= 0)", purpose);
            purpose = buf;
        } else if (o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF) {
            snprintf(buf, sizeof buf, "%s (model %s needs values >= 0)", purpose, nqpf_dea_model_name(o->model));
            purpose = buf;
        }
        if ((rc = nqpf_panel_require(p, name, flags, NULL, 0, purpose, &cols[v])))
            return rc;
    }
    if (o->model == NQPF_DEA_RADIAL || o->model == NQPF_DEA_FDH) {
        /* a DMU without any input (input orientation) or output (output orientation) has no
         * radial measure */
        size_t n = nqpf_panel_nobs(p);
        int in = o->orientation != NQPF_DEA_OUT;
        size_t lo = in ? 0 : m, hi = in ? m : m + s;
        for (size_t i = 0; i < n; i++) {
            int any = 0;
            for (size_t v = lo; v < hi && !any; v++)
                any = cols[v][i] > 0;
            if (!any) {
                char where[256];
                return nqpf_error_set(NQPF_EDATA,
                                      "%s: every %s is 0, so the %s-oriented radial measure is undefined "
                                      "(drop the row or use the directional model ddf)",
                                      nqpf_panel_where(p, i, where, sizeof where), in ? "input" : "output",
                                      in ? "input" : "output");
            }
        }
    }
    return NQPF_OK;
}

static int check_options(const nqpf_dea_options *o)
{
    if (!o->inputs || o->ninputs == 0)
        return nqpf_opt_error(NQPF_EUSAGE, "inputs", "at least one input is required");
    if (!o->outputs || o->noutputs == 0)
        return nqpf_opt_error(NQPF_EUSAGE, "outputs", "at least one output is required");
    if (o->nbads && !o->bads)
        return nqpf_error_set(NQPF_EUSAGE, "dea: undesirable outputs without names");
    if (!in_range((int)o->model, NQPF_DEA_FDH) || !in_range((int)o->rts, NQPF_DEA_NDRS) ||
        !in_range((int)o->orientation, NQPF_DEA_NONE) || !in_range((int)o->frontier, NQPF_DEA_FRONTIER_WINDOW) ||
        !in_range((int)o->gx, NQPF_DEA_DIR_MEAN) || !in_range((int)o->gy, NQPF_DEA_DIR_MEAN) ||
        !in_range((int)o->gb, NQPF_DEA_DIR_MEAN) || !in_range((int)o->bad_mode, NQPF_DEA_BAD_INEQ) ||
        !in_range((int)o->dispose_x, NQPF_DEA_WEAK) || !in_range((int)o->dispose_y, NQPF_DEA_WEAK))
        return nqpf_error_set(NQPF_EUSAGE, "dea: an option is out of range");
    if (o->model == NQPF_DEA_RADIAL && o->nbads)
        return nqpf_opt_error(NQPF_EUSAGE, "undesirable",
                              "the radial model takes no undesirable outputs; use model ddf (weak "
                              "disposability) or model sbm (Tone 2004)");
    if (o->model == NQPF_DEA_RADIAL && o->orientation == NQPF_DEA_NONE)
        return nqpf_opt_error(NQPF_EUSAGE, "orientation", "'none' is for model sbm; the radial model takes in or out");
    if (o->model == NQPF_DEA_EBM && o->super)
        return nqpf_opt_error(NQPF_EUSAGE, "super", "model ebm has no super-efficiency form here; use model sbm with super "
                                                    "(super-SBM, Tone 2002) or model radial");
    if (o->model != NQPF_DEA_RADIAL && (o->dispose_x == NQPF_DEA_WEAK || o->dispose_y == NQPF_DEA_WEAK))
        return nqpf_opt_error(NQPF_EUSAGE, "weak_disposal", "weak input/output disposability applies to model radial only "
                                                              "(bad outputs of model ddf are weakly disposable already)");
    if ((o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF) && nqpf__dea_nonradial_check(o))
        return NQPF_EUSAGE; /* keyed message set (nonradial.c) */
    if (o->reps && nqpf__dea_bootstrap_check(o)) /* keys reps, alpha (bootstrap.c) */
        return NQPF_EUSAGE;
    if (nqpf__dea_deap_check(o)) /* model fdh, keys scale, input_prices, output_prices (scale.c) */
        return NQPF_EUSAGE;
    if (o->frontier == NQPF_DEA_FRONTIER_WINDOW && (o->window == 0 || o->window % 2 == 0))
        return nqpf_opt_error(NQPF_EUSAGE, "frontier", "the window must be an odd number of periods (got %zu)", o->window);
    if (o->model == NQPF_DEA_DDF && o->gx == NQPF_DEA_DIR_ZERO && o->gy == NQPF_DEA_DIR_ZERO &&
        (o->nbads == 0 || o->gb == NQPF_DEA_DIR_ZERO))
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "the direction is zero everywhere: nothing can move");
    /* a variable in two roles */
    size_t nv = o->ninputs + o->noutputs + o->nbads;
    for (size_t a = 0; a < nv; a++)
        for (size_t b = a + 1; b < nv; b++) {
            const char *na = a < o->ninputs ? o->inputs[a] : a < o->ninputs + o->noutputs ? o->outputs[a - o->ninputs]
                                                                                          : o->bads[a - o->ninputs - o->noutputs];
            const char *nb_ = b < o->ninputs ? o->inputs[b] : b < o->ninputs + o->noutputs ? o->outputs[b - o->ninputs]
                                                                                           : o->bads[b - o->ninputs - o->noutputs];
            if (strcmp(na, nb_) == 0)
                return nqpf_opt_error(NQPF_EUSAGE, "outputs", "column '%s' is given twice among inputs and outputs", na);
        }
    return NQPF_OK;
}

/* Duplicated DMUs (identical data) among the observations obs[0..n): a warning naming the first
 * pair. Sorting (hash, index) keeps it O(n log n). */
typedef struct hpair {
    uint64_t h;
    size_t i;
} hpair;

static int cmp_hpair(const void *a, const void *b)
{
    const hpair *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void warn_duplicates(const job *J, const size_t *obs, size_t n, long period, int pooled)
{
    if (n < 2)
        return;
    hpair *hp = nqpf__malloc(n, sizeof *hp);
    if (!hp) {
        nqpf_error_clear();
        return;
    }
    for (size_t k = 0; k < n; k++) {
        uint64_t h = 1469598103934665603ull;
        for (size_t v = 0; v < J->nv; v++) {
            double d = J->cols[v][obs[k]];
            if (d == 0)
                d = 0; /* -0 == 0 */
            uint64_t bits;
            memcpy(&bits, &d, sizeof bits);
            h = (h ^ bits) * 1099511628211ull;
        }
        hp[k].h = h;
        hp[k].i = obs[k];
    }
    qsort(hp, n, sizeof *hp, cmp_hpair);
    size_t ndup = 0, first_a = 0, first_b = 0;
    for (size_t k = 1; k < n; k++) {
        if (hp[k].h != hp[k - 1].h)
            continue;
        int same = 1;
        for (size_t v = 0; v < J->nv && same; v++)
            same = J->cols[v][hp[k].i] == J->cols[v][hp[k - 1].i];
        if (same && ndup++ == 0) {
            first_a = hp[k - 1].i;
            first_b = hp[k].i;
        }
    }
    if (ndup) {
        const nqpf_panel *p = J->p;
        char wa[256], wb[256], when[64] = "";
        if (!pooled)
            snprintf(when, sizeof when, " in period %ld", period);
        nqpf_warn("dea: %zu duplicated DMU%s%s (identical inputs and outputs), e.g. '%s' (%s) and '%s' (%s): "
                  "they share every score and make peers and lambdas non-unique",
                  ndup, ndup == 1 ? "" : "s", when, nqpf_panel_unit_name(p, nqpf_panel_unit(p, first_a)),
                  nqpf_panel_where(p, first_a, wa, sizeof wa), nqpf_panel_unit_name(p, nqpf_panel_unit(p, first_b)),
                  nqpf_panel_where(p, first_b, wb, sizeof wb));
    }
    free(hp);
}

/* The workers of a run: a generic thread pool (util/pool.h) whose participant t works as wk[t].
 * GLPK keeps its memory per thread (thread-local environment), so each worker creates, uses and
 * frees its workspace in its own thread and frees its GLPK environment before it exits. Worker 0
 * is the calling thread. */
typedef struct team {
    nqpf__pool *pool;
    worker *wk;
    unsigned nthreads;
} team;

/* Output must not depend on the thread count, yet every solve starts from the previous one's
 * basis and candidate set, whose history changes the last bits of a result. So the group is cut
 * into blocks of a fixed size, each block starts from a freshly built LP, and threads take whole
 * blocks: a block's results are then the same whichever thread (and however many) runs it. */
#define DEA_BLOCK 512

/* Several processes (include/nqpf/distribute.h) split the blocks the same way one level up: rank
 * r of size takes blocks b with b % size == r, and its thread t takes r + size * t, then every
 * (size * nthreads)-th. exchange_group() then hands every rank the other ranks' blocks. */
static void set_slice(team *T, unsigned t, size_t n)
{
    size_t rank = (size_t)nqpf__dist_rank(), size = (size_t)nqpf__dist_size();
    T->wk[t].n = n;
    T->wk[t].first = rank + size * t;
    T->wk[t].step = size * T->nthreads;
}

static int worker_prepare(worker *w)
{
    size_t n = w->J->ref.n ? w->J->ref.n : 1;
    if (!w->ws && nqpf_dea_ws_new(&w->ws))
        return NQPF_EINTERNAL;
    if (!w->buf && !(w->buf = nqpf__malloc(6 * (w->J->nv ? w->J->nv : 1), sizeof *w->buf)))
        return NQPF_EINTERNAL;
    if (n > w->cap) {
        double *lam = nqpf__realloc(w->lambda, n, sizeof *lam);
        if (!lam)
            return NQPF_EINTERNAL;
        w->lambda = lam;
        w->cap = n;
    }
    return NQPF_OK;
}

static void worker_run(worker *w)
{
    w->rc = worker_prepare(w);
    /* the group's reference arrays do not change while the group is evaluated */
    if (!w->rc && w->first * DEA_BLOCK < w->n)
        w->rc = nqpf__dea_ws_pin(w->ws, &w->J->ref);
    if (w->rc) {
        snprintf(w->msg, sizeof w->msg, "%s", nqpf_error_message());
        return;
    }
    for (size_t b = w->first; b * DEA_BLOCK < w->n && w->rc == NQPF_OK; b += w->step) {
        size_t end = (b + 1) * DEA_BLOCK < w->n ? (b + 1) * DEA_BLOCK : w->n;
        nqpf__dea_ws_restart(w->ws);
        for (size_t e = b * DEA_BLOCK; e < end && w->rc == NQPF_OK; e++) {
            int rc = eval_one(w, e);
            if (rc) {
                w->rc = rc;
                snprintf(w->msg, sizeof w->msg, "%s", nqpf_error_message());
            }
        }
        size_t done = atomic_fetch_add(&w->J->done, end - b * DEA_BLOCK) + (end - b * DEA_BLOCK);
        /* Only the calling thread reports, so the callback needs no locking. */
        if (w == &w->team->wk[0] && w->J->o->progress)
            w->J->o->progress(done, w->J->total, w->J->o->progress_userdata);
    }
}

static void worker_release(worker *w)
{
    nqpf_dea_ws_free(w->ws);
    free(w->buf);
    free(w->lambda);
    w->ws = NULL;
    w->buf = NULL;
    w->lambda = NULL;
}

static void team_work(void *ctx, unsigned t)
{
    team *T = ctx;
    worker_run(&T->wk[t]);
}

static void team_thread_exit(void *ctx, unsigned t)
{
    team *T = ctx;
    worker_release(&T->wk[t]);
    glp_free_env();
}

static int team_start(team *T, job *J, unsigned nthreads)
{
    int rc;
    memset(T, 0, sizeof *T);
    if (!(T->wk = nqpf__calloc(nthreads, sizeof *T->wk)))
        return NQPF_EINTERNAL;
    for (unsigned t = 0; t < nthreads; t++) {
        T->wk[t].J = J;
        T->wk[t].team = T;
    }
    if ((rc = nqpf__pool_new(&T->pool, nthreads, team_work, team_thread_exit, T))) {
        free(T->wk);
        T->wk = NULL;
        return rc;
    }
    T->nthreads = nqpf__pool_size(T->pool);
    return NQPF_OK;
}

static void team_stop(team *T)
{
    if (!T->wk)
        return;
    nqpf__pool_free(T->pool);
    worker_release(&T->wk[0]);
    free(T->wk);
}

/* ---- Several processes: the results of a group are exchanged (include/nqpf/distribute.h) ----
 * Every rank sends a header (its status and LP count) and then, in its own block order, what
 * eval_one wrote for each of its DMUs; on failure the header is followed by the message instead.
 * A field eval_one writes per DMU that is not packed here would be missing on the other ranks:
 * pack_dmu and unpack_dmu must list all of them. Byte order and layout are those of the machine:
 * every rank runs the same binary on the same architecture. */
static void pack_dmu(const job *J, size_t i, nqpf__buf *b)
{
    double d[3] = {J->score[i], J->te[i], J->lsum[i]};
    size_t nv = J->nv;
    nqpf__buf_append(b, (const char *)&J->status[i], 1);
    nqpf__buf_append(b, (const char *)d, sizeof d);
    if (J->slack)
        nqpf__buf_append(b, (const char *)(J->slack + i * nv), nv * sizeof(double));
    if (J->nrbeta)
        nqpf__buf_append(b, (const char *)(J->nrbeta + i * nv), nv * sizeof(double));
    if (J->ebm_out)
        nqpf__buf_append(b, (const char *)(J->ebm_out + i * NQPF__DEA_EBM_NOUT(nv)),
                         NQPF__DEA_EBM_NOUT(nv) * sizeof(double));
    if (J->peers) {
        char has = J->peers[i] != NULL;
        nqpf__buf_append(b, &has, 1);
        if (has) {
            nqpf__buf_append(b, J->peers[i], strlen(J->peers[i]) + 1);
            nqpf__buf_append(b, J->peer_l[i], strlen(J->peer_l[i]) + 1);
        }
    }
}

/* Copies k bytes at *p (not past end) to dst and advances; -1 when the data ran out. */
static int take(const char **p, const char *end, void *dst, size_t k)
{
    if ((size_t)(end - *p) < k)
        return -1;
    memcpy(dst, *p, k);
    *p += k;
    return 0;
}

/* A NUL-terminated string at *p, copied; NULL (and *p unchanged) when malformed or out of memory. */
static char *take_str(const char **p, const char *end)
{
    const char *z = memchr(*p, '\0', (size_t)(end - *p));
    if (!z)
        return NULL;
    char *s = nqpf__strdup(*p);
    if (s)
        *p = z + 1;
    return s;
}

static int unpack_dmu(job *J, size_t i, const char **p, const char *end)
{
    double d[3];
    size_t nv = J->nv;
    if (take(p, end, &J->status[i], 1) || take(p, end, d, sizeof d))
        return -1;
    J->score[i] = d[0];
    J->te[i] = d[1];
    J->lsum[i] = d[2];
    if (J->slack && take(p, end, J->slack + i * nv, nv * sizeof(double)))
        return -1;
    if (J->nrbeta && take(p, end, J->nrbeta + i * nv, nv * sizeof(double)))
        return -1;
    if (J->ebm_out &&
        take(p, end, J->ebm_out + i * NQPF__DEA_EBM_NOUT(nv), NQPF__DEA_EBM_NOUT(nv) * sizeof(double)))
        return -1;
    if (J->peers) {
        char has;
        if (take(p, end, &has, 1))
            return -1;
        if (has && (!(J->peers[i] = take_str(p, end)) || !(J->peer_l[i] = take_str(p, end))))
            return -1;
    }
    return 0;
}

/* Called by every rank after its share of the group, with its status @p rc (message set when not
 * OK) and LP count: afterwards every rank holds every DMU's results, J->nlp counts all ranks' LPs,
 * and all ranks return the same status (the lowest failing rank's, with its message). */
static int exchange_group(job *J, int rc, size_t nlp, size_t done0)
{
    size_t rank = (size_t)nqpf__dist_rank(), size = (size_t)nqpf__dist_size(), n = J->neval;
    nqpf__buf b = NQPF__BUF_INIT;
    for (size_t blk = rank; !rc && blk * DEA_BLOCK < n; blk += size) {
        size_t end = (blk + 1) * DEA_BLOCK < n ? (blk + 1) * DEA_BLOCK : n;
        for (size_t e = blk * DEA_BLOCK; e < end; e++)
            pack_dmu(J, J->eval_obs[e], &b);
    }
    if (!rc && b.failed)
        rc = nqpf__nomem("the DEA results sent to the other processes");
    const char **part = nqpf__malloc(size, sizeof *part);
    size_t *len = nqpf__malloc(size, sizeof *len), total_nlp = 0;
    void *all = NULL;
    int out = part && len ? nqpf__dist_share(rc, nlp, b.data, b.len, &total_nlp, &all, part, len) : NQPF_EINTERNAL;
    nqpf__buf_free(&b);
    for (size_t r = 0; r < size && out == NQPF_OK; r++) {
        if (r == rank)
            continue;
        const char *p = part[r], *end = part[r] + len[r];
        for (size_t blk = r; blk * DEA_BLOCK < n && out == NQPF_OK; blk += size) {
            size_t bend = (blk + 1) * DEA_BLOCK < n ? (blk + 1) * DEA_BLOCK : n;
            for (size_t e = blk * DEA_BLOCK; e < bend && out == NQPF_OK; e++)
                if (unpack_dmu(J, J->eval_obs[e], &p, end))
                    out = nqpf_error_set(NQPF_EINTERNAL,
                                         "dea: the results from process %zu end early or are malformed "
                                         "(every process must run the same nqpf-mpi on the same data)",
                                         r);
        }
    }
    free(all);
    free(part);
    free(len);
    if (out == NQPF_OK) {
        J->nlp += total_nlp;
        atomic_store(&J->done, done0 + n);
    }
    return out;
}

/* Evaluates the group described in J->ref / eval_*: this process's blocks of it, on threads; with
 * several processes the results are then exchanged so that every process holds all of them. */
static int run_group(job *J, team *T)
{
    size_t n = J->neval, done0 = atomic_load(&J->done);
    unsigned nt = T->nthreads;
    for (unsigned t = 0; t < nt; t++) {
        set_slice(T, t, n);
        T->wk[t].rc = NQPF_OK;
        T->wk[t].msg[0] = 0;
    }
    if (nt > 1 && n > DEA_BLOCK) {
        nqpf__pool_run(T->pool);
    } else {
        /* small group: the calling thread does all of this process's blocks */
        T->wk[0].first = (size_t)nqpf__dist_rank();
        T->wk[0].step = (size_t)nqpf__dist_size();
        for (unsigned t = 1; t < nt; t++)
            T->wk[t].n = 0;
        worker_run(&T->wk[0]);
    }
    size_t nlp = 0;
    for (unsigned t = 0; t < nt; t++) {
        nlp += T->wk[t].nlp;
        T->wk[t].nlp = 0;
    }
    int rc = NQPF_OK;
    for (unsigned t = 0; t < nt && !rc; t++)
        if (T->wk[t].rc)
            rc = nqpf_error_set(T->wk[t].rc, "%s", T->wk[t].msg);
    if (nqpf__dist_size() > 1)
        return exchange_group(J, rc, nlp, done0);
    J->nlp += nlp;
    return rc;
}

static int add_results(nqpf_table *res, const job *J, const nqpf_dea_options *o, size_t nobs)
{
    int rc;
    const char *score_name = o->model == NQPF_DEA_SBM   ? "rho"
                             : o->model == NQPF_DEA_DDF ? "beta"
                             : o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF ? "dv"
                             : o->model == NQPF_DEA_EBM ? (o->orientation == NQPF_DEA_IN    ? "gamma"
                                                           : o->orientation == NQPF_DEA_OUT ? "tau"
                                                                                            : "kappa")
                             : o->orientation == NQPF_DEA_OUT ? "phi"
                                                              : "theta";
    if ((rc = nqpf_table_add_num(res, "te", J->te, NULL)) || (rc = nqpf_table_add_num(res, score_name, J->score, NULL)) ||
        (rc = nqpf_table_add_num(res, "lambda_sum", J->lsum, NULL)))
        return rc;
    const char **st = nqpf__malloc(nobs ? nobs : 1, sizeof *st);
    if (!st)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < nobs; i++)
        st[i] = nqpf_lp_status_name((nqpf_lp_status)J->status[i]);
    rc = nqpf_table_add_text(res, "status", st, NULL);
    free(st);
    if (rc)
        return rc;
    if (J->nrbeta && (rc = nqpf__dea_nonradial_columns(res, o, J->nrbeta, nobs)))
        return rc;
    if (J->ebm_out && (rc = nqpf__dea_ebm_columns(res, o, J->ebm_out, nobs)))
        return rc;
    if (o->slacks) {
        double *col = nqpf__malloc(nobs ? nobs : 1, sizeof *col);
        if (!col)
            return NQPF_EINTERNAL;
        for (size_t v = 0; v < J->nv && !rc; v++) {
            const char *name = v < J->m ? o->inputs[v] : v < J->m + J->s ? o->outputs[v - J->m] : o->bads[v - J->m - J->s];
            char cname[512];
            snprintf(cname, sizeof cname, "slack_%s", name);
            for (size_t i = 0; i < nobs; i++)
                col[i] = J->slack[i * J->nv + v];
            rc = nqpf_table_add_num(res, cname, col, NULL);
        }
        free(col);
        if (rc)
            return rc;
    }
    if (o->peers) {
        if ((rc = nqpf_table_add_text(res, "peers", (const char *const *)J->peers, NULL)) ||
            (rc = nqpf_table_add_text(res, "peer_lambdas", (const char *const *)J->peer_l, NULL)))
            return rc;
    }
    return NQPF_OK;
}

int nqpf_dea_run(nqpf_table **out, const nqpf_panel *p, const nqpf_dea_options *o, nqpf_dea_summary *summary)
{
    int rc;
    if (!out || !p || !o)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_dea_run: NULL argument");
    *out = NULL;
    /* The default direction depends on whether there are bad outputs (docs/dea.md): resolve it
     * once here, so that every front door and library caller gets the same technology. */
    nqpf_dea_options resolved = *o;
    nqpf__dea_resolve_direction(&resolved);
    o = &resolved;
    if ((rc = check_options(o)))
        return rc;
    {
        /* missing: refuse names the first empty cell; drop leaves such observations out before
         * anything is built, so the result is the one for the panel without them. */
        size_t nv0 = o->ninputs + o->noutputs + o->nbads;
        const char **names = nqpf__malloc(nv0 ? 2 * nv0 : 1, sizeof *names);
        if (!names)
            return NQPF_EINTERNAL;
        for (size_t v = 0; v < nv0; v++) {
            int kind = v < o->ninputs ? 0 : v < o->ninputs + o->noutputs ? 1 : 2;
            names[v] = kind == 0 ? o->inputs[v] : kind == 1 ? o->outputs[v - o->ninputs]
                                                            : o->bads[v - o->ninputs - o->noutputs];
            names[nv0 + v] = kind == 0 ? "DEA input" : kind == 1 ? "DEA output" : "DEA undesirable output";
        }
        nqpf_panel *sub = NULL;
        rc = nqpf_panel_apply_missing(&sub, p, names, nv0, o->missing, "dea", names + nv0);
        free(names);
        if (rc || sub) {
            resolved.missing = NQPF_MISSING_REFUSE;
            if (!rc)
                rc = nqpf_dea_run(out, sub, &resolved, summary);
            nqpf_panel_free(sub);
            return rc;
        }
    }
    if (o->group || o->group_via) /* metafrontier: group frontiers and the metafrontier (metafrontier.c) */
        return nqpf__dea_metafrontier(out, p, o, summary);
    job J;
    memset(&J, 0, sizeof J);
    J.p = p;
    J.o = o;
    J.m = o->ninputs;
    J.s = o->noutputs;
    J.nb = o->nbads;
    J.nv = J.m + J.s + J.nb;
    size_t nv = J.nv, nobs = nqpf_panel_nobs(p);
    atomic_init(&J.done, 0);
    J.total = nobs;
    size_t ntimes;
    const long *times = nqpf_panel_times(p, &ntimes);
    unsigned nthreads = o->threads ? o->threads : 1;
    if (nthreads > 256)
        nthreads = 256;
    team T;
    int team_on = 0;
    size_t *order = NULL, *pstart = NULL, *refobs = NULL, *evalobs = NULL, *evalref = NULL;
    double *rx = NULL, *ry = NULL, *rb = NULL, *gmean = NULL;
    nqpf_table *res = NULL;
    J.cols = nqpf__calloc(nv, sizeof *J.cols);
    if (!J.cols)
        return NQPF_EINTERNAL;
    if ((rc = fetch_columns(p, o, J.cols)))
        goto done;
    rc = NQPF_EINTERNAL;
    J.te = nqpf__malloc(nobs + 1, sizeof *J.te);
    J.score = nqpf__malloc(nobs + 1, sizeof *J.score);
    J.lsum = nqpf__malloc(nobs + 1, sizeof *J.lsum);
    J.status = nqpf__calloc(nobs + 1, 1);
    refobs = nqpf__malloc(nobs + 1, sizeof *refobs);
    evalobs = nqpf__malloc(nobs + 1, sizeof *evalobs);
    evalref = nqpf__malloc(nobs + 1, sizeof *evalref);
    rx = nqpf__malloc(nobs * J.m + 1, sizeof *rx);
    ry = nqpf__malloc(nobs * J.s + 1, sizeof *ry);
    rb = nqpf__malloc(nobs * J.nb + 1, sizeof *rb);
    gmean = nqpf__calloc(nv + 1, sizeof *gmean);
    if (!J.te || !J.score || !J.lsum || !J.status || !refobs || !evalobs || !evalref ||
        !rx || !ry || !rb || !gmean)
        goto done;
    if (o->slacks && !(J.slack = nqpf__malloc(nobs * nv + 1, sizeof *J.slack)))
        goto done;
    if ((o->model == NQPF_DEA_NDDF || o->model == NQPF_DEA_SBMDDF) &&
        !(J.nrbeta = nqpf__malloc(nobs * nv + 1, sizeof *J.nrbeta)))
        goto done;
    for (size_t i = 0; J.nrbeta && i < nobs * nv; i++)
        J.nrbeta[i] = NAN;
    if (o->model == NQPF_DEA_EBM && (!(J.ebm_par = nqpf__malloc(3 + nv, sizeof *J.ebm_par)) ||
                                     !(J.ebm_out = nqpf__malloc(nobs * NQPF__DEA_EBM_NOUT(nv) + 1, sizeof *J.ebm_out))))
        goto done;
    for (size_t i = 0; J.ebm_out && i < nobs * NQPF__DEA_EBM_NOUT(nv); i++)
        J.ebm_out[i] = NAN;
    if (o->peers && (!(J.peers = nqpf__calloc(nobs + 1, sizeof *J.peers)) ||
                     !(J.peer_l = nqpf__calloc(nobs + 1, sizeof *J.peer_l))))
        goto done;
    for (size_t i = 0; i < nobs; i++) {
        J.te[i] = J.score[i] = J.lsum[i] = NAN;
        J.status[i] = NQPF_LP_FAILED;
    }
    for (size_t i = 0; J.slack && i < nobs * nv; i++)
        J.slack[i] = NAN;
    team_on = 1;
    if ((rc = team_start(&T, &J, nthreads)))
        goto done;
    rc = NQPF_EINTERNAL;
    /* observations by period, panel order within a period (join.h) */
    if ((rc = nqpf_panel_by_period(p, NULL, 0, &order, &pstart)))
        goto done;
    rc = NQPF_EINTERNAL;
    int pooled = o->frontier == NQPF_DEA_FRONTIER_POOLED || o->frontier == NQPF_DEA_FRONTIER_GLOBAL;
    size_t ngroups = pooled ? (nobs ? 1 : 0) : ntimes;
    /* data warnings, per period */
    for (size_t k = 0; k < ntimes; k++) {
        size_t cnt = pstart[k + 1] - pstart[k];
        if (cnt == 1 && !pooled) {
            size_t i = order[pstart[k]];
            if (o->frontier == NQPF_DEA_FRONTIER_PERIOD)
                nqpf_warn("dea: period %ld has a single DMU ('%s'): it is efficient by construction%s", times[k],
                          nqpf_panel_unit_name(p, nqpf_panel_unit(p, i)),
                          o->super ? " and has no super-efficiency score (status infeasible)" : "");
        }
        warn_duplicates(&J, order + pstart[k], cnt, times[k], 0);
    }
    J.multi_period = o->frontier != NQPF_DEA_FRONTIER_PERIOD && ntimes > 1;
    size_t half = o->frontier == NQPF_DEA_FRONTIER_WINDOW ? (o->window - 1) / 2 : 0;
    for (size_t g = 0; g < ngroups; g++) {
        /* reference periods [rlo, rhi] */
        size_t rlo = g, rhi = g;
        if (pooled)
            rlo = 0, rhi = ntimes - 1;
        else if (o->frontier == NQPF_DEA_FRONTIER_SEQUENTIAL)
            rlo = 0;
        else if (o->frontier == NQPF_DEA_FRONTIER_WINDOW) {
            rlo = g >= half ? g - half : 0;
            rhi = g + half < ntimes ? g + half : ntimes - 1;
        }
        size_t nref = 0;
        for (size_t q = pstart[rlo]; q < pstart[rhi + 1]; q++) {
            size_t i = order[q];
            refobs[nref] = i;
            for (size_t v = 0; v < nv; v++) {
                double val = J.cols[v][i];
                if (v < J.m)
                    rx[nref * J.m + v] = val;
                else if (v < J.m + J.s)
                    ry[nref * J.s + (v - J.m)] = val;
                else
                    rb[nref * J.nb + (v - J.m - J.s)] = val;
            }
            nref++;
        }
        /* evaluated observations and their place in the reference set */
        size_t elo = pooled ? 0 : g, ehi = pooled ? ntimes - 1 : g, ne = 0;
        for (size_t q = pstart[elo]; q < pstart[ehi + 1]; q++) {
            evalobs[ne] = order[q];
            evalref[ne] = q - pstart[rlo];
            ne++;
        }
        if (ne == 0)
            continue;
        if (nref < nv) {
            char what[64];
            if (pooled)
                snprintf(what, sizeof what, "all periods");
            else
                snprintf(what, sizeof what, "period %ld", times[g]);
            nqpf_warn("dea: %s: %zu DMU%s in the reference set for %zu inputs and outputs; with fewer DMUs than "
                      "variables most DMUs come out efficient (a common rule asks for at least 3 x (inputs + "
                      "outputs))",
                      what, nref, nref == 1 ? "" : "s", nv);
        }
        for (size_t v = 0; v < nv; v++) {
            double sum = 0;
            for (size_t e = 0; e < ne; e++)
                sum += J.cols[v][evalobs[e]];
            gmean[v] = sum / (double)ne;
        }
        J.ref.n = nref;
        J.ref.m = J.m;
        J.ref.s = J.s;
        J.ref.nb = J.nb;
        J.ref.x = rx;
        J.ref.y = ry;
        J.ref.b = J.nb ? rb : NULL;
        J.ref_obs = refobs;
        J.eval_obs = evalobs;
        J.eval_ref = evalref;
        J.neval = ne;
        J.gmean = gmean;
        /* ebm: epsilon and the weights of this reference set (the paper's first stage) */
        if (o->model == NQPF_DEA_EBM && (rc = nqpf__dea_ebm_params(&J.ref, J.ebm_par, J.ebm_par + 3)))
            goto done;
        if ((rc = run_group(&J, &T)))
            goto done;
        if (o->progress)
            o->progress(atomic_load(&J.done), J.total, o->progress_userdata);
    }
    rc = NQPF_EINTERNAL;
    if (!(res = nqpf_panel_result_new(p, NULL, 0)))
        goto done;
    if ((rc = add_results(res, &J, o, nobs)))
        goto done;
    /* DEAP parity: the scale table (scale.c) and cost / revenue / profit efficiency (price.c) */
    if (o->scale && (rc = nqpf__dea_scale(res, p, o, J.cols, order, pstart, ntimes)))
        goto done;
    if ((o->nprices_x || o->nprices_y) &&
        (rc = nqpf__dea_price(res, p, o, J.cols, J.te, order, pstart, ntimes)))
        goto done;
    /* bootstrap (bootstrap.c): te_bc, bias, var, ci_lo, ci_hi */
    if (o->reps && (rc = nqpf__dea_bootstrap(res, p, o, J.cols, J.te, order, pstart, ntimes)))
        goto done;
    if (summary) {
        memset(summary, 0, sizeof *summary);
        summary->nobs = nobs;
        summary->ngroups = ngroups;
        summary->nlp = J.nlp;
        for (size_t i = 0; i < nobs; i++) {
            switch (J.status[i]) {
            case NQPF_LP_OPTIMAL:
                summary->noptimal++;
                break;
            case NQPF_LP_INFEASIBLE:
                summary->ninfeasible++;
                break;
            case NQPF_LP_UNBOUNDED:
                summary->nunbounded++;
                break;
            default:
                summary->nfailed++;
            }
            if (J.te[i] >= 1 - EFF_TOL)
                summary->nefficient++;
        }
    }
    *out = res;
    res = NULL;
    rc = NQPF_OK;
done:
    nqpf_table_free(res);
    if (team_on)
        team_stop(&T);
    if (J.peers)
        for (size_t i = 0; i < nobs; i++) {
            free(J.peers[i]);
            free(J.peer_l[i]);
        }
    free(J.peers);
    free(J.peer_l);
    free(J.slack);
    free(J.nrbeta);
    free(J.ebm_par);
    free(J.ebm_out);
    free(J.cols);
    free(J.te);
    free(J.score);
    free(J.lsum);
    free(J.status);
    free(order);
    free(pstart);
    free(refobs);
    free(evalobs);
    free(evalref);
    free(rx);
    free(ry);
    free(rb);
    free(gmean);
    return rc;
}
