#!/usr/bin/env bash
# The convergence study step and `nqpf convergence` with the same options write the same beta
# table, byte for byte, and refuse the same bad options with the same message (one definition:
# src/region/convergence_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/study/panel.csv"

parity cross "$D" unit year '"var": "Y"' convergence --var Y
parity controls "$D" unit year '"var": "Y", "controls": ["K", "share"]' convergence --var Y --controls K,share
parity panel "$D" unit year '"var": "Y", "panel": true' convergence --var Y --panel
parity panel_controls "$D" unit year '"var": "Y", "controls": "L", "panel": true' convergence --var Y --controls L --panel
parity panel_false "$D" unit year '"var": "Y", "panel": false' convergence --var Y

parity_error var_control "$D" unit year '"var": "Y", "controls": ["K", "Y"]' \
  controls "the variable 'Y' cannot also be a control" convergence --var Y --controls K,Y
parity_error control_twice "$D" unit year '"var": "Y", "controls": ["K", "K"]' \
  controls "control 'K' is listed twice" convergence --var Y --controls K,K
parity_error no_var "$D" unit year '"controls": ["K"]' \
  var "required: variable (positive; analysed in logs)" convergence --controls K
finish
