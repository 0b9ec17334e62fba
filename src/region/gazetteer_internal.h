/* Internal: the gazetteer's table (generated into gazetteer_data.c by data/gazetteer/generate.js). */
#ifndef NQPF_GAZETTEER_INTERNAL_H
#define NQPF_GAZETTEER_INTERNAL_H

#include <stddef.h>

#include "nqpf/gazetteer.h"

typedef nqpf_division nqpf__gaz_row;

extern const nqpf__gaz_row nqpf__gaz_rows[];
extern const size_t nqpf__gaz_nrows;

/* The division @p text names at @p level (another level when it names none there, and only one);
 * NULL, with @p *ambiguous set when it names several. */
const nqpf_division *nqpf__gaz_resolve(const char *text, int level, int *ambiguous);

/* The level a list of texts is read at (nqpf_region_match()'s majority rule); NQPF_GAZ_ANY when none
 * is a known division. NULL entries are skipped. */
int nqpf__gaz_majority(const char *const *texts, size_t n);

#endif
