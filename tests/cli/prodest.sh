#!/usr/bin/env bash
# nqpf prodest on the Chilean plants of R prodest 0.1.1: the published point estimates (Table 1 of
# the vignette, 3 decimals) through the command, the bootstrap standard errors of the vignette's
# R = 20 of the published magnitude (within a factor of 3: R's random numbers are not ours), the
# same seed gives the same bytes whatever --threads; omega has one row per plant-year; bad input exits 3 with the row
# and column, bad options exit 2; the help's examples run.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/prodest/chilean.csv"
E="$NQPF_SOURCE_DIR/tests/data/prodest/expected.csv"
A=(--id idvar --time timevar --output Y --free fX1,fX2 --state sX --logged)

# compare MODEL COEF_CSV SE_RULE: estimates within 0.0005 of the printed ones; SE_RULE "exact"
# (within 0.0005) or "magnitude" (within a factor of 3)
compare() {
  awk -F, -v m="$1" -v rule="$3" 'NR == FNR { if ($1 == m) { e[$3] = $4; s[$3] = $5 } next }
    FNR > 1 { n++; d = $2 - e[$1]; if (d < 0) d = -d; if (d > 0.0005 + 1e-12) { print "estimate", $1, $2, e[$1]; bad++ }
      if (rule == "exact") { d = $3 - s[$1]; if (d < 0) d = -d; if (d > 0.0005 + 1e-12) { print "se", $1, $3, s[$1]; bad++ } }
      else if (!($3 > s[$1] / 3 && $3 < s[$1] * 3)) { print "se magnitude", $1, $3, s[$1]; bad++ } }
    END { exit (bad > 0 || n != 3) }' "$E" "$2"
}

"$NQPF" prodest "$D" "${A[@]}" --proxy inv --method op --reps 20 --seed 123456 -q -o "$TMP/op.csv" --coef-out "$TMP/op_coef.csv"
check "op: Table 1 estimates, bootstrap s.e. of the published magnitude" -- compare OP "$TMP/op_coef.csv" magnitude
"$NQPF" prodest "$D" "${A[@]}" --proxy pX --method lp --reps 20 --seed 123456 -q -o "$TMP/lp.csv" --coef-out "$TMP/lp_coef.csv"
check "lp: Table 1 estimates, bootstrap s.e. of the published magnitude" -- compare LP "$TMP/lp_coef.csv" magnitude
"$NQPF" prodest "$D" "${A[@]}" --proxy pX --method acf --start 0.5 --reps 20 --seed 123456 -q -o "$TMP/acf.csv" --coef-out "$TMP/acf_coef.csv"
check "acf: Table 1 estimates (start 0.5), bootstrap s.e. of the published magnitude" -- compare ACF "$TMP/acf_coef.csv" magnitude
"$NQPF" prodest "$D" "${A[@]}" --proxy pX --method wrdg --wrdg-form prodest -q -o "$TMP/wrdg.csv" --coef-out "$TMP/wrdg_coef.csv"
check "wrdg (prodest form): WRDG_GMM estimates and analytic s.e." -- compare WRDG_GMM "$TMP/wrdg_coef.csv" exact
check "coefficient header" -- bash -c "head -1 '$TMP/lp_coef.csv' | grep -qx 'term,estimate,std_error,method,n_obs'"
check "omega: header and one row per plant-year" -- bash -c "head -1 '$TMP/lp.csv' | grep -qx 'idvar,timevar,omega' && [ \$(wc -l < '$TMP/lp.csv') -eq 2545 ]"
"$NQPF" prodest "$D" "${A[@]}" --proxy pX --method lp --reps 20 --seed 123456 -q -o "$TMP/lp2.csv" --coef-out "$TMP/lp2_coef.csv"
check "same seed, same bytes" -- cmp -s "$TMP/lp_coef.csv" "$TMP/lp2_coef.csv"
"$NQPF" prodest "$D" "${A[@]}" --proxy pX --method lp --reps 5 --seed 7 -q -o "$TMP/lp3.csv" --coef-out "$TMP/lp3_coef.csv"
check "another seed, other standard errors, same estimates" -- bash -c "! cmp -s '$TMP/lp_coef.csv' '$TMP/lp3_coef.csv' && cmp -s '$TMP/lp.csv' '$TMP/lp3.csv'"

for th in 1 3; do
  "$NQPF" prodest "$D" "${A[@]}" --proxy inv --method op --reps 6 --seed 5 --threads $th -q -o "$TMP/th.csv" --coef-out "$TMP/th_$th.csv"
done
check "1 and 3 threads write the same bytes" -- cmp -s "$TMP/th_1.csv" "$TMP/th_3.csv"

# bad input
printf 'firm,year,y,l,k,m\n1,2000,10,2,3,4\n1,2001,11,0,3,4\n2,2000,9,2,2,3\n2,2001,9.5,2,2,3\n' >"$TMP/zero.csv"
expect_exit 3 "row 3, column 'l': expected a positive number (prodest takes its log; if the data are already logs, set the option logged)" -- \
  "$NQPF" prodest "$TMP/zero.csv" --id firm --time year --output y --free l --state k --proxy m --method lp
printf 'firm,year,y,l,k,m\n1,2000,10,2,3,4\n1,2002,11,1,3,4\n2,2000,9,2,2,3\n' >"$TMP/nolag.csv"
expect_exit 3 "no row has the previous year of the same firm" -- \
  "$NQPF" prodest "$TMP/nolag.csv" --id firm --time year --output y --free l --state k --proxy m --method lp --logged
expect_exit 3 "column 'labour' not found" -- "$NQPF" prodest "$D" --id idvar --time timevar --output Y --free labour \
  --state sX --proxy pX --method lp --logged
expect_exit 3 "did not converge in 10 iterations" -- "$NQPF" prodest "$D" "${A[@]}" --proxy pX --method acf --start 0.5 --max-iter 10 --reps 0
expect_exit 2 "--method: expected" -- "$NQPF" prodest "$D" "${A[@]}" --proxy pX --method ols
expect_exit 2 "--proxy" -- "$NQPF" prodest "$D" "${A[@]}" --method lp
expect_exit 2 "--reps: applies to op, lp and acf only" -- "$NQPF" prodest "$D" "${A[@]}" --proxy pX --method wrdg --reps 5

# the examples of the help run from the source folder
check "help names the estimators" -- bash -c "'$NQPF' help prodest | grep -q 'Levinsohn' && '$NQPF' help prodest | grep -q 'Examples:'"
finish
