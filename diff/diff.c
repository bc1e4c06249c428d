/*
 * diff.c: alignment of the articles of two versions (see diff.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../parser/lx_int.h"
#include "diff_int.h"

typedef struct art {
	const lx_node *node;
	char *text;       /* paragraphs and items, labels of items kept */
	int32_t *cp;      /* code points of text without whitespace */
	size_t ncp;
	uint64_t *bg;     /* sorted unique bigrams */
	size_t nbg;
	int pair;         /* index in the other version, -1 */
	int group;        /* split/merge group, -1 */
	bool out_of_order; /* paired, but outside the longest run in order */
} art;

const char *lx_diff_op_name(lx_diff_op op)
{
	static const char *const n[] = {"unchanged", "renumbered", "modified",
	                                "split",     "merged",     "added",
	                                "deleted"};
	return n[op];
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The article's own text: its paragraphs, items and subitems (item labels
 * kept), without the article label, which renumbering changes. */
static char *own_text(const lx_node *a)
{
	lx_buf b = {0};
	if (a->heading) {
		lx_buf_adds(&b, "【");
		lx_buf_adds(&b, a->heading);
		lx_buf_adds(&b, "】");
	}
	for (const lx_node *n = a->first; n; n = lx_node_next_preorder(a, n)) {
		if (b.len)
			lx_buf_adds(&b, "\n");
		if (n->type != LX_NODE_PARAGRAPH && n->label)
			lx_buf_adds(&b, n->label);
		if (n->text)
			lx_buf_adds(&b, n->text);
	}
	return lx_buf_take(&b);
}

bool lx_text_bigrams(const char *text, int32_t **cp, size_t *ncp,
                     uint64_t **bg, size_t *nbg)
{
	size_t len = strlen(text);
	*ncp = *nbg = 0;
	*cp = malloc((len + 1) * sizeof(int32_t));
	*bg = malloc((len + 1) * sizeof(uint64_t));
	if (!*cp || !*bg)
		return false;
	int32_t *c = *cp;
	uint64_t *b = *bg;
	for (size_t i = 0; i < len;) {
		int32_t ch = lx_u8_next(text, len, &i);
		if (!lx_cp_is_space(ch) && ch != '\n')
			c[(*ncp)++] = ch;
	}
	for (size_t i = 0; i + 1 < *ncp; i++)
		b[(*nbg)++] = ((uint64_t)(uint32_t)c[i] << 32) | (uint32_t)c[i + 1];
	if (*ncp == 1)
		b[(*nbg)++] = (uint64_t)(uint32_t)c[0];
	qsort(b, *nbg, sizeof(uint64_t), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < *nbg; i++)
		if (!u || b[u - 1] != b[i])
			b[u++] = b[i];
	*nbg = u;
	return true;
}

static bool load(const lx_doc *d, lx_vec *out)
{
	const lx_node *root = lx_doc_body(d);
	for (const lx_node *n = root; n; n = lx_node_next_preorder(root, n)) {
		if (n->type != LX_NODE_ARTICLE)
			continue;
		art *a = lx_vec_push(out, sizeof(art));
		if (!a)
			return false;
		a->node = n;
		a->pair = a->group = -1;
		a->text = own_text(n);
		if (!a->text)
			return false;
		if (!lx_text_bigrams(a->text, &a->cp, &a->ncp, &a->bg, &a->nbg))
			return false;
	}
	return true;
}

static size_t common(const art *a, const art *b)
{
	size_t i = 0, j = 0, c = 0;
	while (i < a->nbg && j < b->nbg) {
		if (a->bg[i] < b->bg[j])
			i++;
		else if (a->bg[i] > b->bg[j])
			j++;
		else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

static double dice(const art *a, const art *b)
{
	size_t t = a->nbg + b->nbg;
	return t ? 2.0 * (double)common(a, b) / (double)t : 1.0;
}

static bool same_text(const art *a, const art *b)
{
	return a->ncp == b->ncp &&
	       !memcmp(a->cp, b->cp, a->ncp * sizeof(int32_t));
}

typedef struct cand {
	double sim, dist; /* dist: of the relative positions, 0..1 */
	int o, n;
	bool eq;
} cand;

/* Equal texts first, then by similarity, then the nearer in place. */
static int cmp_cand(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->eq != b->eq)
		return a->eq ? -1 : 1;
	if (a->sim != b->sim)
		return a->sim > b->sim ? -1 : 1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->o != b->o)
		return a->o - b->o;
	return a->n - b->n;
}

/* ---- an inverted index of bigrams ------------------------------------- */

bool lx_postings_add(lx_postings *px, const uint64_t *bg, size_t nbg,
                     size_t id)
{
	if (px->n + nbg > px->cap) {
		size_t cap = px->cap ? px->cap : 256;
		while (cap < px->n + nbg)
			cap *= 2;
		lx_posting *p = realloc(px->p, cap * sizeof(lx_posting));
		if (!p)
			return false;
		px->p = p;
		px->cap = cap;
	}
	for (size_t b = 0; b < nbg; b++)
		px->p[px->n++] = (lx_posting){bg[b], (uint32_t)id, (uint32_t)b};
	return true;
}

static int cmp_posting(const void *x, const void *y)
{
	const lx_posting *a = x, *b = y;
	if (a->bg != b->bg)
		return a->bg < b->bg ? -1 : 1;
	return a->art < b->art ? -1 : a->art > b->art;
}

void lx_postings_sort(lx_postings *px)
{
	if (px->n)
		qsort(px->p, px->n, sizeof(lx_posting), cmp_posting);
}

size_t lx_postings_find(const lx_postings *px, uint64_t bg, size_t *end)
{
	size_t lo = 0, hi = px->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (px->p[mid].bg < bg)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the end by bisection too: a bigram held by every article would
	 * cost a walk of its postings at each look-up */
	size_t e = lo;
	hi = px->n;
	while (e < hi) {
		size_t mid = (e + hi) / 2;
		if (px->p[mid].bg <= bg)
			e = mid + 1;
		else
			hi = mid;
	}
	*end = e;
	return lo;
}

void lx_postings_free(lx_postings *px)
{
	free(px->p);
	memset(px, 0, sizeof(*px));
}

/* ---- candidate pairs, exact or bounded (see diff.h) -------------------- */

/* The postings of some articles of one side, and the counts of a walk. */
typedef struct bindex {
	lx_postings px;
	size_t *cnt;     /* per article of the side: common bigrams */
	size_t *stamp;   /* per article: the walk that last touched it */
	int *touched;    /* of the last walk */
	size_t nt, now;
	int *list;       /* the indexed articles, ascending */
	size_t nl;
} bindex;

