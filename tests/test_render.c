/*
 * test_render.c: the JSON, JSONL and text renderers over the same tree.
 */
#include <jansson.h>

#include "lxtest.h"
#include "../parser/lx_int.h"
#include "../render/render_int.h"

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

/* What jansson gave for the JSONL of d (the renderer before the direct
 * writer): the reference the direct writer must equal byte for byte.
 * NULL when jansson refuses a string (not UTF-8). */
static char *jsonl_by_jansson(const lx_doc *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool ok = true;
	for (const lx_node *n = d->root; n && ok;
	     n = lx_node_next_preorder(d->root, n)) {
		if (n->type != LX_NODE_ARTICLE)
			continue;
		json_t *o = json_object();
		SET(o, "doc", lx_json_str(d->id));
		SET(o, "title", lx_json_str(d->title));
		SET(o, "jurisdiction", lx_json_str(d->jurisdiction));
		SET(o, "eid", lx_json_str(n->eid));
		SET(o, "label", lx_json_str(n->label));
		SET(o, "heading", lx_json_str(n->heading));
		json_t *path = json_array();
		for (const lx_node *p = n->parent; p && p->type != LX_NODE_ROOT;
		     p = p->parent) {
			char *h = lx_node_heading(p);
			const char *hs = h[0] ? h
			                 : p->type == LX_NODE_CHAPTER
			                         ? "(unlabelled chapter)"
			                         : "(unlabelled)";
			ok &= !json_array_insert_new(path, 0, lx_json_str(hs));
			free(h);
		}
		SET(o, "path", path);
		char *t = lx_article_text(n);
		SET(o, "text", lx_json_str(t));
		free(t);
		SET(o, "lines", json_pack("[ii]", n->line_first, n->line_last));
		if (ok) {
			json_dumpf(o, f, JSON_COMPACT);
			fputc('\n', f);
		}
		json_decref(o);
	}
	fclose(f);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The direct writer's strings are jansson's: escapes, every control
 * character, UTF-8 of each length, and the same refusals. */
static void json_strings_as_jansson(void **state)
{
	(void)state;
	static const char *const good[] = {
		"", "plain", "quote \" back\\slash / slash",
		"\b\f\n\r\t", "\x7f del", "中华人民共和国",
		"é ß", "\xf0\x9f\x98\x80 four bytes", "\xe2\x80\xa8 U+2028",
		"\xef\xbf\xbd\xef\xbb\xbf", "end\\",
	};
	static const char *const bad[] = {
		"\xc0\x80", "\xed\xa0\x80", "\xf5\x80\x80\x80", "\xe4\xb8",
		"\xf4\x90\x80\x80", "\xe0\x80\x80", "x\x80", "\xf0\x80\x80\x80",
	};
	char ctl[32];
	for (int c = 1; c < 32; c++)
		ctl[c - 1] = (char)c;
	ctl[31] = '\0';
	for (size_t i = 0; i <= sizeof(good) / sizeof(*good); i++) {
		const char *s = i < sizeof(good) / sizeof(*good) ? good[i] : ctl;
		json_t *j = json_string(s);
		assert_non_null(j);
		char *want = json_dumps(j, JSON_ENCODE_ANY);
		json_decref(j);
		lx_buf b = {0};
		assert_true(lx_json_put_str(&b, s));
		assert_false(b.oom);
		assert_string_equal(b.s, want);
		free(want);
		lx_buf_free(&b);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_null(json_string(bad[i]));
		lx_buf b = {0};
		assert_false(lx_json_put_str(&b, bad[i]));
		lx_buf_free(&b);
	}
	lx_buf b = {0};
	assert_true(lx_json_put_str(&b, NULL));
	assert_string_equal(b.s, "null");
	lx_buf_free(&b);
}

/* JSONL: every seed as jansson wrote it, and a document whose strings
 * hold what needs escaping, nulls and an unlabelled chapter. */
static void jsonl_as_jansson(void **state)
{
	(void)state;
	static const char *const seeds[] = {
		SEED_BEIJING, SEED_XICHENG, SEED_CHONGQING, SEED_POLICY,
		SEED_SHENZHEN, TWIN_BEIJING,
	};
	lx_grammars *g = test_grammars();
	for (size_t i = 0; i <= sizeof(seeds) / sizeof(*seeds); i++) {
		bool odd = i == sizeof(seeds) / sizeof(*seeds);
		lx_doc *d = test_parse(g, odd ? SEED_BEIJING : seeds[i]);
		if (odd) {
			/* Strings the corpus seldom has, put in by hand. */
			d->title = NULL;
			d->jurisdiction = "tab\there \"q\" \\ \x01\x1f\x7f";
			size_t k = 0;
			for (lx_node *n = d->root->first; n; n = n->next, k++) {
				if (n->type == LX_NODE_CHAPTER && k == 1) {
					n->label = "";
					n->heading = NULL;
				}
				if (n->first && n->first->type == LX_NODE_ARTICLE) {
					n->first->heading = "h\r\n\b\f/\xf0\x9f\x98\x80";
					n->first->eid = NULL;
					n->first->label = NULL;
				}
			}
		}
		char *want = jsonl_by_jansson(d);
		assert_non_null(want);
		char *got = render(&d, 1, LX_FMT_JSONL);
		assert_true(strlen(got) > 1000);
		assert_string_equal(got, want);
		if (odd) {
			assert_non_null(strstr(got, "\\u0001\\u001F\x7f"));
			assert_non_null(strstr(got, "\"title\":null"));
			assert_non_null(strstr(got, "(unlabelled chapter)"));
		}
		free(got);
		free(want);
		lx_doc_free(d);
	}
	/* A string that is not UTF-8: refused, as jansson refused it. */
	lx_doc *d = test_parse(g, SEED_SHENZHEN);
	d->title = "\xff";
	assert_null(jsonl_by_jansson(d));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	lx_error err;
	assert_int_not_equal(lx_render(f, &d, 1, LX_FMT_JSONL, &err), 0);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
	lx_doc_free(d);
	lx_grammars_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_document),
		cmocka_unit_test(jsonl_and_text),
		cmocka_unit_test(json_strings_as_jansson),
		cmocka_unit_test(jsonl_as_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
