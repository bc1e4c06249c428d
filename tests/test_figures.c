/*
 * test_figures.c: quantities in provisions (grammar/figures.grammar):
 * every form of issue 7, qualifiers, lists, and what is not a figure
 * (dates, article labels).
 */
#include "lxtest.h"

/* The figures of s, formatted and joined by " | ". */
static char *figs(const char *s)
{
	lx_figure_list *l;
	assert_int_equal(lx_figures(G, s, strlen(s), &l), 0);
	size_t n = lx_figure_list_count(l);
	assert_null(lx_figure_list_at(l, n));
	size_t cap = 4096, len = 0;
	char *out = calloc(cap, 1);
	for (size_t i = 0; i < n; i++) {
		const lx_figure *f = lx_figure_list_at(l, i);
		char *t = lx_figure_format(f);
		assert_non_null(t);
		/* the span (bytes) is the text as written */
		assert_memory_equal(s + lx_figure_get_start(f), lx_figure_get_text(f),
		                    lx_figure_get_end(f) - lx_figure_get_start(f));
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " | " : "", t);
		free(t);
	}
	lx_figure_list_free(l);
	return out;
}

#define FIGS(text, want)                          \
	do {                                      \
		char *got_ = figs(text);          \
		assert_string_equal(got_, want);  \
		free(got_);                       \
	} while (0)

static void percentages(void **state)
{
	(void)state;
	FIGS("预留采购份额应当占预算总额的百分之四十以上，其中预留给小型微型企业的比例不低于百分之七十",
	     "≥40% | ≥70%");
	FIGS("业务占比不低于百分之八十。", "≥80%");
	FIGS("按照不超过实际发生金额的 15%、单个项目", "≤15%");
	FIGS("比例为80%", "80%");
	FIGS("占比百分之三十以上", "≥30%");
	FIGS("提高到百分之二十五点五", "25.5%");
}

static void money(void **state)
{
	(void)state;
	FIGS("给予最高120万元奖励", "≤1,200,000 CNY");
	FIGS("给予每年不超过 500 万元奖励", "每年 ≤5,000,000 CNY");
	FIGS("分别给予最高120万元、30万元、2万元奖励",
	     "≤1,200,000 CNY | ≤300,000 CNY | ≤20,000 CNY");
	FIGS("二百万元以下的货物和服务采购项目、四百万元以下的工程", "≤2,000,000 CNY | ≤4,000,000 CNY");
	FIGS("单个项目不超过 450 万元（含）的额度", "单个项目 ≤4,500,000 CNY");
	FIGS("注册资本1.5亿元", "150,000,000 CNY");
	FIGS("处五千元以上五万元以下的罚款", "5,000–50,000 CNY");
}

/* The fines of s as "figure <- act [target]", joined by " | ". */
static char *fines(const char *s)
{
	lx_figure_list *l;
	assert_int_equal(lx_figures(G, s, strlen(s), &l), 0);
	size_t cap = 4096, len = 0;
	char *out = calloc(cap, 1);
	for (size_t i = 0; i < lx_figure_list_count(l); i++) {
		const lx_figure *f = lx_figure_list_at(l, i);
		if (!lx_figure_is_fine(f))
			continue;
		char *t = lx_figure_format(f);
		const char *act = lx_figure_get_act(f), *tg = lx_figure_get_target(f);
		len += (size_t)snprintf(out + len, cap - len, "%s%s <- %s [%s]",
		                        len ? " | " : "", t, act ? act : "-", tg ? tg : "-");
		free(t);
	}
	lx_figure_list_free(l);
	return out;
}

#define FINES(text, want)                         \
	do {                                      \
		char *got_ = fines(text);         \
		assert_string_equal(got_, want);  \
		free(got_);                       \
	} while (0)

/* Sentences of ../shared/corpus (清远市住宅小区物业管理条例, 古树名木 and
 * 物业 rules, 招标投标, 刑法). */
