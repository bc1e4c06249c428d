/*
 * test_versions.c: a law through time (lexcn/versions.h).  Works and
 * their versions in date order (a rename the history records included),
 * the version in force on a date and the statuses dates give, citations
 * of a document of 2019 resolved to the version then in force and
 * followed to the current text, renumbering maps checked against pairs
 * verified by reading both texts (tests/data/versions/pairs.tsv), and the
 * maps of every version pair of ../shared/corpus when present.
 */
#include "lxtest.h"


#include <lexcn/versions.h>

#define ARL17 "corpus/administrative-reconsideration-law-2017.md"
#define ARL23 "corpus/administrative-reconsideration-law-2023.md"
#define SME20 "corpus/sme-payment-regulation-2020.md"
#define SME25 "corpus/sme-payment-regulation-2025.md"

static bool is(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* The row of map m from old `old` to new `nl` (labels of articles, or
 * eids). */
static const lx_map_row *row_to(const lx_vmap *m, const char *old,
                                const char *nl)
{
	const lx_map_row *r;
	size_t n = lx_vmap_rows(m, &r);
	for (size_t i = 0; i < n; i++)
		if ((is(r[i].old_eid, old) ||
		     (is(r[i].old_label, old) && !strstr(r[i].old_eid, "__"))) &&
		    (is(r[i].new_eid, nl) ||
		     (is(r[i].new_label, nl) && !strstr(r[i].new_eid, "__"))))
			return &r[i];
	return NULL;
}

static lx_vmap *map_of(const char *a, const char *b)
{
	lx_doc *o = test_parse(G, a), *n = test_parse(G, b);
	lx_vmap *m = NULL;
	assert_int_equal(lx_vmap_from_docs(&m, o, n), LX_OK);
	lx_doc_free(o);
	lx_doc_free(n);
	return m; /* the map copies what it keeps */
}

/* Every pair of tests/data/versions/pairs.tsv is a row of the map, with
 * its op. */
static void maps_verified_pairs(void **state)
{
	(void)state;
	FILE *f = fopen("tests/data/versions/pairs.tsv", "r");
	assert_non_null(f);
	char line[2048], last_a[512] = "", last_b[512] = "";
	lx_vmap *m = NULL;
	size_t checked = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char *fl[6] = {0}, *s = line;
		for (int k = 0; k < 6 && s; k++) {
			fl[k] = s;
			s = strchr(s, '\t');
			if (s)
				*s++ = '\0';
		}
		assert_non_null(fl[4]);
		if (strcmp(fl[0], last_a) || strcmp(fl[1], last_b)) {
			lx_vmap_free(m);
			m = map_of(fl[0], fl[1]);
			snprintf(last_a, sizeof(last_a), "%s", fl[0]);
			snprintf(last_b, sizeof(last_b), "%s", fl[1]);
		}
		const lx_map_row *r = row_to(m, fl[2], fl[3]);
		if (!r)
			fail_msg("%s %s -> %s: no such row", fl[0], fl[2], fl[3]);
		if (strcmp(r->op, fl[4]))
			fail_msg("%s %s -> %s: op %s, verified %s", fl[0], fl[2],
			         fl[3], r->op, fl[4]);
		checked++;
	}
	fclose(f);
	lx_vmap_free(m);
	print_message("verified pairs: %zu/%zu rows right\n", checked, checked);
	assert_true(checked >= 14);
}

/* Paragraphs of paired articles; added and deleted articles; the text
 * form reads back to the same rows; lookup by eid and by label. */
