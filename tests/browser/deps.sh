#!/bin/sh
# deps.sh: what the browser tests need (`make deps` runs it): Debian's
# chromium and fonts-noto-cjk (as root, through apt-get) and npm's playwright-core, installed
# into tests/browser/node_modules.  Neither is required: without them
# tests/browser/run.sh says why and skips.
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "deps: installing chromium (browser tests)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
			echo "deps: chromium could not be installed: the browser tests will be skipped"
	else
		echo "deps: no chromium (sudo apt-get install chromium): the browser tests will be skipped"
	fi
fi
# CJK glyphs for the screenshots (without them the pages still work)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 &&
   ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null 2>&1 ||
		echo "deps: fonts-noto-cjk could not be installed: screenshots without CJK glyphs"
fi
if [ ! -f node_modules/playwright-core/package.json ]; then
	if command -v npm >/dev/null 2>&1; then
		echo "deps: npm install playwright-core into tests/browser/node_modules"
		npm install --no-audit --no-fund --silent >/dev/null 2>&1 ||
			echo "deps: npm install failed: the browser tests will be skipped"
	else
		echo "deps: no npm: the browser tests will be skipped"
	fi
fi
exit 0
