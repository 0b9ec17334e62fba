/**
 * @file panel.h
 * @brief A panel: a table keyed by (id, integer time), sorted by unit then time.
 *
 * Units keep the order in which their ids first appear in the input; within a unit rows are sorted by
 * time. Every method reads its variables through nqpf_panel_column()/nqpf_panel_require(), which
 * turn a missing column, a non-numeric cell or a forbidden value into one error message naming the
 * file, the spreadsheet row and the column.
 */
#ifndef NQPF_PANEL_H
#define NQPF_PANEL_H

#include <stddef.h>

#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nqpf_panel nqpf_panel;

/**
 * Builds a panel from @p t keyed by columns @p id_col and @p time_col. Always takes ownership of
 * @p t (freed on failure). Errors (NQPF_EDATA): a key column missing, an empty key cell, a time
 * that is not an integer, a duplicate (id, time) pair (both rows named). The caller owns
 * @p *out and frees it with nqpf_panel_free().
 */
int nqpf_panel_new(nqpf_panel **out, nqpf_table *t, const char *id_col, const char *time_col);

/** Frees a panel; NULL is allowed. */
void nqpf_panel_free(nqpf_panel *p);

/** The underlying table (rows in panel order). */
const nqpf_table *nqpf_panel_table(const nqpf_panel *p);

/** Writable underlying table, for adding derived columns. */
nqpf_table *nqpf_panel_table_mut(nqpf_panel *p);

/** Number of observations (rows). */
size_t nqpf_panel_nobs(const nqpf_panel *p);

/** Number of units (distinct ids). */
size_t nqpf_panel_nunits(const nqpf_panel *p);

/** Unit index (0-based, first-appearance order) of observation @p i. */
size_t nqpf_panel_unit(const nqpf_panel *p, size_t i);

/** The id of unit @p u as text. */
const char *nqpf_panel_unit_name(const nqpf_panel *p, size_t u);

/** First observation of unit @p u; its observations are [begin, end). */
size_t nqpf_panel_unit_begin(const nqpf_panel *p, size_t u);

/** One past the last observation of unit @p u. */
size_t nqpf_panel_unit_end(const nqpf_panel *p, size_t u);

/** Time (year) of observation @p i. */
long nqpf_panel_time(const nqpf_panel *p, size_t i);

/** The observation of unit @p u at time @p t, or NQPF_NONE. */
size_t nqpf_panel_find(const nqpf_panel *p, size_t u, long t);

/** The observation of the same unit one period earlier (t - 1), or NQPF_NONE. */
size_t nqpf_panel_prev(const nqpf_panel *p, size_t i);

/** The observation of the same unit one period later (t + 1), or NQPF_NONE. */
size_t nqpf_panel_next(const nqpf_panel *p, size_t i);

/** Distinct times, ascending; @p *n receives their count. Owned by the panel. */
const long *nqpf_panel_times(const nqpf_panel *p, size_t *n);

/** Position of time @p t in nqpf_panel_times(), or NQPF_NONE when no observation has that time. */
size_t nqpf_panel_time_index(const nqpf_panel *p, long t);

/** Name of the id column as given. */
const char *nqpf_panel_id_col(const nqpf_panel *p);

/** Name of the time column as given. */
const char *nqpf_panel_time_col(const nqpf_panel *p);

/** Flags for nqpf_panel_require(). */
enum nqpf_require_flags {
    NQPF_REQ_COMPLETE = 1u << 0, /**< no missing values */
    NQPF_REQ_POSITIVE = 1u << 1, /**< every present value > 0 */
    NQPF_REQ_NONNEG = 1u << 2    /**< every present value >= 0 */
};

/**
 * Finds the numeric column @p name and stores a read-only pointer to its values (panel order) in
 * @p *out. Errors (NQPF_EDATA): no such column ("column 'X' not found in FILE; columns are ..."),
 * a cell that is not a number ("FILE: row R, column 'X': expected a number, found 'abc'").
 */
int nqpf_panel_column(const nqpf_panel *p, const char *name, const double **out);

/**
 * Like nqpf_panel_column() and also checks @p flags over observations (all rows when @p obs is
 * NULL, else the @p nobs rows listed); the first violation is an NQPF_EDATA error naming its row,
 * with @p purpose (e.g. "DEA input") in the message.
 */
int nqpf_panel_require(const nqpf_panel *p, const char *name, unsigned flags, const size_t *obs,
                       size_t nobs, const char *purpose, const double **out);

/**
 * Evaluates "NAME=EXPR" (see expr.h) for every observation and adds or replaces the numeric
 * column NAME. lag()/lead() look one period back/forward within the unit.
 */
int nqpf_panel_let(nqpf_panel *p, const char *assignment);

/**
 * Keeps only observations with @p from <= time <= @p to (pass LONG_MIN/LONG_MAX for no bound)
 * and, when @p where is not NULL, for which the expression is true (non-zero, not missing).
 * Errors when nothing is left.
 */
int nqpf_panel_filter(nqpf_panel *p, const char *where, long from, long to);

/** What a method does with an observation that has an empty cell in a column it needs (option `missing`). */
typedef enum nqpf_missing_policy {
    NQPF_MISSING_REFUSE = 0, /**< an error naming the first empty cell (row, unit, time, column) */
    NQPF_MISSING_DROP = 1,   /**< leave such observations out, with one warning listing them */
    NQPF_MISSING_KEEP = 2    /**< keep them; the method leaves its results there missing (tfp's default) */
} nqpf_missing_policy;

/**
 * Applies @p policy to the columns @p cols[0..ncols) of @p p. REFUSE: the first observation (panel
 * order) with an empty cell is an NQPF_EDATA error "FILE: row R, column 'X': expected a value
 * (PURPOSE; ID U, TIME T), found an empty cell; ..." that suggests the option missing: drop, where
 * PURPOSE is @p purposes[c] (e.g. "DEA input"; @p purposes may be NULL). DROP: when
 * some observations have an empty cell, @p *out is a new panel without them (same source rows; the
 * caller frees it) and one warning (nqpf_warn) names @p method, the count and the first of them as
 * "unit time (column)"; otherwise @p *out is NULL. KEEP: nothing is checked, @p *out is NULL. Errors
 * also as nqpf_panel_column() (a column that is absent or not numeric).
 */
int nqpf_panel_apply_missing(nqpf_panel **out, const nqpf_panel *p, const char *const *cols, size_t ncols,
                             nqpf_missing_policy policy, const char *method, const char *const *purposes);

struct nqpf_optset;
/**
 * Builds a panel from @p t (always taken) with the options of a "data" set: key columns `id` and
 * `time` (@p default_id / @p default_time when not given; NULL = required), every `let` in order,
 * then the sample `where`, `from` and `to`. Errors: NQPF_EUSAGE keyed by the option, and those of
 * nqpf_panel_new(), nqpf_panel_let() and nqpf_panel_filter().
 */
int nqpf_panel_from_options(nqpf_panel **out, nqpf_table *t, const struct nqpf_optset *set, const char *default_id,
                            const char *default_time);

/**
 * Creates a result table for observations @p obs[0..n) (all observations when @p obs is NULL),
 * whose first two columns are the id (text) and the time under their input names. The caller
 * owns the result.
 */
nqpf_table *nqpf_panel_result_new(const nqpf_panel *p, const size_t *obs, size_t n);

/** Names file and spreadsheet row of observation @p i, e.g. "data.csv: row 17" into @p buf. */
const char *nqpf_panel_where(const nqpf_panel *p, size_t i, char *buf, size_t bufsize);

#ifdef __cplusplus
}
#endif
#endif
