/**
 * @file join.h
 * @brief Data plumbing shared by every method and front door: a cell as key text, key indexes,
 * left joins into a panel by id or by (id, time), id-to-group maps (with a `via` code table) and
 * period bucketing.
 *
 * One behaviour everywhere (the CLI, study files and programs get the same answers):
 * - **Cell as text.** A text cell is its text; a number is written in the shortest form that reads
 *   back to the same double (nqpf_format_double(): 3 -> "3", 2.5 -> "2.5", never "3.0"), the form a
 *   panel id read from a numeric column takes. So numeric group codes 1, 2, 3 become the groups
 *   "1", "2", "3", and a numeric key 7 matches the id "7". The readers keep codes with a leading
 *   zero ("000001", "01") as text, so they stay "000001" and never match "1". An empty text, a
 *   missing text and NaN are all "missing" (NULL).
 * - **Keys are unique.** A key (an id, or an (id, time) pair) that appears twice in a mapping or
 *   join table is an NQPF_EDATA error naming the file, the row and the first occurrence, e.g.
 *   "zones.csv: row 5, column 'code': 'c1' appears again (first in row 3)". Rows whose key is
 *   missing are skipped (they cannot be looked up).
 * - **Left joins.** Every observation of the panel stays; those without a match get a missing
 *   value.
 */
#ifndef NQPF_JOIN_H
#define NQPF_JOIN_H

#include <stddef.h>

#include "nqpf/panel.h"
#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A buffer of this many bytes holds any number nqpf_cell_text() writes. */
#define NQPF_CELL_TEXT_SIZE 40

/**
 * Cell (@p i, @p j) of @p t as key text (see the file comment for the rule). Numbers are written
 * into @p buf (at least NQPF_CELL_TEXT_SIZE bytes); text is returned as stored (owned by @p t).
 * Returns NULL for a missing cell (NULL or empty text, NaN).
 */
const char *nqpf_cell_text(const nqpf_table *t, size_t j, size_t i, char *buf, size_t bufsize);

/** An index of a table's rows by key text, or by key text and integer time. */
typedef struct nqpf_keyindex nqpf_keyindex;

/**
 * Indexes the rows of @p t by column @p key_col (as nqpf_cell_text()) and, when @p time_col is not
 * NQPF_NONE, by that column too (an integer; a number or a text that reads as one). Rows with a
 * missing key or time are left out. Errors (NQPF_EDATA): a time that is not an integer, a key that
 * appears twice (file, row and first occurrence named). @p t must outlive the index. The caller
 * owns @p *out (nqpf_keyindex_free()).
 */
int nqpf_keyindex_new(nqpf_keyindex **out, const nqpf_table *t, size_t key_col, size_t time_col);

/**
 * Indexes a list of key texts that no table holds (e.g. the unit ids handed to the spatial
 * weights): nqpf_keyindex_find() returns the position k of @p keys[k] (the time is ignored). NULL
 * and empty keys are left out. A key given twice is an NQPF_EDATA error naming both positions
 * (from 0), "WHAT[4]: 'A' appears again (first in WHAT[1])", @p what naming the list (NULL: "keys").
 * The index copies the keys. The caller owns @p *out (nqpf_keyindex_free()).
 */
int nqpf_keyindex_strings(nqpf_keyindex **out, const char *const *keys, size_t n, const char *what);

/** The row whose key is @p key (and time @p time, for an index with a time column), or NQPF_NONE. */
size_t nqpf_keyindex_find(const nqpf_keyindex *k, const char *key, long time);

/** Frees an index; NULL is allowed. */
void nqpf_keyindex_free(nqpf_keyindex *k);

/**
 * Left join: adds columns @p cols[0..n) of @p t to the panel, matching each observation's id to
 * column @p key of @p t (NULL: the column named like the panel's id column) and, when @p time is
 * not NULL, its time to that column of @p t. A column lands under @p as[k] (@p as or an entry NULL:
 * its own name), numeric or text as in @p t; observations without a match get a missing value.
 * Errors: NQPF_EDATA for a column missing from @p t or a duplicate key (see nqpf_keyindex_new());
 * NQPF_EUSAGE for a name the panel already has ("column 'x' is in both A and B").
 */
int nqpf_panel_join(nqpf_panel *p, const nqpf_table *t, const char *key, const char *time, const char *const *cols,
                    const char *const *as, size_t n);

