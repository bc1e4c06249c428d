/*
 * test_parse.c: the five sample documents (real user input) parse to the
 * expected shapes and metadata; the PDF-extracted Beijing statute equals its
 * clean twin article by article, paragraph by paragraph, item by item.
 */
#include "lxtest.h"
#include "../parser/lx_int.h"

static void shape(const char *path, size_t chapters, size_t articles)
{
	lx_doc *d = test_parse(G, path);
	const lx_node *b = lx_doc_body(d);
	assert_int_equal(lx_node_count(b, LX_NODE_CHAPTER), chapters);
	assert_int_equal(lx_node_count(b, LX_NODE_ARTICLE), articles);
	/* Every article has at least one paragraph; items and subitems sit
	 * inside paragraphs. */
	for (const lx_node *n = b; n; n = lx_node_next_preorder(b, n)) {
		if (lx_node_get_type(n) == LX_NODE_ARTICLE)
			assert_true(test_children(n, LX_NODE_PARAGRAPH) >= 1);
		if (lx_node_get_type(n) == LX_NODE_ITEM)
			assert_int_equal(lx_node_get_type(lx_node_parent(n)), LX_NODE_PARAGRAPH);
		if (lx_node_get_type(n) == LX_NODE_SUBITEM)
			assert_true(lx_node_get_type(lx_node_parent(n)) == LX_NODE_ITEM ||
			            lx_node_get_type(lx_node_parent(n)) == LX_NODE_PARAGRAPH);
		assert_true(lx_node_get_line_first(n) <= lx_node_get_line_last(n));
	}
	lx_doc_free(d);
}

static void shapes(void **state)
{
	(void)state;
	shape(SEED_BEIJING, 7, 52);
	shape(SEED_XICHENG, 6, 22);
	shape(SEED_CHONGQING, 9, 59);
	shape(SEED_POLICY, 6, 16);
	shape(SEED_SHENZHEN, 10, 81);
}

static void beijing_equals_clean_twin(void **state)
{
	(void)state;
	lx_doc *pdf = test_parse(G, SEED_BEIJING);
	lx_doc *md = test_parse(G, TWIN_BEIJING);
	char *a = skeleton(pdf), *b = skeleton(md);
	assert_string_equal(a, b);
	/* And the metadata agrees too. */
	assert_str(lx_doc_id(pdf), lx_doc_id(md));
	assert_str(lx_doc_effective(pdf), lx_doc_effective(md));
	free(a);
	free(b);
	lx_doc_free(pdf);
	lx_doc_free(md);
}

static void beijing(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_BEIJING);
	assert_str(lx_doc_title(d), "北京市促进中小企业发展条例");
	assert_str(lx_doc_id(d), "北京市促进中小企业发展条例@2020-09-25");
	assert_str(lx_doc_jurisdiction(d), "北京市");
	assert_str(lx_doc_type(d), "地方性法规");
	assert_str(lx_doc_status(d), "有效");
	assert_str(lx_doc_issuer(d), "北京市人民代表大会常务委员会");
	assert_str(lx_doc_effective(d), "2020-12-01");
	assert_null(lx_doc_expires(d));
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 2);
	assert_str(h[0].date, "2013-12-27");
	assert_str(h[0].action, "通过");
	assert_str(h[0].by, "北京市第十四届人民代表大会常务委员会第八次会议");
	assert_str(h[1].date, "2020-09-25");
	assert_str(h[1].action, "修订");
	/* Page numbers dropped with a diagnostic each; headings with spaces
	 * inside ("第一章 总 则") read as one heading. */
	assert_int_equal(test_diags(d, "page-number"), 2);
	/* Lines 135 and 420 end a sentence at full width and the next line
	 * is not indented: joined (the clean twin agrees), with a note. */
	assert_int_equal(test_diags(d, "uncertain-break"), 2);
	assert_str(lx_node_get_heading(test_find(d, "chp_1")), "总则");
	assert_str(lx_node_get_heading(test_find(d, "chp_7")), "附则");
	/* 第二十八条: five items in its first paragraph. */
	const lx_node *p = test_find(d, "art_28__para_1");
	assert_int_equal(test_children(p, LX_NODE_ITEM), 5);
	assert_str(lx_node_get_label(test_find(d, "art_28__para_1__item_2")), "（二）");
	assert_true(strstr(lx_node_get_text(test_find(d, "art_28__para_1__item_2")),
	                   "百分之四十以上") != NULL);
	/* A line after a page break starting with a space joins its
	 * paragraph (第二十三条). */
	assert_int_equal(test_children(test_find(d, "art_23"),
	                               LX_NODE_PARAGRAPH),
	                 3);
	lx_doc_free(d);
}

