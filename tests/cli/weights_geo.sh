#!/usr/bin/env bash
# nqpf weights (neighbours from GeoJSON polygons) and GeoJSON weights in spatial: the edge list's
# form, its agreement with PySAL's sids2.gal (rook) where ../shared has it, the same Moran's I from
# the GeoJSON as from the edge list written from it, region names matched through the gazetteer,
# and one test per error class (message and exit code).
source "$(dirname "$0")/lib.bash"
G="$NQPF_SOURCE_DIR/tests/data/geo"

# Queen on the 100 NC counties: both directions, sorted, ids from the key property.
expect_exit 0 "" -- "$NQPF" weights --geojson "$G/nc_counties.geojson" --key FIPSNO -o "$TMP/q.csv" -q
check "header from,to" -- test "$(head -1 "$TMP/q.csv")" = "from,to"
check "490 queen links" -- test "$(($(wc -l <"$TMP/q.csv") - 1))" -eq 490
check "symmetric: every link has its reverse" -- \
  bash -c "diff <(tail -n +2 '$TMP/q.csv' | sort) <(tail -n +2 '$TMP/q.csv' | awk -F, '{print \$2\",\"\$1}' | sort)"
check "sorted by from, then to" -- bash -c "diff <(tail -n +2 '$TMP/q.csv') <(tail -n +2 '$TMP/q.csv' | LC_ALL=C sort -t, -k1,1 -k2,2)"
expect_exit 0 "" -- "$NQPF" weights --geojson "$G/nc_counties.geojson" --key FIPSNO --contiguity rook -o "$TMP/r.csv" -q
check "rook is a subset of queen" -- bash -c "test -z \"\$(comm -23 <(sort '$TMP/r.csv') <(sort '$TMP/q.csv'))\""
gal=$(ref_path spatial/moran_sids2_esda)
if [ -e "$gal/edges.csv" ]; then
  check "rook = PySAL's sids2.gal (462 links)" -- \
    bash -c "diff <(tail -n +2 '$TMP/r.csv' | sort) <(tail -n +2 '$gal/edges.csv' | tr -d '\r' | sort)"
else
  skip_case "rook = sids2.gal" "../shared/reference/spatial/moran_sids2_esda is absent"
fi
expect_exit 0 "" -- "$NQPF" weights --geojson "$G/nc_counties.geojson" --key NAME --contiguity knn:4 -o "$TMP/k.csv" -q
check "knn:4 gives 4 links per county" -- \
  bash -c "test \"\$(tail -n +2 '$TMP/k.csv' | cut -d, -f1 | sort | uniq -c | awk '\$1!=4' | wc -l)\" = 0"
expect_exit 0 "" -- "$NQPF" weights --geojson "$G/jiangsu_cities.geojson" --key name -o "$TMP/js.csv" -q
check "Jiangsu (self-touching rings): 50 queen links" -- test "$(($(wc -l <"$TMP/js.csv") - 1))" -eq 50
check "Jiangsu: 南京市 borders 镇江市" -- grep -qx '南京市,镇江市' "$TMP/js.csv"
# The bundled outlines (rounded to 0.001 degree) imply the same neighbours as the source file.
expect_exit 0 "" -- "$NQPF" weights --geojson builtin:jiangsu --key name -o "$TMP/js_builtin.csv" -q
check "builtin:jiangsu gives the same queen links as the source outlines" -- cmp "$TMP/js.csv" "$TMP/js_builtin.csv"
expect_exit 3 "builtin:shanghai: no such bundled map" -- "$NQPF" weights --geojson builtin:shanghai --key name -q

# spatial from the GeoJSON = spatial from the edge list nqpf weights wrote.
awk 'BEGIN{print "id,year,y"} /"FIPSNO"/{match($0,/"FIPSNO": [0-9]+/); f=substr($0,RSTART+10,RLENGTH-10); printf "%s,2000,%.1f\n", f, (f*37)%101/10}' \
  "$G/nc_counties.geojson" >"$TMP/nc.csv"
check "100 synthetic county rows" -- test "$(($(wc -l <"$TMP/nc.csv") - 1))" -eq 100
expect_exit 0 "" -- "$NQPF" spatial "$TMP/nc.csv" --id id --time year --var y --geojson "$G/nc_counties.geojson" \
  --key FIPSNO -o "$TMP/m_geo.csv" -q
expect_exit 0 "" -- "$NQPF" spatial "$TMP/nc.csv" --id id --time year --var y --weights "$TMP/q.csv" -o "$TMP/m_list.csv" -q
check "same Moran's I and Geary's C from GeoJSON and from the edge list" -- cmp "$TMP/m_geo.csv" "$TMP/m_list.csv"

