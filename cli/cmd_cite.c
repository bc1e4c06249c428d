/*
 * cmd_cite.c: `lexcn cite`: every reference with where it stands and where
 * it points; --to for the reverse (who cites this document or article).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lexcn/versions.h>
#include "cli.h"

static void help(FILE *out)
{
	fputs("usage: lexcn cite [--format text|json] [--to DOC[#EID] [--self]] [--unresolved]\n"
	      "                  [--grammar NAME|FILE] [--as-of YYYY-MM-DD] FILE|DIR...\n\n"
	      "Lists the references in the documents (本条例第四十五条第三项, 前款第一至\n"
	      "第四项, 《中华人民共和国中小企业促进法》第十条, 西发改文〔2023〕71号 ...),\n"
	      "each linked to the node it names in the documents given together.\n\n"
	      "  --format text   one line each: doc#from \"text\" kind/relation -> targets\n"
	      "  --format json   an array of citation objects (schema/document.schema.json)\n"
	      "  --to DOC[#EID]  only the citations that point at DOC (an id or a title)\n"
	      "                  or at EID in it (art_45 also matches art_45__para_1...);\n"
	      "                  --to DOC lists the citations from other documents\n"
	      "                  (another work, for a title); a DOC or EID that is\n"
	      "                  not among the inputs is an error (exit status 1)\n"
	      "  --self          with --to DOC: also the citations of DOC itself\n"
	      "  --unresolved    only the citations that could not be linked, with why\n"
	      "  --as-of DATE    document statuses as of DATE (YYYY-MM-DD; default today)\n",
	      out);
}

/* True when target t is DOC[#EID] (an id, or a title of any version). */
static bool points_at(const lx_target *t, const char *doc, const char *eid)
{
	size_t dl = strlen(doc);
	bool doc_ok = !strcmp(t->doc, doc) ||
	              (!strncmp(t->doc, doc, dl) && t->doc[dl] == '@');
	return doc_ok && lx_target_within(t, eid);
}

/* Where a target in an older version is in the latest version of its work
 * in the set: the renumbering maps between consecutive versions
 * (lx_vmap_from_docs), computed when first needed. */
typedef struct idpos {
	const char *id;
	size_t pos; /* in order[] */
} idpos;

typedef struct later {
	lx_doc *const *docs;
	size_t n, *order, *work;
	idpos *ids;    /* sorted by id */
	lx_vmap **map; /* map[k]: order[k] -> order[k + 1], or NULL */
	bool oom;
} later;

static int cmp_idpos(const void *a, const void *b)
{
	return strcmp(((const idpos *)a)->id, ((const idpos *)b)->id);
}

static int later_init(later *l, lx_set *set)
{
	memset(l, 0, sizeof(*l));
	l->n = lx_set_docs(set, &l->docs);
	if (lx_cli_works(set, &l->order, &l->work))
		return LX_ERR_NOMEM;
	l->ids = malloc((l->n ? l->n : 1) * sizeof(*l->ids));
	l->map = calloc(l->n ? l->n : 1, sizeof(*l->map));
	if (!l->ids || !l->map)
		return LX_ERR_NOMEM;
	for (size_t k = 0; k < l->n; k++)
		l->ids[k] = (idpos){lx_doc_id(l->docs[l->order[k]]), k};
	qsort(l->ids, l->n, sizeof(*l->ids), cmp_idpos);
	return LX_OK;
}

static void later_free(later *l)
{
	for (size_t k = 0; l->map && k < l->n; k++)
		lx_vmap_free(l->map[k]);
	free(l->map);
	free(l->ids);
	free(l->order);
	free(l->work);
}

/* Follows target t to the latest version of its work: false when t is in
 * the latest already (or not a document of the set); else *id and *eid
 * (NULL when deleted, *id then the version that deleted it). */
static bool follow_target(later *l, const lx_target *t, const char **id,
                          const char **eid)
{
	if (!t->doc || !t->eid)
		return false;
	idpos key = {t->doc, 0};
	const idpos *hit = bsearch(&key, l->ids, l->n, sizeof(*l->ids),
	                           cmp_idpos);
	if (!hit)
		return false;
	size_t k = hit->pos;
	/* The next file of the work is the next version, unless it is of
	 * the same version (a law in several files: stop there). */
#define NEXT_VERSION(k)                                                     \
	((k) + 1 < l->n && l->work[(k) + 1] == l->work[k] &&                \
	 !lx_version_same(l->docs[l->order[k]], l->docs[l->order[(k) + 1]]))
	if (!NEXT_VERSION(k))
		return false;
	const char *e = t->eid;
	while (NEXT_VERSION(k)) {
		if (!l->map[k] &&
		    lx_vmap_from_docs(&l->map[k], l->docs[l->order[k]],
		                      l->docs[l->order[k + 1]])) {
			l->oom = true;
			return false;
		}
		/* A paragraph or item: its article's row when it has none. */
		const lx_map_row *r = lx_vmap_find(l->map[k], e);
		char art[256];
		if (!r) {
			const char *cut = strstr(e, "__");
			snprintf(art, sizeof(art), "%.*s",
			         (int)(cut ? (size_t)(cut - e) : strlen(e)), e);
			r = lx_vmap_find(l->map[k], art);
		}
		k++;
		if (!r || !r->new_eid) {
			*id = lx_doc_id(l->docs[l->order[k]]);
			*eid = NULL;
			return true;
		}
		e = r->new_eid;
	}
	*id = lx_doc_id(l->docs[l->order[k]]);
	*eid = e;
	return true;
#undef NEXT_VERSION
}

