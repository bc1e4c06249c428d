/*
 * test_index.c: the article index on the bundled corpus: exact counts for
 * literal queries (checked against the stored texts; also on a tenth of
 * ../shared/corpus when present), filters, versions,
 * highlights, bad queries, a damaged and a locked database.
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "lxtest.h"
#include <lexcn/index.h>
#include <lexcn/versions.h>
#include "../index/index.h" /* lx_highlights of given literals */
#include "../index/postings.h"
#include "../index/record.h"
#include "../parser/files.h"

static char dir[64];
static lx_tokenizer *TK;
static lx_index *DB;

typedef struct texts {
	char **v;
	size_t n, cap;
} texts;

/* The texts of every unit of db. */
static int grab(lx_index *db, texts *t)
{
	lx_results *u;
	lx_error err;
	int rc = lx_index_units(db, NULL, &u, &err);
	if (rc)
		return rc;
	t->n = t->cap = lx_results_len(u);
	t->v = calloc(t->n + 1, sizeof(char *));
	for (size_t i = 0; i < t->n; i++)
		t->v[i] = strdup(lx_hit_text(u, i));
	lx_results_free(u);
	return 0;
}

static int setup(void **state)
{
	setup_grammars(state);
	snprintf(dir, sizeof(dir), "/tmp/lexcn-test-index-%d", (int)getpid());
	lx_error err;
	if (lx_tokenizer_new(&TK, true, &err) ||
	    lx_index_open(&DB, dir, true, &err))
		return -1;
	const char *files[] = {SEED_BEIJING, SEED_XICHENG, SEED_CHONGQING,
	                       SEED_POLICY, SEED_SHENZHEN,
	                       "corpus/national-sme-promotion-law-2017.md",
	                       TWIN_BEIJING, "tests/golden/cite/law-2010.md",
	                       "tests/golden/cite/law-2020.md"};
	for (size_t i = 0; i < 9; i++) {
		lx_doc *d = test_parse(G, files[i]);
		if (lx_index_add(DB, TK, d, files[i], "h\tpath", false, &err)) {
			fprintf(stderr, "setup: %s: %s\n", files[i], err.msg);
			return -1;
		}
		lx_doc_free(d);
	}
	int rc = lx_index_mark_current(DB, &err) || lx_index_commit(DB, &err);
	if (rc)
		fprintf(stderr, "setup: %s\n", err.msg);
	return rc;
}

static int teardown(void **state)
{
	lx_index_close(DB);
	lx_tokenizer_free(TK);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return -1;
	return teardown_grammars(state);
}

static long count_in(lx_index *db, const char *q, bool all)
{
	lx_search_opts o = {.exact_count = true, .all_versions = all};
	lx_results *r;
	lx_error err;
	int rc = lx_search(db, TK, q, &o, &r, &err);
	if (rc)
		fail_msg("%s: %s", q, err.msg);
	long c = lx_results_count(r);
	lx_results_free(r);
	return c;
}

static long count(const char *q, bool all)
{
	return count_in(DB, q, all);
}

/* The label form (第28条) of q when q is one article label, else NULL. */
static char *label_form(const char *q)
{
	const lx_token *tk;
	size_t n;
	lx_error err;
	if (lx_tokenize(TK, q, strlen(q), &tk, &n, &err) || n != 1 ||
	    tk[0].kind != LX_TOK_LABEL)
		return NULL;
	return strndup(tk[0].norm, tk[0].norm_len);
}

/* Whether text has a label whose form is label (第二十八条, 第28条...). */
static bool has_label(const char *text, const char *label)
{
	const lx_token *tk;
	size_t n;
	lx_error err;
	if (lx_tokenize(TK, text, strlen(text), &tk, &n, &err))
		return false;
	for (size_t i = 0; i < n; i++)
		if (tk[i].kind == LX_TOK_LABEL && tk[i].norm_len == strlen(label) &&
		    !memcmp(tk[i].norm, label, tk[i].norm_len))
			return true;
	return false;
}

/* Literal queries of 1 to 8 characters taken from the texts of db (seeded)
 * and a fixed list of legal terms: the count equals the number of texts
 * that contain them (or, for an article label, the label in any numerals,
 * found by the tokenizer). */
static void check_exact(lx_index *db, uint32_t seed, size_t queries)
{
	texts t = {0};
	assert_int_equal(grab(db, &t), 0);
	assert_true(t.n > 300);
	size_t checked = 0;
	const char *fixed[] = {"政府采购", "预留", "拖欠", "百分之四十", "中小企业",
	                       "不动产", "融资担保", "前款", "第四十五条", "股权",
	                       "行政复议", "罚款", "国务院", "之日起"};
	size_t nf = sizeof(fixed) / sizeof(fixed[0]);
	for (size_t k = 0; k < queries * 4 && checked < queries; k++) {
		char q[64];
		if (k < nf) {
			snprintf(q, sizeof(q), "%s", fixed[k]);
		} else {
			seed = seed * 1103515245 + 12345;
			const char *s = t.v[(seed >> 8) % t.n];
			size_t len = strlen(s);
			seed = seed * 1103515245 + 12345;
			size_t at = (seed >> 8) % (len + 1);
			while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
				at++;
			size_t n = 1 + (seed >> 20) % 8;
			/* n Chinese characters in a row from `at`. */
			size_t i = at, got = 0;
			while (i + 3 <= len && got < n &&
			       (unsigned char)s[i] >= 0xE4 &&
			       (unsigned char)s[i] <= 0xE9) {
				i += 3;
				got++;
			}
			if (got < 1 || ((unsigned char)s[at] & 0xC0) == 0x80)
				continue;
			snprintf(q, sizeof(q), "%.*s", (int)(i - at), s + at);
		}
		long want = 0;
		char *label = label_form(q);
		for (size_t j = 0; j < t.n; j++)
			want += strstr(t.v[j], q) != NULL ||
			        (label && has_label(t.v[j], label));
		free(label);
		long got = count_in(db, q, true);
		if (got != want)
			fail_msg("\"%s\": %ld articles contain it, the index says "
			         "%ld",
			         q, want, got);
		checked++;
	}
	assert_true(checked >= queries);
	printf("exact counts: %zu queries over %zu articles\n", checked, t.n);
	for (size_t j = 0; j < t.n; j++)
		free(t.v[j]);
	free(t.v);
}

static void exact_counts(void **state)
{
	(void)state;
	check_exact(DB, 12345, 150);
}

/* lx_index_documents: one hit per indexed file, by path, with
 * the document's fields and without the article text. */
