#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The CLI uses the public API only; these few helpers are its own. */

#define NOMEM_ARGS \
    "not enough memory for reading the command line; close other programs, or use a machine with more memory"

/* realloc of n elements of size sz with an overflow check; records "not enough memory" on failure. */
static void *xrealloc(void *p, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz) {
        nqpf_error_set(NQPF_EINTERNAL, NOMEM_ARGS);
        return NULL;
    }
    void *q = realloc(p, (n && sz) ? n * sz : 1);
    if (!q)
        nqpf_error_set(NQPF_EINTERNAL, NOMEM_ARGS);
    return q;
}

static void *xcalloc(size_t n, size_t sz)
{
    void *q = calloc(n ? n : 1, sz ? sz : 1);
    if (!q)
        nqpf_error_set(NQPF_EINTERNAL, NOMEM_ARGS);
    return q;
}


/* Output options every data command accepts (the data options themselves are the library's "data"
 * method: nqpf_method_find("data")), printed under "Data and output options". */
static const cli_opt common_data_opts[] = {
    {"out", 'o', "PATH", 0, "write the result to PATH: .csv, .json or .xlsx by extension (default: CSV on stdout)"},
    {"log", 0, "FILE", 0, "write provenance (command, version, input SHA-256, options) and warnings to FILE"},
    {NULL, 0, NULL, 0, NULL}};

static const cli_opt global_opts[] = {
    {"quiet", 'q', NULL, 0, "no progress or summary on stderr (errors are still printed)"},
    {"help", 'h', NULL, 0, "show this help and exit"},
    {NULL, 0, NULL, 0, NULL}};

typedef struct entry {
    const char *name;
    const char **values;
    size_t n;
} entry;

struct cli_args {
    const cli_command *cmd;
    nqpf_optset *set;  /* the method's options (commands that run a library method), else NULL */
    nqpf_optset *data; /* the "data" options (commands that read DATA), else NULL */
    entry *e;
    size_t ne;
    const char **pos;
    size_t npos;
    char *cmdline;
};

static const cli_opt *find_opt(const cli_opt *set, const char *name, char shortc)
{
    for (; set && set->name; set++)
        if ((name && strcmp(set->name, name) == 0) || (shortc && set->short_name == shortc))
            return set;
    return NULL;
}

static const cli_opt *lookup(const cli_command *cmd, const char *name, char shortc)
{
    const cli_opt *o = find_opt(cmd->opts, name, shortc);
    if (!o && cmd->data_options)
        o = find_opt(common_data_opts, name, shortc);
    if (!o)
        o = find_opt(global_opts, name, shortc);
    return o;
}

/* "nqpf NAME ARGS" as a shell would need it typed (for provenance); NULL when there is not enough memory. */
static char *quote_cmdline(const char *name, int argc, char **argv)
{
    size_t cap = strlen(name) + 6;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 4;
    char *out = xcalloc(cap, 1), *w = out;
    if (!out)
        return NULL;
    w += sprintf(w, "nqpf %s", name);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        int plain = s[0] != '\0';
        for (const char *c = s; *c && plain; c++)
            plain = (strchr(" \t\"'\\$`*?;&|<>()", *c) == NULL);
        *w++ = ' ';
        if (plain) {
            w += sprintf(w, "%s", s);
            continue;
        }
        *w++ = '\'';
        for (const char *c = s; *c; c++) {
            if (*c == '\'') {
                memcpy(w, "'\\''", 4);
                w += 4;
            } else {
                *w++ = *c;
            }
        }
        *w++ = '\'';
    }
    *w = '\0';
    return out;
}

