/* bench_dea: nqpf dea against a plain GLPK loop, on the synthetic design of issue 16 (scale of DEA).
 *
 *   bench_dea [--n N1,N2,...] [--models crs-in,vrs-in,sbm,ddf,...] [--threads T1,T2,...]
 *             [--sample K] [--malmquist FIRMSxYEARS] [--dims M:S] [--data issue16|legacy] [--small]
 *
 * For every N and model it prints one markdown table row per thread count (nqpf_dea_run through the
 * public API on a one-period panel built in memory: wall and CPU seconds of the run, peak resident
 * memory, DMUs with te = 1 +- 1e-9, whether the scores are bitwise those of the first thread count)
 * and one row for the plain loop: one full GLPK LP per DMU (N + 1 columns, built from scratch with
 * glp_* calls written here, independently of the library) on a random sample of K DMUs, its times
 * multiplied by N / K ("sampled") unless K >= N ("all"). The ratio column is the loop's CPU time
 * over nqpf's. max|diff| is the largest |score_nqpf - score_glpk| over the sampled DMUs; above 1e-9
 * (or a thread count whose scores differ in any bit) the row says FAIL and the program exits 1.
 *
 * Every configuration runs in its own forked child, so that getrusage's maxrss (read with wait4)
 * is the peak of that configuration alone; it includes the generated data the child inherits
 * (N x (m + s) doubles) and the in-memory table and panel nqpf reads.
 *
 * Models: crs-in, vrs-in, crs-out, vrs-out (radial; score theta, or phi for output orientation),
 * sbm, sbm-vrs (non-oriented SBM, Tone 2001; score rho), ddf, ddf-vrs (direction (x0, y0); score
 * beta). --malmquist FxY adds the adjacent radial Malmquist index (CRS, input) of F firms over Y
 * years: wall, CPU and memory per thread count (only 1 thread when the library's
 * nqpf_malmquist_options has no `threads` field, i.e. NQPF_MALMQUIST_OPTIONS_VERSION < 4).
 *
 * Data (--data issue16, the default): inputs x_i ~ U(1, 100); each output
 * y_r = prod_i x_i^(0.8/m) * exp(-0.3|z|) * exp(0.1 e_r), z, e_r ~ N(0, 1), e_r differing by output
 * (output-mix noise); one period; a fixed xorshift seed, so the same numbers on every run and
 * machine. --data legacy reproduces the older figures of docs/performance.md (x_i = exp(U(0, 3))).
 * --small = --n 1000,10000. --sample 0 skips the loop. --threads default: 1 and the CPU count. */
#include <glpk.h>
#include <malloc.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nqpf.h"

#define MAXLIST 16
#define TOL 1e-9

/* ---- random numbers (xorshift64*, fixed seeds) ---- */