static void map_rows_and_text(void **state)
{
	(void)state;
	lx_vmap *m = map_of(ARL17, ARL23);
	assert_string_equal(lx_vmap_old_id(m), "中华人民共和国行政复议法@2017-09-01");
	assert_string_equal(lx_vmap_new_id(m), "中华人民共和国行政复议法@2023-09-01");
	const lx_map_row *r;
	size_t n = lx_vmap_rows(m, &r), paras = 0, added = 0, deleted = 0;
	bool p2 = false;
	for (size_t i = 0; i < n; i++) {
		paras += (r[i].old_eid && strstr(r[i].old_eid, "__para_")) ||
		         (r[i].new_eid && strstr(r[i].new_eid, "__para_"));
		added += !strcmp(r[i].op, "added") && !r[i].old_eid;
		deleted += !strcmp(r[i].op, "deleted") && !r[i].new_eid;
		/* 第十六条's second paragraph is word for word 第二十九条's. */
		if (r[i].old_eid && !strcmp(r[i].old_eid, "art_16__para_2")) {
			assert_string_equal(r[i].new_eid, "art_29__para_2");
			assert_string_equal(r[i].op, "unchanged");
			p2 = true;
		}
	}
	assert_true(p2);
	assert_true(paras > 20);
	assert_true(added >= 53);  /* lexcn diff: 53 articles added */
	assert_true(deleted >= 10); /* and 10 deleted */
	const lx_map_row *f = lx_vmap_find(m, "第十六条");
	assert_non_null(f);
	assert_string_equal(f->new_eid, "art_29");
	assert_ptr_equal(lx_vmap_find(m, "art_16"), f);
	assert_null(lx_vmap_find(m, "第九百条"));
	char *text = lx_vmap_text(m);
	assert_non_null(text);
	lx_vmap *back = NULL;
	assert_int_equal(lx_vmap_parse(&back, text), LX_OK);
	const lx_map_row *b;
	assert_int_equal(lx_vmap_rows(back, &b), n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(b[i].op, r[i].op);
		assert_true((!b[i].old_eid && !r[i].old_eid) ||
		            !strcmp(b[i].old_eid, r[i].old_eid));
		assert_true((!b[i].new_eid && !r[i].new_eid) ||
		            !strcmp(b[i].new_eid, r[i].new_eid));
	}
	char *again = lx_vmap_text(back);
	assert_string_equal(again, text);
	lx_vmap *bad = NULL;
	assert_int_equal(lx_vmap_parse(&bad, "no tab here\n"), LX_ERR_USAGE);
	assert_int_equal(lx_vmap_parse(&bad, "a\tb\nx\t-\ty\t-\tfrobbed\n"),
	                 LX_ERR_USAGE);
	assert_null(bad);
	free(text);
	free(again);
	lx_vmap_free(back);
	lx_vmap_free(m);
}

/* The works of corpus/: each pair one work, in date order (the undated
 * 2020 regulation, effective 2020-09-01, before its 2025 revision). */
static void works_of_corpus(void **state)
{
	(void)state;
	const char *files[] = {ARL23, SME25, SEED_BEIJING, ARL17, SME20};
	lx_doc *d[5];
	for (int i = 0; i < 5; i++)
		d[i] = test_parse(G, files[i]);
	size_t order[5], work[5];
	assert_int_equal(lx_works_order(d, 5, order, work), LX_OK);
	/* Works numbered by their first document: ARL, SME, Beijing. */
	size_t want[5] = {3, 0, 4, 1, 2}, wwork[5] = {0, 0, 1, 1, 2};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(order[i], want[i]);
		assert_int_equal(work[i], wwork[i]);
	}
	for (int i = 0; i < 5; i++)
		lx_doc_free(d[i]);
}

/* A rename recorded in the history joins the work of the former title;
 * the same title in another jurisdiction is another work. */
