/* Result writers behind one entry point, chosen by the output path's extension. Every file is
 * written to a temporary name in the target folder and renamed into place only when complete, so a
 * failed run never leaves a half-written result where the previous one was. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "nqpf/io.h"
#include "io/xlsx_internal.h"
#include "../util/distribute_internal.h"
#include "../util/util.h"

enum nqpf_format nqpf_format_for_path(const char *path)
{
    if (path && nqpf__ends_with_ci(path, ".json"))
        return NQPF_FMT_JSON;
    if (path && nqpf__ends_with_ci(path, ".xlsx"))
        return NQPF_FMT_XLSX;
    return NQPF_FMT_CSV;
}

/* The inputs of this process (nqpf_output_protect): no writer may replace one of them. */
#define PROTECT_MAX 64
static struct {
    dev_t dev;
    ino_t ino;
    char path[256];
} protected_files[PROTECT_MAX];
static size_t n_protected;
static pthread_mutex_t protect_lock = PTHREAD_MUTEX_INITIALIZER;

int nqpf_output_protect(const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0)
        return NQPF_OK; /* nothing there to destroy */
    int rc = NQPF_OK;
    pthread_mutex_lock(&protect_lock);
    size_t k = 0;
    while (k < n_protected && !(protected_files[k].dev == st.st_dev && protected_files[k].ino == st.st_ino))
        k++;
    if (k == n_protected) {
        if (n_protected == PROTECT_MAX) {
            rc = nqpf_error_set(NQPF_EINTERNAL, "%s: more than %d input files in one process", path, PROTECT_MAX);
        } else {
            protected_files[k].dev = st.st_dev;
            protected_files[k].ino = st.st_ino;
            snprintf(protected_files[k].path, sizeof protected_files[k].path, "%s", path);
            n_protected++;
        }
    }
    pthread_mutex_unlock(&protect_lock);
    return rc;
}

/* Checks that path may be replaced by a result: absent, or a regular file that is not an input of
 * this process. Symbolic links, devices, FIFOs, sockets and folders are refused (rename would
 * replace the link or node itself: as root, /dev/null would become a regular file). Sets *mode to
 * the permission bits of an existing file (kept on rewrite), else to -1. */
static int check_target(const char *path, long *mode)
{
    struct stat st;
    *mode = -1;
    if (lstat(path, &st) != 0)
        return NQPF_OK; /* absent (or unreachable: creating the temporary file reports it) */
    if (S_ISLNK(st.st_mode))
        return nqpf_error_set(NQPF_EIO,
                              "%s: cannot replace the file: expected a regular file or a new name, found a symbolic link (results are not "
                              "written through links: name the file the link points to)",
                              path);
    if (!S_ISREG(st.st_mode))
        return nqpf_error_set(NQPF_EIO,
                              "%s: cannot replace the file: expected a regular file or a new name, found a %s (it would be replaced by a "
                              "regular file)",
                              path,
                              S_ISDIR(st.st_mode)    ? "folder"
                              : S_ISFIFO(st.st_mode) ? "FIFO"
                              : S_ISSOCK(st.st_mode) ? "socket"
                                                     : "device");
    int rc = NQPF_OK;
    pthread_mutex_lock(&protect_lock);
    for (size_t k = 0; k < n_protected; k++)
        if (protected_files[k].dev == st.st_dev && protected_files[k].ino == st.st_ino) {
            rc = nqpf_error_set(NQPF_EIO,
                                "%s: cannot replace the file: expected an output path different from the input, found the input file %s "
                                "itself (writing would destroy it; choose another output name)",
                                path, protected_files[k].path);
            break;
        }
    pthread_mutex_unlock(&protect_lock);
    if (rc == NQPF_OK)
        *mode = (long)(st.st_mode & 07777);
    return rc;
}

int nqpf_output_check(const char *path)
{
    long mode;
    if (!path || strcmp(path, "-") == 0)
        return NQPF_OK;
    return check_target(path, &mode);
}

