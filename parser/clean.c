/*
 * clean.c: decoded lines -> paragraphs, removing the artifacts of PDF
 * extraction and Markdown.
 *
 * - Zero-width characters and stray control bytes are removed (the latter
 *   with a diagnostic); whitespace runs become one space (spaces between
 *   Chinese characters are removed later, when node texts are made; in
 *   wrapped PDF text already here, since "第十 三条" would hide an article).
 * - Markdown: heading marks (#), bold (**), horizontal rules; the
 *   <!-- INFO END --> line of lawrefbook files marks the end of the header.
 * - Page-number lines are dropped, each with an info diagnostic, and so are
 *   running titles (the line repeated next to them).
 * - Hard-wrapped lines are re-joined into paragraphs.  Three layouts:
 *   "clean" (a header end marker exists: one paragraph per line), "wrapped"
 *   (PDF text: most long lines have the same width W), and "loose" (one
 *   paragraph per line, sometimes broken).  A line ends its paragraph when
 *   the next line starts a structural unit or stands alone (a date, an
 *   attachment mark); in loose text when it ends with sentence-final
 *   punctuation.  In wrapped text the cues of the PDF reader: where the
 *   copy kept first-line indents, an indent starts a paragraph and a line
 *   clearly short of W ends one; where it lost them, a line short of W
 *   ending a sentence ends one, a full line ending on 。 ends one when the
 *   next is short of W (a first line: the page kept the indent's room),
 *   on ；or ： does not; a full line on 。 before a full line is joined,
 *   and a full line on 。 before a short line ending a sentence is split,
 *   both with an uncertain-break diagnostic.  Widths are measured as a
 *   CJK font sets the line (punctuation hanging in the margin, wide
 *   quotes, ASCII half or full wide as the document's lines show).  Blank
 *   lines are ignored: PDF extractors put them between every wrapped line.
 *   Every pass is linear in the lines (a bounded number of matches each).
 */
#include <stdlib.h>
#include <string.h>

#include "lx_int.h"

typedef struct raw {
	char *s; /* cleaned line (arena) */
	size_t len;
	int no;
	lx_para_kind kind;
	int md_level;
	int width;
	int indent;      /* leading whitespace of the source line, columns */
	int furniture;   /* next to a dropped page number: 1 before, 2 after */
	bool marker;     /* starts a structural unit */
	bool heading;    /* is a whole heading line (chapter, section...) */
	bool standalone; /* never joined with a neighbour */
	bool title_line; /* ends its paragraph but may continue the previous */
} raw;

static bool is_zero_width(int32_t c)
{
	return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 ||
	       c == 0xFEFF || c == 0x00AD;
}

/* Cleans one line into the arena: removes zero-width and control
 * characters, collapses whitespace to single spaces, trims.  Returns the
 * number of control characters removed via *ctl. */
static char *clean_line(lx_arena *a, const char *s, size_t len, size_t *out,
                        size_t *ctl)
{
	char *o = lx_arena_alloc(a, len + 1);
	if (!o)
		return NULL;
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, i = 0;
	bool pending_space = false;
	*ctl = 0;
	while (i < len) {
		unsigned char b = u[i];
		/* Fast path: printable ASCII, and 3-byte characters whose lead
		 * byte cannot start a space or zero-width character. */
		if ((b > 0x20 && b < 0x7F) ||
		    (b >= 0xE4 && b <= 0xEE && i + 2 < len)) {
			size_t l = b < 0x80 ? 1 : 3;
			if (pending_space)
				o[n++] = ' ';
			pending_space = false;
			/* Byte by byte: a memcpy call per character cost more
			 * than the copy. */
			o[n] = s[i];
			if (l == 3) {
				o[n + 1] = s[i + 1];
				o[n + 2] = s[i + 2];
			}
			n += l;
			i += l;
			continue;
		}
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (is_zero_width(c))
			continue;
		if ((c < 0x20 && c != '\t') || c == 0x7F) {
			(*ctl)++;
			continue;
		}
		if (lx_cp_is_space(c)) {
			pending_space = n > 0;
			continue;
		}
		if (pending_space)
			o[n++] = ' ';
		pending_space = false;
		memcpy(o + n, s + st, i - st);
		n += i - st;
	}
	o[n] = '\0';
	*out = n;
	return o;
}

