/* nqpf dynamics: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_dynamics(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "dynamics: not implemented yet");
}

const cli_command cmd_dynamics_def = {"dynamics", run_dynamics, "(not implemented yet)", "dynamics DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
