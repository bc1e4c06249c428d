/*
 * test_render.c: the JSON, JSONL and text renderers over the same tree.
 */
#include <jansson.h>

#include "lxtest.h"

static char *render(lx_doc *const *docs, size_t n, lx_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	lx_error err;
	assert_int_equal(lx_render(f, docs, n, fmt, &err), 0);
	fclose(f);
	return buf;
}

static void json_document(void **state)
{
	(void)state;
	lx_grammars *g = test_grammars();
	lx_doc *d = test_parse(g, SEED_SHENZHEN);
	char *s = render(&d, 1, LX_FMT_JSON);
	json_error_t je;
	json_t *j = json_loads(s, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "id")),
	                    "深圳经济特区中小企业发展促进条例");
	assert_true(json_is_null(json_object_get(j, "effective")));
	json_t *body = json_object_get(j, "body");
	json_t *c1 = json_array_get(body, 0);
	assert_string_equal(json_string_value(json_object_get(c1, "eid")),
	                    "chp_1");
	assert_true(json_is_null(json_object_get(c1, "label")));
	json_t *a1 = json_array_get(json_object_get(c1, "children"), 0);
	assert_string_equal(json_string_value(json_object_get(a1, "heading")),
	                    "立法目的");
	assert_int_equal(json_integer_value(json_object_get(a1, "num")), 1);
	json_t *lines = json_object_get(a1, "lines");
	assert_int_equal(json_integer_value(json_array_get(lines, 0)), 5);
	json_t *diags = json_object_get(j, "diagnostics");
	assert_true(json_array_size(diags) >= 3);
	json_decref(j);
	free(s);
	/* Several documents: an array. */
	lx_doc *two[2] = {d, test_parse(g, SEED_POLICY)};
	s = render(two, 2, LX_FMT_JSON);
	j = json_loads(s, 0, &je);
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 2);
	json_t *m1 = json_object_get(
		json_array_get(json_object_get(
			json_array_get(json_object_get(json_array_get(j, 1),
			                               "body"),
			               1),
			"children"), 0),
		"agencies");
	assert_int_equal(json_array_size(m1), 5);
	json_decref(j);
	free(s);
	lx_doc_free(two[1]);
	lx_doc_free(d);
	lx_grammars_free(g);
}

static void jsonl_and_text(void **state)
{
	(void)state;
	lx_grammars *g = test_grammars();
	lx_doc *d = test_parse(g, SEED_BEIJING);
	char *s = render(&d, 1, LX_FMT_JSONL);
	size_t lines = 0;
	for (char *p = s; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 52);
	char *l28 = strstr(s, "\"eid\":\"art_28\"");
	assert_non_null(l28);
	char *end = strchr(l28, '\n');
	*end = '\0';
	char *start = l28;
	while (start > s && start[-1] != '\n')
		start--;
	json_error_t je;
	json_t *o = json_loads(start, 0, &je);
	assert_non_null(o);
	const char *text = json_string_value(json_object_get(o, "text"));
	assert_non_null(strstr(text, "第二十八条 本市采取下列措施"));
	assert_non_null(strstr(text, "\n（五）支持首台首套新产品新技术。"));
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(o, "path"), 0)),
	                    "第四章 市场开拓");
	json_decref(o);
	free(s);
	s = render(&d, 1, LX_FMT_TEXT);
	assert_non_null(strstr(s, "北京市促进中小企业发展条例\n"));
	assert_non_null(strstr(s, "7 chapters, 52 articles"));
	assert_non_null(strstr(s, "\n  第四章 市场开拓\n"));
	free(s);
	lx_doc_free(d);
	lx_grammars_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_document),
		cmocka_unit_test(jsonl_and_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
