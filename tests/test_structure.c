/*
 * test_structure.c: the levels, eids and numbering diagnostics, on small
 * statutes written for each case.
 */
#include "lxtest.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels_and_eids),
		cmocka_unit_test(gaps_duplicates_kept_and_reported),
		cmocka_unit_test(article_text_on_next_line_and_item_in_article_line),
		cmocka_unit_test(text_outside_articles_is_kept),
		cmocka_unit_test(articles_before_first_chapter),
		cmocka_unit_test(item_continued_by_a_plain_line),
		cmocka_unit_test(absurd_numbers),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
