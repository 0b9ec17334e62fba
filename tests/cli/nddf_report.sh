#!/usr/bin/env bash
# The report's non-radial DEA part (src/report/js/sections_nddf.js) in headless Chromium, in English
# and Chinese, on a study of the gtfpch example (tests/data/gtfpch) with a dea step of model nddf and
# one of model sbmddf:
# - the report script finishes with no script or catalogue error and no console message;
# - one bar per variable (K, L, Y, CO2) in each of the two steps (selfCheck nddfBars = 8), every
#   chart drawn;
# - the summary sentence names the variable with the largest mean beta_<var> of the last year and
#   that mean, both recomputed here by awk from the step's CSV (3 decimals, as the report prints).
source "$(dirname "$0")/lib.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
D="$NQPF_SOURCE_DIR/tests/data/gtfpch/example.csv"
cat >"$TMP/study.json" <<JSON
{"data": {"file": "$D", "id": "Province", "time": "year"},
 "steps": [{"type": "dea", "name": "nddf", "inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["CO2"], "model": "nddf"},
           {"type": "dea", "name": "sbmddf", "inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["CO2"], "model": "sbmddf", "rts": "vrs"}]}
JSON

render() { # render NAME PAGE: the DOM after the load event (the report draws synchronously)
  local name=$1 page=$2
  mkdir -p "$TMP/profile-$name"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-default-apps --disable-dev-shm-usage --user-data-dir="$TMP/profile-$name" \
    --enable-logging=stderr --v=0 --dump-dom "file://$page" >"$TMP/$name.dom" 2>"$TMP/$name.log"
}
# top FILE: "COLUMN MEAN" of the beta_ column with the largest mean over the last year's rows
top() {
  awk -F, 'NR==1{for(i=1;i<=NF;i++){if($i ~ /^beta_/) b[i]=substr($i,6); if($i=="year") t=i; if($i=="dv") d=i}; next}
           {y[NR]=$t; dv[NR]=$d; for(i in b){v[NR,i]=$i}; if($t>ymax) ymax=$t; n=NR}
           END{for(r=2;r<=n;r++) if(y[r]==ymax && dv[r]!=""){c++; for(i in b) s[i]+=v[r,i]}
               best=""; for(i in b){m=s[i]/c; if(best=="" || m>bm){best=i; bm=m}} printf "%s %.3f\n", b[best], bm}' "$1"
}

for lang in en zh; do
  check "the study runs ($lang)" -- "$NQPF" run "$TMP/study.json" --out "$TMP/out-$lang" --lang "$lang" -q
  render "$lang" "$TMP/out-$lang/report.html"
  check "$lang: no console messages" -- bash -c "! grep -F ':CONSOLE' '$TMP/$lang.log' | grep -vqF 'GL Driver Message'"
  line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$lang.dom" || true)
  echo "$lang: ${line:0:300}"
  check "$lang: the report script finished" -- test -n "$line"
  check "$lang: no script errors" -- grep -q 'data-errors="0"' <<<"$line"
  check "$lang: 8 bars (4 variables x 2 steps)" -- grep -q 'data-nddfbars="8"' <<<"$line"
  charts=$(grep -o 'data-charts="[0-9]*"' <<<"$line" | tr -dc 0-9); drawn=$(grep -o 'data-drawn="[0-9]*"' <<<"$line" | tr -dc 0-9)
  check "$lang: every chart drawn ($drawn of $charts)" -- test -n "$charts" -a "$charts" = "$drawn"
  for step in nddf sbmddf; do
    read -r var m <<<"$(top "$TMP/out-$lang/$step.csv")"
    if [ "$lang" = en ]; then
      check "$step: summary names $var ($m)" -- grep -qF "is in $var ($m)" "$TMP/$lang.dom"
    else
      check "$step: summary names $var ($m)" -- grep -qF "变量是${var}（${m}）" "$TMP/$lang.dom"
    fi
  done
done
finish
