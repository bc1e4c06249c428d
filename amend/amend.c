/*
 * amend.c: amendments applied.  A 修正案 or 修改决定 is read into
 * operations with grammar/amend.grammar, and the operations are applied to
 * a model of the base version (headings, articles as lines of text: a
 * paragraph (款) or an item each), which is written out as lawrefbook
 * Markdown and parsed again, so that the new version's tree, eids and
 * metadata are those any parse gives.  See include/lexcn/amend.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lexcn/amend.h>
#include <lexcn/parse.h>

#include "../parser/lx_int.h"

struct lx_amendment {
	lx_arena arena;
	const char *name;
	const char *title, *id, *date, *effective, *by, *body, *target;
	bool renumber;
	lx_vec ops; /* lx_amend_op */
};

const char *lx_amend_kind_name(lx_amend_kind k)
{
	static const char *const names[] = {
		"replace", "phrase", "insert_phrase", "delete_phrase", "delete",
		"add_after", "add_article", "add_para", "move",
		"renumber_para", "unknown"};
	return (unsigned)k <= LX_AMEND_UNKNOWN ? names[k] : "unknown";
}

/* ---- reading ------------------------------------------------------------ */

typedef struct rline {
	const char *s;
	size_t len;
	int no;
} rline;

/* Trims ASCII and ideographic spaces, zero-width characters and a BOM. */
static void trim(const char **s, size_t *len)
{
	static const char *const sp[] = {" ", "\t", "\r", "\xe3\x80\x80",
	                                 "\xe2\x80\x8b", "\xef\xbb\xbf"};
	for (bool more = true; more && *len;) {
		more = false;
		for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++) {
			size_t n = strlen(sp[i]);
			if (*len >= n && !memcmp(*s, sp[i], n)) {
				*s += n, *len -= n, more = true;
			}
			if (*len >= n && !memcmp(*s + *len - n, sp[i], n)) {
				*len -= n, more = true;
			}
		}
	}
}

static long group_num(const lx_match *m, const char *name)
{
	const char *s;
	size_t n;
	if (!lx_group(m, name, &s, &n) || !n)
		return -1;
	return lx_cn_number(s, n);
}

static bool has_group(const lx_match *m, const char *name)
{
	const char *s;
	size_t n;
	return lx_group(m, name, &s, &n) && n;
}

#define OPEN_Q "\xe2\x80\x9c"  /* “ */
#define CLOSE_Q "\xe2\x80\x9d" /* ” */

typedef struct reader {
	lx_amendment *a;
	const lx_grammar *g;
	pcre2_match_data *md;
	rline *lines;
	size_t n;
	lx_error *err;
} reader;

/* Whether s[i..] begins an item label （N） (Chinese numerals). */
static size_t item_label_at(const char *s, size_t len, size_t i)
{
	static const char digits[] = "〇零一二两三四五六七八九十百";
	if (i + 3 > len || memcmp(s + i, "（", 3))
		return 0;
	size_t j = i + 3, k = 0;
	while (j + 3 <= len) {
		char c[4] = {s[j], s[j + 1], s[j + 2], 0};
		if (!strstr(digits, c))
			break;
		j += 3;
		k++;
	}
	return k && j + 3 <= len && !memcmp(s + j, "）", 3) ? j + 3 - i : 0;
}

/* Pushes a quoted paragraph, as the consolidated text writes it: ASCII
 * ':' and ';' after Chinese text full-width (修正案（八）, （九） were
 * published with them), and items run into the paragraph (……处罚：（一）
 * ……的；（二）……) each on a line of its own. */
static int push_para(reader *r, lx_vec *texts, const char *p, size_t pl)
{
	lx_buf b = {0};
	for (size_t i = 0; i < pl; i++) {
		bool after_cjk = i > 0 && ((unsigned char)p[i - 1] & 0x80);
		if (after_cjk && p[i] == ':')
			lx_buf_adds(&b, "：");
		else if (after_cjk && p[i] == ';')
			lx_buf_adds(&b, "；");
		else if (after_cjk && p[i] == ',')
			lx_buf_adds(&b, "，");
		else
			lx_buf_add(&b, p + i, 1);
	}
	if (b.oom)
		return -3;
	const char *s = b.s ? b.s : "";
	size_t len = b.len, start = 0;
	/* a list begins in the paragraph: ：（一） */
	bool list = false;
	for (size_t i = 3; i + 3 <= len && !list; i++)
		list = !memcmp(s + i - 3, "：", 3) && item_label_at(s, len, i);
	for (size_t i = 3; i <= len; i++) {
		bool cut = i == len;
		if (!cut && list && item_label_at(s, len, i) &&
		    (!memcmp(s + i - 3, "：", 3) || !memcmp(s + i - 3, "；", 3)))
			cut = true;
		if (!cut)
			continue;
		const char *q = s + start;
		size_t ql = i - start;
		trim(&q, &ql);
		if (ql) {
			const char **slot = lx_vec_push(texts, sizeof(char *));
			if (!slot) {
				lx_buf_free(&b);
				return -3;
			}
			*slot = lx_arena_strndup(&r->a->arena, q, ql);
		}
		start = i;
	}
	lx_buf_free(&b);
	return 0;
}

/* Whether line l, not opened by “, is the next numbered operation
 * (二十四、将刑法第二百八十三条修改为): a quotation left open before it
 * ends there. */
static bool starts_op(reader *r, const rline *l)
{
	lx_match m;
	const char *t;
	size_t tl;
	if (!l->len || (l->len >= 3 && !memcmp(l->s, OPEN_Q, 3)))
		return false;
	if (!lx_match_key(r->g, LX_K_AMEND_PREFIX, l->s, l->len, r->md, &m) ||
	    !lx_group(&m, "rest", &t, &tl))
		return false;
	return lx_match_key(r->g, LX_K_AMEND, t, tl, r->md, &m);
}

/* Reads a quoted block starting at s[0..len) of line *li: paragraphs each
 * opened by “ (optional after the first) until the ” that closes the
 * quotation (“ and ” nested inside are counted); a quotation opened right
 * after one closes (“甲。”“乙。”, 宪法修正案) is the next paragraph.  Pushes
 * the paragraphs into texts; *li is left on the closing line.  -1:
 * unterminated, -2: no quotation, -3: out of memory. */
