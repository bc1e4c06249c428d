/*
 * test_akn.c: the Akoma Ntoso 3.0 export (render/akn.c): every document
 * of corpus/ and of ../shared/seeds validates against the committed OASIS
 * schema (schema/akn/akomantoso30.xsd, loaded from disk: no network), with
 * as many <article> as the tree has; FRBR URIs; resolved citations as
 * <ref href>, inside the document and to another of the set;
 * passiveModifications from amendment notes.
 */
#include "lxtest.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "../parser/lx_int.h"

#define AKN_SCHEMA "schema/akn/akomantoso30.xsd"
#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

static xmlSchemaPtr S;

static int setup(void **state)
{
	setup_grammars(state);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(AKN_SCHEMA);
	if (!pc || !(S = xmlSchemaParse(pc))) {
		fprintf(stderr, "cannot load %s\n", AKN_SCHEMA);
		abort();
	}
	xmlSchemaFreeParserCtxt(pc);
	return 0;
}

static int teardown(void **state)
{
	xmlSchemaFree(S);
	xmlCleanupParser();
	return teardown_grammars(state);
}

/* The AKN of d (links to the documents of set) as a parsed XML tree. */
static xmlDocPtr akn_of(const lx_doc *d, const lx_set *set)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	lx_error err = {0};
	int rc = lx_render_akn(f, d, set, &err);
	assert_int_equal(fclose(f), 0);
	if (rc)
		fail_msg("%s: %s", lx_doc_path(d), err.msg);
	xmlDocPtr x = xmlReadMemory(buf, (int)len, "akn.xml", NULL,
	                            XML_PARSE_NONET);
	free(buf);
	if (!x)
		fail_msg("%s: the AKN is not well-formed XML", lx_doc_path(d));
	return x;
}

/* 0 when x validates against the schema. */
static int validate(xmlDocPtr x)
{
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(S);
	assert_non_null(vc);
	int rc = xmlSchemaValidateDoc(vc, x);
	xmlSchemaFreeValidCtxt(vc);
	return rc;
}

static xmlXPathObjectPtr xp(xmlDocPtr x, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(x);
	assert_non_null(c);
	xmlXPathRegisterNs(c, BAD_CAST "a", BAD_CAST AKN_NS);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
	xmlXPathFreeContext(c);
	if (!o)
		fail_msg("bad XPath %s", expr);
	return o;
}

/* The number an XPath expression gives (count(...)). */
static long xp_num(xmlDocPtr x, const char *expr)
{
	xmlXPathObjectPtr o = xp(x, expr);
	double v = xmlXPathCastToNumber(o);
	xmlXPathFreeObject(o);
	return (long)v;
}

/* The string value of an XPath expression, malloc'd. */
static char *xp_str(xmlDocPtr x, const char *expr)
{
	xmlXPathObjectPtr o = xp(x, expr);
	xmlChar *s = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	char *r = strdup((const char *)s);
	xmlFree(s);
	return r;
}

static void assert_xp_str(xmlDocPtr x, const char *expr, const char *want)
{
	char *got = xp_str(x, expr);
	if (strcmp(got, want))
		fail_msg("%s: got '%s', want '%s'", expr, got, want);
	free(got);
}

/* Parses every document below dir into one set, resolved; the count of
 * documents whose AKN validates and has the tree's articles, printed. */
static void validate_dir(const char *dir, const char *what)
{
	lx_files files = {0};
	lx_error err = {0};
	if (lx_files_collect(&files, dir, &err))
		fail_msg("%s: %s", dir, err.msg);
	lx_set *set = NULL;
	assert_int_equal(lx_set_new(&set), LX_OK);
	for (size_t i = 0; i < files.n; i++)
		assert_int_equal(lx_set_add(set, test_parse(G, files.path[i])),
		                 LX_OK);
	assert_int_equal(lx_set_resolve(set), LX_OK);
	lx_doc *const *dv;
	size_t n = lx_set_docs(set, &dv), ok = 0, refs = 0;
	for (size_t i = 0; i < n; i++) {
		xmlDocPtr x = akn_of(dv[i], set);
		int v = validate(x);
		long arts = xp_num(x, "count(//a:article)");
		long want = (long)lx_node_count(lx_doc_body(dv[i]), LX_NODE_ARTICLE);
		refs += (size_t)xp_num(x, "count(//a:ref)");
		if (v)
			print_message("%s: does not validate (%d)\n",
			              lx_doc_path(dv[i]), v);
		else if (arts != want)
			print_message("%s: %ld articles in the AKN, %ld in the "
			              "tree\n", lx_doc_path(dv[i]), arts, want);
		else
			ok++;
		xmlFreeDoc(x);
	}
	print_message("akn: %zu of %zu documents of %s validate against "
	              "%s with the tree's articles (%zu <ref>)\n",
	              ok, n, what, AKN_SCHEMA, refs);
	assert_true(n > 0);
	assert_int_equal(ok, n);
	lx_set_free(set);
	lx_files_free(&files);
}

