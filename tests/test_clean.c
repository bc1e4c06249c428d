/*
 * test_clean.c: the clean-up of extraction artifacts, before structure:
 * re-joined hard wraps, page numbers, Markdown, invisible characters.
 */
#include "lxtest.h"

/* A statute hard-wrapped at 20 characters, blank lines between lines. */
static const char *wrapped =
	"东江市示例条例\n\n"
	"第一条 为了规范示例工作，保障公民、法\n\n"
	"人和其他组织的合法权益，促进示例事业健康\n\n"
	"发展，根据有关法律、行政法规的规定，结合\n\n"
	"本市实际情况，制定本条例。\n\n"
	"第二条 本条例适用于本市行政区域内的示\n\n"
	"例活动，以及与示例活动有关的规划、建设、\n\n"
	"管理、服务和监督等全部工作。\n\n"
	"有关部门应当按照各自职责做好示例工作\n\n"
	"，加强协作配合，及时研究解决示例工作中的\n\n"
	"问题。\n\n"
	"12\n\n"
	" 第三条 市人民政府应当加强对示例工作的\n\n"
	"领导，建立健全协调机制，统筹解决示例工作\n\n"
	"中的重大问题，所需经费列入本级财政预算。\n\n"
	"区人民政府应当落实本条例规定的各项职\n\n"
	"责，定期向市人民政府报告示例工作情况和存\n\n"
	"在的问题，并接受监督。\n\n"
	"第四条 示例工作应当坚持依法、公开、公\n\n"
	"平、公正的原则，接受社会各方面的监督和人\n\n"
	"民群众的评议。本条所称公开，是指依法向社\n\n"
	"会公布有关信息。\n\n"
	"第五条 本条例自2024年1月1日起施\n\n"
	"行。\n\n";

static void hard_wraps_rejoined(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, wrapped);
	assert_int_equal(test_diags(d, "hard-wrapped"), 1);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "为了规范示例工作，保障公民、法人和其他组织的合法权益，促进示例"
	           "事业健康发展，根据有关法律、行政法规的规定，结合本市实际情况，"
	           "制定本条例。");
	/* A new paragraph starts on an indented (shorter) line. */
	assert_int_equal(test_children(test_find(d, "art_2"),
	                               LX_NODE_PARAGRAPH),
	                 2);
	/* A sentence end inside a line does not end the paragraph. */
	assert_int_equal(test_children(test_find(d, "art_4"),
	                               LX_NODE_PARAGRAPH),
	                 1);
	assert_int_equal(test_diags(d, "uncertain-break"), 0);
	/* A page number between lines is dropped and said. */
	assert_int_equal(test_diags(d, "page-number"), 1);
	/* After a page break a line starting with a space: an indent. */
	assert_int_equal(test_children(test_find(d, "art_3"),
	                               LX_NODE_PARAGRAPH),
	                 2);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 5);
	lx_doc_free(d);
}

static void loose_lines_and_markdown(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(
		G, "# 东江市示例办法\n\n## **第一章 总　则**\n\n"
		   "**第一条** 本办法所称示例，是指按照规定给予最高2万\n\n"
		   "元的奖励。\n\n"
		   "第二条\xe2\x80\x8b 适用\xc2\xa0范围\xe3\x80\x80包括 APEC 会议和 FDA 认证。\n");
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "总则");
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")),
	           "本办法所称示例，是指按照规定给予最高2万元的奖励。");
	/* Zero-width removed; spaces between CJK dropped, between Latin
	 * words kept. */
	assert_str(lx_node_get_text(test_find(d, "art_2__para_1")),
	           "适用范围包括APEC会议和FDA认证。");
	lx_doc_free(d);
}

static void headings_are_never_joined(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, "东江市示例条例\n第一章 总则\n第一条 甲\n第二章 "
	                              "其他\n乙\n第二条 丙");
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "总则");
	assert_str(lx_node_get_heading(test_find(d, "chp_2")), "其他");
	assert_int_equal(test_diags(d, "text-outside-article"), 1);
	lx_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hard_wraps_rejoined),
		cmocka_unit_test(loose_lines_and_markdown),
		cmocka_unit_test(headings_are_never_joined),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
