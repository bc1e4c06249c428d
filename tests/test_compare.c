/*
 * test_compare.c: provisions of several documents in rows by content: the
 * procurement row of the samples with the national law and Shanghai's,
 * its figures, and rows where a document has no counterpart.
 */
#include "lxtest.h"

#include <lexcn/compare.h>

#include "../parser/lx_int.h" /* lx_buf, to build the generated statutes */

#define NATIONAL "corpus/national-sme-promotion-law-2017.md"
#define SHANGHAI "corpus/shanghai-sme-promotion-2018.md"

/* The row holding article `eid` of document d. */
static size_t row_of(const lx_compare *c, size_t d, const char *eid)
{
	for (size_t r = 0; r < lx_compare_row_count(c); r++) {
		const lx_node *a = lx_compare_cell_article(c, r, d);
		if (a && !strcmp(lx_node_get_eid(a), eid))
			return r;
	}
	fail_msg("no row holds %s of document %zu", eid, d);
	return 0;
}

static void cell_is(const lx_compare *c, size_t r, size_t d, const char *eid)
{
	assert_non_null(lx_compare_cell_article(c, r, d));
	assert_string_equal(lx_node_get_eid(lx_compare_cell_article(c, r, d)), eid);
}

/* The cell holds article `eid` or one of its paragraphs (an article split
 * across rows, LX_CMP_SPLIT). */
static void cell_in(const lx_compare *c, size_t r, size_t d, const char *eid)
{
	const lx_node *a = lx_compare_cell_article(c, r, d);
	assert_non_null(a);
	const char *e = lx_node_get_eid(a);
	size_t l = strlen(eid);
	if (strcmp(e, eid) && (strncmp(e, eid, l) || strncmp(e + l, "__para_", 7)))
		fail_msg("cell %zu of row %zu holds %s, not %s or a part of it", d, r, e, eid);
}

static char *figures_of(const lx_compare *c, size_t r, size_t d,
                        lx_figure_kind kind)
{
	char *out = calloc(1, 512);
	const lx_figure_list *l = lx_compare_cell_figures(c, r, d);
	for (size_t i = 0; i < lx_figure_list_count(l); i++) {
		const lx_figure *f = lx_figure_list_at(l, i);
		if (lx_figure_get_kind(f) != kind)
			continue;
		char *t = lx_figure_format(f);
		if (*out)
			strcat(out, " ");
		strcat(out, t);
		free(t);
	}
	return out;
}

