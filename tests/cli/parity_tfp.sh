#!/usr/bin/env bash
# The tfp study step and `nqpf tfp` with the same options write the same table, byte for byte, and
# refuse the same bad options with the same message (one definition: src/tfp/tfp_options.c).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
D="$NQPF_SOURCE_DIR/tests/data/study/panel.csv"

parity share_column "$D" unit year '"output": "Y", "inputs": ["K", "L"], "shares": {"L": "share"}' \
  tfp --output Y --inputs K,L --share L=share
parity share_number "$D" unit year '"output": "Y", "inputs": "K,L", "shares": {"L": 0.6}' \
  tfp --output Y --inputs K,L --share L=0.6
parity solow_base "$D" unit year '"output": "Y", "inputs": ["K", "L"], "shares": {"L": "share"}, "method": "solow", "base": 2003' \
  tfp --output Y --inputs K,L --share L=share --method solow --base 2003
parity two_shares "$D" unit year '"output": "Y", "inputs": ["K", "L"], "shares": {"L": 0.55, "K": 0.45}, "method": "tornqvist"' \
  tfp --output Y --inputs K,L --share L=0.55 --share K=0.45
# The PWT preset: the same rule (and a base year of its own) from both front doors.
P="$NQPF_SOURCE_DIR/data/pwt91.csv"
parity pwt "$P" countrycode year '"preset": "pwt"' tfp --preset pwt
parity pwt_base "$P" countrycode year '"preset": "pwt", "base": 2000' tfp --preset pwt --base 2000

parity_error pwt_fixes "$D" unit year '"preset": "pwt", "output": "Y"' \
  output "preset pwt fixes output, inputs, shares and method" tfp --preset pwt --output Y
parity_error share_range "$D" unit year '"output": "Y", "inputs": ["K", "L"], "shares": {"L": 1.5}' \
  shares=share "L: expected a share in [0, 1], found 1.5" tfp --output Y --inputs K,L --share L=1.5
parity_error share_unknown "$D" unit year '"output": "Y", "inputs": ["K", "L"], "shares": {"M": "share"}' \
  shares=share "names 'M', which is not one of the inputs" tfp --output Y --inputs K,L --share M=share
parity_error no_output "$D" unit year '"inputs": ["K", "L"]' \
  output "required: the output column (or preset pwt)" tfp --inputs K,L
parity_error method "$D" unit year '"output": "Y", "inputs": ["K", "L"], "method": "fisher"' \
  method "expected tornqvist|solow, found 'fisher'" tfp --output Y --inputs K,L --method fisher

# A base year absent from the data: a data error (exit 3) about the option, in both front doors.
dir="$TMP/base_absent"; mkdir -p "$dir"; cp "$D" "$dir/data.csv"
printf '{"data": {"file": "data.csv", "id": "unit", "time": "year"},\n "steps": [{"type": "tfp", "name": "s", "output": "Y", "inputs": ["K", "L"], "shares": {"L": "share"}, "base": 1990}]}\n' >"$dir/study.json"
expect_exit 3 "steps[0].base: year 1990 is not in" -- "$NQPF" run "$dir/study.json" --out "$dir/out" -q
check "the study names the years present" -- grep -q "(its years run from 2001 to " "$TMP/err"
expect_exit 3 "tfp: --base: year 1990 is not in" -- "$NQPF" tfp "$dir/data.csv" --id unit --time year --output Y --inputs K,L --share L=share --base 1990
check "the command names the years present" -- grep -q "(its years run from 2001 to " "$TMP/err"
finish
