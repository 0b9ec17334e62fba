/**
 * @file gazetteer.h
 * @brief China's administrative divisions (GB/T 2260 codes, full, short and English names) compiled
 * into the library, name-tolerant matching of region ids against a list of keys (map features,
 * group tables, edge lists), and the built-in regional groupings (NBS four regions, the three belts,
 * city clusters, ...). Sources, rules and limits: docs/regions.md and data/gazetteer/README.md.
 *
 * Lookup rules (nqpf_gazetteer_lookup()): a text names a division when it equals, after trimming
 * spaces, its six-digit code ("110000"), its full name (北京市, 内蒙古自治区, 延边朝鲜族自治州),
 * its short name (北京, 内蒙古, 延边) or one of its English names compared without case, spaces,
 * apostrophes, hyphens and dots ("Inner Mongolia", "innermongolia", "Xi'an" = "Xian").
 * A text may name several divisions: 吉林 is a province and a city, "Suzhou" two cities.
 */
#ifndef NQPF_GAZETTEER_H
#define NQPF_GAZETTEER_H

#include <stddef.h>

#include "nqpf/join.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The level of a division. */
enum nqpf_gaz_level {
    NQPF_GAZ_ANY = 0,        /**< in lookups: any level */
    NQPF_GAZ_PROVINCE = 1,   /**< provincial units: provinces, autonomous regions, municipalities, SARs (34) */
    NQPF_GAZ_PREFECTURE = 2, /**< prefecture-level cities, prefectures, autonomous prefectures, leagues */
    NQPF_GAZ_COUNTY = 3      /**< county-level units administered directly by a province (济源, 仙桃, 石河子) */
};

/** One administrative division. All strings are UTF-8 and static (compiled into the library). */
typedef struct nqpf_division {
    long code;              /**< GB/T 2260 six-digit code (110000, 320500) */
    int level;              /**< enum nqpf_gaz_level */
    long parent;            /**< the province's code; 0 for a provincial unit */
    const char *name;       /**< full name: 北京市, 内蒙古自治区, 苏州市, 延边朝鲜族自治州 */
    const char *short_name; /**< short name: 北京, 内蒙古, 苏州, 延边 (unique within a level) */
    const char *en;         /**< English name: Beijing, Inner Mongolia, Suzhou (cities: pinyin) */
    const char *en_also;    /**< other accepted English names separated by '|' ("Xizang"), or "" */
} nqpf_division;

/** The number of divisions in the gazetteer. */
size_t nqpf_gazetteer_count(void);

/** Division @p i (0 <= i < nqpf_gazetteer_count()), or NULL past the end. Provinces come first. */
const nqpf_division *nqpf_gazetteer_at(size_t i);

/** The division with GB/T 2260 code @p code, or NULL. */
const nqpf_division *nqpf_gazetteer_code(long code);

/**
 * The divisions that @p text names (see the file comment), restricted to @p level unless it is
 * NQPF_GAZ_ANY, provinces first. Writes up to @p max of them to @p found (which may be NULL when
 * @p max is 0) and returns how many there are in all: 0 for an unknown text, 1 for a unique one, more
 * for an ambiguous one (吉林 at any level, "Suzhou").
 */
size_t nqpf_gazetteer_lookup(const char *text, int level, const nqpf_division **found, size_t max);

/**
 * The short name for @p text (北京市, Beijing and 110000 all give 北京), or NULL when the gazetteer
 * does not know it or its candidates have different short names ("Suzhou": 苏州 or 宿州). 吉林 gives
 * 吉林, the short name of both the province and the city. The string is static.
 */
const char *nqpf_gazetteer_shortname(const char *text);

/** The result of nqpf_region_match(). */
typedef struct nqpf_region_match_result {
    size_t n;                        /**< the number of ids */
    size_t *target;                  /**< n: the index of each id's target, or (size_t)-1 (unmatched) */
    const nqpf_division **division;  /**< n: the division each id names, or NULL (not a known name) */
    int level;                       /**< the level the list was read at (majority; enum nqpf_gaz_level) */
    size_t nexact;                   /**< ids matched by their exact text */
    size_t nunmatched;               /**< ids without a target */
    char *message;                   /**< NULL when every id matched, else one line listing the
                                          unmatched ids with the closest known names (see
                                          nqpf_region_match()) */
} nqpf_region_match_result;

