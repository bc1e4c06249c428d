/*
 * test_cite.c: references in the samples, with the national SME law given
 * alongside, are found and linked to the exact node; spans point at the
 * text; nothing is linked to a node that does not exist.
 */
#include "lxtest.h"

#define NATIONAL "corpus/national-sme-promotion-law-2017.md"

static lx_set *S;

static int setup(void **state)
{
	setup_grammars(state);
	if (lx_set_new(&S))
		return -1;
	const char *files[] = {SEED_BEIJING, SEED_XICHENG, SEED_CHONGQING,
	                       SEED_POLICY, SEED_SHENZHEN, NATIONAL};
	for (size_t i = 0; i < 6; i++)
		if (lx_set_add(S, test_parse(G, files[i])))
			return -1;
	return lx_set_resolve(S);
}

static int teardown(void **state)
{
	lx_set_free(S);
	return teardown_grammars(state);
}

/* The citation in document `doc` from node `from` with this text. */
static const lx_cite *find_cite(const char *doc, const char *from,
                                const char *text)
{
	lx_doc *d = lx_set_find(S, doc);
	if (!d)
		fail_msg("no document %s", doc);
	size_t n = lx_doc_cite_count(d);
	for (size_t i = 0; i < n; i++) {
		const lx_cite *c = lx_doc_cite(d, i);
		if (!strcmp(lx_cite_get_from(c), from) &&
		    !strcmp(lx_cite_get_text(c), text))
			return c;
	}
	fail_msg("no citation \"%s\" in %s#%s", text, doc, from);
	return NULL;
}

static void targets_are(const lx_cite *c, const char *doc,
                        const char *const *eids, size_t n)
{
	assert_true(lx_cite_get_resolved(c));
	assert_null(lx_cite_get_reason(c));
	assert_int_equal(lx_cite_target_count(c), n);
	assert_null(lx_cite_target(c, n));
	for (size_t i = 0; i < n; i++) {
		const lx_target *t = lx_cite_target(c, i);
		assert_str(t->doc, doc);
		if (eids[i])
			assert_str(t->eid, eids[i]);
		else
			assert_null(t->eid);
	}
}

#define SZ "深圳经济特区中小企业发展促进条例"

/* lx_target_within: a node and the nodes below it, by eid parts. */
static void target_within(void **state)
{
	(void)state;
	lx_target t = {"d", "art_45__para_1__item_3"}, none = {"d", NULL};
	assert_true(lx_target_within(&t, NULL));
	assert_true(lx_target_within(&t, "art_45"));
	assert_true(lx_target_within(&t, "art_45__para_1"));
	assert_true(lx_target_within(&t, "art_45__para_1__item_3"));
	assert_false(lx_target_within(&t, "art_4"));
	assert_false(lx_target_within(&t, "art_45__para_1__item_3__subitem_1"));
	assert_false(lx_target_within(&none, "art_45"));
	assert_true(lx_target_within(&none, NULL));
}

static void shenzhen(void **state)
{
	(void)state;
	const lx_cite *c = find_cite(SZ, "art_46__para_2", "本条例第四十五条第三项");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_ABSOLUTE);
	assert_str(lx_cite_kind_name(lx_cite_get_kind(c)), "absolute");
	targets_are(c, SZ, (const char *[]){"art_45__para_1__item_3"}, 1);
	c = find_cite(SZ, "art_77__para_2", "前款第一至第四项");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_RELATIVE);
	assert_str(lx_cite_kind_name(lx_cite_get_kind(c)), "relative");
	targets_are(c, SZ,
	            (const char *[]){"art_77__para_1__item_1",
	                             "art_77__para_1__item_2",
	                             "art_77__para_1__item_3",
	                             "art_77__para_1__item_4"},
	            4);
	/* 对前款所列行为 */
	c = find_cite(SZ, "art_77__para_2", "前款");
	targets_are(c, SZ, (const char *[]){"art_77__para_1"}, 1);
	c = find_cite(SZ, "art_80__para_1__item_4", "本条例第七十六条");
	targets_are(c, SZ, (const char *[]){"art_76"}, 1);
}

static void paragraphs_before(void **state)
{
	(void)state;
	const lx_cite *c = find_cite("北京市促进中小企业发展条例",
	                             "art_44__para_2", "前款");
	targets_are(c, "北京市促进中小企业发展条例@2020-09-25",
	            (const char *[]){"art_44__para_1"}, 1);
	c = find_cite("重庆市中小企业促进条例", "art_58__para_2", "前款");
	targets_are(c, "重庆市中小企业促进条例@2024-03-28",
	            (const char *[]){"art_58__para_1"}, 1);
}