static void works_rename(void **state)
{
	(void)state;
	static const char *const old_t =
		"# 甲市城市绿化条例\n\n"
		"2001年3月1日甲市第十一届人民代表大会常务委员会第二十次会议通过\n\n"
		"第一条 为了促进城市绿化，制定本条例。\n\n"
		"第二条 本条例自2001年5月1日起施行。\n";
	static const char *const new_t =
		"# 甲市绿化条例\n\n"
		"2001年3月1日甲市第十一届人民代表大会常务委员会第二十次会议通过　"
		"根据2010年6月1日甲市第十三届人民代表大会常务委员会第十八次会议"
		"《甲市人民代表大会常务委员会关于修改〈甲市城市绿化条例〉的决定》修正\n\n"
		"第一条 为了促进绿化，制定本条例。\n\n"
		"第二条 本条例自2001年5月1日起施行。\n";
	static const char *const other =
		"# 乙市绿化条例\n\n"
		"2005年3月1日乙市第十二届人民代表大会常务委员会第二次会议通过\n\n"
		"第一条 为了促进绿化，制定本条例。\n";
	lx_doc *d[3] = {test_parse_str(G, new_t), test_parse_str(G, other),
	                test_parse_str(G, old_t)};
	assert_string_equal(lx_doc_work(d[0]), "甲市绿化条例");
	assert_string_equal(lx_doc_version(d[0]), "2010-06-01");
	size_t order[3], work[3];
	assert_int_equal(lx_works_order(d, 3, order, work), LX_OK);
	/* 甲市城市绿化条例 (2001) then 甲市绿化条例 (2010): one work. */
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 0);
	assert_int_equal(work[0], work[1]);
	assert_int_equal(order[2], 1);
	assert_true(work[2] != work[0]);
	for (int i = 0; i < 3; i++)
		lx_doc_free(d[i]);
	/* A decision about another law after one about its own title: that
	 * decision also amended this law; no rename. */
	static const char *const court =
		"# 甲市法院工作条例\n\n"
		"2001年3月1日甲市第十一届人民代表大会常务委员会第二十次会议通过\n\n"
		"2005年6月1日甲市第十二届人民代表大会常务委员会第五次会议"
		"《关于修改〈甲市法院工作条例〉的决定》第一次修正\n\n"
		"2010年6月1日甲市第十三届人民代表大会常务委员会第十八次会议"
		"《关于修改〈甲市城市绿化条例〉的决定》第二次修正\n\n"
		"<!-- INFO END -->\n\n"
		"第一条 为了规范法院工作，制定本条例。\n";
	lx_doc *e[2] = {test_parse_str(G, court), test_parse_str(G, old_t)};
	assert_int_equal(lx_works_order(e, 2, order, work), LX_OK);
	assert_true(work[0] != work[1]);
	for (int i = 0; i < 2; i++)
		lx_doc_free(e[i]);
}

/* In force: effective date (else version date) <= D < the next one's;
 * statuses from dates. */
static void in_force_and_status(void **state)
{
	(void)state;
	lx_doc *v[2] = {test_parse(G, ARL17), test_parse(G, ARL23)};
	/* 2017 has no effective date of its own version: its version date. */
	assert_string_equal(lx_version_start(v[0]), "2017-09-01");
	assert_string_equal(lx_version_start(v[1]), "2024-01-01");
	assert_int_equal(lx_version_in_force(v, 2, "2017-08-31"), 2);
	assert_int_equal(lx_version_in_force(v, 2, "2019-01-01"), 0);
	/* Adopted 2023-09-01 but in force from 2024-01-01. */
	assert_int_equal(lx_version_in_force(v, 2, "2023-12-31"), 0);
	assert_int_equal(lx_version_in_force(v, 2, "2024-01-01"), 1);
	assert_string_equal(lx_version_status(v, 2, 0, "2019-01-01"), "有效");
	assert_string_equal(lx_version_status(v, 2, 1, "2019-01-01"), "尚未生效");
	assert_string_equal(lx_version_status(v, 2, 0, "2023-12-31"), "有效");
	assert_string_equal(lx_version_status(v, 2, 0, "2024-01-01"), "已被修改");
	assert_string_equal(lx_version_status(v, 2, 1, "2024-01-01"), "有效");
	assert_string_equal(lx_version_status(v, 2, 0, "2017-01-01"), "尚未生效");
	for (int i = 0; i < 2; i++)
		lx_doc_free(v[i]);
	lx_doc *s[2] = {test_parse(G, SME20), test_parse(G, SME25)};
	assert_int_equal(lx_version_in_force(s, 2, "2019-01-01"), 2);
	assert_int_equal(lx_version_in_force(s, 2, "2021-01-01"), 0);
	assert_int_equal(lx_version_in_force(s, 2, "2025-06-01"), 1);
	for (int i = 0; i < 2; i++)
		lx_doc_free(s[i]);
}

static const char *const citing_fmt =
	"# 某省行政复议工作规定\n\n"
	"%s某省人民政府发布\n\n"
	"第一条 公民申请行政复议后又起诉的，依照《中华人民共和国行政复议法》第十六条处理。\n";

