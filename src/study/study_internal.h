/* The study runner's internal interface: every analysis is a step type with a key list, a validate
 * function (checks the step's configuration against the data's columns before anything runs) and a
 * run function (calls the library and hands back named result tables). Adding a method to study
 * files means adding one step type to the table in steps.c. */
#ifndef NQPF_STUDY_INTERNAL_H
#define NQPF_STUDY_INTERNAL_H

#include <stddef.h>

#include <jansson.h>

#include "nqpf/error.h"
#include "nqpf/options.h"
#include "nqpf/panel.h"
#include "nqpf/study.h"
#include "nqpf/table.h"

/* Tables a step hands back; suffix NULL is the step's main table (file <name>.csv), any other
 * suffix is written as <name>_<suffix>.csv. */
typedef struct study_table {
    char *suffix;
    nqpf_table *t;
} study_table;

typedef struct study_step_out {
    study_table *tables;
    size_t n;
} study_step_out;

typedef struct study_step_type {
    const char *type;
    const char *summary;      /* one line for docs and errors */
    /* allowed keys besides the common ones (type, name, title, sample, use), NULL-terminated; NULL
     * for a type backed by a library method (nqpf_method_find(type)): its descriptor's keys */
    const char *const *keys;
    int (*validate)(const nqpf_study *s, const json_t *cfg, const char *path);
    int (*run)(nqpf_study *s, const json_t *cfg, const char *path, study_step_out *out);
    /* the suffixes of the tables it hands back besides its main one (<name>_<suffix>.csv and sheet),
     * NULL-terminated, or NULL for none: the run refuses two steps claiming one file before any work */
    const char *const *tables;
} study_step_type;

/* The table of step types (steps.c), NULL-terminated. */
extern const study_step_type *const nqpf__study_steps[];

/* The guard every step passes after it ran: a main table whose numeric result columns (besides the
 * keys) are all empty, or have no rows, is an NQPF_EDATA error "produced no values: ..." naming them. */
int study__check_produced(nqpf_study *s, const study_step_out *out);

/* Appends a table to a step's output, taking ownership of t (freed on failure). */
int study__add_table(study_step_out *o, const char *suffix, nqpf_table *t);

/* Records an error "STUDY: PATH.KEY: message" (key may be NULL) and returns code. */
int study__err(const nqpf_study *s, int code, const char *path, const char *key, const char *fmt, ...)
    NQPF_PRINTF(5, 6);

/* Typed getters for step keys. A missing optional key leaves *out at its default and returns OK;
 * a missing required key or a wrong type is an NQPF_EUSAGE error naming PATH.KEY. */
int study__str(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
               const char **out);
int study__long(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
                long *out);
int study__num(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
               double *out);
int study__bool(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int *out);
/* A string, or an array of strings; *out is a malloc'd array of pointers into the JSON (free it). */
int study__strlist(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required,
                   const char ***out, size_t *n);
/* One of the NULL-terminated choices; *out is its index (def when the key is absent). */
int study__choice(const nqpf_study *s, const json_t *cfg, const char *path, const char *key,
                  const char *const *choices, int def, int *out);

/* Checks that column name exists in the data (after `let` and groups): NQPF_EDATA naming
 * PATH.KEY otherwise. */
int study__need_column(const nqpf_study *s, const char *path, const char *key, const char *name);

/* The study's panel (after `let`, sample and groups; valid during run). */
nqpf_panel *study__panel(nqpf_study *s);

/* The name of the group column (NULL when the study defines no groups). */
const char *study__group_column(const nqpf_study *s);

/* The study file's path as given, for messages. */
const char *study__path(const nqpf_study *s);

/* Resolves a path from the study file against its folder (malloc'd). */
char *study__resolve(const nqpf_study *s, const char *rel);

/* Reads an auxiliary table named by key "file" of object obj at PATH (resolved against the study
 * folder); errors name PATH.file. The caller owns *out. */
int study__read_aux(const nqpf_study *s, const json_t *obj, const char *path, nqpf_table **out);

/* Checks that the table read from PATH.file has the column named by PATH.key. */
int study__aux_column(const nqpf_study *s, const nqpf_table *t, const char *path, const char *key,
                      const char *name);

/* Progress for long steps: forwards to the study's progress callback. */
void study__progress(const nqpf_study *s, const char *label, size_t done, size_t total);

/* The option set of a method-backed step: every key but the common ones, converted from JSON
 * (strings as they are, numbers and booleans as they print, arrays item by item, objects as
 * NAME=VALUE items) and checked against the method's descriptor. Errors name PATH.KEY. */
