#!/usr/bin/env bash
# Configures and builds nqpf into build/ (or the folder given as $1, with extra CMake arguments after:
# e.g. -DCMAKE_BUILD_TYPE=Release -DNQPF_WERROR=ON -DNQPF_SHARED=ON). The C compiler is $CC when set
# (CC=clang bash scripts/build.sh build-clang); a folder configured with another compiler is
# reconfigured from scratch, since CMake cannot switch compilers in place.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
if [ -n "${CC:-}" ]; then
  cc=$(command -v "$CC") || { echo "build.sh: CC=$CC not found" >&2; exit 1; }
  if [ -f "$dir/CMakeCache.txt" ]; then
    old=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$dir/CMakeCache.txt")
    if [ -n "$old" ] && [ "$(command -v "$old" || true)" != "$cc" ]; then
      echo "build.sh: $dir was configured with $old; reconfiguring with $cc" >&2
      rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
    fi
  fi
  set -- -DCMAKE_C_COMPILER="$cc" "$@"
fi
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
