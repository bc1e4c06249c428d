/*
 * layout.c: positioned text rebuilt into lines and paragraphs (layout.h
 * says what it does and with which tolerances).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

/* A line as rebuilt from the runs of one baseline (or of one column of
 * it). */
typedef struct lline {
	int page, pos, col;
	double x0, x1, y, h;
	char *text;
	size_t len;
	bool bold, furniture, centred;
} lline;

typedef struct lpage {
	int page;
	double width, height;
	size_t first, n; /* its lines in L->lines */
	bool cols;
	double left[2], right[2], pitch;
} lpage;

struct lx_layout {
	lx_reading *r;
	lx_arena arena;
	lx_vec lines; /* lline */
	lx_vec pages; /* lpage */
};

/* A run as sorted: where it stands and which one it is. */
typedef struct item {
	double x, y, x1, h;
	size_t i;
} item;

lx_layout *lx_layout_new(lx_reading *r)
{
	lx_layout *L = calloc(1, sizeof(*L));
	if (L)
		L->r = r;
	return L;
}

void lx_layout_free(lx_layout *L)
{
	if (!L)
		return;
	lx_vec_free(&L->lines);
	lx_vec_free(&L->pages);
	lx_arena_free(&L->arena);
	free(L);
}

static int cmp_yx(const void *a, const void *b)
{
	const item *p = a, *q = b;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

static int cmp_x(const void *a, const void *b)
{
	const item *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

static int cmp_double(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;
	return p < q ? -1 : p > q;
}

/* The first and last code points of a text (0 for none). */
static int32_t first_cp(const char *s, size_t len)
{
	size_t i = 0;
	return len ? lx_u8_next(s, len, &i) : 0;
}

static int32_t last_cp(const char *s, size_t len)
{
	if (!len)
		return 0;
	size_t i = lx_u8_start(s, len - 1);
	return lx_u8_next(s, len, &i);
}

/* The width of a run: given, or estimated from its characters. */
static double run_width(const lx_run *u)
{
	if (u->w > 0)
		return u->w;
	double w = 0;
	for (size_t i = 0; i < u->len;)
		w += lx_cp_is_wide(lx_u8_next(u->text, u->len, &i)) ? u->h
		                                                    : u->h / 2;
	return w;
}

/* Appends a run's text, control characters as spaces. */
static void add_text(lx_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t k = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (c < 0x20 || c == 0x7f)
			lx_buf_add(b, " ", 1);
		else
			lx_buf_add(b, s + k, i - k);
	}
}

static bool blank_cp(int32_t c)
{
	return c == 0 || lx_cp_is_space(c);
}

/* The text of the runs it[0..n) (sorted by x) of one line, into the
 * arena; *bold when all are bold. */
/* The spacing a justified line adds between its characters: the median
 * gap between its runs (0 when the gaps are few: one run, or a word or
 * two).  A space is a gap wider than this by a quarter of a font size. */
static double justified_gap(const item *it, size_t n)
{
	enum { MAXG = 64 };
	double g[MAXG];
	size_t m = 0;
	for (size_t k = 1; k < n && m < MAXG; k++)
		g[m++] = fmax(0, it[k].x - it[k - 1].x1);
	if (m < 4)
		return 0;
	qsort(g, m, sizeof(double), cmp_double);
	return g[m / 2];
}

static char *line_text(lx_layout *L, const lx_run *runs, const item *it,
                       size_t n, size_t *len)
{
	lx_buf b = {0};
	const item *prev = NULL;
	double base = justified_gap(it, n);
	for (size_t k = 0; k < n; k++) {
		const lx_run *u = &runs[it[k].i];
		if (prev) {
			const lx_run *p = &runs[prev->i];
			/* The same text drawn again in the same place (fake
			 * bold, shadows): once. */
			if (p->len == u->len && !memcmp(p->text, u->text, u->len) &&
			    fabs(it[k].x - prev->x) < 0.3 * it[k].h)
				continue;
			double gap = it[k].x - prev->x1;
			double h = it[k].h > prev->h ? it[k].h : prev->h;
			int32_t a = last_cp(b.s, b.len),
			        c = first_cp(u->text, u->len);
			if (!blank_cp(a) && !blank_cp(c) &&
			    (gap > 0.8 * h || gap - base > 0.25 * h ||
			     (gap > 0.2 * h && !lx_cp_is_wide(a) &&
			      !lx_cp_is_wide(c))))
				lx_buf_add(&b, " ", 1);
		}
		add_text(&b, u->text, u->len);
		prev = &it[k];
	}
	if (b.oom) {
		lx_buf_free(&b);
		return NULL;
	}
	char *s = lx_arena_strndup(&L->arena, b.s ? b.s : "", b.len);
	*len = b.len;
	lx_buf_free(&b);
	return s;
}

/* A segment of a baseline: the runs it[first, first+n). */
typedef struct seg {
	size_t first, n;
	double x0, x1, y, h;
	bool bold;
	int col;
	size_t group;
} seg;

static int cmp_seg_col(const void *a, const void *b)
{
	const seg *p = a, *q = b;
	if (p->col != q->col)
		return p->col - q->col;
	if (p->group != q->group)
		return p->group < q->group ? -1 : 1;
	return p->first < q->first ? -1 : p->first > q->first;
}

/* Two columns on a page: most baselines that hold two segments have
 * their second at about the same x, and no segment crosses that x.  The
 * x, or a negative value. */
static double column_split(const seg *s, size_t ns, size_t ngroups,
                           double width)
{
	size_t multi = 0;
	double *xs = malloc((ns ? ns : 1) * sizeof(*xs));
	if (!xs)
		return -1;
	for (size_t i = 1; i < ns; i++)
		if (s[i].group == s[i - 1].group &&
		    (i < 2 || s[i - 2].group != s[i].group))
			xs[multi++] = s[i].x0;
	double at = -1;
	if (multi >= 3 && multi * 10 >= ngroups * 3) {
		qsort(xs, multi, sizeof(*xs), cmp_double);
		double mid = xs[multi / 2], h = 0;
		for (size_t i = 0; i < ns; i++)
			h = s[i].h > h ? s[i].h : h;
		size_t near = 0, cross = 0;
		for (size_t i = 0; i < multi; i++)
			near += fabs(xs[i] - mid) < 2 * h;
		for (size_t i = 0; i < ns; i++)
			cross += s[i].x0 < mid - h && s[i].x1 > mid + h;
		if (near * 10 >= multi * 8 && cross * 20 <= ns &&
		    (width <= 0 || mid > 0.3 * width))
			at = mid;
	}
	free(xs);
	return at;
}

int lx_layout_page(lx_layout *L, int page, double width, double height,
                   const lx_run *runs, size_t n)
{
	lpage *pg = lx_vec_push(&L->pages, sizeof(lpage));
	if (!pg)
		return LX_ERR_NOMEM;
	*pg = (lpage){.page = page, .width = width, .height = height,
	              .first = L->lines.n};
	item *it = malloc((n ? n : 1) * sizeof(*it));
	seg *sg = malloc((n ? n : 1) * sizeof(*sg));
	if (!it || !sg) {
		free(it);
		free(sg);
		return LX_ERR_NOMEM;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const lx_run *u = &runs[i];
		if (!u->len || !isfinite(u->x) || !isfinite(u->y) ||
		    !isfinite(u->h))
			continue;
		double h = u->h > 0 ? u->h : 1;
		double w = run_width(u);
		it[m++] = (item){u->x, u->y, u->x + (isfinite(w) ? w : 0), h, i};
	}
	qsort(it, m, sizeof(*it), cmp_yx);
	/* Baselines, then segments of each apart by wide gaps. */
	size_t ns = 0, ngroups = 0;
	for (size_t a = 0; a < m;) {
		size_t b = a + 1;
		double hmax = it[a].h;
		while (b < m && it[b].y - it[a].y <=
		                    0.35 * (it[b].h > hmax ? it[b].h : hmax)) {
			hmax = it[b].h > hmax ? it[b].h : hmax;
			b++;
		}
		qsort(it + a, b - a, sizeof(*it), cmp_x);
		double wide = 3 * hmax;
		if (width > 0 && wide < 0.06 * width)
			wide = 0.06 * width;
		for (size_t k = a; k < b; k++) {
			seg *s = ns ? &sg[ns - 1] : NULL;
			if (!s || s->group != ngroups || it[k].x - s->x1 > wide) {
				s = &sg[ns++];
				*s = (seg){k, 0, it[k].x, it[k].x1, it[k].y,
				           it[k].h, true, 0, ngroups};
			}
			s->n++;
			s->x1 = it[k].x1 > s->x1 ? it[k].x1 : s->x1;
			s->h = it[k].h > s->h ? it[k].h : s->h;
			s->bold = s->bold && runs[it[k].i].bold;
		}
		ngroups++;
		a = b;
	}
	double split = column_split(sg, ns, ngroups, width);
	int rc = LX_OK;
	if (split >= 0) {
		pg->cols = true;
		for (size_t i = 0; i < ns; i++)
			sg[i].col = sg[i].x0 >= split - sg[i].h;
		qsort(sg, ns, sizeof(*sg), cmp_seg_col);
		rc = lx_reading_diag(L->r, LX_SEV_INFO, "two-columns", page, 0,
		                     "two columns, read one after the other");
	} else {
		/* One column: the segments of a baseline are one line again. */
		size_t o = 0;
		for (size_t i = 0; i < ns; i++) {
			if (o && sg[o - 1].group == sg[i].group) {
				seg *s = &sg[o - 1];
				s->n += sg[i].n;
				s->x1 = sg[i].x1 > s->x1 ? sg[i].x1 : s->x1;
				s->h = sg[i].h > s->h ? sg[i].h : s->h;
				s->bold = s->bold && sg[i].bold;
			} else
				sg[o++] = sg[i];
		}
		ns = o;
	}
	for (size_t i = 0; rc == LX_OK && i < ns; i++) {
		lline *l = lx_vec_push(&L->lines, sizeof(lline));
		size_t len = 0;
		char *t = l ? line_text(L, runs, it + sg[i].first, sg[i].n, &len)
		            : NULL;
		if (!t) {
			rc = LX_ERR_NOMEM;
			break;
		}
		*l = (lline){page, (int)(i + 1), sg[i].col, sg[i].x0, sg[i].x1,
		             sg[i].y, sg[i].h, t, len, sg[i].bold, false, false};
		pg = &LX_VEC_AT(&L->pages, lpage, L->pages.n - 1);
		pg->n++;
	}
	free(it);
	free(sg);
	return rc;
}

/* ---- page furniture ---- */

/* The text without spaces, full-width digits as ASCII ones, dashes as
 * '-', '／' as '/', commas dropped: what page-number patterns match. */
static void furniture_form(lx_buf *b, const char *s, size_t len,
                           bool digits_out)
{
	for (size_t i = 0; i < len;) {
		size_t k = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (lx_cp_is_space(c) || c == ',' || c == 0xFF0C)
			continue;
		if (c >= 0xFF10 && c <= 0xFF19)
			c = '0' + (c - 0xFF10);
		if (c == 0x2014 || c == 0x2013 || c == 0x2012 || c == 0x2015 ||
		    c == 0x2500 || c == 0xFF0D || c == 0x2212 || c == 0x2010)
			c = '-';
		if (c == 0xFF0F)
			c = '/';
		if (digits_out && c >= '0' && c <= '9')
			c = '#';
		if (c < 0x80) {
			char ch = (char)c;
			lx_buf_add(b, &ch, 1);
		} else
			lx_buf_add(b, s + k, i - k);
	}
}

/* s matches pat, where 'D' in pat is one or more ASCII digits. */
static bool match_digits(const char *s, size_t len, const char *pat)
{
	size_t i = 0;
	for (const char *p = pat; *p; p++) {
		if (*p == 'D') {
			size_t st = i;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i == st || i - st > 5)
				return false;
		} else if (i < len && s[i] == *p)
			i++;
		else
			return false;
	}
	return i == len;
}

