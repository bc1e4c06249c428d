/*
 * bench_tokenize.c: tokenizer throughput over a corpus on one core: the
 * text of every file cut into tokens at once (as `lexcn tokenize` does),
 * best of N rounds.  Usage: bench_tokenize DIR [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../parser/files.h"
#include <lexcn/lexcn.h>
#include "tool.h"

int main(int argc, char **argv)
{
	lx_files files;
	int rounds = tool_corpus(argc, argv, "bench_tokenize", &files);
	char **text = calloc(files.n, sizeof(char *));
	size_t *len = calloc(files.n, sizeof(size_t)), bytes = 0;
	for (size_t i = 0; i < files.n; i++) {
		text[i] = lx_read_all(files.path[i], &len[i]);
		if (!text[i])
			return 1;
		bytes += len[i];
	}
	lx_tokenizer *t;
	lx_error err;
	double t0 = tool_now();
	if (lx_tokenizer_new(&t, true, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	double init = tool_now() - t0, best = 1e9;
	size_t tokens = 0;
	for (int r = 0; r < rounds; r++) {
		tokens = 0;
		t0 = tool_now();
		for (size_t i = 0; i < files.n; i++) {
			const lx_token *tk;
			size_t n;
			if (lx_tokenize(t, text[i], len[i], &tk, &n, &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			tokens += n;
		}
		double el = tool_now() - t0;
		if (el < best)
			best = el;
	}
	printf("lexcn tokenize: %zu files, %.1f MB, %zu tokens: best of %d "
	       "rounds %.3f s = %.1f MB/s (start-up %.3f s)\n",
	       files.n, (double)bytes / 1e6, tokens, rounds, best,
	       (double)bytes / 1e6 / best, init);
	lx_tokenizer_free(t);
	for (size_t i = 0; i < files.n; i++)
		free(text[i]);
	free(text);
	free(len);
	lx_files_free(&files);
	return 0;
}
