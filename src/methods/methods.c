/* The registry of methods: what `nqpf --help`, study-file validation and docs/options.md list. */
#include <string.h>

#include "methods/methods.h"

static const nqpf_method *const all[] = {
    &nqpf__method_data,
    &nqpf__method_dea,
    &nqpf__method_index,
    &nqpf__method_disparity, &nqpf__method_coupling,
    &nqpf__method_tfp,
    &nqpf__method_convergence,
    &nqpf__method_classify,
    &nqpf__method_spatial,
    &nqpf__method_dynamics,
    &nqpf__method_weights,
    &nqpf__method_structure,
    &nqpf__method_malmquist,
    &nqpf__method_secondstage,
    &nqpf__method_spreg,
    &nqpf__method_network,
    &nqpf__method_geodetector,
    &nqpf__method_sfa,
    &nqpf__method_ellipse,
    &nqpf__method_prodest,
    NULL};

const nqpf_method *const *nqpf_methods(void) { return all; }

const nqpf_method *nqpf_method_find(const char *name)
{
    for (size_t k = 0; name && all[k]; k++)
        if (strcmp(all[k]->name, name) == 0)
            return all[k];
    return NULL;
}
