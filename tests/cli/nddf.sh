#!/usr/bin/env bash
# Models nddf and sbmddf of `nqpf dea` and the nddf/sbmddf distances of `nqpf malmquist` through the
# command line and study files: the Stata teddf/gtfpch results printed in Wang, Du and Zhang (2022,
# Stata Journal 22(1); tests/data/gtfpch/README.md) on the gtfpch example, the same tables from both
# front doors, the option rules (weights, distance) refused with the same keyed message.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
cellr() { # cellr FILE COLUMN ID YEAR: the cell of column COLUMN in the row of ID and YEAR
  awk -F, -v c="$2" -v id="$3" -v y="$4" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} $1==id && $2==y{print $k}' "$1"
}
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }
D="$NQPF_SOURCE_DIR/tests/data/gtfpch/example.csv"
P=(--id Province --time year --inputs K,L --outputs Y --undesirable CO2)

# teddf K L= Y: CO2, dmu(Province) time(year) nonr: Dv B_K B_L B_Y B_CO2 (printed to 4 decimals)
expect_exit 0 "" -- "$NQPF" dea "$D" "${P[@]}" --model nddf -o "$TMP/nddf.csv"
check "nddf columns" -- grep -q '^Province,year,te,dv,lambda_sum,status,beta_K,beta_L,beta_Y,beta_CO2$' "$TMP/nddf.csv"
check "summary names the model" -- grep -q "dea: nddf crs" "$TMP/err"
for row in "Anhui 2013 1.6710 0.4594 0.7225 0.0000 0.4890" "Zhejiang 2015 1.0589 0.3912 0.4368 0.0000 0.2309" \
           "Yunnan 2014 1.8300 0.5165 0.7834 0.0000 0.5301" "Beijing 2015 0 0 0 0 0"; do
  set -- $row
  check "teddf nonr $1 $2 Dv" -- near "$(cellr "$TMP/nddf.csv" dv "$1" "$2")" "$3" 0.5e-4
  check "teddf nonr $1 $2 B_K" -- near "$(cellr "$TMP/nddf.csv" beta_K "$1" "$2")" "$4" 0.5e-4
  check "teddf nonr $1 $2 B_L" -- near "$(cellr "$TMP/nddf.csv" beta_L "$1" "$2")" "$5" 0.5e-4
  check "teddf nonr $1 $2 B_Y" -- near "$(cellr "$TMP/nddf.csv" beta_Y "$1" "$2")" "$6" 0.5e-4
  check "teddf nonr $1 $2 B_CO2" -- near "$(cellr "$TMP/nddf.csv" beta_CO2 "$1" "$2")" "$7" 0.5e-4
done
# ... wmat(0.5,0.5,1,1)
expect_exit 0 "" -- "$NQPF" dea "$D" "${P[@]}" --model nddf --weights 0.5,0.5,1,1 -o "$TMP/nddfw.csv"
check "teddf wmat Anhui 2014 Dv 1.3351" -- near "$(cellr "$TMP/nddfw.csv" dv Anhui 2014)" 1.3351 0.5e-4
check "teddf wmat Yunnan 2013 B_Y 0.8117" -- near "$(cellr "$TMP/nddfw.csv" beta_Y Yunnan 2013)" 0.8117 0.5e-4
check "teddf wmat Zhejiang 2013 Dv 0.5346" -- near "$(cellr "$TMP/nddfw.csv" dv Zhejiang 2013)" 0.5346 0.5e-4

# gtfpch K L= Y: CO2, dmu(Province) nonr global: TFPCH TECH TECCH
expect_exit 0 "" -- "$NQPF" malmquist "$D" "${P[@]}" --luenberger --distance nddf --type global --cumulative \
  -o "$TMP/lu.csv"
check "luenberger columns" -- grep -q '^Province,year,from,lpi,lpi_effch,lpi_techch,d00,d0g,d1g,d11,lpi_cum,' "$TMP/lu.csv"
for row in "Anhui 2014 -0.0676 -0.2281 0.1605" "Xinjiang 2015 -0.2232 -0.2931 0.0699" "Zhejiang 2015 -0.0092 -0.0996 0.0903"; do
  set -- $row
  check "gtfpch nonr global $1 $2 TFPCH" -- near "$(cellr "$TMP/lu.csv" lpi "$1" "$2")" "$3" 0.5e-4
  check "gtfpch nonr global $1 $2 TECH" -- near "$(cellr "$TMP/lu.csv" lpi_effch "$1" "$2")" "$4" 0.5e-4
  check "gtfpch nonr global $1 $2 TECCH" -- near "$(cellr "$TMP/lu.csv" lpi_techch "$1" "$2")" "$5" 0.5e-4
