/*
 * html.c: an HTML page as government sites publish statutes, read with
 * libxml2's HTML parser into the paragraphs of the statute.
 *
 * Encoding: a BOM, else the charset a <meta> (charset=... or http-equiv
 * Content-Type) or an XML declaration names, else UTF-8 when the bytes
 * are valid UTF-8, else GB18030.  GB2312 and GBK are read as GB18030 (their
 * superset: sites declaring gb2312 write GBK).  The page is converted to
 * UTF-8 with ICU first, strictly (libxml2's HTML parser reads bytes that
 * are not UTF-8 as ISO-8859-1 instead, silently): a page that is not in the encoding it declares (or,
 * undeclared, neither UTF-8 nor GB18030) is an error naming the file.
 * libxml2 then parses the UTF-8 (HTML_PARSE_IGNORE_ENC), never touching
 * the network (HTML_PARSE_NONET; an HTML parser loads no DTD).  A DOCTYPE's
 * internal subset (XHTML entities, billion laughs) is blanked out before,
 * its newlines kept: its entities are never expanded, a reference stays
 * as written.  libxml2's errors are counted (an info diagnostic), not
 * printed; a page it makes no tree of is an error, one nested past its
 * limit of 256 levels LX_ERR_LIMIT.
 *
 * The statute body: page furniture is left out (script, style, noscript,
 * nav, header, footer, aside, form, iframe, and elements whose id or class
 * names a nav, menu, header, footer, breadcrumb, share, sidebar or
 * copyright part).  Of the other block elements, the body is the deepest
 * that holds at least 90% of the page's statute marks (第…条, 第…章,
 * 第…节, 第…编, （一）); on a page without marks, the deepest holding 60%
 * of its Chinese characters.  It is widened to its outermost ancestor with
 * no other text, and back over the short centred or heading blocks just
 * before it (the title and the 通过 lines in blocks of their own).  Only
 * it is read, plus the page's title (the last <h1> before the body, else
 * <title> up to a " - " or "_" suffix) as the first paragraph when the
 * body does not start with it.  How many characters were left out is a
 * "page-furniture" diagnostic.
 *
 * Paragraphs: each block element (p, div, li, h1-h6, ...) starts and ends
 * one.  A <br> ends one too (pages that put a whole statute in one <div>
 * separate its 款 with <br>), but inside h1-h6 (a title broken over two
 * lines stays one paragraph), in table cells, and in a block whose <br>
 * mostly do not follow a sentence end (4 or more, under a third after
 * 。；：…: lines hard-wrapped with <br>, joined, "html-wrapped").  Each line
 * of a <pre> is one; a table row whose cells hold no blocks is one (cells
 * joined by a space, a "table" diagnostic per table).  Leading &nbsp;,
 * &ensp;, &emsp; and U+3000 are the indentation (LX_RL_INDENTED, as is a
 * CSS text-indent), not text.  Centred (align=center, text-align:center,
 * <center>), heading (h1-h6) and bold (all its text in b/strong) are
 * flags.  The position is the source line of the paragraph's first text
 * (XML_PARSE_BIG_LINES: past 65535 too).  Every walk is iterative, with
 * no stack of its own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "reader.h"

/* ---- encoding ----------------------------------------------------------- */

/* Whether s is valid UTF-8; *bad (when not NULL) gets the offset of the
 * first ill-formed sequence. */
static bool valid_utf8(const char *s, size_t len, size_t *bad)
{
	int32_t i = 0, n = (int32_t)len;
	const uint8_t *u = (const uint8_t *)s;
	while (i < n) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(u, i, n, c);
		if (c < 0) {
			if (bad)
				*bad = (size_t)at;
			return false;
		}
	}
	return true;
}

/* The charset a <meta> or the XML declaration names in the page's head
 * (first 16 KB), copied into out; false when none. */
static bool declared_charset(const char *buf, size_t len, char *out,
                             size_t outsz)
{
	size_t n = len < 16384 ? len : 16384;
	for (size_t i = 0; i + 7 < n; i++) {
		bool meta = !strncasecmp(buf + i, "<meta", 5);
		bool xml = !strncmp(buf + i, "<?xml", 5);
		if (!meta && !xml) {
			if (!strncasecmp(buf + i, "</head", 6))
				break;
			continue;
		}
		const char *key = meta ? "charset" : "encoding";
		size_t kl = strlen(key);
		size_t end = i + 5;
		while (end < n && buf[end] != '>')
			end++;
		for (size_t j = i + 5; j + kl < end; j++) {
			if (strncasecmp(buf + j, key, kl))
				continue;
			size_t k = j + kl;
			while (k < end && strchr(" \t\r\n", buf[k]))
				k++;
			if (k >= end || buf[k] != '=')
				continue;
			k++;
			while (k < end && strchr(" \t\r\n\"'", buf[k]))
				k++;
			size_t o = 0;
			while (k < end && o + 1 < outsz &&
			       !strchr(" \t\r\n\"';/>", buf[k]))
				out[o++] = buf[k++];
			out[o] = '\0';
			if (o)
				return true;
		}
		i = end;
	}
	return false;
}

