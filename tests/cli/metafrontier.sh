#!/usr/bin/env bash
# Metafrontier through both front doors on the gtfpch provinces (tests/data/metafrontier): `nqpf dea
# --group` and `nqpf malmquist --group` against the study steps with the same keys (byte for byte),
# the same refusals, groups from the study's top-level "groups" (a file) and from a built-in grouping,
# and the numbers checked with awk: tgr = te_meta / te_group <= 1, tgr = 1 for a metafrontier-efficient
# unit of every year, tgi = beta_meta - beta_group >= 0, and the Oh-Lee identity index = effch x bpc x
# tgc (the LPs themselves are checked against plain GLPK in tests/unit/test_metafrontier.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
SRC="$NQPF_SOURCE_DIR/tests/data/metafrontier"
D="$TMP/provinces.csv"
# the data with each province's group joined from groups.csv
awk -F, 'NR == FNR { gsub(/"/, ""); if (FNR > 1) g[$1] = $2; next }
         FNR == 1 { print $0 ",region"; next } { print $0 "," g[$2] }' "$SRC/groups.csv" "$SRC/example.csv" >"$D"
X='--inputs K,L,E --outputs Y'

parity dea_radial "$D" Province year '"inputs": ["K", "L", "E"], "outputs": ["Y"], "group": "region"' \
  dea $X --group region
parity dea_ddf "$D" Province year '"inputs": "K,L,E", "outputs": "Y", "undesirable": "CO2", "model": "ddf", "group": "region"' \
  dea $X --undesirable CO2 --model ddf --group region
parity malm_ml "$D" Province year '"inputs": "K,L,E", "outputs": "Y", "undesirable": "CO2", "group": "region", "cumulative": true' \
  malmquist $X --undesirable CO2 --group region --cumulative
parity malm_via "$D" Province year '"inputs": "K,L,E", "outputs": "Y", "group_via": "belts3:en"' \
  malmquist $X --group-via belts3:en

parity_error both "$D" Province year '"inputs": "K", "outputs": "Y", "group": "region", "group_via": "nbs4"' \
  group_via "give a group column (group) or a built-in grouping (group_via), not both" \
  dea --inputs K --outputs Y --group region --group-via nbs4
parity_error adjacent "$D" Province year '"inputs": "K", "outputs": "Y", "group": "region", "frontier": "adjacent"' \
  group "the metafrontier index (Oh and Lee 2010) is measured on global frontiers" \
  malmquist --inputs K --outputs Y --group region --type adjacent
parity_error via "$D" Province year '"inputs": "K", "outputs": "Y", "group_via": "belts4"' \
  group_via "unknown built-in grouping 'belts4'" dea --inputs K --outputs Y --group-via belts4
expect_exit 3 "dea: --group: column 'zone' not found in provinces.csv" -- \
  "$NQPF" dea "$D" --id Province --time year $X --group zone
# a unit that changes group
awk -F, 'BEGIN { OFS = "," } $2 == "Anhui" && $3 == 2015 { $NF = "East" } { print }' "$D" >"$TMP/moved.csv"
expect_exit 3 "unit 'Anhui' is in group 'Central' in 2013 but in 'East' in 2015" -- \
  "$NQPF" dea "$TMP/moved.csv" --id Province --time year $X --group region
# a group with a single unit
awk -F, 'BEGIN { OFS = "," } $2 == "Hainan" { $NF = "Island" } { print }' "$D" >"$TMP/island.csv"
expect_exit 3 "group 'Island' has a single unit ('Hainan')" -- \
  "$NQPF" dea "$TMP/island.csv" --id Province --time year $X --group region

# numbers: dea radial (period frontier) and ddf with CO2
"$NQPF" dea "$D" --id Province --time year $X --group region -q -o "$TMP/rad.csv"
check "radial: tgr = te_meta/te_group <= 1, te = te_meta, tgr = 1 for an efficient unit each year" -- \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { tg = $h["te_group"]; tm = $h["te_meta"]; r = $h["tgr"]; y = $h["year"]
      d = r - tm / tg; if (d < 0) d = -d; if (d > 1e-12 || r > 1 + 1e-9 || $h["te"] != tm) bad++
      if (tm > 1 - 1e-9 && r > 1 - 1e-9) one[y] = 1; years[y] = 1 }
    END { for (y in years) if (!(y in one)) bad++; exit bad > 0 }' "$TMP/rad.csv"
"$NQPF" dea "$D" --id Province --time year $X --undesirable CO2 --model ddf --group region -q -o "$TMP/ddf.csv"
check "ddf: tgi = beta_meta - beta_group >= 0, tgr = (1 + beta_group)/(1 + beta_meta)" -- \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { bg = $h["beta_group"]; bm = $h["beta_meta"]; g = $h["tgi"]; r = $h["tgr"]
      d1 = g - (bm - bg); d2 = r - (1 + bg) / (1 + bm); if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
      if (d1 > 1e-12 || d2 > 1e-12 || g < -1e-9 || $h["beta"] != bm) bad++ }
    END { exit bad > 0 }' "$TMP/ddf.csv"