static int add_value(cli_args *a, const cli_opt *o, const char *v)
{
    entry *e = NULL;
    for (size_t k = 0; k < a->ne; k++)
        if (strcmp(a->e[k].name, o->name) == 0)
            e = &a->e[k];
    if (!e) {
        entry *ne = xrealloc(a->e, a->ne + 1, sizeof *ne);
        if (!ne)
            return NQPF_EINTERNAL;
        a->e = ne;
        e = &a->e[a->ne++];
        e->name = o->name;
        e->values = NULL;
        e->n = 0;
    } else if (!o->repeatable && o->arg) {
        return nqpf_error_set(NQPF_EUSAGE, "--%s given twice", o->name);
    }
    const char **nv = xrealloc(e->values, e->n + 2, sizeof *nv);
    if (!nv)
        return NQPF_EINTERNAL;
    e->values = nv;
    e->values[e->n++] = v;
    e->values[e->n] = NULL;
    return NQPF_OK;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args **out)
{
    *out = NULL;
    cli_args *a = xcalloc(1, sizeof *a);
    if (!a)
        return NQPF_EINTERNAL;
    a->cmd = cmd;
    const nqpf_method *method = nqpf_method_find(cmd->name);
    const nqpf_method *data = cmd->data_options ? nqpf_method_find("data") : NULL;
    if ((method && nqpf_optset_new(&a->set, method, NQPF_KEYS_CLI) != NQPF_OK) ||
        (data && nqpf_optset_new(&a->data, data, NQPF_KEYS_CLI) != NQPF_OK)) {
        cli_args_free(a);
        return NQPF_EINTERNAL;
    }
    a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
    a->cmdline = quote_cmdline(cmd->name, argc, argv);
    int rc = (!a->pos || !a->cmdline) ? NQPF_EINTERNAL : NQPF_OK;
    int only_pos = 0;
    for (int i = 0; i < argc && rc == NQPF_OK; i++) {
        const char *s = argv[i];
        if (only_pos || s[0] != '-' || strcmp(s, "-") == 0) {
            a->pos[a->npos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_pos = 1;
            continue;
        }
        const cli_opt *o;
        const char *val = NULL;
        char namebuf[128];
        if (s[1] == '-') {
            const char *eq = strchr(s + 2, '=');
            size_t len = eq ? (size_t)(eq - (s + 2)) : strlen(s + 2);
            if (len >= sizeof namebuf)
                len = sizeof namebuf - 1;
            memcpy(namebuf, s + 2, len);
            namebuf[len] = '\0';
            if (eq)
                val = eq + 1;
            /* The method's own options: defined once in the library, handed to it as typed. */
            const nqpf_optdef *d = method ? nqpf_method_opt_cli(method, namebuf) : NULL;
            nqpf_optset *target = a->set;
            if (!d && data && (d = nqpf_method_opt_cli(data, namebuf)))
                target = a->data;
            if (d && !(d->flags & NQPF_OPT_STUDY_ONLY)) {
                if (d->type == NQPF_OPT_FLAG) {
                    if (val) {
                        rc = nqpf_opt_error(NQPF_EUSAGE, d->key, "takes no value");
                        break;
                    }
                    val = "true";
                } else if (!val) {
                    if (i + 1 >= argc) {
                        rc = nqpf_opt_error(NQPF_EUSAGE, d->key, "needs a value (%s)", d->arg ? d->arg : "VALUE");
                        break;
                    }
                    val = argv[++i];
                }
                rc = nqpf_optset_add(target, d->key, val);
                /* Data options stay readable with cli_get() too (commands reading a plain table). */
                if (rc == NQPF_OK && target == a->data)
                    rc = add_value(a, &(cli_opt){d->key, 0, "V", (d->flags & NQPF_OPT_REPEATABLE) != 0, ""}, val);
                continue;
            }
            o = lookup(cmd, namebuf, 0);
        } else {
            o = lookup(cmd, NULL, s[1]);
            snprintf(namebuf, sizeof namebuf, "%c", s[1]);
            if (s[2])
                val = s + 2;
        }
        if (!o) {
            rc = nqpf_error_set(NQPF_EUSAGE, "%s: unknown option '%s' (see 'nqpf %s --help')", cmd->name, s,
                                cmd->name);
            break;
        }
        if (o->arg) {
            if (!val) {
                if (i + 1 >= argc) {
                    rc = nqpf_error_set(NQPF_EUSAGE, "%s: option --%s needs a value (%s)", cmd->name, o->name, o->arg);
                    break;
                }
                val = argv[++i];
            }
        } else if (val) {
            rc = nqpf_error_set(NQPF_EUSAGE, "%s: option --%s takes no value", cmd->name, o->name);
            break;
        } else {
            val = "1";
        }
        rc = add_value(a, o, val);
    }
    if (rc != NQPF_OK) {
        cli_args_free(a);
        return rc;
    }
    *out = a;
    return NQPF_OK;
}

void cli_args_free(cli_args *a)
{
    if (!a)
        return;
    for (size_t k = 0; k < a->ne; k++)
        free(a->e[k].values);
    free(a->e);
    nqpf_optset_free(a->set);
    nqpf_optset_free(a->data);
    free(a->pos);
    free(a->cmdline);
    free(a);
}

const cli_command *cli_args_command(const cli_args *a) { return a->cmd; }
nqpf_optset *cli_optset(const cli_args *a) { return a->set; }
nqpf_optset *cli_data_optset(const cli_args *a) { return a->data; }

static const entry *get_entry(const cli_args *a, const char *name)
{
    for (size_t k = 0; k < a->ne; k++)
        if (strcmp(a->e[k].name, name) == 0)
            return &a->e[k];
    return NULL;
}

const char *cli_get(const cli_args *a, const char *name)
{
    const entry *e = get_entry(a, name);
    return e ? e->values[e->n - 1] : NULL;
}

const char *const *cli_get_all(const cli_args *a, const char *name, size_t *n)
{
    const entry *e = get_entry(a, name);
    *n = e ? e->n : 0;
    return e ? e->values : NULL;
}

int cli_has(const cli_args *a, const char *name) { return get_entry(a, name) != NULL; }
size_t cli_npos(const cli_args *a) { return a->npos; }
const char *cli_pos(const cli_args *a, size_t k) { return a->pos[k]; }
const char *cli_cmdline(const cli_args *a) { return a->cmdline ? a->cmdline : ""; }

int cli_get_double(const cli_args *a, const char *name, double def, double *out)
{
    const char *v = cli_get(a, name);
    if (!v) {
        *out = def;
        return NQPF_OK;
    }
    if (!nqpf_parse_double(v, out) || !isfinite(*out))
        return nqpf_error_set(NQPF_EUSAGE, "--%s: expected a number, found '%s'", name, v);
    return NQPF_OK;
}

int cli_get_long(const cli_args *a, const char *name, long def, long *out)
{
    const char *v = cli_get(a, name);
    if (!v) {
        *out = def;
        return NQPF_OK;
    }
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno)
        return nqpf_error_set(NQPF_EUSAGE, "--%s: expected an integer, found '%s'", name, v);
    *out = x;
    return NQPF_OK;
}