static void test_corpus_validates(void **state)
{
	(void)state;
	validate_dir("corpus", "corpus/");
}

static void test_seeds_validate(void **state)
{
	(void)state;
	const char *s = getenv("SHARED");
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/seeds", s ? s : "../shared");
	lx_files files = {0};
	lx_error err = {0};
	if (lx_files_collect(&files, dir, &err) || !files.n) {
		lx_files_free(&files);
		print_message("SKIPPED: akn of the seeds (no %s here; set "
		              "SHARED=DIR to point at it)\n", dir);
		skip();
	}
	lx_files_free(&files);
	validate_dir(dir, dir);
}

/* FRBR URIs from the identity: the work from the first dated event, the
 * expression from the version; doc for a policy document, bill for a
 * draft. */
static void test_frbr(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_BEIJING);
	xmlDocPtr x = akn_of(d, NULL);
	assert_int_equal(validate(x), 0);
	const char *work = "/akn/cn/act/2013/北京市促进中小企业发展条例";
	const char *expr = "/akn/cn/act/2013/北京市促进中小企业发展条例/zho@2020-09-25";
	assert_xp_str(x, "string(//a:FRBRWork/a:FRBRuri/@value)", work);
	assert_xp_str(x, "string(//a:FRBRWork/a:FRBRdate/@date)", "2013-12-27");
	assert_xp_str(x, "string(//a:FRBRExpression/a:FRBRuri/@value)", expr);
	assert_xp_str(x, "string(//a:FRBRExpression/a:FRBRdate/@date)",
	              "2020-09-25");
	assert_xp_str(x, "string(//a:FRBRWork/a:FRBRcountry/@value)", "cn");
	/* The author is the issuer, a TLCOrganization of the references. */
	char *au = xp_str(x, "string(//a:FRBRWork/a:FRBRauthor/@href)");
	char q[256];
	snprintf(q, sizeof(q), "string(//a:TLCOrganization[@eId='%s']/@showAs)",
	         au + 1);
	assert_xp_str(x, q, "北京市人民代表大会常务委员会");
	free(au);
	/* A lifecycle event per history event, and the entry into force,
	 * the start of the period the body is in force. */
	assert_int_equal(xp_num(x, "count(//a:lifecycle/a:eventRef)"), 3);
	assert_xp_str(x, "string(//a:eventRef[2]/@type)", "amendment");
	assert_xp_str(x, "string(//a:eventRef[3]/@date)", "2020-12-01");
	assert_xp_str(x, "string(//a:timeInterval/@start)", "#evt_3");
	assert_xp_str(x, "string(//a:body/@period)", "#tmpgrp_1");
	/* A 修订 version: not the text as first enacted. */
	assert_xp_str(x, "string(/a:akomaNtoso/a:act/@contains)", "singleVersion");
	char *u = lx_akn_uri(d, LX_AKN_EXPRESSION);
	assert_string_equal(u, expr);
	free(u);
	xmlFreeDoc(x);
	lx_doc_free(d);

	d = test_parse(G, SEED_POLICY);
	x = akn_of(d, NULL);
	assert_int_equal(validate(x), 0);
	assert_int_equal(xp_num(x, "count(/a:akomaNtoso/a:doc/a:mainBody)"), 1);
	/* The policy text before the first measure is the preamble. */
	assert_int_equal(xp_num(x, "count(/a:akomaNtoso/a:doc/a:preamble/a:p)"), 1);
	xmlFreeDoc(x);
	lx_doc_free(d);

	d = test_parse(G, SEED_SHENZHEN);
	u = lx_akn_uri(d, LX_AKN_WORK);
	assert_string_equal(u, "/akn/cn/bill/深圳经济特区中小企业发展促进条例");
	free(u);
	lx_doc_free(d);
}

