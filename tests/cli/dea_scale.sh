#!/usr/bin/env bash
# DEAP parity through both front doors (issue 12 item 7): `nqpf dea --scale`, --input-prices /
# --output-prices and --model fdh against the study steps with the same keys (byte for byte), the same
# refusals, and the numbers checked with awk: scale = crste / vrste, te = the run's rts score, rts_type
# crs exactly when scale is 1; the Coelli et al. (1998) cost example (tests/data/deap) against its
# hand-worked fractions, ce = te x ae; revenue re = te x ae; FDH te = 1 for every DMU that nothing
# dominates. The report's scale section (src/report/js/sections_deap.js) in headless Chromium, en and
# zh: drawn with legends, no script error, and the irs/drs/crs counts drawn equal to awk's counts.
# (The LPs themselves: tests/unit/test_dea_scale.c, test_dea_price.c, test_dea_fdh.c.)
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
P="$NQPF_SOURCE_DIR/tests/data/gtfpch/example.csv"
C="$NQPF_SOURCE_DIR/tests/data/deap/coelli1998.csv"
X='--inputs K,L,E --outputs Y'

parity scale_in "$P" Province year '"inputs": ["K", "L", "E"], "outputs": ["Y"], "scale": true' dea $X --scale
parity scale_out "$P" Province year '"inputs": "K,L,E", "outputs": "Y", "scale": true, "orientation": "out", "rts": "vrs"' \
  dea $X --scale --orientation out --rts vrs
parity cost "$C" firm year '"inputs": "x1,x2", "outputs": "y", "input_prices": ["w1", "w2"], "slacks": true' \
  dea --inputs x1,x2 --outputs y --input-prices w1,w2 --slacks
parity fdh "$P" Province year '"inputs": "K,L,E", "outputs": "Y", "model": "fdh", "peers": true' dea $X --model fdh --peers

parity_error prices_count "$C" firm year '"inputs": "x1,x2", "outputs": "y", "input_prices": ["w1"]' \
  input_prices "expected 2 price columns (one per input, in the order of inputs), found 1" \
  dea --inputs x1,x2 --outputs y --input-prices w1
parity_error scale_sbm "$P" Province year '"inputs": "K", "outputs": "Y", "scale": true, "model": "sbm"' \
  scale "applies to model radial only (DEAP's CRS/VRS/NIRS runs), found model sbm" \
  dea --inputs K --outputs Y --scale --model sbm
parity_error fdh_crs "$P" Province year '"inputs": "K", "outputs": "Y", "model": "fdh", "rts": "crs"' \
  rts "model fdh is its own technology (sum lambda = 1, each lambda 0 or 1), so returns to scale do not apply: leave rts out or give vrs (found crs)" \
  dea --inputs K --outputs Y --model fdh --rts crs
awk -F, 'BEGIN { OFS = "," } NR == 3 { $6 = -1 } { print }' "$C" >"$TMP/negprice.csv"
expect_exit 3 "DEA input price (option input_prices; prices must be >= 0)" -- \
  "$NQPF" dea "$TMP/negprice.csv" --id firm --time year --inputs x1,x2 --outputs y --input-prices w1,w2

# scale table: identities
for o in in out; do
  "$NQPF" dea "$P" --id Province --time year $X --scale --orientation $o --rts vrs -q -o "$TMP/scale_$o.csv"
  check "scale ($o): scale = crste/vrste, te = vrste, crs exactly when scale is 1, labels irs|drs|crs" -- \
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
      { c = $h["crste"]; v = $h["vrste"]; s = $h["scale"]; l = $h["rts_type"]
        d = s - c / v; if (d < 0) d = -d; if (d > 1e-12) bad++
        if ($h["te"] != v) bad++
        if ((s > 1 - 1e-9) != (l == "crs")) bad++
        if (l != "crs" && l != "irs" && l != "drs") bad++; n[l]++ }
      END { exit bad > 0 || n["irs"] + n["drs"] == 0 }' "$TMP/scale_$o.csv"
done

# Coelli et al. (1998) cost example: the fractions worked by hand (test_dea_price.c)
"$NQPF" dea "$C" --id firm --time year --inputs x1,x2 --outputs y --input-prices w1,w2 -q -o "$TMP/cost.csv"
check "cost: te 1/2 1 5/6 5/7 1, ce 6/17 6/7 3/4 2/3 1, ae = ce/te, cost_min 6 12 18 6 12" -- \
  awk -F, 'BEGIN { split("0.5 1 0.8333333333333334 0.7142857142857143 1", te, " ")
                   split("0.35294117647058826 0.8571428571428571 0.75 0.6666666666666666 1", ce, " ")
                   split("6 12 18 6 12", cm, " ") }
    NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { k = NR - 1; if (abs($h["te"] - te[k]) > 1e-12 || abs($h["ce"] - ce[k]) > 1e-12 ||
                      abs($h["ae"] - ce[k] / te[k]) > 1e-12 || abs($h["cost_min"] - cm[k]) > 1e-10) bad++ }
    function abs(x) { return x < 0 ? -x : x }
    END { exit bad > 0 || NR != 6 }' "$TMP/cost.csv"
