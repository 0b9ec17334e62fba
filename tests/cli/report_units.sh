#!/usr/bin/env bash
# Units in frameworks: the optional unit_zh / unit_en columns (unit when the language's column is
# empty) reach the weights table and the report.
#  - index_weights.csv carries unit, unit_zh and unit_en as written in the framework;
#  - headless Chromium (skipped without it): the indicator-system table (#b-system-idx) shows each
#    indicator's unit in the report language (zh: unit_zh else unit; en: unit_en else unit), its
#    numeric header cells are right-aligned (class num), and the density chart of an indicator has
#    the unit in its axis title (charts drawn as SVG through "#svg", so the title is DOM text);
#  - a bad unit cell (over 40 characters; a line break) is a data error (exit 3) naming the
#    framework file, the row and the column; a dimension row with a unit_zh is refused likewise;
#  - the bundled frameworks load with their units, and every indicator has a unit_zh.
source "$(dirname "$0")/lib.bash"

# A small panel: 5 regions x 3 years, three indicators.
{
  echo "region,year,edu,gdp_pc,energy"
  for r in A B C D E; do
    for y in 2019 2020 2021; do
      i=$(printf '%d' "'$r")
      echo "$r,$y,$(((i * 7 + y) % 13 + 5)).$((i % 10)),$(((i * 11 + y * 3) % 17 + 20)).5,$(((i * 5 + y) % 7 + 1)).25"
    done
  done
} >"$TMP/panel.csv"
HDR="path,id,label_zh,label_en,column,unit,direction,weight,unit_zh,unit_en"
cat >"$TMP/fw.csv" <<EOF
$HDR
people,,劳动者,People,,,,,,
people,edu,受教育年限,Years of schooling,edu,years,+,,年,
output,gdp_pc,人均产值,Output per person,gdp_pc,yuan,+,,元/人,yuan per person
output,energy,能耗强度,Energy intensity,energy,tce,-,,,tonnes of coal equivalent
EOF
study() { # study OUTDIR LANG
  cat <<EOF
{"data": {"file": "$TMP/panel.csv", "id": "region", "time": "year"}, "out": "$1", "lang": "$2",
 "steps": [{"type": "index", "name": "idx", "framework": "$TMP/fw.csv"},
           {"type": "dynamics", "name": "dyn", "var": "gdp_pc", "classes": 2, "grid": 64}]}
EOF
}
study "$TMP/en" en >"$TMP/en.json"
study "$TMP/zh" zh >"$TMP/zh.json"
expect_exit 0 "" -- "$NQPF" run "$TMP/en.json" -q
expect_exit 0 "" -- "$NQPF" run "$TMP/zh.json" -q

# The weights table: unit, unit_zh, unit_en as in the framework (awk reads them by header name).
wcol() { # wcol ID COLUMN
  awk -F, -v id="$1" -v c="$2" 'NR==1{for(i=1;i<=NF;i++) k[$i]=i; next} $(k["id"])==id && $(k["level"])=="indicator"{print $(k[c])}' \
    "$TMP/en/idx_weights.csv"
}
check "weights: edu unit_zh" -- test "$(wcol edu unit_zh)" = "年"
check "weights: edu unit_en empty" -- test -z "$(wcol edu unit_en)"
check "weights: gdp_pc unit_en" -- test "$(wcol gdp_pc unit_en)" = "yuan per person"
check "weights: energy unit" -- test "$(wcol energy unit)" = "tce"

# ---- the report in headless Chromium ----------------------------------------------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ] || ! command -v python3 >/dev/null; then
  skip_case "indicator-system table and axis title in the DOM" "needs chromium (apt install chromium) and python3"
