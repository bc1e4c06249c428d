/*
 * versions.c: a law through time (lexcn/versions.h): works and their
 * versions in date order, the version in force on a date and the statuses
 * dates give, and renumbering maps between consecutive versions from the
 * article pairs of lx_diff_docs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lexcn/versions.h>
#include "../parser/lx_int.h"
#include "diff_int.h"

const char *lx_version_start(const lx_doc *d)
{
	return d->effective ? d->effective : d->version;
}

/* The date a version is ordered by: its version date, else its start. */
static const char *order_date(const lx_doc *d)
{
	const char *v = d->version ? d->version : d->effective;
	return v ? v : "";
}

bool lx_version_same(const lx_doc *a, const lx_doc *b)
{
	return !strcmp(order_date(a), order_date(b));
}

/* ---- works ---------------------------------------------------------------- */

typedef struct wkey {
	const char *key; /* title key, \x1f, jurisdiction */
	size_t doc;
} wkey;

static int cmp_wkey(const void *a, const void *b)
{
	const wkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->doc < y->doc ? -1 : x->doc > y->doc);
}

static size_t find_root(size_t *up, size_t i)
{
	while (up[i] != i) {
		up[i] = up[up[i]]; /* path halving: near-linear overall */
		i = up[i];
	}
	return i;
}

static void join(size_t *up, size_t a, size_t b)
{
	a = find_root(up, a);
	b = find_root(up, b);
	/* The smaller index is the root: a work is numbered by its first
	 * document. */
	if (a < b)
		up[b] = a;
	else if (b < a)
		up[a] = b;
}

static const char *work_key(lx_arena *a, const char *title, const lx_doc *d)
{
	const char *t = lx_title_key(a, title);
	if (!t)
		return NULL;
	return lx_arena_printf(a, "%s\x1f%s", t,
	                       d->jurisdiction ? d->jurisdiction : "");
}

/* Former titles a version's history records: the one law a decision it
 * was amended by is about (根据《全国人民代表大会常务委员会关于修改〈旧名〉的
 * 决定》修正: 〉 then 的决定 at once, so that a decision amending several
 * laws, 关于修改〈A〉等十二部法律的决定 or 〈A〉和〈B〉, names no former title),
 * and 原名称《旧名》 / 原名《旧名》 in the header.  Only titles whose key
 * differs from the document's own count, and a decision's only while no
 * earlier event named the document's own title: a decision about another
 * law that also amended this one (1986 《关于修改〈地方组织法〉的决定》 in the
 * history of 人民法院组织法, after its own 1983 decision) is no rename.
 * *own_seen carries that across the events, in order. */
static const struct {
	const char *open, *close, *inner; /* inner: a title mark opening */
} rename_marks[] = {{"关于修改〈", "〉的决定", "〈"}, {"原名称为《", "》", "《"},
                    {"原名称《", "》", "《"},        {"原名为《", "》", "《"},
                    {"原名《", "》", "《"},          {NULL, NULL, NULL}};

static int scan_former(lx_arena *a, const char *s, const lx_doc *d,
                       const char *own, bool *own_seen, lx_vec *out)
{
	for (size_t m = 0; s && rename_marks[m].open; m++) {
		const char *mark = rename_marks[m].open,
		           *close = rename_marks[m].close;
		for (const char *p = strstr(s, mark); p; p = strstr(p + 1, mark)) {
			const char *b = p + strlen(mark), *e = strstr(b, close);
			/* Nothing between, or another title first (〈A〉和〈B〉). */
			const char *other = strstr(b, rename_marks[m].inner);
			if (!e || e == b || (other && other < e))
				continue;
			char *t = lx_arena_strndup(a, b, (size_t)(e - b));
			const char *k = t ? work_key(a, t, d) : NULL;
			if (!t || !k)
				return LX_ERR_NOMEM;
			bool decision = m == 0;
			if (!strcmp(k, own)) {
				*own_seen |= decision;
				continue;
			}
			if (decision && *own_seen)
				continue;
			const char **slot = lx_vec_push(out, sizeof(char *));
			if (!slot)
				return LX_ERR_NOMEM;
			*slot = k;
		}
	}
	return LX_OK;
}

