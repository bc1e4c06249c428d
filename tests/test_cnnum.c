/* test_cnnum.c: Chinese numerals and dates. */
#include "lxtest.h"
#include "../parser/lx_int.h"

static long num(const char *s)
{
	return lx_cn_number(s, strlen(s));
}

static void numerals(void **state)
{
	(void)state;
	assert_int_equal(num("一"), 1);
	assert_int_equal(num("十"), 10);
	assert_int_equal(num("十一"), 11);
	assert_int_equal(num("二十"), 20);
	assert_int_equal(num("四十五"), 45);
	assert_int_equal(num("一百"), 100);
	assert_int_equal(num("一百零三"), 103);
	assert_int_equal(num("一百一十"), 110);
	assert_int_equal(num("二百三十二"), 232);
	assert_int_equal(num("一千二百六十"), 1260);
	assert_int_equal(num("一千零一"), 1001);
	assert_int_equal(num("两千"), 2000);
	assert_int_equal(num("两万"), 20000);
	assert_int_equal(num("十万"), 100000);
	assert_int_equal(num("三万零五"), 30005);
	assert_int_equal(num("二〇二〇"), 2020);
	assert_int_equal(num("一九九九"), 1999);
	assert_int_equal(num("45"), 45);
	assert_int_equal(num("４５"), 45);
	assert_int_equal(num("〇"), 0);
}

static void not_numerals(void **state)
{
	(void)state;
	assert_int_equal(num(""), -1);
	assert_int_equal(num("条"), -1);
	assert_int_equal(num("一二十"), -1);
	assert_int_equal(num("99999999999999999999"), -1);
	assert_int_equal(num("一十x"), -1);
	assert_int_equal(num("十十"), -1);
	assert_int_equal(num("一百一千"), -1);
}

static void dates(void **state)
{
	(void)state;
	lx_arena a = {0};
	bool ph;
	const char *s = "2020年 9月 25日";
	assert_str(lx_parse_date(&a, s, strlen(s), &ph), "2020-09-25");
	s = "二〇二〇年十二月一日";
	assert_str(lx_parse_date(&a, s, strlen(s), &ph), "2020-12-01");
	s = "2013 年 12 月 27 日";
	assert_str(lx_parse_date(&a, s, strlen(s), &ph), "2013-12-27");
	s = "一九九九年十二月二十五日";
	assert_str(lx_parse_date(&a, s, strlen(s), &ph), "1999-12-25");
	s = "20XX年XX月XX日";
	assert_null(lx_parse_date(&a, s, strlen(s), &ph));
	assert_true(ph);
	s = "2020年13月1日";
	assert_null(lx_parse_date(&a, s, strlen(s), &ph));
	assert_false(ph);
	s = "2020年2月";
	assert_null(lx_parse_date(&a, s, strlen(s), &ph));
	lx_arena_free(&a);
}

static void format_numerals(void **state)
{
	(void)state;
	char b[64];
	assert_true(lx_cn_format(11, b, sizeof(b)));
	assert_string_equal(b, "十一");
	assert_true(lx_cn_format(103, b, sizeof(b)));
	assert_string_equal(b, "一百零三");
	assert_true(lx_cn_format(110, b, sizeof(b)));
	assert_string_equal(b, "一百一十");
	assert_true(lx_cn_format(1260, b, sizeof(b)));
	assert_string_equal(b, "一千二百六十");
	assert_true(lx_cn_format(1003, b, sizeof(b)));
	assert_string_equal(b, "一千零三");
	assert_false(lx_cn_format(0, b, sizeof(b)));
	assert_true(lx_cn_format(10000, b, sizeof(b)));
	assert_string_equal(b, "一万");
	assert_true(lx_cn_format(10001, b, sizeof(b)));
	assert_string_equal(b, "一万零一");
	assert_true(lx_cn_format(100010, b, sizeof(b)));
	assert_string_equal(b, "十万零一十");
	assert_true(lx_cn_format(99999999, b, sizeof(b)));
	assert_string_equal(b, "九千九百九十九万九千九百九十九");
	assert_false(lx_cn_format(100000000, b, sizeof(b)));
	assert_false(lx_cn_format(-3, b, sizeof(b)));
	assert_false(lx_cn_format(1260, b, 6)); /* does not fit */
	for (long n = 1; n <= 120000; n += n < 10000 ? 1 : 7) {
		assert_true(lx_cn_format(n, b, sizeof(b)));
		assert_int_equal(lx_cn_number(b, strlen(b)), n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numerals),
		cmocka_unit_test(not_numerals),
		cmocka_unit_test(dates),
		cmocka_unit_test(format_numerals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
