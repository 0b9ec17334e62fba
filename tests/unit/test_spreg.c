/* Cross-section spatial regression (nqpf_spreg_run, src/spreg/) against an independent
 * implementation written here with dense GSL matrices: W built from the edge list by hand and
 * row-standardised, log|I - aW| from a GSL LU determinant (not logdet.c), each model's concentrated
 * log-likelihood maximised by a grid and golden-section search (SAC: golden section over rho of the
 * likelihood profiled over lambda), OLS by GSL least squares, the LM tests and Moran's I moments from
 * the dense residual maker M = I - Z(Z'Z)^-1 Z', the information matrix from dense inverses, and the
 * LeSage-Pace effects from the dense S_k = (I - rho W)^-1 (b_k I + t_k W) with a central-difference
 * gradient for the delta method. Data: Columbus (Anselin 1988), CRIME on INC and HOVAL, queen
 * contiguity (tests/data/spreg/columbus, CC0). Agreement to 1e-6 (relative) is asked throughout: the
 * two searches stop at 1e-10 in the spatial parameter. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "testutil.h"
#include "nqpf/spreg.h"
#include "spreg/spreg_internal.h"

#define N 49
#define KX 2

static double Wd[N][N]; /* row-standardised queen W */
static double yv[N], Xv[N][KX];

static void load_columbus(void)
{
    static int done = 0;
    if (done)
        return;
    nqpf_table *d = tu_read(tu_source("tests/data/spreg/columbus/data.csv"));
    nqpf_table *e = tu_read(tu_source("tests/data/spreg/columbus/edges.csv"));
    assert_int_equal(nqpf_table_nrows(d), N);
    const double *id = nqpf_table_cnum(d, nqpf_table_find(d, "id"));
    const double *cr = nqpf_table_cnum(d, nqpf_table_find(d, "CRIME"));
    const double *inc = nqpf_table_cnum(d, nqpf_table_find(d, "INC"));
    const double *hv = nqpf_table_cnum(d, nqpf_table_find(d, "HOVAL"));
    for (size_t i = 0; i < N; i++) {
        assert_true(id[i] == (double)(i + 1));
        yv[i] = cr[i];
        Xv[i][0] = inc[i];
        Xv[i][1] = hv[i];
    }
    const double *fr = nqpf_table_cnum(e, nqpf_table_find(e, "from"));
    const double *to = nqpf_table_cnum(e, nqpf_table_find(e, "to"));
    memset(Wd, 0, sizeof Wd);
    for (size_t r = 0; r < nqpf_table_nrows(e); r++)
        Wd[(size_t)fr[r] - 1][(size_t)to[r] - 1] = 1;
    for (size_t i = 0; i < N; i++) {
        double s = 0;
        for (size_t j = 0; j < N; j++)
            s += Wd[i][j];
        assert_true(s > 0);
        for (size_t j = 0; j < N; j++)
            Wd[i][j] /= s;
    }
    nqpf_table_free(d);
    nqpf_table_free(e);
    done = 1;
}

/* ---- dense helpers ---- */

static void lagv(const double *x, double *out)
{
    for (size_t i = 0; i < N; i++) {
        double s = 0;
        for (size_t j = 0; j < N; j++)
            s += Wd[i][j] * x[j];
        out[i] = s;
    }
}

/* I - aW */
static gsl_matrix *imaw(double a)
{
    gsl_matrix *m = gsl_matrix_alloc(N, N);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(m, i, j, (i == j) - a * Wd[i][j]);
    return m;
}

static double lu_logdet(double a)
{
    gsl_matrix *m = imaw(a);
    gsl_permutation *p = gsl_permutation_alloc(N);
    int s;
    gsl_linalg_LU_decomp(m, p, &s);
    double v = gsl_linalg_LU_lndet(m);
    assert_int_equal(gsl_linalg_LU_sgndet(m, s), 1);
    gsl_permutation_free(p);
    gsl_matrix_free(m);
    return v;
}

static gsl_matrix *inverse(const gsl_matrix *a)
{
    size_t n = a->size1;
    gsl_matrix *c = gsl_matrix_alloc(n, n), *inv = gsl_matrix_alloc(n, n);
    gsl_matrix_memcpy(c, a);
    gsl_permutation *p = gsl_permutation_alloc(n);
    int s;
    gsl_linalg_LU_decomp(c, p, &s);
    gsl_linalg_LU_invert(c, p, inv);
    gsl_permutation_free(p);
    gsl_matrix_free(c);
    return inv;
}

/* design [1, X, WX (when lag)] as a gsl matrix */
static gsl_matrix *design(int lag)
{
    size_t k = 1 + KX + (lag ? KX : 0);
    gsl_matrix *Z = gsl_matrix_alloc(N, k);
    double col[N], l[N];
    for (size_t i = 0; i < N; i++) {
        gsl_matrix_set(Z, i, 0, 1);
        for (size_t j = 0; j < KX; j++)
            gsl_matrix_set(Z, i, 1 + j, Xv[i][j]);
    }
    for (size_t j = 0; lag && j < KX; j++) {
        for (size_t i = 0; i < N; i++)
            col[i] = Xv[i][j];
        lagv(col, l);
        for (size_t i = 0; i < N; i++)
            gsl_matrix_set(Z, i, 1 + KX + j, l[i]);
    }
    return Z;
}