/* The target of the one citation of 行政复议法 in a set of both versions
 * and a document dated `date`. */
static void cite_at(const char *date, const char *want_doc, const char *want_now)
{
	lx_set *s;
	assert_int_equal(lx_set_new(&s), LX_OK);
	lx_doc *o = test_parse(G, ARL17), *n = test_parse(G, ARL23);
	char text[1024];
	snprintf(text, sizeof(text), citing_fmt, date);
	lx_doc *c = test_parse_str(G, text);
	assert_int_equal(lx_set_add(s, o), LX_OK);
	assert_int_equal(lx_set_add(s, n), LX_OK);
	assert_int_equal(lx_set_add(s, c), LX_OK);
	assert_int_equal(lx_set_resolve(s), LX_OK);
	const lx_target *t = NULL;
	for (size_t i = 0; i < lx_doc_cite_count(c); i++) {
		const lx_cite *ci = lx_doc_cite(c, i);
		if (lx_cite_get_title(ci) && lx_cite_target_count(ci))
			t = lx_cite_target(ci, 0);
	}
	assert_non_null(t);
	assert_string_equal(t->doc, want_doc);
	assert_string_equal(t->eid, "art_16");
	/* Where it is now: the map between the consecutive versions. */
	lx_vmap *m = NULL;
	assert_int_equal(lx_vmap_from_docs(&m, o, n), LX_OK);
	if (!strcmp(want_doc, lx_vmap_old_id(m))) {
		const lx_map_row *r = lx_vmap_find(m, t->eid);
		assert_non_null(r);
		assert_string_equal(r->new_eid, want_now);
		assert_string_equal(lx_vmap_new_id(m),
		                    "中华人民共和国行政复议法@2023-09-01");
	}
	lx_vmap_free(m);
	lx_set_free(s);
}

static void cite_version_in_force(void **state)
{
	(void)state;
	/* 2019: the 2017 text, whose 第十六条 is 第二十九条 now. */
	cite_at("2019年3月1日", "中华人民共和国行政复议法@2017-09-01", "art_29");
	/* 2023-10-01: the 2023 revision is adopted but not in force. */
	cite_at("2023年10月1日", "中华人民共和国行政复议法@2017-09-01", "art_29");
	/* 2024-03-01: the 2023 text. */
	cite_at("2024年3月1日", "中华人民共和国行政复议法@2023-09-01", NULL);
}

/* The statuses of a set follow the in-force rule too. */
static void set_status_by_dates(void **state)
{
	(void)state;
	lx_set *s;
	assert_int_equal(lx_set_new(&s), LX_OK);
	lx_doc *o = test_parse(G, ARL17), *n = test_parse(G, ARL23);
	assert_int_equal(lx_set_add(s, o), LX_OK);
	assert_int_equal(lx_set_add(s, n), LX_OK);
	assert_int_equal(lx_set_resolve(s), LX_OK);
	assert_int_equal(lx_set_as_of(s, "2023-12-01"), LX_OK);
	assert_string_equal(lx_doc_status(o), "有效");
	assert_string_equal(lx_doc_status(n), "尚未生效");
	assert_int_equal(lx_set_as_of(s, "2024-02-01"), LX_OK);
	assert_string_equal(lx_doc_status(o), "已被修改");
	assert_string_equal(lx_doc_status(n), "有效");
	lx_set_free(s);
}

/* ---- ../shared/corpus ------------------------------------------------------ */


/* The title part of a lawrefbook file name: 行政复议法(2017-09-01).md ->
 * 行政复议法. */
static size_t stem(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	const char *p = strchr(b, '(');
	return (size_t)((p ? p : b + strlen(b)) - b);
}

static int cmp_stem(const void *x, const void *y)
{
	const char *a = *(char *const *)x, *b = *(char *const *)y;
	const char *ba = strrchr(a, '/') + 1, *bb = strrchr(b, '/') + 1;
	size_t la = stem(a), lb = stem(b);
	int c = strncmp(ba, bb, la < lb ? la : lb);
	return c ? c : la < lb ? -1 : la > lb ? 1 : strcmp(a, b);
}

