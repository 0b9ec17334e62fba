#!/usr/bin/env bash
# nqpf network on the 31-province case (tests/data/network, synthetic): the 2021 gravity matrix and
# its row-mean links against a haversine written here in awk, the distance-matrix route against the
# coordinates, the summary's links against the links table, the centrality and block tables'
# shape, QAP reproducible for a seed; bad input: keyed messages and exit codes 2, 3 and 5.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/network/province_network.csv"
N=(network "$D" --id id --time year --var X --mass P,G)

check "2021 with every side file" -- "$NQPF" "${N[@]}" --coords lon,lat --year 2021 -q -o "$TMP/links.csv" \
  --summary-out "$TMP/summary.csv" --centrality-out "$TMP/cent.csv" --blocks-out "$TMP/blocks.csv" \
  --qap 'network~distance+G+P' --reps 200 --seed 3 --qap-out "$TMP/qap.csv"
check "links: id,year,to,distance,gravity,threshold,link and 930 pairs" -- bash -c \
  "head -1 '$TMP/links.csv' | grep -qx 'id,year,to,distance,gravity,threshold,link' && [ \$(tail -n +2 '$TMP/links.csv' | wc -l) -eq 930 ]"

# The gravity matrix by hand (awk): haversine on 6371 km, y = X_i/(X_i+X_j) cbrt(P G X)_i cbrt(P G X)_j / d^2,
# a link where y exceeds the mean of its row; the largest relative difference must stay below 1e-9.
awk -F, 'NR == FNR { if (FNR > 1 && $7 == 2021) { n++; id[n] = $1; lo[n] = $5; la[n] = $6; P[n] = $8; G[n] = $9; X[n] = $10 } next }
  FNR == 1 { for (i = 1; i <= n; i++) for (j = 1; j <= n; j++) if (i != j) {
      r = 3.14159265358979323846 / 180; a = sin((la[j] - la[i]) * r / 2) ^ 2 + cos(la[i] * r) * cos(la[j] * r) * sin((lo[j] - lo[i]) * r / 2) ^ 2
      d = 2 * 6371 * atan2(sqrt(a), sqrt(1 - a))
      y[id[i], id[j]] = X[i] / (X[i] + X[j]) * (P[i] * G[i] * X[i]) ^ (1 / 3) * (P[j] * G[j] * X[j]) ^ (1 / 3) / (d * d)
      row[id[i]] += y[id[i], id[j]] / (n - 1) }
    next }
  { e = y[$1, $3]; rel = ($5 - e) / e; if (rel < 0) rel = -rel; if (rel > worst) worst = rel
    if (($7 == 1) != (e > row[$1])) bad++ }
  END { printf "%d %s\n", bad, (worst < 1e-9 ? "ok" : "off " worst) }' "$D" "$TMP/links.csv" >"$TMP/hand.txt"
check "gravity and links of 2021 = the awk computation ($(cat "$TMP/hand.txt"))" -- grep -qx '0 ok' "$TMP/hand.txt"
check "summary links = links in the table" -- bash -c \
  "[ \$(awk -F, 'NR>1 && \$7==1' '$TMP/links.csv' | wc -l) -eq \$(awk -F, 'NR==2{print \$3}' '$TMP/summary.csv') ]"
check "centrality: 31 rows with lon, lat and a block" -- bash -c \
  "[ \$(tail -n +2 '$TMP/cent.csv' | wc -l) -eq 31 ] && head -1 '$TMP/cent.csv' | grep -q '^id,year,lon,lat,in_degree,out_degree,degree,degree_centrality,closeness_in,closeness_out,closeness,betweenness,betweenness_norm,block$'"
check "in-degrees and out-degrees both sum to the links" -- bash -c \
  "awk -F, 'NR>1{i+=\$5; o+=\$6} END{exit !(i==o && i>0)}' '$TMP/cent.csv'"
check "blocks: members add up to 31, each role one of four" -- bash -c \
  "awk -F, 'NR>1{m+=\$4; if (\$10 !~ /^(net_beneficial|bilateral_spillover|broker|net_spillover)\$/) bad=1} END{exit !(m==31 && !bad)}' '$TMP/blocks.csv'"
