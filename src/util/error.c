#include <stdio.h>
#include <string.h>

#include "nqpf/error.h"
#include "util.h"

/* One slot per thread so that parallel DEA workers can fail independently. */
static _Thread_local char err_msg[1024];
static _Thread_local int err_code;

static nqpf_warning_fn warn_fn;
static void *warn_ud;

/* Formats into @p buf (size > 0) and, when the text did not fit, drops the UTF-8 character that
 * the cut split: messages name Chinese columns and files, and half a character is invalid text. */
static void format_whole(char *buf, size_t size, const char *fmt, va_list ap) NQPF_VPRINTF(3);
static void format_whole(char *buf, size_t size, const char *fmt, va_list ap)
{
    int n = vsnprintf(buf, size, fmt, ap);
    if (n < 0) {
        buf[0] = '\0';
        return;
    }
    if ((size_t)n < size)
        return;
    size_t len = strlen(buf), lead = len;
    while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
        lead--; /* back to the start of the last character */
    if (lead == 0)
        return;
    unsigned char c = (unsigned char)buf[lead - 1];
    size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len - (lead - 1) < need)
        buf[lead - 1] = '\0';
}

int nqpf_error_vset(int code, const char *fmt, va_list ap)
{
    /* Format into a scratch buffer first: callers often pass nqpf_error_message() itself as an
     * argument to add context to an inner error. */
    char tmp[sizeof err_msg];
    format_whole(tmp, sizeof tmp, fmt, ap);
    memcpy(err_msg, tmp, sizeof err_msg);
    /* Messages are one line: fold any newline an inner library put in. */
    for (char *c = err_msg; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    err_code = code;
    return code;
}

int nqpf_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nqpf_error_vset(code, fmt, ap);
    va_end(ap);
    return code;
}

/* The size of the allocation that failed last in this thread (0: none noted since the last
 * nqpf__nomem()), so that a call site naming what it was doing can also say how much was asked. */
static _Thread_local size_t nomem_bytes;

void nqpf__nomem_size(size_t bytes) { nomem_bytes = bytes; }

/* "about 120 MB" / "about 2.4 GB" / "less than 1 MB": a person decides from this whether closing
 * programs can help, so whole megabytes are precise enough. */
static void size_words(char *buf, size_t size, size_t bytes)
{
    double mb = (double)bytes / 1e6;
    if (mb < 1)
        snprintf(buf, size, "less than 1 MB");
    else if (mb < 1000)
        snprintf(buf, size, "about %.0f MB", mb);
    else
        snprintf(buf, size, "about %.1f GB", mb / 1000);
}

int nqpf__nomem(const char *fmt, ...)
{
    char what[512], amount[64] = "";
    va_list ap;
    va_start(ap, fmt);
    format_whole(what, sizeof what, fmt, ap);
    va_end(ap);
    if (nomem_bytes > 0) {
        char w[48];
        size_words(w, sizeof w, nomem_bytes);
        snprintf(amount, sizeof amount, " (%s)", w);
    }
    nomem_bytes = 0;
    return nqpf_error_set(NQPF_EINTERNAL, "not enough memory for %s%s; " NQPF__NOMEM_HINT, what, amount);
}

int nqpf__nomem_context(int rc, const char *fmt, ...)
{
    static const char generic[] = "not enough memory for a block of ";
    if (rc != NQPF_EINTERNAL || err_code != NQPF_EINTERNAL || strncmp(err_msg, generic, sizeof generic - 1) != 0)
        return rc;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    format_whole(what, sizeof what, fmt, ap);
    va_end(ap);
    return nqpf__nomem("%s", what); /* the wrapper noted the size again after its message */
}

const char *nqpf_error_message(void) { return err_msg; }

int nqpf_error_code(void) { return err_code; }

void nqpf_error_clear(void)
{
    err_msg[0] = '\0';
    err_code = NQPF_OK;
}

void nqpf_set_warning_handler(nqpf_warning_fn fn, void *userdata)
{
    warn_fn = fn;
    warn_ud = userdata;
}

void nqpf_warn(const char *fmt, ...)
{
    if (!warn_fn)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    format_whole(buf, sizeof buf, fmt, ap);
    va_end(ap);
    warn_fn(buf, warn_ud);
}
