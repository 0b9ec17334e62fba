#!/usr/bin/env bash
# The secondstage study step and `nqpf secondstage` with the same options write the same table, byte
# for byte, and refuse the same bad options with the same message (one definition:
# src/stats/secondstage_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/secondstage/pwt2017_te.csv"

parity tobit "$D" countrycode year '"method": "tobit", "efficiency": "te", "env": ["hc", "csh_x"]' \
  secondstage --method tobit --efficiency te --env hc,csh_x
parity tobit_both "$D" countrycode year '"method": "tobit", "efficiency": "te", "env": "hc", "censor": "both", "alpha": 0.1' \
  secondstage --method tobit --efficiency te --env hc --censor both --alpha 0.1
parity sw1 "$D" countrycode year '"method": "sw1", "efficiency": "te", "env": ["hc", "csh_x"], "reps": 300, "seed": 9' \
  secondstage --method sw1 --efficiency te --env hc,csh_x --reps 300 --seed 9
parity sw1_drop "$D" countrycode year '"method": "sw1", "efficiency": "te", "env": ["hc", "labsh"], "reps": 100, "missing": "drop"' \
  secondstage --method sw1 --efficiency te --env hc,labsh --reps 100 --missing drop
parity sw2 "$D" countrycode year '"method": "sw2", "inputs": ["rnna", "emp"], "outputs": "rgdpna", "env": ["hc"], "reps": 100, "bias_reps": 10, "orientation": "out"' \
  secondstage --method sw2 --inputs rnna,emp --outputs rgdpna --env hc --reps 100 --bias-reps 10 --orientation out

parity_error method "$D" countrycode year '"efficiency": "te", "env": "hc", "method": "ols"' \
  method "expected tobit|sw1|sw2, found 'ols'" secondstage --efficiency te --env hc --method ols
parity_error censor "$D" countrycode year '"method": "sw1", "efficiency": "te", "env": "hc", "censor": "both"' \
  censor "applies to method tobit only, not to sw1" secondstage --method sw1 --efficiency te --env hc --censor both
parity_error reps "$D" countrycode year '"method": "tobit", "efficiency": "te", "env": "hc", "reps": 100' \
  reps "applies to method sw1 or sw2 only, not to tobit" secondstage --method tobit --efficiency te --env hc --reps 100
parity_error inputs "$D" countrycode year '"method": "sw2", "env": "hc", "outputs": "rgdpna"' \
  inputs "method sw2 needs the DEA inputs" secondstage --method sw2 --env hc --outputs rgdpna
parity_error efficiency "$D" countrycode year '"method": "sw1", "env": "hc"' \
  efficiency "method sw1 needs the efficiency column" secondstage --method sw1 --env hc
parity_error bias_reps "$D" countrycode year '"method": "sw1", "efficiency": "te", "env": "hc", "bias_reps": 10' \
  bias_reps "applies to method sw2 only, not to sw1" secondstage --method sw1 --efficiency te --env hc --bias-reps 10
finish
