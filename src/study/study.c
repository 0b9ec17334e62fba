/* Study files: parse and validate the whole JSON study before anything is computed, then run the
 * steps in order, writing each step's tables as it finishes, and finally results.xlsx and
 * report.html. The format is documented in docs/study.md. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nqpf/gazetteer.h"
#include "nqpf/expr.h"
#include "nqpf/geojson.h"
#include "nqpf/io.h"
#include "nqpf/join.h"
#include "nqpf/report.h"
#include "nqpf/version.h"
#include "report/report_internal.h"
#include "study/study_internal.h"
#include "util/util.h"

/* Caps that keep a typo in a study file from becoming a huge allocation. */
#define STUDY_MAX_NAME 24

struct nqpf_study {
    char *path;   /* as given, for messages */
    char *dir;    /* folder of the study file, for relative paths */
    char *outdir; /* resolved output folder */
    char lang[3];
    json_t *root;
    nqpf_study_options opts;

    /* data */
    char *data_path;
    const char *id, *time, *label_col;
    nqpf_panel *panel;
    nqpf_panel *step_panel; /* the running step's own sample, when it has one */
    char **cols; /* columns known after let and groups, for validation */
    size_t ncols, capcols;
    long from, to;
    const char *where;

    /* groups */
    const char *group_col;   /* name of the group column (NULL: none) */
    int group_from_data;     /* the group column is already in the data */
    nqpf_groupmap *group_map; /* groups.inline or groups.file (+ via): id -> group */

    /* map */
    const char *map_name;  /* the map the report registers: world, china, jiangsu or geojson; NULL: none */
    const char *map_key;   /* the feature property that names the regions ("name" for bundled maps) */
    char *map_text;        /* map.geojson: the file's text, embedded in the report */
    size_t map_len;
    char **map_keys;       /* the features' names, for matching the data's ids (not for world) */
    size_t nmap_keys;

    /* steps */
    const json_t *steps;
    char **step_names;
    const study_step_type **step_types;
    size_t nsteps;

    /* results */
    char **files;
    size_t nfiles;
    int ran;

    /* the output folder (out_begin / out_commit): the run writes into workdir and swaps it in */
    char *outreal;  /* the output folder, links and '..' resolved */
    char *workroot; /* PARENT/.BASE.tmp.XXXXXX, removed when the run ends */
    char *workdir;  /* workroot/new: every file of the run is written here */
    int lockfd;     /* the marker workroot/.nqpf-run, locked while the run lives (-1: none) */
    int out_existed; /* the output folder existed before the run */
    long out_mode;   /* its permission bits */
};

static const char *const lang_choices[] = {"en", "zh", NULL};

int study__err(const nqpf_study *s, int code, const char *path, const char *key, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path && *path && key)
        return nqpf_error_set(code, "%s: %s.%s: %s", s->path, path, key, msg);
    if (key)
        return nqpf_error_set(code, "%s: %s: %s", s->path, key, msg);
    if (path && *path)
        return nqpf_error_set(code, "%s: %s: %s", s->path, path, msg);
    return nqpf_error_set(code, "%s: %s", s->path, msg);
}

const char *study__path(const nqpf_study *s) { return s->path; }
nqpf_panel *study__panel(nqpf_study *s) { return s->step_panel ? s->step_panel : s->panel; }
const char *study__group_column(const nqpf_study *s) { return s->group_col; }

void study__progress(const nqpf_study *s, const char *label, size_t done, size_t total)
{
    if (s->opts.progress)
        s->opts.progress(label, done, total, s->opts.userdata);
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

int study__str(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
               const char **out)
{
    const json_t *v = json_object_get(cfg, key);
    if (!v) {
        if (required)
            return study__err(s, NQPF_EUSAGE, path, key, "required key is missing");
        return NQPF_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return study__err(s, NQPF_EUSAGE, path, key, "expected a non-empty string, found %s", type_name(v));
    *out = json_string_value(v);
    return NQPF_OK;
}

int study__long(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
                long *out)
{
    const json_t *v = json_object_get(cfg, key);
    if (!v) {
        if (required)
            return study__err(s, NQPF_EUSAGE, path, key, "required key is missing");
        return NQPF_OK;
    }
    if (!json_is_integer(v))
        return study__err(s, NQPF_EUSAGE, path, key, "expected an integer, found %s", type_name(v));
    *out = (long)json_integer_value(v);
    return NQPF_OK;
}

int study__num(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
               double *out)
{
    const json_t *v = json_object_get(cfg, key);
    if (!v) {
        if (required)
            return study__err(s, NQPF_EUSAGE, path, key, "required key is missing");
        return NQPF_OK;
    }
    if (!json_is_number(v))
        return study__err(s, NQPF_EUSAGE, path, key, "expected a number, found %s", type_name(v));
    *out = json_number_value(v);
    return NQPF_OK;
}

int study__bool(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int *out)
{
    const json_t *v = json_object_get(cfg, key);
    if (!v)
        return NQPF_OK;
    if (!json_is_boolean(v))
        return study__err(s, NQPF_EUSAGE, path, key, "expected true or false, found %s", type_name(v));
    *out = json_is_true(v);
    return NQPF_OK;
}

int study__strlist(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
                   const char ***out, size_t *n)
{
    const json_t *v = json_object_get(cfg, key);
    *out = NULL;
    *n = 0;
    if (!v) {
        if (required)
            return study__err(s, NQPF_EUSAGE, path, key, "required key is missing");
        return NQPF_OK;
    }
    size_t m = json_is_array(v) ? json_array_size(v) : 1;
    if (!json_is_array(v) && !json_is_string(v))
        return study__err(s, NQPF_EUSAGE, path, key, "expected a string or a list of strings, found %s",
                          type_name(v));
    if (m == 0)
        return study__err(s, NQPF_EUSAGE, path, key, "expected at least one name, found an empty list");
    const char **a = nqpf__calloc(m, sizeof *a);
    if (!a)
        return NQPF_EINTERNAL;
    for (size_t k = 0; k < m; k++) {
        const json_t *e = json_is_array(v) ? json_array_get(v, k) : v;
        if (!json_is_string(e) || json_string_length(e) == 0) {
            free(a);
            char sub[64];
            snprintf(sub, sizeof sub, "%s[%zu]", key, k);
            return study__err(s, NQPF_EUSAGE, path, sub, "expected a non-empty string, found %s", type_name(e));
        }
        a[k] = json_string_value(e);
    }
    *out = a;
    *n = m;
    return NQPF_OK;
}

int study__choice(const nqpf_study *s, const json_t *cfg, const char *path, const char *key,
                  const char *const *choices, int def, int *out)
{
    const char *v = NULL;
    int rc = study__str(s, cfg, path, key, 0, &v);
    *out = def;
    if (rc || !v)
        return rc;
    for (int k = 0; choices[k]; k++)
        if (strcmp(choices[k], v) == 0) {
            *out = k;
            return NQPF_OK;
        }
    nqpf__buf b = NQPF__BUF_INIT;
    for (int k = 0; choices[k]; k++)
        nqpf__buf_printf(&b, "%s%s", k ? ", " : "", choices[k]);
    rc = study__err(s, NQPF_EUSAGE, path, key, "expected one of %s, found '%s'", nqpf__buf_cstr(&b), v);
    nqpf__buf_free(&b);
    return rc;
}

static int check_keys(const nqpf_study *s, const json_t *obj, const char *path, const char *const *allowed,
                      const char *const *allowed2)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int ok = 0;
        for (size_t k = 0; allowed && allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], key) == 0;
        for (size_t k = 0; allowed2 && allowed2[k] && !ok; k++)
            ok = strcmp(allowed2[k], key) == 0;
        if (ok)
            continue;
        nqpf__buf b = NQPF__BUF_INIT;
        for (size_t k = 0; allowed && allowed[k]; k++)
            nqpf__buf_printf(&b, "%s%s", k ? ", " : "", allowed[k]);
        for (size_t k = 0; allowed2 && allowed2[k]; k++)
            nqpf__buf_printf(&b, ", %s", allowed2[k]);
        int rc = study__err(s, NQPF_EUSAGE, path, key, "unknown key (expected one of: %s)", nqpf__buf_cstr(&b));
        nqpf__buf_free(&b);
        return rc;
    }
    return NQPF_OK;
}

static int need_object(const nqpf_study *s, const json_t *v, const char *path)
{
    if (!json_is_object(v))
        return study__err(s, NQPF_EUSAGE, path, NULL, "expected an object, found %s", type_name(v));
    return NQPF_OK;
}

/* "title" of the study or of a step (@p obj at @p path, NULL for the root): a string, or one text
 * per report language ({"en": ..., "zh": ...}), which the report picks by its language. */
static int check_title(const nqpf_study *s, const json_t *obj, const char *path)
{
    const json_t *tv = json_object_get(obj, "title");
    if (!tv)
        return NQPF_OK;
    if (json_is_string(tv) && json_string_length(tv) > 0)
        return NQPF_OK;
    if (!json_is_object(tv))
        return study__err(s, NQPF_EUSAGE, path, "title", "expected a non-empty string or {\"en\": ..., \"zh\": ...}, found %s",
                          json_is_string(tv) ? "an empty string" : type_name(tv));
    nqpf__buf sub = NQPF__BUF_INIT;
    nqpf__buf_printf(&sub, "%s%stitle", path ? path : "", path ? "." : "");
    if (sub.failed)
        return NQPF_EINTERNAL;
    static const char *const title_keys[] = {"en", "zh", NULL};
    int rc = check_keys(s, tv, sub.data, title_keys, NULL);
    const char *tk;
    const json_t *tval;
    json_object_foreach((json_t *)tv, tk, tval)
    {
        if (rc)
            break;
        if (!json_is_string(tval) || json_string_length(tval) == 0)
            rc = study__err(s, NQPF_EUSAGE, sub.data, tk, "expected a non-empty string, found %s",
                            json_is_string(tval) ? "an empty string" : type_name(tval));
    }
    nqpf__buf_free(&sub);
    return rc;
}

char *study__resolve(const nqpf_study *s, const char *rel)
{
    if (rel[0] == '/' || !s->dir[0])
        return nqpf__strdup(rel);
    nqpf__buf b = NQPF__BUF_INIT;
    nqpf__buf_printf(&b, "%s/%s", s->dir, rel);
    if (b.failed) {
        nqpf__buf_free(&b);
        return NULL;
    }
    return b.data;
}

static int add_col(nqpf_study *s, const char *name)
{
    for (size_t k = 0; k < s->ncols; k++)
        if (strcmp(s->cols[k], name) == 0)
            return NQPF_OK;
    if (s->ncols == s->capcols) {
        size_t cap = s->capcols ? 2 * s->capcols : 64;
        char **c = nqpf__realloc(s->cols, cap, sizeof *c);
        if (!c)
            return NQPF_EINTERNAL;
        s->cols = c;
        s->capcols = cap;
    }
    if (!(s->cols[s->ncols] = nqpf__strdup(name)))
        return NQPF_EINTERNAL;
    s->ncols++;
    return NQPF_OK;
}

static int has_col(const nqpf_study *s, const char *name)
{
    for (size_t k = 0; k < s->ncols; k++)
        if (strcmp(s->cols[k], name) == 0)
            return 1;
    return 0;
}

int study__need_column(const nqpf_study *s, const char *path, const char *key, const char *name)
{
    if (has_col(s, name))
        return NQPF_OK;
    return study__err(s, NQPF_EDATA, path, key, "column '%s' not found in %s (nor defined by let or groups)", name,
                      s->data_path);
}

int study__read_aux(const nqpf_study *s, const json_t *obj, const char *path, nqpf_table **out)
{
    const char *rel = NULL;
    *out = NULL;
    int rc = study__str(s, obj, path, "file", 1, &rel);
    if (rc)
        return rc;
    char *full = study__resolve(s, rel);
    if (!full)
        return NQPF_EINTERNAL;
    nqpf_read_options ro = NQPF_READ_OPTIONS_INIT;
    if (access(full, R_OK) != 0) {
        rc = study__err(s, NQPF_EDATA, path, "file", "cannot read '%s': %s", full, strerror(errno));
    } else if ((rc = nqpf_read_table(out, full, &ro))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        rc = study__err(s, rc, path, "file", "%s", msg);
    }
    free(full);
    return rc;
}

int study__aux_column(const nqpf_study *s, const nqpf_table *t, const char *path, const char *key,
                      const char *name)
{
    if (nqpf_table_find(t, name) != NQPF_NONE)
        return NQPF_OK;
    return study__err(s, NQPF_EDATA, path, key, "column '%s' not found in %s", name, nqpf_table_source(t));
}

