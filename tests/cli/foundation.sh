#!/usr/bin/env bash
# The foundation's CLI contract: every error class names file/row/column and has its exit code
# (2 usage, 3 data, 5 output), outputs are atomic, formats follow the extension, help is complete.
source "$(dirname "$0")/lib.bash"

cat >"$TMP/ok.csv" <<'CSV'
id,year,Y,K,L,s
a,2000,1,1,1,0.6
a,2001,1.1,1.05,1.02,0.6
b,2000,2,1,1,0.5
b,2001,2.2,1.1,1,0.5
CSV
BASE=(tfp "$TMP/ok.csv" --id id --time year --output Y --inputs K,L --share L=s)

# Usage errors (2).
expect_exit 2 "unknown option '--bogus'" -- "$NQPF" "${BASE[@]}" --bogus
expect_exit 2 "tfp: --id: required: the column identifying the unit" -- "$NQPF" tfp "$TMP/ok.csv" --time year --output Y --inputs K,L
expect_exit 2 "unknown command 'frobnicate'" -- "$NQPF" frobnicate
expect_exit 2 "expected one DATA file, found 0" -- "$NQPF" tfp --id id --time year --output Y --inputs K,L
expect_exit 2 "expected tornqvist|solow, found 'x'" -- "$NQPF" "${BASE[@]}" --method x
expect_exit 2 "expected a number, a column or '(' at the end" -- "$NQPF" "${BASE[@]}" --let 'Z=K*'
expect_exit 2 "tfp: --base: needs a value" -- "$NQPF" "${BASE[@]}" --base
expect_exit 2 "--base: expected an integer, found 'soon'" -- "$NQPF" "${BASE[@]}" --base soon

# Data errors (3), each naming file, row and column.
expect_exit 3 "missing.csv: cannot open" -- "$NQPF" tfp "$TMP/missing.csv" --id id --time year --output Y --inputs K,L
expect_exit 3 "ok.csv: column 'GDP' not found; columns are: id, year, Y, K, L, s" -- "$NQPF" tfp "$TMP/ok.csv" --id id --time year --output GDP --inputs K,L --share L=s
printf 'id,year,Y,K,L,s\na,2000,1,1,1,0.6\na,2000,2,1,1,0.6\n' >"$TMP/dup.csv"
expect_exit 3 "dup.csv: rows 2 and 3: duplicate (id, year) key (a, 2000)" -- "$NQPF" tfp "$TMP/dup.csv" --id id --time year --output Y --inputs K,L --share L=s
printf 'id,year,Y,K,L,s\na,2000,1,1,1,0.6\na,2001,n/a,1,1,0.6\n' >"$TMP/text.csv"
expect_exit 3 "text.csv: row 3, column 'Y': expected a number, found 'n/a'" -- "$NQPF" tfp "$TMP/text.csv" --id id --time year --output Y --inputs K,L --share L=s
printf 'id,year,Y,K,L,s\na,2000,1,1,1,0.6\na,,1,1,1,0.6\n' >"$TMP/emptytime.csv"
expect_exit 3 "emptytime.csv: row 3, column 'year': expected an integer year, found an empty cell" -- "$NQPF" tfp "$TMP/emptytime.csv" --id id --time year --output Y --inputs K,L --share L=s
printf 'id,year,Y,K,L,s\na,2000,1,1,1,0.6\na,2001.5,1,1,1,0.6\n' >"$TMP/frac.csv"
expect_exit 3 "frac.csv: row 3, column 'year': expected an integer year, found '2001.5'" -- "$NQPF" tfp "$TMP/frac.csv" --id id --time year --output Y --inputs K,L --share L=s
expect_exit 3 "tfp: --let: Z: ok.csv: column 'Q' not found; columns are: id, year, Y, K, L, s" -- "$NQPF" "${BASE[@]}" --let 'Z=Q*2'
printf 'id,year,Y,K,L,s\na,2000,1,1,1,0.6\na,2001,0,1,1,0.6\n' >"$TMP/zero.csv"
expect_exit 3 "zero.csv: row 3, column 'Y': log needs a positive value, found 0" -- "$NQPF" tfp "$TMP/zero.csv" --id id --time year --output Y --inputs K,L --share L=s --let 'lnY=log(Y)'
expect_exit 3 "zero.csv: row 3, column 'Y': expected a positive number" -- "$NQPF" tfp "$TMP/zero.csv" --id id --time year --output Y --inputs K,L --share L=s
expect_exit 3 "no rows left" -- "$NQPF" "${BASE[@]}" --from 2005
# A base year absent from the data would give empty tfp columns: a data error naming the years.
expect_exit 3 "tfp: --base: year 1999 is not in ok.csv (its years run from 2000 to 2001)" -- "$NQPF" "${BASE[@]}" --base 1999

