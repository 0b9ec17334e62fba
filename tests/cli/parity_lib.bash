# Parity between the two front doors (sourced by tests/cli/parity_*.sh after lib.bash): a study
# step and the command with the same options on the same data must write the same table, byte for
# byte. Both are built from one descriptor table per method, so any difference is a bug.
#
# parity CASE DATA ID TIME 'STEP_JSON' ARGS...: writes a one-step study on DATA (copied into a fresh
# folder) whose step is STEP_JSON (the keys without "type"/"name": "type" is the command, the name
# is "s"), runs it and `nqpf COMMAND DATA --id ID --time TIME ARGS -o`, and compares s.csv with the
# command's CSV. COMMAND is the first word of ARGS.
parity() {
  local case=$1 data=$2 id=$3 time=$4 step=$5; shift 5
  local cmd=$1; shift
  local dir="$TMP/parity_$case"
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$data" "$dir/data.csv"
  printf '{"data": {"file": "data.csv", "id": "%s", "time": "%s"},\n "steps": [{"type": "%s", "name": "s", %s}]}\n' \
    "$id" "$time" "$cmd" "$step" >"$dir/study.json"
  if ! "$NQPF" run "$dir/study.json" --out "$dir/out" -q 2>"$dir/run.err"; then
    echo "FAIL: parity $case: the study failed: $(cat "$dir/run.err")"; FAILS=$((FAILS+1)); return
  fi
  if ! "$NQPF" "$cmd" "$dir/data.csv" --id "$id" --time "$time" "$@" -q -o "$dir/cli.csv" 2>"$dir/cli.err"; then
    echo "FAIL: parity $case: the command failed: $(cat "$dir/cli.err")"; FAILS=$((FAILS+1)); return
  fi
  if cmp -s "$dir/out/s.csv" "$dir/cli.csv"; then
    PASSES=$((PASSES+1))
  else
    echo "FAIL: parity $case: study step and 'nqpf $cmd $*' differ"; diff "$dir/out/s.csv" "$dir/cli.csv" | head -5
    FAILS=$((FAILS+1))
  fi
}

# parity_error CASE DATA ID TIME 'STEP_JSON' KEY TEXT ARGS...: both front doors refuse the same
# options with exit 2 and the same message TEXT about option KEY, each naming the key in its own
# terms: "steps[0].KEY: TEXT" in the study, "--FLAG: TEXT" on the command line, where FLAG is KEY
# with '-' for '_' (pass KEY as "key=flag" when the flag is named otherwise).
parity_error() {
  local case=$1 data=$2 id=$3 time=$4 step=$5 key=$6 text=$7; shift 7
  local cmd=$1; shift
  local flag=${key#*=}; key=${key%%=*}
  [ "$flag" != "$key" ] || flag=${key//_/-}
  local dir="$TMP/parity_$case"
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$data" "$dir/data.csv"
  printf '{"data": {"file": "data.csv", "id": "%s", "time": "%s"},\n "steps": [{"type": "%s", "name": "s", %s}]}\n' \
    "$id" "$time" "$cmd" "$step" >"$dir/study.json"
  expect_exit 2 "steps[0].$key: $text" -- "$NQPF" run "$dir/study.json" --out "$dir/out" -q
  expect_exit 2 "$cmd: --$flag: $text" -- "$NQPF" "$cmd" "$dir/data.csv" --id "$id" --time "$time" "$@" -q
}
