/*
 * cite.c: references in the text of a document, found with the citation
 * grammar (grammar/citation.grammar) and linked to the exact node.
 *
 * A reference is a prefix (《title》, 本条例, 前款, nothing...) and a chain of
 * 第X条/款/项/目 units with lists and ranges.  The chain is read here into
 * members (one per article, paragraph or item named), and each member is
 * looked up in the tree.  Nothing is linked to a guess: a member that is
 * not there leaves the citation unresolved with the reason.  References to
 * other documents are resolved by lx_set_resolve (set.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cite_int.h"

#define LX_MAX_MEMBERS 500
#define LX_NAMED_NOT_IN_SET                                                \
	"another document, named without 《》, and no document of that name "  \
	"is in the set"
#define LX_NOT_INSIDE                                                      \
	"no such unit: the text is not inside the 条, 款, 项, 章 or 节 it names"

/* A unit named in the text, which a bare 第X款/第X项/第X目 (or 该项) after
 * it may continue: the context of references in context. */
typedef struct ctxrec {
	const lx_node *from; /* the node whose text names it */
	size_t end;          /* where it ends in that text (bytes) */
	size_t cite;         /* its citation, an index in d->cites */
	const lx_node *first, *last; /* its first and last target, in this
	                              * document (NULL: not found) */
	bool other;          /* a unit of another document */
} ctxrec;

typedef struct ct {
	lx_doc *d;
	const lx_grammar *g;
	pcre2_match_data *md;
	lx_taken taken; /* bytes of the current text taken by a reference */
	bool tg_oom;    /* a target could not be kept (finish: out of memory) */
	lx_hits hits; /* where the current text may hold references */
	lx_vec ctx;   /* ctxrec: units named in the current text */
	/* 该条/该款/该项 of the current text, read after the bare references:
	 * their spans and rules. */
	lx_vec later, later_rules;
	/* The last unit named in the paragraph and in the item the current
	 * node hangs under (the lead of an item list); from NULL: none. */
	ctxrec lead_para, lead_item;
	/* The last unit named so far in the article of the current node,
	 * for 该条 (违反婚姻法第四十六条……。 …依据该条规定). */
	ctxrec lead_art;
	/* References taken from the current text, and whether one more was
	 * refused (LX_MAX_CITES_PER_TEXT): a text can hold as many as its
	 * bytes allow, and each costs a record and its targets. */
	size_t n_here;
	bool over;
} ct;

typedef lx_span span;

/* ---- chains ------------------------------------------------------------ */

enum { U_NONE, U_ART, U_PARA, U_ITEM, U_SUB };
typedef enum { T_NUM, T_SEP, T_RANGE } tk_kind;
typedef struct tk {
	tk_kind k;
	long n;
	int unit, sub;
} tk;

static bool is_numeral(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) ||
	       c == 0x3007 || c == 0x96F6 || c == 0x4E00 || c == 0x4E8C ||
	       c == 0x4E24 || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
	       c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D ||
	       c == 0x5341 || c == 0x767E || c == 0x5343 || c == 0x4E07;
}

static int unit_of(int32_t c)
{
	switch (c) {
	case 0x6761: return U_ART;  /* 条 */
	case 0x6B3E: return U_PARA; /* 款 */
	case 0x9879: return U_ITEM; /* 项 */
	case 0x76EE: return U_SUB;  /* 目 */
	default: return U_NONE;
	}
}

/* Reads a numeral run at s[*i]; returns its value or -1. */
static long numeral(const char *s, size_t len, size_t *i)
{
	size_t st = *i, k = *i;
	while (k < len) {
		size_t q = k;
		if (!is_numeral(lx_u8_next(s, len, &q)))
			break;
		k = q;
	}
	*i = k;
	return k > st ? lx_cn_number(s + st, k - st) : -1;
}

/* Splits a chain into numbers with units, separators and ranges. */
static size_t tokenize(const char *s, size_t len, tk *out, size_t cap)
{
	size_t n = 0, i = 0;
	while (i < len && n < cap) {
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (is_numeral(c)) {
			i = st;
			long v = numeral(s, len, &i);
			/* Skip ）and spaces before the unit: 第（一）项. */
			size_t q = i;
			int32_t u = 0;
			while (q < len) {
				size_t r = q;
				u = lx_u8_next(s, len, &r);
				if (u != 0xFF09 && u != ')' && u != ' ')
					break;
				q = r;
			}
			tk t = {T_NUM, v, U_NONE, 0};
			if (q < len && unit_of(u)) {
				t.unit = unit_of(u);
				lx_u8_next(s, len, &q);
				i = q;
				/* 之一 */
				if (i + 3 <= len && !memcmp(s + i, "之", 3)) {
					size_t r = i + 3;
					long sub = numeral(s, len, &r);
					if (sub > 0) {
						t.sub = (int)sub;
						i = r;
					}
				}
			}
			out[n++] = t;
		} else if (c == 0x81F3 || c == 0x5230 || c == 0xFF0D ||
		           c == '-' || c == 0x2014) { /* 至 到 － - — */
			out[n++] = (tk){T_RANGE, 0, 0, 0};
		} else if (c == 0x3001 || c == 0xFF0C || c == ',' ||
		           c == 0x548C || c == 0x53CA || c == 0x4E0E ||
		           c == 0x6216) { /* 、，,和及与或 */
			if (!n || out[n - 1].k != T_SEP)
				out[n++] = (tk){T_SEP, 0, 0, 0};
		}
		/* 第, （, 以, 者, spaces: nothing to record. */
	}
	return n;
}

static int deepest(const lx_ref *r)
{
	return r->subitem >= 0 ? U_SUB
	       : r->item >= 0  ? U_ITEM
	       : r->para >= 0  ? U_PARA
	       : r->art >= 0   ? U_ART
	                       : U_NONE;
}

/* Keeps the levels above unit u. */
static lx_ref prefix(lx_ref r, int u)
{
	if (u <= U_ART) {
		r.art = -1;
		r.art_sub = 0;
	}
	if (u <= U_PARA)
		r.para = -1;
	if (u <= U_ITEM)
		r.item = -1;
	if (u <= U_SUB)
		r.subitem = -1;
	return r;
}

static void set_level(lx_ref *r, int u, long n, int sub)
{
	switch (u) {
	case U_ART:
		r->art = n;
		r->art_sub = sub;
		break;
	case U_PARA: r->para = n; break;
	case U_ITEM: r->item = n; break;
	case U_SUB: r->subitem = n; break;
	}
}

/* Reads a chain into members.  Returns the count, or -1 for a range too
 * large to be a reference. */
static long members(const char *s, size_t len, lx_ref *out, size_t cap)
{
	tk t[256];
	size_t nt = tokenize(s, len, t, 256), n = 0;
	/* 第（一）、（二）项, 第一至第四项: a number without a unit word takes
	 * the unit of the next number that has one. */
	for (size_t i = nt; i-- > 0;)
		if (t[i].k == T_NUM && !t[i].unit)
			for (size_t k = i + 1; k < nt; k++)
				if (t[k].k == T_NUM && t[k].unit) {
					t[i].unit = t[k].unit;
					break;
				}
	lx_ref cur = {-1, -1, -1, -1, 0};
	bool live = false;
	for (size_t i = 0; i < nt; i++) {
		if (t[i].k == T_NUM && i + 2 < nt && t[i + 1].k == T_RANGE &&
		    t[i + 2].k == T_NUM) {
			int u = t[i + 2].unit ? t[i + 2].unit : t[i].unit;
			long lo = t[i].n, hi = t[i + 2].n;
			if (!u || lo < 0 || hi < lo || hi - lo >= LX_MAX_MEMBERS)
				return -1;
			if (live && u > deepest(&cur))
				; /* 第十条第一款至第三款: the article stays */
			else if (live && n < cap)
				out[n++] = cur;
			lx_ref base = prefix(cur, u);
			for (long k = lo; k <= hi && n < cap; k++) {
				lx_ref m = base;
				set_level(&m, u, k, 0);
				out[n++] = m;
				cur = m;
			}
			live = false;
			i += 2;
		} else if (t[i].k == T_NUM && t[i].unit) {
			if (live && t[i].unit <= deepest(&cur) && n < cap)
				out[n++] = cur;
			cur = prefix(cur, t[i].unit);
			set_level(&cur, t[i].unit, t[i].n, t[i].sub);
			live = true;
		} else if (t[i].k == T_SEP) {
			if (live && n < cap)
				out[n++] = cur;
			live = false;
		}
	}
	if (live && n < cap)
		out[n++] = cur;
	return (long)n;
}

