#!/usr/bin/env bash
# Reading text files through the CLI (nqpf convert, and a method command): the yearbook CSV of
# tests/data/read and its GB18030 and UTF-16 twins (written by Python's codecs, make.py) convert to
# the same bytes, equal to the table transcribed by hand from the file; every reading error's
# message and exit code (undecodable byte with row, column and encoding, a forced wrong encoding, a
# bad header row, a ragged row under a detected header); the warnings with the clean and na hints.
source "$(dirname "$0")/lib.bash"

D="$NQPF_SOURCE_DIR/tests/data/read"

# The reference: the table as read from yearbook.csv rows 3-4 (header) and 5-12, by hand.
cat >"$TMP/want.csv" <<'CSV'
地区,年份,地区生产总值_第一产业,地区生产总值_第二产业,人口_年末常住人口,人口_出生率（‰）,备注
北京市,2020,107.6,5716.4,2189,6.98,
北京市,2021,111.3,7268.6,2189,6.35,
天津市,2020,210.2,4804.1,1387,,
天津市,2021,225.4,5854.7,1373,,"抽样, 推算"
河北省,2020,3880.1,13597.2,,8.16,
河北省,2021,4030.3,16364.2,7448,,
山西省,2020,946.7,7675.4,,,
CSV

for f in yearbook.csv yearbook_gb18030.csv yearbook_utf16.txt; do
  expect_exit 0 "$f: column '人口_出生率（‰）': 1 cell '—', 1 cell '…', 1 cell '……', 1 cell '/' read as missing (yearbook markers)" -- \
    "$NQPF" convert "$D/$f" --header-row 3-4 -o "$TMP/$f.out.csv"
  check "$f reads to the hand-transcribed table" -- cmp -s "$TMP/want.csv" "$TMP/$f.out.csv"
  check "$f: footnote rows named" -- grep -qF "$f: rows 14 and 15 after the data: footnotes" "$TMP/err"
done
# Forced encodings that are right give the same table.
expect_exit 0 "" -- "$NQPF" convert "$D/yearbook_gb18030.csv" --header-row 3-4 --encoding gbk -o "$TMP/g.csv" -q
check "--encoding gbk" -- cmp -s "$TMP/want.csv" "$TMP/g.csv"
expect_exit 0 "" -- "$NQPF" convert "$D/yearbook_utf16.txt" --header-row 3-4 --encoding utf-16 -o "$TMP/u.csv" -q
check "--encoding utf-16" -- cmp -s "$TMP/want.csv" "$TMP/u.csv"

# A method reads the GB18030 file too (names in UTF-8 on the way out).
expect_exit 0 "" -- "$NQPF" disparity "$D/yearbook_gb18030.csv" --header-row 3-4 --id 地区 --time 年份 \
  --var 地区生产总值_第一产业 -q -o "$TMP/disp.csv"
check "disparity output is UTF-8 with the file's names" -- grep -q '年份' "$TMP/disp.csv"

# Undecodable byte: GBK with 0xFF at row 3, column 3 (no GB18030 character has it).
printf 'id,year,v\n\xb1\xb1\xbe\xa9,2020,1\n\xc9\xcf\xba\xa3,2020,\xff\n' >"$TMP/bad_gbk.csv"
expect_exit 3 "bad_gbk.csv: row 3, column 3: byte 0xFF is not valid GB18030 (encoding detected: not UTF-8); give the option encoding" -- \
  "$NQPF" convert "$TMP/bad_gbk.csv" -o "$TMP/x.csv"
# Forced wrong encoding: the GB18030 twin as UTF-8; the UTF-16 twin as UTF-8; UTF-16 on a UTF-8 file.
expect_exit 3 "yearbook_gb18030.csv: row 1, column 1: byte 0xB1 is not valid UTF-8 (encoding given by the option encoding); if the file comes from Excel on Chinese Windows, give the option encoding: gb18030" -- \
  "$NQPF" convert "$D/yearbook_gb18030.csv" --encoding utf-8 -o "$TMP/x.csv"
expect_exit 3 "yearbook_utf16.txt: row 1, column 1: byte 0xFF is not valid UTF-8 (encoding given by the option encoding): the file begins with the byte order mark of UTF-16; give the option encoding: utf-16" -- \
  "$NQPF" convert "$D/yearbook_utf16.txt" --encoding utf-8 -o "$TMP/x.csv"
expect_exit 3 "yearbook.csv: row 1, column 1: expected UTF-16 text (the option encoding), found neither a byte order mark nor the zero bytes of UTF-16; give the option encoding: auto" -- \
  "$NQPF" convert "$D/yearbook.csv" --encoding utf-16 -o "$TMP/x.csv"
