/*
 * test_ofd.c: the OFD reader (reader/ofd.c): the small OFDs that
 * tools/make_ofd_fixtures.py writes (a two-page statute with a centred
 * title, DeltaX in the "g N d" syntax, page-number footers, an indented
 * article running over the page break, turned text; glyphs without text;
 * damaged packages), and the samples of ../shared/samples/ofd.
 */
#include "lxtest.h"

#include "../reader/reader.h"

#define STATUTE "tests/data/ofd/statute.ofd"
#define GLYPHS "tests/data/ofd/glyphs.ofd"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc(n > 0 ? (size_t)n : 1);
	*len = buf && n > 0 ? fread(buf, 1, (size_t)n, f) : 0;
	fclose(f);
	return buf;
}

/* Reads a file with lx_read_ofd; the code it returns. */
static int read_ofd(const char *path, lx_reading *r, lx_error *err)
{
	size_t len;
	char *buf = slurp(path, &len);
	if (!buf)
		fail_msg("%s: cannot read", path);
	memset(r, 0, sizeof(*r));
	int rc = lx_read_ofd(r, path, buf, len, err);
	free(buf);
	return rc;
}

static const lx_rline *rline(const lx_reading *r, size_t i)
{
	assert_true(i < r->lines.n);
	return &LX_VEC_AT(&r->lines, lx_rline, i);
}

static size_t rdiags(const lx_reading *r, const char *code)
{
	size_t c = 0;
	for (size_t i = 0; i < r->diags.n; i++)
		c += !strcmp(LX_VEC_AT(&r->diags, lx_rdiag, i).code, code);
	return c;
}

static void statute_reading(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err = {0};
	assert_int_equal(read_ofd(STATUTE, &r, &err), LX_OK);
	assert_int_equal(r.lines.n, 5);
	assert_string_equal(rline(&r, 0)->text, "某某市促进中小企业发展条例");
	assert_true(rline(&r, 0)->flags & LX_RL_CENTERED);
	assert_true(rline(&r, 0)->flags & LX_RL_BOLD);
	/* DeltaX "5.5 g 4 2.75 ...": the digits placed, no gap inside. */
	assert_string_equal(rline(&r, 1)->text, "（2020年9月25日通过）");
	assert_true(rline(&r, 1)->flags & LX_RL_CENTERED);
	assert_string_equal(rline(&r, 2)->text, "第一章 总则");
	/* The article: indented, over the page break, one paragraph. */
	const lx_rline *a1 = rline(&r, 3);
	assert_true(a1->flags & LX_RL_INDENTED);
	assert_false(a1->flags & LX_RL_CENTERED);
	assert_int_equal(a1->page, 1);
	assert_true(!strncmp(a1->text, "第一条 本条例所称中小企业",
	                     strlen("第一条 本条例所称中小企业")));
	assert_non_null(strstr(a1->text, "发挥中小企业在本市经济社会发展中的"
	                                 "作用。"));
	assert_int_equal(rline(&r, 4)->page, 2);
	assert_string_equal(rline(&r, 4)->text,
	                    "第二条 本条例自2021年1月1日起施行。");
	/* Page numbers and the turned caption apart, said. */
	assert_int_equal(rdiags(&r, "page-furniture"), 2);
	assert_int_equal(rdiags(&r, "rotated-text"), 1);
	bool one = false, turned = false;
	for (size_t i = 0; i < r.apart.n; i++) {
		const char *t = LX_VEC_AT(&r.apart, lx_rline, i).text;
		one = one || !strcmp(t, "— 1 —");
		turned = turned || !strcmp(t, "旋转文字");
	}
	assert_true(one && turned);
	for (size_t i = 0; i < r.lines.n; i++)
		assert_null(strstr(rline(&r, i)->text, "旋转"));
	lx_reading_free(&r);
}

