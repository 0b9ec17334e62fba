#!/usr/bin/env bash
# The missing-value policy (option missing) of dea, malmquist and tfp, on the command line and in
# study steps: missing: drop gives exactly the result of the same run on the file from which those
# rows were deleted beforehand (with grep, an independent path), with one warning listing them;
# missing: refuse (dea, malmquist default) names row, unit, time and column and suggests drop. A
# step that computes no value at all is an error (exit 3), not an empty table.
source "$(dirname "$0")/lib.bash"

cat >"$TMP/d.csv" <<'CSV'
id,t,x1,x2,y
A,1,2,3,1
A,2,2.5,3,1.2
A,3,2.6,3.1,1.5
B,1,3,2,1
B,2,,2.2,1.1
B,3,3.2,2.1,1.3
C,1,4,4,2
C,2,4.1,4.2,2.1
C,3,4.2,4.1,
D,1,1.5,5,1.1
D,2,1.6,5.1,1.2
D,3,1.7,5.3,1.4
E,1,5,1,1.6
E,2,5.1,1.2,1.7
E,3,5.3,1.3,1.8
CSV
# The same data without the two incomplete rows.
grep -v -e '^B,2,' -e '^C,3,' "$TMP/d.csv" >"$TMP/r.csv"
K=(--id id --time t --inputs x1,x2 --outputs y)
WARN="missing: drop left out 2 observations with an empty cell: B 2 (x1), C 3 (y)"

# --- dea ---
expect_exit 3 "d.csv: row 6, column 'x1': expected a value (DEA input; id B, t 2), found an empty cell; set the option missing: drop to leave such observations out" -- \
  "$NQPF" dea "$TMP/d.csv" "${K[@]}"
expect_exit 3 "set the option missing: drop" -- "$NQPF" dea "$TMP/d.csv" "${K[@]}" --missing refuse
expect_exit 0 "warning: dea: $WARN" -- "$NQPF" dea "$TMP/d.csv" "${K[@]}" --missing drop -o "$TMP/dea_drop.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/r.csv" "${K[@]}" -o "$TMP/dea_ref.csv"
check "dea: drop = rows deleted beforehand" -- cmp -s "$TMP/dea_drop.csv" "$TMP/dea_ref.csv"
check "dea: 13 rows" -- test "$(($(wc -l <"$TMP/dea_drop.csv") - 1))" -eq 13
expect_exit 0 "" -- "$NQPF" dea "$TMP/d.csv" "${K[@]}" --model sbm --frontier pooled --missing drop -o "$TMP/sbm_drop.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/r.csv" "${K[@]}" --model sbm --frontier pooled -o "$TMP/sbm_ref.csv"
check "dea sbm pooled: drop = rows deleted beforehand" -- cmp -s "$TMP/sbm_drop.csv" "$TMP/sbm_ref.csv"
expect_exit 2 "expected refuse|drop, found 'skip'" -- "$NQPF" dea "$TMP/d.csv" "${K[@]}" --missing skip

# --- malmquist: a unit missing in one period has no pairs involving it ---
expect_exit 3 "d.csv: row 6, column 'x1': expected a value (Malmquist input; id B, t 2)" -- \
  "$NQPF" malmquist "$TMP/d.csv" "${K[@]}"
expect_exit 0 "warning: malmquist: $WARN" -- "$NQPF" malmquist "$TMP/d.csv" "${K[@]}" --missing drop -o "$TMP/m_drop.csv"
expect_exit 0 "" -- "$NQPF" malmquist "$TMP/r.csv" "${K[@]}" -o "$TMP/m_ref.csv"
check "malmquist: drop = rows deleted beforehand" -- cmp -s "$TMP/m_drop.csv" "$TMP/m_ref.csv"
check "malmquist: B has no pair ending or starting in 2, C none ending in 3" -- \
  test -z "$(grep -e '^B,2,' -e '^B,3,' -e '^C,3,' "$TMP/m_drop.csv")"
check "malmquist: 7 pairs" -- test "$(($(wc -l <"$TMP/m_drop.csv") - 1))" -eq 7

# --- tfp: default keep (empty results, the chain breaks), refuse, drop ---
cat >"$TMP/tfp.csv" <<'CSV'
id,year,Y,K,L
a,2000,1,1,1
a,2001,1.1,1.05,1.02
a,2002,1.2,,1.03
a,2003,1.3,1.15,1.04
a,2004,1.45,1.2,1.05
b,2000,2,1,1
b,2001,2.2,1.1,1
b,2002,2.3,1.12,1.01
CSV
grep -v '^a,2002,' "$TMP/tfp.csv" >"$TMP/tfp_r.csv"
T=(--id id --time year --output Y --inputs K,L --share L=0.6)
expect_exit 0 "" -- "$NQPF" tfp "$TMP/tfp.csv" "${T[@]}" -o "$TMP/tfp_keep.csv"
check "tfp keep: the incomplete year stays with empty results" -- grep -qx 'a,2002,,,' "$TMP/tfp_keep.csv"
expect_exit 3 "tfp.csv: row 4, column 'K': expected a value (TFP input; id a, year 2002), found an empty cell; set the option missing: drop" -- \
  "$NQPF" tfp "$TMP/tfp.csv" "${T[@]}" --missing refuse
expect_exit 0 "warning: tfp: missing: drop left out 1 observation with an empty cell: a 2002 (K)" -- \
  "$NQPF" tfp "$TMP/tfp.csv" "${T[@]}" --missing drop -o "$TMP/tfp_drop.csv"