static void other_documents(void **state)
{
	(void)state;
	static const char *const national =
		"中华人民共和国中小企业促进法@2017-09-01";
	const char *docs[] = {"北京市促进中小企业发展条例",
	                      "北京市西城区支持中小微企业高质量发展的若干措施",
	                      "重庆市中小企业促进条例", SZ};
	for (size_t i = 0; i < 4; i++) {
		const lx_cite *c = find_cite(docs[i], "art_1__para_1",
		                             "《中华人民共和国中小企业促进法》");
		assert_int_equal(lx_cite_get_kind(c), LX_CITE_DOCUMENT);
		assert_int_equal(lx_cite_get_relation(c), LX_CITE_BASIS);
		assert_str(lx_cite_relation_name(lx_cite_get_relation(c)), "basis");
		targets_are(c, national, (const char *[]){NULL}, 1);
	}
	const char *xc = "北京市西城区支持中小微企业高质量发展的若干措施";
	const lx_cite *c = find_cite(xc, "art_1__para_1",
	                             "《北京市促进中小企业发展条例》");
	targets_are(c, "北京市促进中小企业发展条例@2020-09-25",
	            (const char *[]){NULL}, 1);
	/* Not in the set (the titles differ from 003's): unresolved. */
	c = find_cite(xc, "art_1__para_1",
	              "《北京市关于促进专精特新企业高质量发展的若干措施》");
	assert_false(lx_cite_get_resolved(c));
	assert_str(lx_cite_get_reason(c), "document not in set");
	assert_int_equal(lx_cite_target_count(c), 0);
	/* The repealed 2023 notice, with its number. */
	const lx_doc *xd = lx_set_find(S, xc);
	size_t n = lx_doc_cite_count(xd);
	bool repeal = false, issues = false;
	for (size_t i = 0; i < n; i++) {
		const lx_cite *ci = lx_doc_cite(xd, i);
		if (lx_cite_get_relation(ci) == LX_CITE_REPEAL) {
			repeal = true;
			assert_str(lx_cite_get_doc_number(ci), "西发改文〔2023〕71号");
			assert_false(lx_cite_get_resolved(ci));
		}
		if (lx_cite_get_relation(ci) == LX_CITE_ISSUES) {
			issues = true;
			assert_str(lx_cite_get_from(ci), "wrapper");
			assert_str(lx_cite_target(ci, 0)->doc,
			           "北京市西城区支持中小微企业高质量发展的若干措施"
			           "@2025-12-14");
		}
	}
	assert_true(repeal && issues);
}

/* Spans index the citing node's text in characters; every target exists. */
static void spans_and_targets_exist(void **state)
{
	(void)state;
	lx_doc *const *docs;
	size_t nd = lx_set_docs(S, &docs), checked = 0;
	for (size_t i = 0; i < nd; i++) {
		size_t n = lx_doc_cite_count(docs[i]);
		for (size_t k = 0; k < n; k++) {
			const lx_cite *c = lx_doc_cite(docs[i], k);
			const lx_node *from =
				lx_doc_find(docs[i], lx_cite_get_from(c));
			if (from) {
				/* The span: bytes of the node's text. */
				const char *t = lx_node_get_text(from);
				size_t a = lx_cite_get_start(c),
				       b = lx_cite_get_end(c);
				assert_true(a <= b && b <= strlen(t));
				assert_int_equal(b - a, strlen(lx_cite_get_text(c)));
				assert_memory_equal(t + a, lx_cite_get_text(c), b - a);
				checked++;
			}
			for (size_t q = 0; q < lx_cite_target_count(c); q++) {
				const lx_target *tg = lx_cite_target(c, q);
				lx_doc *t = lx_set_find(S, tg->doc);
				assert_non_null(t);
				if (tg->eid)
					assert_non_null(lx_doc_find(t, tg->eid));
			}
		}
	}
	assert_true(checked >= 10);
}

static void definitions(void **state)
{
	(void)state;
	const lx_definition *df;
	size_t n = lx_doc_definitions(lx_set_find(S, SZ), &df);
	assert_int_equal(n, 1);
	assert_str(df[0].term, "中小企业");
	assert_str(df[0].eid, "art_2__para_2");
	assert_true(!strncmp(df[0].text, "在本市依法设立", strlen("在本市依法设立")));
}

/* A graph node: the document, or DOC#art_N (the eid up to "__") for an
 * article when `articles`. */
static void node_name(char *out, size_t size, const char *doc, const char *eid,
                      bool articles)
{
	if (articles && eid && !strncmp(eid, "art_", 4)) {
		const char *e = strstr(eid, "__");
		int n = e ? (int)(e - eid) : (int)strlen(eid);
		snprintf(out, size, "%s#%.*s", doc, n, eid);
	} else {
		snprintf(out, size, "%s", doc);
	}
}

/* The graph against the citations counted here the slow way: an edge per
 * distinct (from, to) of the resolved targets (no self-links), in the order
 * of their first citation, with its count and relations. */
static void graph_matches_citations(void **state)
{
	(void)state;
	for (int articles = 0; articles < 2; articles++) {
		lx_graph *g = NULL;
		lx_error err = {0};
		assert_int_equal(lx_graph_new(&g, S, articles, &err), LX_OK);
		char from[512], to[512];
		size_t want = 0, total = 0;
		lx_doc *const *dv;
		size_t nd = lx_set_docs(S, &dv);
		assert_int_equal(lx_graph_doc_count(g), nd);
		for (size_t i = 0; i < nd; i++)
			for (size_t k = 0; k < lx_doc_cite_count(dv[i]); k++) {
				const lx_cite *c = lx_doc_cite(dv[i], k);
				for (size_t t = 0; t < lx_cite_target_count(c); t++) {
					const lx_target *tg = lx_cite_target(c, t);
					node_name(from, sizeof(from), lx_cite_get_doc(c),
					          lx_cite_get_from(c), articles);
					node_name(to, sizeof(to), tg->doc, tg->eid,
					          articles);
					if (!strcmp(from, to))
						continue;
					total++;
					size_t e = 0;
					while (e < want &&
					       (strcmp(lx_graph_edge_from(g, e), from) ||
					        strcmp(lx_graph_edge_to(g, e), to)))
						e++;
					if (e == want) {
						/* a new pair: the next edge in order */
						assert_true(want < lx_graph_edge_count(g));
						assert_string_equal(lx_graph_edge_from(g, e), from);
						assert_string_equal(lx_graph_edge_to(g, e), to);
						want++;
					}
					assert_true(lx_graph_edge_has(
						g, e, lx_cite_get_relation(c)));
				}
			}
		assert_int_equal(lx_graph_edge_count(g), want);
		assert_true(want > 3);
		size_t sum = 0;
		for (size_t e = 0; e < want; e++)
			sum += lx_graph_edge_citations(g, e);
		assert_int_equal(sum, total);
		lx_graph_free(g);
	}
}