int study__add_table(study_step_out *o, const char *suffix, nqpf_table *t)
{
    study_table *a = nqpf__realloc(o->tables, o->n + 1, sizeof *a);
    if (!a) {
        nqpf_table_free(t);
        return NQPF_EINTERNAL;
    }
    o->tables = a;
    a[o->n].suffix = NULL;
    if (suffix && !(a[o->n].suffix = nqpf__strdup(suffix))) {
        nqpf_table_free(t);
        return NQPF_EINTERNAL;
    }
    a[o->n].t = t;
    o->n++;
    return NQPF_OK;
}

static void free_step_out(study_step_out *o)
{
    for (size_t k = 0; k < o->n; k++) {
        free(o->tables[k].suffix);
        nqpf_table_free(o->tables[k].t);
    }
    free(o->tables);
    o->tables = NULL;
    o->n = 0;
}

/* ---- loading ---------------------------------------------------------------------------- */

static const char *const root_keys[] = {"title", "description", "lang", "out", "data", "let",
                                        "sample", "groups", "map", "steps", "labels", NULL};
/* The read options: the library's "data" keys that say how the file is read, as on the command line. */
static const char *const read_keys[] = {"delim", "na", "sheet", "header_row", "encoding", "clean", NULL};
static const char *const data_keys[] = {"file", "id", "time", "label", "delim", "na", "sheet", "header_row",
                                        "encoding", "clean", NULL};
static const char *const sample_keys[] = {"from", "to", "where", NULL};
static const char *const group_keys[] = {"name", "column", "file", "key", "via", "inline", "builtin", NULL};
static const char *const via_keys[] = {"file", "from", "to", NULL};
static const char *const map_keys[] = {"geo", "geojson", "key", "column", "classes", NULL};
static const char *const step_common[] = {"type", "name", "title", "sample", "use", NULL};

static int json_to_opt(const nqpf_study *s, nqpf_optset *set, const char *path, const char *key, const json_t *v);

static int load_data(nqpf_study *s)
{
    const json_t *d = json_object_get(s->root, "data");
    const char *file = NULL;
    int rc;
    if (!d)
        return study__err(s, NQPF_EUSAGE, NULL, "data", "required key is missing");
    if ((rc = need_object(s, d, "data")) || (rc = check_keys(s, d, "data", data_keys, NULL)) ||
        (rc = study__str(s, d, "data", "file", 1, &file)) || (rc = study__str(s, d, "data", "id", 1, &s->id)) ||
        (rc = study__str(s, d, "data", "time", 1, &s->time)) ||
        (rc = study__str(s, d, "data", "label", 0, &s->label_col)))
        return rc;
    /* How the file is read is the library's "data" options, as on the command line. */
    nqpf_read_options ro;
    nqpf_optset *rset = NULL;
    rc = nqpf_optset_new(&rset, nqpf_method_find("data"), NQPF_KEYS_STUDY);
    for (size_t k = 0; read_keys[k] && rc == NQPF_OK; k++) {
        const char *key = read_keys[k];
        const json_t *v = json_object_get(d, key);
        if (v)
            rc = json_to_opt(s, rset, "data", key, v);
    }
    if (rc == NQPF_OK)
        rc = study__keyed(s, "data", nqpf_read_options_parse(&ro, rset));
    if (rc) {
        nqpf_optset_free(rset);
        return rc;
    }
    nqpf_table *t = NULL;
    if (!(s->data_path = study__resolve(s, file)))
        rc = NQPF_EINTERNAL;
    else if (access(s->data_path, R_OK) != 0)
        rc = study__err(s, NQPF_EDATA, "data", "file", "cannot read '%s': %s", s->data_path, strerror(errno));
    else if ((rc = nqpf_read_table(&t, s->data_path, &ro))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        rc = study__err(s, rc, "data", "file", "%s", msg);
    } else {
        rc = nqpf_output_protect(s->data_path); /* no output of the study may replace its data */
    }
    nqpf_optset_free(rset);
    if (rc)
        return rc;
    if (nqpf_table_find(t, s->id) == NQPF_NONE)
        rc = study__err(s, NQPF_EDATA, "data", "id", "column '%s' not found in %s", s->id, s->data_path);
    else if (nqpf_table_find(t, s->time) == NQPF_NONE)
        rc = study__err(s, NQPF_EDATA, "data", "time", "column '%s' not found in %s", s->time, s->data_path);
    else if (s->label_col && nqpf_table_find(t, s->label_col) == NQPF_NONE)
        rc = study__err(s, NQPF_EDATA, "data", "label", "column '%s' not found in %s", s->label_col, s->data_path);
    if (rc) {
        nqpf_table_free(t);
        return rc;
    }
    for (size_t j = 0; j < nqpf_table_ncols(t) && !rc; j++)
        rc = add_col(s, nqpf_table_colname(t, j));
    if (rc) {
        nqpf_table_free(t);
        return rc;
    }
    if ((rc = nqpf_panel_new(&s->panel, t, s->id, s->time))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        rc = study__err(s, rc, NULL, "data", "%s", msg);
    }
    return rc;
}

/* Checks a `let` entry or the sample's `where` without evaluating it: syntax and columns. */
static int check_expr(nqpf_study *s, const char *src, const char *path, const char *key)
{
    nqpf_expr *e = NULL;
    int rc = nqpf_expr_parse(&e, src);
    if (rc) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_message());
        return study__err(s, rc, path, key, "%s", msg);
    }
    for (size_t k = 0; k < nqpf_expr_ncolumns(e) && !rc; k++)
        if (!has_col(s, nqpf_expr_column(e, k)))
            rc = study__err(s, NQPF_EDATA, path, key, "column '%s' not found in %s (nor defined by an earlier let)",
                            nqpf_expr_column(e, k), s->data_path);
    nqpf_expr_free(e);
    return rc;
}

static int load_lets(nqpf_study *s)
{
    const json_t *l = json_object_get(s->root, "let");
    if (!l)
        return NQPF_OK;
    if (!json_is_array(l))
        return study__err(s, NQPF_EUSAGE, NULL, "let", "expected a list of \"NAME = EXPRESSION\" strings, found %s",
                          type_name(l));
    for (size_t k = 0; k < json_array_size(l); k++) {
        char key[32];
        snprintf(key, sizeof key, "let[%zu]", k);
        const json_t *e = json_array_get(l, k);
        if (!json_is_string(e))
            return study__err(s, NQPF_EUSAGE, NULL, key, "expected \"NAME = EXPRESSION\", found %s", type_name(e));
        const char *src = json_string_value(e), *eq = strchr(src, '=');
        if (!eq || eq[1] == '=')
            return study__err(s, NQPF_EUSAGE, NULL, key, "expected \"NAME = EXPRESSION\", found '%s'", src);
        size_t b = 0, n = (size_t)(eq - src);
        while (b < n && (src[b] == ' ' || src[b] == '\t'))
            b++;
        while (n > b && (src[n - 1] == ' ' || src[n - 1] == '\t'))
            n--;
        if (n == b)
            return study__err(s, NQPF_EUSAGE, NULL, key, "the variable name before '=' is empty");
        int rc = check_expr(s, eq + 1, NULL, key);
        if (rc)
            return rc;
        char *name = nqpf__strndup(src + b, n - b);
        if (!name)
            return NQPF_EINTERNAL;
        rc = add_col(s, name);
        free(name);
        if (rc)
            return rc;
    }
    return NQPF_OK;
}

static int load_sample(nqpf_study *s)
{
    const json_t *m = json_object_get(s->root, "sample");
    int rc;
    s->from = LONG_MIN;
    s->to = LONG_MAX;
    if (!m)
        return NQPF_OK;
    if ((rc = need_object(s, m, "sample")) || (rc = check_keys(s, m, "sample", sample_keys, NULL)) ||
        (rc = study__long(s, m, "sample", "from", 0, &s->from)) || (rc = study__long(s, m, "sample", "to", 0, &s->to)) ||
        (rc = study__str(s, m, "sample", "where", 0, &s->where)))
        return rc;
    if (s->from > s->to)
        return study__err(s, NQPF_EUSAGE, "sample", "from", "%ld is after sample.to %ld", s->from, s->to);
    if (s->where)
        return check_expr(s, s->where, "sample", "where");
    return NQPF_OK;
}

/* One warning for the ids of @p ids[0..n) (named in the study under @p what) that are no unit of
 * the data, even through the gazetteer (nqpf_region_match()). */
static int warn_unmatched(nqpf_study *s, const char *const *ids, size_t n, const char *what)
{
    size_t nu = nqpf_panel_nunits(s->panel);
    const char **units = nqpf__malloc(nu ? nu : 1, sizeof *units);
    if (!units)
        return NQPF_EINTERNAL;
    for (size_t u = 0; u < nu; u++)
        units[u] = nqpf_panel_unit_name(s->panel, u);
    nqpf_region_match_result r;
    int rc = nqpf_region_match(&r, ids, n, units, nu, nqpf__basename(s->data_path));
    if (rc == NQPF_OK && r.message)
        nqpf_warn("%s: %s: %s", s->path, what, r.message);
    nqpf_region_match_free(&r);
    free(units);
    return rc;
}

/* One warning for the data's ids that the gazetteer does not know (a built-in grouping cannot
 * place them), with the closest known names. */
static int warn_unknown_regions(nqpf_study *s, const char *builtin)
{
    size_t nu = nqpf_panel_nunits(s->panel), ng = nqpf_gazetteer_count();
    const char **units = nqpf__malloc(nu ? nu : 1, sizeof *units), **known = nqpf__malloc(ng ? ng : 1, sizeof *known);
    int rc = NQPF_OK;
    if (!units || !known)
        rc = NQPF_EINTERNAL;
    for (size_t u = 0; !rc && u < nu; u++)
        units[u] = nqpf_panel_unit_name(s->panel, u);
    for (size_t i = 0; !rc && i < ng; i++)
        known[i] = nqpf_gazetteer_at(i)->short_name;
    nqpf_region_match_result r;
    if (!rc && !(rc = nqpf_region_match(&r, units, nu, known, ng, "China's gazetteer"))) {
        if (r.message)
            nqpf_warn("%s: groups.builtin: %s: %s", s->path, builtin, r.message);
        nqpf_region_match_free(&r);
    }
    free(units);
    free(known);
    return rc;
}