/* bytes in ICU converter cv -> UTF-8 (malloc'd) in *out; false when the
 * bytes are not in that encoding (or out of memory: *oom). */
static bool to_utf8(const char *cv, const char *buf, size_t len, char **out,
                    size_t *outlen, bool *oom)
{
	UErrorCode st = U_ZERO_ERROR;
	*out = NULL;
	*oom = false;
	if (len > (size_t)INT32_MAX / 2)
		return false;
	UConverter *c = ucnv_open(cv, &st);
	if (U_FAILURE(st))
		return false;
	ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
	int32_t cap = (int32_t)len * 2 + 2;
	UChar *u = malloc((size_t)cap * sizeof(UChar));
	if (!u) {
		ucnv_close(c);
		*oom = true;
		return false;
	}
	int32_t ul = ucnv_toUChars(c, u, cap, buf, (int32_t)len, &st);
	ucnv_close(c);
	if (U_FAILURE(st)) {
		free(u);
		return false;
	}
	size_t ocap = (size_t)ul * 3 + 1;
	char *o = malloc(ocap);
	if (!o) {
		free(u);
		*oom = true;
		return false;
	}
	int32_t ol = 0;
	u_strToUTF8(o, (int32_t)ocap, &ol, u, ul, &st);
	free(u);
	if (U_FAILURE(st)) {
		free(o);
		return false;
	}
	*out = o;
	*outlen = (size_t)ol;
	return true;
}

/* The page as UTF-8: *out (malloc'd) when converted, NULL when buf is
 * valid UTF-8 already (a BOM is then the caller's to skip); *enc names the
 * encoding read. */
static int decode_page(const char *name, const char *buf, size_t len,
                       char **out, size_t *outlen, const char **enc,
                       lx_error *err)
{
	char cs[64];
	const char *cv = NULL;
	*out = NULL;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		cv = "UTF-8";
	else if (len >= 2 && !memcmp(buf, "\xFF\xFE", 2))
		cv = "UTF-16LE";
	else if (len >= 2 && !memcmp(buf, "\xFE\xFF", 2))
		cv = "UTF-16BE";
	else if (declared_charset(buf, len, cs, sizeof(cs))) {
		if (!strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8"))
			cv = "UTF-8";
		else if (!strcasecmp(cs, "gb2312") || !strcasecmp(cs, "gbk") ||
		         !strcasecmp(cs, "gb18030") ||
		         !strcasecmp(cs, "x-gbk") ||
		         !strcasecmp(cs, "cp936") ||
		         !strcasecmp(cs, "windows-936") ||
		         !strcasecmp(cs, "gb_2312-80") ||
		         !strcasecmp(cs, "euc-cn"))
			cv = "GB18030";
		else
			return lx_error_set(err, LX_ERR_DECODE,
			                    "%s: the page declares charset %s, "
			                    "which lexcn does not read (UTF-8, "
			                    "GB2312, GBK, GB18030)",
			                    name, cs);
		bool oom = false;
		size_t bad = 0;
		if (!strcmp(cv, "UTF-8") ? valid_utf8(buf, len, &bad)
		                         : to_utf8(cv, buf, len, out, outlen,
		                                   &oom)) {
			*enc = cv;
			return LX_OK;
		}
		if (oom)
			return lx_error_set(err, LX_ERR_NOMEM,
			                    "%s: out of memory", name);
		if (!strcmp(cv, "UTF-8"))
			return lx_error_set(err, LX_ERR_DECODE,
			                    "%s: the page declares charset %s but "
			                    "is not in it (invalid UTF-8 at byte "
			                    "offset %zu)",
			                    name, cs, bad);
		return lx_error_set(err, LX_ERR_DECODE,
		                    "%s: the page declares charset %s but is "
		                    "not in it (not GB18030, its superset, "
		                    "either)",
		                    name, cs);
	}
	bool oom = false;
	if (cv) { /* a BOM */
		if (!strcmp(cv, "UTF-8") ? valid_utf8(buf, len, NULL)
		                         : to_utf8(cv, buf, len, out, outlen,
		                                   &oom)) {
			*enc = cv;
			return LX_OK;
		}
		return lx_error_set(err, oom ? LX_ERR_NOMEM : LX_ERR_DECODE,
		                    oom ? "%s: out of memory"
		                        : "%s: the page starts with a BOM of "
		                          "%s but is not in it",
		                    name, cv);
	}
	if (valid_utf8(buf, len, NULL)) {
		*enc = "UTF-8";
		return LX_OK;
	}
	if (to_utf8("GB18030", buf, len, out, outlen, &oom)) {
		*enc = "GB18030";
		return LX_OK;
	}
	return lx_error_set(err, oom ? LX_ERR_NOMEM : LX_ERR_DECODE,
	                    oom ? "%s: out of memory"
	                        : "%s: the page declares no charset and is "
	                          "neither UTF-8 nor GB18030",
	                    name);
}

/* The internal subset of a DOCTYPE (<!DOCTYPE html [ <!ENTITY ...> ]>),
 * which XHTML may have and HTML has not: libxml2's HTML parser would read
 * it as text.  Its span [*from, *to) in buf (from the "[" to the "]"),
 * or false.  Quotes and comments inside are passed over. */
static bool internal_subset(const char *buf, size_t len, size_t *from,
                            size_t *to)
{
	size_t n = len < 4096 ? len : 4096, i = 0;
	for (; i + 9 < n; i++)
		if (!strncasecmp(buf + i, "<!doctype", 9))
			break;
	if (i + 9 >= n)
		return false;
	for (i += 9; i < len && buf[i] != '[' && buf[i] != '>'; i++)
		if (buf[i] == '"' || buf[i] == '\'') {
			const char *q = memchr(buf + i + 1, buf[i], len - i - 1);
			if (!q)
				return false;
			i = (size_t)(q - buf);
		}
	if (i >= len || buf[i] != '[')
		return false;
	*from = i;
	for (i++; i < len; i++) {
		if (buf[i] == '"' || buf[i] == '\'') {
			const char *q = memchr(buf + i + 1, buf[i], len - i - 1);
			if (!q)
				return false;
			i = (size_t)(q - buf);
		} else if (i + 4 <= len && !memcmp(buf + i, "<!--", 4)) {
			const char *q = memmem(buf + i + 4, len - i - 4, "-->", 3);
			if (!q)
				return false;
			i = (size_t)(q - buf) + 2;
		} else if (buf[i] == ']') {
			*to = i + 1;
			return true;
		}
	}
	return false;
}

/* ---- elements ------------------------------------------------------------ */

static bool name_in(const xmlNode *n, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (!strcasecmp((const char *)n->name, names[i]))
			return true;
	return false;
}

static bool is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcasecmp((const char *)n->name, name);
}