static int read_block(reader *r, size_t *li, const char *s, size_t len,
                      lx_vec *texts, const char **stop)
{
	*stop = NULL;
	int depth = 0;
	bool first = true;
	for (;;) {
		trim(&s, &len);
		while (len) {
			size_t i = 0;
			if (len >= 3 && !memcmp(s, OPEN_Q, 3)) {
				i = 3;
				depth = 1; /* each paragraph reopens the quotation */
			} else if (first) {
				return -2;
			}
			if (!depth)
				depth = 1;
			first = false;
			size_t start = i, end = len;
			bool closed = false;
			while (i + 3 <= len) {
				if (!memcmp(s + i, OPEN_Q, 3)) {
					depth++;
					i += 3;
				} else if (!memcmp(s + i, CLOSE_Q, 3)) {
					if (--depth == 0) {
						end = i;
						closed = true;
						break;
					}
					i += 3;
				} else {
					i++;
				}
			}
			size_t before = texts->n;
			if (push_para(r, texts, s + start, end - start))
				return -3;
			/* “……处罚”。 (修正案（九）三十六): the full stop of a
			 * provision left outside the quotation */
			if (closed && texts->n > before && end + 6 == len &&
			    !memcmp(s + end + 3, "。", 3)) {
				const char **last = &LX_VEC_AT(texts, const char *,
				                               texts->n - 1);
				size_t ll = strlen(*last);
				static const char *const ends[] = {"。", "；", "：", "？", "！"};
				bool ended = false;
				for (size_t k = 0; k < 5; k++)
					ended = ended || (ll >= 3 && !strcmp(*last + ll - 3, ends[k]));
				if (!ended)
					*last = lx_arena_printf(&r->a->arena, "%s。", *last);
			}
			if (!closed)
				break;
			if (end + 6 <= len && !memcmp(s + end + 3, OPEN_Q, 3)) {
				s += end + 3;
				len -= end + 3;
				continue;
			}
			*stop = s + end + 3;
			/* a paragraph opened by “ on the next line goes on
			 * with the quotation (修正案（九）三十六 closes it
			 * one paragraph early) */
			size_t nx = *li + 1;
			while (nx < r->n && !r->lines[nx].len)
				nx++;
			if (end + 3 >= len && nx < r->n &&
			    r->lines[nx].len >= 3 &&
			    !memcmp(r->lines[nx].s, OPEN_Q, 3)) {
				*li = nx;
				s = r->lines[nx].s;
				len = r->lines[nx].len;
				*stop = NULL;
				continue;
			}
			return 0;
		}
		if (*li + 1 >= r->n)
			return -1;
		if (starts_op(r, &r->lines[*li + 1]))
			return 0; /* 修正案（九）二十三: never closed */
		++*li;
		s = r->lines[*li].s;
		len = r->lines[*li].len;
	}
}

/* The quoted phrases after an operation's head: “A”修改为“B”，“C”改为“D”
 * (pairs), “A”后增加“B” (pairs, *before for 前), “A”、“B” (singles). */
static const char *read_phrases(reader *r, const char *s, size_t len,
                                bool pairs, bool *before, lx_vec *texts)
{
	size_t i = 0;
	int k = 0; /* quotes read */
	while (i + 3 <= len) {
		if (memcmp(s + i, OPEN_Q, 3)) {
			/* Between quotes only joining words may stand. */
			static const char *const joins[] = {
				"修改为：", "修改为:", "修改为", "改为", "后增加",
				"前增加", "后增写一句，内容为：", "，", "、",
				"；", "和", "以及", "分别"};
			bool ok = false;
			for (size_t j = 0; j < sizeof(joins) / sizeof(joins[0]);
			     j++) {
				size_t n = strlen(joins[j]);
				if (i + n <= len && !memcmp(s + i, joins[j], n)) {
					if (!strcmp(joins[j], "前增加"))
						*before = true;
					i += n;
					ok = true;
					break;
				}
			}
			if (!ok)
				break;
			continue;
		}
		size_t q = i + 3, depth = 1, e = q;
		while (e + 3 <= len) {
			if (!memcmp(s + e, OPEN_Q, 3))
				depth++;
			else if (!memcmp(s + e, CLOSE_Q, 3) && --depth == 0)
				break;
			e++;
		}
		if (e + 3 > len)
			break;
		const char **slot = lx_vec_push(texts, sizeof(char *));
		if (!slot)
			return NULL;
		*slot = lx_arena_strndup(&r->a->arena, s + q, e - q);
		k++;
		i = e + 3;
	}
	if (pairs && texts->n % 2)
		texts->n--; /* a pair left half: the op fails as incomplete */
	return s + i;
}

static lx_amend_kind kind_of(const char *v)
{
	for (int k = 0; k < LX_AMEND_UNKNOWN; k++)
		if (!strcmp(lx_amend_kind_name((lx_amend_kind)k), v))
			return (lx_amend_kind)k;
	return LX_AMEND_UNKNOWN;
}

/* Reads the operation at s[0..len) of line *li, if a rule matches there;
 * 1 read, 0 none, < 0 error. */
static int read_op(reader *r, size_t *li, const char *s, size_t len,
                   const char *law, const lx_amend_op *prev,
                   const char **stop)
{
	*stop = NULL;
	lx_match m;
	if (!lx_match_key(r->g, LX_K_AMEND, s, len, r->md, &m))
		return 0;
	size_t ms, me;
	lx_match_span(&m, &ms, &me);
	/* prev points into the vector the push may move: keep what is
	 * needed of it first. */
	bool has_prev = prev != NULL;
	long prev_art = prev ? prev->art : -1;
	int prev_sub = prev ? prev->art_sub : 0;
	prev = NULL;
	lx_amend_op *op = lx_vec_push(&r->a->ops, sizeof(*op));
	if (!op)
		return LX_ERR_NOMEM;
	memset(op, 0, sizeof(*op));
	op->kind = kind_of(m.rule->value ? m.rule->value : "");
	op->law = law;
	op->line = r->lines[*li].no;
	op->src = lx_arena_strndup(&r->a->arena, r->lines[*li].s,
	                           r->lines[*li].len);
	op->art = group_num(&m, "art");
	op->art_sub = (int)group_num(&m, "asub");
	if (op->art_sub < 0)
		op->art_sub = 0;
	if (op->art < 0 && has_prev) { /* 增加一款作为第四款: the article before */
		op->art = prev_art;
		op->art_sub = prev_sub;
	}
	op->para = group_num(&m, "para");
	op->para2 = group_num(&m, "para2");
	op->item = group_num(&m, "item");
	op->at = group_num(&m, "at");
	op->at_sub = (int)group_num(&m, "atsub");
	if (op->at_sub < 0)
		op->at_sub = 0;
	op->count = group_num(&m, "count");
	if (op->count < 0)
		op->count = 1;
	const char *u;
	size_t ul;
	op->unit_item = lx_group(&m, "unit", &u, &ul) && ul == 3 &&
	                !memcmp(u, "项", 3);
	op->to = group_num(&m, "to");
	op->to_sub = (int)group_num(&m, "tosub");
	if (op->to_sub < 0)
		op->to_sub = 0;
	lx_vec texts = {0};
	bool block = true;
	switch (op->kind) {
	case LX_AMEND_PHRASE:
	case LX_AMEND_INSERT_PHRASE:
	case LX_AMEND_DELETE_PHRASE:
		*stop = read_phrases(r, s + me, len - me,
		                     op->kind != LX_AMEND_DELETE_PHRASE,
		                     &op->before, &texts);
		block = false;
		break;
	case LX_AMEND_DELETE:
	case LX_AMEND_UNKNOWN:
		block = false;
		*stop = s + me;
		break;
	case LX_AMEND_MOVE:
	case LX_AMEND_RENUMBER_PARA:
		block = has_group(&m, "then");
		if (!block)
			*stop = s + me;
		break;
	default:
		break;
	}
	if (block) {
		size_t start = *li;
		const char *t = s + me;
		size_t tl = len - me;
		trim(&t, &tl);
		if (!tl && *li + 1 < r->n) {
			/* the quotation begins on the next line */
			size_t nx = *li + 1;
			while (nx < r->n && !r->lines[nx].len)
				nx++;
			if (nx < r->n && r->lines[nx].len >= 3 &&
			    !memcmp(r->lines[nx].s, OPEN_Q, 3)) {
				*li = nx;
				t = r->lines[nx].s;
				tl = r->lines[nx].len;
			}
		}
		int rc = tl ? read_block(r, li, t, tl, &texts, stop) : -2;
		if (*li != start)
			*stop = NULL; /* the block ended on another line */
		if (rc == -1) {
			lx_vec_free(&texts);
			return lx_error_set(r->err, LX_ERR_USAGE,
			                    "%s:%d: the quotation is not closed",
			                    r->a->name, r->lines[start].no);
		}
		if (rc == -3) {
			lx_vec_free(&texts);
			return LX_ERR_NOMEM;
		}
	}
	/* 删除第二条、第三条和第十五条: one operation per article */
	const char *more;
	size_t ml;
	if (op->kind == LX_AMEND_DELETE && lx_group(&m, "more", &more, &ml) &&
	    ml) {
		lx_amend_op copy = *op;
		size_t oi = (size_t)(op - (lx_amend_op *)r->a->ops.v);
		for (size_t q = 0; q + 3 <= ml; q++) {
			if (memcmp(more + q, "第", 3))
				continue;
			const char *e = more + q + 3, *end = more + ml;
			while (e + 3 <= end && memcmp(e, "条", 3))
				e++;
			if (e + 3 > end)
				break;
			lx_amend_op *x = lx_vec_push(&r->a->ops, sizeof(*x));
			if (!x) {
				lx_vec_free(&texts);
				return LX_ERR_NOMEM;
			}
			*x = copy;
			x->art = lx_cn_number(more + q + 3,
			                      (size_t)(e - more - q - 3));
			x->art_sub = 0;
			if (e + 6 <= end && !memcmp(e + 3, "之", 3)) {
				const char *f = e + 6;
				while (f + 3 <= end && memcmp(f, "、", 3) &&
				       memcmp(f, "和", 3) && memcmp(f, "及", 3))
					f += 3;
				long v = lx_cn_number(e + 6, (size_t)(f - e - 6));
				x->art_sub = v > 0 ? (int)v : 0;
			}
			q = (size_t)(e - more);
		}
		op = &LX_VEC_AT(&r->a->ops, lx_amend_op, oi); /* moved */
	}
	op->n_texts = texts.n;
	if (texts.n) {
		op->texts = lx_arena_alloc(&r->a->arena,
		                           texts.n * sizeof(char *));
		if (!op->texts) {
			lx_vec_free(&texts);
			return LX_ERR_NOMEM;
		}
		if (texts.n)
			memcpy(op->texts, texts.v, texts.n * sizeof(char *));
	}
	lx_vec_free(&texts);
	return 1;
}

