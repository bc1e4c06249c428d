/*
 * diff_int.h: what diff/ shares with the modules above it (compare/):
 * character bigrams of a text and an inverted index of them.  Private to
 * the library.
 */
#ifndef LX_DIFF_INT_H
#define LX_DIFF_INT_H

#include <stdint.h>

#include <lexcn/diff.h>

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