static bool is_page_number(const char *text, size_t len)
{
	lx_buf b = {0};
	furniture_form(&b, text, len, false);
	const char *s = b.s ? b.s : "";
	size_t a = 0, e = b.len;
	while (a < e && s[a] == '-')
		a++;
	while (e > a && s[e - 1] == '-')
		e--;
	static const char *const pats[] = {
		"D", "D/D", "第D页", "第D页共D页", "共D页第D页", "第D页/共D页",
		"PageD", "pageD", "PageDofD", "DofD", "第D/D页"};
	bool yes = false;
	for (size_t i = 0; !b.oom && !yes && i < sizeof(pats) / sizeof(*pats);
	     i++)
		yes = match_digits(s + a, e - a, pats[i]);
	lx_buf_free(&b);
	return yes;
}

typedef struct fkey {
	const char *key;
	size_t line;
	int page;
} fkey;

static int cmp_fkey(const void *a, const void *b)
{
	const fkey *p = a, *q = b;
	int c = strcmp(p->key, q->key);
	if (c)
		return c;
	return p->page - q->page;
}

/* Whether line k of page pg may be furniture: among its first two or
 * last two, in the top or bottom 15% of the page. */
static bool in_band(const lpage *pg, const lline *l, size_t k)
{
	if (k >= 2 && k + 2 < pg->n)
		return false;
	if (pg->height <= 0)
		return k == 0 || k + 1 == pg->n;
	return l->y < 0.15 * pg->height || l->y > 0.85 * pg->height;
}

