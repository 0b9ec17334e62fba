#!/usr/bin/env bash
# nqpf dea: output columns, R Benchmarking numbers through the CLI, options, exit codes and messages.
source "$(dirname "$0")/lib.bash"
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }

# A small two-period panel: period 1 CRS efficiency is (y/x) / 1.25 (B is the only efficient DMU).
printf 'id,t,x,y,b\nA,1,2,1,1\nB,1,4,5,2\nC,1,8,8,2\nD,1,12,9,4\nE,1,6,3,1\nA,2,2,2,1\nB,2,4,5,2\nC,2,8,8,3\nD,2,12,9,4\nE,2,6,3,2\n' >"$TMP/p.csv"
P=(--id id --time t --inputs x --outputs y)

expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/crs.csv"
check "header" -- grep -q '^id,t,te,theta,lambda_sum,status$' "$TMP/crs.csv"
check "10 rows" -- test "$(($(wc -l <"$TMP/crs.csv") - 1))" -eq 10
check "A in period 1: 0.4" -- near "$(cell "$TMP/crs.csv" te 1)" 0.4 1e-12
check "status optimal" -- test "$(cell "$TMP/crs.csv" status 1)" = optimal
check "summary on stderr" -- grep -q "dea: radial crs in, period frontier: 10 observations, 2 reference sets" "$TMP/err"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --orientation out --rts vrs --slacks --peers -o "$TMP/out.csv"
check "output columns" -- grep -q '^id,t,te,phi,lambda_sum,status,slack_x,slack_y,peers,peer_lambdas$' "$TMP/out.csv"
check "te = 1/phi" -- awk -F, 'NR>1{d=$3*$4-1; if(d<0)d=-d; if(d>1e-12) bad=1} END{exit bad}' "$TMP/out.csv"
check "te in (0,1]" -- awk -F, 'NR>1 && ($3<=0 || $3>1+1e-12){bad=1} END{exit bad}' "$TMP/out.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --super -o "$TMP/super.csv"
check "B super-efficient (te > 1)" -- awk -F, 'NR==4{exit !($1=="B" && $3>1)}' "$TMP/super.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --rts vrs --super -o "$TMP/vsuper.csv"
check "VRS super-efficiency can be infeasible: status and empty te" -- grep -q ',,,,infeasible$' "$TMP/vsuper.csv"
check "summary counts infeasible" -- grep -q "infeasible" "$TMP/err"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --frontier pooled --peers -o "$TMP/pooled.csv"
check "pooled peers carry the time" -- grep -q 'B@' "$TMP/pooled.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --frontier window:3 -o "$TMP/w.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --frontier sequential --threads 2 -o "$TMP/s.json"
check "JSON output" -- grep -q '"te"' "$TMP/s.json"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model sbm --rts vrs --slacks -o "$TMP/sbm.csv"
check "sbm columns" -- grep -q '^id,t,te,rho,lambda_sum,status,slack_x,slack_y$' "$TMP/sbm.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model sbm --undesirable b --super -o "$TMP/sbmb.csv"
check "sbm with a bad output" -- grep -q '^id,t,te,rho,lambda_sum,status$' "$TMP/sbmb.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --undesirable b --slacks -o "$TMP/ddf.csv"
check "ddf columns" -- grep -q '^id,t,te,beta,lambda_sum,status,slack_x,slack_y,slack_b$' "$TMP/ddf.csv"
check "ddf te = 1/(1+beta)" -- awk -F, 'NR>1{d=$3*(1+$4)-1; if(d<0)d=-d; if(d>1e-12) bad=1} END{exit bad}' "$TMP/ddf.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --direction x,0 -o "$TMP/ddfx.csv"
check "ddf input direction: te = 1 - beta = CRS theta" -- near "$(cell "$TMP/ddfx.csv" te 1)" 0.4 1e-12
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --undesirable b --bad-mode ineq --direction ones -o "$TMP/ddfi.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --direction mean -o "$TMP/ddfm.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --rts vrs --weak-disposal y -o "$TMP/weak.csv"
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/r.xlsx"
check "xlsx written" -- test -s "$TMP/r.xlsx"

