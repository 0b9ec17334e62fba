#!/usr/bin/env bash
# nqpf ellipse on the 31 provinces (tests/data/ellipse, a copy of shared/data/cases/province_sde):
# the 2021 centre and ellipse in planar degrees checked against ArcGIS's documented formulas written
# here in awk (tan(theta) = (A + B) / C, sigma = sqrt(2) sqrt(sum (x cos - y sin)^2 / n)), weighted
# and not, with and without sqrt(2); the outline file; bad input (exit codes and keyed messages).
source "$(dirname "$0")/lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/ellipse/province_sde.csv"

# reference: centre_x centre_y major minor rotation for 2021, weights column $2 (or none), factor $3
ref() {
  awk -F, -v wcol="$1" -v f="$2" '
    NR == 1 { for (j = 1; j <= NF; j++) c[$j] = j; next }
    $c["year"] == 2021 { n++; x[n] = $c["lon"]; y[n] = $c["lat"]; w[n] = wcol == "" ? 1 : $c[wcol] }
    END {
      for (i = 1; i <= n; i++) { W += w[i]; X += w[i] * x[i]; Y += w[i] * y[i] }
      X /= W; Y /= W
      for (i = 1; i <= n; i++) { a = x[i] - X; b = y[i] - Y; sxx += w[i]*a*a; syy += w[i]*b*b; sxy += w[i]*a*b }
      A = sxx - syy; B = sqrt(A*A + 4*sxy*sxy); C = 2*sxy
      th = atan2(A + B, C)   # C > 0 here: theta in (0, 90)
      for (i = 1; i <= n; i++) {
        a = x[i] - X; b = y[i] - Y
        u = a*cos(th) - b*sin(th); v = a*sin(th) + b*cos(th); s1 += w[i]*u*u; s2 += w[i]*v*v
      }
      sx = f * sqrt(s1 / W); sy = f * sqrt(s2 / W)
      printf "%.12g %.12g %.12g %.12g %.12g\n", X, Y, (sy > sx ? sy : sx), (sy > sx ? sx : sy), th * 45 / atan2(1, 1)
    }' "$D"
}
# nqpf's 2021 row, the same five numbers
got() {
  awk -F, 'NR == 1 { for (j = 1; j <= NF; j++) c[$j] = j; next }
    $1 == 2021 { printf "%.12g %.12g %.12g %.12g %.12g\n", $c["centre_x"], $c["centre_y"], $c["sd_major"], $c["sd_minor"], $c["rotation"] }' "$1"
}
# close A B: every pair of numbers within 1e-9 relative
close() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); m = split(b, y, " "); if (n != 5 || m != 5) exit 1
    for (i = 1; i <= 5; i++) { d = x[i] - y[i]; if (d < 0) d = -d; s = y[i] < 0 ? -y[i] : y[i]; if (d > 1e-9 * (s + 1)) exit 1 } }'
}
for wc in "" X; do
  for corr in sqrt2 none; do
    f=1.4142135623730951; [ "$corr" = sqrt2 ] || f=1
    out="$TMP/deg_${wc:-unit}_$corr.csv"
    check "deg, weights ${wc:-none}, correction $corr: the command runs" -- "$NQPF" ellipse "$D" --id id --time year \
      --coords lon,lat ${wc:+--var $wc} --projection none --coord-unit deg --correction "$corr" -q -o "$out"
    r=$(ref "$wc" "$f"); g=$(got "$out")
    if close "$g" "$r"; then PASSES=$((PASSES+1)); else
      echo "FAIL: deg, weights ${wc:-none}, $corr: nqpf '$g' vs ArcGIS formulas '$r'"; FAILS=$((FAILS+1)); fi
  done
done

# Albers: the header, 10 years, km, the outline file with lon/lat inside China
out="$TMP/albers.csv"
check "albers: the command runs" -- "$NQPF" ellipse "$D" --id id --time year --coords lon,lat --var X -q -o "$out" \
  --outline-out "$TMP/outline.csv"
check "albers: the columns" -- test "$(head -1 "$out")" = \
  "year,n,weight,centre_lon,centre_lat,centre_x,centre_y,shift,bearing,direction,direction_zh,speed,rotation,sd_major,sd_minor,area,shape,unit"
check "albers: 10 years in km" -- test "$(awk -F, 'NR > 1 && $NF == "km"' "$out" | wc -l)" -eq 10
check "albers: the outline has 720 points inside China's box" -- test "$(awk -F, 'NR > 1 && $5 > 73 && $5 < 136 && $6 > 15 && $6 < 54' \
  "$TMP/outline.csv" | wc -l)" -eq 720
check "albers: the first year has no shift" -- test "$(awk -F, 'NR == 2 { print $8 $9 $10 }' "$out")" = ""
check "albers: -o JSON holds both tables" -- "$NQPF" ellipse "$D" --id id --time year --coords lon,lat -q -o "$TMP/all.json"
check "albers: the JSON names the outline" -- grep -q '"outline"' "$TMP/all.json"
check "help reads" -- bash -c "\"$NQPF\" help ellipse | grep -q 'sqrt(2)'"

# bad input
expect_exit 2 "ellipse: --coords: required" -- "$NQPF" ellipse "$D" --id id --time year --var X -q
expect_exit 2 "ellipse: --coords: expected two columns" -- "$NQPF" ellipse "$D" --id id --time year --coords lon -q
expect_exit 2 "ellipse: --correction: expected sqrt2|none" -- "$NQPF" ellipse "$D" --id id --time year --coords lon,lat --correction 2 -q
expect_exit 3 "column 'longitude' not found" -- "$NQPF" ellipse "$D" --id id --time year --coords longitude,lat -q
printf 'id,year,lon,lat,w\na,1,100,30,1\nb,1,110,35,-2\n' >"$TMP/neg.csv"
expect_exit 3 "row 3, column 'w'" -- "$NQPF" ellipse "$TMP/neg.csv" --id id --time year --coords lon,lat --var w -q
printf 'id,year,lon,lat,w\na,1,30,100,1\nb,1,35,110,2\n' >"$TMP/swap.csv"
expect_exit 3 "expected a latitude in [-90, 90]" -- "$NQPF" ellipse "$TMP/swap.csv" --id id --time year --coords lon,lat -q
printf 'id,year,lon,lat,w\na,1,100,30,0\nb,1,110,35,0\n' >"$TMP/zero.csv"
expect_exit 3 "sum to 0" -- "$NQPF" ellipse "$TMP/zero.csv" --id id --time year --coords lon,lat --var w -q
printf 'id,year,lon,lat,w\na,1,100,30,\nb,1,110,35,2\n' >"$TMP/empty.csv"
expect_exit 3 "missing" -- "$NQPF" ellipse "$TMP/empty.csv" --id id --time year --coords lon,lat --var w -q
check "missing drop: runs with one region" -- "$NQPF" ellipse "$TMP/empty.csv" --id id --time year --coords lon,lat \
  --var w --missing drop -q -o "$TMP/drop.csv"
expect_exit 3 "region '1' has no feature whose property 'name' is '1' in builtin:jiangsu" -- "$NQPF" ellipse "$D" \
  --id id --time year --geojson builtin:jiangsu --key name -q
expect_exit 5 "" -- "$NQPF" ellipse "$D" --id id --time year --coords lon,lat -q -o "$TMP/no/such/dir/c.csv"
finish
