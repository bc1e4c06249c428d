/*
 * corpus_report.c: parses every statute under a directory one at a time and
 * reports: files parsed, failures, text-conservation check, document types,
 * and diagnostics counted by kind (with the first examples of each).
 * Exit status 1 when any file fails to parse or loses text.
 * Usage: corpus_report DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/lexcn.h"
#include "corpus_walk.h"

typedef struct tally {
	const char *key;
	size_t count, files;
	char example[3][300];
	size_t n_examples;
} tally;

#define MAXT 128

static tally *find(tally *t, size_t *n, const char *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(t[i].key, key))
			return &t[i];
	if (*n == MAXT)
		return NULL;
	t[*n].key = key;
	return &t[(*n)++];
}

static int by_count(const void *a, const void *b)
{
	const tally *x = a, *y = b;
	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: corpus_report DIR\n");
		return 2;
	}
	lx_files files;
	if (lx_files_collect(&files, argv[1]) || !files.n) {
		printf("corpus-report: SKIPPED: no corpus at %s\n", argv[1]);
		return 0;
	}
	lx_grammars *set;
	lx_error err;
	if (lx_grammars_builtin(&set, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	tally diags[MAXT], types[MAXT];
	size_t nd = 0, nt = 0, failed = 0, lost = 0, articles = 0,
	       no_articles = 0, with_numbering = 0;
	memset(diags, 0, sizeof(diags));
	memset(types, 0, sizeof(types));
	/* Codes are string literals of the library: stable pointers. */
	for (size_t i = 0; i < files.n; i++) {
		size_t len;
		char *src = lx_read_all(files.path[i], &len);
		lx_doc *d = NULL;
		if (!src || lx_parse_buffer(&d, set, files.path[i], src, len,
		                            NULL, &err)) {
			printf("FAIL %s: %s\n", files.path[i],
			       src ? err.msg : "cannot read");
			failed++;
			free(src);
			continue;
		}
		char msg[512];
		if (lx_doc_check_text(d, src, len, msg, sizeof(msg))) {
			printf("LOST %s: %s\n", files.path[i], msg);
			lost++;
		}
		size_t na = lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE);
		articles += na;
		no_articles += na == 0;
		const char *ty = lx_doc_type(d) ? lx_doc_type(d) : "(unknown)";
		tally *tt = find(types, &nt, ty);
		/* Type strings live in the grammar set: stable. */
		if (tt) {
			tt->count++;
			if (tt->n_examples < 1 && !lx_doc_type(d)) {
				snprintf(tt->example[0], 300, "%s",
				         files.path[i]);
				tt->n_examples = 1;
			}
		}
		const lx_diag *g;
		size_t n = lx_doc_diags(d, &g);
		bool numbering = false;
		const char *seen[MAXT];
		size_t nseen = 0;
		for (size_t k = 0; k < n; k++) {
			tally *t = find(diags, &nd, g[k].code);
			if (!t)
				continue;
			t->count++;
			bool first = true;
			for (size_t q = 0; q < nseen; q++)
				first &= seen[q] != g[k].code;
			if (first && nseen < MAXT) {
				seen[nseen++] = g[k].code;
				t->files++;
			}
			if (!strncmp(g[k].code, "numbering-", 10))
				numbering = true;
			if (t->n_examples < 3 && first) {
				const char *p = files.path[i];
				const char *cut = strstr(p, "lawrefbook/");
				snprintf(t->example[t->n_examples++], 300,
				         "%s:%d: %s", cut ? cut + 11 : p,
				         g[k].line, g[k].message);
			}
		}
		with_numbering += numbering;
		lx_doc_free(d);
		free(src);
	}
	printf("corpus-report: %zu files under %s\n", files.n, argv[1]);
	printf("  parsed: %zu, failed: %zu, text lost: %zu\n",
	       files.n - failed, failed, lost);
	printf("  articles: %zu; files without articles: %zu; files with "
	       "article/heading numbering diagnostics: %zu\n",
	       articles, no_articles, with_numbering);
	qsort(types, nt, sizeof(tally), by_count);
	printf("\ndocument types:\n");
	for (size_t i = 0; i < nt; i++)
		printf("  %-14s %6zu%s%s\n", types[i].key, types[i].count,
		       types[i].n_examples ? "  e.g. " : "",
		       types[i].n_examples ? types[i].example[0] : "");
	qsort(diags, nd, sizeof(tally), by_count);
	printf("\ndiagnostics by kind (count, files):\n");
	for (size_t i = 0; i < nd; i++) {
		printf("  %-24s %7zu %6zu\n", diags[i].key, diags[i].count,
		       diags[i].files);
		for (size_t k = 0; k < diags[i].n_examples; k++)
			printf("      %s\n", diags[i].example[k]);
	}
	lx_grammars_free(set);
	lx_files_free(&files);
	return failed || lost ? 1 : 0;
}
