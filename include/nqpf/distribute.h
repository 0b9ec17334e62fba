/**
 * @file distribute.h
 * @brief Splitting a run across processes (MPI ranks) without the library knowing MPI.
 *
 * libnqpf has no MPI dependency. A program that runs as several cooperating processes (nqpf-mpi,
 * built from mpi/nqpf_mpi.c, puts MPI_Allgatherv behind the callback) describes them with an
 * nqpf_distributor and installs it with nqpf_set_distributor() before any work. Every process then
 * makes the same calls with the same arguments; nqpf_dea_run and nqpf_malmquist_run give each
 * process the blocks b (of up to 512 DMUs, each solved from a fresh LP) with b % size == rank,
 * exchange the results (after each reference group, or after all distances) so that every process
 * holds the whole result, and the results are byte-identical to a single process run. The table writers (io.h) write on rank 0 only, and the other ranks return NQPF_OK
 * without touching the file or stdout. Everything else runs unsplit on every rank.
 *
 * The distributor is process-wide, like a warning handler: set it once at start-up, before
 * threads are started, and not while a run is in progress.
 */
#ifndef NQPF_DISTRIBUTE_H
#define NQPF_DISTRIBUTE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of nqpf_distributor this header describes (nqpf_distributor_init()). */
#define NQPF_DISTRIBUTOR_VERSION 1

/** The processes of a run and how they exchange data. Initialise with nqpf_distributor_init(). */
typedef struct nqpf_distributor {
    unsigned version; /**< NQPF_DISTRIBUTOR_VERSION */
    int rank;         /**< this process, 0 .. size-1; rank 0 writes the output */
    int size;         /**< the number of processes, >= 1 */
    /**
     * Collective: every process calls it at the same point with its own @p mine (@p mine_bytes
     * bytes, possibly 0). On return @p all holds the contributions of ranks 0, 1, ..., size-1 one
     * after the other, rank r's taking @p counts[r] bytes (the caller knows every count
     * beforehand and sized @p all for their sum). Returns 0 on success, anything else on failure;
     * a failure is not recoverable (the processes no longer agree on where they are).
     */
    int (*allgather)(void *userdata, const void *mine, size_t mine_bytes, void *all, const size_t *counts);
    void *userdata;   /**< passed to allgather */
} nqpf_distributor;

/**
 * Sets @p d to a single process (rank 0 of 1, no allgather). @p version must be
 * NQPF_DISTRIBUTOR_VERSION: a program built against another layout gets NQPF_EUSAGE.
 */
int nqpf_distributor_init(nqpf_distributor *d, unsigned version);

/**
 * Installs @p d (copied) for the whole process; NULL goes back to a single process. Returns
 * NQPF_EUSAGE, naming the field, when the version is unknown, size < 1, rank is outside
 * 0..size-1, or size > 1 without an allgather.
 */
int nqpf_set_distributor(const nqpf_distributor *d);

/** The installed distributor, or NULL when the process runs alone. */
const nqpf_distributor *nqpf_get_distributor(void);

#ifdef __cplusplus
}
#endif
#endif
