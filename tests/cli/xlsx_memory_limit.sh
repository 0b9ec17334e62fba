# XLSX output under a memory limit (issue 15). libxlsxwriter kept every cell of a workbook in memory
# and crashed (SIGSEGV in _insert_cell_list) when an allocation failed: `ulimit -v 200000; nqpf
# convert big.csv -o big.xlsx` on a 15 MB CSV (100,000 rows x 22 numeric columns) ended with exit
# 139. The workbook is now written in libxlsxwriter's constant_memory mode (src/io/write.c), so the
# same command succeeds; the workbook is read back without the limit and compared with the CSV cell
# by cell (awk, numerically). Every libxlsxwriter answer is checked: a cell it refuses (a text over
# Excel's 32,767 characters) is exit 5 "could not write FILE ..." with no file left, where it used
# to be a silently missing cell.
# ulimit -v cannot work under AddressSanitizer (its shadow memory needs terabytes of address
# space), so that build reports the memory-limit cases as skipped.
source "$(dirname "$0")/lib.bash"

# The program is built with a sanitizer: gcc links libasan dynamically, clang statically.
sanitized() {
  [ -n "${NQPF_SANITIZED:-}" ] && return 0
  ldd "$NQPF" 2>/dev/null | grep -Eq 'lib(a|ub|t|l)san' && return 0
  nm "$NQPF" 2>/dev/null | grep -q '__asan_init' && return 0
  return 1
}

# id,year, then 20 numeric columns; deterministic values with up to 6 decimals.
awk 'BEGIN {
  printf "id,year"; for (j = 1; j <= 20; j++) printf ",v%d", j; printf "\n";
  for (i = 0; i < 100000; i++) {
    printf "u%d,%d", int(i / 20), 2000 + i % 20;
    for (j = 1; j <= 20; j++) printf ",%.6f", ((i * 37 + j * 101) % 100003) / 7.0 - 5000;
    printf "\n";
  }
}' >"$TMP/big.csv"
check "the reproducer's CSV is about 15 MB" -- test "$(stat -c %s "$TMP/big.csv")" -gt 15000000

if sanitized; then
  skip_case "convert to XLSX under ulimit -v 200000" "sanitizer build: ulimit -v cannot work"
else
  expect_exit 0 "" -- bash -c "ulimit -v 200000 && exec '$NQPF' convert '$TMP/big.csv' --id id --time year -o '$TMP/big.xlsx'"
  check "no temporary file is left beside the workbook" -- \
    test -z "$(ls -A "$TMP" | grep -v -x -e big.csv -e big.xlsx -e out -e err)"
  # Read back without the limit: every row and every value as in the CSV.
  expect_exit 0 "" -- "$NQPF" convert "$TMP/big.xlsx" -o "$TMP/back.csv"
  same_values() {
    awk -F, 'NR == FNR { line[FNR] = $0; n = FNR; next }
      { if (!(FNR in line)) { print "extra row " FNR; bad = 1; exit }
        m = split(line[FNR], a, ",");
        if (m != NF) { print "row " FNR ": " NF " cells, expected " m; bad = 1; exit }
        for (k = 1; k <= NF; k++) {
          if (FNR == 1 || k == 1) { if ($k != a[k]) { print "row " FNR " col " k ": " $k " vs " a[k]; bad = 1; exit } }
          else if ($k + 0 != a[k] + 0) { print "row " FNR " col " k ": " $k " vs " a[k]; bad = 1; exit }
        }
        rows = FNR }
      END { if (!bad && rows != n) { print rows " rows, expected " n; bad = 1 } exit bad }' "$TMP/big.csv" "$TMP/back.csv"
  }
  check "the workbook written under the limit holds every cell of the CSV" -- same_values
fi

# A text cell libxlsxwriter refuses (over 32,767 characters) is an error, not a missing cell.
awk 'BEGIN { s = ""; for (i = 0; i < 40000; i++) s = s "x"; print "id,year,note"; print "a,2000," s; print "b,2001,short" }' \
  >"$TMP/long.csv"
printf 'keep' >"$TMP/long.xlsx"
expect_exit 5 "could not write $TMP/long.xlsx (sheet 'convert', cell C2): " -- \
  "$NQPF" convert "$TMP/long.csv" -o "$TMP/long.xlsx"
check "the previous file is kept" -- test "$(cat "$TMP/long.xlsx")" = keep
check "no temporary workbook is left" -- test -z "$(ls -A "$TMP" | grep 'long\.xlsx\.')"

finish
