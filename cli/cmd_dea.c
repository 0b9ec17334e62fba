/* nqpf dea: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_dea(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "dea: not implemented yet");
}

const cli_command cmd_dea_def = {"dea", run_dea, "(not implemented yet)", "dea DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
