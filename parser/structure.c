/*
 * structure.c: paragraphs -> the article tree, driven by a grammar.
 *
 * Levels: 编 part, 分编 subpart, 章 chapter, 节 section, 条 article, 款
 * paragraph (a line of text inside an article), 项 item, 目 subitem.  A policy
 * grammar maps its sections (一、) to chapters and its measures (1.) to
 * articles, so everything downstream treats both alike.  Text is never
 * dropped: what fits no level becomes a paragraph where it stands, with a
 * diagnostic.  Numbering is checked and reported, never "fixed": gaps,
 * duplicates and articles before the first chapter stay as found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lx_int.h"

typedef struct st {
	lx_doc *d;
	const lx_grammar *g;
	pcre2_match_data *md;
	/* The glued-label scans, across one(): articles and items. */
	pcre2_match_data *md_glued, *md_item;
	lx_node *root, *part, *subpart, *chapter, *section, *article, *para,
		*item, *preamble;
} st;

static void extend_lines(lx_node *n, int line)
{
	for (; n; n = n->parent)
		if (line > n->line_last)
			n->line_last = line;
}

static lx_node *container(const st *s)
{
	return s->section   ? s->section
	       : s->chapter ? s->chapter
	       : s->subpart ? s->subpart
	       : s->part    ? s->part
	                    : s->root;
}

static const char *group_norm(st *s, const lx_match *m, const char *name)
{
	const char *p;
	size_t len;
	if (!lx_group(m, name, &p, &len))
		return NULL;
	return lx_norm_text(&s->d->arena, p, len);
}

/* Fills label, num, sub, heading and text from a match. */
static void fill(st *s, lx_node *n, const lx_match *m, const lx_para *p)
{
	const char *v;
	size_t len;
	n->label = group_norm(s, m, "label");
	if (lx_group(m, "num", &v, &len)) {
		n->num = lx_cn_number(v, len);
		if (n->num < 0)
			lx_diag_add(s->d, LX_SEV_WARNING, "number-out-of-range",
			            p->line_first,
			            "number \"%.*s\" in %s is not a numeral "
			            "lexcn can read (or above 2147483647)",
			            (int)(len > 60 ? 60 : len), v,
			            n->label ? n->label : "a label");
	}
	if (lx_group(m, "sub", &v, &len)) {
		long sub = lx_cn_number(v, len);
		n->sub = sub > 0 && sub < 1000 ? (int)sub : 0;
	}
	n->heading = group_norm(s, m, "heading");
	if (n->heading && !*n->heading)
		n->heading = NULL;
	n->text = group_norm(s, m, "text");
	if (s->d->oom)
		return;
}

static lx_node *add(st *s, lx_node *parent, lx_node_type t, const lx_para *p)
{
	lx_node *n = lx_node_new(s->d, t, p->line_first);
	if (!n)
		return NULL;
	n->line_last = p->line_last;
	lx_node_append(parent, n);
	extend_lines(parent, p->line_last);
	return n;
}

static lx_node *new_paragraph(st *s, lx_node *parent, const lx_para *p,
                              const char *text)
{
	lx_node *n = add(s, parent, LX_NODE_PARAGRAPH, p);
	if (n)
		n->text = text;
	return n;
}

static void end_article(st *s)
{
	s->article = s->para = s->item = NULL;
}

static bool try_level(st *s, lx_key key, const lx_para *p, lx_match *m)
{
	return lx_grammar_has(s->g, key) &&
	       lx_match_key(s->g, key, p->text, p->len, s->md, m);
}

/* Text that belongs to no article: a paragraph of its container. */
static void stray(st *s, const lx_para *p, const char *why)
{
	lx_node *c = container(s);
	const char *text = lx_norm_text(&s->d->arena, p->text, p->len);
	if (c == s->root && !s->root->first) {
		/* Before anything else: the preamble. */
		s->preamble = add(s, s->root, LX_NODE_PREAMBLE, p);
	}
	if (c == s->root && s->preamble && s->preamble == s->root->last) {
		new_paragraph(s, s->preamble, p, text);
		extend_lines(s->preamble, p->line_last);
		return;
	}
	new_paragraph(s, c, p, text);
	lx_diag_add(s->d, LX_SEV_WARNING, why, p->line_first,
	            "text outside any article kept as a paragraph of %s: "
	            "\"%.40s%s\"",
	            c == s->root ? "the body" : lx_node_type_name(c->type),
	            text ? text : "", text && strlen(text) > 40 ? "…" : "");
}

/* True when the next item after a few plain lines is the one after
 * s->item: plain lines between (一) and (二) then continue item (一) rather
 * than start a paragraph.  (Not when the item has subitems: its text would
 * no longer read in order.) */
