/* nqpf disparity: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_disparity(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "disparity: not implemented yet");
}

const cli_command cmd_disparity_def = {"disparity", run_disparity, "(not implemented yet)", "disparity DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
