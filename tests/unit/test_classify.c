/* Classification: silhouette against a brute-force computation, Ward against a hand-checkable
 * example and against a brute-force agglomeration that recomputes centroids at every step (no
 * Lance-Williams update), k-means determinism for a seed and its fixed-point property, and the
 * panel-level nqpf_classify() tables. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/region.h"

static unsigned long long lcg_state;
static double urand(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

/* Three blobs in 2-D around (0,0), (5,5), (0,8). */
static void blobs(double *x, size_t n)
{
    static const double c[3][2] = {{0, 0}, {5, 5}, {0, 8}};
    for (size_t i = 0; i < n; i++) {
        x[2 * i] = c[i % 3][0] + 0.6 * (urand() - 0.5);
        x[2 * i + 1] = c[i % 3][1] + 0.6 * (urand() - 0.5);
    }
}

static double dist(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += (a[j] - b[j]) * (a[j] - b[j]);
    return sqrt(s);
}

/* Silhouette from the definition: a(i) mean distance to the rest of its own cluster, b(i) the
 * smallest mean distance to another cluster. */
static double silhouette_brute(const double *x, size_t n, size_t d, const size_t *lab, size_t k, double *s)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        double a = 0, b = INFINITY;
        size_t na = 0;
        for (size_t r = 0; r < n; r++)
            if (r != i && lab[r] == lab[i])
                a += dist(x + i * d, x + r * d, d), na++;
        for (size_t c = 0; c < k; c++) {
            if (c == lab[i])
                continue;
            double t = 0;
            size_t m = 0;
            for (size_t r = 0; r < n; r++)
                if (lab[r] == c)
                    t += dist(x + i * d, x + r * d, d), m++;
            if (m && t / (double)m < b)
                b = t / (double)m;
        }
        s[i] = na ? (b - a / (double)na) / fmax(a / (double)na, b) : 0;
        mean += s[i];
    }
    return mean / (double)n;
}

static void test_silhouette(void **state)
{
    (void)state;
    enum { N = 40, D = 3, K = 4 };
    double x[N * D], s[N], sb[N];
    size_t lab[N];
    lcg_state = 3;
    for (size_t i = 0; i < N * D; i++)
        x[i] = urand();
    for (size_t i = 0; i < N; i++)
        lab[i] = (i * 7) % K;
    lab[5] = 3; /* keep every cluster non-empty while breaking the pattern */
    double m = nqpf_silhouette(s, x, N, D, lab, K);
    double mb = silhouette_brute(x, N, D, lab, K, sb);
    tu_assert_close(m, mb, 1e-12, 1e-14, "mean silhouette");
    for (size_t i = 0; i < N; i++)
        tu_assert_close(s[i], sb[i], 1e-12, 1e-14, "silhouette");
    /* A singleton cluster has s = 0 by convention; one cluster only: no silhouette. */
    size_t one[N];
    for (size_t i = 0; i < N; i++)
        one[i] = i == 0 ? 1 : 0;
    nqpf_silhouette(s, x, N, D, one, 2);
    tu_assert_close(s[0], 0, 0, 0, "singleton");
    for (size_t i = 0; i < N; i++)
        one[i] = 0;
    assert_true(isnan(nqpf_silhouette(NULL, x, N, D, one, 1)));
    /* Hand case: 1-D points 0, 1 | 5: a(0) = 1, b(0) = 5, s = 0.8; a(1) = 1, b(1) = 4, s = 0.75;
     * point 5 alone: 0. Mean 0.5166... */
    const double h[] = {0, 1, 5};
    const size_t hl[] = {0, 0, 1};
    tu_assert_close(nqpf_silhouette(s, h, 3, 1, hl, 2), (0.8 + 0.75) / 3, 1e-15, 0, "hand silhouette");
}

static void test_ward_hand(void **state)
{
    (void)state;
    /* 0, 1, 10, 11, 30: merge costs {0,1} 0.5, {10,11} 0.5, then {0,1}+{10,11} = 2*2/4 * 10^2 = 100
     * against {10,11}+{30} = 2*1/3 * 19.5^2 = 253.5; so K=3: {0,1},{10,11},{30}; K=2: {0,1,10,11},{30}. */
    const double x[] = {0, 10, 1, 30, 11};
    size_t lab[5];
    assert_int_equal(nqpf_ward(lab, x, 5, 1, 3), NQPF_OK);
    const size_t k3[] = {0, 1, 0, 2, 1};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(lab[i], k3[i]);
    assert_int_equal(nqpf_ward(lab, x, 5, 1, 2), NQPF_OK);
    const size_t k2[] = {0, 0, 0, 1, 0};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(lab[i], k2[i]);
    assert_int_equal(nqpf_ward(lab, x, 5, 1, 5), NQPF_OK);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(lab[i], i);
    tu_assert_error(nqpf_ward(lab, x, 5, 1, 6), NQPF_EUSAGE, "k <= 5");
}

