/* nqpf classify: placeholder until the command lands; see the issue tracker. */
#include "commands.h"

static int run_classify(cli_args *a)
{
    (void)a;
    return nqpf_error_set(NQPF_EINTERNAL, "classify: not implemented yet");
}

const cli_command cmd_classify_def = {"classify", run_classify, "(not implemented yet)", "classify DATA [options]",
                                  "Not implemented yet.", NULL, 1, NULL};
