#!/usr/bin/env bash
# nqpf index and nqpf coupling: every error class (message and exit code), the reference variants
# selected from the command line, the worked Penn World Table example, determinism, provenance.
source "$(dirname "$0")/lib.bash"
S="$NQPF_SOURCE_DIR"
HDR="path,id,label_zh,label_en,column,unit,direction,weight"

cat >"$TMP/d.csv" <<'EOF'
u,t,x,y,z,k
A,1,1,5,2,3
B,1,2,3,3,3
C,1,4,1,1,3
A,2,2,4,2,3
B,2,3,3,4,3
C,2,5,2,1,3
EOF
printf '%s\nd1,x,,,x,,+,\nd1,y,,,y,,-,\nd2,z,,,z*2,,+,\n' "$HDR" >"$TMP/fw.csv"
run() { "$NQPF" index "$TMP/d.csv" --id u --time t "$@"; }

# ---- usage errors (exit 2)
expect_exit 2 "index: --framework: required: indicator framework CSV" -- run
expect_exit 2 "--weights: expected entropy, critic, cv, pca, equal, ahp:FILE or fixed, or two of them joined by + (mean) or * (product), found 'entropyy'" -- run --framework "$TMP/fw.csv" --weights entropyy
expect_exit 2 "--weights: 'entropy+entropy': combine two different methods" -- run --framework "$TMP/fw.csv" --weights entropy+entropy
expect_exit 2 "--normalize" -- run --framework "$TMP/fw.csv" --normalize minimax
expect_exit 2 "--seed: only applies with sensitivity" -- run --framework "$TMP/fw.csv" --seed 3
expect_exit 2 "--seed: only applies with sensitivity" -- run --framework "$TMP/fw.csv" --sensitivity 0 --seed 3
expect_exit 2 "--normalize: indicator 'y' has direction '-', which normalize none cannot honour with aggregate sum" -- run --framework "$TMP/fw.csv" --normalize none
expect_exit 2 "--scope" -- run --framework "$TMP/fw.csv" --scope yearly
expect_exit 2 "--aggregate" -- run --framework "$TMP/fw.csv" --aggregate median
expect_exit 2 "--critic-corr" -- run --framework "$TMP/fw.csv" --critic-corr kendall
expect_exit 2 "--impute" -- run --framework "$TMP/fw.csv" --impute zero
expect_exit 2 "--shift" -- run --framework "$TMP/fw.csv" --shift small
expect_exit 2 "--gra-zeta: the GRA distinguishing coefficient must lie in (0, 1], found 0" -- run --framework "$TMP/fw.csv" --aggregate gra --gra-zeta 0
expect_exit 2 "--perturb: the weight perturbation must lie in [0, 1), found 1" -- run --framework "$TMP/fw.csv" --sensitivity 10 --perturb 1
expect_exit 2 "--perturb: expected a number from 0 to 1, found '1.5'" -- run --framework "$TMP/fw.csv" --sensitivity 10 --perturb 1.5
expect_exit 2 "--sensitivity: expected an integer, found 'many'" -- run --framework "$TMP/fw.csv" --sensitivity many
expect_exit 2 "--sensitivity: expected an integer from 0 to 100000" -- run --framework "$TMP/fw.csv" --sensitivity 100001
expect_exit 2 "--seed: expected an integer from 0 to 4294967295, found '-4'" -- run --framework "$TMP/fw.csv" --sensitivity 10 --seed -4
expect_exit 5 "cannot create a file there" -- run --framework "$TMP/fw.csv" --weights-out "$TMP/no/such/dir/w.csv"
expect_exit 3 "--framework: " -- run --framework "$TMP/no-such-framework.csv"
expect_exit 3 "no-such-framework.csv" -- run --framework "$TMP/no-such-framework.csv"
expect_exit 2 "--weights: expected entropy" -- run --framework "$TMP/fw.csv" --weights "ahp:"
expect_exit 2 "found 'ahp:'" -- run --framework "$TMP/fw.csv" --weights "ahp:"
expect_exit 3 "--weights: cannot read the AHP matrix '$TMP/none.csv'" -- run --framework "$TMP/fw.csv" --weights "critic+ahp:$TMP/none.csv"
head -5 "$TMP/d.csv" >"$TMP/lone.csv"
expect_exit 3 "--scope: period needs at least 2 units in every year; 2 has 1" -- \
  "$NQPF" index "$TMP/lone.csv" --id u --time t --framework "$TMP/fw.csv" --scope period