# R Benchmarking 0.33 on the US-states panel through the CLI (tolerance 1e-8 per its README).
if [ -n "${NQPF_SHARED_DIR:-}" ] && [ -f "$NQPF_SHARED_DIR/data/us_states_produc.csv" ]; then
  U=(--id state --time year --inputs pcap,pc,emp --outputs gsp)
  R="$NQPF_SHARED_DIR/reference/benchmarking_us_states/dea_by_year.csv"
  expect_exit 0 "" -- "$NQPF" dea "$NQPF_SHARED_DIR/data/us_states_produc.csv" "${U[@]}" --rts vrs --orientation out -o "$TMP/us.csv"
  check "VRS output phi matches Benchmarking" -- awk -F, '
    NR==FNR { gsub(/"/,""); if (FNR==1) { for(i=1;i<=NF;i++) h[$i]=i; next } ref[$1","$2]=$h["eff_vrs_out"]; next }
    FNR==1 { for(i=1;i<=NF;i++) g[$i]=i; next }
    { d=$g["phi"]-ref[$1","$2]; if(d<0)d=-d; if (d>1e-8*ref[$1","$2]) bad++; n++ }
    END { exit !(n==816 && bad==0) }' "$R" "$TMP/us.csv"
fi

# Usage errors (exit 2).
expect_exit 2 "dea: --outputs: required" -- "$NQPF" dea "$TMP/p.csv" --id id --time t --inputs x
expect_exit 2 "--rts: expected crs|vrs|nirs|ndrs" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --rts drs
expect_exit 2 "--model: expected radial|sbm|ddf" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model bcc
expect_exit 2 "dea: --orientation: 'none' is for model sbm" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --orientation none
expect_exit 2 "radial model takes no undesirable outputs" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --undesirable b
expect_exit 2 "window:K needs an odd K" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --frontier window:2
expect_exit 2 "--frontier: expected period|pooled|global|sequential|window:K" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --frontier all
expect_exit 2 "dea: --direction: applies to the directional models ddf, nddf and sbmddf only" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --direction x,y
expect_exit 2 "dea: --bad-mode: needs undesirable outputs" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --bad-mode ineq
expect_exit 2 "expected 0, y (observed), 1 (ones) or mean" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --direction x,q
expect_exit 2 "dea: --direction: the direction is zero everywhere" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --direction 0,0
expect_exit 2 "dea: --orientation: model ddf has no orientation" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --model ddf --orientation out
expect_exit 2 "dea: --super: takes no value" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --super=1
expect_exit 2 "dea: --rts: given twice" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" --rts vrs --rts crs
expect_exit 2 "column 'x' is given twice" -- "$NQPF" dea "$TMP/p.csv" --id id --time t --inputs x --outputs x

# Data errors (exit 3): the row is named.
printf 'id,t,x,y\nA,1,2,1\nB,1,,5\nC,1,8,8\n' >"$TMP/miss.csv"
expect_exit 3 "row 3, column 'x': expected a value (DEA input" -- "$NQPF" dea "$TMP/miss.csv" "${P[@]}"
printf 'id,t,x,y\nA,1,2,1\nB,1,-4,5\nC,1,8,8\n' >"$TMP/neg.csv"
expect_exit 3 "row 3, column 'x': expected a non-negative number (DEA input (radial DEA needs values >= 0)" -- "$NQPF" dea "$TMP/neg.csv" "${P[@]}"
printf 'id,t,x,y\nA,1,2,1\nB,1,0,5\nC,1,8,8\n' >"$TMP/zero.csv"
expect_exit 3 "row 3: every input is 0" -- "$NQPF" dea "$TMP/zero.csv" "${P[@]}"
expect_exit 3 "expected a positive number (DEA input (SBM divides by it" -- "$NQPF" dea "$TMP/zero.csv" "${P[@]}" --model sbm
expect_exit 3 "column 'z' not found" -- "$NQPF" dea "$TMP/p.csv" --id id --time t --inputs z --outputs y

# Warnings: a single DMU in a period, duplicated DMUs, fewer DMUs than variables.
printf 'id,t,x1,x2,y\nA,1,1,2,3\nB,1,2,1,3\nA,2,1,1,1\nA,3,1,2,3\nB,3,2,1,3\nC,3,1,2,3\nD,3,3,3,3\n' >"$TMP/warn.csv"
expect_exit 0 "period 2 has a single DMU ('A')" -- "$NQPF" dea "$TMP/warn.csv" --id id --time t --inputs x1,x2 --outputs y
check "duplicate warning" -- grep -q "duplicated DMU in period 3 (identical inputs and outputs), e.g. 'A'" "$TMP/err"
check "small reference set warning" -- grep -q "period 1: 2 DMUs in the reference set for 3 inputs and outputs" "$TMP/err"
expect_exit 0 "" -- "$NQPF" dea "$TMP/warn.csv" --id id --time t --inputs x1,x2 --outputs y -q
check "--quiet silences warnings" -- test ! -s "$TMP/err"

# Same input, same bytes, whatever the thread count: 1,500 DMUs span several solver blocks and use
# column generation, so warm starts differ between the runs unless blocks restart cleanly.
awk 'BEGIN{srand(11); print "id,t,x1,x2,y1,y2"; for(i=0;i<1500;i++){a=exp(3*rand());b=exp(3*rand());
  printf "d%d,1,%.6f,%.6f,%.6f,%.6f\n",i,a,b,(a*b)^0.4*exp(-0.3*rand()),a^0.6*exp(-0.3*rand())}}' >"$TMP/big.csv"
for args in "--rts crs" "--rts vrs --orientation out --super --slacks --peers" "--model sbm --orientation none"; do
  # shellcheck disable=SC2086
  "$NQPF" dea "$TMP/big.csv" --id id --time t --inputs x1,x2 --outputs y1,y2 $args -q --threads 1 -o "$TMP/t1.csv"
  # shellcheck disable=SC2086
  "$NQPF" dea "$TMP/big.csv" --id id --time t --inputs x1,x2 --outputs y1,y2 $args -q --threads 2 -o "$TMP/t2.csv"
  check "identical bytes with 1 and 2 threads ($args)" -- cmp -s "$TMP/t1.csv" "$TMP/t2.csv"
done
finish
