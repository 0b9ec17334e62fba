#!/usr/bin/env bash
# nqpf malmquist: each error class (message and exit code), warnings, unbalanced panels and
# infeasible LPs, deterministic output, and the numbers of the first US-states rows against
# R Benchmarking when ../shared is present (skipped and counted otherwise).
source "$(dirname "$0")/lib.bash"

cat >"$TMP/ok.csv" <<'CSV'
id,year,x,y,b
A,2001,2,2,1
B,2001,4,5,2
C,2001,3,2,1
D,2001,5,3,2
A,2002,2,3,1
B,2002,4,5,2
C,2002,3,3,1
D,2002,1,1,1
A,2003,2,3,1
B,2003,3,5,2
C,2003,3,3,1
D,2003,4,4,2
CSV
BASE=(malmquist "$TMP/ok.csv" --id id --time year --inputs x --outputs y)

# Usage errors (2).
expect_exit 2 "malmquist: --outputs: required" -- "$NQPF" malmquist "$TMP/ok.csv" --id id --time year --inputs x
expect_exit 2 "--type: expected adjacent|fixed-base|global|sequential, found 'windowed'" -- "$NQPF" "${BASE[@]}" --type windowed
expect_exit 2 "--orientation: expected in|out, found 'both'" -- "$NQPF" "${BASE[@]}" --orientation both
expect_exit 2 "--base: applies to the fixed-base frontier only" -- "$NQPF" "${BASE[@]}" --base 2001
expect_exit 2 "--rts: applies to the directional distances only" -- "$NQPF" "${BASE[@]}" --rts vrs
expect_exit 2 "--direction: applies to the directional distances only" -- "$NQPF" "${BASE[@]}" --direction 0,y
expect_exit 2 "--rts: expected crs|vrs, found 'nirs'" -- "$NQPF" "${BASE[@]}" --luenberger --rts nirs
expect_exit 2 "--bad-mode: needs undesirable outputs" -- "$NQPF" "${BASE[@]}" --luenberger --bad-mode ineq
expect_exit 2 "--orientation: applies to the radial index only" -- "$NQPF" "${BASE[@]}" --luenberger --orientation out
expect_exit 2 "--direction: item 'z' in position 'y': expected 0, y (observed) or 1 (ones)" -- "$NQPF" "${BASE[@]}" --luenberger --direction 0,z
expect_exit 2 "--direction: '0': expected 2 or 3 items" -- "$NQPF" "${BASE[@]}" --luenberger --direction 0
expect_exit 2 "--direction: the direction vector is zero" -- "$NQPF" "${BASE[@]}" --luenberger --direction 0,0
expect_exit 2 "variable 'x' is listed twice" -- "$NQPF" "${BASE[@]}" --undesirable x