static bool has_unit(const char *s, size_t len)
{
	static const char *const units[] = {"条", "款", "项", "目"};
	for (size_t k = 0; k < 4; k++)
		if (memmem(s, len, units[k], 3))
			return true;
	return false;
}

/* ---- finding nodes ------------------------------------------------------ */

static const lx_node *ancestor(const lx_node *n, lx_node_type t)
{
	for (; n; n = n->parent)
		if (n->type == t)
			return n;
	return NULL;
}

static const lx_node *child(const lx_node *p, lx_node_type t, long num)
{
	for (const lx_node *c = p ? p->first : NULL; c; c = c->next)
		if (c->type == t && c->num == num)
			return c;
	return NULL;
}

static size_t count_children(const lx_node *p, lx_node_type t)
{
	size_t n = 0;
	for (const lx_node *c = p ? p->first : NULL; c; c = c->next)
		n += c->type == t;
	return n;
}

/* The articles of a document in order, built once (a cache in the
 * document; documents are not shared between threads while resolving). */
static void build_articles(const lx_doc *cd)
{
	lx_doc *d = (lx_doc *)cd;
	if (d->articles_built || !d->root)
		return;
	d->articles_built = true;
	size_t n = lx_node_count(d->root, LX_NODE_ARTICLE);
	d->articles = n ? malloc(n * sizeof(lx_node *)) : NULL;
	if (!d->articles) {
		d->oom = n > 0; /* reported by lx_cite_find / lx_set_resolve */
		return;
	}
	for (lx_node *x = d->root; x;
	     x = (lx_node *)lx_node_next_preorder(d->root, x))
		if (x->type == LX_NODE_ARTICLE)
			d->articles[d->n_articles++] = x;
}

/* Position of an article among the articles, or n_articles. */
static size_t article_pos(const lx_doc *d, const lx_node *art)
{
	size_t lo = 0, hi = d->n_articles;
	/* Articles are in document order; their lines grow with it. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->articles[mid]->line_first < art->line_first)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < d->n_articles && d->articles[lo] != art)
		lo++;
	return lo;
}

static const lx_node *find_article(const lx_doc *d, long num, int sub)
{
	build_articles(d);
	/* Numbered in order almost always: look where the number says
	 * first, then everywhere. */
	size_t guess = num > 0 ? (size_t)num - 1 : 0;
	for (size_t k = guess; k < d->n_articles && k < guess + 8; k++)
		if (d->articles[k]->num == num && d->articles[k]->sub == sub)
			return d->articles[k];
	for (size_t k = 0; k < d->n_articles; k++)
		if (d->articles[k]->num == num && d->articles[k]->sub == sub)
			return d->articles[k];
	return NULL;
}

static const char *label_of(lx_arena *a, const char *unit, long n)
{
	return lx_arena_printf(a, "第%ld%s", n, unit);
}

/* Resolves one member; returns the node, or NULL with *why set. */
static const lx_node *resolve_one(const lx_doc *d, const lx_node *base,
                                  const lx_ref *m, lx_arena *a,
                                  const char **why)
{
	const lx_node *n = base;
	if (m->art >= 0) {
		n = find_article(d, m->art, m->art_sub);
		if (!n) {
			*why = lx_arena_printf(a, "no such article: %s%s",
			                       label_of(a, "条", m->art),
			                       m->art_sub ? "之…" : "");
			return NULL;
		}
	}
	if (m->para >= 0) {
		const lx_node *art = ancestor(n, LX_NODE_ARTICLE);
		n = child(art, LX_NODE_PARAGRAPH, m->para);
		if (!n) {
			*why = art ? lx_arena_printf(
					     a, "no such paragraph: 第%ld款 of %s "
					        "(it has %zu)",
					     m->para, art->eid,
					     count_children(art,
				                            LX_NODE_PARAGRAPH))
			           : "no such paragraph: the text is outside any "
			             "article";
			return NULL;
		}
	}
	if (m->item >= 0) {
		const lx_node *p = ancestor(n, LX_NODE_PARAGRAPH);
		/* 第（二）项 alone in a paragraph without items: the items of
		 * its article, as a reader takes it. */
		if (m->para < 0 && p && !count_children(p, LX_NODE_ITEM) &&
		    ancestor(p, LX_NODE_ARTICLE))
			n = ancestor(p, LX_NODE_ARTICLE);
		if (n && n->type == LX_NODE_ARTICLE) {
			/* 第X条第Y项: the paragraph of the article with items. */
			const lx_node *found = NULL;
			size_t lists = 0;
			for (const lx_node *c = n->first; c; c = c->next)
				if (c->type == LX_NODE_PARAGRAPH &&
				    count_children(c, LX_NODE_ITEM)) {
					lists++;
					if (!found)
						found = child(c, LX_NODE_ITEM,
						              m->item);
				}
			if (lists > 1) {
				*why = lx_arena_printf(
					a, "ambiguous: %s has items in %zu "
					   "paragraphs",
					n->eid, lists);
				return NULL;
			}
			if (!found) {
				*why = lx_arena_printf(
					a, "no such item: 第%ld项 of %s", m->item,
					n->eid);
				return NULL;
			}
			n = found;
		} else {
			const lx_node *it = child(p, LX_NODE_ITEM, m->item);
			if (!it) {
				*why = p ? lx_arena_printf(
						   a, "no such item: 第%ld项 of %s "
						      "(it has %zu)",
						   m->item, p->eid,
						   count_children(p, LX_NODE_ITEM))
				         : "no such item: the text is outside any "
				           "paragraph";
				return NULL;
			}
			n = it;
		}
	}
	if (m->subitem >= 0) {
		const lx_node *it = n && n->type == LX_NODE_SUBITEM ? n->parent
		                                                     : n;
		const lx_node *sub = child(it, LX_NODE_SUBITEM, m->subitem);
		if (!sub) {
			*why = lx_arena_printf(a, "no such subitem: 第%ld目 of %s",
			                       m->subitem, it ? it->eid : "?");
			return NULL;
		}
		n = sub;
	}
	if (!n)
		*why = "nothing to resolve against";
	return n;
}

/* lx_cite_resolve_refs, also giving the first and the last node found
 * (left as they are when none is). */
static const char *resolve_refs(const lx_doc *d, const char *doc_id,
                                const lx_node *base, const lx_ref *refs,
                                size_t n, lx_arena *arena, lx_vec *out,
                                const lx_node **first, const lx_node **last)
{
	const char *reason = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *why = NULL;
		const lx_node *t = resolve_one(d, base, &refs[i], arena, &why);
		if (!t) {
			if (!reason)
				reason = why;
			continue;
		}
		if (first && !*first)
			*first = t;
		if (last)
			*last = t;
		lx_target *tg = lx_vec_push(out, sizeof(lx_target));
		if (!tg)
			return LX_OOM_REASON;
		tg->doc = doc_id;
		tg->eid = t->eid;
	}
	return reason;
}

const char *lx_cite_resolve_refs(const lx_doc *d, const char *doc_id,
                                 const lx_node *base, const lx_ref *refs,
                                 size_t n, lx_arena *arena, lx_vec *out)
{
	return resolve_refs(d, doc_id, base, refs, n, arena, out, NULL, NULL);
}

/* ---- relative words ----------------------------------------------------- */

/* The nodes a relative word names, from the citing node n. */
/* At most this many nodes a relative reference names (上述各项 of item
 * 31). */
