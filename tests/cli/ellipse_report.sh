#!/usr/bin/env bash
# The report's ellipse section (src/report/js/sections_ellipse.js) renders in headless Chromium, in
# English (over the China map) and Chinese (without a map): the 31 provinces (tests/data/ellipse) keyed by their Chinese names on the
# China map with an ellipse step weighted by X (drawn over the map), and a second study without a map
# (a plain coordinate chart): three ellipses drawn and a table of 10 years each time (self-check
# data-ellipse), no console message, no script or catalogue error, the headings and the sentence.
source "$(dirname "$0")/lib.bash"
need_chromium
D="$NQPF_SOURCE_DIR/tests/data/ellipse/province_sde.csv"
mkdir -p "$TMP/s" "$TMP/p"
cp "$D" "$TMP/s/data.csv"; cp "$D" "$TMP/p/data.csv"
cat >"$TMP/s/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "name_zh", "time": "year"},
 "map": {"geo": "china"},
 "steps": [{"type": "ellipse", "name": "sde", "coords": ["lon", "lat"], "var": "X"}]}
JSON
cat >"$TMP/p/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "id", "time": "year"},
 "steps": [{"type": "ellipse", "name": "sde", "coords": ["lon", "lat"], "projection": "none", "coord_unit": "deg",
            "correction": "none"}]}
JSON
# the map study in English, the study without a map in Chinese (each render takes a while)
for tag in s-en p-zh; do
  study=${tag%-*} lang=${tag#*-} map=1
  [ "$study" = s ] || map=0
  check "$tag: the study runs" -- "$NQPF" run "$TMP/$study/study.json" --out "$TMP/out-$tag" --lang $lang -q
  render_checked "$tag" "file://$TMP/out-$tag/report.html#svg"
  want="data-ellipse=\"{&quot;years&quot;:10,&quot;drawn&quot;:3,&quot;map&quot;:$map}\""
  check "$tag: three ellipses and 10 years (map $map)" -- grep -qF "$want" <<<"$line"
  check "$tag: the chart drawn" -- bash -c "grep -q 'data-charts=\"1\"' <<<'$line' && grep -q 'data-drawn=\"1\"' <<<'$line'"
done
check "en: headings" -- bash -c "grep -q 'Centre of gravity and standard deviational ellipse' '$TMP/s-en.dom' &&
  grep -q 'Centre of gravity and ellipse by year' '$TMP/s-en.dom'"
check "en: the sentence" -- grep -q 'Centre of gravity of X: from 2012 to 2021 it moved 12.6 km towards the north-west' "$TMP/s-en.dom"
check "zh: the unweighted sentence in degrees" -- grep -q '各地区（不加权）的重心：2012—2021 年保持在' "$TMP/p-zh.dom"
check "en: the note names the plane and sqrt(2)" -- bash -c "grep -q 'Albers equal-area conic' '$TMP/s-en.dom' && grep -q 'one-standard-deviation' '$TMP/s-en.dom'"
check "zh: Chinese heading and column headings" -- bash -c "grep -q '重心与标准差椭圆' '$TMP/p-zh.dom' &&
  grep -q '形状指数（短轴/长轴）' '$TMP/p-zh.dom' && grep -q '长半轴（度）' '$TMP/p-zh.dom'"
finish