/* least squares of v on Z (GSL QR); returns e'e, b into bout (may be NULL), residuals into e (may be NULL) */
static double lsq(const gsl_matrix *Z, const double *v, double *bout, double *e)
{
    size_t n = Z->size1, k = Z->size2;
    gsl_matrix *QR = gsl_matrix_alloc(n, k);
    gsl_matrix_memcpy(QR, Z);
    gsl_vector *tau = gsl_vector_alloc(k), *b = gsl_vector_alloc(k), *r = gsl_vector_alloc(n);
    gsl_vector_const_view vv = gsl_vector_const_view_array(v, n);
    gsl_linalg_QR_decomp(QR, tau);
    gsl_linalg_QR_lssolve(QR, tau, &vv.vector, b, r);
    double ee = 0;
    for (size_t i = 0; i < n; i++) {
        ee += gsl_vector_get(r, i) * gsl_vector_get(r, i);
        if (e)
            e[i] = gsl_vector_get(r, i);
    }
    for (size_t j = 0; bout && j < k; j++)
        bout[j] = gsl_vector_get(b, j);
    gsl_matrix_free(QR);
    gsl_vector_free(tau);
    gsl_vector_free(b);
    gsl_vector_free(r);
    return ee;
}

/* concentrated log-likelihood of SAC at (rho, lam) on Z (SAR: lam = 0, SEM: rho = 0), beta into b */
static double conc_ll(const gsl_matrix *Z, double rho, double lam, double *b, double *s2out)
{
    size_t k = Z->size2;
    double Wy[N], Ay[N], yt[N], t[N];
    lagv(yv, Wy);
    for (size_t i = 0; i < N; i++)
        Ay[i] = yv[i] - rho * Wy[i];
    lagv(Ay, t);
    for (size_t i = 0; i < N; i++)
        yt[i] = Ay[i] - lam * t[i];
    gsl_matrix *Zt = gsl_matrix_alloc(N, k);
    double c[N], l[N];
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < N; i++)
            c[i] = gsl_matrix_get(Z, i, j);
        lagv(c, l);
        for (size_t i = 0; i < N; i++)
            gsl_matrix_set(Zt, i, j, c[i] - lam * l[i]);
    }
    double ee = lsq(Zt, yt, b, NULL);
    gsl_matrix_free(Zt);
    double s2 = ee / N;
    if (s2out)
        *s2out = s2;
    return -0.5 * N * (log(2 * M_PI) + 1 + log(s2)) + (rho != 0 ? lu_logdet(rho) : 0) + (lam != 0 ? lu_logdet(lam) : 0);
}

typedef double (*f1)(double, void *);

/* maximise f on [a, b]: grid of step 0.01, then golden section to 1e-11 */
static double golden_max(f1 f, void *par, double a, double b)
{
    double best = a, fb = -HUGE_VAL;
    for (double x = a; x <= b; x += 0.01) {
        double v = f(x, par);
        if (v > fb) {
            fb = v;
            best = x;
        }
    }
    double lo = fmax(a, best - 0.01), hi = fmin(b, best + 0.01), g = (sqrt(5.0) - 1) / 2;
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo), f1v = f(x1, par), f2v = f(x2, par);
    while (hi - lo > 1e-11) {
        if (f1v > f2v) {
            hi = x2;
            x2 = x1;
            f2v = f1v;
            x1 = hi - g * (hi - lo);
            f1v = f(x1, par);
        } else {
            lo = x1;
            x1 = x2;
            f1v = f2v;
            x2 = lo + g * (hi - lo);
            f2v = f(x2, par);
        }
    }
    return 0.5 * (lo + hi);
}

typedef struct prob {
    const gsl_matrix *Z;
    int which; /* 0 SAR (rho), 1 SEM (lambda), 2 SAC profile over lambda at rho */
    double fixed;
} prob;

static double f_sar(double r, void *p) { return conc_ll(((prob *)p)->Z, r, 0, NULL, NULL); }
static double f_sem(double l, void *p) { return conc_ll(((prob *)p)->Z, 0, l, NULL, NULL); }
static double f_sac_lam(double l, void *p) { return conc_ll(((prob *)p)->Z, ((prob *)p)->fixed, l, NULL, NULL); }
static double f_sac_rho(double r, void *p)
{
    prob q = {((prob *)p)->Z, 2, r};
    double l = golden_max(f_sac_lam, &q, -0.95, 0.95);
    return conc_ll(q.Z, r, l, NULL, NULL);
}

