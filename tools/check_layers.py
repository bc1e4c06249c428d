#!/usr/bin/env python3
"""check_layers.py: no circle between files or folders, and every folder
uses only the folders below it.

Two graphs are read from the built tree:
  - includes: the quoted #include lines of every .c, .cc and .h of the
    library and the CLI (the public headers in include/lexcn/ count as the
    folder "include");
  - calls: which object file uses a symbol another defines (nm of the
    objects in BUILD), so a function-level circle between two files shows
    even when each includes only a header of its own folder.
Folders and what each may use (the flow: raw -> reader -> parser -> cite ->
render -> tokenize/diff/compare/index -> cli; base holds the helpers):
"""
import os
import re
import subprocess
import sys

ALLOWED = {
    "include": set(),
    "base": {"include"},
    "reader": {"include", "base"},
    "parser": {"include", "base", "reader"},
    "cite": {"include", "base", "parser"},
    "render": {"include", "base", "parser", "cite", "tokenize"},
    "tokenize": {"include", "base", "parser"},
    "diff": {"include", "base", "parser", "render"},
    "compare": {"include", "base", "parser", "render", "diff"},
    "index": {"include", "base", "parser", "render", "tokenize", "cite"},
    "cli": {"include", "base", "parser", "cite", "render", "tokenize",
            "diff", "compare", "index", "amend"},
    "amend": {"include", "base", "parser", "cite", "render", "diff"},
}
# serve/ (lexcn serve): above every library folder; only the CLI's
# cmd_serve.c uses it.
ALLOWED["serve"] = {"include", "base", "parser", "cite", "render",
                    "tokenize", "diff", "compare", "index", "amend"}
ALLOWED["cli"] = ALLOWED["cli"] | {"serve"}
__doc__ += "".join(f"    {k:9} {', '.join(sorted(v)) or '-'}\n"
                   for k, v in ALLOWED.items())


def folder(path):
    return path.split("/")[0]


def includes(root):
    graph = {}
    for d in ALLOWED:
        base = os.path.join(root, d if d != "include" else "include/lexcn")
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            if not name.endswith((".c", ".cc", ".h")):
                continue
            path = os.path.join(base, name)
            rel = os.path.relpath(path, root)
            deps = set()
            for line in open(path, encoding="utf-8"):
                m = re.match(r'\s*#\s*include\s*([<"])([^">]+)[">]', line)
                if not m:
                    continue
                inc = m.group(2)
                if m.group(1) == "<":
                    if inc.startswith("lexcn/"):
                        deps.add("include/" + inc)
                    continue
                deps.add(os.path.normpath(os.path.join(os.path.dirname(rel), inc)))
            graph[rel] = deps
    return graph


def calls(build):
    defs, uses = {}, {}
    for d in ALLOWED:
        base = os.path.join(build, d)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            if not name.endswith(".o"):
                continue
            obj = os.path.join(base, name)
            src = os.path.join(d, name[:-2])
            out = subprocess.run(["nm", obj], capture_output=True, text=True,
                                 check=True).stdout
            u = set()
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == "U":
                    u.add(parts[1])
                elif len(parts) == 3 and parts[1] in "TDBR":
                    defs.setdefault(parts[2], src)
            uses[src] = u
    return {f: {defs[s] for s in u if s in defs and defs[s] != f}
            for f, u in uses.items()}


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    build = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "build")
    show = "--graph" in sys.argv
    bad = 0
    inc = includes(root)
    graphs = [("include", inc)]
    if os.path.isdir(build):
        graphs.append(("call", calls(build)))
    for kind, g in graphs:
        for f, deps in sorted(g.items()):
            for t in sorted(deps):
                a, b = folder(f), folder(t)
                if a != b and b not in ALLOWED.get(a, set()):
                    print(f"layers: {f} -> {t}: {a}/ may not use {b}/")
                    bad += 1
        for c in cycles(g):
            print(f"layers: {kind} circle between files: {' -> '.join(c)}")
            bad += 1
        fg = {}
        for f, deps in g.items():
            fg.setdefault(folder(f), set()).update(
                folder(t) for t in deps if folder(t) != folder(f))
        for c in cycles(fg):
            print(f"layers: {kind} circle between folders: {' -> '.join(c)}")
            bad += 1
        if show:
            print(f"{kind} graph between folders:")
            for a in ALLOWED:
                if a in fg:
                    print(f"  {a:9} -> {', '.join(sorted(fg[a])) or '-'}")
    n = sum(len(g) for _, g in graphs)
    print(f"layers: {n} files in {len(graphs)} graphs, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
