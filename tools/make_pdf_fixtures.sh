#!/bin/bash
# make_pdf_fixtures.sh: the PDF fixtures of tests/test_pdf.c, made by a
# real producer: statutes of corpus/ laid out as official documents
# (tools/md_to_fodt.py: A4, title centred, two-character first-line
# indent, Noto Serif CJK SC, "— N —" at the foot of each page) and printed
# to PDF by LibreOffice Writer (fonts embedded as subsets); and a scanned
# PDF (images, no text) and one with a page of text before two scanned
# pages, written by tools/make_scanned_pdf.py; a PDF that needs a password.
# Needs libreoffice-writer-nogui and fonts-noto-cjk (Debian).
# And the round trip of the issue: the statutes of tools/statute_md.py
# (corpus/*.md and 50 short lawrefbook statutes of SHARED) laid out the
# same way, every other one with bold article numbers, in OUTDIR/statutes
# with a MANIFEST (tests/test_pdf.c).
# Usage: tools/make_pdf_fixtures.sh [OUTDIR [SHARED]] (default
# tests/data/pdf and ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-tests/data/pdf}
shared=${2:-../shared}
command -v soffice >/dev/null || { echo "make_pdf_fixtures: soffice missing (apt-get install libreoffice-writer-nogui fonts-noto-cjk)" >&2; exit 1; }
fc-list | grep "Noto Serif CJK SC" >/dev/null || { echo "make_pdf_fixtures: font Noto Serif CJK SC missing (apt-get install fonts-noto-cjk)" >&2; exit 1; }
[ -d "$shared/corpus/lawrefbook" ] || { echo "make_pdf_fixtures: no $shared/corpus/lawrefbook: the 50 lawrefbook statutes cannot be laid out (nothing changed)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# name  options  statute
while read -r name opts md; do
	[ "$opts" = - ] && opts=
	python3 tools/md_to_fodt.py $opts "corpus/$md.md" > "$tmp/$name.fodt"
	# A profile of its own: no state shared with a running LibreOffice.
	soffice -env:UserInstallation="file://$tmp/profile" --headless \
	  --convert-to pdf --outdir "$tmp" "$tmp/$name.fodt" >/dev/null 2>&1
	mv "$tmp/$name.pdf" "$out/$name.pdf"
	echo "make_pdf_fixtures: $out/$name.pdf ($(stat -c %s "$out/$name.pdf") bytes) from corpus/$md.md"
done <<'LIST'
sme-payment-2020 - sme-payment-regulation-2020
admin-reconsideration-2017 --bold-numbers administrative-reconsideration-law-2017
LIST
# The round trip: one LibreOffice run for all the statutes.
mkdir -p "$out/statutes" "$tmp/statutes"
manifest="$tmp/MANIFEST"
echo "# file	the Markdown it was made from (tools/make_pdf_fixtures.sh)" > "$manifest"
k=0
while IFS='	' read -r name md; do
	f=$(printf '%03d' $k)
	opts=
	[ $((k % 2)) = 1 ] && opts=--bold-numbers
	python3 tools/md_to_fodt.py $opts "$md" > "$tmp/statutes/$f.fodt"
	printf '%s.pdf\t%s\n' "$f" "$name" >> "$manifest"
	k=$((k + 1))
done < <(python3 tools/statute_md.py . "$shared")
soffice -env:UserInstallation="file://$tmp/profile" --headless \
  --convert-to pdf --outdir "$tmp/statutes" "$tmp"/statutes/*.fodt >/dev/null 2>&1
rm -f "$out"/statutes/*.pdf
mv "$tmp"/statutes/*.pdf "$out/statutes/"
mv "$manifest" "$out/statutes/MANIFEST"
echo "make_pdf_fixtures: $k statutes in $out/statutes ($(du -sk "$out/statutes" | cut -f1) KB)"
# A PDF that opens only with a password (LibreOffice's export options).
printf '# 保障中小企业款项支付条例\n\n第一条 本条例自公布之日起施行。\n' > "$tmp/encrypted.md"
python3 tools/md_to_fodt.py "$tmp/encrypted.md" > "$tmp/encrypted.fodt"
soffice -env:UserInstallation="file://$tmp/profile" --headless \
  --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' \
  --outdir "$tmp" "$tmp/encrypted.fodt" >/dev/null 2>&1
mv "$tmp/encrypted.pdf" "$out/encrypted.pdf"
echo "make_pdf_fixtures: $out/encrypted.pdf ($(stat -c %s "$out/encrypted.pdf") bytes), password \"secret\""
python3 tools/make_scanned_pdf.py "$out/scanned.pdf"
echo "make_pdf_fixtures: $out/scanned.pdf ($(stat -c %s "$out/scanned.pdf") bytes), images only"
python3 tools/make_scanned_pdf.py --text-page "$out/part-scanned.pdf"
echo "make_pdf_fixtures: $out/part-scanned.pdf ($(stat -c %s "$out/part-scanned.pdf") bytes), a page of text and two of images"
