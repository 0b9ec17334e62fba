# report.html renders in headless Chromium, for the world study and the China-provinces example (the
# template filled with tests/data/china_gbk/provinces.csv), each in English and Chinese:
#  - no console message of any kind, the report script finished with no script or catalogue error;
#  - every chart container holds a drawn chart, and every chart has a legend or a visualMap
#    (the page's self-check element #nqpf-check: data-charts, data-drawn, data-legends);
#  - in the Chinese reports, no visible text (DOM text outside script, style, the hidden self-check,
#    the provenance <code class="src"> names and the study's own title and description, with the
#    charts drawn as SVG through "#svg" so that legends and axis titles are DOM text) is a catalogue
#    key, an internal column name (built from the headers of the result CSV files) or an English
#    phrase (three or more ASCII words); region and group names, framework units, numbers and the
#    proper names listed in ALLOWED below are allowed;
#  - the LISA cluster map's categories (data-lisa) equal those recomputed here by awk from
#    <step>_lisa.csv: from lisa_p_sim when permutations are on, else lisa_p_norm < 0.05, the quadrant
#    and the neighbour count.
# Screenshots (world en, china zh) are saved under build*/tests/tmp/report_render/ for a person to
# look at.
source "$(dirname "$0")/lib.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
HAVE_NODE=1
command -v node >/dev/null || HAVE_NODE=0

EX="$NQPF_SOURCE_DIR/examples/china-provinces"
# The example's study with absolute paths (as tests/cli/china_provinces_gbk.sh does); extra sed
# expressions may follow.
china_study() { # china_study OUTDIR [sed args...]
  local out=$1
  shift
  sed -e "s|\"file\": \"provinces.csv\"|\"file\": \"$NQPF_SOURCE_DIR/tests/data/china_gbk/provinces.csv\"|" \
      -e "s|\"out\": \"out\"|\"out\": \"$out\"|" \
      -e "s|\"\\.\\./\\.\\./frameworks/provincial.csv\"|\"$NQPF_SOURCE_DIR/frameworks/provincial.csv\"|" \
      -e "s|\"file\": \"contiguity.csv\"|\"file\": \"$EX/contiguity.csv\"|" "$@" "$EX/study.json"
}

check "the world study runs" -- "$NQPF" run "$NQPF_SOURCE_DIR/examples/world/study.json" --out "$TMP/world-en" --lang en -q
# The Chinese world report: the same results, written again in Chinese.
check "the world study runs in Chinese" -- "$NQPF" run "$NQPF_SOURCE_DIR/examples/world/study.json" --out "$TMP/world-zh" --lang zh -q
china_study "$TMP/china-zh" >"$TMP/china.json"
check "the China example runs in Chinese" -- "$NQPF" run "$TMP/china.json" --lang zh -q
china_study "$TMP/china-en" >"$TMP/china-en.json"
check "the China example runs in English" -- "$NQPF" run "$TMP/china-en.json" --lang en -q

# A fresh profile per run and nothing that talks to the network. The report draws its charts
# synchronously (animation off), so the DOM dumped after the load event holds the self-check.
# --enable-unsafe-swiftshader: the 3-D density surface's WebGL without a GPU, and no console warning.
render() { # render NAME URL [chromium options...]
  local name=$1 url=$2
  shift 2
  mkdir -p "$TMP/profile-$name"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-default-apps --disable-dev-shm-usage --user-data-dir="$TMP/profile-$name" \
    --enable-logging=stderr --v=0 "$@" "$url" >"$TMP/$name.dom" 2>"$TMP/$name.log"
}
attr() { sed -n "s/.*data-$1=\"\\([0-9]*\\)\".*/\\1/p" <<<"$2"; }

expect_charts() { # expect_charts NAME MIN
  local name=$1 min=$2 line charts drawn legends errs
  check "$name: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/$name.log'"
  grep -F ':CONSOLE' "$TMP/$name.log" | head -5
  line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$name.dom" || true)
  charts=$(attr charts "$line"); drawn=$(attr drawn "$line"); legends=$(attr legends "$line"); errs=$(attr errors "$line")
  echo "$name: charts $charts, drawn $drawn, legends $legends, errors $errs ${line##*>}" | cut -c1-400
  check "$name: the report script finished (self-check present)" -- test -n "$line"
  check "$name: at least $min chart containers ($charts)" -- test "${charts:-0}" -ge "$min"
  check "$name: every chart container holds a drawn chart ($drawn of $charts)" -- test "${drawn:-x}" = "${charts:-y}"
  check "$name: every chart has a legend ($legends of $charts)" -- test "${legends:-x}" = "${charts:-y}"
  check "$name: no script or catalogue errors" -- test "${errs:-1}" = 0
}

for r in world-en world-zh china-zh china-en; do
  render "$r" "file://$TMP/$r/report.html#svg" --dump-dom