/* Dense information matrix of (b, [rho], [lambda], sigma2) and its inverse: SEs into se (k + nsp + 1) */
static void dense_se(const gsl_matrix *Z, const double *b, double rho, double lam, int hasA, int hasB, double s2,
                     double *se)
{
    size_t k = Z->size2, m = k + (size_t)hasA + (size_t)hasB + 1, ir = k, il = k + (size_t)hasA, is = m - 1;
    gsl_matrix *W = gsl_matrix_alloc(N, N);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(W, i, j, Wd[i][j]);
    gsl_matrix *A = imaw(hasA ? rho : 0), *B = imaw(hasB ? lam : 0);
    gsl_matrix *Ai = inverse(A), *Bi = inverse(B);
    gsl_matrix *Wa = gsl_matrix_alloc(N, N), *Wb = gsl_matrix_alloc(N, N), *BZ = gsl_matrix_alloc(N, k);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, W, Ai, 0, Wa);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, W, Bi, 0, Wb);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, B, Z, 0, BZ);
    gsl_matrix *I = gsl_matrix_calloc(m, m);
    for (size_t a = 0; a < k; a++)
        for (size_t c = 0; c < k; c++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(BZ, i, a) * gsl_matrix_get(BZ, i, c);
            gsl_matrix_set(I, a, c, s / s2);
        }
    double trA = 0, trA2 = 0, trAtA = 0, trB = 0, trB2 = 0, trBtB = 0, trAB = 0, trABt = 0;
    for (size_t i = 0; i < N; i++) {
        trA += gsl_matrix_get(Wa, i, i);
        trB += gsl_matrix_get(Wb, i, i);
        for (size_t j = 0; j < N; j++) {
            trA2 += gsl_matrix_get(Wa, i, j) * gsl_matrix_get(Wa, j, i);
            trAtA += gsl_matrix_get(Wa, i, j) * gsl_matrix_get(Wa, i, j);
            trB2 += gsl_matrix_get(Wb, i, j) * gsl_matrix_get(Wb, j, i);
            trBtB += gsl_matrix_get(Wb, i, j) * gsl_matrix_get(Wb, i, j);
            trAB += gsl_matrix_get(Wa, i, j) * gsl_matrix_get(Wb, j, i);
            trABt += gsl_matrix_get(Wa, i, j) * gsl_matrix_get(Wb, i, j);
        }
    }
    if (hasA) {
        /* g = B Wa Z b */
        double zb[N], g[N], t[N];
        for (size_t i = 0; i < N; i++) {
            zb[i] = 0;
            for (size_t j = 0; j < k; j++)
                zb[i] += gsl_matrix_get(Z, i, j) * b[j];
        }
        for (size_t i = 0; i < N; i++) {
            t[i] = 0;
            for (size_t j = 0; j < N; j++)
                t[i] += gsl_matrix_get(Wa, i, j) * zb[j];
        }
        for (size_t i = 0; i < N; i++) {
            g[i] = 0;
            for (size_t j = 0; j < N; j++)
                g[i] += gsl_matrix_get(B, i, j) * t[j];
        }
        double gg = 0;
        for (size_t i = 0; i < N; i++)
            gg += g[i] * g[i];
        for (size_t a = 0; a < k; a++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(BZ, i, a) * g[i];
            gsl_matrix_set(I, a, ir, s / s2);
            gsl_matrix_set(I, ir, a, s / s2);
        }
        gsl_matrix_set(I, ir, ir, gg / s2 + trA2 + trAtA);
        gsl_matrix_set(I, ir, is, trA / s2);
        gsl_matrix_set(I, is, ir, trA / s2);
    }
    if (hasB) {
        gsl_matrix_set(I, il, il, trB2 + trBtB);
        gsl_matrix_set(I, il, is, trB / s2);
        gsl_matrix_set(I, is, il, trB / s2);
    }
    if (hasA && hasB) {
        gsl_matrix_set(I, ir, il, trAB + trABt);
        gsl_matrix_set(I, il, ir, trAB + trABt);
    }
    gsl_matrix_set(I, is, is, N / (2 * s2 * s2));
    gsl_matrix *V = inverse(I);
    for (size_t a = 0; a < m; a++)
        se[a] = sqrt(gsl_matrix_get(V, a, a));
    gsl_matrix_free(W);
    gsl_matrix_free(A);
    gsl_matrix_free(B);
    gsl_matrix_free(Ai);
    gsl_matrix_free(Bi);
    gsl_matrix_free(Wa);
    gsl_matrix_free(Wb);
    gsl_matrix_free(BZ);
    gsl_matrix_free(I);
    gsl_matrix_free(V);
}

/* ---- the library side ---- */

static nqpf_panel *columbus_panel(void)
{
    nqpf_panel *p = NULL;
    nqpf_table *t = tu_read(tu_source("tests/data/spreg/columbus/data.csv"));
    if (nqpf_panel_new(&p, t, "id", "year"))
        fail_msg("panel: %s", nqpf_error_message());
    return p;
}

static const char *const XN[] = {"INC", "HOVAL", NULL};

static void run_model(nqpf_spreg_model m, nqpf_spreg_effects_se se, nqpf_table **coef, nqpf_table **eff,
                      nqpf_table **tests)
{
    nqpf_panel *p = columbus_panel();
    nqpf_spreg_options o;
    assert_int_equal(nqpf_spreg_options_init(&o, NQPF_SPREG_OPTIONS_VERSION), NQPF_OK);
    o.model = m;
    o.y = "CRIME";
    o.x = XN;
    o.nx = KX;
    o.effects_se = se;
    o.draws = 1000;
    o.seed = 7;
    o.weights.file = tu_source("tests/data/spreg/columbus/edges.csv");
    if (nqpf_spreg_run(coef, eff, tests, p, &o))
        fail_msg("spreg run: %s", nqpf_error_message());
    nqpf_panel_free(p);
}