static uint64_t rs = 0x2545F4914F6CDD1Dull;
static double unif(void)
{
    rs ^= rs >> 12;
    rs ^= rs << 25;
    rs ^= rs >> 27;
    return (double)((rs * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}
static double gauss(void)
{
    double u = unif(), v = unif();
    return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of the whole process, all threads: nqpf's workers count, as they do for the user. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The design of issue 16 (or the older one): n DMUs, m inputs, s outputs, year shift `tech` (log
 * productivity added to every output, for Malmquist panels). */
static void make_data(size_t n, size_t m, size_t s, int legacy, uint64_t salt, double tech, double *x, double *y)
{
    rs = 0x2545F4914F6CDD1Dull ^ (n * 1315423911u + m * 2654435761u + s) ^ (salt * 0x9E3779B97F4A7C15ull);
    for (size_t j = 0; j < n; j++) {
        double ly = tech;
        for (size_t i = 0; i < m; i++) {
            double lx = legacy ? 3.0 * unif() : log(1.0 + 99.0 * unif());
            x[j * m + i] = exp(lx);
            ly += 0.8 / (double)m * lx;
        }
        double u = fabs(0.3 * gauss());
        for (size_t r = 0; r < s; r++)
            y[j * s + r] = exp(ly - u + 0.1 * gauss());
    }
}

/* ---- models ---- */

enum kind { RADIAL_IN, RADIAL_OUT, SBM, DDF };
typedef struct model {
    const char *name;
    enum kind kind;
    int vrs;
    const char *score; /* the result column compared with the loop */
} model;
static const model MODELS[] = {
    {"crs-in", RADIAL_IN, 0, "theta"}, {"vrs-in", RADIAL_IN, 1, "theta"}, {"crs-out", RADIAL_OUT, 0, "phi"},
    {"vrs-out", RADIAL_OUT, 1, "phi"}, {"sbm", SBM, 0, "rho"},            {"sbm-vrs", SBM, 1, "rho"},
    {"ddf", DDF, 0, "beta"},           {"ddf-vrs", DDF, 1, "beta"},
};
#define NMODELS (sizeof MODELS / sizeof MODELS[0])

/* ---- the plain loop: one fresh glp_prob per DMU, the textbook LP of each model ---- */

typedef struct lpbuf {
    int *ia, *ja;
    double *ar;
    size_t k;
} lpbuf;
static void put(lpbuf *b, int row, int col, double v)
{
    b->k++;
    b->ia[b->k] = row, b->ja[b->k] = col, b->ar[b->k] = v;
}

/* Column 1 is the model's own variable (theta, phi, beta or SBM's t), columns 2..n+1 are lambda
 * (SBM: Lambda = t lambda), then SBM's slacks S-(m) and S+(s). Rows: m inputs, s outputs, SBM's
 * normalisation, the VRS row. Returns the optimal score or NAN. */
static double plain_glpk(size_t n, size_t m, size_t s, const double *x, const double *y, size_t o, const model *md,
                         lpbuf *b)
{
    const double *x0 = x + o * m, *y0 = y + o * s;
    int sbm = md->kind == SBM;
    int rin = 1, rout = (int)m + 1, rnorm = (int)(m + s) + 1, rvrs = rnorm + (sbm ? 1 : 0);
    int nrows = (int)(m + s) + (sbm ? 1 : 0) + (md->vrs ? 1 : 0);
    int ncols = (int)n + 1 + (sbm ? (int)(m + s) : 0), cs = (int)n + 2; /* first slack column */
    glp_prob *P = glp_create_prob();
    glp_add_rows(P, nrows);
    glp_add_cols(P, ncols);
    for (int j = 1; j <= ncols; j++) /* GLPK's new columns are fixed at 0 */
        glp_set_col_bnds(P, j, GLP_LO, 0, 0);
    b->k = 0;
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < m; i++)
            put(b, rin + (int)i, (int)j + 2, x[j * m + i]);
        for (size_t r = 0; r < s; r++)
            put(b, rout + (int)r, (int)j + 2, y[j * s + r]);
        if (md->vrs)
            put(b, rvrs, (int)j + 2, 1.0);
    }
    switch (md->kind) {
    case RADIAL_IN: /* min theta: X l - theta x0 <= 0, Y l >= y0 */
        glp_set_obj_dir(P, GLP_MIN);
        glp_set_obj_coef(P, 1, 1.0);
        glp_set_col_bnds(P, 1, GLP_FR, 0, 0);
        for (size_t i = 0; i < m; i++) {
            glp_set_row_bnds(P, rin + (int)i, GLP_UP, 0, 0);
            put(b, rin + (int)i, 1, -x0[i]);
        }
        for (size_t r = 0; r < s; r++)
            glp_set_row_bnds(P, rout + (int)r, GLP_LO, y0[r], 0);
        break;
    case RADIAL_OUT: /* max phi: X l <= x0, Y l - phi y0 >= 0 */
        glp_set_obj_dir(P, GLP_MAX);
        glp_set_obj_coef(P, 1, 1.0);
        glp_set_col_bnds(P, 1, GLP_FR, 0, 0);
        for (size_t i = 0; i < m; i++)
            glp_set_row_bnds(P, rin + (int)i, GLP_UP, 0, x0[i]);
        for (size_t r = 0; r < s; r++) {
            glp_set_row_bnds(P, rout + (int)r, GLP_LO, 0, 0);
            put(b, rout + (int)r, 1, -y0[r]);
        }
        break;
    case DDF: /* max beta: X l + beta x0 <= x0, Y l - beta y0 >= y0 */
        glp_set_obj_dir(P, GLP_MAX);
        glp_set_obj_coef(P, 1, 1.0);
        glp_set_col_bnds(P, 1, GLP_FR, 0, 0);
        for (size_t i = 0; i < m; i++) {
            glp_set_row_bnds(P, rin + (int)i, GLP_UP, 0, x0[i]);
            put(b, rin + (int)i, 1, x0[i]);
        }
        for (size_t r = 0; r < s; r++) {
            glp_set_row_bnds(P, rout + (int)r, GLP_LO, y0[r], 0);
            put(b, rout + (int)r, 1, -y0[r]);
        }
        break;
    case SBM: /* Charnes-Cooper: min t - (1/m) sum S-_i / x0_i, t + (1/s) sum S+_r / y0_r = 1,
                 X L + S- - t x0 = 0, Y L - S+ - t y0 = 0 (all >= 0); VRS: sum L - t = 0 */
        glp_set_obj_dir(P, GLP_MIN);
        glp_set_obj_coef(P, 1, 1.0);
        glp_set_row_bnds(P, rnorm, GLP_FX, 1, 1);
        put(b, rnorm, 1, 1.0);
        for (size_t i = 0; i < m; i++) {
            glp_set_row_bnds(P, rin + (int)i, GLP_FX, 0, 0);
            put(b, rin + (int)i, 1, -x0[i]);
            put(b, rin + (int)i, cs + (int)i, 1.0);
            glp_set_obj_coef(P, cs + (int)i, -1.0 / ((double)m * x0[i]));
        }
        for (size_t r = 0; r < s; r++) {
            glp_set_row_bnds(P, rout + (int)r, GLP_FX, 0, 0);
            put(b, rout + (int)r, 1, -y0[r]);
            put(b, rout + (int)r, cs + (int)(m + r), -1.0);
            put(b, rnorm, cs + (int)(m + r), 1.0 / ((double)s * y0[r]));
        }
        if (md->vrs)
            put(b, rvrs, 1, -1.0);
        break;
    }
    if (md->vrs)
        glp_set_row_bnds(P, rvrs, GLP_FX, sbm ? 0 : 1, sbm ? 0 : 1);
    glp_load_matrix(P, (int)b->k, b->ia, b->ja, b->ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    double v = NAN;
    if (glp_simplex(P, &parm) == 0 && glp_get_status(P) == GLP_OPT)
        v = glp_get_obj_val(P);
    glp_delete_prob(P);
    return v;
}

/* ---- children: one configuration each ---- */

/* What a child reports back (in memory shared with the parent). */
typedef struct report {
    int ok;
    double wall, cpu;
    size_t rows, efficient;
    uint64_t hash; /* FNV-1a over the bytes of every numeric result column and every text cell */
    char msg[256];
} report;

typedef struct child {
    report rep;
    long maxrss_kib;
    int status;
} child;

static void *shared_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    return p;
}

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < len; i++)
        h = (h ^ c[i]) * 1099511628211ull;
    return h;
}

