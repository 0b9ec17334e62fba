/* Static spatial panel models (src/spreg/panel.c) on the Baltagi cigarette-demand panel (46 US
 * states, 1963-1992, log sales on log real price and log real income, row-standardised contiguity;
 * tests/data/spreg/cigar/) against an independent implementation written here:
 *  - fixed effects, plain ML: the within transformation written with explicit unit/period means,
 *    the lags W y and W X formed from the raw data with a dense W read from the edge list here;
 *  - fixed effects, Lee-Yu: the transformation approach written literally, with the orthonormal
 *    Helmert matrices F_{T,T-1} and F_{N,N-1} applied to the data and W* = F' W F ((N-1) x (N-1))
 *    in the model and in its log-determinant (no demeaning, no log(1 - rho) term);
 *  - every log-determinant from a GSL LU decomposition of the dense I - a W (not logdet.c);
 *  - the concentrated log-likelihood maximised by a grid and golden-section search, beta by QR least
 *    squares; the standard errors from the inverse of a Richardson-extrapolated central-difference
 *    Hessian of the full log-likelihood (beta, spatial parameter, sigma2);
 *  - random effects SAR/SDM: Elhorst's theta-transformed likelihood maximised over (rho, theta) by
 *    the Nelder-Mead simplex; random-effects SEM: the likelihood written with the Woodbury identity
 *    and the matrix determinant lemma (the library uses the eigenvectors of B'B), also by Nelder-Mead;
 *  - Hausman: the statistic from an LU inverse of the covariance difference (the library uses
 *    Cholesky) and the chi-square tail from the regularised gamma function.
 * Tolerances: 1e-6 for coefficients, rho/lambda, sigma2 and the log-likelihood (the golden-section
 * search stops at 1e-10 in the parameter; the likelihood is flat to ~1e-8 in it); standard errors
 * 1e-5 relative (Richardson differences with steps 1e-3 of each parameter's size are exact to
 * ~1e-9); random effects 2e-5 (the simplex stops at size 1e-9 on a likelihood flat in theta). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>

#include "spreg/spreg_internal.h"
#include "testutil.h"

#define N 46
#define T 30
#define NT (N * T)
#define KX 2

static double Y[NT], X[NT * KX], Wd[N * N];
static nqpf_weights *WL;
static int loaded;

/* ---- data ------------------------------------------------------------------------------------ */

static int load(void)
{
    if (loaded)
        return loaded > 0;
    loaded = -1;
    char path[4096];
    snprintf(path, sizeof path, "%s", tu_source("tests/data/spreg/cigar/data.csv"));
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    char line[512];
    int rows = 0;
    if (!fgets(line, sizeof line, fp)) {
        fclose(fp);
        return 0;
    }
    while (fgets(line, sizeof line, fp)) {
        int st, yr;
        double c, p, yy;
        if (sscanf(line, "%d,%d,%lf,%lf,%lf", &st, &yr, &c, &p, &yy) != 5)
            fail_msg("bad line %s", line);
        int o = (yr - 1963) * N + (st - 1);
        Y[o] = c;
        X[o * KX] = p;
        X[o * KX + 1] = yy;
        rows++;
    }
    fclose(fp);
    assert_int_equal(rows, NT);
    snprintf(path, sizeof path, "%s", tu_source("tests/data/spreg/cigar/edges.csv"));
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    int a, b, links = 0;
    while (fscanf(fp, "%d,%d", &a, &b) == 2) {
        Wd[(a - 1) * N + (b - 1)] = 1;
        links++;
    }
    fclose(fp);
    assert_int_equal(links, 188);
    for (int i = 0; i < N; i++) {
        double s = 0;
        for (int j = 0; j < N; j++)
            s += Wd[i * N + j];
        for (int j = 0; j < N; j++)
            Wd[i * N + j] /= s;
    }
    char ids[N][8];
    const char *idp[N];
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "%d", i + 1);
        idp[i] = ids[i];
    }
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    if (nqpf_weights_read(&WL, path, idp, N, &wo))
        fail_msg("weights: %s", nqpf_error_message());
    loaded = 1;
    return 1;
}

/* ---- the independent fixed-effects fit ---------------------------------------------------------- */

/* The problem in transformed space: nb blocks of m values each (block s: one period after the
 * transformation), y, lag of y (SAR), columns Z, the m x m weights Wm, and how many periods count. */
typedef struct prob {
    int sem;
    size_t m, nb, p;
    double *y, *ly, *Z; /* nb*m; Z column-major p columns of nb*m */
    double Wm[N * N];
    double tper; /* multiplier of the log-determinant */
} prob;

static double lndet(const prob *P, double a)
{
    size_t m = P->m;
    gsl_matrix *A = gsl_matrix_alloc(m, m);
    gsl_permutation *pm = gsl_permutation_alloc(m);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(A, i, j, (i == j) - a * P->Wm[i * m + j]);
    int sg;
    gsl_linalg_LU_decomp(A, pm, &sg);
    double v = gsl_linalg_LU_lndet(A);
    int s = gsl_linalg_LU_sgndet(A, sg);
    gsl_matrix_free(A);
    gsl_permutation_free(pm);
    return s > 0 ? v : NAN;
}

/* out = (I - a Wm) x block by block (x and out nb*m). */
static void bmul(const prob *P, double a, const double *x, double *out)
{
    for (size_t s = 0; s < P->nb; s++)
        for (size_t i = 0; i < P->m; i++) {
            double v = x[s * P->m + i];
            for (size_t j = 0; j < P->m; j++)
                v -= a * P->Wm[i * P->m + j] * x[s * P->m + j];
            out[s * P->m + i] = v;
        }
}

/* The regression residual for parameter a with beta given (NULL: least squares by QR, stored in
 * beta_out); returns RSS. */