/* The statute read from OFD parses to the tree of its text. */
static void statute_same_tree(void **state)
{
	(void)state;
	static const char text[] =
		"某某市促进中小企业发展条例\n\n（2020年9月25日通过）\n\n"
		"第一章　总则\n\n"
		"第一条　本条例所称中小企业，是指在本市行政区域内依法设立的有利"
		"于满足社会需要、增加就业、符合国家产业政策，生产经营规模属于中"
		"小型的各种所有制和各种形式的企业，其划分标准按照国家有关规定执"
		"行。本市促进中小企业发展的工作，适用本条例。市和区人民政府应当"
		"将促进中小企业发展纳入国民经济和社会发展规划，制定促进中小企业"
		"发展的政策措施，保障中小企业公平参与市场竞争，维护中小企业合法"
		"权益，支持中小企业创业创新，促进中小企业健康发展，发挥中小企业"
		"在本市经济社会发展中的作用。\n\n"
		"第二条　本条例自2021年1月1日起施行。\n";
	lx_doc *o = test_parse(G, STATUTE), *t = test_parse_str(G, text);
	assert_int_equal(lx_doc_source_format(o), LX_SOURCE_OFD);
	assert_string_equal(lx_doc_title(o), "某某市促进中小企业发展条例");
	assert_string_equal(lx_doc_title(o), lx_doc_title(t));
	assert_string_equal(lx_doc_effective(o), "2021-01-01");
	char *so = skeleton(o), *st = skeleton(t);
	assert_string_equal(so, st);
	assert_non_null(strstr(so, "art"));
	const lx_node *a1 = test_find(o, "art_1");
	assert_non_null(a1);
	assert_true(test_find(o, "art_2") != NULL);
	assert_int_equal(test_diags(o, "page-furniture"), 2);
	free(so);
	free(st);
	lx_doc_free(o);
	lx_doc_free(t);
}

static void glyphs_unrecoverable(void **state)
{
	(void)state;
	lx_reading r;
	lx_error err = {0};
	assert_int_equal(read_ofd(GLYPHS, &r, &err), LX_OK);
	assert_int_equal(rdiags(&r, "unrecoverable-text"), 2);
	assert_int_equal(r.lines.n, 1);
	assert_string_equal(rline(&r, 0)->text,
	                    "第一条 本条例自公布之日起施行。");
	for (size_t i = 0; i < r.diags.n; i++)
		assert_int_equal(LX_VEC_AT(&r.diags, lx_rdiag, i).page, 1);
	lx_reading_free(&r);
	lx_doc *d = test_parse(G, GLYPHS);
	assert_int_equal(test_diags(d, "unrecoverable-text"), 2);
	lx_doc_free(d);
}

static void damaged(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		int code;
		const char *says;
	} cases[] = {
		{"tests/bad/ofd-bad-xml.ofd", LX_ERR_DECODE,
		 "Doc_0/Pages/Page_0/Content.xml: malformed XML at line 3"},
		{"tests/bad/ofd-bomb.ofd", LX_ERR_LIMIT,
		 "Content.xml: declares 73400685 bytes uncompressed, over the limit"},
		{"tests/bad/ofd-missing-page.ofd", LX_ERR_DECODE,
		 "Doc_0/PublicRes.xml is missing"},
		{"tests/bad/truncated.zip", LX_ERR_DECODE, "damaged ZIP"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lx_reading r;
		lx_error err = {0};
		assert_int_equal(read_ofd(cases[i].path, &r, &err),
		                 cases[i].code);
		if (!strstr(err.msg, cases[i].says) ||
		    !strstr(err.msg, cases[i].path))
			fail_msg("%s: %s", cases[i].path, err.msg);
		lx_reading_free(&r);
	}
}

/* ../shared/samples/ofd, or the test is skipped. */
static bool samples(char *dir, size_t cap, const char *test)
{
	const char *s = getenv("SHARED");
	snprintf(dir, cap, "%s/samples/ofd", s ? s : "../shared");
	char probe[4200];
	snprintf(probe, sizeof(probe), "%s/helloworld.ofd", dir);
	FILE *f = fopen(probe, "rb");
	if (!f) {
		print_message("SKIPPED: %s (no %s here; set SHARED=DIR)\n", test,
		              dir);
		return false;
	}
	fclose(f);
	return true;
}