/* ---- one statute written for the tests: references in context ---------- */

static const char CTX[] =
	"# 某市测试管理条例\n\n"
	"## 第一章 总则\n\n"
	"第一条 为了规范管理，根据消防法和《中华人民共和国行政处罚法》，制定本条例。\n\n"
	"第二条 本条例下列用语的含义：\n\n"
	"（一）海岸带,是指海陆交汇地带；\n\n"
	"（二）本条例所称甲、乙，分别是指一类和二类。\n\n"
	"本条例所称设施为供水设施。\n\n"
	"## 第二章 管理\n\n"
	"### 第一节 一般规定\n\n"
	"第三条 单位应当遵守下列规定：\n\n"
	"（一）甲；\n\n（二）乙；\n\n（三）丙；\n\n（四）丁。\n\n"
	"第四条 违反道路交通安全法的，依照行政处罚法有关规定处理。采用科学方法，依法办理，按照规定的办法执行。\n\n"
	"### 第二节 特别规定\n\n"
	"第五条 单位应当遵守本章和本节的规定，依照本条例第三章规定执行。\n\n"
	"本条第一款规定的事项，依照第二章第一节执行。\n\n"
	"第六条 有下列情形之一的，适用第一节：\n\n"
	"（一）其他；\n\n（二）其他。\n\n"
	"构成前款规定情形的，造成前款所列后果的，完成前款规定事项的，依照本章第一节处理。\n\n"
	"## 第三章 法律责任\n\n"
	"第七条 违反本条例第三条规定，有下列行为之一的，处罚款：\n\n"
	"（一）违反第一项规定的；\n\n"
	"（二）违反第四项规定的；\n\n"
	"（三）违反第五项规定的。\n\n"
	"第八条 违反本条例第五条第一款规定的，处警告；违反第二款规定的，处罚款；违反第三款规定的，处拘留。\n\n"
	"第九条 违反本条例第三条第一项规定的，处警告；违反第四项规定的，处罚款。\n\n"
	"第十条 有下列行为之一的，处罚款：\n\n"
	"（一）违反第二项规定的；\n\n（二）其他。\n\n"
	"第二款规定的，从重处罚。违反本条例第四条规定的，处罚款。单位有违反该条规定行为的，从重处罚。\n\n"
	"第十一条 按照《污水综合排放标准》和《建设工程施工合同（示范文本）》以及《某市土地利用总体规划》执行，"
	"并遵守《某市测试管理条例》第三条第二项。\n\n"
	"第十二条 违反刑法第二十条第一款和第二款规定的，依法处理。\n";

/* The citation of doc d from node `from` with this text. */
static const lx_cite *cite_in(const lx_doc *d, const char *from,
                              const char *text)
{
	for (size_t i = 0; i < lx_doc_cite_count(d); i++) {
		const lx_cite *c = lx_doc_cite(d, i);
		if (!strcmp(lx_cite_get_from(c), from) &&
		    !strcmp(lx_cite_get_text(c), text))
			return c;
	}
	fail_msg("no citation \"%s\" in #%s", text, from);
	return NULL;
}

static void links_to(const lx_cite *c, const char *eid)
{
	if (!lx_cite_get_resolved(c))
		fail_msg("\"%s\" unresolved: %s", lx_cite_get_text(c),
		         lx_cite_get_reason(c));
	assert_int_equal(lx_cite_target_count(c), 1);
	assert_str(lx_cite_target(c, 0)->eid, eid);
}

static void unresolved(const lx_cite *c, const char *reason_start)
{
	assert_false(lx_cite_get_resolved(c));
	assert_int_equal(lx_cite_target_count(c), 0);
	if (strncmp(lx_cite_get_reason(c), reason_start, strlen(reason_start)))
		fail_msg("reason \"%s\", not \"%s…\"", lx_cite_get_reason(c),
		         reason_start);
}

/* A bare 第X项/第X款 continues the article named before it: in the lead of
 * the item list, earlier in the sentence, earlier in the same item. */
