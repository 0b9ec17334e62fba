/**
 * @file error.h
 * @brief Error codes and the last-error slot shared by every nqpf function.
 *
 * Every fallible nqpf call returns an int status: NQPF_OK (0) or one of the codes below, and puts a
 * one-line message (file, row, column and what was expected, where they apply) in a thread-local
 * slot read with nqpf_error_message(). A solver's answer (an infeasible LP, say) is not an error:
 * methods report it as a missing value plus a status column.
 */
#ifndef NQPF_ERROR_H
#define NQPF_ERROR_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes; the CLI uses the same numbers as its exit codes. */
enum nqpf_status {
    NQPF_OK = 0,        /**< success */
    NQPF_EUSAGE = 2,    /**< the request is malformed: bad option, expression syntax, bad value */
    NQPF_EDATA = 3,     /**< the input data cannot be read or does not fit the request */
    NQPF_EINTERNAL = 4, /**< a bug, an exhausted resource (memory) or a library failure */
    NQPF_EIO = 5        /**< an output could not be written */
};

#if defined(__GNUC__)
#define NQPF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define NQPF_VPRINTF(a) __attribute__((format(printf, a, 0)))
#else
#define NQPF_PRINTF(a, b)
#define NQPF_VPRINTF(a)
#endif

/**
 * Records an error in the calling thread's last-error slot and returns @p code, so that
 * `return nqpf_error_set(NQPF_EDATA, "...");` both reports and propagates. The message is one line
 * without the "nqpf: " prefix (the CLI adds it); longer messages are truncated at 1023 bytes.
 */
int nqpf_error_set(int code, const char *fmt, ...) NQPF_PRINTF(2, 3);

/** Like nqpf_error_set() with a va_list. */
int nqpf_error_vset(int code, const char *fmt, va_list ap) NQPF_VPRINTF(2);

/** The last error message of this thread ("" when none); valid until the next nqpf call. */
const char *nqpf_error_message(void);

/** The code of the last error of this thread (NQPF_OK when none). */
int nqpf_error_code(void);

/** Clears this thread's last-error slot. */
void nqpf_error_clear(void);

/**
 * Receives warnings (conditions that do not stop a computation, such as weak DEA discrimination).
 * The library never prints; the CLI installs a handler that writes "nqpf: warning: ..." to stderr.
 */
typedef void (*nqpf_warning_fn)(const char *message, void *userdata);

/** Installs the process-wide warning handler (NULL silences warnings). Not thread-safe: call once. */
void nqpf_set_warning_handler(nqpf_warning_fn fn, void *userdata);

/** Emits a warning through the installed handler. */
void nqpf_warn(const char *fmt, ...) NQPF_PRINTF(1, 2);

#ifdef __cplusplus
}
#endif
#endif