typedef struct ord {
	size_t work, doc;
	const char *date;
} ord;

static int cmp_ord(const void *a, const void *b)
{
	const ord *x = a, *y = b;
	if (x->work != y->work)
		return x->work < y->work ? -1 : 1;
	int c = strcmp(x->date, y->date);
	return c ? c : (x->doc < y->doc ? -1 : x->doc > y->doc);
}

int lx_works_order(lx_doc *const *docs, size_t n, size_t *order, size_t *work)
{
	lx_arena a = {0};
	lx_vec former = {0}; /* wkey: a former title of doc */
	wkey *own = malloc((n ? n : 1) * sizeof(*own));
	size_t *up = malloc((n ? n : 1) * sizeof(*up)),
	       *num = malloc((n ? n : 1) * sizeof(*num));
	ord *o = malloc((n ? n : 1) * sizeof(*o));
	int rc = own && up && num && o ? LX_OK : LX_ERR_NOMEM;
	for (size_t i = 0; i < n && rc == LX_OK; i++) {
		const lx_doc *d = docs[i];
		up[i] = i;
		/* Without a title, a document is a work of its own (its
		 * file): _index.md files are not versions of each other. */
		const char *k = d->title ? work_key(&a, d->title, d)
		                         : lx_arena_printf(&a, "\x1e%s", d->path);
		if (!k) {
			rc = LX_ERR_NOMEM;
			break;
		}
		own[i] = (wkey){k, i};
		/* The header lines hold the history events as written, in
		 * order (lx_event.by is the body alone). */
		lx_vec ks = {0};
		bool own_seen = false;
		for (size_t h = 0; h < d->header.n && rc == LX_OK; h++)
			rc = scan_former(&a,
			                 LX_VEC_AT(&d->header, lx_text_line, h).text,
			                 d, k, &own_seen, &ks);
		for (size_t q = 0; q < ks.n && rc == LX_OK; q++) {
			wkey *w = lx_vec_push(&former, sizeof(*w));
			if (!w)
				rc = LX_ERR_NOMEM;
			else
				*w = (wkey){LX_VEC_AT(&ks, const char *, q), i};
		}
		lx_vec_free(&ks);
	}
	if (rc == LX_OK) {
		if (n)
			qsort(own, n, sizeof(*own), cmp_wkey);
		for (size_t i = 1; i < n; i++)
			if (!strcmp(own[i].key, own[i - 1].key))
				join(up, own[i].doc, own[i - 1].doc);
		/* A rename: the version joins the work of its former title. */
		for (size_t f = 0; f < former.n; f++) {
			const wkey *w = &LX_VEC_AT(&former, wkey, f);
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (strcmp(own[mid].key, w->key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < n && !strcmp(own[lo].key, w->key))
				join(up, w->doc, own[lo].doc);
		}
		/* Works numbered by their first document. */
		size_t next = 0;
		for (size_t i = 0; i < n; i++)
			num[i] = (size_t)-1;
		for (size_t i = 0; i < n; i++) {
			size_t r = find_root(up, i);
			if (num[r] == (size_t)-1)
				num[r] = next++;
			o[i] = (ord){num[r], i, order_date(docs[i])};
		}
		if (n)
			qsort(o, n, sizeof(*o), cmp_ord);
		for (size_t i = 0; i < n; i++) {
			order[i] = o[i].doc;
			work[i] = o[i].work;
		}
	}
	free(own);
	free(up);
	free(num);
	free(o);
	lx_vec_free(&former);
	lx_arena_free(&a);
	return rc;
}

size_t lx_version_in_force(lx_doc *const *v, size_t n, const char *date)
{
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		const char *s = lx_version_start(v[i]);
		/* Versions are in date order: the last one started wins. */
		if (s && strcmp(s, date) <= 0)
			best = i;
	}
	return best;
}

