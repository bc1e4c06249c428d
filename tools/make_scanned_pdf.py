#!/usr/bin/python3
"""make_scanned_pdf.py [--text-page] OUT.pdf: a PDF as a scanner makes
it, written by hand: two A4 pages, each showing one grey-level image
XObject (a page of "print": dark bars on white, 8 bits, Flate-compressed)
and no text at all.  With --text-page a first page of text (Helvetica)
comes before them: a PDF with some pages scanned.  For tests/test_pdf.c
and tests/bad/cases."""
import sys
import zlib

W, H = 248, 351  # 30 dpi A4


def image():
    rows = []
    for y in range(H):
        line = bytearray(b"\xff" * W)
        if 30 <= y < H - 30 and (y // 6) % 2 == 0:
            for x in range(25, W - 25):
                line[x] = 0x30
        rows.append(bytes(line))
    return zlib.compress(b"".join(rows))


def main():
    text_page = "--text-page" in sys.argv
    path = sys.argv[-1]
    img = image()
    objs = []
    pages = 2
    # 1 catalog, 2 pages, then per page: page, contents, image; then the
    # text page and its font.
    kids = ["%d 0 R" % (3 + 3 * i) for i in range(pages)]
    if text_page:
        kids.insert(0, "%d 0 R" % (3 + 3 * pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(("<< /Type /Pages /Kids [%s] /Count %d >>"
                 % (" ".join(kids), len(kids))).encode())
    for i in range(pages):
        p, c, im = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        objs.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     "/Resources << /XObject << /Im0 %d 0 R >> >> "
                     "/Contents %d 0 R >>" % (im, c)).encode())
        content = b"q 595 0 0 842 0 0 cm /Im0 Do Q\n"
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                    b"/ColorSpace /DeviceGray /BitsPerComponent 8 "
                    b"/Filter /FlateDecode /Length %d >>\nstream\n" % (W, H, len(img))
                    + img + b"\nendstream")
    if text_page:
        t, c, f = 3 + 3 * pages, 4 + 3 * pages, 5 + 3 * pages
        objs.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                     "/Resources << /Font << /F1 %d 0 R >> >> "
                     "/Contents %d 0 R >>" % (f, c)).encode())
        content = b"BT /F1 14 Tf 80 760 Td (Regulations on the payment of small firms) Tj ET\n"
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                    b"/Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


main()