static int find_furniture(lx_layout *L)
{
	lx_vec keys = {0};
	int rc = LX_OK;
	/* The median font size: a repeated line set larger than the text
	 * is the title (which running headers repeat), not furniture. */
	double hmed = 0;
	double *hs = malloc((L->lines.n ? L->lines.n : 1) * sizeof(*hs));
	if (!hs)
		return LX_ERR_NOMEM;
	for (size_t i = 0; i < L->lines.n; i++)
		hs[i] = LX_VEC_AT(&L->lines, lline, i).h;
	if (L->lines.n) {
		qsort(hs, L->lines.n, sizeof(*hs), cmp_double);
		hmed = hs[L->lines.n / 2];
	}
	free(hs);
	for (size_t p = 0; p < L->pages.n && rc == LX_OK; p++) {
		const lpage *pg = &LX_VEC_AT(&L->pages, lpage, p);
		for (size_t k = 0; k < pg->n; k++) {
			lline *l = &LX_VEC_AT(&L->lines, lline, pg->first + k);
			if (!in_band(pg, l, k))
				continue;
			if (is_page_number(l->text, l->len)) {
				l->furniture = true;
				continue;
			}
			lx_buf b = {0};
			furniture_form(&b, l->text, l->len, true);
			char *key = b.oom ? NULL
			                  : lx_arena_strndup(&L->arena,
			                                     b.s ? b.s : "", b.len);
			lx_buf_free(&b);
			fkey *f = key ? lx_vec_push(&keys, sizeof(fkey)) : NULL;
			if (!f) {
				rc = LX_ERR_NOMEM;
				break;
			}
			*f = (fkey){key, pg->first + k, pg->page};
		}
	}
	fkey *f = keys.v;
	if (rc == LX_OK && keys.n)
		qsort(f, keys.n, sizeof(*f), cmp_fkey);
	for (size_t a = 0; rc == LX_OK && a < keys.n;) {
		size_t b = a + 1, pages = 1;
		for (; b < keys.n && !strcmp(f[b].key, f[a].key); b++)
			pages += f[b].page != f[b - 1].page;
		for (size_t i = a; pages >= 2 && f[a].key[0] && i < b; i++) {
			lline *l = &LX_VEC_AT(&L->lines, lline, f[i].line);
			l->furniture = l->h <= 1.15 * hmed;
		}
		a = b;
	}
	lx_vec_free(&keys);
	return rc;
}

