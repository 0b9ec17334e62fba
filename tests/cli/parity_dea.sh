#!/usr/bin/env bash
# The dea study step and `nqpf dea` with the same options write the same table, byte for byte, and
# refuse the same bad options with the same message (one definition: src/dea/dea_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/study/panel.csv"

parity radial_crs "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"]' dea --inputs K,L --outputs Y
parity radial_vrs_out "$D" unit year '"inputs": "K,L", "outputs": ["Y"], "rts": "vrs", "orientation": "out", "slacks": true, "peers": true' \
  dea --inputs K,L --outputs Y --rts vrs --orientation out --slacks --peers
parity super "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "super": true, "frontier": "pooled"' \
  dea --inputs K,L --outputs Y --super --frontier pooled
parity sbm "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "model": "sbm", "rts": "vrs"' \
  dea --inputs K,L --outputs Y --model sbm --rts vrs
# The case that once differed: DDF with an undesirable output takes the default direction 0,y,b
# in both front doors.
parity ddf_bad "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["share"], "model": "ddf"' \
  dea --inputs K,L --outputs Y --undesirable share --model ddf
parity ddf_bad_ineq "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["share"], "model": "ddf", "bad_mode": "ineq", "direction": "x,y,b", "frontier": "sequential"' \
  dea --inputs K,L --outputs Y --undesirable share --model ddf --bad-mode ineq --direction x,y,b --frontier sequential
parity weak "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "weak_disposal": "y", "frontier": "window:3"' \
  dea --inputs K,L --outputs Y --weak-disposal y --frontier window:3

# The default direction with a bad output is 0,y,b: giving it explicitly changes nothing.
"$NQPF" dea "$D" --id unit --time year --inputs K,L --outputs Y --undesirable share --model ddf -q -o "$TMP/d1.csv"
"$NQPF" dea "$D" --id unit --time year --inputs K,L --outputs Y --undesirable share --model ddf --direction 0,y,b -q \
  -o "$TMP/d2.csv"
check "the default DDF direction with bad outputs is 0,y,b" -- cmp -s "$TMP/d1.csv" "$TMP/d2.csv"

parity_error orient_ddf "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "model": "ddf", "orientation": "in"' \
  orientation "model ddf has no orientation" dea --inputs K --outputs Y --model ddf --orientation in
parity_error bad_rts "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "rts": "drs"' \
  rts "expected crs|vrs|nirs|ndrs, found 'drs'" dea --inputs K --outputs Y --rts drs
parity_error window "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "frontier": "window:2"' \
  frontier "window:K needs an odd K" dea --inputs K --outputs Y --frontier window:2
parity_error bad_mode "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "model": "ddf", "bad_mode": "ineq"' \
  bad_mode "needs undesirable outputs" dea --inputs K --outputs Y --model ddf --bad-mode ineq
finish