#define LX_MAX_BASES 32

static size_t relative_bases(const lx_doc *doc, const char *rel,
                             const lx_node *n, const lx_node **out,
                             const char **why)
{
	const lx_node *art = ancestor(n, LX_NODE_ARTICLE);
	const lx_node *para = ancestor(n, LX_NODE_PARAGRAPH);
	const lx_node *item = ancestor(n, LX_NODE_ITEM);
	int back = 0;
	if (!strcmp(rel, "本条")) {
		out[0] = art;
	} else if (!strcmp(rel, "本款")) {
		out[0] = para;
	} else if (!strcmp(rel, "本项")) {
		out[0] = item;
	} else if (!strcmp(rel, "本目")) {
		out[0] = ancestor(n, LX_NODE_SUBITEM);
	} else if (!strcmp(rel, "本章")) {
		out[0] = ancestor(n, LX_NODE_CHAPTER);
	} else if (!strcmp(rel, "本节")) {
		out[0] = ancestor(n, LX_NODE_SECTION);
	} else if ((back = !strcmp(rel, "前款") || !strcmp(rel, "上一款") ||
	                    !strcmp(rel, "上款")       ? 1
	                   : !strcmp(rel, "前两款") ? 2
	                   : !strcmp(rel, "前三款") ? 3
	                                            : 0)) {
		if (!para || para->num - back < 1) {
			*why = "no such paragraph: none before this one in the article";
			return 0;
		}
		size_t k = 0;
		for (long p = para->num - back; p < para->num; p++)
			out[k++] = child(art, LX_NODE_PARAGRAPH, p);
		return k;
	} else if ((back = !strcmp(rel, "前条") || !strcmp(rel, "上一条") ? 1
	                   : !strcmp(rel, "前两条")                     ? 2
	                   : !strcmp(rel, "前三条")                     ? 3
	                   : !strcmp(rel, "下一条")                     ? -1
	                                                               : 0)) {
		/* Articles do not nest: neighbours in document order. */
		const lx_node *root = n;
		while (root->parent)
			root = root->parent;
		const lx_node *prev[3] = {NULL, NULL, NULL}, *next = NULL;
		const lx_doc *d = doc;
		build_articles(d);
		size_t at = art ? article_pos(d, art) : d->n_articles;
		if (at < d->n_articles) {
			for (int k = 0; k < 3 && (size_t)k < at; k++)
				prev[k] = d->articles[at - 1 - (size_t)k];
			if (at + 1 < d->n_articles)
				next = d->articles[at + 1];
		}
		(void)root;
		if (back < 0) {
			out[0] = next;
			if (!next) {
				*why = "no such article: none after this one";
				return 0;
			}
			return 1;
		}
		for (int k = 0; k < back; k++)
			if (!prev[k]) {
				*why = "no such article: none before this one";
				return 0;
			}
		for (int k = 0; k < back; k++)
			out[k] = prev[back - 1 - k];
		return (size_t)back;
	} else if ((back = !strcmp(rel, "前项") ? 1
	                   : !strcmp(rel, "前两项") ? 2
	                   : !strcmp(rel, "上述各项") ||
	                             !strcmp(rel, "前述各项")
	                       ? (item ? (int)item->num - 1 : 1)
	                       : 0)) {
		/* 上述各项 in item N: items 1..N-1 of its list. */
		if (back >= LX_MAX_BASES) {
			*why = "too many items before this one to name";
			return 0;
		}
		if (!item || item->num - back < 1) {
			*why = "no such item: none before this one";
			return 0;
		}
		size_t k = 0;
		for (long p = item->num - back; p < item->num; p++)
			out[k++] = child(item->parent, LX_NODE_ITEM, p);
		return k;
	}
	if (!out[0]) {
		*why = LX_NOT_INSIDE;
		return 0;
	}
	return 1;
}

/* ---- extraction ----------------------------------------------------------- */

static bool overlaps(const ct *c, size_t a, size_t b)
{
	return lx_taken_any(&c->taken, a, b);
}

static void take(ct *c, size_t a, size_t b)
{
	lx_taken_add(&c->taken, a, b);
}

static lx_cite *new_cite(ct *c, const char *from, const char *s, size_t a,
                         size_t b, lx_cite_kind kind)
{
	if (c->n_here >= LX_MAX_CITES_PER_TEXT) {
		/* Every caller stops reading the text at a NULL: nothing
		 * more is taken from it (cite_extract reports it). */
		c->over = true;
		return NULL;
	}
	c->n_here++;
	lx_cite *ci = lx_vec_push(&c->d->cites, sizeof(lx_cite));
	if (!ci) {
		c->d->oom = true;
		return NULL;
	}
	ci->doc = c->d->id;
	ci->from = from;
	ci->src = s;
	ci->text = lx_arena_strndup(&c->d->arena, s + a, b - a);
	ci->start = a;
	ci->end = b;
	ci->kind = kind;
	ci->relation = LX_CITE_CITES;
	take(c, a, b);
	return ci;
}

const char lx_oom_reason[] = "out of memory";

/* A new target in tg; NULL when out of memory, which finish() reports. */
static lx_target *target(ct *c, lx_vec *tg)
{
	lx_target *t = lx_vec_push(tg, sizeof(*t));
	if (!t)
		c->tg_oom = true;
	return t;
}

static void finish(ct *c, lx_cite *ci, lx_vec *targets, const char *reason)
{
	if (reason == LX_OOM_REASON || c->tg_oom)
		c->d->oom = true;
	c->tg_oom = false;
	if (targets->n) {
		ci->targets = lx_arena_alloc(&c->d->arena,
		                             targets->n * sizeof(lx_target));
		if (ci->targets) {
			memcpy(ci->targets, targets->v,
			       targets->n * sizeof(lx_target));
			ci->n_targets = targets->n;
		} else {
			c->d->oom = true;
		}
	}
	ci->resolved = !reason && ci->n_targets > 0;
	ci->reason = ci->resolved ? NULL : reason ? reason : "nothing found";
	targets->n = 0;
}

/* Reads the chain group of a match into ci->refs; false when the chain
 * names a range too large to be a reference. */
static bool chain_refs(ct *c, lx_cite *ci, const lx_match *m)
{
	const char *v;
	size_t vl;
	if (!lx_group(m, "chain", &v, &vl) || !vl)
		return true;
	lx_ref buf[LX_MAX_MEMBERS];
	long n = members(v, vl, buf, LX_MAX_MEMBERS);
	if (n < 0)
		return false;
	ci->refs = lx_arena_alloc(&c->d->arena,
	                          (size_t)(n ? n : 1) * sizeof(lx_ref));
	if (!ci->refs) {
		c->d->oom = true;
		return true;
	}
	memcpy(ci->refs, buf, (size_t)n * sizeof(lx_ref));
	ci->n_refs = (size_t)n;
	return true;
}

/* Matches a rule anchored at the end ($) against the last few characters
 * before `len` only: the words before a reference. */
static bool match_at_end(ct *c, lx_key k, const char *s, size_t len)
{
	lx_match m;
	size_t from = len > 48 ? len - 48 : 0;
	while (from > 0 && U8_IS_TRAIL(s[from]))
		from++;
	return lx_match_key(c->g, k, s + from, len - from, c->md, &m);
}

/* ---- references in context ------------------------------------------------ */

/* Keeps a unit named in the current text as the context of what follows. */
static void remember(ct *c, const lx_node *n, const lx_cite *ci,
                     const lx_node *first, const lx_node *last, bool other)
{
	if (!n)
		return;
	ctxrec *r = lx_vec_push(&c->ctx, sizeof(*r));
	if (!r) {
		c->d->oom = true;
		return;
	}
	*r = (ctxrec){n, ci->end, (size_t)(ci - (lx_cite *)c->d->cites.v),
	              first, last, other};
}

/* Whether a node is at the level of an article or below: what a bare
 * 第X款/第X项 may continue (a chapter or the whole document may not). */
