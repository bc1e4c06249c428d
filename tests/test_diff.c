/*
 * test_diff.c: version diff.  Hand-made pairs check each kind of change
 * and the inline diff; a generated test revises real statutes at random
 * (deletions, articles inserted from another law, rewording, far moves,
 * renumbering throughout) and checks the alignment against the truth.
 */
#include "lxtest.h"

#include <dirent.h>

/* lx_buf, lx_vec and lx_u8_next build the generated revisions: internals
 * without a public API.  The diff itself is read through lexcn/diff.h. */
#include "../parser/lx_int.h"

static lx_doc *parse_str(const char *name, const char *text)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	int rc = lx_parse_buffer(&d, G, name, text, strlen(text), NULL, &err);
	if (rc)
		fprintf(stderr, "%s: %s\n", name, err.msg);
	assert_int_equal(rc, 0);
	return d;
}

typedef struct pair {
	lx_doc *o, *n;
	lx_diff *d;
} pair;

static void diff_str(pair *p, const char *old_text, const char *new_text)
{
	p->o = parse_str("old.md", old_text);
	p->n = parse_str("new.md", new_text);
	assert_int_equal(lx_diff_docs(&p->d, p->o, p->n), 0);
}

static void pair_free(pair *p)
{
	lx_diff_free(p->d);
	lx_doc_free(p->o);
	lx_doc_free(p->n);
}

/* The change that holds new article `eid` (or old, when `old`). */
static const lx_change *change_of(const lx_diff *d, const char *eid, bool old)
{
	for (size_t i = 0; i < lx_diff_change_count(d); i++) {
		const lx_change *c = lx_diff_change(d, i);
		size_t k = old ? lx_change_old_count(c) : lx_change_new_count(c);
		for (size_t j = 0; j < k; j++) {
			const lx_node *x = old ? lx_change_old(c, j) : lx_change_new(c, j);
			if (!strcmp(lx_node_get_eid(x), eid))
				return c;
		}
	}
	fail_msg("no change holds %s", eid);
	return NULL;
}

#define HEAD "# 中华人民共和国示例法\n\n<!-- INFO END -->\n\n"

static void test_same(void **state)
{
	(void)state;
	pair p;
	const char *t = HEAD "第一条 为了规范示例，制定本法。\n\n"
	                     "第二条 本法自公布之日起施行。\n";
	diff_str(&p, t, t);
	assert_true(lx_diff_same(p.d));
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_UNCHANGED), 2);
	assert_int_equal(lx_diff_change_count(p.d), 2);
	pair_free(&p);
}

static void test_insert_renumbers(void **state)
{
	(void)state;
	pair p;
	diff_str(&p,
	         HEAD "第一条 为了规范示例活动，保护当事人合法权益，制定本法。\n\n"
	              "第二条 县级以上人民政府负责本行政区域内的示例管理工作。\n\n"
	              "第三条 本法自二〇二〇年一月一日起施行。\n",
	         HEAD "第一条 为了规范示例活动，保护当事人合法权益，制定本法。\n\n"
	              "第二条 国家鼓励社会力量参与示例服务，支持行业协会发挥作用。\n\n"
	              "第三条 县级以上人民政府负责本行政区域内的示例管理工作。\n\n"
	              "第四条 本法自二〇二〇年一月一日起施行。\n");
	assert_false(lx_diff_same(p.d));
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_UNCHANGED), 1);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_RENUMBERED), 2);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_ADDED), 1);
	assert_int_equal(lx_diff_moved_count(p.d), 0);
	const lx_change *c = change_of(p.d, "art_3", false);
	assert_int_equal(lx_change_get_op(c), LX_OP_RENUMBERED);
	assert_string_equal(lx_node_get_eid(lx_change_old(c, 0)), "art_2");
	assert_int_equal(lx_change_get_op(change_of(p.d, "art_2", false)), LX_OP_ADDED);
	/* in the order of the new version */
	assert_string_equal(lx_node_get_eid(lx_change_new(lx_diff_change(p.d, 1), 0)), "art_2");
	pair_free(&p);
}

