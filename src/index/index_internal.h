/* Internal declarations shared by the index sources (not part of the public API). The pipeline
 * (index.c) runs over one context: the indicators kept, the dimension tree (tree.c), the scope
 * pools and prepared data (prepare.c), AHP weights (ahp.c), and writes its tables (results.c) and
 * the Monte Carlo analysis (sensitivity.c). */
#ifndef NQPF_INDEX_INTERNAL_H
#define NQPF_INDEX_INTERNAL_H

#include <stddef.h>

#include "nqpf/index.h"
#include "../util/util.h"

/* Relative slack allowed in an AHP matrix's reciprocity (a_ij * a_ji = 1) and unit diagonal:
 * people type 1/3 as 0.33, which is 1% off. */
#define NQPF_AHP_RECIPROCAL_TOL 0.011

/* Mean and sample standard deviation (n - 1) of x[0..n). */
double nqpf_index__mean(const double *x, size_t n);
double nqpf_index__sd(const double *x, size_t n);

/* Average ranks (1 = smallest; ties share the mean position) of x[0..n) into r. */
int nqpf_index__avg_rank(double *r, const double *x, size_t n);

/* The framework file and the spreadsheet row of indicator k, for messages. */
const char *nqpf_framework__source(const nqpf_framework *fw);
size_t nqpf_framework__row(const nqpf_framework *fw, size_t k);

/* ---- the pipeline's state ---- */

/* A weighting specification: one method or two combined. */
typedef struct wspec {
    enum nqpf_index_weighting a, b;
    enum nqpf_index_combine comb;
} wspec;

/* Quantities behind the weights, kept for the weights table (NaN where a method was not used). */
enum { WD_E, WD_D, WD_SIGMA, WD_CONFLICT, WD_C, WD_CV, WD_PCA, WD_AHP, WD_IDEAL, WD_ANTI, WDETAIL_N };
typedef struct wdetail {
    double *q[WDETAIL_N];
} wdetail;

typedef struct scored {
    double v;
    size_t i;
} scored;

typedef struct node {
    char *path; /* NULL for the root (the overall score) */
    size_t parent;
    size_t depth;
} node;

typedef struct ctx {
    const nqpf_panel *p;
    const nqpf_framework *fw;
    const nqpf_index_options *o;
    size_t n, m;        /* observations, indicators kept */
    size_t *fk;         /* framework index of kept indicator j */
    int *dir;
    double *raw;        /* m x n, column-major */
    double *fixw;       /* framework weight of kept j (NaN = computed) */
    double *ahpw;       /* AHP weights of the kept indicators, or NULL */
    size_t ngroups, *gstart, *gobs;   /* scope pools */
    size_t nyears, *ystart, *yobs;    /* years, for ranks */
    node *nodes;
    size_t nnodes, *ind_node, *order; /* order: deepest nodes first */
    size_t *pre;                      /* nodes in tree order: parent, then its children */
    double *sub, *sub2, *lw;          /* scratch: n x (m + nnodes), its output, weights */
    int *sdir;
    void *rkbuf;                      /* n scored entries for year_ranks */
} ctx;

struct nqpf_index_result {
    nqpf_table *scores, *weights, *factors;
    double ahp_cr;
    char **keys, **vals;
    size_t nnotes;
};

/* One full run of the choices after the raw data: normalise, weigh, aggregate. */
typedef struct choice {
    enum nqpf_index_norm norm;
    wspec ws;
    enum nqpf_index_agg agg;
} choice;

/* Names of the enums' values, in enum order (provenance notes, sensitivity levels). */
extern const char *const nqpf_index__norm_names[];
extern const char *const nqpf_index__w_names[];
extern const char *const nqpf_index__agg_names[];
extern const char *const nqpf_index__impute_names[];

/* The framework id of kept indicator j. */
static inline const char *nqpf_index__ind_id(const ctx *c, size_t j)
{
    return nqpf_framework_field(c->fw, c->fk[j], "id");
}

/* index_options.c: the rules between the options and the framework (AHP file given, GRA zeta,
 * perturbation, shift, fixed weights for every indicator, directions normalize none can honour);
 * keyed errors. Both nqpf_index_options_parse() and nqpf_index_compute() apply them. */
int nqpf_index__check_options(const nqpf_index_options *o, const nqpf_framework *fw);

/* index.c: weights of one specification on the normalised matrix y (dt, may be NULL, gets the
 * methods' intermediate quantities); aggregation of every node up the tree into S; ranks per year. */
int nqpf_index__weights(const ctx *c, wspec ws, const double *y, double *w, const wdetail *dt);
int nqpf_index__aggregate(ctx *c, enum nqpf_index_agg agg, const double *x, const int *xdir, const double *w,
                          double *W, double *S, double *ideal, double *anti);
void nqpf_index__year_ranks(const ctx *c, const double *s, double *rank);

/* tree.c: the dimension tree of the kept indicators (and the scratch buffers sized by it); the
 * context's release. */
int nqpf_index__build_tree(ctx *c);
void nqpf_index__ctx_free(ctx *c);

/* prepare.c: scope pools and years; indicator values (columns or expressions, framework order,
 * nfw x n); missing values filled or refused; zero-variance indicators dropped or refused (fills
 * c->fk and c->m); normalisation. */
int nqpf_index__build_groups(ctx *c);
int nqpf_index__eval_indicators(ctx *c, double *all, size_t nfw);
int nqpf_index__impute(ctx *c, double *x, size_t k, size_t *nimputed);
int nqpf_index__screen(ctx *c, const double *all, nqpf_index_result *res);
int nqpf_index__normalise(const ctx *c, enum nqpf_index_norm norm, double shift, double *y, int *ydir);

/* ahp.c: the AHP weights of the kept indicators (c->ahpw) from o->ahp_path: a square matrix over
 * the indicator ids, or a dimension,a,b,value table of judgements per dimension. */
int nqpf_index__load_ahp(ctx *c, nqpf_index_result *res);

/* results.c: provenance notes (a key set twice keeps its last value); the weights table; the
 * obstacle-degree columns. */
int nqpf_index__note(nqpf_index_result *r, const char *key, const char *fmt, ...) NQPF_PRINTF(3, 4);
int nqpf_index__add_col(nqpf_table *t, const char *name, const double *v);
int nqpf_index__weights_table(const ctx *c, const double *w, const double *W, const wdetail *dt, nqpf_table **out);
int nqpf_index__obstacles(ctx *c, nqpf_table *t, const double *w);

/* sensitivity.c: a weighting specification's name ("entropy+critic"); the Monte Carlo uncertainty
 * analysis around the nominal choice (rank columns into t, the factors table and notes into res). */
void nqpf_index__wspec_name(wspec s, char *buf, size_t size);
int nqpf_index__sensitivity(ctx *c, nqpf_index_result *res, const choice *nom, const double *nom_rank, nqpf_table *t);

#endif
