/*
 * lexcn/graph.h: the citation graph of a set of documents (lexcn graph):
 * a node per document, or per article, and an edge per cited pair with
 * the number of citations and their relations.  Only links to documents
 * in the set are edges (unresolved references are not).
 */
#ifndef LEXCN_GRAPH_H
#define LEXCN_GRAPH_H

#include <stdio.h>

#include "cite.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lx_graph lx_graph;

/* Builds the graph of the resolved citations of set s (after
 * lx_set_resolve); articles: nodes are articles ("DOC#art_45"; a citation
 * from or to text outside articles counts for its document), else
 * documents.  Citations of a node to itself are left out.  Edges are in
 * the order their first citation stands in the set.  *out owned by the
 * caller (lx_graph_free); it borrows the set's documents: valid until
 * lx_set_free of s.  Returns LX_OK or LX_ERR_NOMEM (*out NULL). */
LX_EXTERN int lx_graph_new(lx_graph **out, const lx_set *s, bool articles,
                           lx_error *err);
/* NULL is harmless. */
LX_EXTERN void lx_graph_free(lx_graph *g);
/* The documents of the set, in its order (borrowed). */
LX_EXTERN size_t lx_graph_doc_count(const lx_graph *g);
LX_EXTERN const lx_doc *lx_graph_doc(const lx_graph *g, size_t i);
/* Edge i (< lx_graph_edge_count): its nodes (document ids, or
 * "DOC#art_N"; owned by g, valid until lx_graph_free), the number of
 * citations it stands for, and whether one of them has relation r. */
LX_EXTERN size_t lx_graph_edge_count(const lx_graph *g);
LX_EXTERN const char *lx_graph_edge_from(const lx_graph *g, size_t i);
LX_EXTERN const char *lx_graph_edge_to(const lx_graph *g, size_t i);
LX_EXTERN size_t lx_graph_edge_citations(const lx_graph *g, size_t i);
LX_EXTERN bool lx_graph_edge_has(const lx_graph *g, size_t i,
                                 lx_cite_relation r);

typedef enum { LX_GRAPH_DOT, LX_GRAPH_JSON } lx_graph_format;
/* Writes the graph: Graphviz DOT (labels: count and the relations other
 * than cites), or JSON {documents: [{id, title, jurisdiction}], edges:
 * [{from, to, count, relations}]} indented by one, with a newline.
 * LX_OK, LX_ERR_NOMEM, or LX_ERR_IO (the output cannot be written). */
LX_EXTERN int lx_graph_render(FILE *out, const lx_graph *g,
                              lx_graph_format fmt, lx_error *err);

#ifdef __cplusplus
}
#endif

#endif
