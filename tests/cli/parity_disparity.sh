#!/usr/bin/env bash
# The disparity study step and `nqpf disparity` with the same options write the same table, byte for
# byte, and refuse the same bad options with the same message (one definition:
# src/region/disparity_options.c; groups from a file with `via` through include/nqpf/join.h).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
R="$NQPF_SOURCE_DIR/tests/data/regions"
S="$NQPF_SOURCE_DIR/tests/data/study"

parity plain "$R/panel.csv" id year '"var": "y"' disparity --var y
parity group_column "$R/panel.csv" id year '"var": "y", "group": "zone"' disparity --var y --group zone
# Group files are given by absolute path here (a study resolves relative ones against its folder).
parity group_file "$R/panel.csv" id year "\"var\": \"y\", \"group_file\": \"$R/zones.csv\", \"group_key\": \"code\", \"group_column\": \"zone\"" \
  disparity --var y --group-file "$R/zones.csv" --group-key code --group-col zone
parity via "$S/panel.csv" unit year "\"var\": \"Y\", \"group_file\": \"$S/zones.csv\", \"group_key\": \"code\", \"group_column\": \"zone\", \"via_file\": \"$S/codes.csv\", \"via_from\": \"unit\", \"via_to\": \"code\"" \
  disparity --var Y --group-file "$S/zones.csv" --group-key code --group-col zone --via-file "$S/codes.csv" --via-from unit --via-to code
printf 'code,zone\np01,East\np02,East\n' >"$TMP/part.csv"
parity ungrouped_skip "$R/panel.csv" id year "\"var\": \"y\", \"group_file\": \"$TMP/part.csv\", \"group_key\": \"code\", \"group_column\": \"zone\", \"ungrouped\": \"skip\"" \
  disparity --var y --group-file "$TMP/part.csv" --group-key code --group-col zone --ungrouped skip

parity_error both "$R/panel.csv" id year "\"var\": \"y\", \"group\": \"zone\", \"group_file\": \"$R/zones.csv\"" \
  group_file "give a group column or a group file, not both" disparity --var y --group zone --group-file "$R/zones.csv"
parity_error key_without_file "$R/panel.csv" id year '"var": "y", "group_key": "code"' \
  group_key "applies only with a group file" disparity --var y --group-key code
parity_error via_half "$R/panel.csv" id year "\"var\": \"y\", \"group_file\": \"$R/zones.csv\", \"via_file\": \"$R/zones.csv\", \"via_from\": \"code\"" \
  via_to "required with a via file" disparity --var y --group-file "$R/zones.csv" --via-file "$R/zones.csv" --via-from code
parity_error ungrouped "$R/panel.csv" id year '"var": "y", "group": "zone", "ungrouped": "drop"' \
  ungrouped "expected error|skip, found 'drop'" disparity --var y --group zone --ungrouped drop

# The world study's disparity step (study-level "groups" with via, a sample) against the command
# with the same groups as options: the bundled PWT data grouped by continent.
W="$NQPF_SOURCE_DIR/data"
mkdir -p "$TMP/world"
cat >"$TMP/world/study.json" <<JSON
{"data": {"file": "$W/pwt91.csv", "id": "countrycode", "time": "year"},
 "let": ["y_pc = rgdpna / pop"],
 "groups": {"name": "continent", "file": "$W/world_regions.csv", "key": "iso_a2", "column": "continent",
            "via": {"file": "$W/iso3_iso2.csv", "from": "iso3", "to": "iso2"}},
 "steps": [{"type": "disparity", "name": "disparity", "var": "y_pc",
            "sample": {"from": 1990, "where": "y_pc > 0 && continent != \"\""}}]}
JSON
expect_exit 0 "" -- "$NQPF" run "$TMP/world/study.json" --out "$TMP/world/out" -q
expect_exit 0 "" -- "$NQPF" disparity "$W/pwt91.csv" --id countrycode --time year --let 'y_pc=rgdpna/pop' --var y_pc \
  --from 1990 --where 'y_pc > 0' --group-file "$W/world_regions.csv" --group-key iso_a2 --group-col continent \
  --via-file "$W/iso3_iso2.csv" --via-from iso3 --via-to iso2 --ungrouped skip -q -o "$TMP/world/cli.csv" \
  --groups-out "$TMP/world/cli_groups.csv"
check "PWT by continent: command = world study (overall)" -- cmp -s "$TMP/world/out/disparity.csv" "$TMP/world/cli.csv"
check "PWT by continent: command = world study (groups)" -- cmp -s "$TMP/world/out/disparity_groups.csv" "$TMP/world/cli_groups.csv"
check "PWT by continent: six continents in 2017" -- test "$(grep -c '^2017,' "$TMP/world/cli_groups.csv")" -eq 6
# Without --ungrouped skip, a country without a continent is an error naming it.
expect_exit 3 "has no group in world_regions.csv via iso3_iso2.csv" -- "$NQPF" disparity "$W/pwt91.csv" --id countrycode \
  --time year --let 'y_pc=rgdpna/pop' --var y_pc --from 1990 --where 'y_pc > 0' --group-file "$W/world_regions.csv" \
  --group-key iso_a2 --group-col continent --via-file "$W/iso3_iso2.csv" --via-from iso3 --via-to iso2
finish
