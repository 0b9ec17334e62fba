# The world study end to end: every CSV it writes must equal, byte for byte, the output of the
# individual command with the same settings (the pipeline adds no numbers of its own), and the
# workbook and the report must be there.
source "$(dirname "$0")/lib.bash"

STUDY="$NQPF_SOURCE_DIR/examples/world/study.json"
DATA="$NQPF_SOURCE_DIR/data/pwt91.csv"
OUT="$TMP/world"
expect_exit 0 "" -- "$NQPF" run "$STUDY" --out "$OUT"
check "the run says where the report is" -- grep -qF "$OUT/report.html" "$TMP/err"

# tfp: the Penn World Table preset.
"$NQPF" tfp "$DATA" --preset pwt -o "$TMP/tfp.csv" -q
check "tfp.csv equals 'nqpf tfp --preset pwt'" -- cmp "$OUT/tfp.csv" "$TMP/tfp.csv"

# malmquist: the study's let and the step's sample are --let, --from, --to and --where.
"$NQPF" malmquist "$DATA" --id countrycode --time year --let "L = emp * hc" \
  --from 2000 --to 2017 --where "rgdpna > 0 && rkna > 0 && L > 0" \
  --inputs rkna,L --outputs rgdpna --cumulative -o "$TMP/malmquist.csv" -q
check "malmquist.csv equals 'nqpf malmquist'" -- cmp "$OUT/malmquist.csv" "$TMP/malmquist.csv"

# The same numbers again in the workbook: one sheet per table, plus provenance.
check "results.xlsx exists" -- test -s "$OUT/results.xlsx"
if command -v unzip >/dev/null; then
  unzip -p "$OUT/results.xlsx" xl/workbook.xml >"$TMP/workbook.xml"
  for sheet in tfp malmquist provenance; do
    check "results.xlsx has sheet $sheet" -- grep -q "name=\"$sheet\"" "$TMP/workbook.xml"
  done
fi

# The report is one file that loads nothing from elsewhere.
check "report.html exists" -- test -s "$OUT/report.html"
check "report.html loads no external script or style" -- \
  bash -c "! grep -Eiq '<(script|link|img)[^>]+(src|href)=\"?(https?:)?//' '$OUT/report.html'"
check "report.html embeds the data" -- grep -q 'id="nqpf-data"' "$OUT/report.html"

# Same input, same bytes: a second run gives identical files.
"$NQPF" run "$STUDY" --out "$TMP/again" -q
for f in tfp.csv malmquist.csv report.html; do
  check "$f is reproducible" -- cmp "$OUT/$f" "$TMP/again/$f"
done
finish
