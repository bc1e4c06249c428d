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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shenzhen),
		cmocka_unit_test(paragraphs_before),
		cmocka_unit_test(other_documents),
		cmocka_unit_test(spans_and_targets_exist),
		cmocka_unit_test(definitions),
		cmocka_unit_test(graph_matches_citations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
