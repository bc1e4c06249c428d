/*
 * bench_parse.c: parse throughput over a corpus, one document at a time
 * (read, parse, free), on one core.  Prints bytes, seconds, MB/s and the
 * peak RSS.  Usage: bench_parse DIR [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <lexcn/lexcn.h>
#include "../parser/files.h"
#include "tool.h"

int main(int argc, char **argv)
{
	lx_files files;
	int rounds = tool_corpus(argc, argv, "bench_parse", &files);
	lx_grammars *set = tool_grammars("bench_parse");
	lx_error err;
	double best = 1e9, best_nc = 1e9;
	size_t bytes = 0, articles = 0, cites = 0;
	for (int r = 0; r < rounds; r++) {
		bytes = articles = cites = 0;
		for (int pass = 0; pass < 2; pass++) {
			double t0 = tool_now();
			for (size_t i = 0; i < files.n; i++) {
				lx_doc *d;
				/* Reading the file is part of the measured
				 * work, as it is for wc -l. */
				if (lx_parse_file(&d, set, files.path[i], NULL,
				                  &err) ||
				    (!pass && lx_cite_find(d, set, &err))) {
					fprintf(stderr, "%s\n", err.msg);
					return 1;
				}
				if (!pass) {
					articles += lx_node_count(
						lx_doc_body(d), LX_NODE_ARTICLE);
					cites += lx_doc_cite_count(d);
				}
				lx_doc_free(d);
			}
			double t = tool_now() - t0;
			double *b = pass ? &best_nc : &best;
			if (t < *b)
				*b = t;
		}
		for (size_t i = 0; i < files.n; i++) {
			FILE *f = fopen(files.path[i], "rb");
			if (f) {
				fseek(f, 0, SEEK_END);
				bytes += (size_t)ftell(f);
				fclose(f);
			}
		}
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("lexcn parse: %zu files, %.1f MB, %zu articles: best of %d "
	       "rounds %.3f s = %.1f MB/s; peak RSS %.1f MB\n",
	       files.n, (double)bytes / 1e6, articles, rounds, best,
	       (double)bytes / 1e6 / best, (double)ru.ru_maxrss / 1024.0);
	/* Citations: extraction (parse with vs without it, document by
	 * document) and the resolution of the whole corpus as one set. */
	lx_set *all;
	if (lx_set_new(&all))
		return 1;
	for (size_t i = 0; i < files.n; i++) {
		lx_doc *d;
		if (lx_parse_file(&d, set, files.path[i], NULL, &err) ||
		    lx_cite_find(d, set, &err) || lx_set_add(all, d))
			return 1;
	}
	double t0 = tool_now();
	if (lx_set_resolve(all))
		return 1;
	double tres = tool_now() - t0;
	printf("citations: %zu found; extraction %.3f s (parse without it "
	       "%.3f s), resolution across the corpus %.3f s: %.1f%% of parse "
	       "time\n",
	       cites, best - best_nc, best_nc, tres,
	       100.0 * (best - best_nc + tres) / best);
	lx_set_free(all);
	lx_grammars_free(set);
	lx_files_free(&files);
	return 0;
}
