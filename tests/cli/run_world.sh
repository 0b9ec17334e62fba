# The world study end to end: every CSV it writes must equal, byte for byte, the output of the
# individual command with the same settings (the pipeline adds no numbers of its own), the derived
# alpha-3 contiguity list must equal an independent join of the two source files, and the workbook
# and the report must be there.
source "$(dirname "$0")/lib.bash"

SRC="$NQPF_SOURCE_DIR"
STUDY="$SRC/examples/world/study.json"
DATA="$SRC/data/pwt91.csv"
OUT="$TMP/world"
expect_exit 0 "" -- "$NQPF" run "$STUDY" --out "$OUT"
check "the run says where the report is" -- grep -qF "$OUT/report.html" "$TMP/err"

same() { # same FILE-IN-OUT REFERENCE
  check "$1 equals the individual command's output" -- cmp "$OUT/$1" "$2"
}
KEYS=(--id countrycode --time year --let "L = emp * hc" --let "y_pc = rgdpna / pop" -q)

# tfp: the Penn World Table preset.
"$NQPF" tfp "$DATA" --preset pwt -o "$TMP/tfp.csv" -q
same tfp.csv "$TMP/tfp.csv"

# dea: output-oriented radial VRS scores on the same sample as malmquist.
"$NQPF" dea "$DATA" "${KEYS[@]}" --from 2000 --to 2017 --where "rgdpna > 0 && rkna > 0 && L > 0" \
  --inputs rkna,L --outputs rgdpna --rts vrs --orientation out -o "$TMP/dea.csv"
same dea.csv "$TMP/dea.csv"

# malmquist: the step's sample is --from, --to and --where.
"$NQPF" malmquist "$DATA" "${KEYS[@]}" --from 2000 --to 2017 --where "rgdpna > 0 && rkna > 0 && L > 0" \
  --inputs rkna,L --outputs rgdpna --cumulative -o "$TMP/malmquist.csv"
same malmquist.csv "$TMP/malmquist.csv"

# index with obstacles, and its weights.
"$NQPF" index "$DATA" "${KEYS[@]}" --from 2000 \
  --where "hc + emp + pop + labsh + rnna + csh_i + pl_i + ctfp + rgdpo + csh_x + csh_m > -1000000" \
  --framework "$SRC/frameworks/world_pwt.csv" --weights entropy --obstacles \
  -o "$TMP/index.csv" --weights-out "$TMP/index_weights.csv"
same index.csv "$TMP/index.csv"
same index_weights.csv "$TMP/index_weights.csv"

# coupling of the index's three dimension scores, joined into the data by "use": the command
# reads them straight from index.csv.
"$NQPF" coupling "$OUT/index.csv" --id countrycode --time year --systems laborers,means_of_labor,objects_of_labor \
  -o "$TMP/coupling.csv" -q
same coupling.csv "$TMP/coupling.csv"

# classes of countries on the same dimension scores in 2017.
"$NQPF" classify "$OUT/index.csv" --id countrycode --time year --vars laborers,means_of_labor,objects_of_labor \
  --year 2017 -o "$TMP/classes.csv" --profiles-out "$TMP/classes_profiles.csv" -q
same classes.csv "$TMP/classes.csv"
# The study's variables are the joined columns index.laborers, ...: only their names differ.
sed 's/index\.//g' "$OUT/classes_profiles.csv" >"$TMP/classes_profiles.renamed"
check "classes_profiles.csv equals the command's output but for the 'index.' prefix of joined columns" -- \
  cmp "$TMP/classes_profiles.renamed" "$TMP/classes_profiles.csv"

