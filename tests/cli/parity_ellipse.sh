#!/usr/bin/env bash
# The ellipse study step and `nqpf ellipse` with the same options write the same tables (centres and,
# through --outline-out, the outline), byte for byte, and refuse the same bad options with the same
# message (one definition: src/region/ellipse_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/ellipse/province_sde.csv"

parity albers "$D" id year '"coords": ["lon", "lat"], "var": "X"' \
  ellipse --coords lon,lat --var X
parity deg "$D" id year '"coords": "lon,lat", "projection": "none", "coord_unit": "deg", "correction": "none"' \
  ellipse --coords lon,lat --projection none --coord-unit deg --correction none
parity equirect "$D" id year '"coords": ["lon", "lat"], "var": "G", "projection": "equirectangular", "meridian": 110' \
  ellipse --coords lon,lat --var G --projection equirectangular --meridian 110
parity parallels "$D" id year '"coords": ["lon", "lat"], "var": "P", "parallels": [27, 45], "outline_points": 16' \
  ellipse --coords lon,lat --var P --parallels 27,45 --outline-points 16

# points from the built-in Jiangsu outlines (their centroids), keyed by the cities' names
J="$TMP/jiangsu.csv"
printf 'city,year,g\n' >"$J"
for c in 南京市 无锡市 徐州市 常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市; do
  printf '%s,2020,%s\n%s,2021,%s\n' "$c" "${#c}" "$c" "$((${#c} + 1))" >>"$J"
done
parity jiangsu "$J" city year '"geojson": "builtin:jiangsu", "key": "name", "var": "g"' \
  ellipse --geojson builtin:jiangsu --key name --var g

# the outline table: s_outline.csv of the study and --outline-out of the command
dir="$TMP/parity_outline"; rm -rf "$dir"; mkdir -p "$dir"; cp "$D" "$dir/data.csv"
printf '{"data": {"file": "data.csv", "id": "id", "time": "year"},\n "steps": [{"type": "ellipse", "name": "s", "coords": ["lon", "lat"], "var": "X", "outline_points": 24}]}\n' >"$dir/study.json"
check "outline: the study runs" -- "$NQPF" run "$dir/study.json" --out "$dir/out" -q
check "outline: the command runs" -- "$NQPF" ellipse "$dir/data.csv" --id id --time year --coords lon,lat --var X \
  --outline-points 24 -q -o "$dir/cli.csv" --outline-out "$dir/cli_outline.csv"
check "outline: study and command write the same outline" -- cmp -s "$dir/out/s_outline.csv" "$dir/cli_outline.csv"
check "outline: 10 years x 24 points" -- test "$(($(wc -l <"$dir/cli_outline.csv") - 1))" -eq 240

parity_error coords "$D" id year '"coords": "lon"' \
  coords "expected two columns, longitude then latitude" ellipse --coords lon
parity_error coord_unit "$D" id year '"coords": "lon,lat", "coord_unit": "km"' \
  coord_unit "applies to projection none only" ellipse --coords lon,lat --coord-unit km
parity_error parallels "$D" id year '"coords": "lon,lat", "parallels": "30,-30"' \
  parallels "expected two parallels that are not symmetric about the equator, found 30 and -30" ellipse --coords lon,lat --parallels 30,-30
parity_error meridian "$D" id year '"coords": "lon,lat", "projection": "none", "meridian": 100' \
  meridian "does not apply to projection none" ellipse --coords lon,lat --projection none --meridian 100
parity_error key "$D" id year '"geojson": "builtin:jiangsu"' \
  key "required with geojson" ellipse --geojson builtin:jiangsu
parity_error geojson "$D" id year '"coords": "lon,lat", "geojson": "builtin:jiangsu", "key": "name"' \
  geojson "give the points once" ellipse --coords lon,lat --geojson builtin:jiangsu --key name
parity_error projection "$D" id year '"coords": "lon,lat", "projection": "mercator"' \
  projection "expected albers|equirectangular|none, found 'mercator'" ellipse --coords lon,lat --projection mercator
finish