/* The time of this process's first write: a temporary file older than it cannot be one of ours. */
static struct timespec first_write;
static pthread_once_t first_write_once = PTHREAD_ONCE_INIT;
static void note_first_write(void) { clock_gettime(CLOCK_REALTIME, &first_write); }

/* Removes what killed writers of path left beside it: files named exactly PATH.tmp.XXXXXX (mkstemp's
 * six letters and digits), regular, owned by this user, last written before this process's first
 * write and not locked (a writer holds a flock on its temporary file while it writes it). A live
 * writer of the same path in another process that is missed by both tests loses its temporary file
 * and reports that it could not replace the file: never a damaged result. */
static void sweep_stale_temps(const char *path)
{
    pthread_once(&first_write_once, note_first_write);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t nd = slash ? (size_t)(slash - path) + (slash == path) : 1, nb = strlen(base);
    char *dir = slash ? nqpf__strndup(path, nd) : nqpf__strdup(".");
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d) {
        free(dir);
        return;
    }
    struct dirent *e;
    nqpf__buf b = NQPF__BUF_INIT;
    while ((e = readdir(d))) {
        const char *n = e->d_name, *x = n + nb + 5;
        if (strncmp(n, base, nb) != 0 || strncmp(n + nb, ".tmp.", 5) != 0 || strlen(x) != 6)
            continue;
        int ok = 1;
        for (size_t k = 0; k < 6; k++)
            ok &= (x[k] >= 'a' && x[k] <= 'z') || (x[k] >= 'A' && x[k] <= 'Z') || (x[k] >= '0' && x[k] <= '9');
        b.len = 0;
        nqpf__buf_printf(&b, "%s/%s", dir, n);
        if (!ok || b.failed)
            continue;
        int fd = open(b.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0)
            continue;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            (st.st_mtim.tv_sec < first_write.tv_sec ||
             (st.st_mtim.tv_sec == first_write.tv_sec && st.st_mtim.tv_nsec < first_write.tv_nsec)) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlink(b.data);
        close(fd);
    }
    nqpf__buf_free(&b);
    closedir(d);
    free(dir);
}

/* Creates an empty temporary file next to path; returns its name (caller frees) and an open FILE
 * when fp is not NULL (else closes it). The path is checked first (check_target), and temporary
 * files that killed writers left beside it are removed (sweep_stale_temps). */
static char *temp_beside(const char *path, FILE **fp)
{
    long old_mode;
    if (check_target(path, &old_mode))
        return NULL;
    sweep_stale_temps(path);
    size_t n = strlen(path);
    char *tmp = nqpf__malloc(n + 16, 1);
    if (!tmp)
        return NULL;
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        nqpf_error_set(NQPF_EIO, "%s: cannot create a file there: %s", path, strerror(errno));
        free(tmp);
        return NULL;
    }
    (void)flock(fd, LOCK_EX | LOCK_NB); /* ours while we write it (sweep_stale_temps) */
    /* mkstemp makes the file private (0600); a rewritten file keeps its permissions, a new one gets
     * those a plain fopen would. */
    if (old_mode >= 0) {
        fchmod(fd, (mode_t)old_mode);
    } else {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (fp) {
        *fp = fdopen(fd, "wb");
        if (!*fp) {
            close(fd);
            unlink(tmp);
            nqpf_error_set(NQPF_EIO, "%s: %s", path, strerror(errno));
            free(tmp);
            return NULL;
        }
    } else {
        close(fd);
    }
    return tmp;
}

static int commit_temp(char *tmp, const char *path)
{
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return nqpf_error_set(NQPF_EIO, "%s: cannot replace the file: %s", path, strerror(e));
    }
    free(tmp);
    return NQPF_OK;
}

static void discard_temp(char *tmp)
{
    if (tmp)
        unlink(tmp);
    free(tmp);
}

