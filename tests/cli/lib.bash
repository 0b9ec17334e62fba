# Shared helpers for the CLI tests (sourced, not a test itself).
set -u
: "${NQPF:?NQPF must point at the built nqpf}"
: "${NQPF_SOURCE_DIR:?}"
TMP="${NQPF_TEST_TMP:-/tmp/nqpf-cli-test}"
rm -rf "$TMP"; mkdir -p "$TMP"
FAILS=0
PASSES=0
SKIPS=0
SKIPPED=()
FINISHED=0

# expect_exit CODE NEEDLE -- command...: runs the command, checks its exit code and that stderr
# contains NEEDLE (a fixed string; empty = no check).
expect_exit() {
  local code=$1 needle=$2; shift 3
  local err
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  err=$(cat "$TMP/err")
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL: expected exit $code, got $rc: $*"; echo "  stderr: $err"; FAILS=$((FAILS+1)); return
  fi
  if [ -n "$needle" ] && ! grep -qF -- "$needle" "$TMP/err"; then
    echo "FAIL: stderr lacks '$needle': $*"; echo "  stderr: $err"; FAILS=$((FAILS+1)); return
  fi
  PASSES=$((PASSES+1))
}

check() { # check DESCRIPTION -- command: passes when the command succeeds
  local d=$1; shift 2
  if "$@"; then PASSES=$((PASSES+1)); else echo "FAIL: $d"; FAILS=$((FAILS+1)); fi
}

# ref_path REL: the reference file or folder REL (relative to reference/, e.g.
# spatial/moran_stl_esda) from the in-tree copy tests/data/reference/ when it is there, else from
# $NQPF_SHARED_DIR/reference/ (which may not exist: test with [ -e ]).
ref_path() {
  if [ -e "$NQPF_SOURCE_DIR/tests/data/reference/$1" ]; then
    echo "$NQPF_SOURCE_DIR/tests/data/reference/$1"
  else
    echo "${NQPF_SHARED_DIR:-$NQPF_SOURCE_DIR/../shared}/reference/$1"
  fi
}

# skip_case NAME REASON: a check that cannot run here (a missing tool or ../shared); it is counted
# and named in scripts/test.sh's summary, never counted as passed.
skip_case() {
  echo "SKIP: $1${2:+ ($2)}"
  SKIPS=$((SKIPS+1)); SKIPPED+=("$1${2:+ ($2)}")
}

# Writes this script's case counts to $NQPF_TEST_RESULTS/cli_<name>.txt (for tests/summary.sh).
# Runs on exit, so a script that stops early (exit 77 when a tool is missing, or a crash) is counted
# too: a whole-script skip as one skipped case, anything else unfinished as one failed case.
_write_counts() {
  local rc=$? dir="${NQPF_TEST_RESULTS:-}" name="${NQPF_TEST_NAME:-cli/$(basename "$0" .sh)}"
  [ -n "$dir" ] || return 0
  mkdir -p "$dir" || return 0
  local passes=$PASSES fails=$FAILS skips=$SKIPS s
  local skipped=("${SKIPPED[@]+"${SKIPPED[@]}"}")
  if [ "$FINISHED" -eq 0 ]; then
    if [ "$rc" -eq 77 ]; then
      skips=$((skips+1)); skipped+=("the whole script (exit 77)")
    elif [ "$rc" -ne 0 ] || [ $((passes+fails+skips)) -eq 0 ]; then
      fails=$((fails+1))
    fi
  fi
  {
    echo "test $name"
    echo "passed $passes"
    echo "failed $fails"
    echo "skipped $skips"
    for s in "${skipped[@]+"${skipped[@]}"}"; do [ -n "$s" ] && echo "skip $s"; done
  } >"$dir/cli_${name#cli/}.txt"
}
trap _write_counts EXIT
# need_chromium: sets CHROMIUM to headless Chromium, or skips the test (exit 77) when it is absent.
need_chromium() {
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$CHROMIUM" ]; then
    echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
    exit 77
  fi
}

# render NAME URL: loads URL in headless Chromium (a fresh profile, nothing fetched) and writes the
# page's DOM after its scripts ran to $TMP/NAME.dom and the browser's log (console lines) to
# $TMP/NAME.log. The report sections' tests read their self-check element from the DOM.
render() {
  mkdir -p "$TMP/profile-$1"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-default-apps --disable-dev-shm-usage --user-data-dir="$TMP/profile-$1" \
    --enable-logging=stderr --v=0 --dump-dom "$2" >"$TMP/$1.dom" 2>"$TMP/$1.log"
}

# render_checked NAME URL: render NAME URL, then sets `line` to the report's self-check element
# (src/report/js/main.js) and checks the three things every report test asks first: the script
# finished, the browser logged no console message, and the self-check counted no error.
render_checked() {
  render "$1" "$2"
  line=$(grep -o '<div id="nqpf-check"[^>]*>[^<]*' "$TMP/$1.dom" || true)
  check "$1: the report script finished" -- test -n "$line"
  check "$1: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/$1.log'"
  check "$1: no script or catalogue errors" -- bash -c "grep -q 'data-errors=\"0\"' <<<'$line'"
}

# The script's last command: its exit status is 0 when all checks passed, 1 when one failed, and
# 77 (ctest: skipped) when every check was skipped.
finish() {
  FINISHED=1
  if [ "$SKIPS" -gt 0 ]; then
    echo "$PASSES passed, $FAILS failed; $SKIPS skipped: ${SKIPPED[*]}"
  else
    echo "$PASSES passed, $FAILS failed"
  fi
  [ "$FAILS" -eq 0 ] || return 1
  [ "$PASSES" -gt 0 ] || [ "$SKIPS" -eq 0 ] || return 77
}