static uint64_t table_hash(const nqpf_table *t)
{
    uint64_t h = 1469598103934665603ull;
    size_t n = nqpf_table_nrows(t);
    for (size_t j = 0; j < nqpf_table_ncols(t); j++) {
        const char *name = nqpf_table_colname(t, j);
        h = fnv(h, name, strlen(name) + 1);
        if (nqpf_table_is_text(t, j)) {
            for (size_t i = 0; i < n; i++) {
                const char *v = nqpf_table_text(t, j, i);
                h = v ? fnv(h, v, strlen(v) + 1) : fnv(h, "", 1);
            }
        } else {
            h = fnv(h, nqpf_table_cnum(t, j), n * sizeof(double));
        }
    }
    return h;
}

typedef void (*child_fn)(void *arg, report *rep);

/* Runs fn in a forked child; the parent waits and reads the child's peak memory with wait4. */
static void run_child(child_fn fn, void *arg, child *out)
{
    report *rep = shared_alloc(sizeof *rep);
    memset(rep, 0, sizeof *rep);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        fn(arg, rep);
        _exit(rep->ok ? 0 : 1);
    }
    struct rusage ru;
    int st = 0;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("wait4");
        exit(2);
    }
    out->rep = *rep;
    out->maxrss_kib = ru.ru_maxrss;
    out->status = st;
    if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0) && rep->msg[0] == 0)
        snprintf(out->rep.msg, sizeof out->rep.msg, "child ended abnormally (status %d)", st);
    if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
        out->rep.ok = 0;
    munmap(rep, sizeof *rep);
}

