/*
 * reading.c: the helpers the readers fill an lx_reading with (reader.h):
 * paragraphs, diagnostics, freeing.  A file of its own so that the
 * readers (docx.c, pdf.c, ofd.c, html.c, layout.c) that call these and
 * the dispatch in reader.c that calls the readers make no circle.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reader.h"

int lx_reading_add(lx_reading *r, bool apart, const char *text, size_t len,
                   int page, int pos, unsigned flags)
{
	while (len && strchr(" \t\r\n", text[0])) {
		text++;
		len--;
	}
	while (len && strchr(" \t\r\n", text[len - 1]))
		len--;
	if (!len)
		return LX_OK;
	lx_rline *l = lx_vec_push(apart ? &r->apart : &r->lines,
	                          sizeof(lx_rline));
	char *s = l ? lx_arena_strndup(&r->arena, text, len) : NULL;
	if (!s)
		return LX_ERR_NOMEM;
	*l = (lx_rline){s, len, page, pos, flags};
	return LX_OK;
}

int lx_reading_diag(lx_reading *r, lx_severity sev, const char *code,
                    int page, int pos, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lx_rdiag *g = lx_vec_push(&r->diags, sizeof(lx_rdiag));
	const char *m = g ? lx_arena_strdup(&r->arena, msg) : NULL;
	if (!m)
		return LX_ERR_NOMEM;
	*g = (lx_rdiag){sev, code, page, pos, m};
	return LX_OK;
}

void lx_reading_free(lx_reading *r)
{
	lx_vec_free(&r->lines);
	lx_vec_free(&r->apart);
	lx_vec_free(&r->diags);
	lx_arena_free(&r->arena);
}
