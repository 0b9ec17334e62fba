#!/usr/bin/env bash
# The network study step and `nqpf network` with the same options write the same tables (links,
# centrality, summary, blocks, qap), byte for byte, and refuse the same bad options with the same
# message (one definition: src/network/network_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/network/province_network.csv"

parity coords "$D" id year '"var": "X", "mass": ["P", "G"], "coords": ["lon", "lat"]' \
  network --var X --mass P,G --coords lon,lat
parity econ "$D" id year '"var": "X", "mass": "P,G", "coords": "lon,lat", "econ": "G", "threshold": "all_mean", "year": 2015' \
  network --var X --mass P,G --coords lon,lat --econ G --threshold all_mean --year 2015

# Every extra table of a step with qap against the command's side files.
dir="$TMP/parity_all"
mkdir -p "$dir"
cp "$D" "$dir/data.csv"
cat >"$dir/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "id", "time": "year"},
 "steps": [{"type": "network", "name": "s", "var": "X", "mass": ["P", "G"], "coords": ["lon", "lat"], "year": 2021,
            "concor_depth": 2, "qap": "network ~ distance + G", "reps": 300, "seed": 7}]}
JSON
check "study with a network step runs" -- "$NQPF" run "$dir/study.json" --out "$dir/out" -q
check "command with every side file runs" -- "$NQPF" network "$dir/data.csv" --id id --time year --var X --mass P,G \
  --coords lon,lat --year 2021 --concor-depth 2 --qap 'network ~ distance + G' --reps 300 --seed 7 -q \
  -o "$dir/links.csv" --centrality-out "$dir/centrality.csv" --summary-out "$dir/summary.csv" \
  --blocks-out "$dir/blocks.csv" --qap-out "$dir/qap.csv"
check "links: study = command" -- cmp -s "$dir/out/s.csv" "$dir/links.csv"
for t in centrality summary blocks qap; do
  check "$t: study = command" -- cmp -s "$dir/out/s_$t.csv" "$dir/$t.csv"
done

parity_error coords "$D" id year '"var": "X", "mass": ["P", "G"]' \
  coords "required: the coordinates LON,LAT (coords) or a distance matrix file" network --var X --mass P,G
parity_error reps "$D" id year '"var": "X", "mass": ["P", "G"], "coords": ["lon", "lat"], "reps": 10' \
  reps "applies to the QAP tests only: give qap as well" network --var X --mass P,G --coords lon,lat --reps 10
parity_error qap "$D" id year '"var": "X", "mass": ["P", "G"], "coords": ["lon", "lat"], "qap": "network"' \
  qap "expected Y~X1+X2 (one '~', matrices on both sides), found 'network'" network --var X --mass P,G --coords lon,lat --qap network
parity_error threshold "$D" id year '"var": "X", "mass": ["P", "G"], "coords": ["lon", "lat"], "threshold": "median"' \
  threshold "expected row_mean|all_mean, found 'median'" network --var X --mass P,G --coords lon,lat --threshold median
finish