static const char *meta_of(lx_amendment *a, const lx_grammars *set,
                           const char *text, size_t len, lx_error *err,
                           int *rc)
{
	lx_doc *d = NULL;
	*rc = lx_parse_buffer(&d, set, a->name, text, len, NULL, err);
	if (*rc)
		return NULL;
	a->title = d->title ? lx_arena_strdup(&a->arena, d->title) : NULL;
	a->id = d->id ? lx_arena_strdup(&a->arena, d->id) : NULL;
	a->date = d->version ? lx_arena_strdup(&a->arena, d->version) : NULL;
	a->effective = d->effective ? lx_arena_strdup(&a->arena, d->effective)
	                            : NULL;
	/* The body and session of the event that made the decision. */
	for (size_t i = 0; i < d->history.n; i++) {
		const lx_event *e = &LX_VEC_AT(&d->history, lx_event, i);
		if (a->date && e->date && !strcmp(e->date, a->date) && e->by) {
			a->by = lx_arena_strdup(&a->arena, e->by);
			a->body = e->body ? lx_arena_strdup(&a->arena, e->body)
			                  : NULL;
			break;
		}
	}
	lx_doc_free(d);
	return a->title;
}

int lx_amend_read(lx_amendment **out, const lx_grammars *set,
                  const char *name, const char *text, size_t len,
                  lx_error *err)
{
	*out = NULL;
	const lx_grammar *g = lx_grammars_find(set, "amend");
	if (!g)
		return lx_error_set(err, LX_ERR_GRAMMAR,
		                    "%s: no amend grammar loaded", name);
	lx_amendment *a = calloc(1, sizeof(*a));
	if (!a)
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	a->name = lx_arena_strdup(&a->arena, name);
	/* The lines are matched in place: a copy with zeroed bytes after its
	 * end, which PCRE2's JIT may read ahead into. */
	char *copy = lx_arena_alloc(&a->arena, len + 64);
	if (!copy) {
		lx_amend_free(a);
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	}
	memcpy(copy, text, len);
	text = copy;
	int rc = LX_OK;
	meta_of(a, set, text, len, err, &rc);
	if (rc) {
		lx_amend_free(a);
		return rc;
	}
	lx_match m;
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	lx_vec lines = {0};
	if (!md || !a->name) {
		rc = LX_ERR_NOMEM;
		goto done;
	}
	if (a->title && lx_match_key(g, LX_K_AMEND_TARGET, a->title,
	                             strlen(a->title), md, &m)) {
		const char *t;
		size_t tl;
		if (lx_group(&m, "title", &t, &tl))
			a->target = lx_arena_strndup(&a->arena, t, tl);
	}
	/* The lines, with their numbers; the header (up to INFO END) and
	 * Markdown headings are not operations. */
	int no = 0;
	for (size_t p = 0; p <= len;) {
		size_t e = p;
		while (e < len && text[e] != '\n')
			e++;
		no++;
		rline *l = lx_vec_push(&lines, sizeof(*l));
		if (!l) {
			rc = LX_ERR_NOMEM;
			goto done;
		}
		l->s = text + p;
		l->len = e - p;
		l->no = no;
		trim(&l->s, &l->len);
		if (e >= len)
			break;
		p = e + 1;
	}
	size_t first = 0;
	for (size_t i = 0; i < lines.n; i++) {
		const rline *l = &LX_VEC_AT(&lines, rline, i);
		if (l->len >= 12 && strstr(l->s, "INFO END") &&
		    (size_t)(strstr(l->s, "INFO END") - l->s) < l->len)
			first = i + 1;
	}
	reader r = {a, g, md, lines.v, lines.n, err};
	const char *law = NULL;
	for (size_t i = first; i < lines.n && rc == LX_OK; i++) {
		const rline *l = &r.lines[i];
		const char *s = l->s;
		size_t sl = l->len;
		if (!sl || *s == '#')
			continue;
		bool numbered = false;
		if (lx_match_key(g, LX_K_AMEND_PREFIX, s, sl, md, &m)) {
			const char *t;
			size_t tl;
			if (lx_group(&m, "rest", &t, &tl)) {
				s = t;
				sl = tl;
				numbered = true;
			}
		}
		bool known = false;
		if (lx_match_key(g, LX_K_AMEND_LAW, s, sl, md, &m)) {
			const char *t;
			size_t tl;
			if (lx_group(&m, "title", &t, &tl))
				law = lx_arena_strndup(&a->arena, t, tl);
			known = true;
		}
		if (lx_match_key(g, LX_K_AMEND_RENUMBER, s, sl, md, &m)) {
			a->renumber = true;
			known = true;
		}
		if (lx_match_key(g, LX_K_AMEND_EFFECTIVE, s, sl, md, &m))
			known = true;
		/* Tried at the start, then after each "，" (为了……，将刑法第
		 * 三百四十二条修改为：). */
		int got = 0, any = 0;
		size_t li = i;
		for (size_t p = 0; p < sl;) {
			const lx_amend_op *prev =
				a->ops.n ? &LX_VEC_AT(&a->ops, lx_amend_op,
				                      a->ops.n - 1)
				         : NULL;
			const char *stop = NULL;
			got = read_op(&r, &li, s + p, sl - p, law, prev, &stop);
			if (got < 0) {
				rc = got;
				break;
			}
			if (got) {
				any = 1;
				/* more operations after it on the same line
				 * (……修改为“乙”；增加一项，作为第十一项“……”) */
				if (!stop || li != i)
					break;
				p = (size_t)(stop - s);
				while (p < sl && (s[p] == ' ' ||
				                  !strncmp(s + p, "；", 3) ||
				                  !strncmp(s + p, "。", 3) ||
				                  !strncmp(s + p, "，", 3)))
					p += s[p] == ' ' ? 1 : 3;
				continue;
			}
			const char *c = NULL;
			for (size_t q = p; q + 3 <= sl; q++)
				if (!memcmp(s + q, "，", 3)) {
					c = s + q;
					break;
				}
			if (!c)
				break;
			p = (size_t)(c - s) + 3;
		}
		if (any) {
			i = li;
			continue;
		}
		/* A sentence not read: its quotation, if it opens one, is
		 * skipped whole (its lines are not sentences). */
		if (rc == LX_OK && !known) {
			const char *q = strstr(s, OPEN_Q);
			if (q && (size_t)(q - s) < sl) {
				lx_vec skip = {0};
				const char *stop;
				size_t at = i;
				int brc = read_block(&r, &at, q, sl - (size_t)(q - s),
				                     &skip, &stop);
				lx_vec_free(&skip);
				if (brc == 0)
					li = at;
				else if (brc == -3)
					rc = LX_ERR_NOMEM;
			}
		}
		if (rc == LX_OK && numbered && !known) {
			lx_amend_op *op = lx_vec_push(&a->ops, sizeof(*op));
			if (!op) {
				rc = LX_ERR_NOMEM;
				break;
			}
			memset(op, 0, sizeof(*op));
			op->kind = LX_AMEND_UNKNOWN;
			op->law = law;
			op->art = op->para = op->para2 = op->item = op->at =
				op->to = -1;
			op->line = l->no;
			op->src = lx_arena_strndup(&a->arena, l->s, l->len);
		}
		i = li;
	}
done:
	pcre2_match_data_free(md);
	lx_vec_free(&lines);
	if (rc == LX_ERR_NOMEM)
		lx_error_set(err, rc, "%s: out of memory", name);
	if (rc) {
		lx_amend_free(a);
		return rc;
	}
	*out = a;
	return LX_OK;
}

