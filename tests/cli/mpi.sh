#!/usr/bin/env bash
# nqpf-mpi: `mpirun -np K nqpf-mpi dea|malmquist ...` splits the blocks of DMUs across K ranks and
# must write byte for byte what one `nqpf` process writes (include/nqpf/distribute.h,
# docs/performance.md "MPI (issue 16)"). The reference is the single-process nqpf run, a separate
# binary with no distributor installed. Skipped (reported as such) when nqpf-mpi was not built (no
# MPI found at configure time) or mpirun is absent, and in the sanitizer build (see below).
source "$(dirname "$0")/lib.bash"

MPI_BIN="${NQPF_MPI_BIN:-}"
MPIRUN=$(command -v mpirun || true)
if [ -z "$MPI_BIN" ] || [ ! -x "$MPI_BIN" ]; then
  skip_case "nqpf-mpi" "not built: configure found no MPI (Debian: libopenmpi-dev)"; finish; exit 77
fi
if [ -z "$MPIRUN" ]; then
  skip_case "nqpf-mpi" "mpirun not found (Debian: openmpi-bin)"; finish; exit 77
fi
# Open MPI's own start-up allocations are reported as leaks by LeakSanitizer and fail every run
# under ASan; the rank split itself runs under ASan in tests/unit/test_distribute.c.
if ldd "$MPI_BIN" 2>/dev/null | grep -q 'libasan' || nm "$MPI_BIN" 2>/dev/null | grep -q '__asan_init'; then
  skip_case "nqpf-mpi" "sanitizer build: Open MPI's start-up leaks fail LeakSanitizer"; finish; exit 77
fi

# mpirun runs as root in containers and CI only with --allow-run-as-root; --oversubscribe lets 3
# ranks share 2 cores. The timeout turns a hang (ranks waiting for each other) into a failure.
mpi() { local np=$1; shift; timeout 300 "$MPIRUN" --allow-run-as-root --oversubscribe -np "$np" "$MPI_BIN" "$@"; }

# same NAME NP -- ARGS...: nqpf ARGS -o NAME and nqpf-mpi ARGS -o NAME with NP ranks, each run in its
# own folder so that the command line (JSON provenance) is the same; the files must be identical
# and both runs succeed (the output format follows NAME's extension).
same() {
  local name=$1 np=$2; shift 3
  mkdir -p "$TMP/ref" "$TMP/mpi$np"
  (cd "$TMP/ref" && "$NQPF" "$@" -o "$name" 2>"$name.err")
  local rc1=$?
  (cd "$TMP/mpi$np" && mpi "$np" "$@" -o "$name" 2>"$name.err")
  local rc2=$?
  if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
    echo "FAIL: $name (-np $np): exit $rc1 (nqpf) and $rc2 (nqpf-mpi)"; cat "$TMP/mpi$np/$name.err"
    FAILS=$((FAILS+1)); return
  fi
  check "$name: -np $np output identical to one process" -- cmp "$TMP/ref/$name" "$TMP/mpi$np/$name"
  # nqpf's own stderr lines (mpirun may add notices about the network): the summary's LP count is
  # the sum over ranks, so it matches only if the ranks split the work rather than each doing all.
  grep '^nqpf' "$TMP/ref/$name.err" >"$TMP/ref/$name.nqpf"
  grep '^nqpf' "$TMP/mpi$np/$name.err" >"$TMP/mpi$np/$name.nqpf"
  check "$name: -np $np summary and warnings identical, printed once" -- cmp "$TMP/ref/$name.nqpf" "$TMP/mpi$np/$name.nqpf"
}

# Bundled data: 30 provinces x 8 years, one reference set per year (several groups, one block each).
GT="$NQPF_SOURCE_DIR/examples/green-tfp/provinces.csv"
G=(dea "$GT" --id Province --time year --inputs K,L,E --outputs Y)
same green_crs.csv 2 -- "${G[@]}" --slacks --peers
same green_ddf.csv 2 -- "${G[@]}" --model ddf --undesirable CO2 --slacks --peers
same green_pooled.json 3 -- "${G[@]}" --rts vrs --frontier pooled --peers
same green_ebm.csv 2 -- "${G[@]}" --model ebm --peers