/* ---- the text block ---- */

/* The leftmost (or rightmost) cluster of values within tol that holds at
 * least a third of the densest one's (and 2 values when any cluster
 * does): its least (or greatest) value.  v is sorted here. */
static double edge(double *v, size_t n, double tol, bool right)
{
	qsort(v, n, sizeof(*v), cmp_double);
	size_t best = 0;
	for (size_t i = 0, j = 0; i < n; i++) {
		while (j < n && v[j] - v[i] <= tol)
			j++;
		best = j - i > best ? j - i : best;
	}
	size_t need = best / 3 > 2 ? best / 3 : 2;
	if (need > best)
		need = best;
	if (!right) {
		for (size_t i = 0, j = 0; i < n; i++) {
			while (j < n && v[j] - v[i] <= tol)
				j++;
			if (j - i >= need)
				return v[i];
		}
	} else {
		for (size_t i = n, j = n; i-- > 0;) {
			while (j > 0 && v[i] - v[j - 1] <= tol)
				j--;
			if (i + 1 - j >= need)
				return v[i];
		}
	}
	return n ? v[right ? n - 1 : 0] : 0;
}

/* The edges of the body lines of pages [p0, p1) in column col; false
 * when fewer than min lines. */
static bool block_edges(lx_layout *L, size_t p0, size_t p1, int col,
                        size_t min, double *left, double *right)
{
	lx_vec xs = {0}, ys = {0}, hs = {0};
	bool ok = true;
	for (size_t p = p0; p < p1 && ok; p++) {
		const lpage *pg = &LX_VEC_AT(&L->pages, lpage, p);
		for (size_t k = 0; k < pg->n && ok; k++) {
			const lline *l = &LX_VEC_AT(&L->lines, lline,
			                            pg->first + k);
			if (l->furniture || l->col != col)
				continue;
			double *a = lx_vec_push(&xs, sizeof(double));
			double *b = lx_vec_push(&ys, sizeof(double));
			double *c = lx_vec_push(&hs, sizeof(double));
			if (!a || !b || !c)
				ok = false;
			else
				*a = l->x0, *b = l->x1, *c = l->h;
		}
	}
	bool enough = ok && xs.n >= min && xs.n;
	if (enough) {
		qsort(hs.v, hs.n, sizeof(double), cmp_double);
		double tol = 0.5 * LX_VEC_AT(&hs, double, hs.n / 2);
		*left = edge(xs.v, xs.n, tol, false);
		*right = edge(ys.v, ys.n, tol, true);
	}
	lx_vec_free(&xs);
	lx_vec_free(&ys);
	lx_vec_free(&hs);
	return enough;
}

