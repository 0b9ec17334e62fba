#!/usr/bin/env bash
# The spreg study step and `nqpf spreg` with the same options write the same tables (coefficients,
# effects, tests), byte for byte, and refuse the same bad options with the same message (one
# definition: src/spreg/spreg_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/spreg/columbus/data.csv"
E="$NQPF_SOURCE_DIR/tests/data/spreg/columbus/edges.csv"

# parity_all CASE 'STEP_JSON' ARGS...: parity of the main table, then the effects and tests tables
# (the study's s_effects.csv and s_tests.csv against --effects-out and --tests-out).
parity_all() {
  local case=$1 step=$2; shift 2
  parity "$case" "$D" id year "$step" "$@"
  local dir="$TMP/parity_$case"
  if ! "$NQPF" "$1" "$dir/data.csv" --id id --time year "${@:2}" -q -o "$dir/cli.csv" \
       --effects-out "$dir/cli_effects.csv" --tests-out "$dir/cli_tests.csv" 2>"$dir/cli2.err"; then
    echo "FAIL: parity $case: the command with side outputs failed: $(cat "$dir/cli2.err")"; FAILS=$((FAILS+1)); return
  fi
  for t in effects tests; do
    check "parity $case: $t table" -- cmp -s "$dir/out/s_$t.csv" "$dir/cli_$t.csv"
  done
}

parity_all sdm "\"model\": \"sdm\", \"y\": \"CRIME\", \"x\": [\"INC\", \"HOVAL\"], \"weights\": \"$E\", \"draws\": 200, \"seed\": 3" \
  spreg --model sdm --y CRIME --x INC,HOVAL --weights "$E" --draws 200 --seed 3
parity_all sar_delta "\"model\": \"sar\", \"y\": \"CRIME\", \"x\": \"INC,HOVAL\", \"weights\": \"$E\", \"effects_se\": \"delta\"" \
  spreg --model sar --y CRIME --x INC,HOVAL --weights "$E" --effects-se delta
parity_all sem "\"model\": \"sem\", \"y\": \"CRIME\", \"x\": [\"INC\", \"HOVAL\"], \"weights\": \"$E\"" \
  spreg --model sem --y CRIME --x INC,HOVAL --weights "$E"
parity_all slx_knn "\"model\": \"slx\", \"y\": \"CRIME\", \"x\": [\"INC\", \"HOVAL\"], \"wx\": \"INC\", \"coords\": [\"X\", \"Y\"], \"distance\": \"euclidean\", \"knn\": 4" \
  spreg --model slx --y CRIME --x INC,HOVAL --wx INC --coords X,Y --distance euclidean --knn 4
parity ols "$D" id year "\"model\": \"ols\", \"y\": \"CRIME\", \"x\": [\"INC\", \"HOVAL\"], \"weights\": \"$E\"" \
  spreg --model ols --y CRIME --x INC,HOVAL --weights "$E"

parity_error model "$D" id year "\"model\": \"probit\", \"y\": \"CRIME\", \"x\": \"INC\", \"weights\": \"$E\"" \
  model "expected ols|sar|sem|sdm|slx|sac, found 'probit'" spreg --model probit --y CRIME --x INC --weights "$E"
parity_error wx "$D" id year "\"model\": \"sar\", \"y\": \"CRIME\", \"x\": \"INC\", \"wx\": \"INC\", \"weights\": \"$E\"" \
  wx "applies to models sdm and slx only, not to sar" spreg --model sar --y CRIME --x INC --wx INC --weights "$E"
parity_error draws "$D" id year "\"model\": \"sar\", \"y\": \"CRIME\", \"x\": \"INC\", \"effects_se\": \"delta\", \"draws\": 50, \"weights\": \"$E\"" \
  draws "applies to effects_se sim only, not to delta" spreg --model sar --y CRIME --x INC --effects-se delta --draws 50 --weights "$E"
parity_error hausman "$D" id year "\"model\": \"sar\", \"y\": \"CRIME\", \"x\": \"INC\", \"hausman\": true, \"weights\": \"$E\"" \
  hausman "compares random with fixed effects: it needs fe random" spreg --model sar --y CRIME --x INC --hausman --weights "$E"
finish
