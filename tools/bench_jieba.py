"""bench_jieba.py: jieba (default mode: precise, HMM on) over the same files as
bench_tokenize, the text of each file cut at once, one core, best of N rounds.
Usage: bench_jieba.py DIR [ROUNDS]"""
import os
import sys
import time

import jieba

jieba.setLogLevel(60)


def main():
    root = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    paths = []
    for d, _, fs in os.walk(root):
        for f in fs:
            if (f.endswith(".md") or f.endswith(".txt")) and f != "README.md":
                paths.append(os.path.join(d, f))
    paths.sort()
    texts = [open(p, encoding="utf-8", errors="replace").read() for p in paths]
    size = sum(os.path.getsize(p) for p in paths)
    t0 = time.monotonic()
    jieba.initialize()
    init = time.monotonic() - t0
    best = None
    for _ in range(rounds):
        tokens = 0
        t0 = time.monotonic()
        for text in texts:
            tokens += sum(1 for w in jieba.cut(text) if not w.isspace())
        el = time.monotonic() - t0
        best = el if best is None else min(best, el)
    print(f"jieba (default mode): {len(paths)} files, {size / 1e6:.1f} MB, {tokens} tokens: "
          f"best of {rounds} rounds {best:.3f} s = {size / 1e6 / best:.1f} MB/s (start-up {init:.3f} s)")


main()
