/* nqpf coupling: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_coupling(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "coupling: not implemented yet");
}

const cli_command cmd_coupling_def = {"coupling", run_coupling, "(not implemented yet)", "coupling DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