static int load_groups(nqpf_study *s)
{
    const json_t *g = json_object_get(s->root, "groups");
    int rc;
    if (!g)
        return NQPF_OK;
    if ((rc = need_object(s, g, "groups")) || (rc = check_keys(s, g, "groups", group_keys, NULL)))
        return rc;
    const char *name = NULL, *column = NULL, *key = NULL, *builtin = NULL;
    const json_t *file = json_object_get(g, "file"), *inl = json_object_get(g, "inline");
    if ((rc = study__str(s, g, "groups", "name", 0, &name)) || (rc = study__str(s, g, "groups", "column", 0, &column)) ||
        (rc = study__str(s, g, "groups", "builtin", 0, &builtin)))
        return rc;
    if (file && inl)
        return study__err(s, NQPF_EUSAGE, "groups", "inline", "give either groups.file or groups.inline, not both");
    if (builtin && (file || inl || column))
        return study__err(s, NQPF_EUSAGE, "groups", "builtin",
                          "a built-in grouping takes only groups.name (not file, inline or column)");
    if (builtin) {
        /* A built-in grouping of China's provinces or cities (gazetteer.h); the data's ids are read
         * through the gazetteer, and ids it does not know get one warning. */
        s->group_col = name ? name : "group";
        if (has_col(s, s->group_col))
            return study__err(s, NQPF_EUSAGE, "groups", "name",
                              "'%s' is already a column of the data; choose another name", s->group_col);
        if ((rc = nqpf_groupmap_builtin(&s->group_map, builtin)))
            return study__err(s, rc, "groups", "builtin", "%s", nqpf_error_message());
        if ((rc = warn_unknown_regions(s, builtin)))
            return rc;
        return add_col(s, s->group_col);
    }
    if (!file && !inl) {
        /* The groups are a column of the data itself. */
        if (!column)
            return study__err(s, NQPF_EUSAGE, NULL, "groups",
                              "expected \"column\" (a column of the data), \"file\" + \"key\" + \"column\", or \"inline\"");
        if ((rc = study__need_column(s, "groups", "column", column)))
            return rc;
        if (name && strcmp(name, column) != 0)
            return study__err(s, NQPF_EUSAGE, "groups", "name", "with only groups.column, the name is the column's");
        s->group_col = column;
        s->group_from_data = 1;
        return NQPF_OK;
    }
    s->group_col = name ? name : "group";
    if (has_col(s, s->group_col))
        return study__err(s, NQPF_EUSAGE, "groups", "name", "'%s' is already a column of the data; choose another name",
                          s->group_col);
    if (inl) {
        if (!json_is_object(inl) || json_object_size(inl) == 0)
            return study__err(s, NQPF_EUSAGE, "groups", "inline",
                              "expected an object {\"GROUP\": [\"ID\", ...], ...}, found %s", type_name(inl));
        const char *gname;
        const json_t *ids;
        const char **listed = NULL;
        size_t nlisted = 0, caplisted = 0;
        if ((rc = nqpf_groupmap_new(&s->group_map)))
            return rc;
        json_object_foreach((json_t *)inl, gname, ids)
        {
            char sub[160];
            snprintf(sub, sizeof sub, "groups.inline.%s", gname);
            if (!json_is_array(ids))
                return study__err(s, NQPF_EUSAGE, NULL, sub, "expected a list of ids, found %s", type_name(ids));
            for (size_t k = 0; k < json_array_size(ids); k++) {
                const json_t *id = json_array_get(ids, k);
                if (!json_is_string(id)) {
                    free(listed);
                    return study__err(s, NQPF_EUSAGE, NULL, sub, "entry %zu: expected an id (a string)", k);
                }
                char where[200];
                snprintf(where, sizeof where, "%s[%zu]", sub, k);
                if ((rc = nqpf_groupmap_add(s->group_map, json_string_value(id), gname, where))) {
                    free(listed);
                    return study__err(s, rc, NULL, NULL, "%s", nqpf_error_message());
                }
                if (nlisted == caplisted) {
                    caplisted = caplisted ? 2 * caplisted : 32;
                    const char **nl = nqpf__realloc(listed, caplisted, sizeof *nl);
                    if (!nl) {
                        free(listed);
                        return NQPF_EINTERNAL;
                    }
                    listed = nl;
                }
                listed[nlisted++] = json_string_value(id);
            }
        }
        /* A listed id the data lack is often a spelling slip, but may be a unit left out on purpose:
         * one warning names them all, with the closest ids of the data. Ids that name the same
         * region as a unit of the data (北京 for 北京市, Beijing, 110000) are not slips: the group
         * map finds them through the gazetteer. */
        rc = warn_unmatched(s, listed, nlisted, "groups.inline");
        free(listed);
        if (rc)
            return rc;
    } else {
        if (!column)
            return study__err(s, NQPF_EUSAGE, "groups", "column", "required with groups.file (the column holding the group)");
        nqpf_table *gt = NULL, *vt = NULL;
        const char *from = NULL, *to = NULL;
        const json_t *via = json_object_get(g, "via");
        if (!(rc = study__str(s, g, "groups", "key", 1, &key)) && !(rc = study__read_aux(s, g, "groups", &gt)) &&
            !(rc = study__aux_column(s, gt, "groups", "key", key)) &&
            !(rc = study__aux_column(s, gt, "groups", "column", column)) && via &&
            !(rc = need_object(s, via, "groups.via")) && !(rc = check_keys(s, via, "groups.via", via_keys, NULL)) &&
            !(rc = study__str(s, via, "groups.via", "from", 1, &from)) &&
            !(rc = study__str(s, via, "groups.via", "to", 1, &to)) &&
            !(rc = study__read_aux(s, via, "groups.via", &vt)) &&
            !(rc = study__aux_column(s, vt, "groups.via", "from", from)))
            rc = study__aux_column(s, vt, "groups.via", "to", to);
        /* The one id -> group rule of the library (join.h): duplicate keys are errors, numeric
         * group codes read as text. */
        if (rc == NQPF_OK &&
            (rc = nqpf_groupmap_from_tables(&s->group_map, gt, nqpf_table_find(gt, key), nqpf_table_find(gt, column), vt,
                                            vt ? nqpf_table_find(vt, from) : NQPF_NONE,
                                            vt ? nqpf_table_find(vt, to) : NQPF_NONE)))
            rc = study__err(s, rc, NULL, "groups", "%s", nqpf_error_message());
        nqpf_table_free(gt);
        nqpf_table_free(vt);
        if (rc)
            return rc;
    }
    return add_col(s, s->group_col);
}

/* map.geojson: reads the file (relative to the study file) and its feature keys; the text is kept
 * for the report. Errors keyed map.geojson / map.key. */
static int load_map_geojson(nqpf_study *s, const char *rel, const char *key)
{
    char *full = study__resolve(s, rel);
    nqpf_geo *g = NULL;
    FILE *f = NULL;
    int rc = NQPF_OK;
    if (!full)
        return NQPF_EINTERNAL;
    if (!(f = fopen(full, "rb"))) {
        rc = study__err(s, NQPF_EUSAGE, "map", "geojson", "cannot open '%s' (paths are relative to the study file)", full);
        goto done;
    }
    nqpf__buf b = NQPF__BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        nqpf__buf_append(&b, chunk, got);
    if (b.failed) {
        nqpf__buf_free(&b);
        rc = NQPF_EINTERNAL;
        goto done;
    }
    s->map_text = b.data;
    s->map_len = b.len;
    if ((rc = nqpf_geo_parse(&g, s->map_text ? s->map_text : "", s->map_len, full, key))) {
        rc = study__err(s, rc, "map", strstr(nqpf_error_message(), "property") ? "key" : "geojson", "%s",
                        nqpf_error_message());
        goto done;
    }
    if (!(s->map_keys = nqpf__calloc(nqpf_geo_count(g), sizeof *s->map_keys))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t i = 0; i < nqpf_geo_count(g); i++)
        if (!(s->map_keys[s->nmap_keys++] = nqpf__strdup(nqpf_geo_key(g, i)))) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
done:
    if (f)
        fclose(f);
    nqpf_geo_free(g);
    free(full);
    return rc;
}

/* map.classes: how the report colours its choropleth maps. "jenks" (the default: natural breaks,
 * as ArcGIS and Chinese papers draw them), "quantile", "equal", "continuous", or an object
 * {"method": ..., "k": 2..9} or {"breaks": [ascending numbers]} (user breaks: method "breaks").
 * Checked here; map_classes_json() writes the resolved form into the report blob. */
static const char *const class_methods[] = {"jenks", "quantile", "equal", "continuous", "breaks", NULL};
static const char *const class_keys[] = {"method", "k", "breaks", NULL};

static int load_map_classes(const nqpf_study *s, const json_t *m)
{
    const json_t *c = json_object_get(m, "classes");
    int rc, method = 0;
    if (!c || json_is_string(c)) {
        rc = study__choice(s, m, "map", "classes", class_methods, 0, &method);
        if (rc == NQPF_OK && method == 4)
            rc = study__err(s, NQPF_EUSAGE, "map", "classes", "the method breaks needs its bounds: {\"breaks\": [0.2, 0.4]}");
        return rc;
    }
    if ((rc = need_object(s, c, "map.classes")) || (rc = check_keys(s, c, "map.classes", class_keys, NULL)) ||
        (rc = study__choice(s, c, "map.classes", "method", class_methods, json_object_get(c, "breaks") ? 4 : 0, &method)))
        return rc;
    const json_t *k = json_object_get(c, "k"), *b = json_object_get(c, "breaks");
    if (k && (!json_is_integer(k) || json_integer_value(k) < 2 || json_integer_value(k) > 9))
        return study__err(s, NQPF_EUSAGE, "map.classes", "k", "expected an integer from 2 to 9 (the number of classes)");
    if ((method == 4) != (b != NULL))
        return study__err(s, NQPF_EUSAGE, "map.classes", b ? "breaks" : "method",
                          b ? "applies to the method breaks only" : "the method breaks needs its bounds: \"breaks\": [0.2, 0.4]");
    if (b && k)
        return study__err(s, NQPF_EUSAGE, "map.classes", "k", "does not apply with breaks (the classes are the bounds + 1)");
    if (b) {
        size_t n = json_array_size(b);
        if (!json_is_array(b) || n < 1 || n > 8)
            return study__err(s, NQPF_EUSAGE, "map.classes", "breaks", "expected a list of 1 to 8 ascending numbers");
        for (size_t j = 0; j < n; j++) {
            const json_t *e = json_array_get(b, j);
            if (!json_is_number(e) || !isfinite(json_number_value(e)) ||
                (j && !(json_number_value(e) > json_number_value(json_array_get(b, j - 1))))) {
                char sub[32];
                snprintf(sub, sizeof sub, "breaks[%zu]", j);
                return study__err(s, NQPF_EUSAGE, "map.classes", sub, "expected a finite number above the one before it");
            }
        }
    }
    return NQPF_OK;
}

/* The checked map.classes as the report reads it: {"method", "k", "breaks"}. */
static json_t *map_classes_json(const nqpf_study *s)
{
    const json_t *c = json_object_get(json_object_get(s->root, "map"), "classes");
    const char *m = json_is_string(c) ? json_string_value(c) : json_string_value(json_object_get(c, "method"));
    const json_t *b = json_object_get(c, "breaks"), *k = json_object_get(c, "k");
    json_t *o = json_object();
    json_object_set_new(o, "method", json_string(m ? m : b ? "breaks" : "jenks"));
    json_object_set_new(o, "k", json_integer(k ? json_integer_value(k) : b ? (json_int_t)json_array_size(b) + 1 : 5));
    if (b)
        json_object_set(o, "breaks", (json_t *)b);
    return o;
}

static int load_map(nqpf_study *s)
{
    const json_t *m = json_object_get(s->root, "map");
    static const char *const geos[] = {"world", "china", "jiangsu", NULL};
    int rc, geo;
    const char *col = NULL, *gj = NULL, *key = NULL;
    if (!m)
        return NQPF_OK;
    if ((rc = need_object(s, m, "map")) || (rc = check_keys(s, m, "map", map_keys, NULL)) ||
        (rc = study__choice(s, m, "map", "geo", geos, -1, &geo)) || (rc = study__str(s, m, "map", "column", 0, &col)) ||
        (rc = study__str(s, m, "map", "geojson", 0, &gj)) || (rc = study__str(s, m, "map", "key", 0, &key)))
        return rc;
    if (geo >= 0 && gj)
        return study__err(s, NQPF_EUSAGE, "map", "geojson", "give either map.geo or map.geojson, not both");
    if (geo < 0 && !gj)
        return study__err(s, NQPF_EUSAGE, "map", "geo",
                          "required key is missing (world, china or jiangsu; or map.geojson with map.key)");
    if (gj && !key)
        return study__err(s, NQPF_EUSAGE, "map", "key", "required with map.geojson: the feature property that names the regions");
    if (key && !gj)
        return study__err(s, NQPF_EUSAGE, "map", "key", "applies to map.geojson only (bundled maps are keyed by name)");
    s->map_name = gj ? "geojson" : geos[geo];
    s->map_key = gj ? key : "name";
    /* China's provinces are matched by the gazetteer (china_map_names); the world map by ISO code as
     * the data give it. */
    if (gj)
        rc = load_map_geojson(s, gj, key);
    else if (strcmp(s->map_name, "jiangsu") == 0 && (rc = nqpf__report_map_names(s->map_name, &s->map_keys, &s->nmap_keys)))
        rc = study__err(s, rc, "map", "geo", "%s", nqpf_error_message());
    if (rc == NQPF_OK)
        rc = load_map_classes(s, m);
    if (rc == NQPF_OK && col)
        return study__need_column(s, "map", "column", col);
    return rc;
}

static int valid_name(const char *n)
{
    size_t len = strlen(n);
    if (len == 0 || len > STUDY_MAX_NAME)
        return 0;
    for (const char *c = n; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
              *c == '-'))
            return 0;
    return 1;
}

/* "use": ["STEP.COLUMN", ...] joins columns of earlier steps' main tables into the data (by id and
 * time) before the step runs, under the name STEP.COLUMN; they stay for the steps after it. Only
 * the step name can be checked before running: the columns exist once that step has run. */
static int check_use(nqpf_study *s, const json_t *cfg, const char *path, size_t k)
{
    const char **u = NULL;
    size_t n = 0;
    int rc = study__strlist(s, cfg, path, "use", 0, &u, &n);
    for (size_t j = 0; j < n && !rc; j++) {
        char key[32];
        snprintf(key, sizeof key, "use[%zu]", j);
        const char *dot = strchr(u[j], '.');
        size_t m = 0;
        if (dot && dot[1])
            for (; m < k; m++)
                if (strlen(s->step_names[m]) == (size_t)(dot - u[j]) && strncmp(s->step_names[m], u[j], (size_t)(dot - u[j])) == 0)
                    break;
        if (!dot || !dot[1])
            rc = study__err(s, NQPF_EUSAGE, path, key, "expected \"STEP.COLUMN\", found '%s'", u[j]);
        else if (m == k)
            rc = study__err(s, NQPF_EUSAGE, path, key, "'%.*s' is not the name of an earlier step", (int)(dot - u[j]), u[j]);
        else
            rc = add_col(s, u[j]);
    }
    free(u);
    return rc;
}

