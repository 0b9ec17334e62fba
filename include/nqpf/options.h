/**
 * @file options.h
 * @brief One definition of every method's options: descriptor tables, option sets, keyed errors.
 *
 * Each method (dea, malmquist, index, ...) describes its options once, in the library, as a table of
 * nqpf_optdef: the key, its type, default, allowed values and a line of help. Both front doors are
 * built from that table: the command line turns `--bad-mode` into the key `bad_mode`, a study file
 * step has the key itself (`"bad_mode": "ineq"`), and `--help`, the study validator and
 * docs/options.md are printed from it. Whatever the front door, the values land in an nqpf_optset,
 * and one library function per method (e.g. nqpf_dea_options_parse()) turns the set into that
 * method's options struct, applying the defaults and the rules that tie options together. So a
 * method is defined once and behaves the same from the CLI, a study file or a program.
 *
 * Errors about an option carry its key: nqpf_error_key() returns it and the message reads
 * "KEY: what is wrong". Each front end renders the key in its own terms (nqpf_opt_render():
 * `--bad-mode` on the command line, `steps[2].bad_mode` in a study).
 */
#ifndef NQPF_OPTIONS_H
#define NQPF_OPTIONS_H

#include <stddef.h>

#include "nqpf/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The type of an option's value. */
typedef enum nqpf_opt_type {
    NQPF_OPT_FLAG = 0,   /**< on/off: a bare `--super`; `true`/`false` in a study */
    NQPF_OPT_STRING = 1, /**< text with a grammar of its own (described in `help`) */
    NQPF_OPT_CHOICE = 2, /**< one of `choices` */
    NQPF_OPT_INT = 3,    /**< an integer within [min, max] */
    NQPF_OPT_NUMBER = 4, /**< a finite number within [min, max] */
    NQPF_OPT_COLUMN = 5, /**< the name of a column of the data */
    NQPF_OPT_COLUMNS = 6, /**< column names: `a,b` on the command line, `["a", "b"]` (or "a,b") in a study */
    NQPF_OPT_LIST = 7,   /**< items of text, comma-separated or a JSON array */
    NQPF_OPT_PATH = 8,   /**< a file; in a study, relative to the study file's folder */
    NQPF_OPT_MAP = 9     /**< NAME=VALUE items: repeated `--share L=labsh`, or `{"L": "labsh"}` in a study */
} nqpf_opt_type;

/** Flags of an option (nqpf_optdef::flags). */
enum nqpf_opt_flags {
    NQPF_OPT_REQUIRED = 1u,  /**< must be given */
    NQPF_OPT_CLI_ONLY = 2u,  /**< only on the command line (e.g. threads, which a study fixes) */
    NQPF_OPT_STUDY_ONLY = 4u, /**< only in study files */
    NQPF_OPT_REPEATABLE = 8u  /**< STRING: may be given several times (`--let`), read with nqpf_opt_list() */
};

/** One option of a method. Tables end with an entry whose key is NULL. */
typedef struct nqpf_optdef {
    const char *key;     /**< the study key and the name in messages: lower case, '_' between words */
    nqpf_opt_type type;  /**< the value's type */
    unsigned flags;      /**< nqpf_opt_flags */
    const char *arg;     /**< placeholder in help texts ("X1,X2"); NULL for flags */
    const char *def;     /**< the default as text; NULL when there is none or it depends on other options */
    const char *choices; /**< CHOICE: the allowed values separated by '|' */
    const char *help;    /**< one line */
    const char *cli;     /**< the command-line name when it is not the key with '-' for '_' (NULL) */
    double min, max;     /**< INT and NUMBER: bounds (both 0: unbounded) */
} nqpf_optdef;

/** A method: what a CLI command and a study step type share. */
typedef struct nqpf_method {
    const char *name;        /**< "dea": the command and the step type */
    const char *summary;     /**< one line */
    const nqpf_optdef *opts; /**< the options, ended by a NULL key */
} nqpf_method;

/** Every method of this build, NULL-terminated. */
const nqpf_method *const *nqpf_methods(void);

/** The method called @p name, or NULL. */
const nqpf_method *nqpf_method_find(const char *name);

/** The option @p key of @p m (the part of @p key before any '[' or '.' counts), or NULL. */
const nqpf_optdef *nqpf_method_opt(const nqpf_method *m, const char *key);

/** The option of @p m whose command-line name is @p flag (without "--"), or else whose key is
 *  @p flag with '-' for '_' (so `--group-column` finds the option whose flag is `--group-col`). */
const nqpf_optdef *nqpf_method_opt_cli(const nqpf_method *m, const char *flag);

/** The command-line name of an option (its `cli`, or the key with '-' for '_'). Static storage
 *  owned by a small per-thread ring of buffers; copy it if you keep it. */
const char *nqpf_optdef_cli_name(const nqpf_optdef *d);

/** How a front end names options in messages. */
typedef enum nqpf_key_style {
    NQPF_KEYS_PLAIN = 0, /**< the key itself: `bad_mode` */
    NQPF_KEYS_CLI = 1,   /**< the flag: `--bad-mode` */
    NQPF_KEYS_STUDY = 2  /**< the key path: PREFIX followed by the key, e.g. `steps[2].bad_mode` */
} nqpf_key_style;

