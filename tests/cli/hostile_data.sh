#!/usr/bin/env bash
# Hostile data through the CLI and study files (issue 15, first slice): each case exits with the
# documented code and message, never a crash (SIGSEGV would be exit 139) and never a silently
# changed value. Cases: nested_let_depth, nested_where_depth, study_let_depth, study_where_depth,
# let_number_overflow, nul_byte_in_cell, overlong_cell, number_overflow_cell, inf_nan_text,
# framework_long_cell. The unit-level checks are in tests/unit/test_hostile_data.c.
source "$(dirname "$0")/lib.bash"

cat >"$TMP/d.csv" <<'CSV'
u,t,x,y
A,1,1,5
B,1,2,3
C,1,4,1
A,2,2,4
B,2,3,3
C,2,5,2
CSV
# rep STR N: STR repeated N times
rep() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
# 30,000 levels: far beyond any stack-safe recursion, and within one argument's 128 KiB limit.
DEEP_PAREN="$(rep '(' 30000)x$(rep ')' 30000)"
DEEP_MINUS="$(rep '-' 30000)x"
DEEP_SUM="x$(rep '+x' 30000)"

# ---- nested_let_depth / nested_where_depth: no stack overflow, a usage error with the position
expect_exit 2 "nested deeper than 256 levels at character 257" -- \
  "$NQPF" convert "$TMP/d.csv" --let "z=$DEEP_PAREN" -o "$TMP/o.csv"
expect_exit 2 "nested deeper than 256 levels" -- "$NQPF" convert "$TMP/d.csv" --let "z=$DEEP_MINUS" -o "$TMP/o.csv"
expect_exit 2 "nested deeper than 256 levels" -- "$NQPF" convert "$TMP/d.csv" --let "z=$DEEP_SUM" -o "$TMP/o.csv"
expect_exit 2 "nested deeper than 256 levels" -- \
  "$NQPF" convert "$TMP/d.csv" --id u --time t --where "$DEEP_PAREN > 0" -o "$TMP/o.csv"
check "nested_let_depth: no output written" -- test ! -e "$TMP/o.csv"
# Within the bound the value is what the expression says: 120 x -(...) is +x.
expect_exit 0 "" -- "$NQPF" convert "$TMP/d.csv" --let "z=$(rep '-(' 120)x$(rep ')' 120)" -o "$TMP/ok.csv"
check "nested_let_depth: -(-(...x)) within the bound equals x" -- \
  bash -c "awk -F, 'NR>1 && \$3 != \$5 {bad=1} END {exit bad}' '$TMP/ok.csv'"

# ---- study_let_depth / study_where_depth
printf '{"out": "%s", "data": {"file": "%s", "id": "u", "time": "t"}, "let": ["z = %s"], "steps": [{"type": "disparity", "var": "x"}]}\n' \
  "$TMP/s1.out" "$TMP/d.csv" "$DEEP_PAREN" >"$TMP/s1.json"
expect_exit 2 "nested deeper than 256 levels" -- "$NQPF" run "$TMP/s1.json"
printf '{"out": "%s", "data": {"file": "%s", "id": "u", "time": "t"}, "steps": [{"type": "disparity", "var": "x", "sample": {"where": "%s > 0"}}]}\n' \
  "$TMP/s2.out" "$TMP/d.csv" "$DEEP_SUM" >"$TMP/s2.json"
expect_exit 2 "nested deeper than 256 levels" -- "$NQPF" run "$TMP/s2.json"

# ---- let_number_overflow: 1e400 is not infinity
expect_exit 2 "expected a number within the range of a double" -- \
  "$NQPF" convert "$TMP/d.csv" --let "z=x*1e400" -o "$TMP/o.csv"

# ---- nul_byte_in_cell: 104 must never read as 10
printf 'u,t,x\nA,1,10\0004\nB,1,7\n' >"$TMP/nul.csv"
expect_exit 3 "nul.csv: row 2, column 3: byte 0x00" -- "$NQPF" convert "$TMP/nul.csv" -o "$TMP/o.csv"