# Continents by alpha-3 code, joined here independently of the study runner: world_regions.csv is
# keyed by alpha-2 (its first three fields are quoted: code, name, continent).
sed -n 's/^"\([A-Z][A-Z]\)","[^"]*","\([^"]*\)".*/\1,\2/p' "$SRC/data/world_regions.csv" >"$TMP/iso2_continent"
awk -F, 'NR == FNR { c[$1] = $2; next } FNR > 1 && ($2 in c) { print $1 "," c[$2] }' \
  "$TMP/iso2_continent" "$SRC/data/iso3_iso2.csv" >"$TMP/iso3_continent"
{ echo "countrycode,group"; cat "$TMP/iso3_continent"; } >"$TMP/groups.csv"
# The study keeps the countries that have a continent; on the command line that is a where clause.
has_group=$(awk -F, '{ s = s (NR > 1 ? " || " : "") "countrycode == \"" $1 "\"" } END { print s }' "$TMP/iso3_continent")
"$NQPF" disparity "$DATA" "${KEYS[@]}" --from 1990 --where "y_pc > 0 && ($has_group)" --var y_pc \
  --group-file "$TMP/groups.csv" --group-key countrycode --group-col group \
  -o "$TMP/disparity.csv" --groups-out "$TMP/disparity_groups.csv" --pairs-out "$TMP/disparity_pairs.csv"
same disparity.csv "$TMP/disparity.csv"
same disparity_groups.csv "$TMP/disparity_groups.csv"
same disparity_pairs.csv "$TMP/disparity_pairs.csv"

# Contiguity by alpha-3: the study's edge list equals the join of world_contiguity.csv (alpha-2)
# with iso3_iso2.csv.
awk -F, 'NR == FNR { if (FNR > 1) a3[$2] = $1; next }
         FNR > 1 { gsub(/"/, "", $1); gsub(/"/, "", $2); if (($1 in a3) && ($2 in a3)) print a3[$1] "," a3[$2] }' \
  "$SRC/data/iso3_iso2.csv" "$SRC/data/world_contiguity.csv" | sort >"$TMP/edges.expected"
tail -n +2 "$OUT/moran_edges.csv" | sort >"$TMP/edges.got"
check "moran_edges.csv is the alpha-3 join of world_contiguity.csv ($(wc -l <"$TMP/edges.got") links)" -- \
  cmp "$TMP/edges.got" "$TMP/edges.expected"
"$NQPF" spatial "$DATA" "${KEYS[@]}" --from 1990 --where "y_pc > 0" --var y_pc --weights "$OUT/moran_edges.csv" \
  -o "$TMP/moran.csv" --local-out "$TMP/moran_lisa.csv" 2>/dev/null
same moran.csv "$TMP/moran.csv"
same moran_lisa.csv "$TMP/moran_lisa.csv"

"$NQPF" dynamics "$DATA" "${KEYS[@]}" --from 1990 --where "y_pc > 0" --var y_pc --relative \
  -o "$TMP/density.csv" --density-out "$TMP/density_density.csv" --markov-out "$TMP/density_markov.csv"
same density.csv "$TMP/density.csv"
same density_density.csv "$TMP/density_density.csv"
same density_markov.csv "$TMP/density_markov.csv"

"$NQPF" convergence "$DATA" "${KEYS[@]}" --from 1990 --where "y_pc > 0" --var y_pc \
  -o "$TMP/convergence.csv" --sigma-out "$TMP/convergence_sigma.csv" 2>/dev/null
same convergence.csv "$TMP/convergence.csv"
same convergence_sigma.csv "$TMP/convergence_sigma.csv"

# Nothing else was written: every CSV of the study was compared above.
ncsv=$(ls "$OUT"/*.csv | wc -l)
check "the study wrote 21 CSV files ($ncsv)" -- test "$ncsv" -eq 21

# The same numbers again in the workbook: one sheet per table, plus provenance.
check "results.xlsx exists" -- test -s "$OUT/results.xlsx"
if command -v unzip >/dev/null; then
  unzip -p "$OUT/results.xlsx" xl/workbook.xml >"$TMP/workbook.xml"
  for sheet in tfp dea malmquist index index_weights disparity_pairs moran_lisa density_markov convergence_sigma provenance; do
    check "results.xlsx has sheet $sheet" -- grep -q "name=\"$sheet\"" "$TMP/workbook.xml"
  done
fi

# The report is one file that loads nothing from elsewhere.
check "report.html exists" -- test -s "$OUT/report.html"
no_external() { ! grep -Eiq "<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//" "$1"; }
check "report.html loads no external script or style" -- no_external "$OUT/report.html"
check "report.html embeds the data" -- grep -q 'id="nqpf-data"' "$OUT/report.html"

# Same input, same bytes (a second run of the whole study) is checked on small data in
# tests/unit/test_study.c, to keep this test fast in the sanitizer build.
finish
