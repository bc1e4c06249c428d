/*
 * parse_outline.c: a program of a legal-data team, built from outside the
 * tree against an installed liblexcn (pkg-config lexcn): parses a file,
 * finds its citations, prints the library version, the title, counts and
 * the text outline.  It uses no Xapian symbol (tests/install_test.sh
 * checks that it links without liblexcn-index, Xapian or libstdc++).
 */
#include <lexcn/lexcn.h>
#include <stdio.h>

#if !LX_VERSION_CHECK(0, 2, 0)
#error "needs the lexcn 0.2.0 headers or later"
#endif

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: parse_outline FILE\n");
		return 2;
	}
	if (lx_version() != LX_VERSION) {
		fprintf(stderr, "headers %s, library %s\n", LX_VERSION_STRING,
		        lx_version_string());
		return 1;
	}
	lx_error err = {0};
	lx_grammars *g = NULL;
	lx_doc *d = NULL;
	int rc = lx_grammars_builtin(&g, &err);
	if (rc == LX_OK)
		rc = lx_parse_file(&d, g, argv[1], NULL, &err);
	if (rc == LX_OK)
		rc = lx_cite_find(d, g, &err);
	if (rc != LX_OK) {
		fprintf(stderr, "parse_outline: %s (%s)\n", err.msg,
		        lx_code_name(rc));
		lx_doc_free(d);
		lx_grammars_free(g);
		return 1;
	}
	size_t n_cites = lx_doc_cite_count(d);
	printf("lexcn %s\ntitle: %s\narticles: %zu\ncitations: %zu\n",
	       lx_version_string(), lx_doc_title(d),
	       lx_node_count(lx_doc_body(d), LX_NODE_ARTICLE), n_cites);
	rc = lx_render(stdout, &d, 1, LX_FMT_TEXT, &err);
	lx_doc_free(d);
	lx_grammars_free(g);
	return rc == LX_OK ? 0 : 1;
}