static double resid(const prob *P, double a, const double *beta, double *beta_out, double *e)
{
    size_t n = P->nb * P->m, p = P->p;
    double *yy = malloc(n * sizeof *yy), *ZZ = malloc(n * p * sizeof *ZZ);
    if (P->sem) {
        bmul(P, a, P->y, yy);
        for (size_t c = 0; c < p; c++)
            bmul(P, a, P->Z + c * n, ZZ + c * n);
    } else {
        for (size_t o = 0; o < n; o++)
            yy[o] = P->y[o] - a * P->ly[o];
        memcpy(ZZ, P->Z, n * p * sizeof *ZZ);
    }
    double b[8];
    if (beta)
        memcpy(b, beta, p * sizeof *b);
    else {
        gsl_matrix *A = gsl_matrix_alloc(n, p);
        gsl_vector *tau = gsl_vector_alloc(p), *bv = gsl_vector_alloc(p), *r = gsl_vector_alloc(n);
        gsl_vector_view yv = gsl_vector_view_array(yy, n);
        for (size_t o = 0; o < n; o++)
            for (size_t c = 0; c < p; c++)
                gsl_matrix_set(A, o, c, ZZ[c * n + o]);
        gsl_linalg_QR_decomp(A, tau);
        gsl_linalg_QR_lssolve(A, tau, &yv.vector, bv, r);
        for (size_t c = 0; c < p; c++)
            b[c] = gsl_vector_get(bv, c);
        gsl_matrix_free(A);
        gsl_vector_free(tau);
        gsl_vector_free(bv);
        gsl_vector_free(r);
    }
    if (beta_out)
        memcpy(beta_out, b, p * sizeof *b);
    double rss = 0;
    for (size_t o = 0; o < n; o++) {
        double v = yy[o];
        for (size_t c = 0; c < p; c++)
            v -= ZZ[c * n + o] * b[c];
        if (e)
            e[o] = v;
        rss += v * v;
    }
    free(yy);
    free(ZZ);
    return rss;
}

static double conc(const prob *P, double a)
{
    double n = (double)(P->nb * P->m);
    double ld = lndet(P, a);
    if (!isfinite(ld))
        return -HUGE_VAL;
    return P->tper * ld - n / 2 * log(resid(P, a, NULL, NULL, NULL));
}

/* full log-likelihood at x = (beta, a, s2) */
static double full(const prob *P, const double *x)
{
    double n = (double)(P->nb * P->m), s2 = x[P->p + 1];
    double rss = resid(P, x[P->p], x, NULL, NULL);
    return -n / 2 * log(2 * M_PI * s2) + P->tper * lndet(P, x[P->p]) - rss / (2 * s2);
}

static double golden(const prob *P)
{
    double best = -HUGE_VAL, xb = 0, lo = -0.99, hi = 0.99, h = (hi - lo) / 60;
    for (int k = 0; k <= 60; k++) {
        double v = conc(P, lo + k * h);
        if (v > best)
            best = v, xb = lo + k * h;
    }
    double a = xb - h, b = xb + h, g = (sqrt(5) - 1) / 2;
    double c = b - g * (b - a), d = a + g * (b - a), fc = conc(P, c), fd = conc(P, d);
    while (b - a > 1e-11) {
        if (fc > fd) {
            b = d, d = c, fd = fc;
            c = b - g * (b - a);
            fc = conc(P, c);
        } else {
            a = c, c = d, fc = fd;
            d = a + g * (b - a);
            fd = conc(P, d);
        }
    }
    return (a + b) / 2;
}

/* Hessian of f at x (dimension k) by central differences with Richardson extrapolation. */
typedef double (*fullf)(const void *ctx, const double *x);

static void hessian(fullf f, const void *ctx, const double *x0, size_t k, const double *scale, double *H)
{
    double x[16];
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++) {
            double est[2];
            for (int r = 0; r < 2; r++) {
                double hi = 1e-3 * scale[i] / (1 << r), hj = 1e-3 * scale[j] / (1 << r);
                memcpy(x, x0, k * sizeof *x);
                double v;
                if (i == j) {
                    double f0 = f(ctx, x);
                    x[i] = x0[i] + hi;
                    double fp = f(ctx, x);
                    x[i] = x0[i] - hi;
                    double fm = f(ctx, x);
                    v = (fp - 2 * f0 + fm) / (hi * hi);
                } else {
                    double s = 0;
                    for (int a = -1; a <= 1; a += 2)
                        for (int b = -1; b <= 1; b += 2) {
                            x[i] = x0[i] + a * hi;
                            x[j] = x0[j] + b * hj;
                            s += a * b * f(ctx, x);
                        }
                    v = s / (4 * hi * hj);
                }
                est[r] = v;
            }
            H[i * k + j] = H[j * k + i] = (4 * est[1] - est[0]) / 3;
        }
}

static void inverse(double *A, size_t k)
{
    gsl_matrix_view M = gsl_matrix_view_array(A, k, k);
    gsl_matrix *inv = gsl_matrix_alloc(k, k);
    gsl_permutation *pm = gsl_permutation_alloc(k);
    int sg;
    gsl_linalg_LU_decomp(&M.matrix, pm, &sg);
    gsl_linalg_LU_invert(&M.matrix, pm, inv);
    gsl_matrix_memcpy(&M.matrix, inv);
    gsl_matrix_free(inv);
    gsl_permutation_free(pm);
}

static double full_cb(const void *ctx, const double *x)
{
    return full(ctx, x);
}

/* Helmert: rows k = 0..n-2 of an orthonormal basis of the vectors orthogonal to the ones. */
static void helmert(double *H, size_t n)
{
    for (size_t k = 0; k + 1 < n; k++) {
        double s = sqrt((double)(k + 1) * (double)(k + 2));
        for (size_t j = 0; j < n; j++)
            H[k * n + j] = j <= k ? 1 / s : j == k + 1 ? -(double)(k + 1) / s : 0;
    }
}

