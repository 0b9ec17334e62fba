#!/usr/bin/env bash
# The examples/china-provinces study end to end on data as Chinese analysts have them: the template
# filled in (synthetic data, tests/data/china_gbk) and saved as GBK, as Excel on Chinese Windows
# writes it; and the same data as an .xlsx written by openpyxl with full province names (北京市,
# 内蒙古自治区, ...) under a title row. Both runs succeed, write the report, and match every
# province to the map, the groups and the contiguity list (no unmatched-name warning).
source "$(dirname "$0")/lib.bash"

SRC="$NQPF_SOURCE_DIR/tests/data/china_gbk"
EX="$NQPF_SOURCE_DIR/examples/china-provinces"
if ! command -v iconv >/dev/null; then
  skip_case "GBK study" "no iconv"
  finish
  exit $?
fi
iconv -f UTF-8 -t GBK "$SRC/provinces.csv" >"$TMP/provinces_gbk.csv"
check "the GBK file is not UTF-8 (a real GBK test)" -- test "$(iconv -f UTF-8 -t UTF-8 "$TMP/provinces_gbk.csv" >/dev/null 2>&1; echo $?)" -ne 0

# study DATAFILE OUTDIR > study.json: the example's study with absolute paths.
study() {
  sed -e "s|\"file\": \"provinces.csv\"|\"file\": \"$1\"|" \
      -e "s|\"out\": \"out\"|\"out\": \"$2\"|" \
      -e "s|\"\\.\\./\\.\\./frameworks/provincial.csv\"|\"$NQPF_SOURCE_DIR/frameworks/provincial.csv\"|" \
      -e "s|\"file\": \"contiguity.csv\"|\"file\": \"$EX/contiguity.csv\"|" "$EX/study.json"
}
study "$TMP/provinces_gbk.csv" "$TMP/gbk.out" >"$TMP/gbk.json"
study "$SRC/provinces_full.xlsx" "$TMP/xlsx.out" >"$TMP/xlsx.json"
check "the study copies point at the test data" -- grep -q "provinces_gbk.csv" "$TMP/gbk.json"

for kind in gbk xlsx; do
  expect_exit 0 "" -- "$NQPF" run "$TMP/$kind.json"
  check "$kind: no unmatched names" -- bash -c "! grep -qiE 'not found|unmatched|closest' '$TMP/err'"
  check "$kind: report written" -- test -s "$TMP/$kind.out/report.html"
  check "$kind: every step's table written" -- test -s "$TMP/$kind.out/convergence.csv"
  # 31 provinces x 10 years, each in its own row.
  check "$kind: index has 310 rows" -- test "$(($(wc -l <"$TMP/$kind.out/index.csv") - 1))" -eq 310
  # Every province falls into one of the four regions (the groups are short names).
  check "$kind: the four regions hold all 31 provinces" -- \
    test "$(awk -F, '$1 == 2012 { n += $3 } END { print n }' "$TMP/$kind.out/disparity_groups.csv")" -eq 31
  # The contiguity list (short names) joined: 69 borders, both directions.
  check "$kind: contiguity joined" -- test "$(($(wc -l <"$TMP/$kind.out/moran_edges.csv") - 1))" -ge 138
done
# Decoding: the GBK names are the UTF-8 ones; the xlsx keeps the user's full names in the tables.
check "gbk: names decoded" -- grep -q '^内蒙古,2012,' "$TMP/gbk.out/index.csv"
check "xlsx: full names kept in the results" -- grep -q '^内蒙古自治区,2012,' "$TMP/xlsx.out/index.csv"
# The same numbers either way: the index scores agree (the names differ).
check "gbk and xlsx give the same scores" -- cmp -s <(cut -d, -f2- "$TMP/gbk.out/index.csv") <(cut -d, -f2- "$TMP/xlsx.out/index.csv")

finish
