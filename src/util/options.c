/* Option sets: values as given through a front door, checked against a method's descriptor table and
 * read by the method's parse function. Keyed errors live here too. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/options.h"
#include "util/util.h"

/* ---- keyed errors ------------------------------------------------------------------------- */

/* The key of the last keyed error and the message it produced: the key applies only while the
 * error slot still holds that message (a later nqpf_error_set() without a key supersedes it). */
static _Thread_local char err_key[128];
static _Thread_local char err_msg_copy[1024];

int nqpf_opt_error(int code, const char *key, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    nqpf_error_set(code, "%s: %s", key, text);
    snprintf(err_key, sizeof err_key, "%s", key);
    snprintf(err_msg_copy, sizeof err_msg_copy, "%s", nqpf_error_message());
    return code;
}

const char *nqpf_error_key(void)
{
    if (!err_key[0] || strcmp(err_msg_copy, nqpf_error_message()) != 0)
        return NULL;
    return err_key;
}

const char *nqpf_error_text(void)
{
    const char *k = nqpf_error_key();
    const char *m = nqpf_error_message();
    return k ? m + strlen(k) + 2 : m;
}

/* ---- descriptors -------------------------------------------------------------------------- */

/* The length of the option part of a key: "inputs[1]" and "weights.via" name inputs and weights. */
static size_t base_len(const char *key)
{
    size_t n = strcspn(key, "[");
    return n;
}

const nqpf_optdef *nqpf_method_opt(const nqpf_method *m, const char *key)
{
    if (!m || !key)
        return NULL;
    size_t n = base_len(key);
    for (const nqpf_optdef *d = m->opts; d && d->key; d++)
        if (strlen(d->key) == n && strncmp(d->key, key, n) == 0)
            return d;
    return NULL;
}

const char *nqpf_optdef_cli_name(const nqpf_optdef *d)
{
    static _Thread_local char ring[4][64];
    static _Thread_local unsigned next;
    if (d->cli)
        return d->cli;
    char *b = ring[next++ % 4];
    snprintf(b, 64, "%s", d->key);
    for (char *c = b; *c; c++)
        if (*c == '_' || *c == '.')
            *c = '-';
    return b;
}

/* Whether flag is key with '-' for '_' and '.'. */
static int is_key_spelling(const char *key, const char *flag)
{
    for (; *key && *flag; key++, flag++)
        if (*flag != ((*key == '_' || *key == '.') ? '-' : *key))
            return 0;
    return *key == *flag;
}

const nqpf_optdef *nqpf_method_opt_cli(const nqpf_method *m, const char *flag)
{
    /* The command-line name first; then the key's own spelling, so that an option the command
     * line names otherwise (malmquist's frontier is --type) is found under the study's name too. */
    for (const nqpf_optdef *d = m ? m->opts : NULL; d && d->key; d++)
        if (!(d->flags & NQPF_OPT_STUDY_ONLY) && strcmp(nqpf_optdef_cli_name(d), flag) == 0)
            return d;
    for (const nqpf_optdef *d = m ? m->opts : NULL; d && d->key; d++)
        if (!(d->flags & NQPF_OPT_STUDY_ONLY) && is_key_spelling(d->key, flag))
            return d;
    return NULL;
}

void nqpf_opt_render(char *buf, size_t n, const nqpf_method *m, nqpf_key_style style, const char *prefix,
                     const char *key)
{
    if (!n)
        return;
    const nqpf_optdef *d = nqpf_method_opt(m, key);
    switch (style) {
    case NQPF_KEYS_CLI:
        if (d) {
            snprintf(buf, n, "--%s", nqpf_optdef_cli_name(d));
        } else {
            /* A key of no method (data options): the flag is the key with '-' for '_'. */
            snprintf(buf, n, "--%.*s", (int)base_len(key), key);
            for (char *c = buf; *c; c++)
                if (*c == '_')
                    *c = '-';
        }
        break;
    case NQPF_KEYS_STUDY:
        snprintf(buf, n, "%s%s", prefix ? prefix : "", key);
        break;
    default:
        snprintf(buf, n, "%s", key);
    }
}

/* ---- option sets -------------------------------------------------------------------------- */

typedef struct entry {
    const nqpf_optdef *def;
    char **items; /* the values; lists and maps have one item each, scalars one in all */
    size_t n;
    int given_as_list; /* items came from a JSON array (scalars refuse that) */
} entry;