static bool next_item_follows(st *s, const lx_para *next, size_t n_next)
{
	lx_match m;
	const char *v;
	size_t len;
	if (!s->item || s->item->first || s->item->num < 0)
		return false;
	for (size_t k = 0; k < n_next && k < 4; k++) {
		const lx_para *q = &next[k];
		if (q->kind != LX_PARA_TEXT)
			return false;
		if (try_level(s, LX_K_ITEM, q, &m))
			return lx_group(&m, "num", &v, &len) &&
			       lx_cn_number(v, len) == s->item->num + 1;
		if (try_level(s, LX_K_ARTICLE, q, &m) ||
		    try_level(s, LX_K_CHAPTER, q, &m) ||
		    try_level(s, LX_K_SECTION, q, &m) ||
		    try_level(s, LX_K_SUBITEM, q, &m))
			return false;
	}
	return false;
}

static bool has_digit(const char *lab);

/* The label of item n, "（七）" (or "（7）" in a list labelled in digits),
 * in the caller's buffer: for messages only, never put in the tree. */
static void item_label(long n, bool digits, char *buf, size_t size)
{
	char num[64];
	if (digits || !lx_cn_format(n, num, sizeof(num)))
		snprintf(num, sizeof(num), "%ld", n);
	snprintf(buf, size, "（%s）", num);
}

/* True when text ends like an item of a list: ；。; or . */
static bool ends_like_item(const char *t)
{
	size_t l = t ? strlen(t) : 0;
	while (l && (t[l - 1] == ' ' || t[l - 1] == '\t'))
		l--;
	if (!l)
		return false;
	if (t[l - 1] == ';' || t[l - 1] == '.')
		return true;
	return l >= 3 && (!memcmp(t + l - 3, "；", 3) ||
	                  !memcmp(t + l - 3, "。", 3));
}

/* True when text ends like the words that open a list: ：or : */
static bool ends_like_intro(const char *t)
{
	size_t l = t ? strlen(t) : 0;
	while (l && (t[l - 1] == ' ' || t[l - 1] == '\t'))
		l--;
	return (l && t[l - 1] == ':') ||
	       (l >= 3 && !memcmp(t + l - 3, "：", 3));
}

static bool has_digit_n(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}


/* An unlabelled line taken as item num (no label: the source has none,
 * and the tree keeps the text as written), with the warning: "missing
 * before AFTER" for a first item (prev NULL), else "between PREV and
 * AFTER". */
static void unlabelled_item(st *s, const lx_para *p, const char *t, long num,
                            const char *lab, const char *prev,
                            const char *after)
{
	lx_node *n = add(s, s->para, LX_NODE_ITEM, p);
	if (!n)
		return;
	n->num = num;
	n->text = t;
	s->item = n;
	const char *more = t && strlen(t) > 40 ? "…" : "";
	if (prev)
		lx_diag_add(s->d, LX_SEV_WARNING, "item-label-missing",
		            p->line_first,
		            "item label %s missing between %s and %s: the "
		            "unlabelled line \"%.40s%s\" is taken as item %s",
		            lab, prev, after, t ? t : "", more, lab);
	else
		lx_diag_add(s->d, LX_SEV_WARNING, "item-label-missing",
		            p->line_first,
		            "item label %s missing before %s: the unlabelled "
		            "line \"%.40s%s\" is taken as item %s",
		            lab, after, t ? t : "", more, lab);
}

/* A plain line between item N and item N + 2 (the label （N+1） missing in
 * the source).  When it is the only line there and reads as an item (it
 * ends with ；/。 like item N), it is taken as item N + 1; otherwise the
 * lines continue item N, so that the items after the gap stay items of
 * the same paragraph (check_seq then reports the missing label).  Either
 * way with an item-label-missing warning. */
