#!/usr/bin/env bash
# The dynamics study step and `nqpf dynamics` with the same options write the same table, byte for
# byte, and refuse the same bad options with the same message (one definition:
# src/region/dynamics_options.c, weights shared with spatial).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
S="$NQPF_SOURCE_DIR/tests/data/spatial"
D="$S/panel.csv"
E="$S/lattice_edges.csv"

parity plain "$D" region year '"var": "tfp"' dynamics --var tfp
parity relative_pooled "$D" region year '"var": "tfp", "relative": true, "quantiles": "pooled", "classes": 3, "grid": 64' \
  dynamics --var tfp --relative --quantiles pooled --classes 3 --grid 64
parity cuts_bandwidth "$D" region year '"var": "tfp", "cuts": [0.9, 1.1], "bandwidth": 0.05' \
  dynamics --var tfp --cuts 0.9,1.1 --bandwidth 0.05
parity weights "$D" region year "\"var\": \"tfp\", \"classes\": 3, \"weights\": {\"file\": \"$E\"}" \
  dynamics --var tfp --classes 3 --weights "$E"

parity_error cuts_classes "$D" region year '"var": "tfp", "cuts": [1, 2], "classes": 3' \
  cuts "fixes the classes; drop classes and quantiles" dynamics --var tfp --cuts 1,2 --classes 3
parity_error grid "$D" region year '"var": "tfp", "grid": 1' \
  grid "expected an integer from 2 to 100000, found '1'" dynamics --var tfp --grid 1
parity_error bandwidth "$D" region year '"var": "tfp", "bandwidth": -1' \
  bandwidth "expected a positive number, found '-1'" dynamics --var tfp --bandwidth -1
parity_error style "$D" region year '"var": "tfp", "style": "B"' style "applies to weights only" dynamics --var tfp --style B
finish