# revenue efficiency with an output price: orientation out by default, re = te x ae
"$NQPF" dea "$P" --id Province --time year $X --let pY=1 --output-prices pY -q -o "$TMP/rev.csv"
check "revenue: re = te x ae, re <= te, with one output re = te" -- \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { t = $h["te"]; a = $h["ae"]; r = $h["re"]; d = r - t * a; if (d < 0) d = -d
      if (d > 1e-12 || r > t + 1e-12 || a > 1 + 1e-9) bad++; n++ }
    END { exit bad > 0 || n != 90 }' "$TMP/rev.csv"
# fdh: te <= 1 and te = 1 for every unit that no other unit of its year dominates (awk's pairwise check)
"$NQPF" dea "$P" --id Province --time year $X --model fdh -q -o "$TMP/fdh.csv"
check "fdh: te = 1 exactly for the undominated units of each year" -- \
  awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) g[$i] = i; next }
                       k = $g["Province"] SUBSEP $g["year"]; te[k] = $g["te"]; next }
    FNR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { n++; id[n] = $h["Province"]; yr[n] = $h["year"]; K[n] = $h["K"]; L[n] = $h["L"]; E[n] = $h["E"]; Y[n] = $h["Y"] }
    END { for (a = 1; a <= n; a++) { dom = 0
            for (b = 1; b <= n; b++) if (b != a && yr[b] == yr[a] && K[b] <= K[a] && L[b] <= L[a] && E[b] <= E[a] &&
                Y[b] >= Y[a] && (K[b] < K[a] || L[b] < L[a] || E[b] < E[a] || Y[b] > Y[a])) dom = 1
            t = te[id[a], yr[a]]; if (t > 1 + 1e-12 || (!dom) != (t == 1)) bad++ }
          exit bad > 0 || n != 90 }' "$TMP/fdh.csv" "$P"

# the report's scale section
S="$TMP/study"
mkdir -p "$S"
cp "$P" "$S/data.csv"
cat >"$S/study.json" <<'EOF'
{"data": {"file": "data.csv", "id": "Province", "time": "year"}, "let": ["wK = 1", "wL = 2", "wE = 3"],
 "steps": [{"type": "dea", "name": "eff", "inputs": "K,L,E", "outputs": "Y", "scale": true},
           {"type": "dea", "name": "cost", "inputs": "K,L,E", "outputs": "Y", "input_prices": "wK,wL,wE"}]}
EOF
if "$NQPF" run "$S/study.json" --out "$S/out" -q 2>"$S/err"; then
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$CHROMIUM" ] || ! command -v node >/dev/null; then
    skip_case "report rendering" "chromium or node is not installed"
  else
    "$NQPF" run "$S/study.json" --out "$S/out-zh" --lang zh -q
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { n[$h["year"] " " $h["rts_type"]]++ }
      END { for (k in n) print k, n[k] }' "$S/out/eff.csv" >"$TMP/counts.txt"
    for lang in en zh; do
      dir="$S/out"; [ "$lang" = en ] || dir="$S/out-zh"
      mkdir -p "$TMP/profile-$lang"
      timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-default-apps --disable-dev-shm-usage \
        --user-data-dir="$TMP/profile-$lang" --dump-dom "file://$dir/report.html" >"$TMP/$lang.dom" 2>/dev/null
      line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$lang.dom" || true)
      check "report $lang: the script finished with no error" -- grep -q 'data-errors="0"' <<<"$line"
      c=$(sed -n 's/.*data-charts="\([0-9]*\)".*/\1/p' <<<"$line"); d=$(sed -n 's/.*data-drawn="\([0-9]*\)".*/\1/p' <<<"$line")
      l=$(sed -n 's/.*data-legends="\([0-9]*\)".*/\1/p' <<<"$line")
      check "report $lang: every chart drawn with a legend ($d, $l of $c)" -- test -n "$c" -a "$c" = "$d" -a "$c" = "$l" -a "${c:-0}" -ge 4
      check "report $lang: the irs/drs/crs counts drawn are those of eff.csv" -- node -e '
        const fs = require("fs"), dom = fs.readFileSync(process.argv[1], "utf8");
        const m = dom.match(/data-rts-eff="([^"]*)"/);
        const got = m ? JSON.parse(m[1].replace(/&quot;/g, "\"")) : {};
        let bad = 0, n = 0, want = {};
        fs.readFileSync(process.argv[2], "utf8").trim().split("\n").forEach(l => {
          const [y, k, v] = l.split(" "); (want[y] = want[y] || {})[k] = Number(v); });
        Object.keys(want).forEach(y => ["irs", "drs", "crs"].forEach(k => {
          n++; if ((got[y] || {})[k] !== (want[y][k] || 0)) { bad++; console.log(y, k, want[y][k], (got[y] || {})[k]); } }));
        process.exit(bad || n != 9 ? 1 : 0);' "$TMP/$lang.dom" "$TMP/counts.txt"
      check "report $lang: the cost-efficiency section is there" -- \
        grep -q -e 'Cost efficiency by year' -e '各年成本效率' "$TMP/$lang.dom"
    done
  fi
else
  echo "FAIL: the study failed: $(cat "$S/err")"; FAILS=$((FAILS+1))
fi
finish
