/*
 * json.c: the small JSON and HTML helpers every renderer uses (render/,
 * diff/, compare/, and the index's stored articles).  Internal: the index
 * library links its own hidden copy (see Makefile: SHARED_HELPERS).
 */
#include <jansson.h>
#include <string.h>

#include "../parser/lx_int.h"
#include "render_int.h"

json_t *lx_json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

void lx_html_escape_to(FILE *out, const char *s, size_t n, bool br)
{
	/* the runs between the characters escaped in one fwrite each (a
	 * fputc a byte was a tenth of a search page's time) */
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e;
		switch (s[i]) {
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '&': e = "&amp;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		case '\n': e = br ? "<br>" : "&#10;"; break;
		default: continue;
		}
		fwrite(s + from, 1, i - from, out);
		fputs(e, out);
		from = i + 1;
	}
	fwrite(s + from, 1, n - from, out);
}

void lx_html_escape(FILE *out, const char *s, size_t n)
{
	lx_html_escape_to(out, s, n, true);
}

void lx_html_escape_str(FILE *out, const char *s)
{
	lx_html_escape(out, s, strlen(s));
}

char *lx_json_dumps(const json_t *j, size_t flags)
{
	/* json_dumpb into a buffer of the size it asks for: json_dumps
	 * builds its string in a buffer that grows, and jansson (2.14)
	 * ignores a failure to grow it while writing an object key, giving
	 * {"":…} instead of an error (found by tests/test_alloc.c). */
	size_t n = json_dumpb(j, NULL, 0, flags);
	if (!n)
		return NULL;
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	if (json_dumpb(j, s, n, flags) != n) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

int lx_json_write(FILE *out, json_t *root, size_t flags)
{
	int rc = json_dumpf(root, out, flags);
	json_decref(root);
	/* json_dumpf fails when the stream does, or when its own buffers
	 * cannot be had: the stream says which. */
	if (rc && !ferror(out))
		return LX_ERR_NOMEM;
	if (rc || fputc('\n', out) == EOF || ferror(out))
		return LX_ERR_IO;
	return 0;
}

/* The length of the well-formed UTF-8 sequence at s[0] (n bytes left), as
 * jansson's utf8_check_first/utf8_check_full judge it, or 0: no overlong
 * form, no surrogate, nothing above U+10FFFF. */
static size_t u8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k;
	uint32_t v;
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (k > n)
		return 0;
	v = c & (0x7F >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if ((k == 3 && v < 0x800) || (k == 4 && v < 0x10000) ||
	    v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return k;
}

bool lx_json_put_strn(lx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;
	lx_buf_add(b, "\"", 1);
	while (i < n) {
		unsigned c = u[i];
		if (c >= 0x80) {
			/* Three bytes, neither overlong nor a surrogate (most
			 * of Chinese text), without the general check. */
			if (c >= 0xE1 && c != 0xED && i + 2 < n &&
			    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80 &&
			    c < 0xF0) {
				i += 3;
				continue;
			}
			size_t k = u8_len(u + i, n - i);
			if (!k)
				return false;
			i += k;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		/* The plain run before it in one piece, then the escape. */
		lx_buf_add(b, s + run, i - run);
		char e[6] = {'\\', 0};
		size_t el = 2;
		switch (c) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			/* jansson: "\\u%04X". */
			memcpy(e + 1, "u00", 3);
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			el = 6;
		}
		lx_buf_add(b, e, el);
		run = ++i;
	}
	lx_buf_add(b, s + run, n - run);
	lx_buf_add(b, "\"", 1);
	return true;
}

bool lx_json_put_str(lx_buf *b, const char *s)
{
	if (!s) {
		lx_buf_add(b, "null", 4);
		return true;
	}
	return lx_json_put_strn(b, s, strlen(s));
}