static bool unit_level(const lx_node *x)
{
	return x && (x->type == LX_NODE_ARTICLE || x->type == LX_NODE_PARAGRAPH ||
	             x->type == LX_NODE_ITEM || x->type == LX_NODE_SUBITEM);
}

/* The last unit of the records with end <= a, or NULL; with `sentence`,
 * none is taken across a 。 (the scope of a sentence chain). */
static const ctxrec *last_rec(const ctxrec *v, size_t n, const char *s,
                              size_t a, bool sentence)
{
	const ctxrec *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (v[i].end <= a && (!best || v[i].end > best->end))
			best = &v[i];
	if (best && sentence && memmem(s + best->end, a - best->end, "。", 3))
		return NULL;
	return best;
}

/* The context of a lower-level reference at byte a of node n's text s: the
 * unit named most recently before it in its sentence; in an item (or
 * subitem) with none, the last one named in the item and the paragraph
 * that lead its list.  NULL: none, the reference is the citing
 * article's own. */
static const ctxrec *context_of(const ct *c, const lx_node *n, const char *s,
                                size_t a, bool sentence)
{
	const ctxrec *r = last_rec(c->ctx.v, c->ctx.n, s, a, sentence);
	if (r)
		return r;
	if (n->type == LX_NODE_SUBITEM && c->lead_item.from &&
	    c->lead_item.from == ancestor(n, LX_NODE_ITEM))
		return &c->lead_item;
	if ((n->type == LX_NODE_ITEM || n->type == LX_NODE_SUBITEM) &&
	    c->lead_para.from &&
	    c->lead_para.from == ancestor(n, LX_NODE_PARAGRAPH))
		return &c->lead_para;
	/* 该条 after the sentence: anywhere before it in the article. */
	if (!sentence && c->lead_art.from &&
	    ancestor(c->lead_art.from, LX_NODE_ARTICLE) ==
	            ancestor(n, LX_NODE_ARTICLE) &&
	    ancestor(n, LX_NODE_ARTICLE))
		return &c->lead_art;
	return NULL;
}

/* The node a reference whose highest unit is u continues, from a unit x
 * named before it: its article for 第X款, its paragraph (or article) for
 * 第X项, its item for 第X目; NULL when x names no such level. */
static const lx_node *scope_of(const lx_node *x, int u)
{
	if (!x)
		return NULL;
	switch (u) {
	case U_PARA: return ancestor(x, LX_NODE_ARTICLE);
	case U_ITEM:
		if (x->type == LX_NODE_ITEM || x->type == LX_NODE_SUBITEM)
			return ancestor(x, LX_NODE_PARAGRAPH);
		return x->type == LX_NODE_PARAGRAPH || x->type == LX_NODE_ARTICLE
		               ? x
		               : NULL;
	case U_SUB: return ancestor(x, LX_NODE_ITEM);
	default: return NULL;
	}
}

static int top_unit(const lx_ref *r)
{
	return r->art >= 0    ? U_ART
	       : r->para >= 0 ? U_PARA
	       : r->item >= 0 ? U_ITEM
	       : r->subitem >= 0 ? U_SUB
	                         : U_NONE;
}

/* A reference that continues a unit of another document (《X法》第十条第一款
 * ……第二款): it becomes a reference to that document, its chain completed
 * with the levels the context names; set.c resolves it.  The reason it
 * stays unresolved until then. */
static const char *continue_other(ct *c, lx_cite *ci, const lx_cite *cx,
                                  int u)
{
	if (!cx->n_refs)
		return "names a unit of another document, whose article is not "
		       "named";
	for (size_t i = 1; i < cx->n_refs; i++)
		if (cx->refs[i].art != cx->refs[0].art ||
		    (u > U_PARA && cx->refs[i].para != cx->refs[0].para))
			return "ambiguous: the reference before it names several "
			       "units of another document";
	lx_ref base = prefix(cx->refs[cx->n_refs - 1], u);
	for (size_t i = 0; i < ci->n_refs; i++) {
		lx_ref m = ci->refs[i];
		if (m.para < 0)
			m.para = base.para;
		if (m.item < 0 && u > U_ITEM)
			m.item = base.item;
		m.art = base.art;
		m.art_sub = base.art_sub;
		ci->refs[i] = m;
	}
	ci->kind = LX_CITE_DOCUMENT;
	ci->title = cx->title;
	ci->name_run = cx->name_run;
	ci->doc_number = cx->doc_number;
	return cx->name_run ? LX_NAMED_NOT_IN_SET : "document not in set";
}

static void documents(ct *c, const lx_node *n, const char *from,
                      const char *s, size_t len, lx_vec *tg)
{
	size_t off = 0, basis_end = (size_t)-1;
	lx_match m;
	const char *own = NULL;
	while (lx_hits_next(c->g, LX_K_CITE_DOCUMENT, &c->hits, s, len, &off,
	                    c->md, &m)) {
		if (!own)
			own = lx_title_key(&c->d->arena, c->d->title);
		size_t a, b;
		lx_match_span(&m, &a, &b);
		const char *v;
		size_t vl;
		lx_cite *ci = new_cite(c, from, s, a, b, LX_CITE_DOCUMENT);
		if (!ci)
			return;
		if (lx_group(&m, "title", &v, &vl))
			ci->title = lx_norm_text(&c->d->arena, v, vl);
		if (lx_group(&m, "num", &v, &vl))
			ci->doc_number = lx_strip_spaces(&c->d->arena, v, vl);
		bool ok = chain_refs(c, ci, &m);
		/* 根据《A》《B》和《C》: each is a legal basis. */
		bool only_seps = basis_end != (size_t)-1;
		for (size_t i = basis_end; only_seps && i < a;) {
			int32_t ch = lx_u8_next(s, a, &i);
			only_seps = ch == 0x3001 || ch == 0x548C || ch == 0x53CA ||
			            ch == 0x4E0E || ch == 0xFF0C || ch == ',' ||
			            ch == ' ';
		}
		if (match_at_end(c, LX_K_RELATION_BASIS, s, a) || only_seps) {
			ci->relation = LX_CITE_BASIS;
			basis_end = b;
		} else if (lx_match_key(c->g, LX_K_RELATION_REPEAL, s + b,
		                        len - b, c->md, &m)) {
			ci->relation = LX_CITE_REPEAL;
		} else if (lx_match_key(c->g, LX_K_RELATION_ISSUES, s + b,
		                        len - b, c->md, &m)) {
			ci->relation = LX_CITE_ISSUES;
		}
		const char *key = lx_title_key(&c->d->arena, ci->title);
		const char *reason = "document not in set";
		const lx_node *first = NULL, *last = NULL;
		bool self = own && key && !strcmp(own, key);
		if (!ok) {
			reason = "a range too large to be a reference";
		} else if (!self && ci->title &&
		           lx_match_key(c->g, LX_K_NAMED_TEXT, ci->title,
		                        strlen(ci->title), c->md, &m)) {
			/* 《污水综合排放标准》, 《…合同（示范文本）》: a form,
			 * standard, plan or contract, not a document of law. */
			ci->kind = LX_CITE_NAMED_TEXT;
			reason = "a named text (form, standard, plan, contract, "
			         "catalogue …), not a law, regulation or "
			         "normative document";
		} else if (self) {
			/* The document names itself. */
			if (ci->n_refs)
				reason = resolve_refs(c->d, c->d->id, NULL,
				                      ci->refs, ci->n_refs,
				                      &c->d->arena, tg, &first,
				                      &last);
			else {
				lx_target *t = target(c, tg);
				if (t)
					t->doc = c->d->id;
				reason = NULL;
			}
		}
		finish(c, ci, tg, reason);
		if (ok && ci->kind == LX_CITE_DOCUMENT && ci->n_refs &&
		    ci->refs[0].art >= 0)
			remember(c, n, ci, first, last, !self);
	}
}

