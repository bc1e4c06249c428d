/*
 * lxtest.h: what the cmocka test files share: the grammar set, parsing a
 * file of the repository, finding nodes, and where ../shared is.
 */
#ifndef LX_TEST_H
#define LX_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lexcn/lexcn.h>

#define SEED_BEIJING "corpus/000_2fb3ea8f7eb3f78e.txt"
#define SEED_XICHENG "corpus/001_c0ea6a18b747ef18.txt"
#define SEED_CHONGQING "corpus/002_4ed805e692a0ebea.txt"
#define SEED_POLICY "corpus/003_bbd81771983c6ace.txt"
#define SEED_SHENZHEN "corpus/004_174153abbf961c1e.txt"
#define TWIN_BEIJING "tests/data/beijing-sme-2020-clean.md"

static inline lx_grammars *test_grammars(void)
{
	lx_grammars *set = NULL;
	lx_error err;
	if (lx_grammars_builtin(&set, &err)) {
		fprintf(stderr, "grammars: %s\n", err.msg);
		abort();
	}
	return set;
}

/* The grammar set of a test file, loaded once for its group. */
static lx_grammars *G;

static inline int setup_grammars(void **state)
{
	(void)state;
	G = test_grammars();
	return 0;
}

static inline int teardown_grammars(void **state)
{
	(void)state;
	lx_grammars_free(G);
	return 0;
}

/* Parses a file; fails the test on error. */
static inline lx_doc *test_parse(const lx_grammars *set, const char *path)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = lx_parse_file(&d, set, path, NULL, &err);
	if (rc == LX_OK && (rc = lx_cite_find(d, set, &err)) != LX_OK)
		lx_doc_free(d);
	if (rc)
		fail_msg("%s: %s", path, err.msg);
	return d;
}

static inline lx_doc *test_parse_str(const lx_grammars *set, const char *s)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = lx_parse_buffer(&d, set, "<test>", s, strlen(s), NULL, &err);
	if (rc == LX_OK && (rc = lx_cite_find(d, set, &err)) != LX_OK)
		lx_doc_free(d);
	if (rc)
		fail_msg("<test>: %s", err.msg);
	return d;
}

static inline const lx_node *test_find(const lx_doc *d, const char *eid)
{
	const lx_node *n = lx_doc_find(d, eid);
	if (!n)
		fail_msg("no node %s in %s", eid, lx_doc_path(d));
	return n;
}

static inline size_t test_children(const lx_node *n, lx_node_type t)
{
	size_t c = 0;
	for (const lx_node *k = lx_node_first_child(n); k; k = lx_node_next(k))
		c += lx_node_get_type(k) == t;
	return c;
}

/* Counts diagnostics with this code. */
static inline size_t test_diags(const lx_doc *d, const char *code)
{
	const lx_diag *g;
	size_t n = lx_doc_diags(d, &g), c = 0;
	for (size_t i = 0; i < n; i++)
		c += !strcmp(g[i].code, code);
	return c;
}

/* ../shared, or NULL (tests that need it then skip, saying so). */
static inline const char *test_shared(void)
{
	const char *s = getenv("SHARED");
	if (!s)
		s = "../shared";
	char probe[4096];
	snprintf(probe, sizeof(probe), "%s/corpus", s);
	FILE *f = fopen(probe, "r");
	if (!f)
		return NULL;
	fclose(f);
	return s;
}

/* The path of ../shared/corpus into out, or the test is skipped, saying
 * so (CI has it; a user's clone may not). */
static inline void test_shared_corpus(char *out, size_t cap, const char *test)
{
	const char *shared = test_shared();
	if (!shared) {
		print_message("SKIPPED: %s (no ../shared/corpus here; set "
		              "SHARED=DIR to point at it)\n",
		              test);
		skip();
	}
	snprintf(out, cap, "%s/corpus", shared);
}

/* The article/paragraph/item skeleton as text, for comparing two parses. */
static inline char *skeleton(const lx_doc *d)
{
	size_t cap = 1 << 20, len = 0;
	char *out = malloc(cap);
	const lx_node *b = lx_doc_body(d);
	for (const lx_node *n = b; n; n = lx_node_next_preorder(b, n)) {
		lx_node_type t = lx_node_get_type(n);
		if (t != LX_NODE_ARTICLE && t != LX_NODE_PARAGRAPH &&
		    t != LX_NODE_ITEM && t != LX_NODE_SUBITEM)
			continue;
		const char *l = lx_node_get_label(n), *h = lx_node_get_heading(n),
		           *x = lx_node_get_text(n);
		int w = snprintf(out + len, cap - len, "%s %s|%s|%s\n",
		                 lx_node_get_eid(n), l ? l : "", h ? h : "",
		                 x ? x : "");
		assert_true(w > 0 && (size_t)w < cap - len);
		len += (size_t)w;
	}
	return out;
}

#define assert_str(a, b) assert_string_equal((a) ? (a) : "(null)", (b))

#endif