static bool missing_item(st *s, const lx_para *p, const lx_para *next,
                         size_t n_next)
{
	lx_match m;
	const char *v;
	size_t len, k;
	/* The first label missing: a line after "下列…：" and before （二）. */
	bool first = !s->item && s->para && !s->para->first &&
	             ends_like_intro(s->para->text);
	if (!first && (!s->item || !s->para || s->item->num < 1 ||
	               s->item->parent != s->para))
		return false;
	long want = first ? 2 : s->item->num + 2;
	bool dig = false;
	for (k = 0; k < n_next && k < 4; k++) {
		const lx_para *q = &next[k];
		if (q->kind != LX_PARA_TEXT)
			return false;
		if (try_level(s, LX_K_ITEM, q, &m)) {
			if (!lx_group(&m, "num", &v, &len) ||
			    lx_cn_number(v, len) != want)
				return false;
			dig = lx_group(&m, "label", &v, &len) && len &&
			      has_digit_n(v, len);
			break;
		}
		if (try_level(s, LX_K_ARTICLE, q, &m) ||
		    try_level(s, LX_K_CHAPTER, q, &m) ||
		    try_level(s, LX_K_SECTION, q, &m) ||
		    try_level(s, LX_K_SUBITEM, q, &m))
			return false;
	}
	if (k == n_next || k == 4)
		return false;
	const char *t = lx_norm_text(&s->d->arena, p->text, p->len);
	char lab[80], prev[80], after[80];
	if (first) {
		if (k != 0 || !ends_like_item(t))
			return false;
		item_label(1, dig, lab, sizeof(lab));
		item_label(2, dig, after, sizeof(after));
		unlabelled_item(s, p, t, 1, lab, NULL, after);
		return true;
	}
	item_label(want - 1, dig, lab, sizeof(lab));
	item_label(want - 2, dig, prev, sizeof(prev));
	item_label(want, dig, after, sizeof(after));
	if (k == 0 && ends_like_item(t) && ends_like_item(s->item->text)) {
		unlabelled_item(s, p, t, want - 1, lab, prev, after);
		return true;
	}
	if (s->item->first)
		return false; /* its subitems would no longer read in order */
	s->item->text = lx_arena_printf(&s->d->arena, "%s\n%s",
	                                s->item->text ? s->item->text : "",
	                                t ? t : "");
	s->item->line_last = p->line_last;
	extend_lines(s->item, p->line_last);
	return true;
}

static void one_piece(st *s, const lx_para *p, const lx_para *next,
                      size_t n_next)
{
	lx_match m;
	lx_node *n;
	if (try_level(s, LX_K_PART, p, &m)) {
		end_article(s);
		s->subpart = s->chapter = s->section = NULL;
		s->part = n = add(s, s->root, LX_NODE_PART, p);
	} else if (try_level(s, LX_K_SUBPART, p, &m)) {
		end_article(s);
		s->chapter = s->section = NULL;
		s->subpart = n = add(s, s->part ? s->part : s->root,
		                     LX_NODE_SUBPART, p);
	} else if (try_level(s, LX_K_CHAPTER, p, &m)) {
		end_article(s);
		s->section = NULL;
		lx_node *parent = s->subpart ? s->subpart
		                  : s->part  ? s->part
		                             : s->root;
		s->chapter = n = add(s, parent, LX_NODE_CHAPTER, p);
	} else if (try_level(s, LX_K_SECTION, p, &m)) {
		end_article(s);
		/* Under the chapter; without one, under the part (never
		 * under the section before: sections do not nest). */
		s->section = n = add(s, s->chapter   ? s->chapter
		                        : s->subpart ? s->subpart
		                        : s->part    ? s->part
		                                     : s->root,
		                     LX_NODE_SECTION, p);
	} else if (try_level(s, LX_K_ARTICLE, p, &m)) {
		end_article(s);
		s->article = n = add(s, container(s), LX_NODE_ARTICLE, p);
		if (n) {
			fill(s, n, &m, p);
			if (n->text && *n->text)
				s->para = new_paragraph(s, n, p, n->text);
			n->text = NULL;
		}
		return;
	} else if (s->article && try_level(s, LX_K_ITEM, p, &m)) {
		if (!s->para)
			s->para = new_paragraph(s, s->article, p, "");
		s->item = n = s->para ? add(s, s->para, LX_NODE_ITEM, p) : NULL;
	} else if (s->article && try_level(s, LX_K_SUBITEM, p, &m)) {
		if (!s->para)
			s->para = new_paragraph(s, s->article, p, "");
		lx_node *parent = s->item ? s->item : s->para;
		n = parent ? add(s, parent, LX_NODE_SUBITEM, p) : NULL;
	} else if (try_level(s, LX_K_CLOSING, p, &m)) {
		end_article(s);
		n = add(s, s->root, LX_NODE_CLOSING, p);
		if (n)
			n->text = lx_norm_text(&s->d->arena, p->text, p->len);
		return;
	} else if (p->kind == LX_PARA_HEADING) {
		end_article(s);
		stray(s, p, "unrecognised-heading");
		return;
	} else if (s->article && next_item_follows(s, next, n_next)) {
		const char *t = lx_norm_text(&s->d->arena, p->text, p->len);
		s->item->text = lx_arena_printf(&s->d->arena, "%s\n%s",
		                                s->item->text ? s->item->text
		                                              : "",
		                                t ? t : "");
		s->item->line_last = p->line_last;
		extend_lines(s->item, p->line_last);
		return;
	} else if (s->article && missing_item(s, p, next, n_next)) {
		return;
	} else if (s->article) {
		s->item = NULL;
		s->para = new_paragraph(
			s, s->article, p,
			lx_norm_text(&s->d->arena, p->text, p->len));
		return;
	} else {
		stray(s, p, "text-outside-article");
		return;
	}
	if (n)
		fill(s, n, &m, p);
}

/* ---- labels glued to the previous paragraph ------------------------------ */

