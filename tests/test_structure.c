/*
 * test_structure.c: the levels, eids and numbering diagnostics, on small
 * statutes written for each case.
 */
#include "lxtest.h"
#include "../base/util.h"

#define HEAD "# 测试条例\n\n2020年1月1日 某市人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n"

static void levels_and_eids(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, HEAD "## 第一编 总则\n\n### 第一章 一般规定\n\n#### 第一节 定义\n\n"
		        "第一条 本条例所称甲，是指：\n\n（一）乙；\n\n（二）丙：\n\n"
		        "1.丁；\n\n2.戊。\n\n前款规定适用于本市。\n\n"
		        "## 第二编 分则\n\n### 第一章 权利\n\n第二条 第二条的文字。\n\n"
		        "第二条之一 插入的条文。\n\n第三条 最后。\n");
	assert_str(lx_node_get_heading(test_find(d, "part_1")), "总则");
	assert_str(lx_node_get_heading(test_find(d, "part_1__chp_1")), "一般规定");
	assert_str(lx_node_get_heading(test_find(d, "part_1__chp_1__sec_1")), "定义");
	/* Chapters restart in each part: nested eids stay unique. */
	assert_str(lx_node_get_heading(test_find(d, "part_2__chp_1")), "权利");
	const lx_node *it = test_find(d, "art_1__para_1__item_2");
	assert_str(lx_node_get_label(it), "（二）");
	assert_str(lx_node_get_text(it), "丙：");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1__item_2__subitem_1")),
	           "丁；");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_2")), "前款规定适用于本市。");
	const lx_node *a21 = test_find(d, "art_2_1");
	assert_int_equal(lx_node_get_num(a21), 2);
	assert_int_equal(lx_node_get_sub(a21), 1);
	assert_str(lx_node_get_label(a21), "第二条之一");
	/* "第二条的文字" inside text is not an article. */
	assert_str(lx_node_get_text(test_find(d, "art_2__para_1")), "第二条的文字。");
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	assert_int_equal(test_diags(d, "numbering-duplicate"), 0);
	assert_int_equal(test_diags(d, "numbering-order"), 0);
	/* Source lines trace back to the input. */
	const lx_node *a1 = test_find(d, "art_1");
	assert_int_equal(lx_node_get_line_first(a1), 13);
	assert_int_equal(lx_node_get_line_last(a1), 23);
	lx_doc_free(d);
}

static void gaps_duplicates_kept_and_reported(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, HEAD "第一条 一。\n\n第三条 三。\n\n第三条 又一个三。\n\n"
		        "第二条 二。\n\n第四条 （一）甲；\n\n（三）丙。\n");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 5);
	/* 第三条 after 第一条, 第四条 after 第二条, （三） first. */
	assert_int_equal(test_diags(d, "numbering-gap"), 3);
	assert_int_equal(test_diags(d, "numbering-duplicate"), 1);
	assert_int_equal(test_diags(d, "numbering-order"), 1);
	/* The duplicate keeps its text and gets an eid of its own. */
	assert_str(lx_node_get_text(test_find(d, "art_3__dup_2__para_1")), "又一个三。");
	lx_doc_free(d);
}

/* Many nodes with one number (a list whose items all say （一）): each
 * gets the next free __dup_k, in order, whatever the count. */
static void same_number_items_get_consecutive_dups(void **state)
{
	(void)state;
	lx_buf b = {0};
	lx_buf_adds(&b, HEAD "第一条 如下：\n\n");
	for (int i = 0; i < 300; i++)
		lx_buf_adds(&b, "（一）同号；\n\n");
	lx_doc *d = test_parse_str(G, b.s);
	assert_non_null(test_find(d, "art_1__para_1__item_1"));
	assert_non_null(test_find(d, "art_1__para_1__item_1__dup_2"));
	assert_non_null(test_find(d, "art_1__para_1__item_1__dup_300"));
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ITEM), 300);
	lx_doc_free(d);
	lx_buf_free(&b);
}

/* Sections without a chapter sit side by side, never one inside the
 * other (found by fuzz_parse with the tree checker). */
static void sections_without_chapter(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, HEAD "第一节 甲\n\n第一条 一。\n\n第二节 乙\n\n第二条 二。\n");
	const lx_node *s2 = test_find(d, "sec_2");
	assert_int_equal(lx_node_get_type(lx_node_parent(s2)), LX_NODE_ROOT);
	lx_error err;
	assert_int_equal(lx_doc_check(d, NULL, 0, &err), LX_OK);
	lx_doc_free(d);
}

static void article_text_on_next_line_and_item_in_article_line(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, HEAD "第一条\n\n正文在下一行。\n\n第二条\n");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")), "正文在下一行。");
	/* An article with no text still has a paragraph, and a warning. */
	assert_str(lx_node_get_text(test_find(d, "art_2__para_1")), "");
	assert_int_equal(test_diags(d, "empty-article"), 1);
	lx_doc_free(d);
}

