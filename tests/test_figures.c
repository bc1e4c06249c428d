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
	FIGS("处五千元以上五万元以下的罚款", "≥5,000 CNY | ≤50,000 CNY");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentages),
		cmocka_unit_test(money),
		cmocka_unit_test(time_limits),
		cmocka_unit_test(counts_and_not_figures),
		cmocka_unit_test(fields),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