static void context_inherited(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	/* 违反本条例第三条规定，有下列行为之一的：（一）违反第一项规定的 */
	const lx_cite *c = cite_in(d, "art_7__para_1__item_1", "第一项");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_RELATIVE);
	links_to(c, "art_3__para_1__item_1");
	links_to(cite_in(d, "art_7__para_1__item_2", "第四项"),
	         "art_3__para_1__item_4");
	/* Article 3 has 4 items: not linked to article 7's own (3 items),
	 * nor to a guess. */
	unresolved(cite_in(d, "art_7__para_1__item_3", "第五项"),
	           "no such item: 第5项 of art_3");
	/* 本条例第五条第一款……第二款 in one sentence chain. */
	links_to(cite_in(d, "art_8__para_1", "第二款"), "art_5__para_2");
	unresolved(cite_in(d, "art_8__para_1", "第三款"),
	           "no such paragraph: 第3款 of art_5");
	/* 本条例第三条第一项……；违反第四项 */
	links_to(cite_in(d, "art_9__para_1", "第四项"), "art_3__para_1__item_4");
	/* 《this document》第三条第二项 names its own article 3. */
	links_to(cite_in(d, "art_11__para_1", "《某市测试管理条例》第三条第二项"),
	         "art_3__para_1__item_2");
	/* 该条 after the sentence that names article 4. */
	links_to(cite_in(d, "art_10__para_2", "该条"), "art_4");
	/* 刑法第二十条第一款和第二款: the 第二款 of that law, not this one. */
	c = cite_in(d, "art_12__para_1", "第二十条第一款和第二款");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_DOCUMENT);
	lx_doc_free(d);
}

/* With nothing named before it, a bare 第X项 is the citing article's own. */
static void context_own(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	const lx_cite *c = cite_in(d, "art_10__para_1__item_1", "第二项");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_RELATIVE);
	links_to(c, "art_10__para_1__item_2");
	/* 第二款 opening a paragraph: of this article, though article 4 is
	 * named later in the paragraph. */
	links_to(cite_in(d, "art_10__para_2", "第二款"), "art_10__para_2");
	lx_doc_free(d);
}

/* 本章, 本节, 第三章, 第二章第一节, 本章第一节, a bare 第一节 (of this
 * chapter) and 本条例第三章: the heading nodes. */
static void headings(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	links_to(cite_in(d, "art_5__para_1", "本章"), "chp_2");
	links_to(cite_in(d, "art_5__para_1", "本节"), "chp_2__sec_2");
	const lx_cite *c = cite_in(d, "art_5__para_1", "本条例第三章");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_ABSOLUTE);
	links_to(c, "chp_3");
	links_to(cite_in(d, "art_5__para_2", "第二章第一节"), "chp_2__sec_1");
	links_to(cite_in(d, "art_6__para_1", "第一节"), "chp_2__sec_1");
	links_to(cite_in(d, "art_6__para_2", "本章第一节"), "chp_2__sec_1");
	lx_doc_free(d);
}

/* 构成前款, 造成前款, 完成前款: references (the 成本 guard looks at the word
 * 本 begins, not at any 成 before 前款); 成本 and 基本 are still words. */
static void guard_is_a_word(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	static const char *const words[] = {"构成", "造成", "完成"};
	size_t n = 0;
	for (size_t i = 0; i < lx_doc_cite_count(d); i++) {
		const lx_cite *c = lx_doc_cite(d, i);
		if (!strcmp(lx_cite_get_from(c), "art_6__para_2") &&
		    !strcmp(lx_cite_get_text(c), "前款")) {
			links_to(c, "art_6__para_1");
			n++;
		}
	}
	assert_int_equal(n, 3);
	(void)words;
	lx_doc_free(d);
	d = test_parse_str(G, "# 某条例\n\n第一条 降低成本条件，基本条件。\n");
	assert_int_equal(lx_doc_cite_count(d), 0);
	lx_doc_free(d);
}

/* A law named without 《》: a document reference; 方法, 依法, 办法 are not. */
static void law_names(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	const lx_cite *c = cite_in(d, "art_4__para_1", "道路交通安全法");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_DOCUMENT);
	assert_str(lx_cite_get_title(c), "道路交通安全法");
	unresolved(c, "document not in set");
	c = cite_in(d, "art_4__para_1", "行政处罚法");
	assert_int_equal(lx_cite_get_relation(c), LX_CITE_BASIS);
	c = cite_in(d, "art_1__para_1", "消防法");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_DOCUMENT);
	size_t in4 = 0;
	for (size_t i = 0; i < lx_doc_cite_count(d); i++)
		in4 += !strcmp(lx_cite_get_from(lx_doc_cite(d, i)),
		               "art_4__para_1");
	assert_int_equal(in4, 2); /* not 科学方法, 依法, 规定的办法 */
	lx_doc_free(d);
}

/* Forms, standards, plans, contracts in 《》: kind named-text, never
 * linked as documents. */
static void named_texts(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	static const char *const t[] = {"《污水综合排放标准》",
	                                "《建设工程施工合同（示范文本）》",
	                                "《某市土地利用总体规划》"};
	for (size_t i = 0; i < 3; i++) {
		const lx_cite *c = cite_in(d, "art_11__para_1", t[i]);
		assert_int_equal(lx_cite_get_kind(c), LX_CITE_NAMED_TEXT);
		assert_str(lx_cite_kind_name(lx_cite_get_kind(c)), "named-text");
		unresolved(c, "a named text");
	}
	/* Laws stay documents. */
	assert_int_equal(lx_cite_get_kind(cite_in(d, "art_1__para_1",
	                                          "《中华人民共和国行政处罚法》")),
	                 LX_CITE_DOCUMENT);
	lx_doc_free(d);
}

