/*
 * cmd_graph.c: `lexcn graph`: the citation graph of the documents given
 * together, between documents or (--articles) between articles, as
 * Graphviz DOT or JSON.
 */
#include <getopt.h>
#include <jansson.h>
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

typedef struct edge {
	char *from, *to;
	size_t count;
	unsigned relations; /* bit per relation */
} edge;

#define N_RELATIONS 4 /* lx_cite_relation: cites, basis, repeal, issues */

/* The article part of an eid: art_45__para_1 -> art_45; NULL otherwise. */
static char *article_of(const char *eid)
{
	if (!eid || strncmp(eid, "art_", 4))
		return NULL;
	const char *e = strstr(eid, "__");
	return e ? strndup(eid, (size_t)(e - eid)) : strdup(eid);
}

static char *node_id(const char *doc, const char *eid, bool articles)
{
	char *art = articles ? article_of(eid) : NULL;
	char *r = NULL;
	if (art) {
		if (asprintf(&r, "%s#%s", doc, art) < 0)
			r = NULL;
	} else {
		r = strdup(doc);
	}
	free(art);
	return r;
}

static void dot_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
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
	lx_doc *const *docs;
	size_t nd = lx_set_docs(set, &docs), ne = 0, cap = 0;
	edge *edges = NULL;
	for (size_t i = 0; i < nd; i++) {
		size_t n = lx_doc_cite_count(docs[i]);
		for (size_t k = 0; k < n; k++) {
			const lx_cite *ci = lx_doc_cite(docs[i], k);
			for (size_t q = 0; q < lx_cite_target_count(ci); q++) {
				const lx_target *t = lx_cite_target(ci, q);
				char *from = node_id(lx_cite_get_doc(ci),
				                     lx_cite_get_from(ci), articles);
				char *to = node_id(t->doc, t->eid, articles);
				if (!from || !to || !strcmp(from, to)) {
					free(from);
					free(to);
					continue;
				}
				size_t e = 0;
				while (e < ne && (strcmp(edges[e].from, from) ||
				                  strcmp(edges[e].to, to)))
					e++;
				if (e == ne) {
					if (ne == cap) {
						cap = cap ? cap * 2 : 64;
						edge *nv = realloc(
							edges, cap * sizeof(edge));
						if (!nv) {
							status = LX_EXIT_INTERNAL;
							free(from);
							free(to);
							goto out;
						}
						edges = nv;
					}
					edges[ne++] = (edge){from, to, 0, 0};
				} else {
					free(from);
					free(to);
				}
				edges[e].count++;
				edges[e].relations |= 1u << lx_cite_get_relation(ci);
			}
		}
	}
	if (json) {
		json_t *o = json_object(), *nodes = json_array(),
		       *ej = json_array();
		for (size_t i = 0; i < nd; i++)
			json_array_append_new(
				nodes, json_pack("{s:s,s:s?,s:s?}", "id",
			                         lx_doc_id(docs[i]), "title",
			                         lx_doc_title(docs[i]),
			                         "jurisdiction",
			                         lx_doc_jurisdiction(docs[i])));
		for (size_t e = 0; e < ne; e++) {
			json_t *rel = json_array();
			for (unsigned r = 0; r < N_RELATIONS; r++)
				if (edges[e].relations & (1u << r))
					json_array_append_new(
						rel, json_string(lx_cite_relation_name(r)));
			json_array_append_new(
				ej, json_pack("{s:s,s:s,s:I,s:o}", "from",
			                      edges[e].from, "to", edges[e].to,
			                      "count", (json_int_t)edges[e].count,
			                      "relations", rel));
		}
		json_object_set_new(o, "documents", nodes);
		json_object_set_new(o, "edges", ej);
		if (lx_cli_json_write(stdout, o, JSON_INDENT(1)))
			status = LX_EXIT_INTERNAL;
	} else {
		puts("digraph citations {\n  rankdir=LR;\n  node [shape=box, "
		     "fontname=\"Noto Sans CJK SC\"];");
		for (size_t i = 0; i < nd; i++) {
			fputs("  ", stdout);
			dot_str(lx_doc_id(docs[i]));
			fputs(" [label=", stdout);
			dot_str(lx_doc_title(docs[i]) ? lx_doc_title(docs[i])
			                              : lx_doc_id(docs[i]));
			puts("];");
		}
		for (size_t e = 0; e < ne; e++) {
			fputs("  ", stdout);
			dot_str(edges[e].from);
			fputs(" -> ", stdout);
			dot_str(edges[e].to);
			printf(" [label=\"%zu", edges[e].count);
			for (unsigned r = 1; r < N_RELATIONS; r++)
				if (edges[e].relations & (1u << r))
					printf(" %s", lx_cite_relation_name(r));
			puts("\"];");
		}
		puts("}");
	}
out:
	for (size_t e = 0; e < ne; e++) {
		free(edges[e].from);
		free(edges[e].to);
	}
	free(edges);
	if (fflush(stdout) && status == LX_EXIT_OK)
		status = LX_EXIT_INTERNAL;
	lx_set_free(set);
	lx_grammars_free(g);
	return status;
}