/* Ward by brute force: each step recomputes every cluster's centroid and merges the pair with the
 * smallest n_a n_b/(n_a+n_b) |c_a - c_b|^2. */
static void ward_brute(size_t *lab, const double *x, size_t n, size_t d, size_t k)
{
    for (size_t i = 0; i < n; i++)
        lab[i] = i;
    for (size_t live = n; live > k; live--) {
        double best = INFINITY;
        size_t ba = 0, bb = 0;
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++) {
                double ca[8] = {0}, cb[8] = {0};
                size_t na = 0, nb = 0;
                for (size_t i = 0; i < n; i++) {
                    if (lab[i] == a)
                        na++;
                    if (lab[i] == b)
                        nb++;
                    for (size_t j = 0; j < d; j++) {
                        if (lab[i] == a)
                            ca[j] += x[i * d + j];
                        if (lab[i] == b)
                            cb[j] += x[i * d + j];
                    }
                }
                if (!na || !nb)
                    continue;
                double q = 0;
                for (size_t j = 0; j < d; j++)
                    q += (ca[j] / (double)na - cb[j] / (double)nb) * (ca[j] / (double)na - cb[j] / (double)nb);
                q *= (double)na * (double)nb / (double)(na + nb);
                if (q < best)
                    best = q, ba = a, bb = b;
            }
        for (size_t i = 0; i < n; i++)
            if (lab[i] == bb)
                lab[i] = ba;
    }
    /* First-appearance numbering, as the library does. */
    size_t map[64];
    for (size_t i = 0; i < n; i++)
        map[i] = (size_t)-1;
    size_t next = 0;
    for (size_t i = 0; i < n; i++) {
        if (map[lab[i]] == (size_t)-1)
            map[lab[i]] = next++;
        lab[i] = map[lab[i]];
    }
}

static void test_ward_brute(void **state)
{
    (void)state;
    enum { N = 30, D = 3 };
    double x[N * D];
    size_t a[N], b[N];
    lcg_state = 11;
    for (size_t i = 0; i < N * D; i++)
        x[i] = urand() * 10;
    for (size_t k = 1; k <= 8; k++) {
        assert_int_equal(nqpf_ward(a, x, N, D, k), NQPF_OK);
        ward_brute(b, x, N, D, k);
        for (size_t i = 0; i < N; i++)
            if (a[i] != b[i])
                fail_msg("Ward k=%zu: unit %zu in class %zu, brute force says %zu", k, i, a[i], b[i]);
    }
}