static void shared_samples(void **state)
{
	(void)state;
	char dir[4096];
	if (!samples(dir, sizeof(dir), "shared_samples"))
		skip();
	static const char *const names[] = {
		"gov-reply-2011.ofd", "helloworld.ofd", "invoice-2024.ofd",
		"invoice-zhejiang.ofd", "ofd-standard-excerpt.ofd",
		"property-certificate.ofd", "rotated-text.ofd",
		"split-paragraph.ofd"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		lx_doc *d = test_parse(G, path);
		assert_non_null(lx_doc_body(d));
		lx_doc_free(d);
	}
	char path[4200];
	snprintf(path, sizeof(path), "%s/helloworld.ofd", dir);
	lx_doc *d = test_parse(G, path);
	assert_string_equal(lx_doc_title(d), "你好呀，OFD Reader&Writer！");
	lx_doc_free(d);
}

static void shared_gov_reply(void **state)
{
	(void)state;
	char dir[4096], path[4200];
	if (!samples(dir, sizeof(dir), "shared_gov_reply"))
		skip();
	snprintf(path, sizeof(path), "%s/gov-reply-2011.ofd", dir);
	lx_doc *d = test_parse(G, path);
	assert_string_equal(lx_doc_number(d), "路卫发〔2011〕76号");
	assert_string_equal(lx_doc_title(d), "关于同意张阿三同志辞职的批复");
	const lx_wrapper *w = lx_doc_wrapper(d);
	assert_non_null(w);
	assert_string_equal(w->addressees, "区中医院");
	/* The body: three paragraphs, each whole. */
	assert_non_null(w->text);
	const char *p2 = strchr(w->text, '\n');
	assert_non_null(p2);
	assert_true(!strncmp(w->text, "你院《关于给张阿三同志辞职的请示》",
	                     strlen("你院《关于给张阿三同志辞职的请示》")));
	assert_non_null(strstr(w->text, "收悉。\n张阿三，男，"));
	assert_non_null(strstr(w->text, "系区中医院职工。\n该同志由于家庭"));
	assert_non_null(strstr(w->text, "同意张阿三同志辞职。"));
	const lx_event *ev;
	size_t nev = lx_doc_history(d, &ev);
	assert_true(nev >= 1);
	assert_string_equal(ev[0].date, "2011-03-10");
	/* Page numbers (— 1 —, — 2 —) are not text of the reply. */
	assert_int_equal(test_diags(d, "page-furniture"), 2);
	lx_doc_free(d);
}

static void shared_split_paragraph(void **state)
{
	(void)state;
	char dir[4096], path[4200];
	if (!samples(dir, sizeof(dir), "shared_split_paragraph"))
		skip();
	snprintf(path, sizeof(path), "%s/split-paragraph.ofd", dir);
	lx_reading r;
	lx_error err = {0};
	assert_int_equal(read_ofd(path, &r, &err), LX_OK);
	/* 报告：, the title, four paragraphs; the fourth goes on over
	 * page 2 (7 more lines there). */
	assert_int_equal(r.lines.n, 6);
	assert_true(rline(&r, 1)->flags & LX_RL_CENTERED);
	for (int i = 0; i < 4; i++) {
		static const char *const num[] = {"一", "二", "三", "四"};
		char want[32];
		snprintf(want, sizeof(want), "第%s段：", num[i]);
		assert_true(!strncmp(rline(&r, 2 + (size_t)i)->text, want,
		                     strlen(want)));
		assert_true(rline(&r, 2 + (size_t)i)->flags & LX_RL_INDENTED);
	}
	size_t chars3 = 0, chars4 = 0;
	for (const char *p = rline(&r, 4)->text; *p; p++)
		chars3 += ((unsigned char)*p & 0xC0) != 0x80;
	for (const char *p = rline(&r, 5)->text; *p; p++)
		chars4 += ((unsigned char)*p & 0xC0) != 0x80;
	/* The same paragraph as the third, whole over the page break. */
	assert_int_equal(chars4, chars3);
	assert_string_equal(rline(&r, 5)->text + strlen("第四段："),
	                    rline(&r, 4)->text + strlen("第三段："));
	lx_reading_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statute_reading),
		cmocka_unit_test(statute_same_tree),
		cmocka_unit_test(glyphs_unrecoverable),
		cmocka_unit_test(damaged),
		cmocka_unit_test(shared_samples),
		cmocka_unit_test(shared_gov_reply),
		cmocka_unit_test(shared_split_paragraph),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
