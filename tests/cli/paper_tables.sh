# The paper-ready wide sheets of results.xlsx, read back through nqpf's own XLSX reader (nqpf
# convert --sheet): every wide cell equals the long table it is pivoted from (read from the same
# workbook, and from the step's CSV to the 16 significant digits an xlsx cell keeps), the mean
# (arithmetic; geometric for malmquist) and the rank of the mean are recomputed here from the long
# CSV, and each row of the Dagum sheet equals disparity.csv, disparity_groups.csv and
# disparity_pairs.csv (contribution rates x 100). The zh run names its sheets in Chinese.
source "$(dirname "$0")/lib.bash"

command -v node >/dev/null || { skip_case "paper tables" "no node"; finish; }
SRC="$NQPF_SOURCE_DIR"
mkstudy() { # mkstudy LANG DIR
  cat >"$TMP/study_$1.json" <<JSON
{
  "title": "paper tables", "lang": "$1", "out": "$2",
  "data": {"file": "$SRC/data/pwt91.csv", "id": "countrycode", "time": "year", "label": "country"},
  "let": ["L = emp * hc", "y_pc = rgdpna / pop"],
  "groups": {"name": "continent", "file": "$SRC/data/world_regions.csv", "key": "iso_a2", "column": "continent",
             "via": {"file": "$SRC/data/iso3_iso2.csv", "from": "iso3", "to": "iso2"}},
  "steps": [
    {"type": "tfp", "name": "tfp", "preset": "pwt", "sample": {"from": 2010}},
    {"type": "malmquist", "name": "malmquist", "inputs": ["rkna", "L"], "outputs": ["rgdpna"],
     "sample": {"from": 2012, "to": 2017, "where": "rgdpna > 0 && rkna > 0 && L > 0"}},
    {"type": "index", "name": "index", "framework": "$SRC/frameworks/world_pwt.csv", "weights": "entropy",
     "sample": {"from": 2012, "where": "hc + emp + pop + labsh + rnna + csh_i + pl_i + ctfp + rgdpo + csh_x + csh_m > -1000000"}},
    {"type": "disparity", "name": "disparity", "var": "y_pc", "sample": {"from": 2010, "where": "y_pc > 0 && continent != \"\""}}
  ]
}
JSON
}
mkstudy en "$TMP/en"
expect_exit 0 "" -- "$NQPF" run "$TMP/study_en.json" -q
X="$TMP/en/results.xlsx"
sheet() { # sheet NAME OUT
  "$NQPF" convert "$X" --sheet "$1" -o "$2" -q
}
for s in tfp malmquist index disparity disparity_groups disparity_pairs index_weights; do
  check "long sheet $s reads back" -- sheet "$s" "$TMP/long_$s.csv"
done
for s in tfp_wide malmquist_wide index_wide disparity_dagum index_system; do
  check "wide sheet $s reads back" -- sheet "$s" "$TMP/$s.csv"
done