# ---- framework errors (exit 3)
printf '%s\nd,x,,,x,,+,\nd,x,,,y,,+,\n' "$HDR" >"$TMP/dup.csv"
expect_exit 3 "dup.csv: row 3, column 'id': duplicate indicator id 'x' (also row 2)" -- run --framework "$TMP/dup.csv"
printf '%s\nd,x,,,x,,up,\n' "$HDR" >"$TMP/dir.csv"
expect_exit 3 "column 'direction': expected '+' or '-'" -- run --framework "$TMP/dir.csv"
printf '%s\nd,x,,,x,,+,\nd,w,,,nosuch/x,,+,\n' "$HDR" >"$TMP/unk.csv"
expect_exit 3 "unk.csv: row 3, column 'column': unknown data column 'nosuch'" -- run --framework "$TMP/unk.csv"
printf '%s\nd/,x,,,x,,+,\n' "$HDR" >"$TMP/emptydim.csv"
expect_exit 3 "empty dimension in 'd/'" -- run --framework "$TMP/emptydim.csv"
printf '%s\nd,x,,,x,,+,\ne,k,,,k,,+,\n' "$HDR" >"$TMP/zero.csv"
expect_exit 3 "dimension 'e' has no indicators left" -- run --framework "$TMP/zero.csv"

# ---- data errors (exit 3) and warnings
printf '%s\nd,x,,,x,,+,\nd,k,,,k,,+,\nd,z,,,z,,+,\n' "$HDR" >"$TMP/zv.csv"
expect_exit 0 "indicator 'k' (column 'k') has zero variance: dropped" -- run --framework "$TMP/zv.csv"
expect_exit 3 "indicator 'k' (column 'k') has zero variance" -- run --framework "$TMP/zv.csv" --strict
expect_exit 3 "entropy weights need non-negative normalised values" -- run --framework "$TMP/fw.csv" --normalize zscore
expect_exit 3 "geometric aggregation of 'd1' needs positive" -- run --framework "$TMP/fw.csv" --aggregate geometric
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --aggregate geometric --shift 0.01
sed 's/^B,2,3,3,4,3$/B,2,,3,4,3/' "$TMP/d.csv" >"$TMP/miss.csv"
expect_exit 3 "miss.csv: row 6, indicator 'x' (column 'x'): missing value; set impute to linear, carry or mean to fill it" -- \
  "$NQPF" index "$TMP/miss.csv" --id u --time t --framework "$TMP/fw.csv"
expect_exit 0 "imputed 2 (linear)" -- "$NQPF" index "$TMP/miss.csv" --id u --time t --framework "$TMP/fw.csv" \
  --impute linear --log "$TMP/imp.log" -o "$TMP/imp.csv"