/* The number of the first of the next paragraphs that key (article,
 * chapter) matches, -1 when none is among the next few dozen. */
static long next_num(st *s, lx_key key, const lx_para *next, size_t n_next)
{
	lx_match m;
	const char *v;
	size_t len;
	for (size_t k = 0; k < n_next && k < 64; k++) {
		const lx_para *q = &next[k];
		if (q->kind != LX_PARA_TEXT && q->kind != LX_PARA_HEADING)
			continue;
		if (try_level(s, key, q, &m))
			return lx_group(&m, "num", &v, &len)
			               ? lx_cn_number(v, len)
			               : -1;
	}
	return -1;
}

/* Structures p's text [a, b) as a paragraph of its own.  When lab > a the
 * piece begins with a label glued in the source, [a, lab): a space is put
 * after it, as the level rules want one (the text check ignores spaces). */
static void piece(st *s, const lx_para *p, size_t a, size_t lab, size_t b,
                  const lx_para *next, size_t n_next)
{
	/* Spaces between a sentence end and the label glued after it. */
	while (b > a && (p->text[b - 1] == ' ' || p->text[b - 1] == '\t'))
		b--;
	while (b >= a + 3 && !memcmp(p->text + b - 3, "\xE3\x80\x80", 3))
		b -= 3; /* U+3000 */
	if (b <= a)
		return;
	lx_para q = *p;
	char *t = lab > a ? lx_arena_printf(&s->d->arena, "%.*s %.*s",
	                                    (int)(lab - a), p->text + a,
	                                    (int)(b - lab), p->text + lab)
	                  : lx_arena_strndup(&s->d->arena, p->text + a, b - a);
	if (!t) {
		s->d->oom = true;
		return;
	}
	q.text = t;
	q.len = strlen(t);
	one_piece(s, &q, next, n_next);
}

static void glued_diag(st *s, const lx_para *p, const char *what,
                       const char *lab, size_t ll)
{
	lx_diag_add(s->d, LX_SEV_WARNING, "glued-label", p->line_first,
	            "%.*s is glued to the end of the previous sentence in the "
	            "source (no line break): split off as its own %s",
	            (int)ll, lab, what);
}

/* The next candidate of key at or after *off that begins at or after
 * `from` (text before it is already taken), in m; false when none. */
static bool next_glued(st *s, lx_key key, const lx_para *p, size_t *off,
                       size_t from, pcre2_match_data *md, lx_match *m)
{
	while (lx_match_key_next(s->g, key, p->text, p->len, off, md, m))
		if (m->ov[0] >= from)
			return true;
	return false;
}

/* A paragraph of text, split first where a chapter heading, an article
 * label or an item label is glued after a sentence end ("…追究刑事责任。
 * 第六章附则第四十条本条例自…", "（一）…； （二）…"): only where the grammar's
 * glued rules find a candidate, its number is the next one expected
 * (chapter after the current chapter, article after the article, item
 * after the item the text before it belongs to) and none of the next
 * paragraphs carries the same label (else the candidate is a citation at
 * the start of a sentence: "。第四十三条规定的处罚…").  The two rules are
 * scanned side by side, the earlier candidate first. */
