/*
 * index.c: articles into the index, queries out of it (see index.h).
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "../parser/lx_int.h"
#include "../render/render_int.h"
#include "index.h"
#include "record.h"

/* ---- terms ---------------------------------------------------------------- */

void lx_index_hash(const char *buf, size_t len, char out[17])
{
	/* Four lanes of 64-bit multiply and shift over 32 bytes at a time,
	 * then the tail byte by byte: the content hash of every file is
	 * taken at each run (47 MB for the corpus), and byte-wise FNV cost
	 * 14% of an incremental run.  Format 8 changed it (every index is
	 * rebuilt for that format anyway). */
	const uint64_t m = 0x9E3779B97F4A7C15ULL;
	uint64_t h[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL,
	                 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL};
	size_t i = 0;
	for (; i + 32 <= len; i += 32)
		for (int k = 0; k < 4; k++) {
			uint64_t v;
			memcpy(&v, buf + i + 8 * k, 8);
			h[k] = (h[k] ^ v) * m;
			h[k] ^= h[k] >> 29;
		}
	uint64_t t = h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7) ^ len;
	for (; i < len; i++)
		t = (t ^ (unsigned char)buf[i]) * 0x100000001B3ULL;
	t ^= t >> 31;
	t *= m;
	t ^= t >> 29;
	snprintf(out, 17, "%016llx", (unsigned long long)t);
}

/* A boolean term: prefix + value, hashed when too long for Xapian (245
 * bytes). */
static char *bterm(const char *prefix, const char *value)
{
	size_t pl = strlen(prefix), vl = value ? strlen(value) : 0;
	char *t = malloc(pl + (vl < 200 ? vl : 200) + 20);
	if (!t)
		return NULL;
	memcpy(t, prefix, pl);
	if (vl < 200) {
		memcpy(t + pl, value ? value : "", vl);
		t[pl + vl] = '\0';
	} else {
		size_t cut = 180;
		cut = lx_u8_start(value, cut);
		memcpy(t + pl, value, cut);
		char h[17];
		lx_index_hash(value, vl, h);
		t[pl + cut] = '#';
		memcpy(t + pl + cut + 1, h, 17);
	}
	return t;
}

static void yyyymmdd(const char *date, char out[9])
{
	out[0] = '\0';
	if (date && strlen(date) == 10)
		snprintf(out, 9, "%.4s%.2s%.2s", date, date + 5, date + 8);
}

/* ---- the pairs with positions (index.h) ---- */

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void lx_pairs_free(lx_pairs *ps)
{
	free(ps->buf);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/* The set from its stored form ("*", or pairs a line each). */
static int pairs_parse(lx_pairs *out, const char *list)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(list, "*")) {
		out->all = true;
		return LX_OK;
	}
	size_t n = 0, len = strlen(list);
	for (size_t i = 0; i < len; i++)
		n += list[i] == '\n';
	out->buf = malloc(len + 1);
	out->v = calloc(n + 2, sizeof(char *));
	if (!out->buf || !out->v) {
		lx_pairs_free(out);
		return LX_ERR_NOMEM;
	}
	memcpy(out->buf, list, len + 1);
	for (char *p = out->buf; *p;) {
		char *e = strchr(p, '\n');
		if (e)
			*e = '\0';
		if (*p && out->n <= n)
			out->v[out->n++] = p;
		if (!e)
			break;
		p = e + 1;
	}
	qsort(out->v, out->n, sizeof(char *), cmp_cstr);
	return LX_OK;
}

int lx_pairs_load(lx_xdb *db, lx_pairs *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	*why = NULL;
	const char *f = lx_xdb_get_meta(db, LX_IX_FORMAT_KEY);
	if (!f)
		return LX_ERR_INDEX;
	if (strcmp(f, LX_IX_FORMAT)) {
		long n = f[0] ? 1 : lx_xdb_doccount(db);
		if (n < 0)
			return (int)n;
		if (n == 0)
			return LX_ERR_NOT_FOUND; /* a new database */
		*why = f[0] ? "the index is of another format (lexcn:format "
		              "is not " LX_IX_FORMAT "): rebuild the index "
		              "(remove it, then lexcn index again)"
		            : "the index was built by an older lexcn (format "
		              "1): rebuild the index (remove it, then lexcn "
		              "index again)";
		return LX_ERR_DAMAGED;
	}
	const char *list = lx_xdb_get_meta(db, LX_IX_PAIRS_KEY);
	if (!list)
		return LX_ERR_INDEX;
	return pairs_parse(out, list);
}

int lx_pairs_store(lx_xdb *db, const char *list)
{
	int rc = lx_xdb_set_meta(db, LX_IX_PAIRS_KEY, list);
	return rc ? rc : lx_xdb_set_meta(db, LX_IX_FORMAT_KEY, LX_IX_FORMAT);
}

