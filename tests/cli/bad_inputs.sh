#!/usr/bin/env bash
# The bad-input catalogue (issue 15, item 5): every line of tests/bad-inputs/cases.tsv runs nqpf on
# a broken, real-world-shaped input and checks the exit code and a message substring (what is wrong
# and where). The inputs are in tests/bad-inputs/files/ (made by make.py); the cases run on one
# copy of them, which must be unchanged at the end (no case may alter an input), and write into a
# scratch folder emptied before each case. A case that takes over 10 s (a hang) fails.
source "$(dirname "$0")/lib.bash"
SRC="$NQPF_SOURCE_DIR/tests/bad-inputs"
DIR="$TMP/in"
CASES=0
rm -rf "$DIR"; cp -r "$SRC/files" "$DIR"
while IFS=$'\t' read -r name code needle args; do
  case "$name" in ''|'#'*) continue ;; esac
  CASES=$((CASES+1))
  rm -rf "$TMP/scratch"; mkdir -p "$TMP/scratch"
  args=${args//\{DIR\}/$DIR}; args=${args//\{TMP\}/$TMP/scratch}
  needle=${needle//\{DIR\}/$DIR}; needle=${needle//\{TMP\}/$TMP/scratch}
  eval "set -- $args"
  before=$FAILS
  expect_exit "$code" "$needle" -- timeout 10 "$NQPF" "$@"
  [ "$FAILS" -eq "$before" ] || echo "  (case $name)"
  # A case that exits 0 must not leave an empty result behind.
  if [ "$code" -eq 0 ] && [ -n "$(ls -A "$TMP/scratch")" ]; then
    for f in "$TMP/scratch"/*; do check "$name: $(basename "$f") not empty" -- test -s "$f"; done
  fi
done <"$SRC/cases.tsv"
echo "bad inputs: $CASES cases"
check "no input changed or added" -- diff -r "$SRC/files" "$DIR"
check "at least 60 cases" -- test "$CASES" -ge 60
finish