/* Joins the "use" columns of step k from the earlier steps' outputs into the study's panel (a left
 * join by id and time: nqpf_panel_join()). */
static int join_use(nqpf_study *s, size_t k, const study_step_out *outs)
{
    const json_t *cfg = json_array_get(s->steps, k), *u = json_object_get(cfg, "use");
    nqpf_table *pt = nqpf_panel_table_mut(s->panel);
    int rc = NQPF_OK;
    for (size_t j = 0; rc == NQPF_OK && (j < json_array_size(u) || (json_is_string(u) && j == 0)); j++) {
        const char *spec = json_is_string(u) ? json_string_value(u) : json_string_value(json_array_get(u, j));
        if (nqpf_table_find(pt, spec) != NQPF_NONE)
            continue;
        const char *dot = strchr(spec, '.');
        size_t m = 0;
        while (m < k && !(strlen(s->step_names[m]) == (size_t)(dot - spec) &&
                          strncmp(s->step_names[m], spec, (size_t)(dot - spec)) == 0))
            m++;
        const nqpf_table *t = NULL;
        for (size_t q = 0; q < outs[m].n; q++)
            if (!outs[m].tables[q].suffix)
                t = outs[m].tables[q].t;
        size_t col = t ? nqpf_table_find(t, dot + 1) : NQPF_NONE;
        if (!t || col == NQPF_NONE || nqpf_table_is_text(t, col) || nqpf_table_ncols(t) < 2 ||
            strcmp(nqpf_table_colname(t, 0), s->id) != 0 || strcmp(nqpf_table_colname(t, 1), s->time) != 0)
            return study__err(s, NQPF_EDATA, NULL, "use", "'%s': step '%s' has no numeric column '%s' keyed by %s and %s",
                              spec, s->step_names[m], dot + 1, s->id, s->time);
        const char *col_name = dot + 1;
        if ((rc = nqpf_panel_join(s->panel, t, s->id, s->time, &col_name, &spec, 1)))
            rc = study__err(s, rc, NULL, "use", "'%s': %s", spec, nqpf_error_message());
    }
    return rc;
}

/* A step's own "sample" {from, to, where} narrows the study's sample for that step only. */
static int check_step_sample(nqpf_study *s, const json_t *cfg, const char *path)
{
    const json_t *m = json_object_get(cfg, "sample");
    char sub[48];
    long from = LONG_MIN, to = LONG_MAX;
    const char *where = NULL;
    int rc;
    if (!m)
        return NQPF_OK;
    snprintf(sub, sizeof sub, "%s.sample", path);
    if ((rc = need_object(s, m, sub)) || (rc = check_keys(s, m, sub, sample_keys, NULL)) ||
        (rc = study__long(s, m, sub, "from", 0, &from)) || (rc = study__long(s, m, sub, "to", 0, &to)) ||
        (rc = study__str(s, m, sub, "where", 0, &where)))
        return rc;
    if (from > to)
        return study__err(s, NQPF_EUSAGE, sub, "from", "%ld is after %s.to %ld", from, sub, to);
    return where ? check_expr(s, where, sub, "where") : NQPF_OK;
}

/* Builds the running step's panel: a copy of the study's panel filtered by the step's sample. */
static int step_sample(nqpf_study *s, const json_t *cfg)
{
    const json_t *m = json_object_get(cfg, "sample");
    if (!m)
        return NQPF_OK;
    const nqpf_table *t = nqpf_panel_table(s->panel);
    size_t n = nqpf_table_nrows(t);
    size_t *rows = nqpf__malloc(n ? n : 1, sizeof *rows);
    if (!rows)
        return NQPF_EINTERNAL;
    for (size_t i = 0; i < n; i++)
        rows[i] = i;
    nqpf_table *c = nqpf_table_select_rows(t, rows, n);
    free(rows);
    if (!c)
        return NQPF_EINTERNAL;
    int rc = nqpf_panel_new(&s->step_panel, c, s->id, s->time);
    if (rc)
        return rc;
    const json_t *jf = json_object_get(m, "from"), *jt = json_object_get(m, "to");
    long from = jf ? (long)json_integer_value(jf) : LONG_MIN, to = jt ? (long)json_integer_value(jt) : LONG_MAX;
    if ((rc = nqpf_panel_filter(s->step_panel, json_string_value(json_object_get(m, "where")), from, to))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", nqpf_error_text());
        return nqpf_error_set(rc, "sample: %s", msg);
    }
    return NQPF_OK;
}

/* The keys a study step of a method-backed type takes: its method's options, less the ones only
 * the command line has (NULL-terminated; free the array). */
static int method_keys(const char *type, const char ***out)
{
    const nqpf_method *m = nqpf_method_find(type);
    size_t n = 0, k = 0;
    for (const nqpf_optdef *d = m ? m->opts : NULL; d && d->key; d++)
        n++;
    if (!(*out = nqpf__calloc(n + 1, sizeof **out)))
        return NQPF_EINTERNAL;
    for (const nqpf_optdef *d = m ? m->opts : NULL; d && d->key; d++)
        if (!(d->flags & NQPF_OPT_CLI_ONLY))
            (*out)[k++] = d->key;
    return NQPF_OK;
}

/* Keys every step has; the step's own options are the others. */
static int is_common_key(const char *key)
{
    for (size_t k = 0; step_common[k]; k++)
        if (strcmp(step_common[k], key) == 0)
            return 1;
    return 0;
}

/* One JSON value of option key into the set: text as is, numbers and booleans as they print,
 * arrays item by item, objects as NAME=VALUE items. */
static int json_to_opt(const nqpf_study *s, nqpf_optset *set, const char *path, const char *key, const json_t *v)
{
    char buf[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        return nqpf_optset_add(set, key, json_string_value(v));
    case JSON_INTEGER:
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return nqpf_optset_add(set, key, buf);
    case JSON_REAL:
        snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
        return nqpf_optset_add(set, key, buf);
    case JSON_TRUE:
    case JSON_FALSE:
        return nqpf_optset_add(set, key, json_is_true(v) ? "true" : "false");
    case JSON_ARRAY: {
        size_t i;
        const json_t *x;
        if (json_array_size(v) == 0)
            return study__err(s, NQPF_EUSAGE, path, key, "expected a non-empty list");
        json_array_foreach(v, i, x)
        {
            /* Items are text or numbers ("cuts": [0.9, 1.1]); numbers as they print. */
            char num[64];
            const char *item = json_string_value(x);
            if (json_is_integer(x)) {
                snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(x));
                item = num;
            } else if (json_is_real(x)) {
                snprintf(num, sizeof num, "%.17g", json_real_value(x));
                item = num;
            }
            if (!item) {
                char sub[160];
                snprintf(sub, sizeof sub, "%s[%zu]", key, i);
                return study__err(s, NQPF_EUSAGE, path, sub, "expected a string or a number, found %s", type_name(x));
            }
            int rc = nqpf_optset_add_item(set, key, item);
            if (rc)
                return rc;
        }
        return NQPF_OK;
    }
    case JSON_OBJECT: {
        const char *k2;
        const json_t *x;
        json_object_foreach((json_t *)v, k2, x)
        {
            nqpf__buf b = NQPF__BUF_INIT;
            if (json_is_string(x))
                nqpf__buf_printf(&b, "%s=%s", k2, json_string_value(x));
            else if (json_is_number(x))
                nqpf__buf_printf(&b, "%s=%.17g", k2, json_number_value(x));
            else {
                char sub[160];
                snprintf(sub, sizeof sub, "%s.%s", key, k2);
                return study__err(s, NQPF_EUSAGE, path, sub, "expected a string or a number, found %s", type_name(x));
            }
            int rc = b.failed ? NQPF_EINTERNAL : nqpf_optset_add_item(set, key, b.data);
            nqpf__buf_free(&b);
            if (rc)
                return rc;
        }
        return NQPF_OK;
    }
    default:
        return study__err(s, NQPF_EUSAGE, path, key, "expected a value, found null");
    }
}

int study__keyed(const nqpf_study *s, const char *path, int rc)
{
    const char *key = nqpf_error_key();
    if (rc == NQPF_OK || !key)
        return rc;
    char k[160], text[1024];
    snprintf(k, sizeof k, "%s", key);
    snprintf(text, sizeof text, "%s", nqpf_error_text());
    return study__err(s, rc, path, k, "%s", text);
}

int study__optset(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **out)
{
    const char *type = json_string_value(json_object_get(cfg, "type"));
    const nqpf_method *m = nqpf_method_find(type);
    nqpf_optset *set = NULL;
    const char *key;
    const json_t *v;
    *out = NULL;
    int rc = nqpf_optset_new(&set, m, NQPF_KEYS_STUDY);
    if (rc == NQPF_OK)
        rc = nqpf_optset_set_base_dir(set, s->dir[0] ? s->dir : NULL);
    json_object_foreach((json_t *)cfg, key, v)
    {
        if (rc)
            break;
        if (!is_common_key(key))
            rc = json_to_opt(s, set, path, key, v);
    }
    if (rc == NQPF_OK)
        rc = nqpf_optset_check(set);
    if (rc) {
        nqpf_optset_free(set);
        return study__keyed(s, path, rc);
    }
    *out = set;
    return NQPF_OK;
}

typedef struct colcheck {
    const nqpf_study *s;
    const char *path;
} colcheck;

static int check_one_column(void *ud, const char *key, const char *column)
{
    const colcheck *c = ud;
    return study__need_column(c->s, c->path, key, column);
}

int study__check_columns(const nqpf_study *s, const nqpf_optset *set, const char *path)
{
    colcheck c = {s, path};
    return nqpf_optset_check_columns(set, check_one_column, &c);
}

static int load_steps(nqpf_study *s)
{
    const json_t *st = json_object_get(s->root, "steps");
    int rc;
    if (!st)
        return study__err(s, NQPF_EUSAGE, NULL, "steps", "required key is missing (the list of analyses to run)");
    if (!json_is_array(st) || json_array_size(st) == 0)
        return study__err(s, NQPF_EUSAGE, NULL, "steps", "expected a non-empty list of steps, found %s", type_name(st));
    s->steps = st;
    s->nsteps = json_array_size(st);
    if (!(s->step_names = nqpf__calloc(s->nsteps, sizeof *s->step_names)) ||
        !(s->step_types = nqpf__calloc(s->nsteps, sizeof *s->step_types)))
        return NQPF_EINTERNAL;
    for (size_t k = 0; k < s->nsteps; k++) {
        char path[32];
        snprintf(path, sizeof path, "steps[%zu]", k);
        const json_t *cfg = json_array_get(st, k);
        const char *type = NULL, *name = NULL;
        if ((rc = need_object(s, cfg, path)) || (rc = study__str(s, cfg, path, "type", 1, &type)))
            return rc;
        const study_step_type *t = NULL;
        for (size_t m = 0; nqpf__study_steps[m]; m++)
            if (strcmp(nqpf__study_steps[m]->type, type) == 0)
                t = nqpf__study_steps[m];
        if (!t) {
            nqpf__buf b = NQPF__BUF_INIT;
            for (size_t m = 0; nqpf__study_steps[m]; m++)
                nqpf__buf_printf(&b, "%s%s", m ? ", " : "", nqpf__study_steps[m]->type);
            rc = study__err(s, NQPF_EUSAGE, path, "type", "unknown step type '%s' (known: %s)", type, nqpf__buf_cstr(&b));
            nqpf__buf_free(&b);
            return rc;
        }
        const char **mkeys = NULL;
        if (!t->keys && (rc = method_keys(type, &mkeys)))
            return rc;
        rc = check_keys(s, cfg, path, step_common, t->keys ? t->keys : mkeys);
        free(mkeys);
        if (rc || (rc = study__str(s, cfg, path, "name", 0, &name)) || (rc = check_title(s, cfg, path)))
            return rc;
        if (!name)
            name = type;
        if (!valid_name(name))
            return study__err(s, NQPF_EUSAGE, path, "name",
                              "'%s': use 1 to %d letters, digits, '_' or '-' (it names the output files)", name,
                              STUDY_MAX_NAME);
        for (size_t m = 0; m < k; m++)
            if (strcmp(s->step_names[m], name) == 0)
                return study__err(s, NQPF_EUSAGE, path, "name",
                                  "'%s' is already the name of steps[%zu]; give each step its own \"name\"", name, m);
        if (!(s->step_names[k] = nqpf__strdup(name)))
            return NQPF_EINTERNAL;
        s->step_types[k] = t;
        if ((rc = check_use(s, cfg, path, k)))
            return rc;
        if ((rc = check_step_sample(s, cfg, path)) || (rc = t->validate(s, cfg, path)))
            return rc;
    }
    return NQPF_OK;
}