bool lx_pairs_has(const lx_pairs *ps, const char *pair, size_t len)
{
	if (!ps || ps->all)
		return true;
	size_t lo = 0, hi = ps->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = ps->v[mid];
		int c = strncmp(m, pair, len);
		if (!c && m[len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return true;
	}
	return false;
}

/* ---- the triples (index.h) ---- */

/* The code point of a norm of nl bytes when it is one (a triple's unit:
 * three of them concatenated are read back one way only), else -1. */
static int32_t one_cp(const char *nm, size_t nl)
{
	size_t i = 0;
	int32_t c = nl ? lx_u8_next(nm, nl, &i) : -1;
	return i == nl && c > 0 ? c : -1;
}

/* Three code points (each below 2^21) as one nonzero key. */
static uint64_t tkey(int32_t a, int32_t b, int32_t c)
{
	return ((uint64_t)a << 42 | (uint64_t)b << 21 | (uint64_t)c) + 1;
}

static size_t tslot(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

static bool tset_has(const lx_triples *t, uint64_t k)
{
	if (!t || !t->n)
		return false;
	for (size_t h = tslot(k, t->cap); t->v[h]; h = (h + 1) & (t->cap - 1))
		if (t->v[h] == k)
			return true;
	return false;
}

/* The key of a UTF-8 string of three code points, or 0. */
static uint64_t tkey_of(const char *s, size_t len)
{
	int32_t c[3];
	size_t i = 0;
	for (int k = 0; k < 3; k++) {
		if (i >= len)
			return 0;
		c[k] = lx_u8_next(s, len, &i);
		if (c[k] <= 0)
			return 0;
	}
	return i == len ? tkey(c[0], c[1], c[2]) : 0;
}

bool lx_triples_has(const lx_triples *t, const char *s, size_t len)
{
	uint64_t k = tkey_of(s, len);
	return k && tset_has(t, k);
}

void lx_triples_free(lx_triples *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* The set from its stored form (triples a line each; a line that is not
 * three code points is skipped). */
static int triples_parse(lx_triples *out, const char *list)
{
	memset(out, 0, sizeof(*out));
	size_t lines = 1;
	for (const char *p = list; *p; p++)
		lines += *p == '\n';
	size_t cap = 16;
	while (cap < 2 * lines)
		cap *= 2;
	if (!(out->v = calloc(cap, sizeof(uint64_t))))
		return LX_ERR_NOMEM;
	out->cap = cap;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		uint64_t k = tkey_of(p, len);
		if (k && !tset_has(out, k)) {
			size_t h = tslot(k, cap);
			while (out->v[h])
				h = (h + 1) & (cap - 1);
			out->v[h] = k;
			out->n++;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return LX_OK;
}

int lx_triples_load(lx_xdb *db, lx_triples *out)
{
	memset(out, 0, sizeof(*out));
	const char *list = lx_xdb_get_meta(db, LX_IX_TRIPLES_KEY);
	return list ? triples_parse(out, list) : LX_OK;
}

int lx_triples_store(lx_xdb *db, const char *list)
{
	return lx_xdb_set_meta(db, LX_IX_TRIPLES_KEY, list);
}

/* Counting pairs and triples: open addressing on a nonzero 64-bit key
 * (a triple's tkey; a pair's hash, its bytes in an arena beside). */
typedef struct pcount {
	uint64_t k;      /* 0: empty */
	const char *key; /* a pair's bytes (NULL for a triple) */
	size_t len;
	size_t df, last; /* units seen; the last unit that counted */
} pcount;

typedef struct ptable {
	pcount *v;
	size_t cap, n;
	lx_arena a;
	bool oom;
} ptable;

static void ptable_hit(ptable *t, uint64_t k, const char *s, size_t len,
                       size_t unit)
{
	if (t->oom)
		return;
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1 << 16;
		pcount *v = calloc(cap, sizeof(*v));
		if (!v) {
			t->oom = true;
			return;
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->v[i].k)
				continue;
			size_t h = tslot(t->v[i].k, cap);
			while (v[h].k)
				h = (h + 1) & (cap - 1);
			v[h] = t->v[i];
		}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	size_t h = tslot(k, t->cap);
	while (t->v[h].k && (t->v[h].k != k || t->v[h].len != len ||
	                     (len && memcmp(t->v[h].key, s, len))))
		h = (h + 1) & (t->cap - 1);
	pcount *c = &t->v[h];
	if (!c->k) {
		char *kk = len ? lx_arena_strndup(&t->a, s, len) : NULL;
		if (len && !kk) {
			t->oom = true;
			return;
		}
		c->k = k;
		c->key = kk;
		c->len = len;
		c->last = (size_t)-1;
		t->n++;
	}
	if (c->last != unit) {
		c->last = unit;
		c->df++;
	}
}

/* Counting triples: their keys alone, 16 bytes an entry, the table up to
 * three quarters full.  The first reading of the corpus meets about two
 * million distinct triples in its sample; as pcounts (40 bytes, half
 * full) their table and its copy while growing were 150 MB of a build's
 * peak memory. */
typedef struct tcount {
	uint64_t k; /* 0: empty */
	uint32_t df, last; /* units seen; the last unit that counted + 1 */
} tcount;

typedef struct ttable {
	tcount *v;
	size_t cap, n;
	bool oom;
} ttable;

static void ttable_hit(ttable *t, uint64_t k, size_t unit)
{
	if (t->oom)
		return;
	if (4 * (t->n + 1) > 3 * t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1 << 16;
		tcount *v = calloc(cap, sizeof(*v));
		if (!v) {
			t->oom = true;
			return;
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->v[i].k)
				continue;
			size_t h = tslot(t->v[i].k, cap);
			while (v[h].k)
				h = (h + 1) & (cap - 1);
			v[h] = t->v[i];
		}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	size_t h = tslot(k, t->cap);
	while (t->v[h].k && t->v[h].k != k)
		h = (h + 1) & (t->cap - 1);
	tcount *c = &t->v[h];
	if (!c->k) {
		c->k = k;
		t->n++;
	}
	uint32_t u = (uint32_t)unit + 1;
	if (c->last != u) {
		c->last = u;
		c->df++;
	}
}

static bool is_unit(const lx_node *n);
static char *unit_text(const lx_node *n);

/* One unit in SAMPLE is counted: the set needs an estimate only (any set
 * gives exact counts; it decides size and speed). */
#define PAIR_SAMPLE 4

struct lx_pair_counter {
	ptable t;  /* pairs, when counted */
	ttable t3; /* triples */
	bool pairs;
	size_t unit;
};

lx_pair_counter *lx_pairs_counter_new(bool pairs)
{
	lx_pair_counter *pc = calloc(1, sizeof(lx_pair_counter));
	if (pc)
		pc->pairs = pairs;
	return pc;
}

void lx_pairs_count(lx_pair_counter *pc, lx_tokenizer *tk, const lx_doc *d)
{
	ptable *tp = &pc->t;
#define t (*tp)
#define unit (pc->unit)
	char term[136], prev[64];
	{
		const lx_node *root = lx_doc_body(d);
		for (const lx_node *n = root; n && !t.oom;
		     n = lx_node_next_preorder(root, n)) {
			if (!is_unit(n) || unit++ % PAIR_SAMPLE)
				continue;
			char *text = unit_text(n);
			if (!text) {
				t.oom = true;
				break;
			}
			size_t len = strlen(text), pl = 0;
			/* the code points of the last two units (-1: none) */
			int32_t c1 = -1, c2 = -1;
			for (size_t i = 0; i < len;) {
				size_t st = i, nl = 0;
				int32_t c = lx_u8_next(text, len, &i);
				const char *norm =
					lx_cp_is_space(c) || c == '\n' || c == '\r'
						? ""
						: lx_tokenizer_norm(tk, text + st,
						                    i - st, &nl);
				if (!norm) {
					t.oom = true;
					break;
				}
				if (!nl || nl > sizeof(prev)) {
					pl = 0;
					c1 = c2 = -1;
					continue;
				}
				if (pl && pc->pairs) {
					memcpy(term, prev, pl);
					memcpy(term + pl, norm, nl);
					ptable_hit(&t, lx_hash64(term, pl + nl) | 1, term, pl + nl,
					           unit);
				}
				if (pc->pairs)
					memcpy(prev, norm, nl);
				int32_t c3 = one_cp(norm, nl);
				if (c1 >= 0 && c2 >= 0 && c3 >= 0)
					ttable_hit(&pc->t3, tkey(c1, c2, c3), unit);
				c1 = c2;
				c2 = c3;
				pl = nl;
			}
			t.oom |= pc->t3.oom;
			free(text);
		}
	}
#undef t
#undef unit
}

char *lx_pairs_counter_list(const lx_pair_counter *pc, int units,
                            size_t min_df)
{
	lx_buf b = {0};
	for (size_t i = 0; units == 3 && i < pc->t3.cap; i++) {
		const tcount *c = &pc->t3.v[i];
		if (!c->k || (size_t)c->df * PAIR_SAMPLE <= min_df)
			continue;
		uint64_t k = c->k - 1; /* its key's code points */
		lx_buf_add_cp(&b, (int32_t)(k >> 42));
		lx_buf_add_cp(&b, (int32_t)(k >> 21 & 0x1FFFFF));
		lx_buf_add_cp(&b, (int32_t)(k & 0x1FFFFF));
		lx_buf_adds(&b, "\n");
	}
	for (size_t i = 0; units != 3 && i < pc->t.cap; i++) {
		const pcount *c = &pc->t.v[i];
		if (!c->k || c->df * PAIR_SAMPLE <= min_df)
			continue;
		lx_buf_add(&b, c->key, c->len); /* a pair: its bytes */
		lx_buf_adds(&b, "\n");
	}
	if (pc->t.oom || pc->t3.oom) {
		lx_buf_free(&b);
		return NULL;
	}
	return lx_buf_take(&b);
}

void lx_pairs_counter_free(lx_pair_counter *pc)
{
	if (!pc)
		return;
	free(pc->t.v);
	lx_arena_free(&pc->t.a);
	free(pc->t3.v);
	free(pc);
}

char *lx_pairs_choose(lx_tokenizer *tk, lx_doc *const *docs, size_t nd,
                      size_t min_df)
{
	lx_pair_counter *pc = lx_pairs_counter_new(true);
	if (!pc)
		return NULL;
	for (size_t k = 0; k < nd; k++)
		lx_pairs_count(pc, tk, docs[k]);
	char *list = lx_pairs_counter_list(pc, 2, min_df);
	lx_pairs_counter_free(pc);
	return list;
}

/* The units of a run or text, normalised, a separator between two
 * adjacent ones (RUN_SEP) and a break (RUN_BREAK) where whitespace or a
 * character without a norm breaks adjacency, as in char_terms. */
#define RUN_SEP '\x1f'
#define RUN_BREAK '\x1e'

/* The norm of the character at s[*i] (advanced past it), "" for
 * whitespace (which breaks adjacency); NULL when memory ran out. */
static const char *char_norm(lx_tokenizer *tk, const char *s, size_t n,
                             size_t *i, size_t *nl)
{
	size_t st = *i;
	int32_t c = lx_u8_next(s, n, i);
	*nl = 0;
	return lx_cp_is_space(c) || c == '\n' || c == '\r'
	               ? ""
	               : lx_tokenizer_norm(tk, s + st, *i - st, nl);
}

static void run_norm(lx_tokenizer *tk, const char *s, size_t n, lx_buf *b,
                     bool *oom)
{
	bool adj = false;
	for (size_t i = 0; i < n;) {
		size_t nl;
		const char *norm = char_norm(tk, s, n, &i, &nl);
		if (!norm) {
			*oom = true;
			return;
		}
		if (!nl || nl > 64 || memchr(norm, RUN_SEP, nl) ||
		    memchr(norm, RUN_BREAK, nl)) {
			if (adj)
				lx_buf_add(b, (char[]){RUN_BREAK}, 1);
			adj = false;
			continue;
		}
		if (adj)
			lx_buf_add(b, (char[]){RUN_SEP}, 1);
		lx_buf_add(b, norm, nl);
		adj = true;
	}
	if (b->oom)
		*oom = true;
}

bool lx_run_in(lx_tokenizer *tk, const char *text, size_t len,
               const char *lit, size_t ll)
{
	lx_buf b = {0};
	bool oom = false, found = false;
	run_norm(tk, text, len, &b, &oom);
	for (const char *p = b.s; !oom && p && ll &&
	                          (p = memmem(p, b.len - (size_t)(p - b.s), lit,
	                                      ll));
	     p++) {
		size_t a = (size_t)(p - b.s), e = a + ll;
		if ((a == 0 || b.s[a - 1] == RUN_SEP || b.s[a - 1] == RUN_BREAK) &&
		    (e == b.len || b.s[e] == RUN_SEP || b.s[e] == RUN_BREAK)) {
			found = true;
			break;
		}
	}
	lx_buf_free(&b);
	return found;
}

/* The run form of a text, what a segment's text store holds (format 5):
 * each character's norm as char_terms takes it, a norm of one code point
 * as it is, one of several between FORM_OPEN and FORM_CLOSE, and
 * FORM_BREAK where whitespace or a character without a norm breaks
 * adjacency.  A literal's form (its units, as literal() reads them) is
 * then found in a text's form exactly where its terms would match with
 * every position (form_in): a checked candidate needs no normalising. */
#define FORM_OPEN '\x1c'
#define FORM_CLOSE '\x1d'
#define FORM_BREAK '\x1e'

static bool form_byte(char c)
{
	return c >= FORM_OPEN && c <= RUN_SEP;
}

/* One unit (norm nm) onto a form. */
static void form_unit(lx_buf *b, const char *nm, size_t nl)
{
	size_t i = 0;
	lx_u8_next(nm, nl, &i);
	if (i == nl) {
		lx_buf_add(b, nm, nl);
		return;
	}
	lx_buf_add(b, (char[]){FORM_OPEN}, 1);
	lx_buf_add(b, nm, nl);
	lx_buf_add(b, (char[]){FORM_CLOSE}, 1);
}

static int text_form(lx_tokenizer *tk, const char *s, size_t n, lx_buf *b)
{
	bool brk = false;
	for (size_t i = 0; i < n;) {
		size_t nl;
		const char *nm = char_norm(tk, s, n, &i, &nl);
		if (!nm)
			return LX_ERR_NOMEM;
		bool bad = !nl || nl > 64;
		for (size_t k = 0; !bad && k < nl; k++)
			bad = form_byte(nm[k]);
		if (bad) {
			if (!brk && b->len)
				lx_buf_add(b, (char[]){FORM_BREAK}, 1);
			brk = true;
			continue;
		}
		form_unit(b, nm, nl);
		brk = false;
	}
	return b->oom ? LX_ERR_NOMEM : LX_OK;
}

/* Whether the literal form f (of fl bytes) is in the text form t: at a
 * unit's start, not inside a norm of several code points. */
static bool form_in(const char *t, size_t tl, const char *f, size_t fl)
{
	if (!fl)
		return false;
	for (const char *q = t; (q = memmem(q, tl - (size_t)(q - t), f, fl));
	     q++) {
		/* Inside FORM_OPEN ... FORM_CLOSE when an OPEN comes first
		 * going back (a norm is at most 64 bytes, and holds none of
		 * the three): the last OPEN of the 66 bytes before, with no
		 * CLOSE or BREAK after it.  Most texts have none: one
		 * memrchr. */
		const char *w = q - t > 66 ? q - 66 : t;
		const char *r = memrchr(w, FORM_OPEN, (size_t)(q - w));
		if (!r || memchr(r, FORM_CLOSE, (size_t)(q - r)) ||
		    memchr(r, FORM_BREAK, (size_t)(q - r)))
			return true;
	}
	return false;
}

/* The terms of one unit, each once with its count (wdf): a unit of the
 * corpus gives on average 330 term occurrences (its document length) for
 * 217 distinct terms (xapian-delve), and each occurrence given to Xapian
 * is a lookup in its document's map of strings; counted here in a table of hashes, each term goes to
 * Xapian once (lx_xdoc_term_wdf).  Terms with positions (the positional
 * pairs of an index of shards) are not counted: they go to Xapian one by
 * one.  Reused from unit to unit (tbag_flush empties it). */
typedef struct tbent {
	uint64_t h;   /* 0: empty */
	uint32_t off; /* the term in the bag's buf */
	uint32_t len;
	unsigned wdf;
} tbent;

typedef struct tbag {
	tbent *v;
	size_t cap, n;
	uint32_t *order; /* the slots used, in order of first use */
	lx_buf buf;
	bool oom;
} tbag;

static void tbag_free(tbag *b)
{
	free(b->v);
	free(b->order);
	lx_buf_free(&b->buf);
}

static bool tbag_grow(tbag *b)
{
	size_t cap = b->cap ? b->cap * 2 : 1024;
	tbent *v = calloc(cap, sizeof(*v));
	uint32_t *o = malloc(cap / 2 * sizeof(*o));
	if (!v || !o) {
		free(v);
		free(o);
		return false;
	}
	for (size_t k = 0; k < b->n; k++) {
		const tbent *e = &b->v[b->order[k]];
		size_t h = e->h & (cap - 1);
		while (v[h].h)
			h = (h + 1) & (cap - 1);
		v[h] = *e;
		o[k] = (uint32_t)h;
	}
	free(b->v);
	free(b->order);
	b->v = v;
	b->order = o;
	b->cap = cap;
	return true;
}

/* The term t (len bytes), its count raised by inc (0: the term is there,
 * 1: one more occurrence). */
static void tbag_add(tbag *b, const char *t, size_t len, unsigned inc)
{
	if (b->oom)
		return;
	if (2 * (b->n + 1) > b->cap && !tbag_grow(b)) {
		b->oom = true;
		return;
	}
	uint64_t k = lx_hash64(t, len) | 1;
	size_t h = k & (b->cap - 1);
	for (; b->v[h].h; h = (h + 1) & (b->cap - 1)) {
		tbent *e = &b->v[h];
		if (e->h == k && e->len == len &&
		    !memcmp(b->buf.s + e->off, t, len)) {
			e->wdf += inc;
			return;
		}
	}
	if (b->buf.len + len > UINT32_MAX) {
		b->oom = true;
		return;
	}
	b->v[h] = (tbent){k, (uint32_t)b->buf.len, (uint32_t)len, inc};
	b->order[b->n++] = (uint32_t)h;
	lx_buf_add(&b->buf, t, len);
	if (b->buf.oom)
		b->oom = true;
}

/* Gives the terms to xd, each once with its count, and empties the bag;
 * LX_ERR_NOMEM when a term was lost on the way. */
static int tbag_flush(tbag *b, lx_xdoc *xd)
{
	for (size_t k = 0; k < b->n; k++) {
		tbent *e = &b->v[b->order[k]];
		if (!b->oom)
			lx_xdoc_term_wdf(xd, b->buf.s + e->off, e->len, e->wdf);
		e->h = 0;
	}
	b->n = 0;
	b->buf.len = 0;
	bool oom = b->oom;
	b->oom = false;
	return oom ? LX_ERR_NOMEM : LX_OK;
}

/* Character terms.  Every character (normalised) is a term without
 * position ('C', for a query of one character), and every two adjacent
 * characters a term ('B'), at the position of the first when the pair is
 * one of ps (else without position): a run of n >= 2 characters is then
 * one term (n = 2) or the phrase of its n - 1 overlapping pairs, which
 * matches only where the characters are contiguous (checked in the text
 * when a pair has no positions).  Whitespace breaks adjacency.  Three
 * adjacent characters of one code point each are a term ('T') when the
 * triple is one of ts. */
static int char_terms(lx_xdoc *xd, tbag *bag, lx_tokenizer *tk,
                      const char *s, size_t n, const lx_pairs *ps,
                      const lx_triples *ts)
{
	unsigned pos = 1;
	char term[136], prev[64], before[4];
	size_t pl = 0; /* the previous character's norm; 0 after a break */
	/* the code points of the two units before (-1: not one, or a break);
	 * the first of them as UTF-8 (before, bl bytes) */
	int32_t c1 = -1, c2 = -1;
	size_t bl = 0;
	bool tri = ts && ts->n;
	for (size_t i = 0; i < n;) {
		size_t st = i;
		int32_t c = lx_u8_next(s, n, &i);
		size_t nl = 0;
		if (lx_cp_is_space(c) || c == '\n' || c == '\r') {
			pos++;
			pl = 0;
			c1 = c2 = -1;
			continue;
		}
		const char *norm = lx_tokenizer_norm(tk, s + st, i - st, &nl);
		if (!norm)
			return LX_ERR_NOMEM; /* its only failure */
		if (!nl || nl > sizeof(prev)) {
			pos++;
			pl = 0;
			c1 = c2 = -1;
			continue;
		}
		term[0] = 'C';
		memcpy(term + 1, norm, nl);
		tbag_add(bag, term, nl + 1, 0);
		if (pl) {
			term[0] = 'B';
			memcpy(term + 1, prev, pl);
			memcpy(term + 1 + pl, norm, nl);
			if (lx_pairs_has(ps, term + 1, pl + nl))
				lx_xdoc_term(xd, term, pl + nl + 1, pos - 1);
			else
				tbag_add(bag, term, pl + nl + 1, 0);
		}
		int32_t c3 = tri ? one_cp(norm, nl) : -1;
		if (c1 >= 0 && c2 >= 0 && c3 >= 0 && tset_has(ts, tkey(c1, c2, c3))) {
			term[0] = 'T';
			memcpy(term + 1, before, bl);
			memcpy(term + 1 + bl, prev, pl);
			memcpy(term + 1 + bl + pl, norm, nl);
			tbag_add(bag, term, bl + pl + nl + 1, 0);
		}
		if ((c1 = c2) >= 0) {
			memcpy(before, prev, pl); /* one code point: <= 4 bytes */
			bl = pl;
		}
		c2 = c3;
		memcpy(prev, norm, nl);
		pl = nl;
		pos++;
	}
	return LX_OK;
}

/* The ranking term of the token t of s, in term (of size cap): its length,
 * 0 for none (punctuation, too long, out of memory in *oom).  A Chinese
 * word of one or two characters is the character's C term or the pair's
 * B term (built from each character's norm, as char_terms does), whose
 * wdf then counts the word's occurrences as a word: the C and B terms
 * are needed for matching anyway, and a word of its own (W) for these
 * was 91% of the word occurrences of the corpus and a sixth of all
 * postings.  Longer words, numbers, Latin words and article labels are
 * W terms (W + the token's norm). */
static size_t rank_term(lx_tokenizer *tk, const char *s, const lx_token *t,
                        char *term, size_t cap, bool *oom)
{
	if (t->kind == LX_TOK_PUNCT)
		return 0;
	if (t->kind == LX_TOK_HAN) {
		size_t i = t->start, mid = t->start, n = 0;
		while (i < t->end && n < 3) {
			lx_u8_next(s, t->end, &i);
			if (++n == 1)
				mid = i;
		}
		if (n <= 2) {
			size_t at = 1, nl;
			for (size_t k = 0; k < n; k++) {
				size_t a = k ? mid : t->start,
				       b = k ? t->end : mid;
				const char *nm = lx_tokenizer_norm(tk, s + a,
				                                   b - a, &nl);
				if (!nm) {
					*oom = true;
					return 0;
				}
				if (!nl || nl > 64 || at + nl >= cap)
					goto word; /* a break for char_terms */
				memcpy(term + at, nm, nl);
				at += nl;
			}
			term[0] = n == 1 ? 'C' : 'B';
			term[at] = '\0';
			return at;
		}
	}
word:
	if (t->norm_len + 2 > cap)
		return 0;
	term[0] = 'W';
	memcpy(term + 1, t->norm, t->norm_len);
	term[t->norm_len + 1] = '\0';
	return t->norm_len + 1;
}

static int word_terms(tbag *bag, lx_tokenizer *tk, const char *s, size_t n)
{
	const lx_token *t;
	size_t nt;
	lx_error err;
	char term[200];
	int rc = lx_tokenize(tk, s, n, &t, &nt, &err);
	if (rc)
		return rc;
	bool oom = false;
	for (size_t i = 0; i < nt; i++) {
		size_t tl = rank_term(tk, s, &t[i], term, sizeof(term), &oom);
		if (tl)
			tbag_add(bag, term, tl, 1);
	}
	return oom ? LX_ERR_NOMEM : LX_OK;
}

/* The units of search: articles (policy measures are articles too), and
 * the text outside them (a preamble, closing words, or a paragraph between
 * chapters), so that nothing of a document is unsearchable. */
static bool is_unit(const lx_node *n)
{
	if (n->type == LX_NODE_ARTICLE || n->type == LX_NODE_PREAMBLE ||
	    n->type == LX_NODE_CLOSING)
		return true;
	if (n->type != LX_NODE_PARAGRAPH && n->type != LX_NODE_ITEM &&
	    n->type != LX_NODE_SUBITEM)
		return false;
	for (const lx_node *p = n->parent; p; p = p->parent)
		if (p->type == LX_NODE_ARTICLE || p->type == LX_NODE_PREAMBLE ||
		    p->type == LX_NODE_CLOSING || p->type == LX_NODE_PARAGRAPH ||
		    p->type == LX_NODE_ITEM)
			return false;
	return true;
}

/* A string literal appended to b. */
#define LIT(b, s) lx_buf_add((b), (s), sizeof(s) - 1)

/* The headings of p and of the nodes above it, the outermost first,
 * comma-separated (a record's path). */
static bool put_headings(lx_buf *b, const lx_node *p)
{
	if (!p || p->type == LX_NODE_ROOT)
		return true;
	bool ok = put_headings(b, p->parent);
	if (p->parent && p->parent->type != LX_NODE_ROOT)
		LIT(b, ",");
	char *h = lx_node_heading(p);
	ok = ok && h && lx_json_put_str(b, h);
	free(h);
	return ok;
}

/* A unit's stored record, malloc'd (NULL: out of memory, or a string that
 * is not UTF-8): {"@":"KEY", then the unit's own members (eid, label,
 * heading, path, text, lines, citations from it); the document's are
 * stored once (the metadata d:KEY) and joined at read (lx_xapian.cc).
 * Written as json_dumps(JSON_COMPACT) wrote the jansson tree it replaces,
 * byte for byte (lx_json_put_str: test_index `records_as_jansson`), without
 * building the tree: that was 4% of the instructions of a build. */
static char *unit_record(const char *key, const lx_node *n, const char *text,
                         const lx_doc *d, size_t ncites)
{
	lx_buf b = {0};
	bool ok = true;
	LIT(&b, "{\"@\":");
	ok &= lx_json_put_str(&b, key);
	LIT(&b, ",\"eid\":");
	ok &= lx_json_put_str(&b, n->eid);
	LIT(&b, ",\"label\":");
	ok &= lx_json_put_str(&b, n->label);
	LIT(&b, ",\"heading\":");
	ok &= lx_json_put_str(&b, n->heading);
	LIT(&b, ",\"path\":[");
	ok &= put_headings(&b, n->parent);
	LIT(&b, "],\"text\":");
	ok &= lx_json_put_str(&b, text);
	char num[64];
	snprintf(num, sizeof(num), ",\"lines\":[%d,%d],\"citations\":[",
	         n->line_first, n->line_last);
	lx_buf_add(&b, num, strlen(num));
	size_t el = strlen(n->eid);
	bool first = true;
	for (size_t k = 0; ok && k < ncites; k++) {
		const lx_cite *ck = lx_doc_cite(d, k);
		const char *from = lx_cite_get_from(ck);
		if (strncmp(from, n->eid, el) ||
		    (from[el] != '\0' && from[el] != '_'))
			continue;
		if (!first)
			LIT(&b, ",");
		LIT(&b, "{\"text\":");
		first = false;
		const char *ct = lx_cite_get_text(ck);
		ok &= ct && lx_json_put_str(&b, ct);
		LIT(&b, ",\"from\":");
		ok &= lx_json_put_str(&b, from);
		if (lx_cite_get_resolved(ck))
			LIT(&b, ",\"resolved\":true,\"targets\":[");
		else
			LIT(&b, ",\"resolved\":false,\"targets\":[");
		for (size_t q = 0; ok && q < lx_cite_target_count(ck); q++) {
			const lx_target *tg = lx_cite_target(ck, q);
			if (q)
				LIT(&b, ",");
			LIT(&b, "{\"doc\":");
			ok &= tg->doc && lx_json_put_str(&b, tg->doc);
			LIT(&b, ",\"eid\":");
			ok &= lx_json_put_str(&b, tg->eid);
			LIT(&b, "}");
		}
		LIT(&b, "]}");
	}
	LIT(&b, "]}");
	if (!ok || b.oom) {
		lx_buf_free(&b);
		return NULL;
	}
	return lx_buf_take(&b);
}

/* A unit's text: an article's (label, heading, paragraphs, items), or
 * the text of a preamble, closing words or loose paragraph and of what it
 * holds, a line each. */
static char *unit_text(const lx_node *n)
{
	if (n->type == LX_NODE_ARTICLE)
		return lx_article_text(n);
	lx_buf b = {0};
	for (const lx_node *c = n; c; c = lx_node_next_preorder(n, c)) {
		if (b.len && (c->label || c->text))
			lx_buf_adds(&b, "\n");
		if (c->label)
			lx_buf_adds(&b, c->label);
		if (c->text)
			lx_buf_adds(&b, c->text);
	}
	return lx_buf_take(&b);
}

char *lx_index_file_key(const char *file)
{
	/* file:<path>, or file:#<hash> when the path is long; the value
	 * holds "hash\tpath" so that --prune can find the path. */
	size_t fl = strlen(file);
	char *k = malloc(fl + 8);
	if (!k)
		return NULL;
	if (fl < 200) {
		sprintf(k, "file:%s", file);
	} else {
		char h[17];
		lx_index_hash(file, fl, h);
		sprintf(k, "file:#%s", h);
	}
	return k;
}

void lx_ix_fields_key(const char *file, char out[LX_IX_FIELDS_KEY_LEN])
{
	char h[17];
	lx_index_hash(file, strlen(file), h);
	snprintf(out, LX_IX_FIELDS_KEY_LEN, "d:%s", h);
}

int lx_ix_remove(lx_xdb *db, const char *file)
{
	char *t = bterm("F", file);
	if (!t)
		return LX_ERR_NOMEM;
	int rc = lx_xdb_delete(db, t);
	free(t);
	char k[LX_IX_FIELDS_KEY_LEN];
	lx_ix_fields_key(file, k);
	return rc ? rc : lx_xdb_set_meta(db, k, "");
}

int lx_ix_add(lx_xdb *db, lx_tokenizer *tk, const lx_doc *d,
              const char *file, const char *hash, bool current,
              const lx_pairs *ps, const lx_triples *ts)
{
	(void)current; /* lx_ix_mark_current decides */
	int rc = lx_ix_remove(db, file);
	const lx_node *root = lx_doc_body(d);
	const char *id = lx_doc_id(d);
	char eff[9], ver[9];
	yyyymmdd(lx_doc_effective(d), eff);
	/* The version date (lx_doc_version), not the id's tail: a second
	 * file of one id in a set is id~2 (work@2019-05-01~2). */
	const char *vdate = lx_doc_version(d);
	yyyymmdd(vdate, ver);
	lx_arena a = {0};
	const char *tkey = lx_title_key(&a, lx_doc_title(d) ? lx_doc_title(d)
	                                                    : id);
	/* XW: the jurisdiction and the divisions containing it (杭州市 and
	 * 浙江省 for 杭州市西湖区), for in:浙江省. */
	const char *j = lx_doc_jurisdiction(d);
	char *bools[10] = {bterm("XJ", j), bterm("XT", lx_doc_type(d)),
	                   bterm("XS", lx_doc_status(d)), bterm("XD", id),
	                   bterm("XK", tkey), bterm("F", file),
	                   vdate ? bterm("XV", vdate) : NULL,
	                   j ? bterm("XW", j) : NULL,
	                   d->within[0] ? bterm("XW", d->within[0]) : NULL,
	                   d->within[1] ? bterm("XW", d->within[1]) : NULL};
	size_t ncites = lx_doc_cite_count(d);
	tbag bag = {0};
	/* The document's members, once: d:KEY holds them without braces. */
	char fkey[LX_IX_FIELDS_KEY_LEN];
	lx_ix_fields_key(file, fkey);
	if (rc == 0) {
		json_t *o = json_object();
		bool ok = true; /* SET: render_int.h */
		SET(o, "doc", json_string(id));
		SET(o, "title", lx_json_str(lx_doc_title(d)));
		SET(o, "jurisdiction", lx_json_str(lx_doc_jurisdiction(d)));
		SET(o, "type", lx_json_str(lx_doc_type(d)));
		SET(o, "status", lx_json_str(lx_doc_status(d)));
		SET(o, "effective", lx_json_str(lx_doc_effective(d)));
		SET(o, "version", lx_json_str(vdate));
		SET(o, "work", lx_json_str(lx_doc_work(d)));
		SET(o, "file", json_string(file));
		char *f = ok ? lx_json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (!f)
			rc = LX_ERR_NOMEM;
		else {
			f[strlen(f) - 1] = '\0';
			rc = lx_xdb_set_meta(db, fkey, f + 1);
		}
		free(f);
	}
	for (const lx_node *n = root; rc == 0 && n;
	     n = lx_node_next_preorder(root, n)) {
		if (!is_unit(n))
			continue;
		char *text = unit_text(n);
		lx_xdoc *xd = lx_xdoc_new();
		if (!text || !xd) {
			free(text);
			lx_xdoc_free(xd);
			rc = LX_ERR_NOMEM;
			break;
		}
		size_t tl = strlen(text);
		lx_buf form = {0};
		rc = text_form(tk, text, tl, &form);
		if (rc == LX_OK)
			lx_xdoc_text(xd, form.s ? form.s : "", form.len);
		lx_buf_free(&form);
		if (rc == LX_OK)
			rc = char_terms(xd, &bag, tk, text, tl, ps, ts);
		if (rc == LX_OK)
			rc = word_terms(&bag, tk, text, tl);
		int brc = tbag_flush(&bag, xd);
		if (rc == LX_OK)
			rc = brc;
		if (rc != LX_OK) {
			free(text);
			lx_xdoc_free(xd);
			break;
		}
		for (size_t k = 0; k < 10; k++)
			if (bools[k])
				lx_xdoc_boolean(xd, bools[k]);
		lx_xdoc_value(xd, 0, eff);
		lx_xdoc_value(xd, 1, ver);
		lx_xdoc_value(xd, 2, lx_doc_jurisdiction(d) ? lx_doc_jurisdiction(d)
		                                            : "");
		lx_xdoc_value(xd, 3, lx_doc_type(d) ? lx_doc_type(d) : "");
		char num[24];
		snprintf(num, sizeof(num), "%08ld", n->num < 0 ? 0 : n->num);
		lx_xdoc_value(xd, 4, num);
		/* 5: the start of the version (effective, else version date),
		 * for --as-of: in force on D when slot 5 <= D and the next
		 * version does not start by D (LX_IX_UNTIL_KEY). */
		lx_xdoc_value(xd, 5, eff[0] ? eff : ver);
		lx_xdoc_value(xd, 6, lx_doc_status(d) ? lx_doc_status(d) : "");
		/* The stored article: enough to show and export a hit. */
		char *data = unit_record(fkey + 2, n, text, d, ncites);
		if (data)
			lx_xdoc_data(xd, data, strlen(data));
		/* The file's units were masked above (lx_ix_remove). */
		rc = !data ? LX_ERR_NOMEM : lx_xdb_add(db, xd);
		free(data);
		free(text);
		lx_xdoc_free(xd);
	}
	/* file -> hash, and the version of this title (for XC). */
	if (rc == 0) {
		char *k = lx_index_file_key(file);
		rc = k ? lx_xdb_set_meta(db, k, hash) : LX_ERR_NOMEM;
		free(k);
	}
	if (rc == 0 && tkey) {
		/* version:<hash of title>\t<hash of id> = date\tid */
		char th[17], ih[17], k[64];
		lx_index_hash(tkey, strlen(tkey), th);
		lx_index_hash(id, strlen(id), ih);
		snprintf(k, sizeof(k), "version:%s\t%s", th, ih);
		char *v = malloc(strlen(id) + 16);
		if (!v)
			rc = LX_ERR_NOMEM;
		else {
			sprintf(v, "%s\t%s", ver[0] ? ver : "0", id);
			rc = lx_xdb_set_meta(db, k, v);
			free(v);
		}
		/* vstart:<hash of id> = the start of the version (YYYYMMDD). */
		snprintf(k, sizeof(k), "vstart:%s", ih);
		if (rc == 0)
			rc = lx_xdb_set_meta(db, k, eff[0] ? eff : ver);
	}
	for (size_t k = 0; k < 10; k++)
		free(bools[k]);
	lx_arena_free(&a);
	tbag_free(&bag);
	return rc;
}

/* ---- the current version of each law ---------------------------------- */

typedef struct vkeys {
	lx_vec keys; /* char* */
} vkeys;

static void collect(void *ctx, const char *key)
{
	vkeys *v = ctx;
	char **slot = lx_vec_push(&v->keys, sizeof(char *));
	if (slot)
		*slot = strdup(key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct vuntil {
	char val[80];   /* version date, tab, id */
	char start[9];  /* YYYYMMDD or "" */
	char *sel;      /* XD<id> */
} vuntil;

static int cmp_vuntil(const void *a, const void *b)
{
	return strcmp(((const vuntil *)a)->val, ((const vuntil *)b)->val);
}

/* The end of each version of one title (keys k[0..n)): the start of the
 * next version date in version order (among those still indexed), as a
 * line "YYYYMMDD\tXD<id>" of *until (the last version has none: in force
 * for ever after). */
static int mark_until(lx_xdb *db, char **k, const bool *live, size_t n,
                      lx_buf *until)
{
	vuntil *u = calloc(n ? n : 1, sizeof(*u));
	if (!u)
		return LX_ERR_NOMEM;
	size_t m = 0;
	int rc = 0;
	for (size_t q = 0; q < n && rc == 0; q++) {
		if (!live[q])
			continue; /* pruned */
		const char *val = lx_xdb_get_meta(db, k[q]);
		const char *tab = val ? strchr(val, '\t') : NULL;
		if (!tab)
			continue;
		char *sel = bterm("XD", tab + 1);
		if (!sel) {
			rc = LX_ERR_NOMEM;
			break;
		}
		snprintf(u[m].val, sizeof(u[m].val), "%s", val);
		u[m].sel = sel;
		char ih[17], key[32];
		lx_index_hash(tab + 1, strlen(tab + 1), ih);
		snprintf(key, sizeof(key), "vstart:%s", ih);
		const char *st = lx_xdb_get_meta(db, key);
		snprintf(u[m].start, sizeof(u[m].start), "%s", st ? st : "");
		m++;
	}
	if (m)
		qsort(u, m, sizeof(*u), cmp_vuntil);
	/* From the last: the start of the next version date that has one.
	 * Files of one version date (a law in several files, a copy) are
	 * one version: none ends another. */
	const char *next = LX_IX_FOREVER, *group = NULL;
	for (size_t q = m; q-- > 0 && rc == 0;) {
		size_t dl = strcspn(u[q].val, "\t");
		if (q + 1 < m && (strncmp(u[q].val, u[q + 1].val, dl) ||
		                  u[q + 1].val[dl] != '\t')) {
			if (group)
				next = group;
			group = NULL;
		}
		if (strcmp(next, LX_IX_FOREVER)) {
			lx_buf_adds(until, next);
			lx_buf_adds(until, "\t");
			lx_buf_adds(until, u[q].sel);
			lx_buf_adds(until, "\n");
		}
		if (u[q].start[0] && (!group || strcmp(u[q].start, group) < 0))
			group = u[q].start;
	}
	for (size_t q = 0; q < m; q++)
		free(u[q].sel);
	free(u);
	return rc;
}

int lx_ix_mark_current(lx_xdb *db)
{
	vkeys v = {0};
	lx_buf sup = {0}, until = {0};
	int rc = lx_xdb_meta_keys(db, "version:", collect, &v);
	char **k = v.keys.v;
	if (v.keys.n)
		qsort(k, v.keys.n, sizeof(char *), cmp_str);
	/* Which versions still have articles (not pruned), asked once each:
	 * a count of the id term, through the masks. */
	bool *live = calloc(v.keys.n + 1, sizeof(bool));
	if (!live && rc == 0)
		rc = LX_ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < v.keys.n; i++) {
		const char *val = lx_xdb_get_meta(db, k[i]);
		const char *tb = val ? strchr(val, '\t') : NULL;
		char *sel = tb ? bterm("XD", tb + 1) : NULL;
		live[i] = sel && lx_xdb_termfreq(db, sel) > 0;
		free(sel);
	}
	/* Groups of one title: "version:<title>\t<id>". */
	for (size_t i = 0; rc == 0 && i < v.keys.n;) {
		const char *tab = strchr(k[i], '\t');
		size_t tl = tab ? (size_t)(tab - k[i]) : strlen(k[i]);
		size_t j = i, best = i;
		char bestv[32] = "";
		for (; j < v.keys.n && !strncmp(k[j], k[i], tl) &&
		       (k[j][tl] == '\t' || k[j][tl] == '\0');
		     j++) {
			/* A version whose articles are gone (pruned). */
			if (!live[j])
				continue;
			const char *val = lx_xdb_get_meta(db, k[j]);
			if (val && *val && strcmp(val, bestv) > 0) {
				snprintf(bestv, sizeof(bestv), "%s", val);
				best = j;
			}
		}
		for (size_t q = i; q < j && rc == 0; q++) {
			const char *val = lx_xdb_get_meta(db, k[q]);
			const char *tab2 = val ? strchr(val, '\t') : NULL;
			if (!tab2)
				continue; /* removed */
			char *sel = bterm("XD", tab2 + 1);
			if (!sel)
				rc = LX_ERR_NOMEM;
			else if (q != best && live[q]) {
				lx_buf_adds(&sup, sel);
				lx_buf_adds(&sup, "\n");
			}
			free(sel);
		}
		if (rc == 0)
			rc = mark_until(db, k + i, live + i, j - i, &until);
		i = j;
	}
	free(live);
	if (rc == 0 && (sup.oom || until.oom))
		rc = LX_ERR_NOMEM;
	/* Kept beside the documents, not in them: documents are never
	 * changed once written (lx_xapian.h). */
	if (rc == 0)
		rc = lx_xdb_set_meta(db, LX_IX_SUPERSEDED_KEY, sup.s ? sup.s : "");
	if (rc == 0)
		rc = lx_xdb_set_meta(db, LX_IX_UNTIL_KEY, until.s ? until.s : "");
	lx_buf_free(&sup);
	lx_buf_free(&until);
	for (size_t i = 0; i < v.keys.n; i++)
		free(k[i]);
	lx_vec_free(&v.keys);
	return rc;
}

/* ---- queries ---------------------------------------------------------- */

/* q without the versions a list of lx_ix_mark_current names: every one of
 * LX_IX_SUPERSEDED_KEY ("XD<id>" lines), or those of LX_IX_UNTIL_KEY
 * ("YYYYMMDD\tXD<id>" lines) that end by `by`. */
static lx_xq *versions_out(lx_xdb *db, lx_xq *q, const char *key,
                           const char *by, bool *oom)
{
	const char *list = q ? lx_xdb_get_meta_all(db, key) : NULL;
	if (!list)
		return NULL;
	/* The terms (of versions ended by `by`), a line each. */
	lx_buf terms = {0};
	for (const char *line = list, *nl; *line; line = nl) {
		nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *term = line;
		nl = nl ? nl + 1 : line + n;
		if (by) {
			const char *tab = memchr(line, '\t', n);
			if (!tab || tab - line != 8 || strncmp(line, by, 8) > 0)
				continue;
			term = tab + 1;
			n -= (size_t)(term - line);
		}
		if (!n)
			continue;
		lx_buf_add(&terms, term, n);
		lx_buf_adds(&terms, "\n");
	}
	if (terms.oom) {
		lx_buf_free(&terms);
		*oom = true;
		return NULL;
	}
	lx_xq *out = terms.len ? lx_xq_docs(db, terms.s) : NULL;
	bool none = !terms.len;
	lx_buf_free(&terms);
	if (none)
		return q;
	return out ? lx_xq_combine(db, LX_XQ_AND_NOT, q, out, 0) : NULL;
}

/* A node of the parsed query (see parse_and): its query and, for
 * --within, what it needs of a paragraph. */
enum { QN_LIT, QN_FILTER, QN_NOT, QN_AND, QN_OR };
typedef struct qnode {
	int op;
	lx_xq *q;          /* QN_LIT, QN_FILTER: built when parsed */
	size_t lit0, lit1; /* QN_LIT: its literals in qp.literals */
	size_t kid, next;  /* the first child and the next sibling, as
	                      index + 1 in qp.nodes (0: none) */
	bool need;         /* it has a literal with a pair without positions
	                      (x->q matches more than the literal): its
	                      candidates are checked in the text (node_true) */
	/* QN_LIT (malloc'd): as qp.vrun, vlabel, single, vraw, vform,
	 * wlabel */
	char *vrun, *vlabel, *single, *vraw, *vform, *wlabel;
	unsigned *ids;     /* node_ids: the candidates it matches (sorted) */
	size_t nids;
	size_t vformlen;
	unsigned *lids;    /* with text stores: the documents of wlabel */
	size_t nlids;
} qnode;

#define QN(p, n) LX_VEC_AT(&(p)->nodes, qnode, (n) - 1)


typedef struct qp {
	lx_xdb *db;
	lx_tokenizer *tk;
	lx_error *err;
	const char *s;   /* the query */
	size_t len, at;  /* its bytes, and where the parser is */
	size_t depth;    /* parentheses open */
	size_t negs;     /* exclusions around the part being read */
	bool all_versions; /* a doc: or version: filter, not excluded: the
	                      query names versions, so it looks in all */
	lx_vec nodes;    /* qnode */
	lx_vec literals; /* char* (normalised) */
	lx_vec words;    /* lx_xq* for ranking */
	const lx_pairs *pairs; /* the pairs with positions (NULL: all) */
	const lx_triples *triples; /* the T terms (NULL: none) */
	/* Of the last literal: its units (run_norm, malloc'd), whether it
	 * uses a pair without positions (then it must be checked in the
	 * text), its label form (LX_LABEL_MARK + form, malloc'd) and its one
	 * term, when it is one (malloc'd); its run form (text_form) and its
	 * label's word term (malloc'd). */
	char *vrun, *vlabel, *single, *vraw, *vform, *wlabel;
	bool vneed;
	bool forms;      /* candidates are checked in the text stores' run
	                    forms (within) */
	bool oom;        /* a part of the query could not be kept: the
	                    search fails with LX_ERR_NOMEM */
} qp;

static int qerr(qp *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int qerr(qp *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p->err->code = LX_ERR_USAGE;
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return LX_ERR_USAGE;
}

/* The character (from 1) at byte `at` of the query, for the messages. */
static size_t qchar(const qp *p, size_t at)
{
	size_t n = 1;
	for (size_t i = 0; i < at && i < p->len; i++)
		n += ((unsigned char)p->s[i] & 0xC0) != 0x80;
	return n;
}

/* Keeps s (malloc'd) as a literal; on no memory it is dropped (it only
 * highlights). */
static void add_literal(qp *p, char *s)
{
	char **ls = s ? lx_vec_push(&p->literals, sizeof(char *)) : NULL;
	if (!ls) {
		free(s);
		p->oom = true;
		return;
	}
	*ls = s;
}

/* Appends the term KIND + s (len bytes), malloc'd, to v (char *). */
static bool push_term(lx_vec *v, char kind, const char *s, size_t len)
{
	char *t = malloc(len + 2);
	char **slot = t ? lx_vec_push(v, sizeof(char *)) : NULL;
	if (!slot) {
		free(t);
		return false;
	}
	t[0] = kind;
	memcpy(t + 1, s, len);
	t[len + 1] = '\0';
	*slot = t;
	return true;
}

/* A literal: one character's term, one pair's, or the phrase of the
 * overlapping pairs of its characters (see char_terms). */
static lx_xq *literal(qp *p, const char *s, size_t n)
{
	lx_vec terms = {0}, tris = {0}; /* B or C terms; T terms */
	lx_vec tstart = {0}; /* the unit each T term starts at (size_t) */
	lx_buf norm = {0}, units = {0}, form = {0};
	size_t nunits = 0;
	free(p->vrun);
	free(p->vlabel);
	free(p->single);
	free(p->vraw);
	free(p->vform);
	free(p->wlabel);
	p->vrun = p->vlabel = p->single = p->vraw = p->vform = p->wlabel = NULL;
	p->vneed = false;
	/* The run as written, when finding it verbatim in a text proves
	 * the match (no whitespace, every character with a norm: see
	 * lit_in). */
	bool verbatim = n > 0;
	size_t prev = 0, pl = 0; /* the previous norm, in norm.s */
	size_t bp = 0;           /* the one before */
	int32_t c1 = -1, c2 = -1; /* their code points, when one each */
	for (size_t i = 0; i < n;) {
		size_t st = i;
		int32_t c = lx_u8_next(s, n, &i);
		if (lx_cp_is_space(c) || c == '\n' || c == '\r') {
			verbatim = false;
			continue;
		}
		size_t nl;
		const char *nm = lx_tokenizer_norm(p->tk, s + st, i - st, &nl);
		if (!nm) {
			p->oom = true;
			break;
		}
		if (!nl || nl > 64 || memchr(nm, RUN_SEP, nl) ||
		    memchr(nm, RUN_BREAK, nl))
			verbatim = false;
		if (!nl)
			continue;
		size_t here = norm.len;
		lx_buf_add(&norm, nm, nl);
		if (units.len)
			lx_buf_add(&units, (char[]){RUN_SEP}, 1);
		lx_buf_add(&units, nm, nl);
		form_unit(&form, nm, nl);
		if (norm.oom) {
			p->oom = true;
			break;
		}
		nunits++;
		if (pl && !push_term(&terms, 'B', norm.s + prev, pl + nl)) {
			p->oom = true;
			break;
		}
		/* A triple of the index's (char_terms): a term of its own. */
		int32_t c3 = one_cp(nm, nl);
		if (c1 >= 0 && c2 >= 0 && c3 >= 0 &&
		    tset_has(p->triples, tkey(c1, c2, c3))) {
			size_t *at = lx_vec_push(&tstart, sizeof(size_t));
			if (!at || !push_term(&tris, 'T', norm.s + bp,
			                      here + nl - bp)) {
				p->oom = true;
				break;
			}
			*at = nunits - 3;
		}
		bp = prev;
		c1 = c2;
		c2 = c3;
		prev = here;
		pl = nl;
	}
	if (!terms.n && pl) {
		/* One character. */
		if (!push_term(&terms, 'C', norm.s + prev, pl))
			p->oom = true;
	}
	/* A pair without positions: the AND of the pair terms, those with
	 * positions in phrases of their runs; checked in the text after. */
	const char *const *tv = terms.v;
	for (size_t i = 0; terms.n >= 2 && i < terms.n && !p->vneed; i++)
		p->vneed = !lx_pairs_has(p->pairs, tv[i] + 1, strlen(tv[i] + 1));
	lx_xq *q = NULL;
	const char *const *tt = tris.v;
	bool one_triple = nunits == 3 && tris.n == 1;
	if (one_triple) {
		/* Three characters that are a triple of the index: its term
		 * holds exactly where they are adjacent. */
		p->vneed = false;
		q = lx_xq_term(p->db, tt[0]);
	} else if (p->vneed) {
		/* The triples it holds narrow the candidates, and stand for
		 * the pairs they hold (pair i, of units i and i + 1, is in the
		 * triples starting at i - 1 and at i): fewer lists to AND. */
		const size_t *ts = tstart.v;
		size_t tk = 0;
		for (size_t i = 0; i < tris.n; i++) {
			lx_xq *sub = lx_xq_term(p->db, tt[i]);
			q = q ? lx_xq_combine(p->db, LX_XQ_AND, q, sub, 0) : sub;
		}
		for (size_t i = 0; i < terms.n;) {
			size_t j = i;
			while (j < terms.n &&
			       lx_pairs_has(p->pairs, tv[j] + 1, strlen(tv[j] + 1)))
				j++;
			while (tk < tstart.n && ts[tk] + 1 < i)
				tk++;
			if (j == i && tk < tstart.n && ts[tk] <= i) {
				i++; /* held by a triple */
				continue;
			}
			if (j == i)
				j++;
			lx_xq *sub = lx_xq_phrase(p->db, tv + i, j - i);
			q = q ? lx_xq_combine(p->db, LX_XQ_AND, q, sub, 0) : sub;
			i = j;
		}
	} else if (terms.n) {
		q = lx_xq_phrase(p->db, tv, terms.n);
	}
	if (one_triple) {
		if (!(p->single = strdup(tt[0])))
			p->oom = true;
	} else if (terms.n == 1 && !(p->single = strdup(tv[0]))) {
		p->oom = true;
	}
	if (units.oom || form.oom)
		p->oom = true;
	else {
		p->vrun = lx_buf_take(&units);
		p->vform = lx_buf_take(&form);
		if (!p->vrun || !p->vform)
			p->oom = true;
	}
	lx_buf_free(&units);
	lx_buf_free(&form);
	if (verbatim && p->vneed && !(p->vraw = strndup(s, n)))
		p->oom = true;
	for (size_t i = 0; i < terms.n; i++)
		free(LX_VEC_AT(&terms, char *, i));
	lx_vec_free(&terms);
	for (size_t i = 0; i < tris.n; i++)
		free(LX_VEC_AT(&tris, char *, i));
	lx_vec_free(&tris);
	lx_vec_free(&tstart);
	if (norm.s) {
		char *lit = strdup(norm.s);
		if (!lit)
			p->oom = true;
		add_literal(p, lit);
	}
	lx_buf_free(&norm);
	/* Words of the literal, for ranking. */
	const lx_token *tk;
	size_t nt;
	lx_error e;
	if (lx_tokenize(p->tk, s, n, &tk, &nt, &e)) {
		p->oom = true; /* the tokenizer's failures: memory, ICU */
		return q;
	}
	for (size_t i = 0; i < nt; i++) {
		char term[200];
		if (!rank_term(p->tk, s, &tk[i], term, sizeof(term), &p->oom))
			continue;
		lx_xq **w = lx_vec_push(&p->words, sizeof(lx_xq *));
		if (w)
			*w = lx_xq_term(p->db, term);
		else
			p->oom = true;
	}
	/* A literal that is one article label (第二十八条, 第28条, 第２８條)
	 * also matches that label written with the other numerals: the
	 * label's word term, whose form has Arabic digits; highlighted from
	 * LX_LABEL_MARK + that form. */
	if (nt == 1 && tk[0].kind == LX_TOK_LABEL && q) {
		char *t = malloc(tk[0].norm_len + 2);
		if (!t)
			return q;
		t[0] = 'W';
		memcpy(t + 1, tk[0].norm, tk[0].norm_len);
		t[tk[0].norm_len + 1] = '\0';
		q = lx_xq_combine(p->db, LX_XQ_OR, q, lx_xq_term(p->db, t), 0);
		if (!(p->wlabel = strdup(t)))
			p->oom = true;
		t[0] = LX_LABEL_MARK;
		add_literal(p, t);
		free(p->single); /* two terms */
		p->single = NULL;
		if (!(p->vlabel = strdup(t)))
			p->oom = true;
	}
	return q;
}

static int date_key(const char *s, size_t n, char out[9])
{
	if (n == 0) {
		out[0] = '\0';
		return 0;
	}
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	snprintf(out, 9, "%.4s%.2s%.2s", s, s + 5, s + 8);
	for (int i = 0; i < 8; i++)
		if (out[i] < '0' || out[i] > '9')
			return -1;
	return 0;
}

/* title: of a part of a title: the title keys (XK terms) that contain
 * it, OR-ed (a title of 200 bytes or more is kept as its first 180 and a
 * hash: a part after them is not found). */
typedef struct title_part {
	qp *p;
	const char *key;
	size_t kl;
	lx_xq *q;
} title_part;

static int title_term(void *ctx, const char *term, size_t len)
{
	title_part *tp = ctx;
	if (len < 2 || !memmem(term + 2, len - 2, tp->key, tp->kl))
		return 0;
	char *t = strndup(term, len);
	lx_xq *one = t ? lx_xq_term(tp->p->db, t) : NULL;
	free(t);
	if (!one)
		return LX_ERR_NOMEM;
	tp->q = tp->q ? lx_xq_combine(tp->p->db, LX_XQ_OR, tp->q, one, 0) : one;
	return tp->q ? 0 : LX_ERR_NOMEM;
}

/* field:value -> a filter or range; NULL with an error.  at: where the
 * part starts (for the messages). */
static lx_xq *field(qp *p, const char *f, size_t fl, const char *v, size_t vl,
                    size_t at, int *rc)
{
	static const struct {
		const char *name, *prefix;
	} bools[] = {{"jurisdiction", "XJ"}, {"in", "XW"},
	             {"type", "XT"}, {"status", "XS"},
	             {"doc", "XD"}, {"title", "XK"}, {"version", "XV"},
	             {"work", "XK"}};
	char *val = strndup(v, vl);
	lx_xq *q = NULL;
	*rc = 0;
	if (!val) {
		*rc = LX_ERR_NOMEM;
		return NULL;
	}
	for (size_t k = 0; k < sizeof(bools) / sizeof(bools[0]); k++)
		if (fl == strlen(bools[k].name) &&
		    !strncmp(f, bools[k].name, fl)) {
			const char *use = val;
			lx_arena a = {0};
			/* title:TEXT a part of a title, title:=TEXT the
			 * title; work: the title (of every version). */
			bool part = k == 5 && val[0] != '=';
			if (k == 5 && !part)
				use++;
			if (!*use) {
				*rc = qerr(p, "'%.*s' at character %zu has no "
				              "value",
				           (int)(fl + 1 + vl), f, qchar(p, at));
				free(val);
				return NULL;
			}
			if (!strcmp(bools[k].prefix, "XK"))
				use = lx_title_key(&a, use);
			if (!use)
				*rc = LX_ERR_NOMEM;
			else if (part && *use) {
				title_part tp = {p, use, strlen(use), NULL};
				int r = lx_xdb_terms(p->db, "XK", title_term, &tp);
				if (r == LX_ERR_NOMEM)
					p->oom = true;
				else if (r)
					*rc = r;
				/* no title has it: the term that matches
				 * nothing, so the count is a true 0 */
				if (!tp.q) {
					char *t = bterm("XK", use);
					tp.q = t ? lx_xq_term(p->db, t) : NULL;
					free(t);
				}
				q = tp.q;
			} else {
				char *t = bterm(bools[k].prefix, use);
				q = t ? lx_xq_term(p->db, t) : NULL;
				free(t);
			}
			if (!p->negs && (k == 4 || k == 6))
				p->all_versions = true;
			lx_arena_free(&a);
			free(val);
			return q;
		}
	if ((fl == 9 && !strncmp(f, "effective", 9)) ||
	    (fl == 6 && !strncmp(f, "issued", 6))) {
		const char *dots = strstr(val, "..");
		char lo[9], hi[9];
		if (!dots || date_key(val, (size_t)(dots - val), lo) ||
		    date_key(dots + 2, strlen(dots + 2), hi) || (!lo[0] && !hi[0])) {
			*rc = qerr(p,
			           "bad date range '%s' at character %zu: write "
			           "FROM..TO with dates as YYYY-MM-DD (either end "
			           "may be empty)",
			           val, qchar(p, at));
			free(val);
			return NULL;
		}
		q = lx_xq_range(p->db, f[0] == 'e' ? 0 : 1, lo[0] ? lo : NULL,
		                hi[0] ? hi : NULL);
		free(val);
		return q;
	}
	free(val);
	*rc = qerr(p,
	           "unknown field '%.*s:' at character %zu (fields: "
	           "jurisdiction, in, type, status, title, doc, version, work, "
	           "effective, issued)",
	           (int)(fl < 60 ? fl : 60), f, qchar(p, at));
	return NULL;
}

/* Whether node n (index + 1) of the query holds in the unit [a, b) of a
 * text, hl/nh the highlights of each literal in the text: a literal when
 * it occurs there, AND when all do, OR when one does; filters and
 * exclusions are not looked for (they hold of the whole article). */
static bool qeval(const qp *p, size_t n, size_t a, size_t b,
                  lx_span_hl *const *hl, const size_t *nh)
{
	const qnode *x = &LX_VEC_AT(&p->nodes, qnode, n - 1);
	switch (x->op) {
	case QN_LIT:
		for (size_t k = x->lit0; k < x->lit1; k++)
			for (size_t h = 0; h < nh[k]; h++)
				if (hl[k][h].start >= a && hl[k][h].end <= b)
					return true;
		return x->lit0 == x->lit1;
	case QN_AND:
		for (size_t c = x->kid; c;
		     c = LX_VEC_AT(&p->nodes, qnode, c - 1).next)
			if (!qeval(p, c, a, b, hl, nh))
				return false;
		return true;
	case QN_OR:
		for (size_t c = x->kid; c;
		     c = LX_VEC_AT(&p->nodes, qnode, c - 1).next)
			if (qeval(p, c, a, b, hl, nh))
				return true;
		return false;
	default:
		return true;
	}
}

/* True when the query (node root) holds in one paragraph (or sentence)
 * of text (qeval). */
static bool meet(qp *p, size_t root, const char *text, int unit)
{
	size_t len = strlen(text), nl = p->literals.n;
	lx_span_hl **hl = calloc(nl ? nl : 1, sizeof(*hl));
	size_t *nh = calloc(nl ? nl : 1, sizeof(size_t));
	bool ok = false;
	if (!hl || !nh)
		goto out;
	for (size_t k = 0; k < nl; k++)
		nh[k] = lx_highlights(p->tk, text, len,
		                      &LX_VEC_AT(&p->literals, char *, k), 1,
		                      &hl[k]);
	/* Units: [a, b) between separators. */
	for (size_t a = 0; a <= len && !ok;) {
		size_t b = a;
		bool at_newline = false;
		while (b < len) {
			if (text[b] == '\n') {
				at_newline = true;
				break;
			}
			if (unit == 's') {
				size_t q = b;
				int32_t c = lx_u8_next(text, len, &q);
				/* 。！？ end a sentence; ； only a clause */
				if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
				    c == '!' || c == '?') {
					b = q;
					break;
				}
				b = q;
				continue;
			}
			b++;
		}
		ok = qeval(p, root, a, b, hl, nh);
		if (b >= len)
			break;
		a = at_newline ? b + 1 : b;
	}
out:
	for (size_t k = 0; hl && k < nl; k++)
		free(hl[k]);
	free(hl);
	free(nh);
	return ok;
}

/* The value slots of lx_ix_add: 0 effective date, 1 version date,
 * 2 jurisdiction, 3 type, 4 article number, 5 start of the version,
 * 6 status.  FACET_SLOTS: the slots of the facets, in lx_facet's order
 * (the year is the effective date's). */
static const unsigned FACET_SLOTS[LX_N_FACETS] = {2, 3, 0, 6};
static lx_xsearch sorting(const lx_search_opts *o)
{
	lx_xsearch how = {.sort_slot = -1};
	switch (o->sort) {
	case LX_SORT_EFFECTIVE: how.sort_slot = 0; how.sort_descending = 1; break;
	case LX_SORT_ISSUED: how.sort_slot = 1; how.sort_descending = 1; break;
	case LX_SORT_ARTICLE: how.sort_slot = 4; break;
	case LX_SORT_RELEVANCE: break;
	}
	return how;
}

/* Results under construction. */
typedef struct hit {
	double score;
	json_t *rec;       /* the stored unit */
	const char **path; /* into rec */
	size_t n_path;
	char *snippet;     /* lx_hit_snippet, computed once */
	lx_span_hl *ranges;
	size_t n_ranges;
	bool snipped;
} hit;

typedef struct facetv {
	char *value;
	long count;
} facetv;

struct lx_results {
	long count;
	hit *v;
	size_t n;
	facetv *facets[LX_N_FACETS]; /* lx_facet: jurisdiction, type, year,
	                                 status */
	size_t n_facets[LX_N_FACETS];
	/* the literal runs of the query, normalised, for highlighting; an
	 * article label also as LX_LABEL_MARK + its form with Arabic digits
	 * (第28条), which highlights the labels of that number */
	char **literals;
	size_t n_literals;
	lx_tokenizer *tk;
};

/* Hit n of h: the stored unit `rec` (taken), with its heading path. */
static int set_hit(lx_results *h, size_t n, double score, json_t *rec)
{
	hit *x = &h->v[n];
	x->score = score;
	x->rec = rec;
	json_t *path = json_object_get(rec, "path");
	size_t np = json_array_size(path);
	x->path = calloc(np + 1, sizeof(char *));
	if (!x->path)
		return LX_ERR_NOMEM;
	for (size_t k = 0; k < np; k++) {
		const char *s = json_string_value(json_array_get(path, k));
		x->path[x->n_path++] = s ? s : "";
	}
	return 0;
}

static json_t *load_rec(const char *data, size_t len)
{
	return lx_rec_load(data, len); /* record.c: json_loadb, faster */
}

/* The record of a hit read raw (lx_xsearch.raw), with its document's
 * members; NULL and *bad when they are missing. */
static json_t *load_joined(lx_xdb *db, const lx_xhit *h, bool *bad)
{
	size_t len = h->data_len;
	const char *s = lx_xdb_joined(db, h->data, &len);
	if (!s)
		*bad = true;
	return s ? load_rec(s, len) : NULL;
}

/* The same for a hit searched without its data (no_data): read now. */
static json_t *load_hit(lx_xdb *db, const lx_xhit *h, bool no_data,
                        bool *bad)
{
	if (!no_data)
		return load_joined(db, h, bad);
	size_t len;
	const char *s = lx_xdb_data(db, h->docid, 0, &len);
	if (!s)
		*bad = true;
	return s ? load_rec(s, len) : NULL;
}

/* The facets "value\tcount\n"... of the shim into h. */
static int set_facets(lx_results *h, int k, const char *p)
{
	size_t n = 0;
	for (const char *q = p; q && *q; q++)
		n += *q == '\n';
	h->facets[k] = calloc(n + 1, sizeof(facetv));
	if (!h->facets[k])
		return LX_ERR_NOMEM;
	while (p && *p) {
		const char *tab = strchr(p, '\t');
		const char *nl = tab ? strchr(tab, '\n') : NULL;
		if (!nl)
			break;
		facetv *f = &h->facets[k][h->n_facets[k]];
		f->value = strndup(p, (size_t)(tab - p));
		if (!f->value)
			return LX_ERR_NOMEM;
		f->count = atol(tab + 1);
		h->n_facets[k]++;
		p = nl + 1;
	}
	return 0;
}

/* The effective dates' counts "YYYYMMDD\tcount\n"... (sorted) as years:
 * facet k of h, one value a year, in order. */
static int set_years(lx_results *h, int k, const char *p)
{
	lx_vec v = {0};
	while (p && *p) {
		const char *tab = strchr(p, '\t');
		const char *nl = tab ? strchr(tab, '\n') : NULL;
		if (!nl)
			break;
		long c = atol(tab + 1);
		facetv *last = v.n ? &LX_VEC_AT(&v, facetv, v.n - 1) : NULL;
		if (tab - p >= 4 && last && !strncmp(last->value, p, 4)) {
			last->count += c;
		} else if (tab - p >= 4) {
			facetv *x = lx_vec_push(&v, sizeof(facetv));
			if (!x || !(x->value = strndup(p, 4))) {
				if (x)
					v.n--;
				for (size_t i = 0; i < v.n; i++)
					free(LX_VEC_AT(&v, facetv, i).value);
				lx_vec_free(&v);
				return LX_ERR_NOMEM;
			}
			x->count = c;
		}
		p = nl + 1;
	}
	h->facets[k] = v.v;
	h->n_facets[k] = v.n;
	return 0;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

static bool has_id(const qnode *x, unsigned docid)
{
	return x->nids &&
	       bsearch(&docid, x->ids, x->nids, sizeof(unsigned), cmp_uint);
}

/* Whether the literal of node x occurs in text exactly as its terms
 * would match with every position: found as written (the characters
 * contiguous, none whitespace), its norms adjacent (lx_run_in), or its
 * label in either numeral. */
static bool lit_in(qp *p, const qnode *x, const char *text, size_t len,
                   unsigned docid)
{
	if (p->forms) /* text is a run form (text_form) */
		return (x->nlids && bsearch(&docid, x->lids, x->nlids,
		                            sizeof(unsigned), cmp_uint)) ||
		       form_in(text, len, x->vform, x->vformlen);
	if (x->vraw && strstr(text, x->vraw))
		return true;
	if (x->vrun && lx_run_in(p->tk, text, len, x->vrun, strlen(x->vrun)))
		return true;
	if (x->vlabel) {
		lx_span_hl *hl = NULL;
		char *lits[1] = {x->vlabel};
		size_t nh = lx_highlights(p->tk, text, len, lits, 1, &hl);
		free(hl);
		return nh > 0;
	}
	return false;
}

static lx_xq *build(qp *p, size_t n);

/* Before checking the candidates (q) of a query with a run to check in
 * the text: the candidates that each node node_true asks about matches
 * (sorted docids in the node).  A node is required when every candidate
 * matches its query (the root, and the parts AND-ed to a required node):
 * then node_true needs no docids.  A node without a run to check holds
 * exactly where its query matches; a run to check is looked for in the
 * text only where its terms (x->q) all match. */
static int node_ids(qp *p, size_t n, bool required, lx_xq *q, long total)
{
	qnode *x = &QN(p, n);
	if (!x->need || x->op == QN_LIT) {
		if (required)
			return 0;
		lx_xq *sub = x->need ? x->q : build(p, n);
		lx_xsearch how = {.limit = (size_t)total, .exact = 1,
		                  .sort_slot = -1, .ids_only = 1};
		lx_xresult xr;
		lx_xq *fq = sub ? lx_xq_combine(p->db, LX_XQ_FILTER, q, sub, 0)
		                : NULL;
		int rc = fq ? lx_xdb_search(p->db, fq, &how, &xr) : LX_ERR_INDEX;
		if (rc)
			return rc;
		x = &QN(p, n);
		x->ids = malloc((xr.n_hits + 1) * sizeof(unsigned));
		if (!x->ids)
			return LX_ERR_NOMEM;
		for (size_t i = 0; i < xr.n_hits; i++)
			x->ids[i] = xr.hits[i].docid;
		x->nids = xr.n_hits;
		qsort(x->ids, x->nids, sizeof(unsigned), cmp_uint);
		return 0;
	}
	for (size_t c = x->kid; c; c = QN(p, c).next) {
		int rc = node_ids(p, c, required && x->op == QN_AND, q, total);
		if (rc)
			return rc;
	}
	return 0;
}

/* Whether node n holds for the candidate `docid` of stored text `text`
 * (required as for node_ids): the query tree evaluated as Xapian would
 * with every position, the runs to check looked for in the text. */
static bool node_true(qp *p, size_t n, bool required, const char *text,
                      size_t len, unsigned docid)
{
	const qnode *x = &QN(p, n);
	if (!x->need)
		return required || has_id(x, docid);
	switch (x->op) {
	case QN_LIT:
		return (required || has_id(x, docid)) &&
		       lit_in(p, x, text, len, docid);
	case QN_NOT:
		return !node_true(p, x->kid, false, text, len, docid);
	case QN_AND:
		for (size_t c = x->kid; c; c = QN(p, c).next)
			if (!node_true(p, c, required, text, len, docid))
				return false;
		return true;
	case QN_OR:
		for (size_t c = x->kid; c; c = QN(p, c).next)
			if (node_true(p, c, false, text, len, docid))
				return true;
		return false;
	default:
		return true;
	}
}

/* The "text" of a stored unit without parsing the whole record (most of
 * the cost of checking matches): the first key "text" of the top object
 * (a '"' inside a string is escaped, so ,"text":" is a key there), JSON
 * escapes undone; malloc'd, or NULL: parse the record then. */
static char *rec_text(const char *data, size_t len)
{
	static const char key[] = ",\"text\":\"";
	const char *k = memmem(data, len, key, sizeof(key) - 1);
	if (!k)
		return NULL;
	const char *q = k + sizeof(key) - 1, *end = data + len;
	lx_buf b = {0};
	while (q < end && *q != '"') {
		const char *run = q;
		while (q < end && *q != '"' && *q != '\\')
			q++;
		lx_buf_add(&b, run, (size_t)(q - run));
		if (q >= end || *q == '"')
			break;
		if (q + 1 >= end)
			goto bad;
		char c = q[1], out = 0;
		switch (c) {
		case 'n': out = '\n'; break;
		case 't': out = '\t'; break;
		case 'r': out = '\r'; break;
		case 'b': out = '\b'; break;
		case 'f': out = '\f'; break;
		case '"': case '\\': case '/': out = c; break;
		case 'u': {
			if (q + 6 > end)
				goto bad;
			char hex[5] = {q[2], q[3], q[4], q[5], 0}, *e;
			long cp = strtol(hex, &e, 16);
			if (*e)
				goto bad;
			q += 6;
			if (cp >= 0xD800 && cp < 0xDC00 && q + 6 <= end &&
			    q[0] == '\\' && q[1] == 'u') {
				char h2[5] = {q[2], q[3], q[4], q[5], 0};
				long lo = strtol(h2, &e, 16);
				if (!*e && lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
					q += 6;
				}
			}
			lx_buf_add_cp(&b, (int32_t)cp);
			continue;
		}
		default:
			goto bad;
		}
		lx_buf_add(&b, &out, 1);
		q += 2;
	}
	if (q >= end)
		goto bad;
	return lx_buf_take(&b);
bad:
	lx_buf_free(&b);
	return NULL;
}

/* Facet counts of the checked matches: value, count (as Xapian's value
 * count spy: empty values are not counted). */
typedef struct fcount {
	lx_vec v; /* facetv */
} fcount;

static bool fcount_add(fcount *f, const char *value)
{
	if (!value || !*value)
		return true;
	for (size_t i = 0; i < f->v.n; i++) {
		facetv *x = &LX_VEC_AT(&f->v, facetv, i);
		if (!strcmp(x->value, value)) {
			x->count++;
			return true;
		}
	}
	facetv *x = lx_vec_push(&f->v, sizeof(facetv));
	if (!x || !(x->value = strdup(value))) {
		if (x)
			f->v.n--;
		return false;
	}
	x->count = 1;
	return true;
}

static int cmp_facetv(const void *a, const void *b)
{
	return strcmp(((const facetv *)a)->value, ((const facetv *)b)->value);
}

/* The values of FACET_SLOTS from a unit's record: lx_ix_add writes both
 * from the same fields (a missing one as ""; the effective date's slot
 * only for a date of 10 characters, whose first four are the year). */
static void rec_facets(const json_t *d, const char *v[LX_N_FACETS])
{
	static const char *const f[LX_N_FACETS] = {"jurisdiction", "type",
	                                            "effective", "status"};
	for (int k = 0; k < LX_N_FACETS; k++) {
		const char *s = json_string_value(json_object_get(d, f[k]));
		v[k] = s ? s : "";
	}
	if (strlen(v[LX_FACET_YEAR]) != 10)
		v[LX_FACET_YEAR] = "";
}

/* How many candidates ahead within() fetches texts (lx_xdb_text_prefetch):
 * enough for the misses to overlap the checks of those before. */
#define PREFETCH_AHEAD 8

/* Checking candidates on several threads: a share of them each.  The
 * query tree (node_true with text forms: bsearch and memmem) and the
 * mapped texts are only read. */
typedef struct checkjob {
	qp *p;
	size_t root, from, to;
	const lx_xhit *hits;
	unsigned char *ok;
	size_t bad; /* a candidate whose text could not be read, + 1 */
} checkjob;

static void *check_share(void *arg)
{
	checkjob *j = arg;
	for (size_t i = j->from; i < j->to; i++) {
		if (i + PREFETCH_AHEAD < j->to)
			lx_xdb_text_prefetch(j->p->db,
			                     j->hits[i + PREFETCH_AHEAD].docid);
		const char *text;
		size_t len;
		if (lx_xdb_text_at(j->p->db, j->hits[i].docid, &text, &len)) {
			j->bad = i + 1;
			return NULL;
		}
		j->ok[i] = text && node_true(j->p, j->root, true, text, len,
		                             j->hits[i].docid);
	}
	return NULL;
}

/* Whether each candidate holds (*out, a byte each, malloc'd), its text
 * from the stores, checked by nt threads; or NULL in *out when it is
 * not worth threads (o->threads). */
static int check_split(qp *p, size_t root, const lx_xresult *xr,
                       const lx_search_opts *o, unsigned char **out)
{
	size_t n = xr->n_hits, nt = o->threads ? o->threads : 1;
	if (!o->threads && n > LX_CHECK_SPLIT) { /* sysconf reads a file */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		nt = cores < 1 ? 1 : (size_t)cores;
	}
	*out = NULL;
	if (nt > 4)
		nt = 4;
	if (nt < 2 || !n)
		return 0;
	unsigned char *ok = malloc(n);
	const char *t0;
	size_t l0;
	/* lx_xdb_text makes the view current for lx_xdb_text_at */
	int rc = !ok ? LX_ERR_NOMEM
	         : lx_xdb_text(p->db, xr->hits[0].docid, &t0, &l0) ? LX_ERR_DAMAGED
	                                                          : 0;
	checkjob j[4];
	pthread_t th[4];
	bool started[4] = {false};
	for (size_t t = 0; !rc && t < nt; t++)
		j[t] = (checkjob){.p = p, .root = root, .from = n * t / nt,
		                  .to = n * (t + 1) / nt, .hits = xr->hits,
		                  .ok = ok};
	for (size_t t = 1; !rc && t < nt; t++)
		started[t] = !pthread_create(&th[t], NULL, check_share, &j[t]);
	if (!rc)
		check_share(&j[0]);
	for (size_t t = 1; !rc && t < nt; t++) {
		if (started[t])
			pthread_join(th[t], NULL);
		else
			check_share(&j[t]); /* no thread: done here */
	}
	/* A text not read: again here, for the handle's message (or the
	 * view moved, which a search does not see happen). */
	for (size_t t = 0; !rc && t < nt; t++)
		if (j[t].bad)
			rc = lx_xdb_text(p->db, xr->hits[j[t].bad - 1].docid, &t0,
			                 &l0) ? LX_ERR_DAMAGED : LX_ERR_INDEX;
	if (rc)
		free(ok);
	else
		*out = ok;
	return rc;
}

/* --within, and queries with a run whose pairs lack positions: every
 * candidate (q, a superset of the matches of the tree `root`) is checked
 * in its stored text (node_true, meet), so counts stay exact and remote
 * shards need no match decider; then paged. */
static int within(qp *p, size_t root, lx_xq *q, const lx_search_opts *o,
                  lx_results *res)
{
	lx_xresult xr;
	long total = lx_xdb_doccount(p->db);
	if (total < 0)
		return (int)total;
	/* The candidates that the nodes node_true asks about match. */
	if (QN(p, root).need) {
		int rc = node_ids(p, root, true, q, total);
		if (rc)
			return rc;
	}
	/* The texts from the segments' stores where every database has one
	 * (a unit's record is read only when it is shown or counted in a
	 * facet), else from each candidate's stored data. */
	int stores = o->within ? 0 : lx_xdb_has_texts(p->db);
	if (stores < 0)
		return stores;
	/* A label's literal holds where its word term is (the label in
	 * either numeral, as the tokenizer reads it): those documents. */
	for (size_t k = 1; stores && k <= p->nodes.n; k++) {
		qnode *x = &QN(p, k);
		if (x->op != QN_LIT || !x->need || !x->wlabel)
			continue;
		lx_xsearch lh = {.limit = (size_t)total, .exact = 1,
		                 .sort_slot = -1, .ids_only = 1};
		lx_xq *t = lx_xq_term(p->db, x->wlabel);
		int rc = t ? lx_xdb_search(p->db, t, &lh, &xr) : LX_ERR_INDEX;
		if (rc)
			return rc;
		x = &QN(p, k);
		if (!(x->lids = malloc((xr.n_hits + 1) * sizeof(unsigned))))
			return LX_ERR_NOMEM;
		for (size_t i = 0; i < xr.n_hits; i++)
			x->lids[i] = xr.hits[i].docid;
		x->nlids = xr.n_hits;
		qsort(x->lids, x->nlids, sizeof(unsigned), cmp_uint);
	}
	p->forms = stores;
	lx_xsearch how = sorting(o);
	how.limit = (size_t)total;
	how.exact = 1;
	how.raw = 1; /* the text is the unit's own: joined only when shown */
	how.no_data = stores;
	/* Counting only: no weights either. */
	how.ids_only = stores && !o->limit && !o->facets;
	int rc = lx_xdb_search(p->db, q, &how, &xr);
	if (rc)
		return rc;
	size_t room = xr.n_hits < o->limit ? xr.n_hits : o->limit;
	res->v = calloc(room ? room : 1, sizeof(hit));
	if (!res->v)
		return LX_ERR_NOMEM;
	/* Many candidates to check in the text stores: on several threads
	 * first (check_split), then taken in order here. */
	unsigned char *pre = NULL;
	if (stores && QN(p, root).need && !o->within &&
	    (rc = check_split(p, root, &xr, o, &pre)))
		return rc;
	size_t kept = 0, shown = 0;
	fcount fc[LX_N_FACETS] = {{{0}}};
	bool foom = false, jbad = false;
	for (size_t i = 0; i < xr.n_hits; i++) {
		/* The text alone, then the record of a hit shown. */
		const char *text = NULL;
		char *own = NULL;
		json_t *d = NULL;
		size_t tl = 0;
		if (stores && !pre) { /* (pre: checked already) */
			/* The text a few candidates on, fetched meanwhile. */
			if (i + PREFETCH_AHEAD < xr.n_hits)
				lx_xdb_text_prefetch(
					p->db, xr.hits[i + PREFETCH_AHEAD].docid);
			if ((rc = lx_xdb_text(p->db, xr.hits[i].docid, &text,
			                      &tl))) {
				jbad = true;
				break;
			}
		} else if (!stores) {
			own = rec_text(xr.hits[i].data, xr.hits[i].data_len);
			d = own ? NULL : load_joined(p->db, &xr.hits[i], &jbad);
			text = own ? own
			       : d ? json_string_value(json_object_get(d, "text"))
			           : NULL;
		}
		if (text && !stores)
			tl = strlen(text);
		bool ok = pre ? pre[i]
		          : text &&
		            (!QN(p, root).need ||
		             node_true(p, root, true, text, tl,
		                       xr.hits[i].docid)) &&
		            (!o->within || meet(p, root, text, o->within));
		free(own);
		bool show = ok && kept++ >= o->offset && shown < o->limit;
		if (show && !d)
			d = load_hit(p->db, &xr.hits[i], stores, &jbad);
		if (show && !d) {
			foom = !jbad;
			break;
		}
		if (ok && o->facets) {
			/* The facets' values (FACET_SLOTS), as the value
			 * count spies of a search without checks count them:
			 * from the record of a hit shown (its fields are what
			 * the slots hold: rec_facets), else read from the
			 * values, not the stored data. */
			const char *v[LX_N_FACETS];
			char year[5] = "";
			if (d)
				rec_facets(d, v);
			else if ((rc = lx_xdb_values(p->db, xr.hits[i].docid,
			                             FACET_SLOTS, LX_N_FACETS, v))) {
				jbad = true;
				break;
			}
			if (strlen(v[LX_FACET_YEAR]) >= 4)
				snprintf(year, sizeof(year), "%.4s", v[LX_FACET_YEAR]);
			v[LX_FACET_YEAR] = year;
			for (int k = 0; k < LX_N_FACETS; k++)
				foom |= !fcount_add(&fc[k], v[k]);
		}
		if (show) {
			res->n = shown + 1;
			if (set_hit(res, shown++, xr.hits[i].score, d)) {
				foom = true;
				break;
			}
			continue;
		}
		json_decref(d);
	}
	free(pre);
	res->count = (long)kept;
	for (int k = 0; k < LX_N_FACETS; k++) {
		if (fc[k].v.n > 1)
			qsort(fc[k].v.v, fc[k].v.n, sizeof(facetv), cmp_facetv);
		if (o->facets && !foom) {
			res->facets[k] = fc[k].v.v;
			res->n_facets[k] = fc[k].v.n;
			continue;
		}
		for (size_t i = 0; i < fc[k].v.n; i++)
			free(LX_VEC_AT(&fc[k].v, facetv, i).value);
		lx_vec_free(&fc[k].v);
	}
	return jbad ? LX_ERR_DAMAGED : foom ? LX_ERR_NOMEM : 0;
}

/* ---- the query language ---------------------------------------------------
 *
 *   query   = and
 *   and     = or { [AND] or }           juxtaposition or AND: all
 *   or      = unary { OR unary }        OR binds tighter than AND
 *   unary   = ( "-" | NOT ) primary | primary
 *   primary = "(" and ")" | "\"" phrase "\"" | field:value | run
 *
 * so NOT > OR > AND: `a b OR c -d` is a AND (b OR c) AND NOT d, as the
 * flat language before parentheses read it.  Whatever else is refused
 * with the character where it went wrong: never a silent empty result. */

enum { T_END, T_LP, T_RP, T_OR, T_AND, T_NOT, T_MINUS, T_PHRASE, T_WORD,
       T_BADMINUS, T_BADQUOTE, T_BADPAREN };

typedef struct qtok {
	int kind;
	size_t start, end; /* bytes of the query */
	size_t bad;        /* T_BAD*: the offending byte */
} qtok;

static bool qspace(char c)
{
	return c == ' ' || c == '\t';
}

/* The token at byte i of s (after spaces and tabs); reads nothing else,
 * so that query_parts and the parser see the same tokens. */
static void qlex(const char *s, size_t len, size_t i, qtok *t)
{
	while (i < len && qspace(s[i]))
		i++;
	*t = (qtok){.kind = T_END, .start = i, .end = i};
	if (i >= len)
		return;
	t->end = i + 1;
	switch (s[i]) {
	case '(': t->kind = T_LP; return;
	case ')': t->kind = T_RP; return;
	case '-':
		t->kind = i + 1 < len && !qspace(s[i + 1]) ? T_MINUS : T_BADMINUS;
		t->bad = i;
		return;
	case '"': {
		const char *close = memchr(s + i + 1, '"', len - i - 1);
		t->kind = close ? T_PHRASE : T_BADQUOTE;
		t->bad = i;
		t->end = close ? (size_t)(close - s) + 1 : len;
		return;
	}
	}
	size_t j = i;
	bool letters = true; /* only ASCII letters so far: a field name */
	while (j < len && !qspace(s[j]) && s[j] != ')') {
		if (s[j] == ':' && letters && j > i && j + 1 < len &&
		    s[j + 1] == '"') {
			/* field:"a value with spaces or )" */
			const char *close = memchr(s + j + 2, '"', len - j - 2);
			if (!close) {
				t->kind = T_BADQUOTE;
				t->bad = j + 1;
				t->end = len;
				return;
			}
			j = (size_t)(close - s) + 1;
			break;
		}
		if (s[j] == '"' || s[j] == '(') {
			t->kind = s[j] == '"' ? T_BADQUOTE : T_BADPAREN;
			t->bad = j;
			while (j < len && !qspace(s[j]))
				j++;
			t->end = j;
			return;
		}
		letters = letters && ((s[j] >= 'a' && s[j] <= 'z') ||
		                      (s[j] >= 'A' && s[j] <= 'Z'));
		j++;
	}
	t->end = j;
	size_t n = j - i;
	t->kind = n == 2 && !memcmp(s + i, "OR", 2)    ? T_OR
	          : n == 3 && !memcmp(s + i, "AND", 3) ? T_AND
	          : n == 3 && !memcmp(s + i, "NOT", 3) ? T_NOT
	                                               : T_WORD;
}

/* The parts of a query as the parser reads them: terms, phrases, filters,
 * OR, AND, NOT and parentheses ("-" belongs to the part it excludes).
 * Counted before anything is built, so that a query of many parts costs
 * a scan, not a query tree; this also bounds the nesting. */
static size_t query_parts(const char *q, size_t len)
{
	size_t n = 0, i = 0;
	for (;;) {
		qtok t;
		qlex(q, len, i, &t);
		if (t.kind == T_END)
			return n;
		n += t.kind != T_MINUS;
		i = t.end;
	}
}

/* A new node (index + 1), 0 on no memory. */
static size_t qnew(qp *p, int op, lx_xq *q)
{
	qnode *x = lx_vec_push(&p->nodes, sizeof(qnode));
	if (!x) {
		p->oom = true;
		return 0;
	}
	*x = (qnode){.op = op, .q = q};
	return p->nodes.n;
}


/* A node over the list of children from `first` (linked by next). */
static size_t qparent(qp *p, int op, size_t first)
{
	size_t n = qnew(p, op, NULL);
	if (n)
		QN(p, n).kid = first;
	for (size_t c = first; n && c; c = QN(p, c).next)
		QN(p, n).need |= QN(p, c).need;
	return n;
}

static const char *tok_name(int kind)
{
	return kind == T_OR ? "OR" : kind == T_AND ? "AND" : "NOT";
}

static size_t parse_and(qp *p, size_t open, int *rc);

/* A term, a phrase, a filter or a group; 0 with *rc set. */
static size_t parse_primary(qp *p, int *rc)
{
	qtok t;
	qlex(p->s, p->len, p->at, &t);
	const char *w = p->s + t.start;
	size_t wl = t.end - t.start;
	switch (t.kind) {
	case T_LP: {
		p->at = t.end;
		p->depth++;
		size_t n = parse_and(p, t.start, rc);
		p->depth--;
		if (n) {
			qlex(p->s, p->len, p->at, &t); /* the ')' */
			p->at = t.end;
		}
		return n;
	}
	case T_BADQUOTE:
		*rc = qerr(p, "unbalanced quotes in the query: the '\"' at "
		              "character %zu %s",
		           qchar(p, t.bad),
		           t.bad == t.start || p->s[t.bad - 1] == ':'
		                   ? "is not closed"
		                   : "is inside a part (quote the whole part)");
		return 0;
	case T_BADPAREN:
		*rc = qerr(p, "'(' at character %zu is inside a part: put a space "
		              "before it to open a group, or quote the part to "
		              "search for it",
		           qchar(p, t.bad));
		return 0;
	case T_PHRASE:
		w++;
		wl -= 2;
		break;
	case T_WORD:
		if (w[0] == '+') {
			*rc = qerr(p, "'+' at character %zu is not an operator: "
			              "every part must match already (quote \"+\" "
			              "to search for it)",
			           qchar(p, t.start));
			return 0;
		}
		if (memchr(w, '*', wl)) {
			*rc = qerr(p, "'*' at character %zu: wildcards are not "
			              "supported (a run of characters matches inside "
			              "any text already; quote \"*\" to search for it)",
			           qchar(p, t.start + (size_t)((const char *)memchr(
			                                           w, '*', wl) -
			                                       w)));
			return 0;
		}
		break;
	default: /* the callers look for the others */
		*rc = qerr(p, "unexpected part at character %zu",
		           qchar(p, t.start));
		return 0;
	}
	p->at = t.end;
	const char *colon = t.kind == T_WORD ? memchr(w, ':', wl) : NULL;
	bool name = colon && colon > w;
	for (const char *c = w; name && c < colon; c++)
		name = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z');
	if (colon && colon > w && (colon < w + wl - 1 || name)) {
		const char *v = colon + 1;
		size_t vl = wl - (size_t)(colon - w) - 1;
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v++;
			vl -= 2;
		}
		lx_xq *q = field(p, w, (size_t)(colon - w), v, vl, t.start, rc);
		if (*rc)
			return 0;
		size_t n = qnew(p, QN_FILTER, q);
		if (n && !q && !p->oom)
			*rc = LX_ERR_INDEX; /* the engine's message */
		return *rc || p->oom ? 0 : n;
	}
	size_t lit0 = p->literals.n;
	lx_xq *q = literal(p, w, wl);
	if (!q) {
		if (p->oom)
			return 0;
		*rc = qerr(p, "'%.*s' at character %zu has no character to search "
		              "for",
		           (int)(t.end - t.start), p->s + t.start,
		           qchar(p, t.start));
		return 0;
	}
	size_t n = qnew(p, QN_LIT, q);
	if (n) {
		qnode *x = &QN(p, n);
		x->lit0 = lit0;
		x->lit1 = p->literals.n;
		/* what checking it in the text needs (literal) */
		x->need = p->vneed;
		x->vrun = p->vrun;
		x->vlabel = p->vlabel;
		x->single = p->single;
		x->vraw = p->vraw;
		x->vform = p->vform;
		x->vformlen = p->vform ? strlen(p->vform) : 0;
		x->wlabel = p->wlabel;
		p->vrun = p->vlabel = p->single = p->vraw = NULL;
		p->vform = p->wlabel = NULL;
		p->vneed = false;
	}
	return n;
}

/* True when token t cannot start an operand. */
static bool no_operand(const qtok *t)
{
	return t->kind == T_END || t->kind == T_RP || t->kind == T_OR ||
	       t->kind == T_AND;
}

static size_t parse_unary(qp *p, int *rc)
{
	qtok t;
	qlex(p->s, p->len, p->at, &t);
	if (t.kind == T_BADMINUS) {
		*rc = qerr(p, "'-' at character %zu excludes nothing: write "
		              "-TERM, without a space",
		           qchar(p, t.start));
		return 0;
	}
	if (t.kind != T_MINUS && t.kind != T_NOT)
		return parse_primary(p, rc);
	const char *what = t.kind == T_MINUS ? "'-'" : "NOT";
	p->at = t.end;
	qtok u;
	qlex(p->s, p->len, p->at, &u);
	if (u.kind == T_MINUS || u.kind == T_NOT || u.kind == T_BADMINUS) {
		*rc = qerr(p, "%s at character %zu is excluded twice (one "
		              "exclusion is enough)",
		           what, qchar(p, t.start));
		return 0;
	}
	if (no_operand(&u)) {
		*rc = qerr(p, "%s at character %zu excludes nothing", what,
		           qchar(p, t.start));
		return 0;
	}
	p->negs++;
	size_t m = parse_primary(p, rc);
	p->negs--;
	return m ? qparent(p, QN_NOT, m) : 0;
}

static size_t parse_or(qp *p, int *rc)
{
	qtok t;
	qlex(p->s, p->len, p->at, &t);
	if (t.kind == T_OR) {
		*rc = qerr(p, "OR at character %zu needs a term on each side",
		           qchar(p, t.start));
		return 0;
	}
	size_t first = parse_unary(p, rc), last = first, count = 1;
	for (;;) {
		if (!first)
			return 0;
		qlex(p->s, p->len, p->at, &t);
		if (t.kind != T_OR)
			break;
		qtok u;
		qlex(p->s, p->len, t.end, &u);
		if (no_operand(&u)) {
			*rc = qerr(p, "OR at character %zu needs a term on each "
			              "side",
			           qchar(p, t.start));
			return 0;
		}
		p->at = t.end;
		size_t m = parse_unary(p, rc);
		if (!m)
			return 0;
		QN(p, last).next = m;
		last = m;
		count++;
	}
	return count == 1 ? first : qparent(p, QN_OR, first);
}

/* Parts joined by AND (or nothing), to the end of the query (open ==
 * SIZE_MAX) or to the ')' of the '(' at byte open. */
static size_t parse_and(qp *p, size_t open, int *rc)
{
	size_t first = 0, last = 0, count = 0;
	for (;;) {
		qtok t;
		qlex(p->s, p->len, p->at, &t);
		if (t.kind == T_END && open != SIZE_MAX) {
			*rc = qerr(p, "'(' at character %zu is not closed",
			           qchar(p, open));
			return 0;
		}
		if (t.kind == T_RP && open == SIZE_MAX) {
			*rc = qerr(p, "')' at character %zu has no '('",
			           qchar(p, t.start));
			return 0;
		}
		if (t.kind == T_END || t.kind == T_RP)
			break;
		if (t.kind == T_AND) {
			qtok u;
			qlex(p->s, p->len, t.end, &u);
			if (!count || no_operand(&u)) {
				*rc = qerr(p, "%s at character %zu needs a term on "
				              "each side",
				           tok_name(t.kind), qchar(p, t.start));
				return 0;
			}
			p->at = t.end;
		}
		size_t m = parse_or(p, rc);
		if (!m)
			return 0;
		if (last)
			QN(p, last).next = m;
		else
			first = m;
		last = m;
		count++;
	}
	if (!count) {
		if (open != SIZE_MAX)
			*rc = qerr(p, "'(' at character %zu: empty parentheses",
			           qchar(p, open));
		else
			*rc = qerr(p, "the query is empty");
		return 0;
	}
	return count == 1 ? first : qparent(p, QN_AND, first);
}

static lx_xq *build(qp *p, size_t n);

/* Children from `first` joined by AND: the filters as a filter (they do
 * not weigh), the exclusions as AND_NOT, all documents when nothing but
 * those. */
static lx_xq *build_and(qp *p, size_t first, bool siblings)
{
	lx_xq *pos = NULL, *neg = NULL, *filt = NULL;
	for (size_t c = first; c; c = siblings ? QN(p, c).next : 0) {
		const qnode *x = &QN(p, c);
		if (x->op == QN_FILTER)
			filt = filt ? lx_xq_combine(p->db, LX_XQ_AND, filt, x->q, 0)
			            : x->q;
		else if (x->op == QN_NOT && x->need)
			; /* its terms match more than it does: it is
			     excluded in the text (node_true) */
		else if (x->op == QN_NOT) {
			lx_xq *g = build(p, x->kid);
			neg = neg ? lx_xq_combine(p->db, LX_XQ_OR, neg, g, 0) : g;
		} else {
			lx_xq *g = build(p, c);
			pos = pos ? lx_xq_combine(p->db, LX_XQ_AND, pos, g, 0) : g;
		}
	}
	lx_xq *q = pos ? pos : lx_xq_all(p->db);
	if (filt)
		q = lx_xq_combine(p->db, LX_XQ_FILTER, q, filt, 0);
	if (neg)
		q = lx_xq_combine(p->db, LX_XQ_AND_NOT, q, neg, 0);
	return q;
}

/* The query of node n (NULL on a failure of the engine). */
static lx_xq *build(qp *p, size_t n)
{
	const qnode *x = &QN(p, n);
	switch (x->op) {
	case QN_AND:
		return build_and(p, x->kid, true);
	case QN_NOT:
		return build_and(p, n, false);
	case QN_OR: {
		lx_xq *q = NULL;
		for (size_t c = x->kid; c; c = QN(p, c).next) {
			lx_xq *g = build(p, c);
			q = q ? lx_xq_combine(p->db, LX_XQ_OR, q, g, 0) : g;
		}
		return q;
	}
	default:
		return x->q;
	}
}

static int search_xdb(lx_xdb *db, lx_tokenizer *tk, const lx_pairs *pairs,
                      const lx_triples *triples,
                      const char *query, const lx_search_opts *o,
                      lx_results *res, lx_error *err)
{
	qp p = {.db = db, .tk = tk, .err = err, .pairs = pairs,
	        .triples = triples};
	size_t len = strlen(query);
	if (len > LX_MAX_QUERY_BYTES) {
		err->code = LX_ERR_USAGE;
		snprintf(err->msg, sizeof(err->msg),
		         "the query is %zu bytes, over the limit of %d", len,
		         LX_MAX_QUERY_BYTES);
		return LX_ERR_USAGE;
	}
	size_t parts = query_parts(query, len);
	if (parts > LX_MAX_QUERY_PARTS) {
		err->code = LX_ERR_USAGE;
		snprintf(err->msg, sizeof(err->msg),
		         "the query has %zu parts, over the limit of %d", parts,
		         LX_MAX_QUERY_PARTS);
		return LX_ERR_USAGE;
	}
	if (o->limit > LX_MAX_SEARCH_LIMIT) {
		err->code = LX_ERR_USAGE;
		snprintf(err->msg, sizeof(err->msg),
		         "a page of %zu hits, over the limit of %d", o->limit,
		         LX_MAX_SEARCH_LIMIT);
		return LX_ERR_USAGE;
	}
	if (o->offset > LX_MAX_SEARCH_OFFSET) {
		err->code = LX_ERR_USAGE;
		snprintf(err->msg, sizeof(err->msg),
		         "an offset of %zu hits, over the limit of %d",
		         o->offset, LX_MAX_SEARCH_OFFSET);
		return LX_ERR_USAGE;
	}
	lx_xdb_query_reset(db);
	p.s = query;
	p.len = len;
	int rc = 0;
	size_t root = parse_and(&p, SIZE_MAX, &rc);
	if (rc == 0 && p.oom) {
		rc = LX_ERR_NOMEM;
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		err->code = rc;
	}
	lx_xq *q = NULL;
	if (rc == 0) {
		q = build_and(&p, root, false);
		/* Rank by the words of the literals. */
		lx_xq *wq = NULL;
		for (size_t k = 0; k < p.words.n; k++) {
			lx_xq *w = LX_VEC_AT(&p.words, lx_xq *, k);
			wq = wq ? lx_xq_combine(db, LX_XQ_OR, wq, w, 0) : w;
		}
		if (wq)
			q = lx_xq_combine(db, LX_XQ_AND_MAYBE, q, wq, 0);
		if (o->as_of) {
			/* In force on D: start <= D (slot 5) and not ended
			 * by the next version's start <= D. */
			char d8[9];
			snprintf(d8, sizeof(d8), "%.4s%.2s%.2s", o->as_of,
			         o->as_of + 5, o->as_of + 8);
			q = lx_xq_combine(db, LX_XQ_FILTER, q,
			                  lx_xq_range(db, 5, NULL, d8), 0);
			q = versions_out(db, q, LX_IX_UNTIL_KEY, d8, &p.oom);
		} else if (!o->all_versions && !p.all_versions)
			q = versions_out(db, q, LX_IX_SUPERSEDED_KEY, NULL,
			                 &p.oom);
		if (!q)
			rc = p.oom ? LX_ERR_NOMEM : LX_ERR_INDEX;
	}
	if (rc == 0 && (o->within || QN(&p, root).need)) {
		rc = within(&p, root, q, o, res);
		if (rc && rc != LX_ERR_USAGE) {
			err->code = rc;
			snprintf(err->msg, sizeof(err->msg), "%s",
			         rc == LX_ERR_NOMEM ? "out of memory"
			                            : lx_xdb_error(db));
		}
	} else if (rc == 0) {
		lx_xresult xr;
		lx_xsearch how = sorting(o);
		how.first = o->offset;
		how.limit = o->limit;
		how.exact = o->exact_count;
		for (int k = 0; o->facets && k < LX_N_FACETS; k++)
			how.facet_slot[how.n_facets++] = FACET_SLOTS[k];
		/* One term over every version: its count is the term's
		 * document count, exact without checking every match. */
		const qnode *one = &QN(&p, root);
		long tf = -1;
		if (one->op == QN_LIT && one->single && o->all_versions && !o->as_of && !o->facets &&
		    (tf = lx_xdb_termfreq(db, one->single)) >= 0)
			how.exact = 0;
		rc = lx_xdb_search(db, q, &how, &xr);
		if (rc == 0) {
			res->count = tf >= 0 ? tf : xr.count;
			res->v = calloc(xr.n_hits ? xr.n_hits : 1, sizeof(hit));
			if (!res->v)
				rc = LX_ERR_NOMEM;
			for (size_t k = 0; rc == 0 && k < xr.n_hits; k++) {
				res->n = k + 1;
				rc = set_hit(res, k, xr.hits[k].score,
				             load_rec(xr.hits[k].data,
				                      xr.hits[k].data_len));
			}
			for (int k = 0; rc == 0 && o->facets && k < LX_N_FACETS; k++)
				rc = k == LX_FACET_YEAR
				             ? set_years(res, k, xr.facets[k])
				             : set_facets(res, k, xr.facets[k]);
			if (rc) {
				err->code = rc;
				snprintf(err->msg, sizeof(err->msg), "out of memory");
			}
		} else {
			err->code = rc;
			snprintf(err->msg, sizeof(err->msg), "%s",
			         lx_xdb_error(db));
		}
	} else if (rc != LX_ERR_USAGE) {
		err->code = rc;
		snprintf(err->msg, sizeof(err->msg), "%s", lx_xdb_error(db));
	}
	if (rc == 0) {
		res->literals = p.literals.v;
		res->n_literals = p.literals.n;
	} else {
		/* a refused query owns nothing the caller must free */
		for (size_t k = 0; k < p.literals.n; k++)
			free(LX_VEC_AT(&p.literals, char *, k));
		lx_vec_free(&p.literals);
	}
	for (size_t k = 0; k < p.nodes.n; k++) {
		qnode *x = &LX_VEC_AT(&p.nodes, qnode, k);
		free(x->vrun);
		free(x->vlabel);
		free(x->single);
		free(x->vraw);
		free(x->vform);
		free(x->wlabel);
		free(x->ids);
		free(x->lids);
	}
	lx_vec_free(&p.nodes);
	free(p.vrun);
	free(p.vlabel);
	free(p.single);
	free(p.vraw);
	free(p.vform);
	free(p.wlabel);
	lx_vec_free(&p.words);
	return rc;
}

/* ---- highlights --------------------------------------------------------- */

static int cmp_span(const void *a, const void *b)
{
	const lx_span_hl *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

size_t lx_highlights(lx_tokenizer *tk, const char *text, size_t len,
                     char *const *literals, size_t n, lx_span_hl **out)
{
	lx_vec spans = {0};
	*out = NULL;
	/* Article labels (LX_LABEL_MARK + the form with Arabic digits): the
	 * labels of the text with that form, whatever their numerals. */
	const lx_token *tok = NULL;
	size_t nt = 0;
	lx_error err;
	for (size_t l = 0; l < n; l++) {
		if (literals[l][0] != LX_LABEL_MARK)
			continue;
		if (!tok && lx_tokenize(tk, text, len, &tok, &nt, &err))
			break;
		size_t ll = strlen(literals[l] + 1);
		for (size_t k = 0; k < nt; k++)
			if (tok[k].kind == LX_TOK_LABEL && tok[k].norm_len == ll &&
			    !memcmp(tok[k].norm, literals[l] + 1, ll)) {
				lx_span_hl *sp = lx_vec_push(&spans, sizeof(*sp));
				if (sp) {
					sp->start = tok[k].start;
					sp->end = tok[k].end;
				}
			}
	}
	/* Normalise the text character by character, keeping where each
	 * normalised byte came from (the tokens above are done with: this
	 * reuses the tokenizer's memory). */
	lx_buf nb = {0};
	size_t *from = malloc((len * 4 + 8) * sizeof(size_t));
	size_t *to = malloc((len * 4 + 8) * sizeof(size_t));
	if (!from || !to) {
		free(from);
		free(to);
		free(spans.v);
		return 0;
	}
	for (size_t i = 0; i < len;) {
		size_t st = i;
		int32_t c = lx_u8_next(text, len, &i);
		if (lx_cp_is_space(c) || c == '\n')
			continue;
		size_t nl;
		const char *nm = lx_tokenizer_norm(tk, text + st, i - st, &nl);
		if (!nm)
			continue;
		for (size_t k = 0; k < nl; k++) {
			from[nb.len + k] = st;
			to[nb.len + k] = i;
		}
		lx_buf_add(&nb, nm, nl);
	}
	for (size_t l = 0; l < n && nb.s; l++) {
		size_t ll = strlen(literals[l]);
		if (!ll || literals[l][0] == LX_LABEL_MARK)
			continue;
		for (const char *p = nb.s; (p = memmem(p, nb.len - (size_t)(p - nb.s),
		                                       literals[l], ll));
		     p++) {
			size_t a = (size_t)(p - nb.s), b = a + ll - 1;
			/* Only a match that starts and ends on characters. */
			if ((a && from[a - 1] == from[a]) ||
			    (b + 1 < nb.len && to[b + 1] == to[b]))
				continue;
			/* Characters separated by whitespace do not match. */
			bool gap = false;
			for (size_t k = a; k < b && !gap; k++)
				gap = to[k] != from[k + 1] && to[k] != to[k + 1];
			if (gap)
				continue;
			lx_span_hl *s = lx_vec_push(&spans, sizeof(*s));
			if (s) {
				s->start = from[a];
				s->end = to[b];
			}
		}
	}
	free(from);
	free(to);
	lx_buf_free(&nb);
	/* Sort and merge (spans of one start merge whatever their order). */
	lx_span_hl *v = spans.v;
	if (spans.n > 1)
		qsort(v, spans.n, sizeof(*v), cmp_span);
	size_t m = 0;
	for (size_t i = 0; i < spans.n; i++) {
		if (m && v[i].start <= v[m - 1].end) {
			if (v[i].end > v[m - 1].end)
				v[m - 1].end = v[i].end;
		} else {
			v[m++] = v[i];
		}
	}
	*out = v;
	return m;
}

char *lx_snippet(lx_tokenizer *tk, const char *text, char *const *lits,
                 size_t nl, lx_span_hl **ranges, size_t *n_ranges)
{
	size_t len = strlen(text);
	lx_span_hl *hl;
	size_t n = lx_highlights(tk, text, len, lits, nl, &hl);
	size_t a = 0;
	lx_buf out = {0};
	lx_vec rv = {0};
	if (n) {
		/* Back up 20 characters before the first highlight. */
		a = hl[0].start;
		for (int k = 0; k < 20 && a > 0; k++)
			a = lx_u8_start(text, a - 1);
	}
	size_t b = a;
	for (int k = 0; k < 80 && b < len; k++)
		b = lx_u8_fwd(text, b, len);
	if (a > 0)
		lx_buf_adds(&out, "…");
	size_t base = out.len;
	for (size_t i = a; i < b; i++)
		lx_buf_add(&out, text[i] == '\n' ? " " : text + i, 1);
	if (b < len)
		lx_buf_adds(&out, "…");
	for (size_t k = 0; k < n; k++) {
		if (hl[k].end <= a || hl[k].start >= b)
			continue;
		lx_span_hl *r = lx_vec_push(&rv, sizeof(*r));
		if (r) {
			r->start = base + (hl[k].start < a ? a : hl[k].start) - a;
			r->end = base + (hl[k].end > b ? b : hl[k].end) - a;
		}
	}
	free(hl);
	*ranges = rv.v;
	*n_ranges = rv.n;
	if (!out.s)
		return strdup("");
	return out.s;
}

/* ---- the public handle ---------------------------------------------------- */

int lx_ix_fail(lx_index *ix, lx_error *err, int rc, const char *msg)
{
	if (!msg)
		msg = ix ? lx_xdb_error(ix->db) : "out of memory";
	if (ix && msg != ix->msg)
		snprintf(ix->msg, sizeof(ix->msg), "%s", msg);
	if (err) {
		err->code = rc;
		if (msg != err->msg)
			snprintf(err->msg, sizeof(err->msg), "%s", msg);
	}
	return rc;
}

int lx_index_open(lx_index **out, const char *path, bool writable,
                  lx_error *err)
{
	return lx_ix_open(out, path, writable ? 1 : 0, err);
}

int lx_ix_open(lx_index **out, const char *path, int mode, lx_error *err)
{
	lx_index *ix = calloc(1, sizeof(*ix));
	*out = ix;
	if (!ix)
		return lx_ix_fail(NULL, err, LX_ERR_NOMEM, "out of memory");
	int rc = lx_xdb_open(&ix->db, path, mode);
	if (rc)
		return lx_ix_fail(ix, err, rc, ix->db ? NULL : "out of memory");
	/* The pair set; none yet in a new database (the first
	 * lx_index_add stores one). */
	const char *why;
	rc = lx_pairs_load(ix->db, &ix->pairs, &why);
	if (rc == LX_ERR_NOT_FOUND)
		return LX_OK;
	if (!rc && (rc = lx_triples_load(ix->db, &ix->triples)))
		lx_pairs_free(&ix->pairs);
	if (rc)
		return lx_ix_fail(ix, err, rc, why ? why
		                              : rc == LX_ERR_NOMEM ? "out of memory"
		                                                   : NULL);
	ix->have_pairs = true;
	return LX_OK;
}

int lx_ix_use_pairs(lx_index *ix, const char *list)
{
	lx_pairs_free(&ix->pairs);
	ix->have_pairs = false;
	int rc = lx_pairs_store(ix->db, list);
	if (!rc)
		rc = pairs_parse(&ix->pairs, list);
	ix->have_pairs = rc == 0;
	return rc;
}

int lx_ix_use_triples(lx_index *ix, const char *list)
{
	lx_triples_free(&ix->triples);
	int rc = lx_triples_store(ix->db, list);
	return rc ? rc : triples_parse(&ix->triples, list);
}

void lx_index_close(lx_index *ix)
{
	if (!ix)
		return;
	lx_xdb_close(ix->db);
	lx_pairs_free(&ix->pairs);
	lx_triples_free(&ix->triples);
	free(ix);
}

const char *lx_index_errmsg(const lx_index *ix)
{
	return ix ? ix->msg : "out of memory";
}

int lx_index_destroy(const char *path, lx_error *err)
{
	if (lx_xdb_remove(path) == 0)
		return LX_OK;
	if (err) {
		err->code = LX_ERR_IO;
		snprintf(err->msg, sizeof(err->msg), "%s: cannot remove", path);
	}
	return LX_ERR_IO;
}

int lx_index_add(lx_index *ix, lx_tokenizer *tk, const lx_doc *d,
                 const char *file, const char *hash, bool current,
                 lx_error *err)
{
	/* An index made document by document keeps no positions: its
	 * candidates are checked in the text stores, and its pairs are in
	 * the segments' own postings, which have none (a set with
	 * positions is chosen by lx_index_build for shards only). */
	int rc = ix->have_pairs ? 0 : lx_ix_use_pairs(ix, "");
	if (!rc)
		rc = lx_ix_add(ix->db, tk, d, file, hash, current, &ix->pairs,
		               &ix->triples);
	return rc ? lx_ix_fail(ix, err, rc, rc == LX_ERR_NOMEM ? "out of memory"
	                                                       : NULL)
	          : LX_OK;
}

int lx_index_remove(lx_index *ix, const char *file, lx_error *err)
{
	int rc = lx_ix_remove(ix->db, file);
	return rc ? lx_ix_fail(ix, err, rc, rc == LX_ERR_NOMEM ? "out of memory"
	                                                       : NULL)
	          : LX_OK;
}

int lx_index_mark_current(lx_index *ix, lx_error *err)
{
	int rc = lx_ix_mark_current(ix->db);
	return rc ? lx_ix_fail(ix, err, rc, rc == LX_ERR_NOMEM ? "out of memory"
	                                                       : NULL)
	          : LX_OK;
}

int lx_index_commit(lx_index *ix, lx_error *err)
{
	int rc = lx_xdb_commit(ix->db);
	return rc ? lx_ix_fail(ix, err, rc, NULL) : LX_OK;
}

/* ---- results -------------------------------------------------------------- */

static const char *field_of(const lx_results *h, size_t i, const char *name);

int lx_search(lx_index *ix, lx_tokenizer *tk, const char *query,
              const lx_search_opts *o, lx_results **out, lx_error *err)
{
	lx_error e = {0};
	lx_results *h = calloc(1, sizeof(*h));
	*out = NULL;
	if (!h)
		return lx_ix_fail(ix, err, LX_ERR_NOMEM, "out of memory");
	h->tk = tk;
	int rc = search_xdb(ix->db, tk, ix->have_pairs ? &ix->pairs : NULL,
	                    &ix->triples, query, o, h, &e);
	if (rc) {
		lx_results_free(h);
		return lx_ix_fail(ix, err, rc, e.msg);
	}
	/* As of a date every hit is of a version in force then: 有效 on that
	 * date (the stored status is the one of the day it was indexed);
	 * drafts keep theirs. */
	for (size_t i = 0; o->as_of && i < h->n; i++) {
		const char *st = field_of(h, i, "status");
		if (!st || (strcmp(st, "草案") && strcmp(st, "征求意见稿")))
			json_object_set_new(h->v[i].rec, "status",
			                    json_string("有效"));
	}
	*out = h;
	return LX_OK;
}

void lx_results_free(lx_results *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		json_decref(h->v[i].rec);
		free(h->v[i].path);
		free(h->v[i].snippet);
		free(h->v[i].ranges);
	}
	free(h->v);
	for (int k = 0; k < LX_N_FACETS; k++) {
		for (size_t i = 0; i < h->n_facets[k]; i++)
			free(h->facets[k][i].value);
		free(h->facets[k]);
	}
	for (size_t i = 0; i < h->n_literals; i++)
		free(h->literals[i]);
	free(h->literals);
	free(h);
}

long lx_results_count(const lx_results *h)
{
	return h->count;
}

size_t lx_results_len(const lx_results *h)
{
	return h->n;
}

static const char *field_of(const lx_results *h, size_t i, const char *name)
{
	return json_string_value(json_object_get(h->v[i].rec, name));
}

const char *lx_hit_doc(const lx_results *h, size_t i) { return field_of(h, i, "doc"); }
const char *lx_hit_title(const lx_results *h, size_t i) { return field_of(h, i, "title"); }
const char *lx_hit_jurisdiction(const lx_results *h, size_t i) { return field_of(h, i, "jurisdiction"); }
const char *lx_hit_type(const lx_results *h, size_t i) { return field_of(h, i, "type"); }
const char *lx_hit_status(const lx_results *h, size_t i) { return field_of(h, i, "status"); }
const char *lx_hit_effective(const lx_results *h, size_t i) { return field_of(h, i, "effective"); }
const char *lx_hit_version(const lx_results *h, size_t i) { return field_of(h, i, "version"); }
const char *lx_hit_work(const lx_results *h, size_t i) { return field_of(h, i, "work"); }
const char *lx_hit_eid(const lx_results *h, size_t i) { return field_of(h, i, "eid"); }
const char *lx_hit_label(const lx_results *h, size_t i) { return field_of(h, i, "label"); }
const char *lx_hit_heading(const lx_results *h, size_t i) { return field_of(h, i, "heading"); }
const char *lx_hit_text(const lx_results *h, size_t i) { return field_of(h, i, "text"); }
const char *lx_hit_file(const lx_results *h, size_t i) { return field_of(h, i, "file"); }

size_t lx_hit_path(const lx_results *h, size_t i, const char *const **parts)
{
	if (parts)
		*parts = h->v[i].path;
	return h->v[i].n_path;
}

double lx_hit_score(const lx_results *h, size_t i)
{
	return h->v[i].score;
}

const char *lx_hit_snippet(lx_results *h, size_t i, const lx_span_hl **ranges,
                           size_t *n_ranges)
{
	hit *x = &h->v[i];
	if (!x->snipped) {
		const char *text = field_of(h, i, "text");
		x->snippet = lx_snippet(h->tk, text ? text : "", h->literals,
		                        h->n_literals, &x->ranges, &x->n_ranges);
		x->snipped = true;
	}
	if (ranges)
		*ranges = x->ranges;
	if (n_ranges)
		*n_ranges = x->n_ranges;
	return x->snippet;
}

size_t lx_results_highlight(const lx_results *h, const char *text, size_t len,
                         lx_span_hl **out)
{
	*out = NULL;
	if (!h->n_literals || !h->tk)
		return 0;
	return lx_highlights(h->tk, text, len, h->literals, h->n_literals, out);
}

size_t lx_results_facet_len(const lx_results *h, lx_facet f)
{
	return (unsigned)f < LX_N_FACETS ? h->n_facets[f] : 0;
}

const char *lx_results_facet(const lx_results *h, lx_facet f, size_t k, long *count)
{
	const facetv *v = &h->facets[f][k];
	if (count)
		*count = v->count;
	return v->value;
}

/* A field of a hit's record (absent: null). */
static void hit_field(lx_jw *w, const json_t *d, const char *k)
{
	lx_jw_key(w, k);
	lx_jw_value(w, json_object_get(d, k));
}

static void hit_json(lx_jw *w, lx_results *h, size_t i)
{
	static const char *const fields[] = {
		"doc", "title", "jurisdiction", "type", "status",
		"effective", "version", "eid", "label", "path"};
	const json_t *d = h->v[i].rec;
	const lx_span_hl *hl;
	size_t nrg;
	const char *sn = lx_hit_snippet(h, i, &hl, &nrg);
	lx_jw_item(w);
	lx_jw_open(w, '{');
	for (size_t k = 0; k < sizeof(fields) / sizeof(*fields); k++)
		hit_field(w, d, fields[k]);
	lx_jw_key(w, "score");
	lx_jw_real(w, h->v[i].score);
	/* Indexed before works were stored: no "work". */
	if (json_object_get(d, "work"))
		hit_field(w, d, "work");
	lx_jw_key(w, "snippet");
	lx_jw_string(w, sn ? sn : "", sn ? strlen(sn) : 0);
	lx_jw_key(w, "highlights");
	lx_jw_open(w, '[');
	for (size_t k = 0; k < nrg; k++) {
		lx_jw_item(w);
		lx_jw_open(w, '[');
		lx_jw_item(w);
		lx_jw_int(w, (long long)hl[k].start);
		lx_jw_item(w);
		lx_jw_int(w, (long long)hl[k].end);
		lx_jw_close(w, ']');
	}
	lx_jw_close(w, ']');
	lx_jw_close(w, '}');
}

/* Written as jansson would dump the same values (JSON_INDENT(1), or
 * JSON_COMPACT for a line), without building them first: the tree and
 * jansson's dump were a third of a server's reply to /api/search. */
int lx_results_json(lx_results *h, const char *query, unsigned flags, double ms,
                 FILE *out)
{
	bool line = flags & LX_RESULTS_JSON_LINE;
	lx_buf b = {0};
	lx_jw w;
	lx_jw_init(&w, &b, line ? 0 : 1);
	lx_jw_open(&w, '{');
	lx_jw_key(&w, "query");
	lx_jw_string(&w, query, strlen(query));
	lx_jw_key(&w, "count");
	lx_jw_int(&w, (long long)h->count);
	if (line || (flags & LX_RESULTS_JSON_HITS)) {
		lx_jw_key(&w, "hits");
		lx_jw_open(&w, '[');
		for (size_t i = 0; i < h->n; i++)
			if (h->v[i].rec)
				hit_json(&w, h, i);
		lx_jw_close(&w, ']');
	}
	if (line) {
		lx_jw_key(&w, "ms");
		lx_jw_real(&w, ms);
	} else if (flags & LX_RESULTS_JSON_FACETS) {
		static const char *const names[LX_N_FACETS] = {
			"jurisdiction", "type", "year", "status"};
		lx_jw_key(&w, "facets");
		lx_jw_open(&w, '{');
		for (int k = 0; k < LX_N_FACETS; k++) {
			lx_jw_key(&w, names[k]);
			lx_jw_open(&w, '{');
			for (size_t i = 0; i < h->n_facets[k]; i++) {
				const facetv *v = &h->facets[k][i];
				lx_jw_key(&w, *v->value ? v->value : "(none)");
				lx_jw_int(&w, v->count);
			}
			lx_jw_close(&w, '}');
		}
		lx_jw_close(&w, '}');
	}
	lx_jw_close(&w, '}');
	lx_buf_add(&b, "\n", 1);
	int rc = b.oom ? LX_ERR_NOMEM
	         : w.bad ? LX_ERR_DAMAGED
	         : fwrite(b.s, 1, b.len, out) == b.len ? LX_OK
	                                               : LX_ERR_IO;
	lx_buf_free(&b);
	return rc;
}

/* ---- reading one revision ------------------------------------------------- */

typedef int (*scan_fn)(void *ctx, FILE *out, const char *data, size_t len);

typedef struct scan {
	scan_fn fn;
	void *ctx;
	FILE *out;
} scan;

static int scan_one(void *ctx, const char *data, size_t len)
{
	scan *s = ctx;
	return s->fn(s->ctx, s->out, data, len);
}

/* The units indexed by `term` (all: NULL) of one revision, even while a
 * writer commits: fn writes to a temporary file, and the scan starts again
 * (after reset) on the newest revision when the writer overwrote the one
 * being read; then the file goes to `to` (when not NULL). */
static int scan_revision(lx_index *ix, const char *term, scan_fn fn,
                         void *ctx, void (*reset)(void *ctx), FILE *to,
                         lx_error *err)
{
	scan s = {fn, ctx, tmpfile()};
	if (!s.out)
		return errno == ENOMEM
		               ? lx_ix_fail(ix, err, LX_ERR_NOMEM, "out of memory")
		               : lx_ix_fail(ix, err, LX_ERR_IO, "no temporary file");
	int rc;
	for (int attempt = 0;; attempt++) {
		rewind(s.out);
		if (ftruncate(fileno(s.out), 0)) {
			rc = 1;
			break;
		}
		if (reset)
			reset(ctx);
		rc = lx_xdb_each(ix->db, term, scan_one, &s);
		if (rc != LX_ERR_CHANGED || attempt == 5 || lx_xdb_reopen(ix->db))
			break;
	}
	int status = LX_OK;
	if (rc > 0) {
		status = lx_ix_fail(ix, err, rc == 2 ? LX_ERR_NOMEM : LX_ERR_IO,
		                    rc == 2 ? "out of memory"
		                            : "cannot write a temporary file");
	} else if (rc) {
		status = lx_ix_fail(ix, err, rc, NULL);
	} else if (to) {
		char buf[1 << 16];
		size_t n;
		rewind(s.out);
		while ((n = fread(buf, 1, sizeof(buf), s.out)) > 0)
			if (fwrite(buf, 1, n, to) != n)
				break;
		if (ferror(s.out) || fflush(to))
			status = lx_ix_fail(ix, err, LX_ERR_IO,
			                    "cannot write the output");
	}
	fclose(s.out);
	return status;
}

static int print_line(void *ctx, FILE *out, const char *data, size_t len)
{
	(void)ctx;
	fwrite(data, 1, len, out);
	putc('\n', out);
	return ferror(out) ? 1 : 0;
}

int lx_index_export(lx_index *ix, FILE *out, lx_error *err)
{
	return scan_revision(ix, NULL, print_line, NULL, NULL, out, err);
}

typedef struct showctx {
	const char *eid;
	size_t shown;
	lx_xdb *db;
} showctx;

/* The new eid of the row of old eid `eid` in the stored map text m
 * (lx_vmap_text: "old_eid\told_label\tnew_eid\tnew_label\top" lines after
 * the ids), malloc'd; "" when the row says deleted; NULL when no row. */
static char *map_row_new(const char *m, const char *eid)
{
	size_t el = strlen(eid);
	for (const char *p = strchr(m, '\n'); p; p = strchr(p + 1, '\n')) {
		if (strncmp(p + 1, eid, el) || p[1 + el] != '\t')
			continue;
		const char *f = strchr(p + 1 + el + 1, '\t'); /* after label */
		if (!f)
			return NULL;
		size_t nl = strcspn(f + 1, "\t\n");
		if (nl == 1 && f[1] == '-')
			return strdup("");
		return strndup(f + 1, nl);
	}
	return NULL;
}

/* Follows doc#eid through the stored maps to the latest version: 0 when
 * doc has no next version (or no map), 1 with *now_id#*now_eid, 2 when
 * deleted in *now_id (malloc'd, the caller frees them); -1 on no
 * memory. */
static int follow_maps(lx_xdb *db, const char *doc, const char *eid,
                       char **now_id, char **now_eid)
{
	char *cur = strdup(doc), *ce = strdup(eid);
	int state = 0;
	*now_id = *now_eid = NULL;
	for (int hop = 0; cur && ce && hop < 1000; hop++) {
		char h[17], key[32];
		lx_index_hash(cur, strlen(cur), h);
		snprintf(key, sizeof(key), "map:%s", h);
		const char *v = lx_xdb_get_meta(db, key);
		size_t cl = strlen(cur);
		if (!v || strncmp(v, cur, cl) || v[cl] != '\t')
			break;
		char *m = strdup(v);
		if (!m)
			break;
		char *next = strndup(m + cl + 1, strcspn(m + cl + 1, "\n"));
		char *ne = map_row_new(m, ce);
		if (!ne && strstr(ce, "__")) {
			/* A paragraph or item without a row: its article's. */
			char *art = strndup(ce, (size_t)(strstr(ce, "__") - ce));
			ne = art ? map_row_new(m, art) : NULL;
			free(art);
		}
		free(m);
		free(cur);
		cur = next;
		free(ce);
		ce = ne;
		if (!ce || !*ce) {
			state = 2;
			break;
		}
		state = 1;
	}
	if (!cur) {
		free(ce);
		return -1;
	}
	if (state == 0) {
		free(cur);
		free(ce);
		return 0;
	}
	*now_id = cur;
	*now_eid = state == 1 ? ce : NULL;
	if (state == 2)
		free(ce);
	return state;
}

static void show_reset(void *ctx)
{
	((showctx *)ctx)->shown = 0;
}

static int show_one(void *ctx, FILE *out, const char *data, size_t len)
{
	showctx *s = ctx;
	json_t *d = load_rec(data, len);
	if (!d)
		return 0;
	const char *eid = json_string_value(json_object_get(d, "eid"));
	if (!s->eid || (eid && !strcmp(eid, s->eid))) {
		if (!s->shown)
			fprintf(out, "%s (%s)\n\n", json_string_value(json_object_get(d, "title")),
			       json_string_value(json_object_get(d, "doc")));
		fprintf(out, "%s\n", json_string_value(json_object_get(d, "text")));
		json_t *cs = json_object_get(d, "citations");
		for (size_t i = 0; i < json_array_size(cs); i++) {
			json_t *c = json_array_get(cs, i);
			fprintf(out, "  ↳ %s", json_string_value(json_object_get(c, "text")));
			json_t *ts = json_object_get(c, "targets");
			for (size_t k = 0; k < json_array_size(ts); k++) {
				json_t *t = json_array_get(ts, k);
				const char *te = json_string_value(json_object_get(t, "eid"));
				const char *td = json_string_value(json_object_get(t, "doc"));
				fprintf(out, " -> %s%s%s", td, te ? "#" : "",
				        te ? te : "");
				/* In an older version: where it is now. */
				char *nid = NULL, *ne = NULL;
				int f = td && te ? follow_maps(s->db, td, te, &nid, &ne)
				                 : 0;
				if (f == 1)
					fprintf(out, " (now %s#%s)", nid, ne);
				else if (f == 2)
					fprintf(out, " (deleted in %s)", nid);
				free(nid);
				free(ne);
			}
			if (!json_is_true(json_object_get(c, "resolved")))
				fputs(" (not linked)", out);
			putc('\n', out);
		}
		putc('\n', out);
		s->shown++;
	}
	json_decref(d);
	return 0;
}

/* The term of document id's units; NULL when too long to be one (no such
 * document then). */
static char *doc_term(const char *id)
{
	if (strlen(id) + 2 > 200)
		return NULL;
	char *term = malloc(strlen(id) + 3);
	if (term)
		sprintf(term, "XD%s", id);
	return term;
}

int lx_index_show(lx_index *ix, const char *doc, const char *eid, FILE *out,
                  lx_error *err)
{
	char msg[1024];
	char *term = doc_term(doc);
	showctx s = {.eid = eid, .db = ix->db};
	int rc = LX_OK;
	if (term || strlen(doc) + 2 <= 200)
		rc = term ? scan_revision(ix, term, show_one, &s, show_reset, out,
		                          err)
		          : lx_ix_fail(ix, err, LX_ERR_NOMEM, "out of memory");
	free(term);
	if (rc == LX_OK && !s.shown) {
		bool whole = strlen(doc) + 2 > 200; /* no such id, whatever eid */
		snprintf(msg, sizeof(msg), "%s%s%s: not in the index", doc,
		         eid && !whole ? "#" : "", eid && !whole ? eid : "");
		rc = lx_ix_fail(ix, err, LX_ERR_NOT_FOUND, msg);
	}
	return rc;
}

typedef struct units {
	lx_results *h;
	size_t cap;
	bool no_text; /* lx_index_documents: hits without the article text */
} units;

static void units_reset(void *ctx)
{
	units *u = ctx;
	for (size_t i = 0; i < u->h->n; i++) {
		json_decref(u->h->v[i].rec);
		free(u->h->v[i].path);
	}
	if (u->cap)
		memset(u->h->v, 0, u->cap * sizeof(hit));
	u->h->n = 0;
}

static int unit_one(void *ctx, FILE *out, const char *data, size_t len)
{
	(void)out;
	units *u = ctx;
	if (u->h->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 64;
		hit *v = realloc(u->h->v, cap * sizeof(hit));
		if (!v)
			return 2;
		memset(v + u->cap, 0, (cap - u->cap) * sizeof(hit));
		u->h->v = v;
		u->cap = cap;
	}
	json_t *rec = load_rec(data, len);
	if (!rec)
		return 0;
	if (u->no_text) /* lx_index_documents: the document, not its text */
		json_object_del(rec, "text");
	u->h->n++;
	return set_hit(u->h, u->h->n - 1, 0, rec) ? 2 : 0;
}

int lx_index_units(lx_index *ix, const char *doc, lx_results **out,
                   lx_error *err)
{
	*out = NULL;
	lx_results *h = calloc(1, sizeof(*h));
	if (!h)
		return lx_ix_fail(ix, err, LX_ERR_NOMEM, "out of memory");
	units u = {h, 0, false};
	char *term = doc ? doc_term(doc) : NULL;
	int rc = doc && !term ? LX_ERR_NOT_FOUND
	                      : scan_revision(ix, term, unit_one, &u, units_reset,
	                                      NULL, err);
	free(term);
	if (rc == LX_OK && doc && !h->n)
		rc = LX_ERR_NOT_FOUND;
	if (rc == LX_ERR_NOT_FOUND) {
		char msg[1024];
		snprintf(msg, sizeof(msg), "no document '%s' in the index", doc);
		lx_ix_fail(ix, err, rc, msg);
	}
	if (rc) {
		lx_results_free(h);
		return rc;
	}
	h->count = (long)h->n;
	*out = h;
	return LX_OK;
}

/* lx_index_documents: the file terms, then the first unit of each. */
typedef struct fterms {
	char **v;
	size_t n, cap;
	bool oom;
} fterms;

static int fterm_one(void *ctx, const char *term, size_t len)
{
	fterms *f = ctx;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		char **v = realloc(f->v, cap * sizeof(char *));
		if (!v) {
			f->oom = true;
			return 1;
		}
		f->v = v;
		f->cap = cap;
	}
	if (!(f->v[f->n] = strndup(term, len))) {
		f->oom = true;
		return 1;
	}
	f->n++;
	return 0;
}

static int first_unit(void *ctx, const char *data, size_t len)
{
	units *u = ctx;
	size_t n = u->h->n;
	int rc = unit_one(u, NULL, data, len);
	if (rc)
		return -1000; /* out of memory */
	return u->h->n > n ? 1 : 0; /* one is enough */
}

static int cmp_hit_file(const void *a, const void *b)
{
	const hit *x = a, *y = b;
	const char *fx = json_string_value(json_object_get(x->rec, "file"));
	const char *fy = json_string_value(json_object_get(y->rec, "file"));
	return strcmp(fx ? fx : "", fy ? fy : "");
}

int lx_index_documents(lx_index *ix, lx_results **out, lx_error *err)
{
	*out = NULL;
	lx_results *h = calloc(1, sizeof(*h));
	if (!h)
		return lx_ix_fail(ix, err, LX_ERR_NOMEM, "out of memory");
	units u = {h, 0, true};
	int rc = LX_OK;
	/* Through the file terms (every shard's), not every unit: memory
	 * and time follow the documents. */
	for (int attempt = 0;; attempt++) {
		units_reset(&u);
		fterms f = {0};
		rc = lx_xdb_terms(ix->db, "F", fterm_one, &f);
		if (f.oom)
			rc = LX_ERR_NOMEM;
		for (size_t i = 0; rc >= 0 && rc != LX_ERR_NOMEM && i < f.n; i++) {
			int r = lx_xdb_each(ix->db, f.v[i], first_unit, &u);
			rc = r == -1000 ? LX_ERR_NOMEM : r < 0 ? r : LX_OK;
		}
		for (size_t i = 0; i < f.n; i++)
			free(f.v[i]);
		free(f.v);
		if (rc != LX_ERR_CHANGED || attempt == 5 || lx_xdb_reopen(ix->db))
			break;
	}
	if (rc == LX_OK && h->n) {
		/* By file, each once (a long path's term is its hash). */
		qsort(h->v, h->n, sizeof(hit), cmp_hit_file);
		size_t k = 0;
		for (size_t i = 0; i < h->n; i++) {
			if (k && !cmp_hit_file(&h->v[k - 1], &h->v[i])) {
				json_decref(h->v[i].rec);
				free(h->v[i].path);
			} else {
				h->v[k++] = h->v[i];
			}
		}
		h->n = k;
	}
	if (rc) {
		lx_results_free(h);
		return rc == LX_ERR_NOMEM
		               ? lx_ix_fail(ix, err, rc, "out of memory")
		               : lx_ix_fail(ix, err, rc, NULL);
	}
	h->count = (long)h->n;
	*out = h;
	return LX_OK;
}

/* ---- renumbering maps ------------------------------------------------------ */

/* "<prefix>:<hash of name>" (malloc'd), NULL without memory. */
static char *hashed_key(const char *prefix, const char *name)
{
	char h[17];
	lx_index_hash(name, strlen(name), h);
	char *k = malloc(strlen(prefix) + 18);
	if (k)
		sprintf(k, "%s:%s", prefix, h);
	return k;
}

/* rc of a metadata call on ix, reported in err. */
static int meta_rc(lx_index *ix, lx_error *err, int rc)
{
	return rc ? lx_ix_fail(ix, err, rc, rc == LX_ERR_NOMEM ? "out of memory"
	                                                       : NULL)
	          : LX_OK;
}

int lx_index_put_map(lx_index *ix, const char *old_id, const char *text,
                     lx_error *err)
{
	char *k = hashed_key("map", old_id);
	int rc = k ? lx_xdb_set_meta(ix->db, k, text) : LX_ERR_NOMEM;
	free(k);
	return meta_rc(ix, err, rc);
}

int lx_index_get_map(lx_index *ix, const char *old_id, char **text,
                     lx_error *err)
{
	*text = NULL;
	char *k = hashed_key("map", old_id);
	const char *v = k ? lx_xdb_get_meta(ix->db, k) : NULL;
	int rc = !k ? LX_ERR_NOMEM : !v ? LX_ERR_INDEX : LX_OK;
	free(k);
	/* The map names its old id: a hash collision is no map. */
	size_t ol = strlen(old_id);
	if (rc == LX_OK && *v && !strncmp(v, old_id, ol) && v[ol] == '\t' &&
	    !(*text = strdup(v)))
		rc = LX_ERR_NOMEM;
	return meta_rc(ix, err, rc);
}

/* ---- stamps: what a caller's derived data was made from ------------------ */

int lx_index_file_hash(lx_index *ix, const char *file, char out[17])
{
	out[0] = '\0';
	char *k = lx_index_file_key(file);
	if (!k)
		return LX_ERR_NOMEM;
	const char *v = lx_xdb_get_meta(ix->db, k);
	free(k);
	/* "hash\tpath": the path checked (a long path's key is hashed). */
	if (!v || strlen(v) < 17 || v[16] != '\t' || strcmp(v + 17, file))
		return LX_ERR_NOT_FOUND;
	memcpy(out, v, 16);
	out[16] = '\0';
	return LX_OK;
}

int lx_index_put_stamp(lx_index *ix, const char *name, const char *value,
                       lx_error *err)
{
	char *k = hashed_key("stamp", name);
	char *v = k ? malloc(strlen(name) + strlen(value) + 2) : NULL;
	if (v)
		sprintf(v, "%s\t%s", name, value);
	int rc = v ? lx_xdb_set_meta(ix->db, k, v) : LX_ERR_NOMEM;
	free(k);
	free(v);
	return meta_rc(ix, err, rc);
}

int lx_index_get_stamp(lx_index *ix, const char *name, char **value,
                       lx_error *err)
{
	*value = NULL;
	char *k = hashed_key("stamp", name);
	if (!k)
		return meta_rc(ix, err, LX_ERR_NOMEM);
	const char *v = lx_xdb_get_meta(ix->db, k);
	free(k);
	/* The stamp names itself: a hash collision is no stamp. */
	size_t nl = strlen(name);
	if (!v || strncmp(v, name, nl) || v[nl] != '\t')
		return LX_OK;
	if (!(*value = strdup(v + nl + 1)))
		return lx_ix_fail(ix, err, LX_ERR_NOMEM, "out of memory");
	return LX_OK;
}