static void xicheng_wrapper(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_XICHENG);
	assert_str(lx_doc_title(d),
	           "北京市西城区支持中小微企业高质量发展的若干措施");
	assert_str(lx_doc_id(d), "北京市西城区支持中小微企业高质量发展的若干"
	                         "措施@2025-12-14");
	assert_str(lx_doc_jurisdiction(d), "北京市西城区");
	assert_str(lx_doc_type(d), "规范性文件");
	assert_str(lx_doc_number(d), "西行规发〔2025〕9号");
	assert_str(lx_doc_issuer(d), "北京市西城区人民政府");
	assert_str(lx_doc_effective(d), "2025-12-14");
	assert_str(lx_doc_expires(d), "2028-12-13");
	const lx_wrapper *w = lx_doc_wrapper(d);
	assert_non_null(w);
	assert_str(w->doc_number, "西行规发〔2025〕9号");
	assert_str(w->date, "2025-12-14");
	assert_str(w->addressees, "区政府各委、办、局，各街道办事处，各有关单位");
	assert_true(strstr(w->title, "关于印发《北京市西城区") != NULL);
	const lx_repeal *r;
	assert_int_equal(lx_doc_repeals(d, &r), 1);
	assert_str(r[0].doc_number, "西发改文〔2023〕71号");
	assert_true(strstr(r[0].title, "若干措施〉的通知") != NULL);
	assert_str(lx_doc_printed_date(d), "2025-12-15");
	assert_str(lx_doc_printed_by(d), "北京市西城区人民政府办公室");
	assert_true(strstr(lx_doc_cc(d), "区人民检察院") != NULL);
	/* Markdown: ## 第一章, **第一条**, ### **第三章 …**. */
	assert_str(lx_node_get_heading(test_find(d, "chp_3")), "支持中小企业壮大发展");
	assert_str(lx_node_get_label(test_find(d, "art_1")), "第一条");
	/* A paragraph broken by extraction ("2万" / "元资金奖励") is one. */
	const lx_node *a3 = test_find(d, "art_3");
	assert_int_equal(test_children(a3, LX_NODE_PARAGRAPH), 1);
	assert_true(strstr(lx_node_get_text(test_find(d, "art_3__para_1")),
	                   "2万元资金奖励") != NULL);
	lx_doc_free(d);
}

static void chongqing_truncated_header(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_CHONGQING);
	assert_str(lx_doc_title(d), "重庆市中小企业促进条例");
	assert_str(lx_doc_jurisdiction(d), "重庆市");
	assert_str(lx_doc_type(d), "地方性法规");
	assert_str(lx_doc_effective(d), "2024-07-01");
	assert_str(lx_doc_id(d), "重庆市中小企业促进条例@2024-03-28");
	const lx_event *h;
	assert_int_equal(lx_doc_history(d, &h), 2);
	/* The adoption line is cut off: kept, without a date, and said. */
	assert_null(h[0].date);
	assert_str(h[0].action, "通过");
	assert_str(h[1].date, "2024-03-28");
	assert_str(h[1].action, "修订");
	assert_int_equal(test_diags(d, "header-truncated"), 1);
	/* 第五十八条: eight items, then a second paragraph (前款). */
	const lx_node *a = test_find(d, "art_58");
	assert_int_equal(test_children(a, LX_NODE_PARAGRAPH), 2);
	assert_int_equal(test_children(test_find(d, "art_58__para_1"),
	                               LX_NODE_ITEM),
	                 8);
	assert_true(strncmp(lx_node_get_text(test_find(d, "art_58__para_2")), "因前款",
	                    strlen("因前款")) == 0);
	lx_doc_free(d);
}