check "the log lists the imputed cell" -- grep -q "warning: miss.csv: row 6, indicator 'x' (column 'x'): missing, imputed 2 (linear)" "$TMP/imp.log"
check "the log records the imputation choice" -- grep -q "^impute: linear" "$TMP/imp.log"
printf 'id,x,y,z\nx,1,9,1/9\ny,1/9,1,9\nz,9,1/9,1\n' >"$TMP/ahp_bad.csv"
expect_exit 3 "AHP consistency ratio" -- run --framework "$TMP/fw.csv" --weights "ahp:$TMP/ahp_bad.csv"
expect_exit 0 "accepted (force)" -- run --framework "$TMP/fw.csv" --weights "ahp:$TMP/ahp_bad.csv" --force
printf 'id,x,y,z\nx,1,3,5\ny,1/3,1,3\nz,1/5,1/3,1\n' >"$TMP/ahp.csv"
expect_exit 0 "AHP consistency ratio 0.03" -- run --framework "$TMP/fw.csv" --weights "ahp:$TMP/ahp.csv+entropy" --weights-out "$TMP/ahpw.csv"
printf 'dimension,a,b,value\n,d1,d2,3\nd1,x,y,1/4\n' >"$TMP/ahp_tree.csv"
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --weights "ahp:$TMP/ahp_tree.csv" --weights-out "$TMP/ahpt.csv"
check "hierarchical AHP: x 0.15, y 0.6, z 0.25" -- awk -F, '$1=="indicator" {w[$3]=$6}
  END {exit !((w["x"]-0.15)^2 < 1e-20 && (w["y"]-0.6)^2 < 1e-20 && (w["z"]-0.25)^2 < 1e-20)}' "$TMP/ahpt.csv"
check "AHP weights reported" -- awk -F, '$3=="x" && $15 > 0.6 && $15 < 0.65 {f=1} END {exit !f}' "$TMP/ahpw.csv"

# ---- output: columns, ranks, provenance, JSON with the weights table, determinism
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --obstacles -o "$TMP/o.csv" --log "$TMP/o.log"
check "header" -- grep -qx "u,t,score,d1,d2,rank,obstacle_x,obstacle_y,obstacle_z,obstacle_d1,obstacle_d2,obstacle_top1,obstacle_top2,obstacle_top3" <(head -1 "$TMP/o.csv")
check "obstacles sum to 100" -- awk -F, 'NR>1 && $7!="" {s=$7+$8+$9; if (s<99.999999 || s>100.000001) bad=1} END {exit bad}' "$TMP/o.csv"
for k in "normalize: minmax" "scope: global" "shift: 0" "weights: entropy" "aggregate: sum" "entropy_constant: 1/ln(6)" "framework_sha256: "; do
  check "provenance has '$k'" -- grep -q "^$k" "$TMP/o.log"
done
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --weights entropy*critic --aggregate topsis --scope period -o "$TMP/o.json"
check "JSON holds the weights table" -- grep -q '"weights"' "$TMP/o.json"
check "JSON records the combination" -- grep -q 'multiplicative' "$TMP/o.json"

# ---- topsis_scope: flat by default (recorded, no warning); hierarchical warns that the leader scores 1
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --weights equal --aggregate topsis -o "$TMP/tf.csv" --log "$TMP/tf.log"
check "topsis: provenance records topsis_scope: flat" -- grep -q "^topsis_scope: flat" "$TMP/tf.log"
check "topsis flat: no hierarchical warning" -- bash -c "! grep -q 'scores exactly 1' '$TMP/err'"
# Flat TOPSIS by hand (awk): equal weights 1/3 over x, y (-), 2z, min-max over all years.
check "topsis flat: score = one TOPSIS over all indicators" -- awk -F, '
  NR==FNR { if (FNR>1) { n++; key[$1","$2]=n; x[n]=$3; y[n]=$4; z[n]=2*$5 } next }
  FNR==1 { for (i=1;i<=n;i++) { if (i==1||x[i]<xl) xl=x[i]; if (i==1||x[i]>xh) xh=x[i]; if (i==1||y[i]<yl) yl=y[i]; if (i==1||y[i]>yh) yh=y[i]; if (i==1||z[i]<zl) zl=z[i]; if (i==1||z[i]>zh) zh=z[i] } next }
  { i=key[$1","$2]; a=(x[i]-xl)/(xh-xl); b=(yh-y[i])/(yh-yl); c=(z[i]-zl)/(zh-zl);
    dp=sqrt(((1-a)^2+(1-b)^2+(1-c)^2)/3); dn=sqrt((a^2+b^2+c^2)/3); s=dn/(dp+dn);
    if ((s-$3)^2 > 1e-24) bad=1; seen++ }
  END { exit bad || seen!=6 }' "$TMP/d.csv" "$TMP/tf.csv"
