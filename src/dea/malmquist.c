/* Malmquist-type productivity indices on DEA distances: the radial Malmquist index with DEAP's
 * decomposition, the Luenberger indicator and the Malmquist-Luenberger index, each on adjacent,
 * fixed-base, global or sequential frontiers. docs/malmquist.md gives the formulas and references.
 *
 * The observations are copied once into period-sorted matrices, so that every frontier is a
 * contiguous slice of them: a period is [start_k, start_k+1), a sequential frontier the prefix up to
 * period k and the global frontier everything. The distances are computed frontier by frontier
 * (the DEA workspace rebuilds its LP whenever the reference changes, so grouping the evaluations
 * by reference keeps that to one build per block of them) and stored per observation; the pairs are
 * then assembled from them.
 *
 * The distances run on threads (option threads) with output byte-identical for any thread count:
 * every evaluation warm-starts from the previous one of its workspace, whose history changes the
 * last bits of a result, so the evaluations are cut into blocks of a fixed size (a frontier, a kind
 * of distance and a range of observations), each block starts from a freshly built LP, and threads
 * take whole blocks in a fixed assignment (util/pool.h nqpf__pool_blocks) writing into per-distance
 * slots. A block's results are then the same whoever runs it, as in nqpf_dea_run(). */
#include <glpk.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/join.h"
#include "nqpf/malmquist.h"
#include "nqpf/options.h"
#include "dea_internal.h"
#include "../util/distribute_internal.h"
#include "../util/pool.h"
#include "../util/util.h"

/* Distances kept per observation. */
enum { D_OWN, D_OWNV, D_FWD, D_BWD, D_REF, D_FWDV, D_BWDV, D_N };

/* A distance not (yet) computed. */
#define ST_NONE (-1)

typedef struct mctx {
    const nqpf_panel *p;
    const nqpf_malmquist_options *o;
    size_t n, m, s, nb, K;
    const long *times;
    size_t *start;  /* K + 1 entries: period k is [start[k], start[k+1]) of the sorted matrices */
    size_t *pos;    /* sorted position of each observation */
    size_t *sorted; /* observation at each sorted position */
    size_t *per;    /* period index of each observation */
    double *x, *y, *b;
    double *dist[D_N];
    int *st[D_N];
    unsigned char *has_prev, *has_next;
    struct mblock *blocks; /* the distance evaluations, cut into blocks (list_blocks) */
    size_t nblocks;
    size_t total;         /* evaluations in all blocks (progress) */
    _Atomic size_t done;  /* evaluations done so far, all threads (progress) */
    struct mworker *wk;   /* one per participant of the pool; wk[0] is the calling thread */
} mctx;

/* What one participant evaluates with: its own workspace (GLPK keeps memory per thread, so a
 * workspace is created, used and freed in one thread) and direction scratch. */
typedef struct mworker {
    nqpf_dea_ws *ws;
    double *gx, *gy, *gb;
    size_t nlp;
} mworker;

/* One block of evaluations: the observations at sorted positions [q0, q0 + count) that need
 * distance `kind`, against frontier fr (period fr's, or the single reference when fr == K). */
typedef struct mblock {
    size_t fr;
    int kind; /* D_* */
    size_t q0, count;
} mblock;

/* Evaluations per block. Small enough that a period splits over the threads, large enough that the
 * rebuilt LP at a block's start (one per block) is cheap next to the block's solves. */
static size_t malm_block = 512;

/* Tests set a small block size so that small panels have several blocks (test_malmquist_threads.c
 * declares it); 0 restores the default. Not thread-safe: call it between runs. */
void nqpf__malmquist_set_block(size_t n);
void nqpf__malmquist_set_block(size_t n) { malm_block = n ? n : 512; }

static nqpf_dea_ref slice(const mctx *c, size_t from, size_t to)
{
    nqpf_dea_ref r;
    r.n = to - from;
    r.m = c->m;
    r.s = c->s;
    r.nb = c->nb;
    r.x = c->x + from * c->m;
    r.y = c->y + from * c->s;
    r.b = c->nb ? c->b + from * c->nb : NULL;
    return r;
}

/* The frontier a period is measured against in the own-period and cross-period distances. */
static nqpf_dea_ref period_frontier(const mctx *c, size_t k)
{
    if (c->o->type == NQPF_MALMQUIST_SEQUENTIAL)
        return slice(c, 0, c->start[k + 1]);
    return slice(c, c->start[k], c->start[k + 1]);
}

/* d is ZERO, OBSERVED or ONES (check_options). */
static void fill_dir(double *g, const double *v, size_t len, nqpf_dea_dir d)
{
    for (size_t q = 0; q < len; q++)
        g[q] = d == NQPF_DEA_DIR_OBSERVED ? v[q] : d == NQPF_DEA_DIR_ONES ? 1.0 : 0.0;
}

/* Distance of observation i to ref under rts: the Farrell efficiency (theta, or 1/phi in output
 * orientation) for the radial measure, beta for the directional ones. */
