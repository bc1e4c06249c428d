/*
 * graph.c: the citation graph (lexcn/graph.h) as Graphviz DOT or JSON.
 */
#include <jansson.h>
#include <stdio.h>

#include "../parser/lx_int.h"
#include "render_int.h"
#include <lexcn/graph.h>

#define N_RELATIONS 4 /* lx_cite_relation: cites, basis, repeal, issues */

static void dot_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static int dot(FILE *out, const lx_graph *g)
{
	fputs("digraph citations {\n  rankdir=LR;\n  node [shape=box, "
	      "fontname=\"Noto Sans CJK SC\"];\n",
	      out);
	for (size_t i = 0; i < lx_graph_doc_count(g); i++) {
		const lx_doc *d = lx_graph_doc(g, i);
		fputs("  ", out);
		dot_str(out, lx_doc_id(d));
		fputs(" [label=", out);
		dot_str(out, lx_doc_title(d) ? lx_doc_title(d) : lx_doc_id(d));
		fputs("];\n", out);
	}
	for (size_t e = 0; e < lx_graph_edge_count(g); e++) {
		fputs("  ", out);
		dot_str(out, lx_graph_edge_from(g, e));
		fputs(" -> ", out);
		dot_str(out, lx_graph_edge_to(g, e));
		fprintf(out, " [label=\"%zu", lx_graph_edge_citations(g, e));
		for (unsigned r = 1; r < N_RELATIONS; r++)
			if (lx_graph_edge_has(g, e, (lx_cite_relation)r))
				fprintf(out, " %s",
				        lx_cite_relation_name((lx_cite_relation)r));
		fputs("\"];\n", out);
	}
	fputs("}\n", out);
	return ferror(out) ? LX_ERR_IO : LX_OK;
}

static json_t *graph_json(const lx_graph *g)
{
	json_t *o = json_object(), *nodes = json_array(), *ej = json_array();
	if (!o || !nodes || !ej) {
		json_decref(o);
		json_decref(nodes);
		json_decref(ej);
		return NULL;
	}
	for (size_t i = 0; i < lx_graph_doc_count(g); i++) {
		const lx_doc *d = lx_graph_doc(g, i);
		json_array_append_new(
			nodes, json_pack("{s:s,s:s?,s:s?}", "id", lx_doc_id(d),
		                         "title", lx_doc_title(d), "jurisdiction",
		                         lx_doc_jurisdiction(d)));
	}
	for (size_t e = 0; e < lx_graph_edge_count(g); e++) {
		json_t *rel = json_array();
		for (unsigned r = 0; r < N_RELATIONS; r++)
			if (lx_graph_edge_has(g, e, (lx_cite_relation)r))
				json_array_append_new(
					rel, json_string(lx_cite_relation_name(
						     (lx_cite_relation)r)));
		json_array_append_new(
			ej, json_pack("{s:s,s:s,s:I,s:o}", "from",
		                      lx_graph_edge_from(g, e), "to",
		                      lx_graph_edge_to(g, e), "count",
		                      (json_int_t)lx_graph_edge_citations(g, e),
		                      "relations", rel));
	}
	json_object_set_new(o, "documents", nodes);
	json_object_set_new(o, "edges", ej);
	return o;
}

int lx_graph_render(FILE *out, const lx_graph *g, lx_graph_format fmt,
                    lx_error *err)
{
	int rc;
	if (fmt == LX_GRAPH_DOT) {
		rc = dot(out, g);
	} else {
		json_t *o = graph_json(g);
		rc = o ? lx_json_write(out, o, JSON_INDENT(1)) : LX_ERR_NOMEM;
	}
	if (rc)
		return lx_error_set(err, rc, "%s",
		                    rc == LX_ERR_NOMEM ? "out of memory"
		                                       : "cannot write the output");
	return LX_OK;
}
