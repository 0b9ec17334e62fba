#!/usr/bin/env bash
# nqpf classify: classes, profiles and K choice; same seed same bytes; Ward; errors.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/regions"
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
P=(--id id --time year --vars a,b,c)

expect_exit 0 "" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --seed 7 -o "$TMP/u.csv" --profiles-out "$TMP/p.csv"
check "units header" -- grep -q '^id,class,silhouette$' "$TMP/u.csv"
check "9 units" -- test "$(($(wc -l <"$TMP/u.csv") - 1))" -eq 9
check "auto picks 3 classes" -- test "$(($(wc -l <"$TMP/p.csv") - 1))" -eq 3
check "three types: p01,p04,p07 | p02,p05,p08 | p03,p06,p09" -- test "$(cut -d, -f2 "$TMP/u.csv" | tail -n +2 | tr '\n' ' ')" = "1 2 3 1 2 3 1 2 3 "
check "profiles header" -- grep -q '^class,n,mean_a,mean_b,mean_c,z_a,z_b,z_c,description$' "$TMP/p.csv"
check "description of class 1" -- grep -q ',strong in b and a; weak in c$' "$TMP/p.csv"
check "summary on stderr" -- grep -q "class 2 (3 units): strong in c" "$TMP/err"
expect_exit 0 "" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --seed 7 -o "$TMP/u2.csv" --profiles-out "$TMP/p2.csv"
check "same seed, same bytes" -- cmp -s "$TMP/u.csv" "$TMP/u2.csv"
check "same seed, same profiles" -- cmp -s "$TMP/p.csv" "$TMP/p2.csv"
expect_exit 0 "" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --method ward --k 3 --year 2019 --lang zh -o "$TMP/w.json"
check "JSON has all tables" -- grep -q '"k_selection"' "$TMP/w.json"
check "Chinese description" -- grep -q 'b、a较强；c较弱' "$TMP/w.json"
expect_exit 0 "" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --k 2 --restarts 3 -o "$TMP/k2.csv"
check "fixed K = 2" -- test "$(cut -d, -f2 "$TMP/k2.csv" | tail -n +2 | sort -u | tr '\n' ' ')" = "1 2 "

# Usage errors (exit 2).
expect_exit 2 "classify: --vars: required: indicators to classify on" -- "$NQPF" classify "$D/panel.csv" --id id --time year
expect_exit 2 "classify: --k: expected auto or an integer from 2 to 1000, found '1'" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --k 1
expect_exit 2 "classify: --k: expected auto or an integer from 2 to 1000, found 'many'" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --k many
expect_exit 2 "--method: expected kmeans|ward" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --method pam
expect_exit 2 "classify: --seed: applies to method kmeans, not to ward" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --method ward --seed 3
expect_exit 2 "classify: --restarts: applies to method kmeans, not to ward" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --method ward --restarts 3
expect_exit 2 "classify: --restarts: expected an integer from 1 to 10000, found '0'" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --restarts 0
expect_exit 2 "classify: --k: must be between 2 and 8 (one less than the 9 units), found 9" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --k 9
expect_exit 2 "classify: --vars: variable 'a' is listed twice" -- "$NQPF" classify "$D/panel.csv" --id id --time year --vars a,a
# Data errors (exit 3).
expect_exit 3 "column 'zz' not found" -- "$NQPF" classify "$D/panel.csv" --id id --time year --vars a,zz
expect_exit 3 "classify: --year: no rows in 1999 (panel.csv runs from 2018 to 2019)" -- "$NQPF" classify "$D/panel.csv" "${P[@]}" --year 1999
printf 'id,year,a,b\nx,1,1,5\ny,1,2,5\nz,1,3,5\n' >"$TMP/const.csv"
expect_exit 3 "column 'b': expected a variable that differs across units" -- "$NQPF" classify "$TMP/const.csv" --id id --time year --vars a,b
printf 'id,year,a\nx,1,1\ny,1,2\n' >"$TMP/two.csv"
expect_exit 3 "classify needs at least 3 units" -- "$NQPF" classify "$TMP/two.csv" --id id --time year --vars a
finish