static void procurement_row(void **state)
{
	(void)state;
	const char *paths[] = {SEED_BEIJING, SEED_CHONGQING, SEED_SHENZHEN,
	                       SEED_XICHENG, NATIONAL,       SHANGHAI};
	lx_doc *docs[6];
	for (int i = 0; i < 6; i++)
		docs[i] = test_parse(G, paths[i]);
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, 6), 0);
	assert_int_equal(lx_compare_doc_count(c), 6);
	assert_ptr_equal(lx_compare_doc(c, 2), docs[2]);
	/* Beijing's art_28 lists its measures as items, split across rows
	 * (LX_CMP_SPLIT): the reserved share is item 2 */
	size_t row = row_of(c, 0, "art_28__para_1__item_2");
	cell_in(c, row, 1, "art_36");
	cell_in(c, row, 2, "art_45");
	cell_in(c, row, 3, "art_8");
	cell_in(c, row, 4, "art_40");
	/* Shanghai's art_29 (information and guidance; buying from SMEs) is
	 * split by its paragraphs since LX_CMP_SPLIT 0.05 and its second
	 * paragraph goes with Chongqing's art_36 para 4 (a gap: see
	 * compare/README.md) */
	assert_int_equal(lx_compare_row_filled(c, row), 5);
	assert_true(lx_compare_row_kept(c, row));
	const char *want[] = {"≥40% ≥70%", "≥30% ≥60%", "≥40% ≥70%",
	                      "≥40% ≥70%", "≥30% ≥60%", ""};
	for (int d = 0; d < 6; d++) {
		char *got = figures_of(c, row, (size_t)d, LX_FIG_PERCENT);
		assert_string_equal(got, want[d]);
		free(got);
	}
	/* 立法目的: the first articles together */
	row = row_of(c, 0, "art_1");
	cell_in(c, row, 1, "art_1");
	cell_in(c, row, 2, "art_1");
	cell_in(c, row, 4, "art_1");
	cell_in(c, row, 5, "art_1");
	/* every article in exactly one row, or each of its parts in one
	 * (split: its paragraphs, the items of a paragraph of several items
	 * instead of the paragraph), at most one unit per document a row */
	size_t split_items = 0;
	for (int d = 0; d < 6; d++) {
		size_t arts = 0, split = 0;
		const lx_node *root = lx_doc_body(docs[d]);
		for (const lx_node *a = root; a; a = lx_node_next_preorder(root, a)) {
			if (a->type != LX_NODE_ARTICLE)
				continue;
			size_t whole = 0, parts = 0, np = 0;
			for (const lx_node *p = a->first; p; p = p->next) {
				if (p->type != LX_NODE_PARAGRAPH)
					continue;
				size_t ni = 0;
				for (const lx_node *t = p->first; t; t = t->next)
					ni += t->type == LX_NODE_ITEM;
				np += ni > 1 ? ni : 1;
			}
			for (size_t r = 0, k = 0; r < lx_compare_row_count(c);
			     k + 1 < lx_compare_cell_unit_count(c, r, (size_t)d) ? k++ : (k = 0, r++)) {
				/* every unit of every cell */
				const lx_node *u = lx_compare_cell_unit(c, r, (size_t)d, k);
				whole += u == a;
				bool para = u && u->parent == a && u->type == LX_NODE_PARAGRAPH;
				bool item = u && u->type == LX_NODE_ITEM && u->parent &&
				            u->parent->parent == a;
				parts += para || item;
				split_items += item;
			}
			assert_true((whole == 1 && parts == 0) || (whole == 0 && parts == np && np > 1));
			arts += whole;
			split += parts > 0;
		}
		assert_int_equal(arts + split, lx_node_count(root, LX_NODE_ARTICLE));
	}
	assert_true(split_items > 0);
	lx_compare_free(c);
	for (int i = 0; i < 6; i++)
		lx_doc_free(docs[i]);
}

static lx_doc *parse_str(const char *name, const char *text)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	assert_int_equal(lx_parse_buffer(&d, G, name, text, strlen(text), NULL, &err), 0);
	return d;
}

static void missing_provision(void **state)
{
	(void)state;
	lx_doc *docs[3] = {
		parse_str("a.md", "# 甲市促进中小企业发展条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了优化中小企业经营环境，促进中小企业健康发展，制定本条例。\n\n"
		                  "第二条 国家机关、事业单位和大型企业应当在六十日内支付中小企业款项，不得违约拖欠。\n\n"
		                  "第三条 市政府设立融资担保基金，单个项目最高担保五百万元。\n"),
		parse_str("b.md", "# 乙市中小企业促进条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了优化中小企业发展环境，促进中小企业健康发展，制定本条例。\n\n"
		                  "第二条 本市鼓励中小企业开展国际合作，参加境外展会的给予补贴。\n\n"
		                  "第三条 机关、事业单位和大型企业应当自货物交付之日起三十日内支付中小企业款项，不得违约拖欠。\n"),
		parse_str("c.md", "# 丙市中小企业条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了促进中小企业健康发展，优化中小企业环境，制定本条例。\n\n"
		                  "第二条 融资担保基金为中小企业提供担保，单个项目最高担保三百万元。\n")};
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, 3), 0);
	/* payment: a and b, not c */
	size_t row = row_of(c, 0, "art_2");
	cell_is(c, row, 1, "art_3");
	assert_null(lx_compare_cell_article(c, row, 2));
	assert_int_equal(lx_figure_list_count(lx_compare_cell_figures(c, row, 2)), 0);
	assert_int_equal(lx_compare_row_filled(c, row), 2);
	char *f = figures_of(c, row, 0, LX_FIG_DAY);
	assert_string_equal(f, "≤60 days");
	free(f);
	f = figures_of(c, row, 1, LX_FIG_DAY);
	assert_string_equal(f, "≤30 days");
	free(f);
	/* guarantees: a and c, not b */
	row = row_of(c, 0, "art_3");
	cell_is(c, row, 2, "art_2");
	assert_null(lx_compare_cell_article(c, row, 1));
	/* b's international cooperation: particular to b */
	row = row_of(c, 1, "art_2");
	assert_int_equal(lx_compare_row_filled(c, row), 1);
	assert_true(lx_compare_row_particular(c, row));
	/* purposes: all three */
	assert_int_equal(lx_compare_row_filled(c, row_of(c, 0, "art_1")), 3);
	lx_compare_free(c);
	for (int i = 0; i < 3; i++)
		lx_doc_free(docs[i]);
}

