#!/usr/bin/python3
"""md_to_fodt.py [--bold-numbers] FILE.md > FILE.fodt: a clean statute in
Markdown laid out as an official document (a flat OpenDocument text that
tools/make_pdf_fixtures.sh prints to PDF with LibreOffice): A4, the title
centred in a larger bold serif, the header lines (the dates of adoption,
before <!-- INFO END -->) and the headings (第一章 总则) centred, every
other paragraph justified with a first-line indent of two characters,
Noto Serif CJK SC, pages numbered "— N —" at the foot.  With
--bold-numbers the article number that opens a paragraph (第一条) is
bold, as in many official texts.  Only the text of the Markdown is used:
each Markdown paragraph is one paragraph of the page.  Punctuation does
not hang into the right margin (style:punctuation-wrap="simple"):
LibreOffice 7.4 leaves a hanging comma unpainted when its line is the
last of a page (the PDF then lacks it: 2 commas of the 行政复议法)."""
import re
import sys
from xml.sax.saxutils import escape

FONT = "Noto Serif CJK SC"
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="F" svg:font-family="'%(font)s'" style:font-family-generic="roman"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="28pt" style:punctuation-wrap="simple"/>
  <style:text-properties style:font-name="F" style:font-name-asian="F"
   fo:font-size="16pt" style:font-size-asian="16pt" fo:language="zh" fo:country="CN"
   style:language-asian="zh" style:country-asian="CN"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:line-height="36pt" fo:margin-bottom="14pt"/>
  <style:text-properties fo:font-size="22pt" style:font-size-asian="22pt"
   fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Info" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="10pt" fo:margin-bottom="10pt"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/>
 </style:style>
 <style:style style:name="Strong" style:family="text">
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"
   fo:margin-top="37mm" fo:margin-bottom="20mm" fo:margin-left="28mm" fo:margin-right="26mm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="12mm" fo:margin-top="6mm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""
TAIL = "</office:text></office:body></office:document>\n"


def main():
    args = sys.argv[1:]
    bold_numbers = "--bold-numbers" in args
    path = [a for a in args if not a.startswith("--")][0]
    with open(path, encoding="utf-8") as f:
        md = f.read()
    out = [HEAD % {"font": FONT}]
    header = "<!-- INFO END -->" in md
    for block in re.split(r"\n\s*\n", md):
        text = " ".join(line.strip() for line in block.strip().splitlines())
        if not text:
            continue
        if text == "<!-- INFO END -->":
            header = False
            continue
        m = re.match(r"^(#+)\s*(.*)$", text)
        if m:
            style = "Title" if len(m.group(1)) == 1 else "Heading"
            text = m.group(2)
        else:
            style = "Info" if header else "Body"
        n = re.match(r"^(第[零〇一二三四五六七八九十百千]+条)(.*)$", text)
        if style == "Body" and bold_numbers and n:
            body = ('<text:span text:style-name="Strong">%s</text:span>%s'
                    % (escape(n.group(1)), escape(n.group(2))))
        else:
            body = escape(text)
        body = re.sub(r"  +", lambda s: '<text:s text:c="%d"/>' % len(s.group(0)), body)
        out.append('<text:p text:style-name="%s">%s</text:p>\n' % (style, body))
    out.append(TAIL)
    sys.stdout.write("".join(out))


main()