static void documents_of_index(void **state)
{
	(void)state;
	lx_results *r;
	lx_error err;
	assert_int_equal(lx_index_documents(DB, &r, &err), LX_OK);
	assert_int_equal(lx_results_len(r), 9);
	bool beijing = false, law2020 = false;
	for (size_t i = 0; i < 9; i++) {
		assert_non_null(lx_hit_title(r, i));
		assert_non_null(lx_hit_doc(r, i));
		assert_null(lx_hit_text(r, i));
		/* by path, each once */
		if (i)
			assert_true(strcmp(lx_hit_file(r, i - 1), lx_hit_file(r, i)) < 0);
		beijing |= !strcmp(lx_hit_file(r, i), SEED_BEIJING);
		law2020 |= !strcmp(lx_hit_file(r, i), "tests/golden/cite/law-2020.md");
	}
	assert_true(beijing && law2020);
	lx_results_free(r);
	/* A removed file's units are masked: it is no document any more. */
	char path[128];
	snprintf(path, sizeof(path), "%s-docs", dir);
	lx_index *db;
	assert_int_equal(lx_index_open(&db, path, true, &err), LX_OK);
	const char *files[] = {SEED_BEIJING, SEED_POLICY};
	for (size_t i = 0; i < 2; i++) {
		lx_doc *d = test_parse(G, files[i]);
		char hv[4200]; /* as lexcn index gives it: hash, tab, path */
		snprintf(hv, sizeof(hv), "0123456789abcdef\t%s", files[i]);
		assert_int_equal(lx_index_add(db, TK, d, files[i], hv, false, &err),
		                 LX_OK);
		lx_doc_free(d);
	}
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	assert_int_equal(lx_index_remove(db, SEED_BEIJING, &err), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	assert_int_equal(lx_index_documents(db, &r, &err), LX_OK);
	assert_int_equal(lx_results_len(r), 1);
	assert_string_equal(lx_hit_file(r, 0), SEED_POLICY);
	lx_results_free(r);
	/* Stamps, and the content hash of an indexed file. */
	char *v = NULL, h[17];
	assert_int_equal(lx_index_get_stamp(db, "maps\tx", &v, &err), LX_OK);
	assert_null(v);
	assert_int_equal(lx_index_put_stamp(db, "maps\tx", "a\tb\n", &err), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	assert_int_equal(lx_index_get_stamp(db, "maps\tx", &v, &err), LX_OK);
	assert_string_equal(v, "a\tb\n");
	free(v);
	assert_int_equal(lx_index_get_stamp(db, "maps\ty", &v, &err), LX_OK);
	assert_null(v);
	assert_int_equal(lx_index_file_hash(db, SEED_POLICY, h), LX_OK);
	assert_string_equal(h, "0123456789abcdef");
	assert_int_equal(lx_index_file_hash(db, "nosuch.md", h), LX_ERR_NOT_FOUND);
	lx_index_close(db);
	assert_int_equal(lx_index_destroy(path, &err), 0);
}

/* The same on every tenth statute of ../shared/corpus (make bench runs
 * 1,000 queries over all of it). */
static void corpus_exact_counts(void **state)
{
	(void)state;
	char root[4096], path[128];
	test_shared_corpus(root, sizeof(root), "corpus_exact_counts");
	snprintf(path, sizeof(path), "%s-corpus", dir);
	lx_files fl;
	assert_int_equal(lx_files_collect(&fl, root, NULL), 0);
	lx_index *db;
	lx_error err;
	assert_int_equal(lx_index_open(&db, path, true, &err), 0);
	for (size_t i = 0; i < fl.n; i += 10) {
		lx_doc *d = test_parse(G, fl.path[i]);
		assert_int_equal(lx_index_add(db, TK, d, fl.path[i], "h\tpath",
		                              true, &err),
		                 0);
		lx_doc_free(d);
	}
	assert_int_equal(lx_index_commit(db, &err), 0);
	check_exact(db, 777, 300);
	lx_index_close(db);
	lx_files_free(&fl);
	assert_int_equal(lx_index_destroy(path, &err), 0);
}

/* record.c reads records as jansson does: every stored record of the
 * setup's index and crafted JSON, valid (the fast path takes it, and
 * the value is json_loadb's) and not (the fast path refuses it, and
 * lx_rec_load answers as json_loadb: NULL). */
/* Every stored record is what jansson would write of it (compact, members
 * in order, its escapes: index.c writes records without jansson), and the
 * fixtures give records with a heading above them and with resolved
 * citations and their targets, so those paths are written too. */
static void records_as_jansson(void **state)
{
	(void)state;
	long n = lx_xdb_doccount(DB->db), paths = 0, cites = 0, targets = 0,
	     read = 0;
	for (long id = 1; id <= n + 10; id++) {
		size_t len;
		const char *s = lx_xdb_data(DB->db, (unsigned)id, 1, &len);
		if (!s)
			continue;
		json_error_t je;
		json_t *j = json_loadb(s, len, 0, &je);
		if (!j)
			fail_msg("record %ld is not JSON: %s: %.200s", id, je.text, s);
		char *again = json_dumps(j, JSON_COMPACT);
		assert_non_null(again);
		if (strlen(again) != len || memcmp(again, s, len))
			fail_msg("record %ld written otherwise:\n%.300s\n%.300s", id,
			         s, again);
		paths += json_array_size(json_object_get(j, "path")) >= 1;
		json_t *c = json_object_get(j, "citations"), *one;
		size_t k;
		json_array_foreach(c, k, one) {
			cites++;
			targets += json_is_true(json_object_get(one, "resolved")) &&
			           json_array_size(json_object_get(one, "targets"));
		}
		free(again);
		json_decref(j);
		read++;
	}
	printf("records: %ld read, %ld with a heading above, %ld citations, "
	       "%ld with targets\n", read, paths, cites, targets);
	assert_true(read > 100);
	assert_true(paths > 10);
	assert_true(cites >= 5);
	assert_true(targets > 0);
}

static void record_reader(void **state)
{
	(void)state;
	long n = lx_xdb_doccount(DB->db);
	assert_true(n > 100);
	long read = 0;
	for (long id = 1; id <= n + 10; id++) {
		size_t len;
		const char *s = lx_xdb_data(DB->db, (unsigned)id, 0, &len);
		if (!s)
			continue;
		char *copy = malloc(len + 1);
		assert_non_null(copy);
		memcpy(copy, s, len);
		json_error_t je;
		json_t *want = json_loadb(copy, len, 0, &je);
		json_t *got = lx_rec_load_fast(copy, len);
		assert_non_null(want);
		if (!got || !json_equal(got, want))
			fail_msg("record %ld read otherwise: %.200s", id, copy);
		json_decref(want);
		json_decref(got);
		free(copy);
		read++;
	}
	assert_true(read > 100);
	const char *valid[] = {
		"{}", "[]", " [ 1 , -2 , 3.5 , -0 , 0.25e2 , 1E-3 , 12e+1 ] ",
		"{\"a\":null,\"b\":true,\"c\":false,\"d\":\"\"}",
		"[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]",
		"[\"\\u00e9\\u4e2d\\uD83D\\uDE00 é中😀\"]", "{\"k\":1,\"k\":2}",
		"{\"\\u6761\":[[[]],{\"x\":[{}]}]}", "[9223372036854775807]",
		"[\"第四十条　国务院有关部门\"]", "{\"\":0}"};
	for (size_t k = 0; k < sizeof(valid) / sizeof(valid[0]); k++) {
		json_error_t je;
		json_t *want = json_loads(valid[k], 0, &je);
		json_t *got = lx_rec_load_fast(valid[k], strlen(valid[k]));
		assert_non_null(want);
		if (!got || !json_equal(got, want))
			fail_msg("%s read otherwise", valid[k]);
		json_decref(want);
		json_decref(got);
	}
	char deep[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(deep, "[");
	for (int i = 0; i < 100; i++)
		strcat(deep, "]");
	const char *invalid[] = {
		"", " ", "{", "[1,]", "{\"a\":1,}", "[1 2]", "[01]", "[1.]", "[.5]",
		"[1e]", "[-]", "[+1]", "[tru]", "[nul]", "[\"abc", "[\"a\\x\"]",
		"[\"\\u12\"]", "[\"\\ud800\"]", "[\"\\udc00x\"]", "[\"\\u0000\"]",
		"[\"\xc0\x80\"]", "[\"\xed\xa0\x80\"]", "[\"\xf5\x80\x80\x80\"]",
		"[\"\xe4\xb8\"]", "[\"a\tb\"]", "{1:2}", "{\"a\" 1}", "[] []",
		"[99999999999999999999]", "[1e999]", "[\"a\"] x", "1", "\"a\"",
		"{\"a\":1}}"};
	for (size_t k = 0; k < sizeof(invalid) / sizeof(invalid[0]); k++) {
		json_error_t je;
		size_t len = strlen(invalid[k]);
		json_t *j = json_loadb(invalid[k], len, 0, &je);
		json_t *f = lx_rec_load_fast(invalid[k], len);
		json_t *l = lx_rec_load(invalid[k], len);
		if (j || f || l)
			fail_msg("%s taken (jansson %d, fast %d, load %d)", invalid[k],
			         !!j, !!f, !!l);
	}
	/* Mutations of a record (bytes changed, cut, dropped): whatever
	 * either reader makes of one, lx_rec_load gives json_loadb's. */
	const char *rec = "{\"doc\":\"示例法@2020-01-01\",\"n\":[1,-2.5e3,null,true],"
	                  "\"text\":\"第一条\\n\\u4e2d\\\"小\\\"企业\",\"o\":{\"k\":false}}";
	size_t rl = strlen(rec);
	char mut[256];
	unsigned seed = 2026;
	const char pool[] = "{}[]\",:\\u0123456789.eE+-ntf \x80\xe4\xb8\xad";
	for (int it = 0; it < 20000; it++) {
		memcpy(mut, rec, rl);
		size_t ml = rl;
		for (int m = 0; m < 1 + it % 3 && ml > 1; m++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % ml;
			switch ((seed >> 4) % 3) {
			case 0: mut[at] = pool[(seed >> 16) % (sizeof(pool) - 1)]; break;
			case 1: ml = at ? at : 1; break;
			default: memmove(mut + at, mut + at + 1, ml - at - 1); ml--;
			}
		}
		json_error_t je;
		json_t *j = json_loadb(mut, ml, 0, &je);
		json_t *l = lx_rec_load(mut, ml);
		if (!j != !l || (j && !json_equal(j, l)))
			fail_msg("mutation %d read otherwise (jansson %d): %.*s", it,
			         !!j, (int)ml, mut);
		json_decref(j);
		json_decref(l);
	}
	/* deeper than the fast path goes: jansson's answer (it takes 100) */
	json_t *d = lx_rec_load(deep, strlen(deep));
	assert_null(lx_rec_load_fast(deep, strlen(deep)));
	assert_non_null(d);
	json_decref(d);
}

/* v through lx_jw (indent 1 and compact) is what json_dumps gives. */
static void jw_as_jansson(const json_t *v, const char *what)
{
	static const struct { int indent; size_t flags; } modes[] = {
		{1, JSON_INDENT(1)}, {0, JSON_COMPACT}, {3, JSON_INDENT(3)}};
	for (size_t m = 0; m < sizeof(modes) / sizeof(*modes); m++) {
		char *want = json_dumps(v, modes[m].flags | JSON_ENCODE_ANY);
		assert_non_null(want);
		lx_buf b = {0};
		lx_jw w;
		lx_jw_init(&w, &b, modes[m].indent);
		lx_jw_value(&w, v);
		assert_false(b.oom);
		assert_false(w.bad);
		if (strcmp(b.s ? b.s : "", want))
			fail_msg("%s written otherwise (indent %d):\n%s\nnot\n%s",
			         what, modes[m].indent, b.s ? b.s : "", want);
		lx_buf_free(&b);
		free(want);
	}
}

static void json_writer(void **state)
{
	(void)state;
	long n = lx_xdb_doccount(DB->db), done = 0;
	for (long id = 1; id <= n; id++) {
		size_t len;
		const char *s = lx_xdb_data(DB->db, (unsigned)id, 0, &len);
		json_t *v = s ? lx_rec_load(s, len) : NULL;
		if (!v)
			continue;
		char what[32];
		snprintf(what, sizeof(what), "record %ld", id);
		jw_as_jansson(v, what);
		json_decref(v);
		done++;
	}
	assert_true(done > 100);
	const char *crafted[] = {
		"{}", "[]", "[[], {}, [[]], {\"a\": {}}]", "null", "true", "\"\"",
		"[1, -2, 0, 9223372036854775807, -9223372036854775807]",
		"[3.5, -0.0, 0.1, 1e300, 1e-300, 2.5e-7, 123456789012345678.0, "
		"40.491956598974824, 1.0, 100.0, 1e22, 5e-324]",
		"[\"\\\" \\\\ / \\b \\f \\n \\r \\t \\u0001 \\u001f \\u007f\"]",
		"{\"\\u0002键\\n\": \"é中😀 \\u2028\", \"b\": [true, false, null]}",
		"{\"doc\": \"示例法@2020-01-01\", \"path\": [\"第一章 总则\"], "
		"\"n\": {\"x\": [{\"y\": []}]}}"};
	for (size_t k = 0; k < sizeof(crafted) / sizeof(*crafted); k++) {
		json_error_t je;
		json_t *v = json_loads(crafted[k], JSON_DECODE_ANY, &je);
		if (!v)
			fail_msg("crafted %zu: %s", k, je.text);
		jw_as_jansson(v, crafted[k]);
		json_decref(v);
	}
	/* what jansson refuses to write, refused: not finite, bad UTF-8,
	 * too deep */
	lx_buf b = {0};
	lx_jw w;
	lx_jw_init(&w, &b, 1);
	lx_jw_real(&w, 1.0 / 0.0);
	assert_true(w.bad);
	lx_jw_init(&w, &b, 1);
	json_t *bad = json_stringn_nocheck("\xe4\xb8", 2);
	lx_jw_value(&w, bad);
	assert_true(w.bad);
	json_decref(bad);
	lx_jw_init(&w, &b, 0);
	for (int i = 0; i <= LX_JW_DEPTH; i++)
		lx_jw_open(&w, '[');
	assert_true(w.bad);
	lx_buf_free(&b);
}

/* An index of the setup's files whose pairs have positions only when in
 * `pairs` (NULL: chosen as lx_index_build does, with a low threshold for
 * this small corpus) and whose T terms are the triples found in more than
 * `triple_df` units (0: none). */
static lx_index *index_with_sets(const char *suffix, const char *pairs,
                                 size_t triple_df)
{
	const char *files[] = {SEED_BEIJING, SEED_XICHENG, SEED_CHONGQING,
	                       SEED_POLICY, SEED_SHENZHEN,
	                       "corpus/national-sme-promotion-law-2017.md",
	                       TWIN_BEIJING, "tests/golden/cite/law-2010.md",
	                       "tests/golden/cite/law-2020.md"};
	char path[128];
	snprintf(path, sizeof(path), "%s-%s", dir, suffix);
	lx_index *db;
	lx_error err;
	lx_doc *d[9];
	for (size_t i = 0; i < 9; i++)
		d[i] = test_parse(G, files[i]);
	char *chosen = pairs ? NULL : lx_pairs_choose(TK, d, 9, 40);
	/* Positions live in Xapian: an index with some keeps every term
	 * there, as shards do (mode 2), the others their own postings. */
	bool positions = !pairs || *pairs;
	assert_int_equal(lx_ix_open(&db, path, positions ? 2 : 1, &err), 0);
	assert_int_equal(lx_ix_use_pairs(db, pairs ? pairs : chosen), 0);
	free(chosen);
	if (triple_df) {
		lx_pair_counter *pc = lx_pairs_counter_new(false);
		for (size_t i = 0; i < 9; i++)
			lx_pairs_count(pc, TK, d[i]);
		char *tl = lx_pairs_counter_list(pc, 3, triple_df);
		lx_pairs_counter_free(pc);
		assert_non_null(tl);
		assert_int_equal(lx_ix_use_triples(db, tl), 0);
		free(tl);
	}
	for (size_t i = 0; i < 9; i++) {
		assert_int_equal(lx_index_add(db, TK, d[i], files[i], "h\tpath",
		                              false, &err),
		                 0);
		lx_doc_free(d[i]);
	}
	assert_int_equal(lx_index_mark_current(db, &err), 0);
	assert_int_equal(lx_index_commit(db, &err), 0);
	return db;
}

static lx_index *index_with_pairs(const char *suffix, const char *pairs)
{
	return index_with_sets(suffix, pairs, 0);
}

/* The facets of two results: the same values with the same counts. */
static void same_facets(lx_results *a, lx_results *b)
{
	for (int f = 0; f < LX_N_FACETS; f++) {
		size_t n = lx_results_facet_len(a, (lx_facet)f);
		assert_int_equal(lx_results_facet_len(b, (lx_facet)f), n);
		for (size_t k = 0; k < n; k++) {
			long x, y;
			assert_string_equal(lx_results_facet(a, (lx_facet)f, k, &x),
			                    lx_results_facet(b, (lx_facet)f, k, &y));
			assert_int_equal(x, y);
		}
	}
}

/* Candidates checked on threads (lx_search_opts.threads, 3 whatever
 * their number) give what one thread gives: the count, the hits shown,
 * the facets. */
static void same_on_threads(lx_index *db, const char *q, bool all)
{
	lx_results *r[2];
	for (int i = 0; i < 2; i++) {
		lx_search_opts o = {.exact_count = true, .all_versions = all,
		                    .facets = true, .limit = 7, .offset = 2,
		                    .threads = i ? 3 : 1};
		lx_error err;
		if (lx_search(db, TK, q, &o, &r[i], &err))
			fail_msg("%s: %s", q, err.msg);
	}
	if (lx_results_count(r[0]) != lx_results_count(r[1]))
		fail_msg("%s: %ld on three threads, %ld on one", q,
		         lx_results_count(r[1]), lx_results_count(r[0]));
	assert_int_equal(lx_results_len(r[1]), lx_results_len(r[0]));
	for (size_t k = 0; k < lx_results_len(r[0]); k++)
		assert_string_equal(lx_hit_text(r[1], k), lx_hit_text(r[0], k));
	same_facets(r[0], r[1]);
	lx_results_free(r[0]);
	lx_results_free(r[1]);
}

/* Whether q under o gives db the count, the first hits and the facets
 * that the positional index (DB) gives; fails naming q when not. */
static void same_as_positional(lx_index *db, const char *q,
                               const lx_search_opts *o)
{
	lx_results *r[2];
	lx_index *dbs[2] = {DB, db};
	for (int i = 0; i < 2; i++) {
		lx_error err;
		if (lx_search(dbs[i], TK, q, o, &r[i], &err))
			fail_msg("%s: %s", q, err.msg);
	}
	if (lx_results_count(r[0]) != lx_results_count(r[1]))
		fail_msg("%s (all %d, within %c, facets %d): %ld, positional %ld", q,
		         o->all_versions, o->within ? o->within : '-', o->facets,
		         lx_results_count(r[1]), lx_results_count(r[0]));
	assert_int_equal(lx_results_len(r[1]), lx_results_len(r[0]));
	if (o->facets)
		same_facets(r[0], r[1]);
	lx_results_free(r[0]);
	lx_results_free(r[1]);
}

/* Pairs without positions: a run that uses one is the AND of its pairs
 * checked in the stored text, so every count is the same as with every
 * position: literals, OR, exclusion, filters joined by OR, --within. */
static void exact_without_positions(void **state)
{
	(void)state;
	const char *qs[] = {"政府采购", "中小企业促进", "国务院 -人民政府规定",
	                    "-中小企业发展 title:北京市促进中小企业发展条例",
	                    "title:示例法 OR 中小企业促进", "预留份额 OR 拖欠账款",
	                    "\"中小企业 发展\"", "第四十五条", "之日起施行",
	                    "-\"本条例自\" 施行", "in:北京市 OR 融资担保机构",
	                    "县级以上人民政府 effective:2000-01-01..2030-01-01"};
	size_t nq = sizeof(qs) / sizeof(qs[0]);
	lx_index *mixed = index_with_pairs("mixed", NULL);
	lx_index *none = index_with_pairs("none", "");
	/* No positions, and the triples of more than 8 units as terms: a
	 * run of three that is one is its term alone (not checked), a
	 * longer one ANDs them to its pairs. */
	lx_index *tri = index_with_sets("tri", "", 8);
	assert_true(tri->triples.n > 50);
	assert_true(lx_triples_has(&tri->triples, "人民政", strlen("人民政")));
	assert_false(lx_triples_has(&tri->triples, "拖欠账", strlen("拖欠账")));
	assert_int_equal(none->triples.n, 0);
	/* Some pairs keep positions, not all. */
	assert_false(mixed->pairs.all);
	assert_true(mixed->pairs.n > 20);
	assert_false(lx_pairs_has(&mixed->pairs, "拖欠", strlen("拖欠")));
	assert_true(none->pairs.n == 0 && !none->pairs.all);
	for (size_t k = 0; k < nq; k++)
		for (int all = 0; all < 2; all++) {
			long want = count(qs[k], all);
			assert_int_equal(count_in(mixed, qs[k], all), want);
			assert_int_equal(count_in(none, qs[k], all), want);
			assert_int_equal(count_in(tri, qs[k], all), want);
			same_on_threads(none, qs[k], all);
			same_on_threads(tri, qs[k], all);
		}
	/* Triples alone and across what breaks a run: whitespace in the
	 * text (人民 政府 is no 民政府), a character of several code points
	 * (㈠), a label's other numerals (第四十五条 and 第45条). */
	const char *three[] = {"人民政", "民政府", "县级以", "第四十", "十五条",
	                       "（一）", "(一)", "第四十五", "人民政府应当",
	                       "第45条", "中小企"};
	for (size_t k = 0; k < sizeof(three) / sizeof(three[0]); k++)
		for (int all = 0; all < 2; all++)
			assert_int_equal(count_in(tri, three[k], all),
			                 count(three[k], all));
	/* --within p: both checks at once. */
	lx_search_opts o = {.exact_count = true, .all_versions = true,
	                    .within = 'p', .limit = 5};
	long wcount[2];
	lx_index *dbs[2] = {DB, none};
	for (int i = 0; i < 2; i++) {
		lx_results *r;
		lx_error err;
		assert_int_equal(lx_search(dbs[i], TK, "中小企业 发展基金", &o, &r,
		                           &err),
		                 0);
		wcount[i] = lx_results_count(r);
		/* The stored article is whole: its text and its fields. */
		assert_true(lx_results_len(r) > 0);
		assert_non_null(strstr(lx_hit_text(r, 0), "中小企业"));
		assert_non_null(lx_hit_title(r, 0));
		lx_results_free(r);
	}
	assert_true(wcount[0] > 0);
	assert_int_equal(wcount[1], wcount[0]);
	/* Facets of the checked matches, as Xapian counts them. */
	lx_search_opts fo = {.exact_count = true, .all_versions = true,
	                     .facets = true};
	lx_results *fr[2];
	for (int i = 0; i < 2; i++) {
		lx_error err;
		assert_int_equal(lx_search(dbs[i], TK, "中小企业促进 OR 政府采购",
		                           &fo, &fr[i], &err),
		                 0);
	}
	for (int f = 0; f < LX_N_FACETS; f++) {
		size_t n = lx_results_facet_len(fr[0], (lx_facet)f);
		assert_true(n > (f == LX_FACET_STATUS ? 0u : 1u));
		assert_int_equal(lx_results_facet_len(fr[1], (lx_facet)f), n);
		for (size_t k = 0; k < n; k++) {
			long a, b;
			assert_string_equal(lx_results_facet(fr[0], (lx_facet)f, k, &a),
			                    lx_results_facet(fr[1], (lx_facet)f, k, &b));
			assert_int_equal(a, b);
		}
	}
	/* The status facet counts what status: finds, in both indexes:
	 * over every match, the two counts of each value and the sum. */
	for (int i = 0; i < 2; i++) {
		long sum = 0;
		size_t n = lx_results_facet_len(fr[i], LX_FACET_STATUS);
		for (size_t k = 0; k < n; k++) {
			long c;
			const char *v = lx_results_facet(fr[i], LX_FACET_STATUS, k, &c);
			char q[256];
			snprintf(q, sizeof(q), "(中小企业促进 OR 政府采购) status:\"%s\"", v);
			assert_int_equal(count_in(dbs[i], q, true), c);
			sum += c;
		}
		assert_int_equal(sum, lx_results_count(fr[i]));
	}
	lx_results_free(fr[0]);
	lx_results_free(fr[1]);
	/* The shapes of the query language with such runs: parentheses,
	 * OR, NOT (of a run, of a group, alone), filters OR-ed with text,
	 * nested groups; counts, --within p and s, facets. */
	const char *tree[] = {
		"(预留份额 OR 拖欠账款) 中小企业",
		"中小企业 NOT (拖欠账款 OR 预留份额)",
		"(政府采购 -预留份额) OR 拖欠账款",
		"NOT 拖欠账款",
		"-(预留份额 政府采购)",
		"(拖欠账款 OR in:北京市) NOT (中小企业发展 title:示例法)",
		"(第四十五条 OR 之日起施行) -人民政府规定",
		"(\"中小企业 发展\" AND NOT 发展基金) OR 融资担保机构",
		"((中小企业促进 OR title:北京市促进中小企业发展条例) 融资担保) OR "
		"-县级以上人民政府",
		"(拖欠账款 OR -中小企业) (预留份额 OR 政府采购)",
		"title:中小企业 (-拖欠账款 OR 发展基金)",
		"version:2020-01-01..2030-01-01 OR 拖欠账款",
		"(中小企业 发展基金) OR (拖欠 账款)",
	};
	for (size_t k = 0; k < sizeof(tree) / sizeof(tree[0]); k++)
		for (int v = 0; v < 8; v++) {
			lx_search_opts to = {.exact_count = true,
			                     .all_versions = v & 1,
			                     .within = "\0ps"[(v >> 1) % 3],
			                     .facets = v >= 6, .limit = 3};
			same_as_positional(mixed, tree[k], &to);
			same_as_positional(none, tree[k], &to);
			same_as_positional(tri, tree[k], &to);
		}
	check_exact(mixed, 4242, 150);
	check_exact(none, 4243, 100);
	check_exact(tri, 4244, 150);
	lx_error err;
	lx_index_close(mixed);
	lx_index_close(none);
	lx_index_close(tri);
	char path[128];
	snprintf(path, sizeof(path), "%s-mixed", dir);
	assert_int_equal(lx_index_destroy(path, &err), 0);
	snprintf(path, sizeof(path), "%s-none", dir);
	assert_int_equal(lx_index_destroy(path, &err), 0);
	snprintf(path, sizeof(path), "%s-tri", dir);
	assert_int_equal(lx_index_destroy(path, &err), 0);
}

/* An index of one file whose pairs have positions when in `pairs`
 * ("*": every pair; "": none, so that every run of three characters or
 * more is checked in the segment's text store) and whose T terms are the
 * triples of `triples` (NULL: none). */
static lx_index *index_of_file(const char *suffix, const char *file,
                               const char *pairs, const char *triples)
{
	char path[128];
	snprintf(path, sizeof(path), "%s-%s", dir, suffix);
	lx_index *db;
	lx_error err;
	lx_doc *d = test_parse(G, file);
	assert_int_equal(lx_ix_open(&db, path, *pairs ? 2 : 1, &err), 0);
	assert_int_equal(lx_ix_use_pairs(db, pairs), 0);
	if (triples)
		assert_int_equal(lx_ix_use_triples(db, triples), 0);
	assert_int_equal(lx_index_add(db, TK, d, file, "h\tpath", true, &err),
	                 0);
	lx_doc_free(d);
	assert_int_equal(lx_index_mark_current(db, &err), 0);
	assert_int_equal(lx_index_commit(db, &err), 0);
	return db;
}

/* The text stores (format 5): runs checked in a text's run form count
 * what every position counts, where characters normalise to another
 * (條, full-width letters and brackets), to several (㈠ is "(一)", one
 * unit: "(一)" of three does not match it, not even in a text that has
 * its pairs elsewhere), across whitespace (which
 * breaks a run); a label in either numeral.  A damaged or missing store
 * is refused with a request to rebuild. */
static void text_stores(void **state)
{
	(void)state;
	char file[128];
	snprintf(file, sizeof(file), "%s-forms.md", dir);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("# 规范化测试条例\n\n"
	      "第一条 本条例所称㈠项制度，是指①号规定的事项。\n\n"
	      "第二条 ＡＢＣ公司和abc公司依照第四十五條处理。\n\n"
	      "第三条 县级以上人民政府应当（二）制定规划；民 政府不得拖延。\n\n"
	      "第四条 依照第4条和第四十四条处理，参照第四条。\n\n"
	      "第五条 本条例自公布之日起施行。\n\n"
	      /* the pairs of "(一)" apart: a candidate whose form holds
	       * "(一)" only as ㈠'s norm, inside its brackets */
	      "第六条 前款㈠项所列(一 与 一)的情形除外。\n\n"
	      /* a triple's characters apart, alone in an article */
	      "第七条 由ab c公司另行规定。\n",
	      f);
	assert_int_equal(fclose(f), 0);
	lx_index *all = index_of_file("forms-all", file, "*", NULL);
	lx_index *none = index_of_file("forms-none", file, "", NULL);
	/* Triples as terms, where whitespace (ab c, (一 与 一)) or a norm
	 * of several code points (㈠) breaks them. */
	lx_index *tri = index_of_file("forms-tri", file, "",
	                              "民政府\n人民政\n(一)\n一)制\n所称(\n"
	                              "十五条\n第四十\n政府不\n公布之\n条和第\n"
	                              "abc\n");
	assert_int_equal(lx_xdb_has_texts(none->db), 1);
	const char *qs[] = {"\"(一)\"", "（一）", "\"(一)制\"", "\"一)制\"", "㈠项制",
	                    "\"所称(一)\"", "①号规", "1号规", "ＡＢＣ公", "abc公",
	                    "ABC公司", "四十五条", "第四十五条", "第45条",
	                    "民政府", "人民政府应当", "民政府不", "政府不得",
	                    "第四条", "第4条", "条和第四", "\"应当(一)制定\"",
	                    "本条例", "公布之日起", "施行。", "没有的词语"};
	long total = 0;
	for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
		long want = count_in(all, qs[k], true);
		long got = count_in(none, qs[k], true);
		if (got != want)
			fail_msg("%s: %ld in the text store, %ld with every "
			         "position", qs[k], got, want);
		if ((got = count_in(tri, qs[k], true)) != want)
			fail_msg("%s: %ld with triples, %ld with every position",
			         qs[k], got, want);
		total += want;
	}
	/* Not all zero: the queries find what they should. */
	assert_int_equal(count_in(none, "\"(一)\"", true), 0);
	assert_int_equal(count_in(none, "\"应当(二)制定\"", true), 1);
	assert_int_equal(count_in(none, "第四条", true), 1);
	assert_int_equal(count_in(none, "民政府", true), 1);
	assert_int_equal(count_in(tri, "民政府", true), 1);
	assert_int_equal(count_in(tri, "abc", true), 1);
	assert_int_equal(count_in(all, "abc", true), 1);
	assert_int_equal(count_in(tri, "\"(一)\"", true), 0);
	lx_index_close(tri);
	assert_true(total > 12);
	lx_index_close(all);
	lx_index_close(none);
	/* Damaged: cut short, or gone; the text store (of forms-none), the
	 * postings (of forms-tri). */
	char path[128], cmd[512];
	const char *what[2] = {"lexcn-texts", "lexcn-postings"};
	for (int k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), "%s-forms-%s", dir,
		         k < 2 ? "none" : "tri");
		snprintf(cmd, sizeof(cmd),
		         k % 2 ? "rm %s/seg-*/%s"
		               : "for t in %s/seg-*/%s; do truncate -s -9 "
		                 "$t; done",
		         path, what[k / 2]);
		assert_int_equal(system(cmd), 0);
		lx_index *d;
		lx_error err;
		int rc = lx_index_open(&d, path, false, &err);
		assert_int_equal(rc, LX_ERR_DAMAGED);
		assert_non_null(strstr(err.msg, "rebuild the index"));
		assert_non_null(strstr(err.msg, what[k / 2]));
		lx_index_close(d);
	}
	lx_error err;
	assert_int_equal(lx_index_destroy(path, &err), 0);
	snprintf(path, sizeof(path), "%s-forms-none", dir);
	assert_int_equal(lx_index_destroy(path, &err), 0);
	snprintf(path, sizeof(path), "%s-forms-all", dir);
	assert_int_equal(lx_index_destroy(path, &err), 0);
	unlink(file);
}

