/*
 * set.c: a set of documents given together, and the resolution of the
 * references between them: 《title》 (with or without 中华人民共和国; the
 * version in force at the citing document's date), the title of a notice
 * (关于印发〈…〉的通知), and document numbers (西发改文〔2023〕71号); the
 * repeal of an earlier version of the same title (…同时废止 in the new
 * version); and the status of each document as of a date, from what the
 * set knows (a later version, a repeal, an expiry, a future effective date).
 *
 * Resolution works on a catalogue: per document only what it needs (id,
 * title keys, dates, jurisdiction, and the articles with their paragraphs,
 * items and subitems: numbers and eids).  An lx_set makes one that borrows
 * its documents' trees; an lx_catalog copies that much of each document as
 * it is added, so that the documents can be freed and parsed again one at
 * a time (lx_catalog_resolve): the links are the same, without holding
 * every tree.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cite_int.h"

struct lx_set {
	lx_vec docs; /* lx_doc* */
	lx_arena arena;
	char as_of[11]; /* YYYY-MM-DD, or "" for today */
	bool resolved;  /* lx_set_resolve() has run */
};

/* Why a repeal of the document's own title stays unresolved. */
static const char *const no_earlier = "earlier version not in set";

#define SK_NONE UINT32_MAX

/* A node of a catalogued document under an article: an article,
 * paragraph, item or subitem, its number and eid, and its first child and
 * next sibling of those types (indices in the catalogue's nodes). */
typedef struct skn {
	const char *eid;
	long num;
	uint32_t first, next;
	int sub;
	unsigned char type;
} skn;

/* What resolution knows of one document. */
typedef struct catdoc {
	const char *id;      /* unique in the catalogue (id~2 ...) */
	const char *orig_id; /* as parsed */
	size_t dup;          /* 0, or N of id~N */
	const char *version, *effective, *expires, *jurisdiction;
	const char *title_key, *notice_key, *num_key;
	bool draft;
	const char *status;  /* derived (NULL for drafts: they keep theirs) */
	const lx_doc *tree;  /* an lx_set's document: its tree is searched */
	size_t arts, n_arts; /* else its articles: cat->arts[arts...] */
} catdoc;

/* A repeal citation kept for the statuses (catalogue: copied). */
typedef struct repcite {
	size_t by;
	lx_cite c;
} repcite;

typedef struct entry {
	const char *key;
	size_t doc;
} entry;

typedef struct index {
	entry *e;
	size_t n;
} index_t;

struct lx_catalog {
	lx_vec docs;    /* catdoc */
	lx_vec nodes;   /* skn */
	lx_vec arts;    /* uint32_t: articles of every document, in order */
	lx_vec repeals; /* repcite */
	lx_vec titles, notices, numbers; /* entry */
	lx_arena arena;
	char as_of[11];
	bool finished;
	bool oom;
	/* lx_catalog_name: the ids met so far and how many times (open
	 * addressing, a power of two of slots, at most half full). */
	struct idslot {
		const char *id;
		size_t count;
	} *ids;
	size_t ids_cap, ids_n;
};

/* A repeal's whole-document target, for the statuses. */
typedef struct rep {
	size_t by;
	const char *target;
} rep;

int lx_set_new(lx_set **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? LX_OK : LX_ERR_NOMEM;
}

int lx_set_add(lx_set *s, lx_doc *d)
{
	lx_doc **slot = lx_vec_push(&s->docs, sizeof(lx_doc *));
	if (!slot)
		return LX_ERR_NOMEM;
	*slot = d;
	return LX_OK;
}

size_t lx_set_docs(const lx_set *s, lx_doc *const **out)
{
	*out = s->docs.v;
	return s->docs.n;
}

void lx_set_free(lx_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->docs.n; i++)
		lx_doc_free(LX_VEC_AT(&s->docs, lx_doc *, i));
	lx_vec_free(&s->docs);
	lx_arena_free(&s->arena);
	free(s);
}

/* The date of a document's version, or NULL. */
static const char *version_date(const lx_doc *d)
{
	return d->version;
}

/* A document number for matching: no spaces, brackets as 〔〕. */
static char *docnum_key(lx_arena *a, const char *n)
{
	if (!n)
		return NULL;
	lx_buf b = {0};
	size_t len = strlen(n), i = 0;
	while (i < len) {
		size_t st = i;
		int32_t c = lx_u8_next(n, len, &i);
		if (lx_cp_is_space(c))
			continue;
		if (c == '[' || c == 0xFF3B || c == 0x3010)
			lx_buf_adds(&b, "〔");
		else if (c == ']' || c == 0xFF3D || c == 0x3011)
			lx_buf_adds(&b, "〕");
		else
			lx_buf_add(&b, n + st, i - st);
	}
	char *r = b.oom ? NULL : lx_arena_strdup(a, b.s ? b.s : "");
	lx_buf_free(&b);
	return r;
}

static int cmp_entry(const void *x, const void *y)
{
	const entry *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->doc < b->doc ? -1 : a->doc > b->doc);
}

static int add_entry(lx_vec *v, const char *key, size_t doc)
{
	if (!key || !*key)
		return LX_OK;
	entry *e = lx_vec_push(v, sizeof(entry));
	if (!e)
		return LX_ERR_NOMEM;
	e->key = key;
	e->doc = doc;
	return LX_OK;
}

/* The range of entries with this key. */
static size_t lookup(const index_t *ix, const char *key, size_t *first)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(ix->e[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t k = lo;
	while (k < ix->n && !strcmp(ix->e[k].key, key))
		k++;
	*first = lo;
	return k - lo;
}

lx_doc *lx_set_find(const lx_set *s, const char *q)
{
	lx_doc *best = NULL;
	lx_arena a = {0};
	const char *key = lx_title_key(&a, q);
	for (size_t i = 0; i < s->docs.n; i++) {
		lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
		if (d->id && !strcmp(d->id, q)) {
			best = d;
			break;
		}
		const char *k = lx_title_key(&a, d->title);
		if (key && k && !strcmp(k, key) &&
		    (!best || !version_date(best) ||
		     (version_date(d) &&
		      strcmp(version_date(d), version_date(best)) > 0)))
			best = d;
	}
	lx_arena_free(&a);
	return best;
}

/* The year of a document number (法释〔2016〕29号 -> 2016), or 0. */
static int docnum_year(const char *num)
{
	for (const char *p = num; p && *p; p++)
		if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
		    !(p[4] >= '0' && p[4] <= '9') &&
		    (p == num || !(p[-1] >= '0' && p[-1] <= '9')))
			return atoi(p) > 1900 ? atoi(p) : 0;
	return 0;
}

/* Whether a version without a date is earlier than date: the repeal
 * names it with a document number of an earlier year (《X》（法释〔2016〕
 * 29号）同时废止 in the 2023 version). */
static bool undated_earlier(const char *hint_num, const char *date)
{
	int y = docnum_year(hint_num);
	return y && date && y < atoi(date);
}

static const catdoc *cat_doc(const lx_catalog *c, size_t i)
{
	return &LX_VEC_AT(&c->docs, catdoc, i);
}

/* Picks the version in force at `date` among the candidates: of those
 * whose version date is not after it (all of them when date is NULL), the
 * latest that had started by then (effective date, else version date,
 * on or before it: lexcn/versions.h), else the latest adopted.
 * Several documents may share that title and date (a law split into
 * files, or a duplicate): they are all returned in out[] (catalogue
 * numbers).  `self` is the citing document's number. */
