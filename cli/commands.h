/* One function per subcommand; each lives in cmd_<name>.c with its option table and help. */
#ifndef NQPF_CLI_COMMANDS_H
#define NQPF_CLI_COMMANDS_H

#include "cli.h"

extern const cli_command cmd_tfp_def;

void cli__install_warnings(int quiet);
void cli__free_warnings(void);

#endif
