/* nqpf index: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_index(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "index: not implemented yet");
}

const cli_command cmd_index_def = {"index", run_index, "(not implemented yet)", "index DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