static size_t pick(const lx_catalog *cat, const index_t *ix, size_t first,
                   size_t n, size_t self, const char *date, bool earlier,
                   const char *hint_num, size_t *out, size_t cap,
                   const char **why)
{
	/* A new version repealing the old one of its title: only an earlier
	 * version (never itself, nor a copy of the same date). */
	if (earlier && !date) {
		*why = no_earlier;
		return 0;
	}
	const char *best = NULL, *started = NULL;
	bool any = false;
	size_t later = 0;
	/* The best version date first. */
	for (size_t k = first; k < first + n; k++) {
		const catdoc *d = cat_doc(cat, ix->e[k].doc);
		const char *v = d->version;
		if (ix->e[k].doc == self)
			continue;
		if (date && v && (strcmp(v, date) > 0 ||
		                  (earlier && !strcmp(v, date)))) {
			later++;
			continue;
		}
		if (earlier && !v && !undated_earlier(hint_num, date))
			continue;
		if (!any || (v && (!best || strcmp(v, best) > 0)))
			best = v;
		/* In force at the date: started (effective date, else
		 * version date) by then. */
		const char *st = d->effective ? d->effective : v;
		if (v && date && st && strcmp(st, date) <= 0 &&
		    (!started || strcmp(v, started) > 0))
			started = v;
		any = true;
	}
	/* The version in force then; a version adopted but not yet in
	 * force only when none is. */
	if (started)
		best = started;
	if (!any) {
		*why = earlier ? no_earlier
		       : later ? "only later versions of the document are in the set"
		               : "document not in set";
		return 0;
	}
	size_t m = 0;
	for (size_t k = first; k < first + n && m < cap; k++) {
		const catdoc *d = cat_doc(cat, ix->e[k].doc);
		const char *v = d->version;
		if (ix->e[k].doc == self || (date && v && strcmp(v, date) > 0) ||
		    (earlier && ((!v && !undated_earlier(hint_num, date)) ||
		                 (v && !strcmp(v, date)))))
			continue;
		if ((!v && !best) || (v && best && !strcmp(v, best)))
			out[m++] = ix->e[k].doc;
	}
	return m;
}

/* ---- the articles of a catalogued document ----------------------------- */

static const skn *sk(const lx_catalog *c, uint32_t i)
{
	return &LX_VEC_AT(&c->nodes, skn, i);
}

static uint32_t sk_child(const lx_catalog *c, uint32_t p, lx_node_type t,
                         long num)
{
	for (uint32_t k = p == SK_NONE ? SK_NONE : sk(c, p)->first;
	     k != SK_NONE; k = sk(c, k)->next)
		if (sk(c, k)->type == t && sk(c, k)->num == num)
			return k;
	return SK_NONE;
}

static size_t sk_count(const lx_catalog *c, uint32_t p, lx_node_type t)
{
	size_t n = 0;
	for (uint32_t k = p == SK_NONE ? SK_NONE : sk(c, p)->first;
	     k != SK_NONE; k = sk(c, k)->next)
		n += sk(c, k)->type == t;
	return n;
}

/* Child number num of type t under p (a node, or SK_NONE: the reference
 * is outside any such parent); SK_NONE with *why ("no such 款: 第3款 of
 * art_5 (it has 2)") when there is none. */
static uint32_t sk_numbered(const lx_catalog *c, lx_arena *a, uint32_t p,
                            lx_node_type t, long num, const char *what,
                            const char *unit, const char *outside,
                            const char **why)
{
	uint32_t n = sk_child(c, p, t, num);
	if (n == SK_NONE)
		*why = p != SK_NONE
		               ? lx_arena_printf(a, "no such %s: 第%ld%s of %s "
		                                    "(it has %zu)",
		                                 what, num, unit, sk(c, p)->eid,
		                                 sk_count(c, p, t))
		               : outside;
	return n;
}

/* As find_article in cite.c: where the number says first, then all. */
static uint32_t sk_article(const lx_catalog *c, const catdoc *d, long num,
                           int sub)
{
	const uint32_t *a = (const uint32_t *)c->arts.v + d->arts;
	size_t guess = num > 0 ? (size_t)num - 1 : 0;
	for (size_t k = guess; k < d->n_arts && k < guess + 8; k++)
		if (sk(c, a[k])->num == num && sk(c, a[k])->sub == sub)
			return a[k];
	for (size_t k = 0; k < d->n_arts; k++)
		if (sk(c, a[k])->num == num && sk(c, a[k])->sub == sub)
			return a[k];
	return SK_NONE;
}

/* One absolute member in a catalogued document: resolve_one() of cite.c
 * without a base (a reference from another document is absolute), with
 * the same reasons. */
static uint32_t sk_one(const lx_catalog *c, const catdoc *d, const lx_ref *m,
                       lx_arena *a, const char **why)
{
	uint32_t n = SK_NONE;
	if (m->art >= 0) {
		n = sk_article(c, d, m->art, m->art_sub);
		if (n == SK_NONE) {
			*why = lx_arena_printf(a, "no such article: 第%ld条%s",
			                       m->art, m->art_sub ? "之…" : "");
			return SK_NONE;
		}
	}
	if (m->para >= 0) {
		/* n: an article, or none */
		n = sk_numbered(c, a, n, LX_NODE_PARAGRAPH, m->para, "paragraph",
		                "款", "no such paragraph: the text is outside "
		                      "any article", why);
		if (n == SK_NONE)
			return SK_NONE;
	}
	if (m->item >= 0) {
		if (n != SK_NONE && sk(c, n)->type == LX_NODE_ARTICLE) {
			/* 第X条第Y项: the paragraph of the article with items. */
			uint32_t found = SK_NONE;
			size_t lists = 0;
			for (uint32_t k = sk(c, n)->first; k != SK_NONE;
			     k = sk(c, k)->next)
				if (sk(c, k)->type == LX_NODE_PARAGRAPH &&
				    sk_count(c, k, LX_NODE_ITEM)) {
					lists++;
					if (found == SK_NONE)
						found = sk_child(c, k, LX_NODE_ITEM,
						                 m->item);
				}
			if (lists > 1) {
				*why = lx_arena_printf(
					a, "ambiguous: %s has items in %zu "
					   "paragraphs",
					sk(c, n)->eid, lists);
				return SK_NONE;
			}
			if (found == SK_NONE) {
				*why = lx_arena_printf(
					a, "no such item: 第%ld项 of %s", m->item,
					sk(c, n)->eid);
				return SK_NONE;
			}
			n = found;
		} else {
			/* n: a paragraph, or none */
			n = sk_numbered(c, a, n, LX_NODE_ITEM, m->item, "item",
			                "项", "no such item: the text is outside "
			                      "any paragraph", why);
			if (n == SK_NONE)
				return SK_NONE;
		}
	}
	if (m->subitem >= 0) {
		uint32_t sub = sk_child(c, n, LX_NODE_SUBITEM, m->subitem);
		if (sub == SK_NONE) {
			*why = lx_arena_printf(a, "no such subitem: 第%ld目 of %s",
			                       m->subitem,
			                       n != SK_NONE ? sk(c, n)->eid : "?");
			return SK_NONE;
		}
		n = sub;
	}
	if (n == SK_NONE)
		*why = "nothing to resolve against";
	return n;
}

/* The members of a chain in document t: its tree (lx_set), else its
 * articles in the catalogue; as lx_cite_resolve_refs. */
static const char *refs_in(const lx_catalog *c, const catdoc *t,
                           const char *tid, const lx_ref *refs, size_t n,
                           lx_arena *a, lx_vec *out)
{
	if (t->tree)
		return lx_cite_resolve_refs(t->tree, tid, NULL, refs, n, a, out);
	const char *reason = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *why = NULL;
		uint32_t k = sk_one(c, t, &refs[i], a, &why);
		if (k == SK_NONE) {
			if (!reason)
				reason = why;
			continue;
		}
		lx_target *tg = lx_vec_push(out, sizeof(lx_target));
		if (!tg)
			return LX_OOM_REASON;
		tg->doc = tid;
		tg->eid = sk(c, k)->eid;
	}
	return reason;
}

/* ---- resolution --------------------------------------------------------- */

