/*
 * test_pdf.c: reader/pdf.c on PDFs made by a real producer
 * (tools/make_pdf_fixtures.sh: corpus statutes printed by LibreOffice as
 * official documents): each parses to the same tree as the clean
 * Markdown of the statute, node by node; page numbers set apart with a
 * diagnostic; a scanned PDF, a truncated one, a damaged one and one that
 * needs a password give one-line errors naming the file.  And the round
 * trip of the issue over tests/data/pdf/statutes (the statutes of
 * tools/statute_md.py printed the same way): at least 99.9% of the
 * paragraphs equal, the metadata and history of every document equal.
 */
#include "lxtest.h"
#include "roundtrip.h"

static const struct fixture {
	const char *pdf, *md;
	int pages;
} FIXTURES[] = {
	{"tests/data/pdf/sme-payment-2020.pdf",
	 "corpus/sme-payment-regulation-2020.md", 7},
	{"tests/data/pdf/admin-reconsideration-2017.pdf",
	 "corpus/administrative-reconsideration-law-2017.md", 15},
};

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Compares two trees node by node (type, eid, label, heading, text);
 * prints the share of paragraphs that are equal. */
static void compare_trees(const lx_doc *p, const lx_doc *m, const char *name)
{
	const lx_node *bp = lx_doc_body(p), *bm = lx_doc_body(m);
	const lx_node *a = bp, *b = bm;
	size_t nodes = 0, diff = 0, paras = 0, paras_eq = 0;
	for (; a && b; a = lx_node_next_preorder(bp, a),
	               b = lx_node_next_preorder(bm, b)) {
		nodes++;
		bool eq = lx_node_get_type(a) == lx_node_get_type(b) &&
		          same_str(lx_node_get_eid(a), lx_node_get_eid(b)) &&
		          same_str(lx_node_get_label(a), lx_node_get_label(b)) &&
		          same_str(lx_node_get_heading(a),
		                   lx_node_get_heading(b)) &&
		          same_str(lx_node_get_text(a), lx_node_get_text(b));
		if (lx_node_get_type(b) == LX_NODE_PARAGRAPH) {
			paras++;
			paras_eq += eq;
		}
		if (!eq && diff++ < 5)
			print_message("%s: %s differs:\n  pdf: %s %s|%s\n  md:  "
			              "%s %s|%s\n", name, lx_node_get_eid(b),
			              lx_node_type_name(lx_node_get_type(a)),
			              lx_node_get_eid(a),
			              lx_node_get_text(a) ? lx_node_get_text(a)
			                                  : "",
			              lx_node_type_name(lx_node_get_type(b)),
			              lx_node_get_eid(b),
			              lx_node_get_text(b) ? lx_node_get_text(b)
			                                  : "");
	}
	size_t extra = 0;
	for (; a; a = lx_node_next_preorder(bp, a))
		extra++;
	for (; b; b = lx_node_next_preorder(bm, b))
		extra++;
	print_message("%s: %zu of %zu paragraphs equal (%.1f%%), %zu nodes, "
	              "%zu differ, %zu unmatched\n", name, paras_eq, paras,
	              paras ? 100.0 * (double)paras_eq / (double)paras : 0.0,
	              nodes, diff, extra);
	assert_true(paras > 0);
	assert_int_equal(paras_eq, paras);
	assert_int_equal(diff, 0);
	assert_int_equal(extra, 0);
}

static void test_fixtures_same_tree(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(FIXTURES) / sizeof(FIXTURES[0]); i++) {
		const struct fixture *f = &FIXTURES[i];
		lx_doc *p = test_parse(G, f->pdf), *m = test_parse(G, f->md);
		assert_int_equal(lx_doc_source_format(p), LX_SOURCE_PDF);
		assert_str(lx_doc_title(p), lx_doc_title(m));
		assert_str(lx_doc_type(p), lx_doc_type(m));
		/* Null when the text gives none for its version (an amended
		 * law keeps the original's 本法自…起施行). */
		assert_str(lx_doc_effective(p), lx_doc_effective(m) ? lx_doc_effective(m) : "(null)");
		const lx_event *ep, *em;
		size_t np = lx_doc_history(p, &ep), nm = lx_doc_history(m, &em);
		assert_int_equal(np, nm);
		for (size_t k = 0; k < np; k++)
			assert_str(ep[k].date, em[k].date);
		assert_int_equal(lx_node_count(lx_doc_body(p), LX_NODE_CHAPTER),
		                 lx_node_count(lx_doc_body(m), LX_NODE_CHAPTER));
		compare_trees(p, m, f->pdf);
		lx_doc_free(p);
		lx_doc_free(m);
	}
}

/* "— N —" at the foot of every page: set apart, one diagnostic a page,
 * in no node's text. */
static void test_page_numbers_apart(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(FIXTURES) / sizeof(FIXTURES[0]); i++) {
		lx_doc *d = test_parse(G, FIXTURES[i].pdf);
		assert_int_equal(test_diags(d, "page-furniture"),
		                 FIXTURES[i].pages);
		const lx_node *b = lx_doc_body(d);
		for (const lx_node *n = b; n; n = lx_node_next_preorder(b, n)) {
			const char *t = lx_node_get_text(n);
			assert_null(t ? strstr(t, "—") : NULL);
		}
		lx_doc_free(d);
	}
}

/* The one-line error of a file: its code and text. */
static void expect_error(const char *path, int code, const char *msg)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = lx_parse_file(&d, G, path, NULL, &err);
	assert_null(d);
	assert_int_equal(rc, code);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, msg) || strncmp(err.msg, path, strlen(path)) ||
	    strchr(err.msg, '\n'))
		fail_msg("%s: error \"%s\", expected \"%s\"", path, err.msg, msg);
}