/* The order-aware alignment (LX_CMP_GAP): b's second article shares a
 * little with a's second and more with a's third, which b's third matches
 * best; its best match in a (a's third) breaks the order of the two
 * statutes and is weak, so the pairwise best matches leave b's second
 * alone; in order, it is a's second's counterpart. */
static void in_order(void **state)
{
	(void)state;
	lx_doc *docs[2] = {
		parse_str("a.md", "# 甲市养犬管理条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境卫生和社会公共秩序，制定本条例。\n\n"
		                  "第二条 养犬人应当按照规定定期为犬只接种狂犬病疫苗，凭免疫证明办理登记。\n\n"
		                  "第三条 携带犬只出户的，应当为犬只束犬链，由成年人牵领，主动避让行人和车辆，及时清除犬只排泄的粪便。\n\n"
		                  "第四条 禁止在居民住宅楼内饲养烈性犬、大型犬，已经饲养的应当限期处置。\n"),
		parse_str("b.md", "# 乙市养犬管理规定\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了规范养犬行为，保障公民健康和人身安全，维护社会公共秩序，制定本规定。\n\n"
		                  "第二条 犬只接种疫苗后，养犬人携带犬只出户的，应当束犬链，由成年人牵领，主动避让行人。\n\n"
		                  "第三条 携带犬只出户的，应当束犬链，由成年人牵领，主动避让行人和车辆，并及时清除犬只粪便。\n\n"
		                  "第四条 居民住宅楼内禁止饲养烈性犬、大型犬。\n")};
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), 0);
	cell_is(c, row_of(c, 0, "art_1"), 1, "art_1");
	cell_is(c, row_of(c, 0, "art_3"), 1, "art_3");
	cell_is(c, row_of(c, 0, "art_4"), 1, "art_4");
	cell_is(c, row_of(c, 0, "art_2"), 1, "art_2");
	lx_compare_free(c);
	for (int i = 0; i < 2; i++)
		lx_doc_free(docs[i]);
}

/* Cells of several units (LX_CMP_ATTACH): a says in one article what b
 * says in two; b's second article, left alone, joins the row that holds
 * its neighbour, in one cell with it. */
