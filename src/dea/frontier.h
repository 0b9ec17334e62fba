/* Internal API shared by `nqpf dea` and `nqpf malmquist` (and anything else that needs a DEA
 * distance): the distance of one point to the frontier of a reference technology. Implemented in
 * src/dea/ on top of the LP layer in src/lp/. A solver's answer (infeasible, unbounded) is not an
 * error: it comes back in *status with *value = NaN; the return value reports only failures of the
 * call itself (bad arguments, out of memory, a solver crash). */
#ifndef NQPF_DEA_FRONTIER_H
#define NQPF_DEA_FRONTIER_H

#include <stddef.h>

/* Returns to scale, orientation and the bad-output mode are the public vocabulary of nqpf/dea.h
 * (nqpf_dea_rts, nqpf_dea_orientation, nqpf_dea_bad_mode): one set of enums from the options struct
 * down to the LPs, so no front door or driver translates between parallel types. */
#include "nqpf/dea.h"

/* nqpf_lp_status (NQPF_LP_OPTIMAL, _INFEASIBLE, _UNBOUNDED, _FAILED) and nqpf_lp_status_name()
 * come from the LP layer. */
#include "../lp/lp.h"

/* A reference technology: n DMUs with m inputs, s good outputs and nb bad outputs, row-major
 * (x[j*m + i] is input i of DMU j). */
typedef struct nqpf_dea_ref {
    size_t n, m, s, nb;
    const double *x;
    const double *y;
    const double *b; /* NULL when nb == 0 */
} nqpf_dea_ref;

/* A reusable solver workspace (one per thread); never allocate inside a per-DMU loop. The workspace
 * keeps a copy of the last reference technology (compared by content on every call, so the caller
 * may reuse its buffers) and the LP built from it: calls against the same reference only change
 * the right-hand sides and warm-start from the previous basis, while a different reference
 * rebuilds the LP. Alternating between references (period t and t+1 in a Malmquist loop) is
 * fastest with one workspace per reference. */
typedef struct nqpf_dea_ws nqpf_dea_ws;
int nqpf_dea_ws_new(nqpf_dea_ws **out);
void nqpf_dea_ws_free(nqpf_dea_ws *ws);

/* Radial (Farrell) measure of (x0, y0): input orientation min theta s.t. sum lambda x <= theta x0,
 * sum lambda y >= y0; output orientation max phi s.t. sum lambda x <= x0, sum lambda y >= phi y0;
 * plus the returns-to-scale row (VRS sum = 1, NIRS <= 1, NDRS >= 1). *value is theta or phi
 * (phi >= 1 for an observation inside the technology). lambda (n values) may be NULL. */
int nqpf_dea_radial(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_dea_rts rts,
                    nqpf_dea_orientation orient, double *value, nqpf_lp_status *status, double *lambda);

/* Directional distance: max beta s.t. sum lambda x <= x0 - beta gx, sum lambda y >= y0 + beta gy,
 * bad outputs by bad_mode against b0 - beta gb, and the RTS row. gx/gy/gb may hold zeros; gb and
 * b0 are ignored when ref->nb == 0. */
int nqpf_dea_ddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                 const double *gx, const double *gy, const double *gb, nqpf_dea_rts rts, nqpf_dea_bad_mode bad_mode,
                 double *beta, nqpf_lp_status *status);

#endif