int nqpf_write_file_atomic(const char *path, const void *data, size_t size)
{
    if (nqpf__dist_rank() != 0) /* several processes hold the same result: rank 0 writes it (distribute.h) */
        return NQPF_OK;
    FILE *f = NULL;
    char *tmp = temp_beside(path, &f);
    if (!tmp)
        return NQPF_EIO;
    int ok = fwrite(data, 1, size, f) == size;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        discard_temp(tmp);
        return nqpf_error_set(NQPF_EIO, "%s: write failed", path);
    }
    return commit_temp(tmp, path);
}

static void csv_field(nqpf__buf *b, const char *s)
{
    int quote = (*s == ' ' || (*s && s[strlen(s) - 1] == ' '));
    for (const char *c = s; *c && !quote; c++)
        quote = (*c == ',' || *c == '"' || *c == '\n' || *c == '\r');
    if (!quote) {
        nqpf__buf_puts(b, s);
        return;
    }
    nqpf__buf_append(b, "\"", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            nqpf__buf_append(b, "\"", 1);
        nqpf__buf_append(b, c, 1);
    }
    nqpf__buf_append(b, "\"", 1);
}

static int csv_render(const nqpf_table *t, nqpf__buf *b)
{
    size_t nc = nqpf_table_ncols(t), nr = nqpf_table_nrows(t);
    for (size_t j = 0; j < nc; j++) {
        if (j)
            nqpf__buf_append(b, ",", 1);
        csv_field(b, nqpf_table_colname(t, j));
    }
    nqpf__buf_append(b, "\n", 1);
    char cell[64];
    for (size_t i = 0; i < nr; i++) {
        /* A one-column row whose cell is missing would be a blank line, which CSV readers skip;
         * a quoted empty field keeps the row. */
        if (nc == 1 && ((nqpf_table_is_text(t, 0) && !nqpf_table_text(t, 0, i)) ||
                        (!nqpf_table_is_text(t, 0) && isnan(nqpf_table_cnum(t, 0)[i])))) {
            nqpf__buf_puts(b, "\"\"\n");
            continue;
        }
        for (size_t j = 0; j < nc; j++) {
            if (j)
                nqpf__buf_append(b, ",", 1);
            if (nqpf_table_is_text(t, j)) {
                const char *s = nqpf_table_text(t, j, i);
                csv_field(b, s ? s : "");
            } else {
                nqpf__buf_puts(b, nqpf_format_double(nqpf_table_cnum(t, j)[i], cell, sizeof cell));
            }
        }
        nqpf__buf_append(b, "\n", 1);
    }
    return b->failed ? NQPF_EINTERNAL : NQPF_OK;
}

static int column_is_integral(const nqpf_table *t, size_t j)
{
    const double *v = nqpf_table_cnum(t, j);
    for (size_t i = 0; i < nqpf_table_nrows(t); i++)
        if (!isnan(v[i]) && (v[i] != floor(v[i]) || fabs(v[i]) > 9007199254740992.0))
            return 0;
    return 1;
}

static json_t *json_table(const nqpf_table *t)
{
    size_t nc = nqpf_table_ncols(t), nr = nqpf_table_nrows(t);
    json_t *rows = json_array();
    int *integral = nqpf__calloc(nc ? nc : 1, sizeof *integral);
    if (!rows || !integral)
        goto fail;
    for (size_t j = 0; j < nc; j++)
        integral[j] = !nqpf_table_is_text(t, j) && column_is_integral(t, j);
    for (size_t i = 0; i < nr; i++) {
        json_t *row = json_object();
        if (!row || json_array_append_new(rows, row) != 0)
            goto fail;
        for (size_t j = 0; j < nc; j++) {
            json_t *v;
            if (nqpf_table_is_text(t, j)) {
                const char *s = nqpf_table_text(t, j, i);
                v = s ? json_string(s) : json_null();
            } else {
                double x = nqpf_table_cnum(t, j)[i];
                v = !isfinite(x) ? json_null() : integral[j] ? json_integer((json_int_t)x) : json_real(x);
            }
            if (!v || json_object_set_new(row, nqpf_table_colname(t, j), v) != 0)
                goto fail;
        }
    }
    free(integral);
    return rows;
fail:
    free(integral);
    json_decref(rows);
    nqpf__nomem("building the JSON (or a text is not valid UTF-8)");
    return NULL;
}

