/* .xlsx (Office Open XML, ECMA-376 Part 1, SpreadsheetML) reader.
 *
 * libzip opens the container; every part is streamed through expat in chunks (the sheet XML is
 * never held whole in memory). The parts read: _rels/.rels (where the workbook is),
 * xl/workbook.xml (sheet names and order, the 1904 date system), xl/_rels/workbook.xml.rels (the
 * sheets' parts, shared strings, styles), xl/sharedStrings.xml, xl/styles.xml (which cell styles are
 * dates) and the chosen worksheet. Cells go row by row into an nqpf__sheet (src/io/grid.c), which
 * makes the table exactly as it does for delimited text. See docs/excel.md. */
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "nqpf/io.h"
#include "io_internal.h"
#include "../util/util.h"

#define XLSX_MAX_COLS 16384u          /* XFD, Excel's last column */
#define XLSX_MAX_ROWS 1048576u        /* Excel's last row */
#define XLSX_MAX_PART ((zip_uint64_t)4 << 30) /* 4 GiB uncompressed: past it, a zip bomb */
#define XLSX_MAX_CELL ((size_t)1 << 20)       /* 1 MiB of text in one cell (Excel's limit: 32,767 characters) */
#define XLSX_CHUNK 65536

/* ------------------------------------------------------------------------------------------------ */
/* The container and the XML stream                                                                  */

typedef struct xlsx {
    const char *file; /* basename, for messages */
    zip_t *zip;
    zip_uint64_t total; /* uncompressed bytes read so far, all parts together */
} xlsx;

/* Every parse context starts with this, so that handlers can stop the parser with an error. */
typedef struct xmlctx {
    XML_Parser p;
    int rc;
    xlsx *x;
    const char *part;
} xmlctx;

static int ctx_fail(xmlctx *c, int rc)
{
    if (c->rc == NQPF_OK)
        c->rc = rc;
    XML_StopParser(c->p, XML_FALSE);
    return rc;
}

/* The local part of an expat namespace-qualified name ("uri|local" -> "local"). */
static const char *local(const XML_Char *name)
{
    const char *s = strrchr(name, '|');
    return s ? s + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *lname)
{
    for (size_t k = 0; atts[k]; k += 2)
        if (strcmp(local(atts[k]), lname) == 0)
            return atts[k + 1];
    return NULL;
}

/* The relationship id attribute (r:id): "id" in a namespace (a plain "id" has no '|'). */
static const char *attr_rid(const XML_Char **atts)
{
    for (size_t k = 0; atts[k]; k += 2)
        if (strchr(atts[k], '|') && strcmp(local(atts[k]), "id") == 0)
            return atts[k + 1];
    return NULL;
}

/* OOXML forbids DTDs; refusing them also rules out entity expansion attacks. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    xmlctx *c = ud;
    ctx_fail(c, nqpf_error_set(NQPF_EDATA, "%s: %s: line %lu: expected no document type declaration (OOXML "
                                           "parts have none), found one",
                               c->x->file, c->part, (unsigned long)XML_GetCurrentLineNumber(c->p)));
}

/* Streams the part @p part through expat with the handlers given; @p ctx (an xmlctx first) is the
 * user data. A missing part is NQPF_OK with *found = 0 when @p found is given, else an error. */
