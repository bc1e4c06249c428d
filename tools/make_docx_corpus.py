#!/usr/bin/env python3
"""make_docx_corpus.py: statutes laid out as official documents in DOCX by
a real producer, pandoc (its Markdown reader and DOCX writer).

The statutes are those of tools/statute_md.py (the bundled corpus/*.md and
50 short lawrefbook statutes).  Each is written as pandoc Markdown: the
title as the document title (pandoc's Title style), the header lines (the
dates of adoption) in a centred custom style "Info", the headings (第一章
总则, 第一节 ...) as pandoc headings, each other paragraph a Markdown
paragraph, every ASCII punctuation character escaped so that no text
becomes Markdown syntax; on every other statute the article number that
opens a paragraph is bold (**第一条**), as in many official texts.  The
layout is in a reference document made from pandoc's own: A4 with the
margins of GB/T 9704 (公文格式), 仿宋 16 pt, paragraphs justified with a
first-line indent of two characters, the title centred in 22 pt bold,
headings centred and bold, and a footer "— N —" with Word's PAGE field.

The DOCX files are what the DOCX reader must read back into the same tree
as the Markdown (tests/test_docx.c).  MANIFEST lists each file and the
Markdown it came from.  SOURCE_DATE_EPOCH fixes pandoc's timestamps, so
the parts of each DOCX are the same on every run of the same pandoc (the
bytes of the ZIP container are not).

usage: make_docx_corpus.py REPO SHARED OUTDIR   (needs pandoc)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from statute_md import parse_md, sources, write_manifest

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
FONTS = ('<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
         'w:eastAsia="FangSong" w:cs="Times New Roman"/>')
# style id -> (paragraph properties, run properties)
STYLES = {
    'Normal': ('<w:spacing w:after="0" w:line="560" w:lineRule="exact"/>'
               '<w:jc w:val="both"/>',
               FONTS + '<w:sz w:val="32"/><w:szCs w:val="32"/>'
               '<w:lang w:val="en-US" w:eastAsia="zh-CN"/>'),
    'BodyText': ('<w:spacing w:before="0" w:after="0"/>'
                 '<w:ind w:firstLineChars="200" w:firstLine="640"/>', ''),
    'FirstParagraph': ('<w:spacing w:before="0" w:after="0"/>'
                       '<w:ind w:firstLineChars="200" w:firstLine="640"/>',
                       ''),
    'Title': ('<w:spacing w:before="0" w:after="240"/><w:jc w:val="center"/>',
              '<w:rFonts w:eastAsia="SimHei"/><w:b/><w:bCs/>'
              '<w:color w:val="000000"/><w:sz w:val="44"/><w:szCs w:val="44"/>'),
    'Heading2': ('<w:spacing w:before="280" w:after="280"/>'
                 '<w:jc w:val="center"/>',
                 FONTS + '<w:b/><w:color w:val="000000"/>'
                 '<w:sz w:val="32"/><w:szCs w:val="32"/>'),
    'Heading3': ('<w:spacing w:before="140" w:after="140"/>'
                 '<w:jc w:val="center"/>',
                 FONTS + '<w:b/><w:color w:val="000000"/>'
                 '<w:sz w:val="32"/><w:szCs w:val="32"/>'),
    'Heading4': ('<w:jc w:val="center"/>',
                 FONTS + '<w:b/><w:color w:val="000000"/>'
                 '<w:sz w:val="32"/><w:szCs w:val="32"/>'),
}
INFO_STYLE = ('<w:style w:type="paragraph" w:customStyle="1" '
              'w:styleId="Info"><w:name w:val="Info"/>'
              '<w:basedOn w:val="Normal"/><w:qFormat/>'
              '<w:pPr><w:jc w:val="center"/></w:pPr></w:style>')
FOOTER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<w:ftr xmlns:w="%s"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
          '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
          '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
          '<w:r><w:t>1</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
          '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>' % W)
SECT = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdLxFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" '
        'w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>')


def set_style(xml, sid, ppr, rpr):
    """Replaces the pPr and rPr of style sid."""
    m = re.search(r'<w:style [^>]*w:styleId="%s".*?</w:style>' % sid, xml,
                  re.S)
    if not m:
        sys.exit('make_docx_corpus: pandoc reference has no style ' + sid)
    st = re.sub(r'<w:pPr>.*?</w:pPr>|<w:pPr ?/>|<w:rPr>.*?</w:rPr>', '',
                m.group(0), flags=re.S)
    add = ('<w:pPr>%s</w:pPr>' % ppr if ppr else '') + \
          ('<w:rPr>%s</w:rPr>' % rpr if rpr else '')
    st = st.replace('</w:style>', add + '</w:style>')
    return xml[:m.start()] + st + xml[m.end():]


def reference_docx(path):
    """pandoc's default reference.docx with the official layout."""
    raw = subprocess.run(['pandoc', '--print-default-data-file',
                          'reference.docx'], check=True,
                         stdout=subprocess.PIPE).stdout
    src = path + '.orig'
    with open(src, 'wb') as fh:
        fh.write(raw)
    with zipfile.ZipFile(src) as zin, \
            zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename).decode('utf-8')
            if item.filename == 'word/styles.xml':
                for sid, (ppr, rpr) in STYLES.items():
                    data = set_style(data, sid, ppr, rpr)
                data = data.replace('</w:styles>', INFO_STYLE + '</w:styles>')
            elif item.filename == 'word/document.xml':
                data = re.sub(r'<w:sectPr ?/>|<w:sectPr>.*?</w:sectPr>', '',
                              data, flags=re.S)
                data = data.replace('</w:body>', SECT + '</w:body>')
            elif item.filename == 'word/_rels/document.xml.rels':
                data = data.replace(
                    '</Relationships>',
                    '<Relationship Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/footer" '
                    'Id="rIdLxFooter" Target="footer1.xml"/></Relationships>')
            elif item.filename == '[Content_Types].xml':
                data = data.replace(
                    '</Types>',
                    '<Override PartName="/word/footer1.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.'
                    'wordprocessingml.footer+xml"/></Types>')
            zout.writestr(item, data.encode('utf-8'))
        zout.writestr('word/footer1.xml', FOOTER.encode('utf-8'))
    os.remove(src)


