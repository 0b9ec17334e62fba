#!/usr/bin/env bash
# nqpf spreg on the Baltagi cigarette panel (46 US states x 30 years, tests/data/spreg/cigar): the
# panel models through the command give the numbers that tests/unit/test_spreg_panel.c checks
# against its independent implementation (printed there; docs/spreg_panel.md), to their printed
# digits: two-way SDM with and without the Lee-Yu transformation, SEM with unit effects, random
# effects and the Hausman test; and the exit codes of bad panel input (2 usage, 3 data).
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/spreg/cigar/data.csv"
E="$NQPF_SOURCE_DIR/tests/data/spreg/cigar/edges.csv"
[ -f "$D" ] && [ -f "$E" ] || { echo "SKIP: tests/data/spreg/cigar missing"; exit 77; }
run() { "$NQPF" spreg "$D" --id state --time year --y logc --x logp,logy --weights "$E" -q "$@"; }

# val FILE KEYCOL KEY COL: column COL of the row whose KEYCOL is KEY; val2 FILE EQUATION TERM COL: of a coefficient
val() { awk -F, -v kc="$2" -v k="$3" -v c="$4" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $h[kc]==k{print $h[c]; exit}' "$1"; }
val2() { awk -F, -v a="$2" -v b="$3" -v c="$4" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next} $h["equation"]==a && $h["term"]==b{print $h[c]; exit}' "$1"; }
is() { test "$(printf "%.${3}f" "$1")" = "$2"; }

# two-way SDM, Lee-Yu (the default): (N-1)(T-1) = 1305 observations
check "sdm twoway runs" -- run --model sdm --fe twoway -o "$TMP/ly.csv" --tests-out "$TMP/ly_t.csv" --effects-out "$TMP/ly_e.csv"
check "lee-yu rho 0.271178" -- is "$(val2 "$TMP/ly.csv" Spatial rho estimate)" 0.271178 6
check "lee-yu rho se 0.033994" -- is "$(val2 "$TMP/ly.csv" Spatial rho std_error)" 0.033994 6
check "lee-yu W*logy -0.308974" -- is "$(val2 "$TMP/ly.csv" Wx logy estimate)" -0.308974 6
check "lee-yu sigma2 0.00523721" -- is "$(val2 "$TMP/ly.csv" Variance sigma2_e estimate)" 0.00523721 8
check "lee-yu loglik 1571.248467" -- is "$(val "$TMP/ly_t.csv" statistic loglik value)" 1571.248467 6
check "lee-yu nobs 1305" -- test "$(val "$TMP/ly_t.csv" statistic nobs value)" = 1305
check "no _cons under fixed effects" -- bash -c "! grep -q _cons '$TMP/ly.csv'"
check "effects: 6 rows" -- test "$(($(wc -l <"$TMP/ly_e.csv") - 1))" -eq 6
# the same without the correction: plain within ML on all 1380 observations
check "fixed effects: no sigma2_mu row" -- bash -c "! grep -q sigma2_mu '$TMP/ly_t.csv'"
check "sdm twoway plain runs" -- run --model sdm --fe twoway --leeyu off -o "$TMP/ml.csv" --tests-out "$TMP/ml_t.csv"
check "plain rho 0.229200" -- is "$(val2 "$TMP/ml.csv" Spatial rho estimate)" 0.229200 6
check "plain logp -1.002451" -- is "$(val2 "$TMP/ml.csv" Main logp estimate)" -1.002451 6
check "plain loglik 1691.538280" -- is "$(val "$TMP/ml_t.csv" statistic loglik value)" 1691.538280 6
check "plain nobs 1380" -- test "$(val "$TMP/ml_t.csv" statistic nobs value)" = 1380
# unit effects: Lee-Yu changes sigma2 by T/(T-1) only
check "sem individual runs" -- run --model sem --fe individual -o "$TMP/sem_ly.csv"
check "sem individual plain runs" -- run --model sem --fe individual --leeyu off -o "$TMP/sem_ml.csv"
check "sem lambda 0.469559" -- is "$(val2 "$TMP/sem_ml.csv" Spatial lambda estimate)" 0.469559 6
check "same lambda with lee-yu" -- is "$(val2 "$TMP/sem_ly.csv" Spatial lambda estimate)" 0.469559 6
check "sigma2 x 30/29" -- awk -v a="$(val2 "$TMP/sem_ly.csv" Variance sigma2_e estimate)" \
  -v b="$(val2 "$TMP/sem_ml.csv" Variance sigma2_e estimate)" 'BEGIN{r=a/b/(30/29); exit !(r>1-1e-7 && r<1+1e-7)}'
# random effects: a constant, and the Hausman test against the (Lee-Yu) unit fixed effects
check "sar random runs" -- run --model sar --fe random --hausman -o "$TMP/re.csv" --tests-out "$TMP/re_t.csv"
check "random rho 0.294784" -- is "$(val2 "$TMP/re.csv" Spatial rho estimate)" 0.294784 6
check "random has _cons" -- grep -q ',Main,_cons,' "$TMP/re.csv"
s2mu=$(val "$TMP/re_t.csv" statistic sigma2_mu value)
check "random reports sigma2_mu > 0 (unit test: against the oracle)" -- awk -v v="$s2mu" 'BEGIN{exit !(v != "" && v + 0 > 0)}'

check "random loglik 1348.295619" -- is "$(val "$TMP/re_t.csv" statistic loglik value)" 1348.295619 6
check "hausman 29.5789 on 3 df" -- is "$(val "$TMP/re_t.csv" statistic hausman value)" 29.5789 4
check "hausman df 3" -- test "$(val "$TMP/re_t.csv" statistic hausman df)" = 3

# bad input
expect_exit 2 "--leeyu" -- run --model sar --fe random --leeyu on
expect_exit 2 "--fe: panel effects are estimated for models sar, sem and sdm" -- run --model sac --fe twoway
# Lee-Yu with period effects needs rows summing to 1: binary weights are refused (keyed, exit 3)
expect_exit 3 "the option leeyu" -- run --model sar --fe twoway --style B
# a missing cell in the panel names its row, column and unit
awk -F, 'NR==7{$3=""} {print}' OFS=, "$D" >"$TMP/gap.csv"
expect_exit 3 "column 'logc'" -- "$NQPF" spreg "$TMP/gap.csv" --id state --time year --y logc --x logp,logy --weights "$E" -q --model sdm --fe twoway
# a regressor constant over time within each state cannot be identified under unit effects
awk -F, 'NR==1{print $0",st"; next} {print $0","$1}' "$D" >"$TMP/const.csv"
expect_exit 3 "no variation" -- "$NQPF" spreg "$TMP/const.csv" --id state --time year --y logc --x logp,st --weights "$E" -q --model sar --fe individual
finish
