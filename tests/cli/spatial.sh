#!/usr/bin/env bash
# nqpf spatial: output columns, reference values, LISA, determinism, and one test per error class.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/spatial"

# column VALUE of row ROW (1 = first data row) of a CSV file with header
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }

# The 3x3 lattice with binary weights: I = 0.5, E[I] = -0.125, Var_N = 0.053125, Var_R = 0.0596875.
expect_exit 0 "" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$D/lattice_edges.csv" \
  --style B -o "$TMP/lat.csv"
check "header has the issue's Moran columns" -- grep -q '^year,n,islands,moran_i,moran_e,moran_var_norm,moran_var_rand,moran_z_norm,moran_z_rand,moran_p_norm,moran_p_rand,moran_p_sim,geary_c' "$TMP/lat.csv"
check "lattice I = 0.5" -- near "$(cell "$TMP/lat.csv" moran_i 1)" 0.5 1e-12
check "lattice E[I] = -0.125" -- near "$(cell "$TMP/lat.csv" moran_e 1)" -0.125 1e-15
check "lattice Var_N" -- near "$(cell "$TMP/lat.csv" moran_var_norm 1)" 0.053125 1e-12
check "lattice Var_R" -- near "$(cell "$TMP/lat.csv" moran_var_rand 1)" 0.0596875 1e-12

# LISA: the mean of the local statistics is the global I under row-standardised weights.
expect_exit 0 "" -- "$NQPF" spatial "$D/desmith.csv" --id id --time year --var z --weights "$D/desmith_edges.csv" \
  --local-out "$TMP/lisa.csv" --permutations 99 --seed 3 -o "$TMP/g1.csv"
check "LISA table columns" -- grep -q '^id,year,value,lag,lisa_i,lisa_e,lisa_var,lisa_z,lisa_p_norm,lisa_p_sim,quadrant,neighbours,lisa_p,lisa_p_adj,cluster,sig_level$' "$TMP/lisa.csv"
check "10 LISA rows" -- test "$(($(wc -l <"$TMP/lisa.csv") - 1))" -eq 10
meanI=$(awk -F, 'NR>1{s+=$5;n++} END{printf "%.15g", s/n}' "$TMP/lisa.csv")
check "mean local I = global I" -- near "$meanI" "$(cell "$TMP/g1.csv" moran_i 1)" 1e-12
check "quadrants are HH/LH/LL/HL" -- awk -F, 'NR>1 && $11!~/^(HH|LH|LL|HL)$/{exit 1}' "$TMP/lisa.csv"

# Same seed, same bytes; JSON holds both tables.
expect_exit 0 "" -- "$NQPF" spatial "$D/desmith.csv" --id id --time year --var z --weights "$D/desmith_edges.csv" \
  --local-out "$TMP/lisa2.csv" --permutations 99 --seed 3 -o "$TMP/g2.csv"
check "deterministic global" -- cmp -s "$TMP/g1.csv" "$TMP/g2.csv"
check "deterministic LISA" -- cmp -s "$TMP/lisa.csv" "$TMP/lisa2.csv"
expect_exit 0 "" -- "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords lon,lat --knn 3 --local \
  -o "$TMP/sp.json"
check "JSON has global and local tables" -- grep -q '"local"' "$TMP/sp.json"
check "JSON has one global row per year" -- test "$(grep -o '"moran_i"' "$TMP/sp.json" | wc -l)" -eq 6
expect_exit 0 "" -- "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords lon,lat --power 2 \
  --max-distance 200 -o "$TMP/idw.csv"
check "inverse distance: 6 years" -- test "$(($(wc -l <"$TMP/idw.csv") - 1))" -eq 6

# Warnings, not errors: links to ids outside the data, and islands.
printf 'from,to\n0,1\n1,0\n1,2\n2,1\n0,99\n' >"$TMP/part.csv"
expect_exit 0 "dropped" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/part.csv"
check "islands are named in a warning" -- grep -q "without neighbours (islands: '3', '4'" "$TMP/err"
check "summary counts the islands" -- grep -q "islands (units without neighbours) in 1 year, at most 6 a year" "$TMP/err"
# A missing value leaves the unit out of that year, with a warning.
sed 's/^4,2000,5$/4,2000,/' "$D/lattice.csv" >"$TMP/miss.csv"
expect_exit 0 "left out of those years" -- "$NQPF" spatial "$TMP/miss.csv" --id id --time year --var y \
  --weights "$D/lattice_edges.csv" -o "$TMP/miss_out.csv"
check "n = 8 after dropping" -- test "$(cell "$TMP/miss_out.csv" n 1)" = 8