else
  render() { # render NAME URL: the DOM after the load event (as tests/cli/report_render.sh)
    mkdir -p "$TMP/profile-$1"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
      --disable-background-networking --disable-component-update --disable-sync --no-first-run \
      --disable-default-apps --disable-dev-shm-usage --user-data-dir="$TMP/profile-$1" \
      --dump-dom "$2" >"$TMP/$1.dom" 2>"$TMP/$1.log"
  }
  render en "file://$TMP/en/report.html#svg"
  render zh "file://$TMP/zh/report.html#svg"
  # The unit cell of an indicator's row: the 4th cell (dimension | indicator | unit | ...) of the
  # row data-id="ID" in the system table, or the 3rd on rows that do not open a dimension.
  unit_cell() { # unit_cell NAME ID
    python3 - "$TMP/$1.dom" "$2" <<'PY'
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.tab = 0; s.row = None; s.cells = []; s.cur = None; s.out = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'table' and a.get('id') == 'b-system-idx': s.tab = 1
        elif s.tab and tag == 'tr': s.row = a.get('data-id'); s.cells = []
        elif s.tab and tag == 'td': s.cur = [a.get('class') or '', '']
    def handle_endtag(s, tag):
        if tag == 'table' and s.tab: s.tab = 0
        elif s.tab and tag == 'td' and s.cur is not None: s.cells.append(s.cur); s.cur = None
        elif s.tab and tag == 'tr' and s.row == sys.argv[2]:
            plain = [c[1] for c in s.cells if 'dim' not in c[0]]
            s.out = plain[1] if len(plain) > 1 else None
    def handle_data(s, d):
        if s.cur is not None: s.cur[1] += d
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read()); print(p.out if p.out is not None else '<none>')
PY
  }
  check "en: the system table is drawn" -- grep -q 'id="b-system-idx"' "$TMP/en.dom"
  check "zh: the system table is drawn" -- grep -q 'id="b-system-idx"' "$TMP/zh.dom"
  for c in "en edu years" "en gdp_pc yuan per person" "en energy tonnes of coal equivalent" \
           "zh edu 年" "zh gdp_pc 元/人" "zh energy tce"; do
    set -- $c
    lang=$1 id=$2
    shift 2
    want="$*"
    got=$(unit_cell "$lang" "$id")
    check "$lang: the unit of $id is '$want' ($got)" -- test "$got" = "$want"
  done
  # Numeric headers are right-aligned like their numbers: the weight column's header has class num.
  check "en: the weight header is numeric (th class num)" -- \
    bash -c "grep -o '<table[^>]*id=\"b-system-idx\".*</table>' '$TMP/en.dom' | grep -q '<th class=\"num\"'"
  # The density chart of gdp_pc: the axis title carries the unit.
  check "en: density axis title with unit" -- grep -qF 'Output per person (yuan per person)' "$TMP/en.dom"
  check "zh: density axis title with unit" -- grep -qF '人均产值（元/人）' "$TMP/zh.dom"
  # The Markov section names the yearly class bounds (dyn_markov_bounds.csv): the last year's and
  # the range of the cut-off over the years.
  check "en: Markov classes with the last year's bounds" -- \
    grep -qF 'Classes are quantiles of each year, so their bounds move; those of 2021:' "$TMP/en.dom"
  # K = 2: the cut is the 2021 median (type 7) of gdp_pc, shown with 2 decimals.
  med=$(awk -F, '$2 == 2021 {print $4}' "$TMP/panel.csv" | sort -g | awk '{v[NR] = $1} END {h = (NR - 1) / 2; f = int(h); printf "%.2f", v[f + 1] + (h - f) * (v[f + 2] - v[f + 1])}')
  check "en: the 2021 bound is the median $med" -- grep -qF "class 1 (lowest): ≤ $med; class 2 (highest): &gt; $med." "$TMP/en.dom"
  check "zh: Markov classes with the last year's bounds" -- grep -qF '类型按各年分位数划分，其边界逐年变化；2021 年的边界为' "$TMP/zh.dom"
  check "en: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/en.log'"
  check "zh: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/zh.log'"
fi

