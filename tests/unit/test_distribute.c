/* The distributor hook (include/nqpf/distribute.h) without MPI: the test forks, the parent runs
 * nqpf_dea_run as rank 0 of 2 and the child as rank 1, and the allgather goes over a socket pair.
 * Both ranks must end with exactly the single-process table (and LP count, which only adds up if
 * the ranks split the blocks rather than each doing all of them); the scores are also checked
 * against an independent GLPK envelopment LP. Plus the checks of nqpf_set_distributor and the
 * writers' rank-0 rule. */
#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "nqpf/dea.h"
#include "nqpf/distribute.h"
#include "nqpf/io.h"

static void test_set_checks(void **state)
{
    (void)state;
    nqpf_distributor d;
    tu_assert_error(nqpf_distributor_init(&d, NQPF_DISTRIBUTOR_VERSION + 1), NQPF_EUSAGE, "version");
    assert_int_equal(nqpf_distributor_init(&d, NQPF_DISTRIBUTOR_VERSION), NQPF_OK);
    assert_int_equal(d.rank, 0);
    assert_int_equal(d.size, 1);
    d.size = 0;
    tu_assert_error(nqpf_set_distributor(&d), NQPF_EUSAGE, "size is 0");
    d.size = 2;
    d.rank = 2;
    tu_assert_error(nqpf_set_distributor(&d), NQPF_EUSAGE, "rank 2 is outside 0..1");
    d.rank = 1;
    tu_assert_error(nqpf_set_distributor(&d), NQPF_EUSAGE, "needs an allgather");
    d.version = 99;
    tu_assert_error(nqpf_set_distributor(&d), NQPF_EUSAGE, "nqpf_distributor_init");
    assert_null(nqpf_get_distributor());
    d.version = NQPF_DISTRIBUTOR_VERSION;
    d.size = 1;
    d.rank = 0;
    assert_int_equal(nqpf_set_distributor(&d), NQPF_OK);
    assert_non_null(nqpf_get_distributor());
    assert_int_equal(nqpf_get_distributor()->size, 1);
    assert_int_equal(nqpf_set_distributor(NULL), NQPF_OK);
    assert_null(nqpf_get_distributor());
}

/* ---- two ranks over a socket pair ---- */
typedef struct pair_link {
    int fd, rank;
} pair_link;

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int read_all(int fd, char *p, size_t n)
{
    while (n) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Rank 0 sends first and rank 1 receives first, so that a payload larger than the socket buffer
 * cannot block both writers. */
static int pair_allgather(void *ud, const void *mine, size_t n, void *all, const size_t *counts)
{
    pair_link *L = ud;
    char *dst = all;
    size_t mine_at = L->rank == 0 ? 0 : counts[0], other_at = L->rank == 0 ? counts[0] : 0;
    size_t other_n = counts[1 - L->rank];
    if (counts[L->rank] != n)
        return -1;
    if (n)
        memcpy(dst + mine_at, mine, n);
    if (L->rank == 0)
        return write_all(L->fd, mine, n) || read_all(L->fd, dst + other_at, other_n) ? -1 : 0;
    return read_all(L->fd, dst + other_at, other_n) || write_all(L->fd, mine, n) ? -1 : 0;
}

#define N 1300 /* three blocks of 512: rank 0 takes blocks 0 and 2, rank 1 block 1 */

static const char *const in_names[] = {"x1", "x2"};
static const char *const out_names[] = {"y"};
static double X1[N], X2[N], Y[N];

static nqpf_panel *make_panel(void)
{
    size_t cap = (size_t)N * 64 + 64, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv + len, cap - len, "id,t,x1,x2,y\n");
    unsigned long long s = 16;
    for (size_t i = 0; i < N; i++) {
        if (i % 200 == 199) { /* a duplicated DMU now and then: ties among the peers */
            X1[i] = X1[i - 1], X2[i] = X2[i - 1], Y[i] = Y[i - 1];
        } else {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            X1[i] = 1 + (double)((s >> 40 & 0xffff) % 99);
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            X2[i] = 1 + (double)((s >> 40 & 0xffff) % 99);
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            Y[i] = floor(10 * pow(X1[i] * X2[i], 0.45) * exp(-0.3 * (double)(s >> 40 & 0xffff) / 65536.0));
        }
        len += (size_t)snprintf(csv + len, cap - len, "d%zu,1,%.0f,%.0f,%.0f\n", i, X1[i], X2[i], Y[i]);
    }
    nqpf_panel *p = tu_panel_from_text(csv, "id", "t");
    free(csv);
    return p;
}