/* the value of column col in the row whose column kcol equals key (and k2col equals key2 when given) */
static double cell(const nqpf_table *t, const char *kcol, const char *key, const char *k2col, const char *key2,
                   const char *col)
{
    size_t kc = nqpf_table_find(t, kcol), k2 = k2col ? nqpf_table_find(t, k2col) : NQPF_NONE,
           vc = nqpf_table_find(t, col);
    assert_true(kc != NQPF_NONE && vc != NQPF_NONE);
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (strcmp(nqpf_table_text(t, kc, i), key) == 0 && (!k2col || strcmp(nqpf_table_text(t, k2, i), key2) == 0))
            return nqpf_table_cnum(t, vc)[i];
    fail_msg("no row %s = %s in the table", kcol, key);
    return NAN;
}

static double coefv(const nqpf_table *t, const char *eq, const char *term, const char *col)
{
    return cell(t, "equation", eq, "term", term, col);
}

static double testv(const nqpf_table *t, const char *stat, const char *col)
{
    return cell(t, "statistic", stat, NULL, NULL, col);
}

static void check_beta(const nqpf_table *coef, const double *b, const double *se, int lag, const char *what)
{
    const char *names[] = {"_cons", "INC", "HOVAL"};
    char ctx[96];
    for (size_t j = 0; j < 3; j++) {
        snprintf(ctx, sizeof ctx, "%s: %s", what, names[j]);
        tu_assert_close(coefv(coef, "Main", names[j], "estimate"), b[j], 1e-6, 1e-9, ctx);
        snprintf(ctx, sizeof ctx, "%s: se of %s", what, names[j]);
        tu_assert_close(coefv(coef, "Main", names[j], "std_error"), se[j], 1e-6, 1e-9, ctx);
    }
    for (size_t j = 0; lag && j < 2; j++) {
        snprintf(ctx, sizeof ctx, "%s: W*%s", what, names[1 + j]);
        tu_assert_close(coefv(coef, "Wx", names[1 + j], "estimate"), b[3 + j], 1e-6, 1e-9, ctx);
        snprintf(ctx, sizeof ctx, "%s: se of W*%s", what, names[1 + j]);
        tu_assert_close(coefv(coef, "Wx", names[1 + j], "std_error"), se[3 + j], 1e-6, 1e-9, ctx);
    }
}

/* ---- tests ---- */