/* "海岸带,是指" (ASCII comma), "X、Y，分别是指", "本条例所称X为". */
static void definition_forms(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, CTX);
	const lx_definition *df;
	size_t n = lx_doc_definitions(d, &df);
	static const char *const want[][2] = {
		{"海岸带", "art_2__para_1__item_1"},
		{"甲", "art_2__para_1__item_2"},
		{"乙", "art_2__para_1__item_2"},
		{"设施", "art_2__para_2"}};
	assert_int_equal(n, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_str(df[i].term, want[i][0]);
		assert_str(df[i].eid, want[i][1]);
	}
	assert_str(df[1].text, "一类和二类");
	assert_str(df[3].text, "供水设施");
	lx_doc_free(d);
}

/* What is no definition, and terms with a parenthesis: an item opening
 * with "X，指导…" (指 starts a word); 本条例所称X（以下简称Y），是指…
 * (X, and Y short for X); a full name with a parenthesis in it before
 * （以下简称Y）, without the 根据 before it. */
static void definition_edges(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G,
		"# 某市测试条例\n\n"
		"第一条 根据《中华人民共和国证券法》（以下简称《证券法》），制定本条例。\n\n"
		"第二条 本条例所称科学技术普及（以下简称科普），是指普及科学知识的活动。\n\n"
		"第三条 中国（浙江）自由贸易试验区（以下简称自贸试验区）的管理，适用本条例。\n\n"
		"第四条 卫生部门的职责：\n\n"
		"（一）监督从业人员健康检查，指导有关部门开展培训；\n\n"
		"（二）公共场所，是指公众进出的场所。\n");
	const lx_definition *df;
	size_t n = lx_doc_definitions(d, &df);
	static const char *const want[][3] = {
		{"《证券法》", "art_1__para_1", "《中华人民共和国证券法》"},
		{"科学技术普及", "art_2__para_1", "普及科学知识的活动"},
		{"科普", "art_2__para_1", NULL},
		{"自贸试验区", "art_3__para_1", "中国（浙江）自由贸易试验区"},
		{"公共场所", "art_4__para_1__item_2", "公众进出的场所"}};
	assert_int_equal(n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_str(df[i].term, want[i][0]);
		assert_str(df[i].eid, want[i][1]);
		if (want[i][2])
			assert_str(df[i].text, want[i][2]);
	}
	lx_doc_free(d);
}

/* 违反本条例第十九条规定第一项 (the unit after 规定): article 19's item, not
 * another law named "…规定"; 上述各项 in item 3: items 1 and 2. */
static void units_after_guide_words(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G,
		"# 某市菜市场管理条例\n\n"
		"第一条 为了规范管理，制定本条例。\n\n"
		"第十九条 菜市场内禁止下列行为：\n\n（一）吸烟；\n\n（二）随地吐痰。\n\n"
		"第二十条 经营者不得有下列行为：\n\n（一）欺诈；\n\n（二）强迫交易；\n\n"
		"（三）对抵制上述各项行为的消费者拒绝提供商品。\n\n"
		"第三十四条 违反本条例第十九条规定第一项，在菜市场内吸烟的，处罚款。\n");
	const lx_cite *c = cite_in(d, "art_34__para_1", "第一项");
	assert_int_equal(lx_cite_get_kind(c), LX_CITE_RELATIVE);
	links_to(c, "art_19__para_1__item_1");
	c = cite_in(d, "art_20__para_1__item_3", "上述各项");
	assert_true(lx_cite_get_resolved(c));
	assert_int_equal(lx_cite_target_count(c), 2);
	assert_str(lx_cite_target(c, 0)->eid, "art_20__para_1__item_1");
	assert_str(lx_cite_target(c, 1)->eid, "art_20__para_1__item_2");
	lx_doc_free(d);
}

/* How many citations come from node `from`. */
static size_t cites_from(const lx_doc *d, const char *from)
{
	size_t c = 0;
	for (size_t i = 0; i < lx_doc_cite_count(d); i++)
		c += !strcmp(lx_cite_get_from(lx_doc_cite(d, i)), from);
	return c;
}

/* A statute whose 第二条 holds n references 依照本条例第一条，. */
static lx_doc *n_refs(size_t n)
{
	const char *ref = "依照本条例第一条，";
	size_t cap = 256 + n * strlen(ref), o = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	o += (size_t)snprintf(s, cap, "# 测试条例\n\n第一条 总则。\n\n第二条 ");
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "%s", ref);
	snprintf(s + o, cap - o, "处理。\n\n第三条 依照本条例第一条处理。\n");
	lx_doc *d = test_parse_str(G, s);
	free(s);
	return d;
}

static void citation_limit(void **state)
{
	(void)state;
	/* At the limit: every reference, no diagnostic. */
	lx_doc *d = n_refs(LX_MAX_CITES_PER_TEXT);
	assert_int_equal(cites_from(d, "art_2__para_1"), LX_MAX_CITES_PER_TEXT);
	assert_int_equal(test_diags(d, "citation-limit"), 0);
	lx_doc_free(d);
	/* Beyond: the first LX_MAX_CITES_PER_TEXT, a diagnostic naming the
	 * node and its line, the text kept whole; the next text is read. */
	d = n_refs(LX_MAX_CITES_PER_TEXT + 5);
	assert_int_equal(cites_from(d, "art_2__para_1"), LX_MAX_CITES_PER_TEXT);
	assert_int_equal(cites_from(d, "art_3__para_1"), 1);
	const lx_diag *g;
	size_t nd = lx_doc_diags(d, &g), found = 0;
	for (size_t i = 0; i < nd; i++) {
		if (strcmp(g[i].code, "citation-limit"))
			continue;
		found++;
		assert_int_equal(g[i].severity, LX_SEV_WARNING);
		assert_int_equal(g[i].line, 5);
		assert_non_null(strstr(g[i].message, "art_2__para_1"));
	}
	assert_int_equal(found, 1);
	const char *text = lx_node_get_text(test_find(d, "art_2__para_1"));
	assert_int_equal(strlen(text), (LX_MAX_CITES_PER_TEXT + 5) *
	                                       strlen("依照本条例第一条，") +
	                                       strlen("处理。"));
	lx_doc_free(d);
}