/* The independent reference: min theta s.t. sum_j l_j x_j <= theta x_o, sum_j l_j y_j >= y_o. */
static double glpk_crs_theta(size_t o)
{
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    glp_add_rows(P, 3);
    glp_add_cols(P, N + 1);
    int *ind = malloc((N + 2) * sizeof *ind);
    double *val = malloc((N + 2) * sizeof *val);
    assert_true(ind && val);
    glp_set_col_bnds(P, 1, GLP_FR, 0, 0);
    glp_set_obj_coef(P, 1, 1);
    for (int j = 0; j < N; j++)
        glp_set_col_bnds(P, j + 2, GLP_LO, 0, 0);
    const double *cols[3] = {X1, X2, Y};
    for (int r = 0; r < 3; r++) {
        int k = 0;
        if (r < 2) {
            ind[++k] = 1;
            val[k] = -cols[r][o];
            glp_set_row_bnds(P, r + 1, GLP_UP, 0, 0);
        } else {
            glp_set_row_bnds(P, r + 1, GLP_LO, Y[o], 0);
        }
        for (int j = 0; j < N; j++) {
            ind[++k] = j + 2;
            val[k] = cols[r][j];
        }
        glp_set_mat_row(P, r + 1, k, ind, val);
    }
    nqpf_lp_status st;
    double theta = tu_glpk_solve(P, 0, &st);
    assert_int_equal(st, NQPF_LP_OPTIMAL);
    glp_delete_prob(P);
    free(ind);
    free(val);
    return theta;
}

/* One computation under test: returns its table and LP count (NULL on failure). */
typedef nqpf_table *(*run_fn)(const nqpf_panel *p, size_t *nlp);

static int install_rank(pair_link *L)
{
    nqpf_distributor d;
    if (nqpf_distributor_init(&d, NQPF_DISTRIBUTOR_VERSION) != NQPF_OK)
        return -1;
    d.rank = L->rank;
    d.size = 2;
    d.allgather = pair_allgather;
    d.userdata = L;
    return nqpf_set_distributor(&d) == NQPF_OK ? 0 : -1;
}

/* Runs @p run in one process (the reference), then as rank 0 (here) and rank 1 (a forked child) of
 * 2: both ranks' tables must equal the reference bit for bit and their LP counts its count. */
static void two_ranks(const nqpf_panel *p, run_fn run, const char *what)
{
    size_t ref_nlp = 0, nlp = 0;
    nqpf_table *ref = run(p, &ref_nlp);
    if (!ref)
        fail_msg("%s, one process: %s", what, nqpf_error_message());
    char ref_path[512], child_path[512], skip_path[512];
    snprintf(ref_path, sizeof ref_path, "%s/%s_ref.csv", tu_tmpdir(), what);
    snprintf(child_path, sizeof child_path, "%s/%s_rank1.csv", tu_tmpdir(), what);
    snprintf(skip_path, sizeof skip_path, "%s/%s_rank1_not_written.csv", tu_tmpdir(), what);
    remove(child_path);
    remove(skip_path);
    assert_int_equal(nqpf_write_table(ref_path, ref, NULL), NQPF_OK);

    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* rank 1: no cmocka asserts here (a failure would unwind into the parent's test runner);
         * the exit status says what went wrong */
        close(sv[0]);
        pair_link L = {sv[1], 1};
        size_t cnlp = 0;
        nqpf_table *mine = install_rank(&L) ? NULL : run(p, &cnlp);
        if (!mine)
            _exit(10);
        if (cnlp != ref_nlp)
            _exit(11);
        /* rank 1 writes nothing and says it succeeded */
        struct stat sb;
        if (nqpf_write_table(skip_path, mine, NULL) != NQPF_OK || stat(skip_path, &sb) == 0)
            _exit(12);
        nqpf_set_distributor(NULL);
        _exit(nqpf_write_table(child_path, mine, NULL) == NQPF_OK ? 0 : 13);
    }
    close(sv[1]);
    pair_link L = {sv[0], 0};
    nqpf_table *mine = install_rank(&L) ? NULL : run(p, &nlp);
    int wst = 0;
    waitpid(pid, &wst, 0);
    close(sv[0]);
    nqpf_set_distributor(NULL);
    if (!mine)
        fail_msg("%s, rank 0: %s", what, nqpf_error_message());
    assert_true(WIFEXITED(wst));
    if (WEXITSTATUS(wst) != 0)
        fail_msg("%s: rank 1 failed with status %d (10 run, 11 LP count, 12 writer on rank 1, 13 write)", what,
                 WEXITSTATUS(wst));
    tu_assert_same_table(mine, ref, what, 1);
    assert_int_equal(nlp, ref_nlp);
    /* rank 1's table, as written, byte for byte */
    assert_int_equal(tu_system("cmp -s '%s' '%s'", ref_path, child_path), 0);
    nqpf_table_free(mine);
    nqpf_table_free(ref);
}

