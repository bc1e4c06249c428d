/*
 * test_html.c: the HTML reader.  The round trip of the issue: each page of
 * tests/data/html (tools/make_html_fixtures.py laid the statutes out as
 * government sites do) parses to the same tree and metadata as the clean
 * Markdown it was made from (MANIFEST); then pages made here: furniture,
 * <br>, tables, <pre>, encodings, and bad input.
 */
#include "lxtest.h"
#include "../reader/reader.h"
#include "roundtrip.h"

#define DIR "tests/data/html/"

static void test_roundtrip_corpus(void **state)
{
	(void)state;
	roundtrip(DIR, LX_SOURCE_HTML, false, 1000);
}

static void test_roundtrip_shared(void **state)
{
	(void)state;
	roundtrip(DIR, LX_SOURCE_HTML, true, 1000);
}

/* ---- pages made here ------------------------------------------------------ */

typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static int parse_page(const char *html, size_t len, lx_doc **d, lx_error *err)
{
	return lx_parse_buffer(d, G, "page.html", html, len, NULL, err);
}

static lx_doc *page_ok(const char *html)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = parse_page(html, strlen(html), &d, &err);
	if (rc)
		fail_msg("page.html: %s", err.msg);
	return d;
}

#define HEAD "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" \
             "<title>测试条例_某某市人民政府</title></head><body>"
#define NAV "<div class=\"nav\"><a>首页</a><a>第一条链接</a></div>" \
            "<div class=\"breadcrumb\">首页 &gt; 正文</div>"
#define FOOT "<div id=\"footer\">版权所有 第九条 ICP备</div>" \
             "<script>var x = '第十条';</script></body></html>"

/* Furniture left out (its 第…条 too), the title from <title> before a
 * body that does not start with it, indentation as layout. */
static void test_furniture_and_title(void **state)
{
	(void)state;
	lx_doc *d = page_ok(
		HEAD NAV "<div class=\"content\">"
		"<p>&nbsp;&nbsp;第一条　为了测试，制定本条例。</p>"
		"<p>　　第二条　本条例自公布之日起施行。</p>"
		"</div>" FOOT);
	assert_str(lx_doc_title(d), "测试条例");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 2);
	assert_int_equal(test_diags(d, "page-furniture"), 1);
	assert_int_equal(test_diags(d, "html-title"), 1);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "为了测试，制定本条例。");
	assert_null(lx_doc_find(d, "art_9"));
	assert_null(lx_doc_find(d, "art_10"));
	lx_doc_free(d);
}

/* One <div>, paragraphs separated by <br>; chapters centred. */
static void test_br_paragraphs(void **state)
{
	(void)state;
	lx_doc *d = page_ok(
		HEAD NAV "<div id=\"zoom\"><h1>测试条例</h1>"
		"<center>第一章　总则</center><div>"
		"　　第一条　第一款。<br>　　第二款。<br><br>"
		"　　第二条　有下列情形之一的：<br>（一）甲；<br>（二）乙。"
		"</div></div>" FOOT);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_CHAPTER), 1);
	const lx_node *a1 = test_find(d, "art_1");
	assert_int_equal(test_children(a1, LX_NODE_PARAGRAPH), 2);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_2")),
	           "第二款。");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ITEM), 2);
	assert_int_equal(test_diags(d, "html-title"), 0);
	assert_int_equal(test_diags(d, "html-wrapped"), 0);
	lx_doc_free(d);
	/* Lines hard-wrapped with <br> (fewer than a third after a
	 * sentence end): joined into their paragraphs. */
	d = page_ok(HEAD "<div>第一条　为了规范本市的<br>中小企业促进工作，"
	            "保障<br>中小企业的合法权益，根据有关<br>法律，制定本条例。"
	            "<br>第二条　本条例适用于本市<br>行政区域内的中小企业。"
	            "</div>" FOOT);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 2);
	assert_int_equal(test_children(test_find(d, "art_1"),
	                               LX_NODE_PARAGRAPH),
	                 1);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "为了规范本市的中小企业促进工作，保障中小企业的合法权益，"
	           "根据有关法律，制定本条例。");
	assert_int_equal(test_diags(d, "html-wrapped"), 1);
	lx_doc_free(d);
}

