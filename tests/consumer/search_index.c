/*
 * search_index.c: a program built from outside the tree against an
 * installed liblexcn-index (pkg-config lexcn-index): indexes the files
 * given into DB, then searches it and prints the exact count and the
 * first hits with their snippets.
 * Usage: search_index DB FILE...
 */
#include <lexcn/lexcn.h>
#include <lexcn/index.h>
#include <stdio.h>

static int fail(const char *what, const lx_error *err)
{
	fprintf(stderr, "search_index: %s: %s (%s)\n", what, err->msg,
	        lx_code_name(err->code));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: search_index DB FILE...\n");
		return 2;
	}
	lx_error err = {0};
	lx_build_stats st;
	lx_build_opts bo = {0};
	if (lx_index_build(argv[1], argv + 2, (size_t)argc - 2, &bo, &st,
	                   &err) != LX_OK)
		return fail("build", &err);
	printf("indexed: %zu files, %ld units\n", st.added, st.articles);
	lx_index *ix = NULL;
	lx_tokenizer *tk = NULL;
	lx_results *r = NULL;
	int rc = lx_index_open(&ix, argv[1], false, &err);
	if (rc == LX_OK)
		rc = lx_tokenizer_new(&tk, true, &err);
	lx_search_opts so = {.limit = 3, .exact_count = true};
	if (rc == LX_OK)
		rc = lx_search(ix, tk, "融资担保", &so, &r, &err);
	if (rc != LX_OK) {
		fail("search", &err);
		lx_index_close(ix);
		lx_tokenizer_free(tk);
		return 1;
	}
	printf("count: %ld\n", lx_results_count(r));
	for (size_t i = 0; i < lx_results_len(r); i++) {
		size_t nr = 0;
		const char *snip = lx_hit_snippet(r, i, NULL, &nr);
		printf("%s %s: %s\n", lx_hit_title(r, i),
		       lx_hit_label(r, i) ? lx_hit_label(r, i) : "",
		       snip ? snip : "(no memory)");
	}
	lx_results_free(r);
	lx_tokenizer_free(tk);
	lx_index_close(ix);
	return 0;
}