/* Builds the transformed problem for model/fe/leeyu from the raw data. */
static void build(prob *P, nqpf_spreg_model model, nqpf_spreg_fe fe, int leeyu)
{
    int sdm = model == NQPF_SPREG_SDM;
    P->sem = model == NQPF_SPREG_SEM;
    P->p = KX * (sdm ? 2 : 1);
    int unit = fe == NQPF_SPREG_FE_INDIVIDUAL || fe == NQPF_SPREG_FE_TWOWAY;
    int tim = fe == NQPF_SPREG_FE_TIME || fe == NQPF_SPREG_FE_TWOWAY;
    /* raw columns: y, Wy, X, WX (NT each) */
    size_t nc = 2 + P->p;
    double *raw = calloc(nc * NT, sizeof *raw);
    for (int o = 0; o < NT; o++) {
        raw[o] = Y[o];
        for (int j = 0; j < KX; j++)
            raw[(2 + j) * NT + o] = X[o * KX + j];
    }
    for (int t = 0; t < T; t++)
        for (int i = 0; i < N; i++) {
            double s = 0, sx[KX] = {0};
            for (int j = 0; j < N; j++) {
                s += Wd[i * N + j] * Y[t * N + j];
                for (int k = 0; k < KX; k++)
                    sx[k] += Wd[i * N + j] * X[(t * N + j) * KX + k];
            }
            raw[NT + t * N + i] = s;
            if (sdm)
                for (int k = 0; k < KX; k++)
                    raw[(2 + KX + k) * NT + t * N + i] = sx[k];
        }
    if (!leeyu) {
        /* direct: demean every column with explicit means */
        P->m = N;
        P->nb = T;
        P->tper = T;
        memcpy(P->Wm, Wd, sizeof Wd);
        for (size_t c = 0; c < nc; c++) {
            double *v = raw + c * NT, um[N] = {0}, tm[T] = {0}, g = 0;
            for (int t = 0; t < T; t++)
                for (int i = 0; i < N; i++) {
                    um[i] += v[t * N + i] / T;
                    tm[t] += v[t * N + i] / N;
                    g += v[t * N + i] / NT;
                }
            for (int t = 0; t < T; t++)
                for (int i = 0; i < N; i++)
                    v[t * N + i] -= (unit ? um[i] : 0) + (tim ? tm[t] : 0) - (unit && tim ? g : 0);
        }
        P->y = malloc(NT * sizeof(double));
        P->ly = malloc(NT * sizeof(double));
        P->Z = malloc(NT * P->p * sizeof(double));
        memcpy(P->y, raw, NT * sizeof(double));
        if (P->sem) /* SEM: the lag of the demeaned data is formed by bmul; ly unused */
            memset(P->ly, 0, NT * sizeof(double));
        else
            memcpy(P->ly, raw + NT, NT * sizeof(double));
        memcpy(P->Z, raw + 2 * NT, NT * P->p * sizeof(double));
        free(raw);
        return;
    }
    /* Lee-Yu: (F_T' kron F_N') applied to every column; W* = F_N' W F_N */
    size_t m = tim ? N - 1 : N, nb = unit ? T - 1 : T, n = m * nb;
    P->m = m;
    P->nb = nb;
    P->tper = (double)nb;
    static double HN[(N - 1) * N], HT[(T - 1) * T];
    helmert(HN, N);
    helmert(HT, T);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++) {
            double s = 0;
            if (!tim)
                s = Wd[i * N + j];
            else
                for (int a = 0; a < N; a++)
                    for (int b = 0; b < N; b++)
                        s += HN[i * N + a] * Wd[a * N + b] * HN[j * N + b];
            P->Wm[i * m + j] = s;
        }
    double *tr = malloc(nc * n * sizeof *tr);
    for (size_t c = 0; c < nc; c++) {
        const double *v = raw + c * NT;
        for (size_t s = 0; s < nb; s++)
            for (size_t i = 0; i < m; i++) {
                double acc = 0;
                for (int t = 0; t < T; t++) {
                    double ft = unit ? HT[s * T + t] : (size_t)t == s;
                    if (ft == 0)
                        continue;
                    for (int a = 0; a < N; a++) {
                        double fn = tim ? HN[i * N + a] : (size_t)a == i;
                        if (fn != 0)
                            acc += ft * fn * v[t * N + a];
                    }
                }
                tr[c * n + s * m + i] = acc;
            }
    }
    P->y = malloc(n * sizeof(double));
    P->ly = malloc(n * sizeof(double));
    P->Z = malloc(n * P->p * sizeof(double));
    memcpy(P->y, tr, n * sizeof(double));
    memcpy(P->ly, tr + n, n * sizeof(double));
    memcpy(P->Z, tr + 2 * n, n * P->p * sizeof(double));
    free(tr);
    free(raw);
}

static void prob_free(prob *P)
{
    free(P->y);
    free(P->ly);
    free(P->Z);
}

static const char *mname(nqpf_spreg_model m)
{
    return m == NQPF_SPREG_SAR ? "sar" : m == NQPF_SPREG_SEM ? "sem" : "sdm";
}

