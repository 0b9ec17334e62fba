/* A small pool of persistent worker threads for work split into a fixed number of parts. The
 * calling thread is participant 0 and takes part in every run; participants 1..size-1 are threads
 * that wait between runs, so a caller that runs many short rounds (one per period, say) starts its
 * threads once. The pool knows nothing about the work: a run calls fn(ctx, t) once for every
 * participant t and returns when all have returned. No domain knowledge lives here. */
#ifndef NQPF_UTIL_POOL_H
#define NQPF_UTIL_POOL_H

#include <stddef.h>

typedef struct nqpf__pool nqpf__pool;

/* The work of participant t of a run (t = 0 in the calling thread). */
typedef void (*nqpf__pool_fn)(void *ctx, unsigned t);

/* Creates a pool for up to @p nthreads participants (0 counts as 1) that run @p fn on @p ctx.
 * @p thread_exit (may be NULL) is called in worker thread t (t >= 1) just before it ends, so that
 * state kept per thread (a solver's thread-local memory) is freed in the thread that owns it; the
 * caller handles participant 0's itself. A thread that cannot be started only makes the pool
 * smaller (nqpf__pool_size()). Errors: NQPF_EINTERNAL (out of memory). */
int nqpf__pool_new(nqpf__pool **out, unsigned nthreads, nqpf__pool_fn fn, nqpf__pool_fn thread_exit, void *ctx);

/* The number of participants, the calling thread included (>= 1). */
unsigned nqpf__pool_size(const nqpf__pool *P);

/* Calls fn(ctx, t) for every participant at once, t = 0 in the calling thread, and returns when
 * every call has returned. */
void nqpf__pool_run(nqpf__pool *P);

/* Ends the worker threads (each calls thread_exit first) and frees the pool. NULL is allowed. */
void nqpf__pool_free(nqpf__pool *P);

/* The work of block b done by participant t (0 = the calling thread): returns NQPF_OK, or an
 * error code with its message set (nqpf_error_set) in the participant's thread. */
typedef int (*nqpf__block_fn)(void *ctx, unsigned t, size_t b);

/* Runs the blocks 0..nblocks-1 over a pool of up to @p nthreads participants (0 counts as 1; never
 * more than there are blocks), created and freed inside the call. Participant t of P takes the
 * blocks t, t + P, t + 2P, ... in increasing order: the assignment is fixed before the run, so a
 * caller whose blocks are independent of each other gets results that do not depend on P. A
 * participant stops at its first failing block; the call then returns the error of the failing
 * block with the lowest index, its message copied into the calling thread, so the message does not
 * depend on P either (every block below it ran and succeeded). @p thread_exit (may be NULL) runs in
 * worker thread t >= 1 before it ends (to free per-thread state there); participant 0's state is
 * the caller's to free. With one participant or one block everything runs in the calling thread.
 * Errors: those of the blocks, NQPF_EINTERNAL (out of memory). */
int nqpf__pool_blocks(unsigned nthreads, size_t nblocks, nqpf__block_fn fn, nqpf__pool_fn thread_exit, void *ctx);

#endif