# ---- overlong_cell: over 1 MiB in one cell
{ printf 'u,t,note\nA,1,'; head -c 1048577 /dev/zero | tr '\0' 'x'; printf '\n'; } >"$TMP/long.csv"
expect_exit 3 "long.csv: row 2, column 3: expected at most 1 MiB of text in a cell" -- \
  "$NQPF" convert "$TMP/long.csv" -o "$TMP/o.csv"

# ---- number_overflow_cell: 1e400 and a 400-digit number are data errors, not inf
printf 'u,t,x\nA,1,1\nB,1,1e400\n' >"$TMP/big.csv"
expect_exit 3 "big.csv: row 3, column 'x': expected a number within the range of a double" -- \
  "$NQPF" convert "$TMP/big.csv" -o "$TMP/o.csv"
printf 'u,t,x\nA,1,1%s\n' "$(rep 0 400)" >"$TMP/digits.csv"
expect_exit 3 "digits.csv: row 2, column 'x': expected a number within the range of a double" -- \
  "$NQPF" convert "$TMP/digits.csv" -o "$TMP/o.csv"
check "number_overflow_cell: no output written" -- test ! -e "$TMP/o.csv"
# Underflow reads as 0 (documented in docs/reliability.md).
printf 'u,t,x\nA,1,1e-400\n' >"$TMP/tiny.csv"
expect_exit 0 "" -- "$NQPF" convert "$TMP/tiny.csv" -o "$TMP/tiny.out.csv"
check "number_overflow_cell: 1e-400 reads as 0" -- grep -qx 'A,1,0' "$TMP/tiny.out.csv"

# ---- inf_nan_text: "inf"/"nan" are texts, so the column stays text and nothing computes on it
printf 'u,t,x\nA,1,1\nB,1,inf\nC,1,3\nA,2,2\nB,2,2\nC,2,nan\n' >"$TMP/inf.csv"
expect_exit 0 "" -- "$NQPF" convert "$TMP/inf.csv" -o "$TMP/inf.out.csv"
check "inf_nan_text: no inf/nan number written (text kept as is)" -- grep -qx 'B,1,inf' "$TMP/inf.out.csv"
expect_exit 3 "" -- "$NQPF" disparity "$TMP/inf.csv" --id u --time t --var x -o "$TMP/o.csv"

# ---- framework_long_cell: a 600-byte direction '+   ...x' was cut to '+' (accepted); now refused
HDR="path,id,label_zh,label_en,column,unit,direction,weight"
printf '%s\nd1,x,,,x,,+%sx,\nd1,y,,,y,,-,\n' "$HDR" "$(rep ' ' 600)" >"$TMP/fw_dir.csv"
expect_exit 3 "row 2, column 'direction': expected '+' or '-'" -- \
  "$NQPF" index "$TMP/d.csv" --id u --time t --framework "$TMP/fw_dir.csv" -o "$TMP/o.csv"
# A 701-byte column expression 0*1000+0*1000+...+x is used whole (cut at 511 bytes it would be a
# constant 0): the index equals the one with column x.
printf '%s\nd1,x,,,%sx,,+,\nd1,y,,,y,,-,\n' "$HDR" "$(rep '0*1000+' 100)" >"$TMP/fw_long.csv"
printf '%s\nd1,x,,,x,,+,\nd1,y,,,y,,-,\n' "$HDR" >"$TMP/fw_short.csv"
expect_exit 0 "" -- "$NQPF" index "$TMP/d.csv" --id u --time t --framework "$TMP/fw_long.csv" -o "$TMP/il.csv" -q
expect_exit 0 "" -- "$NQPF" index "$TMP/d.csv" --id u --time t --framework "$TMP/fw_short.csv" -o "$TMP/is.csv" -q
check "framework_long_cell: long expression gives the same index as its short form" -- \
  cmp -s <(cut -d, -f1-3 "$TMP/il.csv") <(cut -d, -f1-3 "$TMP/is.csv")

finish
