#!/usr/bin/env bash
# cli_test.sh: the lexcn command line end to end: formats, exit statuses,
# messages, JSON Schema validation, golden outlines (tests/golden/).
# Usage: LEXCN=build/lexcn bash tests/cli_test.sh
set -u
LEXCN=${LEXCN:-build/lexcn}
SHARED=${SHARED:-../shared}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS REGEX-ON-STDERR -- ARGS...
expect() {
  local want=$1 re=$2; shift 3
  "$LEXCN" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then bad "lexcn $* exited $got, want $want: $(head -c 300 "$tmp/err")"; return; fi
  if [ -n "$re" ] && ! grep -Eq -- "$re" "$tmp/err"; then bad "lexcn $*: stderr lacks /$re/: $(head -c 300 "$tmp/err")"; return; fi
  if [ "$want" != 0 ] && [ "$(wc -l <"$tmp/err")" -lt 1 ]; then bad "lexcn $*: no message"; return; fi
  ok
}

# Help and usage.
expect 0 "" -- --help
grep -q "exit status" "$tmp/out" && ok || bad "--help lacks exit statuses"
# The man page lists the same exit statuses as --help, and renders cleanly.
help_st=$(sed -n 's/^  \([0-9]\)  \(.*\)$/\1 \2/p' "$tmp/out")
man_st=$(awk '/^\.SH EXIT STATUS/{on=1;next} /^\.SH/{on=0} on&&/^\.B [0-9]$/{n=$2; getline; print n" "$0}' doc/lexcn.1)
mst=1
[ "$(echo "$help_st" | wc -l)" = 9 ] && [ "$(echo "$man_st" | wc -l)" = 9 ] || mst=0
while read -r n text; do echo "$help_st" | grep -qF "$n $text" || { mst=0; echo "man: status $n '$text' not in --help"; }; done <<<"$man_st"
[ $mst = 1 ] && ok || bad "exit statuses of doc/lexcn.1 and --help differ"
if command -v man >/dev/null; then
  w=$(MANWIDTH=80 man --warnings -l doc/lexcn.1 2>&1 >/dev/null)
  [ -z "$w" ] && ok || bad "doc/lexcn.1: $w"
fi
expect 0 "" -- parse --help
grep -q -- "--format" "$tmp/out" && ok || bad "parse --help lacks --format"
expect 2 "usage" -- ; true
expect 2 "unknown command" -- frobnicate
expect 2 "unknown format" -- parse --format xml corpus/000_2fb3ea8f7eb3f78e.txt
expect 2 "no input" -- parse

# Bad input: one line naming the file, documented statuses.
expect 1 "^lexcn parse: /nonexistent/x.txt: No such file" -- parse /nonexistent/x.txt
mkdir -p "$tmp/emptydir"
expect 1 "emptydir: a directory with no documents [(].md, .txt, .docx, .pdf, .ofd, .html[)]" -- parse "$tmp/emptydir"
# A directory: what is not a document is named, one line each, and counted.
mkdir -p "$tmp/mixed/.hidden"
cp corpus/sme-payment-regulation-2020.md "$tmp/mixed/" && cp tests/bad/sheet.xlsx tests/bad/word97.doc "$tmp/mixed/"
expect 0 "skipped $tmp/mixed/sheet.xlsx: not a document name [(].xlsx[)]" -- parse "$tmp/mixed"
grep -q "skipped $tmp/mixed/word97.doc: old Word or WPS file: convert it to DOCX" "$tmp/err" && grep -q "$tmp/mixed: 1 documents, 3 other entries skipped" "$tmp/err" && ok || bad "parse DIR: skipped entries: $(cat "$tmp/err")"
expect 0 "skipped $tmp/mixed/sheet.xlsx: not a document name" -- index --db "$tmp/mixed-db" "$tmp/mixed"
grep -q "1 files indexed, .* 3 other entries skipped" "$tmp/err" && ok || bad "index DIR: skipped entries: $(cat "$tmp/err")"
"$LEXCN" parse --format jsonl corpus >"$tmp/dir.jsonl" && [ "$(wc -l <"$tmp/dir.jsonl")" -gt 250 ] && ok || bad "parse DIR"
printf '' >"$tmp/empty.txt"
expect 0 "" -- parse "$tmp/empty.txt"
head -c 4096 /dev/urandom >"$tmp/random.bin"
printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00' >"$tmp/elf.bin"
head -c 2000 /dev/zero >>"$tmp/elf.bin"
expect 3 "elf.bin: an executable \\(ELF\\), not a document" -- parse "$tmp/elf.bin"
printf '第一条 为了\xff\xfe规范。\n' >"$tmp/invalid.txt"
expect 3 "invalid.txt:1: invalid UTF-8 at byte offset 16" -- parse "$tmp/invalid.txt"
expect 5 "nope.grammar" -- parse --grammar "$tmp/nope.grammar" corpus/000_2fb3ea8f7eb3f78e.txt
printf 'name broken\narticle ^第(\n' >"$tmp/broken.grammar"
expect 5 "broken.grammar:2:[0-9]+: bad pattern" -- parse --grammar "$tmp/broken.grammar" corpus/000_2fb3ea8f7eb3f78e.txt
# Several inputs: the good ones are still parsed, the status is the failure's.
"$LEXCN" parse --format jsonl corpus/000_2fb3ea8f7eb3f78e.txt /nonexistent >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && [ "$(wc -l <"$tmp/out")" = 52 ] && ok || bad "partial failure"

# Formats.
"$LEXCN" parse --format jsonl corpus/004_174153abbf961c1e.txt >"$tmp/l" && [ "$(wc -l <"$tmp/l")" = 81 ] && ok || bad "jsonl lines"
$PY - "$tmp/l" <<'PY' && ok || bad "jsonl content"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
r = [x for x in rows if x["eid"] == "art_46"][0]
assert r["doc"] == "深圳经济特区中小企业发展促进条例", r
assert r["jurisdiction"] == "深圳市"
assert r["label"] == "第四十六条" and r["path"] == ["第五章 市场开拓"], r
assert r["text"].startswith("第四十六条【"), r["text"][:40]
assert "本条例第四十五条第三项" in r["text"]
PY
cat corpus/000_2fb3ea8f7eb3f78e.txt | "$LEXCN" parse --format text - >"$tmp/t" 2>"$tmp/e" && grep -q "第二十八条" "$tmp/t" && ok || bad "stdin"
grep -q "^<stdin>:263: note: page-number" "$tmp/e" && ok || bad "text-mode diagnostics on stderr: $(head -3 "$tmp/e")"
"$LEXCN" parse --format text --quiet corpus/000_2fb3ea8f7eb3f78e.txt 2>"$tmp/e" >/dev/null && [ ! -s "$tmp/e" ] && ok || bad "--quiet"
"$LEXCN" parse --grammar policy --format json corpus/003_bbd81771983c6ace.txt >/dev/null && ok || bad "--grammar policy"

