#!/usr/bin/env bash
# The classify study step and `nqpf classify` with the same options write the same units table,
# byte for byte, and refuse the same bad options with the same message (one definition:
# src/region/classify_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/regions/panel.csv"

parity auto "$D" id year '"vars": ["a", "b", "c"]' classify --vars a,b,c
parity seed_restarts "$D" id year '"vars": "a,b,c", "k": 3, "seed": 7, "restarts": 5' \
  classify --vars a,b,c --k 3 --seed 7 --restarts 5
parity k_auto_text "$D" id year '"vars": ["a", "b"], "k": "auto", "year": 2019' classify --vars a,b --k auto --year 2019
parity ward_zh "$D" id year '"vars": ["a", "b", "c"], "method": "ward", "k": 2, "lang": "zh"' \
  classify --vars a,b,c --method ward --k 2 --lang zh

parity_error k_one "$D" id year '"vars": ["a", "b"], "k": 1' \
  k "expected auto or an integer from 2 to 1000, found '1'" classify --vars a,b --k 1
parity_error k_text "$D" id year '"vars": ["a", "b"], "k": "many"' \
  k "expected auto or an integer from 2 to 1000, found 'many'" classify --vars a,b --k many
parity_error ward_seed "$D" id year '"vars": ["a", "b"], "method": "ward", "seed": 3' \
  seed "applies to method kmeans, not to ward" classify --vars a,b --method ward --seed 3
parity_error lang "$D" id year '"vars": ["a", "b"], "lang": "fr"' \
  lang "expected en|zh, found 'fr'" classify --vars a,b --lang fr
parity_error vars_twice "$D" id year '"vars": ["a", "a"]' \
  vars "variable 'a' is listed twice" classify --vars a,a
finish