static void index_free(bindex *ix)
{
	lx_postings_free(&ix->px);
	free(ix->cnt);
	free(ix->stamp);
	free(ix->touched);
	free(ix->list);
	memset(ix, 0, sizeof(*ix));
}

/* Indexes y[i] for which use[i]. */
static bool index_build(bindex *ix, const art *y, size_t ny, const bool *use)
{
	memset(ix, 0, sizeof(*ix));
	ix->cnt = calloc(ny + 1, sizeof(size_t));
	ix->stamp = calloc(ny + 1, sizeof(size_t));
	ix->touched = malloc((ny + 1) * sizeof(int));
	ix->list = malloc((ny + 1) * sizeof(int));
	bool ok = ix->cnt && ix->stamp && ix->touched && ix->list;
	for (size_t i = 0; ok && i < ny; i++)
		if (use[i]) {
			ix->list[ix->nl++] = (int)i;
			ok = lx_postings_add(&ix->px, y[i].bg, y[i].nbg, i);
		}
	if (ok)
		lx_postings_sort(&ix->px);
	else
		index_free(ix); /* nothing to free for the caller */
	return ok;
}

/* What walking x's bigrams through the postings costs (their document
 * frequencies summed). */
static size_t walk_cost(const bindex *ix, const art *x)
{
	size_t w = x->nbg;
	for (size_t b = 0; b < x->nbg; b++) {
		size_t e, q = lx_postings_find(&ix->px, x->bg[b], &e);
		w += e - q;
	}
	return w;
}

/* The work allowed to the exact search: linear in the input. */
static size_t budget(const art *o, size_t no, const art *n, size_t nn)
{
	size_t p = 0;
	for (size_t i = 0; i < no; i++)
		p += o[i].nbg + 1;
	for (size_t j = 0; j < nn; j++)
		p += n[j].nbg + 1;
	return LX_DIFF_WORK_BASE + LX_DIFF_WORK_PER * p;
}

static void touch(bindex *ix, int i)
{
	if (ix->stamp[i] != ix->now) {
		ix->stamp[i] = ix->now;
		ix->cnt[i] = 0;
		ix->touched[ix->nt++] = i;
	}
}

/* The indexed articles near relative position `at` (0..1) of a side of
 * ny articles: up to LX_DIFF_WINDOW on each side. */