static int write_json(const char *path, const nqpf_table *const *tables, const char *const *names, size_t n,
                      const nqpf_provenance *pv, nqpf__buf *out)
{
    json_t *root = json_object(), *prov = json_object(), *tabs = json_object();
    int rc = NQPF_OK;
    if (!root || !prov || !tabs) {
        json_decref(prov);
        json_decref(tabs);
        rc = nqpf__nomem("writing %s", path);
        goto done;
    }
    json_object_set_new(root, "provenance", prov);
    json_object_set_new(root, "tables", tabs);
    for (size_t k = 0; k < nqpf_provenance_count(pv); k++)
        json_object_set_new(prov, nqpf_provenance_key(pv, k), json_string(nqpf_provenance_value(pv, k)));
    for (size_t k = 0; k < n; k++) {
        json_t *tj = json_table(tables[k]);
        if (!tj) {
            rc = NQPF_EINTERNAL;
            goto done;
        }
        json_object_set_new(tabs, names[k], tj);
    }
    char *s = json_dumps(root, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
    if (!s) {
        rc = nqpf_error_set(NQPF_EINTERNAL, "%s: JSON serialisation failed", path);
        goto done;
    }
    nqpf__buf_puts(out, s);
    nqpf__buf_puts(out, "\n");
    free(s);
    if (out->failed)
        rc = NQPF_EINTERNAL;
done:
    json_decref(root);
    return rc;
}

/* Excel forbids []:*?/\ in sheet names and limits them to 31 characters. */
/* A valid sheet name: at most 31 characters (Excel's limit, counted as characters as
 * libxlsxwriter does), []:*?/\ replaced by _, a UTF-8 sequence never cut. */
static void sheet_name(const char *name, size_t k, char *buf, size_t bufsize)
{
    size_t o = 0, chars = 0;
    for (const unsigned char *c = (const unsigned char *)name; *c && chars < 31;) {
        size_t len = *c < 0x80 ? 1 : (*c & 0xE0) == 0xC0 ? 2 : (*c & 0xF0) == 0xE0 ? 3 : 4;
        if (o + len + 1 > bufsize)
            break;
        for (size_t m = 0; m < len && c[m]; m++)
            buf[o++] = (len == 1 && strchr("[]:*?/\\", c[m])) ? '_' : (char)c[m];
        c += len;
        chars++;
    }
    buf[o] = '\0';
    if (o == 0)
        snprintf(buf, bufsize, "table%zu", k + 1);
}

/* The message of a libxlsxwriter failure while writing x->path: exit 4 "not enough memory for ..."
 * when an allocation failed, else exit 5 "could not write PATH: ..." (@p where names the sheet and
 * cell, or is empty). */
static int lxw_failed(const nqpf__xlsx *x, lxw_error e, const char *where)
{
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return nqpf__nomem("writing %s%s", x->path, where);
    return nqpf_error_set(NQPF_EIO, "could not write %s%s: %s", x->path, where, lxw_strerror(e));
}

int nqpf__xlsx_open(nqpf__xlsx *x, const char *path)
{
    x->wb = NULL;
    x->path = path;
    x->tmpdir = NULL;
    x->err = NQPF_OK;
    if (!(x->tmp = temp_beside(path, NULL)))
        return NQPF_EIO;
    /* libxlsxwriter's row files go beside the output, not to /tmp: the output's folder has room
     * for the result by the user's choice, /tmp may be a small RAM disk. They are unlinked as soon
     * as they are opened, so a killed run leaves none. */
    const char *slash = strrchr(x->tmp, '/');
    x->tmpdir = slash ? nqpf__strndup(x->tmp, slash == x->tmp ? 1 : (size_t)(slash - x->tmp)) : nqpf__strdup(".");
    if (!x->tmpdir) {
        int rc = nqpf__nomem("writing %s", path);
        discard_temp(x->tmp);
        x->tmp = NULL;
        return rc;
    }
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = x->tmpdir, .use_zip64 = LXW_FALSE};
    if (!(x->wb = workbook_new_opt(x->tmp, &wo)) || !(x->bold = workbook_add_format(x->wb))) {
        /* libxlsxwriter only allocates here (the file is opened at the close). */
        int rc = nqpf__nomem("starting the workbook %s", path);
        lxw_workbook_free(x->wb);
        x->wb = NULL;
        free(x->tmpdir);
        x->tmpdir = NULL;
        discard_temp(x->tmp);
        x->tmp = NULL;
        return rc;
    }
    format_set_bold(x->bold);
    return NQPF_OK;
}

