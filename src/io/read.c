#include "io_internal.h"
#include "../util/util.h"

int nqpf_read_table(nqpf_table **out, const char *path, const nqpf_read_options *opts)
{
    *out = NULL;
    if (nqpf__ends_with_ci(path, ".dta") || nqpf__ends_with_ci(path, ".sav") || nqpf__ends_with_ci(path, ".zsav") ||
        nqpf__ends_with_ci(path, ".por"))
        return nqpf__read_readstat(out, path, opts);
    if (nqpf__ends_with_ci(path, ".xlsx") || nqpf__ends_with_ci(path, ".xls"))
        return nqpf_error_set(NQPF_EDATA, "%s: spreadsheets are not read directly; save the sheet as CSV (UTF-8)",
                              path);
    return nqpf__read_csv(out, path, opts);
}
