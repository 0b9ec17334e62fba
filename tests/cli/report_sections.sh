#!/usr/bin/env bash
# The report's index, disparity and dynamics sections (src/report/js/sections_b.js) in headless
# Chromium, in Chinese, on the world study, the China-provinces example (tests/data/china_gbk, with a
# sensitivity analysis added to its index step) and the small synthetic study (spatial Markov chain):
# - the indicator-system table has one row per indicator of <step>_weights.csv, in its order, and
#   every weight equals the CSV's to the 4 decimals shown;
# - every cell of the assembled Dagum table and of the contribution table equals the value of
#   disparity.csv, disparity_groups.csv or disparity_pairs.csv that its data-src attribute names
#   (4 decimals; rates x 100 to 2 decimals), and every pair and group of those files has its column;
# - every cell of the Markov matrices equals <step>_markov.csv / _spatial_markov.csv;
# - the 3-D density container is there and drawn (WebGL through SwiftShader), or, with WebGL turned
#   off (--disable-3d-apis), holds the catalogue's note and the page has no script error;
# - ECharts GL is embedded in a report with a density table and not in one without a dynamics step;
# - screenshots of the disparity and dynamics sections are saved for a person to look at
#   (build*/tests/tmp/report_sections/{disparity,dynamics}.png).
# Tolerance: the report's data blob holds 6 significant digits (src/study/study.c), so a cell shown
# with d decimals may differ from the CSV's full-precision value by half a unit of its last decimal
# plus half a unit of the 6th significant digit; nothing more.
source "$(dirname "$0")/lib.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "skipped: node is not installed (scripts/setup.sh installs it)"
  exit 77
fi

EX="$NQPF_SOURCE_DIR/examples/china-provinces"
# china OUTDIR [sed expression]: the example's study on the test data, absolute paths, a sensitivity
# analysis of 20 replications in the index step.
china() {
  sed -e "s|\"file\": \"provinces.csv\"|\"file\": \"$NQPF_SOURCE_DIR/tests/data/china_gbk/provinces.csv\"|" \
      -e "s|\"out\": \"out\"|\"out\": \"$1\"|" \
      -e "s|\"\\.\\./\\.\\./frameworks/provincial.csv\"|\"$NQPF_SOURCE_DIR/frameworks/provincial.csv\"|" \
      -e "s|\"file\": \"contiguity.csv\"|\"file\": \"$EX/contiguity.csv\"|" \
      -e "s|\"obstacles\": true|\"obstacles\": true, \"sensitivity\": 20|" \
      -e "${2:-s|^\$||}" "$EX/study.json"
}
china "$TMP/china" >"$TMP/china.json"
china "$TMP/nodyn" '/"type": "dynamics"/d' >"$TMP/nodyn.json"
check "the China study copy has a sensitivity analysis" -- grep -q '"sensitivity": 20' "$TMP/china.json"
check "the copy without dynamics has no dynamics step" -- bash -c "! grep -q '\"dynamics\"' '$TMP/nodyn.json'"
SMALL="$NQPF_SOURCE_DIR/tests/data/study"

check "the China study runs" -- "$NQPF" run "$TMP/china.json" -q
check "the China study without dynamics runs" -- "$NQPF" run "$TMP/nodyn.json" -q
check "the world study runs in Chinese" -- "$NQPF" run "$NQPF_SOURCE_DIR/examples/world/study.json" --out "$TMP/world" --lang zh -q
check "the small study runs in Chinese" -- "$NQPF" run "$SMALL/small.json" --out "$TMP/small" --lang zh -q

# The library's UMD wrapper (the report script itself names window['echarts-gl'] in every report).
GL='e["echarts-gl"]=t(e.echarts)'
check "ECharts GL is embedded where a density is drawn" -- grep -qF "$GL" "$TMP/china/report.html"
check "ECharts GL is not embedded without a dynamics step" -- bash -c "! grep -qF '$GL' '$TMP/nodyn/report.html'"
a=$(stat -c %s "$TMP/china/report.html"); b=$(stat -c %s "$TMP/nodyn/report.html")
check "the report without dynamics is over 500 kB smaller ($a vs $b bytes)" -- test $((a - b)) -gt 500000

