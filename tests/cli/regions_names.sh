#!/usr/bin/env bash
# Region names through China's gazetteer: data naming the provinces by full names (北京市), short
# names (北京), English names (Beijing) and GB/T 2260 codes (110000) get the same groups (built-in and
# from a group file keyed by short names), the same China-map names in the report and the same
# neighbours; names that match nothing get one warning listing them with the closest names; the
# built-in grouping option's errors. The reference for the groups is a group file typed here from
# the NBS 2011 division (东部/中部/西部/东北), not the library's table.
source "$(dirname "$0")/lib.bash"

SHORT=(北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆)
FULL=(北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区)
EN=(Beijing Tianjin Hebei Shanxi "Inner Mongolia" Liaoning Jilin Heilongjiang Shanghai Jiangsu Zhejiang Anhui Fujian Jiangxi Shandong Henan Hubei Hunan Guangdong Guangxi Hainan Chongqing Sichuan Guizhou Yunnan Tibet Shaanxi Gansu Qinghai Ningxia Xinjiang)
CODE=(110000 120000 130000 140000 150000 210000 220000 230000 310000 320000 330000 340000 350000 360000 370000 410000 420000 430000 440000 450000 460000 500000 510000 520000 530000 540000 610000 620000 630000 640000 650000)

# panel NAME ARRAY...: writes $TMP/NAME.csv, the same synthetic values (y = 10 + 3i + year offset)
# for the province at position i whatever it is called; the label column keeps the position.
panel() {
  local name=$1; shift
  { echo "province,year,y,pos"
    local i=0
    for p in "$@"; do
      for yr in 2019 2020; do echo "\"$p\",$yr,$((10 + 3 * i + (yr - 2019) * (i % 5))),$i"; done
      i=$((i + 1))
    done; } >"$TMP/$name.csv"
}
panel short "${SHORT[@]}"
panel full "${FULL[@]}"
panel en "${EN[@]}"
panel code "${CODE[@]}"

# the NBS 2011 regions typed by short name (国家统计局《东西中部和东北地区划分方法》)
{ echo "name,region"
  for p in 北京 天津 河北 上海 江苏 浙江 福建 山东 广东 海南; do echo "$p,东部"; done
  for p in 山西 安徽 江西 河南 湖北 湖南; do echo "$p,中部"; done
  for p in 内蒙古 广西 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆; do echo "$p,西部"; done
  for p in 辽宁 吉林 黑龙江; do echo "$p,东北"; done; } >"$TMP/nbs.csv"

P=(--id province --time year --var y -q)
expect_exit 0 "" -- "$NQPF" disparity "$TMP/short.csv" "${P[@]}" --group-file "$TMP/nbs.csv" --group-key name \
  --group-col region -o "$TMP/ref_ov.csv" --groups-out "$TMP/ref_gr.csv"
check "reference: four groups a year" -- test "$(grep -c '^2020,' "$TMP/ref_gr.csv")" -eq 4
for v in short full en code; do
  # the typed group file (keys: short names) joins data of every naming
  expect_exit 0 "" -- "$NQPF" disparity "$TMP/$v.csv" "${P[@]}" --group-file "$TMP/nbs.csv" --group-key name \
    --group-col region -o "$TMP/file_$v.csv" --groups-out "$TMP/file_gr_$v.csv"
  check "$v names: group file gives the reference numbers" -- cmp -s "$TMP/ref_ov.csv" "$TMP/file_$v.csv"
  check "$v names: group file gives the reference groups" -- cmp -s "$TMP/ref_gr.csv" "$TMP/file_gr_$v.csv"
  # the built-in grouping equals the typed file
  expect_exit 0 "" -- "$NQPF" disparity "$TMP/$v.csv" "${P[@]}" --group-builtin nbs4 -o "$TMP/bi_$v.csv" \
    --groups-out "$TMP/bi_gr_$v.csv"
  check "$v names: builtin nbs4 = the typed NBS file" -- cmp -s "$TMP/ref_ov.csv" "$TMP/bi_$v.csv"
  check "$v names: builtin nbs4 groups = the typed NBS file" -- cmp -s "$TMP/ref_gr.csv" "$TMP/bi_gr_$v.csv"
