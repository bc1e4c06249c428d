#!/usr/bin/env bash
# bench_serve.sh BUILD_DIR CORPUS_DIR [SECONDS]: lexcn serve under load
# (ab, apache2-utils): requests/s and latency p50/p99 of the search page
# and of /api/search, one and 32 concurrent clients, SECONDS (30) each on
# loopback; failed requests; the server's RSS before and after; next to
# the same search through the CLI's batch mode (lexcn search --batch,
# the `ms` of each line).  The index: BUILD/bench-search/lexcn.db when
# bench_search.py left one, else one made of CORPUS_DIR.  SERVE_THREADS:
# the server's thread pool (default: the server's, one per core, at least 2).
set -eu
build=$1 corpus=$2 secs=${3:-30}
if ! command -v ab >/dev/null; then
  echo "serve bench: SKIPPED (ab missing: apt-get install apache2-utils, or make bench-deps)"
  exit 0
fi
db=$build/bench-search/lexcn.db
if [ ! -d "$db" ]; then
  [ -d "$corpus" ] || { echo "serve bench: SKIPPED: no corpus at $corpus"; exit 0; }
  db=$build/bench-serve-db
  [ -d "$db" ] || "$build/lexcn" index --db "$db" "$corpus" >/dev/null 2>&1
fi
out=$(mktemp)
"$build/lexcn" serve --db "$db" --listen 127.0.0.1:0 ${SERVE_THREADS:+--threads "$SERVE_THREADS"} >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
t0=$(date +%s.%N)
for i in $(seq 600); do grep -q 'http://' "$out" && break; sleep 0.1; done
url=$(sed -n 's/.* on \(http:.*\)$/\1/p' "$out")
[ -n "$url" ] || { echo "serve bench: the server did not start"; exit 1; }
# the first request waits for nothing: the snapshot is built at start
curl -fsS -o /dev/null "${url}api/search?q=x" || true
t1=$(date +%s.%N)
rss() { awk '/VmRSS/ { print $2 }' /proc/$pid/status; }
# RSS as anonymous memory (the snapshot, the connections) and file pages
# (the index's mmapped text stores, shared with the page cache)
rss_split() { awk '/RssAnon/ { a = $2 } /RssFile/ { f = $2 } END { printf "anon %.0f MB, file %.0f MB", a / 1024, f / 1024 }' /proc/$pid/status; }
r0=$(rss)
s0=$(rss_split)
awk -v a="$t0" -v b="$t1" -v r="$r0" -v d="$db" -v s="$s0" 'BEGIN { printf "serve bench: %s, ready in %.1f s (the documents parsed and linked), RSS %.0f MB (%s)\n", d, b - a, r / 1024, s }'
q='%E6%94%BF%E5%BA%9C%E9%87%87%E8%B4%AD%20%E9%A2%84%E7%95%99' # 政府采购 预留
broad='%E6%9D%A1%E4%BE%8B' # 条例: thousands of hits (the facets need searches of their own)
for path in "search?q=$q" "api/search?q=$q" "search?q=$broad"; do
  case $path in *"$broad") label="/search (条例)" ;; *) label="/${path%%\?*}" ;; esac
  for c in 1 32; do
    ab -q -k -t "$secs" -n 10000000 -c "$c" "${url}$path" >"$out.ab" 2>&1 || true
    rn=$(rss)
    awk -v p="$label" -v c="$c" -v s="$secs" -v m="$rn" '
      /^Requests per second/ { rps = $4 }
      /^Failed requests/ { failed = $3 }
      /^Non-2xx responses/ { non2xx = $3 }
      /^Complete requests/ { n = $3 }
      /^  50%/ { p50 = $2 } /^  99%/ { p99 = $2 }
      END { printf "  %-8s %2d clients, %d s: %7.0f requests/s, p50 %s ms, p99 %s ms, %d requests, %d failed, %d not 2xx, RSS after %.0f MB\n", p, c, s, rps, p50, p99, n, failed, non2xx + 0, m / 1024 }' "$out.ab"
  done
done
rm -f "$out.ab"
r1=$(rss)
s1=$(rss_split)
awk -v a="$r0" -v b="$r1" -v s="$s0" -v t="$s1" 'BEGIN { printf "  server RSS before %.0f MB (%s), after %.0f MB (%s)\n", a / 1024, s, b / 1024, t }'
kill $pid; wait $pid 2>/dev/null || true
trap 'rm -f "$out"' EXIT
# the CLI's batch mode: the same query 1,000 times in one process
for i in $(seq 1000); do echo "政府采购 预留"; done >"$out"
b0=$(date +%s.%N)
"$build/lexcn" search --db "$db" --batch "$out" --limit 10 >"$out.lines"
b1=$(date +%s.%N)
awk -v a="$b0" -v b="$b1" 'BEGIN { printf "  lexcn search --batch, the same query x1000, wall time with the JSON lines (snippets): %.2f ms a query\n", (b - a) }'
/usr/bin/python3 -c '
import json, sys
ms = sorted(json.loads(l)["ms"] for l in sys.stdin)
print("  lexcn search --batch, its ms (the search alone, no snippets) x%d: p50 %.2f ms, p99 %.2f ms"
      % (len(ms), ms[len(ms) // 2], ms[int(len(ms) * 0.99)]))' <"$out.lines"
rm -f "$out.lines"
