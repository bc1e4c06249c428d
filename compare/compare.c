/*
 * compare.c: rows of corresponding provisions across documents (see
 * compare.h).
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../diff/diff_int.h"
#include "../parser/lx_int.h"
#include "compare_int.h"

typedef struct cart {
	const lx_node *node;
	size_t doc, pos, count; /* position among the count of its document */
	char *text;
	int32_t *cp;
	size_t ncp;
	uint64_t *bg;
	size_t nbg;
	double *w; /* weight of each bigram */
	double wsum;
	int root; /* union-find */
	uint64_t mask; /* documents in its set (at the root) */
	const char *heading; /* 【heading】 or its chapter's, or NULL */
	double rel;          /* pos / (count - 1) */
	size_t tgt[LX_CMP_TARGETS]; /* articles its fines' 违反本条例第X条 name */
	size_t ntgt;
	lx_figure *fig; /* its figures (handed to its cell by collect) */
	size_t nfig;
	uint32_t *ps, *pe; /* the postings of each bigram: [ps, pe) */
	bool fines;        /* a fine of its figures has an act (own_act) */
} cart;

typedef struct edge {
	double sim;
	uint32_t a, b; /* articles (their roots are int already): 16 bytes, the
	                * sort of many edges moves less memory */
} edge;

static int cmp_edge(const void *x, const void *y)
{
	const edge *a = x, *b = y;
	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int find(cart *a, int i)
{
	while (a[i].root != i) {
		a[i].root = a[a[i].root].root;
		i = a[i].root;
	}
	return i;
}

/* Weighted Dice of two articles (bigram arrays sorted). */
static double wdice(const cart *a, const cart *b)
{
	size_t i = 0, j = 0;
	double c = 0;
	while (i < a->nbg && j < b->nbg) {
		if (a->bg[i] < b->bg[j])
			i++;
		else if (a->bg[i] > b->bg[j])
			j++;
		else {
			c += a->w[i];
			i++;
			j++;
		}
	}
	double t = a->wsum + b->wsum;
	return t > 0 ? 2 * c / t : 0;
}

/* Dice of the character bigrams of two short strings (headings). */
static double hdice(const char *x, const char *y)
{
	if (!x || !y)
		return 0;
	if (!strcmp(x, y))
		return 1;
	int32_t a[64], b[64];
	size_t na = 0, nb = 0, lx = strlen(x), ly = strlen(y);
	for (size_t i = 0; i < lx && na < 64;)
		a[na++] = lx_u8_next(x, lx, &i);
	for (size_t i = 0; i < ly && nb < 64;)
		b[nb++] = lx_u8_next(y, ly, &i);
	if (na < 2 || nb < 2)
		return 0;
	size_t common = 0;
	for (size_t i = 0; i + 1 < na; i++)
		for (size_t j = 0; j + 1 < nb; j++)
			if (a[i] == b[j] && a[i + 1] == b[j + 1]) {
				common++;
				break;
			}
	return 2.0 * (double)common / (double)(na - 1 + nb - 1);
}

/* The heading and place terms added to a wording score (compare.h). */
static double penalty_terms(const cart *x, const cart *y, double text)
{
	double d = fabs(x->rel - y->rel);
	double place = d < LX_CMP_PLACE_SPAN ? 1 - d / LX_CMP_PLACE_SPAN : 0;
	return text + LX_CMP_HEADING * hdice(x->heading, y->heading) * (text > 0) +
	       LX_CMP_PLACE * place * (text > 0);
}

/* A fine's act without the 违反本条例第X条规定 that names the article it
 * enforces (their wording is the same in every statute), or NULL. */
static const char *own_act(const lx_figure *f)
{
	const char *s = f->fine ? f->act : NULL;
	if (s && f->target) {
		const char *k = strstr(s, "规定，");
		s = k ? k + strlen("规定，") : NULL;
	}
	return s && *s ? s : NULL;
}

/* The combined score of articles i and j of different documents from
 * their wording's weighted Dice `text` (compare.h). */
static double combined(const cart *a, size_t i, size_t j, double text)
{
	const cart *x = &a[i], *y = &a[j];
	if ((!x->ntgt || !y->ntgt) && x->fines && y->fines) {
		/* penalties without the articles they enforce: by the acts
		 * their fines punish (the clause before them) */
		double t = 0;
		for (size_t p = 0; p < x->nfig; p++)
			for (size_t q = 0; q < y->nfig; q++) {
				const char *u = own_act(&x->fig[p]), *v = own_act(&y->fig[q]);
				double w = u && v ? hdice(u, v) : 0;
				if (w > t)
					t = w;
			}
		return penalty_terms(x, y, LX_CMP_TARGET * t + (1 - LX_CMP_TARGET) * text);
	}
	if (x->ntgt && y->ntgt) {
		/* penalties: by the provisions they enforce first */
		double t = 0;
		for (size_t p = 0; p < x->ntgt; p++)
			for (size_t q = 0; q < y->ntgt; q++) {
				double w = wdice(&a[x->tgt[p]], &a[y->tgt[q]]);
				if (w > t)
					t = w;
			}
		text = LX_CMP_TARGET * t + (1 - LX_CMP_TARGET) * text;
	}
	return penalty_terms(x, y, text);
}

static void free_carts(cart *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].text);
		free(a[i].cp);
		free(a[i].bg);
		free(a[i].w);
		free(a[i].ps);
		free(a[i].pe);
		lx_figure_array_free(a[i].fig, a[i].nfig);
	}
	free(a);
}

/* The heading a provision stands under: its own 【heading】, or its
 * chapter's (or section's). */
static const char *heading_of(const lx_node *a)
{
	if (a->heading)
		return a->heading;
	for (const lx_node *p = a->parent; p; p = p->parent)
		if (p->heading && p->type != LX_NODE_ROOT)
			return p->heading;
	return NULL;
}

/* The article a unit belongs to (itself for an article). */
static const lx_node *article_of(const lx_node *u)
{
	while (u->parent && u->type != LX_NODE_ARTICLE)
		u = u->parent;
	return u;
}