static void one(st *s, const lx_para *p, const lx_para *next, size_t n_next)
{
	lx_match m, ma, mi;
	const char *v;
	size_t vl;
	if (p->kind != LX_PARA_TEXT || !lx_grammar_has(s->g, LX_K_GLUED)) {
		one_piece(s, p, next, n_next);
		return;
	}
	/* The article, chapter and item the text before a candidate belongs
	 * to.  Items are looked for on item paragraphs only (the item rule
	 * would stop at every ，（）of the others). */
	long art = s->article ? s->article->num : -1;
	long chp = s->chapter ? s->chapter->num : -1;
	long itm = -1;
	if (s->article && lx_grammar_has(s->g, LX_K_GLUED_ITEM) &&
	    try_level(s, LX_K_ITEM, p, &m) && lx_group(&m, "num", &v, &vl))
		itm = lx_cn_number(v, vl);
	size_t offa = 0, offi = 0, start = 0, lab = 0;
	bool ha = next_glued(s, LX_K_GLUED, p, &offa, 0, s->md_glued, &ma);
	bool hi = itm > 0 && next_glued(s, LX_K_GLUED_ITEM, p, &offi, 0,
	                                s->md_item, &mi);
	if (ha && itm < 0 && try_level(s, LX_K_ARTICLE, p, &m) &&
	    lx_group(&m, "num", &v, &vl))
		art = lx_cn_number(v, vl); /* the article's own line */
	while (ha || hi) {
		bool take_item = hi && (!ha || mi.ov[0] < ma.ov[0]);
		m = take_item ? mi : ma;
		const char *l, *h, *nx;
		size_t ll, hl, nxl;
		bool is_chp = !take_item && lx_group(&m, "chapter", &l, &ll) &&
		              lx_group(&m, "cnum", &v, &vl) &&
		              lx_group(&m, "heading", &h, &hl);
		bool ok = take_item ? lx_group(&m, "item", &l, &ll) &&
		                              lx_group(&m, "inum", &v, &vl)
		          : is_chp || (lx_group(&m, "article", &l, &ll) &&
		                       lx_group(&m, "num", &v, &vl));
		long num = ok ? lx_cn_number(v, vl) : -1;
		size_t cut = m.ov[0]; /* the spaces before it are trimmed */
		size_t l0 = ok ? (size_t)(l - p->text) : 0;
		bool split = false;
		if (!ok) {
		} else if (take_item) {
			/* An item after the item before it, in the same
			 * paragraph (no space is wanted after its label). */
			if (itm >= 1 && num == itm + 1) {
				piece(s, p, start, lab, cut, next, n_next);
				start = l0;
				lab = 0;
				itm = num;
				glued_diag(s, p, "item", l, ll);
				split = true;
			}
		} else if (is_chp) {
			long nnum = -1;
			bool has_next = lx_group(&m, "next", &nx, &nxl);
			if (has_next && lx_group(&m, "nextnum", &v, &vl))
				nnum = lx_cn_number(v, vl);
			if (chp >= 0 && num == chp + 1 &&
			    (!has_next || (art >= 0 && nnum == art + 1)) &&
			    next_num(s, LX_K_CHAPTER, next, n_next) != num &&
			    (!has_next ||
			     next_num(s, LX_K_ARTICLE, next, n_next) != nnum)) {
				piece(s, p, start, lab, cut, next, n_next);
				piece(s, p, l0, l0 + ll, (size_t)(h + hl - p->text),
				      next, n_next);
				glued_diag(s, p, "chapter heading", l, ll);
				chp = num;
				itm = -1;
				if (has_next) {
					start = (size_t)(nx - p->text);
					lab = start + nxl;
					art = nnum;
					glued_diag(s, p, "article", nx, nxl);
				} else {
					start = lab = m.ov[1];
				}
				split = true;
			}
		} else if (art >= 0 && num == art + 1 &&
		           next_num(s, LX_K_ARTICLE, next, n_next) != num) {
			piece(s, p, start, lab, cut, next, n_next);
			start = l0;
			lab = l0 + ll;
			art = num;
			itm = -1;
			glued_diag(s, p, "article", l, ll);
			split = true;
		}
		/* Next candidates: after this one, and after the text a split
		 * has taken. */
		size_t from = split ? (lab > start ? lab : start) : 0;
		if (take_item || (split && hi && mi.ov[0] < from))
			hi = itm > 0 && next_glued(s, LX_K_GLUED_ITEM, p, &offi,
			                           from, s->md_item, &mi);
		if (!take_item || (split && ha && ma.ov[0] < from))
			ha = next_glued(s, LX_K_GLUED, p, &offa, from,
			                s->md_glued, &ma);
	}
	if (!start && !lab)
		one_piece(s, p, next, n_next);
	else
		piece(s, p, start, lab, p->len, next, n_next);
}

/* ---- after the tree is built ------------------------------------------- */

/* Chapter one without a heading (articles before 第二章): an implicit
 * chapter holds them.  Other articles before the first heading stay where
 * they are, reported. */
static void leading_articles(st *s)
{
	lx_node *first_art = NULL, *first_head = NULL;
	for (lx_node *c = s->root->first; c; c = c->next) {
		if (c->type == LX_NODE_ARTICLE && !first_art && !first_head)
			first_art = c;
		if ((c->type == LX_NODE_CHAPTER || c->type == LX_NODE_PART) &&
		    !first_head)
			first_head = c;
	}
	if (!first_art || !first_head)
		return;
	lx_node *last_art = first_art;
	while (last_art->next && last_art->next->type == LX_NODE_ARTICLE)
		last_art = last_art->next;
	if (first_head->type == LX_NODE_CHAPTER && first_head->num == 2) {
		lx_node *ch = lx_node_new(s->d, LX_NODE_CHAPTER,
		                          first_art->line_first);
		if (!ch)
			return;
		ch->num = 1;
		ch->line_last = last_art->line_last;
		/* Splice [first_art..last_art] out of root into ch. */
		lx_node *before = first_art->prev, *after = last_art->next;
		ch->first = first_art;
		ch->last = last_art;
		first_art->prev = NULL;
		last_art->next = NULL;
		for (lx_node *a = first_art; a; a = a->next)
			a->parent = ch;
		ch->parent = s->root;
		ch->prev = before;
		ch->next = after;
		if (before)
			before->next = ch;
		else
			s->root->first = ch;
		after->prev = ch;
		lx_diag_add(s->d, LX_SEV_WARNING, "missing-heading",
		            first_art->line_first,
		            "the source has no heading for chapter 1: %s to %s "
		            "come before 第二章 and are placed in an implicit "
		            "chapter 1 with no label or heading",
		            first_art->label ? first_art->label : "?",
		            last_art->label ? last_art->label : "?");
	} else {
		lx_diag_add(s->d, LX_SEV_WARNING, "article-before-chapter",
		            first_art->line_first,
		            "%s comes before the first %s heading and is kept "
		            "outside any %s",
		            first_art->label ? first_art->label : "an article",
		            lx_node_type_name(first_head->type),
		            lx_node_type_name(first_head->type));
	}
}