static nqpf_table *run_dea(const nqpf_panel *p, size_t *nlp)
{
    nqpf_dea_options o = NQPF_DEA_OPTIONS_INIT;
    o.inputs = in_names;
    o.ninputs = 2;
    o.outputs = out_names;
    o.noutputs = 1;
    o.slacks = 1;
    o.peers = 1;
    nqpf_dea_summary sum;
    nqpf_table *res = NULL;
    if (nqpf_dea_run(&res, p, &o, &sum) != NQPF_OK)
        return NULL;
    *nlp = sum.nlp;
    return res;
}

static void test_two_ranks_dea(void **state)
{
    (void)state;
    nqpf_panel *p = make_panel();
    /* the single-process scores against the independent LP (every 13th DMU, and a duplicated one) */
    size_t nlp;
    nqpf_table *ref = run_dea(p, &nlp);
    assert_non_null(ref);
    size_t jte = nqpf_table_find(ref, "te");
    assert_true(jte != NQPF_NONE);
    const double *te = nqpf_table_cnum(ref, jte);
    for (size_t i = 0; i < N; i += 13)
        tu_assert_close(te[i], glpk_crs_theta(i), 0, 1e-9, "te against GLPK");
    tu_assert_close(te[199], glpk_crs_theta(199), 0, 1e-9, "te of a duplicated DMU against GLPK");
    nqpf_table_free(ref);
    two_ranks(p, run_dea, "dea");
    nqpf_panel_free(p);
}

/* Malmquist: 120 units x 4 periods with blocks of 16 observations (malmquist.c's test setter), so
 * the block list (frontier x distance kind x range) is long and the ranks' shares interleave. */
void nqpf__malmquist_set_block(size_t n);

static nqpf_table *run_malmquist(const nqpf_panel *p, size_t *nlp)
{
    nqpf_malmquist_options o = NQPF_MALMQUIST_OPTIONS_INIT;
    o.inputs = in_names;
    o.ninputs = 2;
    o.outputs = out_names;
    o.noutputs = 1;
    o.decomposition = NQPF_MALMQUIST_RD;
    nqpf_malmquist_summary sum;
    nqpf_table *res = NULL;
    if (nqpf_malmquist_run(&res, &sum, p, &o) != NQPF_OK)
        return NULL;
    *nlp = sum.nlp;
    return res;
}

static void test_two_ranks_malmquist(void **state)
{
    (void)state;
    size_t cap = 120 * 4 * 64 + 64, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv + len, cap - len, "id,t,x1,x2,y\n");
    unsigned long long s = 5;
    for (int u = 0; u < 120; u++)
        for (int t = 0; t < 4; t++) {
            double v[3];
            for (int k = 0; k < 3; k++) {
                s = s * 6364136223846793005ull + 1442695040888963407ull;
                v[k] = 1 + (double)((s >> 40 & 0xffff) % 99);
            }
            len += (size_t)snprintf(csv + len, cap - len, "u%d,%d,%.0f,%.0f,%.0f\n", u, 2001 + t, v[0], v[1],
                                    floor(5 * pow(v[0] * v[1], 0.4) * (1 + 0.05 * t) * (0.7 + 0.003 * v[2])));
        }
    nqpf_panel *p = tu_panel_from_text(csv, "id", "t");
    free(csv);
    nqpf__malmquist_set_block(16);
    two_ranks(p, run_malmquist, "malmquist");
    nqpf__malmquist_set_block(0);
    nqpf_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_checks),
        cmocka_unit_test(test_two_ranks_dea),
        cmocka_unit_test(test_two_ranks_malmquist),
    };
    return tu_run_group_tests("distribute", tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