static void policy_measures(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_POLICY);
	assert_str(lx_doc_grammar(d), "policy");
	assert_str(lx_doc_title(d),
	           "北京市关于促进“专精特新”中小企业高质量发展的若干措施");
	assert_str(lx_doc_type(d), "政策措施");
	assert_str(lx_doc_jurisdiction(d), "北京市");
	/* Effective on issue, but no issue date: null and said. */
	assert_null(lx_doc_effective(d));
	assert_int_equal(test_diags(d, "missing-date"), 1);
	/* Sections are chapters, measures are articles. */
	const lx_node *c1 = test_find(d, "chp_1");
	assert_str(lx_node_get_label(c1), "一、");
	assert_str(lx_node_get_heading(c1), "提升技术创新能力");
	assert_int_equal(test_children(c1, LX_NODE_ARTICLE), 3);
	const lx_node *m1 = test_find(d, "art_1");
	assert_str(lx_node_get_label(m1), "1.");
	static const char *const want[] = {"市科委", "中关村管委会", "市教委",
	                                   "市经济和信息化局", "市发展改革委"};
	assert_int_equal(lx_node_agency_count(m1), 5);
	for (size_t i = 0; i < 5; i++)
		assert_str(lx_node_agency(m1, i), want[i]);
	/* "（市人力资源社会保障局等相关部门…）": the 等… tail is dropped. */
	const lx_node *m10 = test_find(d, "art_10");
	bool found = false;
	for (size_t i = 0; i < lx_node_agency_count(m10); i++) {
		found |= !strcmp(lx_node_agency(m10, i), "市人力资源社会保障局");
		assert_null(strstr(lx_node_agency(m10, i), "等"));
	}
	assert_true(found);
	/* The preamble and the closing sentence are kept apart. */
	assert_non_null(test_find(d, "preamble"));
	assert_true(strstr(lx_node_get_text(test_find(d, "closing")), "自印发之日起施行") !=
	            NULL);
	lx_doc_free(d);
}

static void shenzhen_draft(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_SHENZHEN);
	assert_str(lx_doc_title(d), "深圳经济特区中小企业发展促进条例");
	assert_str(lx_doc_status(d), "征求意见稿");
	assert_str(lx_doc_jurisdiction(d), "深圳市");
	assert_str(lx_doc_type(d), "经济特区法规");
	assert_null(lx_doc_effective(d));
	assert_int_equal(test_diags(d, "placeholder-date"), 1);
	assert_int_equal(test_diags(d, "attachment"), 1);
	/* Chapter one has no heading in the source: implicit, said. */
	const lx_node *c1 = test_find(d, "chp_1");
	assert_null(lx_node_get_label(c1));
	assert_null(lx_node_get_heading(c1));
	assert_int_equal(test_children(c1, LX_NODE_ARTICLE), 8);
	assert_int_equal(test_diags(d, "missing-heading"), 1);
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	/* 【】 headings. */
	assert_str(lx_node_get_heading(test_find(d, "art_1")), "立法目的");
	assert_str(lx_node_get_label(test_find(d, "art_1")), "第一条");
	assert_true(strncmp(lx_node_get_text(test_find(d, "art_1__para_1")), "为了",
	                    strlen("为了")) == 0);
	/* 第五条: three paragraphs, items in the second. */
	assert_int_equal(test_children(test_find(d, "art_5"),
	                               LX_NODE_PARAGRAPH),
	                 3);
	assert_int_equal(test_children(test_find(d, "art_5__para_2"),
	                               LX_NODE_ITEM),
	                 5);
	assert_str(lx_node_get_heading(test_find(d, "chp_10")), "附则");
	lx_doc_free(d);
}

/* The statute files of a directory: sorted, README.md left out; a
 * directory that cannot be read is an LX_ERR_IO naming it. */
static void files_of_a_directory(void **state)
{
	(void)state;
	lx_files f;
	lx_error err = {0};
	assert_int_equal(lx_files_collect(&f, "corpus", &err), LX_OK);
	assert_true(f.n >= 11);
	for (size_t i = 1; i < f.n; i++)
		assert_true(strcmp(f.path[i - 1], f.path[i]) < 0);
	lx_files_free(&f);
	assert_int_equal(lx_files_collect(&f, "tests/bad", &err), LX_OK);
	for (size_t i = 0; i < f.n; i++)
		assert_null(strstr(f.path[i], "README.md"));
	/* what was left out, and why, one line each, sorted */
	static const char *const want[] = {
		"tests/bad/README.md: a README, not a document",
		"tests/bad/elf.bin: not a document name (.bin)",
		"tests/bad/laws.sqlite: not a document name (.sqlite)",
		"tests/bad/png.png: not a document name (.png)",
		"tests/bad/sheet.xlsx: not a document name (.xlsx)",
		"tests/bad/word97.doc: old Word or WPS file: convert it to DOCX",
	};
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		bool found = false;
		for (size_t i = 0; i < f.n_skipped; i++)
			found = found || !strcmp(f.skipped[i], want[w]);
		if (!found)
			fail_msg("not among the skipped: %s", want[w]);
	}
	for (size_t i = 1; i < f.n_skipped; i++)
		assert_true(strcmp(f.skipped[i - 1], f.skipped[i]) < 0);
	bool xhtml = false;
	for (size_t i = 0; i < f.n; i++)
		xhtml = xhtml || strstr(f.path[i], ".xhtml");
	assert_true(xhtml);
	lx_files_free(&f);
	assert_int_equal(lx_files_collect(&f, "/nonexistent/laws", &err),
	                 LX_ERR_IO);
	assert_int_equal(err.code, LX_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/laws: cannot read"));
	assert_int_equal(f.n, 0);
	lx_files_free(&f);
}

