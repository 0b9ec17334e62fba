#include "util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mul_overflows(size_t a, size_t b) { return b != 0 && a > SIZE_MAX / b; }

/* The wrappers do not know what the block is for: they name its size, and a caller that knows
 * more replaces the message through nqpf__nomem(), which reuses the size noted here. */
static void alloc_failed(size_t bytes)
{
    nqpf__nomem_size(bytes);
    nqpf__nomem("a block of %zu bytes", bytes);
    nqpf__nomem_size(bytes);
}

void *nqpf__malloc(size_t nmemb, size_t size)
{
    if (mul_overflows(nmemb, size)) {
        nqpf_error_set(NQPF_EINTERNAL, "allocation of %zu x %zu bytes overflows", nmemb, size);
        return NULL;
    }
    size_t total = nmemb * size;
    void *p = malloc(total ? total : 1);
    if (!p)
        alloc_failed(total);
    return p;
}

void *nqpf__calloc(size_t nmemb, size_t size)
{
    if (mul_overflows(nmemb, size)) {
        nqpf_error_set(NQPF_EINTERNAL, "allocation of %zu x %zu bytes overflows", nmemb, size);
        return NULL;
    }
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p)
        alloc_failed(nmemb * size);
    return p;
}

void *nqpf__realloc(void *p, size_t nmemb, size_t size)
{
    if (mul_overflows(nmemb, size)) {
        nqpf_error_set(NQPF_EINTERNAL, "allocation of %zu x %zu bytes overflows", nmemb, size);
        return NULL;
    }
    size_t total = nmemb * size;
    void *q = realloc(p, total ? total : 1);
    if (!q)
        alloc_failed(total);
    return q;
}

char *nqpf__strndup(const char *s, size_t n)
{
    char *c = nqpf__malloc(n + 1, 1);
    if (!c)
        return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

char *nqpf__strdup(const char *s) { return nqpf__strndup(s, strlen(s)); }

int nqpf__buf_append(nqpf__buf *b, const char *s, size_t n)
{
    if (b->failed)
        return NQPF_EINTERNAL;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = nqpf__realloc(b->data, cap, 1);
        if (!d) {
            b->failed = 1;
            return NQPF_EINTERNAL;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return NQPF_OK;
}

int nqpf__buf_puts(nqpf__buf *b, const char *s) { return nqpf__buf_append(b, s, strlen(s)); }

int nqpf__buf_printf(nqpf__buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return nqpf_error_set(NQPF_EINTERNAL, "formatting failed");
    if ((size_t)n < sizeof small)
        return nqpf__buf_append(b, small, (size_t)n);
    char *big = nqpf__malloc((size_t)n + 1, 1);
    if (!big) {
        b->failed = 1;
        return NQPF_EINTERNAL;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = nqpf__buf_append(b, big, (size_t)n);
    free(big);
    return rc;
}

const char *nqpf__buf_cstr(nqpf__buf *b)
{
    if (!b->data)
        nqpf__buf_append(b, "", 0);
    return b->data ? b->data : "";
}

void nqpf__buf_free(nqpf__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

char **nqpf__split_list(const char *s, char sep, size_t *n)
{
    size_t count = 1;
    for (const char *c = s; *c; c++)
        if (*c == sep)
            count++;
    size_t len = strlen(s);
    /* Pointers and string bytes in one block, so the caller frees once. */
    char **arr = nqpf__malloc(1, (count + 1) * sizeof(char *) + len + 1);
    if (!arr)
        return NULL;
    char *text = (char *)(arr + count + 1);
    memcpy(text, s, len + 1);
    size_t k = 0;
    char *start = text;
    for (char *c = text;; c++) {
        if (*c == sep || *c == '\0') {
            int end = (*c == '\0');
            *c = '\0';
            while (isspace((unsigned char)*start))
                start++;
            char *e = start + strlen(start);
            while (e > start && isspace((unsigned char)e[-1]))
                *--e = '\0';
            if (*start == '\0') {
                free(arr);
                nqpf_error_set(NQPF_EUSAGE, "empty item in list '%s'", s);
                return NULL;
            }
            arr[k++] = start;
            start = c + 1;
            if (end)
                break;
        }
    }
    arr[k] = NULL;
    if (n)
        *n = k;
    return arr;
}

const char *nqpf__basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int nqpf__ends_with_ci(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    if (b > a)
        return 0;
    for (size_t i = 0; i < b; i++)
        if (tolower((unsigned char)s[a - b + i]) != tolower((unsigned char)suffix[i]))
            return 0;
    return 1;
}

int nqpf__options_init(void *o, const void *defaults, size_t size, unsigned version, unsigned known, const char *fn)
{
    if (!o)
        return nqpf_error_set(NQPF_EUSAGE, "%s: NULL options", fn);
    if (version != known)
        return nqpf_error_set(NQPF_EUSAGE, "%s: options version %u, this library knows %u", fn, version, known);
    memcpy(o, defaults, size);
    return NQPF_OK;
}
