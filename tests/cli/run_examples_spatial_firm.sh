# The spatial-toolkit and firm-TFP example studies (examples/china-spatial, examples/firm-tfp) end to
# end: every main table they write must equal, byte for byte, the individual command's output with the
# same settings (the study adds no numbers of its own), and a second run must write the same bytes.
source "$(dirname "$0")/lib.bash"

EX="$NQPF_SOURCE_DIR/examples/china-spatial"
OUT="$TMP/spatial"
expect_exit 0 "" -- "$NQPF" run "$EX/study.json" --out "$OUT" --quiet
for f in sdm sdm_effects sdm_tests network network_centrality network_summary network_blocks network_qap \
         ellipse ellipse_outline detector detector_interaction; do
  check "the spatial study wrote $f.csv" -- test -s "$OUT/$f.csv"
done
K=(--id province --time year -q)
"$NQPF" spreg "$EX/provinces.csv" "${K[@]}" --let 'lnP = log(P)' --let 'lnG = log(G)' --y X --x lnP,lnG \
  --model sdm --weights "$EX/contiguity.csv" --seed 2024 --year 2021 -o "$TMP/sdm.csv" \
  --effects-out "$TMP/sdm_effects.csv" --tests-out "$TMP/sdm_tests.csv"
for f in sdm sdm_effects sdm_tests; do
  check "$f equals the spreg command's output" -- cmp "$OUT/$f.csv" "$TMP/$f.csv"
done
"$NQPF" network "$EX/provinces.csv" "${K[@]}" --var X --mass P,G --coords lon,lat --qap 'network~distance+G' \
  --reps 500 --seed 2024 -o "$TMP/network.csv"
check "the network links equal the network command's output" -- cmp "$OUT/network.csv" "$TMP/network.csv"
"$NQPF" ellipse "$EX/provinces.csv" "${K[@]}" --var X --coords lon,lat -o "$TMP/ellipse.csv"
check "the centres and ellipses equal the ellipse command's output" -- cmp "$OUT/ellipse.csv" "$TMP/ellipse.csv"
"$NQPF" geodetector "$EX/provinces.csv" "${K[@]}" --y X --factors P,G,lon --year 2021 -o "$TMP/detector.csv"
check "the factor detector equals the geodetector command's output" -- cmp "$OUT/detector.csv" "$TMP/detector.csv"

EX="$NQPF_SOURCE_DIR/examples/firm-tfp"
OUT="$TMP/firm"
expect_exit 0 "" -- "$NQPF" run "$EX/study.json" --out "$OUT" --quiet
K=(--id idvar --time timevar --output Y --free fX1,fX2 --state sX --logged -q)
"$NQPF" prodest "$EX/plants.csv" "${K[@]}" --proxy pX --method lp --reps 50 --seed 2024 -o "$TMP/lp.csv" \
  --coef-out "$TMP/lp_coef.csv"
"$NQPF" prodest "$EX/plants.csv" "${K[@]}" --proxy inv --method op --reps 50 --seed 2024 -o "$TMP/op.csv" \
  --coef-out "$TMP/op_coef.csv"
"$NQPF" prodest "$EX/plants.csv" "${K[@]}" --proxy pX --method wrdg -o "$TMP/wrdg.csv" --coef-out "$TMP/wrdg_coef.csv"
for f in lp lp_coef op op_coef wrdg wrdg_coef; do
  check "$f equals the prodest command's output" -- cmp "$OUT/$f.csv" "$TMP/$f.csv"
done
expect_exit 0 "" -- "$NQPF" run "$EX/study.json" --out "$TMP/firm2" --quiet
check "a second run writes the same omega and coefficients" -- \
  bash -c "cmp '$OUT/lp.csv' '$TMP/firm2/lp.csv' && cmp '$OUT/op_coef.csv' '$TMP/firm2/op_coef.csv'"
finish