/** A method's options as given through one front door, before they are interpreted. */
typedef struct nqpf_optset nqpf_optset;

/** Creates an empty set for @p m, filled through front door @p door: options flagged for the other
 *  door are unknown there (NQPF_KEYS_PLAIN accepts all). The caller owns @p *out
 *  (nqpf_optset_free()). */
int nqpf_optset_new(nqpf_optset **out, const nqpf_method *m, nqpf_key_style door);

/** Frees a set and everything its getters returned. NULL is allowed. */
void nqpf_optset_free(nqpf_optset *s);

/** The method of a set. */
const nqpf_method *nqpf_optset_method(const nqpf_optset *s);

/**
 * Adds a value as typed on a command line: a list or columns option is split at commas, a map
 * option takes one NAME=VALUE (give it again for more), a flag takes "true"/"false" (also 1/0,
 * yes/no). Errors (NQPF_EUSAGE, keyed): unknown key, an option given twice, an empty list item.
 */
int nqpf_optset_add(nqpf_optset *s, const char *key, const char *text);

/** Adds one list item or one NAME=VALUE map entry exactly as given (a JSON array's element: it may
 *  contain commas). Errors as nqpf_optset_add(). */
int nqpf_optset_add_item(nqpf_optset *s, const char *key, const char *item);

/** Paths of PATH options resolve against @p dir (a study's folder); NULL = as given. */
int nqpf_optset_set_base_dir(nqpf_optset *s, const char *dir);

/** The value of @p key as text (list items joined by commas), or its default when it was not
 *  given; NULL when neither. For provenance records. The string belongs to the set. */
const char *nqpf_optset_text(const nqpf_optset *s, const char *key);

/** Non-zero when @p key was given. */
int nqpf_optset_has(const nqpf_optset *s, const char *key);

/**
 * Checks the whole set against the descriptor: every required option is present, every value
 * has its type (numbers parse and lie within bounds, choices are allowed). Errors: NQPF_EUSAGE,
 * keyed, the first problem found in table order.
 */
int nqpf_optset_check(const nqpf_optset *s);

/** Called by nqpf_optset_check_columns() for every column an option names; returns NQPF_OK when
 *  the data have it, or sets an error (keyed by @p key, e.g. "inputs[1]") and returns its code. */
typedef int (*nqpf_column_check_fn)(void *userdata, const char *key, const char *column);

/** Calls @p check for every column named by the set's COLUMN and COLUMNS options, in table order;
 *  returns the first error. @p key is "inputs[1]" for the second item of a list. */
int nqpf_optset_check_columns(const nqpf_optset *s, nqpf_column_check_fn check, void *userdata);

/** Typed getters for a method's parse function. An absent option gives the descriptor's default
 *  (FLAG: 0; STRING/PATH/COLUMN without default: NULL; CHOICE without default: -1; lists: none).
 *  A malformed value is a keyed NQPF_EUSAGE error. Returned strings belong to the set. */
int nqpf_opt_flag(const nqpf_optset *s, const char *key, int *out);
int nqpf_opt_string(const nqpf_optset *s, const char *key, const char **out);
int nqpf_opt_choice(const nqpf_optset *s, const char *key, int *out);
int nqpf_opt_long(const nqpf_optset *s, const char *key, long *out);
int nqpf_opt_double(const nqpf_optset *s, const char *key, double *out);
/** LIST, COLUMNS and MAP options: the items (NAME=VALUE for maps), NULL-terminated. */
int nqpf_opt_list(const nqpf_optset *s, const char *key, const char *const **items, size_t *n);
/** PATH options: resolved against the set's base folder. */
int nqpf_opt_path(const nqpf_optset *s, const char *key, const char **out);
/** A file named inside the value of option @p key by a grammar of its own (index's `weights`: the
 *  FILE of "ahp:FILE+critic"): the @p len bytes at @p name, resolved against the set's base folder
 *  as nqpf_opt_path() resolves PATH options. The string belongs to the set. Errors: an empty name
 *  (NQPF_EUSAGE, keyed by @p key). */
int nqpf_opt_subpath(const nqpf_optset *s, const char *key, const char *name, size_t len, const char **out);

/**
 * Records an error about option @p key ("KEY: message") and returns @p code. @p key may carry an
 * item suffix ("inputs[1]"). nqpf_error_key() then returns @p key.
 */
int nqpf_opt_error(int code, const char *key, const char *fmt, ...) NQPF_PRINTF(3, 4);

/** The option key the last error of this thread concerns, or NULL when it concerns none. */
const char *nqpf_error_key(void);

/** The last error's message without its "KEY: " prefix (the whole message when it has no key). */
const char *nqpf_error_text(void);


/** Writes @p key of method @p m (may be NULL) as @p style names it into @p buf (size @p n; always
 *  NUL-terminated). @p prefix is the study key path before the key ("steps[2]."). */
void nqpf_opt_render(char *buf, size_t n, const nqpf_method *m, nqpf_key_style style, const char *prefix,
                     const char *key);

#ifdef __cplusplus
}
#endif
#endif
