# The study's map.classes (how the report colours its maps): every accepted form reaches the report
# blob resolved to {method, k, breaks}, the default is natural breaks in 5 classes, and each wrong
# form is a usage error (exit 2) naming the key.
source "$(dirname "$0")/lib.bash"

DATA="$NQPF_SOURCE_DIR/tests/data/china_gbk/provinces.csv"
study() { # study 'CLASSES-JSON-OR-EMPTY' > study.json
  local classes=${1:+, \"classes\": $1}
  printf '{"data": {"file": "%s", "id": "province", "time": "year"}, "out": "%s",
  "map": {"geo": "china"%s},
  "steps": [{"type": "disparity", "name": "d", "var": "gdp"}]}\n' "$DATA" "$TMP/res" "$classes"
}
blob_classes() { grep -o '"classes":{[^}]*}' "$TMP/res/report.html"; }

ok() { # ok CLASSES EXPECTED-BLOB
  study "$1" >"$TMP/s.json"
  rm -rf "$TMP/res"
  expect_exit 0 "" -- "$NQPF" run "$TMP/s.json" -q
  local got
  got=$(blob_classes)
  check "classes ${1:-(default)} -> $2 (got $got)" -- test "$got" = "$2"
}
ok '' '"classes":{"method":"jenks","k":5}'
ok '"quantile"' '"classes":{"method":"quantile","k":5}'
ok '{"method": "equal", "k": 3}' '"classes":{"method":"equal","k":3}'
ok '"continuous"' '"classes":{"method":"continuous","k":5}'
ok '{"breaks": [1000, 2500.5, 9000]}' '"classes":{"method":"breaks","k":4,"breaks":[1000,2500.5,9000]}'

bad() { # bad CLASSES NEEDLE
  study "$1" >"$TMP/s.json"
  expect_exit 2 "$2" -- "$NQPF" run "$TMP/s.json" -q
}
bad '"natural"' "map.classes: expected one of jenks, quantile, equal, continuous, breaks, found 'natural'"
bad '"breaks"' 'map.classes: the method breaks needs its bounds'
bad '{"method": "breaks"}' 'map.classes.method: the method breaks needs its bounds'
bad '{"breaks": [3, 2]}' 'map.classes.breaks[1]: expected a finite number above the one before it'
bad '{"breaks": []}' 'map.classes.breaks: expected a list of 1 to 8 ascending numbers'
bad '{"breaks": "1,2"}' 'map.classes.breaks: expected a list of 1 to 8 ascending numbers'
bad '{"k": 12}' 'map.classes.k: expected an integer from 2 to 9'
bad '{"k": 2.5}' 'map.classes.k: expected an integer from 2 to 9'
bad '{"method": "jenks", "breaks": [1]}' 'map.classes.breaks: applies to the method breaks only'
bad '{"breaks": [1], "k": 3}' 'map.classes.k: does not apply with breaks'
bad '{"colour": "red"}' 'map.classes.colour: unknown key (expected one of: method, k, breaks)'
bad '7' 'map.classes: expected an object, found'
finish
