#!/usr/bin/env bash
# nqpf run --pdf: report.html printed to report.pdf through headless Chromium.
#  - with Chromium (skipped, exit 77, without it): the file starts with the PDF magic, every page
#    is A4 (MediaBox 595 x 842 pt; Chromium writes 594.96 x 841.92), there is more than one page,
#    and no temporary file (.report.pdf.*) or Chromium profile (nqpf-chromium-*) is left behind;
#  - without Chromium (PATH without it; NQPF_CHROMIUM naming a missing file) and with a Chromium
#    that fails, prints nothing or hangs (fake ones written here): exit 5 (output not written), a
#    message naming what to install or what went wrong, report.html and the other results written,
#    no report.pdf and nothing half-written; a hanging one is killed after NQPF_PDF_TIMEOUT.
source "$(dirname "$0")/lib.bash"

D="$NQPF_SOURCE_DIR/tests/data/spatial"
mkdir -p "$TMP/tmpdir" "$TMP/emptybin"
export TMPDIR="$TMP/tmpdir"
study() { # study OUTDIR: a small study (density surface, Markov tables, disparity) writing to OUTDIR
  cat <<EOF
{"data": {"file": "$D/panel.csv", "id": "region", "time": "year"}, "out": "$1",
 "steps": [{"type": "dynamics", "name": "dyn", "var": "tfp", "classes": 3},
           {"type": "disparity", "name": "gap", "var": "tfp"}]}
EOF
}
leftovers() { # leftovers DIR: temporary PDFs in DIR and Chromium profiles in TMPDIR
  find "$1" "$TMPDIR" -mindepth 1 -maxdepth 1 \( -name '.report.pdf.*' -o -name 'nqpf-chromium-*' \) | head -5
}
no_leftovers() { check "$1: no temporary PDF or Chromium profile left" -- test -z "$(leftovers "$2")"; }

# ---- without Chromium: the errors (these need no Chromium) --------------------------------------
study "$TMP/nochrome" >"$TMP/nochrome.json"
expect_exit 5 "printing the report needs headless Chromium, and none was found" -- \
  env PATH="$TMP/emptybin" NQPF_CHROMIUM= "$NQPF" run "$TMP/nochrome.json" --pdf -q
check "no Chromium: the message says what to install" -- grep -qF 'apt install chromium' "$TMP/err"
check "no Chromium: the message names the file" -- grep -qF "$TMP/nochrome/report.pdf" "$TMP/err"
check "no Chromium: report.html is written" -- test -s "$TMP/nochrome/report.html"
check "no Chromium: the results are written" -- test -s "$TMP/nochrome/dyn_markov.csv"
check "no Chromium: no report.pdf" -- test ! -e "$TMP/nochrome/report.pdf"
no_leftovers "no Chromium" "$TMP/nochrome"

study "$TMP/badenv" >"$TMP/badenv.json"
expect_exit 5 "NQPF_CHROMIUM is '$TMP/no/such/chromium', which is not an executable file" -- \
  env NQPF_CHROMIUM="$TMP/no/such/chromium" "$NQPF" run "$TMP/badenv.json" --pdf -q
check "NQPF_CHROMIUM missing: the message says what to install" -- grep -qF 'apt install chromium' "$TMP/err"
check "NQPF_CHROMIUM missing: report.html is written" -- test -s "$TMP/badenv/report.html"
check "NQPF_CHROMIUM missing: no report.pdf" -- test ! -e "$TMP/badenv/report.pdf"
no_leftovers "NQPF_CHROMIUM missing" "$TMP/badenv"

# A Chromium that fails, one that exits 0 without printing, and one that hangs.
printf '#!/bin/sh\necho "fake chromium: failing" >&2\nexit 3\n' >"$TMP/fail-chromium"
printf '#!/bin/sh\nexit 0\n' >"$TMP/silent-chromium"
printf '#!/bin/sh\necho $$ >"%s"\nfor a in "$@"; do case "$a" in --print-to-pdf=*) echo partial >"${a#--print-to-pdf=}";; esac; done\nexec sleep 60\n' \
  "$TMP/hang.pid" >"$TMP/hang-chromium"