static void docnums(ct *c, const char *from, const char *s, size_t len,
                    lx_vec *tg)
{
	size_t off = 0, pos = 0;
	const lx_rule *r =
		lx_hits_hint(c->g, LX_K_CITE_DOCNUM, &c->hits, s, len)
			? lx_grammar_rule(c->g, LX_K_CITE_DOCNUM, &pos)
			: NULL;
	lx_match m;
	while (lx_match_next(r, s, len, &off, c->md, &m)) {
		size_t a, b;
		lx_match_span(&m, &a, &b);
		if (overlaps(c, a, b))
			continue;
		lx_cite *ci = new_cite(c, from, s, a, b, LX_CITE_DOCNUM);
		if (!ci)
			return;
		ci->doc_number = lx_strip_spaces(&c->d->arena, s + a, b - a);
		const char *reason = "document not in set";
		if (c->d->doc_number && ci->doc_number &&
		    !strcmp(lx_strip_spaces(&c->d->arena, c->d->doc_number,
		                            strlen(c->d->doc_number)),
		            ci->doc_number)) {
			lx_target *t = target(c, tg);
			if (t)
				t->doc = c->d->id;
			reason = NULL;
		}
		if (lx_match_key(c->g, LX_K_RELATION_REPEAL, s + b, len - b,
		                 c->md, &m))
			ci->relation = LX_CITE_REPEAL;
		finish(c, ci, tg, reason);
	}
}

/* 该条, 该款, 该项, 该目: the article, paragraph, item or subitem of the
 * unit named most recently before, in the same text or the lead of its
 * item list (违反本法第四十条规定……。单位有违反该条规定行为的); 各该条: each
 * of the articles named.  Appends the targets to tg and returns NULL, or
 * the reason; a unit of another document turns ci into a reference to it
 * (*other). */
static const char *that_unit(ct *c, lx_cite *ci, const lx_node *n,
                             const char *s, size_t a, const char *rel,
                             lx_vec *tg, const lx_node **first,
                             const lx_node **last, bool *other)
{
	const ctxrec *r = context_of(c, n, s, a, false);
	int u = !strcmp(rel, "该条")   ? U_ART
	        : !strcmp(rel, "该款") ? U_PARA
	        : !strcmp(rel, "该项") ? U_ITEM
	                               : U_SUB;
	if (!r)
		return "nothing named before it that it could mean";
	const lx_cite *cx = &LX_VEC_AT(&c->d->cites, lx_cite, r->cite);
	if (r->other) {
		/* 刑法第一百九十一条……该条第一款: that law's article. */
		if (!cx->n_refs)
			return "names a unit of another document, whose article "
			       "is not named";
		lx_ref m = prefix(cx->refs[cx->n_refs - 1], u + 1);
		if (deepest(&m) != u)
			return "no such unit: the reference before it names none "
			       "of that level";
		for (size_t i = 0; i < ci->n_refs; i++) {
			lx_ref x = ci->refs[i];
			x.art = m.art;
			x.art_sub = m.art_sub;
			if (u >= U_PARA)
				x.para = m.para;
			if (u >= U_ITEM)
				x.item = m.item;
			ci->refs[i] = x;
		}
		if (!ci->n_refs) {
			ci->refs = lx_arena_alloc(&c->d->arena, sizeof(lx_ref));
			if (!ci->refs) {
				c->d->oom = true;
				return LX_OOM_REASON;
			}
			ci->refs[0] = m;
			ci->n_refs = 1;
		}
		ci->kind = LX_CITE_DOCUMENT;
		ci->title = cx->title;
		ci->name_run = cx->name_run;
		ci->doc_number = cx->doc_number;
		*other = true;
		return cx->name_run ? LX_NAMED_NOT_IN_SET : "document not in set";
	}
	lx_node_type t = u == U_ART    ? LX_NODE_ARTICLE
	                 : u == U_PARA ? LX_NODE_PARAGRAPH
	                 : u == U_ITEM ? LX_NODE_ITEM
	                               : LX_NODE_SUBITEM;
	const lx_node *f = r->first ? ancestor(r->first, t) : NULL;
	const lx_node *l = r->last ? ancestor(r->last, t) : NULL;
	bool each = a >= 3 && !memcmp(s + a - 3, "各", 3);
	if (f && f != l && each && !ci->n_refs) {
		/* 各该条: every unit the reference before names, when they are
		 * all of that level. */
		size_t at = tg->n;
		for (size_t i = 0; i < cx->n_targets; i++) {
			const char *e = cx->targets[i].eid;
			size_t depth = 0;
			for (const char *q = e; q && (q = strstr(q, "__")); q += 2)
				depth++;
			if (!e || depth != (size_t)(u - U_ART) ||
			    strncmp(e, "art_", 4)) {
				tg->n = at;
				return "ambiguous: the reference before it names "
				       "units of several levels";
			}
			lx_target *x = lx_vec_push(tg, sizeof(*x));
			if (!x) {
				c->d->oom = true;
				return LX_OOM_REASON;
			}
			*x = cx->targets[i];
		}
		*first = f;
		*last = l;
		return NULL;
	}
	if (!f || f != l)
		return !r->first ? "no such unit: the unit named before it is not "
		                   "found"
		       : !f      ? "no such unit: the reference before it names "
		                   "none of that level"
		                 : "ambiguous: the reference before it names "
		                   "several";
	if (!ci->n_refs) {
		lx_target *x = lx_vec_push(tg, sizeof(*x));
		if (!x) {
			c->d->oom = true;
			return LX_OOM_REASON;
		}
		x->doc = c->d->id;
		x->eid = f->eid;
		*first = *last = f;
		return NULL;
	}
	return resolve_refs(c->d, c->d->id, f, ci->refs, ci->n_refs,
	                    &c->d->arena, tg, first, last);
}

/* 本条例第X条…, 前款第Y项…, and bare 第X条…: references inside the
 * document, resolved now.  A bare 第X款/第X项/第X目 continues the unit
 * named most recently before it (context_of); with none, it is the
 * citing article's own. */