/* A one-period (or F x Y) panel in memory: columns id, t, x0.., y0.. */
static nqpf_panel *make_panel(size_t rows, size_t m, size_t s, const double *x, const double *y, size_t units,
                              char names[][32], const char **in, const char **out, report *rep)
{
    nqpf_table *t = nqpf_table_new(rows);
    char **ids = malloc(rows * sizeof *ids);
    double *col = malloc(rows * sizeof *col);
    for (size_t j = 0; j < rows; j++) {
        ids[j] = malloc(24);
        snprintf(ids[j], 24, "d%zu", j % units);
        col[j] = (double)(j / units + 1);
    }
    nqpf_table_add_text(t, "id", (const char *const *)ids, NULL);
    nqpf_table_add_num(t, "t", col, NULL);
    for (size_t v = 0; v < m + s; v++) {
        snprintf(names[v], 32, v < m ? "x%zu" : "y%zu", v < m ? v : v - m);
        for (size_t j = 0; j < rows; j++)
            col[j] = v < m ? x[j * m + v] : y[j * s + (v - m)];
        nqpf_table_add_num(t, names[v], col, NULL);
        if (v < m)
            in[v] = names[v];
        else
            out[v - m] = names[v];
    }
    for (size_t j = 0; j < rows; j++)
        free(ids[j]);
    free(ids);
    free(col);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "id", "t") != NQPF_OK) {
        snprintf(rep->msg, sizeof rep->msg, "panel: %s", nqpf_error_message());
        p = NULL;
    }
    return p; /* the panel owns t */
}

typedef struct dea_job {
    size_t n, m, s;
    const double *x, *y;
    const model *md;
    unsigned threads;
    double *score, *te; /* shared with the parent, n each */
} dea_job;

static void dea_child(void *arg, report *rep)
{
    dea_job *J = arg;
    char names[16][32];
    const char *in[8], *out[8];
    nqpf_panel *p = make_panel(J->n, J->m, J->s, J->x, J->y, J->n, names, in, out, rep);
    if (!p)
        return;
    nqpf_dea_options o;
    nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION);
    o.inputs = in;
    o.ninputs = J->m;
    o.outputs = out;
    o.noutputs = J->s;
    o.rts = J->md->vrs ? NQPF_DEA_VRS : NQPF_DEA_CRS;
    o.model = J->md->kind == SBM ? NQPF_DEA_SBM : J->md->kind == DDF ? NQPF_DEA_DDF : NQPF_DEA_RADIAL;
    o.orientation = J->md->kind == SBM ? NQPF_DEA_NONE : J->md->kind == RADIAL_OUT ? NQPF_DEA_OUT : NQPF_DEA_IN;
    o.threads = J->threads;
    nqpf_table *res = NULL;
    double w0 = now(), c0 = cpu_now();
    int rc = nqpf_dea_run(&res, p, &o, NULL);
    rep->cpu = cpu_now() - c0;
    rep->wall = now() - w0;
    if (rc != NQPF_OK) {
        snprintf(rep->msg, sizeof rep->msg, "dea: %s", nqpf_error_message());
        nqpf_panel_free(p);
        return;
    }
    size_t js = nqpf_table_find(res, J->md->score), jt = nqpf_table_find(res, "te");
    if (js >= nqpf_table_ncols(res) || jt >= nqpf_table_ncols(res) || nqpf_table_nrows(res) != J->n) {
        snprintf(rep->msg, sizeof rep->msg, "dea: no column %s or te, or not %zu rows", J->md->score, J->n);
    } else {
        memcpy(J->score, nqpf_table_cnum(res, js), J->n * sizeof(double));
        memcpy(J->te, nqpf_table_cnum(res, jt), J->n * sizeof(double));
        rep->rows = J->n;
        for (size_t j = 0; j < J->n; j++)
            rep->efficient += fabs(J->te[j] - 1.0) <= TOL;
        rep->hash = table_hash(res);
        rep->ok = 1;
    }
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

