/*
 * bench_scaling.c: the cost of parse (with citations), tokenize, diff and
 * compare on input shapes built to find super-linear paths, each at 1x,
 * 10x and 100x its unit size.  Prints the time per MB of each run and the
 * ratio of the 100x run to the 10x run (linear: 10; the goal: at most 15).
 * Usage: bench_scaling [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lexcn/compare.h>
#include <lexcn/diff.h>
#include <lexcn/tokenizer.h>
#include "../base/util.h"
#include "tool.h"

#define HEAD "# 规模测试条例\n\n2020年1月1日 某市人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n"

/* Chinese numerals for article numbers (第N条), up to 99,999. */
static void cn_num(lx_buf *b, long n)
{
	static const char *const dig[] = {"零", "一", "二", "三", "四",
	                                  "五", "六", "七", "八", "九"};
	static const char *const unit[] = {"", "十", "百", "千", "万"};
	char d[8];
	int k = 0;
	for (long v = n; v && k < 5; v /= 10)
		d[k++] = (char)(v % 10);
	bool zero = false;
	for (int i = k - 1; i >= 0; i--) {
		if (!d[i]) {
			zero = true;
			continue;
		}
		if (zero)
			lx_buf_adds(b, dig[0]);
		zero = false;
		if (!(i == 1 && d[i] == 1 && k == 2))
			lx_buf_adds(b, dig[(int)d[i]]);
		lx_buf_adds(b, unit[i]);
	}
}

static void article(lx_buf *b, long n, const char *text)
{
	lx_buf_adds(b, "第");
	cn_num(b, n);
	lx_buf_adds(b, "条 ");
	lx_buf_adds(b, text);
	lx_buf_adds(b, "\n\n");
}

typedef void (*shape_fn)(lx_buf *b, long n);

static void dup_items(lx_buf *b, long n)
{
	article(b, 1, "有下列情形之一的，依照本条处理：");
	for (long i = 0; i < n * 1000; i++)
		lx_buf_adds(b, "（一）同一编号的项；\n\n");
}

static void reversed(lx_buf *b, long n)
{
	for (long i = n * 900; i > 0; i--)
		article(b, i, "倒序编号的条文。");
}

static void duplicate_articles(lx_buf *b, long n)
{
	for (long i = 0; i < n * 1000; i++)
		article(b, 3, "重复编号的条文。");
}

static void headings(lx_buf *b, long n)
{
	for (long i = 1; i <= n * 900; i++) {
		lx_buf_adds(b, "第");
		cn_num(b, i);
		lx_buf_adds(b, "章 标题\n\n");
	}
}

static void triggers(lx_buf *b, long n)
{
	lx_buf_adds(b, "第一条 ");
	for (long i = 0; i < n * 3000; i++)
		lx_buf_adds(b, "第本前《上该");
	lx_buf_adds(b, "\n\n");
}

static void refs(lx_buf *b, long n)
{
	article(b, 1, "总则。");
	lx_buf_adds(b, "第二条 ");
	for (long i = 0; i < n * 1000; i++)
		lx_buf_adds(b, "依照本条例第一条、前款第一项和《某法》第三条，");
	lx_buf_adds(b, "处理。\n\n");
}

static void identical(lx_buf *b, long n)
{
	for (long i = 1; i <= n * 1000; i++)
		article(b, i, "相同的条文内容，依照本条例第一条规定处理。");
}

static void long_line(lx_buf *b, long n)
{
	lx_buf_adds(b, "第一条 ");
	for (long i = 0; i < n * 2000; i++)
		lx_buf_adds(b, "没有标点的长句");
	lx_buf_adds(b, "\n\n");
}

static void nesting(lx_buf *b, long n)
{
	lx_buf_adds(b, "第一条 ");
	for (long i = 0; i < n * 5000; i++)
		lx_buf_adds(b, "《〈");
	for (long i = 0; i < n * 5000; i++)
		lx_buf_adds(b, "〉》");
	lx_buf_adds(b, "\n\n");
}

static const struct {
	const char *name;
	shape_fn fn;
} shapes[] = {
	{"items all numbered (1), 1,000/unit", dup_items},
	{"articles numbered backwards, 900/unit", reversed},
	{"articles all numbered 3, 1,000/unit", duplicate_articles},
	{"every line a chapter heading, 900/unit", headings},
	{"every character a citation trigger", triggers},
	{"references in one paragraph", refs},
	{"identical articles (1,000/unit)", identical},
	{"a line without punctuation", long_line},
	{"book-title marks nested 5,000 deep/unit", nesting},
};

static double best_of(int rounds, double (*run)(void *), void *arg)
{
	double best = 1e9;
	for (int r = 0; r < rounds; r++) {
		double t = run(arg);
		if (t < best)
			best = t;
	}
	return best;
}

typedef struct job {
	const lx_grammars *g;
	lx_tokenizer *tk;
	const char *s;
	size_t len;
	lx_doc **docs;
	size_t n;
	bool tokenize;
} job;

static double run_parse(void *arg)
{
	job *j = arg;
	lx_error err;
	lx_doc *d;
	double t0 = tool_now();
	if (lx_parse_buffer(&d, j->g, "<scaling>", j->s, j->len, NULL, &err) ||
	    lx_cite_find(d, j->g, &err)) {
		fprintf(stderr, "bench_scaling: %s\n", err.msg);
		exit(1);
	}
	double t = tool_now() - t0;
	lx_doc_free(d);
	if (j->tokenize) {
		const lx_token *tok;
		size_t nt;
		t0 = tool_now();
		if (lx_tokenize(j->tk, j->s, j->len, &tok, &nt, &err)) {
			fprintf(stderr, "bench_scaling: %s\n", err.msg);
			exit(1);
		}
		t += tool_now() - t0;
	}
	return t;
}