/* Removes Markdown bold marks (**) in place. */
static size_t strip_bold(char *s, size_t len)
{
	if (!memchr(s, '*', len))
		return len;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '*' && i + 1 < len && s[i + 1] == '*') {
			i++;
			continue;
		}
		s[o++] = s[i];
	}
	s[o] = '\0';
	/* Removing marks can leave edge spaces: trim them. */
	size_t b = 0;
	while (b < o && s[b] == ' ')
		b++;
	while (o > b && s[o - 1] == ' ')
		o--;
	memmove(s, s + b, o - b);
	s[o - b] = '\0';
	return o - b;
}

static bool any_structure(const lx_grammars *set, const char *s, size_t len,
                          pcre2_match_data *md, bool *heading)
{
	static const lx_key marks[] = {LX_K_PART,    LX_K_SUBPART, LX_K_CHAPTER,
	                               LX_K_SECTION, LX_K_ARTICLE, LX_K_ITEM,
	                               LX_K_SUBITEM, LX_K_CLOSING};
	lx_match m;
	*heading = false;
	bool found = false;
	/* An amendment quotes the units it inserts (“第十七条…, “（一）…):
	 * they start lines all the same. */
	static const char *const open[] = {"“", "‘", "「", "『", NULL};
	for (size_t k = 0; open[k]; k++) {
		size_t l = strlen(open[k]);
		if (len > l && !memcmp(s, open[k], l)) {
			s += l;
			len -= l;
			break;
		}
	}
	for (size_t gi = 0; gi < set->grammars.n; gi++) {
		const lx_grammar *g =
			LX_VEC_AT(&set->grammars, lx_grammar *, gi);
		if (!g->is_structure)
			continue;
		for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
			if (lx_match_key(g, marks[k], s, len, md, &m)) {
				found = true;
				if (k < 4)
					*heading = true;
				break;
			}
	}
	return found;
}

/* Whether s ends with one of fin[], possibly inside up to `closers`
 * closing quotes or brackets of close[]. */
static bool ends_with_mark(const char *s, size_t len, const char *const *fin,
                           const char *const *close, int closers)
{
	for (int pass = 0; pass <= closers; pass++) {
		for (size_t k = 0; fin[k]; k++) {
			size_t l = strlen(fin[k]);
			if (len >= l && !memcmp(s + len - l, fin[k], l))
				return true;
		}
		bool stripped = false;
		for (size_t k = 0; close[k] && !stripped; k++) {
			size_t l = strlen(close[k]);
			if (len >= l && !memcmp(s + len - l, close[k], l)) {
				len -= l;
				stripped = true;
			}
		}
		if (!stripped)
			break;
	}
	return false;
}

/* Sentence-final: 。；：！？ (full or half width), possibly followed by a
 * closing quote or bracket. */
static bool ends_sentence(const char *s, size_t len)
{
	static const char *const fin[] = {"。", "；", "：", "！", "？", ";",
	                                  ":",  "!",  "?",  NULL};
	static const char *const close[] = {"”", "’", "）", "」", "』", ")",
	                                    "】", NULL};
	return ends_with_mark(s, len, fin, close, 1);
}

static int body_width(const raw *x);

/* A full stop (。！？), possibly inside closing quotes or brackets: what
 * ends a paragraph (款).  ；and ： end one only before a structural unit
 * (the items they introduce or separate). */
static bool ends_full_stop(const char *s, size_t len)
{
	static const char *const stop[] = {"。", "！", "？", "!", "?", NULL};
	static const char *const close[] = {"”", "’", "）", "」", "』", ")",
	                                    "】", "》", NULL};
	return ends_with_mark(s, len, stop, close, 3);
}

/* Whether the first lines of paragraphs hold two characters less than
 * the measure though the text has no indent (the copy lost the spaces,
 * the page kept their room): told by the long lines that start an
 * article. */
