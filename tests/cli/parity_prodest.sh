#!/usr/bin/env bash
# The prodest study step and `nqpf prodest` with the same options write the same omega table and
# the same coefficients, byte for byte, and refuse the same bad options with the same message (one
# definition: src/parametric/prodest_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/prodest/chilean.csv"
C='"output": "Y", "free": ["fX1", "fX2"], "state": "sX", "logged": true'

# parity_coef CASE: the step's s_coef.csv equals the command's --coef-out file.
parity_coef() {
  check "parity $1: coefficients" -- cmp -s "$TMP/parity_$1/out/s_coef.csv" "$TMP/coef_$1.csv"
}

parity lp "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"lp\", \"reps\": 5, \"seed\": 3" \
  prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method lp --reps 5 --seed 3 --coef-out "$TMP/coef_lp.csv"
parity_coef lp
parity op "$D" idvar timevar "$C, \"proxy\": \"inv\", \"method\": \"op\", \"reps\": 0" \
  prodest --output Y --free fX1,fX2 --state sX --logged --proxy inv --method op --reps 0 --coef-out "$TMP/coef_op.csv"
parity_coef op
parity acf "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"acf\", \"start\": [0.5], \"reps\": 3" \
  prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method acf --start 0.5 --reps 3 --coef-out "$TMP/coef_acf.csv"
parity_coef acf
parity wrdg "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"wrdg\", \"wrdg_form\": \"prodest\"" \
  prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method wrdg --wrdg-form prodest --coef-out "$TMP/coef_wrdg.csv"
parity_coef wrdg

parity_error method "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"gmm\"" \
  method "expected op|lp|acf|wrdg, found 'gmm'" prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method gmm
parity_error reps "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"wrdg\", \"reps\": 10" \
  reps "applies to op, lp and acf only" prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method wrdg --reps 10
parity_error start "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"acf\", \"start\": [0.5, 0.5]" \
  start "expected 1 or 3 numbers" prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method acf --start 0.5,0.5
parity_error wrdg_form "$D" idvar timevar "$C, \"proxy\": \"pX\", \"method\": \"lp\", \"wrdg_form\": \"prodest\"" \
  wrdg_form "applies to method wrdg only, not to lp" prodest --output Y --free fX1,fX2 --state sX --logged --proxy pX --method lp --wrdg-form prodest
parity_error proxy "$D" idvar timevar "$C, \"proxy\": \"sX\", \"method\": \"lp\"" \
  proxy "the column 'sX' is named twice" prodest --output Y --free fX1,fX2 --state sX --logged --proxy sX --method lp
finish