static bool is_heading(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->name[0] &&
	       (n->name[0] == 'h' || n->name[0] == 'H') && n->name[1] >= '1' &&
	       n->name[1] <= '6' && !n->name[2];
}

static bool is_inline(const xmlNode *n)
{
	static const char *const inl[] = {
		"a",    "abbr", "b",      "big",  "cite", "code",  "em",
		"font", "i",    "img",    "kbd",  "label", "q",    "s",
		"samp", "small", "span",  "strike", "strong", "sub", "sup",
		"tt",   "u",    "var",    "br",   "ins",  "del",   "mark",
		"time", "o:p",  "nobr",   NULL};
	return n->type == XML_ELEMENT_NODE && name_in(n, inl);
}

static bool is_block(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && !is_inline(n);
}

/* The attribute (lower-cased copy in tmp) or NULL. */
static const char *attr(const xmlNode *n, const char *name, char *tmp,
                        size_t sz)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name) || !a->children ||
		    a->children->type != XML_TEXT_NODE ||
		    !a->children->content)
			continue;
		const char *v = (const char *)a->children->content;
		size_t i = 0;
		for (; v[i] && i + 1 < sz; i++)
			tmp[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ? v[i] + 32
			                                            : v[i]);
		tmp[i] = '\0';
		return tmp;
	}
	return NULL;
}

/* Page furniture: left out wherever it is. */
static bool is_furniture(const xmlNode *n)
{
	static const char *const names[] = {
		"script", "style", "noscript", "nav",      "header", "footer",
		"aside",  "form",  "iframe",   "template", "select", "button",
		"head",   "object", "embed",   "svg",      NULL};
	static const char *const words[] = {"nav",   "menu",      "header",
	                                    "footer", "breadcrumb", "share",
	                                    "sidebar", "copyright", NULL};
	if (n->type != XML_ELEMENT_NODE)
		return false;
	if (name_in(n, names))
		return true;
	char tmp[256];
	for (int k = 0; k < 2; k++) {
		const char *v = attr(n, k ? "class" : "id", tmp, sizeof(tmp));
		for (size_t i = 0; v && words[i]; i++)
			if (strstr(v, words[i]))
				return true;
	}
	return false;
}

static bool is_centered(const xmlNode *n)
{
	char tmp[256];
	if (is_el(n, "center"))
		return true;
	const char *a = attr(n, "align", tmp, sizeof(tmp));
	if (a && !strcmp(a, "center"))
		return true;
	a = attr(n, "style", tmp, sizeof(tmp));
	if (a) {
		const char *t = strstr(a, "text-align");
		if (t) {
			t += 10;
			while (*t == ' ' || *t == ':')
				t++;
			if (!strncmp(t, "center", 6))
				return true;
		}
	}
	return false;
}

static bool has_text_indent(const xmlNode *n)
{
	char tmp[256];
	const char *a = attr(n, "style", tmp, sizeof(tmp));
	const char *t = a ? strstr(a, "text-indent") : NULL;
	if (!t)
		return false;
	t += 11;
	while (*t == ' ' || *t == ':')
		t++;
	return *t >= '1' && *t <= '9';
}

/* The next node of an iterative walk of root's subtree: down into the
 * children unless skip; *up counts the elements left on the way (their
 * ends are reported to leave()). */
typedef void (*leave_fn)(void *ctx, xmlNode *n);

static xmlNode *walk_next(xmlNode *root, xmlNode *n, bool skip, leave_fn leave,
                          void *ctx)
{
	if (!skip && n->children)
		return n->children;
	for (;;) {
		if (leave && n->type == XML_ELEMENT_NODE)
			leave(ctx, n);
		if (n == root)
			return NULL;
		if (n->next)
			return n->next;
		n = n->parent;
		if (!n)
			return NULL;
	}
}