static bool first_lines_short(const lx_grammars *set, pcre2_match_data *md,
                              const raw *r, size_t n, int W)
{
	size_t shorter = 0, full = 0;
	for (size_t i = 0; i < n; i++) {
		bool h;
		if (r[i].kind != LX_PARA_TEXT || r[i].width < W - 8 ||
		    r[i].width > W + 4 || r[i].len < 6 ||
		    memcmp(r[i].s, "第", 3) ||
		    !any_structure(set, r[i].s, r[i].len, md, &h) || h)
			continue;
		int w = body_width(&r[i]);
		shorter += w <= W - 3;
		full += w >= W - 2;
	}
	return shorter >= 3 && shorter > 4 * full;
}

/* A line stopping on 、 or ，: inside an enumeration or a clause. */
static bool ends_enumeration(const raw *x)
{
	return x->len >= 3 && (!memcmp(x->s + x->len - 3, "、", 3) ||
	                       !memcmp(x->s + x->len - 3, "，", 3));
}

/* The wrap width of PDF-extracted text, or 0 when lines are not wrapped. */
static int wrap_width(const raw *r, size_t n)
{
	enum { MAXW = 400 };
	int hist[MAXW] = {0};
	size_t long_lines = 0;
	/* The measure is what full lines hold without the punctuation
	 * hanging past it, or W would come out one character too wide where
	 * many lines end on a hanging comma. */
	for (size_t i = 0; i < n; i++) {
		int w = body_width(&r[i]);
		if (r[i].kind == LX_PARA_TEXT && w >= 20 && w < MAXW) {
			hist[w]++;
			long_lines++;
		}
	}
	int best = 0;
	for (int w = 20; w < MAXW; w++)
		if (hist[w] > hist[best])
			best = w;
	if (!best)
		return 0;
	/* Full lines are the widest frequent ones: where paragraphs are
	 * short, first lines (two characters less) can outnumber them. */
	for (int w = MAXW - 1; w > best; w--)
		if (hist[w] >= 3 && hist[w] * 4 >= hist[best]) {
			best = w;
			break;
		}
	/* Near the measure: full lines, lines with a hanging punctuation
	 * mark, and first lines (two characters of indent less). */
	size_t near = 0;
	for (int w = best - 5; w <= best + 2 && w < MAXW; w++)
		near += (size_t)hist[w];
	/* Paragraphs beyond W (one per line) argue against wrapping: lines
	 * that long ending a sentence.  Long lines of a header (history,
	 * "…会议通过") do not: in a short statute they are many. */
	size_t beyond = 0;
	for (size_t i = 0; i < n; i++)
		if (r[i].kind == LX_PARA_TEXT && body_width(&r[i]) >= best + 6 &&
		    ends_sentence(r[i].s, r[i].len))
			beyond++;
	if (near >= 8 && near * 10 >= long_lines * 3 && beyond * 10 < near)
		return best;
	return 0;
}

/* The columns of whitespace a source line starts with: the first-line
 * indent of a paragraph, when extraction kept it (U+3000 is 2). */
static int leading_indent(const char *s, size_t len)
{
	int w = 0;
	size_t i = 0;
	while (i < len) {
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (c == '\t')
			w += 4;
		else if (lx_cp_is_space(c) || is_zero_width(c))
			w += c == 0x3000 ? 2 : !is_zero_width(c);
		else {
			i = st;
			break;
		}
	}
	return w;
}

/* The width of a line without a last punctuation mark that may hang in
 * the margin (typesetters let ，。、；：？！ and closing brackets overhang
 * rather than start a line): what the line's text filled of the measure. */
static int body_width(const raw *x)
{
	static const char *const hang[] = {"，", "。", "、", "；", "：", "？",
	                                   "！", "）", "》", "」", "”", "’",
	                                   NULL};
	/* Two may hang together (。” or ）。). */
	int w = x->width;
	size_t len = x->len;
	for (int pass = 0; pass < 2; pass++) {
		bool hung = false;
		for (size_t k = 0; hang[k] && !hung; k++) {
			size_t l = strlen(hang[k]);
			if (len >= l && !memcmp(x->s + len - l, hang[k], l)) {
				len -= l;
				w -= 2;
				hung = true;
			}
		}
		if (!hung)
			break;
	}
	return w;
}

/* ASCII in a PDF is set half as wide as a CJK character or as wide:
 * which, the full lines with ASCII in them tell (their width counts
 * ASCII as one column, half a character).  Where ASCII was as wide as
 * CJK, the widths are made to count it so, or lines with figures would
 * look short of the measure. */