"$NQPF" malmquist "$D" --id Province --time year $X --undesirable CO2 --group region -q -o "$TMP/ml.csv"
check "ml = mleffch x bpc x tgc, and ml = (1 + d0g)/(1 + d1g)" -- \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { m = $h["ml"]; p = $h["mleffch"] * $h["bpc"] * $h["tgc"]; q = (1 + $h["d0g"]) / (1 + $h["d1g"])
      d1 = m - p; d2 = m - q; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
      if (d1 > 1e-12 || d2 > 1e-12 || $h["status"] != "optimal") bad++; n++ }
    END { exit bad > 0 || n != 60 }' "$TMP/ml.csv"
"$NQPF" malmquist "$D" --id Province --time year $X --luenberger --group region -q -o "$TMP/lpi.csv"
check "lpi = lpi_effch + lpi_bpc + lpi_tgc" -- \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { d = $h["lpi"] - ($h["lpi_effch"] + $h["lpi_bpc"] + $h["lpi_tgc"]); if (d < 0) d = -d; if (d > 1e-12) bad++ }
    END { exit bad > 0 }' "$TMP/lpi.csv"

# groups from the study's top-level "groups" (a mapping file): the same table as the joined column
S="$TMP/study_groups"
rm -rf "$S"; mkdir -p "$S"
cp "$SRC/example.csv" "$S/data.csv"
cp "$SRC/groups.csv" "$S/groups.csv"
cat >"$S/study.json" <<'EOF'
{"data": {"file": "data.csv", "id": "Province", "time": "year"},
 "groups": {"name": "region", "file": "groups.csv", "key": "Province", "column": "group"},
 "steps": [{"type": "dea", "name": "eff", "inputs": "K,L,E", "outputs": "Y", "group": "region"},
           {"type": "malmquist", "name": "mml", "inputs": "K,L,E", "outputs": "Y", "undesirable": "CO2",
            "group": "region", "cumulative": true}]}
EOF
if "$NQPF" run "$S/study.json" --out "$S/out" -q 2>"$S/err"; then
  check "study groups file: dea as with the joined column" -- cmp -s "$S/out/eff.csv" "$TMP/parity_dea_radial/cli.csv"
  check "study groups file: malmquist as with the joined column" -- cmp -s "$S/out/mml.csv" "$TMP/parity_malm_ml/cli.csv"
  # The report's TGR charts (src/report/js/sections_meta.js) in headless Chromium, in English and
  # Chinese: drawn, with legends, no script or catalogue error, and the means drawn (data-tgr-<step>)
  # equal to the means by group and year recomputed by awk from eff.csv (tgr) and mml.csv
  # ((1 + d1i)/(1 + d1g), the earlier year from d0i, d0g).
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$CHROMIUM" ] || ! command -v node >/dev/null; then
    skip_case "report rendering" "chromium or node is not installed"
  else
    "$NQPF" run "$S/study.json" --out "$S/out-zh" --lang zh -q
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
      { s[$h["group"] SUBSEP $h["year"]] += $h["tgr"]; n[$h["group"] SUBSEP $h["year"]]++ }
      END { for (k in s) { split(k, a, SUBSEP); printf "eff %s %s %.6f\n", a[1], a[2], s[k] / n[k] } }' \
      "$S/out/eff.csv" >"$TMP/means.txt"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
      { g = $h["group"]; id = $h["Province"]
        if (!((id, $h["from"]) in seen)) { seen[id, $h["from"]] = 1; k = g SUBSEP $h["from"]
          s[k] += (1 + $h["d0i"]) / (1 + $h["d0g"]); n[k]++ }
        if (!((id, $h["year"]) in seen)) { seen[id, $h["year"]] = 1; k = g SUBSEP $h["year"]
          s[k] += (1 + $h["d1i"]) / (1 + $h["d1g"]); n[k]++ } }
      END { for (k in s) { split(k, a, SUBSEP); printf "mml %s %s %.6f\n", a[1], a[2], s[k] / n[k] } }' \
      "$S/out/mml.csv" >>"$TMP/means.txt"
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
      check "report $lang: the TGR means drawn are those of the CSV files" -- node -e '
        const fs = require("fs"), dom = fs.readFileSync(process.argv[1], "utf8");
        const attr = k => { const m = dom.match(new RegExp("data-tgr-" + k + "=\"([^\"]*)\"")); return m ? JSON.parse(m[1].replace(/&quot;/g, "\"")) : null; };
        const got = {eff: attr("eff"), mml: attr("mml")};
        let bad = 0, n = 0;
        fs.readFileSync(process.argv[2], "utf8").trim().split("\n").forEach(l => {
          const [s, g, y, v] = l.split(" "); n++;
          const x = got[s] && got[s][g] && got[s][g][y];
          if (x === undefined || Math.abs(x - Number(v)) > 5e-6) { bad++; console.log(s, g, y, v, x); }
        });
        process.exit(bad || n != 18 ? 1 : 0);' "$TMP/$lang.dom" "$TMP/means.txt"
    done
  fi
else
  echo "FAIL: the study with groups failed: $(cat "$S/err")"; FAILS=$((FAILS+1))
fi
finish
