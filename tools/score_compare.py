#!/usr/bin/env python3
"""Score `lexcn compare` against the hand-labelled gold in tests/gold/compare/*.tsv.

For each group (one .tsv file) the documents named in its "# doc" header lines are
given, in that order, to `lexcn compare --format json`, and the rows are read back:

  - a topic is HELD STRICTLY when one row holds every labelled cell of the topic:
    for each document with a label, every labelled eid is among that row's eids
    for the document (a paragraph label art_5__para_2 needs art_5__para_2 itself);
  - a topic is HELD LENIENTLY when it is not held strictly but one row holds every
    labelled cell up to the article: the row has an eid that contains the label
    (art_5 for art_5__para_2, art_5__para_2 for art_5__para_2__item_1) or is a part
    of it (art_5__para_1 for the label art_5).  Counted apart from the strict ones;
  - cells missed: for a topic not held strictly, the labelled cells that the best
    row (the one holding most of them, strictly first) does not hold strictly;
  - extra: a held topic whose row also has a provision of a document the gold says
    has none ("-") for it; reported, it does not undo the hold;
  - apart pairs violated: a row that holds (overlapping eids, either way) both
    provisions of an apart pair;
  - labelled eids that `lexcn parse --format json` of the document does not
    have (the gold or the parser has moved: check before trusting the scores).

Exit status: 0, whatever the scores; 1 with --min-held N when the share of topics
held (strictly; with --lenient strictly or leniently) over all groups is below N
percent; 2 on a usage error, a malformed gold file, a missing document or a
compare run that fails (named on stderr).  No package beyond python3.
"""

import argparse
import json
import os
import re
import subprocess
import sys

EID_RE = re.compile(r"^(art_[0-9]+|preamble|closing)(__para_[0-9]+(__item_[0-9]+)?)?$")


class GoldError(Exception):
    pass