/* The articles that the fines of each article enforce (违反本条例第X条
 * of its own document, lx_figure_get_target): a[i].tgt. */
static void targets(cart *a, size_t na)
{
	for (size_t i = 0, first = 0; i < na; i++) {
		if (i && a[i].doc != a[i - 1].doc)
			first = i;
		const lx_figure *f = a[i].fig;
		a[i].fines = false;
		for (size_t k = 0; k < a[i].nfig; k++)
			a[i].fines |= own_act(&f[k]) != NULL;
		for (size_t k = 0; k < a[i].nfig && a[i].ntgt < LX_CMP_TARGETS; k++) {
			const char *t = f[k].target;
			const char *e = t ? strstr(t, "条") : NULL;
			if (!e)
				continue;
			size_t tl = (size_t)(e - t) + strlen("条");
			/* the article of that label in the same document */
			for (size_t j = first; j < na && a[j].doc == a[i].doc; j++) {
				/* a part: its article's label (the first part) */
				const char *l = article_of(a[j].node)->label;
				if (j != i && l && strlen(l) == tl && !memcmp(l, t, tl)) {
					bool dup = false;
					for (size_t q = 0; q < a[i].ntgt; q++)
						dup |= a[i].tgt[q] == j;
					if (!dup)
						a[i].tgt[a[i].ntgt++] = j;
					break;
				}
			}
		}
	}
}

/* ---- the alignment of the documents in order (compare.h) ---- */

typedef struct apair {
	uint32_t u, r; /* an article of the first document, of the second
	                * (their places in them) */
	double s;      /* their combined score */
} apair;

static int cmp_apair(const void *x, const void *y)
{
	const apair *a = x, *b = y;
	if (a->u != b->u)
		return a->u < b->u ? -1 : 1;
	if (a->r != b->r)
		return a->r < b->r ? -1 : 1;
	return (a->s < b->s) - (a->s > b->s);
}

/* Prefix maximum over the second document's places (a Fenwick tree): the
 * best chain ending at a place below p. */
typedef struct fen {
	double v;
	uint32_t at; /* the pair ending the chain, or UINT32_MAX */
} fen;

static fen fen_query(const fen *t, size_t p)
{
	fen m = {0, UINT32_MAX};
	for (; p > 0; p &= p - 1)
		if (t[p].v > m.v)
			m = t[p];
	return m;
}

static void fen_update(fen *t, size_t size, size_t p, fen x)
{
	for (p++; p <= size; p += p & (~p + 1))
		if (x.v > t[p].v)
			t[p] = x;
}

/* The order-aware alignment of every two documents (compare.h): of the
 * pairs of their articles where one is among the other's LX_CMP_CANDS
 * best matches, worth at least LX_CMP_MUTUAL, the heaviest chain increasing in
 * both documents (each pair worth its score less LX_CMP_GAP), as edges
 * of their score into ev.  start: the first article of
 * each document; best, bsim: the candidates.  false when out of memory. */
static bool chain_edges(const cart *a, size_t n, const size_t *start,
                        const size_t *best, const double *bsim, lx_vec *ev)
{
	enum { K = LX_CMP_CANDS };
	lx_vec pv = {0};
	fen *tree = NULL;
	double *val = NULL;
	uint32_t *back = NULL;
	bool ok = true;
	for (size_t da = 0; ok && da < n; da++)
		for (size_t db = da + 1; ok && db < n; db++) {
			if (start[da] == (size_t)-1 || start[db] == (size_t)-1)
				continue;
			size_t sa = start[da], ca = a[sa].count;
			size_t sb = start[db], cb = a[sb].count;
			pv.n = 0;
			for (size_t i = sa; ok && i < sa + ca; i++)
				for (size_t k = 0; k < K; k++) {
					size_t j = best[(i * n + db) * K + k];
					double sc = bsim[(i * n + db) * K + k];
					if (j == (size_t)-1 || sc < LX_CMP_MUTUAL)
						continue;
					apair *p = lx_vec_push(&pv, sizeof(apair));
					if (!(ok = p != NULL))
						break;
					*p = (apair){(uint32_t)(i - sa), (uint32_t)(j - sb), sc};
				}
			for (size_t j = sb; ok && j < sb + cb; j++)
				for (size_t k = 0; k < K; k++) {
					size_t i = best[(j * n + da) * K + k];
					double sc = bsim[(j * n + da) * K + k];
					if (i == (size_t)-1 || sc < LX_CMP_MUTUAL)
						continue;
					apair *p = lx_vec_push(&pv, sizeof(apair));
					if (!(ok = p != NULL))
						break;
					*p = (apair){(uint32_t)(i - sa), (uint32_t)(j - sb), sc};
				}
			if (!ok || !pv.n)
				continue;
			apair *pp = pv.v;
			qsort(pp, pv.n, sizeof(apair), cmp_apair);
			size_t np = 0; /* one per pair of articles: its best score */
			for (size_t q = 0; q < pv.n; q++)
				if (!np || pp[np - 1].u != pp[q].u || pp[np - 1].r != pp[q].r)
					pp[np++] = pp[q];
			free(tree);
			free(val);
			free(back);
			tree = calloc(cb + 2, sizeof(fen));
			val = malloc((np + 1) * sizeof(double));
			back = malloc((np + 1) * sizeof(uint32_t));
			if (!(ok = tree && val && back))
				break;
			fen top = {0, UINT32_MAX};
			for (size_t q = 0, e; q < np; q = e) {
				/* the pairs of one article of da: none chains another */
				for (e = q; e < np && pp[e].u == pp[q].u; e++) {
					fen f = fen_query(tree, pp[e].r);
					val[e] = f.v + pp[e].s - LX_CMP_GAP;
					back[e] = f.at;
				}
				for (size_t x = q; x < e; x++) {
					fen f = {val[x], (uint32_t)x};
					if (val[x] > 0)
						fen_update(tree, cb, pp[x].r, f);
					if (val[x] > top.v)
						top = f;
				}
			}
			for (uint32_t x = top.at; ok && x != UINT32_MAX; x = back[x]) {
				edge *e = lx_vec_push(ev, sizeof(edge));
				if (!(ok = e != NULL))
					break;
				*e = (edge){pp[x].s, (uint32_t)(sa + pp[x].u),
				            (uint32_t)(sb + pp[x].r)};
			}
		}
	free(tree);
	free(val);
	free(back);
	lx_vec_free(&pv);
	return ok;
}

