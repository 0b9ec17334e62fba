#!/usr/bin/env bash
# docs/options.md is what `nqpf help --markdown` prints from the library's descriptor tables:
# regenerate it with `build/nqpf help --markdown > docs/options.md` after changing an option.
source "$(dirname "$0")/lib.bash"
"$NQPF" help --markdown >"$TMP/options.md"
if cmp -s "$TMP/options.md" "$NQPF_SOURCE_DIR/docs/options.md"; then
  PASSES=$((PASSES+1))
else
  echo "FAIL: docs/options.md is out of date (regenerate: nqpf help --markdown > docs/options.md)"
  diff "$NQPF_SOURCE_DIR/docs/options.md" "$TMP/options.md" | head -20
  FAILS=$((FAILS+1))
fi
# Every method of the library is a command: its --help lists each of its options.
for m in $(grep '^## ' "$TMP/options.md" | cut -c4-); do
  [ "$m" = data ] && continue
  "$NQPF" help "$m" >"$TMP/help_$m.txt" 2>&1
  missing=""
  for flag in $(awk -v m="$m" '/^## /{on=($2==m)} on && /^\| `/{print $4}' "$TMP/options.md" | tr -d '`'); do
    [ "$flag" = "(study" ] && continue
    grep -qF -- "$flag" "$TMP/help_$m.txt" || missing="$missing $flag"
  done
  check "nqpf help $m lists every option of method $m${missing:+ (missing:$missing)}" -- test -z "$missing"
done
finish
