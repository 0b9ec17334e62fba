/* China's administrative divisions: lookup by code, full, short or English name, and name-tolerant
 * matching of region ids against target keys. Rules: include/nqpf/gazetteer.h, docs/regions.md. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer_internal.h"
#include "nqpf/error.h"
#include "../util/util.h"

#define NONE ((size_t)-1)

size_t nqpf_gazetteer_count(void) { return nqpf__gaz_nrows; }

const nqpf_division *nqpf_gazetteer_at(size_t i) { return i < nqpf__gaz_nrows ? &nqpf__gaz_rows[i] : NULL; }

const nqpf_division *nqpf_gazetteer_code(long code)
{
    for (size_t i = 0; i < nqpf__gaz_nrows; i++)
        if (nqpf__gaz_rows[i].code == code)
            return &nqpf__gaz_rows[i];
    return NULL;
}

/* ---- text normalisation --------------------------------------------------------------------- */

/* Length of a leading space at @p s: ASCII white space, U+00A0, U+3000 (ideographic space). */
static size_t space_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

/* Copies @p s without leading and trailing spaces into @p buf (size @p size); 0 when too long. */
static int trimmed(const char *s, char *buf, size_t size)
{
    size_t k;
    while ((k = space_len(s)))
        s += k;
    size_t n = strlen(s);
    for (;;) {
        size_t cut = 0;
        if (n >= 1 && space_len(s + n - 1) == 1)
            cut = 1;
        else if (n >= 2 && space_len(s + n - 2) == 2)
            cut = 2;
        else if (n >= 3 && space_len(s + n - 3) == 3)
            cut = 3;
        if (!cut)
            break;
        n -= cut;
    }
    if (n >= size)
        return 0;
    memcpy(buf, s, n);
    buf[n] = 0;
    return 1;
}

/* The English comparison key of @p s: ASCII letters and digits lower-cased; spaces, apostrophes
 * (' and U+2019), hyphens and dots dropped. 0 when @p s holds any other byte (not an English name). */
static int en_key(const char *s, size_t len, char *buf, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\'' || c == '-' || c == '.')
            continue;
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            i += 2;
            continue;
        }
        if (!isalnum(c) || k + 1 >= size)
            return 0;
        buf[k++] = (char)tolower(c);
    }
    buf[k] = 0;
    return k > 0;
}

/* Does English key @p key equal one of @p d's English names? */
static int en_matches(const nqpf_division *d, const char *key)
{
    char b[128];
    if (en_key(d->en, strlen(d->en), b, sizeof b) && strcmp(b, key) == 0)
        return 1;
    for (const char *p = d->en_also; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (en_key(p, len, b, sizeof b) && strcmp(b, key) == 0)
            return 1;
        p += len + (bar ? 1 : 0);
    }
    return 0;
}

/* A six-digit code text ("110000"), or 0. */
static long code_of(const char *s)
{
    if (strlen(s) != 6)
        return 0;
    for (int i = 0; i < 6; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return strtol(s, NULL, 10);
}

size_t nqpf_gazetteer_lookup(const char *text, int level, const nqpf_division **found, size_t max)
{
    char t[256], key[256];
    if (!text || !trimmed(text, t, sizeof t) || !*t)
        return 0;
    long code = code_of(t);
    int english = en_key(t, strlen(t), key, sizeof key);
    size_t count = 0;
    for (size_t i = 0; i < nqpf__gaz_nrows; i++) {
        const nqpf_division *d = &nqpf__gaz_rows[i];
        if (level != NQPF_GAZ_ANY && d->level != level)
            continue;
        int hit = code ? d->code == code
                       : strcmp(d->name, t) == 0 || strcmp(d->short_name, t) == 0 || (english && en_matches(d, key));
        if (hit) {
            if (count < max && found)
                found[count] = d;
            count++;
        }
    }
    return count;
}

const char *nqpf_gazetteer_shortname(const char *text)
{
    const nqpf_division *d[8];
    size_t n = nqpf_gazetteer_lookup(text, NQPF_GAZ_ANY, d, 8);
    if (n == 0 || n > 8)
        return NULL;
    for (size_t i = 1; i < n; i++)
        if (strcmp(d[i]->short_name, d[0]->short_name) != 0)
            return NULL;
    return d[0]->short_name;
}

/* ---- matching ------------------------------------------------------------------------------- */

#define MAXC 8

/* The division @p text names at @p level (another level when it names none there); NULL with
 * @p *ambiguous set when it names several. */
const nqpf_division *nqpf__gaz_resolve(const char *text, int level, int *ambiguous)
{
    const nqpf_division *c[MAXC];
    size_t n = nqpf_gazetteer_lookup(text, NQPF_GAZ_ANY, c, MAXC);
    *ambiguous = 0;
    if (n == 0)
        return NULL;
    if (n > MAXC)
        n = MAXC;
    const nqpf_division *at = NULL;
    size_t nat = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i]->level == level)
            at = c[i], nat++;
    if (nat == 1)
        return at;
    if (nat == 0 && n == 1)
        return c[0];
    *ambiguous = 1;
    return NULL;
}