expect_exit 0 "" -- "$NQPF" tfp "$TMP/tfp_r.csv" "${T[@]}" -o "$TMP/tfp_ref.csv"
check "tfp: drop = rows deleted beforehand" -- cmp -s "$TMP/tfp_drop.csv" "$TMP/tfp_ref.csv"
check "tfp: drop = keep without the incomplete row" -- cmp -s "$TMP/tfp_drop.csv" <(grep -v '^a,2002,' "$TMP/tfp_keep.csv")

# A long list is cut after five, with the count of the rest.
{ echo "id,t,x1,x2,y"; for u in 1 2 3 4 5 6 7 8 9 10; do echo "u$u,1,1,1,"; echo "u$u,2,1,$u,1"; done; } >"$TMP/many.csv"
expect_exit 0 "dea: missing: drop left out 10 observations with an empty cell: u1 1 (y), u2 1 (y), u3 1 (y), u4 1 (y), u5 1 (y), and 5 more" -- \
  "$NQPF" dea "$TMP/many.csv" "${K[@]}" --missing drop -o "$TMP/many_out.csv"

# --- nothing computed is an error ---
printf 'id,year,Y,K,L\na,2000,1,,1\na,2001,1.1,,1\nb,2000,2,,1\nb,2001,2.1,,1\n' >"$TMP/empty_k.csv"
expect_exit 3 "empty_k.csv: tfp computed no value: column 'K' empty in every row" -- \
  "$NQPF" tfp "$TMP/empty_k.csv" "${T[@]}" -o "$TMP/none.csv"
check "no output for a run that computed nothing" -- test ! -e "$TMP/none.csv"
printf 'id,year,Y,K,L\na,2000,1,1,1\nb,2000,2,1,1\n' >"$TMP/one_year.csv"
expect_exit 3 "one_year.csv: tfp computed no value: no unit has the output, every input and its shares in two consecutive years" -- \
  "$NQPF" tfp "$TMP/one_year.csv" "${T[@]}"
printf 'id,t,x1,x2,y\nA,1,1,1,\nB,1,1,2,\n' >"$TMP/no_y.csv"
expect_exit 3 "no_y.csv: dea: every one of its 2 observations has an empty cell among the columns it needs (first: column 'y'), so missing: drop leaves nothing" -- \
  "$NQPF" dea "$TMP/no_y.csv" "${K[@]}" --missing drop

# --- study steps: the same keys, the same numbers ---
study() { printf '%s\n' "$2" >"$TMP/$1.json"; }
DATA="\"data\": {\"file\": \"$TMP/d.csv\", \"id\": \"id\", \"time\": \"t\"}"
study s_drop "{\"out\": \"s_drop.out\", $DATA, \"steps\": [
  {\"type\": \"dea\", \"name\": \"eff\", \"inputs\": [\"x1\", \"x2\"], \"outputs\": [\"y\"], \"missing\": \"drop\"},
  {\"type\": \"malmquist\", \"name\": \"malm\", \"inputs\": [\"x1\", \"x2\"], \"outputs\": [\"y\"], \"missing\": \"drop\"}]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/s_drop.json"
check "study dea drop = CLI on rows deleted beforehand" -- cmp -s "$TMP/s_drop.out/eff.csv" "$TMP/dea_ref.csv"
check "study malmquist drop = CLI on rows deleted beforehand" -- cmp -s "$TMP/s_drop.out/malm.csv" "$TMP/m_ref.csv"
study s_refuse "{\"out\": \"s_refuse.out\", $DATA, \"steps\": [
  {\"type\": \"dea\", \"name\": \"eff\", \"inputs\": [\"x1\", \"x2\"], \"outputs\": [\"y\"]}]}"
expect_exit 3 "steps[0] (dea, \"eff\"): d.csv: row 6, column 'x1': expected a value (DEA input; id B, t 2), found an empty cell; set the option missing: drop" -- \
  "$NQPF" run "$TMP/s_refuse.json"
study s_badkey "{\"out\": \"s_badkey.out\", $DATA, \"steps\": [
  {\"type\": \"dea\", \"name\": \"eff\", \"inputs\": [\"x1\", \"x2\"], \"outputs\": [\"y\"], \"missing\": \"ignore\"}]}"
expect_exit 2 "steps[0].missing: expected refuse|drop, found 'ignore'" -- "$NQPF" run "$TMP/s_badkey.json"

DATA_E="\"data\": {\"file\": \"$TMP/empty_k.csv\", \"id\": \"id\", \"time\": \"year\"}"
study s_tfp_empty "{\"out\": \"s_tfp_empty.out\", $DATA_E, \"steps\": [
  {\"type\": \"tfp\", \"name\": \"prod\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"shares\": {\"L\": 0.6}}]}"
expect_exit 3 "steps[0] (tfp, \"prod\"): empty_k.csv: tfp computed no value: column 'K' empty in every row" -- \
  "$NQPF" run "$TMP/s_tfp_empty.json"
check "no result file for a step that computed nothing" -- test ! -e "$TMP/s_tfp_empty.out/prod.csv"
# Disparity of a variable without values: the library refuses it (as the command does), so the
# study names the step and the column.
study s_disp_empty "{\"out\": \"s_disp_empty.out\", $DATA_E, \"steps\": [
  {\"type\": \"disparity\", \"name\": \"gap\", \"var\": \"K\"}]}"
expect_exit 3 "steps[0] (disparity, \"gap\"): column 'K' is empty in all 4 rows of empty_k.csv" -- \
  "$NQPF" run "$TMP/s_disp_empty.json"

finish