/* Units that share next to no wording with any other unit of their row
 * leave it (compare.h, LX_CMP_PRUNE): a row of their own.  false when out
 * of memory. */
static bool prune(cart *a, size_t na)
{
	size_t *ord = malloc((na + 1) * sizeof(size_t));
	int *rootof = malloc((na + 1) * sizeof(int));
	bool *out = calloc(na + 1, sizeof(bool));
	if (!ord || !rootof || !out) {
		free(ord);
		free(rootof);
		free(out);
		return false;
	}
	for (size_t i = 0; i < na; i++)
		rootof[i] = find(a, (int)i);
	/* the members of each row together: by root (counting sort) */
	size_t *cnt = calloc(na + 2, sizeof(size_t));
	if (!cnt) {
		free(ord);
		free(rootof);
		free(out);
		return false;
	}
	for (size_t i = 0; i < na; i++)
		cnt[rootof[i] + 1]++;
	for (size_t r = 1; r <= na; r++)
		cnt[r] += cnt[r - 1];
	size_t *at = malloc((na + 1) * sizeof(size_t));
	if (!at) {
		free(cnt);
		free(ord);
		free(rootof);
		free(out);
		return false;
	}
	memcpy(at, cnt, (na + 1) * sizeof(size_t));
	for (size_t i = 0; i < na; i++)
		ord[at[rootof[i]]++] = i;
	for (size_t r = 0; r < na; r++) {
		size_t s = cnt[r], e = cnt[r + 1];
		if (e - s < 2 || e - s > 64)
			continue;
		for (size_t x = s; x < e; x++) {
			double m = 0;
			for (size_t y = s; y < e; y++)
				if (a[ord[y]].doc != a[ord[x]].doc) {
					double w = wdice(&a[ord[x]], &a[ord[y]]);
					if (w > m)
						m = w;
				}
			out[ord[x]] = m < LX_CMP_PRUNE;
		}
		/* the row again: its members that stay, under the first */
		int rep = -1;
		for (size_t x = s; x < e; x++) {
			size_t i = ord[x];
			a[i].root = (int)i;
			a[i].mask = 1ULL << a[i].doc;
			if (out[i])
				continue;
			if (rep < 0)
				rep = (int)i;
			else {
				a[i].root = rep;
				a[rep].mask |= 1ULL << a[i].doc;
			}
		}
	}
	free(at);
	free(cnt);
	free(ord);
	free(rootof);
	free(out);
	return true;
}

/* Units left alone that join the row of their neighbour (compare.h,
 * LX_CMP_ATTACH): a unit whose best match in another document, at least
 * LX_CMP_ATTACH, is in the row that holds the unit before or after it in
 * its own document, joins that row's cell (cells of several units, as
 * when one document says in two paragraphs or three articles what
 * another says in one).  In document order, so that a run of them joins
 * one by one.  false when out of memory. */
static bool attach(cart *a, size_t na, size_t n, const size_t *best,
                   const double *bsim)
{
	enum { K = LX_CMP_CANDS };
	size_t *size = calloc(na + 1, sizeof(size_t));
	if (!size)
		return false;
	for (size_t i = 0; i < na; i++)
		size[find(a, (int)i)]++;
	for (size_t i = 0; i < na; i++) {
		if (size[find(a, (int)i)] != 1)
			continue;
		/* the rows of its neighbours, and its best candidate in each */
		int nb[2] = {-1, -1};
		if (i > 0 && a[i - 1].doc == a[i].doc)
			nb[0] = find(a, (int)i - 1);
		if (i + 1 < na && a[i + 1].doc == a[i].doc)
			nb[1] = find(a, (int)i + 1);
		int r = -1;
		double sr = 0;
		for (size_t e = 0; e < n * K; e++) {
			size_t k = best[i * n * K + e];
			double sk = bsim[i * n * K + e];
			if (k == (size_t)-1 || sk < LX_CMP_ATTACH || sk <= sr)
				continue;
			int rk = find(a, (int)k);
			if ((rk == nb[0] || rk == nb[1]) && (a[rk].mask & (1ULL << a[i].doc)))
				r = rk, sr = sk;
		}
		if (r < 0)
			continue;
		size[find(a, (int)i)]--;
		a[i].root = r;
		size[r]++;
	}
	free(size);
	return true;
}

typedef struct rowkey {
	double key;
	int root;
} rowkey;

static int cmp_rowkey(const void *x, const void *y)
{
	const rowkey *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->root - b->root;
}

static int collect(const lx_grammars *g, cart *a, size_t na,
                   lx_compare *out);

static void compare_clear(lx_compare *c);

/* The text of a unit: an article's own text (lx_diff_article_text), a
 * paragraph's text and its items'; malloc'd, NULL when out of memory. */
/* The place (1 for the first) of u among its parent's children of its
 * type, after "第" and before `what` into b. */
static bool place_label(lx_buf *b, const lx_node *u, const char *what)
{
	size_t k = 1;
	for (const lx_node *x = u->parent->first; x && x != u; x = x->next)
		k += x->type == u->type;
	char num[32];
	if (!lx_cn_format((long)k, num, sizeof(num)))
		return false; /* k is small: out of memory */
	lx_buf_adds(b, "第");
	lx_buf_adds(b, num);
	lx_buf_adds(b, what);
	return true;
}

char *lx_cmp_unit_label(const lx_node *u)
{
	bool item = u->type == LX_NODE_ITEM && u->parent &&
	            u->parent->type == LX_NODE_PARAGRAPH && u->parent->parent;
	if (!item && (u->type != LX_NODE_PARAGRAPH || !u->parent))
		return strdup(u->label ? u->label : u->eid);
	const lx_node *p = item ? u->parent : u, *a = p->parent;
	lx_buf b = {0};
	lx_buf_adds(&b, a->label ? a->label : a->eid);
	bool ok = place_label(&b, p, "款") && (!item || place_label(&b, u, "项"));
	return b.oom || !ok ? (free(b.s), NULL) : b.s;
}