static void test_ols_lm(void **state)
{
    (void)state;
    load_columbus();
    nqpf_table *coef = NULL, *tests = NULL;
    run_model(NQPF_SPREG_OLS, NQPF_SPREG_SE_DELTA, &coef, NULL, &tests);
    gsl_matrix *Z = design(0);
    size_t k = 3;
    double b[3], e[N];
    double ee = lsq(Z, yv, b, e), s2u = ee / (N - 3);
    /* (Z'Z)^-1 */
    gsl_matrix *ZZ = gsl_matrix_alloc(k, k);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, Z, Z, 0, ZZ);
    gsl_matrix *ZZi = inverse(ZZ);
    double se[3];
    for (size_t j = 0; j < k; j++)
        se[j] = sqrt(s2u * gsl_matrix_get(ZZi, j, j));
    check_beta(coef, b, se, 0, "ols");
    /* M = I - Z (Z'Z)^-1 Z', MW */
    gsl_matrix *H = gsl_matrix_alloc(N, N), *T1 = gsl_matrix_alloc(N, k), *M = gsl_matrix_alloc(N, N);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, Z, ZZi, 0, T1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, T1, Z, 0, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(M, i, j, (i == j) - gsl_matrix_get(H, i, j));
    gsl_matrix *W = gsl_matrix_alloc(N, N), *MW = gsl_matrix_alloc(N, N);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(W, i, j, Wd[i][j]);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, M, W, 0, MW);
    gsl_matrix *MWM = gsl_matrix_alloc(N, N);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, MW, M, 0, MWM);
    /* e'We = eps' MWM eps: the moments need tr(MWM (MWM)') = tr(MWMW') and tr((MWM)^2) = tr(MWMW) */
    double trMW = 0, trMWMWt = 0, trMWMW = 0, S0 = 0, trWtW = 0, trWW = 0;
    for (size_t i = 0; i < N; i++) {
        trMW += gsl_matrix_get(MW, i, i);
        for (size_t j = 0; j < N; j++) {
            trMWMWt += gsl_matrix_get(MWM, i, j) * gsl_matrix_get(MWM, i, j);
            trMWMW += gsl_matrix_get(MW, i, j) * gsl_matrix_get(MW, j, i);
            S0 += Wd[i][j];
            trWtW += Wd[i][j] * Wd[i][j];
            trWW += Wd[i][j] * Wd[j][i];
        }
    }
    double We[N], Wy[N];
    lagv(e, We);
    lagv(yv, Wy);
    double eWe = 0, eWy = 0;
    for (size_t i = 0; i < N; i++) {
        eWe += e[i] * We[i];
        eWy += e[i] * Wy[i];
    }
    double I = N / S0 * eWe / ee, EI = N / S0 * trMW / (N - 3);
    double VI = (N / S0) * (N / S0) * (trMWMWt + trMWMW + trMW * trMW) / ((N - 3.0) * (N - 1.0)) - EI * EI;
    tu_assert_close(testv(tests, "moran_i", "value"), I, 1e-9, 1e-12, "Moran's I of residuals");
    tu_assert_close(testv(tests, "moran_e", "value"), EI, 1e-9, 1e-12, "E[I]");
    tu_assert_close(testv(tests, "moran_var", "value"), VI, 1e-8, 1e-12, "Var[I]");
    /* LM tests (Anselin et al. 1996) */
    double s2 = ee / N, T = trWtW + trWW, dl = eWe / s2, dr = eWy / s2;
    double WZb[N], zb[N];
    for (size_t i = 0; i < N; i++)
        zb[i] = b[0] + b[1] * Xv[i][0] + b[2] * Xv[i][1];
    lagv(zb, WZb);
    double MWZb[N], vMv = 0;
    for (size_t i = 0; i < N; i++) {
        MWZb[i] = 0;
        for (size_t j = 0; j < N; j++)
            MWZb[i] += gsl_matrix_get(M, i, j) * WZb[j];
    }
    for (size_t i = 0; i < N; i++)
        vMv += WZb[i] * MWZb[i];
    double D = vMv / s2 + T;
    tu_assert_close(testv(tests, "lm_error", "value"), dl * dl / T, 1e-8, 1e-12, "LM-error");
    tu_assert_close(testv(tests, "lm_lag", "value"), dr * dr / D, 1e-8, 1e-12, "LM-lag");
    tu_assert_close(testv(tests, "rlm_error", "value"), pow(dl - T / D * dr, 2) / (T - T * T / D), 1e-8, 1e-12,
                    "robust LM-error");
    tu_assert_close(testv(tests, "rlm_lag", "value"), pow(dr - dl, 2) / (D - T), 1e-8, 1e-12, "robust LM-lag");
    tu_assert_close(testv(tests, "sarma", "value"), pow(dr - dl, 2) / (D - T) + dl * dl / T, 1e-8, 1e-12, "SARMA");
    assert_true(testv(tests, "sarma", "df") == 2);
    printf("# Columbus OLS: Moran's I %.6f (z %.4f), LM-lag %.4f, LM-error %.4f, RLM-lag %.4f, RLM-error %.4f, "
           "SARMA %.4f\n",
           I, testv(tests, "moran_z", "value"), dr * dr / D, dl * dl / T, pow(dr - dl, 2) / (D - T),
           pow(dl - T / D * dr, 2) / (T - T * T / D), testv(tests, "sarma", "value"));
    gsl_matrix_free(Z);
    gsl_matrix_free(ZZ);
    gsl_matrix_free(ZZi);
    gsl_matrix_free(H);
    gsl_matrix_free(T1);
    gsl_matrix_free(M);
    gsl_matrix_free(W);
    gsl_matrix_free(MW);
    gsl_matrix_free(MWM);
    nqpf_table_free(coef);
    nqpf_table_free(tests);
}

static void check_ml(nqpf_spreg_model m, const char *what)
{
    load_columbus();
    int lag = m == NQPF_SPREG_SDM, hasA = m != NQPF_SPREG_SEM, hasB = m == NQPF_SPREG_SEM || m == NQPF_SPREG_SAC;
    gsl_matrix *Z = design(lag);
    prob pr = {Z, 0, 0};
    double rho = 0, lam = 0;
    if (m == NQPF_SPREG_SEM)
        lam = golden_max(f_sem, &pr, -0.95, 0.95);
    else if (m == NQPF_SPREG_SAC) {
        rho = golden_max(f_sac_rho, &pr, -0.95, 0.95);
        prob q = {Z, 2, rho};
        lam = golden_max(f_sac_lam, &q, -0.95, 0.95);
    } else
        rho = golden_max(f_sar, &pr, -0.95, 0.95);
    double b[5], s2;
    double ll = conc_ll(Z, rho, lam, b, &s2);
    double se[8];
    dense_se(Z, b, rho, lam, hasA, hasB, s2, se);
    nqpf_table *coef = NULL, *tests = NULL;
    run_model(m, NQPF_SPREG_SE_DELTA, &coef, NULL, &tests);
    char ctx[96];
    size_t k = Z->size2, at = k;
    check_beta(coef, b, se, lag, what);
    if (hasA) {
        snprintf(ctx, sizeof ctx, "%s: rho", what);
        tu_assert_close(coefv(coef, "Spatial", "rho", "estimate"), rho, 1e-6, 1e-8, ctx);
        snprintf(ctx, sizeof ctx, "%s: se of rho", what);
        tu_assert_close(coefv(coef, "Spatial", "rho", "std_error"), se[at++], 1e-6, 1e-9, ctx);
    }
    if (hasB) {
        snprintf(ctx, sizeof ctx, "%s: lambda", what);
        tu_assert_close(coefv(coef, "Spatial", "lambda", "estimate"), lam, 1e-6, 1e-8, ctx);
        snprintf(ctx, sizeof ctx, "%s: se of lambda", what);
        tu_assert_close(coefv(coef, "Spatial", "lambda", "std_error"), se[at++], 1e-6, 1e-9, ctx);
    }
    snprintf(ctx, sizeof ctx, "%s: sigma2", what);
    tu_assert_close(coefv(coef, "Variance", "sigma2_e", "estimate"), s2, 1e-6, 1e-9, ctx);
    snprintf(ctx, sizeof ctx, "%s: se of sigma2", what);
    tu_assert_close(coefv(coef, "Variance", "sigma2_e", "std_error"), se[at], 1e-6, 1e-9, ctx);
    snprintf(ctx, sizeof ctx, "%s: log-likelihood", what);
    tu_assert_close(testv(tests, "loglik", "value"), ll, 1e-9, 1e-9, ctx);
    double npar = (double)(k + (size_t)hasA + (size_t)hasB + 1);
    tu_assert_close(testv(tests, "aic", "value"), -2 * ll + 2 * npar, 1e-9, 1e-9, "AIC");
    printf("# Columbus %s: rho %.6f lambda %.6f sigma2 %.6f loglik %.6f\n", what, hasA ? rho : NAN, hasB ? lam : NAN,
           s2, ll);
    gsl_matrix_free(Z);
    nqpf_table_free(coef);
    nqpf_table_free(tests);
}