/* Resolves one citation of document `self` (own: its title key; date:
 * its version date, else its effective date) against the catalogue;
 * strings go to arena a.  LX_OK or LX_ERR_NOMEM. */
static int resolve_cite(const lx_catalog *cat, size_t self, const char *own,
                        const char *date, lx_cite *c, lx_arena *a,
                        lx_vec *tg)
{
	index_t it = {cat->titles.v, cat->titles.n},
		in = {cat->notices.v, cat->notices.n},
		nn = {cat->numbers.v, cat->numbers.n};
	/* 《X省物业管理条例》……同时废止 in a new X省物业管理条例: the earlier
	 * version of that title, never the document itself (which its own
	 * title names). */
	bool earlier = false;
	if (c->relation == LX_CITE_REPEAL && c->kind == LX_CITE_DOCUMENT &&
	    c->title && own) {
		const char *key = lx_title_key(a, c->title);
		earlier = key && !strcmp(key, own);
	}
	if (earlier && (c->resolved || c->n_targets || c->reason != no_earlier)) {
		c->targets = NULL;
		c->n_targets = 0;
		c->resolved = false;
		c->reason = no_earlier;
	}
	if (c->resolved || !c->reason ||
	    (strcmp(c->reason, "document not in set") &&
	     c->reason != no_earlier && !c->name_run))
		return LX_OK;
	size_t first = 0, n = 0;
	const index_t *ix = &it;
	if (c->name_run) {
		/* 依照刑法: the longest ending that is a title (中华人民共和国刑法
		 * has the key 刑法). */
		const char *r = c->name_run;
		size_t rl = strlen(r);
		for (size_t o = 0; o + 6 <= rl && !n; o += 3) {
			const char *key = lx_title_key(a, r + o);
			n = key ? lookup(&it, key, &first) : 0;
			if (n)
				c->title = lx_arena_strdup(a, r + o);
		}
		if (!n)
			return LX_OK;
	} else if (c->title) {
		const char *key = lx_title_key(a, c->title);
		n = key ? lookup(&it, key, &first) : 0;
		if (!n && key) {
			ix = &in;
			n = lookup(&in, key, &first);
		}
	}
	if (!n && c->doc_number) {
		const char *key = docnum_key(a, c->doc_number);
		ix = &nn;
		n = key ? lookup(&nn, key, &first) : 0;
	}
	if (!n)
		return LX_OK;
	const char *why = NULL;
	size_t cand[16];
	size_t nc = pick(cat, ix, first, n, self, date, earlier, c->doc_number,
	                 cand, 16, &why);
	if (!nc) {
		c->reason = why;
		return LX_OK;
	}
	const catdoc *t = cat_doc(cat, cand[0]);
	tg->n = 0;
	if (nc > 1 && c->n_refs) {
		/* One law in several files (民法典 by 编): the one file that
		 * holds every member. */
		size_t holds = 0;
		for (size_t q = 0; q < nc; q++) {
			const catdoc *cq = cat_doc(cat, cand[q]);
			tg->n = 0;
			if (!refs_in(cat, cq, cq->id, c->refs, c->n_refs, a, tg)) {
				t = cq;
				holds++;
			}
		}
		tg->n = 0;
		if (holds != 1) {
			c->reason = lx_arena_printf(
				a, "ambiguous: %zu documents of that title and date%s",
				nc, holds ? " hold it" : ", none holds it");
			return LX_OK;
		}
	} else if (nc > 1) {
		c->reason = lx_arena_printf(
			a, "ambiguous: %zu documents of that title and date", nc);
		return LX_OK;
	}
	const char *tid = lx_arena_strdup(a, t->id);
	if (c->n_refs) {
		why = refs_in(cat, t, tid, c->refs, c->n_refs, a, tg);
		/* Target eids live in the target's arena (or the catalogue's):
		 * copy them into the citing document's. */
		for (size_t q = 0; q < tg->n; q++) {
			lx_target *x = &LX_VEC_AT(tg, lx_target, q);
			x->eid = lx_arena_strdup(a, x->eid);
		}
	} else {
		lx_target *x = lx_vec_push(tg, sizeof(*x));
		if (!x)
			return LX_ERR_NOMEM;
		x->doc = tid;
	}
	c->targets = tg->n ? lx_arena_alloc(a, tg->n * sizeof(lx_target)) : NULL;
	if (c->targets)
		memcpy(c->targets, tg->v, tg->n * sizeof(lx_target));
	c->n_targets = c->targets ? tg->n : 0;
	c->resolved = !why && c->n_targets > 0;
	c->reason = c->resolved ? NULL : why ? why : "nothing found";
	return LX_OK;
}

/* Every citation of d, the catalogue's document `self`. */
static int resolve_doc(const lx_catalog *cat, size_t self, lx_doc *d,
                       lx_vec *tg)
{
	const char *own = lx_title_key(&d->arena, d->title);
	const char *date = version_date(d) ? version_date(d) : d->effective;
	int rc = LX_OK;
	for (size_t k = 0; k < d->cites.n && rc == LX_OK; k++)
		rc = resolve_cite(cat, self, own, date,
		                  &LX_VEC_AT(&d->cites, lx_cite, k), &d->arena,
		                  tg);
	if (d->oom)
		rc = LX_ERR_NOMEM;
	return rc;
}

/* ---- ids ------------------------------------------------------------ */

/* Ids must name one document in a set: a second document with the same
 * id (a law split into files, a duplicate) becomes id~2, id~3..., in the
 * order of the set.  Sets dup of every document (0 for the first). */
static int dup_numbers(lx_vec *docs)
{
	size_t n = docs->n;
	entry *e = malloc((n ? n : 1) * sizeof(entry));
	if (!e)
		return LX_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		catdoc *d = &LX_VEC_AT(docs, catdoc, i);
		e[i].key = d->orig_id ? d->orig_id : "";
		e[i].doc = i;
		d->dup = 0;
	}
	qsort(e, n, sizeof(entry), cmp_entry); /* by id, then set order */
	for (size_t i = 1; i < n; i++) {
		size_t run = i;
		while (run > 0 && !strcmp(e[run - 1].key, e[i].key))
			run--;
		if (run != i)
			LX_VEC_AT(docs, catdoc, e[i].doc).dup = i - run + 1;
	}
	free(e);
	return LX_OK;
}

/* Gives d the id id~dup, its own citations following, with a
 * diagnostic; the new id in *out.  LX_OK or LX_ERR_NOMEM. */
static int rename_doc(lx_doc *d, size_t dup, const char **out)
{
	const char *old = d->id;
	const char *id = lx_arena_printf(&d->arena, "%s~%zu", old, dup);
	if (!id)
		return LX_ERR_NOMEM;
	for (size_t c = 0; c < d->cites.n; c++) {
		lx_cite *ci = &LX_VEC_AT(&d->cites, lx_cite, c);
		if (ci->doc == old)
			ci->doc = id;
		for (size_t t = 0; t < ci->n_targets; t++)
			if (ci->targets[t].doc == old)
				ci->targets[t].doc = id;
	}
	d->id = id;
	lx_diag_add(d, LX_SEV_INFO, "duplicate-id", 0,
	            "another document in the set has the id %s: this one "
	            "is %s",
	            old, id);
	*out = id;
	return LX_OK;
}

/* ---- statuses ------------------------------------------------------- */

/* The date statuses are derived at: as_of, else today (local time). */
static void today_or(const char *as_of, char out[11])
{
	if (as_of[0]) {
		memcpy(out, as_of, 11);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !localtime_r(&now, &tm) ||
	    !strftime(out, 11, "%Y-%m-%d", &tm))
		memcpy(out, "9999-12-31", 11); /* no clock: all in the past */
}

