# The report's class-break functions (src/report/js/core.js, between BREAKS-BEGIN and BREAKS-END),
# loaded under node and checked against independent references computed here:
#  - natural breaks (breaksJenks, Fisher's dynamic programme) against a brute-force search over every
#    partition of the sorted values into k contiguous classes (the least total within-class sum of
#    squares, Fisher 1958 / Jenks 1967), on fixed and pseudo-random data sets;
#  - quantiles against the definition of numpy.percentile's default (Hyndman & Fan type 7), worked
#    by hand: 1..10 in quarters gives 3.25, 5.5, 7.75, 10;
#  - equal intervals worked by hand: 0..10 in fifths gives 2, 4, 6, 8, 10;
#  - user breaks and the class of a value (x <= bound, as mapclassify).
source "$(dirname "$0")/lib.bash"

if ! command -v node >/dev/null; then
  echo "skipped: node is not installed (scripts/setup.sh installs it)"
  exit 77
fi
CORE="$NQPF_SOURCE_DIR/src/report/js/core.js"
sed -n '/BREAKS-BEGIN/,/BREAKS-END/p' "$CORE" >"$TMP/breaks.js"
check "the break functions are marked in core.js" -- test "$(wc -l <"$TMP/breaks.js")" -gt 20

cat >"$TMP/test.js" <<'JS'
'use strict';
const fs = require('fs');
const src = fs.readFileSync(process.argv[2], 'utf8');
const f = new Function(src + '; return {breaksQuantile, breaksEqual, breaksJenks, breaksUser, classBreaks, classOf};')();
let fails = 0, passes = 0;
function ok(cond, what) { if (cond) passes++; else { fails++; console.log('FAIL: ' + what); } }
function close(a, b, what) {
  ok(a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= 1e-12 * Math.max(1, Math.abs(b[i]))),
     what + ': ' + JSON.stringify(a) + ' vs ' + JSON.stringify(b));
}
/* Brute force: every way to cut the sorted values into k non-empty contiguous classes. */
function ssd(a) { const m = a.reduce((s, x) => s + x, 0) / a.length; return a.reduce((s, x) => s + (x - m) * (x - m), 0); }
function brute(vals, k) {
  const x = vals.slice().sort((a, b) => a - b), n = x.length;
  let best = Infinity;
  (function rec(start, left, acc) {
    if (left === 1) { const c = acc + ssd(x.slice(start)); if (c < best) best = c; return; }
    for (let e = start + 1; e <= n - left + 1; e++) rec(e, left - 1, acc + ssd(x.slice(start, e)));
  })(0, k, 0);
  return best;
}
/* The total within-class sum of squares of the classes that bounds b make. */
function costOf(vals, b) {
  const groups = b.map(() => []);
  vals.forEach(v => groups[f.classOf(v, b)].push(v));
  return groups.filter(g => g.length).reduce((s, g) => s + ssd(g), 0);
}
let seed = 12345;
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
const sets = [
  [1, 2, 4, 5, 7, 9, 10, 20, 21, 22, 40, 41],
  [0.05, 0.07, 0.11, 0.12, 0.2, 0.31, 0.33, 0.35, 0.5, 0.61, 0.62, 0.64],
  [3, 3, 3, 8, 8, 9, 15, 15, 16, 30]
];
for (let s = 0; s < 6; s++) { const a = []; for (let i = 0; i < 14; i++) a.push(+(rnd() * 100 * (1 + (i % 3))).toFixed(2)); sets.push(a); }
sets.forEach((vals, si) => {
  for (let k = 2; k <= 5; k++) {
    const b = f.breaksJenks(vals, k), want = brute(vals, k), got = costOf(vals, b);
    ok(Math.abs(got - want) <= 1e-9 * Math.max(1, want), `jenks set ${si} k ${k}: cost ${got} vs brute force ${want}`);
    ok(b[b.length - 1] === Math.max(...vals), `jenks set ${si} k ${k}: last bound is the maximum`);
    ok(b.length === Math.min(k, new Set(vals).size), `jenks set ${si} k ${k}: ${b.length} classes`);
  }
});
close(f.breaksQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), [3.25, 5.5, 7.75, 10], 'quantile 1..10 k 4');
close(f.breaksQuantile([10, 1, 5, 3, 7], 5), [2.6, 4.2, 5.8, 7.6, 10], 'quantile unsorted, k 5 (sorted 1 3 5 7 10; h = 4p)');
close(f.breaksQuantile([1, 1, 1, 1, 2], 4), [1, 2], 'quantile ties collapse');
close(f.breaksEqual([0, 3, 10, 7], 5), [2, 4, 6, 8, 10], 'equal 0..10 k 5');
close(f.breaksUser([1, 5, 9], [2, 8, 20]), [2, 8, 9], 'user breaks');
close(f.classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], {method: 'quantile', k: 4}), [3.25, 5.5, 7.75, 10], 'classBreaks quantile');
ok(f.classBreaks([1, 2], {method: 'continuous'}) === null, 'classBreaks continuous');
ok(f.classOf(3.25, [3.25, 5.5, 10]) === 0 && f.classOf(3.26, [3.25, 5.5, 10]) === 1 && f.classOf(10, [3.25, 5.5, 10]) === 2, 'classOf x <= bound');
ok(f.breaksJenks([NaN, null, 1, 2], 2).length === 2, 'missing values ignored');
console.log(`node: ${passes} passed, ${fails} failed`);
process.exit(fails ? 1 : 0);
JS
check "break functions agree with the references" -- node "$TMP/test.js" "$TMP/breaks.js"
finish