/* ---- statistics of each element (first pass) ----------------------------- */

typedef struct stat {
	size_t han;   /* Han characters, furniture left out */
	size_t marks; /* statute marks */
	size_t all;   /* visible non-space characters, furniture included */
	size_t vis;   /* the same, furniture left out */
	size_t brs, br_fin; /* its own <br>, and those after a sentence end */
	bool block_inside;
} stat;

typedef struct pass1 {
	lx_vec stats; /* stat, indexed by the _private of the element - 1 */
	size_t furniture_depth;
	int32_t last; /* the last non-space character of the block's text */
	bool oom;
} pass1;

static stat *st_of(pass1 *p, const xmlNode *n)
{
	size_t i = (size_t)(uintptr_t)n->_private;
	return i ? &LX_VEC_AT(&p->stats, stat, i - 1) : NULL;
}

static bool is_numeral(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) ||
	       c == 0x96F6 || c == 0x3007 ||
	       c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB ||
	       c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B ||
	       c == 0x4E5D || c == 0x5341 || c == 0x767E || c == 0x5343 ||
	       c == 0x4E07 || c == 0x4E24;
}

/* Counts Han characters, visible characters and statute marks of a text. */
static void count_text(const char *s, size_t len, size_t *han, size_t *all,
                       size_t *marks)
{
	size_t i = 0;
	int state = 0; /* 1 after 第 + numerals, 2 after （ + numerals */
	size_t nums = 0;
	while (i < len) {
		int32_t c = lx_u8_next(s, len, &i);
		if (!lx_cp_is_space(c) && c != '\n' && c != '\r')
			(*all)++;
		if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
			(*han)++;
		if (state && is_numeral(c) && nums < 12) {
			nums++;
			continue;
		}
		if (state == 1 && nums &&
		    (c == 0x6761 || c == 0x7AE0 || c == 0x8282 || c == 0x7F16))
			(*marks)++; /* 条 章 节 编 */
		else if (state == 2 && nums && c == 0xFF09)
			(*marks)++; /* ） */
		state = c == 0x7B2C ? 1 : c == 0xFF08 ? 2 : 0; /* 第 （ */
		nums = 0;
	}
}

/* The block a <br> breaks: its nearest block ancestor (libxml2's depth
 * limit bounds the climb). */
static xmlNode *block_of(xmlNode *n)
{
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (is_block(n))
			return n;
	return NULL;
}

/* Sentence-final punctuation (a 款 ends with one), or a closing quote or
 * bracket after it. */
static bool is_final(int32_t c)
{
	return c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == 0xFF01 ||
	       c == 0xFF1F || c == ';' || c == ':' || c == '!' || c == '?' ||
	       c == 0x201D || c == 0x2019 || c == 0xFF09 || c == ')' ||
	       c == 0x300D || c == 0x300F || c == 0x3011;
}

static void p1_leave(void *ctx, xmlNode *n)
{
	pass1 *p = ctx;
	if (is_block(n))
		p->last = 0;
	stat *s = st_of(p, n);
	if (s && is_furniture(n) && p->furniture_depth)
		p->furniture_depth--;
	stat *ps = n->parent ? st_of(p, n->parent) : NULL;
	if (s && ps) {
		ps->han += s->han;
		ps->marks += s->marks;
		ps->all += s->all;
		ps->vis += s->vis;
		ps->block_inside |= s->block_inside || is_block(n);
	}
}

static bool is_script(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	       (is_el(n, "script") || is_el(n, "style") || is_el(n, "head"));
}

static void pass_one(pass1 *p, xmlNode *root)
{
	for (xmlNode *n = root; n;) {
		bool skip = false;
		if (n->type == XML_ELEMENT_NODE) {
			stat *s = lx_vec_push(&p->stats, sizeof(stat));
			if (!s) {
				p->oom = true;
				n->_private = NULL;
				return;
			}
			n->_private = (void *)(uintptr_t)p->stats.n;
			if (is_furniture(n))
				p->furniture_depth++;
			skip = is_script(n);
			if (is_el(n, "br")) {
				xmlNode *bl = block_of(n);
				stat *bs = bl ? st_of(p, bl) : NULL;
				if (bs) {
					bs->brs++;
					bs->br_fin += is_final(p->last);
				}
				p->last = 0;
			} else if (is_block(n))
				p->last = 0;
		} else if (n->type == XML_TEXT_NODE && n->content && n->parent) {
			stat *ps = st_of(p, n->parent);
			if (ps) {
				size_t han = 0, all = 0, marks = 0;
				count_text((const char *)n->content,
				           strlen((const char *)n->content), &han,
				           &all, &marks);
				ps->all += all;
				const char *t = (const char *)n->content;
				size_t tl = strlen(t);
				while (tl) {
					size_t k = lx_u8_start(t, tl - 1), j = k;
					int32_t c = lx_u8_next(t, tl, &j);
					if (!lx_cp_is_space(c) && c != '\n' &&
					    c != '\r') {
						p->last = c;
						break;
					}
					tl = k;
				}
				if (!p->furniture_depth) {
					ps->vis += all;
					ps->han += han;
					ps->marks += marks;
				}
			}
		}
		n = walk_next(root, n, skip, p1_leave, p);
	}
}

