# Script injection in report.html: unit labels that are HTML or close the script element reach the
# report as text, never as markup. The small synthetic study is run with a label column holding
#   <img src=x onerror="document.body.setAttribute('data-pwned','1')">   (AAA)
#   </script><script>document.body.setAttribute('data-pwned','2')</script>   (BBB)
#   <!--<script>   (CCC: would make the parser skip the data element's end tag)
# and a title and description that are markup too. Checks: the raw strings are absent from
# report.html (grep level); the page has a Content-Security-Policy with no network source; in
# headless Chromium the report draws with no script error, every ECharts tooltip formatter's HTML
# (put into the page with innerHTML, as ECharts does) shows the labels as text, and the injected code
# never ran (no data-pwned attribute on <body>); the study title is the page title, as text.
source "$(dirname "$0")/lib.bash"

IMG="<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
SCR="</script><script>document.body.setAttribute('data-pwned','2')</script>"
CMT="<!--<script>"

cp -r "$NQPF_SOURCE_DIR/tests/data/study" "$TMP/study"
# A label column: the hostile labels for three units, plain names for the others (CSV-quoted).
awk -F, -v img="$IMG" -v scr="$SCR" -v cmt="$CMT" 'BEGIN { OFS = "," }
  NR == 1 { print $0, "name"; next }
  { l = $1 == "AAA" ? img : $1 == "BBB" ? scr : $1 == "CCC" ? cmt : "unit " $1
    gsub(/"/, "\"\"", l); print $0, "\"" l "\"" }' "$TMP/study/panel.csv" >"$TMP/study/panel2.csv"
mv "$TMP/study/panel2.csv" "$TMP/study/panel.csv"
sed -e 's/"id": "unit", "time": "year"}/"id": "unit", "time": "year", "label": "name"}/' \
    -e 's|"description": "[^"]*"|"description": "</script><script>document.body.setAttribute(\\"data-pwned\\",\\"3\\")</script>"|' \
    -e 's|"en": "Six synthetic units"|"en": "<img src=x onerror=\\"document.body.setAttribute(\\u0027data-pwned\\u0027,\\u00274\\u0027)\\">"|' \
    "$NQPF_SOURCE_DIR/tests/data/study/small.json" >"$TMP/study/small.json"
check "the study names the label column" -- grep -q '"label": "name"' "$TMP/study/small.json"
check "the study with hostile labels runs" -- "$NQPF" run "$TMP/study/small.json" --out "$TMP/out" -q
R="$TMP/out/report.html"
check "report.html was written" -- test -s "$R"

# Grep level: none of the raw strings is in the file.
check "no raw <img onerror> label in report.html" -- bash -c "! grep -qF '<img src=x onerror' '$R'"
check "no raw </script><script> label in report.html" -- bash -c "! grep -qF \"</script><script>document\" '$R'"
check "no raw <!--<script> label in report.html" -- bash -c "! grep -qF '<!--<script>' '$R'"
check "the label is in the data, escaped" -- grep -qF '\u003cimg src=x onerror' "$R"
check "a Content-Security-Policy with default-src 'none'" -- \
  grep -qF "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'" "$R"
check "the CSP allows no network source" -- bash -c "! grep -o '<meta http-equiv=\"Content-Security-Policy\"[^>]*>' '$R' | grep -qiE 'https?:|\\*|self'"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  skip_case "report_escape: rendering" "chromium is not installed (scripts/setup.sh installs it)"
  finish
fi

# The probe calls every chart's tooltip formatters (chart-level and series-level) on every data item
# and puts the HTML they return into the page with innerHTML, as ECharts' tooltip does; the labels
# must come out as text. The HTML is kept, as text, in <pre id="tips"> for the checks below.
cat >"$TMP/probe.js" <<'JS'
<script>
(function () {
  var out = [], n = 0;
  document.querySelectorAll('div').forEach(function (d) {
    var c = window.echarts && echarts.getInstanceByDom(d);
    if (!c) return;
    var o = c.getOption(), fs = [];
    (o.tooltip || []).forEach(function (t) { if (typeof t.formatter === 'function') fs.push(t.formatter); });
    (o.series || []).forEach(function (s, si) {
      (s.data || []).forEach(function (v, di) {
        var p = {data: v, name: v && v.name, value: v && v.value, seriesIndex: si, dataIndex: di, seriesName: s.name};
        var g = s.tooltip && typeof s.tooltip.formatter === 'function' ? [s.tooltip.formatter] : fs;
        g.forEach(function (f) {
          var html = f(p), box = document.createElement('div');
          box.innerHTML = html;
          document.body.appendChild(box);
          out.push(html); n++;
        });
      });
    });
  });
  var pre = document.createElement('pre');
  pre.id = 'tips'; pre.setAttribute('data-n', n); pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
</script>
JS
# Insert the probe just before </body> (portable: awk).
awk -v f="$TMP/probe.js" '/^<\/body>/ { while ((getline l < f) > 0) print l } { print }' "$R" >"$TMP/probe.html"
mkdir -p "$TMP/profile"
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --disable-default-apps --disable-dev-shm-usage \
  --user-data-dir="$TMP/profile" --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
  --dump-dom "file://$TMP/probe.html" >"$TMP/probe.dom" 2>"$TMP/probe.log"
line=$(grep -o '<div id="nqpf-check"[^>]*>' "$TMP/probe.dom" || true)
echo "self-check: $line"
check "the report script finished" -- test -n "$line"
check "no script errors in the report" -- grep -q 'data-errors="0"' <<<"$line"
ntips=$(sed -n 's/.*<pre id="tips" data-n="\([0-9]*\)".*/\1/p' "$TMP/probe.dom")
echo "tooltip formatter outputs: ${ntips:-none}"
check "the probe ran tooltip formatters (${ntips:-0})" -- test "${ntips:-0}" -gt 0
check "the injected code never ran (no data-pwned on body)" -- bash -c "! grep -q 'data-pwned=\"' '$TMP/probe.dom'"
check "the page title is the study title, as text" -- grep -qF '<title>&lt;img src=x onerror=' "$TMP/probe.dom"
# In <pre id="tips"> the formatter HTML is text: an escaped label reads &amp;lt;img there, a raw one &lt;img.
check "a tooltip shows the <img> label as text" -- grep -qF '&amp;lt;img src=x onerror=' "$TMP/probe.dom"
check "a tooltip shows the </script> label as text" -- grep -qF '&amp;lt;/script&amp;gt;&amp;lt;script&amp;gt;' "$TMP/probe.dom"
check "the page shows the label as text" -- grep -qF '&lt;img src=x onerror=' "$TMP/probe.dom"
finish
