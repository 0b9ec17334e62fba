/* Finite Markov chains from class sequences: transition counts and probabilities, stationary
 * distributions of the closed classes, Kemeny-Snell mean first passage times, sojourn times and
 * the spatial Markov chain of Rey (2001). Linear algebra through GSL's LU routines. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "nqpf/dynamics.h"
#include "nqpf/global.h"
#include "../util/util.h"

void nqpf_markov_free(nqpf_markov *m)
{
    if (!m)
        return;
    free(m->counts);
    free(m->p);
    free(m->steady);
    free(m->mfpt);
    free(m->sojourn);
    free(m->prais);
    free(m);
}

/* True when an LU factor has a zero pivot; GSL's solvers would call the error handler (which aborts
 * by default), so the library checks first. */
static int lu_singular(const gsl_matrix *lu)
{
    for (size_t i = 0; i < lu->size1; i++)
        if (gsl_matrix_get(lu, i, i) == 0.0 || !isfinite(gsl_matrix_get(lu, i, i)))
            return 1;
    return 0;
}

/* Stationary distribution of the stochastic sub-matrix of p on the states in @p members: solves
 * pi (P - I) = 0 with one equation replaced by sum(pi) = 1. */
static int stationary(const double *p, size_t k, const size_t *members, size_t m, double *pi)
{
    int rc = NQPF_OK;
    gsl_matrix *a = gsl_matrix_alloc(m, m);
    gsl_vector *b = gsl_vector_calloc(m), *x = gsl_vector_alloc(m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    int sign;
    if (!a || !b || !x || !perm) {
        rc = nqpf__nomem("the Markov chain's linear system");
        goto done;
    }
    for (size_t r = 0; r < m; r++)
        for (size_t c = 0; c < m; c++)
            gsl_matrix_set(a, r, c, p[members[c] * k + members[r]] - (r == c ? 1.0 : 0.0));
    for (size_t c = 0; c < m; c++)
        gsl_matrix_set(a, m - 1, c, 1.0);
    gsl_vector_set(b, m - 1, 1.0);
    gsl_linalg_LU_decomp(a, perm, &sign);
    if (lu_singular(a)) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "Markov chain: singular system for the steady state");
        goto done;
    }
    gsl_linalg_LU_solve(a, perm, b, x);
    for (size_t c = 0; c < m; c++)
        pi[members[c]] = gsl_vector_get(x, c);
done:
    gsl_matrix_free(a);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
    return rc;
}

/* Kemeny and Snell (1976, thm 4.4.7): M = (I - Z + E Z_dg) D with Z the fundamental matrix. */
static int first_passage(const double *p, const double *pi, size_t k, double *mfpt)
{
    int rc = NQPF_OK, sign;
    gsl_matrix *a = gsl_matrix_alloc(k, k), *z = gsl_matrix_alloc(k, k);
    gsl_permutation *perm = gsl_permutation_alloc(k);
    if (!a || !z || !perm) {
        rc = nqpf__nomem("the Markov chain's linear system");
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(a, i, j, (i == j ? 1.0 : 0.0) - p[i * k + j] + pi[j]);
    gsl_linalg_LU_decomp(a, perm, &sign);
    if (lu_singular(a)) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "Markov chain: singular fundamental matrix");
        goto done;
    }
    gsl_linalg_LU_invert(a, perm, z);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            mfpt[i * k + j] = i == j ? 1.0 / pi[j] : (gsl_matrix_get(z, j, j) - gsl_matrix_get(z, i, j)) / pi[j];
done:
    gsl_matrix_free(a);
    gsl_matrix_free(z);
    gsl_permutation_free(perm);
    return rc;
}

/* First passage times of a reducible chain, by target j: from the states that reach j with
 * probability 1 (every state they can reach while avoiding j still leads to j) the times solve
 * m_i = 1 + sum_{k != j} p_ik m_k; from the others j may never be reached and the time is inf.
 * m_jj is the mean return time on the same rule. On an irreducible chain this equals the
 * Kemeny-Snell result; for reducible chains it is PySAL giddy's convention. */
