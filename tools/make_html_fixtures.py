#!/usr/bin/env python3
"""make_html_fixtures.py: statutes laid out as official web pages.

Renders clean Markdown statutes (lawrefbook format: "# title", history
lines, <!-- INFO END -->, "## 第一章 ..." headings, one paragraph per line)
as HTML pages the way government sites publish them: navigation, a
breadcrumb, a share bar, a sidebar, a footer and scripts around the text;
the title centred in an <h1> (sometimes above the content box) or a
<div align=center>; the 通过 lines centred (on half of the pages in one
bracketed line, （…通过　…修正）); chapters centred; each
paragraph a <p> indented with two full-width spaces, &nbsp; or CSS
text-indent, or the whole statute in one <div> with <br> between the
paragraphs, or the content in a table cell (old sites); half of the pages
in GB2312 (encoded with the gb18030 codec, declared charset=gb2312: sites
declare gb2312 and write GBK/GB18030).

The pages are what the HTML reader must read back into the same tree as
the Markdown (tests/test_html.c).  The choice is deterministic: the bundled
corpus/*.md, and 50 short statutes of SHARED/corpus/lawrefbook (files under
8 KB with a header end and articles, in the order of the SHA-1 of their
path; not those that repeat their title as body text, which only the
lawrefbook header marker tells from the header).  MANIFEST lists each page and the Markdown it came from
(corpus/... or $SHARED/corpus/...); the choice is tools/statute_md.py's.

usage: make_html_fixtures.py REPO SHARED OUTDIR
"""
import html
import os
import sys

from statute_md import parse_md, sources, write_manifest




def esc(s):
    return html.escape(s, quote=False)


NAV = """<div class="top-nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/fggz/">法规规章</a></li><li><a href="/hdjl/">互动交流</a></li>
</ul></div>
<div class="breadcrumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/fggz/">法规规章</a> &gt; 正文</div>"""

SIDEBAR = """<div class="sidebar"><h3>相关法规</h3><ul>
<li><a href="/a.html">关于实施本条例第三条的若干规定</a></li>
<li><a href="/b.html">第二章实施细则（征求意见稿）</a></li>
</ul></div>"""

SHARE = """<div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a></div>"""

FOOTER = """<div id="footer"><p>主办：人民政府办公厅　承办：信息中心</p>
<p>版权所有 © 2021 网站标识码 1100000088　京ICP备05060933号</p></div>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>统计</p>");</script>"""


def indent(k):
    return ['　　', '&nbsp;&nbsp;&nbsp;&nbsp;', ''][k % 3]


def page(title, history, body, k, charset):
    """The page of layout k (0..3)."""
    layout = k % 4
    out = []
    out.append('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
               '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">')
    out.append('<html xmlns="http://www.w3.org/1999/xhtml">\n<head>')
    if k % 3 == 0:
        out.append('<meta http-equiv="Content-Type" content="text/html; '
                   'charset=%s" />' % charset)
    else:
        out.append('<meta charset="%s">' % charset)
    out.append('<title>%s_人民政府门户网站</title>' % esc(title or ''))
    out.append('<style type="text/css">.content p{line-height:2em}</style>')
    out.append('<script src="/js/jquery.js"></script>\n</head>\n<body>')
    out.append(NAV)
    ind = indent(k)
    style = ' style="text-indent:2em"' if k % 3 == 2 else ''

    def head_html(t):
        if layout == 2:
            return '<center><strong>%s</strong></center>' % esc(t)
        if k % 2:
            return '<p align="center"><strong>%s</strong></p>' % esc(t)
        return '<p style="text-align: center;"><b>%s</b></p>' % esc(t)

    title_html = ''
    if title is not None:
        if layout in (0, 3):
            title_html = '<h1 align="center">%s</h1>' % esc(title)
        else:
            title_html = ('<div align="center" class="title"><strong>%s'
                          '</strong></div>' % esc(title))
    info = ('<div class="info">发布时间：2021-03-01 10:12　来源：司法局　'
            '字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>')
    if layout == 0:
        # the title above the content box, outside it
        out.append('<div class="main"><div class="article">')
        out.append(title_html)
        out.append(info)
        out.append('<div class="content" id="zoom">')
    elif layout == 3:
        # an old site: tables, the text in a cell
        out.append('<table width="980" align="center"><tr><td width="200" '
                   'valign="top">' + SIDEBAR + '</td><td valign="top">')
        out.append(info)
        out.append('<div class="TRS_Editor">')
        out.append(title_html)
    else:
        out.append('<div class="main"><div class="article">')
        out.append(info)
        out.append('<div class="content">')
        out.append(title_html)
    if layout == 2:
        # the whole statute in one <div>, paragraphs separated by <br>
        parts = []
        if history:
            out.append('<div align="center">%s</div>' %
                       '<br />\n'.join(esc(h) for h in history))
        seg = []
        for item in body:
            if item[0] == 'h':
                if seg:
                    parts.append('<div>' + '<br />\n'.join(seg) + '</div>')
                    seg = []
                parts.append(head_html(item[2]))
            else:
                seg.append(ind + esc(item[1]))
        if seg:
            parts.append('<div>' + '<br />\n'.join(seg) + '</div>')
        out.extend(parts)
    else:
        if layout in (0, 3) and history:
            # the 通过 lines in one bracketed line, as most sites have them
            out.append('<p align="center">（%s）</p>' %
                       '　'.join(esc(h) for h in history))
        else:
            for h in history:
                out.append('<p align="center">%s</p>' % esc(h))
        for item in body:
            if item[0] == 'h':
                out.append(head_html(item[2]))
            else:
                out.append('<p%s>%s%s</p>' % (style, ind, esc(item[1])))
    out.append('</div>')
    if layout == 3:
        out.append(SHARE + '</div></td></tr></table>')
    else:
        out.append(SHARE + '</div>' + SIDEBAR + '</div>')
    out.append(FOOTER)
    out.append('</body>\n</html>\n')
    return '\n'.join(out)




def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    repo, shared, outdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    srcs = sources(repo, shared)
    manifest = []
    kept = []
    if not os.path.isdir(os.path.join(shared, 'corpus', 'lawrefbook')):
        # the lawrefbook pages cannot be made here: those of the MANIFEST
        # stay as they are
        old = os.path.join(outdir, 'MANIFEST')
        if os.path.exists(old):
            with open(old, encoding='utf-8') as fh:
                kept = [l.rstrip('\n') for l in fh
                        if '\t$SHARED/' in l]
        print('make_html_fixtures: no %s/corpus/lawrefbook: only the pages '
              'of corpus/ made (%d others kept)' % (shared, len(kept)),
              file=sys.stderr)
    for k, (name, path) in enumerate(srcs):
        with open(path, encoding='utf-8') as fh:
            title, history, body = parse_md(fh.read())
        gb = k % 2 == 1
        text = page(title, history, body, k, 'gb2312' if gb else 'utf-8')
        out = '%03d-%s.html' % (k, 'gb2312' if gb else 'utf8')
        with open(os.path.join(outdir, out), 'wb') as fh:
            fh.write(text.encode('gb18030' if gb else 'utf-8'))
        manifest.append('%s\t%s' % (out, name))
    manifest += kept
    write_manifest(outdir, 'page', 'make_html_fixtures.py', manifest)
    print('make_html_fixtures: %d pages in %s' % (len(manifest), outdir))


if __name__ == '__main__':
    main()
