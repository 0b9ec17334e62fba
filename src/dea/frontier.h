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

/* Non-radial directional distance (Zhou, Ang and Wang 2012; Stata teddf/gtfpch `nonradial`,
 * src/dea/nonradial.c): max sum_v w_v beta_v s.t. sum lambda x <= x0 - diag(beta_x) gx,
 * sum lambda y >= y0 + diag(beta_y) gy, bad outputs by bad_mode against b0 - diag(beta_b) gb (weak:
 * equality), beta >= 0 (beta_v = 0 where g_v = 0), and the RTS row. g and w hold m + s + nb values
 * (inputs, outputs, bad outputs; g >= 0 in nqpf's sign convention, the amount a variable moves per
 * unit of beta). *value = sum w beta; beta (nv values), slack (nv: what is left in each row at the
 * optimum, in data units; 0 in the equality rows) and lambda (n) may be NULL. own: the evaluated
 * DMU's index in ref or (size_t)-1 (a hint for column generation). */
int nqpf__dea_nddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                   const double *g, const double *w, nqpf_dea_rts rts, nqpf_dea_bad_mode bad_mode, size_t own,
                   double *value, double *beta, double *slack, nqpf_lp_status *status, double *lambda);

/* Slacks-based directional distance (Fukuyama and Weber 2009; bad outputs as in Färe and Grosskopf
 * 2010): max sum_v w_v s_v / g_v (terms with g_v = 0 left out) s.t. sum lambda x + s_x = x0,
 * sum lambda y - s_y = y0, sum lambda b + s_b = b0, s >= 0, and the RTS row. *value is the
 * objective; beta (nv values: s_v / g_v, 0 where g_v = 0), slack (nv: s_v in data units) and lambda
 * may be NULL. */
int nqpf__dea_sbmddf(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0,
                     const double *g, const double *w, nqpf_dea_rts rts, size_t own, double *value, double *beta,
                     double *slack, nqpf_lp_status *status, double *lambda);

/* The default weights of nddf (as teddf and gtfpch: 1 for every variable that moves, 0 for the others)
 * and sbmddf (Fukuyama and Weber 2009: 1/(2m) per input and 1/(2(s+nb)) per output when both sides
 * move; 1/m or 1/(s+nb) when one side does). mx, my, mb: whether inputs, outputs and bad outputs
 * move (a non-zero direction). w receives m + s + nb values. */
void nqpf__dea_nonradial_weights(nqpf_dea_model model, size_t m, size_t s, size_t nb, int mx, int my, int mb,
                                 double *w);

/* The rules of o for models nddf and sbmddf (weights: count, >= 0, one that counts; no super;
 * a direction that moves something). Errors: NQPF_EUSAGE keyed by the option. */
int nqpf__dea_nonradial_check(const nqpf_dea_options *o);

/* One observation of nqpf_dea_run() under model nddf or sbmddf: builds the direction from o (gmean:
 * the part means for direction "mean") into g (nv values) and the weights (o->weights or the
 * default) into wt (nv), solves, and returns the objective (teddf's Dv) in *value, te (nddf with
 * observed directions; NaN otherwise; docs/dea.md), the per-variable inefficiencies beta (nv),
 * slack (nv, may be NULL) and lambda (may be NULL). */
int nqpf__dea_nonradial_eval(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, const nqpf_dea_options *o, const double *x0,
                             const double *y0, const double *b0, const double *gmean, size_t own, double *g,
                             double *wt, double *value, double *te, nqpf_lp_status *status, double *beta,
                             double *slack, double *lambda);

/* Adds the beta_<var> columns (beta: nobs x nv, by observation) to a dea result. */
int nqpf__dea_nonradial_columns(nqpf_table *res, const nqpf_dea_options *o, const double *beta, size_t nobs);

/* A Malmquist distance (malmquist.c) on nddf (sbm = 0) or sbmddf (sbm = 1): direction parts dir[0..2]
 * (ZERO, OBSERVED or ONES), weights (m + s + nb values, NULL = the default). */