static void test_modified_inline(void **state)
{
	(void)state;
	pair p;
	diff_str(&p,
	         HEAD "第一条 为了防止和纠正违法的或者不当的具体行政行为，保护公民的合法权益，制定本法。\n",
	         HEAD "第一条 为了防止和纠正违法的或者不当的行政行为，保护公民、法人的合法权益，制定本法。\n");
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_MODIFIED), 1);
	const lx_change *c = lx_diff_change(p.d, 0);
	assert_true(lx_change_get_similarity(c) > 0.8 && lx_change_get_similarity(c) < 1.0);
	/* = 为了…不当的 - 具体 = 行政行为，保护公民 + 、法人 = 的合法权益，制定本法。 */
	assert_int_equal(lx_change_inline_count(c), 5);
	assert_int_equal(lx_inline_get_op(lx_change_inline(c, 1)), '-');
	assert_string_equal(lx_inline_get_text(lx_change_inline(c, 1)), "具体");
	assert_int_equal(lx_inline_get_op(lx_change_inline(c, 3)), '+');
	assert_string_equal(lx_inline_get_text(lx_change_inline(c, 3)), "、法人");
	/* the sides rebuild both texts */
	lx_buf o = {0}, n = {0};
	for (size_t i = 0; i < lx_change_inline_count(c); i++) {
		if (lx_inline_get_op(lx_change_inline(c, i)) != '+')
			lx_buf_adds(&o, lx_inline_get_text(lx_change_inline(c, i)));
		if (lx_inline_get_op(lx_change_inline(c, i)) != '-')
			lx_buf_adds(&n, lx_inline_get_text(lx_change_inline(c, i)));
	}
	char *ot = lx_diff_article_text(lx_change_old(c, 0)),
	     *nt = lx_diff_article_text(lx_change_new(c, 0));
	assert_string_equal(o.s, ot);
	assert_string_equal(n.s, nt);
	free(ot);
	free(nt);
	lx_buf_free(&o);
	lx_buf_free(&n);
	pair_free(&p);
}

static void test_deleted_and_far_move(void **state)
{
	(void)state;
	pair p;
	diff_str(&p,
	         HEAD "## 第一章 总则\n\n"
	              "第一条 为了规范示例活动，保护当事人合法权益，制定本法。\n\n"
	              "第二条 示例活动应当遵循公开、公平、公正的原则。\n\n"
	              "第三条 国务院示例主管部门负责全国示例监督管理工作。\n\n"
	              "## 第二章 法律责任\n\n"
	              "第四条 违反本法规定的，由主管部门责令改正，给予警告。\n\n"
	              "第五条 构成犯罪的，依法追究刑事责任。\n",
	         HEAD "## 第一章 总则\n\n"
	              "第一条 为了规范示例活动，保护当事人合法权益，制定本法。\n\n"
	              "第二条 国务院示例主管部门负责全国示例监督管理工作。\n\n"
	              "## 第二章 罚则\n\n"
	              "第三条 违反本法规定的，由主管部门责令改正，给予警告。\n\n"
	              "第四条 构成犯罪的，依法追究刑事责任。\n\n"
	              "第五条 示例活动应当遵循公开、公平、公正的原则。\n");
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_DELETED), 0);
	const lx_change *c = change_of(p.d, "art_2", true);
	assert_int_equal(lx_change_get_op(c), LX_OP_RENUMBERED);
	assert_string_equal(lx_node_get_eid(lx_change_new(c, 0)), "art_5");
	assert_true(lx_change_get_moved(c)); /* to another chapter, and out of order */
	assert_false(lx_change_get_moved(change_of(p.d, "art_3", true)));
	assert_false(lx_change_get_moved(change_of(p.d, "art_4", true)));
	assert_int_equal(lx_diff_moved_count(p.d), 1);
	/* 第二章 renamed 法律责任 -> 罚则 */
	assert_int_equal(lx_diff_heading_count(p.d), 1);
	assert_int_equal(lx_heading_change_get_op(lx_diff_heading(p.d, 0)),
	                 LX_HEADING_RENAMED);
	assert_string_equal(lx_heading_op_name(LX_HEADING_RENAMED), "renamed");
	const lx_heading_change *h = lx_diff_heading(p.d, 0);
	assert_string_equal(lx_node_get_heading(lx_heading_change_get_new(h)), "罚则");
	pair_free(&p);

	diff_str(&p,
	         HEAD "第一条 为了规范示例活动，保护当事人合法权益，制定本法。\n\n"
	              "第二条 示例活动应当遵循公开、公平、公正的原则。\n",
	         HEAD "第一条 为了规范示例活动，保护当事人合法权益，制定本法。\n");
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_DELETED), 1);
	assert_int_equal(lx_change_get_op(change_of(p.d, "art_2", true)), LX_OP_DELETED);
	assert_int_equal(lx_change_get_op(lx_diff_change(p.d, 1)), LX_OP_DELETED);
	pair_free(&p);
}

