#!/usr/bin/env bash
# Usage: bash tests/summary.sh BUILD_DIR
#
# Adds up the test CASES of the last ctest run in BUILD_DIR: every cmocka program (testutil.c) and
# every CLI script (tests/cli/lib.bash) writes its counts to BUILD_DIR/tests/results/, and ctest's
# JUnit report (BUILD_DIR/tests/junit.xml, from ctest --output-junit) says how each program ended.
# A program that crashed or failed after its cases (a sanitizer report, a leak) counts one more
# failed case; a test with no counts counts as one case. Skipped cases are named, never counted as
# passed. The last line is exactly "N passed, N failed, N skipped" (CI reads it); the exit status is
# 1 when anything failed or nothing ran.
set -uo pipefail
build=${1:?usage: tests/summary.sh BUILD_DIR}
results="$build/tests/results"
junit="$build/tests/junit.xml"

passed=0 failed=0 skipped=0 programs=0
skips=() fails=()
declare -A kp=() kf=() ks=() kn=() # per kind (unit, cli): passed, failed, skipped, programs

count() { # count NAME PASSED FAILED SKIPPED
  local k=${1%%/*}
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + $4)); programs=$((programs + 1))
  kp[$k]=$((${kp[$k]:-0} + $2)); kf[$k]=$((${kf[$k]:-0} + $3)); ks[$k]=$((${ks[$k]:-0} + $4))
  kn[$k]=$((${kn[$k]:-0} + 1))
}

# One results file: "test NAME", "passed N", "failed N", "skipped N", "skip CASE (where)" lines.
add_file() { # add_file FILE CTEST_STATUS
  local f=$1 status=$2 name="" p=0 fl=0 s=0 key val
  while IFS=' ' read -r key val; do
    case $key in
      test) name=$val ;;
      passed) p=$val ;;
      failed) fl=$val ;;
      skipped) s=$val ;;
      skip) skips+=("$name: $val") ;;
    esac
  done <"$f"
  if [ "$fl" -gt 0 ]; then fails+=("$name: $fl failed case(s)"); fi
  if [ "$status" = fail ] && [ "$fl" -eq 0 ]; then
    fl=1; fails+=("$name: the program failed after its cases passed (crash, sanitizer or leak report)")
  fi
  count "${name:-$f}" "$p" "$fl" "$s"
}

# The ctest tests and their status: run (passed), fail, or notrun (skipped or not run).
declare -A status=()
if [ -f "$junit" ]; then
  while IFS=$'\t' read -r name st; do
    status[$name]=$st
  done < <(grep -o '<testcase [^>]*>' "$junit" |
    sed -n 's/.*name="\([^"]*\)".*status="\([^"]*\)".*/\1\t\2/p')
fi

if [ "${#status[@]}" -gt 0 ]; then
  for name in $(printf '%s\n' "${!status[@]}" | sort); do
    st=${status[$name]}
    f="$results/${name%%/*}_${name#*/}.txt"
    if [ -f "$f" ]; then
      add_file "$f" "$st"
    else
      case $st in
        run) count "$name" 1 0 0 ;;
        fail) count "$name" 0 1 0; fails+=("$name: failed before counting its cases") ;;
        *) count "$name" 0 0 1; skips+=("$name: the whole test ($st)") ;;
      esac
    fi
  done
else
  echo "note: no ctest JUnit report in $junit; counting $results only"
  for f in "$results"/*.txt; do
    [ -f "$f" ] && add_file "$f" unknown
  done
fi

echo
echo "== test cases: $((passed + failed)) ran ($passed passed, $failed failed), $skipped skipped, in $programs programs and scripts"
for k in $(printf '%s\n' "${!kn[@]}" | sort -r); do
  echo "   $k: ${kn[$k]} $([ "$k" = cli ] && echo scripts || echo programs), $((kp[$k] + kf[$k])) cases ran (${kp[$k]} passed, ${kf[$k]} failed), ${ks[$k]} skipped"
done
if [ "${#skips[@]}" -gt 0 ]; then
  echo "skipped (${#skips[@]}):"
  printf '  %s\n' "${skips[@]}"
fi
if [ "${#fails[@]}" -gt 0 ]; then
  echo "failed:"
  printf '  %s\n' "${fails[@]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$programs" -gt 0 ]