/* Every work of ../shared/corpus in two versions or more (found by the
 * title in the file name, grouped by lx_works_order): the maps cover
 * every article of both versions; the pairs verified on corpus/ hold on
 * the shared copies of 行政复议法 and 保障中小企业款项支付条例. */
static void shared_corpus_maps(void **state)
{
	(void)state;
	char root[4096];
	test_shared_corpus(root, sizeof(root), "shared_corpus_maps");
	char lrb[4200];
	snprintf(lrb, sizeof(lrb), "%s/lawrefbook", root);
	lx_files fl = {0};
	assert_int_equal(lx_files_collect(&fl, lrb, NULL), LX_OK);
	assert_true(fl.n > 100);
	qsort(fl.path, fl.n, sizeof(char *), cmp_stem);
	/* The files whose title stem occurs twice or more. */
	lx_doc **docs = calloc(fl.n, sizeof(*docs));
	size_t nd = 0;
	for (size_t i = 0; i < fl.n;) {
		size_t j = i + 1, si = stem(fl.path[i]);
		const char *bi = strrchr(fl.path[i], '/') + 1;
		while (j < fl.n && stem(fl.path[j]) == si &&
		       !strncmp(strrchr(fl.path[j], '/') + 1, bi, si))
			j++;
		for (size_t k = i; j - i > 1 && k < j; k++) {
			lx_doc *d = NULL;
			lx_error err = {0};
			if (!lx_parse_file(&d, G, fl.path[k], NULL, &err))
				docs[nd++] = d;
		}
		i = j;
	}
	size_t *order = calloc(nd + 1, sizeof(size_t)),
	       *work = calloc(nd + 1, sizeof(size_t));
	assert_int_equal(lx_works_order(docs, nd, order, work), LX_OK);
	size_t works = 0, maps = 0, rows = 0, arl = 0, sme = 0;
	for (size_t k = 0; k < nd; k++) {
		works += k == 0 || work[k] != work[k - 1] ? 0 : (k < 2 || work[k - 1] != work[k - 2]);
		if (!k || work[k] != work[k - 1])
			continue;
		const lx_doc *a = docs[order[k - 1]], *b = docs[order[k]];
		lx_vmap *m = NULL;
		assert_int_equal(lx_vmap_from_docs(&m, a, b), LX_OK);
		maps++;
		const lx_map_row *r;
		size_t n = lx_vmap_rows(m, &r);
		rows += n;
		/* Every article of both versions has a row. */
		size_t oa = lx_node_count(lx_doc_body(a), LX_NODE_ARTICLE),
		       na = lx_node_count(lx_doc_body(b), LX_NODE_ARTICLE);
		size_t seen_o = 0, seen_n = 0;
		for (size_t i = 0; i < n; i++) {
			bool art_o = r[i].old_eid && !strstr(r[i].old_eid, "__");
			bool art_n = r[i].new_eid && !strstr(r[i].new_eid, "__");
			/* A split old article has a row per piece: count once. */
			seen_o += art_o && (i == 0 || !r[i - 1].old_eid ||
			                    strcmp(r[i - 1].old_eid, r[i].old_eid));
			seen_n += art_n && (i == 0 || !r[i - 1].new_eid ||
			                    strcmp(r[i - 1].new_eid, r[i].new_eid));
		}
		if (seen_o < oa || seen_n < na)
			fail_msg("%s -> %s: rows for %zu/%zu old and %zu/%zu new "
			         "articles",
			         lx_doc_id(a), lx_doc_id(b), seen_o, oa, seen_n, na);
		const char *t = lx_doc_title(b) ? lx_doc_title(b) : "";
		if (!strcmp(t, "中华人民共和国行政复议法") &&
		    lx_doc_version(a) && !strcmp(lx_doc_version(a), "2017-09-01")) {
			const lx_map_row *x = row_to(m, "第十六条", "第二十九条");
			assert_non_null(x);
			assert_string_equal(x->op, "modified");
			assert_non_null(row_to(m, "第五条", "第十条"));
			arl++;
		}
		if (!strcmp(t, "保障中小企业款项支付条例")) {
			const lx_map_row *x = row_to(m, "第七条", "第八条");
			assert_non_null(x);
			assert_string_equal(x->op, "renumbered");
			sme++;
		}
		lx_vmap_free(m);
	}
	print_message("shared corpus: %zu files with a repeated title, %zu "
	              "works in 2+ versions, %zu maps, %zu rows\n",
	              nd, works, maps, rows);
	assert_int_equal(arl, 1);
	assert_int_equal(sme, 1);
	for (size_t k = 0; k < nd; k++)
		lx_doc_free(docs[k]);
	lx_files_free(&fl);
	free(docs);
	free(order);
	free(work);
}