static void inside(ct *c, const lx_node *n, const char *s, size_t len,
                   lx_key key, lx_vec *tg, bool late)
{
	size_t off = 0, next = 0;
	lx_match m;
	for (;;) {
		if (late) {
			/* 该条…: after the bare references, which may be what
			 * it means (刑法第一百九十一条……该条第一款). */
			if (next >= c->later.n)
				break;
			const span *p = &LX_VEC_AT(&c->later, span, next++);
			const lx_rule *lr = LX_VEC_AT(&c->later_rules,
			                              const lx_rule *, next - 1);
			if (lx_match_rule_at(lr, s, len, p->a, c->md) < 0)
				continue;
			m.subject = s;
			m.ov = pcre2_get_ovector_pointer(c->md);
			m.rule = lr;
		} else if (!lx_hits_next_skip(c->g, key, &c->hits, s, len, &off,
		                              &c->taken, c->md, &m)) {
			break;
		}
		const lx_rule *r = m.rule;
		size_t a, b;
		lx_match_span(&m, &a, &b);
		const char *cv;
		size_t cl = 0;
		bool chain = lx_group(&m, "chain", &cv, &cl) && cl;
		if ((!late && overlaps(c, a, b)) ||
		    (key != LX_K_CITE_RELATIVE && (!chain || !has_unit(cv, cl))))
			continue;
		const char *lv;
		size_t ll;
		if (!late && key == LX_K_CITE_RELATIVE &&
		    lx_group(&m, "rel", &lv, &ll) && ll >= 3 &&
		    !memcmp(lv, "该", 3)) {
			/* Kept for later, its span taken. */
			span *p = lx_vec_push(&c->later, sizeof(span));
			const lx_rule **q = p ? lx_vec_push(&c->later_rules,
			                                    sizeof(*q))
			                      : NULL;
			if (!q) {
				c->d->oom = true;
				return;
			}
			p->a = a;
			p->b = b;
			*q = r;
			take(c, a, b);
			continue;
		}
		if (chain && !has_unit(cv, cl)) {
			/* 前款 followed by 第一次…: the word alone. */
			b = a;
			const char *rv;
			size_t rl;
			if (lx_group(&m, "rel", &rv, &rl))
				b = (size_t)(rv - s) + rl;
			chain = false;
		}
		lx_cite_kind kind = key == LX_K_CITE_RELATIVE ? LX_CITE_RELATIVE
		                                              : LX_CITE_ABSOLUTE;
		if (key == LX_K_CITE_BARE &&
		    match_at_end(c, LX_K_CITE_NAMED_BEFORE, s, a) &&
		    !match_at_end(c, LX_K_CITE_NAMED_NOT, s, a)) {
			/* 刑法第二百三十二条: another law, not linked.
			 * Re-match, then keep the chain and the run of Chinese
			 * characters before it: the set may hold a document
			 * of exactly that name. */
			lx_match_rule_at(r, s, len, a, c->md);
			m.ov = pcre2_get_ovector_pointer(c->md);
			m.rule = r;
			lx_cite *ci = new_cite(c, n->eid, s, a, b,
			                       LX_CITE_DOCUMENT);
			if (!ci)
				return;
			chain_refs(c, ci, &m);
			size_t st = a;
			while (st > 0 && a - st < 60) {
				size_t q = lx_u8_start(s, st - 1);
				size_t e = q;
				int32_t ch = lx_u8_next(s, a, &e);
				if (!(ch >= 0x4E00 && ch <= 0x9FFF))
					break;
				st = q;
			}
			ci->name_run = lx_arena_strndup(&c->d->arena, s + st,
			                                a - st);
			finish(c, ci, tg, LX_NAMED_NOT_IN_SET);
			if (ci->n_refs && ci->refs[0].art >= 0)
				remember(c, n, ci, NULL, NULL, true);
			continue;
		}
		/* Re-match: the lookbehind tests above reused the match data. */
		lx_match_rule_at(r, s, len, a, c->md);
		m.ov = pcre2_get_ovector_pointer(c->md);
		m.rule = r;
		lx_cite *ci = new_cite(c, n->eid, s, a, b, kind);
		if (!ci)
			return;
		if (chain && !chain_refs(c, ci, &m)) {
			finish(c, ci, tg, "a range too large to be a reference");
			continue;
		}
		const char *reason = NULL;
		const lx_node *bases[LX_MAX_BASES] = {n};
		const lx_node *first = NULL, *last = NULL;
		size_t nb = 1;
		bool rel_base = key == LX_K_CITE_RELATIVE;
		if (key == LX_K_CITE_BARE && ci->n_refs && ci->refs[0].art < 0) {
			/* 第X款 alone: in context, or of this article. */
			ci->kind = LX_CITE_RELATIVE;
			const ctxrec *cx = context_of(c, n, s, a, true);
			int u = top_unit(&ci->refs[0]);
			if (cx && cx->other) {
				const lx_cite *cc = &LX_VEC_AT(&c->d->cites,
				                               lx_cite, cx->cite);
				reason = continue_other(c, ci, cc, u);
				finish(c, ci, tg, reason);
				if (ci->kind == LX_CITE_DOCUMENT)
					remember(c, n, ci, NULL, NULL, true);
				continue;
			}
			if (cx) {
				const lx_node *f = scope_of(cx->first, u),
				              *l = scope_of(cx->last, u);
				/* Still relative: read from the unit named
				 * before it, not from the document's top. */
				rel_base = true;
				bases[0] = f;
				if (!cx->first)
					reason = "no such unit: the unit named before "
					         "it, which it continues, is not found";
				else if (!f)
					reason = "no such unit: the unit named before "
					         "it names no level it could "
					         "continue";
				else if (f != l)
					reason = "ambiguous: the reference before it "
					         "names several units it could "
					         "continue";
				if (reason) {
					finish(c, ci, tg, reason);
					continue;
				}
			}
		}
		const char *rv;
		size_t rl;
		if (key == LX_K_CITE_RELATIVE && lx_group(&m, "rel", &rv, &rl)) {
			char rel[32];
			snprintf(rel, sizeof(rel), "%.*s", (int)rl, rv);
			if (!strncmp(rel, "该", 3)) {
				bool other = false;
				reason = that_unit(c, ci, n, s, a, rel, tg, &first,
				                   &last, &other);
				finish(c, ci, tg, reason);
				if (!other && unit_level(first))
					remember(c, n, ci, first, last, false);
				else if (other)
					remember(c, n, ci, NULL, NULL, true);
				continue;
			} else {
				nb = relative_bases(c->d, rel, n, bases, &reason);
			}
		}
		for (size_t k = 0; k < nb; k++) {
			if (!bases[k]) {
				reason = LX_NOT_INSIDE;
				continue;
			}
			if (!ci->n_refs) {
				lx_target *t = target(c, tg);
				if (t) {
					t->doc = c->d->id;
					t->eid = bases[k]->eid;
				}
				if (!first)
					first = bases[k];
				last = bases[k];
				continue;
			}
			const char *why = resolve_refs(
				c->d, c->d->id, rel_base ? bases[k] : n, ci->refs,
				ci->n_refs, &c->d->arena, tg, &first, &last);
			if (why && !reason)
				reason = why;
		}
		finish(c, ci, tg, reason);
		if (unit_level(first) && unit_level(last))
			remember(c, n, ci, first, last, false);
		else if (ci->n_refs && ci->refs[0].art >= 0)
			remember(c, n, ci, NULL, NULL, false);
	}
}

/* ---- headings: 第三章, 第二章第三节, 本编第二章 ------------------------------ */

/* The heading levels of a chain, in tree order. */
enum { H_PART, H_SUBPART, H_CHAPTER, H_SECTION, H_N };
static const lx_node_type heading_type[H_N] = {
	LX_NODE_PART, LX_NODE_SUBPART, LX_NODE_CHAPTER, LX_NODE_SECTION};
static const char *const heading_word[H_N] = {"编", "分编", "章", "节"};

/* Reads 第一编第二章第三节 into num[level] (-1 when absent); false when
 * a number does not read. */
static bool heading_chain(const char *s, size_t len, long num[H_N])
{
	for (int k = 0; k < H_N; k++)
		num[k] = -1;
	size_t i = 0;
	while (i < len) {
		if (len - i >= 3 && !memcmp(s + i, "第", 3)) {
			i += 3;
			long v = numeral(s, len, &i);
			int lv = -1;
			for (int k = H_N; k-- > 0;) {
				size_t wl = strlen(heading_word[k]);
				if (len - i >= wl && !memcmp(s + i, heading_word[k], wl)) {
					lv = k;
					i += wl;
					break;
				}
			}
			if (v < 0 || lv < 0)
				return false;
			num[lv] = v;
		} else {
			i++;
		}
	}
	return true;
}

/* The heading nodes of type t and number num under p, not looking into
 * articles (headings sit above them): the count, the first in *out. */
static size_t find_headings(const lx_node *p, lx_node_type t, long num,
                            const lx_node **out)
{
	size_t k = 0;
	for (const lx_node *x = p ? p->first : NULL; x; x = x->next) {
		if (x->type == t && x->num == num) {
			if (!k)
				*out = x;
			k++;
		} else if (x->type == LX_NODE_PART || x->type == LX_NODE_SUBPART ||
		           x->type == LX_NODE_CHAPTER) {
			const lx_node *f = NULL;
			size_t q = find_headings(x, t, num, &f);
			if (q && !k)
				*out = f;
			k += q;
		}
	}
	return k;
}

