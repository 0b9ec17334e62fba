/* bench_spreg: time and peak memory of `nqpf spreg` SDM fits through the public API
 * (nqpf_spreg_run: weights, fit, LeSage-Pace effects with 1,000 simulation draws, LM tests).
 *
 *   bench_spreg [--n N] [--units U --years T] [--case cross|panel|all] [--logdet auto|exact|chebyshev|mc]
 *
 * cross: an SDM on an N-region cross-section (default 3,000): points uniform in the unit square, W the
 *        6 nearest neighbours (row-standardised, not symmetric), y = (I - 0.4 W)^-1 (1 + x1 - 0.5 x2
 *        + 0.3 W x1 + 0.2 W x2 + e), x ~ N(0, 1), e ~ N(0, 1), from a fixed xorshift seed; the
 *        log-determinant is logdet (auto: Chebyshev above 1,500 units).
 * panel: an SDM with two-way fixed effects (Lee-Yu) on U regions x T years (default 300 x 20), the
 *        same design per year plus unit and year effects.
 * Each case runs in a child process so that its peak resident memory (getrusage ru_maxrss) is its own;
 * wall and CPU seconds are printed with the estimates of rho against the true 0.4. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
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
static double now(int cpu)
{
    struct timespec ts;
    clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* y = (I - rho W)^-1 b by fixed-point iteration */
static void solve(const nqpf_weights *w, double rho, const double *b, double *y, size_t n)
{
    double *t = malloc(n * sizeof *t);
    memcpy(y, b, n * sizeof *y);
    for (int it = 0; it < 500; it++) {
        nqpf_weights_lag(w, y, t);
        for (size_t i = 0; i < n; i++)
            y[i] = b[i] + rho * t[i];
    }
    free(t);
}