static void check_fe(nqpf_spreg_model model, nqpf_spreg_fe fe, int leeyu)
{
    if (!load())
        skip(); /* tests/data/spreg/cigar is missing */
    static prob P;
    memset(&P, 0, sizeof P);
    build(&P, model, fe, leeyu);
    double a = golden(&P);
    double x[8];
    size_t p = P.p, n = P.nb * P.m;
    double rss = resid(&P, a, NULL, x, NULL);
    x[p] = a;
    x[p + 1] = rss / (double)n;
    double ll = full(&P, x);

    nqpf__spreg_fit f;
    if (nqpf__spreg_fit_panel(&f, Y, X, N, T, KX, WL, model, fe, leeyu, NQPF_SPREG_LOGDET_EXACT))
        fail_msg("fit: %s", nqpf_error_message());
    char ctx[128];
    snprintf(ctx, sizeof ctx, "%s fe %d leeyu %d", mname(model), (int)fe, leeyu);
    print_message("%s: a %.10f ll %.8f s2 %.10g nobs %zu r2 %.6f\n", ctx, a, ll, x[p + 1], f.nobs, f.r2);
    for (size_t c = 0; c <= p; c++)
        print_message("    %s %.7f (se %.7f)\n", c < p ? "b" : "a", c < p ? f.beta[c] : a, sqrt(f.cov[c * (p + 1) + c]));
    assert_int_equal(f.nb, p);
    assert_int_equal(f.has_const, 0);
    assert_int_equal(f.nobs, n);
    assert_int_equal(f.npar, p + 2);
    for (size_t c = 0; c < p; c++)
        tu_assert_close(f.beta[c], x[c], 1e-6, 1e-8, ctx);
    tu_assert_close(model == NQPF_SPREG_SEM ? f.lambda : f.rho, a, 1e-6, 1e-8, ctx);
    assert_true(isnan(model == NQPF_SPREG_SEM ? f.rho : f.lambda));
    tu_assert_close(f.sigma2, x[p + 1], 1e-6, 0, ctx);
    tu_assert_close(f.loglik, ll, 0, 1e-6, ctx);
    /* standard errors: numerical Hessian of the full log-likelihood */
    size_t k = p + 2;
    double H[64], sc[8];
    for (size_t i = 0; i < k; i++)
        sc[i] = fmax(fabs(x[i]), 0.05);
    sc[p + 1] = x[p + 1];
    hessian(full_cb, &P, x, k, sc, H);
    for (size_t i = 0; i < k * k; i++)
        H[i] = -H[i];
    inverse(H, k);
    for (size_t i = 0; i <= p; i++) {
        tu_assert_close(sqrt(f.cov[i * (p + 1) + i]), sqrt(H[i * k + i]), 1e-5, 0, ctx);
        for (size_t j = 0; j <= p; j++)
            tu_assert_close(f.cov[i * (p + 1) + j], H[i * k + j], 1e-4, 1e-6 * sqrt(H[i * k + i] * H[j * k + j]), ctx);
    }
    tu_assert_close(f.var_sigma2, H[(p + 1) * k + p + 1], 1e-5, 0, ctx);
    /* R^2: squared correlation of the within y and the reduced-form fit (plain ML only: the Lee-Yu
     * fit reports the same definition on the demeaned data, checked by its range) */
    assert_true(f.r2 > 0 && f.r2 < 1);
    if (leeyu && fe == NQPF_SPREG_FE_INDIVIDUAL) {
        /* individual effects: beta and rho of the direct approach, sigma2 times T/(T-1) */
        nqpf__spreg_fit g;
        if (nqpf__spreg_fit_panel(&g, Y, X, N, T, KX, WL, model, fe, 0, NQPF_SPREG_LOGDET_EXACT))
            fail_msg("fit: %s", nqpf_error_message());
        for (size_t c = 0; c < p; c++)
            tu_assert_close(f.beta[c], g.beta[c], 1e-7, 1e-9, ctx);
        tu_assert_close(f.sigma2, g.sigma2 * T / (T - 1), 1e-7, 0, ctx);
        nqpf__spreg_fit_free(&g);
    }
    nqpf__spreg_fit_free(&f);
    prob_free(&P);
}

static void fe_sar_ind(void **s) { (void)s; check_fe(NQPF_SPREG_SAR, NQPF_SPREG_FE_INDIVIDUAL, 0); }
static void fe_sar_ind_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SAR, NQPF_SPREG_FE_INDIVIDUAL, 1); }
static void fe_sar_time(void **s) { (void)s; check_fe(NQPF_SPREG_SAR, NQPF_SPREG_FE_TIME, 0); }
static void fe_sar_two(void **s) { (void)s; check_fe(NQPF_SPREG_SAR, NQPF_SPREG_FE_TWOWAY, 0); }
static void fe_sar_two_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SAR, NQPF_SPREG_FE_TWOWAY, 1); }
static void fe_sem_ind(void **s) { (void)s; check_fe(NQPF_SPREG_SEM, NQPF_SPREG_FE_INDIVIDUAL, 0); }
static void fe_sem_ind_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SEM, NQPF_SPREG_FE_INDIVIDUAL, 1); }
static void fe_sem_time_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SEM, NQPF_SPREG_FE_TIME, 1); }
static void fe_sem_two(void **s) { (void)s; check_fe(NQPF_SPREG_SEM, NQPF_SPREG_FE_TWOWAY, 0); }
static void fe_sem_two_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SEM, NQPF_SPREG_FE_TWOWAY, 1); }
static void fe_sdm_ind(void **s) { (void)s; check_fe(NQPF_SPREG_SDM, NQPF_SPREG_FE_INDIVIDUAL, 0); }
static void fe_sdm_ind_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SDM, NQPF_SPREG_FE_INDIVIDUAL, 1); }
static void fe_sdm_time(void **s) { (void)s; check_fe(NQPF_SPREG_SDM, NQPF_SPREG_FE_TIME, 0); }
static void fe_sdm_two(void **s) { (void)s; check_fe(NQPF_SPREG_SDM, NQPF_SPREG_FE_TWOWAY, 0); }
static void fe_sdm_two_ly(void **s) { (void)s; check_fe(NQPF_SPREG_SDM, NQPF_SPREG_FE_TWOWAY, 1); }

/* R splm (spfeml) lags the demeaned y, W (y - means), where the model lags first and then demeans;
 * with period effects the two differ (the per-period mean of W y* is not 0 unless W's columns sum
 * to 1). The difference is documented in docs/spreg_panel.md with these numbers. */
static void splm_lag_differs(void **s)
{
    (void)s;
    if (!load())
        skip(); /* tests/data/spreg/cigar is missing */
    static prob P;
    memset(&P, 0, sizeof P);
    build(&P, NQPF_SPREG_SAR, NQPF_SPREG_FE_TWOWAY, 0);
    for (int t = 0; t < T; t++) /* splm: ly = W y* */
        for (int i = 0; i < N; i++) {
            double v = 0;
            for (int j = 0; j < N; j++)
                v += Wd[i * N + j] * P.y[t * N + j];
            P.ly[t * N + i] = v;
        }
    double a = golden(&P);
    nqpf__spreg_fit f;
    if (nqpf__spreg_fit_panel(&f, Y, X, N, T, KX, WL, NQPF_SPREG_SAR, NQPF_SPREG_FE_TWOWAY, 0,
                              NQPF_SPREG_LOGDET_EXACT))
        fail_msg("fit: %s", nqpf_error_message());
    double b[4];
    resid(&P, a, NULL, b, NULL);
    print_message("two-way SAR: nqpf rho %.6f logp %.6f logy %.6f; with splm's lag of the demeaned y: rho %.6f "
                  "logp %.6f logy %.6f\n",
                  f.rho, f.beta[0], f.beta[1], a, b[0], b[1]);
    assert_true(fabs(f.rho - a) > 1e-4);
    nqpf__spreg_fit_free(&f);
    prob_free(&P);
}

