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
 *             at the position of the first when the pair is one of the
 *             index's positional pairs (lx_pairs), else without: a run of
 *             two characters is one term, a longer run the phrase of its
 *             overlapping pairs, so it matches only where the characters
 *             are contiguous, whatever the segmentation (which is only
 *             used for ranking); with a pair without positions, the AND
 *             of the pairs checked in the stored text;
 *   T<triple> three adjacent characters of one code point each, when the
 *             triple is one of the index's (lx_triples_load), without
 *             position: a run of three characters is that one term;
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
#include <stdint.h>
#include <stdio.h>

#include <lexcn/doc.h>
#include <lexcn/index.h>
#include <lexcn/tokenizer.h>
#include "lx_xapian.h"

/* The pairs stored with positions (format 2): only the pairs found in
 * many articles pay for their positions (a position list costs about 17
 * bytes whatever its length).  A run of text that uses another pair is
 * looked for by the AND of its pair terms (and phrases of its runs of
 * positional pairs), then checked in the stored text (lx_run_in), so
 * counts stay exact.  Decided at the first build of an index and stored
 * in its metadata (LX_IX_PAIRS_KEY), so that incremental runs agree: a
 * pair first seen later has no positions. */
typedef struct lx_pairs {
	bool all;      /* every pair has positions */
	char *buf;     /* the pairs, NUL-separated */
	const char **v; /* sorted */
	size_t n;
} lx_pairs;

#define LX_IX_FORMAT_KEY "lexcn:format"
/* 3: segments without termlist (lx_xapian.cc); 4: a unit's document
 * members stored once per file (lx_ix_fields_key), no unique id term;
 * 5: each segment's text store (lx_xdb_text), no positions but in an
 * index of shards; 6: value slot 6, the status (its facet); 7: a Chinese
 * word of one or two characters ranks by the wdf of its C or B term
 * (its occurrences as a word), no W term of its own (rank_term). */
#define LX_IX_FORMAT "8"
#define LX_IX_PAIRS_KEY "lexcn:pairs"
/* In an index of shards (lexcn index --shards: its shards may be served
 * remotely, where no text store is read), a pair found in more than this
 * many articles keeps its positions; other indexes keep none (format 5).
 * Measured on ../shared/corpus (positions table; p99 of make bench's
 * 1,000 queries on a loaded machine, every position: 5.8 ms): every pair
 * 177 MB; over 300 articles 116 MB, p99 6.2 ms; over 1,000 84 MB, p99
 * 11 ms (up to 1,000 articles checked in their text). */
#define LX_IX_PAIR_DF 300

/* Triples (T terms): a run of three characters found in more than
 * LX_IX_TRIPLE_DF articles is a term of its own (without position), each
 * of its characters one code point as normalised.  A literal of three
 * characters that is one is that one term, exact without a check in the
 * text, counted from its document count over all versions; a longer one
 * ANDs the triples it holds, and the pairs none of them holds, so fewer
 * candidates are checked.  Measured on ../shared/corpus (make bench's
 * 1,000 queries): the slowest were runs of three characters of thousands
 * of articles (民政府, 第二十: 20,000 candidates each checked in its
 * text, 10-15 ms).  The index of the corpus has 848 triples, 2.09 million
 * postings over its 110,927 units (xapian-delve).
 * Chosen at the first build (counted on a sample as it reads, as the pairs
 * of shards) and stored in the metadata (LX_IX_TRIPLES_KEY) for
 * incremental runs and readers; an index without the key has none. */
#define LX_IX_TRIPLES_KEY "lexcn:triples"
#define LX_IX_TRIPLE_DF 1000

/* Reads the pair set of db: LX_OK; LX_ERR_NOT_FOUND when db has none
 * (an empty database); LX_ERR_DAMAGED when db holds articles of another
 * format (the message in *why); or another code. */
int lx_pairs_load(lx_xdb *db, lx_pairs *out, const char **why);
/* Stores the set in db, with the format: "*" for every pair, else the
 * pairs a line each. */
