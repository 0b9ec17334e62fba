/* nqpf spatial: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_spatial(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "spatial: not implemented yet");
}

const cli_command cmd_spatial_def = {"spatial", run_spatial, "(not implemented yet)", "spatial DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
