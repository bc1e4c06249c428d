/*
 * cmd_export.c: `lexcn export`: every unit of an index as JSON lines
 * (lx_index_export).
 */
#include <string.h>

#include <lexcn/index.h>
#include "cli.h"

int cmd_export(int argc, char **argv)
{
	const char *db_path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_path = argv[++i];
		else if (!strcmp(argv[i], "--format") && i + 1 < argc &&
		         !strcmp(argv[i + 1], "jsonl"))
			i++;
		else if (!strcmp(argv[i], "--help")) {
			puts("usage: lexcn export --db DIR [--format jsonl]\n\n"
			     "Every article of the index as one JSON line: doc, title,\n"
			     "jurisdiction, type, status, effective, version, eid,\n"
			     "label, heading, path, text, file, lines, citations.  Text\n"
			     "outside articles (a preamble, closing words, a paragraph\n"
			     "between chapters) is a line too, with its eid (preamble,\n"
			     "closing, ...) and a null label.");
			return LX_EXIT_OK;
		} else {
			fprintf(stderr, "lexcn export: unknown argument '%s'\n",
			        argv[i]);
			return LX_EXIT_USAGE;
		}
	}
	if (!db_path) {
		fprintf(stderr, "lexcn export: give --db DIR\n");
		return LX_EXIT_USAGE;
	}
	lx_index *db;
	lx_error err;
	int rc = lx_cli_open_index("export", db_path, &db);
	if (rc)
		return rc;
	rc = lx_index_export(db, stdout, &err);
	lx_index_close(db);
	return lx_cli_index_read_status("export", rc, &err);
}