static void near(bindex *ix, double at, size_t ny)
{
	double target = at * (double)(ny ? ny - 1 : 0);
	size_t lo = 0, hi = ix->nl;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if ((double)ix->list[mid] < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t a = lo > LX_DIFF_WINDOW ? lo - LX_DIFF_WINDOW : 0,
	       b = lo + LX_DIFF_WINDOW < ix->nl ? lo + LX_DIFF_WINDOW : ix->nl;
	for (size_t k = a; k < b; k++)
		touch(ix, ix->list[k]);
}

/* The candidates of x among the indexed articles of y into ix->touched
 * [0..nt), each with its exact count of common bigrams in ix->cnt.
 * Exact: every indexed article sharing a bigram with x.  Bounded: the
 * LX_DIFF_TOPK sharing most bigrams found in at most LX_DIFF_RARE
 * indexed articles, the indexed articles near x's relative position `at`,
 * and `extra` (>= 0). */
static void cands_of(bindex *ix, const art *x, const art *y, size_t ny,
                     bool bounded, double at, int extra)
{
	ix->now++;
	ix->nt = 0;
	for (size_t b = 0; b < x->nbg; b++) {
		size_t e, q = lx_postings_find(&ix->px, x->bg[b], &e);
		if (bounded && e - q > LX_DIFF_RARE)
			continue;
		for (; q < e; q++) {
			int k = (int)ix->px.p[q].art;
			touch(ix, k);
			ix->cnt[k]++;
		}
	}
	if (!bounded)
		return;
	/* the best LX_DIFF_TOPK by rare bigrams, ties to the earlier */
	int top[LX_DIFF_TOPK];
	size_t nk = 0;
	for (size_t t = 0; t < ix->nt; t++) {
		int k = ix->touched[t];
		size_t p = nk < LX_DIFF_TOPK ? nk++ : LX_DIFF_TOPK;
		while (p > 0 && (ix->cnt[top[p - 1]] < ix->cnt[k] ||
		                 (ix->cnt[top[p - 1]] == ix->cnt[k] && top[p - 1] > k))) {
			if (p < LX_DIFF_TOPK)
				top[p] = top[p - 1];
			p--;
		}
		if (p < LX_DIFF_TOPK)
			top[p] = k;
	}
	ix->now++;
	ix->nt = 0;
	for (size_t t = 0; t < nk; t++)
		touch(ix, top[t]);
	near(ix, at, ny);
	if (extra >= 0)
		touch(ix, extra);
	for (size_t t = 0; t < ix->nt; t++) {
		int k = ix->touched[t];
		ix->cnt[k] = common(x, &y[k]);
	}
}

static double rel(size_t i, size_t n)
{
	return n > 1 ? (double)i / (double)(n - 1) : 0;
}

/* Candidate pairs of unpaired articles: for each new article, the old
 * ones it has bigrams in common with, counted through the postings of
 * the old version (exact scores); bounded (diff.h) when that walk would
 * cost more than `work`. */
static bool candidates(art *o, size_t no, art *n, size_t nn, double min,
                       bool contain, size_t work, lx_vec *out)
{
	bindex ix = {0};
	bool *use = malloc((no + 1) * sizeof(bool));
	bool ok = use != NULL;
	for (size_t i = 0; ok && i < no; i++)
		use[i] = o[i].pair < 0 && o[i].nbg;
	ok = ok && index_build(&ix, o, no, use);
	free(use);
	size_t w = 0;
	for (size_t j = 0; ok && j < nn && w <= work; j++)
		if (n[j].pair < 0)
			w += walk_cost(&ix, &n[j]);
	bool bounded = w > work;
	for (size_t j = 0; j < nn && ok; j++) {
		if (n[j].pair >= 0 || !n[j].nbg)
			continue;
		cands_of(&ix, &n[j], o, no, bounded, rel(j, nn), -1);
		for (size_t t = 0; t < ix.nt && ok; t++) {
			int oi = ix.touched[t];
			size_t c = ix.cnt[oi];
			double s;
			if (contain) {
				size_t lo = o[oi].nbg < n[j].nbg ? o[oi].nbg : n[j].nbg,
				       hi = o[oi].nbg < n[j].nbg ? n[j].nbg : o[oi].nbg;
				s = !lo || hi > 4 * lo ? 0 : (double)c / (double)lo;
			} else
				s = 2.0 * (double)c / (double)(o[oi].nbg + n[j].nbg);
			if (s < min)
				continue;
			cand *cd = lx_vec_push(out, sizeof(cand));
			if (!cd)
				ok = false;
			else
				*cd = (cand){s, 0, oi, (int)j, false};
		}
	}
	index_free(&ix);
	return ok;
}

/* ---- equal texts, through a hash ------------------------------------- */

typedef struct tkey {
	uint64_t h;
	const art *a;
	int side, i; /* 0 old, 1 new */
} tkey;

static int cmp_tkey(const void *x, const void *y)
{
	const tkey *a = x, *b = y;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	if (a->a->ncp != b->a->ncp)
		return a->a->ncp < b->a->ncp ? -1 : 1;
	int c = memcmp(a->a->cp, b->a->cp, a->a->ncp * sizeof(int32_t));
	if (c)
		return c;
	if (a->side != b->side)
		return a->side - b->side;
	return a->i - b->i;
}

/* Every article keyed by its text, sorted: runs of equal texts, the old
 * ones first, each side in order.  NULL when out of memory. */
static tkey *text_keys(const art *o, size_t no, const art *n, size_t nn)
{
	tkey *k = malloc((no + nn + 1) * sizeof(tkey));
	if (!k)
		return NULL;
	for (size_t s = 0, m = 0; s < 2; s++) {
		const art *v = s ? n : o;
		for (size_t i = 0, c = s ? nn : no; i < c; i++, m++) {
			uint64_t h = 1469598103934665603ULL; /* FNV-1a */
			for (size_t q = 0; q < v[i].ncp; q++) {
				h ^= (uint32_t)v[i].cp[q];
				h *= 1099511628211ULL;
			}
			k[m] = (tkey){h, &v[i], (int)s, (int)i};
		}
	}
	if (no + nn)
		qsort(k, no + nn, sizeof(tkey), cmp_tkey);
	return k;
}

/* End of the run of equal texts starting at s; *mid: its first new one. */
static size_t text_run(const tkey *k, size_t nk, size_t s, size_t *mid)
{
	size_t e = s + 1;
	while (e < nk && same_text(k[s].a, k[e].a))
		e++;
	*mid = s;
	while (*mid < e && !k[*mid].side)
		(*mid)++;
	return e;
}

/* Step 1: equal (non-empty) texts as candidates: all pairs of a run
 * where one side has at most 2 x LX_DIFF_WINDOW of them (linear), else
 * each old article with the LX_DIFF_EQ_WINDOW new ones nearest in place
 * on each side (equal texts: the nearest is the one taken). */
static bool equal_candidates(const tkey *k, size_t nk, size_t no, size_t nn,
                             lx_vec *out)
{
	size_t mid;
	bool ok = true;
	for (size_t s = 0, e; s < nk && ok; s = e) {
		e = text_run(k, nk, s, &mid);
		if (!k[s].a->ncp)
			continue;
		bool bounded = mid - s > 2 * LX_DIFF_WINDOW &&
		               e - mid > 2 * LX_DIFF_WINDOW;
		for (size_t p = s; p < mid && ok; p++) {
			size_t a = mid, b = e;
			if (bounded) {
				double at = rel((size_t)k[p].i, no);
				size_t lo = mid, hi = e;
				while (lo < hi) {
					size_t m = (lo + hi) / 2;
					if (rel((size_t)k[m].i, nn) < at)
						lo = m + 1;
					else
						hi = m;
				}
				a = lo > mid + LX_DIFF_EQ_WINDOW ? lo - LX_DIFF_EQ_WINDOW : mid;
				b = lo + LX_DIFF_EQ_WINDOW < e ? lo + LX_DIFF_EQ_WINDOW : e;
			}
			for (size_t q = a; q < b && ok; q++) {
				cand *cd = lx_vec_push(out, sizeof(cand));
				if (!cd)
					ok = false;
				else
					*cd = (cand){1.0, 0, k[p].i, k[q].i, true};
			}
		}
	}
	return ok;
}

/* Equal texts still unpaired (empty ones, or left by a bounded step 1):
 * each old one, in order, with the first unpaired new one. */
static void equal_rest(const tkey *k, size_t nk, art *o, art *n)
{
	size_t mid;
	for (size_t s = 0, e; s < nk; s = e) {
		e = text_run(k, nk, s, &mid);
		size_t q = mid;
		for (size_t p = s; p < mid; p++) {
			if (o[k[p].i].pair >= 0)
				continue;
			while (q < e && n[k[q].i].pair >= 0)
				q++;
			if (q == e)
				break;
			o[k[p].i].pair = k[q].i;
			n[k[q].i].pair = k[p].i;
		}
	}
}


/* ---- Myers' diff at character level ---------------------------------- */

static bool emit(lx_vec *v, char op, const int32_t *s, size_t n)
{
	if (!n)
		return true;
	lx_buf b = {0};
	for (size_t i = 0; i < n; i++)
		lx_buf_add_cp(&b, s[i]);
	if (b.oom)
		return false;
	/* Merge with the previous segment of the same kind. */
	if (v->n) {
		lx_inline *last = &LX_VEC_AT(v, lx_inline, v->n - 1);
		if (last->op == op) {
			size_t ll = strlen(last->text);
			char *t = realloc(last->text, ll + b.len + 1);
			if (!t) {
				lx_buf_free(&b);
				return false;
			}
			memcpy(t + ll, b.s, b.len + 1);
			last->text = t;
			lx_buf_free(&b);
			return true;
		}
	}
	lx_inline *in = lx_vec_push(v, sizeof(lx_inline));
	if (!in) {
		lx_buf_free(&b);
		return false;
	}
	in->op = op;
	in->text = b.s;
	return true;
}

/* Shortest edit script of a -> b (Myers 1986), as segments.  The V array
 * of every round is kept (only its live diagonals, -d-1..d+1) for the walk
 * back; past LX_DIFF_MAXD edits the inline detail would not read anyway,
 * and the whole text is shown replaced. */
#define LX_DIFF_MAXD 1000
static void free_trace(lx_vec *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(LX_VEC_AT(t, long *, i));
	lx_vec_free(t);
}

static bool myers(const int32_t *a, size_t n, const int32_t *b, size_t m,
                  lx_vec *out)
{
	size_t max = n + m;
	long off = (long)max + 1;
	lx_vec trace = {0};
	long *v = calloc(2 * max + 3, sizeof(long));
	if (!v)
		return false;
	size_t dfinal = 0;
	bool found = false;
	for (size_t d = 0; d <= max && !found; d++) {
		if (d > LX_DIFF_MAXD) {
			free_trace(&trace);
			free(v);
			return emit(out, '-', a, n) && emit(out, '+', b, m);
		}
		long *copy = malloc((2 * d + 3) * sizeof(long));
		if (!copy || !lx_vec_push(&trace, sizeof(long *))) {
			free(copy);
			free_trace(&trace);
			free(v);
			return false;
		}
		memcpy(copy, v + off - (long)d - 1, (2 * d + 3) * sizeof(long));
		LX_VEC_AT(&trace, long *, trace.n - 1) = copy;
		for (long k = -(long)d; k <= (long)d; k += 2) {
			long x;
			if (k == -(long)d ||
			    (k != (long)d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			long y = x - k;
			while ((size_t)x < n && (size_t)y < m && a[x] == b[y]) {
				x++;
				y++;
			}
			v[off + k] = x;
			if ((size_t)x >= n && (size_t)y >= m) {
				found = true;
				dfinal = d;
				break;
			}
		}
	}
	free(v);
	/* Walk back through the rounds, collecting moves in reverse. */
	typedef struct mv {
		char op;
		size_t a, b, len;
	} mv;
	lx_vec moves = {0};
	long x = (long)n, y = (long)m;
	bool ok = true;
	for (size_t d = dfinal + 1; d-- > 0 && ok;) {
		long *vd = LX_VEC_AT(&trace, long *, d), base = (long)d + 1;
		long k = x - y, pk = 0, px = 0, py = 0, sx = 0;
		if (d) {
			if (k == -(long)d ||
			    (k != (long)d && vd[base + k - 1] < vd[base + k + 1]))
				pk = k + 1;
			else
				pk = k - 1;
			px = vd[base + pk];
			py = px - pk;
			sx = pk == k + 1 ? px : px + 1;
		}
		long sy = sx - k;
		if (x > sx) {
			mv *mm = lx_vec_push(&moves, sizeof(mv));
			if (!mm)
				ok = false;
			else
				*mm = (mv){'=', (size_t)sx, (size_t)sy,
				           (size_t)(x - sx)};
		}
		if (d && ok) {
			mv *mm = lx_vec_push(&moves, sizeof(mv));
			if (!mm)
				ok = false;
			else if (pk == k + 1)
				*mm = (mv){'+', 0, (size_t)py, 1};
			else
				*mm = (mv){'-', (size_t)px, 0, 1};
		}
		x = px;
		y = py;
	}
	for (size_t i = moves.n; ok && i-- > 0;) {
		mv *mm = &LX_VEC_AT(&moves, mv, i);
		if (mm->op == '=')
			ok = emit(out, '=', a + mm->a, mm->len);
		else if (mm->op == '-')
			ok = emit(out, '-', a + mm->a, 1);
		else
			ok = emit(out, '+', b + mm->b, 1);
	}
	lx_vec_free(&moves);
	free_trace(&trace);
	return ok;
}

static bool push_seg(lx_vec *v, char op, const char *text)
{
	char *t = strdup(text);
	lx_inline *in = t ? lx_vec_push(v, sizeof(lx_inline)) : NULL;
	if (!in) {
		free(t);
		return false;
	}
	in->op = op;
	in->text = t;
	return true;
}

static bool flush_edit(lx_vec *out, lx_buf *del, lx_buf *ins)
{
	bool ok = !del->oom && !ins->oom;
	if (ok && del->len)
		ok = push_seg(out, '-', del->s);
	if (ok && ins->len)
		ok = push_seg(out, '+', ins->s);
	lx_buf_free(del);
	lx_buf_free(ins);
	return ok;
}

/* Reads better: an equal run of one or two characters between two edits
 * joins them (one character), and the edits
 * between two equal runs are given as one deletion then one insertion. */
static bool tidy(lx_vec *in, lx_vec *out)
{
	lx_inline *s = in->v;
	lx_buf del = {0}, ins = {0};
	bool ok = true;
	for (size_t i = 0; i < in->n && ok; i++) {
		bool edit = s[i].op != '=';
		if (!edit && (del.len || ins.len) && i + 1 < in->n &&
		    lx_text_width(s[i].text, strlen(s[i].text)) <= 2 &&
		    !strchr(s[i].text, '\n'))
			edit = true; /* a short equal run between edits */
		if (edit) {
			if (s[i].op != '+')
				lx_buf_adds(&del, s[i].text);
			if (s[i].op != '-')
				lx_buf_adds(&ins, s[i].text);
			continue;
		}
		ok = flush_edit(out, &del, &ins) && push_seg(out, '=', s[i].text);
	}
	ok = ok && flush_edit(out, &del, &ins);
	lx_buf_free(&del);
	lx_buf_free(&ins);
	for (size_t i = 0; i < in->n; i++)
		free(s[i].text);
	lx_vec_free(in);
	return ok;
}

/* ---- the alignment ------------------------------------------------------ */

static bool add_change(lx_diff *d, lx_vec *v, lx_diff_op op, art **o,
                       size_t no, art **n, size_t nn, double sim)
{
	lx_change *c = lx_vec_push(v, sizeof(lx_change));
	if (!c)
		return false;
	c->op = op;
	c->similarity = sim;
	c->old_nodes = no ? malloc(no * sizeof(lx_node *)) : NULL;
	c->new_nodes = nn ? malloc(nn * sizeof(lx_node *)) : NULL;
	if ((no && !c->old_nodes) || (nn && !c->new_nodes))
		return false;
	for (size_t i = 0; i < no; i++)
		c->old_nodes[i] = o[i]->node;
	for (size_t i = 0; i < nn; i++)
		c->new_nodes[i] = n[i]->node;
	c->n_old = no;
	c->n_new = nn;
	d->counts[op]++;
	return true;
}

static bool inline_diff(lx_change *c, const art *o, const art *n)
{
	lx_vec v = {0};
	/* With newlines, so that paragraph breaks show. */
	size_t ol = strlen(o->text), nl = strlen(n->text), a = 0, b = 0;
	int32_t *oa = malloc((ol + 1) * sizeof(int32_t)),
		*na = malloc((nl + 1) * sizeof(int32_t));
	if (!oa || !na) {
		free(oa);
		free(na);
		return false;
	}
	for (size_t i = 0; i < ol;)
		oa[a++] = lx_u8_next(o->text, ol, &i);
	for (size_t i = 0; i < nl;)
		na[b++] = lx_u8_next(n->text, nl, &i);
	lx_vec t = {0};
	bool ok = myers(oa, a, na, b, &t);
	free(oa);
	free(na);
	if (!ok) {
		for (size_t i = 0; i < t.n; i++)
			free(LX_VEC_AT(&t, lx_inline, i).text);
		lx_vec_free(&t);
	}
	ok = ok && tidy(&t, &v);
	c->inl = v.v;
	c->n_inl = v.n;
	return ok;
}

/* Pairs out of order: with the pairs taken in the order of the old
 * version, those outside the longest run whose new positions increase
 * moved (the fewest articles that explain the new order). */
static bool mark_order(art *o, size_t no, art *n)
{
	size_t m = 0;
	size_t *idx = malloc((no + 1) * sizeof(size_t));
	size_t *tail = malloc((no + 1) * sizeof(size_t));
	size_t *prev = malloc((no + 1) * sizeof(size_t));
	bool ok = idx && tail && prev;
	for (size_t i = 0; ok && i < no; i++)
		if (o[i].pair >= 0)
			idx[m++] = i;
	size_t len = 0;
	for (size_t i = 0; ok && i < m; i++) {
		int key = o[idx[i]].pair;
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (o[idx[tail[mid]]].pair < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : (size_t)-1;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	if (ok) {
		for (size_t i = 0; i < m; i++)
			o[idx[i]].out_of_order = true;
		for (size_t i = len ? tail[len - 1] : (size_t)-1;
		     i != (size_t)-1; i = prev[i])
			o[idx[i]].out_of_order = false;
		for (size_t i = 0; i < m; i++)
			n[o[idx[i]].pair].out_of_order = o[idx[i]].out_of_order;
	}
	free(idx);
	free(tail);
	free(prev);
	return ok;
}

/* ---- headings: parts, chapters and sections aligned by their articles */

typedef struct vote {
	const lx_node *o, *n;
	size_t count;
} vote;

static int cmp_vote(const void *x, const void *y)
{
	const vote *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->o->line_first != b->o->line_first)
		return a->o->line_first - b->o->line_first;
	return a->n->line_first - b->n->line_first;
}

static bool is_container(const lx_node *p)
{
	return p && (p->type == LX_NODE_PART || p->type == LX_NODE_SUBPART ||
	             p->type == LX_NODE_CHAPTER || p->type == LX_NODE_SECTION);
}

static const lx_node *ancestor(const lx_node *a, lx_node_type t)
{
	for (const lx_node *p = a->parent; p; p = p->parent)
		if (p->type == t)
			return p;
	return NULL;
}

/* Containers paired so far, both ways: open addressing on the node's
 * address (a list searched at every article was quadratic). */
typedef struct pmap {
	const lx_node **k, **v; /* old -> new at [0, cap), new -> old at [cap, 2 cap) */
	size_t cap;
} pmap;

static void pmap_free(pmap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

static size_t pmap_slot(const pmap *m, const lx_node *p, bool old)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 11400714819323198485ULL;
	size_t mask = m->cap - 1, base = old ? 0 : m->cap, i = (size_t)(h >> 20) & mask;
	while (m->k[base + i] && m->k[base + i] != p)
		i = (i + 1) & mask;
	return base + i;
}

/* The container paired with p (of the old version when `old`), or NULL. */
static const lx_node *pmap_get(const pmap *m, const lx_node *p, bool old)
{
	if (!m->cap || !p)
		return NULL;
	size_t i = pmap_slot(m, p, old);
	return m->k[i] ? m->v[i] : NULL;
}

static void pmap_put(pmap *m, const lx_node *o, const lx_node *n)
{
	size_t i = pmap_slot(m, o, true);
	m->k[i] = o;
	m->v[i] = n;
	i = pmap_slot(m, n, false);
	m->k[i] = n;
	m->v[i] = o;
}

static size_t containers(const lx_node *root)
{
	size_t c = 0;
	for (const lx_node *p = root; p; p = lx_node_next_preorder(root, p))
		c += is_container(p);
	return c;
}

static int cmp_ptrpair(const void *x, const void *y)
{
	const vote *a = x, *b = y;
	uintptr_t p = (uintptr_t)a->o, q = (uintptr_t)b->o;
	if (p != q)
		return p < q ? -1 : 1;
	p = (uintptr_t)a->n, q = (uintptr_t)b->n;
	return p < q ? -1 : p > q;
}

static bool heading_pairs(const lx_doc *od, const lx_doc *nd, art *o,
                          size_t no, art *n, lx_vec *pairs, pmap *hm)
{
	static const lx_node_type types[] = {LX_NODE_PART, LX_NODE_SUBPART,
	                                     LX_NODE_CHAPTER, LX_NODE_SECTION};
	const lx_node *roots[2] = {lx_doc_body(od), lx_doc_body(nd)};
	size_t nc = containers(roots[0]) + containers(roots[1]), cap = 16;
	while (cap < 2 * nc)
		cap *= 2;
	hm->cap = cap;
	hm->k = calloc(2 * cap, sizeof(lx_node *));
	hm->v = calloc(2 * cap, sizeof(lx_node *));
	vote *all = malloc((no + 1) * sizeof(vote));
	lx_vec votes = {0};
	bool ok = hm->k && hm->v && all;
	for (size_t t = 0; t < 4 && ok; t++) {
		/* the (old, new) container of each pair, sorted, counted */
		size_t m = 0;
		for (size_t i = 0; i < no; i++) {
			if (o[i].pair < 0)
				continue;
			const lx_node *a = ancestor(o[i].node, types[t]),
			              *b = ancestor(n[o[i].pair].node, types[t]);
			if (a && b)
				all[m++] = (vote){a, b, 1};
		}
		if (m)
			qsort(all, m, sizeof(vote), cmp_ptrpair);
		votes.n = 0;
		for (size_t i = 0; i < m && ok; i++) {
			if (votes.n) {
				vote *l = &LX_VEC_AT(&votes, vote, votes.n - 1);
				if (l->o == all[i].o && l->n == all[i].n) {
					l->count++;
					continue;
				}
			}
			vote *v = lx_vec_push(&votes, sizeof(vote));
			if (!v)
				ok = false;
			else
				*v = all[i];
		}
		if (votes.n)
			qsort(votes.v, votes.n, sizeof(vote), cmp_vote);
		for (size_t k = 0; k < votes.n && ok; k++) {
			vote *v = &LX_VEC_AT(&votes, vote, k);
			if (pmap_get(hm, v->o, true) || pmap_get(hm, v->n, false))
				continue;
			lx_heading_change *h = lx_vec_push(pairs, sizeof(*h));
			if (!h)
				ok = false;
			else {
				*h = (lx_heading_change){LX_HEADING_UNCHANGED, v->o, v->n};
				pmap_put(hm, v->o, v->n);
			}
		}
	}
	free(all);
	lx_vec_free(&votes);
	/* The rest: headings without articles in common. */
	for (int side = 0; side < 2 && ok; side++)
		for (const lx_node *p = roots[side]; p && ok;
		     p = lx_node_next_preorder(roots[side], p)) {
			if (!is_container(p) || pmap_get(hm, p, side == 0))
				continue;
			lx_heading_change *h = lx_vec_push(pairs, sizeof(*h));
			if (!h)
				ok = false;
			else if (side == 0)
				*h = (lx_heading_change){LX_HEADING_DELETED, p, NULL};
			else
				*h = (lx_heading_change){LX_HEADING_ADDED, NULL, p};
		}
	for (size_t i = 0; i < pairs->n; i++) {
		lx_heading_change *h = &LX_VEC_AT(pairs, lx_heading_change, i);
		if (!h->old_node || !h->new_node)
			continue;
		bool sameh = (!h->old_node->heading && !h->new_node->heading) ||
		             (h->old_node->heading && h->new_node->heading &&
		              !strcmp(h->old_node->heading, h->new_node->heading));
		bool samel = h->old_node->num == h->new_node->num;
		h->op = !sameh   ? LX_HEADING_RENAMED
		        : !samel ? LX_HEADING_RENUMBERED
		                 : LX_HEADING_UNCHANGED;
	}
	return ok;
}

/* ---- ordering: the changes in the order of the new version, each
 * deletion after the change holding the old article before it */

typedef struct slot {
	double key;
	size_t seq;
	lx_change c;
} slot;

static int cmp_slot(const void *x, const void *y)
{
	const slot *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool meta_change(lx_vec *v, const char *field, const char *a,
                        const char *b)
{
	if ((!a && !b) || (a && b && !strcmp(a, b)))
		return true;
	lx_meta_change *m = lx_vec_push(v, sizeof(*m));
	if (m)
		*m = (lx_meta_change){field, a, b};
	return m != NULL;
}

static bool meets(const art *x, const art *y, size_t c)
{
	/* x is made mostly of y's text, and holds a fair part of it */
	return x->nbg && y->nbg &&
	       (double)c / (double)x->nbg >= LX_DIFF_COVER &&
	       (double)c / (double)y->nbg >= LX_DIFF_PART;
}

/* Step 3: an article `a` (of side A), unpaired or only modified, whose
 * text went into several articles of side B: unpaired ones, and its own
 * partner if it has one (a split where one part kept most of the text
 * first pairs as modified). */
static bool part_of(const art *bj, int i, const art *ai, size_t c)
{
	if (bj->group >= 0 || (bj->pair >= 0 && bj->pair != i))
		return false;
	return meets(bj, ai, c);
}

/* An article that may take part: not grouped, with text, and not paired
 * with an equal text. */
static bool open_art(const art *x, const art *other)
{
	return x->group < 0 && x->nbg &&
	       !(x->pair >= 0 && same_text(x, &other[x->pair]));
}

/* The articles of side B it may share bigrams with are found through the
 * postings of those that can take part (exact, or bounded as in
 * candidates()). */
static bool groups(art *a, size_t na, art *b, size_t nb, int *group,
                   size_t work)
{
	bindex ix = {0};
	bool *use = malloc((nb + 1) * sizeof(bool));
	int *parts = malloc((nb + 1) * sizeof(int));
	bool ok = use && parts;
	for (size_t j = 0; ok && j < nb; j++)
		use[j] = open_art(&b[j], a);
	ok = ok && index_build(&ix, b, nb, use);
	free(use);
	if (!ok) {
		free(parts);
		return false;
	}
	size_t w = 0;
	for (size_t i = 0; i < na && w <= work; i++)
		if (open_art(&a[i], b))
			w += walk_cost(&ix, &a[i]);
	bool bounded = w > work;
	for (size_t i = 0; i < na; i++) {
		if (!open_art(&a[i], b))
			continue;
		cands_of(&ix, &a[i], b, nb, bounded, rel(i, na), a[i].pair);
		size_t cover = 0, np = 0;
		for (size_t t = 0; t < ix.nt; t++) {
			int j = ix.touched[t];
			if (part_of(&b[j], (int)i, &a[i], ix.cnt[j])) {
				parts[np++] = j;
				cover += ix.cnt[j];
			}
		}
		if (np < 2 || (double)cover / (double)a[i].nbg < LX_DIFF_COVER)
			continue;
		a[i].group = *group;
		for (size_t t = 0; t < np; t++)
			b[parts[t]].group = *group;
		if (a[i].pair >= 0)
			b[a[i].pair].pair = -1;
		a[i].pair = -1;
		++*group;
	}
	index_free(&ix);
	free(parts);
	return true;
}

/* Greedy pairing, best candidate first. */
static void pair_up(art *o, size_t no, art *n, size_t nn, lx_vec *cv)
{
	cand *c = cv->v;
	for (size_t i = 0; i < cv->n; i++) {
		c[i].eq = same_text(&o[c[i].o], &n[c[i].n]);
		double po = no > 1 ? (double)c[i].o / (double)(no - 1) : 0,
		       pn = nn > 1 ? (double)c[i].n / (double)(nn - 1) : 0;
		c[i].dist = po > pn ? po - pn : pn - po;
	}
	if (cv->n)
		qsort(c, cv->n, sizeof(cand), cmp_cand);
	for (size_t i = 0; i < cv->n; i++)
		if (o[c[i].o].pair < 0 && n[c[i].n].pair < 0) {
			o[c[i].o].pair = c[i].n;
			n[c[i].n].pair = c[i].o;
		}
}

static void free_arts(lx_vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		art *a = &LX_VEC_AT(v, art, i);
		free(a->text);
		free(a->cp);
		free(a->bg);
	}
	lx_vec_free(v);
}

static bool collect(const lx_doc *od, const lx_doc *nd, art *o, size_t no,
                    art *n, size_t nn, int groups_, int split_groups,
                    lx_diff *out);

static void diff_clear(lx_diff *d);

/* Fills *out (zeroed first; cleared again on failure). */
static int diff_docs(lx_diff *out, const lx_doc *od, const lx_doc *nd)
{
	memset(out, 0, sizeof(*out));
	out->old_doc = od;
	out->new_doc = nd;
	lx_vec ov = {0}, nv = {0}, cv = {0};
	tkey *keys = NULL;
	int rc = LX_ERR_NOMEM;
	if (!load(od, &ov) || !load(nd, &nv))
		goto out;
	art *o = ov.v, *n = nv.v;
	size_t no = ov.n, nn = nv.n;
	size_t work = budget(o, no, n, nn);
	/* 1: equal texts, found through a hash. */
	keys = text_keys(o, no, n, nn);
	if (!keys || !equal_candidates(keys, no + nn, no, nn, &cv))
		goto out;
	pair_up(o, no, n, nn, &cv);
	/* 2: the rest by similarity. */
	cv.n = 0;
	if (!candidates(o, no, n, nn, LX_DIFF_MODIFIED, false, work, &cv))
		goto out;
	pair_up(o, no, n, nn, &cv);
	/* 2b: what is left, by containment: old text mostly kept in a new
	 * article that adds a lot (or the reverse). */
	cv.n = 0;
	if (!candidates(o, no, n, nn, LX_DIFF_CONTAINED, true, work, &cv))
		goto out;
	pair_up(o, no, n, nn, &cv);
	/* Equal texts the steps above cannot see (empty articles) or left
	 * (bounded step 1). */
	equal_rest(keys, no + nn, o, n);
	/* 3: split, then merged. */
	int group = 0;
	if (!groups(o, no, n, nn, &group, work))
		goto out;
	int split_groups = group;
	if (!groups(n, nn, o, no, &group, work))
		goto out;
	if (!mark_order(o, no, n) ||
	    !collect(od, nd, o, no, n, nn, group, split_groups, out))
		goto out;
	rc = LX_OK;
out:
	free_arts(&ov);
	free_arts(&nv);
	lx_vec_free(&cv);
	free(keys);
	if (rc)
		diff_clear(out);
	return rc;
}

int lx_diff_docs(lx_diff **out, const lx_doc *od, const lx_doc *nd)
{
	*out = NULL;
	lx_diff *d = malloc(sizeof(*d));
	if (!d)
		return LX_ERR_NOMEM;
	int rc = diff_docs(d, od, nd);
	if (rc) {
		free(d);
		return rc;
	}
	*out = d;
	return LX_OK;
}

/* Builds the changes, headings and metadata of `out`. */
static bool collect(const lx_doc *od, const lx_doc *nd, art *o, size_t no,
                    art *n, size_t nn, int groups_, int split_groups,
                    lx_diff *out)
{
	lx_vec ch = {0}, hv = {0}, mv = {0};
	pmap hm = {0};
	bool ok = heading_pairs(od, nd, o, no, n, &hv, &hm);
	/* where each old article's change stands, to place deletions */
	long *at = malloc((no + 1) * sizeof(long));
	art **go = malloc((no + 1) * sizeof(art *)),
	    **gn = malloc((nn + 1) * sizeof(art *));
	/* the members of each group, each side in order: go[gs_o[g] ..
	 * gs_o[g + 1]), gn[gs_n[g] .. gs_n[g + 1]) */
	size_t ng = (size_t)groups_;
	size_t *gs_o = calloc(ng + 2, sizeof(size_t)),
	       *gs_n = calloc(ng + 2, sizeof(size_t));
	ok = ok && at && go && gn && gs_o && gs_n;
	for (size_t i = 0; ok && i < no; i++)
		at[i] = -1;
	for (size_t i = 0; ok && i < no; i++)
		if (o[i].group >= 0)
			gs_o[o[i].group + 2]++;
	for (size_t j = 0; ok && j < nn; j++)
		if (n[j].group >= 0)
			gs_n[n[j].group + 2]++;
	for (size_t g = 2; ok && g < ng + 2; g++) {
		gs_o[g] += gs_o[g - 1];
		gs_n[g] += gs_n[g - 1];
	}
	for (size_t i = 0; ok && i < no; i++)
		if (o[i].group >= 0)
			go[gs_o[o[i].group + 1]++] = &o[i];
	for (size_t j = 0; ok && j < nn; j++)
		if (n[j].group >= 0)
			gn[gs_n[n[j].group + 1]++] = &n[j];
	for (size_t j = 0; j < nn && ok; j++) {
		art *na = &n[j];
		if (na->pair >= 0) {
			art *oa = &o[na->pair];
			bool same = same_text(oa, na);
			bool renum = oa->node->num != na->node->num ||
			             oa->node->sub != na->node->sub;
			lx_diff_op op = !same  ? LX_OP_MODIFIED
			                : renum ? LX_OP_RENUMBERED
			                        : LX_OP_UNCHANGED;
			ok = add_change(out, &ch, op, &oa, 1, &na, 1,
			                same ? 1.0 : dice(oa, na));
			if (!ok)
				break;
			lx_change *cc = &LX_VEC_AT(&ch, lx_change, ch.n - 1);
			at[na->pair] = (long)ch.n - 1;
			/* moved: to a chapter (section, part) other than the
			 * one its old chapter became, or out of order */
			const lx_node *op_ = oa->node->parent,
			              *np_ = na->node->parent;
			if (is_container(op_) && is_container(np_)) {
				const lx_node *p = pmap_get(&hm, op_, true);
				if (p && p != np_)
					cc->moved = true;
			}
			if (oa->out_of_order)
				cc->moved = true;
			if (op == LX_OP_MODIFIED)
				ok = inline_diff(cc, oa, na);
		} else if (na->group >= 0) {
			/* once, at the group's first new article */
			size_t g = (size_t)na->group;
			if (gn[gs_n[g]] != na)
				continue;
			ok = add_change(out, &ch,
			                na->group < split_groups ? LX_OP_SPLIT
			                                         : LX_OP_MERGED,
			                go + gs_o[g], gs_o[g + 1] - gs_o[g],
			                gn + gs_n[g], gs_n[g + 1] - gs_n[g], 0);
			for (size_t k = gs_o[g]; ok && k < gs_o[g + 1]; k++)
				at[go[k] - o] = (long)ch.n - 1;
		} else {
			ok = add_change(out, &ch, LX_OP_ADDED, NULL, 0, &na, 1, 0);
		}
	}
	/* Deletions, each after the change of the old article before it. */
	size_t kept = ch.n;
	for (size_t i = 0; i < no && ok; i++) {
		if (o[i].pair >= 0 || o[i].group >= 0)
			continue;
		art *oa = &o[i];
		ok = add_change(out, &ch, LX_OP_DELETED, &oa, 1, NULL, 0, 0);
	}
	slot *sl = ok ? malloc((ch.n + 1) * sizeof(slot)) : NULL;
	ok = ok && sl;
	if (ok) {
		size_t d = kept;
		for (size_t i = 0; i < ch.n; i++)
			sl[i].c = LX_VEC_AT(&ch, lx_change, i);
		for (size_t i = 0; i < kept; i++)
			sl[i].key = (double)i, sl[i].seq = i;
		long before = -1; /* the change of the last old article placed */
		for (size_t i = 0; i < no; i++) {
			if (o[i].pair >= 0 || o[i].group >= 0) {
				if (at[i] >= 0)
					before = at[i];
				continue;
			}
			sl[d].key = (double)before + 0.5;
			sl[d].seq = d;
			d++;
		}
		qsort(sl, ch.n, sizeof(slot), cmp_slot);
		for (size_t i = 0; i < ch.n; i++)
			LX_VEC_AT(&ch, lx_change, i) = sl[i].c;
	}
	free(sl);
	free(at);
	free(go);
	free(gn);
	free(gs_o);
	free(gs_n);
	pmap_free(&hm);
	out->changes = ch.v;
	out->n = ch.n;
	for (size_t i = 0; i < out->n; i++)
		out->moved += out->changes[i].moved;
	/* Headings: only the changed ones are reported. */
	size_t k = 0;
	for (size_t i = 0; i < hv.n; i++)
		if (LX_VEC_AT(&hv, lx_heading_change, i).op != LX_HEADING_UNCHANGED)
			LX_VEC_AT(&hv, lx_heading_change, k++) =
				LX_VEC_AT(&hv, lx_heading_change, i);
	out->headings = hv.v;
	out->n_headings = k;
	/* Metadata. */
	ok = ok && meta_change(&mv, "title", lx_doc_title(od), lx_doc_title(nd));
	ok = ok && meta_change(&mv, "status", lx_doc_status(od), lx_doc_status(nd));
	ok = ok && meta_change(&mv, "type", lx_doc_type(od), lx_doc_type(nd));
	ok = ok && meta_change(&mv, "jurisdiction", lx_doc_jurisdiction(od),
	            lx_doc_jurisdiction(nd));
	ok = ok && meta_change(&mv, "doc_number", lx_doc_number(od), lx_doc_number(nd));
	ok = ok && meta_change(&mv, "issuer", lx_doc_issuer(od), lx_doc_issuer(nd));
	ok = ok && meta_change(&mv, "effective", lx_doc_effective(od),
	            lx_doc_effective(nd));
	ok = ok && meta_change(&mv, "expires", lx_doc_expires(od), lx_doc_expires(nd));
	const lx_event *he, *hn;
	size_t ne = lx_doc_history(od, &he), nn2 = lx_doc_history(nd, &hn);
	ok = ok && meta_change(&mv, "last_revised", ne ? he[ne - 1].date : NULL,
	            nn2 ? hn[nn2 - 1].date : NULL);
	out->meta = mv.v;
	out->n_meta = mv.n;
	return ok;
}

bool lx_diff_same(const lx_diff *d)
{
	if (d->n_meta || d->n_headings)
		return false;
	for (size_t i = 0; i < d->n; i++)
		if (d->changes[i].op != LX_OP_UNCHANGED || d->changes[i].moved)
			return false;
	return true;
}

static void diff_clear(lx_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		lx_change *c = &d->changes[i];
		free(c->old_nodes);
		free(c->new_nodes);
		for (size_t k = 0; k < c->n_inl; k++)
			free(c->inl[k].text);
		free(c->inl);
	}
	free(d->changes);
	free(d->meta);
	free(d->headings);
	memset(d, 0, sizeof(*d));
}

void lx_diff_free(lx_diff *d)
{
	if (d) {
		diff_clear(d);
		free(d);
	}
}

/* ---- getters (lexcn/diff.h) ---- */

const char *lx_heading_op_name(lx_heading_op op)
{
	static const char *const n[] = {"renamed", "renumbered", "added",
	                                "deleted"};
	return (unsigned)op < sizeof(n) / sizeof(*n) ? n[op] : NULL;
}

const lx_doc *lx_diff_old_doc(const lx_diff *d) { return d->old_doc; }
const lx_doc *lx_diff_new_doc(const lx_diff *d) { return d->new_doc; }
size_t lx_diff_change_count(const lx_diff *d) { return d->n; }

const lx_change *lx_diff_change(const lx_diff *d, size_t i)
{
	return i < d->n ? &d->changes[i] : NULL;
}

size_t lx_diff_op_count(const lx_diff *d, lx_diff_op op)
{
	return (unsigned)op < sizeof(d->counts) / sizeof(*d->counts)
	               ? d->counts[op]
	               : 0;
}

size_t lx_diff_moved_count(const lx_diff *d) { return d->moved; }
lx_diff_op lx_change_get_op(const lx_change *c) { return c->op; }
bool lx_change_get_moved(const lx_change *c) { return c->moved; }
double lx_change_get_similarity(const lx_change *c) { return c->similarity; }
size_t lx_change_old_count(const lx_change *c) { return c->n_old; }

const lx_node *lx_change_old(const lx_change *c, size_t k)
{
	return k < c->n_old ? c->old_nodes[k] : NULL;
}

size_t lx_change_new_count(const lx_change *c) { return c->n_new; }

const lx_node *lx_change_new(const lx_change *c, size_t k)
{
	return k < c->n_new ? c->new_nodes[k] : NULL;
}

size_t lx_change_inline_count(const lx_change *c) { return c->n_inl; }

const lx_inline *lx_change_inline(const lx_change *c, size_t k)
{
	return k < c->n_inl ? &c->inl[k] : NULL;
}

lx_inline_op lx_inline_get_op(const lx_inline *in) { return (lx_inline_op)in->op; }
const char *lx_inline_get_text(const lx_inline *in) { return in->text; }
size_t lx_diff_meta_count(const lx_diff *d) { return d->n_meta; }

const lx_meta_change *lx_diff_meta(const lx_diff *d, size_t i)
{
	return i < d->n_meta ? &d->meta[i] : NULL;
}

const char *lx_meta_change_get_field(const lx_meta_change *m) { return m->field; }
const char *lx_meta_change_get_old(const lx_meta_change *m) { return m->old_value; }
const char *lx_meta_change_get_new(const lx_meta_change *m) { return m->new_value; }
size_t lx_diff_heading_count(const lx_diff *d) { return d->n_headings; }

const lx_heading_change *lx_diff_heading(const lx_diff *d, size_t i)
{
	return i < d->n_headings ? &d->headings[i] : NULL;
}

lx_heading_op lx_heading_change_get_op(const lx_heading_change *h) { return h->op; }
const lx_node *lx_heading_change_get_old(const lx_heading_change *h) { return h->old_node; }
const lx_node *lx_heading_change_get_new(const lx_heading_change *h) { return h->new_node; }

char *lx_diff_article_text(const lx_node *article)
{
	return own_text(article);
}