static const char *type_word(lx_node_type t)
{
	switch (t) {
	case LX_NODE_PART: return "part";
	case LX_NODE_SUBPART: return "subpart";
	case LX_NODE_CHAPTER: return "chapter";
	case LX_NODE_SECTION: return "section";
	case LX_NODE_ARTICLE: return "article";
	case LX_NODE_ITEM: return "item";
	case LX_NODE_SUBITEM: return "subitem";
	default: return "node";
	}
}

/* True when a label is written in digits ((3)), not in Chinese numerals:
 * two lists of different kinds are not one list with a gap. */
static bool has_digit(const char *lab)
{
	return lab && has_digit_n(lab, strlen(lab));
}

/* Checks the numbering of the children of `parent` of type t (articles are
 * checked through the whole document by the caller). */
typedef struct seq {
	long last;
	int last_sub;
	const char *last_label;
	bool any;
} seq;

static void check_seq(st *s, seq *q, const lx_node *n)
{
	if (n->num < 0)
		return;
	const char *lab = n->label ? n->label : "?";
	if (!q->any) {
		if (n->num != 1 && n->sub == 0)
			lx_diag_add(s->d, LX_SEV_WARNING, "numbering-gap",
			            n->line_first,
			            "%s numbering starts at %s, not 1",
			            type_word(n->type), lab);
	} else if (n->sub > 0) {
		if (n->num != q->last ||
		    (n->sub != q->last_sub + 1 && n->sub != q->last_sub))
			lx_diag_add(s->d, LX_SEV_WARNING, "numbering-order",
			            n->line_first, "%s follows %s", lab,
			            q->last_label);
		else if (n->sub == q->last_sub)
			lx_diag_add(s->d, LX_SEV_WARNING,
			            "numbering-duplicate", n->line_first,
			            "%s occurs twice", lab);
	} else if (n->num == q->last) {
		lx_diag_add(s->d, LX_SEV_WARNING, "numbering-duplicate",
		            n->line_first, "%s occurs again after %s", lab,
		            q->last_label);
	} else if (n->num < q->last) {
		lx_diag_add(s->d, LX_SEV_WARNING, "numbering-order",
		            n->line_first, "%s follows %s (numbering goes back)",
		            lab, q->last_label);
	} else if (n->num > q->last + 1 && n->type == LX_NODE_ITEM &&
	           has_digit(lab) == has_digit(q->last_label)) {
		/* A label missing inside a list: name it, the items after it
		 * stay items of the same paragraph. */
		char from[80], to[80];
		item_label(q->last + 1, has_digit(lab), from, sizeof(from));
		item_label(n->num - 1, has_digit(lab), to, sizeof(to));
		lx_diag_add(s->d, LX_SEV_WARNING, "item-label-missing",
		            n->line_first,
		            "%s follows %s: item label %s%s%s missing", lab,
		            q->last_label, from,
		            n->num - q->last > 2 ? " to " : "",
		            n->num - q->last > 2 ? to : "");
	} else if (n->num > q->last + 1) {
		lx_diag_add(s->d, LX_SEV_WARNING, "numbering-gap",
		            n->line_first,
		            "%s follows %s: %ld %s number(s) missing", lab,
		            q->last_label, n->num - q->last - 1,
		            type_word(n->type));
	}
	q->last = n->num;
	q->last_sub = n->sub;
	q->last_label = lab;
	q->any = true;
}

/* An open-addressing set of eids, to keep them unique.  next_dup[i]: the
 * next k to try for X__dup_k when slot i holds X, so that n nodes with the
 * same eid cost O(n), not O(n^2) probes. */
typedef struct eidset {
	const char **slot;
	int *next_dup;
	size_t cap;
} eidset;

/* Inserts; returns false when present, with *at its slot. */
static bool eid_insert(eidset *e, const char *eid, size_t *at)
{
	size_t i = lx_hash64_str(eid) & (e->cap - 1);
	while (e->slot[i]) {
		if (!strcmp(e->slot[i], eid)) {
			*at = i;
			return false;
		}
		i = (i + 1) & (e->cap - 1);
	}
	e->slot[i] = eid;
	*at = i;
	return true;
}