int lx_amend_read_file(lx_amendment **out, const lx_grammars *set,
                       const char *path, lx_error *err)
{
	char *text = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = lx_read_text(path, &text, &len, err);
	if (rc)
		return rc;
	rc = lx_amend_read(out, set, path, text, len, err);
	free(text);
	return rc;
}

void lx_amend_free(lx_amendment *a)
{
	if (!a)
		return;
	lx_vec_free(&a->ops);
	lx_arena_free(&a->arena);
	free(a);
}

size_t lx_amend_ops(const lx_amendment *a, const lx_amend_op **out)
{
	*out = a->ops.v;
	return a->ops.n;
}
const char *lx_amend_title(const lx_amendment *a) { return a->title; }
const char *lx_amend_id(const lx_amendment *a) { return a->id; }
const char *lx_amend_date(const lx_amendment *a) { return a->date; }
const char *lx_amend_effective(const lx_amendment *a) { return a->effective; }
bool lx_amend_renumbers(const lx_amendment *a) { return a->renumber; }

/* ---- the model ---------------------------------------------------------- */

enum { B_HEAD, B_TEXT, B_ART };

typedef struct pnote {
	long para; /* 1-based paragraph changed, 0: the article */
	const char *op;
	int line;
} pnote;

typedef struct blk {
	int kind;
	const char *text; /* heading or text block */
	long num;         /* article: 第num条之sub */
	int sub;
	lx_vec lines;     /* const char *: paragraphs and items */
	const lx_node *orig;
	const char *orig_eid;
	long pos;         /* ADD_ARTICLE/MOVE: its place, 0 none */
	bool deleted, added;
	const void *anchor; /* ADD_AFTER: the article it follows */
	lx_vec notes;     /* pnote */
	struct blk *prev, *next;
} blk;

typedef struct model {
	lx_arena arena;
	blk *head, *tail;
	const lx_grammar *g;
	pcre2_match_data *md;
	const lx_amendment *a;
	lx_error *err;
	lx_vec all; /* blk *: every block made, for freeing */
	bool oom;
} model;

static blk *blk_new(model *mo, int kind)
{
	blk *b = lx_arena_alloc(&mo->arena, sizeof(*b));
	blk **slot = b ? lx_vec_push(&mo->all, sizeof(blk *)) : NULL;
	if (!slot) {
		mo->oom = true;
		return NULL;
	}
	*slot = b;
	b->kind = kind;
	return b;
}

static void blk_insert_after(model *mo, blk *at, blk *b)
{
	b->prev = at;
	b->next = at ? at->next : mo->head;
	if (b->next)
		b->next->prev = b;
	else
		mo->tail = b;
	if (at)
		at->next = b;
	else
		mo->head = b;
}

static void blk_unlink(model *mo, blk *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		mo->head = b->next;
	if (b->next)
		b->next->prev = b->prev;
	else
		mo->tail = b->prev;
	b->prev = b->next = NULL;
}

static void line_push(model *mo, lx_vec *v, const char *s)
{
	const char **slot = lx_vec_push(v, sizeof(char *));
	if (!slot || !s)
		mo->oom = true;
	else
		*slot = s;
}

static void add_note(model *mo, blk *b, long para, const char *op, int line)
{
	pnote *n = lx_vec_push(&b->notes, sizeof(*n));
	if (!n) {
		mo->oom = true;
		return;
	}
	n->para = para;
	n->op = op;
	n->line = line;
}

static const char *node_line(model *mo, const lx_node *n)
{
	return lx_arena_printf(&mo->arena, "%s%s", n->label ? n->label : "",
	                       n->text ? n->text : "");
}

static void build(model *mo, const lx_node *root)
{
	for (const lx_node *n = root->first; n; n = n->next) {
		switch (n->type) {
		case LX_NODE_PART:
		case LX_NODE_SUBPART:
		case LX_NODE_CHAPTER:
		case LX_NODE_SECTION: {
			blk *b = blk_new(mo, B_HEAD);
			if (!b)
				return;
			b->text = lx_arena_printf(
				&mo->arena, "%s%s%s", n->label ? n->label : "",
				n->label && n->heading ? " " : "",
				n->heading ? n->heading : "");
			blk_insert_after(mo, mo->tail, b);
			build(mo, n);
			break;
		}
		case LX_NODE_ARTICLE: {
			blk *b = blk_new(mo, B_ART);
			if (!b)
				return;
			b->num = n->num;
			b->sub = n->sub;
			b->orig = n;
			b->orig_eid = n->eid;
			for (const lx_node *p = n->first; p;
			     p = lx_node_next_preorder(n, p)) {
				const char *t = node_line(mo, p);
				if (p == n->first && n->heading)
					t = lx_arena_printf(&mo->arena, "【%s】%s",
					                    n->heading, t);
				line_push(mo, &b->lines, t);
			}
			blk_insert_after(mo, mo->tail, b);
			break;
		}
		default: {
			if (!n->text)
				break;
			blk *b = blk_new(mo, B_TEXT);
			if (!b)
				return;
			b->text = n->text;
			blk_insert_after(mo, mo->tail, b);
			break;
		}
		}
	}
}

