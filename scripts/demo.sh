#!/usr/bin/env bash
# Sets everything up and runs the main job on the bundled demo data: the world study
# (examples/world/study.json) on the Penn World Table 9.1 — TFP by PWT's own rule and by DEA
# Malmquist, a productive-forces index, coupling, classes, disparity by continent, Moran's I on
# country contiguity, distribution dynamics and convergence — into out/world/ with report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build >/dev/null
build/nqpf run examples/world/study.json --out out/world
# Green TFP of China's provinces (non-radial DDF with a metafrontier, global Luenberger, DEAP scale
# efficiency, bootstrap, Simar-Wilson second stage) into out/green-tfp/.
build/nqpf run examples/green-tfp/study.json --out out/green-tfp
# The spatial toolkit on China's provinces (synthetic data): spatial Durbin model with effects,
# spatial correlation network, centre of gravity and ellipse, geographical detector.
build/nqpf run examples/china-spatial/study.json --out out/china-spatial
# Firm-level TFP on the Chilean plants of R prodest: Levinsohn-Petrin, Olley-Pakes, Wooldridge.
build/nqpf run examples/firm-tfp/study.json --out out/firm-tfp