static void errors(void **s)
{
    (void)s;
    if (!load())
        skip(); /* tests/data/spreg/cigar is missing */
    nqpf__spreg_fit f;
    tu_assert_error(nqpf__spreg_fit_panel(&f, Y, X, N, T, KX, WL, NQPF_SPREG_SAC, NQPF_SPREG_FE_INDIVIDUAL, 0,
                                          NQPF_SPREG_LOGDET_EXACT),
                    NQPF_EUSAGE, "the option model");
    tu_assert_error(nqpf__spreg_fit_panel(&f, Y, X, N, T, KX, WL, NQPF_SPREG_SAR, NQPF_SPREG_FE_RANDOM, 1,
                                          NQPF_SPREG_LOGDET_EXACT),
                    NQPF_EUSAGE, "the option leeyu");
    tu_assert_error(nqpf__spreg_fit_panel(&f, Y, X, N, 1, KX, WL, NQPF_SPREG_SAR, NQPF_SPREG_FE_INDIVIDUAL, 0,
                                          NQPF_SPREG_LOGDET_EXACT),
                    NQPF_EDATA, "fewer periods than 2");
    static double Xc[NT * KX], Yn[NT];
    memcpy(Xc, X, sizeof X);
    for (int o = 0; o < NT; o++) /* a variable constant over time within each state */
        Xc[o * KX + 1] = o % N;
    tu_assert_error(nqpf__spreg_fit_panel(&f, Y, Xc, N, T, KX, WL, NQPF_SPREG_SAR, NQPF_SPREG_FE_INDIVIDUAL, 0,
                                          NQPF_SPREG_LOGDET_EXACT),
                    NQPF_EDATA, "collinear");
    memcpy(Yn, Y, sizeof Y);
    Yn[5 * N + 3] = NAN;
    tu_assert_error(nqpf__spreg_fit_panel(&f, Yn, X, N, T, KX, WL, NQPF_SPREG_SEM, NQPF_SPREG_FE_TWOWAY, 0,
                                          NQPF_SPREG_LOGDET_EXACT),
                    NQPF_EDATA, "unit 4 in period 6");
    /* Lee-Yu with time effects needs rows summing to one */
    nqpf_weights *wb = NULL;
    char ids[N][8];
    const char *idp[N];
    for (int i = 0; i < N; i++) {
        snprintf(ids[i], sizeof ids[i], "%d", i + 1);
        idp[i] = ids[i];
    }
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    wo.style = NQPF_WSTYLE_BINARY;
    if (nqpf_weights_read(&wb, tu_source("tests/data/spreg/cigar/edges.csv"), idp, N, &wo))
        fail_msg("weights: %s", nqpf_error_message());
    tu_assert_error(nqpf__spreg_fit_panel(&f, Y, X, N, T, KX, wb, NQPF_SPREG_SAR, NQPF_SPREG_FE_TWOWAY, 1,
                                          NQPF_SPREG_LOGDET_EXACT),
                    NQPF_EDATA, "rows sum to 1");
    nqpf_weights_free(wb);
}

/* ---- random effects ------------------------------------------------------------------------- */

/* Elhorst's RE SAR/SDM: full log-likelihood at (beta incl. constant, rho, theta, s2). */
typedef struct rep {
    int sdm, sem;
    size_t p;
    double Z[NT * 5]; /* column-major: 1, X, [WX] */
    double wy[NT];
} rep;

static void re_build(rep *R, int sdm, int sem)
{
    R->sdm = sdm;
    R->sem = sem;
    R->p = 1 + KX * (sdm ? 2 : 1);
    for (int t = 0; t < T; t++)
        for (int i = 0; i < N; i++) {
            int o = t * N + i;
            R->Z[o] = 1;
            double s = 0;
            for (int j = 0; j < N; j++)
                s += Wd[i * N + j] * Y[t * N + j];
            R->wy[o] = s;
            for (int k = 0; k < KX; k++) {
                R->Z[(1 + k) * NT + o] = X[o * KX + k];
                if (sdm) {
                    double sx = 0;
                    for (int j = 0; j < N; j++)
                        sx += Wd[i * N + j] * X[(t * N + j) * KX + k];
                    R->Z[(1 + KX + k) * NT + o] = sx;
                }
            }
        }
}

static prob WP; /* the dense W for lndet */

static double re_sar_full(const void *ctx, const double *x)
{
    const rep *R = ctx;
    size_t p = R->p;
    double rho = x[p], th = x[p + 1], s2 = x[p + 2];
    if (!(th > 0) || !(s2 > 0))
        return NAN;
    double mean_r[N] = {0}, rss = 0;
    static double r[NT];
    for (int o = 0; o < NT; o++) {
        double v = Y[o] - rho * R->wy[o];
        for (size_t c = 0; c < p; c++)
            v -= R->Z[c * NT + o] * x[c];
        r[o] = v;
        mean_r[o % N] += v / T;
    }
    for (int o = 0; o < NT; o++) {
        double e = r[o] - (1 - th) * mean_r[o % N];
        rss += e * e;
    }
    return -NT / 2.0 * log(2 * M_PI * s2) + T * lndet(&WP, rho) + N * log(th) - rss / (2 * s2);
}

/* RE SEM by Woodbury: Omega/s2 = I_T kron A + phi (i kron I)(i kron I)', A = (B'B)^-1, so
 * s2 Omega^-1 = I kron B'B - (i kron B'B) M^-1 (i' kron B'B), M = I/phi + T B'B, and
 * log|Omega/s2| = -T log|B'B| + log|I + phi T B'B|. Quadratic form of r (NT) returned, log det in *ld. */