lxw_worksheet *nqpf__xlsx_sheet(nqpf__xlsx *x, const char *name, size_t k, int *rc)
{
    char sn[160];
    sheet_name(name, k, sn, sizeof sn);
    lxw_worksheet *ws = x->err ? NULL : workbook_add_worksheet(x->wb, sn);
    if (!ws)
        *rc = x->err ? x->err
                     : nqpf_error_set(NQPF_EIO, "could not write %s: cannot add sheet '%s' (a duplicate name, or not "
                                                "enough memory)", x->path, sn);
    return ws;
}

/* "A1"-style name of a cell, for messages. */
static void cell_name(size_t row, size_t col, char *buf, size_t size)
{
    char letters[8];
    size_t n = 0;
    for (size_t c = col + 1; c > 0 && n < sizeof letters; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t o = 0;
    while (n > 0 && o + 1 < size)
        buf[o++] = letters[--n];
    snprintf(buf + o, size - o, "%zu", row + 1);
}

static int cell_written(nqpf__xlsx *x, lxw_worksheet *ws, size_t row, size_t col, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        return NQPF_OK;
    char where[200], cn[32];
    cell_name(row, col, cn, sizeof cn);
    snprintf(where, sizeof where, " (sheet '%s', cell %s)", ws->name ? ws->name : "", cn);
    return x->err = lxw_failed(x, e, where);
}

int nqpf__xlsx_str(nqpf__xlsx *x, lxw_worksheet *ws, size_t row, size_t col, const char *s, lxw_format *f)
{
    if (x->err)
        return x->err;
    return cell_written(x, ws, row, col, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f));
}

int nqpf__xlsx_num(nqpf__xlsx *x, lxw_worksheet *ws, size_t row, size_t col, double v, lxw_format *f)
{
    if (x->err)
        return x->err;
    return cell_written(x, ws, row, col, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f));
}

int nqpf__xlsx_long_table(nqpf__xlsx *x, lxw_worksheet *ws, const nqpf_table *t, const char *name)
{
    size_t nc = nqpf_table_ncols(t), nr = nqpf_table_nrows(t);
    if (nr + 1 > LXW_ROW_MAX || nc > LXW_COL_MAX)
        return nqpf_error_set(NQPF_EIO, "%s: table '%s' has too many rows or columns for a worksheet", x->path, name);
    int rc = NQPF_OK;
    for (size_t j = 0; j < nc && !rc; j++)
        rc = nqpf__xlsx_str(x, ws, 0, j, nqpf_table_colname(t, j), x->bold);
    worksheet_freeze_panes(ws, 1, 0);
    /* Row by row, as constant_memory requires (nqpf__xlsx_open). */
    for (size_t i = 0; i < nr && !rc; i++)
        for (size_t j = 0; j < nc && !rc; j++) {
            if (nqpf_table_is_text(t, j)) {
                const char *s = nqpf_table_text(t, j, i);
                if (s)
                    rc = nqpf__xlsx_str(x, ws, i + 1, j, s, NULL);
            } else {
                double v = nqpf_table_cnum(t, j)[i];
                if (isfinite(v))
                    rc = nqpf__xlsx_num(x, ws, i + 1, j, v, NULL);
            }
        }
    return rc;
}