char *lx_cmp_unit_text(const lx_node *u)
{
	if (u->type != LX_NODE_PARAGRAPH && u->type != LX_NODE_ITEM)
		return lx_diff_article_text(u);
	lx_buf b = {0};
	if (u->text)
		lx_buf_adds(&b, u->text);
	for (const lx_node *x = u->first; x; x = lx_node_next_preorder(u, x)) {
		if (b.len)
			lx_buf_adds(&b, "\n");
		if (x->label)
			lx_buf_adds(&b, x->label);
		if (x->text)
			lx_buf_adds(&b, x->text);
	}
	return b.oom ? (free(b.s), NULL) : b.s ? b.s : strdup("");
}

/* The items of a paragraph (its children of that type). */
static size_t items(const lx_node *p)
{
	size_t k = 0;
	for (const lx_node *x = p->first; x; x = x->next)
		k += x->type == LX_NODE_ITEM;
	return k;
}

/* The parts an article is split into (compare.h): its paragraphs, and
 * the items of a paragraph of several items instead of that paragraph.
 * The first part (prev NULL) or the one after prev, NULL after the last. */
static const lx_node *next_part(const lx_node *a, const lx_node *prev)
{
	const lx_node *p = prev ? prev : NULL;
	if (p && p->type == LX_NODE_ITEM) {
		for (const lx_node *x = p->next; x; x = x->next)
			if (x->type == LX_NODE_ITEM)
				return x;
		p = p->parent; /* the last item: the paragraph after its own */
	}
	for (const lx_node *x = p ? p->next : a->first; x; x = x->next) {
		if (x->type != LX_NODE_PARAGRAPH)
			continue;
		if (items(x) < 2)
			return x;
		for (const lx_node *y = x->first; y; y = y->next)
			if (y->type == LX_NODE_ITEM)
				return y;
	}
	return NULL;
}

/* The number of parts of an article (next_part). */
static size_t parts(const lx_node *a)
{
	size_t k = 0;
	for (const lx_node *x = next_part(a, NULL); x; x = next_part(a, x))
		k++;
	return k;
}


#define SPLIT_WANTED 1

/* Whether article i (of several paragraphs) covers matters that another
 * document keeps in different articles: two of its paragraphs whose best
 * matches in that document, each at least LX_CMP_SPLIT, are two articles.
 * Paragraph bigrams are weighted as the articles' (compare.h). */
static bool wants_split(const cart *a, size_t na, size_t i, size_t n,
                        const lx_postings *px, double *acc, size_t *touched,
                        size_t *seen, size_t *bestj, double *bests, bool *ok)
{
	enum { MAXP = 16 };
	size_t np = 0;
	for (const lx_node *p = next_part(a[i].node, NULL); p && np < MAXP;
	     p = next_part(a[i].node, p)) {
		char *t = lx_cmp_unit_text(p);
		int32_t *cp = NULL;
		uint64_t *bg = NULL;
		size_t ncp, nbg;
		if (!t || !lx_text_bigrams(t, &cp, &ncp, &bg, &nbg)) {
			free(t);
			free(cp);
			free(bg);
			*ok = false;
			return false;
		}
		free(t);
		for (size_t d = 0; d < n; d++)
			bestj[np * n + d] = (size_t)-1, bests[np * n + d] = 0;
		size_t nt = 0;
		double wp = 0;
		for (size_t b = 0; b < nbg; b++) {
			size_t e, q = lx_postings_find(px, bg[b], &e);
			if (q == e)
				continue; /* masked in the articles: not a signal */
			double w = log((double)na / (double)(e - q));
			wp += w;
			for (; q < e; q++) {
				size_t j = px->p[q].art;
				if (a[j].doc == a[i].doc)
					continue;
				if (seen[j] != i + 1) {
					seen[j] = i + 1;
					touched[nt++] = j;
				}
				acc[j] += w;
			}
		}
		for (size_t t2 = 0; t2 < nt; t2++) {
			size_t j = touched[t2];
			double sc = wp + a[j].wsum > 0 ? 2 * acc[j] / (wp + a[j].wsum) : 0;
			acc[j] = 0;
			seen[j] = 0;
			size_t slot = np * n + a[j].doc;
			if (sc > bests[slot])
				bests[slot] = sc, bestj[slot] = j;
		}
		free(cp);
		free(bg);
		np++;
	}
	for (size_t d = 0; d < n; d++)
		for (size_t p = 0; p < np; p++)
			for (size_t q = p + 1; q < np; q++)
				if (bests[p * n + d] >= LX_CMP_SPLIT &&
				    bests[q * n + d] >= LX_CMP_SPLIT &&
				    bestj[p * n + d] != bestj[q * n + d])
					return true;
	return false;
}

/* Fills *out (zeroed first; cleared again on failure).  split (NULL:
 * none): the articles, numbered across the documents in their order, to
 * take paragraph by paragraph; want (NULL: not asked): set for the
 * articles that should be, and then SPLIT_WANTED returned (out cleared)
 * when any is, the articles read left in *prev (carts); prev (NULL: none):
 * those of the run before, whose text, figures and bigrams the articles
 * not split take over. */