/** Where an id-to-group map comes from (all names are columns of the files). */
typedef struct nqpf_group_source {
    const char *file;     /**< the mapping file: one row per key */
    const char *key;      /**< its key column (NULL: the data's id column name) */
    const char *column;   /**< its group column (NULL: "group") */
    const char *via_file; /**< optional code table translating the data's ids first, or NULL */
    const char *via_from; /**< via_file's column holding the data's ids */
    const char *via_to;   /**< via_file's column holding the codes looked up in @c key */
} nqpf_group_source;

/** An id -> group map. */
typedef struct nqpf_groupmap nqpf_groupmap;

/** Creates an empty map (fill it with nqpf_groupmap_add()). The caller owns @p *out. */
int nqpf_groupmap_new(nqpf_groupmap **out);

/**
 * Adds id -> group. An id already in the map is an NQPF_EDATA error "WHERE: 'ID' appears again
 * (first in FIRST_WHERE)", @p where naming this entry for messages (e.g. "groups.inline.East[2]").
 * Linear in the map's size: meant for short inline lists; files go through nqpf_groupmap_from_tables().
 */
int nqpf_groupmap_add(nqpf_groupmap *m, const char *id, const char *group, const char *where);

/**
 * Builds a map from tables already read: row r of @p g maps the key text of column @p key_col to
 * the group text of column @p group_col (both as nqpf_cell_text(): numeric groups become "1", "2";
 * an empty group maps to no group). With a code table @p via (NULL: none), the map's ids are
 * @p via's column @p via_from, each translated to the code in @p via_to and looked up in @p g.
 * Duplicate keys in @p g's key column or @p via's from column are errors (nqpf_keyindex_new()).
 */
int nqpf_groupmap_from_tables(nqpf_groupmap **out, const nqpf_table *g, size_t key_col, size_t group_col,
                              const nqpf_table *via, size_t via_from, size_t via_to);

/**
 * Reads the files of @p src and builds the map (nqpf_groupmap_from_tables()); @p default_key is the
 * key column when @p src->key is NULL. Errors are keyed by the option they concern (nqpf_error_key():
 * group_file, group_key, group_column, via_file, via_from, via_to), e.g. "group_key: column 'iso'
 * not found in regions.csv".
 */
int nqpf_groupmap_read(nqpf_groupmap **out, const nqpf_group_source *src, const char *default_key);

/**
 * The group of @p id, or NULL when the map has none. An id absent from the map is looked up in
 * China's gazetteer (nqpf/gazetteer.h): it takes the group of the entry naming the same division
 * (北京市, 北京, Beijing and 110000 are one), else that of the entry naming its province (a city in
 * a map of provinces). The map's own ids are read at their majority level.
 */
const char *nqpf_groupmap_find(const nqpf_groupmap *m, const char *id);

/** Where the map's groups come from ("regions.csv" or "regions.csv via iso3_iso2.csv"; "" for an
 *  inline map), for messages. */
const char *nqpf_groupmap_source(const nqpf_groupmap *m);

/** Frees a map; NULL is allowed. */
void nqpf_groupmap_free(nqpf_groupmap *m);

/**
 * The group of every observation of @p p: @p *labels (nobs entries, NULL where the unit has none)
 * point into @p m, which must outlive them; free the array with free(). Units absent from the map
 * fall back to the gazetteer as in nqpf_groupmap_find(), their names read at the majority level of
 * the panel's ids (吉林 is the city among cities).
 */
int nqpf_groupmap_labels(const nqpf_groupmap *m, const nqpf_panel *p, const char ***labels);

/** Adds the text column @p name holding each observation's group (missing where its unit has none).
 *  Errors: NQPF_EUSAGE when @p name is already a column. */
int nqpf_panel_add_groups(nqpf_panel *p, const nqpf_groupmap *m, const char *name);

/**
 * Period bucketing: the observations @p obs[0..n) (every observation when @p obs is NULL) grouped by
 * period in time order. @p *order receives them (panel order within a period) and @p *start the
 * nqpf_panel_times() count + 1 offsets: period k (time nqpf_panel_times()[k]) holds
 * (*order)[(*start)[k] .. (*start)[k+1]). Free both with free().
 */
int nqpf_panel_by_period(const nqpf_panel *p, const size_t *obs, size_t n, size_t **order, size_t **start);

#ifdef __cplusplus
}
#endif
#endif