/* A postings file of n documents: C一 in every one (wdf d % 3), B二三 in
 * every seventh (wdf 1), T四五六 in document n / 2 only; lengths 2d. */
static void write_postings(const char *path, uint32_t n)
{
	lx_pw *w = lx_pw_new();
	assert_non_null(w);
	for (uint32_t d = 1; d <= n; d++) {
		assert_int_equal(lx_pw_add(w, d, "C一", strlen("C一"), d % 3), 0);
		if (d % 7 == 0)
			assert_int_equal(lx_pw_add(w, d, "B二三", strlen("B二三"),
			                           1),
			                 0);
		if (d == n / 2)
			assert_int_equal(lx_pw_add(w, d, "T四五六",
			                           strlen("T四五六"), 0),
			                 0);
		assert_int_equal(lx_pw_doclen(w, d, 2 * d), 0);
	}
	/* Documents come in order. */
	assert_int_equal(lx_pw_add(w, n - 1, "C一", strlen("C一"), 1),
	                 LX_ERR_USAGE);
	assert_int_equal(lx_pw_write(w, path, n, false), 0);
	lx_pw_free(w);
}

static int count_terms(void *ctx, const char *term, size_t len, lx_pcur *c)
{
	(void)term;
	(void)len;
	while (lx_pcur_next(c))
		;
	*(long *)ctx += c->bad ? 1000000 : 1;
	return 0;
}

