/* Internal helpers shared by the library: overflow-checked allocation, strings, a growable buffer.
 * No domain knowledge lives here. */
#ifndef NQPF_UTIL_H
#define NQPF_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "nqpf/error.h"

/* What every memory failure tells the user to do (after "not enough memory for ..."). */
#define NQPF__NOMEM_HINT "close other programs, or use a machine with more memory"

/* Records NQPF_EINTERNAL with "not enough memory for WHAT (about N MB); " NQPF__NOMEM_HINT and
 * returns it. WHAT (a printf format) names what was being done, as a user would say it: "reading
 * data.csv", "the DEA workspace". N is the size of this thread's last failed allocation wrapper
 * call (nqpf__nomem_size), left out when none was noted since the previous nqpf__nomem(). The exit
 * code stays 4 (NQPF_EINTERNAL: an exhausted resource), as docs/cli.md lists it. */
int nqpf__nomem(const char *fmt, ...) NQPF_PRINTF(1, 2);

/* Returns @p rc; when it is a failed allocation wrapper's error (which names only the block's
 * size), first replaces the message by nqpf__nomem(WHAT) with the same size. For entry points
 * (reading a file, writing one) that know what the many allocations below them were for. */
int nqpf__nomem_context(int rc, const char *fmt, ...) NQPF_PRINTF(2, 3);

/* Notes @p bytes as the size that could not be allocated, for the next nqpf__nomem() of this
 * thread (for allocators other than the wrappers below: igraph, jansson, libxlsxwriter). */
void nqpf__nomem_size(size_t bytes);

/* Allocation wrappers: on failure they record NQPF_EINTERNAL "not enough memory for a block of
 * about N MB; ..." (and note N for nqpf__nomem) and return NULL, so a caller only has to test for
 * NULL and propagate, or replace the message with one naming what it was doing (nqpf__nomem).
 * nmemb * size is checked for overflow. */
void *nqpf__malloc(size_t nmemb, size_t size);
void *nqpf__calloc(size_t nmemb, size_t size);
void *nqpf__realloc(void *p, size_t nmemb, size_t size);
char *nqpf__strdup(const char *s);
char *nqpf__strndup(const char *s, size_t n);

/* A growable byte buffer (always NUL-terminated when len > 0 or after nqpf__buf_cstr). */
typedef struct nqpf__buf {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* an allocation failed; further appends are ignored */
} nqpf__buf;

#define NQPF__BUF_INIT {NULL, 0, 0, 0}
int nqpf__buf_append(nqpf__buf *b, const char *s, size_t n);
int nqpf__buf_puts(nqpf__buf *b, const char *s);
int nqpf__buf_printf(nqpf__buf *b, const char *fmt, ...) NQPF_PRINTF(2, 3);
const char *nqpf__buf_cstr(nqpf__buf *b);
void nqpf__buf_free(nqpf__buf *b);

/* Splits a comma-separated list into a NULL-terminated array of trimmed copies (one allocation
 * block owned by the caller: free the returned pointer once). Empty items are an error. */
char **nqpf__split_list(const char *s, char sep, size_t *n);

/* The body of every nqpf_<method>_options_init(): refuses a NULL struct and a layout @p version
 * other than @p known (a caller built against another header), else copies @p size bytes of
 * @p defaults into @p o. @p fn names the public function in messages. */
int nqpf__options_init(void *o, const void *defaults, size_t size, unsigned version, unsigned known, const char *fn);

/* Zeroed storage of @p bytes owned by the option set @p s (freed with it): for values a method's
 * options parse derives from the set's text, e.g. a list of numbers (src/util/options.c). NULL
 * when there is not enough memory. */
struct nqpf_optset;
void *nqpf__optset_keep(const struct nqpf_optset *s, size_t bytes);

/* The last path component of @p path (no allocation). */
const char *nqpf__basename(const char *path);

/* Case-insensitive test that @p s ends with @p suffix. */
int nqpf__ends_with_ci(const char *s, const char *suffix);

#endif
