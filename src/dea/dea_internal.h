/* Internals of the DEA module shared by frontier.c (distance functions), the SBM and slack LPs
 * and dea.c (the `nqpf dea` driver). */
#ifndef NQPF_DEA_INTERNAL_H
#define NQPF_DEA_INTERNAL_H

#include <stddef.h>

#include "frontier.h"
#include "colgen.h"
#include "../lp/lp.h"

/* The LP shapes a workspace keeps (each built lazily, once per reference technology). */
enum { NQPF__DEA_LP_DIST, NQPF__DEA_LP_SLACK, NQPF__DEA_LP_SBM, NQPF__DEA_LP_SUPERSBM, NQPF__DEA_LP_NDDF,
       NQPF__DEA_LP_SBMDDF, NQPF__DEA_NLP };
struct nqpf_dea_ws {
    /* A copy of the loaded reference technology (to notice when the caller passes another). */
    size_t n, m, s, nb;
    double *x, *y, *b;
    size_t cap_x, cap_y, cap_b;
    double *sc;       /* row scale factors, m + s + nb */
    double *a;        /* the scaled data by DMU: a[j * nv + v] = value * sc[v] */
    size_t cap_a;
    int degenerate;   /* a variable is 0 throughout the reference set */
    struct nqpf__dea_dom dom[2]; /* [0] free-disposal dominance, [1] by a scaled DMU (CRS only) */
    unsigned version; /* bumped whenever the reference changes */
    const double *pin_x, *pin_y, *pin_b; /* see nqpf__dea_ws_pin() */
    nqpf__dea_lpk k[NQPF__DEA_NLP];
    size_t cg_min_n;  /* column generation above this many DMUs */
    size_t prune_cap; /* candidate-set size above which stale lambdas leave (0: 8 x rows + 64) */
    size_t dom_work;  /* pair tests the dominance filter may spend (0: DOM_WORK in colgen.c) */
    struct nqpf__dea_frame frame[2]; /* [0] convex frame, [1] conic frame (CRS only); frame.c */
    size_t frame_work; /* work the frame search may spend (0: FRAME_WORK in frame.c; -1: no frame) */
    size_t frame_min;  /* a frame only for skylines of more DMUs than this (NQPF__DEA_FRAME_MIN) */
    int *idx;         /* scratch */
    double *val;
    size_t cap_scratch;
    size_t *cand;     /* pricing scratch */
    double *cviol;
    nqpf__dea_lam *lam; /* the last optimal LP's non-zero lambdas by j (nqpf__dea_ws_lambda) */
    size_t lam_n, lam_cap;
    int lam_ok;       /* lam holds the answer of the last solve */
};

/* Pricing passes and simplex iterations so far (all LPs of the workspace; for benchmarks). */
void nqpf__dea_ws_stats(const nqpf_dea_ws *ws, long *pricing, long *iterations);

/* Forgets every warm start (bases and candidate sets): the next solve of each LP starts from a
 * freshly built problem, exactly as in a new workspace with the same reference loaded. */
void nqpf__dea_ws_restart(nqpf_dea_ws *ws);

/* Makes @p ref the workspace's reference technology (a no-op when it is the same data). */
int nqpf__dea_ws_load(nqpf_dea_ws *ws, const nqpf_dea_ref *ref);

/* Loads @p ref and promises that its arrays will not change until the next pin: later calls with the
 * same array pointers skip the comparison of the data (an O(n) memcmp per call). NULL unpins. */
int nqpf__dea_ws_pin(nqpf_dea_ws *ws, const nqpf_dea_ref *ref);

/* The functions below take @p exclude, the index in ref of a DMU left out of the reference set
 * (super-efficiency) or NQPF__DEA_NOEXCL, and @p own, the index in ref of the evaluated DMU when it
 * belongs to the reference set (a hint for column generation) or NQPF__DEA_NOEXCL. */

/* nqpf_dea_radial() with exclusion and weak disposability of the inputs (weak_x: sum lambda x =
 * theta x0, or = x0) or of the outputs (weak_y: equality rows). */
int nqpf__dea_radial_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_dea_rts rts,
                        nqpf_dea_orientation orient, int weak_x, int weak_y, size_t exclude, size_t own, double *value,
                        nqpf_lp_status *status, double *lambda);

int nqpf__dea_ddf_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *gx, const double *gy, const double *gb, nqpf_dea_rts rts, nqpf_dea_bad_mode bad_mode,
                     size_t exclude, size_t own, double *beta, nqpf_lp_status *status, double *lambda);

/* Second-stage max-slack LP (additive model at the first-stage targets): maximise the sum of the
 * slacks in the data's units s.t. sum lambda x + sx = xt, sum lambda y - sy = yt, sum lambda b +
 * sb = bt and the RTS row. weak_x / weak_y fix the input / output slacks at 0 (weak disposability);
 * bad_slack = 0 fixes the bad-output slacks at 0 (the equality of weak disposability). sx, sy, sb
 * (m, s, nb values) and lambda (n) may be NULL. */
