#!/usr/bin/env bash
# bench_read.sh: read throughput of DOCX and PDF over the round-trip
# fixtures (tests/data/{docx,pdf}/statutes: the same 56 statutes, by
# pandoc and by LibreOffice), next to the peers over the same files in the
# same run: `pdftotext -layout` (poppler-utils) for the PDFs, pandoc's docx
# reader (`pandoc -f docx -t plain`) for the DOCX.  The peers run once per
# file, as they are used; so does `lexcn parse` here, next to them, and
# tools/bench_read.c gives the figures in one process (the library).
# Best of 3 rounds each.  Usage: tools/bench_read.sh BUILD_DIR
set -eu
build=$1
pdfs=(tests/data/pdf/statutes/*.pdf)
docx=(tests/data/docx/statutes/*.docx)
pages=0
for f in "${pdfs[@]}"; do
  pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')))
done
"$build/tools/bench_read" tests/data/pdf/statutes 3
"$build/tools/bench_read" tests/data/docx/statutes 3 "$pages"
# best of 3 rounds of a command run once per file: "NAME BYTES CMD..."
per_file() {
  local name=$1 bytes=$2 best=999 t0 t1; shift 2
  local files=("${@:2}") cmd=$1
  for r in 1 2 3; do
    t0=$(date +%s.%N)
    for f in "${files[@]}"; do eval "$cmd" >/dev/null 2>&1 || { echo "bench_read: $name failed on $f" >&2; exit 1; }; done
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { t = b - a; print (t < best ? t : best) }')
  done
  awk -v n="$name" -v t="$best" -v b="$bytes" -v p="$pages" -v k="${#files[@]}" \
    'BEGIN { printf "  %-28s %.3f s = %.1f MB/s, %.0f pages/s (%d process%s)\n", n ":", t, b / 1e6 / t, p / t, k, k == 1 ? "" : "es" }'
}
pbytes=$(cat "${pdfs[@]}" | wc -c)
dbytes=$(cat "${docx[@]}" | wc -c)
echo "per file, one process each (pages: $pages, those of the PDFs):"
per_file "lexcn parse (PDF)" "$pbytes" '"$build/lexcn" parse --format json "$f"' "${pdfs[@]}"
if command -v pdftotext >/dev/null; then
  per_file "pdftotext -layout" "$pbytes" 'pdftotext -layout "$f" -' "${pdfs[@]}"
else
  echo "  pdftotext: SKIPPED (poppler-utils not installed: make deps installs it)"
fi
per_file "lexcn parse (DOCX)" "$dbytes" '"$build/lexcn" parse --format json "$f"' "${docx[@]}"
if command -v pandoc >/dev/null; then
  per_file "pandoc -f docx -t plain" "$dbytes" 'pandoc -f docx -t plain "$f"' "${docx[@]}"
else
  echo "  pandoc: SKIPPED (pandoc not installed: make deps installs it)"
fi
# The same PDFs as one file of all their pages (pdfunite): the start of a
# process no longer counts.
if command -v pdfunite >/dev/null && command -v pdftotext >/dev/null; then
  all=$build/bench-read-all.pdf
  pdfunite "${pdfs[@]}" "$all"
  abytes=$(wc -c <"$all")
  echo "one file of $pages pages ($((abytes / 1000)) KB, pdfunite):"
  per_file "lexcn parse" "$abytes" '"$build/lexcn" parse --format json "$f"' "$all"
  per_file "pdftotext -layout" "$abytes" 'pdftotext -layout "$f" -' "$all"
  rm -f "$all"
fi