/* A table: a paragraph per row, a "table" diagnostic; <pre> lines. */
static void test_table_and_pre(void **state)
{
	(void)state;
	lx_doc *d = page_ok(
		HEAD "<div><h1>测试条例</h1><p>第一条　收费标准如下：</p>"
		"<table><tr><td>项目</td><td>金额</td></tr>"
		"<tr><td>登记费</td><td>十元</td></tr></table>"
		"<pre>第二条　第一行。\n第三条　第二行。</pre></div>" FOOT);
	assert_int_equal(test_diags(d, "table"), 1);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 3);
	assert_int_equal(test_children(test_find(d, "art_1"),
	                               LX_NODE_PARAGRAPH),
	                 3);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_3")),
	           "登记费十元");
	lx_doc_free(d);
}

/* GB2312 declared (bytes from the gb18030 codec); the same page in
 * UTF-8 with no declaration at all; GB18030 undeclared. */
static void test_encodings(void **state)
{
	(void)state;
	/* 第一条　测试。 in GB18030 */
	static const char gb[] = "\xB5\xDA\xD2\xBB\xCC\xF5\xA1\xA1\xB2\xE2"
	                         "\xCA\xD4\xA1\xA3";
	char page[512];
	snprintf(page, sizeof(page),
	         "<html><head><meta http-equiv=\"Content-Type\" "
	         "content=\"text/html; charset=GB2312\"></head><body><p>%s"
	         "</p><p>%s</p></body></html>",
	         gb, gb);
	lx_doc *d = page_ok(page);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")), "测试。");
	lx_doc_free(d);
	snprintf(page, sizeof(page),
	         "<html><body><p>%s</p><p>%s</p></body></html>", gb, gb);
	d = page_ok(page);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")), "测试。");
	assert_int_equal(test_diags(d, "encoding"), 1);
	lx_doc_free(d);
	d = page_ok("<html><body><p>第一条　测试。</p><p>第二条　又。</p>"
	            "</body></html>");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 2);
	lx_doc_free(d);
}

static void expect_error(const char *html, size_t len, int code,
                         const char *text)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = parse_page(html, len, &d, &err);
	if (rc == LX_OK)
		lx_doc_free(d);
	assert_int_equal(rc, code);
	if (!strstr(err.msg, text) || strncmp(err.msg, "page.html: ", 11))
		fail_msg("message: %s", err.msg);
}

static void test_bad_pages(void **state)
{
	(void)state;
	/* declared UTF-8, written in GB18030 */
	static const char bad1[] = "<html><head><meta charset=\"utf-8\">"
	                           "</head><body><p>\xB5\xDA\xD2\xBB\xCC\xF5"
	                           "</p></body></html>";
	expect_error(bad1, sizeof(bad1) - 1, LX_ERR_DECODE,
	             "declares charset utf-8 but is not in it");
	/* declared GB2312, not GB18030 either */
	static const char bad2[] = "<html><head><meta charset=\"gb2312\">"
	                           "</head><body><p>\x81\x20\xFF</p></body>"
	                           "</html>";
	expect_error(bad2, sizeof(bad2) - 1, LX_ERR_DECODE,
	             "declares charset gb2312 but is not in it");
	static const char bad3[] = "<html><head><meta charset=\"koi8-r\">"
	                           "</head><body><p>x</p></body></html>";
	expect_error(bad3, sizeof(bad3) - 1, LX_ERR_DECODE,
	             "which lexcn does not read");
	static const char empty[] = "<!DOCTYPE html><html><head><title>"
	                            "</title><script>var a;</script></head>"
	                            "<body><div></div></body></html>";
	expect_error(empty, sizeof(empty) - 1, LX_ERR_DECODE,
	             "an HTML page with no text");
	static const char furniture[] = "<html><body><div class=\"nav\">首页 "
	                                "第一条</div><footer>版权所有</footer>"
	                                "</body></html>";
	expect_error(furniture, sizeof(furniture) - 1, LX_ERR_DECODE,
	             "no statute in it");
	/* 100,000 nested elements */
	sbuf b = {0};
	sb_add(&b, "<!DOCTYPE html><html><body>");
	for (int i = 0; i < 100000; i++)
		sb_add(&b, "<div>");
	sb_add(&b, "第一条　深。");
	for (int i = 0; i < 100000; i++)
		sb_add(&b, "</div>");
	sb_add(&b, "</body></html>");
	expect_error(b.s, b.len, LX_ERR_LIMIT, "nested deeper than");
	free(b.s);
}