typedef struct loop_job {
    size_t n, m, s, k;
    const double *x, *y;
    const model *md;
    const size_t *sample;
    double *score; /* shared, k */
} loop_job;

static void loop_child(void *arg, report *rep)
{
    loop_job *L = arg;
    size_t rows = L->m + L->s + 2, cap = (L->n + 1) * rows + 4 * (L->m + L->s) + 8;
    lpbuf b = {malloc((cap + 1) * sizeof(int)), malloc((cap + 1) * sizeof(int)), malloc((cap + 1) * sizeof(double)), 0};
    double w0 = now(), c0 = cpu_now();
    for (size_t q = 0; q < L->k; q++)
        L->score[q] = plain_glpk(L->n, L->m, L->s, L->x, L->y, L->sample[q], L->md, &b);
    rep->cpu = cpu_now() - c0;
    rep->wall = now() - w0;
    rep->rows = L->k;
    rep->ok = 1;
    free(b.ia);
    free(b.ja);
    free(b.ar);
}

typedef struct malm_job {
    size_t firms, years, m, s;
    const double *x, *y;
    unsigned threads;
} malm_job;

static void malm_child(void *arg, report *rep)
{
    malm_job *M = arg;
    char names[16][32];
    const char *in[8], *out[8];
    nqpf_panel *p = make_panel(M->firms * M->years, M->m, M->s, M->x, M->y, M->firms, names, in, out, rep);
    if (!p)
        return;
    nqpf_malmquist_options o;
    nqpf_malmquist_options_init(&o, NQPF_MALMQUIST_OPTIONS_VERSION);
    o.inputs = in;
    o.ninputs = M->m;
    o.outputs = out;
    o.noutputs = M->s;
    o.type = NQPF_MALMQUIST_ADJACENT;
#if NQPF_MALMQUIST_OPTIONS_VERSION >= 4
    o.threads = M->threads;
#endif
    nqpf_table *res = NULL;
    nqpf_malmquist_summary sum;
    double w0 = now(), c0 = cpu_now();
    int rc = nqpf_malmquist_run(&res, &sum, p, &o);
    rep->cpu = cpu_now() - c0;
    rep->wall = now() - w0;
    if (rc != NQPF_OK) {
        snprintf(rep->msg, sizeof rep->msg, "malmquist: %s", nqpf_error_message());
    } else {
        rep->rows = nqpf_table_nrows(res);
        rep->efficient = sum.nlp; /* reused: LPs solved */
        rep->hash = table_hash(res);
        rep->ok = 1;
    }
    nqpf_table_free(res);
    nqpf_panel_free(p);
}

/* ---- driver ---- */

static int parse_list(const char *s, size_t *out, size_t max)
{
    size_t k = 0;
    while (*s && k < max) {
        char *end;
        unsigned long long v = strtoull(s, &end, 10);
        if (end == s || (*end && *end != ','))
            return -1;
        out[k++] = (size_t)v;
        s = *end == ',' ? end + 1 : end;
    }
    return *s ? -1 : (int)k;
}

static int cmp_size(const void *a, const void *b)
{
    size_t u = *(const size_t *)a, v = *(const size_t *)b;
    return (u > v) - (u < v);
}

/* k distinct DMUs out of n, drawn at random (seeded by n and k), in increasing order. */
static size_t *draw_sample(size_t n, size_t k)
{
    size_t *all = malloc(n * sizeof *all);
    for (size_t j = 0; j < n; j++)
        all[j] = j;
    rs = 0x9E3779B97F4A7C15ull ^ (n * 31u + k);
    for (size_t q = 0; q < k && q < n; q++) {
        size_t r = q + (size_t)(unif() * (double)(n - q));
        if (r >= n)
            r = n - 1;
        size_t t = all[q];
        all[q] = all[r];
        all[r] = t;
    }
    qsort(all, k, sizeof *all, cmp_size);
    return all;
}

