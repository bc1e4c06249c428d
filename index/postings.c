/* postings.c: a segment's own posting lists, written, mapped, merged (see
 * postings.h for the file).  C, no Xapian: lx_xapian.cc puts a posting
 * source over it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/util.h"
#include "lexcn/common.h"
#include "postings.h"

static const char MAGIC[8] = {'L', 'X', 'P', 'O', 'S', 'T', 'S', '1'};
#define TRAILER 48

/* ---- varints ---- */

static void put_varint(lx_buf *b, uint64_t v)
{
	char t[10];
	size_t n = 0;
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		t[n++] = (char)(c | (v ? 0x80 : 0));
	} while (v);
	lx_buf_add(b, t, n);
}

static void put_u32(lx_buf *b, uint32_t v)
{
	lx_buf_add(b, (const char *)&v, 4);
}

static void put_u64(lx_buf *b, uint64_t v)
{
	lx_buf_add(b, (const char *)&v, 8);
}

/* A varint at *p (before end) into *v; false when it runs past end or
 * over 64 bits. */
static bool get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;
	for (unsigned sh = 0; *p < end && sh < 64; sh += 7) {
		uint8_t c = *(*p)++;
		r |= (uint64_t)(c & 0x7f) << sh;
		if (!(c & 0x80)) {
			*v = r;
			return true;
		}
	}
	return false;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* ---- the output: lists to the file as they come, the rest at the end */

typedef struct pout {
	FILE *f;
	uint64_t at; /* bytes of lists written */
	uint64_t nterms;
	lx_buf dict, sparse, list, skips;
	bool ioerr, oom; /* oom: a list's head could not be built */
} pout;

/* b's bytes to f (none: nothing, even where b has no storage). */
static bool put_buf(FILE *f, const lx_buf *b)
{
	return !b->len || fwrite(b->s, 1, b->len, f) == b->len;
}

static int pout_start(pout *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->f = fopen(path, "wb");
	return o->f ? LX_OK : errno == ENOMEM ? LX_ERR_NOMEM : LX_ERR_WRITE;
}

static bool pout_oom(const pout *o)
{
	return o->oom || o->dict.oom || o->sparse.oom || o->list.oom ||
	       o->skips.oom;
}

/* One term's list: n postings (doc ascending; a document given twice in
 * a row is one posting, the counts added). */
static void pout_list(pout *o, const char *term, size_t len,
                      const uint32_t *doc, const uint32_t *wdf, size_t n)
{
	o->list.len = o->skips.len = 0;
	uint32_t prev = 0, count = 0, nskip = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t w = wdf[i];
		while (i + 1 < n && doc[i + 1] == doc[i])
			w += wdf[++i];
		if (count && count % LX_POST_BLOCK == 0) {
			put_u32(&o->skips, prev);
			put_u32(&o->skips, (uint32_t)o->list.len);
			nskip++;
		}
		put_varint(&o->list, (uint64_t)(doc[i] - prev) << 1 | (w != 0));
		if (w)
			put_varint(&o->list, w);
		prev = doc[i];
		count++;
	}
	if (!count)
		return;
	lx_buf head = {0};
	put_varint(&head, nskip);
	uint64_t bytes = head.len + o->skips.len + o->list.len;
	if (o->nterms % LX_POST_GROUP == 0) {
		put_u64(&o->sparse, o->dict.len);
		put_u64(&o->sparse, o->at);
	}
	put_varint(&o->dict, len);
	lx_buf_add(&o->dict, term, len);
	put_varint(&o->dict, count);
	put_varint(&o->dict, bytes);
	o->nterms++;
	if (head.oom)
		o->oom = true;
	else if (!put_buf(o->f, &head) || !put_buf(o->f, &o->skips) ||
	         !put_buf(o->f, &o->list))
		o->ioerr = true;
	o->at += bytes;
	lx_buf_free(&head);
}