static void text_outside_articles_is_kept(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, HEAD "序言文字。\n\n## 第一章 总则\n\n本章说明。\n\n第一条 正文。\n\n"
		        "## 附表\n\n表格内容\n");
	assert_str(lx_node_get_text(test_find(d, "preamble__para_1")), "序言文字。");
	assert_str(lx_node_get_text(test_find(d, "chp_1__para_1")), "本章说明。");
	assert_int_equal(test_diags(d, "text-outside-article"), 2);
	assert_int_equal(test_diags(d, "unrecognised-heading"), 1);
	lx_doc_free(d);
}

static void articles_before_first_chapter(void **state)
{
	(void)state;
	/* Before 第一章: kept where they are, reported. */
	lx_doc *d = test_parse_str(
		G, HEAD "第一条 一。\n\n## 第一章 总则\n\n第二条 二。\n");
	assert_int_equal(test_diags(d, "article-before-chapter"), 1);
	assert_int_equal(lx_node_get_type(lx_node_parent(test_find(d, "art_1"))), LX_NODE_ROOT);
	lx_doc_free(d);
	/* Before 第二章: chapter one lost its heading. */
	d = test_parse_str(G, HEAD "第一条 一。\n\n第二条 二。\n\n## 第二章 其他\n\n"
	                          "第三条 三。\n");
	assert_int_equal(test_diags(d, "missing-heading"), 1);
	assert_int_equal(test_children(test_find(d, "chp_1"), LX_NODE_ARTICLE),
	                 2);
	lx_doc_free(d);
}

static void item_continued_by_a_plain_line(void **state)
{
	(void)state;
	/* 国歌法 第四条: a line between （一） and （二） continues （一）. */
	lx_doc *d = test_parse_str(
		G, HEAD "第一条 在下列场合：\n\n（一）甲会议的开幕；\n\n乙会议的开幕；\n\n"
		        "（二）丙。\n\n前款以外的场合另行规定。\n");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1__item_1")),
	           "甲会议的开幕；\n乙会议的开幕；");
	assert_int_equal(test_children(test_find(d, "art_1__para_1"),
	                               LX_NODE_ITEM),
	                 2);
	assert_int_equal(test_children(test_find(d, "art_1"), LX_NODE_PARAGRAPH),
	                 2);
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	lx_doc_free(d);
}

static void absurd_numbers(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, HEAD "第九千九百九十九万九千九百九十九条 大。\n\n"
		        "第十十条 不是数字。\n\n"
		        "第99999999999999999999条 太大。\n");
	assert_int_equal(lx_node_get_num(test_find(d, "art_99999999")), 99999999);
	assert_int_equal(test_diags(d, "number-out-of-range"), 2);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 3);
	lx_doc_free(d);
}

/* a then b, in a new string. */
static char *test_cat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);
	assert_non_null(s);
	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

/* True when a diagnostic with this code has `part` in its message. */
static bool test_diag_has(const lx_doc *d, const char *code, const char *part)
{
	const lx_diag *g;
	size_t n = lx_doc_diags(d, &g);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(g[i].code, code) && strstr(g[i].message, part))
			return true;
	return false;
}

static void glued_chapter_and_article_split(void **state)
{
	(void)state;
	/* The example of issue 15, without spaces and with them. */
	static const char *const bodies[] = {
		"第三十九条 构成犯罪的，依法追究刑事责任。第六章附则第四十条本条例自2020年1月1日起施行。\n",
		"第三十九条 构成犯罪的，依法追究刑事责任。 第六章 附则 第四十条 本条例自2020年1月1日起施行。\n",
	};
	for (size_t k = 0; k < 2; k++) {
		char *src = test_cat(HEAD "## 第五章 法律责任\n\n第三十八条 甲。\n\n",
		                     bodies[k]);
		lx_doc *d = test_parse_str(G, src);
		assert_str(lx_node_get_text(test_find(d, "art_39__para_1")),
		           "构成犯罪的，依法追究刑事责任。");
		const lx_node *c = test_find(d, "chp_6");
		assert_str(lx_node_get_heading(c), "附则");
		const lx_node *a = test_find(d, "art_40");
		assert_ptr_equal(lx_node_parent(a), c);
		assert_str(lx_node_get_label(a), "第四十条");
		assert_str(lx_node_get_text(test_find(d, "art_40__para_1")),
		           "本条例自2020年1月1日起施行。");
		assert_int_equal(test_diags(d, "glued-label"), 2);
		assert_int_equal(test_diags(d, "numbering-gap"), 2); /* 5, 38 */
		lx_doc_free(d);
		free(src);
	}
	/* A heading alone at the end of a paragraph: its articles follow. */
	lx_doc *d = test_parse_str(G, HEAD "## 第一章 总则\n\n第一条 甲。第二章鉴定、加固和维护\n\n"
	                                  "第二条 乙。\n");
	assert_str(lx_node_get_heading(test_find(d, "chp_2")), "鉴定、加固和维护");
	assert_int_equal(lx_node_get_type(lx_node_parent(test_find(d, "art_2"))),
	                 LX_NODE_CHAPTER);
	assert_ptr_equal(lx_node_parent(test_find(d, "art_2")), test_find(d, "chp_2"));
	assert_int_equal(test_diags(d, "glued-label"), 1);
	lx_doc_free(d);
	/* Not the next chapter: kept as text. */
	d = test_parse_str(G, HEAD "## 第一章 总则\n\n第一条 甲。第五章罚则\n\n## 第二章 其他\n\n"
	                          "第二条 乙。\n");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_CHAPTER), 2);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")), "甲。第五章罚则");
	assert_int_equal(test_diags(d, "glued-label"), 0);
	lx_doc_free(d);
	/* An article alone, after ；. */
	d = test_parse_str(G, HEAD "第一条 甲；第二条本条例自公布之日起施行。\n");
	assert_str(lx_node_get_text(test_find(d, "art_2__para_1")),
	           "本条例自公布之日起施行。");
	assert_int_equal(test_diags(d, "glued-label"), 1);
	lx_doc_free(d);
}