static void test_sar(void **state)
{
    (void)state;
    check_ml(NQPF_SPREG_SAR, "sar");
}
static void test_sem(void **state)
{
    (void)state;
    check_ml(NQPF_SPREG_SEM, "sem");
}
static void test_sdm(void **state)
{
    (void)state;
    check_ml(NQPF_SPREG_SDM, "sdm");
}
static void test_sac(void **state)
{
    (void)state;
    check_ml(NQPF_SPREG_SAC, "sac");
}

/* dense effects of regressor (b, t) at rho: out[3] */
static void dense_effects(double b, double t, double rho, double *out)
{
    gsl_matrix *A = imaw(rho), *Ai = inverse(A);
    double tr = 0, tot = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double s = 0; /* (Ai (b I + t W))_ij */
            for (size_t l = 0; l < N; l++)
                s += gsl_matrix_get(Ai, i, l) * ((l == j) * b + t * Wd[l][j]);
            tot += s;
            if (i == j)
                tr += s;
        }
    out[0] = tr / N;
    out[2] = tot / N;
    out[1] = out[2] - out[0];
    gsl_matrix_free(A);
    gsl_matrix_free(Ai);
}

/* The effects of SDM and SAR: point estimates against the dense S_k, delta SEs against a central-
 * difference gradient of the dense effects with the fit's covariance, simulation SEs reproducible for
 * a seed and close to the delta ones. */