int nqpf__xlsx_provenance(nqpf__xlsx *x, const nqpf_provenance *pv)
{
    if (nqpf_provenance_count(pv) == 0)
        return NQPF_OK;
    int rc = NQPF_OK;
    lxw_worksheet *ws = nqpf__xlsx_sheet(x, "provenance", 0, &rc);
    if (!ws)
        return rc;
    nqpf__xlsx_str(x, ws, 0, 0, "key", x->bold);
    nqpf__xlsx_str(x, ws, 0, 1, "value", x->bold);
    for (size_t k = 0; k < nqpf_provenance_count(pv); k++) {
        nqpf__xlsx_str(x, ws, k + 1, 0, nqpf_provenance_key(pv, k), NULL);
        nqpf__xlsx_str(x, ws, k + 1, 1, nqpf_provenance_value(pv, k), NULL);
    }
    return x->err;
}

int nqpf__xlsx_close(nqpf__xlsx *x, int rc)
{
    if (!rc)
        rc = x->err;
    lxw_error err = x->wb ? workbook_close(x->wb) : LXW_NO_ERROR;
    x->wb = NULL;
    if (!rc && err != LXW_NO_ERROR)
        rc = lxw_failed(x, err, "");
    free(x->tmpdir);
    x->tmpdir = NULL;
    char *tmp = x->tmp;
    x->tmp = NULL;
    if (!tmp)
        return rc;
    if (rc) {
        discard_temp(tmp);
        return rc;
    }
    return commit_temp(tmp, x->path);
}

static int write_xlsx(const char *path, const nqpf_table *const *tables, const char *const *names, size_t n,
                      const nqpf_provenance *pv)
{
    nqpf__xlsx x;
    int rc = nqpf__xlsx_open(&x, path);
    if (rc)
        return rc;
    for (size_t k = 0; k < n && !rc; k++) {
        lxw_worksheet *ws = nqpf__xlsx_sheet(&x, names[k], k, &rc);
        if (ws)
            rc = nqpf__xlsx_long_table(&x, ws, tables[k], names[k]);
    }
    if (!rc)
        rc = nqpf__xlsx_provenance(&x, pv);
    return nqpf__xlsx_close(&x, rc);
}

int nqpf_write_tables(const char *path, const nqpf_table *const *tables, const char *const *names, size_t n,
                      const nqpf_provenance *pv)
{
    if (nqpf__dist_rank() != 0) /* several processes hold the same result: rank 0 writes it (distribute.h) */
        return NQPF_OK;
    int to_stdout = (!path || strcmp(path, "-") == 0);
    enum nqpf_format fmt = to_stdout ? NQPF_FMT_CSV : nqpf_format_for_path(path);
    if (fmt == NQPF_FMT_XLSX)
        return nqpf__nomem_context(write_xlsx(path, tables, names, n, pv), "writing %s", path);
    nqpf__buf b = NQPF__BUF_INIT;
    int rc;
    if (fmt == NQPF_FMT_JSON) {
        rc = write_json(path, tables, names, n, pv, &b);
    } else {
        if (n != 1) {
            nqpf__buf_free(&b);
            return nqpf_error_set(NQPF_EUSAGE, "%s: a CSV file holds one table; use .json or .xlsx for %zu tables",
                                  to_stdout ? "stdout" : path, n);
        }
        rc = csv_render(tables[0], &b);
    }
    if (rc == NQPF_OK) {
        if (to_stdout) {
            if (fwrite(b.data ? b.data : "", 1, b.len, stdout) != b.len || fflush(stdout) != 0)
                rc = nqpf_error_set(NQPF_EIO, "stdout: write failed");
        } else {
            rc = nqpf_write_file_atomic(path, b.data ? b.data : "", b.len);
        }
    }
    nqpf__buf_free(&b);
    /* The rendering buffer's allocations name only their size: say what they were for. */
    return nqpf__nomem_context(rc, "writing %s", to_stdout ? "the result to stdout" : path);
}

int nqpf_write_table(const char *path, const nqpf_table *t, const nqpf_provenance *pv)
{
    const char *name = "result";
    return nqpf_write_tables(path, &t, &name, 1, pv);
}