done
# world: tfp 3 (a map), dea 2 (a map), malmquist 2, index, coupling 2, classes 1 (a map),
# disparity, spatial 4 (two maps), dynamics, convergence 1.
expect_charts world-en 24
expect_charts world-zh 24
expect_charts china-zh 20
expect_charts china-en 20
for s in tfp dea malmquist index coupling classes disparity moran density convergence; do
  check "world-en: section $s" -- grep -q "id=\"step-$s\"" "$TMP/world-en.dom"
done
check "world-en: the summary names the leaders" -- grep -q 'Fastest average TFP growth' "$TMP/world-en.dom"
check "world-en: no '— name' after a heading" -- bash -c "! grep -q '<h2>[^<]* — ' '$TMP/world-en.dom'"
check "china-zh: Chinese headings" -- grep -q '<h2>摘要</h2>' "$TMP/china-zh.dom"
check "china-zh: the page says it is Chinese" -- grep -q '<html lang="zh-CN"' "$TMP/china-zh.dom"
check "china-zh: a classed map legend with bounds and counts" -- grep -qE '[0-9.]+ – [0-9.]+（[0-9]+）' "$TMP/china-zh.dom"
check "china-zh: the LISA map's quadrant names" -- grep -q '高-高' "$TMP/china-zh.dom"
check "world-en: the Moran slope line in the legend" -- grep -q "slope = Moran&#39;s I =\|slope = Moran's I =" "$TMP/world-en.dom"

# The visible text of the Chinese reports.
if [ "$HAVE_NODE" = 1 ]; then
  cat >"$TMP/text.js" <<'JS'
'use strict';
const fs = require('fs'), path = require('path');
const [dom, outdir, jsdir] = process.argv.slice(2);
let html = fs.readFileSync(dom, 'utf8');
const page = fs.readFileSync(path.join(outdir, 'report.html'), 'utf8');
const D = JSON.parse(/id="nqpf-data">([\s\S]*?)<\/script>/.exec(page)[1]);
/* Allowed: proper names and symbols that Chinese papers print as they are. */
const ALLOWED = ["Moran's I", 'Moran', "Geary's C", 'Gini', 'Dagum', 'Theil', 'LISA', 'DEA', 'TFP', 'GDP', 'R&D',
  'Malmquist-Luenberger', 'Malmquist', 'Luenberger', 'TOPSIS', 'CRITIC', 'AHP', 'Benjamini–Hochberg', 'Benjamini',
  'Hochberg', 'Bonferroni', 'Markov', 'Prais', 'ECharts', 'WebGL', 'nqpf', 'sqrt', 'HH', 'LL', 'LH', 'HL', 'ML', 'ISO', 'HC1'];
/* User data shown as written: region names and codes, group names, the framework's units. */
const user = [].concat(D.units.labels || [], D.units.ids || [], D.units.groups || []).filter(x => typeof x === 'string');
(D.steps || []).forEach(st => Object.values(st.tables || {}).forEach(t => {
  const j = t.columns.indexOf('unit');
  if (j >= 0) t.data[j].forEach(x => { if (typeof x === 'string') user.push(x); });
}));
/* Internal names: the result CSV headers (any with "_" or made of ASCII letters, longer than one
 * character: single letters are the papers' symbols C, T, D, t, n). */
