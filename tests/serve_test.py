#!/usr/bin/env python3
"""serve_test.py: `lexcn serve` over HTTP: every endpoint of the JSON API
and every error status, each JSON response validated against
schema/openapi.json (python3-jsonschema), the HTML pages with documents
whose title, an article and a citation hold <script>, "><img onerror=...>
and javascript:, a 1 MB query, paths with ../, a slow client, and a run of
`lexcn index` while the server answers.

usage: LEXCN=build/lexcn python3 tests/serve_test.py
"""
import html.parser
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEXCN = os.path.abspath(os.environ.get("LEXCN", os.path.join(ROOT, "build/lexcn")))
OPENAPI = json.load(open(os.path.join(ROOT, "schema/openapi.json")))
DOCSCHEMA = json.load(open(os.path.join(ROOT, "schema/document.schema.json")))
OPENAPI_ID = "urn:lexcn:openapi"

failures = 0
checks = 0
# absolute paths of the server's disk no response may hold (the corpus
# directory, the temporary directory of the index): set by run()
PRIVATE = []


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def check(cond, msg):
    global checks
    checks += 1
    if not cond:
        fail(msg)
    return cond


def validator(schema):
    """A 2020-12 validator that resolves openapi.json and
    document.schema.json: with `referencing` (jsonschema 4.18 and later),
    else with RefResolver (Debian 12's 4.10)."""
    try:
        import referencing
        import referencing.jsonschema
        reg = referencing.Registry().with_resources([
            (DOCSCHEMA["$id"], referencing.Resource.from_contents(DOCSCHEMA)),
        ])
        return jsonschema.Draft202012Validator(schema, registry=reg)
    except ImportError:
        res = jsonschema.RefResolver.from_schema(
            schema, store={DOCSCHEMA["$id"]: DOCSCHEMA})
        return jsonschema.Draft202012Validator(schema, resolver=res)


def pointer(*parts):
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def validate(template, status, body):
    """Validates a JSON body against the response of the operation."""
    ref = "#/" + pointer("paths", template, "get", "responses",
                                      str(status), "content",
                                      "application/json", "schema")
    # the root is openapi.json itself, so that its #/components resolve
    v = validator(dict(OPENAPI, **{"$id": OPENAPI_ID, "$ref": ref}))
    errs = list(v.iter_errors(body))
    check(not errs, f"{template} {status}: not valid against openapi.json: "
          f"{errs[0].message[:300] if errs else ''}")


