#!/usr/bin/env bash
# nqpf sfa through the command line: FRONTIER 4.1's EG1 (tests/data/sfa/eg1_cd) reproduced by the
# command (coefficients within FRONTIER's stopping tolerance, 1e-5 relative; efficiencies 1e-5), the
# logging of the data (log(raw) agrees with FRONTIER's rounded logs to 1e-5), the panel outputs, and
# bad input: values <= 0 (exit 3, row and column named), too few observations (exit 3),
# non-convergence under a tiny iteration cap (exit 3, with the count; --verbose prints the log),
# usage errors (exit 2).
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/sfa"
W="$TMP/sfa"; mkdir -p "$W"

# EG1 as a cross-section: one period (a year column added)
awk -F, -v OFS=, 'NR == 1 {print $0, "year"; next} {print $0, 1}' "$D/eg1_cd/data.csv" >"$W/eg1.csv"
check "EG1 (logged columns) runs" -- "$NQPF" sfa "$W/eg1.csv" --id firm --time year --output ln_output_eg1dta \
  --inputs ln_capital_eg1dta,ln_labour_eg1dta --logged -q -o "$W/te.csv" --coef-out "$W/coef.csv"
# expected: mle coefficients of FRONTIER in the order const, capital, labour, sigma2, gamma
want() { awk -F, -v it="$1" '$1 == "mle" && $2 == it && ($3 == "coefficient" || $3 == "value") {print $6}' "$D/eg1_cd/expected.csv"; }
got() { awk -F, -v t="$1" '$1 == t {print $2}' "$2"; }
close_rel() { awk -v a="$1" -v b="$2" -v r="$3" 'BEGIN {d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(d <= r * m)}'; }
pairs="const:beta0 ln_capital_eg1dta:beta1 ln_labour_eg1dta:beta2 sigma2:sigma-squared gamma:gamma loglik:loglik"
for p in $pairs; do
  t=${p%%:*}; it=${p#*:}
  check "EG1 $t = FRONTIER's $it ($(got "$t" "$W/coef.csv") vs $(want "$it"))" -- close_rel "$(got "$t" "$W/coef.csv")" "$(want "$it")" 1e-5
done
check "EG1 LR test" -- close_rel "$(got lr_test "$W/coef.csv")" "$(want lr_test_one_sided_error)" 1e-5
check "EG1 LR restrictions 1, Kodde-Palm 2.706" -- test "$(got lr_df "$W/coef.csv")" = 1 -a "$(got lr_crit5 "$W/coef.csv" | cut -c1-5)" = 2.705
# efficiencies by firm
awk -F, 'NR == FNR {if ($2 == "technical_efficiency") e[$4] = $6; next}
         FNR > 1 {d = $3 - e[$1]; if (d < 0) d = -d; if (d > 1e-5) bad++; n++}
         END {exit !(n == 60 && bad == 0)}' "$D/eg1_cd/expected.csv" "$W/te.csv"
check "EG1 efficiencies (60 firms, abs 1e-5)" -- test $? -eq 0
check "te.csv columns" -- test "$(head -1 "$W/te.csv")" = "firm,year,te,u"

# nqpf logs the raw data itself: the same estimates to 1e-5 (FRONTIER's logs are rounded to 6 decimals)
check "EG1 raw data logged by nqpf" -- "$NQPF" sfa "$W/eg1.csv" --id firm --time year --output output \
  --inputs capital,labour -q --coef-out "$W/coef_raw.csv" -o "$W/te_raw.csv"
check "EG1 raw: capital elasticity" -- close_rel "$(got capital "$W/coef_raw.csv")" "$(want beta1)" 1e-5
check "EG1 raw: gamma" -- close_rel "$(got gamma "$W/coef_raw.csv")" "$(want gamma)" 1e-5

# the panel: all three tables, decomposition rows = observations with an earlier one (30 x 7)
check "panel bc92 with trend and eta" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --output output --inputs capital,labour \
  --trend --eta -q -o "$W/p_te.csv" --coef-out "$W/p_coef.csv" --decomp-out "$W/p_dec.csv"
check "decomposition rows" -- test "$(wc -l <"$W/p_dec.csv")" -eq 211
check "decomposition columns" -- test "$(head -1 "$W/p_dec.csv")" = "firm,year,tc,tec,se,tfp,rts,dt"
check "coef terms" -- test "$(cut -d, -f1 "$W/p_coef.csv" | head -8 | tr '\n' ' ')" = "term const capital labour trend sigma2 gamma eta "
check "JSON holds the three tables" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --output output --inputs capital,labour \
  --model bc95 --inefficiency z --mu -q -o "$W/all.json"
check "JSON tables" -- grep -q '"decomposition"' "$W/all.json"

# bad input
awk -F, -v OFS=, 'NR == 6 {$4 = 0} {print}' "$D/panel.csv" >"$W/zero.csv"
expect_exit 3 "row 6, column 'capital': expected a positive value" -- "$NQPF" sfa "$W/zero.csv" --id firm --time year \
  --output output --inputs capital,labour
expect_exit 3 "give the option logged" -- "$NQPF" sfa "$W/zero.csv" --id firm --time year --output output --inputs capital,labour
head -5 "$D/panel.csv" >"$W/few.csv"
expect_exit 3 "4 observations for 5 parameters" -- "$NQPF" sfa "$W/few.csv" --id firm --time year --output output --inputs capital,labour
expect_exit 3 "not found after 1 iterations" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --output output \
  --inputs capital,labour --max-iter 1 -o "$W/none.csv"
expect_exit 3 "sfa: BFGS iteration 1: log-likelihood" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --output output \
  --inputs capital,labour --max-iter 1 --verbose
check "no output file after a failure" -- test ! -e "$W/none.csv"
expect_exit 2 "--output" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --inputs capital,labour
expect_exit 2 "--eta: applies to model bc92 only" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --output output \
  --inputs capital,labour --model bc95 --eta
expect_exit 2 "--eta: needs a panel" -- "$NQPF" sfa "$W/eg1.csv" --id firm --time year --output output \
  --inputs capital,labour --eta
expect_exit 3 "column 'nosuch'" -- "$NQPF" sfa "$D/panel.csv" --id firm --time year --output output --inputs capital,nosuch
finish