static void test_kmeans(void **state)
{
    (void)state;
    enum { N = 60 };
    double x[2 * N];
    size_t a[N], b[N];
    lcg_state = 5;
    blobs(x, N);
    double w1, w2;
    /* Same seed, same answer; the three blobs are found from any seed. */
    assert_int_equal(nqpf_kmeans(a, &w1, x, N, 2, 3, 123, 5), NQPF_OK);
    assert_int_equal(nqpf_kmeans(b, &w2, x, N, 2, 3, 123, 5), NQPF_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_true(w1 == w2);
    for (unsigned long seed = 1; seed < 6; seed++) {
        assert_int_equal(nqpf_kmeans(b, NULL, x, N, 2, 3, seed, 3), NQPF_OK);
        for (size_t i = 0; i < N; i++)
            assert_int_equal(b[i], i % 3);
    }
    /* A fixed point of Lloyd's algorithm: every unit is nearest to its own class centroid, and the
     * reported WSS is the sum of squared distances to the centroids. */
    lcg_state = 8;
    double r[2 * N];
    for (size_t i = 0; i < 2 * N; i++)
        r[i] = urand();
    assert_int_equal(nqpf_kmeans(a, &w1, r, N, 2, 4, 7, 10), NQPF_OK);
    double c[4][2] = {{0}}, cnt[4] = {0}, w = 0;
    for (size_t i = 0; i < N; i++) {
        cnt[a[i]]++;
        c[a[i]][0] += r[2 * i];
        c[a[i]][1] += r[2 * i + 1];
    }
    for (size_t k = 0; k < 4; k++) {
        assert_true(cnt[k] > 0);
        c[k][0] /= cnt[k];
        c[k][1] /= cnt[k];
    }
    for (size_t i = 0; i < N; i++) {
        double own = dist(r + 2 * i, c[a[i]], 2);
        w += own * own;
        for (size_t k = 0; k < 4; k++)
            assert_true(own <= dist(r + 2 * i, c[k], 2) + 1e-12);
    }
    tu_assert_close(w1, w, 1e-12, 1e-14, "wss");
    /* Labels numbered by first appearance. */
    assert_int_equal(a[0], 0);
    tu_assert_error(nqpf_kmeans(a, NULL, r, N, 2, 0, 1, 1), NQPF_EUSAGE, "k = 0");
}

static char *blob_panel(void)
{
    /* 12 regions x 2 years; three types: high a & b, high c, low everything; the type's mean over
     * the two years is what classify sees. */
    static char buf[4096];
    size_t len = (size_t)snprintf(buf, sizeof buf, "region,year,a,b,c\n");
    lcg_state = 21;
    for (int r = 0; r < 12; r++)
        for (int y = 2019; y <= 2020; y++) {
            int t = r % 3;
            double a = (t == 0 ? 10 : 2) + urand(), b = (t == 0 ? 50 : 20) + 3 * urand(),
                   c = (t == 1 ? 7 : 1) + 0.5 * urand();
            len += (size_t)snprintf(buf + len, sizeof buf - len, "R%02d,%d,%.6f,%.6f,%.6f\n", r, y, a, b, c);
        }
    return buf;
}

static void test_classify_panel(void **state)
{
    (void)state;
    nqpf_panel *p = tu_panel_from_text(blob_panel(), "region", "year");
    nqpf_table *u, *pr, *kc, *u2, *pr2, *kc2;
    nqpf_classify_options o = NQPF_CLASSIFY_OPTIONS_INIT;
    const char *vars[] = {"a", "b", "c"};
    o.vars = vars;
    o.nvars = 3;
    o.seed = 9;
    assert_int_equal(nqpf_classify(&u, &pr, &kc, p, &o), NQPF_OK);
    /* auto tried K = 2..8 and kept 3. */
    assert_int_equal(nqpf_table_nrows(kc), 7);
    assert_int_equal(nqpf_table_nrows(pr), 3);
    const double *cls = nqpf_table_cnum(u, nqpf_table_find(u, "class"));
    for (size_t i = 0; i < 12; i++)
        assert_int_equal((int)cls[i], (int)(i % 3) + 1);
    const double *ks = nqpf_table_cnum(kc, nqpf_table_find(kc, "mean_silhouette"));
    for (size_t r = 0; r < 7; r++)
        assert_true(ks[1] >= ks[r]);
    size_t jd = nqpf_table_find(pr, "description");
    assert_string_equal(nqpf_table_text(pr, jd, 0), "strong in b and a; weak in c");
    assert_non_null(strstr(nqpf_table_text(pr, jd, 1), "strong in c"));
    /* Profiles: class 1 mean of a equals the mean over its units of their two-year means. */
    const double *a;
    assert_int_equal(nqpf_panel_column(p, "a", &a), NQPF_OK);
    double s = 0;
    for (size_t i = 0; i < nqpf_panel_nobs(p); i++)
        if (nqpf_panel_unit(p, i) % 3 == 0)
            s += a[i];
    tu_assert_close(nqpf_table_cnum(pr, nqpf_table_find(pr, "mean_a"))[0], s / 8, 1e-12, 0, "profile mean");
    /* Same seed: identical tables, cell by cell. */
    assert_int_equal(nqpf_classify(&u2, &pr2, &kc2, p, &o), NQPF_OK);
    char b1[64], b2[64];
    for (size_t j = 0; j < nqpf_table_ncols(u); j++)
        for (size_t i = 0; i < nqpf_table_nrows(u); i++)
            assert_string_equal(nqpf_table_cell_str(u, j, i, b1, sizeof b1), nqpf_table_cell_str(u2, j, i, b2, sizeof b2));
    nqpf_table_free(u);
    nqpf_table_free(pr);
    nqpf_table_free(kc);
    nqpf_table_free(u2);
    nqpf_table_free(pr2);
    nqpf_table_free(kc2);
    /* Ward, fixed K, one year, Chinese descriptions. */
    o.method = NQPF_CLASSIFY_WARD;
    o.k = 3;
    o.has_year = 1;
    o.year = 2020;
    o.lang_zh = 1;
    assert_int_equal(nqpf_classify(&u, &pr, &kc, p, &o), NQPF_OK);
    assert_int_equal(nqpf_table_nrows(kc), 1);
    cls = nqpf_table_cnum(u, nqpf_table_find(u, "class"));
    for (size_t i = 0; i < 12; i++)
        assert_int_equal((int)cls[i], (int)(i % 3) + 1);
    assert_string_equal(nqpf_table_text(pr, nqpf_table_find(pr, "description"), 0), "b、a较强；c较弱");
    nqpf_table_free(u);
    nqpf_table_free(pr);
    nqpf_table_free(kc);
    o.k = 12;
    tu_assert_error(nqpf_classify(&u, &pr, &kc, p, &o), NQPF_EUSAGE, "k: must be between 2 and 11");
    assert_string_equal(nqpf_error_key(), "k");
    /* A year without observations is a data error about option year, naming the years present. */
    o.k = 3;
    o.year = 1999;
    tu_assert_error(nqpf_classify(&u, &pr, &kc, p, &o), NQPF_EDATA, "year: no rows in 1999 (");
    assert_string_equal(nqpf_error_key(), "year");
    assert_non_null(strstr(nqpf_error_message(), "runs from 2019 to 2020"));
    o.year = 2020;
    nqpf_panel_free(p);
    p = tu_panel_from_text("id,year,a,b\nx,1,1,5\ny,1,2,5\nz,1,3,5\nw,1,4,5\n", "id", "year");
    o.k = 2;
    o.vars = vars;
    o.nvars = 2;
    o.has_year = 0;
    tu_assert_error(nqpf_classify(&u, &pr, &kc, p, &o), NQPF_EDATA, "column 'b': expected a variable that differs");
    nqpf_panel_free(p);
}

/* An option set of method "classify" from KEY=VALUE pairs as a command line types them. */
static nqpf_optset *class_set(const char *const *kv)
{
    nqpf_optset *set = NULL;
    assert_int_equal(nqpf_optset_new(&set, nqpf_method_find("classify"), NQPF_KEYS_PLAIN), NQPF_OK);
    for (size_t k = 0; kv[k]; k += 2)
        assert_int_equal(nqpf_optset_add(set, kv[k], kv[k + 1]), NQPF_OK);
    return set;
}

static void test_classify_options_parse(void **state)
{
    (void)state;
    nqpf_classify_options o;
    assert_int_equal(nqpf_classify_options_init(&o, NQPF_CLASSIFY_OPTIONS_VERSION), NQPF_OK);
    assert_int_equal(nqpf_classify_options_init(&o, 99), NQPF_EUSAGE);
    /* Defaults: k auto, k-means, seed 1, 20 restarts, English, each unit's mean. */
    nqpf_optset *set = class_set((const char *const[]){"vars", "a,b", NULL});
    assert_int_equal(nqpf_classify_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.version, NQPF_CLASSIFY_OPTIONS_VERSION);
    assert_int_equal(o.nvars, 2);
    assert_string_equal(o.vars[1], "b");
    assert_int_equal(o.k, 0);
    assert_int_equal(o.method, NQPF_CLASSIFY_KMEANS);
    assert_int_equal(o.seed, 1);
    assert_int_equal(o.restarts, 20);
    assert_int_equal(o.has_year, 0);
    assert_int_equal(o.lang_zh, 0);
    nqpf_optset_free(set);
    set = class_set((const char *const[]){"vars", "a", "k", "4", "method", "ward", "year", "2019", "lang", "zh", NULL});
    assert_int_equal(nqpf_classify_options_parse(&o, set), NQPF_OK);
    assert_int_equal(o.k, 4);
    assert_int_equal(o.method, NQPF_CLASSIFY_WARD);
    assert_int_equal(o.has_year, 1);
    assert_int_equal(o.year, 2019);
    assert_int_equal(o.lang_zh, 1);
    nqpf_optset_free(set);
    /* The grammar of k and the rules, each keyed by its option. */
    static const struct {
        const char *kv[7];
        const char *key, *text;
    } bad[] = {
        {{"vars", "a", "k", "1", NULL}, "k", "expected auto or an integer from 2 to 1000, found '1'"},
        {{"vars", "a", "k", "many", NULL}, "k", "expected auto or an integer from 2 to 1000, found 'many'"},
        {{"vars", "a", "k", "1001", NULL}, "k", "found '1001'"},
        {{"vars", "a", "method", "ward", "seed", "3", NULL}, "seed", "applies to method kmeans, not to ward"},
        {{"vars", "a", "method", "ward", "restarts", "3", NULL}, "restarts", "applies to method kmeans"},
        {{"vars", "a", "restarts", "0", NULL}, "restarts", "expected an integer from 1 to 10000"},
        {{"vars", "a,a", NULL}, "vars", "variable 'a' is listed twice"},
        {{"vars", "a", "lang", "fr", NULL}, "lang", "expected en|zh, found 'fr'"},
        {{"k", "3", NULL}, "vars", "required"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        set = class_set(bad[c].kv);
        tu_assert_error(nqpf_classify_options_parse(&o, set), NQPF_EUSAGE, bad[c].text);
        assert_string_equal(nqpf_error_key(), bad[c].key);
        nqpf_optset_free(set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silhouette),  cmocka_unit_test(test_ward_hand),
        cmocka_unit_test(test_ward_brute),  cmocka_unit_test(test_kmeans),
        cmocka_unit_test(test_classify_panel), cmocka_unit_test(test_classify_options_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