static void test_split_merge(void **state)
{
	(void)state;
	const char *one =
		HEAD "第一条 为了规范示例活动，制定本法。\n\n"
		     "第二条 县级以上人民政府应当将中小企业促进工作纳入国民经济和社会发展规划，"
		     "制定促进中小企业发展的政策措施。国务院负责中小企业促进工作综合管理的部门"
		     "组织实施促进中小企业发展政策，对中小企业促进工作进行宏观指导。\n";
	const char *two =
		HEAD "第一条 为了规范示例活动，制定本法。\n\n"
		     "第二条 县级以上人民政府应当将中小企业促进工作纳入国民经济和社会发展规划，"
		     "制定促进中小企业发展的政策措施。\n\n"
		     "第三条 国务院负责中小企业促进工作综合管理的部门组织实施促进中小企业发展"
		     "政策，对中小企业促进工作进行宏观指导。\n";
	pair p;
	diff_str(&p, one, two);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_SPLIT), 1);
	const lx_change *c = change_of(p.d, "art_2", true);
	assert_int_equal(lx_change_get_op(c), LX_OP_SPLIT);
	assert_int_equal(lx_change_new_count(c), 2);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_ADDED) +
	                 lx_diff_op_count(p.d, LX_OP_DELETED), 0);
	pair_free(&p);
	diff_str(&p, two, one);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_MERGED), 1);
	assert_int_equal(lx_change_old_count(change_of(p.d, "art_2", false)), 2);
	pair_free(&p);
}

static void test_metadata(void **state)
{
	(void)state;
	pair p;
	diff_str(&p,
	         "# 中华人民共和国示例法\n\n2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议修正\n\n"
	         "<!-- INFO END -->\n\n第一条 为了规范示例活动，制定本法。\n",
	         "# 中华人民共和国示例法\n\n2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订\n\n"
	         "<!-- INFO END -->\n\n第一条 为了规范示例活动，制定本法。\n");
	assert_false(lx_diff_same(p.d));
	bool found = false;
	for (size_t i = 0; i < lx_diff_meta_count(p.d); i++) {
		const lx_meta_change *m = lx_diff_meta(p.d, i);
		if (!strcmp(lx_meta_change_get_field(m), "last_revised")) {
			assert_string_equal(lx_meta_change_get_old(m), "2017-09-01");
			assert_string_equal(lx_meta_change_get_new(m), "2023-09-01");
			found = true;
		}
	}
	assert_true(found);
	pair_free(&p);
}

/* ---- generated revisions -------------------------------------------- */

static void cn_num(lx_buf *b, long n)
{
	char t[64];
	assert_true(lx_cn_format(n, t, sizeof(t)));
	lx_buf_adds(b, t);
}

typedef struct gart {
	char *text; /* owned */
	int src;    /* index in the old version, -1 when inserted */
	int chap;
} gart;

typedef struct rng {
	uint64_t s;
} rng;

static uint32_t rnd(rng *r, uint32_t n)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(r->s >> 33) % n;
}

static char *write_doc(const gart *a, size_t n)
{
	lx_buf b = {0};
	lx_buf_adds(&b, HEAD);
	int chap = -1;
	for (size_t i = 0; i < n; i++) {
		if (a[i].chap != chap) {
			chap = a[i].chap;
			lx_buf_adds(&b, "## 第");
			cn_num(&b, chap + 1);
			lx_buf_adds(&b, "章 第");
			cn_num(&b, chap + 1);
			lx_buf_adds(&b, "部分\n\n");
		}
		lx_buf_adds(&b, "第");
		cn_num(&b, (long)i + 1);
		lx_buf_adds(&b, "条 ");
		for (const char *p = a[i].text; *p; p++) {
			if (*p == '\n')
				lx_buf_adds(&b, "\n\n");
			else
				lx_buf_add(&b, p, 1);
		}
		lx_buf_adds(&b, "\n\n");
	}
	return b.s;
}

/* Rewords a text: one to three spots where a few characters are
 * replaced, deleted or inserted (about a tenth of the text). */
