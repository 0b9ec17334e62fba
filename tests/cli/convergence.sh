#!/usr/bin/env bash
# nqpf convergence: sigma and beta tables, a noise-free case with a known speed, errors.
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/regions"
cell() { awk -F, -v c="$2" -v r="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}' "$1"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }

# Noise-free: ln y_2010 = ln y_1990 + 20 (a + b ln y_1990) with b = -(1 - exp(-0.02*20))/20, so the
# cross-section recovers lambda = 0.02 and a half-life of ln 2 / 0.02 = 34.657359 years.
awk 'BEGIN{print "id,year,y,z"; T=20; b=-(1-exp(-0.02*T))/T;
  for(u=0;u<10;u++){l=6+0.37*u; printf "r%d,1990,%.17g,%d\nr%d,2010,%.17g,%d\n",u,exp(l),u%3,u,exp(l+T*(0.05+b*l)),u%2}}' >"$TMP/exact.csv"
expect_exit 0 "" -- "$NQPF" convergence "$TMP/exact.csv" --id id --time year --var y -o "$TMP/beta.csv" --sigma-out "$TMP/sigma.csv"
check "beta header" -- grep -q '^model,term,estimate,std_error,t,p_value,df,n_obs,n_units,r2,lambda,half_life,se_type$' "$TMP/beta.csv"
check "two rows (const, log_initial)" -- test "$(($(wc -l <"$TMP/beta.csv") - 1))" -eq 2
check "lambda 0.02" -- near "$(cell "$TMP/beta.csv" lambda 2)" 0.02 1e-10
check "half-life 34.657" -- near "$(cell "$TMP/beta.csv" half_life 2)" 34.657359027997266 1e-8
check "HC1" -- test "$(cell "$TMP/beta.csv" se_type 2)" = HC1
check "sigma header" -- grep -q '^year,n,mean_log,sd_log,cv_log,cv$' "$TMP/sigma.csv"
check "sigma shrinks by exp(-0.4)" -- awk -F, 'NR==2{a=$4} NR==3{b=$4} END{d=b/a-exp(-0.4); if(d<0)d=-d; exit !(d<1e-12)}' "$TMP/sigma.csv"
expect_exit 0 "" -- "$NQPF" convergence "$TMP/exact.csv" --id id --time year --var y --controls z -o "$TMP/cond.json"
check "JSON has beta and sigma" -- grep -q '"sigma"' "$TMP/cond.json"
check "conditional rows" -- grep -q '"conditional"' "$TMP/cond.json"

# A panel with gaps for the two-way fixed-effects model.
awk 'BEGIN{print "id,year,y,z"; s=1; for(u=0;u<12;u++){l=1+u/7; for(t=0;t<9;t++){s=(s*16807)%2147483647; e=s/2147483647-0.5;
  l=l+0.05-0.1*(l-2)+0.03*e; if((u*7+t*3)%17!=5) printf "u%d,%d,%.17g,%.6f\n",u,2000+t,exp(l),e}}}' >"$TMP/panel.csv"
expect_exit 0 "" -- "$NQPF" convergence "$TMP/panel.csv" --id id --time year --var y --panel --controls z -o "$TMP/fe.csv"
check "panel rows: log_lag (absolute), log_lag and z (conditional)" -- test "$(cut -d, -f1,2 "$TMP/fe.csv" | tr '\n' ' ')" = "model,term absolute,log_lag conditional,log_lag conditional,z "
check "cluster SE" -- test "$(cell "$TMP/fe.csv" se_type 1)" = "cluster(unit)"
check "df = units - 1" -- test "$(cell "$TMP/fe.csv" df 1)" = 11
check "converging" -- awk -v b="$(cell "$TMP/fe.csv" estimate 1)" 'BEGIN{exit !(b < 0)}'
expect_exit 0 "" -- "$NQPF" convergence "$TMP/panel.csv" --id id --time year --var y --panel --controls z -o "$TMP/fe2.csv"
check "deterministic" -- cmp -s "$TMP/fe.csv" "$TMP/fe2.csv"
expect_exit 0 "" -- "$NQPF" convergence "$D/panel.csv" --id id --time year --var y -o "$TMP/small.csv"
check "unit lacking an end year is left out" -- test "$(cell "$TMP/small.csv" n_obs 1)" = 8
check "warning names the dropped units" -- grep -q "1 of 9 units lack a value" "$TMP/err"

# Usage errors (exit 2).
expect_exit 2 "convergence: --var: required: variable (positive; analysed in logs)" -- "$NQPF" convergence "$TMP/exact.csv" --id id --time year
expect_exit 2 "convergence: --controls: the variable 'y' cannot also be a control" -- "$NQPF" convergence "$TMP/exact.csv" --id id --time year --var y --controls y
expect_exit 2 "--controls" -- "$NQPF" convergence "$TMP/exact.csv" --id id --time year --var y --controls z,,
# Data errors (exit 3).
printf 'id,year,y\na,1,1\nb,1,0\na,2,2\nb,2,3\n' >"$TMP/zero.csv"
expect_exit 3 "zero.csv: row 3, column 'y'" -- "$NQPF" convergence "$TMP/zero.csv" --id id --time year --var y
expect_exit 3 "needs more than 2 units" -- "$NQPF" convergence "$TMP/zero.csv" --id id --time year --var y --where 'y > 0'
printf 'id,year,y,k\na,1,1,1\nb,1,2,1\nc,1,3,1\nd,1,5,1\na,2,2,1\nb,2,3,1\nc,2,3,1\nd,2,6,1\n' >"$TMP/col.csv"
expect_exit 3 "conditional beta convergence: the regressors are collinear" -- "$NQPF" convergence "$TMP/col.csv" --id id --time year --var y --controls k
expect_exit 3 "column 'w' not found" -- "$NQPF" convergence "$TMP/col.csv" --id id --time year --var y --controls w
expect_exit 3 "panel beta convergence needs more observations" -- "$NQPF" convergence "$TMP/col.csv" --id id --time year --var y --panel
finish
