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
	     "                  ID|TITLE [第N条|EID]\n\n"
	     "Prints a document (its id, as in search results) or one article (an\n"
	     "eid such as art_45, or its label in either numerals: 第四十五条 or\n"
	     "第45条) with its citations linked.  A title (with or without\n"
	     "中华人民共和国), or a part of one when no title is that, names the\n"
	     "current version of its work, or with --as-of the version in force\n"
	     "on that date (effective date, else version date, <= DATE < the next\n"
	     "version's).  A title that names several documents is refused with\n"
	     "the candidates listed (exit status 8); one not in the index, or an\n"
	     "article the document lacks, exits 1.\n"
	     "--follow: where the article is in the current version (now 第十五条 of\n"
	     "work@date), or in which version it was deleted, from the renumbering\n"
	     "maps lexcn index stores.");
}

/* The documents named by a title: the version of each work whose title
 * is `title` (field "work", exact) or contains it (field "title") in
 * force on as_of (NULL: the current one).  Up to max distinct ids into
 * ids (malloc'd); returns how many, *more when there are more.  Hits
 * come by article number, so that the first articles of many documents
 * come first. */
static size_t versions_of(lx_index *ix, lx_tokenizer *tk, const char *fieldn,
                          const char *title, const char *as_of, char **ids,
                          size_t max, bool *more)
{
	lx_error err = {0};
	size_t n = 0;
	*more = false;
	char *q = malloc(strlen(title) + 16);
	if (!q)
		return 0;
	/* quoted, for a title with spaces or parentheses */
	sprintf(q, strchr(title, '"') ? "%s:%s" : "%s:\"%s\"", fieldn, title);
	lx_search_opts so = {.limit = 2000, .as_of = as_of,
	                     .sort = LX_SORT_ARTICLE};
	lx_results *r = NULL;
	if (!lx_search(ix, tk, q, &so, &r, &err))
		for (size_t i = 0; i < lx_results_len(r); i++) {
			const char *d = lx_hit_doc(r, i);
			bool seen = false;
			for (size_t k = 0; k < n && !seen; k++)
				seen = !strcmp(ids[k], d);
			if (seen)
				continue;
			if (n == max) {
				*more = true;
				break;
			}
			if (!(ids[n] = strdup(d)))
				break;
			n++;
		}
	lx_results_free(r);
	free(q);
	return n;
}

/* The label form of s (第63条 for 第六十三条 and 第63条) when s is one
 * article label, malloc'd; else NULL. */
static char *label_form(lx_tokenizer *tk, const char *s)
{
	const lx_token *t;
	size_t n;
	lx_error err;
	if (!tk || lx_tokenize(tk, s, strlen(s), &t, &n, &err) || n != 1 ||
	    t[0].kind != LX_TOK_LABEL)
		return NULL;
	return strndup(t[0].norm, t[0].norm_len);
}

/* The eid of the unit of doc whose eid or label is `art` (a label in any
 * numerals: 第六十三条, 第63条), malloc'd; NULL when none. */
static char *unit_eid(lx_index *ix, lx_tokenizer *tk, const char *doc,
                      const char *art)
{
	lx_results *r = NULL;
	lx_error err = {0};
	char *eid = NULL;
	if (lx_index_units(ix, doc, &r, &err))
		return NULL;
	char *want = label_form(tk, art);
	for (size_t i = 0; i < lx_results_len(r) && !eid; i++) {
		const char *l = lx_hit_label(r, i);
		bool same = !strcmp(lx_hit_eid(r, i), art) ||
		            (l && !strcmp(l, art));
		if (!same && want && l) {
			char *f = label_form(tk, l);
			same = f && !strcmp(f, want);
			free(f);
		}
		if (same)
			eid = strdup(lx_hit_eid(r, i));
	}
	free(want);
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
	lx_tokenizer *tk = NULL;
	if (lx_tokenizer_new(&tk, true, &err)) {
		fprintf(stderr, "lexcn show: %s\n", err.msg);
		lx_index_close(db);
		return LX_EXIT_INTERNAL;
	}
	/* An id of the index as it is; else a title: the version of the work
	 * of that title, else of the work whose title contains it. */
	char *id = NULL;
	lx_results *r = NULL;
	if (!as_of && !lx_index_units(db, doc, &r, &err))
		id = strdup(doc);
	lx_results_free(r);
	enum { MAX_SHOWN = 20 };
	char *ids[MAX_SHOWN];
	size_t n = 0;
	bool more = false;
	if (!id) {
		n = versions_of(db, tk, "work", doc, as_of, ids, MAX_SHOWN, &more);
		if (!n)
			n = versions_of(db, tk, "title", doc, as_of, ids, MAX_SHOWN,
			                &more);
		if (n == 1 && !more)
			id = ids[0];
		else if (n) {
			fprintf(stderr, "lexcn show: %s names %s%zu documents: give "
			                "one id, or the whole title\n",
			        doc, more ? "more than " : "", n);
			for (size_t k = 0; k < n; k++) {
				fprintf(stderr, "  %s\n", ids[k]);
				free(ids[k]);
			}
			lx_tokenizer_free(tk);
			lx_index_close(db);
			return LX_EXIT_AMBIGUOUS;
		}
	}
	if (!id) {
		if (as_of && versions_of(db, tk, "work", doc, NULL, ids, 1, &more)) {
			free(ids[0]);
			fprintf(stderr, "lexcn show: no version of %s indexed is in "
			                "force on %s: the versions indexed take effect "
			                "later (尚未生效 then)\n",
			        doc, as_of);
		} else
			fprintf(stderr, "lexcn show: %s: not in the index (neither "
			                "an id nor a part of a title)\n",
			        doc);
		lx_tokenizer_free(tk);
		lx_index_close(db);
		return LX_EXIT_INPUT;
	}
	char *e = eid ? unit_eid(db, tk, id, eid) : NULL;
	lx_tokenizer_free(tk);
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