/**
 * Matches region ids @p ids[0..n) to target keys @p targets[0..nt) (a map's feature names, the keys
 * of a group table, the ids of an edge list): an id whose text equals a target's takes it; the others
 * are looked up in the gazetteer and take the target that names the same division (北京市, Beijing,
 * 110000 and 北京 are one). The level of the whole list is decided by majority: each id that names
 * divisions at a single level votes for it (ties: the higher level), so that 吉林 is the province in
 * a list of provinces and the city in a list of cities; targets are read at the same level. An id
 * naming several divisions of that level ("Suzhou" in a city list) stays unmatched. NULL ids and
 * targets are skipped.
 *
 * When some ids stay unmatched, @p out->message holds one line for a warning or an error (the caller
 * decides): "N of M names not found in WHAT: 'X' (closest: A, B, C), 'Suzhou' (ambiguous: 苏州市
 * 320500, 宿州市 341300; use the code or the Chinese name), ...", the closest names being the targets
 * and the gazetteer's names at the list's level nearest by edit distance over code points; @p what
 * names the targets ("the China map", "groups.csv"). Errors: NQPF_EINTERNAL (memory). The caller
 * frees @p out with nqpf_region_match_free().
 */
int nqpf_region_match(nqpf_region_match_result *out, const char *const *ids, size_t n, const char *const *targets,
                      size_t nt, const char *what);

/** Frees the arrays and message of @p r (the struct itself is the caller's); NULL is allowed. */
void nqpf_region_match_free(nqpf_region_match_result *r);

/* ------------------------------------------------------------------------------------------ */
/* Built-in groupings                                                                          */
/* ------------------------------------------------------------------------------------------ */

/** A built-in regional grouping (members and sources: docs/regions.md). */
typedef struct nqpf_grouping {
    const char *key;      /**< its name in options and study files: nbs4, belts3, north_south, yangtze,
                               yellow_river, jjj, yrd, yrd41, prd, jiangsu3 */
    const char *title;    /**< Chinese title */
    const char *title_en; /**< English title */
    const char *source;   /**< the official source: document, issuing body, year */
    int level;            /**< the level of its members (enum nqpf_gaz_level; city groupings also list
                               the municipalities 北京, 天津, 上海 as provinces) */
} nqpf_grouping;

/** The number of built-in groupings. */
size_t nqpf_gazetteer_groupings(void);

/** Built-in grouping @p i (0 <= i < nqpf_gazetteer_groupings()), or NULL past the end. */
const nqpf_grouping *nqpf_gazetteer_grouping(size_t i);

/** The built-in grouping named @p key ("nbs4"), or NULL. */
const nqpf_grouping *nqpf_gazetteer_grouping_find(const char *key);

/**
 * The group of the division with code @p code in grouping @p key: its Chinese label (东部), or its
 * English one (East) when @p english is non-zero; NULL when the division is not a member (a city
 * outside a city cluster) or the key is unknown. Members are matched by code only (no parent rule).
 */
const char *nqpf_gazetteer_group_of(const char *key, long code, int english);

/**
 * Builds the group map of a built-in grouping: @p spec is its key, optionally followed by ":en" for
 * English group labels or ":zh" (the default) for Chinese ones ("nbs4:en"). The map's ids are the
 * members' six-digit codes; nqpf_groupmap_find() and nqpf_groupmap_labels() find them from any name
 * of the unit (and a city in a province grouping takes its province's group); units outside the
 * grouping get no group. Errors: NQPF_EUSAGE for an unknown key, listing the known ones. The caller
 * owns @p *out (nqpf_groupmap_free()).
 */
int nqpf_groupmap_builtin(nqpf_groupmap **out, const char *spec);

#ifdef __cplusplus
}
#endif
#endif
