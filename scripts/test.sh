#!/usr/bin/env bash
# Sets everything up, builds and runs all tests, then prints how many test CASES passed, failed and
# were skipped over all cmocka programs and CLI scripts (tests/summary.sh); the last line is exactly
# "N passed, N failed, N skipped", and the exit status is non-zero when anything failed.
#
#   bash scripts/test.sh              gcc, Release, in build/ (-DNQPF_WERROR=${NQPF_WERROR:-OFF})
#   bash scripts/test.sh --clang      clang, Release, in build-clang/, warnings are errors
#   bash scripts/test.sh --sanitize   AddressSanitizer + UBSan, Debug, in build-asan/
#
# NQPF_BUILD_DIR overrides the build folder. Reference cases in ../shared/reference are used when it
# is present; a small subset is in tests/data/reference and always runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
bash scripts/setup.sh
case $mode in
  --sanitize)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    dir=${NQPF_BUILD_DIR:-build-asan}
    bash scripts/build.sh "$dir" -DNQPF_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DNQPF_BENCH=OFF \
      -DNQPF_WERROR="${NQPF_WERROR:-OFF}"
    ;;
  --clang)
    dir=${NQPF_BUILD_DIR:-build-clang}
    CC=clang bash scripts/build.sh "$dir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release -DNQPF_WERROR=ON
    ;;
  "")
    dir=${NQPF_BUILD_DIR:-build}
    bash scripts/build.sh "$dir" -DCMAKE_BUILD_TYPE=Release -DNQPF_WERROR="${NQPF_WERROR:-OFF}"
    ;;
  *)
    echo "usage: bash scripts/test.sh [--clang | --sanitize]" >&2
    exit 2
    ;;
esac

# Fresh case counts for this run (tests/CMakeLists.txt points NQPF_TEST_RESULTS here).
junit="$(cd "$dir" && pwd)/tests/junit.xml"
rm -rf "$dir/tests/results" "$junit"
rc=0
ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --output-junit "$junit" || rc=$?
summary=0
bash tests/summary.sh "$dir" || summary=$?
if [ "$rc" -ne 0 ] || [ "$summary" -ne 0 ]; then
  exit 1
fi
