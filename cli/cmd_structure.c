/* nqpf structure: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_structure(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "structure: not implemented yet");
}

const cli_command cmd_structure_def = {"structure", run_structure, "(not implemented yet)", "structure DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