const char *lx_version_status(lx_doc *const *v, size_t n, size_t i,
                              const char *date)
{
	const lx_doc *d = v[i];
	if (d->status && (!strcmp(d->status, "草案") ||
	                  !strcmp(d->status, "征求意见稿")))
		return d->status;
	const char *s = lx_version_start(d);
	if (s && strcmp(s, date) > 0)
		return "尚未生效";
	/* Amended by a later version that has started; an undated text
	 * cannot be placed before another, nor can one of its own date. */
	for (size_t k = i + 1; *order_date(d) && k < n; k++) {
		const char *sk = lx_version_start(v[k]);
		if (sk && strcmp(sk, date) <= 0 && !lx_version_same(d, v[k]))
			return "已被修改";
	}
	if (d->expires && strcmp(d->expires, date) < 0)
		return "失效";
	return "有效";
}

/* ---- maps ----------------------------------------------------------------- */

struct lx_vmap {
	lx_arena arena;
	const char *old_id, *new_id;
	lx_vec rows; /* lx_map_row */
	/* Lookup (lx_vmap_find): the rows by old eid, and the article rows
	 * by old label, each sorted (first row of a key first); built by
	 * finish(). */
	size_t *by_eid, n_eid, *by_label, n_label;
};

static const lx_map_row *row_at(const lx_vmap *m, size_t i)
{
	return &LX_VEC_AT(&m->rows, lx_map_row, i);
}

/* The key of row i in a lookup: its old eid (label 0) or old label. */
static const char *key_of(const lx_vmap *m, size_t i, bool label)
{
	return label ? row_at(m, i)->old_label : row_at(m, i)->old_eid;
}

typedef struct sort_ctx {
	const lx_vmap *m;
	bool label;
} sort_ctx;

static int cmp_rows(const void *a, const void *b, void *ctx)
{
	const sort_ctx *c = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int r = strcmp(key_of(c->m, x, c->label), key_of(c->m, y, c->label));
	return r ? r : (x < y ? -1 : x > y);
}

/* Builds the lookup arrays: O(r log r) once, so that following many
 * citations costs O(log r) each. */
static int finish(lx_vmap *m)
{
	size_t n = m->rows.n;
	m->by_eid = malloc((n ? n : 1) * sizeof(size_t));
	m->by_label = malloc((n ? n : 1) * sizeof(size_t));
	if (!m->by_eid || !m->by_label)
		return LX_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const lx_map_row *r = row_at(m, i);
		if (r->old_eid)
			m->by_eid[m->n_eid++] = i;
		/* Labels of paragraphs and items repeat: articles only. */
		if (r->old_eid && r->old_label && !strstr(r->old_eid, "__"))
			m->by_label[m->n_label++] = i;
	}
	sort_ctx ce = {m, false}, cl = {m, true};
	qsort_r(m->by_eid, m->n_eid, sizeof(size_t), cmp_rows, &ce);
	qsort_r(m->by_label, m->n_label, sizeof(size_t), cmp_rows, &cl);
	return LX_OK;
}

/* The map to *out when rc is LX_OK and finish() succeeds; else freed. */
static int hand_over(lx_vmap *m, int rc, lx_vmap **out)
{
	if (rc == LX_OK)
		rc = finish(m);
	if (rc != LX_OK) {
		lx_vmap_free(m);
		return rc;
	}
	*out = m;
	return LX_OK;
}