static int eval(const mctx *c, mworker *w, const nqpf_dea_ref *ref, size_t i, nqpf_dea_rts rts, double *val, int *st)
{
    size_t q = c->pos[i];
    const double *x0 = c->x + q * c->m, *y0 = c->y + q * c->s, *b0 = c->nb ? c->b + q * c->nb : NULL;
    nqpf_lp_status ls;
    double v;
    int rc;
    w->nlp++;
    if (c->o->measure == NQPF_MALMQUIST_RADIAL) {
        if ((rc = nqpf_dea_radial(w->ws, ref, x0, y0, rts, c->o->orientation, &v, &ls, NULL)))
            return rc;
        if (ls == NQPF_LP_OPTIMAL && c->o->orientation == NQPF_DEA_OUT)
            v = 1.0 / v;
    } else if (c->o->distance != NQPF_MALMQUIST_DIST_DDF) {
        /* non-radial or slacks-based directional distance (nonradial.c) */
        const nqpf_dea_dir dir[3] = {c->o->gx, c->o->gy, c->o->gb};
        if ((rc = nqpf__malmquist_nonradial(w->ws, ref, c->o->distance == NQPF_MALMQUIST_DIST_SBMDDF, x0, y0, b0, dir,
                                            c->o->weights, rts, c->o->bad_mode, &v, &ls)))
            return rc;
    } else {
        fill_dir(w->gx, x0, c->m, c->o->gx);
        fill_dir(w->gy, y0, c->s, c->o->gy);
        if (c->nb)
            fill_dir(w->gb, b0, c->nb, c->o->gb);
        if ((rc = nqpf_dea_ddf(w->ws, ref, x0, y0, b0, w->gx, w->gy, c->nb ? w->gb : NULL, rts, c->o->bad_mode, &v,
                               &ls)))
            return rc;
    }
    *st = (int)ls;
    *val = ls == NQPF_LP_OPTIMAL ? v : NAN;
    return NQPF_OK;
}

static int need_own(const mctx *c, size_t i)
{
    return c->has_prev[i] || c->has_next[i];
}

/* Whether observation i needs distance kind d. */
static int needs(const mctx *c, int d, size_t i)
{
    switch (d) {
    case D_BWD:
    case D_BWDV:
        return c->has_prev[i];
    case D_FWD:
    case D_FWDV:
        return c->has_next[i];
    default: /* D_OWN, D_OWNV, D_REF */
        return need_own(c, i);
    }
}

/* The frontier of block fr: period fr's (period_frontier), or the single reference of the global
 * and fixed-base types when fr == K. */
static nqpf_dea_ref block_frontier(const mctx *c, size_t fr)
{
    if (fr < c->K)
        return period_frontier(c, fr);
    if (c->o->type == NQPF_MALMQUIST_GLOBAL)
        return slice(c, 0, c->n);
    size_t kb = c->o->has_base ? nqpf_panel_time_index(c->p, c->o->base_year) : 0;
    return slice(c, c->start[kb], c->start[kb + 1]);
}

/* Appends the blocks of distance kind d of the observations at sorted positions [from, to) against
 * frontier fr (with blocks NULL only counts them in *nb). */
static void add_blocks(mctx *c, mblock *blocks, size_t *nb, size_t fr, int d, size_t from, size_t to)
{
    for (size_t q0 = from; q0 < to; q0 += malm_block) {
        size_t cnt = to - q0 < malm_block ? to - q0 : malm_block;
        if (blocks) {
            blocks[*nb] = (mblock){fr, d, q0, cnt};
            for (size_t q = q0; q < q0 + cnt; q++)
                c->total += (size_t)needs(c, d, c->sorted[q]);
        }
        ++*nb;
    }
}

/* The block list of all distances the pairs need, frontier by frontier (the order of the blocks is
 * the order in which errors are reported). Called twice: to count (blocks NULL), then to fill. */
static size_t list_blocks(mctx *c, mblock *blocks)
{
    const nqpf_malmquist_options *o = c->o;
    int cross = o->type == NQPF_MALMQUIST_ADJACENT || o->type == NQPF_MALMQUIST_SEQUENTIAL;
    int radial = o->measure == NQPF_MALMQUIST_RADIAL, rd = radial && o->decomposition == NQPF_MALMQUIST_RD;
    size_t nb = 0;
    for (size_t k = 0; k < c->K; k++) {
        add_blocks(c, blocks, &nb, k, D_OWN, c->start[k], c->start[k + 1]);
        if (cross && k + 1 < c->K) /* period k+1 against frontier k */
            add_blocks(c, blocks, &nb, k, D_BWD, c->start[k + 1], c->start[k + 2]);
        if (cross && k > 0) /* period k-1 against frontier k */
            add_blocks(c, blocks, &nb, k, D_FWD, c->start[k - 1], c->start[k]);
        if (radial) /* pure technical efficiency for pech */
            add_blocks(c, blocks, &nb, k, D_OWNV, c->start[k], c->start[k + 1]);
        if (rd && k + 1 < c->K) /* Ray-Desli technical change: the mixed-period distances under VRS */
            add_blocks(c, blocks, &nb, k, D_BWDV, c->start[k + 1], c->start[k + 2]);
        if (rd && k > 0)
            add_blocks(c, blocks, &nb, k, D_FWDV, c->start[k - 1], c->start[k]);
    }
    if (!cross)
        add_blocks(c, blocks, &nb, c->K, D_REF, 0, c->n);
    return nb;
}

static void worker_free(mworker *w)
{
    nqpf_dea_ws_free(w->ws);
    free(w->gx);
    free(w->gy);
    free(w->gb);
    w->ws = NULL;
    w->gx = w->gy = w->gb = NULL;
}

