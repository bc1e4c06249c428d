/*
 * bench_diff.c: time to diff the largest statute of a corpus against a
 * revised copy of itself (a tenth of its articles deleted, reworded or
 * joined by a new one after them; everything renumbered).
 * Usage: bench_diff CORPUS_DIR ROUNDS REVISED_OUT
 * REVISED_OUT receives the revised copy (for diff(1) next to it).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../parser/files.h"
#include "../parser/lx_int.h"
#include "tool.h"

/* The length of 第…条 at the start of a line followed by a space, or 0. */
static size_t article_label(const char *s, size_t len)
{
	if (len < 9 || strncmp(s, "第", 3))
		return 0;
	for (size_t i = 3; i < len && i < 40; i += 3) {
		if (!strncmp(s + i, "条", 3)) {
			if (lx_cn_number(s + 3, i - 3) < 1)
				return 0;
			size_t e = i + 3;
			return e < len && (s[e] == ' ' || !strncmp(s + e, "　", 3)) ? e : 0;
		}
		if ((unsigned char)s[i] < 0x80)
			return 0;
	}
	return 0;
}

static void label(lx_buf *b, long n)
{
	char t[64];
	if (!lx_cn_format(n, t, sizeof(t)))
		snprintf(t, sizeof(t), "%ld", n);
	lx_buf_adds(b, "第");
	lx_buf_adds(b, t);
	lx_buf_adds(b, "条");
}

/* The revised copy; *changed counts the articles touched. */
static char *revise(const char *src, size_t len, size_t *changed)
{
	lx_buf b = {0};
	long art = 0, out = 0;
	bool skip = false, insert = false;
	*changed = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(src + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - src) : len;
		const char *line = src + i;
		size_t ll = e - i, lab = article_label(line, ll);
		i = nl ? e + 1 : len;
		/* a new article after the one that ends here */
		if (insert && (lab || (ll && line[0] == '#'))) {
			label(&b, ++out);
			lx_buf_adds(&b, " 本条所称有关部门，是指县级以上人民政府确定的负责"
			                "相关监督管理工作的部门，具体办法由国务院另行规定。"
			                "本条规定的事项自");
			char t[64];
			lx_cn_format(out, t, sizeof(t));
			lx_buf_adds(&b, t);
			lx_buf_adds(&b, "日内办理。\n\n");
			insert = false;
		}
		if (lab) {
			art++;
			int kind = art % 10 == 3 ? (int)(art / 10 % 3) : -1;
			skip = kind == 0; /* deleted: the whole article */
			if (skip) {
				++*changed;
				continue;
			}
			label(&b, ++out);
			const char *body = line + lab;
			size_t bl = ll - lab;
			if (kind == 1 && bl > 30) { /* reworded in the middle */
				size_t mid = bl / 2;
				size_t st = lx_u8_start(body, mid);
				if (st != mid) /* the next character's start */
					mid = lx_u8_fwd(body, st, bl);
				lx_buf_add(&b, body, mid);
				lx_buf_adds(&b, "依照国务院有关规定");
				lx_buf_add(&b, body + mid, bl - mid);
				++*changed;
			} else
				lx_buf_add(&b, body, bl);
			lx_buf_adds(&b, "\n");
			if (kind == 2) { /* a new article after it */
				insert = true;
				++*changed;
			}
			continue;
		}
		/* a heading ends a deleted article; its other lines go with it */
		if (skip && !(ll && line[0] == '#'))
			continue;
		skip = false;
		lx_buf_add(&b, line, ll);
		lx_buf_adds(&b, "\n");
	}
	return b.s;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_diff CORPUS_DIR ROUNDS REVISED_OUT\n");
		return 2;
	}
	int rounds = atoi(argv[2]);
	lx_files f;
	if (lx_files_collect(&f, argv[1], NULL)) {
		fprintf(stderr, "bench_diff: cannot walk %s\n", argv[1]);
		return 1;
	}
	const char *big = NULL;
	off_t most = -1;
	for (size_t i = 0; i < f.n; i++) {
		struct stat st;
		if (!stat(f.path[i], &st) && st.st_size > most) {
			most = st.st_size;
			big = f.path[i];
		}
	}
	if (!big) {
		fprintf(stderr, "bench_diff: no statute in %s\n", argv[1]);
		lx_files_free(&f);
		return 1;
	}
	size_t len, changed;
	char *src = lx_read_all(big, &len);
	char *rev = src ? revise(src, len, &changed) : NULL;
	FILE *o = rev ? fopen(argv[3], "w") : NULL;
	if (!o || fputs(rev, o) == EOF || fclose(o)) {
		fprintf(stderr, "bench_diff: cannot read %s or write %s\n", big, argv[3]);
		return 1;
	}
	lx_grammars *g = tool_grammars("bench_diff");
	lx_error err;
	double best_diff = 1e9, best_all = 1e9;
	lx_diff *d = NULL;
	size_t arts = 0;
	for (int r = 0; r < rounds; r++) {
		lx_doc *a, *b;
		double t0 = tool_now();
		if (lx_parse_buffer(&a, g, big, src, len, NULL, &err) ||
		    lx_parse_buffer(&b, g, argv[3], rev, strlen(rev), NULL, &err)) {
			fprintf(stderr, "bench_diff: %s\n", err.msg);
			return 1;
		}
		double t1 = tool_now();
		lx_diff_free(d);
		if (lx_diff_docs(&d, a, b)) {
			fprintf(stderr, "bench_diff: out of memory\n");
			return 1;
		}
		double t2 = tool_now();
		if (t2 - t1 < best_diff)
			best_diff = t2 - t1;
		if (t2 - t0 < best_all)
			best_all = t2 - t0;
		arts = lx_node_count(lx_doc_body(a), LX_NODE_ARTICLE);
		lx_diff_free(d);
		d = NULL;
		if (r + 1 == rounds && lx_diff_docs(&d, a, b))
			return 1;
		if (r + 1 == rounds)
			printf("diff: %s: %zu articles, %.1f MB; revised copy: %zu "
			       "articles deleted, reworded or added, all renumbered\n",
			       lx_doc_title(a), arts, (double)len / 1e6, changed);
		if (r + 1 == rounds)
			printf("diff: found %zu unchanged, %zu renumbered, %zu modified, "
			       "%zu moved, %zu split, %zu merged, %zu added, %zu deleted\n",
			       lx_diff_op_count(d, LX_OP_UNCHANGED),
			       lx_diff_op_count(d, LX_OP_RENUMBERED),
			       lx_diff_op_count(d, LX_OP_MODIFIED), lx_diff_moved_count(d),
			       lx_diff_op_count(d, LX_OP_SPLIT),
			       lx_diff_op_count(d, LX_OP_MERGED),
			       lx_diff_op_count(d, LX_OP_ADDED),
			       lx_diff_op_count(d, LX_OP_DELETED));
		lx_diff_free(d);
		d = NULL;
		lx_doc_free(a);
		lx_doc_free(b);
	}
	printf("diff: lx_diff_docs best of %d rounds %.1f ms (goal < 100 ms); "
	       "with parsing both versions %.1f ms\n",
	       rounds, best_diff * 1e3, best_all * 1e3);
	lx_grammars_free(g);
	free(src);
	free(rev);
	lx_files_free(&f);
	return 0;
}