/* ---- paragraphs (second pass) --------------------------------------------- */

typedef struct pass2 {
	lx_reading *r;
	pass1 *p1;
	lx_buf b;
	int line;
	int indent; /* within blocks with a CSS text-indent */
	size_t chars, bold_chars;
	unsigned flags;
	int centered, heading, bold, pre, row;
	int skip_depth;
	size_t rows, emitted, joined;
	int rc;
} pass2;

/* Whether a <br> ends a paragraph.  Pages that put a statute in one block
 * separate its 款 with <br>: nearly every <br> there follows a sentence
 * end (。；：…).  A block of 4 or more <br> of which fewer than a third
 * follow one is text hard-wrapped with <br> (pasted from a PDF): there a
 * <br> is a line break inside the paragraph.  In centred blocks (titles,
 * 通过 lines) a <br> always ends one. */
static bool br_breaks(pass2 *q, xmlNode *br)
{
	if (q->centered)
		return true;
	xmlNode *bl = block_of(br);
	stat *s = bl ? st_of(q->p1, bl) : NULL;
	return !s || s->brs < 4 || s->br_fin * 3 >= s->brs;
}

/* Ends the paragraph being built. */
static void flush(pass2 *q)
{
	if (q->b.oom)
		q->rc = LX_ERR_NOMEM;
	const char *s = q->b.s ? q->b.s : "";
	size_t len = q->b.len, i = 0;
	unsigned flags = q->flags;
	/* Leading &nbsp; / U+3000 / spaces: the indentation. */
	for (;;) {
		size_t j = i;
		if (j >= len)
			break;
		int32_t c = lx_u8_next(s, len, &j);
		if (!lx_cp_is_space(c))
			break;
		if (c == 0x3000 || c == 0xA0 || c == 0x2002 || c == 0x2003)
			flags |= LX_RL_INDENTED; /* &nbsp; &ensp; &emsp; U+3000 */
		i = j;
	}
	while (len > i) { /* trailing spaces */
		size_t k = lx_u8_start(s, len - 1), j = k;
		if (!lx_cp_is_space(lx_u8_next(s, len, &j)))
			break;
		len = k;
	}
	if (len > i && q->rc == LX_OK) {
		if (q->indent)
			flags |= LX_RL_INDENTED;
		if (q->chars && q->bold_chars == q->chars)
			flags |= LX_RL_BOLD;
		int rc = lx_reading_add(q->r, false, s + i, len - i, 0, q->line,
		                        flags);
		if (rc)
			q->rc = rc;
		for (size_t j = i; j < len;)
			if (!lx_cp_is_space(lx_u8_next(s, len, &j)))
				q->emitted++;
	}
	q->b.len = 0;
	q->flags = 0;
	q->chars = q->bold_chars = 0;
	q->line = 0;
}

static void add_text(pass2 *q, const xmlNode *n)
{
	const char *s = (const char *)n->content;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (q->pre && c == '\n') {
			flush(q);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			/* HTML white space: one space. */
			if (q->b.len && q->b.s[q->b.len - 1] != ' ')
				lx_buf_add(&q->b, " ", 1);
			continue;
		}
		if (!q->line) {
			q->line = (int)xmlGetLineNo(n);
			if (q->centered)
				q->flags |= LX_RL_CENTERED;
			if (q->heading)
				q->flags |= LX_RL_HEADING;
			if (q->row)
				q->flags |= LX_RL_TABLE;
		}
		if (!lx_cp_is_space(c)) {
			q->chars++;
			if (q->bold)
				q->bold_chars++;
		}
		lx_buf_add(&q->b, s + st, i - st);
	}
}

static bool is_row(pass2 *q, const xmlNode *n)
{
	if (!is_el(n, "tr"))
		return false;
	for (const xmlNode *c = n->children; c; c = c->next) {
		stat *s = st_of(q->p1, c);
		if (s && s->block_inside)
			return false;
	}
	return true;
}

static void p2_leave(void *ctx, xmlNode *n)
{
	pass2 *q = ctx;
	if (q->skip_depth) {
		/* the skipped element itself */
		if (is_furniture(n))
			q->skip_depth--;
		return;
	}
	if (is_block(n) && !(q->row && (is_el(n, "td") || is_el(n, "th"))))
		flush(q);
	else if (q->row && (is_el(n, "td") || is_el(n, "th")))
		lx_buf_add(&q->b, " ", 1);
	if (is_centered(n))
		q->centered--;
	if (is_heading(n))
		q->heading--;
	if (is_el(n, "b") || is_el(n, "strong"))
		q->bold--;
	if (is_el(n, "pre"))
		q->pre--;
	if (has_text_indent(n))
		q->indent--;
	if (is_el(n, "tr") && q->row) {
		flush(q);
		q->row--;
		q->rows++;
	}
	if (is_el(n, "table") && q->rows) {
		if (lx_reading_diag(q->r, LX_SEV_INFO, "table", 0,
		                    (int)xmlGetLineNo(n),
		                    "a table of %zu rows kept as text, one "
		                    "paragraph per row",
		                    q->rows))
			q->rc = LX_ERR_NOMEM;
		q->rows = 0;
	}
}