/* Block b by participant t (nqpf__block_fn): the workspace is made on first use, in t's thread. */
static int run_block(void *ctx, unsigned t, size_t b)
{
    mctx *c = ctx;
    mworker *w = &c->wk[t];
    const mblock *B = &c->blocks[b];
    int rc;
    if (!w->ws) {
        w->gx = nqpf__malloc(c->m ? c->m : 1, sizeof(double));
        w->gy = nqpf__malloc(c->s ? c->s : 1, sizeof(double));
        w->gb = nqpf__malloc(c->nb ? c->nb : 1, sizeof(double));
        if (!w->gx || !w->gy || !w->gb)
            return nqpf__nomem("the Malmquist workspace");
        if ((rc = nqpf_dea_ws_new(&w->ws)))
            return rc;
    }
    /* the rts: the radial index and the directional measures use o->rts (CRS for the radial one,
     * check_options); pech and the Ray-Desli distances (the *V kinds) use VRS */
    nqpf_dea_rts rts = B->kind == D_OWNV || B->kind == D_BWDV || B->kind == D_FWDV ? NQPF_DEA_VRS : c->o->rts;
    nqpf_dea_ref ref = block_frontier(c, B->fr);
    /* the frontier's arrays do not change during the run (pin), and the block starts from a fresh
     * LP whatever this workspace solved before (restart): that is what makes it thread-neutral */
    if ((rc = nqpf__dea_ws_pin(w->ws, &ref)))
        return rc;
    nqpf__dea_ws_restart(w->ws);
    size_t ndone = 0;
    for (size_t q = B->q0; q < B->q0 + B->count; q++) {
        size_t i = c->sorted[q];
        if (!needs(c, B->kind, i))
            continue;
        if ((rc = eval(c, w, &ref, i, rts, &c->dist[B->kind][i], &c->st[B->kind][i])))
            return rc;
        ndone++;
    }
    size_t done = atomic_fetch_add(&c->done, ndone) + ndone;
    /* Only the calling thread reports, so the callback needs no locking. */
    if (t == 0 && c->o->progress)
        c->o->progress(done, c->total, c->o->progress_userdata);
    return NQPF_OK;
}

/* Runs in worker thread t >= 1 as it ends: its workspace and GLPK environment are freed there. */
static void worker_exit(void *ctx, unsigned t)
{
    mctx *c = ctx;
    worker_free(&c->wk[t]);
    glp_free_env();
}

/* Several processes (include/nqpf/distribute.h): after each rank has run its blocks (b with
 * b % size == rank of the full list, which is the same on every rank), it sends the distances and
 * statuses it computed, block by block in list order, and takes the other ranks'. Every rank then
 * holds all of them, *nlp counts every rank's LPs, and all return the same status (the lowest
 * failing rank's). dist and st are all that run_block writes per observation. */
static int share_distances(mctx *c, int rc, size_t mylp, size_t *nlp)
{
    size_t rank = (size_t)nqpf__dist_rank(), size = (size_t)nqpf__dist_size();
    nqpf__buf b = NQPF__BUF_INIT;
    for (size_t k = rank; !rc && k < c->nblocks; k += size) {
        const mblock *B = &c->blocks[k];
        for (size_t q = B->q0; q < B->q0 + B->count; q++) {
            size_t i = c->sorted[q];
            if (!needs(c, B->kind, i))
                continue;
            nqpf__buf_append(&b, (const char *)&c->dist[B->kind][i], sizeof(double));
            nqpf__buf_append(&b, (const char *)&c->st[B->kind][i], sizeof(int));
        }
    }
    if (!rc && b.failed)
        rc = nqpf__nomem("the Malmquist distances sent to the other processes");
    const char **part = nqpf__malloc(size, sizeof *part);
    size_t *len = nqpf__malloc(size, sizeof *len), total = 0;
    void *all = NULL;
    int out = part && len ? nqpf__dist_share(rc, mylp, b.data, b.len, &total, &all, part, len) : NQPF_EINTERNAL;
    nqpf__buf_free(&b);
    for (size_t r = 0; r < size && out == NQPF_OK; r++) {
        if (r == rank)
            continue;
        const char *p = part[r], *end = part[r] + len[r];
        for (size_t k = r; k < c->nblocks && out == NQPF_OK; k += size) {
            const mblock *B = &c->blocks[k];
            for (size_t q = B->q0; q < B->q0 + B->count && out == NQPF_OK; q++) {
                size_t i = c->sorted[q];
                if (!needs(c, B->kind, i))
                    continue;
                if ((size_t)(end - p) < sizeof(double) + sizeof(int)) {
                    out = nqpf_error_set(NQPF_EINTERNAL, "malmquist: the distances from process %zu end early (every "
                                                         "process must run the same nqpf-mpi on the same data)", r);
                    break;
                }
                memcpy(&c->dist[B->kind][i], p, sizeof(double));
                memcpy(&c->st[B->kind][i], p + sizeof(double), sizeof(int));
                p += sizeof(double) + sizeof(int);
            }
        }
    }
    free(all);
    free(part);
    free(len);
    if (out == NQPF_OK) {
        *nlp += total;
        atomic_store(&c->done, c->total);
    }
    return out;
}

/* All distances the pairs need: the block list is computed before the run, so the work is fixed
 * by the data and options alone. */