static int first_passage_general(const double *p, const unsigned char *reach, size_t k, double *mfpt)
{
    int rc = NQPF_OK, sign;
    unsigned char *sure = nqpf__malloc(k, 1), *avoid = nqpf__malloc(k * k, 1);
    size_t *idx = nqpf__malloc(k, sizeof *idx);
    gsl_matrix *a = NULL;
    gsl_vector *b = NULL, *x = NULL;
    gsl_permutation *perm = NULL;
    if (!sure || !avoid || !idx) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t j = 0; j < k; j++) {
        /* avoid[i][v]: v reachable from i by a path (length >= 0) that does not visit j. */
        for (size_t i = 0; i < k; i++)
            for (size_t v = 0; v < k; v++)
                avoid[i * k + v] = i != j && v != j && (i == v || p[i * k + v] > 0);
        for (size_t w = 0; w < k; w++)
            for (size_t i = 0; i < k; i++)
                if (avoid[i * k + w])
                    for (size_t v = 0; v < k; v++)
                        if (avoid[w * k + v])
                            avoid[i * k + v] = 1;
        size_t m = 0;
        for (size_t i = 0; i < k; i++) {
            sure[i] = i != j;
            for (size_t v = 0; v < k && sure[i]; v++)
                if (avoid[i * k + v] && !reach[v * k + j])
                    sure[i] = 0;
            if (sure[i])
                idx[m++] = i;
        }
        for (size_t i = 0; i < k; i++)
            mfpt[i * k + j] = INFINITY;
        if (m) {
            a = gsl_matrix_alloc(m, m);
            b = gsl_vector_alloc(m);
            x = gsl_vector_alloc(m);
            perm = gsl_permutation_alloc(m);
            if (!a || !b || !x || !perm) {
                rc = nqpf__nomem("the Markov chain's linear system");
                goto done;
            }
            for (size_t r = 0; r < m; r++) {
                for (size_t c = 0; c < m; c++)
                    gsl_matrix_set(a, r, c, (r == c ? 1.0 : 0.0) - p[idx[r] * k + idx[c]]);
                gsl_vector_set(b, r, 1.0);
            }
            gsl_linalg_LU_decomp(a, perm, &sign);
            if (lu_singular(a)) {
                rc = nqpf_error_set(NQPF_EINTERNAL, "Markov chain: singular first-passage system");
                goto done;
            }
            gsl_linalg_LU_solve(a, perm, b, x);
            for (size_t r = 0; r < m; r++)
                mfpt[idx[r] * k + j] = gsl_vector_get(x, r);
            gsl_matrix_free(a);
            gsl_vector_free(b);
            gsl_vector_free(x);
            gsl_permutation_free(perm);
            a = NULL, b = NULL, x = NULL, perm = NULL;
        }
        double ret = 1.0;
        for (size_t v = 0; v < k; v++)
            if (v != j && p[j * k + v] > 0)
                ret += p[j * k + v] * mfpt[v * k + j];
        mfpt[j * k + j] = ret;
    }
done:
    gsl_matrix_free(a);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
    free(sure);
    free(avoid);
    free(idx);
    return rc;
}

