# report.html renders in headless Chromium: no console message of any kind (errors included), every
# chart container holds a drawn canvas, and a screenshot is saved beside the test's output
# (build*/tests/tmp/report_render/report.png) for a person to look at.
source "$(dirname "$0")/lib.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi

STUDY="$NQPF_SOURCE_DIR/examples/world/study.json"
check "the world study runs" -- "$NQPF" run "$STUDY" --out "$TMP/en" -q
check "the world study runs in Chinese" -- "$NQPF" run "$STUDY" --out "$TMP/zh" --lang zh -q

# A fresh profile per run, and nothing that talks to the network.
chrome() {
  local profile="$TMP/profile.$RANDOM"
  mkdir -p "$profile"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-default-apps \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

for lang in en zh; do
  page="file://$TMP/$lang/report.html"
  chrome --virtual-time-budget=5000 --dump-dom "$page" >"$TMP/$lang.dom" 2>"$TMP/$lang.log"
  check "$lang: no console messages" -- bash -c "! grep -F ':CONSOLE' '$TMP/$lang.log'"
  grep -F ':CONSOLE' "$TMP/$lang.log" | head -5
  line=$(grep -o '<div id="nqpf-check"[^>]*>' "$TMP/$lang.dom" || true)
  echo "$lang: $line"
  charts=$(sed -n 's/.*data-charts="\([0-9]*\)".*/\1/p' <<<"$line")
  drawn=$(sed -n 's/.*data-drawn="\([0-9]*\)".*/\1/p' <<<"$line")
  errs=$(sed -n 's/.*data-errors="\([0-9]*\)".*/\1/p' <<<"$line")
  check "$lang: the report script finished (self-check present)" -- test -n "$line"
  # tfp: 2 charts + 1 map; malmquist: 2 charts.
  check "$lang: at least 5 chart containers ($charts)" -- test "${charts:-0}" -ge 5
  check "$lang: every chart container holds a drawn canvas ($drawn of $charts)" -- test "${drawn:-x}" = "${charts:-y}"
  check "$lang: no script errors" -- test "${errs:-1}" = 0
  check "$lang: the sections are there" -- grep -q 'id="step-tfp"' "$TMP/$lang.dom"
done
check "zh: Chinese labels" -- grep -q '摘要' "$TMP/zh.dom"
check "en: the summary names the leaders" -- grep -q 'Fastest average TFP growth' "$TMP/en.dom"

chrome --window-size=1280,4200 --hide-scrollbars --virtual-time-budget=5000 \
  --screenshot="$TMP/report.png" "file://$TMP/en/report.html" >/dev/null 2>"$TMP/shot.log"
check "a screenshot was saved ($TMP/report.png)" -- test -s "$TMP/report.png"
# A blank page compresses to almost nothing; a page with charts and maps does not.
size=$(stat -c %s "$TMP/report.png" 2>/dev/null || echo 0)
check "the screenshot is not blank ($size bytes)" -- test "$size" -gt 100000
finish