static void ranges_ratios_measures(void **state)
{
	(void)state;
	FIGS("处五十元以上二百元以下罚款", "50–200 CNY");
	FIGS("每株可以处500元至2000元的罚款；造成死亡的，每株可以处1万元至5万元的罚款",
	     "每株 500–2,000 CNY | 每株 10,000–50,000 CNY");
	FIGS("可以处项目合同金额千分之五以上千分之十以下罚款", "0.5–1%");
	FIGS("千分之三至千分之五", "0.3–0.5%");
	FIGS("物业管理用房的配置比例为物业建设工程规划许可证载明的地上总建筑面积的千分之三", "0.3%");
	FIGS("可在当年计税所得额的千分之二以内提取", "≤0.2%");
	FIGS("小于五千分之一比例尺的地形图测绘", "");
	FIGS("补偿标准提高三成以上", "≥30%");
	FIGS("由五名委员组成", "5 名");
	FIGS("并处违法所得一倍以上五倍以下罚金", "1–5x");
	FIGS("从常住居民名单中随机抽选拟任命人民陪审员数五倍以上的人员", "≥5x");
	FIGS("但不得低于一百平方米", "≥100 m²");
	FIGS("一级防火区是指千亩以上的有林地", "≥1,000 mu");
	FIGS("人均耕地不足零点零三三公顷（零点五亩）的", "0.033 ha | 0.5 mu");
	FIGS("建筑面积在五万平方米以上的", "≥50,000 m²");
	FIGS("距离河道管理范围边线五十米以内", "≤50 m");
	FIGS("按拆除部分建筑面积每平方米处二千元罚款", "每平方米 2,000 CNY");
	FIGS("逾期不清洗或修复的，处以每日五十元的罚款", "每日 50 CNY");
	FIGS("处二万元以上二十万元以下罚款，并可以按日连续处罚",
	     "按日连续处罚 20,000–200,000 CNY");
}

static void fines_and_acts(void **state)
{
	(void)state;
	FINES("违反本条例第四十七条第一项规定的，由县级人民政府城市管理综合执法部门责令改正，"
	      "清除污物，处五十元以上二百元以下罚款。",
	      "50–200 CNY <- 违反本条例第四十七条第一项规定 [第四十七条第一项]");
	FINES("违反本条例第四十七条第二项、第三项规定的，由公安机关责令改正，对单位处一千元以上"
	      "二千元以下罚款，对个人处五十元以上二百元以下罚款。",
	      "1,000–2,000 CNY <- 违反本条例第四十七条第二项、第三项规定 [第四十七条第二项、第三项] | "
	      "50–200 CNY <- 违反本条例第四十七条第二项、第三项规定 [第四十七条第二项、第三项]");
	FINES("违反本条例第十一条第三款规定，未经确认擅自处理死亡古树名木的，每株处以2000元至1万元的罚款",
	      "每株 2,000–10,000 CNY <- 违反本条例第十一条第三款规定，未经确认擅自处理死亡古树名木 "
	      "[第十一条第三款]");
	/* the act of each sentence, not the one before */
	FINES("造成古树名木损伤的，每株可以处500元至2000元的罚款；造成死亡的，每株可以处1万元至5万元的罚款",
	      "每株 500–2,000 CNY <- 造成古树名木损伤 [-] | 每株 10,000–50,000 CNY <- 造成死亡 [-]");
	/* an amount that is not a fine, and a fine without an act */
	FINES("对符合条件的企业给予最高50万元资金奖励", "");
	FINES("处五千元罚款。", "5,000 CNY <- - [-]");
}

static void time_limits(void **state)
{
	(void)state;
	FIGS("应当自收到申请之日起三十日内作出决定", "≤30 days");
	FIGS("在十五个工作日内办结", "≤15 workdays");
	FIGS("最长连续3年", "≤3 years");
	FIGS("合同约定的付款期限最长不得超过60日", "≤60 days");
	FIGS("六个月内", "≤6 months");
	FIGS("有效期3年", "3 years");
}

static void counts_and_not_figures(void **state)
{
	(void)state;
	FIGS("每年认定不少于100家专精特新企业", "≥100 家");
	FIGS("每年不少于100家", "每年 ≥100 家");
	/* dates, labels and ordinals are not figures */
	FIGS("本条例自2020年12月1日起施行。", "");
	FIGS("二〇二〇年九月二十五日北京市第十五届人民代表大会常务委员会第二十四次会议通过", "");
	FIGS("依照本条例第二十八条第三项规定", "");
	FIGS("每年3月31日前报送", "");
	FIGS("", "");
}

