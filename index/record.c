/* record.c: a stored article's JSON record read into jansson values,
 * quickly (lx_rec_load).
 *
 * jansson's parser reads about 35 MB/s (a record of 1 KB in 20 us, a
 * quarter of a search that shows five hits); this one reads the JSON
 * that lx_ix_add writes (and any other) several times faster: one pass,
 * strings copied once, the _nocheck setters after its own UTF-8 check.
 * Whatever it does not take (a syntax error, a number out of range,
 * nesting deeper than LX_REC_DEPTH, bad UTF-8) goes to json_loadb, whose
 * answer, a value or NULL, is the answer: the fast path never decides a
 * failure.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/utf8.h>

#include "record.h"

#define LX_REC_DEPTH 64

typedef struct rd {
	const char *p, *end;
	char *buf; /* a string being unescaped */
	size_t cap;
} rd;

static void ws(rd *r)
{
	while (r->p < r->end &&
	       (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
		r->p++;
}

/* Whether s[0..n) is well-formed UTF-8 (ICU's U8_NEXT: no surrogates,
 * no overlongs, nothing past U+10FFFF). */
static bool utf8_ok(const unsigned char *s, size_t n)
{
	if (n > INT32_MAX)
		return false;
	for (int32_t i = 0, len = (int32_t)n; i < len;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0)
			return false;
	}
	return true;
}

static bool room(rd *r, size_t n)
{
	if (n <= r->cap)
		return true;
	size_t cap = r->cap ? r->cap : 256;
	while (cap < n)
		cap *= 2;
	char *b = realloc(r->buf, cap);
	if (!b)
		return false;
	r->buf = b;
	r->cap = cap;
	return true;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* A string after its opening quote: its bytes in *s, *n (r->buf or the
 * input itself when it has no escape); false when it is not one. */
static bool string(rd *r, const char **s, size_t *n)
{
	const char *q = r->p;
	while (q < r->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
		q++;
	if (q < r->end && *q == '"') { /* no escape: the input's bytes */
		*s = r->p;
		*n = (size_t)(q - r->p);
		r->p = q + 1;
		return utf8_ok((const unsigned char *)*s, *n);
	}
	size_t len = 0;
	for (const char *p = r->p; p < r->end;) {
		unsigned char c = (unsigned char)*p;
		if (!room(r, len + 4))
			return false;
		if (c == '"') {
			r->p = p + 1;
			*s = r->buf;
			*n = len;
			return utf8_ok((const unsigned char *)r->buf, len);
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			r->buf[len++] = (char)c;
			p++;
			continue;
		}
		if (++p >= r->end)
			return false;
		char e = *p++;
		const char *map = strchr("\"\"\\\\//b\bf\fn\nr\rt\t", e);
		if (e && map && (map - "\"\"\\\\//b\bf\fn\nr\rt\t") % 2 == 0) {
			r->buf[len++] = map[1];
			continue;
		}
		if (e != 'u' || r->end - p < 4)
			return false;
		int u = hex4(p);
		p += 4;
		if (u < 0)
			return false;
		uint32_t cp = (uint32_t)u;
		if (cp >= 0xD800 && cp <= 0xDBFF) { /* a pair */
			if (r->end - p < 6 || p[0] != '\\' || p[1] != 'u')
				return false;
			int lo = hex4(p + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return false;
			p += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			return false;
		}
		if (cp == 0) /* jansson keeps it (json_stringn); not ours */
			return false;
		if (cp < 0x80) {
			r->buf[len++] = (char)cp;
		} else if (cp < 0x800) {
			r->buf[len++] = (char)(0xC0 | cp >> 6);
			r->buf[len++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			r->buf[len++] = (char)(0xE0 | cp >> 12);
			r->buf[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			r->buf[len++] = (char)(0x80 | (cp & 0x3F));
		} else {
			r->buf[len++] = (char)(0xF0 | cp >> 18);
			r->buf[len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			r->buf[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			r->buf[len++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	return false;
}

/* Whether c comes next (after whitespace), then past it. */
static bool eat(rd *r, char c)
{
	ws(r);
	if (r->p >= r->end || *r->p != c)
		return false;
	r->p++;
	return true;
}

static bool lit(rd *r, const char *w, size_t n)
{
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n))
		return false;
	r->p += n;
	return true;
}

static const char *digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* A number as JSON writes it and jansson reads it: an integer
 * (json_int_t) without fraction or exponent, else a real. */
static json_t *number(rd *r)
{
	const char *s = r->p, *p = s, *d;
	if (p < r->end && *p == '-')
		p++;
	if (p >= r->end || *p < '0' || *p > '9')
		return NULL;
	p = *p == '0' ? p + 1 : digits(p, r->end);
	bool real = false;
	if (p < r->end && *p == '.') {
		if ((d = digits(p + 1, r->end)) == p + 1)
			return NULL;
		p = d;
		real = true;
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if ((d = digits(p, r->end)) == p)
			return NULL;
		p = d;
		real = true;
	}
	char tmp[64];
	if ((size_t)(p - s) >= sizeof(tmp))
		return NULL;
	memcpy(tmp, s, (size_t)(p - s));
	tmp[p - s] = '\0';
	char *e;
	errno = 0;
	json_t *v;
	if (real) {
		double x = strtod(tmp, &e);
		v = *e || errno ? NULL : json_real(x);
	} else {
		long long i = strtoll(tmp, &e, 10);
		v = *e || errno ? NULL : json_integer((json_int_t)i);
	}
	if (v)
		r->p = p;
	return v;
}

static json_t *value(rd *r, int depth)
{
	ws(r);
	if (r->p >= r->end || depth > LX_REC_DEPTH)
		return NULL;
	const char *s;
	size_t n;
	switch (*r->p) {
	case '"':
		r->p++;
		return string(r, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
	case 't': return lit(r, "true", 4) ? json_true() : NULL;
	case 'f': return lit(r, "false", 5) ? json_false() : NULL;
	case 'n': return lit(r, "null", 4) ? json_null() : NULL;
	case '[': {
		r->p++;
		json_t *a = json_array();
		if (a && eat(r, ']'))
			return a;
		while (a) {
			json_t *v = value(r, depth + 1);
			if (!v || json_array_append_new(a, v))
				break;
			if (eat(r, ','))
				continue;
			if (eat(r, ']'))
				return a;
			break;
		}
		json_decref(a);
		return NULL;
	}
	case '{': {
		r->p++;
		json_t *o = json_object();
		if (o && eat(r, '}'))
			return o;
		while (o) {
			if (!eat(r, '"') || !string(r, &s, &n) || memchr(s, '\0', n))
				break;
			char key[128], *k = n < sizeof(key) ? key : malloc(n + 1);
			if (!k)
				break;
			memcpy(k, s, n);
			k[n] = '\0';
			json_t *v = eat(r, ':') ? value(r, depth + 1) : NULL;
			int rc = v ? json_object_setn_new_nocheck(o, k, n, v) : -1;
			if (k != key)
				free(k);
			if (rc)
				break;
			if (eat(r, ','))
				continue;
			if (eat(r, '}'))
				return o;
			break;
		}
		json_decref(o);
		return NULL;
	}
	default: return number(r);
	}
}

json_t *lx_rec_load_fast(const char *data, size_t len)
{
	rd r = {data, data + len, NULL, 0};
	if (data)
		ws(&r);
	/* an object or an array, as json_loadb without JSON_DECODE_ANY */
	json_t *v = data && r.p < r.end && (*r.p == '{' || *r.p == '[')
	                    ? value(&r, 0)
	                    : NULL;
	free(r.buf);
	if (v) {
		ws(&r);
		if (r.p == r.end)
			return v;
		json_decref(v);
	}
	return NULL;
}

json_t *lx_rec_load(const char *data, size_t len)
{
	json_t *v = lx_rec_load_fast(data, len);
	json_error_t je;
	return v ? v : data ? json_loadb(data, len, 0, &je) : NULL;
}

/* ---- writing ---------------------------------------------------------- */

void lx_jw_init(lx_jw *w, lx_buf *b, int indent)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
	w->indent = indent;
	w->first[0] = true;
}

static void jw_newline(lx_jw *w)
{
	static const char spaces[] = "                                ";
	lx_buf_add(w->b, "\n", 1);
	for (int n = w->indent * w->depth; n > 0; n -= (int)sizeof(spaces) - 1)
		lx_buf_add(w->b, spaces,
		           n < (int)sizeof(spaces) - 1 ? (size_t)n
		                                       : sizeof(spaces) - 1);
}

void lx_jw_item(lx_jw *w)
{
	if (!w->first[w->depth])
		lx_buf_add(w->b, ",", 1);
	w->first[w->depth] = false;
	if (w->indent)
		jw_newline(w);
}

void lx_jw_open(lx_jw *w, char c)
{
	if (w->depth == LX_JW_DEPTH) {
		w->bad = true;
		return;
	}
	lx_buf_add(w->b, &c, 1);
	w->first[++w->depth] = true;
}

void lx_jw_close(lx_jw *w, char c)
{
	if (w->bad || !w->depth)
		return;
	bool empty = w->first[w->depth--];
	if (!empty && w->indent)
		jw_newline(w);
	lx_buf_add(w->b, &c, 1);
}

void lx_jw_key(lx_jw *w, const char *key)
{
	lx_jw_item(w);
	lx_jw_string(w, key, strlen(key));
	lx_buf_add(w->b, w->indent ? ": " : ":", w->indent ? 2 : 1);
}

/* As jansson escapes: '"', '\\' and the control characters; the rest
 * as it is. */
void lx_jw_string(lx_jw *w, const char *s, size_t len)
{
	lx_buf_add(w->b, "\"", 1);
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		lx_buf_add(w->b, s + run, i - run);
		run = i + 1;
		char e[8];
		const char *short_ = c == '"' ? "\\\"" : c == '\\' ? "\\\\"
		                   : c == '\b' ? "\\b" : c == '\f' ? "\\f"
		                   : c == '\n' ? "\\n" : c == '\r' ? "\\r"
		                   : c == '\t' ? "\\t" : NULL;
		if (!short_) {
			snprintf(e, sizeof(e), "\\u%04X", c);
			short_ = e;
		}
		lx_buf_adds(w->b, short_);
	}
	lx_buf_add(w->b, s + run, len - run);
	lx_buf_add(w->b, "\"", 1);
}

void lx_jw_int(lx_jw *w, long long v)
{
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", v);
	lx_buf_add(w->b, t, (size_t)n);
}

/* As jansson's jsonp_dtostr: 17 significant digits, a ".0" where the
 * digits would read as an integer, the exponent without '+' or leading
 * zeros.  Not finite: jansson refuses the value, so does this. */
void lx_jw_real(lx_jw *w, double v)
{
	if (v != v || v - v != 0) {
		w->bad = true;
		return;
	}
	char t[40];
	int n = snprintf(t, sizeof(t), "%.17g", v);
	if (n < 0 || n >= (int)sizeof(t) - 3) {
		w->bad = true;
		return;
	}
	if (!strchr(t, '.') && !strchr(t, 'e')) {
		memcpy(t + n, ".0", 3);
		n += 2;
	}
	char *e = strchr(t, 'e');
	if (e) {
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(t + n - end) + 1);
			n -= (int)(end - start);
		}
	}
	lx_buf_add(w->b, t, (size_t)n);
}

static bool utf8_valid(const char *s, size_t len)
{
	for (int32_t i = 0; i < (int32_t)len;) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0)
			return false;
	}
	return len < INT32_MAX;
}

void lx_jw_value(lx_jw *w, const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT: {
		lx_jw_open(w, '{');
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x) {
			lx_jw_key(w, k);
			lx_jw_value(w, x);
		}
		lx_jw_close(w, '}');
		break;
	}
	case JSON_ARRAY: {
		lx_jw_open(w, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			lx_jw_item(w);
			lx_jw_value(w, json_array_get(v, i));
		}
		lx_jw_close(w, ']');
		break;
	}
	case JSON_STRING: {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		if (!utf8_valid(s, n))
			w->bad = true;
		else
			lx_jw_string(w, s, n);
		break;
	}
	case JSON_INTEGER:
		lx_jw_int(w, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		lx_jw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
		lx_buf_adds(w->b, "true");
		break;
	case JSON_FALSE:
		lx_buf_adds(w->b, "false");
		break;
	default:
		lx_buf_adds(w->b, "null");
		break;
	}
}