# Missing values stay missing: an empty input cell gives empty results, not zeros.
printf 'id,year,Y,K,L,s\na,2000,1,1,1,0.6\na,2001,1.1,,1,0.6\na,2002,1.2,1,1,0.6\na,2003,1.3,1.1,1,0.6\n' >"$TMP/hole.csv"
expect_exit 0 "" -- "$NQPF" tfp "$TMP/hole.csv" --id id --time year --output Y --inputs K,L --share L=s -q
check "missing stays empty" -- grep -qx 'a,2001,,,' "$TMP/out"

# Output failure (5) leaves the previous file intact and no temporary behind.
mkdir -p "$TMP/outdir"
echo "previous" >"$TMP/outdir/res.csv"
expect_exit 3 "column 'GDP' not found" -- "$NQPF" tfp "$TMP/ok.csv" --id id --time year --output GDP --inputs K,L --share L=s -o "$TMP/outdir/res.csv"
check "failed run keeps old output" -- grep -qx previous "$TMP/outdir/res.csv"
mkdir -p "$TMP/outdir/isdir.csv"
expect_exit 5 "cannot replace the file" -- "$NQPF" "${BASE[@]}" -q -o "$TMP/outdir/isdir.csv"
check "no temporary left" -- test -z "$(ls "$TMP/outdir" | grep tmp)"

# Formats by extension; CSV has no comment line; JSON and --log carry provenance.
expect_exit 0 "" -- "$NQPF" "${BASE[@]}" -q -o "$TMP/r.csv" --log "$TMP/r.log"
check "csv header first" -- test "$(head -1 "$TMP/r.csv")" = "id,year,tfp,tfp_growth,chain"
check "log has checksum" -- grep -q "input_sha256: $(sha256sum "$TMP/ok.csv" | cut -c1-64)" "$TMP/r.log"
check "log has command line" -- grep -q "command_line: nqpf tfp" "$TMP/r.log"
expect_exit 0 "" -- "$NQPF" "${BASE[@]}" -q -o "$TMP/r.json"
check "json provenance" -- grep -q '"nqpf_version"' "$TMP/r.json"
check "json null for missing" -- grep -q '"tfp_growth": null' "$TMP/r.json"
expect_exit 0 "" -- "$NQPF" "${BASE[@]}" -q -o "$TMP/r.xlsx"
check "xlsx is a zip with a sheet" -- bash -c "unzip -l '$TMP/r.xlsx' | grep -q xl/worksheets/sheet1.xml"
# Same input, same bytes.
expect_exit 0 "" -- "$NQPF" "${BASE[@]}" -q -o "$TMP/r2.csv"
check "deterministic" -- cmp -s "$TMP/r.csv" "$TMP/r2.csv"
cp "$TMP/r.json" "$TMP/r1.json"
expect_exit 0 "" -- "$NQPF" "${BASE[@]}" -q -o "$TMP/r.json"
check "deterministic json" -- cmp -s "$TMP/r.json" "$TMP/r1.json"

# Stata input through ReadStat, and --where on a text column.
if [ -r "${NQPF_SHARED_DIR:-/nonexistent}/data/cases/gtfpch_provinces/example.dta" ]; then
  D="$NQPF_SHARED_DIR/data/cases/gtfpch_provinces"
  expect_exit 0 "" -- "$NQPF" tfp "$D/example.dta" --id Province --time year --output Y --inputs K,L --share L=0.6 -q -o "$TMP/dta.csv"
  expect_exit 0 "" -- "$NQPF" tfp "$D/example.csv" --id Province --time year --output Y --inputs K,L --share L=0.6 -q -o "$TMP/csv.csv"
  check ".dta and .csv give the same result" -- cmp -s "$TMP/dta.csv" "$TMP/csv.csv"
  expect_exit 0 "" -- "$NQPF" tfp "$D/example.csv" --id Province --time year --output Y --inputs K,L --share L=0.6 -q --where 'Province == "Anhui"'
  check "where on text" -- test "$(wc -l <"$TMP/out")" -eq 4
fi

# Help is complete: every option of tfp and the common ones appear, and help/--help agree.
expect_exit 0 "" -- "$NQPF" tfp --help
for o in --output --inputs --share --method --base --preset --id --time --let --where --from --to --delim --na --out --log --quiet; do
  check "tfp help mentions $o" -- grep -q -- "$o" "$TMP/out"
done
"$NQPF" help tfp >"$TMP/help2"
check "help tfp = tfp --help" -- cmp -s "$TMP/out" "$TMP/help2"
expect_exit 0 "" -- "$NQPF" --help
check "main help lists tfp" -- grep -q "tfp " "$TMP/out"

finish