static void attached(void **state)
{
	(void)state;
	lx_doc *docs[2] = {
		parse_str("a.md", "# 甲市养犬管理条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了规范养犬行为，保障公民健康和人身安全，维护社会公共秩序，制定本条例。\n\n"
		                  "第二条 养犬人应当自取得犬只之日起三十日内办理养犬登记，并定期为犬只接种狂犬病疫苗。\n\n"
		                  "第三条 禁止在居民住宅楼内饲养烈性犬、大型犬。\n"),
		parse_str("b.md", "# 乙市养犬管理规定\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了规范养犬行为，保障公民健康和人身安全，维护社会公共秩序，制定本规定。\n\n"
		                  "第二条 养犬人应当自取得犬只之日起三十日内办理养犬登记。\n\n"
		                  "第三条 养犬人应当定期为犬只接种狂犬病疫苗。\n\n"
		                  "第四条 禁止在居民住宅楼内饲养烈性犬、大型犬。\n")};
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), 0);
	size_t row = row_of(c, 0, "art_2");
	assert_int_equal(lx_compare_cell_unit_count(c, row, 1), 2);
	assert_string_equal(lx_node_get_eid(lx_compare_cell_unit(c, row, 1, 0)), "art_2");
	assert_string_equal(lx_node_get_eid(lx_compare_cell_unit(c, row, 1, 1)), "art_3");
	assert_null(lx_compare_cell_unit(c, row, 1, 2));
	assert_int_equal(lx_compare_cell_unit_count(c, row, 0), 1);
	assert_int_equal(lx_compare_row_filled(c, row), 2);
	cell_is(c, row_of(c, 0, "art_3"), 1, "art_4");
	/* the JSON lists both eids in the cell */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(lx_compare_json(f, c), 0);
	fclose(f);
	/* "art_2", then (after a line end and the indentation) "art_3" */
	char *e2 = strstr(buf, "\"art_2\",");
	assert_non_null(e2);
	e2 += strlen("\"art_2\",");
	e2 += strspn(e2, " \n");
	assert_int_equal(strncmp(e2, "\"art_3\"", 7), 0);
	free(buf);
	lx_compare_free(c);
	for (int i = 0; i < 2; i++)
		lx_doc_free(docs[i]);
}

/* LX_CMP_PRUNE: two articles under chapters of one name and at one place,
 * sharing only 企业 (weighted Dice 0.009): the heading and place terms
 * would pair them; the pruning keeps them apart. */
static void pruned(void **state)
{
	(void)state;
	lx_doc *docs[2] = {
		parse_str("a.md", "# 甲市条例\n\n<!-- INFO END -->\n\n第一章 总则\n\n"
		                  "第一条 为了促进中小企业健康发展，优化中小企业经营环境，制定本条例。\n\n"
		                  "第二章 扶持资金\n\n"
		                  "第二条 市人民政府设立专项资金，用于技术改造和品牌建设等企业事项。\n\n"
		                  "第三章 附则\n\n第三条 本条例自公布之日起施行。\n"),
		parse_str("b.md", "# 乙市条例\n\n<!-- INFO END -->\n\n第一章 总则\n\n"
		                  "第一条 为了促进中小企业健康发展，优化中小企业经营环境，制定本条例。\n\n"
		                  "第二章 扶持资金\n\n"
		                  "第二条 对获得认定的企业给予一次性奖励，奖励标准另行公布。\n\n"
		                  "第三章 附则\n\n第三条 本条例自公布之日起施行。\n")};
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), 0);
	cell_is(c, row_of(c, 0, "art_1"), 1, "art_1");
	cell_is(c, row_of(c, 0, "art_3"), 1, "art_3");
	size_t row = row_of(c, 0, "art_2");
	assert_null(lx_compare_cell_article(c, row, 1));
	assert_true(lx_compare_row_particular(c, row));
	assert_true(lx_compare_row_particular(c, row_of(c, 1, "art_2")));
	lx_compare_free(c);
	for (int i = 0; i < 2; i++)
		lx_doc_free(docs[i]);
}

/* Penalties that share their wording (由...部门责令改正，处...罚款) but
 * punish different acts: paired by the articles they enforce
 * (违反本条例第X条), which the two statutes number the other way round;
 * the bigram Dice alone (LEXCN_COMPARE_METHOD=bigram) pairs them by their
 * wording, wrongly. */