/* The file of ../shared/corpus (lawrefbook) named NAME(DATE).md. */
static char *shared_file(const lx_files *fl, const char *name)
{
	for (size_t i = 0; i < fl->n; i++) {
		const char *b = strrchr(fl->path[i], '/') + 1;
		if (!strcmp(b, name))
			return fl->path[i];
	}
	return NULL;
}

/* A citation from a document dated `date` of `art` of the law in files
 * a (older) and b (newer): the version in force then (want_doc), and
 * where the article is in b (want_now: an eid; NULL when the citation
 * goes to b itself). */
static void cite_follow(const char *a, const char *b, const char *citing,
                        const char *want_doc, const char *want_eid,
                        const char *want_now)
{
	lx_set *s;
	assert_int_equal(lx_set_new(&s), LX_OK);
	lx_doc *o = test_parse(G, a), *n = test_parse(G, b),
	       *c = test_parse_str(G, citing);
	assert_int_equal(lx_set_add(s, o), LX_OK);
	assert_int_equal(lx_set_add(s, n), LX_OK);
	assert_int_equal(lx_set_add(s, c), LX_OK);
	assert_int_equal(lx_set_resolve(s), LX_OK);
	const lx_target *t = NULL;
	for (size_t i = 0; i < lx_doc_cite_count(c) && !t; i++) {
		const lx_cite *ci = lx_doc_cite(c, i);
		if (lx_cite_get_title(ci) && lx_cite_target_count(ci))
			t = lx_cite_target(ci, 0);
	}
	assert_non_null(t);
	assert_string_equal(t->doc, want_doc);
	assert_string_equal(t->eid, want_eid);
	lx_vmap *m = NULL;
	assert_int_equal(lx_vmap_from_docs(&m, o, n), LX_OK);
	const lx_map_row *r = lx_vmap_find(m, t->eid);
	if (want_now) {
		assert_string_equal(t->doc, lx_doc_id(o));
		assert_non_null(r);
		assert_string_equal(r->new_eid, want_now);
	} else
		assert_string_equal(t->doc, lx_doc_id(n));
	lx_vmap_free(m);
	lx_set_free(s);
}

/* On the copies in ../shared/corpus: 行政复议法 cited in 2019 (第十六条,
 * now 第二十九条) and 保障中小企业款项支付条例 cited in 2021 (第七条 of the
 * undated 2020 text, now 第八条), and in 2026 (the 2025 text). */
