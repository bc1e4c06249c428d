/*
 * diff_int.h: the bodies of the diff and its records (opaque in
 * lexcn/diff.h), shared by diff/'s files; and what diff/ shares with the
 * modules above it (compare/): character bigrams of a text and an
 * inverted index of them.  Private to the library.
 */
#ifndef LX_DIFF_INT_H
#define LX_DIFF_INT_H

#include <stdint.h>

#include <lexcn/diff.h>

struct lx_inline {
	char op; /* '=', '-', '+' (lx_inline_op) */
	char *text;
};

struct lx_change {
	lx_diff_op op;
	bool moved;
	const lx_node **old_nodes, **new_nodes;
	size_t n_old, n_new;
	double similarity;
	lx_inline *inl; /* for modified: old text -> new text */
	size_t n_inl;
};

struct lx_meta_change {
	const char *field;
	const char *old_value, *new_value;
};

/* Paired containers whose heading and number stayed: found, then not
 * reported (one past the ops of lx_heading_op). */
#define LX_HEADING_UNCHANGED ((lx_heading_op)(LX_HEADING_DELETED + 1))

struct lx_heading_change {
	lx_heading_op op;
	const lx_node *old_node, *new_node;
};

struct lx_diff {
	lx_change *changes;
	size_t n;
	size_t counts[7]; /* per op */
	size_t moved;
	lx_meta_change *meta;
	size_t n_meta;
	lx_heading_change *headings;
	size_t n_headings;
	const lx_doc *old_doc, *new_doc;
};

/* The text's code points without whitespace, and its sorted unique
 * character bigrams (a one-character text: that character); malloc'd
 * (free both, even on failure).  False when out of memory. */
bool lx_text_bigrams(const char *text, int32_t **cp, size_t *ncp,
                     uint64_t **bg, size_t *nbg);

/* An inverted index of character bigrams: which articles hold each (and
 * where in their arrays), for alignment by shared bigrams.  Add the
 * articles' sorted bigram arrays, sort once, then find. */
typedef struct lx_posting {
	uint64_t bg;
	uint32_t art, at; /* article number as added; index in its array */
} lx_posting;

typedef struct lx_postings {
	lx_posting *p;
	size_t n, cap;
} lx_postings;

bool lx_postings_add(lx_postings *px, const uint64_t *bg, size_t nbg,
                     size_t id);
void lx_postings_sort(lx_postings *px);
/* The postings of bg are px->p[return .. *end). */
size_t lx_postings_find(const lx_postings *px, uint64_t bg, size_t *end);
void lx_postings_free(lx_postings *px);

#endif
