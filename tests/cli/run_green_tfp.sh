# The green-TFP example study (examples/green-tfp) end to end: every CSV it writes must equal, byte
# for byte, the output of the individual command with the same settings (the study adds no numbers of
# its own), in both report languages, and its report must render without script errors.
source "$(dirname "$0")/lib.bash"

EX="$NQPF_SOURCE_DIR/examples/green-tfp"
OUT="$TMP/green"
expect_exit 0 "" -- "$NQPF" run "$EX/study.json" --out "$OUT"
for f in nddf gtfp scale boot drivers; do
  check "the study wrote $f.csv" -- test -s "$OUT/$f.csv"
done
check "the study wrote results.xlsx and report.html" -- test -s "$OUT/results.xlsx" -a -s "$OUT/report.html"

# The commands see the group as a column: join groups.csv (Province -> group) onto the data.
awk -F, 'NR == FNR { if (FNR > 1) { gsub(/"/, ""); g[$1] = $2 } next }
         FNR == 1 { print $0 ",region"; next } { p = $2; gsub(/"/, "", p); print $0 "," g[p] }' \
  "$EX/groups.csv" "$EX/provinces.csv" >"$TMP/joined.csv"
K=(--id Province --time year -q)
"$NQPF" dea "$TMP/joined.csv" "${K[@]}" --model nddf --inputs K,L,E --outputs Y --undesirable CO2 \
  --group region -o "$TMP/nddf.csv"
check "nddf with the metafrontier equals the command's output" -- cmp "$OUT/nddf.csv" "$TMP/nddf.csv"
"$NQPF" malmquist "$EX/provinces.csv" "${K[@]}" --inputs K,L,E --outputs Y --undesirable CO2 --distance nddf \
  --luenberger --type global --cumulative -o "$TMP/gtfp.csv"
check "the global non-radial Luenberger indicator equals the command's output" -- cmp "$OUT/gtfp.csv" "$TMP/gtfp.csv"
"$NQPF" dea "$EX/provinces.csv" "${K[@]}" --inputs K,L,E --outputs Y --scale -o "$TMP/scale.csv"
check "the scale table equals the command's output" -- cmp "$OUT/scale.csv" "$TMP/scale.csv"
"$NQPF" dea "$EX/provinces.csv" "${K[@]}" --inputs K,L,E --outputs Y --rts vrs --frontier pooled --reps 1000 \
  --seed 2024 -o "$TMP/boot.csv"
check "the bootstrap equals the command's output (same seed)" -- cmp "$OUT/boot.csv" "$TMP/boot.csv"
# The second stage reads the bootstrap step's te (copied as text onto the data rows) and the study's
# two derived variables (the same let expressions).
awk -F, 'NR == FNR { if (FNR > 1) te[$1 "," $2] = $3; next }
         FNR == 1 { print $0 ",te"; next } { p = $2; gsub(/"/, "", p); print $0 "," te[p "," $3] }' \
  "$TMP/boot.csv" "$EX/provinces.csv" >"$TMP/with_te.csv"
"$NQPF" secondstage "$TMP/with_te.csv" "${K[@]}" --let "k_per_worker = log(K / L)" \
  --let "energy_intensity = log(E / Y)" --method sw1 --efficiency te --env k_per_worker,energy_intensity \
  --reps 1000 --seed 2024 -o "$TMP/drivers.csv"
check "the second stage equals the command's output (same seed)" -- cmp "$OUT/drivers.csv" "$TMP/drivers.csv"
finish
