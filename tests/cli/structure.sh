#!/usr/bin/env bash
# nqpf structure: the three tables on a hand-checked example, --from/--to, errors.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/regions"
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }
P=(--id prov --time year --industry ind --value va)

expect_exit 0 "" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" -o "$TMP/r.csv" --pairs-out "$TMP/p.csv" --lq-out "$TMP/l.csv"
check "regions header" -- grep -q '^prov,year,total,krugman_rest,krugman_national,mean_similarity$' "$TMP/r.csv"
check "5 region-years" -- test "$(($(wc -l <"$TMP/r.csv") - 1))" -eq 5
check "Krugman A vs rest = 0.1" -- near "$(cell "$TMP/r.csv" krugman_rest 1)" 0.1 1e-14
check "pairs header" -- grep -q '^year,region_a,region_b,similarity,krugman$' "$TMP/p.csv"
check "S_AB = sqrt(.44/.46)" -- near "$(cell "$TMP/p.csv" similarity 1)" 0.97801929384365163 1e-14
check "lq header" -- grep -q '^prov,year,ind,va,share,lq$' "$TMP/l.csv"
check "LQ B agri 2020 = 2" -- near "$(cell "$TMP/l.csv" lq 7)" 2 1e-14
check "absent row is zero" -- grep -q '^C,2020,agri,0,0,0$' "$TMP/l.csv"
expect_exit 0 "" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" --from 2021 -o "$TMP/r21.csv"
check "--from keeps 2021" -- test "$(cut -d, -f2 "$TMP/r21.csv" | tail -n +2 | sort -u)" = 2021
expect_exit 0 "" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" -o "$TMP/all.xlsx"
check "XLSX written" -- test -s "$TMP/all.xlsx"
expect_exit 0 "" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" -o "$TMP/all.json"
check "JSON tables" -- grep -q '"location_quotients"' "$TMP/all.json"
expect_exit 0 "" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" -o "$TMP/r2.csv"
check "deterministic" -- cmp -s "$TMP/r.csv" "$TMP/r2.csv"

# Usage errors (exit 2).
expect_exit 2 "structure: --industry: required: industry (sector) column" -- "$NQPF" structure "$D/industry.csv" --id prov --time year --value va
expect_exit 2 "--let and --where are not available" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" --where 'va > 1'
expect_exit 2 "expected one DATA file" -- "$NQPF" structure "${P[@]}"
# Data errors (exit 3).
printf 'prov,year,ind,va\nA,2020,x,1\nA,2020,y,3\nA,2020,x,2\n' >"$TMP/dup.csv"
expect_exit 3 "dup.csv: rows 2 and 4 both hold region 'A', industry 'x', year 2020" -- "$NQPF" structure "$TMP/dup.csv" "${P[@]}"
printf 'prov,year,ind,va\nA,2020,x,1\nA,2020,y,-3\n' >"$TMP/neg.csv"
expect_exit 3 "neg.csv: row 3, column 'va': expected a non-negative value" -- "$NQPF" structure "$TMP/neg.csv" "${P[@]}"
printf 'prov,year,ind,va\nA,2020,x,1\nA,two,y,3\n' >"$TMP/yr.csv"
expect_exit 3 "yr.csv: row 3, column 'year': expected an integer year, found 'two'" -- "$NQPF" structure "$TMP/yr.csv" "${P[@]}"
expect_exit 3 "column 'sector' (industry) not found" -- "$NQPF" structure "$D/industry.csv" --id prov --time year --industry sector --value va
expect_exit 3 "industry.csv: no rows left in the years kept (year from 2030)" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" --from 2030
expect_exit 3 "" -- "$NQPF" structure "$TMP/missing.csv" "${P[@]}"
expect_exit 2 "structure: --id COL is required" -- "$NQPF" structure "$D/industry.csv" --time year --industry ind --value va
expect_exit 2 "structure: unknown option '--file'" -- "$NQPF" structure "$D/industry.csv" "${P[@]}" --file x.csv
finish