static void ascii_measure(raw *r, size_t n, int W)
{
	size_t half = 0, full = 0;
	for (size_t i = 0; i < n; i++) {
		const raw *x = &r[i];
		if (x->kind != LX_PARA_TEXT)
			continue;
		int a = 0;
		for (size_t k = 0; k < x->len; k++)
			a += x->s[k] > 0x20 && x->s[k] < 0x7F;
		if (a < 2)
			continue;
		if (x->width >= W - 1 && x->width <= W + 2)
			half++;
		else if (x->width + a >= W - 1 && x->width + a <= W + 2)
			full++;
	}
	/* Where ASCII is half wide, first lines with figures (two characters
	 * short) pass for full lines of the other model: only a clear
	 * majority decides. */
	if (full <= 2 * half + 2)
		return;
	for (size_t i = 0; i < n; i++) {
		raw *x = &r[i];
		if (x->kind != LX_PARA_TEXT)
			continue;
		for (size_t k = 0; k < x->len; k++)
			x->width += x->s[k] > 0x20 && x->s[k] < 0x7F;
	}
}

static bool cjk_set(int32_t c);

/* Whether the code point before s[i] and the one after the space run at
 * s[i] are both wide. */
static bool space_between_wide(const char *s, size_t len, size_t i,
                               size_t *end)
{
	size_t k = i;
	while (k < len && s[k] == ' ')
		k++;
	*end = k;
	if (!i || k >= len)
		return false;
	size_t p = lx_u8_start(s, i - 1), q = k;
	int32_t a = lx_u8_next(s, len, &p), b = lx_u8_next(s, len, &q);
	return cjk_set(a) && cjk_set(b);
}

/* s without the spaces between wide characters, except the one at
 * position keep (SIZE_MAX: none); into o (room for len + 1). */
static size_t despace(const char *s, size_t len, size_t keep, char *o)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		size_t end;
		if (s[i] == ' ' && space_between_wide(s, len, i, &end)) {
			if (i == keep)
				o[n++] = ' ';
			i = end;
			continue;
		}
		o[n++] = s[i++];
	}
	o[n] = '\0';
	return n;
}

static bool any_structure(const lx_grammars *set, const char *s, size_t len,
                          pcre2_match_data *md, bool *heading);

/* PDF extraction puts spaces between CJK characters where glyphs stand
 * apart ("第十 三条", "（ 一）"): they hide the structure of a line, so in
 * PDF text they go here, not only when node texts are made.  A space
 * after a label ("第三条 为了") is no stray: an article needs it.  So when
 * the line without them starts no unit, the first of its first few such
 * spaces that makes it one is kept.  At most five matchings per line. */
static void drop_stray_spaces(lx_arena *a, const lx_grammars *set,
                              pcre2_match_data *md, raw *x)
{
	if (!memchr(x->s, ' ', x->len))
		return;
	char *o = lx_arena_alloc(a, x->len + 1);
	if (!o)
		return; /* the line stays as it is */
	bool h;
	size_t n = despace(x->s, x->len, SIZE_MAX, o);
	if (n == x->len)
		return;
	if (!any_structure(set, o, n, md, &h)) {
		size_t tries = 0, end, m = 0;
		for (size_t i = 0; i < x->len && i < 48 && tries < 4; i = end) {
			if (x->s[i] != ' ' ||
			    !space_between_wide(x->s, x->len, i, &end)) {
				end = i + 1;
				continue;
			}
			tries++;
			m = despace(x->s, x->len, i, o);
			if (any_structure(set, o, m, md, &h))
				break;
			m = 0;
		}
		/* None made a unit: all go. */
		if (!m)
			n = despace(x->s, x->len, SIZE_MAX, o);
		else
			n = m;
	}
	x->s = o;
	x->len = n;
}

/* Running titles: a line repeated at page breaks (next to the page
 * numbers dropped), the document's title or a short form of it.  The most
 * frequent such line (a majority vote: linear), when it comes back at
 * least twice, is dropped wherever it stands next to a page number. */