/* eid b made unique: b itself, or b__dup_k with the first k free. */
static const char *unique_eid(eidset *e, lx_arena *a, const char *b)
{
	size_t at, dup;
	if (!b || eid_insert(e, b, &at))
		return b;
	int k = e->next_dup[at] ? e->next_dup[at] : 2;
	const char *eid;
	do
		eid = lx_arena_printf(a, "%s__dup_%d", b, k++);
	while (eid && !eid_insert(e, eid, &dup));
	e->next_dup[at] = k;
	return eid;
}

/* Writes v in decimal at p; returns the end. */
static char *put_num(char *p, unsigned long v)
{
	char tmp[24];
	int k = 0;
	do
		tmp[k++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (k)
		*p++ = tmp[--k];
	return p;
}

/* parent "__" word "_" number: built by hand, eids are made for every
 * node (printf showed in the profile). */
static const char *make_eid(lx_arena *a, const char *pe, const char *word,
                            const lx_node *n, size_t pos, bool by_pos)
{
	size_t pl = pe ? strlen(pe) : 0, wl = strlen(word);
	char *e = lx_arena_alloc(a, pl + wl + 64);
	if (!e)
		return NULL;
	char *p = e;
	if (pl) {
		memcpy(p, pe, pl);
		p += pl;
		*p++ = '_';
		*p++ = '_';
	}
	memcpy(p, word, wl);
	p += wl;
	*p++ = '_';
	if (by_pos) {
		p = put_num(p, pos);
	} else if (n->num >= 0) {
		p = put_num(p, (unsigned long)n->num);
		if (n->sub > 0) {
			*p++ = '_';
			p = put_num(p, (unsigned long)n->sub);
		}
	} else {
		*p++ = 'x';
		p = put_num(p, pos);
	}
	*p = '\0';
	return e;
}

static const char *base_eid(st *s, const lx_node *n, size_t pos)
{
	lx_arena *a = &s->d->arena;
	const lx_node *p = n->parent;
	const char *pe = p && p->type != LX_NODE_ROOT ? p->eid : NULL;
	switch (n->type) {
	case LX_NODE_ARTICLE:
		return make_eid(a, NULL, "art", n, pos, false);
	case LX_NODE_PART:
	case LX_NODE_SUBPART:
	case LX_NODE_CHAPTER:
	case LX_NODE_SECTION: {
		static const char *const pre[] = {"", "part", "subpart", "chp",
		                                  "sec"};
		/* Headings nest: chapters of 民法典 restart in each part. */
		bool nest = pe && p->type >= LX_NODE_PART &&
		            p->type <= LX_NODE_SECTION;
		return make_eid(a, nest ? pe : NULL, pre[n->type], n, pos, false);
	}
	case LX_NODE_PARAGRAPH:
		return make_eid(a, pe, "para", n, pos, true);
	case LX_NODE_ITEM:
		return make_eid(a, pe, "item", n, pos, false);
	case LX_NODE_SUBITEM:
		return make_eid(a, pe, "subitem", n, pos, false);
	case LX_NODE_PREAMBLE:
		return "preamble";
	case LX_NODE_CLOSING:
		return "closing";
	default:
		return "body";
	}
}

static void finish(st *s)
{
	size_t count = 0;
	for (const lx_node *n = s->root; n;
	     n = lx_node_next_preorder(s->root, n))
		count++;
	eidset e = {0};
	e.cap = 16;
	while (e.cap < count * 4)
		e.cap *= 2;
	e.slot = calloc(e.cap, sizeof(char *));
	e.next_dup = calloc(e.cap, sizeof(int));
	if (!e.slot || !e.next_dup) {
		free(e.slot);
		free(e.next_dup);
		s->d->oom = true;
		return;
	}
	seq arts = {0};
	/* Pre-order: a node's children get their eids when the node is
	 * visited, so parents have theirs first and positions are counted
	 * in one pass. */
	for (lx_node *n = s->root; n;
	     n = (lx_node *)lx_node_next_preorder(s->root, n)) {
		if (n->type == LX_NODE_ARTICLE && !n->first) {
			lx_para fake = {.line_first = n->line_first,
			                .line_last = n->line_first};
			new_paragraph(s, n, &fake, "");
			lx_diag_add(s->d, LX_SEV_WARNING, "empty-article",
			            n->line_first, "%s has no text",
			            n->label ? n->label : "an article");
		}
		size_t pos[LX_NODE_CLOSING + 1] = {0};
		for (lx_node *c = n->first; c; c = c->next) {
			size_t p = ++pos[c->type];
			if (c->type == LX_NODE_PARAGRAPH)
				c->num = (long)p;
			const char *eid = unique_eid(&e, &s->d->arena,
			                             base_eid(s, c, p));
			c->eid = eid;
			if (!eid)
				s->d->oom = true;
			if (c->type == LX_NODE_ARTICLE)
				check_seq(s, &arts, c);
		}
	}
	free(e.slot);
	free(e.next_dup);
	/* Numbering of the other levels, sibling by sibling. */
	for (lx_node *n = s->root; n;
	     n = (lx_node *)lx_node_next_preorder(s->root, n)) {
		if (!n->first)
			continue;
		static const lx_node_type kinds[] = {
			LX_NODE_PART, LX_NODE_SUBPART, LX_NODE_CHAPTER,
			LX_NODE_SECTION, LX_NODE_ITEM, LX_NODE_SUBITEM};
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			seq q = {0};
			for (lx_node *c = n->first; c; c = c->next)
				if (c->type == kinds[k])
					check_seq(s, &q, c);
		}
	}
}

