/*
 * main.c: the lexcn command line: a table of commands, global --help and
 * --version.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include <lexcn/index.h>

int cmd_amend(int argc, char **argv); /* cmd_amend.c */

typedef struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *description;
} command;

static const command commands[] = {
	{"parse", cmd_parse,
	 "parse statutes into an article tree (JSON, JSONL or an outline)"},
	{"cite", cmd_cite,
	 "list references and where they point; --to for who cites a node"},
	{"graph", cmd_graph, "the citation graph as Graphviz DOT or JSON"},
	{"tokenize", cmd_tokenize,
	 "cut text into tokens (ICU words, legal lexicon, labels, numbers)"},
	{"index", cmd_index, "index the articles of files and directories"},
	{"search", cmd_search, "search the articles of an index"},
	{"show", cmd_show, "print a document or an article from an index"},
	{"export", cmd_export, "every article of an index as JSON lines"},
	{"diff", cmd_diff,
	 "what changed between two versions, article by article"},
	{"compare", cmd_compare,
	 "the same provision side by side across documents, with its figures"},
	{"amend", cmd_amend,
	 "apply 修正案 and 修改决定 to a law: the next version, with 编注"},
	{"history", cmd_history,
	 "the versions of each work in date order, with what changed"},
	{"serve", cmd_serve,
	 "a local web application and JSON API over an index"},
};

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: lexcn <command> [options] [args]\n"
	        "       lexcn --help | --version\n\n"
	        "A toolkit for Chinese legal text.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
		        commands[i].description);
	fprintf(out,
	        "\n`lexcn <command> --help` describes a command.\n\n"
	        "exit status:\n"
	        "  0  success\n"
	        "  1  an input is missing, unreadable or a directory\n"
	        "  2  usage error\n"
	        "  3  an input is not a document lexcn reads (text in UTF-8, "
	        "UTF-16 or GB18030/GBK; DOCX, PDF with text, OFD, HTML)\n"
	        "  4  an input is beyond a limit\n"
	        "  5  a grammar file does not load\n"
	        "  6  out of memory, or the output cannot be written\n"
	        "  7  the index is missing, damaged or locked by another writer\n"
	        "  8  a name names several documents (show TITLE): the candidates are listed\n"
	        "lexcn diff exits as diff(1) does: 0 same, 1 different, 2 "
	        "trouble.  6 also when the disk is full.  lexcn index stopped by\n"
	        "SIGINT or SIGTERM (at a batch boundary) exits 130 or 143.\n"
	        "With several inputs, the others are still processed and "
	        "the status is that of the first failure.\n\n"
	        "limits (man lexcn):\n"
	        "  input file  %zu MB (%zu bytes): exit 4\n"
	        "  nesting     book-title marks nested at most %d deep in a "
	        "paragraph;"
	        "\n              deeper: a nesting-limit warning, no document"
	        "\n              references taken from that paragraph\n"
	        "  query       %d bytes: exit 2\n"
	        "  nodes       %d in a document: exit 4\n"
	        "  references  %d from one paragraph; more: a citation-limit"
	        "\n              warning, the text kept\n"
	        "  query parts %d terms, phrases, filters and OR: exit 2\n"
	        "  page        search --limit %d, --offset %d: exit 2\n",
	        LX_MAX_INPUT_BYTES / (1024 * 1024), LX_MAX_INPUT_BYTES,
	        LX_MAX_NESTING, LX_MAX_QUERY_BYTES, LX_MAX_NODES,
	        LX_MAX_CITES_PER_TEXT, LX_MAX_QUERY_PARTS, LX_MAX_SEARCH_LIMIT,
	        LX_MAX_SEARCH_OFFSET);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return LX_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return LX_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lexcn %s\n", lx_version_string());
		return LX_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name)) /* --help too */
			return lx_cli_flush(commands[i].name,
			                    commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "lexcn: unknown command '%s' (see lexcn --help)\n",
	        argv[1]);
	return LX_EXIT_USAGE;
}