/* The level a list of texts is read at: each text naming divisions of a single level votes for it;
 * without such votes, every level a text names counts; ties go to the higher level. */
int nqpf__gaz_majority(const char *const *ids, size_t n)
{
    size_t single[4] = {0}, any[4] = {0};
    for (size_t i = 0; i < n; i++) {
        const nqpf_division *c[MAXC];
        size_t k = ids[i] ? nqpf_gazetteer_lookup(ids[i], NQPF_GAZ_ANY, c, MAXC) : 0;
        if (k > MAXC)
            k = MAXC;
        int seen[4] = {0}, nlev = 0, last = 0;
        for (size_t j = 0; j < k; j++)
            if (!seen[c[j]->level]++)
                nlev++, last = c[j]->level;
        for (int l = 1; l < 4; l++)
            any[l] += seen[l] ? 1 : 0;
        if (nlev == 1)
            single[last]++;
    }
    const size_t *v = single[1] + single[2] + single[3] ? single : any;
    int best = NQPF_GAZ_ANY;
    for (int l = 1; l < 4; l++)
        if (v[l] > 0 && (best == NQPF_GAZ_ANY || v[l] > v[best]))
            best = l;
    return best;
}

/* UTF-8 to code points (ASCII lower-cased); returns the count (at most @p max). */
static size_t codepoints(const char *s, uint32_t *out, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    while (*u && n < max) {
        uint32_t c = *u;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (extra)
            c &= (uint32_t)(0x3F >> extra);
        u++;
        for (int k = 0; k < extra && (*u & 0xC0) == 0x80; k++, u++)
            c = (c << 6) | (*u & 0x3F);
        out[n++] = c < 128 ? (uint32_t)tolower((int)c) : c;
    }
    return n;
}

/* Levenshtein distance over code points (texts longer than 64 code points are cut). */
static size_t edit_distance(const char *a, const char *b)
{
    uint32_t x[64], y[64];
    size_t m = codepoints(a, x, 64), n = codepoints(b, y, 64), row[65];
    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; i <= m; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j];
            size_t best = diag + (x[i - 1] != y[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[n];
}

#define NCLOSE 3

typedef struct closest {
    const char *name[NCLOSE];
    size_t dist[NCLOSE];
    size_t n;
} closest;

/* Keeps @p name among the NCLOSE nearest to @p id, if it is near at all: within half the id's
 * length in code points (at least 1), so that 北平 suggests 北京 but not 上海. */
static void consider(closest *c, const char *id, const char *name)
{
    if (!name || !*name)
        return;
    for (size_t k = 0; k < c->n; k++)
        if (strcmp(c->name[k], name) == 0)
            return;
    uint32_t cp[64];
    size_t len = codepoints(id, cp, 64), limit = len / 2 > 1 ? len / 2 : 1;
    size_t d = edit_distance(id, name);
    if (d > limit)
        return;
    size_t pos = c->n;
    while (pos > 0 && c->dist[pos - 1] > d)
        pos--;
    if (pos >= NCLOSE)
        return;
    size_t last = c->n < NCLOSE ? c->n : NCLOSE - 1;
    for (size_t k = last; k > pos; k--)
        c->name[k] = c->name[k - 1], c->dist[k] = c->dist[k - 1];
    c->name[pos] = name;
    c->dist[pos] = d;
    if (c->n < NCLOSE)
        c->n++;
}

/* Is @p s plain ASCII? (English ids are compared with English names, Chinese ids with Chinese.) */
static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 128)
            return 0;
    return 1;
}

static void describe_unmatched(nqpf__buf *b, const char *id, int level, const char *const *targets, size_t nt)
{
    int amb;
    nqpf__buf_printf(b, "'%s'", id);
    const nqpf_division *self = nqpf__gaz_resolve(id, level, &amb);
    if (!self && amb) {
        const nqpf_division *c[MAXC];
        size_t n = nqpf_gazetteer_lookup(id, level, c, MAXC);
        if (n < 2)
            n = nqpf_gazetteer_lookup(id, NQPF_GAZ_ANY, c, MAXC);
        if (n > MAXC)
            n = MAXC;
        nqpf__buf_puts(b, " (ambiguous: ");
        for (size_t k = 0; k < n; k++)
            nqpf__buf_printf(b, "%s%s %06ld", k ? ", " : "", c[k]->name, c[k]->code);
        nqpf__buf_puts(b, "; use the code or the full Chinese name)");
        return;
    }
    closest c = {{NULL}, {0}, 0};
    int ascii = is_ascii(id);
    /* The id itself, and the other names of the region it names, are no suggestion: the data hold
     * none of them (else the id would have matched). */
    for (size_t t = 0; t < nt; t++)
        if (targets[t] && strcmp(targets[t], id) != 0)
            consider(&c, id, targets[t]);
    for (size_t i = 0; i < nqpf__gaz_nrows; i++) {
        const nqpf_division *d = &nqpf__gaz_rows[i];
        if ((level != NQPF_GAZ_ANY && d->level != level) || d == self)
            continue;
        if (ascii)
            consider(&c, id, d->en);
        else {
            consider(&c, id, d->name);
            consider(&c, id, d->short_name);
        }
    }
    if (c.n == 0) {
        nqpf__buf_puts(b, self ? " (a known region, but no unit of the data is it or has a similar name)"
                               : " (no similar name)");
        return;
    }
    nqpf__buf_puts(b, " (closest: ");
    for (size_t k = 0; k < c.n; k++)
        nqpf__buf_printf(b, "%s%s", k ? ", " : "", c.name[k]);
    nqpf__buf_puts(b, ")");
}

