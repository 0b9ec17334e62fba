#!/usr/bin/env bash
# The structure study step and `nqpf structure` with the same options write the same tables, byte
# for byte, and refuse the same bad options with the same message (one definition:
# src/region/structure_options.c). The long table is the step's "file" (the study's data are a
# panel; here tests/data/regions/panel.csv, keys id and year: the step's time column defaults to
# the study's, its region column is named since it differs).
source "$(dirname "$0")/lib.bash"
R="$NQPF_SOURCE_DIR/tests/data/regions"

# pstudy CASE 'STEP_JSON': a one-step study on the regions panel; the step's tables in $TMP/ps_CASE/out.
pstudy() {
  local dir="$TMP/ps_$1"
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$R/industry.csv" "$dir/industry.csv"
  printf '{"data": {"file": "%s", "id": "id", "time": "year"},\n "steps": [{"type": "structure", "name": "s", %s}]}\n' \
    "$R/panel.csv" "$2" >"$dir/study.json"
}
same() { check "$1" -- cmp -s "$2" "$3"; }

pstudy plain '"file": "industry.csv", "id": "prov", "industry": "ind", "value": "va"'
expect_exit 0 "" -- "$NQPF" run "$TMP/ps_plain/study.json" --out "$TMP/ps_plain/out" -q
expect_exit 0 "" -- "$NQPF" structure "$R/industry.csv" --id prov --time year --industry ind --value va -q \
  -o "$TMP/ps_plain/r.csv" --pairs-out "$TMP/ps_plain/p.csv" --lq-out "$TMP/ps_plain/l.csv"
same "plain: regions" "$TMP/ps_plain/out/s.csv" "$TMP/ps_plain/r.csv"
same "plain: pairs" "$TMP/ps_plain/out/s_pairs.csv" "$TMP/ps_plain/p.csv"
same "plain: location quotients" "$TMP/ps_plain/out/s_lq.csv" "$TMP/ps_plain/l.csv"

pstudy years '"file": "industry.csv", "id": "prov", "time": "year", "industry": "ind", "value": "va", "from": 2021'
expect_exit 0 "" -- "$NQPF" run "$TMP/ps_years/study.json" --out "$TMP/ps_years/out" -q
expect_exit 0 "" -- "$NQPF" structure "$R/industry.csv" --id prov --time year --industry ind --value va --from 2021 -q \
  -o "$TMP/ps_years/r.csv" --lq-out "$TMP/ps_years/l.csv"
same "from 2021: regions" "$TMP/ps_years/out/s.csv" "$TMP/ps_years/r.csv"
same "from 2021: location quotients" "$TMP/ps_years/out/s_lq.csv" "$TMP/ps_years/l.csv"

# Shared errors: the same text after the key in both doors.
pstudy noval '"file": "industry.csv", "id": "prov", "industry": "ind"'
expect_exit 2 "steps[0].value: required: value column" -- "$NQPF" run "$TMP/ps_noval/study.json" --out "$TMP/ps_noval/out" -q
expect_exit 2 "structure: --value: required: value column" -- "$NQPF" structure "$R/industry.csv" --id prov --time year --industry ind
pstudy listind '"file": "industry.csv", "id": "prov", "industry": ["ind", "va"], "value": "va"'
expect_exit 2 "steps[0].industry: given twice" -- "$NQPF" run "$TMP/ps_listind/study.json" --out "$TMP/ps_listind/out" -q
expect_exit 2 "structure: --industry: given twice" -- "$NQPF" structure "$R/industry.csv" --id prov --time year --industry ind --industry va --value va
# Study-only rules: the step needs its long table; its columns are checked before anything runs.
pstudy nofile '"industry": "ind", "value": "va"'
expect_exit 2 "steps[0].file: required: the long table" -- "$NQPF" run "$TMP/ps_nofile/study.json" --out "$TMP/ps_nofile/out" -q
pstudy col '"file": "industry.csv", "id": "prov", "industry": "sector", "value": "va"'
expect_exit 3 "steps[0].industry: column 'sector' not found in" -- "$NQPF" run "$TMP/ps_col/study.json" --out "$TMP/ps_col/out" -q
check "nothing written before the check" -- test ! -e "$TMP/ps_col/out"
pstudy sample '"file": "industry.csv", "id": "prov", "industry": "ind", "value": "va", "sample": {"from": 2021}'
expect_exit 2 "steps[0].sample: not used by a structure step" -- "$NQPF" run "$TMP/ps_sample/study.json" --out "$TMP/ps_sample/out" -q
# The region column defaults to the study's id column ("id"), which this long table lacks.
pstudy defid '"file": "industry.csv", "industry": "ind", "value": "va"'
expect_exit 3 "steps[0].id: column 'id' not found in" -- "$NQPF" run "$TMP/ps_defid/study.json" --out "$TMP/ps_defid/out" -q
finish