/* The heading a chain names from scope node p; NULL with *why. */
static const lx_node *resolve_heading(const lx_node *p, const lx_node *from,
                                      const long num[H_N], lx_arena *a,
                                      const char **why)
{
	bool first = true;
	for (int k = 0; k < H_N; k++) {
		if (num[k] < 0)
			continue;
		const lx_node *f = NULL;
		size_t cnt = find_headings(p, heading_type[k], num[k], &f);
		if (cnt > 1 && first) {
			/* Numbered again in each part: the one in the part (or
			 * chapter) the reference stands in. */
			const lx_node *up = NULL;
			for (int q = k; q-- > 0 && !up;)
				up = ancestor(from, heading_type[q]);
			if (up) {
				cnt = find_headings(up, heading_type[k], num[k], &f);
				p = up;
			}
		}
		if (cnt != 1) {
			*why = cnt ? lx_arena_printf(a, "ambiguous: %zu headings "
			                                "第%ld%s",
			                             cnt, num[k], heading_word[k])
			           : lx_arena_printf(a, "no such heading: 第%ld%s",
			                             num[k], heading_word[k]);
			return NULL;
		}
		p = f;
		first = false;
	}
	return p;
}

/* Chapter, section and part references: 依照本条例第三章规定, 第二章第三节,
 * 本章第二节; a bare 第二节 is a section of the chapter it stands in. */
static void headings(ct *c, const lx_node *n, const char *s, size_t len,
                     lx_vec *tg)
{
	size_t off = 0;
	lx_match m;
	while (lx_hits_next_skip(c->g, LX_K_CITE_HEADING, &c->hits, s, len,
	                         &off, &c->taken, c->md, &m)) {
		size_t a, b;
		lx_match_span(&m, &a, &b);
		const char *cv;
		size_t cl = 0;
		long num[H_N];
		if (overlaps(c, a, b) || !lx_group(&m, "chain", &cv, &cl) ||
		    !cl || !heading_chain(cv, cl, num))
			continue;
		/* The words before it: 本章/本编, 本条例, 刑法 … */
		char pre[16] = "";
		size_t q = a;
		while (q > 0 && s[q - 1] == ' ')
			q--;
		if (q >= 6 && (!memcmp(s + q - 6, "本章", 6) ||
		               !memcmp(s + q - 6, "本编", 6))) {
			memcpy(pre, s + q - 6, 6);
			pre[6] = 0;
			a = q - 6;
		} else if (match_at_end(c, LX_K_CITE_NAMED_NOT, s, q)) {
			size_t from = q > 48 ? q - 48 : 0;
			while (from > 0 && U8_IS_TRAIL(s[from]))
				from++;
			lx_match nm;
			if (lx_match_key(c->g, LX_K_CITE_NAMED_NOT, s + from,
			                 q - from, c->md, &nm)) {
				size_t na, nb;
				lx_match_span(&nm, &na, &nb);
				a = from + na;
				strcpy(pre, "this");
			}
		} else if (match_at_end(c, LX_K_CITE_NAMED_BEFORE, s, q)) {
			/* 刑法第三章: another law's heading, not linked here. */
			lx_cite *ci = new_cite(c, n->eid, s, a, b, LX_CITE_DOCUMENT);
			if (!ci)
				return;
			size_t st = a;
			while (st > 0 && a - st < 60) {
				size_t p0 = lx_u8_start(s, st - 1), e = p0;
				int32_t ch = lx_u8_next(s, a, &e);
				if (!(ch >= 0x4E00 && ch <= 0x9FFF))
					break;
				st = p0;
			}
			ci->name_run = lx_arena_strndup(&c->d->arena, s + st, a - st);
			finish(c, ci, tg, LX_NAMED_NOT_IN_SET);
			continue;
		}
		if (overlaps(c, a, b))
			continue;
		bool rel = !strcmp(pre, "本编") || !strcmp(pre, "本章");
		lx_cite *ci = new_cite(c, n->eid, s, a, b,
		                       rel ? LX_CITE_RELATIVE : LX_CITE_ABSOLUTE);
		if (!ci)
			return;
		const lx_node *root = n;
		while (root->parent)
			root = root->parent;
		const lx_node *scope = root;
		const char *why = NULL;
		bool only_section = num[H_SECTION] >= 0 && num[H_CHAPTER] < 0 &&
		                    num[H_PART] < 0 && num[H_SUBPART] < 0;
		if (rel)
			scope = ancestor(n, !strcmp(pre, "本编") ? LX_NODE_PART
			                                       : LX_NODE_CHAPTER);
		else if (only_section)
			/* 第二节 alone: of this chapter, as 第二款 alone is of
			 * this article. */
			scope = ancestor(n, LX_NODE_CHAPTER);
		const lx_node *t = NULL;
		if (!scope) {
			why = rel ? LX_NOT_INSIDE
			          : "no such heading: a section named alone, "
			            "outside any chapter";
		} else {
			t = resolve_heading(scope, n, num, &c->d->arena, &why);
		}
		if (t) {
			lx_target *x = target(c, tg);
			if (x) {
				x->doc = c->d->id;
				x->eid = t->eid;
			} else {
				c->d->oom = true;
			}
		}
		finish(c, ci, tg, t ? NULL : why);
	}
}

/* ---- laws named without 《》: 违反道路交通安全法的 ---------------------------- */

static void law_names(ct *c, const lx_node *n, const char *s, size_t len,
                      lx_vec *tg)
{
	size_t off = 0;
	lx_match m;
	const char *own = NULL;
	while (lx_hits_next_skip(c->g, LX_K_CITE_LAW_NAME, &c->hits, s, len,
	                         &off, &c->taken, c->md, &m)) {
		const char *v;
		size_t vl;
		if (!lx_group(&m, "name", &v, &vl) || !vl)
			continue;
		size_t a = (size_t)(v - s), b = a + vl;
		if (overlaps(c, a, b))
			continue;
		bool basis = match_at_end(c, LX_K_RELATION_BASIS, s, a);
		lx_cite *ci = new_cite(c, n->eid, s, a, b, LX_CITE_DOCUMENT);
		if (!ci)
			return;
		ci->title = ci->text;
		if (basis)
			ci->relation = LX_CITE_BASIS;
		if (!own)
			own = lx_title_key(&c->d->arena, c->d->title);
		const char *key = lx_title_key(&c->d->arena, ci->title);
		const char *reason = "document not in set";
		if (own && key && !strcmp(own, key)) {
			lx_target *t = target(c, tg);
			if (t) {
				t->doc = c->d->id;
				reason = NULL;
			}
		}
		finish(c, ci, tg, reason);
	}
}

static void definitions(ct *c, const lx_node *n, const char *s, size_t len)
{
	size_t pos = 0;
	const lx_rule *r;
	lx_match m;
	/* The hint gates the rules that search the whole text; a rule
	 * anchored at its start (^X，是指…) costs little and is always
	 * tried. */
	bool hinted = lx_hits_hint(c->g, LX_K_DEFINITION, &c->hits, s, len);
	while ((r = lx_grammar_rule(c->g, LX_K_DEFINITION, &pos))) {
		size_t off = 0;
		if (!hinted && !r->anchored)
			continue;
		while (lx_match_next(r, s, len, &off, c->md, &m)) {
			const char *v;
			size_t vl;
			lx_definition *df = lx_vec_push(&c->d->defs,
			                                sizeof(*df));
			if (!df) {
				c->d->oom = true;
				return;
			}
			df->eid = n->eid;
			const char *tv = NULL;
			size_t tl = 0;
			if (lx_group(&m, "term", &tv, &tl))
				df->term = lx_arena_strndup(&c->d->arena, tv, tl);
			if (lx_group(&m, "text", &v, &vl))
				df->text = lx_arena_strndup(&c->d->arena, v, vl);
			if (!lx_group(&m, "resp", &v, &vl) || !vl || !tv)
				continue;
			/* X、Y，分别是指…: one definition per term, with the
			 * same text. */
			const char *text = df->text;
			c->d->defs.n--;
			for (size_t i = 0; i < tl;) {
				const char *e = memmem(tv + i, tl - i, "、", 3);
				size_t el = e ? (size_t)(e - tv) : tl;
				if (el > i) {
					df = lx_vec_push(&c->d->defs, sizeof(*df));
					if (!df) {
						c->d->oom = true;
						return;
					}
					df->eid = n->eid;
					df->term = lx_arena_strndup(&c->d->arena,
					                            tv + i, el - i);
					df->text = text;
				}
				i = el + (e ? 3 : 0);
			}
		}
	}
}