typedef struct sorted_key {
    const char *text;
    size_t index;
} sorted_key;

static int cmp_key(const void *a, const void *b)
{
    const sorted_key *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

void nqpf_region_match_free(nqpf_region_match_result *r)
{
    if (!r)
        return;
    free(r->target);
    free((void *)r->division);
    free(r->message);
    r->target = NULL;
    r->division = NULL;
    r->message = NULL;
}

/* At most this many unmatched ids are listed (the message stays one readable line). */
#define LIST_MAX 12

int nqpf_region_match(nqpf_region_match_result *out, const char *const *ids, size_t n, const char *const *targets,
                      size_t nt, const char *what)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->target = nqpf__malloc(n ? n : 1, sizeof *out->target);
    out->division = nqpf__calloc(n ? n : 1, sizeof *out->division);
    sorted_key *sk = nqpf__malloc(nt ? nt : 1, sizeof *sk);
    const nqpf_division **tdiv = nqpf__calloc(nt ? nt : 1, sizeof *tdiv);
    int rc = NQPF_OK;
    if (!out->target || !out->division || !sk || !tdiv) {
        rc = NQPF_EINTERNAL;
        goto done;
    }
    /* exact text first */
    size_t nk = 0;
    for (size_t t = 0; t < nt; t++)
        if (targets[t])
            sk[nk].text = targets[t], sk[nk].index = t, nk++;
    qsort(sk, nk, sizeof *sk, cmp_key);
    int all_exact = 1;
    for (size_t i = 0; i < n; i++) {
        out->target[i] = NONE;
        if (!ids[i])
            continue;
        sorted_key probe = {ids[i], 0};
        size_t lo = 0, hi = nk;
        while (lo < hi) { /* the first key >= ids[i] */
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(sk[mid].text, probe.text) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < nk && strcmp(sk[lo].text, ids[i]) == 0)
            out->target[i] = sk[lo].index, out->nexact++;
        else
            all_exact = 0;
    }
    out->level = nqpf__gaz_majority(ids, n);
    for (size_t i = 0; i < n; i++) {
        int amb;
        if (ids[i])
            out->division[i] = nqpf__gaz_resolve(ids[i], out->level, &amb);
    }
    if (!all_exact) {
        for (size_t t = 0; t < nt; t++) {
            int amb;
            if (targets[t])
                tdiv[t] = nqpf__gaz_resolve(targets[t], out->level, &amb);
        }
        for (size_t i = 0; i < n; i++) {
            if (out->target[i] != NONE || !out->division[i])
                continue;
            for (size_t t = 0; t < nt; t++)
                if (tdiv[t] == out->division[i]) {
                    out->target[i] = t;
                    break;
                }
        }
    }
    size_t named = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i]) {
            named++;
            if (out->target[i] == NONE)
                out->nunmatched++;
        }
    if (out->nunmatched) {
        nqpf__buf b = NQPF__BUF_INIT;
        nqpf__buf_printf(&b, "%zu of %zu names not found in %s: ", out->nunmatched, named, what ? what : "the keys");
        size_t listed = 0;
        for (size_t i = 0; i < n && listed < LIST_MAX; i++)
            if (ids[i] && out->target[i] == NONE) {
                if (listed++)
                    nqpf__buf_puts(&b, ", ");
                describe_unmatched(&b, ids[i], out->level, targets, nt);
            }
        if (out->nunmatched > listed)
            nqpf__buf_printf(&b, " and %zu more", out->nunmatched - listed);
        if (b.failed || !(out->message = nqpf__strdup(nqpf__buf_cstr(&b))))
            rc = NQPF_EINTERNAL;
        nqpf__buf_free(&b);
    }
done:
    free(sk);
    free((void *)tdiv);
    if (rc)
        nqpf_region_match_free(out);
    return rc;
}