static void fields(void **state)
{
	(void)state;
	const char *s = "预留比例不低于百分之七十";
	lx_figure_list *l;
	assert_int_equal(lx_figures(G, s, strlen(s), &l), 0);
	assert_int_equal(lx_figure_list_count(l), 1);
	const lx_figure *f = lx_figure_list_at(l, 0);
	assert_int_equal(lx_figure_get_kind(f), LX_FIG_PERCENT);
	assert_string_equal(lx_figure_kind_name(lx_figure_get_kind(f)), "percent");
	assert_int_equal(lx_figure_get_op(f), LX_FIG_GE);
	assert_string_equal(lx_figure_op_name(lx_figure_get_op(f)), ">=");
	assert_true(lx_figure_get_value(f) == 70.0);
	assert_string_equal(lx_figure_get_unit(f), "%");
	assert_string_equal(lx_figure_get_text(f), "不低于百分之七十");
	assert_null(lx_figure_get_per(f));
	lx_figure_list_free(l);
}

/* The units are the grammar's figure_unit rules, not C: the figures
 * grammar without them shows every figure in its kind's name, and a rule
 * of its own gives a unit of its own. */
static lx_grammars *figures_variant(bool keep_units, const char *extra)
{
	FILE *fp = fopen("grammar/figures.grammar", "r");
	assert_non_null(fp);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap), line[4096];
	assert_non_null(buf);
	while (fgets(line, sizeof(line), fp)) {
		if (!keep_units && !strncmp(line, "figure_unit:", 12))
			continue;
		size_t l = strlen(line);
		assert_true(len + l < cap);
		memcpy(buf + len, line, l);
		len += l;
	}
	fclose(fp);
	size_t l = strlen(extra);
	assert_true(len + l < cap);
	memcpy(buf + len, extra, l);
	len += l;
	lx_grammars *set = test_grammars();
	lx_error err = {0};
	assert_int_equal(lx_grammars_add_buffer(set, "figures-variant", buf, len, &err), 0);
	free(buf);
	return set;
}

static char *figs_in(const lx_grammars *set, const char *s)
{
	lx_figure_list *l;
	assert_int_equal(lx_figures(set, s, strlen(s), &l), 0);
	char *out = calloc(1024, 1);
	size_t len = 0;
	for (size_t i = 0; i < lx_figure_list_count(l); i++) {
		char *t = lx_figure_format(lx_figure_list_at(l, i));
		len += (size_t)snprintf(out + len, 1024 - len, "%s%s", i ? " | " : "", t);
		free(t);
	}
	lx_figure_list_free(l);
	return out;
}

static void units_from_grammar(void **state)
{
	(void)state;
	const char *s = "不得低于一百平方米，罚款五千元，五名委员，百分之十，三倍";
	char *got = figs_in(G, s);
	assert_string_equal(got, "≥100 m² | 5,000 CNY | 5 名 | 10% | 3x");
	free(got);
	lx_grammars *bare = figures_variant(false, "");
	got = figs_in(bare, s);
	assert_string_equal(got, "≥100 areas | 5,000 moneys | 5 counts | 10 percents | 3 multiples");
	free(got);
	lx_grammars_free(bare);
	lx_grammars *own = figures_variant(false, "figure_unit:sq.m ^平方米$\n");
	got = figs_in(own, s);
	assert_string_equal(got, "≥100 sq.m | 5,000 moneys | 5 counts | 10 percents | 3 multiples");
	free(got);
	lx_grammars_free(own);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentages),
		cmocka_unit_test(money),
		cmocka_unit_test(time_limits),
		cmocka_unit_test(ranges_ratios_measures),
		cmocka_unit_test(fines_and_acts),
		cmocka_unit_test(counts_and_not_figures),
		cmocka_unit_test(fields),
		cmocka_unit_test(units_from_grammar),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
