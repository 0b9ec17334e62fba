#!/usr/bin/env bash
# nqpf dynamics: tables and files, giddy's pooled relative-income chain end to end, errors.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/spatial"
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }
P=(--id region --time year --var tfp)

expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 3 --grid 256 -o "$TMP/shape.csv" \
  --density-out "$TMP/dens.csv" --markov-out "$TMP/mk.csv" --weights "$D/lattice_edges.csv" --spatial-markov-out "$TMP/smk.csv"
check "shape header" -- grep -q '^year,n,mean,sd,bandwidth,peaks,main_peak,main_peak_density,peak_positions,integral$' "$TMP/shape.csv"
check "6 years" -- test "$(($(wc -l <"$TMP/shape.csv") - 1))" -eq 6
check "density rows = years x grid" -- test "$(($(wc -l <"$TMP/dens.csv") - 1))" -eq $((6 * 256))
check "markov header" -- grep -q '^class,lower,upper,n,count_1,count_2,count_3,p_1,p_2,p_3,steady_state,sojourn,prais,mfpt_1,mfpt_2,mfpt_3$' "$TMP/mk.csv"
check "45 transitions" -- test "$(awk -F, 'NR>1{s+=$4} END{print s}' "$TMP/mk.csv")" -eq 45
check "spatial markov: 9 rows, same 45 transitions" -- test "$(awk -F, 'NR>1{s+=$5;n++} END{print n" "s}' "$TMP/smk.csv")" = "9 45"
check "rows of p sum to 1" -- awk -F, 'NR>1 && $4>0 {s=$8+$9+$10; if (s<1-1e-12||s>1+1e-12) exit 1}' "$TMP/mk.csv"
# Same input, same bytes; JSON/XLSX hold every table.
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 3 --grid 256 -o "$TMP/shape2.csv" \
  --density-out "$TMP/dens2.csv" --markov-out "$TMP/mk2.csv"
check "deterministic shape" -- cmp -s "$TMP/shape.csv" "$TMP/shape2.csv"
check "deterministic density" -- cmp -s "$TMP/dens.csv" "$TMP/dens2.csv"
check "deterministic markov" -- cmp -s "$TMP/mk.csv" "$TMP/mk2.csv"
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --cuts 1.2,1.5 --coords lon,lat --knn 2 -o "$TMP/all.json"
check "JSON tables" -- grep -q '"spatial_markov"' "$TMP/all.json"
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --bandwidth 0.1 --quantiles pooled --relative -o "$TMP/b.csv"
check "fixed bandwidth" -- test "$(cell "$TMP/b.csv" bandwidth 1)" = 0.1

# Usage errors (exit 2).
expect_exit 2 "dynamics: --var: required: variable to analyse" -- "$NQPF" dynamics "$D/panel.csv" --id region --time year
expect_exit 2 "dynamics: --classes: expected an integer from 2 to 100, found '1'" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 1
expect_exit 2 "dynamics: --cuts: expected strictly increasing numbers, found '1'" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --cuts 3,1
expect_exit 2 "dynamics: --cuts: fixes the classes; drop classes and quantiles" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --cuts 1,2 --classes 3
expect_exit 2 "--spatial-markov-out needs --weights" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --spatial-markov-out "$TMP/x.csv"
expect_exit 2 "dynamics: --grid: expected an integer from 2 to 100000, found '1'" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --grid 1
expect_exit 2 "--bandwidth: expected a positive number" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --bandwidth -1
expect_exit 2 "--quantiles: expected yearly|pooled" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --quantiles decile
# Data errors (exit 3).
expect_exit 3 "column 'nope' not found" -- "$NQPF" dynamics "$D/panel.csv" --id region --time year --var nope
expect_exit 3 "needs at least 2 periods" -- "$NQPF" dynamics "$D/lattice.csv" --id id --time year --var y
expect_exit 3 "no year of 'lon' has two distinct values" -- "$NQPF" dynamics "$D/panel.csv" --id region --time year --var lon --where 'lon == 100'
printf 'from,to\n0,0\n' >"$TMP/self.csv"
expect_exit 3 "linked to itself" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --weights "$TMP/self.csv"

# giddy's pooled relative-income quintiles (US states 1929-2009): not in tests/data/reference/, so
# read from $NQPF_SHARED_DIR/reference/ (ref_path) and skipped (counted) without it.
R="$(ref_path spatial/markov_usjoin_pooled_relative_quintiles_giddy)"
if [ -d "$R" ]; then
  awk -F, 'NR==1{for(i=3;i<=NF;i++) y[i]=$i; print "state,year,pci"; next}
           {for(i=3;i<=NF;i++) print $2","y[i]","$i}' "$R/data.csv" >"$TMP/us.csv"
  expect_exit 0 "" -- "$NQPF" dynamics "$TMP/us.csv" --id state --time year --var pci --relative --quantiles pooled \
    --markov-out "$TMP/us_mk.csv" -o "$TMP/us_shape.csv"
  n=0
  while IFS=, read -r variant quantity i j value tol src; do
    [ "$quantity" = steady_state ] || continue
    check "giddy steady state $i" -- near "$(cell "$TMP/us_mk.csv" steady_state "$i")" "$value" 1e-8
    n=$((n + 1))
  done <"$R/expected.csv"
  check "5 steady-state values compared" -- test "$n" -eq 5
  check "giddy count 1->1 = 707" -- test "$(cell "$TMP/us_mk.csv" count_1 1)" = 707
  check "81 years of densities" -- test "$(($(wc -l <"$TMP/us_shape.csv") - 1))" -eq 81
else
  skip_case "giddy pooled relative quintiles" "$R absent"
fi
# The weights options are the spatial command's: same keys, same rules.
expect_exit 2 "dynamics: --style: applies to weights only" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --style B
expect_exit 2 "dynamics: --weights-via-from: applies to an id mapping (weights_via) only" -- \
  "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --weights "$D/lattice_edges.csv" --weights-via-from id
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --coords lon,lat --knn 2 --spatial-markov-out "$TMP/sm.csv" -q
check "spatial Markov from coordinates" -- grep -q '^lag_class,class,' "$TMP/sm.csv"
finish
