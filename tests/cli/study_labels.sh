# Variable labels of a study file: the top-level "labels" (a string = both languages, or
# {"zh", "en"}) reach the report blob's `labels`, with the runner's defaults for derived columns
# (index.score, the index dimensions from the weights table's label_zh/label_en, tfp, malmquist)
# and the study's labels winning over the defaults; a key that names no column or step warns, a
# wrong type is a usage error naming labels.KEY.
source "$(dirname "$0")/lib.bash"

command -v node >/dev/null || { skip_case "study labels" "no node"; finish; }
SRC="$NQPF_SOURCE_DIR"
mkstudy() { # mkstudy FILE LABELS-JSON
  cat >"$TMP/$1" <<JSON
{
  "title": "labels", "out": "$TMP/out_$1",
  "data": {"file": "$SRC/data/pwt91.csv", "id": "countrycode", "time": "year", "label": "country"},
  "let": ["y_pc = rgdpna / pop"],
  "labels": $2,
  "steps": [
    {"type": "tfp", "name": "tfp", "preset": "pwt", "sample": {"from": 2010}},
    {"type": "index", "name": "index", "framework": "$SRC/frameworks/world_pwt.csv", "weights": "entropy",
     "sample": {"from": 2015, "where": "hc + emp + pop + labsh + rnna + csh_i + pl_i + ctfp + rgdpo + csh_x + csh_m > -1000000"}}
  ]
}
JSON
}
mkstudy ok.json '{"y_pc": "GDP per capita", "rgdpna": {"zh": "实际GDP", "en": "Real GDP"}, "tfp.tfp": {"zh": "TFP水平", "en": "TFP level"}, "nope": "x", "zz.score": "y"}'
expect_exit 0 "labels.nope: no data, let or group column" -- "$NQPF" run "$TMP/ok.json"
check "a key with an unknown step warns" -- grep -qF "labels.zz.score" "$TMP/err"
check "a step output key does not warn" -- bash -c "! grep -qF 'labels.tfp.tfp' '$TMP/err'"
cat >"$TMP/check.js" <<'JS'
const fs = require('fs');
const [html, weights] = process.argv.slice(2);
const h = fs.readFileSync(html, 'utf8');
const m = /<script type="application\/json" id="nqpf-data">([\s\S]*?)<\/script>/.exec(h);
const D = JSON.parse(m[1]);
let fails = 0;
const ok = (c, msg) => { if (!c) { fails++; console.log('FAIL: ' + msg); } };
const L = D.labels || {};
const is = (k, zh, en) => ok(L[k] && L[k].zh === zh && L[k].en === en, `${k}: ${JSON.stringify(L[k])}, expected ${zh} / ${en}`);
is('y_pc', 'GDP per capita', 'GDP per capita');
is('rgdpna', '实际GDP', 'Real GDP');
is('tfp.tfp', 'TFP水平', 'TFP level');
is('index.score', '综合指数', 'index score');
/* Dimension labels from the weights table (its own CSV, parsed here). */
const lines = fs.readFileSync(weights, 'utf8').trim().split('\n');
const head = lines[0].split(',');
let dims = 0;
for (const line of lines.slice(1)) {
  if (line.includes('"')) continue;
  const r = Object.fromEntries(line.split(',').map((v, j) => [head[j], v]));
  if (r.level !== 'dimension' || (!r.label_zh && !r.label_en)) continue;
  dims++;
  is('index.' + r.id, r.label_zh || r.label_en, r.label_en || r.label_zh);
}
console.log(dims + ' dimension labels checked');
process.exit(fails ? 1 : 0);
JS
check "the blob's labels hold the study's labels and the defaults" -- node "$TMP/check.js" "$TMP/out_ok.json/report.html" "$TMP/out_ok.json/index_weights.csv"

mkstudy num.json '{"y_pc": 3}'
expect_exit 2 "labels.y_pc: expected a string or" -- "$NQPF" run "$TMP/num.json"
mkstudy lang.json '{"y_pc": {"fr": "PIB"}}'
expect_exit 2 "labels.y_pc: unknown language 'fr'" -- "$NQPF" run "$TMP/lang.json"
mkstudy arr.json '["y_pc"]'
expect_exit 2 "labels: expected an object" -- "$NQPF" run "$TMP/arr.json"
finish