static void glued_citation_never_split(void **state)
{
	(void)state;
	/* A 第X条 at the start of a sentence that goes on as a citation;
	 * one inside a sentence; one whose label the next paragraph has; one
	 * that is not the next number. */
	lx_doc *d = test_parse_str(
		G, HEAD "第一条 甲。第二条规定的处罚由市政府决定。\n\n"
		        "第二条 乙。第三条、第四条另有规定。依照第三条规定处理。\n\n"
		        "第三条 丙。第四条由市政府决定。\n\n第四条 丁。第五条规定的期限另行规定。第九条本条例自公布之日起施行。\n");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 4);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "甲。第二条规定的处罚由市政府决定。");
	assert_str(lx_node_get_text(test_find(d, "art_3__para_1")),
	           "丙。第四条由市政府决定。");
	assert_str(lx_node_get_text(test_find(d, "art_4__para_1")),
	           "丁。第五条规定的期限另行规定。第九条本条例自公布之日起施行。");
	assert_int_equal(test_diags(d, "glued-label"), 0);
	assert_int_equal(test_diags(d, "numbering-duplicate"), 0);
	lx_doc_free(d);
	/* A chapter cited at a sentence start is not a heading either. */
	d = test_parse_str(G, HEAD "## 第一章 总则\n\n第一条 甲。第二章规定的事项，由市政府决定。\n\n"
	                          "## 第二章 其他\n\n第二条 乙。\n");
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_CHAPTER), 2);
	assert_int_equal(test_diags(d, "glued-label"), 0);
	lx_doc_free(d);
}

static void glued_items_split(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, HEAD "第一条 有下列情形之一的：\n\n（一）甲； （二）乙；（三）丙。\n\n"
		        "第二条 下列人员：\n\n（一）丁；\n\n（二）戊。\n\n"
		        "（一）至（二）项所列人员，可以申请。\n\n"
		        "第三条 下列：\n\n（一）己；（三）庚。\n");
	const lx_node *p = test_find(d, "art_1__para_1");
	assert_int_equal(test_children(p, LX_NODE_ITEM), 3);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1__item_2")), "乙；");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1__item_3")), "丙。");
	assert_int_equal(test_diags(d, "glued-label"), 2);
	/* A line that begins with a citation of items is a paragraph. */
	assert_str(lx_node_get_text(test_find(d, "art_2__para_2")),
	           "（一）至（二）项所列人员，可以申请。");
	assert_int_equal(test_diags(d, "numbering-duplicate"), 0);
	/* Not the next number: not split. */
	assert_str(lx_node_get_text(test_find(d, "art_3__para_1__item_1")),
	           "己；（三）庚。");
	lx_doc_free(d);
}

