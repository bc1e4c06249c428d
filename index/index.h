/*
 * index.h: the article index, private side: what index.c, build.c and
 * the tests share beyond <lexcn/index.h>.  Built on the C face of Xapian
 * (lx_xapian.h); the terms, the query language and the snippets are
 * decided here, in C.
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
 *   boolean   XJ jurisdiction, XW the jurisdiction and each division
 *             containing it (in:), XT type, XS status, XD document
 *             id, XK title key, F file, Q unique id.
 * Values: 0 effective date, 1 version date (YYYYMMDD), 2 jurisdiction,
 * 3 type, 4 article number (sortable), 5 the start of the version.
 * Which version is current, and when each ends, is metadata
 * (LX_IX_SUPERSEDED_KEY, LX_IX_UNTIL_KEY): documents are never changed
 * once written.
 */
#ifndef LX_INDEX_INT_H
#define LX_INDEX_INT_H

#include <stdbool.h>
#include <stdio.h>

#include <lexcn/doc.h>
#include <lexcn/index.h>
#include <lexcn/tokenizer.h>
#include "lx_xapian.h"

/* The public handle: a Xapian database and the last failure. */
struct lx_index {
	lx_xdb *db;
	char msg[1024];
};

/* Records a failure of code rc on ix (its message: msg, or the database's
 * when msg is NULL) and in err; returns rc. */
int lx_ix_fail(lx_index *ix, lx_error *err, int rc, const char *msg);

/* lx_index_add, lx_index_remove and lx_index_mark_current on a database
 * (lx_xdb codes, messages in the database's handle). */
int lx_ix_add(lx_xdb *db, lx_tokenizer *tk, const lx_doc *d,
              const char *file, const char *hash, bool current);
int lx_ix_remove(lx_xdb *db, const char *file);
int lx_ix_mark_current(lx_xdb *db);
/* The metadata key that records a file's content hash (malloc'd). */
char *lx_index_file_key(const char *file);
/* 64-bit content hash of a buffer, as 16 hex digits. */
void lx_index_hash(const char *buf, size_t len, char out[17]);
/* The end of the last version of a law: in force for ever after. */
#define LX_IX_FOREVER "99999999"
/* Metadata of lx_ix_mark_current: the versions that are not the current
 * one of their law ("XD<id>" lines), and the end of each version that has
 * a next one ("YYYYMMDD\tXD<id>" lines: not in force from that date). */
#define LX_IX_SUPERSEDED_KEY "lexcn:superseded"
#define LX_IX_UNTIL_KEY "lexcn:until"

#define LX_LABEL_MARK '\x01'

/* Where the literals occur in text (normalised comparison): byte spans,
 * malloc'd, sorted, merged.  A literal LX_LABEL_MARK + a label form
 * (第28条) stands for the labels of that number in any numerals. */
size_t lx_highlights(lx_tokenizer *tk, const char *text, size_t len,
                     char *const *literals, size_t n, lx_span_hl **out);

/* A snippet of about 80 characters around the first match of the
 * literals, newlines as spaces, "…" where cut (malloc'd); *ranges are the
 * highlights in it, as byte ranges (malloc'd). */
char *lx_snippet(lx_tokenizer *tk, const char *text, char *const *lits,
                 size_t nl, lx_span_hl **ranges, size_t *n_ranges);

#endif