static int pout_finish(pout *o, const uint32_t *doclen, uint32_t ndocs,
                       bool sync)
{
	uint64_t d = o->at, s = d + o->dict.len, l = s + o->sparse.len;
	lx_buf t = {0};
	put_u64(&t, d);
	put_u64(&t, s);
	put_u64(&t, l);
	put_u64(&t, o->nterms);
	put_u64(&t, ndocs);
	lx_buf_add(&t, MAGIC, 8);
	bool oom = pout_oom(o) || t.oom;
	bool ok = !oom && !o->ioerr &&
	          put_buf(o->f, &o->dict) && put_buf(o->f, &o->sparse) &&
	          (!ndocs || fwrite(doclen, 4, ndocs, o->f) == ndocs) &&
	          put_buf(o->f, &t) && fflush(o->f) == 0 &&
	          (!sync || fsync(fileno(o->f)) == 0);
	int e = errno;
	ok = fclose(o->f) == 0 && ok;
	o->f = NULL;
	lx_buf_free(&t);
	lx_buf_free(&o->dict);
	lx_buf_free(&o->sparse);
	lx_buf_free(&o->list);
	lx_buf_free(&o->skips);
	if (oom)
		return LX_ERR_NOMEM;
	if (!ok && e)
		errno = e;
	return ok ? LX_OK : LX_ERR_WRITE;
}

static void pout_abandon(pout *o)
{
	if (o->f)
		fclose(o->f);
	lx_buf_free(&o->dict);
	lx_buf_free(&o->sparse);
	lx_buf_free(&o->list);
	lx_buf_free(&o->skips);
}

/* ---- the inverter ---- */

typedef struct pterm {
	uint64_t h;
	uint32_t off, len, count;
} pterm;

typedef struct posting {
	uint32_t term, doc, wdf;
} posting;

struct lx_pw {
	pterm *terms;
	size_t nterms, tcap;
	uint32_t *slots; /* term index + 1; 0: empty */
	size_t scap;
	lx_buf bytes; /* the terms' bytes */
	posting *post;
	size_t npost, pcap;
	uint32_t *doclen;
	size_t dcap;
	uint32_t last; /* the last document given */
};

lx_pw *lx_pw_new(void)
{
	return calloc(1, sizeof(lx_pw));
}

void lx_pw_free(lx_pw *w)
{
	if (!w)
		return;
	free(w->terms);
	free(w->slots);
	lx_buf_free(&w->bytes);
	free(w->post);
	free(w->doclen);
	free(w);
}

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	void *n = realloc(*v, c * size);
	if (!n)
		return false;
	*v = n;
	*cap = c;
	return true;
}

static bool rehash(lx_pw *w)
{
	size_t cap = w->scap ? w->scap * 2 : 4096;
	uint32_t *s = calloc(cap, sizeof(*s));
	if (!s)
		return false;
	for (size_t i = 0; i < w->nterms; i++) {
		size_t k = w->terms[i].h & (cap - 1);
		while (s[k])
			k = (k + 1) & (cap - 1);
		s[k] = (uint32_t)i + 1;
	}
	free(w->slots);
	w->slots = s;
	w->scap = cap;
	return true;
}

