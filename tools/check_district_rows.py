#!/usr/bin/env python3
"""Check and count tests/gold/compare/district-rows.txt (issue 19, district measures in the rows).

Runs `lexcn compare --format json` on the national SME law, Shanghai's statute and the
西城区 若干措施 (corpus/, in that order), then checks the hand labels against the output:

  - every row holding a national or Shanghai provision has exactly one label line, and
    the line's national, Shanghai and district cells are the row's (row index 1-based);
  - the verdict agrees with the district cell: a = the cell is the article in "belongs",
    b = an article belongs and the cell is not it, c = nothing belongs and the cell is
    empty, d = nothing belongs and the cell is not empty.

It prints the counts of a, b, c, d, the rows where a district article belongs, and the
district articles that no labelled row holds.  The labels are a reading of one output:
when compare changes, the check fails and the rows must be read again.

Exit status: 0 when labels and output agree; 1 when they do not (each difference named
on stderr); 2 on a usage error, a missing file or a failing lexcn run.  No package
beyond python3.
"""

import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = ["corpus/national-sme-promotion-law-2017.md",
        "corpus/shanghai-sme-promotion-2018.md",
        "corpus/001_c0ea6a18b747ef18.txt"]
GOLD = "tests/gold/compare/district-rows.txt"


def die(msg):
    print("check_district_rows: " + msg, file=sys.stderr)
    sys.exit(2)


def cell(eids):
    return ",".join(eids) if eids else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexcn", default=os.path.join(ROOT, "build", "lexcn"))
    ap.add_argument("--gold", default=os.path.join(ROOT, GOLD))
    a = ap.parse_args()

    labels = {}
    try:
        with open(a.gold, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                col = line.split("\t")
                if len(col) != 7 or not col[0].isdigit() or col[4] not in "abcd" or len(col[4]) != 1:
                    die("%s:%d: want row, national, shanghai, district, verdict a-d, belongs, why" % (a.gold, n))
                row = int(col[0])
                if row in labels:
                    die("%s:%d: row %d labelled twice" % (a.gold, n, row))
                labels[row] = col
    except OSError as e:
        die("%s: %s" % (a.gold, e.strerror))

    paths = [os.path.join(ROOT, p) for p in DOCS]
    try:
        p = subprocess.run([a.lexcn, "compare", "--format", "json"] + paths,
                           capture_output=True, text=True)
    except OSError as e:
        die("%s: %s" % (a.lexcn, e.strerror))
    if p.returncode != 0:
        die("%s compare exited %d: %s" % (a.lexcn, p.returncode, p.stderr.strip()[:200]))
    try:
        rows = json.loads(p.stdout)["rows"]
    except (ValueError, KeyError, TypeError) as e:
        die("%s compare: unreadable JSON (%s)" % (a.lexcn, e))

    bad = 0
    count = collections.Counter()
    held = set()
    for i, r in enumerate(rows, 1):
        c = r["cells"]
        if not c[0] and not c[1]:
            continue
        held.update(c[2])
        lab = labels.pop(i, None)
        if lab is None:
            print("row %d (%s | %s | %s) has no label" % (i, cell(c[0]), cell(c[1]), cell(c[2])), file=sys.stderr)
            bad += 1
            continue
        got = [cell(c[0]), cell(c[1]), cell(c[2])]
        if lab[1:4] != got:
            print("row %d: label says %s, output has %s" % (i, " | ".join(lab[1:4]), " | ".join(got)), file=sys.stderr)
            bad += 1
            continue
        v, belongs, dist = lab[4], lab[5], got[2]
        ok = {"a": belongs != "-" and dist == belongs,
              "b": belongs != "-" and dist != belongs,
              "c": belongs == "-" and dist == "-",
              "d": belongs == "-" and dist != "-"}[v]
        if not ok:
            print("row %d: verdict %s does not fit belongs %s and district cell %s" % (i, v, belongs, dist), file=sys.stderr)
            bad += 1
        count[v] += 1
    for row in sorted(labels):
        print("row %d is labelled but holds no national or Shanghai provision (or does not exist)" % row, file=sys.stderr)
        bad += 1

    total = sum(count.values())
    print("labelled rows: %d (of %d rows)" % (total, len(rows)))
    for v in "abcd":
        print("  %s %d" % (v, count[v]))
    print("rows where a district article belongs: %d, holding it: %d" % (count["a"] + count["b"], count["a"]))
    every = set()
    for r in rows:
        every.update(r["cells"][2])
    unheld = sorted(every - held, key=lambda e: (len(e), e))
    print("district provisions no labelled row holds (%d): %s" % (len(unheld), " ".join(unheld)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
