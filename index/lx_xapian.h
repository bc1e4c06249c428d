/*
 * lx_xapian.h: a small C face over libxapian.  Only index/lx_xapian.cc
 * speaks C++; every function catches every exception and turns it into an
 * error code with a message kept in the handle (lx_xdb_error).  Handles are
 * opaque; strings returned are valid until the next call on the handle.
 */
#ifndef LX_XAPIAN_H
#define LX_XAPIAN_H

#include <stddef.h>

#include <lexcn/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Errors are the lx_code values of <lexcn/common.h>: LX_ERR_LOCKED
 * (another writer holds the lock), LX_ERR_DAMAGED, LX_ERR_NOT_FOUND (no
 * database there), LX_ERR_NOMEM, LX_ERR_CHANGED (a writer overwrote the
 * revision being read: lx_xdb_reopen, then read again), LX_ERR_INDEX (any
 * other Xapian error). */

typedef struct lx_xdb lx_xdb;

/* Opens an index: for writing, a directory of the segmented form (see
 * lx_xapian.cc), created when missing; for reading, that, or a stub file
 * or DIR/lexcn.stub listing shards (auto PATH, remote …), or a plain
 * Xapian database.  writable 2: the segments keep a termlist, now and in
 * every later run (Xapian's remote server needs one to send hits; kept
 * in the metadata "lexcn:termlist"); writable 3: a scratch writer, whose
 * work another merges (lexcn index's other writers, DIR.part-K, removed
 * by the next run when a crash leaves them): nothing of it is synced to
 * disk (Xapian's DB_NO_SYNC, no fsync of its text stores), since the
 * merge's output is.  Documents are never changed in place: replacing or
 * deleting one masks it, and every read skips masked documents. */
int lx_xdb_open(lx_xdb **out, const char *path, int writable);
/* The message of the last error on the handle (or of a failed open: the
 * handle is still returned and must be closed). */
const char *lx_xdb_error(const lx_xdb *db);
void lx_xdb_close(lx_xdb *db);

/* ---- writing ---- */

/* A document under construction. */
typedef struct lx_xdoc lx_xdoc;
lx_xdoc *lx_xdoc_new(void);
void lx_xdoc_free(lx_xdoc *d);
/* The term, at position pos (0: none), its wdf unchanged (the wdf counts
 * ranking occurrences, given by lx_xdoc_term_wdf).  A character, pair or
 * triple term (one beginning with C, B or T) takes a position only in an
 * index that keeps a termlist (shards): lx_xdb_add refuses it elsewhere. */
void lx_xdoc_term(lx_xdoc *d, const char *term, size_t len, unsigned pos);
/* The term, without position, its wdf raised by wdf (0: only there).  The
 * character, pair and triple terms (C, B, T) go to the segment's own
 * postings (postings.h) rather than to Xapian, except in an index that
 * keeps a termlist; lx_xq_term and lx_xdb_termfreq find them there. */
void lx_xdoc_term_wdf(lx_xdoc *d, const char *term, size_t len, unsigned wdf);
void lx_xdoc_boolean(lx_xdoc *d, const char *term);
void lx_xdoc_value(lx_xdoc *d, unsigned slot, const char *value);
void lx_xdoc_data(lx_xdoc *d, const char *data, size_t len);
/* The text to check queries in (the segment's text store, read back by
 * lx_xdb_text): a unit's text. */
void lx_xdoc_text(lx_xdoc *d, const char *text, size_t len);

/* Adds the document to the segment being written.  Documents are never
 * replaced in place: the caller masks the older ones of the same unit
 * first (lx_xdb_delete of their file term). */
int lx_xdb_add(lx_xdb *db, lx_xdoc *d);
/* Masks every document indexed by `term` (deleted for every read). */
int lx_xdb_delete(lx_xdb *db, const char *term);
int lx_xdb_commit(lx_xdb *db);
int lx_xdb_set_meta(lx_xdb *db, const char *key, const char *value);
/* Returns the value (empty when unset) or NULL on error. */
const char *lx_xdb_get_meta(lx_xdb *db, const char *key);
/* The values of a key in every index of a reader's view (the shards of a
 * stub), one after the other; a writer's own.  NULL on error. */
const char *lx_xdb_get_meta_all(lx_xdb *db, const char *key);
/* Calls fn for each metadata key with the prefix. */
int lx_xdb_meta_keys(lx_xdb *db, const char *prefix,
                     void (*fn)(void *ctx, const char *key), void *ctx);
/* Stored data that starts {"@":"KEY", is read joined with the metadata
 * "d:KEY" (members without braces, in the database of the document, or
 * the writer's): {"@":"KEY",REST becomes {FIELDS,REST.  Missing fields
 * are LX_ERR_DAMAGED.
 *
 * Calls fn with the stored data of every document indexed by `term`
 * (every document when term is NULL), in the order they were added; fn
 * stops the scan by returning nonzero, which is returned.  0, that, or a
 * (negative) code. */
int lx_xdb_each(lx_xdb *db, const char *term,
                int (*fn)(void *ctx, const char *data, size_t len), void *ctx);
/* Merges segments of the writer's index into one: all of them when
 * `all` or when `extra` (a NULL-terminated list of other writers'
 * directories, or NULL) is given, whose metadata and segments join this
 * index and which are removed after; else the newer segments when the
 * oldest holds ten times their documents, else all.  Masked documents
 * stay, masked.  Commits.  0 or a code. */
int lx_xdb_compact(lx_xdb *db, const char *const *extra, int all);
/* Number of masked documents (replaced or deleted, still stored). */
long lx_xdb_masked(lx_xdb *db);
/* Moves a reader to the newest revision (after LX_ERR_CHANGED). */
int lx_xdb_reopen(lx_xdb *db);
/* Removes a database directory (rm -rf, without a shell); 0 when it is
 * gone or never was, else a code. */
