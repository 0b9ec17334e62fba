/* nqpf-mpi: the nqpf command line run as several MPI processes (`mpirun -np K nqpf-mpi dea ...`).
 * libnqpf knows nothing of MPI: this file puts MPI_Allgatherv behind the library's distributor
 * callback (include/nqpf/distribute.h), silences every rank but 0, and runs the normal front end
 * (cli/main.c's nqpf_cli_main). `dea` and `malmquist` split their blocks of DMUs across the ranks
 * and give the same output as nqpf. Other commands are refused with several ranks: the study runner
 * and the report take locks and temporary files that several copies of one run would fight over. */
#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nqpf.h"

int nqpf_cli_main(int argc, char **argv); /* cli/main.c */

/* MPI counts and displacements are ints. Up to INT_MAX bytes in all, one MPI_Allgatherv; beyond,
 * each rank in turn broadcasts its part in pieces of at most INT_MAX bytes (it copies the same
 * bytes, just in more calls). */
static int allgather_bytes(void *userdata, const void *mine, size_t mine_bytes, void *all, const size_t *counts)
{
    MPI_Comm comm = *(MPI_Comm *)userdata;
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    size_t total = 0;
    for (int r = 0; r < size; r++)
        total += counts[r];
    if (counts[rank] != mine_bytes)
        return -1;
    if (total <= INT_MAX) {
        int *cnt = malloc((size_t)size * sizeof *cnt), *displ = malloc((size_t)size * sizeof *displ);
        if (!cnt || !displ) {
            free(cnt);
            free(displ);
            return -1;
        }
        int off = 0;
        for (int r = 0; r < size; r++) {
            cnt[r] = (int)counts[r];
            displ[r] = off;
            off += cnt[r];
        }
        int rc = MPI_Allgatherv(mine, cnt[rank], MPI_BYTE, all, cnt, displ, MPI_BYTE, comm);
        free(cnt);
        free(displ);
        return rc == MPI_SUCCESS ? 0 : rc;
    }
    char *at = all;
    for (int r = 0; r < size; r++) {
        if (r == rank && mine_bytes)
            memcpy(at, mine, mine_bytes);
        for (size_t done = 0; done < counts[r];) {
            size_t piece = counts[r] - done < INT_MAX ? counts[r] - done : INT_MAX;
            int rc = MPI_Bcast(at + done, (int)piece, MPI_BYTE, r, comm);
            if (rc != MPI_SUCCESS)
                return rc;
            done += piece;
        }
        at += counts[r];
    }
    return 0;
}

/* The commands that know how to share their work between ranks, and those that only print. */
static int runs_distributed(int argc, char **argv)
{
    static const char *const ok[] = {"dea", "malmquist", "help", "version", NULL};
    if (argc < 2 || argv[1][0] == '-')
        return 1;
    for (size_t k = 0; ok[k]; k++)
        if (strcmp(argv[1], ok[k]) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    /* Only the calling thread makes MPI calls: the library's worker threads never do (the results
     * are exchanged after each group, on the thread that started the run). */
    int provided = 0;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "nqpf-mpi: MPI_Init failed (start it with mpirun, e.g. mpirun -np 2 nqpf-mpi dea ...)\n");
        return NQPF_EINTERNAL;
    }
    MPI_Comm comm = MPI_COMM_WORLD;
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    nqpf_distributor d;
    int rc = nqpf_distributor_init(&d, NQPF_DISTRIBUTOR_VERSION);
    if (rc == NQPF_OK) {
        d.rank = rank;
        d.size = size;
        d.allgather = allgather_bytes;
        d.userdata = &comm;
        rc = nqpf_set_distributor(&d);
    }
    if (rc != NQPF_OK) {
        fprintf(stderr, "nqpf-mpi: %s\n", nqpf_error_message());
        MPI_Finalize();
        return rc;
    }
    if (size > 1 && !runs_distributed(argc, argv)) {
        if (rank == 0)
            fprintf(stderr, "nqpf-mpi: %s runs on one process: use nqpf %s (nqpf-mpi splits dea and malmquist)\n",
                    argv[1], argv[1]);
        nqpf_set_distributor(NULL);
        MPI_Finalize();
        return NQPF_EUSAGE;
    }
    /* Every rank runs the same command on the same data and ends with the same result; rank 0
     * speaks for all (messages, warnings, progress, stdout). The others keep their stderr only to
     * report a failure of their own: a rank that cannot read its input (a file missing on its
     * node) fails alone, and mpirun then ends the job. */
    int saved_err = -1;
    if (rank != 0) {
        saved_err = dup(fileno(stderr));
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) {
            rc = NQPF_EINTERNAL;
            if (saved_err >= 0)
                dprintf(saved_err, "nqpf-mpi: rank %d: cannot silence its output (/dev/null)\n", rank);
        }
    }
    if (rc == NQPF_OK)
        rc = nqpf_cli_main(argc, argv);
    if (rank != 0 && rc != NQPF_OK && saved_err >= 0)
        dprintf(saved_err, "nqpf-mpi: rank %d of %d: exit %d: %s\n", rank, size, rc,
                nqpf_error_message()[0] ? nqpf_error_message() : "failed");
    if (saved_err >= 0)
        close(saved_err);
    nqpf_set_distributor(NULL);
    MPI_Finalize();
    return rc;
}