static double woodbury(double lam, double phi, const double *r, double *ldo)
{
    static double BB[N * N], Bm[N * N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            Bm[i * N + j] = (i == j) - lam * Wd[i * N + j];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++)
                s += Bm[k * N + i] * Bm[k * N + j];
            BB[i * N + j] = s;
        }
    /* q = sum_t r_t' BB r_t - (BB rs)' M^-1 (BB rs), rs = sum_t r_t */
    double q = 0, rs[N] = {0}, u[N];
    for (int t = 0; t < T; t++)
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int j = 0; j < N; j++)
                s += BB[i * N + j] * r[t * N + j];
            q += r[t * N + i] * s;
            rs[i] += r[t * N + i];
        }
    for (int i = 0; i < N; i++) {
        double s = 0;
        for (int j = 0; j < N; j++)
            s += BB[i * N + j] * rs[j];
        u[i] = s;
    }
    gsl_matrix *Mm = gsl_matrix_alloc(N, N), *L = gsl_matrix_alloc(N, N);
    gsl_permutation *pm = gsl_permutation_alloc(N);
    gsl_vector *z = gsl_vector_alloc(N);
    gsl_vector_view uv = gsl_vector_view_array(u, N);
    double ld = 0;
    if (phi > 0) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                gsl_matrix_set(Mm, i, j, (i == j) / phi + T * BB[i * N + j]);
                gsl_matrix_set(L, i, j, (i == j) + phi * T * BB[i * N + j]);
            }
        int sg;
        gsl_linalg_LU_decomp(Mm, pm, &sg);
        gsl_linalg_LU_solve(Mm, pm, &uv.vector, z);
        for (int i = 0; i < N; i++)
            q -= u[i] * gsl_vector_get(z, i);
        gsl_linalg_LU_decomp(L, pm, &sg);
        ld += gsl_linalg_LU_lndet(L);
    }
    ld -= 2.0 * T * lndet(&WP, lam); /* -T log|B'B| = -2T log|B| */
    gsl_matrix_free(Mm);
    gsl_matrix_free(L);
    gsl_permutation_free(pm);
    gsl_vector_free(z);
    *ldo = ld;
    return q;
}

static double re_sem_full(const void *ctx, const double *x)
{
    const rep *R = ctx;
    size_t p = R->p;
    double lam = x[p], phi = x[p + 1], s2 = x[p + 2];
    if (!(phi >= 0) || !(s2 > 0))
        return NAN;
    static double r[NT];
    for (int o = 0; o < NT; o++) {
        double v = Y[o];
        for (size_t c = 0; c < p; c++)
            v -= R->Z[c * NT + o] * x[c];
        r[o] = v;
    }
    double ld, q = woodbury(lam, phi, r, &ld);
    return -NT / 2.0 * log(2 * M_PI * s2) - 0.5 * ld - q / (2 * s2);
}

/* Concentrated in beta and s2 for (spatial parameter, theta or log phi): beta by GLS, i.e. the
 * least squares of the quadratic form, found by solving the normal equations built from the full
 * log-likelihood's quadratic form column by column (x_c unit vectors). */
typedef struct nmctx {
    rep *R;
    double beta[8], s2;
} nmctx;

/* The log-determinant part of the log-likelihood at (a, b) (theta or phi). */
static double ldpart_re(const rep *R, double a, double b)
{
    if (!R->sem)
        return T * lndet(&WP, a) + N * log(b);
    double ld;
    static double z[NT];
    woodbury(a, b, z, &ld);
    return -0.5 * ld;
}

/* The quadratic form at beta: -2 (LL - constant - log-determinant part) with s2 = 1. */
static double quad_re(const rep *R, double a, double b, const double *beta, double ldpart)
{
    double x[12];
    size_t p = R->p;
    memcpy(x, beta, p * sizeof *x);
    x[p] = a;
    x[p + 1] = b;
    x[p + 2] = 1;
    double ll = R->sem ? re_sem_full(R, x) : re_sar_full(R, x);
    return -2 * (ll + NT / 2.0 * log(2 * M_PI) - ldpart);
}

static double nm_conc(const gsl_vector *v, void *pp)
{
    nmctx *C = pp;
    rep *R = C->R;
    size_t p = R->p;
    double a = gsl_vector_get(v, 0), b = R->sem ? exp(gsl_vector_get(v, 1)) : gsl_vector_get(v, 1);
    if (!(a > -0.99 && a < 0.99) || !(b > 0) || (!R->sem && b > 1))
        return 1e300;
    /* the quadratic form is q(beta) = q0 - 2 g'beta + beta'A beta: recover g and A from values */
    double ldp = ldpart_re(R, a, b), z[8] = {0}, q0 = quad_re(R, a, b, z, ldp), A[64], g[8];
    for (size_t i = 0; i < p; i++) {
        double e[8] = {0};
        e[i] = 1;
        double qp = quad_re(R, a, b, e, ldp);
        e[i] = -1;
        double qm = quad_re(R, a, b, e, ldp);
        A[i * p + i] = (qp + qm) / 2 - q0;
        g[i] = (qm - qp) / 4;
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = i + 1; j < p; j++) {
            double e[8] = {0};
            e[i] = e[j] = 1;
            double qij = quad_re(R, a, b, e, ldp);
            A[i * p + j] = A[j * p + i] = (qij - q0 + 2 * g[i] + 2 * g[j] - A[i * p + i] - A[j * p + j]) / 2;
        }
    gsl_matrix_view Am = gsl_matrix_view_array(A, p, p);
    gsl_vector_view gv = gsl_vector_view_array(g, p), bv = gsl_vector_view_array(C->beta, p);
    gsl_linalg_HH_solve(&Am.matrix, &gv.vector, &bv.vector);
    double q = quad_re(R, a, b, C->beta, ldp);
    C->s2 = q / NT;
    double x[12];
    memcpy(x, C->beta, p * sizeof *x);
    x[p] = a;
    x[p + 1] = b;
    x[p + 2] = C->s2;
    double ll = R->sem ? re_sem_full(R, x) : re_sar_full(R, x);
    return isfinite(ll) ? -ll : 1e300;
}

