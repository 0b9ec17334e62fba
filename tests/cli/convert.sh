#!/usr/bin/env bash
# nqpf convert: the table as nqpf reads it, after let and where, written to CSV (byte-identical to a
# canonical input), JSON (read back with Python's json module) and XLSX (the sheet XML unzipped);
# text stays text, numbers in shortest round-trip form; the summary line; every error's exit code.
source "$(dirname "$0")/lib.bash"

# A canonical CSV: numbers already in shortest form, quotes only where needed, missing = empty.
cat >"$TMP/in.csv" <<'CSV'
id,year,name,gdp,code,note
r1,2010,北京市,10.5,000001,"a, b"
r2,2010,内蒙古自治区,,000002,
r1,2011,北京市,11,000001,x
r3,2011,苏州市,0.1,320500,"say ""hi"""
CSV

# Round trip CSV -> CSV: identical bytes.
expect_exit 0 "convert: 4 rows, 6 columns; numeric (2): year gdp; text (4): id name code note" -- \
  "$NQPF" convert "$TMP/in.csv" -o "$TMP/rt.csv"
check "CSV round trip is byte-identical" -- cmp -s "$TMP/in.csv" "$TMP/rt.csv"
# --quiet: no summary.
expect_exit 0 "" -- "$NQPF" convert "$TMP/in.csv" -o "$TMP/rt2.csv" -q
check "--quiet prints nothing" -- test ! -s "$TMP/err"

# A non-canonical spelling of the same table converts to the canonical one (modulo formatting).
cat >"$TMP/loose.csv" <<'CSV'
id,year,name,gdp,code,note
"r1",2010,"北京市",10.50,000001,"a, b"
r2,2010.0,内蒙古自治区,,000002,
r1,2011,北京市,1.1e1,000001,"x"
r3,2011,苏州市,.1,320500,"say ""hi"""
CSV
expect_exit 0 "" -- "$NQPF" convert "$TMP/loose.csv" -o "$TMP/loose_out.csv"
check "non-canonical input converts to the canonical table" -- cmp -s "$TMP/in.csv" "$TMP/loose_out.csv"

# let and where: a text column made by substr/shortname, a number by arithmetic, rows by where.
expect_exit 0 "text (5): id name code note s" -- "$NQPF" convert "$TMP/in.csv" -o "$TMP/lw.csv" \
  --let 's=shortname(name)' --let 'g=gdp*2' --where 'year == 2011 || code == "000002"'
cat >"$TMP/lw_expected.csv" <<'CSV'
id,year,name,gdp,code,note,s,g
r2,2010,内蒙古自治区,,000002,,内蒙古,
r1,2011,北京市,11,000001,x,北京,22
r3,2011,苏州市,0.1,320500,"say ""hi""",苏州,0.2
CSV
check "let and where applied" -- cmp -s "$TMP/lw_expected.csv" "$TMP/lw.csv"

# A panel with --id/--time: sorted by unit (first appearance), then time; lag works.
expect_exit 0 "" -- "$NQPF" convert "$TMP/in.csv" --id id --time year --let 'l=lag(gdp)' -o "$TMP/panel.csv"
cat >"$TMP/panel_expected.csv" <<'CSV'
id,year,name,gdp,code,note,l
r1,2010,北京市,10.5,000001,"a, b",
r1,2011,北京市,11,000001,x,10.5
r2,2010,内蒙古自治区,,000002,,
r3,2011,苏州市,0.1,320500,"say ""hi""",
CSV
check "panel order and lag" -- cmp -s "$TMP/panel_expected.csv" "$TMP/panel.csv"
expect_exit 0 "convert: 2 rows" -- "$NQPF" convert "$TMP/in.csv" --id id --time year --from 2011 -o "$TMP/from.csv"

# JSON: read back by an independent parser; text stays text (codes keep their zeros), missing is null.
expect_exit 0 "" -- "$NQPF" convert "$TMP/in.csv" -o "$TMP/out.json"
if [ -x /usr/bin/python3 ]; then
  check "JSON holds the table with its types" -- /usr/bin/python3 - "$TMP/out.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))["tables"]["convert"]