static void test_scanned(void **state)
{
	(void)state;
	lx_doc *d = NULL;
	lx_error err = {0};
	const char *path = "tests/data/pdf/scanned.pdf";
	assert_int_equal(lx_parse_file(&d, G, path, NULL, &err), LX_ERR_DECODE);
	assert_string_equal(err.msg, "tests/data/pdf/scanned.pdf: no text "
	                             "layer: scanned PDF, OCR it first");
}

/* A page of text, then two scanned pages: the text is read, each page
 * without text has its diagnostic. */
static void test_part_scanned(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, "tests/data/pdf/part-scanned.pdf");
	assert_str(lx_doc_title(d), "Regulations on the payment of small firms");
	assert_int_equal(test_diags(d, "page-no-text"), 2);
	const lx_diag *g;
	size_t n = lx_doc_diags(d, &g);
	int pages = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(g[i].code, "page-no-text"))
			pages += strstr(g[i].message, "page 2:") ? 2
			         : strstr(g[i].message, "page 3:") ? 3
			                                            : 100;
	assert_int_equal(pages, 5);
	lx_doc_free(d);
}

static void test_encrypted(void **state)
{
	(void)state;
	expect_error("tests/data/pdf/encrypted.pdf", LX_ERR_DECODE,
	             "encrypted PDF: it needs a password");
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A fixture cut short anywhere (here at a tenth, the half, all but 2 KB
 * and all but its last 10 bytes): LX_ERR_DECODE naming the file, never a
 * part of the text. */
static void test_truncated(void **state)
{
	(void)state;
	size_t len;
	char *buf = slurp(FIXTURES[0].pdf, &len);
	size_t cuts[] = {len / 10, len / 2, len - 2048, len - 10};
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		lx_doc *d = NULL;
		lx_error err = {0};
		int rc = lx_parse_buffer(&d, G, "cut.pdf", buf, cuts[i], NULL,
		                         &err);
		assert_null(d);
		assert_int_equal(rc, LX_ERR_DECODE);
		assert_non_null(strstr(err.msg, "cut.pdf: damaged PDF"));
	}
	free(buf);
}

/* Damaged inside (%%EOF still there): bytes overwritten in the middle
 * of the file, or nothing but a header and %%EOF. */
static void test_damaged(void **state)
{
	(void)state;
	expect_error("tests/bad/damaged.pdf", LX_ERR_DECODE, "damaged PDF");
	size_t len;
	char *buf = slurp(FIXTURES[0].pdf, &len);
	memset(buf + 9, 'x', len - 1024);
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = lx_parse_buffer(&d, G, "holes.pdf", buf, len, NULL, &err);
	assert_null(d);
	assert_int_equal(rc, LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "holes.pdf: "));
	free(buf);
}

/* A PDF of n empty pages (with a valid cross-reference table), in a
 * malloc'd buffer. */
static char *pdf_of_pages(int n, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	assert_non_null(f);
	long *at = calloc((size_t)n + 3, sizeof(long));
	assert_non_null(at);
	fputs("%PDF-1.4\n", f);
	at[1] = ftell(f);
	fputs("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n", f);
	at[2] = ftell(f);
	fputs("2 0 obj << /Type /Pages /Kids [", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%d 0 R ", i + 3);
	fprintf(f, "] /Count %d >> endobj\n", n);
	for (int i = 0; i < n; i++) {
		at[i + 3] = ftell(f);
		fprintf(f, "%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox "
		           "[0 0 595 842] >> endobj\n", i + 3);
	}
	long xref = ftell(f);
	fprintf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 3);
	for (int i = 1; i < n + 3; i++)
		fprintf(f, "%010ld 00000 n \n", at[i]);
	fprintf(f, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%ld\n"
	           "%%%%EOF\n", n + 3, xref);
	fclose(f);
	free(at);
	return out;
}

/* More pages than the limit: LX_ERR_LIMIT with the count, before any page
 * is read; at the limit, the pages are read (all blank here: the error
 * says so). */
static void test_page_limit(void **state)
{
	(void)state;
	size_t len;
	char *buf = pdf_of_pages(5001, &len);
	lx_doc *d = NULL;
	lx_error err = {0};
	assert_int_equal(lx_parse_buffer(&d, G, "many.pdf", buf, len, NULL,
	                                 &err),
	                 LX_ERR_LIMIT);
	assert_string_equal(err.msg, "many.pdf: 5001 pages, more than the "
	                             "limit of 5000");
	free(buf);
	buf = pdf_of_pages(3, &len);
	assert_int_equal(lx_parse_buffer(&d, G, "blank.pdf", buf, len, NULL,
	                                 &err),
	                 LX_ERR_DECODE);
	assert_string_equal(err.msg, "blank.pdf: no text on any of its 3 "
	                             "pages (blank pages)");
	free(buf);
}

static void roundtrip_corpus(void **state)
{
	(void)state;
	roundtrip("tests/data/pdf/statutes/", LX_SOURCE_PDF, false, 999);
}

static void roundtrip_shared(void **state)
{
	(void)state;
	roundtrip("tests/data/pdf/statutes/", LX_SOURCE_PDF, true, 999);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures_same_tree),
		cmocka_unit_test(roundtrip_corpus),
		cmocka_unit_test(roundtrip_shared),
		cmocka_unit_test(test_page_numbers_apart),
		cmocka_unit_test(test_scanned),
		cmocka_unit_test(test_part_scanned),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_page_limit),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