/* ---- catalogues: the same links, one document at a time ----------- */

/* Loads document i of a list, parsed with its citations found. */
typedef lx_doc *(*loader)(const void *ctx, size_t i);

static const char *opt(const char *s)
{
	return s ? s : "(null)";
}

/* Two parses of one document, one resolved in a set and the other
 * against a catalogue: the same id, status, diagnostics and citations
 * with the same targets and reasons. */
static void same_resolution(const lx_doc *a, const lx_doc *b)
{
	assert_str(lx_doc_id(b), opt(lx_doc_id(a)));
	assert_str(lx_doc_status(b), opt(lx_doc_status(a)));
	const lx_diag *ga, *gb;
	size_t na = lx_doc_diags(a, &ga), nb = lx_doc_diags(b, &gb);
	assert_int_equal(nb, na);
	for (size_t i = 0; i < na; i++)
		assert_string_equal(gb[i].message, ga[i].message);
	size_t n = lx_doc_cite_count(a);
	assert_int_equal(lx_doc_cite_count(b), n);
	for (size_t i = 0; i < n; i++) {
		const lx_cite *x = lx_doc_cite(a, i), *y = lx_doc_cite(b, i);
		assert_str(lx_cite_get_doc(y), opt(lx_cite_get_doc(x)));
		assert_str(lx_cite_get_from(y), opt(lx_cite_get_from(x)));
		assert_str(lx_cite_get_text(y), opt(lx_cite_get_text(x)));
		assert_str(lx_cite_get_title(y), opt(lx_cite_get_title(x)));
		assert_int_equal(lx_cite_get_resolved(y), lx_cite_get_resolved(x));
		assert_str(lx_cite_get_reason(y), opt(lx_cite_get_reason(x)));
		size_t nt = lx_cite_target_count(x);
		assert_int_equal(lx_cite_target_count(y), nt);
		for (size_t t = 0; t < nt; t++) {
			assert_str(lx_cite_target(y, t)->doc,
			           opt(lx_cite_target(x, t)->doc));
			assert_str(lx_cite_target(y, t)->eid,
			           opt(lx_cite_target(x, t)->eid));
		}
	}
}

/* The n documents through a set, through a catalogue (each freed as
 * soon as it is added, then parsed again and resolved against it), and
 * through a catalogue of their entries (lx_catalog_entry, as an index
 * keeps them), as of a date (NULL: today): the same resolution, document
 * by document.  Returns the count of citations linked to another
 * document. */
static size_t set_vs_catalog(loader load, const void *ctx, size_t n,
                             const char *as_of)
{
	lx_set *s;
	lx_catalog *c, *ce;
	assert_int_equal(lx_set_new(&s), LX_OK);
	assert_int_equal(lx_catalog_new(&c), LX_OK);
	assert_int_equal(lx_catalog_new(&ce), LX_OK);
	assert_int_equal(lx_catalog_as_of(c, as_of), LX_OK);
	assert_int_equal(lx_catalog_as_of(ce, as_of), LX_OK);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lx_set_add(s, load(ctx, i)), LX_OK);
		lx_doc *d = load(ctx, i);
		assert_int_equal(lx_catalog_add(c, d), LX_OK);
		char *e;
		size_t el;
		assert_int_equal(lx_catalog_entry(d, &e, &el), LX_OK);
		assert_int_equal(strlen(e), el);
		lx_doc_free(d);
		assert_int_equal(lx_catalog_add_entry(ce, e, el), LX_OK);
		free(e);
	}
	assert_int_equal(lx_set_resolve(s), LX_OK);
	assert_int_equal(lx_set_as_of(s, as_of), LX_OK);
	assert_int_equal(lx_catalog_finish(c), LX_OK);
	assert_int_equal(lx_catalog_finish(ce), LX_OK);
	assert_int_equal(lx_catalog_count(c), n);
	assert_int_equal(lx_catalog_count(ce), n);
	lx_doc *const *dv;
	assert_int_equal(lx_set_docs(s, &dv), n);
	/* Ids alone, in one pass (JSONL): those of the set. */
	lx_catalog *names;
	assert_int_equal(lx_catalog_new(&names), LX_OK);
	for (size_t i = 0; i < n; i++) {
		lx_doc *d = load(ctx, i);
		assert_int_equal(lx_catalog_name(names, d), LX_OK);
		assert_str(lx_doc_id(d), lx_doc_id(dv[i]));
		assert_int_equal(test_diags(d, "duplicate-id"),
		                 test_diags(dv[i], "duplicate-id"));
		lx_doc_free(d);
	}
	lx_catalog_free(names);
	size_t across = 0;
	for (size_t i = 0; i < n; i++) {
		lx_doc *d = load(ctx, i), *de = load(ctx, i);
		assert_int_equal(lx_catalog_resolve(c, i, d), LX_OK);
		assert_str(lx_catalog_id(c, i), lx_doc_id(d));
		same_resolution(dv[i], d);
		assert_int_equal(lx_catalog_resolve(ce, i, de), LX_OK);
		assert_str(lx_catalog_id(ce, i), lx_doc_id(de));
		same_resolution(dv[i], de);
		lx_doc_free(de);
		for (size_t k = 0; k < lx_doc_cite_count(d); k++) {
			const lx_cite *x = lx_doc_cite(d, k);
			across += lx_cite_target_count(x) &&
			          strcmp(lx_cite_target(x, 0)->doc, lx_doc_id(d));
		}
		lx_doc_free(d);
	}
	lx_catalog_free(c);
	lx_catalog_free(ce);
	lx_set_free(s);
	return across;
}