static int compute_distances(mctx *c, size_t *nlp)
{
    unsigned nt = c->o->threads ? c->o->threads : 1;
    if (nt > 256)
        nt = 256;
    size_t nb = list_blocks(c, NULL);
    if (!(c->blocks = nqpf__malloc(nb ? nb : 1, sizeof *c->blocks)) || !(c->wk = nqpf__calloc(nt, sizeof *c->wk)))
        return NQPF_EINTERNAL;
    c->total = 0;
    c->nblocks = list_blocks(c, c->blocks);
    atomic_store(&c->done, 0);
    /* Several processes (include/nqpf/distribute.h): a rank of K takes the blocks b with
     * b % K == rank, as a list of its own in the same order, and share_distances() then hands every
     * rank the others' distances; the full list is the same on every rank because it depends on the
     * data and options only. */
    size_t rank = (size_t)nqpf__dist_rank(), size = (size_t)nqpf__dist_size(), nall = c->nblocks;
    mblock *every = c->blocks;
    int rc = NQPF_OK;
    if (size > 1) {
        mblock *mine = nqpf__malloc(nall / size + 1, sizeof *mine);
        if (mine) {
            c->nblocks = 0;
            for (size_t b = rank; b < nall; b += size)
                mine[c->nblocks++] = every[b];
            c->blocks = mine;
        } else {
            rc = NQPF_EINTERNAL; /* still takes part in the exchange below, reporting this */
        }
    }
    if (!rc)
        rc = nqpf__pool_blocks(nt, c->nblocks, run_block, worker_exit, c);
    /* participant 0 is this thread: its workspace is freed here, its GLPK environment kept */
    worker_free(&c->wk[0]);
    size_t mylp = 0;
    for (unsigned t = 0; t < nt; t++)
        mylp += c->wk[t].nlp;
    if (size > 1) {
        if (c->blocks != every)
            free(c->blocks);
        c->blocks = every;
        c->nblocks = nall;
        rc = share_distances(c, rc, mylp, nlp);
    } else {
        *nlp += mylp;
    }
    if (!rc && c->o->progress)
        c->o->progress(atomic_load(&c->done), c->total, c->o->progress_userdata);
    return rc;
}

/* Variable v of the inputs, outputs and bad outputs, numbered in that order. */
static const char *var_name(const nqpf_malmquist_options *o, size_t v)
{
    if (v < o->ninputs)
        return o->inputs[v];
    if (v < o->ninputs + o->noutputs)
        return o->outputs[v - o->ninputs];
    return o->bads[v - o->ninputs - o->noutputs];
}

/* An enum value read from a caller's options struct may hold anything. */
static int in_range(int v, int hi)
{
    volatile int x = v; /* keeps the compiler from assuming the enum's range */
    return x >= 0 && x <= hi;
}

/* The rules the options struct itself must satisfy, whoever filled it: nqpf_malmquist_run() checks
 * them for library callers and nqpf_malmquist_options_parse() for both front doors, so a study is
 * refused at validation with the same message as the command. Errors about an option carry its key. */
int nqpf__malmquist_check(const nqpf_malmquist_options *o)
{
    if (!o->inputs || o->ninputs == 0)
        return nqpf_opt_error(NQPF_EUSAGE, "inputs", "at least one input is required");
    if (!o->outputs || o->noutputs == 0)
        return nqpf_opt_error(NQPF_EUSAGE, "outputs", "at least one output is required");
    if (o->nbads && !o->bads)
        return nqpf_error_set(NQPF_EUSAGE, "malmquist: undesirable outputs announced but not given");
    if (!in_range((int)o->type, NQPF_MALMQUIST_SEQUENTIAL) || !in_range((int)o->measure, NQPF_MALMQUIST_LUENBERGER) ||
        !in_range((int)o->decomposition, NQPF_MALMQUIST_RD) || !in_range((int)o->bad_mode, NQPF_DEA_BAD_INEQ))
        return nqpf_error_set(NQPF_EUSAGE, "malmquist: an option is out of range");
    /* The Malmquist indices take part of the DEA vocabulary. */
    if (o->orientation != NQPF_DEA_IN && o->orientation != NQPF_DEA_OUT)
        return nqpf_opt_error(NQPF_EUSAGE, "orientation", "the radial index takes in or out");
    if (o->rts != NQPF_DEA_CRS && o->rts != NQPF_DEA_VRS)
        return nqpf_opt_error(NQPF_EUSAGE, "rts", "the directional distances take crs or vrs");
    const nqpf_dea_dir g[3] = {o->gx, o->gy, o->gb};
    for (int k = 0; k < 3; k++)
        if (g[k] != NQPF_DEA_DIR_ZERO && g[k] != NQPF_DEA_DIR_OBSERVED && g[k] != NQPF_DEA_DIR_ONES)
            return nqpf_opt_error(NQPF_EUSAGE, "direction", "each part is 0, the observed values or 1");
    if (o->measure == NQPF_MALMQUIST_RADIAL && o->nbads)
        return nqpf_opt_error(NQPF_EUSAGE, "undesirable", "undesirable outputs need a directional measure "
                                                          "(Malmquist-Luenberger or Luenberger)");
    if (o->measure == NQPF_MALMQUIST_RADIAL && o->rts != NQPF_DEA_CRS)
        return nqpf_opt_error(NQPF_EUSAGE, "rts", "the radial index is measured under CRS (pech uses VRS); "
                                                  "variable returns apply to the directional measures");
    if (o->measure != NQPF_MALMQUIST_RADIAL && o->gx == NQPF_DEA_DIR_ZERO && o->gy == NQPF_DEA_DIR_ZERO &&
        (o->nbads == 0 || o->gb == NQPF_DEA_DIR_ZERO))
        return nqpf_opt_error(NQPF_EUSAGE, "direction", "the direction vector is zero");
    if (o->decomposition == NQPF_MALMQUIST_RD &&
        (o->measure != NQPF_MALMQUIST_RADIAL ||
         (o->type != NQPF_MALMQUIST_ADJACENT && o->type != NQPF_MALMQUIST_SEQUENTIAL)))
        return nqpf_opt_error(NQPF_EUSAGE, "decomposition", "the Ray-Desli decomposition applies to the radial "
                                                            "index of the adjacent and sequential types");
    if (!in_range((int)o->distance, NQPF_MALMQUIST_DIST_SBMDDF))
        return nqpf_error_set(NQPF_EUSAGE, "malmquist: an option is out of range");
    if (o->distance != NQPF_MALMQUIST_DIST_DDF && o->measure == NQPF_MALMQUIST_RADIAL)
        return nqpf_opt_error(NQPF_EUSAGE, "distance", "applies to the directional measures only (the luenberger "
                                                       "indicator, or undesirable outputs)");
    if ((o->weights || o->nweights) && o->distance == NQPF_MALMQUIST_DIST_DDF)
        return nqpf_opt_error(NQPF_EUSAGE, "weights", "applies to the distances nddf and sbmddf only");
    if (o->weights || o->nweights) {
        size_t nvw = o->ninputs + o->noutputs + o->nbads;
        if (!o->weights || o->nweights != nvw)
            return nqpf_opt_error(NQPF_EUSAGE, "weights",
                                  "expected %zu numbers (one per input, output and undesirable output), found %zu", nvw,
                                  o->nweights);
        int any = 0;
        for (size_t v = 0; v < nvw; v++) {
            if (!(isfinite(o->weights[v]) && o->weights[v] >= 0))
                return nqpf_opt_error(NQPF_EUSAGE, "weights", "weight %zu is %g: expected a number >= 0", v + 1,
                                      o->weights[v]);
            nqpf_dea_dir d = v < o->ninputs ? o->gx : v < o->ninputs + o->noutputs ? o->gy : o->gb;
            any |= o->weights[v] > 0 && d != NQPF_DEA_DIR_ZERO;
        }
        if (!any)
            return nqpf_opt_error(NQPF_EUSAGE, "weights", "no variable both moves (non-zero direction) and has a "
                                                          "positive weight: every distance would be 0");
    }
    if (!(o->ml_tol >= 0 && o->ml_tol < 1))
        return nqpf_error_set(NQPF_EUSAGE, "malmquist: ml_tol must lie in [0, 1)");
    if (o->has_base && o->type != NQPF_MALMQUIST_FIXED_BASE)
        return nqpf_opt_error(NQPF_EUSAGE, "base", "applies to the fixed-base frontier only");
    size_t nv = o->ninputs + o->noutputs + o->nbads;
    for (size_t a = 0; a < nv; a++) {
        const char *na = var_name(o, a);
        if (!na || !*na)
            return nqpf_error_set(NQPF_EUSAGE, "malmquist: empty variable name");
        for (size_t b = a + 1; b < nv; b++) {
            const char *nb = var_name(o, b);
            if (nb && strcmp(na, nb) == 0)
                return nqpf_error_set(NQPF_EUSAGE, "malmquist: variable '%s' is listed twice", na);
        }
    }
    return NQPF_OK;
}

