#!/usr/bin/env bash
# The spatial study step and `nqpf spatial` with the same options write the same table, byte for
# byte, and refuse the same bad options with the same message (one definition:
# src/region/spatial_options.c, with the weights options of src/region/weights_internal.h).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
S="$NQPF_SOURCE_DIR/tests/data/spatial"
D="$S/panel.csv"
E="$S/lattice_edges.csv"

parity list "$D" region year "\"var\": \"tfp\", \"weights\": \"$E\"" spatial --var tfp --weights "$E"
parity list_binary_perm "$D" region year "\"var\": \"tfp\", \"weights\": \"$E\", \"style\": \"B\", \"permutations\": 49, \"seed\": 7" \
  spatial --var tfp --weights "$E" --style B --permutations 49 --seed 7
# The nested study form is another spelling of the flat keys.
parity list_nested "$D" region year "\"var\": \"tfp\", \"weights\": {\"file\": \"$E\", \"from\": \"from\", \"to\": \"to\"}" \
  spatial --var tfp --weights "$E" --weights-from from --weights-to to
parity knn "$D" region year '"var": "tfp", "coords": ["lon", "lat"], "knn": 3' spatial --var tfp --coords lon,lat --knn 3
parity idw "$D" region year '"var": "tfp", "coords": "lon,lat", "power": 2, "max_distance": 200, "distance": "euclidean"' \
  spatial --var tfp --coords lon,lat --power 2 --max-distance 200 --distance euclidean

parity_error both "$D" region year "\"var\": \"tfp\", \"weights\": \"$E\", \"coords\": [\"lon\", \"lat\"]" \
  coords "give either a neighbour list (weights) or coordinates, not both" spatial --var tfp --weights "$E" --coords lon,lat
parity_error knn_list "$D" region year "\"var\": \"tfp\", \"weights\": \"$E\", \"knn\": 2" \
  knn "applies to coordinates (coords) only" spatial --var tfp --weights "$E" --knn 2
parity_error no_weights "$D" region year '"var": "tfp"' \
  weights "required: a neighbour list (weights) or two coordinate columns (coords)" spatial --var tfp
parity_error via_to "$D" region year "\"var\": \"tfp\", \"weights\": \"$E\", \"weights_via\": \"$E\", \"weights_via_from\": \"from\"" \
  weights_via_to "required with an id mapping (weights_via)" spatial --var tfp --weights "$E" --weights-via "$E" --weights-via-from from
finish
