/*
 * test_bad.c: bad input never crashes or hangs; it ends with a clear error
 * naming the file, or a parse with diagnostics.  (Times are not asserted;
 * `make bench` measures speed.)
 */
#include <sys/stat.h>
#include <unistd.h>

#include "lxtest.h"

static lx_doc *parse_mem(const char *buf, size_t len)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	if (lx_parse_buffer(&d, G, "bad.txt", buf, len, NULL, &err))
		fail_msg("%s", err.msg);
	return d;
}

static void twenty_mb_line(void **state)
{
	(void)state;
	size_t n = 20 * 1024 * 1024 / 3;
	const char *prefix = "第一条 ";
	size_t pl = strlen(prefix);
	char *b = malloc(pl + n * 3 + 1);
	memcpy(b, prefix, pl);
	for (size_t i = 0; i < n; i++)
		memcpy(b + pl + 3 * i, "中", 3);
	b[pl + n * 3] = '\0';
	lx_doc *d = parse_mem(b, pl + n * 3);
	const lx_node *p = test_find(d, "art_1__para_1");
	assert_int_equal(strlen(p->text), n * 3);
	char msg[256];
	assert_int_equal(lx_doc_check_text(d, b, pl + n * 3, msg, sizeof(msg)),
	                 0);
	lx_doc_free(d);
	free(b);
}

/* Chinese numeral for 1..100000, as in item labels. */
static void cn(long v, char *out, size_t cap)
{
	static const char *const dg[] = {"零", "一", "二", "三", "四",
	                                 "五", "六", "七", "八", "九"};
	static const char *const un[] = {"万", "千", "百", "十", ""};
	long div[] = {10000, 1000, 100, 10, 1};
	out[0] = '\0';
	if (v == 100000) {
		snprintf(out, cap, "十万");
		return;
	}
	bool zero = false, started = false;
	for (int k = 0; k < 5; k++) {
		long q = (v / div[k]) % 10;
		if (q) {
			if (zero)
				strncat(out, dg[0], cap - strlen(out) - 1);
			if (!(q == 1 && k == 3 && !started))
				strncat(out, dg[q], cap - strlen(out) - 1);
			strncat(out, un[k], cap - strlen(out) - 1);
			started = true;
			zero = false;
		} else if (started) {
			zero = true;
		}
	}
}

static void hundred_thousand_items(void **state)
{
	(void)state;
	size_t cap = 100000 * 64, len = 0;
	char *b = malloc(cap);
	len += (size_t)snprintf(b, cap, "第一条 下列事项：\n");
	char num[64];
	for (long i = 1; i <= 100000; i++) {
		cn(i, num, sizeof(num));
		len += (size_t)snprintf(b + len, cap - len, "（%s）事项；\n", num);
	}
	lx_doc *d = parse_mem(b, len);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ITEM), 100000);
	/* Beyond 九十九 the item pattern reads the numerals in full, so the
	 * numbering runs through without a diagnostic. */
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	assert_int_equal(test_find(d, "art_1__para_1__item_100000")->num,
	                 100000);
	lx_doc_free(d);
	free(b);
}

static void twenty_thousand_chapters(void **state)
{
	(void)state;
	size_t cap = 20000 * 96, len = 0;
	char *b = malloc(cap);
	char num[64];
	for (long i = 1; i <= 20000; i++) {
		cn(i, num, sizeof(num));
		len += (size_t)snprintf(b + len, cap - len,
		                        "第%s章 标题\n第%s条 正文。\n", num, num);
	}
	lx_doc *d = parse_mem(b, len);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_CHAPTER),
	                 20000);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE),
	                 20000);
	assert_int_equal(test_diags(d, "numbering-gap"), 0);
	lx_doc_free(d);
	free(b);
}

static void unclosed_brackets_and_markup(void **state)
{
	(void)state;
	const char *s = "# 《未闭合的标题\n\n第一条 根据《某法第三条（一\n\n"
	                "（一）【未闭合\n\n**第二条** ** **\n\n### \n\n---\n";
	lx_doc *d = parse_mem(s, strlen(s));
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 2);
	char msg[256];
	if (lx_doc_check_text(d, s, strlen(s), msg, sizeof(msg)))
		fail_msg("%s", msg);
	lx_doc_free(d);
}

static void only_whitespace_and_page_numbers(void **state)
{
	(void)state;
	const char *s = "\n\n   \n\t\n1\n\n2\n\n\xE3\x80\x80\n";
	lx_doc *d = parse_mem(s, strlen(s));
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 0);
	assert_int_equal(test_diags(d, "missing-title"), 1);
	lx_doc_free(d);
}

static void files_that_are_not_there(void **state)
{
	(void)state;
	lx_doc *d;
	lx_error err = {0};
	assert_int_equal(lx_parse_file(&d, G, "/nonexistent/x.txt", NULL, &err),
	                 LX_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/x.txt"));
	assert_int_equal(lx_parse_file(&d, G, "tests", NULL, &err), LX_ERR_IO);
	assert_string_equal(err.msg, "tests: is a directory, not a file");
	assert_null(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(twenty_mb_line),
		cmocka_unit_test(hundred_thousand_items),
		cmocka_unit_test(twenty_thousand_chapters),
		cmocka_unit_test(unclosed_brackets_and_markup),
		cmocka_unit_test(only_whitespace_and_page_numbers),
		cmocka_unit_test(files_that_are_not_there),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