static void penalties_by_target(void **state)
{
	(void)state;
	lx_doc *docs[2] = {
		parse_str("a.md", "# 甲市市容条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了加强市容管理，制定本条例。\n\n"
		                  "第二条 禁止在公园绿地内倾倒建筑垃圾、生活垃圾和其他废弃物。\n\n"
		                  "第三条 携带犬只出户的，应当束犬链，由成年人牵领，并主动避让行人。\n\n"
		                  "第四条 违反本条例第二条规定的，由城市管理部门责令限期改正，处一千元以上五千元以下罚款。\n\n"
		                  "第五条 违反本条例第三条规定的，由公安机关责令改正，处二百元以上五百元以下罚款。\n"),
		parse_str("b.md", "# 乙市市容条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了加强市容管理，制定本条例。\n\n"
		                  "第二条 携带犬只出户，应当为犬只束犬链，由完全民事行为能力人牵领，避让老年人和儿童。\n\n"
		                  "第三条 任何单位和个人不得在公园绿地内倾倒建筑垃圾、生活垃圾。\n\n"
		                  "第四条 违反本条例第二条规定的，由城市管理部门责令限期改正，处一千元以上五千元以下罚款。\n\n"
		                  "第五条 违反本条例第三条规定的，由公安机关责令改正，处二百元以上五百元以下罚款。\n")};
	lx_compare *c;
	assert_int_equal(setenv("LEXCN_COMPARE_METHOD", "combined", 1), 0);
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), 0);
	cell_is(c, row_of(c, 0, "art_2"), 1, "art_3"); /* 绿地 */
	cell_is(c, row_of(c, 0, "art_3"), 1, "art_2"); /* 犬只 */
	cell_is(c, row_of(c, 0, "art_4"), 1, "art_5"); /* their penalties */
	cell_is(c, row_of(c, 0, "art_5"), 1, "art_4");
	/* the fines' figures, tied to what they punish */
	const lx_figure *f = lx_figure_list_at(lx_compare_cell_figures(c, row_of(c, 0, "art_4"), 0), 0);
	assert_non_null(f);
	assert_true(lx_figure_is_fine(f));
	assert_int_equal(lx_figure_get_op(f), LX_FIG_RANGE);
	assert_string_equal(lx_figure_get_target(f), "第二条");
	/* rows by the second document's articles */
	assert_int_equal(lx_compare_order(c, 1), 0);
	size_t last = 0;
	for (size_t r = 0; r < lx_compare_row_count(c); r++)
		if (lx_compare_cell_article(c, r, 1)) {
			assert_true(lx_compare_cell_position(c, r, 1) >= last);
			last = lx_compare_cell_position(c, r, 1);
		}
	assert_int_equal(last, 4);
	cell_is(c, 1, 1, "art_2");
	lx_compare_free(c);
	/* the earlier method pairs the penalties by their wording */
	assert_int_equal(setenv("LEXCN_COMPARE_METHOD", "bigram", 1), 0);
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), 0);
	cell_is(c, row_of(c, 0, "art_4"), 1, "art_4");
	lx_compare_free(c);
	assert_int_equal(setenv("LEXCN_COMPARE_METHOD", "nosuch", 1), 0);
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), LX_ERR_USAGE);
	assert_null(c);
	assert_int_equal(unsetenv("LEXCN_COMPARE_METHOD"), 0);
	for (int i = 0; i < 2; i++)
		lx_doc_free(docs[i]);
}

/* An article of two matters (a deposit rule and its use rule) that the
 * other statute keeps in two articles: split by paragraph across two rows,
 * each row naming its part. */
