#!/usr/bin/env bash
# nqpf dynamics: the Markov class bounds (markov_bounds; --bounds-out) for yearly quantiles, pooled
# quantiles and fixed cuts, checked against quantiles computed here by awk with the same
# definition, R's type 7 (numpy's default, mapclassify's Quantiles): for p = j/K, h = (n - 1) p,
# q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) over the sorted values x[0..n).
# Class j is (d_{j-1}, d_j] with d the distinct cut points (repeated cuts merge classes; a class
# past the last distinct cut + 1 is unused: empty bounds and n = 0). n counts the values in a class.
# The study step writes <step>_markov_bounds.csv and puts the table into the report blob.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/spatial"
P=(--id region --time year --var tfp)

# expected_bounds K SCOPE [CUTS]: region,year,value rows on stdin; prints year,class,lower,upper,n
# (year empty for pooled/fixed) with numbers in %.12g.
expected_bounds() {
  awk -F, -v K="$1" -v scope="$2" -v fixed="${3:-}" '
    function isort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
    function q7(a, n, p,   h, f) { h = (n - 1) * p; f = int(h); return f + 1 >= n ? a[n] : a[f + 1] + (h - f) * (a[f + 2] - a[f + 1]) }
    function g(x) { return sprintf("%.12g", x) }
    # bounds(key, values, count): fills lo[], hi[] for classes 1..K from the cut points in c[1..K-1].
    function emit(key, v, nv,   j, nd, d, cl, cnt, i) {
      nd = 0
      for (j = 1; j < K; j++) if (nd == 0 || c[j] > d[nd]) d[++nd] = c[j]
      for (j = 1; j <= K; j++) cnt[j] = 0
      for (i = 1; i <= nv; i++) { cl = 1; for (j = 1; j <= nd; j++) if (v[i] > d[j]) cl = j + 1; cnt[cl]++ }
      for (j = 1; j <= K; j++)
        print key "," j "," (j == 1 || j > nd + 1 ? "" : g(d[j - 1])) "," (j > nd ? "" : g(d[j])) "," cnt[j]
    }
    NR > 1 && $3 != "" { n[$2]++; y[$2, n[$2]] = $3 + 0; all[++na] = $3 + 0; if (!($2 in seen)) { seen[$2] = 1; ys[++ny] = $2 } }
    END {
      if (fixed != "") {
        split(fixed, c, ":")
        emit("", all, na)
      } else if (scope == "pooled") {
        for (i = 1; i <= na; i++) s[i] = all[i]
        isort(s, na)
        for (j = 1; j < K; j++) c[j] = q7(s, na, j / K)
        emit("", all, na)
      } else {
        isort(ys, ny)
        for (t = 1; t <= ny; t++) {
          delete s; delete v
          for (i = 1; i <= n[ys[t]]; i++) { s[i] = y[ys[t], i]; v[i] = s[i] }
          isort(s, n[ys[t]])
          for (j = 1; j < K; j++) c[j] = q7(s, n[ys[t]], j / K)
          emit(ys[t], v, n[ys[t]])
        }
      }
    }'
}
# The same rows from nqpf's CSV, with numbers in %.12g.
got_bounds() {
  awk -F, 'function g(x) { return x == "" ? "" : sprintf("%.12g", x) } NR > 1 { print $1 "," $2 "," g($3) "," g($4) "," $5 }' "$1"
}
compare() { # compare NAME EXPECTED GOT
  check "$1: header" -- bash -c "head -1 '$3' | grep -qx 'year,class,lower,upper,n'"
  if ! diff <(cat "$2") <(got_bounds "$3") >"$TMP/diff.txt"; then
    head -20 "$TMP/diff.txt"
  fi
  check "$1: bounds and counts equal the awk type-7 quantiles" -- diff -q "$2" <(got_bounds "$3")
}

cut -d, -f1-3 "$D/panel.csv" >"$TMP/panel3.csv"