int nqpf__dea_slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *xt, const double *yt, const double *bt,
                     nqpf_dea_rts rts, int weak_x, int weak_y, int bad_slack, size_t exclude, size_t own, double *sx, double *sy,
                     double *sb, nqpf_lp_status *status, double *lambda);

/* Slacks-based measure (Tone 2001; bad outputs as in Tone 2004), orientation IN, OUT or NONE, by
 * the Charnes-Cooper transformation. With super != 0, Tone's (2002) super-SBM program with DMU
 * exclude left out (the caller runs it for SBM-efficient DMUs only). *rho receives the measure;
 * sx, sy, sb the slacks (for super-SBM: the increases of inputs and bad outputs and the decreases
 * of good outputs that reach the frontier of the others), lambda the intensities. Inputs (for IN
 * and NONE) and outputs (for OUT and NONE) of the evaluated point must be positive. */
int nqpf__dea_sbm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                  nqpf_dea_rts rts, nqpf_dea_orientation orient, int super, size_t exclude, size_t own, double *rho, nqpf_lp_status *status,
                  double *sx, double *sy, double *sb, double *lambda);

/* The DEA vocabulary as options spell it (dea_options.c, malmquist_options.c), one list per public
 * enum, in the enum's order: nqpf_opt_choice() returns the index, which is the enum value. A method
 * that takes part of a list uses a prefix of it (malmquist: crs|vrs, in|out), so the indices still
 * are the enum values. */
#define NQPF__DEA_RTS_CRS_VRS "crs|vrs"
#define NQPF__DEA_RTS_CHOICES NQPF__DEA_RTS_CRS_VRS "|nirs|ndrs"
#define NQPF__DEA_ORIENT_IN_OUT "in|out"
#define NQPF__DEA_ORIENT_CHOICES NQPF__DEA_ORIENT_IN_OUT "|none"
#define NQPF__DEA_BAD_MODE_CHOICES "weak|ineq"

/* Parses option "direction" (its grammar is the same for dea and malmquist): "observed", "ones" or
 * "mean" for every part, or items "GX,GY[,GB]", each 0 (zero), 1 (ones), mean, or the part's letter
 * x|y|b (observed). With allow_mean = 0 (malmquist) "mean" is refused. g receives the three parts (a
 * missing third is ZERO) and *nitems 2 or 3 (3 for the all-in-one words). Errors: keyed NQPF_EUSAGE. */
int nqpf__dea_parse_direction(const char *spec, int allow_mean, nqpf_dea_dir g[3], size_t *nitems);

/* The rules of nqpf_malmquist_options (malmquist.c), checked by nqpf_malmquist_run() and by
 * nqpf_malmquist_options_parse(). */
struct nqpf_malmquist_options;
int nqpf__malmquist_check(const struct nqpf_malmquist_options *o);

/* Replaces NQPF_DEA_DIR_DEFAULT in o's direction by what it means for o's bad outputs
 * (dea_options.c). */
struct nqpf_dea_options;
void nqpf__dea_resolve_direction(struct nqpf_dea_options *o);

/* Metafrontier (metafrontier.c): nqpf_dea_run() and nqpf_malmquist_run() hand over to these when the
 * options name a group column or a built-in grouping; they run the drivers on the whole panel and on
 * each group's sub-panel. meta_check_options: the rules of the keys group and group_via (both
 * methods); malmquist_meta_check: those of a metafrontier Malmquist index (global frontier). */
struct nqpf_panel;
struct nqpf_table;
struct nqpf_dea_summary;
struct nqpf_malmquist_summary;
int nqpf__meta_check_options(const char *group, const char *group_via);
int nqpf__malmquist_meta_check(const struct nqpf_malmquist_options *o);
int nqpf__dea_metafrontier(struct nqpf_table **out, const struct nqpf_panel *p, const struct nqpf_dea_options *o,
                           struct nqpf_dea_summary *summary);
int nqpf__malmquist_metafrontier(struct nqpf_table **out, struct nqpf_malmquist_summary *sum, const struct nqpf_panel *p,
                                 const struct nqpf_malmquist_options *o);

/* Bootstrap of radial DEA (bootstrap.c; Simar and Wilson 1998). bootstrap_check: the rules of the
 * keys reps, seed and alpha (keyed errors; NQPF_OK when reps is 0). nqpf__dea_bootstrap: called by
 * nqpf_dea_run() once the scores are in; te holds them by observation, cols the m + s data columns,
 * order/pstart the observations by period (nqpf_panel_by_period()); adds te_bc, bias, var, ci_lo
 * and ci_hi to res. */
struct nqpf_dea_options;
struct nqpf_panel;
struct nqpf_table;
int nqpf__dea_bootstrap_check(const struct nqpf_dea_options *o);
int nqpf__dea_bootstrap(struct nqpf_table *res, const struct nqpf_panel *p, const struct nqpf_dea_options *o,
                        const double *const *cols, const double *te, const size_t *order, const size_t *pstart,
                        size_t ntimes);

#endif
