/*
 * test_tokenize.c: tokens, their offsets and normalised forms.
 */
#include "lxtest.h"

static lx_tokenizer *T;

static int setup(void **state)
{
	(void)state;
	lx_error err;
	return lx_tokenizer_new(&T, true, &err);
}

static int teardown(void **state)
{
	(void)state;
	lx_tokenizer_free(T);
	return 0;
}

/* The tokens of s as "text/kind" joined by spaces. */
static char *cut(const char *s, bool norm)
{
	const lx_token *tk;
	size_t n;
	lx_error err;
	assert_int_equal(lx_tokenize(T, s, strlen(s), &tk, &n, &err), 0);
	size_t cap = strlen(s) * 8 + 64, len = 0;
	char *out = malloc(cap);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		assert_true(tk[i].start < tk[i].end);
		assert_true(tk[i].end <= strlen(s));
		if (i)
			assert_true(tk[i - 1].end <= tk[i].start);
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", i ? " " : "",
		                        norm ? (int)tk[i].norm_len
		                             : (int)(tk[i].end - tk[i].start),
		                        norm ? tk[i].norm : s + tk[i].start);
	}
	return out;
}

static void legal_terms_whole(void **state)
{
	(void)state;
	char *c = cut("第二百三十二条规定的不动产物权，当事人和中小企业、小型微型企业"
	              "向人民政府申请融资担保的，处三年以下有期徒刑。",
	              false);
	assert_string_equal(c, "第二百三十二条 规定 的 不动产 物权 ， 当事人 和 中小企业 "
	                       "、 小型微型企业 向 人民政府 申请 融资担保 的 ， 处 三年 "
	                       "以下 有期徒刑 。");
	free(c);
	/* Numbers and labels stay whole. */
	c = cut("第一百零三条之一和第232条、第十条第二款第（三）项，二百三十二元", false);
	assert_string_equal(c, "第一百零三条之一 和 第232条 、 第十条 第二款 第 （ 三 ） 项 "
	                       "， 二百三十二 元");
	free(c);
}

static void normal_forms(void **state)
{
	(void)state;
	char *a = cut("第二百三十二条", true), *b = cut("第232条", true),
	     *c = cut("第２３２條", true);
	assert_string_equal(a, "第232条");
	assert_string_equal(b, "第232条");
	assert_string_equal(c, "第232条");
	free(a);
	free(b);
	free(c);
	a = cut("條例 ＡＰＥＣ ①", true);
	assert_string_equal(a, "条例 apec 1");
	free(a);
	/* Traditional characters fold, but not those that are simplified
	 * characters too (GB 2312), which Hant-Hans would take to another
	 * word: 俱乐部 is not 具乐部, 著作权 not 着作权, 乾坤 not 干坤. */
	const char *keep[] = {"俱", "著", "乾", "於", "藉",
	                      /* newer than GB 2312 (grammar/fold.tsv) */
	                      "瞭", "剋", "釐", "祕"};
	for (size_t k = 0; k < sizeof(keep) / sizeof(*keep); k++) {
		a = cut(keep[k], true);
		assert_string_equal(a, keep[k]);
		free(a);
	}
	a = cut("裡 麵 條 鬆 穀 蹟 諮", true);
	assert_string_equal(a, "里 面 条 松 谷 迹 谘");
	free(a);
	/* A label whose numeral does not read keeps its text (its normal
	 * form once pointed at freed memory: a fuzz finding). */
	a = cut("第十二四项和第十二四条", true);
	assert_string_equal(a, "第十二四项 和 第十二四条");
	free(a);
}

static void offsets_exact(void **state)
{
	(void)state;
	/* Newlines, full-width punctuation, a character beyond the BMP
	 * (𠀀 U+20000), ASCII digits, a document number. */
	const char *s = "国发〔2020〕12号\n《条例》第3条：𠀀字，ok.";
	const lx_token *tk;
	size_t n;
	lx_error err;
	assert_int_equal(lx_tokenize(T, s, strlen(s), &tk, &n, &err), 0);
	/* Joining the tokens gives the text back without whitespace. */
	char joined[256] = "", nows[256] = "";
	for (size_t i = 0; i < n; i++)
		strncat(joined, s + tk[i].start, tk[i].end - tk[i].start);
	size_t k = 0;
	for (const char *p = s; *p; p++)
		if (*p != '\n' && *p != ' ')
			nows[k++] = *p;
	nows[k] = '\0';
	assert_string_equal(joined, nows);
	/* Spot checks of offsets and kinds. */
	bool saw_year = false, saw_ext = false, saw_label = false;
	for (size_t i = 0; i < n; i++) {
		size_t l = tk[i].end - tk[i].start;
		const char *t = s + tk[i].start;
		if (l == 4 && !memcmp(t, "2020", 4)) {
			saw_year = true;
			assert_int_equal(tk[i].start, strlen("国发〔"));
			assert_int_equal(tk[i].kind, LX_TOK_NUMBER);
		}
		if (l >= 4 && !memcmp(t, "𠀀", 4)) {
			saw_ext = true;
			assert_int_equal(tk[i].start,
			                 strlen("国发〔2020〕12号\n《条例》第3条："));
		}
		if (l == strlen("第3条") && !memcmp(t, "第3条", l)) {
			saw_label = true;
			assert_int_equal(tk[i].kind, LX_TOK_LABEL);
		}
	}
	assert_true(saw_year && saw_ext && saw_label);
}

static void lexicon_errors(void **state)
{
	(void)state;
	lx_error err;
	const char *bad = "好词\n两 个词\n";
	assert_int_equal(lx_tokenizer_add_lexicon(T, "l.txt", bad, strlen(bad),
	                                          &err),
	                 LX_ERR_GRAMMAR);
	assert_string_equal(err.msg, "l.txt:2:1: a lexicon term is one word of "
	                             "valid UTF-8 without spaces");
	assert_true(lx_tokenizer_lexicon_size(T) > 8);
}

static void empty_and_spaces(void **state)
{
	(void)state;
	const lx_token *tk;
	size_t n = 99;
	lx_error err;
	assert_int_equal(lx_tokenize(T, "", 0, &tk, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(lx_tokenize(T, " \t\xe3\x80\x80\n", 6, &tk, &n, &err), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(legal_terms_whole),
		cmocka_unit_test(normal_forms),
		cmocka_unit_test(offsets_exact),
		cmocka_unit_test(lexicon_errors),
		cmocka_unit_test(empty_and_spaces),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