static double run_diff(void *arg)
{
	job *j = arg;
	lx_diff *df;
	double t0 = tool_now();
	if (lx_diff_docs(&df, j->docs[0], j->docs[1])) {
		fprintf(stderr, "bench_scaling: diff out of memory\n");
		exit(1);
	}
	double t = tool_now() - t0;
	lx_diff_free(df);
	return t;
}

static double run_compare(void *arg)
{
	job *j = arg;
	lx_compare *c;
	double t0 = tool_now();
	int rc = lx_compare_docs(&c, j->g, j->docs, j->n);
	if (rc) {
		fprintf(stderr, "bench_scaling: compare failed: %s\n",
		        lx_code_name(rc));
		exit(1);
	}
	double t = tool_now() - t0;
	lx_compare_free(c);
	return t;
}

static lx_doc *parse(const lx_grammars *g, const lx_buf *b)
{
	lx_doc *d;
	lx_error err;
	if (lx_parse_buffer(&d, g, "<scaling>", b->s, b->len, NULL, &err)) {
		fprintf(stderr, "bench_scaling: %s\n", err.msg);
		exit(1);
	}
	return d;
}

static void report(const char *name, const double *t, const double *mb)
{
	printf("  %-38s", name);
	for (int k = 0; k < 3; k++)
		printf(" | %6.2f MB %8.1f ms %7.1f ms/MB", mb[k], t[k] * 1e3,
		       t[k] * 1e3 / mb[k]);
	double ratio = t[1] > 0 ? t[2] / t[1] : 0;
	printf(" | 100x/10x %.1f%s\n", ratio, ratio > 15 ? " OVER 15" : "");
}

/* Near-identical statutes: n articles, every tenth changed in the second. */
static void near_identical(lx_buf *b, long n, bool changed)
{
	lx_buf_adds(b, HEAD);
	for (long i = 1; i <= n; i++)
		article(b, i, changed && i % 10 == 0
		                      ? "几乎相同的条文内容，有关部门应当另行处理。"
		                      : "几乎相同的条文内容，有关部门应当依法处理。");
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;
	if (rounds < 1)
		rounds = 1;
	lx_grammars *g = tool_grammars("bench_scaling");
	lx_tokenizer *tk;
	lx_error err;
	if (lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "bench_scaling: %s\n", err.msg);
		return 1;
	}
	static const long scale[3] = {1, 10, 100};
	printf("bench-scaling: each shape at 1x, 10x, 100x; best of %d; "
	       "goal 100x/10x <= 15 (linear 10)\n",
	       rounds);
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		double t[3], mb[3];
		for (int k = 0; k < 3; k++) {
			lx_buf b = {0};
			lx_buf_adds(&b, HEAD);
			shapes[s].fn(&b, scale[k]);
			if (b.oom) {
				fprintf(stderr, "bench_scaling: out of memory\n");
				return 1;
			}
			job j = {.g = g, .tk = tk, .s = b.s, .len = b.len,
			         .tokenize = shapes[s].fn == long_line};
			t[k] = best_of(rounds, run_parse, &j);
			mb[k] = (double)b.len / 1e6;
			lx_buf_free(&b);
		}
		report(shapes[s].name, t, mb);
	}
	/* diff: two statutes of 100, 1,000, 10,000 near-identical articles. */
	{
		double t[3], mb[3];
		for (int k = 0; k < 3; k++) {
			lx_buf a = {0}, c = {0};
			near_identical(&a, 100 * scale[k], false);
			near_identical(&c, 100 * scale[k], true);
			lx_doc *docs[2] = {parse(g, &a), parse(g, &c)};
			job j = {.docs = docs};
			t[k] = best_of(rounds, run_diff, &j);
			mb[k] = (double)(a.len + c.len) / 1e6;
			lx_doc_free(docs[0]);
			lx_doc_free(docs[1]);
			lx_buf_free(&a);
			lx_buf_free(&c);
		}
		report("diff of near-identical statutes", t, mb);
	}
	/* compare: the most documents allowed (64, lexcn/compare.h), of 4,
	 * 40, 400 near-identical articles. */
	{
		double t[3], mb[3];
		for (int k = 0; k < 3; k++) {
			size_t n = 64;
			lx_doc **docs = calloc(n, sizeof(*docs));
			double bytes = 0;
			for (size_t i = 0; docs && i < n; i++) {
				lx_buf b = {0};
				near_identical(&b, 4 * scale[k], i % 2);
				docs[i] = parse(g, &b);
				bytes += (double)b.len;
				lx_buf_free(&b);
			}
			if (!docs)
				return 1;
			job j = {.g = g, .docs = docs, .n = n};
			t[k] = best_of(rounds, run_compare, &j);
			mb[k] = bytes / 1e6;
			for (size_t i = 0; i < n; i++)
				lx_doc_free(docs[i]);
			free(docs);
		}
		report("compare of 64 statutes, 4/unit articles", t, mb);
	}
	lx_tokenizer_free(tk);
	lx_grammars_free(g);
	return 0;
}
