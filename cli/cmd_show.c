/*
 * cmd_show.c: `lexcn show`: a document or an article of an index, with
 * its citations linked (lx_index_show).
 */
#include <string.h>

#include <lexcn/index.h>
#include "cli.h"

int cmd_show(int argc, char **argv)
{
	const char *db_path = NULL, *doc = NULL, *eid = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_path = argv[++i];
		else if (!strcmp(argv[i], "--help")) {
			puts("usage: lexcn show --db DIR DOC [ARTICLE]\n\n"
			     "Prints a document (its id, as in search results) or one\n"
			     "article (an eid such as art_45) with its citations linked.");
			return LX_EXIT_OK;
		} else if (!doc)
			doc = argv[i];
		else if (!eid)
			eid = argv[i];
		else {
			fprintf(stderr, "lexcn show: too many arguments\n");
			return LX_EXIT_USAGE;
		}
	}
	if (!db_path || !doc) {
		fprintf(stderr, "lexcn show: give --db DIR and a document id\n");
		return LX_EXIT_USAGE;
	}
	lx_index *db;
	lx_error err;
	int rc = lx_cli_open_index("show", db_path, &db);
	if (rc)
		return rc;
	rc = lx_index_show(db, doc, eid, stdout, &err);
	lx_index_close(db);
	return lx_cli_index_read_status("show", rc, &err);
}
