/*
 * test_gazetteer.c: the jurisdiction from the gazetteer of
 * grammar/divisions.tsv: whole names at the start of a title, the children
 * after a parent, names that would cut a word, full names, containment,
 * and the jurisdiction of parsed documents (title, then issuer).
 */
#include "lxtest.h"
#include "../parser/gazetteer.h"

/* A gazetteer of a few lines, in the file's format, to test the reading
 * rules alone. */
static const char SMALL[] =
	"# comment\n"
	"bad line\n"
	"-\t市场\t区域\n"
	"11\t北京市\t\n"
	"110105\t朝阳区\t11\n"
	"22\t吉林省\t\n"
	"2201\t长春市\t22\n"
	"220104\t朝阳区\t2201\n"
	"31\t上海市\t\n"
	"310115\t浦东新区\t31\n"
	"310151\t崇明县\t31\n"
	"33\t浙江省\t\n"
	"3301\t杭州市\t33\n"
	"330102\t城区\t3301\n"
	"330106\t西湖区\t3301\n"
	"3307\t金华市\t33\n"
	"330782\t义乌市\t3307\n"
	"44\t广东省\t\n"
	"4403\t深圳市\t44\n"
	"=\t上海市\t31\n"
	"=\t义乌市\t330782\n"
	"=\t北京市\t11\n"
	"=\t吉林省\t22\n"
	"=\t城区\t330102\n"
	"=\t崇明县\t310151\n"
	"=\t广东省\t44\n"
	"=\t朝阳区\t110105\n"
	"=\t朝阳区\t220104\n"
	"=\t杭州市\t3301\n"
	"=\t浙江省\t33\n"
	"=\t浦东新区\t310115\n"
	"=\t深圳市\t4403\n"
	"=\t深圳经济特区\t4403\n"
	"=\t西湖区\t330106\n"
	"=\t金华市\t3307\n"
	"=\t长春市\t2201\n";

static const char *jur(const lx_gazetteer *g, lx_arena *a, const char *s)
{
	char code[LX_GAZ_CODE];
	size_t n = lx_gaz_match(g, s, code);
	return n ? lx_gaz_full_name(g, a, code) : NULL;
}

static void reading_rules(void **state)
{
	(void)state;
	lx_gazetteer g = {SMALL, sizeof(SMALL) - 1};
	lx_arena a = {0};
	char code[LX_GAZ_CODE];
	assert_int_equal(lx_gaz_match(&g, "浙江省杭州市西湖区条例", code),
	                 strlen("浙江省杭州市西湖区"));
	assert_string_equal(code, "330106");
	assert_str(jur(&g, &a, "浙江省杭州市西湖区条例"), "杭州市西湖区");
	assert_str(jur(&g, &a, "杭州市条例"), "杭州市");
	assert_str(jur(&g, &a, "浙江省条例"), "浙江省");
	/* A district alone is not taken when it is short (城区), nor one
	 * two cities have (朝阳区); after its city it is. */
	assert_null(jur(&g, &a, "城区条例"));
	assert_str(jur(&g, &a, "杭州市城区条例"), "杭州市城区");
	assert_null(jur(&g, &a, "朝阳区条例"));
	assert_str(jur(&g, &a, "浦东新区条例"), "上海市浦东新区");
	/* Any county-level division after its municipality. */
	assert_str(jur(&g, &a, "上海市崇明县条例"), "上海市崇明县");
	/* A child only of its own parent. */
	assert_str(jur(&g, &a, "浙江省浦东新区条例"), "浙江省");
	/* A name that cuts a word is not taken: 义乌市场 is a market. */
	assert_null(jur(&g, &a, "义乌市场管理条例"));
	assert_str(jur(&g, &a, "义乌市市场管理条例"), "义乌市");
	assert_str(jur(&g, &a, "浙江省义乌市场条例"), "浙江省");
	/* Another name of a division. */
	assert_str(jur(&g, &a, "深圳经济特区物业管理条例"), "深圳市");
	/* After a parent, a child by its own name only (as in the lines of
	 * the divisions), found in the name index. */
	assert_str(jur(&g, &a, "广东省深圳经济特区条例"), "广东省");
	assert_str(jur(&g, &a, "广东省深圳市条例"), "深圳市");
	assert_str(jur(&g, &a, "浙江省义乌市条例"), "义乌市");
	assert_int_equal(lx_gaz_match(&g, "浙江省义乌市条例", code),
	                 strlen("浙江省义乌市"));
	assert_string_equal(code, "330782");
	assert_null(jur(&g, &a, "中华人民共和国民法典"));
	assert_null(jur(&g, &a, ""));
	/* Parents and containment. */
	assert_true(lx_gaz_parent(&g, "330106", code));
	assert_string_equal(code, "3301");
	assert_false(lx_gaz_parent(&g, "33", code));
	assert_false(lx_gaz_parent(&g, "99", code));
	assert_true(lx_gaz_contains(&g, "33", "330106"));
	assert_true(lx_gaz_contains(&g, "3301", "330106"));
	assert_false(lx_gaz_contains(&g, "330106", "330106"));
	assert_false(lx_gaz_contains(&g, "31", "330106"));
	assert_true(lx_gaz_contains(&g, "33", "330782"));
	assert_str(lx_gaz_full_name(&g, &a, "330782"), "义乌市");
	assert_str(lx_gaz_full_name(&g, &a, "110105"), "北京市朝阳区");
	assert_null(lx_gaz_full_name(&g, &a, "99"));
	lx_arena_free(&a);
}