static size_t drop_running_titles(lx_doc *d, raw *r, size_t n, int side)
{
	const raw *cand = NULL;
	size_t votes = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(r[i].furniture & side) || r[i].kind != LX_PARA_TEXT)
			continue;
		if (!votes) {
			cand = &r[i];
			votes = 1;
		} else if (cand->len == r[i].len &&
		           !memcmp(cand->s, r[i].s, r[i].len)) {
			votes++;
		} else {
			votes--;
		}
	}
	if (!cand)
		return n;
	const char *t = cand->s;
	size_t tl = cand->len, same = 0;
	for (size_t i = 0; i < n; i++)
		same += (r[i].furniture & side) && r[i].len == tl &&
		        !memcmp(r[i].s, t, tl);
	if (same < 2 || tl > 120)
		return n;
	/* t is in the arena: it outlives the moves below. */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if ((r[i].furniture & side) && r[i].len == tl &&
		    !memcmp(r[i].s, t, tl)) {
			lx_diag_add(d, LX_SEV_INFO, "page-furniture", r[i].no,
			            "running title \"%s\" at a page break "
			            "dropped",
			            r[i].s);
			continue;
		}
		r[k++] = r[i];
	}
	return k;
}

static lx_para *emit(lx_doc *d, lx_para_kind kind, int level, lx_buf *b,
                     int first, int last)
{
	lx_para *p = lx_vec_push(&d->paras, sizeof(lx_para));
	if (!p)
		return NULL;
	p->kind = kind;
	p->md_level = level;
	p->text = lx_arena_strndup(&d->arena, b->s ? b->s : "", b->len);
	p->len = b->len;
	p->line_first = first;
	p->line_last = last;
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	return p->text ? p : NULL;
}

/* Emits a text paragraph, split where a structure grammar's split rule
 * matches (articles run together on one line); the spaces at the split
 * (group "at") are dropped. */
static bool emit_text(lx_doc *d, const lx_grammars *set, pcre2_match_data *md,
                      lx_buf *b, int first, int last)
{
	size_t start = 0, off = 0;
	const char *s = b->s ? b->s : "";
	size_t len = b->len;
	for (size_t gi = 0; gi < set->grammars.n; gi++) {
		const lx_grammar *g = LX_VEC_AT(&set->grammars, lx_grammar *, gi);
		lx_match m;
		off = 0;
		while (lx_grammar_has(g, LX_K_SPLIT) &&
		       lx_match_key_next(g, LX_K_SPLIT, s, len, &off, md, &m)) {
			const char *at;
			size_t al;
			if (!lx_group(&m, "at", &at, &al))
				continue;
			size_t cut = (size_t)(at - s);
			lx_buf part = {0};
			lx_buf_add(&part, s + start, cut - start);
			lx_para *p = part.oom ? NULL : emit(d, LX_PARA_TEXT, 0, &part, first, last);
			lx_buf_free(&part);
			if (!p)
				return false;
			start = cut + al;
		}
		if (start)
			break; /* one grammar's splits are enough */
	}
	if (start) {
		memmove(b->s, b->s + start, len - start);
		b->len = len - start;
		b->s[b->len] = '\0';
	}
	return emit(d, LX_PARA_TEXT, 0, b, first, last) != NULL;
}

/* Wide, or punctuation that CJK fonts set wide (“ ” ‘ ’ — …). */
static bool cjk_set(int32_t c)
{
	return lx_cp_is_wide(c) || (c >= 0x2018 && c <= 0x201D) ||
	       c == 0x2014 || c == 0x2026;
}

/* Appends a line to a paragraph: no space next to wide characters. */
static void join_into(lx_buf *b, const char *s, size_t len)
{
	if (b->len && len) {
		size_t i = 0, j = b->len;
		j = lx_u8_start(b->s, j - 1);
		size_t k = j;
		int32_t last = lx_u8_next(b->s, b->len, &k);
		int32_t first = lx_u8_next(s, len, &i);
		if (!cjk_set(last) && !cjk_set(first))
			lx_buf_add(b, " ", 1);
	}
	lx_buf_add(b, s, len);
}

