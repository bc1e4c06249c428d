/*
 * util.c: the arena every document allocates from, growable vectors and
 * buffers, and the small UTF-8 helpers the stages share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "util.h"

struct lx_arena_block {
	lx_arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

#define LX_ARENA_BLOCK (64 * 1024)

void *lx_arena_alloc(lx_arena *a, size_t size)
{
	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	lx_arena_block *b = a->head;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > LX_ARENA_BLOCK ? size : LX_ARENA_BLOCK;
		b = malloc(sizeof(*b) + cap);
		if (!b) {
			a->oom = true;
			return NULL;
		}
		b->cap = cap;
		b->used = 0;
		/* A large allocation goes into a block of its own behind the
		 * current one, so the current block keeps its free space. */
		if (a->head && size > LX_ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *lx_arena_strndup(lx_arena *a, const char *s, size_t len)
{
	char *p = lx_arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *lx_arena_strdup(lx_arena *a, const char *s)
{
	return s ? lx_arena_strndup(a, s, strlen(s)) : NULL;
}

char *lx_arena_printf(lx_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = lx_arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void lx_arena_reset(lx_arena *a)
{
	if (!a->head)
		return;
	lx_arena_block *keep = a->head;
	lx_arena_block *b = keep->next;
	while (b) {
		lx_arena_block *next = b->next;
		free(b);
		b = next;
	}
	keep->next = NULL;
	keep->used = 0;
}

void lx_arena_free(lx_arena *a)
{
	lx_arena_block *b = a->head;
	while (b) {
		lx_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->oom = false;
}

void *lx_vec_push(lx_vec *vec, size_t size)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 16;
		void *v = realloc(vec->v, cap * size);
		if (!v)
			return NULL;
		vec->v = v;
		vec->cap = cap;
	}
	void *p = (char *)vec->v + vec->n * size;
	memset(p, 0, size);
	vec->n++;
	return p;
}

void lx_vec_free(lx_vec *vec)
{
	free(vec->v);
	vec->v = NULL;
	vec->n = vec->cap = 0;
}

void lx_buf_add(lx_buf *b, const char *s, size_t len)
{
	if (b->oom)
		return;
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			/* What was built is dropped: a caller that gives up on
			 * oom has nothing to free. */
			free(b->s);
			b->s = NULL;
			b->len = b->cap = 0;
			b->oom = true;
			return;
		}
		/* Zeroed: PCRE2's JIT may read a few bytes past the end of a
		 * subject (vector loads within the page); they must be
		 * defined. */
		memset(p + b->len, 0, cap - b->len);
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void lx_buf_adds(lx_buf *b, const char *s)
{
	lx_buf_add(b, s, strlen(s));
}

void lx_buf_free(lx_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

char *lx_buf_take(lx_buf *b)
{
	if (b->oom) {
		lx_buf_free(b);
		return NULL;
	}
	char *s = b->s ? b->s : strdup("");
	memset(b, 0, sizeof(*b));
	return s;
}

void lx_buf_add_cp(lx_buf *b, int32_t c)
{
	uint8_t u[U8_MAX_LENGTH];
	size_t l = 0;
	bool bad = false;
	U8_APPEND(u, l, U8_MAX_LENGTH, c, bad);
	if (bad) {
		l = 0;
		U8_APPEND_UNSAFE(u, l, 0xFFFD);
	}
	lx_buf_add(b, (const char *)u, l);
}

uint64_t lx_hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

uint64_t lx_hash64_str(const char *s)
{
	return lx_hash64(s, strlen(s));
}

size_t lx_u8_len(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	size_t i = 0;
	lx_u8_next(s, len, &i);
	return i;
}

bool lx_cp_is_wide(int32_t c)
{
	if (c < 0x1100)
		return false;
	/* The common wide ranges first: CJK, Hangul, full-width forms. */
	if ((c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return true;
	int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return w == U_EA_WIDE || w == U_EA_FULLWIDTH;
}

int lx_cp_width(int32_t c)
{
	return lx_cp_is_wide(c) ? 2 : 1;
}

bool lx_cp_is_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 ||
	       c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x202F ||
	       c == '\f' || c == '\v';
}

static int text_width(const char *s, size_t len, bool cjk_font)
{
	int w = 0;
	size_t i = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (i < len) {
		if (u[i] >= 0xE4 && u[i] <= 0xE9) { /* U+4000..U+9FFF */
			w += 2;
			i += 3;
			continue;
		}
		if (u[i] > 0x20 && u[i] < 0x7F) {
			w++;
			i++;
			continue;
		}
		int32_t c = lx_u8_next(s, len, &i);
		if (!lx_cp_is_space(c))
			w += lx_cp_width(c);
		/* “ ” ‘ ’ — …: full width in a CJK font. */
		if (cjk_font && ((c >= 0x2018 && c <= 0x201D) || c == 0x2014 ||
		                 c == 0x2026))
			w++;
	}
	return w;
}

int lx_text_width(const char *s, size_t len)
{
	return text_width(s, len, false);
}

int lx_text_width_cjk(const char *s, size_t len)
{
	return text_width(s, len, true);
}

char *lx_strip_spaces(lx_arena *a, const char *s, size_t len)
{
	char *out = lx_arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	while (i < len) {
		size_t start = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (lx_cp_is_space(c) || c == '\n' || c == '\r')
			continue;
		memcpy(out + o, s + start, i - start);
		o += i - start;
	}
	out[o] = '\0';
	return out;
}

/* The code point that ends at s[end) (end > 0). */
static int32_t cp_before(const char *s, size_t end)
{
	/* ICU's offsets are int32_t: a window of the last 4 bytes. */
	size_t from = end < 4 ? 0 : end - 4;
	const uint8_t *u = (const uint8_t *)s + from;
	int32_t i = (int32_t)(end - from);
	UChar32 c;
	U8_PREV_OR_FFFD(u, 0, i, c);
	return c;
}

char *lx_norm_text(lx_arena *a, const char *s, size_t len)
{
	/* Only ASCII spaces and tabs can occur here (the clean-up stage
	 * turned every other space into one), so copy the runs between them
	 * and look at the neighbours of each run of spaces. */
	char *out = lx_arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	while (i < len) {
		const char *sp = memchr(s + i, ' ', len - i);
		size_t j = sp ? (size_t)(sp - s) : len;
		memcpy(out + o, s + i, j - i);
		o += j - i;
		if (j >= len)
			break;
		size_t k = j;
		while (k < len && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (o && k < len) {
			int32_t prev = cp_before(out, o);
			size_t q = k;
			int32_t next = lx_u8_next(s, len, &q);
			if (!lx_cp_is_wide(prev) && !lx_cp_is_wide(next) &&
			    !lx_cp_is_space(prev) && !lx_cp_is_space(next))
				out[o++] = ' ';
		}
		i = k;
	}
	out[o] = '\0';
	return out;
}

/* Normalises a title for matching: no spaces, no 中华人民共和国 prefix,
 * 〈〉<> as 《》. */
char *lx_title_key(lx_arena *a, const char *t)
{
	if (!t)
		return NULL;
	lx_buf b = {0};
	size_t len = strlen(t), i = 0;
	const char *prc = "中华人民共和国";
	if (!strncmp(t, prc, strlen(prc)))
		i = strlen(prc);
	while (i < len) {
		size_t st = i;
		int32_t c = lx_u8_next(t, len, &i);
		if (lx_cp_is_space(c))
			continue;
		if (c == 0x3008 || c == '<')
			lx_buf_adds(&b, "《");
		else if (c == 0x3009 || c == '>')
			lx_buf_adds(&b, "》");
		else
			lx_buf_add(&b, t + st, i - st);
	}
	if (b.oom)
		a->oom = true;
	char *r = b.oom ? NULL : lx_arena_strdup(a, b.s ? b.s : "");
	lx_buf_free(&b);
	return r;
}

int lx_error_set(lx_error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* ---- Chinese numerals ---------------------------------------------------- */

/* n (0..9999) in Chinese counting with the digits and units given;
 * lead: the number starts here (十一, not 一十一). */
static void cn4(lx_buf *b, long n, bool lead, const char *const *digit,
                const char *const *unit)
{
	static const long place[] = {1000, 100, 10, 1};
	bool started = !lead, zero = false, any = false;
	for (int i = 0; i < 4; i++) {
		long d = n / place[i] % 10;
		if (!d) {
			zero = any;
			continue;
		}
		if (zero)
			lx_buf_adds(b, digit[0]);
		zero = false;
		if (!(i == 2 && d == 1 && !started && !any))
			lx_buf_adds(b, digit[d]);
		lx_buf_adds(b, unit[i]);
		started = any = true;
	}
}

bool lx_cn_count(lx_buf *b, long n, bool legal)
{
	static const char *const lower[] = {"零", "一", "二", "三", "四",
	                                    "五", "六", "七", "八", "九"};
	static const char *const lower_u[] = {"千", "百", "十", ""};
	static const char *const upper[] = {"零", "壹", "贰", "叁", "肆",
	                                    "伍", "陆", "柒", "捌", "玖"};
	static const char *const upper_u[] = {"仟", "佰", "拾", ""};
	const char *const *dg = legal ? upper : lower;
	const char *const *un = legal ? upper_u : lower_u;
	if (n < 0 || n > 99999999)
		return false;
	if (n == 0) {
		lx_buf_adds(b, "〇");
		return true;
	}
	long hi = n / 10000, lo = n % 10000;
	if (hi) {
		cn4(b, hi, true, dg, un);
		lx_buf_adds(b, "万");
		if (lo && lo < 1000)
			lx_buf_adds(b, dg[0]);
		if (lo)
			cn4(b, lo, false, dg, un);
	} else
		cn4(b, lo, !legal, dg, un);
	return true;
}

bool lx_taken_reset(lx_taken *t, size_t len)
{
	size_t words = len / 64 + 1;
	if (words > t->cap) {
		uint64_t *b = realloc(t->bits, words * sizeof(uint64_t));
		if (!b)
			return false;
		t->bits = b;
		t->cap = words;
	}
	memset(t->bits, 0, words * sizeof(uint64_t));
	t->len = len;
	return true;
}

void lx_taken_add(lx_taken *t, size_t a, size_t b)
{
	if (b > t->len)
		b = t->len;
	for (size_t p = a; p < b; p++)
		t->bits[p / 64] |= 1ull << (p % 64);
}

bool lx_taken_any(const lx_taken *t, size_t a, size_t b)
{
	if (b > t->len)
		b = t->len;
	for (size_t p = a; p < b; p++)
		if (t->bits[p / 64] >> (p % 64) & 1)
			return true;
	return false;
}

void lx_taken_free(lx_taken *t)
{
	free(t->bits);
	memset(t, 0, sizeof(*t));
}