int lx_pairs_store(lx_xdb *db, const char *list);
bool lx_pairs_has(const lx_pairs *ps, const char *pair, size_t len);
/* A set of triples: each three code points as one key, in an open
 * addressed table (looked up for every character of a build). */
typedef struct lx_triples {
	uint64_t *v; /* cap slots; 0 is empty */
	size_t cap, n;
} lx_triples;
/* The triple set of db (LX_IX_TRIPLES_KEY; empty when there is none) and
 * storing one (triples a line each). */
int lx_triples_load(lx_xdb *db, lx_triples *out);
int lx_triples_store(lx_xdb *db, const char *list);
/* Whether the UTF-8 string s (three code points) is one of t's. */
bool lx_triples_has(const lx_triples *t, const char *s, size_t len);
void lx_triples_free(lx_triples *t);
void lx_pairs_free(lx_pairs *ps);
/* The pairs found in more than min_df units of docs (estimated on a
 * sample of the units), a line each (malloc'd), or NULL when out of
 * memory. */
char *lx_pairs_choose(lx_tokenizer *tk, lx_doc *const *docs, size_t nd,
                      size_t min_df);
/* The same, one document at a time (lexcn index counts them as it reads
 * them the first time, holding none): a counter (of the triples, and of
 * the pairs too when `pairs`), the documents, then the lists of the pairs
 * (units 2) or the triples (units 3) found in more than min_df units
 * (NULL when out of memory), and the counter freed. */
typedef struct lx_pair_counter lx_pair_counter;
lx_pair_counter *lx_pairs_counter_new(bool pairs);
void lx_pairs_count(lx_pair_counter *pc, lx_tokenizer *tk, const lx_doc *d);
char *lx_pairs_counter_list(const lx_pair_counter *pc, int units,
                            size_t min_df);
void lx_pairs_counter_free(lx_pair_counter *pc);
/* Whether the normalised run `lit` (as lx_run_norm makes it) occurs in
 * text with the adjacency of the pair terms. */
bool lx_run_in(lx_tokenizer *tk, const char *text, size_t len,
               const char *lit, size_t ll);

/* Stores the pair set `list` (as lx_pairs_store) in ix and uses it; the
 * same for a triple set. */
int lx_ix_use_pairs(lx_index *ix, const char *list);
int lx_ix_use_triples(lx_index *ix, const char *list);

/* The public handle: a Xapian database, its pair set and the last
 * failure. */
struct lx_index {
	lx_xdb *db;
	lx_pairs pairs;
	lx_triples triples; /* the T terms (empty: none) */
	bool have_pairs; /* loaded (or stored by the first lx_index_add) */
	char msg[1024];
};

/* lx_index_open with the modes of lx_xdb_open (0 read, 1 write, 2 write
 * an index that keeps a termlist and every term in Xapian, as shards do;
 * 3 a scratch writer). */
int lx_ix_open(lx_index **out, const char *path, int mode, lx_error *err);

/* Records a failure of code rc on ix (its message: msg, or the database's
 * when msg is NULL) and in err; returns rc. */
int lx_ix_fail(lx_index *ix, lx_error *err, int rc, const char *msg);

/* lx_index_add, lx_index_remove and lx_index_mark_current on a database
 * (lx_xdb codes, messages in the database's handle). */
int lx_ix_add(lx_xdb *db, lx_tokenizer *tk, const lx_doc *d,
              const char *file, const char *hash, bool current,
              const lx_pairs *ps, const lx_triples *ts);
int lx_ix_remove(lx_xdb *db, const char *file);
int lx_ix_mark_current(lx_xdb *db);
/* The metadata key ("d:" and the hash of the path) of a file's document
 * members (doc, title, jurisdiction, type, status, effective, version,
 * work, file: a JSON object's members without its braces), which each of
 * its units' stored data {"@":"<hash>",...} stands for (joined by
 * lx_xapian.cc at read).  Cleared by lx_ix_remove. */
#define LX_IX_FIELDS_KEY_LEN 20
void lx_ix_fields_key(const char *file, char out[LX_IX_FIELDS_KEY_LEN]);
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
