/* The process-wide distributor (include/nqpf/distribute.h) and the variable-size allgather built on
 * its callback. The library stays free of MPI: the program that runs several processes (nqpf-mpi)
 * supplies the transport. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/distribute.h"
#include "nqpf/error.h"
#include "distribute_internal.h"
#include "util.h"

/* Set at start-up, before any thread or run, and only read afterwards: no lock (as the header
 * asks of callers). */
static nqpf_distributor installed;
static int have_installed;

int nqpf_distributor_init(nqpf_distributor *d, unsigned version)
{
    static const nqpf_distributor defaults = {NQPF_DISTRIBUTOR_VERSION, 0, 1, NULL, NULL};
    return nqpf__options_init(d, &defaults, sizeof defaults, version, NQPF_DISTRIBUTOR_VERSION,
                              "nqpf_distributor_init");
}

int nqpf_set_distributor(const nqpf_distributor *d)
{
    if (!d) {
        have_installed = 0;
        return NQPF_OK;
    }
    if (d->version != NQPF_DISTRIBUTOR_VERSION)
        return nqpf_error_set(NQPF_EUSAGE,
                              "nqpf_set_distributor: version %u, this library knows %u (initialise the struct "
                              "with nqpf_distributor_init)",
                              d->version, (unsigned)NQPF_DISTRIBUTOR_VERSION);
    if (d->size < 1)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_set_distributor: size is %d; it counts the processes (>= 1)",
                              d->size);
    if (d->rank < 0 || d->rank >= d->size)
        return nqpf_error_set(NQPF_EUSAGE, "nqpf_set_distributor: rank %d is outside 0..%d (size - 1)", d->rank,
                              d->size - 1);
    if (d->size > 1 && !d->allgather)
        return nqpf_error_set(NQPF_EUSAGE,
                              "nqpf_set_distributor: size %d needs an allgather callback to exchange results",
                              d->size);
    installed = *d;
    have_installed = 1;
    return NQPF_OK;
}

const nqpf_distributor *nqpf_get_distributor(void)
{
    return have_installed ? &installed : NULL;
}

int nqpf__dist_rank(void)
{
    return have_installed ? installed.rank : 0;
}

int nqpf__dist_size(void)
{
    return have_installed ? installed.size : 1;
}

int nqpf__dist_allgather(const void *mine, size_t n, void **all, size_t *counts)
{
    size_t size = (size_t)nqpf__dist_size(), total = 0;
    *all = NULL;
    if (size == 1) {
        counts[0] = n;
        if (!(*all = nqpf__malloc(n ? n : 1, 1)))
            return nqpf__nomem("the results exchanged between processes");
        if (n)
            memcpy(*all, mine, n);
        return NQPF_OK;
    }
    /* Round 1: every rank's byte count, as a fixed-width integer so that ranks agree on it. */
    uint64_t mine64 = n, *sizes = nqpf__malloc(size, sizeof *sizes);
    size_t *eight = nqpf__malloc(size, sizeof *eight);
    if (!sizes || !eight) {
        free(sizes);
        free(eight);
        return nqpf__nomem("the results exchanged between processes");
    }
    for (size_t r = 0; r < size; r++)
        eight[r] = sizeof(uint64_t);
    int failed = installed.allgather(installed.userdata, &mine64, sizeof mine64, sizes, eight);
    free(eight);
    if (failed) {
        free(sizes);
        return nqpf_error_set(NQPF_EINTERNAL, "exchanging result sizes between %zu processes failed (status %d; "
                                              "see the transport's message above)",
                              size, failed);
    }
    for (size_t r = 0; r < size; r++) {
        if (sizes[r] > SIZE_MAX - total) {
            free(sizes);
            return nqpf_error_set(NQPF_EINTERNAL, "the results of %zu processes exceed the address space", size);
        }
        counts[r] = (size_t)sizes[r];
        total += counts[r];
    }
    free(sizes);
    /* Round 2: the bytes. */
    char *buf = nqpf__malloc(total ? total : 1, 1);
    if (!buf)
        return nqpf__nomem("the results of %zu processes (%zu bytes)", size, total);
    if ((failed = installed.allgather(installed.userdata, mine, n, buf, counts))) {
        free(buf);
        return nqpf_error_set(NQPF_EINTERNAL, "exchanging results between %zu processes failed (status %d; see the "
                                              "transport's message above)",
                              size, failed);
    }
    *all = buf;
    return NQPF_OK;
}

int nqpf__dist_share(int rc, size_t nlp, const void *data, size_t n, size_t *nlp_total, void **all,
                     const char **part, size_t *len)
{
    size_t size = (size_t)nqpf__dist_size();
    int32_t rc32 = rc;
    uint64_t nlp64 = nlp;
    const char *msg = rc ? nqpf_error_message() : "";
    size_t head = sizeof rc32 + sizeof nlp64, body = rc ? strlen(msg) + 1 : n;
    char fallback[sizeof rc32 + sizeof nlp64 + 160];
    char *mine = nqpf__malloc(head + body + 1, 1);
    size_t mine_len = head + body;
    if (mine) {
        memcpy(mine, &rc32, sizeof rc32);
        memcpy(mine + sizeof rc32, &nlp64, sizeof nlp64);
        if (body)
            memcpy(mine + head, rc ? msg : data, body);
    } else { /* still take part: the other ranks wait for this one */
        int32_t oom = NQPF_EINTERNAL;
        memcpy(fallback, &oom, sizeof oom);
        memcpy(fallback + sizeof oom, &nlp64, sizeof nlp64);
        snprintf(fallback + head, sizeof fallback - head, "%s",
                 "not enough memory for the results sent to the other processes; " NQPF__NOMEM_HINT);
        mine_len = sizeof fallback;
    }
    size_t *counts = nqpf__malloc(size, sizeof *counts);
    int xrc = counts ? nqpf__dist_allgather(mine ? mine : fallback, mine_len, all, counts) : NQPF_EINTERNAL;
    free(mine);
    if (xrc) {
        free(counts);
        return xrc;
    }
    /* the lowest failing rank decides, as the lowest failing thread does within a rank */
    const char *at = *all;
    uint64_t total = 0;
    int out = NQPF_OK;
    for (size_t r = 0; r < size; at += counts[r], r++) {
        int32_t rrc;
        uint64_t rnlp;
        if (counts[r] < head) {
            out = nqpf_error_set(NQPF_EINTERNAL, "process %zu sent a malformed result header", r);
            break;
        }
        memcpy(&rrc, at, sizeof rrc);
        memcpy(&rnlp, at + sizeof rrc, sizeof rnlp);
        total += rnlp;
        part[r] = at + head;
        len[r] = counts[r] - head;
        if (rrc) {
            if (r == (size_t)nqpf__dist_rank() && rc)
                out = rc; /* this thread's own message is still set */
            else
                out = nqpf_error_set(rrc, "%s", memchr(part[r], '\0', len[r]) ? part[r] : "another process failed");
            break;
        }
    }
    free(counts);
    if (out) {
        free(*all);
        *all = NULL;
        return out;
    }
    *nlp_total = (size_t)total;
    return NQPF_OK;
}