/* 1234567 -> "1,234,567" */
static const char *grouped(size_t v, char *buf)
{
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%zu", v), o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_dea [--n N1,N2,...] [--models crs-in,vrs-in,crs-out,vrs-out,sbm,sbm-vrs,ddf,ddf-vrs] "
                    "[--threads T1,T2,...] [--sample K] [--malmquist FIRMSxYEARS] [--dims M:S] "
                    "[--data issue16|legacy] [--small]\n");
}

int main(int argc, char **argv)
{
    size_t sizes[MAXLIST] = {10000, 100000}, nsizes = 2, sample = 500, m = 3, s = 2;
    size_t thr[MAXLIST], nthr = 0, mfirms = 0, myears = 0;
    const model *models[MAXLIST];
    size_t nmodels = 0;
    int legacy = 0;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    thr[nthr++] = 1;
    if (nc > 1)
        thr[nthr++] = (size_t)nc;
    for (const char *d = "crs-in,vrs-in,sbm,ddf"; *d;) {
        size_t len = strcspn(d, ",");
        for (size_t i = 0; i < NMODELS; i++)
            if (strlen(MODELS[i].name) == len && strncmp(MODELS[i].name, d, len) == 0)
                models[nmodels++] = &MODELS[i];
        d += len + (d[len] == ',');
    }
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;
        int k;
        if (strcmp(arg, "--small") == 0) {
            sizes[0] = 1000, sizes[1] = 10000, nsizes = 2;
            continue;
        }
        if (!val) {
            usage();
            return 2;
        }
        a++;
        if (strcmp(arg, "--n") == 0 || strcmp(arg, "--sizes") == 0) {
            if ((k = parse_list(val, sizes, MAXLIST)) <= 0) {
                fprintf(stderr, "bench_dea: --n takes a comma-separated list of sizes, e.g. 10000,100000\n");
                return 2;
            }
            nsizes = (size_t)k;
        } else if (strcmp(arg, "--threads") == 0) {
            if ((k = parse_list(val, thr, MAXLIST)) <= 0) {
                fprintf(stderr, "bench_dea: --threads takes a comma-separated list, e.g. 1,2\n");
                return 2;
            }
            nthr = (size_t)k;
            for (size_t i = 0; i < nthr; i++)
                if (thr[i] < 1)
                    thr[i] = 1;
        } else if (strcmp(arg, "--sample") == 0) {
            sample = (size_t)strtoull(val, NULL, 10);
        } else if (strcmp(arg, "--models") == 0 || strcmp(arg, "--rts") == 0) {
            nmodels = 0;
            for (const char *d = val; *d && nmodels < MAXLIST;) {
                size_t len = strcspn(d, ","), i;
                /* --rts crs|vrs: the older command line, radial input orientation */
                if (strcmp(arg, "--rts") == 0 && (len == 3))
                    d = strncmp(d, "vrs", 3) == 0 ? "vrs-in" : "crs-in", len = 6;
                for (i = 0; i < NMODELS; i++)
                    if (strlen(MODELS[i].name) == len && strncmp(MODELS[i].name, d, len) == 0)
                        break;
                if (i == NMODELS) {
                    fprintf(stderr, "bench_dea: unknown model '%.*s'; use crs-in, vrs-in, crs-out, vrs-out, sbm, "
                                    "sbm-vrs, ddf or ddf-vrs\n",
                            (int)len, d);
                    return 2;
                }
                models[nmodels++] = &MODELS[i];
                d += len + (d[len] == ',');
            }
        } else if (strcmp(arg, "--malmquist") == 0) {
            if (sscanf(val, "%zux%zu", &mfirms, &myears) != 2 || mfirms < 2 || myears < 2) {
                fprintf(stderr, "bench_dea: --malmquist takes FIRMSxYEARS, e.g. 10000x10\n");
                return 2;
            }
        } else if (strcmp(arg, "--dims") == 0) {
            if (sscanf(val, "%zu:%zu", &m, &s) != 2 || m < 1 || m > 7 || s < 1 || s > 7) {
                fprintf(stderr, "bench_dea: --dims takes M:S (inputs:outputs), each 1 to 7, e.g. 3:2\n");
                return 2;
            }
        } else if (strcmp(arg, "--data") == 0) {
            if (strcmp(val, "legacy") != 0 && strcmp(val, "issue16") != 0) {
                fprintf(stderr, "bench_dea: --data takes issue16 or legacy\n");
                return 2;
            }
            legacy = strcmp(val, "legacy") == 0;
        } else {
            usage();
            return 2;
        }
    }
