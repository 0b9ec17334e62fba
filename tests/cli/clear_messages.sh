# Messages that say what was expected (issue 15, docs/reliability.md): a folder given as the data
# file, a framework file without its header row, a spatial id the data lack (no suggestion of the
# same name), and the bounds of contiguity knn:K.
source "$(dirname "$0")/lib.bash"

B="$NQPF_SOURCE_DIR/tests/bad-inputs/files"
mkdir -p "$TMP/folder.csv"

# A folder as the data file: "expected a data file, found a folder" (was: "read error"), for commands and
# for a study's data.file.
expect_exit 3 "folder.csv: expected a data file, found a folder (name a file inside it)" -- \
  "$NQPF" convert "$TMP/folder.csv" -o "$TMP/o.csv"
expect_exit 3 "folder.csv: expected a data file, found a folder" -- \
  "$NQPF" dea "$TMP/folder.csv" --id id --time t --inputs x --outputs y -o "$TMP/o.csv"
check "nothing written for a folder as data" -- test ! -e "$TMP/o.csv"
printf '{"out": "o", "data": {"file": "folder.csv", "id": "id", "time": "t"}, "steps": [{"type": "dea", "inputs": ["x"], "outputs": ["y"]}]}\n' >"$TMP/s.json"
expect_exit 3 "folder.csv: expected a data file, found a folder (name a file inside it)" -- "$NQPF" run "$TMP/s.json"

# A framework file without its header row: the first indicator was read as the header and the
# message was "duplicate column name '资本'". Now it names the expected header and the line found.
expect_exit 3 "fw_no_header.csv: row 1: expected the header path,id,label_zh,label_en,column,unit,direction,weight, found 'a,k,资本,Capital,资本,,+,'" -- \
  "$NQPF" index --framework "$B/fw_no_header.csv" --id 地区 --time 年份 "$B/good.csv" -o "$TMP/i.csv"
check "no duplicate-column message any more" -- bash -c "! grep -q 'duplicate column' '$TMP/err'"
# With a UTF-8 byte order mark before a proper header, the file still reads (no false alarm).
{ printf '\xef\xbb\xbf'; printf 'path,id,label_zh,label_en,column,unit,direction,weight\n'; cat "$B/fw_no_header.csv"; } >"$TMP/fw_bom.csv"
expect_exit 0 "" -- "$NQPF" index --framework "$TMP/fw_bom.csv" --id 地区 --time 年份 "$B/good.csv" -o "$TMP/i.csv" -q

# A neighbour list naming a region the data lack: the warning no longer suggests the very name it
# could not find (was "'上海市' (closest: 上海市, 上海)").
expect_exit 0 "'上海市' (a known region, but no unit of the data is it or has a similar name)" -- \
  "$NQPF" spatial --var 产出 --weights "$B/edges_unknown.csv" --id 地区 --time 年份 "$B/good.csv" -o "$TMP/sp.csv"
check "the warning does not suggest the missing name itself" -- bash -c "! grep -q 'closest: 上海' '$TMP/err'"
# A misspelt id still gets the data's similar ids.
sed 's/北京市,上海市/北京市,天津币/' "$B/edges_unknown.csv" >"$TMP/edges_typo.csv"
expect_exit 0 "'天津币' (closest: 天津市" -- \
  "$NQPF" spatial --var 产出 --weights "$TMP/edges_typo.csv" --id 地区 --time 年份 "$B/good.csv" -o "$TMP/sp.csv"

# contiguity knn:K names its bounds (was "K >= 1" only).
G="$NQPF_SOURCE_DIR/tests/data/geo/jiangsu_cities.geojson"
for k in 0 100001 x; do
  expect_exit 2 "knn:K needs a whole number K from 1 to 100000 (and below the number of features), found 'knn:$k'" -- \
    "$NQPF" spatial --var 产出 --geojson "$G" --key name --contiguity "knn:$k" --id 地区 --time 年份 "$B/good.csv" -o "$TMP/sp.csv"
done
finish