static void test_effects(void **state)
{
    (void)state;
    load_columbus();
    nqpf_weights *w = NULL;
    static const char *ids[N];
    static char idb[N][8];
    for (size_t i = 0; i < N; i++) {
        snprintf(idb[i], sizeof idb[i], "%zu", i + 1);
        ids[i] = idb[i];
    }
    nqpf_weights_options wo = NQPF_WEIGHTS_OPTIONS_INIT;
    assert_int_equal(nqpf_weights_read(&w, tu_source("tests/data/spreg/columbus/edges.csv"), ids, N, &wo), NQPF_OK);
    nqpf__spreg_logdet *ld = NULL;
    assert_int_equal(nqpf__spreg_logdet_new(&ld, w, NQPF_SPREG_LOGDET_EXACT), NQPF_OK);
    double X[N * KX];
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < KX; j++)
            X[i * KX + j] = Xv[i][j];
    size_t wxidx[KX] = {0, 1};
    for (int mi = 0; mi < 2; mi++) {
        nqpf_spreg_model m = mi ? NQPF_SPREG_SAR : NQPF_SPREG_SDM;
        nqpf__spreg_fit f;
        assert_int_equal(nqpf__spreg_fit_cross(&f, yv, X, N, KX, wxidx, KX, w, m, ld), NQPF_OK);
        double est[3 * KX], se[3 * KX], est2[3 * KX], sim1[3 * KX], sim2[3 * KX], sim3[3 * KX];
        assert_int_equal(nqpf__spreg_effects(est, se, &f, wxidx, w, ld, NQPF_SPREG_SE_DELTA, 0, 0), NQPF_OK);
        assert_int_equal(nqpf__spreg_effects(est2, sim1, &f, wxidx, w, ld, NQPF_SPREG_SE_SIM, 1000, 7), NQPF_OK);
        assert_int_equal(nqpf__spreg_effects(est2, sim2, &f, wxidx, w, ld, NQPF_SPREG_SE_SIM, 1000, 7), NQPF_OK);
        assert_int_equal(nqpf__spreg_effects(est2, sim3, &f, wxidx, w, ld, NQPF_SPREG_SE_SIM, 1000, 8), NQPF_OK);
        size_t q = f.nb + f.nsp;
        for (size_t k = 0; k < KX; k++) {
            size_t ib = 1 + k, it = f.nwx ? 1 + KX + k : (size_t)-1, ir = f.nb;
            double b = f.beta[ib], t = it != (size_t)-1 ? f.beta[it] : 0, r = f.rho, d[3];
            dense_effects(b, t, r, d);
            char ctx[96];
            for (int e = 0; e < 3; e++) {
                snprintf(ctx, sizeof ctx, "%s effect %d of x%zu", mi ? "sar" : "sdm", e, k);
                tu_assert_close(est[3 * k + e], d[e], 1e-9, 1e-12, ctx);
            }
            /* gradient by central differences in (b, t, rho) */
            double g[3][3], h[3] = {1e-5 * fmax(1, fabs(b)), 1e-5 * fmax(1, fabs(t)), 1e-6};
            for (int a = 0; a < 3; a++) {
                double p1[3] = {b, t, r}, p2[3] = {b, t, r}, e1[3], e2[3];
                p1[a] += h[a];
                p2[a] -= h[a];
                dense_effects(p1[0], p1[1], p1[2], e1);
                dense_effects(p2[0], p2[1], p2[2], e2);
                for (int e = 0; e < 3; e++)
                    g[e][a] = (e1[e] - e2[e]) / (2 * h[a]);
            }
            size_t idx[3] = {ib, it, ir};
            for (int e = 0; e < 3; e++) {
                double v = 0;
                for (int a = 0; a < 3; a++)
                    for (int c = 0; c < 3; c++)
                        if (idx[a] != (size_t)-1 && idx[c] != (size_t)-1)
                            v += g[e][a] * g[e][c] * f.cov[idx[a] * q + idx[c]];
                snprintf(ctx, sizeof ctx, "%s delta SE of effect %d of x%zu", mi ? "sar" : "sdm", e, k);
                tu_assert_close(se[3 * k + e], sqrt(v), 1e-5, 1e-9, ctx);
                /* simulation: the same seed gives the same numbers, another seed others */
                assert_true(sim1[3 * k + e] == sim2[3 * k + e]);
                assert_true(sim1[3 * k + e] != sim3[3 * k + e]);
            }
            if (k == 0)
                printf("# Columbus %s INC: direct %.6f (%.6f) indirect %.6f (%.6f) total %.6f (%.6f) [delta SE; sim "
                       "%.6f %.6f %.6f]\n",
                       mi ? "sar" : "sdm", est[0], se[0], est[1], se[1], est[2], se[2], sim1[0], sim1[1], sim1[2]);
        }
        /* The simulated SEs against the same simulation written here with dense matrices: the draws
         * theta = estimates + L z (L: GSL's Cholesky factor of the covariance, z: GSL mt19937 seeded 7,
         * ziggurat normals, as docs/spreg.md specifies), a draw with rho outside (1/l_min, 1/l_max) redrawn
         * (eigenvalues here from GSL's nonsymmetric eigensolver), effects from the dense inverse, and the
         * draws' sample standard deviation. Same numbers, so the tolerance is rounding (1e-8). */
        {
            size_t D = 1000, nq = q;
            gsl_matrix *L = gsl_matrix_alloc(nq, nq);
            for (size_t a = 0; a < nq; a++)
                for (size_t c = 0; c < nq; c++)
                    gsl_matrix_set(L, a, c, f.cov[a * nq + c]);
            assert_int_equal(gsl_linalg_cholesky_decomp1(L), 0);
            gsl_matrix *Wm = gsl_matrix_alloc(N, N);
            for (size_t i = 0; i < N; i++)
                for (size_t j = 0; j < N; j++)
                    gsl_matrix_set(Wm, i, j, Wd[i][j]);
            gsl_vector_complex *ev = gsl_vector_complex_alloc(N);
            gsl_eigen_nonsymm_workspace *ws = gsl_eigen_nonsymm_alloc(N);
            gsl_eigen_nonsymm(Wm, ev, ws);
            double lmin = 0, lmax = 0;
            for (size_t i = 0; i < N; i++) {
                gsl_complex z0 = gsl_vector_complex_get(ev, i);
                if (fabs(GSL_IMAG(z0)) < 1e-12) {
                    lmin = fmin(lmin, GSL_REAL(z0));
                    lmax = fmax(lmax, GSL_REAL(z0));
                }
            }
            gsl_eigen_nonsymm_free(ws);
            gsl_vector_complex_free(ev);
            gsl_matrix_free(Wm);
            gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
            gsl_rng_set(rng, 7);
            double s1v[3 * KX] = {0}, s2v[3 * KX] = {0}, th[8], z[8];
            size_t got = 0;
            while (got < D) {
                for (size_t a = 0; a < nq; a++)
                    z[a] = gsl_ran_gaussian_ziggurat(rng, 1.0);
                for (size_t a = 0; a < nq; a++) {
                    th[a] = a < f.nb ? f.beta[a] : f.rho;
                    for (size_t c = 0; c <= a; c++)
                        th[a] += gsl_matrix_get(L, a, c) * z[c];
                }
                double r = th[f.nb];
                if (!(r > 1 / lmin && r < 1 / lmax))
                    continue;
                got++;
                gsl_matrix *A = imaw(r), *Ai = inverse(A);
                double tr = 0, tot = 0, trW = 0, totW = 0; /* tr Ai, 1'Ai1, tr AiW, 1'AiW1 */
                for (size_t i = 0; i < N; i++)
                    for (size_t j = 0; j < N; j++) {
                        double aij = gsl_matrix_get(Ai, i, j), aw = 0;
                        for (size_t l = 0; l < N; l++)
                            aw += gsl_matrix_get(Ai, i, l) * Wd[l][j];
                        tot += aij;
                        totW += aw;
                        if (i == j) {
                            tr += aij;
                            trW += aw;
                        }
                    }
                for (size_t k = 0; k < KX; k++) {
                    double b = th[1 + k], t = f.nwx ? th[1 + KX + k] : 0;
                    double dir = (b * tr + t * trW) / N, to = (b * tot + t * totW) / N, ef[3] = {dir, to - dir, to};
                    for (int e = 0; e < 3; e++) {
                        s1v[3 * k + e] += ef[e];
                        s2v[3 * k + e] += ef[e] * ef[e];
                    }
                }
                gsl_matrix_free(A);
                gsl_matrix_free(Ai);
            }
            for (size_t j = 0; j < 3 * KX; j++) {
                double mu = s1v[j] / (double)D, sd = sqrt((s2v[j] - (double)D * mu * mu) / (double)(D - 1));
                char ctx[96];
                snprintf(ctx, sizeof ctx, "%s simulated SE of effect %zu", mi ? "sar" : "sdm", j);
                tu_assert_close(sim1[j], sd, 1e-8, 1e-12, ctx);
            }
            gsl_rng_free(rng);
            gsl_matrix_free(L);
        }
        nqpf__spreg_fit_free(&f);
    }
    nqpf__spreg_logdet_free(ld);
    nqpf_weights_free(w);
}