/* Copies the variables into the period-sorted matrices, checking what the model can take. */
static int load_data(mctx *c)
{
    const nqpf_malmquist_options *o = c->o;
    unsigned flags = NQPF_REQ_COMPLETE | (o->measure == NQPF_MALMQUIST_RADIAL ? NQPF_REQ_POSITIVE : NQPF_REQ_NONNEG);
    const char *why = o->measure == NQPF_MALMQUIST_RADIAL ? "radial Malmquist distances need positive data"
                                                          : "directional distances need non-negative data";
    size_t nv = c->m + c->s + c->nb;
    for (size_t v = 0; v < nv; v++) {
        const char *name = var_name(o, v);
        const double *col;
        int rc = nqpf_panel_require(c->p, name, flags, NULL, 0, why, &col);
        if (rc)
            return rc;
        double *dst = v < c->m ? c->x : v < c->m + c->s ? c->y : c->b;
        size_t stride = v < c->m ? c->m : v < c->m + c->s ? c->s : c->nb;
        size_t off = v < c->m ? v : v < c->m + c->s ? v - c->m : v - c->m - c->s;
        for (size_t i = 0; i < c->n; i++)
            dst[c->pos[i] * stride + off] = col[i];
    }
    return NQPF_OK;
}

static int check_periods(mctx *c)
{
    const nqpf_table *t = nqpf_panel_table(c->p);
    if (c->K < 2) {
        if (c->K == 0)
            return nqpf_error_set(NQPF_EDATA, "%s: no observations", nqpf_table_source(t));
        return nqpf_error_set(NQPF_EDATA, "%s: malmquist needs at least two periods, found only %ld",
                              nqpf_table_source(t), c->times[0]);
    }
    size_t nv = c->m + c->s + c->nb;
    for (size_t k = 0; k < c->K; k++) {
        size_t nk = c->start[k + 1] - c->start[k];
        if (nk == 1) {
            char w[512];
            size_t i = c->sorted[c->start[k]];
            return nqpf_error_set(NQPF_EDATA,
                                  "%s: period %ld has a single unit ('%s'); a frontier needs at least two units",
                                  nqpf_panel_where(c->p, i, w, sizeof w), c->times[k],
                                  nqpf_panel_unit_name(c->p, nqpf_panel_unit(c->p, i)));
        }
        if (nk < nv)
            nqpf_warn("malmquist: period %ld has %zu units, fewer than the %zu inputs and outputs: the frontier "
                      "discriminates weakly (many units are efficient)",
                      c->times[k], nk, nv);
    }
    if (c->o->has_base) {
        size_t kb = nqpf_panel_time_index(c->p, c->o->base_year);
        if (kb == NQPF_NONE)
            return nqpf_error_set(NQPF_EDATA, "%s: base year %ld is not a period of the data (%ld..%ld)",
                                  nqpf_table_source(t), c->o->base_year, c->times[0], c->times[c->K - 1]);
    }
    return NQPF_OK;
}