int lx_pw_add(lx_pw *w, uint32_t doc, const char *term, size_t len,
              uint32_t wdf)
{
	if (doc < w->last || doc == 0 || len > UINT32_MAX)
		return LX_ERR_USAGE;
	if (2 * (w->nterms + 1) > w->scap && !rehash(w))
		return LX_ERR_NOMEM;
	if (!grow((void **)&w->post, &w->pcap, w->npost + 1, sizeof(posting)))
		return LX_ERR_NOMEM;
	uint64_t h = lx_hash64(term, len);
	size_t k = h & (w->scap - 1);
	uint32_t id = 0;
	for (; w->slots[k]; k = (k + 1) & (w->scap - 1)) {
		const pterm *t = &w->terms[w->slots[k] - 1];
		if (t->h == h && t->len == len &&
		    !memcmp(w->bytes.s + t->off, term, len)) {
			id = w->slots[k];
			break;
		}
	}
	if (!id) {
		if (w->bytes.len + len > UINT32_MAX ||
		    !grow((void **)&w->terms, &w->tcap, w->nterms + 1,
		          sizeof(pterm)))
			return LX_ERR_NOMEM;
		size_t at = w->bytes.len;
		lx_buf_add(&w->bytes, term, len);
		if (w->bytes.oom)
			return LX_ERR_NOMEM;
		w->terms[w->nterms] = (pterm){h, (uint32_t)at, (uint32_t)len, 0};
		id = (uint32_t)++w->nterms;
		w->slots[k] = id;
	}
	w->terms[id - 1].count++;
	w->post[w->npost++] = (posting){id - 1, doc, wdf};
	w->last = doc;
	return LX_OK;
}

int lx_pw_doclen(lx_pw *w, uint32_t doc, uint32_t len)
{
	if (doc == 0)
		return LX_ERR_USAGE;
	size_t old = w->dcap;
	if (!grow((void **)&w->doclen, &w->dcap, doc, sizeof(uint32_t)))
		return LX_ERR_NOMEM;
	if (w->dcap > old)
		memset(w->doclen + old, 0, (w->dcap - old) * sizeof(uint32_t));
	w->doclen[doc - 1] = len;
	return LX_OK;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : al < bl ? -1 : al > bl;
}

static int cmp_term(const void *x, const void *y, void *ctx)
{
	const lx_pw *w = ctx;
	const pterm *a = &w->terms[*(const uint32_t *)x];
	const pterm *b = &w->terms[*(const uint32_t *)y];
	return cmp_bytes(w->bytes.s + a->off, a->len, w->bytes.s + b->off,
	                 b->len);
}

int lx_pw_write(lx_pw *w, const char *path, uint32_t ndocs, bool sync)
{
	if (w->last > ndocs)
		return LX_ERR_USAGE;
	uint32_t *order = malloc((w->nterms + 1) * sizeof(*order));
	uint32_t *start = malloc((w->nterms + 1) * sizeof(*start));
	uint32_t *doc = malloc((w->npost + 1) * sizeof(*doc));
	uint32_t *wdf = malloc((w->npost + 1) * sizeof(*wdf));
	uint32_t *len = calloc(ndocs + 1, sizeof(*len));
	int rc = order && start && doc && wdf && len ? LX_OK : LX_ERR_NOMEM;
	if (rc == LX_OK) {
		/* The postings by term, each term's in the order given
		 * (documents ascending): a counting sort. */
		uint32_t at = 0;
		for (size_t i = 0; i < w->nterms; i++) {
			order[i] = (uint32_t)i;
			start[i] = at;
			at += w->terms[i].count;
		}
		for (size_t i = 0; i < w->npost; i++) {
			const posting *p = &w->post[i];
			uint32_t k = start[p->term]++;
			doc[k] = p->doc;
			wdf[k] = p->wdf;
		}
		qsort_r(order, w->nterms, sizeof(*order), cmp_term, w);
		if (w->doclen)
			memcpy(len, w->doclen,
			       (w->dcap < ndocs ? w->dcap : ndocs) *
			               sizeof(uint32_t));
		pout o;
		rc = pout_start(&o, path);
		for (size_t i = 0; rc == LX_OK && i < w->nterms; i++) {
			const pterm *t = &w->terms[order[i]];
			uint32_t end = start[order[i]];
			pout_list(&o, w->bytes.s + t->off, t->len,
			          doc + end - t->count, wdf + end - t->count,
			          t->count);
		}
		if (rc == LX_OK)
			rc = pout_finish(&o, len, ndocs, sync);
	}
	free(order);
	free(start);
	free(doc);
	free(wdf);
	free(len);
	return rc;
}

/* ---- reading ---- */

