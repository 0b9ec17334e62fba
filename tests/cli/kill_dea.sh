# SIGKILL during `nqpf dea -o out.csv` and `-o out.xlsx` (docs/reliability.md, "Killed runs"): after
# each kill the output is the previous complete file or the new complete file, byte for byte; the
# temporary file a killed writer leaves (out.csv.tmp.XXXXXX) is removed by the next write of that
# output, and the next run succeeds. Kills land while the writer's temporary file exists (the test
# spins until it appears, then kills), and at points spread over the computation. When no kill landed
# mid-write (the machine was too fast to catch the window), that part is skipped, not passed.
source "$(dirname "$0")/lib.bash"

# Two panels with different numbers, so that the previous and the new result differ: 4 units x
# 5000 periods, small LPs (quick, also under ASan) and a long output (a write window to land in).
gen() { # gen SEED FILE
  awk -v seed="$1" 'BEGIN{srand(seed); print "id,t,x1,x2,y";
    for (i = 1; i <= 4; i++) for (t = 1; t <= 5000; t++)
      printf "u%02d,%d,%.4f,%.4f,%.4f\n", i, t, 1 + rand() * 9, 1 + rand() * 9, 1 + rand() * 9}' >"$2"
}
gen 1 "$TMP/a.csv"
gen 2 "$TMP/b.csv"
ARGS=(--id id --time t --inputs x1,x2 --outputs y -q)

for ext in csv xlsx; do
  OUT="$TMP/out.$ext"
  # The two complete results, made once without interruption.
  "$NQPF" dea "$TMP/a.csv" "${ARGS[@]}" -o "$TMP/ref_a.$ext" || { echo "FAIL: reference run a"; FAILS=$((FAILS+1)); }
  "$NQPF" dea "$TMP/b.csv" "${ARGS[@]}" -o "$TMP/ref_b.$ext" || { echo "FAIL: reference run b"; FAILS=$((FAILS+1)); }
  cp "$TMP/ref_a.$ext" "$OUT"
  # xlsx files hold their creation time: compare them by their content listing, not byte for byte.
  same() { # same FILE REF
    if [ "$ext" = csv ]; then cmp -s "$1" "$2"; else cmp -s <(unzip -p "$1" xl/worksheets/sheet1.xml 2>/dev/null) <(unzip -p "$2" xl/worksheets/sheet1.xml 2>/dev/null) && unzip -tq "$1" >/dev/null 2>&1; fi
  }
  if [ "$ext" = xlsx ] && ! command -v unzip >/dev/null; then
    skip_case "kill during an xlsx write" "unzip not installed"
    continue
  fi
  prev=a; killed=0; midwrite=0; corrupt=0
  # Temporary files beside the output (a killed writer's stay until the next write): SEEN holds
  # those there before a run; fresh succeeds when one not in SEEN exists. Builtins only, so that the
  # spin below looks at the folder every few microseconds.
  shopt -s nullglob
  declare -A SEEN
  fresh() { local f; for f in "$OUT".tmp.*; do [ -z "${SEEN[$f]:-}" ] && return 0; done; return 1; }
  for i in $(seq 1 6); do
    # Alternate the data, so that "new" differs from "previous".
    if [ "$prev" = a ]; then next=b; else next=a; fi
    SEEN=(); for f in "$OUT".tmp.*; do SEEN[$f]=1; done
    "$NQPF" dea "$TMP/$next.csv" "${ARGS[@]}" -o "$OUT" &
    pid=$!
    if [ $((i % 2)) -eq 1 ]; then
      # Mid-write: spin until the writer's temporary file exists (or the process has ended).
      while kill -0 "$pid" 2>/dev/null && ! fresh; do :; done
    else
      # Anywhere in the run: a spread of delays.
      sleep "0.$((i * 7 % 10))"
    fi
    kill -KILL "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    st=$?
    if fresh; then midwrite=$((midwrite + 1)); fi
    if same "$OUT" "$TMP/ref_$prev.$ext"; then
      :                                   # the previous complete file
    elif same "$OUT" "$TMP/ref_$next.$ext"; then
      prev=$next                          # the new complete file (the kill came after the rename)
    else
      corrupt=$((corrupt + 1)); echo "FAIL: $ext kill $i (exit $st) left an output that is neither result"
    fi
  done
  echo "$ext: $killed runs killed, 6 outputs checked, $midwrite killed mid-write, $corrupt corrupt"
  check "$ext: no output was damaged by a kill ($corrupt of 6)" -- test "$corrupt" -eq 0
  if [ "$midwrite" -eq 0 ]; then
    skip_case "$ext: a kill mid-write" "every run finished its write before the kill landed"
  else
    PASSES=$((PASSES + 1))
  fi
  # The next run succeeds, and no temporary file is left beside the output.
  if [ "$prev" = a ]; then next=b; else next=a; fi
  expect_exit 0 "" -- "$NQPF" dea "$TMP/$next.csv" "${ARGS[@]}" -o "$OUT"
  check "$ext: the next run writes the new result" -- same "$OUT" "$TMP/ref_$next.$ext"
  check "$ext: no temporary file is left beside the output" -- test -z "$(compgen -G "$OUT.tmp.*")"
  shopt -u nullglob
done

# A temporary file of another name, or a newer one, is not ours to remove.
echo keep >"$TMP/out.csv.tmp.toolong1"
echo keep >"$TMP/other.csv.tmp.AbCdEf"
expect_exit 0 "" -- "$NQPF" dea "$TMP/a.csv" "${ARGS[@]}" -o "$TMP/out.csv"
check "a file not named exactly like a temporary of out.csv stays" -- test -e "$TMP/out.csv.tmp.toolong1"
check "another output's temporary file stays" -- test -e "$TMP/other.csv.tmp.AbCdEf"
finish