static int compare_docs(lx_compare *out, const lx_grammars *g,
                        lx_doc *const *docs, size_t n, const bool *split,
                        bool *want, lx_vec *prev)
{
	memset(out, 0, sizeof(*out));
	out->docs = docs;
	out->n_docs = n;
	if (n > 64)
		return LX_ERR_LIMIT;
	/* the method: combined (compare.h), or the bigram Dice alone */
	const char *method = getenv("LEXCN_COMPARE_METHOD");
	if (method && strcmp(method, "combined") && strcmp(method, "bigram"))
		return LX_ERR_USAGE;
	bool old = method && !strcmp(method, "bigram");
	lx_vec av = {0};
	int rc = LX_ERR_NOMEM;
	size_t art = 0; /* articles across the documents */
	for (size_t d = 0; d < n; d++) {
		const lx_node *root = lx_doc_body(docs[d]);
		size_t pos = 0, first = av.n;
		for (const lx_node *y = root; y; y = lx_node_next_preorder(root, y)) {
			if (y->type != LX_NODE_ARTICLE)
				continue;
			bool by_para = split && split[art] && parts(y) > 1;
			art++;
			for (const lx_node *x = by_para ? next_part(y, NULL) : y; x;
			     x = by_para ? next_part(y, x) : NULL) {
			cart *c = lx_vec_push(&av, sizeof(cart));
			if (!c)
				goto fail;
			*c = (cart){.node = x, .doc = d, .pos = pos++};
			c->root = (int)(av.n - 1);
			c->mask = 1ULL << d;
			c->heading = heading_of(x);
			if (prev && !by_para && art - 1 < prev->n) {
				/* read in the run before: taken over */
				cart *p = &LX_VEC_AT(prev, cart, art - 1);
				c->text = p->text, c->fig = p->fig, c->nfig = p->nfig;
				c->cp = p->cp, c->ncp = p->ncp, c->bg = p->bg, c->nbg = p->nbg;
				p->text = NULL, p->fig = NULL, p->nfig = 0;
				p->cp = NULL, p->bg = NULL;
				continue;
			}
			c->text = lx_cmp_unit_text(x);
			if (!c->text)
				goto fail;
			c->heading = heading_of(x);
			char *masked = NULL;
			int mr = lx_figure_array(g, c->text, strlen(c->text), &c->fig,
			                         &c->nfig);
			if (!mr && !old)
				mr = lx_figure_mask(g, c->text, c->fig, c->nfig, &masked);
			if (mr) {
				rc = mr;
				goto fail;
			}
			bool bo = lx_text_bigrams(masked ? masked : c->text, &c->cp,
			                          &c->ncp, &c->bg, &c->nbg);
			free(masked);
			if (!bo)
				goto fail;
			}
		}
		/* the units of the document: its places */
		for (size_t k = first; k < av.n; k++) {
			cart *c = &LX_VEC_AT(&av, cart, k);
			c->count = pos;
			c->rel = pos > 1 ? (double)c->pos / (double)(pos - 1) : 0;
		}
	}
	cart *a = av.v;
	size_t na = av.n;
	if (!old)
		targets(a, na);
	/* Inverse document frequency over the articles. */
	lx_postings px = {0};
	for (size_t i = 0; i < na; i++)
		if (!(a[i].w = calloc(a[i].nbg + 1, sizeof(double))) ||
		    !(a[i].ps = malloc((a[i].nbg + 1) * sizeof(uint32_t))) ||
		    !(a[i].pe = malloc((a[i].nbg + 1) * sizeof(uint32_t))) ||
		    !lx_postings_add(&px, a[i].bg, a[i].nbg, i)) {
			lx_postings_free(&px);
			goto fail;
		}
	lx_postings_sort(&px);
	for (size_t s = 0, e; s < px.n; s = e) {
		lx_postings_find(&px, px.p[s].bg, &e);
		double w = log((double)na / (double)(e - s));
		for (size_t q = s; q < e; q++) {
			a[px.p[q].art].w[px.p[q].at] = w;
			a[px.p[q].art].wsum += w;
			/* found once: the walks below look them up */
			a[px.p[q].art].ps[px.p[q].at] = (uint32_t)s;
			a[px.p[q].art].pe[px.p[q].at] = (uint32_t)e;
		}
	}
	/* Best match of every article in every other document, through the
	 * postings: exhaustive while walking them costs at most
	 * LX_DIFF_WORK_BASE + LX_CMP_WORK_PER x bigrams, bounded beyond
	 * (compare.h). */
	size_t work = LX_DIFF_WORK_BASE, walk = 0;
	for (size_t i = 0; i < na; i++)
		work += LX_CMP_WORK_PER * (a[i].nbg + 1);
	for (size_t i = 0; i < na && walk <= work; i++)
		for (size_t b = 0; b < a[i].nbg; b++)
			walk += a[i].pe[b] - a[i].ps[b] + 1;
	bool bounded = walk > work;
	double *acc = calloc(na + 1, sizeof(double));
	size_t *touched = malloc((na + 1) * sizeof(size_t));
	size_t *seen = calloc(na + 1, sizeof(size_t)); /* i + 1 once touched */
	/* Articles of two matters (not when bounded: that walk is not) */
	if (want && !old && !bounded && acc && touched && seen) {
		size_t *bj = malloc((16 * n + 1) * sizeof(size_t));
		double *bs = malloc((16 * n + 1) * sizeof(double));
		bool wok = bj && bs, any = false;
		for (size_t i = 0; wok && i < na; i++) {
			/* carts are the articles here (no split asked yet) */
			want[i] = parts(a[i].node) > 1 &&
			          wants_split(a, na, i, n, &px, acc, touched, seen, bj,
			                      bs, &wok);
			any |= want[i];
		}
		free(bj);
		free(bs);
		if (!wok || any) {
			lx_postings_free(&px);
			free(acc);
			free(touched);
			free(seen);
			rc = wok ? SPLIT_WANTED : LX_ERR_NOMEM;
			if (wok && prev) {
				*prev = av; /* read again: kept */
				av = (lx_vec){0};
			}
			goto fail;
		}
	}
	/* the LX_CMP_CANDS best matches of every article in every other
	 * document, best first: best[(i * n + d) * K + k] */
	enum { K = LX_CMP_CANDS };
	size_t *best = malloc((na * n * K + 1) * sizeof(size_t));
	double *bsim = calloc(na * n * K + 1, sizeof(double));
	size_t *start = calloc(n + 1, sizeof(size_t)); /* first article of each document */
	size_t *lead = malloc((n + 1) * sizeof(size_t)); /* bounded: per document */
	double *lacc = calloc(n + 1, sizeof(double));
	lx_vec ev = {0};
	bool ok = acc && touched && seen && best && bsim && start && lead && lacc;
	for (size_t d = 0; ok && d < n; d++)
		start[d] = (size_t)-1;
	for (size_t i = na; ok && i-- > 0;)
		start[a[i].doc] = i;
	/* Bounded, the articles are taken by relative place: those compared
	 * are then near in memory (one document after another, most were
	 * cache misses).  The result does not depend on the order. */
	rowkey *order = malloc((na + 1) * sizeof(rowkey));
	ok = ok && order;
	for (size_t i = 0; ok && i < na; i++)
		order[i] = (rowkey){bounded && a[i].count > 1
		                            ? (double)a[i].pos / (double)(a[i].count - 1)
		                            : 0,
		                    (int)i};
	if (ok && bounded)
		qsort(order, na, sizeof(rowkey), cmp_rowkey);
	for (size_t oi = 0; ok && oi < na; oi++) {
		size_t i = (size_t)order[oi].root;
		for (size_t d = 0; d < n * K; d++)
			best[i * n * K + d] = (size_t)-1;
		size_t nt = 0;
		for (size_t b = 0; b < a[i].nbg; b++) {
			size_t e = a[i].pe[b], q = a[i].ps[b];
			if (bounded && e - q > LX_DIFF_RARE)
				continue;
			for (; q < e; q++) {
				size_t j = px.p[q].art;
				if (a[j].doc == a[i].doc)
					continue;
				if (seen[j] != i + 1) {
					seen[j] = i + 1;
					touched[nt++] = j;
				}
				acc[j] += a[i].w[b];
			}
		}
		if (bounded) {
			/* in each other document: the article sharing most rare
			 * bigrams, and those at the same relative place and on
			 * each side of it, scored exactly */
			for (size_t d = 0; d < n; d++)
				lead[d] = (size_t)-1, lacc[d] = 0;
			for (size_t t = 0; t < nt; t++) {
				size_t j = touched[t], d = a[j].doc;
				if (lead[d] == (size_t)-1 || acc[j] > lacc[d])
					lead[d] = j, lacc[d] = acc[j];
				acc[j] = 0;
			}
			nt = 0;
			for (size_t d = 0; d < n; d++) {
				if (d == a[i].doc)
					continue;
				if (start[d] == (size_t)-1)
					continue;
				size_t cnt = a[start[d]].count;
				double at = a[i].count > 1 ? (double)a[i].pos /
				                                     (double)(a[i].count - 1)
				                           : 0;
				size_t c = (size_t)(at * (double)(cnt - 1) + 0.5);
				size_t lo = c > LX_CMP_WINDOW ? c - LX_CMP_WINDOW : 0,
				       hi = c + LX_CMP_WINDOW + 1 < cnt ? c + LX_CMP_WINDOW + 1 : cnt;
				for (size_t k = lo; k <= hi; k++) {
					size_t j = k < hi ? start[d] + k : lead[d];
					if (j == (size_t)-1 || seen[j] == i + 1 + na)
						continue;
					seen[j] = i + 1 + na;
					touched[nt++] = j;
					acc[j] = wdice(&a[i], &a[j]);
				}
			}
		}
		for (size_t t = 0; t < nt; t++) {
			size_t j = touched[t];
			double s = bounded ? acc[j]
			                   : 2 * acc[j] / (a[i].wsum + a[j].wsum);
			acc[j] = 0;
			size_t slot = (i * n + a[j].doc) * K;
			/* the heading and place terms only where they could make
			 * a candidate or an edge (the rest is most pairs) */
			size_t lastk = old ? 0 : K - 1;
			double floor = bsim[slot + lastk] > LX_CMP_MUTUAL ? bsim[slot + lastk]
			                                                  : LX_CMP_MUTUAL;
			if (!old && ((a[i].ntgt && a[j].ntgt) || (a[i].fines && a[j].fines) ||
			             s + LX_CMP_HEADING + LX_CMP_PLACE >= floor))
				s = combined(a, i, j, s);
			if (s > bsim[slot + lastk]) {
				/* into the sorted candidates (ties: the earlier article) */
				size_t k = lastk;
				while (k > 0 && (s > bsim[slot + k - 1] ||
				                 (s == bsim[slot + k - 1] && j < best[slot + k - 1]))) {
					bsim[slot + k] = bsim[slot + k - 1];
					best[slot + k] = best[slot + k - 1];
					k--;
				}
				bsim[slot + k] = s;
				best[slot + k] = j;
			}
		}
	}
	lx_postings_free(&px);
	free(touched);
	free(seen);
	/* rows: the earlier method joins pairwise best matches (edges); the
	 * combined one aligns the documents in order (align) */
	if (ok && !old && !chain_edges(a, n, start, best, bsim, &ev))
		ok = false;
	for (size_t i = 0; ok && i < na; i++)
		for (size_t d = 0; d < n; d++) {
			size_t j = best[(i * n + d) * K];
			if (j == (size_t)-1 || j < i)
				continue; /* each pair once: from its smaller end */
			double s = bsim[(i * n + d) * K];
			bool mutual = best[(j * n + a[i].doc) * K] == i;
			if ((mutual && s >= LX_CMP_MUTUAL) || s >= LX_CMP_STRONG) {
				edge *e = lx_vec_push(&ev, sizeof(edge));
				if (!e)
					ok = false;
				else
					*e = (edge){s, (uint32_t)i, (uint32_t)j};
			}
		}
	/* the other direction of one-sided matches */
	for (size_t j = 0; ok && j < na; j++)
		for (size_t d = 0; d < n; d++) {
			size_t i = best[(j * n + d) * K];
			if (i == (size_t)-1 || i >= j)
				continue;
			double s = bsim[(j * n + d) * K];
			if (best[(i * n + a[j].doc) * K] == j || s < LX_CMP_STRONG)
				continue; /* mutual: added above */
			edge *e = lx_vec_push(&ev, sizeof(edge));
			if (!e)
				ok = false;
			else
				*e = (edge){s, (uint32_t)i, (uint32_t)j};
		}
	free(acc);
	free(start);
	free(order);
	free(lead);
	free(lacc);
	if (ok && ev.n)
		qsort(ev.v, ev.n, sizeof(edge), cmp_edge);
	for (size_t e = 0; ok && e < ev.n; e++) {
		edge *x = &LX_VEC_AT(&ev, edge, e);
		int r1 = find(a, (int)x->a), r2 = find(a, (int)x->b);
		if (r1 == r2 || (a[r1].mask & a[r2].mask))
			continue;
		a[r2].root = r1;
		a[r1].mask |= a[r2].mask;
	}
	lx_vec_free(&ev);
	if (ok && !old && !prune(a, na))
		ok = false;
	if (ok && !old && !attach(a, na, n, best, bsim))
		ok = false;
	free(best);
	free(bsim);
	if (!ok || (rc = collect(g, a, na, out)))
		goto fail;
	free_carts(a, na);
	return LX_OK;
fail:
	free_carts(av.v, av.n);
	compare_clear(out);
	return rc;
}