/* Column layout of the result. */
enum { C_I1, C_I2, C_I3, C_I4, C_I5, C_D1, C_D2, C_D3, C_D4, C_D5, C_D6, C_D7, C_D8, C_NCOL };

typedef struct layout {
    const char *name[C_NCOL];
    size_t nidx;  /* index columns (the first nidx of C_I*), cumulated with --cumulative */
    int additive; /* cumulative sums instead of products */
} layout;

static void make_layout(const nqpf_malmquist_options *o, layout *L)
{
    int cross = o->type == NQPF_MALMQUIST_ADJACENT || o->type == NQPF_MALMQUIST_SEQUENTIAL;
    int fixed = o->type == NQPF_MALMQUIST_FIXED_BASE;
    memset(L, 0, sizeof *L);
    if (o->measure == NQPF_MALMQUIST_RADIAL) {
        static const char *const idx[] = {"effch", "techch", "pech", "sech", "tfpch"};
        for (int k = 0; k < 5; k++)
            L->name[C_I1 + k] = idx[k];
        L->nidx = 5;
        L->name[C_D1] = "e00";
        L->name[C_D2] = cross ? "e01" : fixed ? "e0b" : "e0g";
        L->name[C_D3] = cross ? "e10" : fixed ? "e1b" : "e1g";
        L->name[C_D4] = "e11";
        L->name[C_D5] = "e00_vrs";
        L->name[C_D6] = "e11_vrs";
        if (o->decomposition == NQPF_MALMQUIST_RD) {
            L->name[C_D7] = "e01_vrs";
            L->name[C_D8] = "e10_vrs";
        }
    } else {
        if (o->measure == NQPF_MALMQUIST_ML) {
            L->name[C_I1] = "ml";
            L->name[C_I2] = "mleffch";
            L->name[C_I3] = "mltech";
        } else {
            L->name[C_I1] = "lpi";
            L->name[C_I2] = "lpi_effch";
            L->name[C_I3] = "lpi_techch";
            L->additive = 1;
        }
        L->nidx = 3;
        L->name[C_D1] = "d00";
        L->name[C_D2] = cross ? "d01" : fixed ? "d0b" : "d0g";
        L->name[C_D3] = cross ? "d10" : fixed ? "d1b" : "d1g";
        L->name[C_D4] = "d11";
    }
}

/* The index values of one pair (columns C_I1..) from its distances (columns C_D1..) in v. */
static void pair_values(const nqpf_malmquist_options *o, double *v)
{
    int cross = o->type == NQPF_MALMQUIST_ADJACENT || o->type == NQPF_MALMQUIST_SEQUENTIAL;
    double d00 = v[C_D1], d01 = v[C_D2], d10 = v[C_D3], d11 = v[C_D4];
    /* For the single-reference types d01/d10 hold the distances of t-1 and t to that reference. */
    double d0r = d01, d1r = d10;
    if (o->measure == NQPF_MALMQUIST_RADIAL) {
        double v00 = v[C_D5], v11 = v[C_D6];
        double effch = d11 / d00;
        double pech = v11 / v00;
        v[C_I1] = effch;
        v[C_I3] = pech;
        if (o->decomposition == NQPF_MALMQUIST_RD) {
            double v01 = v[C_D7], v10 = v[C_D8];
            double tfpch = sqrt((d10 / d00) * (d11 / d01));
            double techch = sqrt((v10 / v11) * (v00 / v01));
            v[C_I2] = techch;
            v[C_I4] = tfpch / (pech * techch);
            v[C_I5] = tfpch;
        } else {
            double techch = cross ? sqrt((d10 / d11) * (d00 / d01)) : (d1r / d11) / (d0r / d00);
            v[C_I2] = techch;
            v[C_I4] = effch / pech;
            v[C_I5] = effch * techch;
        }
    } else if (o->measure == NQPF_MALMQUIST_ML) {
        double eff = (1 + d00) / (1 + d11);
        double tech = cross ? sqrt(((1 + d11) / (1 + d10)) * ((1 + d01) / (1 + d00)))
                            : ((1 + d0r) / (1 + d00)) / ((1 + d1r) / (1 + d11));
        v[C_I1] = eff * tech;
        v[C_I2] = eff;
        v[C_I3] = tech;
    } else {
        double eff = d00 - d11;
        double tech = cross ? 0.5 * ((d11 - d10) + (d01 - d00)) : (d0r - d00) - (d1r - d11);
        v[C_I1] = eff + tech;
        v[C_I2] = eff;
        v[C_I3] = tech;
    }
}

