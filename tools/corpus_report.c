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

#include <lexcn/lexcn.h>
#include "../parser/files.h"
#include "tool.h"

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
	if (lx_files_collect(&files, argv[1], NULL) || !files.n) {
		printf("corpus-report: SKIPPED: no corpus at %s\n", argv[1]);
		return 0;
	}
	lx_grammars *set = tool_grammars("corpus_report");
	lx_error err;
	tally diags[MAXT], types[MAXT], reasons[MAXT];
	size_t nr = 0;
	memset(reasons, 0, sizeof(reasons));
	lx_set *docs;
	if (lx_set_new(&docs))
		return 1;
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
		                            NULL, &err) ||
		    lx_cite_find(d, set, &err)) {
			printf("FAIL %s: %s\n", files.path[i],
			       src ? err.msg : "cannot read");
			failed++;
			free(src);
			continue;
		}
		if (lx_doc_check_text(d, src, len, &err)) {
			printf("LOST %s: %s\n", files.path[i], err.msg);
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
		if (lx_set_add(docs, d))
			return 1;
		free(src);
	}
	/* Citations across the whole corpus. */
	if (lx_set_resolve(docs))
		return 1;
	lx_doc *const *dv;
	size_t ndocs = lx_set_docs(docs, &dv), found = 0, resolved = 0,
	       internal = 0, internal_ok = 0, internal_missing = 0,
	       external = 0, external_ok = 0, targets = 0, dangling = 0,
	       ndefs = 0, self_repeals = 0, repeals = 0, repeals_linked = 0;
	for (size_t i = 0; i < ndocs; i++) {
		size_t n = lx_doc_cite_count(dv[i]);
		const lx_definition *df;
		ndefs += lx_doc_definitions(dv[i], &df);
		for (size_t k = 0; k < n; k++) {
			const lx_cite *c = lx_doc_cite(dv[i], k);
			found++;
			resolved += lx_cite_get_resolved(c);
			bool inside = lx_cite_get_kind(c) == LX_CITE_ABSOLUTE ||
			              lx_cite_get_kind(c) == LX_CITE_RELATIVE;
			if (inside) {
				internal++;
				internal_ok += lx_cite_get_resolved(c);
				/* A target that does not exist: no such
				 * article/paragraph/item/subitem. */
				internal_missing +=
					!lx_cite_get_resolved(c) && lx_cite_get_reason(c) &&
					!strncmp(lx_cite_get_reason(c), "no such", 7);
			} else {
				external++;
				external_ok += lx_cite_get_resolved(c);
			}
			if (!lx_cite_get_resolved(c)) {
				/* Reasons without their variable part. */
				char key[64];
				snprintf(key, sizeof(key), "%s", lx_cite_get_reason(c));
				char *cut = strpbrk(key, ":(");
				if (cut)
					*cut = '\0';
				tally *t = NULL;
				for (size_t q = 0; q < nr && !t; q++)
					if (!strcmp(reasons[q].example[2], key))
						t = &reasons[q];
				if (!t && nr < MAXT) {
					t = &reasons[nr++];
					snprintf(t->example[2], 300, "%s", key);
					t->key = t->example[2];
				}
				if (t) {
					t->count++;
					if (t->n_examples < 2) {
						const char *p = lx_doc_path(dv[i]);
						const char *cut2 =
							strstr(p, "lawrefbook/");
						snprintf(t->example[t->n_examples++],
						         300, "%s#%s \"%s\": %s",
						         cut2 ? cut2 + 11 : p, lx_cite_get_from(c),
						         lx_cite_get_text(c), lx_cite_get_reason(c));
					}
				}
			}
			/* A repeal never links to the repealing document. */
			if (lx_cite_get_relation(c) == LX_CITE_REPEAL) {
				repeals++;
				repeals_linked += lx_cite_target_count(c) > 0;
				for (size_t q = 0; q < lx_cite_target_count(c); q++)
					self_repeals += !strcmp(
						lx_cite_target(c, q)->doc,
						lx_doc_id(dv[i]));
			}
			/* Every link must name a node that exists. */
			for (size_t q = 0; q < lx_cite_target_count(c); q++) {
				targets++;
				/* Several files may share an id (民法典 is
				 * split by 编): links inside a document are
				 * checked in that document. */
				const lx_target *tg = lx_cite_target(c, q);
				lx_doc *t = !strcmp(tg->doc, lx_doc_id(dv[i]))
				                    ? dv[i]
				                    : lx_set_find(docs, tg->doc);
				if (!t || (tg->eid && !lx_doc_find(t, tg->eid))) {
					dangling++;
					printf("DANGLING %s#%s -> %s#%s\n",
					       lx_doc_id(dv[i]), lx_cite_get_from(c),
					       tg->doc, tg->eid ? tg->eid : "");
				}
			}
		}
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
	printf("\ncitations: %zu found, %zu resolved (%.1f%%), %zu links, %zu "
	       "links to nodes that do not exist\n",
	       found, resolved, found ? 100.0 * (double)resolved / (double)found : 0,
	       targets, dangling);
	printf("  repeals (…同时废止): %zu, %zu linked to a document of the "
	       "set, %zu to the repealing document itself\n",
	       repeals, repeals_linked, self_repeals);
	printf("  inside documents: %zu, resolved %zu; of those whose target "
	       "exists (all but 'no such …'): %.2f%%\n",
	       internal, internal_ok,
	       internal > internal_missing
	               ? 100.0 * (double)internal_ok /
	                         (double)(internal - internal_missing)
	               : 100.0);
	printf("  to other documents: %zu, resolved %zu\n", external,
	       external_ok);
	printf("  defined terms: %zu\n", ndefs);
	printf("\nunresolved citations by reason (count):\n");
	qsort(reasons, nr, sizeof(tally), by_count);
	for (size_t i = 0; i < nr; i++) {
		printf("  %-52s %7zu\n", reasons[i].example[2], reasons[i].count);
		for (size_t k = 0; k < reasons[i].n_examples; k++)
			printf("      %s\n", reasons[i].example[k]);
	}
	lx_set_free(docs);
	lx_grammars_free(set);
	lx_files_free(&files);
	return failed || lost || dangling ? 1 : 0;
}
