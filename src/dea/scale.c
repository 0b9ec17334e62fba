/* Key scale of `nqpf dea` (DEAP 2.1's scale-efficiency table, Coelli 1996): CRS and VRS technical
 * efficiency, scale efficiency = crste / vrste, and the nature of the scale inefficiency from a
 * third run under non-increasing returns (Färe, Grosskopf and Lovell 1985): a scale-inefficient
 * DMU whose NIRS score equals its VRS score is on the decreasing-returns part of the frontier
 * (drs), otherwise on the increasing-returns part (irs). docs/dea.md, "Scale efficiency". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/dea.h"
#include "nqpf/error.h"
#include "nqpf/options.h"
#include "nqpf/table.h"
#include "deap.h"
#include "../util/util.h"

/* Scores closer than this (relative) count as equal: the LPs agree to about 1e-12, DEAP prints
 * three decimals. */
#define SCALE_TOL 1e-9

static int same(double a, double b)
{
    return fabs(a - b) <= SCALE_TOL * (fabs(b) > 1 ? fabs(b) : 1);
}

/* te of one run under rts r (everything else as o, without the extras that need no rerun). */
static int run_rts(const nqpf_panel *p, const nqpf_dea_options *o, nqpf_dea_rts r, nqpf_table **out)
{
    nqpf_dea_options q = *o;
    q.rts = r;
    q.scale = 0;
    q.slacks = 0;
    q.peers = 0;
    q.super = 0;
    q.reps = 0;
    q.prices_x = q.prices_y = NULL;
    q.nprices_x = q.nprices_y = 0;
    q.progress = NULL;
    return nqpf_dea_run(out, p, &q, NULL);
}

int nqpf__dea_scale(nqpf_table *res, const nqpf_panel *p, const nqpf_dea_options *o)
{
    static const nqpf_dea_rts rts[3] = {NQPF_DEA_CRS, NQPF_DEA_VRS, NQPF_DEA_NIRS};
    nqpf_table *t[3] = {NULL, NULL, NULL};
    const double *te[3];
    size_t n = nqpf_table_nrows(res);
    double *se = NULL;
    const char **label = NULL;
    int rc = NQPF_OK;
    for (int k = 0; k < 3 && !rc; k++) {
        if ((rc = run_rts(p, o, rts[k], &t[k])))
            break;
        size_t j = nqpf_table_find(t[k], "te");
        if (j == NQPF_NONE || nqpf_table_nrows(t[k]) != n) {
            rc = nqpf_error_set(NQPF_EINTERNAL, "dea: scale: the %s run has no te column for every row",
                                nqpf_dea_rts_name(rts[k]));
            break;
        }
        te[k] = nqpf_table_cnum(t[k], j);
    }
    if (rc)
        goto done;
    rc = NQPF_EINTERNAL;
    if (!(se = nqpf__malloc(n ? n : 1, sizeof *se)) || !(label = nqpf__malloc(n ? n : 1, sizeof *label)))
        goto done;
    for (size_t i = 0; i < n; i++) {
        double c = te[0][i], v = te[1][i], nirs = te[2][i];
        se[i] = isfinite(c) && isfinite(v) && v > 0 ? c / v : NAN;
        if (isnan(se[i]) || isnan(nirs))
            label[i] = NULL; /* missing */
        else if (same(c, v))
            label[i] = "crs";
        else
            label[i] = same(nirs, v) ? "drs" : "irs";
    }
    if ((rc = nqpf_table_add_num(res, "crste", te[0], NULL)) || (rc = nqpf_table_add_num(res, "vrste", te[1], NULL)) ||
        (rc = nqpf_table_add_num(res, "scale", se, NULL)) || (rc = nqpf_table_add_text(res, "rts_type", label, NULL)))
        goto done;
    rc = NQPF_OK;
done:
    free(se);
    free(label);
    for (int k = 0; k < 3; k++)
        nqpf_table_free(t[k]);
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