/* Policy measures name the agencies responsible in parentheses at the end
 * of a sentence: （市科委、中关村管委会）.  They become a list per measure. */
static void agencies(st *s)
{
	size_t pos = 0;
	const lx_rule *r = lx_grammar_rule(s->g, LX_K_AGENCY, &pos);
	if (!r)
		return;
	for (lx_node *a = s->root; a;
	     a = (lx_node *)lx_node_next_preorder(s->root, a)) {
		if (a->type != LX_NODE_ARTICLE)
			continue;
		lx_vec list = {0};
		for (const lx_node *n = a->first; n;
		     n = lx_node_next_preorder(a, n)) {
			if (!n->text)
				continue;
			size_t len = strlen(n->text), off = 0;
			lx_match m;
			while (lx_match_next(r, n->text, len, &off, s->md, &m)) {
				const char *v;
				size_t vl;
				if (!lx_group(&m, "list", &v, &vl))
					continue;
				/* Split on 、，, and ; */
				size_t i = 0;
				while (i <= vl) {
					size_t j = i;
					while (j < vl) {
						size_t k = j;
						int32_t c = lx_u8_next(v, vl,
						                       &k);
						if (c == 0x3001 ||
						    c == 0xFF0C || c == ',' ||
						    c == 0xFF1B || c == ';')
							break;
						j = k;
					}
					size_t el = j;
					lx_match dm;
					if (lx_match_key(s->g, LX_K_AGENCY_DROP,
					                 v + i, j - i, s->md,
					                 &dm)) {
						size_t ds, de;
						lx_match_span(&dm, &ds, &de);
						el = i + ds;
					}
					if (el > i) {
						char *name = lx_norm_text(
							&s->d->arena, v + i,
							el - i);
						bool dup = !name;
						for (size_t q = 0;
						     !dup && q < list.n; q++)
							dup = !strcmp(
								LX_VEC_AT(&list,
								          char *,
								          q),
								name);
						char **slot =
							dup || !*name
								? NULL
								: lx_vec_push(
									  &list,
									  sizeof(char *));
						if (slot)
							*slot = name;
						else if (!dup && *name)
							s->d->oom = true;
					}
					if (j >= vl)
						break;
					i = j + lx_u8_len(v + j, vl - j);
				}
			}
		}
		if (list.n) {
			a->agencies = lx_arena_alloc(&s->d->arena,
			                             list.n * sizeof(char *));
			if (a->agencies) {
				memcpy(a->agencies, list.v,
				       list.n * sizeof(char *));
				a->n_agencies = list.n;
			}
		}
		lx_vec_free(&list);
	}
}

int lx_structure(lx_doc *d, const lx_grammar *g, const lx_grammar *meta,
                 size_t body_start, size_t body_end)
{
	(void)meta;
	st s = {.d = d, .g = g};
	s.md = pcre2_match_data_create(32, NULL);
	s.md_glued = pcre2_match_data_create(32, NULL);
	s.md_item = pcre2_match_data_create(32, NULL);
	s.root = d->root = lx_node_new(d, LX_NODE_ROOT, 0);
	if (!s.md || !s.md_glued || !s.md_item || !s.root) {
		pcre2_match_data_free(s.md);
		pcre2_match_data_free(s.md_glued);
		pcre2_match_data_free(s.md_item);
		return LX_ERR_NOMEM;
	}
	s.root->eid = "body";
	for (size_t i = body_start; i < body_end && !d->oom; i++) {
		const lx_para *p = &LX_VEC_AT(&d->paras, lx_para, i);
		if (p->kind == LX_PARA_TEXT || p->kind == LX_PARA_HEADING)
			one(&s, p, p + 1, body_end - i - 1);
	}
	if (s.root->first) {
		s.root->line_first = s.root->first->line_first;
		leading_articles(&s);
		finish(&s);
		agencies(&s);
	}
	pcre2_match_data_free(s.md);
	pcre2_match_data_free(s.md_glued);
	pcre2_match_data_free(s.md_item);
	return d->nodes_over ? LX_ERR_LIMIT : d->oom ? LX_ERR_NOMEM : LX_OK;
}
