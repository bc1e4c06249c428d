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

/* ---- the tree checker ---------------------------------------------------- */

/* Whether a node of type c may sit under a node of type p: the drafting
 * hierarchy 编 > 分编 > 章 > 节 > 条 > 款 > 项 > 目; text outside the
 * articles of a division (a paragraph under a chapter) is kept where it
 * stands; the preamble and closing hold paragraphs; 目 (1. 2.) may stand
 * under a 款 without 项. */
static bool allowed_under(lx_node_type p, lx_node_type c)
{
	switch (c) {
	case LX_NODE_ROOT:
		return false;
	case LX_NODE_PREAMBLE:
	case LX_NODE_CLOSING:
		return p == LX_NODE_ROOT;
	case LX_NODE_PART:
		return p == LX_NODE_ROOT;
	case LX_NODE_SUBPART:
		return p == LX_NODE_ROOT || p == LX_NODE_PART;
	case LX_NODE_CHAPTER:
	case LX_NODE_SECTION:
	case LX_NODE_ARTICLE:
		return p < c;
	case LX_NODE_PARAGRAPH:
		return p < LX_NODE_PARAGRAPH || p == LX_NODE_PREAMBLE ||
		       p == LX_NODE_CLOSING;
	case LX_NODE_ITEM:
		return p == LX_NODE_PARAGRAPH;
	case LX_NODE_SUBITEM:
		/* 1. 2. under a paragraph without （一）: rules do that */
		return p == LX_NODE_ITEM || p == LX_NODE_PARAGRAPH;
	}
	return false;
}

/* An eid: segments "word_N", "word_N_M", "word_xN", "dup_N" joined by "__",
 * the first of which may be "preamble" or "closing". */
static bool eid_well_formed(const char *e)
{
	const char *p = e;
	static const char *const whole[] = {"preamble", "closing"};
	for (size_t k = 0; k < 2; k++) {
		size_t l = strlen(whole[k]);
		if (!strncmp(p, whole[k], l) && (!p[l] || !strncmp(p + l, "__", 2))) {
			if (!p[l])
				return true;
			p += l + 2;
			break;
		}
	}
	for (;;) {
		const char *w = p;
		while (*p >= 'a' && *p <= 'z')
			p++;
		if (p == w || *p++ != '_')
			return false;
		if (*p == 'x')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '_' && p[1] >= '0' && p[1] <= '9') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (!*p)
			return true;
		if (p[0] != '_' || p[1] != '_')
			return false;
		p += 2;
	}
}

/* A diagnostic of a numbering break at `line`. */
static bool break_reported(const lx_doc *d, int line)
{
	for (size_t i = 0; i < d->diags.n; i++) {
		const lx_diag *g = &LX_VEC_AT(&d->diags, lx_diag, i);
		if (g->line == line && (!strncmp(g->code, "numbering-", 10) ||
		                        !strcmp(g->code, "item-label-missing")))
			return true;
	}
	return false;
}

typedef struct seqck {
	long last;
	int last_sub;
	bool any;
} seqck;

/* The numbering rule the structure stage reports against: 1 first, then
 * N+1, or N之M after N (N之M+1 after N之M). */
static bool in_sequence(seqck *q, const lx_node *n)
{
	bool ok = !q->any ? n->num == 1 || n->sub > 0
	          : n->sub > 0 ? n->num == q->last &&
	                                 n->sub == q->last_sub + 1
	                       : n->num == q->last + 1;
	q->last = n->num;
	q->last_sub = n->sub;
	q->any = true;
	return ok;
}

/* Sorted pointers to eids, for the duplicate test. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int damaged(lx_error *err, const lx_node *n, const char *what)
{
	return lx_error_set(err, LX_ERR_DAMAGED, "%s (line %d): %s",
	                    n->eid ? n->eid : lx_node_type_name(n->type),
	                    n->line_first, what);
}

int lx_doc_check(const lx_doc *d, const char *src, size_t len, lx_error *err)
{
	if (!d->root || d->root->type != LX_NODE_ROOT || d->root->parent)
		return lx_error_set(err, LX_ERR_DAMAGED, "no root node");
	int lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += src[i] == '\n';
	size_t count = 0;
	for (const lx_node *n = d->root; n; n = lx_node_next_preorder(d->root, n))
		count++;
	const char **eids = malloc((count + 1) * sizeof(*eids));
	if (!eids)
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	size_t ne = 0;
	int rc = LX_OK, prev_line = 0;
	seqck arts = {0};
	for (const lx_node *n = d->root; n && rc == LX_OK;
	     n = lx_node_next_preorder(d->root, n)) {
		/* Links. */
		const lx_node *prev = NULL;
		for (const lx_node *c = n->first; c && rc == LX_OK;
		     prev = c, c = c->next)
			if (c->parent != n || c->prev != prev)
				rc = damaged(err, c, "broken parent or sibling link");
			else if (!allowed_under(n->type, c->type))
				rc = damaged(err, c, "node type not allowed here");
		if (rc == LX_OK && n->last != prev)
			rc = damaged(err, n, "last child link broken");
		if (rc != LX_OK || n == d->root)
			continue;
		/* Eids. */
		if (!n->eid || !eid_well_formed(n->eid)) {
			rc = damaged(err, n, "eid missing or malformed");
			continue;
		}
		eids[ne++] = n->eid;
		/* Source lines: inside the input, in order. */
		if (n->line_first < 1 || n->line_last < n->line_first ||
		    (src && n->line_last > lines))
			rc = damaged(err, n, "source lines outside the input");
		else if (n->line_first < prev_line)
			rc = damaged(err, n, "source lines go back");
		prev_line = n->line_first;
	}
	/* Numbering: articles through the document, the other levels among
	 * siblings; every break has its diagnostic. */
	for (const lx_node *n = d->root; n && rc == LX_OK;
	     n = lx_node_next_preorder(d->root, n)) {
		if (n->type == LX_NODE_ARTICLE && n->num >= 0 &&
		    !in_sequence(&arts, n) && !break_reported(d, n->line_first))
			rc = damaged(err, n, "numbering break without a diagnostic");
		static const lx_node_type kinds[] = {
			LX_NODE_PART, LX_NODE_SUBPART, LX_NODE_CHAPTER,
			LX_NODE_SECTION, LX_NODE_ITEM, LX_NODE_SUBITEM};
		for (size_t k = 0; rc == LX_OK && k < sizeof(kinds) / sizeof(kinds[0]);
		     k++) {
			seqck q = {0};
			for (const lx_node *c = n->first; c && rc == LX_OK; c = c->next)
				if (c->type == kinds[k] && c->num >= 0 &&
				    !in_sequence(&q, c) &&
				    !break_reported(d, c->line_first))
					rc = damaged(err, c, "numbering break without "
					                     "a diagnostic");
		}
	}
	if (rc == LX_OK && ne) {
		qsort(eids, ne, sizeof(*eids), cmp_str);
		for (size_t i = 1; i < ne && rc == LX_OK; i++)
			if (!strcmp(eids[i - 1], eids[i]))
				rc = lx_error_set(err, LX_ERR_DAMAGED,
				                  "eid %s occurs twice", eids[i]);
	}
	free(eids);
	return rc == LX_OK && src ? lx_doc_check_text(d, src, len, err) : rc;
}
