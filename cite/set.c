/*
 * set.c: a set of documents given together, and the resolution of the
 * references between them: 《title》 (with or without 中华人民共和国; the
 * version in force at the citing document's date), the title of a notice
 * (关于印发〈…〉的通知), and document numbers (西发改文〔2023〕71号); the
 * repeal of an earlier version of the same title (…同时废止 in the new
 * version); and the status of each document as of a date, from what the
 * set knows (a later version, a repeal, an expiry, a future effective date).
 */
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

typedef struct entry {
	const char *key;
	size_t doc;
} entry;

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

typedef struct index {
	entry *e;
	size_t n;
} index_t;

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

/* Picks the version in force at `date` among the candidates: of those
 * whose version date is not after it (all of them when date is NULL), the
 * latest that had started by then (effective date, else version date,
 * on or before it: lexcn/versions.h), else the latest adopted.
 * Several documents may share that title and date (a law split into
 * files, or a duplicate): they are all returned in out[]. */
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

static size_t pick(const lx_set *s, const index_t *ix, size_t first, size_t n,
                   const lx_doc *citing, bool earlier, const char *hint_num,
                   const lx_doc **out, size_t cap, const char **why)
{
	const char *date = version_date(citing);
	if (!date)
		date = citing->effective;
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
		const lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, ix->e[k].doc);
		const char *v = version_date(d);
		if (d == citing)
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
		const lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, ix->e[k].doc);
		const char *v = version_date(d);
		if (d == citing || (date && v && strcmp(v, date) > 0) ||
		    (earlier && ((!v && !undated_earlier(hint_num, date)) ||
		                 (v && !strcmp(v, date)))))
			continue;
		if ((!v && !best) || (v && best && !strcmp(v, best)))
			out[m++] = d;
	}
	return m;
}

/* Ids must name one document in a set: a second document with the same
 * id (a law split into files, a duplicate) becomes id~2, id~3..., in the
 * order of the set, with a diagnostic; its own citations follow. */
static int unique_ids(lx_set *s)
{
	size_t n = s->docs.n;
	entry *e = malloc((n ? n : 1) * sizeof(entry));
	if (!e)
		return LX_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
		e[i].key = d->id ? d->id : "";
		e[i].doc = i;
	}
	qsort(e, n, sizeof(entry), cmp_entry); /* by id, then set order */
	int rc = LX_OK;
	for (size_t i = 1; i < n && rc == LX_OK; i++) {
		size_t run = i;
		while (run > 0 && !strcmp(e[run - 1].key, e[i].key))
			run--;
		if (run == i)
			continue;
		lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, e[i].doc);
		const char *old = d->id;
		const char *id = lx_arena_printf(&d->arena, "%s~%zu", old,
		                                 i - run + 1);
		if (!id) {
			rc = LX_ERR_NOMEM;
			break;
		}
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
	}
	free(e);
	return rc;
}

