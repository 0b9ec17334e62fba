/* bench_dea: nqpf dea (radial CCR input, one reference set of N DMUs, every DMU evaluated) against
 * a plain loop that builds and solves each DMU's envelopment LP with GLPK from scratch, on the same
 * deterministic data. Prints seconds for both and their ratio, and the largest difference between
 * the two sets of scores.
 *
 *   bench_dea [--small] [--sizes N1,N2,...] [--dims M:S,...] [--threads T] [--sample K] [--rts crs|vrs]
 *
 * --small runs N = 1,000 and 10,000 only. The plain loop solves every LP up to --sample K DMUs
 * (default 2,000) and beyond that an evenly spaced sample of K DMUs, whose time is scaled to N
 * (reported as "extrapolated"). nqpf always evaluates all N DMUs. */
#include <glpk.h>
#include <malloc.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nqpf.h"

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

/* Cobb-Douglas technology with half-normal inefficiency: x_i = exp(U(0, 3)), output r =
 * prod x_i^(0.8/m) * exp(-|N(0, 0.3^2)|) * exp(N(0, 0.1^2)) (the noise differs by output). */
static void make_data(size_t n, size_t m, size_t s, double *x, double *y)
{
    rs = 0x2545F4914F6CDD1Dull ^ (n * 1315423911u + m * 2654435761u + s);
    for (size_t j = 0; j < n; j++) {
        double ly = 0;
        for (size_t i = 0; i < m; i++) {
            double lx = 3.0 * unif();
            x[j * m + i] = exp(lx);
            ly += 0.8 / (double)m * lx;
        }
        double u = fabs(0.3 * gauss());
        for (size_t r = 0; r < s; r++)
            y[j * s + r] = exp(ly - u + 0.1 * gauss());
    }
}

/* The plain loop: one fresh glp_prob per DMU. */
static double plain_glpk(size_t n, size_t m, size_t s, const double *x, const double *y, size_t o, int vrs)
{
    glp_prob *P = glp_create_prob();
    int nr = (int)(m + s) + (vrs ? 1 : 0);
    glp_add_rows(P, nr);
    glp_add_cols(P, (int)n + 1);
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 1, 1.0);
    glp_set_col_bnds(P, 1, GLP_FR, 0, 0);
    for (size_t j = 0; j < n; j++) /* GLPK's new columns are fixed at 0 */
        glp_set_col_bnds(P, (int)j + 2, GLP_LO, 0, 0);
    for (size_t i = 0; i < m; i++)
        glp_set_row_bnds(P, (int)i + 1, GLP_UP, 0, 0);
    for (size_t r = 0; r < s; r++)
        glp_set_row_bnds(P, (int)(m + r) + 1, GLP_LO, y[o * s + r], 0);
    if (vrs)
        glp_set_row_bnds(P, nr, GLP_FX, 1, 1);
    size_t nnz = (n + 1) * (size_t)nr;
    int *ia = malloc((nnz + 1) * sizeof *ia), *ja = malloc((nnz + 1) * sizeof *ja);
    double *ar = malloc((nnz + 1) * sizeof *ar);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        k++;
        ia[k] = (int)i + 1, ja[k] = 1, ar[k] = -x[o * m + i];
    }
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < m; i++) {
            k++;
            ia[k] = (int)i + 1, ja[k] = (int)j + 2, ar[k] = x[j * m + i];
        }
        for (size_t r = 0; r < s; r++) {
            k++;
            ia[k] = (int)(m + r) + 1, ja[k] = (int)j + 2, ar[k] = y[j * s + r];
        }
        if (vrs) {
            k++;
            ia[k] = nr, ja[k] = (int)j + 2, ar[k] = 1.0;
        }
    }
    glp_load_matrix(P, (int)k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    double v = NAN;
    if (glp_simplex(P, &parm) == 0 && glp_get_status(P) == GLP_OPT)
        v = glp_get_obj_val(P);
    glp_delete_prob(P);
    return v;
}

/* nqpf: the public nqpf_dea_run on a one-period panel. */
static double run_nqpf(size_t n, size_t m, size_t s, const double *x, const double *y, unsigned threads, int vrs,
                       double *te)
{
    nqpf_table *t = nqpf_table_new(n);
    char **ids = malloc(n * sizeof *ids);
    double *col = malloc(n * sizeof *col);
    for (size_t j = 0; j < n; j++) {
        ids[j] = malloc(32);
        snprintf(ids[j], 32, "d%zu", j);
        col[j] = 1;
    }
    nqpf_table_add_text(t, "id", (const char *const *)ids, NULL);
    nqpf_table_add_num(t, "t", col, NULL);
    char names[16][32];
    const char *in[8], *out[8];
    for (size_t v = 0; v < m + s; v++) {
        snprintf(names[v], sizeof names[v], v < m ? "x%zu" : "y%zu", v < m ? v : v - m);
        for (size_t j = 0; j < n; j++)
            col[j] = v < m ? x[j * m + v] : y[j * s + (v - m)];
        nqpf_table_add_num(t, names[v], col, NULL);
        if (v < m)
            in[v] = names[v];
        else
            out[v - m] = names[v];
    }
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "id", "t") != NQPF_OK) {
        fprintf(stderr, "panel: %s\n", nqpf_error_message());
        exit(1);
    }
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in;
    o.ninputs = m;
    o.outputs = out;
    o.noutputs = s;
    o.rts = vrs ? NQPF_DEA_VRS : NQPF_DEA_CRS;
    o.threads = threads;
    nqpf_table *res = NULL;
    double t0 = now();
    if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK) {
        fprintf(stderr, "dea: %s\n", nqpf_error_message());
        exit(1);
    }
    double el = now() - t0;
    const double *th = nqpf_table_cnum(res, nqpf_table_find(res, "theta"));
    memcpy(te, th, n * sizeof *te);
    nqpf_table_free(res);
    nqpf_panel_free(p);
    for (size_t j = 0; j < n; j++)
        free(ids[j]);
    free(ids);
    free(col);
    return el;
}