static int build_table(mctx *c, nqpf_table **out, nqpf_malmquist_summary *sum)
{
    const nqpf_malmquist_options *o = c->o;
    const nqpf_panel *p = c->p;
    layout L;
    make_layout(o, &L);
    int cross = o->type == NQPF_MALMQUIST_ADJACENT || o->type == NQPF_MALMQUIST_SEQUENTIAL;
    size_t nunits = nqpf_panel_nunits(p), cap = c->n, nrows = 0;
    int rc = NQPF_OK;
    size_t *rows = nqpf__malloc(cap ? cap : 1, sizeof *rows);
    double *from = nqpf__malloc(cap ? cap : 1, sizeof *from);
    double *val = nqpf__malloc(cap ? cap : 1, C_NCOL * sizeof *val);
    double *cum = nqpf__malloc(cap ? cap : 1, 5 * sizeof *cum);
    char **stat = nqpf__calloc(cap ? cap : 1, sizeof *stat);
    nqpf_table *t = NULL;
    if (!rows || !from || !val || !cum || !stat) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t u = 0; u < nunits; u++) {
        int started = 0, broken = 0;
        double level[5];
        for (size_t j = 0; j < L.nidx; j++)
            level[j] = L.additive ? 0.0 : 1.0;
        for (size_t k = 1; k < c->K; k++) {
            size_t i0 = nqpf_panel_find(p, u, c->times[k - 1]), i1 = nqpf_panel_find(p, u, c->times[k]);
            if (i0 != NQPF_NONE)
                started = 1;
            if (i0 == NQPF_NONE || i1 == NQPF_NONE) {
                if (i0 != NQPF_NONE || i1 != NQPF_NONE)
                    sum->nskipped++;
                /* A gap loses one period's change: later chained levels cannot be linked. */
                if (started)
                    broken = 1;
                continue;
            }
            double *v = val + nrows * C_NCOL;
            for (size_t j = 0; j < C_NCOL; j++)
                v[j] = NAN;
            struct {
                int col, kind;
                size_t obs;
            } parts[8] = {{C_D1, D_OWN, i0},  {C_D2, cross ? D_FWD : D_REF, i0}, {C_D3, cross ? D_BWD : D_REF, i1},
                          {C_D4, D_OWN, i1},  {C_D5, D_OWNV, i0}, {C_D6, D_OWNV, i1}, {C_D7, D_FWDV, i0},
                          {C_D8, D_BWDV, i1}};
            size_t nparts = o->measure != NQPF_MALMQUIST_RADIAL ? 4 : o->decomposition == NQPF_MALMQUIST_RD ? 8 : 6;
            nqpf__buf sb = NQPF__BUF_INIT;
            for (size_t q = 0; q < nparts; q++) {
                int st = c->st[parts[q].kind][parts[q].obs];
                v[parts[q].col] = c->dist[parts[q].kind][parts[q].obs];
                if (st != NQPF_LP_OPTIMAL) {
                    if (sb.len)
                        nqpf__buf_puts(&sb, "; ");
                    nqpf__buf_printf(&sb, "%s %s", L.name[parts[q].col],
                                     st == ST_NONE ? "failed" : nqpf_lp_status_name((nqpf_lp_status)st));
                }
            }
            pair_values(o, v);
            if (o->measure == NQPF_MALMQUIST_ML) {
                /* A ratio of (1 + beta) terms is undefined once a direction reaches zero (DEA.jl
                 * prints Inf there); rounding would otherwise turn it into an arbitrary huge value. */
                static const int dcol[4] = {C_D1, C_D2, C_D3, C_D4};
                int bad_eff = 0, bad_ml = 0, bad = 0;
                for (int q = 0; q < 4; q++) {
                    double d = v[dcol[q]];
                    if (isnan(d) || 1 + d > o->ml_tol)
                        continue;
                    bad = 1;
                    bad_eff |= dcol[q] == C_D1 || dcol[q] == C_D4;
                    /* The global and fixed-base ml uses only the two distances to the reference. */
                    bad_ml |= cross || dcol[q] == C_D2 || dcol[q] == C_D3;
                    if (sb.len)
                        nqpf__buf_puts(&sb, "; ");
                    nqpf__buf_printf(&sb, "%s: 1 + beta <= 0, ratio undefined", L.name[dcol[q]]);
                }
                if (bad) {
                    v[C_I3] = NAN;
                    if (bad_ml)
                        v[C_I1] = NAN;
                    if (bad_eff)
                        v[C_I2] = NAN;
                }
            }
            if (sb.failed) {
                nqpf__buf_free(&sb);
                rc = NQPF_EINTERNAL;
                goto done;
            }
            if (sb.len) {
                nqpf__buf_cstr(&sb);
                stat[nrows] = sb.data; /* the buffer is owned by stat now */
                sum->nnot_solved++;
            } else {
                nqpf__buf_free(&sb);
            }
            for (size_t j = 0; j < L.nidx; j++) {
                if (broken || isnan(v[C_I1 + j]))
                    level[j] = NAN;
                else
                    level[j] = L.additive ? level[j] + v[C_I1 + j] : level[j] * v[C_I1 + j];
                cum[nrows * 5 + j] = level[j];
            }
            from[nrows] = (double)c->times[k - 1];
            rows[nrows++] = i1;
        }
    }
    sum->npairs = nrows;
    if (!(t = nqpf_panel_result_new(p, rows, nrows))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    double *col = nqpf__malloc(nrows ? nrows : 1, sizeof *col);
    if (!col) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_table_add_num(t, "from", from, NULL)))
        goto cols_done;
    for (size_t j = 0; j < C_NCOL; j++) {
        if (!L.name[j])
            continue;
        for (size_t r = 0; r < nrows; r++)
            col[r] = val[r * C_NCOL + j];
        if ((rc = nqpf_table_add_num(t, L.name[j], col, NULL)))
            goto cols_done;
    }
    if (o->cumulative)
        for (size_t j = 0; j < L.nidx; j++) {
            char name[64];
            snprintf(name, sizeof name, "%s_cum", L.name[C_I1 + j]);
            for (size_t r = 0; r < nrows; r++)
                col[r] = cum[r * 5 + j];
            if ((rc = nqpf_table_add_num(t, name, col, NULL)))
                goto cols_done;
        }
    size_t sc;
    if ((rc = nqpf_table_add_text(t, "status", NULL, &sc)))
        goto cols_done;
    for (size_t r = 0; r < nrows; r++)
        if ((rc = nqpf_table_set_text(t, sc, r, stat[r] ? stat[r] : "optimal")))
            goto cols_done;