expect_exit 0 "aggregate topsis with topsis_scope hierarchical applies TOPSIS at every level of the dimension tree, so a region that leads every dimension in a year scores exactly 1" -- run --framework "$TMP/fw.csv" --aggregate topsis --topsis-scope hierarchical -o "$TMP/th.csv" --log "$TMP/th.log"
check "topsis hierarchical: the warning names the flat form" -- grep -q "set the option topsis_scope: flat" "$TMP/err"
check "topsis hierarchical: provenance records it" -- grep -q "^topsis_scope: hierarchical" "$TMP/th.log"
expect_exit 2 "--topsis-scope: only applies with aggregate topsis or topsis-vector (found aggregate sum)" -- run --framework "$TMP/fw.csv" --topsis-scope flat

# ---- coupling
printf 'u,t,a,b,c\nA,1,0.5,0.5,0.1\nB,1,0.2,0.8,0.9\n' >"$TMP/cp.csv"
expect_exit 0 "" -- "$NQPF" coupling "$TMP/cp.csv" --id u --time t --systems a,b -o "$TMP/cp_out.csv"
check "coupling: C, T, D and class by hand" -- awk -F, 'NR==2 && $3==1 && $4==0.5 && ($5-0.70710678)^2 < 1e-16 && $6==8 && $8=="intermediate coordination" {f++}
  NR==3 && ($3-0.8)^2 < 1e-24 && ($5-0.63245553)^2 < 1e-16 && $6==7 && $7=="初级协调" {f++} END {exit f!=2}' "$TMP/cp_out.csv"
expect_exit 2 "coupling: --systems: required" -- "$NQPF" coupling "$TMP/cp.csv" --id u --time t
expect_exit 2 "coupling: --systems: expected 2 to 32 columns, found 1" -- "$NQPF" coupling "$TMP/cp.csv" --id u --time t --systems a
expect_exit 2 "coupling: --coef: expected 3 coefficients (one per system), found 2" -- "$NQPF" coupling "$TMP/cp.csv" --id u --time t --systems a,b,c --coef 0.5,0.5
expect_exit 2 "coupling: --coef: the coefficients sum to 0.9, expected 1" -- "$NQPF" coupling "$TMP/cp.csv" --id u --time t --systems a,b --coef 0.5,0.4
printf 'u,t,a,b\nA,1,0.5,1.5\nB,1,0.2,0.8\n' >"$TMP/cp2.csv"
expect_exit 3 "cp2.csv: row 2, column 'b': expected a system index in [0, 1]" -- "$NQPF" coupling "$TMP/cp2.csv" --id u --time t --systems a,b
expect_exit 0 "" -- "$NQPF" coupling "$TMP/cp2.csv" --id u --time t --systems a,b --rescale
expect_exit 3 "column 'q' not found" -- "$NQPF" coupling "$TMP/cp.csv" --id u --time t --systems a,q
# Two indices from two files, joined by id and time (B's year 2 is missing from the second file).
printf 'u,t,nqpf\nA,1,0.5\nB,1,0.2\nB,2,0.4\n' >"$TMP/one.csv"
printf 'u,t,tfp\nB,1,0.8\nA,1,0.5\n' >"$TMP/two.csv"
expect_exit 0 "" -- "$NQPF" coupling "$TMP/one.csv" --with "$TMP/two.csv" --id u --time t --systems nqpf,tfp -o "$TMP/j.csv"
check "joined rows: A as (0.5, 0.5), B 1 as (0.2, 0.8), B 2 empty" -- awk -F, 'NR==2 && $1=="A" && $3==1 {f++}
  NR==3 && $1=="B" && ($3-0.8)^2 < 1e-24 {f++} NR==4 && $3=="" && $5=="" {f++} END {exit f!=3}' "$TMP/j.csv"