# render NAME PAGE [chromium options...]: the DOM after the load event (the report draws synchronously).
render() {
  local name=$1 page=$2
  shift 2
  mkdir -p "$TMP/profile-$name"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-default-apps --disable-dev-shm-usage --user-data-dir="$TMP/profile-$name" \
    --enable-logging=stderr --v=0 "$@" --dump-dom "file://$page" >"$TMP/$name.dom" 2>"$TMP/$name.log"
}
# No console message but SwiftShader's "GL Driver Message" performance notes (the browser's, about its
# software WebGL, not the page's); no script error in the self-check.
clean() { # clean NAME
  local name=$1 line
  check "$name: no console messages" -- bash -c "! grep -F ':CONSOLE' '$TMP/$name.log' | grep -vqF 'GL Driver Message'"
  grep -F ':CONSOLE' "$TMP/$name.log" | grep -vF 'GL Driver Message' | head -5
  line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$name.dom" || true)
  echo "$name: ${line:0:400}"
  check "$name: the report script finished" -- test -n "$line"
  check "$name: no script errors" -- grep -q 'data-errors="0"' <<<"$line"
}

render china "$TMP/china/report.html"
clean china
render world "$TMP/world/report.html"
clean world
render small "$TMP/small/report.html"
clean small
render nogl "$TMP/china/report.html" --disable-3d-apis
clean nogl

