#!/usr/bin/env bash
# The report's second-stage section (src/report/js/sections_stage2.js) renders in headless Chromium,
# in English and Chinese: a study with a dea step and two secondstage steps (Tobit on "use" dea.te,
# Simar-Wilson algorithm 1) gives two coefficient tables of 4 rows each (self-check data-ssRows = 8),
# no console message, no script or catalogue error, the section headings and the summary sentence.
source "$(dirname "$0")/lib.bash"
need_chromium
D="$NQPF_SOURCE_DIR/tests/data/secondstage/pwt2017_te.csv"
mkdir -p "$TMP/s"
cp "$D" "$TMP/s/data.csv"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "countrycode", "time": "year"},
 "steps": [{"type": "dea", "name": "dea", "inputs": ["rnna", "emp"], "outputs": ["rgdpna"], "rts": "vrs"},
           {"type": "secondstage", "name": "tobit", "use": ["dea.te"], "method": "tobit", "efficiency": "dea.te",
            "env": ["hc", "csh_x"]},
           {"type": "secondstage", "name": "sw1", "method": "sw1", "efficiency": "te", "env": ["hc", "csh_x"],
            "reps": 200}]}
JSON
for lang in en zh; do
  check "$lang: the study runs" -- "$NQPF" run "$TMP/s/study.json" --out "$TMP/out-$lang" --lang $lang -q
  render_checked "$lang" "file://$TMP/out-$lang/report.html#svg"
  check "$lang: two coefficient tables of 4 rows" -- bash -c "grep -q 'data-ssrows=\"8\"' <<<'${line,,}'"
  check "$lang: sections for both steps" -- bash -c "grep -q 'id=\"step-tobit\"' '$TMP/$lang.dom' && grep -q 'id=\"step-sw1\"' '$TMP/$lang.dom'"
done
check "en: heading and model names" -- bash -c "grep -q 'Second-stage regression of efficiency' '$TMP/en.dom' &&
  grep -q 'Coefficients (Tobit censored at 1)' '$TMP/en.dom' && grep -q 'Simar-Wilson (2007) algorithm 1' '$TMP/en.dom'"
check "en: the summary names human capital's effect" -- grep -q 'Second stage (Tobit censored at 1, 144 observations)' "$TMP/en.dom"
check "en: the Tobit warning" -- grep -q 'McDonald (2009)' "$TMP/en.dom"
check "zh: Chinese heading and model names" -- bash -c "grep -q '效率的第二阶段回归' '$TMP/zh.dom' && grep -q '在 1 处右截取的 Tobit' '$TMP/zh.dom'"
check "zh: Chinese column headings" -- bash -c "grep -q '自助标准误' '$TMP/zh.dom' && grep -q '95% 置信区间下限' '$TMP/zh.dom'"
finish
