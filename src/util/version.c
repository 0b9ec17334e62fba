#include "nqpf/version.h"

const char *nqpf_version(void) { return NQPF_VERSION; }