int lx_compare_docs(lx_compare **out, const lx_grammars *g,
                    lx_doc *const *docs, size_t n)
{
	*out = NULL;
	lx_compare *c = malloc(sizeof(*c));
	if (!c)
		return LX_ERR_NOMEM;
	/* articles first; again with those of two matters by paragraph */
	size_t na = 0;
	for (size_t d = 0; d < n && n <= 64; d++)
		na += lx_node_count(lx_doc_body(docs[d]), LX_NODE_ARTICLE);
	bool *want = calloc(na + 1, sizeof(bool));
	lx_vec prev = {0};
	int rc = want ? compare_docs(c, g, docs, n, NULL, want, &prev) : LX_ERR_NOMEM;
	if (rc == SPLIT_WANTED)
		rc = compare_docs(c, g, docs, n, want, NULL, &prev);
	free_carts(prev.v, prev.n);
	free(want);
	if (rc) {
		free(c);
		return rc;
	}
	*out = c;
	return LX_OK;
}

/* Rows from the sets, ordered by the mean relative position of their
 * articles.  0, LX_ERR_NOMEM, or lx_figures' error. */
static int collect(const lx_grammars *g, cart *a, size_t na,
                   lx_compare *out)
{
	size_t n = out->n_docs, nr = 0;
	rowkey *keys = malloc((na + 1) * sizeof(rowkey));
	size_t *members = calloc(na + 1, sizeof(size_t));
	if (!keys || !members) {
		free(keys);
		free(members);
		return LX_ERR_NOMEM;
	}
	double *sum = calloc(na + 1, sizeof(double));
	if (!sum) {
		free(keys);
		free(members);
		return LX_ERR_NOMEM;
	}
	for (size_t i = 0; i < na; i++) {
		int r = find(a, (int)i);
		sum[r] += a[i].rel;
		members[r]++;
	}
	for (size_t i = 0; i < na; i++)
		if (members[i])
			keys[nr++] = (rowkey){sum[i] / (double)members[i], (int)i};
	free(sum);
	qsort(keys, nr, sizeof(rowkey), cmp_rowkey);
	/* the articles of each row, in order: mem[first[r] .. first[r + 1])
	 * (a scan of all articles per row was quadratic) */
	size_t *first = calloc(nr + 2, sizeof(size_t));
	size_t *mem = malloc((na + 1) * sizeof(size_t));
	size_t *rowof = malloc((na + 1) * sizeof(size_t));
	out->rows = calloc(nr + 1, sizeof(lx_cmp_row));
	bool ok = out->rows && first && mem && rowof;
	for (size_t r = 0; ok && r < nr; r++)
		rowof[keys[r].root] = r;
	for (size_t i = 0; ok && i < na; i++)
		first[rowof[find(a, (int)i)] + 2]++;
	for (size_t r = 2; ok && r < nr + 2; r++)
		first[r] += first[r - 1];
	for (size_t i = 0; ok && i < na; i++)
		mem[first[rowof[find(a, (int)i)] + 1]++] = i;
	int rc = ok ? 0 : LX_ERR_NOMEM;
	for (size_t r = 0; ok && r < nr; r++) {
		lx_cmp_row *row = &out->rows[out->n_rows++];
		row->keep = true;
		row->cells = calloc(n, sizeof(lx_cmp_cell));
		if (!row->cells) {
			ok = false;
			rc = LX_ERR_NOMEM;
			break;
		}
		const cart *in[64];
		size_t m = 0;
		for (size_t k = first[r]; ok && k < first[r + 1]; k++) {
			size_t i = mem[k];
			lx_cmp_cell *cell = &row->cells[a[i].doc];
			if (cell->article) {
				/* a further unit of the cell (attach): after the first */
				const lx_node **mo = realloc(cell->more, (cell->nmore + 1) *
				                                             sizeof(*mo));
				char *l = lx_cmp_unit_label(a[i].node);
				lx_buf b = {0};
				if (mo)
					cell->more = mo;
				if (l && mo) {
					lx_buf_adds(&b, cell->label);
					lx_buf_adds(&b, "、");
					lx_buf_adds(&b, l);
				}
				free(l);
				if (!mo || !b.s || b.oom) {
					free(b.s);
					ok = false;
					break;
				}
				cell->more[cell->nmore++] = a[i].node;
				free(cell->label);
				cell->label = b.s;
				continue;
			}
			cell->article = a[i].node;
			cell->pos = a[i].pos;
			if (!(cell->label = lx_cmp_unit_label(a[i].node)))
				ok = false;
			in[m++] = &a[i];
		}
		if (!ok) {
			rc = LX_ERR_NOMEM;
			break;
		}
		row->filled = m;
		double s = 0;
		size_t pairs = 0;
		for (size_t x = 0; x < m; x++)
			for (size_t y = x + 1; y < m; y++, pairs++)
				s += wdice(in[x], in[y]);
		row->similarity = pairs ? s / (double)pairs : 0;
		/* the heading most cells share; ties: the earlier document */
		size_t most = 0;
		for (size_t x = 0; x < m; x++) {
			const char *h = heading_of(in[x]->node);
			size_t c = 0;
			for (size_t y = 0; h && y < m; y++) {
				const char *o = heading_of(in[y]->node);
				c += o && !strcmp(o, h);
			}
			if (h && c > most) {
				most = c;
				free(row->topic);
				row->topic = strdup(h);
				if (!row->topic) {
					ok = false;
					rc = LX_ERR_NOMEM;
				}
			}
		}
		if (!ok)
			break;
		/* the figures found while reading the articles (those of a
		 * cell of several units one after another) */
		for (size_t k = first[r]; ok && k < first[r + 1]; k++) {
			cart *x = &a[mem[k]];
			lx_cmp_cell *cell = &row->cells[x->doc];
			for (size_t q = 0; q < x->nfig; q++)
				x->fig[q].unit_node = x->node;
			if (!cell->figures.n) {
				lx_figure_array_free(cell->figures.f, 0);
				cell->figures.f = x->fig;
				cell->figures.n = x->nfig;
			} else if (x->nfig) {
				lx_figure *f = realloc(cell->figures.f, (cell->figures.n + x->nfig) *
				                                            sizeof(*f));
				if (!f) {
					ok = false;
					rc = LX_ERR_NOMEM;
					break;
				}
				memcpy(f + cell->figures.n, x->fig, x->nfig * sizeof(*f));
				cell->figures.f = f;
				cell->figures.n += x->nfig;
				free(x->fig); /* its figures' strings are the cell's now */
			} else {
				free(x->fig);
			}
			x->fig = NULL;
			x->nfig = 0;
		}
	}
	free(keys);
	free(members);
	free(first);
	free(mem);
	free(rowof);
	return rc;
}

