#!/usr/bin/env bash
# The report's spatial regression section (src/report/js/sections_spreg.js) renders in headless
# Chromium, in English and Chinese: a study with SDM, OLS and SAR spreg steps on Columbus gives the
# coefficient tables (7 + 4 + 5 rows: self-check data-spCoef = 16), the effects of the SDM and SAR
# (6 + 6 rows: data-spEff = 12), no console message, no script or catalogue error, the headings, the
# coefficient plot, the spillover sentence (SAR: income's indirect effect, delta-method p = 0.03) and
# the SDM's "no significant spillover" sentence (its simulated p for income is 0.07).
source "$(dirname "$0")/lib.bash"
need_chromium
mkdir -p "$TMP/s"
cp "$NQPF_SOURCE_DIR/tests/data/spreg/columbus/data.csv" "$NQPF_SOURCE_DIR/tests/data/spreg/columbus/edges.csv" "$TMP/s/"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "id", "time": "year"},
 "steps": [{"type": "spreg", "name": "sdm", "model": "sdm", "y": "CRIME", "x": ["INC", "HOVAL"], "weights": "edges.csv",
            "draws": 300},
           {"type": "spreg", "name": "ols", "model": "ols", "y": "CRIME", "x": ["INC", "HOVAL"], "weights": "edges.csv"},
           {"type": "spreg", "name": "sar", "model": "sar", "y": "CRIME", "x": ["INC", "HOVAL"], "weights": "edges.csv",
            "effects_se": "delta"}]}
JSON
for lang in en zh; do
  check "$lang: the study runs" -- "$NQPF" run "$TMP/s/study.json" --out "$TMP/out-$lang" --lang $lang -q
  render_checked "$lang" "file://$TMP/out-$lang/report.html#svg"
  check "$lang: 16 coefficient rows" -- bash -c "grep -q 'data-spcoef=\"16\"' <<<'${line,,}'"
  check "$lang: 12 effect rows" -- bash -c "grep -q 'data-speff=\"12\"' <<<'${line,,}'"
  check "$lang: sections for both steps" -- bash -c "grep -q 'id=\"step-sdm\"' '$TMP/$lang.dom' && grep -q 'id=\"step-ols\"' '$TMP/$lang.dom'"
  check "$lang: the coefficient plot is drawn" -- bash -c "grep -c '<svg' '$TMP/$lang.dom' | grep -qv '^0$'"
done
check "en: headings" -- bash -c "grep -q 'Coefficients: spatial Durbin model (SDM)' '$TMP/en.dom' && grep -q 'spatial lag model (SAR)' '$TMP/en.dom' &&
  grep -q 'Direct, indirect (spillover) and total effects' '$TMP/en.dom' && grep -q 'Coefficient plot' '$TMP/en.dom'"
check "en: the spillover sentence of income" -- grep -q 'Spillover of INC: its indirect effect on CRIME is -0.7177' "$TMP/en.dom"
check "en: the no-spillover sentence" -- grep -q 'No variable has an indirect (spillover) effect on CRIME' "$TMP/en.dom"
check "en: the OLS LM sentence" -- grep -q 'OLS diagnostics: LM-lag 8.898' "$TMP/en.dom"
check "zh: Chinese headings" -- bash -c "grep -q '空间计量回归' '$TMP/zh.dom' && grep -q '空间杜宾模型（SDM）' '$TMP/zh.dom' &&
  grep -q '直接效应' '$TMP/zh.dom'"
check "zh: the spillover sentence" -- grep -q 'INC 的空间溢出' "$TMP/zh.dom"
finish
