/*
 * test_decode.c: encodings and line ends.  Re-encodings of a sample
 * (GB18030, UTF-16 with BOM, UTF-8 BOM, CRLF, CR) parse to the same tree as
 * the original; undecodable input fails with the file and byte offset.
 */
#include <unicode/ucnv.h>

#include "lxtest.h"

static char *orig;
static size_t orig_len;

static int setup(void **state)
{
	setup_grammars(state);
	FILE *f = fopen(SEED_BEIJING, "rb");
	if (!f)
		return -1;
	orig = malloc(1 << 20);
	orig_len = fread(orig, 1, 1 << 20, f);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(orig);
	return teardown_grammars(state);
}

static char *reencode(const char *charset, size_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t cap = orig_len * 4 + 16;
	char *out = malloc(cap);
	int32_t n = ucnv_convert(charset, "UTF-8", out, (int32_t)cap, orig,
	                         (int32_t)orig_len, &st);
	assert_false(U_FAILURE(st));
	*out_len = (size_t)n;
	return out;
}

static lx_doc *parse_buf(const char *buf, size_t len, lx_error *err)
{
	lx_doc *d = NULL;
	int rc = lx_parse_buffer(&d, G, "mem.txt", buf, len, NULL, err);
	return rc ? NULL : d;
}

static void same_tree(const char *buf, size_t len, const char *encoding)
{
	lx_error err;
	lx_doc *a = parse_buf(orig, orig_len, &err);
	lx_doc *b = parse_buf(buf, len, &err);
	if (!b)
		fail_msg("%s", err.msg);
	assert_non_null(a);
	char *sa = skeleton(a), *sb = skeleton(b);
	assert_string_equal(sa, sb);
	assert_str(lx_doc_id(a), lx_doc_id(b));
	if (encoding)
		assert_str(lx_doc_encoding(b), encoding);
	free(sa);
	free(sb);
	lx_doc_free(a);
	lx_doc_free(b);
}

static void gb18030(void **state)
{
	(void)state;
	size_t n;
	char *gb = reencode("GB18030", &n);
	same_tree(gb, n, "GB18030");
	free(gb);
}

static void utf16_bom(void **state)
{
	(void)state;
	size_t n;
	char *u = reencode("UTF-16LE", &n);
	char *b = malloc(n + 2);
	b[0] = (char)0xFF;
	b[1] = (char)0xFE;
	memcpy(b + 2, u, n);
	same_tree(b, n + 2, "UTF-16LE");
	free(u);
	u = reencode("UTF-16BE", &n);
	b = realloc(b, n + 2);
	b[0] = (char)0xFE;
	b[1] = (char)0xFF;
	memcpy(b + 2, u, n);
	same_tree(b, n + 2, "UTF-16BE");
	free(u);
	free(b);
}

static void utf16_without_bom(void **state)
{
	(void)state;
	size_t n;
	char *u = reencode("UTF-16LE", &n);
	same_tree(u, n, "UTF-16LE");
	free(u);
}

static void utf8_bom_crlf_cr(void **state)
{
	(void)state;
	char *b = malloc(orig_len * 2 + 3);
	memcpy(b, "\xEF\xBB\xBF", 3);
	memcpy(b + 3, orig, orig_len);
	same_tree(b, orig_len + 3, "UTF-8 (BOM)");
	size_t n = 0;
	for (size_t i = 0; i < orig_len; i++) {
		if (orig[i] == '\n')
			b[n++] = '\r';
		b[n++] = orig[i];
	}
	same_tree(b, n, "UTF-8");
	n = 0;
	for (size_t i = 0; i < orig_len; i++)
		b[n++] = orig[i] == '\n' ? '\r' : orig[i];
	same_tree(b, n, "UTF-8");
	free(b);
}

static void invalid_utf8(void **state)
{
	(void)state;
	char *b = malloc(orig_len);
	memcpy(b, orig, orig_len);
	size_t at = 1000;
	while (((unsigned char)b[at] & 0xF0) != 0xE0)
		at++; /* the lead byte of a character */
	b[at] = (char)0xFF; /* one stray byte in UTF-8 text */
	lx_error err = {0};
	assert_null(parse_buf(b, orig_len, &err));
	assert_int_equal(err.code, LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "mem.txt:"));
	char want[64];
	snprintf(want, sizeof(want), "byte offset %zu", at);
	if (!strstr(err.msg, want))
		fail_msg("%s: wanted %s", err.msg, want);
	/* Truncated: the last character cut in half. */
	const char *cut = "第一条 为了\xE4\xB8";
	assert_null(parse_buf(cut, strlen(cut), &err));
	assert_non_null(strstr(err.msg, "byte offset 16"));
	free(b);
}

static void binary(void **state)
{
	(void)state;
	unsigned char b[4096];
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)((i * 7919) % 256);
	lx_error err = {0};
	assert_null(parse_buf((const char *)b, sizeof(b), &err));
	assert_int_equal(err.code, LX_ERR_DECODE);
	assert_non_null(strstr(err.msg, "mem.txt"));
	/* ELF-like header with NULs: binary, not text. */
	char elf[256] = "\x7f" "ELF\x02\x01\x01";
	assert_null(parse_buf(elf, sizeof(elf), &err));
	assert_int_equal(err.code, LX_ERR_DECODE);
}

static void stray_nul_is_a_diagnostic(void **state)
{
	(void)state;
	const char s[] = "# 某条例\n\n第一条 本条例\0适用于本市。\n";
	lx_error err = {0};
	lx_doc *d = parse_buf(s, sizeof(s) - 1, &err);
	if (!d)
		fail_msg("%s", err.msg);
	assert_int_equal(test_diags(d, "control-characters"), 1);
	assert_str(lx_node_get_text(test_find(d, "art_1__para_1")), "本条例适用于本市。");
	lx_doc_free(d);
}

static void empty(void **state)
{
	(void)state;
	lx_error err = {0};
	lx_doc *d = parse_buf("", 0, &err);
	assert_non_null(d);
	assert_int_equal(lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), 0);
	assert_int_equal(test_diags(d, "missing-title"), 1);
	lx_doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gb18030),
		cmocka_unit_test(utf16_bom),
		cmocka_unit_test(utf16_without_bom),
		cmocka_unit_test(utf8_bom_crlf_cr),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(binary),
		cmocka_unit_test(stray_nul_is_a_diagnostic),
		cmocka_unit_test(empty),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
