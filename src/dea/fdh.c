/* Free disposal hull efficiency (Deprins, Simar and Tulkens 1984; Tulkens 1993) by enumeration:
 * the FDH technology is the union of the free-disposal cones of the observed DMUs, so the radial
 * measure of a point is the best ratio over the DMUs that dominate it in the other dimension (no
 * integer program). docs/dea.md, "Free disposal hull". */
#include <math.h>
#include <stddef.h>

#include "deap.h"
#include "colgen.h"

/* The radial ratio of DMU j for (x0, y0): input orientation max_i x_ij / x_i0 when y_j >= y0
 * (inputs with x_i0 = 0 need x_ij = 0), output orientation min_r y_rj / y_r0 when x_j <= x0;
 * NAN when j does not qualify. */
static double ratio(const nqpf_dea_ref *ref, size_t j, const double *x0, const double *y0, int in)
{
    const double *xj = ref->x + j * ref->m, *yj = ref->y + j * ref->s;
    if (in) {
        for (size_t r = 0; r < ref->s; r++)
            if (!(yj[r] >= y0[r]))
                return NAN;
        double t = -INFINITY;
        for (size_t i = 0; i < ref->m; i++) {
            if (x0[i] > 0) {
                double q = xj[i] / x0[i];
                if (q > t)
                    t = q;
            } else if (xj[i] > 0) {
                return NAN;
            }
        }
        return t == -INFINITY ? 0.0 : t;
    }
    for (size_t i = 0; i < ref->m; i++)
        if (!(xj[i] <= x0[i]))
            return NAN;
    double t = INFINITY;
    for (size_t r = 0; r < ref->s; r++)
        if (y0[r] > 0) {
            double q = yj[r] / y0[r];
            if (q < t)
                t = q;
        }
    return t;
}

int nqpf__dea_fdh(const nqpf_dea_ref *ref, const double *x0, const double *y0, nqpf_dea_orientation orient,
                  size_t exclude, double *value, nqpf_lp_status *status, double *lambda, double *sx, double *sy)
{
    int in = orient != NQPF_DEA_OUT;
    double best = NAN;
    for (size_t j = 0; j < ref->n; j++) {
        if (j == exclude)
            continue;
        double t = ratio(ref, j, x0, y0, in);
        if (isnan(t))
            continue;
        if (isnan(best) || (in ? t < best : t > best))
            best = t;
    }
    for (size_t j = 0; lambda && j < ref->n; j++)
        lambda[j] = 0;
    if (isnan(best) || isinf(best)) {
        /* nothing dominates the point (super-efficiency), or an output-oriented point with every
         * output 0 (refused by the driver before it gets here) */
        *value = NAN;
        *status = isnan(best) ? NQPF_LP_INFEASIBLE : NQPF_LP_UNBOUNDED;
        for (size_t i = 0; sx && i < ref->m; i++)
            sx[i] = NAN;
        for (size_t r = 0; sy && r < ref->s; r++)
            sy[r] = NAN;
        return NQPF_OK;
    }
    /* the peer: among the DMUs attaining the optimum, the largest additive slack sum at the target
     * (theta x0, y0) or (x0, phi y0), the lowest index on a tie */
    size_t peer = (size_t)-1;
    double best_sum = -INFINITY;
    for (size_t j = 0; j < ref->n; j++) {
        if (j == exclude)
            continue;
        double t = ratio(ref, j, x0, y0, in);
        if (isnan(t) || t != best)
            continue;
        const double *xj = ref->x + j * ref->m, *yj = ref->y + j * ref->s;
        double sum = 0;
        for (size_t i = 0; i < ref->m; i++) {
            double d = (in ? best * x0[i] : x0[i]) - xj[i];
            sum += d > 0 ? d : 0;
        }
        for (size_t r = 0; r < ref->s; r++) {
            double d = yj[r] - (in ? y0[r] : best * y0[r]);
            sum += d > 0 ? d : 0;
        }
        if (sum > best_sum) {
            best_sum = sum;
            peer = j;
        }
    }
    const double *xp = ref->x + peer * ref->m, *yp = ref->y + peer * ref->s;
    for (size_t i = 0; sx && i < ref->m; i++) {
        double d = (in ? best * x0[i] : x0[i]) - xp[i];
        sx[i] = d > 0 ? d : 0;
    }
    for (size_t r = 0; sy && r < ref->s; r++) {
        double d = yp[r] - (in ? y0[r] : best * y0[r]);
        sy[r] = d > 0 ? d : 0;
    }
    if (lambda)
        lambda[peer] = 1;
    *value = best;
    *status = NQPF_LP_OPTIMAL;
    return NQPF_OK;
}
