/*
 * cmd_graph.c: `lexcn graph`: the citation graph of the documents given
 * together, between documents or (--articles) between articles, as
 * Graphviz DOT or JSON.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn graph [--format dot|json] [--articles] FILE|DIR...\n\n"
	      "The citation graph: a node per document (per article with\n"
	      "--articles), an edge per cited pair with the number of citations\n"
	      "and their relations (cites, basis, repeal, issues).  Only links to\n"
	      "documents in the set are drawn; `lexcn cite --unresolved` lists\n"
	      "the rest.  Render DOT with: dot -Tsvg graph.dot > graph.svg\n",
	      out);
}

int cmd_graph(int argc, char **argv)
{
	static const char *const formats[] = {"dot", "json", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"articles", no_argument, NULL, 'a'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	bool json = false, articles = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (lx_cli_format("graph", optarg, formats) < 0)
				return LX_EXIT_USAGE;
			json = !strcmp(optarg, "json");
			break;
		case 'a': articles = true; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "lexcn graph: no input (give files or "
		                "directories)\n");
		return LX_EXIT_USAGE;
	}
	lx_grammars *g;
	int rc = lx_cli_builtin("graph", &g);
	if (rc)
		return rc;
	lx_parse_opts po = {0};
	lx_set *set;
	int status = lx_cli_load("graph", g, argv + optind, argc - optind, &po,
	                         false, &set);
	lx_graph *gr = NULL;
	lx_error err = {0};
	rc = lx_graph_new(&gr, set, articles, &err);
	if (rc == LX_OK)
		rc = lx_graph_render(stdout, gr, json ? LX_GRAPH_JSON : LX_GRAPH_DOT,
		                     &err);
	if (rc != LX_OK) {
		fprintf(stderr, "lexcn graph: %s\n", err.msg);
		status = LX_EXIT_INTERNAL;
	}
	lx_graph_free(gr);
	lx_set_free(set);
	lx_grammars_free(g);
	return status;
}
