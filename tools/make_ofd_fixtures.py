#!/usr/bin/env python3
"""Writes the small OFD files of the tests (tests/data/ofd/, tests/bad/)
and the fuzz seeds (fuzz/seeds/ofd/): a two-page statute (a centred bold
title, centred headings, DeltaX in the "g N d" syntax, an indented article
running over the page break, page numbers as footers, turned text), text
drawn as glyphs only (unrecoverable), and damaged packages.

Run from the repository's root: python3 tools/make_ofd_fixtures.py
"""
import os
import zipfile

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
FS = 5.5          # font size and advance of a CJK character, mm
LEFT, CHARS = 28.0, 28
RIGHT = LEFT + CHARS * FS
PITCH = 9.0


def ofd_xml(doc="Doc_0/Document.xml"):
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>
<ofd:DocInfo><ofd:DocID>lexcn-test</ofd:DocID></ofd:DocInfo>
<ofd:DocRoot>/{doc}</ofd:DocRoot></ofd:DocBody></ofd:OFD>
'''


def document_xml(npages):
    pages = "".join(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                    for i in range(npages))
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>
<ofd:Pages>{pages}</ofd:Pages></ofd:Document>
'''


PUBLIC_RES = f'''<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>
<ofd:Font ID="1" FontName="仿宋"/><ofd:Font ID="2" FontName="宋体" Bold="true"/>
</ofd:Fonts></ofd:Res>
'''

_id = [100]


def text_object(x, y, text, size=FS, font=1, weight=None, ctm=None,
                deltax=None, extra=""):
    """A TextObject whose Boundary starts at x, with its baseline at y."""
    _id[0] += 1
    n = len(text)
    if deltax is None:
        deltax = f"g {n - 1} {size}" if n > 1 else ""
    attrs = f'ID="{_id[0]}" Font="{font}" Size="{size}"'
    if weight:
        attrs += f' Weight="{weight}"'
    if ctm:
        attrs += f' CTM="{ctm}"'
    top = y - size
    dx = f' DeltaX="{deltax}"' if deltax else ""
    return (f'<ofd:TextObject {attrs} Boundary="{x:.2f} {top:.2f} {n * size:.2f} {size * 1.3:.2f}">'
            f'{extra}<ofd:TextCode X="0" Y="{size}"{dx}>{text}</ofd:TextCode></ofd:TextObject>\n')


def expand(deltax):
    """The values of a DeltaX list ("g N d" is N times d)."""
    v, t = [], deltax.split()
    i = 0
    while i < len(t):
        if t[i] == "g":
            v += [float(t[i + 2])] * int(t[i + 1])
            i += 3
        else:
            v.append(float(t[i]))
            i += 1
    return v


def centred(y, text, size=FS, deltax=None, **kw):
    width = (sum(expand(deltax)[:len(text) - 1]) + size) if deltax else len(text) * size
    return text_object(105 - width / 2, y, text, size, deltax=deltax, **kw)