# Usage errors (exit 2).
W="--weights $D/lattice_edges.csv"
expect_exit 2 "spatial: --var: required: variable to analyse" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year $W
expect_exit 2 "spatial: --weights: required: a neighbour list (weights) or two coordinate columns (coords)" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y
expect_exit 2 "spatial: --coords: give either a neighbour list (weights) or coordinates, not both" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y $W --coords a,b
expect_exit 2 "spatial: --style: expected W|B, found 'R'" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y $W --style R
expect_exit 2 "spatial: --knn: applies to coordinates (coords) only" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y $W --knn 2
expect_exit 2 "needs --local-out" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y $W --local
expect_exit 2 "spatial: --permutations: expected an integer, found 'many'" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y $W --permutations many
expect_exit 2 "spatial: --coords: expected two columns LON,LAT, found 1" -- "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords lon
expect_exit 2 "k must be between 1 and 8" -- "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords lon,lat --knn 9
# Data errors (exit 3).
expect_exit 3 "column 'nope' not found" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var nope $W
expect_exit 3 "absent.csv: cannot open" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/absent.csv"
printf 'from,to\n' >"$TMP/hdr.csv"
expect_exit 3 "hdr.csv: expected one row per link, found none" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/hdr.csv"
printf 'from,to\n0,1\n1,1\n' >"$TMP/self.csv"
expect_exit 3 "self.csv: row 3: unit '1' is linked to itself" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/self.csv"
printf 'from,to\n0,1\n1,0\n0,1\n' >"$TMP/dup.csv"
expect_exit 3 "rows 2 and 4" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/dup.csv"
printf 'from,to,weight\n0,1,0\n' >"$TMP/zero.csv"
expect_exit 3 "row 2, column 'weight': expected a positive number" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/zero.csv"
printf 'from,to\nA,B\nB,A\n' >"$TMP/other.csv"
expect_exit 3 "no link joins two units" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/other.csv"
printf 'a,b\n0,1\n' >"$TMP/cols.csv"
expect_exit 3 "spatial: --weights-from: column 'from' not found in cols.csv" -- "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --weights "$TMP/cols.csv"
awk -F, 'BEGIN{OFS=","} $1=="0"{$5=""} {print}' "$D/panel.csv" >"$TMP/nocoord.csv"
expect_exit 3 "unit '0' has no row with both coordinates 'lon' and 'lat'" -- "$NQPF" spatial "$TMP/nocoord.csv" --id region --time year --var tfp --coords lon,lat
expect_exit 3 "column 'east' not found" -- "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords east,lat
# Too few units for any statistic: an error, not a table of empty rows.
printf 'id,year,y,lon,lat\nA,2000,1,0,0\nB,2000,2,1,1\nA,2001,3,0,0\nB,2001,1,1,1\n' >"$TMP/two.csv"
expect_exit 3 "'y': global Moran's I and Geary's C need at least 4 units, the data have 2" -- \
  "$NQPF" spatial "$TMP/two.csv" --id id --time year --var y --coords lon,lat
check "no output for two units" -- test ! -e "$TMP/two_out.csv"
# Every year too thin (here constant): also an error, naming the first year's reason.
awk -F, 'NR==1{print} NR>1{$3=1; print}' OFS=, "$D/lattice.csv" >"$TMP/const.csv"
expect_exit 3 "'y': no year has statistics (first: year 2000: " -- "$NQPF" spatial "$TMP/const.csv" --id id --time year --var y $W
# Options only the other kind of weights takes; a neighbour list with other column names and an id mapping.
expect_exit 2 "spatial: --weights-from: applies to a neighbour list (weights) only" -- \
  "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords lon,lat --weights-from a
expect_exit 2 "spatial: --knn: power and max_distance apply to inverse distance, not to knn" -- \
  "$NQPF" spatial "$D/panel.csv" --id region --time year --var tfp --coords lon,lat --knn 2 --power 2
expect_exit 2 "spatial: --weights-via-to: required with an id mapping (weights_via)" -- \
  "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y $W --weights-via "$D/lattice_edges.csv" --weights-via-from from
{ echo "a,b"; tail -n +2 "$D/lattice_edges.csv" | sed 's/\([0-9]\)/c\1/g'; echo "c9,c0"; } >"$TMP/coded.csv"
{ echo "id,code"; for k in 0 1 2 3 4 5 6 7 8; do echo "$k,c$k"; done; } >"$TMP/codes.csv"
expect_exit 0 "coded.csv: 1 link with a code absent from codes.csv (first: row 26, code 'c9'); dropped" -- \
  "$NQPF" spatial "$D/lattice.csv" --id id --time year --var y --style B -o "$TMP/via.csv" \
  --weights "$TMP/coded.csv" --weights-from a --weights-to b --weights-via "$TMP/codes.csv" --weights-via-from id --weights-via-to code
check "via: the coded list gives the lattice's I = 0.5" -- cmp -s "$TMP/via.csv" "$TMP/lat.csv"

# Published case (PySAL esda, St Louis homicides): from the in-tree copy tests/data/reference/
# (ref_path; else $NQPF_SHARED_DIR/reference/), skipped (counted) when neither has it.
R="$(ref_path spatial/moran_stl_esda)"
if [ -d "$R" ]; then
  awk -F, 'NR==1{print $0",year"} NR>1{print $0",1993"}' "$R/data.csv" >"$TMP/stl.csv"
  expect_exit 0 "" -- "$NQPF" spatial "$TMP/stl.csv" --id id --time year --var HR8893 \
    --weights "$R/edges.csv" -o "$TMP/stl_out.csv"
  check "esda St Louis I" -- near "$(cell "$TMP/stl_out.csv" moran_i 1)" 0.24365582621771659 2.5e-6
  check "esda St Louis one-tailed p_norm" -- near "$(cell "$TMP/stl_out.csv" moran_p_norm 1)" 0.00013573931385468807 1.4e-11
else
  skip_case "esda St Louis Moran's I" "$R absent"
fi
finish