/* The top-level "labels": {"COLUMN": "text" | {"zh": "...", "en": "..."}}. A key is a data, let or
 * group column, or STEP.COLUMN for a step's output (STEP must name a step; its columns are only
 * known after the run). A key that names neither gets a warning; a wrong type is a usage error
 * naming labels.KEY. */
static int load_labels(nqpf_study *s)
{
    json_t *l = json_object_get(s->root, "labels");
    if (!l)
        return NQPF_OK;
    if (!json_is_object(l))
        return study__err(s, NQPF_EUSAGE, NULL, "labels",
                          "expected an object from column name to a label (\"text\" or {\"zh\": ..., \"en\": ...})");
    const char *key;
    json_t *v;
    json_object_foreach(l, key, v) {
        if (json_is_object(v)) {
            const char *lk;
            json_t *lv;
            if (json_object_size(v) == 0)
                return study__err(s, NQPF_EUSAGE, "labels", key, "expected {\"zh\": \"...\", \"en\": \"...\"}, found {}");
            json_object_foreach(v, lk, lv) {
                if (strcmp(lk, "zh") != 0 && strcmp(lk, "en") != 0)
                    return study__err(s, NQPF_EUSAGE, "labels", key, "unknown language '%s'; use \"zh\" or \"en\"", lk);
                if (!json_is_string(lv))
                    return study__err(s, NQPF_EUSAGE, "labels", key, "expected \"%s\" to be a string", lk);
            }
        } else if (!json_is_string(v)) {
            return study__err(s, NQPF_EUSAGE, "labels", key,
                              "expected a string or {\"zh\": \"...\", \"en\": \"...\"}");
        }
        const char *dot = strchr(key, '.');
        int known = has_col(s, key);
        for (size_t k = 0; !known && dot && k < s->nsteps; k++)
            known = strlen(s->step_names[k]) == (size_t)(dot - key) && strncmp(s->step_names[k], key, (size_t)(dot - key)) == 0;
        if (!known)
            nqpf_warn("%s: labels.%s: no data, let or group column, and no step output, is named '%s'; the label is not used",
                      s->path, key, key);
    }
    return NQPF_OK;
}

/* ---- output names ------------------------------------------------------------------------ */

/* The tables a step type hands back besides its main one: its own declaration (study_step_type's
 * tables, next to the code that adds them), so two steps claiming one file are refused before
 * anything runs. Should a type write a table it does not declare, the run still stops at the second
 * writer of a file (out_note), before the output folder is touched. */
static const char *const *type_suffixes(const study_step_type *t)
{
    static const char *const none[] = {NULL};
    return t->tables ? t->tables : none;
}

/* One file a step may write: NAME.csv and the sheet NAME (cut to 31 characters) of results.xlsx. */
typedef struct out_name {
    char name[STUDY_MAX_NAME + 32];
    size_t step;
    const char *sfx; /* NULL: the main table */
} out_name;

static int sheet_equal(const char *a, const char *b)
{
    for (size_t k = 0; k < 31; k++) {
        int ca = (unsigned char)a[k], cb = (unsigned char)b[k];
        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb)
            return 0;
        if (!ca)
            return 1;
    }
    return 1;
}

/* No two steps may claim one output file, nor one sheet of results.xlsx (Excel compares sheet names
 * without case, after they are cut to 31 characters): checked when the study is loaded, so that a
 * clash costs no computation. The study's other files (results.xlsx, report.html, report.pdf) end in
 * other extensions than .csv and cannot clash. */
static int check_output_names(const nqpf_study *s)
{
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < s->nsteps; k++) {
        cap++;
        for (const char *const *x = type_suffixes(s->step_types[k]); *x; x++)
            cap++;
    }
    out_name *o = nqpf__calloc(cap ? cap : 1, sizeof *o);
    if (!o)
        return NQPF_EINTERNAL;
    for (size_t k = 0; k < s->nsteps; k++) {
        const char *const *x = type_suffixes(s->step_types[k]);
        for (int m = -1; m < 0 || x[m]; m++) {
            snprintf(o[n].name, sizeof o[n].name, "%s%s%s", s->step_names[k], m < 0 ? "" : "_", m < 0 ? "" : x[m]);
            o[n].step = k;
            o[n++].sfx = m < 0 ? NULL : x[m];
        }
    }
    int rc = NQPF_OK;
    for (size_t j = 1; j < n && !rc; j++)
        for (size_t i = 0; i < j && !rc; i++) {
            if (o[i].step == o[j].step)
                continue;
            int file = strcmp(o[i].name, o[j].name) == 0;
            if (!file && !sheet_equal(o[i].name, o[j].name))
                continue;
            /* Name the later step, whose "name" is the one to change. */
            const out_name *a = &o[i], *b = &o[j];
            char path[32], what[96];
            snprintf(path, sizeof path, "steps[%zu]", b->step);
            if (a->sfx)
                snprintf(what, sizeof what, "its table '%s', when it makes one", a->sfx);
            else
                snprintf(what, sizeof what, "its main table");
            if (file)
                rc = study__err(s, NQPF_EUSAGE, path, "name",
                                "'%s' gives the file %s.csv, which steps[%zu] (\"%s\", %s) also writes (%s); "
                                "two steps cannot share an output file: give this step another \"name\"",
                                s->step_names[b->step], b->name, a->step, s->step_names[a->step],
                                s->step_types[a->step]->type, what);
            else
                rc = study__err(s, NQPF_EUSAGE, path, "name",
                                "'%s' gives the sheet '%.31s' of results.xlsx, which steps[%zu] (\"%s\", %s) also "
                                "gets as '%.31s' (%s; Excel cuts sheet names to 31 characters and ignores case): "
                                "give this step another \"name\"",
                                s->step_names[b->step], b->name, a->step, s->step_names[a->step],
                                s->step_types[a->step]->type, a->name, what);
        }
    free(o);
    return rc;
}

int nqpf_study_options_init(nqpf_study_options *o, unsigned version)
{
    static const nqpf_study_options defaults = NQPF_STUDY_OPTIONS_INIT;
    return nqpf__options_init(o, &defaults, sizeof defaults, version, NQPF_STUDY_OPTIONS_VERSION,
                              "nqpf_study_options_init");
}

int nqpf_study_load(nqpf_study **out, const char *path, const nqpf_study_options *o)
{
    nqpf_study_options defaults = NQPF_STUDY_OPTIONS_INIT;
    int rc = NQPF_OK;
    *out = NULL;
    nqpf_study *s = nqpf__calloc(1, sizeof *s);
    if (!s)
        return NQPF_EINTERNAL;
    s->opts = o ? *o : defaults;
    s->lockfd = -1;
    if (!(s->path = nqpf__strdup(path))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    const char *slash = strrchr(path, '/');
    if (!(s->dir = slash ? nqpf__strndup(path, (size_t)(slash - path) + (slash == path)) : nqpf__strdup(""))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    json_error_t je;
    if (!(s->root = json_load_file(path, JSON_REJECT_DUPLICATES, &je))) {
        if (access(path, R_OK) != 0)
            rc = nqpf_error_set(NQPF_EDATA, "%s: cannot read the study file: %s", path, strerror(errno));
        else
            rc = nqpf_error_set(NQPF_EUSAGE, "%s: line %d, column %d: %s", path, je.line, je.column, je.text);
        goto done;
    }
    if ((rc = need_object(s, s->root, "")) || (rc = check_keys(s, s->root, "", root_keys, NULL)))
        goto done;
    const char *outrel = "out", *lang = NULL, *title = NULL, *desc = NULL;
    int langi;
    const json_t *tv = json_object_get(s->root, "title");
    if ((rc = check_title(s, s->root, NULL)))
        goto done;
    if (json_is_string(tv))
        title = json_string_value(tv);
    if ((rc = study__str(s, s->root, NULL, "description", 0, &desc)) || (rc = study__str(s, s->root, NULL, "out", 0, &outrel)) ||
        (rc = study__choice(s, s->root, NULL, "lang", lang_choices, 0, &langi)))
        goto done;
    (void)title;
    lang = s->opts.lang ? s->opts.lang : lang_choices[langi];
    if (strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0) {
        rc = nqpf_opt_error(NQPF_EUSAGE, "lang", "expected en or zh, found '%s'", lang);
        goto done;
    }
    memcpy(s->lang, lang, 3);
    if (!(s->outdir = s->opts.outdir ? nqpf__strdup(s->opts.outdir) : study__resolve(s, outrel))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = load_data(s)) || (rc = load_lets(s)) || (rc = load_groups(s)) || (rc = load_sample(s)) ||
        (rc = load_map(s)) || (rc = load_steps(s)) || (rc = load_labels(s)) ||
        (rc = check_output_names(s)))
        goto done;
done:
    if (rc) {
        nqpf_study_free(s);
        return rc;
    }
    *out = s;
    return NQPF_OK;
}

/* ---- running ---------------------------------------------------------------------------- */

/* Adds the group column to the panel from the inline lists or the mapping file(s). Units without a
 * group get a missing value. */
static int build_groups(nqpf_study *s)
{
    if (!s->group_col || s->group_from_data)
        return NQPF_OK;
    return nqpf_panel_add_groups(s->panel, s->group_map, s->group_col);
}

static int mkdir_p(const char *dir)
{
    char *d = nqpf__strdup(dir);
    if (!d)
        return NQPF_EINTERNAL;
    for (char *c = d + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = 0;
        if (mkdir(d, 0777) != 0 && errno != EEXIST) {
            int rc = nqpf_error_set(NQPF_EIO, "cannot create the folder '%s': %s", d, strerror(errno));
            free(d);
            return rc;
        }
        *c = '/';
    }
    int rc = NQPF_OK;
    if (mkdir(d, 0777) != 0 && errno != EEXIST)
        rc = nqpf_error_set(NQPF_EIO, "cannot create the output folder '%s': %s", d, strerror(errno));
    free(d);
    return rc;
}

static int note_file(nqpf_study *s, const char *path)
{
    char **f = nqpf__realloc(s->files, s->nfiles + 1, sizeof *f);
    if (!f)
        return NQPF_EINTERNAL;
    s->files = f;
    if (!(f[s->nfiles] = nqpf__strdup(path)))
        return NQPF_EINTERNAL;
    s->nfiles++;
    return NQPF_OK;
}

/* Records file NAME of the run under its final path, OUTDIR/NAME. */
static int note_name(nqpf_study *s, const char *name)
{
    nqpf__buf b = NQPF__BUF_INIT;
    nqpf__buf_printf(&b, "%s/%s", s->outdir, name);
    int rc = b.failed ? NQPF_EINTERNAL : note_file(s, b.data);
    nqpf__buf_free(&b);
    return rc;
}

/* ---- the output folder: checked before the work, written aside, swapped in whole ----------
 *
 * A run never writes into the output folder PARENT/BASE itself. Before anything is computed,
 * out_begin() checks the folder (a folder or absent; nothing in it that a run did not write; no
 * protected input, link or device where a file of the run goes), removes what killed runs left
 * beside it, and makes the work folder W = PARENT/.BASE.tmp.XXXXXX (mkdtemp: same file system, so
 * rename is atomic) holding the marker W/.nqpf-run, locked with flock for as long as the run lives,
 * and W/new, where every file of the run is written. When every file is written, out_commit():
 *   1. writes W/new/.nqpf-manifest (the names of the run's files: a later run replaces only a folder
 *      that holds nothing else);
 *   2. rename(PARENT/BASE, W/old)        when an output folder exists;
 *   3. rename(W/new, PARENT/BASE)        (on failure W/old is renamed back);
 *   4. removes W/old, then the marker, then W.
 * A failed run removes W (out_abort); the previous folder was never touched. A killed run leaves W
 * with an unlocked marker: the next run beside it removes it (out_sweep), after putting W/old back
 * when the kill came between 2 and 3 (the folder was then absent). docs/reliability.md lists what
 * each point of a crash leaves. */

#define RUN_MARKER ".nqpf-run"
#define RUN_MANIFEST ".nqpf-manifest"
#define RUN_TMP ".tmp."

/* Removes a folder tree without following links (depth-bounded: our folders are flat). */
static void remove_tree(const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode) || depth > 8) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        nqpf__buf b = NQPF__BUF_INIT;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            b.len = 0;
            nqpf__buf_printf(&b, "%s/%s", path, e->d_name);
            if (!b.failed)
                remove_tree(b.data, depth + 1);
        }
        nqpf__buf_free(&b);
        closedir(d);
    }
    rmdir(path);
}

/* Removes a work folder: the old results first, the new ones, then the marker, then the folder, so
 * that a removal cut short still leaves a marked (or empty) folder for the next run to remove. */
