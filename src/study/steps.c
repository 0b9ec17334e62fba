/* The table of study step types: one file step_<type>.c per type. */
#include "study/study_internal.h"

/* ---- the table --------------------------------------------------------------------------- */

const study_step_type *const nqpf__study_steps[] = {&nqpf__step_tfp,       &nqpf__step_dea,         &nqpf__step_malmquist,
                                                     &nqpf__step_index,     &nqpf__step_coupling,    &nqpf__step_disparity,
                                                     &nqpf__step_convergence, &nqpf__step_classify,  &nqpf__step_spatial,
                                                     &nqpf__step_dynamics,  &nqpf__step_structure,
                                                     &nqpf__step_secondstage, &nqpf__step_sfa, &nqpf__step_spreg, &nqpf__step_geodetector, &nqpf__step_network, &nqpf__step_ellipse, &nqpf__step_prodest, NULL};