printf 'u,t,nqpf\nB,1,0.8\nA,1,0.5\n' >"$TMP/three.csv"
cp "$TMP/three.csv" "$TMP/dupcol.csv"
expect_exit 2 "--with: column 'nqpf' is in both" -- "$NQPF" coupling "$TMP/one.csv" --with "$TMP/dupcol.csv" --id u --time t --systems nqpf,tfp
expect_exit 3 "no-such.csv" -- "$NQPF" coupling "$TMP/one.csv" --with "$TMP/no-such.csv" --id u --time t --systems nqpf,tfp

# ---- reference variants from the command line: each case from the in-tree copy
# tests/data/reference/index/ when it is there (ref_path), else from $NQPF_SHARED_DIR/reference/index/;
# a case found in neither is skipped and counted (skip_case).
# ref_case NAME: sets R to the case's folder; false (after skip_case) when it is absent.
ref_case() {
  R="$(ref_path "index/$1")"
  [ -d "$R" ] && return 0
  skip_case "index reference $1" "$R absent"
  return 1
}
if ref_case topsis_tzeng_huang2011_skcriteria; then
  # Tzeng & Huang (2011) TOPSIS, vector normalisation, weights .3/.4/.3 from the framework.
  awk -F, 'NR==1 {print $0",year"; next} {print $0",1"}' "$R/data.csv" >"$TMP/tz.csv"
  printf '%s\nall,C1,,,C1,,+,0.3\nall,C2,,,C2,,+,0.4\nall,C3,,,C3,,+,0.3\n' "$HDR" >"$TMP/tzfw.csv"
  expect_exit 0 "" -- "$NQPF" index "$TMP/tz.csv" --id alternative --time year --framework "$TMP/tzfw.csv" \
    --aggregate topsis-vector -o "$TMP/tz_out.csv"
  check "TOPSIS (vector) closeness 0.5037 0.6581 0.7482 0.3340, ranks 3 2 1 4" -- awk -F, '
    BEGIN {split("0.5037 0.6581 0.7482 0.3340", c, " "); split("3 2 1 4", r, " ")}
    NR>1 {d=$3-c[NR-1]; if (d<0) d=-d; if (d>1e-4 || $5!=r[NR-1]) bad=1; n++} END {exit bad || n!=4}' "$TMP/tz_out.csv"
fi
if ref_case entropy_elsayed2017_pymcdm; then
  # Elsayed et al. (2017) entropy on raw values (pymcdm), 6 decimals.
  awk -F, 'NR==1 {print $0",year"; next} {print $0",1"}' "$R/data.csv" >"$TMP/el.csv"
  printf '%s\nall,C1,,,C1,,+,\nall,C2,,,C2,,+,\nall,C3,,,C3,,+,\nall,C4,,,C4,,+,\nall,C5,,,C5,,+,\n' "$HDR" >"$TMP/elfw.csv"
  expect_exit 0 "" -- "$NQPF" index "$TMP/el.csv" --id alternative --time year --framework "$TMP/elfw.csv" \
    --normalize none --weights entropy --weights-out "$TMP/el_w.csv" -o "$TMP/ignored.csv"
  check "entropy weights 0.104991 0.069124 0.071373 0.449937 0.304575" -- awk -F, '
    BEGIN {split("0.104991 0.069124 0.071373 0.449937 0.304575", w, " ")}
    $1=="indicator" {k++; d=$6-w[k]; if (d<0) d=-d; if (d>5e-7) bad=1} END {exit bad || k!=5}' "$TMP/el_w.csv"