static char *reword(rng *r, const char *t, const char *donor)
{
	size_t len = strlen(t), dl = strlen(donor);
	lx_vec cp = {0}, dc = {0};
	for (size_t i = 0; i < len;)
		*(int32_t *)lx_vec_push(&cp, sizeof(int32_t)) = lx_u8_next(t, len, &i);
	for (size_t i = 0; i < dl;)
		*(int32_t *)lx_vec_push(&dc, sizeof(int32_t)) = lx_u8_next(donor, dl, &i);
	size_t spots = 1 + rnd(r, 3), budget = cp.n / 10 + 1;
	for (size_t s = 0; s < spots && cp.n > 4 && dc.n > 4; s++) {
		size_t span = 1 + rnd(r, (uint32_t)(budget / spots + 1));
		size_t at = rnd(r, (uint32_t)(cp.n - 1));
		if (at + span > cp.n)
			span = cp.n - at;
		int32_t *v = cp.v;
		int kind = (int)rnd(r, 3);
		if (kind == 0 || kind == 1) { /* replace, delete */
			memmove(v + at, v + at + span,
			        (cp.n - at - span) * sizeof(int32_t));
			cp.n -= span;
		}
		if (kind == 0 || kind == 2) { /* replace, insert */
			size_t from = rnd(r, (uint32_t)(dc.n - span > 0 ? dc.n - span : 1));
			for (size_t k = 0; k < span && from + k < dc.n; k++) {
				int32_t ch = ((int32_t *)dc.v)[from + k];
				if (ch == '\n')
					ch = 0x3002;
				lx_vec_push(&cp, sizeof(int32_t));
				v = cp.v;
				memmove(v + at + 1, v + at,
				        (cp.n - 1 - at) * sizeof(int32_t));
				v[at++] = ch;
			}
		}
	}
	lx_buf b = {0};
	for (size_t i = 0; i < cp.n; i++)
		lx_buf_add_cp(&b, ((int32_t *)cp.v)[i]);
	lx_vec_free(&cp);
	lx_vec_free(&dc);
	return b.s ? b.s : strdup("");
}

/* The articles of a parsed statute, as texts. */
static size_t texts_of(lx_doc *d, char ***out)
{
	const lx_node *root = lx_doc_body(d);
	lx_vec v = {0};
	for (const lx_node *n = root; n; n = lx_node_next_preorder(root, n))
		if (lx_node_get_type(n) == LX_NODE_ARTICLE) {
			char *t = lx_diff_article_text(n);
			/* a leading 【heading】 would not survive the writer */
			if (t && *t && strncmp(t, "【", 3))
				*(char **)lx_vec_push(&v, sizeof(char *)) = t;
			else
				free(t);
		}
	*out = v.v;
	return v.n;
}

typedef struct tally {
	size_t rounds, articles, right;
} tally;

/* One round: revise `a` (texts of one law) with donors from `donor`. */
static void one_round(rng *r, char **a, size_t na, char **donor, size_t nd,
                      tally *t)
{
	lx_vec nv = {0};
	gart *old = calloc(na, sizeof(gart));
	for (size_t i = 0; i < na; i++)
		old[i] = (gart){strdup(a[i]), (int)i, (int)(i / 12)};
	lx_vec moved = {0};
	for (size_t i = 0; i < na; i++) {
		uint32_t x = rnd(r, 100);
		if (x < 5) /* deleted */
			continue;
		gart g = {strdup(a[i]), (int)i, old[i].chap};
		if (x < 15) { /* reworded */
			free(g.text);
			g.text = reword(r, a[i], donor[rnd(r, (uint32_t)nd)]);
		}
		if (x >= 15 && x < 18) { /* moved far away, later */
			*(gart *)lx_vec_push(&moved, sizeof(gart)) = g;
			continue;
		}
		*(gart *)lx_vec_push(&nv, sizeof(gart)) = g;
		if (rnd(r, 100) < 5) /* an article of another law inserted */
			*(gart *)lx_vec_push(&nv, sizeof(gart)) =
				(gart){strdup(donor[rnd(r, (uint32_t)nd)]), -1, g.chap};
	}
	for (size_t k = 0; k < moved.n; k++) {
		gart g = LX_VEC_AT(&moved, gart, k);
		size_t n = nv.n, at = rnd(r, (uint32_t)n + 1);
		/* far: at least a third of the law away from where it was */
		size_t was = 0;
		while (was < n && LX_VEC_AT(&nv, gart, was).src < g.src)
			was++;
		if ((at > was ? at - was : was - at) < n / 3)
			at = was < n / 2 ? n : 0;
		lx_vec_push(&nv, sizeof(gart));
		gart *v = nv.v;
		memmove(v + at + 1, v + at, (nv.n - 1 - at) * sizeof(gart));
		g.chap = at ? v[at - 1].chap : v[at + 1 < nv.n ? at + 1 : at].chap;
		v[at] = g;
	}
	lx_vec_free(&moved);
	gart *nw = nv.v;
	/* an inserted article of another law may happen to equal one of this
	 * law: not a fair question, leave it out */
	for (size_t j = 0; j < nv.n; j++)
		if (nw[j].src < 0)
			for (size_t i = 0; i < na; i++)
				if (!strcmp(nw[j].text, a[i]))
					nw[j].src = -2;
	char *ot = write_doc(old, na), *nt = write_doc(nw, nv.n);
	pair p;
	diff_str(&p, ot, nt);
	/* the truth: old i -> new j, or deleted; inserted -> added */
	int *truth = malloc(na * sizeof(int));
	for (size_t i = 0; i < na; i++)
		truth[i] = -1;
	for (size_t j = 0; j < nv.n; j++)
		if (nw[j].src >= 0)
			truth[nw[j].src] = (int)j;
	size_t right = 0, total = 0;
	for (size_t i = 0; i < na; i++) {
		char eid[32];
		snprintf(eid, sizeof(eid), "art_%zu", i + 1);
		const lx_change *c = change_of(p.d, eid, true);
		total++;
		if (truth[i] < 0)
			right += lx_change_get_op(c) == LX_OP_DELETED;
		else
			right += lx_change_new_count(c) == 1 && lx_change_old_count(c) == 1 &&
			         lx_node_get_num(lx_change_new(c, 0)) == truth[i] + 1;
	}
	for (size_t j = 0; j < nv.n; j++) {
		if (nw[j].src != -1)
			continue;
		char eid[32];
		snprintf(eid, sizeof(eid), "art_%zu", j + 1);
		total++;
		right += lx_change_get_op(change_of(p.d, eid, false)) == LX_OP_ADDED;
	}
	t->rounds++;
	t->articles += total;
	t->right += right;
	pair_free(&p);
	free(truth);
	free(ot);
	free(nt);
	for (size_t i = 0; i < na; i++)
		free(old[i].text);
	free(old);
	for (size_t j = 0; j < nv.n; j++)
		free(nw[j].text);
	lx_vec_free(&nv);
}

