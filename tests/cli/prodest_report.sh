#!/usr/bin/env bash
# The report's prodest section (src/report/js/sections_prodest.js) renders in headless Chromium, in
# English and Chinese: a study of the Chilean plants with an lp and a wrdg step and two groups of
# plants gives, in each section, the coefficient table of both steps side by side (3 inputs + the
# sum + N = 5 rows, twice: data-pdRows = 10), no console message, no script or catalogue error, the
# headings, the omega-by-year table and the TFP-growth sentences (overall and by group).
source "$(dirname "$0")/lib.bash"
need_chromium
D="$NQPF_SOURCE_DIR/tests/data/prodest/chilean.csv"
mkdir -p "$TMP/s"
cp "$D" "$TMP/s/data.csv"
# two groups of plants: ids below 40000 and the others
awk -F, 'NR == 1 { print "idvar,size"; next } !seen[$1]++ { print $1 "," ($1 < 40000 ? "A" : "B") }' "$D" >"$TMP/s/groups.csv"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "idvar", "time": "timevar"},
 "groups": {"name": "size", "file": "groups.csv", "key": "idvar", "column": "size"},
 "steps": [{"type": "prodest", "name": "lp", "method": "lp", "output": "Y", "free": ["fX1", "fX2"], "state": "sX",
            "proxy": "pX", "logged": true, "reps": 5},
           {"type": "prodest", "name": "wrdg", "method": "wrdg", "output": "Y", "free": ["fX1", "fX2"], "state": "sX",
            "proxy": "pX", "logged": true}]}
JSON
for lang in en zh; do
  check "$lang: the study runs" -- "$NQPF" run "$TMP/s/study.json" --out "$TMP/out-$lang" --lang $lang -q
  render_checked "$lang" "file://$TMP/out-$lang/report.html#svg"
  check "$lang: two side-by-side coefficient tables of 5 rows" -- bash -c "grep -q 'data-pdrows=\"10\"' <<<'${line,,}'"
  check "$lang: sections for both steps" -- bash -c "grep -q 'id=\"step-lp\"' '$TMP/$lang.dom' && grep -q 'id=\"step-wrdg\"' '$TMP/$lang.dom'"
done
check "en: headings and estimator names" -- bash -c "grep -q 'Firm TFP by production-function estimation' '$TMP/en.dom' &&
  grep -q 'Levinsohn-Petrin (2003)' '$TMP/en.dom' && grep -q 'Wooldridge (2009) GMM' '$TMP/en.dom' &&
  grep -q 'Log TFP (ω) by year: mean and quartiles' '$TMP/en.dom' && grep -q 'Mean log TFP (ω) by group' '$TMP/en.dom'"
check "en: the TFP-growth sentences" -- bash -c "grep -q 'Firm TFP (Levinsohn-Petrin (2003)): elasticities' '$TMP/en.dom' &&
  grep -q 'TFP growth by group: A .*% a year (1996–2006), B .*% a year' '$TMP/en.dom'"
check "zh: Chinese headings and sentence" -- bash -c "grep -q '基于生产函数估计的企业全要素生产率' '$TMP/zh.dom' &&
  grep -q '各年对数全要素生产率' '$TMP/zh.dom' && grep -q '年均增长' '$TMP/zh.dom'"
finish