# JSON Schema: the samples, and a slice of the shared corpus when present.
"$LEXCN" parse corpus/* tests/data/*.md tests/data/docx/statute-numbered.docx tests/data/docx/pandoc-sme-2017.docx \
  tests/data/pdf/sme-payment-2020.pdf tests/data/ofd/statute.ofd tests/data/html/000-utf8.html tests/data/html/001-gb2312.html \
  >"$tmp/all.json" && ok || bad "parse corpus/* and the DOCX, PDF, OFD and HTML fixtures"
# The format read, and pages for the paged formats only.
$PY - "$tmp/all.json" <<'PY' && ok || bad "source.format and node pages"
import json, sys
docs = json.load(open(sys.argv[1]))
fmt = {d["source"]["path"].rsplit(".", 1)[-1]: d for d in docs}
want = {"docx": "docx", "pdf": "pdf", "ofd": "ofd", "html": "html", "md": "text", "txt": "text"}
for ext, d in fmt.items():
    assert d["source"]["format"] == want[ext], (ext, d["source"]["format"])
    paged = ext in ("pdf", "ofd")
    for n in d["body"]:
        assert ("pages" in n) == paged, (ext, n["eid"])
        if paged:
            assert 1 <= n["pages"][0] <= n["pages"][1], n["pages"]
assert fmt["pdf"]["body"][-1]["pages"][0] > 1  # the last article is not on page 1
PY
files=()
if [ -d "$SHARED/corpus" ]; then
  while IFS= read -r f; do files+=("$f"); done < <(find "$SHARED/corpus" -name '*.md' ! -name README.md | sort | awk 'NR % 10 == 1')
  "$LEXCN" parse "${files[@]}" >"$tmp/shared.json" 2>/dev/null && ok || bad "parse shared slice"
else
  echo "cli_test: SKIPPED schema check over ../shared/corpus (not present)"
  echo '[]' >"$tmp/shared.json"
fi
$PY - schema/document.schema.json "$tmp/all.json" "$tmp/shared.json" <<'PY' && ok || bad "JSON Schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
v.check_schema(schema)
n = 0
for p in sys.argv[2:]:
    doc = json.load(open(p))
    errs = list(v.iter_errors(doc))
    for e in errs[:3]:
        e = jsonschema.exceptions.best_match([e])
        print("schema:", p, list(e.absolute_path)[:6], e.message[:200])
    if errs:
        sys.exit(1)
    n += len(doc) if isinstance(doc, list) else 1
print(f"cli_test: {n} documents valid against schema/document.schema.json")
PY
# A schema that would accept anything is no check: a broken document fails.
$PY - schema/document.schema.json "$tmp/all.json" <<'PY' && ok || bad "schema rejects a broken document"
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
doc = json.load(open(sys.argv[2]))[0]
doc["body"][0]["children"][0]["eid"] = "Art 1"
del doc["history"]
sys.exit(0 if not v.is_valid(doc) else 1)
PY

# Golden outlines: tests/golden/NAME.in -> NAME.out (stdout) and NAME.err.
for in in tests/golden/*.in; do
  [ -e "$in" ] || continue
  base=${in%.in}
  "$LEXCN" parse --format text "$in" >"$tmp/g.out" 2>"$tmp/g.err"
  sed -i "s|$in|INPUT|g" "$tmp/g.err" "$tmp/g.out"
  if diff -u "$base.out" "$tmp/g.out" >"$tmp/d" && diff -u "$base.err" "$tmp/g.err" >>"$tmp/d"; then ok
  else bad "golden $base"; head -40 "$tmp/d"; fi
done

# Citations: every form, golden (tests/golden/cite/ -> cite.out), the
# reverse lookup, the graph, and the JSON of the set against the schema.
"$LEXCN" cite tests/golden/cite >"$tmp/c.out" 2>"$tmp/c.err"
diff -u tests/golden/cite.out "$tmp/c.out" >"$tmp/d" && ok || { bad "golden cite"; head -40 "$tmp/d"; }
grep -q "^lexcn cite: 43 citations in 7 documents, 34 resolved" "$tmp/c.err" && ok || bad "cite summary: $(cat "$tmp/c.err")"
"$LEXCN" cite --to '东江市示例条例#art_2' tests/golden/cite >"$tmp/c.out" 2>/dev/null
diff -u tests/golden/cite-to.out "$tmp/c.out" >"$tmp/d" && ok || { bad "cite --to"; head -20 "$tmp/d"; }
"$LEXCN" cite --format json --unresolved tests/golden/cite >"$tmp/u.json" 2>/dev/null
$PY - "$tmp/u.json" <<'PY' && ok || bad "cite --unresolved json"
import json, sys
cs = json.load(open(sys.argv[1]))
assert cs and all(not c["resolved"] and c["reason"] and not c["targets"] for c in cs), cs[:1]
reasons = {c["reason"].split(":")[0].split(",")[0] for c in cs}
assert {"no such item", "no such article", "document not in set", "ambiguous",
        "another document"} <= reasons, reasons
PY
"$LEXCN" graph tests/golden/cite >"$tmp/g.dot" && grep -q '"东江市旧示例办法@2015-01-01" -> "中华人民共和国示例法@2010-01-01" \[label="1 basis"\]' "$tmp/g.dot" && ok || bad "graph dot"
"$LEXCN" graph --articles --format json tests/golden/cite >"$tmp/g.json" && $PY -c "
import json,sys; g=json.load(open(sys.argv[1]))
e={(x['from'],x['to']) for x in g['edges']}
assert ('东江市旧示例办法@2015-01-01#art_1','中华人民共和国示例法@2010-01-01#art_3') in e, e
" "$tmp/g.json" && ok || bad "graph --articles json"
"$LEXCN" parse tests/golden/cite >"$tmp/cite-set.json" && $PY - schema/document.schema.json "$tmp/cite-set.json" <<'PY' && ok || bad "schema of citations"
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
docs = json.load(open(sys.argv[2]))
errs = [e for d in docs for e in v.iter_errors(d)]
for e in errs[:3]:
    print("schema:", list(e.absolute_path)[:6], e.message[:200])
assert not errs and sum(len(d["citations"]) for d in docs) == 43
PY

# Tokenizer: each output line joins back to its input line without
# whitespace; JSON offsets point at the token text.
"$LEXCN" tokenize corpus/000_2fb3ea8f7eb3f78e.txt >"$tmp/tok.txt" && ok || bad "tokenize"
$PY - corpus/000_2fb3ea8f7eb3f78e.txt "$tmp/tok.txt" <<'PY' && ok || bad "tokenize text: lines join back"
import sys, re
src = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = open(sys.argv[2], encoding="utf-8").read().split("\n")
if src and src[-1] == "": src.pop()
if out and out[-1] == "": out.pop()
assert len(src) == len(out), (len(src), len(out))
ws = re.compile(r"[\s\u3000\u200b\ufeff]")
for a, b in zip(src, out):
    assert ws.sub("", a) == b.replace(" ", ""), (a, b)
PY
"$LEXCN" tokenize --format json corpus/004_174153abbf961c1e.txt >"$tmp/tok.json" && $PY - corpus/004_174153abbf961c1e.txt "$tmp/tok.json" <<'PY' && ok || bad "tokenize json offsets"
import json, sys
raw = open(sys.argv[1], "rb").read()
toks = json.load(open(sys.argv[2]))
assert len(toks) > 5000
for t in toks:
    assert raw[t["start"]:t["end"]].decode("utf-8") == t["text"], t
    assert t["kind"] in ("han", "number", "latin", "punct", "label")
labels = [t for t in toks if t["kind"] == "label"]
assert any(t["text"] == "第四十五条" and t["norm"] == "第45条" for t in labels), labels[:5]
PY
expect 2 "give one FILE" -- tokenize
expect 1 "nofile.txt" -- tokenize "$tmp/nofile.txt"

# Index and search: the bundled corpus, a second run skips unchanged files,
# --prune removes a deleted file, exact counts, JSON, batch, show, export.
mkdir -p "$tmp/src" && cp corpus/* "$tmp/src/"
"$LEXCN" index --db "$tmp/db" "$tmp/src" 2>"$tmp/ix" && grep -q "11 files indexed, 0 unchanged" "$tmp/ix" && ok || bad "index: $(cat "$tmp/ix")"
"$LEXCN" index --db "$tmp/db" "$tmp/src" 2>"$tmp/ix" && grep -q "0 files indexed, 11 unchanged" "$tmp/ix" && ok || bad "index again: $(cat "$tmp/ix")"
[ "$("$LEXCN" search --db "$tmp/db" --count 预留)" = 6 ] && ok || bad "search --count 预留"
"$LEXCN" search --db "$tmp/db" --format json --facets "政府采购 预留" >"$tmp/s.json" && $PY - "$tmp/s.json" <<'PY' && ok || bad "search json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["count"] == len(r["hits"]) >= 4, r["count"]
for h in r["hits"]:
    sn = h["snippet"].encode()
    for a, b in h["highlights"]:
        assert sn[a:b].decode() in ("政府采购", "预留"), sn[a:b]
assert r["facets"]["jurisdiction"]["北京市"] >= 1
# every match once in the status facet, as in the type facet
assert sum(r["facets"]["status"].values()) == r["count"], r["facets"]["status"]
assert sum(r["facets"]["type"].values()) == r["count"], r["facets"]["type"]
PY
printf '政府采购\n"unbalanced\n预留 jurisdiction:重庆市\n' >"$tmp/batch.txt"
"$LEXCN" search --db "$tmp/db" --batch "$tmp/batch.txt" --count >"$tmp/b.jsonl" && [ "$(wc -l <"$tmp/b.jsonl")" = 3 ] && grep -q '"error"' "$tmp/b.jsonl" && ok || bad "search --batch"
expect 2 "unbalanced quotes" -- search --db "$tmp/db" '"预留'
expect 2 "unknown field 'colour:'" -- search --db "$tmp/db" 'colour:red'
expect 2 "sort takes relevance, effective, issued or article" -- search --db "$tmp/db" --sort date 预留
"$LEXCN" search --db "$tmp/db" --format json --all-versions --sort effective --limit 500 中小企业 >"$tmp/sort.json" && $PY - "$tmp/sort.json" <<'PY' && ok || bad "search --sort effective"
import json, sys
r = json.load(open(sys.argv[1]))
d = [h["effective"] for h in r["hits"]]
assert len(d) == r["count"] > 100, r["count"]
known = [x for x in d if x]
assert known == sorted(known, reverse=True) and d[:len(known)] == known, d
PY
expect 7 "nodb" -- search --db "$tmp/nodb" 预留
# The page and the query parts have limits (exit 2); --limit and --offset
# take decimal numbers only.
expect 2 "--limit takes a number of hits [(]0 to 10000[)], not 'abc'" -- search --db "$tmp/db" --limit abc 预留
expect 2 "--limit takes a number of hits" -- search --db "$tmp/db" --limit -1 预留
expect 2 "--limit 10001 is over the limit of 10000" -- search --db "$tmp/db" --limit 10001 预留
expect 0 "" -- search --db "$tmp/db" --limit 10000 预留
expect 2 "--offset takes a number of hits" -- search --db "$tmp/db" --offset 2x 预留
expect 2 "--offset 1000001 is over the limit of 1000000" -- search --db "$tmp/db" --offset 1000001 预留
expect 2 "the query has 257 parts, over the limit of 256" -- search --db "$tmp/db" "$($PY -c 'print(" ".join(["预留"] * 257))')"
expect 0 "" -- search --db "$tmp/db" "$($PY -c 'print(" ".join(["预留"] * 256))')"
"$LEXCN" show --db "$tmp/db" '深圳经济特区中小企业发展促进条例' art_46 >"$tmp/show.txt" && grep -q "本条例第四十五条第三项 -> 深圳经济特区中小企业发展促进条例#art_45__para_1__item_3" "$tmp/show.txt" && ok || bad "show: $(head -5 "$tmp/show.txt")"
# 537 articles, and the policy's preamble and closing words (text outside
# articles is searchable too).
[ "$("$LEXCN" export --db "$tmp/db" | wc -l)" = 539 ] && ok || bad "export"
[ "$("$LEXCN" search --db "$tmp/db" --count "本政策适用于 培育一批")" = 0 ] &&
  [ "$("$LEXCN" search --db "$tmp/db" --count "本政策适用于 OR 培育一批")" = 2 ] &&
  "$LEXCN" export --db "$tmp/db" | grep -q '"eid":"closing","label":null,.*"text":"本政策适用于' && ok || bad "text outside articles"
rm "$tmp/src/003_bbd81771983c6ace.txt"
"$LEXCN" index --db "$tmp/db" --prune "$tmp/src" 2>"$tmp/ix" && grep -q "1 removed" "$tmp/ix" && [ "$("$LEXCN" export --db "$tmp/db" | wc -l)" = 521 ] && ok || bad "index --prune: $(cat "$tmp/ix")"

# Diff: two real versions; exit statuses as diff(1).
A=corpus/administrative-reconsideration-law-2017.md; B=corpus/administrative-reconsideration-law-2023.md
"$LEXCN" diff "$A" "$A" >"$tmp/d0"; [ $? = 0 ] && grep -q "^43 unchanged, 0 renumbered, 0 modified" "$tmp/d0" && ok || bad "diff same: $(head -5 "$tmp/d0")"
"$LEXCN" diff "$A" "$B" >"$tmp/d1"; [ $? = 1 ] && ok || bad "diff differs: exit"
grep -q $'\033' "$tmp/d1" && bad "diff piped has colour" || ok
grep -q '^第三十一条 → 第六十二条、第七十五条  split' "$tmp/d1" && grep -q '\[-具体-\]' "$tmp/d1" && ok || bad "diff text: split 31 -> 62, 75; [-具体-] in art 1"
"$LEXCN" diff --color always "$A" "$B" | grep -q $'\033\[31m' && ok || bad "diff --color always"
"$LEXCN" diff --unified "$A" "$B" | grep -q '^+有权申请行政复议的公民死亡的' && ok || bad "diff --unified"
"$LEXCN" diff --format json "$A" "$B" >"$tmp/d.json"
"$LEXCN" parse --format jsonl "$A" >"$tmp/a.jsonl"; "$LEXCN" parse --format jsonl "$B" >"$tmp/b.jsonl"
$PY - "$tmp/d.json" "$tmp/a.jsonl" "$tmp/b.jsonl" <<'PYEOF' && ok || bad "diff --format json"
import json, sys
d = json.load(open(sys.argv[1]))
eids = [set(json.loads(l)["eid"] for l in open(f) if '"eid"' in l) for f in sys.argv[2:4]]
s = d["summary"]
assert set(d) >= {"old", "new", "summary", "changes"}
ops = ["unchanged", "renumbered", "modified", "split", "merged", "added", "deleted"]
assert sum(s[o] for o in ops) == len(d["changes"]), s
assert s["moved"] == sum(c["moved"] for c in d["changes"])
olds = [e for c in d["changes"] for e in c["old"]]; news = [e for c in d["changes"] for e in c["new"]]
assert len(olds) == len(set(olds)) == 43 and len(news) == len(set(news)) == 90, (len(olds), len(news))
assert set(olds) <= eids[0] and set(news) <= eids[1]
for c in d["changes"]:
    assert c["op"] in ops
    if c["op"] == "modified":
        assert 0 < c["similarity"] < 1 and c["inline"]
        old = "".join(p["text"] for p in c["inline"] if p["op"] != "insert")
        assert old and all(p["op"] in ("equal", "delete", "insert") for p in c["inline"])
one = [c for c in d["changes"] if c["old"] == ["art_1"]][0]
assert one["new"] == ["art_1"] and {"op": "delete", "text": "具体"} in one["inline"]
PYEOF
"$LEXCN" diff --format html "$A" "$B" >"$tmp/d.html"; [ $? = 1 ] && grep -q '修改前后对照表' "$tmp/d.html" && grep -q '<del>' "$tmp/d.html" && grep -q '<ins>' "$tmp/d.html" && ok || bad "diff --format html"
"$LEXCN" diff "$A" "$tmp/nope.md" >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q "nope.md" "$tmp/err" && ok || bad "diff missing file: $(cat "$tmp/err")"
"$LEXCN" diff --format pdf "$A" "$B" >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q "unknown format" "$tmp/err" && ok || bad "diff --format pdf"
"$LEXCN" diff "$A" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "diff with one argument"
"$LEXCN" diff --db "$tmp/db" '中华人民共和国行政复议法@2017-09-01' '中华人民共和国行政复议法@2023-09-01' >"$tmp/d2"; [ $? = 1 ] && [ "$(sed -n '/unchanged,/p' "$tmp/d2")" = "$(sed -n '/unchanged,/p' "$tmp/d1")" ] && ok || bad "diff --db ids"
"$LEXCN" diff --db "$tmp/db" '中华人民共和国行政复议法@2017-09-01' 'no such law' >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q "no such law" "$tmp/err" && ok || bad "diff --db unknown id"

# Compare: the samples' statutes with the national law and Shanghai's.
six=(corpus/000_2fb3ea8f7eb3f78e.txt corpus/002_4ed805e692a0ebea.txt corpus/004_174153abbf961c1e.txt corpus/001_c0ea6a18b747ef18.txt corpus/national-sme-promotion-law-2017.md corpus/shanghai-sme-promotion-2018.md)
"$LEXCN" compare "${six[@]}" >"$tmp/c.txt" && grep -q '^  上海市 第二十九条' "$tmp/c.txt" && grep -A1 '^  北京市西城区 第八条' "$tmp/c.txt" | grep -q 'figures: ≥40%; ≥70%' && ok || bad "compare text"
"$LEXCN" compare --format json "${six[@]}" >"$tmp/c.json"
$PY - "$tmp/c.json" <<'PYEOF' && ok || bad "compare --format json"
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["jurisdiction"] for x in d["documents"]] == ["北京市", "重庆市", "深圳市", "北京市西城区", "中华人民共和国", "上海市"]
# Beijing's art_28 is split across rows by its items: the reserved share is item 2
row = [r for r in d["rows"] if r["cells"][0] == ["art_28__para_1__item_2"]][0]
# an article split across rows holds a paragraph or an item (art_45__para_1__item_2);
# Shanghai's art_29 is split and leaves the row (see compare/README.md)
assert [[e.split("__")[0] for e in c] for c in row["cells"]] == [["art_28"], ["art_36"], ["art_45"], ["art_8"], ["art_40"], []], row["cells"]
pct = {}
for f in row["figures"]:
    if f["kind"] == "percent":
        pct.setdefault(f["document"], []).append((f["op"], f["value"]))
assert pct == {0: [(">=", 40), (">=", 70)], 1: [(">=", 30), (">=", 60)], 2: [(">=", 40), (">=", 70)], 3: [(">=", 40), (">=", 70)], 4: [(">=", 30), (">=", 60)]}, pct
for r in d["rows"]:
    assert len(r["cells"]) == 6 and sum(len(c) for c in r["cells"]) >= 1
    assert r["particular"] == (sum(len(c) for c in r["cells"]) == 1)
PYEOF
"$LEXCN" compare --format html "${six[@]}" >"$tmp/c.html" && grep -q '数字对照' "$tmp/c.html" && grep -q '<mark>' "$tmp/c.html" && ok || bad "compare --format html"
"$LEXCN" compare --topic "政府采购 预留" "${six[@]}" >"$tmp/ct.txt" && [ "$(grep -c '^== ' "$tmp/ct.txt")" -ge 1 ] && [ "$(grep -c '^== ' "$tmp/ct.txt")" -lt "$(grep -c '^== ' "$tmp/c.txt")" ] && grep -q '重庆市 第三十六条' "$tmp/ct.txt" && ok || bad "compare --topic"
expect 2 "unbalanced|quote" -- compare --topic '"政府采购' "${six[@]}"
expect 2 "2 to 64" -- compare corpus/000_2fb3ea8f7eb3f78e.txt
expect 1 "nope.md" -- compare corpus/000_2fb3ea8f7eb3f78e.txt "$tmp/nope.md"
"$LEXCN" compare --db "$tmp/db" '北京市促进中小企业发展条例@2020-09-25' '重庆市中小企业促进条例@2024-03-28' | grep -q '重庆市 第三十六条' && ok || bad "compare --db ids"

# Shards: two local shards through a stub, then the same two shards
# served by xapian-tcpsrv on loopback; results equal the single database.
"$LEXCN" index --db "$tmp/one" corpus tests/golden/cite 2>/dev/null
"$LEXCN" index --db "$tmp/sh" --shards 2 corpus tests/golden/cite 2>/dev/null && [ -f "$tmp/sh/lexcn.stub" ] && ok || bad "index --shards"
hits() { "$LEXCN" search --db "$1" --format json --limit 1000 "$2" | $PY -c 'import json,sys; r=json.load(sys.stdin); print(r["count"], sorted((h["doc"],h["eid"]) for h in r["hits"]))'; }
queries=("预留" "政府采购 jurisdiction:北京市" "title:示例法" "第三条 -中小企业" "采购 OR 担保 type:地方性法规" "effective:2020-01-01..2030-01-01 企业")
same=1
for q in "${queries[@]}"; do [ "$(hits "$tmp/one" "$q")" = "$(hits "$tmp/sh" "$q")" ] || { same=0; echo "differs: $q"; }; done
[ $same = 1 ] && ok || bad "local shards differ from one database"
if command -v xapian-tcpsrv >/dev/null; then
  p1=$((34000 + RANDOM % 2000)); p2=$((p1 + 1))
  # Servers forked per connection linger until their idle timeout: keep it
  # short, and end the children with their parents.
  xapian-tcpsrv --quiet --timeout 3000 --interface 127.0.0.1 --port $p1 "$tmp/sh/shard-0" </dev/null >/dev/null 2>&1 & s1=$!
  xapian-tcpsrv --quiet --timeout 3000 --interface 127.0.0.1 --port $p2 "$tmp/sh/shard-1" </dev/null >/dev/null 2>&1 & s2=$!
  for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$p2) 2>/dev/null && break; sleep 0.1; done
  printf 'remote tcp 127.0.0.1 %s\nremote tcp 127.0.0.1 %s\n' $p1 $p2 >"$tmp/remote.stub"
  same=1
  for q in "${queries[@]}"; do [ "$(hits "$tmp/one" "$q")" = "$(hits "$tmp/remote.stub" "$q")" ] || { same=0; echo "differs remote: $q"; }; done
  [ $same = 1 ] && ok || bad "remote shards differ from one database"
  pkill -P $s1 2>/dev/null; pkill -P $s2 2>/dev/null
  kill -9 $s1 $s2 2>/dev/null; wait $s1 $s2 2>/dev/null
else
  echo "cli_test: SKIPPED remote shards (xapian-tcpsrv not installed)"
fi

# Interrupted writes.  files_in DB: the number of files with articles in
# an index.  The source: corpus/ and the golden statutes (18 files);
# two files per commit.
files_in() { "$LEXCN" export --db "$1" 2>/dev/null | $PY -c 'import json,sys; print(len({json.loads(l)["file"] for l in sys.stdin}))'; }
src="$tmp/src2"; mkdir -p "$src"; cp corpus/* tests/golden/cite/*.md "$src/"
for f in $(find tests/golden -name '*.md' ! -path '*/cite/*'); do cp "$f" "$src/g_$(echo "$f" | cksum | cut -d' ' -f1).md"; done
nsrc=$(ls "$src" | wc -l)
LEXCN_INDEX_THREADS=1 "$LEXCN" index --db "$tmp/whole" "$src" 2>/dev/null
"$LEXCN" export --db "$tmp/whole" | sort >"$tmp/whole.jsonl"
# --verbose times each phase, in order: two writers merge; a second run
# after a change compacts.
rm -rf "$tmp/ph"
phases() { grep -o '^lexcn index: [a-z]* done in [0-9.]* s (at [0-9.]* s)$' "$1" | cut -d' ' -f3 | tr '\n' ' '; }
LEXCN_INDEX_THREADS=2 "$LEXCN" index --verbose --db "$tmp/ph" "$src" 2>"$tmp/ph1"
cp corpus/$(ls corpus | head -1) "$tmp/ph_new.md"
"$LEXCN" index --verbose --db "$tmp/ph" "$tmp/ph_new.md" 2>"$tmp/ph2"
[ "$(phases "$tmp/ph1")" = "reading indexing merging " ] && [ "$(phases "$tmp/ph2")" = "reading indexing compacting " ] && ok || bad "index --verbose phases: $(phases "$tmp/ph1")/ $(phases "$tmp/ph2")"
# after_break NAME DB: the database opens and answers, and a rerun gives
# exactly the articles of the uninterrupted run (compared line by line).
after_break() {
  "$LEXCN" search --db "$2" --count --all-versions 企业 >/dev/null 2>"$tmp/kerr" || { echo "$1: search after it: $(cat "$tmp/kerr")"; return 1; }
  LEXCN_INDEX_BATCH=2 "$LEXCN" index --db "$2" "$src" 2>"$tmp/kerr" || { echo "$1: rerun failed: $(cat "$tmp/kerr")"; return 1; }
  "$LEXCN" export --db "$2" | sort | cmp -s - "$tmp/whole.jsonl" || { echo "$1: the rerun differs from an uninterrupted run"; return 1; }
}
# kill -9, SIGTERM and SIGINT while a batch is pending: the test hook
# sends the signal at the first document written after the 2nd commit.
# One writer: kill -9 leaves the 2 committed batches (4 files); SIGTERM
# and SIGINT end the pending batch, commit it and stop (6 files), with a
# message and 143 or 130.  Two writers: the first writer's batches stay.
for case in "KILL 137 4" "TERM 143 6" "INT 130 6"; do
  set -- $case
  for th in 1 2; do
    rm -rf "$tmp/k"
    LEXCN_INDEX_TEST_SIGNAL=$1:2 LEXCN_INDEX_BATCH=2 LEXCN_INDEX_THREADS=$th "$LEXCN" index --verbose --db "$tmp/k" "$src" 2>"$tmp/ksig"
    rc=$? n=$(files_in "$tmp/k") sok=1
    [ $rc = $2 ] || { sok=0; echo "SIG$1 ($th writers): exit $rc, want $2"; }
    if [ $th = 1 ]; then [ "$n" = $3 ] || { sok=0; echo "SIG$1: $n files committed, want $3"; }
    else [ "$n" -lt "$nsrc" ] || { sok=0; echo "SIG$1 ($th writers): $n files, not interrupted"; }; fi
    if [ $1 != KILL ]; then
      grep -q "SIG$1: stopping at the next batch boundary" "$tmp/ksig" && grep -q "SIG$1: stopped at a batch boundary; .* (run again to complete it)" "$tmp/ksig" || { sok=0; echo "SIG$1: messages: $(cat "$tmp/ksig")"; }
      ! ls -d "$tmp"/k.part-* >/dev/null 2>&1 || { sok=0; echo "SIG$1: writers' parts left"; }
    fi
    after_break "SIG$1 ($th writers)" "$tmp/k" || sok=0
    [ $sok = 1 ] && ok || bad "lexcn index interrupted by SIG$1 ($th writers)"
  done
done
# The same from outside, on a corpus large enough to be caught writing
# (../shared): kill -9 and kill -TERM as soon as the first batch is
# committed ("committed" line of --verbose).
if [ -d "$SHARED/corpus/lawrefbook/经济法" ]; then
  big="$tmp/big"; mkdir -p "$big"; cp "$SHARED"/corpus/lawrefbook/经济法/*.md "$big/"
  LEXCN_INDEX_THREADS=1 "$LEXCN" index --db "$tmp/bigwhole" "$big" 2>/dev/null
  "$LEXCN" export --db "$tmp/bigwhole" | sort >"$tmp/bigwhole.jsonl"
  nbig=$(ls "$big" | wc -l)
  for s in KILL TERM; do
    rm -rf "$tmp/kb" "$tmp/kberr" # (no "committed" line of the run before)
    LEXCN_INDEX_BATCH=5 LEXCN_INDEX_THREADS=1 "$LEXCN" index --verbose --db "$tmp/kb" "$big" 2>"$tmp/kberr" & pid=$!
    until grep -q "^lexcn index: committed" "$tmp/kberr" 2>/dev/null || ! kill -0 $pid 2>/dev/null; do sleep 0.01; done
    kill -$s $pid 2>/dev/null; wait $pid; rc=$?
    n=$(files_in "$tmp/kb") sok=1
    { [ $s = KILL ] && [ $rc = 137 ]; } || { [ $s = TERM ] && [ $rc = 143 ]; } || { sok=0; echo "external SIG$s: exit $rc"; }
    [ "$n" -ge 1 ] && [ "$n" -lt "$nbig" ] || { sok=0; echo "external SIG$s: $n of $nbig files committed"; }
    "$LEXCN" search --db "$tmp/kb" --count --all-versions 企业 >/dev/null 2>&1 || { sok=0; echo "external SIG$s: the index does not answer"; }
    "$LEXCN" index --db "$tmp/kb" "$big" 2>/dev/null && "$LEXCN" export --db "$tmp/kb" | sort | cmp -s - "$tmp/bigwhole.jsonl" || { sok=0; echo "external SIG$s: the rerun differs"; }
    [ $sok = 1 ] && ok || bad "lexcn index killed from outside by SIG$s after its first commit"
  done
else
  echo "cli_test: SKIPPED external kill of lexcn index on a large corpus ($SHARED/corpus absent)"
fi
# A full disk, simulated by the file size limit (ulimit -f; SIGXFSZ
# ignored, so that writes fail with EFBIG): at 0 KB nothing can be
# written; at 100 KB the first commits fit and a later one fails.  Exit
# 6 with the reason; the index opens with whole batches only; the rerun
# is complete.
for kb in 0 100; do
  rm -rf "$tmp/full"
  # (stderr through a pipe: the size limit applies to a file there too)
  (trap - EXIT; trap '' XFSZ; ulimit -f $kb; LEXCN_INDEX_BATCH=2 LEXCN_INDEX_THREADS=1 "$LEXCN" index --db "$tmp/full" "$src" 2>&1 >/dev/null) | cat >"$tmp/fullerr"; rc=${PIPESTATUS[0]}
  fok=1
  [ $rc = 6 ] && grep -q "File too large" "$tmp/fullerr" && { [ $kb = 0 ] || grep -q "holds what was committed before it" "$tmp/fullerr"; } || { fok=0; echo "full disk at $kb KB: exit $rc: $(cat "$tmp/fullerr")"; }
  if [ $kb = 100 ]; then n=$(files_in "$tmp/full"); { [ "$n" -gt 0 ] && [ $((n % 2)) = 0 ] && [ "$n" -lt "$nsrc" ]; } || { fok=0; echo "full disk: $n files committed"; }; fi
  [ $kb = 0 ] || after_break "full disk at $kb KB" "$tmp/full" || fok=0
  [ $fok = 1 ] && ok || bad "lexcn index on a full disk ($kb KB)"
done
# Output on a full disk: /dev/full, and a file over the size limit; AKN
# files of --output-dir are whole or absent.
for c in "parse --format json" "parse" "cite" "tokenize"; do
  "$LEXCN" $c corpus/000_2fb3ea8f7eb3f78e.txt >/dev/full 2>"$tmp/ferr"; rc=$?
  [ $rc = 6 ] && grep -q "^lexcn ${c%% *}: cannot write the output: No space left on device$" "$tmp/ferr" && ok || bad "lexcn $c >/dev/full: exit $rc, $(cat "$tmp/ferr")"
done
for c in "export --db $tmp/whole" "search --db $tmp/whole 企业"; do
  "$LEXCN" $c >/dev/full 2>"$tmp/ferr"; rc=$?
  [ $rc = 6 ] && grep -q "cannot write the output" "$tmp/ferr" && ok || bad "lexcn $c >/dev/full: exit $rc, $(cat "$tmp/ferr")"
done
(trap - EXIT; trap '' XFSZ; ulimit -f 8; "$LEXCN" parse --format json corpus/*.md 2>&1 >"$tmp/big.json") | cat >"$tmp/ferr"; rc=${PIPESTATUS[0]}
[ $rc = 6 ] && grep -q "cannot write the output: File too large" "$tmp/ferr" && ok || bad "parse --format json over the file size limit: exit $rc, $(cat "$tmp/ferr")"
rm -rf "$tmp/akn"
(trap - EXIT; trap '' XFSZ; ulimit -f 16; "$LEXCN" parse --format akn --output-dir "$tmp/akn" corpus/*.md 2>&1) | cat >"$tmp/ferr"; rc=${PIPESTATUS[0]}
aok=1
[ $rc = 6 ] && grep -q "cannot write the output: File too large" "$tmp/ferr" || aok=0
! ls "$tmp"/akn/*.part >/dev/null 2>&1 || aok=0
for f in "$tmp"/akn/*.xml; do [ -e "$f" ] || continue; $PY -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$f" 2>/dev/null || aok=0; done
[ $aok = 1 ] && ok || bad "parse --format akn --output-dir over the file size limit: exit $rc, $(cat "$tmp/ferr"); $(ls "$tmp/akn")"

# Citations resolve against everything indexed, whichever run added it:
# 001 cites 000 by title; indexed alone the citation is unresolved, and
# indexing 000 later links it (001 is indexed again); --prune of 000
# unlinks it.
cit() { "$LEXCN" export --db "$tmp/cx" | $PY -c 'import json,sys; print(sum(c["resolved"] for l in sys.stdin for c in json.loads(l)["citations"] if "北京市促进中小企业发展条例" in c["text"]))'; }
mkdir -p "$tmp/cxsrc"; cp corpus/000_2fb3ea8f7eb3f78e.txt corpus/001_c0ea6a18b747ef18.txt "$tmp/cxsrc/"
"$LEXCN" index --db "$tmp/cx" "$tmp/cxsrc/001_c0ea6a18b747ef18.txt" 2>/dev/null; c1=$(cit)
"$LEXCN" index --db "$tmp/cx" "$tmp/cxsrc/000_2fb3ea8f7eb3f78e.txt" 2>"$tmp/cxerr"; c2=$(cit)
rm "$tmp/cxsrc/000_2fb3ea8f7eb3f78e.txt"; "$LEXCN" index --db "$tmp/cx" --prune 2>/dev/null; c3=$(cit)
[ "$c1/$c2/$c3" = "0/1/0" ] && grep -q "1 indexed again for their citations" "$tmp/cxerr" && ok || bad "citations across index runs: resolved $c1/$c2/$c3, want 0/1/0; $(cat "$tmp/cxerr")"

# An incremental run reads again only the unchanged documents a change can
# reach (lx_catalog_keys): 000 renamed unlinks 001's citation (by 000's old
# title), and 000 named back links it again; an unrelated document (002)
# is not read again either time.  The two unchanged ones are catalogued
# from the entries the index keeps (lx_catalog_entry), not parsed.
mkdir -p "$tmp/cysrc"; cp corpus/000_2fb3ea8f7eb3f78e.txt corpus/001_c0ea6a18b747ef18.txt corpus/002_4ed805e692a0ebea.txt "$tmp/cysrc/"
cyt() { "$LEXCN" export --db "$tmp/cy" | $PY -c 'import json,sys; print(sum(c["resolved"] for l in sys.stdin for c in json.loads(l)["citations"] if "北京市促进中小企业发展条例" in c["text"]))'; }
"$LEXCN" index --db "$tmp/cy" "$tmp/cysrc" 2>/dev/null; y1=$(cyt)
sed -i '4s/北京市促进中小企业发展条例/北京市促进小微企业发展条例/' "$tmp/cysrc/000_2fb3ea8f7eb3f78e.txt"
"$LEXCN" index --db "$tmp/cy" "$tmp/cysrc" 2>"$tmp/cyerr1"; y2=$(cyt)
sed -i '4s/北京市促进小微企业发展条例/北京市促进中小企业发展条例/' "$tmp/cysrc/000_2fb3ea8f7eb3f78e.txt"
"$LEXCN" index --db "$tmp/cy" "$tmp/cysrc" 2>"$tmp/cyerr2"; y3=$(cyt)
[ "$y1/$y2/$y3" = "1/0/1" ] && grep -q "1 files indexed, 2 unchanged.* 1 indexed again for their citations (1 unchanged read again; 2 catalogued from the index)" "$tmp/cyerr1" &&
  grep -q "1 files indexed, 2 unchanged.* 1 indexed again for their citations (1 unchanged read again; 2 catalogued from the index)" "$tmp/cyerr2" && ok ||
  bad "incremental relinking by keys: resolved $y1/$y2/$y3, want 1/0/1; $(cat "$tmp/cyerr1" "$tmp/cyerr2")"

# A reader while a writer indexes (one file per commit, then compaction):
# every search and export succeeds and sees whole files only, as many
# articles per file as the finished index has.
rw="$tmp/rw-src"; mkdir -p "$rw"; cp corpus/* tests/golden/cite/* "$rw"/

# A fresh index written by several writers and merged equals one writer's.
LEXCN_INDEX_THREADS=1 "$LEXCN" index --db "$tmp/w1" "$rw" 2>/dev/null
LEXCN_INDEX_THREADS=3 LEXCN_INDEX_BATCH=2 "$LEXCN" index --db "$tmp/w3" "$rw" 2>/dev/null
if cmp -s <("$LEXCN" export --db "$tmp/w1" | sort) <("$LEXCN" export --db "$tmp/w3" | sort) &&
   [ "$("$LEXCN" search --db "$tmp/w1" --count 企业)" = "$("$LEXCN" search --db "$tmp/w3" --count 企业)" ] &&
   ! ls -d "$tmp"/w3.part-* 2>/dev/null; then ok; else bad "three writers merged differ from one"; fi

"$LEXCN" index --db "$tmp/rw-full" "$rw" 2>/dev/null
"$LEXCN" export --db "$tmp/rw-full" >"$tmp/rw-want"
"$LEXCN" index --db "$tmp/rw" "$rw/notice.md" 2>/dev/null
LEXCN_INDEX_BATCH=1 "$LEXCN" index --db "$tmp/rw" "$rw" 2>/dev/null & wpid=$!
reads=0 rwok=1
while kill -0 $wpid 2>/dev/null || [ $reads = 0 ]; do
  "$LEXCN" search --db "$tmp/rw" --count --all-versions 企业 >"$tmp/rw-count" 2>"$tmp/rw-err" || { rwok=0; echo "search during indexing: $(cat "$tmp/rw-err")"; }
  "$LEXCN" export --db "$tmp/rw" >"$tmp/rw-got" 2>"$tmp/rw-err" || { rwok=0; echo "export during indexing: $(cat "$tmp/rw-err")"; }
  $PY - "$tmp/rw-want" "$tmp/rw-got" <<'PYEOF' || rwok=0
import collections, json, sys
want = collections.Counter(json.loads(l)["file"] for l in open(sys.argv[1]))
got = collections.Counter(json.loads(l)["file"] for l in open(sys.argv[2]))
part = [f for f in got if got[f] != want[f]]
if part:
    print("a reader saw part of", part[0], got[part[0]], "of", want[part[0]], "articles")
    sys.exit(1)
PYEOF
  reads=$((reads + 1))
done
wait $wpid || { rwok=0; echo "the writer failed"; }
"$LEXCN" export --db "$tmp/rw" >"$tmp/rw-got"
cmp -s <(sort "$tmp/rw-want") <(sort "$tmp/rw-got") || { rwok=0; echo "after the writer: the index differs from one built at once"; }
[ $rwok = 1 ] && [ $reads -ge 2 ] && ok || bad "reader while a writer indexes ($reads reads)"
echo "cli_test: a reader searched and exported $reads times while a writer indexed"

# Akoma Ntoso: one document validates against the committed OASIS schema
# (xmllint, Debian libxml2-utils); several need --output-dir (usage error
# without), one file each.
if command -v xmllint >/dev/null; then
  "$LEXCN" parse --format akn corpus/administrative-reconsideration-law-2023.md |
    xmllint --noout --schema schema/akn/akomantoso30.xsd - 2>"$tmp/akn-err" && ok || bad "akn does not validate: $(head -c 300 "$tmp/akn-err")"
  expect 2 "use --output-dir" -- parse --format akn corpus
  "$LEXCN" parse --format akn --output-dir "$tmp/akn" corpus/sme-payment-regulation-2020.md corpus/sme-payment-regulation-2025.md &&
    xmllint --noout --schema schema/akn/akomantoso30.xsd "$tmp"/akn/*.akn.xml 2>/dev/null &&
    [ "$(ls "$tmp/akn" | wc -l)" = 2 ] && ok || bad "akn --output-dir: not two valid files"
  # Two inputs of the same file name: two files, told apart.
  mkdir -p "$tmp/aknsrc/a" "$tmp/aknsrc/b"
  cp corpus/sme-payment-regulation-2020.md "$tmp/aknsrc/a/x.md"; cp corpus/sme-payment-regulation-2025.md "$tmp/aknsrc/b/x.md"
  "$LEXCN" parse --format akn --output-dir "$tmp/akn2" "$tmp/aknsrc" && [ "$(ls "$tmp/akn2" | wc -l)" = 2 ] && ok || bad "akn --output-dir: same names overwrite"
else
  echo "cli_test: SKIPPED the akn checks (no xmllint: apt-get install libxml2-utils)"
fi
# lexcn amend: a 修改决定 applied (编注 under each change), and an operation
# that cannot be applied is an error naming the decision's line (exit 3).
expect 0 "" -- amend --changed corpus/national-sme-promotion-law-2017.md tests/data/amend/sme-promotion-decision.md
[ "$(grep -c '【编注：根据《' "$tmp/out")" = 3 ] && ok || bad "lexcn amend: want 3 编注 lines"
printf '# 关于修改《中华人民共和国中小企业促进法》的决定\n\n一、删去第九十九条。\n' >"$tmp/bad-decision.md"
expect 3 "bad-decision.md:3: 第九十九条: no such article" -- amend corpus/national-sme-promotion-law-2017.md "$tmp/bad-decision.md"
expect 2 "BASE and at least one DECISION" -- amend corpus/national-sme-promotion-law-2017.md
# Versions through time: history, show --as-of --follow, search and
# compare --as-of (the two versions of 行政复议法 in corpus/).
arl="corpus/administrative-reconsideration-law-2017.md corpus/administrative-reconsideration-law-2023.md"
"$LEXCN" history $arl >"$tmp/h.out" 2>&1
grep -q "^中华人民共和国行政复议法 · 中华人民共和国: 2 versions" "$tmp/h.out" &&
  grep -q "2023-09-01  修订  effective 2024-01-01  有效  28 modified, 53 added, 10 deleted, 10 moved" "$tmp/h.out" &&
  ok || bad "history: $(cat "$tmp/h.out")"
"$LEXCN" index --db "$tmp/ver" $arl 2>"$tmp/ver.err"
grep -q "1 renumbering maps" "$tmp/ver.err" && ok || bad "index maps: $(cat "$tmp/ver.err")"
"$LEXCN" show --db "$tmp/ver" 行政复议法 第十六条 --as-of 2019-01-01 --follow >"$tmp/sh.out" 2>&1
grep -q "^in force on 2019-01-01: 中华人民共和国行政复议法@2017-09-01" "$tmp/sh.out" &&
  grep -q "^--follow: now 第二十九条 (art_29) of 中华人民共和国行政复议法@2023-09-01" "$tmp/sh.out" &&
  ok || bad "show --follow: $(cat "$tmp/sh.out")"
"$LEXCN" show --db "$tmp/ver" 行政复议法 第三十条 --as-of 2019-01-01 --follow | grep -q "was deleted in 中华人民共和国行政复议法@2023-09-01" &&
  ok || bad "show --follow of a deleted article"
[ "$("$LEXCN" search --db "$tmp/ver" --as-of 2023-12-31 --count 'work:行政复议法')" = 43 ] &&
  [ "$("$LEXCN" search --db "$tmp/ver" --as-of 2024-01-01 --count 'work:行政复议法')" = 90 ] &&
  ok || bad "search --as-of"
"$LEXCN" search --db "$tmp/ver" --as-of 2019-02-30x 'x' 2>/dev/null; [ $? = 2 ] && ok || bad "search --as-of: a bad date is a usage error"
"$LEXCN" compare --as-of 2019-01-01 $arl corpus/national-sme-promotion-law-2017.md 2>"$tmp/cmp.err" | grep -q "^2 documents: 中华人民共和国行政复议法 | 中华人民共和国中小企业促进法" &&
  grep -q "中华人民共和国行政复议法@2023-09-01 left out: 尚未生效 on 2019-01-01" "$tmp/cmp.err" && ok || bad "compare --as-of"
# Limits of a file: more than 1,000,000 nodes is refused at the line where
# the limit is reached (exit 4); more than 1,000 references in one text is
# a citation-limit warning, the text kept.
$PY -c 'import sys; sys.stdout.write("# 测试条例\n\n" + "".join("第%d条 甲。\n\n" % (i + 1) for i in range(500000)))' >"$tmp/nodes.md"
expect 4 "nodes.md:1000001: more than 1000000 nodes [(]the limit[)]" -- parse --format text --quiet "$tmp/nodes.md"
$PY -c 'import sys; sys.stdout.write("# 测试条例\n\n第一条 总则。\n\n第二条 " + "依照本条例第一条，" * 1001 + "处理。\n")' >"$tmp/refs.md"
expect 0 "refs.md:5: warning: citation-limit: more than 1000 references in art_2__para_1" -- parse --format text "$tmp/refs.md"

# parse of files and directories holds one document at a time (a
# catalogue, then each file again): the output is the set's (the last input
# given as -, which keeps the set), links, statuses and duplicate ids
# included; a failing input in the middle leaves the others, in order.
fs=(tests/golden/cite/*.md); last=${fs[-1]}; unset 'fs[-1]'
for f in json text jsonl; do
  # (the JSON's source path of the last one differs: "-")
  "$LEXCN" parse --format $f --as-of 2024-01-01 "${fs[@]}" - <"$last" 2>&1 | sed "s#^<stdin>:#$last:#" | grep -v '^ *"path": "' >"$tmp/set.$f"
  "$LEXCN" parse --format $f --as-of 2024-01-01 "${fs[@]}" "$last" 2>&1 | grep -v '^ *"path": "' >"$tmp/cat.$f"
  [ -s "$tmp/cat.$f" ] && cmp -s "$tmp/set.$f" "$tmp/cat.$f" && ok || bad "parse --format $f of files is not the set's: $(diff "$tmp/set.$f" "$tmp/cat.$f" | head -5)"
done
grep -q '"resolved": true' "$tmp/cat.json" && grep -q '@[0-9-]*~2"' "$tmp/cat.jsonl" && ok || bad "parse of files: no link, or no id~2 for a duplicate"
"$LEXCN" parse --format jsonl corpus/000_2fb3ea8f7eb3f78e.txt /nonexistent corpus/004_174153abbf961c1e.txt >"$tmp/mid" 2>/dev/null; rc=$?
cat <("$LEXCN" parse --format jsonl corpus/000_2fb3ea8f7eb3f78e.txt) <("$LEXCN" parse --format jsonl corpus/004_174153abbf961c1e.txt) >"$tmp/mid2"
[ $rc = 1 ] && cmp -s "$tmp/mid" "$tmp/mid2" && ok || bad "parse A /nonexistent B: exit $rc, or not A then B"

# The query language (issue 18): parentheses counted against the texts,
# refusals with the character, a query starting with '-', version: and
# doc: in all versions, title@version, title: parts; show by a title and
# 第N条 in either numerals, ambiguous titles (exit 8); cite --to checks
# its target and lists citations from elsewhere unless --self.
"$LEXCN" export --db "$tmp/db" >"$tmp/q.jsonl"
want=$($PY -c '
import json, sys
n = 0
for l in open(sys.argv[1]):
    t = json.loads(l)["text"]
    n += ("预留" in t or "拖欠" in t) and "政府采购" in t and not "百分之四十" in t
print(n)' "$tmp/q.jsonl")
[ "$("$LEXCN" search --db "$tmp/db" --all-versions --count "(预留 OR 拖欠) 政府采购 NOT 百分之四十")" = "$want" ] && [ "$want" -gt 0 ] && ok || bad "search with parentheses: want $want"
expect 2 "'[(]' at character 1 is not closed" -- search --db "$tmp/db" "(预留 OR 拖欠"
expect 2 "'[)]' at character 3 has no '[(]'" -- search --db "$tmp/db" "预留)"
expect 2 "OR at character 4 needs a term on each side" -- search --db "$tmp/db" "预留 OR"
expect 2 "'-' at character 1 excludes nothing" -- search --db "$tmp/db" "- 预留"
expect 2 "'[*]' at character 2: wildcards are not supported" -- search --db "$tmp/db" "预*"
[ "$("$LEXCN" search --db "$tmp/db" --count "-预留 中小企业")" = "$("$LEXCN" search --db "$tmp/db" --count -- "中小企业 -预留")" ] && ok || bad "search: a query starting with -"
[ "$("$LEXCN" search --db "$tmp/db" --count "-预留 中小企业" --limit 3)" -gt 0 ] && ok || bad "search: options after a query starting with -"
[ "$("$LEXCN" search -d"$tmp/db" --count "-jurisdiction:重庆市 预留")" = "$("$LEXCN" search --db "$tmp/db" --count -- "预留 -jurisdiction:重庆市")" ] && ok || bad "search: a query starting with -FIELD:, -dDB"
[ "$("$LEXCN" search --db "$tmp/ver" --count 'version:2017-09-01 work:行政复议法')" = 43 ] &&
  [ "$("$LEXCN" search --db "$tmp/ver" --count 'doc:中华人民共和国行政复议法@2017-09-01')" = 43 ] && ok || bad "search: version: and doc: look in all versions"
"$LEXCN" search --db "$tmp/ver" --all-versions --limit 20 "行政复议" | grep -q "^中华人民共和国行政复议法@2017-09-01 · " && ok || bad "search: hits show their version"
cq=$("$LEXCN" search --db "$tmp/db" --count 'title:=重庆市中小企业促进条例'); law=$("$LEXCN" search --db "$tmp/db" --count 'title:=中小企业促进法')
[ "$("$LEXCN" search --db "$tmp/db" --count 'title:中小企业促进')" = $((cq + law)) ] && [ "$cq" -gt 0 ] && [ "$law" -gt 0 ] && ok || bad "search title: a part of a title"
"$LEXCN" show --db "$tmp/ver" 行政复议法 第16条 >"$tmp/sh16" && "$LEXCN" show --db "$tmp/ver" 行政复议法 第十六条 | cmp -s - "$tmp/sh16" &&
  grep -q "^中华人民共和国行政复议法 (中华人民共和国行政复议法@2023-09-01)" "$tmp/sh16" && ok || bad "show 第16条: $(head -3 "$tmp/sh16")"
"$LEXCN" show --db "$tmp/db" 深圳经济特区中小企业 第46条 | grep -q "本条例第四十五条第三项" && ok || bad "show by a part of a title"
expect 8 "中小企业 names [0-9]+ documents: give one id, or the whole title" -- show --db "$tmp/db" 中小企业
grep -q "^  重庆市中小企业促进条例@" "$tmp/err" && ok || bad "show: the candidates of an ambiguous title"
expect 1 "不在索引: not in the index" -- show --db "$tmp/db" 不在索引
expect 1 "has no article 第999条" -- show --db "$tmp/ver" 行政复议法 第999条
expect 1 "--to nosuch: no document of that id or title among the inputs" -- cite --to nosuch tests/golden/cite
expect 1 "--to 东江市示例条例#art_999: 东江市示例条例 has no node art_999" -- cite --to '东江市示例条例#art_999' tests/golden/cite
expect 2 "--self goes with --to DOC" -- cite --self tests/golden/cite
"$LEXCN" cite --to 中华人民共和国示例法 tests/golden/cite 2>/dev/null >"$tmp/cto" && [ "$(wc -l <"$tmp/cto")" = 4 ] && ! grep -q "^中华人民共和国示例法@" "$tmp/cto" && ok || bad "cite --to DOC: citations from elsewhere: $(cat "$tmp/cto")"
[ "$("$LEXCN" cite --to 东江市示例条例 tests/golden/cite 2>/dev/null | wc -l)" = 0 ] && [ "$("$LEXCN" cite --to 东江市示例条例 --self tests/golden/cite 2>/dev/null | wc -l)" -gt 0 ] && ok || bad "cite --to DOC --self"

# compare by a query, CSV, --order, the JSON Schema (issue 19).
"$LEXCN" compare --db "$tmp/db" --query 'title:中小企业促进' >"$tmp/cq.txt" && grep -q '^2 documents: 重庆市 | 中华人民共和国' "$tmp/cq.txt" && ok || bad "compare --query: $(head -1 "$tmp/cq.txt")"
expect 2 "--query needs --db DIR and no DOC" -- compare --query 'title:中小企业促进' "${six[@]}"
expect 2 "finds 1 document in .*; give 2 to 64 documents" -- compare --db "$tmp/db" --query 'title:=重庆市中小企业促进条例'
expect 2 "--order: no document '9' among the 6 compared" -- compare --order 9 "${six[@]}"
"$LEXCN" compare --format csv --particular --order 6 "${six[@]}" >"$tmp/c.csv" && $PY - "$tmp/c.csv" <<'PYEOF' && ok || bad "compare --format csv --order"
import csv, sys, re
raw = open(sys.argv[1], newline="").read()
assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "CRLF"
rows = list(csv.reader(raw.splitlines(True)))
head = rows[0]
assert head[0] == "topic" and head[-2:] == ["similarity", "figures"] and head[6] == "上海市", head
assert all(len(r) == len(head) for r in rows), "columns"
# rows in the order of Shanghai's articles
def num(label):
    digits = dict(zip("一二三四五六七八九", range(1, 10)))
    n, cur = 0, 0
    # the article of the cell's first unit (第二十九条第一款、第三十条: 29)
    for ch in label.split("条")[0].strip("第"):
        if ch in digits: cur = digits[ch]
        elif ch == "十": n += (cur or 1) * 10; cur = 0
        elif ch == "百": n += (cur or 1) * 100; cur = 0
    return n + cur
sh = [num(r[6]) for r in rows[1:] if r[6]]
assert sh == sorted(sh) and len(sh) > 20, sh
assert any("fine" in r[-1] or "CNY" in r[-1] for r in rows[1:])
PYEOF
"$LEXCN" compare --format json --particular "${six[@]}" >"$tmp/cj.json" && "$LEXCN" compare --db "$tmp/db" --query 'title:中小企业促进' --format json >"$tmp/cqj.json" && $PY - schema/compare.schema.json "$tmp/cj.json" "$tmp/cqj.json" <<'PYEOF' && ok || bad "compare JSON Schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema)
v.check_schema(schema)
for p in sys.argv[2:]:
    d = json.load(open(p))
    v.validate(d)
# a schema that accepts anything is no check
d = json.load(open(sys.argv[2]))
f = [f for r in d["rows"] for f in r["figures"]][0]
f["op"] = "between"
assert not v.is_valid(d)
f["op"] = "range"
assert not v.is_valid(d)  # a range needs its high end
print("cli_test: compare JSON valid against schema/compare.schema.json")
PYEOF

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