static int parse_list(const char *s, size_t *out, size_t max)
{
    size_t k = 0;
    while (*s && k < max) {
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s)
            return -1;
        out[k++] = v;
        s = *end == ',' ? end + 1 : end;
    }
    return (int)k;
}

int main(int argc, char **argv)
{
    size_t sizes[8] = {1000, 10000, 100000}, nsizes = 3, sample = 2000;
    size_t dm[8] = {2, 3, 5}, ds[8] = {1, 2, 3}, ndims = 3;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = nc > 1 ? (unsigned)nc : 1;
    int vrs = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--small") == 0) {
            nsizes = 2;
        } else if (strcmp(argv[a], "--sizes") == 0 && a + 1 < argc) {
            int k = parse_list(argv[++a], sizes, 8);
            if (k <= 0)
                return 2;
            nsizes = (size_t)k;
        } else if (strcmp(argv[a], "--dims") == 0 && a + 1 < argc) {
            ndims = 0;
            for (char *tok = strtok(argv[++a], ","); tok && ndims < 8; tok = strtok(NULL, ",")) {
                if (sscanf(tok, "%zu:%zu", &dm[ndims], &ds[ndims]) != 2 || dm[ndims] < 1 || dm[ndims] > 8 ||
                    ds[ndims] < 1 || ds[ndims] > 8)
                    return 2;
                ndims++;
            }
        } else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc) {
            threads = (unsigned)atoi(argv[++a]);
        } else if (strcmp(argv[a], "--sample") == 0 && a + 1 < argc) {
            sample = (size_t)atol(argv[++a]);
        } else if (strcmp(argv[a], "--rts") == 0 && a + 1 < argc) {
            vrs = strcmp(argv[++a], "vrs") == 0;
        } else {
            fprintf(stderr, "usage: bench_dea [--small] [--sizes N,...] [--dims M:S,...] [--threads T] [--sample K] "
                            "[--rts crs|vrs]\n");
            return 2;
        }
    }
    if (threads < 1)
        threads = 1;
#ifdef __GLIBC__
    /* GLPK allocates and frees its work arrays in every glp_simplex call; glibc would give the
     * freed heap top back to the kernel each time (brk + page faults). Both contestants run with
     * the same setting, the one the nqpf command line uses. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    glp_term_out(GLP_OFF);
    printf("nqpf %s, GLPK %s, radial %s input orientation, %u CPUs\n", nqpf_version(), glp_version(),
           vrs ? "VRS" : "CRS", threads);
    printf("%8s %3s %3s | %12s %12s | %12s %8s %s | %10s %10s | %9s\n", "N", "m", "s", "nqpf 1 thr", "nqpf T thr",
           "plain GLPK", "LPs", "", "ratio 1thr", "ratio Tthr", "max|diff|");
    for (size_t a = 0; a < nsizes; a++) {
        for (size_t d = 0; d < ndims; d++) {
            size_t n = sizes[a], m = dm[d], s = ds[d];
            double *x = malloc(n * m * sizeof *x), *y = malloc(n * s * sizeof *y);
            double *te1 = malloc(n * sizeof *te1), *teT = malloc(n * sizeof *teT);
            make_data(n, m, s, x, y);
            double t1 = run_nqpf(n, m, s, x, y, 1, vrs, te1);
            double tT = threads > 1 ? run_nqpf(n, m, s, x, y, threads, vrs, teT) : t1;
            size_t k = n <= sample ? n : sample;
            double diff = 0, t0 = now();
            for (size_t q = 0; q < k; q++) {
                size_t o = k == n ? q : q * (n / k);
                double v = plain_glpk(n, m, s, x, y, o, vrs);
                double dd = fabs(v - te1[o]);
                if (dd > diff || isnan(dd))
                    diff = isnan(dd) ? INFINITY : dd;
                dd = fabs(teT[o] - te1[o]);
                if (threads > 1 && dd > diff)
                    diff = dd;
            }
            double tp = (now() - t0) * (double)n / (double)k;
            printf("%8zu %3zu %3zu | %11.3fs %11.3fs | %11.2fs %8zu %s | %10.1f %10.1f | %9.2e\n", n, m, s, t1, tT, tp,
                   k, k == n ? "all " : "extr", tp / t1, tp / tT, diff);
            fflush(stdout);
            free(x);
            free(y);
            free(te1);
            free(teT);
        }
    }
    return 0;
}
