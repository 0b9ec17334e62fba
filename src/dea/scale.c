/* Key scale of `nqpf dea` (DEAP 2.1's scale-efficiency table, Coelli 1996): CRS and VRS technical
 * efficiency, scale efficiency = crste / vrste, and the nature of the scale inefficiency from a
 * third run under non-increasing returns (Färe, Grosskopf and Lovell 1985): a scale-inefficient
 * DMU whose NIRS score equals its VRS score is on the decreasing-returns part of the frontier
 * (drs), otherwise on the increasing-returns part (irs). The three LPs of every observation are
 * solved on one thread after the main run, against the reference sets of its frontier.
 * docs/dea.md, "Scale efficiency". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"
#include "nqpf/options.h"
#include "nqpf/table.h"
#include "deap.h"
#include "dea_internal.h"
#include "../util/util.h"

/* Scores closer than this (relative) count as equal: the LPs agree to about 1e-12, DEAP prints
 * three decimals. */
#define SCALE_TOL 1e-9

static int same(double a, double b)
{
    return fabs(a - b) <= SCALE_TOL * (fabs(b) > 1 ? fabs(b) : 1);
}

typedef struct sctx {
    const nqpf_dea_options *o;
    const double *const *cols;
    nqpf_dea_ws *ws[3];
    double *te[3]; /* CRS, VRS, NIRS by observation */
    double *buf;   /* x0, y0 */
} sctx;

static const nqpf_dea_rts scale_rts[3] = {NQPF_DEA_CRS, NQPF_DEA_VRS, NQPF_DEA_NIRS};

static int scale_group(void *vctx, const nqpf_dea_ref *ref, const size_t *refobs, const size_t *evalobs, size_t ne)
{
    sctx *C = vctx;
    const nqpf_dea_options *o = C->o;
    size_t m = o->ninputs, s = o->noutputs;
    double *x0 = C->buf, *y0 = x0 + m;
    (void)refobs;
    for (size_t e = 0; e < ne; e++) {
        size_t i = evalobs[e];
        for (size_t v = 0; v < m; v++)
            x0[v] = C->cols[v][i];
        for (size_t r = 0; r < s; r++)
            y0[r] = C->cols[m + r][i];
        for (int k = 0; k < 3; k++) {
            double val;
            nqpf_lp_status st;
            int rc = nqpf__dea_radial_ex(C->ws[k], ref, x0, y0, scale_rts[k], o->orientation,
                                         o->dispose_x == NQPF_DEA_WEAK, o->dispose_y == NQPF_DEA_WEAK, NQPF__DEA_NOEXCL,
                                         NQPF__DEA_NOEXCL, &val, &st, NULL);
            if (rc)
                return rc;
            C->te[k][i] = st != NQPF_LP_OPTIMAL ? NAN : o->orientation == NQPF_DEA_OUT ? 1.0 / val : val;
        }
    }
    return NQPF_OK;
}

