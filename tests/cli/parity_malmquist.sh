#!/usr/bin/env bash
# The malmquist study step and `nqpf malmquist` with the same options write the same table, byte for
# byte, and refuse the same bad options with the same message (one definition:
# src/dea/malmquist_options.c). The study key "frontier" is the command's --type.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/study/panel.csv"

parity adjacent "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"]' malmquist --inputs K,L --outputs Y
parity sequential_cum "$D" unit year '"inputs": "K,L", "outputs": ["Y"], "frontier": "sequential", "cumulative": true' \
  malmquist --inputs K,L --outputs Y --type sequential --cumulative
parity fixed_base "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "frontier": "fixed-base", "base": 2002, "orientation": "out"' \
  malmquist --inputs K,L --outputs Y --type fixed-base --base 2002 --orientation out
# decomposition and direction were command-line only before the one definition.
parity ray_desli "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "decomposition": "rd", "orientation": "out"' \
  malmquist --inputs K,L --outputs Y --decomposition rd --orientation out
parity gml "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["share"], "frontier": "global", "bad_mode": "ineq"' \
  malmquist --inputs K,L --outputs Y --undesirable share --type global --bad-mode ineq
parity luenberger "$D" unit year '"inputs": ["K", "L"], "outputs": ["Y"], "luenberger": true, "rts": "vrs", "direction": "x,y"' \
  malmquist --inputs K,L --outputs Y --luenberger --rts vrs --direction x,y

parity_error rts_radial "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "rts": "vrs"' \
  rts "applies to the directional distances only" malmquist --inputs K --outputs Y --rts vrs
parity_error base "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "base": 2001' \
  base "applies to the fixed-base frontier only" malmquist --inputs K --outputs Y --base 2001
parity_error frontier "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "frontier": "window"' \
  frontier=type "expected adjacent|fixed-base|global|sequential, found 'window'" malmquist --inputs K --outputs Y --type window
parity_error bad_mode "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "luenberger": true, "bad_mode": "ineq"' \
  bad_mode "needs undesirable outputs" malmquist --inputs K --outputs Y --luenberger --bad-mode ineq
parity_error orientation "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "luenberger": true, "orientation": "out"' \
  orientation "applies to the radial index only" malmquist --inputs K --outputs Y --luenberger --orientation out
parity_error direction "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "luenberger": true, "direction": "0,0"' \
  direction "the direction vector is zero" malmquist --inputs K --outputs Y --luenberger --direction 0,0
parity_error rd_global "$D" unit year '"inputs": ["K"], "outputs": ["Y"], "decomposition": "rd", "frontier": "global"' \
  decomposition "the Ray-Desli decomposition applies to the radial index" malmquist --inputs K --outputs Y --decomposition rd --type global
# The study key works on the command line too: --frontier is --type.
"$NQPF" malmquist "$D" --id unit --time year --inputs K,L --outputs Y --type global -q -o "$TMP/type.csv"
"$NQPF" malmquist "$D" --id unit --time year --inputs K,L --outputs Y --frontier global -q -o "$TMP/frontier.csv"
check "--frontier is another spelling of --type" -- cmp -s "$TMP/type.csv" "$TMP/frontier.csv"
expect_exit 2 "malmquist: --type: given twice" -- "$NQPF" malmquist "$D" --id unit --time year --inputs K,L --outputs Y --type global --frontier global
finish