static void compare_clear(lx_compare *c)
{
	for (size_t r = 0; r < c->n_rows; r++) {
		lx_cmp_row *row = &c->rows[r];
		for (size_t d = 0; row->cells && d < c->n_docs; d++) {
			lx_figure_array_free(row->cells[d].figures.f,
			                     row->cells[d].figures.n);
			free(row->cells[d].label);
			free(row->cells[d].more);
		}
		free(row->cells);
		free(row->topic);
	}
	free(c->rows);
	c->rows = NULL;
	c->n_rows = 0;
}

void lx_compare_free(lx_compare *c)
{
	if (c) {
		compare_clear(c);
		free(c);
	}
}

/* The order of rows by one document (lx_compare_order). */
typedef struct order_key {
	size_t pos;  /* the place of the last article of d at or before it + 1 */
	bool has;    /* the row holds an article of d */
	size_t was;  /* its place before */
} order_key;

static int cmp_order(const void *x, const void *y)
{
	const order_key *a = x, *b = y;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	if (a->has != b->has)
		return a->has ? -1 : 1;
	return a->was < b->was ? -1 : a->was > b->was;
}

int lx_compare_order(lx_compare *c, size_t d)
{
	assert(d < c->n_docs);
	order_key *k = malloc((c->n_rows + 1) * sizeof(*k));
	lx_cmp_row *rows = malloc((c->n_rows + 1) * sizeof(*rows));
	if (!k || !rows) {
		free(k);
		free(rows);
		return LX_ERR_NOMEM;
	}
	/* a row without an article of d stays after the row of d it follows */
	size_t last = 0;
	for (size_t r = 0; r < c->n_rows; r++) {
		const lx_cmp_cell *cell = &c->rows[r].cells[d];
		if (cell->article)
			last = cell->pos + 1;
		k[r] = (order_key){cell->article ? cell->pos + 1 : last,
		                   cell->article != NULL, r};
	}
	qsort(k, c->n_rows, sizeof(*k), cmp_order);
	for (size_t r = 0; r < c->n_rows; r++)
		rows[r] = c->rows[k[r].was];
	memcpy(c->rows, rows, c->n_rows * sizeof(*rows));
	free(rows);
	free(k);
	return LX_OK;
}

