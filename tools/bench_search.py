"""bench_search.py: lexcn's index next to SQLite FTS5 (trigram tokenizer) and
ripgrep over the same article texts, in one run.

  build: `lexcn index` of the corpus (time with one writer, and with the
         default of one writer per core; size) vs an FTS5 table of the
         texts that `lexcn export` gives (time, size); the default build
         and FTS5's twice each, in turn, the best time of each;
  queries: 1,000 literal queries of 1 to 8 Chinese characters taken at random
         from the texts (seeded) plus a fixed list of legal terms; for each
         engine the count of matching articles, compared with the truth (the
         texts that contain the query), and the latency (lexcn: --batch
         --count --all-versions, its own per-query ms; FTS5: SELECT count(*)
         ... MATCH for 3 characters or more, and for shorter ones, which
         the trigram tokenizer cannot match (MATCH and LIKE on the table
         return nothing), a full scan with `+text LIKE` (the + keeps
         SQLite from handing the LIKE to FTS5); ripgrep: rg -c -F over a
         file of one article per line);
  incremental: an article appended to 10 files of the (copied) corpus,
         then `lexcn index` again: its time against the full build's.

Usage: bench_search.py LEXCN CORPUS_DIR WORK_DIR [N_QUERIES]
"""
import json
import os
import random
import shutil
import re
import sqlite3
import subprocess
import sys
import time


def du(path):
    total = 0
    for d, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(d, f))
    return total if os.path.isdir(path) else os.path.getsize(path)


CN = "〇零一二两三四五六七八九十百千万"
DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
DIGITS.update({"零": 0, "两": 2})
LABEL = re.compile("第([%s]+|[0-9０-９]+)([条條款项項目章节節编編])"
                   "(?:之([%s]{1,3}))?" % (CN, CN))


def cn_int(s):
    """二十八 -> 28, 一百零二 -> 102, 28 / ２８ -> 28 (labels' numerals)."""
    if s[0] not in CN:
        return int(s.translate({0xFF10 + i: 0x30 + i for i in range(10)}))
    total, section, digit = 0, 0, 0
    for c in s:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
        else:
            section += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            digit = 0
    return total + section + digit


def labels(text):
    """The article labels of text, as the tokenizer finds them."""
    return {(cn_int(m.group(1)), m.group(2).translate(str.maketrans(
        "條項節編", "条项节编")), m.group(3) and cn_int(m.group(3)))
        for m in LABEL.finditer(text)}


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))]


def build(cmd, env):
    """Runs a build; (bytes it wrote to disk, its peak RSS in bytes), from
    the kernel's accounting of the child (wait4: blocks written, the
    write_bytes of /proc/PID/io, and ru_maxrss)."""
    p = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    if status:
        sys.exit(f"bench: {' '.join(cmd)} failed ({status})")
    return ru.ru_oublock * 512, ru.ru_maxrss * 1024


