/* Internal: the gazetteer's table (generated into gazetteer_data.c by data/gazetteer/generate.js). */
#ifndef NQPF_GAZETTEER_INTERNAL_H
#define NQPF_GAZETTEER_INTERNAL_H

#include <stddef.h>

#include "nqpf/gazetteer.h"

typedef nqpf_division nqpf__gaz_row;

extern const nqpf__gaz_row nqpf__gaz_rows[];
extern const size_t nqpf__gaz_nrows;

#endif
