/*
 * render.h: JSON pieces shared by the renderers of several commands.
 */
#ifndef LX_RENDER_H
#define LX_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include <lexcn/doc.h>
#include <lexcn/cite.h>
#include <lexcn/render.h>

#include "../base/util.h"

/* A JSON string, or null for NULL. */
json_t *lx_json_str(const char *s);
/* Text for HTML: <, >, &, " and ' escaped, newlines as <br>. */
void lx_html_escape(FILE *out, const char *s, size_t n);
/* The same, newlines as <br> (text) or as &#10; (an attribute's value,
 * br false): the one escaper of the renderers and of lexcn serve. */
void lx_html_escape_to(FILE *out, const char *s, size_t n, bool br);
/* The same for a NUL-terminated string. */
void lx_html_escape_str(FILE *out, const char *s);
/* Building JSON: SET and ADD note a failure (a value that could not be
 * made, memory that ran out) in the calling function's `bool ok`;
 * lx_json_done() then gives NULL, so that an incomplete object is never
 * written. */
#define SET(o, k, v) (ok &= !json_object_set_new((o), (k), (v)))
#define ADD(a, v) (ok &= !json_array_append_new((a), (v)))

static inline json_t *lx_json_done(json_t *j, bool ok)
{
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* json_dumps without jansson's lost keys when memory runs out: malloc'd,
 * NULL when out of memory. */
char *lx_json_dumps(const json_t *j, size_t flags);
/* Writes root (json_dumpf flags) and a newline, then frees root.  0,
 * LX_ERR_IO when the output cannot be written, or LX_ERR_NOMEM. */
int lx_json_write(FILE *out, json_t *root, size_t flags);

/* Writing JSON without building it (JSONL, where jansson's trees were
 * most of the time): what json_dumps gives for a string, byte for byte
 * (no flags: '"', '\\', \b \f \n \r \t and \u00XX for the other control
 * characters; UTF-8 as it is), appended to b.  false when s is not
 * well-formed UTF-8, which json_string refuses too (b then holds part of
 * it).  lx_json_put_str writes null for NULL.  Out of memory: b->oom. */
bool lx_json_put_strn(lx_buf *b, const char *s, size_t n);
bool lx_json_put_str(lx_buf *b, const char *s);

/* Where character counting stopped in a text: the citations of a text are
 * rendered in order, each counted on from the one before. */
typedef struct lx_cps_cursor {
	const char *src;
	size_t byte, cp;
} lx_cps_cursor;
/* A citation as JSON (schema/document.schema.json, $defs/citation); cur
 * may be NULL, or carried from one citation to the next. */
json_t *lx_cite_json(const lx_cite *c, lx_cps_cursor *cur);

#endif