/* The JSON of the citations, each target in an older version given
 * "current": {"id", "eid"} or "deleted_in": id. */
static int cites_json(later *l, const lx_cite **list, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	lx_error err;
	if (!mem)
		return LX_ERR_NOMEM;
	int rc = lx_render_cites(mem, list, n, &err);
	fclose(mem);
	json_t *a = rc ? NULL : json_loadb(buf, len, 0, NULL);
	free(buf);
	if (rc || !json_is_array(a)) {
		json_decref(a);
		return rc ? rc : LX_ERR_NOMEM;
	}
	for (size_t i = 0; i < n && i < json_array_size(a); i++) {
		json_t *targets = json_object_get(json_array_get(a, i), "targets");
		for (size_t q = 0; q < lx_cite_target_count(list[i]); q++) {
			const char *id, *eid;
			json_t *tj = json_array_get(targets, q);
			if (!json_is_object(tj) ||
			    !follow_target(l, lx_cite_target(list[i], q), &id, &eid))
				continue;
			if (eid)
				json_object_set_new(tj, "current",
				                    json_pack("{s:s,s:s}", "id", id,
				                              "eid", eid));
			else
				json_object_set_new(tj, "deleted_in", json_string(id));
		}
	}
	rc = json_dumpf(a, stdout, JSON_INDENT(2)) ? LX_ERR_IO : LX_OK;
	if (!rc)
		putchar('\n');
	json_decref(a);
	return l->oom ? LX_ERR_NOMEM : rc;
}