# Data errors (3), naming file, row and column.
expect_exit 3 "ok.csv: column 'k' not found" -- "$NQPF" malmquist "$TMP/ok.csv" --id id --time year --inputs k --outputs y
printf 'id,year,x,y\nA,1,1,1\nB,1,2,0\nA,2,1,1\nB,2,-2,3\n' >"$TMP/zero.csv"
expect_exit 3 "zero.csv: row 5, column 'x': expected a positive number (radial Malmquist distances need positive data), found -2" -- "$NQPF" malmquist "$TMP/zero.csv" --id id --time year --inputs x --outputs y
expect_exit 3 "zero.csv: row 3, column 'y': expected a positive number" -- "$NQPF" malmquist "$TMP/zero.csv" --id id --time year --inputs y --outputs y2 --let y2=y+1
expect_exit 3 "zero.csv: row 5, column 'x': expected a non-negative number (directional distances need non-negative data)" -- "$NQPF" malmquist "$TMP/zero.csv" --id id --time year --inputs x --outputs y --luenberger
printf 'id,year,x,y\nA,1,1,\nB,1,2,3\nA,2,1,1\nB,2,2,3\n' >"$TMP/na.csv"
expect_exit 3 "na.csv: row 2, column 'y': expected a value" -- "$NQPF" malmquist "$TMP/na.csv" --id id --time year --inputs x --outputs y
printf 'id,year,x,y\nA,1,1,1\nB,1,2,3\n' >"$TMP/one.csv"
expect_exit 3 "one.csv: malmquist needs at least two periods, found only 1" -- "$NQPF" malmquist "$TMP/one.csv" --id id --time year --inputs x --outputs y
printf 'id,year,x,y\nA,1,1,1\nB,1,2,3\nA,2,1,2\n' >"$TMP/single.csv"
expect_exit 3 "single.csv: row 4: period 2 has a single unit ('A')" -- "$NQPF" malmquist "$TMP/single.csv" --id id --time year --inputs x --outputs y
printf 'id,year,x,y\nA,1,1,1\nA,1,2,3\n' >"$TMP/dup.csv"
expect_exit 3 "duplicate (id, year) key (A, 1)" -- "$NQPF" malmquist "$TMP/dup.csv" --id id --time year --inputs x --outputs y
expect_exit 3 "base year 1999 is not a period of the data (2001..2003)" -- "$NQPF" "${BASE[@]}" --type fixed-base --base 1999

# Few units for the number of variables: a warning, not an error.
expect_exit 0 "warning: malmquist: period 2001 has 4 units, fewer than the 5 inputs and outputs" -- "$NQPF" malmquist "$TMP/ok.csv" --id id --time year --inputs x,b,z --outputs y,w --let z=x+1 --let w=y+1

# Unbalanced panel: C is missing in 2002, both of its pairs are skipped and counted.
grep -v '^C,2002' "$TMP/ok.csv" >"$TMP/unbal.csv"
expect_exit 0 "2 pairs skipped (the id is missing in one of the two periods)" -- "$NQPF" malmquist "$TMP/unbal.csv" --id id --time year --inputs x --outputs y --log "$TMP/unbal.log" -o "$TMP/unbal.csv.out.csv"
check "skipped pairs have no rows" -- test "$(grep -c '^C,' "$TMP/unbal.csv.out.csv")" -eq 0
check "6 rows written" -- test "$(($(wc -l <"$TMP/unbal.csv.out.csv") - 1))" -eq 6
check "skipped pairs in the provenance" -- grep -q "skipped_pairs.*2" "$TMP/unbal.log"

# Infeasible mixed-period VRS distance: D's 2002 input is below every 2001 input.
expect_exit 0 "pairs with an infeasible or unbounded distance" -- "$NQPF" "${BASE[@]}" --luenberger --rts vrs -o "$TMP/vrs.csv"
check "status names the infeasible distance" -- grep -q '^D,2002,2001,,[^,]*,,[^,]*,[^,]*,,[^,]*,d10 infeasible$' "$TMP/vrs.csv"
check "feasible rows say optimal" -- grep -q '^A,2002,.*,optimal$' "$TMP/vrs.csv"

# Ray-Desli: the output-oriented VRS distance of D's 2002 input against 2001 is infeasible; the
# index itself (CRS) is still there, its VRS technical change and scale change are not.
expect_exit 2 "--decomposition: the Ray-Desli decomposition applies to the radial index of the adjacent and sequential types" -- "$NQPF" "${BASE[@]}" --decomposition rd --type global
expect_exit 2 "--decomposition: applies to the radial index only" -- "$NQPF" "${BASE[@]}" --luenberger --decomposition rd
expect_exit 2 "--direction: 'mean' is not offered here" -- "$NQPF" "${BASE[@]}" --luenberger --direction mean
expect_exit 2 "--decomposition: expected fgnz|rd, found 'gl'" -- "$NQPF" "${BASE[@]}" --decomposition gl
expect_exit 0 "2 pairs with an infeasible or unbounded distance" -- "$NQPF" "${BASE[@]}" --orientation out --decomposition rd -o "$TMP/rd.csv"
check "Ray-Desli columns" -- grep -q '^id,year,from,effch,techch,pech,sech,tfpch,e00,e01,e10,e11,e00_vrs,e11_vrs,e01_vrs,e10_vrs,status$' "$TMP/rd.csv"
check "infeasible VRS distance: tfpch kept, techch and sech empty" -- grep -q '^D,2002,2001,[0-9.]*,,[0-9.]*,,[0-9.]*,.*,,e10_vrs infeasible$' "$TMP/rd.csv"

