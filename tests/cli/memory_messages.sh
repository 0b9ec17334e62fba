# Memory failures (issue 15): under a memory limit too small for the work, nqpf ends with exit 4 and
# "not enough memory for WHAT (about N MB); close other programs, or use a machine with more
# memory", naming what it was doing; never "out of memory", never a crash, and no output or
# temporary file is left. The limit is set relative to what the program needs to start on this
# machine (found by bisection), so the cases fail at the same stage whatever the libraries'
# size: 20 MB above it reading a 15 MB CSV fails; 100 MB above it the CSV is read and building
# its JSON (some 100 bytes a cell) fails. The message's wording is checked in
# tests/unit/test_memory_messages.c.
# ulimit -v cannot work under AddressSanitizer (its shadow memory needs terabytes of address
# space), so that build reports the cases as skipped.
source "$(dirname "$0")/lib.bash"

sanitized() {
  [ -n "${NQPF_SANITIZED:-}" ] && return 0
  ldd "$NQPF" 2>/dev/null | grep -Eq 'lib(a|ub|t|l)san' && return 0
  nm "$NQPF" 2>/dev/null | grep -q '__asan_init' && return 0
  return 1
}

if sanitized; then
  skip_case "memory messages under ulimit -v" "sanitizer build: ulimit -v cannot work"
  finish
  exit
fi

# The smallest limit (KB) under which `nqpf --version` runs.
starts() { bash -c "ulimit -v $1 && exec '$NQPF' --version" >/dev/null 2>&1; }
lo=1000 hi=4000000
check "nqpf runs under a 4 GB limit" -- starts $hi
while [ $((hi - lo)) -gt 1000 ]; do
  mid=$(((lo + hi) / 2))
  if starts $mid; then hi=$mid; else lo=$mid; fi
done
BASE=$hi
echo "nqpf starts under ulimit -v $BASE"

awk 'BEGIN {
  printf "id,year"; for (j = 1; j <= 20; j++) printf ",v%d", j; printf "\n";
  for (i = 0; i < 100000; i++) {
    printf "u%d,%d", int(i / 20), 2000 + i % 20;
    for (j = 1; j <= 20; j++) printf ",%.6f", ((i * 37 + j * 101) % 100003) / 7.0 - 5000;
    printf "\n";
  }
}' >"$TMP/big.csv"

# limited KB_ABOVE_BASE OUT -- nqpf args...: runs nqpf under the limit; exit 4 and the message.
limited() {
  local above=$1 out=$2; shift 3
  rm -f "$TMP/$out"
  expect_exit 4 "not enough memory for" -- bash -c "ulimit -v $((BASE + above)) && exec \"\$0\" \"\$@\"" "$NQPF" "$@"
  check "$*: never 'out of memory'" -- bash -c "! grep -q 'out of memory' '$TMP/err'"
  check "$*: the message says what to do" -- grep -q '; close other programs, or use a machine with more memory$' "$TMP/err"
  check "$*: no output file" -- test ! -e "$TMP/$out"
  check "$*: no temporary file" -- test -z "$(ls -A "$TMP" | grep "$out\.")"
}

limited 20000 o.csv -- convert "$TMP/big.csv" --id id --time year -o "$TMP/o.csv"
check "the failure names the file being read" -- grep -q 'not enough memory for reading big.csv' "$TMP/err"
limited 20000 d.csv -- dea "$TMP/big.csv" --id id --time year --inputs v1,v2 --outputs v3 -o "$TMP/d.csv"
check "dea: the failure names the file being read" -- grep -q 'not enough memory for reading big.csv' "$TMP/err"
limited 100000 o.json -- convert "$TMP/big.csv" --id id --time year -o "$TMP/o.json"
check "the JSON failure is not about reading" -- bash -c "! grep -q 'reading big.csv' '$TMP/err'"

finish