int cmd_cite(int argc, char **argv)
{
	static const char *const formats[] = {"text", "json", NULL};
	static const struct option opts[] = {
		LX_CLI_OPT_FORMAT,
		{"to", required_argument, NULL, 't'},
		{"self", no_argument, NULL, 'S'},
		{"unresolved", no_argument, NULL, 'u'},
		{"as-of", required_argument, NULL, 'a'},
		LX_CLI_OPT_GRAMMAR,
		LX_CLI_OPT_HELP,
		{NULL, 0, NULL, 0}};
	bool json = false, unresolved = false, self = false;
	char *to = NULL;
	const char *grammar = NULL, *as_of = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:ug:a:hS", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (lx_cli_format("cite", optarg, formats) < 0)
				return LX_EXIT_USAGE;
			json = !strcmp(optarg, "json");
			break;
		case 't': to = optarg; break;
		case 'S': self = true; break;
		case 'u': unresolved = true; break;
		case 'g': grammar = optarg; break;
		case 'a': as_of = optarg; break;
		case 'h': help(stdout); return LX_EXIT_OK;
		default: help(stderr); return LX_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "lexcn cite: no input (give files or "
		                "directories)\n");
		return LX_EXIT_USAGE;
	}
	/* A bad date is a usage error, before any input is read. */
	if (lx_cli_check_as_of("cite", as_of))
		return LX_EXIT_USAGE;
	lx_grammars *g;
	int rc = lx_cli_builtin("cite", &g);
	if (rc)
		return rc;
	lx_parse_opts po = {0};
	if (grammar && (rc = lx_cli_grammar("cite", g, grammar, &po))) {
		lx_grammars_free(g);
		return rc;
	}
	lx_set *set;
	int status = lx_cli_load("cite", g, argv + optind, argc - optind, &po,
	                         false, &set);
	/* The statuses as of that date (lx_set_resolve gave today's). */
	if (as_of && lx_set_as_of(set, as_of) && status == LX_EXIT_OK) {
		fprintf(stderr, "lexcn cite: out of memory\n");
		status = LX_EXIT_INTERNAL;
	}
	char *to_doc = NULL, *to_eid = NULL;
	if (to) {
		to_doc = strdup(to);
		char *hash = to_doc ? strchr(to_doc, '#') : NULL;
		if (hash) {
			*hash = '\0';
			to_eid = hash + 1;
		}
		/* A title given: match the ids of its versions. */
		lx_doc *d = to_doc ? lx_set_find(set, to_doc) : NULL;
		if (d && strchr(to_doc, '@') == NULL) {
			const char *id = lx_doc_id(d);
			const char *at = strrchr(id, '@');
			size_t l = at ? (size_t)(at - id) : strlen(id);
			to_doc[0] = '\0';
			char *t = strndup(id, l);
			free(to_doc);
			to_doc = t;
			to_eid = NULL;
			if ((hash = strchr(to, '#')))
				to_eid = hash + 1;
		}
	}
	/* --to of a document or eid that is not among the inputs: an error,
	 * not "0 shown". */
	if (to_doc && status == LX_EXIT_OK) {
		bool doc_ok = false, eid_ok = !to_eid;
		lx_doc *const *all;
		size_t na = lx_set_docs(set, &all);
		lx_target t = {0};
		for (size_t i = 0; i < na && !(doc_ok && eid_ok); i++) {
			t.doc = lx_doc_id(all[i]);
			if (!points_at(&t, to_doc, NULL))
				continue;
			doc_ok = true;
			eid_ok = !to_eid || lx_doc_find(all[i], to_eid);
		}
		if (!doc_ok || !eid_ok) {
			if (!doc_ok)
				fprintf(stderr, "lexcn cite: --to %s: no document of "
				                "that id or title among the inputs\n",
				        to);
			else
				fprintf(stderr, "lexcn cite: --to %s: %s has no node "
				                "%s\n",
				        to, to_doc, to_eid);
			free(to_doc);
			lx_set_free(set);
			lx_grammars_free(g);
			return LX_EXIT_INPUT;
		}
	} else if (self && !to_doc) {
		fprintf(stderr, "lexcn cite: --self goes with --to DOC\n");
		free(to_doc);
		lx_set_free(set);
		lx_grammars_free(g);
		return LX_EXIT_USAGE;
	}
	const lx_cite **list = NULL; /* --format json: the citations shown */
	bool oom = false;
	later lat;
	if (later_init(&lat, set))
		oom = true;
	lx_doc *const *docs;
	size_t nd = lx_set_docs(set, &docs), shown = 0, total = 0,
	       resolved = 0;
	for (size_t i = 0; i < nd; i++) {
		size_t n = lx_doc_cite_count(docs[i]);
		for (size_t k = 0; k < n; k++) {
			const lx_cite *ci = lx_doc_cite(docs[i], k);
			total++;
			resolved += lx_cite_get_resolved(ci);
			if (unresolved && lx_cite_get_resolved(ci))
				continue;
			if (to_doc) {
				bool hit = false;
				size_t nt = lx_cite_target_count(ci);
				for (size_t q = 0; q < nt && !hit; q++)
					hit = points_at(lx_cite_target(ci, q), to_doc,
					                to_eid);
				if (!hit)
					continue;
				/* --to DOC: who else cites it */
				lx_target from = {.doc = lx_cite_get_doc(ci)};
				if (!to_eid && !self && from.doc &&
				    points_at(&from, to_doc, NULL))
					continue;
			}
			shown++;
			if (json) {
				const lx_cite **nl =
					oom ? NULL : realloc(list, shown * sizeof(*list));
				if (nl) {
					list = nl;
					list[shown - 1] = ci;
				}
				oom = !nl;
				continue;
			}
			printf("%s#%s \"%s\" %s/%s", lx_cite_get_doc(ci),
			       lx_cite_get_from(ci), lx_cite_get_text(ci),
			       lx_cite_kind_name(lx_cite_get_kind(ci)),
			       lx_cite_relation_name(lx_cite_get_relation(ci)));
			size_t nt = lx_cite_target_count(ci);
			if (nt) {
				fputs(" ->", stdout);
				for (size_t q = 0; q < nt; q++) {
					const lx_target *t = lx_cite_target(ci, q);
					printf(" %s%s%s", t->doc, t->eid ? "#" : "",
					       t->eid ? t->eid : "");
					const char *nid, *neid;
					if (!oom && follow_target(&lat, t, &nid, &neid)) {
						if (neid)
							printf(" (now %s#%s)", nid, neid);
						else
							printf(" (deleted in %s)", nid);
					}
				}
			}
			if (!lx_cite_get_resolved(ci))
				printf(" (unresolved: %s)", lx_cite_get_reason(ci));
			putchar('\n');
		}
	}
	if (json) {
		lx_error err;
		(void)err;
		if (oom || cites_json(&lat, list, shown)) {
			if (oom)
				fprintf(stderr, "lexcn cite: out of memory\n");
			status = LX_EXIT_INTERNAL;
		}
	} else {
		fprintf(stderr, "lexcn cite: %zu citations in %zu documents, "
		                "%zu resolved; %zu shown\n",
		        total, nd, resolved, shown);
	}
	if (lat.oom && status == LX_EXIT_OK) {
		fprintf(stderr, "lexcn cite: out of memory\n");
		status = LX_EXIT_INTERNAL;
	}
	later_free(&lat);
	free(list);
	free(to_doc);
	lx_set_free(set);
	lx_grammars_free(g);
	return status;
}