/* ---- getters (lexcn/compare.h) ---- */

size_t lx_compare_doc_count(const lx_compare *c) { return c->n_docs; }

const lx_doc *lx_compare_doc(const lx_compare *c, size_t d)
{
	return d < c->n_docs ? c->docs[d] : NULL;
}

size_t lx_compare_row_count(const lx_compare *c) { return c->n_rows; }

const lx_node *lx_compare_cell_article(const lx_compare *c, size_t r, size_t d)
{
	return c->rows[r].cells[d].article;
}

size_t lx_compare_cell_unit_count(const lx_compare *c, size_t r, size_t d)
{
	const lx_cmp_cell *cell = &c->rows[r].cells[d];
	return cell->article ? 1 + cell->nmore : 0;
}

const lx_node *lx_compare_cell_unit(const lx_compare *c, size_t r, size_t d,
                                    size_t k)
{
	const lx_cmp_cell *cell = &c->rows[r].cells[d];
	if (!cell->article || k > cell->nmore)
		return NULL;
	return k ? cell->more[k - 1] : cell->article;
}

char *lx_cmp_cell_text(const lx_cmp_cell *cell)
{
	lx_buf b = {0};
	for (size_t k = 0; cell->article && k <= cell->nmore; k++) {
		char *t = lx_cmp_unit_text(k ? cell->more[k - 1] : cell->article);
		if (!t) {
			free(b.s);
			return NULL;
		}
		if (k)
			lx_buf_adds(&b, "\n");
		lx_buf_adds(&b, t);
		free(t);
	}
	return b.oom ? (free(b.s), NULL) : b.s ? b.s : strdup("");
}

const lx_figure_list *lx_compare_cell_figures(const lx_compare *c, size_t r,
                                              size_t d)
{
	return &c->rows[r].cells[d].figures;
}

size_t lx_compare_cell_position(const lx_compare *c, size_t r, size_t d)
{
	return c->rows[r].cells[d].pos;
}

size_t lx_compare_row_filled(const lx_compare *c, size_t r)
{
	return c->rows[r].filled;
}

bool lx_compare_row_particular(const lx_compare *c, size_t r)
{
	return c->rows[r].filled == 1;
}

double lx_compare_row_similarity(const lx_compare *c, size_t r)
{
	return c->rows[r].similarity;
}

const char *lx_compare_row_topic(const lx_compare *c, size_t r)
{
	return c->rows[r].topic;
}

bool lx_compare_row_kept(const lx_compare *c, size_t r)
{
	return c->rows[r].keep;
}

void lx_compare_keep_row(lx_compare *c, size_t r, bool keep)
{
	c->rows[r].keep = keep;
}
