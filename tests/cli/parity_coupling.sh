#!/usr/bin/env bash
# The coupling study step and `nqpf coupling` with the same options write the same table, byte for
# byte, and refuse the same bad options with the same message (one definition:
# src/index/coupling_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$TMP/cp.csv"
printf 'u,t,a,b,c\nA,1,0.5,0.5,0.1\nB,1,0.2,0.8,0.9\nA,2,0.6,0.4,0.3\nB,2,0,0.7,0.2\n' >"$D"
S="$NQPF_SOURCE_DIR/tests/data/study/panel.csv"

parity two "$D" u t '"systems": ["a", "b"]' coupling --systems a,b
parity three_coef "$D" u t '"systems": "a,b,c", "coef": "0.5,0.25,0.25"' coupling --systems a,b,c --coef 0.5,0.25,0.25
parity coef_list "$D" u t '"systems": ["a", "b"], "coef": ["0.7", "0.3"]' coupling --systems a,b --coef 0.7,0.3
parity rescale "$S" unit year '"systems": ["K", "L", "Y"], "rescale": true' coupling --systems K,L,Y --rescale

parity_error one_system "$D" u t '"systems": ["a"]' systems "expected 2 to 32 columns, found 1" coupling --systems a
parity_error coef_count "$D" u t '"systems": ["a", "b", "c"], "coef": "0.5,0.5"' \
  coef "expected 3 coefficients (one per system), found 2" coupling --systems a,b,c --coef 0.5,0.5
parity_error coef_sum "$D" u t '"systems": ["a", "b"], "coef": "0.5,0.4"' \
  coef "the coefficients sum to 0.9, expected 1" coupling --systems a,b --coef 0.5,0.4
parity_error coef_negative "$D" u t '"systems": ["a", "b"], "coef": "1.5,-0.5"' \
  coef "expected non-negative numbers, found '-0.5'" coupling --systems a,b --coef 1.5,-0.5
finish