#ifdef __GLIBC__
    /* GLPK allocates and frees its work arrays in every glp_simplex call; glibc would give the
     * freed heap top back to the kernel each time (brk + page faults). Both contestants run with
     * the same setting, the one the nqpf command line uses (children inherit it). */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    glp_term_out(GLP_OFF);

    int fail = 0;
    char g1[32], g2[32];
    printf("nqpf %s, GLPK %s, %ld CPUs online; data: %s, m = %zu inputs, s = %zu outputs, one period\n\n",
           nqpf_version(), glp_version(), nc, legacy ? "legacy (x = exp(U(0,3)))" : "issue 16 (x ~ U(1,100))", m, s);
    printf("| N | model | run | wall s | CPU s | peak RSS MiB | ratio CPU (loop / nqpf) | efficient (te = 1 ± 1e-9) "
           "| bytes as 1st thread count | max \\|diff\\| vs loop |\n");
    printf("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
    for (size_t a = 0; a < nsizes; a++) {
        size_t n = sizes[a];
        double *x = malloc(n * m * sizeof *x), *y = malloc(n * s * sizeof *y);
        make_data(n, m, s, legacy, 0, 0.0, x, y);
        size_t k = sample < n ? sample : n;
        size_t *smp = k ? draw_sample(n, k) : NULL;
        for (size_t q = 0; q < nmodels; q++) {
            const model *md = models[q];
            child ch[MAXLIST];
            double *score[MAXLIST], *te[MAXLIST];
            /* the loop first (its CPU time is the numerator of every ratio) */
            child lc;
            double *lscore = shared_alloc((k ? k : 1) * sizeof(double));
            if (k) {
                fprintf(stderr, "bench_dea: N = %zu, %s: plain GLPK loop on %zu DMUs\n", n, md->name, k);
                loop_job L = {n, m, s, k, x, y, md, smp, lscore};
                run_child(loop_child, &L, &lc);
            }
            for (size_t t = 0; t < nthr; t++) {
                fprintf(stderr, "bench_dea: N = %zu, %s: nqpf on %zu thread(s)\n", n, md->name, thr[t]);
                score[t] = shared_alloc(n * sizeof(double));
                te[t] = shared_alloc(n * sizeof(double));
                dea_job J = {n, m, s, x, y, md, (unsigned)thr[t], score[t], te[t]};
                run_child(dea_child, &J, &ch[t]);
            }
            /* exactness over the sampled DMUs, against the first thread count's scores */
            double diff = 0;
            int lok = k && lc.rep.ok, exact = 1;
            if (lok && ch[0].rep.ok) {
                for (size_t i = 0; i < k; i++) {
                    double u = lscore[i], v = score[0][smp[i]];
                    if (isnan(u) && isnan(v))
                        continue;
                    double d = fabs(u - v);
                    if (isnan(d))
                        d = INFINITY;
                    if (d > diff)
                        diff = d;
                }
                exact = diff <= TOL;
            }
            double lcpu = lok ? lc.rep.cpu * (double)n / (double)k : NAN;
            double lwall = lok ? lc.rep.wall * (double)n / (double)k : NAN;
            for (size_t t = 0; t < nthr; t++) {
                const report *r = &ch[t].rep;
                char same[64] = "(reference)";
                int ident = 1;
                if (!r->ok) {
                    printf("| %s | %s | nqpf, %zu thr | FAIL: %s | | | | | | |\n", grouped(n, g1), md->name, thr[t],
                           r->msg);
                    fail = 1;
                    continue;
                }
                if (t > 0) {
                    ident = ch[0].rep.ok && memcmp(score[t], score[0], n * sizeof(double)) == 0 &&
                            memcmp(te[t], te[0], n * sizeof(double)) == 0 && r->hash == ch[0].rep.hash;
                    snprintf(same, sizeof same, "%s", ident ? "identical" : "FAIL: differ");
                    fail |= !ident;
                }
                char ratio[32] = "–", dstr[48] = "–";
                if (lok) {
                    snprintf(ratio, sizeof ratio, "%.0fx", lcpu / r->cpu);
                    if (t == 0)
                        snprintf(dstr, sizeof dstr, "%.1e%s", diff, exact ? "" : " FAIL");
                }
                printf("| %s | %s | nqpf, %zu thr | %.2f | %.2f | %.1f | %s | %s | %s | %s |\n", grouped(n, g1), md->name,
                       thr[t], r->wall, r->cpu, (double)ch[t].maxrss_kib / 1024.0, ratio, grouped(r->efficient, g2), same,
                       dstr);
            }
            if (k && !lc.rep.ok) {
                printf("| %s | %s | plain GLPK loop | FAIL: %s | | | | | | |\n", grouped(n, g1), md->name, lc.rep.msg);
                fail = 1;
            } else if (k) {
                char how[64];
                if (k == n)
                    snprintf(how, sizeof how, "plain GLPK loop, all");
                else
                    snprintf(how, sizeof how, "plain GLPK loop, %s sampled", grouped(k, g2));
                printf("| %s | %s | %s | %s%.0f | %s%.0f | %.1f | | | | %.1e%s |\n", grouped(n, g1), md->name, how,
                       k == n ? "" : "~", lwall, k == n ? "" : "~", lcpu, (double)lc.maxrss_kib / 1024.0, diff,
                       exact ? "" : " FAIL");
            } else {
                printf("| %s | %s | plain GLPK loop | skipped (--sample 0) | | | | | | |\n", grouped(n, g1), md->name);
            }
            fail |= !exact;
            fflush(stdout);
            for (size_t t = 0; t < nthr; t++) {
                munmap(score[t], n * sizeof(double));
                munmap(te[t], n * sizeof(double));
            }
            munmap(lscore, (k ? k : 1) * sizeof(double));
        }
        free(smp);
        free(x);
        free(y);
    }

    if (mfirms) {
        size_t rows = mfirms * myears;
        double *x = malloc(rows * m * sizeof *x), *y = malloc(rows * s * sizeof *y);
        /* year t: the same design, outputs shifted by 2% technical change a year */
        for (size_t t = 0; t < myears; t++)
            make_data(mfirms, m, s, legacy, t + 1, 0.02 * (double)t, x + t * mfirms * m, y + t * mfirms * s);
#if NQPF_MALMQUIST_OPTIONS_VERSION >= 4
        size_t mthr = nthr;
        const char *note = "";
#else
        size_t mthr = 1;
        const char *note = " (this nqpf's malmquist has no threads option: 1 thread only)";
#endif
        printf("\nAdjacent radial Malmquist (CRS, input), %s firms x %zu years%s:\n\n", grouped(mfirms, g1), myears, note);
        printf("| firms x years | run | wall s | CPU s | peak RSS MiB | rows | LPs | bytes as 1st thread count |\n");
        printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        uint64_t h0 = 0;
        for (size_t t = 0; t < mthr; t++) {
            fprintf(stderr, "bench_dea: Malmquist %zux%zu on %zu thread(s)\n", mfirms, myears, thr[t]);
            child c;
            malm_job M = {mfirms, myears, m, s, x, y, (unsigned)thr[t]};
            run_child(malm_child, &M, &c);
            if (!c.rep.ok) {
                printf("| %zux%zu | nqpf, %zu thr | FAIL: %s | | | | | |\n", mfirms, myears, thr[t], c.rep.msg);
                fail = 1;
                continue;
            }
            if (t == 0)
                h0 = c.rep.hash;
            int ident = c.rep.hash == h0;
            fail |= !ident;
            printf("| %zux%zu | nqpf, %zu thr | %.2f | %.2f | %.1f | %s | %s | %s |\n", mfirms, myears, thr[t], c.rep.wall,
                   c.rep.cpu, (double)c.maxrss_kib / 1024.0, grouped(c.rep.rows, g1), grouped(c.rep.efficient, g2),
                   t == 0 ? "(reference)" : ident ? "identical (hash of every column)" : "FAIL: differ");
            fflush(stdout);
        }
        free(x);
        free(y);
    }
    if (fail)
        printf("\nFAIL: see the rows marked FAIL\n");
    return fail ? 1 : 0;
}