int lx_xdb_remove(const char *path);
/* Number of documents indexed by a term (masked ones not counted), or a
 * negative code. */
long lx_xdb_termfreq(lx_xdb *db, const char *term);
/* Number of documents, or a negative code. */
long lx_xdb_doccount(lx_xdb *db);

/* ---- querying ---- */

/* The most value slots one call counts or reads (facets, lx_xdb_values). */
#define LX_XDB_MAX_VALUES 4

/* A query tree, built bottom-up; nodes are owned by the handle until
 * lx_xdb_query_reset. */
typedef struct lx_xq lx_xq;
lx_xq *lx_xq_term(lx_xdb *db, const char *term);
lx_xq *lx_xq_phrase(lx_xdb *db, const char *const *terms, size_t n);
/* The documents indexed by any of the terms of `list` (a term a line):
 * the OR of them, as a list of documents computed once per view of the
 * handle and list (lexcn:superseded names hundreds of versions, whose OR
 * cost a millisecond in every search); the plain OR with a remote
 * shard. */
lx_xq *lx_xq_docs(lx_xdb *db, const char *list);
lx_xq *lx_xq_range(lx_xdb *db, unsigned slot, const char *lo, const char *hi);
enum { LX_XQ_AND, LX_XQ_OR, LX_XQ_AND_NOT, LX_XQ_FILTER, LX_XQ_NEAR,
       LX_XQ_AND_MAYBE };
lx_xq *lx_xq_combine(lx_xdb *db, int op, lx_xq *a, lx_xq *b, unsigned window);
lx_xq *lx_xq_all(lx_xdb *db);
void lx_xdb_query_reset(lx_xdb *db);

typedef struct lx_xhit {
	double score;
	const char *data; /* valid until the next search; "" with ids_only */
	size_t data_len;
	unsigned docid;   /* within the database opened */
} lx_xhit;

typedef struct lx_xresult {
	long count;          /* exact when exact was asked */
	lx_xhit *hits;
	size_t n_hits;
	/* facets: the counts of the value slots facet_slot (in their order),
	 * "value\tcount" lines in byte order, empty values not counted */
	const char *facets[LX_XDB_MAX_VALUES];
} lx_xresult;

/* How to run a query: first/limit page the hits; exact: count every
 * match; facet_slot[0 .. n_facets - 1]: the value slots to count over
 * every match (the count made exact);
 * sort_slot: order by that value slot (descending when sort_descending),
 * ties by relevance, or -1: by relevance. */
typedef struct lx_xsearch {
	size_t first, limit;
	int exact;
	unsigned facet_slot[LX_XDB_MAX_VALUES];
	int n_facets;
	int sort_slot, sort_descending;
	int ids_only; /* no stored data read */
	int raw;      /* stored data as stored: not joined (lx_xdb_joined) */
	int no_data;  /* weights and order as asked, no stored data read
	                 (lx_xdb_data reads a hit's) */
} lx_xsearch;

int lx_xdb_search(lx_xdb *db, lx_xq *q, const lx_xsearch *how,
                  lx_xresult *out);
/* Stored data read raw, joined with its document's members (see
 * lx_xdb_each): valid until the next call; NULL on error (*len set). */
const char *lx_xdb_joined(lx_xdb *db, const char *data, size_t *len);

/* Whether every database of the view that holds documents has a text
 * store (a segment written by this lexcn; not a remote shard, a plain
 * database, the segment a writer is writing): 1, 0 or a (negative)
 * code. */
int lx_xdb_has_texts(lx_xdb *db);
/* The text given to lx_xdoc_text of the document docid (of the view), in
 * its segment's text store, mapped: valid while the handle's view is
 * (until lx_xdb_reopen or a write), NUL-terminated.  0 with *text NULL
 * when the view has no store for it (lx_xdb_has_texts); LX_ERR_DAMAGED
 * when the store is. */
int lx_xdb_text(lx_xdb *db, unsigned docid, const char **text, size_t *len);
/* lx_xdb_text for threads: the view as it is (made current by a search
 * or an lx_xdb_text before, with no write since), nothing written to the
 * handle (LX_ERR_DAMAGED without a message: lx_xdb_text of the same
 * document gives it; LX_ERR_INDEX when the view is not current). */
int lx_xdb_text_at(const lx_xdb *db, unsigned docid, const char **text,
                   size_t *len);
/* A hint that lx_xdb_text of docid follows soon (its text is fetched
 * into the cache meanwhile); never fails. */
void lx_xdb_text_prefetch(lx_xdb *db, unsigned docid);
/* The stored data of document docid, joined unless raw (lx_xdb_joined):
 * valid until the next call; NULL on error. */
const char *lx_xdb_data(lx_xdb *db, unsigned docid, int raw, size_t *len);
/* The values of up to LX_XDB_MAX_VALUES slots of a document ("" where it
 * has none), valid until the next call: a facet's values without reading
 * and parsing the stored data. */
int lx_xdb_values(lx_xdb *db, unsigned docid, const unsigned *slots,
                  size_t n, const char **out);

/* Calls fn with every term that starts with prefix (its bytes and length:
 * not terminated), in byte order, across the shards; fn stops the scan by
 * returning nonzero, which is returned.  0, that, or a (negative) code. */
int lx_xdb_terms(lx_xdb *db, const char *prefix,
                 int (*fn)(void *ctx, const char *term, size_t len),
                 void *ctx);

#ifdef __cplusplus
}
#endif

#endif