static lx_doc *load_path(const void *ctx, size_t i)
{
	return test_parse(G, ((const char *const *)ctx)[i]);
}

/* The samples of setup(): the same as the set gives. */
static void catalog_samples(void **state)
{
	(void)state;
	const char *files[] = {SEED_BEIJING, SEED_XICHENG, SEED_CHONGQING,
	                       SEED_POLICY, SEED_SHENZHEN, NATIONAL};
	assert_true(set_vs_catalog(load_path, files, 6, NULL) > 0);
}

/* Two versions of a provincial regulation (the new one repeals the old),
 * and one rule given twice citing it by item and by an article it does
 * not have. */
static const char *const versions_text[] = {
	"# 某省物业管理条例\n\n"
	"（2010年3月1日某省第十一届人民代表大会常务委员会第五次会议通过）\n\n"
	"第一条 为了规范物业管理，制定本条例。\n\n"
	"第二条 物业服务企业应当遵守下列规定：\n\n（一）公开收费标准；\n\n"
	"（二）按照合同提供服务。\n\n"
	"第三条 本条例自2010年5月1日起施行。\n",
	"# 某省物业管理条例\n\n"
	"（2020年3月1日某省第十三届人民代表大会常务委员会第九次会议通过）\n\n"
	"第一条 为了规范物业管理，制定本条例。\n\n"
	"第二条 物业服务企业应当遵守下列规定：\n\n（一）公开收费标准；\n\n"
	"（二）按照合同提供服务；\n\n（三）接受业主监督。\n\n"
	"物业服务企业违反前款规定的，由主管部门责令改正。\n\n"
	"第三条 本条例自2020年5月1日起施行。2010年3月1日某省第十一届人民代表"
	"大会常务委员会第五次会议通过的《某省物业管理条例》同时废止。\n",
	"# 某市物业服务规定\n\n（2015年6月1日某市人民政府令第3号公布）\n\n"
	"第一条 根据《某省物业管理条例》第二条第二项，制定本规定。\n\n"
	"第二条 违反《某省物业管理条例》第二条第三项的，依法处理。\n\n"
	"第三条 依照《某省物业管理条例》第九条处理。\n\n"
	"第四条 本规定自2015年7月1日起施行。\n",
};

static lx_doc *load_version(const void *ctx, size_t i)
{
	(void)ctx;
	return test_parse_str(G, versions_text[i < 3 ? i : 2]);
}

/* Versions, a repeal, a duplicate id, members not found: the same as the
 * set, today and as of dates when the new version is not yet adopted or
 * not yet in force. */
static void catalog_versions(void **state)
{
	(void)state;
	assert_int_equal(set_vs_catalog(load_version, NULL, 4, NULL), 3);
	set_vs_catalog(load_version, NULL, 4, "2012-01-01");
	set_vs_catalog(load_version, NULL, 4, "2020-04-01");
	/* What the catalogue gives, spelled out. */
	lx_catalog *c;
	assert_int_equal(lx_catalog_new(&c), LX_OK);
	for (size_t i = 0; i < 4; i++) {
		lx_doc *d = load_version(NULL, i);
		assert_int_equal(lx_catalog_add(c, d), LX_OK);
		lx_doc_free(d);
	}
	assert_int_equal(lx_catalog_finish(c), LX_OK);
	assert_int_equal(lx_catalog_finish(c), LX_OK); /* again: nothing */
	assert_str(lx_catalog_id(c, 3), "某市物业服务规定@2015-06-01~2");
	lx_doc *old = load_version(NULL, 0), *rule = load_version(NULL, 3);
	assert_int_equal(lx_catalog_resolve(c, 0, old), LX_OK);
	assert_str(lx_doc_status(old), "失效"); /* repealed by the new one */
	assert_int_equal(lx_catalog_resolve(c, 3, rule), LX_OK);
	assert_str(lx_doc_id(rule), "某市物业服务规定@2015-06-01~2");
	assert_int_equal(test_diags(rule, "duplicate-id"), 1);
	const lx_cite *x = lx_doc_cite(rule, 0);
	assert_true(lx_cite_get_resolved(x));
	assert_str(lx_cite_get_doc(x), "某市物业服务规定@2015-06-01~2");
	/* The version in force on 2015-06-01: 2010's. */
	assert_str(lx_cite_target(x, 0)->doc, "某省物业管理条例@2010-03-01");
	assert_str(lx_cite_target(x, 0)->eid, "art_2__para_1__item_2");
	assert_str(lx_cite_get_reason(lx_doc_cite(rule, 1)),
	           "no such item: 第3项 of art_2");
	assert_str(lx_cite_get_reason(lx_doc_cite(rule, 2)),
	           "no such article: 第9条");
	lx_doc_free(old);
	lx_doc_free(rule);
	lx_catalog_free(c);
}