done
expect_exit 0 "" -- "$NQPF" disparity "$TMP/full.csv" "${P[@]}" --group-builtin nbs4:en --groups-out "$TMP/bi_en.csv" -o "$TMP/x.csv"
check "English labels" -- grep -q '^2020,Northeast,3,' "$TMP/bi_en.csv"

# errors of the option
expect_exit 2 "unknown built-in grouping 'nbs5': expected one of nbs4, belts3" -- \
  "$NQPF" disparity "$TMP/full.csv" "${P[@]}" --group-builtin nbs5
expect_exit 2 "give a built-in grouping, a group column or a group file, only one" -- \
  "$NQPF" disparity "$TMP/full.csv" "${P[@]}" --group-builtin nbs4 --group pos
# a city cluster leaves the other units without a group: an error naming the unit, or skipped
{ echo "city,year,y"; for c in 北京市 天津市 石家庄市 唐山市 太原市; do echo "$c,2020,$((RANDOM % 50 + 10))"; done; } >"$TMP/cities.csv"
expect_exit 3 "id '太原市' is no member of the built-in grouping 'jjj'" -- \
  "$NQPF" disparity "$TMP/cities.csv" --id city --time year --var y --group-builtin jjj
expect_exit 0 "" -- "$NQPF" disparity "$TMP/cities.csv" --id city --time year --var y --group-builtin jjj \
  --ungrouped skip -o "$TMP/jjj.csv" -q
check "jjj: the four member cities" -- grep -q '^2020,4,' "$TMP/jjj.csv"

# study: built-in groups and the China map from full names, no warning; the map names are the map's
for v in full en code; do
  cat >"$TMP/study_$v.json" <<JSON
{"out": "out_$v", "data": {"file": "$v.csv", "id": "province", "time": "year"},
 "groups": {"name": "region", "builtin": "nbs4"}, "map": {"geo": "china"},
 "steps": [{"type": "disparity", "name": "disparity", "var": "y"}]}
JSON
  expect_exit 0 "" -- "$NQPF" run "$TMP/study_$v.json" -q
  check "$v study: no warning" -- test ! -s "$TMP/err"
  check "$v study: same groups as the typed file" -- cmp -s "$TMP/ref_gr.csv" "$TMP/out_$v/disparity_groups.csv"
  check "$v study: the map names are the China map's" -- \
    grep -qF '"map_names":["北京","天津","河北","山西","内蒙古","辽宁","吉林","黑龙江","上海"' "$TMP/out_$v/report.html"
done
check "full-name study: labels stay the user's" -- grep -qF '"ids":["北京市","天津市"' "$TMP/out_full/report.html"

# one warning for names that match nothing, with the closest names
sed 's/^"北京市"/"北平"/; s/^"内蒙古自治区"/"内蒙"/' "$TMP/full.csv" >"$TMP/typo.csv"
sed 's/"full.csv"/"typo.csv"/; s/out_full/out_typo/; s/"var": "y"}/"var": "y", "ungrouped": "skip"}/' "$TMP/study_full.json" >"$TMP/study_typo.json"
expect_exit 0 "2 of 31 names not found in China's gazetteer: '北平' (closest: 北京, 四平, 南平), '内蒙' (closest: 内蒙古, 内江)" -- \
  "$NQPF" run "$TMP/study_typo.json"
check "one warning about the gazetteer" -- test "$(grep -c "groups.builtin" "$TMP/err")" -eq 1
check "one warning about the map" -- test "$(grep -c "not found in the China map" "$TMP/err")" -eq 1

# neighbours: an edge list keyed by short names links full-name data like short-name data
printf 'from,to\n北京,天津\n天津,北京\n北京,河北\n河北,北京\n天津,河北\n河北,天津\n' >"$TMP/edges.csv"
for v in short full; do
  expect_exit 0 "" -- "$NQPF" spatial "$TMP/$v.csv" --id province --time year --var y --weights "$TMP/edges.csv" \
    -o "$TMP/moran_$v.csv" -q
done
check "same Moran's I from full names" -- cmp -s "$TMP/moran_short.csv" "$TMP/moran_full.csv"
finish
