#!/usr/bin/env python3
"""Draw the random rows of `lexcn compare` for the precision check of issue 19, and print them.

For each subject group of tests/gold/compare/GROUP.tsv (the groups in sorted name order,
the documents in the order of the file's "# doc" header lines, paths resolved as
tools/score_compare.py does) it runs `lexcn compare --format json DOC...` and keeps the
rows whose cells name provisions of two or more documents ("eligible" rows).  The sample
size N (default 50) is spread over the groups in proportion to their eligible rows
(largest remainder, ties to the group first in name order); then, with one
random.Random(SEED) (default 19) used for every group in turn, random.sample picks that
many eligible rows in each group, printed in row order.

Printed per sampled row: group, row index (1-based, over all rows of the compare output,
as score_compare.py counts them), the row's topic and similarity, and for each cell the
document key, the eid, its label and the text of the provision (the text of the node and
all its descendants, from `lexcn parse --format json` of the document).  With --tsv, one
line per row: group, row index, cells (key:eid, comma-separated), ready to be labelled.

Exit status: 0; 2 on a usage error, a malformed gold header, a missing document or a
failing lexcn run (named on stderr).  No package beyond python3.
"""

import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in tools/ from the import below
sys.path.insert(0, HERE)
import score_compare  # noqa: E402  (parse_gold, resolve, GoldError)


class SampleError(Exception):
    pass


def run_json(lexcn, args):
    try:
        p = subprocess.run([lexcn] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise SampleError("%s: %s" % (lexcn, e.strerror))
    if p.returncode != 0:
        msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SampleError("%s %s exited %d: %s" % (lexcn, " ".join(args[:1]), p.returncode,
                                                   msg[0] if msg else ""))
    try:
        return json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        raise SampleError("%s %s: output is not JSON: %s" % (lexcn, args[0], e))


def node_text(node):
    """Heading, label-less text of a parse node and all its descendants, in order."""
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        if not isinstance(n, dict):
            continue
        part = ""
        if n.get("type") == "item" and n.get("label"):
            part += n["label"]
        if n.get("heading"):
            part += "【%s】" % n["heading"]
        if n.get("text"):
            part += n["text"]
        if part:
            out.append(part)
        stack.extend(reversed(n.get("children") or []))
    return " / ".join(out)


def texts_by_eid(tree):
    """{eid: (label, text)} for every node of the parse tree's body and back matter
    (not the citations, whose targets name eids too)."""
    out = {}
    stack = [tree.get("body") or [], tree.get("back_matter") or []] if isinstance(tree, dict) else []
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            if isinstance(o.get("eid"), str) and o.get("type") and o["eid"] not in out:
                out[o["eid"]] = (o.get("label") or "", node_text(o))
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return out


def cells_of(row, ndocs):
    """The row's eids per document (lists, one per document in order)."""
    cells = row.get("cells", []) if isinstance(row, dict) else []
    out = [score_compare.cell_eids(c) for c in cells[:ndocs]]
    return out + [[] for _ in range(ndocs - len(out))]


def spread(n, sizes):
    """n split over the groups in proportion to sizes (largest remainder)."""
    total = sum(sizes)
    if total == 0:
        return [0] * len(sizes)
    exact = [n * s / total for s in sizes]
    got = [int(x) for x in exact]
    order = sorted(range(len(sizes)), key=lambda i: (-(exact[i] - got[i]), i))
    for i in order[:n - sum(got)]:
        got[i] += 1
    return got


def load_group(lexcn, gold_dir, name, roots):
    path = os.path.join(gold_dir, name + ".tsv")
    docs, _, _ = score_compare.parse_gold(path)
    paths = [score_compare.resolve(spec, roots) for _, spec in docs]
    for p in paths:
        if not os.path.isfile(p):
            raise SampleError("%s: document missing: %s" % (path, p))
    data = run_json(lexcn, ["compare", "--format", "json"] + paths)
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise SampleError("%s compare: no \"rows\" list in the JSON" % lexcn)
    texts = [texts_by_eid(run_json(lexcn, ["parse", "--format", "json", p])) for p in paths]
    return [k for k, _ in docs], data["rows"], texts


def main():
    repo = os.path.dirname(HERE)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lexcn", default=os.path.join(repo, "build", "lexcn"))
    ap.add_argument("--gold", default=os.path.join(repo, "tests", "gold", "compare"))
    ap.add_argument("--lawrefbook", default=os.environ.get(
        "LEXCN_LAWREFBOOK", "/work/shared/corpus/lawrefbook"))
    ap.add_argument("--seeds", default=os.environ.get("LEXCN_SEEDS", "/work/shared/seeds"))
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("-n", type=int, default=50, help="rows to draw (default 50)")
    ap.add_argument("--tsv", action="store_true", help="one line per row: group, row, cells")
    a = ap.parse_args()
    roots = {"repo": repo, "lawrefbook": a.lawrefbook, "seeds": a.seeds}
    try:
        names = sorted(f[:-4] for f in os.listdir(a.gold)
                       if f.endswith(".tsv") and not f.startswith("precision"))
    except OSError as e:
        print("sample_compare_rows: %s: %s" % (a.gold, e.strerror), file=sys.stderr)
        return 2
    groups = []
    try:
        for name in names:
            keys, rows, texts = load_group(a.lexcn, a.gold, name, roots)
            eligible = [i for i, r in enumerate(rows)
                        if sum(1 for c in cells_of(r, len(keys)) if c) >= 2]
            groups.append((name, keys, rows, texts, eligible))
    except (score_compare.GoldError, SampleError) as e:
        print("sample_compare_rows: %s" % e, file=sys.stderr)
        return 2
    quota = spread(a.n, [len(g[4]) for g in groups])
    rng = random.Random(a.seed)
    if not a.tsv:
        print("# seed %d, %d rows; eligible rows (cells in 2+ documents) per group: %s" % (
            a.seed, a.n, ", ".join("%s %d/%d -> %d" % (g[0], len(g[4]), len(g[2]), q)
                                   for g, q in zip(groups, quota))))
    for (name, keys, rows, texts, eligible), q in zip(groups, quota):
        for i in sorted(rng.sample(eligible, q)):
            r = rows[i]
            cells = cells_of(r, len(keys))
            if a.tsv:
                print("%s\t%d\t%s" % (name, i + 1, ",".join(
                    "%s:%s" % (k, e) for k, es in zip(keys, cells) for e in es)))
                continue
            print("\n== %s row %d  (topic %s, similarity %s)" % (
                name, i + 1, r.get("topic"), r.get("similarity")))
            for d, (k, es) in enumerate(zip(keys, cells)):
                for e in es:
                    label, text = texts[d].get(e, ("?", "(eid not in lexcn's parse)"))
                    print("  %s:%s %s  %s" % (k, e, label, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
