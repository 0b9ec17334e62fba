#!/usr/bin/env bash
# Usage: run.sh install|pkgconfig|cmake|cxx|symbols   (ctest runs it: tests/consumer/consumer.cmake)
#
# Checks nqpf the way a program outside this tree uses it. `install` installs the build tree
# (NQPF_BUILD_DIR) into $NQPF_TEST_TMP/prefix: the static library, headers, nqpf.pc, the CMake
# package and the CLI, plus libnqpf.so (its own install component unless the build has
# NQPF_SHARED=ON). The other steps need that prefix:
#   pkgconfig  compiles examples/library/dea_example.c with `cc $(pkg-config --cflags --libs nqpf)`
#              against the shared library, runs it on tests/data/study/panel.csv and compares its
#              scores with `nqpf dea` (same options); docs/library.md must contain the file verbatim
#   cmake      builds the same file through find_package(nqpf) and target nqpf::nqpf
#   cxx        compiles tests/consumer/hello.cpp (#include <nqpf.h>) with a C++ compiler and links
#   symbols    libnqpf.so exports only nqpf_[a-z0-9]* names (`nm -D --defined-only`), exactly the
#              functions the public headers declare
set -euo pipefail
export LC_ALL=C
step=${1:?usage: run.sh install|pkgconfig|cmake|cxx|symbols}
src=${NQPF_SOURCE_DIR:?}
build=${NQPF_BUILD_DIR:?}
tmp=${NQPF_TEST_TMP:-/tmp/nqpf-consumer-test}
prefix=$tmp/prefix
CC=${CC:-cc}
read -r -a extra <<<"${NQPF_CONSUMER_FLAGS:-}" # sanitizer flags of a sanitizer build
example=$src/examples/library/dea_example.c
data=$src/tests/data/study/panel.csv
fail() { echo "FAIL: $*" >&2; exit 1; }

# The library folder (lib, or lib/<multiarch> when the build was configured for prefix /usr).
libdir=$prefix/lib
if [ "$step" != install ]; then
  a=$(find "$prefix" -name libnqpf.a -print -quit 2>/dev/null || true)
  [ -n "$a" ] || fail "nothing installed in $prefix (consumer/install failed?)"
  libdir=$(dirname "$a")
fi
export PKG_CONFIG_PATH=$libdir/pkgconfig
export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

# The reference: the installed CLI's scores (id, time, te) with the example's options.
cli_scores() {
  "$prefix/bin/nqpf" dea "$data" --id unit --time year --outputs Y --inputs K,L --rts crs --orientation in |
    cut -d, -f1-3
}

case $step in
install)
  rm -rf "$prefix"
  mkdir -p "$tmp"
  cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
  if [ "${NQPF_SHARED:-0}" != 1 ]; then
    cmake --install "$build" --prefix "$prefix" --component nqpf_test_shared >>"$tmp/install.log"
  fi
  a=$(find "$prefix" -name libnqpf.a -print -quit)
  [ -n "$a" ] || fail "cmake --install did not install libnqpf.a (prefix $prefix)"
  libdir=$(dirname "$a")
  for f in "$libdir"/libnqpf.so "$libdir"/pkgconfig/nqpf.pc "$libdir"/cmake/nqpf/nqpfConfig.cmake \
           "$libdir"/cmake/nqpf/nqpfConfigVersion.cmake "$prefix"/include/nqpf.h "$prefix"/include/nqpf/version.h \
           "$prefix"/include/nqpf/global.h "$prefix"/include/nqpf/dea.h "$prefix"/bin/nqpf; do
    [ -e "$f" ] || fail "cmake --install did not install $f"
  done
  soname=$(objdump -p "$libdir/libnqpf.so" | awk '$1 == "SONAME" {print $2}')
  [ "$soname" = libnqpf.so.0 ] || fail "SONAME is '$soname', expected libnqpf.so.0"
  echo "installed into $prefix ($(find "$prefix" -type f | wc -l) files; SONAME $soname)"
  ;;