struct lx_pstore {
	const uint8_t *map;
	size_t size;
	const uint8_t *dict, *sparse, *doclens; /* the lists start at map */
	uint64_t nterms, ngroups;
	uint32_t ndocs;
};

int lx_pstore_open(lx_pstore **out, const char *path, uint32_t ndocs)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOMEM ? LX_ERR_NOMEM : LX_ERR_NOT_FOUND;
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < TRAILER) {
		close(fd);
		return LX_ERR_DAMAGED;
	}
	size_t size = (size_t)st.st_size;
	void *m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return errno == ENOMEM ? LX_ERR_NOMEM : LX_ERR_DAMAGED;
	const uint8_t *b = m, *t = b + size - TRAILER;
	uint64_t d = rd64(t), s = rd64(t + 8), l = rd64(t + 16),
	         nt = rd64(t + 24), nd = rd64(t + 32);
	uint64_t groups = (nt + LX_POST_GROUP - 1) / LX_POST_GROUP;
	bool ok = !memcmp(t + 40, MAGIC, 8) && nd == ndocs && d <= s &&
	          s <= l && l <= size - TRAILER &&
	          (size - TRAILER - l) / 4 == nd &&
	          (size - TRAILER - l) % 4 == 0 && groups <= (l - s) / 16 &&
	          (l - s) == 16 * groups && nt <= s - d;
	lx_pstore *p = ok ? calloc(1, sizeof(*p)) : NULL;
	if (!p) {
		munmap(m, size);
		return ok ? LX_ERR_NOMEM : LX_ERR_DAMAGED;
	}
	*p = (lx_pstore){b, size, b + d, b + s, b + l, nt, groups, ndocs};
	*out = p;
	return LX_OK;
}

void lx_pstore_close(lx_pstore *s)
{
	if (!s)
		return;
	munmap((void *)s->map, s->size);
	free(s);
}

uint32_t lx_pstore_ndocs(const lx_pstore *s)
{
	return s->ndocs;
}

uint32_t lx_pstore_doclen(const lx_pstore *s, uint32_t doc)
{
	return doc >= 1 && doc <= s->ndocs ? rd32(s->doclens + 4 * (doc - 1))
	                                   : 0;
}

/* A dictionary entry at *p: its term, count and list bytes. */
typedef struct dent {
	const char *term;
	uint64_t len, count, bytes;
} dent;

static bool get_dent(const lx_pstore *s, const uint8_t **p, dent *e)
{
	const uint8_t *end = s->sparse;
	if (!get_varint(p, end, &e->len) || e->len > (uint64_t)(end - *p))
		return false;
	e->term = (const char *)*p;
	*p += e->len;
	return get_varint(p, end, &e->count) && get_varint(p, end, &e->bytes) &&
	       e->count && e->count <= UINT32_MAX;
}

/* A cursor on the list at offset `off` (in the lists) of e. */
static bool cur_init(const lx_pstore *s, uint64_t off, const dent *e,
                     lx_pcur *c)
{
	memset(c, 0, sizeof(*c));
	uint64_t lists = (uint64_t)(s->dict - s->map);
	if (off > lists || e->bytes > lists - off)
		return !(c->bad = true);
	const uint8_t *p = s->map + off, *end = p + e->bytes;
	uint64_t nskip;
	if (!get_varint(&p, end, &nskip) || nskip > (uint64_t)(end - p) / 8 ||
	    nskip > e->count / LX_POST_BLOCK)
		return !(c->bad = true);
	c->skip = p;
	c->nskip = (uint32_t)nskip;
	c->data = c->p = p + 8 * nskip;
	c->end = end;
	c->count = (uint32_t)e->count;
	return true;
}

