#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz; clang with -fsanitize=fuzzer,address,undefined) in
# build-fuzz/ and runs each for SECONDS seconds (default 20) on a copy of its seed corpus
# tests/fuzz/corpus/<target>/. Fails (exit 1) on any finding: a crash, a sanitizer report, a leak,
# a timeout (-timeout, default 10 s per input) or memory over -rss_limit_mb (2048). The findings are
# kept in build-fuzz/findings/<target>/ (crash-*, leak-*, timeout-*, oom-*).
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]       e.g. bash scripts/fuzz.sh 60 csv expr
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER=${1:-20}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(csv xlsx xls stat expr framework study geojson weights)
BUILD=${NQPF_FUZZ_BUILD:-build-fuzz}
JOBS=${NQPF_JOBS:-2}

CC=clang cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNQPF_FUZZ=ON -DNQPF_TESTS=OFF \
  -DNQPF_BENCH=OFF >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target $(printf 'fuzz_%s ' "${TARGETS[@]}") >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
fail=0
for t in "${TARGETS[@]}"; do
  work="$BUILD/corpus/$t" found="$BUILD/findings/$t"
  mkdir -p "$work" "$found"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  log="$BUILD/findings/$t.log"
  # Binary containers need room; text inputs run far more often when kept small (8 KB).
  case $t in xlsx|xls|stat) maxlen=65536 ;; *) maxlen=8192 ;; esac
  if "$BUILD/fuzz/fuzz_$t" -max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
       -artifact_prefix="$found/" -print_final_stats=1 "$work" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $t: ${SECONDS_PER}s, $runs executions, no finding"
  else
    fail=1
    echo "fuzz $t: FINDING (see $log and $found/)"
    grep -m3 -E 'ERROR|runtime error|SUMMARY' "$log" || true
  fi
done
exit $fail