# A damaged UTF-8 file is not taken for GB18030.
printf '地区,值\n北京市,1\n天津市,2\n河北省\xff,3\n' >"$TMP/damaged.csv"
expect_exit 3 "damaged.csv: row 4, column 1: byte 0xFF is not valid UTF-8 (encoding detected: UTF-8, as the rest of the file is)" -- \
  "$NQPF" convert "$TMP/damaged.csv" -o "$TMP/x.csv"

# Header rows: past the end, an empty row, a malformed range (usage), one row where two are needed.
expect_exit 3 "yearbook.csv: row 30: expected the header row (the option header_row), found the end of the file after row 17" -- \
  "$NQPF" convert "$D/yearbook.csv" --header-row 30 -o "$TMP/x.csv"
expect_exit 3 "yearbook.csv: row 8: expected the header row (the option header_row), found an empty row" -- \
  "$NQPF" convert "$D/yearbook.csv" --header-row 8 -o "$TMP/x.csv"
expect_exit 2 "--header-row: expected a row number N or a range N-M (at most 16 rows), found '4-3'" -- "$NQPF" convert "$D/yearbook.csv" --header-row 4-3 -o "$TMP/x.csv"
expect_exit 3 "yearbook.csv: row 3, column 4: expected a column name, found an empty cell (if the names span several rows, give the option header_row: N-M)" -- \
  "$NQPF" convert "$D/yearbook.csv" --header-row 3 -o "$TMP/x.csv"
expect_exit 2 "--encoding: expected auto|utf-8|gb18030|gbk|utf-16, found 'latin1'" -- "$NQPF" convert "$D/yearbook.csv" --encoding latin1 -o "$TMP/x.csv"
# Without the option the two header rows are detected (a gap in row 3 above sub-names in row 4).
expect_exit 0 "the column names span rows 3-4 (names with sub-names below)" -- \
  "$NQPF" convert "$D/yearbook.csv" -o "$TMP/detected.csv"
check "detected header rows give the table of --header-row 3-4" -- cmp "$TMP/detected.csv" "$TMP/yearbook.csv.out.csv"
# A ragged row under a detected header (title rows above) names the row and the header's row.
printf '表1 标题\n\nid,year,v\na,2020,1\nb,2020\n' >"$TMP/ragged.csv"
expect_exit 3 "ragged.csv: row 5: expected 3 fields as in the header (row 3), found 2" -- \
  "$NQPF" convert "$TMP/ragged.csv" -o "$TMP/x.csv"

# Cleaning: hints without the options, numbers with them.
cat >"$TMP/clean.csv" <<'CSV'
id,year,gdp,share,fw,v
a,2020,"1,234.5",12.5%,１２３．４,1
b,2020,"12,345,678",7%,－５,-
c,2020,987,100%,"１，２３４",2
CSV
expect_exit 0 "clean.csv: column 'gdp': 2 cells such as '1,234.5' (row 2) are numbers with thousands separators; read with the option clean: thousands" -- \
  "$NQPF" convert "$TMP/clean.csv" -o "$TMP/c0.csv"
check "percent hint" -- grep -qF "clean.csv: column 'share': 3 cells such as '12.5%' (row 2) are percentages; read with the option clean: percent (12.5% reads as 0.125)" "$TMP/err"
check "full-width hint" -- grep -qF "clean.csv: column 'fw': 3 cells such as '１２３．４' (row 2) are numbers in full-width characters; read with the option clean: fullwidth" "$TMP/err"
check "na hint" -- grep -qF "clean.csv: column 'v' stays text: 1 cell such as '-' (row 3) is not a number while 2 are; if they mean missing, read with the option na: -" "$TMP/err"
check "without the options the cells stay as written" -- grep -qF 'a,2020,"1,234.5",12.5%,１２３．４,1' "$TMP/c0.csv"
expect_exit 0 "" -- "$NQPF" convert "$TMP/clean.csv" --clean thousands,fullwidth,percent --na - -o "$TMP/c1.csv"
check "no hints once cleaned" -- test ! -s "$TMP/err" -o -z "$(grep -F 'warning' "$TMP/err")"
cat >"$TMP/c1_want.csv" <<'CSV'
id,year,gdp,share,fw,v
a,2020,1234.5,0.125,123.4,1
b,2020,12345678,0.07,-5,
c,2020,987,1,1234,2
CSV
check "cleaned numbers" -- cmp -s "$TMP/c1_want.csv" "$TMP/c1.csv"
expect_exit 2 "clean" -- "$NQPF" convert "$TMP/clean.csv" --clean commas -o "$TMP/x.csv"

finish
