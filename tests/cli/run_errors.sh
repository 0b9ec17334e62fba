# Invalid study files are refused before anything is computed or written: the message names the
# key path and the exit code tells usage (2) from data (3) errors. A step that fails at run time is
# named, and nothing of a failed run is kept (the run is atomic).
source "$(dirname "$0")/lib.bash"

D="$NQPF_SOURCE_DIR/tests/data/study"
# study NAME JSON-BODY: writes $TMP/NAME.json whose output folder is $TMP/NAME.out
study() {
  printf '%s\n' "$2" >"$TMP/$1.json"
}
no_output() { # the output folder must not exist after a refused study
  check "$1: nothing written" -- test ! -e "$TMP/$1.out"
}
DATA="\"data\": {\"file\": \"$D/panel.csv\", \"id\": \"unit\", \"time\": \"year\"}"
TFP='{"type": "tfp", "output": "Y", "inputs": ["K", "L"], "shares": {"L": "share"}}'

study ok "{\"out\": \"ok.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/ok.json"
check "a valid study writes its outputs" -- test -s "$TMP/ok.out/tfp.csv"

study unknown_root "{\"out\": \"unknown_root.out\", $DATA, \"stesp\": [$TFP]}"
expect_exit 2 "unknown_root.json: stesp: unknown key (expected one of: title," -- "$NQPF" run "$TMP/unknown_root.json"
no_output unknown_root

study unknown_step_key "{\"out\": \"unknown_step_key.out\", $DATA, \"steps\": [$TFP, {\"type\": \"tfp\", \"name\": \"t2\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"sahres\": {}}]}"
expect_exit 2 "steps[1].sahres: unknown key" -- "$NQPF" run "$TMP/unknown_step_key.json"
no_output unknown_step_key

study missing_data "{\"out\": \"missing_data.out\", \"data\": {\"file\": \"no/such.csv\", \"id\": \"unit\", \"time\": \"year\"}, \"steps\": [$TFP]}"
expect_exit 3 "missing_data.json: data.file: cannot read" -- "$NQPF" run "$TMP/missing_data.json"
no_output missing_data

study missing_column "{\"out\": \"missing_column.out\", $DATA, \"steps\": [$TFP, {\"type\": \"tfp\", \"name\": \"t2\", \"output\": \"GDP\", \"inputs\": [\"K\", \"L\"]}]}"
expect_exit 3 "steps[1].output: column 'GDP' not found in" -- "$NQPF" run "$TMP/missing_column.json"
no_output missing_column

study missing_input "{\"out\": \"missing_input.out\", $DATA, \"steps\": [{\"type\": \"tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"labour\"]}]}"
expect_exit 3 "steps[0].inputs[1]: column 'labour' not found" -- "$NQPF" run "$TMP/missing_input.json"
no_output missing_input

study bad_let "{\"out\": \"bad_let.out\", $DATA, \"let\": [\"k = log(K)\", \"z = k / H\"], \"steps\": [$TFP]}"
expect_exit 3 "let[1]: column 'H' not found" -- "$NQPF" run "$TMP/bad_let.json"
no_output bad_let

study bad_frontier "{\"out\": \"bad_frontier.out\", $DATA, \"steps\": [{\"type\": \"dea\", \"inputs\": [\"K\", \"L\"], \"outputs\": [\"Y\"], \"frontier\": \"window:2\"}]}"
expect_exit 2 "steps[0].frontier: window:K needs an odd K" -- "$NQPF" run "$TMP/bad_frontier.json"
no_output bad_frontier

study bad_type "{\"out\": \"bad_type.out\", $DATA, \"steps\": [{\"type\": \"teleport\"}]}"
expect_exit 2 "steps[0].type: unknown step type 'teleport' (known: tfp" -- "$NQPF" run "$TMP/bad_type.json"
no_output bad_type

study wrong_value "{\"out\": \"wrong_value.out\", $DATA, \"steps\": [{\"type\": \"tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"method\": \"magic\"}]}"
expect_exit 2 "steps[0].method: expected tornqvist|solow, found 'magic'" -- "$NQPF" run "$TMP/wrong_value.json"

study dup_name "{\"out\": \"dup_name.out\", $DATA, \"steps\": [$TFP, $TFP]}"
expect_exit 2 "steps[1].name: 'tfp' is already the name of steps[0]" -- "$NQPF" run "$TMP/dup_name.json"

study group_col "{\"out\": \"group_col.out\", $DATA, \"groups\": {\"file\": \"$D/zones.csv\", \"key\": \"code\", \"column\": \"region\", \"via\": {\"file\": \"$D/codes.csv\", \"from\": \"unit\", \"to\": \"code\"}}, \"steps\": [$TFP]}"
expect_exit 3 "groups.column: column 'region' not found in" -- "$NQPF" run "$TMP/group_col.json"
no_output group_col

# An inline group lists an id the data lack: a warning (it may be left out on purpose), not an error.
study inline "{\"out\": \"inline.out\", $DATA, \"groups\": {\"name\": \"zone\", \"inline\": {\"North\": [\"AAA\", \"ZZZ\"], \"South\": [\"BBB\", \"CCC\"]}}, \"steps\": [$TFP, {\"type\": \"disparity\", \"var\": \"Y\", \"sample\": {\"where\": \"zone != \\\"\\\"\"}}]}"
expect_exit 0 "groups.inline: 1 of 4 names not found in panel.csv: 'ZZZ' (no similar name)" -- "$NQPF" run "$TMP/inline.json"
check "the inline groups reach the disparity step" -- grep -q '^2001,North,1,' "$TMP/inline.out/disparity_groups.csv"

printf '{"out": "syntax.out", "steps": [\n  {"type": "tfp",}\n]}\n' >"$TMP/syntax.json"
expect_exit 2 "syntax.json: line 2, column" -- "$NQPF" run "$TMP/syntax.json"

expect_exit 3 "cannot read the study file" -- "$NQPF" run "$TMP/nonexistent.json"
expect_exit 2 "--lang" -- "$NQPF" run "$TMP/ok.json" --lang fr
expect_exit 2 "expected one STUDY file" -- "$NQPF" run

# A step that fails at run time (a non-positive output for the logs) is named; a run is atomic
# (docs/reliability.md): nothing of it is kept, not even the earlier step's file, and no work folder
# is left beside the output folder.
awk -F, 'NR==1 {print; next} {if ($1=="CCC" && $2==2004) $3=-1; print}' OFS=, "$D/panel.csv" >"$TMP/bad_panel.csv"
study failing "{\"out\": \"failing.out\", \"data\": {\"file\": \"bad_panel.csv\", \"id\": \"unit\", \"time\": \"year\"}, \"let\": [\"Y2 = Y\"], \"steps\": [{\"type\": \"tfp\", \"name\": \"first\", \"output\": \"K\", \"inputs\": [\"L\"]}, {\"type\": \"tfp\", \"name\": \"second\", \"output\": \"Y2\", \"inputs\": [\"K\", \"L\"], \"shares\": {\"L\": \"share\"}}]}"
expect_exit 3 "failing.json: steps[1] (tfp, \"second\"): " -- "$NQPF" run "$TMP/failing.json"
check "the failing step's message names the row" -- grep -q "row 17" "$TMP/err"
check "nothing of the failed run is kept" -- test ! -e "$TMP/failing.out"
check "no work folder is left" -- test -z "$(ls -A "$TMP" | grep -F '.failing.out.tmp.')"
check "no output for the failing step" -- test ! -e "$TMP/failing.out/second.csv"
check "no report for an incomplete run" -- test ! -e "$TMP/failing.out/report.html"
finish
