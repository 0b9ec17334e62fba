# nqpf run is atomic (docs/reliability.md, "A study run is all or nothing"): two steps claiming one
# output file and an unusable output folder are refused before anything is computed; a run writes
# into a work folder beside the output folder and swaps it in whole, so a failed run leaves the
# previous results byte for byte as they were; work folders of killed runs are removed by the next
# run (only ours: exact name, our marker, not locked by a live run); a folder holding files that no
# run wrote is never replaced.
source "$(dirname "$0")/lib.bash"

D="$NQPF_SOURCE_DIR/tests/data/study"
DATA="\"data\": {\"file\": \"$D/panel.csv\", \"id\": \"unit\", \"time\": \"year\"}"
TFP='{"type": "tfp", "name": "tfp", "output": "Y", "inputs": ["K", "L"], "shares": {"L": "share"}}'
MORAN="{\"type\": \"spatial\", \"name\": \"moran\", \"var\": \"Y\", \"local\": true, \"weights\": {\"file\": \"$D/edges.csv\"}}"
study() { printf '%s\n' "$2" >"$TMP/$1.json"; }
# snapshot DIR: every file's name, mode and checksum, sorted (hidden files included)
snapshot() { (cd "$1" && find . -type f -printf '%p %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
no_work() { # no_work PARENT BASE: no work folder .BASE.tmp.* beside the output folder
  test -z "$(find "$1" -maxdepth 1 -name ".$2.tmp.*" -print -quit)"
}

# 1. Two steps claiming one file: moran (spatial with local output) writes moran_lisa.csv, which a
#    step named moran_lisa would write too. Refused at load (usage error), nothing created.
study clash "{\"out\": \"clash.out\", $DATA, \"steps\": [$MORAN, {\"type\": \"tfp\", \"name\": \"moran_lisa\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"shares\": {\"L\": \"share\"}}]}"
expect_exit 2 "clash.json: steps[1].name: 'moran_lisa' gives the file moran_lisa.csv, which steps[0] (\"moran\", spatial) also writes (its table 'lisa'" -- \
  "$NQPF" run "$TMP/clash.json"
check "a clash writes nothing" -- test ! -e "$TMP/clash.out"
# The same clash in the workbook only: Excel compares sheet names without case (and cut to 31
# characters), so steps "Tfp" and "tfp" write two files but would need one sheet.
study sheet "{\"out\": \"sheet.out\", $DATA, \"steps\": [$TFP, {\"type\": \"tfp\", \"name\": \"Tfp\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"shares\": {\"L\": \"share\"}}]}"
expect_exit 2 "sheet.json: steps[1].name: 'Tfp' gives the sheet 'Tfp' of results.xlsx, which steps[0] (\"tfp\", tfp) also gets as 'tfp'" -- \
  "$NQPF" run "$TMP/sheet.json"
check "a sheet clash writes nothing" -- test ! -e "$TMP/sheet.out"
# Distinct names that only look alike are fine: tfp and tfp_2 (tfp has no suffixed tables).
study alike "{\"out\": \"alike.out\", $DATA, \"steps\": [$TFP, {\"type\": \"tfp\", \"name\": \"tfp_2\", \"output\": \"Y\", \"inputs\": [\"K\", \"L\"], \"shares\": {\"L\": \"share\"}}]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/alike.json" -q
check "tfp and tfp_2 both written" -- test -s "$TMP/alike.out/tfp.csv" -a -s "$TMP/alike.out/tfp_2.csv"
check "the manifest lists the run's files" -- grep -qx "tfp_2.csv" "$TMP/alike.out/.nqpf-manifest"

# 2. The output folder is a file: an output error (5) before anything is computed.
echo "not a folder" >"$TMP/file.out"
study file "{\"out\": \"file.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 5 "file.out: expected a folder for the study's results, found a file" -- "$NQPF" run "$TMP/file.json"
check "the file named as output folder is unchanged" -- test "$(cat "$TMP/file.out")" = "not a folder"
# Its parent cannot be written (not testable as root, who may write anywhere).
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
  study ro "{\"out\": \"ro/out\", $DATA, \"steps\": [$TFP]}"
  expect_exit 5 "cannot create a folder beside the output folder" -- "$NQPF" run "$TMP/ro.json"
  chmod 755 "$TMP/ro"
else
  skip_case "read-only parent folder" "running as root"
fi

# 3. A good run, then a failing one into the same folder: the previous results stay byte for byte.
study good "{\"out\": \"keep.out\", $DATA, \"steps\": [$TFP, $MORAN]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/good.json" -q
before=$(snapshot "$TMP/keep.out")
check "the good run wrote its files" -- test -s "$TMP/keep.out/moran_lisa.csv" -a -s "$TMP/keep.out/report.html"
awk -F, 'NR==1 {print; next} {if ($1=="CCC" && $2==2004) $3=-1; print}' OFS=, "$D/panel.csv" >"$TMP/bad_panel.csv"
study bad "{\"out\": \"keep.out\", \"data\": {\"file\": \"$TMP/bad_panel.csv\", \"id\": \"unit\", \"time\": \"year\"}, \"steps\": [$MORAN, $TFP]}"
expect_exit 3 "steps[1] (tfp, \"tfp\")" -- "$NQPF" run "$TMP/bad.json"
check "a failed run leaves the previous results byte for byte" -- test "$(snapshot "$TMP/keep.out")" = "$before"
check "a failed run leaves no work folder" -- no_work "$TMP" keep.out
# A rewritten output keeps the modes of the folder and of its files.
chmod 700 "$TMP/keep.out"; chmod 600 "$TMP/keep.out/tfp.csv"
expect_exit 0 "" -- "$NQPF" run "$TMP/good.json" -q
check "the folder keeps its mode (700)" -- test "$(stat -c %a "$TMP/keep.out")" = 700
check "a file keeps its mode (600)" -- test "$(stat -c %a "$TMP/keep.out/tfp.csv")" = 600
check "a new run's results equal the first run's (the same CSVs)" -- cmp -s "$TMP/keep.out/moran_lisa.csv" <(cd "$TMP" && "$NQPF" run "$TMP/good.json" -q --out "$TMP/again.out" && cat "$TMP/again.out/moran_lisa.csv")

# 4. A folder holding a file no run wrote is never replaced: refused before the work, file intact.
mkdir -p "$TMP/foreign.out" && echo "my notes" >"$TMP/foreign.out/notes.txt"
study foreign "{\"out\": \"foreign.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 5 "foreign.out: the output folder holds 'notes.txt', which no run of this study wrote" -- "$NQPF" run "$TMP/foreign.json"
check "the foreign file is intact" -- test "$(cat "$TMP/foreign.out/notes.txt")" = "my notes"
check "nothing was added beside it" -- test "$(ls -A "$TMP/foreign.out")" = notes.txt
# A subfolder is never a run's either.
mkdir -p "$TMP/sub.out/data"
study sub "{\"out\": \"sub.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 5 "holds 'data', which no run of this study wrote" -- "$NQPF" run "$TMP/sub.json"
# An older folder without a manifest whose files are all named like this study's is replaced.
mkdir -p "$TMP/old.out" && echo "old" >"$TMP/old.out/tfp.csv" && echo "old" >"$TMP/old.out/report.html"
study old "{\"out\": \"old.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/old.json" -q
check "an older run's folder is replaced" -- grep -q "^unit,year" "$TMP/old.out/tfp.csv"
# A file of an earlier run of the study that this run no longer writes (a step removed) is in the
# manifest, so the folder is replaced and the stale file goes.
study removed "{\"out\": \"keep.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/removed.json" -q
check "a removed step's files go with the old folder" -- test ! -e "$TMP/keep.out/moran.csv"
check "the kept step's file is there" -- test -s "$TMP/keep.out/tfp.csv"

# 5. Work folders of killed runs: ours (exact name, marker, unlocked) are removed by the next run;
#    anything else that looks similar is left alone.
mkdir -p "$TMP/keep.out.stale"
W="$TMP/.keep.out.tmp.AbC123"; mkdir -p "$W/new" && echo x >"$W/new/tfp.csv" && echo m >"$W/.nqpf-run"
touch -d '-1 hour' "$W/.nqpf-run"
N="$TMP/.keep.out.tmp.NoMark"; mkdir -p "$N" && echo mine >"$N/file"      # no marker: not ours
L="$TMP/.keep.out.tmp.Locked"; mkdir -p "$L" && echo m >"$L/.nqpf-run"; touch -d '-1 hour' "$L/.nqpf-run"
E="$TMP/.keep.out.tmp.Empty1"; mkdir -p "$E"; touch -d '-1 hour' "$E"  # empty, old: a cut-short removal
X="$TMP/.keep.out.tmp.TooLong1"; mkdir -p "$X" && echo m >"$X/.nqpf-run"  # not our exact pattern
if command -v flock >/dev/null; then
  exec 9<"$L/.nqpf-run" && flock 9   # this shell plays the live run holding its marker's lock
  expect_exit 0 "" -- "$NQPF" run "$TMP/good.json" -q
  check "a killed run's work folder is removed" -- test ! -e "$W"
  check "an empty old work folder is removed" -- test ! -e "$E"
  check "a folder without our marker is left alone" -- test "$(cat "$N/file")" = mine
  check "a work folder locked by a live run is left alone" -- test -e "$L/.nqpf-run"
  check "a folder not named exactly like ours is left alone" -- test -e "$X/.nqpf-run"
  exec 9<&-                           # the "run" ends: its lock goes with it
  expect_exit 0 "" -- "$NQPF" run "$TMP/good.json" -q
  check "once its run is dead, the locked folder goes too" -- test ! -e "$L"
else
  skip_case "stale work folders" "flock(1) not installed"
fi

# 6. A kill between moving the old folder aside and putting the new one in place leaves the output
#    folder absent and the old results in W/old: the next run puts them back before it starts (and
#    then replaces them as usual). Simulated: the state such a kill leaves.
snapshot "$TMP/keep.out" >"$TMP/snap.before"
W="$TMP/.keep.out.tmp.Mid123"; mkdir -p "$W" && echo m >"$W/.nqpf-run" && touch -d '-1 hour' "$W/.nqpf-run"
mv "$TMP/keep.out" "$W/old"
study fail2 "{\"out\": \"keep.out\", \"data\": {\"file\": \"$TMP/bad_panel.csv\", \"id\": \"unit\", \"time\": \"year\"}, \"steps\": [$MORAN, $TFP]}"
expect_exit 3 "" -- "$NQPF" run "$TMP/fail2.json"
check "the old results are back in place (and a failed run left them)" -- test "$(snapshot "$TMP/keep.out")" = "$(cat "$TMP/snap.before")"
check "the interrupted work folder is gone" -- test ! -e "$W"

# 7. An output folder reached through a symbolic link: the link stays a link, its target is replaced.
mkdir -p "$TMP/real.out"
ln -sfn "$TMP/real.out" "$TMP/link.out"
study link "{\"out\": \"link.out\", $DATA, \"steps\": [$TFP]}"
expect_exit 0 "" -- "$NQPF" run "$TMP/link.json" -q
check "the link is still a link" -- test -L "$TMP/link.out"
check "the results are in the link's target" -- test -s "$TMP/real.out/tfp.csv"
check "no work folder beside the target" -- no_work "$TMP" real.out

# 8. The study's data inside the output folder: refused, data intact (hostile_output.sh has the case
#    of a data file named like an output; here one named otherwise).
mkdir -p "$TMP/in.out" && cp "$D/panel.csv" "$TMP/in.out/panel.csv"
study inside "{\"out\": \"in.out\", \"data\": {\"file\": \"in.out/panel.csv\", \"id\": \"unit\", \"time\": \"year\"}, \"steps\": [$TFP]}"
expect_exit 5 "holds 'panel.csv', which no run of this study wrote" -- "$NQPF" run "$TMP/inside.json"
check "the data inside the output folder are intact" -- cmp -s "$TMP/in.out/panel.csv" "$D/panel.csv"
finish
