#include <stdio.h>
#include <string.h>

#include "nqpf/error.h"

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