int cli_get_size(const cli_args *a, const char *name, size_t def, size_t *out)
{
    long x = 0;
    int rc = cli_get_long(a, name, (long)def, &x);
    if (rc)
        return rc;
    if (x < 0)
        return nqpf_error_set(NQPF_EUSAGE, "--%s: expected a non-negative integer, found '%s'", name,
                              cli_get(a, name));
    *out = (size_t)x;
    return NQPF_OK;
}

int cli_get_choice(const cli_args *a, const char *name, const char *const *choices, int def, int *out)
{
    const char *v = cli_get(a, name);
    if (!v) {
        *out = def;
        return NQPF_OK;
    }
    char list[512] = "";
    for (int k = 0; choices[k]; k++) {
        if (strcmp(choices[k], v) == 0) {
            *out = k;
            return NQPF_OK;
        }
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", k ? "|" : "", choices[k]);
    }
    return nqpf_error_set(NQPF_EUSAGE, "--%s: expected %s, found '%s'", name, list, v);
}

int cli_get_list(const cli_args *a, const char *name, char ***items, size_t *n)
{
    const char *v = cli_get(a, name);
    *items = NULL;
    *n = 0;
    if (!v)
        return NQPF_OK;
    /* Pointers and the trimmed copies in one block, so that the caller frees once. */
    size_t count = 1, len = strlen(v);
    for (const char *c = v; *c; c++)
        count += *c == ',';
    char **arr = xcalloc(1, (count + 1) * sizeof(char *) + len + 1);
    if (!arr)
        return NQPF_EINTERNAL;
    char *text = (char *)(arr + count + 1);
    memcpy(text, v, len + 1);
    size_t k = 0;
    for (char *tok = text;; k++) {
        char *end = strchr(tok, ',');
        if (end)
            *end = '\0';
        while (*tok == ' ' || *tok == '\t')
            tok++;
        for (char *e = tok + strlen(tok); e > tok && (e[-1] == ' ' || e[-1] == '\t');)
            *--e = '\0';
        if (!*tok) {
            free(arr);
            return nqpf_error_set(NQPF_EUSAGE, "--%s: empty item in list '%s'", name, v);
        }
        arr[k] = tok;
        if (!end)
            break;
        tok = end + 1;
    }
    *items = arr;
    *n = k + 1;
    return NQPF_OK;
}

