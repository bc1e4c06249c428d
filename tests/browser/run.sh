#!/bin/sh
# run.sh LEXCN OUTDIR: the browser tests (serve_browser.mjs) over an index
# of corpus/, screenshots into OUTDIR; skipped, with the reason, when
# chromium, node or playwright-core is missing.
here=$(cd "$(dirname "$0")" && pwd)
lexcn=$1 out=$2
chrome=$(command -v chromium || true)
if [ -z "$chrome" ]; then echo "browser tests skipped: no chromium (make deps as root installs it)"; exit 0; fi
if ! command -v node >/dev/null 2>&1; then echo "browser tests skipped: no node"; exit 0; fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
	echo "browser tests skipped: no playwright-core in tests/browser/node_modules (make deps)"; exit 0
fi
mkdir -p "$out"
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
"$lexcn" index --db "$db/db" "$here/../../corpus" >/dev/null 2>&1 || { echo "browser tests: lexcn index failed"; exit 1; }
CHROMIUM="$chrome" LEXCN="$lexcn" DB="$db/db" OUT="$out" node "$here/serve_browser.mjs"
