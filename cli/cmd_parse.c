/*
 * cmd_parse.c: `lexcn parse`: files (or standard input) to an article tree.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn parse [--format json|jsonl|text] [--grammar NAME|FILE]\n"
	      "                   [--quiet] [--as-of YYYY-MM-DD] FILE|DIR...|-\n\n"
	      "Parses statutes and policy documents (PDF-extracted text, "
	      "Markdown, plain\ntext; UTF-8, UTF-16 with BOM or GB18030) into "
	      "an article tree of\n编/分编/章/节/条/款/项/目 with metadata.\n\n"
	      "  --format json   one document object, or an array for several "
	      "inputs (default)\n"
	      "  --format jsonl  one line per article: doc, title, jurisdiction, "
	      "eid, label,\n"
	      "                  heading path and the full article text\n"
	      "  --format text   an indented outline; diagnostics go to stderr\n"
	      "  --grammar NAME  use a built-in grammar (statute, policy) "
	      "instead of choosing\n"
	      "                  automatically; FILE loads a grammar file "
	      "(see grammar/README.md)\n"
	      "  --quiet         text format: no diagnostics on stderr\n"
	      "  --as-of DATE    statuses as of DATE (YYYY-MM-DD; default today): 有效,\n"
	      "                  已被修改 (a later version given too), 失效 (expired, or\n"
	      "                  repealed by a document given), 尚未生效 (in force later)\n"
	      "  DIR             every .md .txt .docx .pdf .ofd .html below it\n"
	      "  -               read standard input\n\n"
	      "References between the documents given together are linked "
	      "(citations).\n"
	      "The JSON is described by schema/document.schema.json.  Exit "
	      "statuses: lexcn --help.\n",
	      out);
}

int cmd_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		LX_CLI_OPT_GRAMMAR,
		{"quiet", no_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	lx_format fmt = LX_FMT_JSON;
	const char *grammar = NULL, *as_of = NULL;
	bool quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:g:qa:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': {
			static const char *const names[] = {"json", "jsonl",
			                                    "text", NULL};
			static const lx_format fmts[] = {
				LX_FMT_JSON, LX_FMT_JSONL, LX_FMT_TEXT};
			int k = lx_cli_format("parse", optarg, names);
			if (k < 0)
				return LX_EXIT_USAGE;
			fmt = fmts[k];
			break;
		}
		case 'g':
			grammar = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'a':
			as_of = optarg;
			break;
		case 'h':
			help(stdout);
			return LX_EXIT_OK;
		default:
			help(stderr);
			return LX_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "lexcn parse: no input (give files, or - for "
		                "standard input)\n");
		return LX_EXIT_USAGE;
	}
	/* A bad date is a usage error, before any input is read. */
	if (lx_cli_check_as_of("parse", as_of))
		return LX_EXIT_USAGE;
	lx_error err = {0};
	lx_grammars *set = NULL;
	int rc = lx_cli_builtin("parse", &set);
	if (rc)
		return rc;
	lx_parse_opts po = {0};
	if (grammar && (rc = lx_cli_grammar("parse", set, grammar, &po))) {
		lx_grammars_free(set);
		return rc;
	}
	lx_set *docs;
	int status = lx_cli_load("parse", set, argv + optind, argc - optind,
	                         &po, fmt == LX_FMT_TEXT && !quiet, &docs);
	/* The statuses as of that date (lx_set_resolve gave today's). */
	if (as_of && lx_set_as_of(docs, as_of) && status == LX_EXIT_OK) {
		fprintf(stderr, "lexcn parse: out of memory\n");
		status = LX_EXIT_INTERNAL;
	}
	lx_doc *const *dv;
	size_t nd = lx_set_docs(docs, &dv);
	if (nd && lx_render(stdout, dv, nd, fmt, &err)) {
		fprintf(stderr, "lexcn parse: %s\n", err.msg);
		status = LX_EXIT_INTERNAL;
	}
	if (fflush(stdout) && status == LX_EXIT_OK) {
		fprintf(stderr, "lexcn parse: cannot write the output\n");
		status = LX_EXIT_INTERNAL;
	}
	lx_set_free(docs);
	lx_grammars_free(set);
	return status;
}