/* A citation within the document: <ref href="#eid"> around its text; a
 * list of several targets: an <mref> of one <ref> each. */
static void test_ref_internal(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_BEIJING);
	xmlDocPtr x = akn_of(d, NULL);
	assert_xp_str(x, "string(//a:paragraph[@eId='art_44__para_2']//a:ref/@href)",
	              "#art_44__para_1");
	assert_xp_str(x, "string(//a:paragraph[@eId='art_44__para_2']//a:ref)",
	              "前款");
	/* The text around it is kept whole (no indentation inside <p>). */
	assert_xp_str(x, "string(//a:paragraph[@eId='art_44__para_2']//a:p)",
	              "前款规定的工作居住证或者引进人才的条件、待遇、程序等，"
	              "由人才主管部门规定。");
	xmlFreeDoc(x);
	lx_doc_free(d);

	d = test_parse(G, SEED_SHENZHEN);
	x = akn_of(d, NULL);
	assert_int_equal(validate(x), 0);
	assert_int_equal(
		xp_num(x, "count(//a:paragraph[@eId='art_77__para_2']//a:mref/a:ref)"), 4);
	assert_xp_str(x, "string(//a:paragraph[@eId='art_77__para_2']//a:mref/a:ref[4]/@href)",
	              "#art_77__para_1__item_4");
	xmlFreeDoc(x);
	lx_doc_free(d);
}

/* A citation of an article of another document of the set: its
 * expression URI and /~eid; without the set, no link (never a guess). */
static void test_ref_other_document(void **state)
{
	(void)state;
	lx_doc *law = test_parse_str(G, "中华人民共和国测试法\n\n（2020年1月1日全国人民代表大会常务委员会通过）\n\n"
	                                "第一条 为了测试，制定本法。\n\n第二条 本法适用于测试。\n");
	lx_doc *reg = test_parse_str(G, "测试条例\n\n（2021年3月1日国务院公布）\n\n"
	                                "第一条 根据《中华人民共和国测试法》第二条的规定，制定本条例。\n");
	lx_set *set = NULL;
	assert_int_equal(lx_set_new(&set), LX_OK);
	assert_int_equal(lx_set_add(set, law), LX_OK);
	assert_int_equal(lx_set_add(set, reg), LX_OK);
	assert_int_equal(lx_set_resolve(set), LX_OK);
	xmlDocPtr x = akn_of(reg, set);
	assert_int_equal(validate(x), 0);
	char *u = lx_akn_uri(law, LX_AKN_EXPRESSION), want[512];
	snprintf(want, sizeof(want), "%s/~art_2", u);
	assert_string_equal(u, "/akn/cn/act/2020/中华人民共和国测试法/zho@2020-01-01");
	free(u);
	assert_xp_str(x, "string(//a:article[@eId='art_1']//a:ref/@href)", want);
	xmlFreeDoc(x);
	x = akn_of(reg, NULL);
	assert_int_equal(xp_num(x, "count(//a:article[@eId='art_1']//a:ref)"), 0);
	assert_int_equal(validate(x), 0);
	xmlFreeDoc(x);
	lx_set_free(set);
}

/* Amendment notes (set by amend/ on the version it makes) become
 * textualMods of passiveModifications, their source a passiveRef. */
static void test_passive_modifications(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_BEIJING);
	static const char *const ops[] = {"修改", "增加", "删除", "改序"};
	static const char *const eids[] = {"art_2", "art_3__para_1", "art_60",
	                                   "art_52"};
	for (size_t i = 0; i < 4; i++) {
		lx_note *nt = lx_vec_push(&d->notes, sizeof(*nt));
		assert_non_null(nt);
		nt->eid = eids[i];
		nt->op = ops[i];
		nt->source = "北京市人民代表大会常务委员会关于修改《北京市促进中小企业发展条例》的决定";
		nt->source_id = "北京市人民代表大会常务委员会关于修改《北京市促进中小企业发展条例》的决定@2020-09-25";
		nt->date = "2020-09-25";
		nt->line = (int)i + 1;
	}
	xmlDocPtr x = akn_of(d, NULL);
	assert_int_equal(validate(x), 0);
	assert_int_equal(xp_num(x, "count(//a:passiveModifications/a:textualMod)"), 4);
	assert_xp_str(x, "string(//a:textualMod[1]/@type)", "substitution");
	assert_xp_str(x, "string(//a:textualMod[2]/@type)", "insertion");
	assert_xp_str(x, "string(//a:textualMod[3]/@type)", "repeal");
	assert_xp_str(x, "string(//a:textualMod[4]/@type)", "renumbering");
	assert_xp_str(x, "string(//a:textualMod[2]/a:destination/@href)",
	              "#art_3__para_1");
	/* One amending document: one passiveRef, the source of every mod
	 * and of the amendment event of its date. */
	assert_int_equal(xp_num(x, "count(//a:references/a:passiveRef)"), 1);
	assert_xp_str(x, "string(//a:textualMod[4]/a:source/@href)", "#pasref_1");
	assert_xp_str(x, "string(//a:eventRef[@date='2020-09-25']/@source)",
	              "#pasref_1");
	assert_xp_str(x, "string(//a:passiveRef/@href)",
	              "/akn/cn/act/2020/北京市人民代表大会常务委员会关于修改"
	              "《北京市促进中小企业发展条例》的决定/zho@2020-09-25");
	xmlFreeDoc(x);
	lx_doc_free(d);
}

