/* The CLI's shared machinery: an option table per command, parsed into a small key -> values map,
 * the common data-loading path (--id --time --let --where --from --to --delim --na) and the common
 * result path (-o, --log). Each subcommand lives in cmd_<name>.c and only describes its options
 * and calls the library. */
#ifndef NQPF_CLI_H
#define NQPF_CLI_H

#include <stddef.h>

#include "nqpf.h"

/* One option of a command. */
typedef struct cli_opt {
    const char *name;     /* long name without "--" */
    char short_name;      /* 0 when none */
    const char *arg;      /* argument placeholder ("COL", "N", ...); NULL for a flag */
    int repeatable;       /* may be given several times */
    const char *help;     /* one line, may contain the default */
} cli_opt;

typedef struct cli_command cli_command;

/* Parsed arguments. */
typedef struct cli_args cli_args;

typedef int (*cli_fn)(cli_args *a);

struct cli_command {
    const char *name;
    cli_fn fn;
    const char *summary;      /* one line for `nqpf --help` */
    const char *usage;        /* usage line after "nqpf " */
    const char *description;  /* paragraphs printed before the options */
    const cli_opt *opts;      /* command-specific options, {0}-terminated */
    int data_options;         /* 1: takes DATA and the common data/output options */
    const char *notes;        /* printed after the options (examples), may be NULL */
};

/* The commands, defined in main.c. */
extern const cli_command cli_commands[];

/* Parse argv (after the command name). Returns NQPF_OK, or NQPF_EUSAGE with a message. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args **out);
void cli_args_free(cli_args *a);
const cli_command *cli_args_command(const cli_args *a);
/* The options of the library method the command runs (nqpf_method_find(command name)): the
 * command-line values of the options its descriptor table defines. NULL for commands without one. */
nqpf_optset *cli_optset(const cli_args *a);
/* The "data" options (id, time, let, where, from, to, delim, na) of commands that read DATA. */
nqpf_optset *cli_data_optset(const cli_args *a);

/* The value of an option (last one if repeated), or NULL. */
const char *cli_get(const cli_args *a, const char *name);
/* All values of a repeatable option. */
const char *const *cli_get_all(const cli_args *a, const char *name, size_t *n);
/* Non-zero when a flag or option was given. */
int cli_has(const cli_args *a, const char *name);
/* Positional arguments. */
size_t cli_npos(const cli_args *a);
const char *cli_pos(const cli_args *a, size_t k);
/* The whole command line as typed (for provenance). */
const char *cli_cmdline(const cli_args *a);

/* Typed getters: usage errors name the option. */
int cli_get_double(const cli_args *a, const char *name, double def, double *out);
int cli_get_long(const cli_args *a, const char *name, long def, long *out);
int cli_get_size(const cli_args *a, const char *name, size_t def, size_t *out);
/* Returns the index of the value in choices (NULL-terminated) or a usage error. */
int cli_get_choice(const cli_args *a, const char *name, const char *const *choices, int def, int *out);
/* Splits a comma-separated option into items (free the array once). Missing option: *items NULL. */
int cli_get_list(const cli_args *a, const char *name, char ***items, size_t *n);

/* Reads DATA (the one positional argument) with --delim and --na into a table and fills the
 * provenance (nqpf version, command line, input file and its SHA-256). For commands whose data are
 * not a panel; the others use cli_load_panel(). */
int cli_load_table(cli_args *a, nqpf_table **out, nqpf_provenance *pv);

/* Reads DATA with the common options into a panel and fills the provenance (command line,
 * version, input file and SHA-256, keys). --id and --time are required unless id/time defaults
 * are given. */
int cli_load_panel(cli_args *a, const char *default_id, const char *default_time, nqpf_panel **out,
                   nqpf_provenance *pv);

/* Records the method's options (each given option, and the defaults of the others) in the
 * provenance, keyed as in study files. */
void cli_provenance_options(cli_args *a, nqpf_provenance *pv);

/* Writes the result to -o (or stdout) and the --log file, atomically. */
int cli_write_result(cli_args *a, const nqpf_table *t, nqpf_provenance *pv);
int cli_write_results(cli_args *a, const nqpf_table *const *tables, const char *const *names, size_t n,
                      nqpf_provenance *pv);

/* Writes a command's result tables; tables[0] is the main one (NULL entries: tables not made).
 * With -o to a JSON or XLSX file, every table goes into it under names[k]; otherwise the main
 * table goes to -o (or stdout) as CSV. Then each other table k goes to the file given by the
 * command's option side[k] ("sigma-out"; side or side[k] NULL: none). */
int cli_write_all(cli_args *a, const nqpf_table *const *tables, const char *const *names, const char *const *side,
                  size_t n, nqpf_provenance *pv);

/* Messages to the user on stderr ("nqpf: ..."), suppressed by --quiet for info(). */
void cli_info(const cli_args *a, const char *fmt, ...) NQPF_PRINTF(2, 3);

/* A progress line on stderr for long loops; silent with --quiet or when stderr is not a terminal. */
void cli_progress(const cli_args *a, const char *label, size_t done, size_t total);

/* Prints a command's help to stdout. */
void cli_print_help(const cli_command *cmd);

#endif