pkgconfig)
  command -v pkg-config >/dev/null || { echo "pkg-config not installed: skipped"; exit 77; }
  out=$tmp/pkgconfig
  rm -rf "$out"; mkdir -p "$out"
  # The documentation shows this very file.
  doc=$(<"$src/docs/library.md")
  code=$(<"$example")
  [[ $doc == *"$code"* ]] || fail "docs/library.md does not contain $example verbatim"
  flags=$(pkg-config --cflags --libs nqpf)
  echo "$CC $example $flags"
  # shellcheck disable=SC2086 # pkg-config output is a list of words
  "$CC" -std=c17 -Wall -Wextra -Werror "${extra[@]}" -o "$out/dea_example" "$example" $flags
  # ldd's output is captured first: `ldd | grep -q` under pipefail fails whenever grep exits
  # before ldd has finished writing (SIGPIPE), which made this check flaky.
  loaded=$(ldd "$out/dea_example")
  [[ $loaded == *"libnqpf.so.0 => $libdir/"* ]] \
    || fail "dea_example does not load libnqpf.so.0 from $libdir: $(grep nqpf <<<"$loaded")"
  "$out/dea_example" "$data" unit year Y K,L >"$out/lib.csv"
  cli_scores >"$out/cli.csv"
  rows=$(($(wc -l <"$out/lib.csv") - 1))
  [ "$rows" -gt 30 ] || fail "dea_example printed $rows scores"
  diff "$out/cli.csv" "$out/lib.csv" >"$out/diff.txt" || fail "library and CLI scores differ: $(head -5 "$out/diff.txt")"
  echo "dea_example (shared libnqpf) = nqpf dea on $rows observations, e.g.:"
  head -4 "$out/lib.csv"
  # Errors come back as a status (NQPF_EDATA = 3) and a message, never an abort.
  rc=0
  "$out/dea_example" "$data" unit year Y K,nosuch >/dev/null 2>"$out/err.txt" || rc=$?
  [ "$rc" -eq 3 ] || fail "a missing column gave exit $rc, expected 3 (NQPF_EDATA): $(cat "$out/err.txt")"
  grep -q nosuch "$out/err.txt" || fail "the error message does not name the column: $(cat "$out/err.txt")"
  ;;

cmake)
  out=$tmp/cmake
  rm -rf "$out"
  cmake -S "$src/tests/consumer/cmake" -B "$out" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_BUILD_TYPE="${NQPF_CONSUMER_BUILD_TYPE:-RelWithDebInfo}" -DNQPF_EXAMPLE="$example" \
    -DCMAKE_C_FLAGS="${NQPF_CONSUMER_FLAGS:-}" -DCMAKE_EXE_LINKER_FLAGS="${NQPF_CONSUMER_FLAGS:-}" >"$out.log" 2>&1 \
    || { cat "$out.log"; fail "find_package(nqpf) project did not configure"; }
  cmake --build "$out" >>"$out.log" 2>&1 || { cat "$out.log"; fail "find_package(nqpf) project did not build"; }
  "$out/dea_example" "$data" unit year Y K,L >"$out/lib.csv"
  cli_scores >"$out/cli.csv"
  diff -q "$out/cli.csv" "$out/lib.csv" >/dev/null || fail "find_package(nqpf) build: scores differ from nqpf dea"
  echo "find_package(nqpf) build = nqpf dea, e.g. $(sed -n 2p "$out/lib.csv")"
  ;;

cxx)
  cxx=""
  case $CC in *clang*) command -v clang++ >/dev/null && cxx=clang++ ;; esac
  [ -n "$cxx" ] || cxx=$(command -v g++ || command -v c++ || true)
  [ -n "$cxx" ] || { echo "no C++ compiler: skipped"; exit 77; }
  out=$tmp/cxx
  rm -rf "$out"; mkdir -p "$out"
  # shellcheck disable=SC2046
  "$cxx" -std=c++17 -Wall -Wextra -Wpedantic -Werror "${extra[@]}" -o "$out/hello" "$src/tests/consumer/hello.cpp" \
    $(pkg-config --cflags --libs nqpf)
  "$out/hello"
  ;;

symbols)
  lib=$libdir/libnqpf.so
  nm -D --defined-only "$lib" | awk '{print $NF}' | sort >"$tmp/symbols.txt"
  n=$(wc -l <"$tmp/symbols.txt")
  bad=$(grep -Ev '^nqpf_[a-z0-9]' "$tmp/symbols.txt" || true)
  [ -z "$bad" ] || fail "libnqpf.so exports non-public symbols: $(echo "$bad" | head -20 | tr '\n' ' ')"
  [ "$n" -gt 100 ] || fail "libnqpf.so exports only $n symbols"
  # Exactly the public API: every function a public header declares (or names with "(") is
  # exported, and nothing else is (CMakeLists.txt: hidden visibility outside the public headers).
  grep -ohE '\bnqpf_[a-z0-9][a-z0-9_]*[[:space:]]*\(' "$src"/include/nqpf/*.h "$src/include/nqpf/version.h.in" |
    sed 's/[[:space:]]*($//' | sort -u >"$tmp/declared.txt"
  missing=$(comm -23 "$tmp/declared.txt" "$tmp/symbols.txt" | tr '\n' ' ')
  extra=$(comm -13 "$tmp/declared.txt" "$tmp/symbols.txt" | tr '\n' ' ')
  [ -z "$missing" ] || fail "declared in include/nqpf but not exported (undefined?): $missing"
  [ -z "$extra" ] || fail "exported but declared in no public header: $extra"
  echo "libnqpf.so exports $n symbols: all nqpf_[a-z0-9]*, exactly the functions include/nqpf/*.h declare"
  ;;

*) echo "run.sh: unknown step '$step'" >&2; exit 2 ;;
esac
