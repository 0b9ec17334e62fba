/* nqpf malmquist: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_malmquist(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "malmquist: not implemented yet");
}

const cli_command cmd_malmquist_def = {"malmquist", run_malmquist, "(not implemented yet)", "malmquist DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