static void remove_work(const char *w)
{
    nqpf__buf b = NQPF__BUF_INIT;
    static const char *const parts[] = {"old", "new", RUN_MARKER};
    for (size_t k = 0; k < 3; k++) {
        b.len = 0;
        nqpf__buf_printf(&b, "%s/%s", w, parts[k]);
        if (!b.failed)
            remove_tree(b.data, 0);
    }
    nqpf__buf_free(&b);
    remove_tree(w, 0);
}

/* NAME is exactly .BASE.tmp.XXXXXX, XXXXXX being six of mkdtemp's letters and digits. */
static int is_work_name(const char *name, const char *base)
{
    size_t nb = strlen(base), nt = strlen(RUN_TMP);
    if (name[0] != '.' || strncmp(name + 1, base, nb) != 0 || strncmp(name + 1 + nb, RUN_TMP, nt) != 0)
        return 0;
    const char *x = name + 1 + nb + nt;
    for (size_t k = 0; k < 6; k++)
        if (!((x[k] >= 'a' && x[k] <= 'z') || (x[k] >= 'A' && x[k] <= 'Z') || (x[k] >= '0' && x[k] <= '9')))
            return 0;
    return x[6] == 0;
}

static int ts_before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Removes the work folders of killed runs beside the output folder: a folder named exactly like
 * ours, owned by this user, whose marker is older than this run and not locked (its run is dead:
 * flock locks die with their process), or an empty one older than a minute (a run killed between
 * mkdtemp and its marker, or during the removal). When the output folder is absent and such a folder
 * holds old/ (a kill between steps 2 and 3 of the swap), old/ is put back first. */
static void out_sweep(const nqpf_study *s, const char *parent, const char *base, const struct timespec *t0)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    struct dirent *e;
    nqpf__buf w = NQPF__BUF_INIT, b = NQPF__BUF_INIT;
    while ((e = readdir(d))) {
        struct stat st, ms;
        if (!is_work_name(e->d_name, base))
            continue;
        w.len = 0;
        nqpf__buf_printf(&w, "%s/%s", parent, e->d_name);
        if (w.failed || lstat(w.data, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        b.len = 0;
        nqpf__buf_printf(&b, "%s/%s", w.data, RUN_MARKER);
        if (b.failed)
            continue;
        int fd = open(b.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        int stale = 0;
        if (fd >= 0) {
            stale = fstat(fd, &ms) == 0 && S_ISREG(ms.st_mode) && ts_before(&ms.st_mtim, t0) &&
                    flock(fd, LOCK_EX | LOCK_NB) == 0;
        } else if (errno == ENOENT && st.st_mtim.tv_sec + 60 < t0->tv_sec) {
            stale = rmdir(w.data) == 0; /* only when empty */
        }
        if (fd >= 0 && stale) {
            struct stat os;
            b.len = 0;
            nqpf__buf_printf(&b, "%s/old", w.data);
            if (!b.failed && lstat(s->outreal, &os) != 0 && errno == ENOENT && lstat(b.data, &os) == 0 &&
                S_ISDIR(os.st_mode))
                rename(b.data, s->outreal);
            remove_work(w.data);
        }
        if (fd >= 0)
            close(fd);
    }
    nqpf__buf_free(&w);
    nqpf__buf_free(&b);
    closedir(d);
}

/* Whether NAME is a file this study writes: STEP[_SUFFIX].csv, results.xlsx, report.html or
 * report.pdf. */
static int is_planned(const nqpf_study *s, const char *name)
{
    if (strcmp(name, "results.xlsx") == 0 || strcmp(name, "report.html") == 0 || strcmp(name, "report.pdf") == 0)
        return 1;
    size_t n = strlen(name);
    if (n < 5 || strcmp(name + n - 4, ".csv") != 0)
        return 0;
    for (size_t k = 0; k < s->nsteps; k++) {
        size_t m = strlen(s->step_names[k]);
        if (strncmp(name, s->step_names[k], m) != 0)
            continue;
        if (m == n - 4)
            return 1;
        if (name[m] != '_')
            continue;
        for (const char *const *x = type_suffixes(s->step_types[k]); *x; x++)
            if (strlen(*x) == n - 4 - m - 1 && strncmp(name + m + 1, *x, n - 4 - m - 1) == 0)
                return 1;
    }
    return 0;
}

/* The names in an output folder's manifest (one a line), as one malloc'd text with NUL-separated
 * lines; NULL when there is none. */
static char *read_manifest(const char *dir, size_t *len)
{
    nqpf__buf p = NQPF__BUF_INIT;
    nqpf__buf_printf(&p, "%s/%s", dir, RUN_MANIFEST);
    FILE *f = p.failed ? NULL : fopen(p.data, "rb");
    nqpf__buf_free(&p);
    if (!f)
        return NULL;
    nqpf__buf t = NQPF__BUF_INIT;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && t.len < (1u << 20))
        nqpf__buf_append(&t, chunk, got);
    fclose(f);
    if (t.failed) {
        nqpf__buf_free(&t);
        return NULL;
    }
    for (size_t k = 0; k < t.len; k++)
        if (t.data[k] == '\n')
            t.data[k] = 0;
    *len = t.len;
    return t.data;
}

static int in_manifest(const char *m, size_t len, const char *name)
{
    for (size_t k = 0; m && k < len; k += strlen(m + k) + 1)
        if (strcmp(m + k, name) == 0)
            return 1;
    return 0;
}

/* The output folder, resolved: an existing one (or a link to one) through realpath; a new one as
 * its parent's real path (created when missing) and its own name. */
static int out_resolve(nqpf_study *s, char **parent, char **base)
{
    char *real = realpath(s->outdir, NULL);
    int rc = NQPF_OK;
    if (!real) {
        if (errno != ENOENT)
            return nqpf_error_set(NQPF_EIO, "%s: cannot use the output folder: %s", s->outdir, strerror(errno));
        char *d = nqpf__strdup(s->outdir);
        if (!d)
            return NQPF_EINTERNAL;
        size_t n = strlen(d);
        while (n > 1 && d[n - 1] == '/')
            d[--n] = 0;
        char *slash = strrchr(d, '/');
        const char *pd = slash ? (slash == d ? "/" : d) : ".";
        const char *bn = slash ? slash + 1 : d;
        if (slash && slash != d)
            *slash = 0;
        if (strcmp(pd, "/") != 0 && strcmp(pd, ".") != 0 && (rc = mkdir_p(pd))) {
            free(d);
            return rc;
        }
        char *rp = realpath(pd, NULL);
        if (!rp) {
            rc = nqpf_error_set(NQPF_EIO, "%s: cannot use the output folder: %s: %s", s->outdir, pd, strerror(errno));
            free(d);
            return rc;
        }
        nqpf__buf b = NQPF__BUF_INIT;
        nqpf__buf_printf(&b, "%s%s%s", rp, strcmp(rp, "/") == 0 ? "" : "/", bn);
        free(rp);
        free(d);
        if (b.failed)
            return NQPF_EINTERNAL;
        real = b.data;
    }
    char *slash = strrchr(real, '/');
    if (!slash || slash[1] == 0) {
        rc = nqpf_error_set(NQPF_EIO, "%s: expected an output folder inside another folder, found the root folder "
                                      "(name a folder for the results)", s->outdir);
        free(real);
        return rc;
    }
    s->outreal = real;
    *parent = slash == real ? nqpf__strdup("/") : nqpf__strndup(real, (size_t)(slash - real));
    *base = nqpf__strdup(slash + 1);
    return *parent && *base ? NQPF_OK : NQPF_EINTERNAL;
}

/* Checks what is in an existing output folder: a run replaces it whole, so it may hold only the
 * files of a run (its manifest's, or named like this study's files), and none of those may be a
 * protected input, a link or a device (nqpf_output_check). */
static int out_check_old(const nqpf_study *s)
{
    size_t mlen = 0;
    char *man = read_manifest(s->outreal, &mlen);
    DIR *d = opendir(s->outreal);
    int rc = NQPF_OK;
    if (!d) {
        free(man);
        return nqpf_error_set(NQPF_EIO, "%s: cannot read the output folder: %s", s->outdir, strerror(errno));
    }
    struct dirent *e;
    nqpf__buf b = NQPF__BUF_INIT;
    while (!rc && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        b.len = 0;
        nqpf__buf_printf(&b, "%s/%s", s->outdir, e->d_name);
        if (b.failed) {
            rc = NQPF_EINTERNAL;
            break;
        }
        if (strcmp(e->d_name, RUN_MANIFEST) == 0) {
            struct stat st;
            if (lstat(b.data, &st) != 0 || !S_ISREG(st.st_mode))
                rc = nqpf_error_set(NQPF_EIO, "%s: expected the list of a run's files, found something else; "
                                              "a run replaces the whole folder (remove it, or choose another output folder)",
                                    b.data);
            continue;
        }
        if (is_planned(s, e->d_name) || in_manifest(man, mlen, e->d_name)) {
            rc = nqpf_output_check(b.data);
            continue;
        }
        rc = nqpf_error_set(NQPF_EIO,
                            "%s: the output folder holds '%s', which no run of this study wrote; a run replaces the "
                            "whole folder, so it would be lost: expected a new or empty folder, or one written by "
                            "nqpf run (move the file away, or choose another output folder)",
                            s->outdir, e->d_name);
    }
    nqpf__buf_free(&b);
    closedir(d);
    free(man);
    return rc;
}

/* Before anything is computed: resolves and checks the output folder, removes what killed runs left
 * beside it, and makes the work folder with its locked marker. */
static int out_begin(nqpf_study *s)
{
    char *parent = NULL, *base = NULL;
    struct timespec t0;
    struct stat st;
    nqpf__buf b = NQPF__BUF_INIT;
    int rc = out_resolve(s, &parent, &base);
    clock_gettime(CLOCK_REALTIME, &t0);
    if (rc)
        goto done;
    out_sweep(s, parent, base, &t0);
    if (lstat(s->outreal, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            rc = nqpf_error_set(NQPF_EIO, "%s: expected a folder for the study's results, found a file (name a folder)",
                                s->outdir);
            goto done;
        }
        if (access(s->outreal, W_OK | X_OK) != 0) {
            rc = nqpf_error_set(NQPF_EIO, "%s: cannot write in the output folder: %s (check its permissions)", s->outdir,
                                strerror(errno));
            goto done;
        }
        s->out_existed = 1;
        s->out_mode = (long)(st.st_mode & 07777);
        if ((rc = out_check_old(s)))
            goto done;
    } else if (errno != ENOENT) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot use the output folder: %s", s->outdir, strerror(errno));
        goto done;
    }
    nqpf__buf_printf(&b, "%s/.%s" RUN_TMP "XXXXXX", parent, base);
    if (b.failed) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (!mkdtemp(b.data)) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot create a folder beside the output folder, in %s: %s (the results "
                                      "are written there first; check that folder's permissions)",
                            s->outdir, parent, strerror(errno));
        goto done;
    }
    s->workroot = b.data;
    b = (nqpf__buf)NQPF__BUF_INIT;
    nqpf__buf_printf(&b, "%s/" RUN_MARKER, s->workroot);
    if (b.failed) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    s->lockfd = open(b.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (s->lockfd < 0 || flock(s->lockfd, LOCK_EX) != 0) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot create a file: %s", b.data, strerror(errno));
        goto done;
    }
    {
        char note[256];
        int n = snprintf(note, sizeof note, "nqpf run work folder (process %ld); removed when the run ends\n",
                         (long)getpid());
        if (n > 0 && write(s->lockfd, note, (size_t)n) < 0)
            (void)0; /* the note is for people; the lock is what matters */
    }
    b.len = 0;
    nqpf__buf_printf(&b, "%s/new", s->workroot);
    if (b.failed) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (mkdir(b.data, 0777) != 0) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot create a folder: %s", b.data, strerror(errno));
        goto done;
    }
    if (s->out_existed)
        chmod(b.data, (mode_t)s->out_mode);
    s->workdir = b.data;
    b = (nqpf__buf)NQPF__BUF_INIT;
done:
    nqpf__buf_free(&b);
    free(parent);
    free(base);
    return rc;
}

/* Messages name files as the user will find them: the work folder's path becomes the output
 * folder's in the current error message (a write error, a PDF printer's message). */
static void out_fix_message(const nqpf_study *s, int rc)
{
    const char *m = nqpf_error_message();
    if (!rc || !s->workdir || !m || !strstr(m, s->workdir))
        return;
    nqpf__buf b = NQPF__BUF_INIT;
    size_t nw = strlen(s->workdir);
    for (const char *p = m, *q; *p; p = q + nw) {
        if (!(q = strstr(p, s->workdir))) {
            nqpf__buf_printf(&b, "%s", p);
            break;
        }
        nqpf__buf_printf(&b, "%.*s%s", (int)(q - p), p, s->outdir);
    }
    if (!b.failed)
        nqpf_error_set(rc, "%s", b.data);
    nqpf__buf_free(&b);
}

