#!/usr/bin/env bash
# nqpf disparity: tables, the Dagum identity in the written file, --group-file, determinism, errors.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/regions"
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
P=(--id id --time year --var y)

expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group zone -o "$TMP/ov.csv" \
  --groups-out "$TMP/gr.csv" --pairs-out "$TMP/pr.csv"
check "overall header" -- grep -q '^year,n,mean,sd,cv,gini,theil_t,theil_l,gini_within,gini_between_net,gini_transvariation,share_within,share_between_net,share_transvariation,theil_t_within,theil_t_between,theil_l_within,theil_l_between$' "$TMP/ov.csv"
check "two years" -- test "$(($(wc -l <"$TMP/ov.csv") - 1))" -eq 2
check "n skips the missing value" -- test "$(cell "$TMP/ov.csv" n 2)" = 8
check "G = Gw + Gnb + Gt in the file" -- awk -F, 'NR>1{d=$9+$10+$11-$6; if(d<0)d=-d; if(d>1e-12) exit 1}' "$TMP/ov.csv"
check "shares sum to 1" -- awk -F, 'NR>1{d=$12+$13+$14-1; if(d<0)d=-d; if(d>1e-12) exit 1}' "$TMP/ov.csv"
check "Theil identities" -- awk -F, 'NR>1{d=$15+$16-$7; e=$17+$18-$8; if(d<0)d=-d; if(e<0)e=-e; if(d>1e-12||e>1e-12) exit 1}' "$TMP/ov.csv"
check "groups header" -- grep -q '^year,group,n,mean,pop_share,income_share,gini,theil_t,theil_l,gini_within_contrib$' "$TMP/gr.csv"
check "groups sorted by name" -- test "$(cell "$TMP/gr.csv" group 1),$(cell "$TMP/gr.csv" group 2),$(cell "$TMP/gr.csv" group 3)" = "Central,East,West"
check "pairs: 3 a year" -- test "$(($(wc -l <"$TMP/pr.csv") - 1))" -eq 6
check "pairs header" -- grep -q '^year,group_a,group_b,gini_between,d_affluence,between_net_contrib,transvariation_contrib$' "$TMP/pr.csv"
# The same groups from an id -> group file give the same numbers.
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$D/zones.csv" --group-key code \
  --group-col zone -o "$TMP/ov2.csv" --groups-out "$TMP/gr2.csv"
check "group file = group column" -- cmp -s "$TMP/ov.csv" "$TMP/ov2.csv"
check "group file: same groups table" -- cmp -s "$TMP/gr.csv" "$TMP/gr2.csv"
# JSON and XLSX hold all three tables; without a group only the overall table.
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group zone -o "$TMP/all.json"
check "JSON tables" -- grep -q '"pairs"' "$TMP/all.json"
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group zone -o "$TMP/all.xlsx"
check "XLSX written" -- test -s "$TMP/all.xlsx"
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" -o "$TMP/plain.csv"
check "no decomposition without groups" -- grep -q '^year,n,mean,sd,cv,gini,theil_t,theil_l$' "$TMP/plain.csv"
check "same Gini with and without groups" -- test "$(cell "$TMP/plain.csv" gini 1)" = "$(cell "$TMP/ov.csv" gini 1)"
# 2018: values 1,3,5,7,2,4.5,6.5,2.5,8; Gini from the double sum over all pairs (computed apart
# with Python) = 0.29817158931082977
check "Gini 2018 against a double sum" -- awk -v g="$(cell "$TMP/plain.csv" gini 1)" 'BEGIN{d=g-0.29817158931082977; if(d<0)d=-d; exit !(d<1e-14)}'
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group zone -o "$TMP/ov3.csv"
check "deterministic" -- cmp -s "$TMP/ov.csv" "$TMP/ov3.csv"
expect_exit 0 "" -- "$NQPF" help disparity
check "help names the tables" -- grep -q "gini_transvariation" "$TMP/out"

