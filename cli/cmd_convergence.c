/* nqpf convergence: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_convergence(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "convergence: not implemented yet");
}

const cli_command cmd_convergence_def = {"convergence", run_convergence, "(not implemented yet)", "convergence DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
