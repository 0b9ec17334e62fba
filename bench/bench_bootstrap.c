/* bench_bootstrap: the Simar-Wilson bootstrap of `nqpf dea` (reps > 0) against the plain radial DEA
 * run (reps = 0) on the same data in the same process, on 1 and 2 threads (or --threads LIST), and a
 * check that every thread count gives the same bootstrap columns bit for bit. Prints wall and process
 * CPU seconds (all threads).
 *
 *   bench_bootstrap [--n N] [--reps B] [--dims M:S] [--rts crs|vrs] [--orientation in|out]
 *                   [--threads 1,2]
 *
 * Defaults: N = 1,000 DMUs in one period, B = 2,000, M:S = 2:1, crs, in, threads 1,2. Data as in
 * bench_dea: x_i = exp(U(0, 3)); output r = prod x_i^(0.8/m) exp(-|N(0, 0.3^2)|) exp(N(0, 0.1^2))
 * from a fixed xorshift seed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* CPU seconds of the whole process (all threads): on a shared machine the wall time of a
 * one-thread run is inflated by other jobs, its CPU time is not. */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static nqpf_panel *make_panel(size_t n, size_t m, size_t s)
{
    rs = 0x2545F4914F6CDD1Dull ^ (n * 1315423911u + m * 2654435761u + s);
    nqpf_table *t = nqpf_table_new(n);
    char **ids = malloc(n * sizeof *ids);
    double *col = malloc(n * sizeof *col), *x = malloc(n * m * sizeof *x), *y = malloc(n * s * sizeof *y);
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
        ids[j] = malloc(32);
        snprintf(ids[j], 32, "d%zu", j);
        col[j] = 1;
    }
    nqpf_table_add_text(t, "id", (const char *const *)ids, NULL);
    nqpf_table_add_num(t, "t", col, NULL);
    for (size_t v = 0; v < m + s; v++) {
        char name[32];
        snprintf(name, sizeof name, v < m ? "x%zu" : "y%zu", v < m ? v + 1 : v - m + 1);
        for (size_t j = 0; j < n; j++)
            col[j] = v < m ? x[j * m + v] : y[j * s + (v - m)];
        nqpf_table_add_num(t, name, col, NULL);
    }
    for (size_t j = 0; j < n; j++)
        free(ids[j]);
    free(ids);
    free(col);
    free(x);
    free(y);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, t, "id", "t") != NQPF_OK) {
        fprintf(stderr, "panel: %s\n", nqpf_error_message());
        exit(1);
    }
    return p;
}

static nqpf_table *run(const nqpf_panel *p, size_t m, size_t s, int vrs, int out, size_t reps, unsigned threads,
                       double *secs, double *cpus)
{
    static const char *const xs[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"};
    static const char *const ys[] = {"y1", "y2", "y3", "y4", "y5", "y6", "y7", "y8"};
    nqpf_dea_options o;
    nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION);
    o.inputs = xs;
    o.ninputs = m;
    o.outputs = ys;
    o.noutputs = s;
    o.rts = vrs ? NQPF_DEA_VRS : NQPF_DEA_CRS;
    o.orientation = out ? NQPF_DEA_OUT : NQPF_DEA_IN;
    o.reps = reps;
    o.seed = 1;
    o.threads = threads;
    nqpf_table *res = NULL;
    double t0 = now(), c0 = cpu();
    if (nqpf_dea_run(&res, p, &o, NULL) != NQPF_OK) {
        fprintf(stderr, "dea: %s\n", nqpf_error_message());
        exit(1);
    }
    *secs = now() - t0;
    *cpus = cpu() - c0;
    return res;
}

static void quiet(const char *msg, void *ud)
{
    (void)msg;
    (void)ud;
}

int main(int argc, char **argv)
{
    size_t n = 1000, reps = 2000, m = 2, s = 1;
    int vrs = 0, out = 0;
    unsigned threads[8] = {1, 2};
    size_t nthr = 2;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--n") == 0 && a + 1 < argc)
            n = (size_t)atol(argv[++a]);
        else if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc)
            reps = (size_t)atol(argv[++a]);
        else if (strcmp(argv[a], "--dims") == 0 && a + 1 < argc) {
            if (sscanf(argv[++a], "%zu:%zu", &m, &s) != 2 || m < 1 || m > 8 || s < 1 || s > 8)
                return 2;
        } else if (strcmp(argv[a], "--rts") == 0 && a + 1 < argc)
            vrs = strcmp(argv[++a], "vrs") == 0;
        else if (strcmp(argv[a], "--orientation") == 0 && a + 1 < argc)
            out = strcmp(argv[++a], "out") == 0;
        else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc) {
            nthr = 0;
            for (char *tok = strtok(argv[++a], ","); tok && nthr < 8; tok = strtok(NULL, ","))
                threads[nthr++] = (unsigned)atoi(tok);
            if (!nthr)
                return 2;
        } else {
            fprintf(stderr, "usage: bench_bootstrap [--n N] [--reps B] [--dims M:S] [--rts crs|vrs] "
                            "[--orientation in|out] [--threads 1,2]\n");
            return 2;
        }
    }
    nqpf_set_warning_handler(quiet, NULL);
    nqpf_panel *p = make_panel(n, m, s);
    printf("bootstrap of radial %s %s DEA: N = %zu, m = %zu, s = %zu, reps = %zu\n", vrs ? "VRS" : "CRS",
           out ? "output" : "input", n, m, s, reps);
    nqpf_table *first = NULL;
    static const char *const cols[] = {"te_bc", "bias", "var", "ci_lo", "ci_hi"};
    int same = 1;
    for (size_t k = 0; k < nthr; k++) {
        double tplain, tboot, cplain, cboot;
        nqpf_table_free(run(p, m, s, vrs, out, 0, threads[k], &tplain, &cplain));
        nqpf_table *res = run(p, m, s, vrs, out, reps, threads[k], &tboot, &cboot);
        printf("threads %u: plain DEA %.3f s (cpu %.3f s), bootstrap %.2f s (cpu %.2f s), ratio %.0f (cpu %.0f), "
               "%.2f ms per replication\n",
               threads[k], tplain, cplain, tboot, cboot, tboot / tplain, cboot / cplain, 1e3 * tboot / (double)reps);
        if (!first)
            first = res;
        else {
            for (int c = 0; c < 5; c++) {
                const double *a = nqpf_table_cnum(first, nqpf_table_find(first, cols[c]));
                const double *b = nqpf_table_cnum(res, nqpf_table_find(res, cols[c]));
                for (size_t i = 0; i < n; i++)
                    if (memcmp(&a[i], &b[i], sizeof *a) != 0)
                        same = 0;
            }
            nqpf_table_free(res);
        }
        fflush(stdout);
    }
    printf("bootstrap columns identical for every thread count: %s\n", same ? "yes" : "NO");
    nqpf_table_free(first);
    nqpf_panel_free(p);
    return same ? 0 : 1;
}