static const lx_map_row *lookup(const lx_vmap *m, const size_t *ix, size_t n,
                                bool label, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(key_of(m, ix[mid], label), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(key_of(m, ix[lo], label), key)
	               ? row_at(m, ix[lo])
	               : NULL;
}

static const char *dup(lx_vmap *m, const char *s)
{
	return s ? lx_arena_strdup(&m->arena, s) : NULL;
}

static int add_row(lx_vmap *m, const lx_node *o, const lx_node *n,
                   const char *op)
{
	lx_map_row *r = lx_vec_push(&m->rows, sizeof(*r));
	if (!r)
		return LX_ERR_NOMEM;
	r->old_eid = o ? dup(m, o->eid) : NULL;
	r->old_label = o ? dup(m, o->label) : NULL;
	r->new_eid = n ? dup(m, n->eid) : NULL;
	r->new_label = n ? dup(m, n->label) : NULL;
	r->op = op;
	if ((o && !r->old_eid) || (n && !r->new_eid))
		return LX_ERR_NOMEM;
	return LX_OK;
}

static bool same_text(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The Dice coefficient of two sorted sets of bigrams. */
static double dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			common++;
			i++;
			j++;
		} else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return na + nb ? 2.0 * (double)common / (double)(na + nb) : 0;
}

/* Pairs what is left of op[] and np[] by similarity, best pair first
 * (ties: the earlier old, then the earlier new), at least
 * LX_DIFF_MODIFIED: "modified" rows. */
static int pair_similar(lx_vmap *m, const lx_node *const *op, size_t no,
                        const lx_node *const *np, size_t nn, bool *used_o,
                        bool *used_n, size_t *pair_o, size_t *pair_n,
                        size_t *npairs)
{
	uint64_t *bo[64] = {NULL}, *bn[64] = {NULL};
	size_t lo[64] = {0}, ln[64] = {0};
	int rc = LX_OK;
	for (size_t i = 0; i < no + nn && rc == LX_OK; i++) {
		bool old = i < no;
		size_t k = old ? i : i - no;
		const lx_node *x = old ? op[k] : np[k];
		if ((old ? used_o[k] : used_n[k]) || !x->text)
			continue;
		int32_t *cp = NULL;
		size_t ncp = 0;
		if (!lx_text_bigrams(x->text, &cp, &ncp, old ? &bo[k] : &bn[k],
		                     old ? &lo[k] : &ln[k]))
			rc = LX_ERR_NOMEM;
		free(cp);
	}
	while (rc == LX_OK) {
		double best = LX_DIFF_MODIFIED;
		size_t bi = no, bj = nn;
		for (size_t i = 0; i < no; i++)
			for (size_t j = 0; !used_o[i] && bo[i] && j < nn; j++) {
				if (used_n[j] || !bn[j])
					continue;
				double d = dice(bo[i], lo[i], bn[j], ln[j]);
				if (d > best || (bi == no && d >= best)) {
					best = d;
					bi = i;
					bj = j;
				}
			}
		if (bi == no)
			break;
		used_o[bi] = used_n[bj] = true;
		pair_o[*npairs] = bi;
		pair_n[(*npairs)++] = bj;
		rc = add_row(m, op[bi], np[bj], "modified");
	}
	for (size_t i = 0; i < 64; i++) {
		free(bo[i]);
		free(bn[i]);
	}
	return rc;
}

/* The children of type t of two paired nodes (paragraphs of articles,
 * items of paragraphs): equal texts first (in order), then by similarity
 * (Dice of character bigrams >= 0.5, best first), then, when both have as
 * many, the rest by position; what is left is added or deleted.
 * Each pair's items are paired in turn.  A lone paragraph on both sides
 * gets no row (the article's says it) but its items do.  Quadratic in
 * the children of one node, which are few (at most 64 are paired; the
 * rest of a longer list is left to its parent's row). */
