#!/usr/bin/env bash
# The report's network section (src/report/js/sections_network.js) renders in headless Chromium, in
# English and Chinese: a study of the 31-province case (tests/data/network, over the China map by
# the name_zh column) with a network step with blocks and QAP. The self-check data-network counts
# the links drawn (those of 2021 with link = 1 in s.csv), 10 ranked regions, the blocks (rows of
# s_blocks.csv), the QAP rows (rows of s_qap.csv) and map = 1; no console message, no script or
# catalogue error; the headings, role names and the sentence in both languages.
source "$(dirname "$0")/lib.bash"
need_chromium
mkdir -p "$TMP/s"
cp "$NQPF_SOURCE_DIR/tests/data/network/province_network.csv" "$TMP/s/data.csv"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "id", "time": "year"},
 "map": {"geo": "china", "column": "name_zh"},
 "steps": [{"type": "network", "name": "s", "var": "X", "mass": ["P", "G"], "coords": ["lon", "lat"],
            "qap": "network~distance+G", "reps": 200}]}
JSON
for lang in en zh; do
  check "$lang: the study runs" -- "$NQPF" run "$TMP/s/study.json" --out "$TMP/out-$lang" --lang $lang -q
  render_checked "$lang" "file://$TMP/out-$lang/report.html#svg"
  links=$(awk -F, 'NR>1 && $2==2021 && $7==1' "$TMP/out-$lang/s.csv" | wc -l)
  blocks=$(($(wc -l <"$TMP/out-$lang/s_blocks.csv") - 1))
  qap=$(($(wc -l <"$TMP/out-$lang/s_qap.csv") - 1))
  want="{&quot;links&quot;:$links,&quot;ranked&quot;:10,&quot;blocks&quot;:$blocks,&quot;qap&quot;:$qap,&quot;map&quot;:1}"
  check "$lang: self-check $want" -- bash -c "grep -qF 'data-network=\"$want\"' <<<'$line'"
done
check "en: headings, a role and the sentence" -- bash -c "grep -q 'Spatial correlation network' '$TMP/en.dom' &&
  grep -q 'Block model (CONCOR), 2021' '$TMP/en.dom' && grep -qE 'net beneficial|bilateral spillover|broker|net spillover' '$TMP/en.dom' &&
  grep -q 'The most central regions are' '$TMP/en.dom'"
check "zh: Chinese headings, a role and the sentence" -- bash -c "grep -q '空间关联网络' '$TMP/zh.dom' &&
  grep -q '块模型（CONCOR），2021 年' '$TMP/zh.dom' && grep -qE '净受益板块|双向溢出板块|经纪人板块|净溢出板块' '$TMP/zh.dom' &&
  grep -q '中心性最高的地区为' '$TMP/zh.dom'"
finish
