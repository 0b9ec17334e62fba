#!/usr/bin/env bash
# nqpf spreg on the Columbus data (Anselin 1988; tests/data/spreg/columbus): the command's outputs and
# their shape, numbers the unit test checks against an independent implementation (tests/unit/
# test_spreg.c) printed here to their digits, the exit codes of bad input (2 usage, 3 data), and
# determinism of the simulated effects for a seed.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/spreg/columbus/data.csv"
E="$NQPF_SOURCE_DIR/tests/data/spreg/columbus/edges.csv"
run() { "$NQPF" spreg "$D" --id id --time year --y CRIME --x INC,HOVAL --weights "$E" -q "$@"; }

# value of column COL in the row of FILE whose column KEYCOL is KEY (CSV without quotes)
val() { awk -F, -v kc="$2" -v k="$3" -v c="$4" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $h[kc]==k{print $h[c]; exit}' "$1"; }

check "sar runs" -- run --model sar -o "$TMP/sar.csv" --tests-out "$TMP/sar_t.csv" --effects-out "$TMP/sar_e.csv"
# rho and the log-likelihood of the SAR (the unit test checks them to 1e-6 against its own search)
check "sar rho 0.4233" -- test "$(printf '%.4f' "$(val "$TMP/sar.csv" term rho estimate)")" = 0.4233
check "sar loglik -182.674" -- test "$(printf '%.3f' "$(val "$TMP/sar_t.csv" statistic loglik value)")" = -182.674
check "sar effects: 3 rows per x" -- test "$(($(wc -l <"$TMP/sar_e.csv") - 1))" -eq 6
check "coefficient header" -- test "$(head -1 "$TMP/sar.csv")" = "model,equation,term,estimate,std_error,z,p_value,ci_lo,ci_hi"
check "effects header" -- test "$(head -1 "$TMP/sar_e.csv")" = "model,variable,effect,method,estimate,std_error,z,p_value"
# OLS: LM tests
check "ols runs" -- run --model ols --tests-out "$TMP/ols_t.csv" -o "$TMP/ols.csv"
check "ols LM-lag 8.898" -- test "$(printf '%.3f' "$(val "$TMP/ols_t.csv" statistic lm_lag value)")" = 8.898
check "ols LM-error 5.206" -- test "$(printf '%.3f' "$(val "$TMP/ols_t.csv" statistic lm_error value)")" = 5.206
# same seed, same simulated SEs; another seed, others
run --model sdm --seed 5 --draws 300 -o "$TMP/a.csv" --effects-out "$TMP/a_e.csv"
run --model sdm --seed 5 --draws 300 -o "$TMP/b.csv" --effects-out "$TMP/b_e.csv"
run --model sdm --seed 6 --draws 300 -o "$TMP/c.csv" --effects-out "$TMP/c_e.csv"
check "same seed, same effects" -- cmp -s "$TMP/a_e.csv" "$TMP/b_e.csv"
check "another seed, other SEs" -- bash -c "! cmp -s '$TMP/a_e.csv' '$TMP/c_e.csv'"
# JSON output holds all three tables
check "json output" -- run --model sac -o "$TMP/sac.json"
check "json has effects and tests" -- grep -q '"tests"' "$TMP/sac.json"

# bad input: usage (2) and data (3)
expect_exit 2 "spreg: --model: expected ols|sar|sem|sdm|slx|sac" -- run --model lag
expect_exit 2 "--y" -- "$NQPF" spreg "$D" --id id --time year --x INC --model sar --weights "$E" -q
expect_exit 2 "'CRIME' is the dependent variable y" -- "$NQPF" spreg "$D" --id id --time year --y CRIME --x CRIME,INC --model sar --weights "$E" -q
expect_exit 3 "NOPE" -- "$NQPF" spreg "$D" --id id --time year --y CRIME --x INC,NOPE --model sar --weights "$E" -q
expect_exit 2 "one period" -- run --model sar --fe twoway
expect_exit 2 "--effects-out: model ols has no spatial effects" -- run --model ols --effects-out "$TMP/x.csv"
expect_exit 2 "--year: no observation has time 1990" -- run --model sar --year 1990
# a unit without data: refused, or dropped with its links
awk -F, 'NR==5{$3=""} {print}' OFS=, "$D" >"$TMP/gap.csv"
expect_exit 3 "column 'CRIME'" -- "$NQPF" spreg "$TMP/gap.csv" --id id --time year --y CRIME --x INC,HOVAL --model sar --weights "$E" -q
check "missing drop fits 48 units" -- "$NQPF" spreg "$TMP/gap.csv" --id id --time year --y CRIME --x INC,HOVAL --model sar \
  --weights "$E" --missing drop -q --tests-out "$TMP/gap_t.csv" -o "$TMP/gap.csv.out"
check "48 units" -- test "$(val "$TMP/gap_t.csv" statistic n value)" = 48
# collinear regressors
awk -F, 'NR==1{print $0",INC2"; next} {print $0","$4*2}' "$D" >"$TMP/col.csv"
expect_exit 3 "collinear" -- "$NQPF" spreg "$TMP/col.csv" --id id --time year --y CRIME --x INC,INC2 --model sar --weights "$E" -q
finish