static void two_matters(void **state)
{
	(void)state;
	lx_doc *docs[2] = {
		parse_str("a.md", "# 甲市物业管理条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了规范物业管理活动，维护业主的合法权益，制定本条例。\n\n"
		                  "第二条 住宅物业的建设单位和业主应当按照规定交存专项维修资金，专项维修资金属于业主所有。\n\n"
		                  "专项维修资金的使用应当经专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主同意，专款专用于共用部位、共用设施设备保修期满后的维修和更新、改造。\n"),
		parse_str("b.md", "# 乙市物业管理条例\n\n<!-- INFO END -->\n\n"
		                  "第一条 为了规范物业管理活动，维护业主和物业服务人的合法权益，制定本条例。\n\n"
		                  "第二条 住宅物业的业主应当按照国家和本市规定交存专项维修资金，专项维修资金属于业主所有。\n\n"
		                  "第三条 专项维修资金专款专用于共用部位、共用设施设备保修期满后的维修和更新、改造，使用应当经业主共同决定同意。\n")};
	assert_int_equal(unsetenv("LEXCN_COMPARE_METHOD"), 0);
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, 2), 0);
	size_t r = row_of(c, 0, "art_2__para_1");
	cell_is(c, r, 1, "art_2");
	r = row_of(c, 0, "art_2__para_2");
	cell_is(c, r, 1, "art_3");
	cell_is(c, row_of(c, 0, "art_1"), 1, "art_1");
	lx_compare_free(c);
	for (int i = 0; i < 2; i++)
		lx_doc_free(docs[i]);
}

/* 64 statutes (the most allowed) of 300 articles all alike but for a tag
 * that says their place: too many alike for the exhaustive search
 * (compare.h); the bounded one still puts the k-th article of every
 * statute in the k-th row. */
static void many_alike(void **state)
{
	(void)state;
	static const char *const tag[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚",
	                                  "辛", "壬", "癸", "子", "丑", "寅", "卯",
	                                  "辰", "巳", "午", "未", "申", "酉"};
	enum { ND = 64, NA = 300 };
	lx_doc *docs[ND];
	for (int d = 0; d < ND; d++) {
		lx_buf b = {0};
		lx_buf_adds(&b, "# 相似条文测试条例\n\n<!-- INFO END -->\n\n");
		for (long i = 1; i <= NA; i++) {
			char num[64];
			assert_true(lx_cn_format(i, num, sizeof(num)));
			lx_buf_adds(&b, "第");
			lx_buf_adds(&b, num);
			lx_buf_adds(&b, "条 几乎相同的条文内容，有关部门应当");
			lx_buf_adds(&b, d % 2 ? "另行" : "依法");
			lx_buf_adds(&b, "处理");
			for (long v = i; v; v /= 20)
				lx_buf_adds(&b, tag[v % 20]);
			lx_buf_adds(&b, "。\n\n");
		}
		assert_false(b.oom);
		lx_error err = {0};
		assert_int_equal(lx_parse_buffer(&docs[d], G, "alike.md", b.s, b.len,
		                                 NULL, &err),
		                 0);
		lx_buf_free(&b);
	}
	lx_compare *c;
	assert_int_equal(lx_compare_docs(&c, G, docs, ND), 0);
	assert_int_equal(lx_compare_row_count(c), NA);
	for (size_t r = 0; r < NA; r++) {
		char want[32];
		snprintf(want, sizeof(want), "art_%zu", r + 1);
		assert_int_equal(lx_compare_row_filled(c, r), ND);
		for (size_t d = 0; d < ND; d++)
			cell_is(c, r, d, want);
	}
	lx_compare_free(c);
	/* more than 64: the documented limit */
	lx_doc *more[ND + 1];
	for (int d = 0; d <= ND; d++)
		more[d] = docs[d % ND];
	assert_int_equal(lx_compare_docs(&c, G, more, ND + 1), LX_ERR_LIMIT);
	assert_null(c);
	for (int d = 0; d < ND; d++)
		lx_doc_free(docs[d]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(procurement_row),
		cmocka_unit_test(missing_provision),
		cmocka_unit_test(penalties_by_target),
		cmocka_unit_test(two_matters),
		cmocka_unit_test(in_order),
		cmocka_unit_test(attached),
		cmocka_unit_test(pruned),
		cmocka_unit_test(many_alike),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