/* Postings written, read, skipped through, merged; a damaged file is
 * refused or read without a crash, never past its end. */
static void own_postings(void **state)
{
	(void)state;
	char a[128], b[128], m[128];
	snprintf(a, sizeof(a), "%s-posts-a", dir);
	snprintf(b, sizeof(b), "%s-posts-b", dir);
	snprintf(m, sizeof(m), "%s-posts-m", dir);
	write_postings(a, 1000);
	write_postings(b, 500);
	lx_pstore *s, *t, *u;
	assert_int_equal(lx_pstore_open(&s, a, 999), LX_ERR_DAMAGED);
	assert_int_equal(lx_pstore_open(&s, a, 1000), 0);
	assert_int_equal(lx_pstore_open(&t, b, 500), 0);
	lx_pcur c;
	assert_true(lx_pstore_find(s, "C一", strlen("C一"), &c));
	assert_int_equal(c.count, 1000);
	for (uint32_t d = 1; d <= 1000; d++) {
		assert_true(lx_pcur_next(&c));
		assert_int_equal(c.doc, d);
		assert_int_equal(c.wdf, d % 3);
	}
	assert_false(lx_pcur_next(&c));
	assert_false(c.bad);
	/* Skipping: over blocks of 128, to where it is, never back. */
	assert_true(lx_pstore_find(s, "C一", strlen("C一"), &c));
	assert_true(lx_pcur_skip(&c, 257) && c.doc == 257 && c.wdf == 257 % 3);
	assert_true(lx_pcur_skip(&c, 100) && c.doc == 257);
	assert_true(lx_pcur_skip(&c, 258) && c.doc == 258);
	assert_true(lx_pcur_skip(&c, 1000) && c.doc == 1000);
	assert_false(lx_pcur_skip(&c, 1001));
	assert_true(lx_pstore_find(s, "B二三", strlen("B二三"), &c));
	assert_int_equal(c.count, 1000 / 7);
	assert_true(lx_pcur_skip(&c, 500) && c.doc == 504 && c.wdf == 1);
	assert_false(lx_pcur_skip(&c, 995));
	assert_true(lx_pstore_find(s, "T四五六", strlen("T四五六"), &c));
	assert_true(lx_pcur_next(&c) && c.doc == 500 && c.wdf == 0);
	assert_false(lx_pcur_next(&c));
	/* Absent: before, between and after the terms. */
	assert_false(lx_pstore_find(s, "A", 1, &c));
	assert_false(lx_pstore_find(s, "C", 1, &c));
	assert_false(lx_pstore_find(s, "C一一", strlen("C一一"), &c));
	assert_false(lx_pstore_find(s, "Z", 1, &c));
	assert_int_equal(c.count, 0);
	assert_false(c.bad);
	assert_int_equal(lx_pstore_doclen(s, 321), 642);
	assert_int_equal(lx_pstore_doclen(s, 1001), 0);
	/* Merged: b's documents after a's. */
	lx_pstore *src[2] = {s, t};
	int64_t bad_shift[2] = {0, 999}, shift[2] = {0, 1000};
	assert_int_equal(lx_pstore_merge(src, bad_shift, 2, m, false),
	                 LX_ERR_USAGE);
	assert_int_equal(lx_pstore_merge(src, shift, 2, m, false), 0);
	assert_int_equal(lx_pstore_open(&u, m, 1500), 0);
	assert_true(lx_pstore_find(u, "C一", strlen("C一"), &c));
	assert_int_equal(c.count, 1500);
	for (uint32_t d = 1; d <= 1500; d++) {
		assert_true(lx_pcur_next(&c));
		assert_int_equal(c.doc, d);
		assert_int_equal(c.wdf, (d > 1000 ? d - 1000 : d) % 3);
	}
	assert_true(lx_pstore_find(u, "T四五六", strlen("T四五六"), &c));
	assert_true(lx_pcur_next(&c) && c.doc == 500);
	assert_true(lx_pcur_next(&c) && c.doc == 1250);
	assert_false(lx_pcur_next(&c));
	assert_true(lx_pstore_find(u, "B二三", strlen("B二三"), &c));
	assert_int_equal(c.count, 1000 / 7 + 500 / 7);
	assert_true(lx_pcur_skip(&c, 1001) && c.doc == 1007);
	assert_int_equal(lx_pstore_doclen(u, 1001), 2);
	long terms = 0;
	assert_int_equal(lx_pstore_each(u, count_terms, &terms), 0);
	assert_int_equal(terms, 3);
	lx_pstore_close(u);
	lx_pstore_close(t);
	lx_pstore_close(s);
	/* Every byte of a small file changed in turn: refused at opening,
	 * or every list read to its end without reading past the file
	 * (ASan) and never hanging. */
	write_postings(a, 300);
	FILE *f = fopen(a, "rb");
	assert_non_null(f);
	unsigned char buf[8192];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_true(len > 300 && len < sizeof(buf));
	long refused = 0, read = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char keep = buf[i];
		buf[i] ^= 0x5a;
		f = fopen(m, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		buf[i] = keep;
		if (lx_pstore_open(&s, m, 300)) {
			refused++;
			continue;
		}
		long n = 0;
		lx_pstore_each(s, count_terms, &n);
		for (const char *q = "C一\0B二三\0T四五六\0"; *q; q += strlen(q) + 1)
			if (lx_pstore_find(s, q, strlen(q), &c))
				while (c.doc < UINT32_MAX - 2 &&
				       lx_pcur_skip(&c, c.doc + 2))
					;
		lx_pstore_close(s);
		read++;
	}
	assert_true(refused > 40 && read > 200);
	unlink(a);
	unlink(b);
	unlink(m);
}

/* An index of the format before the pair set (no lexcn:format) is
 * refused with a request to rebuild it, for reading and for writing. */
static void old_format_refused(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s-old", dir);
	lx_index *db;
	lx_error err;
	assert_int_equal(lx_index_open(&db, path, true, &err), 0);
	lx_doc *d = test_parse(G, SEED_POLICY);
	assert_int_equal(lx_index_add(db, TK, d, SEED_POLICY, "h\tpath", true,
	                              &err),
	                 0);
	lx_doc_free(d);
	assert_int_equal(lx_xdb_set_meta(db->db, LX_IX_FORMAT_KEY, ""), 0);
	assert_int_equal(lx_index_commit(db, &err), 0);
	lx_index_close(db);
	for (int w = 0; w < 2; w++) {
		assert_int_equal(lx_index_open(&db, path, w, &err), LX_ERR_DAMAGED);
		assert_non_null(strstr(err.msg, "rebuild the index"));
		lx_index_close(db);
	}
	char *paths[] = {(char *)SEED_POLICY};
	assert_int_equal(lx_index_build(path, paths, 1, NULL, NULL, &err),
	                 LX_ERR_DAMAGED);
	assert_non_null(strstr(err.msg, "rebuild the index"));
	assert_int_equal(lx_index_destroy(path, &err), 0);
}