int nqpf__dea_scale(nqpf_table *res, const nqpf_panel *p, const nqpf_dea_options *o, const double *const *cols,
                    const size_t *order, const size_t *pstart, size_t ntimes)
{
    size_t n = nqpf_panel_nobs(p);
    sctx C;
    memset(&C, 0, sizeof C);
    C.o = o;
    C.cols = cols;
    double *se = NULL;
    const char **label = NULL;
    int rc = NQPF_EINTERNAL;
    if (!(C.buf = nqpf__malloc(o->ninputs + o->noutputs + 1, sizeof *C.buf)) ||
        !(se = nqpf__malloc(n ? n : 1, sizeof *se)) || !(label = nqpf__malloc(n ? n : 1, sizeof *label)))
        goto done;
    for (int k = 0; k < 3; k++) {
        if (!(C.te[k] = nqpf__malloc(n ? n : 1, sizeof *C.te[k])) || nqpf_dea_ws_new(&C.ws[k]))
            goto done;
        for (size_t i = 0; i < n; i++)
            C.te[k][i] = NAN;
    }
    if ((rc = nqpf__dea_each_group(p, o, cols, order, pstart, ntimes, scale_group, &C)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        double c = C.te[0][i], v = C.te[1][i], nirs = C.te[2][i];
        se[i] = isfinite(c) && isfinite(v) && v > 0 ? c / v : NAN;
        if (isnan(se[i]) || isnan(nirs))
            label[i] = NULL; /* missing */
        else if (same(c, v))
            label[i] = "crs";
        else
            label[i] = same(nirs, v) ? "drs" : "irs";
    }
    if ((rc = nqpf_table_add_num(res, "crste", C.te[0], NULL)) || (rc = nqpf_table_add_num(res, "vrste", C.te[1], NULL)) ||
        (rc = nqpf_table_add_num(res, "scale", se, NULL)) || (rc = nqpf_table_add_text(res, "rts_type", label, NULL)))
        goto done;
    rc = NQPF_OK;
done:
    free(se);
    free(label);
    free(C.buf);
    for (int k = 0; k < 3; k++) {
        free(C.te[k]);
        nqpf_dea_ws_free(C.ws[k]);
    }
    return rc;
}

int nqpf__dea_deap_check(const nqpf_dea_options *o)
{
    int meta = o->group || o->group_via;
    if (o->model == NQPF_DEA_FDH) {
        if (o->rts != NQPF_DEA_VRS)
            return nqpf_opt_error(NQPF_EUSAGE, "rts",
                                  "model fdh is its own technology (sum lambda = 1, each lambda 0 or 1), so returns to "
                                  "scale do not apply: leave rts out or give vrs (found %s)",
                                  nqpf_dea_rts_name(o->rts));
        if (o->orientation == NQPF_DEA_NONE)
            return nqpf_opt_error(NQPF_EUSAGE, "orientation", "model fdh takes in or out");
        if (o->nbads)
            return nqpf_opt_error(NQPF_EUSAGE, "undesirable", "model fdh takes no undesirable outputs; use model ddf or "
                                                              "sbm");
    }
    if (o->scale) {
        if (o->model != NQPF_DEA_RADIAL)
            return nqpf_opt_error(NQPF_EUSAGE, "scale", "applies to model radial only (DEAP's CRS/VRS/NIRS runs), found "
                                                        "model %s",
                                  nqpf_dea_model_name(o->model));
        if (o->super)
            return nqpf_opt_error(NQPF_EUSAGE, "scale", "does not combine with super: scale efficiency compares "
                                                        "ordinary CRS and VRS scores");
        if (meta)
            return nqpf_opt_error(NQPF_EUSAGE, "scale", "does not combine with a metafrontier (group, group_via)");
    }
    if (o->nprices_x || o->nprices_y) {
        const char *key = o->nprices_x ? "input_prices" : "output_prices";
        if ((o->nprices_x && !o->prices_x) || (o->nprices_y && !o->prices_y))
            return nqpf_opt_error(NQPF_EUSAGE, key, "price columns without names");
        if (o->nprices_x && o->nprices_x != o->ninputs)
            return nqpf_opt_error(NQPF_EUSAGE, "input_prices",
                                  "expected %zu price columns (one per input, in the order of inputs), found %zu",
                                  o->ninputs, o->nprices_x);
        if (o->nprices_y && o->nprices_y != o->noutputs)
            return nqpf_opt_error(NQPF_EUSAGE, "output_prices",
                                  "expected %zu price columns (one per output, in the order of outputs), found %zu",
                                  o->noutputs, o->nprices_y);
        if (o->model != NQPF_DEA_RADIAL)
            return nqpf_opt_error(NQPF_EUSAGE, key, "applies to model radial only (found model %s)",
                                  nqpf_dea_model_name(o->model));
        if (o->super)
            return nqpf_opt_error(NQPF_EUSAGE, key, "does not combine with super");
        if (meta)
            return nqpf_opt_error(NQPF_EUSAGE, key, "does not combine with a metafrontier (group, group_via)");
        if (o->nprices_x && !o->nprices_y && o->orientation != NQPF_DEA_IN)
            return nqpf_opt_error(NQPF_EUSAGE, "input_prices",
                                  "cost efficiency decomposes into the input-oriented te: give orientation in");
        if (!o->nprices_x && o->nprices_y && o->orientation != NQPF_DEA_OUT)
            return nqpf_opt_error(NQPF_EUSAGE, "output_prices",
                                  "revenue efficiency decomposes into the output-oriented te: give orientation out");
        if (o->nprices_x && o->nprices_y && o->rts != NQPF_DEA_VRS)
            return nqpf_opt_error(NQPF_EUSAGE, "rts",
                                  "profit efficiency (input_prices and output_prices) needs rts vrs: under %s maximum "
                                  "profit is 0 or unbounded",
                                  nqpf_dea_rts_name(o->rts));
        size_t np = o->nprices_x + o->nprices_y;
        for (size_t a = 0; a < np; a++) {
            const char *na = a < o->nprices_x ? o->prices_x[a] : o->prices_y[a - o->nprices_x];
            for (size_t v = 0; v < o->ninputs + o->noutputs; v++) {
                const char *nv = v < o->ninputs ? o->inputs[v] : o->outputs[v - o->ninputs];
                if (strcmp(na, nv) == 0)
                    return nqpf_opt_error(NQPF_EUSAGE, a < o->nprices_x ? "input_prices" : "output_prices",
                                          "column '%s' is a price and an input or output", na);
            }
        }
    }
    return NQPF_OK;
}