chmod +x "$TMP/fail-chromium" "$TMP/silent-chromium" "$TMP/hang-chromium"
study "$TMP/fail" >"$TMP/fail.json"
expect_exit 5 "failed with exit status 3; report.html is written" -- \
  env NQPF_CHROMIUM="$TMP/fail-chromium" "$NQPF" run "$TMP/fail.json" --pdf -q
check "failing Chromium: no report.pdf" -- test ! -e "$TMP/fail/report.pdf"
check "failing Chromium: report.html is written" -- test -s "$TMP/fail/report.html"
no_leftovers "failing Chromium" "$TMP/fail"
study "$TMP/silent" >"$TMP/silent.json"
expect_exit 5 "exited but wrote no PDF" -- env NQPF_CHROMIUM="$TMP/silent-chromium" "$NQPF" run "$TMP/silent.json" --pdf -q
check "silent Chromium: no report.pdf" -- test ! -e "$TMP/silent/report.pdf"
no_leftovers "silent Chromium" "$TMP/silent"
study "$TMP/hang" >"$TMP/hang.json"
start=$(date +%s)
expect_exit 5 "did not finish printing within 2 s and was stopped" -- \
  env NQPF_CHROMIUM="$TMP/hang-chromium" NQPF_PDF_TIMEOUT=2 "$NQPF" run "$TMP/hang.json" --pdf -q
check "hanging Chromium: stopped at the timeout (not after its 60 s)" -- test $(($(date +%s) - start)) -lt 30
check "hanging Chromium: it had started" -- test -s "$TMP/hang.pid"
check "hanging Chromium: the process is gone" -- bash -c "! kill -0 $(cat "$TMP/hang.pid" 2>/dev/null || echo 999999999) 2>/dev/null"
check "hanging Chromium: its partial file is removed, no report.pdf" -- test ! -e "$TMP/hang/report.pdf"
no_leftovers "hanging Chromium" "$TMP/hang"

# ---- with Chromium: a real A4 PDF ----------------------------------------------------------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROMIUM" ]; then
  echo "skipped: the PDF checks need chromium (scripts/setup.sh installs it: apt install chromium)"
  echo "$PASSES passed, $FAILS failed before the skip"
  [ "$FAILS" -eq 0 ] || exit 1
  exit 77
fi
study "$TMP/pdf" >"$TMP/pdf.json"
expect_exit 0 "" -- "$NQPF" run "$TMP/pdf.json" --pdf -q
P="$TMP/pdf/report.pdf"
check "report.pdf written" -- test -s "$P"
check "report.pdf starts with the PDF magic" -- bash -c "head -c 5 '$P' | grep -qx '%PDF-'"
# Every page's MediaBox is A4 within Chromium's rounding (594.96 x 841.92 pt).
grep -a -o '/MediaBox *\[[^]]*\]' "$P" | sort | uniq -c
check "every MediaBox is A4 (595 x 842 pt within 0.5)" -- awk '
  { gsub(/[^0-9. ]/, " "); n = split($0, v, " "); if (n < 4) exit 1; w = v[3] - v[1]; h = v[4] - v[2]; k++
    if (w < 594.4 || w > 595.5 || h < 841.4 || h > 842.5) exit 1 }
  END { exit !(k > 0) }' <(grep -a -o '/MediaBox *\[[^]]*\]' "$P")
pages=$(grep -a -o '/Type */Pages\?\b' "$P" | grep -c -v 'Pages$' || true)
echo "report.pdf: $pages pages"
check "more than one page ($pages)" -- test "${pages:-0}" -gt 1
check "one MediaBox per page" -- test "$(grep -a -o '/MediaBox' "$P" | wc -l)" -ge "$pages"
no_leftovers "Chromium" "$TMP/pdf"
check "report.pdf is readable by others (0644)" -- test "$(stat -c %a "$P")" = 644
check "the run lists report.pdf in its folder with report.html" -- test -s "$TMP/pdf/report.html"
finish