static void filters_and_versions(void **state)
{
	(void)state;
	long all = count("政府采购", true);
	long beijing = count("政府采购 jurisdiction:北京市", true);
	assert_true(beijing > 0 && beijing < all);
	/* Two versions of a law: the current one only, unless all. */
	assert_int_equal(count("title:示例法", true), 5);
	assert_int_equal(count("title:中华人民共和国示例法", false), 2);
	assert_int_equal(count("第三条 title:示例法", false), 0);
	/* The PDF seed and its clean twin: two files of one version. */
	assert_int_equal(count("title:北京市促进中小企业发展条例", false), 104);
	assert_int_equal(count("-政府采购 title:中小企业促进法", true),
	                 61 - count("政府采购 title:中小企业促进法", true));
	assert_true(count("预留 OR 拖欠", true) >= count("预留", true));
	assert_int_equal(count("effective:2020-12-01..2020-12-01 第一条", true),
	                 2);
	/* 條 finds 条 (normalised). */
	assert_int_equal(count("第四十五條", true), count("第四十五条", true));
	/* A version by its date. */
	assert_int_equal(count("version:2010-01-01 title:示例法", true), 3);
	assert_int_equal(count("version:2020-06-01", true), 2);
	assert_int_equal(count("version:1999-01-01", true), 0);
}

/* in: a division and every division inside it (the gazetteer's
 * parents); jurisdiction: only the one. */
static void in_divisions(void **state)
{
	(void)state;
	long city = count("jurisdiction:北京市", true);
	long district = count("jurisdiction:北京市西城区", true);
	assert_true(city > 0 && district > 0);
	assert_int_equal(count("in:北京市", true), city + district);
	assert_int_equal(count("in:北京市西城区", true), district);
	/* 深圳市 is in 广东省; nothing of the seeds is in 浙江省. */
	long shenzhen = count("jurisdiction:深圳市", true);
	assert_true(shenzhen > 0);
	assert_int_equal(count("in:广东省", true), shenzhen);
	assert_int_equal(count("jurisdiction:广东省", true), 0);
	assert_int_equal(count("in:浙江省", true), 0);
	assert_int_equal(count("政府采购 in:北京市", true),
	                 count("政府采购 jurisdiction:北京市", true) +
	                         count("政府采购 jurisdiction:北京市西城区", true));
}

/* The hits of a search in the order of one field of the stored article. */
static void hits_field(const char *q, lx_sort sort, const char *field,
                       char out[][32], size_t *n)
{
	lx_search_opts o = {.exact_count = true, .all_versions = true,
	                    .limit = 1000, .sort = sort};
	lx_results *r;
	lx_error err;
	if (lx_search(DB, TK, q, &o, &r, &err))
		fail_msg("%s: %s", q, err.msg);
	assert_true(lx_results_count(r) == (long)lx_results_len(r)); /* every hit */
	*n = lx_results_len(r);
	for (size_t k = 0; k < *n; k++) {
		const char *v = !strcmp(field, "effective") ? lx_hit_effective(r, k)
		                : !strcmp(field, "version") ? lx_hit_version(r, k)
		                                            : lx_hit_label(r, k);
		snprintf(out[k], 32, "%s", v ? v : "");
	}
	lx_results_free(r);
}

/* --sort: dates newest first (unknown last), article numbers ascending. */
static void sorting(void **state)
{
	(void)state;
	static char v[1000][32];
	size_t n;
	hits_field("中小企业", LX_SORT_EFFECTIVE, "effective", v, &n);
	assert_true(n >= 100);
	size_t unknown = 0;
	for (size_t k = 1; k < n; k++) {
		if (!v[k][0]) {
			unknown++;
			continue;
		}
		assert_false(v[k - 1][0] == '\0'); /* unknown dates come last */
		assert_true(strcmp(v[k - 1], v[k]) >= 0);
	}
	assert_true(unknown > 0 && unknown < n);
	assert_string_equal(v[0], "2025-12-14"); /* the newest document */
	hits_field("中小企业", LX_SORT_ISSUED, "version", v, &n);
	for (size_t k = 1; k < n; k++)
		assert_true(!v[k][0] || strcmp(v[k - 1], v[k]) >= 0);
	/* By article number: 第一条 of each law before any 第二条. */
	hits_field("title:示例法", LX_SORT_ARTICLE, "label", v, &n);
	assert_int_equal(n, 5);
	assert_string_equal(v[0], "第一条");
	assert_string_equal(v[1], "第一条");
	assert_string_equal(v[2], "第二条");
	assert_string_equal(v[4], "第三条");
	/* By relevance, the same law's articles are not in that order. */
	hits_field("中小企业", LX_SORT_RELEVANCE, "effective", v, &n);
	bool ordered = true;
	for (size_t k = 1; k < n && ordered; k++)
		ordered = !v[k][0] || strcmp(v[k - 1], v[k]) >= 0;
	assert_false(ordered);
}

/* Hits ranked by the tokenizer's words: 民政 as a word (民政部门) ranks above
 * 民政 inside 人民政府, which still matches (segmentation never costs a
 * match); so does 和 as a word above 和 inside 和平 (the C term's wdf). */
static void ranking_by_words(void **state)
{
	(void)state;
	char rdir[96];
	snprintf(rdir, sizeof(rdir), "%s-rank", dir);
	lx_index *db = NULL;
	lx_error err;
	assert_int_equal(lx_index_open(&db, rdir, true, &err), 0);
	char law[4096];
	size_t at = (size_t)snprintf(law, sizeof(law), "%s",
	                             "# 排序示例条例\n\n"
	                             "第1条 人民政府应当加强协调，人民政府负责。\n\n"
	                             "第2条 民政部门应当负责本条例的实施。\n\n"
	                             "第3条 民政部门负责民政工作的协调。\n\n");
	for (int k = 4; k < 30 && at < sizeof(law); k++)
		at += (size_t)snprintf(law + at, sizeof(law) - at,
		                       "第%d条 企业应当依法经营，第%d项。\n\n", k, k);
	/* 和 as a word once (企业 和 个人), and twice inside 和平. */
	at += (size_t)snprintf(law + at, sizeof(law) - at, "%s",
	                       "第30条 企业和个人应当遵守本条例。\n\n"
	                       "第31条 维护世界和平，和平共处。\n\n");
	assert_true(at < sizeof(law));
	lx_doc *d = test_parse_str(G, law);
	assert_int_equal(lx_index_add(db, TK, d, "rank.md", "h\trank.md", true,
	                              &err),
	                 0);
	assert_int_equal(lx_index_commit(db, &err), 0);
	lx_search_opts o = {.exact_count = true, .all_versions = true,
	                    .limit = 10};
	lx_results *r;
	assert_int_equal(lx_search(db, TK, "民政", &o, &r, &err), 0);
	assert_int_equal(lx_results_count(r), 3);
	assert_int_equal(lx_results_len(r), 3);
	const char *want[] = {"art_3", "art_2", "art_1"};
	for (size_t k = 0; k < 3; k++) {
		assert_string_equal(lx_hit_eid(r, k), want[k]);
		if (k)
			assert_true(lx_hit_score(r, k) < lx_hit_score(r, k - 1));
	}
	lx_results_free(r);
	/* A word of one character ranks by its C term's count as a word. */
	assert_int_equal(lx_search(db, TK, "和", &o, &r, &err), 0);
	assert_int_equal(lx_results_count(r), 2);
	assert_string_equal(lx_hit_eid(r, 0), "art_30");
	assert_string_equal(lx_hit_eid(r, 1), "art_31");
	assert_true(lx_hit_score(r, 1) < lx_hit_score(r, 0));
	lx_results_free(r);
	lx_doc_free(d);
	lx_index_close(db);
	assert_int_equal(lx_index_destroy(rdir, &err), 0);
}

/* An article label is found in either numerals, and highlighted so. */
static void labels_both_ways(void **state)
{
	(void)state;
	long chinese = count("第二十八条", true);
	assert_true(chinese > 3);
	assert_int_equal(count("第28条", true), chinese);
	assert_int_equal(count("第２８條", true), chinese);
	/* Only a whole label: a part of one (十八条, in every 第二十八条) or a
	 * longer run (the texts write 第二十八条, never 第28条) stays literal. */
	assert_true(count("十八条", true) >= chinese);
	assert_int_equal(count("依照本条例第28条", true), 0);
	/* 第28条 highlights both labels; 第二十八条 also the run in
	 * 第二十八条之一 (whose label is another). */
	const char *text = "依照第二十八条、第28条和第二十八条之一，不含第二十九条。";
	const char *queries[] = {"第28条", "第二十八条"};
	for (size_t k = 0; k < 2; k++) {
		lx_search_opts o = {.exact_count = true, .all_versions = true,
		                    .limit = 1};
		lx_results *r;
		lx_error err;
		assert_int_equal(lx_search(DB, TK, queries[k], &o, &r, &err), 0);
		lx_span_hl *h;
		size_t n = lx_results_highlight(r, text, strlen(text), &h);
		assert_int_equal(n, 2 + k);
		assert_memory_equal(text + h[0].start, "第二十八条",
		                    h[0].end - h[0].start);
		assert_memory_equal(text + h[1].start, "第28条",
		                    h[1].end - h[1].start);
		if (k) {
			assert_int_equal(h[2].end - h[2].start,
			                 strlen("第二十八条"));
			assert_memory_equal(text + h[2].start, "第二十八条之一",
			                    strlen("第二十八条"));
		}
		free(h);
		lx_results_free(r);
	}
}

/* Texts where a and b meet in one line (or one sentence): checked here by
 * plain string search, independently of the index. */
static long meet_count(const texts *t, const char *a, const char *b,
                       bool sentence)
{
	long n = 0;
	for (size_t j = 0; j < t->n; j++) {
		char *copy = strdup(t->v[j]), *save = NULL;
		bool hit = false;
		for (char *u = strtok_r(copy, "\n", &save); u && !hit;
		     u = strtok_r(NULL, "\n", &save)) {
			if (!sentence) {
				hit = strstr(u, a) && strstr(u, b);
				continue;
			}
			/* sentences: cut at 。！？ */
			char *p = u;
			while (p && !hit) {
				char *end = NULL;
				const char *stops[] = {"。", "！", "？"};
				for (int z = 0; z < 3; z++) {
					char *e = strstr(p, stops[z]);
					if (e && (!end || e < end))
						end = e;
				}
				size_t l = end ? (size_t)(end - p) : strlen(p);
				char *sen = strndup(p, l);
				hit = strstr(sen, a) && strstr(sen, b);
				free(sen);
				p = end ? end + 3 : NULL;
			}
		}
		n += hit;
		free(copy);
	}
	return n;
}

static long count_within(const char *q, int within)
{
	lx_search_opts o = {.exact_count = true, .all_versions = true,
	                    .within = within, .limit = 10};
	lx_results *r;
	lx_error err;
	if (lx_search(DB, TK, q, &o, &r, &err))
		fail_msg("%s: %s", q, err.msg);
	long c = lx_results_count(r);
	lx_results_free(r);
	return c;
}