int nqpf_markov_from_counts(nqpf_markov **out, const double *counts, size_t k)
{
    *out = NULL;
    if (k == 0)
        return nqpf_error_set(NQPF_EUSAGE, "Markov chain: no classes");
    /* GSL's default handler aborts on failure (an allocation, say); the library reports instead. */
    nqpf_global_init();
    int rc = NQPF_OK;
    nqpf_markov *m = nqpf__calloc(1, sizeof *m);
    unsigned char *reach = NULL;
    size_t *members = NULL;
    if (!m)
        return NQPF_EINTERNAL;
    m->k = k;
    m->counts = nqpf__malloc(k * k, sizeof *m->counts);
    m->p = nqpf__calloc(k * k, sizeof *m->p);
    m->mfpt = nqpf__malloc(k * k, sizeof *m->mfpt);
    m->sojourn = nqpf__malloc(k, sizeof *m->sojourn);
    m->prais = nqpf__malloc(k, sizeof *m->prais);
    m->steady = nqpf__malloc(k * k, sizeof *m->steady);
    reach = nqpf__calloc(k * k, 1);
    members = nqpf__malloc(k, sizeof *members);
    if (!m->counts || !m->p || !m->mfpt || !m->sojourn || !m->prais || !m->steady || !reach || !members) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    memcpy(m->counts, counts, k * k * sizeof *counts);
    int empty_row = 0;
    for (size_t i = 0; i < k; i++) {
        double s = 0;
        for (size_t j = 0; j < k; j++)
            s += counts[i * k + j];
        for (size_t j = 0; j < k; j++)
            m->p[i * k + j] = s > 0 ? counts[i * k + j] / s : 0.0;
        if (!(s > 0)) {
            empty_row = 1;
            m->sojourn[i] = m->prais[i] = NAN;
        } else {
            double pii = m->p[i * k + i];
            m->prais[i] = 1 - pii;
            m->sojourn[i] = pii == 1.0 ? INFINITY : 1.0 / (1.0 - pii);
        }
    }
    for (size_t i = 0; i < k * k; i++)
        m->mfpt[i] = m->steady[i] = NAN;
    if (empty_row)
        goto done; /* not a stochastic matrix: no stationary distribution is defined */
    /* Reachability (Warshall), then the closed communicating classes: those are the recurrent
     * classes, each with its own stationary distribution. */
    for (size_t i = 0; i < k; i++) {
        reach[i * k + i] = 1;
        for (size_t j = 0; j < k; j++)
            if (m->p[i * k + j] > 0)
                reach[i * k + j] = 1;
    }
    for (size_t v = 0; v < k; v++)
        for (size_t i = 0; i < k; i++)
            if (reach[i * k + v])
                for (size_t j = 0; j < k; j++)
                    if (reach[v * k + j])
                        reach[i * k + j] = 1;
    for (size_t i = 0; i < k; i++) {
        int first = 1, closed = 1;
        size_t nm = 0;
        for (size_t j = 0; j < k; j++) {
            if (reach[i * k + j] && reach[j * k + i]) {
                if (j < i)
                    first = 0; /* the class was met at its smallest member */
                members[nm++] = j;
            } else if (reach[i * k + j]) {
                closed = 0; /* i reaches a state that does not lead back */
            }
        }
        if (!first || !closed)
            continue;
        double *pi = m->steady + m->nrecurrent * k;
        for (size_t j = 0; j < k; j++)
            pi[j] = 0.0;
        if ((rc = stationary(m->p, k, members, nm, pi)))
            goto done;
        m->nrecurrent++;
    }
    int irreducible = m->nrecurrent == 1;
    for (size_t j = 0; irreducible && j < k; j++)
        irreducible = m->steady[j] > 0;
    rc = irreducible ? first_passage(m->p, m->steady, k, m->mfpt) : first_passage_general(m->p, reach, k, m->mfpt);

done:
    free(reach);
    free(members);
    if (rc)
        nqpf_markov_free(m);
    else
        *out = m;
    return rc;
}

static int count_pairs(double *counts, const int *cls, const int *cond, int want, size_t nunits, size_t nperiods,
                       size_t k)
{
    memset(counts, 0, k * k * sizeof *counts);
    for (size_t u = 0; u < nunits; u++)
        for (size_t t = 0; t + 1 < nperiods; t++) {
            int a = cls[u * nperiods + t], b = cls[u * nperiods + t + 1];
            if (a < 0 || b < 0)
                continue;
            if (cond && cond[u * nperiods + t] != want)
                continue;
            if ((size_t)a >= k || (size_t)b >= k)
                return nqpf_error_set(NQPF_EUSAGE, "Markov chain: class %d outside 0..%zu", a > b ? a : b, k - 1);
            counts[(size_t)a * k + (size_t)b] += 1;
        }
    return NQPF_OK;
}

int nqpf_markov_estimate(nqpf_markov **out, const int *cls, size_t nunits, size_t nperiods, size_t k)
{
    *out = NULL;
    if (k == 0)
        return nqpf_error_set(NQPF_EUSAGE, "Markov chain: no classes");
    double *counts = nqpf__malloc(k * k, sizeof *counts);
    if (!counts)
        return NQPF_EINTERNAL;
    int rc = count_pairs(counts, cls, NULL, 0, nunits, nperiods, k);
    if (!rc)
        rc = nqpf_markov_from_counts(out, counts, k);
    free(counts);
    return rc;
}

int nqpf_markov_spatial(nqpf_markov ***out, const int *cls, const int *lagcls, size_t nunits, size_t nperiods,
                        size_t k, size_t klag)
{
    *out = NULL;
    if (k == 0 || klag == 0)
        return nqpf_error_set(NQPF_EUSAGE, "spatial Markov chain: no classes");
    nqpf_markov **ms = nqpf__calloc(klag, sizeof *ms);
    double *counts = nqpf__malloc(k * k, sizeof *counts);
    int rc = NQPF_OK;
    if (!ms || !counts) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t l = 0; l < klag && !rc; l++)
        if (!(rc = count_pairs(counts, cls, lagcls, (int)l, nunits, nperiods, k)))
            rc = nqpf_markov_from_counts(&ms[l], counts, k);
    if (!rc) {
        *out = ms;
        ms = NULL;
    }
done:
    if (ms)
        for (size_t l = 0; l < klag; l++)
            nqpf_markov_free(ms[l]);
    free(ms);
    free(counts);
    return rc;
}
