#!/usr/bin/env python3
"""statute_md.py: what the fixture scripts share (make_html_fixtures.py,
make_docx_corpus.py, make_pdf_fixtures.sh): reading a clean Markdown
statute (lawrefbook format: "# title", history lines, <!-- INFO END -->,
"## 第一章 ..." headings, one paragraph per line) and the deterministic
choice of statutes laid out as fixtures: the bundled corpus/*.md, and 50
short statutes of SHARED/corpus/lawrefbook (files under 8 KB with a header
end and articles, in the order of the SHA-1 of their path; not those that
repeat their title as body text, which only the lawrefbook header marker
tells from the header).

    statute_md.py REPO SHARED   prints the choice, one "NAME<TAB>PATH" a
                                line (NAME: corpus/... or $SHARED/corpus/...)
"""
import hashlib
import os
import re
import sys

N_SHARED = 50
MAX_BYTES = 8000

def parse_md(text):
    """title, history lines, body items (('h', level, text) or ('p', text))."""
    lines = [l.strip() for l in text.splitlines()]
    title, history, body = None, [], []
    in_header = '<!-- INFO END -->' in text
    for l in lines:
        if not l:
            continue
        if l == '<!-- INFO END -->':
            in_header = False
            continue
        m = re.match(r'^(#{1,6}) +(.*)$', l)
        if title is None and m and len(m.group(1)) == 1:
            title = m.group(2).strip()
            continue
        if in_header:
            history.append(l)
        elif m:
            body.append(('h', len(m.group(1)), m.group(2).strip()))
        else:
            body.append(('p', l))
    return title, history, body


def pick_shared(shared):
    root = os.path.join(shared, 'corpus', 'lawrefbook')
    found = []
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.md') or f == '_index.md':
                continue
            p = os.path.join(d, f)
            if os.path.getsize(p) > MAX_BYTES:
                continue
            with open(p, encoding='utf-8', errors='replace') as fh:
                t = fh.read()
            if '<!-- INFO END -->' not in t or not re.search(
                    r'^第[一二三四五六七八九十百]+条', t, re.M):
                continue
            # A title repeated as body text (a lawrefbook artifact) is
            # told from the header only by the INFO END marker, which no
            # page has: such files are left out.
            title, _, body = parse_md(t)
            lead = ''
            for item in body:
                if item[0] != 'p' or re.match(r'^第.{1,8}[条章节编]', item[1]):
                    break
                lead += item[1]
            if lead and title and lead.replace(' ', '') == title.replace(' ', ''):
                continue
            rel = os.path.relpath(p, os.path.join(shared, 'corpus'))
            found.append((hashlib.sha1(rel.encode()).hexdigest(), rel))
    found.sort()
    return [rel for _, rel in found[:N_SHARED]]


def sources(repo, shared):
    """[(name, path)]: the bundled corpus/*.md, then the lawrefbook choice
    when SHARED/corpus/lawrefbook exists."""
    out = []
    for f in sorted(os.listdir(os.path.join(repo, 'corpus'))):
        if f.endswith('.md'):
            out.append(('corpus/' + f, os.path.join(repo, 'corpus', f)))
    if os.path.isdir(os.path.join(shared, 'corpus', 'lawrefbook')):
        for rel in pick_shared(shared):
            out.append(('$SHARED/corpus/' + rel,
                        os.path.join(shared, 'corpus', rel)))
    return out


def write_manifest(outdir, column, tool, lines):
    """OUTDIR/MANIFEST: a header naming the tool, then "FILE<TAB>NAME"
    lines (the file made and the Markdown it was made from)."""
    with open(os.path.join(outdir, 'MANIFEST'), 'w', encoding='utf-8') as fh:
        fh.write('# %s\tthe Markdown it was made from (tools/%s)\n'
                 % (column, tool))
        fh.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    for name, path in sources(sys.argv[1], sys.argv[2]):
        print('%s\t%s' % (name, path))