static void within_units(void **state)
{
	(void)state;
	texts t = {0};
	assert_int_equal(grab(DB, &t), 0);
	const char *pairs[][2] = {{"中小企业", "政府采购"}, {"市", "资金"},
	                          {"企业", "应当"}, {"本条例", "施行"}};
	for (size_t k = 0; k < 4; k++) {
		char q[64];
		snprintf(q, sizeof(q), "%s %s", pairs[k][0], pairs[k][1]);
		long para = count_within(q, 'p'), sen = count_within(q, 's');
		assert_int_equal(para, meet_count(&t, pairs[k][0], pairs[k][1],
		                                  false));
		assert_int_equal(sen, meet_count(&t, pairs[k][0], pairs[k][1],
		                                 true));
		assert_true(sen <= para && para <= count(q, true));
	}
	/* Parts joined by OR: one of them in a unit is enough (a run never
	 * crosses a line), and a filter in the group is not looked for. */
	assert_int_equal(count_within("中小企业 OR 融资担保", 'p'),
	                 count("中小企业 OR 融资担保", true));
	assert_int_equal(count_within("融资担保 OR jurisdiction:北京市", 's'),
	                 count("融资担保 OR jurisdiction:北京市", true));
	assert_int_equal(count_within("中小企业 OR 融资担保 -应当", 'p'),
	                 count("中小企业 OR 融资担保 -应当", true));
	for (size_t j = 0; j < t.n; j++)
		free(t.v[j]);
	free(t.v);
}

static void bad_queries(void **state)
{
	(void)state;
	lx_search_opts o = {0};
	lx_results *r;
	lx_error err;
	const char *bad[] = {"\"政府采购", "", "   ", "nope:1", "OR 预留",
	                     "effective:2020..x"};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(lx_search(DB, TK, bad[i], &o, &r, &err),
		                 LX_ERR_USAGE);
		assert_true(strlen(err.msg) > 10);
		assert_null(r);
		assert_string_equal(lx_index_errmsg(DB), err.msg);
	}
	char *big = malloc(100 * 1024 + 1);
	memset(big, 'a', 100 * 1024);
	big[100 * 1024] = '\0';
	assert_int_equal(lx_search(DB, TK, big, &o, &r, &err), LX_ERR_USAGE);
	assert_non_null(strstr(err.msg, "over the limit"));
	lx_results_free(r);
	free(big);
}

static void highlights_exact(void **state)
{
	(void)state;
	const char *text = "向中小企业预留的采购份额，预 留不算；預留也算。";
	char *lits[] = {"预留"};
	lx_span_hl *h;
	size_t n = lx_highlights(TK, text, strlen(text), lits, 1, &h);
	assert_int_equal(n, 2);
	assert_memory_equal(text + h[0].start, "预留", h[0].end - h[0].start);
	assert_memory_equal(text + h[1].start, "預留", h[1].end - h[1].start);
	free(h);
}

static void locked_and_damaged(void **state)
{
	(void)state;
	lx_index *second;
	lx_error err;
	assert_int_equal(lx_index_open(&second, dir, true, &err), LX_ERR_LOCKED);
	assert_int_equal(err.code, LX_ERR_LOCKED);
	assert_non_null(strstr(err.msg, "locked"));
	assert_non_null(strstr(lx_index_errmsg(second), "locked"));
	lx_index_close(second);
	/* A damaged copy: garbage in the postlist table of its segment. */
	char bad[96], cmd[512];
	snprintf(bad, sizeof(bad), "%s-bad", dir);
	snprintf(cmd, sizeof(cmd),
	         "rm -rf %s && cp -r %s %s && for t in %s/seg-*/postlist.glass; "
	         "do head -c 65536 /dev/urandom | dd of=$t bs=1 seek=0 "
	         "conv=notrunc 2>/dev/null; done",
	         bad, dir, bad, bad);
	assert_int_equal(system(cmd), 0);
	lx_index *d;
	int rc = lx_index_open(&d, bad, false, &err);
	if (rc == 0) {
		lx_search_opts o = {.exact_count = true, .all_versions = true};
		lx_results *r;
		rc = lx_search(d, TK, "中小企业", &o, &r, &err);
		lx_results_free(r);
	}
	assert_true(rc < 0);
	assert_true(strlen(lx_index_errmsg(d)) > 5);
	assert_int_equal(err.code, rc);
	lx_index_close(d);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", bad);
	assert_int_equal(system(cmd), 0);
}

/* ---- versions through time (lexcn/versions.h) ---------------------------- */

static long count_of(lx_index *db, const char *q);

/* The doc of the first hit of q on an index as of a date ("" when none). */
static void first_doc_as_of(lx_index *db, const char *q, const char *as_of,
                            char *out, size_t cap)
{
	lx_search_opts o = {.limit = 1, .exact_count = true, .as_of = as_of};
	lx_results *r;
	lx_error err;
	assert_int_equal(lx_search(db, TK, q, &o, &r, &err), LX_OK);
	snprintf(out, cap, "%s", lx_results_len(r) ? lx_hit_doc(r, 0) : "");
	lx_results_free(r);
}

/* Search --as-of: the version in force on the date (effective date, else
 * version date, <= D < the next version's); work: filters a work;
 * renumbering maps stored and read back. */