/* Entities of an XHTML page's internal subset are never expanded. */
static void test_entities_not_expanded(void **state)
{
	(void)state;
	sbuf b = {0};
	sb_add(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                "<!DOCTYPE html [\n<!ENTITY a \"哈哈哈哈哈哈哈哈\">\n");
	for (int i = 0; i < 9; i++) {
		char e[64];
		snprintf(e, sizeof(e), "<!ENTITY %c \"", 'b' + i);
		sb_add(&b, e);
		for (int k = 0; k < 10; k++) {
			snprintf(e, sizeof(e), "&%c;", 'a' + i);
			sb_add(&b, e);
		}
		sb_add(&b, "\">\n");
	}
	sb_add(&b, "]>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
	                "<body><p>第一条　&j;</p><p>第二条　正文。</p>"
	                "</body></html>");
	lx_doc *d = page_ok(b.s);
	free(b.s);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")), "&j;");
	assert_int_equal(test_diags(d, "html-entities"), 1);
	assert_null(lx_doc_find(d, "preamble"));
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 2);
	lx_doc_free(d);
}

/* The reading itself: each paragraph's layout flags and source line, the
 * furniture's count. */
static void test_reading_layout(void **state)
{
	(void)state;
	static const char page[] =
		"<html><head><meta charset=\"utf-8\"></head><body>\n"   /* 1 */
		"<div class=\"nav\">首页　第一条</div>\n"              /* 2 */
		"<div class=\"content\">\n"                            /* 3 */
		"<h1>测试条例</h1>\n"                                    /* 4 */
		"<p style=\"text-align: center\">第一章　总则</p>\n"   /* 5 */
		"<p>　　第一条　正文。</p>\n"                            /* 6 */
		"<p style=\"text-indent:2em\">第二条　正文。</p>\n"    /* 7 */
		"<p><strong>第三条　粗体。</strong></p>\n"               /* 8 */
		"<table><tr><td>甲</td><td>乙</td></tr></table>\n"       /* 9 */
		"</div></body></html>\n";
	lx_reading r;
	lx_error err = {0};
	int rc = lx_reader_read(&r, LX_SOURCE_HTML, "page.html", page,
	                        sizeof(page) - 1, &err);
	if (rc)
		fail_msg("%s", err.msg);
	static const struct {
		const char *text;
		int line;
		unsigned flags;
	} want[] = {
		{"测试条例", 4, LX_RL_HEADING},
		{"第一章　总则", 5, LX_RL_CENTERED},
		{"第一条　正文。", 6, LX_RL_INDENTED},
		{"第二条　正文。", 7, LX_RL_INDENTED},
		{"第三条　粗体。", 8, LX_RL_BOLD},
		{"甲 乙", 9, LX_RL_TABLE},
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	assert_int_equal(r.lines.n, n);
	for (size_t i = 0; i < n; i++) {
		const lx_rline *l = &LX_VEC_AT(&r.lines, lx_rline, i);
		assert_string_equal(l->text, want[i].text);
		assert_int_equal(l->pos, want[i].line);
		assert_int_equal(l->page, 0);
		assert_int_equal(l->flags, want[i].flags);
	}
	bool furniture = false, table = false;
	for (size_t i = 0; i < r.diags.n; i++) {
		const lx_rdiag *g = &LX_VEC_AT(&r.diags, lx_rdiag, i);
		if (!strcmp(g->code, "page-furniture")) {
			/* 首页 and 第一条: 5 characters */
			assert_string_equal(g->message,
			                    "5 characters outside the statute "
			                    "body left out");
			furniture = true;
		}
		table |= !strcmp(g->code, "table");
	}
	assert_true(furniture && table);
	lx_reading_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_corpus),
		cmocka_unit_test(test_roundtrip_shared),
		cmocka_unit_test(test_furniture_and_title),
		cmocka_unit_test(test_br_paragraphs),
		cmocka_unit_test(test_table_and_pre),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_bad_pages),
		cmocka_unit_test(test_entities_not_expanded),
		cmocka_unit_test(test_reading_layout),
	};
	return cmocka_run_group_tests(tests, setup_grammars,
	                              teardown_grammars);
}