/* A text with nothing but an article: no title, no date, no issuer; the
 * schema's required parts are still there. */
static void test_minimal(void **state)
{
	(void)state;
	lx_doc *d = test_parse_str(G, "第一条 本规定自公布之日起施行。\n");
	xmlDocPtr x = akn_of(d, NULL);
	assert_int_equal(validate(x), 0);
	assert_int_equal(xp_num(x, "count(//a:article)"), 1);
	assert_xp_str(x, "string(//a:FRBRWork/a:FRBRdate/@name)", "unknown");
	xmlFreeDoc(x);
	lx_doc_free(d);
}

/* Characters XML 1.0 forbids (a C0 control, U+FFFE) in a text or a
 * title are left out: the output stays well-formed and valid. */
static void test_forbidden_characters(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_BEIJING);
	lx_node *n = (lx_node *)test_find(d, "art_2__para_1");
	n->text = "本市\x01促进\xEF\xBF\xBE工作\x1F。";
	d->title = "北京市\x02条例";
	xmlDocPtr x = akn_of(d, NULL);
	assert_int_equal(validate(x), 0);
	assert_xp_str(x, "string(//a:paragraph[@eId='art_2__para_1']//a:p)",
	              "本市促进工作。");
	assert_xp_str(x, "string(//a:original/@showAs)", "北京市条例");
	xmlFreeDoc(x);
	lx_doc_free(d);
}

/* A sample of ../shared/corpus (every 10th statute of lawrefbook, each
 * alone): all validate. */
static void test_shared_corpus_sample(void **state)
{
	(void)state;
	char dir[4096];
	test_shared_corpus(dir, sizeof(dir), "akn of a sample of ../shared/corpus");
	lx_files files = {0};
	lx_error err = {0};
	if (lx_files_collect(&files, dir, &err))
		fail_msg("%s: %s", dir, err.msg);
	size_t n = 0, ok = 0;
	for (size_t i = 0; i < files.n; i += 10) {
		lx_doc *d = test_parse(G, files.path[i]);
		xmlDocPtr x = akn_of(d, NULL);
		n++;
		if (validate(x))
			print_message("%s: does not validate\n", files.path[i]);
		else if (xp_num(x, "count(//a:article)") !=
		         (long)lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE))
			print_message("%s: articles differ\n", files.path[i]);
		else
			ok++;
		xmlFreeDoc(x);
		lx_doc_free(d);
	}
	print_message("akn: %zu of %zu documents (every 10th of %s) validate\n",
	              ok, n, dir);
	assert_true(n > 0);
	assert_int_equal(ok, n);
	lx_files_free(&files);
}

/* The output cannot be written: LX_ERR_IO. */
static void test_write_error(void **state)
{
	(void)state;
	lx_doc *d = test_parse(G, SEED_BEIJING);
	FILE *f = fopen("/dev/full", "w");
	if (!f) {
		lx_doc_free(d);
		skip();
	}
	lx_error err = {0};
	assert_int_equal(lx_render_akn(f, d, NULL, &err), LX_ERR_IO);
	fclose(f);
	lx_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_validates),
		cmocka_unit_test(test_seeds_validate),
		cmocka_unit_test(test_frbr),
		cmocka_unit_test(test_ref_internal),
		cmocka_unit_test(test_ref_other_document),
		cmocka_unit_test(test_passive_modifications),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_forbidden_characters),
		cmocka_unit_test(test_shared_corpus_sample),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