static void versions_as_of_and_maps(void **state)
{
	(void)state;
	char vdir[96], doc[256];
	snprintf(vdir, sizeof(vdir), "/tmp/lexcn-test-versions-%d", (int)getpid());
	lx_index *db;
	lx_error err;
	assert_int_equal(lx_index_open(&db, vdir, true, &err), LX_OK);
	/* The Beijing seed and its clean twin: two files of one version,
	 * both in force (neither ends the other). */
	const char *files[] = {"corpus/administrative-reconsideration-law-2023.md",
	                       "corpus/administrative-reconsideration-law-2017.md",
	                       "corpus/sme-payment-regulation-2025.md",
	                       "corpus/sme-payment-regulation-2020.md",
	                       SEED_BEIJING, TWIN_BEIJING};
	lx_doc *d[6];
	for (size_t i = 0; i < 6; i++) {
		d[i] = test_parse(G, files[i]);
		assert_int_equal(lx_index_add(db, TK, d[i], files[i], "h\tpath",
		                              false, &err),
		                 LX_OK);
	}
	assert_int_equal(lx_index_mark_current(db, &err), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	const char *q = "work:行政复议法 第十六条";
	first_doc_as_of(db, q, "2019-01-01", doc, sizeof(doc));
	assert_string_equal(doc, "中华人民共和国行政复议法@2017-09-01");
	/* Adopted 2023-09-01, in force 2024-01-01. */
	first_doc_as_of(db, q, "2023-12-31", doc, sizeof(doc));
	assert_string_equal(doc, "中华人民共和国行政复议法@2017-09-01");
	first_doc_as_of(db, q, "2024-01-01", doc, sizeof(doc));
	assert_string_equal(doc, "中华人民共和国行政复议法@2023-09-01");
	first_doc_as_of(db, q, "2017-01-01", doc, sizeof(doc));
	assert_string_equal(doc, "");
	first_doc_as_of(db, q, NULL, doc, sizeof(doc));
	assert_string_equal(doc, "中华人民共和国行政复议法@2023-09-01");
	/* Undated 2020 regulation: from its effective date 2020-09-01. */
	first_doc_as_of(db, "work:保障中小企业款项支付条例", "2020-08-31", doc,
	                sizeof(doc));
	assert_string_equal(doc, "");
	first_doc_as_of(db, "work:保障中小企业款项支付条例", "2021-01-01", doc,
	                sizeof(doc));
	assert_string_equal(doc, "保障中小企业款项支付条例");
	first_doc_as_of(db, "work:保障中小企业款项支付条例", "2025-06-01", doc,
	                sizeof(doc));
	assert_string_equal(doc, "保障中小企业款项支付条例@2025-03-17");
	/* Without --all-versions the superseded versions of both works are
	 * out (lx_xq_docs: the documents of every superseded id, kept for
	 * the view): each work counts its current text only, read twice. */
	const char *works[][2] = {
		{"work:行政复议法", "doc:中华人民共和国行政复议法@2023-09-01"},
		{"work:保障中小企业款项支付条例",
		 "doc:保障中小企业款项支付条例@2025-03-17"}};
	for (int round = 0; round < 2; round++)
		for (size_t k = 0; k < 2; k++) {
			lx_search_opts co = {.exact_count = true};
			lx_results *cr;
			assert_int_equal(lx_search(db, TK, works[k][0], &co, &cr,
			                           &err),
			                 LX_OK);
			long now = lx_results_count(cr);
			lx_results_free(cr);
			assert_true(now > 0);
			assert_int_equal(now, count_of(db, works[k][1]));
			assert_true(now < count_of(db, works[k][0]));
		}
	/* One version per work on any date: as many units as that text. */
	lx_search_opts o = {.exact_count = true, .as_of = "2019-01-01",
	                    .limit = 1};
	lx_results *r;
	/* In force then: 有效 on that date, whatever was stored (the 2017
	 * text indexed again from a resolved set: 已被修改). */
	lx_set *pair;
	assert_int_equal(lx_set_new(&pair), LX_OK);
	assert_int_equal(lx_set_add(pair, test_parse(G, files[1])), LX_OK);
	assert_int_equal(lx_set_add(pair, test_parse(G, files[0])), LX_OK);
	assert_int_equal(lx_set_resolve(pair), LX_OK);
	lx_doc *const *pd0;
	lx_set_docs(pair, &pd0);
	assert_string_equal(lx_doc_status(pd0[0]), "已被修改");
	assert_int_equal(lx_index_add(db, TK, pd0[0], files[1], "h\tpath", false,
	                              &err),
	                 LX_OK);
	lx_set_free(pair);
	assert_int_equal(lx_index_mark_current(db, &err), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	assert_int_equal(lx_search(db, TK, "work:行政复议法", &o, &r, &err), LX_OK);
	assert_string_equal(lx_hit_doc(r, 0), "中华人民共和国行政复议法@2017-09-01");
	assert_string_equal(lx_hit_status(r, 0), "有效");
	lx_results_free(r);
	lx_search_opts allv = {.limit = 100, .all_versions = true};
	assert_int_equal(lx_search(db, TK, "doc:中华人民共和国行政复议法@2017-09-01",
	                           &allv, &r, &err),
	                 LX_OK);
	assert_string_equal(lx_hit_status(r, 0), "已被修改");
	assert_string_equal(lx_hit_work(r, 0), "中华人民共和国行政复议法");
	lx_results_free(r);
	assert_int_equal(lx_search(db, TK, "work:行政复议法", &o, &r, &err), LX_OK);
	assert_int_equal(lx_results_count(r),
	                 (long)lx_node_count(lx_doc_body(d[1]), LX_NODE_ARTICLE));
	lx_results_free(r);
	o.as_of = "2024-06-01";
	assert_int_equal(lx_search(db, TK, "work:行政复议法", &o, &r, &err), LX_OK);
	assert_int_equal(lx_results_count(r),
	                 (long)lx_node_count(lx_doc_body(d[0]), LX_NODE_ARTICLE));
	lx_results_free(r);
	o.as_of = "2021-01-01";
	assert_int_equal(lx_search(db, TK, "title:北京市促进中小企业发展条例", &o,
	                           &r, &err),
	                 LX_OK);
	assert_int_equal(lx_results_count(r), 104);
	lx_results_free(r);
	/* A law in two files of one date (ids 甲市示例条例@2019-05-01 and
	 * …~2 in a set): one version, both files in force. */
	lx_set *set;
	assert_int_equal(lx_set_new(&set), LX_OK);
	static const char *const part[2] = {
		"# 甲市示例条例\n\n2019年5月1日甲市第十五届人民代表大会常务委员会"
		"第二十次会议通过\n\n<!-- INFO END -->\n\n第一条 第一编的示例内容。\n",
		"# 甲市示例条例\n\n2019年5月1日甲市第十五届人民代表大会常务委员会"
		"第二十次会议通过\n\n<!-- INFO END -->\n\n第二条 第二编的示例内容。\n"};
	for (int i = 0; i < 2; i++)
		assert_int_equal(lx_set_add(set, test_parse_str(G, part[i])), LX_OK);
	assert_int_equal(lx_set_resolve(set), LX_OK);
	lx_doc *const *pd;
	assert_int_equal(lx_set_docs(set, &pd), 2);
	assert_string_not_equal(lx_doc_id(pd[0]), lx_doc_id(pd[1]));
	for (int i = 0; i < 2; i++)
		assert_int_equal(lx_index_add(db, TK, pd[i], i ? "part2.md" : "part1.md",
		                              "h\tpath", false, &err),
		                 LX_OK);
	lx_set_free(set);
	assert_int_equal(lx_index_mark_current(db, &err), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	o.as_of = "2020-01-01";
	assert_int_equal(lx_search(db, TK, "title:甲市示例条例", &o, &r, &err),
	                 LX_OK);
	assert_int_equal(lx_results_count(r), 2);
	lx_results_free(r);
	/* Maps: stored under the old id, read back; none for the latest. */
	lx_vmap *m;
	assert_int_equal(lx_vmap_from_docs(&m, d[1], d[0]), LX_OK);
	char *text = lx_vmap_text(m), *back = NULL;
	assert_int_equal(lx_index_put_map(db, lx_doc_id(d[1]), text, &err), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	assert_int_equal(lx_index_get_map(db, lx_doc_id(d[1]), &back, &err), LX_OK);
	assert_non_null(back);
	assert_string_equal(back, text);
	free(back);
	assert_int_equal(lx_index_get_map(db, lx_doc_id(d[0]), &back, &err), LX_OK);
	assert_null(back);
	/* lexcn show: a citation of the 2017 text says where it is now. */
	lx_set *cs;
	assert_int_equal(lx_set_new(&cs), LX_OK);
	assert_int_equal(lx_set_add(cs, test_parse(G, files[1])), LX_OK);
	assert_int_equal(lx_set_add(cs, test_parse(G, files[0])), LX_OK);
	assert_int_equal(lx_set_add(cs, test_parse_str(G,
		"# 某省行政复议工作规定\n\n2019年3月1日某省人民政府发布\n\n"
		"第一条 依照《中华人民共和国行政复议法》第十六条、第三十条第一款处理。\n")),
	                 LX_OK);
	assert_int_equal(lx_set_resolve(cs), LX_OK);
	lx_doc *const *cd;
	lx_set_docs(cs, &cd);
	assert_int_equal(lx_index_add(db, TK, cd[2], "citing.md", "h\tpath", false,
	                              &err),
	                 LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	char *shown = NULL;
	size_t slen = 0;
	FILE *mem = open_memstream(&shown, &slen);
	assert_int_equal(lx_index_show(db, lx_doc_id(cd[2]), NULL, mem, &err), LX_OK);
	fclose(mem);
	assert_non_null(strstr(shown, "中华人民共和国行政复议法@2017-09-01#art_16 (now "
	                              "中华人民共和国行政复议法@2023-09-01#art_29)"));
	assert_non_null(strstr(shown, "#art_30__para_1 (deleted in "
	                              "中华人民共和国行政复议法@2023-09-01)"));
	free(shown);
	lx_set_free(cs);
	free(text);
	lx_vmap_free(m);
	for (size_t i = 0; i < 6; i++)
		lx_doc_free(d[i]);
	lx_index_close(db);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", vdir);
	assert_int_equal(system(cmd), 0);
}

/* lx_build_opts.stop: asked after each commit, it stops the run at that
 * batch boundary with LX_ERR_INTERRUPTED; what was committed stays and
 * the next run does the rest. */
typedef struct stopper {
	size_t commits, stop_after, indexing_after_stop;
} stopper;

static void count_commits(void *ctx, lx_build_step step, size_t done,
                          size_t total, const char *path)
{
	stopper *s = ctx;
	if (step == LX_BUILD_COMMITTED)
		s->commits++;
	if (step == LX_BUILD_INDEXING && s->commits >= s->stop_after)
		s->indexing_after_stop++;
}

static bool stop_after(void *ctx)
{
	stopper *s = ctx;
	return s->commits >= s->stop_after;
}

static void build_stops_when_asked(void **state)
{
	char sdir[96];
	snprintf(sdir, sizeof(sdir), "/tmp/lexcn-test-stop-%d", (int)getpid());
	char *paths[] = {"corpus"};
	stopper s = {.stop_after = 2};
	lx_build_opts o = {.batch = 2, .threads = 1, .progress = count_commits,
	                   .stop = stop_after, .ctx = &s};
	lx_build_stats st;
	lx_error err = {0};
	assert_int_equal(lx_index_build(sdir, paths, 1, &o, &st, &err),
	                 LX_ERR_INTERRUPTED);
	assert_string_equal(lx_code_name(LX_ERR_INTERRUPTED), "interrupted");
	/* Two batches of two files, and not one document more. */
	assert_int_equal(s.commits, 2);
	assert_int_equal(st.added, 4);
	assert_int_equal(s.indexing_after_stop, 0);
	assert_true(st.articles > 0);
	lx_index *db;
	assert_int_equal(lx_index_open(&db, sdir, false, &err), LX_OK);
	lx_results *u;
	assert_int_equal(lx_index_units(db, NULL, &u, &err), LX_OK);
	assert_int_equal((long)lx_results_len(u), st.articles);
	lx_results_free(u);
	lx_index_close(db);
	/* The next run indexes the other seven files only. */
	o.stop = NULL;
	assert_int_equal(lx_index_build(sdir, paths, 1, &o, &st, &err), LX_OK);
	assert_int_equal(st.added, 7);
	assert_int_equal(st.unchanged, 4);
	assert_int_equal(lx_index_destroy(sdir, &err), LX_OK);
}

/* A query of `units` times 企业 OR "中小 企业" -罚款 (4 parts each: a
 * phrase is one part, its space inside), and `extra` after. */
static char *parts_query(size_t units, const char *extra)
{
	const char *unit = "企业 OR \"中小 企业\" -罚款 ";
	size_t cap = units * strlen(unit) + strlen(extra) + 1, o = 0;
	char *q = malloc(cap);
	assert_non_null(q);
	for (size_t i = 0; i < units; i++)
		o += (size_t)snprintf(q + o, cap - o, "%s", unit);
	snprintf(q + o, cap - o, "%s", extra);
	return q;
}

static void query_and_page_limits(void **state)
{
	(void)state;
	lx_search_opts o = {.limit = 10};
	lx_results *r = NULL;
	lx_error err;
	/* LX_MAX_QUERY_PARTS parts: answered; one more: refused. */
	char *q = parts_query(LX_MAX_QUERY_PARTS / 4, "");
	assert_int_equal(lx_search(DB, TK, q, &o, &r, &err), LX_OK);
	assert_true(lx_results_count(r) > 0);
	lx_results_free(r);
	free(q);
	q = parts_query(LX_MAX_QUERY_PARTS / 4, "type:地方性法规");
	assert_int_equal(lx_search(DB, TK, q, &o, &r, &err), LX_ERR_USAGE);
	assert_null(r);
	char want[128];
	snprintf(want, sizeof(want), "the query has %d parts, over the limit of %d",
	         LX_MAX_QUERY_PARTS + 1, LX_MAX_QUERY_PARTS);
	assert_string_equal(err.msg, want);
	assert_string_equal(lx_index_errmsg(DB), want);
	free(q);
	/* The page: at most LX_MAX_SEARCH_LIMIT hits from an offset of at
	 * most LX_MAX_SEARCH_OFFSET, in the library (a server calls it). */
	for (int within = 0; within <= 'p'; within += 'p') {
		o = (lx_search_opts){.limit = LX_MAX_SEARCH_LIMIT,
		                     .offset = LX_MAX_SEARCH_OFFSET,
		                     .within = within};
		assert_int_equal(lx_search(DB, TK, "企业", &o, &r, &err), LX_OK);
		assert_int_equal(lx_results_len(r), 0);
		lx_results_free(r);
		o.limit = LX_MAX_SEARCH_LIMIT + 1;
		assert_int_equal(lx_search(DB, TK, "企业", &o, &r, &err),
		                 LX_ERR_USAGE);
		assert_null(r);
		assert_non_null(strstr(err.msg, "over the limit of 10000"));
		o.limit = 10;
		o.offset = LX_MAX_SEARCH_OFFSET + 1;
		assert_int_equal(lx_search(DB, TK, "企业", &o, &r, &err),
		                 LX_ERR_USAGE);
		assert_null(r);
		assert_non_null(strstr(err.msg, "over the limit of 1000000"));
	}
	/* A whole page: every hit of a common word. */
	o = (lx_search_opts){.limit = LX_MAX_SEARCH_LIMIT, .exact_count = true};
	assert_int_equal(lx_search(DB, TK, "的", &o, &r, &err), LX_OK);
	assert_int_equal((long)lx_results_len(r), lx_results_count(r));
	lx_results_free(r);
}

/* How many texts satisfy `want` (a predicate over strstr of a few
 * literals): the truth a query must count. */
static long truth(const texts *t, bool (*want)(const char *text))
{
	long n = 0;
	for (size_t j = 0; j < t->n; j++)
		n += want(t->v[j]);
	return n;
}

#define HAS(s) (strstr(text, s) != NULL)
static bool t_or_and(const char *text)
{
	return (HAS("预留") || HAS("拖欠")) && HAS("政府采购");
}
static bool t_nested(const char *text)
{
	return ((HAS("预留") || HAS("拖欠")) && HAS("政府采购")) || HAS("融资担保");
}
static bool t_not_group(const char *text)
{
	return HAS("中小企业") && !(HAS("预留") || HAS("政府采购"));
}
static bool t_or_not(const char *text)
{
	return HAS("融资担保") || !HAS("企业");
}
static bool t_and(const char *text)
{
	return HAS("中小企业") && HAS("政府采购");
}
#undef HAS

/* Parentheses, AND/OR/NOT and their precedence (NOT > OR > AND), counted
 * against the stored texts; every refusal says why and where. */
static void query_language(void **state)
{
	(void)state;
	texts t = {0};
	assert_int_equal(grab(DB, &t), 0);
	assert_int_equal(count("(预留 OR 拖欠) 政府采购", true), truth(&t, t_or_and));
	assert_true(truth(&t, t_or_and) > 0);
	assert_int_equal(count("((预留 OR 拖欠) AND 政府采购) OR 融资担保", true),
	                 truth(&t, t_nested));
	assert_int_equal(count("中小企业 -(预留 OR 政府采购)", true),
	                 truth(&t, t_not_group));
	assert_int_equal(count("中小企业 NOT (预留 OR 政府采购)", true),
	                 truth(&t, t_not_group));
	assert_int_equal(count("融资担保 OR NOT 企业", true), truth(&t, t_or_not));
	assert_int_equal(count("中小企业 AND 政府采购", true), truth(&t, t_and));
	/* OR binds tighter than AND, as before parentheses. */
	assert_int_equal(count("政府采购 预留 OR 拖欠", true),
	                 count("政府采购 (预留 OR 拖欠)", true));
	assert_int_equal(count("(预留 OR 拖欠) 政府采购", true),
	                 count("预留 OR 拖欠 政府采购", true));
	/* Lower-case and/or/not are words. */
	assert_int_equal(count("预留 or", true), count("预留 \"or\"", true));
	/* --within: a group holds in a paragraph when one of its parts
	 * does. */
	assert_int_equal(count_within("(中小企业 OR 融资担保) 政府采购", 'p'),
	                 count_within("中小企业 OR 融资担保 政府采购", 'p'));
	assert_true(count_within("(中小企业 OR 融资担保) 政府采购", 'p') <=
	            count("(中小企业 OR 融资担保) 政府采购", true));
	for (size_t j = 0; j < t.n; j++)
		free(t.v[j]);
	free(t.v);

	static const char *const bad[][2] = {
		{"(预留 OR 拖欠", "'(' at character 1 is not closed"},
		{"预留 (拖欠 (政府采购)", "'(' at character 4 is not closed"},
		{"预留)", "')' at character 3 has no '('"},
		{"预留 ()", "'(' at character 4: empty parentheses"},
		{"预留 OR", "OR at character 4 needs a term on each side"},
		{"OR 预留", "OR at character 1 needs a term on each side"},
		{"(预留 OR) 拖欠", "OR at character 5 needs a term on each side"},
		{"AND 预留", "AND at character 1 needs a term on each side"},
		{"预留 AND OR 拖欠", "AND at character 4 needs a term on each side"},
		{"- 预留", "'-' at character 1 excludes nothing"},
		{"预留 NOT", "NOT at character 4 excludes nothing"},
		{"--预留", "'-' at character 1 is excluded twice"},
		{"第(一)项", "'(' at character 2 is inside a part"},
		{"+预留", "'+' at character 1 is not an operator"},
		{"预留 罚*", "'*' at character 5: wildcards are not supported"},
		{"title:", "'title:' at character 1 has no value"},
		{"预留 title:=", "'title:=' at character 4 has no value"},
		{"预留 nope:1", "unknown field 'nope:' at character 4"},
		{"预留 \"拖欠", "the '\"' at character 4 is not closed"},
		{"预\"留", "the '\"' at character 2 is inside a part"},
		{"预留 \"  \"", "at character 4 has no character to search for"},
		{"issued:2020", "bad date range '2020' at character 1"},
		{"", "the query is empty"},
	};
	lx_search_opts o = {0};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		lx_results *r;
		lx_error err;
		int rc = lx_search(DB, TK, bad[i][0], &o, &r, &err);
		if (rc != LX_ERR_USAGE || !strstr(err.msg, bad[i][1]))
			fail_msg("%s: rc %d, \"%s\" (want \"%s\")", bad[i][0], rc,
			         err.msg, bad[i][1]);
		assert_null(r);
	}
}

/* version: and doc: name versions: they look in all of them; title: is a
 * part of a title, title:= the title. */
static void versions_and_titles(void **state)
{
	(void)state;
	assert_int_equal(count("version:2010-01-01 title:示例法", false), 3);
	assert_int_equal(count("version:2010-01-01 title:示例法", false),
	                 count("version:2010-01-01 title:示例法", true));
	long old = count("doc:中华人民共和国示例法@2010-01-01", true);
	assert_true(old > 0);
	assert_int_equal(count("doc:中华人民共和国示例法@2010-01-01", false), old);
	/* excluded, a version names nothing to look in */
	assert_int_equal(count("title:示例法 -version:2020-06-01", false), 0);
	long cq = count("title:=重庆市中小企业促进条例", false),
	     law = count("title:=中华人民共和国中小企业促进法", false);
	assert_true(cq > 0 && law > 0);
	assert_int_equal(count("title:中小企业促进", false), cq + law);
	assert_int_equal(count("title:=中小企业促进", false), 0);
	assert_int_equal(count("title:重庆市中小企业促进条例", false), cq);
	assert_int_equal(count("title:不在索引里的标题", false), 0);
	assert_int_equal(count("title:\"中小企业促进\"", false), cq + law);
	assert_int_equal(count("(title:=重庆市中小企业促进条例 OR "
	                       "title:中华人民共和国中小企业促进法) 企业",
	                       false),
	                 count("title:中小企业促进 企业", false));
}

/* ---- segments and masks (index/lx_xapian.h) ------------------------------ */

static long count_of(lx_index *db, const char *q)
{
	lx_search_opts o = {.exact_count = true, .all_versions = true};
	lx_results *r;
	lx_error err;
	assert_int_equal(lx_search(db, TK, q, &o, &r, &err), LX_OK);
	long n = lx_results_count(r);
	lx_results_free(r);
	return n;
}

/* A changed file goes into a new segment and masks its old units: every
 * count, the units listed and the document counts stay those of an index
 * that never held the old ones, before and after the merge of segments,
 * for the writer and for a reader; what a killed run left goes; an index
 * of the older form is refused with "rebuild". */
static void segments_and_masks(void **state)
{
	(void)state;
	char sdir[96], cmd[256];
	snprintf(sdir, sizeof(sdir), "%s-seg", dir);
	lx_index *db;
	lx_error err;
	assert_int_equal(lx_index_open(&db, sdir, true, &err), LX_OK);
	lx_doc *a = test_parse(G, SEED_BEIJING), *b = test_parse(G, SEED_XICHENG);
	long na = (long)lx_node_count(lx_doc_body(a), LX_NODE_ARTICLE);
	assert_int_equal(lx_index_add(db, TK, a, "a.md", "h\ta.md", false, &err),
	                 LX_OK);
	assert_int_equal(lx_index_add(db, TK, b, "b.md", "h\tb.md", false, &err),
	                 LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	long units = lx_xdb_doccount(db->db), zq = count_of(db, "中小企业"),
	     wa = count_of(db, "work:北京市促进中小企业发展条例");
	assert_true(wa >= na && na > 10);
	/* a.md again, now another document: its old units are masked, the
	 * new ones pending (the writer sees them), then in a second
	 * segment. */
	lx_doc *c = test_parse(G, SEED_CHONGQING);
	long wc = (long)lx_node_count(lx_doc_body(c), LX_NODE_ARTICLE);
	assert_int_equal(lx_index_add(db, TK, c, "a.md", "h\ta.md", false, &err),
	                 LX_OK);
	assert_int_equal(lx_xdb_masked(db->db), wa);
	assert_int_equal(count_of(db, "work:北京市促进中小企业发展条例"), 0);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	long units2 = lx_xdb_doccount(db->db);
	zq = count_of(db, "中小企业");
	assert_int_equal(count_of(db, "work:北京市促进中小企业发展条例"), 0);
	wc = count_of(db, "work:重庆市中小企业促进条例");
	assert_true(wc > 10);
	/* Each once: the count of a fresh index of b and c. */
	assert_int_equal(count_of(db, "中小企业"),
	                 zq); /* (stable across reads) */
	assert_int_equal(units2, units - wa +
	                 lx_xdb_termfreq(db->db, "XJ重庆市"));
	units = units2;
	assert_int_equal(lx_xdb_termfreq(db->db, "XS有效"),
	                 count_of(db, "status:有效"));
	texts t = {0};
	assert_int_equal(grab(db, &t), 0);
	assert_int_equal((long)t.n, units);
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i]);
	free(t.v);
	/* The document's members are stored once per file (d:KEY) and
	 * joined to each unit: a.md's hits carry the new document's. */
	char ka[LX_IX_FIELDS_KEY_LEN], kb[LX_IX_FIELDS_KEY_LEN];
	lx_ix_fields_key("a.md", ka);
	lx_ix_fields_key("b.md", kb);
	assert_non_null(strstr(lx_xdb_get_meta(db->db, ka),
	                       "\"title\":\"重庆市中小企业促进条例\""));
	lx_search_opts fo = {.exact_count = true, .all_versions = true,
	                     .limit = 100};
	lx_results *fr;
	assert_int_equal(lx_search(db, TK, "中小企业", &fo, &fr, &err), LX_OK);
	size_t ina = 0;
	for (size_t i = 0; i < lx_results_len(fr); i++) {
		if (strcmp(lx_hit_file(fr, i), "a.md"))
			continue;
		ina++;
		assert_string_equal(lx_hit_title(fr, i), "重庆市中小企业促进条例");
		assert_string_equal(lx_hit_jurisdiction(fr, i), "重庆市");
		assert_non_null(lx_hit_text(fr, i));
	}
	assert_true(ina > 0);
	lx_results_free(fr);
	/* Without them a unit is damaged, said so (never a hit without
	 * its document). */
	char *keep = strdup(lx_xdb_get_meta(db->db, ka));
	assert_non_null(keep);
	assert_int_equal(lx_xdb_set_meta(db->db, ka, ""), LX_OK);
	assert_int_equal(lx_search(db, TK, "中小企业", &fo, &fr, &err),
	                 LX_ERR_DAMAGED);
	assert_int_equal(lx_xdb_set_meta(db->db, ka, keep), LX_OK);
	free(keep);
	assert_int_equal(count_of(db, "中小企业"), zq);
	/* b.md deleted: masked too, and its members gone. */
	lx_error e2;
	assert_non_null(strstr(lx_xdb_get_meta(db->db, kb), "\"file\":\"b.md\""));
	assert_int_equal(lx_index_remove(db, "b.md", &e2), LX_OK);
	assert_int_equal(lx_index_commit(db, &err), LX_OK);
	assert_string_equal(lx_xdb_get_meta(db->db, kb), "");
	long left = lx_xdb_doccount(db->db);
	assert_true(left < units);
	assert_int_equal(count_of(db, "work:北京市西城区支持中小微企业高质量发展的若干措施"),
	                 0);
	long zq2 = count_of(db, "中小企业");
	/* Merged into one segment: the masks follow the new numbers. */
	assert_int_equal(lx_xdb_compact(db->db, NULL, 1), LX_OK);
	assert_int_equal(lx_xdb_doccount(db->db), left);
	assert_int_equal(count_of(db, "中小企业"), zq2);
	assert_int_equal(count_of(db, "work:北京市促进中小企业发展条例"), 0);
	assert_int_equal(count_of(db, "work:重庆市中小企业促进条例"), wc);
	lx_index_close(db);
	snprintf(cmd, sizeof(cmd), "grep -c '^auto' %s/XAPIANDB | grep -qx 2",
	         sdir);
	assert_int_equal(system(cmd), 0); /* meta and one segment */
	/* A reader sees the same; a segment not listed (a killed run's) is
	 * not read, and the next writer removes it. */
	snprintf(cmd, sizeof(cmd), "cp -r %s/seg-* %s/seg-999", sdir, sdir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(lx_index_open(&db, sdir, false, &err), LX_OK);
	assert_int_equal(count_of(db, "中小企业"), zq2);
	assert_int_equal(lx_xdb_doccount(db->db), left);
	lx_index_close(db);
	assert_int_equal(lx_index_open(&db, sdir, true, &err), LX_OK);
	lx_index_close(db);
	snprintf(cmd, sizeof(cmd), "test ! -e %s/seg-999", sdir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(lx_index_destroy(sdir, &err), LX_OK);
	/* The older form: one Xapian database in DIR. */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s && touch %s/iamglass", sdir, sdir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(lx_index_open(&db, sdir, true, &err), LX_ERR_DAMAGED);
	assert_non_null(strstr(err.msg, "rebuild the index"));
	lx_index_close(db);
	assert_int_equal(lx_index_destroy(sdir, &err), LX_OK);
	lx_doc_free(a);
	lx_doc_free(b);
	lx_doc_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_counts),
	    cmocka_unit_test(documents_of_index),
		cmocka_unit_test(corpus_exact_counts),
		cmocka_unit_test(record_reader),
		cmocka_unit_test(records_as_jansson),
		cmocka_unit_test(json_writer),
		cmocka_unit_test(exact_without_positions),
		cmocka_unit_test(text_stores),
		cmocka_unit_test(old_format_refused),
		cmocka_unit_test(filters_and_versions),
		cmocka_unit_test(in_divisions),
		cmocka_unit_test(labels_both_ways),
		cmocka_unit_test(sorting),
		cmocka_unit_test(ranking_by_words),
		cmocka_unit_test(within_units),
		cmocka_unit_test(bad_queries),
		cmocka_unit_test(highlights_exact),
		cmocka_unit_test(locked_and_damaged),
		cmocka_unit_test(versions_as_of_and_maps),
		cmocka_unit_test(build_stops_when_asked),
		cmocka_unit_test(query_and_page_limits),
		cmocka_unit_test(query_language),
		cmocka_unit_test(versions_and_titles),
		cmocka_unit_test(segments_and_masks),
		cmocka_unit_test(own_postings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
