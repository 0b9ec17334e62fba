#!/usr/bin/env bash
# Sets everything up and runs all tests. With --sanitize: an AddressSanitizer + UBSan build in
# build-asan/ instead of build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = "--sanitize" ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  bash scripts/build.sh build-asan -DNQPF_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DNQPF_BENCH=OFF
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
else
  bash scripts/build.sh build
  ctest --test-dir build --output-on-failure -j "$(nproc)"
fi
