/* The method descriptors of this build (one per CLI command and study step type), defined next to
 * each method's parse function (src/DOMAIN/NAME_options.c) and listed in methods.c. */
#ifndef NQPF_METHODS_INTERNAL_H
#define NQPF_METHODS_INTERNAL_H

#include "nqpf/options.h"

extern const nqpf_method nqpf__method_data;
extern const nqpf_method nqpf__method_dea;
extern const nqpf_method nqpf__method_index;
extern const nqpf_method nqpf__method_disparity, nqpf__method_coupling;
extern const nqpf_method nqpf__method_tfp;
extern const nqpf_method nqpf__method_convergence;
extern const nqpf_method nqpf__method_classify;
extern const nqpf_method nqpf__method_spatial;
extern const nqpf_method nqpf__method_dynamics;
extern const nqpf_method nqpf__method_weights;
extern const nqpf_method nqpf__method_structure;
extern const nqpf_method nqpf__method_malmquist;
extern const nqpf_method nqpf__method_secondstage;
extern const nqpf_method nqpf__method_spreg;
extern const nqpf_method nqpf__method_network;
extern const nqpf_method nqpf__method_geodetector;
extern const nqpf_method nqpf__method_sfa;
extern const nqpf_method nqpf__method_ellipse;
extern const nqpf_method nqpf__method_prodest;

#endif