static int xml_stream(xlsx *x, const char *part, void *ctx, XML_StartElementHandler on_start,
                      XML_EndElementHandler on_end, XML_CharacterDataHandler on_text, int *found)
{
    if (found)
        *found = 0;
    zip_int64_t idx = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (found)
            return NQPF_OK;
        return nqpf_error_set(NQPF_EDATA, "%s: expected the part %s in the workbook, found none (not an Excel "
                                          ".xlsx file, or a damaged one: open and save it again in Excel)",
                              x->file, part);
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0)
        return nqpf_error_set(NQPF_EDATA, "%s: %s: the zip entry cannot be read (%s)", x->file, part,
                              zip_strerror(x->zip));
    if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_MAX_PART)
        return nqpf_error_set(NQPF_EDATA, "%s: %s: expected a part of at most 4 GiB uncompressed, found %llu bytes "
                                          "(a damaged file or a zip bomb)",
                              x->file, part, (unsigned long long)st.size);
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf)
        return nqpf_error_set(NQPF_EDATA, "%s: %s: the zip entry cannot be opened (%s; an encrypted entry?)",
                              x->file, part, zip_strerror(x->zip));
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (!p) {
        zip_fclose(zf);
        return nqpf__nomem("reading %s: %s", x->file, part);
    }
    xmlctx *c = ctx;
    c->p = p;
    c->rc = NQPF_OK;
    c->x = x;
    c->part = part;
    XML_SetUserData(p, ctx);
    XML_SetElementHandler(p, on_start, on_end);
    if (on_text)
        XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    int rc = NQPF_OK;
    for (;;) {
        void *buf = XML_GetBuffer(p, XLSX_CHUNK);
        if (!buf) {
            rc = nqpf__nomem("reading %s: %s", x->file, part);
            break;
        }
        zip_int64_t got = zip_fread(zf, buf, XLSX_CHUNK);
        if (got < 0) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: %s: the zip entry is damaged (%s)", x->file, part,
                                zip_file_strerror(zf));
            break;
        }
        x->total += (zip_uint64_t)got;
        if (x->total > XLSX_MAX_PART) {
            rc = nqpf_error_set(NQPF_EDATA, "%s: %s: expected at most 4 GiB of uncompressed XML, found more "
                                            "(a damaged file or a zip bomb)",
                                x->file, part);
            break;
        }
        if (XML_ParseBuffer(p, (int)got, got == 0) != XML_STATUS_OK) {
            if (c->rc != NQPF_OK)
                rc = c->rc;
            else
                rc = nqpf_error_set(NQPF_EDATA, "%s: %s: line %lu, column %lu: expected well-formed XML, found %s "
                                                "(a damaged file: open and save it again in Excel)",
                                    x->file, part, (unsigned long)XML_GetCurrentLineNumber(p),
                                    (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                                    XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (c->rc != NQPF_OK) {
            rc = c->rc;
            break;
        }
        if (got == 0)
            break;
    }
    XML_ParserFree(p);
    zip_fclose(zf);
    if (rc == NQPF_OK && found)
        *found = 1;
    return rc;
}

/* Resolves a relationship target against the folder of the part that holds it ("xl/"): an absolute
 * target ("/xl/worksheets/sheet1.xml") is taken from the root; "." and ".." segments are applied. */
static char *resolve(const char *dir, const char *target)
{
    nqpf__buf b = NQPF__BUF_INIT;
    if (target[0] != '/')
        nqpf__buf_puts(&b, dir);
    else
        target++;
    nqpf__buf_puts(&b, target);
    if (b.failed || !b.data) {
        nqpf__buf_free(&b);
        return b.failed ? NULL : nqpf__strdup("");
    }
    /* normalise in place, segment by segment */
    char *s = b.data, *out = b.data;
    while (*s) {
        char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.')) {
            /* skip */
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (out > b.data) {
                out--; /* drop the trailing '/' of the last kept segment, then the segment */
                while (out > b.data && out[-1] != '/')
                    out--;
            }
        } else {
            memmove(out, s, n);
            out += n;
            if (e)
                *out++ = '/';
        }
        s += n + (e ? 1 : 0);
    }
    *out = '\0';
    return b.data;
}

/* The folder of a part name, with its trailing '/' ("xl/workbook.xml" -> "xl/"). */
static char *dirname_of(const char *part)
{
    const char *s = strrchr(part, '/');
    return nqpf__strndup(part, s ? (size_t)(s - part + 1) : 0);
}

/* ------------------------------------------------------------------------------------------------ */
/* Relationships (_rels/.rels, xl/_rels/workbook.xml.rels)                                           */

typedef struct rel {
    char *id, *type, *target;
} rel;

typedef struct relctx {
    xmlctx c;
    rel *v;
    size_t n, cap;
} relctx;