/* A failed run: its work folder goes, the output folder was never touched, no file is kept. */
static void out_abort(nqpf_study *s)
{
    if (s->workroot)
        remove_work(s->workroot);
    if (s->lockfd >= 0)
        close(s->lockfd);
    s->lockfd = -1;
    free(s->workroot);
    free(s->workdir);
    s->workroot = s->workdir = NULL;
    for (size_t k = 0; k < s->nfiles; k++)
        free(s->files[k]);
    s->nfiles = 0;
}

/* The path of file NAME in the work folder (into *b), checking that no other step wrote it in this
 * run (the load-time check knows the step types' tables; this catches any other). */
static int out_path(const nqpf_study *s, nqpf__buf *b, const char *name)
{
    for (size_t k = 0; k < s->nfiles; k++)
        if (strcmp(nqpf__basename(s->files[k]), name) == 0)
            return nqpf_error_set(NQPF_EUSAGE, "%s: two steps write the file %s; give one of them another \"name\"",
                                  s->path, name);
    b->len = 0;
    nqpf__buf_printf(b, "%s/%s", s->workdir, name);
    return b->failed ? NQPF_EINTERNAL : NQPF_OK;
}

/* Every file is written: keeps the modes of the files it replaces, writes the manifest, swaps. */
static int out_commit(nqpf_study *s)
{
    nqpf__buf m = NQPF__BUF_INIT, a = NQPF__BUF_INIT, c = NQPF__BUF_INIT;
    int rc = NQPF_OK;
    nqpf__buf_printf(&m, "%s\n", RUN_MANIFEST);
    for (size_t k = 0; k < s->nfiles; k++) {
        const char *name = nqpf__basename(s->files[k]);
        struct stat st;
        nqpf__buf_printf(&m, "%s\n", name);
        a.len = c.len = 0;
        nqpf__buf_printf(&a, "%s/%s", s->outreal, name);
        nqpf__buf_printf(&c, "%s/%s", s->workdir, name);
        if (!a.failed && !c.failed && s->out_existed && lstat(a.data, &st) == 0 && S_ISREG(st.st_mode))
            chmod(c.data, st.st_mode & 07777);
    }
    c.len = 0;
    nqpf__buf_printf(&c, "%s/%s", s->workdir, RUN_MANIFEST);
    a.len = 0;
    nqpf__buf_printf(&a, "%s/old", s->workroot);
    if (m.failed || a.failed || c.failed) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = nqpf_write_file_atomic(c.data, m.data, m.len)))
        goto done;
    if (s->out_existed && rename(s->outreal, a.data) != 0) {
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot move the previous results aside: %s (they are unchanged)", s->outdir,
                            strerror(errno));
        goto done;
    }
    if (rename(s->workdir, s->outreal) != 0) {
        int e = errno;
        if (s->out_existed)
            rename(a.data, s->outreal);
        rc = nqpf_error_set(NQPF_EIO, "%s: cannot put the new results in place: %s (the previous results are unchanged)",
                            s->outdir, strerror(e));
        goto done;
    }
    remove_work(s->workroot);
    close(s->lockfd);
    s->lockfd = -1;
    free(s->workroot);
    free(s->workdir);
    s->workroot = s->workdir = NULL;
done:
    nqpf__buf_free(&m);
    nqpf__buf_free(&a);
    nqpf__buf_free(&c);
    return rc;
}

/* Report numbers carry 6 significant digits: enough for a chart or a ranking, and it keeps the
 * embedded data small. The CSV and XLSX files keep full precision. */
static json_t *num_json(double x)
{
    if (isnan(x) || isinf(x))
        return json_null();
    char b[32];
    snprintf(b, sizeof b, "%.6g", x);
    return json_real(strtod(b, NULL));
}

static json_t *table_json(const nqpf_table *t)
{
    json_t *o = json_object(), *cols = json_array(), *data = json_array();
    size_t n = nqpf_table_nrows(t);
    if (!o || !cols || !data)
        goto fail;
    for (size_t j = 0; j < nqpf_table_ncols(t); j++) {
        json_t *c = json_array();
        if (!c || json_array_append_new(cols, json_string(nqpf_table_colname(t, j))) || json_array_append_new(data, c))
            goto fail;
        const double *v = nqpf_table_cnum(t, j);
        for (size_t i = 0; i < n; i++) {
            json_t *e;
            if (v)
                e = num_json(v[i]);
            else {
                const char *x = nqpf_table_text(t, j, i);
                e = x ? json_string(x) : json_null();
            }
            if (json_array_append_new(c, e))
                goto fail;
        }
    }
    json_object_set_new(o, "columns", cols);
    json_object_set_new(o, "data", data);
    return o;
fail:
    json_decref(o);
    json_decref(cols);
    json_decref(data);
    return NULL;
}

/* The bundled China map names its provinces by their short names (北京, 内蒙古: the gazetteer's
 * short names of the 34 provincial units). For map.geo "china", each unit's map name becomes the
 * short name of the province it names (北京市, Beijing and 110000 give 北京); the labels shown stay
 * the user's. Names that name no province are kept, with one warning listing them. */
static void china_map_names(const nqpf_study *s, json_t *mapn)
{
    const json_t *map = json_object_get(s->root, "map");
    const char *geo = json_string_value(json_object_get(map, "geo"));
    if (!geo || strcmp(geo, "china") != 0)
        return;
    size_t n = json_array_size(mapn), np = 0;
    const char **names = nqpf__malloc(n ? n : 1, sizeof *names), *prov[64];
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        names[i] = json_string_value(json_array_get(mapn, i));
    for (size_t i = 0; i < nqpf_gazetteer_count() && np < 64; i++)
        if (nqpf_gazetteer_at(i)->level == NQPF_GAZ_PROVINCE)
            prov[np++] = nqpf_gazetteer_at(i)->short_name;
    nqpf_region_match_result r;
    if (nqpf_region_match(&r, names, n, prov, np, "the China map (map.geo china)") == NQPF_OK) {
        for (size_t i = 0; i < n; i++)
            if (r.target[i] != (size_t)-1)
                json_array_set_new(mapn, i, json_string(prov[r.target[i]]));
        if (r.message)
            nqpf_warn("%s: %s", s->path, r.message);
        nqpf_region_match_free(&r);
    }
    free(names);
}

/* For a Jiangsu or GeoJSON map, each unit's map name becomes the feature key it matches (exact
 * text first, then the gazetteer: 苏州 finds 苏州市); one warning lists the units no feature matches. */
static void feature_map_names(const nqpf_study *s, json_t *mapn)
{
    if (!s->map_keys)
        return;
    size_t n = json_array_size(mapn);
    const char **names = nqpf__malloc(n ? n : 1, sizeof *names);
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        names[i] = json_string_value(json_array_get(mapn, i));
    nqpf_region_match_result r;
    char what[96];
    snprintf(what, sizeof what, "the map (map.%s)", strcmp(s->map_name, "geojson") == 0 ? "geojson" : "geo");
    if (nqpf_region_match(&r, names, n, (const char *const *)s->map_keys, s->nmap_keys, what) == NQPF_OK) {
        for (size_t i = 0; i < n; i++)
            if (r.target[i] != (size_t)-1)
                json_array_set_new(mapn, i, json_string(s->map_keys[r.target[i]]));
        if (r.message)
            nqpf_warn("%s: %s", s->path, r.message);
        nqpf_region_match_free(&r);
    }
    free(names);
}

static json_t *units_json(const nqpf_study *s)
{
    const nqpf_panel *p = s->panel;
    const nqpf_table *t = nqpf_panel_table(p);
    size_t nu = nqpf_panel_nunits(p);
    size_t jl = s->label_col ? nqpf_table_find(t, s->label_col) : NQPF_NONE;
    size_t jg = s->group_col ? nqpf_table_find(t, s->group_col) : NQPF_NONE;
    const json_t *map = json_object_get(s->root, "map");
    const char *mapcol = json_string_value(json_object_get(map, "column"));
    size_t jm = mapcol ? nqpf_table_find(t, mapcol) : NQPF_NONE;
    json_t *ids = json_array(), *labels = json_array(), *groups = json_array(), *mapn = json_array();
    json_t *o = json_object();
    char buf[NQPF_CELL_TEXT_SIZE], gbuf[NQPF_CELL_TEXT_SIZE];
    for (size_t u = 0; u < nu; u++) {
        size_t b = nqpf_panel_unit_begin(p, u), e = nqpf_panel_unit_end(p, u);
        const char *lab = NULL, *grp = NULL, *mn = NULL;
        for (size_t i = b; i < e; i++) {
            if (!lab && jl != NQPF_NONE && nqpf_table_is_text(t, jl))
                lab = nqpf_table_text(t, jl, i);
            /* Groups as key text, the form the disparity step labels them with (numeric 1 -> "1"). */
            if (!grp && jg != NQPF_NONE)
                grp = nqpf_cell_text(t, jg, i, gbuf, sizeof gbuf);
            if (!mn && jm != NQPF_NONE)
                mn = nqpf_cell_text(t, jm, i, buf, sizeof buf);
        }
        json_array_append_new(ids, json_string(nqpf_panel_unit_name(p, u)));
        json_array_append_new(labels, lab ? json_string(lab) : json_null());
        json_array_append_new(groups, grp ? json_string(grp) : json_null());
        json_array_append_new(mapn, json_string(mn ? mn : nqpf_panel_unit_name(p, u)));
    }
    china_map_names(s, mapn);
    feature_map_names(s, mapn);
    json_object_set_new(o, "ids", ids);
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "groups", groups);
    json_object_set_new(o, "map_names", mapn);
    return o;
}

/* Sets labels[key] = {"zh": zh, "en": en}. */
static void set_label(json_t *labels, const char *key, const char *zh, const char *en)
{
    json_t *o = json_object();
    json_object_set_new(o, "zh", json_string(zh && *zh ? zh : en));
    json_object_set_new(o, "en", json_string(en && *en ? en : zh));
    json_object_set_new(labels, key, o);
}

/* The report's labels: defaults for the columns the steps derive (index score and dimensions,
 * TFP, Malmquist indices), then the study's "labels" (which win). */
static json_t *labels_json(const nqpf_study *s, const study_step_out *outs)
{
    json_t *labels = json_object();
    char key[256];
    static const char *const malm[][3] = {{"tfpch", "全要素生产率变化指数", "TFP change (Malmquist)"},
                                          {"effch", "技术效率变化指数", "efficiency change"},
                                          {"techch", "技术进步指数", "technical change"},
                                          {"pech", "纯技术效率变化指数", "pure efficiency change"},
                                          {"sech", "规模效率变化指数", "scale efficiency change"}};
    for (size_t k = 0; labels && k < s->nsteps; k++) {
        const char *type = s->step_types[k]->type, *name = s->step_names[k];
        if (strcmp(type, "index") == 0) {
            snprintf(key, sizeof key, "%s.score", name);
            set_label(labels, key, "综合指数", "index score");
            const nqpf_table *w = NULL;
            for (size_t m = 0; m < outs[k].n; m++)
                if (outs[k].tables[m].suffix && strcmp(outs[k].tables[m].suffix, "weights") == 0)
                    w = outs[k].tables[m].t;
            size_t lv = w ? nqpf_table_find(w, "level") : NQPF_NONE, id = w ? nqpf_table_find(w, "id") : NQPF_NONE;
            size_t lz = w ? nqpf_table_find(w, "label_zh") : NQPF_NONE, le = w ? nqpf_table_find(w, "label_en") : NQPF_NONE;
            for (size_t i = 0; lv != NQPF_NONE && id != NQPF_NONE && i < nqpf_table_nrows(w); i++) {
                const char *level = nqpf_table_text(w, lv, i), *ids = nqpf_table_text(w, id, i);
                const char *zh = lz != NQPF_NONE ? nqpf_table_text(w, lz, i) : NULL;
                const char *en = le != NQPF_NONE ? nqpf_table_text(w, le, i) : NULL;
                if (!level || strcmp(level, "dimension") != 0 || !ids || (!(zh && *zh) && !(en && *en)))
                    continue;
                snprintf(key, sizeof key, "%s.%s", name, ids);
                set_label(labels, key, zh, en);
            }
        } else if (strcmp(type, "tfp") == 0) {
            snprintf(key, sizeof key, "%s.tfp", name);
            set_label(labels, key, "全要素生产率", "TFP");
            snprintf(key, sizeof key, "%s.tfp_growth", name);
            set_label(labels, key, "全要素生产率增长率", "TFP growth");
        } else if (strcmp(type, "malmquist") == 0) {
            for (size_t m = 0; m < sizeof malm / sizeof malm[0]; m++) {
                snprintf(key, sizeof key, "%s.%s", name, malm[m][0]);
                set_label(labels, key, malm[m][1], malm[m][2]);
            }
        }
    }
    const json_t *user = json_object_get(s->root, "labels");
    const char *uk;
    json_t *uv;
    if (labels && json_is_object(user))
        json_object_foreach((json_t *)user, uk, uv) {
            if (json_is_string(uv))
                set_label(labels, uk, json_string_value(uv), json_string_value(uv));
            else
                set_label(labels, uk, json_string_value(json_object_get(uv, "zh")),
                          json_string_value(json_object_get(uv, "en")));
        }
    return labels;
}