/* Statuses a document gives itself and keeps: drafts. */
static bool is_draft(const char *st)
{
	return st && (!strcmp(st, "草案") || !strcmp(st, "征求意见稿"));
}

typedef struct vrec {
	const char *key, *juris, *version;
	size_t doc;
} vrec;

static int cmp_vrec(const void *x, const void *y)
{
	const vrec *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (!c)
		c = strcmp(a->juris, b->juris);
	if (!c)
		c = strcmp(a->version, b->version);
	return c ? c : (a->doc < b->doc ? -1 : a->doc > b->doc);
}

static int cmp_key(const void *x, const void *y)
{
	return strcmp(((const entry *)x)->key, ((const entry *)y)->key);
}

/* The whole-document targets of the resolved repeals among the n
 * citations of document `by` (whose id is id), into reps. */
static int add_repeals(lx_vec *reps, size_t by, const char *id,
                       const lx_cite *cites, size_t n, size_t stride)
{
	for (size_t k = 0; k < n; k++) {
		const lx_cite *c = (const lx_cite *)((const char *)cites + k * stride);
		if (c->relation != LX_CITE_REPEAL || !c->resolved)
			continue;
		for (size_t q = 0; q < c->n_targets; q++) {
			if (!c->targets[q].doc || c->targets[q].eid ||
			    !strcmp(c->targets[q].doc, id ? id : ""))
				continue;
			rep *r = lx_vec_push(reps, sizeof(*r));
			if (!r)
				return LX_ERR_NOMEM;
			*r = (rep){by, c->targets[q].doc};
		}
	}
	return LX_OK;
}

/* The status of every document as of `today` (drafts keep theirs: NULL):
 * 失效 when a document of the set in force by then repeals it, or its
 * validity (有效期, 有效期至) ended before that date; 已被修改 when a later
 * version of the same title and jurisdiction, in force by then (its
 * effective date, else its version date, on or before it), is in the
 * set; 尚未生效 when it takes effect after that date; 有效 otherwise.
 * Sorting makes it O(n log n) in the documents, plus the repeals. */
static int derive_status(catdoc *docs, size_t n, const lx_vec *reps,
                         const char *today)
{
	vrec *v = malloc((n ? n : 1) * sizeof(*v));
	entry *by_id = malloc((n ? n : 1) * sizeof(*by_id));
	bool *repealed = calloc(n ? n : 1, sizeof(*repealed)),
	     *amended = calloc(n ? n : 1, sizeof(*amended));
	int rc = v && by_id && repealed && amended ? LX_OK : LX_ERR_NOMEM;
	size_t nv = 0;
	for (size_t i = 0; i < n && rc == LX_OK; i++) {
		const catdoc *d = &docs[i];
		by_id[i] = (entry){d->id ? d->id : "", i};
		if (d->title_key && d->version)
			v[nv++] = (vrec){d->title_key,
			                 d->jurisdiction ? d->jurisdiction : "",
			                 d->version, i};
	}
	if (rc == LX_OK) {
		/* Later versions: in each run of one title and jurisdiction
		 * (by version date), every version before the latest one
		 * adopted by the date is amended. */
		qsort(v, nv, sizeof(*v), cmp_vrec);
		for (size_t a = 0; a < nv;) {
			size_t b = a;
			while (b < nv && !strcmp(v[b].key, v[a].key) &&
			       !strcmp(v[b].juris, v[a].juris))
				b++;
			/* The latest version in force by the date (started:
			 * effective date, else version date). */
			const char *latest = NULL;
			for (size_t k = a; k < b; k++) {
				const catdoc *dk = &docs[v[k].doc];
				const char *st = dk->effective ? dk->effective
				                               : v[k].version;
				if (strcmp(st, today) <= 0)
					latest = v[k].version;
			}
			for (size_t k = a; latest && k < b; k++)
				if (strcmp(v[k].version, latest) < 0)
					amended[v[k].doc] = true;
			a = b;
		}
		/* Repeals: the targets of the resolved repeals of documents
		 * in force by the date. */
		qsort(by_id, n, sizeof(*by_id), cmp_entry); /* ids are unique */
		for (size_t i = 0; i < reps->n; i++) {
			const rep *p = &LX_VEC_AT(reps, rep, i);
			const catdoc *r = &docs[p->by];
			const char *from = r->effective ? r->effective : r->version;
			if (r->draft || (from && strcmp(from, today) > 0))
				continue;
			entry key = {p->target, 0};
			const entry *hit = bsearch(&key, by_id, n, sizeof(*by_id),
			                           cmp_key);
			if (hit)
				repealed[hit->doc] = true;
		}
		for (size_t i = 0; i < n; i++) {
			catdoc *d = &docs[i];
			if (d->draft)
				d->status = NULL;
			else if (repealed[i] ||
			         (d->expires && strcmp(d->expires, today) < 0))
				d->status = "失效";
			else if (amended[i])
				d->status = "已被修改";
			else if (d->effective && strcmp(d->effective, today) > 0)
				d->status = "尚未生效";
			else
				d->status = "有效";
		}
	}
	free(v);
	free(by_id);
	free(repealed);
	free(amended);
	return rc;
}

/* What resolution needs of an lx_set's document, borrowed from it
 * (keys in arena a). */
static catdoc borrow(const lx_doc *d, lx_arena *a)
{
	return (catdoc){
		.id = d->id,
		.orig_id = d->id,
		.version = d->version,
		.effective = d->effective,
		.expires = d->expires,
		.jurisdiction = d->jurisdiction,
		.title_key = lx_title_key(a, d->title),
		.notice_key = d->has_wrapper ? lx_title_key(a, d->wrapper.title)
		                             : NULL,
		.num_key = docnum_key(a, d->doc_number),
		.draft = is_draft(d->status),
		.tree = d,
	};
}

/* Sorts the indexes of titles, notice titles and document numbers. */
static int build_indexes(lx_catalog *c)
{
	int rc = LX_OK;
	for (size_t i = 0; i < c->docs.n && rc == LX_OK; i++) {
		const catdoc *d = cat_doc(c, i);
		rc = add_entry(&c->titles, d->title_key, i);
		if (rc == LX_OK)
			rc = add_entry(&c->notices, d->notice_key, i);
		if (rc == LX_OK)
			rc = add_entry(&c->numbers, d->num_key, i);
	}
	if (c->titles.n)
		qsort(c->titles.v, c->titles.n, sizeof(entry), cmp_entry);
	if (c->notices.n)
		qsort(c->notices.v, c->notices.n, sizeof(entry), cmp_entry);
	if (c->numbers.n)
		qsort(c->numbers.v, c->numbers.n, sizeof(entry), cmp_entry);
	return rc;
}

/* The statuses of an lx_set's documents. */
static int set_status(lx_set *s)
{
	size_t n = s->docs.n;
	char today[11];
	today_or(s->as_of, today);
	catdoc *v = malloc((n ? n : 1) * sizeof(*v));
	lx_vec reps = {0};
	lx_arena a = {0};
	int rc = v ? LX_OK : LX_ERR_NOMEM;
	for (size_t i = 0; i < n && rc == LX_OK; i++) {
		const lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
		v[i] = borrow(d, &a);
		rc = add_repeals(&reps, i, d->id, d->cites.v, d->cites.n,
		                 sizeof(lx_cite));
	}
	if (rc == LX_OK && a.oom)
		rc = LX_ERR_NOMEM;
	if (rc == LX_OK)
		rc = derive_status(v, n, &reps, today);
	for (size_t i = 0; i < n && rc == LX_OK; i++)
		if (v[i].status)
			LX_VEC_AT(&s->docs, lx_doc *, i)->status = v[i].status;
	free(v);
	lx_vec_free(&reps);
	lx_arena_free(&a);
	return rc;
}

