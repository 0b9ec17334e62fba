#!/usr/bin/env bash
# nqpf geodetector: the R geodetector vignette's NTD example through the command (q, p and the
# interaction q to the printed digits; the p-values to R's pnbeta accuracy of 1e-9), the side
# outputs, one year of a two-year panel equal to that year alone, and bad input refused with a keyed
# one-line message and the documented exit code (2 usage, 3 data, 5 output).
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/geodetector/CollectData.csv"
V="$NQPF_SOURCE_DIR/tests/data/geodetector/ndvi_40.csv"
F=watershed,soiltype,elevation

check "NTD example runs with every side output" -- "$NQPF" geodetector "$D" --y incidence --factors $F \
  --categorical $F -q -o "$TMP/f.csv" --interaction-out "$TMP/i.csv" --risk-out "$TMP/r.csv" \
  --ecological-out "$TMP/e.csv" --discretize-out "$TMP/s.csv"
# name, published q, published p (geodetector 1.0-5 vignette), and the p tolerance: half a unit of the
# last printed digit plus 1e-9, the absolute error bound of R's pnbeta (errmax) behind pf(ncp=)
while read -r name q p tol; do
  check "q of $name is the published $q" -- awk -F, -v n="$name" -v q="$q" \
    'NR==1{for(j=1;j<=NF;j++)c[$j]=j} $1==n{d=$c["q"]-q; ok=(d<5e-8&&d>-5e-8)} END{exit !ok}' "$TMP/f.csv"
  check "p of $name is the published $p" -- awk -F, -v n="$name" -v p="$p" \
    -v t="$tol" 'NR==1{for(j=1;j<=NF;j++)c[$j]=j} $1==n{d=$c["p_value"]-p; ok=(d<t&&d>-t)} END{exit !ok}' "$TMP/f.csv"
done <<'REF'
watershed 0.6377737 0.0001169914 1.05e-9
soiltype 0.3857168 0.3632363 5.1e-8
elevation 0.6067087 0.04080407 6e-9
REF
check "interaction watershed x soiltype q = 0.735680548139531" -- awk -F, \
  '$1=="watershed"&&$2=="soiltype"{d=$5-0.735680548139531; ok=(d<1e-14&&d>-1e-14)} END{exit !ok}' "$TMP/i.csv"
check "interaction table: three pairs, bi_enhance, Chinese names" -- \
  bash -c "[ \$(grep -c ',bi_enhance,双因子增强\$' '$TMP/i.csv') -eq 3 ]"
check "risk table: 36 + 10 + 21 pairs of strata" -- bash -c "[ \$(tail -n +2 '$TMP/r.csv' | wc -l) -eq 67 ]"
check "ecological: watershed vs elevation not significant" -- grep -q '^watershed,elevation,.*,N$' "$TMP/e.csv"
check "strata: 21 strata with their sizes" -- bash -c "[ \$(tail -n +2 '$TMP/s.csv' | wc -l) -eq 21 ] && \
  grep -q '^soiltype,3,,,61,' '$TMP/s.csv'"

# Continuous factors: auto discretisation, candidates, xlsx with every table.
check "ndvi_40 with continuous factors (auto)" -- "$NQPF" geodetector "$V" --y NDVIchange \
  --factors Climatezone,Mining,Tempchange,GDP --classes 3..5 -q -o "$TMP/v.csv" --candidates-out "$TMP/c.csv"
check "candidates: 2 continuous factors x 5 methods x 3 class counts, one chosen each" -- \
  bash -c "[ \$(tail -n +2 '$TMP/c.csv' | wc -l) -eq 30 ] && [ \$(awk -F, '\$NF==1' '$TMP/c.csv' | wc -l) -eq 2 ]"
check "text factors are categorical" -- grep -q '^Mining,categorical,given,5,713,' "$TMP/v.csv"
check "xlsx output" -- "$NQPF" geodetector "$V" --y NDVIchange --factors Tempchange --discretize natural \
  --classes 4 -q -o "$TMP/v.xlsx"

# One year of a panel = that year's rows alone.
awk -F, -v OFS=, 'NR==1{print "id,year," $0; next} {print NR-1, 2019, $0; $1=$1*1.5; print NR-1, 2020, $0}' \
  "$D" >"$TMP/panel.csv"
awk -F, 'NR==1 || $2==2019' "$TMP/panel.csv" | cut -d, -f3- >"$TMP/y2019.csv"
"$NQPF" geodetector "$TMP/y2019.csv" --y incidence --factors $F --categorical $F -q -o "$TMP/y1.csv"
"$NQPF" geodetector "$TMP/panel.csv" --time year --year 2019 --y incidence --factors $F --categorical $F -q \
  -o "$TMP/y2.csv"
check "--year 2019 of the panel = the 2019 rows alone" -- cmp -s "$TMP/y1.csv" "$TMP/y2.csv"

# Bad input.
expect_exit 2 "geodetector: --y: required" -- "$NQPF" geodetector "$D" --factors $F
expect_exit 2 "geodetector: --classes: expected a number of classes K or a range K1..K2 within 2..20" -- \
  "$NQPF" geodetector "$D" --y incidence --factors $F --classes 1..9
expect_exit 2 "geodetector: --discretize: expected auto|equal|quantile|natural|geometric|sd, found 'jenks'" -- \
  "$NQPF" geodetector "$D" --y incidence --factors $F --discretize jenks
expect_exit 2 "geodetector: --categorical: 'slope' is not one of the factors" -- \
  "$NQPF" geodetector "$D" --y incidence --factors $F --categorical slope
expect_exit 2 "geodetector: --factors: 'incidence' is the explained variable" -- \
  "$NQPF" geodetector "$D" --y incidence --factors watershed,incidence
expect_exit 2 "geodetector: --year: needs the time column" -- \
  "$NQPF" geodetector "$D" --y incidence --factors $F --year 2019
expect_exit 3 "geodetector: --factors: column 'slope' not found in the data" -- \
  "$NQPF" geodetector "$D" --y incidence --factors watershed,slope
expect_exit 3 "geodetector: --year: 0 usable rows in year 2021" -- \
  "$NQPF" geodetector "$TMP/panel.csv" --time year --year 2021 --y incidence --factors $F --categorical $F
sed '3s/^7.01,/,/' "$D" >"$TMP/hole.csv"
expect_exit 3 "row 3, column 'incidence': empty cell" -- \
  "$NQPF" geodetector "$TMP/hole.csv" --y incidence --factors $F --categorical $F
check "--missing drop leaves the row out" -- "$NQPF" geodetector "$TMP/hole.csv" --y incidence --factors $F \
  --categorical $F --missing drop -q -o "$TMP/drop.csv"
check "... 184 observations used" -- grep -q '^watershed,categorical,given,9,184,' "$TMP/drop.csv"
expect_exit 3 "geodetector: --classes: factor 'watershed': no equal discretisation into 12..20 classes leaves" -- \
  "$NQPF" geodetector "$D" --y incidence --factors watershed --classes 12..20 --discretize equal
expect_exit 2 "geodetector: --let, --where, --from and --to need --id ID --time T" -- \
  "$NQPF" geodetector "$D" --y incidence --factors $F --where 'incidence > 7'
expect_exit 5 "" -- "$NQPF" geodetector "$D" --y incidence --factors $F --categorical $F -q \
  -o "$TMP/no/such/dir/f.csv"
finish
