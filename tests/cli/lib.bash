# Shared helpers for the CLI tests (sourced, not a test itself).
set -u
: "${NQPF:?NQPF must point at the built nqpf}"
: "${NQPF_SOURCE_DIR:?}"
TMP="${NQPF_TEST_TMP:-/tmp/nqpf-cli-test}"
rm -rf "$TMP"; mkdir -p "$TMP"
FAILS=0
PASSES=0

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

finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}