# Usage errors (exit 2).
expect_exit 2 "disparity: --var: required" -- "$NQPF" disparity "$D/panel.csv" --id id --time year
expect_exit 2 "disparity: --group-file: give a group column or a group file, not both" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group zone --group-file "$D/zones.csv"
expect_exit 2 "--groups-out and --pairs-out need --group" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --groups-out "$TMP/x.csv"
expect_exit 2 "disparity: --group-key: applies only with a group file" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-key code
expect_exit 2 "disparity: --via-from: required with a via file" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$D/zones.csv" --via-file "$D/zones.csv"
expect_exit 2 "disparity: --via-to: applies only with a via file" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$D/zones.csv" --via-to code
expect_exit 2 "disparity: --ungrouped: expected error|skip, found 'drop'" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group zone --ungrouped drop
expect_exit 2 "unknown option" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --bogus
# Data errors (exit 3).
expect_exit 3 "column 'nope' not found" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group nope
expect_exit 3 "column 'zzz' not found" -- "$NQPF" disparity "$D/panel.csv" --id id --time year --var zzz
printf 'id,year,y,g\na,1,1,E\nb,1,-2,W\n' >"$TMP/neg.csv"
expect_exit 3 "neg.csv: row 3, column 'y': expected a non-negative value" -- "$NQPF" disparity "$TMP/neg.csv" "${P[@]}" --group g
printf 'id,year,y,g\na,1,1,E\nb,1,2,\n' >"$TMP/nog.csv"
expect_exit 3 "nog.csv: row 3, column 'g': expected a group" -- "$NQPF" disparity "$TMP/nog.csv" "${P[@]}" --group g
printf 'code,zone\np01,East\n' >"$TMP/short.csv"
expect_exit 3 "id 'p02' has no group in" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$TMP/short.csv" --group-key code --group-col zone
printf 'code,zone\np01,East\np01,West\n' >"$TMP/twice.csv"
expect_exit 3 "twice.csv: row 3, column 'code': 'p01' appears again (first in row 2)" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$TMP/twice.csv" --group-key code --group-col zone
expect_exit 3 "disparity: --group-col: column 'group' not found" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$D/zones.csv" --group-key code
expect_exit 3 "disparity: --group-key: column 'id' not found" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$D/zones.csv" --group-col zone
# Even the same group twice is a duplicate: one rule for every mapping and join file (join.h).
printf 'code,zone\np01,East\np01,East\n' >"$TMP/same.csv"
expect_exit 3 "same.csv: row 3, column 'code': 'p01' appears again (first in row 2)" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$TMP/same.csv" --group-key code --group-col zone
# Units left out of the group file: an error naming the row, or skipped with --ungrouped skip (the
# numbers then equal those of the data without them).
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$TMP/short.csv" --group-key code --group-col zone --ungrouped skip -o "$TMP/skip.csv"
awk -F, 'NR==1 || $1=="p01"' "$D/panel.csv" >"$TMP/p01.csv"
expect_exit 0 "" -- "$NQPF" disparity "$TMP/p01.csv" "${P[@]}" --group zone -o "$TMP/p01_out.csv"
check "ungrouped skip = the data without those units" -- cmp -s "$TMP/skip.csv" "$TMP/p01_out.csv"
# Numeric group codes are groups "1", "2", "3", from a data column and from a group file alike.
# (column 4 of panel.csv is zone: Central, East, West -> 1, 2, 3 keeps the order of the names)
awk -F, -v OFS=, 'NR==1{print $0,"code"; next} {print $0, ($4=="Central")?1:($4=="East")?2:3}' "$D/panel.csv" >"$TMP/numg.csv"
expect_exit 0 "" -- "$NQPF" disparity "$TMP/numg.csv" "${P[@]}" --group code -o "$TMP/numg_ov.csv" --groups-out "$TMP/numg_gr.csv"
check "numeric codes: groups 1, 2, 3" -- test "$(cell "$TMP/numg_gr.csv" group 1),$(cell "$TMP/numg_gr.csv" group 2),$(cell "$TMP/numg_gr.csv" group 3)" = "1,2,3"
check "numeric codes: same decomposition as the names" -- cmp -s "$TMP/numg_ov.csv" "$TMP/ov.csv"
awk -F, -v OFS=, 'NR==1{print "id,code"; next} !s[$1]++ {print $1, ($4=="Central")?1:($4=="East")?2:3}' "$D/panel.csv" >"$TMP/numfile.csv"
expect_exit 0 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" --group-file "$TMP/numfile.csv" --group-col code --groups-out "$TMP/numf_gr.csv" -o "$TMP/numf_ov.csv"
check "numeric codes from a file = from a column" -- cmp -s "$TMP/numf_gr.csv" "$TMP/numg_gr.csv"
# Output not written (exit 5).
expect_exit 5 "" -- "$NQPF" disparity "$D/panel.csv" "${P[@]}" -o "$TMP/no/such/dir/x.csv"
# A variable empty in every row is a data error, not a table of empty cells with exit 0 (issue 15).
printf 'id,year,g,x\na,2000,E,\nb,2000,W,\nc,2000,W,\n' >"$TMP/allempty.csv"
expect_exit 3 "column 'x' is empty in all 3 rows of allempty.csv" -- \
  "$NQPF" disparity "$TMP/allempty.csv" --id id --time year --var x --group g -o "$TMP/allempty_out.csv"
check "no result file for an all-empty variable" -- test ! -e "$TMP/allempty_out.csv"
finish
