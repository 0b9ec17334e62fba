# nqpf dea --reps (Simar-Wilson bootstrap, src/dea/bootstrap.c) through both front doors:
#  - the five columns te_bc, bias, var, ci_lo, ci_hi come after the DEA columns; awk checks
#    bias = te - te_bc, ci_lo <= ci_hi, var >= 0 on every row;
#  - the same seed gives the same file, byte for byte, on 1 and 2 threads, and another seed another file;
#  - the option rules, named by their flags on the command line;
#  - a study step with the same options writes the same table as the command (threads do not matter);
#  - the report's DEA section draws the confidence bars, in English and Chinese, without script or
#    catalogue errors (headless Chromium, when installed), one bar per unit of the last year.
source "$(dirname "$0")/lib.bash"

awk 'BEGIN { srand(7); print "id,t,x1,x2,y";
  for (t = 2001; t <= 2002; t++) for (j = 1; j <= 30; j++) {
    x1 = 1 + 9 * rand(); x2 = 1 + 9 * rand(); u = -log(1 - rand()) * 0.2;
    printf "u%02d,%d,%.6f,%.6f,%.6f\n", j, t, x1, x2, exp(0.4 * log(x1) + 0.4 * log(x2) - u) }
}' >"$TMP/data.csv"

run() { "$NQPF" dea "$TMP/data.csv" --id id --time t --inputs x1,x2 --outputs y -q "$@"; }

check "bootstrap runs on 1 thread" -- run --rts vrs --reps 200 --seed 5 --threads 1 --out "$TMP/a1.csv"
check "bootstrap runs on 2 threads" -- run --rts vrs --reps 200 --seed 5 --threads 2 --out "$TMP/a2.csv"
check "bootstrap runs with another seed" -- run --rts vrs --reps 200 --seed 6 --threads 2 --out "$TMP/a3.csv"
check "1 and 2 threads write the same bytes" -- cmp -s "$TMP/a1.csv" "$TMP/a2.csv"
check "another seed writes another file" -- bash -c "! cmp -s '$TMP/a1.csv' '$TMP/a3.csv'"
check "the bootstrap columns follow the DEA columns" -- \
  bash -c "head -1 '$TMP/a1.csv' | grep -q '^id,t,te,theta,lambda_sum,status,te_bc,bias,var,ci_lo,ci_hi$'"
check "every row: bias = te - te_bc, ci_lo <= ci_hi, var >= 0, 60 rows" -- awk -F, '
  NR == 1 { next }
  { n++; d = $3 - $7 - $8; if (d < 0) d = -d; if (d > 1e-12 || $10 > $11 || $9 < 0 || $7 == "") bad++ }
  END { exit !(n == 60 && !bad) }' "$TMP/a1.csv"
check "output orientation runs" -- run --orientation out --reps 100 --alpha 0.1 --threads 2 --out "$TMP/o.csv"

expect_exit 2 "--reps" -- run --model sbm --reps 100
expect_exit 2 "model radial only" -- run --model ddf --reps 100
expect_exit 2 "--reps" -- run --super --reps 100
expect_exit 2 "--reps" -- run --frontier sequential --reps 100
expect_exit 2 "--alpha" -- run --reps 100 --alpha 0.5
expect_exit 2 "--seed" -- run --seed 4
expect_exit 2 "--alpha" -- run --alpha 0.1
expect_exit 2 "--reps" -- run --reps 100001
expect_exit 2 "too few" -- run --reps 20

# the study step: same options, same table
cat >"$TMP/study.json" <<EOF
{
  "title": "bootstrap",
  "out": "$TMP/study-out",
  "data": {"file": "$TMP/data.csv", "id": "id", "time": "t"},
  "steps": [
    {"type": "dea", "name": "dea", "inputs": ["x1", "x2"], "outputs": ["y"], "rts": "vrs", "reps": 200, "seed": 5}
  ]
}
EOF
check "the study runs" -- "$NQPF" run "$TMP/study.json" --lang en -q
check "the study step writes the command's table" -- cmp -s "$TMP/a1.csv" "$TMP/study-out/dea.csv"
sed -e "s|study-out|study-zh|" "$TMP/study.json" >"$TMP/study-zh.json"
check "the study runs in Chinese" -- "$NQPF" run "$TMP/study-zh.json" --lang zh -q

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  skip_case "report rendering" "chromium is not installed"
else
  for r in study-out study-zh; do
    mkdir -p "$TMP/profile-$r"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --disable-sync --no-first-run --disable-default-apps --disable-dev-shm-usage \
      --user-data-dir="$TMP/profile-$r" --enable-logging=stderr --v=0 --dump-dom \
      "file://$TMP/$r/report.html#svg" >"$TMP/$r.dom" 2>"$TMP/$r.log"
    line=$(grep -o '<div id="nqpf-check"[^>]*>' "$TMP/$r.dom" || true)
    get() { sed -n "s/.*data-$1=\"\\([0-9]*\\)\".*/\\1/p" <<<"$line"; }
    echo "$r: charts $(get charts), drawn $(get drawn), legends $(get legends), errors $(get errors), bars $(get bootbars)"
    check "$r: the report script finished" -- test -n "$line"
    check "$r: no script or catalogue errors" -- test "$(get errors)" = 0
    check "$r: one confidence bar per unit of the last year (30)" -- test "$(get bootbars)" = 30
    check "$r: every chart drawn and with a legend" -- \
      bash -c "test '$(get charts)' = '$(get drawn)' && test '$(get charts)' = '$(get legends)'"
    check "$r: no console messages" -- bash -c "! grep -qF ':CONSOLE' '$TMP/$r.log'"
  done
  check "the Chinese report names the interval in Chinese" -- grep -qF '置信区间' "$TMP/study-zh.dom"
fi

finish
