#!/usr/bin/env bash
# The sfa study step and `nqpf sfa` with the same options write the same tables (te, and the coef and
# decomposition tables), byte for byte, and refuse the same bad options with the same message (one
# definition: src/parametric/sfa_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/sfa/panel.csv"

# parity_side CASE ARGS...: after `parity CASE`, the command's --coef-out and --decomp-out files equal
# the study's s_coef.csv and s_decomposition.csv.
parity_side() {
  local case=$1; shift
  local dir="$TMP/parity_$case"
  "$NQPF" sfa "$dir/data.csv" --id firm --time year "$@" -q -o "$dir/cli2.csv" --coef-out "$dir/coef.csv" \
    --decomp-out "$dir/dec.csv" 2>"$dir/cli2.err"
  check "parity $case: coef table" -- cmp -s "$dir/out/s_coef.csv" "$dir/coef.csv"
  check "parity $case: decomposition table" -- cmp -s "$dir/out/s_decomposition.csv" "$dir/dec.csv"
}

parity bc92 "$D" firm year '"output": "output", "inputs": ["capital", "labour"], "trend": true, "eta": true' \
  sfa --output output --inputs capital,labour --trend --eta
parity_side bc92 --output output --inputs capital,labour --trend --eta
parity bc95 "$D" firm year '"output": "output", "inputs": "capital,labour", "model": "bc95", "inefficiency": ["z"], "mu": true' \
  sfa --output output --inputs capital,labour --model bc95 --inefficiency z --mu
parity_side bc95 --output output --inputs capital,labour --model bc95 --inefficiency z --mu
parity translog "$D" firm year '"output": "output", "inputs": ["capital", "labour"], "form": "translog", "trend": true' \
  sfa --output output --inputs capital,labour --form translog --trend
parity_side translog --output output --inputs capital,labour --form translog --trend

parity_error model "$D" firm year '"output": "output", "inputs": ["capital", "labour"], "model": "bc88"' \
  model "expected bc92|bc95, found 'bc88'" sfa --output output --inputs capital,labour --model bc88
parity_error inefficiency "$D" firm year '"output": "output", "inputs": ["capital", "labour"], "inefficiency": "z"' \
  inefficiency "applies to model bc95 only" sfa --output output --inputs capital,labour --inefficiency z
parity_error eta "$D" firm year '"output": "output", "inputs": ["capital", "labour"], "model": "bc95", "eta": true' \
  eta "applies to model bc92 only" sfa --output output --inputs capital,labour --model bc95 --eta
parity_error inputs "$D" firm year '"output": "output", "inputs": ["output", "labour"]' \
  inputs "'output' is also the output" sfa --output output --inputs output,labour
finish