static int map_kids(lx_vmap *m, const lx_node *oa, const lx_node *na,
                    lx_node_type t)
{
	const lx_node *op[64], *np[64];
	size_t no = 0, nn = 0;
	for (const lx_node *c = oa->first; c && no < 64; c = c->next)
		if (c->type == t)
			op[no++] = c;
	for (const lx_node *c = na->first; c && nn < 64; c = c->next)
		if (c->type == t)
			np[nn++] = c;
	if (t == LX_NODE_PARAGRAPH && no == 1 && nn == 1)
		return map_kids(m, op[0], np[0], LX_NODE_ITEM);
	bool used_o[64] = {false}, used_n[64] = {false};
	size_t pair_o[64], pair_n[64], np_ = 0;
	int rc = LX_OK;
	size_t from = 0;
	for (size_t i = 0; i < no && rc == LX_OK; i++)
		for (size_t j = from; j < nn; j++)
			if (!used_n[j] && same_text(op[i]->text, np[j]->text)) {
				used_o[i] = used_n[j] = true;
				from = j + 1;
				rc = add_row(m, op[i], np[j],
				             i == j ? "unchanged" : "renumbered");
				pair_o[np_] = i;
				pair_n[np_++] = j;
				break;
			}
	/* Then by similarity, best first (as lx_diff_docs pairs articles):
	 * the Dice coefficient of their character bigrams >= 0.5. */
	rc = rc == LX_OK ? pair_similar(m, op, no, np, nn, used_o, used_n,
	                                pair_o, pair_n, &np_)
	                 : rc;
	for (size_t i = 0; i < no && rc == LX_OK; i++) {
		if (used_o[i])
			continue;
		if (no == nn && !used_n[i]) {
			used_o[i] = used_n[i] = true;
			rc = add_row(m, op[i], np[i], "modified");
			pair_o[np_] = i;
			pair_n[np_++] = i;
		} else
			rc = add_row(m, op[i], NULL, "deleted");
	}
	for (size_t j = 0; j < nn && rc == LX_OK; j++)
		if (!used_n[j])
			rc = add_row(m, NULL, np[j], "added");
	for (size_t k = 0; k < np_ && rc == LX_OK && t == LX_NODE_PARAGRAPH; k++)
		rc = map_kids(m, op[pair_o[k]], np[pair_n[k]], LX_NODE_ITEM);
	return rc;
}

int lx_vmap_from_docs(lx_vmap **out, const lx_doc *old_doc,
                      const lx_doc *new_doc)
{
	*out = NULL;
	lx_vmap *m = calloc(1, sizeof(*m));
	lx_diff *df = NULL;
	if (!m || lx_diff_docs(&df, old_doc, new_doc)) {
		free(m);
		return LX_ERR_NOMEM;
	}
	m->old_id = dup(m, old_doc->id ? old_doc->id : "");
	m->new_id = dup(m, new_doc->id ? new_doc->id : "");
	int rc = m->old_id && m->new_id ? LX_OK : LX_ERR_NOMEM;
	for (size_t i = 0; i < df->n && rc == LX_OK; i++) {
		const lx_change *c = &df->changes[i];
		const char *op = lx_diff_op_name(c->op);
		/* Moved and same text: "moved"; a modified article that
		 * moved stays "modified" (its text changed, which says
		 * more). */
		if (c->moved && (c->op == LX_OP_UNCHANGED ||
		                 c->op == LX_OP_RENUMBERED))
			op = "moved";
		if (c->op == LX_OP_ADDED) {
			for (size_t k = 0; k < c->n_new && rc == LX_OK; k++)
				rc = add_row(m, NULL, c->new_nodes[k], op);
			continue;
		}
		if (c->op == LX_OP_DELETED) {
			for (size_t k = 0; k < c->n_old && rc == LX_OK; k++)
				rc = add_row(m, c->old_nodes[k], NULL, op);
			continue;
		}
		/* Pairs, splits (one old, several new) and merges. */
		for (size_t a = 0; a < c->n_old && rc == LX_OK; a++)
			for (size_t b = 0; b < c->n_new && rc == LX_OK; b++)
				rc = add_row(m, c->old_nodes[a], c->new_nodes[b], op);
	}
	/* Paragraphs (and their items) of the articles paired one to
	 * one. */
	for (size_t i = 0; i < df->n && rc == LX_OK; i++) {
		const lx_change *c = &df->changes[i];
		if (c->n_old == 1 && c->n_new == 1)
			rc = map_kids(m, c->old_nodes[0], c->new_nodes[0],
			              LX_NODE_PARAGRAPH);
	}
	lx_diff_free(df);
	return hand_over(m, rc, out);
}

