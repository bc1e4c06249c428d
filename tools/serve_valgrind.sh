#!/bin/sh
# serve_valgrind.sh LEXCN DB: `make valgrind`'s part for lexcn serve: the
# server under valgrind answers a request of each kind (search, pages, doc,
# node, cite, diff, compare, CSV, errors), then stops on SIGTERM; any
# error or definite leak fails.
set -u
lexcn=$1 db=$2
out=$(mktemp) err=$(mktemp)
valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$lexcn" serve --db "$db" --listen 127.0.0.1:0 --time-limit 600000 >"$out" 2>"$err" &
pid=$!
for i in $(seq 120); do grep -q 'http://' "$out" && break; sleep 0.5; done
url=$(sed -n 's/.* on \(http:.*\)$/\1/p' "$out")
new='%E4%BF%9D%E9%9A%9C%E4%B8%AD%E5%B0%8F%E4%BC%81%E4%B8%9A%E6%AC%BE%E9%A1%B9%E6%94%AF%E4%BB%98%E6%9D%A1%E4%BE%8B%402025-03-17'
old='%E4%BF%9D%E9%9A%9C%E4%B8%AD%E5%B0%8F%E4%BC%81%E4%B8%9A%E6%AC%BE%E9%A1%B9%E6%94%AF%E4%BB%98%E6%9D%A1%E4%BE%8B'
q='%E9%A2%84%E7%95%99'
sh='%E4%B8%8A%E6%B5%B7%E5%B8%82%E4%BF%83%E8%BF%9B%E4%B8%AD%E5%B0%8F%E4%BC%81%E4%B8%9A%E5%8F%91%E5%B1%95%E6%9D%A1%E4%BE%8B%402018-05-24' # 上海市促进中小企业发展条例: defined terms
places='in=%E5%8C%97%E4%BA%AC%E5%B8%82&effective_from=2020-01-01' # in=北京市, a date range
codes=""
for u in "api/search?q=$q" "search?q=$q" "api/facets?q=$q" "search?q=$q&$places" "doc/$sh" "api/doc/$new" "api/doc/$new/art_1" "doc/$new" \
         "api/cite?to=$new" "api/diff?old=$old&new=$new" "diff?old=$old&new=$new" \
         "api/compare?query=$q" "compare?query=$q" "compare.csv?query=$q" "api/doc/nope" "api/search?q=(x"; do
	codes="$codes $(curl -s -m 120 -o /dev/null -w '%{http_code}' "$url$u")"
done
kill -TERM $pid
wait $pid
rc=$?
if [ "$codes" != " 200 200 200 200 200 200 200 200 200 200 200 200 200 200 404 400" ] || [ $rc != 0 ]; then
	echo "valgrind: lexcn serve: exit $rc, statuses$codes"; cat "$err"; rm -f "$out" "$err"; exit 1
fi
rm -f "$out" "$err"
echo "valgrind: lexcn serve: no errors, no leaks over 16 requests"
