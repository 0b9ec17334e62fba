/* The worker-thread pool of pool.h: a generation counter under one mutex starts a run, a count of
 * finished workers ends it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "nqpf/error.h"
#include "util/pool.h"
#include "util/util.h"

struct nqpf__pool {
    pthread_mutex_t mu;
    pthread_cond_t start, done;
    unsigned gen, ndone, nthreads, quit;
    unsigned started; /* threads running (participants 1..started) */
    nqpf__pool_fn fn, thread_exit;
    void *ctx;
    pthread_t *th;
    struct slot {
        nqpf__pool *P;
        unsigned t;
    } *slot;
};

static void *pool_thread(void *arg)
{
    struct slot *sl = arg;
    nqpf__pool *P = sl->P;
    unsigned seen = 0;
    for (;;) {
        pthread_mutex_lock(&P->mu);
        while (P->gen == seen && !P->quit)
            pthread_cond_wait(&P->start, &P->mu);
        seen = P->gen;
        int quit = (int)P->quit;
        pthread_mutex_unlock(&P->mu);
        if (quit)
            break;
        P->fn(P->ctx, sl->t);
        pthread_mutex_lock(&P->mu);
        P->ndone++;
        pthread_cond_signal(&P->done);
        pthread_mutex_unlock(&P->mu);
    }
    if (P->thread_exit)
        P->thread_exit(P->ctx, sl->t);
    return NULL;
}

int nqpf__pool_new(nqpf__pool **out, unsigned nthreads, nqpf__pool_fn fn, nqpf__pool_fn thread_exit, void *ctx)
{
    *out = NULL;
    if (nthreads == 0)
        nthreads = 1;
    nqpf__pool *P = nqpf__calloc(1, sizeof *P);
    if (!P)
        return NQPF_EINTERNAL;
    P->th = nqpf__calloc(nthreads, sizeof *P->th);
    P->slot = nqpf__calloc(nthreads, sizeof *P->slot);
    if (!P->th || !P->slot) {
        free(P->th);
        free(P->slot);
        free(P);
        return NQPF_EINTERNAL;
    }
    pthread_mutex_init(&P->mu, NULL);
    pthread_cond_init(&P->start, NULL);
    pthread_cond_init(&P->done, NULL);
    P->fn = fn;
    P->thread_exit = thread_exit;
    P->ctx = ctx;
    P->nthreads = 1;
    for (unsigned t = 1; t < nthreads; t++) {
        P->slot[t].P = P;
        P->slot[t].t = t;
        if (pthread_create(&P->th[t], NULL, pool_thread, &P->slot[t]) != 0)
            break;
        P->started = t;
        P->nthreads = t + 1;
    }
    *out = P;
    return NQPF_OK;
}

unsigned nqpf__pool_size(const nqpf__pool *P) { return P->nthreads; }

void nqpf__pool_run(nqpf__pool *P)
{
    pthread_mutex_lock(&P->mu);
    P->ndone = 0;
    P->gen++;
    pthread_cond_broadcast(&P->start);
    pthread_mutex_unlock(&P->mu);
    P->fn(P->ctx, 0);
    pthread_mutex_lock(&P->mu);
    while (P->ndone < P->nthreads - 1)
        pthread_cond_wait(&P->done, &P->mu);
    pthread_mutex_unlock(&P->mu);
}

void nqpf__pool_free(nqpf__pool *P)
{
    if (!P)
        return;
    pthread_mutex_lock(&P->mu);
    P->quit = 1;
    pthread_cond_broadcast(&P->start);
    pthread_mutex_unlock(&P->mu);
    for (unsigned t = 1; t <= P->started; t++)
        pthread_join(P->th[t], NULL);
    pthread_mutex_destroy(&P->mu);
    pthread_cond_destroy(&P->start);
    pthread_cond_destroy(&P->done);
    free(P->th);
    free(P->slot);
    free(P);
}

/* nqpf__pool_blocks(): what the participants share, and per participant its first failure. */
typedef struct blocks_run {
    nqpf__block_fn fn;
    nqpf__pool_fn thread_exit;
    void *ctx;
    size_t nblocks;
    unsigned size; /* participants */
    struct blocks_part {
        size_t failed; /* index of the first failing block, nblocks if none */
        int rc;
        char msg[1024];
    } *part;
} blocks_run;

static void blocks_work(void *arg, unsigned t)
{
    blocks_run *R = arg;
    struct blocks_part *pt = &R->part[t];
    for (size_t b = t; b < R->nblocks; b += R->size) {
        int rc = R->fn(R->ctx, t, b);
        if (rc) {
            pt->failed = b;
            pt->rc = rc;
            snprintf(pt->msg, sizeof pt->msg, "%s", nqpf_error_message());
            return;
        }
    }
}

static void blocks_exit(void *arg, unsigned t)
{
    blocks_run *R = arg;
    if (R->thread_exit)
        R->thread_exit(R->ctx, t);
}

int nqpf__pool_blocks(unsigned nthreads, size_t nblocks, nqpf__block_fn fn, nqpf__pool_fn thread_exit, void *ctx)
{
    if (nthreads == 0)
        nthreads = 1;
    if (nblocks < nthreads)
        nthreads = nblocks ? (unsigned)nblocks : 1;
    if (nthreads == 1) {
        for (size_t b = 0; b < nblocks; b++) {
            int rc = fn(ctx, 0, b);
            if (rc)
                return rc;
        }
        return NQPF_OK;
    }
    blocks_run R = {fn, thread_exit, ctx, nblocks, 1, NULL};
    nqpf__pool *P = NULL;
    if (!(R.part = nqpf__calloc(nthreads, sizeof *R.part)))
        return NQPF_EINTERNAL;
    for (unsigned t = 0; t < nthreads; t++)
        R.part[t].failed = nblocks;
    int rc = nqpf__pool_new(&P, nthreads, blocks_work, blocks_exit, &R);
    if (rc) {
        free(R.part);
        return rc;
    }
    /* set before the run starts: a thread that failed to start only shrinks the pool */
    R.size = nqpf__pool_size(P);
    nqpf__pool_run(P);
    nqpf__pool_free(P);
    unsigned first = 0;
    for (unsigned t = 1; t < R.size; t++)
        if (R.part[t].failed < R.part[first].failed)
            first = t;
    rc = R.part[first].failed < nblocks ? nqpf_error_set(R.part[first].rc, "%s", R.part[first].msg) : NQPF_OK;
    free(R.part);
    return rc;
}