static bool is_item_line(model *mo, const char *s)
{
	lx_match m;
	return lx_match_key(mo->g, LX_K_AMEND_ITEM_LINE, s, strlen(s), mo->md,
	                    &m);
}

static char *label_of(lx_arena *a, long num, int sub)
{
	char n[128], s[64];
	if (!lx_cn_format(num, n, sizeof(n)))
		snprintf(n, sizeof(n), "%ld", num);
	if (sub <= 0)
		return lx_arena_printf(a, "第%s条", n);
	if (!lx_cn_format(sub, s, sizeof(s)))
		snprintf(s, sizeof(s), "%d", sub);
	return lx_arena_printf(a, "第%s条之%s", n, s);
}

static int fail(model *mo, const lx_amend_op *op, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(model *mo, const lx_amend_op *op, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return lx_error_set(mo->err, LX_ERR_NOT_FOUND, "%s:%d: %s",
	                    mo->a->name, op->line, why);
}

static blk *find_art(model *mo, long num, int sub)
{
	for (blk *b = mo->head; b; b = b->next)
		if (b->kind == B_ART && !b->deleted && b->num == num &&
		    b->sub == sub)
			return b;
	return NULL;
}

/* An article label at the start of s followed by a space (第十条之一 …,
 * the first line of a new article in a quotation): its length, or 0. */
static size_t label_at(const char *s, long *num, int *sub)
{
	static const char digits[] = "〇零一二两三四五六七八九十百千";
	if (strncmp(s, "第", 3))
		return 0;
	const char *p = s + 3, *q = strstr(p, "条");
	if (!q || q - p > 60)
		return 0;
	*num = lx_cn_number(p, (size_t)(q - p));
	if (*num <= 0)
		return 0;
	q += 3;
	*sub = 0;
	if (!strncmp(q, "之", 3)) {
		const char *e = q + 3;
		while ((unsigned char)*e >= 0x80 && e[1] && e[2] &&
		       e - q < 40) {
			char c[4] = {e[0], e[1], e[2], 0};
			if (!strstr(digits, c))
				break;
			e += 3;
		}
		long v = lx_cn_number(q + 3, (size_t)(e - q - 3));
		if (v > 0) {
			*sub = (int)v;
			q = e;
		}
	}
	if (*q == ' ' || *q == '\t')
		return (size_t)(q - s) + 1;
	if (!strncmp(q, "\xe3\x80\x80", 3))
		return (size_t)(q - s) + 3;
	return 0;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || !strncmp(s, "\xe3\x80\x80", 3))
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	return s;
}

/* The paragraphs of a quotation as the lines of one article: a leading
 * label of it dropped. */
static void set_lines(model *mo, lx_vec *v, const char *const *t, size_t n)
{
	v->n = 0;
	for (size_t i = 0; i < n; i++) {
		long num;
		int sub;
		size_t l = i == 0 ? label_at(t[i], &num, &sub) : 0;
		line_push(mo, v, l ? skip_spaces(t[i] + l) : t[i]);
	}
}

/* The extent [*a, *b) of paragraph p (1-based) among the lines. */
static bool para_span(model *mo, const blk *b, long p, size_t *s, size_t *e)
{
	long k = 0;
	for (size_t i = 0; i < b->lines.n; i++) {
		const char *l = LX_VEC_AT(&b->lines, const char *, i);
		if (i > 0 && is_item_line(mo, l))
			continue;
		if (++k == p) {
			*s = i;
			*e = i + 1;
			while (*e < b->lines.n &&
			       is_item_line(mo, LX_VEC_AT(&b->lines,
			                                  const char *, *e)))
				(*e)++;
			return true;
		}
	}
	return false;
}

static long para_count(model *mo, const blk *b)
{
	long k = 0;
	for (size_t i = 0; i < b->lines.n; i++)
		if (i == 0 || !is_item_line(mo, LX_VEC_AT(&b->lines,
		                                          const char *, i)))
			k++;
	return k;
}

/* The line of item it (1-based) in paragraph p (-1: the first paragraph
 * that has it). */
static bool item_line(model *mo, const blk *b, long p, long it, size_t *at)
{
	long np = para_count(mo, b);
	for (long q = p > 0 ? p : 1; q <= (p > 0 ? p : np); q++) {
		size_t s, e;
		if (!para_span(mo, b, q, &s, &e))
			return false;
		if ((long)(e - s - 1) >= it) {
			*at = s + (size_t)it;
			return true;
		}
	}
	return false;
}

/* The items （N） of paragraph p numbered in order again, as an item added
 * or deleted shifts those after it (第七项至第十五项相应改为第八项至第十六项). */
static void renumber_items(model *mo, blk *b, long p)
{
	size_t s, e;
	if (!para_span(mo, b, p, &s, &e))
		return;
	long k = 0;
	for (size_t i = s + 1; i < e; i++) {
		const char **l = &LX_VEC_AT(&b->lines, const char *, i);
		size_t n = item_label_at(*l, strlen(*l), 0);
		k++;
		if (!n)
			continue;
		char num[64];
		if (!lx_cn_format(k, num, sizeof(num)))
			continue;
		*l = lx_arena_printf(&mo->arena, "（%s）%s", num, *l + n);
		if (!*l)
			mo->oom = true;
	}
}

/* The mark that ends an item of a list: ；, ，, 。, ：. */
static const char *item_mark(const char *l)
{
	static const char *const marks[] = {"；", "，", "。", "：", ";"};
	size_t n = strlen(l);
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		size_t ml = strlen(marks[k]);
		if (n >= ml && !strcmp(l + n - ml, marks[k]))
			return marks[k];
	}
	return NULL;
}

/* An item added to a list is quoted without the mark the list puts after
 * it ("增加一项，作为第七项“（七）选举国家监察委员会主任”"): unless it is the
 * last item, it gets the mark of the item before it (or of the item after
 * it, when that is not the last).  The paragraph's lines are s (the
 * paragraph), s+1 .. end-1 (its items); the new item is at `at`. */
static void list_mark(model *mo, lx_vec *v, size_t s, size_t at, size_t end)
{
	if (at + 1 >= end || at >= v->n)
		return;
	const char *l = LX_VEC_AT(v, const char *, at);
	if (item_mark(l))
		return;
	const char *m = NULL;
	if (at > s + 1)
		m = item_mark(LX_VEC_AT(v, const char *, at - 1));
	else if (at + 2 < end)
		m = item_mark(LX_VEC_AT(v, const char *, at + 1));
	if (!m || !strcmp(m, "。"))
		return;
	const char *x = lx_arena_printf(&mo->arena, "%s%s", l, m);
	if (!x)
		mo->oom = true;
	else
		LX_VEC_AT(v, const char *, at) = x;
}

