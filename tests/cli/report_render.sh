# report.html renders in headless Chromium: no console message of any kind (errors included), every
# chart container holds a drawn canvas, and a screenshot of the world report is saved beside the
# test's output (build*/tests/tmp/report_render/report.png) for a person to look at. The Chinese
# labels are checked on the small synthetic study, which runs in a moment.
source "$(dirname "$0")/lib.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi

check "the world study runs" -- "$NQPF" run "$NQPF_SOURCE_DIR/examples/world/study.json" --out "$TMP/en" -q
check "the small study runs in Chinese" -- \
  "$NQPF" run "$NQPF_SOURCE_DIR/tests/data/study/small.json" --out "$TMP/zh" --lang zh -q

# A fresh profile per run and nothing that talks to the network. The report draws its charts
# synchronously (animation off), so the DOM dumped after the load event holds the self-check.
render() { # render NAME PAGE [chromium options...]
  local name=$1 page=$2
  shift 2
  mkdir -p "$TMP/profile-$name"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-default-apps --disable-dev-shm-usage \
    --user-data-dir="$TMP/profile-$name" --enable-logging=stderr --v=0 "$@" --dump-dom "file://$page" \
    >"$TMP/$name.dom" 2>"$TMP/$name.log"
}

expect_charts() { # expect_charts NAME MIN
  local name=$1 min=$2 line charts drawn errs
  check "$name: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/$name.log'"
  grep -F ':CONSOLE' "$TMP/$name.log" | head -5
  line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$name.dom" || true)
  echo "$name: $line"
  charts=$(sed -n 's/.*data-charts="\([0-9]*\)".*/\1/p' <<<"$line")
  drawn=$(sed -n 's/.*data-drawn="\([0-9]*\)".*/\1/p' <<<"$line")
  errs=$(sed -n 's/.*data-errors="\([0-9]*\)".*/\1/p' <<<"$line")
  check "$name: the report script finished (self-check present)" -- test -n "$line"
  check "$name: at least $min chart containers ($charts)" -- test "${charts:-0}" -ge "$min"
  check "$name: every chart container holds a drawn canvas ($drawn of $charts)" -- test "${drawn:-x}" = "${charts:-y}"
  check "$name: no script errors" -- test "${errs:-1}" = 0
}

render en "$TMP/en/report.html" --window-size=1280,4200 --hide-scrollbars --screenshot="$TMP/report.png"
# tfp 3 (with a map), dea 2 (with a map), malmquist 2, index 2 (radar, map), coupling 2,
# classes 1 (a map), disparity 3, spatial 3 (with a map), dynamics 1, convergence 1.
expect_charts en 20
for s in tfp dea malmquist index coupling classes disparity moran density convergence; do
  check "en: section $s" -- grep -q "id=\"step-$s\"" "$TMP/en.dom"
done
check "en: the summary names the leaders" -- grep -q 'Fastest average TFP growth' "$TMP/en.dom"
check "en: the summary says where the gap comes from" -- grep -q 'comes from gaps within groups' "$TMP/en.dom"
check "a screenshot was saved ($TMP/report.png)" -- test -s "$TMP/report.png"
# A blank page compresses to almost nothing; a page of charts and maps does not.
size=$(stat -c %s "$TMP/report.png" 2>/dev/null || echo 0)
check "the screenshot is not blank ($size bytes)" -- test "$size" -gt 100000

render zh "$TMP/zh/report.html"
expect_charts zh 10
check "zh: Chinese labels" -- grep -q '摘要' "$TMP/zh.dom"
check "zh: the page says it is Chinese" -- grep -q '<html lang="zh-CN"' "$TMP/zh.dom"
finish
