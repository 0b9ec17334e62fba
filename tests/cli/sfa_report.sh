#!/usr/bin/env bash
# The report's stochastic-frontier section (src/report/js/sections_sfa.js) renders in headless
# Chromium, in English and Chinese: a study on tests/data/sfa/panel.csv with two groups of firms and
# two sfa steps (bc92 with a trend and eta: 7 coefficient rows; bc95 with a trend, z and its constant: 8 rows)
# gives self-check data-sfarows = 15 and data-sfayears = 14 (7 years of decomposition per step), no
# console message, no script or catalogue error, the headings, the LR sentence and the chart titles.
source "$(dirname "$0")/lib.bash"
need_chromium
D="$NQPF_SOURCE_DIR/tests/data/sfa/panel.csv"
mkdir -p "$TMP/s"
cp "$D" "$TMP/s/data.csv"
# two groups of firms: F01-F15 and F16-F30
awk -F, 'NR == 1 { print "firm,size"; next } !seen[$1]++ { print $1 "," (substr($1, 2) + 0 <= 15 ? "A" : "B") }' "$D" \
  >"$TMP/s/groups.csv"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "firm", "time": "year"},
 "groups": {"name": "size", "file": "groups.csv", "key": "firm", "column": "size"},
 "steps": [{"type": "sfa", "name": "bc92", "output": "output", "inputs": ["capital", "labour"], "trend": true, "eta": true},
           {"type": "sfa", "name": "bc95", "output": "output", "inputs": ["capital", "labour"], "trend": true, "model": "bc95",
            "inefficiency": "z", "mu": true}]}
JSON
for lang in en zh; do
  check "$lang: the study runs" -- "$NQPF" run "$TMP/s/study.json" --out "$TMP/out-$lang" --lang $lang -q
  render_checked "$lang" "file://$TMP/out-$lang/report.html#svg"
  check "$lang: 15 coefficient rows" -- bash -c "grep -q 'data-sfarows=\"15\"' <<<'${line,,}'"
  check "$lang: 14 years of decomposition" -- bash -c "grep -q 'data-sfayears=\"14\"' <<<'${line,,}'"
  check "$lang: sections for both steps" -- bash -c "grep -q 'id=\"step-bc92\"' '$TMP/$lang.dom' && grep -q 'id=\"step-bc95\"' '$TMP/$lang.dom'"
done
check "en: headings" -- bash -c "grep -q 'Stochastic frontier: efficiency and TFP growth' '$TMP/en.dom' &&
  grep -q 'Frontier estimates (Battese-Coelli (1992) time-varying decay model)' '$TMP/en.dom' &&
  grep -q 'TFP growth and its sources by year' '$TMP/en.dom'"
check "en: the LR sentence" -- grep -q 'The one-sided LR test of no inefficiency gives' "$TMP/en.dom"
check "en: the stars" -- grep -q '\*\*\*' "$TMP/en.dom"
check "zh: Chinese headings" -- bash -c "grep -q '随机前沿分析：技术效率与全要素生产率增长' '$TMP/zh.dom' &&
  grep -q '各年平均技术效率' '$TMP/zh.dom' && grep -q '无技术无效率的单边似然比检验' '$TMP/zh.dom'"
finish