check "qap: 3 correlations and 4 regression terms" -- bash -c \
  "[ \$(grep -c ',correlation,' '$TMP/qap.csv') -eq 3 ] && [ \$(grep -c ',mrqap,' '$TMP/qap.csv') -eq 4 ]"
"$NQPF" "${N[@]}" --coords lon,lat --year 2021 -q -o "$TMP/l2.csv" --qap 'network~distance+G+P' --reps 200 --seed 3 \
  --qap-out "$TMP/qap2.csv"
check "qap: the same seed, the same bytes" -- cmp -s "$TMP/qap.csv" "$TMP/qap2.csv"

# The distance-matrix route: the awk haversine written as a matrix gives the same links.
awk -F, 'FNR > 1 && $7 == 2021 { n++; id[n] = $1; lo[n] = $5; la[n] = $6 }
  END { r = 3.14159265358979323846 / 180; printf "id"; for (j = 1; j <= n; j++) printf ",%s", id[j]; printf "\n"
    for (i = 1; i <= n; i++) { printf "%s", id[i]; for (j = 1; j <= n; j++) {
      a = sin((la[j] - la[i]) * r / 2) ^ 2 + cos(la[i] * r) * cos(la[j] * r) * sin((lo[j] - lo[i]) * r / 2) ^ 2
      printf ",%.17g", 2 * 6371 * atan2(sqrt(a), sqrt(1 - a)) } printf "\n" } }' "$D" >"$TMP/dist.csv"
check "distance matrix route runs" -- "$NQPF" "${N[@]}" --distance-matrix "$TMP/dist.csv" --year 2021 -q -o "$TMP/lm.csv"
check "distance matrix route: the same links as the coordinates" -- bash -c \
  "diff <(cut -d, -f1-3,7 '$TMP/links.csv') <(cut -d, -f1-3,7 '$TMP/lm.csv') >/dev/null"
check "every year by default: 10 summary rows" -- bash -c \
  "'$NQPF' ${N[*]} --coords lon,lat -q -o '$TMP/all.csv' --summary-out '$TMP/sall.csv' && [ \$(tail -n +2 '$TMP/sall.csv' | wc -l) -eq 10 ]"

# Bad input.
expect_exit 2 "network: --coords: required" -- "$NQPF" "${N[@]}" -q -o "$TMP/x.csv"
expect_exit 2 "--qap-out: needs --qap" -- "$NQPF" "${N[@]}" --coords lon,lat --qap-out "$TMP/q.csv" -q -o "$TMP/x.csv"
expect_exit 2 "term 'nosuch': expected network, gravity, distance or a numeric column" -- \
  "$NQPF" "${N[@]}" --coords lon,lat --year 2021 --qap 'network~nosuch' -q -o "$TMP/x.csv"
expect_exit 3 "2030 is not a year of the data (2012 to 2021)" -- "$NQPF" "${N[@]}" --coords lon,lat --year 2030 -q -o "$TMP/x.csv"
expect_exit 3 "column 'Q' not found" -- "$NQPF" network "$D" --id id --time year --var Q --mass P,G --coords lon,lat -q -o "$TMP/x.csv"
sed 's/^\(3,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,2021,[^,]*,[^,]*\),.*$/\1,-0.5/' "$D" >"$TMP/neg.csv"
expect_exit 3 "row 31, column 'X'" -- "$NQPF" network "$TMP/neg.csv" --id id --time year --var X --mass P,G --coords lon,lat -q -o "$TMP/x.csv"
head -3 "$TMP/dist.csv" | cut -d, -f1-3 >"$TMP/dist_small.csv"
expect_exit 3 "region '3' of the data has no row (first column) in the distance matrix" -- \
  "$NQPF" "${N[@]}" --distance-matrix "$TMP/dist_small.csv" --year 2021 -q -o "$TMP/x.csv"
expect_exit 5 "" -- "$NQPF" "${N[@]}" --coords lon,lat --year 2021 -q -o "$TMP/no/such/dir/x.csv"
finish