static void pass_two(pass2 *q, xmlNode *root)
{
	for (xmlNode *n = root; n && q->rc == LX_OK;) {
		bool skip = false;
		if (n->type == XML_ELEMENT_NODE) {
			if (is_furniture(n)) {
				/* left out: its leave() only ends the skip */
				q->skip_depth++;
				skip = true;
			} else if (is_el(n, "br")) {
				if (q->heading || q->row)
					lx_buf_add(&q->b, " ", 1);
				else if (br_breaks(q, n))
					flush(q);
				else {
					lx_buf_add(&q->b, " ", 1);
					q->joined++;
				}
			} else {
				if (is_block(n) && !q->row)
					flush(q);
				if (is_centered(n))
					q->centered++;
				if (is_heading(n))
					q->heading++;
				if (is_el(n, "b") || is_el(n, "strong"))
					q->bold++;
				if (is_el(n, "pre"))
					q->pre++;
				if (has_text_indent(n))
					q->indent++;
				if (is_row(q, n))
					q->row++;
			}
		} else if (n->type == XML_TEXT_NODE && n->content) {
			add_text(q, n);
		}
		n = walk_next(root, n, skip, p2_leave, q);
	}
	flush(q);
}

/* ---- the body and the title ------------------------------------------------ */

/* The deepest block element whose stat meets the threshold. */
static xmlNode *find_body(pass1 *p, xmlNode *root, bool by_marks,
                          size_t need)
{
	xmlNode *best = root;
	size_t best_v = (size_t)-1;
	for (xmlNode *n = root; n;) {
		bool skip = false;
		if (n->type == XML_ELEMENT_NODE) {
			stat *s = st_of(p, n);
			size_t v = s ? (by_marks ? s->marks : s->han) : 0;
			skip = !s || v < need || is_furniture(n);
			if (!skip && is_block(n) && s->han <= best_v) {
				best = n;
				best_v = s->han;
			}
		}
		n = walk_next(root, n, skip, NULL, NULL);
	}
	return best;
}

/* A block before the body that belongs to the statute's header: short,
 * and centred or a heading (the title, the 通过 lines), or holding one
 * centred block. */
static bool header_like(pass1 *p, const xmlNode *n)
{
	stat *s = st_of(p, n);
	if (!s || !s->vis)
		return false;
	if (s->vis > 400 || is_furniture(n) || !is_block(n))
		return false;
	if (is_heading(n) || is_centered(n))
		return true;
	/* a centred block inside (<div><p align=center>…</p></div>) */
	const xmlNode *c = n->children;
	while (c && c->type != XML_ELEMENT_NODE)
		c = c->next;
	if (c && !c->next && (is_centered(c) || is_heading(c)))
		return true;
	return false;
}

/* The body widened to its header: up to the outermost ancestor with no
 * other text, then back over the header-like blocks before it (the title
 * and 通过 lines in blocks of their own).  *first gets the first of them
 * (or the body). */
static xmlNode *body_start(pass1 *p, xmlNode *root, xmlNode **bodyp)
{
	xmlNode *body = *bodyp;
	stat *bs = st_of(p, body);
	while (body != root && body->parent &&
	       body->parent->type == XML_ELEMENT_NODE &&
	       !is_el(body->parent, "body") && !is_el(body->parent, "html")) {
		stat *ps = st_of(p, body->parent);
		if (!ps || !bs || ps->vis != bs->vis)
			break;
		body = body->parent;
	}
	*bodyp = body;
	xmlNode *first = body;
	for (xmlNode *n = body->prev; n; n = n->prev) {
		if (n->type == XML_TEXT_NODE) {
			stat tmp = {0};
			count_text((const char *)n->content,
			           n->content ? strlen((const char *)n->content)
			                      : 0,
			           &tmp.han, &tmp.vis, &tmp.marks);
			if (tmp.vis)
				break;
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!header_like(p, n))
			break;
		first = n;
	}
	return first;
}

/* The text of an element, spaces collapsed, into b. */
static void plain_text(xmlNode *el, lx_buf *b)
{
	for (xmlNode *n = el; n;) {
		if (n->type == XML_TEXT_NODE && n->content) {
			const char *s = (const char *)n->content;
			size_t len = strlen(s);
			for (size_t i = 0; i < len;) {
				size_t st = i;
				int32_t c = lx_u8_next(s, len, &i);
				if (lx_cp_is_space(c) || c == '\n' || c == '\r') {
					if (b->len && b->s[b->len - 1] != ' ')
						lx_buf_add(b, " ", 1);
					continue;
				}
				lx_buf_add(b, s + st, i - st);
			}
		}
		n = walk_next(el, n, n->type == XML_ELEMENT_NODE &&
		                             is_script(n) && n != el,
		              NULL, NULL);
	}
	while (b->len && b->s[b->len - 1] == ' ')
		b->len--;
	if (b->s)
		b->s[b->len] = '\0';
}