bool lx_pstore_find(const lx_pstore *s, const char *term, size_t len,
                    lx_pcur *c)
{
	memset(c, 0, sizeof(*c));
	/* The last group whose first term is <= term. */
	uint64_t lo = 0, hi = s->ngroups;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		uint64_t doff = rd64(s->sparse + 16 * mid);
		const uint8_t *p = s->dict + doff;
		dent e;
		if (doff >= (uint64_t)(s->sparse - s->dict) || !get_dent(s, &p, &e))
			return !(c->bad = true);
		if (cmp_bytes(e.term, e.len, term, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	uint64_t g = lo - 1;
	uint64_t doff = rd64(s->sparse + 16 * g), off = rd64(s->sparse + 16 * g + 8);
	const uint8_t *p = s->dict + doff;
	for (uint64_t k = g * LX_POST_GROUP;
	     k < s->nterms && k < (g + 1) * LX_POST_GROUP; k++) {
		dent e;
		if (!get_dent(s, &p, &e))
			return !(c->bad = true);
		int r = cmp_bytes(e.term, e.len, term, len);
		if (r == 0)
			return cur_init(s, off, &e, c);
		if (r > 0)
			return false;
		off += e.bytes;
	}
	return false;
}

bool lx_pcur_next(lx_pcur *c)
{
	if (c->read >= c->count)
		return false;
	uint64_t v, w = 0;
	if (!get_varint(&c->p, c->end, &v) ||
	    ((v & 1) && !get_varint(&c->p, c->end, &w)) || v >> 1 == 0 ||
	    (v >> 1) > UINT32_MAX - c->doc || w > UINT32_MAX)
		return !(c->bad = true);
	c->doc += (uint32_t)(v >> 1);
	c->wdf = (uint32_t)w;
	c->read++;
	return true;
}

bool lx_pcur_skip(lx_pcur *c, uint32_t target)
{
	if (c->read && c->doc >= target)
		return true;
	/* The last block not yet begun whose documents follow one before
	 * target: its entry k is block k + 1, from posting (k+1) * 128. */
	uint32_t lo = c->read / LX_POST_BLOCK, hi = c->nskip;
	if (lo < hi && rd32(c->skip + 8 * (size_t)lo) < target) {
		while (hi - lo > 1) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (rd32(c->skip + 8 * (size_t)mid) < target)
				lo = mid;
			else
				hi = mid;
		}
		uint32_t first = (lo + 1) * LX_POST_BLOCK;
		uint32_t off = rd32(c->skip + 8 * (size_t)lo + 4);
		if (first > c->read) {
			if (off > (size_t)(c->end - c->data))
				return !(c->bad = true);
			c->p = c->data + off;
			c->doc = rd32(c->skip + 8 * (size_t)lo);
			c->read = first;
		}
	}
	while (lx_pcur_next(c))
		if (c->doc >= target)
			return true;
	return false;
}

int lx_pstore_each(const lx_pstore *s,
                   int (*fn)(void *ctx, const char *term, size_t len,
                             lx_pcur *c),
                   void *ctx)
{
	const uint8_t *p = s->dict;
	uint64_t off = 0;
	for (uint64_t k = 0; k < s->nterms; k++) {
		dent e;
		lx_pcur c;
		if (!get_dent(s, &p, &e) || !cur_init(s, off, &e, &c))
			return LX_ERR_DAMAGED;
		int r = fn(ctx, e.term, e.len, &c);
		if (r)
			return r;
		off += e.bytes;
	}
	return LX_OK;
}

/* ---- merging ---- */

typedef struct msrc {
	const lx_pstore *s;
	const uint8_t *p; /* the next entry of its dictionary */
	uint64_t k, off;  /* its index, its list's offset */
	dent e;           /* the current entry (k < nterms) */
	int64_t shift;
	uint64_t dropped; /* pages of its lists before this are let go */
} msrc;

/* Lets go of the pages of m's lists already merged: read through the
 * mapping, they would otherwise stay in the resident set (the sources
 * of a whole-corpus build are 33 MB), not only in the page cache. */
static void msrc_drop(msrc *m)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint64_t page = pg > 0 ? (uint64_t)pg : 4096;
	uint64_t upto = m->off / page * page;
	if (upto >= m->dropped + 16 * page) {
		madvise((void *)(m->s->map + m->dropped), upto - m->dropped,
		        MADV_DONTNEED);
		m->dropped = upto;
	}
}

