/*
 * check.c: invariants of a parsed document, for tests and the corpus
 * report: nothing the user gave is lost between the source and the tree.
 * The source side is rebuilt independently of the clean-up stage, from the
 * raw lines, so that a bug there shows up here.
 */
#include <stdlib.h>
#include <string.h>

#include "lx_int.h"

/* Appends s with whitespace, zero-width and control characters, "**" and
 * 【】 removed. */
static void add_norm(lx_buf *b, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t st = i;
		int32_t c = lx_u8_next(s, len, &i);
		if (lx_cp_is_space(c) || c < 0x20 || c == 0x7F ||
		    c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 ||
		    c == 0xFEFF || c == 0xAD || c == 0x3010 || c == 0x3011 ||
		    c == '*')
			continue;
		lx_buf_add(b, s + st, i - st);
	}
}

static bool is_markup_line(const char *s, size_t len)
{
	while (len && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	               s[len - 1] == '\r'))
		len--;
	if (len >= 7 && !memcmp(s, "<!--", 4) && !memcmp(s + len - 3, "-->", 3))
		return true;
	if (len >= 3) {
		char c = s[0];
		if (c != '-' && c != '*' && c != '_')
			return false;
		for (size_t i = 0; i < len; i++)
			if (s[i] != c)
				return false;
		return true;
	}
	return false;
}

static bool dropped(const lx_doc *d, int line)
{
	for (size_t i = 0; i < d->diags.n; i++) {
		const lx_diag *g = &LX_VEC_AT(&d->diags, lx_diag, i);
		if (g->line == line && !strcmp(g->code, "page-number"))
			return true;
	}
	return false;
}

int lx_doc_check_text(const lx_doc *d, const char *src, size_t len,
                      lx_error *err)
{
	lx_buf want = {0}, got = {0};
	int line = 1;
	size_t st = 0;
	if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
		st = 3;
	for (size_t i = st; i <= len; i++) {
		if (i == len || src[i] == '\n' || src[i] == '\r') {
			const char *l = src + st;
			size_t ll = i - st;
			if (!dropped(d, line) && !is_markup_line(l, ll)) {
				while (ll && (*l == ' ' || *l == '\t')) {
					l++;
					ll--;
				}
				while (ll && *l == '#') {
					l++;
					ll--;
				}
				add_norm(&want, l, ll);
			}
			if (i < len && src[i] == '\r' && i + 1 < len &&
			    src[i + 1] == '\n')
				i++;
			line++;
			st = i + 1;
		}
	}
	for (size_t i = 0; i < d->header.n; i++) {
		const char *t = LX_VEC_AT(&d->header, lx_text_line, i).text;
		add_norm(&got, t, strlen(t));
	}
	if (d->root)
		for (const lx_node *n = d->root; n;
		     n = lx_node_next_preorder(d->root, n)) {
			if (n->label)
				add_norm(&got, n->label, strlen(n->label));
			if (n->heading)
				add_norm(&got, n->heading, strlen(n->heading));
			if (n->text)
				add_norm(&got, n->text, strlen(n->text));
		}
	for (size_t i = 0; i < d->back_matter.n; i++) {
		const char *t =
			LX_VEC_AT(&d->back_matter, lx_text_line, i).text;
		add_norm(&got, t, strlen(t));
	}
	int rc = LX_OK;
	if (want.oom || got.oom) {
		rc = lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	} else if (want.len != got.len ||
	           (want.len && memcmp(want.s, got.s, want.len))) {
		size_t k = 0;
		while (k < want.len && k < got.len && want.s[k] == got.s[k])
			k++;
		k = lx_u8_start(want.s, k);
		size_t from = lx_u8_start(want.s, k > 30 ? k - 30 : 0);
		rc = lx_error_set(err, LX_ERR_DAMAGED,
		                  "text differs at byte %zu of %zu (tree has "
		                  "%zu): source \"%.60s\" tree \"%.60s\"",
		                  k, want.len, got.len, want.s + from,
		                  got.s ? got.s + from : "");
	}
	lx_buf_free(&want);
	lx_buf_free(&got);
	return rc;
}
