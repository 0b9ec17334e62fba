#!/usr/bin/env python3
"""Writes the encoding twins of yearbook.csv with Python's own csv and codecs modules (an
independent converter: nothing of nqpf is used). Run from this folder: python3 make.py

  yearbook_gb18030.csv  the same cells, GB18030 bytes (what Excel on Chinese Windows writes), CRLF
  yearbook_utf16.txt    Excel's "Unicode text": UTF-16LE with a byte order mark, tab-delimited, CRLF
"""
import csv
import io

with open("yearbook.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))

out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(rows)
with open("yearbook_gb18030.csv", "wb") as f:
    f.write(out.getvalue().encode("gb18030"))

out = io.StringIO()
csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
with open("yearbook_utf16.txt", "wb") as f:
    f.write(b"\xff\xfe" + out.getvalue().encode("utf-16-le"))