static void catalog_clear(lx_catalog *c)
{
	lx_vec_free(&c->docs);
	lx_vec_free(&c->nodes);
	lx_vec_free(&c->arts);
	lx_vec_free(&c->repeals);
	lx_vec_free(&c->titles);
	lx_vec_free(&c->notices);
	lx_vec_free(&c->numbers);
	lx_arena_free(&c->arena);
	free(c->ids);
}

int lx_set_resolve(lx_set *s)
{
	/* A catalogue that borrows the documents and their trees. */
	lx_catalog cat = {0};
	int rc = LX_OK;
	for (size_t i = 0; i < s->docs.n && rc == LX_OK; i++) {
		catdoc *cd = lx_vec_push(&cat.docs, sizeof(catdoc));
		if (!cd)
			rc = LX_ERR_NOMEM;
		else
			*cd = borrow(LX_VEC_AT(&s->docs, lx_doc *, i), &s->arena);
	}
	if (rc == LX_OK)
		rc = dup_numbers(&cat.docs);
	for (size_t i = 0; i < s->docs.n && rc == LX_OK; i++) {
		catdoc *cd = &LX_VEC_AT(&cat.docs, catdoc, i);
		if (cd->dup)
			rc = rename_doc(LX_VEC_AT(&s->docs, lx_doc *, i), cd->dup,
			                &cd->id);
	}
	if (rc == LX_OK && s->arena.oom)
		rc = LX_ERR_NOMEM;
	if (rc == LX_OK)
		rc = build_indexes(&cat);
	lx_vec tg = {0};
	for (size_t i = 0; i < s->docs.n && rc == LX_OK; i++)
		rc = resolve_doc(&cat, i, LX_VEC_AT(&s->docs, lx_doc *, i), &tg);
	lx_vec_free(&tg);
	catalog_clear(&cat);
	if (rc == LX_OK) {
		s->resolved = true;
		rc = set_status(s);
	}
	return rc;
}

/* A date of the form YYYY-MM-DD (or NULL). */
static bool good_date(const char *date)
{
	int y, m, d;
	char tail;
	return !date ||
	       (strlen(date) == 10 &&
	        sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	        date[4] == '-' && date[7] == '-' && m >= 1 && m <= 12 &&
	        d >= 1 && d <= 31);
}

int lx_set_as_of(lx_set *s, const char *date)
{
	if (!good_date(date))
		return LX_ERR_USAGE;
	if (date)
		memcpy(s->as_of, date, 11);
	else
		s->as_of[0] = '\0';
	return s->resolved ? set_status(s) : LX_OK;
}

/* ---- keys: what a change of one document can reach ------------------- */

static int key_out(lx_arena *a, char kind, const char *key,
                   void (*fn)(void *ctx, const char *key), void *ctx)
{
	if (!key)
		return a->oom ? LX_ERR_NOMEM : LX_OK;
	const char *k = lx_arena_printf(a, "%c%s", kind, key);
	if (!k)
		return LX_ERR_NOMEM;
	fn(ctx, k);
	return LX_OK;
}

int lx_catalog_keys(const lx_doc *d, bool cited,
                    void (*fn)(void *ctx, const char *key), void *ctx)
{
	lx_arena a = {0};
	int rc = LX_OK;
	if (!cited) {
		/* As borrow() files it (titles and notices are one key
		 * space: a title is looked up in both). */
		rc = key_out(&a, 't', lx_title_key(&a, d->title), fn, ctx);
		if (rc == LX_OK && d->has_wrapper)
			rc = key_out(&a, 't', lx_title_key(&a, d->wrapper.title),
			             fn, ctx);
		if (rc == LX_OK)
			rc = key_out(&a, 'n', docnum_key(&a, d->doc_number), fn,
			             ctx);
	}
	/* As resolve_cite() looks them up, for every citation (resolved
	 * or not: more is only slower). */
	for (size_t k = 0; cited && rc == LX_OK && k < d->cites.n; k++) {
		const lx_cite *c = &LX_VEC_AT(&d->cites, lx_cite, k);
		if (c->title)
			rc = key_out(&a, 't', lx_title_key(&a, c->title), fn, ctx);
		if (rc == LX_OK && c->doc_number)
			rc = key_out(&a, 'n', docnum_key(&a, c->doc_number), fn,
			             ctx);
		size_t rl = c->name_run ? strlen(c->name_run) : 0;
		for (size_t o = 0; rc == LX_OK && o + 6 <= rl; o += 3)
			rc = key_out(&a, 't', lx_title_key(&a, c->name_run + o),
			             fn, ctx);
	}
	if (rc == LX_OK && a.oom)
		rc = LX_ERR_NOMEM;
	lx_arena_free(&a);
	return rc;
}

/* ---- catalogues ----------------------------------------------------- */

int lx_catalog_new(lx_catalog **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? LX_OK : LX_ERR_NOMEM;
}

void lx_catalog_free(lx_catalog *c)
{
	if (!c)
		return;
	catalog_clear(c);
	free(c);
}

size_t lx_catalog_count(const lx_catalog *c)
{
	return c->docs.n;
}

static const char *cat_str(lx_catalog *c, const char *s)
{
	return s ? lx_arena_strdup(&c->arena, s) : NULL;
}

/* Copies the article, paragraph, item and subitem nodes under n (its
 * children of those types, recursively) into the catalogue; the first
 * copied in *first.  Depth is bounded by the four levels. */
static int copy_children(lx_catalog *c, const lx_node *n, uint32_t *first)
{
	uint32_t prev = SK_NONE;
	*first = SK_NONE;
	for (const lx_node *x = n->first; x; x = x->next) {
		if (x->type != LX_NODE_PARAGRAPH && x->type != LX_NODE_ITEM &&
		    x->type != LX_NODE_SUBITEM)
			continue; /* never named by a chain under an article */
		if (c->nodes.n >= SK_NONE)
			return LX_ERR_NOMEM;
		uint32_t k = (uint32_t)c->nodes.n;
		skn *s = lx_vec_push(&c->nodes, sizeof(skn));
		if (!s)
			return LX_ERR_NOMEM;
		*s = (skn){cat_str(c, x->eid), x->num, SK_NONE, SK_NONE, x->sub,
		           (unsigned char)x->type};
		if (prev == SK_NONE)
			*first = k;
		else
			LX_VEC_AT(&c->nodes, skn, prev).next = k;
		prev = k;
		uint32_t sub;
		int rc = copy_children(c, x, &sub);
		if (rc)
			return rc;
		LX_VEC_AT(&c->nodes, skn, k).first = sub;
	}
	return LX_OK;
}

/* A deep copy of a repeal citation into the catalogue; the citing id
 * old_id (compared by address, as rename_doc does) becomes new_id. */
static int copy_cite(lx_catalog *c, size_t by, const lx_cite *src,
                     const char *old_id, const char *new_id)
{
	repcite *r = lx_vec_push(&c->repeals, sizeof(*r));
	if (!r)
		return LX_ERR_NOMEM;
	r->by = by;
	lx_cite *x = &r->c;
	*x = *src;
	lx_arena *a = &c->arena;
	x->doc = src->doc == old_id ? new_id : cat_str(c, src->doc);
	x->from = x->src = x->text = NULL; /* not needed to resolve */
	x->title = cat_str(c, src->title);
	x->doc_number = cat_str(c, src->doc_number);
	x->name_run = cat_str(c, src->name_run);
	/* Static reasons are compared by address (no_earlier): kept as
	 * they are; the document's own strings die with it. */
	x->reason = src->reason == no_earlier ? no_earlier : cat_str(c, src->reason);
	x->refs = src->n_refs ? lx_arena_alloc(a, src->n_refs * sizeof(lx_ref))
	                      : NULL;
	if (x->refs)
		memcpy(x->refs, src->refs, src->n_refs * sizeof(lx_ref));
	x->targets = src->n_targets ? lx_arena_alloc(a, src->n_targets *
	                                                    sizeof(lx_target))
	                            : NULL;
	for (size_t q = 0; x->targets && q < src->n_targets; q++) {
		const lx_target *t = &src->targets[q];
		x->targets[q].doc = t->doc == old_id ? new_id : cat_str(c, t->doc);
		x->targets[q].eid = cat_str(c, t->eid);
	}
	return a->oom ? LX_ERR_NOMEM : LX_OK;
}