int study__optset(const nqpf_study *s, const json_t *cfg, const char *path, nqpf_optset **out);

/* Turns a keyed library error (nqpf_error_key()) into "STUDY: PATH.KEY: message"; returns rc. */
int study__keyed(const nqpf_study *s, const char *path, int rc);

/* Checks every column a method-backed step's options name (COLUMN and COLUMNS options). */
int study__check_columns(const nqpf_study *s, const nqpf_optset *set, const char *path);

/* A method's options parse function (nqpf_<method>_options_parse) seen through void *, so that
 * the helpers below serve every step type; each step wraps its own in one line. */
typedef int (*study_parse_fn)(void *opts, const nqpf_optset *set);

/* Builds the step's option set and parses it into @p opts (errors name PATH.KEY). The options
 * point into *set, which the caller frees after the run (NULL on error). */
int study__parse(const nqpf_study *s, const json_t *cfg, const char *path, study_parse_fn parse, void *opts,
                 nqpf_optset **set);

/* The whole validation of a plain method step: parse, then check every column option against the
 * data. */
int study__validate_method(const nqpf_study *s, const json_t *cfg, const char *path, study_parse_fn parse,
                           void *opts);

/* Hands n result tables to the step's output in order, tables[k] under suffixes[k] (NULL: the
 * main table); NULL tables are skipped. Takes every table over, also when it fails. */
int study__add_tables(study_step_out *out, nqpf_table *const *tables, const char *const *suffixes, size_t n);

/* paper_tables.c: writes results.xlsx at path: the long tables (names[k], tables[k]) one sheet each,
 * then for each step its paper-ready wide sheets (index, tfp, malmquist, disparity) with headers in
 * lang (en or zh) and fixed-decimal formats, then the provenance sheet. Region labels come from the
 * panel's label_col (NULL: the ids). */
struct nqpf_provenance;
int study__write_workbook(const char *path, const char *lang, const nqpf_panel *panel, const char *label_col,
                          const nqpf_table *const *tables, const char *const *names, size_t n,
                          const char *const *step_types, const char *const *step_names, const study_step_out *outs,
                          size_t nsteps, const struct nqpf_provenance *pv);

/* Helpers shared by the step types (steps_common.c, step_weights.c). */

/* Checks that every column named by the string or list KEY exists in the data. */
int study__need_columns(const nqpf_study *s, const json_t *cfg, const char *path, const char *key, int required);

/* A copy of a table owned by a library result object, so that the step output can own it. */
nqpf_table *study__copy_table(const nqpf_table *t);

/* Adds a table unless it is NULL (optional outputs); takes ownership. */
int study__add_opt(study_step_out *out, const char *suffix, nqpf_table *t);

/* Steps with spatial weights (step_weights.c): *out is a copy of cfg with the nested
 * "weights": {file, from, to, weight, via: {file, from, to}} respelt as the library's flat keys
 * (weights, weights_from, ..., weights_via_to); the caller owns it (json_decref). */
int study__weights_flat(const nqpf_study *s, const json_t *cfg, const char *path, json_t **out);
/* As study__keyed(), naming a weights key as cfg spells it (weights.via.from for weights_via_from). */
int study__weights_keyed(const nqpf_study *s, const json_t *cfg, const char *path, int rc);
/* study__parse() for a step with weights keys (spatial, dynamics): the nested weights form is
 * respelt first, and errors name the key as the user wrote it. */
int study__weights_parse(const nqpf_study *s, const json_t *cfg, const char *path, study_parse_fn parse, void *opts,
                         nqpf_optset **set);
/* Validation of a step with weights: the columns its options name, and the neighbour list and id
 * mapping of w (read, then dropped). */
struct nqpf_weights_spec;
int study__weights_check(const nqpf_study *s, const json_t *cfg, const char *path, const nqpf_optset *set,
                         const struct nqpf_weights_spec *w);

/* The step types (step_<type>.c). */
extern const study_step_type nqpf__step_tfp, nqpf__step_dea, nqpf__step_malmquist, nqpf__step_index,
    nqpf__step_coupling, nqpf__step_disparity, nqpf__step_convergence, nqpf__step_classify, nqpf__step_spatial,
    nqpf__step_dynamics, nqpf__step_structure;
extern const study_step_type nqpf__step_secondstage;
extern const study_step_type nqpf__step_sfa;
extern const study_step_type nqpf__step_spreg;
extern const study_step_type nqpf__step_geodetector;
extern const study_step_type nqpf__step_network;
extern const study_step_type nqpf__step_ellipse;
extern const study_step_type nqpf__step_prodest;

#endif
