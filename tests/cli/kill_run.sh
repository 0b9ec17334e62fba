# SIGKILL during `nqpf run` (docs/reliability.md, "Killed runs"): after each kill the output folder
# is the previous complete folder, byte for byte, or the new complete folder, never a mix; the work
# folder a killed run leaves beside it is removed by the next run, which succeeds. Kills land while
# the run writes its files: the test spins until the run's work folder holds K files (K = 0, 3, 6,
# ...), then kills. When no kill landed mid-run, that part is skipped, not passed.
source "$(dirname "$0")/lib.bash"

S="$TMP/study"
mkdir -p "$S"
cp "$NQPF_SOURCE_DIR"/tests/data/study/{panel.csv,zones.csv,codes.csv,edges.csv,framework.csv} "$S/"
# Two data sets with different numbers (Y scaled by 1.1), one study file for each, one output folder.
awk -F, -v OFS=, 'NR == 1 {print; next} {$3 = $3 * 1.1; print}' "$S/panel.csv" >"$S/panel_b.csv"
sed -e 's/"out": "out"/"out": "res"/' "$NQPF_SOURCE_DIR/tests/data/study/small.json" >"$S/a.json"
sed -e 's/panel\.csv/panel_b.csv/' "$S/a.json" >"$S/b.json"
OUT="$S/res"

# The two complete results, made without interruption, in folders of their own.
"$NQPF" run "$S/a.json" --out "$TMP/ref_a" -q || { echo "FAIL: reference run a"; FAILS=$((FAILS + 1)); }
"$NQPF" run "$S/b.json" --out "$TMP/ref_b" -q || { echo "FAIL: reference run b"; FAILS=$((FAILS + 1)); }
snapshot() { (cd "$1" && find . -type f -printf '%p %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
# is_complete DIR REF: DIR holds exactly REF's files, each equal to REF's (results.xlsx holds its
# creation time, so it is checked as a whole zip and by its first sheet).
is_complete() {
  [ "$(cd "$1" && ls -A | sort)" = "$(cd "$2" && ls -A | sort)" ] || return 1
  local f
  for f in $(cd "$2" && ls -A); do
    if [ "$f" = results.xlsx ]; then
      if command -v unzip >/dev/null; then
        unzip -tq "$1/$f" >/dev/null 2>&1 || return 1
        cmp -s <(unzip -p "$1/$f" xl/worksheets/sheet1.xml) <(unzip -p "$2/$f" xl/worksheets/sheet1.xml) || return 1
      fi
    else
      cmp -s "$1/$f" "$2/$f" || return 1
    fi
  done
}
works() { compgen -G "$S/.res.tmp.*" >/dev/null; }

"$NQPF" run "$S/a.json" -q || { echo "FAIL: first run"; FAILS=$((FAILS + 1)); }
prev=a; killed=0; midrun=0; corrupt=0; n=12
shopt -s nullglob
declare -A SEEN
for i in $(seq 1 $n); do
  if [ "$prev" = a ]; then next=b; else next=a; fi
  before=$(snapshot "$OUT")
  SEEN=(); for w in "$S"/.res.tmp.*; do SEEN[$w]=1; done
  want=$(((i - 1) * 3 % 22))
  "$NQPF" run "$S/$next.json" -q &
  pid=$!
  # Spin (builtins only) until this run's work folder holds $want files, or the run has ended.
  while kill -0 "$pid" 2>/dev/null; do
    found=
    for w in "$S"/.res.tmp.*; do [ -z "${SEEN[$w]:-}" ] && found=$w; done
    if [ -n "$found" ]; then
      files=("$found"/new/*)
      [ "${#files[@]}" -ge "$want" ] && break
    fi
  done
  kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  for w in "$S"/.res.tmp.*; do [ -z "${SEEN[$w]:-}" ] && { midrun=$((midrun + 1)); break; }; done
  if [ "$(snapshot "$OUT")" = "$before" ]; then
    :                                   # the previous complete folder
  elif is_complete "$OUT" "$TMP/ref_$next"; then
    prev=$next                          # the new complete folder (the kill came after the swap)
  else
    corrupt=$((corrupt + 1)); echo "FAIL: kill $i (at $want files) left a folder that is neither run's"
    ls -A "$OUT"
  fi
done
shopt -u nullglob
echo "run: $killed runs killed, $n output folders checked, $midrun killed mid-run, $corrupt corrupt"
check "no output folder was damaged by a kill ($corrupt of $n)" -- test "$corrupt" -eq 0
if [ "$midrun" -eq 0 ]; then
  skip_case "a kill mid-run" "every run finished before the kill landed"
else
  PASSES=$((PASSES + 1))
fi
# The next run succeeds, writes the new result, and no work folder is left beside the output.
if [ "$prev" = a ]; then next=b; else next=a; fi
expect_exit 0 "" -- "$NQPF" run "$S/$next.json" -q
check "the next run writes the new result" -- is_complete "$OUT" "$TMP/ref_$next"
check "no work folder is left beside the output folder" -- bash -c "! compgen -G '$S/.res.tmp.*' >/dev/null"
finish
