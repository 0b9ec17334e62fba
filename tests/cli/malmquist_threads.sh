#!/usr/bin/env bash
# nqpf malmquist --threads: the output is byte-identical on 1, 2 and 3 threads for the radial index,
# the Luenberger indicator and the Malmquist-Luenberger index on each frontier type (the library's
# block scheme; tests/unit/test_malmquist_threads.c checks the numbers themselves), and --threads is a
# command-line option with the usual range.
source "$(dirname "$0")/lib.bash"

# 600 firms over 3 years: a period holds more than one block of 512 evaluations. Integer-valued
# inputs make ties; firm 1 repeats firm 0 (duplicated DMUs); some firm-years are missing.
awk 'BEGIN{srand(16); print "id,t,x1,x2,y1,y2,b";
  for(t=2001;t<=2003;t++) for(i=0;i<600;i++){ if(i>1 && rand()<0.05) continue;
    if(i==1){print "f1," t "," a "," b "," c "," d "," e; continue}
    a=1+int(9*rand()); b=1+int(99*rand()); c=(a*b)^0.5*exp(-0.3*rand())*(1+0.02*(t-2001)); d=a^0.7*exp(-0.2*rand()); e=1+int(5*rand());
    printf "f%d,%d,%d,%d,%.6f,%.6f,%d\n",i,t,a,b,c,d,e}}' >"$TMP/big.csv"
B=(malmquist "$TMP/big.csv" --id id --time t --inputs x1,x2 --outputs y1,y2 -q)
for args in "--type adjacent" "--type sequential --decomposition rd" "--type global --undesirable b" \
            "--type fixed-base --luenberger --rts vrs" "--type adjacent --luenberger --distance nddf"; do
  # shellcheck disable=SC2086
  expect_exit 0 "" -- "$NQPF" "${B[@]}" $args --threads 1 -o "$TMP/t1.csv"
  # shellcheck disable=SC2086
  expect_exit 0 "" -- "$NQPF" "${B[@]}" $args --threads 2 -o "$TMP/t2.csv"
  check "identical bytes with 1 and 2 threads ($args)" -- cmp -s "$TMP/t1.csv" "$TMP/t2.csv"
  check "rows written ($args)" -- test "$(wc -l <"$TMP/t1.csv")" -gt 1000
done
expect_exit 0 "" -- "$NQPF" "${B[@]}" --threads 3 -o "$TMP/t3.csv"
expect_exit 0 "" -- "$NQPF" "${B[@]}" --threads 0 -o "$TMP/t0.csv"
expect_exit 0 "" -- "$NQPF" "${B[@]}" -o "$TMP/t1.csv"
check "identical bytes with 1 and 3 threads" -- cmp -s "$TMP/t1.csv" "$TMP/t3.csv"
check "identical bytes with 1 thread and one per CPU (--threads 0)" -- cmp -s "$TMP/t1.csv" "$TMP/t0.csv"
expect_exit 2 "--threads" -- "$NQPF" "${B[@]}" --threads -1
expect_exit 2 "--threads" -- "$NQPF" "${B[@]}" --threads 257
expect_exit 2 "--threads" -- "$NQPF" "${B[@]}" --threads two
finish