int lx_catalog_add(lx_catalog *c, const lx_doc *d)
{
	if (c->finished || c->ids)
		return LX_ERR_USAGE;
	size_t self = c->docs.n;
	lx_arena *a = &c->arena;
	catdoc cd = {
		.version = cat_str(c, d->version),
		.effective = cat_str(c, d->effective),
		.expires = cat_str(c, d->expires),
		.jurisdiction = cat_str(c, d->jurisdiction),
		.title_key = lx_title_key(a, d->title),
		.notice_key = d->has_wrapper ? lx_title_key(a, d->wrapper.title)
		                             : NULL,
		.num_key = docnum_key(a, d->doc_number),
		.draft = is_draft(d->status),
		.arts = c->arts.n,
	};
	cd.orig_id = cd.id = cat_str(c, d->id);
	int rc = LX_OK;
	/* The articles in document order, as cite.c's build_articles. */
	for (const lx_node *x = d->root; x && rc == LX_OK;
	     x = lx_node_next_preorder(d->root, x)) {
		if (x->type != LX_NODE_ARTICLE)
			continue;
		uint32_t k = (uint32_t)c->nodes.n, sub;
		skn *s = c->nodes.n < SK_NONE ? lx_vec_push(&c->nodes, sizeof(skn))
		                              : NULL;
		uint32_t *ap = s ? lx_vec_push(&c->arts, sizeof(uint32_t)) : NULL;
		if (!ap) {
			rc = LX_ERR_NOMEM;
			break;
		}
		*s = (skn){cat_str(c, x->eid), x->num, SK_NONE, SK_NONE, x->sub,
		           LX_NODE_ARTICLE};
		*ap = k;
		rc = copy_children(c, x, &sub);
		if (rc == LX_OK)
			LX_VEC_AT(&c->nodes, skn, k).first = sub;
	}
	cd.n_arts = c->arts.n - cd.arts;
	for (size_t k = 0; k < d->cites.n && rc == LX_OK; k++) {
		const lx_cite *ci = &LX_VEC_AT(&d->cites, lx_cite, k);
		if (ci->relation == LX_CITE_REPEAL)
			rc = copy_cite(c, self, ci, d->id, cd.id);
	}
	catdoc *slot = rc == LX_OK ? lx_vec_push(&c->docs, sizeof(catdoc)) : NULL;
	if (slot)
		*slot = cd;
	if (!slot || a->oom) {
		/* Nothing half-added stays counted: the catalogue is unusable
		 * from here (lx_catalog_finish says so). */
		c->oom = true;
		return LX_ERR_NOMEM;
	}
	return LX_OK;
}

/* ---- catalogue entries: what lx_catalog_add records, as text ---- */

#define ENTRY_TAG "LXCAT2;"
#define ENTRY_DEPTH 8 /* paragraphs, items, subitems: three below */

static void e_str(lx_buf *b, const char *s)
{
	if (!s) {
		lx_buf_add(b, "~", 1);
		return;
	}
	char n[32];
	int k = snprintf(n, sizeof(n), "%zu:", strlen(s));
	lx_buf_add(b, n, (size_t)k);
	lx_buf_adds(b, s);
}

static void e_num(lx_buf *b, long v)
{
	char n[32];
	int k = snprintf(n, sizeof(n), "%ld;", v);
	lx_buf_add(b, n, (size_t)k);
}

static const skn *cat_node(const lx_catalog *c, uint32_t k)
{
	return &LX_VEC_AT(&c->nodes, skn, k);
}

/* The eid of a node under one whose eid is up: "^" and what follows
 * up + "__" when it begins so (art_2__para_1 under art_2: ^6:para_1),
 * else whole. */
static void e_eid(lx_buf *b, const char *eid, const char *up)
{
	size_t ul = up ? strlen(up) : 0;
	if (eid && up && !strncmp(eid, up, ul) && !strncmp(eid + ul, "__", 2)) {
		lx_buf_add(b, "^", 1);
		eid += ul + 2;
	}
	e_str(b, eid);
}

/* The nodes of a sibling chain from first, each with its own below. */
static void e_nodes(lx_buf *b, const lx_catalog *c, uint32_t first,
                    const char *up)
{
	long n = 0;
	for (uint32_t k = first; k != SK_NONE; k = cat_node(c, k)->next)
		n++;
	e_num(b, n);
	for (uint32_t k = first; k != SK_NONE; k = cat_node(c, k)->next) {
		const skn *x = cat_node(c, k);
		e_eid(b, x->eid, up);
		e_num(b, x->num);
		e_num(b, x->sub);
		e_num(b, x->type);
		e_nodes(b, c, x->first, x->eid);
	}
}