static void put(lx_buf *b, const char *s, const char *end)
{
	lx_buf_adds(b, s && *s ? s : "-");
	lx_buf_adds(b, end);
}

char *lx_vmap_text(const lx_vmap *m)
{
	lx_buf b = {0};
	put(&b, m->old_id, "\t");
	put(&b, m->new_id, "\n");
	for (size_t i = 0; i < m->rows.n; i++) {
		const lx_map_row *r = &LX_VEC_AT(&m->rows, lx_map_row, i);
		put(&b, r->old_eid, "\t");
		put(&b, r->old_label, "\t");
		put(&b, r->new_eid, "\t");
		put(&b, r->new_label, "\t");
		put(&b, r->op, "\n");
	}
	return lx_buf_take(&b);
}

/* Field k of a tab-separated line [s, e), "-" as NULL. */
static const char *field(lx_vmap *m, const char **s, const char *e)
{
	const char *t = memchr(*s, '\t', (size_t)(e - *s));
	const char *fe = t ? t : e;
	const char *r = (fe - *s == 1 && **s == '-')
	                        ? NULL
	                        : lx_arena_strndup(&m->arena, *s,
	                                           (size_t)(fe - *s));
	*s = t ? t + 1 : e;
	return r;
}

static const char *const ops[] = {"unchanged", "renumbered", "modified",
                                  "moved",     "split",      "merged",
                                  "added",     "deleted",    NULL};

int lx_vmap_parse(lx_vmap **out, const char *text)
{
	*out = NULL;
	lx_vmap *m = calloc(1, sizeof(*m));
	if (!m)
		return LX_ERR_NOMEM;
	const char *s = text, *e = strchr(s, '\n');
	int rc = e && memchr(s, '\t', (size_t)(e - s)) ? LX_OK : LX_ERR_USAGE;
	if (rc == LX_OK) {
		m->old_id = field(m, &s, e);
		m->new_id = field(m, &s, e);
		s = e + 1;
	}
	while (rc == LX_OK && *s) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		lx_map_row r;
		r.old_eid = field(m, &s, e);
		r.old_label = field(m, &s, e);
		r.new_eid = field(m, &s, e);
		r.new_label = field(m, &s, e);
		const char *op = field(m, &s, e);
		r.op = NULL;
		for (size_t k = 0; op && ops[k]; k++)
			if (!strcmp(op, ops[k]))
				r.op = ops[k];
		lx_map_row *slot = r.op ? lx_vec_push(&m->rows, sizeof(r)) : NULL;
		if (!r.op)
			rc = LX_ERR_USAGE;
		else if (!slot)
			rc = LX_ERR_NOMEM;
		else
			*slot = r;
		s = *e ? e + 1 : e;
	}
	return hand_over(m, rc, out);
}

const char *lx_vmap_old_id(const lx_vmap *m) { return m->old_id; }
const char *lx_vmap_new_id(const lx_vmap *m) { return m->new_id; }

size_t lx_vmap_rows(const lx_vmap *m, const lx_map_row **out)
{
	*out = m->rows.v;
	return m->rows.n;
}

const lx_map_row *lx_vmap_find(const lx_vmap *m, const char *eid)
{
	const lx_map_row *r = lookup(m, m->by_eid, m->n_eid, false, eid);
	return r ? r : lookup(m, m->by_label, m->n_label, true, eid);
}

void lx_vmap_free(lx_vmap *m)
{
	if (!m)
		return;
	lx_vec_free(&m->rows);
	lx_arena_free(&m->arena);
	free(m->by_eid);
	free(m->by_label);
	free(m);
}
