# The LISA table's cluster and sig_level columns are what the report's cluster and significance maps
# draw: with permutations (999 by default) they follow lisa_p_sim, without them lisa_p_norm; FDR
# (Benjamini-Hochberg) and Bonferroni adjust over the units of each year. Everything is recomputed
# here with awk and sort from the table's own p-value, quadrant and neighbour columns.
source "$(dirname "$0")/lib.bash"

# 31 provinces x 10 years (synthetic, tests/data/china_gbk) on the provinces' contiguity.
DATA="$NQPF_SOURCE_DIR/tests/data/china_gbk/provinces.csv"
EDGES="$NQPF_SOURCE_DIR/examples/china-provinces/contiguity.csv"
run() { # run NAME [options]
  local name=$1
  shift
  expect_exit 0 "" -- "$NQPF" spatial "$DATA" --id province --time year --var gdp --weights "$EDGES" \
    --local-out "$TMP/$name.csv" -o "$TMP/$name.g.csv" "$@"
}
# field NAME FILE: the column number of NAME in FILE's header.
field() { head -1 "$2" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }

# expect_clusters FILE PCOL ALPHA: lisa_p equals PCOL; cluster and sig_level follow lisa_p_adj.
expect_clusters() {
  local f=$1 pcol=$2 alpha=$3 bad
  bad=$(awk -F, -v P="$(field "$pcol" "$f")" -v U="$(field lisa_p "$f")" -v A="$(field lisa_p_adj "$f")" \
    -v Q="$(field quadrant "$f")" -v N="$(field neighbours "$f")" -v C="$(field cluster "$f")" \
    -v S="$(field sig_level "$f")" -v alpha="$alpha" 'NR > 1 {
      if ($N == "0") { want = "island"; sig = "island" }
      else {
        if ($U != $P) { print "row " NR ": lisa_p " $U " != " $P; next }
        p = $A + 0
        want = (p < alpha) ? $Q : "ns"
        sig = p < 0.001 ? "0.001" : p < 0.01 ? "0.01" : p < 0.05 ? "0.05" : "ns"
      }
      if ($C != want || $S != sig) print "row " NR ": cluster " $C "/" $S ", expected " want "/" sig
    }' "$f")
  check "$f: clusters from $pcol at $alpha${bad:+ ($bad)}" -- test -z "$bad"
}

run perm
check "999 permutations by default: lisa_p_sim present" -- test -n "$(field lisa_p_sim "$TMP/perm.csv")"
expect_clusters "$TMP/perm.csv" lisa_p_sim 0.05
run norm --permutations 0
check "no permutations: no lisa_p_sim" -- test -z "$(field lisa_p_sim "$TMP/norm.csv")"
expect_clusters "$TMP/norm.csv" lisa_p_norm 0.05
run alpha --permutations 0 --alpha 0.3
expect_clusters "$TMP/alpha.csv" lisa_p_norm 0.3
check "a looser alpha marks more clusters" -- \
  test "$(grep -cE ',(HH|LL|LH|HL),[^,]*$' "$TMP/alpha.csv")" -gt "$(grep -cE ',(HH|LL|LH|HL),[^,]*$' "$TMP/norm.csv")"

# adjusted FILE YEAR: "p q" lines of one year (unit order) from lisa_p and lisa_p_adj.
pq() { awk -F, -v Y="$(field year "$1")" -v U="$(field lisa_p "$1")" -v A="$(field lisa_p_adj "$1")" \
  -v y="$2" 'NR > 1 && $Y == y && $U != "" { print NR, $U, $A }' "$1"; }
run "fdr" --permutations 0 --p-adjust fdr
run "bonf" --permutations 0 --p-adjust bonferroni
for y in $(cut -d, -f"$(field year "$TMP/norm.csv")" "$TMP/norm.csv" | tail -n +2 | sort -u); do
  # Benjamini-Hochberg by hand: sort by p, q_(r) = min over j >= r of m p_(j) / j (capped at 1).
  bad=$(pq "$TMP/fdr.csv" "$y" | sort -k2,2g -k1,1n | awk '{ row[NR] = $1; p[NR] = $2; got[NR] = $3 }
    END { m = NR; run = 1
      for (r = m; r >= 1; r--) { v = m * p[r] / r; if (v < run) run = v; q = run
        if (q - got[r] > 1e-12 || got[r] - q > 1e-12) print "row " row[r] ": q " got[r] ", by hand " q } }')
  check "year $y: FDR q-values = Benjamini-Hochberg by hand${bad:+ ($bad)}" -- test -z "$bad"
  bad=$(pq "$TMP/bonf.csv" "$y" | awk '{ row[NR] = $1; p[NR] = $2; got[NR] = $3 }
    END { for (r = 1; r <= NR; r++) { q = NR * p[r]; if (q > 1) q = 1
      if (q - got[r] > 1e-12 || got[r] - q > 1e-12) print "row " row[r] ": " got[r] " vs " q } }')
  check "year $y: Bonferroni = min(1, m p)${bad:+ ($bad)}" -- test -z "$bad"
done
expect_clusters "$TMP/fdr.csv" lisa_p_norm 0.05
expect_clusters "$TMP/bonf.csv" lisa_p_norm 0.05
expect_exit 2 "p-adjust" -- "$NQPF" spatial "$DATA" --id province --time year --var gdp --weights "$EDGES" \
  --local --p-adjust holm -o "$TMP/x.csv"
expect_exit 2 "alpha" -- "$NQPF" spatial "$DATA" --id province --time year --var gdp --weights "$EDGES" \
  --local --alpha 0.9 -o "$TMP/x.csv"
finish