/* Title and issuer together, with the divisions containing the result. */
static void title_and_issuer(void **state)
{
	(void)state;
	lx_gazetteer g;
	assert_true(lx_gazetteer_builtin(&g));
	lx_arena a = {0};
	const char *w[LX_GAZ_WITHIN];
	assert_str(lx_gaz_jurisdiction(&g, &a, "杭州市西湖区条例", NULL, w),
	           "杭州市西湖区");
	assert_str(w[0], "杭州市");
	assert_str(w[1], "浙江省");
	assert_null(w[2]);
	/* The issuer when it is inside the title's division, or the title
	 * names none; never a province for a city's title. */
	assert_str(lx_gaz_jurisdiction(&g, &a, "北京市条例",
	                               "北京市西城区人民政府", w),
	           "北京市西城区");
	assert_str(w[0], "北京市");
	assert_null(w[1]);
	assert_str(lx_gaz_jurisdiction(&g, &a, "关于修改的决定",
	                               "浙江省人民代表大会常务委员会", w),
	           "浙江省");
	assert_null(w[0]);
	assert_str(lx_gaz_jurisdiction(&g, &a, "杭州市条例",
	                               "浙江省人民代表大会常务委员会", w),
	           "杭州市");
	assert_null(lx_gaz_jurisdiction(&g, &a, "中华人民共和国民法典",
	                                "全国人民代表大会", w));
	assert_null(w[0]);
	lx_arena_free(&a);
}

/* The built-in data: every province, and the words a pattern cut. */
static void builtin_data(void **state)
{
	(void)state;
	static const struct {
		const char *title, *want;
	} cases[] = {
		{"浙江省建筑市场管理条例", "浙江省"},
		{"浙江省城市绿化管理条例", "浙江省"},
		{"浙江省开发区条例", "浙江省"},
		{"杭州市住宅小区物业管理条例", "杭州市"},
		{"湖北省城市市容和环境卫生管理条例", "湖北省"},
		{"江苏省开发区条例", "江苏省"},
		{"广州市住宅小区物业管理办法", "广州市"},
		{"杭州市西湖区条例", "杭州市西湖区"},
		{"上海市浦东新区市场主体登记确认制若干规定", "上海市浦东新区"},
		{"北京市西城区街巷长制规定", "北京市西城区"},
		{"重庆市城口县条例", "重庆市城口县"},
		{"深圳经济特区物业管理条例", "深圳市"},
		{"海南经济特区律师条例", "海南省"},
		{"厦门经济特区促进条例", "厦门市"},
		{"广西壮族自治区南宁市条例", "南宁市"},
		{"内蒙古自治区草原管理条例", "内蒙古自治区"},
		{"延边朝鲜族自治州条例", "延边朝鲜族自治州"},
		{"湖北省仙桃市条例", "仙桃市"},
		{"浙江省义乌市条例", "义乌市"},
		{"义乌市条例", "义乌市"},
		{"新疆维吾尔自治区乌鲁木齐市条例", "乌鲁木齐市"},
		/* A city without counties is one division, not two. */
		{"东莞市文明行为促进条例", "东莞市"},
		{"中山市条例", "中山市"},
		{"酉阳土家族苗族自治县城镇管理条例", "重庆市酉阳土家族苗族自治县"},
		{"浙江省景宁畲族自治县自治条例", "景宁畲族自治县"},
	};
	lx_gazetteer g;
	assert_true(lx_gazetteer_builtin(&g));
	lx_arena a = {0};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = jur(&g, &a, cases[i].title);
		if (!got || strcmp(got, cases[i].want))
			fail_msg("%s: %s, want %s", cases[i].title,
			         got ? got : "(none)", cases[i].want);
	}
	/* A short form is not in the data: 杭州城市大脑 names no division. */
	assert_null(jur(&g, &a, "杭州城市大脑赋能城市治理促进条例"));
	/* 34 province-level divisions: 31 in the data (no HK, MO, TW). */
	size_t provinces = 0;
	for (const char *p = g.data; p && p < g.data + g.len;) {
		const char *nl = memchr(p, '\n', (size_t)(g.data + g.len - p));
		if (p[0] >= '0' && p[0] <= '9' && p[2] == '\t')
			provinces++;
		p = nl ? nl + 1 : NULL;
	}
	assert_int_equal(provinces, 31);
	lx_arena_free(&a);
}

/* The jurisdiction of parsed documents. */
static void parsed(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"浙江省建筑市场管理条例\n\n第一条 为了规范。\n", "浙江省"},
		{"杭州市住宅小区物业管理条例\n\n第一条 为了规范。\n", "杭州市"},
		{"中华人民共和国示例法\n\n第一条 为了规范。\n", "中华人民共和国"},
		{"国务院关于示例的规定\n\n第一条 为了规范。\n", "中华人民共和国"},
		{"城市示例条例\n\n第一条 为了规范。\n", "中华人民共和国"},
		/* A place the gazetteer lacks: only before 关于 or a body. */
		{"东江市关于示例的规定\n\n第一条 为了规范。\n", "东江市"},
		{"农贸市场管理条例\n\n第一条 为了规范。\n", "中华人民共和国"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lx_doc *d = test_parse_str(G, cases[i].text);
		assert_non_null(d);
		assert_str(lx_doc_jurisdiction(d), cases[i].want);
		lx_doc_free(d);
	}
	lx_doc *d = test_parse(G, SEED_XICHENG);
	assert_str(lx_doc_jurisdiction(d), "北京市西城区");
	lx_doc_free(d);
	d = test_parse(G, SEED_SHENZHEN);
	assert_str(lx_doc_jurisdiction(d), "深圳市");
	lx_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reading_rules),
		cmocka_unit_test(title_and_issuer),
		cmocka_unit_test(builtin_data),
		cmocka_unit_test(parsed),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