# The DOM checks, in node: tables by id, cells by their data-src attribute, values from the CSVs.
cat >"$TMP/check.js" <<'JS'
const fs = require('fs');
const [dom, dir, what] = process.argv.slice(2);
const html = fs.readFileSync(dom, 'utf8');
let fails = 0, passes = 0;
const ok = (c, msg) => { if (c) passes++; else { fails++; if (fails <= 20) console.log('FAIL: ' + msg); } };
const unesc = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
function csv(file) {
  const text = fs.readFileSync(dir + '/' + file, 'utf8').replace(/^\uFEFF/, '');
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
  return rows.filter(r => r.length === head.length).map(r => Object.fromEntries(head.map((h, j) => [h, r[j]])));
}
function table(id) {
  const m = new RegExp('<table[^>]*id="' + id + '"[^>]*>([\\s\\S]*?)</table>').exec(html);
  if (!m) return null;
  const rows = [];
  for (const tr of m[1].matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const attrs = {};
    for (const a of tr[1].matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]] = unesc(a[2]);
    const cells = [];
    for (const td of tr[2].matchAll(/<t([dh])([^>]*)>([\s\S]*?)<\/t[dh]>/g)) {
      const ca = {};
      for (const a of td[2].matchAll(/([\w-]+)="([^"]*)"/g)) ca[a[1]] = unesc(a[2]);
      cells.push({th: td[1] === 'h', attrs: ca, text: unesc(td[3].replace(/<[^>]*>/g, '')).trim()});
    }
    rows.push({attrs, cells});
  }
  return rows;
}
/* Shown text vs the CSV's value: d decimals as shown; the blob's 6 significant digits. */
function same(text, value, scale, where) {
  const x = parseFloat(value) * (scale || 1);
  if (value === '' || value === undefined || !isFinite(x)) { ok(text === '–' || text === '', where + ': expected no value, found "' + text + '"'); return; }
  const d = (text.split('.')[1] || '').length, y = parseFloat(text);
  const tol = 0.5 * Math.pow(10, -d) + (x === 0 ? 0 : 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 5)) + 1e-12;
  ok(/^-?\d+(\.\d+)?$/.test(text) && Math.abs(y - x) <= tol, where + ': shows "' + text + '", the CSV has ' + value + (scale ? ' (x ' + scale + ')' : ''));
}
if (what === 'index') {
  const step = process.argv[5];
  const W = csv(step + '_weights.csv').filter(r => r.level === 'indicator');
  const t = table('b-system-' + step);
  ok(t, 'the indicator-system table #b-system-' + step + ' is in the page');
  if (t) {
    const body = t.filter(r => r.attrs['data-id'] !== undefined);
    ok(body.length === W.length, 'one row per indicator: ' + body.length + ' rows, ' + W.length + ' indicators');
    body.forEach((r, i) => {
      ok(W[i] && r.attrs['data-id'] === W[i].id, 'row ' + (i + 1) + ': indicator ' + r.attrs['data-id'] + ', the weights file has ' + (W[i] && W[i].id));
      const w = r.cells.find(c => c.attrs['data-src'] === 'weight');
      ok(w, 'row ' + (i + 1) + ' has a weight cell');
      if (w && W[i]) { same(w.text, W[i].weight, 1, 'weight of ' + W[i].id); ok(w.text.split('.')[1].length === 4, 'weight of ' + W[i].id + ' has 4 decimals'); }
      const label = W[i] && (W[i].label_zh || W[i].label_en);
      if (label) ok(r.cells.some(c => c.text === label), 'row ' + (i + 1) + ' shows the label "' + label + '"');
    });
  }
} else if (what === 'disparity') {
  const step = process.argv[5];
  const M = csv(step + '.csv'), G = csv(step + '_groups.csv'), P = csv(step + '_pairs.csv');
  const time = Object.keys(M[0])[0];
  const main = {}; M.forEach(r => main[r[time]] = r);
  const grp = {}; G.forEach(r => grp[r[time] + '|' + r.group] = r);
  const pair = {}; P.forEach(r => { pair[r[time] + '|' + r.group_a + '|' + r.group_b] = r; pair[r[time] + '|' + r.group_b + '|' + r.group_a] = r; });
  for (const id of ['b-dagum-' + step, 'b-contrib-' + step]) {
    const t = table(id);
    ok(t, 'the table #' + id + ' is in the page');
    if (!t) continue;
    const body = t.filter(r => r.attrs['data-year'] !== undefined);
    ok(body.length === M.length, id + ': one row per year (' + body.length + ' of ' + M.length + ')');
    const srcs = new Set();
    body.forEach(r => {
      const y = r.attrs['data-year'];
      r.cells.filter(c => c.attrs['data-src']).forEach(c => {
        const src = c.attrs['data-src'], parts = src.split('|'), [tab, col] = parts[0].split('.');
        srcs.add(src);
        const scale = c.attrs['data-scale'] ? +c.attrs['data-scale'] : 1;
        const row = tab === 'main' ? main[y] : tab === 'groups' ? grp[y + '|' + parts[1]] : pair[y + '|' + parts[1] + '|' + parts[2]];
        same(c.text, row ? row[col] : '', scale, id + ' ' + y + ' ' + src);
      });
    });
    if (id.indexOf('dagum') >= 0) {
      new Set(G.map(r => r.group)).forEach(g => ok(srcs.has('groups.gini|' + g), id + ': a column for the group ' + g));
      new Set(P.map(r => r.group_a + '|' + r.group_b)).forEach(k => {
        const [a, b] = k.split('|');
        ok(srcs.has('pairs.gini_between|' + a + '|' + b) || srcs.has('pairs.gini_between|' + b + '|' + a), id + ': a column for the pair ' + a + ', ' + b);
      });
      ['gini', 'share_within', 'share_between_net', 'share_transvariation'].forEach(c => ok(srcs.has('main.' + c), id + ': column ' + c));
    }
  }
} else if (what === 'markov') {
  const step = process.argv[5];
  for (const [file, prefix, key] of [['_markov.csv', 'b-markov-', 'markov.'], ['_spatial_markov.csv', 'b-smarkov-', 'spatial_markov.']]) {
    if (!fs.existsSync(dir + '/' + step + file)) continue;
    const R = csv(step + file);
    const ids = [...html.matchAll(new RegExp('<table[^>]*id="(' + prefix + step + '[^"]*)"', 'g'))].map(m => m[1]);
    const lags = key === 'markov.' ? [''] : [...new Set(R.map(r => r.lag_class))];
    ok(ids.length === lags.length, step + file + ': ' + ids.length + ' matrices in the page, ' + lags.length + ' in the file');
    lags.forEach((l, li) => {
      const t = table(l === '' ? prefix + step : prefix + step + '-' + l);
      ok(t, step + file + ': the matrix ' + (l || '') + ' is in the page');
      if (!t) return;
      const rows = R.filter(r => l === '' || r.lag_class === l);
      t.filter(r => r.attrs['data-class'] !== undefined).forEach(r => {
        const src = rows.find(x => x['class'] === r.attrs['data-class']);
        r.cells.filter(c => c.attrs['data-src']).forEach(c => same(c.text, src ? src[c.attrs['data-src'].slice(key.length)] : undefined, 1, step + file + ' ' + (l ? 'lag ' + l + ' ' : '') + 'class ' + r.attrs['data-class'] + ' ' + c.attrs['data-src']));
      });
    });
  }
} else if (what === 'density3d') {
  const step = process.argv[5], want = process.argv[6];
  const m = new RegExp('<div[^>]*id="b-density3d-' + step + '"[^>]*>').exec(html);
  ok(m, 'the 3-D density container #b-density3d-' + step + ' is in the page');
  const state = m && /data-gl="(\w+)"/.exec(m[0]);
  ok(state && (want === 'any' ? /^(drawn|fallback)$/.test(state[1]) : state[1] === want), '3-D density: ' + (state ? state[1] : 'no state') + ', expected ' + want);
  if (state && state[1] === 'fallback') ok(html.indexOf('三维核密度图需要浏览器支持 WebGL') >= 0, 'the fallback shows the catalogue note');
  if (state && state[1] === 'drawn') {
    const cv = html.indexOf('<canvas', m.index);
    ok(cv > 0 && cv < html.indexOf('</section>', m.index), 'the drawn surface has a canvas');
  }
}
console.log(what + ': ' + passes + ' checks passed, ' + fails + ' failed');
process.exit(fails ? 1 : 0);
JS