static bool msrc_next(msrc *m)
{
	if (m->k)
		m->off += m->e.bytes;
	if (++m->k > m->s->nterms)
		return true;
	return get_dent(m->s, &m->p, &m->e);
}

static bool msrc_live(const msrc *m)
{
	return m->k >= 1 && m->k <= m->s->nterms;
}

int lx_pstore_merge(lx_pstore *const *src, const int64_t *shift, size_t n,
                    const char *path, bool sync)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (shift[i] != (int64_t)total)
			return LX_ERR_USAGE;
		total += src[i]->ndocs;
	}
	if (total > UINT32_MAX)
		return LX_ERR_USAGE;
	msrc *m = calloc(n + 1, sizeof(*m));
	uint32_t *len = calloc(total + 1, sizeof(*len));
	lx_vec doc = {0}, wdf = {0};
	int rc = m && len ? LX_OK : LX_ERR_NOMEM;
	pout o = {0};
	for (size_t i = 0; rc == LX_OK && i < n; i++) {
		m[i] = (msrc){src[i], src[i]->dict, 0, 0, {0}, shift[i], 0};
		if (!msrc_next(&m[i]))
			rc = LX_ERR_DAMAGED;
		for (uint32_t d = 1; d <= src[i]->ndocs; d++)
			len[d + shift[i] - 1] = lx_pstore_doclen(src[i], d);
	}
	if (rc == LX_OK)
		rc = pout_start(&o, path);
	bool started = rc == LX_OK;
	while (rc == LX_OK) {
		/* The smallest term among the sources (few: a linear pick). */
		const dent *least = NULL;
		for (size_t i = 0; i < n; i++)
			if (msrc_live(&m[i]) &&
			    (!least || cmp_bytes(m[i].e.term, m[i].e.len,
			                         least->term, least->len) < 0))
				least = &m[i].e;
		if (!least)
			break;
		dent t = *least;
		doc.n = wdf.n = 0;
		for (size_t i = 0; rc == LX_OK && i < n; i++) {
			if (!msrc_live(&m[i]) ||
			    cmp_bytes(m[i].e.term, m[i].e.len, t.term, t.len))
				continue;
			lx_pcur c;
			if (!cur_init(m[i].s, m[i].off, &m[i].e, &c)) {
				rc = LX_ERR_DAMAGED;
				break;
			}
			while (lx_pcur_next(&c)) {
				uint32_t *a = lx_vec_push(&doc, sizeof(uint32_t));
				uint32_t *b = lx_vec_push(&wdf, sizeof(uint32_t));
				if (!a || !b) {
					rc = LX_ERR_NOMEM;
					break;
				}
				*a = (uint32_t)(c.doc + m[i].shift);
				*b = c.wdf;
			}
			if (rc == LX_OK && (c.bad || c.read != c.count ||
			                    c.doc > m[i].s->ndocs))
				rc = LX_ERR_DAMAGED;
			if (rc == LX_OK && !msrc_next(&m[i]))
				rc = LX_ERR_DAMAGED;
			msrc_drop(&m[i]);
		}
		if (rc == LX_OK)
			pout_list(&o, t.term, t.len, doc.v, wdf.v, doc.n);
		if (rc == LX_OK && (o.ioerr || pout_oom(&o)))
			rc = o.ioerr ? LX_ERR_WRITE : LX_ERR_NOMEM;
	}
	if (rc == LX_OK)
		rc = pout_finish(&o, len, (uint32_t)total, sync);
	else if (started)
		pout_abandon(&o);
	lx_vec_free(&doc);
	lx_vec_free(&wdf);
	free(m);
	free(len);
	return rc;
}