/* Compares two texts, spaces ignored. */
static bool same_text(const char *a, size_t al, const char *b, size_t bl)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < al && (a[i] == ' '))
			i++;
		while (j < bl && (b[j] == ' '))
			j++;
		if (i == al || j == bl)
			return i == al && j == bl;
		if (a[i] != b[j])
			return false;
		i++;
		j++;
	}
}

/* The page's title: the last h1 outside the furniture before the body
 * (in document order), else <title> up to a site-name suffix. */
static void page_title(xmlNode *root, xmlNode *body, lx_buf *b, int *line)
{
	xmlNode *h1 = NULL, *title = NULL;
	for (xmlNode *n = root; n && !title;) {
		if (is_el(n, "title"))
			title = n;
		n = walk_next(root, n, is_el(n, "body"), NULL, NULL);
	}
	for (xmlNode *n = root; n && n != body;) {
		bool skip = false;
		if (n->type == XML_ELEMENT_NODE) {
			if (is_furniture(n))
				skip = true;
			else if (is_el(n, "h1"))
				h1 = n;
		}
		n = walk_next(root, n, skip, NULL, NULL);
	}
	xmlNode *t = h1 ? h1 : title;
	if (!t)
		return;
	plain_text(t, b);
	*line = (int)xmlGetLineNo(t);
	if (t == title && b->s) {
		static const char *const seps[] = {" - ", "_", "|", " — ",
		                                   "——", "－", NULL};
		for (size_t i = 0; seps[i]; i++) {
			char *p = strstr(b->s, seps[i]);
			if (p && p != b->s) {
				b->len = (size_t)(p - b->s);
				b->s[b->len] = '\0';
			}
		}
	}
}

/* ---- the reader ----------------------------------------------------------- */

typedef struct errcount {
	size_t errors;
	bool too_deep; /* libxml2 stopped at its nesting limit (256) */
} errcount;

/* libxml2's error and warning callbacks (set on this parser's own SAX
 * handler in place of HTML_PARSE_NOERROR / NOWARNING, which drop them):
 * they count, print nothing. */