fi
if ref_case critic_diakoulaki1995_skcriteria; then
  # Diakoulaki et al. (1995) CRITIC on min-max data, Spearman variant of scikit-criteria.
  awk -F, 'NR==1 {print $0",year"; next} {print $0",1"}' "$R/data.csv" >"$TMP/cr.csv"
  printf '%s\nall,C1,,,C1,,+,\nall,C2,,,C2,,+,\nall,C3,,,C3,,+,\n' "$HDR" >"$TMP/crfw.csv"
  expect_exit 0 "" -- "$NQPF" index "$TMP/cr.csv" --id alternative --time year --framework "$TMP/crfw.csv" \
    --weights critic --critic-corr spearman --weights-out "$TMP/cr_w.csv" -o "$TMP/ignored.csv"
  check "CRITIC spearman weights 0.21454645 0.4898563 0.29559726" -- awk -F, '
    BEGIN {split("0.21454645 0.4898563 0.29559726", w, " ")}
    $1=="indicator" {k++; d=($6-w[k])/w[k]; if (d<0) d=-d; if (d>1e-5) bad=1} END {exit bad || k!=3}' "$TMP/cr_w.csv"
fi
if ref_case gra_jmcdm_5x6; then
  # JMcDM grey relational analysis: directions and weights from criteria.csv.
  awk -F, 'NR==1 {print $0",year"; next} {print $0",1"}' "$R/data.csv" >"$TMP/gr.csv"
  awk -F, 'NR>1 {printf "all,%s,,,%s,,%s,%s\n", $1, $1, ($2=="min" ? "-" : "+"), $3}' "$R/criteria.csv" |
    cat <(echo "$HDR") - >"$TMP/grfw.csv"
  expect_exit 0 "" -- "$NQPF" index "$TMP/gr.csv" --id alternative --time year --framework "$TMP/grfw.csv" \
    --aggregate gra -o "$TMP/gr_out.csv"
  check "GRA grades 0.525 0.70071 0.54643 0.57628 0.65095" -- awk -F, '
    BEGIN {split("0.525 0.7007142857142857 0.5464285714285715 0.5762820512820512 0.650952380952381", g, " ")}
    NR>1 {d=$3-g[NR-1]; if (d<0) d=-d; if (d>1e-4) bad=1; n++} END {exit bad || n!=5}' "$TMP/gr_out.csv"
fi

# ---- the worked example of docs/index.md (Penn World Table 9.1)
PWT=("$NQPF" index "$S/data/pwt91.csv" --id countrycode --time year --from 2000 --to 2017 --where "ctfp > 0"
     --framework "$S/frameworks/world_pwt.csv")
expect_exit 0 "the choice that moves ranks most" -- "${PWT[@]}" --sensitivity 50 --seed 9 -o "$TMP/pwt1.csv" --weights-out "$TMP/pwt_w.csv"
check "the 2017 leader of docs/index.md" -- grep -q "^HKG,2017,0.63673130278601[0-9]*,.*,1,[0-9.]*,[0-9.]*,[0-9.]*$" "$TMP/pwt1.csv"
check "2106 country-years" -- test "$(wc -l <"$TMP/pwt1.csv")" -eq 2107
check "dimensions in framework order" -- grep -qx "countrycode,year,score,laborers,means_of_labor,objects_of_labor,rank,rank_median,rank_p05,rank_p95" <(head -1 "$TMP/pwt1.csv")
check "weights sum to 1" -- awk -F, '$1=="indicator" {s+=$6} END {exit (s-1)^2 > 1e-20}' "$TMP/pwt_w.csv"
check "rank interval brackets the median" -- awk -F, 'NR>1 && !($9<=$8 && $8<=$10) {bad=1} END {exit bad}' "$TMP/pwt1.csv"
# Same seed, same bytes (on the small panel, to keep the test fast).
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --sensitivity 300 --seed 5 -o "$TMP/s1.csv"
expect_exit 0 "" -- run --framework "$TMP/fw.csv" --sensitivity 300 --seed 5 -o "$TMP/s2.csv"
check "same seed, same bytes" -- cmp -s "$TMP/s1.csv" "$TMP/s2.csv"
"$NQPF" coupling "$TMP/pwt1.csv" --id countrycode --time year --systems laborers,means_of_labor,objects_of_labor \
  -o "$TMP/pwt_cp.csv" 2>/dev/null
check "coupling of the three PWT dimensions" -- test "$(grep -c '失调\|协调' "$TMP/pwt_cp.csv")" -eq 2106

finish
