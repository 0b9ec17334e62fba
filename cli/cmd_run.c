/* nqpf run: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_run(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "run: not implemented yet");
}

const cli_command cmd_run_def = {"run", run_run, "(not implemented yet)", "run DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