static int write_report(nqpf_study *s, json_t *steps_json, const study_step_out *outs)
{
    json_t *r = json_object();
    int rc = NQPF_OK;
    if (!r)
        return NQPF_EINTERNAL;
    json_t *title = json_object_get(s->root, "title");
    json_object_set_new(r, "title", title ? json_deep_copy(title) : json_string(nqpf__basename(s->path)));
    if (json_object_get(s->root, "description"))
        json_object_set_new(r, "description", json_deep_copy(json_object_get(s->root, "description")));
    json_object_set_new(r, "lang", json_string(s->lang));
    json_object_set_new(r, "version", json_string(nqpf_version()));
    json_object_set_new(r, "study", json_string(nqpf__basename(s->path)));
    json_object_set_new(r, "data", json_string(nqpf__basename(s->data_path)));
    json_object_set_new(r, "id", json_string(s->id));
    json_object_set_new(r, "time", json_string(s->time));
    json_object_set_new(r, "group", s->group_col ? json_string(s->group_col) : json_null());
    /* The map the report registers: its name and the property its features are named by. */
    if (s->map_name) {
        json_t *mj = json_object();
        json_object_set_new(mj, "geo", json_string(s->map_name));
        json_object_set_new(mj, "key", json_string(s->map_key));
        json_object_set_new(mj, "classes", map_classes_json(s));
        json_object_set_new(r, "map", mj);
    } else {
        json_object_set_new(r, "map", json_null());
    }
    json_object_set_new(r, "units", units_json(s));
    json_object_set_new(r, "labels", labels_json(s, outs));
    json_object_set(r, "steps", steps_json);
    char *text = json_dumps(r, JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_PRESERVE_ORDER);
    json_decref(r);
    if (!text)
        return nqpf__nomem("writing the report");
    nqpf__buf path = NQPF__BUF_INIT;
    if (!(rc = out_path(s, &path, "report.html")) &&
        !(rc = nqpf__report_write(path.data, text, s->lang, s->map_name, s->map_text, s->map_len)))
        rc = note_name(s, "report.html");
    free(text);
    nqpf__buf_free(&path);
    return rc;
}

static nqpf_provenance *study_provenance(const nqpf_study *s)
{
    nqpf_provenance *pv = nqpf_provenance_new();
    char hex[65];
    if (!pv)
        return NULL;
    nqpf_provenance_set(pv, "nqpf_version", nqpf_version());
    nqpf_provenance_set(pv, "study", s->path);
    if (nqpf_file_sha256(s->path, hex) == NQPF_OK)
        nqpf_provenance_set(pv, "study_sha256", hex);
    nqpf_provenance_set(pv, "input", s->data_path);
    if (nqpf_file_sha256(s->data_path, hex) == NQPF_OK)
        nqpf_provenance_set(pv, "input_sha256", hex);
    nqpf_provenance_set(pv, "id", s->id);
    nqpf_provenance_set(pv, "time", s->time);
    nqpf_error_clear();
    return pv;
}

int nqpf_study_run(nqpf_study *s)
{
    int rc;
    if (s->ran)
        return nqpf_error_set(NQPF_EUSAGE, "%s: this study has already run", s->path);
    s->ran = 1;
    study_step_out *outs = nqpf__calloc(s->nsteps, sizeof *outs);
    json_t *steps_json = json_array();
    nqpf_provenance *pv = study_provenance(s);
    const nqpf_table **all = NULL;
    char **names = NULL;
    size_t nall = 0;
    nqpf__buf path = NQPF__BUF_INIT;
    if (!outs || !steps_json || !pv) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* The output folder is checked, and the work folder made, before anything is computed. */
    if ((rc = out_begin(s)))
        goto done;
    study__progress(s, "preparing data", 0, s->nsteps + 1);
    const json_t *lets = json_object_get(s->root, "let");
    for (size_t k = 0; k < json_array_size(lets); k++)
        if ((rc = nqpf_panel_let(s->panel, json_string_value(json_array_get(lets, k))))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", nqpf_error_text());
            rc = nqpf_error_set(rc, "%s: let[%zu]: %s", s->path, k, msg);
            goto done;
        }
    if ((rc = build_groups(s)))
        goto done;
    if (s->where || s->from != LONG_MIN || s->to != LONG_MAX)
        if ((rc = nqpf_panel_filter(s->panel, s->where, s->from, s->to))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", nqpf_error_text());
            rc = nqpf_error_set(rc, "%s: sample: %s", s->path, msg);
            goto done;
        }
    for (size_t k = 0; k < s->nsteps; k++) {
        const json_t *cfg = json_array_get(s->steps, k);
        const study_step_type *t = s->step_types[k];
        char spath[32], label[64];
        snprintf(spath, sizeof spath, "steps[%zu]", k);
        snprintf(label, sizeof label, "%s (%s)", s->step_names[k], t->type);
        study__progress(s, label, k + 1, s->nsteps + 1);
        rc = join_use(s, k, outs);
        if (rc == NQPF_OK)
            rc = step_sample(s, cfg);
        if (rc == NQPF_OK)
            rc = t->run(s, cfg, spath, &outs[k]);
        if (rc == NQPF_OK)
            rc = study__check_produced(s, &outs[k]);
        nqpf_panel_free(s->step_panel);
        s->step_panel = NULL;
        if (rc) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", nqpf_error_message());
            rc = nqpf_error_set(rc, "%s: %s (%s, \"%s\"): %s", s->path, spath, t->type, s->step_names[k], msg);
            goto done;
        }
        json_t *sj = json_object(), *tabs = json_object();
        json_object_set_new(sj, "type", json_string(t->type));
        json_object_set_new(sj, "name", json_string(s->step_names[k]));
        json_object_set_new(sj, "params", json_deep_copy(cfg));
        json_object_set_new(sj, "tables", tabs);
        json_array_append_new(steps_json, sj);
        nqpf_provenance_set(pv, "step", s->step_names[k]);
        nqpf_provenance_set(pv, "step_type", t->type);
        for (size_t m = 0; m < outs[k].n; m++) {
            const study_table *st = &outs[k].tables[m];
            char fname[STUDY_MAX_NAME + 64];
            snprintf(fname, sizeof fname, "%s%s%s.csv", s->step_names[k], st->suffix ? "_" : "",
                     st->suffix ? st->suffix : "");
            if ((rc = out_path(s, &path, fname)) || (rc = nqpf_write_table(path.data, st->t, pv)) ||
                (rc = note_name(s, fname)))
                goto done;
            json_t *tj = table_json(st->t);
            if (!tj) {
                rc = nqpf__nomem("preparing the report");
                goto done;
            }
            json_object_set_new(tabs, st->suffix ? st->suffix : "main", tj);
        }
    }
    /* The workbook gathers every table, one sheet each, named like the CSV files. */
    for (size_t k = 0; k < s->nsteps; k++)
        nall += outs[k].n;
    if (!(all = nqpf__calloc(nall ? nall : 1, sizeof *all)) || !(names = nqpf__calloc(nall ? nall : 1, sizeof *names))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    nall = 0;
    for (size_t k = 0; k < s->nsteps; k++)
        for (size_t m = 0; m < outs[k].n; m++) {
            nqpf__buf b = NQPF__BUF_INIT;
            nqpf__buf_printf(&b, "%.*s%s%s", STUDY_MAX_NAME, s->step_names[k], outs[k].tables[m].suffix ? "_" : "",
                             outs[k].tables[m].suffix ? outs[k].tables[m].suffix : "");
            if (b.failed) {
                rc = NQPF_EINTERNAL;
                goto done;
            }
            if (b.len > 31)
                b.data[31] = 0;
            names[nall] = b.data;
            all[nall++] = outs[k].tables[m].t;
        }
    nqpf_provenance_set(pv, "step", "all");
    nqpf_provenance_set(pv, "step_type", "study");
    if ((rc = out_path(s, &path, "results.xlsx")))
        goto done;
    {
        const char **types = nqpf__calloc(s->nsteps + 1, sizeof *types);
        if (!types) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        for (size_t k = 0; k < s->nsteps; k++)
            types[k] = s->step_types[k]->type;
        rc = study__write_workbook(path.data, s->lang, s->panel, s->label_col, all, (const char *const *)names, nall,
                                   types, (const char *const *)s->step_names, outs, s->nsteps, pv);
        free(types);
    }
    if (rc || (rc = note_name(s, "results.xlsx")))
        goto done;
    study__progress(s, "report", s->nsteps, s->nsteps + 1);
    if ((rc = write_report(s, steps_json, outs)))
        goto done;
    /* report.pdf (option pdf): printed from the work folder's report.html into the work folder, so
     * that it is swapped in with the rest. A missing or failing Chromium (NQPF_EIO) is reported after
     * the swap: every other file of the run is in place, without a PDF. */
    int pdf_rc = NQPF_OK;
    char *pdf_msg = NULL;
    if (s->opts.pdf) {
        nqpf__buf html = NQPF__BUF_INIT, pdf = NQPF__BUF_INIT;
        nqpf__buf_printf(&html, "%s/report.html", s->workdir);
        if ((pdf_rc = out_path(s, &pdf, "report.pdf")) == NQPF_OK)
            pdf_rc = html.failed ? NQPF_EINTERNAL : nqpf_report_print_pdf(pdf.data, html.data);
        if (pdf_rc == NQPF_OK)
            rc = note_name(s, "report.pdf");
        else {
            out_fix_message(s, pdf_rc);
            pdf_msg = nqpf__strdup(nqpf_error_message());
        }
        nqpf__buf_free(&html);
        nqpf__buf_free(&pdf);
        if (rc)
            goto done;
    }
    /* Every file is in the work folder: swap it in as the output folder (out_commit). Files written
     * above go to s->workdir (out_path), never to s->outdir directly. */
    rc = out_commit(s);
    if (rc == NQPF_OK && pdf_rc)
        rc = nqpf_error_set(pdf_rc, "%s", pdf_msg ? pdf_msg : "report.pdf was not written");
    free(pdf_msg);
    study__progress(s, "done", s->nsteps + 1, s->nsteps + 1);
done:
    if (rc && s->workroot) { /* not swapped in: nothing of the run is kept */
        out_fix_message(s, rc);
        out_abort(s);
    }
    for (size_t k = 0; outs && k < s->nsteps; k++)
        free_step_out(&outs[k]);
    for (size_t k = 0; names && k < nall; k++)
        free(names[k]);
    free(names);
    free(all);
    free(outs);
    json_decref(steps_json);
    nqpf_provenance_free(pv);
    nqpf__buf_free(&path);
    return rc;
}

const char *nqpf_study_outdir(const nqpf_study *s) { return s->outdir; }
size_t nqpf_study_nsteps(const nqpf_study *s) { return s->nsteps; }
size_t nqpf_study_nfiles(const nqpf_study *s) { return s->nfiles; }
const char *nqpf_study_file(const nqpf_study *s, size_t k) { return k < s->nfiles ? s->files[k] : NULL; }

const char *const *nqpf_study_step_types(void)
{
    static const char *names[64];
    size_t k = 0;
    for (; nqpf__study_steps[k] && k < 63; k++)
        names[k] = nqpf__study_steps[k]->type;
    names[k] = NULL;
    return names;
}

void nqpf_study_free(nqpf_study *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->dir);
    if (s->workroot || s->lockfd >= 0)
        out_abort(s);
    free(s->outdir);
    free(s->outreal);
    free(s->data_path);
    json_decref(s->root);
    nqpf_panel_free(s->panel);
    nqpf_panel_free(s->step_panel);
    for (size_t k = 0; k < s->ncols; k++)
        free(s->cols[k]);
    free(s->cols);
    nqpf_groupmap_free(s->group_map);
    free(s->map_text);
    for (size_t k = 0; k < s->nmap_keys; k++)
        free(s->map_keys[k]);
    free(s->map_keys);
    for (size_t k = 0; s->step_names && k < s->nsteps; k++)
        free(s->step_names[k]);
    free(s->step_names);
    free(s->step_types);
    for (size_t k = 0; k < s->nfiles; k++)
        free(s->files[k]);
    free(s->files);
    free(s);
}