void cli_info(const cli_args *a, const char *fmt, ...)
{
    if (a && cli_has(a, "quiet"))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("nqpf: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_progress(const cli_args *a, const char *label, size_t done, size_t total)
{
    if ((a && cli_has(a, "quiet")) || !isatty(STDERR_FILENO) || total == 0)
        return;
    int width = 30;
    int filled = (int)((double)done / (double)total * width);
    fprintf(stderr, "\r%-24.24s [", label);
    for (int k = 0; k < width; k++)
        fputc(k < filled ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu", done, total);
    if (done >= total)
        fputc('\n', stderr);
    fflush(stderr);
}

static void print_opts(const cli_opt *o)
{
    for (; o && o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        printf("  %-26s %s\n", left, o->help);
    }
}

/* The method's options as its descriptor table defines them (the same table study files use). */
static void print_method_opts(const nqpf_method *m)
{
    for (const nqpf_optdef *d = m->opts; d && d->key; d++) {
        if (d->flags & NQPF_OPT_STUDY_ONLY)
            continue;
        char left[64];
        snprintf(left, sizeof left, "    --%s%s%s", nqpf_optdef_cli_name(d), d->arg && d->type != NQPF_OPT_FLAG ? " " : "",
                 d->arg && d->type != NQPF_OPT_FLAG ? d->arg : "");
        printf("  %-26s %s", left, d->help);
        if (d->type == NQPF_OPT_CHOICE && d->choices)
            printf(" [%s]", d->choices);
        if (d->flags & NQPF_OPT_REQUIRED)
            printf(" (required)");
        else if (d->def && d->type != NQPF_OPT_FLAG)
            printf(" (default %s)", d->def);
        printf("\n");
    }
}

void cli_print_help(const cli_command *cmd)
{
    printf("Usage: nqpf %s\n\n%s\n", cmd->usage, cmd->description);
    const nqpf_method *m = nqpf_method_find(cmd->name);
    if ((cmd->opts && cmd->opts->name) || m) {
        printf("\nOptions:\n");
        if (m)
            print_method_opts(m);
        print_opts(cmd->opts);
    }
    if (cmd->data_options) {
        printf("\nData and output options:\n");
        print_method_opts(nqpf_method_find("data"));
        print_opts(common_data_opts);
    }
    printf("\nGeneral options:\n");
    print_opts(global_opts);
    if (cmd->notes)
        printf("\n%s\n", cmd->notes);
    printf("\nExit status: 0 success, 2 usage error, 3 data error, 4 internal error, 5 output not written.\n");
}