struct nqpf_optset {
    const nqpf_method *m;
    nqpf_key_style door;
    entry *e;
    size_t ne;
    char *base_dir;
    char **scratch; /* strings handed out by getters (resolved paths), freed with the set */
    size_t nscratch;
    const char ***lists; /* NULL-terminated item arrays handed out by nqpf_opt_list */
    size_t nlists;
};

int nqpf_optset_new(nqpf_optset **out, const nqpf_method *m, nqpf_key_style door)
{
    *out = NULL;
    if (!m)
        return nqpf_error_set(NQPF_EINTERNAL, "option set without a method");
    nqpf_optset *s = nqpf__calloc(1, sizeof *s);
    if (!s)
        return NQPF_EINTERNAL;
    s->m = m;
    s->door = door;
    *out = s;
    return NQPF_OK;
}

void nqpf_optset_free(nqpf_optset *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->ne; k++) {
        for (size_t i = 0; i < s->e[k].n; i++)
            free(s->e[k].items[i]);
        free(s->e[k].items);
    }
    free(s->e);
    for (size_t k = 0; k < s->nscratch; k++)
        free(s->scratch[k]);
    free(s->scratch);
    for (size_t k = 0; k < s->nlists; k++)
        free((void *)s->lists[k]);
    free(s->lists);
    free(s->base_dir);
    free(s);
}

const nqpf_method *nqpf_optset_method(const nqpf_optset *s) { return s->m; }

static int is_multi(const nqpf_optdef *d)
{
    return d->type == NQPF_OPT_LIST || d->type == NQPF_OPT_COLUMNS || d->type == NQPF_OPT_MAP ||
           (d->flags & NQPF_OPT_REPEATABLE);
}

static entry *find_entry(const nqpf_optset *s, const char *key)
{
    const nqpf_optdef *d = nqpf_method_opt(s->m, key);
    for (size_t k = 0; d && k < s->ne; k++)
        if (s->e[k].def == d)
            return &s->e[k];
    return NULL;
}

int nqpf_optset_has(const nqpf_optset *s, const char *key) { return find_entry(s, key) != NULL; }

const char *nqpf_optset_text(const nqpf_optset *s, const char *key)
{
    entry *e = find_entry(s, key);
    const nqpf_optdef *d = nqpf_method_opt(s->m, key);
    if (!e)
        return d ? d->def : NULL;
    if (e->n == 1 || (e->n && !is_multi(d)))
        return e->items[e->n - 1];
    nqpf__buf b = NQPF__BUF_INIT;
    for (size_t k = 0; k < e->n; k++)
        nqpf__buf_printf(&b, "%s%s", k ? "," : "", e->items[k]);
    nqpf_optset *ms = (nqpf_optset *)s;
    char **ns = b.failed ? NULL : nqpf__realloc(ms->scratch, ms->nscratch + 1, sizeof *ns);
    if (!ns) {
        nqpf__buf_free(&b);
        return NULL;
    }
    ms->scratch = ns;
    ms->scratch[ms->nscratch++] = b.data;
    return b.data ? b.data : "";
}

/* Whether option d can be given through the set's front door. */
static int open_at(const nqpf_optset *s, const nqpf_optdef *d)
{
    if (s->door == NQPF_KEYS_CLI)
        return !(d->flags & NQPF_OPT_STUDY_ONLY);
    if (s->door == NQPF_KEYS_STUDY)
        return !(d->flags & NQPF_OPT_CLI_ONLY);
    return 1;
}

/* The entry for key, created on first use; a scalar given twice is an error. */
static int get_entry(nqpf_optset *s, const char *key, int more_items, entry **out)
{
    const nqpf_optdef *d = nqpf_method_opt(s->m, key);
    if (!d || strlen(d->key) != strlen(key) || !open_at(s, d)) {
        nqpf__buf b = NQPF__BUF_INIT;
        for (const nqpf_optdef *x = s->m->opts; x && x->key; x++)
            if (open_at(s, x))
                nqpf__buf_printf(&b, "%s%s", b.len ? ", " : "", x->key);
        int rc = nqpf_opt_error(NQPF_EUSAGE, key, "unknown key (expected one of: %s)", b.data ? b.data : "none");
        nqpf__buf_free(&b);
        return rc;
    }
    entry *e = find_entry(s, key);
    if (e) {
        if (d->type != NQPF_OPT_MAP && !(d->flags & NQPF_OPT_REPEATABLE) && !(more_items && is_multi(d)))
            return nqpf_opt_error(NQPF_EUSAGE, d->key, "given twice");
        *out = e;
        return NQPF_OK;
    }
    entry *ne = nqpf__realloc(s->e, s->ne + 1, sizeof *ne);
    if (!ne)
        return NQPF_EINTERNAL;
    s->e = ne;
    e = &s->e[s->ne++];
    memset(e, 0, sizeof *e);
    e->def = d;
    *out = e;
    return NQPF_OK;
}

