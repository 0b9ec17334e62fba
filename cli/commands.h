/* One function per subcommand; each lives in cmd_<name>.c with its option table and help. */
#ifndef NQPF_CLI_COMMANDS_H
#define NQPF_CLI_COMMANDS_H

#include "cli.h"

extern const cli_command cmd_tfp_def;
extern const cli_command cmd_dea_def;
extern const cli_command cmd_malmquist_def;
extern const cli_command cmd_index_def;
extern const cli_command cmd_coupling_def;
extern const cli_command cmd_disparity_def;
extern const cli_command cmd_dynamics_def;
extern const cli_command cmd_spatial_def;
extern const cli_command cmd_weights_def;
extern const cli_command cmd_convergence_def;
extern const cli_command cmd_classify_def;
extern const cli_command cmd_structure_def;
extern const cli_command cmd_secondstage_def;
extern const cli_command cmd_sfa_def;
extern const cli_command cmd_spreg_def;
extern const cli_command cmd_geodetector_def;
extern const cli_command cmd_network_def;
extern const cli_command cmd_ellipse_def;
extern const cli_command cmd_prodest_def;
extern const cli_command cmd_run_def;
extern const cli_command cmd_convert_def;

/* Prints docs/options.md: every method's options from the library's descriptor tables. */
void cli_print_options_markdown(void);

void cli__install_warnings(int quiet);
void cli__free_warnings(void);

#endif