static void splice(model *mo, lx_vec *v, size_t s, size_t e,
                   const char *const *t, size_t n)
{
	lx_vec out = {0};
	for (size_t i = 0; i < s; i++)
		line_push(mo, &out, LX_VEC_AT(v, const char *, i));
	for (size_t i = 0; i < n; i++)
		line_push(mo, &out, t[i]);
	for (size_t i = e; i < v->n; i++)
		line_push(mo, &out, LX_VEC_AT(v, const char *, i));
	lx_vec_free(v);
	*v = out;
}

/* Replaces (or deletes, ins NULL; or inserts ins before/after) every
 * occurrence of a in s; the count in *hits. */
static const char *edit_phrase(model *mo, const char *s, const char *a,
                               const char *ins, int mode, int *hits)
{
	size_t al = strlen(a);
	if (!al)
		return s;
	lx_buf b = {0};
	const char *p = s, *q;
	while ((q = strstr(p, a))) {
		lx_buf_add(&b, p, (size_t)(q - p));
		if (mode == 2 && ins) /* before */
			lx_buf_adds(&b, ins);
		if (mode != 0)
			lx_buf_add(&b, a, al);
		if (mode == 1 && ins) /* after */
			lx_buf_adds(&b, ins);
		if (mode == 0 && ins)
			lx_buf_adds(&b, ins);
		p = q + al;
		(*hits)++;
	}
	if (!*hits) {
		lx_buf_free(&b);
		return s;
	}
	lx_buf_adds(&b, p);
	if (b.oom) {
		mo->oom = true;
		lx_buf_free(&b);
		return s;
	}
	const char *r = lx_arena_strdup(&mo->arena, b.s ? b.s : "");
	lx_buf_free(&b);
	return r;
}

/* The new articles of a quotation (split at the labels it gives, else
 * `count` of them numbered from at/at_sub). */
static blk *new_articles(model *mo, const lx_amend_op *op, long num, int sub,
                         blk **last)
{
	blk *first = NULL, *cur = NULL;
	*last = NULL;
	for (size_t i = 0; i < op->n_texts; i++) {
		long ln;
		int ls;
		size_t l = label_at(op->texts[i], &ln, &ls);
		if (!cur || l) {
			blk *b = blk_new(mo, B_ART);
			if (!b)
				return NULL;
			b->added = true;
			b->num = l ? ln : num;
			b->sub = l ? ls : sub;
			if (!l && cur) {
				if (sub)
					b->sub = cur->sub + 1;
				else
					b->num = cur->num + 1;
			}
			if (cur)
				cur->next = b; /* chained; linked in later */
			else
				first = b;
			cur = b;
		}
		line_push(mo, &cur->lines,
		          l ? skip_spaces(op->texts[i] + l) : op->texts[i]);
	}
	*last = cur;
	return first;
}

static int apply_op(model *mo, const lx_amend_op *op, lx_vec *placed)
{
	const char *const *t = op->texts;
	size_t nt = op->n_texts;
	if (op->kind == LX_AMEND_UNKNOWN)
		return fail(mo, op, "cannot read this operation: %s", op->src);
	if (op->kind == LX_AMEND_ADD_ARTICLE) {
		if (!nt)
			return fail(mo, op, "no quoted text to add");
		blk *last, *b = new_articles(mo, op, op->at, 0, &last);
		for (long k = 0; b; b = b->next, k++) {
			blk **slot = lx_vec_push(placed, sizeof(blk *));
			if (!slot)
				return LX_ERR_NOMEM;
			b->pos = op->at + k;
			*slot = b;
			add_note(mo, b, 0, "增加", op->line);
			if (b == last)
				break;
		}
		return mo->oom ? LX_ERR_NOMEM : LX_OK;
	}
	char lab[200];
	snprintf(lab, sizeof(lab), "%s",
	         op->art > 0 ? label_of(&mo->arena, op->art, op->art_sub)
	                     : "(no article)");
	blk *b = op->art > 0 ? find_art(mo, op->art, op->art_sub) : NULL;
	if (!b)
		return fail(mo, op, "%s: no such article in the text amended",
		            lab);
	long para = op->para;
	switch (op->kind) {
	case LX_AMEND_REPLACE:
	case LX_AMEND_RENUMBER_PARA:
		if (op->kind == LX_AMEND_RENUMBER_PARA) {
			if (!nt)
				return LX_OK; /* numbering said, nothing else */
			para = op->at;
		}
		if (!nt)
			return fail(mo, op, "%s: no quoted text", lab);
		if (op->item > 0) {
			size_t at;
			if (!item_line(mo, b, para, op->item, &at))
				return fail(mo, op, "%s: no item %ld", lab,
				            op->item);
			const char *old = LX_VEC_AT(&b->lines, const char *, at);
			const char *nw = t[0];
			if (!is_item_line(mo, nw)) { /* keep the label （三） */
				const char *e = strstr(old, "）");
				if (e)
					nw = lx_arena_printf(
						&mo->arena, "%.*s%s",
						(int)(e + 3 - old), old, nw);
			}
			splice(mo, &b->lines, at, at + 1, &nw, 1);
			add_note(mo, b, para > 0 ? para : 1, "修改", op->line);
		} else if (para > 0) {
			size_t s, e, s2, e2;
			if (!para_span(mo, b, para, &s, &e))
				return fail(mo, op, "%s: no paragraph %ld",
				            lab, para);
			if (op->para2 > 0) {
				if (!para_span(mo, b, op->para2, &s2, &e2))
					return fail(mo, op,
					            "%s: no paragraph %ld",
					            lab, op->para2);
				e = e2;
			}
			splice(mo, &b->lines, s, e, t, nt);
			add_note(mo, b, para, "修改", op->line);
		} else {
			set_lines(mo, &b->lines, t, nt);
			add_note(mo, b, 0, "修改", op->line);
		}
		break;
	case LX_AMEND_PHRASE:
	case LX_AMEND_INSERT_PHRASE:
	case LX_AMEND_DELETE_PHRASE: {
		size_t s = 0, e = b->lines.n;
		if (op->item > 0) {
			if (!item_line(mo, b, para, op->item, &s))
				return fail(mo, op, "%s: no item %ld", lab,
				            op->item);
			e = s + 1;
		} else if (para > 0 && !para_span(mo, b, para, &s, &e)) {
			return fail(mo, op, "%s: no paragraph %ld", lab, para);
		}
		bool del = op->kind == LX_AMEND_DELETE_PHRASE;
		if (!nt)
			return fail(mo, op, "%s: no quoted phrase", lab);
		for (size_t k = 0; k < nt; k += del ? 1 : 2) {
			int hits = 0;
			for (size_t i = s; i < e; i++) {
				const char **l =
					&LX_VEC_AT(&b->lines, const char *, i);
				*l = edit_phrase(
					mo, *l, t[k], del ? NULL : t[k + 1],
					op->kind == LX_AMEND_PHRASE || del ? 0
					: op->before                       ? 2
					                                   : 1,
					&hits);
			}
			if (!hits)
				return fail(mo, op, "%s: “%s” does not occur "
				            "in it", lab, t[k]);
		}
		add_note(mo, b, para > 0 ? para : 0, "修改", op->line);
		break;
	}
	case LX_AMEND_DELETE:
		if (op->item > 0) {
			size_t at;
			if (!item_line(mo, b, para, op->item, &at))
				return fail(mo, op, "%s: no item %ld", lab,
				            op->item);
			splice(mo, &b->lines, at, at + 1, NULL, 0);
			renumber_items(mo, b, para > 0 ? para : 1);
			add_note(mo, b, para > 0 ? para : 1, "删除", op->line);
		} else if (para > 0) {
			size_t s, e;
			if (!para_span(mo, b, para, &s, &e))
				return fail(mo, op, "%s: no paragraph %ld",
				            lab, para);
			splice(mo, &b->lines, s, e, NULL, 0);
			add_note(mo, b, 0, "删除", op->line);
		} else {
			b->deleted = true;
			add_note(mo, b, 0, "删除", op->line);
		}
		break;
	case LX_AMEND_ADD_AFTER: {
		if (!nt)
			return fail(mo, op, "%s: no quoted text to add", lab);
		blk *last, *nb = new_articles(mo, op, op->at, op->at_sub,
		                              &last);
		if (!nb)
			return LX_ERR_NOMEM;
		/* after the anchor and what was added after it before */
		blk *at = b;
		while (at->next && at->next->kind == B_ART &&
		       at->next->anchor == b)
			at = at->next;
		for (blk *x = nb, *nx; x; x = nx) {
			nx = x == last ? NULL : x->next;
			x->next = NULL;
			x->anchor = b;
			blk_insert_after(mo, at, x);
			add_note(mo, x, 0, "增加", op->line);
			at = x;
		}
		break;
	}
	case LX_AMEND_ADD_PARA: {
		if (!nt)
			return fail(mo, op, "%s: no quoted text to add", lab);
		if (op->unit_item) {
			long p = para > 0 ? para : 1;
			size_t s, e;
			if (!para_span(mo, b, p, &s, &e))
				return fail(mo, op, "%s: no paragraph %ld",
				            lab, p);
			long have = (long)(e - s - 1);
			if (op->at < 1 || op->at > have + 1)
				return fail(mo, op, "%s: paragraph %ld has %ld "
				            "items, cannot add item %ld",
				            lab, p, have, op->at);
			size_t at = s + (size_t)op->at;
			splice(mo, &b->lines, at, at, t, nt);
			list_mark(mo, &b->lines, s, at, e + nt);
			renumber_items(mo, b, p);
			add_note(mo, b, p, "增加", op->line);
			break;
		}
		long have = para_count(mo, b);
		if (op->at < 1 || op->at > have + 1)
			return fail(mo, op, "%s has %ld paragraphs, cannot add "
			            "paragraph %ld", lab, have, op->at);
		size_t at = b->lines.n, s, e;
		if (op->at <= have && para_span(mo, b, op->at, &s, &e))
			at = s;
		splice(mo, &b->lines, at, at, t, nt);
		add_note(mo, b, op->at, "增加", op->line);
		break;
	}
	case LX_AMEND_MOVE: {
		if (nt)
			set_lines(mo, &b->lines, t, nt);
		blk_unlink(mo, b);
		b->pos = op->to;
		blk **slot = lx_vec_push(placed, sizeof(blk *));
		if (!slot)
			return LX_ERR_NOMEM;
		*slot = b;
		add_note(mo, b, 0, nt ? "修改" : "改序", op->line);
		break;
	}
	default:
		break;
	}
	return mo->oom ? LX_ERR_NOMEM : LX_OK;
}