/* The date statuses are derived at: the set's, else today (local time). */
static void as_of(const lx_set *s, char out[11])
{
	if (s->as_of[0]) {
		memcpy(out, s->as_of, 11);
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

/* The status of every document as of the set's date (drafts keep theirs):
 * 失效 when a document of the set in force by then repeals it, or its
 * validity (有效期, 有效期至) ended before that date; 已被修改 when a later
 * version of the same title and jurisdiction, in force by then (its
 * effective date, else its version date, on or before it), is in the
 * set; 尚未生效 when it takes effect after that date; 有效 otherwise.
 * Sorting makes it O(n log n) in the documents, plus the citations. */
static int set_status(lx_set *s)
{
	size_t n = s->docs.n;
	char today[11];
	as_of(s, today);
	vrec *v = malloc((n ? n : 1) * sizeof(*v));
	entry *by_id = malloc((n ? n : 1) * sizeof(*by_id));
	bool *repealed = calloc(n ? n : 1, sizeof(*repealed)),
	     *amended = calloc(n ? n : 1, sizeof(*amended));
	int rc = v && by_id && repealed && amended ? LX_OK : LX_ERR_NOMEM;
	size_t nv = 0;
	for (size_t i = 0; i < n && rc == LX_OK; i++) {
		lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
		by_id[i] = (entry){d->id ? d->id : "", i};
		const char *key = lx_title_key(&s->arena, d->title);
		if (key && d->version)
			v[nv++] = (vrec){key, d->jurisdiction ? d->jurisdiction : "",
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
				const lx_doc *dk = LX_VEC_AT(&s->docs, lx_doc *,
				                             v[k].doc);
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
		for (size_t i = 0; i < n; i++) {
			const lx_doc *r = LX_VEC_AT(&s->docs, lx_doc *, i);
			const char *from = r->effective ? r->effective : r->version;
			if (is_draft(r->status) || (from && strcmp(from, today) > 0))
				continue;
			for (size_t k = 0; k < r->cites.n; k++) {
				const lx_cite *c = &LX_VEC_AT(&r->cites, lx_cite, k);
				if (c->relation != LX_CITE_REPEAL || !c->resolved)
					continue;
				for (size_t q = 0; q < c->n_targets; q++) {
					if (!c->targets[q].doc || c->targets[q].eid ||
					    !strcmp(c->targets[q].doc, r->id ? r->id : ""))
						continue;
					entry key = {c->targets[q].doc, 0};
					const entry *hit = bsearch(&key, by_id, n,
					                           sizeof(*by_id),
					                           cmp_key);
					if (hit)
						repealed[hit->doc] = true;
				}
			}
		}
		for (size_t i = 0; i < n; i++) {
			lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
			if (is_draft(d->status))
				continue;
			if (repealed[i] ||
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

int lx_set_resolve(lx_set *s)
{
	lx_vec titles = {0}, notices = {0}, numbers = {0};
	int rc = unique_ids(s);
	for (size_t i = 0; i < s->docs.n && rc == LX_OK; i++) {
		lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
		rc = add_entry(&titles, lx_title_key(&s->arena, d->title), i);
		if (rc == LX_OK && d->has_wrapper)
			rc = add_entry(&notices,
			               lx_title_key(&s->arena, d->wrapper.title),
			               i);
		if (rc == LX_OK)
			rc = add_entry(&numbers,
			               docnum_key(&s->arena, d->doc_number), i);
	}
	index_t it = {titles.v, titles.n}, in = {notices.v, notices.n},
		nn = {numbers.v, numbers.n};
	if (it.n)
		qsort(it.e, it.n, sizeof(entry), cmp_entry);
	if (in.n)
		qsort(in.e, in.n, sizeof(entry), cmp_entry);
	if (nn.n)
		qsort(nn.e, nn.n, sizeof(entry), cmp_entry);
	lx_vec tg = {0};
	for (size_t i = 0; i < s->docs.n && rc == LX_OK; i++) {
		lx_doc *d = LX_VEC_AT(&s->docs, lx_doc *, i);
		const char *own = lx_title_key(&d->arena, d->title);
		for (size_t k = 0; k < d->cites.n; k++) {
			lx_cite *c = &LX_VEC_AT(&d->cites, lx_cite, k);
			/* 《X省物业管理条例》……同时废止 in a new X省物业管理条例:
			 * the earlier version of that title, never the
			 * document itself (which its own title names). */
			bool earlier = false;
			if (c->relation == LX_CITE_REPEAL &&
			    c->kind == LX_CITE_DOCUMENT && c->title && own) {
				const char *key =
					lx_title_key(&d->arena, c->title);
				earlier = key && !strcmp(key, own);
			}
			if (earlier && (c->resolved || c->n_targets ||
			                c->reason != no_earlier)) {
				c->targets = NULL;
				c->n_targets = 0;
				c->resolved = false;
				c->reason = no_earlier;
			}
			if (c->resolved || !c->reason ||
			    (strcmp(c->reason, "document not in set") &&
			     c->reason != no_earlier && !c->name_run))
				continue;
			size_t first = 0, n = 0;
			const index_t *ix = &it;
			if (c->name_run) {
				/* 依照刑法: the longest ending that is a title
				 * (中华人民共和国刑法 has the key 刑法). */
				const char *r = c->name_run;
				size_t rl = strlen(r);
				for (size_t o = 0; o + 6 <= rl && !n; o += 3) {
					const char *key = lx_title_key(&d->arena, r + o);
					n = key ? lookup(&it, key, &first) : 0;
					if (n)
						c->title = lx_arena_strdup(&d->arena,
						                           r + o);
				}
				if (!n)
					continue;
			} else if (c->title) {
				const char *key = lx_title_key(&d->arena, c->title);
				n = key ? lookup(&it, key, &first) : 0;
				if (!n && key) {
					ix = &in;
					n = lookup(&in, key, &first);
				}
			}
			if (!n && c->doc_number) {
				const char *key =
					docnum_key(&d->arena, c->doc_number);
				ix = &nn;
				n = key ? lookup(&nn, key, &first) : 0;
			}
			if (!n)
				continue;
			const char *why = NULL;
			const lx_doc *cand[16];
			size_t nc = pick(s, ix, first, n, d, earlier,
			                 c->doc_number, cand, 16,
			                 &why);
			if (!nc) {
				c->reason = why;
				continue;
			}
			const lx_doc *t = cand[0];
			tg.n = 0;
			if (nc > 1 && c->n_refs) {
				/* One law in several files (民法典 by 编): the
				 * one file that holds every member. */
				size_t holds = 0;
				for (size_t q = 0; q < nc; q++) {
					tg.n = 0;
					if (!lx_cite_resolve_refs(cand[q], cand[q]->id,
					                          NULL, c->refs,
					                          c->n_refs, &d->arena,
					                          &tg)) {
						t = cand[q];
						holds++;
					}
				}
				tg.n = 0;
				if (holds != 1) {
					c->reason = lx_arena_printf(
						&d->arena,
						"ambiguous: %zu documents of that title "
						"and date%s",
						nc, holds ? " hold it" : ", none holds it");
					continue;
				}
			} else if (nc > 1) {
				c->reason = lx_arena_printf(
					&d->arena,
					"ambiguous: %zu documents of that title and "
					"date",
					nc);
				continue;
			}
			const char *tid = lx_arena_strdup(&d->arena, t->id);
			if (c->n_refs) {
				why = lx_cite_resolve_refs(t, tid, NULL, c->refs,
				                           c->n_refs, &d->arena,
				                           &tg);
				/* Target eids live in the target's arena:
				 * copy them into the citing document's. */
				for (size_t q = 0; q < tg.n; q++) {
					lx_target *x =
						&LX_VEC_AT(&tg, lx_target, q);
					x->eid = lx_arena_strdup(&d->arena,
					                         x->eid);
				}
			} else {
				lx_target *x = lx_vec_push(&tg, sizeof(*x));
				if (!x) {
					rc = LX_ERR_NOMEM;
					break;
				}
				x->doc = tid;
			}
			c->targets = tg.n ? lx_arena_alloc(&d->arena,
			                                   tg.n * sizeof(lx_target))
			                  : NULL;
			if (c->targets)
				memcpy(c->targets, tg.v, tg.n * sizeof(lx_target));
			c->n_targets = c->targets ? tg.n : 0;
			c->resolved = !why && c->n_targets > 0;
			c->reason = c->resolved ? NULL
			            : why       ? why
			                        : "nothing found";
		}
		if (d->oom)
			rc = LX_ERR_NOMEM;
	}
	lx_vec_free(&tg);
	lx_vec_free(&titles);
	lx_vec_free(&notices);
	lx_vec_free(&numbers);
	if (rc == LX_OK) {
		s->resolved = true;
		rc = set_status(s);
	}
	return rc;
}

int lx_set_as_of(lx_set *s, const char *date)
{
	int y, m, d;
	char tail;
	if (date && (strlen(date) != 10 ||
	             sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	             date[4] != '-' || date[7] != '-' || m < 1 || m > 12 ||
	             d < 1 || d > 31))
		return LX_ERR_USAGE;
	if (date)
		memcpy(s->as_of, date, 11);
	else
		s->as_of[0] = '\0';
	return s->resolved ? set_status(s) : LX_OK;
}