const names = new Set();
fs.readdirSync(outdir).filter(f => f.endsWith('.csv')).forEach(f => {
  fs.readFileSync(path.join(outdir, f), 'utf8').split('\n')[0].split(',').forEach(c => {
    c = c.replace(/^"|"$/g, '').trim();
    if (c.length > 1 && /^[\x21-\x7e]+$/.test(c)) names.add(c);
  });
});
/* Catalogue keys of the report script. */
fs.readdirSync(jsdir).filter(f => f.endsWith('.js')).forEach(f => {
  const s = fs.readFileSync(path.join(jsdir, f), 'utf8');
  const re = /^\s+(?:'([\w.]+)'|(\w+)):\s*['"]/gm;
  let m;
  while ((m = re.exec(s))) names.add(m[1] || m[2]);
});
ALLOWED.forEach(a => names.delete(a));
/* Visible text: drop script, style, the hidden self-check, the provenance code and the user's own
 * title and description, then every tag. */
html = html.replace(/<(script|style|title)\b[\s\S]*?<\/\1>/g, ' ')
  .replace(/<div id="nqpf-check"[\s\S]*?<\/div>/, ' ')
  .replace(/<code class="src">[\s\S]*?<\/code>/g, ' ')
  .replace(/<(h1|p)\b[^>]*data-user[^>]*>[\s\S]*?<\/\1>/g, ' ');
const text = [];
html.replace(/>([^<]+)</g, (m, t) => {
  t = t.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim();
  if (t) text.push(t);
  return m;
});
const bad = new Set();
const userSorted = user.slice().sort((a, b) => b.length - a.length);
text.forEach(t0 => {
  let t = t0;
  userSorted.forEach(u => { if (u && t.indexOf(u) >= 0) t = t.split(u).join(' '); });
  ALLOWED.slice().sort((a, b) => b.length - a.length).forEach(a => { t = t.split(a).join(' '); });
  (t.match(/[A-Za-z][\w.\/]*[A-Za-z0-9_]|[A-Za-z]\w*/g) || []).forEach(w => {
    if (names.has(w)) bad.add('internal name "' + w + '" in: ' + t0.slice(0, 120));
  });
  const eng = t.match(/[A-Za-z]{2,}(?:[\s,;:'’()-]+[A-Za-z]{2,}){2,}/);
  if (eng) bad.add('English "' + eng[0] + '" in: ' + t0.slice(0, 120));
});
[...bad].slice(0, 40).forEach(b => console.log('  ' + b));
console.log(`${text.length} text nodes, ${bad.size} problems`);
process.exit(bad.size ? 1 : 0);
JS
  for r in china-zh world-zh; do
    check "$r: no untranslated key, internal name or English phrase in the visible text" -- \
      node "$TMP/text.js" "$TMP/$r.dom" "$TMP/$r" "$NQPF_SOURCE_DIR/src/report/js"
  done
else
  skip_case "zh visible-text check" "node is not installed"
fi

# The LISA map's categories against <step>_lisa.csv (the last year), recomputed by awk: with
# permutations (a lisa_p_sim column) from lisa_p_sim < alpha (0.05 unless the step says), else
# from lisa_p_norm < 0.05; no neighbours: island; no value: empty.
lisa_check() { # lisa_check NAME OUTDIR
  local name=$1 dir=$2 line json
  line=$(grep -o 'data-lisa="[^"]*"' "$TMP/$name.dom" | sed 's/^data-lisa="//; s/"$//; s/&quot;/"/g; s/&amp;/\&/g')
  check "$name: the LISA map's categories are exposed" -- test -n "$line"
  sed -n 's/.*"map":{\([^}]*\)}.*/\1/p' <<<"$line" | tr ',' '\n' | sed 's/^"\(.*\)":"\(.*\)"$/\1,\2/' | sort >"$TMP/$name.lisa_page"
  awk -F, 'NR == 1 { for (j = 1; j <= NF; j++) c[$j] = j; next }
    { y = $c["year"] + 0; if (y > last) last = y; row[NR] = $0 }
    END {
      for (i in row) {
        n = split(row[i], f, ",")
        if (f[c["year"]] + 0 != last) continue
        p = ("lisa_p_sim" in c) ? f[c["lisa_p_sim"]] : f[c["lisa_p_norm"]]
        if (f[c["value"]] == "") k = "empty"
        else if (f[c["neighbours"]] + 0 == 0) k = "island"
        else if (p != "" && p + 0 < 0.05 && f[c["quadrant"]] != "") k = f[c["quadrant"]]
        else k = "ns"
        print f[1] "," k
      }
    }' "$dir/moran_lisa.csv" | sort >"$TMP/$name.lisa_csv"
  check "$name: LISA map categories equal those from moran_lisa.csv ($(wc -l <"$TMP/$name.lisa_csv") units)" -- \
    cmp -s "$TMP/$name.lisa_page" "$TMP/$name.lisa_csv"
}
lisa_check world-en "$TMP/world-en"
check "world-en: some units are in significant clusters (a comparison that can fail)" -- grep -qE ',(HH|LL|LH|HL)$' "$TMP/world-en.lisa_csv"
lisa_check china-zh "$TMP/china-zh"
# With permutations (999) when the spatial step offers them: categories from lisa_p_sim.
china_study "$TMP/china-perm" -e 's|"local": true,|"local": true, "permutations": 999,|' >"$TMP/china-perm.json"
if "$NQPF" run "$TMP/china-perm.json" --lang zh -q 2>"$TMP/perm.err" && head -1 "$TMP/china-perm/moran_lisa.csv" | grep -q lisa_p_sim; then
  render china-perm "file://$TMP/china-perm/report.html" --dump-dom
  expect_charts china-perm 20
  lisa_check china-perm "$TMP/china-perm"
  check "china-perm: the note names the permutations" -- grep -q '999 次条件置换检验' "$TMP/china-perm.dom"
else
  skip_case "LISA map from permutation p-values" "the spatial step has no permutations option or lisa_p_sim column yet: $(head -c 160 "$TMP/perm.err")"
fi

# Screenshots for a person to look at (canvas renderer, as a reader sees the page).
render shot-world "file://$TMP/world-en/report.html" --window-size=1280,6000 --hide-scrollbars --screenshot="$TMP/world-en.png"
render shot-china "file://$TMP/china-zh/report.html" --window-size=1280,16000 --hide-scrollbars --screenshot="$TMP/china-zh.png"
for s in world-en china-zh; do
  size=$(stat -c %s "$TMP/$s.png" 2>/dev/null || echo 0)
  # A blank page compresses to almost nothing; a page of charts and maps does not.
  check "screenshot $s.png saved and not blank ($size bytes)" -- test "$size" -gt 100000
done
finish