/* The median distance between the baselines of successive body lines of
 * a column (1.5 font sizes when there is none). */
static double page_pitch(lx_layout *L, const lpage *pg)
{
	double *d = malloc((pg->n ? pg->n : 1) * sizeof(*d));
	size_t nd = 0;
	double hsum = 0;
	const lline *prev = NULL;
	for (size_t k = 0; k < pg->n; k++) {
		const lline *l = &LX_VEC_AT(&L->lines, lline, pg->first + k);
		if (l->furniture)
			continue;
		hsum += l->h;
		if (d && prev && prev->col == l->col && l->y > prev->y)
			d[nd++] = l->y - prev->y;
		prev = l;
	}
	double pitch = pg->n ? 1.5 * hsum / (double)pg->n : 1;
	if (nd) {
		qsort(d, nd, sizeof(*d), cmp_double);
		pitch = d[nd / 2];
	}
	free(d);
	return pitch;
}

/* ---- paragraphs ---- */

static bool latin_letter(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static void join_line(lx_buf *b, const lline *l)
{
	/* A space only between two Latin letters: layouts of Chinese text
	 * break lines inside numbers too (198|8年, ×|×××). */
	int32_t a = last_cp(b->s, b->len), c = first_cp(l->text, l->len);
	if (b->len && latin_letter(a) && latin_letter(c))
		lx_buf_add(b, " ", 1);
	lx_buf_add(b, l->text, l->len);
}

static int flush(lx_layout *L, lx_buf *b, const lline *first, unsigned fl)
{
	if (!first)
		return LX_OK;
	if (b->oom)
		return LX_ERR_NOMEM;
	int rc = lx_reading_add(L->r, false, b->s ? b->s : "", b->len,
	                        first->page, first->pos, fl);
	b->len = 0;
	return rc;
}

/* A text cut to at most n bytes on a character boundary. */
static size_t cut(const char *s, size_t len, size_t n)
{
	return len <= n ? len : lx_u8_start(s, n);
}

/* Characters that may not begin a line (禁则): a layout that breaks
 * before one moves the character before it down too. */
static bool no_line_start(int32_t c)
{
	return c == 0x3001 || c == 0x3002 || c == 0xFF0C || c == 0xFF1B ||
	       c == 0xFF1A || c == 0xFF09 || c == 0x300B || c == 0x300D ||
	       c == 0x300F || c == 0xFF01 || c == 0xFF1F || c == 0x201D;
}

/* The width of what a line break before l could not split: its first
 * character (with the punctuation after it that may not begin a line),
 * or its first run of ASCII letters and digits (half a font size each). */
static double first_unit(const lline *l)
{
	size_t i = 0, k = 0;
	int32_t c = lx_u8_next(l->text, l->len, &i);
	if (!lx_cp_is_wide(c)) {
		while (k < l->len && ((l->text[k] >= '0' && l->text[k] <= '9') ||
		                      latin_letter((unsigned char)l->text[k])))
			k++;
		return (double)(k ? k : 1) * 0.55 * l->h;
	}
	double w = l->h;
	if (i < l->len && no_line_start(lx_u8_next(l->text, l->len, &i)))
		w += l->h;
	return w;
}

/* Whether the text begins with a year: 2019年, 二〇一九年. */
static bool starts_with_year(const char *s, size_t len)
{
	size_t i = 0;
	int digits = 0;
	while (i < len && digits < 4) {
		size_t k = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (!((c >= '0' && c <= '9') || c == 0x3007 || c == 0x96F6 ||
		      c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB ||
		      c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B ||
		      c == 0x4E5D)) {
			i = k;
			break;
		}
		digits++;
	}
	while (i < len && s[i] == ' ')
		i++;
	return digits == 4 && len - i >= 3 && !memcmp(s + i, "\u5e74", 3);
}

/* Whether l begins a line of dates under a title: it begins with a year
 * and prev, on the same page, is centred (margins equal within a font
 * size, if too full to count as centred): 2018年9月17日…第1749次会议 /
 * 2018年12月12日…通过. */
static bool dates_line(const lpage *pg, const lline *prev, const lline *l)
{
	if (!prev || prev->page != l->page || prev->col != l->col)
		return false;
	double lm = prev->x0 - pg->left[prev->col],
	       rm = pg->right[prev->col] - prev->x1;
	return lm > 0.3 * prev->h && fabs(lm - rm) < prev->h &&
	       starts_with_year(l->text, l->len);
}

/* Whether l goes on with prev as the last line of a centred paragraph
 * wrapped over several lines (a long title, a long line of dates): prev
 * is centred in the text block (margins equal within a font size) with
 * less room left than l's first unbreakable unit would take, does not end
 * a sentence, and l is centred below it on the same page, in the same
 * size and weight, without a gap, and does not begin with a year (the
 * lines of dates under a title, 2019年3月25日…通过, are one paragraph each,
 * however full). */
static bool centred_wrap(const lpage *pg, const lline *prev,
                         const lpage *prevpg, const lline *l)
{
	if (!prev || prevpg != pg || prev->col != l->col || prev->furniture ||
	    prev->bold != l->bold ||
	    fabs(l->h - prev->h) > 0.1 * fmax(l->h, prev->h) ||
	    l->y <= prev->y || l->y - prev->y > 1.6 * fmax(pg->pitch, prev->h))
		return false;
	double left = pg->left[prev->col], right = pg->right[prev->col];
	double lm = prev->x0 - left, rm = right - prev->x1;
	double llm = l->x0 - left, lrm = right - l->x1;
	if (fabs(lm - rm) > prev->h || fabs(llm - lrm) > l->h ||
	    llm < 0.3 * l->h || lm + rm >= first_unit(l) ||
	    starts_with_year(l->text, l->len))
		return false;
	int32_t c = last_cp(prev->text, prev->len);
	return c != 0x3002 && c != 0xFF1B && c != 0xFF01 && c != 0xFF1F &&
	       c != 0xFF1A && c != 0x3001 && c != 0xFF0C;
}

int lx_layout_end(lx_layout *L)
{
	int rc = find_furniture(L);
	double dl[2] = {0, 0}, dr[2] = {0, 0};
	bool doc[2];
	for (int c = 0; c < 2; c++)
		doc[c] = block_edges(L, 0, L->pages.n, c, 1, &dl[c], &dr[c]);
	for (size_t p = 0; rc == LX_OK && p < L->pages.n; p++) {
		lpage *pg = &LX_VEC_AT(&L->pages, lpage, p);
		for (int c = 0; c < 2; c++)
			if (!block_edges(L, p, p + 1, c, 4, &pg->left[c],
			                 &pg->right[c])) {
				pg->left[c] = doc[c] ? dl[c] : 0;
				pg->right[c] = doc[c] ? dr[c] : pg->width;
			}
		pg->pitch = page_pitch(L, pg);
		for (size_t k = 0; k < pg->n; k++) {
			lline *l = &LX_VEC_AT(&L->lines, lline, pg->first + k);
			double lm = l->x0 - pg->left[l->col],
			       rm = pg->right[l->col] - l->x1;
			double span = pg->right[l->col] - pg->left[l->col];
			l->centred = !l->furniture && lm > 2.5 * l->h &&
			             rm > 2.5 * l->h &&
			             fabs(lm - rm) <
			                 fmax(2 * l->h, 0.1 * span);
		}
	}
	lx_buf b = {0};
	const lline *prev = NULL, *first = NULL;
	const lpage *prevpg = NULL;
	unsigned flags = 0;
	bool bold = true;
	for (size_t p = 0; rc == LX_OK && p < L->pages.n; p++) {
		const lpage *pg = &LX_VEC_AT(&L->pages, lpage, p);
		for (size_t k = 0; rc == LX_OK && k < pg->n; k++) {
			const lline *l = &LX_VEC_AT(&L->lines, lline,
			                            pg->first + k);
			if (l->furniture) {
				rc = lx_reading_add(L->r, true, l->text, l->len,
				                    l->page, l->pos, 0);
				if (rc == LX_OK)
					rc = lx_reading_diag(
						L->r, LX_SEV_INFO, "page-furniture",
						l->page, l->pos,
						"page header or footer kept apart: "
						"%.*s",
						(int)cut(l->text, l->len, 120),
						l->text);
				continue;
			}
			bool indented = l->x0 > pg->left[l->col] + 0.8 * l->h;
			bool wrap = centred_wrap(pg, prev, prevpg, l) &&
			            !(flags & LX_RL_INDENTED);
			bool start = !wrap && (!prev || prev->centred ||
			                       l->centred || indented ||
			                       dates_line(pg, prev, l));
			if (prev && !start) {
				double hmax = fmax(l->h, prev->h);
				start = prev->x1 < prevpg->right[prev->col] -
				                       1.5 * prev->h ||
				        fabs(l->h - prev->h) > 0.2 * hmax ||
				        l->bold != prev->bold;
				if (!start && prevpg == pg && prev->col == l->col)
					start = l->y - prev->y > 1.6 * pg->pitch ||
					        l->y < prev->y;
			}
			if (start) {
				rc = flush(L, &b, first,
				           flags | (bold ? LX_RL_BOLD : 0));
				first = l;
				bold = true;
				flags = (l->centred ? LX_RL_CENTERED : 0) |
				        (indented ? LX_RL_INDENTED : 0);
			}
			if (wrap)
				flags |= LX_RL_CENTERED;
			join_line(&b, l);
			bold = bold && l->bold;
			prev = l;
			prevpg = pg;
		}
	}
	if (rc == LX_OK)
		rc = flush(L, &b, first, flags | (bold ? LX_RL_BOLD : 0));
	lx_buf_free(&b);
	return rc;
}
