/*
 * cmd_diff.c: `lexcn diff`: what changed between two versions of a
 * statute, article by article.  Exit statuses as diff(1): 0 same, 1
 * different, 2 trouble.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lexcn/diff.h>
#include "cli.h"

enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2 };

static void help(FILE *out)
{
	fputs("usage: lexcn diff [--format text|json|html] [--unified] [--all]\n"
	      "                  [--width N] [--color auto|always|never]\n"
	      "                  [--db DIR] OLD NEW\n\n"
	      "Compares two versions of a statute article by article: articles are\n"
	      "paired by their text, not their numbers, and reported unchanged,\n"
	      "renumbered, modified (with the changed characters), moved, split,\n"
	      "merged, added or deleted; chapter headings and metadata too.\n\n"
	      "OLD and NEW are files, or with --db the ids of documents in an index\n"
	      "(as lexcn search prints them; the indexed files are read again).\n\n"
	      "  --format text  side by side (default), colour on a terminal,\n"
	      "                 [-deleted-] {+inserted+} when piped\n"
	      "  --unified      text: one column of - and + lines\n"
	      "  --format json  {old, new, summary, metadata, headings, changes}\n"
	      "  --format html  a printable 修改前后对照表 page\n"
	      "  --all          show unchanged articles too (text, html)\n"
	      "  --width N      columns of the text output (default: terminal, or 120)\n\n"
	      "exit status: 0 the versions are the same, 1 they differ, 2 an error\n"
	      "(a file missing or unreadable, a bad option, an id not in --db).\n",
	      out);
}

static lx_doc *load(const lx_grammars *g, const char *path)
{
	lx_doc *d = NULL;
	lx_error err = {0};
	if (lx_parse_file(&d, g, path, NULL, &err)) {
		fprintf(stderr, "lexcn diff: %s\n", err.msg);
		return NULL;
	}
	return d;
}

int cmd_diff(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", "html", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"unified", no_argument, NULL, 'u'},
		{"all", no_argument, NULL, 'a'},
		{"width", required_argument, NULL, 'w'},
		{"color", required_argument, NULL, 'c'},
		LX_CLI_OPT_DB,
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	const char *format = "text", *color = "auto", *db = NULL;
	lx_diff_view view = {.width = 0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:uaw:c:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'u': view.unified = true; break;
		case 'a': view.all = true; break;
		case 'w': view.width = atoi(optarg); break;
		case 'c': color = optarg; break;
		case 'd': db = optarg; break;
		case 'h': help(stdout); return DIFF_SAME;
		default: help(stderr); return DIFF_TROUBLE;
		}
	}
	if (lx_cli_format("diff", format, formats) < 0)
		return DIFF_TROUBLE;
	if (strcmp(color, "auto") && strcmp(color, "always") &&
	    strcmp(color, "never")) {
		fprintf(stderr, "lexcn diff: --color is auto, always or never\n");
		return DIFF_TROUBLE;
	}
	if (optind != argc - 2) {
		fprintf(stderr, "lexcn diff: give two versions, OLD and NEW\n");
		return DIFF_TROUBLE;
	}
	if (view.width <= 0 && view.width != 0) {
		fprintf(stderr, "lexcn diff: --width must be positive\n");
		return DIFF_TROUBLE;
	}
	bool tty = isatty(STDOUT_FILENO);
	view.color = !strcmp(color, "always") || (!strcmp(color, "auto") && tty &&
	                                         !getenv("NO_COLOR"));
	if (!view.width) {
		const char *cols = getenv("COLUMNS");
		view.width = cols && atoi(cols) > 40 ? atoi(cols) : 120;
	}

	int rc = DIFF_TROUBLE;
	char *paths[2] = {NULL, NULL};
	lx_doc *docs[2] = {NULL, NULL};
	lx_grammars *g = NULL;
	for (int i = 0; i < 2; i++) {
		paths[i] = db ? lx_cli_db_file("diff", db, argv[optind + i])
		              : strdup(argv[optind + i]);
		if (!paths[i])
			goto out;
	}
	if (lx_cli_builtin("diff", &g))
		goto out;
	for (int i = 0; i < 2; i++)
		if (!(docs[i] = load(g, paths[i])))
			goto out;
	lx_diff *d;
	if (lx_diff_docs(&d, docs[0], docs[1])) {
		fprintf(stderr, "lexcn diff: out of memory\n");
		goto out;
	}
	int r = !strcmp(format, "json")   ? lx_diff_json(stdout, d)
	        : !strcmp(format, "html") ? lx_diff_html(stdout, d, &view)
	                                  : lx_diff_text(stdout, d, &view);
	if (r == LX_ERR_NOMEM)
		fprintf(stderr, "lexcn diff: out of memory\n");
	else if (r)
		lx_cli_write_failed("diff");
	if (lx_cli_flush("diff", r ? LX_EXIT_INTERNAL : LX_EXIT_OK))
		r = r ? r : LX_ERR_IO;
	else
		rc = lx_diff_same(d) ? DIFF_SAME : DIFF_DIFFERENT;
	lx_diff_free(d);
out:
	for (int i = 0; i < 2; i++) {
		lx_doc_free(docs[i]);
		free(paths[i]);
	}
	lx_grammars_free(g);
	return rc;
}