class Server:
    def __init__(self, db, *extra):
        self.p = subprocess.Popen([LEXCN, "serve", "--db", db, "--listen",
                                   "127.0.0.1:0", *extra],
                                  stdout=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        if "http://" not in line:
            raise SystemExit(f"serve did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))

    def get(self, path, method="GET", headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        body = r.read()
        c.close()
        heads = "".join(f"{k}: {v}\n" for k, v in r.getheaders()).encode()
        for p in PRIVATE:
            for form in {p.encode(), json.dumps(p)[1:-1].encode(),
                         q(p).encode()}:
                check(form not in body and form not in heads,
                      f"{path[:80]}: the server's path {p} in the response")
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body

    def json(self, template, path, want, method="GET"):
        status, h, body = self.get(path, method)
        check(status == want, f"{path}: status {status}, wanted {want}: {body[:200]!r}")
        check(h.get("content-type", "").startswith("application/json"),
              f"{path}: content type {h.get('content-type')}")
        check("access-control-allow-origin" not in h, f"{path}: CORS header")
        try:
            j = json.loads(body)
        except ValueError:
            fail(f"{path}: not JSON: {body[:200]!r}")
            return None
        if status in (200, 400, 404, 413, 503) or template:
            validate(template or "/api/search", status, j)
        if status >= 400:
            msg = j.get("message", "")
            check("/" not in msg.replace("DOC#EID", "").replace("../", "")
                  or "'" in msg, f"{path}: message may leak a path: {msg}")
            check("Xapian" not in msg and "tmp" not in msg,
                  f"{path}: internals in the message: {msg}")
        return j

    def stop(self, sig=None):
        import signal
        self.p.send_signal(sig or signal.SIGTERM)
        rc = self.p.wait(timeout=20)
        check(rc == 0, f"serve exit status {rc} on {sig or 'SIGTERM'}")


def q(s):
    return urllib.parse.quote(s, safe="")


class Tags(html.parser.HTMLParser):
    """Collects what a browser would run or load from a page."""

    def __init__(self):
        super().__init__()
        self.bad = []
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src") != "/static/app.js":
            self.bad.append(f"<script {attrs}>")
        if tag == "img":
            self.bad.append("<img>")
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append(f"{tag} {k}=")
            if k in ("href", "src", "action") and v and \
                    v.strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag} {k}={v}")
            if k == "id":
                self.ids.add(v)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def page(srv, path, want=200):
    status, h, body = srv.get(path)
    check(status == want, f"{path}: status {status}, wanted {want}")
    check(h.get("content-type", "").startswith("text/html"),
          f"{path}: content type {h.get('content-type')}")
    t = Tags()
    text = body.decode("utf-8")
    t.feed(text)
    check(not t.bad, f"{path}: active markup from the text: {t.bad[:3]}")
    return text, t


def main():
    tmp = tempfile.mkdtemp(prefix="lexcn-serve-")
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"serve_test: {checks} checks, {failures} failures")
    return 1 if failures else 0


def usage():
    """Bad command lines: one line on stderr, exit status 2."""
    for args, want in [(["--db"], 2), (["--listen", "x"], 2),
                       (["--db", "d", "--listen", "localhost:0"], 2),
                       (["--db", "d", "--listen", "1.2.3.4:99999"], 2),
                       (["--db", "d", "--threads", "0"], 2),
                       (["--db", "d", "--timeout", "x"], 2),
                       (["--db", "d", "--time-limit", "0"], 2), (["--help"], 0)]:
        r = subprocess.run([LEXCN, "serve", *args], capture_output=True,
                           text=True, timeout=20)
        check(r.returncode == want, f"serve {args}: exit {r.returncode}, wanted {want}")
        if want:
            check(r.stderr.count("\n") <= 12 and "lexcn serve" in r.stderr,
                  f"serve {args}: stderr {r.stderr[:200]!r}")


def run(tmp):
    usage()
    docs = os.path.join(tmp, "docs")
    os.mkdir(docs)
    for f in os.listdir(os.path.join(ROOT, "corpus")):
        shutil.copy(os.path.join(ROOT, "corpus", f), docs)
    shutil.copy(os.path.join(ROOT, "tests/data/serve/xss.md"), docs)
    db = os.path.join(tmp, "db")
    PRIVATE[:] = [os.path.realpath(docs), os.path.realpath(tmp)]
    if os.path.realpath(tmp) != tmp:
        PRIVATE.extend([docs, tmp])
    subprocess.run([LEXCN, "index", "--db", db, docs], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srv = Server(db, "--timeout", "2")
    try:
        api(srv)
        pages(srv)
        limits(srv)
        slow_client(srv)
        reindex(srv, db, docs)
    finally:
        srv.stop()
    time_limit(db)
    # no index there: 503 on every request, the server stays up
    srv = Server(os.path.join(tmp, "missing"))
    try:
        srv.json("/api/search", "/api/search?q=" + q("预留"), 503)
        srv.json("/api/doc/{id}", "/api/doc/x", 503)
    finally:
        import signal
        srv.stop(signal.SIGINT)


SME = "深圳经济特区中小企业发展促进条例"
PAY_OLD = "保障中小企业款项支付条例"
PAY_NEW = "保障中小企业款项支付条例@2025-03-17"
XSS = "测试<script>alert(1)</script>条例"


def api(srv):
    j = srv.json("/api/search", "/api/search?q=" + q("政府采购 预留") + "&size=3", 200)
    check(j and j["count"] == 5 and len(j["hits"]) == 3,
          f"search count/page: {j and (j['count'], len(j['hits']))}")
    # the same data as the CLI's JSON
    cli = json.loads(subprocess.run(
        [LEXCN, "search", "--db", srv_db(srv), "--format", "json", "--facets",
         "--limit", "3", "政府采购 预留"], capture_output=True, text=True).stdout)
    for h in cli["hits"]:
        h.pop("score")
    for h in j["hits"]:
        h.pop("score")
    check(j["hits"] == cli["hits"] and j["facets"] == cli["facets"],
          "/api/search differs from lexcn search --format json")
    j = srv.json("/api/search", "/api/search?q=" + q("政府采购 预留") +
                 "&size=2&page=2&sort=effective", 200)
    check(j and len(j["hits"]) == 2, "page 2")
    j = srv.json("/api/search", "/api/search?q=" + q("拖欠") + "&jurisdiction=" +
                 q("北京市"), 200)
    check(j and j["count"] >= 1 and all(h["jurisdiction"] == "北京市" for h in j["hits"]),
          "jurisdiction filter")
    j = srv.json("/api/search", "/api/search?q=" + q("拖欠") + "&year=2025", 200)
    check(j and all((h["effective"] or "").startswith("2025") for h in j["hits"]),
          "year filter")
    srv.json("/api/search", "/api/search?q=" + q("(预留"), 400)
    srv.json("/api/search", "/api/search", 400)
    srv.json("/api/search", "/api/search?q=x&size=1000", 400)
    srv.json("/api/search", "/api/search?q=x&page=0", 400)
    srv.json("/api/search", "/api/search?q=x&sort=date", 400)
    srv.json("/api/search", "/api/search?q=x&year=20x5", 400)
    srv.json("/api/search", "/api/search?q=x&jurisdiction=" + q('a"b'), 400)
    srv.json("/api/search", "/api/search?q=" + q("预留"), 405, method="POST")
    srv.json("/api/search", "/api/search?q=" + q("预留"), 405, method="DELETE")

    j = srv.json("/api/facets", "/api/facets?q=" + q("拖欠"), 200)
    check(j and j["count"] == 14 and j["facets"]["jurisdiction"].get("北京市") == 1,
          f"facets: {j}")
    srv.json("/api/facets", "/api/facets", 400)
    places(srv)
    dates(srv)
    status_year_facets(srv)

    j = srv.json("/api/doc/{id}", "/api/doc/" + q(PAY_NEW), 200)
    check(j and j["id"] == PAY_NEW, "doc id")
    # the file, relative to the directory of the indexed files
    check(j and j["source"]["path"] == "sme-payment-regulation-2025.md",
          f"source path relative: {j and j['source']['path']}")
    srv.json("/api/doc/{id}", "/api/doc/" + q("没有这个文件"), 404)
    j = srv.json("/api/doc/{id}/{eid}", "/api/doc/" + q(SME) + "/art_45", 200)
    check(j and j["node"]["eid"] == "art_45" and
          any(c["from"] == "art_46__para_2" for c in j["cited_by"]),
          "doc/eid with cited_by")
    srv.json("/api/doc/{id}/{eid}", "/api/doc/" + q(SME) + "/art_999", 404)

    j = srv.json("/api/cite", "/api/cite?to=" + q(SME + "#art_45"), 200)
    check(j and len(j) >= 1 and j[0]["targets"][0]["eid"].startswith("art_45"),
          "cite --to")
    srv.json("/api/cite", "/api/cite", 400)
    srv.json("/api/cite", "/api/cite?to=" + q("nowhere#art_1"), 404)
    srv.json("/api/cite", "/api/cite?to=" + q(SME + "#art_999"), 404)

    j = srv.json("/api/diff", "/api/diff?old=" + q(PAY_OLD) + "&new=" + q(PAY_NEW), 200)
    check(j and j["summary"]["modified"] == 19, f"diff summary: {j and j['summary']}")
    srv.json("/api/diff", "/api/diff?old=" + q(PAY_OLD), 400)
    srv.json("/api/diff", "/api/diff?old=" + q(PAY_OLD) + "&new=nope", 404)

    ids = ["中华人民共和国中小企业促进法@2017-09-01", "上海市促进中小企业发展条例@2018-05-24",
           SME]
    j = srv.json("/api/compare", "/api/compare?docs=" + q(",".join(ids)), 200)
    check(j and [d["id"] for d in j["documents"]] == ids and j["rows"], "compare docs")
    j = srv.json("/api/compare", "/api/compare?docs=" + q(ids[0]) + "&docs=" + q(ids[1]), 200)
    check(j and len(j["documents"]) == 2, "compare repeated docs=")
    j = srv.json("/api/compare", "/api/compare?query=" + q("政府采购 预留"), 200)
    check(j and len(j["documents"]) >= 2, "compare query=")
    srv.json("/api/compare", "/api/compare", 400)
    srv.json("/api/compare", "/api/compare?docs=" + q(ids[0]), 400)
    srv.json("/api/compare", "/api/compare?docs=" + q(ids[0] + ",nope"), 404)

    # the XSS document through the API: data, unchanged
    j = srv.json("/api/doc/{id}", "/api/doc/" + q(XSS), 200)
    check(j and j["title"] == XSS, "the XSS document's title as data")


def places(srv):
    """The jurisdiction facet as a tree: provinces holding their cities
    (北京市 its 西城区, 广东省 made for 深圳市), each count the sum of the
    exact counts below, and each place's filter giving that count."""
    j = srv.json("/api/facets", "/api/facets?q=" + q("条例"), 200)
    tree = {p["name"]: p for p in (j or {}).get("jurisdiction_tree", [])}
    flat = (j or {}).get("facets", {}).get("jurisdiction", {})
    bj, gd = tree.get("北京市"), tree.get("广东省")
    check(bj and bj["count"] == flat["北京市"] + flat["北京市西城区"] and
          bj["self"] == flat["北京市"] and
          [c["name"] for c in bj["children"]] == ["北京市西城区"],
          f"北京市 holds 西城区: {bj}")
    check(gd and gd["self"] == 0 and gd["count"] == flat["深圳市"] and
          [c["name"] for c in gd["children"]] == ["深圳市"] and
          gd["filter"] == {"in": "广东省"}, f"广东省 made for 深圳市: {gd}")
    check(tree.get("中华人民共和国", {}).get("filter") ==
          {"jurisdiction": "中华人民共和国"}, "a value that is no division")
    check(j and sum(p["count"] for p in j["jurisdiction_tree"]) == j["count"],
          "the top places add up to the count")

    def walk(ps):
        for p in ps:
            (k, v), = p["filter"].items()
            c = srv.json("/api/facets", "/api/facets?q=" + q("条例") + "&" + k +
                         "=" + q(v), 200)
            check(c and c["count"] == p["count"],
                  f"filter {k}={v}: {c and c['count']}, the tree says {p['count']}")
            walk(p["children"])
    walk((j or {}).get("jurisdiction_tree", []))
    text, t = page(srv, "/search?q=" + q("条例"))
    check(any("in=" + q("广东省") in h for h in t.links) and "<details" in text,
          "the page's place tree links to a province")
    text, t = page(srv, "/search?q=" + q("条例") + "&in=" + q("北京市"))
    check(f"{bj and bj['count']} 条结果" in text and "<details open>" in text,
          "filtered by a province: its cities included, its branch open")
    check(not any("jurisdiction=" in h and "in=" in h for h in t.links),
          "a place link replaces the other place filter")


def terms(srv):
    """Defined terms marked on the document page: <abbr title> with the
    definition and the article that defines it, a <dfn> where it is
    defined, the longest term first."""
    doc = "上海市促进中小企业发展条例@2018-05-24"
    text, t = page(srv, "/doc/" + q(doc))
    check('<abbr class="term" title="第四条：市人民政府负责促进中小企业发展工作的主管部门">'
          '市中小企业工作主管部门</abbr>' in text, "a term marked with its definition")
    check('<abbr class="term" title="第二条：在本市行政区域内依法设立的' in text and
          '">中小企业</abbr>' in text, "中小企业 marked, defined by 第二条")
    check("<dfn class=\"term\">中小企业</dfn>" in text, "the defining occurrence")
    check("<abbr" not in text.split('<div class="text">')[0],
          "terms marked in the text only (not the title, metadata, outline)")
    j = srv.json("/api/doc/{id}", "/api/doc/" + q(doc), 200)
    check(j and any(d["term"] == "中小企业" and d["eid"] == "art_2__para_2"
                    for d in j.get("definitions", [])), "definitions in the API")


def status_year_facets(srv):
    """The page's status and year counts, tallied from the hits when one
    set of results holds them all, equal the counts of the filters."""
    import re
    for query in ["政府采购 预留", "条例", "拖欠"]:
        text, t = page(srv, "/search?q=" + q(query))
        for key in ["status", "year"]:
            got = dict(re.findall(r'[?&;]' + key + r'=[^"]*">([^<]+)</a> (\d+)', text))
            check(got, f"{query}: {key} facet shown")
            for v, n in got.items():
                j = srv.json("/api/facets", "/api/facets?q=" + q(query) + "&" + key +
                             "=" + q(v), 200)
                check(j and j["count"] == int(n),
                      f"{query}: {key} {v}: page {n}, filter {j and j['count']}")


def dates(srv):
    """Date ranges: effective_from.._to, issued_from.._to."""
    j = srv.json("/api/search", "/api/search?q=" + q("条例") +
                 "&effective_from=2020-01-01&effective_to=2021-12-31&size=100", 200)
    check(j and j["count"] > 0 and
          all("2020-01-01" <= (h["effective"] or "") <= "2021-12-31" for h in j["hits"]),
          f"effective range: {j and [h['effective'] for h in j['hits']]}")
    all_ = srv.json("/api/facets", "/api/facets?q=" + q("条例"), 200)
    lo = srv.json("/api/facets", "/api/facets?q=" + q("条例") +
                  "&effective_to=2020-12-31", 200)
    hi = srv.json("/api/facets", "/api/facets?q=" + q("条例") +
                  "&effective_from=2021-01-01", 200)
    check(lo and hi and all_ and 0 < lo["count"] < all_["count"] and
          0 < hi["count"] < all_["count"] and
          lo["count"] + hi["count"] <= all_["count"],
          "open-ended ranges narrow the hits")
    iss = srv.json("/api/facets", "/api/facets?q=" + q("条例") +
                   "&issued_from=2099-01-01", 200)
    check(iss and iss["count"] == 0 and "issued:2099-01-01.." in iss["query"],
          "issued range")
    for bad in ["effective_from=2020-13-01", "effective_to=2020-1-1",
                "issued_from=x", "effective_from=2021-01-01&effective_to=2020-01-01"]:
        srv.json("/api/search", "/api/search?q=" + q("条例") + "&" + bad, 400)
    text, t = page(srv, "/search?q=" + q("条例") + "&effective_from=2020-01-01")
    check('type="date" name="effective_from"' in text and 'value="2020-01-01"' in text,
          "the date form shows the range")
    check(any("effective_from=2020-01-01" in h for h in t.links if "sort=" in h),
          "links keep the range")
    text, t = page(srv, "/search?issued_to=2000-12-31")
    check("条结果" in text, "a date range alone is a search")


def time_limit(db):
    """--time-limit: a request over it answers 503 {error: timeout} (an
    HTML page for a page) instead of running on; the constant files have
    no limit; the same requests are answered under the default limit (the
    other tests)."""
    srv = Server(db, "--time-limit", "1")
    try:
        # a comparison of the documents of a search: tens of milliseconds
        for path, tmpl in [("/api/compare?query=" + q("条例"), "/api/compare"),
                           ("/api/compare?docs=" + q(",".join(
                               ["中华人民共和国中小企业促进法@2017-09-01",
                                "上海市促进中小企业发展条例@2018-05-24", SME])),
                            "/api/compare")]:
            j = srv.json(tmpl, path, 503)
            check(j and j["error"] == "timeout", f"{path}: {j}")
        status, h, body = srv.get("/compare?query=" + q("条例"))
        check(status == 503 and h.get("content-type", "").startswith("text/html") and
              "请求超时" in body.decode("utf-8"), f"a page over the limit: {status}")
        status, h, body = srv.get("/static/app.css")
        check(status == 200, "the constant files have no limit")
    finally:
        srv.stop()


def srv_db(srv):
    return srv.p.args[3]


def pages(srv):
    text, t = page(srv, "/")
    check("<form" in text and 'name="q"' in text, "search form")
    text, t = page(srv, "/search?q=" + q("政府采购 预留"))
    check("5 条结果" in text, "exact count on the search page")
    check("<mark>" in text, "highlighted snippets")
    check(any("jurisdiction=" in h for h in t.links), "facet links")
    text, t = page(srv, "/search?q=" + q("拖欠") + "&jurisdiction=" + q("北京市"))
    check("北京市" in text, "filtered page")
    text, t = page(srv, "/doc/" + q(SME))
    check("art_45__para_1__item_3" in t.ids, "eid anchors")
    check(any(h.startswith("/doc/") and "#art_45__para_1__item_3" in h for h in t.links),
          "citation links to their targets")
    check("被引用" in text, "cited by")
    text, t = page(srv, "/doc/" + q(PAY_NEW))
    check(any("/diff?" in h for h in t.links), "versions with a diff link")
    text, t = page(srv, "/diff?old=" + q(PAY_OLD) + "&new=" + q(PAY_NEW))
    check("修改前" in text and "<del>" in text and "19 modified" in text, "diff page")
    ids = ["中华人民共和国中小企业促进法@2017-09-01", "上海市促进中小企业发展条例@2018-05-24"]
    text, t = page(srv, "/compare?docs=" + q(",".join(ids)))
    check("条文对照" in text and any(h.startswith("/compare.csv?") for h in t.links),
          "compare page with a CSV link")
    status, h, body = srv.get("/compare.csv?docs=" + q(",".join(ids)))
    check(status == 200 and h.get("content-type", "").startswith("text/csv") and
          "attachment" in h.get("content-disposition", ""), "CSV download")
    rows = body.decode("utf-8").splitlines()
    check(len(rows) > 5 and rows[0].count(",") >= 3, f"CSV rows: {rows[:2]}")
    # the documents with markup in their text: inert everywhere
    for path in ["/doc/" + q(XSS), "/search?q=" + q("适用于"),
                 "/search?q=" + q("javascript"), "/search?q=" + q("<script>"),
                 "/diff?old=" + q(XSS) + "&new=" + q(PAY_OLD),
                 "/compare?docs=" + q(XSS + "," + PAY_OLD)]:
        text, t = page(srv, path)
        check("<script>alert" not in text and "<img" not in text and
              "<b>粗体" not in text, f"{path}: raw markup of the text")
    text, t = page(srv, "/doc/" + q(XSS))
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in text, "escaped title shown")
    check('<abbr class="term" title="第三条：&quot;&gt;&lt;img src=y onerror=alert(3)&gt;'
          '的单位">测试单位</abbr>' in text and "<img src=y" not in text,
          "a defined term's tooltip escaped")
    terms(srv)
    check("javascript:alert(1)" in text, "javascript: shown as text")
    page(srv, "/doc/" + q("没有"), 404)
    page(srv, "/search?q=" + q("(预留"), 400)
    status, h, body = srv.get("/static/app.css")
    check(status == 200 and h["content-type"].startswith("text/css"), "css")
    status, h, body = srv.get("/static/app.js")
    check(status == 200 and "javascript" in h["content-type"], "js")


def oversized(srv, path):
    """The status of a request line too long for the server: libmicrohttpd
    answers 414 and closes, maybe before all of it is sent ("closed" when
    the answer was lost with the connection)."""
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    try:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        head = sock.recv(64)
    except ConnectionResetError:
        head = b""
    sock.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    return int(m.group(1)) if m else "closed"


def limits(srv):
    # long queries: ASCII, and CJK (3 bytes a character, 9 escaped), the
    # JSON 413 up to the request line's limit (128 KB)...
    srv.json("/api/search", "/api/search?q=" + q("x" * 100000), 413)
    srv.json("/api/search", "/api/search?q=" + q("预" * 14000), 413)
    srv.json("/api/search", "/api/search?q=" + q("预" * 16000), 413)
    # ... a 1 MB query does not fit a connection's memory (256 KB):
    # libmicrohttpd's own 414, and the server answers the next request
    for n in (1 << 20, 4 << 20):
        status = oversized(srv, "/api/search?q=" + "x" * n)
        check(status in (414, 431, "closed"), f"{n >> 20} MB request line: {status}")
        srv.json("/api/search", "/api/search?q=" + q("预留"), 200)
    srv.json("/api/compare", "/api/compare?query=" + q("x" * 20000), 413)
    status, h, body = srv.get("/search?q=" + q("x" * 20000))
    check(status == 413, f"search page over the limit: {status}")
    for path in ["/api/doc/../../../etc/passwd", "/api/doc/..%2f..%2fetc%2fpasswd",
                 "/doc/../../etc/passwd", "/static/../serve/server.c",
                 "/static/..%2f..%2fMakefile", "/../../etc/passwd",
                 "/api/doc/" + q("../corpus/sme-payment-regulation-2020.md")]:
        status, h, body = srv.get(path)
        check(status == 404, f"{path}: status {status}")
        check(b"root:" not in body and b"#include" not in body and b"PREFIX" not in body,
              f"{path}: file content served")
    srv.json("/api/doc/{id}", "/api/doc/../../../etc/passwd", 404)
    status, h, body = srv.get("/api/search?q=x", method="HEAD")
    check(status == 200, f"HEAD: {status}")


def slow_client(srv):
    """A client that sends half a request and waits: the others are
    answered meanwhile, and it is cut off after --timeout (2 s)."""
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /api/search?q=%E9%A2%84 HTTP/1.1\r\nHost: x\r\n")
    t0 = time.time()
    srv.json("/api/search", "/api/search?q=" + q("预留"), 200)
    check(time.time() - t0 < 1.5, "a request behind a slow client waited")
    s.settimeout(10)
    try:
        data = s.recv(100)
    except (socket.timeout, ConnectionError):
        data = None
    check(data == b"" and time.time() - t0 < 6,
          f"the slow client was not cut off: {data!r} after {time.time() - t0:.1f} s")
    s.close()


def reindex(srv, db, docs):
    """lexcn index while the server answers: no failed request; the new
    document is visible after the commit."""
    stop = threading.Event()
    bad = []
    n = [0]

    def hammer():
        while not stop.is_set():
            status, h, body = srv.get("/api/search?q=" + q("中小企业") + "&size=1")
            n[0] += 1
            if status != 200:
                bad.append((status, body[:200]))
    th = [threading.Thread(target=hammer) for _ in range(4)]
    for t in th:
        t.start()
    with open(os.path.join(docs, "new-reg.md"), "w") as f:
        f.write("# 测试新增条例\n\n第一条 本条例所称的紫罗兰计划适用于中小企业。\n")
    subprocess.run([LEXCN, "index", "--db", db, docs], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = False
    for _ in range(40):
        status, h, body = srv.get("/api/search?q=" + q("紫罗兰计划"))
        dstatus, h, dbody = srv.get("/api/doc/" + q("测试新增条例"))
        if status == 200 and json.loads(body)["count"] == 1 and dstatus == 200:
            seen = True
            break
        time.sleep(0.25)
    stop.set()
    for t in th:
        t.join()
    check(not bad, f"requests failed while indexing: {bad[:3]}")
    check(n[0] > 10, f"too few requests while indexing: {n[0]}")
    check(seen, "the new document is not found after the commit")


if __name__ == "__main__":
    sys.exit(main())
