/* Column generation (colgen.c): the candidate-set LPs a DEA workspace keeps, pricing, the first
 * phase, pruning and the dominance filter. frontier.c builds each model's own columns and rows on
 * top of these and never touches K. Internal to src/dea/. */
#ifndef NQPF_DEA_COLGEN_H
#define NQPF_DEA_COLGEN_H

#include <stddef.h>

#include "frontier.h"

#define NQPF__DEA_NOEXCL ((size_t)-1)

/* One LP of a workspace. Its columns are: the model's own variables (ne of them: the distance
 * variable, slacks, ...), then two artificial columns per row (fixed at 0 except in the first
 * phase of column generation), then the lambdas of the DMUs in the candidate set K, in the order
 * they were added. With a small reference set K holds every DMU; with a large one (more than
 * cg_min_n DMUs) K starts with the evaluated DMU and grows by pricing: a lambda enters when its
 * reduced cost under the current duals says it improves the objective, so that the answer is that
 * of the full LP (column generation). */
typedef struct nqpf__dea_lpk {
    nqpf_lp *lp;
    unsigned version;  /* ws->version the LP was built for */
    size_t shape[4];   /* n, m, s, nb */
    size_t ne, nrows, rts_row;
    size_t *K, nk;     /* candidate DMUs (ref indices) */
    unsigned long *last; /* per K slot: the solve in which the column was last basic */
    unsigned long tick;  /* optimal solves so far */
    size_t *pos;       /* n entries: place in K or NQPF__DEA_NOEXCL */
    size_t cap_n;
    int full;          /* K holds every DMU */
    int rescale;       /* recompute GLPK's scale factors before every solve */
    int use_dom;       /* this solve may skip dominated DMUs in pricing (see colgen.c) */
    int maximize;
    double *obj;       /* objective coefficients of the ne own columns (restored after phase 1) */
    long npricing;     /* pricing passes (statistics) */
} nqpf__dea_lpk;

/* Dominance among the reference DMUs of a workspace (colgen.c), built lazily: [0] free-disposal
 * dominance, [1] dominance by a scaled DMU (valid under CRS only). */
struct nqpf__dea_dom {
    size_t *dom;      /* n entries: a DMU that dominates j, or NQPF__DEA_NOEXCL */
    unsigned version; /* ws->version it was built for */
    size_t *nd, n_nd; /* the DMUs none dominates */
    double *a_nd;     /* their scaled data by variable: a_nd[v * n_nd + q] */
};

/* The frame of the reference DMUs (frame.c), built lazily once per reference set over the skyline of
 * dom[c]: [0] convex (valid wherever free-disposal dominance is), [1] conic (CRS only). */
struct nqpf__dea_frame {
    unsigned version;  /* ws->version it was built for */
    int ok;            /* 0: not built (work cap, failure): price the skyline instead */
    size_t *f, nf;     /* the frame's DMUs by increasing index */
    double *a_f;       /* their scaled data by variable: a_f[v * nf + q] */
    unsigned char *in; /* n flags: j is in the frame */
};

/* Builds ws->frame[cone] from the skyline ws->dom[cone] (built before); a failure leaves it not ok,
 * which only makes pricing fall back to the skyline. */
int nqpf__dea_frame_build(nqpf_dea_ws *ws, int cone);
void nqpf__dea_frame_free(struct nqpf__dea_frame *F);

/* The frame is searched for only when the skyline holds more than @p min_nd DMUs (default
 * NQPF__DEA_FRAME_MIN: below it pricing the skyline costs less than the search, and the pricing order,
 * hence the optimal solution picked among alternative optima (peers, slacks), stays as without a
 * frame); @p work caps the search (0: the default, FRAME_WORK in frame.c; (size_t)-1: no frame, price
 * the skyline). Tests set min_nd 0 and a small work to exercise the frame and its fallback. */
#define NQPF__DEA_FRAME_MIN 4096
void nqpf__dea_ws_set_frame(nqpf_dea_ws *ws, size_t min_nd, size_t work);

static inline size_t nqpf__dea_lam_base(const nqpf__dea_lpk *k) { return k->ne + 2 * k->nrows; }

/* Column generation is used for reference sets of more than @p min_n DMUs (default
 * NQPF__DEA_CG_MIN_N; 0 = always, (size_t)-1 = never). Results do not depend on it. */
#define NQPF__DEA_CG_MIN_N 400
void nqpf__dea_ws_set_cg(nqpf_dea_ws *ws, size_t min_n);

/* Sets the candidate-set size above which lambdas unused in recent solves leave the LP (0: the
 * default, 8 x rows + 64; tests set it small to exercise the pruning). */
void nqpf__dea_ws_set_prune(nqpf_dea_ws *ws, size_t cap);

/* Sets the work cap of the dominance filter, in pair tests (0: the default, about 4096 per DMU; tests
 * set it small to exercise the fallback that prices what the capped filter could not rule out). */
void nqpf__dea_ws_set_dom_work(nqpf_dea_ws *ws, size_t work);

/* Makes sure ws->k[kind] holds the LP of the loaded reference technology with nrows rows, ne own
 * columns and the returns-to-scale row rts_row; *fresh is set when it was (re)built: the caller then
 * sets up its own columns (objective, direction, coefficients). */
int nqpf__dea_lpk_prepare(nqpf_dea_ws *ws, int kind, size_t nrows, size_t ne, size_t rts_row, nqpf__dea_lpk **out,
                          int *fresh);

/* Objective coefficient of own column col (remembered for the first phase) and the direction. */
void nqpf__dea_lpk_set_obj(nqpf__dea_lpk *k, size_t col, double c);
void nqpf__dea_lpk_set_dir(nqpf__dea_lpk *k, int maximize);

/* Solves the LP with DMU exclude left out (NQPF__DEA_NOEXCL: none); with column generation, to the
 * optimum of the full LP. own: the evaluated DMU's index in the reference set (seeds K) or
 * NQPF__DEA_NOEXCL. */
int nqpf__dea_lpk_solve(nqpf_dea_ws *ws, nqpf__dea_lpk *k, size_t exclude, size_t own, nqpf_lp_status *st);

/* One non-zero optimal lambda: reference DMU j (index in the reference set) and its value. */
typedef struct nqpf__dea_lam {
    size_t j;
    double v;
} nqpf__dea_lam;

/* Records the optimal lambdas of k divided by div in the workspace, sparse (only the candidate set K
 * can be non-zero, so this costs O(|K| log |K|), never O(n); see nqpf__dea_ws_lambda), and, when
 * lambda is not NULL, also writes them densely into lambda (ws->n values, zeros elsewhere). */
void nqpf__dea_lpk_lambda(nqpf_dea_ws *ws, const nqpf__dea_lpk *k, double div, double *lambda);

/* The lambdas recorded by the last LP of the workspace that ended optimal: *lam receives the
 * non-zero ones by increasing j (the order a dense vector is read in, so sums and peer lists come
 * out exactly as from the dense vector) and *cnt their number. Returns 0 (and *cnt = 0) when the
 * last solve did not record any (not optimal, or failed). */
int nqpf__dea_ws_lambda(const nqpf_dea_ws *ws, const nqpf__dea_lam **lam, size_t *cnt);

/* Frees an LP of a workspace and zeroes it. */
void nqpf__dea_lpk_free(nqpf__dea_lpk *k);

#endif
