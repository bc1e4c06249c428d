/*
 * layout.h: positioned text (runs of characters placed on pages, as PDF
 * and OFD give them) rebuilt into the paragraphs of an lx_reading.
 *
 * Use: L = lx_layout_new(r); lx_layout_page() once per page, in page
 * order; lx_layout_end(L) (which adds the paragraphs to r); then
 * lx_layout_free(L) (also after a failure).  Nothing is added to r
 * before lx_layout_end: page headers and footers are told by their
 * repetition across pages.
 *
 * What it does, page by page:
 *  - lines: runs grouped by baseline (within 0.35 of the font size),
 *    ordered by x; no space between two CJK characters, a space between
 *    Latin words when the gap is wider than 0.2 of the font size, and a
 *    space (even between CJK) where the gap is wider than 0.8 font size
 *    (a blank character not drawn, cells, tabs); a run repeated at the
 *    same place (fake bold) once;
 *  - two columns: segments of one baseline apart by a wide gap whose left
 *    edges fall in two clusters are read column by column (diagnostic
 *    "two-columns");
 *  - the text block's left and right edges per column of a page: the
 *    leftmost (rightmost) dense cluster of line starts (ends), not the
 *    minimum (maximum); pages with fewer than 4 lines use the edges of
 *    the whole document;
 *  - page furniture: a line among the first two or last two of a page, in
 *    the top or bottom 15% of it, that is a page number (— 3 —, －3－,
 *    - 3 -, 第3页 共9页, 第 3 页, 3/9, a lone number) or whose text (digits
 *    aside) repeats on other pages (unless it is set larger than the
 *    median line: the title, which running headers repeat), goes to
 *    r->apart with an info diagnostic "page-furniture";
 *  - paragraphs: a line starts one when it is indented against the left
 *    edge (by more than 0.8 font size: LX_RL_INDENTED), when the line
 *    before it ends short of the right edge (by more than 1.5 font sizes),
 *    after a vertical gap (1.6 times the page's line pitch), a change of
 *    font size or of boldness; a centred line (both margins larger than
 *    2.5 font sizes and within 2 of each other) is a paragraph of its own
 *    (LX_RL_CENTERED); a paragraph whose last line on a page reaches the
 *    right edge goes on with the next page's first line when that one is
 *    not indented; a centred paragraph wrapped over several lines (a line
 *    centred and too full for the next line's first character, then a
 *    centred line of the same size below it, not beginning with a year:
 *    the lines of dates under a title are one paragraph each) is one
 *    paragraph; a line beginning with a year after a line centred within
 *    a font size begins a paragraph (a line of dates).  Lines of a paragraph are joined with a space only
 *    between two Latin letters (layouts of Chinese text also break lines
 *    inside numbers).
 *  - LX_RL_BOLD when every run of the paragraph is bold.
 * Structural units (第X条...) are the grammar's business, not this one's.
 * Time: O(n log n) per page in its runs, O(p log p) over p pages.
 */
#ifndef LX_LAYOUT_H
#define LX_LAYOUT_H

#include "reader.h"

/* A run of text placed on a page: its left end x, baseline y (growing
 * downwards from the top of the page), width w (<= 0 when unknown: the
 * width is then estimated from the characters) and font size h, in any
 * unit as long as it is the same for the page's size.  text is UTF-8 and
 * need not be NUL-terminated; it is copied. */
typedef struct lx_run {
	double x, y, w, h;
	const char *text;
	size_t len;
	bool bold;
} lx_run;

typedef struct lx_layout lx_layout;

/* A builder adding to r; NULL when out of memory. */
lx_layout *lx_layout_new(lx_reading *r);
/* The runs of one page (1-based page number, pages in order; width and
 * height of the page, <= 0 when unknown).  LX_OK or LX_ERR_NOMEM. */
int lx_layout_page(lx_layout *L, int page, double width, double height,
                   const lx_run *runs, size_t n);
/* Rebuilds the paragraphs of every page given and adds them to r (body
 * to r->lines, furniture to r->apart, diagnostics to r->diags).  LX_OK or
 * LX_ERR_NOMEM. */
int lx_layout_end(lx_layout *L);
void lx_layout_free(lx_layout *L);

#endif