# Columns of each measure.
"$NQPF" "${BASE[@]}" --cumulative -q >"$TMP/adj.csv"
check "DEAP columns" -- grep -q '^id,year,from,effch,techch,pech,sech,tfpch,e00,e01,e10,e11,e00_vrs,e11_vrs,effch_cum,techch_cum,pech_cum,sech_cum,tfpch_cum,status$' "$TMP/adj.csv"
"$NQPF" "${BASE[@]}" --undesirable b --type global -q >"$TMP/gml.csv"
check "GML columns" -- grep -q '^id,year,from,ml,mleffch,mltech,d00,d0g,d1g,d11,status$' "$TMP/gml.csv"
"$NQPF" "${BASE[@]}" --type fixed-base --base 2002 --luenberger -q >"$TMP/fb.csv"
check "fixed-base Luenberger columns" -- grep -q '^id,year,from,lpi,lpi_effch,lpi_techch,d00,d0b,d1b,d11,status$' "$TMP/fb.csv"
check "help and --help agree" -- cmp <("$NQPF" help malmquist) <("$NQPF" malmquist --help)

# Same input, same bytes.
"$NQPF" "${BASE[@]}" --type sequential -q -o "$TMP/s1.csv"
"$NQPF" "${BASE[@]}" --type sequential -q -o "$TMP/s2.csv"
check "deterministic output" -- cmp -s "$TMP/s1.csv" "$TMP/s2.csv"
check "JSON output" -- bash -c "\"$NQPF\" ${BASE[*]} -q -o \"$TMP/r.json\" && grep -q '\"tfpch\"' \"$TMP/r.json\""

# The US-states panel against R Benchmarking (tolerance 1e-8 relative, per its README). Both files
# are GPL and stay in $NQPF_SHARED_DIR (tests/data/reference/README.md).
DATA="${NQPF_SHARED_DIR:-$NQPF_SOURCE_DIR/../shared}/data/us_states_produc.csv"
REF="$(ref_path benchmarking_us_states/malmquist_crs_in.csv)"
if [ -f "$DATA" ] && [ -f "$REF" ]; then
  "$NQPF" malmquist "$DATA" --id state --time year --inputs pcap,pc,emp --outputs gsp -q -o "$TMP/us.csv"
  check "768 rows" -- test "$(($(wc -l <"$TMP/us.csv") - 1))" -eq 768
  check "tfpch/techch/effch match Benchmarking m/tc/ec" -- awk -F, '
    NR == FNR { if (FNR > 1) { gsub(/"/, ""); m[$1 "," $2] = $3; tc[$1 "," $2] = $4; ec[$1 "," $2] = $5 } next }
    FNR > 1 { k = $1 "," $2; if (!(k in m)) bad++;
      else if (abs($8 / m[k] - 1) > 1e-8 || abs($5 / tc[k] - 1) > 1e-8 || abs($4 / ec[k] - 1) > 1e-8) bad++; n++ }
    function abs(v) { return v < 0 ? -v : v }
    END { exit !(n == 768 && bad == 0) }' "$REF" "$TMP/us.csv"
else
  skip_case "R Benchmarking US-states Malmquist" "$([ -f "$DATA" ] && echo "$REF" || echo "$DATA") absent"
fi

finish