def main():
    lexcn, corpus, work = sys.argv[1:4]
    nq = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    os.makedirs(work, exist_ok=True)
    # A copy of the corpus, so that the incremental run can change files.
    copy = os.path.join(work, "corpus")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy)
    corpus = copy
    db = os.path.join(work, "lexcn.db")
    # One writer (the work of one core), then the default (one writer per
    # core, merged): the index searched below is the second.
    one = os.path.join(work, "lexcn-1.db")
    subprocess.run(["rm", "-rf", db, one], check=True)
    t = time.monotonic()
    build([lexcn, "index", "--db", one, corpus],
          dict(os.environ, LEXCN_INDEX_THREADS="1"))
    t_one = time.monotonic() - t
    subprocess.run(["rm", "-rf", one], check=True)
    # The builds of lexcn (default writers) and of FTS5 twice each, in
    # turn, the best time of each kept: on a shared machine one build can
    # run a third slower than the next (2026-12-04: 31-44 s for the same
    # lexcn build, 10.6-17.5 s for FTS5's).  Bytes written: the larger of
    # lexcn's two builds; peak RSS: the first's (the second is forked from
    # this process once it holds the exported texts, and ru_maxrss counts
    # the child before its exec).
    t_lexcn = t_fts = None
    written = rss = 0
    texts = None
    fts = os.path.join(work, "fts5.db")
    for _ in range(2):
        subprocess.run(["rm", "-rf", db], check=True)
        t = time.monotonic()
        w, r = build([lexcn, "index", "--db", db, corpus], os.environ)
        dt = time.monotonic() - t
        t_lexcn = dt if t_lexcn is None else min(t_lexcn, dt)
        written, rss = max(written, w), rss or r
        if texts is None:
            rows = [json.loads(l) for l in subprocess.run(
                [lexcn, "export", "--db", db], check=True,
                capture_output=True, text=True).stdout.splitlines()]
            texts = [r["text"] for r in rows]
        if os.path.exists(fts):
            os.remove(fts)
        t = time.monotonic()
        c = sqlite3.connect(fts)
        c.execute("create virtual table a using fts5(text, tokenize='trigram')")
        c.executemany("insert into a(text) values (?)", [(x,) for x in texts])
        c.commit()
        dt = time.monotonic() - t
        t_fts = dt if t_fts is None else min(t_fts, dt)
        c.close()
    c = sqlite3.connect(fts)
    flat = os.path.join(work, "articles.txt")
    with open(flat, "w", encoding="utf-8") as f:
        for x in texts:
            f.write(x.replace("\n", " ") + "\n")
    print(f"articles: {len(texts)}")
    print(f"build (best of 2 each, in turn): lexcn index {t_lexcn:.1f} s with {os.cpu_count()} cores "
          f"({t_one:.1f} s with one writer), {du(db) / 1e6:.0f} MB; "
          f"FTS5 trigram {t_fts:.1f} s, {du(fts) / 1e6:.0f} MB")
    print(f"build: lexcn wrote {written / 1e6:.0f} MB to disk "
          f"({written / max(du(db), 1):.1f}x the index), peak RSS "
          f"{rss / 1e6:.0f} MB; ratios to FTS5: size "
          f"{du(db) / max(du(fts), 1):.2f}x, time {t_lexcn / t_fts:.2f}x")

    random.seed(2026)
    han = re.compile(r"[\u4e00-\u9fff]+")
    queries = ["政府采购", "预留", "拖欠", "股权", "百分之四十", "中小企业", "不动产",
               "当事人", "融资担保", "有期徒刑", "行政复议", "知识产权", "前款"]
    while len(queries) < nq:
        runs = han.findall(random.choice(texts))
        if not runs:
            continue
        r = random.choice(runs)
        n = random.randint(1, 8)
        if len(r) >= n:
            i = random.randint(0, len(r) - n)
            queries.append(r[i:i + n])
    # The truth: texts that contain the query; for a query that is one
    # article label, also texts with that label in other numerals.
    def truth_of(q):
        m = LABEL.fullmatch(q)
        if not m:
            return sum(1 for x in texts if q in x)
        want = next(iter(labels(q)))
        return sum(1 for x in texts if q in x or (
            "第" in x and want in labels(x)))
    truth = [truth_of(q) for q in queries]
    qfile = os.path.join(work, "queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")

    out = subprocess.run([lexcn, "search", "--db", db, "--batch", qfile,
                          "--count", "--all-versions"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    res = [json.loads(l) for l in out]
    lx_ms = [r["ms"] for r in res]
    lx_bad = sum(1 for r, w in zip(res, truth) if r["count"] != w)

    fts_ms, fts_bad = [], 0
    for q, w in zip(queries, truth):
        t = time.monotonic()
        if len(q) >= 3:
            n = c.execute("select count(*) from a where a match ?",
                          ('"' + q + '"',)).fetchone()[0]
        else:
            like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace(
                "_", "\\_") + "%"
            n = c.execute("select count(*) from a where +text like ? "
                          "escape '\\'", (like,)).fetchone()[0]
        fts_ms.append((time.monotonic() - t) * 1000)
        fts_bad += n != w
    c.close()

    rg_ms, rg_bad = [], 0
    for q, w in zip(queries[:200], truth[:200]):
        t = time.monotonic()
        p = subprocess.run(["rg", "-c", "-F", q, flat], capture_output=True,
                           text=True)
        rg_ms.append((time.monotonic() - t) * 1000)
        n = int(p.stdout.strip() or 0)
        rg_bad += n != w
    print(f"queries: {len(queries)} (ripgrep: the first 200)")
    for name, ms, bad, n in (("lexcn", lx_ms, lx_bad, len(queries)),
                             ("FTS5 trigram", fts_ms, fts_bad, len(queries)),
                             ("ripgrep", rg_ms, rg_bad, len(rg_ms))):
        print(f"  {name:13s} p50 {pct(ms, 0.5):7.2f} ms  p99 {pct(ms, 0.99):8.2f} ms"
              f"  wrong counts {bad}/{n}")

    # Ten files changed (spread over the corpus), then the same index.
    md = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus)
                for f in fs if f.endswith(".md"))
    for path in md[7::max(1, len(md) // 10)][:10]:
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n第九百九十九条 本条用于测量增量索引。\n")
    t = time.monotonic()
    build([lexcn, "index", "--db", db, corpus], os.environ)
    t_inc = time.monotonic() - t
    print(f"incremental: 10 files changed, lexcn index again {t_inc:.2f} s, "
          f"{100 * t_inc / t_lexcn:.1f}% of the full build")


main()
