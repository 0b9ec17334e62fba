#!/usr/bin/env bash
# Excel input through the CLI: a sheet of an .xlsx (written by openpyxl) and of an .xls (xlwt) gives
# the same result as its CSV twin, byte for byte; the spreadsheet errors exit with 3 (data) and
# name the file, the sheet or cell and what was expected. Fixtures: tests/data/excel (README.md).
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/excel"
ARGS=(--id 地区 --time 年份 --var 年末常住人口（万人）)

"$NQPF" disparity "$D/yearbook_2.csv" "${ARGS[@]}" -o "$TMP/csv.csv" 2>"$TMP/csv.err"
check "disparity on the CSV twin" -- test -s "$TMP/csv.csv"
"$NQPF" disparity "$D/yearbook.xlsx" --sheet 人口 "${ARGS[@]}" -o "$TMP/xlsx.csv" 2>"$TMP/xlsx.err"
check "the .xlsx sheet by name gives the CSV twin's result" -- cmp -s "$TMP/csv.csv" "$TMP/xlsx.csv"
"$NQPF" disparity "$D/yearbook.xlsx" --sheet 2 --header-row 1 "${ARGS[@]}" -o "$TMP/n.csv" 2>"$TMP/n.err"
check "--sheet 2 is the sheet named 2, which lacks the columns" -- grep -qF "column '地区' not found" "$TMP/n.err"
"$NQPF" disparity "$D/yearbook.xls" --sheet 人口 "${ARGS[@]}" -o "$TMP/xls.csv" 2>"$TMP/xls.err"
check "the .xls sheet gives the CSV twin's result" -- cmp -s "$TMP/csv.csv" "$TMP/xls.csv"

# Errors: exit 3 with the file and what was expected.
expect_exit 3 "yearbook.xlsx: the option sheet: expected a sheet name or a number from 1 to 4, found 'GDP'; the sheets are 1 '地区生产总值', 2 '人口', 3 '2', 4 '类型'" \
  -- "$NQPF" disparity "$D/yearbook.xlsx" --sheet GDP "${ARGS[@]}"
expect_exit 3 "yearbook.xls: the option sheet: expected a sheet name or a number from 1 to 4, found '7'" \
  -- "$NQPF" disparity "$D/yearbook.xls" --sheet 7 "${ARGS[@]}"
printf '\001\000\002\000garbage' >"$TMP/notzip.xlsx"
expect_exit 3 "notzip.xlsx: expected an Excel workbook (.xlsx: a zip container; .xls: an OLE2 compound file), found neither" \
  -- "$NQPF" disparity "$TMP/notzip.xlsx" "${ARGS[@]}"
head -c 600 "$D/yearbook.xlsx" >"$TMP/truncated.xlsx"
expect_exit 3 "truncated.xlsx: expected an Excel .xlsx file (a zip container), found a damaged zip structure" \
  -- "$NQPF" disparity "$TMP/truncated.xlsx" "${ARGS[@]}"
expect_exit 3 "bad_xml.xlsx: xl/worksheets/sheet1.xml: line 2, column 32: expected well-formed XML, found mismatched tag" \
  -- "$NQPF" disparity "$D/bad_xml.xlsx" "${ARGS[@]}"
expect_exit 3 "bad_sst.xlsx[地区生产总值]: row 2, column B (cell B2): expected a shared string index below 35 (the strings the workbook holds), found 999" \
  -- "$NQPF" disparity "$D/bad_sst.xlsx" "${ARGS[@]}"
printf '<html><body><table><tr><td>1</td></tr></table></body></html>' >"$TMP/page.xls"
expect_exit 3 "page.xls: expected an Excel workbook, found an HTML page" \
  -- "$NQPF" disparity "$TMP/page.xls" "${ARGS[@]}"

# The same read options in a study file's data section: the result equals the command line's.
cp "$D/yearbook.xlsx" "$TMP/yb.xlsx"
cat >"$TMP/study_xlsx.json" <<'JSON'
{"title": "xlsx", "out": "out_xlsx",
 "data": {"file": "yb.xlsx", "id": "地区", "time": "年份", "sheet": "人口", "encoding": "auto"},
 "steps": [{"type": "disparity", "name": "disparity", "var": "年末常住人口（万人）"}]}
JSON
expect_exit 0 "" -- "$NQPF" run "$TMP/study_xlsx.json" -q
check "study data.sheet reads the sheet the command line reads" -- \
  bash -c "tail -n +2 '$TMP/out_xlsx/disparity.csv' | cmp -s - <(tail -n +2 '$TMP/xlsx.csv')"
sed 's/"sheet": "人口", "encoding": "auto"/"sheet": "", "header_row": 2/' "$TMP/study_xlsx.json" >"$TMP/study_bad.json"
expect_exit 2 "data.sheet: expected a sheet name or number, found an empty value" -- "$NQPF" run "$TMP/study_bad.json" -q
sed 's/"sheet": "人口", "encoding": "auto"/"header_row": "3-1"/' "$TMP/study_xlsx.json" >"$TMP/study_bad.json"
expect_exit 2 "data.header_row: expected a row number N or a range N-M (at most 16 rows), found '3-1'" -- \
  "$NQPF" run "$TMP/study_bad.json" -q
sed 's/"encoding": "auto"/"encoding": "latin1"/' "$TMP/study_xlsx.json" >"$TMP/study_bad.json"
expect_exit 2 "data.encoding: expected auto|utf-8|gb18030|gbk|utf-16, found 'latin1'" -- "$NQPF" run "$TMP/study_bad.json" -q
expect_exit 2 "--sheet: expected a sheet name or number, found an empty value" -- \
  "$NQPF" disparity "$D/yearbook.xlsx" --sheet "" "${ARGS[@]}"

finish
