#!/usr/bin/env bash
# Installs the Debian 12 packages nqpf needs to build and test. Idempotent: when every package is
# already installed it touches nothing (and needs no network), so it is cheap to run before every build.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config   # build-essential brings gcc and g++ (tests/consumer: C++ check)
  clang               # the second compiler CI builds with (scripts/test.sh --clang)
  libclang-rt-14-dev  # clang's sanitizer and libFuzzer runtimes (scripts/fuzz.sh, NQPF_FUZZ)
  libcsv-dev          # CSV parsing (RFC 4180)
  libreadstat-dev     # Stata .dta and SPSS .sav
  libxlsxwriter-dev   # XLSX output
  libjansson-dev      # JSON output and study files
  libglpk-dev         # reference LP solver
  libgsl-dev          # distributions, linear algebra, RNG, minimisers
  liblapack-dev       # dense eigenvalues and solves (spreg log-determinants)
  libblas-dev         # the BLAS LAPACK calls
  libigraph-dev       # graph measures (network: centralities, paths)
  libssl-dev          # SHA-256 checksums of inputs (provenance)
  libzip-dev          # .xlsx input: the zip container
  libexpat1-dev       # .xlsx input: the XML, streamed
  libfreexl-dev       # legacy .xls input
  libcmocka-dev       # unit-test framework
  libopenmpi-dev openmpi-bin  # nqpf-mpi (NQPF_MPI=AUTO builds it when found) and mpirun for tests/cli/mpi.sh
  unzip               # tests read XLSX back
  chromium            # tests render report.html headless (the test skips without it)
  fonts-wqy-microhei  # a CJK font, so Chinese labels in the test screenshots are legible
  nodejs              # tests run the report script's pure functions (map class breaks) outside a browser
)

missing=()
for p in "${PKGS[@]}"; do
  # Captured, not piped into grep -q: under pipefail an early grep exit fails the pipe.
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [[ $status != *"install ok installed"* ]]; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "nqpf setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
