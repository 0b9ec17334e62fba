#!/usr/bin/env bash
# The report's geographical-detector section (src/report/js/sections_geodet.js) renders in headless
# Chromium, in English and Chinese: a study with one geodetector step on the NTD example (three
# categorical factors) draws the q bar chart with three bars (self-check data-gdbars = 3) and the
# interaction heat map of three pairs (data-gdpairs = 3), with no console message and no script or
# catalogue error; the summary names watershed (q = 0.638) and the pair watershed ∩ soiltype.
source "$(dirname "$0")/lib.bash"
need_chromium
mkdir -p "$TMP/s"
awk -F, -v OFS=, 'NR==1{print "id,year," $0; next} {print "v" NR-1, 2015, $0}' \
  "$NQPF_SOURCE_DIR/tests/data/geodetector/CollectData.csv" >"$TMP/s/data.csv"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "id", "time": "year"},
 "steps": [{"type": "geodetector", "name": "gd", "y": "incidence",
            "factors": ["watershed", "soiltype", "elevation"],
            "categorical": ["watershed", "soiltype", "elevation"]}]}
JSON
for lang in en zh; do
  check "$lang: the study runs" -- "$NQPF" run "$TMP/s/study.json" --out "$TMP/out-$lang" --lang $lang -q
  render_checked "$lang" "file://$TMP/out-$lang/report.html#svg"
  check "$lang: three bars" -- bash -c "grep -q 'data-gdbars=\"3\"' <<<'${line,,}'"
  check "$lang: three interaction pairs" -- bash -c "grep -q 'data-gdpairs=\"3\"' <<<'${line,,}'"
  check "$lang: every chart drawn" -- bash -c "grep -q 'data-charts=\"2\"' <<<'$line' && grep -q 'data-drawn=\"2\"' <<<'$line'"
done
check "en: heading and sentences" -- bash -c "grep -q 'Geographical detector' '$TMP/en.dom' &&
  grep -q 'watershed explains the largest share of the spatial variation of incidence (q = 0.638, p &lt; 0.001)' '$TMP/en.dom' &&
  grep -q 'The strongest interaction is watershed ∩ soiltype (q = 0.736, bi-variable enhance)' '$TMP/en.dom'"
check "zh: Chinese heading, sentence and type" -- bash -c "grep -q '地理探测器' '$TMP/zh.dom' &&
  grep -q '交互作用最强的是watershed ∩ soiltype（q = 0.736，双因子增强）' '$TMP/zh.dom'"
finish