static int push_item(entry *e, const char *item)
{
    char *c = nqpf__strdup(item);
    char **ni = c ? nqpf__realloc(e->items, e->n + 1, sizeof *ni) : NULL;
    if (!ni) {
        free(c);
        return NQPF_EINTERNAL;
    }
    e->items = ni;
    e->items[e->n++] = c;
    return NQPF_OK;
}

int nqpf_optset_add(nqpf_optset *s, const char *key, const char *text)
{
    entry *e;
    int rc = get_entry(s, key, 0, &e);
    if (rc)
        return rc;
    const nqpf_optdef *d = e->def;
    if (d->type == NQPF_OPT_LIST || d->type == NQPF_OPT_COLUMNS) {
        size_t n;
        char **items = nqpf__split_list(text, ',', &n);
        if (!items)
            return nqpf_opt_error(nqpf_error_code() == NQPF_EINTERNAL ? NQPF_EINTERNAL : NQPF_EUSAGE, d->key,
                                  "empty item in '%s' (expected comma-separated names)", text);
        for (size_t k = 0; k < n && !rc; k++)
            rc = push_item(e, items[k]);
        free(items);
        return rc;
    }
    return push_item(e, text);
}

int nqpf_optset_add_item(nqpf_optset *s, const char *key, const char *item)
{
    entry *e;
    int rc = get_entry(s, key, 1, &e);
    if (rc)
        return rc;
    if (!is_multi(e->def) && e->n)
        return nqpf_opt_error(NQPF_EUSAGE, e->def->key, "expected one value, not a list");
    if (!*item && (e->def->type == NQPF_OPT_COLUMNS || e->def->type == NQPF_OPT_LIST))
        return nqpf_opt_error(NQPF_EUSAGE, e->def->key, "empty item in the list");
    e->given_as_list = 1;
    return push_item(e, item);
}

int nqpf_optset_set_base_dir(nqpf_optset *s, const char *dir)
{
    free(s->base_dir);
    s->base_dir = NULL;
    if (dir && !(s->base_dir = nqpf__strdup(dir)))
        return NQPF_EINTERNAL;
    return NQPF_OK;
}

/* ---- interpretation ----------------------------------------------------------------------- */

/* The descriptor of key, or an internal error: a parse function asked for a key its table lacks. */
static int need_def(const nqpf_optset *s, const char *key, nqpf_opt_type type, const nqpf_optdef **d)
{
    *d = nqpf_method_opt(s->m, key);
    if (!*d)
        return nqpf_error_set(NQPF_EINTERNAL, "%s: option '%s' is not in the method's table", s->m->name, key);
    (void)type;
    return NQPF_OK;
}

/* The text of a scalar option (the value given, or the default), or NULL. */
static const char *scalar(const nqpf_optset *s, const nqpf_optdef *d)
{
    entry *e = find_entry(s, d->key);
    return e && e->n ? e->items[e->n - 1] : d->def;
}

static int parse_flag(const nqpf_optdef *d, const char *v, int *out)
{
    static const char *const yes[] = {"true", "1", "yes", "on", NULL};
    static const char *const no[] = {"false", "0", "no", "off", NULL};
    for (size_t k = 0; yes[k]; k++)
        if (strcmp(v, yes[k]) == 0) {
            *out = 1;
            return NQPF_OK;
        }
    for (size_t k = 0; no[k]; k++)
        if (strcmp(v, no[k]) == 0) {
            *out = 0;
            return NQPF_OK;
        }
    return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected true or false, found '%s'", v);
}

static int parse_choice(const nqpf_optdef *d, const char *v, int *out)
{
    const char *c = d->choices ? d->choices : "";
    size_t len = strlen(v);
    for (int k = 0;; k++) {
        size_t n = strcspn(c, "|");
        if (n == len && strncmp(c, v, n) == 0) {
            *out = k;
            return NQPF_OK;
        }
        if (!c[n])
            break;
        c += n + 1;
    }
    return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected %s, found '%s'", d->choices ? d->choices : "nothing", v);
}