def parse_gold(path):
    """Reads one group file: its documents (key, root:relpath) in order, topics
    {id: {doc: [eids]}} in file order, and apart pairs [(doc, eid, doc, eid, why)]."""
    docs, topics, order, apart = [], {}, [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (path, n)
            if line.startswith("# doc\t"):
                parts = line.split("\t")
                if len(parts) < 3:
                    raise GoldError(where + ": doc line needs key and path")
                if any(k == parts[1] for k, _ in docs):
                    raise GoldError(where + ": doc key %s given twice" % parts[1])
                docs.append((parts[1], parts[2]))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if parts[0] == "apart":
                if len(parts) < 3:
                    raise GoldError(where + ": apart needs two doc:eid fields")
                ends = []
                for field in parts[1:3]:
                    key, _, eid = field.partition(":")
                    if not any(k == key for k, _ in docs):
                        raise GoldError(where + ": unknown doc key %s" % key)
                    if not EID_RE.match(eid):
                        raise GoldError(where + ": bad eid %s" % eid)
                    ends += [key, eid]
                apart.append(tuple(ends) + ((parts[3] if len(parts) > 3 else ""),))
                continue
            if len(parts) < 3:
                raise GoldError(where + ": need topic, doc, eids")
            topic, key, eids = parts[0], parts[1], parts[2]
            if not any(k == key for k, _ in docs):
                raise GoldError(where + ": unknown doc key %s" % key)
            cell = [] if eids == "-" else eids.split(",")
            for e in cell:
                if not EID_RE.match(e):
                    raise GoldError(where + ": bad eid %s" % e)
            if topic not in topics:
                topics[topic] = {}
                order.append(topic)
            if key in topics[topic]:
                raise GoldError(where + ": topic %s has doc %s twice" % (topic, key))
            topics[topic][key] = cell
    if len(docs) < 2:
        raise GoldError(path + ": fewer than two documents")
    for t in order:
        missing = [k for k, _ in docs if k not in topics[t]]
        if missing:
            raise GoldError("%s: topic %s has no line for %s" % (path, t, ",".join(missing)))
        if sum(1 for k, _ in docs if topics[t][k]) < 2:
            raise GoldError("%s: topic %s labels fewer than two documents" % (path, t))
    placed = {}                     # (doc, eid) -> topic: no provision in two topics
    for t in order:
        for k, es in topics[t].items():
            for e in es:
                for (k2, e2), t2 in placed.items():
                    if k2 == k and covers(e2, e):
                        raise GoldError("%s: %s:%s is in topic %s and, as %s, in %s" % (
                            path, k, e, t, e2, t2))
                placed[(k, e)] = t
    for a_doc, a_eid, b_doc, b_eid, _ in apart:
        for t in order:
            if any(covers(e, a_eid) for e in topics[t][a_doc]) and \
               any(covers(e, b_eid) for e in topics[t][b_doc]):
                raise GoldError("%s: apart pair %s:%s %s:%s is inside topic %s" % (
                    path, a_doc, a_eid, b_doc, b_eid, t))
    return docs, [(t, topics[t]) for t in order], apart


def cell_eids(cell):
    """The eids a compare cell holds: null, an eid string, a list of them, or
    objects with "eid"/"eids" (lists of such are read through)."""
    out = []
    if cell is None:
        return out
    if isinstance(cell, str):
        return [e for e in cell.split(",") if e]
    if isinstance(cell, list):
        for c in cell:
            out += cell_eids(c)
        return out
    if isinstance(cell, dict):
        for k in ("eid", "eids", "parts", "provisions"):
            if k in cell:
                out += cell_eids(cell[k])
        return out
    return out


def covers(x, label):
    """x holds label at the article level: same, an ancestor or a part of it."""
    return x == label or label.startswith(x + "__") or x.startswith(label + "__")


def resolve(spec, roots):
    root, sep, rel = spec.partition(":")
    if not sep or root not in roots:
        raise GoldError("document %s: root must be one of %s" % (spec, ", ".join(sorted(roots))))
    return os.path.join(roots[root], rel)


def run_compare(lexcn, paths):
    try:
        p = subprocess.run([lexcn, "compare", "--format", "json"] + paths,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise GoldError("%s: %s" % (lexcn, e.strerror))
    if p.returncode != 0:
        msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GoldError("%s compare exited %d: %s" % (lexcn, p.returncode, msg[0] if msg else ""))
    try:
        data = json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        raise GoldError("%s compare: output is not JSON: %s" % (lexcn, e))
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise GoldError("%s compare: no \"rows\" list in the JSON" % lexcn)
    return data["rows"]


def parse_eids(lexcn, path):
    """The eids of the tree `lexcn parse --format json` gives for path."""
    try:
        p = subprocess.run([lexcn, "parse", "--format", "json", path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise GoldError("%s: %s" % (lexcn, e.strerror))
    if p.returncode != 0:
        raise GoldError("%s parse %s exited %d" % (lexcn, path, p.returncode))
    try:
        data = json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        raise GoldError("%s parse %s: output is not JSON: %s" % (lexcn, path, e))
    out, stack = set(), [data]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            if isinstance(o.get("eid"), str):
                out.add(o["eid"])
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
    return out


def unknown_eids(docs, topics, apart, known):
    """Labelled eids that the parse of their document does not have."""
    bad = []
    for t, lab in topics:
        bad += ["%s %s:%s" % (t, k, e) for k, es in lab.items() for e in es if e not in known[k]]
    for a_doc, a_eid, b_doc, b_eid, _ in apart:
        bad += ["apart %s:%s" % (k, e) for k, e in ((a_doc, a_eid), (b_doc, b_eid))
                if e not in known[k]]
    return bad


def score_group(name, docs, topics, apart, rows, verbose, unknown=()):
    keys = [k for k, _ in docs]
    table = []                      # per row: {doc: [eids]}
    for r in rows:
        cells = r.get("cells", []) if isinstance(r, dict) else []
        table.append({keys[i]: cell_eids(c) for i, c in enumerate(cells[:len(keys)])})
    strict = lenient = 0
    missed, extras = [], []
    for t, lab in topics:
        labelled = [(k, lab[k]) for k in keys if lab[k]]
        best, best_score, kind = None, (-1, -1), None
        full_lenient = None
        for i, row in enumerate(table):
            s = sum(1 for k, es in labelled if all(e in row.get(k, []) for e in es))
            l = sum(1 for k, es in labelled
                    if all(any(covers(x, e) for x in row.get(k, [])) for e in es))
            if (s, l) > best_score:
                best, best_score = i, (s, l)
            if l == len(labelled) and full_lenient is None:
                full_lenient = i
        if best is not None and best_score[0] == len(labelled):
            strict += 1
            kind = "strict"
        elif full_lenient is not None:
            lenient += 1
            kind = "lenient"
            best = full_lenient
        if kind:
            row = table[best]
            extra = [k for k in keys if not lab[k] and row.get(k)]
            if extra:
                extras.append("%s row %d: %s" % (t, best + 1, ", ".join(
                    "%s %s" % (k, ",".join(row[k])) for k in extra)))
        if kind != "strict":
            row = table[best] if best is not None else {}
            miss = ["%s %s" % (k, ",".join(es)) for k, es in labelled
                    if not all(e in row.get(k, []) for e in es)]
            got = "; ".join("%s %s" % (k, ",".join(row[k])) for k in keys if row.get(k))
            missed.append("%s%s: missed %s  (best row %s: %s)" % (
                t, " (lenient)" if kind == "lenient" else "", "; ".join(miss),
                best + 1 if best is not None else "-", got or "nothing"))
    violated = []
    for a_doc, a_eid, b_doc, b_eid, why in apart:
        for i, row in enumerate(table):
            if any(covers(x, a_eid) for x in row.get(a_doc, [])) and \
               any(covers(x, b_eid) for x in row.get(b_doc, [])):
                violated.append("%s:%s + %s:%s in row %d (%s)" % (
                    a_doc, a_eid, b_doc, b_eid, i + 1, why))
                break
    n = len(topics)
    print("group %s: %d documents, %d rows, %d topics, %d apart pairs" % (
        name, len(docs), len(rows), n, len(apart)))
    print("  topics held strictly: %d/%d (%.1f%%); leniently: %d more; held in all: %d/%d (%.1f%%)" % (
        strict, n, 100.0 * strict / n, lenient, strict + lenient, n, 100.0 * (strict + lenient) / n))
    print("  labelled eids not in lexcn's parse: %d" % len(unknown))
    for u in unknown:
        print("    " + u)
    print("  cells missed: %d topics not held strictly" % len(missed))
    for m in missed:
        print("    " + m)
    print("  apart pairs violated: %d/%d" % (len(violated), len(apart)))
    for v in violated:
        print("    " + v)
    if verbose or extras:
        print("  held rows with a cell where the gold says none: %d" % len(extras))
        for e in extras:
            print("    " + e)
    return n, strict, lenient, len(violated), len(apart)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lexcn", default=os.path.join(repo, "build", "lexcn"))
    ap.add_argument("--gold", default=os.path.join(repo, "tests", "gold", "compare"),
                    help="directory of GROUP.tsv files")
    ap.add_argument("--lawrefbook", default=os.environ.get(
        "LEXCN_LAWREFBOOK", "/work/shared/corpus/lawrefbook"))
    ap.add_argument("--seeds", default=os.environ.get("LEXCN_SEEDS", "/work/shared/seeds"))
    ap.add_argument("--min-held", metavar="N%", default=None,
                    help="exit 1 when fewer than N%% of all topics are held")
    ap.add_argument("--lenient", action="store_true",
                    help="with --min-held, count the topics held leniently too")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("groups", nargs="*", help="group names (default: every .tsv)")
    a = ap.parse_args()
    min_held = None
    if a.min_held is not None:
        try:
            min_held = float(a.min_held.rstrip("%"))
        except ValueError:
            print("score_compare: --min-held: not a number: %s" % a.min_held, file=sys.stderr)
            return 2
    roots = {"repo": repo, "lawrefbook": a.lawrefbook, "seeds": a.seeds}
    try:
        names = a.groups or sorted(f[:-4] for f in os.listdir(a.gold) if f.endswith(".tsv")
                                   and not f.startswith("precision"))  # precision-rows.tsv: not a group
    except OSError as e:
        print("score_compare: %s: %s" % (a.gold, e.strerror), file=sys.stderr)
        return 2
    if not names:
        print("score_compare: %s: no .tsv files" % a.gold, file=sys.stderr)
        return 2
    total = [0, 0, 0, 0, 0]
    status = 0
    for name in names:
        path = os.path.join(a.gold, name + ".tsv")
        try:
            docs, topics, apart = parse_gold(path)
            paths = [resolve(spec, roots) for _, spec in docs]
            for p in paths:
                if not os.path.isfile(p):
                    raise GoldError("%s: document missing: %s" % (path, p))
            known = {k: parse_eids(a.lexcn, p) for (k, _), p in zip(docs, paths)}
            rows = run_compare(a.lexcn, paths)
        except GoldError as e:
            print("score_compare: %s" % e, file=sys.stderr)
            status = 2
            continue
        except OSError as e:
            print("score_compare: %s: %s" % (e.filename or path, e.strerror), file=sys.stderr)
            status = 2
            continue
        unknown = unknown_eids(docs, topics, apart, known)
        for i, v in enumerate(score_group(name, docs, topics, apart, rows, a.verbose, unknown)):
            total[i] += v
    n, s, l, v, ap_n = total
    if n:
        print("all groups: topics held strictly %d/%d (%.1f%%), leniently %d more (%.1f%% in all); apart pairs violated %d/%d" % (
            s, n, 100.0 * s / n, l, 100.0 * (s + l) / n, v, ap_n))
    if status:
        return status
    if min_held is not None:
        held = s + l if a.lenient else s
        if n == 0 or 100.0 * held / n < min_held:
            print("score_compare: held %.1f%% < --min-held %g%%" % (
                100.0 * held / n if n else 0.0, min_held), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