cat >"$TMP/check.js" <<'JS'
const fs = require('fs');
const [dir, tmp] = process.argv.slice(2);
let fails = 0, passes = 0;
const ok = (c, msg) => { if (c) passes++; else { fails++; if (fails <= 20) console.log('FAIL: ' + msg); } };
function csv(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) { if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c; }
    else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const head = rows.shift();
  return {head, rows: rows.map(r => Object.fromEntries(head.map((h, j) => [h, r[j]])))};
}
/* An xlsx number cell keeps 16 significant digits (libxlsxwriter writes %.16G). */
const near16 = (a, b) => Math.abs(a - b) <= 1e-15 * Math.max(Math.abs(a), Math.abs(b));
const exact = (a, b) => a === b;
function wide(name, long, col, geo) {
  const w = csv(tmp + '/' + name + '.csv'), fromCsv = csv(dir + '/' + long + '.csv'), fromSheet = csv(tmp + '/long_' + long + '.csv');
  const years = w.head.slice(2, w.head.length - 2);
  ok(w.head.length >= 5 && w.head[w.head.length - 1] === 'Rank', name + ': header ' + w.head.join('|'));
  const byKey = (t) => { const m = new Map(); for (const r of t.rows) m.set(r[t.head[0]] + '\t' + r.year, r[col]); return m; };
  const lc = byKey(fromCsv), ls = byKey(fromSheet);
  const ids = [...new Set(fromCsv.rows.map(r => r[fromCsv.head[0]]))];
  ok(ids.length === w.rows.length, name + ': ' + w.rows.length + ' rows, the long table has ' + ids.length + ' regions');
  const means = new Map();
  for (const id of ids) {
    const v = fromCsv.rows.filter(r => r[fromCsv.head[0]] === id && r[col] !== '').map(r => parseFloat(r[col]));
    means.set(id, v.length === 0 ? NaN : geo ? Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length) : v.reduce((s, x) => s + x, 0) / v.length);
  }
  let cells = 0;
  for (const r of w.rows) {
    const id = r[w.head[0]];
    for (const y of years) {
      const k = id + '\t' + y, got = r[y], a = lc.has(k) ? lc.get(k) : '', b = ls.has(k) ? ls.get(k) : '';
      if (a === '' ) { ok(got === '', `${name} ${id} ${y}: expected empty, found ${got}`); continue; }
      ok(got === b, `${name} ${id} ${y}: ${got} vs the long sheet's ${b}`);
      ok(near16(parseFloat(got), parseFloat(a)), `${name} ${id} ${y}: ${got} vs the CSV's ${a}`);
      cells++;
    }
    const m = means.get(id), gm = r[w.head[w.head.length - 2]], gr = r[w.head[w.head.length - 1]];
    if (!isFinite(m)) { ok(gm === '' && gr === '', `${name} ${id}: no mean expected`); continue; }
    ok(Math.abs(parseFloat(gm) - m) <= 1e-12 * Math.abs(m), `${name} ${id}: mean ${gm}, recomputed ${m}`);
    const rank = 1 + [...means.values()].filter(x => isFinite(x) && x > m).length;
    ok(parseInt(gr, 10) === rank, `${name} ${id}: rank ${gr}, recomputed ${rank}`);
  }
  ok(cells > 100, `${name}: only ${cells} cells compared`);
}
wide('tfp_wide', 'tfp', 'tfp', false);
wide('malmquist_wide', 'malmquist', 'tfpch', true);
wide('index_wide', 'index', 'score', false);
/* Dagum */
const dg = csv(tmp + '/disparity_dagum.csv'), d = csv(dir + '/disparity.csv'), g = csv(dir + '/disparity_groups.csv'), p = csv(dir + '/disparity_pairs.csv');
ok(dg.rows.length === d.rows.length && d.rows.length > 3, 'dagum: ' + dg.rows.length + ' years, disparity.csv has ' + d.rows.length);
for (const r of d.rows) {
  const w = dg.rows.find(x => x.Year === r.year);
  if (!w) { ok(false, 'dagum: no row for ' + r.year); continue; }
  ok(near16(+w['Overall Gini'], +r.gini), `dagum ${r.year}: overall ${w['Overall Gini']} vs ${r.gini}`);
  const gs = g.rows.filter(x => x.year === r.year), ps = p.rows.filter(x => x.year === r.year);
  ok(gs.length >= 2 && ps.length >= 1, `dagum ${r.year}: groups and pairs present`);
  for (const x of gs) ok(near16(+w['Within Gini: ' + x.group], +x.gini), `dagum ${r.year} within ${x.group}: ${w['Within Gini: ' + x.group]} vs ${x.gini}`);
  for (const x of ps) { const h = 'Between Gini: ' + x.group_a + '-' + x.group_b; ok(near16(+w[h], +x.gini_between), `dagum ${r.year} ${h}: ${w[h]} vs ${x.gini_between}`); }
  for (const [h, c] of [['Within contribution (%)', 'share_within'], ['Between net contribution (%)', 'share_between_net'], ['Transvariation contribution (%)', 'share_transvariation']])
    ok(Math.abs(+w[h] - 100 * +r[c]) <= 1e-13 * Math.max(1, 100 * Math.abs(+r[c])), `dagum ${r.year} ${h}: ${w[h]} vs 100 x ${r[c]}`);
}
/* Indicator system: one row per weights row, weights equal, the dimension the label of the
 * dimension row named by the path's first part. */