/* Document i of c (not finished: its id as parsed) as an entry. */
static void e_doc(lx_buf *b, const lx_catalog *c, size_t i)
{
	const catdoc *cd = cat_doc(c, i);
	lx_buf_adds(b, ENTRY_TAG);
	const char *strs[] = {cd->orig_id,      cd->version,    cd->effective,
	                      cd->expires,      cd->jurisdiction, cd->title_key,
	                      cd->notice_key,   cd->num_key};
	for (size_t k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
		e_str(b, strs[k]);
	e_num(b, cd->draft);
	e_num(b, (long)cd->n_arts);
	for (size_t a = 0; a < cd->n_arts; a++) {
		const skn *x = cat_node(
			c, LX_VEC_AT(&c->arts, uint32_t, cd->arts + a));
		e_str(b, x->eid);
		e_num(b, x->num);
		e_num(b, x->sub);
		e_nodes(b, c, x->first, x->eid);
	}
	long nrep = 0;
	for (size_t k = 0; k < c->repeals.n; k++)
		nrep += LX_VEC_AT(&c->repeals, repcite, k).by == i;
	e_num(b, nrep);
	for (size_t k = 0; k < c->repeals.n; k++) {
		const repcite *r = &LX_VEC_AT(&c->repeals, repcite, k);
		if (r->by != i)
			continue;
		const lx_cite *x = &r->c;
		/* The citing document's own id by address (copy_cite). */
		e_num(b, x->doc == cd->id);
		if (x->doc != cd->id)
			e_str(b, x->doc);
		e_num(b, (long)x->start);
		e_num(b, (long)x->end);
		e_num(b, x->kind);
		e_num(b, x->relation);
		e_str(b, x->title);
		e_str(b, x->doc_number);
		e_num(b, (long)x->n_targets);
		for (size_t t = 0; t < x->n_targets; t++) {
			e_num(b, x->targets[t].doc == cd->id);
			if (x->targets[t].doc != cd->id)
				e_str(b, x->targets[t].doc);
			e_str(b, x->targets[t].eid);
		}
		e_num(b, x->resolved);
		e_num(b, !x->reason ? 0 : x->reason == no_earlier ? 1 : 2);
		if (x->reason && x->reason != no_earlier)
			e_str(b, x->reason);
		e_num(b, (long)x->n_refs);
		for (size_t q = 0; q < x->n_refs; q++) {
			const lx_ref *f = &x->refs[q];
			e_num(b, f->art);
			e_num(b, f->para);
			e_num(b, f->item);
			e_num(b, f->subitem);
			e_num(b, f->art_sub);
		}
		e_str(b, x->name_run);
	}
}

int lx_catalog_entry(const lx_doc *d, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	lx_catalog *c;
	if (lx_catalog_new(&c))
		return LX_ERR_NOMEM;
	int rc = lx_catalog_add(c, d);
	lx_buf b = {0};
	if (rc == LX_OK)
		e_doc(&b, c, 0);
	lx_catalog_free(c);
	if (rc || b.oom) {
		lx_buf_free(&b);
		return rc ? rc : LX_ERR_NOMEM;
	}
	*len = b.len;
	*out = lx_buf_take(&b);
	return *out ? LX_OK : LX_ERR_NOMEM;
}

/* Reading an entry: bad on anything out of form. */
typedef struct erd {
	const char *p, *end;
	lx_catalog *c;
	bool bad;
} erd;

static long g_num(erd *r, long lo, long hi)
{
	if (r->bad)
		return 0;
	const char *q = r->p;
	bool neg = q < r->end && *q == '-';
	q += neg;
	long v = 0;
	size_t digits = 0;
	for (; q < r->end && *q >= '0' && *q <= '9' && digits < 18; q++, digits++)
		v = v * 10 + (*q - '0');
	if (!digits || q >= r->end || *q != ';') {
		r->bad = true;
		return 0;
	}
	r->p = q + 1;
	v = neg ? -v : v;
	if (v < lo || v > hi) {
		r->bad = true;
		return 0;
	}
	return v;
}

/* A string copied into the catalogue, or NULL (written "~", or bad). */
static const char *g_str(erd *r)
{
	if (r->bad)
		return NULL;
	if (r->p < r->end && *r->p == '~') {
		r->p++;
		return NULL;
	}
	const char *q = r->p;
	size_t n = 0, digits = 0;
	for (; q < r->end && *q >= '0' && *q <= '9' && digits < 12; q++, digits++)
		n = n * 10 + (size_t)(*q - '0');
	if (!digits || q >= r->end || *q != ':' || n > (size_t)(r->end - q - 1) ||
	    memchr(q + 1, '\0', n)) {
		r->bad = true;
		return NULL;
	}
	char *s = lx_arena_alloc(&r->c->arena, n + 1);
	if (!s) {
		r->bad = true;
		return NULL;
	}
	memcpy(s, q + 1, n);
	s[n] = '\0';
	r->p = q + 1 + n;
	return s;
}

/* An eid as e_eid wrote it, under up. */
static const char *g_eid(erd *r, const char *up)
{
	if (r->bad || r->p >= r->end || *r->p != '^')
		return g_str(r);
	r->p++;
	const char *tail = g_str(r);
	if (!up || !tail) {
		r->bad = true;
		return NULL;
	}
	/* Joined by hand: printf here was a tenth of an incremental
	 * run's reading. */
	size_t ul = strlen(up), tl = strlen(tail);
	char *e = lx_arena_alloc(&r->c->arena, ul + tl + 3);
	if (!e) {
		r->bad = true;
		return NULL;
	}
	memcpy(e, up, ul);
	memcpy(e + ul, "__", 2);
	memcpy(e + ul + 2, tail, tl + 1);
	return e;
}

/* A sibling chain of nodes, as e_nodes wrote it; its first in *first. */
static void g_nodes(erd *r, int depth, uint32_t *first, const char *up)
{
	lx_catalog *c = r->c;
	*first = SK_NONE;
	long n = g_num(r, 0, (long)(r->end - r->p));
	if (n && depth >= ENTRY_DEPTH)
		r->bad = true;
	uint32_t prev = SK_NONE;
	for (long i = 0; i < n && !r->bad; i++) {
		const char *eid = g_eid(r, up);
		long num = g_num(r, LONG_MIN / 2, LONG_MAX / 2);
		long sub = g_num(r, INT_MIN, INT_MAX);
		long type = g_num(r, 0, UCHAR_MAX);
		if (r->bad || c->nodes.n >= SK_NONE) {
			r->bad = true;
			break;
		}
		uint32_t k = (uint32_t)c->nodes.n;
		skn *x = lx_vec_push(&c->nodes, sizeof(skn));
		if (!x) {
			r->bad = c->oom = true;
			break;
		}
		*x = (skn){eid, num, SK_NONE, SK_NONE, (int)sub, (unsigned char)type};
		if (prev == SK_NONE)
			*first = k;
		else
			LX_VEC_AT(&c->nodes, skn, prev).next = k;
		prev = k;
		uint32_t below;
		g_nodes(r, depth + 1, &below, eid);
		LX_VEC_AT(&c->nodes, skn, k).first = below;
	}
}

/* A count of things of `size` bytes each and room for them in the
 * catalogue's arena (NULL for none; bad when the count is out of form or
 * memory ran out). */
static void *g_array(erd *r, size_t size, size_t *n)
{
	long k = g_num(r, 0, (long)(r->end - r->p));
	void *v = k && !r->bad ? lx_arena_alloc(&r->c->arena, (size_t)k * size)
	                       : NULL;
	if (k && !v)
		r->bad = true;
	*n = r->bad ? 0 : (size_t)k;
	return v;
}

static void g_cite(erd *r, size_t self, const char *id)
{
	lx_catalog *c = r->c;
	repcite *rp = lx_vec_push(&c->repeals, sizeof(*rp));
	if (!rp) {
		r->bad = c->oom = true;
		return;
	}
	rp->by = self;
	lx_cite *x = &rp->c;
	memset(x, 0, sizeof(*x));
	x->doc = g_num(r, 0, 1) ? id : g_str(r);
	x->start = (size_t)g_num(r, 0, LONG_MAX);
	x->end = (size_t)g_num(r, 0, LONG_MAX);
	x->kind = (lx_cite_kind)g_num(r, LX_CITE_ABSOLUTE, LX_CITE_NAMED_TEXT);
	x->relation = (lx_cite_relation)g_num(r, LX_CITE_CITES, LX_CITE_ISSUES);
	x->title = g_str(r);
	x->doc_number = g_str(r);
	x->targets = g_array(r, sizeof(lx_target), &x->n_targets);
	for (size_t t = 0; t < x->n_targets && !r->bad; t++) {
		x->targets[t].doc = g_num(r, 0, 1) ? id : g_str(r);
		x->targets[t].eid = g_str(r);
	}
	x->resolved = g_num(r, 0, 1);
	long why = g_num(r, 0, 2);
	x->reason = why == 1 ? no_earlier : why == 2 ? g_str(r) : NULL;
	x->refs = g_array(r, sizeof(lx_ref), &x->n_refs);
	for (size_t q = 0; q < x->n_refs && !r->bad; q++) {
		lx_ref *f = &x->refs[q];
		f->art = g_num(r, LONG_MIN / 2, LONG_MAX / 2);
		f->para = g_num(r, LONG_MIN / 2, LONG_MAX / 2);
		f->item = g_num(r, LONG_MIN / 2, LONG_MAX / 2);
		f->subitem = g_num(r, LONG_MIN / 2, LONG_MAX / 2);
		f->art_sub = (int)g_num(r, INT_MIN, INT_MAX);
	}
	if (r->bad)
		x->n_targets = x->n_refs = 0;
	x->name_run = g_str(r);
}

int lx_catalog_add_entry(lx_catalog *c, const char *e, size_t len)
{
	if (c->finished || c->ids)
		return LX_ERR_USAGE;
	size_t tag = strlen(ENTRY_TAG);
	if (len < tag || memcmp(e, ENTRY_TAG, tag))
		return LX_ERR_DAMAGED;
	erd r = {e + tag, e + len, c, false};
	size_t self = c->docs.n, nodes0 = c->nodes.n, arts0 = c->arts.n,
	       reps0 = c->repeals.n;
	catdoc cd = {0};
	cd.orig_id = cd.id = g_str(&r);
	cd.version = g_str(&r);
	cd.effective = g_str(&r);
	cd.expires = g_str(&r);
	cd.jurisdiction = g_str(&r);
	cd.title_key = g_str(&r);
	cd.notice_key = g_str(&r);
	cd.num_key = g_str(&r);
	cd.draft = g_num(&r, 0, 1);
	cd.arts = c->arts.n;
	long na = g_num(&r, 0, (long)(r.end - r.p));
	for (long a = 0; a < na && !r.bad; a++) {
		const char *eid = g_str(&r);
		long num = g_num(&r, LONG_MIN / 2, LONG_MAX / 2);
		long sub = g_num(&r, INT_MIN, INT_MAX);
		if (r.bad || c->nodes.n >= SK_NONE) {
			r.bad = true;
			break;
		}
		uint32_t k = (uint32_t)c->nodes.n, below;
		skn *x = lx_vec_push(&c->nodes, sizeof(skn));
		uint32_t *ap = x ? lx_vec_push(&c->arts, sizeof(uint32_t)) : NULL;
		if (!ap) {
			r.bad = c->oom = true;
			break;
		}
		*x = (skn){eid, num, SK_NONE, SK_NONE, (int)sub, LX_NODE_ARTICLE};
		*ap = k;
		g_nodes(&r, 1, &below, eid);
		LX_VEC_AT(&c->nodes, skn, k).first = below;
	}
	cd.n_arts = c->arts.n - cd.arts;
	long nrep = g_num(&r, 0, (long)(r.end - r.p));
	for (long k = 0; k < nrep && !r.bad; k++)
		g_cite(&r, self, cd.id);
	catdoc *slot = !r.bad && r.p == r.end && !c->arena.oom
	                       ? lx_vec_push(&c->docs, sizeof(catdoc))
	                       : NULL;
	if (slot) {
		*slot = cd;
		return LX_OK;
	}
	/* Nothing of it stays (its strings stay in the arena, unused). */
	c->nodes.n = nodes0;
	c->arts.n = arts0;
	c->repeals.n = reps0;
	if (c->oom || c->arena.oom || (!r.bad && r.p == r.end)) {
		c->oom = true;
		return LX_ERR_NOMEM;
	}
	return LX_ERR_DAMAGED;
}

/* Resolves the kept repeals, then derives the statuses. */
static int catalog_status(lx_catalog *c)
{
	char today[11];
	today_or(c->as_of, today);
	lx_vec reps = {0};
	int rc = LX_OK;
	for (size_t i = 0; i < c->repeals.n && rc == LX_OK; i++) {
		const repcite *r = &LX_VEC_AT(&c->repeals, repcite, i);
		rc = add_repeals(&reps, r->by, cat_doc(c, r->by)->id, &r->c, 1,
		                 sizeof(lx_cite));
	}
	if (rc == LX_OK)
		rc = derive_status(c->docs.v, c->docs.n, &reps, today);
	lx_vec_free(&reps);
	return rc;
}

int lx_catalog_finish(lx_catalog *c)
{
	if (c->ids)
		return LX_ERR_USAGE;
	if (c->oom)
		return LX_ERR_NOMEM;
	if (c->finished)
		return LX_OK;
	int rc = dup_numbers(&c->docs);
	/* The ids of the set: id~N for the N-th of one id. */
	for (size_t i = 0; i < c->docs.n && rc == LX_OK; i++) {
		catdoc *d = &LX_VEC_AT(&c->docs, catdoc, i);
		if (!d->dup)
			continue;
		const char *id = lx_arena_printf(&c->arena, "%s~%zu", d->orig_id,
		                                 d->dup);
		if (!id) {
			rc = LX_ERR_NOMEM;
			break;
		}
		d->id = id;
	}
	/* The kept repeals follow their document's new id. */
	for (size_t i = 0; i < c->repeals.n && rc == LX_OK; i++) {
		repcite *r = &LX_VEC_AT(&c->repeals, repcite, i);
		const catdoc *d = cat_doc(c, r->by);
		if (r->c.doc == d->orig_id)
			r->c.doc = d->id;
		for (size_t t = 0; t < r->c.n_targets; t++)
			if (r->c.targets[t].doc == d->orig_id)
				r->c.targets[t].doc = d->id;
	}
	if (rc == LX_OK)
		rc = build_indexes(c);
	/* The repeals resolved as lx_set_resolve resolves them in their
	 * documents, for the statuses. */
	lx_vec tg = {0};
	for (size_t i = 0; i < c->repeals.n && rc == LX_OK; i++) {
		repcite *r = &LX_VEC_AT(&c->repeals, repcite, i);
		const catdoc *d = cat_doc(c, r->by);
		rc = resolve_cite(c, r->by, d->title_key,
		                  d->version ? d->version : d->effective, &r->c,
		                  &c->arena, &tg);
	}
	lx_vec_free(&tg);
	if (rc == LX_OK && c->arena.oom)
		rc = LX_ERR_NOMEM;
	if (rc == LX_OK)
		rc = catalog_status(c);
	if (rc == LX_OK)
		c->finished = true;
	else
		c->oom = true;
	return rc;
}

int lx_catalog_as_of(lx_catalog *c, const char *date)
{
	if (!good_date(date))
		return LX_ERR_USAGE;
	if (date)
		memcpy(c->as_of, date, 11);
	else
		c->as_of[0] = '\0';
	return c->finished ? catalog_status(c) : LX_OK;
}

const char *lx_catalog_id(const lx_catalog *c, size_t i)
{
	return c->finished && i < c->docs.n ? cat_doc(c, i)->id : NULL;
}

int lx_catalog_resolve(const lx_catalog *c, size_t i, lx_doc *d)
{
	if (!c->finished || i >= c->docs.n)
		return LX_ERR_USAGE;
	const catdoc *cd = cat_doc(c, i);
	/* The same document as the one added (parsed the same way). */
	if (!d->id != !cd->orig_id || (d->id && strcmp(d->id, cd->orig_id)))
		return LX_ERR_USAGE;
	int rc = LX_OK;
	if (cd->dup) {
		const char *id;
		rc = rename_doc(d, cd->dup, &id);
	}
	lx_vec tg = {0};
	if (rc == LX_OK)
		rc = resolve_doc(c, i, d, &tg);
	lx_vec_free(&tg);
	if (rc == LX_OK && !cd->draft)
		d->status = cd->status;
	return rc;
}

/* FNV-1a: where an id goes in the table. */
static size_t id_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot of id in a table of cap slots (a power of two): its own, or
 * the empty one it would take. */
static struct idslot *id_slot(struct idslot *t, size_t cap, const char *id)
{
	size_t k = id_hash(id) & (cap - 1);
	while (t[k].id && strcmp(t[k].id, id))
		k = (k + 1) & (cap - 1);
	return &t[k];
}

int lx_catalog_name(lx_catalog *c, lx_doc *d)
{
	if (c->docs.n || c->finished)
		return LX_ERR_USAGE;
	if (c->oom)
		return LX_ERR_NOMEM;
	if (2 * (c->ids_n + 1) > c->ids_cap) {
		size_t cap = c->ids_cap ? 2 * c->ids_cap : 1024;
		struct idslot *t = calloc(cap, sizeof(*t));
		if (!t)
			return LX_ERR_NOMEM;
		for (size_t k = 0; k < c->ids_cap; k++)
			if (c->ids[k].id)
				*id_slot(t, cap, c->ids[k].id) = c->ids[k];
		free(c->ids);
		c->ids = t;
		c->ids_cap = cap;
	}
	/* No id is the empty one, as dup_numbers has it. */
	const char *id = d->id ? d->id : "";
	struct idslot *e = id_slot(c->ids, c->ids_cap, id);
	if (!e->id) {
		if (!(e->id = lx_arena_strdup(&c->arena, id)))
			return LX_ERR_NOMEM;
		c->ids_n++;
	}
	const char *renamed;
	/* The N-th document of one id is id~N (dup_numbers). */
	return e->count++ ? rename_doc(d, e->count, &renamed) : LX_OK;
}