def esc(s):
    """Every ASCII punctuation character escaped: no text is syntax."""
    return re.sub(r'([!-/:-@\[-`{-~])', r'\\\1', s)


ARTICLE = re.compile(r'^(第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?)')


def pandoc_md(title, history, body, bold):
    out = []
    if title is not None:
        # YAML: a quoted scalar, escapes of its own
        out += ['---', 'title: "%s"' % title.replace('\\', '\\\\')
                .replace('"', '\\"'), '---', '']
    for h in history:
        out += ['::: {custom-style="Info"}', esc(h), ':::', '']
    for item in body:
        if item[0] == 'h':
            out += ['#' * max(2, item[1]) + ' ' + esc(item[2]), '']
            continue
        text = esc(item[1])
        m = ARTICLE.match(item[1]) if bold else None
        if m:
            text = '**%s**%s' % (m.group(1), esc(item[1][m.end():]))
        out += [text, '']
    return '\n'.join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    repo, shared, outdir = sys.argv[1:]
    if not shutil.which('pandoc'):
        sys.exit('make_docx_corpus: pandoc missing (apt-get install pandoc)')
    if not os.path.isdir(os.path.join(shared, 'corpus', 'lawrefbook')):
        sys.exit('make_docx_corpus: no %s/corpus/lawrefbook: the 50 '
                 'lawrefbook statutes cannot be laid out (the files in %s '
                 'stay as they are)' % (shared, outdir))
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, SOURCE_DATE_EPOCH='1600000000')
    manifest = []
    try:
        ref = os.path.join(tmp, 'reference.docx')
        reference_docx(ref)
        for k, (name, path) in enumerate(sources(repo, shared)):
            with open(path, encoding='utf-8') as fh:
                title, history, body = parse_md(fh.read())
            md = os.path.join(tmp, '%03d.md' % k)
            with open(md, 'w', encoding='utf-8') as fh:
                fh.write(pandoc_md(title, history, body, k % 2 == 1))
            out = '%03d.docx' % k
            subprocess.run(['pandoc', '-f', 'markdown', '-t', 'docx',
                            '--reference-doc', ref, '-o',
                            os.path.join(outdir, out), md], check=True,
                           env=env)
            manifest.append('%s\t%s' % (out, name))
    finally:
        shutil.rmtree(tmp)
    write_manifest(outdir, 'file', 'make_docx_corpus.py', manifest)
    print('make_docx_corpus: %d DOCX files in %s' % (len(manifest), outdir))


if __name__ == '__main__':
    main()
