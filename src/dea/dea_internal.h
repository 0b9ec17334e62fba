/* Internals of the DEA module shared by frontier.c (distance functions), the SBM and slack LPs
 * and dea.c (the `nqpf dea` driver). */
#ifndef NQPF_DEA_INTERNAL_H
#define NQPF_DEA_INTERNAL_H

#include <stddef.h>

#include "frontier.h"
#include "../lp/lp.h"

/* The LP shapes a workspace keeps (each built lazily, once per reference technology). */
enum { NQPF__DEA_LP_DIST, NQPF__DEA_LP_SLACK, NQPF__DEA_LP_SBM, NQPF__DEA_LP_SUPERSBM, NQPF__DEA_NLP };

struct nqpf_dea_ws {
    /* A copy of the loaded reference technology (to notice when the caller passes another). */
    size_t n, m, s, nb;
    double *x, *y, *b;
    size_t cap_x, cap_y, cap_b;
    double *sc;       /* row scale factors, m + s + nb */
    unsigned version; /* bumped whenever the reference changes */
    nqpf_lp *lp[NQPF__DEA_NLP];
    unsigned lp_version[NQPF__DEA_NLP];
    size_t lp_shape[NQPF__DEA_NLP][4]; /* n, m, s, nb the LP was built for */
    int *idx;         /* scratch, max(m + s + nb + 2, n + ...) */
    double *val;
    size_t cap_scratch;
};

/* Makes @p ref the workspace's reference technology (a no-op when it is the same data). */
int nqpf__dea_ws_load(nqpf_dea_ws *ws, const nqpf_dea_ref *ref);

/* nqpf_dea_radial() with DMU @p exclude (an index into ref, or NQPF__DEA_NOEXCL) left out of the
 * reference set (Andersen-Petersen super-efficiency), and weak disposability of the inputs
 * (weak_x: sum lambda x = theta x0, or = x0) or of the outputs (weak_y: equality rows). */
#define NQPF__DEA_NOEXCL ((size_t)-1)
int nqpf__dea_radial_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_rts rts,
                        nqpf_orient orient, int weak_x, int weak_y, size_t exclude, double *value,
                        nqpf_lp_status *status, double *lambda);

int nqpf__dea_ddf_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *gx, const double *gy, const double *gb, nqpf_rts rts, nqpf_bad_mode bad_mode,
                     size_t exclude, double *beta, nqpf_lp_status *status, double *lambda);

/* Second-stage max-slack LP (additive model at the first-stage targets): maximise the sum of the
 * slacks in the data's units s.t. sum lambda x + sx = xt, sum lambda y - sy = yt, sum lambda b +
 * sb = bt and the RTS row. weak_x / weak_y fix the input / output slacks at 0 (weak disposability);
 * bad_slack = 0 fixes the bad-output slacks at 0 (the equality of weak disposability). sx, sy, sb
 * (m, s, nb values) and lambda (n) may be NULL. */
int nqpf__dea_slacks(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *xt, const double *yt, const double *bt,
                     nqpf_rts rts, int weak_x, int weak_y, int bad_slack, size_t exclude, double *sx, double *sy,
                     double *sb, nqpf_lp_status *status, double *lambda);

/* Slacks-based measure (Tone 2001; bad outputs as in Tone 2004), orientation IN, OUT or NONE, by
 * the Charnes-Cooper transformation. With super != 0, Tone's (2002) super-SBM program with DMU
 * exclude left out (the caller runs it for SBM-efficient DMUs only). *rho receives the measure;
 * sx, sy, sb the slacks (for super-SBM: the increases of inputs and bad outputs and the decreases
 * of good outputs that reach the frontier of the others), lambda the intensities. Inputs (for IN
 * and NONE) and outputs (for OUT and NONE) of the evaluated point must be positive. */
int nqpf__dea_sbm(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                  nqpf_rts rts, nqpf_orient orient, int super, size_t exclude, double *rho, nqpf_lp_status *status,
                  double *sx, double *sy, double *sb, double *lambda);

#endif
