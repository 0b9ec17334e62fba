/* nqpf: the command-line front end. Finds the subcommand in the table, parses its options, runs it
 * and maps the library's status to the exit code (0 ok, 2 usage, 3 data, 4 internal, 5 output). */
#include <stdio.h> /* first: it defines __GLIBC__ on glibc */
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "commands.h"

static const cli_command *const commands[] = {
    &cmd_tfp_def,
    &cmd_dea_def,
    &cmd_malmquist_def,
    &cmd_index_def,
    &cmd_coupling_def,
    &cmd_disparity_def,
    &cmd_dynamics_def,
    &cmd_spatial_def,
    &cmd_weights_def,
    &cmd_convergence_def,
    &cmd_classify_def,
    &cmd_structure_def,
    &cmd_secondstage_def,
    &cmd_sfa_def,
    &cmd_spreg_def,
    &cmd_geodetector_def,
    &cmd_network_def,
    &cmd_ellipse_def,
    &cmd_prodest_def,
    &cmd_run_def,
    &cmd_convert_def,
    NULL};

static void print_main_help(void)
{
    printf("nqpf %s: measure and diagnose new quality productive forces (NQPF)\n\n"
           "Usage: nqpf COMMAND [options] DATA\n"
           "       nqpf help COMMAND | nqpf COMMAND --help\n"
           "       nqpf help --markdown   (every option of every method: docs/options.md)\n\n"
           "Commands:\n",
           nqpf_version());
    for (size_t k = 0; commands[k]; k++)
        printf("  %-12s %s\n", commands[k]->name, commands[k]->summary);
    printf("\nDATA is an Excel .xlsx/.xls sheet (--sheet), a CSV/TSV file (UTF-8, UTF-16 or GB18030/GBK,\n"
           "detected; delimiter detected) or a Stata .dta / SPSS .sav file. Title rows above the header\n"
           "are skipped (--header-row N or N-M to say where the names are); yearbook markers (— … /) are\n"
           "missing. `nqpf convert DATA -o x.csv` shows what nqpf made of a file.\n"
           "Results go to stdout as CSV, or with -o to a .csv, .json or .xlsx file.\n\n"
           "Exit status: 0 success, 2 usage error, 3 data error, 4 internal error, 5 output not written.\n"
           "Documentation: docs/ in the source tree.\n");
}

static const cli_command *find_command(const char *name)
{
    for (size_t k = 0; commands[k]; k++)
        if (strcmp(commands[k]->name, name) == 0)
            return commands[k];
    return NULL;
}

/* The whole front end; nqpf-mpi (mpi/nqpf_mpi.c) calls it after setting up MPI. */
int nqpf_cli_main(int argc, char **argv);
int nqpf_cli_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_main_help();
        return argc < 2 ? NQPF_EUSAGE : 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("nqpf %s\n", nqpf_version());
        return 0;
    }
    if (strcmp(argv[1], "help") == 0) {
        if (argc == 3 && strcmp(argv[2], "--markdown") == 0) {
            cli_print_options_markdown();
            return 0;
        }
        if (argc < 3) {
            print_main_help();
            return 0;
        }
        const cli_command *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "nqpf: unknown command '%s' (see 'nqpf --help')\n", argv[2]);
            return NQPF_EUSAGE;
        }
        cli_print_help(c);
        return 0;
    }
    const cli_command *cmd = find_command(argv[1]);
    if (!cmd) {
        fprintf(stderr, "nqpf: unknown command '%s' (see 'nqpf --help')\n", argv[1]);
        return NQPF_EUSAGE;
    }
    cli_args *a = NULL;
    int rc = cli_parse(cmd, argc - 2, argv + 2, &a);
    if (rc == NQPF_OK && cli_has(a, "help")) {
        cli_print_help(cmd);
        cli_args_free(a);
        return 0;
    }
    if (rc == NQPF_OK) {
        /* GSL's default handler aborts; every GSL status is checked and reported instead. */
        nqpf_global_init();
#ifdef __GLIBC__
        /* GLPK allocates and frees its work arrays in every glp_simplex call; without this glibc
         * hands the freed heap top back to the kernel each time (brk + page faults: DEA and
         * Malmquist runs up to 3x slower). The library leaves this process-wide choice to us. */
        mallopt(M_MMAP_THRESHOLD, 64 << 20);
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
        cli__install_warnings(cli_has(a, "quiet"));
        nqpf_error_clear();
        rc = cmd->fn(a);
        if (rc != NQPF_OK && nqpf_error_message()[0] == '\0')
            nqpf_error_set(rc, "%s failed", cmd->name);
    }
    if (rc != NQPF_OK) {
        /* An error about an option names it as this front end spells it: --bad-mode. */
        const char *key = nqpf_error_key();
        if (key) {
            char flag[160];
            nqpf_opt_render(flag, sizeof flag, nqpf_method_find(cmd->name), NQPF_KEYS_CLI, NULL, key);
            fprintf(stderr, "nqpf: %s: %s: %s\n", cmd->name, flag, nqpf_error_text());
        } else {
            fprintf(stderr, "nqpf: %s\n", nqpf_error_message());
        }
    }
    cli_args_free(a);
    cli__free_warnings();
    return rc;
}

/* Weak, so that nqpf-mpi links these same objects with its own main (mpi/nqpf_mpi.c) in place of
 * this one. */
__attribute__((weak)) int main(int argc, char **argv)
{
    return nqpf_cli_main(argc, argv);
}