const sys = csv(tmp + '/index_system.csv'), wt = csv(dir + '/index_weights.csv');
ok(sys.rows.length === wt.rows.length, 'system: ' + sys.rows.length + ' rows vs ' + wt.rows.length);
const lab = r => r.label_en || r.label_zh || r.id;
wt.rows.forEach((r, i) => {
  const s = sys.rows[i] || {};
  const top = wt.rows.find(x => x.level === 'dimension' && x.path === r.path.split('/')[0]);
  ok(s.Level === r.level && top && s.Dimension === lab(top), `system row ${i}: ${s.Level} ${s.Dimension}`);
  if (r.level === 'indicator') ok(s.Indicator === lab(r) && s.Unit === r.unit, `system row ${i}: indicator ${s.Indicator} ${s.Unit}`);
  ok(r.weight === '' ? s.Weight === '' : near16(+s.Weight, +r.weight), `system row ${i}: weight ${s.Weight} vs ${r.weight}`);
  if (r.level === 'indicator') ok(s.Direction === '+' || s.Direction === '\u2212', `system row ${i}: direction ${s.Direction}`);
});
console.log(passes + ' checks passed, ' + fails + ' failed');
process.exit(fails ? 1 : 0);
JS
check "wide sheets equal the long tables; means, ranks and the Dagum table recomputed" -- node "$TMP/check.js" "$TMP/en" "$TMP"

# Chinese sheet names and headers.
mkstudy zh "$TMP/zh"
expect_exit 0 "" -- "$NQPF" run "$TMP/study_zh.json" -q
X="$TMP/zh/results.xlsx"
for s in tfp_宽表 malmquist_宽表 index_综合指数宽表 disparity_Dagum分解 index_指标体系; do
  check "zh sheet $s reads back" -- sheet "$s" "$TMP/zh_$s.csv"
done
check "zh index sheet has Chinese headers" -- grep -q '^代码,地区,.*均值,排名' "$TMP/zh_index_综合指数宽表.csv"
check "zh wide cells equal the en run's" -- cmp -s <(cut -d, -f1 "$TMP/zh_tfp_宽表.csv" | tail -n +2) <(cut -d, -f1 "$TMP/tfp_wide.csv" | tail -n +2)
# The study's workbook goes through the same output checks as every writer: a results.xlsx that is a
# symbolic link is refused (exit 5) and the link's target is untouched; a rewritten workbook keeps
# its mode; no temporary file is left beside it.
echo keep >"$TMP/target.txt"
ln -sf "$TMP/target.txt" "$TMP/zh/results.xlsx"
expect_exit 5 "results.xlsx" -- "$NQPF" run "$TMP/study_zh.json" -q
check "the link's target is untouched" -- test "$(cat "$TMP/target.txt")" = keep
rm -f "$TMP/zh/results.xlsx"
expect_exit 0 "" -- "$NQPF" run "$TMP/study_zh.json" -q
chmod 600 "$TMP/zh/results.xlsx"
expect_exit 0 "" -- "$NQPF" run "$TMP/study_zh.json" -q
check "a rewritten workbook keeps its mode (600)" -- test "$(stat -c %a "$TMP/zh/results.xlsx")" = 600
check "no temporary workbook left" -- test -z "$(ls "$TMP/zh" | grep -E 'results\.xlsx\.(tmp|part)')"
finish