static void run_rounds(const char *const *paths, size_t n, int rounds,
                       tally *t)
{
	rng r = {20261121};
	char ***texts = calloc(n, sizeof(char **));
	size_t *counts = calloc(n, sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		lx_doc *d = test_parse(G, paths[i]);
		counts[i] = texts_of(d, &texts[i]);
		lx_doc_free(d);
	}
	for (size_t i = 0; i < n; i++) {
		size_t donor = (i + 1) % n;
		if (counts[i] < 3 || counts[donor] < 1)
			continue;
		for (int k = 0; k < rounds; k++)
			one_round(&r, texts[i], counts[i], texts[donor],
			          counts[donor], t);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < counts[i]; k++)
			free(texts[i][k]);
		free(texts[i]);
	}
	free(texts);
	free(counts);
}

/* ---- many articles alike (the shapes of bench_scaling) ---- */

/* A statute of n articles: the same text in each, or (`tagged`) the same
 * text and a tag of its own; `changed` rewords every `every`-th (every
 * one when 1). */
static lx_doc *alike(long n, bool tagged, long every, bool changed)
{
	static const char *const tag[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚",
	                                  "辛", "壬", "癸", "子", "丑", "寅", "卯",
	                                  "辰", "巳", "午", "未", "申", "酉"};
	lx_buf b = {0};
	lx_buf_adds(&b, "# 相似条文测试条例\n\n<!-- INFO END -->\n\n");
	for (long i = 1; i <= n; i++) {
		char num[64];
		assert_true(lx_cn_format(i, num, sizeof(num)));
		lx_buf_adds(&b, "第");
		lx_buf_adds(&b, num);
		lx_buf_adds(&b, "条 几乎相同的条文内容，有关部门应当");
		lx_buf_adds(&b, changed && i % every == 0 ? "另行" : "依法");
		lx_buf_adds(&b, "处理");
		for (long v = i; tagged && v; v /= 20)
			lx_buf_adds(&b, tag[v % 20]);
		lx_buf_adds(&b, "。\n\n");
	}
	assert_false(b.oom);
	lx_doc *d = parse_str("alike.md", b.s);
	lx_buf_free(&b);
	return d;
}

/* Each change pairs the article of the same number, and exactly those
 * reworded are modified. */
