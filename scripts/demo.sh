#!/usr/bin/env bash
# Sets everything up and runs the main job on the bundled demo data: the TFP of every country in
# the Penn World Table 9.1, by the PWT's own rule, written to out/world/tfp_pwt.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
mkdir -p out/world
build/nqpf tfp data/pwt91.csv --preset pwt --base 2011 -o out/world/tfp_pwt.csv --log out/world/tfp_pwt.log
echo "nqpf: demo done; results in out/world/tfp_pwt.csv (provenance in out/world/tfp_pwt.log)"
