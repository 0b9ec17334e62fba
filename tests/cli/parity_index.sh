#!/usr/bin/env bash
# The index study step and `nqpf index` with the same options write the same table, byte for byte,
# and refuse the same bad options with the same message (one definition: src/index/index_options.c).
# Framework and AHP files lie outside the study folder: the study names them relative to it
# ("../files/..."), the command by their path, so both resolutions are exercised.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
S="$NQPF_SOURCE_DIR"
D="$S/tests/data/study/panel.csv"
F="$TMP/files"
mkdir -p "$F"
cp "$S/tests/data/study/framework.csv" "$F/fw.csv"
# The same framework with every weight typed: without a weights option both mean fixed weights.
awk -F, 'BEGIN {OFS=","} NR==1 {print; next} {$8 = (NR==2 ? 0.4 : 0.2); print}' "$F/fw.csv" >"$F/fw_fixed.csv"
# A square AHP matrix over the indicator ids; a '+' in its name is part of the name.
printf 'id,lp,kl,size,labour_share\nlp,1,3,5,2\nkl,1/3,1,2,1/2\nsize,1/5,1/2,1,1/3\nlabour_share,1/2,2,3,1\n' \
  >"$F/ahp a+b.csv"
# Hierarchical AHP judgements for the Penn World Table framework.
printf 'dimension,a,b,value\n,laborers,means_of_labor,1/2\n,laborers,objects_of_labor,1\n,means_of_labor,objects_of_labor,2\nlaborers,hc,emp_rate,2\nlaborers,hc,labsh,3\nlaborers,emp_rate,labsh,3/2\n' \
  >"$F/ahp_pwt.csv"
cp "$S/frameworks/world_pwt.csv" "$F/world_pwt.csv"
# The panel with two missing cells, for imputation.
sed -e 's/^AAA,2003,\([^,]*\),\([^,]*\),\([^,]*\),/AAA,2003,,\2,\3,/' -e 's/^CCC,2005,\([^,]*\),\([^,]*\),/CCC,2005,\1,,/' \
  "$D" >"$TMP/missing.csv"

FW='"framework": "../files/fw.csv"'
parity default "$D" unit year "$FW" index --framework "$F/fw.csv"
parity fixed_default "$D" unit year '"framework": "../files/fw_fixed.csv", "obstacles": true' \
  index --framework "$F/fw_fixed.csv" --obstacles
parity critic_spearman "$D" unit year "$FW"', "weights": "critic", "critic_corr": "spearman", "normalize": "zscore", "shift": 3' \
  index --framework "$F/fw.csv" --weights critic --critic-corr spearman --normalize zscore --shift 3
parity mean_topsis "$D" unit year "$FW"', "weights": "entropy+critic", "aggregate": "topsis", "shift": 0.0001, "obstacles": true' \
  index --framework "$F/fw.csv" --weights entropy+critic --aggregate topsis --shift 0.0001 --obstacles
parity product_gra_period "$D" unit year "$FW"', "weights": "cv*equal", "aggregate": "gra", "gra_zeta": 0.3, "scope": "period"' \
  index --framework "$F/fw.csv" --weights 'cv*equal' --aggregate gra --gra-zeta 0.3 --scope period
parity rank_geometric "$D" unit year "$FW"', "weights": "pca", "normalize": "rank", "aggregate": "geometric"' \
  index --framework "$F/fw.csv" --weights pca --normalize rank --aggregate geometric
parity topsis_vector "$D" unit year "$FW"', "weights": "equal", "aggregate": "topsis-vector", "obstacles": true' \
  index --framework "$F/fw.csv" --weights equal --aggregate topsis-vector --obstacles
parity ahp_plus "$D" unit year "$FW"', "weights": "ahp:../files/ahp a+b.csv+entropy"' \
  index --framework "$F/fw.csv" --weights "ahp:$F/ahp a+b.csv+entropy"
parity sensitivity_seed "$D" unit year "$FW"', "weights": "critic", "sensitivity": 200, "seed": 7, "perturb": 0.1' \
  index --framework "$F/fw.csv" --weights critic --sensitivity 200 --seed 7 --perturb 0.1
parity impute_linear "$TMP/missing.csv" unit year "$FW"', "impute": "linear", "strict": true' \
  index --framework "$F/fw.csv" --impute linear --strict
# The weights table too: the study's s_weights.csv is what --weights-out writes.
"$NQPF" index "$TMP/parity_ahp_plus/data.csv" --id unit --time year --framework "$F/fw.csv" \
  --weights "ahp:$F/ahp a+b.csv+entropy" --weights-out "$TMP/ahp_w.csv" -q -o "$TMP/ahp_s.csv"
check "weights table: study step and --weights-out agree" -- cmp -s "$TMP/parity_ahp_plus/out/s_weights.csv" "$TMP/ahp_w.csv"
PWT_SAMPLE='"sample": {"from": 2000, "to": 2017, "where": "ctfp > 0"}'
parity pwt_ahp_tree "$S/data/pwt91.csv" countrycode year '"framework": "../files/world_pwt.csv", "weights": "ahp:../files/ahp_pwt.csv", "force": true, "obstacles": true, '"$PWT_SAMPLE" \
  index --from 2000 --to 2017 --where 'ctfp > 0' --framework "$F/world_pwt.csv" --weights "ahp:$F/ahp_pwt.csv" --force --obstacles
parity pwt_sensitivity "$S/data/pwt91.csv" countrycode year '"framework": "../files/world_pwt.csv", "sensitivity": 30, "seed": 9, '"$PWT_SAMPLE" \
  index --from 2000 --to 2017 --where 'ctfp > 0' --framework "$F/world_pwt.csv" --sensitivity 30 --seed 9

parity_error bad_weights "$D" unit year "$FW"', "weights": "entropyy"' \
  weights "expected entropy, critic, cv, pca, equal, ahp:FILE or fixed, or two of them joined by + (mean) or * (product), found 'entropyy'" \
  index --framework "$F/fw.csv" --weights entropyy
parity_error same_twice "$D" unit year "$FW"', "weights": "critic*critic"' \
  weights "'critic*critic': combine two different methods" index --framework "$F/fw.csv" --weights 'critic*critic'
parity_error seed_alone "$D" unit year "$FW"', "seed": 3' \
  seed "only applies with sensitivity" index --framework "$F/fw.csv" --seed 3
parity_error none_minus "$D" unit year "$FW"', "normalize": "none"' \
  normalize "indicator 'labour_share' has direction '-', which normalize none cannot honour with aggregate sum" \
  index --framework "$F/fw.csv" --normalize none
parity_error zeta "$D" unit year "$FW"', "aggregate": "gra", "gra_zeta": 0' \
  gra_zeta "the GRA distinguishing coefficient must lie in (0, 1], found 0" index --framework "$F/fw.csv" --aggregate gra --gra-zeta 0
parity_error bad_scope "$D" unit year "$FW"', "scope": "yearly"' \
  scope "expected global|period, found 'yearly'" index --framework "$F/fw.csv" --scope yearly
parity_error no_framework "$D" unit year '"weights": "critic"' \
  framework "required: indicator framework CSV" index --weights critic
finish