cols_done:
    free(col);
done:
    if (rc) {
        nqpf_table_free(t);
        t = NULL;
    }
    *out = t;
    for (size_t r = 0; stat && r < cap; r++)
        free(stat[r]);
    free(stat);
    free(rows);
    free(from);
    free(val);
    free(cum);
    return rc;
}

int nqpf_malmquist_run(nqpf_table **out, nqpf_malmquist_summary *sum, const nqpf_panel *p,
                       const nqpf_malmquist_options *o)
{
    nqpf_malmquist_summary dummy;
    mctx c;
    int rc;
    if (!out || !p || !o)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_malmquist_run: NULL argument");
    *out = NULL;
    if (!sum)
        sum = &dummy;
    memset(sum, 0, sizeof *sum);
    memset(&c, 0, sizeof c);
    if ((rc = nqpf__malmquist_check(o)))
        return rc;
    {
        /* missing: refuse names the first empty cell; drop leaves such observations out first, so
         * that their unit simply lacks those periods (the pairs involving them are not formed). */
        size_t nv0 = o->ninputs + o->noutputs + (o->measure == NQPF_MALMQUIST_RADIAL ? 0 : o->nbads);
        const char **names = nqpf__malloc(nv0 ? 2 * nv0 : 1, sizeof *names);
        if (!names)
            return NQPF_EINTERNAL;
        for (size_t v = 0; v < nv0; v++) {
            names[v] = var_name(o, v);
            names[nv0 + v] = v < o->ninputs ? "Malmquist input"
                             : v < o->ninputs + o->noutputs ? "Malmquist output" : "Malmquist undesirable output";
        }
        nqpf_panel *sub = NULL;
        rc = nqpf_panel_apply_missing(&sub, p, names, nv0, o->missing, "malmquist", names + nv0);
        free(names);
        if (rc || sub) {
            nqpf_malmquist_options o2 = *o;
            o2.missing = NQPF_MISSING_REFUSE;
            if (!rc)
                rc = nqpf_malmquist_run(out, sum == &dummy ? NULL : sum, sub, &o2);
            nqpf_panel_free(sub);
            return rc;
        }
    }
    if (o->group || o->group_via) /* metafrontier decomposition (Oh and Lee 2010; metafrontier.c) */
        return nqpf__malmquist_metafrontier(out, sum == &dummy ? NULL : sum, p, o);
    c.p = p;
    c.o = o;
    c.n = nqpf_panel_nobs(p);
    c.m = o->ninputs;
    c.s = o->noutputs;
    c.nb = o->measure == NQPF_MALMQUIST_RADIAL ? 0 : o->nbads;
    c.times = nqpf_panel_times(p, &c.K);
    sum->nperiods = c.K;
    sum->nunits = nqpf_panel_nunits(p);
    size_t n1 = c.n ? c.n : 1;
    c.pos = nqpf__malloc(n1, sizeof *c.pos);
    c.per = nqpf__malloc(n1, sizeof *c.per);
    c.x = nqpf__malloc(n1, c.m * sizeof(double));
    c.y = nqpf__malloc(n1, c.s * sizeof(double));
    c.b = c.nb ? nqpf__malloc(n1, c.nb * sizeof(double)) : NULL;
    c.has_prev = nqpf__calloc(n1, 1);
    c.has_next = nqpf__calloc(n1, 1);
    int ok = c.pos && c.per && c.x && c.y && (c.b || !c.nb) && c.has_prev && c.has_next;
    for (int d = 0; d < D_N && ok; d++) {
        c.dist[d] = nqpf__malloc(n1, sizeof(double));
        c.st[d] = nqpf__malloc(n1, sizeof(int));
        ok = c.dist[d] && c.st[d];
        for (size_t i = 0; ok && i < c.n; i++) {
            c.dist[d][i] = NAN;
            c.st[d][i] = ST_NONE;
        }
    }
    if (!ok) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* The observations by period, panel order within a period (join.h); pos and per invert it. */
    if ((rc = nqpf_panel_by_period(p, NULL, 0, &c.sorted, &c.start)))
        goto done;
    for (size_t k = 0; k < c.K; k++)
        for (size_t q = c.start[k]; q < c.start[k + 1]; q++) {
            c.per[c.sorted[q]] = k;
            c.pos[c.sorted[q]] = q;
        }
    for (size_t i = 0; i < c.n; i++) {
        size_t u = nqpf_panel_unit(p, i), k = c.per[i];
        c.has_prev[i] = k > 0 && nqpf_panel_find(p, u, c.times[k - 1]) != NQPF_NONE;
        c.has_next[i] = k + 1 < c.K && nqpf_panel_find(p, u, c.times[k + 1]) != NQPF_NONE;
    }
    if ((rc = load_data(&c)) || (rc = check_periods(&c)))
        goto done;
    if ((rc = compute_distances(&c, &sum->nlp)))
        goto done;
    rc = build_table(&c, out, sum);
done:
    free(c.blocks);
    free(c.wk);
    for (int d = 0; d < D_N; d++) {
        free(c.dist[d]);
        free(c.st[d]);
    }
    free(c.start);
    free(c.pos);
    free(c.sorted);
    free(c.per);
    free(c.x);
    free(c.y);
    free(c.b);
    free(c.has_prev);
    free(c.has_next);
    return rc;
}
