#!/usr/bin/env bash
# Every example in every command's --help runs on the bundled data, from the repository root as the
# help says, and succeeds (outputs go to a scratch folder, never into the source tree).
source "$(dirname "$0")/lib.bash"
W="$TMP/root"
mkdir -p "$W"
# A scratch root that sees the repository's data but writes elsewhere.
for d in data examples frameworks tests docs; do ln -s "$NQPF_SOURCE_DIR/$d" "$W/$d"; done
cd "$W" || exit 1
n=0
for cmd in $("$NQPF" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}'); do
  # Example lines start with "  nqpf "; a trailing backslash continues the line.
  "$NQPF" help "$cmd" | awk '
    /^  nqpf / || cont { line = line (cont ? " " : "") $0; cont = /\\$/; if (cont) { sub(/\\$/, "", line); next }
                         print line; line = "" }' >"$TMP/ex_$cmd.txt"
  while IFS= read -r ex; do
    [ -n "$ex" ] || continue
    n=$((n+1))
    args=${ex#*nqpf }
    # Outputs named by the example land in the scratch root; -q keeps the log quiet.
    if eval "\"\$NQPF\" $args -q" >"$TMP/ex.out" 2>"$TMP/ex.err"; then
      PASSES=$((PASSES+1))
    else
      echo "FAIL: help example of '$cmd' failed: nqpf $args"; head -3 "$TMP/ex.err"; FAILS=$((FAILS+1))
    fi
  done <"$TMP/ex_$cmd.txt"
done
check "the help texts hold examples ($n found)" -- test "$n" -ge 12
finish
