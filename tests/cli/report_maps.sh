#!/usr/bin/env bash
# Maps in the report: the Jiangsu-cities example (synthetic data, bundled Jiangsu outlines, weights
# from the outlines) runs, embeds only its own map, matches the data's short names (苏州) to the
# map's features (苏州市), and renders in headless Chromium with every chart drawn and no console
# message; a screenshot is kept (build*/tests/tmp/report_maps/jiangsu.png) for a person to look at.
# A study with a GeoJSON map of its own (map.geojson + key) embeds that file; map errors are keyed.
source "$(dirname "$0")/lib.bash"
EX="$NQPF_SOURCE_DIR/examples/jiangsu-cities"

expect_exit 0 "" -- "$NQPF" run "$EX/study.json" --out "$TMP/js" -q
R="$TMP/js/report.html"
check "the Jiangsu map is embedded" -- grep -q 'id="nqpf-geo-jiangsu"' "$R"
check "no other map is embedded" -- bash -c "! grep -q 'id=\"nqpf-geo-world\"\\|id=\"nqpf-geo-china\"' '$R'"
check "units are drawn under the map's names (苏州 -> 苏州市)" -- grep -q '"map_names":\["南京市","无锡市","徐州市","常州市","苏州市"' "$R"
check "the map is keyed by name" -- grep -q '"map":{"geo":"jiangsu","key":"name"' "$R"
check "the weights came from the outlines (edges table, 50 links)" -- test "$(($(wc -l <"$TMP/js/moran_edges.csv") - 1))" -eq 50
check "the edges use the data's ids" -- grep -qx '苏州,无锡' "$TMP/js/moran_edges.csv"
size=$(stat -c %s "$R")
check "report size is reasonable ($size bytes < 2.5 MB)" -- test "$size" -lt 2500000

# A study with its own GeoJSON map: the NC counties keyed by FIPSNO.
mkdir -p "$TMP/nc"
cp "$NQPF_SOURCE_DIR/tests/data/geo/nc_counties.geojson" "$TMP/nc/counties.geojson"
awk 'BEGIN{print "id,year,y"} /"FIPSNO"/{match($0,/"FIPSNO": [0-9]+/); f=substr($0,RSTART+10,RLENGTH-10); for (y=2000; y<=2001; y++) printf "%s,%d,%.1f\n", f, y, (f*37+y)%101/10}' \
  "$TMP/nc/counties.geojson" >"$TMP/nc/data.csv"
cat >"$TMP/nc/study.json" <<'JSON'
{"title": "NC counties (synthetic values)", "out": "out",
 "data": {"file": "data.csv", "id": "id", "time": "year"},
 "map": {"geojson": "counties.geojson", "key": "FIPSNO"},
 "steps": [{"type": "spatial", "name": "moran", "var": "y", "local": true,
            "weights": {"geojson": "counties.geojson", "key": "FIPSNO", "contiguity": "rook"}}]}
JSON
expect_exit 0 "" -- "$NQPF" run "$TMP/nc/study.json" -q
check "the study's GeoJSON is embedded" -- grep -q 'id="nqpf-geo-geojson">{' "$TMP/nc/out/report.html"
check "keyed by FIPSNO" -- grep -q '"map":{"geo":"geojson","key":"FIPSNO"' "$TMP/nc/out/report.html"
check "rook on NC: 462 links" -- test "$(($(wc -l <"$TMP/nc/out/moran_edges.csv") - 1))" -eq 462

# Map errors name the key.
sed 's/"key": "FIPSNO"}, *$/"key": "NOPE"},/; s/"map": {"geojson": "counties.geojson", "key": "FIPSNO"}/"map": {"geojson": "counties.geojson", "key": "NOPE"}/' \
  "$TMP/nc/study.json" >"$TMP/nc/bad_key.json"
expect_exit 3 "map.key: " -- "$NQPF" run "$TMP/nc/bad_key.json" -q
sed 's/"map": {"geojson": "counties.geojson", "key": "FIPSNO"}/"map": {"geojson": "nowhere.geojson", "key": "FIPSNO"}/' \
  "$TMP/nc/study.json" >"$TMP/nc/bad_file.json"
expect_exit 2 "map.geojson: cannot open" -- "$NQPF" run "$TMP/nc/bad_file.json" -q
sed 's/"map": {"geojson": "counties.geojson", "key": "FIPSNO"}/"map": {"geo": "china", "geojson": "counties.geojson"}/' \
  "$TMP/nc/study.json" >"$TMP/nc/bad_both.json"
expect_exit 2 "map.geojson: give either map.geo or map.geojson, not both" -- "$NQPF" run "$TMP/nc/bad_both.json" -q
sed 's/"map": {"geojson": "counties.geojson", "key": "FIPSNO"}/"map": {"geo": "mars"}/' \
  "$TMP/nc/study.json" >"$TMP/nc/bad_geo.json"
expect_exit 2 "map.geo" -- "$NQPF" run "$TMP/nc/bad_geo.json" -q

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  skip_case "render the Jiangsu report" "chromium is not installed (scripts/setup.sh installs it)"
  finish
fi
render() { # render NAME PAGE [chromium options...]
  local name=$1 page=$2
  shift 2
  mkdir -p "$TMP/profile-$name"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-default-apps --disable-dev-shm-usage \
    --user-data-dir="$TMP/profile-$name" --enable-logging=stderr --v=0 "$@" --dump-dom "file://$page" \
    >"$TMP/$name.dom" 2>"$TMP/$name.log"
}
for name in js nc; do
  page="$TMP/$name/report.html"
  [ "$name" = nc ] && page="$TMP/nc/out/report.html"
  if [ "$name" = js ]; then
    render js "$page" --window-size=1280,3600 --hide-scrollbars --screenshot="$TMP/jiangsu.png"
  else
    render nc "$page"
  fi
  check "$name: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/$name.log'"
  grep -F ':CONSOLE' "$TMP/$name.log" | head -5
  line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$name.dom" || true)
  charts=$(sed -n 's/.*data-charts="\([0-9]*\)".*/\1/p' <<<"$line")
  drawn=$(sed -n 's/.*data-drawn="\([0-9]*\)".*/\1/p' <<<"$line")
  errs=$(sed -n 's/.*data-errors="\([0-9]*\)".*/\1/p' <<<"$line")
  check "$name: the report script finished" -- test -n "$line"
  check "$name: every chart drawn ($drawn of $charts)" -- test "${drawn:-x}" = "${charts:-y}"
  check "$name: no script errors" -- test "${errs:-1}" = 0
done
# dea (line, map), moran (line, scatter, LISA cluster and significance maps), moran_rook (line):
# 7 charts, 3 of them maps.
check "js: 7 charts" -- grep -q 'data-charts="7"' "$TMP/js.dom"
check "js: 3 maps" -- test "$(grep -o 'class="chart map"' "$TMP/js.dom" | wc -l)" -eq 3
size=$(stat -c %s "$TMP/jiangsu.png" 2>/dev/null || echo 0)
check "the screenshot is not blank ($size bytes)" -- test "$size" -gt 100000
finish
