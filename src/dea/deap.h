/* DEAP and MaxDEA parity (issue 12 item 7): free disposal hull efficiency (fdh.c), the scale
 * efficiency table with the irs/drs label (scale.c) and cost, revenue and profit efficiency with
 * allocative efficiency from price columns (price.c). docs/dea.md describes the models. */
#ifndef NQPF_DEA_DEAP_H
#define NQPF_DEA_DEAP_H

#include <stddef.h>

#include "frontier.h"

struct nqpf_panel;
struct nqpf_table;

/* The rules of model fdh and of the keys scale, input_prices and output_prices on a filled options
 * struct (keyed NQPF_EUSAGE errors); checked by nqpf_dea_options_parse() and nqpf_dea_run(). */
int nqpf__dea_deap_check(const nqpf_dea_options *o);

/* Free disposal hull (Deprins, Simar and Tulkens 1984), by enumeration of the reference DMUs:
 * input orientation theta = min over the DMUs j with y_j >= y0 of max_i x_ij / x_i0 (inputs with
 * x_i0 = 0 need x_ij = 0); output orientation phi = max over the DMUs j with x_j <= x0 of
 * min_r y_rj / y_r0 (outputs with y_r0 = 0 need nothing). DMU @p exclude (or NQPF__DEA_NOEXCL) is
 * left out (super-efficiency). *status is infeasible when no DMU qualifies. lambda (ref->n values,
 * may be NULL) gets 1 at the peer, 0 elsewhere; the peer is, among the DMUs that attain the optimum,
 * the one whose additive slacks at the radial target are largest (then the lowest index). sx (m)
 * and sy (s) (may be NULL) receive those slacks: the max-slack-sum second stage over the FDH
 * technology (DataEnvelopmentAnalysis.jl's rts = :FDH). */
int nqpf__dea_fdh(const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_dea_orientation orient,
                  size_t exclude, double *value, nqpf_lp_status *status, double *lambda, double *sx, double *sy);

/* Key scale: adds crste, vrste, scale (= crste / vrste) and rts_type (irs, drs or crs as DEAP's
 * rule: compare the NIRS score with the VRS score) to @p res, from the radial LPs of every
 * observation under CRS, VRS and NIRS in o's orientation and frontier. cols: the m + s data columns
 * by observation; order / pstart: the observations by period (nqpf_panel_by_period()). */
int nqpf__dea_scale(struct nqpf_table *res, const struct nqpf_panel *p, const nqpf_dea_options *o,
                    const double *const *cols, const size_t *order, const size_t *pstart, size_t ntimes);

/* Calls fn once per reference technology of o's frontier (as nqpf_dea_run() forms them): ref holds
 * the inputs and outputs of the observations refobs[0..ref->n), evalobs[0..ne) are the
 * observations evaluated against it. Stops at the first non-zero return, which it returns. */
typedef int (*nqpf__dea_group_fn)(void *ctx, const nqpf_dea_ref *ref, const size_t *refobs, const size_t *evalobs,
                                  size_t ne);
int nqpf__dea_each_group(const struct nqpf_panel *p, const nqpf_dea_options *o, const double *const *cols,
                         const size_t *order, const size_t *pstart, size_t ntimes, nqpf__dea_group_fn fn, void *ctx);

/* Keys input_prices / output_prices: adds cost efficiency (ce, ae, cost_min), revenue efficiency
 * (re, ae, revenue_max) or, with both, Nerlovian profit inefficiency (profit, profit_max, pe,
 * pe_tech, pe_alloc) to @p res, and with o->slacks the optimal quantities x_opt_<var> / y_opt_<var>.
 * te: the radial scores of the run by observation; order / pstart: the observations by period
 * (nqpf_panel_by_period()). */
int nqpf__dea_price(struct nqpf_table *res, const struct nqpf_panel *p, const nqpf_dea_options *o,
                    const double *const *cols, const double *te, const size_t *order, const size_t *pstart,
                    size_t ntimes);

/* The price LPs of one observation against @p ref (price.c; exposed for the tests). Cost: min
 * sum_j lambda_j (w . x_j) s.t. sum lambda y_j >= y0 and the RTS row; *value = min cost, x_opt (m,
 * may be NULL) = X lambda. Revenue: max sum_j lambda_j (p . y_j) s.t. sum lambda x_j <= x0 and the
 * RTS row; *value = max revenue, y_opt (s, may be NULL) = Y lambda. */
int nqpf__dea_min_cost(const nqpf_dea_ref *ref, const double *w, const double *y0, nqpf_dea_rts rts, double *value,
                       nqpf_lp_status *status, double *x_opt);
int nqpf__dea_max_revenue(const nqpf_dea_ref *ref, const double *pr, const double *x0, nqpf_dea_rts rts,
                          double *value, nqpf_lp_status *status, double *y_opt);

#endif