# dynamics: the spatial Markov chain from the GeoJSON = from the edge list.
awk -F, 'NR==1{print; next} {for (y=2000; y<=2005; y++) printf "%s,%d,%.1f\n", $1, y, (($1*37+y*13)%101)/10 + $1%7}' \
  "$TMP/nc.csv" >"$TMP/ncp.csv"
expect_exit 0 "" -- "$NQPF" dynamics "$TMP/ncp.csv" --id id --time year --var y --geojson "$G/nc_counties.geojson" \
  --key FIPSNO --spatial-markov-out "$TMP/sm_geo.csv" -o "$TMP/dyn_geo.csv" -q
expect_exit 0 "" -- "$NQPF" dynamics "$TMP/ncp.csv" --id id --time year --var y --weights "$TMP/q.csv" \
  --spatial-markov-out "$TMP/sm_list.csv" -o "$TMP/dyn_list.csv" -q
check "spatial Markov table written" -- test -s "$TMP/sm_geo.csv"
check "same spatial Markov chain from GeoJSON and from the edge list" -- cmp "$TMP/sm_geo.csv" "$TMP/sm_list.csv"

# Short names in the data, full names in the outlines: matched through the gazetteer.
printf 'city,year,y\n南京,2020,1\n无锡,2020,8\n徐州,2020,2\n常州,2020,9\n苏州,2020,3\n南通,2020,10\n连云港,2020,4\n淮安,2020,11\n盐城,2020,5\n扬州,2020,12\n镇江,2020,6\n泰州,2020,13\n宿迁,2020,7\n' >"$TMP/js_data.csv"
expect_exit 0 "" -- "$NQPF" spatial "$TMP/js_data.csv" --id city --time year --var y --geojson "$G/jiangsu_cities.geojson" \
  --key name -o "$TMP/js_m.csv"
check "13 cities, no islands (苏州 = 苏州市)" -- grep -q '^2020,13,0,' "$TMP/js_m.csv"

# Errors: message and exit code.
expect_exit 3 "feature 0: expected a property 'NOPE' (text or a number) to use as its id, found none" -- \
  "$NQPF" weights --geojson "$G/nc_counties.geojson" --key NOPE
printf '{"type": "Feature", "properties": {}, "geometry": null}\n' >"$TMP/feature.json"
expect_exit 3 "expected a GeoJSON FeatureCollection" -- "$NQPF" weights --geojson "$TMP/feature.json" --key id
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"type":"Feature","properties":{"id":"b"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}\n' >"$TMP/line.json"
expect_exit 3 "feature 1 ('b'): expected a Polygon or MultiPolygon geometry, found a LineString" -- \
  "$NQPF" weights --geojson "$TMP/line.json" --key id
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,0]]]}}]}\n' >"$TMP/dup.json"
expect_exit 3 "features 0 and 1: expected a unique property 'id', found 'a' twice" -- \
  "$NQPF" weights --geojson "$TMP/dup.json" --key id
printf '{"type":"FeatureCollection",' >"$TMP/bad.json"
expect_exit 3 "expected JSON (GeoJSON)" -- "$NQPF" weights --geojson "$TMP/bad.json" --key id
expect_exit 3 "cannot open the GeoJSON file" -- "$NQPF" weights --geojson "$TMP/none.json" --key id
expect_exit 2 "--contiguity: expected queen, rook, knn:K or distance:D, found 'hex'" -- \
  "$NQPF" weights --geojson "$G/nc_counties.geojson" --key NAME --contiguity hex
expect_exit 2 "--contiguity: knn:K: K must be between 1 and 99" -- \
  "$NQPF" weights --geojson "$G/nc_counties.geojson" --key NAME --contiguity knn:100
expect_exit 2 "--snap: applies to queen and rook contiguity only" -- \
  "$NQPF" weights --geojson "$G/nc_counties.geojson" --key NAME --contiguity knn:3 --snap 0.1
expect_exit 2 "--key" -- "$NQPF" weights --geojson "$G/nc_counties.geojson"
expect_exit 2 "--geojson: give one source of weights" -- "$NQPF" spatial "$TMP/nc.csv" --id id --time year --var y \
  --geojson "$G/nc_counties.geojson" --key FIPSNO --weights "$TMP/q.csv"
expect_exit 2 "--key: required with geojson" -- "$NQPF" spatial "$TMP/nc.csv" --id id --time year --var y \
  --geojson "$G/nc_counties.geojson"
expect_exit 2 "--contiguity: applies to a GeoJSON file (geojson) only" -- "$NQPF" spatial "$TMP/nc.csv" --id id \
  --time year --var y --weights "$TMP/q.csv" --contiguity rook
finish
