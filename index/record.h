/* record.h: a stored record's JSON, read quickly, and JSON written
 * quickly (record.c). */
#ifndef LX_INDEX_RECORD_H
#define LX_INDEX_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "../base/util.h"

/* The JSON value of data[0..len), as json_loadb(data, len, 0) gives it
 * (NULL where that fails); a new reference. */
json_t *lx_rec_load(const char *data, size_t len);
/* The same without json_loadb: NULL for what it does not take (any
 * input json_loadb refuses, and the few it takes that this does not). */
json_t *lx_rec_load_fast(const char *data, size_t len);

/* A JSON writer into a buffer, byte for byte what jansson's json_dumps
 * gives with JSON_INDENT(indent) (indent 1..31) or JSON_COMPACT (indent
 * 0), without its costs (a tree built first, a hash table of the
 * containers open, the UTF-8 checked again, a call for each token).
 * Containers nest up to LX_JW_DEPTH; deeper, or a string of bad UTF-8
 * given to lx_jw_value: bad is set and the output is not to be used.
 * b->oom: out of memory. */
#define LX_JW_DEPTH 64
typedef struct lx_jw {
	lx_buf *b;
	int indent, depth;
	bool bad;
	bool first[LX_JW_DEPTH + 1]; /* nothing yet in the container */
} lx_jw;

void lx_jw_init(lx_jw *w, lx_buf *b, int indent);
void lx_jw_open(lx_jw *w, char c);  /* '{' or '[' */
void lx_jw_close(lx_jw *w, char c); /* '}' or ']' */
void lx_jw_key(lx_jw *w, const char *key);
/* Before a value in an array (after a key: nothing). */
void lx_jw_item(lx_jw *w);
void lx_jw_string(lx_jw *w, const char *s, size_t len);
void lx_jw_int(lx_jw *w, long long v);
void lx_jw_real(lx_jw *w, double v);
/* Any jansson value (NULL: null). */
void lx_jw_value(lx_jw *w, const json_t *v);

#endif