int lx_clean(lx_doc *d, const lx_text *t, const lx_grammars *set)
{
	const lx_grammar *meta = lx_grammars_meta(set);
	size_t nl = t->lines.n;
	raw *r = calloc(nl ? nl : 1, sizeof(raw));
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	lx_buf b = {0};
	int rc = LX_ERR_NOMEM;
	if (!r || !md)
		goto out;
	size_t n = 0;
	bool clean_layout = t->paragraphs;
	lx_match m;
	for (size_t i = 0; i < nl; i++) {
		const lx_line *l = &LX_VEC_AT(&t->lines, lx_line, i);
		size_t len, ctl;
		char *s = clean_line(&d->arena, l->s, l->len, &len, &ctl);
		if (!s)
			goto out;
		if (ctl)
			lx_diag_add(d, LX_SEV_WARNING, "control-characters",
			            l->no,
			            "%zu control character(s) (NUL or other) "
			            "removed",
			            ctl);
		if (!len)
			continue;
		raw *x = &r[n];
		x->no = l->no;
		x->kind = LX_PARA_TEXT;
		if (meta && lx_match_key(meta, LX_K_INFO_END, s, len, md, &m)) {
			x->kind = LX_PARA_INFO_END;
			clean_layout = true;
		} else if (meta &&
		           lx_match_key(meta, LX_K_DROP_LINE, s, len, md, &m)) {
			x->kind = LX_PARA_RULE;
		} else if (s[0] == '#') {
			size_t h = 0;
			while (h < len && s[h] == '#')
				h++;
			if (h <= 6 && (h == len || s[h] == ' ')) {
				x->kind = LX_PARA_HEADING;
				x->md_level = (int)h;
				while (h < len && s[h] == ' ')
					h++;
				s += h;
				len -= h;
			}
		}
		if (x->kind == LX_PARA_TEXT || x->kind == LX_PARA_HEADING)
			len = strip_bold(s, len);
		if (!len && x->kind == LX_PARA_HEADING) {
			lx_diag_add(d, LX_SEV_INFO, "empty-heading", l->no,
			            "empty Markdown heading ignored");
			continue;
		}
		if (!len)
			continue;
		x->s = s;
		x->len = len;
		/* As a CJK font sets it, or lines quoting a text look a
		 * column or two short of the measure. */
		x->width = lx_text_width_cjk(s, len);
		x->indent = leading_indent(l->s, l->len);
		n++;
	}
	/* Page numbers are dropped only where text is not clean; the lines
	 * on either side may be running titles. */
	size_t k = 0;
	bool after_page = false;
	for (size_t i = 0; i < n; i++) {
		raw *x = &r[i];
		if (!clean_layout && x->kind == LX_PARA_TEXT && meta &&
		    lx_match_key(meta, LX_K_PAGE_NUMBER, x->s, x->len, md, &m)) {
			lx_diag_add(d, LX_SEV_INFO, "page-number", x->no,
			            "page number \"%s\" dropped", x->s);
			if (k)
				r[k - 1].furniture |= 1;
			after_page = true;
			continue;
		}
		r[k] = *x;
		r[k++].furniture = after_page ? 2 : 0;
		after_page = false;
	}
	n = k;
	/* Running heads follow the page numbers, running feet precede them. */
	if (!clean_layout) {
		n = drop_running_titles(d, r, n, 2);
		n = drop_running_titles(d, r, n, 1);
	}
	int W = clean_layout ? 0 : wrap_width(r, n);
	/* Whether the first lines of paragraphs kept their indent: then an
	 * indent starts a paragraph and its absence continues one, as the
	 * PDF reader reads indents against the text block. */
	bool indents = false;
	if (W)
		ascii_measure(r, n, W);
	if (W) {
		size_t ind = 0, text = 0;
		for (size_t i = 0; i < n; i++)
			if (r[i].kind == LX_PARA_TEXT) {
				text++;
				ind += r[i].indent >= 2 && r[i].indent <= 8;
			}
		indents = ind >= 3 && ind * 20 >= text;
	}
	bool short_first = W && !indents && first_lines_short(set, md, r, n, W);
	if (W)
		lx_diag_add(d, LX_SEV_INFO, "hard-wrapped", 0,
		            "lines are hard-wrapped at %d columns: re-joined "
		            "into paragraphs",
		            W);
	if (!clean_layout)
		for (size_t i = 0; i < n; i++) {
			raw *x = &r[i];
			if (x->kind != LX_PARA_TEXT)
				continue;
			if (W)
				drop_stray_spaces(&d->arena, set, md, x);
			x->marker = any_structure(set, x->s, x->len, md,
			                          &x->heading);
			x->standalone =
				meta && lx_match_key(meta, LX_K_STANDALONE, x->s,
			                             x->len, md, &m);
			x->title_line =
				meta && !W && !x->marker && x->width <= 80 &&
				lx_match_key(meta, LX_K_TITLE_LINE, x->s, x->len,
			                     md, &m);
		}
	for (size_t i = 0; i < n; i++) {
		raw *x = &r[i];
		if (x->kind != LX_PARA_TEXT) {
			lx_buf_add(&b, x->s ? x->s : "", x->len);
			if (!emit(d, x->kind, x->md_level, &b, x->no, x->no))
				goto out;
			continue;
		}
		int first = x->no;
		lx_buf_add(&b, x->s, x->len);
		size_t j = i;
		while (!clean_layout && j + 1 < n) {
			raw *c = &r[j], *nx = &r[j + 1];
			/* A heading is never continued, unless in wrapped
			 * text it (nearly) fills the measure, or the next
			 * line is not indented where indents are kept: then
			 * it is a sentence that starts like one (一、将刑法…)
			 * or a heading wrapped onto the next line. */
			bool heading = c->heading &&
			               !(W && (indents || c->width >= W - 8));
			bool fin = ends_sentence(c->s, c->len);
			/* The mark of a unit inside a sentence ("第（一）、
			 * （二）、" wrapped before "（五）项中…"): in wrapped
			 * text, after a line with no sentence end that fills
			 * the measure, or where indents are kept and this
			 * line has none, it goes on. */
			bool marker = nx->marker;
			if (marker && W && !fin && !nx->heading &&
			    ((indents && nx->indent < 2) ||
			     (ends_enumeration(c) &&
			      c->width >= (j == i ? W - 8 : W - 4))))
				marker = false;
			if (nx->kind != LX_PARA_TEXT || marker ||
			    nx->standalone || c->standalone || heading ||
			    c->title_line)
				break;
			if (W && indents) {
				/* Indents kept: one starts a paragraph; a
				 * line short of the measure ends one. */
				if (nx->indent >= 2 || c->width * 10 < W * 6)
					break;
			} else if (W && fin) {
				/* A sentence end: the paragraph ends unless
				 * the line is full and the next one is not
				 * indented (first lines are indented). */
				int full = j == i ? W - 8 : W - 4;
				/* Short of the measure: the paragraph ends,
				 * unless first lines are set short (the indent
				 * lost, its room kept) and the next line fills
				 * the measure: no first line, so this one was
				 * cut short by a word or figure moved down. */
				if (c->width < full &&
				    !(short_first && c->width >= W - 12 &&
				      body_width(nx) >= W - 2))
					break;
				/* A full line on ；or ： goes on (the next line
				 * starts no unit). */
				if (!ends_full_stop(c->s, c->len)) {
					join_into(&b, nx->s, nx->len);
					j++;
					continue;
				}
				if (body_width(nx) < W - 2) {
					/* Short: the first line of the next
					 * paragraph, or, when it ends a
					 * sentence too, maybe this one's
					 * last: split, said. */
					if (ends_full_stop(nx->s, nx->len))
						lx_diag_add(
							d, LX_SEV_INFO,
							"uncertain-break", c->no,
							"line ends a sentence at "
							"full width and the next, "
							"short, may end the same "
							"paragraph: split");
					break;
				}
				lx_diag_add(d, LX_SEV_INFO, "uncertain-break",
				            c->no,
				            "line ends a sentence at full width "
				            "and the next is not indented: joined "
				            "as one paragraph");
			} else if (W) {
				/* No sentence end: wrapped, unless short.
				 * Lines with digits look narrower than they
				 * were on the page, hence the wide margin. */
				if (c->width * 10 < W * 6)
					break;
			} else if (fin) {
				break;
			}
			join_into(&b, nx->s, nx->len);
			j++;
		}
		if (b.oom || !emit_text(d, set, md, &b, first, r[j].no))
			goto out;
		i = j;
	}
	rc = LX_OK;
out:
	lx_buf_free(&b);
	pcre2_match_data_free(md);
	free(r);
	return rc;
}