static void nothing_lost_in_samples(void **state)
{
	(void)state;
	const char *files[] = {SEED_BEIJING, SEED_XICHENG, SEED_CHONGQING,
	                       SEED_POLICY, SEED_SHENZHEN, TWIN_BEIJING};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "rb");
		assert_non_null(f);
		static char buf[1 << 20];
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		lx_doc *d = test_parse(G, files[i]);
		lx_error lost;
		if (lx_doc_check(d, buf, n, &lost))
			fail_msg("%s: %s", files[i], lost.msg);
		lx_doc_free(d);
	}
	/* A tree that does not hold the source: LX_ERR_DAMAGED, and where. */
	lx_doc *d = test_parse(G, SEED_BEIJING);
	lx_error err;
	assert_int_equal(lx_doc_check_text(d, "不在树上", 12, &err),
	                 LX_ERR_DAMAGED);
	assert_int_equal(err.code, LX_ERR_DAMAGED);
	assert_non_null(strstr(err.msg, "text differs at byte 0 of 12"));
	lx_doc_free(d);
}

/* The tree checker finds each kind of damage (the tree is edited by hand
 * through the library's own structures). */
#define CK_SRC "# 测试条例\n\n2020年1月1日 某市人民代表大会常务委员会通过\n\n" \
	"<!-- INFO END -->\n\n第一条 一。\n\n第二条 二：\n\n（一）甲；\n\n（二）乙。\n"
static lx_node *ck_find(lx_doc *d, const char *eid)
{
	return (lx_node *)lx_doc_find(d, eid);
}

static void ck_expect(lx_doc *d, const char *what)
{
	lx_error err;
	assert_int_equal(lx_doc_check(d, CK_SRC, strlen(CK_SRC), &err),
	                 LX_ERR_DAMAGED);
	if (!strstr(err.msg, what))
		fail_msg("expected \"%s\", got: %s", what, err.msg);
	lx_doc_free(d);
}

static void tree_checker(void **state)
{
	(void)state;
	lx_error err;
	lx_doc *d = test_parse_str(G, CK_SRC);
	assert_int_equal(lx_doc_check(d, CK_SRC, strlen(CK_SRC), &err), LX_OK);
	lx_doc_free(d);
	/* A sibling link broken. */
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_2")->prev = NULL;
	ck_expect(d, "broken parent or sibling link");
	/* An item directly under an article. */
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_1__para_1")->type = LX_NODE_ITEM;
	ck_expect(d, "node type not allowed here");
	/* Two nodes with one eid, and a malformed one. */
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_2__para_1__item_2")->eid = "art_2__para_1__item_1";
	ck_expect(d, "occurs twice");
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_1")->eid = "art 1";
	ck_expect(d, "eid missing or malformed");
	/* Lines outside the input, lines going back. */
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_2")->line_last = 999;
	ck_expect(d, "source lines outside the input");
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_2__para_1__item_2")->line_first = 2;
	ck_expect(d, "source lines go back");
	/* A numbering break nobody reported. */
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_2")->num = 5;
	ck_expect(d, "numbering break without a diagnostic");
	/* Text lost. */
	d = test_parse_str(G, CK_SRC);
	ck_find(d, "art_1__para_1")->text = "";
	ck_expect(d, "text differs");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shapes),
		cmocka_unit_test(beijing_equals_clean_twin),
		cmocka_unit_test(beijing),
		cmocka_unit_test(xicheng_wrapper),
		cmocka_unit_test(chongqing_truncated_header),
		cmocka_unit_test(policy_measures),
		cmocka_unit_test(shenzhen_draft),
		cmocka_unit_test(nothing_lost_in_samples),
		cmocka_unit_test(tree_checker),
		cmocka_unit_test(files_of_a_directory),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