static int bounded(const nqpf_optdef *d) { return d->min != 0 || d->max != 0; }

static int parse_long(const nqpf_optdef *d, const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno)
        return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected an integer, found '%s'", v);
    if (bounded(d) && ((double)x < d->min || (double)x > d->max))
        return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected an integer from %.15g to %.15g, found '%s'", d->min,
                              d->max, v);
    *out = x;
    return NQPF_OK;
}

static int parse_double(const nqpf_optdef *d, const char *v, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    while (end != v && isspace((unsigned char)*end))
        end++;
    if (end == v || *end || !isfinite(x))
        return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected a number, found '%s'", v);
    if (bounded(d) && (x < d->min || x > d->max))
        return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected a number from %.15g to %.15g, found '%s'", d->min, d->max,
                              v);
    *out = x;
    return NQPF_OK;
}

int nqpf_opt_flag(const nqpf_optset *s, const char *key, int *out)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_FLAG, &d);
    if (rc)
        return rc;
    const char *v = scalar(s, d);
    *out = 0;
    return v ? parse_flag(d, v, out) : NQPF_OK;
}

int nqpf_opt_string(const nqpf_optset *s, const char *key, const char **out)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_STRING, &d);
    if (rc)
        return rc;
    *out = scalar(s, d);
    if (*out && !**out && d->type == NQPF_OPT_COLUMN)
        return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected a column name, found an empty text");
    return NQPF_OK;
}

int nqpf_opt_choice(const nqpf_optset *s, const char *key, int *out)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_CHOICE, &d);
    if (rc)
        return rc;
    const char *v = scalar(s, d);
    *out = -1;
    return v ? parse_choice(d, v, out) : NQPF_OK;
}

int nqpf_opt_long(const nqpf_optset *s, const char *key, long *out)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_INT, &d);
    if (rc)
        return rc;
    const char *v = scalar(s, d);
    return v ? parse_long(d, v, out) : NQPF_OK;
}

int nqpf_opt_double(const nqpf_optset *s, const char *key, double *out)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_NUMBER, &d);
    if (rc)
        return rc;
    const char *v = scalar(s, d);
    return v ? parse_double(d, v, out) : NQPF_OK;
}

void *nqpf__optset_keep(const nqpf_optset *s, size_t bytes)
{
    nqpf_optset *ms = (nqpf_optset *)s;
    void *p = nqpf__calloc(bytes ? bytes : 1, 1);
    char **ns = p ? nqpf__realloc(ms->scratch, ms->nscratch + 1, sizeof *ns) : NULL;
    if (!ns) {
        free(p);
        return NULL;
    }
    ms->scratch = ns;
    ms->scratch[ms->nscratch++] = p;
    return p;
}

int nqpf_opt_list(const nqpf_optset *s, const char *key, const char *const **items, size_t *n)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_LIST, &d);
    *items = NULL;
    *n = 0;
    if (rc)
        return rc;
    entry *e = find_entry(s, key);
    if (!e) {
        if (!d->def)
            return NQPF_OK;
        /* A default list, split as if typed. */
        nqpf_optset *ms = (nqpf_optset *)s;
        entry tmp = {d, NULL, 0, 0};
        size_t k;
        char **split = nqpf__split_list(d->def, ',', &k);
        if (!split)
            return NQPF_EINTERNAL;
        for (size_t i = 0; i < k && !rc; i++)
            rc = push_item(&tmp, split[i]);
        free(split);
        entry *ne = rc ? NULL : nqpf__realloc(ms->e, ms->ne + 1, sizeof *ne);
        if (!ne) {
            for (size_t i = 0; i < tmp.n; i++)
                free(tmp.items[i]);
            free(tmp.items);
            return NQPF_EINTERNAL;
        }
        ms->e = ne;
        ms->e[ms->ne++] = tmp;
        e = &ms->e[ms->ne - 1];
    }
    /* A NULL-terminated copy of the pointers, owned by the set. */
    nqpf_optset *ms = (nqpf_optset *)s;
    const char **arr = nqpf__calloc(e->n + 1, sizeof *arr);
    const char ***nl = arr ? nqpf__realloc(ms->lists, ms->nlists + 1, sizeof *nl) : NULL;
    if (!nl) {
        free(arr);
        return NQPF_EINTERNAL;
    }
    for (size_t k = 0; k < e->n; k++)
        arr[k] = e->items[k];
    ms->lists = nl;
    ms->lists[ms->nlists++] = arr;
    *items = arr;
    *n = e->n;
    return NQPF_OK;
}

