/* Internals of the DEA module shared by frontier.c (distance functions), the SBM and slack LPs
 * and dea.c (the `nqpf dea` driver). */
#ifndef NQPF_DEA_INTERNAL_H
#define NQPF_DEA_INTERNAL_H

#include <stddef.h>

#include "frontier.h"
#include "../lp/lp.h"

/* The LP shapes a workspace keeps (each built lazily, once per reference technology). */
enum { NQPF__DEA_LP_DIST, NQPF__DEA_LP_SLACK, NQPF__DEA_LP_SBM, NQPF__DEA_NLP };

struct nqpf_dea_ws {
    /* A copy of the loaded reference technology (to notice when the caller passes another). */
    size_t n, m, s, nb;
    double *x, *y, *b;
    size_t cap_x, cap_y, cap_b;
    double *sc;       /* row scale factors, m + s + nb */
    unsigned version; /* bumped whenever the reference changes */
    nqpf_lp *lp[NQPF__DEA_NLP];
    unsigned lp_version[NQPF__DEA_NLP];
    int *idx;         /* scratch, max(m + s + nb + 2, n + ...) */
    double *val;
    size_t cap_scratch;
};

/* Makes @p ref the workspace's reference technology (a no-op when it is the same data). */
int nqpf__dea_ws_load(nqpf_dea_ws *ws, const nqpf_dea_ref *ref);

/* nqpf_dea_radial() with DMU @p exclude (an index into ref, or NQPF_DEA_NONE) left out of the
 * reference set (Andersen-Petersen super-efficiency). */
#define NQPF_DEA_NONE ((size_t)-1)
int nqpf__dea_radial_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_rts rts,
                        nqpf_orient orient, size_t exclude, double *value, nqpf_lp_status *status, double *lambda);

int nqpf__dea_ddf_ex(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *gx, const double *gy, const double *gb, nqpf_rts rts, nqpf_bad_mode bad_mode,
                     size_t exclude, double *beta, nqpf_lp_status *status, double *lambda);

#endif