static void nm_fit(nmctx *C, double a0, double b0, double *a, double *b)
{
    gsl_multimin_function F = {nm_conc, 2, C};
    gsl_vector *x = gsl_vector_alloc(2), *st = gsl_vector_alloc(2);
    gsl_vector_set(x, 0, a0);
    gsl_vector_set(x, 1, b0);
    for (int restart = 0; restart < 2; restart++) {
        gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
        gsl_vector_set_all(st, restart == 0 ? 0.05 : 1e-3);
        gsl_multimin_fminimizer_set(m, &F, x, st);
        for (int it = 0; it < 2000; it++) {
            if (gsl_multimin_fminimizer_iterate(m))
                break;
            if (gsl_multimin_fminimizer_size(m) < 1e-10)
                break;
        }
        gsl_vector_memcpy(x, gsl_multimin_fminimizer_x(m));
        gsl_multimin_fminimizer_free(m);
    }
    *a = gsl_vector_get(x, 0);
    *b = gsl_vector_get(x, 1);
    nm_conc(x, C);
    gsl_vector_free(x);
    gsl_vector_free(st);
}

static void setup_wp(void)
{
    WP.m = N;
    memcpy(WP.Wm, Wd, sizeof Wd);
}

static void check_re(nqpf_spreg_model model, nqpf__spreg_fit *out)
{
    if (!load())
        skip(); /* tests/data/spreg/cigar is missing */
    setup_wp();
    static rep R;
    int sem = model == NQPF_SPREG_SEM;
    re_build(&R, model == NQPF_SPREG_SDM, sem);
    nmctx C = {&R, {0}, 0};
    double a, b;
    nm_fit(&C, 0.2, sem ? log(5.0) : 0.3, &a, &b);
    size_t p = R.p;
    double x[12];
    memcpy(x, C.beta, p * sizeof *x);
    x[p] = a;
    x[p + 1] = sem ? exp(b) : b;
    x[p + 2] = C.s2;
    double ll = sem ? re_sem_full(&R, x) : re_sar_full(&R, x);
    nqpf__spreg_fit f;
    if (nqpf__spreg_fit_panel(&f, Y, X, N, T, KX, WL, model, NQPF_SPREG_FE_RANDOM, 0, NQPF_SPREG_LOGDET_EXACT))
        fail_msg("fit: %s", nqpf_error_message());
    char ctx[64];
    snprintf(ctx, sizeof ctx, "%s random", mname(model));
    double sig_mu = sem ? x[p + 1] * C.s2 : C.s2 * (1 / (b * b) - 1) / T;
    print_message("%s: a %.8f b %.8f ll %.8f lib ll %.8f s2mu %.6g lib %.6g\n", ctx, a, x[p + 1], ll, f.loglik,
                  sig_mu, f.sigma2_mu);
    assert_int_equal(f.has_const, 1);
    assert_int_equal(f.nb, p);
    /* the library's maximum is at least as high as the simplex's, and the same point */
    assert_true(f.loglik >= ll - 1e-7);
    tu_assert_close(f.loglik, ll, 0, 1e-6, ctx);
    for (size_t c = 0; c < p; c++)
        tu_assert_close(f.beta[c], C.beta[c], 2e-5, 1e-7, ctx);
    tu_assert_close(sem ? f.lambda : f.rho, a, 2e-5, 1e-7, ctx);
    tu_assert_close(f.sigma2, C.s2, 2e-5, 0, ctx);
    tu_assert_close(f.sigma2_mu, sig_mu, 1e-4, 0, ctx);
    /* the library's log-likelihood equals the independent one at the library's estimates */
    double xl[12];
    memcpy(xl, f.beta, p * sizeof *xl);
    xl[p] = sem ? f.lambda : f.rho;
    xl[p + 1] = sem ? f.sigma2_mu / f.sigma2 : sqrt(f.sigma2 / (T * f.sigma2_mu + f.sigma2));
    xl[p + 2] = f.sigma2;
    tu_assert_close(f.loglik, sem ? re_sem_full(&R, xl) : re_sar_full(&R, xl), 0, 1e-8, ctx);
    /* standard errors against the numerical Hessian of the independent full log-likelihood */
    size_t k = p + 3;
    double H[144], sc[12];
    for (size_t i = 0; i < k; i++)
        sc[i] = fmax(fabs(xl[i]), 0.05);
    sc[p + 2] = xl[p + 2];
    hessian(sem ? re_sem_full : re_sar_full, &R, xl, k, sc, H);
    for (size_t i = 0; i < k * k; i++)
        H[i] = -H[i];
    inverse(H, k);
    for (size_t i = 0; i <= p; i++)
        tu_assert_close(sqrt(f.cov[i * (p + 1) + i]), sqrt(H[i * k + i]), sem ? 1e-4 : 1e-5, 0, ctx);
    tu_assert_close(f.var_sigma2, H[(p + 2) * k + p + 2], sem ? 1e-4 : 1e-5, 0, ctx);
    if (out)
        *out = f;
    else
        nqpf__spreg_fit_free(&f);
}

static void re_sar(void **s) { (void)s; check_re(NQPF_SPREG_SAR, NULL); }
static void re_sdm(void **s) { (void)s; check_re(NQPF_SPREG_SDM, NULL); }

