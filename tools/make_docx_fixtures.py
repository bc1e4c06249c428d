#!/usr/bin/env python3
"""make_docx_fixtures.py: the DOCX fixtures of tests/test_docx.c, written
as Word writes WordprocessingML (w:pPr, w:rPr, styles.xml, numbering.xml,
headers, footers, footnotes), with Python's zipfile.

    python3 tools/make_docx_fixtures.py [OUTDIR]   (tests/data/docx)

The statute of statute.md / statute.txt (same directory) is written three
ways: typed numbers (statute-typed.docx), Word's automatic numbering for
第X条 and （一） (statute-numbered.docx), and with a table, a footnote,
headers and footers, line breaks, a text box and tracked changes
(statute-extras.docx).  Then the hostile ones: ZIP bombs (a part declaring
100 MB; a part whose header declares 1 KB but inflates to 100 MB), billion
laughs, an external entity, malformed XML, a truncated archive.  Each is
small on disk (the bombs are ~100 KB of deflated zeros).

The real producer check (pandoc, when installed):
    SOURCE_DATE_EPOCH=1600000000 pandoc -f markdown -t docx \
        -o tests/data/docx/pandoc-sme-2017.docx \
        corpus/national-sme-promotion-law-2017.md   (pandoc 2.17)
"""
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (f'xmlns:w="{W}" xmlns:r="{R}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'mc:Ignorable="w14"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

TITLE = "某某市促进中小企业发展条例"
ADOPTED = "（2020年9月25日某某市第十五届人民代表大会常务委员会第二十五次会议通过）"
# (chapter, [(article text paragraphs, items)])
CHAPTERS = [
    ("第一章 总则", [
        (["为了优化中小企业发展环境，保障中小企业公平参与市场竞争，制定本条例。"], []),
        (["本条例适用于本市行政区域内促进中小企业发展的活动。",
          "本条例所称中小企业，是指在本市依法设立的中型企业、小型企业和微型企业。"], []),
        (["市人民政府应当履行下列职责："],
         ["制定促进中小企业发展的政策措施；", "建立中小企业促进工作协调机制；",
          "督促检查促进中小企业发展工作。"]),
    ]),
    ("第二章 服务保障", [
        (["市中小企业主管部门应当建立服务体系，为中小企业提供下列服务：",
          "服务应当公开、便捷，不得收取费用。"],
         ["信息咨询；", "创业辅导。"]),
        (["本条例自2021年1月1日起施行。"], []),
    ]),
]
CN = "一二三四五六七八九十"


def cn(n):
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def statute_lines():
    """The statute as paragraphs: (kind, text); kinds: title, adopted,
    chapter, article (with its typed number), para, item."""
    out = [("title", TITLE), ("adopted", ADOPTED)]
    art = 0
    for ch, arts in CHAPTERS:
        out.append(("chapter", ch))
        for paras, items in arts:
            art += 1
            out.append(("article", f"第{cn(art)}条 {paras[0]}"))
            for i, it in enumerate(items):
                out.append(("item", f"（{cn(i + 1)}）{it}"))
            for p in paras[1:]:
                out.append(("para", p))
    return out


def write_text_twins(out):
    md, txt = [], []
    for kind, text in statute_lines():
        md.append(("# " if kind == "title" else
                   "## " if kind == "chapter" else "") + text)
        txt.append(text)
    open(os.path.join(out, "statute.md"), "w", encoding="utf-8").write(
        "\n\n".join(md) + "\n")
    open(os.path.join(out, "statute.txt"), "w", encoding="utf-8").write(
        "\n".join(txt) + "\n")


def run(text, bold=False, font=True):
    rpr = ""
    if font or bold:
        rpr = ("<w:rPr>" + ('<w:rFonts w:hint="eastAsia"/>' if font else "")
               + ("<w:b/><w:bCs/>" if bold else "") + "</w:rPr>")
    sp = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{rpr}<w:t{sp}>{escape(text)}</w:t></w:r>"


def para(runs, style=None, jc=None, ind=None, num=None, rsid="00A12B3C"):
    ppr = ""
    if style or jc or ind or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += (f'<w:numPr><w:ilvl w:val="{num[1]}"/>'
                    f'<w:numId w:val="{num[0]}"/></w:numPr>')
        if ind:
            ppr += f'<w:ind w:firstLineChars="200" w:firstLine="{ind}"/>'
        if jc:
            ppr += f'<w:jc w:val="{jc}"/>'
        ppr += "</w:pPr>"
    return (f'<w:p w:rsidR="{rsid}" w:rsidRDefault="{rsid}">{ppr}'
            + "".join(runs) + "</w:p>")


STYLES = DECL + f"""<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"/><w:kern w:val="2"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="60"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:b/><w:bCs/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val="center"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="tiao"><w:name w:val="法条"/><w:basedOn w:val="a"/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="character" w:styleId="a4"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/></w:tblPr></w:style>
</w:styles>"""

# numId 1: 第%1条 (chineseCounting) at level 0, （%2） at level 1
# (chineseCountingThousand), suffix a space; numId 2 restarts the items
# per article by a level override?  No: items are level 1 of numId 1, so
# they restart when level 0 advances, as in Word.
NUMBERING = DECL + f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="multilevel"/><w:tmpl w:val="0409001F"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="tiao"/><w:suff w:val="space"/><w:lvlText w:val="第%1条"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1-%2."/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%3、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="4"><w:start w:val="25"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%5)"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="5"><w:start w:val="1"/><w:numFmt w:val="cardinalText"/><w:lvlText w:val="%6"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="98"/></w:lvlOverride></w:num>
</w:numbering>"""

CONTENT_TYPES = DECL + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>"""

RELS = DECL + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""

DOC_RELS = DECL + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"""

SECT = ('<w:sectPr w:rsidR="00A12B3C"><w:headerReference w:type="default" '
        'r:id="rId3"/><w:footerReference w:type="default" r:id="rId4"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" '
        'w:right="1474" w:bottom="1984" w:left="1587" w:header="851" '
        'w:footer="992" w:gutter="0"/><w:cols w:space="425"/>'
        '<w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>')


def document(body):
    return DECL + f"<w:document {NS}><w:body>{body}{SECT}</w:body></w:document>"


def write_docx(path, document_xml, extra=None, numbering=True):
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
             ("word/_rels/document.xml.rels", DOC_RELS),
             ("word/document.xml", document_xml), ("word/styles.xml", STYLES)]
    if numbering:
        parts.append(("word/numbering.xml", NUMBERING))
    parts += list((extra or {}).items())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, date_time=(2020, 9, 25, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str)
                       else data)


def typed_body():
    """Every number typed, as a clerk types a statute."""
    out = []
    for kind, text in statute_lines():
        if kind == "title":
            out.append(para([run(text, bold=True)], style="a3", jc="center"))
        elif kind == "adopted":
            out.append(para([run(text)], jc="center"))
        elif kind == "chapter":
            a, b = text.split(" ")
            out.append(para([run(a), run("  "), run(b)], style="2"))
        elif kind == "article":
            num, rest = text.split(" ", 1)
            # the number bold in a run of its own, then a tab, as often
            out.append(para([run(num, bold=True), "<w:r><w:tab/></w:r>",
                             run(rest[:6]), run(rest[6:])], ind=640))
        else:
            out.append(para([run(text)], ind=640))
    return "".join(out)


def numbered_body():
    """第X条 from the style 法条 (numId 1, level 0), the items from
    level 1 of the same list: nothing of the numbers is typed."""
    out = []
    for kind, text in statute_lines():
        if kind == "title":
            out.append(para([run(text, bold=True)], style="a3", jc="center"))
        elif kind == "adopted":
            out.append(para([run(text)], jc="center"))
        elif kind == "chapter":
            out.append(para([run(text)], style="2"))
        elif kind == "article":
            out.append(para([run(text.split(" ", 1)[1])], style="tiao"))
        elif kind == "item":
            out.append(para([run(text.split("）", 1)[1])], num=(1, 1),
                            ind=640))
        else:
            out.append(para([run(text)], ind=640))
    return "".join(out)


def extras_docx(path):
    """The typed statute with: a header, a footer with a page field, a
    footnote on article 1, a line break inside article 2's first
    paragraph, a table in article 4, a text box, tracked changes, a page
    break and lastRenderedPageBreak, a bookmark, a hyperlink."""
    body = []
    lines = statute_lines()
    for kind, text in lines:
        if kind == "title":
            body.append(para([run(text, bold=True)], style="a3", jc="center"))
        elif kind == "adopted":
            body.append(para([run(text)], jc="center"))
        elif kind == "chapter":
            body.append(para([run(text)], style="2"))
        elif text.startswith("第一条"):
            body.append(para([
                '<w:bookmarkStart w:id="0" w:name="_Toc1"/>',
                run(text[:10]), '<w:bookmarkEnd w:id="0"/>',
                '<w:r><w:lastRenderedPageBreak/></w:r>',
                '<w:ins w:id="1" w:author="a" w:date="2020-09-25T00:00:00Z">'
                + run(text[10:20]) + "</w:ins>",
                '<w:del w:id="2" w:author="a" w:date="2020-09-25T00:00:00Z">'
                '<w:r><w:delText>删除的文字</w:delText></w:r></w:del>',
                run(text[20:]),
                '<w:r><w:rPr><w:rStyle w:val="a4"/></w:rPr>'
                '<w:footnoteReference w:id="1"/></w:r>'], ind=640))
        elif text.startswith("第二条"):
            body.append(para([run(text[:12]), "<w:r><w:br/></w:r>",
                              run(text[12:])], ind=640))
        elif text.startswith("第三条"):
            body.append(para([
                '<w:hyperlink r:id="rId9" w:history="1">' + run(text[:8])
                + "</w:hyperlink>", run(text[8:]),
                '<w:r><w:br w:type="page"/></w:r>'], ind=640))
        elif text.startswith("第四条"):
            body.append(para([run(text)], ind=640))
            body.append(
                '<w:tbl><w:tblPr><w:tblStyle w:val="a1"/><w:tblW w:w="0" '
                'w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>'
                '<w:gridCol w:w="4000"/></w:tblGrid>'
                + "".join(
                    "<w:tr>" + "".join(
                        f'<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/>'
                        f"</w:tcPr>{para([run(c)])}</w:tc>" for c in row)
                    + "</w:tr>"
                    for row in [("服务项目", "承办部门"),
                                ("信息咨询", "市中小企业服务中心")])
                + "</w:tbl>")
        elif text.startswith("第五条"):
            box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
                   '<w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/>'
                   '<a:graphic><a:graphicData uri="http://schemas.microsoft.'
                   'com/office/word/2010/wordprocessingShape"><wps:wsp>'
                   '<wps:txbx><w:txbxContent>'
                   + para([run("文本框中的说明文字")])
                   + '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData>'
                   '</a:graphic></wp:anchor></w:drawing></mc:Choice>'
                   '<mc:Fallback><w:pict><w:txbxContent>'
                   + para([run("文本框中的说明文字")])
                   + '</w:txbxContent></w:pict></mc:Fallback>'
                   '</mc:AlternateContent></w:r>')
            body.append(para([run(text), box], ind=640))
        else:
            body.append(para([run(text)], ind=640))
    header = DECL + f"<w:hdr {NS}>" + para([run("某某市人民代表大会常务委员会公报")],
                                          jc="center") + "</w:hdr>"
    footer = DECL + (f"<w:ftr {NS}>" + para([
        run("— "), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run("1"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>', run(" —")],
        jc="center") + "</w:ftr>")
    notes = DECL + (
        f"<w:footnotes {NS}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        "</w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        '<w:footnote w:id="1">' + para([
            '<w:r><w:rPr><w:rStyle w:val="a4"/></w:rPr><w:footnoteRef/></w:r>',
            run(" 本条例由某某市人民代表大会常务委员会负责解释。")])
        + "</w:footnote></w:footnotes>")
    write_docx(path, document("".join(body)),
               {"word/header1.xml": header, "word/footer1.xml": footer,
                "word/footnotes.xml": notes})


def numbering_docx(path):
    """Every format the reader knows, in a short list (numId 2) and a list
    of numId 1 restarted at 98 (numId 3): the expected numbers are in
    test_docx.c."""
    body = []
    for i in range(3):
        body.append(para([run(f"甲{i}")], num=(2, 0)))
        for j in range(2):
            body.append(para([run(f"乙{j}")], num=(2, 1)))
    body.append(para([run("丙")], num=(2, 2)))
    body.append(para([run("丙")], num=(2, 2)))
    body.append(para([run("丁")], num=(2, 3)))
    body.append(para([run("戊")], num=(2, 4)))
    body.append(para([run("戊")], num=(2, 4)))
    body.append(para([run("戊")], num=(2, 4)))
    body.append(para([run("己")], num=(2, 5)))
    for i in range(3):
        body.append(para([run(f"条{i}")], num=(3, 0)))
    body.append(para([run("项")], num=(3, 1)))
    body.append(para([run("无")], num=(7, 0)))
    write_docx(path, document("".join(body)))


def bomb(path, size, lie):
    """document.xml of `size` zero bytes (deflated to ~size/1000); lie: the
    headers declare 1000 bytes instead."""
    data = b"\0" * size
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, d in (("[Content_Types].xml", CONTENT_TYPES.encode()),
                        ("word/document.xml", data)):
            zi = zipfile.ZipInfo(name, date_time=(2020, 9, 25, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, d)
    del data
    if not lie:
        return
    b = bytearray(open(path, "rb").read())
    # Local header and central directory entries of word/document.xml:
    # the uncompressed size at offsets 22 (local) and 24 (central).
    name = b"word/document.xml"
    i = 0
    while True:
        i = b.find(b"PK\x03\x04", i)
        if i < 0:
            break
        n = struct.unpack_from("<H", b, i + 26)[0]
        if b[i + 30:i + 30 + n] == name:
            struct.pack_into("<I", b, i + 22, 1000)
        i += 4
    i = 0
    while True:
        i = b.find(b"PK\x01\x02", i)
        if i < 0:
            break
        n = struct.unpack_from("<H", b, i + 28)[0]
        if b[i + 46:i + 46 + n] == name:
            struct.pack_into("<I", b, i + 24, 1000)
        i += 4
    open(path, "wb").write(bytes(b))


def fuzz_seeds(out, seeds):
    """Seeds of fuzz/fuzz_docx.c: a mode byte (0 a whole DOCX; 1
    document.xml 0xFF numbering.xml; 2 document.xml 0xFF styles.xml)."""
    os.makedirs(seeds, exist_ok=True)
    u = lambda s: s.encode("utf-8")
    items = {
        "whole-extras": b"\0" + open(os.path.join(out, "statute-extras.docx"),
                                     "rb").read(),
        "numbered": b"\1" + u(document(numbered_body())) + b"\xff"
                    + u(NUMBERING),
        "typed-styles": b"\2" + u(document(typed_body())) + b"\xff"
                        + u(STYLES),
    }
    with zipfile.ZipFile(os.path.join(out, "numbering.docx")) as z:
        items["numbering"] = (b"\1" + z.read("word/document.xml") + b"\xff"
                              + u(NUMBERING))
    with zipfile.ZipFile(os.path.join(out, "statute-extras.docx")) as z:
        items["extras-styles"] = (b"\2" + z.read("word/document.xml")
                                  + b"\xff" + u(STYLES))
    for name, data in items.items():
        open(os.path.join(seeds, name), "wb").write(data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/docx"
    os.makedirs(out, exist_ok=True)
    write_text_twins(out)
    write_docx(os.path.join(out, "statute-typed.docx"), document(typed_body()))
    write_docx(os.path.join(out, "statute-numbered.docx"),
               document(numbered_body()))
    extras_docx(os.path.join(out, "statute-extras.docx"))
    numbering_docx(os.path.join(out, "numbering.docx"))
    bomb(os.path.join(out, "bomb-declared.docx"), 100 << 20, False)
    bomb(os.path.join(out, "bomb-lying.docx"), 100 << 20, True)
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
              + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n'
                        for i in range(1, 10)).replace("&lol0;", "&lol;")
              + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'
              "&lol9;</w:t></w:r></w:p></w:body></w:document>")
    write_docx(os.path.join(out, "billion-laughs.docx"), laughs)
    xxe = ('<?xml version="1.0"?>\n<!DOCTYPE d [\n<!ENTITY xxe SYSTEM '
           '"file:///etc/hostname">\n<!ENTITY net SYSTEM '
           '"http://127.0.0.1:9/xxe">\n]>\n'
           f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>第一条 '
           "&xxe;&net;</w:t></w:r></w:p></w:body></w:document>")
    write_docx(os.path.join(out, "xxe.docx"), xxe)
    bad = document(typed_body())
    write_docx(os.path.join(out, "malformed.docx"),
               bad[:len(bad) // 2] + "<w:p><w:r></w:t></w:r>")
    whole = open(os.path.join(out, "statute-typed.docx"), "rb").read()
    open(os.path.join(out, "truncated.docx"), "wb").write(
        whole[:len(whole) * 2 // 3])
    fuzz_seeds(out, "fuzz/seeds/docx")
    if shutil.which("pandoc"):
        # SOURCE_DATE_EPOCH: the same bytes on every run
        subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o",
                        os.path.join(out, "pandoc-sme-2017.docx"),
                        "corpus/national-sme-promotion-law-2017.md"],
                       check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1600000000"))


if __name__ == "__main__":
    main()