/* Misuse is refused, nothing changed: resolving before the end of
 * adding, a number out of range or another document; adding after the
 * end; a date of another form. */
static void catalog_misuse(void **state)
{
	(void)state;
	lx_catalog *c;
	assert_int_equal(lx_catalog_new(&c), LX_OK);
	lx_doc *a = load_version(NULL, 0), *b = load_version(NULL, 2);
	assert_int_equal(lx_catalog_add(c, a), LX_OK);
	assert_int_equal(lx_catalog_resolve(c, 0, a), LX_ERR_USAGE);
	assert_null(lx_catalog_id(c, 0));
	assert_int_equal(lx_catalog_as_of(c, "2020-13-01"), LX_ERR_USAGE);
	assert_int_equal(lx_catalog_finish(c), LX_OK);
	assert_int_equal(lx_catalog_add(c, b), LX_ERR_USAGE);
	assert_int_equal(lx_catalog_resolve(c, 1, a), LX_ERR_USAGE);
	assert_int_equal(lx_catalog_resolve(c, 0, b), LX_ERR_USAGE);
	assert_int_equal(lx_catalog_count(c), 1);
	assert_int_equal(lx_catalog_resolve(c, 0, a), LX_OK);
	/* Naming is another use of a catalogue: not mixed with adding. */
	assert_int_equal(lx_catalog_name(c, b), LX_ERR_USAGE);
	lx_catalog_free(c);
	assert_int_equal(lx_catalog_new(&c), LX_OK);
	assert_int_equal(lx_catalog_name(c, b), LX_OK);
	assert_int_equal(lx_catalog_add(c, a), LX_ERR_USAGE);
	assert_int_equal(lx_catalog_finish(c), LX_ERR_USAGE);
	lx_doc_free(a);
	lx_doc_free(b);
	lx_catalog_free(c);
	lx_catalog_free(NULL);
}

/* An entry cut short anywhere, or with a byte changed, is refused
 * (LX_ERR_DAMAGED, nothing added) or read as some entry, never past its
 * end (ASan); the catalogue stays usable and resolves as before. */
static void catalog_entries_damaged(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, versions_text[1]);
	char *e;
	size_t el;
	assert_int_equal(lx_catalog_entry(d, &e, &el), LX_OK);
	assert_true(el > 100);
	assert_non_null(strstr(e, "^6:item_3")); /* art_2__para_1__item_3 */
	lx_catalog *c;
	assert_int_equal(lx_catalog_new(&c), LX_OK);
	size_t added = 0;
	for (size_t cut = 0; cut < el; cut++) {
		char *part = strndup(e, cut);
		assert_int_equal(lx_catalog_add_entry(c, part, cut), LX_ERR_DAMAGED);
		free(part);
	}
	for (size_t i = 0; i < el; i++) {
		char keep = e[i];
		e[i] = keep == '9' ? '1' : keep == ';' ? ':' : '9';
		int rc = lx_catalog_add_entry(c, e, el);
		assert_true(rc == LX_OK || rc == LX_ERR_DAMAGED);
		added += rc == LX_OK;
		e[i] = keep;
	}
	assert_int_equal(lx_catalog_count(c), added);
	assert_int_equal(lx_catalog_add_entry(c, e, el), LX_OK);
	assert_int_equal(lx_catalog_finish(c), LX_OK);
	assert_int_equal(lx_catalog_add_entry(c, e, el), LX_ERR_USAGE);
	assert_int_equal(lx_catalog_resolve(c, added, d), LX_OK);
	free(e);
	lx_doc_free(d);
	lx_catalog_free(c);
}

/* Every file of ../shared/corpus: the catalogue resolves every citation
 * as the set does (laws in several files, versions, repeals, notices,
 * document numbers). */
static void catalog_corpus(void **state)
{
	(void)state;
	char dir[4096];
	test_shared_corpus(dir, sizeof(dir), "catalog_corpus");
	lx_files files;
	lx_error err = {0};
	assert_int_equal(lx_files_collect(&files, dir, &err), LX_OK);
	assert_true(files.n > 1000);
	size_t across = set_vs_catalog(load_path, files.path, files.n, NULL);
	print_message("catalog_corpus: %zu files, %zu citations linked to "
	              "another document, all as the set links them\n",
	              files.n, across);
	assert_true(across > 1000);
	lx_files_free(&files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(target_within),
		cmocka_unit_test(shenzhen),
		cmocka_unit_test(paragraphs_before),
		cmocka_unit_test(other_documents),
		cmocka_unit_test(spans_and_targets_exist),
		cmocka_unit_test(definitions),
		cmocka_unit_test(graph_matches_citations),
		cmocka_unit_test(context_inherited),
		cmocka_unit_test(context_own),
		cmocka_unit_test(headings),
		cmocka_unit_test(guard_is_a_word),
		cmocka_unit_test(law_names),
		cmocka_unit_test(named_texts),
		cmocka_unit_test(definition_forms),
		cmocka_unit_test(definition_edges),
		cmocka_unit_test(units_after_guide_words),
		cmocka_unit_test(citation_limit),
		cmocka_unit_test(catalog_samples),
		cmocka_unit_test(catalog_versions),
		cmocka_unit_test(catalog_misuse),
		cmocka_unit_test(catalog_entries_damaged),
		cmocka_unit_test(catalog_corpus),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