/* RE SEM and the Hausman test against FE SEM. */
static void re_sem_hausman(void **s)
{
    (void)s;
    nqpf__spreg_fit re, fe;
    check_re(NQPF_SPREG_SEM, &re);
    if (nqpf__spreg_fit_panel(&fe, Y, X, N, T, KX, WL, NQPF_SPREG_SEM, NQPF_SPREG_FE_INDIVIDUAL, 0,
                              NQPF_SPREG_LOGDET_EXACT))
        fail_msg("fit: %s", nqpf_error_message());
    double stat, pv;
    size_t df;
    int rc = nqpf__spreg_hausman(&stat, &df, &pv, &fe, &re);
    /* second route: LU inverse of the covariance difference over (beta without _cons, lambda) */
    size_t m = KX + 1;
    double V[16], d[4];
    for (size_t a = 0; a < m; a++) {
        d[a] = (a < KX ? fe.beta[a] : fe.lambda) - (a < KX ? re.beta[1 + a] : re.lambda);
        for (size_t b = 0; b < m; b++)
            V[a * m + b] = fe.cov[a * (KX + 1) + b] - re.cov[(1 + a) * (KX + 2) + 1 + b];
    }
    inverse(V, m);
    double h = 0;
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++)
            h += d[a] * V[a * m + b] * d[b];
    print_message("hausman sem: rc %d stat %.6f (second route %.6f) df %zu p %.3g\n", rc, stat, h, df, pv);
    if (rc == NQPF_OK) {
        assert_int_equal(df, m);
        tu_assert_close(stat, h, 1e-9, 0, "hausman");
        tu_assert_close(pv, gsl_sf_gamma_inc_Q(m / 2.0, h / 2), 1e-9, 1e-300, "hausman p");
    } else {
        /* not positive definite: the second route's statistic is then not a valid chi-square */
        assert_int_equal(rc, NQPF_EDATA);
        assert_non_null(strstr(nqpf_error_message(), "not positive definite"));
    }
    /* SAR: FE individual (plain ML, then Lee-Yu, whose larger variances make the difference
     * positive definite here) vs RE */
    nqpf__spreg_fit rsr;
    if (nqpf__spreg_fit_panel(&rsr, Y, X, N, T, KX, WL, NQPF_SPREG_SAR, NQPF_SPREG_FE_RANDOM, 0,
                              NQPF_SPREG_LOGDET_EXACT))
        fail_msg("fit: %s", nqpf_error_message());
    for (int ly = 0; ly <= 1; ly++) {
        nqpf__spreg_fit fs;
        if (nqpf__spreg_fit_panel(&fs, Y, X, N, T, KX, WL, NQPF_SPREG_SAR, NQPF_SPREG_FE_INDIVIDUAL, ly,
                                  NQPF_SPREG_LOGDET_EXACT))
            fail_msg("fit: %s", nqpf_error_message());
        rc = nqpf__spreg_hausman(&stat, &df, &pv, &fs, &rsr);
        for (size_t a = 0; a < m; a++) {
            d[a] = (a < KX ? fs.beta[a] : fs.rho) - (a < KX ? rsr.beta[1 + a] : rsr.rho);
            for (size_t b = 0; b < m; b++)
                V[a * m + b] = fs.cov[a * (KX + 1) + b] - rsr.cov[(1 + a) * (KX + 2) + 1 + b];
        }
        inverse(V, m);
        h = 0;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                h += d[a] * V[a * m + b] * d[b];
        print_message("hausman sar (leeyu %d): rc %d stat %.6f (second route %.6f) df %zu p %.3g\n", ly, rc, stat, h,
                      df, pv);
        if (ly == 0) { /* not positive definite on this panel */
            assert_int_equal(rc, NQPF_EDATA);
            assert_true(h < 0);
        } else {
            assert_int_equal(rc, NQPF_OK);
            assert_int_equal(df, m);
            tu_assert_close(stat, h, 1e-9, 0, "hausman sar");
            tu_assert_close(pv, gsl_sf_gamma_inc_Q(m / 2.0, h / 2), 1e-9, 1e-300, "hausman sar p");
        }
        if (ly == 1) /* mismatched models are refused */
            tu_assert_error(nqpf__spreg_hausman(&stat, &df, &pv, &fs, &re), NQPF_EUSAGE, "same model");
        nqpf__spreg_fit_free(&fs);
    }
    /* a hand-computed case: V_fe - V_re = 3 I, d = (1, 2, 3): H = 14/3 on 3 df */
    {
        double bf[2] = {1.5, 2.5}, br[3] = {9, 0.5, 0.5}, cf[9], cr[16];
        for (size_t i = 0; i < 9; i++)
            cf[i] = i % 4 == 0 ? 4 : 0.25;
        for (size_t i = 0; i < 16; i++)
            cr[i] = i % 5 == 0 ? 1 : 0.25;
        nqpf__spreg_fit hf = {.model = NQPF_SPREG_SAR, .kx = 2, .nb = 2, .nsp = 1, .beta = bf, .rho = 3.5, .cov = cf};
        nqpf__spreg_fit hr = {.model = NQPF_SPREG_SAR, .kx = 2, .nb = 3, .has_const = 1, .nsp = 1, .beta = br,
                              .rho = 0.5, .cov = cr};
        if (nqpf__spreg_hausman(&stat, &df, &pv, &hf, &hr))
            fail_msg("hausman: %s", nqpf_error_message());
        assert_int_equal(df, 3);
        tu_assert_close(stat, 14.0 / 3, 1e-14, 0, "hausman by hand");
        tu_assert_close(pv, gsl_sf_gamma_inc_Q(1.5, 7.0 / 3), 1e-12, 0, "hausman by hand p");
    }
    nqpf__spreg_fit_free(&rsr);
    nqpf__spreg_fit_free(&fe);
    nqpf__spreg_fit_free(&re);
}

static int teardown(void **s)
{
    (void)s;
    nqpf_weights_free(WL);
    return 0;
}

int main(void)
{
    nqpf_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fe_sar_ind),     cmocka_unit_test(fe_sar_ind_ly), cmocka_unit_test(fe_sar_time),
        cmocka_unit_test(fe_sar_two),     cmocka_unit_test(fe_sar_two_ly), cmocka_unit_test(fe_sem_ind),
        cmocka_unit_test(fe_sem_ind_ly),  cmocka_unit_test(fe_sem_time_ly), cmocka_unit_test(fe_sem_two),
        cmocka_unit_test(fe_sem_two_ly),  cmocka_unit_test(fe_sdm_ind),    cmocka_unit_test(fe_sdm_ind_ly),
        cmocka_unit_test(fe_sdm_time),    cmocka_unit_test(fe_sdm_two),    cmocka_unit_test(fe_sdm_two_ly),
        cmocka_unit_test(errors),         cmocka_unit_test(splm_lag_differs),         cmocka_unit_test(re_sar),        cmocka_unit_test(re_sdm),
        cmocka_unit_test(re_sem_hausman),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