# ---- bad unit cells: keyed errors -------------------------------------------------------------
long=$(printf 'x%.0s' $(seq 41))
printf '%s\npeople,edu,受教育年限,Years of schooling,edu,years,+,,年,%s\n' "$HDR" "$long" >"$TMP/bad_long.csv"
expect_exit 3 "bad_long.csv: row 2, column 'unit_en': expected a unit of at most 40 characters" -- \
  "$NQPF" index "$TMP/panel.csv" --id region --time year --framework "$TMP/bad_long.csv"
check "over-long unit: the message counts the characters" -- grep -qF 'found 41 characters' "$TMP/err"
# 41 Chinese characters: counted as characters, not bytes (40 pass, 41 fail).
zh40=$(printf '万%.0s' $(seq 40))
printf '%s\npeople,edu,受教育年限,Years of schooling,edu,years,+,,%s,\n' "$HDR" "$zh40" >"$TMP/ok_zh40.csv"
expect_exit 0 "" -- "$NQPF" index "$TMP/panel.csv" --id region --time year --framework "$TMP/ok_zh40.csv" -o "$TMP/i.csv" -q
printf '%s\npeople,edu,受教育年限,Years of schooling,edu,years,+,,%s万,\n' "$HDR" "$zh40" >"$TMP/bad_zh41.csv"
expect_exit 3 "bad_zh41.csv: row 2, column 'unit_zh': expected a unit of at most 40 characters" -- \
  "$NQPF" index "$TMP/panel.csv" --id region --time year --framework "$TMP/bad_zh41.csv"
printf '%s\npeople,edu,受教育年限,Years of schooling,edu,"years\nof school",+,,,\n' "$HDR" >"$TMP/bad_nl.csv"
expect_exit 3 "bad_nl.csv: row 2, column 'unit': expected a unit on one line" -- \
  "$NQPF" index "$TMP/panel.csv" --id region --time year --framework "$TMP/bad_nl.csv"
printf '%s\npeople,,劳动者,People,,,,,人,\npeople,edu,受教育年限,Years of schooling,edu,years,+,,,\n' "$HDR" >"$TMP/bad_dim.csv"
expect_exit 3 "bad_dim.csv: row 2, column 'unit_zh': expected an empty cell on a dimension-label row" -- \
  "$NQPF" index "$TMP/panel.csv" --id region --time year --framework "$TMP/bad_dim.csv"
# In a study the same message, through the study's own error path.
sed "s|$TMP/fw.csv|$TMP/bad_long.csv|" "$TMP/en.json" | sed "s|\"out\": \"$TMP/en\"|\"out\": \"$TMP/bad\"|" >"$TMP/bad.json"
expect_exit 3 "row 2, column 'unit_en': expected a unit of at most 40 characters" -- "$NQPF" run "$TMP/bad.json" -q

# ---- the bundled frameworks: every indicator row has a unit_zh, and they load -----------------
for f in provincial firm world_pwt; do
  F="$NQPF_SOURCE_DIR/frameworks/$f.csv"
  if ! command -v python3 >/dev/null; then
    skip_case "$f.csv: units" "no python3"
    continue
  fi
  check "$f.csv: every indicator has a unit and a unit_zh" -- python3 -c "
import csv, sys
rows = list(csv.DictReader(open('$F', encoding='utf-8')))
ind = [r for r in rows if r['column']]
sys.exit(0 if ind and all(r['unit'] and r['unit_zh'] for r in ind) else 1)"
done
check "world_pwt.csv loads (the world study's index)" -- \
  "$NQPF" index "$NQPF_SOURCE_DIR/data/pwt91.csv" --id countrycode --time year --framework "$NQPF_SOURCE_DIR/frameworks/world_pwt.csv" \
  --from 2010 --where "hc + emp + pop + labsh + rnna + csh_i + pl_i + ctfp + rgdpo + csh_x + csh_m > -1000000" -o "$TMP/w.csv" -q
finish
