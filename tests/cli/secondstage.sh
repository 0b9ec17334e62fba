#!/usr/bin/env bash
# nqpf secondstage: the efficiency of an earlier dea step reaches the study step through "use"
# (the same numbers as the command on the fixture whose te `nqpf dea` wrote); the bootstrap is the
# same byte for byte for any --threads and changes with --seed; sw2's --scores-out; data errors
# name the row and column.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/secondstage/pwt2017_te.csv"

# A two-step study: dea (te of rnna, emp -> rgdpna, VRS), then secondstage on "dea.te".
mkdir -p "$TMP/study"
cp "$D" "$TMP/study/data.csv"
cat >"$TMP/study/study.json" <<'JSON'
{"data": {"file": "data.csv", "id": "countrycode", "time": "year"},
 "steps": [{"type": "dea", "name": "dea", "inputs": ["rnna", "emp"], "outputs": ["rgdpna"], "rts": "vrs"},
           {"type": "secondstage", "name": "ss", "use": ["dea.te"], "method": "tobit", "efficiency": "dea.te",
            "env": ["hc", "csh_x"]}]}
JSON
check "study with dea then secondstage runs" -- "$NQPF" run "$TMP/study/study.json" --out "$TMP/study/out" -q
"$NQPF" secondstage "$D" --id countrycode --time year --method tobit --efficiency te --env hc,csh_x -q -o "$TMP/cli.csv"
# the study's te is the dea step's (the same LPs as the fixture's): every number but the column name agrees
check "study (use dea.te) = command on the fixture's te" -- cmp -s "$TMP/study/out/ss.csv" "$TMP/cli.csv"

for t in 1 2 3; do
  "$NQPF" secondstage "$D" --id countrycode --time year --method sw1 --efficiency te --env hc,csh_x --reps 400 \
    --seed 4 --threads $t -q -o "$TMP/sw1_t$t.csv"
done
check "sw1: 1 and 2 threads write the same bytes" -- cmp -s "$TMP/sw1_t1.csv" "$TMP/sw1_t2.csv"
check "sw1: 1 and 3 threads write the same bytes" -- cmp -s "$TMP/sw1_t1.csv" "$TMP/sw1_t3.csv"
"$NQPF" secondstage "$D" --id countrycode --time year --method sw1 --efficiency te --env hc,csh_x --reps 400 \
  --seed 5 -q -o "$TMP/sw1_s5.csv"
check "sw1: another seed, other intervals" -- bash -c "! cmp -s '$TMP/sw1_t1.csv' '$TMP/sw1_s5.csv'"
check "sw1: 4 rows (hc, csh_x, _cons, sigma) and 400 replications" -- \
  bash -c "[ \$(awk -F, 'NR>1 && \$14==400' '$TMP/sw1_t1.csv' | wc -l) -eq 4 ] && cut -d, -f2 '$TMP/sw1_t1.csv' | tr '\n' ' ' | grep -q 'term hc csh_x _cons sigma'"

"$NQPF" secondstage "$D" --id countrycode --time year --method sw2 --inputs rnna,emp --outputs rgdpna --env hc \
  --reps 50 --bias-reps 10 --threads 2 -q -o "$TMP/sw2.csv" --scores-out "$TMP/sw2_scores.csv"
check "sw2: scores table has id, time, delta, delta_bc, bias" -- \
  bash -c "head -1 '$TMP/sw2_scores.csv' | grep -qx 'countrycode,year,delta,delta_bc,bias'"
# delta = 1/te of the fixture (same DEA), to 1e-9
check "sw2: delta is 1/te" -- bash -c "paste -d, <(tail -n +2 '$D' | cut -d, -f3) <(tail -n +2 '$TMP/sw2_scores.csv' | cut -d, -f3) |
  awk -F, '{ e = (\$1 >= 1 - 1e-9) ? 1 : 1/\$1; d = \$2 - e; if (d < 0) d = -d; if (d > 1e-9 * e) bad++ } END { exit bad > 0 }'"
expect_exit 2 "--scores-out: applies to method sw2 only" -- "$NQPF" secondstage "$D" --id countrycode --time year \
  --method tobit --efficiency te --env hc --scores-out "$TMP/x.csv"

# data errors: a score above 1 for sw1, an empty cell
printf 'id,year,te,z\na,2000,0.5,1\nb,2000,1.3,2\nc,2000,0.7,3\n' >"$TMP/bad.csv"
expect_exit 3 "row 3, column 'te': expected an efficiency score te in (0, 1]" -- "$NQPF" secondstage "$TMP/bad.csv" \
  --id id --time year --method sw1 --efficiency te --env z
expect_exit 3 "column 'labsh'" -- "$NQPF" secondstage "$D" --id countrycode --time year --method tobit --efficiency te --env labsh
finish