int nqpf_opt_path(const nqpf_optset *s, const char *key, const char **out)
{
    const nqpf_optdef *d;
    int rc = need_def(s, key, NQPF_OPT_PATH, &d);
    *out = NULL;
    if (rc)
        return rc;
    const char *v = scalar(s, d);
    if (!v)
        return NQPF_OK;
    if (!*v)
        return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected a file name, found an empty text");
    /* "builtin:NAME" names a resource compiled into the library (a bundled map), not a file. */
    if (!s->base_dir || v[0] == '/' || strncmp(v, "builtin:", 8) == 0) {
        *out = v;
        return NQPF_OK;
    }
    return nqpf_opt_subpath(s, key, v, strlen(v), out);
}

int nqpf_opt_subpath(const nqpf_optset *s, const char *key, const char *name, size_t len, const char **out)
{
    *out = NULL;
    if (!len)
        return nqpf_opt_error(NQPF_EUSAGE, key, "expected a file name, found an empty text");
    nqpf__buf b = NQPF__BUF_INIT;
    if (s->base_dir && name[0] != '/')
        nqpf__buf_printf(&b, "%s/%.*s", s->base_dir, (int)len, name);
    else
        nqpf__buf_printf(&b, "%.*s", (int)len, name);
    nqpf_optset *ms = (nqpf_optset *)s;
    char **ns = b.failed ? NULL : nqpf__realloc(ms->scratch, ms->nscratch + 1, sizeof *ns);
    if (!ns) {
        nqpf__buf_free(&b);
        return NQPF_EINTERNAL;
    }
    ms->scratch = ns;
    ms->scratch[ms->nscratch++] = b.data;
    *out = b.data;
    return NQPF_OK;
}

int nqpf_optset_check(const nqpf_optset *s)
{
    for (const nqpf_optdef *d = s->m->opts; d && d->key; d++) {
        entry *e = find_entry(s, d->key);
        if (!e) {
            if (d->flags & NQPF_OPT_REQUIRED)
                return nqpf_opt_error(NQPF_EUSAGE, d->key, "required: %s", d->help);
            continue;
        }
        if (e->given_as_list && !is_multi(d) && e->n > 1)
            return nqpf_opt_error(NQPF_EUSAGE, d->key, "expected one value, not a list");
        const char *v = e->n ? e->items[e->n - 1] : "";
        int i;
        long l;
        double x;
        int rc = NQPF_OK;
        switch (d->type) {
        case NQPF_OPT_FLAG:
            rc = parse_flag(d, v, &i);
            break;
        case NQPF_OPT_CHOICE:
            rc = parse_choice(d, v, &i);
            break;
        case NQPF_OPT_INT:
            rc = parse_long(d, v, &l);
            break;
        case NQPF_OPT_NUMBER:
            rc = parse_double(d, v, &x);
            break;
        case NQPF_OPT_COLUMN:
        case NQPF_OPT_PATH:
            if (!*v)
                rc = nqpf_opt_error(NQPF_EUSAGE, d->key, "expected a %s, found an empty text",
                                    d->type == NQPF_OPT_PATH ? "file name" : "column name");
            break;
        case NQPF_OPT_MAP:
            for (size_t k = 0; k < e->n && !rc; k++) {
                const char *eq = strchr(e->items[k], '=');
                if (!eq || eq == e->items[k] || !eq[1])
                    rc = nqpf_opt_error(NQPF_EUSAGE, d->key, "expected NAME=VALUE, found '%s'", e->items[k]);
            }
            break;
        default:
            break;
        }
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

int nqpf_optset_check_columns(const nqpf_optset *s, nqpf_column_check_fn check, void *userdata)
{
    for (const nqpf_optdef *d = s->m->opts; d && d->key; d++) {
        if (d->type != NQPF_OPT_COLUMN && d->type != NQPF_OPT_COLUMNS)
            continue;
        entry *e = find_entry(s, d->key);
        if (!e)
            continue;
        for (size_t k = 0; k < e->n; k++) {
            char key[160];
            if (d->type == NQPF_OPT_COLUMNS)
                snprintf(key, sizeof key, "%s[%zu]", d->key, k);
            else
                snprintf(key, sizeof key, "%s", d->key);
            int rc = check(userdata, key, e->items[k]);
            if (rc)
                return rc;
        }
    }
    return NQPF_OK;
}
