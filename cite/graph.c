/*
 * graph.c: the citation graph of a set of documents: a node per document
 * (or per article), an edge per cited pair with the number of citations
 * and their relations.  Built in O(c log c) for c resolved targets: every
 * (from, to) pair is collected, sorted and merged, and the edges keep the
 * order in which their first citation stands.
 */
#include <stdlib.h>
#include <string.h>

#include "cite_int.h"
#include <lexcn/graph.h>

typedef struct pair {
	char *from, *to;
	size_t seq;         /* order of appearance (of the first, merged) */
	size_t count;       /* citations, once merged */
	unsigned relations; /* one relation, then the bit set of them */
} pair;

struct lx_graph {
	lx_doc *const *docs; /* the set's, borrowed */
	size_t n_docs;
	pair *edges;
	size_t n;
};

/* The article part of an eid: art_45__para_1 -> art_45; NULL otherwise. */
static char *article_of(const char *eid)
{
	if (!eid || strncmp(eid, "art_", 4))
		return NULL;
	const char *e = strstr(eid, "__");
	return e ? strndup(eid, (size_t)(e - eid)) : strdup(eid);
}

/* A node's id: the document, or document#article; NULL on no memory. */
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

static int by_pair(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	int c = strcmp(x->from, y->from);
	if (!c)
		c = strcmp(x->to, y->to);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int by_seq(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void free_pairs(pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].from);
		free(p[i].to);
	}
	free(p);
}

int lx_graph_new(lx_graph **out, const lx_set *s, bool articles,
                 lx_error *err)
{
	*out = NULL;
	lx_graph *g = calloc(1, sizeof(*g));
	if (!g)
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	g->n_docs = lx_set_docs(s, &g->docs);
	lx_vec v = {0};
	size_t seq = 0;
	bool oom = false;
	for (size_t i = 0; i < g->n_docs && !oom; i++) {
		const lx_doc *d = g->docs[i];
		for (size_t k = 0; k < d->cites.n && !oom; k++) {
			const lx_cite *c = &LX_VEC_AT(&d->cites, lx_cite, k);
			for (size_t t = 0; t < c->n_targets && !oom; t++) {
				char *from = node_id(c->doc, c->from, articles);
				char *to = node_id(c->targets[t].doc,
				                   c->targets[t].eid, articles);
				if (!from || !to || !strcmp(from, to)) {
					oom = !from || !to;
					free(from);
					free(to);
					continue;
				}
				pair *p = lx_vec_push(&v, sizeof(pair));
				if (!p) {
					oom = true;
					free(from);
					free(to);
					continue;
				}
				*p = (pair){from, to, seq++, 1, 1u << c->relation};
			}
		}
	}
	pair *ps = v.v;
	if (oom) {
		free_pairs(ps, v.n);
		free(g);
		return lx_error_set(err, LX_ERR_NOMEM, "out of memory");
	}
	/* Runs of one (from, to), merged into their first pair; then the
	 * edges in the order their first citations stand. */
	size_t n = 0;
	if (v.n)
		qsort(ps, v.n, sizeof(pair), by_pair);
	for (size_t i = 0; i < v.n; i++) {
		if (n && !strcmp(ps[n - 1].from, ps[i].from) &&
		    !strcmp(ps[n - 1].to, ps[i].to)) {
			ps[n - 1].count++;
			ps[n - 1].relations |= ps[i].relations;
			free(ps[i].from);
			free(ps[i].to);
		} else {
			ps[n++] = ps[i];
		}
	}
	if (n)
		qsort(ps, n, sizeof(pair), by_seq);
	g->edges = ps;
	g->n = n;
	*out = g;
	return LX_OK;
}

void lx_graph_free(lx_graph *g)
{
	if (!g)
		return;
	free_pairs(g->edges, g->n);
	free(g);
}

size_t lx_graph_doc_count(const lx_graph *g) { return g->n_docs; }
const lx_doc *lx_graph_doc(const lx_graph *g, size_t i) { return g->docs[i]; }
size_t lx_graph_edge_count(const lx_graph *g) { return g->n; }
const char *lx_graph_edge_from(const lx_graph *g, size_t i) { return g->edges[i].from; }
const char *lx_graph_edge_to(const lx_graph *g, size_t i) { return g->edges[i].to; }
size_t lx_graph_edge_citations(const lx_graph *g, size_t i) { return g->edges[i].count; }

bool lx_graph_edge_has(const lx_graph *g, size_t i, lx_cite_relation r)
{
	return (unsigned)r < 32 && (g->edges[i].relations & (1u << r));
}