/* The effects table: rows, method column and point estimates as the internal call gives them. */
static void test_effects_table(void **state)
{
    (void)state;
    nqpf_table *coef = NULL, *eff = NULL, *tests = NULL;
    run_model(NQPF_SPREG_SDM, NQPF_SPREG_SE_SIM, &coef, &eff, &tests);
    assert_int_equal(nqpf_table_nrows(eff), 6);
    size_t mc = nqpf_table_find(eff, "method");
    assert_string_equal(nqpf_table_text(eff, mc, 0), "sim");
    double b = coefv(coef, "Main", "INC", "estimate"), t = coefv(coef, "Wx", "INC", "estimate"),
           r = coefv(coef, "Spatial", "rho", "estimate"), d[3];
    load_columbus();
    dense_effects(b, t, r, d);
    tu_assert_close(cell(eff, "variable", "INC", "effect", "indirect", "estimate"), d[1], 1e-9, 1e-12,
                    "indirect effect of INC in the table");
    nqpf_table_free(coef);
    nqpf_table_free(eff);
    nqpf_table_free(tests);
    /* SEM: direct = beta, indirect 0 (closed form) */
    run_model(NQPF_SPREG_SEM, NQPF_SPREG_SE_SIM, &coef, &eff, &tests);
    tu_assert_close(cell(eff, "variable", "HOVAL", "effect", "direct", "estimate"),
                    coefv(coef, "Main", "HOVAL", "estimate"), 1e-15, 0, "SEM direct effect");
    tu_assert_close(cell(eff, "variable", "HOVAL", "effect", "direct", "std_error"),
                    coefv(coef, "Main", "HOVAL", "std_error"), 1e-12, 0, "SEM direct effect SE");
    assert_string_equal(nqpf_table_text(eff, nqpf_table_find(eff, "method"), 0), "closed");
    nqpf_table_free(coef);
    nqpf_table_free(eff);
    nqpf_table_free(tests);
}

static void test_bad_input(void **state)
{
    (void)state;
    nqpf_panel *p = columbus_panel();
    nqpf_spreg_options o;
    nqpf_table *coef = NULL;
    nqpf_spreg_options_init(&o, NQPF_SPREG_OPTIONS_VERSION);
    o.model = NQPF_SPREG_SAR;
    o.y = "CRIME";
    static const char *const bad[] = {"INC", "NOPE", NULL};
    o.x = bad;
    o.nx = 2;
    o.weights.file = tu_source("tests/data/spreg/columbus/edges.csv");
    tu_assert_error(nqpf_spreg_run(&coef, NULL, NULL, p, &o), NQPF_EDATA, "NOPE");
    o.x = XN;
    o.fe = NQPF_SPREG_FE_INDIVIDUAL;
    tu_assert_error(nqpf_spreg_run(&coef, NULL, NULL, p, &o), NQPF_EUSAGE, "one period");
    assert_null(coef);
    nqpf_spreg_options o2;
    tu_assert_error(nqpf_spreg_options_init(&o2, 999), NQPF_EUSAGE, "version");
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ols_lm),  cmocka_unit_test(test_sar),     cmocka_unit_test(test_sem),
        cmocka_unit_test(test_sdm),     cmocka_unit_test(test_sac),     cmocka_unit_test(test_effects),
        cmocka_unit_test(test_effects_table), cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
