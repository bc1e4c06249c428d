/*
 * bench_compare.c: time to compare documents (issue 7: the five samples'
 * statutes with the national SME law and Shanghai's), parsing included and
 * not; the combined method next to the earlier bigram Dice
 * (LEXCN_COMPARE_METHOD=bigram, lexcn/compare.h) in the same run.
 * Usage: bench_compare ROUNDS FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <lexcn/compare.h>
#include "tool.h"

static int run(int rounds, int n, char **files, lx_grammars *g,
               const char *method);

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_compare ROUNDS FILE FILE...\n");
		return 2;
	}
	int rounds = atoi(argv[1]), n = argc - 2;
	lx_grammars *g = tool_grammars("bench_compare");
	int rc = run(rounds, n, argv + 2, g, "combined");
	if (!rc)
		rc = run(rounds, n, argv + 2, g, "bigram");
	lx_grammars_free(g);
	return rc;
}

/* Best of `rounds` of lx_compare_docs by `method`, printed. */
static int run(int rounds, int n, char **files, lx_grammars *g,
               const char *method)
{
	if (setenv("LEXCN_COMPARE_METHOD", method, 1)) {
		fprintf(stderr, "bench_compare: setenv failed\n");
		return 1;
	}
	lx_error err;
	double best = 1e9, best_all = 1e9;
	size_t rows = 0, multi = 0;
	lx_doc **docs = calloc((size_t)n, sizeof(lx_doc *));
	for (int r = 0; r < rounds; r++) {
		double t0 = tool_now();
		for (int i = 0; i < n; i++)
			if (lx_parse_file(&docs[i], g, files[i], NULL, &err)) {
				fprintf(stderr, "bench_compare: %s\n", err.msg);
				return 1;
			}
		double t1 = tool_now();
		lx_compare *c;
		if (lx_compare_docs(&c, g, docs, (size_t)n)) {
			fprintf(stderr, "bench_compare: compare failed\n");
			return 1;
		}
		double t2 = tool_now();
		if (t2 - t1 < best)
			best = t2 - t1;
		if (t2 - t0 < best_all)
			best_all = t2 - t0;
		rows = lx_compare_row_count(c);
		multi = 0;
		for (size_t k = 0; k < rows; k++)
			multi += lx_compare_row_filled(c, k) > 1;
		lx_compare_free(c);
		for (int i = 0; i < n; i++)
			lx_doc_free(docs[i]);
	}
	printf("compare (%s): %d documents, %zu rows (%zu with two or more); "
	       "lx_compare_docs best of %d rounds %.1f ms, with parsing %.1f ms\n",
	       method, n, rows, multi, rounds, best * 1e3, best_all * 1e3);
	free(docs);
	return 0;
}