static void missing_item_label(void **state)
{
	(void)state;
	/* An unlabelled line where （四） should be, ending like its
	 * siblings: item 4, reported. */
	lx_doc *d = test_parse_str(
		G, HEAD "第一条 有下列行为之一的：\n\n（一）甲；\n\n（二）乙；\n\n（三）丙；\n\n"
		        "丁；\n\n（五）戊；\n\n（六）己。\n");
	const lx_node *p = test_find(d, "art_1__para_1");
	assert_int_equal(test_children(p, LX_NODE_ITEM), 6);
	assert_int_equal(test_children(test_find(d, "art_1"), LX_NODE_PARAGRAPH), 1);
	const lx_node *it = test_find(d, "art_1__para_1__item_4");
	assert_str(lx_node_get_text(it), "丁；");
	assert_null(lx_node_get_label(it));
	assert_int_equal(test_diags(d, "item-label-missing"), 1);
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	lx_doc_free(d);
	/* A line that does not read as an item (no ；): it continues （二）,
	 * and （四） stays an item of the same paragraph. */
	d = test_parse_str(
		G, HEAD "第一条 有下列行为之一的：\n\n（一）甲；\n\n（二）乙；\n\n"
		        "见附件说明\n\n（四）丁。\n");
	p = test_find(d, "art_1__para_1");
	assert_int_equal(test_children(p, LX_NODE_ITEM), 3);
	assert_int_equal(test_children(test_find(d, "art_1"), LX_NODE_PARAGRAPH), 1);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1__item_2")),
	           "乙；\n见附件说明");
	assert_int_equal(test_diags(d, "item-label-missing"), 1);
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	lx_doc_free(d);
	/* The first label missing, after the words that open the list. */
	d = test_parse_str(G, HEAD "第一条 应当遵守以下规范：\n\n不得吸烟；\n\n（二）不随地吐痰。\n\n"
	                          "第二条 说明如下。\n\n补充说明；\n\n（二）乙。\n");
	it = test_find(d, "art_1__para_1__item_1");
	assert_str(lx_node_get_text(it), "不得吸烟；");
	assert_null(lx_node_get_label(it));
	assert_int_equal(test_children(test_find(d, "art_1"), LX_NODE_PARAGRAPH), 1);
	/* Not after a sentence that ends with 。: a paragraph. */
	assert_str(lx_node_get_text(test_find(d, "art_2__para_2")), "补充说明；");
	assert_int_equal(test_diags(d, "item-label-missing"), 1);
	lx_doc_free(d);
	/* No line at all: the gap is named. */
	d = test_parse_str(G, HEAD "第一条 下列：\n\n（一）甲；\n\n（二）乙；\n\n（八）丙。\n");
	assert_int_equal(test_diags(d, "item-label-missing"), 1);
	assert_true(test_diag_has(d, "item-label-missing", "（三） to （七）"));
	lx_doc_free(d);
}
/* A statute of one chapter and n articles 第1条 甲。 (an article and its
 * paragraph each: 2n + 2 nodes with the body and the chapter), and with
 * `more` a last line 乙。, a second paragraph of article n (one node
 * more); malloc'd, its length in *len. */
static char *n_articles(size_t n, bool more, size_t *len)
{
	size_t cap = 64 + n * 24, o = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	o += (size_t)snprintf(s, cap, "# 测试条例\n\n## 第一章 总则\n\n");
	for (size_t i = 1; i <= n; i++)
		o += (size_t)snprintf(s + o, cap - o, "第%zu条 甲。\n\n", i);
	if (more)
		o += (size_t)snprintf(s + o, cap - o, "乙。\n");
	*len = o;
	return s;
}

static void node_limit(void **state)
{
	(void)state;
	/* Exactly LX_MAX_NODES nodes: parsed whole, and the tree checks. */
	size_t len, n = (LX_MAX_NODES - 2) / 2;
	char *s = n_articles(n, false, &len);
	lx_doc *d = NULL;
	lx_error err = {0};
	assert_int_equal(lx_parse_buffer(&d, G, "big.md", s, len, NULL, &err),
	                 LX_OK);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), n);
	assert_int_equal(lx_doc_check(d, s, len, &err), LX_OK);
	lx_doc_free(d);
	free(s);
	/* One node more: refused, at the line of that node (the last line,
	 * 2n + 5), with no document. */
	s = n_articles(n, true, &len);
	d = NULL;
	assert_int_equal(lx_parse_buffer(&d, G, "big.md", s, len, NULL, &err),
	                 LX_ERR_LIMIT);
	assert_null(d);
	char want[128];
	snprintf(want, sizeof(want), "big.md:%zu: more than %d nodes (the limit)",
	         2 * n + 5, LX_MAX_NODES);
	assert_string_equal(err.msg, want);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels_and_eids),
		cmocka_unit_test(gaps_duplicates_kept_and_reported),
		cmocka_unit_test(same_number_items_get_consecutive_dups),
		cmocka_unit_test(sections_without_chapter),
		cmocka_unit_test(article_text_on_next_line_and_item_in_article_line),
		cmocka_unit_test(text_outside_articles_is_kept),
		cmocka_unit_test(articles_before_first_chapter),
		cmocka_unit_test(item_continued_by_a_plain_line),
		cmocka_unit_test(absurd_numbers),
		cmocka_unit_test(glued_chapter_and_article_split),
		cmocka_unit_test(glued_citation_never_split),
		cmocka_unit_test(glued_items_split),
		cmocka_unit_test(missing_item_label),
		cmocka_unit_test(node_limit),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