done
check "lpi = lpi_effch + lpi_techch" -- awk -F, 'NR>1{d=$4-$5-$6; if(d<0)d=-d; if(d>1e-12) bad=1} END{exit bad}' "$TMP/lu.csv"
check "global lpi_effch = d00 - d11" -- awk -F, 'NR>1{d=$5-($7-$10); if(d<0)d=-d; if(d>1e-12) bad=1} END{exit bad}' "$TMP/lu.csv"
expect_exit 0 "" -- "$NQPF" malmquist "$D" "${P[@]}" --distance sbmddf --type sequential -o "$TMP/sml.csv"
check "sbmddf ML columns" -- grep -q '^Province,year,from,ml,mleffch,mltech,d00,d01,d10,d11,status$' "$TMP/sml.csv"
check "sbmddf ML = mleffch * mltech" -- awk -F, 'NR>1 && $4!=""{d=$4-$5*$6; if(d<0)d=-d; if(d>1e-12) bad=1} END{exit bad}' "$TMP/sml.csv"

# sbmddf: the objective is the weighted sum of its per-variable inefficiencies (default weights
# 1/(2m) = 1/4 per input, 1/(2(s+b)) = 1/4 per output)
expect_exit 0 "" -- "$NQPF" dea "$D" "${P[@]}" --model sbmddf --rts vrs --slacks -o "$TMP/sbm.csv"
check "sbmddf columns" -- grep -q '^Province,year,te,dv,lambda_sum,status,beta_K,beta_L,beta_Y,beta_CO2,slack_K,slack_L,slack_Y,slack_CO2$' "$TMP/sbm.csv"
check "sbmddf dv = sum of beta / 4" -- awk -F, 'NR>1{d=$4-($7+$8+$9+$10)/4; if(d<0)d=-d; if(d>1e-12) bad=1} END{exit bad}' "$TMP/sbm.csv"
check "sbmddf beta_K = slack_K / K" -- awk -F, 'NR==FNR{if(FNR>1) K[$2" "$3]=$4; next} FNR>1{d=$7-$11/K[$1" "$2]; if(d<0)d=-d; if(d>1e-9) bad=1} END{exit bad}' "$D" "$TMP/sbm.csv"

# option rules, same message from both doors
expect_exit 2 "--weights: expected 4 numbers" -- "$NQPF" dea "$D" "${P[@]}" --model nddf --weights 1,1,1
expect_exit 2 "--weights: item 2 is 'x'" -- "$NQPF" dea "$D" "${P[@]}" --model nddf --weights 1,x,1,1
expect_exit 2 "--weights: applies to models nddf and sbmddf only" -- "$NQPF" dea "$D" "${P[@]}" --model ddf --weights 1,1,1,1
expect_exit 2 "--orientation: model nddf has no orientation" -- "$NQPF" dea "$D" "${P[@]}" --model nddf --orientation in
expect_exit 2 "--super" -- "$NQPF" dea "$D" "${P[@]}" --model nddf --super
expect_exit 2 "--bad-mode: model sbmddf" -- "$NQPF" dea "$D" "${P[@]}" --model sbmddf --bad-mode ineq
expect_exit 2 "--distance: applies to the directional" -- "$NQPF" malmquist "$D" --id Province --time year --inputs K,L --outputs Y --distance nddf
expect_exit 2 "--weights: applies to the distances nddf and sbmddf only" -- "$NQPF" malmquist "$D" "${P[@]}" --weights 1,1,1,1
expect_exit 2 "--weights: expected 4 numbers" -- "$NQPF" malmquist "$D" "${P[@]}" --distance nddf --weights 1,1

parity nddf "$D" Province year '"inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["CO2"], "model": "nddf", "weights": [0.5, 0.5, 1, 1], "frontier": "sequential", "rts": "vrs"' \
  dea --inputs K,L --outputs Y --undesirable CO2 --model nddf --weights 0.5,0.5,1,1 --frontier sequential --rts vrs
parity sbmddf "$D" Province year '"inputs": ["K", "L", "E"], "outputs": ["Y"], "undesirable": ["CO2"], "model": "sbmddf", "direction": "x,y,b", "slacks": true' \
  dea --inputs K,L,E --outputs Y --undesirable CO2 --model sbmddf --direction x,y,b --slacks
parity malm_nddf "$D" Province year '"inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["CO2"], "luenberger": true, "distance": "nddf", "weights": [0, 0, 1, 0.5]' \
  malmquist --inputs K,L --outputs Y --undesirable CO2 --luenberger --distance nddf --weights 0,0,1,0.5
parity_error weights "$D" Province year '"inputs": ["K", "L"], "outputs": ["Y"], "undesirable": ["CO2"], "model": "nddf", "weights": [1, 1]' \
  weights "expected 4 numbers" dea --inputs K,L --outputs Y --undesirable CO2 --model nddf --weights 1,1
finish