# Yearly quantiles (the default): one row per year and class.
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 3 -o "$TMP/s.csv" --bounds-out "$TMP/yb.csv" -q
expected_bounds 3 yearly <"$TMP/panel3.csv" >"$TMP/yb.expected"
check "yearly: 6 years x 3 classes" -- test "$(wc -l <"$TMP/yb.expected")" -eq 18
compare "yearly K=3" "$TMP/yb.expected" "$TMP/yb.csv"
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 4 -o "$TMP/s.csv" --bounds-out "$TMP/yb4.csv" -q
expected_bounds 4 yearly <"$TMP/panel3.csv" >"$TMP/yb4.expected"
compare "yearly K=4" "$TMP/yb4.expected" "$TMP/yb4.csv"
# Every year's counts add up to that year's values (9 regions).
check "yearly: counts add up to 9 per year" -- \
  bash -c "awk -F, 'NR>1{s[\$1]+=\$5} END{for (y in s) if (s[y] != 9) exit 1}' '$TMP/yb.csv'"

# Pooled quantiles and fixed cuts: one row per class, time empty.
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 5 --quantiles pooled -o "$TMP/s.csv" --bounds-out "$TMP/pb.csv" -q
expected_bounds 5 pooled <"$TMP/panel3.csv" >"$TMP/pb.expected"
compare "pooled K=5" "$TMP/pb.expected" "$TMP/pb.csv"
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --cuts 1.2,1.5 -o "$TMP/s.csv" --bounds-out "$TMP/fb.csv" \
  --markov-out "$TMP/mkf.csv" -q
expected_bounds 3 fixed 1.2:1.5 <"$TMP/panel3.csv" >"$TMP/fb.expected"
compare "fixed cuts" "$TMP/fb.expected" "$TMP/fb.csv"
check "fixed cuts: the Markov table shows the same bounds" -- \
  diff -q <(awk -F, 'NR>1{print $2","$3","$4}' "$TMP/fb.csv") <(awk -F, 'NR>1{print $1","$2","$3}' "$TMP/mkf.csv")

# Ties: repeated cut points merge classes. 2021: values 1,1,1,1,2,3 and K = 4 give the cuts
# 1, 1, 1.75 (h = 1.25, 2.5, 3.75): classes (-inf,1], (1,1.75], (1.75,inf) and an unused fourth.
printf 'region,year,v\na,2020,6\nb,2020,5\nc,2020,4\nd,2020,3\ne,2020,2\nf,2020,1\n' >"$TMP/ties.csv"
printf 'a,2021,1\nb,2021,1\nc,2021,1\nd,2021,1\ne,2021,2\nf,2021,3\n' >>"$TMP/ties.csv"
expect_exit 0 "" -- "$NQPF" dynamics "$TMP/ties.csv" --id region --time year --var v --classes 4 -o "$TMP/s.csv" \
  --bounds-out "$TMP/tb.csv" -q
expected_bounds 4 yearly <"$TMP/ties.csv" >"$TMP/tb.expected"
compare "ties" "$TMP/tb.expected" "$TMP/tb.csv"
check "ties: 2021 as worked by hand" -- \
  bash -c "grep '^2021,' '$TMP/tb.csv' | tr '\n' ' ' | grep -qx '2021,1,,1,4 2021,2,1,1.75,0 2021,3,1.75,,2 2021,4,,,0 '"

# JSON output carries the table too.
expect_exit 0 "" -- "$NQPF" dynamics "$D/panel.csv" "${P[@]}" --classes 3 -o "$TMP/all.json" -q
check "JSON holds markov_bounds" -- grep -q '"markov_bounds"' "$TMP/all.json"

# The study step writes <step>_markov_bounds.csv (the same rows as the command) and the report
# blob carries the table.
cat >"$TMP/study.json" <<EOF
{"data": {"file": "$D/panel.csv", "id": "region", "time": "year"}, "out": "$TMP/study-out",
 "steps": [{"type": "dynamics", "name": "dyn", "var": "tfp", "classes": 3}]}
EOF
expect_exit 0 "" -- "$NQPF" run "$TMP/study.json" -q
check "study: dyn_markov_bounds.csv written" -- test -f "$TMP/study-out/dyn_markov_bounds.csv"
check "study: same rows as the command" -- diff -q <(got_bounds "$TMP/study-out/dyn_markov_bounds.csv") <(got_bounds "$TMP/yb.csv")
check "study: the report blob has the markov_bounds table" -- \
  grep -qF '"markov_bounds":{"columns":["year","class","lower","upper","n"]' "$TMP/study-out/report.html"
finish