sections() { # sections NAME DIR INDEX DISPARITY DYNAMICS
  local name=$1 dir=$2
  [ "$3" = - ] || check "$name: indicator system = $3_weights.csv" -- node "$TMP/check.js" "$TMP/$name.dom" "$dir" index "$3"
  [ "$4" = - ] || check "$name: Dagum tables = $4*.csv" -- node "$TMP/check.js" "$TMP/$name.dom" "$dir" disparity "$4"
  [ "$5" = - ] || check "$name: Markov matrices = $5_markov.csv" -- node "$TMP/check.js" "$TMP/$name.dom" "$dir" markov "$5"
  [ "$5" = - ] || check "$name: 3-D density container" -- node "$TMP/check.js" "$TMP/$name.dom" "$dir" density3d "$5" any
}
sections china "$TMP/china" index disparity density
sections world "$TMP/world" index disparity density
sections small "$TMP/small" index disparity density
check "china: the 3-D density is drawn with SwiftShader's WebGL" -- node "$TMP/check.js" "$TMP/china.dom" "$TMP/china" density3d density drawn
check "without WebGL: the 3-D density shows its note" -- node "$TMP/check.js" "$TMP/nogl.dom" "$TMP/china" density3d density fallback
check "small: a spatial Markov matrix per neighbour class" -- grep -q 'id="b-smarkov-density-1"' "$TMP/small.dom"
check "china: the sensitivity chart's heading" -- grep -q '排名的不确定性（20 次蒙特卡罗模拟）' "$TMP/china.dom"
check "china: the aggregation is stated" -- grep -q '合成方式：' "$TMP/china.dom"
check "china: no Markov column name in the page's tables" -- bash -c "! grep -oE '<t[hd][^>]*>(count_[0-9]|p_[0-9]|prais|sojourn|mfpt_[0-9]|steady_state)' '$TMP/china.dom'"

# Screenshots of the disparity and dynamics sections alone (a copy of the page with the others hidden).
for s in disparity:disparity density:dynamics; do
  id=${s%%:*} png="$TMP/${s#*:}.png"
  sed "s|</head>|<style>main > section:not(#step-$id), header, nav, footer {display: none !important}</style></head>|" \
    "$TMP/china/report.html" >"$TMP/only-$id.html"
  render "shot-$id" "$TMP/only-$id.html" --window-size=1280,3600 --hide-scrollbars --screenshot="$png"
  size=$(stat -c %s "$png" 2>/dev/null || echo 0)
  check "a screenshot of the section $id ($png, $size bytes, not blank)" -- test "$size" -gt 100000
done
finish