static void shared_cite_and_follow(void **state)
{
	(void)state;
	char root[4096];
	test_shared_corpus(root, sizeof(root), "shared_cite_and_follow");
	char lrb[4200];
	snprintf(lrb, sizeof(lrb), "%s/lawrefbook", root);
	lx_files fl = {0};
	assert_int_equal(lx_files_collect(&fl, lrb, NULL), LX_OK);
	char *a17 = shared_file(&fl, "行政复议法(2017-09-01).md"),
	     *a23 = shared_file(&fl, "行政复议法(2023-09-01).md"),
	     *s20 = shared_file(&fl, "保障中小企业款项支付条例(2020-07-05).md"),
	     *s25 = shared_file(&fl, "保障中小企业款项支付条例(2025-03-17).md");
	if (!a17 || !a23 || !s20 || !s25) {
		print_message("SKIPPED: shared_cite_and_follow (the version pairs "
		              "are not in this corpus)\n");
		lx_files_free(&fl);
		skip();
	}
	cite_follow(a17, a23,
	            "# 某省行政复议工作规定\n\n2019年3月1日某省人民政府发布\n\n"
	            "第一条 依照《中华人民共和国行政复议法》第十六条处理。\n",
	            "中华人民共和国行政复议法@2017-09-01", "art_16", "art_29");
	char want20[256];
	lx_doc *d20 = test_parse(G, s20);
	snprintf(want20, sizeof(want20), "%s", lx_doc_id(d20));
	lx_doc_free(d20);
	cite_follow(s20, s25,
	            "# 某市中小企业款项支付办法\n\n2021年3月1日某市人民政府发布\n\n"
	            "第一条 依照《保障中小企业款项支付条例》第七条执行。\n",
	            want20, "art_7", "art_8");
	cite_follow(s20, s25,
	            "# 某市中小企业款项支付办法\n\n2026年3月1日某市人民政府发布\n\n"
	            "第一条 依照《保障中小企业款项支付条例》第八条执行。\n",
	            "保障中小企业款项支付条例@2025-03-17", "art_8", NULL);
	lx_files_free(&fl);
}

/* The renames ../shared/corpus records (区县 -> 区; a title with a
 * typo), and a decision about another law that is none (人民法院组织法,
 * 1986: 《关于修改〈地方组织法〉的决定》). */
static void shared_renames(void **state)
{
	(void)state;
	char root[4096];
	test_shared_corpus(root, sizeof(root), "shared_renames");
	char lrb[4200];
	snprintf(lrb, sizeof(lrb), "%s/lawrefbook", root);
	lx_files fl = {0};
	assert_int_equal(lx_files_collect(&fl, lrb, NULL), LX_OK);
	const char *names[] = {
		"上海市区县和乡镇人民代表大会代表直接选举实施细则.md",
		"上海市区和乡镇人民代表大会代表直接选举实施细则(2021-03-24).md",
		"上海市历史文化风貌区和优秀历史建筑保护条例.md",
		"上海市历史文化风貌区和优秀历史筑保护条例(2019-09-26).md",
		"人民法院组织法(2018-10-26).md"};
	lx_doc *d[6];
	size_t nd = 0;
	for (size_t i = 0; i < 5; i++) {
		char *f = shared_file(&fl, names[i]);
		if (f)
			d[nd++] = test_parse(G, f);
	}
	/* 地方组织法, the other law of the 1986 decision. */
	for (size_t i = 0; i < fl.n && nd == 5; i++)
		if (strstr(fl.path[i], "/地方各级人民代表大会和地方各级人民政府组织法"))
			d[nd++] = test_parse(G, fl.path[i]);
	if (nd < 6) {
		print_message("SKIPPED: shared_renames (the files are not in "
		              "this corpus)\n");
		for (size_t i = 0; i < nd; i++)
			lx_doc_free(d[i]);
	} else {
		size_t order[6], work[6], w_of[6];
		assert_int_equal(lx_works_order(d, 6, order, work), LX_OK);
		for (size_t k = 0; k < 6; k++)
			w_of[order[k]] = work[k];
		assert_int_equal(w_of[0], w_of[1]);
		assert_int_equal(w_of[2], w_of[3]);
		assert_true(w_of[0] != w_of[2]);
		assert_true(w_of[4] != w_of[5]);
		print_message("shared corpus renames: %s -> %s; %s -> %s\n",
		              lx_doc_title(d[0]), lx_doc_title(d[1]),
		              lx_doc_title(d[2]), lx_doc_title(d[3]));
		for (size_t i = 0; i < 6; i++)
			lx_doc_free(d[i]);
	}
	lx_files_free(&fl);
	if (nd < 6)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maps_verified_pairs),
		cmocka_unit_test(map_rows_and_text),
		cmocka_unit_test(works_of_corpus),
		cmocka_unit_test(works_rename),
		cmocka_unit_test(in_force_and_status),
		cmocka_unit_test(cite_version_in_force),
		cmocka_unit_test(set_status_by_dates),
		cmocka_unit_test(shared_corpus_maps),
		cmocka_unit_test(shared_cite_and_follow),
		cmocka_unit_test(shared_renames),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