want = [
    {"id": "r1", "year": 2010, "name": "北京市", "gdp": 10.5, "code": "000001", "note": "a, b"},
    {"id": "r2", "year": 2010, "name": "内蒙古自治区", "gdp": None, "code": "000002", "note": None},
    {"id": "r1", "year": 2011, "name": "北京市", "gdp": 11, "code": "000001", "note": "x"},
    {"id": "r3", "year": 2011, "name": "苏州市", "gdp": 0.1, "code": "320500", "note": 'say "hi"'},
]
sys.exit(0 if rows == want else print(rows) or 1)
PY
else
  skip_case "JSON read back" "no /usr/bin/python3"
fi

# XLSX: the sheet has the header, the numbers as numbers and the texts as strings.
expect_exit 0 "" -- "$NQPF" convert "$TMP/in.csv" -o "$TMP/out.xlsx"
if command -v unzip >/dev/null; then
  # Texts are inline strings in the sheet (the workbook is written in constant memory; see
  # src/io/xlsx_internal.h), a form Excel reads; there is no shared string table.
  unzip -p "$TMP/out.xlsx" xl/worksheets/sheet1.xml >"$TMP/sheet.xml" 2>/dev/null
  cp "$TMP/sheet.xml" "$TMP/xlsx.txt"
  check "XLSX texts are inline strings" -- grep -q 't="inlineStr"><is><t>' "$TMP/sheet.xml"
  check "XLSX has no shared string table" -- bash -c "! unzip -l '$TMP/out.xlsx' | grep -q sharedStrings"
  check "XLSX has the number 10.5" -- grep -q '<v>10.5</v>' "$TMP/sheet.xml"
  check "XLSX has the number 0.1" -- grep -q '<v>0.1</v>' "$TMP/sheet.xml"
  check "XLSX has the year 2011 as a number" -- grep -q '<v>2011</v>' "$TMP/sheet.xml"
  check "XLSX has Chinese text" -- grep -q '内蒙古自治区' "$TMP/xlsx.txt"
  check "XLSX keeps the code's zeros" -- grep -q '>000002<' "$TMP/xlsx.txt"
  check "XLSX has the header" -- grep -q '>note<' "$TMP/xlsx.txt"
else
  skip_case "XLSX sheet XML" "no unzip"
fi

# Errors: usage (2), data (3).
expect_exit 2 "convert: required: -o OUT.csv, OUT.json or OUT.xlsx" -- "$NQPF" convert "$TMP/in.csv"
expect_exit 2 "convert: -o $TMP/out.txt: expected a file ending in .csv, .json or .xlsx" -- \
  "$NQPF" convert "$TMP/in.csv" -o "$TMP/out.txt"
check "nothing written for a bad extension" -- test ! -e "$TMP/out.txt"
expect_exit 2 "convert: --let: l: expression 'lag(gdp)': lag() needs a panel: give the options id and time" -- \
  "$NQPF" convert "$TMP/in.csv" --let 'l=lag(gdp)' -o "$TMP/x.csv"
expect_exit 2 "convert: --from: needs the time column: give the options id and time" -- \
  "$NQPF" convert "$TMP/in.csv" --from 2011 -o "$TMP/x.csv"
expect_exit 2 "substr: expected a text first argument, found number column 'gdp'" -- \
  "$NQPF" convert "$TMP/in.csv" --let 's=substr(gdp,1,1)' -o "$TMP/x.csv"
expect_exit 2 "convert: --time: required" -- "$NQPF" convert "$TMP/in.csv" --id id -o "$TMP/x.csv"
expect_exit 3 "column 'pop' not found; columns are: id, year, name, gdp, code, note" -- \
  "$NQPF" convert "$TMP/in.csv" --let 'y=pop*2' -o "$TMP/x.csv"
expect_exit 3 "no rows left after the sample restriction" -- "$NQPF" convert "$TMP/in.csv" --where 'gdp > 100' -o "$TMP/x.csv"
expect_exit 3 "nope.csv: cannot open" -- "$NQPF" convert "$TMP/nope.csv" -o "$TMP/x.csv"
check "failed runs wrote nothing" -- test ! -e "$TMP/x.csv"

finish