int nqpf__malmquist_nonradial(nqpf_dea_ws *ws, const nqpf_dea_ref *ref, int sbm, const double *x0, const double *y0,
                              const double *b0, const nqpf_dea_dir dir[3], const double *weights, nqpf_dea_rts rts,
                              nqpf_dea_bad_mode bad_mode, double *value, nqpf_lp_status *status);

/* Epsilon-based measure (Tone and Tsutsui 2010; src/dea/ebm.c, docs/dea.md). All inputs, outputs and
 * bad outputs of the reference set and of the evaluated point must be positive.
 * nqpf__dea_ebm_project: the first stage, the observation-normalised VRS additive projection of every
 * DMU of @p ref (the paper's eq. 19); proj (n * (m + s + nb), by variable: proj[v * n + j]) receives
 * X lambda, Y lambda, B lambda of DMU j's optimum.
 * nqpf__dea_ebm_affinity: epsilon and weights of one block of k variables from positive data
 * (data[v * n + j]): the diversity/affinity matrix S (k * k, row-major, may be NULL), rho its largest
 * eigenvalue, eps = (k - rho)/(k - 1) (0 when k = 1), w (k) the principal eigenvector summing to 1
 * (a repeated largest eigenvalue: the equal-weights vector projected on its eigenspace).
 * nqpf__dea_ebm_params: both stages for the blocks inputs, good outputs, bad outputs: eps[3] and
 * w (m + s + nb; each block sums to 1; eps[2] = 0 without bad outputs).
 * nqpf__dea_ebm: the EBM LP of (x0, y0, b0): input (min theta - eps_x sum w s-/x0), output (1/max
 * of eta + eps_y sum w s+/y0 + eps_b sum w sb/b0) or non-oriented (their ratio); *score is gamma,
 * tau or kappa in (0, 1], theta / eta the radial parts (NaN where the orientation has none),
 * sx, sy, sb the slacks, lambda the intensities (each may be NULL). */
int nqpf__dea_ebm_project(const nqpf_dea_ref *ref, double *proj);
int nqpf__dea_ebm_affinity(const double *data, size_t n, size_t k, double *eps, double *w, double *S);
int nqpf__dea_ebm_params(const nqpf_dea_ref *ref, double eps[3], double *w);
int nqpf__dea_ebm(const nqpf_dea_ref *ref, const double *x0, const double *y0, const double *b0, nqpf_dea_rts rts,
                  nqpf_dea_orientation orient, const double eps[3], const double *w, double *score, double *theta,
                  double *eta, nqpf_lp_status *status, double *sx, double *sy, double *sb, double *lambda);
/* The `nqpf dea` hooks of model ebm (dea.c): par holds eps[3] then w (nqpf__dea_ebm_params()) for the
 * current reference set; extra (NQPF__DEA_EBM_NOUT(nv) values per observation) receives theta, eta,
 * eps[3] and w; sl (nv, may be NULL) the slacks. nqpf__dea_ebm_columns adds theta / eta, eps_x / eps_y /
 * eps_b and w_<var>, as far as the orientation uses them. */
#define NQPF__DEA_EBM_NOUT(nv) (5 + (nv))
struct nqpf_table;
int nqpf__dea_ebm_eval(const nqpf_dea_ref *ref, const nqpf_dea_options *o, const double *x0, const double *y0,
                       const double *b0, const double *par, double *score, nqpf_lp_status *status, double *extra,
                       double *sl, double *lambda);
int nqpf__dea_ebm_columns(struct nqpf_table *res, const nqpf_dea_options *o, const double *extra, size_t nobs);

/* The returns-to-scale row (row @p row holds sum lambda) of every DEA LP: VRS sum = rhs, NIRS <= rhs,
 * NDRS >= rhs, CRS free. One definition for the radial, DDF, SBM, EBM, non-radial and price LPs. */
void nqpf__dea_rts_bounds(nqpf_lp *lp, size_t row, nqpf_dea_rts rts, double rhs);

/* One part of a DDF direction: the observed value, ones, the mean over the evaluated set, or zero. */
double nqpf__dea_dir_value(nqpf_dea_dir d, double own, double mean);

#endif
