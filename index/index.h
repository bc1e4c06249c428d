/*
 * index.h: the article index: documents in, searches out.  Built on the C
 * face of Xapian (lx_xapian.h); the terms, the query language and the
 * snippets are decided here, in C.
 *
 * Unit: the article (a policy measure too).  Terms:
 *   C<char>   every non-space character of the article text, normalised
 *             (NFKC, case folding, Traditional -> Simplified), without
 *             position: a query of one character;
 *   B<pair>   every two adjacent characters (whitespace breaks adjacency),
 *             at the position of the first: a run of two characters is
 *             one term, a longer run the phrase of its overlapping pairs,
 *             so it matches only where the characters are contiguous,
 *             whatever the segmentation (which is only used for ranking);
 *   W<word>   the tokenizer's words (normal forms), for BM25 ranking;
 *   boolean   XJ jurisdiction, XT type, XS status, XD document id, XK
 *             title key, XC current version, F file, Q unique id.
 * Values: 0 effective date, 1 version date (YYYYMMDD), 2 jurisdiction,
 * 3 type, 4 article number (sortable).
 */
#ifndef LX_INDEX_H
#define LX_INDEX_H

#include <stdbool.h>
#include <stdio.h>

#include <lexcn/doc.h>
#include <lexcn/tokenizer.h>
#include "lx_xapian.h"

#define LX_MAX_QUERY_BYTES (16 * 1024)

/* Adds the articles of a document, and its text outside articles
 * (preamble, closing words, loose paragraphs: one unit each), read from
 * `file` with content hash
 * `hash`), replacing what the file had before; `current` marks them as the
 * current version of their law (lx_index_mark_current has the last word,
 * and rewrites only the articles it finds wrong). */
int lx_index_add(lx_xdb *db, lx_tokenizer *tk, const lx_doc *d,
                 const char *file, const char *hash, bool current);
/* newest[i]: docs[i] is the newest version of its law among docs (the
 * latest version date, then the greatest id). */
int lx_index_newest(lx_doc *const *docs, size_t n, bool *newest);
/* The metadata key that records a file's content hash (malloc'd). */
char *lx_index_file_key(const char *file);
/* Removes the articles of a file. */
int lx_index_remove(lx_xdb *db, const char *file);
/* Recomputes which version of each law is the current one (XC). */
int lx_index_mark_current(lx_xdb *db, lx_tokenizer *tk);
/* 64-bit content hash of a buffer, as 16 hex digits. */
void lx_index_hash(const char *buf, size_t len, char out[17]);

/* The order of hits: by relevance, or by a date (newest first; unknown
 * dates last) or the article number (ascending), ties by relevance. */
typedef enum {
	LX_SORT_RELEVANCE,
	LX_SORT_EFFECTIVE,
	LX_SORT_ISSUED,
	LX_SORT_ARTICLE
} lx_sort;

typedef struct lx_search_opts {
	size_t limit, offset;
	bool all_versions;
	bool exact_count;
	bool facets;
	int within; /* 0, 'p' paragraph, 's' sentence */
	lx_sort sort;
} lx_search_opts;

typedef struct lx_span_hl {
	size_t start, end; /* bytes in the hit's text */
} lx_span_hl;

#define LX_LABEL_MARK '\x01'

typedef struct lx_search_hit {
	double score;
	const char *json;  /* the stored article: doc, title, eid, text... */
	size_t json_len;
} lx_search_hit;

typedef struct lx_search_result {
	long count;
	lx_search_hit *hits;
	size_t n_hits;
	const char *facets[2]; /* jurisdiction, type: "value\tcount\n"... */
	/* the literal runs of the query, normalised, for highlighting; an
	 * article label also as LX_LABEL_MARK + its form with Arabic digits
	 * (第28条), which highlights the labels of that number */
	char **literals;
	size_t n_literals;
} lx_search_result;

/* Parses and runs a query (the language of `lexcn search --help`).
 * Returns 0; LX_ERR_USAGE with a one-line message in err for a bad query;
 * an LX_XDB_ code for an index error.  On error *res holds nothing (freeing
 * it is harmless). */
int lx_search(lx_xdb *db, lx_tokenizer *tk, const char *query,
              const lx_search_opts *o, lx_search_result *res, lx_error *err);
void lx_search_result_free(lx_search_result *r);

/* Where the literals occur in text (normalised comparison): byte spans,
 * malloc'd, sorted, merged. */
size_t lx_highlights(lx_tokenizer *tk, const char *text, size_t len,
                     char *const *literals, size_t n, lx_span_hl **out);

/* A snippet of about 80 characters around the first match of the
 * literals, newlines as spaces, "…" where cut (malloc'd); *ranges are the
 * highlights in it, as byte ranges (malloc'd). */
char *lx_snippet(lx_tokenizer *tk, const char *text, char *const *lits,
                 size_t nl, lx_span_hl **ranges, size_t *n_ranges);

#endif
