# Outputs that destroy data: -o naming an input (any spelling), a device node, a FIFO or a symbolic
# link is refused with exit 5 (output not written) and the thing named is left as it was; a
# rewritten result keeps its permissions; a study whose output would replace its own data file is
# refused the same way. Expected results are the files' own earlier bytes, inodes and modes.
source "$(dirname "$0")/lib.bash"

printf 'id,t,x,y\nA,1,2,1\nB,1,4,5\nC,1,8,8\nA,2,2,2\nB,2,4,5\nC,2,8,8\n' >"$TMP/p.csv"
cp "$TMP/p.csv" "$TMP/p.orig"
P=(--id id --time t --inputs x --outputs y)
intact() { cmp -s "$TMP/p.csv" "$TMP/p.orig"; }

# The input as output, however spelled.
expect_exit 5 "p.csv: cannot replace the file: expected an output path different from the input, found the input file" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/p.csv"
check "-o equal to the input: the input is intact" -- intact
expect_exit 5 "found the input file $TMP/p.csv itself" -- \
  bash -c "cd '$TMP' && exec '$NQPF' dea '$TMP/p.csv' ${P[*]} -o ./p.csv"
check "-o ./input (relative): the input is intact" -- intact
mkdir -p "$TMP/sub"
expect_exit 5 "expected an output path different from the input" -- \
  bash -c "cd '$TMP/sub' && exec '$NQPF' dea ../p.csv ${P[*]} -o '$TMP/sub/../p.csv'"
check "-o sub/../input: the input is intact" -- intact
ln "$TMP/p.csv" "$TMP/hard.csv"
expect_exit 5 "hard.csv: cannot replace the file: expected an output path different from the input, found the input file" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/hard.csv"
check "-o a hard link to the input: the input is intact" -- intact
expect_exit 5 "expected an output path different from the input" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/p.csv" --log "$TMP/p.log"
check "-o equal to the input: no log written" -- test ! -e "$TMP/p.log"
expect_exit 5 "expected an output path different from the input" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/r.csv" --log "$TMP/p.csv"
check "--log equal to the input: the input is intact" -- intact
check "--log equal to the input: no result written either" -- test ! -e "$TMP/r.csv"

# A symbolic link, to the input or to anything else, is refused and stays a link.
ln -s "$TMP/p.csv" "$TMP/link.csv"
expect_exit 5 "link.csv: cannot replace the file: expected a regular file or a new name, found a symbolic link" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/link.csv"
check "-o a link to the input: still a link" -- test -L "$TMP/link.csv"
check "-o a link to the input: the input is intact" -- intact
printf 'old\n' >"$TMP/other.csv"
ln -s "$TMP/other.csv" "$TMP/link2.csv"
expect_exit 5 "link2.csv: cannot replace the file: expected a regular file or a new name, found a symbolic link" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/link2.csv"
check "-o a link elsewhere: still a link" -- test -L "$TMP/link2.csv"
check "-o a link elsewhere: its target is unchanged" -- grep -qx old "$TMP/other.csv"

# A FIFO and a device node are refused and stay what they were (never a test on /dev/null itself).
mkfifo "$TMP/fifo"
expect_exit 5 "fifo: cannot replace the file: expected a regular file or a new name, found a FIFO" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/fifo"
check "-o a FIFO: still a FIFO" -- test -p "$TMP/fifo"
if mknod "$TMP/null" c 1 3 2>/dev/null; then
  expect_exit 5 "null: cannot replace the file: expected a regular file or a new name, found a device" -- \
    "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/null"
  check "-o a device node: still a character device" -- test -c "$TMP/null"
  expect_exit 5 "null.xlsx: cannot replace the file: expected a regular file or a new name, found a device" -- \
    bash -c "mknod '$TMP/null.xlsx' c 1 3 && exec '$NQPF' dea '$TMP/p.csv' ${P[*]} -o '$TMP/null.xlsx'"
  check "-o a device node (.xlsx): still a character device" -- test -c "$TMP/null.xlsx"
else
  skip_case "hostile_output: device node" "mknod needs root"
fi
mkdir -p "$TMP/dir.csv"
expect_exit 5 "dir.csv: cannot replace the file: expected a regular file or a new name, found a folder" -- \
  "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/dir.csv"

# Modes: a rewritten 0600 result stays 0600 (CSV, JSON, XLSX); a new file follows the umask.
for ext in csv json xlsx; do
  expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/r600.$ext"
  chmod 600 "$TMP/r600.$ext"
  expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/r600.$ext"
  check "a rewritten 0600 .$ext result stays 0600 ($(stat -c %a "$TMP/r600.$ext"))" -- \
    test "$(stat -c %a "$TMP/r600.$ext")" = 600
done
expect_exit 0 "" -- bash -c "umask 027 && exec '$NQPF' dea '$TMP/p.csv' ${P[*]} -o '$TMP/new.csv'"
check "a new result follows the umask (027 -> 640: $(stat -c %a "$TMP/new.csv"))" -- \
  test "$(stat -c %a "$TMP/new.csv")" = 640
expect_exit 0 "" -- "$NQPF" dea "$TMP/p.csv" "${P[@]}" -o "$TMP/p.json"
check "an output beside the input is fine, and the input is intact" -- intact

# A study whose data file is where a step's output goes: refused, the data intact.
mkdir -p "$TMP/study/out"
cp "$TMP/p.csv" "$TMP/study/out/eff.csv"
cat >"$TMP/study/s.json" <<'JSON'
{"title": "t", "out": "out", "data": {"file": "out/eff.csv", "id": "id", "time": "t"},
 "steps": [{"type": "dea", "name": "eff", "inputs": ["x"], "outputs": ["y"]}]}
JSON
expect_exit 5 "eff.csv: cannot replace the file: expected an output path different from the input, found the input file" -- \
  "$NQPF" run "$TMP/study/s.json" -q
check "a study writing over its data: the data are intact" -- cmp -s "$TMP/study/out/eff.csv" "$TMP/p.orig"
finish
