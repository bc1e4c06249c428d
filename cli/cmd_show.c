/*
 * cmd_show.c: `lexcn show`: a document or an article of an index, with
 * its citations linked (lx_index_show); a work (a title) and an article
 * label (第十六条) name the article of the version in force on a date
 * (--as-of), and --follow says where that provision is in the current
 * version, from the renumbering maps the index holds.
 */
#include <stdlib.h>
#include <string.h>

#include <lexcn/index.h>
#include <lexcn/versions.h>
#include "cli.h"

static void help(void)
{
	puts("usage: lexcn show --db DIR [--as-of YYYY-MM-DD] [--follow]\n"
	     "                  DOC|WORK [ARTICLE]\n\n"
	     "Prints a document (its id, as in search results) or one article (an\n"
	     "eid such as art_45, or its label: 第四十五条) with its citations\n"
	     "linked.  A work (a title, with or without 中华人民共和国) names its\n"
	     "current version, or with --as-of the version in force on that date\n"
	     "(effective date, else version date, <= DATE < the next version's).\n"
	     "--follow: where the article is in the current version (now 第十五条 of\n"
	     "work@date), or in which version it was deleted, from the renumbering\n"
	     "maps lexcn index stores.");
}

/* The id of the version of `work` (a title) in force on as_of (NULL: the
 * current one), malloc'd; NULL when there is none. */
static char *version_of(lx_index *ix, const char *work, const char *as_of)
{
	lx_tokenizer *tk;
	lx_error err = {0};
	if (lx_tokenizer_new(&tk, true, &err))
		return NULL;
	char *q = malloc(strlen(work) + 8);
	if (!q) {
		lx_tokenizer_free(tk);
		return NULL;
	}
	sprintf(q, "work:%s", work);
	lx_search_opts so = {.limit = 1, .as_of = as_of};
	lx_results *r = NULL;
	char *id = NULL;
	if (!lx_search(ix, tk, q, &so, &r, &err) && lx_results_len(r))
		id = strdup(lx_hit_doc(r, 0));
	lx_results_free(r);
	lx_tokenizer_free(tk);
	free(q);
	return id;
}

/* The eid of the unit of doc whose eid or label is `art`, malloc'd; NULL
 * when none. */
static char *unit_eid(lx_index *ix, const char *doc, const char *art)
{
	lx_results *r = NULL;
	lx_error err = {0};
	char *eid = NULL;
	if (lx_index_units(ix, doc, &r, &err))
		return NULL;
	for (size_t i = 0; i < lx_results_len(r) && !eid; i++)
		if (!strcmp(lx_hit_eid(r, i), art) ||
		    (lx_hit_label(r, i) && !strcmp(lx_hit_label(r, i), art)))
			eid = strdup(lx_hit_eid(r, i));
	lx_results_free(r);
	return eid;
}

/* Follows eid of version id through the maps to the latest version. */
static int follow(lx_index *ix, const char *id, const char *eid,
                  const char *asked)
{
	char *cur = strdup(id), *ce = strdup(eid);
	const char *op = NULL;
	char *label = strdup(asked);
	int rc = LX_EXIT_OK, hops = 0;
	/* A chain is at most as long as the versions; 1000 stops a loop a
	 * damaged index could hold. */
	while (cur && ce && hops++ < 1000) {
		char *text = NULL;
		lx_error err = {0};
		if (lx_index_get_map(ix, cur, &text, &err)) {
			fprintf(stderr, "lexcn show: %s\n", err.msg);
			rc = LX_EXIT_INDEX;
			break;
		}
		if (!text)
			break; /* the latest version */
		lx_vmap *m = NULL;
		if (lx_vmap_parse(&m, text)) {
			free(text);
			fprintf(stderr, "lexcn show: a damaged map for %s\n", cur);
			rc = LX_EXIT_INDEX;
			break;
		}
		free(text);
		const lx_map_row *row = lx_vmap_find(m, ce);
		char *next = strdup(lx_vmap_new_id(m));
		free(cur);
		cur = next;
		if (!row || !row->new_eid) {
			printf("--follow: %s (%s) of %s was deleted in %s\n",
			       label ? label : ce, ce, id, cur ? cur : "?");
			lx_vmap_free(m);
			free(cur);
			free(ce);
			free(label);
			return rc;
		}
		free(ce);
		ce = strdup(row->new_eid);
		free(label);
		label = row->new_label ? strdup(row->new_label) : NULL;
		op = row->op;
		lx_vmap_free(m);
	}
	if (!rc && cur && ce) {
		if (!strcmp(cur, id))
			printf("--follow: %s is the current version\n", id);
		else
			printf("--follow: now %s (%s) of %s (%s)\n",
			       label ? label : ce, ce, cur, op ? op : "");
	}
	free(cur);
	free(ce);
	free(label);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	const char *db_path = NULL, *doc = NULL, *eid = NULL, *as_of = NULL;
	bool do_follow = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_path = argv[++i];
		else if (!strcmp(argv[i], "--as-of") && i + 1 < argc)
			as_of = argv[++i];
		else if (!strcmp(argv[i], "--follow"))
			do_follow = true;
		else if (!strcmp(argv[i], "--help")) {
			help();
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
	if (lx_cli_check_as_of("show", as_of))
		return LX_EXIT_USAGE;
	if (do_follow && !eid) {
		fprintf(stderr, "lexcn show: --follow needs an article\n");
		return LX_EXIT_USAGE;
	}
	lx_index *db;
	lx_error err;
	int rc = lx_cli_open_index("show", db_path, &db);
	if (rc)
		return rc;
	/* An id of the index as it is; else a work: its version. */
	char *id = NULL;
	lx_results *r = NULL;
	if (!as_of && !lx_index_units(db, doc, &r, &err))
		id = strdup(doc);
	lx_results_free(r);
	if (!id)
		id = version_of(db, doc, as_of);
	if (!id) {
		if (as_of && version_of(db, doc, NULL))
			fprintf(stderr, "lexcn show: no version of %s indexed is in "
			                "force on %s: the versions indexed take effect "
			                "later (尚未生效 then)\n",
			        doc, as_of);
		else
			fprintf(stderr, "lexcn show: %s: not in the index\n", doc);
		lx_index_close(db);
		return LX_EXIT_INPUT;
	}
	char *e = eid ? unit_eid(db, id, eid) : NULL;
	if (eid && !e) {
		fprintf(stderr, "lexcn show: %s has no article %s\n", id, eid);
		free(id);
		lx_index_close(db);
		return LX_EXIT_INPUT;
	}
	if (as_of)
		printf("in force on %s: %s\n", as_of, id);
	rc = lx_index_show(db, id, e, stdout, &err);
	rc = lx_cli_index_read_status("show", rc, &err);
	if (!rc && do_follow)
		rc = follow(db, id, e, eid);
	free(e);
	free(id);
	lx_index_close(db);
	return rc;
}