static void XMLCALL rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    relctx *r = ud;
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 16;
        rel *v = nqpf__realloc(r->v, cap, sizeof *v);
        if (!v) {
            ctx_fail(&r->c, NQPF_EINTERNAL);
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    rel *e = &r->v[r->n];
    e->id = nqpf__strdup(id);
    e->type = nqpf__strdup(type);
    e->target = nqpf__strdup(target);
    r->n++;
    if (!e->id || !e->type || !e->target)
        ctx_fail(&r->c, NQPF_EINTERNAL);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void rels_free(relctx *r)
{
    for (size_t k = 0; k < r->n; k++) {
        free(r->v[k].id);
        free(r->v[k].type);
        free(r->v[k].target);
    }
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

/* 1 when a relationship type ends with "/" @p kind (transitional and strict namespaces differ
 * only before it). */
static int type_is(const char *type, const char *kind)
{
    size_t kn = strlen(kind), tn = strlen(type);
    return tn > kn && type[tn - kn - 1] == '/' && strcmp(type + tn - kn, kind) == 0;
}

/* The first relationship of type @p kind. */
static const rel *rel_by_type(const relctx *r, const char *kind)
{
    for (size_t k = 0; k < r->n; k++)
        if (type_is(r->v[k].type, kind))
            return &r->v[k];
    return NULL;
}

static const rel *rel_by_id(const relctx *r, const char *id)
{
    for (size_t k = 0; k < r->n; k++)
        if (strcmp(r->v[k].id, id) == 0)
            return &r->v[k];
    return NULL;
}

/* ------------------------------------------------------------------------------------------------ */
/* Workbook: sheet names, order and relationship ids; the date system                                */

typedef struct wbsheet {
    char *name, *rid;
} wbsheet;

typedef struct wbctx {
    xmlctx c;
    wbsheet *v;
    size_t n, cap;
    int date1904;
} wbctx;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wbctx *w = ud;
    const char *ln = local(name);
    if (strcmp(ln, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        w->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        return;
    }
    if (strcmp(ln, "sheet") != 0)
        return;
    const char *sn = attr(atts, "name"), *rid = attr_rid(atts);
    if (!sn || !rid) {
        ctx_fail(&w->c, nqpf_error_set(NQPF_EDATA, "%s: %s: line %lu: expected a sheet with a name and r:id, found "
                                                   "one without",
                                       w->c.x->file, w->c.part, (unsigned long)XML_GetCurrentLineNumber(w->c.p)));
        return;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 8;
        wbsheet *v = nqpf__realloc(w->v, cap, sizeof *v);
        if (!v) {
            ctx_fail(&w->c, NQPF_EINTERNAL);
            return;
        }
        w->v = v;
        w->cap = cap;
    }
    w->v[w->n].name = nqpf__strdup(sn);
    w->v[w->n].rid = nqpf__strdup(rid);
    w->n++;
    if (!w->v[w->n - 1].name || !w->v[w->n - 1].rid)
        ctx_fail(&w->c, NQPF_EINTERNAL);
}

static void wb_free(wbctx *w)
{
    for (size_t k = 0; k < w->n; k++) {
        free(w->v[k].name);
        free(w->v[k].rid);
    }
    free(w->v);
}

/* ------------------------------------------------------------------------------------------------ */
/* Text: ST_Xstring's _xHHHH_ escapes                                                                */

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The UTF-16 code unit of an escape "_xHHHH_" at @p s (7 bytes available), or -1. */
static long xescape(const char *s, size_t avail)
{
    if (avail < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_')
        return -1;
    long v = 0;
    for (int k = 2; k < 6; k++) {
        char ch = s[k];
        int d = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
                : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Decodes the _xHHHH_ escapes of @p s (length @p n) in place (UTF-8 never grows past the 7-byte
 * escape); returns the new length. A pair of escapes holding a UTF-16 surrogate pair is one
 * character; U+0000 and lone surrogates are dropped. */
static size_t decode_xescapes(char *s, size_t n)
{
    if (!memchr(s, '_', n))
        return n;
    size_t i = 0, o = 0;
    while (i < n) {
        long u = xescape(s + i, n - i);
        if (u < 0) {
            s[o++] = s[i++];
            continue;
        }
        i += 7;
        unsigned long cp = (unsigned long)u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            long lo = xescape(s + i, n - i);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + (((unsigned long)u - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
                i += 7;
            } else {
                continue;
            }
        } else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0) {
            continue;
        }
        o += put_utf8(s + o, cp);
    }
    return o;
}

/* ------------------------------------------------------------------------------------------------ */
/* Shared strings                                                                                    */

typedef struct sst {
    nqpf__buf text; /* all strings, back to back */
    size_t *off;    /* string k is text.data[off[k] .. off[k+1]) */
    size_t n, cap;  /* strings; off has n + 1 entries */
} sst;

typedef struct sstctx {
    xmlctx c;
    sst *t;
    int in_si, in_t, rph; /* rph: depth inside <rPh> (phonetic runs, skipped) */
    size_t start;         /* offset of the string being collected */
} sstctx;

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sstctx *s = ud;
    const char *ln = local(name);
    if (strcmp(ln, "si") == 0) {
        s->in_si = 1;
        s->start = s->t->text.len;
    } else if (strcmp(ln, "rPh") == 0) {
        s->rph++;
    } else if (strcmp(ln, "t") == 0 && s->in_si && !s->rph) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sstctx *s = ud;
    const char *ln = local(name);
    if (strcmp(ln, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (s->rph)
            s->rph--;
    } else if (strcmp(ln, "si") == 0 && s->in_si) {
        sst *t = s->t;
        s->in_si = 0;
        if (t->text.len > s->start)
            t->text.len = s->start + decode_xescapes(t->text.data + s->start, t->text.len - s->start);
        if (t->n + 1 >= t->cap) {
            size_t cap = t->cap ? 2 * t->cap : 1024;
            size_t *off = nqpf__realloc(t->off, cap, sizeof *off);
            if (!off) {
                ctx_fail(&s->c, NQPF_EINTERNAL);
                return;
            }
            t->off = off;
            t->cap = cap;
        }
        t->off[t->n] = s->start;
        t->off[++t->n] = t->text.len;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *txt, int len)
{
    sstctx *s = ud;
    if (!s->in_t || s->rph)
        return;
    if (s->t->text.len - s->start + (size_t)len > XLSX_MAX_CELL) {
        ctx_fail(&s->c, nqpf_error_set(NQPF_EDATA, "%s: %s: line %lu: expected a shared string of at most 1 MiB, "
                                                   "found a longer one",
                                       s->c.x->file, s->c.part, (unsigned long)XML_GetCurrentLineNumber(s->c.p)));
        return;
    }
    if (nqpf__buf_append(&s->t->text, txt, (size_t)len) != NQPF_OK)
        ctx_fail(&s->c, NQPF_EINTERNAL);
}

/* ------------------------------------------------------------------------------------------------ */
/* Styles: which cell formats (cellXfs) are dates                                                    */

enum { FMT_NUMBER = 0, FMT_DATE = 1, FMT_TIME = 2, FMT_DATETIME = 3 }; /* FMT_DATE | FMT_TIME */

typedef struct numfmt {
    unsigned id;
    int kind;
} numfmt;

typedef struct stylectx {
    xmlctx c;
    numfmt *fmts;
    size_t nfmts, capfmts;
    unsigned *xf; /* numFmtId of each cellXfs entry */
    size_t nxf, capxf;
    int in_cellxfs;
} stylectx;

/* The built-in formats (ECMA-376 Part 1, 18.8.30, and the East Asian ids 27-36 and 50-58 that
 * Excel defines for zh-CN): dates, times and date-times. */
static int builtin_kind(unsigned id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 ||
        id == 58)
        return FMT_DATE;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56)
        return FMT_TIME;
    if (id == 22)
        return FMT_DATETIME;
    return FMT_NUMBER;
}

/* A custom format code is a date when, outside quoted text, [brackets] (colours, conditions,
 * locales; elapsed [h] [m] [s] count as time), backslash escapes and the _x / *x spacing and fill
 * pairs, it has a y or d (a date part) or an h or s (a time part). Only the first section counts. */
static int code_kind(const char *code)
{
    int date = 0, time = 0;
    for (const char *s = code; *s; s++) {
        char ch = *s;
        if (ch == '"') {
            s++;
            while (*s && *s != '"')
                s++;
            if (!*s)
                break;
        } else if (ch == '[') {
            const char *e = strchr(s, ']');
            if (!e)
                break;
            size_t n = (size_t)(e - s - 1);
            if (n && strspn(s + 1, "hHmMsS") >= n) /* [h], [mm], [ss]: elapsed time */
                time = 1;
            s = e;
        } else if (ch == '\\' || ch == '_' || ch == '*') {
            if (!s[1])
                break;
            s++;
        } else if (ch == ';') {
            break;
        } else if (ch == 'y' || ch == 'Y' || ch == 'd' || ch == 'D') {
            date = 1;
        } else if (ch == 'h' || ch == 'H' || ch == 's' || ch == 'S') {
            time = 1;
        }
    }
    return (date ? FMT_DATE : 0) | (time ? FMT_TIME : 0);
}

static void XMLCALL style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    stylectx *s = ud;
    const char *ln = local(name);
    if (strcmp(ln, "cellXfs") == 0) {
        s->in_cellxfs = 1;
    } else if (strcmp(ln, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code)
            return;
        if (s->nfmts == s->capfmts) {
            size_t cap = s->capfmts ? 2 * s->capfmts : 16;
            numfmt *v = nqpf__realloc(s->fmts, cap, sizeof *v);
            if (!v) {
                ctx_fail(&s->c, NQPF_EINTERNAL);
                return;
            }
            s->fmts = v;
            s->capfmts = cap;
        }
        s->fmts[s->nfmts].id = (unsigned)strtoul(id, NULL, 10);
        s->fmts[s->nfmts].kind = code_kind(code);
        s->nfmts++;
    } else if (strcmp(ln, "xf") == 0 && s->in_cellxfs) {
        const char *id = attr(atts, "numFmtId");
        if (s->nxf == s->capxf) {
            size_t cap = s->capxf ? 2 * s->capxf : 64;
            unsigned *v = nqpf__realloc(s->xf, cap, sizeof *v);
            if (!v) {
                ctx_fail(&s->c, NQPF_EINTERNAL);
                return;
            }
            s->xf = v;
            s->capxf = cap;
        }
        s->xf[s->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
    }
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
    stylectx *s = ud;
    if (strcmp(local(name), "cellXfs") == 0)
        s->in_cellxfs = 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* Dates: serial numbers to ISO 8601 text                                                            */

/* Formats the serial @p v of a cell whose format is @p kind as "YYYY-MM-DD", "HH:MM:SS" or
 * "YYYY-MM-DD HH:MM:SS" (rounded to the second). Returns 0 (leave the number as it is) for serials
 * before day 1 with a date part, or past 9999-12-31. */
static int serial_text(double v, int kind, int date1904, char *out, size_t size)
{
    if (!isfinite(v) || v < 0 || v >= 2958466.0)
        return 0;
    long long secs = llround(v * 86400.0);
    long day = (long)(secs / 86400);
    long sod = (long)(secs % 86400);
    char date[48] = "", time[48] = "";
    if (kind & FMT_DATE) {
        long y;
        int m, d;
        if (date1904) {
            nqpf__civil_from_days(nqpf__days_from_civil(1904, 1, 1) + day, &y, &m, &d);
        } else if (day < 1) {
            return 0;
        } else if (day < 60) {
            nqpf__civil_from_days(nqpf__days_from_civil(1899, 12, 31) + day, &y, &m, &d);
        } else if (day == 60) { /* Lotus 1-2-3's 1900-02-29, which Excel keeps */
            y = 1900, m = 2, d = 29;
        } else {
            nqpf__civil_from_days(nqpf__days_from_civil(1899, 12, 30) + day, &y, &m, &d);
        }
        if (y > 9999)
            return 0;
        snprintf(date, sizeof date, "%04ld-%02d-%02d", y, m, d);
    }
    if (kind & FMT_TIME)
        snprintf(time, sizeof time, "%02ld:%02ld:%02ld", sod / 3600, sod / 60 % 60, sod % 60);
    snprintf(out, size, "%.10s%s%.8s", date, (*date && *time) ? " " : "", time);
    return 1;
}

/* ------------------------------------------------------------------------------------------------ */
/* The worksheet                                                                                     */

enum ctype { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_DATE };

typedef struct sheetctx {
    xmlctx c;
    nqpf__sheet *sheet;
    const char *source; /* "file.xlsx[Sheet]" */
    const sst *strings;
    const int *xfkind; /* date kind of each cell style */
    size_t nxf;
    int date1904;
    int in_data;       /* inside <sheetData> */
    int in_row;
    size_t row;        /* the current row (1-based) */
    size_t last_row;   /* the last row handed to the sheet */
    int in_cell;
    size_t col;        /* the current cell's column (0-based) */
    size_t next_col;   /* the column a cell without r takes */
    enum ctype type;
    size_t style;
    int has_v, has_f, in_v, in_is, in_t, rph;
    nqpf__buf text;    /* the current cell's text (<v>, or <is><t> runs) */
    size_t nerrors, nnocache;
    char first_error[24], first_error_text[24], first_nocache[24];
} sheetctx;

static void cellref(char *out, size_t size, size_t col, size_t row)
{
    char letters[8];
    int n = 0;
    size_t c = col + 1;
    while (c && n < 7) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    char rev[8];
    for (int k = 0; k < n; k++)
        rev[k] = letters[n - 1 - k];
    rev[n] = '\0';
    snprintf(out, size, "%s%zu", rev, row);
}

static int sheet_error(sheetctx *s, const char *what)
{
    char ref[24];
    cellref(ref, sizeof ref, s->col, s->row);
    return ctx_fail(&s->c, nqpf_error_set(NQPF_EDATA, "%s: row %zu, column %.*s (cell %s): %s", s->source, s->row,
                                          (int)strcspn(ref, "0123456789"), ref, ref, what));
}

/* Parses a cell reference "BC12": column (0-based) and row (0 when absent). Returns 0 when the
 * reference is malformed or past column XFD / row 1,048,576. */
static int parse_ref(const char *r, size_t *col, size_t *row)
{
    size_t c = 0, k = 0;
    while ((r[k] >= 'A' && r[k] <= 'Z') || (r[k] >= 'a' && r[k] <= 'z')) {
        c = c * 26 + (size_t)((r[k] | 0x20) - 'a' + 1);
        if (c > XLSX_MAX_COLS)
            return 0;
        k++;
    }
    if (k == 0)
        return 0;
    size_t rw = 0;
    while (r[k] >= '0' && r[k] <= '9') {
        rw = rw * 10 + (size_t)(r[k] - '0');
        if (rw > XLSX_MAX_ROWS)
            return 0;
        k++;
    }
    if (r[k] && r[k] != ':')
        return 0;
    *col = c - 1;
    *row = rw;
    return 1;
}

static int parse_uint(const char *s, size_t len, size_t max, size_t *out)
{
    size_t v = 0;
    if (len == 0)
        return 0;
    for (size_t k = 0; k < len; k++) {
        if (s[k] < '0' || s[k] > '9')
            return 0;
        v = v * 10 + (size_t)(s[k] - '0');
        if (v > max)
            return 0;
    }
    *out = v;
    return 1;
}

/* Hands the finished cell to the sheet. */
static void cell_done(sheetctx *s)
{
    char tmp[40];
    const char *txt = s->text.data ? s->text.data : "";
    size_t len = s->text.len;
    if (s->has_f && !s->has_v && s->type != CT_ERROR) {
        if (s->nnocache++ == 0)
            cellref(s->first_nocache, sizeof s->first_nocache, s->col, s->row);
        return;
    }
    if (!s->has_v && s->type != CT_ERROR)
        return; /* a styled empty cell, or <c t="s"/> without a value */
    switch (s->type) {
    case CT_ERROR:
        if (s->nerrors++ == 0) {
            cellref(s->first_error, sizeof s->first_error, s->col, s->row);
            snprintf(s->first_error_text, sizeof s->first_error_text, "%.*s", (int)(len < 16 ? len : 16), txt);
        }
        return;
    case CT_SHARED: {
        size_t k;
        if (!parse_uint(txt, len, SIZE_MAX / 16, &k)) {
            char what[80];
            snprintf(what, sizeof what, "expected a shared string index, found '%.16s'", txt);
            sheet_error(s, what);
            return;
        }
        if (k >= s->strings->n) {
            char what[160];
            snprintf(what, sizeof what,
                     "expected a shared string index below %zu (the strings the workbook holds), found %zu (a "
                     "damaged file)",
                     s->strings->n, k);
            sheet_error(s, what);
            return;
        }
        txt = s->strings->text.data + s->strings->off[k];
        len = s->strings->off[k + 1] - s->strings->off[k];
        break;
    }
    case CT_INLINE:
    case CT_STR:
        if (len)
            len = decode_xescapes(s->text.data, len);
        break;
    case CT_BOOL:
        if (len == 1 && (txt[0] == '0' || txt[0] == '1')) {
            txt = txt[0] == '1' ? "TRUE" : "FALSE";
            len = strlen(txt);
        }
        break;
    case CT_DATE: { /* ISO 8601 text: "2020-01-15T08:30:00" */
        size_t n = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
        memcpy(tmp, txt, n);
        tmp[n] = '\0';
        char *t = strchr(tmp, 'T');
        int kind = s->style < s->nxf ? s->xfkind[s->style] : FMT_DATE;
        if (t) {
            *t = ' ';
            t[strcspn(t, ".Z+")] = '\0';
            if (kind == FMT_DATE || strcmp(t + 1, "00:00:00") == 0)
                *t = '\0';
            else if (kind == FMT_TIME)
                memmove(tmp, t + 1, strlen(t + 1) + 1);
        }
        txt = tmp;
        len = strlen(tmp);
        break;
    }
    case CT_NUMBER:
        if (len && s->style < s->nxf && s->xfkind[s->style] != FMT_NUMBER) {
            char *end;
            double v = strtod(txt, &end);
            if (end != txt && *end == '\0' && serial_text(v, s->xfkind[s->style], s->date1904, tmp, sizeof tmp)) {
                txt = tmp;
                len = strlen(tmp);
            }
        }
        break;
    }
    if (len == 0)
        return;
    int rc = nqpf__sheet_cell(s->sheet, s->col, txt, len);
    if (rc != NQPF_OK)
        ctx_fail(&s->c, rc);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheetctx *s = ud;
    const char *ln = local(name);
    if (!s->in_data) {
        if (strcmp(ln, "sheetData") == 0) {
            s->in_data = 1;
        } else if (strcmp(ln, "mergeCell") == 0) {
            const char *ref = attr(atts, "ref");
            size_t c0, r0, c1, r1;
            const char *colon = ref ? strchr(ref, ':') : NULL;
            if (!ref || !parse_ref(ref, &c0, &r0) || (colon && !parse_ref(colon + 1, &c1, &r1)) || r0 == 0) {
                ctx_fail(&s->c, nqpf_error_set(NQPF_EDATA, "%s: line %lu: expected a merged range such as A1:D1, "
                                                           "found '%.40s'",
                                               s->source, (unsigned long)XML_GetCurrentLineNumber(s->c.p),
                                               ref ? ref : "(none)"));
                return;
            }
            if (!colon)
                c1 = c0, r1 = r0;
            if (r1 < r0 || c1 < c0 || r1 == 0) {
                ctx_fail(&s->c, nqpf_error_set(NQPF_EDATA, "%s: line %lu: expected a merged range from its top-left "
                                                           "to its bottom-right cell, found '%.40s'",
                                               s->source, (unsigned long)XML_GetCurrentLineNumber(s->c.p), ref));
                return;
            }
            int rc = nqpf__sheet_merge(s->sheet, r0, c0, r1, c1);
            if (rc != NQPF_OK)
                ctx_fail(&s->c, rc);
        }
        return;
    }
    if (strcmp(ln, "row") == 0) {
        const char *r = attr(atts, "r");
        size_t rw = s->row + 1;
        if (r && !parse_uint(r, strlen(r), XLSX_MAX_ROWS, &rw)) {
            ctx_fail(&s->c, nqpf_error_set(NQPF_EDATA, "%s: line %lu: expected a row number from 1 to 1048576, "
                                                       "found '%.20s'",
                                           s->source, (unsigned long)XML_GetCurrentLineNumber(s->c.p), r));
            return;
        }
        if (rw == 0 || rw <= s->last_row || rw > XLSX_MAX_ROWS) {
            ctx_fail(&s->c, nqpf_error_set(NQPF_EDATA, "%s: line %lu: expected rows in increasing order after row "
                                                       "%zu, found row %zu (a damaged file)",
                                           s->source, (unsigned long)XML_GetCurrentLineNumber(s->c.p), s->last_row,
                                           rw));
            return;
        }
        s->row = rw;
        s->in_row = 1;
        s->next_col = 0;
    } else if (strcmp(ln, "c") == 0 && s->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
        size_t col = s->next_col, rw;
        if (r && !parse_ref(r, &col, &rw)) {
            s->col = s->next_col;
            char what[120];
            snprintf(what, sizeof what, "expected a cell reference within A1:XFD1048576, found '%.24s'", r);
            sheet_error(s, what);
            return;
        }
        s->col = col;
        if (col >= XLSX_MAX_COLS) {
            sheet_error(s, "expected a column up to XFD (16384), found one past it");
            return;
        }
        if (col < s->next_col) {
            sheet_error(s, "expected cells in increasing column order, found this one after a later one (a "
                           "damaged file)");
            return;
        }
        s->next_col = col + 1;
        s->type = !t || strcmp(t, "n") == 0 ? CT_NUMBER : strcmp(t, "s") == 0 ? CT_SHARED
                  : strcmp(t, "inlineStr") == 0 ? CT_INLINE : strcmp(t, "str") == 0 ? CT_STR
                  : strcmp(t, "b") == 0 ? CT_BOOL : strcmp(t, "e") == 0 ? CT_ERROR
                  : strcmp(t, "d") == 0 ? CT_DATE : CT_NUMBER;
        size_t sv = 0;
        s->style = (st && parse_uint(st, strlen(st), SIZE_MAX / 16, &sv)) ? sv : 0;
        s->has_v = s->has_f = s->in_v = s->in_is = s->in_t = s->rph = 0;
        s->text.len = 0;
        s->in_cell = 1;
    } else if (s->in_cell) {
        if (strcmp(ln, "v") == 0) {
            s->in_v = 1;
            s->has_v = 1;
        } else if (strcmp(ln, "f") == 0) {
            s->has_f = 1;
        } else if (strcmp(ln, "is") == 0) {
            s->in_is = 1;
            s->has_v = 1;
        } else if (strcmp(ln, "rPh") == 0) {
            s->rph++;
        } else if (strcmp(ln, "t") == 0 && s->in_is && !s->rph) {
            s->in_t = 1;
        }
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheetctx *s = ud;
    if (!s->in_data)
        return;
    const char *ln = local(name);
    if (s->in_cell) {
        if (strcmp(ln, "c") == 0) {
            s->in_cell = 0;
            cell_done(s);
        } else if (strcmp(ln, "v") == 0) {
            s->in_v = 0;
        } else if (strcmp(ln, "is") == 0) {
            s->in_is = 0;
        } else if (strcmp(ln, "t") == 0) {
            s->in_t = 0;
        } else if (strcmp(ln, "rPh") == 0 && s->rph) {
            s->rph--;
        }
        return;
    }
    if (strcmp(ln, "row") == 0 && s->in_row) {
        s->in_row = 0;
        s->last_row = s->row;
        int rc = nqpf__sheet_end_row(s->sheet, s->row);
        if (rc != NQPF_OK)
            ctx_fail(&s->c, rc);
    } else if (strcmp(ln, "sheetData") == 0) {
        s->in_data = 0;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *txt, int len)
{
    sheetctx *s = ud;
    if (!s->in_cell || !(s->in_v || (s->in_t && !s->rph)))
        return;
    if (s->text.len + (size_t)len > XLSX_MAX_CELL) {
        sheet_error(s, "expected at most 1 MiB of text in a cell (Excel's limit is 32,767 characters), found more");
        return;
    }
    if (nqpf__buf_append(&s->text, txt, (size_t)len) != NQPF_OK)
        ctx_fail(&s->c, NQPF_EINTERNAL);
}

/* ------------------------------------------------------------------------------------------------ */

/* Chooses the sheet: by name, else by 1-based number when @p want is all digits, else the first. */
static int choose_sheet(const wbctx *w, const char *file, const char *want, size_t *out)
{
    if (w->n == 0)
        return nqpf_error_set(NQPF_EDATA, "%s: expected at least one sheet in the workbook, found none", file);
    if (!want || !*want) {
        *out = 0;
        return NQPF_OK;
    }
    for (size_t k = 0; k < w->n; k++)
        if (strcmp(w->v[k].name, want) == 0) {
            *out = k;
            return NQPF_OK;
        }
    size_t num;
    int is_num = parse_uint(want, strlen(want), SIZE_MAX / 16, &num);
    if (is_num && num >= 1 && num <= w->n) {
        *out = num - 1;
        return NQPF_OK;
    }
    nqpf__buf b = NQPF__BUF_INIT;
    for (size_t k = 0; k < w->n; k++)
        nqpf__buf_printf(&b, "%s%zu '%s'", k ? ", " : "", k + 1, w->v[k].name);
    int rc = nqpf_error_set(NQPF_EDATA, "%s: the option sheet: expected a sheet name or a number from 1 to %zu, "
                                        "found '%s'; the sheets are %s",
                            file, w->n, want, b.data ? b.data : "");
    nqpf__buf_free(&b);
    return rc;
}

int nqpf__read_xlsx(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    *out = NULL;
    xlsx x = {nqpf__basename(path), NULL, 0};
    int zerr = 0;
    x.zip = zip_open(path, ZIP_RDONLY, &zerr);
    if (!x.zip) {
        if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, zerr);
            int rc = nqpf_error_set(NQPF_EDATA, "%s: cannot open: %s", x.file, zip_error_strerror(&ze));
            zip_error_fini(&ze);
            return rc;
        }
        unsigned char magic[4] = {0};
        FILE *f = fopen(path, "rb");
        if (f) {
            if (fread(magic, 1, sizeof magic, f) != sizeof magic)
                magic[0] = 0;
            fclose(f);
        }
        int pk = magic[0] == 'P' && magic[1] == 'K';
        return nqpf_error_set(NQPF_EDATA, "%s: expected an Excel .xlsx file (a zip container), found %s", x.file,
                              zerr == ZIP_ER_NOZIP && !pk
                                  ? "no zip structure (a password-protected workbook, or another format renamed: "
                                    "save it again as .xlsx without a password)"
                                  : "a damaged zip structure (a truncated copy? open and save it again in Excel)");
    }
    int rc;
    relctx root = {0}, wbrels = {0};
    wbctx wb = {0};
    sst strings = {NQPF__BUF_INIT, NULL, 0, 0};
    stylectx styles = {0};
    int *xfkind = NULL;
    char *wbpart = NULL, *wbdir = NULL, *relspart = NULL, *sheetpart = NULL, *source = NULL;
    nqpf__sheet *sheet = NULL;
    sheetctx sc;
    memset(&sc, 0, sizeof sc);

    /* the workbook part, from the package relationships */
    int found;
    if ((rc = xml_stream(&x, "_rels/.rels", &root, rel_start, ignore_end, NULL, &found)) != NQPF_OK)
        goto done;
    const rel *office = rel_by_type(&root, "officeDocument");
    wbpart = office ? resolve("", office->target) : nqpf__strdup("xl/workbook.xml");
    if (!wbpart || !(wbdir = dirname_of(wbpart))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    nqpf__buf rp = NQPF__BUF_INIT;
    nqpf__buf_printf(&rp, "%s_rels/%s.rels", wbdir, nqpf__basename(wbpart));
    relspart = rp.data;
    if (rp.failed || !relspart) {
        nqpf__buf_free(&rp);
        relspart = NULL;
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if ((rc = xml_stream(&x, wbpart, &wb, wb_start, ignore_end, NULL, NULL)) != NQPF_OK ||
        (rc = xml_stream(&x, relspart, &wbrels, rel_start, ignore_end, NULL, NULL)) != NQPF_OK)
        goto done;
    size_t which = 0;
    if ((rc = choose_sheet(&wb, x.file, opts ? opts->sheet : NULL, &which)) != NQPF_OK)
        goto done;
    const wbsheet *ws = &wb.v[which];
    const rel *sr = rel_by_id(&wbrels, ws->rid);
    nqpf__buf srcb = NQPF__BUF_INIT;
    nqpf__buf_printf(&srcb, "%s[%s]", x.file, ws->name);
    source = srcb.data;
    if (srcb.failed || !source) {
        nqpf__buf_free(&srcb);
        source = NULL;
        rc = NQPF_EINTERNAL;
        goto done;
    }
    if (!sr) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: expected a relationship %s for the sheet in %s, found none (a damaged "
                                        "file)",
                            source, ws->rid, relspart);
        goto done;
    }
    if (type_is(sr->type, "chartsheet") || type_is(sr->type, "dialogsheet")) {
        rc = nqpf_error_set(NQPF_EDATA, "%s: the option sheet: expected a worksheet, found a chart sheet; choose "
                                        "another sheet",
                            source);
        goto done;
    }
    if (!(sheetpart = resolve(wbdir, sr->target))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }

    /* shared strings and styles (both optional) */
    const rel *sstrel = rel_by_type(&wbrels, "sharedStrings");
    const rel *stylerel = rel_by_type(&wbrels, "styles");
    if (sstrel) {
        char *p = resolve(wbdir, sstrel->target);
        sstctx sx;
        memset(&sx, 0, sizeof sx);
        sx.t = &strings;
        rc = p ? xml_stream(&x, p, &sx, sst_start, sst_end, sst_text, &found) : NQPF_EINTERNAL;
        free(p);
        if (rc != NQPF_OK)
            goto done;
    }
    if (stylerel) {
        char *p = resolve(wbdir, stylerel->target);
        rc = p ? xml_stream(&x, p, &styles, style_start, style_end, NULL, &found) : NQPF_EINTERNAL;
        free(p);
        if (rc != NQPF_OK)
            goto done;
    }
    if (styles.nxf && !(xfkind = nqpf__malloc(styles.nxf, sizeof *xfkind))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    for (size_t k = 0; k < styles.nxf; k++) {
        unsigned id = styles.xf[k];
        int kind = builtin_kind(id);
        for (size_t f = 0; f < styles.nfmts; f++)
            if (styles.fmts[f].id == id)
                kind = styles.fmts[f].kind;
        xfkind[k] = kind;
    }

    /* the sheet, streamed row by row */
    if (!(sheet = nqpf__sheet_new(source, NQPF__SHEET_SPREADSHEET))) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    sc.sheet = sheet;
    sc.source = source;
    sc.strings = &strings;
    sc.xfkind = xfkind;
    sc.nxf = styles.nxf;
    sc.date1904 = wb.date1904;
    if ((rc = xml_stream(&x, sheetpart, &sc, sheet_start, sheet_end, sheet_text, NULL)) != NQPF_OK)
        goto done;
    if (sc.nerrors)
        nqpf_warn("%s: %zu cell%s with an Excel error value (#N/A, #DIV/0!, ...) read as missing; the first is %s "
                  "(%s)",
                  source, sc.nerrors, sc.nerrors == 1 ? "" : "s", sc.first_error, sc.first_error_text);
    if (sc.nnocache)
        nqpf_warn("%s: %zu formula cell%s without a cached value read as missing (the workbook was not "
                  "recalculated; open and save it in Excel or LibreOffice); the first is %s",
                  source, sc.nnocache, sc.nnocache == 1 ? "" : "s", sc.first_nocache);
    rc = nqpf__sheet_to_table(sheet, out, opts);

done:
    nqpf__sheet_free(sheet);
    nqpf__buf_free(&sc.text);
    free(xfkind);
    free(styles.fmts);
    free(styles.xf);
    nqpf__buf_free(&strings.text);
    free(strings.off);
    rels_free(&root);
    rels_free(&wbrels);
    wb_free(&wb);
    free(wbpart);
    free(wbdir);
    free(relspart);
    free(sheetpart);
    free(source);
    zip_discard(x.zip);
    return rc;
}