static int cmp_pos(const void *x, const void *y)
{
	const blk *a = *(blk *const *)x, *b = *(blk *const *)y;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Articles placed by number (增加一条，作为第N条; 第N条改为第M条): each
 * becomes the pos-th article, in order of pos. */
static int place(model *mo, lx_vec *placed, bool renumber)
{
	if (placed->n)
		qsort(placed->v, placed->n, sizeof(blk *), cmp_pos);
	for (size_t i = 0; i < placed->n; i++) {
		blk *b = LX_VEC_AT(placed, blk *, i);
		long k = 0;
		blk *at = NULL, *last = NULL;
		for (blk *x = mo->head; x; x = x->next) {
			if (x->kind != B_ART || (renumber && x->deleted))
				continue;
			if (++k == b->pos) {
				at = x;
				break;
			}
			last = x;
		}
		if (!at && k + 1 < b->pos)
			return lx_error_set(mo->err, LX_ERR_NOT_FOUND,
			                    "%s: 第%ld条: the text has %ld "
			                    "articles",
			                    mo->a->name, b->pos, k);
		b->next = b->prev = NULL;
		if (at)
			blk_insert_after(mo, at->prev, b);
		else
			blk_insert_after(mo, last ? last : mo->tail, b);
		if (!renumber) {
			b->num = b->pos;
			b->sub = 0;
		}
	}
	return LX_OK;
}

static void write_text(model *mo, lx_buf *o, const lx_doc *base)
{
	lx_buf_adds(o, "# ");
	lx_buf_adds(o, base->title ? base->title : "");
	lx_buf_adds(o, "\n\n");
	for (size_t i = 0; i < base->header.n; i++) {
		const lx_text_line *h = &LX_VEC_AT(&base->header,
		                                   lx_text_line, i);
		if (base->title && !strcmp(h->text, base->title))
			continue;
		lx_buf_adds(o, h->text);
		lx_buf_adds(o, "\n\n");
	}
	lx_buf_adds(o, "<!-- INFO END -->\n\n");
	for (blk *b = mo->head; b; b = b->next) {
		if (b->kind == B_HEAD) {
			lx_buf_adds(o, "## ");
			lx_buf_adds(o, b->text);
			lx_buf_adds(o, "\n\n");
		} else if (b->kind == B_TEXT) {
			lx_buf_adds(o, b->text);
			lx_buf_adds(o, "\n\n");
		} else if (!(b->deleted && mo->a->renumber)) {
			lx_buf_adds(o, label_of(&mo->arena, b->num, b->sub));
			lx_buf_adds(o, " ");
			if (!b->lines.n)
				lx_buf_adds(o, "（删去）");
			for (size_t i = 0; i < b->lines.n; i++) {
				lx_buf_adds(o, LX_VEC_AT(&b->lines,
				                         const char *, i));
				lx_buf_adds(o, "\n\n");
			}
			if (!b->lines.n)
				lx_buf_adds(o, "\n\n");
		}
	}
}

static const lx_node *nth_para(const lx_node *art, long p)
{
	long k = 0;
	for (const lx_node *n = art->first; n; n = n->next)
		if (n->type == LX_NODE_PARAGRAPH && ++k == p)
			return n;
	return NULL;
}

static bool same_title(const char *a, const char *b)
{
	static const char prc[] = "中华人民共和国";
	size_t pl = strlen(prc);
	if (!strncmp(a, prc, pl))
		a += pl;
	if (!strncmp(b, prc, pl))
		b += pl;
	return !strcmp(a, b);
}

/* Whether op amends base: its law (or the decision's) names base. */
static bool for_base(const lx_amendment *a, const lx_amend_op *op,
                     const lx_doc *base)
{
	const char *law = op->law ? op->law : a->target;
	if (!law || !base->title)
		return true;
	return same_title(law, base->title);
}

int lx_amend_apply(lx_doc **out, const lx_grammars *set, const lx_doc *base,
                   const lx_amendment *a, lx_error *err)
{
	*out = NULL;
	model mo = {0};
	mo.a = a;
	mo.err = err;
	mo.g = lx_grammars_find(set, "amend");
	if (!mo.g)
		return lx_error_set(err, LX_ERR_GRAMMAR,
		                    "no amend grammar loaded");
	mo.md = pcre2_match_data_create(64, NULL);
	lx_vec placed = {0};
	lx_buf o = {0};
	lx_doc *d = NULL;
	int rc = LX_OK;
	if (!mo.md) {
		rc = LX_ERR_NOMEM;
		goto done;
	}
	build(&mo, base->root);
	size_t n_ops = 0;
	for (size_t i = 0; i < a->ops.n && rc == LX_OK && !mo.oom; i++) {
		const lx_amend_op *op = &LX_VEC_AT(&a->ops, lx_amend_op, i);
		if (!for_base(a, op, base))
			continue;
		n_ops++;
		rc = apply_op(&mo, op, &placed);
	}
	if (rc == LX_OK && !mo.oom && !n_ops)
		rc = lx_error_set(err, LX_ERR_NOT_FOUND,
		                  "%s: no operation amends %s", a->name,
		                  base->title ? base->title : base->path);
	if (rc == LX_OK && !mo.oom)
		rc = place(&mo, &placed, a->renumber);
	if (rc)
		goto done;
	/* Renumbered in order, or (刑法 style) labels kept and a deleted
	 * article left as （删去）. */
	long k = 0;
	for (blk *b = mo.head, *nx; b; b = nx) {
		nx = b->next;
		if (b->kind != B_ART)
			continue;
		if (b->deleted) {
			b->lines.n = 0; /* 刑法 style: （删去）; renumbered: gone */
			continue;
		}
		if (a->renumber) {
			k++;
			if (!b->added && (b->num != k || b->sub))
				add_note(&mo, b, 0, "改序", 0);
			b->num = k;
			b->sub = 0;
		}
	}
	write_text(&mo, &o, base);
	if (o.oom || mo.oom) {
		rc = LX_ERR_NOMEM;
		goto done;
	}
	rc = lx_parse_buffer(&d, set, base->path ? base->path : "amended",
	                     o.s, o.len, NULL, err);
	if (rc)
		goto done;
	/* The decision's event; the version is its date. */
	d->history.n = 0;
	for (size_t i = 0; i < base->history.n; i++) {
		lx_event *e = lx_vec_push(&d->history, sizeof(*e));
		if (!e) {
			rc = LX_ERR_NOMEM;
			goto done;
		}
		const lx_event *be = &LX_VEC_AT(&base->history, lx_event, i);
		e->date = be->date ? lx_arena_strdup(&d->arena, be->date) : NULL;
		e->action = be->action ? lx_arena_strdup(&d->arena, be->action)
		                       : NULL;
		e->by = be->by ? lx_arena_strdup(&d->arena, be->by) : NULL;
		e->body = be->body ? lx_arena_strdup(&d->arena, be->body) : NULL;
		e->line = be->line;
	}
	lx_event *ev = lx_vec_push(&d->history, sizeof(*ev));
	if (!ev) {
		rc = LX_ERR_NOMEM;
		goto done;
	}
	ev->date = a->date ? lx_arena_strdup(&d->arena, a->date) : NULL;
	ev->action = "修正";
	ev->by = a->title ? lx_arena_printf(&d->arena, "%s%s《%s》",
	                                    a->by ? a->by : "",
	                                    a->by ? "通过的" : "", a->title)
	                  : NULL;
	ev->body = a->body ? lx_arena_strdup(&d->arena, a->body) : NULL;
	ev->line = 0;
	if (a->date) {
		d->version = lx_arena_strdup(&d->arena, a->date);
		d->id = lx_arena_printf(&d->arena, "%s@%s",
		                        d->work ? d->work : "", d->version);
	}
	d->effective = a->effective ? lx_arena_strdup(&d->arena, a->effective)
	               : d->version;
	/* The notes of the versions before stay where their nodes still are
	 * (a text not renumbered keeps its eids). */
	for (size_t i = 0; i < base->notes.n && !a->renumber && rc == LX_OK; i++) {
		const lx_note *bn = &LX_VEC_AT(&base->notes, lx_note, i);
		if (!bn->eid || !lx_doc_find(d, bn->eid))
			continue;
		lx_note *nt = lx_vec_push(&d->notes, sizeof(*nt));
		if (!nt) {
			rc = LX_ERR_NOMEM;
			break;
		}
		nt->eid = lx_arena_strdup(&d->arena, bn->eid);
		nt->op = bn->op ? lx_arena_strdup(&d->arena, bn->op) : NULL;
		nt->source = bn->source ? lx_arena_strdup(&d->arena, bn->source) : NULL;
		nt->source_id = bn->source_id ? lx_arena_strdup(&d->arena, bn->source_id) : NULL;
		nt->date = bn->date ? lx_arena_strdup(&d->arena, bn->date) : NULL;
		nt->line = bn->line;
	}
	/* The notes: the k-th article of the model is the k-th parsed. */
	lx_vec arts = {0};
	for (const lx_node *n = d->root; n; n = lx_node_next_preorder(d->root, n))
		if (n->type == LX_NODE_ARTICLE) {
			const lx_node **s = lx_vec_push(&arts, sizeof(*s));
			if (!s) {
				rc = LX_ERR_NOMEM;
				break;
			}
			*s = n;
		}
	size_t ai = 0;
	const char *src = a->title ? lx_arena_strdup(&d->arena, a->title) : NULL;
	const char *sid = a->id ? lx_arena_strdup(&d->arena, a->id) : NULL;
	const char *date = a->date ? lx_arena_strdup(&d->arena, a->date) : NULL;
	for (blk *b = mo.head; b && rc == LX_OK; b = b->next) {
		if (b->kind != B_ART)
			continue;
		/* a deleted article of a renumbered text is gone: noted
		 * under its old eid */
		const lx_node *nn = NULL;
		if (!(b->deleted && a->renumber)) {
			if (ai < arts.n)
				nn = LX_VEC_AT(&arts, const lx_node *, ai);
			ai++;
		}
		for (size_t i = 0; i < b->notes.n; i++) {
			const pnote *pn = &LX_VEC_AT(&b->notes, pnote, i);
			const lx_node *pnode = nn && pn->para > 0
			                       ? nth_para(nn, pn->para) : NULL;
			const char *eid = pnode ? pnode->eid
			                  : nn  ? nn->eid
			                        : b->orig_eid;
			lx_note *nt = lx_vec_push(&d->notes, sizeof(*nt));
			if (!nt) {
				rc = LX_ERR_NOMEM;
				break;
			}
			nt->eid = eid ? lx_arena_strdup(&d->arena, eid) : NULL;
			nt->op = pn->op;
			nt->source = src;
			nt->source_id = sid;
			nt->date = date;
			nt->line = pn->line;
		}
	}
	lx_vec_free(&arts);
done:
	for (size_t i = 0; i < mo.all.n; i++) {
		blk *b = LX_VEC_AT(&mo.all, blk *, i);
		lx_vec_free(&b->lines);
		lx_vec_free(&b->notes);
	}
	lx_vec_free(&mo.all);
	lx_vec_free(&placed);
	pcre2_match_data_free(mo.md);
	lx_buf_free(&o);
	lx_arena_free(&mo.arena);
	if (rc == LX_ERR_NOMEM)
		lx_error_set(err, rc, "%s: out of memory", a->name);
	if (rc) {
		lx_doc_free(d);
		return rc;
	}
	*out = d;
	return LX_OK;
}
