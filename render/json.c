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

void lx_html_escape(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\n': fputs("<br>", out); break;
		default: fputc(s[i], out);
		}
	}
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