static int run_case(int panel, size_t n, size_t T, nqpf_spreg_logdet_method ldm)
{
    size_t N = n * T;
    double *cx = malloc(n * sizeof *cx), *cy = malloc(n * sizeof *cy);
    for (size_t i = 0; i < n; i++) {
        cx[i] = unif();
        cy[i] = unif();
    }
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    wo.kind = NQPF_WKIND_KNN;
    wo.distance = NQPF_DIST_EUCLIDEAN;
    wo.k = 6;
    nqpf_weights *w = NULL;
    if (nqpf_weights_from_coords(&w, cx, cy, NULL, n, &wo)) {
        fprintf(stderr, "weights: %s\n", nqpf_error_message());
        return 1;
    }
    double *y = malloc(N * sizeof *y), *x1 = malloc(N * sizeof *x1), *x2 = malloc(N * sizeof *x2);
    double *b = malloc(n * sizeof *b), *l1 = malloc(n * sizeof *l1), *l2 = malloc(n * sizeof *l2);
    double *ue = malloc(n * sizeof *ue);
    for (size_t i = 0; i < n; i++)
        ue[i] = panel ? gauss() : 0;
    for (size_t t = 0; t < T; t++) {
        double te = panel ? 0.1 * (double)t : 0;
        double *a1 = x1 + t * n, *a2 = x2 + t * n;
        for (size_t i = 0; i < n; i++) {
            a1[i] = gauss() + 0.5 * ue[i];
            a2[i] = gauss();
        }
        nqpf_weights_lag(w, a1, l1);
        nqpf_weights_lag(w, a2, l2);
        for (size_t i = 0; i < n; i++)
            b[i] = 1 + a1[i] - 0.5 * a2[i] + 0.3 * l1[i] + 0.2 * l2[i] + ue[i] + te + gauss();
        solve(w, 0.4, b, y + t * n, n);
    }
    /* the data table: id, year, y, x1, x2, cx, cy */
    nqpf_table *tab = nqpf_table_new(N);
    char **ids = malloc(N * sizeof *ids);
    double *yr = malloc(N * sizeof *yr), *px = malloc(N * sizeof *px), *py = malloc(N * sizeof *py);
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < n; i++) {
            ids[t * n + i] = malloc(24);
            snprintf(ids[t * n + i], 24, "r%05zu", i);
            yr[t * n + i] = 2000.0 + (double)t;
            px[t * n + i] = cx[i];
            py[t * n + i] = cy[i];
        }
    nqpf_table_add_text(tab, "id", (const char *const *)ids, NULL);
    nqpf_table_add_num(tab, "year", yr, NULL);
    nqpf_table_add_num(tab, "y", y, NULL);
    nqpf_table_add_num(tab, "x1", x1, NULL);
    nqpf_table_add_num(tab, "x2", x2, NULL);
    nqpf_table_add_num(tab, "cx", px, NULL);
    nqpf_table_add_num(tab, "cy", py, NULL);
    nqpf_panel *p = NULL;
    if (nqpf_panel_new(&p, tab, "id", "year")) {
        fprintf(stderr, "panel: %s\n", nqpf_error_message());
        return 1;
    }
    nqpf_spreg_options o;
    nqpf_spreg_options_init(&o, NQPF_SPREG_OPTIONS_VERSION);
    static const char *const xs[] = {"x1", "x2", NULL};
    o.model = NQPF_SPREG_SDM;
    o.y = "y";
    o.x = xs;
    o.nx = 2;
    o.fe = panel ? NQPF_SPREG_FE_TWOWAY : NQPF_SPREG_FE_NONE;
    o.leeyu = panel;
    o.logdet = ldm;
    o.weights.xcol = "cx";
    o.weights.ycol = "cy";
    o.weights.o = wo;
    nqpf_table *coef = NULL, *eff = NULL, *tests = NULL;
    double w0 = now(0), c0 = now(1);
    int rc = nqpf_spreg_run(&coef, &eff, &tests, p, &o);
    double w1 = now(0), c1 = now(1);
    if (rc) {
        fprintf(stderr, "spreg: %s\n", nqpf_error_message());
        return 1;
    }
    size_t jt = nqpf_table_find(coef, "term"), je = nqpf_table_find(coef, "estimate"),
           js = nqpf_table_find(coef, "std_error");
    double rho = NAN, se = NAN;
    for (size_t i = 0; i < nqpf_table_nrows(coef); i++)
        if (strcmp(nqpf_table_text(coef, jt, i), "rho") == 0) {
            rho = nqpf_table_cnum(coef, je)[i];
            se = nqpf_table_cnum(coef, js)[i];
        }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    static const char *const ldn[] = {"auto", "exact", "chebyshev", "mc"};
    printf("%-5s %5zu x %2zu  logdet %-9s  wall %7.2f s  cpu %7.2f s  peak %7.1f MiB  rho %.4f (se %.4f; true 0.4)\n",
           panel ? "panel" : "cross", n, T, ldn[ldm], w1 - w0, c1 - c0, (double)ru.ru_maxrss / 1024.0, rho, se);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = 3000, units = 300, years = 20;
    const char *which = "all";
    nqpf_spreg_logdet_method ldm = NQPF_SPREG_LOGDET_AUTO;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--n"))
            n = (size_t)atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--units"))
            units = (size_t)atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--years"))
            years = (size_t)atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--case"))
            which = argv[i + 1];
        else if (!strcmp(argv[i], "--logdet")) {
            const char *m = argv[i + 1];
            ldm = !strcmp(m, "exact") ? NQPF_SPREG_LOGDET_EXACT
                  : !strcmp(m, "chebyshev") ? NQPF_SPREG_LOGDET_CHEBYSHEV
                  : !strcmp(m, "mc") ? NQPF_SPREG_LOGDET_MC
                                     : NQPF_SPREG_LOGDET_AUTO;
        } else {
            fprintf(stderr, "usage: bench_spreg [--n N] [--units U --years T] [--case cross|panel|all] "
                            "[--logdet auto|exact|chebyshev|mc]\n");
            return 2;
        }
    }
    int cases[2] = {strcmp(which, "panel") != 0, strcmp(which, "cross") != 0};
    for (int c = 0; c < 2; c++) {
        if (!cases[c])
            continue;
        pid_t pid = fork();
        if (pid == 0)
            _exit(run_case(c, c ? units : n, c ? years : 1, ldm));
        int st = 0;
        waitpid(pid, &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st))
            return 1;
    }
    return 0;
}