# 3,000 DMUs in one period: 6 blocks, so each rank takes several and the ranks' shares interleave
# (rank r of 2 takes blocks 0,2,4 or 1,3,5). Inputs U(1,100), a Cobb-Douglas output with
# exp(-0.3 u) inefficiency, a bad output, and a few duplicated DMUs (ties in the peers).
awk 'BEGIN{srand(16); print "id,t,x1,x2,x3,y1,y2,b";
  for(i=1;i<=3000;i++){
    if(i%250==0){print "d" i "," prev; continue}
    x1=1+int(rand()*99); x2=1+int(rand()*99); x3=1+int(rand()*99); u=rand(); v=rand();
    y=int(100*x1^0.3*x2^0.3*x3^0.3*exp(-0.3*u)); y2=int(y*(0.5+v)); b=1+int(rand()*50+y/100);
    prev="1," x1 "," x2 "," x3 "," y "," y2 "," b; print "f" i "," prev}}' >"$TMP/big.csv"
B=(dea "$TMP/big.csv" --id id --time t --inputs x1,x2,x3 --outputs y1,y2)
same big_crs.csv 2 -- "${B[@]}" --slacks --peers
same big_crs.csv 3 -- "${B[@]}" --slacks --peers
same big_vrs_out.csv 2 -- "${B[@]}" --rts vrs --orientation out --slacks --peers
same big_sbm.csv 2 -- "${B[@]}" --model sbm --rts vrs --slacks --peers
same big_ddf.csv 2 -- "${B[@]}" --model ddf --undesirable b --slacks --peers
same big_ddf.csv 3 -- "${B[@]}" --model ddf --undesirable b --slacks --peers
same big_super.csv 2 -- "${B[@]}" --super --peers
same big_nddf.csv 2 -- "${B[@]}" --model nddf --undesirable b --slacks
same big_fdh.csv 2 -- "${B[@]}" --model fdh --slacks --peers
# threads within each rank: 2 ranks x 2 threads take blocks 0,2,4 / 1,3,5 and then split them
same big_threads.csv 2 -- "${B[@]}" --rts vrs --slacks --peers --threads 2

# stdout (no -o) and the summary on stderr: rank 0 speaks for all, the LP count covers all ranks.
"$NQPF" "${B[@]}" >"$TMP/ref_stdout.csv" 2>"$TMP/ref_stdout.err"
mpi 2 "${B[@]}" >"$TMP/mpi_stdout.csv" 2>"$TMP/mpi_stdout.err"
check "stdout identical" -- cmp "$TMP/ref_stdout.csv" "$TMP/mpi_stdout.csv"
# nqpf's lines only: mpirun may add notices of its own about the network where it runs.
grep '^nqpf' "$TMP/ref_stdout.err" >"$TMP/ref_stdout.nqpf"
grep '^nqpf' "$TMP/mpi_stdout.err" >"$TMP/mpi_stdout.nqpf"
check "nqpf's summary and warnings on stderr identical, printed once" -- cmp "$TMP/ref_stdout.nqpf" "$TMP/mpi_stdout.nqpf"

# An error every rank meets is reported by rank 0 with nqpf's exit code.
expect_exit 3 "column 'nosuch' not found" -- mpi 2 dea "$TMP/big.csv" --id id --time t --inputs nosuch --outputs y1
# Commands that would only repeat their work (and fight over the study's lock) are refused.
expect_exit 2 "nqpf-mpi: convert runs on one process: use nqpf convert" -- mpi 2 convert "$TMP/big.csv" -o "$TMP/c.csv"

# Malmquist: the distance blocks (frontier x distance kind x 512 observations) split the same way.
awk 'BEGIN{srand(5); print "id,year,x1,x2,y";
  for(i=1;i<=300;i++){a=1+rand()*99; c=1+rand()*99;
    for(t=2001;t<=2004;t++){x1=a*(1+0.1*rand()); x2=c*(1+0.1*rand());
      printf "u%d,%d,%.4f,%.4f,%.4f\n", i, t, x1, x2, 10*x1^0.4*x2^0.4*exp(0.02*(t-2001)-0.3*rand())}}}' >"$TMP/panel.csv"
M=(malmquist "$TMP/panel.csv" --id id --time year --inputs x1,x2 --outputs y)
same malm_adjacent.csv 2 -- "${M[@]}" --decomposition rd
same malm_global.csv 3 -- "${M[@]}" --type global
same malm_seq_luenberger.csv 2 -- "${M[@]}" --type sequential --luenberger --threads 2

finish