static void check_alike(long n, bool tagged, long every)
{
	pair p = {alike(n, tagged, every, false), alike(n, tagged, every, true), NULL};
	assert_int_equal(lx_diff_docs(&p.d, p.o, p.n), 0);
	assert_int_equal(lx_diff_change_count(p.d), n);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_MODIFIED), n / every);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_UNCHANGED), n - n / every);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_DELETED), 0);
	assert_int_equal(lx_diff_op_count(p.d, LX_OP_ADDED), 0);
	assert_int_equal(lx_diff_moved_count(p.d), 0);
	for (size_t i = 0; i < lx_diff_change_count(p.d); i++) {
		const lx_change *c = lx_diff_change(p.d, i);
		assert_int_equal(lx_change_old_count(c), 1);
		assert_int_equal(lx_change_new_count(c), 1);
		assert_string_equal(lx_node_get_eid(lx_change_old(c, 0)),
		                    lx_node_get_eid(lx_change_new(c, 0)));
		char want[32];
		snprintf(want, sizeof(want), "art_%zu", i + 1);
		assert_string_equal(lx_node_get_eid(lx_change_new(c, 0)), want);
		assert_int_equal(lx_change_get_op(c), (i + 1) % (size_t)every
		                                              ? LX_OP_UNCHANGED
		                                              : LX_OP_MODIFIED);
	}
	pair_free(&p);
}

/* 2,000 articles all alike, every tenth reworded: the equal texts pair by
 * place, the reworded ones with each other.  Then 2,000 articles with a
 * tag of their own, each reworded: too many alike for the exhaustive
 * search (diff.h), the bounded one still pairs each with its own. */
static void test_near_identical(void **state)
{
	(void)state;
	check_alike(2000, false, 10);
	check_alike(2000, true, 1);
}

static void test_generated_seeds(void **state)
{
	(void)state;
	const char *const paths[] = {SEED_BEIJING,   SEED_XICHENG, SEED_CHONGQING,
	                             SEED_SHENZHEN,  TWIN_BEIJING,
	                             "corpus/national-sme-promotion-law-2017.md"};
	tally t = {0};
	run_rounds(paths, sizeof(paths) / sizeof(paths[0]), 30, &t);
	printf("diff, generated revisions of corpus/: %zu rounds, %zu articles, "
	       "%zu paired right (%.2f%%)\n",
	       t.rounds, t.articles, t.right, 100.0 * (double)t.right / (double)t.articles);
	assert_true(t.rounds >= 100);
	assert_true((double)t.right >= 0.99 * (double)t.articles);
}

/* Every 40th statute of ../shared/corpus (sorted paths), 5 rounds each. */
static void collect_md(const char *dir, lx_vec *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = malloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(p, "%s/%s", dir, e->d_name);
		size_t l = strlen(p);
		if (l > 3 && !strcmp(p + l - 3, ".md") && strcmp(e->d_name, "README.md"))
			*(char **)lx_vec_push(out, sizeof(char *)) = p;
		else {
			collect_md(p, out);
			free(p);
		}
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_generated_corpus(void **state)
{
	(void)state;
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/corpus/lawrefbook", shared);
	lx_vec all = {0};
	collect_md(dir, &all);
	if (!all.n) {
		printf("diff, generated revisions of %s: skipped (not present)\n", dir);
		skip();
	}
	qsort(all.v, all.n, sizeof(char *), cmp_str);
	lx_vec pick = {0};
	for (size_t i = 0; i < all.n; i += 40)
		*(const char **)lx_vec_push(&pick, sizeof(char *)) =
			LX_VEC_AT(&all, char *, i);
	tally t = {0};
	run_rounds(pick.v, pick.n, 5, &t);
	printf("diff, generated revisions of %zu statutes of %s: %zu rounds, "
	       "%zu articles, %zu paired right (%.2f%%)\n",
	       pick.n, dir, t.rounds, t.articles, t.right,
	       100.0 * (double)t.right / (double)t.articles);
	assert_true(t.rounds >= 200);
	assert_true((double)t.right >= 0.99 * (double)t.articles);
	for (size_t i = 0; i < all.n; i++)
		free(LX_VEC_AT(&all, char *, i));
	lx_vec_free(&all);
	lx_vec_free(&pick);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_insert_renumbers),
		cmocka_unit_test(test_modified_inline),
		cmocka_unit_test(test_deleted_and_far_move),
		cmocka_unit_test(test_split_merge),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_near_identical),
		cmocka_unit_test(test_generated_seeds),
		cmocka_unit_test(test_generated_corpus),
	};
	return cmocka_run_group_tests(tests, setup_grammars, teardown_grammars);
}