static void count_error(void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void count_error(void *ctx, const char *fmt, ...)
{
	xmlParserCtxtPtr c = ctx;
	errcount *ec = c ? c->_private : NULL;
	if (!ec)
		return;
	ec->errors++;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (strstr(msg, "Excessive depth"))
		ec->too_deep = true;
}

static void count_warning(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int lx_read_html(lx_reading *r, const char *name, const char *buf,
                 size_t len, lx_error *err)
{
	char *conv = NULL;
	size_t clen = 0;
	const char *enc = NULL;
	int rc = decode_page(name, buf, len, &conv, &clen, &enc, err);
	if (rc != LX_OK)
		return rc;
	const char *u = conv ? conv : buf;
	size_t ul = conv ? clen : len;
	if (ul >= 3 && !memcmp(u, "\xEF\xBB\xBF", 3)) {
		u += 3;
		ul -= 3;
	}
	if (ul > INT32_MAX) {
		free(conv);
		return lx_error_set(err, LX_ERR_LIMIT,
		                    "%s: an HTML page over 2 GB", name);
	}
	/* An internal subset is blanked out (its newlines kept, so that
	 * lines stay the source's): its entities are never expanded, and an
	 * entity reference stays in the text as it is written. */
	size_t sub_from, sub_to;
	size_t entities = 0;
	if (internal_subset(u, ul, &sub_from, &sub_to)) {
		/* u is in conv (ours, writable) or the caller's buf (copied) */
		char *c = conv ? (char *)u : malloc(ul);
		if (!c)
			return lx_error_set(err, LX_ERR_NOMEM,
			                    "%s: out of memory", name);
		if (!conv) {
			memcpy(c, u, ul);
			conv = c;
		}
		for (size_t i = sub_from; i < sub_to; i++) {
			if (i + 8 <= sub_to && !memcmp(c + i, "<!ENTITY", 8))
				entities++;
			if (c[i] != '\n')
				c[i] = ' ';
		}
		u = c;
	}
	if (!ul) {
		free(conv);
		return lx_error_set(err, LX_ERR_DECODE,
		                    "%s: an HTML page with no text", name);
	}
	/* A parser of the page's memory rather than htmlCtxtReadMemory:
	 * XML_PARSE_BIG_LINES (source lines past 65535) is an option only
	 * the context keeps, and htmlCtxtReadMemory would reset it. */
	htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(u, (int)ul);
	if (!ctxt) {
		free(conv);
		return lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
		                    name);
	}
	errcount ec = {0};
	ctxt->_private = &ec;
	htmlCtxtUseOptions(ctxt, HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC |
	                            HTML_PARSE_RECOVER);
	ctxt->options |= XML_PARSE_BIG_LINES;
	ctxt->sax->error = count_error;
	ctxt->sax->fatalError = count_error;
	ctxt->sax->warning = count_warning;
	ctxt->sax->serror = NULL;
	ctxt->userData = ctxt;
	htmlDocPtr doc = NULL;
	if (xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8) == 0) {
		htmlParseDocument(ctxt);
		doc = ctxt->myDoc;
		ctxt->myDoc = NULL;
	}
	free(conv);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (ec.too_deep) {
		if (doc)
			xmlFreeDoc(doc);
		htmlFreeParserCtxt(ctxt);
		return lx_error_set(err, LX_ERR_LIMIT,
		                    "%s: elements nested deeper than the HTML "
		                    "parser's limit (libxml2: 256 levels)",
		                    name);
	}
	if (!root) {
		if (doc)
			xmlFreeDoc(doc);
		htmlFreeParserCtxt(ctxt);
		return lx_error_set(err, LX_ERR_DECODE,
		                    "%s: an HTML page libxml2 cannot read (%zu "
		                    "errors)",
		                    name, ec.errors);
	}
	pass1 p = {0};
	pass_one(&p, root);
	rc = p.oom ? LX_ERR_NOMEM : LX_OK;
	stat *rs = st_of(&p, root);
	if (rc == LX_OK && (!rs || !rs->all))
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: an HTML page with no text", name);
	else if (rc == LX_OK && !rs->vis)
		rc = lx_error_set(err, LX_ERR_DECODE,
		                  "%s: an HTML page with no text but its "
		                  "navigation, header and footer: no statute in "
		                  "it",
		                  name);
	else if (rc == LX_OK) {
		bool marks = rs->marks >= 2;
		size_t need = marks ? (rs->marks * 9 + 9) / 10
		                    : (rs->han * 6 + 9) / 10;
		xmlNode *body = find_body(&p, root, marks, need);
		xmlNode *first = body_start(&p, root, &body);
		lx_buf t = {0};
		int tline = 0;
		page_title(root, first, &t, &tline);
		pass2 q = {.r = r, .p1 = &p};
		for (xmlNode *n = first; n && q.rc == LX_OK; n = n->next) {
			pass_two(&q, n);
			if (n == body)
				break;
		}
		rc = q.rc;
		if (rc == LX_OK && t.len && t.s) {
			const lx_rline *l0 =
				r->lines.n ? &LX_VEC_AT(&r->lines, lx_rline, 0)
				           : NULL;
			if (!l0 || !same_text(l0->text, l0->len, t.s, t.len)) {
				lx_rline *l = lx_vec_push(&r->lines,
				                          sizeof(lx_rline));
				char *s = l ? lx_arena_strndup(&r->arena, t.s,
				                               t.len)
				            : NULL;
				if (!s)
					rc = LX_ERR_NOMEM;
				else {
					memmove(&LX_VEC_AT(&r->lines, lx_rline, 1),
					        &LX_VEC_AT(&r->lines, lx_rline, 0),
					        (r->lines.n - 1) * sizeof(lx_rline));
					LX_VEC_AT(&r->lines, lx_rline, 0) =
						(lx_rline){s, t.len, 0, tline,
					                   LX_RL_CENTERED |
					                           LX_RL_HEADING};
					for (size_t j = 0; j < t.len;)
						if (!lx_cp_is_space(lx_u8_next(
							    t.s, t.len, &j)))
							q.emitted++;
					rc = lx_reading_diag(
						r, LX_SEV_INFO, "html-title", 0,
						tline,
						"the page's title \"%s\", outside the "
						"statute body, taken as its first "
						"paragraph",
						s);
				}
			}
		}
		lx_buf_free(&t);
		lx_buf_free(&q.b);
		if (rc == LX_OK && !marks)
			rc = lx_reading_diag(r, LX_SEV_WARNING,
			                     "no-statute-structure", 0,
			                     (int)xmlGetLineNo(body),
			                     "no article or chapter marks in the "
			                     "page: its densest text block read");
		if (rc == LX_OK && rs->all > q.emitted)
			rc = lx_reading_diag(r, LX_SEV_INFO, "page-furniture", 0,
			                     0,
			                     "%zu characters "
			                     "outside the statute body left out",
			                     rs->all - q.emitted);
		if (rc == LX_OK && ec.errors)
			rc = lx_reading_diag(r, LX_SEV_INFO, "html-errors", 0, 0,
			                     "the page is not valid HTML: %zu "
			                     "errors, read as libxml2 recovers it",
			                     ec.errors);
		if (rc == LX_OK && q.joined)
			rc = lx_reading_diag(r, LX_SEV_INFO, "html-wrapped", 0, 0,
			               "%zu <br> line breaks inside paragraphs "
			               "joined: the page wraps its lines with <br> "
			               "(fewer than a third follow a sentence end)",
			               q.joined);
		if (rc == LX_OK && entities)
			rc = lx_reading_diag(r, LX_SEV_WARNING, "html-entities",
			                     0, 0,
			                     "the DOCTYPE's internal subset (%zu "
			                     "entity declarations) ignored: its "
			                     "entities are not expanded",
			                     entities);
		if (rc == LX_OK && strcmp(enc, "UTF-8"))
			rc = lx_reading_diag(r, LX_SEV_INFO, "encoding", 0, 0,
			                     "the page is in %s", enc);
		if (rc == LX_ERR_NOMEM)
			lx_error_set(err, LX_ERR_NOMEM, "%s: out of memory",
			             name);
	}
	lx_vec_free(&p.stats);
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	return rc;
}
