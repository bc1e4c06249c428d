#!/bin/sh
# serve_demo.sh LEXCN DB: `make demo`'s part for lexcn serve: starts the
# server on the demo index (any free port), fetches a search page and an
# API call with curl, stops it, and prints how to browse it.
set -eu
lexcn=$1 db=$2
out=$(mktemp)
"$lexcn" serve --db "$db" --listen 127.0.0.1:0 > "$out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q 'http://' "$out" && break
	sleep 0.25
done
url=$(sed -n 's/.* on \(http:.*\)$/\1/p' "$out")
[ -n "$url" ] || { echo "serve_demo: the server did not start" >&2; exit 1; }
echo "  serving $db on $url"
q='%E6%94%BF%E5%BA%9C%E9%87%87%E8%B4%AD%20%E9%A2%84%E7%95%99' # 政府采购 预留
echo "  GET ${url}search?q=政府采购 预留 (HTML):"
curl -fsS "${url}search?q=$q" | grep -o '<p class="count">[^<]*' | sed 's/<p class="count">/    /'
curl -fsS "${url}search?q=$q" | grep -o '<div class="hit"><a href="[^"]*">[^<]*' | head -3 |
	sed 's/<div class="hit"><a href="[^"]*">/    /'
echo "  GET ${url}api/search?q=政府采购 预留&size=1 (JSON):"
curl -fsS "${url}api/search?q=$q&size=1" | head -14 | sed 's/^/    /'
echo "  GET ${url}api/doc/nope: $(curl -s -o /dev/null -w '%{http_code}' "${url}api/doc/nope") $(curl -s "${url}api/doc/nope" | tr -d '\n')"
kill $pid
wait $pid || true
trap - EXIT
rm -f "$out"
echo "  to browse it: $lexcn serve --db $db   then open http://127.0.0.1:8080/"