/* How deep 《〈 marks nest in s (unbalanced closers are ignored). */
static int title_depth(const char *s, size_t len)
{
	int depth = 0, max = 0;
	for (size_t i = 0; i < len;) {
		int32_t c = lx_u8_next(s, len, &i);
		if (c == 0x300A || c == 0x3008) {
			if (++depth > max)
				max = depth;
		} else if ((c == 0x300B || c == 0x3009) && depth > 0) {
			depth--;
		}
	}
	return max;
}

static int cite_extract(lx_doc *d, const lx_grammar *cg)
{
	ct c = {.d = d, .g = cg};
	lx_vec tg = {0};
	c.md = pcre2_match_data_create(32, NULL);
	if (!c.md)
		return LX_ERR_NOMEM;
	if (d->root)
		for (const lx_node *n = d->root; n && !d->oom;
		     n = lx_node_next_preorder(d->root, n)) {
			if (!n->text || !*n->text)
				continue;
			size_t len = strlen(n->text);
			if (!lx_taken_reset(&c.taken, len)) {
				d->oom = true;
				break;
			}
			c.ctx.n = 0;
			c.later.n = 0;
			c.later_rules.n = 0;
			c.n_here = 0;
			c.over = false;
			lx_grammar_scan(cg, n->text, len, &c.hits);
			if (c.hits.oom) {
				d->oom = true;
				break;
			}
			if (!c.hits.n) {
				/* Nothing can start a reference; a definition
				 * may open the text (海岸带，是指…). */
				definitions(&c, n, n->text, len);
				continue;
			}
			int depth = title_depth(n->text, len);
			if (depth > LX_MAX_NESTING)
				lx_diag_add(d, LX_SEV_WARNING, "nesting-limit",
				            n->line_first,
				            "book-title marks nested %d deep in %s "
				            "(limit %d): no document references "
				            "taken from this text",
				            depth, n->eid, LX_MAX_NESTING);
			else
				documents(&c, n, n->eid, n->text, len, &tg);
			docnums(&c, n->eid, n->text, len, &tg);
			law_names(&c, n, n->text, len, &tg);
			headings(&c, n, n->text, len, &tg);
			inside(&c, n, n->text, len, LX_K_CITE_INTERNAL, &tg, false);
			inside(&c, n, n->text, len, LX_K_CITE_RELATIVE, &tg, false);
			inside(&c, n, n->text, len, LX_K_CITE_BARE, &tg, false);
			inside(&c, n, n->text, len, LX_K_CITE_RELATIVE, &tg, true);
			definitions(&c, n, n->text, len);
			if (c.over)
				lx_diag_add(d, LX_SEV_WARNING, "citation-limit",
				            n->line_first,
				            "more than %d references in %s (the "
				            "limit): the first %d taken, no more "
				            "from this text",
				            LX_MAX_CITES_PER_TEXT, n->eid,
				            LX_MAX_CITES_PER_TEXT);
			/* The last unit this paragraph or item names: the
			 * context of the items (subitems) under it. */
			if (n->type == LX_NODE_PARAGRAPH || n->type == LX_NODE_ITEM) {
				const ctxrec *r = last_rec(c.ctx.v, c.ctx.n, n->text,
				                           len, false);
				ctxrec *lead = n->type == LX_NODE_PARAGRAPH
				                       ? &c.lead_para
				                       : &c.lead_item;
				*lead = r ? *r : (ctxrec){0};
			}
			const ctxrec *ra = last_rec(c.ctx.v, c.ctx.n, n->text, len,
			                            false);
			if (ra)
				c.lead_art = *ra;
		}
	if (d->has_wrapper && d->wrapper.text && !d->oom) {
		/* 现将《…》印发给你们: the notice issues the document. */
		size_t wl = strlen(d->wrapper.text);
		if (lx_taken_reset(&c.taken, wl)) {
			c.n_here = 0;
			c.over = false;
			lx_grammar_scan(cg, d->wrapper.text, wl, &c.hits);
			documents(&c, NULL, "wrapper", d->wrapper.text, wl,
			          &tg);
			if (c.over)
				lx_diag_add(d, LX_SEV_WARNING, "citation-limit",
				            0,
				            "more than %d references in the "
				            "notice (the limit): the first %d "
				            "taken, no more from this text",
				            LX_MAX_CITES_PER_TEXT,
				            LX_MAX_CITES_PER_TEXT);
		} else {
			d->oom = true;
		}
	}
	lx_vec_free(&tg);
	lx_vec_free(&c.ctx);
	lx_vec_free(&c.later);
	lx_vec_free(&c.later_rules);
	lx_taken_free(&c.taken);
	lx_hits_free(&c.hits);
	pcre2_match_data_free(c.md);
	return d->oom || d->arena.oom ? LX_ERR_NOMEM : LX_OK;
}

int lx_cite_find(lx_doc *d, const lx_grammars *set, lx_error *err)
{
	if (d->cited)
		return LX_OK;
	const lx_grammar *cg = lx_grammars_find(set, "citation");
	if (!cg)
		return lx_error_set(err, LX_ERR_GRAMMAR,
		                    "%s: no citation grammar loaded", d->path);
	int rc = cite_extract(d, cg);
	if (rc != LX_OK)
		return lx_error_set(err, rc, "%s: out of memory", d->path);
	d->cited = true;
	return LX_OK;
}

size_t lx_doc_cites(const lx_doc *d, const lx_cite **out)
{
	*out = d->cites.v;
	return d->cites.n;
}

size_t lx_doc_cite_count(const lx_doc *d) { return d->cites.n; }

const lx_cite *lx_doc_cite(const lx_doc *d, size_t i)
{
	return i < d->cites.n ? &LX_VEC_AT(&d->cites, lx_cite, i) : NULL;
}

/* ---- citation getters (lexcn/cite.h) ---- */

static const char *const kind_names[] = {"absolute", "relative", "document",
                                         "docnum", "named-text"};
static const char *const relation_names[] = {"cites", "basis", "repeal",
                                             "issues"};

const char *lx_cite_kind_name(lx_cite_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(*kind_names)
	               ? kind_names[k]
	               : NULL;
}

const char *lx_cite_relation_name(lx_cite_relation r)
{
	return (unsigned)r < sizeof(relation_names) / sizeof(*relation_names)
	               ? relation_names[r]
	               : NULL;
}

const char *lx_cite_get_doc(const lx_cite *c) { return c->doc; }
const char *lx_cite_get_from(const lx_cite *c) { return c->from; }
const char *lx_cite_get_text(const lx_cite *c) { return c->text; }
size_t lx_cite_get_start(const lx_cite *c) { return c->start; }
size_t lx_cite_get_end(const lx_cite *c) { return c->end; }
lx_cite_kind lx_cite_get_kind(const lx_cite *c) { return c->kind; }
lx_cite_relation lx_cite_get_relation(const lx_cite *c) { return c->relation; }
const char *lx_cite_get_title(const lx_cite *c) { return c->title; }
const char *lx_cite_get_doc_number(const lx_cite *c) { return c->doc_number; }
size_t lx_cite_target_count(const lx_cite *c) { return c->n_targets; }

const lx_target *lx_cite_target(const lx_cite *c, size_t i)
{
	return i < c->n_targets ? &c->targets[i] : NULL;
}

bool lx_cite_get_resolved(const lx_cite *c) { return c->resolved; }
const char *lx_cite_get_reason(const lx_cite *c) { return c->reason; }

size_t lx_doc_definitions(const lx_doc *d, const lx_definition **out)
{
	*out = d->defs.v;
	return d->defs.n;
}

bool lx_target_within(const lx_target *t, const char *eid)
{
	if (!eid)
		return true;
	if (!t->eid)
		return false;
	size_t el = strlen(eid);
	return !strncmp(t->eid, eid, el) &&
	       (t->eid[el] == '\0' || !strncmp(t->eid + el, "__", 2));
}
