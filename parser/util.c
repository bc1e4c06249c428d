/*
 * util.c: the arena every document allocates from, growable vectors and
 * buffers, and the small UTF-8 helpers the stages share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "lx_int.h"

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
		if (!b)
			return NULL;
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

void lx_arena_free(lx_arena *a)
{
	lx_arena_block *b = a->head;
	while (b) {
		lx_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
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
			b->oom = true;
			return;
		}
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

int32_t lx_u8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[*i];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	int n;
	int32_t cp;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		cp = c & 0x07;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	if (*i + (size_t)n >= len) {
		(*i)++;
		return 0xFFFD;
	}
	for (int k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	*i += (size_t)n + 1;
	return cp;
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

int lx_text_width(const char *s, size_t len)
{
	int w = 0;
	size_t i = 0;
	while (i < len) {
		int32_t c = lx_u8_next(s, len, &i);
		if (!lx_cp_is_space(c))
			w += lx_cp_width(c);
	}
	return w;
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

char *lx_norm_text(lx_arena *a, const char *s, size_t len)
{
	char *out = lx_arena_alloc(a, len + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	int32_t prev = 0;
	while (i < len) {
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (lx_cp_is_space(c)) {
			size_t j = i;
			while (j < len) {
				size_t k = j;
				if (!lx_cp_is_space(lx_u8_next(s, len, &k)))
					break;
				j = k;
			}
			int32_t next = 0;
			if (j < len) {
				size_t k = j;
				next = lx_u8_next(s, len, &k);
			}
			if (o && j < len && !lx_cp_is_wide(prev) &&
			    !lx_cp_is_wide(next))
				out[o++] = ' ';
			i = j;
			continue;
		}
		memcpy(out + o, s + st, i - st);
		o += i - st;
		prev = c;
	}
	out[o] = '\0';
	return out;
}