def page_xml(objects):
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">
{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>
'''


def put(z, name, data):
    """An entry with a fixed date, so that the files do not change."""
    z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data,
               compress_type=zipfile.ZIP_DEFLATED)


def package(path, pages, extra_parts=()):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "OFD.xml", ofd_xml())
        put(z, "Doc_0/Document.xml", document_xml(len(pages)))
        put(z, "Doc_0/PublicRes.xml", PUBLIC_RES)
        for i, p in enumerate(pages):
            put(z, f"Doc_0/Pages/Page_{i}/Content.xml", p)
        for name, data in extra_parts:
            put(z, name, data)


ART1 = ("本条例所称中小企业，是指在本市行政区域内依法设立的有利于满足社会需要、"
        "增加就业、符合国家产业政策，生产经营规模属于中小型的各种所有制和各种形式的企业，"
        "其划分标准按照国家有关规定执行。本市促进中小企业发展的工作，适用本条例。"
        "市和区人民政府应当将促进中小企业发展纳入国民经济和社会发展规划，"
        "制定促进中小企业发展的政策措施，保障中小企业公平参与市场竞争，"
        "维护中小企业合法权益，支持中小企业创业创新，促进中小企业健康发展，"
        "发挥中小企业在本市经济社会发展中的作用。")
ART2 = "本条例自2021年1月1日起施行。"


def statute():
    first = "第一条　" + ART1
    lines = [first[:CHARS - 2]]
    rest = first[CHARS - 2:]
    while rest:
        lines.append(rest[:CHARS])
        rest = rest[CHARS:]
    assert len(lines[-1]) < CHARS - 2
    p1 = [centred(50, "某某市促进中小企业发展条例", 7.7, font=2, weight=700),
          centred(62, "（2020年9月25日通过）", FS,
                  deltax="5.5 g 4 2.75 5.5 2.75 5.5 g 2 2.75 g 3 5.5"),
          centred(78, "第一章　总则")]
    y = 92
    per_page1 = len(lines) - 2    # the last two lines go to page 2
    for i, t in enumerate(lines[:per_page1]):
        x = LEFT + (2 * FS if i == 0 else 0)
        # One line as characters of their own TextCodes, the rest whole.
        if i == 1:
            _id[0] += 1
            codes = "".join(f'<ofd:TextCode X="{k * FS}" Y="{FS}">{c}</ofd:TextCode>'
                            for k, c in enumerate(t))
            p1.append(f'<ofd:TextObject ID="{_id[0]}" Font="1" Size="{FS}" '
                      f'Boundary="{x} {y - FS} {len(t) * FS} {FS * 1.3}">{codes}</ofd:TextObject>\n')
        else:
            p1.append(text_object(x, y, t))
        y += PITCH
    p1.append(centred(280, "— 1 —", FS, deltax=f"{FS} {FS / 2} {FS / 2} {FS / 2}"))
    p2 = []
    y = 40
    for t in lines[per_page1:]:
        p2.append(text_object(LEFT, y, t))
        y += PITCH
    p2.append(text_object(LEFT + 2 * FS, y, "第二条　" + ART2,
                          deltax="g 8 5.5 g 4 2.75 5.5 2.75 5.5 2.75 g 4 5.5"))
    # Turned text in the margin (a seal's caption, say): read apart.
    p2.append(f'<ofd:TextObject ID="900" Font="1" Size="4" CTM="0 1 -1 0 0 0" '
              f'Boundary="10 150 5 40"><ofd:TextCode X="0" Y="4" DeltaX="g 3 4">'
              f'旋转文字</ofd:TextCode></ofd:TextObject>\n')
    p2.append(centred(280, "— 2 —", FS, deltax=f"{FS} {FS / 2} {FS / 2} {FS / 2}"))
    package("tests/data/ofd/statute.ofd", [page_xml(p1), page_xml(p2)])


def glyphs():
    objs = [text_object(LEFT, 50, "第一条　本条例自公布之日起施行。"),
            '<ofd:TextObject ID="300" Font="1" Size="5.5" Boundary="28 60 50 8">'
            '<ofd:CGTransform CodePosition="0" CodeCount="1" GlyphCount="3">'
            '<ofd:Glyphs>12 13 14</ofd:Glyphs></ofd:CGTransform>'
            '<ofd:TextCode X="0" Y="5.5" DeltaX="g 2 5.5"></ofd:TextCode></ofd:TextObject>\n',
            text_object(LEFT, 80, "\ue000\ue001\ue002")]
    package("tests/data/ofd/glyphs.ofd", [page_xml(objs)])


def bad():
    ok = page_xml([text_object(LEFT, 50, "第一条　本条例自公布之日起施行。")])
    package("tests/bad/ofd-bad-xml.ofd", [ok[: len(ok) // 2]])
    with zipfile.ZipFile("tests/bad/ofd-bomb.ofd", "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "OFD.xml", ofd_xml())
        put(z, "Doc_0/Document.xml", document_xml(1))
        put(z, "Doc_0/PublicRes.xml", PUBLIC_RES)
        put(z, "Doc_0/Pages/Page_0/Content.xml",
                   ok[:-20] + " " * (70 << 20) + ok[-20:])
    with zipfile.ZipFile("tests/bad/ofd-missing-page.ofd", "w", zipfile.ZIP_DEFLATED) as z:
        put(z, "OFD.xml", ofd_xml())
        put(z, "Doc_0/Document.xml", document_xml(1))


def seeds():
    os.makedirs("fuzz/seeds/ofd", exist_ok=True)
    for f in ("tests/data/ofd/statute.ofd", "tests/data/ofd/glyphs.ofd",
              "tests/bad/ofd-bad-xml.ofd", "tests/bad/ofd-missing-page.ofd"):
        with open(f, "rb") as i, open("fuzz/seeds/ofd/" + os.path.basename(f), "wb") as o:
            o.write(i.read())
    # The XML of a page, as fuzz_ofd packs it itself.
    with zipfile.ZipFile("tests/data/ofd/statute.ofd") as z:
        for i in (0, 1):
            with open(f"fuzz/seeds/ofd/statute-page{i + 1}.xml", "wb") as o:
                o.write(z.read(f"Doc_0/Pages/Page_{i}/Content.xml"))


if __name__ == "__main__":
    statute()
    glyphs()
    bad()
    seeds()
